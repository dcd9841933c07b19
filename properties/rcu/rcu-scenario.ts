/**
 * Concurrent writers and RCU readers of one maple tree in RCU mode, as a scheduler scenario.
 *
 * Actors: writers that serialise on the tree lock (a scheduler Mutex held across the write and its
 * publication) and publish each write one single-word store per step; readers that take one node
 * visit per step inside rcu_read_lock and check every result against the model's history when they
 * leave their section; the grace-period actor.
 *
 * Invariants checked (a violation fails the run with the schedule that replays it):
 * - every reader result: load / find / find-before / iterate per properties/rcu/history.ts (old or
 *   new value, never NULL for a never-empty index, never a value never held, ascending and
 *   disjoint iteration, skipped indices were empty);
 * - no use-after-free: a reader visiting a freed node throws UseAfterFreeError;
 * - writers: every result equals the model's; a write that failed (-ENOMEM from the fault plan)
 *   published nothing and the model is unchanged;
 * - at the end: no node freed before a grace period (assertGracePeriods over the RCU history),
 *   every dead node freed (nothing awaiting RCU once readers left and callbacks ran), mt_validate
 *   (structure and node accounting), and the tree's contents equal the model's.
 */
import { ENOMEM } from '../../impl/errno.js';
import { failNothing, failWithProbability } from '../../impl/alloc/fault-plans.js';
import {
  MT_FLAGS_ALLOC_RANGE,
  mt_for_each,
  mt_init_flags,
  mt_set_in_rcu,
  mt_validate,
  mtree_alloc_range,
  mtree_insert_range,
  mtree_store_range,
  type MapleTree,
} from '../../impl/maple/index.js';
import { RcuReader } from '../../impl/maple/rcu-reader.js';
import { publishedWrite } from '../../impl/maple/rcu-writer.js';
import type { BrokenRcuWriter } from '../../impl/maple/tree.js';
import { Rcu, gracePeriodActor } from '../../impl/rcu/index.js';
import { assertGracePeriods } from '../../impl/rcu/rcu-audit.js';
import { actor, Mutex, type Actor, type Scenario } from '../../impl/sched/index.js';
import { IntervalMap } from '../../model/index.js';
import { ModelHistory } from './history.js';

export type RcuWriteOp =
  | { readonly kind: 'store' | 'erase' | 'insert'; readonly first: number; readonly last: number }
  | { readonly kind: 'alloc'; readonly size: number };

export type RcuReadOp =
  | { readonly kind: 'load'; readonly index: number }
  | { readonly kind: 'find'; readonly index: number; readonly max: number }
  | { readonly kind: 'before'; readonly index: number; readonly min: number }
  | { readonly kind: 'iterate'; readonly from: number; readonly to: number };

export type BrokenRcu = BrokenRcuWriter | 'reader-ignores-dead';

export interface RcuScenarioSpec {
  readonly alloc: boolean;
  /** Ranges stored before RCU mode is switched on (entries "p0", "p1", ...). */
  readonly prefill: readonly (readonly [number, number])[];
  readonly writers: readonly (readonly RcuWriteOp[])[];
  readonly readers: readonly (readonly RcuReadOp[])[];
  /** Probability that a node allocation of a writer fails (0 for none), and its seed. */
  readonly faultProbability: number;
  readonly faultSeed: number;
  /** Indices checked one by one; beyond it only range ends are. */
  readonly space: number;
  readonly broken?: BrokenRcu;
}

export interface RcuRunStats {
  /** Scenario runs (one per schedule). */
  runs: number;
  /** Writer and reader operations, and how many of each kind (for campaign reports). */
  commands: number;
  mix: Record<string, number>;
  writes: number;
  enomem: number;
  publishSteps: number;
  inPlaceStores: number;
  reads: number;
  visits: number;
  restarts: number;
  callbacks: number;
  maxHeight: number;
}

export function emptyRcuStats(): RcuRunStats {
  return { runs: 0, commands: 0, mix: {}, writes: 0, enomem: 0, publishSteps: 0, inPlaceStores: 0, reads: 0, visits: 0, restarts: 0, callbacks: 0, maxHeight: 0 };
}

function applyToModel(map: IntervalMap, op: RcuWriteOp, entry: string, space: number): number {
  switch (op.kind) {
    case 'store':
      return map.storeRange(op.first, op.last, entry);
    case 'erase':
      return map.storeRange(op.first, op.last, null);
    case 'insert':
      return map.insertRange(op.first, op.last, entry);
    case 'alloc': {
      const box = { start: 0 };
      const ret = map.allocRange(box, entry, op.size, 0, space);
      return ret === 0 ? box.start : ret;
    }
  }
}

function applyToTree(mt: MapleTree, op: RcuWriteOp, entry: string, space: number): number {
  switch (op.kind) {
    case 'store':
      return mtree_store_range(mt, op.first, op.last, entry);
    case 'erase':
      return mtree_store_range(mt, op.first, op.last, null);
    case 'insert':
      return mtree_insert_range(mt, op.first, op.last, entry);
    case 'alloc': {
      const box = { start: 0 };
      const ret = mtree_alloc_range(mt, box, entry, op.size, 0, space);
      return ret === 0 ? box.start : ret;
    }
  }
}

function describe(op: RcuWriteOp): string {
  return op.kind === 'alloc' ? `alloc(${op.size})` : `${op.kind}(${op.first}, ${op.last})`;
}

export function makeRcuScenario(spec: RcuScenarioSpec, stats: RcuRunStats = emptyRcuStats()): Scenario {
  const rcu = new Rcu();
  const plan = spec.faultProbability > 0 ? failWithProbability(spec.faultProbability, spec.faultSeed) : failNothing;
  const brokenWriter = spec.broken === 'reader-ignores-dead' ? undefined : spec.broken;
  const mt = mt_init_flags(spec.alloc ? MT_FLAGS_ALLOC_RANGE : 0, { rcu, faultPlan: plan, brokenRcu: brokenWriter });
  const model = new IntervalMap({ allocRange: spec.alloc });
  spec.prefill.forEach(([first, last], i) => {
    if (mtree_store_range(mt, first, last, `p${i}`, 'GFP_NOFAIL') !== 0) throw new Error(`prefill store [${first}, ${last}] failed`);
    model.storeRange(first, last, `p${i}`);
  });
  mt_set_in_rcu(mt);
  const history = new ModelHistory(model.entries(), spec.space);
  const lock = new Mutex('mtree_lock');
  let running = spec.writers.length + spec.readers.length;
  stats.runs++;

  const writers: Actor[] = spec.writers.map((ops, w) =>
    actor(`writer${w}`, function* () {
      const name = `writer${w}`;
      for (const [k, op] of ops.entries()) {
        yield* lock.lock(name);
        const entry = `w${w}.${k}`;
        let expected: number | null = null;
        const { result, steps } = yield* publishedWrite(
          mt,
          () => {
            const ret = applyToTree(mt, op, entry, spec.space);
            if (ret === -ENOMEM) return ret;
            // Known before the first store is published, so readers checking mid-publication see it.
            expected = applyToModel(model, op, entry, spec.space);
            history.begin(model.entries());
            return ret;
          },
          (step) => {
            history.published(history.tick());
            if (step.kind === 'store') stats.inPlaceStores++;
          },
        );
        stats.writes++;
        stats.commands++;
        stats.mix[op.kind] = (stats.mix[op.kind] ?? 0) + 1;
        stats.publishSteps += steps.length;
        stats.maxHeight = Math.max(stats.maxHeight, mt.height);
        if (result === -ENOMEM) {
          stats.enomem++;
          if (steps.length > 0) throw new Error(`${name} ${describe(op)}: -ENOMEM but published ${steps.length} stores`);
        } else {
          if (expected !== result) throw new Error(`${name} ${describe(op)} returned ${result}, the model ${String(expected)}`);
          history.end(history.tick());
        }
        lock.unlock(name);
      }
      running--;
    }),
  );

  const readers: Actor[] = spec.readers.map((ops, r) =>
    actor(`reader${r}`, function* () {
      const name = `reader${r}`;
      const reader = new RcuReader(mt, rcu, name, { ignoreDead: spec.broken === 'reader-ignores-dead' });
      for (const op of ops) {
        rcu.readLock(name);
        const enter = history.tick();
        const what = `${name} ${JSON.stringify(op)}`;
        switch (op.kind) {
          case 'load': {
            const entry = yield* reader.load(op.index);
            history.checkLoad(what, op.index, entry, enter, history.tick());
            break;
          }
          case 'find': {
            const found = yield* reader.find(op.index, op.max);
            const leave = history.tick();
            if (found === null) history.checkSkipped(what, op.index, op.max, enter, leave);
            else history.checkScan(what, op.index, op.max, [found], false, enter, leave);
            break;
          }
          case 'before': {
            const found = yield* reader.findBefore(op.index, op.min);
            const leave = history.tick();
            if (found === null) history.checkSkipped(what, op.min, op.index, enter, leave);
            else {
              history.checkRange(what, found, enter, leave);
              if (found.first > op.index || found.last < op.min) throw new Error(`${what}: [${found.first}, ${found.last}] is outside [${op.min}, ${op.index}]`);
              if (found.last < op.index) history.checkSkipped(what, found.last + 1, op.index, enter, leave);
            }
            break;
          }
          case 'iterate': {
            const ranges = yield* reader.iterate(op.from, op.to);
            history.checkScan(what, op.from, op.to, ranges, true, enter, history.tick());
            break;
          }
        }
        rcu.readUnlock(name);
        stats.reads++;
        stats.commands++;
        stats.mix[`read ${op.kind}`] = (stats.mix[`read ${op.kind}`] ?? 0) + 1;
        yield `${name} left its section`;
      }
      stats.visits += reader.visits;
      stats.restarts += reader.restarts;
      running--;
    }),
  );

  const gp = gracePeriodActor(rcu, { stopWhen: () => running === 0 });

  return {
    actors: [...writers, ...readers, gp],
    check: () => {
      stats.callbacks += rcu.stats().callbacksRun;
      assertGracePeriods(rcu);
      if (mt.awaitingRcu !== 0) throw new Error(`${mt.awaitingRcu} dead nodes were never freed`);
      mt_validate(mt);
      const got = [...mt_for_each(mt)].map((r) => `[${r.first}, ${r.last}] ${String(r.entry)}`);
      const want = model.entries().map((iv) => `[${iv.first}, ${iv.last}] ${String(iv.value)}`);
      if (got.join('\n') !== want.join('\n')) throw new Error(`tree and model differ at the end:\n  tree:  ${got.join(' ')}\n  model: ${want.join(' ')}`);
    },
  };
}
