/**
 * Model-based property tests of the maple tree (plain and alloc-range trees): random command lists
 * of up to 2,000 commands, every result compared with the model, mt_validate after every command.
 * The coverage test proves the mix reaches deep trees and every write path.
 */
import { describe, expect, it } from 'vitest';
import { BASE_SEED, checkProperty } from '../seed.js';
import { emptyCoverage, mapleProperty } from './maple-property.js';

const FILE = 'properties/maple/maple.prop.test.ts';
const RUNS = Number(process.env.MAPLE_PROP_RUNS ?? 100);

describe(`maple tree vs model (seed ${BASE_SEED})`, () => {
  for (const alloc of [false, true]) {
    const name = `${alloc ? 'alloc-range' : 'plain'} tree agrees with the model on random command lists`;
    it(name, () => {
      const coverage = emptyCoverage();
      const t0 = Date.now();
      checkProperty(name, mapleProperty({ alloc, maxCommands: 2000, coverage }), { numRuns: RUNS, file: FILE, testName: name });
      console.log(name, JSON.stringify({ ...coverage, ms: Date.now() - t0 }));
      expect(coverage.runs).toBeGreaterThanOrEqual(RUNS);
      expect(coverage.maxHeight).toBeGreaterThanOrEqual(4);
      expect(coverage.maxEntries).toBeGreaterThanOrEqual(2000);
      for (const [type, count] of Object.entries(coverage.storeTypes)) expect(count, type).toBeGreaterThan(0);
    });
  }
});
