/**
 * What the rb-tree vmalloc tests leave open about the busy tree, found by mutation testing
 * (npm run mutate): inserting an area that overlaps a busy one is a bug that names both areas and
 * leaves the tree alone (the allocator never does it, so only a direct test reaches it); and
 * validate() catches an empty area and areas that overlap or are out of order, as well as broken
 * red-black rules.
 */
import { describe, expect, it } from 'vitest';
import { BusyTree } from './busy-tree.js';
import { VmapAreaNode } from './vmap-area.js';
import { vmapAreaNode } from './vmap-area.test-helpers.js';

/** Busy areas [0x1000, 0x2000), [0x3000, 0x4000), [0x4000, 0x6000) (touching is fine). */
function threeAreas(): { busy: BusyTree; areas: VmapAreaNode[] } {
  const busy = new BusyTree();
  const areas = [vmapAreaNode(0x3000, 0x4000), vmapAreaNode(0x1000, 0x2000), vmapAreaNode(0x4000, 0x6000)];
  for (const va of areas) busy.insert(va);
  busy.validate();
  return { busy, areas };
}

const listing = (busy: BusyTree): string[] => {
  const out: string[] = [];
  busy.tree.forEach((va) => out.push(String(va)));
  return out;
};

describe('BusyTree.insert', () => {
  it('an overlapping area is a bug that names both areas; the tree stays as it was', () => {
    const { busy } = threeAreas();
    const before = listing(busy);
    expect(before).toEqual(['vmap_area [0x1000, 0x2000)', 'vmap_area [0x3000, 0x4000)', 'vmap_area [0x4000, 0x6000)']);
    expect(() => busy.insert(vmapAreaNode(0x1800, 0x3800))).toThrow('vmalloc bug: vmap_area [0x1800, 0x3800) overlaps busy vmap_area [0x3000, 0x4000)');
    expect(() => busy.insert(vmapAreaNode(0x5000, 0x5001))).toThrow(/overlaps busy vmap_area \[0x4000, 0x6000\)/);
    expect(listing(busy)).toEqual(before);
    expect(busy.count).toBe(3);
    busy.validate();
    expect(busy.find(0x5000)?.start).toBe(0x4000);
  });
});

describe('BusyTree.validate catches', () => {
  it('an empty area', () => {
    const { busy, areas } = threeAreas();
    areas[0].end = areas[0].start;
    expect(() => busy.validate()).toThrow(/empty area/);
  });

  it('areas that overlap or are out of order', () => {
    const { busy, areas } = threeAreas();
    areas[1].end = 0x3001;
    expect(() => busy.validate()).toThrow(/overlap or are out of order/);
    const other = threeAreas();
    other.areas[1].start = 0x7000;
    other.areas[1].end = 0x8000;
    expect(() => other.busy.validate()).toThrow(/overlap or are out of order/);
  });

  it('a broken red-black rule', () => {
    const { busy } = threeAreas();
    (busy.tree.root as VmapAreaNode).red = true;
    expect(() => busy.validate()).toThrow(/root is red/);
  });
});
