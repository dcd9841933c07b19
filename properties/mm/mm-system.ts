/**
 * The systems of the address-space properties: impl/mm's MmStruct (VMAs in a maple tree, under a
 * fault plan the commands change) and the AddressSpaceModel. An operation that fails for lack of
 * nodes (-ENOMEM with a refused allocation, or brk returning the old break after one) is not
 * applied to the model, so agreement afterwards proves it changed nothing.
 *
 * Checked after every command (checkMmAgreement): mm_validate (tree valid with its accounting, each
 * VMA stored over exactly its range, no mergeable neighbours), the VMA list equal to the model's,
 * the break equal, and the side tree gone (no nodes held outside the main tree).
 */
import { failNothing } from '../../impl/alloc/fault-plans.js';
import { MmStruct, mm_validate, mm_vmas, type SideTreeCheckRange } from '../../impl/mm/index.js';
import { AddressSpaceModel } from '../../model/index.js';
import { DisagreementError } from '../maple/system.js';

export interface MmCoverage {
  runs: number;
  commands: number;
  mix: Record<string, number>;
  /** Operations that failed for lack of memory (and were checked to change nothing). */
  enomem: number;
  munmapsAcrossMany: number;
  partialUnmaps: number;
  maxVmas: number;
  sideTreeChecks: number;
}

export function emptyMmCoverage(): MmCoverage {
  return { runs: 0, commands: 0, mix: {}, enomem: 0, munmapsAcrossMany: 0, partialUnmaps: 0, maxVmas: 0, sideTreeChecks: 0 };
}

export interface MmSystems {
  mm: MmStruct;
  model: AddressSpaceModel;
  coverage: MmCoverage;
}

export interface MmSystemOptions {
  sideTreeCheckRange?: SideTreeCheckRange;
}

export function makeMmSystems(options: MmSystemOptions, coverage: MmCoverage = emptyMmCoverage()): MmSystems {
  const mm = new MmStruct({ faultPlan: failNothing, ...(options.sideTreeCheckRange !== undefined ? { sideTreeCheckRange: options.sideTreeCheckRange } : {}) });
  return { mm, model: new AddressSpaceModel(mm.startBrk), coverage };
}

export function checkMmAgreement(s: MmSystems): void {
  mm_validate(s.mm);
  const got = mm_vmas(s.mm);
  const want = s.model.vmas();
  const fmt = (v: { start: number; end: number; flags: number; pgoff: number }): string =>
    `[0x${v.start.toString(16)}, 0x${v.end.toString(16)}) flags ${v.flags} pgoff ${v.pgoff}`;
  const n = Math.max(got.length, want.length);
  for (let i = 0; i < n; i++) {
    const g = got[i];
    const w = want[i];
    if (g === undefined || w === undefined || g.start !== w.start || g.end !== w.end || g.flags !== w.flags || g.pgoff !== w.pgoff) {
      throw new DisagreementError(`VMA ${i}: mm has ${g === undefined ? 'nothing' : fmt(g)}, model has ${w === undefined ? 'nothing' : fmt(w)}`);
    }
  }
  if (s.mm.brk !== s.model.brk) throw new DisagreementError(`brk: mm ${s.mm.brk}, model ${s.model.brk}`);
  if (s.mm.tree.pooled !== 0) throw new DisagreementError(`${s.mm.tree.pooled} nodes held in preallocation pools`);
  s.coverage.maxVmas = Math.max(s.coverage.maxVmas, got.length);
}
