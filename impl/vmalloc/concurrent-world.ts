/**
 * The shared world of the concurrent vmalloc harness: one maple vmalloc design (its steps,
 * common/steps.ts), the vmap lock as a scheduler Mutex, and the serialisation log — every
 * operation in the order the lock let it through, with its result — so a property can replay the
 * log on the model and compare. Actors (concurrent-cpu.ts) are built over a world; more actors
 * (the lead's step-wise RCU find_vmap_area readers) can be added to the same world: they read
 * through the design and report through `onFound`; readerActor (concurrent-cpu.ts) is the locked
 * reader that an RCU reader will stand beside.
 *
 * Invariants:
 * - an entry is appended to the log only while its actor holds the lock, so the log order is the
 *   lock order; an operation that changed nothing (-ENOMEM, or a preload refused before the lock)
 *   is logged as such, so the replay can check that it changed nothing;
 * - `onOwned` / `onReleased` see every area a CPU gets and gives back, at the step it happens, and
 *   `onPurged` every point where no lazy area is left (a ledger installed there catches two owners
 *   of one range, or a range handed out again before the purge, at the step that does it).
 */
import { Mutex } from '../sched/index.js';
import type { Gfp } from '../alloc/node-allocator.js';
import type { SteppedVmalloc, StepFit } from './common/steps.js';
import type { VmallocConfig, VmapAllocator } from './surface.js';

export type LoggedOp =
  | { readonly op: 'alloc'; readonly cpu: number; readonly size: number; readonly align: number; readonly vstart: number; readonly vend: number; readonly gfp: Gfp; readonly result: number }
  | { readonly op: 'vfree'; readonly cpu: number; readonly addr: number; readonly result: number }
  | { readonly op: 'purge'; readonly cpu: number; readonly result: number };

export type ConcurrentDesign = VmapAllocator & SteppedVmalloc<StepFit, unknown>;

export interface OwnedArea {
  readonly cpu: number;
  readonly start: number;
  readonly end: number;
}

export class ConcurrentWorld {
  readonly lock = new Mutex('vmap_area_lock');
  readonly log: LoggedOp[] = [];
  /** Called when a CPU's allocation returns an area (before the CPU uses it). */
  onOwned: (area: OwnedArea) => void = () => {};
  /** Called when a CPU gives an area back (in the step of its vfree, under the lock). */
  onReleased: (area: OwnedArea) => void = () => {};
  /** Called when every lazy area has gone back to free space (a purge ran, or vfree's own one). */
  onPurged: () => void = () => {};
  /** Called with what a reader found at an address (a reader actor's report). */
  onFound: (addr: number, found: { start: number; end: number; cpu: number } | undefined) => void = () => {};
  /** Statistics: allocations refused for lack of memory (before or inside the lock), commits retried. */
  preloadsRefused = 0;
  commitsRefused = 0;
  staleFits = 0;

  constructor(
    readonly design: ConcurrentDesign,
    readonly config: VmallocConfig,
  ) {}

  record(entry: LoggedOp, holder: string): void {
    if (this.lock.owner !== holder) throw new Error(`BUG: ${holder} logs ${entry.op} without the vmap lock`);
    this.log.push(entry);
    if (entry.op === 'purge' || (entry.op === 'vfree' && this.design.lazyPages === 0)) this.onPurged();
  }
}
