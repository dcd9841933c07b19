/**
 * Timing one workload phase (workloads.ts) on one structure, and one repetition of a cell: the
 * phase run again on fresh inputs until a minimum time is reached.
 *
 * What is timed, and the invariants that keep the figures honest:
 * - a run covers ops [from, to) of the phase on a structure holding `contentsBefore(from)`,
 *   timed in three consecutive segments with no clock read inside the first two unless a deadline
 *   asks for it: [from, windowFrom), the window [windowFrom, windowTo), and the rest. A run
 *   stops early only at a deadline (the window's, read every 16 ops, or the rest's, read every
 *   1024 ops), and reports the ops it really ran; a window cut short ends the run;
 * - every segment's results are summed and compared with the workload's expected results, so a
 *   wrong result throws instead of being timed;
 * - after a run of a phase that changes the structure, its whole contents are compared with
 *   `contentsBefore(end)` (clock stopped); read phases are checked by their results, and any damage
 *   they did would fail the next write phase's contents check, which assumes the full map;
 * - a repetition re-runs the phase on fresh inputs (built untimed by the caller) until its timed
 *   milliseconds reach `minMs`, so phases of a few microseconds are not dominated by timer noise;
 *   its ops and times are sums over those runs, and the number of runs is reported.
 */
import { assertHolds, type RangeMap } from './range-map/range-map.js';
import type { Workload } from './workloads.js';

/** Some ops and the milliseconds they took. */
export interface Span {
  ops: number;
  ms: number;
}

export interface RunPlan {
  from: number;
  windowFrom: number;
  windowTo: number;
  /** performance.now() deadline inside the window (Infinity: no clock read). */
  windowDeadline: number;
  to: number;
  /** Milliseconds the rest may take (Infinity: run to `to`). */
  restBudgetMs: number;
}

export interface PhaseRun {
  /** Where the run stopped (exclusive). */
  end: number;
  total: Span;
  window: Span;
}

interface SpanRun {
  end: number;
  ms: number;
  sum: number;
}

function runSpan(w: Workload, t: RangeMap, from: number, to: number, deadline: number, checkEvery: number): SpanRun {
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

function checkSum(w: Workload, t: RangeMap, from: number, run: SpanRun): void {
  let want = 0;
  for (let k = from; k < run.end; k++) want += w.expected(k);
  if (run.sum !== want) {
    throw new Error(`${w.name} n=${w.n}: ${t.name} ops [${from}, ${run.end}) returned checksum ${run.sum}, expected ${want}`);
  }
}

/** One run of the phase on `t`, which must hold `w.contentsBefore(plan.from)`. */
export function runPhase(w: Workload, t: RangeMap, plan: RunPlan): PhaseRun {
  if (!(plan.from <= plan.windowFrom && plan.windowFrom <= plan.windowTo && plan.windowTo <= plan.to && plan.to <= w.length)) {
    throw new RangeError(`${w.name}: bad run plan ${JSON.stringify(plan)} for ${w.length} ops`);
  }
  w.begin(t, plan.from);
  const before = runSpan(w, t, plan.from, plan.windowFrom, Infinity, 0);
  checkSum(w, t, plan.from, before);
  const window = runSpan(w, t, plan.windowFrom, plan.windowTo, plan.windowDeadline, 16);
  checkSum(w, t, plan.windowFrom, window);
  let rest: SpanRun = { end: window.end, ms: 0, sum: 0 };
  if (window.end === plan.windowTo && plan.windowTo < plan.to) {
    const deadline = plan.restBudgetMs === Infinity ? Infinity : performance.now() + plan.restBudgetMs;
    rest = runSpan(w, t, plan.windowTo, plan.to, deadline, 1024);
    checkSum(w, t, plan.windowTo, rest);
  }
  return {
    end: rest.end,
    total: { ops: rest.end - plan.from, ms: before.ms + window.ms + rest.ms },
    window: { ops: window.end - plan.windowFrom, ms: window.ms },
  };
}

export interface RepResult {
  /** How many runs of the phase the repetition made (on fresh inputs); spans are sums. */
  runs: number;
  total: Span;
  window: Span;
  /** A run stopped at a deadline before the end of its plan. */
  capped: boolean;
}

export interface RepOptions {
  /** Runs are repeated until their timed milliseconds reach this (at least one run). */
  minMs: number;
  /** Called after the first run, before its check (e.g. to measure the heap). */
  afterFirstRun?: (t: RangeMap, run: PhaseRun) => void;
}

/**
 * One repetition: runs the phase on `first`, then on `fresh()` inputs, until `minMs` is reached
 * or a run is capped by a deadline. Returns the figures and the structure the first run left.
 */
export function measureRep(w: Workload, first: RangeMap, fresh: () => RangeMap, plan: RunPlan, options: RepOptions): { result: RepResult; kept: RangeMap } {
  const total: Span = { ops: 0, ms: 0 };
  const window: Span = { ops: 0, ms: 0 };
  let runs = 0;
  let capped = false;
  let t = first;
  for (;;) {
    const run = runPhase(w, t, plan);
    if (runs === 0) options.afterFirstRun?.(t, run);
    if (w.kind !== 'read') assertHolds(t, w.contentsBefore(run.end), `${w.name} n=${w.n} after ops [${plan.from}, ${run.end})`);
    total.ops += run.total.ops;
    total.ms += run.total.ms;
    window.ops += run.window.ops;
    window.ms += run.window.ms;
    runs++;
    capped = run.end < plan.to;
    if (capped || total.ms >= options.minMs) break;
    t = fresh();
  }
  return { result: { runs, total, window, capped }, kept: first };
}
