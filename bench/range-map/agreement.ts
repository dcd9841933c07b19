/**
 * The oracle for the range-map adapters: a list of operations run on an adapter and on the
 * reference model (ModelRangeMap) side by side, every result compared, and the whole contents
 * compared after every operation. A broken adapter would make every figure of the range-map
 * benchmark a lie, so each one is held to this before the benchmark uses it (range-maps.test.ts).
 *
 * Invariants: the operations touch a small index space [0, 48] and the top of the index space
 * (MAX_INDEX - 40 .. MAX_INDEX), so overlaps, splits, trims and the edges are frequent; the cursor
 * is only stepped between a seek and the next write or null result (range-map.ts), which the
 * driver tracks itself; the first disagreement throws an Error naming the operation, both results
 * and the operation's position.
 */
import fc from 'fast-check';
import { MAX_INDEX } from '../../impl/maple/index.js';
import { ModelRangeMap } from './model-range-map.js';
import { rangeMapEntries, type RangeMap } from './range-map.js';

export type RangeOp =
  | { op: 'store'; first: number; last: number; entry: number | null }
  | { op: 'load'; index: number }
  | { op: 'erase'; index: number }
  | { op: 'seek'; index: number }
  | { op: 'next' }
  | { op: 'prev' };

const lowIndex = fc.integer({ min: 0, max: 48 });
const highIndex = fc.integer({ min: 0, max: 40 }).map((d) => MAX_INDEX - d);
const anyIndex = fc.oneof({ weight: 5, arbitrary: lowIndex }, { weight: 1, arbitrary: highIndex });

/** A store range: mostly short, sometimes long (spanning many entries), sometimes empty (null). */
const storeOp = fc
  .tuple(anyIndex, fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 7, max: 60 }) }), fc.option(fc.integer({ min: 1, max: 1000 }), { freq: 6 }))
  .map(([first, length, entry]): RangeOp => ({ op: 'store', first, last: Math.min(MAX_INDEX, first + length), entry }));

export const rangeOp: fc.Arbitrary<RangeOp> = fc.oneof(
  { weight: 6, arbitrary: storeOp },
  { weight: 2, arbitrary: anyIndex.map((index): RangeOp => ({ op: 'load', index })) },
  { weight: 2, arbitrary: anyIndex.map((index): RangeOp => ({ op: 'erase', index })) },
  { weight: 1, arbitrary: anyIndex.map((index): RangeOp => ({ op: 'seek', index })) },
  { weight: 3, arbitrary: fc.constant<RangeOp>({ op: 'next' }) },
  { weight: 3, arbitrary: fc.constant<RangeOp>({ op: 'prev' }) },
);

export const rangeOps: fc.Arbitrary<RangeOp[]> = fc.array(rangeOp, { maxLength: 120, size: 'max' });

function describeOp(o: RangeOp): string {
  switch (o.op) {
    case 'store':
      return `storeRange(${o.first}, ${o.last}, ${String(o.entry)})`;
    case 'load':
    case 'erase':
    case 'seek':
      return `${o.op}(${o.index})`;
    default:
      return `${o.op}()`;
  }
}

/** Runs one operation; the cursor's range is part of the result of a step that found an entry. */
function apply(map: RangeMap, o: RangeOp): unknown {
  switch (o.op) {
    case 'store':
      return map.storeRange(o.first, o.last, o.entry);
    case 'load':
      return map.load(o.index);
    case 'erase':
      return map.erase(o.index);
    case 'seek':
      map.seek(o.index);
      return undefined;
    case 'next':
    case 'prev': {
      const entry = o.op === 'next' ? map.next() : map.prev();
      return entry === null ? null : [entry, map.cursorFirst, map.cursorLast];
    }
  }
}

/** Runs the operations on `map` and on a fresh model; throws at the first disagreement. */
export function checkAgainstModel(map: RangeMap, ops: readonly RangeOp[]): void {
  const model = new ModelRangeMap();
  let cursorLive = false;
  ops.forEach((o, k) => {
    if ((o.op === 'next' || o.op === 'prev') && !cursorLive) return; // the contract needs a seek first
    const got = apply(map, o);
    const want = apply(model, o);
    const where = `${map.name}: op ${k} ${describeOp(o)}`;
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error(`${where} returned ${JSON.stringify(got)}, the model ${JSON.stringify(want)}`);
    }
    if (o.op === 'seek') cursorLive = true;
    else if (o.op === 'next' || o.op === 'prev') cursorLive = want !== null;
    else if (o.op === 'store' || (o.op === 'erase' && want !== null)) cursorLive = false;
    const a = JSON.stringify(rangeMapEntries(map));
    const b = JSON.stringify(rangeMapEntries(model));
    if (a !== b) throw new Error(`${where}: contents ${a}, the model's ${b}`);
  });
}
