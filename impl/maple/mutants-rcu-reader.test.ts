/**
 * What the RCU reader and writer tests (rcu-publication.test.ts, properties/rcu) leave open, found
 * by mutation testing (npm run mutate). The generators are driven here by hand, one yield per step,
 * with no other actor, so each trace is exact. The contracts pinned:
 * - the trace of a reader (the scheduler's step labels a failure report prints): one step reading
 *   the root, one per node visited, each named for the reader, the index and the node;
 * - the reported stats: `visits` counts the nodes visited, `restarts` the walks started again;
 * - findBefore (mt_prev-like) steps back into the previous leaf when the leaf holding the index has
 *   no entry up to its start, and stops without another walk once the leaf starts at or below min;
 * - find and iterate (mt_find, mt_for_each) walk leaf after leaf from the index, stop at the first
 *   entry (find) or once a leaf ends at or past the end of the range, report whole ranges, and
 *   clip a range found again after resuming (a writer merged it meanwhile) to where they resumed;
 * - a reader that finds a node dead when it visits it walks again from the root (one restart);
 *   the deliberately broken ignoreDead reader does not, and reads the dead leaf's poisoned words;
 * - a tree with no node (empty, or a bare entry at 0) reads as the entry at 0 and empty elsewhere;
 * - the last slot of a full node ends at the node's max (it has no pivot of its own);
 * - a reader that meets garbage (an internal slot holding no node) throws ReaderConfusedError,
 *   named so in `name`;
 * - publishedWrite refuses to start while a publication is being recorded, and labels each step it
 *   publishes `publish <what the store does>`.
 */
import { describe, expect, it } from 'vitest';
import { Rcu } from '../rcu/rcu.js';
import { MAX_INDEX, MapleNode, mt_init_flags, mt_set_in_rcu, mtree_load, mtree_store_range, type MapleTree } from './index.js';
import { Publication } from './publish.js';
import { ReaderConfusedError, RcuReader } from './rcu-reader.js';
import { publishedWrite } from './rcu-writer.js';

/** Runs a generator to its end (at most `cap` yields, so a reader that loops fails instead of hanging). */
function drive<R>(gen: Generator<unknown, R, void>, cap = 200): { trace: unknown[]; value: R } {
  const trace: unknown[] = [];
  for (;;) {
    const step = gen.next();
    if (step.done === true) return { trace, value: step.value };
    trace.push(step.value);
    if (trace.length > cap) throw new Error(`no result after ${cap} steps: ${trace.slice(-4).join(' | ')}`);
  }
}

interface Tree {
  mt: MapleTree;
  rcu: Rcu;
  /** Node names as traces print them (ids are global, so taken from the nodes themselves). */
  root: string;
  leaf: (slot: number) => string;
}

/**
 * 40 ranges [10i, 10i+5] = "e<i>" in RCU mode: height 2, a range_64 root over nine leaves, among
 * them slot 2: [90, 135] (ending with "e13" at [130, 135]), slot 3: [136, 179] (starting with the
 * empty [136, 139]), slot 4: [180, 225].
 */
function tree(): Tree {
  const rcu = new Rcu({ history: false });
  const mt = mt_init_flags(0, { rcu });
  for (let i = 0; i < 40; i++) expect(mtree_store_range(mt, 10 * i, 10 * i + 5, `e${i}`)).toBe(0);
  mt_set_in_rcu(mt);
  expect(mt.height).toBe(2);
  const root = mt.root as MapleNode;
  expect(root.type).toBe('range_64');
  expect(root.pivots.slice(0, 4)).toEqual([45, 89, 135, 179]);
  return { mt, rcu, root: String(root), leaf: (slot) => String(root.slots[slot]) };
}

function readerIn(mt: MapleTree, rcu: Rcu, name = 'r', ignoreDead = false): RcuReader {
  rcu.readLock(name);
  return new RcuReader(mt, rcu, name, { ignoreDead });
}

/** Steps `gen` until it yields `label` (which must come within 20 steps). */
function stepUntil(gen: Generator<unknown, unknown, void>, label: string): void {
  for (let i = 0; i < 20; i++) {
    const step = gen.next();
    if (step.done === true) throw new Error(`returned before yielding ${label}`);
    if (step.value === label) return;
  }
  throw new Error(`never yielded ${label}`);
}

/** Runs a generator that has been started to its end. */
function finish<R>(gen: Generator<unknown, R, void>): { trace: unknown[]; value: R } {
  return drive(gen);
}

const range = (first: number, last: number, entry: unknown) => ({ first, last, entry });

describe('RCU reader traces and stats', () => {
  it('a load reads the root, then visits one node per step, and counts its visits', () => {
    const { mt, rcu, root, leaf } = tree();
    const reader = readerIn(mt, rcu);
    const { trace, value } = drive(reader.load(200));
    expect(value).toBe('e20');
    expect(trace).toEqual(['r reads the root for 200', `r visits ${root}`, `r visits ${leaf(4)}`]);
    expect(reader.visits).toBe(2);
    expect(reader.restarts).toBe(0);
    drive(reader.load(3));
    expect(reader.visits).toBe(4);
  });

  it('findBefore steps back from the first index of a leaf into the previous leaf', () => {
    const { mt, rcu, root, leaf } = tree();
    const reader = readerIn(mt, rcu);
    const { trace, value } = drive(reader.findBefore(136, 0));
    expect(value).toEqual({ first: 130, last: 135, entry: 'e13' });
    expect(trace).toEqual([
      'r reads the root for 136',
      `r visits ${root}`,
      `r visits ${leaf(3)}`,
      'r reads the root for 135',
      `r visits ${root}`,
      `r visits ${leaf(2)}`,
    ]);
    expect(reader.visits).toBe(4);
    // From inside the leaf's leading empty range, too.
    expect(drive(reader.findBefore(138, 100)).value).toEqual({ first: 130, last: 135, entry: 'e13' });
  });

  it('findBefore stops without another walk when the leaf starts at or below min', () => {
    const { mt, rcu, root, leaf } = tree();
    const reader = readerIn(mt, rcu);
    const at = drive(reader.findBefore(138, 136));
    expect(at.value).toBeNull();
    expect(at.trace).toEqual(['r reads the root for 138', `r visits ${root}`, `r visits ${leaf(3)}`]);
    const below = drive(reader.findBefore(139, 137));
    expect(below.value).toBeNull();
    expect(below.trace).toHaveLength(3);
    expect(reader.visits).toBe(4);
    // Within the leaf: an entry ending below min is not found, one ending at min is.
    expect(drive(reader.findBefore(148, 146)).value).toBeNull();
    expect(drive(reader.findBefore(148, 145)).value).toEqual({ first: 140, last: 145, entry: 'e14' });
  });

  it('findBefore at the start of the tree finds nothing before 0', () => {
    const rcu = new Rcu({ history: false });
    const mt = mt_init_flags(0, { rcu });
    for (let i = 1; i < 40; i++) expect(mtree_store_range(mt, 10 * i, 10 * i + 5, `e${i}`)).toBe(0);
    mt_set_in_rcu(mt);
    const reader = readerIn(mt, rcu);
    const { trace, value } = drive(reader.findBefore(7, 0));
    expect(value).toBeNull();
    expect(trace).toHaveLength(3);
  });
});

describe('RCU reader scans (find, iterate)', () => {
  it('iterate walks leaf after leaf and reports whole ranges from the one holding `from`', () => {
    const { mt, rcu, root, leaf } = tree();
    const reader = readerIn(mt, rcu);
    const { trace, value } = drive(reader.iterate(102, 150));
    expect(value).toEqual([
      range(100, 105, 'e10'),
      range(110, 115, 'e11'),
      range(120, 125, 'e12'),
      range(130, 135, 'e13'),
      range(140, 145, 'e14'),
      range(150, 155, 'e15'),
    ]);
    expect(trace).toEqual([
      'r reads the root for 102',
      `r visits ${root}`,
      `r visits ${leaf(2)}`,
      'r reads the root for 136',
      `r visits ${root}`,
      `r visits ${leaf(3)}`,
    ]);
  });

  it('iterate stops after the leaf that ends exactly at `to`', () => {
    const { mt, rcu, root, leaf } = tree();
    const reader = readerIn(mt, rcu);
    const { trace, value } = drive(reader.iterate(120, 135));
    expect(value).toEqual([range(120, 125, 'e12'), range(130, 135, 'e13')]);
    expect(trace).toEqual(['r reads the root for 120', `r visits ${root}`, `r visits ${leaf(2)}`]);
  });

  it('iterate from the last index of a leaf goes on into the next leaves', () => {
    const { mt, rcu } = tree();
    const reader = readerIn(mt, rcu);
    const { trace, value } = drive(reader.iterate(178, 200));
    expect(value).toEqual([range(180, 185, 'e18'), range(190, 195, 'e19'), range(200, 205, 'e20')]);
    expect(trace.filter((t) => String(t).startsWith('r reads the root'))).toEqual(['r reads the root for 178', 'r reads the root for 180']);
    expect(drive(reader.iterate(179, 181)).value).toEqual([range(180, 185, 'e18')]);
  });

  it('find stops at the first entry, in the first leaf or a later one', () => {
    const { mt, rcu, root, leaf } = tree();
    const reader = readerIn(mt, rcu);
    const here = drive(reader.find(100, 300));
    expect(here.value).toEqual(range(100, 105, 'e10'));
    expect(here.trace).toEqual(['r reads the root for 100', `r visits ${root}`, `r visits ${leaf(2)}`]);
    const next = drive(reader.find(136, 300));
    expect(next.value).toEqual(range(140, 145, 'e14'));
    expect(next.trace).toHaveLength(3);
    // The last entry of a leaf: found without walking on into the next leaf.
    const last = drive(reader.find(132, 300));
    expect(last.value).toEqual(range(130, 135, 'e13'));
    expect(last.trace).toEqual(['r reads the root for 132', `r visits ${root}`, `r visits ${leaf(2)}`]);
    expect(drive(reader.find(136, 139)).value).toBeNull();
    expect(drive(reader.find(396, MAX_INDEX)).value).toBeNull();
  });

  it('a range merged across the leaf boundary while iterating is reported from where the iteration resumed', () => {
    const { mt, rcu } = tree();
    const reader = readerIn(mt, rcu);
    const gen = reader.iterate(100, 155);
    stepUntil(gen, 'r reads the root for 136'); // leaf [90, 135] is done; the walk from 136 not begun
    expect(mtree_store_range(mt, 130, 140, 'm')).toBe(0); // one range over both leaves
    const { value } = finish(gen);
    expect(value).toEqual([
      range(100, 105, 'e10'),
      range(110, 115, 'e11'),
      range(120, 125, 'e12'),
      range(130, 135, 'e13'),
      range(136, 140, 'm'),
      range(141, 145, 'e14'),
      range(150, 155, 'e15'),
    ]);
  });
});

describe('a reader overtaken by a writer', () => {
  /** Starts a load of 100, lets it reach the leaf [90, 135], then replaces that leaf (it becomes dead). */
  function overtaken(ignoreDead: boolean) {
    const { mt, rcu, root, leaf } = tree();
    const reader = readerIn(mt, rcu, 'r', ignoreDead);
    const gen = reader.load(100);
    const old = leaf(2);
    stepUntil(gen, `r visits ${old}`);
    expect(mtree_store_range(mt, 101, 101, 'x')).toBe(0); // RCU mode: into a new leaf; the old one is dead
    expect(leaf(2)).not.toBe(old);
    return { reader, result: finish(gen), root, leaf, old };
  }

  it('finds the node dead, walks again from the root and reads the new leaf', () => {
    const { reader, result, root, leaf } = overtaken(false);
    expect(result.value).toBe('e10');
    expect(result.trace).toEqual(['r reads the root for 100', `r visits ${root}`, `r visits ${leaf(2)}`]);
    expect(reader.restarts).toBe(1);
    expect(reader.visits).toBe(4); // root, the dead leaf, root, the new leaf
  });

  it('the broken ignoreDead reader reads the dead leaf instead, and its first pivot is call_rcu poison', () => {
    const { reader, result } = overtaken(true);
    expect(result.value).toBe('e9'); // slot 0 of the old leaf: index 100 never held it
    expect(result.trace).toEqual([]);
    expect(reader.restarts).toBe(0);
    expect(reader.visits).toBe(2);
  });
});

describe('RCU reader of a tree with no node', () => {
  it('a bare entry at 0 is read at 0 only', () => {
    const rcu = new Rcu({ history: false });
    const mt = mt_init_flags(0, { rcu });
    expect(mtree_store_range(mt, 0, 0, 'zero')).toBe(0);
    mt_set_in_rcu(mt);
    expect(mt.root).toBe('zero'); // no node: the entry is the root
    const reader = readerIn(mt, rcu);
    const zero = drive(reader.load(0));
    expect(zero).toEqual({ trace: ['r reads the root for 0'], value: 'zero' });
    expect(drive(reader.load(1)).value).toBeNull();
    expect(drive(reader.rangeAt(5)).value).toEqual({ first: 1, last: MAX_INDEX, entry: null });
    expect(drive(reader.rangeAt(0)).value).toEqual({ first: 0, last: 0, entry: 'zero' });
    expect(drive(reader.findBefore(9, 0)).value).toEqual({ first: 0, last: 0, entry: 'zero' });
    expect(reader.visits).toBe(0);
  });

  it('an empty tree reads empty everywhere', () => {
    const rcu = new Rcu({ history: false });
    const mt = mt_init_flags(0, { rcu });
    const reader = readerIn(mt, rcu);
    expect(drive(reader.load(0)).value).toBeNull();
    expect(drive(reader.rangeAt(12)).value).toEqual({ first: 0, last: MAX_INDEX, entry: null });
  });
});

describe('a reader that reads garbage', () => {
  it('an internal slot holding no node: ReaderConfusedError, named in `name`', () => {
    const { mt, rcu } = tree();
    const root = mt.root as MapleNode;
    root.slots[3] = 'garbage'; // the slot of leaf [136, 179], overwritten behind the tree's back
    const reader = readerIn(mt, rcu);
    let error: unknown = null;
    try {
      drive(reader.load(150));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReaderConfusedError);
    expect((error as Error).name).toBe('ReaderConfusedError');
  });
});

describe('publishedWrite', () => {
  it('refuses to start while a publication is being recorded, and leaves that one alone', () => {
    const { mt } = tree();
    const recording = new Publication();
    mt.publication = recording;
    let ran = false;
    expect(() =>
      drive(
        publishedWrite(mt, () => {
          ran = true;
          return mtree_store_range(mt, 101, 101, 'x');
        }),
      ),
    ).toThrow(Error);
    expect(ran).toBe(false);
    expect(mt.publication).toBe(recording);
    mt.publication = null;
    expect(mtree_load(mt, 101)).toBe('e10');
  });

  it('labels each published step "publish <step label>", one per yield', () => {
    const { mt, root, leaf } = tree();
    const old = leaf(2);
    const { trace, value } = drive(publishedWrite(mt, () => mtree_store_range(mt, 101, 101, 'x')));
    expect(value.result).toBe(0);
    expect(trace).toEqual(value.steps.map((s) => `publish ${s.label}`));
    // The leaf [90, 135] is split three ways into a copy: one pointer store publishes it.
    expect(trace).toEqual([`publish slot 2 of ${root} = ${leaf(2)}`, `publish mark ${old} dead`, `publish call_rcu ${old}`]);
    expect(leaf(2)).not.toBe(old);
    expect(mtree_load(mt, 101)).toBe('x');
  });
});

describe('the last slot of a full node', () => {
  it("ends at the node's max, which the walk brought down (a full node stores no pivot for it)", () => {
    const rcu = new Rcu({ history: false });
    const mt = mt_init_flags(0, { rcu });
    // Eight entries and the empty ranges between and after them: one root leaf, all 16 slots used.
    for (let i = 0; i < 8; i++) expect(mtree_store_range(mt, 10 * i, 10 * i + 5, `e${i}`)).toBe(0);
    mt_set_in_rcu(mt);
    const root = mt.root as MapleNode;
    expect([mt.height, root.end]).toEqual([1, 15]);
    const reader = readerIn(mt, rcu);
    expect(drive(reader.rangeAt(100)).value).toEqual(range(76, MAX_INDEX, null));
    expect(drive(reader.iterate(70, MAX_INDEX)).value).toEqual([range(70, 75, 'e7')]);
  });
});
