/**
 * What the CLI prints: failures in full once and then sparsely, the progress line, and a summary
 * that lists each distinct failure once with its count and replay line.
 */
import { describe, expect, it } from 'vitest';
import type { CampaignReportData, FoundFailure } from './campaign-data.js';
import { formatFailure, formatSummary, printsHit, progressFraction, progressText } from './summary.js';

const f: FoundFailure = {
  target: 'mm',
  variant: 'side-tree-by-address',
  seed: -3,
  path: '0:1',
  replayPath: 'AB',
  commands: ['mmap(0x10000, 0x1000, flags 0)', 'munmap(0x10000, 0x1)'],
  errorName: 'SideTreeMismatchError',
  errorMessage: 'kernel BUG',
  report: 'full report',
  signature: 'mm+side-tree-by-address: SideTreeMismatchError: kernel BUG',
  kind: 'failed',
  campaign: { baseSeed: 1, run: 7 },
};

describe('summary text', () => {
  it('prints a failure in full, with its shrunk commands and replay line', () => {
    const text = formatFailure(f, 1, 60);
    expect(text).toContain('FAILURE [failed] mm+side-tree-by-address');
    expect(text).toContain('run 7, seed -3');
    expect(text).toContain('    munmap(0x10000, 0x1)');
    expect(text).toContain('replay: npm run fuzz -- --target mm --seed=-3 --runs 1 --path 0:1 --commands-path AB --workers 0 --variant side-tree-by-address');
    expect(formatFailure(f, 10, 60)).toMatch(/^failure again \(10 runs so far\).*\n.*replay: npm run fuzz/);
  });

  it('prints repeats of one failure only at 1, 10, 100, ...', () => {
    expect(Array.from({ length: 1000 }, (_, i) => i + 1).filter(printsHit)).toEqual([1, 10, 100, 1000]);
  });

  it('shows progress by time, or by runs when those run out first', () => {
    const p = { startedAtMs: 0, budgetMs: 60_000, plannedRuns: Infinity, runs: 10, commands: 5000, failures: 2, distinctFailures: 1 };
    expect(progressText(p, 10_000)).toBe('runs 10 | 500 commands/s | 2 failing run(s), 1 distinct | 10s elapsed, ~50s left');
    expect(progressFraction(p, 15_000)).toBeCloseTo(0.25);
    const counted = { ...p, plannedRuns: 20, failures: 0 };
    expect(progressText(counted, 10_000)).toBe('runs 10/20 | 500 commands/s | no failures | 10s elapsed, ~10s left');
    expect(progressFraction(counted, 10_000)).toBeCloseTo(0.5);
  });

  it('summarises per target and per distinct failure, and says when it was interrupted', () => {
    const data: CampaignReportData = {
      format: 'maple-fuzz-campaign',
      version: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      options: { targets: ['mm'], variant: 'side-tree-by-address', baseSeed: 1, seconds: 60, runs: null, workers: 2, shard: { index: 0, count: 1 } },
      elapsedMs: 2000,
      runs: 12,
      commands: 400,
      interrupted: true,
      samples: [],
      perTarget: { mm: { runs: 12, commands: 400, mix: {}, figures: {}, line: '12 runs, 400 commands' } },
      failures: [{ signature: f.signature, kind: 'failed', count: 5, first: f, traceFile: 'corpus/x.json', replay: 'npm run fuzz -- X' }],
    };
    const text = formatSummary(data);
    expect(text).toContain('fuzz: INTERRUPTED after 2.0s: 12 runs, 400 commands (200/s)');
    expect(text).toContain('  mm: 12 runs, 400 commands');
    expect(text).toContain(`1. [failed] x5  ${f.signature}`);
    expect(text).toContain('replay: npm run fuzz -- X');
    expect(text).toContain('trace: corpus/x.json');
    expect(text.split('\n').at(-1)).toBe('fuzz: interrupted, 5 failing run(s), 1 distinct failure(s) so far');
    expect(formatSummary({ ...data, interrupted: false, failures: [] }).split('\n').at(-1)).toBe('fuzz: no failures');
  });
});
