/**
 * How a property judges an operation run under a fault plan: the operation runs on the real
 * system; if its result says it failed for lack of memory and the allocator did refuse a request
 * meanwhile, the model is left alone (so the agreement check afterwards proves the failure changed
 * nothing); otherwise the model runs the same operation and the results must be equal.
 *
 * Invariant: a memory-failure result is excused only by a refused allocation during the call; with
 * `strict`, such a result without one is a disagreement at once (for operations that cannot fail
 * for lack of room, only for lack of nodes).
 */
import { ENOMEM } from '../impl/errno.js';
import type { NodeAllocator } from '../impl/alloc/node-allocator.js';
import type { MapleNode } from '../impl/maple/index.js';
import { DisagreementError, expectSame } from './maple/system.js';

export interface JudgeOptions {
  /** Does this result mean "failed for lack of memory"? (default: it is -ENOMEM) */
  failedForMemory?: (ret: number) => boolean;
  strict?: boolean;
}

const isEnomem = (ret: number): boolean => ret === -ENOMEM;

export function judgeUnderFaults(
  allocator: NodeAllocator<MapleNode>,
  counts: { enomem: number },
  what: string,
  onReal: () => number,
  onModel: () => number,
  options: JudgeOptions = {},
): number {
  const failures = allocator.failures;
  const got = onReal();
  if ((options.failedForMemory ?? isEnomem)(got)) {
    if (allocator.failures !== failures) {
      counts.enomem++;
      return got;
    }
    if (options.strict === true) throw new DisagreementError(`${what} returned ${got} for lack of memory but no allocation was refused`);
  }
  expectSame(`${what} result`, got, onModel());
  return got;
}
