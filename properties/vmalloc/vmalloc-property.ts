/**
 * The vmalloc stateful property, generic over the design registry: random command lists run on
 * one design and on the model, every result (address, errno, area, address list) and the free,
 * busy and lazy sets compared after every command, the design validated after every command.
 * With `faults`, fault-plan commands make the design's allocations fail and every failed call must
 * leave everything as the model had it before the call (vmalloc-system.ts, judgeCall).
 *
 * Invariant: systems are made fresh for every run (commandListProperty), over exactly `config`.
 */
import type { VmallocConfig } from '../../impl/vmalloc/surface.js';
import { commandListProperty, type CommandListOptions, type CommandListProperty } from '../model-run.js';
import type { VmallocDesign } from './designs.js';
import { vmallocCommandArb } from './vmalloc.commands.js';
import { emptyVmallocCoverage, makeVmallocSystems, type ModelFactory, type VmallocCoverage } from './vmalloc-system.js';

export interface VmallocPropertyOptions extends CommandListOptions {
  design: VmallocDesign;
  config: VmallocConfig;
  faults?: boolean;
  coverage?: VmallocCoverage;
  /** The model to compare with (default: the reference model; the oracle tests break it). */
  makeModel?: ModelFactory;
}

const hex = (x: number): string => `0x${x.toString(16)}`;

export function vmallocProperty(options: VmallocPropertyOptions): CommandListProperty {
  const coverage = options.coverage ?? emptyVmallocCoverage();
  const faults = options.faults === true;
  return commandListProperty(vmallocCommandArb(options.config, { faults }), options, coverage, {
    make: () => {
      const s = makeVmallocSystems(options.design, options.config, coverage, {}, options.makeModel);
      return { model: s, real: s };
    },
    picture: ({ real }) => {
      const list = (name: string, areas: { start: number; end: number }[]): string => `${name}: ${areas.map((a) => `[${hex(a.start)}, ${hex(a.end)})`).join(' ')}`;
      return [list('free', real.real.freeBlocks()), list('busy', real.real.busyAreas()), list('lazy', real.real.lazyAreas()), `lazyPages ${real.real.lazyPages}`].join('\n');
    },
  });
}

/** Small spaces, so they fill up, purges happen and -EBUSY is common; one ends at the top of the index space. */
export const PROPERTY_SPACES: readonly { name: string; config: VmallocConfig }[] = [
  { name: '64 pages', config: { pageSize: 4096, start: 2 ** 40, end: 2 ** 40 + 64 * 4096, cpus: 2, lazyMaxPages: 8 } },
  { name: '1024 pages at the top of the index space', config: { pageSize: 4096, start: 2 ** 53 - 1025 * 4096, end: 2 ** 53 - 4096, cpus: 4, lazyMaxPages: 48 } },
  { name: '4096 pages from address 4096', config: { pageSize: 4096, start: 4096, end: 4097 * 4096, cpus: 1, lazyMaxPages: 256 } },
];
