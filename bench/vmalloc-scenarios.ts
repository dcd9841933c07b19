/**
 * Timing the lib/test_vmalloc.c subtests (properties/vmalloc/test-vmalloc-scenarios.ts) on the
 * vmalloc designs of the registry (properties/vmalloc/designs.ts): the rb-tree baseline (upstream
 * mm/vmalloc.c) and the maple designs of the RFC.
 *
 * Invariants: every design runs every subtest with the same parameters and seed, on a fresh
 * allocator made untimed; only runScenario is timed; after each run (clock stopped) the design's
 * own validate() must pass and no busy area may be left, and its outcome (passed / failed /
 * xfailed, calls, NULL results and the hash of every address returned, in order) must equal the
 * baseline's, so the designs are timed doing exactly the same work; any difference throws. The
 * order of the designs rotates by repetition.
 */
import { DEFAULT_VMALLOC_CONFIG, type VmallocConfig } from '../impl/vmalloc/surface.js';
import { designNamed, type VmallocDesign } from '../properties/vmalloc/designs.js';
import { TEST_VMALLOC_SCENARIOS, runScenario, type ScenarioParams, type ScenarioResult } from '../properties/vmalloc/test-vmalloc-scenarios.js';
import { deriveSeed } from './prng.js';

export const BASELINE_DESIGN = 'rbtree';
export const MAPLE_DESIGNS = ['maple-two-tree', 'maple-gap'];

export interface ScenarioTimes {
  scenario: string;
  id: number;
  params: ScenarioParams;
  /** The baseline's outcome, which every design matched. */
  outcome: Omit<ScenarioResult, 'id' | 'name'>;
  /** Milliseconds per repetition, per design. */
  ms: Record<string, number[]>;
}

export interface VmallocBenchOptions {
  seed: number;
  reps: number;
  params: Omit<ScenarioParams, 'seed'>;
  config?: VmallocConfig;
}

function sameOutcome(a: ScenarioResult, b: ScenarioResult): boolean {
  return a.passed === b.passed && a.failed === b.failed && a.xfailed === b.xfailed && a.calls === b.calls && a.nulls === b.nulls && a.trace === b.trace;
}

function timedRun(design: VmallocDesign, config: VmallocConfig, scenarioIndex: number, params: ScenarioParams): { ms: number; result: ScenarioResult } {
  const a = design.make(config);
  const t0 = performance.now();
  const result = runScenario(a, TEST_VMALLOC_SCENARIOS[scenarioIndex], params);
  const ms = performance.now() - t0;
  a.validate();
  const left = a.busyAreas().length;
  if (left !== 0) throw new Error(`${design.name}: ${result.name} left ${left} busy areas`);
  return { ms, result };
}

export function vmallocScenarioTimes(o: VmallocBenchOptions): ScenarioTimes[] {
  const config = o.config ?? DEFAULT_VMALLOC_CONFIG;
  const designs = [BASELINE_DESIGN, ...MAPLE_DESIGNS].map(designNamed);
  const out: ScenarioTimes[] = TEST_VMALLOC_SCENARIOS.map((sc) => ({
    scenario: sc.name,
    id: sc.id,
    params: { ...o.params, seed: deriveSeed(o.seed, `vmalloc/${sc.name}`) },
    outcome: { passed: 0, failed: 0, xfailed: 0, repeat: 0, loops: 0, calls: 0, nulls: 0, trace: '' },
    ms: Object.fromEntries(designs.map((d) => [d.name, [] as number[]])),
  }));
  for (let rep = 0; rep < o.reps; rep++) {
    out.forEach((times, i) => {
      const results = new Map<string, ScenarioResult>();
      for (let k = 0; k < designs.length; k++) {
        const design = designs[(k + rep) % designs.length];
        const { ms, result } = timedRun(design, config, i, times.params);
        times.ms[design.name].push(ms);
        results.set(design.name, result);
      }
      const base = results.get(BASELINE_DESIGN) as ScenarioResult;
      for (const [name, r] of results) {
        if (!sameOutcome(r, base)) throw new Error(`${times.scenario}: ${name} ended ${JSON.stringify(r)}, the rb-tree ${JSON.stringify(base)}`);
      }
      const { id: _id, name: _name, ...outcome } = base;
      times.outcome = outcome;
    });
  }
  return out;
}
