/**
 * Smoke test of the benchmark's measuring code (bench/) at small sizes with short budgets: every
 * range-map workload on every structure, the checking runs, the gap search, the vmalloc subtests,
 * the property loop and the command line; and the checks that keep figures honest catch wrong
 * results. A correctness check only: no timing is asserted, and it stays within a few seconds.
 */
import { describe, expect, it } from 'vitest';
import { checkingCost } from './checked-loop.js';
import { compareAnswers, gapLayout, gapQueries, scanAnswer } from './gap-search.js';
import { gapSearchAt } from './section-gap-search.js';
import { Prng, deriveSeed, prngFor, shuffledRange } from './prng.js';
import { propertyLoop } from './property-loop.js';
import { runPhase } from './range-cell.js';
import { BTreeRangeMap } from './range-map/btree-range-map.js';
import { STRUCTURES } from './range-map/structures.js';
import { mapleRatio, medianRate } from './range-report.js';
import { rangeMapSize } from './range-session.js';
import { SECTION_NAMES, parseSettings } from './settings.js';
import { firstSlotsSource } from './slots.js';
import { vmallocScenarioTimes } from './vmalloc-scenarios.js';
import { WORKLOAD_NAMES, loadWorkload } from './workloads.js';

const N = 320;

describe('bench harness (small sizes)', () => {
  it('runs every workload on every structure, whole phases, results and contents checked', () => {
    const r = rangeMapSize(N, {
      seed: 12345,
      stream: 'test/',
      structures: STRUCTURES,
      reps: 1,
      minRepMs: 0,
      modelBudgetMs: 10_000, // far above what N entries need: every phase runs whole
      modelFullPhaseMax: 10_000,
      maxOps: 1_000_000,
      capMs: 10_000,
      memory: true,
    });
    expect(r.cells.map((c) => c.workload)).toEqual([...WORKLOAD_NAMES]);
    for (const cell of r.cells) {
      expect(cell.modelWindows).toEqual([{ from: 0, to: cell.length, sizeFrom: expect.any(Number), sizeTo: expect.any(Number) }]);
      for (const s of cell.structures) {
        expect(s.reps, `${cell.workload} ${s.structure}`).toHaveLength(1);
        expect(s.reps[0].total.ops, `${cell.workload} ${s.structure}`).toBe(cell.length);
        expect(s.reps[0].capped).toBe(false);
        expect(medianRate(s)).toBeGreaterThan(0);
      }
      expect(mapleRatio(cell, 'sorted-btree')).toBeGreaterThan(0);
      // The maple tree's window on the model's ops is its whole run when the model ran whole.
      expect(cell.structures[0].reps[0].window.ops).toBe(cell.length);
    }
    expect(r.memory.map((m) => `${m.structure}/${m.filledBy}`)).toContain('maple/seq-store');
    expect(r.memory.find((m) => m.structure === 'maple')?.nodes).toBeGreaterThan(0);
  });

  it('a wrong result stops the run instead of being timed', () => {
    class OffByOneLoad extends BTreeRangeMap {
      override load(index: number): unknown {
        return super.load(index + 1);
      }
    }
    const w = loadWorkload(N, prngFor(1, 'load'));
    const broken = new OffByOneLoad();
    const slots = firstSlotsSource(N);
    for (let i = 0; i < N; i++) broken.storeRange(slots.first(i), slots.last(i), slots.value(i));
    const plan = { from: 0, windowFrom: 0, windowTo: 0, windowDeadline: Infinity, to: N, restBudgetMs: Infinity };
    expect(() => runPhase(w, broken, plan)).toThrow(/checksum/);
  });

  it('measures raw, compared and checked commands, the raw results replayed and matched', () => {
    const { result } = checkingCost(N, 12345, 'test/', { budgetMs: 15, checkEvery: 1 });
    expect(result.raw.ops).toBeGreaterThan(0);
    expect(result.compared.ops).toBeGreaterThan(0);
    expect(result.checked.checks).toBe(result.checked.ops);
  });

  it('gap search: maple and rb-tree answer alike, and a wrong answer is caught', () => {
    const r = gapSearchAt(N, 400, 2, 12345, 'test/');
    expect(r.maple).toHaveLength(2);
    expect(r.found).toBeGreaterThan(0);
    expect(r.found).toBeLessThanOrEqual(400);
    const layout = gapLayout(N, prngFor(7, 'layout'));
    const q = gapQueries(98, layout, prngFor(7, 'queries'));
    const right = Float64Array.from(q.size, (size, k) => scanAnswer(layout, size, q.min[k]));
    expect(() => compareAnswers(layout, q, right, right)).not.toThrow();
    const wrong = Float64Array.from(right);
    wrong[0] = wrong[0] + 1; // query 0 is spot-checked against the scan
    expect(() => compareAnswers(layout, q, wrong, wrong)).toThrow(/the scan/);
    expect(() => compareAnswers(layout, q, right, wrong)).toThrow(/rb-tree/);
  });

  it('vmalloc subtests: every design ends like the rb-tree', () => {
    const times = vmallocScenarioTimes({ seed: 12345, reps: 1, params: { loops: 20, longBusyCount: 40, nrPcpuObjects: 300 } });
    expect(times.length).toBeGreaterThan(5);
    for (const t of times) {
      expect(Object.values(t.ms).every((ms) => ms.length === 1)).toBe(true);
      expect(t.outcome.calls).toBeGreaterThan(0);
    }
  });

  it('times the property loop by its own command count', () => {
    const r = propertyLoop(true, deriveSeed(12345, 'test'), 1, 100);
    expect(r.runs).toBeGreaterThanOrEqual(1);
    expect(r.commands).toBeGreaterThan(0);
  });

  it('parses the command line and refuses bad options', () => {
    const s = parseSettings(['--quick', '--json', '--sections', 'checking,range-map', '--sizes', '1000,5000', '--seed', '9'], {});
    expect(s?.quick).toBe(true);
    expect(s?.json).toBe(true);
    expect(s?.sections).toEqual(['range-map', 'checking']);
    expect(s?.sizes).toEqual([1000, 5000]);
    expect(s?.seed).toBe(9);
    expect(parseSettings([], { BENCH_SEED: '42' })?.seedSource).toBe('BENCH_SEED');
    expect(parseSettings([], {})?.sections).toEqual([...SECTION_NAMES]);
    expect(parseSettings(['--help'], {})).toBeNull();
    expect(() => parseSettings(['--sections', 'nope'], {})).toThrow(/unknown section/);
    expect(() => parseSettings(['--sizes', '10'], {})).toThrow(/below 100/);
    expect(() => parseSettings(['--seed', 'x'], {})).toThrow(/not an integer/);
    expect(() => parseSettings(['--bogus'], {})).toThrow();
  });

  it('draws the same numbers from the same seed and label, and permutations are permutations', () => {
    const a = new Prng(deriveSeed(7, 'x'));
    const b = new Prng(deriveSeed(7, 'x'));
    const c = new Prng(deriveSeed(7, 'y'));
    const xs = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(xs);
    const p = shuffledRange(100, new Prng(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
