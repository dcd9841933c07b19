/**
 * stryker/ts-checker-speedups.cjs must not change what Stryker's TypeScript checker reports, only
 * how fast: the same mutants, checked in the same order through Stryker's own TypescriptCompiler
 * in a child process with and without the preload, give the same diagnostics, including an error a
 * mutant causes in the file that imports the mutated one; and with the preload the patch is in
 * place and unchanged files' SourceFiles are handed back rather than parsed again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const checkerDist = join(here, '..', 'node_modules', '@stryker-mutator', 'typescript-checker', 'dist', 'src');

interface Diagnostic { file: string | null; start: number | undefined; code: number }
interface ProbeOutput {
  initErrors: number;
  results: Diagnostic[][];
  speedups: { patched: boolean; reusedSourceFiles: number } | null;
}

const project = mkdtempSync(join(tmpdir(), 'ts-checker-speedups-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));
writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
  compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [] },
  include: ['*.ts'],
}));
writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
writeFileSync(join(project, 'a.ts'), 'export const SLOTS = 16;\nexport function half(n: number) {\n  return n / 2;\n}\n');
writeFileSync(join(project, 'b.ts'), "import { SLOTS, half } from './a.js';\nexport const total: number = SLOTS * 2 + half(4);\n");
const mutants = [
  { file: 'a.ts', search: '16', replacement: '"x"' }, // a string constant: b.ts multiplies it
  { file: 'a.ts', search: 'n / 2', replacement: 'n - 2' }, // compiles
  { file: 'a.ts', search: 'n / 2', replacement: '""' }, // half() now returns a string: b.ts's number breaks
  { file: 'b.ts', search: 'SLOTS * 2', replacement: 'SLOTS * "2"' }, // an error in the mutated file
  { file: 'a.ts', search: '16', replacement: '17' }, // compiles
  { file: 'a.ts', search: '16', replacement: '"x"' }, // the first again, after other files changed
];
writeFileSync(join(project, 'mutants.json'), JSON.stringify(mutants));

function probe(preload: boolean): ProbeOutput {
  const args = [
    ...(preload ? ['--require', join(here, 'ts-checker-speedups.cjs')] : []),
    join(here, 'ts-checker-probe.mjs'), checkerDist, 'tsconfig.json', 'mutants.json',
  ];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' })) as ProbeOutput;
}

describe('ts-checker-speedups', () => {
  const plain = probe(false);
  const sped = probe(true);

  it('reports the same diagnostics for every mutant as the checker without it', () => {
    expect(plain.initErrors).toBe(0);
    expect(sped.initErrors).toBe(0);
    expect(sped.results).toEqual(plain.results);
  });

  it('still sees errors a mutant causes in the importing file, and none where it compiles', () => {
    const files = sped.results.map((errors) => [...new Set(errors.map((e) => e.file))]);
    expect(files).toEqual([['b.ts'], [], ['b.ts'], ['b.ts'], [], ['b.ts']]);
    expect(sped.results[5]).toEqual(sped.results[0]);
  });

  it('is in place and hands unchanged files back instead of parsing them again', () => {
    expect(plain.speedups).toBeNull();
    expect(sped.speedups?.patched).toBe(true);
    expect(sped.speedups?.reusedSourceFiles).toBeGreaterThan(0);
  });
});
