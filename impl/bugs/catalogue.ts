/**
 * The bug catalogue: historical maple-tree and mm bugs that can be switched back into impl/, one
 * at a time, to measure whether the suite still catches them (`npm run bugs`, `npm run fuzz --
 * --bug NAME`, `MAPLE_BUG=NAME npx vitest run ...`). Each entry names where the bug comes from
 * (a kernel commit subject, a mailing-list thread, a seed file), what it breaks, the bug site in
 * impl/, and which fuzz target and which oracle should catch it.
 *
 * Invariants:
 * - names are unique, kebab-case and stable (traces and replay lines carry them);
 * - an entry is only data: the bug itself is one branch at its site, reading ACTIVE_BUG from
 *   switch.ts, so with no bug selected impl/ runs exactly the fixed code;
 * - every bug can be caught by the named target within 30 s of campaign time on one core
 *   (checked by `npm run bugs`); a bug that is not caught is a hole in the suite, fixed by
 *   strengthening a property or a target, never by weakening the bug.
 *
 * How to add an entry (a small, local change):
 * 1. append an object to BUG_CATALOGUE below (name, title, source, breaks, site, target, caughtBy);
 *    the BugName type grows with it, so a misspelt name at a site does not compile;
 * 2. at the bug site in impl/, import { ACTIVE_BUG } from '../bugs/switch.js' and add one branch:
 *    `if (ACTIVE_BUG === 'the-name') { ...the old behaviour... }` (or fold the test into an
 *    existing condition); keep it to the one place the historical fix changed;
 * 3. run `npm run bugs -- --only the-name`: it must say "caught", and its control run (same seed,
 *    bug off) must find nothing. On every `npm test`, fuzz/bugs.test.ts checks that the site reads
 *    the switch under the entry's name in the entry's file and function and that the target
 *    exists; impl/bugs/switch.test.ts that the name switches on and off.
 */

export interface BugEntry {
  /** Stable kebab-case name: the value of MAPLE_BUG and of `--bug`. */
  readonly name: string;
  /** One line: the bug as it would be written in a fix's subject. */
  readonly title: string;
  /** Where it comes from: kernel commit subject (and year), mailing-list thread, seed file. */
  readonly source: string;
  /** What goes wrong with the bug switched on, in our implementation. */
  readonly breaks: string;
  /** The bug site: file and function holding the branch. */
  readonly site: string;
  /** The fuzz target (fuzz/targets.ts) that should catch it. */
  readonly target: string;
  /** The property or oracle that should fail. */
  readonly caughtBy: string;
}

export const BUG_CATALOGUE = [
  {
    name: 'munmap-side-tree-by-address',
    title: "munmap's debug cross-check walks the count-indexed side tree by address",
    source: 'seeds/004 patch 04 "mm: Change do_vmi_align_munmap() side tree index" and the linux-next BUG_ON report after it',
    breaks: 'every munmap of a VMA not at address 0 finds nothing in the side tree and hits BUG_ON(vma_mas != vma_test)',
    site: 'impl/mm/munmap.ts side_tree_check',
    target: 'mm',
    caughtBy: 'mm property: the cross-check throws SideTreeMismatchError',
  },
  {
    name: 'prealloc-stale-count',
    title: 'mas_store_prealloc trusts a preallocation made before the tree changed',
    source: 'seeds/004, Danilo Krummrich\'s DRM GPUVA reply to patch 14 (preallocate, other writes, then store)',
    breaks: 'a store whose tree grew or changed shape since mas_preallocate runs out of nodes half-way through the write instead of being refused before it',
    site: 'impl/maple/write.ts mas_wr_store_prealloc',
    target: 'enomem-plain',
    caughtBy: 'allocation-failure property 3: PreallocInterleaved expects PreallocShortError, gets PreallocExhaustedError mid-write',
  },
  {
    name: 'prealloc-rebalance-undercount',
    title: 'the refined preallocation counts one node per level for a rebalance',
    source: 'seeds/004 patch 08 "maple_tree: Adjust node allocation on mas_rebalance()" (a node is rebalanced "into a single node or two sufficient nodes")',
    breaks: 'a rebalance that remakes a node and its neighbour as two nodes needs more nodes than were taken: the write runs out mid-way (PreallocExhaustedError)',
    site: 'impl/maple/prealloc.ts mas_prealloc_calc',
    target: 'enomem-plain',
    caughtBy: 'allocation-failure property 3 (preallocation enough for every store type) and every write',
  },
  {
    name: 'spanning-rebalance-corner',
    title: 'an insufficient node at the right edge of the tree is not rebalanced with its left neighbour',
    source: 'seeds/003 "maple_tree: Fix mas_spanning_rebalance() corner case" (Yu Zhao); again in 2023 "maple_tree: Fix mas_spanning_rebalance() on insufficient data" (criu regression, many entries overwritten at the end of the tree)',
    breaks: 'a store or erase that empties most of the last node of a level leaves that node below minimum occupancy',
    site: 'impl/maple/rebuild.ts mas_rebuild',
    target: 'maple-plain',
    caughtBy: 'mt_validate after every command: node below the minimum occupancy',
  },
  {
    name: 'empty-area-rev-root-exhaustion',
    title: "the reverse empty-area search gives up before trying the root's first slot",
    source: 'seeds/003 "maple_tree: Fix mas_empty_area_rev() search exhaustion at root node" (Alexander Gordeev)',
    breaks: 'mas_empty_area_rev / mtree_alloc_rrange answer -EBUSY when the only window fitting lies under the root\'s first slot',
    site: 'impl/maple/gap.ts searchNode',
    target: 'maple-alloc',
    caughtBy: 'maple property: empty_area_rev and alloc_rrange results against the model',
  },
  {
    name: 'wr-walk-out-of-bounds',
    title: "the write walk reads the pivot past a full node's last slot",
    source: 'seeds/003 "maple_tree: Fix out of bounds access on mas_wr_node_walk()" (Yu Zhao)',
    breaks: "a write into the last slot of a full node takes that slot's end from the word after the pivots (undefined, or a stale 0 in arange nodes), so the write is planned over the wrong range",
    site: 'impl/maple/write.ts mas_leaf_slot',
    target: 'maple-plain',
    caughtBy: 'maple property: contents against the model, mt_validate',
  },
  {
    name: 'node-store-stale-data',
    title: 'a node rewritten in place keeps its old slots and pivots past the new end',
    source: 'seeds/003 "maple_tree: Fix stale data copy in mas_wr_node_store()"',
    breaks: 'a node store that shrinks a node leaves stale entries and pivots past its end',
    site: 'impl/maple/node.ts fillNode',
    target: 'maple-plain',
    caughtBy: 'mt_validate after every command: pivot or slot used past the end',
  },
  {
    name: 'munmap-no-rollback',
    title: 'munmap does not undo the edge splits when the side tree cannot get its nodes',
    source: 'seeds/003 "mmap: Fix __vma_adjust() issue on memory failure"',
    breaks: 'a munmap that fails with -ENOMEM after splitting a VMA leaves the split pieces behind',
    site: 'impl/mm/munmap.ts do_munmap',
    target: 'mm',
    caughtBy: 'mm property under fault plans: a failed operation must leave the address space as it was (model equality, mm_validate)',
  },
  {
    name: 'brk-expand-fail-return',
    title: 'brk reports success when the tree could not store the grown heap',
    source: 'seeds/003 "mmap: Fix return on maple tree expand fail in brk()" (Hugh Dickins)',
    breaks: 'brk returns the new break (and moves mm.brk) although nothing was mapped',
    site: 'impl/mm/brk.ts do_brk',
    target: 'mm',
    caughtBy: 'mm property under fault plans: brk result and break against the model',
  },
  {
    name: 'alloc-range-stale-window',
    title: 'mtree_alloc_range keeps the window it found before the lock was dropped',
    source: 'seeds/000 (two CPUs picking the same range: find and publish must be serialised); the kernel re-searches after mas_nomem ("goto retry" in mtree_alloc_range)',
    breaks: 'an allocation that slept in the allocator stores over a window another writer took meanwhile',
    site: 'impl/maple/normal-api.ts allocRange',
    target: 'enomem-alloc',
    caughtBy: 'allocation-failure property: LockDropRace(alloc) against the model',
  },
  {
    name: 'insert-stale-check',
    title: 'mtree_insert_range does not check its range again after the lock was dropped',
    source: 'seeds/000 (re-validate inside the lock); the kernel re-checks on every attempt ("goto retry" in mtree_insert_range)',
    breaks: 'an insert that slept in the allocator overwrites the entry another writer stored meanwhile instead of returning -EEXIST',
    site: 'impl/maple/normal-api.ts mtree_insert_range',
    target: 'enomem-plain',
    caughtBy: 'allocation-failure property: LockDropRace(insert) against the model',
  },
  {
    name: 'empty-area-rev-lower-bound',
    title: 'the reverse empty-area search does not check the start of a gap against the lower limit',
    source: 'kernel 2023 "maple_tree: fix mas_empty_area_rev() lower bound validation" (bugzilla 216911)',
    breaks: 'mas_empty_area_rev / mtree_alloc_rrange return a window that starts below min',
    site: 'impl/maple/gap.ts searchNode',
    target: 'maple-alloc',
    caughtBy: 'maple property: empty_area_rev and alloc_rrange results against the model',
  },
  {
    name: 'empty-area-skips-last-slot',
    title: "the forward empty-area search skips a leaf's last slot",
    source: 'kernel 2023 "maple_tree: Fix mas_empty_area() search" (mas_awalk skipped the last entry in a node)',
    breaks: 'mas_empty_area / mtree_alloc_range miss windows that lie in the last slot of a leaf',
    site: 'impl/maple/gap.ts searchNode',
    target: 'maple-alloc',
    caughtBy: 'maple property: empty_area and alloc_range results against the model',
  },
  {
    name: 'step-next-end-slot',
    title: "stepping to the next leaf compares with the node's slot limit, not its data end",
    source: 'kernel 2023 "maple_tree: Fix mas_skip_node() end slot detection"',
    breaks: 'a walk past the last child of a parent that is not full moves outside the data (a null child) instead of climbing',
    site: 'impl/maple/walk.ts mas_step_next',
    target: 'maple-plain',
    caughtBy: 'maple property: mas_next/mas_find/mt_find results against the model (the walk throws)',
  },
  {
    name: 'empty-area-limit-checks',
    title: 'the empty-area argument check refuses a window exactly as large as [min, max]',
    source: 'kernel 2023 "maple_tree: Revise limit checks in mas_empty_area{_rev}()" (a range of 1, min == max, must work)',
    breaks: 'mas_empty_area{,_rev} with size == max - min + 1 return -EINVAL instead of searching',
    site: 'impl/maple/gap.ts emptyAreaArgsValid',
    target: 'maple-plain',
    caughtBy: 'maple property: empty_area results and maple state against the model',
  },
  {
    name: 'sparse-area-rev-range',
    title: 'the reverse search in a tree without nodes answers the lowest window',
    source: 'kernel 2023 "maple_tree: fix allocation in mas_sparse_area()" (Peng Zhang: in reverse, index and last did not point to the right range)',
    breaks: 'mas_empty_area_rev / mtree_alloc_rrange on an empty tree or a lone entry at 0 return the lowest window instead of the highest',
    site: 'impl/maple/gap.ts mt_search_empty',
    target: 'maple-alloc',
    caughtBy: 'maple property: empty_area_rev and alloc_rrange results against the model',
  },
  {
    name: 'write-retry-stale-range',
    title: 'a write retried after mas_nomem keeps the range it widened on the first attempt',
    source: 'kernel 2024 "maple_tree: reset mas->index and mas->last on write retries" (Sidhartha Kumar)',
    breaks: 'an erase that slept in the allocator wipes an entry another writer stored next to it meanwhile (the empty range was widened over it before the lock was dropped)',
    site: 'impl/maple/write.ts mas_wr_store_chosen',
    target: 'enomem-plain',
    caughtBy: 'allocation-failure property: LockDropRace(erase) against the model',
  },
  {
    name: 'prev-underflow-state',
    title: 'a backward search that finds nothing above its limit leaves the state paused at [min, min]',
    source: 'kernel 2023 "maple_tree: fix mas_prev() and mas_find() state handling" (syzbot report; the state must say "none", not move)',
    breaks: 'after mas_prev/mas_find_rev runs into its lower limit, index and last are clobbered and the next forward search resumes from min + 1, skipping entries',
    site: 'impl/maple/advanced-api.ts backwardSearch',
    target: 'maple-plain',
    caughtBy: 'maple property: maple state (index, last, status) against the model after every command',
  },
  {
    name: 'stale-state-cache',
    title: 'a maple state walks from its cached node after the tree changed',
    source: 'kernel 2023 "maple_tree: fix handle of invalidated state in mas_wr_store_setup()" (reported by SeongJae Park)',
    breaks: 'mas_next/mas_prev after a write step from a node that was replaced or changed: wrong ranges and entries, or a walk through freed nodes',
    site: 'impl/maple/walk.ts mas_range_at',
    target: 'maple-plain',
    caughtBy: 'maple property: cursor results and maple state against the model',
  },
  {
    name: 'rcu-slot-store-pivot-first',
    title: 'an in-place RCU-mode slot store publishes its pivot before its slot',
    source: 'DESIGN.md public list, "an RCU reader seeing NULL for an index that went from A to B" (seeds/000, Wilcox: a reader "will not see NULL and it will not see any other object"); the kernel keeps the two-pivot slot-store fast path out of RCU mode for this reason ("maple_tree: add a fast path case in mas_wr_slot_store()", 2023)',
    breaks: 'between the two stores, indices moving into the next slot read that slot\'s old entry: NULL for a hole, or another range\'s entry',
    site: 'impl/maple/rcu-slot-store.ts chooseOrder',
    target: 'rcu',
    caughtBy: 'RCU reader property: every result against the model history (never NULL for a never-empty index, never a value never held)',
  },
  {
    name: 'rcu-reader-dead-node',
    title: 'a lockless reader uses a node without checking that it is dead',
    source: 'kernel 2023 "maple_tree: be more cautious about dead nodes" (ma_pivots() and ma_data_end() may be called on a dead node; check before using what they return)',
    breaks: 'a reader that reached a node before a writer replaced it reads the pivots call_rcu has overwritten (the rcu_head shares them) and returns entries of the wrong ranges',
    site: 'impl/maple/rcu-reader.ts walk',
    target: 'rcu',
    caughtBy: 'RCU reader property: results against the model history',
  },
  {
    name: 'vmalloc-optimistic-no-revalidate',
    title: 'an allocator that chose its range outside the lock publishes it without re-validating',
    source: 'seeds/000 (Rezki, reviewing the maple vmalloc RFC): "the alloc side has to validate that a selected range is still empty and only then store VA ... Otherwise two CPUs can use same empty range"',
    breaks: 'two CPUs that found the same free range before either took the lock both publish it: two owners of one range',
    site: 'impl/vmalloc/concurrent-cpu.ts allocate',
    target: 'vmalloc-smp',
    caughtBy: 'concurrent vmalloc ownership ledger: a CPU gets a range another CPU owns',
  },
] as const satisfies readonly BugEntry[];

export type BugName = (typeof BUG_CATALOGUE)[number]['name'];

export const BUG_NAMES: readonly BugName[] = BUG_CATALOGUE.map((b) => b.name);

export function findBug(name: string): BugEntry | undefined {
  return BUG_CATALOGUE.find((b) => b.name === name);
}
