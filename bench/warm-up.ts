/**
 * The warm-up before anything is timed: every measuring code path of the selected sections (all
 * range-map workloads on every structure, the three checking runs, both property loops, the gap
 * search, the vmalloc subtests on every design) at a
 * small size with short budgets, over and over until the time is up (at least once), so the JIT
 * has settled before the first figure; results are checked as always, then dropped.
 *
 * Invariant: the warm-up draws from other PRNG streams ('warm-up/' labels) than the measured runs,
 * so it changes no measured input.
 */
import { checkingCost } from './checked-loop.js';
import { deriveSeed } from './prng.js';
import { propertyLoop } from './property-loop.js';
import { STRUCTURES } from './range-map/structures.js';
import { rangeMapSize } from './range-session.js';
import { gapSearchAt } from './section-gap-search.js';
import type { SectionName, Settings } from './settings.js';
import { vmallocScenarioTimes } from './vmalloc-scenarios.js';

const WARM_UP_N = 2000;
const WARMED: readonly SectionName[] = ['range-map', 'checking', 'property', 'gap-search', 'vmalloc'];

/** Warms up for `s.warmUpMs` milliseconds; returns the rounds run. */
export function warmUp(s: Settings): number {
  const t0 = performance.now();
  let rounds = 0;
  do {
    if (s.sections.includes('range-map')) {
      rangeMapSize(WARM_UP_N, {
        seed: s.seed,
        stream: 'warm-up/',
        structures: STRUCTURES,
        reps: 1,
        minRepMs: 5,
        modelBudgetMs: 20,
        modelFullPhaseMax: 1000,
        maxOps: 1_000_000,
        capMs: 1000,
        memory: false,
      });
    }
    if (s.sections.includes('checking')) checkingCost(WARM_UP_N, s.seed, `warm-up/${rounds}/`, { budgetMs: 20, checkEvery: 1 });
    if (s.sections.includes('property')) propertyLoop(rounds % 2 === 1, deriveSeed(s.seed, `warm-up/property/${rounds}`), 1, 200);
    if (s.sections.includes('gap-search')) gapSearchAt(WARM_UP_N, 2000, 1, s.seed, `warm-up/${rounds}/`);
    if (s.sections.includes('vmalloc')) vmallocScenarioTimes({ seed: deriveSeed(s.seed, `warm-up/${rounds}`), reps: 1, params: { loops: 50, longBusyCount: 100, nrPcpuObjects: 500 } });
    if (!s.sections.some((x) => WARMED.includes(x))) break; // nothing here needs warming
    rounds++;
  } while (performance.now() - t0 < s.warmUpMs);
  return rounds;
}
