/**
 * PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
 * 2010): random distinct priorities per actor, d - 1 random change points among the first k
 * steps; always run the highest-priority runnable actor; at a change point the actor that just ran
 * drops below every other. A bug of depth d (d ordering constraints) in a run of n actors and at
 * most k steps is found by one run with probability at least 1 / (n * k^(d-1)).
 *
 * Invariants:
 * - Everything random is drawn from the seed: change points in the constructor, an actor's
 *   priority when the actor's index is first seen (in index order, so it does not depend on when
 *   the actor became runnable). Same seed, same actors: same interleaving.
 * - Priorities are distinct (ties broken by index), demoted priorities are below every initial
 *   one and each demotion goes below all earlier ones; depth 1 means no change points at all.
 */
import { requireInt } from './input-error.js';
import { Sfc32 } from './prng.js';
import type { Strategy } from './strategy.js';

export interface PctOptions {
  readonly seed: number;
  /** Bug depth d >= 1 to aim for (default 2: one change point). */
  readonly depth?: number;
  /** Estimated number of steps k in a run; change points are drawn from steps 1..k. */
  readonly steps: number;
}

export class PctStrategy implements Strategy {
  readonly seed: number;
  readonly depth: number;
  readonly steps: number;
  private readonly prng: Sfc32;
  private readonly priorities: number[] = [];
  private readonly changePoints: ReadonlySet<number>;
  private nextDemoted = 0;

  constructor(options: PctOptions) {
    this.seed = options.seed;
    this.steps = requireInt('PCT steps', options.steps, 1);
    this.depth = requireInt('PCT depth', options.depth ?? 2, 1, this.steps + 1);
    this.prng = new Sfc32(options.seed);
    const points = new Set<number>();
    while (points.size < this.depth - 1) points.add(1 + this.prng.int(this.steps));
    this.changePoints = points;
  }

  /** The change points drawn for this seed (step indices), ascending. */
  get changes(): number[] {
    return [...this.changePoints].sort((a, b) => a - b);
  }

  pick(runnable: readonly number[], stepIndex: number): number {
    const highest = runnable[runnable.length - 1];
    // Initial priorities are >= 1; demoted ones are <= 0, so below every initial priority.
    while (this.priorities.length <= highest) this.priorities.push(1 + this.prng.u32());
    let best = runnable[0];
    for (const i of runnable) if (this.priorities[i] > this.priorities[best]) best = i;
    // The actor that runs the step before a change point drops as soon as it is chosen: the same
    // as dropping it when the change point comes (demotion draws nothing), and step 0, which has
    // no step before it, is never a change point since they are drawn from 1..k.
    if (this.changePoints.has(stepIndex + 1)) this.priorities[best] = this.nextDemoted--;
    return best;
  }

  describe(): string {
    return `pct(seed=${this.seed}, depth=${this.depth}, steps=${this.steps})`;
  }
}
