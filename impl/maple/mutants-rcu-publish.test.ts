/**
 * What rcu-publication.test.ts and properties/rcu leave open of publish.ts (and the slot store it
 * logs), found by mutation testing (npm run mutate). The contracts pinned here, on small RCU-mode
 * writes recorded by publishedWrite:
 * - the exact steps of each write, kind and label (the labels are the scheduler's trace of the
 *   writer, printed in failure reports): an in-place store logs `slot <i> of <node> = <entry>` or
 *   `pivot <i> of <node> = <value>` (entries shown as JSON, nodes by name), kind 'store'; a new
 *   node is published by one pointer store, `root = ...` or `slot <i> of <parent> = <node>`, kind
 *   'publish'; then `parent of <child> = <parent> slot <i>` (or `= root`), kind 'adopt'; then the
 *   dead marks, then the releases;
 * - the phase order holds even where the write made the steps in another order (a root split
 *   adopts its children before it publishes the new root), and steps of one phase keep the
 *   write's order;
 * - while a write is recorded, each store happens at once (the rest of the write reads what it
 *   wrote): the tree shows the write's result until takePublication undoes the stores;
 * - undoing a recorded write gives the old nodes their old parent words back (the undone tree
 *   validates);
 * - takePublication with nothing being recorded is a harness bug: it throws.
 */
import { describe, expect, it } from 'vitest';
import { Rcu } from '../rcu/rcu.js';
import { MAX_INDEX, MapleNode, mt_init_flags, mt_set_in_rcu, mt_validate, mtree_load, mtree_store_range, type MapleTree } from './index.js';
import { Publication, takePublication } from './publish.js';
import { publishedWrite } from './rcu-writer.js';

/** Records one store as a writer actor does, publishes it whole, and returns its steps as "kind: label". */
function write(mt: MapleTree, first: number, last: number, entry: unknown): string[] {
  const gen = publishedWrite(mt, () => mtree_store_range(mt, first, last, entry));
  let yields = 0;
  for (;;) {
    const step = gen.next();
    if (step.done === true) {
      expect(step.value.result).toBe(0);
      expect(yields).toBe(step.value.steps.length);
      mt_validate(mt);
      return step.value.steps.map((s) => `${s.kind}: ${s.label}`);
    }
    yields++;
  }
}

function rcuTree(): MapleTree {
  const mt = mt_init_flags(0, { rcu: new Rcu({ history: false }) });
  mt_set_in_rcu(mt);
  return mt;
}

describe('the steps of small RCU-mode writes, exactly', () => {
  it('root stores, in-place slot and pivot stores, and a copied leaf', () => {
    const mt = rcuTree();
    expect(write(mt, 0, 0, 'zero')).toEqual(['publish: root = "zero"']);
    expect(write(mt, 5, 9, 'a')).toEqual([`publish: root = ${String(mt.root)}`]);
    const first = String(mt.root);
    // A new range: the leaf grows by two slots, so it is copied and the old one retired.
    const grown = write(mt, 100, 105, 'b');
    const leaf = mt.root as MapleNode;
    expect(grown).toEqual([`publish: root = ${leaf}`, `dead: mark ${first} dead`, `release: call_rcu ${first}`]);
    // Exact fit: one slot word, in place.
    expect(write(mt, 100, 105, 'c')).toEqual([`store: slot 4 of ${leaf} = "c"`]);
    // The range and a part of the next one: the slot, then the pivot (the kernel's order).
    expect(write(mt, 100, 107, 'd')).toEqual([`store: slot 4 of ${leaf} = "d"`, `store: pivot 4 of ${leaf} = 107`]);
    // Emptying the end of a range next to an empty one: only the pivot moves.
    expect(write(mt, 102, 107, null)).toEqual([`store: pivot 4 of ${leaf} = 101`]);
    expect(mt.root).toBe(leaf);
    expect(mtree_load(mt, 101)).toBe('d');
    expect(mtree_load(mt, 102)).toBeNull();
    // Everything erased: the root pointer becomes null, then the leaf goes.
    expect(write(mt, 0, MAX_INDEX, null)).toEqual(['publish: root = null', `dead: mark ${leaf} dead`, `release: call_rcu ${leaf}`]);
  });

  it('a root split publishes the new root before it adopts the leaves, in slot order', () => {
    const mt = rcuTree();
    for (let i = 0; i < 8; i++) write(mt, 10 * i, 10 * i + 5, `e${i}`);
    const old = mt.root as MapleNode;
    expect(old.type).toBe('leaf_64');
    expect(old.end).toBe(15); // e0..e7 and the gaps after them: all 16 slots of the leaf
    const steps = write(mt, 80, 85, 'e8'); // 18 slots: split in two under a new root
    const root = mt.root as MapleNode;
    expect(root.type).toBe('range_64');
    expect(root.end).toBe(1);
    expect(steps).toEqual([
      `publish: root = ${root}`,
      `adopt: parent of ${String(root.slots[0])} = ${root} slot 0`,
      `adopt: parent of ${String(root.slots[1])} = ${root} slot 1`,
      `dead: mark ${old} dead`,
      `release: call_rcu ${old}`,
    ]);
    // A leaf copied under the root is published by the root's slot.
    const leaf = String(root.slots[1]);
    expect(write(mt, 66, 67, 'x')).toEqual([`publish: slot 1 of ${root} = ${String(root.slots[1])}`, `dead: mark ${leaf} dead`, `release: call_rcu ${leaf}`]);
    expect(mt.root).toBe(root);
  });

  it('a slot store in a full leaf: two words, none for the max the leaf keeps no pivot for', () => {
    const mt = rcuTree();
    for (let i = 0; i < 8; i++) write(mt, 10 * i, 10 * i + 5, `e${i}`);
    const leaf = mt.root as MapleNode;
    expect(leaf.end).toBe(15);
    expect(write(mt, 0, 7, 'x')).toEqual([`store: slot 0 of ${leaf} = "x"`, `store: pivot 0 of ${leaf} = 7`]);
    expect(mt.root).toBe(leaf);
  });

  it('a store over a whole height-2 tree publishes one new leaf as root, with no adoption (its parent word already says root)', () => {
    const mt = rcuTree();
    for (let i = 0; i < 20; i++) write(mt, 10 * i, 10 * i + 5, `e${i}`);
    const old = mt.root as MapleNode;
    expect(old.end).toBe(3);
    const gone = [old.slots[0], old.slots[1], old.slots[2], old.slots[3], old].map(String);
    const steps = write(mt, 0, 200, 'x');
    expect(steps).toEqual([
      `publish: root = ${String(mt.root)}`,
      ...gone.map((n) => `dead: mark ${n} dead`),
      ...gone.map((n) => `release: call_rcu ${n}`),
    ]);
  });

  it('a tree of height 3 collapsing to one leaf: its parent word becomes the root; dead marks before releases', () => {
    const mt = mt_init_flags(0, { rcu: new Rcu({ history: false }) });
    for (let i = 0; i < 160; i++) mtree_store_range(mt, 10 * i, 10 * i + 5, `e${i}`);
    mt_set_in_rcu(mt);
    expect(mt.height).toBe(3);
    const steps = write(mt, 10, 1700, null);
    const leaf = mt.root as MapleNode;
    expect(mt.height).toBe(1);
    expect(steps[0]).toBe(`publish: root = ${leaf}`);
    expect(steps[1]).toMatch(new RegExp(`^adopt: parent of ${leaf} = range_64#\\d+ slot 0$`));
    expect(steps[2]).toBe(`adopt: parent of ${leaf} = root`);
    const kinds = steps.map((s) => s.slice(0, s.indexOf(':')));
    expect(kinds.slice(0, 3)).toEqual(['publish', 'adopt', 'adopt']);
    const dead = kinds.indexOf('dead');
    const release = kinds.indexOf('release');
    expect(dead).toBe(3);
    expect(kinds.slice(dead, release).every((k) => k === 'dead')).toBe(true);
    expect(kinds.slice(release).every((k) => k === 'release')).toBe(true);
    expect(release - dead).toBe(kinds.length - release); // each retired node: one mark, one release
    // Releases go in the order the dead marks went.
    const marked = steps.slice(dead, release).map((s) => s.replace(/^dead: mark (.*) dead$/, '$1'));
    const released = steps.slice(release).map((s) => s.replace(/^release: call_rcu /, ''));
    expect(released).toEqual(marked);
  });
});

describe('recording', () => {
  it('each store happens at once while recorded, and is undone by takePublication', () => {
    const mt = rcuTree();
    const record = (first: number, last: number, entry: unknown, at: number): void => {
      mt.publication = new Publication();
      const before = mtree_load(mt, at);
      expect(mtree_store_range(mt, first, last, entry)).toBe(0);
      expect(mtree_load(mt, at)).toBe(entry); // stored at once
      const steps = takePublication(mt);
      expect(mtree_load(mt, at)).toBe(before); // undone
      for (const step of steps) step.apply();
      expect(mtree_load(mt, at)).toBe(entry);
    };
    record(0, 0, 'zero', 0); // root store
    record(5, 9, 'a', 7); // root store of a new leaf
    record(100, 105, 'b', 103); // a copied leaf
    record(100, 105, 'c', 103); // in place: one slot
    record(100, 107, 'd', 107); // in place: the slot and the pivot
    record(106, 107, null, 107); // in place: the pivot alone
  });
});

describe('undoing a recorded write', () => {
  it('gives the old nodes back their old parent words: the undone tree validates, and so does the redone one', () => {
    // A height-2 tree; a write that splits a leaf copies the parent, which adopts the untouched
    // old leaves; undone, those leaves must name their old parent again.
    const mt = rcuTree();
    for (let i = 0; i < 40; i++) expect(mtree_store_range(mt, i * 10, i * 10 + 5, `e${i}`)).toBe(0);
    expect(mt.height).toBe(2);
    const rootBefore = mt.root;
    // Split ranges one index at a time, each write recorded and then applied, until one splits its
    // leaf (its parent is copied); that one stays undone.
    const recordStore = (at: number): ReturnType<typeof takePublication> => {
      mt.publication = new Publication();
      expect(mtree_store_range(mt, at, at, `s${at}`)).toBe(0);
      return takePublication(mt);
    };
    let at = 200;
    let steps = recordStore(at);
    while (!steps.some((s) => s.kind === 'adopt')) {
      for (const step of steps) step.apply();
      at += 2;
      expect(at).toBeLessThan(260);
      steps = recordStore(at);
    }
    expect(mt.root).toBe(rootBefore);
    const root = mt.root as MapleNode;
    for (let i = 0; i <= root.end; i++) expect((root.slots[i] as MapleNode).parent).toBe(root);
    mt_validate(mt, { accounting: false });
    for (const step of steps) step.apply();
    expect(mtree_load(mt, at)).toBe(`s${at}`);
    mt_validate(mt, { accounting: false });
  });
});

describe('takePublication', () => {
  it('throws when nothing is being recorded', () => {
    const mt = rcuTree();
    expect(() => takePublication(mt)).toThrow(Error);
  });
});
