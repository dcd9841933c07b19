/**
 * What one benchmark size measures, in order, and the warm-up: the glue between the measuring
 * pieces (throughput.ts, checked-loop.ts) used by run.ts and by bench.test.ts.
 *
 * For size n it measures, each from its own PRNG stream derived from the one seed:
 *   append (tree A, from empty), random-store (tree B, from empty), load (on A, full),
 *   the checked loop (on A, full; changes A), erase (on B, full; random order).
 * Invariants: every cell starts from the contents its workload expects (A and B hold all n slots
 * when their grow phases end, which measureCell verifies); run.ts measures nothing before warmUp
 * has run every code path for a while; the figures are handed out through callbacks as soon as
 * each is measured, and `inspect` sees each cell's tree and model before they are dropped.
 */
import { mt_init_flags, mtree_store_range, type MapleTree } from '../impl/maple/index.js';
import type { IntervalMap } from '../model/index.js';
import { checkedLoop, defaultCheckEvery, type CheckedLoopResult } from './checked-loop.js';
import { deriveSeed, prngFor } from './prng.js';
import { propertyLoop } from './property-loop.js';
import { firstSlots, slotFirst, slotLast, slotValue } from './slots.js';
import { measureCell, type CellOptions, type CellResult } from './throughput.js';
import { appendWorkload, eraseWorkload, loadWorkload, randomStoreWorkload, type Workload } from './workloads.js';

export interface BenchConfig {
  seed: number;
  /** Prefix of every PRNG stream label ('' when measuring), so the warm-up draws other numbers. */
  stream: string;
  cell: CellOptions;
  /** Milliseconds for each of the checked loop's two runs. */
  checkedBudgetMs: number;
  /** K (full agreement check every K commands) for size n. */
  checkEvery: (n: number) => number;
}

export interface SizeHooks {
  onCell?: (r: CellResult) => void;
  onChecked?: (r: CheckedLoopResult) => void;
  /** Sees the tree and the model of each cell (and of the checked loop) as they were left. */
  inspect?: (what: string, tree: MapleTree, model: IntervalMap) => void;
}

export function benchSize(n: number, config: BenchConfig, hooks: SizeHooks = {}): void {
  const rng = (label: string) => prngFor(config.seed, `${config.stream}${label}/${n}`);
  const cell = (w: Workload, freshTree: () => MapleTree): MapleTree => {
    const { result, tree, model } = measureCell(w, freshTree, config.cell);
    hooks.onCell?.(result);
    hooks.inspect?.(`${w.name} n=${n}`, tree, model);
    return tree;
  };
  const empty = (): MapleTree => mt_init_flags(0);
  const a = cell(appendWorkload(n), empty); // holds all n slots (checked by measureCell)
  const b = cell(randomStoreWorkload(n, rng('random-store')), empty); // the same
  cell(loadWorkload(n, rng('load')), () => a); // loads leave A as it was
  const loop = checkedLoop(a, firstSlots(n), n, rng('checked-loop'), {
    budgetMs: config.checkedBudgetMs,
    checkEvery: config.checkEvery(n),
  });
  hooks.inspect?.(`checked-loop n=${n}`, loop.real.tree, loop.model.map);
  // Erase empties its tree: B the first time, then (repetitions of small cells) a rebuilt one.
  let bUsed = false;
  cell(eraseWorkload(n, rng('erase')), () => {
    if (!bUsed) {
      bUsed = true;
      return b;
    }
    return fullTree(n);
  });
  hooks.onChecked?.(loop.result);
}

/** A tree holding all n slots, built by appends (untimed). */
function fullTree(n: number): MapleTree {
  const tree = mt_init_flags(0);
  for (let p = 0; p < n; p++) {
    if (mtree_store_range(tree, slotFirst(p), slotLast(p), slotValue(p)) !== 0) throw new Error('fullTree: store failed');
  }
  return tree;
}

/**
 * Runs every measured code path (all four cells, the checked loop, both property loops) at a small
 * size with short budgets, over and over until `ms` milliseconds have passed (at least once), so
 * the JIT has settled before anything is timed; the results are dropped.
 */
export function warmUp(seed: number, ms: number): number {
  const config: BenchConfig = {
    seed,
    stream: 'warm-up/', // other streams than the measured ones, same code
    cell: { modelBudgetMs: 100, treeBudgetMs: 100, modelFullPhaseMax: 1000, repeatToOps: 20_000 },
    checkedBudgetMs: 20,
    checkEvery: defaultCheckEvery,
  };
  const t0 = performance.now();
  let rounds = 0;
  do {
    benchSize(3000, config);
    propertyLoop(rounds % 2 === 1, deriveSeed(seed, `warm-up/property/${rounds}`), 1, 200);
    rounds++;
  } while (performance.now() - t0 < ms);
  return rounds;
}
