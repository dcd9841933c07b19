/**
 * Commands on the maple state (advanced API): positioning, walks, the eight searches, stores,
 * erase and the empty-area searches. One maple state lives across the whole command list, so
 * stale-cursor cases (the tree changed through the normal API between two mas_* calls) are
 * exercised as well; the state's fields are compared after every command by checkAgreement.
 */
import fc from 'fast-check';
import {
  mas_empty_area,
  mas_empty_area_rev,
  mas_erase,
  mas_find,
  mas_find_range,
  mas_find_range_rev,
  mas_find_rev,
  mas_next,
  mas_next_range,
  mas_pause,
  mas_prev,
  mas_prev_range,
  mas_reset,
  mas_set_range,
  mas_store,
  mas_store_gfp,
  mas_walk,
  type MaState,
} from '../../impl/maple/index.js';
import type { ModelCursor } from '../../model/index.js';
import { entryArb, indexArb, rangeArb, show, sizeArb } from '../arbitraries.js';
import { MapleCommand } from './command.js';
import { noteStore, storeShape } from './edges.js';
import { expectSame, type MapleModel, type MapleReal } from './system.js';

export class MasSetRangeCommand extends MapleCommand {
  constructor(readonly first: number, readonly last: number) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    mas_set_range(real.mas, this.first, this.last);
    model.cursor.setRange(this.first, this.last);
  }
  toString(): string {
    return `mas_set_range(${show(this.first)}, ${show(this.last)})`;
  }
}

type StateOp = 'reset' | 'pause';

export class MasStateCommand extends MapleCommand {
  constructor(readonly op: StateOp) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    if (this.op === 'reset') {
      mas_reset(real.mas);
      model.cursor.reset();
    } else {
      mas_pause(real.mas);
      model.cursor.pause();
    }
  }
  toString(): string {
    return `mas_${this.op}()`;
  }
}

type SearchKind = 'find' | 'next' | 'find_range' | 'next_range' | 'find_rev' | 'prev' | 'find_range_rev' | 'prev_range';

const IMPL_SEARCH: Record<SearchKind, (mas: MaState, limit: number) => unknown> = {
  find: mas_find,
  next: mas_next,
  find_range: mas_find_range,
  next_range: mas_next_range,
  find_rev: mas_find_rev,
  prev: mas_prev,
  find_range_rev: mas_find_range_rev,
  prev_range: mas_prev_range,
};

const MODEL_SEARCH: Record<SearchKind, (cursor: ModelCursor, limit: number) => unknown> = {
  find: (c, l) => c.find(l),
  next: (c, l) => c.next(l),
  find_range: (c, l) => c.findRange(l),
  next_range: (c, l) => c.nextRange(l),
  find_rev: (c, l) => c.findRev(l),
  prev: (c, l) => c.prev(l),
  find_range_rev: (c, l) => c.findRangeRev(l),
  prev_range: (c, l) => c.prevRange(l),
};

export class MasSearchCommand extends MapleCommand {
  constructor(readonly kind: SearchKind, readonly limit: number, readonly repeat: number) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    // Repeating the call walks the cursor along the tree, as a for_each loop does.
    for (let k = 0; k < this.repeat; k++) {
      const got = IMPL_SEARCH[this.kind](real.mas, this.limit);
      const want = MODEL_SEARCH[this.kind](model.cursor, this.limit);
      expectSame(`${this} call ${k + 1}`, got, want);
      expectSame(`${this} call ${k + 1} index`, real.mas.index, model.cursor.index);
      expectSame(`${this} call ${k + 1} last`, real.mas.last, model.cursor.last);
    }
  }
  toString(): string {
    return `mas_${this.kind}(${show(this.limit)}) x${this.repeat}`;
  }
}

export class MasWalkCommand extends MapleCommand {
  protected apply(model: MapleModel, real: MapleReal): void {
    expectSame(`${this}`, mas_walk(real.mas), model.cursor.walk());
  }
  toString(): string {
    return 'mas_walk()';
  }
}

export class MasStoreCommand extends MapleCommand {
  constructor(readonly entry: unknown, readonly returnsEntry: boolean) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const { cursor } = model;
    const shape = cursor.status === 'error' ? null : storeShape(model.map, cursor.index, cursor.last);
    if (this.returnsEntry) expectSame(`${this}`, mas_store(real.mas, this.entry), cursor.store(this.entry));
    else expectSame(`${this}`, mas_store_gfp(real.mas, this.entry), cursor.storeGfp(this.entry));
    if (shape !== null && cursor.status !== 'error') noteStore(model.edges, shape);
  }
  toString(): string {
    return `${this.returnsEntry ? 'mas_store' : 'mas_store_gfp'}(${show(this.entry)})`;
  }
}

export class MasEraseCommand extends MapleCommand {
  protected apply(model: MapleModel, real: MapleReal): void {
    expectSame(`${this}`, mas_erase(real.mas), model.cursor.erase());
  }
  toString(): string {
    return 'mas_erase()';
  }
}

export class MasEmptyAreaCommand extends MapleCommand {
  constructor(readonly min: number, readonly max: number, readonly size: number, readonly rev: boolean) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const got = (this.rev ? mas_empty_area_rev : mas_empty_area)(real.mas, this.min, this.max, this.size);
    const want = this.rev ? model.cursor.emptyAreaRev(this.min, this.max, this.size) : model.cursor.emptyArea(this.min, this.max, this.size);
    expectSame(`${this}`, got, want);
  }
  toString(): string {
    return `mas_empty_area${this.rev ? '_rev' : ''}(${show(this.min)}, ${show(this.max)}, size ${show(this.size)})`;
  }
}

/**
 * An empty-area search whose limit cuts through a gap of the tree as it is now: the window is one
 * index too large for the part of the gap inside [min, max] but fits the whole gap, and the range
 * on the other side of the cut limit is an entry, so the only right answer is -EBUSY. A search
 * that measures the gap without clipping it to the limit returns a window that starts below min
 * (reverse; "maple_tree: fix mas_empty_area_rev() lower bound validation", 2023) or ends past
 * max (forward). The gap is the `pick`-th of those at least two indices long, the cut `cut`
 * indices into it (both modulo what the tree offers); nothing to cut: a plain search of the
 * whole space.
 */
export class MasEmptyAreaCutCommand extends MapleCommand {
  private shown = '';
  constructor(readonly pick: number, readonly cut: number, readonly rev: boolean) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const ranges = model.map.ranges();
    // Gaps of two or more indices with an entry on the far side of the cut: after the gap for the
    // reverse search (min cuts the gap's low end), before it for the forward one.
    const cuttable = ranges.flatMap((r, i) => {
      const far = ranges[this.rev ? i + 1 : i - 1];
      return r.value === null && r.last > r.first && far !== undefined ? [{ gap: r, far }] : [];
    });
    let min = 0;
    let max = Number.MAX_SAFE_INTEGER;
    let size = 1;
    if (cuttable.length > 0) {
      const { gap, far } = cuttable[this.pick % cuttable.length];
      const into = 1 + (this.cut % (gap.last - gap.first));
      if (this.rev) [min, max] = [gap.first + into, far.last];
      else [min, max] = [far.first, gap.last - into];
      size = (this.rev ? gap.last - min : max - gap.first) + 2;
    }
    this.shown = `${show(min)}, ${show(max)}, size ${show(size)}`;
    const got = (this.rev ? mas_empty_area_rev : mas_empty_area)(real.mas, min, max, size);
    const want = this.rev ? model.cursor.emptyAreaRev(min, max, size) : model.cursor.emptyArea(min, max, size);
    expectSame(`${this}`, got, want);
  }
  toString(): string {
    return `mas_empty_area${this.rev ? '_rev' : ''}(gap ${this.pick} cut ${this.cut}${this.shown !== '' ? `: ${this.shown}` : ''})`;
  }
}

const searchKindArb = fc.constantFrom<SearchKind>('find', 'next', 'find_range', 'next_range', 'find_rev', 'prev', 'find_range_rev', 'prev_range');

/** Search limits: often the far end of the space (a plain iteration), otherwise an index. */
const limitArb = fc.oneof(fc.constantFrom(0, Number.MAX_SAFE_INTEGER), indexArb);

export const cursorCommands = [
  { weight: 6, arbitrary: rangeArb.map(([f, l]) => new MasSetRangeCommand(f, l)) },
  { weight: 2, arbitrary: fc.constantFrom<StateOp>('reset', 'pause').map((op) => new MasStateCommand(op)) },
  {
    weight: 14,
    arbitrary: fc
      .tuple(searchKindArb, limitArb, fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 40 }) }))
      .map(([kind, limit, repeat]) => new MasSearchCommand(kind, limit, repeat)),
  },
  { weight: 3, arbitrary: fc.constant(null).map(() => new MasWalkCommand()) },
  { weight: 4, arbitrary: fc.tuple(entryArb, fc.boolean()).map(([e, r]) => new MasStoreCommand(e, r)) },
  { weight: 2, arbitrary: fc.constant(null).map(() => new MasEraseCommand()) },
  {
    weight: 4,
    arbitrary: fc.tuple(rangeArb, sizeArb, fc.boolean()).map(([[min, max], size, rev]) => new MasEmptyAreaCommand(min, max, size, rev)),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([pick, cut, rev]) => new MasEmptyAreaCutCommand(pick, cut, rev)),
  },
];
