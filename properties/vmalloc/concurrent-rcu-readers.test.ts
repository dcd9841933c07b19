/**
 * Lock-free find_vmap_area under RCU (issue 5, "lock-free find_vmap_area readers under RCU"): both
 * maple designs with their in-use index in RCU mode, CPUs allocating / freeing / purging under the
 * vmap lock, step-wise RCU readers and the grace-period actor, under seeded random and PCT
 * schedules and with injected node failures. Oracles in concurrent-rcu-readers.ts; the broken
 * variant is the same design without RCU (replaced index nodes freed at once): a reader inside
 * touches one (UseAfterFreeError).
 */
import { describe, expect, it } from 'vitest';
import { PctStrategy, RandomStrategy, formatSchedule, sampleSchedules, type Strategy } from '../../impl/sched/index.js';
import { Rcu } from '../../impl/rcu/index.js';
import { GapVmalloc } from '../../impl/vmalloc/gap/index.js';
import type { ConcurrentDesign } from '../../impl/vmalloc/concurrent-world.js';
import type { VmallocConfig } from '../../impl/vmalloc/surface.js';
import { TwoTreeVmalloc } from '../../impl/vmalloc/two-tree/index.js';
import { BASE_SEED, propertySeed, replayCommand, runsFromEnv, scaledRuns } from '../seed.js';
import { concurrentScenario, emptyFigures, randomSpec } from './concurrent-harness.js';
import { emptyRcuReaderFigures, rcuReaderActors, type RcuReaderFigures } from './concurrent-rcu-readers.js';

const FILE = 'properties/vmalloc/concurrent-rcu-readers.test.ts';
const UNSCALED_RUNS = runsFromEnv('MAPLE_VMALLOC_RCU_RUNS', 120);
const RUNS = scaledRuns(UNSCALED_RUNS);

type MakeDesign = (config: VmallocConfig, rcu: Rcu | undefined) => ConcurrentDesign;

const DESIGNS: readonly [string, MakeDesign][] = [
  ['maple-two-tree', (config, rcu) => new TwoTreeVmalloc(config, rcu !== undefined ? { rcu } : {})],
  ['maple-gap', (config, rcu) => new GapVmalloc(config, rcu !== undefined ? { rcu } : {})],
];

function hunt(testName: string, makeDesign: MakeDesign, withRcu: boolean, faults: boolean, figures: RcuReaderFigures, runs = RUNS): string | null {
  const base = propertySeed(testName);
  const allocFigures = emptyFigures();
  let run = 0;
  const scenario = (): ReturnType<ReturnType<typeof concurrentScenario>> => {
    const seed = (base + run++) >>> 0;
    // The readers' domain: the design's index frees through it, and its grace-period actor ends them.
    const rcu = new Rcu({ history: false });
    const spec = randomSpec(seed, 'locked', faults ? { p: 0.03, seed } : undefined);
    return concurrentScenario(spec, {
      makeDesign: (config) => makeDesign(config, withRcu ? rcu : undefined),
      figures: allocFigures,
      extraActors: rcuReaderActors(rcu, 2, 4, seed, figures),
    })();
  };
  const strategy = (r: number): Strategy => (r % 2 === 0 ? new RandomStrategy(base + r) : new PctStrategy({ seed: base + r, depth: 2 + (r % 3 === 0 ? 1 : 0), steps: 120 }));
  const result = sampleSchedules(scenario, strategy, { runs });
  const f = result.firstFailure;
  if (f === null) return null;
  const error = f.error instanceof Error ? f.error.message : String(f.error);
  return `${error}\n  run ${f.run}, ${f.strategy}, schedule ${formatSchedule(f.schedule)}\n  replay: ${replayCommand(FILE, testName, BASE_SEED)}`;
}

describe.each(DESIGNS)(`%s: lock-free find_vmap_area under RCU (seed ${BASE_SEED})`, (name, makeDesign) => {
  it('readers find exactly the areas held during their section, never a freed node', () => {
    const figures = emptyRcuReaderFigures();
    const failure = hunt(`${name} rcu readers`, makeDesign, true, false, figures);
    expect(failure).toBeNull();
    console.log(`${name}: ${RUNS} runs, ${figures.lookups} lock-free lookups (${figures.found} found), ${figures.visits} node visits, ${figures.restarts} restarts on dead nodes`);
    expect(figures.found).toBeGreaterThan(0);
    expect(figures.lookups - figures.found).toBeGreaterThan(0);
    expect(figures.restarts).toBeGreaterThan(0);
  });

  it('the same with node allocation failures injected into the CPUs', () => {
    const figures = emptyRcuReaderFigures();
    expect(hunt(`${name} rcu readers, faults`, makeDesign, true, true, figures)).toBeNull();
  });

  it('broken variant: the index without RCU frees replaced nodes at once, and a reader is caught', () => {
    // Not scaled by MAPLE_RUNS_SCALE: the broken variant must be caught however few runs the sound one gets.
    const failure = hunt(`${name} rcu readers, no rcu`, makeDesign, false, false, emptyRcuReaderFigures(), UNSCALED_RUNS);
    expect(failure).not.toBeNull();
    expect(failure).toMatch(/use after free/i);
  });
});
