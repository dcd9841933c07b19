/**
 * The fuzz targets a campaign can run: each is a fast-check property built from the property
 * suites, so a campaign checks exactly what `npm test` checks, only for longer.
 *
 * Invariants: a target's property is deterministic given fast-check's seed (and path); it records
 * what it reached in the coverage object it is given (which always counts `commands`); target
 * names are stable, because replay commands and saved traces name them.
 */
import type fc from 'fast-check';
import { allocFailureProperty } from '../properties/alloc/alloc-property.js';
import { emptyAllocCoverage, type AllocCoverage } from '../properties/alloc/alloc-system.js';
import { emptyCoverage, mapleProperty, type MapleCoverage } from '../properties/maple/maple-property.js';
import { mmProperty } from '../properties/mm/mm-property.js';
import { emptyMmCoverage, type MmCoverage } from '../properties/mm/mm-system.js';

export interface TargetCoverage {
  runs: number;
  commands: number;
}

export interface FuzzTarget {
  name: string;
  description: string;
  newCoverage(): TargetCoverage;
  /** `replayPath`: fc.commands' replay path of a counterexample being replayed. */
  property(coverage: TargetCoverage, replayPath?: string): fc.IProperty<unknown[]>;
  /** One line of what the runs reached. */
  summarise(coverage: TargetCoverage): string;
}

const MAX_COMMANDS = 2000;
const ALLOC_COMMANDS = 500;

function mapleTarget(name: string, alloc: boolean, description: string): FuzzTarget {
  return {
    name,
    description,
    newCoverage: emptyCoverage,
    property: (coverage, replayPath) =>
      mapleProperty({ alloc, maxCommands: MAX_COMMANDS, coverage: coverage as MapleCoverage, replayPath }) as unknown as fc.IProperty<unknown[]>,
    summarise: (coverage) => {
      const c = coverage as MapleCoverage;
      return `${c.runs} runs, ${c.commands} commands, max height ${c.maxHeight}, max entries ${c.maxEntries}, max nodes ${c.maxNodes}`;
    },
  };
}

function allocTarget(name: string, alloc: boolean, description: string): FuzzTarget {
  return {
    name,
    description,
    newCoverage: emptyAllocCoverage,
    property: (coverage, replayPath) =>
      allocFailureProperty({ alloc, maxCommands: ALLOC_COMMANDS, coverage: coverage as AllocCoverage, replayPath }) as unknown as fc.IProperty<unknown[]>,
    summarise: (coverage) => {
      const c = coverage as AllocCoverage;
      return `${c.runs} runs, ${c.commands} commands, ${c.enomem} -ENOMEM, ${c.retried} retried, ${c.races} lock-drop races, ${c.shortDetected} short preallocations caught`;
    },
  };
}

const mmTarget: FuzzTarget = {
  name: 'mm',
  description: 'address space (mmap, munmap through the side tree, mprotect, brk) vs model, under fault plans',
  newCoverage: emptyMmCoverage,
  property: (coverage, replayPath) => mmProperty({ maxCommands: 500, coverage: coverage as MmCoverage, replayPath }) as unknown as fc.IProperty<unknown[]>,
  summarise: (coverage) => {
    const c = coverage as MmCoverage;
    return `${c.runs} runs, ${c.commands} commands, ${c.sideTreeChecks} side-tree checks, ${c.munmapsAcrossMany} munmaps across 3+ VMAs, ${c.enomem} -ENOMEM, max VMAs ${c.maxVmas}`;
  },
};

export const TARGETS: readonly FuzzTarget[] = [
  mapleTarget('maple-plain', false, 'plain maple tree vs interval-list model, up to 2,000 commands per run'),
  mapleTarget('maple-alloc', true, 'alloc-range maple tree (arange_64 nodes, gaps) vs model, up to 2,000 commands per run'),
  allocTarget('enomem-plain', false, 'plain tree under changing fault plans: -ENOMEM, retries, lock-drop races, preallocation'),
  allocTarget('enomem-alloc', true, 'alloc-range tree under changing fault plans: -ENOMEM, retries, lock-drop races, preallocation'),
  mmTarget,
];

export function findTarget(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
