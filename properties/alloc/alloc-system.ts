/**
 * The systems of the allocation-failure properties: a maple tree whose node allocator follows a
 * fault plan the commands change as they go, and the interval-list model, which knows nothing of
 * allocation. A write that fails with -ENOMEM is not applied to the model, so "the tree equals the
 * model" after it means exactly "the failed write changed nothing".
 *
 * Invariants checked after every command (checkAllocAgreement):
 * - (1) contents equal the model's and mt_validate passes: a failed write left no trace;
 * - (2) no leak: live nodes == reachable nodes (mt_validate's accounting) and no nodes are left
 *   in preallocation pools between commands (tree.pooled === 0).
 */
import type { NodeAllocator } from '../../impl/alloc/node-allocator.js';
import { failNothing } from '../../impl/alloc/fault-plans.js';
import {
  MT_FLAGS_ALLOC_RANGE,
  isReservedEntry,
  mt_init_flags,
  type MapleNode,
  type MapleTree,
  type PreallocPolicy,
  type StoreType,
} from '../../impl/maple/index.js';
import type { WriteReport } from '../../impl/maple/tree.js';
import { IntervalMap } from '../../model/index.js';
import { DisagreementError, checkContents } from '../maple/system.js';
import { DEFAULT_OPS, type TreeOps } from './tree-ops.js';

/** What the commands reached, so tests can require it instead of hoping. */
export interface AllocCoverage {
  runs: number;
  commands: number;
  mix: Record<string, number>;
  /** Writes that returned -ENOMEM (and were checked to have changed nothing). */
  enomem: number;
  /** Writes that succeeded only after mas_nomem's retry. */
  retried: number;
  /** Lock-drop races: another writer ran while a writer slept in the allocator. */
  races: number;
  /** mas_store_prealloc with an unchanged tree, per store type (the refined count was enough). */
  preallocByType: Record<string, number>;
  /** Interleaved preallocations (tree changed in between) the suite caught as too short. */
  shortDetected: number;
  /** Interleaved worst-case preallocations caught short because the tree grew a level between. */
  worstShortAfterGrowth: number;
  /** Interleaved preallocations that were still enough. */
  interleavedFine: number;
  /** Systematic runs (one per failed request) done. */
  systematicRuns: number;
}

export function emptyAllocCoverage(): AllocCoverage {
  return { runs: 0, commands: 0, mix: {}, enomem: 0, retried: 0, races: 0, preallocByType: {}, shortDetected: 0, worstShortAfterGrowth: 0, interleavedFine: 0, systematicRuns: 0 };
}

export interface AllocSystemOptions {
  alloc: boolean;
  prealloc?: PreallocPolicy;
  /** Makes each run's allocator (a fresh one per run, so runs never share accounting). */
  allocator?: () => NodeAllocator<MapleNode>;
  ops?: TreeOps;
  /** Runs after every write the tree reports (a broken variant's damage). */
  onWrite?: (tree: MapleTree, report: WriteReport) => void;
}

export interface AllocSystems {
  tree: MapleTree;
  map: IntervalMap;
  ops: TreeOps;
  coverage: AllocCoverage;
  /** The store type and retries of the last write the tree reported. */
  lastWrite: { type: StoreType; retries: number } | null;
}

export function makeAllocSystems(options: AllocSystemOptions, coverage: AllocCoverage = emptyAllocCoverage()): AllocSystems {
  const tree = mt_init_flags(options.alloc ? MT_FLAGS_ALLOC_RANGE : 0, {
    ...(options.prealloc !== undefined ? { prealloc: options.prealloc } : {}),
    ...(options.allocator !== undefined ? { allocator: options.allocator() } : {}),
  });
  tree.allocator.plan = failNothing;
  const systems: AllocSystems = {
    tree,
    map: new IntervalMap({ allocRange: options.alloc, isReserved: isReservedEntry }),
    ops: options.ops ?? DEFAULT_OPS,
    coverage,
    lastWrite: null,
  };
  tree.onWrite = (report) => {
    systems.lastWrite = { type: report.type as StoreType, retries: report.retries };
    if (report.ret === 0 && report.retries > 0) coverage.retried++;
    if (report.ret === 0) options.onWrite?.(tree, report);
  };
  return systems;
}

/** Properties (1) and (2), after every command. */
export function checkAllocAgreement(s: AllocSystems): void {
  checkContents(s.tree, s.map);
  if (s.tree.pooled !== 0) throw new DisagreementError(`${s.tree.pooled} nodes left in preallocation pools between commands (leak)`);
  if (s.tree.lock.held) throw new DisagreementError('tree lock still held between commands');
}
