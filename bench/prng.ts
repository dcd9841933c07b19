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

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit state. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

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

/** sfc32: a fast 32-bit generator with a 128-bit state. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed32: number) {
    let s = seed32 >>> 0;
    const next = (): number => (s = splitmix32(s));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
    for (let i = 0; i < 12; i++) this.u32(); // leave the seeding transient behind
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
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
