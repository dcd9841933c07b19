/**
 * Oracle tests of the address-space properties: each check is shown catching a deliberately broken
 * variant.
 * - The munmap cross-check, with the side tree walked by address instead of by count (the bug
 *   reported after seeds/004 patch 04): the property fails with the kernel's BUG and shrinks to a
 *   minimal counterexample, which is printed.
 * - mm_validate: a VMA stored over the wrong range; two neighbours left unmerged.
 * - The model comparison: a model that merges VMAs whose page offsets do not continue.
 * - The systematic property: a rollback that forgets what it did.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MMAP_MIN_ADDR, MmStruct, MmValidationError, PAGE_SIZE, SideTreeMismatchError, TreeTxn, Vma, do_mmap, do_munmap, mm_validate } from '../../impl/mm/index.js';
import { mtree_store_range } from '../../impl/maple/index.js';
import { AddressSpaceModel } from '../../model/index.js';
import { DisagreementError } from '../maple/system.js';
import { mmProperty, mmSystematicProperty } from './mm-property.js';
import { scaledRuns } from '../seed.js';

const SEED = 20261123;

describe('the munmap side-tree cross-check', () => {
  it('catches a side tree walked with the wrong index range, with a minimal counterexample', () => {
    const details = fc.check(mmProperty({ maxCommands: 100, sideTreeCheckRange: 'address' }), { seed: SEED, numRuns: 100, includeErrorInReport: true });
    expect(details.failed).toBe(true);
    expect(details.errorInstance).toBeInstanceOf(SideTreeMismatchError);
    expect(String(details.errorInstance)).toMatch(/BUG_ON\(vma_mas != vma_test\)/);
    const shown = fc.stringify(details.counterexample);
    // Shrunk to: map something, unmap it.
    expect(shown).toMatch(/^\[mmap\([^)]*\),munmap\([^)]*\)/);
    expect((shown.match(/\),/g) ?? []).length).toBeLessThanOrEqual(2);
    console.log(`side tree walked by address: ${fc.defaultReportMessage(details)?.split('\n').slice(0, 4).join('\n')}`);
  });

  it('the same munmap with the side tree walked by count passes; one VMA needs no side-tree node', () => {
    const mm = new MmStruct();
    expect(do_mmap(mm, { addr: MMAP_MIN_ADDR, len: 4 * PAGE_SIZE, flags: 3, fixed: true })).toBe(MMAP_MIN_ADDR);
    const before = mm.tree.allocator.allocated;
    expect(do_munmap(mm, MMAP_MIN_ADDR, 4 * PAGE_SIZE)).toBe(0);
    expect(mm.sideTreeNodes).toBe(0); // the single VMA sat in the side tree's root slot at index 0
    expect(mm.tree.allocator.allocated - before).toBeGreaterThanOrEqual(0);
    mm_validate(mm);
  });
});

describe('mm_validate', () => {
  function mmWithTwo(): MmStruct {
    const mm = new MmStruct();
    do_mmap(mm, { addr: MMAP_MIN_ADDR, len: 2 * PAGE_SIZE, flags: 1, fixed: true });
    do_mmap(mm, { addr: MMAP_MIN_ADDR + 2 * PAGE_SIZE, len: 2 * PAGE_SIZE, flags: 3, fixed: true });
    mm_validate(mm);
    return mm;
  }

  it('catches a VMA stored over a range that is not its own', () => {
    const mm = mmWithTwo();
    mtree_store_range(mm.tree, MMAP_MIN_ADDR + 8 * PAGE_SIZE, MMAP_MIN_ADDR + 9 * PAGE_SIZE - 1, new Vma(MMAP_MIN_ADDR, MMAP_MIN_ADDR + PAGE_SIZE, 1, 0));
    expect(() => mm_validate(mm)).toThrow(MmValidationError);
    expect(() => mm_validate(mm)).toThrow(/is stored over/);
  });

  it('catches two neighbours that should have merged', () => {
    const mm = mmWithTwo();
    const first = MMAP_MIN_ADDR + 2 * PAGE_SIZE;
    mtree_store_range(mm.tree, first, first + 2 * PAGE_SIZE - 1, new Vma(first, first + 2 * PAGE_SIZE, 1, first / PAGE_SIZE));
    expect(() => mm_validate(mm)).toThrow(/should have merged/);
  });
});

/** A model that merges neighbours with equal flags even when their page offsets do not continue. */
class OffsetBlindModel extends AddressSpaceModel {
  override mmap(addr: number, len: number, flags: number, fixed: boolean, pgoff?: number): number {
    return super.mmap(addr, len, flags, fixed, pgoff === undefined ? undefined : addr / PAGE_SIZE);
  }
}

describe('the model comparison', () => {
  it('catches a model that ignores the page offset of a file-like mapping', async () => {
    const system = await import('./mm-system.js');
    const mm = new MmStruct();
    const model = new OffsetBlindModel(mm.startBrk);
    const s = { mm, model, coverage: system.emptyMmCoverage() };
    expect(do_mmap(mm, { addr: MMAP_MIN_ADDR, len: PAGE_SIZE, flags: 1, fixed: true, pgoff: 7 })).toBe(model.mmap(MMAP_MIN_ADDR, PAGE_SIZE, 1, true, 7));
    expect(() => system.checkMmAgreement(s)).toThrow(DisagreementError);
    expect(() => system.checkMmAgreement(s)).toThrow(/pgoff 7/);
  });
});

describe('the systematic failure property', () => {
  afterEach(() => vi.restoreAllMocks());

  it('catches a rollback that forgets what it undid', () => {
    vi.spyOn(TreeTxn.prototype, 'rollback').mockImplementation(function (this: TreeTxn) {
      this.commit();
    });
    const details = fc.check(mmSystematicProperty({ maxCommands: 6 }), { seed: SEED, numRuns: 50 });
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/fail request|fail requests/);
  });

  it('passes with the real rollback (control)', () => {
    // The sound run is scaled down under mutation testing (MAPLE_RUNS_SCALE); the broken one above is not.
    expect(fc.check(mmSystematicProperty({ maxCommands: 6 }), { seed: SEED, numRuns: scaledRuns(50) }).failed).toBe(false);
  });
});
