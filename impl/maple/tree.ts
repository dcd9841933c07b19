/**
 * The maple tree object: root pointer, flags, height and the node allocator it was built with.
 *
 * Invariants:
 * - `root` is null (empty tree), a MapleNode (whose parent is null), or a bare entry: the
 *   kernel's "root as a single entry", meaning that entry occupies [0, 0] and nothing else is
 *   stored. A bare entry is never null, never reserved.
 * - `height` is 0 for an empty or bare-entry tree, else the number of node levels.
 * - `generation` grows on every write, so a maple state can tell its cached node is stale.
 * - Every node reachable from `root` is live in `allocator`; nodes are only freed once unreachable.
 */
import { MT_FLAGS_ALLOC_RANGE, MT_FLAGS_USE_RCU, type MapleType } from './constants.js';
import { MapleNode } from './node.js';
import { NodeAllocator, type FaultPlan } from '../alloc/node-allocator.js';
import { MapleLock } from './lock.js';
import { REFINED_PREALLOC, type PreallocPolicy } from './prealloc.js';
import type { Rcu } from '../rcu/rcu.js';
import type { Publication } from './publish.js';

/**
 * Deliberately broken RCU-mode writers, for the tests that show the reader properties catch them:
 * 'pivot-before-slot' publishes an in-place slot store's pivot before its slot (the ordering
 * rcu-slot-store.ts exists to get right); 'free-without-call-rcu' frees replaced nodes at once.
 */
export type BrokenRcuWriter = 'pivot-before-slot' | 'free-without-call-rcu';

export interface WriteReport {
  type: string;
  ret: number;
  /** Nodes the write had in hand when it ran (its preallocation). */
  nodesRequested: number;
  nodesUsed: number;
  /** Times the write went round mas_nomem's retry (allocation failed under the lock). */
  retries: number;
  /** The tree's height when the write was planned. */
  heightBefore: number;
}

export interface MapleTreeOptions {
  /** MT_FLAGS_ALLOC_RANGE / MT_FLAGS_USE_RCU bits. */
  flags?: number;
  /** Share an allocator (and its accounting and fault plan) between trees. */
  allocator?: NodeAllocator<MapleNode>;
  faultPlan?: FaultPlan;
  /** How many nodes a write asks for up front (default: the refined count). */
  prealloc?: PreallocPolicy;
  /**
   * The RCU domain readers of this tree use. In RCU mode, nodes a write takes out of the tree are
   * marked dead at once and freed only through call_rcu, after a grace period.
   */
  rcu?: Rcu;
  /** A deliberately broken RCU writer (tests only; see BrokenRcuWriter). */
  brokenRcu?: BrokenRcuWriter;
}

export function newNodeAllocator(plan?: FaultPlan): NodeAllocator<MapleNode> {
  return new NodeAllocator(() => new MapleNode(), plan);
}

export class MapleTree {
  root: unknown = null;
  height = 0;
  flags: number;
  generation = 0;
  readonly allocator: NodeAllocator<MapleNode>;
  /**
   * Called after every store attempt with its type, nodes requested and used, and result. For
   * statistics and coverage in tests and benchmarks; the tree never depends on it.
   */
  onWrite: ((outcome: WriteReport) => void) | null = null;
  /** mtree_lock: held by every normal-API call; dropped only to sleep in the allocator. */
  readonly lock = new MapleLock();
  prealloc: PreallocPolicy;
  /** Nodes allocated for this tree and held in preallocation pools, not yet in the tree. */
  pooled = 0;
  /** Nodes taken out of the tree and waiting for a grace period before they are freed. */
  awaitingRcu = 0;
  readonly rcu: Rcu | null;
  readonly brokenRcu: BrokenRcuWriter | null;
  /** Non-null while a writer actor records a write's publication steps (publish.ts). */
  publication: Publication | null = null;

  constructor(options: MapleTreeOptions = {}) {
    this.flags = options.flags ?? 0;
    this.allocator = options.allocator ?? newNodeAllocator(options.faultPlan);
    this.prealloc = options.prealloc ?? REFINED_PREALLOC;
    this.rcu = options.rcu ?? null;
    this.brokenRcu = options.brokenRcu ?? null;
  }
}

/** mt_init_flags: a new, empty tree. */
export function mt_init_flags(flags = 0, options: Omit<MapleTreeOptions, 'flags'> = {}): MapleTree {
  return new MapleTree({ ...options, flags });
}

export function mt_is_alloc(mt: MapleTree): boolean {
  return (mt.flags & MT_FLAGS_ALLOC_RANGE) !== 0;
}

export function mt_in_rcu(mt: MapleTree): boolean {
  return (mt.flags & MT_FLAGS_USE_RCU) !== 0;
}

/** mt_set_in_rcu: from now on writes copy nodes and free replaced ones through call_rcu. */
export function mt_set_in_rcu(mt: MapleTree): void {
  mt.flags |= MT_FLAGS_USE_RCU;
}

/** mt_clear_in_rcu: writes may change nodes in place again (no readers without the lock). */
export function mt_clear_in_rcu(mt: MapleTree): void {
  mt.flags &= ~MT_FLAGS_USE_RCU;
}

/** Type of the internal nodes of this tree. */
export function mt_internal_type(mt: MapleTree): MapleType {
  return mt_is_alloc(mt) ? 'arange_64' : 'range_64';
}

export function mt_height(mt: MapleTree): number {
  return mt.height;
}
