/**
 * RCU readers of the maple tree that take one node visit per scheduler step, so writers, grace
 * periods and other readers interleave with them anywhere a real reader can be overtaken.
 *
 * A reader runs inside rcu_read_lock (the caller takes it; every visit asserts it, as the kernel's
 * rcu_dereference_check does). Each operation is a generator: `const r = yield* reader.load(i)`.
 *
 * Invariants (the kernel's design for lockless readers):
 * - Reading the root pointer is one step; each node visit is one step and reads the node whole.
 * - A visit first requires the node not to be freed (a freed node means a writer released it
 *   before a grace period: UseAfterFreeError), then checks the dead mark and, if set, walks again
 *   from the root: a dead node's first pivots may already hold call_rcu's list pointers
 *   (node-pool.ts RCU_HEAD_POISON), so nothing read from it can be trusted.
 * - The range of each slot is computed from the pivots of the nodes on the way down, never from
 *   parent pointers, so a node's bounds are those of the walk that reached it.
 * - Results are ranges [first, last] with their entry; iteration returns them in ascending order,
 *   never overlapping (a range found again when the iteration resumes after a leaf is clipped to
 *   where it resumed), and a reader that cannot make progress (only possible when it reads garbage) throws
 *   ReaderConfusedError rather than loop.
 * - `ignoreDead` is the deliberately broken reader that skips the dead check.
 */
import type { Yield } from '../sched/actor.js';
import { requireUnfreed } from '../alloc/node-allocator.js';
import { ACTIVE_BUG } from '../bugs/switch.js';
import type { Rcu } from '../rcu/rcu.js';
import { MAX_INDEX } from './constants.js';
import { MapleNode, mte_is_leaf } from './node.js';
import type { MapleTree } from './tree.js';

export interface RangeView {
  readonly first: number;
  readonly last: number;
  readonly entry: unknown;
}

export interface RcuReaderOptions {
  /** Deliberately broken: read dead nodes as if they were live. */
  readonly ignoreDead?: boolean;
}

export class ReaderConfusedError extends Error {
  constructor(message: string) {
    super(`reader confused: ${message}`);
    this.name = 'ReaderConfusedError';
  }
}

/** One leaf as a visit saw it: its ranges in order, and which holds the walked index. */
interface LeafView {
  readonly ranges: RangeView[];
  readonly at: number;
}

export class RcuReader {
  visits = 0;
  restarts = 0;

  constructor(
    readonly mt: MapleTree,
    readonly rcu: Rcu,
    readonly name: string,
    readonly options: RcuReaderOptions = {},
  ) {}

  /** Walks from the root to the leaf holding `index`, one visit per step. */
  *walk(index: number): Generator<Yield, LeafView, void> {
    for (;;) {
      const view = yield* this.descend(index);
      if (view !== null) return view;
      this.restarts++;
    }
  }

  /**
   * One walk from the root; null when it met a dead node and must start again. (A helper rather
   * than a labelled `continue`: Stryker's instrumentation wraps statements in blocks and turned the
   * label into a SyntaxError, so the files testing these readers did not load under mutation.)
   */
  private *descend(index: number): Generator<Yield, LeafView | null, void> {
    yield `${this.name} reads the root for ${index}`;
    // Stryker disable next-line StringLiteral: 'maple walk' only words the RcuMisuseError message of a reader outside rcu_read_lock, which is no contract (as rcu.ts requireReading's default, stryker/error-message-ignorer.js)
    this.rcu.requireReading(this.name, 'maple walk');
    const root = this.mt.root;
    if (!(root instanceof MapleNode)) return bareView(root, index);
    let node: MapleNode = root;
    let min = 0;
    let max = MAX_INDEX;
    for (;;) {
      yield `${this.name} visits ${node}`;
      // Stryker disable next-line StringLiteral: 'maple walk' only words the RcuMisuseError message of a reader outside rcu_read_lock, which is no contract (as rcu.ts requireReading's default, stryker/error-message-ignorer.js)
      this.rcu.requireReading(this.name, 'maple walk');
      requireUnfreed(node);
      this.visits++;
      // Bug catalogue: rcu-reader-dead-node skips this check, like the ignoreDead reader.
      if (node.dead && this.options.ignoreDead !== true && ACTIVE_BUG !== 'rcu-reader-dead-node') return null;
      const ranges = slotRanges(node, min, max);
      let offset = 0;
      while (
        // Stryker disable next-line ConditionalExpression,EqualityOperator: pivot `end` of a node is its max (fillNode stores it; a full node has none, undefined), which is >= index on any walk, so the loop stops at end without the bound
        offset < node.end &&
        node.pivots[offset] < index
      )
        offset++;
      if (mte_is_leaf(node)) return { ranges, at: offset };
      const next = node.slots[offset];
      if (!(next instanceof MapleNode)) throw new ReaderConfusedError(`slot ${offset} of internal ${node} holds no node`);
      min = ranges[offset].first;
      max = ranges[offset].last;
      node = next;
    }
  }

  /** mtree_load under RCU: the entry at `index`. */
  *load(index: number): Generator<Yield, unknown, void> {
    const view = yield* this.walk(index);
    return view.ranges[view.at].entry;
  }

  /** The range holding `index` (entry may be null). */
  *rangeAt(index: number): Generator<Yield, RangeView, void> {
    const view = yield* this.walk(index);
    return view.ranges[view.at];
  }

  /** mt_find: the first non-empty range ending at or after `index` and starting at or before `max`. */
  *find(index: number, max: number): Generator<Yield, RangeView | null, void> {
    const found = yield* this.scan(index, max, 1);
    return found[0] ?? null;
  }

  /** mt_prev-like: the last non-empty range starting at or before `index` and ending at or after `min`. */
  *findBefore(index: number, min: number): Generator<Yield, RangeView | null, void> {
    let pos = index;
    for (;;) {
      const view = yield* this.walk(pos);
      for (let i = view.at; i >= 0; i--) {
        const r = view.ranges[i];
        if (r.last < min) return null;
        if (r.entry !== null) return r;
      }
      const first = view.ranges[0].first;
      if (
        first <= min ||
        // Stryker disable next-line ConditionalExpression: min is an index, >= 0 (mt_prev's unsigned min; the scenarios pass Math.max(0, ...)), so first === 0 already satisfies first <= min; kept so a negative min still ends at 0
        first === 0
      )
        return null;
      // Never true, kept as the no-livelock guard the header promises: a leaf's first index is the
      // lower bound its walk brought down, which is 0 or one past a pivot below pos at every level
      // (the walk stops at the first pivot >= pos), so first <= pos here (and a negative pos only
      // reaches leaves starting at 0, which returned above).
      // Stryker disable next-line ConditionalExpression,EqualityOperator: unreachable (above); the mutants `true` and `<` of this line are killed by mutants-rcu-reader.test.ts, checked by hand
      if (first - 1 >= pos) throw new ReaderConfusedError(`stepping back from ${pos} reached ${first - 1}`);
      pos = first - 1;
    }
  }

  /** mt_for_each over [from, to]: every non-empty range meeting it, ascending. */
  *iterate(from: number, to: number): Generator<Yield, RangeView[], void> {
    return yield* this.scan(from, to, Infinity);
  }

  private *scan(from: number, to: number, limit: number): Generator<Yield, RangeView[], void> {
    const out: RangeView[] = [];
    let pos = from;
    for (;;) {
      const view = yield* this.walk(pos);
      for (let i = view.at; i < view.ranges.length; i++) {
        const seen = view.ranges[i];
        if (seen.first > to) return out;
        // Resuming at `pos` after an earlier leaf: the range holding pos may have grown back over
        // what was already reported (a writer merged it meanwhile); like the kernel's iterator,
        // which resumes at last + 1, report only the part from pos on.
        const r =
          pos > from &&
          // Stryker disable next-line EqualityOperator: `<=` only adds seen.first === pos, where the clipped copy holds the same first, last and entry as seen
          seen.first < pos
            ? { ...seen, first: pos }
            : seen;
        if (r.entry !== null) {
          out.push(r);
          if (out.length >= limit) return out;
        }
      }
      const last = view.ranges[view.ranges.length - 1].last;
      if (
        last >= to ||
        // Stryker disable next-line ConditionalExpression: to is an index, <= MAX_INDEX (mt_for_each's unsigned max; the scenarios pass at most SPACE + 300), so last === MAX_INDEX already satisfies last >= to; kept so a larger `to` still ends at the last range
        last === MAX_INDEX
      )
        return out;
      // Never true, kept as the no-livelock guard the header promises: a leaf's last index is the
      // upper bound its walk brought down, which is MAX_INDEX or a pivot >= pos at every level (the
      // walk stops at the first pivot >= pos), so last >= pos here (a pos past MAX_INDEX only
      // reaches leaves ending at MAX_INDEX, which returned above).
      // Stryker disable next-line ConditionalExpression,EqualityOperator: unreachable (above); the mutants `true` and `>` of this line are killed by mutants-rcu-reader.test.ts, checked by hand
      if (last + 1 <= pos) throw new ReaderConfusedError(`stepping on from ${pos} reached ${last + 1}`);
      pos = last + 1;
    }
  }
}

/** The ranges of a node's slots, given the bounds the walk brought to it. */
function slotRanges(node: MapleNode, min: number, max: number): RangeView[] {
  const ranges: RangeView[] = [];
  let lo = min;
  for (let i = 0; i <= node.end; i++) {
    const hi = i === node.end ? max : node.pivots[i];
    ranges.push({ first: lo, last: hi, entry: node.slots[i] });
    lo = hi + 1;
  }
  return ranges;
}

/** A tree with no nodes: empty, or a bare entry at 0 followed by one empty range. */
function bareView(root: unknown, index: number): LeafView {
  if (root === null) return { ranges: [{ first: 0, last: MAX_INDEX, entry: null }], at: 0 };
  const ranges = [
    { first: 0, last: 0, entry: root },
    { first: 1, last: MAX_INDEX, entry: null },
  ];
  return { ranges, at: index === 0 ? 0 : 1 };
}
