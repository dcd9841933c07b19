/**
 * mt_validate: every structural invariant of a maple tree, checked from the root down. It throws
 * MapleValidationError naming the node, slot and range at fault, and returns figures otherwise.
 *
 * Checked (the kernel's mt_validate, mas_validate_limits, mas_validate_parent_slot,
 * mas_validate_child_slot, mas_validate_gaps, mt_validate_nulls, plus allocator accounting):
 * - root: null, a bare entry (not reserved, not undefined), or a node without parent; height
 *   matches the tree; an internal root has at least two children (a single child means a level
 *   should have been removed).
 * - every node is live in the allocator, not dead, of the right type for its depth, end in range;
 *   leaf depth is uniform.
 * - pivots are safe integers and ascend strictly inside the node's limits, which are inherited
 *   from the parent; the last slot's pivot equals the node max when stored; every pivot word past
 *   the end (also those arange_64 nodes never use) is 0, and every slot past the end is null.
 * - parent pointers and parent slots of every child match where it hangs.
 * - every node but the root holds at least MT_MIN_SLOTS[type] + 1 slots.
 * - no two empty ranges touch, inside a leaf or across leaves; a tree with nodes holds an entry.
 * - alloc trees: every gap equals the largest empty range really under that slot; gaps past the
 *   end are 0.
 * - accounting: live nodes in the allocator == nodes reachable from the root + nodes held in
 *   preallocation pools + nodes awaiting an RCU grace period (no leak).
 */
import { MAX_INDEX, MT_MIN_SLOTS, MT_PIVOTS, MT_SLOTS } from './constants.js';
import { isReservedEntry } from './entry.js';
import { MapleNode, leafMaxGap } from './node.js';
import { mt_internal_type, mt_is_alloc, type MapleTree } from './tree.js';

export class MapleValidationError extends Error {
  constructor(message: string) {
    super(`maple tree invalid: ${message}`);
    this.name = 'MapleValidationError';
  }
}

export interface TreeFigures {
  height: number;
  nodes: number;
  leaves: number;
  entries: number;
  /** Largest empty range in the tree. */
  maxGap: number;
}

export interface ValidateOptions {
  /** Compare the allocator's live count with the reachable nodes (off for shared allocators). */
  accounting?: boolean;
  /**
   * The leaf gap computation the gap-arithmetic self-check compares its own per-slot figure with;
   * node.ts's leafMaxGap unless given. Only the self-check's own test passes one (a broken one),
   * to show the check is live without replacing a module.
   */
  leafMaxGap?: typeof leafMaxGap;
}

function fmt(x: number): string {
  return x === MAX_INDEX ? 'MAX' : String(x);
}

/** The RCU part of the accounting message, only when there is one (saved traces match messages). */
function awaiting(mt: MapleTree): string {
  return mt.awaitingRcu === 0 ? '' : `, ${mt.awaitingRcu} awaiting RCU`;
}

export function mt_validate(mt: MapleTree, options: ValidateOptions = {}): TreeFigures {
  const figures: TreeFigures = { height: 0, nodes: 0, leaves: 0, entries: 0, maxGap: 0 };
  const root = mt.root;
  const fail = (msg: string): never => {
    throw new MapleValidationError(msg);
  };
  if (!(root instanceof MapleNode)) {
    if (mt.height !== 0) fail(`height ${mt.height} recorded for a tree without nodes`);
    if (root === undefined) fail('root is undefined (an empty tree has root null)');
    if (root !== null) {
      if (isReservedEntry(root)) fail('reserved value stored as the root entry');
      figures.entries = 1;
      figures.maxGap = MAX_INDEX;
    } else {
      figures.maxGap = MAX_INDEX + 1;
    }
    if (options.accounting !== false && mt.allocator.live !== mt.pooled + mt.awaitingRcu) {
      fail(`${mt.allocator.live} live nodes but none reachable (leak); ${mt.pooled} held in preallocation pools${awaiting(mt)}`);
    }
    return figures;
  }
  if (root.parent !== null) fail(`root ${root} has a parent`);
  const internalType = mt_internal_type(mt);
  const alloc = mt_is_alloc(mt);
  // The entry of the range just before the one being checked, in index order (for the nulls rule).
  let previousEntry: unknown = undefined;

  /** Checks the subtree under `node` covering [min, max]; returns its largest empty range. */
  const gapOfLeaf = options.leafMaxGap ?? leafMaxGap;
  const walk = (node: MapleNode, min: number, max: number, depth: number): number => {
    const where = `${node} [${fmt(min)}, ${fmt(max)}] at depth ${depth}`;
    figures.nodes++;
    if (node.freed || !mt.allocator.isLive(node)) fail(`${where} is not a live node (use after free)`);
    if (node.dead) fail(`${where} is dead but reachable`);
    const leaf = depth === mt.height - 1;
    if (leaf && node.type !== 'leaf_64') fail(`${where} is at leaf depth but of type ${node.type}`);
    if (!leaf && node.type !== internalType) fail(`${where} should be ${internalType}`);
    if (depth >= mt.height) fail(`${where} is deeper than the tree height ${mt.height}`);
    const slots = MT_SLOTS[node.type];
    const npivots = MT_PIVOTS[node.type];
    if (!Number.isInteger(node.end) || node.end < 0 || node.end >= slots) fail(`${where} has end ${node.end}`);
    if (node.parent !== null && node.end < MT_MIN_SLOTS[node.type]) {
      fail(`${where} holds ${node.end + 1} slots, below the minimum ${MT_MIN_SLOTS[node.type] + 1}`);
    }
    // Only the root gets here with one slot: any other node that small failed the minimum above.
    if (!leaf && node.end === 0) {
      fail(`${where} is a root with a single child (the tree should have lost a level)`);
    }
    let lo = min;
    let largest = 0;
    for (let i = 0; i <= node.end; i++) {
      const hi = i < node.end ? node.pivots[i] : max;
      if (i < node.end && (!Number.isSafeInteger(hi) || hi < lo || hi >= max)) {
        fail(`${where} pivot[${i}] = ${fmt(hi)} outside [${fmt(lo)}, ${fmt(max - 1)}]`);
      }
      const slot = node.slots[i];
      if (leaf) {
        if (slot instanceof MapleNode || isReservedEntry(slot)) fail(`${where} slot ${i} holds a reserved value`);
        if (slot === undefined) fail(`${where} slot ${i} holds undefined`);
        if (slot === null) {
          if (previousEntry === null) fail(`${where} slot ${i} [${fmt(lo)}, ${fmt(hi)}]: two empty ranges touch`);
          largest = Math.max(largest, hi - lo + 1);
        } else {
          figures.entries++;
        }
        previousEntry = slot;
      } else {
        if (!(slot instanceof MapleNode)) fail(`${where} slot ${i} is not a node`);
        const child = slot as MapleNode;
        if (child.parent !== node) fail(`${child} under ${where} slot ${i} has parent ${child.parent}`);
        if (child.parentSlot !== i) fail(`${child} under ${where} slot ${i} records parent slot ${child.parentSlot}`);
        const gap = walk(child, lo, hi, depth + 1);
        if (alloc && node.gaps[i] !== gap) {
          fail(`${where} gap[${i}] = ${node.gaps[i]} but the largest empty range under it is ${gap}`);
        }
        largest = Math.max(largest, gap);
      }
      lo = hi + 1;
    }
    if (node.end < npivots && node.pivots[node.end] !== max) {
      fail(`${where} last pivot ${fmt(node.pivots[node.end])} is not the node max`);
    }
    // Every pivot word past the end is 0, including the words an arange_64 node never uses.
    for (let i = node.end + 1; i < node.pivots.length; i++) {
      if (node.pivots[i] !== 0) fail(`${where} pivot[${i}] = ${node.pivots[i]} past the end`);
    }
    for (let i = node.end + 1; i < node.slots.length; i++) {
      if (node.slots[i] !== null) fail(`${where} slot ${i} is used past the end`);
    }
    if (alloc && !leaf) {
      for (let i = node.end + 1; i < node.gaps.length; i++) {
        if (node.gaps[i] !== 0) fail(`${where} gap[${i}] = ${node.gaps[i]} past the end`);
      }
    }
    if (leaf) {
      figures.leaves++;
      if (gapOfLeaf(node, min, max) !== largest) fail(`${where} gap arithmetic disagrees`);
    }
    return largest;
  };

  figures.maxGap = walk(root, 0, MAX_INDEX, 0);
  figures.height = mt.height;
  if (figures.entries === 0) fail('a tree with nodes holds no entry (it should be empty)');
  if (options.accounting !== false && mt.allocator.live !== figures.nodes + mt.pooled + mt.awaitingRcu) {
    fail(
      `${mt.allocator.live} live nodes but ${figures.nodes} reachable (leak or lost node); ${mt.pooled} held in preallocation pools${awaiting(mt)}`,
    );
  }
  return figures;
}
