/**
 * The catalogue of deliberately broken variants a fuzz campaign (or a test) can be pointed at, to
 * show the oracles catch them: broken trees (a write that damages the tree afterwards), a leaking
 * allocator, a preallocation count that ignores splits, the side tree walked by address
 * (seeds/004), and two that break the campaign itself (an infinite loop, a crashing worker) for
 * the runner's watchdog and crash handling.
 *
 * Invariants: a variant changes nothing unless selected; each names the targets it applies to;
 * the damage is deterministic (it depends only on the writes the run makes), so a failure it
 * causes replays from seed and path like any other.
 */
import { NodeAllocator, type Gfp } from '../impl/alloc/node-allocator.js';
import { MA_STATE, MapleNode, REFINED_PREALLOC, mas_erase, mt_for_each, type MapleTree, type PreallocPolicy } from '../impl/maple/index.js';
import type { WriteReport } from '../impl/maple/tree.js';
import type { SideTreeCheckRange } from '../impl/mm/index.js';
import { makeSystems } from './maple/system.js';
import type { BrokenRcu } from './rcu/rcu-scenario.js';

export type VariantTargetKind = 'maple' | 'enomem' | 'mm' | 'rcu' | 'vmalloc';

/** What a variant changes, by the kind of target it applies to. */
export interface VariantOptions {
  makeSystems?: typeof makeSystems;
  allocator?: () => NodeAllocator<MapleNode>;
  prealloc?: PreallocPolicy;
  sideTreeCheckRange?: SideTreeCheckRange;
  /** Runs after every successful write of any tree the target makes (enomem targets). */
  onWrite?: (tree: MapleTree, report: WriteReport) => void;
  /** A broken RCU writer or reader (rcu targets). */
  brokenRcu?: BrokenRcu;
}

export interface Variant {
  name: string;
  description: string;
  kinds: readonly VariantTargetKind[];
  options: VariantOptions;
}

/** Systems whose tree runs `damage` after every successful write (never re-entered). */
export function brokenTree(damage: (tree: MapleTree, report: WriteReport) => void): typeof makeSystems {
  return (options) => {
    const systems = makeSystems(options);
    const tree = systems.real.tree;
    let inside = false;
    tree.onWrite = (report) => {
      if (inside || report.ret !== 0) return;
      inside = true;
      try {
        damage(tree, report);
      } finally {
        inside = false;
      }
    };
    return systems;
  };
}

/** Bulk allocation that, when a request is refused midway, keeps (leaks) the nodes it had. */
export class LeakyBulkAllocator extends NodeAllocator<MapleNode> {
  constructor() {
    super(() => new MapleNode());
  }
  override allocBulk(count: number, gfp: Gfp = 'GFP_KERNEL'): MapleNode[] | null {
    const nodes: MapleNode[] = [];
    for (let i = 0; i < count; i++) {
      const node = this.alloc(gfp);
      if (node === null) return null; // the bug: `nodes` are never freed
      nodes.push(node);
    }
    return nodes;
  }
}

const isSplit = (report: WriteReport): boolean => report.type === 'wr_split_store';

export const VARIANTS: readonly Variant[] = [
  {
    name: 'loses-entry-on-split',
    description: 'after a leaf split, the first entry of the tree is silently erased',
    kinds: ['maple'],
    options: {
      makeSystems: brokenTree((tree, report) => {
        if (!isSplit(report)) return;
        const first = mt_for_each(tree).next();
        if (first.done !== true) mas_erase(MA_STATE(tree, first.value.first));
      }),
    },
  },
  {
    name: 'stale-gap-on-split',
    description: "after a split, the root's gap for its last slot is one too small (alloc trees)",
    kinds: ['maple'],
    options: {
      makeSystems: brokenTree((tree, report) => {
        const root = tree.root;
        if (isSplit(report) && root instanceof MapleNode && root.type !== 'leaf_64' && root.gaps[root.end] > 0) root.gaps[root.end]--;
      }),
    },
  },
  {
    name: 'leaky-bulk-alloc',
    description: 'a bulk allocation refused midway leaks the nodes it already had',
    kinds: ['enomem'],
    options: { allocator: () => new LeakyBulkAllocator() },
  },
  {
    name: 'prealloc-ignores-split',
    description: 'the refined preallocation count assumes a split needs no node',
    kinds: ['enomem'],
    options: { prealloc: { name: 'refined, split ignored', count: (plan, mt) => (plan.type === 'wr_split_store' ? 0 : REFINED_PREALLOC.count(plan, mt)) } },
  },
  {
    name: 'side-tree-by-address',
    description: "munmap's cross-check walks the count-indexed side tree by address (the seeds/004 BUG_ON)",
    kinds: ['mm'],
    options: { sideTreeCheckRange: 'address' },
  },
  {
    name: 'hang-on-split',
    description: 'a split never returns (an infinite loop): for the campaign watchdog',
    kinds: ['maple'],
    options: {
      makeSystems: brokenTree((_tree, report) => {
        if (!isSplit(report)) return;
        for (;;) {
          // spins forever, like a livelocked walk
        }
      }),
    },
  },
  {
    name: 'crash-on-split',
    description: 'a split kills the thread running it (process.exit in a worker): for crash handling',
    kinds: ['maple'],
    options: {
      makeSystems: brokenTree((_tree, report) => {
        if (isSplit(report)) process.exit(70);
      }),
    },
  },
  {
    name: 'rcu-free-without-call-rcu',
    description: 'an RCU-mode writer frees replaced nodes at once instead of through call_rcu (readers inside touch them)',
    kinds: ['rcu'],
    options: { brokenRcu: 'free-without-call-rcu' },
  },
  {
    name: 'rcu-pivot-before-slot',
    description: 'an in-place RCU slot store publishes its pivot before its slot (readers see NULL or a stranger)',
    kinds: ['rcu'],
    options: { brokenRcu: 'pivot-before-slot' },
  },
  {
    name: 'rcu-reader-ignores-dead',
    description: 'an RCU reader does not re-walk on a dead node and reads the pivots call_rcu overwrote',
    kinds: ['rcu'],
    options: { brokenRcu: 'reader-ignores-dead' },
  },
];

export function findVariant(name: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === name);
}
