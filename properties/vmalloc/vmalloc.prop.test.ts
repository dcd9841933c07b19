/**
 * The vmalloc properties (issue 5), for every design in the registry except the model: random
 * command lists agree with the model result by result and set by set, on small spaces (one at the
 * top of the index space); and under fault plans, where every call that fails for lack of memory
 * leaves the model's state. Coverage is asserted so the runs cannot pass on nothing: all four clip
 * cases, purges (and allocations that only succeeded after one), -EBUSY, -EINVAL, pcpu groups
 * placed, refused frees and, under faults, -ENOMEM.
 */
import { describe, expect, it } from 'vitest';
import { BASE_SEED, checkProperty, runsFromEnv, scaledRuns } from '../seed.js';
import { designsUnderTest, VMALLOC_DESIGNS } from './designs.js';
import { PROPERTY_SPACES, vmallocProperty } from './vmalloc-property.js';
import { emptyVmallocCoverage, type VmallocCoverage } from './vmalloc-system.js';

const FILE = 'properties/vmalloc/vmalloc.prop.test.ts';
const RUNS = runsFromEnv('MAPLE_VMALLOC_RUNS', 40);
const COMMANDS = 200;

function expectCoverage(coverage: VmallocCoverage, faults: boolean): void {
  if (scaledRuns(RUNS) < 20) return;
  const m = coverage.model;
  expect(m.clips.FL).toBeGreaterThan(0);
  expect(m.clips.LE).toBeGreaterThan(0);
  expect(m.clips.RE).toBeGreaterThan(0);
  expect(m.clips.NE).toBeGreaterThan(0);
  expect(m.purges).toBeGreaterThan(0);
  expect(m.retriesAfterPurge).toBeGreaterThan(0);
  expect(m.ebusy).toBeGreaterThan(0);
  expect(m.einval).toBeGreaterThan(0);
  expect(m.pcpuPlaced).toBeGreaterThan(0);
  expect(coverage.freesRefused).toBeGreaterThan(0);
  if (faults) expect(coverage.enomem).toBeGreaterThan(0);
}

it('the registry lists the model and the rb-tree baseline, each name once', () => {
  const names = VMALLOC_DESIGNS.map((d) => d.name);
  expect(names).toEqual(expect.arrayContaining(['model', 'rbtree']));
  expect(new Set(names).size).toBe(names.length);
});

for (const design of designsUnderTest()) {
  describe(`vmalloc design ${design.name} vs the model (seed ${BASE_SEED})`, () => {
    for (const space of PROPERTY_SPACES) {
      const name = `${design.name}, ${space.name}: every result and the free, busy and lazy sets equal the model's`;
      it(
        name,
        () => {
          const coverage = emptyVmallocCoverage();
          checkProperty(name, vmallocProperty({ design, config: space.config, maxCommands: COMMANDS, coverage }), { numRuns: RUNS, file: FILE, testName: name });
          console.log(name, JSON.stringify(coverage));
          expectCoverage(coverage, false);
        },
        120_000,
      );
    }

    const hasFaultSeam = design.make(PROPERTY_SPACES[0].config).faults !== undefined;
    const faultName = `${design.name}: a call that fails for lack of memory changes nothing`;
    it.skipIf(!hasFaultSeam)(
      faultName,
      () => {
        const coverage = emptyVmallocCoverage();
        for (const space of PROPERTY_SPACES.slice(0, 2)) {
          const name = `${faultName} (${space.name})`;
          checkProperty(name, vmallocProperty({ design, config: space.config, maxCommands: COMMANDS, coverage, faults: true }), { numRuns: RUNS, file: FILE, testName: faultName });
        }
        console.log(faultName, JSON.stringify(coverage));
        expectCoverage(coverage, true);
      },
      120_000,
    );
  });
}
