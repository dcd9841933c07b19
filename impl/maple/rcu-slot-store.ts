/**
 * The RCU-mode slot store: a leaf whose slot count does not change is rewritten in place, one word
 * at a time, instead of being copied (the kernel's mas_wr_slot_store: "overwrite the range and a
 * part of the next one" stores the slot, then the pivot; "a part of the range and the next one"
 * stores the next slot, then the pivot).
 *
 * Rather than hard-coding those two cases, this chooses the order by its safety condition, which
 * is what makes the kernel's orders right: after every single-word store, every index of the leaf
 * must read either its old entry or its new one, and the pivots must still ascend. The kernel's
 * order (slots before pivots) is tried first, then every other order of the changed words; a store
 * with no safe order (the two-pivot "expand both ways" case the kernel keeps out of RCU mode, for
 * example) returns false and the caller copies the leaf, as the kernel does.
 *
 * Invariants: returns true only after the leaf holds exactly the planned contents; every word goes
 * through publish.ts, so a recording writer shows each intermediate state to readers; with the
 * deliberately broken writer 'pivot-before-slot' the pivots go first and no safety check is made.
 */
import type { BigNode } from './big-node.js';
import type { MapleNode } from './node.js';
import { ACTIVE_BUG } from '../bugs/switch.js';
import { mas_update_gap } from './gap.js';
import { publishPivot, publishSlot } from './publish.js';
import type { MapleTree } from './tree.js';
import type { WritePlan } from './write.js';

interface Word {
  readonly kind: 'slot' | 'pivot';
  readonly offset: number;
  readonly value: unknown;
}

/** More changed words than this and the leaf is copied (the kernel changes at most three). */
const MAX_WORDS = 5;

interface LeafWords {
  pivots: number[];
  slots: unknown[];
}

function entryAt(leaf: LeafWords, end: number, index: number): unknown {
  let offset = 0;
  while (
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a LeafWords holds exactly `end` pivots, so past the bound pivots[offset] is undefined and `undefined < index` is false: the loop stops at end either way
    offset < end &&
    leaf.pivots[offset] < index
  )
    offset++;
  return leaf.slots[offset];
}

function pivotsAscend(leaf: LeafWords, end: number, min: number, max: number): boolean {
  let floor = min - 1;
  for (let i = 0; i < end; i++) {
    const p = leaf.pivots[i];
    if (
      !(p > floor) ||
      // Stryker disable next-line ConditionalExpression,EqualityOperator: every pivot here is an old or a planned pivot below the last slot, and both layouts keep those below max (the big node's pivots ascend to max)
      p >= max
    )
      return false;
    floor = p;
  }
  return true;
}

/** True when every intermediate state of applying `order` reads old-or-new at every index. */
function isSafeOrder(order: readonly Word[], before: LeafWords, after: LeafWords, end: number, min: number, max: number): boolean {
  const state: LeafWords = { pivots: before.pivots.slice(), slots: before.slots.slice() };
  // The state after the last word is the planned layout itself, safe by definition: not checked.
  // Stryker disable next-line EqualityOperator: `<=` only checks that final state too, which passes
  for (let k = 0; k < order.length - 1; k++) {
    const w = order[k];
    if (w.kind === 'slot') state.slots[w.offset] = w.value;
    else state.pivots[w.offset] = w.value as number;
    if (!pivotsAscend(state, end, min, max)) return false;
    // Entries are constant between boundaries of any of the three layouts: check one index each.
    // (Index min needs no check: pivots ascend from min, so it reads slot 0, which holds its old or
    // its new word, as both layouts have min in slot 0.)
    const starts = new Set<number>();
    for (const layout of [before, after, state])
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a LeafWords holds exactly `end` pivots (undefined past it, and `undefined < max` is false), each below max (see pivotsAscend)
      for (let i = 0; i < end; i++) if (layout.pivots[i] < max) starts.add(layout.pivots[i] + 1);
    for (const index of starts) {
      const seen = entryAt(state, end, index);
      if (seen !== entryAt(before, end, index) && seen !== entryAt(after, end, index)) return false;
    }
  }
  return true;
}

/** Every order of `words`, the given order first. */
function* permutations(words: readonly Word[]): Generator<Word[]> {
  if (words.length === 0) {
    yield [];
    return;
  }
  for (let i = 0; i < words.length; i++) {
    const rest = [...words.slice(0, i), ...words.slice(i + 1)];
    for (const tail of permutations(rest)) yield [words[i], ...tail];
  }
}

function chooseOrder(mt: MapleTree, words: Word[], before: LeafWords, after: LeafWords, end: number, min: number, max: number): Word[] | null {
  const slotsFirst = [...words.filter((w) => w.kind === 'slot'), ...words.filter((w) => w.kind === 'pivot')];
  // Bug catalogue: rcu-slot-store-pivot-first is the same broken order, switched in by name.
  if (mt.brokenRcu === 'pivot-before-slot' || ACTIVE_BUG === 'rcu-slot-store-pivot-first') return [...words.filter((w) => w.kind === 'pivot'), ...words.filter((w) => w.kind === 'slot')];
  // The first order tried is slotsFirst itself, the kernel's.
  for (const order of permutations(slotsFirst)) if (isSafeOrder(order, before, after, end, min, max)) return order;
  return null;
}

/** Stores a classified wr_slot_store in place in RCU mode; false if it must copy instead. */
export function mas_wr_slot_store_rcu(mt: MapleTree, plan: WritePlan): boolean {
  const leaf = plan.left as MapleNode;
  const big = plan.big as BigNode;
  const end = leaf.end;
  const words: Word[] = [];
  for (let i = 0; i <= end; i++) if (leaf.slots[i] !== big.slots[i]) words.push({ kind: 'slot', offset: i, value: big.slots[i] });
  for (let i = 0; i < end; i++) if (leaf.pivots[i] !== big.pivots[i]) words.push({ kind: 'pivot', offset: i, value: big.pivots[i] });
  if (words.length > MAX_WORDS) return false;
  // Copies cut to the leaf's words (nothing reads past them: every loop over a LeafWords stops at end).
  // Stryker disable next-line MethodExpression,ArithmeticOperator: reads of `before` stop at pivot end - 1 and slot end, so an uncut copy reads the same words; cut one slot short, the old last slot reads undefined both here and in the state copied from it, so every comparison comes out as with the real one
  const before: LeafWords = { pivots: leaf.pivots.slice(0, end), slots: leaf.slots.slice(0, end + 1) };
  // Stryker disable next-line MethodExpression: reads of `after` stop at pivot end - 1 and slot end, so an uncut copy reads the same words
  const after: LeafWords = { pivots: big.pivots.slice(0, end), slots: big.slots.slice(0, end + 1) };
  const order = chooseOrder(mt, words, before, after, end, big.min, big.max);
  if (order === null) return false;
  for (const w of order) {
    if (w.kind === 'slot') publishSlot(mt, leaf, w.offset, w.value);
    else publishPivot(mt, leaf, w.offset, w.value as number);
  }
  mas_update_gap(mt, leaf, big.min, big.max);
  return true;
}
