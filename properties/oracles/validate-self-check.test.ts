/**
 * Oracle test of mt_validate's gap-arithmetic self-check (impl/maple/validate.ts): "gap arithmetic
 * disagrees" compares two computations of the same quantity from the same fields, so no tree
 * corruption can reach it (validate-oracle.test.ts corrupts trees); it guards leafMaxGap itself.
 * The test hands mt_validate a leafMaxGap that is off by one (ValidateOptions.leafMaxGap), and
 * checks that the real one agrees on the same tree.
 */
import { describe, expect, it } from 'vitest';
import { MapleValidationError, mt_init_flags, mt_validate, mtree_store_range } from '../../impl/maple/index.js';
import { leafMaxGap } from '../../impl/maple/node.js';

describe('the gap-arithmetic self-check', () => {
  const tree = mt_init_flags(0);
  for (let i = 0; i < 200; i++) mtree_store_range(tree, i * 10, i * 10 + 4, i);

  it('catches a leafMaxGap that disagrees with the per-slot computation', () => {
    const offByOne: typeof leafMaxGap = (...args) => leafMaxGap(...args) + 1;
    expect(() => mt_validate(tree, { leafMaxGap: offByOne })).toThrow(MapleValidationError);
    expect(() => mt_validate(tree, { leafMaxGap: offByOne })).toThrow(/gap arithmetic disagrees/);
  });

  it('passes with the real leafMaxGap, given or not', () => {
    expect(mt_validate(tree, { leafMaxGap }).leaves).toBeGreaterThan(1);
    expect(mt_validate(tree)).toEqual(mt_validate(tree, { leafMaxGap }));
  });
});
