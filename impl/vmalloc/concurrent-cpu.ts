/**
 * Simulated CPUs of the concurrent vmalloc harness, as impl/sched actors over a ConcurrentWorld:
 * allocating and freeing CPUs and a purger. Every `yield` is a point where another CPU may run.
 *
 * An allocation, in the protocol seeds/000 asks for ('locked'):
 *   preallocate maple nodes, without the lock (may sleep)       | step
 *   take the vmap lock                                          | (blocks while another CPU holds it)
 *   find the lowest fit                                         | step
 *   [no fit and may sleep: purge, find again                    | steps]
 *   re-validate that the range is still free                    | step
 *   commit (reserve + publish with the preallocated nodes), log, unlock
 * Two other protocols, for comparison and for the oracle test:
 * - 'optimistic': find without the lock, then under it re-validate and find again if the range was
 *   taken meanwhile. Safe (no range is handed out twice), but the range it keeps need not be the
 *   lowest fit any more when it commits.
 * - 'unlocked-find-unchecked' (BROKEN on purpose): find without the lock and commit without
 *   re-validating: two CPUs can choose and publish the same empty range (seeds/000).
 *
 * Invariants: an actor logs and publishes only while holding the lock; every preload is consumed
 * by a commit or released (no node leaks); a sleeping caller whose preload was refused gives up
 * before the lock with nothing changed (the kernel's failed vmap_area allocation).
 */
import { ACTIVE_BUG } from '../bugs/switch.js';
import type { Gfp } from '../alloc/node-allocator.js';
import { EBUSY, ENOMEM } from '../errno.js';
import { actor, type Actor, type Yield } from '../sched/index.js';
import type { ConcurrentWorld, OwnedArea } from './concurrent-world.js';
import type { StepFit } from './common/steps.js';
import { mayPurge } from './surface.js';

export type AllocProtocol = 'locked' | 'optimistic' | 'unlocked-find-unchecked';

export const ALLOC_PROTOCOLS: readonly AllocProtocol[] = ['locked', 'optimistic', 'unlocked-find-unchecked'];

export type CpuOp =
  | { readonly kind: 'alloc'; readonly pages: number; readonly alignPages?: number; readonly gfp?: Gfp }
  /** Frees this CPU's (index mod count)-th area; nothing when it owns none. */
  | { readonly kind: 'free'; readonly index: number };

export interface CpuScript {
  readonly cpu: number;
  readonly ops: readonly CpuOp[];
}

type Steps = Generator<Yield, void, void>;

export function cpuActor(world: ConcurrentWorld, script: CpuScript, protocol: AllocProtocol): Actor {
  const name = `cpu${script.cpu}`;
  const own: OwnedArea[] = [];
  return actor(name, function* () {
    for (const op of script.ops) {
      if (op.kind === 'alloc') yield* allocate(world, name, script.cpu, op, protocol, own);
      else yield* release(world, name, own, op.index);
    }
  });
}

function* allocate(world: ConcurrentWorld, name: string, cpu: number, op: Extract<CpuOp, { kind: 'alloc' }>, protocol: AllocProtocol, own: OwnedArea[]): Steps {
  const d = world.design;
  const { pageSize, start: vstart, end: vend } = world.config;
  const size = op.pages * pageSize;
  const align = (op.alignPages ?? 1) * pageSize;
  const gfp: Gfp = op.gfp ?? 'GFP_KERNEL';
  const find = (): StepFit | null => d.findFit(size, align, vstart, vend);

  const preload = d.preload(gfp);
  yield `${name} preload`;
  if (mayPurge(gfp) && !d.preloadComplete(preload)) {
    d.release(preload);
    world.preloadsRefused++;
    return;
  }
  let fit: StepFit | null = null;
  if (protocol !== 'locked') {
    fit = find();
    yield `${name} find without the lock`;
  }
  yield* world.lock.lock(name);
  // Bug catalogue: vmalloc-optimistic-no-revalidate trusts the fit found without the lock.
  const revalidate = ACTIVE_BUG !== 'vmalloc-optimistic-no-revalidate';
  if (protocol === 'locked' || (protocol === 'optimistic' && (fit === null || (revalidate && !d.stillFree(fit))))) {
    if (fit !== null) world.staleFits++;
    fit = find();
    yield `${name} find`;
  }
  if (fit === null && mayPurge(gfp)) {
    world.record({ op: 'purge', cpu, result: d.purge_vmap_area_lazy() }, name);
    yield `${name} purge`;
    fit = find();
    yield `${name} find after purge`;
  }
  let result = -EBUSY;
  if (fit === null) d.release(preload);
  else {
    if (protocol !== 'unlocked-find-unchecked' && revalidate) {
      const stillFree = d.stillFree(fit);
      yield `${name} re-validate`;
      if (!stillFree) throw new Error(`BUG: ${name}'s fit [${fit.addr}, ${fit.addr + fit.size}) was taken while it held the lock`);
    }
    const ret = d.commit(fit, cpu, preload, gfp);
    result = ret === 0 ? fit.addr : ret;
  }
  world.record({ op: 'alloc', cpu, size, align, vstart, vend, gfp, result }, name);
  if (result === -ENOMEM) world.commitsRefused++;
  if (result >= 0) {
    const area = { cpu, start: result, end: result + size };
    own.push(area);
    world.onOwned(area);
  }
  world.lock.unlock(name);
}

function* release(world: ConcurrentWorld, name: string, own: OwnedArea[], index: number): Steps {
  if (own.length === 0) return;
  const area = own.splice(index % own.length, 1)[0];
  yield* world.lock.lock(name);
  const result = world.design.vfree(area.start);
  world.onReleased(area);
  world.record({ op: 'vfree', cpu: area.cpu, addr: area.start, result }, name);
  world.lock.unlock(name);
  yield `${name} vfree`;
}

/** A CPU that purges the lazy areas `rounds` times (the kernel's drain work). */
export function purgerActor(world: ConcurrentWorld, rounds: number, cpu = world.config.cpus - 1): Actor {
  const name = 'purger';
  return actor(name, function* () {
    for (let r = 0; r < rounds; r++) {
      yield* world.lock.lock(name);
      world.record({ op: 'purge', cpu, result: world.design.purge_vmap_area_lazy() }, name);
      world.lock.unlock(name);
      yield `purge ${r}`;
    }
  });
}

/**
 * A reader that looks addresses up with find_vmap_area under the vmap lock (vread, vmallocinfo),
 * one lookup per lock hold, and reports each result through world.onFound.
 */
export function readerActor(world: ConcurrentWorld, addrs: readonly number[], name = 'reader'): Actor {
  return actor(name, function* () {
    for (const addr of addrs) {
      yield* world.lock.lock(name);
      world.onFound(addr, world.design.find_vmap_area(addr));
      world.lock.unlock(name);
      yield `${name} find 0x${addr.toString(16)}`;
    }
  });
}
