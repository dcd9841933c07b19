/**
 * The four workload shapes of the throughput table, each a fixed list of n operations ("a phase")
 * over the slot layout of slots.ts:
 * - append:       store slot k at op k (increasing keys), into an empty structure: 0 -> n entries;
 * - random-store: store the slots in a random order (distinct ranges): 0 -> n entries;
 * - load:         load at a random index in [0, 10n) of a structure holding all n slots (60% of
 *                 the indices hit an entry, 40% a gap): n entries throughout;
 * - erase:        erase the slots in a random order, each at a random index inside its range, from
 *                 a structure holding all n slots: n -> 0 entries.
 *
 * Measures nothing itself. Invariants it keeps:
 * - every op's result is known in advance (`expected`): 0 for stores, the slot's value (or 0 for a
 *   gap) for loads and erases, so a run can check its results with a checksum;
 * - `slotsBefore(k)` is exactly the contents (ascending slots) before op k, so a structure can be
 *   started in the middle of a phase and still see the same operations on the same contents;
 * - all random choices are drawn once, at construction, from the given Prng: building a workload
 *   does the drawing, running it draws nothing.
 */
import { shuffledRange, type Prng } from './prng.js';
import { SLOT_LENGTH, firstSlots, fullLoadValue, slotFirst, slotLast, slotValue, type Target } from './slots.js';

/** grow: the phase stores into an empty structure; read: contents never change; shrink: erases. */
export type WorkloadKind = 'grow' | 'read' | 'shrink';

export interface Workload {
  readonly name: string;
  readonly kind: WorkloadKind;
  /** Number of operations in the phase, and the number of entries it is about. */
  readonly n: number;
  /** Runs op k on the target and returns its numeric result (0 for a store that succeeded). */
  op(t: Target, k: number): number;
  /** The result op k must return. */
  expected(k: number): number;
  /** The slots present before op k (0 <= k <= n), ascending. O(n). */
  slotsBefore(k: number): Uint32Array;
  /** How many entries the structure holds before op k. */
  sizeBefore(k: number): number;
}

function numeric(v: unknown): number {
  return v === null ? 0 : (v as number);
}

/** The first k elements of a permutation of 0..n-1, ascending. */
function sortedPrefix(perm: Uint32Array, k: number): Uint32Array {
  return perm.slice(0, k).sort();
}

/** 0..n-1 without the first k elements of a permutation, ascending. */
function withoutPrefix(perm: Uint32Array, k: number): Uint32Array {
  const gone = new Uint8Array(perm.length);
  for (let i = 0; i < k; i++) gone[perm[i]] = 1;
  const out = new Uint32Array(perm.length - k);
  let j = 0;
  for (let p = 0; p < perm.length; p++) if (gone[p] === 0) out[j++] = p;
  return out;
}

export function appendWorkload(n: number): Workload {
  return {
    name: 'append',
    kind: 'grow',
    n,
    op: (t, k) => t.storeRange(slotFirst(k), slotLast(k), slotValue(k)),
    expected: () => 0,
    slotsBefore: (k) => firstSlots(k),
    sizeBefore: (k) => k,
  };
}

export function randomStoreWorkload(n: number, rng: Prng): Workload {
  const perm = shuffledRange(n, rng);
  return {
    name: 'random-store',
    kind: 'grow',
    n,
    op: (t, k) => {
      const p = perm[k];
      return t.storeRange(slotFirst(p), slotLast(p), slotValue(p));
    },
    expected: () => 0,
    slotsBefore: (k) => sortedPrefix(perm, k),
    sizeBefore: (k) => k,
  };
}

export function loadWorkload(n: number, rng: Prng): Workload {
  const at = new Float64Array(n);
  for (let k = 0; k < n; k++) at[k] = rng.int(10 * n);
  return {
    name: 'load',
    kind: 'read',
    n,
    op: (t, k) => numeric(t.load(at[k])),
    expected: (k) => fullLoadValue(at[k]),
    slotsBefore: () => firstSlots(n),
    sizeBefore: () => n,
  };
}

export function eraseWorkload(n: number, rng: Prng): Workload {
  const perm = shuffledRange(n, rng);
  const at = new Float64Array(n);
  for (let k = 0; k < n; k++) at[k] = slotFirst(perm[k]) + rng.int(SLOT_LENGTH);
  return {
    name: 'erase',
    kind: 'shrink',
    n,
    op: (t, k) => numeric(t.erase(at[k])),
    expected: (k) => slotValue(perm[k]),
    slotsBefore: (k) => withoutPrefix(perm, k),
    sizeBefore: (k) => n - k,
  };
}
