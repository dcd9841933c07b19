/**
 * Section 4 of `npm run bench`: nodes allocated per store type under worst-case vs refined
 * preallocation, on the same seeded write workload.
 *
 * What it measures: for a tree kind (plain, or MT_FLAGS_ALLOC_RANGE) and a size n, one list of
 * writes (`preallocWorkload`) is run on two trees in lockstep, one made with
 * `mt_init_flags(flags, { prealloc: WORST_CASE_PREALLOC })` (the kernel's original 1 + 3h for every
 * write) and one with the default REFINED_PREALLOC (mas_prealloc_calc per store type). Each write's
 * WriteReport (tree.onWrite) gives its store type, the nodes it had allocated up front
 * (nodesRequested) and the nodes it really took (nodesUsed); these are summed per store type and
 * policy, with the largest per-write figures. The allocators' own totals (allocated, freed, live,
 * requests, failures) are read at the end. Counts only: nothing here is timed except the run as a
 * whole, and no figure depends on the clock.
 *
 * The workload touches every store type: a whole-range store and its erase (wr_new_root), a bare
 * entry at 0 and the first leaf (wr_store_root); n slots [10p, 10p+5] stored in a random order,
 * interleaved with partial overwrites of random short ranges (some crossing entries, gaps and
 * leaves), exact overwrites of slots already there and a few erases; n/4 appends above the top;
 * eight long stores over 0.5%..2% of the key space (half of them empty: long erases); then n/2
 * erases at random indices (rebalances). A quarter of the value stores go through the
 * preallocation API (mas_preallocate + mas_store_prealloc), the rest through mtree_store_range;
 * erases through mtree_erase. The tree peaks at about 1.3n entries.
 *
 * Invariants, checked as it runs (any failure throws, so no figure comes from a run that broke):
 * - both trees get exactly the same operations, and every operation returns the same on both;
 * - write by write, both trees report the same number of writes, with the same store type, the
 *   same height before and the same nodes used: the policy changes what is allocated, never what
 *   the tree does (so "used" is one figure per store type, equal for both policies);
 * - for every write: ret 0 and no retry (no fault plan), nodes used <= nodes requested under each
 *   policy, refined requested <= worst-case requested;
 * - each allocator's `allocated` equals the sum of its tree's nodesRequested (every node comes
 *   from a write's preallocation), with no failures, and freed + live == allocated;
 * - at the end of every phase both trees hold identical contents (mt_for_each, entry by entry),
 *   pass mt_validate (structure, gaps, and allocator accounting: live == reachable nodes), and
 *   have the same height and node count.
 */
import {
  MA_STATE,
  MAX_INDEX,
  MT_FLAGS_ALLOC_RANGE,
  REFINED_PREALLOC,
  STORE_TYPES,
  WORST_CASE_PREALLOC,
  mas_preallocate,
  mas_store_prealloc,
  mt_for_each,
  mt_init_flags,
  mt_validate,
  mtree_erase,
  mtree_store_range,
  type MapleTree,
  type PreallocPolicy,
  type StoreType,
} from '../impl/maple/index.js';
import type { WriteReport } from '../impl/maple/tree.js';
import { prngFor, shuffledRange, type Prng } from './prng.js';
import { SLOT_LENGTH, slotFirst, slotLast } from './slots.js';

/** Operation kinds of the workload. */
export const OP_STORE = 0; // mtree_store_range
export const OP_STORE_PREALLOC = 1; // mas_preallocate + mas_store_prealloc
export const OP_ERASE = 2; // mtree_erase at `first`

export interface PreallocWorkload {
  readonly n: number;
  readonly length: number;
  readonly kind: Uint8Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  /** The entry stored (0: none, an empty store). Unused by erases. */
  readonly value: Float64Array;
  /** Phases in order, each ending (exclusive) at op `end`. */
  readonly phases: ReadonlyArray<{ name: string; end: number }>;
}

/** The seeded write workload for size n (see the header). All randomness is drawn here. */
export function preallocWorkload(n: number, rng: Prng): PreallocWorkload {
  if (!Number.isSafeInteger(n) || n < 8) throw new RangeError(`preallocWorkload: n = ${n} is too small`);
  const kind: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  const value: number[] = [];
  const phases: Array<{ name: string; end: number }> = [];
  const store = (lo: number, hi: number, entry: boolean, api: 'any' | 'mtree' = 'any'): void => {
    kind.push(api === 'any' && entry && rng.int(4) === 0 ? OP_STORE_PREALLOC : OP_STORE);
    first.push(lo);
    last.push(hi);
    value.push(entry ? kind.length : 0); // op number + 1: every value store writes a new entry
  };
  const erase = (index: number): void => {
    kind.push(OP_ERASE);
    first.push(index);
    last.push(index);
    value.push(0);
  };
  const endPhase = (name: string): void => {
    phases.push({ name, end: kind.length });
  };

  // Root: a whole-range store and its erase (both wr_new_root), then a bare entry at 0.
  store(0, MAX_INDEX, true, 'mtree');
  erase(SLOT_LENGTH);
  store(0, 0, true, 'mtree');
  endPhase('root');

  // Build: the n slots in a random order, with partial overwrites, exact overwrites and erases.
  const perm = shuffledRange(n, rng);
  for (let k = 0; k < n; k++) {
    const r = rng.float();
    if (r < 0.08) {
      const lo = rng.int(slotFirst(n));
      store(lo, lo + rng.int(24), true);
    } else if (r < 0.12 && k > 0) {
      const q = perm[rng.int(k)];
      store(slotFirst(q), slotLast(q), true);
    } else if (r < 0.15 && k > 0) {
      erase(slotFirst(perm[rng.int(k)]) + rng.int(SLOT_LENGTH));
    }
    const p = perm[k];
    store(slotFirst(p), slotLast(p), true);
  }
  endPhase('random store');

  // Append: n/4 slots above everything, in increasing order.
  const m = Math.floor(n / 4);
  for (let p = n; p < n + m; p++) store(slotFirst(p), slotLast(p), true);
  endPhase('append');

  // Spanning: eight long stores across many leaves, alternately an entry and empty.
  const keys = slotFirst(n + m);
  for (let i = 0; i < 8; i++) {
    const len = Math.floor(keys * (0.005 + 0.015 * rng.float()));
    const lo = rng.int(keys - len);
    store(lo, lo + len - 1, i % 2 === 0);
  }
  endPhase('spanning');

  // Erase: n/2 erases at random indices of random slots (some already gone).
  for (let i = 0; i < Math.floor(n / 2); i++) erase(slotFirst(rng.int(n + m)) + rng.int(SLOT_LENGTH));
  endPhase('erase');

  return {
    n,
    length: kind.length,
    kind: Uint8Array.from(kind),
    first: Float64Array.from(first),
    last: Float64Array.from(last),
    value: Float64Array.from(value),
    phases,
  };
}

export type TreeKind = 'plain' | 'alloc-range';

/** Per store type, over the whole workload. */
export interface TypeCounts {
  type: StoreType;
  writes: number;
  /** Nodes allocated up front (sum of nodesRequested) under each policy. */
  worstAllocated: number;
  refinedAllocated: number;
  /** Largest single-write preallocation under each policy. */
  worstMaxAllocated: number;
  refinedMaxAllocated: number;
  /** Nodes the writes took (sum of nodesUsed) under each policy: always equal (checked). */
  worstUsed: number;
  refinedUsed: number;
  /** Largest single-write nodesUsed. */
  maxUsed: number;
}

/** One policy's totals: its writes' sums and its allocator's counters at the end. */
export interface PolicyTotals {
  policy: string;
  writes: number;
  requested: number;
  used: number;
  allocated: number;
  freed: number;
  live: number;
  requests: number;
  failures: number;
}

export interface PreallocCountsResult {
  tree: TreeKind;
  n: number;
  /** Operations run (on each tree) and the writes they made. */
  ops: number;
  writes: number;
  /** Entries at the end of each phase (equal on both trees). */
  entriesAfter: Array<{ phase: string; entries: number }>;
  maxEntries: number;
  heightAfter: number;
  /** One per store type, in STORE_TYPES order (types with no writes included). */
  types: TypeCounts[];
  /** Store types the workload never produced. */
  missing: StoreType[];
  worst: PolicyTotals;
  refined: PolicyTotals;
  /** Wall time of the whole lockstep run, both trees and all checks (informational only). */
  ms: number;
}

export interface PreallocCountsRun {
  result: PreallocCountsResult;
  worstTree: MapleTree;
  refinedTree: MapleTree;
}

class PreallocCountsError extends Error {
  constructor(where: string, message: string) {
    super(`prealloc counts (${where}): ${message}`);
    this.name = 'PreallocCountsError';
  }
}

/** Compares two trees entry by entry (mt_for_each); returns the number of entries. */
function sameContents(a: MapleTree, b: MapleTree, where: string): number {
  const ia = mt_for_each(a);
  const ib = mt_for_each(b);
  let count = 0;
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true || y.done === true) {
      if (x.done !== y.done) throw new PreallocCountsError(where, `contents differ: one tree has more than ${count} entries`);
      return count;
    }
    const u = x.value;
    const v = y.value;
    if (u.first !== v.first || u.last !== v.last || u.entry !== v.entry) {
      throw new PreallocCountsError(
        where,
        `contents differ at entry ${count}: [${u.first}, ${u.last}] = ${String(u.entry)} vs [${v.first}, ${v.last}] = ${String(v.entry)}`,
      );
    }
    count++;
  }
}

function applyOp(tree: MapleTree, w: PreallocWorkload, k: number, where: () => string): unknown {
  const entry = w.value[k] === 0 ? null : w.value[k];
  switch (w.kind[k]) {
    case OP_STORE: {
      const ret = mtree_store_range(tree, w.first[k], w.last[k], entry);
      if (ret !== 0) throw new PreallocCountsError(where(), `mtree_store_range returned ${ret}`);
      return 0;
    }
    case OP_STORE_PREALLOC: {
      const mas = MA_STATE(tree, w.first[k], w.last[k]);
      const pre = mas_preallocate(mas, entry);
      if (pre !== 0) throw new PreallocCountsError(where(), `mas_preallocate returned ${pre}`);
      const ret = mas_store_prealloc(mas, entry);
      if (ret !== 0) throw new PreallocCountsError(where(), `mas_store_prealloc returned ${ret}`);
      return 0;
    }
    default:
      return mtree_erase(tree, w.first[k]);
  }
}

function policyTotals(policy: PreallocPolicy, tree: MapleTree, writes: number, requested: number, used: number, where: string): PolicyTotals {
  const a = tree.allocator;
  const t: PolicyTotals = {
    policy: policy.name,
    writes,
    requested,
    used,
    allocated: a.allocated,
    freed: a.freed,
    live: a.live,
    requests: a.requests,
    failures: a.failures,
  };
  if (t.allocated !== requested) {
    throw new PreallocCountsError(where, `${policy.name}: allocator handed out ${t.allocated} nodes but the writes requested ${requested}`);
  }
  if (t.failures !== 0 || t.requests !== t.allocated) throw new PreallocCountsError(where, `${policy.name}: ${t.failures} failed allocations`);
  if (t.freed + t.live !== t.allocated) throw new PreallocCountsError(where, `${policy.name}: freed ${t.freed} + live ${t.live} != allocated ${t.allocated}`);
  return t;
}

/**
 * Runs `preallocWorkload(n)` (stream `prealloc-counts/<n>` of `seed`, the same for both tree
 * kinds) on a worst-case and a refined tree in lockstep, checking everything the header lists.
 */
export function runPreallocCounts(tree: TreeKind, n: number, seed: number, workload?: PreallocWorkload): PreallocCountsRun {
  const t0 = performance.now();
  const w = workload ?? preallocWorkload(n, prngFor(seed, `prealloc-counts/${n}`));
  const flags = tree === 'alloc-range' ? MT_FLAGS_ALLOC_RANGE : 0;
  const worstTree = mt_init_flags(flags, { prealloc: WORST_CASE_PREALLOC });
  const refinedTree = mt_init_flags(flags); // the default: REFINED_PREALLOC
  if (refinedTree.prealloc !== REFINED_PREALLOC) throw new Error('prealloc counts: the default policy is not REFINED_PREALLOC');

  const reports: Array<WriteReport | null> = [null, null];
  const seen = [0, 0];
  worstTree.onWrite = (r) => {
    reports[0] = r;
    seen[0]++;
  };
  refinedTree.onWrite = (r) => {
    reports[1] = r;
    seen[1]++;
  };

  const typeIndex = new Map<string, number>(STORE_TYPES.map((t, i) => [t, i]));
  const types: TypeCounts[] = STORE_TYPES.map((type) => ({
    type,
    writes: 0,
    worstAllocated: 0,
    refinedAllocated: 0,
    worstMaxAllocated: 0,
    refinedMaxAllocated: 0,
    worstUsed: 0,
    refinedUsed: 0,
    maxUsed: 0,
  }));
  const label = `${tree} n=${n}`;
  const entriesAfter: Array<{ phase: string; entries: number }> = [];
  let maxEntries = 0;
  let writes = 0;
  let phase = 0;

  for (let k = 0; k < w.length; k++) {
    const where = (): string => `${label}, op ${k} (${w.phases[phase].name})`;
    const before = seen[0];
    reports[0] = null;
    reports[1] = null;
    const a = applyOp(worstTree, w, k, where);
    const b = applyOp(refinedTree, w, k, where);
    if (a !== b) throw new PreallocCountsError(where(), `results differ: ${String(a)} vs ${String(b)}`);
    if (seen[0] !== seen[1]) throw new PreallocCountsError(where(), `write counts differ: ${seen[0]} vs ${seen[1]}`);
    if (seen[0] > before + 1) throw new PreallocCountsError(where(), `one operation made ${seen[0] - before} writes`);
    const rw = reports[0] as WriteReport | null;
    const rr = reports[1] as WriteReport | null;
    if (rw !== null && rr !== null) {
      if (rw.type !== rr.type || rw.heightBefore !== rr.heightBefore || rw.nodesUsed !== rr.nodesUsed) {
        throw new PreallocCountsError(
          where(),
          `the trees did different writes: ${rw.type} (height ${rw.heightBefore}, used ${rw.nodesUsed}) vs ` +
            `${rr.type} (height ${rr.heightBefore}, used ${rr.nodesUsed})`,
        );
      }
      for (const r of [rw, rr]) {
        if (r.ret !== 0 || r.retries !== 0) throw new PreallocCountsError(where(), `${r.type} returned ${r.ret} after ${r.retries} retries`);
        if (r.nodesUsed > r.nodesRequested) throw new PreallocCountsError(where(), `${r.type} used ${r.nodesUsed} of ${r.nodesRequested} nodes`);
      }
      if (rr.nodesRequested > rw.nodesRequested) {
        throw new PreallocCountsError(where(), `${rr.type}: refined requested ${rr.nodesRequested} > worst case ${rw.nodesRequested}`);
      }
      const c = types[typeIndex.get(rw.type) as number];
      c.writes++;
      c.worstAllocated += rw.nodesRequested;
      c.refinedAllocated += rr.nodesRequested;
      c.worstMaxAllocated = Math.max(c.worstMaxAllocated, rw.nodesRequested);
      c.refinedMaxAllocated = Math.max(c.refinedMaxAllocated, rr.nodesRequested);
      c.worstUsed += rw.nodesUsed;
      c.refinedUsed += rr.nodesUsed;
      c.maxUsed = Math.max(c.maxUsed, rw.nodesUsed);
      writes++;
    }
    if (k + 1 === w.phases[phase].end) {
      const at = `${label}, end of ${w.phases[phase].name}`;
      const entries = sameContents(worstTree, refinedTree, at);
      const fw = mt_validate(worstTree);
      const fr = mt_validate(refinedTree);
      if (fw.height !== fr.height || fw.nodes !== fr.nodes || fw.entries !== fr.entries) {
        throw new PreallocCountsError(at, `shapes differ: height ${fw.height}/${fr.height}, nodes ${fw.nodes}/${fr.nodes}`);
      }
      entriesAfter.push({ phase: w.phases[phase].name, entries });
      maxEntries = Math.max(maxEntries, entries);
      phase++;
    }
  }
  worstTree.onWrite = null;
  refinedTree.onWrite = null;

  let worstRequested = 0;
  let refinedRequested = 0;
  let used = 0;
  for (const c of types) {
    if (c.worstUsed !== c.refinedUsed) throw new PreallocCountsError(label, `${c.type}: used ${c.worstUsed} vs ${c.refinedUsed}`);
    worstRequested += c.worstAllocated;
    refinedRequested += c.refinedAllocated;
    used += c.worstUsed;
  }
  const result: PreallocCountsResult = {
    tree,
    n,
    ops: w.length,
    writes,
    entriesAfter,
    maxEntries,
    heightAfter: worstTree.height,
    types,
    missing: types.filter((c) => c.writes === 0).map((c) => c.type),
    worst: policyTotals(WORST_CASE_PREALLOC, worstTree, writes, worstRequested, used, label),
    refined: policyTotals(REFINED_PREALLOC, refinedTree, writes, refinedRequested, used, label),
    ms: performance.now() - t0,
  };
  return { result, worstTree, refinedTree };
}

/** runPreallocCounts without the trees (what the benchmark prints). */
export function preallocCounts(tree: TreeKind, n: number, seed: number): PreallocCountsResult {
  return runPreallocCounts(tree, n, seed).result;
}
