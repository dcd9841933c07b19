/**
 * Merging run coverage: counts add up, max* fields keep the maximum, nested counts merge, and
 * the order of the runs does not matter.
 */
import { describe, expect, it } from 'vitest';
import { mergeCoverage } from './coverage-merge.js';
import { findTarget, type TargetCoverage } from './targets.js';

describe('coverage merge', () => {
  it('adds counts and keeps high-water marks, in any order', () => {
    const a = { runs: 1, commands: 10, mix: { store: 3 }, maxHeight: 4, storeTypes: { split: 2 } };
    const b = { runs: 1, commands: 5, mix: { store: 1, erase: 2 }, maxHeight: 2, storeTypes: { split: 1, append: 1 } };
    const ab = { runs: 0, commands: 0, mix: {} } as TargetCoverage;
    const ba = { runs: 0, commands: 0, mix: {} } as TargetCoverage;
    mergeCoverage(ab, a);
    mergeCoverage(ab, b);
    mergeCoverage(ba, b);
    mergeCoverage(ba, a);
    expect(ab).toEqual({ runs: 2, commands: 15, mix: { store: 4, erase: 2 }, maxHeight: 4, storeTypes: { split: 3, append: 1 } });
    expect(ba).toEqual(ab);
  });

  it('works on every target coverage shape (plain numbers and records)', () => {
    for (const name of ['maple-plain', 'enomem-alloc', 'mm']) {
      const t = findTarget(name)!;
      const total = t.newCoverage();
      mergeCoverage(total, t.newCoverage());
      expect(total).toEqual(t.newCoverage());
    }
  });
});
