/**
 * Commands of the vmalloc property, each run on a design and on the model (vmalloc-system.ts):
 * alloc_vmap_area with random size, align, [vstart, vend), gfp and CPU (bad arguments included);
 * vfree and free_vmap_area of busy areas, interior pointers, lazy areas (double free), misaligned
 * and unknown addresses; purges; find_vmap_area; pcpu_get_vm_areas groups (bad ones included); and,
 * in the fault variant, fault-plan changes.
 *
 * Invariants: arbitraries are built for one space (config), so sizes and addresses are at the
 * scale of the space and collide; a target address is resolved when the command runs, from the
 * model's lists (equal to the design's after every command), and printed as resolved; every
 * command ends with the full agreement check.
 */
import fc from 'fast-check';
import { failFrom, failNonBlocking, failNothing, failNth, failWithProbability } from '../../impl/alloc/fault-plans.js';
import type { Gfp } from '../../impl/alloc/node-allocator.js';
import type { VmallocConfig } from '../../impl/vmalloc/surface.js';
import { DisagreementError } from '../maple/system.js';
import { checkVmallocAgreement, judgeCall, type VmallocSystems } from './vmalloc-system.js';

export abstract class VmallocCommand implements fc.Command<VmallocSystems, VmallocSystems> {
  check(): boolean {
    return true;
  }
  protected abstract apply(s: VmallocSystems): void;
  run(_m: VmallocSystems, s: VmallocSystems): void {
    this.apply(s);
    checkVmallocAgreement(s);
  }
  abstract toString(): string;
}

/** An address relative to the space, in pages where it is page-aligned: start+3p, start-1p, start+3p+17. */
function where(config: VmallocConfig, addr: number): string {
  const off = addr - config.start;
  const pages = Math.trunc(off / config.pageSize);
  const rest = off - pages * config.pageSize;
  return `start${pages >= 0 ? '+' : ''}${pages}p${rest !== 0 ? `+${rest}` : ''}`;
}

function sizeText(config: VmallocConfig, size: number): string {
  return size % config.pageSize === 0 && size > 0 ? `${size / config.pageSize}p` : String(size);
}

function alignText(align: number): string {
  const k = Math.log2(align);
  return Number.isInteger(k) ? `2^${k}` : String(align);
}

export class AllocCommand extends VmallocCommand {
  constructor(
    readonly config: VmallocConfig,
    readonly size: number,
    readonly align: number,
    readonly vstart: number,
    readonly vend: number,
    readonly gfp: Gfp | undefined,
    readonly cpu: number,
  ) {
    super();
  }
  protected apply(s: VmallocSystems): void {
    const { size, align, vstart, vend } = this;
    const options = { ...(this.gfp !== undefined ? { gfp: this.gfp } : {}), cpu: this.cpu };
    const addr = judgeCall(s, `${this}`, () => s.real.alloc_vmap_area(size, align, vstart, vend, options), () => s.model.alloc_vmap_area(size, align, vstart, vend, options));
    if (addr < 0) return;
    // The returned area's own invariants, stated apart from the model.
    if (addr % align !== 0 || addr < vstart || addr + size > vend || addr < s.config.start || addr + size > s.config.end) {
      throw new DisagreementError(`${this} returned ${where(s.config, addr)}: not aligned or outside [vstart, vend) or the space`);
    }
    const found = s.real.find_vmap_area(addr);
    if (found === undefined || found.start !== addr || found.end !== addr + size || found.cpu !== this.cpu) {
      throw new DisagreementError(`${this} returned ${where(s.config, addr)} but find_vmap_area gives ${JSON.stringify(found)}`);
    }
  }
  toString(): string {
    const c = this.config;
    const bounds = this.vstart === c.start && this.vend === c.end ? 'whole space' : `[${where(c, this.vstart)}, ${where(c, this.vend)})`;
    return `alloc_vmap_area(${sizeText(c, this.size)}, align ${alignText(this.align)}, ${bounds}${this.gfp !== undefined ? `, ${this.gfp}` : ''}, cpu ${this.cpu})`;
  }
}

export type TargetKind = 'busy' | 'interior' | 'lazy' | 'misaligned' | 'raw';

/** Which address a free or find command uses, chosen when it runs from the model's lists. */
export class Target {
  /** The address it resolved to in the run that printed it. */
  resolved: number | undefined;
  constructor(
    readonly kind: TargetKind,
    readonly pick: number,
    readonly raw: number,
  ) {}
  resolve(s: VmallocSystems): number {
    const { pageSize } = s.config;
    const busy = s.model.busyAreas();
    const lazy = s.model.lazyAreas();
    const area = this.kind === 'lazy' ? lazy[this.pick % Math.max(1, lazy.length)] : busy[this.pick % Math.max(1, busy.length)];
    let addr = this.raw;
    if (area !== undefined && this.kind !== 'raw') {
      const pages = (area.end - area.start) / pageSize;
      if (this.kind === 'interior') addr = area.start + (this.pick % pages) * pageSize;
      else if (this.kind === 'misaligned') addr = area.start + 1 + (this.pick % (pageSize - 1));
      else addr = area.start;
    }
    this.resolved = addr;
    return addr;
  }
  describe(config: VmallocConfig): string {
    return `${this.kind} ${this.pick}${this.resolved !== undefined ? ` = ${where(config, this.resolved)}` : this.kind === 'raw' ? ` ${where(config, this.raw)}` : ''}`;
  }
}

export class FreeCommand extends VmallocCommand {
  constructor(
    readonly config: VmallocConfig,
    readonly how: 'vfree' | 'free_vmap_area',
    readonly target: Target,
  ) {
    super();
  }
  protected apply(s: VmallocSystems): void {
    const addr = this.target.resolve(s);
    const ret = judgeCall(s, `${this}`, () => s.real[this.how](addr), () => s.model[this.how](addr));
    if (ret !== 0) s.coverage.freesRefused++;
  }
  toString(): string {
    return `${this.how}(${this.target.describe(this.config)})`;
  }
}

export class FindCommand extends VmallocCommand {
  constructor(
    readonly config: VmallocConfig,
    readonly target: Target,
  ) {
    super();
  }
  protected apply(s: VmallocSystems): void {
    const addr = this.target.resolve(s);
    const area = (a: { start: number; end: number; cpu: number } | undefined): unknown => (a === undefined ? undefined : { start: a.start, end: a.end, cpu: a.cpu });
    judgeCall(s, `${this}`, () => area(s.real.find_vmap_area(addr)), () => area(s.model.find_vmap_area(addr)));
  }
  toString(): string {
    return `find_vmap_area(${this.target.describe(this.config)})`;
  }
}

export class PurgeCommand extends VmallocCommand {
  protected apply(s: VmallocSystems): void {
    judgeCall(s, 'purge_vmap_area_lazy()', () => s.real.purge_vmap_area_lazy(), () => s.model.purge_vmap_area_lazy());
  }
  toString(): string {
    return 'purge_vmap_area_lazy()';
  }
}

export class PcpuCommand extends VmallocCommand {
  constructor(
    readonly config: VmallocConfig,
    readonly offsets: number[],
    readonly sizes: number[],
    readonly align: number,
  ) {
    super();
  }
  protected apply(s: VmallocSystems): void {
    const { offsets, sizes, align } = this;
    judgeCall(s, `${this}`, () => s.real.pcpu_get_vm_areas(offsets, sizes, align), () => s.model.pcpu_get_vm_areas(offsets, sizes, align));
  }
  toString(): string {
    const c = this.config;
    return `pcpu_get_vm_areas([${this.offsets.map((o) => sizeText(c, o)).join(', ')}], [${this.sizes.map((z) => sizeText(c, z)).join(', ')}], align ${alignText(this.align)})`;
  }
}

export type FaultKind = 'nothing' | 'nth' | 'from' | 'probability' | 'nonblocking';

export class FaultPlanCommand extends VmallocCommand {
  constructor(
    readonly kind: FaultKind,
    readonly k: number,
    readonly seed: number,
  ) {
    super();
  }
  protected apply(s: VmallocSystems): void {
    const seam = s.real.faults;
    if (seam === undefined) throw new Error(`design ${s.real.design} has no fault seam: the fault variant cannot run on it`);
    const next = seam.requests + this.k;
    if (this.kind === 'nothing') seam.plan = failNothing;
    else if (this.kind === 'nth') seam.plan = failNth(next);
    else if (this.kind === 'from') seam.plan = failFrom(next);
    else if (this.kind === 'nonblocking') seam.plan = failNonBlocking();
    else seam.plan = failWithProbability(0.3, this.seed);
  }
  toString(): string {
    return `FaultPlan(${this.kind}${this.kind === 'nth' || this.kind === 'from' ? ` +${this.k}` : ''})`;
  }
}

/** The arbitraries of one space. */
export function vmallocCommandArbs(config: VmallocConfig): Record<'alloc' | 'vfree' | 'freeNow' | 'purge' | 'find' | 'pcpu', fc.Arbitrary<VmallocCommand>> {
  const P = config.pageSize;
  const spacePages = (config.end - config.start) / P;
  const pageShift = Math.log2(P);
  const maxShift = Math.ceil(Math.log2(spacePages)) + pageShift + 1;
  const pagesArb = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: Math.max(1, spacePages >> 3) }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: spacePages + 2 }) },
  );
  const sizeArb = fc.oneof(
    { weight: 20, arbitrary: pagesArb.map((n) => n * P) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, P - 1, P + 1, -P, 2 ** 53, 1.5 * P) },
  );
  const alignArb = fc.oneof(
    { weight: 10, arbitrary: fc.constant(1) },
    { weight: 6, arbitrary: fc.integer({ min: 0, max: pageShift }).map((k) => 2 ** k) },
    { weight: 6, arbitrary: fc.integer({ min: pageShift + 1, max: maxShift }).map((k) => 2 ** k) },
    { weight: 1, arbitrary: fc.constantFrom(2 ** 52, 2 ** 53, 2 ** 63, 0, 3, 3 * P, -P, 2 ** 64) },
  );
  const inSpace = fc.integer({ min: 0, max: spacePages }).map((p) => config.start + p * P);
  const boundsArb = fc.oneof(
    { weight: 10, arbitrary: fc.constant([config.start, config.end] as const) },
    { weight: 3, arbitrary: inSpace.map((v) => [v, config.end] as const) },
    { weight: 3, arbitrary: inSpace.map((v) => [config.start, v] as const) },
    { weight: 2, arbitrary: fc.tuple(inSpace, inSpace) },
    { weight: 1, arbitrary: fc.tuple(inSpace, fc.integer({ min: 1, max: P - 1 })).map(([v, odd]) => [v + odd, config.end] as const) },
    { weight: 1, arbitrary: fc.constantFrom([0, Number.MAX_SAFE_INTEGER] as const, [config.end, Number.MAX_SAFE_INTEGER] as const, [config.start, -1] as const, [Number.NaN, config.end] as const) },
  );
  const gfpArb = fc.constantFrom<Gfp | undefined>(undefined, 'GFP_KERNEL', 'GFP_KERNEL', 'GFP_NOWAIT', 'GFP_NOFAIL');
  const alloc = fc
    .tuple(sizeArb, alignArb, boundsArb, gfpArb, fc.integer({ min: 0, max: 3 }))
    .map(([size, align, [vstart, vend], gfp, cpu]) => new AllocCommand(config, size, align, vstart, vend, gfp, cpu));

  const targetArb = fc
    .tuple(
      fc.constantFrom<TargetKind>('busy', 'busy', 'busy', 'busy', 'interior', 'lazy', 'misaligned', 'raw'),
      fc.nat(1000),
      fc.oneof(inSpace, fc.constantFrom(0, config.start - P, config.end, Number.MAX_SAFE_INTEGER, -P, 0.5)),
    )
    .map(([kind, pick, raw]) => new Target(kind, pick, raw));
  const vfree = targetArb.map((t) => new FreeCommand(config, 'vfree', t));
  const freeNow = targetArb.map((t) => new FreeCommand(config, 'free_vmap_area', t));
  const find = targetArb.map((t) => new FindCommand(config, t));
  const purge = fc.constant(new PurgeCommand());

  // A congruent group: areas laid out in order with gaps, in units of align (align >= a page).
  const groupArb = fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([shift, areas, shuffled]) => {
      const align = P * 2 ** shift;
      let at = 0;
      const offsets: number[] = [];
      const sizes: number[] = [];
      for (const [gap, size] of areas) {
        offsets.push((at + gap) * align);
        sizes.push(size * align);
        at += gap + size;
      }
      if (shuffled) {
        offsets.reverse();
        sizes.reverse();
      }
      return new PcpuCommand(config, offsets, sizes, align);
    });
  const badGroupArb = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(P / 2, P, 2 * P, 3 * P))
    .map(([offs, sizes, align]) => new PcpuCommand(config, offs.map((o) => (o * P) / 2), sizes.map((z) => (z * P) / 2), align));
  const pcpu = fc.oneof({ weight: 5, arbitrary: groupArb }, { weight: 1, arbitrary: badGroupArb });

  return { alloc, vfree, freeNow, purge, find, pcpu };
}

export function vmallocCommandArb(config: VmallocConfig, options: { faults: boolean }): fc.Arbitrary<VmallocCommand> {
  const a = vmallocCommandArbs(config);
  const weighted: { weight: number; arbitrary: fc.Arbitrary<VmallocCommand> }[] = [
    { weight: 12, arbitrary: a.alloc },
    { weight: 8, arbitrary: a.vfree },
    { weight: 2, arbitrary: a.freeNow },
    { weight: 1, arbitrary: a.purge },
    { weight: 3, arbitrary: a.find },
    { weight: 2, arbitrary: a.pcpu },
  ];
  if (options.faults) {
    const fault = fc
      .tuple(fc.constantFrom<FaultKind>('nothing', 'nth', 'from', 'probability', 'nonblocking'), fc.integer({ min: 1, max: 6 }), fc.integer())
      .map(([kind, k, seed]) => new FaultPlanCommand(kind, k, seed));
    weighted.push({ weight: 3, arbitrary: fault });
  }
  return fc.oneof(...weighted);
}
