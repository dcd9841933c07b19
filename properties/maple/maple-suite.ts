/**
 * The maple property suite for one tree flavour (plain or alloc-range), shared by the two test
 * files so vitest runs the flavours in parallel workers.
 *
 * Invariants: MAPLE_PROP_RUNS command lists (default 100, scaled by MAPLE_RUNS_SCALE) of up to
 * 2,000 commands each; the test fails unless the mix provably reached height >= 4, thousands of
 * entries, every write path (counted by the tree's onWrite observer, not assumed) and every edge
 * of edges.ts (index 0, MAX_INDEX, one-index and partial stores, stores replacing many ranges,
 * erase of absent indices, -EEXIST, -EBUSY).
 */
import { expect, it } from 'vitest';
import { checkProperty, runsFromEnv, scaledCommands, scaledRuns } from '../seed.js';
import { emptyCoverage, mapleProperty } from './maple-property.js';

export const MAX_COMMANDS = 2000;
export const DEFAULT_RUNS = 100;
/** Generous: 100 runs take ~40 s on a 2-core machine; the budget is for slow shared runners. */
const TIMEOUT_MS = 600_000;

export function mapleSuite(alloc: boolean, file: string): void {
  const runs = runsFromEnv('MAPLE_PROP_RUNS', DEFAULT_RUNS);
  const name = `${alloc ? 'alloc-range' : 'plain'} tree agrees with the model on random command lists`;
  it(
    name,
    () => {
      const coverage = emptyCoverage();
      const t0 = Date.now();
      checkProperty(name, mapleProperty({ alloc, maxCommands: scaledCommands(MAX_COMMANDS), coverage }), { numRuns: runs, file, testName: name });
      console.log(name, JSON.stringify({ ...coverage, ms: Date.now() - t0 }));
      expect(coverage.runs).toBeGreaterThanOrEqual(scaledRuns(runs));
      if (scaledRuns(runs) >= 20) {
        // Depth and size goals need enough runs to be reached; small smoke runs skip them.
        expect(coverage.maxHeight).toBeGreaterThanOrEqual(4);
        expect(coverage.maxEntries).toBeGreaterThanOrEqual(2000);
        for (const [type, count] of Object.entries(coverage.storeTypes)) expect(count, type).toBeGreaterThan(0);
        for (const [edge, count] of Object.entries(coverage.edges)) {
          // alloc_range on a plain tree is -EINVAL (no gaps kept), so -EBUSY is an alloc-tree edge.
          if (edge === 'alloc refused -EBUSY' && !alloc) expect(count, edge).toBe(0);
          else expect(count, edge).toBeGreaterThan(0);
        }
      }
    },
    TIMEOUT_MS,
  );
}
