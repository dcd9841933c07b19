/**
 * The benchmark's only source of randomness: a small seeded PRNG (sfc32, seeded through
 * splitmix32) plus helpers built on it.
 *
 * Measures nothing itself. Invariants it keeps:
 * - every random choice of a benchmark run comes from one seed: each workload, loop and property
 *   gets its own stream from `deriveSeed(seed, label)`, so the numbers drawn for one part do not
 *   depend on which other parts ran (or in which order);
 * - the same seed and label always give the same stream, on every platform (32-bit integer math
 *   only, no Math.random);
 * - `int(n)` is uniform in [0, n) for 1 <= n <= 2^32 (53-bit draw, negligible bias);
 * - `shuffledRange(n)` is a uniform permutation of 0..n-1 (Fisher-Yates).
 */

import { Sfc32, splitmix32 } from '../impl/sched/prng.js';

/** A 32-bit seed for one part of the run: the run's seed (any safe integer) mixed with a label. */
export function deriveSeed(seed: number, label: string): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed ${seed} is not a safe integer`);
  // Both halves of the seed count, so seeds above 2^32 are not folded onto smaller ones.
  const lo = seed >>> 0;
  const hi = Math.floor(Math.abs(seed) / 2 ** 32) >>> 0;
  let h = splitmix32(lo ^ splitmix32(hi ^ (seed < 0 ? 0x5bd1e995 : 0)));
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return splitmix32(h);
}

/** sfc32 (the scheduler's generator, impl/sched/prng.ts) with the draws the benchmarks use. */
export class Prng extends Sfc32 {
  constructor(seed32: number) {
    super(seed32 >>> 0);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }

  /** A uniform integer in [0, n) from 53 random bits (any n up to 2^53, negligible bias). */
  override int(n: number): number {
    return Math.floor(this.float() * n);
  }
}

/** A Prng for the part of the run named `label`. */
export function prngFor(seed: number, label: string): Prng {
  return new Prng(deriveSeed(seed, label));
}

/** A uniform random permutation of 0..n-1. */
export function shuffledRange(n: number, rng: Prng): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
