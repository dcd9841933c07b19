/**
 * The steps of an allocation, as a CPU takes them under the vmap lock (seeds/000): preallocate
 * maple nodes outside the lock, find the lowest fit, re-validate it inside the lock, commit it
 * (reserve the range and publish the vmap_area). Both maple designs offer them; alloc_vmap_area
 * runs them back to back, and the concurrent harness (impl/vmalloc/concurrent-*.ts) runs them as
 * separate scheduler steps, with other CPUs in between.
 *
 * Invariants every implementation keeps:
 * - findFit only reads; stillFree(fit) is true iff [addr, addr + size) is still wholly free now;
 * - commit(fit, ...) must only be called on a fit that is still free (the caller re-validated it
 *   under the lock): it then reserves exactly that range, or returns -ENOMEM with nothing changed;
 *   it never checks again, so a caller that skips the re-validation can hand out a range twice;
 * - a Preload holds nodes until commit or release consumes it (no node is leaked either way).
 */
import type { Gfp } from '../../alloc/node-allocator.js';
import type { AreaRange } from '../surface.js';

export interface StepFit {
  readonly addr: number;
  readonly size: number;
}

export interface SteppedVmalloc<F extends StepFit, P> {
  /** Nodes for one commit, taken with `gfp` before the lock (worst case for the trees' heights). */
  preload(gfp: Gfp): P;
  release(preload: P): void;
  /** Did the preload get every node it asked for? (a sleeping caller gives up when it did not) */
  preloadComplete(preload: P): boolean;
  findFit(size: number, align: number, vstart: number, vend: number): F | null;
  stillFree(fit: F): boolean;
  /** Reserves and publishes the fit for `cpu`: 0, or -ENOMEM with nothing changed. */
  commit(fit: F, cpu: number, preload: P | null, gfp: Gfp): number;
  /** The lazy areas' purge (the purger actor's step). */
  purge_vmap_area_lazy(): number;
  vfree(addr: number): number;
  busyAreas(): (AreaRange & { cpu: number })[];
}
