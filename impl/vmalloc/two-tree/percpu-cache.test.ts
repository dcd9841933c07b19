/**
 * The per-CPU chunk overlay of the two-tree design (RFC patches 10-12), example by example: bump
 * allocation in a chunk per CPU, O(1) lookup through the back-pointer array, the fast-reject of
 * addresses outside every chunk, retirement and return of chunks, reuse of an emptied chunk, and
 * the fall-back to the global lowest fit. validate() (chunk invariants and the partition of the
 * space, cached ranges counted as free) runs after every step.
 */
import { describe, expect, it } from 'vitest';
import { EBUSY } from '../../errno.js';
import { PAGE, S, smallConfig } from '../maple-designs.test-helpers.js';
import { TwoTreeVmalloc } from './index.js';

const CHUNK = 16 * PAGE;

function overlay(pages = 256): TwoTreeVmalloc {
  return new TwoTreeVmalloc(smallConfig(pages), { percpuCache: { chunkPages: 16, maxPages: 4 } });
}

describe('maple-two-tree with the per-CPU overlay', () => {
  it('each CPU bumps through its own chunk; large requests take the global lowest fit', () => {
    const v = overlay();
    const end = v.config.end;
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S);
    expect(v.alloc_vmap_area(2 * PAGE, PAGE, S, end, { cpu: 0 })).toBe(S + PAGE);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 1 })).toBe(S + CHUNK);
    expect(v.alloc_vmap_area(8 * PAGE, PAGE, S, end, { cpu: 0 })).toBe(S + 2 * CHUNK); // above maxPages
    expect(v.alloc_vmap_area(PAGE, 4 * PAGE, S, end, { cpu: 0 })).toBe(S + 2 * CHUNK + 8 * PAGE); // align > PAGE
    v.validate();
    expect(v.cache!.stats).toMatchObject({ hits: 3, chunksTaken: 2 });
    expect(v.busyAreas().map((a) => [a.start - S, a.cpu])).toEqual([[0, 0], [PAGE, 0], [CHUNK, 1], [2 * CHUNK, 0], [2 * CHUNK + 8 * PAGE, 0]]);
    // The unused rest of each chunk is a cached free range, reported with the free blocks.
    expect(v.freeBlocks()[0]).toEqual({ start: S + 3 * PAGE, end: S + CHUNK });
  });

  it('lookups of chunk areas are O(1) through the back-pointer array; addresses outside every chunk are rejected first', () => {
    const v = overlay();
    const a = v.alloc_vmap_area(3 * PAGE, PAGE, S, v.config.end, { cpu: 1 });
    expect(v.find_vmap_area(a + 2 * PAGE + 17)).toEqual({ start: a, end: a + 3 * PAGE, cpu: 1 });
    expect(v.find_vmap_area(a + 3 * PAGE)).toBeUndefined();
    const rejects = v.cache!.stats.fastRejects;
    expect(v.find_vmap_area(S + 100 * PAGE)).toBeUndefined();
    expect(v.cache!.stats.fastRejects).toBe(rejects + 1);
    expect(v.vfree(a + PAGE)).toBe(0); // interior pointer: the whole area
    expect(v.find_vmap_area(a)).toBeUndefined();
    expect(v.vfree(a)).toBe(-22);
    expect(v.lazyAreas()).toEqual([{ start: a, end: a + 3 * PAGE }]);
    v.validate();
  });

  it('an emptied chunk is reused from its start; a retired one goes back to the free tree when its last area is purged', () => {
    const v = overlay();
    const end = v.config.end;
    const first = Array.from({ length: 4 }, () => v.alloc_vmap_area(4 * PAGE, PAGE, S, end, { cpu: 0 }));
    expect(first).toEqual([S, S + 4 * PAGE, S + 8 * PAGE, S + 12 * PAGE]); // the chunk is full
    for (const a of first) v.vfree(a);
    v.purge_vmap_area_lazy();
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S); // reused from its start
    v.validate();
    // Fill it, so the next request retires it and takes a new chunk.
    const rest = Array.from({ length: 3 }, () => v.alloc_vmap_area(4 * PAGE, PAGE, S, end, { cpu: 0 }));
    expect(rest).toEqual([S + PAGE, S + 5 * PAGE, S + 9 * PAGE]);
    expect(v.alloc_vmap_area(4 * PAGE, PAGE, S, end, { cpu: 0 })).toBe(S + CHUNK);
    for (const a of [S, ...rest]) v.vfree(a);
    expect(v.cache!.stats.chunksReturned).toBe(0);
    v.purge_vmap_area_lazy();
    expect(v.cache!.stats.chunksReturned).toBe(1);
    expect(v.free.blockContaining(S)).toEqual({ start: S, end: S + CHUNK });
    v.validate();
  });

  it('when no fit is left even after the purge, empty chunks go back to the free tree and the request is served', () => {
    const v = overlay(32); // two chunks' worth
    const end = v.config.end;
    const a = v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 });
    const b = v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 1 });
    expect([a, b]).toEqual([S, S + CHUNK]);
    v.vfree(a);
    v.vfree(b);
    v.purge_vmap_area_lazy(); // both chunks are empty but still cached
    expect(v.alloc_vmap_area(20 * PAGE, PAGE, S, end)).toBe(S);
    expect(v.alloc_vmap_area(20 * PAGE, PAGE, S, end)).toBe(-EBUSY);
    v.validate();
  });

  it('a request whose [vstart, vend) leaves out the CPU chunk is not served from it; a chunk in use is not free space for others', () => {
    const v = overlay();
    const end = v.config.end;
    expect(v.alloc_vmap_area(PAGE, PAGE, S, end, { cpu: 0 })).toBe(S);
    expect(v.alloc_vmap_area(PAGE, PAGE, S + 3 * CHUNK, end, { cpu: 0 })).toBe(S + 3 * CHUNK);
    // cpu0's first chunk still holds [S, S + PAGE): the rest of it is cached for cpu0 only, so a
    // request that must land below S + 4 pages fails where the model would give S + PAGE: the
    // overlay trades lowest fit (and some space) for speed, which is why it is held to validity.
    expect(v.alloc_vmap_area(PAGE, PAGE, S, S + 4 * PAGE, { cpu: 1 })).toBe(-EBUSY);
    v.validate();
  });
});
