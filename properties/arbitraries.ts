/**
 * Shared generators of indices, ranges, sizes and entries.
 *
 * The mix is chosen so random command lists reach what matters: a dense region [0, 3000] where
 * stores overlap and split each other, the edges (0, MAX_INDEX and their neighbours), the far top
 * of the index space, and anywhere at all. Lengths are mostly short (partial overwrites), some
 * long (spanning stores across many nodes) and rarely everything.
 * Invariant: every range generated is valid (first <= last <= MAX_INDEX); bad input has its own
 * generator.
 */
import fc from 'fast-check';

export const MAX = Number.MAX_SAFE_INTEGER;
export const DENSE_LIMIT = 3000;

export const indexArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: DENSE_LIMIT }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, MAX - 2, MAX - 1, MAX) },
  { weight: 1, arbitrary: fc.integer({ min: MAX - DENSE_LIMIT, max: MAX }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX }) },
);

export const lengthArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 48, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 120 }) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2500 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX }) },
);

/** [first, last] with first <= last, never past MAX. */
export const rangeArb: fc.Arbitrary<[number, number]> = fc
  .tuple(indexArb, lengthArb)
  .map(([first, length]) => [first, first + Math.min(length, MAX - first)] as [number, number]);

/** Empty-area window sizes: mostly small, some large, rarely the whole space. */
export const sizeArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 16 }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 4000 }) },
  { weight: 1, arbitrary: fc.constantFrom(MAX, MAX + 1) },
);

/**
 * Entries: a fixed pool, so equal values recur next to each other (they must not merge), with
 * falsy values that are still entries and a few objects; plus null (an empty store).
 */
const ENTRY_POOL: readonly unknown[] = [
  ...Array.from({ length: 40 }, (_, i) => `v${i}`),
  0,
  '',
  false,
  -1,
  { kind: 'object' },
  [1, 2],
];

export const entryArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ENTRY_POOL) },
  { weight: 1, arbitrary: fc.constant(null) },
);

export const nonNullEntryArb: fc.Arbitrary<unknown> = fc.constantFrom(...ENTRY_POOL);

/** Readable form of an entry or index in a command's toString. */
export function show(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'number') {
    if (x === MAX) return 'MAX';
    if (Number.isSafeInteger(x) && x > MAX - 1e6) return `MAX-${MAX - x}`;
    return Object.is(x, -0) ? '-0' : String(x);
  }
  if (typeof x === 'string') return JSON.stringify(x);
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}
