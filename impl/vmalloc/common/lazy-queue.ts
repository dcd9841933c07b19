/**
 * The lazy-purge queue (the RFC's list_head representation, patch 8): freed areas wait here until
 * a purge returns them to free space. The queue is bulk-drained and never searched by address,
 * so it is a plain list in free order.
 *
 * Invariants: `pages` equals the sum of the queued areas' sizes in pages; an area is queued at
 * most once (the caller unlinked it from the busy set first); snapshot/restore give back exactly
 * the queue as it was (for an allocation that must undo the purge it triggered).
 */
import type { AreaRange } from '../surface.js';
import type { MapleVmapArea } from './vmap-area.js';

export interface LazySnapshot {
  readonly list: readonly MapleVmapArea[];
  readonly pages: number;
}

export class LazyQueue {
  private list: MapleVmapArea[] = [];
  private pageCount = 0;

  constructor(private readonly pageSize: number) {}

  get pages(): number {
    return this.pageCount;
  }

  get length(): number {
    return this.list.length;
  }

  push(va: MapleVmapArea): void {
    va.state = 'lazy';
    this.list.push(va);
    this.pageCount += va.size / this.pageSize;
  }

  /** Empties the queue and returns what it held, oldest first. */
  takeAll(): MapleVmapArea[] {
    const taken = this.list;
    this.list = [];
    this.pageCount = 0;
    return taken;
  }

  snapshot(): LazySnapshot {
    return { list: [...this.list], pages: this.pageCount };
  }

  restore(s: LazySnapshot): void {
    this.list = [...s.list];
    this.pageCount = s.pages;
    for (const va of this.list) va.state = 'lazy';
  }

  /** The queued areas, oldest first. */
  areas(): readonly MapleVmapArea[] {
    return this.list;
  }

  /** The queued areas in address order (lazyAreas()). */
  sorted(): AreaRange[] {
    return this.list.map((va) => ({ start: va.start, end: va.end })).sort((a, b) => a.start - b.start);
  }

  /** Throws unless the page count matches the queued areas. */
  validate(): void {
    const pages = this.list.reduce((sum, va) => sum + va.size / this.pageSize, 0);
    if (pages !== this.pageCount) throw new Error(`lazy queue: counts ${this.pageCount} pages but holds ${pages}`);
    for (const va of this.list) if (va.state !== 'lazy') throw new Error(`lazy queue holds ${va}`);
  }
}
