/**
 * The registry of vmalloc designs: every property, scenario test and benchmark that runs "on every
 * design" iterates this array. A design is added by appending one entry (the maple designs add
 * 'maple-two-tree' and 'maple-gap').
 *
 * Invariants: names are unique; make() returns a fresh, empty allocator over exactly `config`
 * every time (runs never share state); a design whose allocations go through impl/alloc exposes
 * its fault seam (VmapAllocator.faults) and starts under options.faultPlan when one is given.
 */
import type { FaultPlan } from '../../impl/alloc/node-allocator.js';
import type { VmallocConfig, VmapAllocator } from '../../impl/vmalloc/surface.js';
import { RbVmapAllocator } from '../../impl/rbtree/index.js';
import { VmallocModel } from '../../model/vmalloc/index.js';
import { TwoTreeVmalloc } from '../../impl/vmalloc/two-tree/index.js';
import { GapVmalloc } from '../../impl/vmalloc/gap/index.js';

export interface DesignOptions {
  /** The plan the design's node allocations start under (default: fail nothing). */
  faultPlan?: FaultPlan;
  /** The per-CPU range cache / bump overlay (designs that have one); results are then only valid, not lowest. */
  percpuCache?: boolean;
}

export interface VmallocDesign {
  readonly name: string;
  make(config: VmallocConfig, options?: DesignOptions): VmapAllocator;
}

export const VMALLOC_DESIGNS: VmallocDesign[] = [
  { name: 'model', make: (config) => new VmallocModel(config) },
  { name: 'rbtree', make: (config, options = {}) => new RbVmapAllocator(config, options.faultPlan !== undefined ? { faultPlan: options.faultPlan } : {}) },
  { name: 'maple-two-tree', make: (config, options = {}) => new TwoTreeVmalloc(config, options) },
  { name: 'maple-gap', make: (config, options = {}) => new GapVmalloc(config, { faultPlan: options.faultPlan }) },
];

/** The design called `name`; throws naming the known ones otherwise. */
export function designNamed(name: string): VmallocDesign {
  const design = VMALLOC_DESIGNS.find((d) => d.name === name);
  if (design === undefined) throw new Error(`no vmalloc design '${name}' (known: ${VMALLOC_DESIGNS.map((d) => d.name).join(', ')})`);
  return design;
}

/** The designs checked against the model (every one but the model itself). */
export function designsUnderTest(): VmallocDesign[] {
  return VMALLOC_DESIGNS.filter((d) => d.name !== 'model');
}
