/**
 * Section "checking" of `npm run bench`: the cost of checking, raw commands per second on the tree
 * alone vs the same kind of commands checked against the model (checked-loop.ts measures), and the
 * ratios; the goal the issue sets is model-checked throughput of at least a third of raw.
 *
 * Invariant: a row is printed only after its raw results were replayed and matched, and its
 * model-checked runs agreed after every command.
 */
import { checkingCost, defaultCheckEvery, type CheckingResult } from './checked-loop.js';
import type { Output } from './output.js';
import type { Settings } from './settings.js';
import { rate } from './stats.js';
import { fmtInt, fmtRate, fmtRatio, fmtSeconds, renderTable, type Column } from './table.js';

const columns: Column[] = [
  { title: 'entries', align: 'right' },
  { title: 'raw cmds/s', align: 'right' },
  { title: 'cmds', align: 'right' },
  { title: 'compared cmds/s', align: 'right' },
  { title: 'cmds', align: 'right' },
  { title: 'compared/raw', align: 'right' },
  { title: 'K', align: 'right' },
  { title: 'checked-every-K cmds/s', align: 'right' },
  { title: 'cmds', align: 'right' },
  { title: 'checks', align: 'right' },
  { title: 'checked/raw', align: 'right' },
  { title: 'entries after', align: 'right' },
];

function row(r: CheckingResult): string[] {
  return [
    fmtInt(r.n),
    fmtRate(r.raw.ops, r.raw.ms),
    fmtInt(r.raw.ops),
    fmtRate(r.compared.ops, r.compared.ms),
    fmtInt(r.compared.ops),
    fmtRatio(rate(r.compared) / rate(r.raw)),
    fmtInt(r.checkEvery),
    fmtRate(r.checked.ops, r.checked.ms),
    fmtInt(r.checked.ops),
    fmtInt(r.checked.checks),
    fmtRatio(rate(r.checked) / rate(r.raw)),
    fmtInt(r.sizeAfter),
  ];
}

export function checkingSection(s: Settings, out: Output, number: number): unknown {
  out.line(`\n${number}. The cost of checking: raw commands on the tree alone vs checked against the model\n`);
  const results: CheckingResult[] = [];
  for (const n of s.sizes.filter((x) => x <= s.checking.maxN)) {
    const t0 = performance.now();
    results.push(checkingCost(n, s.seed, '', { budgetMs: s.checking.budgetMs, checkEvery: defaultCheckEvery(n) }).result);
    out.progress(`  checking n=${fmtInt(n)} done in ${fmtSeconds(performance.now() - t0)}`);
  }
  out.line(renderTable(columns, results.map(row)));
  out.line(
    [
      '',
      'The tree starts with the n slots; 50% stores of 1..10 indices at a random index, 50% erases at a random',
      `index, over [0, 10n); each run ${fmtSeconds(s.checking.budgetMs)}. raw: the tree alone (results recorded, then checked`,
      'against the same commands replayed on sorted-btree as a range map, untimed). compared: tree and model,',
      'results compared after every command. checked-every-K: plus checkAgreement (mt_validate + whole entry',
      'list + maple state vs cursor, the property tests\' per-command check, O(n)) after every K commands;',
      'K = 1 (every command, as in the property loop) up to 10,000 entries, else n/1000.',
      'compared/raw and checked/raw: model-checked throughput as a share of raw (goal: at least 0.333x).',
      `Sizes above ${fmtInt(s.checking.maxN)} entries are not run: the model's O(n) operations make a compared command`,
      'take milliseconds there (about 30 commands/s at 10^6 entries).',
    ].join('\n'),
  );
  return results.map((r) => ({ ...r, comparedShareOfRaw: rate(r.compared) / rate(r.raw), checkedShareOfRaw: rate(r.checked) / rate(r.raw) }));
}
