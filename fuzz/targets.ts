/**
 * The fuzz targets a campaign can run: each is a fast-check property built from the property
 * suites, so a campaign checks exactly what `npm test` checks, only for longer; optionally pointed
 * at a deliberately broken variant (properties/variants.ts) to show the campaign finds it.
 *
 * Invariants: a target's property is deterministic given fast-check's seed (and path); it records
 * what it reached in the coverage object it is given (always `runs`, `commands` and `mix`); target
 * and variant names are stable, because replay commands and saved traces name them.
 */
import type fc from 'fast-check';
import { allocFailureProperty } from '../properties/alloc/alloc-property.js';
import { emptyAllocCoverage, type AllocCoverage } from '../properties/alloc/alloc-system.js';
import { emptyCoverage, mapleProperty, type MapleCoverage } from '../properties/maple/maple-property.js';
import type { StepObserver } from '../properties/model-run.js';
import { mmProperty } from '../properties/mm/mm-property.js';
import { emptyMmCoverage, type MmCoverage } from '../properties/mm/mm-system.js';
import { emptyRcuStats, rcuProperty } from '../properties/rcu/rcu-property.js';
import type { RcuRunStats } from '../properties/rcu/rcu-scenario.js';
import { lockstepDesign } from '../properties/vmalloc/maple-lockstep.js';
import { emptySmpCoverage, smpProperty, type SmpCoverage } from '../properties/vmalloc/smp-property.js';
import { PROPERTY_SPACES, vmallocProperty } from '../properties/vmalloc/vmalloc-property.js';
import { emptyVmallocCoverage, type VmallocCoverage } from '../properties/vmalloc/vmalloc-system.js';
import type { Variant, VariantTargetKind } from '../properties/variants.js';

export interface TargetCoverage {
  runs: number;
  commands: number;
  mix: Record<string, number>;
}

export interface TargetRunOptions {
  /** fc.commands' replay path of a counterexample being replayed. */
  replayPath?: string;
  /** A deliberately broken variant to run against (its kinds must include the target's kind). */
  variant?: Variant;
  /** Sees every command with a picture of the system (replay's before/after dump). */
  observe?: StepObserver;
}

export interface FuzzTarget {
  name: string;
  kind: VariantTargetKind;
  description: string;
  newCoverage(): TargetCoverage;
  property(coverage: TargetCoverage, run?: TargetRunOptions): fc.IProperty<unknown[]>;
  /** One line of what the runs reached. */
  summarise(coverage: TargetCoverage): string;
  /** Figures for the report (heights, sizes, counts), by name. */
  figures(coverage: TargetCoverage): Record<string, number>;
}

const MAX_COMMANDS = 2000;
const ALLOC_COMMANDS = 500;
const MM_COMMANDS = 500;

const common = (run: TargetRunOptions = {}) => ({
  ...(run.replayPath !== undefined ? { replayPath: run.replayPath } : {}),
  ...(run.observe !== undefined ? { observe: run.observe } : {}),
});

function mapleTarget(name: string, alloc: boolean, description: string): FuzzTarget {
  return {
    name,
    kind: 'maple',
    description,
    newCoverage: emptyCoverage,
    property: (coverage, run = {}) =>
      mapleProperty({
        alloc,
        maxCommands: MAX_COMMANDS,
        coverage: coverage as MapleCoverage,
        ...common(run),
        ...(run.variant?.options.makeSystems !== undefined ? { makeSystems: run.variant.options.makeSystems } : {}),
      }) as unknown as fc.IProperty<unknown[]>,
    summarise: (coverage) => {
      const c = coverage as MapleCoverage;
      return `${c.runs} runs, ${c.commands} commands, max height ${c.maxHeight}, max entries ${c.maxEntries}, max nodes ${c.maxNodes}`;
    },
    figures: (coverage) => {
      const c = coverage as MapleCoverage;
      return { 'max height': c.maxHeight, 'max entries': c.maxEntries, 'max nodes': c.maxNodes, ...prefixed('store type ', c.storeTypes), ...prefixed('edge: ', c.edges) };
    },
  };
}

function allocTarget(name: string, alloc: boolean, description: string): FuzzTarget {
  return {
    name,
    kind: 'enomem',
    description,
    newCoverage: emptyAllocCoverage,
    property: (coverage, run = {}) => {
      const v = run.variant?.options ?? {};
      return allocFailureProperty({
        alloc,
        maxCommands: ALLOC_COMMANDS,
        coverage: coverage as AllocCoverage,
        ...common(run),
        ...(v.allocator !== undefined ? { allocator: v.allocator } : {}),
        ...(v.prealloc !== undefined ? { prealloc: v.prealloc } : {}),
        ...(v.onWrite !== undefined ? { onWrite: v.onWrite } : {}),
      }) as unknown as fc.IProperty<unknown[]>;
    },
    summarise: (coverage) => {
      const c = coverage as AllocCoverage;
      return `${c.runs} runs, ${c.commands} commands, ${c.enomem} -ENOMEM, ${c.retried} retried, ${c.races} lock-drop races, ${c.shortDetected} short preallocations caught`;
    },
    figures: (coverage) => {
      const c = coverage as AllocCoverage;
      return { '-ENOMEM': c.enomem, retried: c.retried, 'lock-drop races': c.races, 'short preallocations caught': c.shortDetected, ...prefixed('preallocated ', c.preallocByType) };
    },
  };
}

const mmTarget: FuzzTarget = {
  name: 'mm',
  kind: 'mm',
  description: 'address space (mmap, munmap through the side tree, mprotect, brk) vs model, under fault plans',
  newCoverage: emptyMmCoverage,
  property: (coverage, run = {}) =>
    mmProperty({
      maxCommands: MM_COMMANDS,
      coverage: coverage as MmCoverage,
      ...common(run),
      ...(run.variant?.options.sideTreeCheckRange !== undefined ? { sideTreeCheckRange: run.variant.options.sideTreeCheckRange } : {}),
    }) as unknown as fc.IProperty<unknown[]>,
  summarise: (coverage) => {
    const c = coverage as MmCoverage;
    return `${c.runs} runs, ${c.commands} commands, ${c.sideTreeChecks} side-tree checks, ${c.munmapsAcrossMany} munmaps across 3+ VMAs, ${c.enomem} -ENOMEM, max VMAs ${c.maxVmas}`;
  },
  figures: (coverage) => {
    const c = coverage as MmCoverage;
    return { 'side-tree checks': c.sideTreeChecks, 'munmaps across 3+ VMAs': c.munmapsAcrossMany, 'partial unmaps': c.partialUnmaps, '-ENOMEM': c.enomem, 'max VMAs': c.maxVmas };
  },
};

/** Schedules per fast-check case: each scenario is run under this many random and PCT schedules. */
const RCU_SCHEDULES = 8;

const rcuTarget: FuzzTarget = {
  name: 'rcu',
  kind: 'rcu',
  description: 'RCU mode: writers publishing word by word (some under allocation failures), step-wise readers checked against the model history, grace periods; random and PCT schedules',
  newCoverage: emptyRcuStats,
  property: (coverage, run = {}) =>
    rcuProperty({
      schedulesPerCase: RCU_SCHEDULES,
      stats: coverage as RcuRunStats,
      busy: true,
      ...(run.variant?.options.brokenRcu !== undefined ? { broken: run.variant.options.brokenRcu } : {}),
    }) as unknown as fc.IProperty<unknown[]>,
  summarise: (coverage) => {
    const c = coverage as RcuRunStats;
    return `${c.runs} runs (${RCU_SCHEDULES} schedules each), ${c.writes} writes (${c.enomem} -ENOMEM) in ${c.publishSteps} published stores, ${c.reads} reads, ${c.visits} node visits, ${c.restarts} restarts on dead nodes, ${c.callbacks} call_rcu frees, max height ${c.maxHeight}`;
  },
  figures: (coverage) => {
    const c = coverage as RcuRunStats;
    return { 'published stores': c.publishSteps, 'in-place stores': c.inPlaceStores, 'node visits': c.visits, 'restarts on dead nodes': c.restarts, 'call_rcu frees': c.callbacks, '-ENOMEM': c.enomem, 'max height': c.maxHeight };
  },
};

const VMALLOC_COMMANDS = 200;

const vmallocTarget: FuzzTarget = {
  name: 'vmalloc',
  kind: 'vmalloc',
  description: 'vmalloc: rb-tree baseline and both maple designs in lockstep vs the model (results and free/busy/lazy sets), 64-page space',
  newCoverage: emptyVmallocCoverage,
  property: (coverage, run = {}) =>
    vmallocProperty({
      design: lockstepDesign(),
      config: PROPERTY_SPACES[0].config,
      maxCommands: VMALLOC_COMMANDS,
      coverage: coverage as VmallocCoverage,
      ...common(run),
    }) as unknown as fc.IProperty<unknown[]>,
  summarise: (coverage) => {
    const c = coverage as VmallocCoverage;
    const k = c.model.clips;
    return `${c.runs} runs, ${c.commands} commands, clips FL/LE/RE/NE ${k.FL}/${k.LE}/${k.RE}/${k.NE}, ${c.model.purges} purges, ${c.model.ebusy} -EBUSY, ${c.model.pcpuPlaced} pcpu groups, max busy ${c.maxBusy}`;
  },
  figures: (coverage) => {
    const c = coverage as VmallocCoverage;
    return { purges: c.model.purges, '-EBUSY': c.model.ebusy, 'pcpu groups': c.model.pcpuPlaced, 'max busy': c.maxBusy, ...prefixed('clip ', c.model.clips) };
  },
};

const vmallocSmpTarget: FuzzTarget = {
  name: 'vmalloc-smp',
  kind: 'vmalloc',
  description: 'vmalloc on simulated CPUs: locked and optimistic (re-validating) allocators, frees, purges, node failures, lock-free RCU find_vmap_area readers; random and PCT schedules',
  newCoverage: emptySmpCoverage,
  property: (coverage) => smpProperty(coverage as SmpCoverage) as unknown as fc.IProperty<unknown[]>,
  summarise: (coverage) => {
    const c = coverage as SmpCoverage;
    return `${c.runs} runs (6 schedules each), ${c.alloc.allocations} allocations (${c.alloc.enomem} -ENOMEM, ${c.alloc.staleFits} stale fits re-found), ${c.readers.lookups} RCU lookups (${c.readers.restarts} restarts on dead nodes)`;
  },
  figures: (coverage) => {
    const c = coverage as SmpCoverage;
    return { allocations: c.alloc.allocations, '-ENOMEM': c.alloc.enomem, 'stale fits re-found': c.alloc.staleFits, 'RCU lookups': c.readers.lookups, 'restarts on dead nodes': c.readers.restarts };
  },
};

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [prefix + k, v]));
}

export const TARGETS: readonly FuzzTarget[] = [
  mapleTarget('maple-plain', false, 'plain maple tree vs interval-list model, up to 2,000 commands per run'),
  mapleTarget('maple-alloc', true, 'alloc-range maple tree (arange_64 nodes, gaps) vs model, up to 2,000 commands per run'),
  allocTarget('enomem-plain', false, 'plain tree under changing fault plans: -ENOMEM, retries, lock-drop races, preallocation'),
  allocTarget('enomem-alloc', true, 'alloc-range tree under changing fault plans: -ENOMEM, retries, lock-drop races, preallocation'),
  mmTarget,
  rcuTarget,
  vmallocTarget,
  vmallocSmpTarget,
];

export function findTarget(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
