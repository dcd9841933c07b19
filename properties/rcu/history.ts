/**
 * The model's history for RCU readers: every state the reference model went through, with the
 * span of time during which a reader could see it, and the checks of a reader's results against
 * the states its read-side critical section overlapped.
 *
 * Time is a counter of observable events (a published store, a reader entering or leaving its
 * section), so it orders everything the scheduler did. Invariants:
 * - State k is visible from the first published store of the write that made it until the last
 *   published store of the write that replaced it: while a write is being published both its old
 *   and its new state may be seen (for any one index), never anything else. A reader may check
 *   its results in the middle of a write's publication, so the new state is recorded when the
 *   write is made (`begin`), before its first store.
 * - A result is allowed for index i when some state visible during the reader's section [enter,
 *   leave] had that entry at i (the guarantee in seeds/000: "it will not see NULL and it will not
 *   see any other object"); an index the reader skipped as empty must have been empty in one of
 *   them.
 * - Checks look at every index of a reported range up to `checkUpTo` and at its two ends, so a
 *   range reaching MAX_INDEX costs no more than the space the scenario uses.
 */
import type { RangeView } from '../../impl/maple/rcu-reader.js';
import type { Interval } from '../../model/index.js';

interface State {
  readonly entries: readonly Interval[];
  /** First time a reader could see it, and last (Infinity while it is current). */
  readonly from: number;
  to: number;
}

export class HistoryViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryViolation';
  }
}

function entryIn(entries: readonly Interval[], index: number): unknown {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const iv = entries[mid];
    if (index < iv.first) hi = mid - 1;
    else if (index > iv.last) lo = mid + 1;
    else return iv.value;
  }
  return null;
}

function show(v: unknown): string {
  return v === null ? 'NULL' : JSON.stringify(v) ?? String(v);
}

export class ModelHistory {
  private clock = 0;
  private readonly states: State[];

  constructor(
    initial: readonly Interval[],
    readonly checkUpTo: number,
  ) {
    this.states = [{ entries: initial, from: 0, to: Infinity }];
  }

  tick(): number {
    return ++this.clock;
  }

  get versions(): number {
    return this.states.length;
  }

  /**
   * A write's new state, known before its first store is published (the writer holds the lock).
   * It becomes visible at its first published store (`published`) and the state before it stops
   * being visible at the last one (`end`).
   */
  begin(entries: readonly Interval[]): void {
    this.states.push({ entries, from: Infinity, to: Infinity });
  }

  /** A store of the newest write was published at time t. */
  published(t: number): void {
    const newest = this.states[this.states.length - 1];
    if (newest.from === Infinity) (newest as { from: number }).from = t;
  }

  /** The newest write finished publishing at time t (a write with no stores: both at t). */
  end(t: number): void {
    this.published(t);
    this.states[this.states.length - 2].to = t;
  }

  private visible(enter: number, leave: number): State[] {
    return this.states.filter((s) => s.from <= leave && s.to >= enter);
  }

  /** The entries index i had in the states visible during [enter, leave]. */
  allowed(index: number, enter: number, leave: number): unknown[] {
    return [...new Set(this.visible(enter, leave).map((s) => entryIn(s.entries, index)))];
  }

  private requireHeld(what: string, index: number, entry: unknown, enter: number, leave: number): void {
    const allowed = this.allowed(index, enter, leave);
    if (!allowed.includes(entry)) {
      const kind = entry === null ? 'NULL for an index that was never empty' : 'a value the index never held';
      throw new HistoryViolation(`${what}: index ${index} read ${show(entry)}, ${kind} during the section [${enter}, ${leave}] (it held ${allowed.map(show).join(' or ')})`);
    }
  }

  private indicesOf(first: number, last: number): number[] {
    const out: number[] = [];
    for (let i = first; i <= Math.min(last, this.checkUpTo); i++) out.push(i);
    if (last > this.checkUpTo && first <= last) {
      if (first > this.checkUpTo) out.push(first);
      out.push(last);
    }
    return out;
  }

  /** load(index) returned `entry`. */
  checkLoad(what: string, index: number, entry: unknown, enter: number, leave: number): void {
    this.requireHeld(what, index, entry, enter, leave);
  }

  /** A range the reader reported: its entry must be allowed at each of its indices. */
  checkRange(what: string, range: RangeView, enter: number, leave: number): void {
    if (!(range.first <= range.last)) throw new HistoryViolation(`${what}: reported range [${range.first}, ${range.last}] is not a range`);
    for (const i of this.indicesOf(range.first, range.last)) this.requireHeld(what, i, range.entry, enter, leave);
  }

  /** Indices the reader passed over as empty. */
  checkSkipped(what: string, first: number, last: number, enter: number, leave: number): void {
    for (const i of this.indicesOf(first, last)) this.requireHeld(`${what} (skipped as empty)`, i, null, enter, leave);
  }

  /** mt_for_each / find results: ascending, disjoint, each range held, gaps between them empty. */
  checkScan(what: string, from: number, to: number, ranges: readonly RangeView[], complete: boolean, enter: number, leave: number): void {
    let pos = from;
    for (const [k, r] of ranges.entries()) {
      if (r.last < pos || (k > 0 && r.first < pos)) {
        throw new HistoryViolation(`${what}: range [${r.first}, ${r.last}] is not after ${pos - 1} (overlap or wrong order)`);
      }
      if (r.first > to) throw new HistoryViolation(`${what}: range [${r.first}, ${r.last}] starts past ${to}`);
      this.checkRange(what, r, enter, leave);
      if (r.first > pos) this.checkSkipped(what, pos, r.first - 1, enter, leave);
      pos = r.last + 1;
    }
    if (complete && pos <= to) this.checkSkipped(what, pos, to, enter, leave);
  }
}
