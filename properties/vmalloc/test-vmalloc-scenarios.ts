/**
 * The lib/test_vmalloc.c subtests (research/vmalloc-model.md §5.2) as scenario functions over any
 * VmapAllocator, for the scenario tests and the benchmark: fix_size (1), full_fit (2),
 * long_busy_list (4), random_size (8), fix_align (16), random_size_align (32), align_shift (64,
 * xfail), pcpu_alloc (128), kvfree_rcu 1 and 2 arguments (256, 512: the free runs as an RCU
 * callback, one grace period ending per loop, all of them at the end as rcu_barrier), vm_map_ram
 * (1024: areas without a guard page; the kernel's vmap blocks for small counts are not modelled,
 * see vmalloc-api.ts), no_block (2048, xfail), vrealloc (4096: grow that moves, shrinks and a grow
 * in place; page contents are not modelled, see vreallocTest).
 *
 * Invariants:
 * - every random choice comes from one Sfc32 seeded with params.seed, in the kernel's order, so a
 *   seed gives the same calls on every design; the trace hashes every address returned, in order,
 *   so designs that agree have equal traces;
 * - a subtest returns 0 or -1 as the kernel's does (a NULL from vmalloc is -1); a result that is
 *   wrong rather than absent (an address that is not a fresh area of the size asked, a pcpu group
 *   that is not congruent, a vfree of a live area refused) throws ScenarioError: it is a bug;
 * - accounting per repeat as the kernel since Oct 2025: 0 -> passed, -1 with xfail -> xfailed,
 *   -1 otherwise -> failed.
 */
import { Sfc32 } from '../../impl/sched/prng.js';
import type { Gfp } from '../../impl/alloc/node-allocator.js';
import { lazyMaxPagesOf, type VmapAllocator } from '../../impl/vmalloc/surface.js';
import { Rcu } from '../../impl/rcu/rcu.js';
import { vfree, vm_map_ram, vm_unmap_ram, vmallocArea, vmallocHolds, vrealloc, type VmallocOptions } from '../../impl/vmalloc/vmalloc-api.js';

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

export interface ScenarioParams {
  /** test_loop_count. */
  loops: number;
  seed: number;
  /** test_repeat_count (default 1). */
  repeat?: number;
  /** nr_pages for fix_size and no_block (default 1). */
  nrPages?: number;
  /** Areas long_busy_list holds (kernel: 15000). */
  longBusyCount?: number;
  /** nr_pcpu_objects (kernel: 35000). */
  nrPcpuObjects?: number;
  /** THREAD_ALIGN in bytes (x86-64 without KASAN: 16 KiB); fix_align asks for twice it. */
  threadAlign?: number;
  /** The per-CPU chunk layout pcpu_alloc's chunks get from pcpu_get_vm_areas. */
  pcpu?: PcpuLayout;
}

export interface PcpuLayout {
  groups: number;
  unitsPerGroup: number;
  unitPages: number;
  /** pcpu_atom_size in pages: the alignment of the group offsets, sizes and base. */
  atomPages: number;
}

export const DEFAULT_PCPU_LAYOUT: PcpuLayout = { groups: 2, unitsPerGroup: 2, unitPages: 8, atomPages: 4 };

export interface ScenarioResult {
  id: number;
  name: string;
  passed: number;
  failed: number;
  xfailed: number;
  repeat: number;
  loops: number;
  /** vmalloc / pcpu_get_vm_areas calls, and those that returned NULL. */
  calls: number;
  nulls: number;
  /** FNV-1a of every address returned, in order (hex). */
  trace: string;
  /** align_shift: the first shift whose allocation failed. */
  failedAtShift?: number;
}

/** What one subtest run can do: the kernel's vmalloc/vfree, its random numbers, its parameters. */
export class ScenarioRun {
  calls = 0;
  nulls = 0;
  failedAtShift: number | undefined;
  private hash = 0x811c9dc5;

  constructor(
    readonly a: VmapAllocator,
    readonly params: Required<ScenarioParams>,
    readonly rng: Sfc32,
  ) {}

  get pageSize(): number {
    return this.a.config.pageSize;
  }

  /** vmalloc / __vmalloc_node; a non-NULL result is checked to be a fresh area that holds `bytes`. */
  vmalloc(bytes: number, options: VmallocOptions = {}): number | null {
    const addr = vmallocArea(this.a, bytes, options);
    this.record(addr);
    if (addr < 0) return null;
    const align = options.align ?? 1;
    if (addr % align !== 0 || !vmallocHolds(this.a, addr, bytes)) {
      throw new ScenarioError(`${this.a.design}: vmalloc(${bytes}, align ${align}) returned 0x${addr.toString(16)}, which is not an aligned area holding ${bytes} bytes`);
    }
    return addr;
  }

  vfree(addr: number | null): void {
    const ret = vfree(this.a, addr);
    if (ret !== 0) throw new ScenarioError(`${this.a.design}: vfree(0x${(addr ?? 0).toString(16)}) of a live area returned ${ret}`);
  }

  /** pcpu_get_vm_areas, the result checked: congruent, aligned, busy. Null for a failure. */
  pcpuAreas(offsets: number[], sizes: number[], align: number): number[] | null {
    const ret = this.a.pcpu_get_vm_areas(offsets, sizes, align);
    this.record(typeof ret === 'number' ? ret : ret[0]);
    if (typeof ret === 'number') return null;
    const base = ret[0] - offsets[0];
    ret.forEach((start, i) => {
      const area = this.a.find_vmap_area(start);
      if (start - offsets[i] !== base || base % align !== 0 || area === undefined || area.start !== start || area.end !== start + sizes[i]) {
        throw new ScenarioError(`${this.a.design}: pcpu_get_vm_areas gave area ${i} at 0x${start.toString(16)}, not a busy area at base + offset`);
      }
    });
    return ret;
  }

  /** get_random_u8. */
  u8(): number {
    return this.rng.int(256);
  }

  /** get_random_u32_inclusive(lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.rng.int(hi - lo + 1);
  }

  get trace(): string {
    return (this.hash >>> 0).toString(16).padStart(8, '0');
  }

  /** Counts a call made outside vmalloc (vm_map_ram, vrealloc) and hashes its result into the trace. */
  recordResult(result: number): void {
    this.record(result);
  }

  private record(result: number): void {
    this.calls++;
    if (result < 0) this.nulls++;
    const text = String(result);
    for (let i = 0; i < text.length; i++) this.hash = Math.imul(this.hash ^ text.charCodeAt(i), 0x01000193);
    this.hash = Math.imul(this.hash ^ 0x2c, 0x01000193);
  }
}

export interface VmallocScenario {
  /** The bit of run_test_mask. */
  readonly id: number;
  readonly name: string;
  /** Expected to fail: a failure counts as xfailed. */
  readonly xfail: boolean;
  run(t: ScenarioRun): 0 | -1;
}

const POINTER = 8;

function fixSize(t: ScenarioRun): 0 | -1 {
  for (let i = 0; i < t.params.loops; i++) {
    const p = t.vmalloc(t.params.nrPages * t.pageSize);
    if (p === null) return -1;
    t.vfree(p);
  }
  return 0;
}

function fullFit(t: ScenarioRun): 0 | -1 {
  const junkLength = lazyMaxPagesOf(t.a.config);
  const ptr = t.vmalloc(POINTER * junkLength);
  if (ptr === null) return -1;
  const junkPtr = t.vmalloc(POINTER * junkLength);
  if (junkPtr === null) {
    t.vfree(ptr);
    return -1;
  }
  const kept: (number | null)[] = [];
  const junk: (number | null)[] = [];
  for (let i = 0; i < junkLength; i++) {
    kept.push(t.vmalloc(t.pageSize));
    junk.push(t.vmalloc(t.pageSize));
  }
  // Two pages each with the guard, 2 * lazy_max_pages in all: the threshold purge turns them into holes.
  for (const p of junk) t.vfree(p);
  let rv: 0 | -1 = 0;
  for (let i = 0; i < t.params.loops; i++) {
    const tmp = t.vmalloc(t.pageSize);
    if (tmp === null) {
      rv = -1;
      break;
    }
    t.vfree(tmp);
  }
  for (const p of kept) t.vfree(p);
  t.vfree(ptr);
  t.vfree(junkPtr);
  return rv;
}

function longBusyList(t: ScenarioRun): 0 | -1 {
  const count = t.params.longBusyCount;
  const ptr = t.vmalloc(POINTER * count);
  if (ptr === null) return -1;
  const held: (number | null)[] = [];
  for (let i = 0; i < count; i++) held.push(t.vmalloc(t.pageSize));
  let rv: 0 | -1 = 0;
  for (let i = 0; i < t.params.loops; i++) {
    const p1 = t.vmalloc(100 * t.pageSize);
    if (p1 === null) {
      rv = -1;
      break;
    }
    const p2 = t.vmalloc(t.pageSize);
    if (p2 === null) {
      t.vfree(p1);
      rv = -1;
      break;
    }
    t.vfree(p1);
    t.vfree(p2);
  }
  for (const p of held) t.vfree(p);
  t.vfree(ptr);
  return rv;
}

function randomSize(t: ScenarioRun): 0 | -1 {
  for (let i = 0; i < t.params.loops; i++) {
    const p = t.vmalloc(t.between(1, 100) * t.pageSize);
    if (p === null) return -1;
    t.vfree(p);
  }
  return 0;
}

function fixAlign(t: ScenarioRun): 0 | -1 {
  for (let i = 0; i < t.params.loops; i++) {
    const p = t.vmalloc(5 * t.pageSize, { align: t.params.threadAlign * 2 });
    if (p === null) return -1;
    t.vfree(p);
  }
  return 0;
}

function randomSizeAlign(t: ScenarioRun): 0 | -1 {
  for (let i = 0; i < t.params.loops; i++) {
    const rnd = t.u8();
    const p = t.vmalloc(((rnd % 10) + 1) * t.pageSize, { align: 2 ** (rnd % 23) });
    if (p === null) return -1;
    t.vfree(p);
  }
  return 0;
}

function alignShift(t: ScenarioRun): 0 | -1 {
  for (let shift = 0; shift < 64; shift++) {
    const p = t.vmalloc(t.pageSize, { align: 2 ** shift });
    if (p === null) {
      t.failedAtShift = shift;
      return -1;
    }
    t.vfree(p);
  }
  return 0;
}

/**
 * __alloc_percpu / free_percpu reduced to what reaches vmalloc: objects are bump-allocated in the
 * current chunk's unit; a full chunk makes a new one with pcpu_get_vm_areas (one area a group);
 * at the end every chunk's areas are freed (pcpu_free_vm_areas, lazily).
 */
function pcpuAlloc(t: ScenarioRun): 0 | -1 {
  const { groups, unitsPerGroup, unitPages, atomPages } = t.params.pcpu;
  const P = t.pageSize;
  const unitBytes = unitPages * P;
  const atom = atomPages * P;
  const groupBytes = Math.ceil((unitsPerGroup * unitBytes) / atom) * atom;
  const offsets = Array.from({ length: groups }, (_, g) => g * (groupBytes + atom));
  const sizes = offsets.map(() => groupBytes);
  const pageShift = Math.log2(P);
  const objects = t.params.nrPcpuObjects;
  const pcpu = t.vmalloc(POINTER * objects);
  if (pcpu === null) return -1;
  let rv: 0 | -1 = 0;
  const chunks: number[][] = [];
  let cursor = unitBytes; // no chunk yet
  for (let i = 0; i < objects; i++) {
    const size = t.between(1, P / 4);
    const align = 2 ** t.between(1, pageShift - 1);
    let at = Math.ceil(cursor / align) * align;
    if (at + size > unitBytes) {
      const chunk = t.pcpuAreas(offsets, sizes, atom);
      if (chunk === null) {
        rv = -1;
        continue;
      }
      chunks.push(chunk);
      at = 0;
    }
    cursor = at + size;
  }
  for (const chunk of chunks) for (const start of chunk) t.vfree(start);
  t.vfree(pcpu);
  return rv;
}

/** kvfree_rcu_1_arg / kvfree_rcu_2_arg: the same allocations (one page either way); the free is an RCU callback. */
function kvfreeRcu(t: ScenarioRun): 0 | -1 {
  const rcu = new Rcu({ history: false });
  let rv: 0 | -1 = 0;
  for (let i = 0; i < t.params.loops; i++) {
    const p = t.vmalloc(t.pageSize);
    if (p === null) {
      rv = -1;
      break;
    }
    rcu.callRcu(() => t.vfree(p), 'kvfree_rcu');
    rcu.advance();
  }
  rcu.barrier();
  return rv;
}

function vmMapRam(t: ScenarioRun): 0 | -1 {
  const count = Math.max(t.params.nrPages, 1);
  for (let i = 0; i < t.params.loops; i++) {
    const v = vm_map_ram(t.a, count);
    t.recordResult(v ?? -1);
    if (v === null) return -1;
    if (!vmallocHolds(t.a, v, count * t.pageSize, true)) throw new ScenarioError(`${t.a.design}: vm_map_ram(${count}) returned 0x${v.toString(16)}, not an area of ${count} pages`);
    if (vm_unmap_ram(t.a, v) !== 0) throw new ScenarioError(`${t.a.design}: vm_unmap_ram of a live area refused`);
  }
  return 0;
}

/**
 * vrealloc_test: a page, grown to 4 pages (a new area: the old one must be freed), shrunk to a
 * page and to half a page, grown back to a page (all three in place: the same pointer). The
 * kernel checks the first byte survives each step; page contents are not modelled, so what is
 * checked is what carries it: the moving grow leaves no busy area behind at the old address, and
 * the in-place steps keep the pointer and an area that holds the bytes.
 */
function vreallocTest(t: ScenarioRun): 0 | -1 {
  const page = t.pageSize;
  let p: number | null = null;
  const step = (bytes: number, inPlace: boolean): boolean => {
    const before = p;
    const next = vrealloc(t.a, p, bytes);
    t.recordResult(next ?? -1);
    if (next === null) return false;
    if (inPlace && next !== before) throw new ScenarioError(`${t.a.design}: vrealloc to ${bytes} bytes moved an area that holds them`);
    if (!vmallocHolds(t.a, next, bytes)) throw new ScenarioError(`${t.a.design}: vrealloc gave 0x${next.toString(16)}, which does not hold ${bytes} bytes`);
    if (before !== null && next !== before && t.a.find_vmap_area(before) !== undefined) {
      throw new ScenarioError(`${t.a.design}: vrealloc moved 0x${before.toString(16)} to 0x${next.toString(16)} but the old area is still busy`);
    }
    p = next;
    return true;
  };
  for (let i = 0; i < t.params.loops; i++) {
    p = null;
    if (!step(page, false) || !step(4 * page, false) || !step(page, true) || !step(page / 2, true) || !step(page, true)) return -1;
    t.vfree(p);
  }
  return 0;
}

function noBlock(t: ScenarioRun): 0 | -1 {
  for (let i = 0; i < t.params.loops; i++) {
    // The kernel tosses a coin for GFP_ATOMIC or GFP_NOWAIT; both may not sleep, which is all the
    // allocator distinguishes, so both are GFP_NOWAIT here (surface.ts). The coin is still drawn.
    t.u8();
    const gfp: Gfp = 'GFP_NOWAIT';
    const p = t.vmalloc(t.params.nrPages * t.pageSize, { gfp });
    if (p === null) return -1;
    t.vfree(p);
  }
  return 0;
}

export const TEST_VMALLOC_SCENARIOS: readonly VmallocScenario[] = [
  { id: 1, name: 'fix_size_alloc_test', xfail: false, run: fixSize },
  { id: 2, name: 'full_fit_alloc_test', xfail: false, run: fullFit },
  { id: 4, name: 'long_busy_list_alloc_test', xfail: false, run: longBusyList },
  { id: 8, name: 'random_size_alloc_test', xfail: false, run: randomSize },
  { id: 16, name: 'fix_align_alloc_test', xfail: false, run: fixAlign },
  { id: 32, name: 'random_size_align_alloc_test', xfail: false, run: randomSizeAlign },
  { id: 64, name: 'align_shift_alloc_test', xfail: true, run: alignShift },
  { id: 128, name: 'pcpu_alloc_test', xfail: false, run: pcpuAlloc },
  { id: 256, name: 'kvfree_rcu_1_arg_vmalloc_test', xfail: false, run: kvfreeRcu },
  { id: 512, name: 'kvfree_rcu_2_arg_vmalloc_test', xfail: false, run: kvfreeRcu },
  { id: 1024, name: 'vm_map_ram_test', xfail: false, run: vmMapRam },
  { id: 2048, name: 'no_block_alloc_test', xfail: true, run: noBlock },
  { id: 4096, name: 'vrealloc_test', xfail: false, run: vreallocTest },
];

/** The subtest called `name`; throws naming the known ones otherwise. */
export function scenarioNamed(name: string): VmallocScenario {
  const s = TEST_VMALLOC_SCENARIOS.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no test_vmalloc scenario '${name}' (known: ${TEST_VMALLOC_SCENARIOS.map((x) => x.name).join(', ')})`);
  return s;
}

export function withDefaults(params: ScenarioParams): Required<ScenarioParams> {
  if (!Number.isSafeInteger(params.loops) || params.loops < 1) throw new RangeError(`loops ${params.loops} must be a positive integer`);
  return {
    loops: params.loops,
    seed: params.seed >>> 0,
    repeat: Math.max(1, params.repeat ?? 1),
    nrPages: Math.max(1, params.nrPages ?? 1),
    longBusyCount: params.longBusyCount ?? 15000,
    nrPcpuObjects: params.nrPcpuObjects ?? 35000,
    threadAlign: params.threadAlign ?? 16 * 1024,
    pcpu: params.pcpu ?? DEFAULT_PCPU_LAYOUT,
  };
}

/** Runs one subtest `repeat` times on `a` (which keeps its state between repeats, as the kernel's does). */
export function runScenario(a: VmapAllocator, scenario: VmallocScenario, params: ScenarioParams): ScenarioResult {
  const p = withDefaults(params);
  const t = new ScenarioRun(a, p, new Sfc32(p.seed));
  const result: ScenarioResult = { id: scenario.id, name: scenario.name, passed: 0, failed: 0, xfailed: 0, repeat: p.repeat, loops: p.loops, calls: 0, nulls: 0, trace: '' };
  for (let r = 0; r < p.repeat; r++) {
    const ret = scenario.run(t);
    if (ret === 0) result.passed++;
    else if (scenario.xfail) result.xfailed++;
    else result.failed++;
  }
  result.calls = t.calls;
  result.nulls = t.nulls;
  result.trace = t.trace;
  if (t.failedAtShift !== undefined) result.failedAtShift = t.failedAtShift;
  return result;
}

/** The kernel's summary line for one subtest. */
export function summaryLine(r: ScenarioResult): string {
  return `Summary: ${r.name} passed: ${r.passed} failed: ${r.failed} xfailed: ${r.xfailed} repeat: ${r.repeat} loops: ${r.loops}`;
}
