/**
 * Publication of a write to concurrent RCU readers, one single-word store at a time.
 *
 * A write never changes what a reader can see except through the functions here: a slot or pivot
 * word of a node in the tree, a node's parent word (the kernel encodes the parent and the slot in
 * one word), the root pointer, a node's dead mark, and the release of a replaced node (call_rcu).
 * Everything else a write touches is private until published (new nodes) or is writer-only
 * metadata readers never read (gaps, height, generation, accounting).
 *
 * Two ways to run:
 * - Normally (`mt.publication === null`) each store happens at once, with no logging cost: a write
 *   is atomic, as it is for a caller that holds the lock and has no concurrent readers.
 * - Recording (a writer actor under impl/sched sets `mt.publication`): each store still happens at
 *   once, because the rest of the write reads what it wrote, and is logged with its old value;
 *   dead marks and releases are only logged. When the write returns, `takePublication` undoes the
 *   logged stores (readers never ran in between: it is one scheduler step) and hands back the
 *   ordered steps; the writer then applies one per scheduler step, so readers interleave with the
 *   publication exactly where the kernel's readers can.
 *
 * Invariants of the order (the kernel's mas_wmb_replace / mas_topiary_replace): in-place stores
 * first in the order the write made them (rcu-slot-store.ts chooses a safe one), then the single
 * pointer store that publishes new nodes, then parent words of the children the new nodes adopted,
 * then dead marks, then releases. A node is released only after it is unreachable and marked dead.
 * Applying every step in order leaves exactly the state the atomic write would have left.
 */
import { MapleNode } from './node.js';
import type { MapleTree } from './tree.js';

export type PublishKind = 'store' | 'publish' | 'adopt' | 'dead' | 'release';

const PHASE: Record<PublishKind, number> = { store: 0, publish: 0, adopt: 1, dead: 2, release: 3 };

export interface PublishStep {
  readonly kind: PublishKind;
  /** What the step does, for schedules and failure reports ("slot 3 of leaf_64#12 = v7"). */
  readonly label: string;
  apply(): void;
  undo(): void;
}

export class Publication {
  readonly steps: PublishStep[] = [];
}

/** Logs a step (the caller checked that a publication is being recorded) and applies it if asked. */
function record(mt: MapleTree, kind: PublishKind, label: string, apply: () => void, undo: () => void, applyNow: boolean): void {
  if (applyNow) apply();
  (mt.publication as Publication).steps.push({ kind, label, apply, undo });
}

function show(value: unknown): string {
  return value instanceof MapleNode ? String(value) : JSON.stringify(value) ?? String(value);
}

/** rcu_assign_pointer(node->slot[offset], value) */
export function publishSlot(mt: MapleTree, node: MapleNode, offset: number, value: unknown, kind: PublishKind = 'store'): void {
  if (mt.publication === null) {
    node.slots[offset] = value;
    return;
  }
  const old = node.slots[offset];
  record(mt, kind, `slot ${offset} of ${node} = ${show(value)}`, () => (node.slots[offset] = value), () => (node.slots[offset] = old), true);
}

/** A pivot word of a node in the tree. */
export function publishPivot(mt: MapleTree, node: MapleNode, offset: number, value: number): void {
  if (mt.publication === null) {
    node.pivots[offset] = value;
    return;
  }
  const old = node.pivots[offset];
  record(mt, 'store', `pivot ${offset} of ${node} = ${value}`, () => (node.pivots[offset] = value), () => (node.pivots[offset] = old), true);
}

/** mte_set_parent: the parent pointer and the slot share one word in the kernel. */
export function publishParent(mt: MapleTree, node: MapleNode, parent: MapleNode | null, slot: number): void {
  if (node.parent === parent && node.parentSlot === slot) return;
  if (mt.publication === null) {
    node.parent = parent;
    node.parentSlot = slot;
    return;
  }
  const oldParent = node.parent;
  const oldSlot = node.parentSlot;
  record(
    mt,
    'adopt',
    `parent of ${node} = ${parent === null ? 'root' : `${parent} slot ${slot}`}`,
    () => {
      node.parent = parent;
      node.parentSlot = slot;
    },
    () => {
      node.parent = oldParent;
      node.parentSlot = oldSlot;
    },
    true,
  );
}

/** rcu_assign_pointer(mt->ma_root, value) */
export function publishRoot(mt: MapleTree, value: unknown): void {
  if (mt.publication === null) {
    mt.root = value;
    return;
  }
  const old = mt.root;
  record(mt, 'publish', `root = ${show(value)}`, () => (mt.root = value), () => (mt.root = old), true);
}

/**
 * A step that only runs as a published step (or at once when not recording): dead marks and
 * releases, which nothing later in the write depends on.
 */
export function publishDeferred(mt: MapleTree, kind: 'dead' | 'release', label: string, run: () => void): void {
  if (mt.publication === null) {
    run();
    return;
  }
  record(mt, kind, label, run, () => {}, false);
}

/**
 * Ends recording: undoes every logged store (newest first) and returns the steps in publication
 * order, to be applied one per scheduler step. Throws if nothing was being recorded (a harness bug).
 */
export function takePublication(mt: MapleTree): PublishStep[] {
  const publication = mt.publication;
  // Stryker disable next-line ConditionalExpression: without the check, reading `publication.steps` below throws a TypeError instead, before anything changed: the call throws either way, and which Error says "harness bug" is message wording, no contract
  if (publication === null) throw new Error('BUG: takePublication without a publication being recorded');
  mt.publication = null;
  const steps = publication.steps;
  for (let i = steps.length - 1; i >= 0; i--) steps[i].undo();
  // In place (the publication is dropped) and stable, as Array.prototype.sort is since ES2019:
  // steps of one phase keep the order the write made them in.
  return steps.sort((a, b) => PHASE[a.kind] - PHASE[b.kind]);
}
