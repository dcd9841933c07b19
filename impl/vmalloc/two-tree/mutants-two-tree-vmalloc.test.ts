/**
 * The two-tree design's own contract, pinned where the shared examples do not reach (mutation
 * triage, issue #8): the clip statistics the benchmarks report, the steps the concurrent harness
 * runs (preload, release without leaking a node, preloadComplete for each half missing, commit
 * with a partial preload), the choice of search the `search` option names, the sleeping caller
 * that must not need GFP_NOWAIT nodes, validate() naming the two trees out of step, and the
 * in-use index preallocation a commit plans for exactly the area's range.
 */
import { describe, expect, it, vi } from 'vitest';
import { failFrom, failNonBlocking, failNothing, failNth } from '../../alloc/fault-plans.js';
import type { FaultPlan } from '../../alloc/node-allocator.js';
import { ENOMEM } from '../../errno.js';
import { Rcu } from '../../rcu/rcu.js';
import { mas_destroy } from '../../maple/index.js';
import { storeNoFail } from '../common/undo-log.js';
import { PAGE, S, shown, smallConfig } from '../maple-designs.test-helpers.js';
import { TwoTreeVmalloc, type Fit } from './index.js';

function liveNodes(v: TwoTreeVmalloc): number {
  return v.free.tree.allocator.live + v.busy.tree.allocator.live;
}

/** Fails every request numbered above `seq` (the numbering of the design's shared seam). */
function failAbove(seq: number): FaultPlan {
  return { shouldFail: (r) => r.seq > seq, describe: () => `fail above ${seq}` };
}

describe('TwoTreeVmalloc', () => {
  it('counts each clip by the edges it leaves (FL, LE, RE, NE), pcpu placements included', () => {
    const v = new TwoTreeVmalloc(smallConfig(16));
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S); // LE
    expect(v.alloc_vmap_area(PAGE, 4 * PAGE, S, v.config.end)).toBe(S + 4 * PAGE); // NE
    expect(v.alloc_vmap_area(3 * PAGE, PAGE, S, v.config.end)).toBe(S + PAGE); // FL
    expect(v.alloc_vmap_area(PAGE, PAGE, S + 15 * PAGE, v.config.end)).toBe(S + 15 * PAGE); // RE
    expect(v.stats.clips).toEqual({ FL: 1, LE: 1, RE: 1, NE: 1 });
    expect(v.pcpu_get_vm_areas([0], [PAGE], PAGE)).toEqual([S + 14 * PAGE]); // RE: placed from the top
    expect(v.stats.clips).toEqual({ FL: 1, LE: 1, RE: 2, NE: 1 });
    v.validate();
  });

  it('release gives back every preloaded node of both trees', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    const before = liveNodes(v);
    const p = v.preload('GFP_KERNEL');
    expect(liveNodes(v)).toBeGreaterThan(before);
    v.release(p);
    expect(liveNodes(v)).toBe(before);
  });

  it('preloadComplete is false when either tree, or both, got no nodes', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    const full = v.preload('GFP_KERNEL');
    expect(v.preloadComplete(full)).toBe(true);
    v.release(full);
    // How many requests the free tree's half of a preload makes, to fail just the busy half.
    const freeRequestsBefore = v.free.tree.allocator.requests;
    v.release(v.preload('GFP_KERNEL'));
    const freeHalf = v.free.tree.allocator.requests - freeRequestsBefore;
    // Each case: the plan from the next request on, and which halves get their nodes.
    const cases: [(seq: number) => FaultPlan, boolean, boolean][] = [
      [(seq) => failFrom(seq + 1), false, false],
      [(seq) => failNth(seq + 1), false, true],
      [(seq) => failAbove(seq + freeHalf), true, false],
    ];
    for (const [planFrom, freeGot, busyGot] of cases) {
      v.faults.plan = planFrom(v.faults.requests);
      const p = v.preload('GFP_KERNEL');
      expect([p.free !== null, p.busy !== null]).toEqual([freeGot, busyGot]);
      expect(v.preloadComplete(p)).toBe(false);
      v.release(p);
    }
  });

  it('commit with a preload missing its busy half still clips and publishes the area', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    const p = v.preload('GFP_KERNEL');
    mas_destroy(p.busy!);
    p.busy = null;
    const fit = v.findFit(2 * PAGE, PAGE, S, v.config.end) as Fit;
    expect(v.commit(fit, 1, p, 'GFP_KERNEL')).toBe(0);
    expect(v.find_vmap_area(S)).toEqual({ start: S, end: S + 2 * PAGE, cpu: 1 });
    v.validate();
  });

  it('commit with a preload missing its free half asks for the clip nodes again under GFP_NOWAIT', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    for (let i = 0; i < 20; i++) v.alloc_vmap_area(PAGE, 2 * PAGE, S, v.config.end);
    const p = v.preload('GFP_KERNEL');
    mas_destroy(p.free!);
    p.free = null;
    const fit = v.findFit(PAGE, PAGE, S, v.config.end) as Fit;
    expect(v.commit(fit, 0, p, 'GFP_NOWAIT')).toBe(0);
    expect(v.find_vmap_area(fit.addr)?.start).toBe(fit.addr);
    v.validate();
  });

  it('a sleeping caller whose own preallocation sufficed never depends on GFP_NOWAIT nodes', () => {
    const v = new TwoTreeVmalloc(smallConfig(256), { faultPlan: failNonBlocking() });
    // No-edge fits: each clip splits a block, so its store needs nodes.
    for (let i = 0; i < 40; i++) expect(v.alloc_vmap_area(PAGE, 2 * PAGE, S + (4 * i + 1) * PAGE, v.config.end)).toBe(S + (4 * i + 2) * PAGE);
    v.validate();
  });

  it('GFP_NOWAIT without any node: each call succeeds without nodes or is -ENOMEM having changed nothing', () => {
    const v = new TwoTreeVmalloc(smallConfig(256));
    v.faults.plan = failFrom(v.faults.requests + 1);
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const before = shown(v);
      // A no-edge fit each time: the clip splits a block in two.
      const addr = v.alloc_vmap_area(PAGE, 2 * PAGE, S + (4 * i + 1) * PAGE, v.config.end, { gfp: 'GFP_NOWAIT' });
      if (addr === -ENOMEM) {
        refused++;
        expect(shown(v)).toEqual(before);
      } else expect(addr).toBe(S + (4 * i + 2) * PAGE);
    }
    expect(refused).toBeGreaterThan(0);
    v.faults.plan = failNothing;
    v.validate();
  });

  it.each(['in-use-index', 'free-tree-walk'] as const)('search %s: the fit comes from the structure the option names', (search) => {
    const v = new TwoTreeVmalloc(smallConfig(64), { search });
    const walk = vi.spyOn(v.free, 'lowestFit');
    const index = vi.spyOn(v.busy.index, 'lowestFit');
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S);
    expect([walk.mock.calls.length > 0, index.mock.calls.length > 0]).toEqual([search === 'free-tree-walk', search === 'in-use-index']);
  });

  it('validate names a free tree that no longer matches the in-use index', () => {
    const v = new TwoTreeVmalloc(smallConfig(64));
    v.alloc_vmap_area(PAGE, PAGE, S, v.config.end);
    v.validate();
    v.free.clip({ addr: S + 8 * PAGE, size: PAGE, block: { start: S + PAGE, end: v.config.end } }, storeNoFail);
    expect(() => v.validate()).toThrow(/in-use index's gaps/);
  });

  it('commit preallocates in the in-use index only what the area\'s own range needs: none for an exact gap, even in RCU mode', () => {
    // In RCU mode a store into an exact gap needs no node, while one reaching even one address
    // into the next area replaces the leaf (one node): the count shows which range was planned.
    const v = new TwoTreeVmalloc(smallConfig(16), { rcu: new Rcu({ history: false }) });
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S);
    expect(v.alloc_vmap_area(PAGE, PAGE, S + 2 * PAGE, v.config.end)).toBe(S + 2 * PAGE);
    const busyNodes = v.busy.tree.allocator;
    const before = busyNodes.allocated;
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S + PAGE); // the one-page gap, exactly
    expect(busyNodes.allocated - before).toBe(0);
    v.validate();
  });
});
