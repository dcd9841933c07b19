/**
 * mt_dump: a readable text picture of a tree, one line per node and per leaf slot, indented by
 * depth. Used by failure reports and `replay`, so it never throws on a broken tree: it prints
 * what is there and marks what looks wrong.
 */
import { MAX_INDEX } from './constants.js';
import { MapleNode } from './node.js';
import { mt_in_rcu, mt_is_alloc, type MapleTree } from './tree.js';

function fmt(x: number): string {
  return x === MAX_INDEX ? 'MAX' : String(x);
}

export function describeEntry(entry: unknown): string {
  if (entry === null) return '(empty)';
  if (typeof entry === 'string') return JSON.stringify(entry.length > 40 ? entry.slice(0, 37) + '...' : entry);
  if (typeof entry === 'object') {
    // An object that describes itself (a VMA, say) prints as it chooses.
    if (typeof (entry as { toString?: unknown }).toString === 'function' && (entry as object).toString !== Object.prototype.toString && !Array.isArray(entry)) {
      return String(entry);
    }
    try {
      const s = JSON.stringify(entry);
      if (s !== undefined) return s.length > 40 ? s.slice(0, 37) + '...' : s;
    } catch {
      // fall through: cyclic or exotic objects print by their tag
    }
    return Object.prototype.toString.call(entry);
  }
  return String(entry);
}

export function mt_dump(mt: MapleTree, options: { maxLines?: number } = {}): string {
  const maxLines = options.maxLines ?? 2000;
  const flags = [mt_is_alloc(mt) ? 'alloc' : '', mt_in_rcu(mt) ? 'rcu' : ''].filter(Boolean).join('|') || 'none';
  const lines: string[] = [`maple_tree flags=${flags} height=${mt.height}`];
  const root = mt.root;
  if (root === null) lines.push('  (empty)');
  else if (!(root instanceof MapleNode)) lines.push(`  [0, 0] ${describeEntry(root)} (bare root entry)`);
  else {
    const visit = (node: MapleNode, min: number, max: number, depth: number): void => {
      if (lines.length >= maxLines) return;
      const pad = '  '.repeat(depth + 1);
      const marks = `${node.dead ? ' DEAD' : ''}${node.freed ? ' FREED' : ''}`;
      const gaps = node.type === 'arange_64' ? ` gaps=[${node.gaps.slice(0, node.end + 1).join(',')}]` : '';
      lines.push(`${pad}${node} [${fmt(min)}, ${fmt(max)}] end=${node.end}${gaps}${marks}`);
      let lo = min;
      for (let i = 0; i <= node.end && lines.length < maxLines; i++) {
        const hi = i < node.end ? node.pivots[i] : max;
        const slot = node.slots[i];
        if (slot instanceof MapleNode && node.type !== 'leaf_64') visit(slot, lo, hi, depth + 1);
        else lines.push(`${pad}  ${i}: [${fmt(lo)}, ${fmt(hi)}] ${describeEntry(slot)}`);
        lo = hi + 1;
      }
    };
    visit(root, 0, MAX_INDEX, 0);
  }
  if (lines.length >= maxLines) lines.push(`... (cut at ${maxLines} lines)`);
  return lines.join('\n');
}
