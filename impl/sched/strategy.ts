/**
 * What a scheduling strategy is: the one place an interleaving decision is made.
 *
 * Invariants a strategy keeps:
 * - pick returns one of `runnable` (the scheduler checks, and throws StrategyError otherwise);
 * - its answers depend only on its own parameters (seed, schedule) and the calls it has seen,
 *   never on time or Math.random, so the same strategy on the same actors gives the same run.
 */
export interface Strategy {
  /**
   * Chooses the actor that runs step `stepIndex` (0-based; equal to the number of steps run so
   * far). `runnable` is never empty and lists actor indices in ascending order.
   */
  pick(runnable: readonly number[], stepIndex: number): number;
  /** Enough to rebuild the strategy (it appears in failure reports). */
  describe(): string;
}
