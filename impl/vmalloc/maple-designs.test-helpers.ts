/**
 * What the maple vmalloc example tests share: the designs under test, small configurations, and a
 * snapshot of everything a design shows, to assert "nothing changed".
 *
 * Invariant: helpers only build and read; every design a test builds is fresh.
 */
import type { MapleVmallocOptions } from './common/options.js';
import { GapVmalloc } from './gap/index.js';
import type { VmallocConfig, VmapAllocator } from './surface.js';
import { TwoTreeVmalloc } from './two-tree/index.js';

export const PAGE = 4096;
export const S = 2 ** 44;

/** A small space of `pages` pages at S (32 KiB aligned), 2 CPUs, lazy_max_pages as the kernel's. */
export function smallConfig(pages = 1024, extra: Partial<VmallocConfig> = {}): VmallocConfig {
  return { pageSize: PAGE, start: S, end: S + pages * PAGE, cpus: 2, ...extra };
}

export type MapleDesign = (config: VmallocConfig, options?: MapleVmallocOptions) => VmapAllocator & { validate(): void };

export const MAPLE_DESIGNS: readonly [string, MapleDesign][] = [
  ['maple-two-tree', (c, o) => new TwoTreeVmalloc(c, o)],
  ['maple-gap', (c, o) => new GapVmalloc(c, o)],
];

export interface Shown {
  free: { start: number; end: number }[];
  busy: { start: number; end: number; cpu: number }[];
  lazy: { start: number; end: number }[];
  lazyPages: number;
}

export function shown(v: VmapAllocator): Shown {
  return { free: v.freeBlocks(), busy: v.busyAreas(), lazy: v.lazyAreas(), lazyPages: v.lazyPages };
}
