/**
 * Section "rcu" of `npm run bench`: interleaved scheduler steps per second of the RCU scenario
 * (rcu-interleaving.ts: two writers publishing word by word under allocation failures, three
 * step-wise readers checked against the model history, the grace-period actor) under seeded random
 * scheduling, and exhaustive exploration's interleavings per second on the small leaf-copy scenario.
 *
 * Invariant: figures only from runs whose checks all passed (rcu-interleaving.ts throws otherwise).
 */
import type { Output } from './output.js';
import { deriveSeed } from './prng.js';
import { rcuInterleaving } from './rcu-interleaving.js';
import type { Settings } from './settings.js';
import { fmtInt, fmtRate, fmtSeconds, renderTable, type Column } from './table.js';

const columns: Column[] = [
  { title: 'mode', align: 'left' },
  { title: 'runs', align: 'right' },
  { title: 'steps', align: 'right' },
  { title: 'time', align: 'right' },
  { title: 'steps/s', align: 'right' },
  { title: 'published stores', align: 'right' },
  { title: 'node visits', align: 'right' },
];

export function rcuSection(s: Settings, out: Output, number: number): unknown {
  out.line(`\n${number}. RCU: interleaved steps per second (writers, step-wise readers, grace periods)\n`);
  const r = rcuInterleaving(deriveSeed(s.seed, 'rcu'), s.quick ? 1000 : 5000);
  out.line(
    renderTable(columns, [
      ['seeded random schedules', fmtInt(r.runs), fmtInt(r.steps), fmtSeconds(r.ms), fmtRate(r.steps, r.ms), fmtInt(r.publishSteps), fmtInt(r.visits)],
      ['exhaustive (leaf copy vs load)', fmtInt(r.exhaustive.schedules), '', fmtSeconds(r.exhaustive.ms), `${fmtRate(r.exhaustive.schedules, r.exhaustive.ms)} interleavings/s`, '', ''],
    ]),
  );
  out.line(
    [
      '',
      'Each step is one scheduler step: a published word, a node visit, a lock or section boundary, a grace',
      'period; every reader result is checked against the model history inside the timed runs.',
    ].join('\n'),
  );
  return r;
}
