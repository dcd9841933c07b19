/**
 * The CLI as a child process: Ctrl-C (SIGINT to its process group, as a terminal sends it) stops
 * a campaign with exit code 130 after printing the summary with the interrupted state; bad
 * options exit 2 and run nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// tsx's own CLI (what `npx tsx` runs), without npm's wrapper, which would not pass the exit code on.
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

describe('fuzz CLI', () => {
  it('on SIGINT stops, prints the summary as interrupted and exits 130', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'fuzz-interrupt-'));
    const child = spawn(process.execPath, [TSX, 'fuzz/cli.ts', '--seconds', '60', '--target', 'maple-plain', '--workers', '1', '--report', reportDir], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!sent && /^fuzz: runs /m.test(out)) {
        sent = true;
        process.kill(-(child.pid as number), 'SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(sent).toBe(true);
    expect(out).toContain('fuzz: INTERRUPTED after');
    expect(out).toContain('  maple-plain: ');
    expect(out.trimEnd().split('\n').at(-1)).toBe('fuzz: interrupted, no failures so far');
    expect(code).toBe(130);
    // The report of the interrupted campaign was written, marked as interrupted.
    expect(out).toMatch(/fuzz: report .*report\.html/);
    rmSync(reportDir, { recursive: true, force: true });
  }, 20_000);

  it('refuses a bad option with exit code 2 and the usage', () => {
    const r = spawnSync(process.execPath, [TSX, 'fuzz/cli.ts', '--shard', '3/3'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('fuzz: --shard must be I/N');
    expect(r.stderr).toContain('usage: npm run fuzz');
    expect(r.stdout).toBe('');
  });
});
