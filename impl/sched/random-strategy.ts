/**
 * Seeded random scheduling: each step runs a uniformly chosen runnable actor.
 *
 * Invariant: the choice at each step depends only on the seed and the sequence of runnable sets
 * seen so far, so the same seed on the same actors gives the same interleaving, always.
 */
import { Sfc32 } from './prng.js';
import type { Strategy } from './strategy.js';

export class RandomStrategy implements Strategy {
  private readonly prng: Sfc32;

  constructor(readonly seed: number) {
    this.prng = new Sfc32(seed);
  }

  pick(runnable: readonly number[]): number {
    // A lone runnable actor consumes no randomness, so inserting a forced step elsewhere does
    // not shift every later choice.
    return runnable.length === 1 ? runnable[0] : runnable[this.prng.int(runnable.length)];
  }

  describe(): string {
    return `random(seed=${this.seed})`;
  }
}
