/**
 * The per-CPU free-range cache / bump-allocator overlay of the RFC (patches 10-12), on top of the
 * two-tree design: each CPU owns a chunk (a chunk-aligned range taken out of the free tree by lowest
 * fit) and serves small page-aligned allocations by bumping a pointer through it, with no tree
 * write at all. Lookups of chunk-resident areas are O(1): the chunk is found by address division
 * in a map of chunks, after a bounded fast-reject of addresses outside [lowest chunk start,
 * highest chunk end); the chunk's back-pointer array maps each page to the area covering it. The
 * busy tree stays the fallback for everything else.
 *
 * Invariants (validate()):
 * - a chunk is chunkSize-aligned, lies in the space, and is in no free block; its members (busy and
 *   lazy resident areas) are disjoint and lie in [start, bump); live === members.size;
 * - slots[p] is the busy member covering page p, or null (lazy members have their pointers cleared
 *   at vfree, so a lazy area is never found); every slot write is bounds-checked (patch 12:
 *   the indexed write loop must not run past the array);
 * - a retired chunk (its CPU moved on) goes back to the free tree, merged, when its last member is
 *   purged; an unretired chunk whose members are all purged is reused from its start.
 * What is not reproduced on purpose: with the overlay on, addresses are not the lowest fit, and the
 * space inside a live chunk that no member covers is a cached free range, reported with the free
 * blocks (freeBlocks) though only its CPU's bump pointer can hand it out.
 */
import type { Gfp } from '../../alloc/node-allocator.js';
import { mas_store_prealloc } from '../../maple/index.js';
import type { AreaRange, VmallocConfig } from '../surface.js';
import type { PercpuCacheOptions } from '../common/options.js';
import { storeNoFail, type TreeWrite } from '../common/undo-log.js';
import { MapleVmapArea, mergeTouching } from '../common/vmap-area.js';
import { preallocate } from '../common/prealloc.js';
import type { FreeTree } from './free-tree.js';

interface Chunk {
  readonly start: number;
  readonly end: number;
  readonly cpu: number;
  bump: number;
  retired: boolean;
  readonly members: Set<MapleVmapArea>;
  readonly slots: (MapleVmapArea | null)[];
}

export interface CacheSnapshot {
  readonly chunks: readonly Chunk[];
  readonly state: readonly { bump: number; retired: boolean; members: MapleVmapArea[] }[];
  readonly current: readonly (Chunk | null)[];
}

export interface CacheStats {
  hits: number;
  chunksTaken: number;
  chunksReturned: number;
  fastRejects: number;
}

export class PercpuCache {
  readonly chunkSize: number;
  readonly maxSize: number;
  readonly stats: CacheStats = { hits: 0, chunksTaken: 0, chunksReturned: 0, fastRejects: 0 };
  private chunks = new Map<number, Chunk>();
  private current: (Chunk | null)[];
  private resident = new Map<MapleVmapArea, Chunk>();
  private low = Infinity;
  // Stryker disable next-line UnaryOperator: before any chunk exists low = Infinity already rejects every address, and bounds() resets high once one does
  private high = -Infinity;

  constructor(
    private readonly config: VmallocConfig,
    private readonly free: FreeTree,
    options: PercpuCacheOptions,
  ) {
    const chunkPages = options.chunkPages ?? 64;
    if (!Number.isSafeInteger(chunkPages) || chunkPages < 1 || 2 ** Math.round(Math.log2(chunkPages)) !== chunkPages) {
      throw new RangeError(`percpu chunkPages ${chunkPages} is not a power of two`);
    }
    this.chunkSize = chunkPages * config.pageSize;
    this.maxSize = (options.maxPages ?? Math.max(1, chunkPages / 8)) * config.pageSize;
    this.current = new Array<Chunk | null>(config.cpus).fill(null);
  }

  /** Serves the allocation from cpu's chunk: its address, or -1 when it is not served here. */
  alloc(size: number, align: number, vstart: number, vend: number, cpu: number, gfp: Gfp): number {
    if (size > this.maxSize || align > this.config.pageSize || cpu < 0 || cpu >= this.current.length) return -1;
    let chunk = this.current[cpu];
    const usable = (c: Chunk | null): c is Chunk => c !== null && c.start >= vstart && c.end <= vend && c.end - c.bump >= size;
    if (!usable(chunk)) {
      const fresh = this.takeChunk(cpu, vstart, vend, gfp);
      if (fresh === null) return -1;
      if (chunk !== null) this.retire(chunk);
      chunk = this.current[cpu] = fresh;
    }
    const va = new MapleVmapArea(chunk.bump, chunk.bump + size, cpu);
    chunk.bump += size;
    chunk.members.add(va);
    this.resident.set(va, chunk);
    this.point(chunk, va, va);
    this.stats.hits++;
    return va.start;
  }

  /** A new chunk for cpu, by lowest fit of a chunk-aligned chunk inside [vstart, vend); or null. */
  private takeChunk(cpu: number, vstart: number, vend: number, gfp: Gfp): Chunk | null {
    const fit = this.free.lowestFit(this.chunkSize, this.chunkSize, Math.max(vstart, this.config.start), Math.min(vend, this.config.end));
    if (fit === null) return null;
    // A refined preallocation for exactly this store, which follows at once: its state already
    // spans the chunk and the tree cannot change in between, so its nodes suffice.
    const held = preallocate(this.free.tree, null, gfp, { first: fit.addr, last: fit.addr + fit.size - 1 });
    if (held === null) return null;
    mas_store_prealloc(held, null);
    const chunk: Chunk = {
      start: fit.addr,
      end: fit.addr + this.chunkSize,
      cpu,
      bump: fit.addr,
      retired: false,
      members: new Set(),
      slots: new Array<MapleVmapArea | null>(this.chunkSize / this.config.pageSize).fill(null),
    };
    this.chunks.set(fit.addr / this.chunkSize, chunk);
    this.bounds();
    this.stats.chunksTaken++;
    return chunk;
  }

  private retire(chunk: Chunk): void {
    chunk.retired = true;
    if (chunk.members.size === 0) this.returnChunk(chunk, storeNoFail);
  }

  /** The back-pointer write loop: every page of va points at `to` (va, or null to clear). */
  private point(chunk: Chunk, va: MapleVmapArea, to: MapleVmapArea | null): void {
    const first = (va.start - chunk.start) / this.config.pageSize;
    const pages = va.size / this.config.pageSize;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,ArithmeticOperator: a BUG guard that cannot trip: alloc places va in [bump, end) of its chunk (usable), unlink passes a resident va with its own chunk
    if (first < 0 || first + pages > chunk.slots.length) throw new Error(`BUG: ${va} runs past its chunk's back-pointer array`);
    for (let p = first; p < first + pages; p++) chunk.slots[p] = to;
  }

  private chunkAt(addr: number): Chunk | undefined {
    if (addr < this.low || addr >= this.high) {
      this.stats.fastRejects++;
      return undefined;
    }
    return this.chunks.get(Math.floor(addr / this.chunkSize));
  }

  /** The busy chunk-resident area containing addr, in O(1). */
  find(addr: number): MapleVmapArea | undefined {
    const chunk = this.chunkAt(addr);
    if (chunk === undefined) return undefined;
    return chunk.slots[Math.floor((addr - chunk.start) / this.config.pageSize)] ?? undefined;
  }

  /** vfree's lookup and unlink: the busy area containing addr leaves the busy set (it stays a member). */
  unlink(addr: number): MapleVmapArea | undefined {
    const va = this.find(addr);
    if (va === undefined) return undefined;
    this.point(this.resident.get(va) as Chunk, va, null);
    return va;
  }

  owns(va: MapleVmapArea): boolean {
    return this.resident.has(va);
  }

  /** The purge (or an immediate free) of a resident area. */
  release(va: MapleVmapArea, write: TreeWrite): void {
    const chunk = this.resident.get(va) as Chunk;
    this.resident.delete(va);
    chunk.members.delete(va);
    if (chunk.members.size > 0) return;
    if (chunk.retired) this.returnChunk(chunk, write);
    else chunk.bump = chunk.start;
  }

  /** Gives every chunk without members back to the free tree (an allocation found no fit). */
  dropEmptyChunks(write: TreeWrite): number {
    let dropped = 0;
    for (const chunk of [...this.chunks.values()]) {
      if (chunk.members.size > 0) continue;
      this.returnChunk(chunk, write);
      dropped++;
    }
    return dropped;
  }

  private returnChunk(chunk: Chunk, write: TreeWrite): void {
    this.chunks.delete(chunk.start / this.chunkSize);
    if (this.current[chunk.cpu] === chunk) this.current[chunk.cpu] = null;
    this.free.insertMerged(chunk.start, chunk.end, write);
    this.bounds();
    this.stats.chunksReturned++;
  }

  /** The fast-reject bounds: every chunk lies in [low, high). */
  private bounds(): void {
    this.low = Infinity;
    this.high = -Infinity;
    for (const c of this.chunks.values()) {
      this.low = Math.min(this.low, c.start);
      this.high = Math.max(this.high, c.end);
    }
  }

  snapshot(): CacheSnapshot {
    const chunks = [...this.chunks.values()];
    return { chunks, state: chunks.map((c) => ({ bump: c.bump, retired: c.retired, members: [...c.members] })), current: [...this.current] };
  }

  restore(s: CacheSnapshot): void {
    this.chunks = new Map(s.chunks.map((c) => [c.start / this.chunkSize, c]));
    this.resident = new Map();
    s.chunks.forEach((c, i) => {
      c.bump = s.state[i].bump;
      c.retired = s.state[i].retired;
      c.members.clear();
      for (const va of s.state[i].members) {
        c.members.add(va);
        this.resident.set(va, c);
      }
    });
    this.current = [...s.current];
    this.bounds();
  }

  /** Busy resident areas. */
  areas(): MapleVmapArea[] {
    const out: MapleVmapArea[] = [];
    for (const c of this.chunks.values()) for (const va of c.members) if (va.state === 'busy') out.push(va);
    return out;
  }

  chunkRanges(): AreaRange[] {
    return [...this.chunks.values()].map((c) => ({ start: c.start, end: c.end }));
  }

  /** The free blocks plus every chunk range no member covers, merged where they touch. */
  withCachedRanges(blocks: AreaRange[]): AreaRange[] {
    const ranges = [...blocks];
    for (const c of this.chunks.values()) {
      let at = c.start;
      // Stryker disable next-line MethodExpression,ArithmeticOperator: members enter the Set in bump order, ascending; the bump rewinds only when the Set is empty and restore() keeps the order, so the sort never reorders
      for (const va of [...c.members].sort((a, b) => a.start - b.start)) {
        if (va.start > at) ranges.push({ start: at, end: va.start });
        at = va.end;
      }
      if (at < c.end) ranges.push({ start: at, end: c.end });
    }
    return mergeTouching(ranges);
  }

  validate(): void {
    for (const [key, c] of this.chunks) {
      if (key * this.chunkSize !== c.start || c.end - c.start !== this.chunkSize) throw new Error(`chunk [${c.start}, ${c.end}) is misfiled`);
      if (this.free.blockContaining(c.start) !== null) throw new Error(`chunk [${c.start}, ${c.end}) is also free`);
      if (c.start < this.low || c.end > this.high) throw new Error(`chunk [${c.start}, ${c.end}) is outside the fast-reject bounds`);
      const expected = new Array<MapleVmapArea | null>(c.slots.length).fill(null);
      for (const va of c.members) {
        if (va.start < c.start || va.end > c.bump || this.resident.get(va) !== c) throw new Error(`${va} is misfiled in chunk [${c.start}, ${c.end})`);
        if (va.state === 'busy') for (let p = (va.start - c.start) / this.config.pageSize; p < (va.end - c.start) / this.config.pageSize; p++) expected[p] = va;
      }
      expected.forEach((va, p) => {
        if (c.slots[p] !== va) throw new Error(`chunk [${c.start}, ${c.end}) page ${p} points at ${String(c.slots[p])}, not ${String(va)}`);
      });
    }
  }
}
