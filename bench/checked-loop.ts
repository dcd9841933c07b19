/**
 * The cost of checking at size n: the same kind of random commands (store of a short range, or
 * erase at a random index, 50/50, over the index space [0, 10n) of the slot layout) run three ways
 * on a maple tree that starts with the n slots, each for a time budget, in commands per second:
 * - raw: the tree alone (mtree_store_range / mtree_erase, nothing else on the timed path);
 * - compared: the tree and the model (model/IntervalMap) both run every command and their results
 *   are compared after every command;
 * - checked every K: the same, plus the property tests' full agreement check (checkAgreement from
 *   properties/maple/system.ts: mt_validate, the whole entry list of tree vs model, and the maple
 *   state vs the model cursor) after every K commands. checkAgreement is O(n), so K = 1 (exactly
 *   what the property loop does) is only affordable for small n; the caller picks K and prints it.
 * The ratios compared/raw and checked/raw are "model-checked throughput as a share of raw".
 *
 * Invariants: each run's commands come from its own Prng stream; the raw run's results are
 * recorded (one typed-array store per command) and, after its clock stopped, checked one by one
 * against the same commands replayed on an independent range map (sorted-btree, itself checked
 * against the model in range-map/range-maps.test.ts) holding the same n slots, and the final
 * contents of both are compared; the model then starts from the tree's contents, checked equal
 * with checkAgreement before the clock starts, and the checked run ends on a checkAgreement; a
 * disagreement throws instead of being timed. Each run stops at its budget (the clock is read
 * after every command, or after every block of K commands), and the count of commands timed is
 * reported with the rate.
 */
import { MA_STATE, mtree_erase, mtree_store_range, type MapleTree } from '../impl/maple/index.js';
import { ModelCursor } from '../model/index.js';
import { emptyEdges } from '../properties/maple/edges.js';
import { DisagreementError, checkAgreement, type MapleModel, type MapleReal } from '../properties/maple/system.js';
import { prngFor, type Prng } from './prng.js';
import { BTreeRangeMap } from './range-map/btree-range-map.js';
import { modelHolding } from './range-map/model-range-map.js';
import { assertHolds, type RangeMap } from './range-map/range-map.js';
import { MAPLE } from './range-map/structures.js';
import { MapleRangeMap } from './range-map/maple-range-map.js';
import type { Span } from './range-cell.js';
import { RangeList, firstSlotsSource } from './slots.js';

export interface CheckingOptions {
  /** Milliseconds for each of the three runs. */
  budgetMs: number;
  /** K: full agreement check after every K commands in the checked run. */
  checkEvery: number;
}

export interface CheckingResult {
  n: number;
  raw: Span;
  compared: Span;
  checkEvery: number;
  checked: Span & { checks: number };
  /** Entries held at the end (the commands keep it near n). */
  sizeAfter: number;
}

/** Values stored by the commands; distinct from the slot values 1..n and from each other. */
const VALUE_BASE = 2 ** 40;
/** How a raw run records an erase that found nothing (values are >= VALUE_BASE or slot values). */
const NOTHING = -1;

/** K for size n: every command up to 10^4 entries, else every n/1000 commands. */
export function defaultCheckEvery(n: number): number {
  return n <= 10_000 ? 1 : Math.ceil(n / 1000);
}

/** The random commands: draw() picks the next one into the fields. */
class CommandStream {
  isStore = false;
  first = 0;
  last = 0;
  value = 0;
  private serial = 0;
  constructor(
    private readonly rng: Prng,
    private readonly space: number,
  ) {}

  draw(): void {
    const rng = this.rng;
    this.isStore = (rng.u32() & 1) === 0;
    this.first = rng.int(this.space);
    if (this.isStore) {
      this.last = this.first + rng.int(10);
      this.value = VALUE_BASE + this.serial++;
    }
  }
}

function numeric(v: unknown): number {
  return v === null ? NOTHING : (v as number);
}

/** Runs the stream's commands on the tree alone for the budget; records every result. */
function rawRun(tree: MapleTree, stream: CommandStream, budgetMs: number): { span: Span; results: Float64Array } {
  let results = new Float64Array(1 << 16);
  let count = 0;
  const t0 = performance.now();
  const deadline = t0 + budgetMs;
  do {
    if (count === results.length) {
      const grown = new Float64Array(2 * results.length);
      grown.set(results);
      results = grown;
    }
    stream.draw();
    results[count++] = stream.isStore
      ? mtree_store_range(tree, stream.first, stream.last, stream.value)
      : numeric(mtree_erase(tree, stream.first));
  } while (performance.now() < deadline);
  return { span: { ops: count, ms: performance.now() - t0 }, results: results.subarray(0, count) };
}

/** Replays `count` commands of the stream on `map` and throws at the first result unlike `want`. */
function replayAndCompare(map: RangeMap, stream: CommandStream, want: Float64Array): void {
  for (let i = 0; i < want.length; i++) {
    stream.draw();
    const got = stream.isStore ? map.storeRange(stream.first, stream.last, stream.value) : numeric(map.erase(stream.first));
    if (got !== want[i]) {
      const what = stream.isStore ? `store [${stream.first}, ${stream.last}]` : `erase ${stream.first}`;
      throw new DisagreementError(`raw run, command ${i} (${what}): the tree returned ${want[i]}, ${map.name} ${got}`);
    }
  }
}

function contentsOf(map: RangeMap): RangeList {
  const list = new RangeList();
  map.forEach((first, last, entry) => list.push(first, last, entry as number));
  return list;
}

/** One command on tree and model; throws if their results differ. */
function comparedStep(stream: CommandStream, model: MapleModel, real: MapleReal): void {
  stream.draw();
  if (stream.isStore) {
    const got = mtree_store_range(real.tree, stream.first, stream.last, stream.value);
    const want = model.map.storeRange(stream.first, stream.last, stream.value);
    if (got !== want) throw new DisagreementError(`store [${stream.first}, ${stream.last}]: tree ${got}, model ${want}`);
  } else {
    const got = mtree_erase(real.tree, stream.first);
    const want = model.map.erase(stream.first);
    if (!Object.is(got, want)) throw new DisagreementError(`erase ${stream.first}: tree ${String(got)}, model ${String(want)}`);
  }
}

/**
 * Measures the three runs at size n, on a tree built from the n slots by appends. Returns the
 * figures and both systems as the checked run left them.
 */
export function checkingCost(n: number, seed: number, stream: string, options: CheckingOptions): { result: CheckingResult; model: MapleModel; real: MapleReal } {
  const space = 10 * n;
  const adapter = MAPLE.holding(firstSlotsSource(n)) as MapleRangeMap;
  const tree = adapter.tree;

  const rawLabel = `${stream}checking/raw/${n}`;
  const raw = rawRun(tree, new CommandStream(prngFor(seed, rawLabel), space), options.budgetMs);
  const witness = new BTreeRangeMap();
  const slots = firstSlotsSource(n);
  for (let i = 0; i < n; i++) witness.storeRange(slots.first(i), slots.last(i), slots.value(i));
  replayAndCompare(witness, new CommandStream(prngFor(seed, rawLabel), space), raw.results);
  const contents = contentsOf(witness);
  assertHolds(adapter, contents, `checking n=${n}: the tree after the raw run`);

  const map = modelHolding(contents);
  const model: MapleModel = { map, cursor: new ModelCursor(map), figures: null, edges: emptyEdges() };
  const real: MapleReal = { tree, mas: MA_STATE(tree) };
  checkAgreement(model, real); // equal before the clock starts
  const commands = new CommandStream(prngFor(seed, `${stream}checking/compared/${n}`), space);

  let compared = 0;
  let t0 = performance.now();
  let deadline = t0 + options.budgetMs;
  do {
    comparedStep(commands, model, real);
    compared++;
  } while (performance.now() < deadline);
  const comparedMs = performance.now() - t0;

  const k = Math.max(1, Math.floor(options.checkEvery));
  let checkedCmds = 0;
  let checks = 0;
  t0 = performance.now();
  deadline = t0 + options.budgetMs;
  do {
    for (let i = 0; i < k; i++) comparedStep(commands, model, real);
    checkedCmds += k;
    checkAgreement(model, real);
    checks++;
  } while (performance.now() < deadline);
  const checkedMs = performance.now() - t0;

  return {
    result: {
      n,
      raw: raw.span,
      compared: { ops: compared, ms: comparedMs },
      checkEvery: k,
      checked: { ops: checkedCmds, ms: checkedMs, checks },
      sizeAfter: model.map.size,
    },
    model,
    real,
  };
}
