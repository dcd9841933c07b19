/**
 * The order of a mutant run's test files: the killers of the nearest mutants first (nearest kill
 * first), then kill rate; nothing dropped or added; ties keep the given order.
 */
import { describe, expect, it } from 'vitest';
import { killDistances, killOrder, killRate, type FileRecord, type Kill } from './kill-order.js';

const id = (f: string): string => f;
const records = (entries: Record<string, FileRecord>): Map<string, FileRecord> => new Map(Object.entries(entries));

describe('kill order', () => {
  const rec = records({ fast: { kills: 50, spent: 1000 }, oracle: { kills: 2, spent: 40_000 }, other: { kills: 0, spent: 0 } });
  const kills: Kill[] = [
    { mutant: 10, file: 'fast' },
    { mutant: 500, file: 'oracle' },
    { mutant: 501, file: 'oracle' },
  ];

  it('puts the killer of the nearest mutant first, even ahead of a file that kills faster', () => {
    // Mutant 502 sits beside 500 and 501 (the same validator, say): the slow oracle goes first.
    expect(killOrder(['other', 'fast', 'oracle'], id, rec, kills, 502)).toEqual(['oracle', 'fast', 'other']);
    // Mutant 11 sits beside 10.
    expect(killOrder(['other', 'oracle', 'fast'], id, rec, kills, 11)).toEqual(['fast', 'oracle', 'other']);
  });

  it('measures each killer by its nearest kill, on either side', () => {
    expect(killDistances(kills, 498)).toEqual(new Map([['fast', 488], ['oracle', 2]]));
    expect(killDistances(kills, 0)).toEqual(new Map([['fast', 10], ['oracle', 500]]));
    expect(killDistances([], 5)).toEqual(new Map());
  });

  it('without an active mutant (the dry run) orders by kills per second, an unseen file as one kill per second', () => {
    const r = records({ slow: { kills: 1, spent: 99_000 }, quick: { kills: 9, spent: 9000 } });
    expect(killOrder(['slow', 'new', 'quick'], id, r, [{ mutant: 1, file: 'slow' }], undefined)).toEqual(['new', 'quick', 'slow']);
    expect(killRate(undefined)).toBe(1 / 1000);
    expect(killRate({ kills: 9, spent: 9000 })).toBe(10 / 10_000);
  });

  it('keeps the given order among equals and never drops or adds a file', () => {
    const files = ['c', 'a', 'b', 'a2'];
    expect(killOrder(files, id, new Map(), [], 7)).toEqual(files);
    const reordered = killOrder(files, id, records({ b: { kills: 3, spent: 0 } }), [{ mutant: 9, file: 'a2' }], 7);
    expect(reordered).toEqual(['a2', 'b', 'c', 'a']);
  });
});
