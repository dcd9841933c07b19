/**
 * Oracle test of mt_validate's gap-arithmetic self-check (impl/maple/validate.ts): "gap arithmetic
 * disagrees" compares two computations of the same quantity from the same fields, so no tree
 * corruption can reach it (validate-oracle.test.ts corrupts trees); it guards leafMaxGap itself.
 * The test loads impl/maple afresh against a leafMaxGap that is off by one.
 *
 * It mocks a module and re-imports impl/maple, so mutation runs leave it out
 * (vitest.stryker.config.ts): re-evaluating impl/maple's constant tables inside a test would make
 * their load-time mutants look covered, and those are left out as static (ignoreStatic).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('the gap-arithmetic self-check', () => {
  afterEach(() => {
    vi.doUnmock('../../impl/maple/node.js');
    vi.resetModules();
  });

  it('catches a leafMaxGap that disagrees with the per-slot computation', async () => {
    // "gap arithmetic disagrees" compares two computations of the same quantity from the same
    // fields, so no tree corruption can reach it; it guards leafMaxGap itself. Prove it is live by
    // loading validate.ts against a leafMaxGap that is off by one.
    vi.resetModules();
    vi.doMock('../../impl/maple/node.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../impl/maple/node.js')>();
      return { ...real, leafMaxGap: (...args: Parameters<typeof real.leafMaxGap>) => real.leafMaxGap(...args) + 1 };
    });
    const m = await import('../../impl/maple/index.js');
    const tree = m.mt_init_flags(0);
    for (let i = 0; i < 200; i++) m.mtree_store_range(tree, i * 10, i * 10 + 4, i);
    expect(() => m.mt_validate(tree)).toThrow(m.MapleValidationError);
    expect(() => m.mt_validate(tree)).toThrow(/gap arithmetic disagrees/);
  });
});
