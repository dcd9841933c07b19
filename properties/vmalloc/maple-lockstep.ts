/**
 * The three-way differential: a VmapAllocator that runs every call on several designs in lockstep
 * (the rb-tree baseline, the maple two-tree design with both of its searches, the maple gap-based
 * design) and throws a
 * DisagreementError naming the first two that differ, in a result or, after every call, in their
 * free, busy or lazy sets. Run through the generic vmalloc property (vmalloc-property.ts) it is
 * compared with the model as well: four implementations of one specification, one command list.
 *
 * Invariants: every call runs on every design, in registry order, before anything is compared, so
 * a disagreement names the call that made it; the lockstep answer is the first design's.
 */
import type { AllocOptions, AreaRange, VmallocConfig, VmapAllocator, VmapArea } from '../../impl/vmalloc/surface.js';
import { DisagreementError } from '../maple/system.js';
import { TwoTreeVmalloc } from '../../impl/vmalloc/two-tree/index.js';
import { designNamed, type VmallocDesign } from './designs.js';

export const LOCKSTEP_DESIGNS = ['rbtree', 'maple-two-tree', 'maple-gap'] as const;

/** The two-tree design searching by its pre-patch-7 free-tree walk: a fourth member of the lockstep. */
export const TWO_TREE_WALK: VmallocDesign = {
  name: 'maple-two-tree (free-tree walk)',
  make: (config) => new TwoTreeVmalloc(config, { search: 'free-tree-walk' }),
};

export class LockstepAllocator implements VmapAllocator {
  readonly design: string;
  /** Calls compared (a coverage figure). */
  calls = 0;

  constructor(
    readonly config: VmallocConfig,
    readonly designs: readonly VmapAllocator[],
  ) {
    this.design = `lockstep(${designs.map((d) => d.design).join(', ')})`;
  }

  /** Runs `call` on every design; all answers (and then all sets) must be equal. */
  private all<T>(what: string, call: (d: VmapAllocator) => T): T {
    this.calls++;
    const answers = this.designs.map(call);
    this.agree(what, answers);
    this.agree(`${what}, then the free blocks`, this.designs.map((d) => d.freeBlocks()));
    this.agree(`${what}, then the busy areas`, this.designs.map((d) => d.busyAreas()));
    this.agree(`${what}, then the lazy areas`, this.designs.map((d) => [d.lazyAreas(), d.lazyPages]));
    return answers[0];
  }

  private agree(what: string, answers: readonly unknown[]): void {
    const first = JSON.stringify(answers[0]);
    answers.forEach((a, i) => {
      const text = JSON.stringify(a);
      if (text !== first) {
        throw new DisagreementError(`${what}: ${this.designs[0].design} gave ${first.slice(0, 300)}, ${this.designs[i].design} gave ${text.slice(0, 300)}`);
      }
    });
  }

  alloc_vmap_area(size: number, align: number, vstart: number, vend: number, options?: AllocOptions): number {
    return this.all(`alloc_vmap_area(${size}, ${align}, ${vstart}, ${vend})`, (d) => d.alloc_vmap_area(size, align, vstart, vend, options));
  }

  vfree(addr: number): number {
    return this.all(`vfree(${addr})`, (d) => d.vfree(addr));
  }

  free_vmap_area(addr: number): number {
    return this.all(`free_vmap_area(${addr})`, (d) => d.free_vmap_area(addr));
  }

  purge_vmap_area_lazy(): number {
    return this.all('purge_vmap_area_lazy()', (d) => d.purge_vmap_area_lazy());
  }

  find_vmap_area(addr: number): VmapArea | undefined {
    return this.all(`find_vmap_area(${addr})`, (d) => d.find_vmap_area(addr));
  }

  pcpu_get_vm_areas(offsets: readonly number[], sizes: readonly number[], align: number): number[] | number {
    return this.all(`pcpu_get_vm_areas(${JSON.stringify(offsets)}, ${JSON.stringify(sizes)}, ${align})`, (d) => d.pcpu_get_vm_areas(offsets, sizes, align));
  }

  busyAreas(): VmapArea[] {
    return this.designs[0].busyAreas();
  }

  freeBlocks(): AreaRange[] {
    return this.designs[0].freeBlocks();
  }

  lazyAreas(): AreaRange[] {
    return this.designs[0].lazyAreas();
  }

  get lazyPages(): number {
    return this.designs[0].lazyPages;
  }

  validate(): void {
    for (const d of this.designs) d.validate();
  }
}

/** The lockstep of the named registered designs (and any extra ones), as a registry-shaped design. */
export function lockstepDesign(names: readonly string[] = LOCKSTEP_DESIGNS, extra: readonly VmallocDesign[] = [TWO_TREE_WALK]): VmallocDesign {
  const designs = [...names.map(designNamed), ...extra];
  return {
    name: `lockstep(${designs.map((d) => d.name).join(', ')})`,
    make: (config) => new LockstepAllocator(config, designs.map((d) => d.make(config))),
  };
}
