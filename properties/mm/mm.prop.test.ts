/**
 * The address-space properties (issue 6): impl/mm against the model under random commands and
 * fault plans, and systematically failed allocations; with the coverage they must prove (munmaps
 * across many VMAs, partial unmaps, -ENOMEM results, side-tree cross-checks).
 */
import { describe, expect, it } from 'vitest';
import { BASE_SEED, checkProperty, runsFromEnv, scaledCommands, scaledRuns } from '../seed.js';
import { mmProperty, mmSystematicProperty } from './mm-property.js';
import { emptyMmCoverage } from './mm-system.js';

const FILE = 'properties/mm/mm.prop.test.ts';
const RUNS = runsFromEnv('MAPLE_MM_RUNS', 100);

describe(`address space vs model (seed ${BASE_SEED})`, () => {
  const name = 'mmap, munmap, mprotect and brk agree with the model; failed operations change nothing';
  it(
    name,
    () => {
      const coverage = emptyMmCoverage();
      checkProperty(name, mmProperty({ maxCommands: scaledCommands(300), coverage }), { numRuns: RUNS, file: FILE, testName: name });
      console.log(name, JSON.stringify(coverage));
      if (scaledRuns(RUNS) >= 20) {
        expect(coverage.munmapsAcrossMany).toBeGreaterThan(0);
        expect(coverage.partialUnmaps).toBeGreaterThan(0);
        expect(coverage.enomem).toBeGreaterThan(0);
        expect(coverage.sideTreeChecks).toBeGreaterThan(0);
        expect(coverage.maxVmas).toBeGreaterThanOrEqual(50);
      }
    },
    300_000,
  );

  const sysName = 'every allocation of every mmap and munmap can fail and leaves the model state';
  it(
    sysName,
    () => {
      const coverage = emptyMmCoverage();
      checkProperty(sysName, mmSystematicProperty({ maxCommands: 10, coverage }), { numRuns: Math.ceil(RUNS / 2), file: FILE, testName: sysName });
      console.log(sysName, JSON.stringify(coverage));
      if (scaledRuns(RUNS) >= 20) expect(coverage.enomem).toBeGreaterThan(0);
    },
    300_000,
  );
});
