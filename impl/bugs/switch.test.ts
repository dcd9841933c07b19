/**
 * The bug switch: off by default (npm test runs the fixed code), on and off by name, restored by
 * withBug on every path, and an unknown name refused with the catalogue listed, changing nothing.
 */
import { describe, expect, it } from 'vitest';
import { BUG_CATALOGUE, BUG_NAMES, findBug } from './catalogue.js';
import { ACTIVE_BUG, UnknownBugError, parseBugName, setActiveBug, withBug } from './switch.js';

describe('the bug switch', () => {
  it('is off unless MAPLE_BUG says otherwise', () => {
    expect(ACTIVE_BUG).toBe(parseBugName(process.env.MAPLE_BUG));
  });

  it.each(BUG_NAMES.map((n) => [n]))('switches %s on and off', (name) => {
    const before = ACTIVE_BUG;
    setActiveBug(name);
    expect(ACTIVE_BUG).toBe(name);
    setActiveBug(null);
    expect(ACTIVE_BUG).toBeNull();
    setActiveBug(before);
  });

  it('withBug puts back the previous bug, also when the body throws', () => {
    const before = ACTIVE_BUG;
    expect(withBug('node-store-stale-data', () => ACTIVE_BUG)).toBe('node-store-stale-data');
    expect(ACTIVE_BUG).toBe(before);
    expect(() =>
      withBug('stale-state-cache', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(ACTIVE_BUG).toBe(before);
    expect(withBug('stale-state-cache', () => withBug(null, () => ACTIVE_BUG))).toBeNull();
  });

  it('refuses an unknown name with a typed error listing the catalogue, and changes nothing', () => {
    const before = ACTIVE_BUG;
    let error: unknown;
    try {
      setActiveBug('no-such-bug');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownBugError);
    const e = error as UnknownBugError;
    expect(e.bug).toBe('no-such-bug');
    expect(e.known).toEqual(BUG_NAMES);
    for (const name of BUG_NAMES) expect(e.message).toContain(name);
    expect(ACTIVE_BUG).toBe(before);
    expect(() => withBug('nope', () => 1)).toThrow(UnknownBugError);
    expect(ACTIVE_BUG).toBe(before);
    expect(() => parseBugName('x', 'MAPLE_BUG')).toThrow(/unknown bug "x" \(from MAPLE_BUG\); known bugs: /);
  });

  it('reads null, undefined and the empty string as no bug', () => {
    expect(parseBugName(null)).toBeNull();
    expect(parseBugName(undefined)).toBeNull();
    expect(parseBugName('')).toBeNull();
  });
});

describe('the catalogue', () => {
  it('has unique kebab-case names and every field filled in', () => {
    expect(new Set(BUG_NAMES).size).toBe(BUG_NAMES.length);
    for (const bug of BUG_CATALOGUE) {
      expect(bug.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const field of ['title', 'source', 'breaks', 'site', 'target', 'caughtBy'] as const) expect(bug[field].length, `${bug.name}.${field}`).toBeGreaterThan(0);
      expect(findBug(bug.name)).toBe(bug);
    }
    expect(findBug('no-such-bug')).toBeUndefined();
  });
});
