/**
 * Smoke test of the benchmark's measuring code (bench/), at 10^3 entries with short budgets: every
 * cell, the checked loop and the property loop run, and the tree and the model end every cell
 * with identical contents. A correctness check only: no timing is asserted, and it stays well
 * under 2 seconds.
 */
import { describe, expect, it } from 'vitest';
import { mt_for_each, mt_validate, type MapleTree } from '../impl/maple/index.js';
import type { IntervalMap } from '../model/index.js';
import { defaultCheckEvery } from './checked-loop.js';
import { Prng, deriveSeed, shuffledRange } from './prng.js';
import { propertyLoop } from './property-loop.js';
import { benchSize, type BenchConfig } from './suite.js';
import type { CellResult } from './throughput.js';

const N = 1000;

function contents(tree: MapleTree): Array<{ first: number; last: number; value: unknown }> {
  return [...mt_for_each(tree)].map((e) => ({ first: e.first, last: e.last, value: e.entry }));
}

describe('bench (quick, 10^3 entries)', () => {
  it('measures every cell and the checked loop, with tree and model ending identical', () => {
    const config: BenchConfig = {
      seed: 12345,
      stream: '',
      // Budgets far above what 10^3 entries need, so every phase runs whole on both structures.
      cell: { modelBudgetMs: 10_000, treeBudgetMs: 10_000, modelFullPhaseMax: 10_000, repeatToOps: 0 },
      checkedBudgetMs: 30,
      checkEvery: defaultCheckEvery,
    };
    const cells: CellResult[] = [];
    const seen: string[] = [];
    benchSize(N, config, {
      onCell: (r) => cells.push(r),
      inspect: (what: string, tree: MapleTree, model: IntervalMap) => {
        seen.push(what);
        mt_validate(tree);
        model.assertInvariants();
        expect(contents(tree), what).toEqual(model.entries());
      },
      onChecked: (r) => {
        expect(r.checkEvery).toBe(1);
        expect(r.compared.ops).toBeGreaterThan(0);
        expect(r.checked.checks).toBe(r.checked.ops);
      },
    });
    expect(seen).toEqual([`append n=${N}`, `random-store n=${N}`, `load n=${N}`, `checked-loop n=${N}`, `erase n=${N}`]);
    expect(cells.map((c) => c.workload)).toEqual(['append', 'random-store', 'load', 'erase']);
    for (const c of cells) {
      expect(c.repetitions, c.workload).toBe(1);
      expect(c.tree.ops, c.workload).toBe(N);
      expect(c.model.ops, c.workload).toBe(N);
    }
  });

  it('times the property loop by its own command count', () => {
    const r = propertyLoop(true, deriveSeed(12345, 'test'), 1, 100);
    expect(r.runs).toBeGreaterThanOrEqual(1);
    expect(r.commands).toBeGreaterThan(0);
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
