/**
 * The publication of RCU-mode writes, checked without a scheduler: a recorded write, undone and
 * then re-applied one step at a time, must (1) show a reader walking from the root, after every
 * single step, either the old or the new entry at every index, (2) end in exactly the state the
 * same write leaves when it runs atomically, and (3) keep the kernel's order: in-place stores and
 * the pointer store before adoptions, dead marks after, releases last. And the in-place slot store
 * really is in place (no node replaced), while the broken 'pivot-before-slot' order is not safe.
 */
import { describe, expect, it } from 'vitest';
import { Sfc32 } from '../sched/prng.js';
import { Rcu } from '../rcu/rcu.js';
import { MT_FLAGS_ALLOC_RANGE, mt_for_each, mt_init_flags, mt_set_in_rcu, mt_validate, mtree_store_range, type MapleTree } from './index.js';
import { Publication, takePublication, type PublishKind } from './publish.js';
import { mtree_lookup_walk } from './walk.js';
import type { BrokenRcuWriter } from './tree.js';
import { scaledRuns } from '../../properties/seed.js';

const SPACE = 600;

function makeTree(flags: number, seed: number, broken?: BrokenRcuWriter): MapleTree {
  const mt = mt_init_flags(flags, { rcu: new Rcu({ history: false }), brokenRcu: broken });
  const prng = new Sfc32(seed);
  for (let at = 0; at < SPACE; ) {
    const first = at + prng.int(3);
    const last = first + prng.int(6);
    mtree_store_range(mt, first, last, `p${first}`);
    at = last + 1;
  }
  mt_set_in_rcu(mt);
  return mt;
}

function snapshot(mt: MapleTree): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i <= SPACE + 1; i++) out.push(mtree_lookup_walk(mt, i));
  return out;
}

function contents(mt: MapleTree): string {
  return [...mt_for_each(mt)].map((r) => `${r.first}-${r.last}:${String(r.entry)}`).join(' ');
}

const ORDER: Record<PublishKind, number> = { store: 0, publish: 0, adopt: 1, dead: 2, release: 3 };

interface Figures {
  writes: number;
  steps: number;
  inPlace: number;
  unsafeSeen: number;
}

function runWrites(flags: number, seed: number, broken?: BrokenRcuWriter): Figures {
  const recorded = makeTree(flags, seed, broken);
  const atomic = makeTree(flags, seed, broken);
  const prng = new Sfc32(seed ^ 0x5eed);
  const figures: Figures = { writes: 0, steps: 0, inPlace: 0, unsafeSeen: 0 };
  for (let w = 0; w < 300; w++) {
    const first = prng.int(SPACE);
    const last = Math.min(SPACE, first + (prng.int(4) === 0 ? prng.int(80) : prng.int(4)));
    const entry = prng.int(5) === 0 ? null : `w${w}`;
    const before = snapshot(recorded);
    const live = recorded.allocator.live;
    recorded.publication = new Publication();
    expect(mtree_store_range(recorded, first, last, entry)).toBe(0);
    const steps = takePublication(recorded);
    expect(snapshot(recorded)).toEqual(before); // undone: readers see nothing yet
    expect(mtree_store_range(atomic, first, last, entry)).toBe(0);
    const after = snapshot(atomic);
    let phase = 0;
    for (const step of steps) {
      expect(ORDER[step.kind]).toBeGreaterThanOrEqual(phase);
      phase = ORDER[step.kind];
      step.apply();
      if (step.kind === 'release') continue; // the node is unreachable by now
      const now = snapshot(recorded);
      for (let i = 0; i < now.length; i++) {
        if (now[i] !== before[i] && now[i] !== after[i]) {
          if (broken === undefined) throw new Error(`after "${step.label}" index ${i} reads ${String(now[i])}: neither ${String(before[i])} nor ${String(after[i])}`);
          // A broken order is shown unsafe by its first torn read; the rest of the run adds nothing.
          figures.unsafeSeen++;
          return figures;
        }
      }
    }
    if (steps.length > 0 && steps.every((s) => s.kind === 'store')) {
      figures.inPlace++;
      expect(recorded.allocator.live).toBe(live); // in place: no node replaced, none kept
    }
    expect(contents(recorded)).toBe(contents(atomic));
    expect(recorded.height).toBe(atomic.height);
    figures.writes++;
    figures.steps += steps.length;
  }
  (recorded.rcu as Rcu).barrier();
  (atomic.rcu as Rcu).barrier();
  mt_validate(recorded);
  expect(recorded.awaitingRcu).toBe(0);
  expect(recorded.allocator.live).toBe(atomic.allocator.live);
  return figures;
}

// Three seeds of 300 writes each; one under mutation testing (MAPLE_RUNS_SCALE).
const SEEDS = scaledRuns(3);

describe('RCU publication, one word per step', () => {
  for (const [flavour, flags] of [['plain', 0], ['alloc-range', MT_FLAGS_ALLOC_RANGE]] as const) {
    it(`${flavour}: every intermediate state reads old-or-new, and the end state is the atomic one`, () => {
      let total: Figures = { writes: 0, steps: 0, inPlace: 0, unsafeSeen: 0 };
      for (let seed = 1; seed <= SEEDS; seed++) {
        const f = runWrites(flags, seed);
        total = { writes: total.writes + f.writes, steps: total.steps + f.steps, inPlace: total.inPlace + f.inPlace, unsafeSeen: 0 };
      }
      console.log(`${flavour}: ${total.writes} writes published in ${total.steps} steps, ${total.inPlace} stored in place`);
      expect(total.inPlace).toBeGreaterThan(16 * SEEDS);
    });
  }

  it('the broken pivot-before-slot order shows readers states that are neither old nor new', () => {
    let unsafe = 0;
    for (let seed = 1; seed <= SEEDS; seed++) unsafe += runWrites(0, seed, 'pivot-before-slot').unsafeSeen;
    expect(unsafe).toBeGreaterThan(0);
  });
});
