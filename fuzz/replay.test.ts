/**
 * Replaying traces: a promoted variant trace reproduces and shows the failing step with the tree
 * before and after it; the same trace without its variant (the bug "fixed") or with another
 * signature does not reproduce; hung and crashed traces rerun in a child process; the CLI's exit
 * codes are 0 reproduced, 1 not, 2 bad file or options.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, replayTrace } from './replay.js';
import { loadTrace, traceText, type Trace } from './trace.js';

const MM = fileURLToPath(new URL('./regressions/mm-side-tree-by-address.json', import.meta.url));

function replay(trace: Trace, timeoutMs?: number) {
  const lines: string[] = [];
  const result = replayTrace(trace, (l) => lines.push(l), timeoutMs !== undefined ? { timeoutMs } : {});
  return { result, lines, text: lines.join('\n') };
}

function tempTrace(trace: Trace): string {
  const file = join(mkdtempSync(join(tmpdir(), 'replay-test-')), 'trace.json');
  writeFileSync(file, traceText(trace));
  return file;
}

describe('replayTrace', () => {
  it('reproduces a variant trace and shows the summary, commands, the tree before and after, and the error', () => {
    const trace = loadTrace(MM);
    const { result, lines, text } = replay(trace);
    expect(result).toMatchObject({ reproduced: true, outcome: 'failed', reason: null, signature: trace.signature, commands: trace.commands });
    expect(result.step).toMatchObject({ index: 1, command: 'munmap(0x7ffffff00000, 0x1000)' });
    // Before the munmap the tree holds the one VMA the mmap made; the picture is of that moment.
    expect(result.step!.before).toContain('vma#');
    expect(result.step!.after).toContain('maple_tree');
    const order = ['target     mm', 'variant    side-tree-by-address', 'shrunk command list (2 commands)', '  0  mmap(', 'the run failed at step 1: munmap(', 'before the command:', 'after the command', 'error: SideTreeMismatchError', 'reproduced'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0), `missing: ${order.filter((_, k) => at[k] < 0).join(' | ')}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(lines.at(-1)).toBe('reproduced');
  });

  it('does not reproduce once the bug is gone (the same trace without its variant), and says why', () => {
    const trace = { ...loadTrace(MM), variant: null };
    const { result, lines } = replay(trace);
    expect(result).toMatchObject({ reproduced: false, outcome: 'passed', signature: null, step: null });
    expect(result.firstRunCommands).toEqual(trace.commands);
    expect(lines.at(-1)).toMatch(/^did not reproduce: the run passed/);
  });

  it('does not reproduce when the replay fails with another signature', () => {
    const trace = { ...loadTrace(MM), signature: 'mm+side-tree-by-address: SomethingElse' };
    const { result, lines } = replay(trace);
    expect(result.reproduced).toBe(false);
    expect(result.outcome).toBe('failed');
    expect(lines.at(-1)).toMatch(/^did not reproduce: it failed differently: mm\+side-tree-by-address: SideTreeMismatchError/);
  });

  it('reruns a crashed trace in a child process, which dies again, and shows the step it died in', () => {
    const trace: Trace = { ...loadTrace(MM), target: 'maple-plain', variant: 'crash-on-split', kind: 'crashed', path: null, replayPath: null, commands: [], signature: 'maple-plain+crash-on-split: crashed' };
    const { result, text } = replay(trace, 10_000);
    expect(result).toMatchObject({ reproduced: true, outcome: 'crashed' });
    expect(result.errorMessage).toMatch(/exit code 70/);
    expect(result.step?.command).toMatch(/^\w+\(/);
    expect(text).toMatch(/warning: this run crashed its worker/);
    expect(text).toMatch(/the run died in step \d+/);
  });

  it('reruns a hung trace in a child process and stops it at the timeout', () => {
    const trace: Trace = { ...loadTrace(MM), target: 'maple-plain', variant: 'hang-on-split', kind: 'hung', path: null, replayPath: null, commands: [], signature: 'maple-plain+hang-on-split: hung' };
    const t0 = Date.now();
    const { result, lines } = replay(trace, 1500);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(result).toMatchObject({ reproduced: true, outcome: 'hung' });
    expect(lines.at(-1)).toBe('reproduced');
  });

  it('a hung trace whose run now finishes does not reproduce', () => {
    const trace: Trace = { ...loadTrace(MM), variant: null, kind: 'hung', signature: 'mm: hung' };
    const { result, lines } = replay(trace, 10_000);
    expect(result).toMatchObject({ reproduced: false, outcome: 'passed' });
    expect(lines.at(-1)).toMatch(/^did not reproduce: it finished without hanging, and passed/);
  });
});

describe('npm run replay', () => {
  const run = (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(argv, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('exits 0 when the trace reproduces, 1 when it does not', () => {
    expect(run([MM]).code).toBe(0);
    const fixed = tempTrace({ ...loadTrace(MM), variant: null });
    const r = run([fixed]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/did not reproduce/);
  });

  it('exits 2 with the reason on a bad file or bad options, replaying nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-test-'));
    const foreign = join(dir, 'package.json');
    writeFileSync(foreign, '{"name": "x"}');
    for (const [argv, message] of [
      [[join(dir, 'missing.json')], /cannot read the trace/],
      [[foreign], new RegExp(`${foreign}: not a maple fuzz trace`)],
      [[], /expected one trace file, got 0/],
      [[MM, MM], /expected one trace file, got 2/],
      [[MM, '--timeout=0'], /--timeout must be/],
      [[MM, '--timeout', 'soon'], /--timeout must be .* got "soon"/],
      [[MM, '--bogus'], /bogus/],
    ] as const) {
      const r = run([...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).not.toMatch(/replaying/);
    }
  });
});
