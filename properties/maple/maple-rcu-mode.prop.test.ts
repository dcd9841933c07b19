/**
 * The maple property with the tree in RCU mode (MT_FLAGS_USE_RCU), where writes copy nodes instead
 * of changing them in place: the results, contents and validity must be the same as ever, and the
 * preallocation counts (which differ in RCU mode) must still cover every write. Readers running
 * concurrently with these writers are the RCU issue's properties; this one checks the writers alone.
 */
import { describe, expect, it } from 'vitest';
import { BASE_SEED, checkProperty, runsFromEnv, scaledCommands } from '../seed.js';
import { emptyCoverage, mapleProperty } from './maple-property.js';

const FILE = 'properties/maple/maple-rcu-mode.prop.test.ts';
const RUNS = runsFromEnv('MAPLE_RCU_RUNS', 30);

describe(`maple tree in RCU mode vs model (seed ${BASE_SEED})`, () => {
  for (const alloc of [false, true]) {
    const name = `${alloc ? 'alloc-range' : 'plain'} tree in RCU mode agrees with the model`;
    it(
      name,
      () => {
        const coverage = emptyCoverage();
        checkProperty(name, mapleProperty({ alloc, rcu: true, maxCommands: scaledCommands(2000), coverage }), { numRuns: RUNS, file: FILE, testName: name });
        console.log(name, JSON.stringify({ runs: coverage.runs, commands: coverage.commands, maxHeight: coverage.maxHeight }));
        expect(coverage.runs).toBeGreaterThan(0);
      },
      300_000,
    );
  }
});
