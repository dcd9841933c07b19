/**
 * The node allocator every tree is built with: the seam through which allocation failure enters.
 *
 * Invariants:
 * - live === allocated - freed, and `live` is exactly the set of handed-out, not yet freed nodes.
 * - Freeing a node twice, or a node this allocator never handed out, is a bug: it throws.
 * - A freed node is marked `freed`, so code that touches it later can be caught (use-after-free).
 * - Whether a request fails is decided only by the fault plan, from the request's sequence number
 *   and gfp; the plan's randomness (if any) comes from its own seed.
 */

/**
 * Like the kernel's gfp flags, reduced to what matters here: may the request sleep, and may it
 * fail at all. GFP_NOFAIL (the kernel's __GFP_NOFAIL, which retries until it succeeds) is never
 * failed by a fault plan; it is for undoing a half-done operation on an error path.
 */
export type Gfp = 'GFP_KERNEL' | 'GFP_NOWAIT' | 'GFP_NOFAIL';

export interface AllocRequest {
  /** 1-based number of this request since the allocator was made. */
  readonly seq: number;
  readonly gfp: Gfp;
}

/** Decides which allocation requests fail. */
export interface FaultPlan {
  shouldFail(request: AllocRequest): boolean;
  describe(): string;
}

export const failNothing: FaultPlan = {
  shouldFail: () => false,
  describe: () => 'fail nothing',
};

export class DoubleFreeError extends Error {
  constructor(what: string) {
    super(`BUG: double free or foreign free of ${what}`);
    this.name = 'DoubleFreeError';
  }
}

export class UseAfterFreeError extends Error {
  constructor(what: string) {
    super(`BUG: use after free of ${what}`);
    this.name = 'UseAfterFreeError';
  }
}

/** Returns `node` if it is not freed; a freed node reached by any walk is a use-after-free. */
export function requireUnfreed<T extends Freeable>(node: T): T {
  if (node.freed) throw new UseAfterFreeError(String(node));
  return node;
}

export interface Freeable {
  freed: boolean;
}

export class NodeAllocator<T extends Freeable> {
  allocated = 0;
  freed = 0;
  failures = 0;
  requests = 0;
  private readonly liveSet = new Set<T>();

  constructor(
    private readonly make: () => T,
    public plan: FaultPlan = failNothing,
  ) {}

  get live(): number {
    return this.liveSet.size;
  }

  isLive(node: T): boolean {
    return this.liveSet.has(node);
  }

  /** One node, or null when the fault plan fails this request. */
  alloc(gfp: Gfp = 'GFP_KERNEL'): T | null {
    this.requests++;
    if (gfp !== 'GFP_NOFAIL' && this.plan.shouldFail({ seq: this.requests, gfp })) {
      this.failures++;
      return null;
    }
    const node = this.make();
    node.freed = false;
    this.allocated++;
    this.liveSet.add(node);
    return node;
  }

  /** `count` nodes or none (bulk allocation is all-or-nothing, like kmem_cache_alloc_bulk). */
  allocBulk(count: number, gfp: Gfp = 'GFP_KERNEL'): T[] | null {
    const nodes: T[] = [];
    for (let i = 0; i < count; i++) {
      const node = this.alloc(gfp);
      if (node === null) {
        for (const n of nodes) this.free(n);
        return null;
      }
      nodes.push(node);
    }
    return nodes;
  }

  free(node: T): void {
    if (!this.liveSet.delete(node)) throw new DoubleFreeError(String(node));
    node.freed = true;
    this.freed++;
  }
}
