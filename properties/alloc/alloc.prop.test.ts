/**
 * The four allocation-failure properties (issue 3), on plain and alloc-range trees, with the
 * coverage each must prove it reached: -ENOMEM results, retries through mas_nomem, lock-drop races,
 * preallocated stores of every store type that needs nodes, and interleaved preallocations both
 * caught short and still enough.
 */
import { describe, expect, it } from 'vitest';
import { BASE_SEED, checkProperty, runsFromEnv, scaledCommands, scaledRuns } from '../seed.js';
import { allocFailureProperty, systematicProperty } from './alloc-property.js';
import { emptyAllocCoverage } from './alloc-system.js';

const FILE = 'properties/alloc/alloc.prop.test.ts';
const RUNS = runsFromEnv('MAPLE_ALLOC_RUNS', 100);

describe(`allocation failure (seed ${BASE_SEED})`, () => {
  for (const alloc of [false, true]) {
    const flavour = alloc ? 'alloc-range' : 'plain';
    const name = `${flavour}: failed writes change nothing, nothing leaks, preallocations suffice or are caught (properties 1-3)`;
    it(
      name,
      () => {
        const coverage = emptyAllocCoverage();
        checkProperty(name, allocFailureProperty({ alloc, maxCommands: scaledCommands(500), coverage }), { numRuns: RUNS, file: FILE, testName: name });
        console.log(name, JSON.stringify(coverage));
        if (scaledRuns(RUNS) >= 20) {
          expect(coverage.enomem).toBeGreaterThan(0);
          expect(coverage.retried).toBeGreaterThan(0);
          expect(coverage.races).toBeGreaterThan(0);
          expect(coverage.shortDetected, 'interleaved refined preallocations caught short').toBeGreaterThan(0);
          expect(coverage.interleavedFine).toBeGreaterThan(0);
          for (const type of ['wr_store_root', 'wr_exact_fit', 'wr_append', 'wr_slot_store', 'wr_node_store', 'wr_split_store', 'wr_rebalance', 'wr_spanning_store']) {
            expect(coverage.preallocByType[type] ?? 0, type).toBeGreaterThan(0);
          }
        }
      },
      300_000,
    );

    const sysName = `${flavour}: every single allocation failure and every run-out point is survived (property 4)`;
    it(
      sysName,
      () => {
        const coverage = emptyAllocCoverage();
        checkProperty(sysName, systematicProperty({ alloc, maxCommands: 12, coverage }), { numRuns: Math.ceil(RUNS / 2), file: FILE, testName: sysName });
        console.log(sysName, JSON.stringify(coverage));
        if (scaledRuns(RUNS) >= 20) {
          expect(coverage.systematicRuns).toBeGreaterThan(100);
          expect(coverage.enomem).toBeGreaterThan(0);
          expect(coverage.retried).toBeGreaterThan(0);
        }
      },
      300_000,
    );
  }
});
