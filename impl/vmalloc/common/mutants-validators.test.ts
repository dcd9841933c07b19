/**
 * What the maple designs' own checks must catch, found by mutation testing (npm run mutate): the
 * designs never break these invariants, so the property suites only ever see the checks pass. Each
 * test here hands a check one deliberately broken state and asserts it throws (naming the set
 * that is wrong), and one sound state it must accept:
 * - checkPartition (space-check.ts): bad, unsorted, overlapping, touching-free areas; holes and
 *   overhang in the partition; a lazyPages that disagrees with the lazy areas;
 * - LazyQueue.validate: a page count that disagrees with the queue, a queued area not marked lazy;
 * - OccupiedTree.validate: an entry that is not a vmap_area, stored over another range, or
 *   outside the space;
 * - a design's validate() runs all of these.
 */
import { describe, expect, it } from 'vitest';
import { mtree_store_range, newNodeAllocator } from '../../maple/index.js';
import type { AreaRange, VmallocConfig } from '../surface.js';
import { GapVmalloc } from '../gap/index.js';
import { LazyQueue } from './lazy-queue.js';
import { OccupiedTree } from './occupied-tree.js';
import { checkPartition } from './space-check.js';
import { MapleVmapArea } from './vmap-area.js';

const P = 4096;
const config: VmallocConfig = { pageSize: P, start: 16 * P, end: 32 * P, cpus: 2 };
const r = (a: number, b: number): AreaRange => ({ start: a * P, end: b * P });

describe('checkPartition', () => {
  it('accepts a sound partition (busy and lazy areas may touch, free blocks may not)', () => {
    expect(() => checkPartition(config, [r(16, 18), r(22, 32)], [r(18, 19), r(19, 20)], [r(20, 21), r(21, 22)], 2)).not.toThrow();
    expect(() => checkPartition(config, [r(16, 32)], [], [], 0)).not.toThrow();
  });

  it.each([
    ['busy', 'empty', [], [r(16, 16), r(16, 32)], []],
    ['free', 'reversed', [r(32, 16)], [], []],
    ['busy', 'fractional', [r(16, 32)], [{ start: 0.5, end: P }], []],
    ['busy', 'unsafe end', [], [{ start: 16 * P, end: 2 ** 53 }], []],
    ['lazy', 'unsafe start', [], [], [{ start: NaN, end: 32 * P }]],
    ['busy', 'unsorted', [], [r(20, 32), r(16, 20)], []],
    ['lazy', 'overlapping', [], [], [r(16, 24), r(23, 32)]],
    ['free', 'touching', [r(16, 20), r(20, 32)], [], []],
  ])('names the %s set for a %s area list', (what, _why, free, busy, lazy) => {
    const lazyPages = lazy.reduce((s, a) => s + (a.end - a.start) / P, 0);
    expect(() => checkPartition(config, free, busy, lazy, Number.isNaN(lazyPages) ? 0 : lazyPages)).toThrow(new RegExp(`^${what}: `));
  });

  it('rejects a hole, an overhang, a short cover and a wrong lazyPages', () => {
    expect(() => checkPartition(config, [r(16, 20)], [r(21, 32)], [], 0)).toThrow(/do not partition the space at/);
    expect(() => checkPartition(config, [r(15, 32)], [], [], 0)).toThrow(/do not partition the space at/);
    expect(() => checkPartition(config, [r(16, 31)], [], [], 0)).toThrow(/not at the end of the space/);
    expect(() => checkPartition(config, [r(16, 33)], [], [], 0)).toThrow(/not at the end of the space/);
    expect(() => checkPartition(config, [r(16, 30)], [], [r(30, 32)], 1)).toThrow(/lazyPages 1 but lazy areas hold/);
  });
});

describe('LazyQueue.validate', () => {
  it('accepts what push builds and rejects a wrong count or a queued area that is not lazy', () => {
    const q = new LazyQueue(P);
    const va = new MapleVmapArea(16 * P, 18 * P, 0);
    q.push(va);
    expect(() => q.validate()).not.toThrow();
    q.restore({ list: [va], pages: 3 });
    expect(() => q.validate()).toThrow(/counts 3 pages but holds 2/);
    q.restore({ list: [va], pages: 2 });
    va.state = 'busy';
    expect(() => q.validate()).toThrow(/lazy queue holds/);
  });
});

describe('OccupiedTree.validate', () => {
  const space = { start: 16 * P, end: 32 * P };
  const build = (first: number, last: number, entry: unknown): OccupiedTree => {
    const t = new OccupiedTree(newNodeAllocator(), space);
    expect(mtree_store_range(t.tree, first, last, entry)).toBe(0);
    return t;
  };
  it('accepts an area stored over its own range inside the space', () => {
    expect(() => build(20 * P, 22 * P - 1, new MapleVmapArea(20 * P, 22 * P, 0)).validate()).not.toThrow();
    expect(() => build(16 * P, 32 * P - 1, new MapleVmapArea(16 * P, 32 * P, 0)).validate()).not.toThrow();
  });
  it.each([
    ['not a vmap_area', 20 * P, 22 * P - 1, { start: 20 * P, end: 22 * P }, /occupied tree holds/],
    ['starts elsewhere', 20 * P, 22 * P - 1, new MapleVmapArea(19 * P, 22 * P, 0), /occupied tree holds/],
    ['ends elsewhere', 20 * P, 22 * P - 1, new MapleVmapArea(20 * P, 23 * P, 0), /occupied tree holds/],
    ['below the space', 15 * P, 16 * P - 1, new MapleVmapArea(15 * P, 16 * P, 0), /outside the space/],
    ['just past the end of the space', 32 * P, 32 * P, new MapleVmapArea(32 * P, 32 * P + 1, 0), /outside the space/],
  ])('rejects an entry that is %s', (_why, first, last, entry, message) => {
    expect(() => build(first, last, entry).validate()).toThrow(message);
  });
});

describe("a design's validate() runs the checks", () => {
  it('catches a lazy queue that lost count', () => {
    const v = new GapVmalloc(config);
    const addr = v.alloc_vmap_area(2 * P, P, config.start, config.end);
    expect(v.vfree(addr)).toBe(0);
    expect(() => v.validate()).not.toThrow();
    v.lazy.restore({ list: v.lazy.areas(), pages: 5 });
    expect(() => v.validate()).toThrow(/counts 5 pages/);
  });
});
