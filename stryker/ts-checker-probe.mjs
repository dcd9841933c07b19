// Run by stryker/ts-checker-speedups.test.ts in a child process (with or without the speedups
// preloaded): type-checks a list of mutants the way Stryker's TypeScript checker does, through its
// own TypescriptCompiler, and prints one JSON line: each mutant's diagnostics (file, position,
// message) and what the preload reports about itself.
// Invariant: mutants are checked one at a time, in order, each in a clean program (the previous
// mutant undone first), exactly as the checker does.
// Usage: node [--require ts-checker-speedups.cjs] ts-checker-probe.mjs <checker-dist-dir> <tsconfig> <mutants.json>
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [checkerDist, tsconfigFile, mutantsFile] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(resolve(checkerDist, file)).href);
const { TypescriptCompiler } = await load('typescript-compiler.js');
const { HybridFileSystem } = await load('fs/hybrid-file-system.js');
const quiet = () => {};
const log = { debug: quiet, trace: quiet, info: quiet, warn: quiet, error: quiet, isDebugEnabled: () => false, isTraceEnabled: () => false };
const compiler = new TypescriptCompiler(log, { tsconfigFile }, new HybridFileSystem(log));
const initErrors = await compiler.init();

// A mutant is { file, search, replacement }: the first occurrence of `search` in `file` is replaced.
const positionIn = (text, offset) => {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, column: before[before.length - 1].length };
};
const results = [];
for (const [index, { file, search, replacement }] of JSON.parse(readFileSync(mutantsFile, 'utf8')).entries()) {
  const fileName = resolve(file).replace(/\\/g, '/');
  const text = readFileSync(fileName, 'utf8');
  const at = text.indexOf(search);
  if (at < 0) throw new Error(`${search} not in ${file}`);
  const location = { start: positionIn(text, at), end: positionIn(text, at + search.length) };
  const errors = await compiler.check([{ id: String(index), fileName, location, replacement }]);
  results.push(errors.map((d) => ({
    file: d.file ? d.file.fileName.slice(d.file.fileName.lastIndexOf('/') + 1) : null,
    start: d.start,
    code: d.code,
  })));
}
process.stdout.write(`${JSON.stringify({ initErrors: initErrors.length, results, speedups: globalThis.tsCheckerSpeedups ?? null })}\n`);
