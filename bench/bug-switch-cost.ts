/**
 * What the bug catalogue's switch (impl/bugs/switch.ts) costs when no bug is selected: the same
 * maple operations, timed on two copies of impl/ made for the purpose in a temporary directory:
 * "switch present" (impl/ as it is) and "sites folded away" (every `ACTIVE_BUG === 'name'` replaced
 * by `false` and every `!==` by `true`, the fixed code alone, as if the catalogue did not exist).
 *
 *   npx tsx bench/bug-switch-cost.ts [ROUNDS]      (default 10 rounds, about 3 minutes)
 *
 * Method, and why: each copy runs in its own process (V8 runs the first module graph a process
 * loads faster than a second one, so two copies in one process compare unfairly); the processes
 * alternate, ROUNDS of each; each process reports, per operation, the best of 9 trials measured in
 * CPU time of the process (process.cpuUsage), not wall time, because this machine is shared and
 * wall time mostly measures who else is running. The table gives the median over the rounds, the
 * relative standard deviation, and the ratio of the medians.
 *
 * Measures; asserts nothing (a timing cannot be a test here). Invariants: the two copies differ
 * only at the bug sites; the workloads are seeded and identical for both.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable, fmtInt, type Column } from './table.js';
import { prngFor } from './prng.js';

const N = 20_000;
const SEED = 20261123;
const TRIALS = 9;

type Maple = typeof import('../impl/maple/index.js');

function workloads(m: Maple): Record<string, () => number> {
  const filled = (flags: number) => {
    const t = m.mt_init_flags(flags);
    for (let i = 0; i < N; i++) m.mtree_store_range(t, i * 10, i * 10 + 5, i + 1);
    return t;
  };
  return {
    'store (append, then random overwrites)': () => {
      const t = filled(m.MT_FLAGS_ALLOC_RANGE);
      const r = prngFor(SEED, 'store');
      for (let i = 0; i < N; i++) {
        const a = r.int(N * 10);
        m.mtree_store_range(t, a, a + r.int(8), i + 1);
      }
      return 2 * N;
    },
    'erase (after the appends)': () => {
      const t = filled(m.MT_FLAGS_ALLOC_RANGE);
      const r = prngFor(SEED, 'erase');
      for (let i = 0; i < N; i++) m.mtree_erase(t, r.int(N * 10));
      return 2 * N;
    },
    'mas_next and mas_prev over the tree': () => {
      const t = filled(0);
      let n = N;
      for (let k = 0; k < 5; k++) {
        const up = m.MA_STATE(t, 0);
        while (m.mas_next(up, Number.MAX_SAFE_INTEGER) !== null) n++;
        const down = m.MA_STATE(t, N * 10);
        while (m.mas_prev(down, 0) !== null) n++;
      }
      return n;
    },
    'empty-area searches and alloc_range': () => {
      const t = filled(m.MT_FLAGS_ALLOC_RANGE);
      const r = prngFor(SEED, 'empty area');
      const mas = m.MA_STATE(t, 0);
      for (let i = 0; i < N; i++) {
        const lo = r.int(N * 9);
        (i & 1 ? m.mas_empty_area_rev : m.mas_empty_area)(mas, lo, lo + 5000, 1 + (i % 4));
      }
      for (let i = 0; i < N / 4; i++) m.mtree_alloc_range(t, { start: 0 }, i + 1, 1 + (i % 3), 0, Number.MAX_SAFE_INTEGER);
      return N + N + N / 4;
    },
  };
}

/** Child: best-of-TRIALS operations per CPU second for the impl/ under `root`, as JSON. */
async function child(root: string): Promise<void> {
  const m = (await import(join(root, 'impl/maple/index.ts'))) as Maple;
  const out: Record<string, number> = {};
  for (const [name, run] of Object.entries(workloads(m))) {
    let best = 0;
    for (let k = 0; k < TRIALS; k++) {
      const c0 = process.cpuUsage();
      const ops = run();
      const c = process.cpuUsage(c0);
      best = Math.max(best, (ops * 1e6) / (c.user + c.system));
    }
    out[name] = best;
  }
  console.log(JSON.stringify(out));
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? tsFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

/** Two copies of impl/: as it is, and with every bug site folded to the fixed code. */
function makeCopies(): { present: string; folded: string; cleanup(): void } {
  const base = mkdtempSync(join(tmpdir(), 'bug-switch-cost-'));
  const impl = fileURLToPath(new URL('../impl', import.meta.url));
  const present = join(base, 'present');
  const folded = join(base, 'folded');
  cpSync(impl, join(present, 'impl'), { recursive: true });
  cpSync(impl, join(folded, 'impl'), { recursive: true });
  for (const file of tsFiles(join(folded, 'impl'))) {
    if (file.includes(`${join('impl', 'bugs')}`)) continue;
    const text = readFileSync(file, 'utf8');
    const out = text
      .replace(/ACTIVE_BUG === '[a-z0-9-]+'/g, 'false')
      .replace(/ACTIVE_BUG !== '[a-z0-9-]+'/g, 'true')
      .replace(/^import \{ ACTIVE_BUG \} from .*\n/m, '');
    if (out.includes('ACTIVE_BUG')) throw new Error(`${file}: a bug site this script cannot fold`);
    if (out !== text) writeFileSync(file, out);
  }
  return { present, folded, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rsd = (xs: number[]): string => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `${((Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) / mean) * 100).toFixed(1)}%`;
};

function parent(rounds: number): void {
  const copies = makeCopies();
  const self = fileURLToPath(import.meta.url);
  const results: Record<'present' | 'folded', Record<string, number>[]> = { present: [], folded: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const which of (r % 2 === 0 ? ['present', 'folded'] : ['folded', 'present']) as ('present' | 'folded')[]) {
        const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', copies[which]], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
        results[which].push(JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>);
      }
      process.stderr.write(`round ${r + 1}/${rounds}\n`);
    }
  } finally {
    copies.cleanup();
  }
  const columns: Column[] = [
    { title: 'operation', align: 'left' },
    { title: 'switch present (ops/CPU s)', align: 'right' },
    { title: 'rsd', align: 'right' },
    { title: 'sites folded away', align: 'right' },
    { title: 'rsd', align: 'right' },
    { title: 'ratio', align: 'right' },
  ];
  const rows = Object.keys(results.present[0]).map((op) => {
    const a = results.present.map((x) => x[op]);
    const b = results.folded.map((x) => x[op]);
    return [op, fmtInt(median(a)), rsd(a), fmtInt(median(b)), rsd(b), (median(a) / median(b)).toFixed(3)];
  });
  console.log(`bug switch cost, no bug selected: medians over ${rounds} processes of each, best of ${TRIALS} trials each`);
  console.log(renderTable(columns, rows));
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else parent(Number(process.argv[2] ?? 10));
