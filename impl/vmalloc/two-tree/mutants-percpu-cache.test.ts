/**
 * What percpu-cache.test.ts and the overlay property leave open, found by mutation testing
 * (npm run mutate). Pinned here, through the design's surface where it can be reached:
 * - the options: chunkPages must be a power of two (1 included), maxPages defaults to chunkPages / 8;
 * - which requests the cache serves: a CPU outside [0, cpus) and a request whose [vstart, vend)
 *   does not hold the CPU's whole chunk go to the global lowest fit;
 * - a chunk leaves the cache when it is retired empty, and returning a retired chunk leaves its
 *   CPU's current chunk alone, while dropping a current chunk makes its CPU take a new one;
 * - the fast-reject of addresses below the lowest chunk and at the highest chunk's end;
 * - a full chunk reports no empty cached range;
 * - an allocation that purged (emptying and dropping chunks) and then failed with -ENOMEM puts the
 *   cache back exactly (snapshot/restore), so the CPU bumps on where it was;
 * and validate() catches each broken chunk invariant (a deliberately corrupted cache per check).
 */
import { describe, expect, it } from 'vitest';
import { failNothing, type FaultPlan } from '../../alloc/node-allocator.js';
import { EBUSY, ENOMEM } from '../../errno.js';
import { PAGE, S, shown, smallConfig } from '../maple-designs.test-helpers.js';
import { MapleVmapArea } from '../common/vmap-area.js';
import { TwoTreeVmalloc } from './index.js';
import type { PercpuCache } from './percpu-cache.js';

const CHUNK = 16 * PAGE;

function overlay(pages = 256, cpus = 2): TwoTreeVmalloc {
  return new TwoTreeVmalloc(smallConfig(pages, { cpus }), { percpuCache: { chunkPages: 16, maxPages: 4 } });
}

function cacheOf(v: TwoTreeVmalloc): PercpuCache {
  if (v.cache === null) throw new Error('the overlay is off');
  return v.cache;
}

describe('per-CPU overlay options', () => {
  it('chunkPages that is not a positive power of two is a RangeError', () => {
    for (const chunkPages of [0, -4, 3, 12, 1.5, Number.NaN]) {
      expect(() => new TwoTreeVmalloc(smallConfig(), { percpuCache: { chunkPages } }), `chunkPages ${chunkPages}`).toThrow(RangeError);
    }
  });

  it('one-page chunks work: every allocation takes a chunk of its own', () => {
    const v = new TwoTreeVmalloc(smallConfig(), { percpuCache: { chunkPages: 1 } });
    expect(cacheOf(v).maxSize).toBe(PAGE);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S + PAGE);
    expect(cacheOf(v).stats).toMatchObject({ hits: 2, chunksTaken: 2 });
    v.validate();
  });

  it('by default chunks are 64 pages and requests up to 8 pages are served from them', () => {
    const v = new TwoTreeVmalloc(smallConfig(), { percpuCache: true });
    const end = v.config.end;
    expect(v.alloc_vmap_area(8 * PAGE, PAGE, S, end)).toBe(S);
    expect(cacheOf(v).stats.hits).toBe(1);
    expect(v.alloc_vmap_area(9 * PAGE, PAGE, S, end)).toBe(S + 64 * PAGE); // the global fit, above the chunk
    expect(cacheOf(v).stats).toMatchObject({ hits: 1, chunksTaken: 1 });
    v.validate();
  });
});

describe('per-CPU overlay: which requests a chunk serves', () => {
  it('a CPU number outside [0, cpus) is served by the global lowest fit', () => {
    const v = overlay();
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end, { cpu: 2 })).toBe(S);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end, { cpu: -1 })).toBe(S + PAGE);
    expect(cacheOf(v).stats).toMatchObject({ hits: 0, chunksTaken: 0 });
    expect(v.busyAreas().map((a) => a.cpu)).toEqual([2, -1]);
    v.validate();
  });

  it('the CPU chunk serves a request whose vend is the chunk end, not one whose vend cuts the chunk', () => {
    const v = overlay();
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, S + CHUNK)).toBe(S + PAGE);
    // [S + 2 pages, S + 4 pages) would fit below vend, but the chunk reaches past it.
    expect(v.alloc_vmap_area(2 * PAGE, PAGE, S, S + 3 * PAGE)).toBe(-EBUSY);
    expect(cacheOf(v).stats).toMatchObject({ hits: 2, chunksTaken: 1 });
    v.validate();
  });
});

describe('per-CPU overlay: chunks leaving the cache', () => {
  it('an empty chunk retired for a request outside it goes back to the free tree at once', () => {
    const v = overlay();
    const end = v.config.end;
    v.vfree(v.alloc_vmap_area(PAGE, PAGE, S, end));
    v.purge_vmap_area_lazy(); // the chunk at S is empty, still cpu0's
    expect(v.alloc_vmap_area(PAGE, PAGE, S + CHUNK, end)).toBe(S + CHUNK);
    expect(cacheOf(v).chunkRanges()).toEqual([{ start: S + CHUNK, end: S + 2 * CHUNK }]);
    expect(v.free.blockContaining(S)).toEqual({ start: S, end: S + CHUNK });
    expect(v.alloc_vmap_area(8 * PAGE, PAGE, S, end)).toBe(S); // the global lowest fit gets it back
    v.validate();
  });

  it("returning a retired chunk keeps its CPU's current chunk", () => {
    const v = overlay();
    const end = v.config.end;
    const full = Array.from({ length: 4 }, () => v.alloc_vmap_area(4 * PAGE, PAGE, S, end));
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end)).toBe(S + CHUNK); // retires the full chunk
    for (const a of full) v.vfree(a);
    v.purge_vmap_area_lazy();
    expect(cacheOf(v).stats.chunksReturned).toBe(1);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end)).toBe(S + CHUNK + PAGE); // bumps on in the current chunk
    expect(cacheOf(v).stats.chunksTaken).toBe(2);
    v.validate();
  });

  it('a CPU whose empty chunk was dropped for a global fit takes a new chunk (or the global fit) next', () => {
    const v = overlay(32); // two chunks' worth
    const end = v.config.end;
    v.vfree(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 }));
    v.vfree(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 1 }));
    v.purge_vmap_area_lazy();
    expect(v.alloc_vmap_area(20 * PAGE, PAGE, S, end)).toBe(S); // drops both chunks
    expect(cacheOf(v).chunkRanges()).toEqual([]);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S + 20 * PAGE);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 1 })).toBe(S + 21 * PAGE);
    v.validate();
  });
});

describe('per-CPU overlay: lookups and cached ranges', () => {
  it('addresses below the lowest chunk and at the end of the highest are rejected before the chunk map', () => {
    const v = overlay();
    const a = v.alloc_vmap_area(PAGE, PAGE, S + 2 * CHUNK, v.config.end);
    expect(a).toBe(S + 2 * CHUNK);
    const cache = cacheOf(v);
    const before = cache.stats.fastRejects;
    expect(cache.find(S + 2 * CHUNK - 1)).toBeUndefined();
    expect(cache.stats.fastRejects).toBe(before + 1);
    expect(cache.find(S + 3 * CHUNK)).toBeUndefined();
    expect(cache.stats.fastRejects).toBe(before + 2);
    expect(cache.find(S + 3 * CHUNK - 1)).toBeUndefined(); // in the chunk, not covered
    expect(cache.find(a)?.view()).toEqual(v.busyAreas()[0]);
    expect(cache.stats.fastRejects).toBe(before + 2);
  });

  it('a full chunk reports no cached range, not even an empty one', () => {
    const v = overlay();
    const end = v.config.end;
    for (let i = 0; i < 4; i++) v.alloc_vmap_area(4 * PAGE, PAGE, S, end, { cpu: 0 });
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 1 })).toBe(S + CHUNK);
    expect(v.freeBlocks()).toEqual([{ start: S + CHUNK + PAGE, end }]);
    v.validate();
  });
});

describe('per-CPU overlay: an allocation that fails after its own purge', () => {
  const refuseSleeping: FaultPlan = { shouldFail: (r) => r.gfp !== 'GFP_NOFAIL', describe: () => 'refuse all but GFP_NOFAIL' };

  it('-ENOMEM puts the chunks, their members and the CPU chunks back as they were', () => {
    const v = overlay(32); // two chunks' worth
    const end = v.config.end;
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S + PAGE);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 1 })).toBe(S + CHUNK);
    v.vfree(S);
    v.vfree(S + PAGE);
    const before = shown(v);
    const chunks = cacheOf(v).chunkRanges();
    // No fit for 16 pages: the purge empties cpu0's chunk, which is dropped for the global fit at
    // S; then the stores are refused and everything is rolled back.
    v.faults.plan = refuseSleeping;
    expect(v.alloc_vmap_area(16 * PAGE, PAGE, S, end)).toBe(-ENOMEM);
    v.faults.plan = failNothing;
    expect(shown(v)).toEqual(before);
    expect(cacheOf(v).chunkRanges()).toEqual(chunks);
    v.validate();
    // cpu0 bumps on in its restored chunk; the lazy areas are still its members and purge cleanly.
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S + 2 * PAGE);
    v.purge_vmap_area_lazy();
    expect(v.lazyAreas()).toEqual([]);
    expect(v.find_vmap_area(S + 2 * PAGE)).toEqual({ start: S + 2 * PAGE, end: S + 3 * PAGE, cpu: 0 });
    v.validate();
  });
});

/** The cache's private state, for the corruptions validate() must catch. */
interface ChunkState {
  start: number;
  end: number;
  bump: number;
  readonly members: Set<MapleVmapArea>;
  readonly slots: (MapleVmapArea | null)[];
}
interface CacheState {
  chunks: Map<number, ChunkState>;
  resident: Map<MapleVmapArea, ChunkState>;
  low: number;
  high: number;
}

/**
 * cpu0's chunk at S: a busy page at S, a lazy [S + 1, S + 3) pages, bump at S + 3 pages; cpu1's
 * chunk at S + CHUNK: a busy page. validate() passes.
 */
function twoChunks(): { v: TwoTreeVmalloc; cache: PercpuCache; state: CacheState; low: ChunkState; high: ChunkState } {
  const v = overlay();
  const end = v.config.end;
  expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S);
  expect(v.alloc_vmap_area(2 * PAGE, PAGE, S, end, { cpu: 0 })).toBe(S + PAGE);
  expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 1 })).toBe(S + CHUNK);
  expect(v.vfree(S + PAGE)).toBe(0);
  v.validate();
  const cache = cacheOf(v);
  const state = cache as unknown as CacheState;
  return { v, cache, state, low: state.chunks.get(S / CHUNK) as ChunkState, high: state.chunks.get(S / CHUNK + 1) as ChunkState };
}

/** A lazy area that is a member of `chunk` and resident there (or in `residentIn`). */
function addMember(state: CacheState, chunk: ChunkState, start: number, end: number, residentIn = chunk): void {
  const va = new MapleVmapArea(start, end, 0);
  va.state = 'lazy';
  chunk.members.add(va);
  state.resident.set(va, residentIn);
}

describe('per-CPU overlay: validate() catches a broken cache', () => {
  it('a chunk filed under the wrong key', () => {
    const { cache, state, low } = twoChunks();
    state.chunks.delete(S / CHUNK);
    state.chunks.set(S / CHUNK + 5, low);
    expect(() => cache.validate()).toThrow(/is misfiled$/);
  });

  it('a chunk that is not chunkSize long', () => {
    const { cache, low } = twoChunks();
    low.end -= PAGE;
    expect(() => cache.validate()).toThrow(/is misfiled$/);
  });

  it('a chunk that is also a free block', () => {
    const { v, cache } = twoChunks();
    v.free.insertMerged(S, S + PAGE); // the chunk's first page, in the free tree too
    expect(() => cache.validate()).toThrow(/is also free/);
  });

  it('fast-reject bounds that leave out a chunk, below or above', () => {
    const low = twoChunks();
    low.state.low = S + PAGE;
    expect(() => low.cache.validate()).toThrow(/outside the fast-reject bounds/);
    const high = twoChunks();
    high.state.high = S + 2 * CHUNK - PAGE;
    expect(() => high.cache.validate()).toThrow(/outside the fast-reject bounds/);
  });

  it('a member below its chunk, past its bump pointer, or resident in another chunk', () => {
    const below = twoChunks();
    addMember(below.state, below.high, S + CHUNK - PAGE, S + CHUNK + PAGE);
    expect(() => below.cache.validate()).toThrow(/is misfiled in chunk/);
    const past = twoChunks();
    addMember(past.state, past.low, S + 3 * PAGE, S + 4 * PAGE);
    expect(() => past.cache.validate()).toThrow(/is misfiled in chunk/);
    const elsewhere = twoChunks();
    addMember(elsewhere.state, elsewhere.low, S + 2 * PAGE, S + 3 * PAGE, elsewhere.high);
    expect(() => elsewhere.cache.validate()).toThrow(/is misfiled in chunk/);
  });

  it('a back-pointer on a page no busy member covers, or a busy page without one', () => {
    const stray = twoChunks();
    stray.low.slots[1] = stray.low.slots[0]; // the lazy area's page
    expect(() => stray.cache.validate()).toThrow(/page 1 points at/);
    const missing = twoChunks();
    missing.high.slots[0] = null;
    expect(() => missing.cache.validate()).toThrow(/page 0 points at null/);
  });
});
