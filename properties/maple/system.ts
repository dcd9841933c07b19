/**
 * The two systems a maple command runs on: the real tree with a maple state (impl/maple), and the
 * reference model with its cursor (model/). Also the agreement checks run after every command.
 *
 * Invariants checked after every command (checkAgreement):
 * - mt_validate passes (every structural invariant, gaps, allocator accounting);
 * - the tree's entries, in order with their ranges, equal the model's, value by value (Object.is);
 * - the maple state's index, last, status and error equal the model cursor's.
 */
import {
  MA_STATE,
  MT_FLAGS_ALLOC_RANGE,
  MT_FLAGS_USE_RCU,
  MapleInputError,
  isReservedEntry,
  mt_for_each,
  mt_init_flags,
  mt_validate,
  type MaState,
  type MapleTree,
  type TreeFigures,
} from '../../impl/maple/index.js';
import { IntervalMap, ModelCursor, ModelInputError } from '../../model/index.js';
import { Rcu } from '../../impl/rcu/index.js';
import { show } from '../arbitraries.js';
import { emptyEdges, type EdgeCounts } from './edges.js';

export interface MapleReal {
  tree: MapleTree;
  mas: MaState;
}

export interface MapleModel {
  map: IntervalMap;
  cursor: ModelCursor;
  /** Figures of the last validation, for coverage statistics. */
  figures: TreeFigures | null;
  /** Rare cases reached (edges.ts); the property points this at its coverage record. */
  edges: EdgeCounts;
}

export interface SystemOptions {
  alloc: boolean;
  /** Make the tree in RCU mode (MT_FLAGS_USE_RCU): writes copy nodes instead of changing them. */
  rcu?: boolean;
}

export function makeSystems(options: SystemOptions): { model: MapleModel; real: MapleReal } {
  const tree = mt_init_flags(
    (options.alloc ? MT_FLAGS_ALLOC_RANGE : 0) | (options.rcu === true ? MT_FLAGS_USE_RCU : 0),
    // In RCU mode replaced nodes wait for a grace period (no history kept: runs are long).
    options.rcu === true ? { rcu: new Rcu({ history: false }) } : {},
  );
  const map = new IntervalMap({ allocRange: options.alloc, isReserved: isReservedEntry });
  return {
    model: { map, cursor: new ModelCursor(map), figures: null, edges: emptyEdges() },
    real: { tree, mas: MA_STATE(tree) },
  };
}

export class DisagreementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisagreementError';
  }
}

/** Fails the command unless impl and model gave the same value. */
export function expectSame(what: string, implValue: unknown, modelValue: unknown): void {
  if (!Object.is(implValue, modelValue)) {
    throw new DisagreementError(`${what}: impl gave ${show(implValue)}, model gave ${show(modelValue)}`);
  }
}

/** The outcome of a call that may throw bad-input errors: its value, or 'EINVAL'. */
export type Outcome = { value: unknown } | { threw: 'EINVAL' };

export function outcome(call: () => unknown): Outcome {
  try {
    return { value: call() };
  } catch (error) {
    if (error instanceof MapleInputError || error instanceof ModelInputError) return { threw: 'EINVAL' };
    throw error;
  }
}

export function expectSameOutcome(what: string, implOutcome: Outcome, modelOutcome: Outcome): void {
  const describe = (o: Outcome): unknown => ('threw' in o ? `throws ${o.threw}` : o.value);
  if ('threw' in implOutcome || 'threw' in modelOutcome) {
    expectSame(what, describe(implOutcome), describe(modelOutcome));
  } else {
    expectSame(what, implOutcome.value, modelOutcome.value);
  }
}

/** mt_validate, then the tree's entries against the model's, range by range, value by value. */
export function checkContents(tree: MapleTree, map: IntervalMap): TreeFigures {
  const figures = mt_validate(tree);
  const want = map.entries();
  let k = 0;
  for (const got of mt_for_each(tree)) {
    const w = want[k];
    if (w === undefined) {
      throw new DisagreementError(`tree holds extra entry [${show(got.first)}, ${show(got.last)}] = ${show(got.entry)}`);
    }
    if (got.first !== w.first || got.last !== w.last || !Object.is(got.entry, w.value)) {
      throw new DisagreementError(
        `entry ${k}: tree has [${show(got.first)}, ${show(got.last)}] = ${show(got.entry)}, ` +
          `model has [${show(w.first)}, ${show(w.last)}] = ${show(w.value)}`,
      );
    }
    k++;
  }
  if (k !== want.length) {
    const w = want[k];
    throw new DisagreementError(`tree lacks entry [${show(w.first)}, ${show(w.last)}] = ${show(w.value)} (and ${want.length - k - 1} more)`);
  }
  return figures;
}

/** Every check that must hold between commands. */
export function checkAgreement(model: MapleModel, real: MapleReal): void {
  model.figures = checkContents(real.tree, model.map);
  const { mas } = real;
  const { cursor } = model;
  expectSame('mas.index', mas.index, cursor.index);
  expectSame('mas.last', mas.last, cursor.last);
  expectSame('mas.status', mas.status, cursor.status);
  expectSame('mas.error', mas.error, cursor.error);
}
