/**
 * Every range-map adapter of the benchmark agrees with the reference model on random operation
 * lists (results, cursor ranges, and whole contents after every operation), so the benchmark's
 * figures measure structures that do the same work; and the checker catches deliberately broken
 * adapters (a load that ignores the range's end, a store that keeps the range starting at its
 * last index, a reverse seek that misses the range starting at the index). No timing here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EINVAL } from '../../impl/errno.js';
import { MAX_INDEX } from '../../impl/maple/index.js';
import { checkProperty, propertySeed, runsFromEnv } from '../../properties/seed.js';
import { checkAgainstModel, rangeOps, type RangeOp } from './agreement.js';
import { BTreeRangeMap } from './btree-range-map.js';
import { FrbtRangeMap } from './frbt-range-map.js';
import { RangeMapInputError, rangeMapEntries, type RangeMap } from './range-map.js';
import { SdslRangeMap } from './sdsl-range-map.js';
import { STRUCTURES } from './structures.js';

const FILE = 'bench/range-map/range-maps.test.ts';
const RUNS = runsFromEnv('MAPLE_RANGE_MAP_RUNS', 150);

function agrees(create: () => RangeMap): fc.IProperty<[RangeOp[]]> {
  return fc.property(rangeOps, (ops) => {
    checkAgainstModel(create(), ops);
  });
}

class LoadIgnoresLast extends BTreeRangeMap {
  override load(index: number): unknown {
    return this.floor(index) ? this.foundValue?.entry : null;
  }
}

class KeepsRangeAtLast extends BTreeRangeMap {
  protected override removeKeysIn(first: number, last: number): void {
    super.removeKeysIn(first, last > first ? last - 1 : last);
  }
}

class ReverseSeekMissesStart extends FrbtRangeMap {
  protected override startBackward(key: number): boolean {
    return super.startBackward(key > 0 ? key - 1 : key);
  }
}

describe('range-map adapters agree with the model', () => {
  for (const s of STRUCTURES.filter((x) => x.name !== 'model')) {
    const testName = `${s.name} agrees with the model on random operation lists`;
    it(testName, () => {
      checkProperty(`range-map ${s.name}`, agrees(s.create), { numRuns: RUNS, file: FILE, testName });
    });
  }

  it('a prefilled structure holds exactly its ranges, for every structure', () => {
    const ranges = { length: 50, first: (i: number) => 10 * i, last: (i: number) => 10 * i + 5, value: (i: number) => i + 1 };
    for (const s of STRUCTURES) {
      const entries = rangeMapEntries(s.holding(ranges));
      expect(entries, s.name).toEqual(Array.from({ length: 50 }, (_, i) => [10 * i, 10 * i + 5, i + 1]));
    }
  });

  it('bad input: -EINVAL from storeRange, RangeMapInputError from reads, nothing changed', () => {
    for (const map of [new BTreeRangeMap(), new SdslRangeMap(), new FrbtRangeMap()]) {
      map.storeRange(5, 9, 1);
      for (const [first, last] of [[3, 2], [-1, 4], [0.5, 4], [0, MAX_INDEX + 1], [NaN, 3]]) {
        expect(map.storeRange(first, last, 2), `${map.name} [${first}, ${last}]`).toBe(-EINVAL);
      }
      expect(() => map.load(-1)).toThrow(RangeMapInputError);
      expect(() => map.erase(1.5)).toThrow(RangeMapInputError);
      expect(() => map.seek(MAX_INDEX + 1)).toThrow(RangeMapInputError);
      expect(rangeMapEntries(map), map.name).toEqual([[5, 9, 1]]);
    }
  });
});

describe('the adapter checker catches broken adapters', () => {
  const broken: Array<[string, () => RangeMap]> = [
    ['a load that ignores the range end', () => new LoadIgnoresLast()],
    ['a store that keeps the range starting at its last index', () => new KeepsRangeAtLast()],
    ['a reverse seek that misses the range starting at the index', () => new ReverseSeekMissesStart()],
  ];
  for (const [what, create] of broken) {
    it(`catches ${what}`, () => {
      const details = fc.check(agrees(create), { seed: propertySeed(`broken range map: ${what}`), numRuns: 200 });
      expect(details.failed).toBe(true);
    });
  }
});
