/**
 * `npm run mutate:shard -- <dir> [stryker options]`: Stryker over one directory of impl/ (a shard),
 * with everything else stryker.conf.json says (exclusions, ignorers, incremental file, thresholds);
 * `top` is the files directly in impl/ (errno.ts).
 *
 * Invariants: the shard's mutate patterns are the config's, with each positive `impl/**` pattern
 * narrowed to `impl/<dir>/**` (`impl/*.ts` for `top`) and every exclusion kept, so the shards of
 * all directories together mutate exactly what `npm run mutate` does; results accumulate in the one
 * incremental file (Stryker keeps the results of files outside the current scope), so running every
 * shard, then `npm run mutate`, reuses them all. Extra arguments go to `stryker run` unchanged.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const [dir, ...rest] = process.argv.slice(2);
if (dir === undefined || !/^[a-z][a-z0-9-]*$/.test(dir) || !(dir === 'top' || existsSync(`impl/${dir}`))) {
  console.error(`usage: npm run mutate:shard -- <dir> [stryker options], <dir> one of impl/'s directories or top (got ${JSON.stringify(dir)})`);
  process.exit(2);
}
const config = JSON.parse(readFileSync('stryker.conf.json', 'utf8'));
const patterns = config.mutate.map((p) => (p.startsWith('!') ? p : p.replace(/^impl\/\*\*\//, dir === 'top' ? 'impl/' : `impl/${dir}/**/`)));
console.log(`mutating impl/${dir}: ${patterns.join(' ')}`);
const run = spawnSync('npx', ['stryker', 'run', '--mutate', patterns.join(','), ...rest], { stdio: 'inherit' });
process.exit(run.status ?? 1);
