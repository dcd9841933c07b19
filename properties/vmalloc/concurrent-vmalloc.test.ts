/**
 * Allocators on several simulated CPUs (impl/vmalloc/concurrent-*.ts) for both maple designs:
 * seeded random and PCT schedules over seeded CPU scripts, with and without injected node
 * allocation failures; exhaustive exploration of a small 2-CPU scenario; and the broken protocol
 * (find without the lock, commit without re-validating) caught with a shrunk schedule that
 * replays. Oracles: concurrent-harness.ts.
 */
import fc from 'fast-check';
import { failNonBlocking } from '../../impl/alloc/fault-plans.js';
import { describe, expect, it } from 'vitest';
import { explore, formatSchedule, PctStrategy, RandomStrategy, replayScenario, runScenario, sampleSchedules, type SampleResult } from '../../impl/sched/index.js';
import { BASE_SEED, propertySeed, replayCommand, runsFromEnv, scaledRuns } from '../seed.js';
import type { Actor } from '../../impl/sched/index.js';
import { readerActor } from '../../impl/vmalloc/concurrent-cpu.js';
import type { ConcurrentDesign, ConcurrentWorld } from '../../impl/vmalloc/concurrent-world.js';
import type { MapleVmapArea } from '../../impl/vmalloc/common/vmap-area.js';
import { GapVmalloc } from '../../impl/vmalloc/gap/index.js';
import type { VmallocConfig } from '../../impl/vmalloc/surface.js';
import {
  CONCURRENT_CONFIG,
  CONCURRENT_DESIGNS,
  ChoiceStrategy,
  choicesArb,
  concurrentScenario,
  emptyFigures,
  randomSpec,
  type ConcurrentSpec,
} from './concurrent-harness.js';

const FILE = 'properties/vmalloc/concurrent-vmalloc.test.ts';
const RUNS = scaledRuns(runsFromEnv('MAPLE_VMALLOC_CONCURRENT_RUNS', 150));

/** Two CPUs, each allocating one 2-page area then freeing it: small enough to enumerate. */
const SMALL: ConcurrentSpec = {
  scripts: [
    { cpu: 0, ops: [{ kind: 'alloc', pages: 2 }, { kind: 'free', index: 0 }] },
    { cpu: 1, ops: [{ kind: 'alloc', pages: 2 }, { kind: 'free', index: 0 }] },
  ],
  purgeRounds: 0,
  protocol: 'locked',
};

/** The race of seeds/000 at its smallest: two CPUs, one allocation each. */
const RACE: ConcurrentSpec = {
  scripts: [
    { cpu: 0, ops: [{ kind: 'alloc', pages: 2 }] },
    { cpu: 1, ops: [{ kind: 'alloc', pages: 2 }] },
  ],
  purgeRounds: 0,
  protocol: 'locked',
};

/** A sampled failure as text: what broke, the strategy, the schedule, and the command that replays it. */
function sampledFailure(result: SampleResult, testName: string): string | null {
  const f = result.firstFailure;
  if (f === null) return null;
  return `${failureText(f.error)}\n  run ${f.run}, ${f.strategy}, schedule ${formatSchedule(f.schedule)}\n  replay: ${replayCommand(FILE, testName, BASE_SEED)}`;
}

function failureText(error: unknown): string {
  const e = error as Error & { cause?: Error };
  return `${e.message}${e.cause !== undefined ? `: ${e.cause.message}` : ''}`;
}

/** Random scenarios with a locked reader actor added: the first failure's text, and the lookups that found an area. */
function withReader(makeDesign: (config: VmallocConfig) => ConcurrentDesign, seedName: string): { failure: string | null; found: number } {
  const base = propertySeed(seedName) >>> 0;
  const addrs = Array.from({ length: 12 }, (_, i) => CONCURRENT_CONFIG.start + i * 3 * CONCURRENT_CONFIG.pageSize);
  let found = 0;
  let run = 0;
  const extraActors = (world: ConcurrentWorld): Actor[] => {
    const report = world.onFound;
    world.onFound = (addr, area) => {
      if (area !== undefined) found++;
      report(addr, area);
    };
    return [readerActor(world, addrs)];
  };
  const result = sampleSchedules(() => concurrentScenario(randomSpec((base + run++) >>> 0, 'locked'), { makeDesign, extraActors })(), (r) => new RandomStrategy(r), { runs: RUNS });
  return { failure: sampledFailure(result, 'reader'), found };
}

it('the reader oracle catches a find_vmap_area that still returns freed (lazy) areas', () => {
  class LazyLeakingGap extends GapVmalloc {
    protected override lookup(addr: number): MapleVmapArea | undefined {
      return this.occupied.find(addr) ?? undefined; // broken: lazy entries too
    }
  }
  expect(withReader((config) => new LazyLeakingGap(config), 'broken reader').failure).toMatch(/a reader found .* which no CPU holds/);
});

it('the lock-order replay catches a design whose areas are valid but not the lowest fit', () => {
  // Broken on purpose: every search starts one page above vstart. No two CPUs share a range and
  // every area is inside the space, so only the replay on the model can tell.
  class OnePageHigh extends GapVmalloc {
    override findFit(size: number, align: number, vstart: number, vend: number) {
      return super.findFit(size, align, vstart + this.config.pageSize, vend);
    }
  }
  const failure = explore(concurrentScenario({ ...RACE }, { makeDesign: (config) => new OnePageHigh(config) }), { recordTrace: false }).firstFailure;
  expect(failureText(failure?.error)).toMatch(/lock-order replay: log entry 0 .* the model gives/);
});

describe.each(CONCURRENT_DESIGNS)(`%s on simulated CPUs (seed ${BASE_SEED})`, (name, makeDesign) => {
  it.each([
    ['random', (run: number) => new RandomStrategy(run)],
    ['PCT depth 2', (run: number) => new PctStrategy({ seed: run, depth: 2, steps: 60 })],
    ['PCT depth 3', (run: number) => new PctStrategy({ seed: run, depth: 3, steps: 60 })],
  ] as const)('%s schedules: no two CPUs own one range, and the lock order replays on the model', (strategyName, makeStrategy) => {
    const figures = emptyFigures();
    const base = propertySeed(`${name} concurrent ${strategyName}`) >>> 0;
    const result = sampleSchedules(
      // One spec per run: the run number picks both the CPU scripts and the schedule.
      (() => {
        let run = 0;
        return () => concurrentScenario(randomSpec((base + run++) >>> 0, 'locked'), { makeDesign, figures })();
      })(),
      makeStrategy,
      { runs: RUNS },
    );
    console.log(`${name} ${strategyName}: ${JSON.stringify(figures)}`);
    expect(sampledFailure(result, strategyName)).toBeNull();
    expect(figures.runs).toBe(RUNS);
    expect(figures.allocations).toBeGreaterThan(RUNS);
  });

  it('under injected node failures (p = 0.03): failed allocations change nothing and lose no area', () => {
    const figures = emptyFigures();
    const base = propertySeed(`${name} concurrent faults`) >>> 0;
    let run = 0;
    const result = sampleSchedules(
      () => concurrentScenario(randomSpec((base + run) >>> 0, 'locked', { p: 0.03, seed: base + run++ }), { makeDesign, figures })(),
      (r) => new RandomStrategy(r),
      { runs: RUNS },
    );
    console.log(`${name} faults: ${JSON.stringify(figures)}`);
    expect(sampledFailure(result, 'under injected node failures')).toBeNull();
    if (RUNS >= 50) expect(figures.enomem).toBeGreaterThan(0);
  });

  it('GFP_NOWAIT pressure (every non-blocking node request fails): nothing lost, two-tree publishes wait in the retry queue', () => {
    const figures = emptyFigures();
    const base = propertySeed(`${name} concurrent nowait`) >>> 0;
    let run = 0;
    const result = sampleSchedules(
      () => concurrentScenario({ ...randomSpec((base + run++) >>> 0, 'locked'), faultPlan: failNonBlocking }, { makeDesign, figures })(),
      (r) => new PctStrategy({ seed: r, depth: 2, steps: 60 }),
      { runs: RUNS },
    );
    console.log(`${name} GFP_NOWAIT pressure: ${JSON.stringify(figures)}`);
    expect(sampledFailure(result, 'GFP_NOWAIT pressure')).toBeNull();
    if (RUNS >= 50) expect(figures.nodeFailures).toBeGreaterThan(0);
    if (RUNS >= 50 && name === 'maple-two-tree') expect(figures.queued).toBeGreaterThan(0);
  });

  it('exhaustive: every interleaving of the small 2-CPU scenario passes', () => {
    const result = explore(concurrentScenario(SMALL, { makeDesign }), { recordTrace: false });
    console.log(`${name} exhaustive (2 CPUs, alloc + free each): ${result.schedules} interleavings, complete ${result.complete}`);
    expect(result).toMatchObject({ complete: true, failures: 0 });
    expect(result.schedules).toBeGreaterThan(10);
  });

  it.each([
    ['two CPUs allocate once each', RACE, /cpu\d got .* but cpu\d owns/],
    ['two CPUs allocate and free once each', SMALL, /cpu\d got .* but cpu\d (owns|freed)/],
  ] as const)('BROKEN protocol (find without the lock, no re-validation), %s: caught, with a shrunk schedule that replays', (what, spec, expected) => {
    const broken: ConcurrentSpec = { ...spec, protocol: 'unlocked-find-unchecked' };
    const all = explore(concurrentScenario(broken, { makeDesign }), { stopOnFailure: false, recordTrace: false });
    expect(all.complete).toBe(true);
    expect(all.failures).toBeGreaterThan(0);
    // The same scenario under the correct protocol passes every interleaving (the oracle is not noise).
    expect(explore(concurrentScenario({ ...spec, protocol: 'locked' }, { makeDesign }), { recordTrace: false }).failures).toBe(0);
    // fast-check shrinks the scheduler's choices to the fewest context switches that still fail.
    const make = concurrentScenario(broken, { makeDesign });
    const details = fc.check(
      fc.property(choicesArb(40), (choices) => runScenario(make(), new ChoiceStrategy(choices)).ok),
      { seed: propertySeed(`${name} broken protocol ${what}`), numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    const shrunk = runScenario(make(), new ChoiceStrategy(details.counterexample![0]));
    expect(shrunk.ok).toBe(false);
    const message = failureText(!shrunk.ok && shrunk.error);
    expect(message).toMatch(expected);
    console.log(`${name} broken protocol, ${what}: ${all.failures} of ${all.schedules} interleavings fail; shrunk choices [${details.counterexample![0].join(',')}] -> schedule ${formatSchedule(shrunk.schedule)}: ${message}`);
    expect(replayScenario(make(), shrunk.schedule).ok).toBe(false);
  });

  it('a locked find_vmap_area reader beside the CPUs (the slot the RCU readers will take) only ever finds held areas', () => {
    const { failure, found } = withReader(makeDesign, `${name} reader`);
    console.log(`${name} reader: ${found} lookups found an area`);
    expect(failure).toBeNull();
    expect(found).toBeGreaterThan(0);
  });

  it('optimistic protocol (find without the lock, re-validate under it): safe, though not always the lowest fit', () => {
    const figures = emptyFigures();
    const base = propertySeed(`${name} optimistic`) >>> 0;
    let run = 0;
    const result = sampleSchedules(
      () => concurrentScenario(randomSpec((base + run++) >>> 0, 'optimistic'), { makeDesign, figures })(),
      (r) => new PctStrategy({ seed: r, depth: 2, steps: 60 }),
      { runs: RUNS },
    );
    console.log(`${name} optimistic: ${JSON.stringify(figures)}`);
    expect(sampledFailure(result, 'optimistic protocol')).toBeNull();
  });
});
