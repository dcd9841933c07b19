/**
 * One fault seam over several node allocators (the two-tree design has one per tree, because
 * mt_validate accounts a tree's nodes against its own allocator): a single plan decides for all of
 * them, and requests are numbered across all of them, so failNth(k) fails the k-th request the
 * design makes, whichever tree makes it.
 *
 * Invariant: `requests` and `failures` are the sums over the allocators, and the sequence number
 * the plan sees is `requests` at the time of the request (each allocator counts a request before
 * asking its plan), exactly as for a single allocator. GFP_NOFAIL requests are counted and never
 * shown to the plan, as in NodeAllocator.
 */
import { failNothing, type AllocRequest, type FaultPlan, type NodeAllocator } from '../../alloc/node-allocator.js';
import type { MapleNode } from '../../maple/index.js';
import type { FaultSeam } from '../surface.js';

export class SharedFaultSeam implements FaultSeam {
  plan: FaultPlan;

  constructor(
    private readonly allocators: readonly NodeAllocator<MapleNode>[],
    plan: FaultPlan = failNothing,
  ) {
    this.plan = plan;
    const numbered: FaultPlan = {
      shouldFail: (r: AllocRequest) => this.plan.shouldFail({ seq: this.requests, gfp: r.gfp }),
      describe: () => this.plan.describe(),
    };
    for (const a of allocators) a.plan = numbered;
  }

  get requests(): number {
    return this.allocators.reduce((sum, a) => sum + a.requests, 0);
  }

  get failures(): number {
    return this.allocators.reduce((sum, a) => sum + a.failures, 0);
  }
}
