/**
 * Which runs a campaign makes: run k uses the k-th selected target in turn and its own seed
 * derived from the base seed, and belongs to shard k mod N.
 *
 * Invariants:
 * - the plan is a pure function of (targets, base seed, run count, shard): the same options give
 *   the same runs, with the same seeds, whatever the number of workers that execute them;
 * - the shards 0/N .. N-1/N of a campaign are disjoint and together make exactly the unsharded
 *   campaign (same run numbers, targets and seeds), so one campaign can be split across machines;
 * - a one-run campaign (--runs 1) is a replay: its seed is the given seed itself, the run's own
 *   seed that a failure printed, not one derived from it.
 */
import type { FuzzTarget } from './targets.js';
import type { Shard } from './options.js';

/** The seed of run k: a 32-bit mix of the base seed and k, so neighbouring runs differ widely. */
export function runSeed(base: number, k: number): number {
  let h = Math.imul((base ^ 0x85ebca6b) >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h | 0;
}

export interface PlannedRun {
  run: number;
  target: FuzzTarget;
  seed: number;
}

export interface RunPlanOptions {
  targets: readonly FuzzTarget[];
  baseSeed: number;
  /** The campaign's run count (all shards together); Infinity for none. */
  maxRuns: number;
  shard: Shard;
}

/** How many runs of the campaign fall to this shard (Infinity when the campaign has no limit). */
export function runsInShard(o: Pick<RunPlanOptions, 'maxRuns' | 'shard'>): number {
  if (o.maxRuns === Infinity) return Infinity;
  return Math.max(0, Math.ceil((o.maxRuns - o.shard.index) / o.shard.count));
}

export function planRun(o: RunPlanOptions, k: number): PlannedRun {
  return {
    run: k,
    target: o.targets[k % o.targets.length],
    seed: o.maxRuns === 1 ? o.baseSeed : runSeed(o.baseSeed, k),
  };
}

/** Hands out this shard's runs in order, one at a time, until the run count is spent. */
export class RunPlan {
  private next_: number;

  constructor(private readonly options: RunPlanOptions) {
    this.next_ = options.shard.index;
  }

  next(): PlannedRun | undefined {
    const k = this.next_;
    if (k >= this.options.maxRuns) return undefined;
    this.next_ += this.options.shard.count;
    return planRun(this.options, k);
  }
}
