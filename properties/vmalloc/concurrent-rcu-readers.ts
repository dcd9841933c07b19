/**
 * Lock-free find_vmap_area readers for the concurrent vmalloc harness: step-wise RCU readers
 * (impl/maple/rcu-reader.ts, one node visit per scheduler step) walking a design's in-use index
 * while CPUs allocate, free and purge under the vmap lock, plus the grace-period actor that frees
 * the index's replaced nodes through call_rcu.
 *
 * Oracle (the guarantee of seeds/000, for areas): when a reader's read-side section spans
 * [enter, leave] and it looks up addr,
 * - a busy area it finds contains addr and was held by that CPU, with exactly those bounds, at
 *   some moment of the section (never an area no CPU held then, never a lazy one reported busy);
 * - it finds nothing only if at some moment of the section no CPU held an area containing addr
 *   (an area held through the whole section is never missed);
 * - no node it visits has been freed (a design whose index frees replaced nodes at once, without
 *   RCU, is the broken variant: UseAfterFreeError).
 * Time is one counter ticked at every ownership change and at every reader's enter and leave, all
 * inside scheduler steps, so it orders them exactly.
 */
import { RcuReader } from '../../impl/maple/rcu-reader.js';
import type { MapleTree } from '../../impl/maple/index.js';
import { Rcu, gracePeriodActor } from '../../impl/rcu/index.js';
import { actor, Sfc32, type Actor } from '../../impl/sched/index.js';
import { MapleVmapArea } from '../../impl/vmalloc/common/vmap-area.js';
import type { ConcurrentDesign, ConcurrentWorld, OwnedArea } from '../../impl/vmalloc/concurrent-world.js';
import { GapVmalloc } from '../../impl/vmalloc/gap/index.js';
import { TwoTreeVmalloc } from '../../impl/vmalloc/two-tree/index.js';

/** The design's in-use index: the tree a lock-free find_vmap_area walks. */
export function inUseIndex(design: ConcurrentDesign): MapleTree {
  if (design instanceof TwoTreeVmalloc) return design.busy.tree;
  if (design instanceof GapVmalloc) return design.occupied.tree;
  throw new Error(`no in-use index known for design ${design.design}`);
}

interface Holding {
  readonly area: OwnedArea;
  readonly from: number;
  to: number;
}

class OwnershipHistory {
  private clock = 0;
  private readonly holdings: Holding[] = [];

  tick(): number {
    return ++this.clock;
  }

  own(area: OwnedArea): void {
    this.holdings.push({ area, from: this.tick(), to: Infinity });
  }

  release(area: OwnedArea): void {
    const h = this.holdings.find((x) => x.area === area && x.to === Infinity);
    if (h !== undefined) h.to = this.tick();
  }

  check(reader: string, addr: number, found: MapleVmapArea | null, enter: number, leave: number): void {
    const hex = (n: number): string => `0x${n.toString(16)}`;
    const during = (h: Holding): boolean => h.from <= leave && h.to >= enter;
    if (found !== null) {
      if (!found.contains(addr)) throw new Error(`${reader}: find_vmap_area(${hex(addr)}) returned ${found}, which does not contain it`);
      const held = this.holdings.some((h) => during(h) && h.area.start === found.start && h.area.end === found.end && h.area.cpu === found.cpu);
      if (!held) throw new Error(`${reader}: find_vmap_area(${hex(addr)}) returned ${found}, which no CPU held during its section [${enter}, ${leave}]`);
      return;
    }
    const throughout = this.holdings.find((h) => h.from < enter && h.to > leave && h.area.start <= addr && addr < h.area.end);
    if (throughout !== undefined) {
      throw new Error(`${reader}: find_vmap_area(${hex(addr)}) found nothing, but cpu${throughout.area.cpu} held [${hex(throughout.area.start)}, ${hex(throughout.area.end)}) through its section [${enter}, ${leave}]`);
    }
  }
}

export interface RcuReaderFigures {
  lookups: number;
  found: number;
  visits: number;
  restarts: number;
}

export function emptyRcuReaderFigures(): RcuReaderFigures {
  return { lookups: 0, found: 0, visits: 0, restarts: 0 };
}

/**
 * Builds the `extraActors` of a concurrent scenario: `readers` RCU readers each looking up
 * `lookups` addresses (drawn from `seed` inside the space, mostly where areas are handed out) and
 * the grace-period actor. The design must have been made with `{ rcu }` (the same domain).
 */
export function rcuReaderActors(rcu: Rcu, readers: number, lookups: number, seed: number, figures: RcuReaderFigures): (world: ConcurrentWorld) => Actor[] {
  return (world) => {
    const history = new OwnershipHistory();
    const owned = world.onOwned;
    const released = world.onReleased;
    world.onOwned = (area) => {
      owned(area);
      history.own(area);
    };
    world.onReleased = (area) => {
      released(area);
      history.release(area);
    };
    const tree = inUseIndex(world.design);
    const prng = new Sfc32(seed);
    const pages = (world.config.end - world.config.start) / world.config.pageSize;
    let running = readers;
    const actors: Actor[] = [];
    for (let r = 0; r < readers; r++) {
      const name = `rcu-reader${r}`;
      // Low addresses first: allocations are lowest-fit, so that is where areas come and go.
      const addrs = Array.from({ length: lookups }, () => world.config.start + prng.int(Math.min(pages, 24)) * world.config.pageSize + prng.int(world.config.pageSize));
      actors.push(
        actor(name, function* () {
          const reader = new RcuReader(tree, rcu, name);
          for (const addr of addrs) {
            rcu.readLock(name);
            const enter = history.tick();
            const entry = yield* reader.load(addr);
            // Only busy areas are found: a lazy one is on its way back to free space.
            const found = entry instanceof MapleVmapArea && entry.state === 'busy' ? entry : null;
            history.check(name, addr, found, enter, history.tick());
            rcu.readUnlock(name);
            figures.lookups++;
            if (found !== null) figures.found++;
            yield `${name} left its section`;
          }
          figures.visits += reader.visits;
          figures.restarts += reader.restarts;
          running--;
        }),
      );
    }
    actors.push(gracePeriodActor(rcu, { stopWhen: () => running === 0 }));
    return actors;
  };
}
