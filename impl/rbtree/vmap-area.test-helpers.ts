/**
 * Test helper: a free-standing VmapAreaNode over [start, end), not linked into any tree, for the
 * tests that drive the rb-tree structures directly.
 */
import { VmapAreaNode } from './vmap-area.js';

export function vmapAreaNode(start: number, end: number): VmapAreaNode {
  const va = new VmapAreaNode();
  va.start = start;
  va.end = end;
  return va;
}
