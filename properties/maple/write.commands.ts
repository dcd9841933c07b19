/**
 * Commands that write through the normal API: store, insert, erase, a run of stores, alloc_range
 * and destroy. Each compares the int result (or the erased entry) of tree and model.
 */
import fc from 'fast-check';
import {
  mtree_alloc_range,
  mtree_alloc_rrange,
  mtree_destroy,
  mtree_erase,
  mtree_insert_range,
  mtree_store_range,
} from '../../impl/maple/index.js';
import { MAX, entryArb, indexArb, nonNullEntryArb, rangeArb, show, sizeArb } from '../arbitraries.js';
import { EBUSY, EEXIST } from '../../impl/errno.js';
import { MapleCommand } from './command.js';
import { noteStore, storeShape } from './edges.js';
import { expectSame, expectSameOutcome, outcome, type MapleModel, type MapleReal } from './system.js';

export class StoreRangeCommand extends MapleCommand {
  constructor(readonly first: number, readonly last: number, readonly entry: unknown) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const shape = storeShape(model.map, this.first, this.last);
    const got = mtree_store_range(real.tree, this.first, this.last, this.entry);
    const want = model.map.storeRange(this.first, this.last, this.entry);
    expectSame(`${this} result`, got, want);
    if (want === 0) noteStore(model.edges, shape);
  }
  toString(): string {
    return `StoreRange(${show(this.first)}, ${show(this.last)}, ${show(this.entry)})`;
  }
}

export class InsertRangeCommand extends MapleCommand {
  constructor(readonly first: number, readonly last: number, readonly entry: unknown) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const got = mtree_insert_range(real.tree, this.first, this.last, this.entry);
    const want = model.map.insertRange(this.first, this.last, this.entry);
    expectSame(`${this} result`, got, want);
    if (want === -EEXIST) model.edges['insert refused -EEXIST']++;
  }
  toString(): string {
    return `InsertRange(${show(this.first)}, ${show(this.last)}, ${show(this.entry)})`;
  }
}

export class EraseCommand extends MapleCommand {
  constructor(readonly index: number) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const want = outcome(() => model.map.erase(this.index));
    expectSameOutcome(`${this} result`, outcome(() => mtree_erase(real.tree, this.index)), want);
    if ('value' in want && want.value === null) model.edges['erase of an absent index']++;
  }
  toString(): string {
    return `Erase(${show(this.index)})`;
  }
}

/**
 * `count` stores of `length + 1` indices every `stride` from `start`: builds thousands of entries
 * (deep trees) in one command, the way the kernel's check_seq / check_rev_seq tests do.
 */
export class StoreSequenceCommand extends MapleCommand {
  constructor(
    readonly start: number,
    readonly count: number,
    readonly stride: number,
    readonly length: number,
    readonly descending: boolean,
    readonly entry: unknown,
  ) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    for (let k = 0; k < this.count; k++) {
      const step = this.descending ? this.count - 1 - k : k;
      const first = this.start + step * this.stride;
      if (first > MAX) continue;
      const last = first + Math.min(this.length, MAX - first);
      const got = mtree_store_range(real.tree, first, last, this.entry);
      const want = model.map.storeRange(first, last, this.entry);
      expectSame(`${this} store #${k} [${show(first)}, ${show(last)}]`, got, want);
    }
  }
  toString(): string {
    const order = this.descending ? 'down' : 'up';
    return `StoreSequence(${show(this.start)}, x${this.count}, every ${this.stride}, +${this.length}, ${order}, ${show(this.entry)})`;
  }
}

export class AllocRangeCommand extends MapleCommand {
  constructor(
    readonly size: number,
    readonly min: number,
    readonly max: number,
    readonly entry: unknown,
    readonly highest: boolean,
  ) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const implBox = { start: -1 };
    const modelBox = { start: -1 };
    const got = (this.highest ? mtree_alloc_rrange : mtree_alloc_range)(real.tree, implBox, this.entry, this.size, this.min, this.max);
    const want = (this.highest ? model.map.allocRRange : model.map.allocRange).call(model.map, modelBox, this.entry, this.size, this.min, this.max);
    expectSame(`${this} result`, got, want);
    expectSame(`${this} start`, implBox.start, modelBox.start);
    if (want === -EBUSY) model.edges['alloc refused -EBUSY']++;
  }
  toString(): string {
    const name = this.highest ? 'AllocRRange' : 'AllocRange';
    return `${name}(size ${show(this.size)}, [${show(this.min)}, ${show(this.max)}], ${show(this.entry)})`;
  }
}

export class DestroyCommand extends MapleCommand {
  protected apply(model: MapleModel, real: MapleReal): void {
    mtree_destroy(real.tree);
    model.map.destroy();
  }
  toString(): string {
    return 'Destroy()';
  }
}

export const writeCommands = [
  { weight: 30, arbitrary: fc.tuple(rangeArb, entryArb).map(([[f, l], e]) => new StoreRangeCommand(f, l, e)) },
  { weight: 6, arbitrary: fc.tuple(rangeArb, entryArb).map(([[f, l], e]) => new InsertRangeCommand(f, l, e)) },
  { weight: 8, arbitrary: indexArb.map((i) => new EraseCommand(i)) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        start: indexArb,
        count: fc.integer({ min: 1, max: 1000 }),
        stride: fc.integer({ min: 1, max: 12 }),
        gap: fc.integer({ min: 0, max: 12 }),
        descending: fc.boolean(),
        entry: fc.oneof({ weight: 5, arbitrary: nonNullEntryArb }, { weight: 1, arbitrary: fc.constant(null) }),
      })
      .map(({ start, count, stride, gap, descending, entry }) =>
        new StoreSequenceCommand(start, count, stride, Math.max(0, stride - 1 - gap), descending, entry)),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(sizeArb, rangeArb, entryArb, fc.boolean())
      .map(([size, [min, max], entry, highest]) => new AllocRangeCommand(size, min, max, entry, highest)),
  },
  { weight: 1, arbitrary: fc.constant(null).map(() => new DestroyCommand()) },
];
