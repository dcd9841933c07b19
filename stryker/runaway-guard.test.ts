/**
 * The runaway guard wired into a real vitest run (stryker/runaway-guard.ts as a setup file, the
 * values Stryker provides given by hand): a test that loops through mutant switches past its budget
 * fails with RunawayMutantError, a test the dry run did not time is left alone, and in the dry-run
 * mode the guard writes each test's time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const vitestBin = join(here, '..', 'node_modules', 'vitest', 'vitest.mjs');
const project = mkdtempSync(join(tmpdir(), 'runaway-guard-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

// What Stryker's instrumented code does at each mutant switch: compare the active mutant's id.
// 'loops' loops forever under the mutant, and ends in the dry run (no mutant).
const testFile = (forever: boolean): string => `
import { it } from 'vitest';
const ns = (globalThis.__stryker__ ??= {}); // Stryker's own setup makes it in real runs
const passSwitch = (id) => ns.activeMutant === id;
it('loops', () => {
  ns.activeMutant = '7';
  for (let i = 0; ${forever ? 'true' : 'i < 1e5'}; i++) passSwitch('other');
});
it('untimed', () => {
  ns.activeMutant = '7';
  for (let i = 0; i < 1e6; i++) passSwitch('other');
});
`;

function run(mode: 'dry-run' | 'mutant') {
  writeFileSync(join(project, 'loop.test.mjs'), testFile(mode === 'mutant'));
  writeFileSync(join(project, 'vitest.config.mjs'), `export default {
  test: {
    include: ['loop.test.mjs'],
    setupFiles: [${JSON.stringify(join(here, 'runaway-guard.ts'))}],
    provide: { mode: ${JSON.stringify(mode)}, globalNamespace: '__stryker__' },
    testTimeout: 120000,
    // Threads, not forked processes: if the guard ever failed to fire, killing the child run must
    // also end the looping test (a fork would be left looping on its own).
    pool: 'threads',
  },
};`);
  const started = Date.now();
  // A guard that never fires would loop for ever: the child is killed after a minute.
  const result = spawnSync(process.execPath, [vitestBin, 'run', '--config', 'vitest.config.mjs'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: result.status, output: result.stdout + result.stderr, ms: Date.now() - started };
}

describe('runaway guard in a vitest run', () => {
  it('records test times in the dry run, and stops the test that loops past 3x + 10 s', () => {
    const dry = run('dry-run');
    expect(dry.status).toBe(0);
    const times = JSON.parse(readFileSync(join(project, '.stryker-test-times.json'), 'utf8')) as Record<string, number>;
    expect(Object.keys(times).sort()).toEqual(['loop.test.mjs#loops', 'loop.test.mjs#untimed']);

    // Only the looping test keeps a dry-run time: the other one runs with no deadline.
    writeFileSync(join(project, '.stryker-test-times.json'), JSON.stringify({ 'loop.test.mjs#loops': times['loop.test.mjs#loops'] }));
    const mutant = run('mutant');
    expect(mutant.status).toBe(1);
    expect(mutant.output).toContain('RunawayMutantError');
    expect(mutant.output).toMatch(/mutant 7 ran "loop\.test\.mjs#loops" past its budget/);
    expect(mutant.output).toMatch(/1 failed \| 1 passed/);
    expect(mutant.ms).toBeLessThan(60_000);
  }, 90_000);
});
