/**
 * Throughput of the model-checked property loop itself: fast-check's model-based run of the maple
 * property (properties/maple/maple-property.ts), with everything it does per command: generating
 * the command, running it on the tree and on the model, comparing results, and checkAgreement
 * (mt_validate plus the full entry comparison) after every command.
 *
 * Invariants: fc.check runs with a fixed seed (derived from the benchmark seed) and a fixed number
 * of runs, so the command lists are the same on every run with the same seed; the command count is
 * the property's own coverage counter (coverage.commands), not an estimate; a failed property
 * throws with fast-check's report instead of being timed. The time includes command generation;
 * a passing property never shrinks, so no shrinking is in it.
 */
import fc from 'fast-check';
import { emptyCoverage, mapleProperty } from '../properties/maple/maple-property.js';

export interface PropertyLoopResult {
  alloc: boolean;
  runs: number;
  commands: number;
  ms: number;
  maxEntries: number;
  maxHeight: number;
}

export function propertyLoop(alloc: boolean, seed: number, numRuns: number, maxCommands: number): PropertyLoopResult {
  const coverage = emptyCoverage();
  const t0 = performance.now();
  const details = fc.check(mapleProperty({ alloc, maxCommands, coverage }), { seed: seed | 0, numRuns });
  const ms = performance.now() - t0;
  if (details.failed) {
    throw new Error(`maple property failed during the benchmark (seed ${seed | 0}):\n${fc.defaultReportMessage(details) ?? ''}`);
  }
  return {
    alloc,
    runs: coverage.runs,
    commands: coverage.commands,
    ms,
    maxEntries: coverage.maxEntries,
    maxHeight: coverage.maxHeight,
  };
}
