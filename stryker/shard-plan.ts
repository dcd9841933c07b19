/**
 * How `npm run mutate` splits impl/ into Stryker runs (stryker/mutate-all.ts): files in path order,
 * packed into consecutive shards of at most maxBytes of source each.
 *
 * Why shards at all: Stryker instruments every file it mutates, and instrumented code counts
 * coverage at every statement, in mutant runs too; with all of impl/ instrumented every test ran
 * 10-20x slower (the dry run: 2 min 57 s with all of impl/, 14 s with two files), so a mutant's
 * tests, and every endless loop until the hit limit stopped it, took that much longer. A shard
 * instruments only its own files; each shard costs one more dry run (~15-30 s), so shards are a
 * few tens of KB (a few hundred mutants), not single files.
 *
 * Invariants: every file is in exactly one shard, in path order (a directory's files stay
 * together as far as the size allows); no shard exceeds maxBytes unless it is a single file
 * larger than that; no shard is empty.
 */
export interface SourceFile {
  path: string;
  bytes: number;
}

export function planShards(files: readonly SourceFile[], maxBytes: number): string[][] {
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive, got ${maxBytes}`);
  const shards: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (current.length > 0 && size + file.bytes > maxBytes) {
      shards.push(current);
      current = [];
      size = 0;
    }
    current.push(file.path);
    size += file.bytes;
  }
  if (current.length > 0) shards.push(current);
  return shards;
}
