/**
 * Raw throughput of one workload phase (workloads.ts) on the tree (impl/maple) and on the model
 * (model/IntervalMap), side by side: one "cell" of the throughput table.
 *
 * What is timed, and the invariants that keep the figures honest:
 * - the model runs first, through its public API, on a window of the phase: ops [s, s + m). For
 *   load and erase s = 0 (the structure holds n entries); for grow phases (append, random-store)
 *   s = 0 when n <= modelFullPhaseMax, else s = n - n/10, so the model is timed at sizes
 *   0.9n .. n, where its O(n) cost is what "n entries" means. The model stops at its time budget,
 *   so m may be less than the window: the reported rate is m ops over the time they took, and m is
 *   reported with it. The model starts from `slotsBefore(s)` built directly (slots.ts), never
 *   from the tree;
 * - the tree then runs the same phase from op 0, timed in segments [0, s), [s, s + m) and the rest,
 *   with no clock read inside the first two segments. Grow phases always run to the end (the
 *   tree must hold n entries); load and erase stop at the tree's budget. The tree's rate is all
 *   the ops it ran over their time; the ratio column uses the tree's time on exactly the model's
 *   ops [s, s + m), so tree/model compares the same operations on the same contents;
 * - every op's result goes into a checksum compared with the workload's expected results, for the
 *   model's window and for each tree segment, and afterwards (clock stopped) the contents of both
 *   structures are compared with `slotsBefore` of where they stopped. Any mismatch throws: a
 *   figure is only printed for runs that did the work correctly;
 * - small cells may be repeated on fresh structures (CellOptions.repeatToOps); then every span is
 *   the sum over the repetitions, each of which keeps all the rules above.
 */
import type { MapleTree } from '../impl/maple/index.js';
import type { IntervalMap } from '../model/index.js';
import { ModelTarget, TreeTarget, assertModelHolds, assertTreeHolds, modelWithSlots, type Target } from './slots.js';
import type { Workload } from './workloads.js';

/** Some ops and the milliseconds they took. */
export interface Span {
  ops: number;
  ms: number;
}

export interface CellOptions {
  /** The model stops after this many milliseconds in all (clock read every 16 ops). */
  modelBudgetMs: number;
  /** Load and erase phases of the tree stop after this many milliseconds in all (clock read every 1024 ops). */
  treeBudgetMs: number;
  /** Grow phases up to this n are timed whole on the model; larger ones on their last tenth. */
  modelFullPhaseMax: number;
  /**
   * Small cells are repeated on fresh structures until about this many ops were run
   * (floor(repeatToOps / n) repetitions, at least 1; default 0: once), and their ops and times
   * summed, so that cells of a few milliseconds are not dominated by timer and GC noise. The
   * model budget covers all repetitions together; no repetition starts once it is spent.
   */
  repeatToOps?: number;
  /** Compare both structures' contents with the expected slots afterwards (O(n); default true). */
  verify?: boolean;
}

export interface CellResult {
  n: number;
  workload: string;
  /** How many times the phase was run (see CellOptions.repeatToOps); the spans are sums. */
  repetitions: number;
  /** Every op the tree ran (from op 0), over its time. */
  tree: Span;
  /** The tree's time on the model's ops [modelFrom, modelFrom + model.ops). */
  treeOnModelOps: Span;
  /** The model's window. */
  model: Span;
  modelFrom: number;
  /** Entries held by the model at the start and at the end of its window. */
  modelSizeFrom: number;
  modelSizeTo: number;
}

interface SpanRun {
  end: number;
  ms: number;
  sum: number;
}

/**
 * Runs ops [from, to) of the workload, stopping early once performance.now() >= deadline (read
 * every `checkEvery` ops; pass Infinity for no clock reads at all). Returns where it stopped, the
 * time taken and the sum of the results.
 */
function runSpan(w: Workload, t: Target, from: number, to: number, deadline: number, checkEvery: number): SpanRun {
  let sum = 0;
  let k = from;
  const t0 = performance.now();
  if (deadline === Infinity) {
    for (; k < to; k++) sum += w.op(t, k);
  } else {
    while (k < to) {
      const stop = Math.min(to, k + checkEvery);
      for (; k < stop; k++) sum += w.op(t, k);
      if (performance.now() >= deadline) break;
    }
  }
  return { end: k, ms: performance.now() - t0, sum };
}

function expectedSum(w: Workload, from: number, to: number): number {
  let sum = 0;
  for (let k = from; k < to; k++) sum += w.expected(k);
  return sum;
}

function checkSum(what: string, w: Workload, from: number, run: SpanRun): void {
  const want = expectedSum(w, from, run.end);
  if (run.sum !== want) {
    throw new Error(`${w.name} n=${w.n}: ${what} ops [${from}, ${run.end}) returned checksum ${run.sum}, expected ${want}`);
  }
}

/** Where the model's window starts (see the header). */
export function modelWindowStart(w: Workload, fullPhaseMax: number): number {
  return w.kind === 'grow' && w.n > fullPhaseMax ? w.n - Math.ceil(w.n / 10) : 0;
}

/** How many times a cell at size n is repeated (see CellOptions.repeatToOps). */
export function cellRepetitions(n: number, repeatToOps: number): number {
  return Math.max(1, Math.floor(repeatToOps / n));
}

/**
 * Measures one cell. `freshTree()` must return a tree holding `w.slotsBefore(0)` (empty for grow
 * phases, all n slots for load and erase); it is called once per repetition, and the last tree it
 * gave is returned as the tree's run left it, with the model as its last window left it.
 */
export function measureCell(
  w: Workload,
  freshTree: () => MapleTree,
  options: CellOptions,
): { result: CellResult; tree: MapleTree; model: IntervalMap } {
  const verify = options.verify !== false;
  const s = modelWindowStart(w, options.modelFullPhaseMax);
  const reps = cellRepetitions(w.n, options.repeatToOps ?? 0);
  const modelDeadline = performance.now() + options.modelBudgetMs;
  const tree: Span = { ops: 0, ms: 0 };
  const treeOnModelOps: Span = { ops: 0, ms: 0 };
  const modelSpan: Span = { ops: 0, ms: 0 };
  let modelEnd = s;
  let repetitions = 0;
  let last: { tree: MapleTree; model: IntervalMap } | null = null;

  for (let rep = 0; rep < reps; rep++) {
    // The model's window, from contents built directly at op s.
    const model = modelWithSlots(w.slotsBefore(s));
    const modelRun = runSpan(w, new ModelTarget(model), s, w.n, modelDeadline, 16);
    checkSum('model', w, s, modelRun);
    const m = modelRun.end - s;
    if (m === 0) throw new Error(`${w.name} n=${w.n}: the model ran no op`);
    if (verify) assertModelHolds(model, w.slotsBefore(modelRun.end), `${w.name} n=${w.n} model after its window`);

    // The tree, from op 0: [0, s), then exactly the model's ops, then the rest of the phase.
    const t = freshTree();
    const target = new TreeTarget(t);
    const before = runSpan(w, target, 0, s, Infinity, 0);
    checkSum('tree', w, 0, before);
    const window = runSpan(w, target, s, s + m, Infinity, 0);
    checkSum('tree', w, s, window);
    const restDeadline = w.kind === 'grow' ? Infinity : performance.now() + options.treeBudgetMs - tree.ms - before.ms - window.ms;
    const rest = runSpan(w, target, s + m, w.n, restDeadline, 1024);
    checkSum('tree', w, s + m, rest);
    if (verify) assertTreeHolds(t, w.slotsBefore(rest.end), `${w.name} n=${w.n} tree after its run`);

    tree.ops += rest.end;
    tree.ms += before.ms + window.ms + rest.ms;
    treeOnModelOps.ops += m;
    treeOnModelOps.ms += window.ms;
    modelSpan.ops += m;
    modelSpan.ms += modelRun.ms;
    modelEnd = Math.max(modelEnd, modelRun.end);
    repetitions++;
    last = { tree: t, model };
    // A budget ran out: what was measured so far is the cell.
    if (modelRun.end < w.n || rest.end < w.n || performance.now() >= modelDeadline) break;
  }
  if (last === null) throw new Error('unreachable: a cell runs at least once');

  return {
    result: {
      n: w.n,
      workload: w.name,
      repetitions,
      tree,
      treeOnModelOps,
      model: modelSpan,
      modelFrom: s,
      modelSizeFrom: w.sizeBefore(s),
      modelSizeTo: w.sizeBefore(modelEnd),
    },
    ...last,
  };
}
