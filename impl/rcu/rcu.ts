/**
 * Simulated RCU: read-side critical sections, grace periods, call_rcu callbacks, synchronize_rcu.
 * It owns no thread: grace periods end only when someone calls advance() (a gracePeriodActor
 * under the scheduler, or synchronize()/barrier() in a single thread of control), so every
 * interleaving of readers, writers and grace periods is the scheduler's choice.
 *
 * Invariants:
 * - There is always a grace period in progress, numbered from 1 (`gp`); `completed` = gp - 1.
 *   When grace period g starts it notes the read-side sections open at that moment; it can end
 *   only when every one of those has closed (sections opened later do not hold it up).
 * - A callback queued during grace period g runs when grace period g + 1 ends: that is the first
 *   grace period that started after it was queued, so every reader that could have seen the
 *   object before it was unpublished has left. Callbacks run in the order they were queued.
 * - Read locks nest per reader; only the outermost lock and unlock open and close a section.
 *   Unlock without lock, synchronize inside one's own read-side section, and bad arguments are
 *   RcuMisuseError; waiting in one thread of control for a grace period a reader holds open is
 *   RcuStallError (it would wait forever).
 * - With history on (the default), every event is kept (rcu-events.ts) so the audit can check the
 *   guarantee from the outside, without trusting this class's bookkeeping.
 *
 * How the maple tree's RCU mode is meant to use it: the tree is constructed with an Rcu; readers
 * walk between readLock(name) and readUnlock(name), one node visit per scheduler step, and may
 * call requireReading(name) where the kernel has rcu_dereference_check; a writer replaces nodes
 * and frees the old ones with callRcu(() => allocator.free(node), 'node ...'). The allocator marks
 * a freed node `freed`, and every walk reaches children through requireUnfreed
 * (impl/alloc/node-allocator.ts, impl/maple/node.ts childAt), so a reader touching a node freed
 * too early throws UseAfterFreeError. Nodes awaiting RCU are stats().pending.
 */
import type { Yield } from '../sched/actor.js';
import { RcuMisuseError, RcuStallError } from './rcu-errors.js';
import type { CallbackRecord, RcuEvent, RcuStats } from './rcu-events.js';

export interface RcuOptions {
  /** Keep every event and callback record for the audit (default true). */
  readonly history?: boolean;
}

interface Pending {
  readonly record: CallbackRecord;
  readonly fn: () => void;
}

interface ReaderState {
  depth: number;
  readonly section: number;
}

export class Rcu {
  private readonly keepHistory: boolean;
  private readonly readers = new Map<string, ReaderState>();
  /** Sections open when the current grace period started and not yet closed. */
  private waitFor = new Set<number>();
  private queue: Pending[] = [];
  private gpNumber = 1;
  private clock = 0;
  private nextSection = 1;
  private nextCallback = 1;
  /** For each actor inside synchronizeSteps, the count of completed grace periods it needs. */
  private readonly waiters: number[] = [];
  private readonly eventLog: RcuEvent[] = [];
  private readonly callbackLog: CallbackRecord[] = [];
  private counts = { callbacksQueued: 0, callbacksRun: 0, maxQueued: 0, maxReaders: 0 };

  constructor(options: RcuOptions = {}) {
    this.keepHistory = options.history ?? true;
  }

  /** The grace period in progress. */
  get gp(): number {
    return this.gpNumber;
  }

  /** Grace periods ended so far. */
  get completed(): number {
    return this.gpNumber - 1;
  }

  /** rcu_read_lock for `reader` (nests). */
  readLock(reader: string): void {
    requireName(reader);
    const state = this.readers.get(reader);
    if (state !== undefined) {
      state.depth++;
      return;
    }
    const section = this.nextSection++;
    this.readers.set(reader, { depth: 1, section });
    this.counts.maxReaders = Math.max(this.counts.maxReaders, this.readers.size);
    this.log({ t: this.tick(), kind: 'lock', reader, section });
  }

  /** rcu_read_unlock for `reader`; the outermost one closes its section. */
  readUnlock(reader: string): void {
    requireName(reader);
    const state = this.readers.get(reader);
    if (state === undefined) throw new RcuMisuseError(`rcu_read_unlock by ${reader} without rcu_read_lock`);
    if (--state.depth > 0) return;
    this.readers.delete(reader);
    this.waitFor.delete(state.section);
    this.log({ t: this.tick(), kind: 'unlock', reader, section: state.section });
  }

  isReading(reader: string): boolean {
    return this.readers.has(reader);
  }

  /** rcu_dereference_check: `reader` must be inside a read-side critical section. */
  // Stryker disable next-line StringLiteral: `what` only words the RcuMisuseError message, which is no contract (stryker/error-message-ignorer.js)
  requireReading(reader: string, what = 'rcu_dereference'): void {
    if (!this.readers.has(reader)) throw new RcuMisuseError(`${what} by ${reader} outside rcu_read_lock`);
  }

  /** Readers inside a read-side critical section, in the order they entered. */
  readersInside(): string[] {
    return [...this.readers.keys()];
  }

  /** call_rcu: `fn` runs after a grace period that starts after this call has ended. */
  callRcu(fn: () => void, what = 'callback'): Readonly<CallbackRecord> {
    if (typeof fn !== 'function') throw new RcuMisuseError(`call_rcu of ${String(fn)}, not a function`);
    const record: CallbackRecord = {
      id: this.nextCallback++,
      what,
      queuedGp: this.gpNumber,
      queuedAt: this.tick(),
      readersAtQueue: this.readersInside(),
      ranGp: null,
      ranAt: null,
    };
    this.queue.push({ record, fn });
    this.counts.callbacksQueued++;
    this.counts.maxQueued = Math.max(this.counts.maxQueued, this.queue.length);
    if (this.keepHistory) this.callbackLog.push(record);
    this.log({ t: record.queuedAt, kind: 'queue', callback: record.id, what, gp: record.queuedGp });
    return record;
  }

  /** True when every section open at the start of the current grace period has closed. */
  gracePeriodCanEnd(): boolean {
    return this.waitFor.size === 0;
  }

  /**
   * Callbacks waiting, or an actor in synchronizeSteps whose grace period has not yet ended: a
   * reason to advance. A waiter already satisfied but not yet resumed is no reason, or a
   * grace-period actor could end grace periods forever while the scheduler leaves it unresumed.
   */
  hasWork(): boolean {
    return this.queue.length > 0 || this.waiters.some((need) => need > this.completed);
  }

  /**
   * Ends the current grace period if it can (returns false otherwise), starts the next one, then
   * runs the callbacks queued before the ended one started.
   */
  advance(): boolean {
    if (!this.gracePeriodCanEnd()) return false;
    const ending = this.gpNumber;
    this.gpNumber++;
    this.waitFor = new Set([...this.readers.values()].map((r) => r.section));
    const t = this.tick();
    this.log({ t, kind: 'gp-end', gp: ending });
    const due = this.queue.filter((p) => this.isDue(p.record.queuedGp, ending));
    this.queue = this.queue.filter((p) => !this.isDue(p.record.queuedGp, ending));
    for (const { record, fn } of due) {
      record.ranGp = ending;
      record.ranAt = this.tick();
      this.counts.callbacksRun++;
      this.log({ t: record.ranAt, kind: 'run', callback: record.id, gp: ending });
      fn();
    }
    return true;
  }

  /**
   * synchronize_rcu for an actor: `yield* rcu.synchronizeSteps('writer')` blocks until a grace
   * period that started after the call has ended. Someone else must advance (gracePeriodActor).
   */
  *synchronizeSteps(caller?: string): Generator<Yield, void, void> {
    this.refuseInsideReader(caller);
    const need = this.gpNumber + 1;
    this.waiters.push(need);
    try {
      yield { until: () => this.completed >= need, label: `${caller ?? 'synchronize_rcu'} waits for grace period ${need}` };
    } finally {
      this.waiters.splice(this.waiters.indexOf(need), 1);
    }
  }

  /** synchronize_rcu in a single thread of control: advances until a full grace period elapsed. */
  synchronize(caller?: string): void {
    this.refuseInsideReader(caller);
    const need = this.gpNumber + 1;
    while (this.completed < need) this.advanceOrStall('synchronize_rcu');
  }

  /** rcu_barrier in a single thread of control: runs every callback queued so far. */
  barrier(): void {
    const last = this.nextCallback - 1;
    while (this.queue.some((p) => p.record.id <= last)) this.advanceOrStall('rcu_barrier');
  }

  stats(): RcuStats {
    return { ...this.counts, gracePeriods: this.completed, pending: this.queue.length };
  }

  /** Every event so far (empty when history is off). */
  events(): readonly RcuEvent[] {
    return this.eventLog;
  }

  /** Every callback queued so far, with when it ran (empty when history is off). */
  callbacks(): readonly Readonly<CallbackRecord>[] {
    return this.callbackLog;
  }

  /** Whether a callback queued in `queuedGp` runs when grace period `endingGp` ends. */
  protected isDue(queuedGp: number, endingGp: number): boolean {
    return queuedGp < endingGp;
  }

  private advanceOrStall(what: string): void {
    if (!this.advance()) throw new RcuStallError(this.readersInside(), what);
  }

  private refuseInsideReader(caller: string | undefined): void {
    if (caller !== undefined && this.readers.has(caller)) {
      throw new RcuMisuseError(`synchronize_rcu by ${caller} inside its own read-side critical section (deadlock)`);
    }
  }

  private tick(): number {
    return ++this.clock;
  }

  private log(event: RcuEvent): void {
    if (this.keepHistory) this.eventLog.push(event);
  }
}

function requireName(reader: string): void {
  if (typeof reader !== 'string' || reader === '') {
    throw new RcuMisuseError(`a reader needs a non-empty name (got ${String(reader)})`);
  }
}
