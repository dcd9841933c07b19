/**
 * Allocation failure in the maple designs, example by example: -ENOMEM changes nothing (also when
 * the call had purged first: the purge is rolled back), the area is not lost, and the two-tree
 * design's retry queue absorbs a publish that cannot get nodes under GFP_NOWAIT (RFC patch 5).
 */
import { describe, expect, it } from 'vitest';
import { failFrom, failNonBlocking, failNothing, failNth } from '../alloc/fault-plans.js';
import { EBUSY, ENOMEM } from '../errno.js';
import { MAPLE_DESIGNS, PAGE, S, shown, smallConfig } from './maple-designs.test-helpers.js';
import { TwoTreeVmalloc } from './two-tree/index.js';

describe.each(MAPLE_DESIGNS)('%s under allocation failure', (_name, make) => {
  it('every node refused from some point on: each allocation succeeds (its stores needed no node) or is -ENOMEM having changed nothing', () => {
    const v = make(smallConfig(256));
    v.faults!.plan = failFrom(v.faults!.requests + 1);
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      const before = shown(v);
      const failures = v.faults!.failures;
      const addr = v.alloc_vmap_area((1 + (i % 3)) * PAGE, (i % 4 === 0 ? 4 : 1) * PAGE, S, v.config.end);
      if (addr === -ENOMEM) {
        refused++;
        expect(v.faults!.failures).toBeGreaterThan(failures);
        expect(shown(v)).toEqual(before);
      } else expect(addr).toBeGreaterThanOrEqual(S);
      v.validate();
    }
    expect(refused).toBeGreaterThan(10);
  });

  it('a failure after the purge the call ran itself: the purge is rolled back, the lazy areas stay lazy', () => {
    let rolledBack = 0;
    for (let n = 16; n <= 200; n += 4) {
      const v = make(smallConfig(n, { lazyMaxPages: n }));
      const areas = Array.from({ length: n }, () => v.alloc_vmap_area(PAGE, PAGE, S, v.config.end));
      areas.forEach((a, i) => i % 4 !== 0 && v.vfree(a)); // 3-page lazy holes; nothing free
      const before = shown(v);
      expect(before.free).toEqual([]);
      // The purge's own stores are GFP_NOFAIL; the commit's requests are refused.
      v.faults!.plan = failFrom(v.faults!.requests + 1);
      // A no-edge fit (1 page at 2-page alignment in a 3-page hole): two more ranges in each tree.
      const addr = v.alloc_vmap_area(PAGE, 2 * PAGE, S, v.config.end);
      if (addr === -ENOMEM) {
        rolledBack++;
        expect(shown(v)).toEqual(before);
        v.validate();
        v.faults!.plan = failNothing;
        expect(v.alloc_vmap_area(PAGE, 2 * PAGE, S, v.config.end)).toBe(S + 2 * PAGE);
      } else expect(addr).toBe(S + 2 * PAGE);
      expect(v.lazyPages).toBe(0);
      v.validate();
    }
    expect(rolledBack).toBeGreaterThan(0);
  });

  it('one refused request (failNth) at each position of a fresh allocation: -ENOMEM or success, never a half-done state', () => {
    for (let k = 1; k <= 8; k++) {
      const v = make(smallConfig(64));
      for (let i = 0; i < 30; i++) v.alloc_vmap_area(PAGE, PAGE, S, v.config.end);
      const before = shown(v);
      v.faults!.plan = failNth(v.faults!.requests + k);
      const addr = v.alloc_vmap_area(2 * PAGE, PAGE, S, v.config.end);
      if (addr === -ENOMEM) expect(shown(v)).toEqual(before);
      else expect(addr).toBe(S + 30 * PAGE);
      v.validate();
    }
  });

  it('pcpu_get_vm_areas under failure: -ENOMEM with nothing placed; an impossible group is -EBUSY', () => {
    const v = make(smallConfig(256));
    for (let i = 0; i < 40; i++) v.alloc_vmap_area(PAGE, PAGE, S, v.config.end);
    const before = shown(v);
    v.faults!.plan = failFrom(v.faults!.requests + 1);
    expect(v.pcpu_get_vm_areas([0, 32 * PAGE], [16 * PAGE, 16 * PAGE], 16 * PAGE)).toBe(-ENOMEM);
    expect(shown(v)).toEqual(before);
    v.faults!.plan = failNothing;
    expect(v.pcpu_get_vm_areas([0, 32 * PAGE], [16 * PAGE, 16 * PAGE], 16 * PAGE)).toEqual([v.config.end - 48 * PAGE, v.config.end - 16 * PAGE]);
    expect(v.pcpu_get_vm_areas([0], [208 * PAGE], 16 * PAGE)).toBe(-EBUSY);
    v.validate();
  });
});

describe('maple-two-tree: the retry queue (RFC patch 5)', () => {
  it('GFP_NOWAIT pressure: the clip needs no node, the publish does: the area waits in the queue, findable and freeable', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    v.faults.plan = failNonBlocking();
    // The busy tree is empty: its first entry needs a node; the free tree's left-edge clip is a
    // slot store that needs none.
    const a = v.alloc_vmap_area(2 * PAGE, PAGE, S, v.config.end, { gfp: 'GFP_NOWAIT' });
    expect(a).toBe(S);
    expect(v.busy.retryQueue.map((va) => va.start)).toEqual([S]);
    expect(v.stats.queued).toBe(1);
    v.validate();
    expect(v.find_vmap_area(S + PAGE)).toEqual({ start: S, end: S + 2 * PAGE, cpu: 0 });
    expect(v.busyAreas()).toEqual([{ start: S, end: S + 2 * PAGE, cpu: 0 }]);
    // The range is owned: the next allocation does not get it.
    const b = v.alloc_vmap_area(PAGE, PAGE, S, v.config.end, { gfp: 'GFP_NOWAIT' });
    expect(b).toBe(S + 2 * PAGE);
    v.validate();
    // Pressure gone: the next publisher drains the queue into the tree first.
    v.faults.plan = failNothing;
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S + 3 * PAGE);
    expect(v.busy.retryQueue).toEqual([]);
    expect(v.stats.drained).toBeGreaterThan(0);
    expect(v.vfree(S)).toBe(0);
    expect(v.lazyAreas()).toEqual([{ start: S, end: S + 2 * PAGE }]);
    v.validate();
  });

  it('a queued area freed before it was ever indexed leaves the queue and becomes lazy', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    v.faults.plan = failNonBlocking();
    const a = v.alloc_vmap_area(PAGE, PAGE, S, v.config.end, { gfp: 'GFP_NOWAIT' });
    expect(v.busy.retryQueue).toHaveLength(1);
    expect(v.vfree(a)).toBe(0);
    expect(v.busy.retryQueue).toHaveLength(0);
    expect(v.vfree(a)).toBe(-22);
    expect(v.purge_vmap_area_lazy()).toBe(1);
    expect(v.freeBlocks()).toEqual([{ start: S, end: v.config.end }]);
    v.validate();
  });

  it('a sleeping caller is not queued: it gets -ENOMEM before the clip', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    const before = shown(v);
    v.faults.plan = failFrom(1);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(-ENOMEM);
    expect(v.busy.retryQueue).toEqual([]);
    expect(shown(v)).toEqual(before);
  });
});
