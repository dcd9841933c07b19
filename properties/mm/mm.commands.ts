/**
 * Commands of the address-space properties: mmap (fixed, hinted, anywhere; anonymous or with a
 * page offset), munmap (holes, partial VMAs, many VMAs, at the bottom and the top of the space),
 * mprotect, brk, and fault-plan changes. Addresses come from a small region near the bottom of the
 * space, one near the top, and the brk area, so operations overlap and collide.
 */
import fc from 'fast-check';
import { failFrom, failNothing, failNth, failWithProbability } from '../../impl/alloc/fault-plans.js';
import { MMAP_MIN_ADDR, PAGE_SIZE, TASK_SIZE, do_brk, do_mmap, do_mprotect, do_munmap, mm_vmas } from '../../impl/mm/index.js';
import { DisagreementError } from '../maple/system.js';
import { judgeUnderFaults } from '../fault-judge.js';
import { checkMmAgreement, type MmSystems } from './mm-system.js';

export abstract class MmCommand implements fc.Command<MmSystems, MmSystems> {
  check(): boolean {
    return true;
  }
  protected abstract apply(s: MmSystems): void;
  run(_m: MmSystems, s: MmSystems): void {
    this.apply(s);
    checkMmAgreement(s);
  }
  abstract toString(): string;
}

/** Runs an operation on mm and (unless it failed for lack of nodes) on the model. */
function checked(s: MmSystems, what: string, onMm: () => number, onModel: () => number, failedForMemory?: (ret: number) => boolean): void {
  judgeUnderFaults(s.mm.tree.allocator, s.coverage, what, onMm, onModel, failedForMemory === undefined ? {} : { failedForMemory });
}

const hex = (x: number): string => `0x${x.toString(16)}`;

export class MmapCommand extends MmCommand {
  constructor(readonly addr: number, readonly len: number, readonly flags: number, readonly fixed: boolean, readonly pgoff: number | undefined) {
    super();
  }
  protected apply(s: MmSystems): void {
    const { addr, len, flags, fixed, pgoff } = this;
    checked(s, `${this}`, () => do_mmap(s.mm, { addr, len, flags, fixed, ...(pgoff !== undefined ? { pgoff } : {}) }), () => s.model.mmap(addr, len, flags, fixed, pgoff));
  }
  toString(): string {
    return `mmap(${hex(this.addr)}, ${hex(this.len)}, flags ${this.flags}${this.fixed ? ', MAP_FIXED' : ''}${this.pgoff !== undefined ? `, pgoff ${this.pgoff}` : ''})`;
  }
}

export class MunmapCommand extends MmCommand {
  constructor(readonly start: number, readonly len: number) {
    super();
  }
  protected apply(s: MmSystems): void {
    const end = this.start + this.len;
    const overlapped = mm_vmas(s.mm).filter((v) => v.end > this.start && v.start < end);
    if (overlapped.length >= 3) s.coverage.munmapsAcrossMany++;
    if (overlapped.some((v) => v.start < this.start || v.end > end)) s.coverage.partialUnmaps++;
    if (overlapped.length > 0) s.coverage.sideTreeChecks++;
    checked(s, `${this}`, () => do_munmap(s.mm, this.start, this.len), () => s.model.munmap(this.start, this.len));
  }
  toString(): string {
    return `munmap(${hex(this.start)}, ${hex(this.len)})`;
  }
}

export class MprotectCommand extends MmCommand {
  constructor(readonly start: number, readonly len: number, readonly flags: number) {
    super();
  }
  protected apply(s: MmSystems): void {
    checked(s, `${this}`, () => do_mprotect(s.mm, this.start, this.len, this.flags), () => s.model.mprotect(this.start, this.len, this.flags));
  }
  toString(): string {
    return `mprotect(${hex(this.start)}, ${hex(this.len)}, flags ${this.flags})`;
  }
}

export class BrkCommand extends MmCommand {
  constructor(readonly delta: number) {
    super();
  }
  protected apply(s: MmSystems): void {
    const target = s.model.brk + this.delta;
    const old = s.mm.brk;
    checked(s, `${this}`, () => do_brk(s.mm, target), () => s.model.brkTo(target), (ret) => ret === old && target !== old);
  }
  toString(): string {
    return `brk(brk ${this.delta >= 0 ? '+' : '-'} ${hex(Math.abs(this.delta))})`;
  }
}

export class MmFaultPlanCommand extends MmCommand {
  constructor(readonly kind: 'nothing' | 'nth' | 'from' | 'probability', readonly k: number, readonly seed: number) {
    super();
  }
  protected apply(s: MmSystems): void {
    const next = s.mm.tree.allocator.requests + this.k;
    const a = s.mm.tree.allocator;
    if (this.kind === 'nothing') a.plan = failNothing;
    else if (this.kind === 'nth') a.plan = failNth(next);
    else if (this.kind === 'from') a.plan = failFrom(next);
    else a.plan = failWithProbability(0.2, this.seed);
    if (!Number.isSafeInteger(next)) throw new DisagreementError('bad fault plan');
  }
  toString(): string {
    return `FaultPlan(${this.kind}${this.kind === 'nth' || this.kind === 'from' ? ` +${this.k}` : ''})`;
  }
}

const pages = (n: number): number => n * PAGE_SIZE;
const LOW = MMAP_MIN_ADDR;
const HIGH = TASK_SIZE - pages(256);

/** Page-aligned addresses in three busy regions, plus the occasional bad one. */
const addrArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 255 }).map((p) => LOW + pages(p)) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 256 }).map((p) => HIGH + pages(p)) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 64 }).map((p) => 0x1000000 + pages(p)) },
  { weight: 1, arbitrary: fc.constantFrom(0, PAGE_SIZE, LOW - PAGE_SIZE, LOW + 1, TASK_SIZE, TASK_SIZE - PAGE_SIZE) },
);
const lenArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }).map(pages) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }).map(pages) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: pages(300) }) },
  { weight: 1, arbitrary: fc.constantFrom(0, TASK_SIZE) },
);
const flagsArb = fc.integer({ min: 0, max: 3 });

export function mmCommandArbs(): fc.Arbitrary<MmCommand>[] {
  return [
    fc.tuple(addrArb, lenArb, flagsArb, fc.boolean(), fc.option(fc.integer({ min: 0, max: 1000 }), { freq: 4, nil: undefined }))
      .map(([a, l, f, fixed, pgoff]) => new MmapCommand(a, l, f, fixed, pgoff)),
    fc.tuple(addrArb, lenArb).map(([a, l]) => new MunmapCommand(a, l)),
    fc.tuple(addrArb, lenArb, flagsArb).map(([a, l, f]) => new MprotectCommand(a, l, f)),
    fc.integer({ min: -pages(40), max: pages(40) }).map((d) => new BrkCommand(d)),
  ];
}

export function mmCommandArb(): fc.Arbitrary<MmCommand> {
  const [mmap, munmap, mprotect, brk] = mmCommandArbs();
  return fc.oneof(
    { weight: 10, arbitrary: mmap },
    { weight: 8, arbitrary: munmap },
    { weight: 4, arbitrary: mprotect },
    { weight: 3, arbitrary: brk },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom<'nothing' | 'nth' | 'from' | 'probability'>('nothing', 'nth', 'from', 'probability'), fc.integer({ min: 1, max: 10 }), fc.integer())
        .map(([kind, k, seed]) => new MmFaultPlanCommand(kind, k, seed)),
    },
  ) as fc.Arbitrary<MmCommand>;
}
