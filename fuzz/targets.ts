/**
 * The fuzz targets a campaign can run: each is a fast-check property built from the property
 * suites, so a campaign checks exactly what `npm test` checks, only for longer.
 *
 * Invariants: a target's property is deterministic given fast-check's seed (and path); it records
 * what it reached in the coverage object it is given; target names are stable, because replay
 * commands and saved traces name them.
 */
import type fc from 'fast-check';
import { emptyCoverage, mapleProperty, type MapleCoverage } from '../properties/maple/maple-property.js';

export interface FuzzTarget {
  name: string;
  description: string;
  /** `replayPath`: fc.commands' replay path of a counterexample being replayed. */
  property(coverage: MapleCoverage, replayPath?: string): fc.IProperty<unknown[]>;
}

const MAX_COMMANDS = 2000;

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'maple-plain',
    description: 'plain maple tree vs interval-list model, up to 2,000 commands per run',
    property: (coverage, replayPath) => mapleProperty({ alloc: false, maxCommands: MAX_COMMANDS, coverage, replayPath }) as unknown as fc.IProperty<unknown[]>,
  },
  {
    name: 'maple-alloc',
    description: 'alloc-range maple tree (arange_64 nodes, gaps) vs model, up to 2,000 commands per run',
    property: (coverage, replayPath) => mapleProperty({ alloc: true, maxCommands: MAX_COMMANDS, coverage, replayPath }) as unknown as fc.IProperty<unknown[]>,
  },
];

export function findTarget(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}

export { emptyCoverage, type MapleCoverage };
