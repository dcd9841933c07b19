/**
 * The run plan: targets in turn, seeds from the base seed, shards that partition the campaign,
 * and a one-run campaign that takes the given seed as the run's own.
 */
import { describe, expect, it } from 'vitest';
import { RunPlan, planRun, runSeed, runsInShard, type RunPlanOptions } from './run-plan.js';
import { TARGETS } from './targets.js';

function all(o: RunPlanOptions): { run: number; target: string; seed: number }[] {
  const plan = new RunPlan(o);
  const out = [];
  for (let r = plan.next(); r !== undefined; r = plan.next()) out.push({ run: r.run, target: r.target.name, seed: r.seed });
  return out;
}

const base = { targets: TARGETS.slice(0, 3), baseSeed: 7, maxRuns: 20, shard: { index: 0, count: 1 } };

describe('run plan', () => {
  it('takes the targets in turn and derives each run seed from the base seed', () => {
    const runs = all(base);
    expect(runs.map((r) => r.run)).toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(runs.map((r) => r.target).slice(0, 4)).toEqual(['maple-plain', 'maple-alloc', 'enomem-plain', 'maple-plain']);
    expect(runs.every((r) => r.seed === runSeed(7, r.run))).toBe(true);
  });

  it('splits a campaign into shards that together make exactly the unsharded one', () => {
    for (const count of [1, 2, 3, 7, 25]) {
      const shards = Array.from({ length: count }, (_, index) => all({ ...base, shard: { index, count } }));
      shards.forEach((runs, index) => {
        expect(runs.every((r) => r.run % count === index)).toBe(true);
        expect(runs.length).toBe(runsInShard({ maxRuns: 20, shard: { index, count } }));
      });
      expect(shards.flat().sort((a, b) => a.run - b.run)).toEqual(all(base));
    }
  });

  it('has no end without a run count', () => {
    const plan = new RunPlan({ ...base, maxRuns: Infinity, shard: { index: 1, count: 4 } });
    const runs = Array.from({ length: 100 }, () => plan.next()?.run);
    expect(runs[99]).toBe(1 + 99 * 4);
    expect(runsInShard({ maxRuns: Infinity, shard: { index: 1, count: 4 } })).toBe(Infinity);
  });

  it('replays a one-run campaign with the given seed as is', () => {
    expect(planRun({ ...base, maxRuns: 1 }, 0)).toMatchObject({ run: 0, seed: 7 });
    expect(all({ ...base, maxRuns: 1, shard: { index: 1, count: 2 } })).toEqual([]);
  });
});
