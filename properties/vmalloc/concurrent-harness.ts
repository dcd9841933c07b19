/**
 * Scenarios and oracles for the concurrent vmalloc harness (impl/vmalloc/concurrent-*.ts): CPU
 * scripts drawn from one seed, a ledger of who owns which range, and the end-of-run checks.
 *
 * Oracles (each a thrown Error, so the scheduler reports the failing schedule):
 * - ownership: at the step a CPU gets an area, it must overlap no area another CPU (or itself)
 *   still owns — "no two CPUs ever own overlapping areas" — nor one freed since the last purge
 *   (a lazy range is not free yet);
 * - readers: an area find_vmap_area returns is exactly one some CPU holds at that step;
 * - at the end: the design validates; its busy areas are exactly the areas the CPUs still own
 *   (none lost, none leaked, also after injected allocation failures); and, for protocols that
 *   serialise find and commit under the lock, the serialisation log replayed on a fresh model
 *   gives every logged result and the same free, busy and lazy sets (`serial: true`).
 * Invariant: a scenario factory builds the same world and actors every time it is called (explore()
 * relies on it), and everything random comes from the spec's seed.
 */
import fc from 'fast-check';
import { failWithProbability } from '../../impl/alloc/fault-plans.js';
import type { FaultPlan } from '../../impl/alloc/node-allocator.js';
import { ENOMEM } from '../../impl/errno.js';
import { Sfc32, type Actor, type Scenario, type Strategy } from '../../impl/sched/index.js';
import { ConcurrentWorld, type ConcurrentDesign, type OwnedArea } from '../../impl/vmalloc/concurrent-world.js';
import { cpuActor, purgerActor, type AllocProtocol, type CpuOp, type CpuScript } from '../../impl/vmalloc/concurrent-cpu.js';
import { GapVmalloc } from '../../impl/vmalloc/gap/index.js';
import type { VmallocConfig } from '../../impl/vmalloc/surface.js';
import { TwoTreeVmalloc } from '../../impl/vmalloc/two-tree/index.js';
import { VmallocModel } from '../../model/vmalloc/index.js';

export const CONCURRENT_CONFIG: VmallocConfig = { pageSize: 4096, start: 2 ** 40, end: 2 ** 40 + 48 * 4096, cpus: 4, lazyMaxPages: 6 };

export const CONCURRENT_DESIGNS: readonly [string, (config: VmallocConfig) => ConcurrentDesign][] = [
  ['maple-two-tree', (config) => new TwoTreeVmalloc(config)],
  ['maple-gap', (config) => new GapVmalloc(config)],
];

export interface ConcurrentSpec {
  readonly scripts: readonly CpuScript[];
  readonly purgeRounds: number;
  readonly protocol: AllocProtocol;
  /** Probability that a node request fails, with its seed (none when undefined). */
  readonly faults?: { readonly p: number; readonly seed: number };
  /** Or any fault plan (made fresh for every run). */
  readonly faultPlan?: () => FaultPlan;
}

/** CPU scripts drawn from `seed`: 2-3 CPUs, 2-6 operations each, sizes 1-4 pages, some aligned, some GFP_NOWAIT. */
export function randomSpec(seed: number, protocol: AllocProtocol, faults?: ConcurrentSpec['faults']): ConcurrentSpec {
  const rng = new Sfc32(seed);
  const cpus = 2 + rng.int(2);
  const scripts: CpuScript[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    const ops: CpuOp[] = [];
    const n = 2 + rng.int(5);
    for (let i = 0; i < n; i++) {
      if (i > 0 && rng.int(3) === 0) ops.push({ kind: 'free', index: rng.int(4) });
      else ops.push({ kind: 'alloc', pages: 1 + rng.int(4), alignPages: [1, 1, 2, 4][rng.int(4)], gfp: rng.int(5) === 0 ? 'GFP_NOWAIT' : 'GFP_KERNEL' });
    }
    scripts.push({ cpu, ops });
  }
  return { scripts, purgeRounds: rng.int(3), protocol, ...(faults !== undefined ? { faults } : {}) };
}

/** Per-run figures, summed by the tests. */
export interface ConcurrentFigures {
  runs: number;
  allocations: number;
  enomem: number;
  /** Node requests the fault plan refused. */
  nodeFailures: number;
  staleFits: number;
  queued: number;
  /** Runs whose log, replayed on the model, disagreed (counted, not failed, for non-serial protocols). */
  modelDisagreements: number;
}

export function emptyFigures(): ConcurrentFigures {
  return { runs: 0, allocations: 0, enomem: 0, nodeFailures: 0, staleFits: 0, queued: 0, modelDisagreements: 0 };
}

/** Who owns which range; a freed range stays quarantined (lazy) until a purge has run. */
class Ledger {
  private readonly owned: OwnedArea[] = [];
  private lazy: OwnedArea[] = [];

  own(area: OwnedArea): void {
    const hex = (a: OwnedArea): string => `[0x${a.start.toString(16)}, 0x${a.end.toString(16)})`;
    const overlaps = (o: OwnedArea): boolean => o.start < area.end && area.start < o.end;
    const clash = this.owned.find(overlaps);
    if (clash !== undefined) throw new Error(`cpu${area.cpu} got ${hex(area)} but cpu${clash.cpu} owns ${hex(clash)}`);
    const freed = this.lazy.find(overlaps);
    if (freed !== undefined) throw new Error(`cpu${area.cpu} got ${hex(area)} but cpu${freed.cpu} freed ${hex(freed)} and no purge has run since`);
    this.owned.push(area);
  }

  release(area: OwnedArea): void {
    this.owned.splice(this.owned.indexOf(area), 1);
    this.lazy.push(area);
  }

  purged(): void {
    this.lazy = [];
  }

  /** An area a reader found must be one a CPU holds, exactly. */
  found(addr: number, area: { start: number; end: number; cpu: number } | undefined): void {
    if (area === undefined) return;
    const same = (o: OwnedArea): boolean => o.start === area.start && o.end === area.end && o.cpu === area.cpu;
    if (!this.owned.some(same)) throw new Error(`a reader found ${JSON.stringify(area)} at 0x${addr.toString(16)}, which no CPU holds`);
  }

  sorted(): OwnedArea[] {
    return [...this.owned].sort((a, b) => a.start - b.start);
  }
}

/** Replays the lock-order log on a fresh model: null if every result and the final sets agree, else why not. */
export function replayOnModel(world: ConcurrentWorld): string | null {
  const model = new VmallocModel(world.config);
  for (const [i, e] of world.log.entries()) {
    if (e.op === 'alloc' && e.result === -ENOMEM) continue; // changed nothing: the model does not run it
    const want =
      e.op === 'alloc'
        ? model.alloc_vmap_area(e.size, e.align, e.vstart, e.vend, { cpu: e.cpu, gfp: e.gfp })
        : e.op === 'vfree'
          ? model.vfree(e.addr)
          : model.purge_vmap_area_lazy();
    if (want !== e.result) return `log entry ${i} (${JSON.stringify(e)}): the model gives ${want}`;
  }
  const d = world.design;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(d.freeBlocks(), model.freeBlocks())) return 'free blocks differ from the model';
  if (!same(d.busyAreas(), model.busyAreas())) return 'busy areas differ from the model';
  if (!same(d.lazyAreas(), model.lazyAreas()) || d.lazyPages !== model.lazyPages) return 'lazy areas differ from the model';
  return null;
}

export interface HarnessOptions {
  readonly makeDesign: (config: VmallocConfig) => ConcurrentDesign;
  readonly figures?: ConcurrentFigures;
  /** More actors over the same world (the RCU find_vmap_area readers, later). */
  readonly extraActors?: (world: ConcurrentWorld) => Actor[];
}

/** The scenario factory of a spec: fresh design, world, ledger and actors on every call. */
export function concurrentScenario(spec: ConcurrentSpec, options: HarnessOptions): () => Scenario {
  return () => {
    const design = options.makeDesign(CONCURRENT_CONFIG);
    if (spec.faults !== undefined && design.faults !== undefined) design.faults.plan = failWithProbability(spec.faults.p, spec.faults.seed);
    if (spec.faultPlan !== undefined && design.faults !== undefined) design.faults.plan = spec.faultPlan();
    const world = new ConcurrentWorld(design, CONCURRENT_CONFIG);
    const ledger = new Ledger();
    world.onOwned = (area) => ledger.own(area);
    world.onReleased = (area) => ledger.release(area);
    world.onPurged = () => ledger.purged();
    world.onFound = (addr, area) => ledger.found(addr, area);
    const actors = spec.scripts.map((s) => cpuActor(world, s, spec.protocol));
    if (spec.purgeRounds > 0) actors.push(purgerActor(world, spec.purgeRounds));
    actors.push(...(options.extraActors?.(world) ?? []));
    const check = (): void => {
      design.validate();
      const busy = design.busyAreas();
      const owned = ledger.sorted();
      if (JSON.stringify(busy) !== JSON.stringify(owned.map((o) => ({ start: o.start, end: o.end, cpu: o.cpu })))) {
        throw new Error(`busy areas ${JSON.stringify(busy)} are not the areas the CPUs own ${JSON.stringify(owned)}`);
      }
      const disagreement = replayOnModel(world);
      const f = options.figures;
      if (f !== undefined) {
        f.runs++;
        f.allocations += world.log.filter((e) => e.op === 'alloc').length;
        f.enomem += world.preloadsRefused + world.commitsRefused;
        f.nodeFailures += design.faults?.failures ?? 0;
        f.staleFits += world.staleFits;
        f.queued += design instanceof TwoTreeVmalloc ? design.stats.queued : 0;
        if (disagreement !== null) f.modelDisagreements++;
      }
      if (disagreement !== null && spec.protocol !== 'optimistic') throw new Error(`lock-order replay: ${disagreement}`);
    };
    return { actors, check };
  };
}

/**
 * A strategy driven by a list of choices (fast-check generates and shrinks it): step i runs
 * runnable[choices[i] mod |runnable|], and runnable[0] once the list is used up. Shrinking the list
 * towards fewer and smaller choices gives a schedule with fewer context switches.
 */
export class ChoiceStrategy implements Strategy {
  private used = 0;

  constructor(private readonly choices: readonly number[]) {}

  pick(runnable: readonly number[]): number {
    if (runnable.length === 1) return runnable[0];
    const c = this.choices[this.used++] ?? 0;
    return runnable[c % runnable.length];
  }

  describe(): string {
    return `choices(${this.choices.join(',')})`;
  }
}

export const choicesArb = (maxLength: number): fc.Arbitrary<number[]> => fc.array(fc.nat({ max: 3 }), { maxLength });
