/**
 * Oracle test of the agreement checks in properties/maple/system.ts: checkAgreement (full entry
 * comparison, maple state vs model cursor fields, mt_validate) and expectSame / expectSameOutcome
 * (the comparison of every call's return value inside a command).
 *
 * Method: run identical writes on the real tree and the model (makeSystems), check they agree,
 * then make them differ in exactly one observable way (one entry's value, one range boundary off
 * by one, an entry only one side has, one cursor field, ...) and require the check to throw
 * DisagreementError naming that difference. Controls show identical systems are accepted (so a
 * check that always threw could not pass these tests), including values where `===` and
 * Object.is differ.
 */
import { describe, expect, it } from 'vitest';
import { emptyEdges } from '../maple/edges.js';
import {
  MAX_INDEX,
  MapleValidationError,
  isReservedEntry,
  mas_set_range,
  mas_walk,
  mtree_destroy,
  mtree_erase,
  mtree_load,
  mtree_store_range,
} from '../../impl/maple/index.js';
import { IntervalMap, ModelCursor } from '../../model/index.js';
import { EraseCommand, StoreRangeCommand } from '../../properties/maple/write.commands.js';
import { LoadCommand } from '../../properties/maple/read.commands.js';
import { MasWalkCommand } from '../../properties/maple/cursor.commands.js';
import {
  DisagreementError,
  checkAgreement,
  expectSame,
  expectSameOutcome,
  makeSystems,
  outcome,
  type MapleModel,
  type MapleReal,
} from '../../properties/maple/system.js';
import { TREE_KINDS, rootNode, type TreeKind } from './tree-fixtures.js';

const COUNT = 600;

/** The range stored for entry i (runs of adjacent entries, some followed by an empty range). */
function entryRange(i: number): [number, number] {
  const gap = i % 3 === 0 ? 1 + ((i * 7) % 9) : 0;
  return [i * 10, i * 10 + 9 - gap];
}

/** Tree and model after the same COUNT stores; they agree (checked). */
function agreeingSystems(kind: TreeKind): { model: MapleModel; real: MapleReal } {
  const systems = makeSystems({ alloc: kind === 'alloc' });
  const { model, real } = systems;
  for (let i = 0; i < COUNT; i++) {
    const [first, last] = entryRange(i);
    expect(mtree_store_range(real.tree, first, last, `v${i}`)).toBe(0);
    expect(model.map.storeRange(first, last, `v${i}`)).toBe(0);
  }
  mas_set_range(real.mas, 1234, 1240);
  model.cursor.setRange(1234, 1240);
  checkAgreement(model, real);
  expect(real.tree.height).toBeGreaterThanOrEqual(3);
  return systems;
}

/** Escapes a literal for a RegExp. */
const lit = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Divergence {
  name: string;
  diverge: (model: MapleModel, real: MapleReal) => void;
  expected: RegExp;
}

// Entry 301 is [3010, 3019] between two adjacent entries; entry 300 is [3000, 3005] followed by
// the empty range [3006, 3009].
const [f301, l301] = entryRange(301);
const [f300, l300] = entryRange(300);

const divergences: Divergence[] = [
  // ----- entries: values ----------------------------------------------------------------------
  {
    name: 'model holds another value for one entry',
    diverge: (m) => m.map.storeRange(f301, l301, 'other'),
    expected: new RegExp(lit(`entry 301: tree has [${f301}, ${l301}] = "v301", model has [${f301}, ${l301}] = "other"`)),
  },
  {
    name: 'tree holds another value for one entry',
    diverge: (_m, r) => mtree_store_range(r.tree, f301, l301, 'other'),
    expected: new RegExp(lit(`entry 301: tree has [${f301}, ${l301}] = "other", model has [${f301}, ${l301}] = "v301"`)),
  },
  {
    name: 'equal-looking but distinct objects (values are kept by identity)',
    diverge: (m, r) => {
      mtree_store_range(r.tree, f301, l301, { kind: 'object' });
      m.map.storeRange(f301, l301, { kind: 'object' });
    },
    expected: /entry 301: tree has \[3010, 3019\] = \{"kind":"object"\}, model has \[3010, 3019\] = \{"kind":"object"\}/,
  },
  {
    name: '0 in the tree, -0 in the model (Object.is, not ===)',
    diverge: (m, r) => {
      mtree_store_range(r.tree, f301, l301, 0);
      m.map.storeRange(f301, l301, -0);
    },
    expected: /entry 301: tree has \[3010, 3019\] = 0, model has \[3010, 3019\] = -0/,
  },
  // ----- entries: boundaries ------------------------------------------------------------------
  {
    name: "model's entry ends one index early (last off by one)",
    diverge: (m) => m.map.storeRange(l301, l301, null),
    expected: new RegExp(lit(`entry 301: tree has [${f301}, ${l301}] = "v301", model has [${f301}, ${l301 - 1}] = "v301"`)),
  },
  {
    name: "tree's entry ends one index late (last off by one)",
    diverge: (_m, r) => mtree_store_range(r.tree, f300, l300 + 1, 'v300'),
    expected: new RegExp(lit(`entry 300: tree has [${f300}, ${l300 + 1}] = "v300", model has [${f300}, ${l300}] = "v300"`)),
  },
  {
    name: "model's entry starts one index late (first off by one)",
    diverge: (m) => m.map.storeRange(f301, f301, null),
    expected: new RegExp(lit(`entry 301: tree has [${f301}, ${l301}] = "v301", model has [${f301 + 1}, ${l301}] = "v301"`)),
  },
  {
    name: 'tree splits one entry in two with the same value (adjacent equal entries never merge)',
    diverge: (_m, r) => mtree_store_range(r.tree, f301 + 5, l301, 'v301'),
    expected: new RegExp(lit(`entry 301: tree has [${f301}, ${f301 + 4}] = "v301", model has [${f301}, ${l301}] = "v301"`)),
  },
  // ----- entries: present on one side only ----------------------------------------------------
  {
    name: 'extra entry in the tree, after every model entry',
    diverge: (_m, r) => mtree_store_range(r.tree, MAX_INDEX, MAX_INDEX, 'extra'),
    expected: /tree holds extra entry \[MAX, MAX\] = "extra"/,
  },
  {
    name: 'extra entry in the tree, between model entries',
    diverge: (_m, r) => mtree_store_range(r.tree, l300 + 2, l300 + 2, 'extra'),
    expected: new RegExp(lit(`entry 301: tree has [${l300 + 2}, ${l300 + 2}] = "extra", model has [${f301}, ${l301}] = "v301"`)),
  },
  {
    name: 'entry missing from the tree, after every tree entry',
    diverge: (m) => m.map.storeRange(MAX_INDEX - 1, MAX_INDEX, 'extra'),
    expected: /tree lacks entry \[MAX-1, MAX\] = "extra" \(and 0 more\)/,
  },
  {
    name: 'entry missing from the tree, between tree entries',
    diverge: (_m, r) => mtree_erase(r.tree, f301),
    expected: new RegExp(lit(`entry 301: tree has [${entryRange(302)[0]}, ${entryRange(302)[1]}] = "v302", model has [${f301}, ${l301}] = "v301"`)),
  },
  {
    name: 'tree lost every entry',
    diverge: (_m, r) => mtree_destroy(r.tree),
    expected: new RegExp(lit(`tree lacks entry [0, ${entryRange(0)[1]}] = "v0" (and ${COUNT - 1} more)`)),
  },
  // ----- the maple state vs the model cursor --------------------------------------------------
  {
    name: 'mas.index off by one',
    diverge: (_m, r) => {
      r.mas.index++;
    },
    expected: /mas\.index: impl gave 1235, model gave 1234/,
  },
  {
    name: 'mas.last off by one',
    diverge: (_m, r) => {
      r.mas.last--;
    },
    expected: /mas\.last: impl gave 1239, model gave 1240/,
  },
  {
    name: 'mas.status differs (pause vs start)',
    diverge: (_m, r) => {
      r.mas.status = 'pause';
    },
    expected: /mas\.status: impl gave "pause", model gave "start"/,
  },
  {
    name: 'mas.error differs while both are in error',
    diverge: (m, r) => {
      mas_set_range(r.mas, 9, 3); // bad range: both go to error -EINVAL
      m.cursor.setRange(9, 3);
      r.mas.error = -16;
    },
    expected: /mas\.error: impl gave -16, model gave -22/,
  },
  {
    name: 'cursor of the model walked, maple state not',
    diverge: (m) => {
      m.cursor.walk();
    },
    expected: /mas\.index: impl gave 1234, model gave 1233/,
  },
];

const rows = divergences.flatMap((d) => TREE_KINDS.map((kind) => [`${kind}: ${d.name}`, kind, d] as const));

describe('checkAgreement catches each disagreement', () => {
  it.each(rows)('%s', (_title, kind, { diverge, expected }) => {
    const { model, real } = agreeingSystems(kind);
    diverge(model, real);
    expect(() => checkAgreement(model, real)).toThrow(DisagreementError);
    expect(() => checkAgreement(model, real)).toThrow(expected);
  });

  it.each(TREE_KINDS)('%s: a tree that fails mt_validate fails checkAgreement (even when entries agree)', (kind) => {
    const { model, real } = agreeingSystems(kind);
    real.tree.allocator.alloc(); // a leak: invisible in the entries, visible to mt_validate
    expect(() => checkAgreement(model, real)).toThrow(MapleValidationError);
    expect(() => checkAgreement(model, real)).toThrow(/leak or lost node/);
  });

  it('alloc: a stale gap fails checkAgreement (through mt_validate)', () => {
    const { model, real } = agreeingSystems('alloc');
    rootNode(real.tree).gaps[0]++;
    expect(() => checkAgreement(model, real)).toThrow(/gap\[0\] = \d+ but the largest empty range under it is/);
  });
});

describe('checkAgreement accepts agreeing systems (controls)', () => {
  it.each(TREE_KINDS)('%s: identical deep systems', (kind) => {
    const { model, real } = agreeingSystems(kind);
    expect(() => checkAgreement(model, real)).not.toThrow();
  });

  it.each(TREE_KINDS)('%s: the same object, NaN and -0 stored on both sides', (kind) => {
    const { model, real } = agreeingSystems(kind);
    const shared = { kind: 'shared' };
    for (const [k, value] of [[10, shared], [11, NaN], [12, -0]] as const) {
      const [first, last] = entryRange(k);
      mtree_store_range(real.tree, first, last, value);
      model.map.storeRange(first, last, value);
    }
    expect(() => checkAgreement(model, real)).not.toThrow();
  });

  it.each(TREE_KINDS)('%s: both cursors walked the same way', (kind) => {
    const { model, real } = agreeingSystems(kind);
    expect(mas_walk(real.mas)).toBe(model.cursor.walk());
    expect(() => checkAgreement(model, real)).not.toThrow();
  });
});

describe('expectSame / expectSameOutcome catch different return values', () => {
  const object = { a: 1 };
  it.each([
    ['numbers', 1, 2, /what: impl gave 1, model gave 2/],
    ['errno vs 0', -22, 0, /what: impl gave -22, model gave 0/],
    ['entry vs null', 'v1', null, /what: impl gave "v1", model gave null/],
    ['null vs undefined', null, undefined, /what: impl gave null, model gave undefined/],
    ['0 vs -0', 0, -0, /what: impl gave 0, model gave -0/],
    ['distinct equal-looking objects', { a: 1 }, { a: 1 }, /what: impl gave \{"a":1\}, model gave \{"a":1\}/],
    ['string vs number', '1', 1, /what: impl gave "1", model gave 1/],
  ] as const)('%s', (_name, implValue, modelValue, expected) => {
    expect(() => expectSame('what', implValue, modelValue)).toThrow(DisagreementError);
    expect(() => expectSame('what', implValue, modelValue)).toThrow(expected);
  });

  it.each([
    ['the same object', object, object],
    ['NaN', NaN, NaN],
    ['-0', -0, -0],
    ['null', null, null],
  ] as const)('accepts %s on both sides', (_name, implValue, modelValue) => {
    expect(() => expectSame('what', implValue, modelValue)).not.toThrow();
  });

  it('a throw on one side only is a disagreement', () => {
    const { model, real } = agreeingSystems('plain');
    const threw = outcome(() => mtree_load(real.tree, -1));
    const value = outcome(() => model.map.load(5));
    expect(() => expectSameOutcome('load', threw, value)).toThrow(/load: impl gave "throws EINVAL", model gave "v0"/);
    expect(() => expectSameOutcome('load', value, threw)).toThrow(/load: impl gave "v0", model gave "throws EINVAL"/);
    expect(() => expectSameOutcome('load', threw, outcome(() => model.map.load(-1)))).not.toThrow();
  });

  it('outcome() only absorbs bad-input errors: anything else propagates', () => {
    expect(() =>
      outcome(() => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });
});

/** Models that return a wrong value from one call but leave the map exactly as the tree is. */
class WrongEraseResult extends IntervalMap {
  override erase(i: number): unknown | null {
    const erased = super.erase(i);
    return erased === null ? null : 'wrong';
  }
}
class WrongLoad extends IntervalMap {
  override load(i: number): unknown | null {
    const value = super.load(i);
    return value === null ? null : `${String(value)}!`;
  }
}
class StoreAcceptsBadRange extends IntervalMap {
  override storeRange(first: number, last: number, entry: unknown): number {
    const ret = super.storeRange(first, last, entry);
    return first > last ? 0 : ret;
  }
}

describe("commands compare every call's result (expectSame inside a command)", () => {
  /** Systems whose model is `map` (a subclass), after the same stores as agreeingSystems. */
  function withModelMap(map: IntervalMap): { model: MapleModel; real: MapleReal } {
    const { real } = makeSystems({ alloc: false });
    const model: MapleModel = { map, cursor: new ModelCursor(map), figures: null, edges: emptyEdges() };
    for (let i = 0; i < 100; i++) {
      const [first, last] = entryRange(i);
      mtree_store_range(real.tree, first, last, `v${i}`);
      map.storeRange(first, last, `v${i}`);
    }
    checkAgreement(model, real);
    return { model, real };
  }

  it.each([
    ['erase result', () => new WrongEraseResult(), new EraseCommand(51), /Erase\(51\) result: impl gave "v5", model gave "wrong"/],
    ['load result', () => new WrongLoad(), new LoadCommand(55), /Load\(55\): impl gave "v5", model gave "v5!"/],
    ['store errno', () => new StoreAcceptsBadRange(), new StoreRangeCommand(9, 3, 'x'), /StoreRange\(9, 3, "x"\) result: impl gave -22, model gave 0/],
  ] as const)('%s differs while the maps still agree', (_name, makeMap, command, expected) => {
    const { model, real } = withModelMap(makeMap());
    expect(() => command.run(model, real)).toThrow(DisagreementError);
    const again = withModelMap(makeMap());
    expect(() => command.run(again.model, again.real)).toThrow(expected);
    // The maps agree after the call: only the return-value check saw the bug.
    expect(() => checkAgreement(again.model, again.real)).not.toThrow();
  });

  it('a cursor command compares the walk result', () => {
    class WrongWalk extends ModelCursor {
      override walk(): unknown | null {
        const value = super.walk();
        return value === null ? null : 'wrong';
      }
    }
    const { model, real } = withModelMap(new IntervalMap({ isReserved: isReservedEntry }));
    const broken: MapleModel = { ...model, cursor: new WrongWalk(model.map) };
    mas_set_range(real.mas, 55, 55);
    broken.cursor.setRange(55, 55);
    expect(() => new MasWalkCommand().run(broken, real)).toThrow(/mas_walk\(\): impl gave "v5", model gave "wrong"/);
    // Index, last and status moved the same way on both sides.
    expect(() => checkAgreement(broken, real)).not.toThrow();
  });
});
