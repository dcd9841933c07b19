/**
 * The range-map section at one size n: every workload (workloads.ts) on every structure
 * (range-map/structures.ts), several repetitions, plus the memory each structure holds.
 *
 * Order and inputs, per repetition:
 * - the model runs first, every workload on its own prefilled input (model-range-map.ts), timed on
 *   a window: grow phases above `modelFullPhaseMax` entries on their last tenth (where its O(n)
 *   cost is what "n entries" means), other phases from op 0, each stopped at the model budget. Its
 *   window [s, s + m) is then timed separately inside every other structure's run, so "maple vs
 *   model" compares the same operations on the same contents;
 * - then each other structure, in an order rotated by one every repetition (so no structure
 *   always runs first or last): seq-store builds A, rand-store builds B (both from empty); load,
 *   next and prev read A; span-store rewrites B; erase empties A. Grow phases run whole; read and
 *   write phases run their first `maxOps` ops (all of them up to that many), stopping at `capMs` as a
 *   safety net (reported as capped). Repeated runs of a small phase get fresh inputs built the same
 *   way, untimed.
 * Memory (last repetition only): the heap after a forced GC before A (and B) is created and after
 * seq-store (rand-store) filled it, over the entries it holds; for the maple tree also its nodes
 * per entry (mt_validate). The model's figure is measured on its prefill holding all n slots.
 * No collection is forced anywhere else: a forced full GC throws away optimized code that refers
 * to objects it frees ("weak objects" deoptimizations, seen with --trace-deopt), and the maple
 * tree's large write path then ran interpreted for most of a short phase (ten times slower at
 * 10^3 entries). The last repetition is the one a forced GC can disturb, and medians absorb it.
 *
 * Invariants: all random choices come from one seed through per-workload streams; every run's
 * results and contents are checked (range-cell.ts) before its figures are kept.
 */
import { mt_validate } from '../impl/maple/index.js';
import { forceGc, heapGrowthSince, heapUsed } from './heap.js';
import { prngFor } from './prng.js';
import { measureRep, runPhase, type RepResult, type RunPlan } from './range-cell.js';
import { MapleRangeMap } from './range-map/maple-range-map.js';
import { assertHolds, type RangeMap } from './range-map/range-map.js';
import { MODEL, type Structure } from './range-map/structures.js';
import { firstSlotsSource } from './slots.js';
import { workloadsAt, type Workload, type WorkloadName } from './workloads.js';

export interface RangeBenchOptions {
  seed: number;
  /** Prefix of every PRNG stream label ('' when measuring), so the warm-up draws other numbers. */
  stream: string;
  structures: readonly Structure[];
  reps: number;
  /** A repetition re-runs a phase until its timed milliseconds reach this. */
  minRepMs: number;
  /** The model's window stops after this many milliseconds (per repetition and workload). */
  modelBudgetMs: number;
  /** Grow phases up to this n are timed whole on the model; larger ones on their last tenth. */
  modelFullPhaseMax: number;
  /** Read and write phases of the other structures run at most this many ops. */
  maxOps: number;
  /** Safety cap for the read and write phases of the other structures. */
  capMs: number;
  /** Measure the heap in the last repetition. */
  memory: boolean;
}

export interface StructureReps {
  structure: string;
  reps: RepResult[];
}

export interface RangeCellResult {
  n: number;
  workload: WorkloadName;
  /** Operations in one phase. */
  length: number;
  /** Operations one run of the phase does on the structures other than the model (maxOps). */
  opsPerRun: number;
  structures: StructureReps[];
  /** The model's window in each repetition: ops [from, to), and the entries held there. */
  modelWindows: Array<{ from: number; to: number; sizeFrom: number; sizeTo: number }>;
}

export interface MemoryResult {
  n: number;
  structure: string;
  /** How the structure was filled: seq-store, rand-store, or the model's prefill. */
  filledBy: string;
  entries: number;
  /** Heap growth in bytes (null: no forced GC available). */
  bytes: number | null;
  /** Maple tree only: nodes in the tree. */
  nodes: number | null;
}

export interface RangeSizeResult {
  cells: RangeCellResult[];
  memory: MemoryResult[];
}

/** Where the model's window starts (see the header). */
export function modelWindowStart(w: Workload, fullPhaseMax: number): number {
  return w.kind === 'grow' && w.n > fullPhaseMax ? w.length - Math.ceil(w.length / 10) : 0;
}

/** A structure filled by running all of a (grow) workload's ops on it, untimed but checked. */
function builtBy(w: Workload, s: Structure): RangeMap {
  const t = s.create();
  runPhase(w, t, { from: 0, windowFrom: 0, windowTo: 0, windowDeadline: Infinity, to: w.length, restBudgetMs: Infinity });
  assertHolds(t, w.contentsBefore(w.length), `${w.name} n=${w.n} (input for a later phase)`);
  return t;
}

function mapleNodes(t: RangeMap): number | null {
  return t instanceof MapleRangeMap ? mt_validate(t.tree).nodes : null;
}

function rotated<T>(xs: readonly T[], by: number): T[] {
  const k = xs.length === 0 ? 0 : by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

/** Measures every workload on every structure at size n. `progress` gets a line per repetition. */
export function rangeMapSize(n: number, o: RangeBenchOptions, progress: (line: string) => void = () => {}): RangeSizeResult {
  const workloads = workloadsAt(n, (label) => prngFor(o.seed, `${o.stream}${label}/${n}`));
  const byName = (name: WorkloadName): Workload => workloads.find((w) => w.name === name) as Workload;
  const cells: RangeCellResult[] = workloads.map((w) => ({
    n,
    workload: w.name as WorkloadName,
    length: w.length,
    opsPerRun: w.kind === 'grow' ? w.length : Math.min(w.length, o.maxOps),
    structures: o.structures.map((s) => ({ structure: s.name, reps: [] })),
    modelWindows: [],
  }));
  const record = (w: Workload, s: Structure, r: RepResult): void => {
    const cell = cells[workloads.indexOf(w)];
    (cell.structures.find((x) => x.structure === s.name) as StructureReps).reps.push(r);
  };
  const memory: MemoryResult[] = [];
  const hasModel = o.structures.includes(MODEL);
  const others = o.structures.filter((s) => s !== MODEL);

  for (let rep = 0; rep < o.reps; rep++) {
    const t0 = performance.now();
    // The model first: its windows, per workload, for this repetition.
    const windows = new Map<Workload, [number, number]>();
    if (hasModel) {
      for (const w of workloads) {
        const s = modelWindowStart(w, o.modelFullPhaseMax);
        const fresh = (): RangeMap => MODEL.holding(w.contentsBefore(s));
        let windowOps = 0;
        const plan: RunPlan = { from: s, windowFrom: s, windowTo: w.length, windowDeadline: performance.now() + o.modelBudgetMs, to: w.length, restBudgetMs: 0 };
        const { result } = measureRep(w, fresh(), fresh, plan, {
          minMs: o.minRepMs,
          afterFirstRun: (_t, run) => (windowOps = run.window.ops),
        });
        record(w, MODEL, result);
        windows.set(w, [s, s + windowOps]);
        cells[workloads.indexOf(w)].modelWindows.push({ from: s, to: s + windowOps, sizeFrom: w.sizeBefore(s), sizeTo: w.sizeBefore(s + windowOps) });
      }
      if (o.memory && rep === o.reps - 1) {
        forceGc(); // a memory probe: the only forced collections (see the header)
        const before = heapUsed();
        const full = MODEL.holding(firstSlotsSource(n));
        const bytes = heapGrowthSince(before);
        assertHolds(full, firstSlotsSource(n), 'model memory probe'); // keeps `full` alive past the reading
        memory.push({ n, structure: MODEL.name, filledBy: 'prefill', entries: n, bytes, nodes: null });
      }
    }

    for (const s of rotated(others, rep)) {
      const plan = (w: Workload): RunPlan => {
        const [from, to] = windows.get(w) ?? [0, 0];
        const grows = w.kind === 'grow';
        const end = grows ? w.length : Math.max(to, Math.min(w.length, o.maxOps));
        return { from: 0, windowFrom: from, windowTo: to, windowDeadline: Infinity, to: end, restBudgetMs: grows ? Infinity : o.capMs };
      };
      const grow = (w: Workload): RangeMap => {
        const probe = o.memory && rep === o.reps - 1;
        if (probe) forceGc();
        const before = heapUsed();
        const t = s.create();
        const { result, kept } = measureRep(w, t, () => s.create(), plan(w), {
          minMs: o.minRepMs,
          afterFirstRun: (filled) => {
            if (!probe) return;
            const bytes = heapGrowthSince(before);
            memory.push({ n, structure: s.name, filledBy: w.name, entries: w.sizeBefore(w.length), bytes, nodes: mapleNodes(filled) });
          },
        });
        record(w, s, result);
        return kept;
      };
      const onInput = (w: Workload, input: RangeMap, fresh: () => RangeMap): void => {
        record(w, s, measureRep(w, input, fresh, plan(w), { minMs: o.minRepMs }).result);
      };
      const seq = byName('seq-store');
      const rand = byName('rand-store');
      const a = grow(seq);
      const b = grow(rand);
      for (const name of ['load', 'next', 'prev'] as const) onInput(byName(name), a, () => a);
      onInput(byName('span-store'), b, () => builtBy(rand, s));
      onInput(byName('erase'), a, () => builtBy(seq, s));
    }
    progress(`  n=${n.toLocaleString('en-US')} repetition ${rep + 1}/${o.reps} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { cells, memory };
}
