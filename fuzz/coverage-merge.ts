/**
 * Adds one run's coverage into a campaign's total for the same target.
 *
 * Invariants: the coverage objects of every target (properties/*: MapleCoverage, AllocCoverage,
 * MmCoverage) are plain trees of numbers in which a field named max* is a high-water mark and
 * every other number is a count; so a total is the field-wise sum, and the maximum for max*
 * fields. Both are commutative and associative: the total does not depend on the order in which
 * runs come back from the workers.
 */
import type { TargetCoverage } from './targets.js';

type Tree = { [key: string]: number | Tree };

function mergeTree(into: Tree, from: Tree): void {
  for (const [key, value] of Object.entries(from)) {
    const have = into[key];
    if (typeof value === 'number') {
      const base = typeof have === 'number' ? have : 0;
      into[key] = /^max[A-Z]/.test(key) ? Math.max(base, value) : base + value;
    } else if (value !== null && typeof value === 'object') {
      if (typeof have !== 'object' || have === null) into[key] = {};
      mergeTree(into[key] as Tree, value);
    }
  }
}

export function mergeCoverage(into: TargetCoverage, from: TargetCoverage): void {
  mergeTree(into as unknown as Tree, from as unknown as Tree);
}
