/**
 * The oracle side of the exhaustive RCU exploration: each broken variant fails in some of the
 * interleavings the sound tree passes (rcu-exhaustive.test.ts), and the count of failing
 * interleavings is printed. It judges the exploration's checks, not impl/, so mutation runs leave
 * it out (vitest.stryker.config.ts), as they do rcu-broken-variants.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { exploreAll, replaceLeaf, slotStore } from './rcu-exhaustive-scenarios.js';

describe('RCU scenarios, every interleaving, broken variants', () => {
  it('in-place slot store vs a load: pivot-before-slot fails in some', () => {
    const broken = exploreAll(slotStore, 'pivot-before-slot');
    console.log(`slot store vs load, pivot-before-slot: ${broken.failures} of ${broken.schedules} failing`);
    expect(broken.complete).toBe(true);
    expect(broken.failures).toBeGreaterThan(0);
  });

  it('leaf replaced by a copy vs a load: freeing without call_rcu and ignoring dead nodes fail in some', () => {
    const free = exploreAll(replaceLeaf, 'free-without-call-rcu');
    const blind = exploreAll(replaceLeaf, 'reader-ignores-dead');
    console.log(`leaf copy vs load: free-without-call-rcu: ${free.failures} of ${free.schedules}; reader-ignores-dead: ${blind.failures} of ${blind.schedules}`);
    expect(free.failures).toBeGreaterThan(0);
    expect(blind.failures).toBeGreaterThan(0);
  });
});
