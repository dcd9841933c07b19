/**
 * The RCU reader property: fast-check draws a scenario (a prefilled tree, writers' operations,
 * readers' operations, an allocation failure rate) and a seed; each case runs the scenario under
 * several schedules, alternating seeded random scheduling and PCT (depth 1..3), and fails with the
 * first schedule that breaks a guarantee (rcu-scenario.ts lists them).
 *
 * Invariants: every random choice comes from fast-check's seed (the scenario, the schedule seeds);
 * a failure names the strategy and its seed and carries the replayable schedule, and fast-check
 * shrinks the scenario; the index space is small (SPACE) so writers collide and nodes split,
 * merge and get replaced while readers are inside.
 */
import fc from 'fast-check';
import { PctStrategy, RandomStrategy, Sfc32, formatSchedule, runScenario, type Strategy } from '../../impl/sched/index.js';
import { emptyRcuStats, makeRcuScenario, type BrokenRcu, type RcuReadOp, type RcuRunStats, type RcuScenarioSpec, type RcuWriteOp } from './rcu-scenario.js';

export const SPACE = 1000;

const index = fc.integer({ min: 0, max: SPACE });

function rangeArb(maxLen: number): fc.Arbitrary<[number, number]> {
  return fc.tuple(index, fc.integer({ min: 0, max: maxLen })).map(([a, len]) => [a, Math.min(SPACE, a + len)]);
}

function writeOpArb(alloc: boolean): fc.Arbitrary<RcuWriteOp> {
  const ranged = fc.tuple(fc.constantFrom('store', 'store', 'erase', 'insert'), fc.oneof(rangeArb(3), rangeArb(60))).map(
    ([kind, [first, last]]) => ({ kind, first, last }) as RcuWriteOp,
  );
  if (!alloc) return ranged;
  return fc.oneof({ arbitrary: ranged, weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 12 }).map((size) => ({ kind: 'alloc', size }) as RcuWriteOp), weight: 1 });
}

const readOpArb: fc.Arbitrary<RcuReadOp> = fc.oneof(
  index.map((i) => ({ kind: 'load', index: i }) as RcuReadOp),
  fc.tuple(index, fc.integer({ min: 0, max: 120 })).map(([i, len]) => ({ kind: 'find', index: i, max: i + len }) as RcuReadOp),
  fc.tuple(index, fc.integer({ min: 0, max: 120 })).map(([i, len]) => ({ kind: 'before', index: i, min: Math.max(0, i - len) }) as RcuReadOp),
  fc.tuple(index, fc.integer({ min: 0, max: 300 })).map(([from, len]) => ({ kind: 'iterate', from, to: from + len }) as RcuReadOp),
);

/**
 * Disjoint ranges laid out left to right with random lengths and holes (holes may be 0), drawn
 * from a seed so the count can be large (fast-check's arrays stay short) and still shrink.
 */
const prefillArb: fc.Arbitrary<[number, number][]> = fc
  .tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }))
  .map(([count, seed]) => {
    const prng = new Sfc32(seed);
    const out: [number, number][] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      const first = at + prng.int(3);
      const last = first + prng.int(5);
      if (last > SPACE) break;
      out.push([first, last]);
      at = last + 1;
    }
    return out;
  });

export interface RcuPropertyOptions {
  readonly broken?: BrokenRcu;
  readonly schedulesPerCase: number;
  readonly stats: RcuRunStats;
  /** Bias towards more and longer actors (the broken-variant tests want many replacements). */
  readonly busy?: boolean;
}

export function rcuSpecArb(busy: boolean): fc.Arbitrary<RcuScenarioSpec> {
  return fc.boolean().chain((alloc) =>
    fc.record({
      alloc: fc.constant(alloc),
      prefill: prefillArb,
      writers: fc.array(fc.array(writeOpArb(alloc), { minLength: 1, maxLength: busy ? 10 : 6 }), { minLength: 1, maxLength: 2 }),
      readers: fc.array(fc.array(readOpArb, { minLength: 1, maxLength: busy ? 6 : 4 }), { minLength: 1, maxLength: busy ? 3 : 2 }),
      faultProbability: fc.constantFrom(0, 0, 0.25),
      faultSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      space: fc.constant(SPACE),
    }),
  );
}

function strategyFor(spec: RcuScenarioSpec, seed: number, k: number): Strategy {
  if (k % 2 === 0) return new RandomStrategy(seed + k);
  const ops = spec.writers.reduce((n, w) => n + w.length, 0) + spec.readers.reduce((n, r) => n + r.length, 0);
  return new PctStrategy({ seed: seed + k, depth: 1 + (k % 3), steps: Math.max(8, ops * 12) });
}

export function rcuProperty(options: RcuPropertyOptions): fc.IPropertyWithHooks<[RcuScenarioSpec, number]> {
  return fc.property(rcuSpecArb(options.busy === true), fc.integer({ min: 0, max: 2 ** 30 }), (spec, seed) => {
    const full: RcuScenarioSpec = options.broken === undefined ? spec : { ...spec, broken: options.broken };
    for (let k = 0; k < options.schedulesPerCase; k++) {
      const strategy = strategyFor(full, seed, k);
      const outcome = runScenario(makeRcuScenario(full, options.stats), strategy);
      if (!outcome.ok) {
        const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        throw new Error(`${strategy.describe()} (schedule ${k} of the case): ${message}\nschedule: ${formatSchedule(outcome.schedule)}`);
      }
    }
  });
}

export { emptyRcuStats };
