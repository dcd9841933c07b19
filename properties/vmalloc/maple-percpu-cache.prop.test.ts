/**
 * The per-CPU overlay (two-tree design, RFC patches 10-12) is held to validity, not lowest fit
 * (surface.ts): random operation lists on several CPUs, and after every operation
 * - a returned area is aligned, inside [vstart, vend), busy in the design with its CPU, and
 *   overlaps no area a caller still holds nor one freed since the last purge;
 * - the busy areas are exactly the areas the callers hold (none lost, none invented);
 * - find_vmap_area of any address inside a held area gives that area;
 * - the design validates (trees, chunk back-pointers, the partition of the space).
 * The oracle test breaks the overlay (a bump pointer that lags one page) and expects a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VmallocConfig } from '../../impl/vmalloc/surface.js';
import { TwoTreeVmalloc } from '../../impl/vmalloc/two-tree/index.js';
import { BASE_SEED, checkProperty, runsFromEnv, scaledRuns } from '../seed.js';

const FILE = 'properties/vmalloc/maple-percpu-cache.prop.test.ts';
const RUNS = runsFromEnv('MAPLE_VMALLOC_CACHE_RUNS', 100);
const PAGE = 4096;
const CONFIG: VmallocConfig = { pageSize: PAGE, start: 2 ** 40, end: 2 ** 40 + 160 * PAGE, cpus: 3, lazyMaxPages: 12 };

type Op =
  | { kind: 'alloc'; pages: number; alignShift: number; cpu: number; low: number; high: number }
  | { kind: 'vfree'; pick: number; offset: number }
  | { kind: 'purge' }
  | { kind: 'find'; pick: number; offset: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('alloc' as const), pages: fc.integer({ min: 1, max: 6 }), alignShift: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })), cpu: fc.integer({ min: 0, max: 2 }), low: fc.oneof(fc.constant(0), fc.nat(20)), high: fc.oneof(fc.constant(0), fc.nat(20)) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('vfree' as const), pick: fc.nat(), offset: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('find' as const), pick: fc.nat(), offset: fc.nat(5) }) },
);

interface Held {
  start: number;
  end: number;
  cpu: number;
}

/** Runs `ops` on `v`, checking validity after each; throws naming the broken rule. */
function runValidity(v: TwoTreeVmalloc, ops: readonly Op[], counts: Counts): void {
  const held: Held[] = [];
  let lazy: Held[] = [];
  const fail = (i: number, why: string): never => {
    throw new Error(`op ${i} ${JSON.stringify(ops[i])}: ${why}`);
  };
  ops.forEach((op, i) => {
    if (op.kind === 'alloc') {
      const size = op.pages * PAGE;
      const align = PAGE << op.alignShift;
      const vstart = CONFIG.start + op.low * 4 * PAGE;
      const vend = CONFIG.end - op.high * 4 * PAGE;
      const addr = v.alloc_vmap_area(size, align, vstart, vend, { cpu: op.cpu });
      if (v.lazyPages === 0) lazy = []; // the call purged (before its fit, or before -EBUSY)
      if (addr < 0) {
        counts.ebusy++;
        return;
      }
      counts.served++;
      if (addr % align !== 0 || addr < vstart || addr + size > vend) fail(i, `0x${addr.toString(16)} is not aligned inside [vstart, vend)`);
      const area = { start: addr, end: addr + size, cpu: op.cpu };
      const clash = [...held, ...lazy].find((h) => h.start < area.end && area.start < h.end);
      if (clash !== undefined) fail(i, `[0x${addr.toString(16)}, +${size}) overlaps held or lazy [0x${clash.start.toString(16)}, 0x${clash.end.toString(16)})`);
      held.push(area);
    } else if (op.kind === 'vfree' && held.length > 0) {
      const [area] = held.splice(op.pick % held.length, 1);
      if (v.vfree(area.start + Math.min(op.offset, (area.end - area.start) / PAGE - 1) * PAGE) !== 0) fail(i, 'vfree of a held area failed');
      lazy.push(area);
      if (v.lazyPages === 0) lazy = [];
    } else if (op.kind === 'purge') {
      v.purge_vmap_area_lazy();
      lazy = [];
    } else if (op.kind === 'find' && held.length > 0) {
      const area = held[op.pick % held.length];
      const found = v.find_vmap_area(Math.min(area.start + op.offset * 1000, area.end - 1));
      if (JSON.stringify(found) !== JSON.stringify(area)) fail(i, `find_vmap_area gave ${JSON.stringify(found)} for ${JSON.stringify(area)}`);
    }
    v.validate();
    const busy = JSON.stringify(v.busyAreas());
    const want = JSON.stringify([...held].sort((a, b) => a.start - b.start));
    if (busy !== want) fail(i, `busy areas ${busy} are not the held areas ${want}`);
  });
}

interface Counts {
  served: number;
  ebusy: number;
  /** Allocations the chunks served, and chunks given back (summed over runs). */
  chunkHits: number;
  chunksReturned: number;
}

function cacheProperty(make: () => TwoTreeVmalloc, counts: Counts) {
  return fc.property(fc.array(opArb, { minLength: 20, maxLength: 120 }), (ops) => {
    const v = make();
    runValidity(v, ops, counts);
    counts.chunkHits += v.cache!.stats.hits;
    counts.chunksReturned += v.cache!.stats.chunksReturned;
  });
}

const makeOverlay = (): TwoTreeVmalloc => new TwoTreeVmalloc(CONFIG, { percpuCache: { chunkPages: 16, maxPages: 4 } });

describe(`maple-two-tree with the per-CPU overlay: validity (seed ${BASE_SEED})`, () => {
  it('every result is valid and the sets stay a partition', () => {
    const counts: Counts = { served: 0, ebusy: 0, chunkHits: 0, chunksReturned: 0 };
    const name = 'percpu overlay validity';
    checkProperty(name, cacheProperty(makeOverlay, counts), { numRuns: RUNS, file: FILE, testName: 'every result is valid and the sets stay a partition' });
    console.log(`${name}: ${JSON.stringify(counts)}`);
    expect(counts.served).toBeGreaterThan(scaledRuns(RUNS) * 5);
    expect(counts.chunkHits).toBeGreaterThan(scaledRuns(RUNS));
    if (scaledRuns(RUNS) >= 20) {
      // Rare events need enough runs; the scaled-down runs under mutation testing skip them.
      expect(counts.chunksReturned).toBeGreaterThan(0);
      expect(counts.ebusy).toBeGreaterThan(0);
    }
  });

  it('catches a broken overlay whose bump pointer lags one page behind', () => {
    class LaggingBump extends TwoTreeVmalloc {
      protected override fastPath(size: number, align: number, vstart: number, vend: number, cpu: number, gfp: 'GFP_KERNEL' | 'GFP_NOWAIT' | 'GFP_NOFAIL'): number {
        const addr = super.fastPath(size, align, vstart, vend, cpu, gfp);
        // Hands out the page before the area it recorded: overlaps the previous area of the chunk.
        return addr > 0 && (addr / PAGE) % 16 !== 0 ? addr - PAGE : addr;
      }
    }
    const broken = cacheProperty(() => new LaggingBump(CONFIG, { percpuCache: { chunkPages: 16, maxPages: 4 } }), { served: 0, ebusy: 0, chunkHits: 0, chunksReturned: 0 });
    expect(() => checkProperty('broken overlay', broken, { numRuns: 100, file: FILE, testName: 'catches a broken overlay' })).toThrow(/overlaps|busy areas/);
  });
});
