/**
 * Bad input, mixed into every command list: bad indices (negative, fractional, NaN, infinite,
 * past MAX_INDEX, not numbers), reversed ranges, bad sizes and reserved values, given to every
 * call that takes them. Tree and model must both refuse (-EINVAL or a thrown input error) and the
 * tree must be exactly as before, entry for entry.
 */
import fc from 'fast-check';
import {
  MA_STATE,
  MapleNode,
  XA_RETRY_ENTRY,
  XA_ZERO_ENTRY,
  mas_find,
  mas_set_range,
  mas_store_gfp,
  mt_find,
  mt_for_each,
  mtree_alloc_range,
  mtree_erase,
  mtree_insert_range,
  mtree_load,
  mtree_store_range,
} from '../../impl/maple/index.js';
import { ModelCursor } from '../../model/index.js';
import { MAX, indexArb, show } from '../arbitraries.js';
import { MapleCommand } from './command.js';
import { DisagreementError, expectSame, expectSameOutcome, outcome, type MapleModel, type MapleReal } from './system.js';

export const BAD_INDICES: readonly unknown[] = [-1, -0.5, 0.5, 1.5, NaN, Infinity, -Infinity, MAX + 1, 2 ** 64, '7', undefined, null, 10n];
/**
 * Bad window sizes. Not the bad indices: 2^53 (MAX + 1) is a good size, the whole index space (the
 * fuzz campaign caught the property calling it bad), and 0 is a good index but a bad size.
 */
export const BAD_SIZES: readonly unknown[] = [-1, 0, 0.5, NaN, Infinity, -Infinity, 2 ** 53 + 2, 2 ** 64, '7', undefined, null, 10n];
export const RESERVED_VALUES: readonly unknown[] = [XA_ZERO_ENTRY, XA_RETRY_ENTRY, new MapleNode()];

type BadCall =
  | 'store_first'
  | 'store_last'
  | 'store_reversed'
  | 'store_reserved'
  | 'insert_first'
  | 'insert_reversed'
  | 'insert_reserved'
  | 'erase'
  | 'load'
  | 'find_index'
  | 'find_max'
  | 'alloc_size'
  | 'alloc_min'
  | 'alloc_reserved'
  | 'mas_set_range'
  | 'mas_store_reserved'
  | 'mas_find_limit';

const BAD_CALLS: readonly BadCall[] = [
  'store_first',
  'store_last',
  'store_reversed',
  'store_reserved',
  'insert_first',
  'insert_reversed',
  'insert_reserved',
  'erase',
  'load',
  'find_index',
  'find_max',
  'alloc_size',
  'alloc_min',
  'alloc_reserved',
  'mas_set_range',
  'mas_store_reserved',
  'mas_find_limit',
];

export class BadInputCommand extends MapleCommand {
  constructor(readonly call: BadCall, readonly bad: unknown, readonly reserved: unknown, readonly good: number) {
    super();
  }

  protected apply(model: MapleModel, real: MapleReal): void {
    const before = [...mt_for_each(real.tree)];
    const bad = this.bad as number;
    const good = this.good;
    const t = real.tree;
    const m = model.map;
    const both = (implCall: () => unknown, modelCall: () => unknown): void =>
      expectSameOutcome(`${this}`, outcome(implCall), outcome(modelCall));
    switch (this.call) {
      case 'store_first':
        return this.after(before, real, () => both(() => mtree_store_range(t, bad, good, 'x'), () => m.storeRange(bad, good, 'x')));
      case 'store_last':
        return this.after(before, real, () => both(() => mtree_store_range(t, good, bad, 'x'), () => m.storeRange(good, bad, 'x')));
      case 'store_reversed':
        return this.after(before, real, () => both(() => mtree_store_range(t, good + 1, good, 'x'), () => m.storeRange(good + 1, good, 'x')));
      case 'store_reserved':
        return this.after(before, real, () => both(() => mtree_store_range(t, good, good, this.reserved), () => m.storeRange(good, good, this.reserved)));
      case 'insert_first':
        return this.after(before, real, () => both(() => mtree_insert_range(t, bad, good, 'x'), () => m.insertRange(bad, good, 'x')));
      case 'insert_reversed':
        return this.after(before, real, () => both(() => mtree_insert_range(t, good + 1, good, 'x'), () => m.insertRange(good + 1, good, 'x')));
      case 'insert_reserved':
        return this.after(before, real, () => both(() => mtree_insert_range(t, good, good, this.reserved), () => m.insertRange(good, good, this.reserved)));
      case 'erase':
        return this.after(before, real, () => both(() => mtree_erase(t, bad), () => m.erase(bad)));
      case 'load':
        return this.after(before, real, () => both(() => mtree_load(t, bad), () => m.load(bad)));
      case 'find_index':
        return this.after(before, real, () => both(() => mt_find(t, { index: bad }, MAX), () => m.find({ index: bad }, MAX)));
      case 'find_max':
        return this.after(before, real, () => both(() => mt_find(t, { index: good }, bad), () => m.find({ index: good }, bad)));
      case 'alloc_size':
        return this.after(before, real, () =>
          both(() => mtree_alloc_range(t, { start: 0 }, 'x', bad, 0, MAX), () => m.allocRange({ start: 0 }, 'x', bad, 0, MAX)));
      case 'alloc_min':
        return this.after(before, real, () =>
          both(() => mtree_alloc_range(t, { start: 0 }, 'x', 1, bad, MAX), () => m.allocRange({ start: 0 }, 'x', 1, bad, MAX)));
      case 'alloc_reserved':
        return this.after(before, real, () =>
          both(() => mtree_alloc_range(t, { start: 0 }, this.reserved, 1, 0, MAX), () => m.allocRange({ start: 0 }, this.reserved, 1, 0, MAX)));
      case 'mas_set_range':
        // On a scratch state pair: the long-lived cursor is compared by checkAgreement anyway.
        return this.after(before, real, () => {
          const mas = MA_STATE(t);
          const cursor = new ModelCursor(m);
          mas_set_range(mas, bad, good);
          cursor.setRange(bad, good);
          expectSame(`${this} status`, mas.status, cursor.status);
          expectSame(`${this} error`, mas.error, cursor.error);
        });
      case 'mas_store_reserved':
        return this.after(before, real, () => {
          const mas = MA_STATE(t, good, good);
          const cursor = new ModelCursor(m, good, good);
          expectSame(`${this}`, mas_store_gfp(mas, this.reserved), cursor.storeGfp(this.reserved));
          expectSame(`${this} status`, mas.status, cursor.status);
        });
      case 'mas_find_limit':
        return this.after(before, real, () => {
          const mas = MA_STATE(t, good);
          const cursor = new ModelCursor(m, good);
          expectSame(`${this}`, mas_find(mas, bad), cursor.find(bad));
          expectSame(`${this} status`, mas.status, cursor.status);
          expectSame(`${this} error`, mas.error, cursor.error);
        });
    }
  }

  /** Runs the call, then proves the tree is exactly as it was. */
  private after(before: ReturnType<typeof mt_for_each> extends Iterable<infer T> ? T[] : never, real: MapleReal, call: () => void): void {
    call();
    const now = [...mt_for_each(real.tree)];
    const same =
      now.length === before.length &&
      now.every((e, i) => e.first === before[i].first && e.last === before[i].last && Object.is(e.entry, before[i].entry));
    if (!same) throw new DisagreementError(`${this} changed the tree`);
  }

  toString(): string {
    return `BadInput(${this.call}, bad ${show(this.bad)}, reserved ${String(this.reserved)}, good ${show(this.good)})`;
  }
}

export const badInputCommands = [
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...BAD_CALLS)
      .chain((call) =>
        fc.tuple(fc.constant(call), fc.constantFrom(...(call === 'alloc_size' ? BAD_SIZES : BAD_INDICES)), fc.constantFrom(...RESERVED_VALUES), indexArb.filter((i) => i < MAX)),
      )
      .map(([call, bad, reserved, good]) => new BadInputCommand(call, bad, reserved, good)),
  },
];
