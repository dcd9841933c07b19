/**
 * Oracle tests of the vmalloc property: each check is shown catching a deliberately broken
 * variant, and passing without the break (control).
 * - rb-tree: subtree_max_size not recomputed on rotation (validate), a left-edge clip that keeps
 *   the area's last page in the free block (the partition invariants), a merge that never joins
 *   the block on the left (free blocks touch);
 * - the fault judge: a failed allocation that purges anyway (only the fault variant sees it);
 * - the model comparison: a model that purges when lazyPages reaches lazyMaxPages instead of
 *   passing it (the differential check, with the rb-tree in the design's place).
 * The failing runs are shrunk by fast-check; the shortest counterexample is printed.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENOMEM } from '../../impl/errno.js';
import { FreeTree, RbTree, RbVmapAllocator, type VmapAreaNode } from '../../impl/rbtree/index.js';
import { VmallocModel } from '../../model/vmalloc/index.js';
import { DisagreementError } from '../maple/system.js';
import { designNamed } from './designs.js';
import { PROPERTY_SPACES, vmallocProperty } from './vmalloc-property.js';

const SEED = 20261123;
const SPACE = PROPERTY_SPACES[1].config;
const rbtree = designNamed('rbtree');

function runProperty(options: { faults?: boolean; makeModel?: (c: typeof SPACE, s: VmallocModel['stats']) => VmallocModel } = {}): fc.RunDetails<unknown> {
  const property = vmallocProperty({ design: rbtree, config: SPACE, maxCommands: 150, ...options });
  const details = fc.check(property, { seed: SEED, numRuns: 60, includeErrorInReport: true });
  if (details.failed) console.log(`${fc.defaultReportMessage(details)?.split('\n').slice(0, 3).join('\n')}`);
  return details as fc.RunDetails<unknown>;
}

afterEach(() => vi.restoreAllMocks());

describe('broken rb-tree variants are caught', () => {
  it('control: the real rb-tree passes', () => {
    expect(runProperty().failed).toBe(false);
  });

  it('subtree_max_size not recomputed on rotation', () => {
    vi.spyOn(RbTree.prototype as unknown as { rotateAugment: () => void }, 'rotateAugment').mockImplementation(() => {});
    const details = runProperty();
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/subtree_max_size/);
  });

  it('a left-edge clip that leaves the area\'s last page in the free block', () => {
    const clip = FreeTree.prototype.clip;
    vi.spyOn(FreeTree.prototype, 'clip').mockImplementation(function (this: FreeTree, va: VmapAreaNode, addr: number, size: number, spare: VmapAreaNode | null) {
      const kind = clip.call(this, va, addr, size, spare);
      if (kind === 'LE') {
        va.start -= SPACE.pageSize;
        this.tree.propagate(va, true);
      }
      return kind;
    });
    const details = runProperty();
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/partition|overlap/);
  });

  it('a merge that never joins the block on the left', () => {
    const mergeOrAdd = FreeTree.prototype.mergeOrAdd;
    vi.spyOn(FreeTree.prototype, 'mergeOrAdd').mockImplementation(function (this: FreeTree, va: VmapAreaNode) {
      const left = this.findEnclosing(va.start - 1);
      if (left === null || left.end !== va.start) return mergeOrAdd.call(this, va);
      const right = this.tree.next(left);
      if (right === null) this.tree.insertAt(va, this.tree.last(), false);
      else this.tree.insertBefore(va, right);
      return va;
    });
    const details = runProperty();
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/touch/);
  });
});

describe('the fault judge', () => {
  it('catches an allocation that purges the lazy areas although it failed for lack of memory', () => {
    const alloc = RbVmapAllocator.prototype.alloc_vmap_area;
    vi.spyOn(RbVmapAllocator.prototype, 'alloc_vmap_area').mockImplementation(function (this: RbVmapAllocator, ...args: Parameters<typeof alloc>) {
      const ret = alloc.apply(this, args);
      if (ret === -ENOMEM) this.purge_vmap_area_lazy();
      return ret;
    });
    expect(runProperty().failed).toBe(false); // without faults there is no -ENOMEM to mishandle
    const details = runProperty({ faults: true });
    expect(details.failed).toBe(true);
    expect(details.errorInstance).toBeInstanceOf(DisagreementError);
    expect(String(details.errorInstance)).toMatch(/free block|lazy area/);
  });
});

/** Purges when lazyPages reaches lazyMaxPages, not only when it passes it. */
class EagerPurgeModel extends VmallocModel {
  override vfree(addr: number): number {
    const ret = super.vfree(addr);
    if (ret === 0 && this.lazyPages > 0 && this.lazyPages >= this.lazyMaxPages) this.purge_vmap_area_lazy();
    return ret;
  }
}

describe('the model comparison', () => {
  it('catches a broken model through the differential check with the rb-tree', () => {
    const details = runProperty({ makeModel: (config, stats) => new EagerPurgeModel(config, stats) });
    expect(details.failed).toBe(true);
    expect(details.errorInstance).toBeInstanceOf(DisagreementError);
    expect(String(details.errorInstance)).toMatch(/lazy area|lazyPages|free block/);
  });
});
