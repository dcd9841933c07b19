/**
 * Bounded exhaustive exploration: every interleaving of small RCU scenarios (one writer, one
 * reader, the grace-period actor), with the number explored printed and pinned. The sound tree
 * passes every one; the broken variants fail in some (rcu-exhaustive-broken.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { exploreAll, replaceLeaf, slotStore } from './rcu-exhaustive-scenarios.js';

describe('RCU scenarios, every interleaving, sound tree', () => {
  it('in-place slot store vs a load: all pass', () => {
    const ok = exploreAll(slotStore);
    console.log(`slot store vs load: ${ok.schedules} interleavings, ${ok.failures} failing`);
    expect(ok.complete).toBe(true);
    expect(ok.schedules).toBe(280); // pinned: a change in how writes publish changes the count
    expect(ok.failures).toBe(0);
  });

  it('leaf replaced by a copy vs a load: all pass', () => {
    const ok = exploreAll(replaceLeaf);
    console.log(`leaf copy vs load: ${ok.schedules} interleavings, ${ok.failures} failing`);
    expect(ok.complete).toBe(true);
    expect(ok.schedules).toBe(4644);
    expect(ok.failures).toBe(0);
  });
});
