/**
 * `npm run mutate [-- stryker options]`: mutation testing of all of impl/, as a sequence of Stryker
 * runs over shards of it (stryker/shard-plan.ts says why), then one score over all of them.
 *
 * Invariants:
 * - the files mutated are exactly those stryker.conf.json's `mutate` patterns select (each shard
 *   passes its files as `--mutate`, every other setting comes from the config), each in one shard;
 * - all shards write to one incremental file (Stryker keeps results of files outside a run's
 *   scope), so the summary reads every file's latest results from it, and a rerun reuses them;
 * - options after `--` go to every shard's `stryker run` unchanged (`--force`, `--incrementalFile F`,
 *   `--reporters ...`), except `--shard-kb N` (shard size, default 32) and `--list-shards` (print the
 *   shards, one comma-separated line each, and stop), which are ours;
 * - the exit status is 0 only if every shard's run succeeded and the total score is at least the
 *   config's `break` threshold.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { calculateMutationTestMetrics, type MetricsResult } from 'mutation-testing-metrics';
import picomatch from 'picomatch';
import { planShards } from './shard-plan.js';

interface StrykerConfig {
  mutate: string[];
  incrementalFile: string;
  thresholds: { break: number };
}

const config = JSON.parse(readFileSync('stryker.conf.json', 'utf8')) as StrykerConfig;

function takeOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined) throw new Error(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

const strykerArgs = process.argv.slice(2);
const shardKb = Number(takeOption(strykerArgs, '--shard-kb') ?? '32');
if (!(shardKb > 0)) {
  console.error(`--shard-kb must be a positive number of KB`);
  process.exit(2);
}
const listOnly = strykerArgs.includes('--list-shards');
const incrementalAt = strykerArgs.indexOf('--incrementalFile');
const incrementalFile = (incrementalAt >= 0 ? strykerArgs[incrementalAt + 1] : undefined) ?? config.incrementalFile;

const included = picomatch(config.mutate.filter((p) => !p.startsWith('!')));
const excluded = picomatch(config.mutate.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
const files = (readdirSync('impl', { recursive: true }) as string[])
  .map((p) => `impl/${p.split('\\').join('/')}`)
  .filter((p) => p.endsWith('.ts') && included(p) && !excluded(p))
  .map((path) => ({ path, bytes: statSync(path).size }));
const shards = planShards(files, shardKb * 1024);
if (listOnly) {
  for (const shard of shards) console.log(shard.join(','));
  process.exit(0);
}

const started = Date.now();
const minutes = (ms: number): string => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
const ran: { shard: string; ms: number; status: number }[] = [];
for (const [index, shard] of shards.entries()) {
  const kb = files.filter((f) => shard.includes(f.path)).reduce((sum, f) => sum + f.bytes, 0) / 1024;
  const name = shard.length === 1 ? shard[0]! : `${shard[0]} .. ${shard[shard.length - 1]} (${shard.length} files)`;
  console.log(`\n=== mutate shard ${index + 1}/${shards.length}: ${name}, ${kb.toFixed(0)} KB, ${minutes(Date.now() - started)} elapsed ===`);
  const shardStart = Date.now();
  const run = spawnSync('npx', ['stryker', 'run', '--mutate', shard.join(','), ...strykerArgs], { stdio: 'inherit' });
  ran.push({ shard: name, ms: Date.now() - shardStart, status: run.status ?? 1 });
}

const report = JSON.parse(readFileSync(incrementalFile, 'utf8')) as { files: Record<string, unknown> };
const wanted = new Set(files.map((f) => f.path));
report.files = Object.fromEntries(Object.entries(report.files).filter(([path]) => wanted.has(path)));
const root = calculateMutationTestMetrics(report as Parameters<typeof calculateMutationTestMetrics>[0]).systemUnderTestMetrics;

const columns = ['', 'score', 'killed', 'timeout', 'survived', 'no cov', 'compile err', 'runtime err', 'ignored'];
const row = (name: string, r: MetricsResult): string[] => {
  const m = r.metrics;
  return [name, Number.isNaN(m.mutationScore) ? 'n/a' : `${m.mutationScore.toFixed(2)}%`, m.killed, m.timeout, m.survived, m.noCoverage, m.compileErrors, m.runtimeErrors, m.ignored].map(String);
};
const rows = [columns, ...root.childResults.map((c) => row(`impl/${c.name}`, c)), row('impl/ (all)', root)];
const widths = columns.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`\n=== npm run mutate: ${files.length} files in ${shards.length} shards, ${minutes(Date.now() - started)} ===`);
for (const r of ran) console.log(`${r.status === 0 ? 'ok    ' : 'FAILED'} ${minutes(r.ms).padStart(14)}  ${r.shard}`);
console.log('');
for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
console.log(`\nresults of every file: ${incrementalFile} (a mutation-testing report)`);

const score = root.metrics.mutationScore;
const failed = ran.filter((r) => r.status !== 0);
if (failed.length > 0) console.error(`${failed.length} shard run(s) failed: ${failed.map((r) => r.shard).join('; ')}`);
if (!(score >= config.thresholds.break)) console.error(`total mutation score ${score.toFixed(2)}% is below the break threshold ${config.thresholds.break}`);
process.exit(failed.length === 0 && score >= config.thresholds.break ? 0 : 1);
