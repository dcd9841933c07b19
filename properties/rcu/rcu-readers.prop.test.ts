/**
 * RCU readers against the model's history while writers (serialised on the tree lock, some with
 * allocation failures injected) publish word by word and grace periods end whenever the scheduler
 * says: the RCU issue's properties (see rcu-scenario.ts for the list), on plain and alloc-range
 * trees, under seeded random and PCT schedules.
 */
import { describe, expect, it } from 'vitest';
import { BASE_SEED, checkProperty, runsFromEnv } from '../seed.js';
import { emptyRcuStats, rcuProperty } from './rcu-property.js';

const FILE = 'properties/rcu/rcu-readers.prop.test.ts';
const RUNS = runsFromEnv('MAPLE_RCU_READER_RUNS', 300);
const SCHEDULES = 8;

describe(`RCU readers vs the model's history (seed ${BASE_SEED})`, () => {
  const name = 'readers see old-or-new values, never NULL or a stranger, and nothing is freed early or leaked';
  it(
    name,
    () => {
      const stats = emptyRcuStats();
      checkProperty(name, rcuProperty({ schedulesPerCase: SCHEDULES, stats }), { numRuns: RUNS, file: FILE, testName: name });
      console.log(name, JSON.stringify(stats));
      // The property must have exercised what it claims to check.
      expect(stats.reads).toBeGreaterThan(RUNS);
      expect(stats.publishSteps).toBeGreaterThan(RUNS);
      expect(stats.inPlaceStores).toBeGreaterThan(0);
      expect(stats.enomem).toBeGreaterThan(0);
      expect(stats.restarts).toBeGreaterThan(0);
      expect(stats.callbacks).toBeGreaterThan(0);
    },
    300_000,
  );
});
