/**
 * Section "property" of `npm run bench`: throughput of the fast-check property loop itself
 * (property-loop.ts), for the plain and the alloc-range tree.
 *
 * Invariant: the figures come from fc.check runs that passed, counted by the property's own
 * coverage counter.
 */
import type { Output } from './output.js';
import { deriveSeed } from './prng.js';
import { propertyLoop, type PropertyLoopResult } from './property-loop.js';
import type { Settings } from './settings.js';
import { fmtInt, fmtRate, fmtSeconds, renderTable, type Column } from './table.js';

const columns: Column[] = [
  { title: 'tree', align: 'left' },
  { title: 'runs', align: 'right' },
  { title: 'commands', align: 'right' },
  { title: 'time', align: 'right' },
  { title: 'cmds/s', align: 'right' },
  { title: 'max entries', align: 'right' },
  { title: 'max height', align: 'right' },
];

function row(r: PropertyLoopResult): string[] {
  return [r.alloc ? 'alloc-range' : 'plain', fmtInt(r.runs), fmtInt(r.commands), fmtSeconds(r.ms), fmtRate(r.commands, r.ms), fmtInt(r.maxEntries), fmtInt(r.maxHeight)];
}

export function propertySection(s: Settings, out: Output, number: number): unknown {
  out.line(`\n${number}. Property loop: fast-check model-based runs of the maple property (mapleProperty)\n`);
  const results = [false, true].map((alloc) =>
    propertyLoop(alloc, deriveSeed(s.seed, `property/${alloc ? 'alloc' : 'plain'}`), s.property.runs, s.property.maxCommands),
  );
  out.line(renderTable(columns, results.map(row)));
  out.line(
    [
      '',
      `fc.check with a fixed seed (derived from the benchmark seed), ${s.property.runs} runs of up to ${fmtInt(s.property.maxCommands)} commands per`,
      'tree type; commands counted by the property\'s coverage counter. Time includes command generation,',
      'tree + model and checkAgreement (mt_validate + full comparison) after every command.',
    ].join('\n'),
  );
  return results;
}
