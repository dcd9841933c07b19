/**
 * The gap design's own contract, pinned where the shared examples do not reach (mutation triage,
 * issue #8): it refuses a per-CPU overlay, its steps (release without leaking a node,
 * preloadComplete, commit asking again under GFP_NOWAIT when its own preallocation was refused, a
 * sleeping caller that never depends on GFP_NOWAIT nodes) and validate() naming a lazy queue out of
 * step with the tree.
 */
import { describe, expect, it } from 'vitest';
import { failFrom, failNonBlocking, failNth } from '../../alloc/fault-plans.js';
import { MapleVmapArea } from '../common/vmap-area.js';
import { PAGE, S, smallConfig } from '../maple-designs.test-helpers.js';
import { GapVmalloc, type GapFit } from './index.js';

describe('GapVmalloc', () => {
  it('refuses a per-CPU overlay; percpuCache: false is no overlay', () => {
    expect(() => new GapVmalloc(smallConfig(), { percpuCache: true })).toThrow(RangeError);
    expect(() => new GapVmalloc(smallConfig(), { percpuCache: {} })).toThrow(RangeError);
    new GapVmalloc(smallConfig(), { percpuCache: false }).validate();
  });

  it('release gives back every preloaded node; a refused preload is not complete', () => {
    const v = new GapVmalloc(smallConfig(64));
    const before = v.faults.live;
    const p = v.preload('GFP_KERNEL');
    expect(v.preloadComplete(p)).toBe(true);
    expect(v.faults.live).toBeGreaterThan(before);
    v.release(p);
    expect(v.faults.live).toBe(before);
    v.faults.plan = failFrom(v.faults.requests + 1);
    const refused = v.preload('GFP_KERNEL');
    expect(v.preloadComplete(refused)).toBe(false);
    v.release(refused);
  });

  it('a sleeping caller whose own preallocation sufficed never depends on GFP_NOWAIT nodes', () => {
    const v = new GapVmalloc(smallConfig(256), { faultPlan: failNonBlocking() });
    for (let i = 0; i < 40; i++) expect(v.alloc_vmap_area(PAGE, 2 * PAGE, S + (4 * i + 1) * PAGE, v.config.end)).toBe(S + (4 * i + 2) * PAGE);
    v.validate();
  });

  it('commit whose own preallocation is refused asks again under GFP_NOWAIT', () => {
    let retried = 0;
    for (let i = 0; i < 40; i++) {
      const v = new GapVmalloc(smallConfig(256));
      for (let k = 0; k < i; k++) v.alloc_vmap_area(PAGE, 2 * PAGE, S + (4 * k + 1) * PAGE, v.config.end);
      const fit = v.findFit(PAGE, 2 * PAGE, S + (4 * i + 1) * PAGE, v.config.end) as GapFit;
      const requests = v.faults.requests;
      v.faults.plan = failNth(requests + 1);
      expect(v.commit(fit, 0, null, 'GFP_KERNEL')).toBe(0);
      if (v.faults.failures > 0) retried++;
      expect(v.find_vmap_area(fit.addr)?.start).toBe(fit.addr);
      v.validate();
    }
    expect(retried).toBeGreaterThan(0);
  });

  it('validate names a lazy queue that does not match the lazy entries of the tree', () => {
    const v = new GapVmalloc(smallConfig(64));
    const a = v.alloc_vmap_area(PAGE, PAGE, S, v.config.end);
    const b = v.alloc_vmap_area(PAGE, PAGE, S, v.config.end);
    v.vfree(a);
    v.vfree(b);
    v.validate();
    // The queue holds the same pages as one area: the partition still holds, the count does not.
    v.lazy.takeAll();
    v.lazy.push(new MapleVmapArea(S, S + 2 * PAGE, 0));
    expect(() => v.validate()).toThrow(/lazy areas, the queue/);
  });
});
