/**
 * Small actors shared by the scheduler's tests and the speed script.
 *
 * Invariant: `stepsActor(name, n, log)` has exactly n steps (n - 1 yields) and appends
 * `name:k` to `log` in its k-th step, so a log is a faithful picture of the interleaving.
 */
import type { Actor, ActorBody } from './actor.js';

export function stepsActor(name: string, steps: number, log: string[] = []): Actor {
  function* body(): ActorBody {
    for (let k = 1; k <= steps; k++) {
      log.push(`${name}:${k}`);
      if (k < steps) yield `${name} step ${k}`;
    }
  }
  return { name, body: body() };
}

/** n!/(k1! k2! ...): the number of interleavings of independent actors with k1, k2, ... steps. */
export function multinomial(steps: readonly number[]): number {
  let result = 1;
  let total = 0;
  for (const k of steps) {
    for (let i = 1; i <= k; i++) result = (result * (total + i)) / i;
    total += k;
  }
  return Math.round(result);
}
