/**
 * Throughput of the model-checked loop at size n: a tree prefilled to n entries and a model
 * holding the same entries both run the same random commands (store of a random short range, or
 * erase at a random index, 50/50, over the index space [0, 10n) of the slot layout), and every
 * command's two results are compared. Reported in commands per second, two ways:
 * - "compared": results compared after every command, no structural check;
 * - "checked every K": the same, plus the property tests' full agreement check (checkAgreement
 *   from properties/maple/system.ts: mt_validate, the whole entry list of tree vs model, and the
 *   maple state vs the model cursor) after every K commands. checkAgreement is O(n), so K = 1
 *   (exactly what the property loop does) is only feasible for small n; the caller picks K and
 *   prints it.
 *
 * Invariants: the command stream comes from the given Prng only; the model and tree start equal
 * (checked with checkAgreement before the clock starts) and end equal (the checked run ends on a
 * checkAgreement); a disagreement throws instead of being timed. Each run stops at its budget,
 * read after every command ("compared") or after every block of K commands ("checked", at least
 * one block), and the count of commands timed is reported with the rate.
 */
import { MA_STATE, mtree_erase, mtree_store_range, type MapleTree } from '../impl/maple/index.js';
import { emptyEdges } from '../properties/maple/edges.js';
import { ModelCursor } from '../model/index.js';
import { DisagreementError, checkAgreement, type MapleModel, type MapleReal } from '../properties/maple/system.js';
import type { Prng } from './prng.js';
import { modelWithSlots } from './slots.js';
import type { Span } from './throughput.js';

export interface CheckedLoopOptions {
  /** Milliseconds for each of the two runs. */
  budgetMs: number;
  /** K: full agreement check after every K commands in the second run. */
  checkEvery: number;
}

export interface CheckedLoopResult {
  n: number;
  compared: Span;
  checkEvery: number;
  checked: Span & { checks: number };
  /** Entries held at the end (the commands keep it near n). */
  sizeAfter: number;
}

/** Values stored by the loop; distinct from the slot values 1..n and from each other. */
const VALUE_BASE = 2 ** 40;

/** K for size n: every command up to 10^4 entries, else every n/1000 commands. */
export function defaultCheckEvery(n: number): number {
  return n <= 10_000 ? 1 : Math.ceil(n / 1000);
}

class CommandStream {
  private serial = 0;
  constructor(
    private readonly rng: Prng,
    private readonly space: number,
  ) {}

  /** One random command on both systems; throws if their results differ. */
  step(model: MapleModel, real: MapleReal): void {
    const rng = this.rng;
    if ((rng.u32() & 1) === 0) {
      const first = rng.int(this.space);
      const last = first + rng.int(10);
      const value = VALUE_BASE + this.serial++;
      const got = mtree_store_range(real.tree, first, last, value);
      const want = model.map.storeRange(first, last, value);
      if (got !== want) throw new DisagreementError(`store [${first}, ${last}]: tree ${got}, model ${want}`);
    } else {
      const index = rng.int(this.space);
      const got = mtree_erase(real.tree, index);
      const want = model.map.erase(index);
      if (!Object.is(got, want)) throw new DisagreementError(`erase ${index}: tree ${String(got)}, model ${String(want)}`);
    }
  }
}

/**
 * Runs the checked loop on `tree`, which must hold exactly `slots` (ascending) in the slot layout
 * and nothing else; it is changed by the commands. Returns the figures and both systems.
 */
export function checkedLoop(
  tree: MapleTree,
  slots: Uint32Array,
  n: number,
  rng: Prng,
  options: CheckedLoopOptions,
): { result: CheckedLoopResult; model: MapleModel; real: MapleReal } {
  const map = modelWithSlots(slots);
  const model: MapleModel = { map, cursor: new ModelCursor(map), figures: null, edges: emptyEdges() };
  const real: MapleReal = { tree, mas: MA_STATE(tree) };
  checkAgreement(model, real); // equal before the clock starts
  const stream = new CommandStream(rng, 10 * n);

  let compared = 0;
  let t0 = performance.now();
  let deadline = t0 + options.budgetMs;
  do {
    stream.step(model, real);
    compared++;
  } while (performance.now() < deadline);
  const comparedMs = performance.now() - t0;

  const k = Math.max(1, Math.floor(options.checkEvery));
  let checkedCmds = 0;
  let checks = 0;
  t0 = performance.now();
  deadline = t0 + options.budgetMs;
  do {
    for (let i = 0; i < k; i++) stream.step(model, real);
    checkedCmds += k;
    checkAgreement(model, real);
    checks++;
  } while (performance.now() < deadline);
  const checkedMs = performance.now() - t0;

  return {
    result: {
      n,
      compared: { ops: compared, ms: comparedMs },
      checkEvery: k,
      checked: { ops: checkedCmds, ms: checkedMs, checks },
      sizeAfter: map.size,
    },
    model,
    real,
  };
}
