/**
 * The simulated CPUs of the concurrent vmalloc harness (concurrent-cpu.ts, concurrent-world.ts)
 * step by step, found open by mutation testing: the random-schedule properties
 * (properties/vmalloc/concurrent-vmalloc.test.ts) check safety, not the protocol's exact steps or
 * the world's statistics. Pinned here, on small runs with a fixed schedule:
 * - the steps of each protocol, in the order the header of concurrent-cpu.ts lists them and named
 *   as the trace (and so every failure report) shows them: preload, [find without the lock],
 *   find, [purge, find after purge], re-validate, vfree; the purger's rounds; the reader's lookups;
 * - the world's figures: a preload refused before the lock (nothing logged), a commit refused
 *   inside it (-ENOMEM logged), stale fits counted only when a fit found without the lock was
 *   taken meanwhile;
 * - results: -EBUSY for a caller that may not purge, address 0 owned like any other, a sleeping
 *   caller purging and retrying; the purger logs on the last CPU by default;
 * - the world: log entries only under the vmap lock; onPurged exactly when no lazy area is left.
 */
import { describe, expect, it } from 'vitest';
import { failFrom, failNonBlocking } from '../alloc/fault-plans.js';
import { EBUSY, ENOMEM } from '../errno.js';
import { DONE_LABEL, runActors, type Actor, type Strategy } from '../sched/index.js';
import { cpuActor, purgerActor, readerActor, type AllocProtocol, type CpuOp } from './concurrent-cpu.js';
import { ConcurrentWorld, type ConcurrentDesign, type OwnedArea } from './concurrent-world.js';
import { GapVmalloc } from './gap/index.js';
import type { VmallocConfig } from './surface.js';
import { TwoTreeVmalloc } from './two-tree/index.js';

const P = 4096;
/** Starts at 0, so an area at address 0 is a real result; room for 4 pages; never purges by itself. */
const config: VmallocConfig = { pageSize: P, start: 0, end: 4 * P, cpus: 4, lazyMaxPages: 64 };

/** Each step goes to the next runnable actor after the one that ran last (round robin). */
function roundRobin(): Strategy {
  let last = -1;
  return {
    pick: (runnable) => (last = runnable.find((i) => i > last) ?? runnable[0]),
    describe: () => 'round robin',
  };
}

interface Run {
  world: ConcurrentWorld;
  labels: string[];
  owned: OwnedArea[];
  purged: number;
}

function run(design: ConcurrentDesign, actors: (world: ConcurrentWorld) => Actor[]): Run {
  const world = new ConcurrentWorld(design, design.config);
  const owned: OwnedArea[] = [];
  let purged = 0;
  world.onOwned = (area) => owned.push(area);
  world.onPurged = () => purged++;
  const result = runActors(actors(world), roundRobin());
  return { world, labels: result.trace.map((s) => s.label), owned, purged };
}

const alloc = (pages: number, gfp: 'GFP_KERNEL' | 'GFP_NOWAIT' = 'GFP_KERNEL'): CpuOp => ({ kind: 'alloc', pages, gfp });
const free: CpuOp = { kind: 'free', index: 0 };
const oneCpu = (protocol: AllocProtocol, ...ops: CpuOp[]) => (world: ConcurrentWorld): Actor[] => [cpuActor(world, { cpu: 0, ops }, protocol)];

describe.each<[string, (c: VmallocConfig) => ConcurrentDesign]>([
  ['maple-two-tree', (c) => new TwoTreeVmalloc(c)],
  ['maple-gap', (c) => new GapVmalloc(c)],
])('%s', (_, makeDesign) => {
  it('locked: preload, find, re-validate, commit; address 0 is owned; no purge reported', () => {
    const r = run(makeDesign(config), oneCpu('locked', alloc(2), free));
    expect(r.labels).toEqual(['cpu0 preload', 'cpu0 find', 'cpu0 re-validate', 'cpu0 vfree', DONE_LABEL]);
    expect(r.world.log).toEqual([
      { op: 'alloc', cpu: 0, size: 2 * P, align: P, vstart: 0, vend: 4 * P, gfp: 'GFP_KERNEL', result: 0 },
      { op: 'vfree', cpu: 0, addr: 0, result: 0 },
    ]);
    expect(r.owned).toEqual([{ cpu: 0, start: 0, end: 2 * P }]);
    expect([r.purged, r.world.staleFits, r.world.preloadsRefused, r.world.commitsRefused]).toEqual([0, 0, 0, 0]);
  });

  it('optimistic: the fit found without the lock is kept when still free (no stale fit)', () => {
    const r = run(makeDesign(config), oneCpu('optimistic', alloc(1)));
    expect(r.labels).toEqual(['cpu0 preload', 'cpu0 find without the lock', 'cpu0 re-validate', DONE_LABEL]);
    expect(r.world.staleFits).toBe(0);
    expect(r.owned).toEqual([{ cpu: 0, start: 0, end: P }]);
  });

  it('optimistic: a fit another CPU took meanwhile is stale once, found again under the lock', () => {
    const r = run(makeDesign(config), (world) => [
      cpuActor(world, { cpu: 0, ops: [alloc(1)] }, 'optimistic'),
      cpuActor(world, { cpu: 1, ops: [alloc(1)] }, 'optimistic'),
    ]);
    expect(r.world.staleFits).toBe(1);
    expect(r.labels).toContain('lock vmap_area_lock (held by cpu0)');
    expect(r.owned).toEqual([{ cpu: 0, start: 0, end: P }, { cpu: 1, start: P, end: 2 * P }]);
  });

  it('no fit: a sleeping caller purges and finds again; a GFP_NOWAIT caller gets -EBUSY and owns nothing', () => {
    const r = run(makeDesign(config), oneCpu('locked', alloc(4), free, alloc(4, 'GFP_NOWAIT'), alloc(4)));
    expect(r.labels).toEqual([
      'cpu0 preload', 'cpu0 find', 'cpu0 re-validate', 'cpu0 vfree',
      'cpu0 preload', 'cpu0 find',
      'cpu0 preload', 'cpu0 find', 'cpu0 purge', 'cpu0 find after purge', 'cpu0 re-validate', DONE_LABEL,
    ]);
    expect(r.world.log.map((e) => [e.op, e.result])).toEqual([['alloc', 0], ['vfree', 0], ['alloc', -EBUSY], ['purge', 1], ['alloc', 0]]);
    expect(r.owned).toEqual([{ cpu: 0, start: 0, end: 4 * P }, { cpu: 0, start: 0, end: 4 * P }]);
    expect(r.purged).toBe(1);
  });

  it('a sleeping caller whose preload is refused gives up before the lock, logging nothing', () => {
    const design = makeDesign(config);
    design.faults!.plan = failFrom(1);
    const r = run(design, oneCpu('locked', alloc(1)));
    expect(r.labels).toEqual(['cpu0 preload', DONE_LABEL]);
    expect([r.world.preloadsRefused, r.world.commitsRefused, r.world.log.length, r.owned.length]).toEqual([1, 0, 0, 0]);
  });

  it('the purger purges `rounds` times under the lock, on the last CPU by default', () => {
    const r = run(makeDesign(config), (world) => [purgerActor(world, 2)]);
    expect(r.labels).toEqual(['purge 0', 'purge 1', DONE_LABEL]);
    expect(r.world.log).toEqual([{ op: 'purge', cpu: 3, result: 0 }, { op: 'purge', cpu: 3, result: 0 }]);
    expect(r.purged).toBe(2);
  });

  it('the reader names each lookup in the trace', () => {
    const r = run(makeDesign(config), (world) => [readerActor(world, [0x2000])]);
    expect(r.labels).toEqual(['reader find 0x2000', DONE_LABEL]);
  });

  it('the world refuses a log entry from an actor that does not hold the vmap lock', () => {
    const world = new ConcurrentWorld(makeDesign(config), config);
    expect(() => world.record({ op: 'purge', cpu: 0, result: 0 }, 'cpu0')).toThrow('BUG: cpu0 logs purge without the vmap lock');
    expect(world.log).toEqual([]);
  });
});

describe('a commit refused inside the lock', () => {
  it('is logged as -ENOMEM, counted once, and changes nothing (maple-gap: 15 areas, then a GFP_NOWAIT split)', () => {
    // After fifteen one-page areas the sixteenth store needs a fresh node (the tree grows), and a
    // GFP_NOWAIT caller gets no node when every non-blocking request fails. (The two-tree design
    // never refuses here: its publish waits in the retry queue.)
    const design = new GapVmalloc({ ...config, end: 32 * P });
    const areas = 15;
    let owned = 0;
    const r = run(design, (world) => {
      world.onOwned = () => {
        if (++owned === areas) design.faults!.plan = failNonBlocking();
      };
      return oneCpu('locked', ...Array.from({ length: areas }, () => alloc(1)), alloc(1, 'GFP_NOWAIT'))(world);
    });
    expect(r.world.log.at(-1)?.result).toBe(-ENOMEM);
    expect([r.world.preloadsRefused, r.world.commitsRefused]).toEqual([0, 1]);
    expect(design.busyAreas().length).toBe(areas);
  });
});
