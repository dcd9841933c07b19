/** planShards: every file once, in path order, shards within the size unless one file is larger. */
import { describe, expect, it } from 'vitest';
import { planShards } from './shard-plan.js';

describe('planShards', () => {
  it('packs consecutive files in path order up to the limit', () => {
    const files = [
      { path: 'impl/b/y.ts', bytes: 30 },
      { path: 'impl/a/x.ts', bytes: 40 },
      { path: 'impl/a/w.ts', bytes: 50 },
      { path: 'impl/c.ts', bytes: 10 },
    ];
    expect(planShards(files, 100)).toEqual([['impl/a/w.ts', 'impl/a/x.ts'], ['impl/b/y.ts', 'impl/c.ts']]);
    expect(planShards(files, 90)).toEqual([['impl/a/w.ts', 'impl/a/x.ts'], ['impl/b/y.ts', 'impl/c.ts']]);
    expect(planShards(files, 89)).toEqual([['impl/a/w.ts'], ['impl/a/x.ts', 'impl/b/y.ts', 'impl/c.ts']]);
  });

  it('gives a file larger than the limit a shard of its own, and no empty shard', () => {
    expect(planShards([{ path: 'big.ts', bytes: 500 }, { path: 'a.ts', bytes: 1 }], 100)).toEqual([['a.ts'], ['big.ts']]);
    expect(planShards([], 100)).toEqual([]);
  });

  it('puts every file in exactly one shard', () => {
    const files = Array.from({ length: 57 }, (_, i) => ({ path: `f${String(i).padStart(2, '0')}.ts`, bytes: (i * 37) % 101 + 1 }));
    const shards = planShards(files, 150);
    expect(shards.flat()).toEqual(files.map((f) => f.path));
    for (const shard of shards) {
      const size = shard.reduce((sum, p) => sum + files.find((f) => f.path === p)!.bytes, 0);
      expect(shard.length === 1 || size <= 150).toBe(true);
    }
  });

  it('refuses a limit that is not positive', () => {
    expect(() => planShards([], 0)).toThrow(RangeError);
  });
});
