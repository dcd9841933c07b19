/**
 * The systems of the vmalloc properties: one design under test and the reference model over the
 * same space, the coverage record, and the checks run after every command.
 *
 * Checked after every command (checkVmallocAgreement):
 * - the design's validate() (its own structure: red-black rules, maple validation, accounting);
 * - the design's listings keep the partition invariants by themselves (checkVmallocSets: sorted,
 *   disjoint, free never touching, covering the space, lazyPages counted), so a broken design is
 *   named by the invariant it broke, not only by a difference;
 * - free blocks, busy areas (with their CPU), lazy areas and lazyPages equal the model's.
 * Under a fault plan (judgeCall): a call that returned -ENOMEM must have had an allocation refused
 * during it; the model then does not run, so the equality afterwards proves nothing changed.
 */
import { ENOMEM } from '../../impl/errno.js';
import type { AreaRange, VmallocConfig, VmapAllocator } from '../../impl/vmalloc/surface.js';
import { VmallocModel, checkVmallocSets, emptyModelStats, type ModelVmallocStats } from '../../model/vmalloc/index.js';
import { show } from '../arbitraries.js';
import { DisagreementError } from '../maple/system.js';
import type { DesignOptions, VmallocDesign } from './designs.js';

export interface VmallocCoverage {
  runs: number;
  commands: number;
  mix: Record<string, number>;
  /** What the model saw happen (clip cases, purges, -EBUSY, -EINVAL, pcpu groups placed). */
  model: ModelVmallocStats;
  /** Calls that failed for lack of memory and were checked to change nothing. */
  enomem: number;
  /** vfree / free_vmap_area refused (unknown, double, misaligned). */
  freesRefused: number;
  maxBusy: number;
}

export function emptyVmallocCoverage(): VmallocCoverage {
  return { runs: 0, commands: 0, mix: {}, model: emptyModelStats(), enomem: 0, freesRefused: 0, maxBusy: 0 };
}

export interface VmallocSystems {
  readonly config: VmallocConfig;
  readonly real: VmapAllocator;
  readonly model: VmallocModel;
  readonly coverage: VmallocCoverage;
}

/** Makes the reference model; the oracle tests pass a deliberately broken one. */
export type ModelFactory = (config: VmallocConfig, stats: ModelVmallocStats) => VmallocModel;

const referenceModel: ModelFactory = (config, stats) => new VmallocModel(config, stats);

export function makeVmallocSystems(design: VmallocDesign, config: VmallocConfig, coverage: VmallocCoverage, options: DesignOptions = {}, makeModel: ModelFactory = referenceModel): VmallocSystems {
  return { config, real: design.make(config, options), model: makeModel(config, coverage.model), coverage };
}

const fmt = (a: AreaRange | undefined): string => (a === undefined ? 'nothing' : `[0x${a.start.toString(16)}, 0x${a.end.toString(16)})${'cpu' in a ? ` cpu ${String(a.cpu)}` : ''}`);

/** Throws naming the first area where two listings differ. */
export function expectSameAreas(what: string, got: readonly AreaRange[], want: readonly AreaRange[]): void {
  const n = Math.max(got.length, want.length);
  for (let i = 0; i < n; i++) {
    const g = got[i] as (AreaRange & { cpu?: number }) | undefined;
    const w = want[i] as (AreaRange & { cpu?: number }) | undefined;
    if (g === undefined || w === undefined || g.start !== w.start || g.end !== w.end || g.cpu !== w.cpu) {
      throw new DisagreementError(`${what} ${i}: design has ${fmt(g)}, model has ${fmt(w)} (design ${got.length}, model ${want.length} areas)`);
    }
  }
}

/** The design's listings keep the partition invariants on their own. */
export function checkDesignSets(real: VmapAllocator): void {
  try {
    checkVmallocSets(real.config, { free: real.freeBlocks(), busy: real.busyAreas(), lazy: real.lazyAreas(), lazyPages: real.lazyPages });
  } catch (error) {
    throw new DisagreementError(`${real.design}: ${(error as Error).message}`);
  }
}

export function checkVmallocAgreement(s: VmallocSystems): void {
  s.real.validate();
  checkDesignSets(s.real);
  expectSameAreas('free block', s.real.freeBlocks(), s.model.freeBlocks());
  expectSameAreas('busy area', s.real.busyAreas(), s.model.busyAreas());
  expectSameAreas('lazy area', s.real.lazyAreas(), s.model.lazyAreas());
  if (s.real.lazyPages !== s.model.lazyPages) throw new DisagreementError(`lazyPages: design ${s.real.lazyPages}, model ${s.model.lazyPages}`);
  s.coverage.maxBusy = Math.max(s.coverage.maxBusy, s.model.busyAreas().length);
}

/** Results compare as JSON-like values: a number, an array of numbers, an area or undefined. */
function sameResult(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Runs one call on the design and (unless it failed for lack of memory with an allocation refused
 * meanwhile) on the model, and requires equal results. Returns the design's result.
 */
export function judgeCall<T>(s: VmallocSystems, what: string, onReal: () => T, onModel: () => T): T {
  const failuresBefore = s.real.faults?.failures ?? 0;
  const got = onReal();
  if (got === -ENOMEM) {
    if ((s.real.faults?.failures ?? 0) === failuresBefore) throw new DisagreementError(`${what} returned -ENOMEM but no allocation was refused`);
    s.coverage.enomem++;
    return got;
  }
  const want = onModel();
  if (!sameResult(got, want)) throw new DisagreementError(`${what}: design gave ${show(got)}, model gave ${show(want)}`);
  return got;
}
