/**
 * The scheduler's only source of randomness: sfc32 seeded through splitmix32 from a 32-bit seed.
 *
 * Invariants:
 * - the same seed gives the same stream on every platform (32-bit integer math only);
 * - int(n) is exactly uniform in [0, n) for 1 <= n <= 2^32 (rejection sampling, no modulo bias);
 * - a seed that is not an integer in [0, 2^32) is refused (SchedulerInputError), never folded.
 */
import { requireInt } from './input-error.js';

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit state (also seeds bench/prng.ts). */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = requireInt('seed', seed, 0, 2 ** 32 - 1);
    const next = (): number => (s = splitmix32(s));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
    for (let i = 0; i < 12; i++) this.u32(); // leave the seeding transient behind
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, n). */
  int(n: number): number {
    requireInt('n', n, 1, 2 ** 32);
    // Accept only draws below the largest multiple of n, so every residue is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.u32();
      if (x < limit) return x % n;
    }
  }
}
