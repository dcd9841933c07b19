/**
 * What the two-tree design's tests leave open about its busy side (busy-tree.ts), found by
 * mutation testing (npm run mutate), on a BusyTree driven directly: publish() puts an area in the
 * index when the preallocated nodes suffice (even if the allocator would now refuse a fresh store)
 * or when a GFP_NOWAIT store succeeds, and only otherwise in the retry queue — never both; and
 * validate() catches a lazy count that disagrees with the index, a queued area that is not busy or
 * overlaps an indexed one, while accepting a queued area that merely touches an indexed one.
 */
import { describe, expect, it } from 'vitest';
import { failNothing, type FaultPlan } from '../../alloc/node-allocator.js';
import { newNodeAllocator } from '../../maple/index.js';
import { preallocate } from '../common/prealloc.js';
import { storeNoFail } from '../common/undo-log.js';
import { MapleVmapArea } from '../common/vmap-area.js';
import { BusyTree } from './busy-tree.js';

const PAGE = 4096;
const SPACE = { start: 0, end: 1024 * PAGE };
const refuseAll: FaultPlan = { shouldFail: () => true, describe: () => 'refuse every request' };

function busyTree(): { busy: BusyTree; setPlan(plan: FaultPlan): void } {
  const allocator = newNodeAllocator();
  const busy = new BusyTree(allocator, SPACE);
  return { busy, setPlan: (plan) => (allocator.plan = plan) };
}

const pages = (first: number, n: number): MapleVmapArea => new MapleVmapArea(first * PAGE, (first + n) * PAGE, 0);

/** Eight areas indexed, so a further store into the tree needs new nodes. */
function populated(): { busy: BusyTree; setPlan(plan: FaultPlan): void } {
  const t = busyTree();
  for (let i = 0; i < 8; i++) expect(t.busy.publish(pages(4 * i, 2), null)).toBe('tree');
  t.busy.validate(0);
  return t;
}

/** Publishes va while the allocator refuses every node, so it waits in the retry queue. */
function publishQueued(t: { busy: BusyTree; setPlan(plan: FaultPlan): void }, va: MapleVmapArea): MapleVmapArea {
  t.setPlan(refuseAll);
  expect(t.busy.publish(va, null)).toBe('queued');
  t.setPlan(failNothing);
  return va;
}

describe('two-tree BusyTree: publish', () => {
  it('a GFP_NOWAIT store that succeeds indexes the area and does not queue it', () => {
    const { busy } = busyTree();
    const va = pages(3, 2);
    expect(busy.publish(va, null)).toBe('tree');
    expect(busy.retryQueue).toEqual([]);
    expect(busy.find(4 * PAGE)).toBe(va);
    expect(busy.areas()).toEqual([va]);
    busy.validate(0);
  });

  it('preallocated nodes that still suffice publish the area even when the allocator now refuses', () => {
    const { busy, setPlan } = populated();
    const va = pages(100, 3);
    const held = preallocate(busy.tree, va, 'GFP_KERNEL', { first: va.start, last: va.end - 1 });
    expect(held).not.toBeNull();
    setPlan(refuseAll);
    expect(busy.publish(va, held)).toBe('tree');
    expect(busy.retryQueue).toEqual([]);
    expect(busy.index.find(va.start)).toBe(va);
    busy.validate(0);
  });

  it('without nodes the area waits in the queue, findable; drain indexes it once nodes come back', () => {
    const t = populated();
    const { busy } = t;
    const va = publishQueued(t, pages(100, 3));
    expect(busy.retryQueue).toEqual([va]);
    expect(busy.index.find(va.start)).toBeNull();
    expect(busy.find(va.start + PAGE)).toBe(va);
    busy.validate(0);
    expect(busy.drain('GFP_NOWAIT')).toBe(1);
    expect(busy.index.find(va.start)).toBe(va);
    busy.validate(0);
  });
});

describe('two-tree BusyTree: freeing', () => {
  it('erasing an indexed area leaves the queue alone; a queued area leaves the queue when it becomes lazy', () => {
    const t = populated();
    const { busy } = t;
    const next = pages(2, 2); // touches the [0, 2) pages about to be erased
    expect(busy.publish(next, null)).toBe('tree');
    const queued = publishQueued(t, pages(100, 1));
    const indexed = busy.find(0) as MapleVmapArea;
    busy.erase(indexed, storeNoFail);
    expect(busy.find(0)).toBeUndefined();
    expect(busy.find(2 * PAGE)).toBe(next);
    expect(busy.retryQueue).toEqual([queued]);
    busy.validate(0);
    const lazy = busy.makeLazy(queued);
    expect(busy.retryQueue).toEqual([]);
    expect(busy.index.find(queued.start)).toBe(lazy);
    expect(busy.find(queued.start)).toBeUndefined();
    busy.validate(1);
    busy.erase(lazy, storeNoFail);
    expect(busy.index.find(queued.start)).toBeNull();
    busy.validate(0);
  });

  it('erasing a queued area takes it out of the queue and leaves the index as it was', () => {
    const t = populated();
    const { busy } = t;
    const queued = publishQueued(t, pages(100, 1));
    const before = busy.areas().filter((va) => va !== queued);
    busy.erase(queued, storeNoFail);
    expect(busy.retryQueue).toEqual([]);
    expect(busy.areas()).toEqual(before);
    busy.validate(0);
  });
});

describe('two-tree BusyTree: validate', () => {
  it('accepts a queued area that ends where an indexed one starts', () => {
    const t = populated();
    const { busy } = t;
    publishQueued(t, pages(3, 1)); // [3, 4) pages, touching the indexed [4, 6)
    expect(() => busy.validate(0)).not.toThrow();
    expect(busy.areas().map((va) => va.start / PAGE)).toEqual([0, 3, 4, 8, 12, 16, 20, 24, 28]);
  });

  it('rejects a lazy count that disagrees with the lazy entries of the index', () => {
    const { busy } = populated();
    busy.makeLazy(busy.find(0) as MapleVmapArea);
    busy.validate(1);
    expect(() => busy.validate(0)).toThrow(/holds 1 lazy areas, the lazy queue 0/);
  });

  it('rejects a queued area that is not busy', () => {
    const { busy } = populated();
    const lazy = pages(100, 1);
    lazy.state = 'lazy';
    busy.retryQueue.push(lazy);
    expect(() => busy.validate(0)).toThrow(/retry queue holds/);
  });

  it('rejects a queued area that overlaps an indexed one', () => {
    const { busy } = populated();
    busy.retryQueue.push(pages(5, 1)); // inside the indexed [4, 6) pages
    expect(() => busy.validate(0)).toThrow(/overlaps an indexed area/);
  });
});
