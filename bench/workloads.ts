/**
 * The range-map workloads, each a fixed list of operations ("a phase") over the slot layout of
 * slots.ts, run the same way on every structure (range-map/range-map.ts):
 * - seq-store:  store slot k at op k (increasing keys: appends), into an empty map: 0 -> n entries;
 * - rand-store: store the slots in a random order (distinct ranges): 0 -> n entries;
 * - load:       load at a random index in [0, 10n) of a full map (60% of the indices hit an
 *               entry, 40% a gap): n entries throughout;
 * - next:       a cursor walks the full map upwards, one entry per op (seek, then next());
 * - prev:       the same downwards (seek at the top, then prev());
 * - span-store: on a full map, stores over blocks of SPAN_SLOTS consecutive slots in a random
 *               order, each store starting inside the block's first slot and ending inside its last
 *               one: it trims those two and replaces the SPAN_SLOTS - 2 between (n/SPAN_SLOTS ops);
 * - erase:      erase the slots in a random order, each at a random index inside its range, from a
 *               full map: n -> 0 entries.
 *
 * Measures nothing itself. Invariants it keeps:
 * - every op's result is known in advance (`expected`): 0 for stores, the slot's value (or 0 for a
 *   gap) for loads, erases and cursor steps, so a run can check its results with a checksum;
 * - `contentsBefore(k)` is exactly the contents (ascending ranges) before op k, so a structure
 *   can be started in the middle of a phase and still see the same operations on the same contents;
 *   `begin(t, k)` positions the cursor of a structure that starts at op k (iteration phases only);
 * - all random choices are drawn once, at construction, from the given Prng: building a workload
 *   does the drawing, running it draws nothing.
 */
import { MAX_INDEX } from '../impl/maple/index.js';
import { shuffledRange, type Prng } from './prng.js';
import type { RangeMap, RangeSource } from './range-map/range-map.js';
import { RangeList, SLOT_LENGTH, firstSlotsSource, fullLoadValue, slotFirst, slotLast, slotSource, slotValue } from './slots.js';

/** grow: starts empty; read: starts full and never changes it; write: starts full and changes it. */
export type WorkloadKind = 'grow' | 'read' | 'write';

export interface Workload {
  readonly name: string;
  readonly kind: WorkloadKind;
  /** The number of entries the phase is about (the table's "entries"). */
  readonly n: number;
  /** The number of operations in the phase. */
  readonly length: number;
  /** Prepares a structure that starts at op `from` (positions the cursor); untimed. */
  begin(t: RangeMap, from: number): void;
  /** Runs op k on the structure and returns its numeric result (null entries count as 0). */
  op(t: RangeMap, k: number): number;
  /** The result op k must return. */
  expected(k: number): number;
  /** The contents before op k (0 <= k <= length), ascending. O(n). */
  contentsBefore(k: number): RangeSource;
  /** How many entries the structure holds before op k. */
  sizeBefore(k: number): number;
}

/** Slots a span store covers; large enough that every span store replaces a run of entries. */
export const SPAN_SLOTS = 32;

/** The workload names, in table order. */
export const WORKLOAD_NAMES = ['seq-store', 'rand-store', 'load', 'next', 'prev', 'span-store', 'erase'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

function numeric(v: unknown): number {
  return v === null ? 0 : (v as number);
}

function noBegin(): void {}

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

export function seqStoreWorkload(n: number): Workload {
  return {
    name: 'seq-store',
    kind: 'grow',
    n,
    length: n,
    begin: noBegin,
    op: (t, k) => t.storeRange(slotFirst(k), slotLast(k), slotValue(k)),
    expected: () => 0,
    contentsBefore: (k) => firstSlotsSource(k),
    sizeBefore: (k) => k,
  };
}

export function randStoreWorkload(n: number, rng: Prng): Workload {
  const perm = shuffledRange(n, rng);
  return {
    name: 'rand-store',
    kind: 'grow',
    n,
    length: n,
    begin: noBegin,
    op: (t, k) => {
      const p = perm[k];
      return t.storeRange(slotFirst(p), slotLast(p), slotValue(p));
    },
    expected: () => 0,
    contentsBefore: (k) => slotSource(sortedPrefix(perm, k)),
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
    length: n,
    begin: noBegin,
    op: (t, k) => numeric(t.load(at[k])),
    expected: (k) => fullLoadValue(at[k]),
    contentsBefore: () => firstSlotsSource(n),
    sizeBefore: () => n,
  };
}

export function nextWorkload(n: number): Workload {
  return {
    name: 'next',
    kind: 'read',
    n,
    length: n,
    begin: (t, from) => t.seek(slotFirst(from)),
    op: (t) => numeric(t.next()),
    expected: (k) => slotValue(k),
    contentsBefore: () => firstSlotsSource(n),
    sizeBefore: () => n,
  };
}

export function prevWorkload(n: number): Workload {
  return {
    name: 'prev',
    kind: 'read',
    n,
    length: n,
    begin: (t, from) => t.seek(from === 0 ? MAX_INDEX : slotLast(n - 1 - from)),
    op: (t) => numeric(t.prev()),
    expected: (k) => slotValue(n - 1 - k),
    contentsBefore: () => firstSlotsSource(n),
    sizeBefore: () => n,
  };
}

/** The value a span store writes over block b (distinct from every slot value 1..n). */
function spanValue(n: number, b: number): number {
  return n + 1 + b;
}

export function spanStoreWorkload(n: number, rng: Prng): Workload {
  const blocks = Math.floor(n / SPAN_SLOTS);
  if (blocks < 1) throw new RangeError(`span-store needs at least ${SPAN_SLOTS} entries, got ${n}`);
  const perm = shuffledRange(blocks, rng);
  // Block b covers slots [b * SPAN_SLOTS, (b + 1) * SPAN_SLOTS); its store keeps the first two
  // indices of its first slot and the last two of its last slot.
  const spanFirst = (b: number): number => slotFirst(b * SPAN_SLOTS) + 2;
  const spanLast = (b: number): number => slotLast((b + 1) * SPAN_SLOTS - 1) - 2;
  return {
    name: 'span-store',
    kind: 'write',
    n,
    length: blocks,
    begin: noBegin,
    op: (t, k) => {
      const b = perm[k];
      return t.storeRange(spanFirst(b), spanLast(b), spanValue(n, b));
    },
    expected: () => 0,
    contentsBefore: (k) => {
      const done = new Uint8Array(blocks);
      for (let i = 0; i < k; i++) done[perm[i]] = 1;
      const list = new RangeList();
      for (let p = 0; p < n; p++) {
        const b = Math.floor(p / SPAN_SLOTS);
        if (b >= blocks || done[b] === 0) {
          list.push(slotFirst(p), slotLast(p), slotValue(p));
        } else if (p % SPAN_SLOTS === 0) {
          list.push(slotFirst(p), spanFirst(b) - 1, slotValue(p));
          list.push(spanFirst(b), spanLast(b), spanValue(n, b));
        } else if (p % SPAN_SLOTS === SPAN_SLOTS - 1) {
          list.push(spanLast(b) + 1, slotLast(p), slotValue(p));
        }
      }
      return list;
    },
    sizeBefore: (k) => n - k * (SPAN_SLOTS - 3),
  };
}

export function eraseWorkload(n: number, rng: Prng): Workload {
  const perm = shuffledRange(n, rng);
  const at = new Float64Array(n);
  for (let k = 0; k < n; k++) at[k] = slotFirst(perm[k]) + rng.int(SLOT_LENGTH);
  return {
    name: 'erase',
    kind: 'write',
    n,
    length: n,
    begin: noBegin,
    op: (t, k) => numeric(t.erase(at[k])),
    expected: (k) => slotValue(perm[k]),
    contentsBefore: (k) => slotSource(withoutPrefix(perm, k)),
    sizeBefore: (k) => n - k,
  };
}

/** Every workload at size n, in table order; random ones from `rng(name)`. */
export function workloadsAt(n: number, rng: (name: string) => Prng): Workload[] {
  return [
    seqStoreWorkload(n),
    randStoreWorkload(n, rng('rand-store')),
    loadWorkload(n, rng('load')),
    nextWorkload(n),
    prevWorkload(n),
    spanStoreWorkload(n, rng('span-store')),
    eraseWorkload(n, rng('erase')),
  ];
}
