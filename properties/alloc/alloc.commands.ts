/**
 * Commands of the allocation-failure properties. Each drives the tree through TreeOps and the
 * model directly, under whatever fault plan is in force, and is checked afterwards by
 * checkAllocAgreement (contents, validity, no leak).
 *
 * How -ENOMEM is judged: a write that reports -ENOMEM must have seen a refused allocation
 * (allocator.failures grew) and is not applied to the model, so the agreement check proves it
 * changed nothing. Any other result must equal the model's. mtree_erase reports nothing (the kernel
 * returns the entry even when the erase could not get its nodes), so an erase is judged by
 * whether the entry is still there.
 */
import fc from 'fast-check';
import type { Gfp } from '../../impl/alloc/node-allocator.js';
import { failFrom, failNonBlocking, failNothing, failNth, failWithProbability } from '../../impl/alloc/fault-plans.js';
import { ENOMEM } from '../../impl/errno.js';
import { PreallocShortError, WORST_CASE_PREALLOC, mtree_load } from '../../impl/maple/index.js';
import { MAX, entryArb, indexArb, nonNullEntryArb, rangeArb, show, sizeArb } from '../arbitraries.js';
import { DisagreementError, expectSame } from '../maple/system.js';
import { judgeUnderFaults } from '../fault-judge.js';
import { checkAllocAgreement, type AllocSystems } from './alloc-system.js';

export abstract class AllocCommand implements fc.Command<AllocSystems, AllocSystems> {
  check(): boolean {
    return true;
  }
  protected abstract apply(s: AllocSystems): void;
  run(_model: AllocSystems, s: AllocSystems): void {
    this.apply(s);
    checkAllocAgreement(s);
  }
  abstract toString(): string;
}

/** Runs a write on tree and (unless it failed for lack of memory) model; compares results. */
function checkedWrite(s: AllocSystems, what: string, onTree: () => number, onModel: () => number): number {
  // Writes here cannot fail for lack of room: -ENOMEM must come from a refused allocation.
  return judgeUnderFaults(s.tree.allocator, s.coverage, what, onTree, onModel, { strict: true });
}

export type PlanKind = 'nothing' | 'nth' | 'from' | 'probability' | 'nonblocking';

/** Changes the fault plan; k counts from the allocator's next request. */
export class SetFaultPlanCommand extends AllocCommand {
  constructor(readonly kind: PlanKind, readonly k: number, readonly p: number, readonly seed: number) {
    super();
  }
  protected apply(s: AllocSystems): void {
    const next = s.tree.allocator.requests + this.k;
    const plans = {
      nothing: () => failNothing,
      nth: () => failNth(next),
      from: () => failFrom(next),
      probability: () => failWithProbability(this.p, this.seed),
      nonblocking: () => failNonBlocking(),
    };
    s.tree.allocator.plan = plans[this.kind]();
  }
  toString(): string {
    const detail = this.kind === 'probability' ? `p ${this.p}, seed ${this.seed}` : this.kind === 'nth' || this.kind === 'from' ? `k +${this.k}` : '';
    return `FaultPlan(${this.kind}${detail ? ', ' + detail : ''})`;
  }
}

export class AllocStoreCommand extends AllocCommand {
  constructor(readonly first: number, readonly last: number, readonly entry: unknown, readonly gfp: Gfp) {
    super();
  }
  protected apply(s: AllocSystems): void {
    checkedWrite(s, `${this}`, () => s.ops.store(s.tree, this.first, this.last, this.entry, this.gfp), () => s.map.storeRange(this.first, this.last, this.entry));
  }
  toString(): string {
    return `Store(${show(this.first)}, ${show(this.last)}, ${show(this.entry)}, ${this.gfp})`;
  }
}

/** `count` stores of [start + 10i, start + 10i + 5], each checked: grows the tree under faults. */
export class AllocFillCommand extends AllocCommand {
  constructor(readonly start: number, readonly count: number, readonly entry: unknown) {
    super();
  }
  protected apply(s: AllocSystems): void {
    for (let i = 0; i < this.count; i++) {
      const first = this.start + 10 * i;
      checkedWrite(s, `${this} #${i}`, () => s.ops.store(s.tree, first, first + 5, this.entry, 'GFP_KERNEL'), () => s.map.storeRange(first, first + 5, this.entry));
    }
  }
  toString(): string {
    return `Fill(${show(this.start)}, x${this.count}, ${show(this.entry)})`;
  }
}

export class AllocInsertCommand extends AllocCommand {
  constructor(readonly first: number, readonly last: number, readonly entry: unknown, readonly gfp: Gfp) {
    super();
  }
  protected apply(s: AllocSystems): void {
    checkedWrite(s, `${this}`, () => s.ops.insert(s.tree, this.first, this.last, this.entry, this.gfp), () => s.map.insertRange(this.first, this.last, this.entry));
  }
  toString(): string {
    return `Insert(${show(this.first)}, ${show(this.last)}, ${show(this.entry)}, ${this.gfp})`;
  }
}

export class AllocEraseCommand extends AllocCommand {
  constructor(readonly index: number) {
    super();
  }
  protected apply(s: AllocSystems): void {
    const failuresBefore = s.tree.allocator.failures;
    const got = s.ops.erase(s.tree, this.index);
    if (got !== null && mtree_load(s.tree, this.index) === got) {
      // Still there: only an allocation failure excuses that.
      if (s.tree.allocator.failures === failuresBefore) throw new DisagreementError(`${this} returned ${show(got)} but left it in the tree`);
      s.coverage.enomem++;
      expectSame(`${this} result`, got, s.map.load(this.index));
      return;
    }
    expectSame(`${this} result`, got, s.map.erase(this.index));
  }
  toString(): string {
    return `Erase(${show(this.index)})`;
  }
}

export class AllocRangeCommand extends AllocCommand {
  constructor(
    readonly size: number,
    readonly min: number,
    readonly max: number,
    readonly entry: unknown,
    readonly highest: boolean,
    readonly gfp: Gfp,
  ) {
    super();
  }
  protected apply(s: AllocSystems): void {
    const treeBox = { start: -1 };
    const modelBox = { start: -1 };
    const ret = checkedWrite(
      s,
      `${this}`,
      () => s.ops.allocRange(s.tree, treeBox, this.entry, this.size, this.min, this.max, this.highest, this.gfp),
      () => (this.highest ? s.map.allocRRange : s.map.allocRange).call(s.map, modelBox, this.entry, this.size, this.min, this.max),
    );
    if (ret !== -ENOMEM) expectSame(`${this} start`, treeBox.start, modelBox.start);
  }
  toString(): string {
    return `${this.highest ? 'AllocRRange' : 'AllocRange'}(size ${show(this.size)}, [${show(this.min)}, ${show(this.max)}], ${show(this.entry)}, ${this.gfp})`;
  }
}

/**
 * mas_preallocate, then mas_store_prealloc with nothing in between (property 3, first half): the
 * preallocation must be enough for every store type; a PreallocShortError or
 * PreallocExhaustedError escapes and fails the property.
 */
export class PreallocStoreCommand extends AllocCommand {
  constructor(readonly first: number, readonly last: number, readonly entry: unknown, readonly gfp: Gfp, readonly worstCase: boolean) {
    super();
  }
  protected apply(s: AllocSystems): void {
    const failuresBefore = s.tree.allocator.failures;
    const { ret, mas } = s.ops.preallocate(s.tree, this.first, this.last, this.entry, this.gfp, this.worstCase);
    if (ret === -ENOMEM) {
      if (s.tree.allocator.failures === failuresBefore) throw new DisagreementError(`${this} returned -ENOMEM but no allocation was refused`);
      s.coverage.enomem++;
      return;
    }
    expectSame(`${this} preallocate`, ret, 0);
    s.lastWrite = null;
    expectSame(`${this} store`, s.ops.storePrealloc(mas, this.entry), 0);
    s.map.storeRange(this.first, this.last, this.entry);
    const type = s.lastWrite === null ? 'none' : (s.lastWrite as { type: string }).type;
    s.coverage.preallocByType[type] = (s.coverage.preallocByType[type] ?? 0) + 1;
  }
  toString(): string {
    return `Prealloc${this.worstCase ? 'WorstCase' : ''}Store(${show(this.first)}, ${show(this.last)}, ${show(this.entry)}, ${this.gfp})`;
  }
}

/**
 * mas_preallocate for one store, another write, then mas_store_prealloc (property 3, second
 * half; the DRM GPUVA case of seeds/004). With the worst case the nodes must still be enough unless
 * the other write made the tree a level taller (the worst case is counted from the old height);
 * otherwise a short pool must be caught (PreallocShortError) before the tree changes, never run
 * into mid-write.
 */
export class PreallocInterleavedCommand extends AllocCommand {
  constructor(
    readonly first: number,
    readonly last: number,
    readonly entry: unknown,
    readonly worstCase: boolean,
    readonly other: [number, number, unknown],
  ) {
    super();
  }
  protected apply(s: AllocSystems): void {
    const failuresBefore = s.tree.allocator.failures;
    const { ret, mas } = s.ops.preallocate(s.tree, this.first, this.last, this.entry, 'GFP_KERNEL', this.worstCase);
    if (ret === -ENOMEM) {
      if (s.tree.allocator.failures === failuresBefore) throw new DisagreementError(`${this} returned -ENOMEM but no allocation was refused`);
      s.coverage.enomem++;
      return;
    }
    expectSame(`${this} preallocate`, ret, 0);
    const heightAtPrealloc = s.tree.height;
    const [f2, l2, e2] = this.other;
    try {
      checkedWrite(s, `${this} other store`, () => s.ops.store(s.tree, f2, l2, e2, 'GFP_KERNEL'), () => s.map.storeRange(f2, l2, e2));
    } catch (error) {
      s.ops.destroy(mas);
      throw error;
    }
    try {
      expectSame(`${this} store`, s.ops.storePrealloc(mas, this.entry), 0);
    } catch (error) {
      if (!(error instanceof PreallocShortError)) throw error;
      // The worst case must suffice unless the tree grew a level in between (see prealloc.ts).
      if (this.worstCase && !(s.tree.height > heightAtPrealloc)) throw error;
      if (this.worstCase) s.coverage.worstShortAfterGrowth++;
      else s.coverage.shortDetected++;
      return;
    }
    s.map.storeRange(this.first, this.last, this.entry);
    s.coverage.interleavedFine++;
  }
  toString(): string {
    const [f2, l2, e2] = this.other;
    return `Prealloc${this.worstCase ? 'WorstCase' : ''}Interleaved(${show(this.first)}, ${show(this.last)}, ${show(this.entry)}; other ${show(f2)}, ${show(l2)}, ${show(e2)})`;
  }
}

export type RaceOp = 'store' | 'insert' | 'alloc' | 'erase';

/**
 * A writer that must sleep for nodes (non-blocking requests fail, so mas_nomem drops the lock)
 * while another writer takes the lock and writes over the very range the first one chose: its own
 * range for store and insert, the window alloc_range would find. The first writer must plan again
 * after the lock comes back: an insert then sees -EEXIST, an alloc_range another window.
 * An erase of the entry at `first` (asking for the worst-case node count, so it always sleeps)
 * races with a writer storing into the empty range next to that entry, which the erase widened
 * itself over before it slept: after the lock comes back it must erase only the entry's range
 * ("maple_tree: reset mas->index and mas->last on write retries", 2024).
 */
export class LockDropRaceCommand extends AllocCommand {
  constructor(
    readonly op: RaceOp,
    readonly first: number,
    readonly last: number,
    readonly size: number,
    readonly entry: unknown,
    readonly otherEntry: unknown,
  ) {
    super();
  }
  protected apply(s: AllocSystems): void {
    const allocator = s.tree.allocator;
    const previous = allocator.plan;
    allocator.plan = failNonBlocking();
    let ran = false;
    s.tree.lock.whileDropped = () => {
      if (ran) return;
      ran = true;
      // The other writer's range: what the sleeping writer is about to write.
      let first = this.first;
      if (this.op === 'erase') {
        const beside = this.besideErased(s);
        if (beside === null) return;
        checkedWrite(s, `${this} other writer`, () => s.ops.store(s.tree, beside[0], beside[1], this.otherEntry, 'GFP_KERNEL'), () => s.map.storeRange(beside[0], beside[1], this.otherEntry));
        s.coverage.races++;
        return;
      }
      if (this.op === 'alloc') {
        if (!s.map.isAllocTree || !s.map.checkArgsEmptyArea(this.first, this.last, this.size)) return;
        const found = s.map.lowestEmpty(this.first, this.last, this.size);
        if (found === null) return;
        first = found;
      }
      const last = this.op === 'alloc' ? first + this.size - 1 : this.last;
      checkedWrite(s, `${this} other writer`, () => s.ops.store(s.tree, first, last, this.otherEntry, 'GFP_KERNEL'), () => s.map.storeRange(first, last, this.otherEntry));
      s.coverage.races++;
    };
    try {
      if (this.op === 'store') {
        checkedWrite(s, `${this}`, () => s.ops.store(s.tree, this.first, this.last, this.entry, 'GFP_KERNEL'), () => s.map.storeRange(this.first, this.last, this.entry));
      } else if (this.op === 'insert') {
        checkedWrite(s, `${this}`, () => s.ops.insert(s.tree, this.first, this.last, this.entry, 'GFP_KERNEL'), () => s.map.insertRange(this.first, this.last, this.entry));
      } else if (this.op === 'erase') {
        const policy = s.tree.prealloc;
        s.tree.prealloc = WORST_CASE_PREALLOC;
        try {
          new AllocEraseCommand(this.first).run(s, s);
        } finally {
          s.tree.prealloc = policy;
        }
      } else {
        const treeBox = { start: -1 };
        const modelBox = { start: -1 };
        checkedWrite(
          s,
          `${this}`,
          () => s.ops.allocRange(s.tree, treeBox, this.entry, this.size, this.first, this.last, false, 'GFP_KERNEL'),
          () => s.map.allocRange(modelBox, this.entry, this.size, this.first, this.last),
        );
        expectSame(`${this} start`, treeBox.start, modelBox.start);
      }
    } finally {
      s.tree.lock.whileDropped = null;
      allocator.plan = previous;
    }
  }
  /** Up to `size` indices of the empty range right after the entry at `first` (else right before it). */
  private besideErased(s: AllocSystems): [number, number] | null {
    const victim = s.map.entryAt(this.first);
    if (victim === null) return null;
    if (victim.last < MAX) {
      const after = s.map.rangeAt(victim.last + 1);
      if (after.value === null) return [after.first, after.first + Math.min(this.size - 1, after.last - after.first)];
    }
    if (victim.first > 0) {
      const before = s.map.rangeAt(victim.first - 1);
      if (before.value === null) return [before.last - Math.min(this.size - 1, before.last - before.first), before.last];
    }
    return null;
  }
  toString(): string {
    if (this.op === 'erase') return `LockDropRace(erase ${show(this.first)}; other writer ${show(this.otherEntry)} x${show(this.size)} beside it)`;
    const what = this.op === 'alloc' ? `size ${show(this.size)} in [${show(this.first)}, ${show(this.last)}]` : `[${show(this.first)}, ${show(this.last)}]`;
    return `LockDropRace(${this.op} ${what} = ${show(this.entry)}; other writer ${show(this.otherEntry)})`;
  }
}

const gfpArb: fc.Arbitrary<Gfp> = fc.constantFrom<Gfp>('GFP_KERNEL', 'GFP_KERNEL', 'GFP_NOWAIT');

const planArb = fc
  .tuple(fc.constantFrom<PlanKind>('nothing', 'nth', 'from', 'probability', 'nonblocking'), fc.integer({ min: 1, max: 12 }), fc.constantFrom(0.05, 0.2, 0.5), fc.integer())
  .map(([kind, k, p, seed]) => new SetFaultPlanCommand(kind, k, p, seed));

/** Writes only (no fault-plan changes, no races): what the systematic property replays. */
export function writeCommandArbs(): fc.Arbitrary<AllocCommand>[] {
  return [
    fc.tuple(rangeArb, entryArb, gfpArb).map(([[f, l], e, g]) => new AllocStoreCommand(f, l, e, g)),
    fc.tuple(rangeArb, nonNullEntryArb, gfpArb).map(([[f, l], e, g]) => new AllocInsertCommand(f, l, e, g)),
    indexArb.map((i) => new AllocEraseCommand(i)),
    fc.tuple(sizeArb, rangeArb, nonNullEntryArb, fc.boolean(), gfpArb).map(([size, [min, max], e, h, g]) => new AllocRangeCommand(size, min, max, e, h, g)),
    fc.tuple(rangeArb, entryArb, gfpArb, fc.boolean()).map(([[f, l], e, g, w]) => new PreallocStoreCommand(f, l, e, g, w)),
  ];
}

/** The full mix of the random allocation-failure property. */
export function allocCommandArb(): fc.Arbitrary<AllocCommand> {
  const [store, insert, erase, allocRange, prealloc] = writeCommandArbs();
  return fc.oneof(
    { weight: 5, arbitrary: planArb },
    { weight: 30, arbitrary: store },
    { weight: 6, arbitrary: insert },
    { weight: 8, arbitrary: erase },
    { weight: 6, arbitrary: allocRange },
    { weight: 8, arbitrary: prealloc },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 400 }), nonNullEntryArb)
        .map(([start, count, e]) => new AllocFillCommand(start, count, e)),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(rangeArb, entryArb, fc.boolean(), rangeArb, entryArb)
        .map(([[f, l], e, w, [f2, l2], e2]) => new PreallocInterleavedCommand(f, l, e, w, [f2, l2, e2])),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom<RaceOp>('store', 'insert', 'alloc', 'erase'), rangeArb, fc.integer({ min: 1, max: 64 }), nonNullEntryArb, nonNullEntryArb)
        .map(([op, [f, l], size, e, e2]) => new LockDropRaceCommand(op, f, l, size, e, e2)),
    },
  ) as fc.Arbitrary<AllocCommand>;
}
