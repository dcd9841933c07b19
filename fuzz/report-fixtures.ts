/**
 * Campaign report data for tests and for looking at the page: an empty campaign and a full one
 * whose text holds everything that must be escaped (< > & quotes, a closing tag, a script tag).
 *
 * Invariants: plain data built fresh on every call (tests may change it); shapes follow
 * fuzz/campaign-data.ts exactly, so the type checker keeps them current.
 */
import type { CampaignReportData } from './campaign-data.js';

export const NASTY = 'maple-plain: DisagreementError: tree has <N> & model "v\'N" </td><script>alert(1)</script>';

export function emptyData(): CampaignReportData {
  return {
    format: 'maple-fuzz-campaign',
    version: 1,
    startedAt: '2026-11-23T13:27:23.008Z',
    options: { targets: [], variant: undefined, baseSeed: 20261123, seconds: 60, runs: null, workers: 1, shard: { index: 0, count: 1 } },
    elapsedMs: 0,
    runs: 0,
    commands: 0,
    interrupted: false,
    samples: [],
    perTarget: {},
    failures: [],
  };
}

export function fullData(): CampaignReportData {
  return {
    ...emptyData(),
    options: { targets: ['maple-plain', 'mm'], variant: 'side-tree-by-address', baseSeed: -7, seconds: 3600, runs: 100000, workers: 2, shard: { index: 1, count: 4 } },
    elapsedMs: 125_000,
    runs: 12_345,
    commands: 2_500_000,
    interrupted: true,
    samples: [
      { elapsedMs: 1000, runs: 100, commands: 20_000, failures: 0 },
      { elapsedMs: 2000, runs: 210, commands: 41_000, failures: 1 },
      { elapsedMs: 4000, runs: 400, commands: 80_000, failures: 3 },
    ],
    perTarget: {
      'maple-plain': {
        runs: 6000,
        commands: 2_000_000,
        mix: { StoreRange: 900_000, Erase: 600_000, '<b>Weird</b>': 5 },
        figures: { 'max height': 4, 'max entries': 1999, 'store type wr_split_store': 4242, 'store type wr_append': 17, 'edge: spanning store at root': 3 },
        line: '6000 runs, 2000000 commands, max height 4',
      },
      mm: {
        runs: 6345,
        commands: 500_000,
        mix: { mmap: 300_000, munmap: 200_000 },
        figures: { 'side-tree checks': 77_777, '-ENOMEM': 31 },
        line: '6345 runs, 500000 commands, 77777 side-tree checks',
      },
    },
    failures: [
      {
        signature: NASTY,
        kind: 'failed',
        count: 3,
        first: {
          target: 'maple-plain',
          variant: undefined,
          seed: 99,
          path: '1:2',
          replayPath: 'AB',
          commands: ['StoreRange(1, 2, "<v>")', 'Erase(1)'],
          errorName: 'DisagreementError',
          errorMessage: 'tree has <1> & model "v\'2"',
          report: 'report',
          signature: NASTY,
          kind: 'failed',
          campaign: { baseSeed: -7, run: 17 },
        },
        traceFile: 'corpus/traces/maple-plain-0123456789ab.json',
        replay: 'npm run fuzz -- --target maple-plain --seed=99 --runs 1 --path 1:2',
      },
      {
        signature: 'mm: hung',
        kind: 'hung',
        count: 1,
        first: { target: 'mm', variant: undefined, seed: 5, path: undefined, replayPath: undefined, commands: [], errorName: 'Hang', errorMessage: 'hung', report: '', signature: 'mm: hung', kind: 'hung', campaign: { baseSeed: -7, run: 40 } },
        traceFile: null,
        replay: 'npm run fuzz -- --target mm --seed=5 --runs 1',
      },
    ],
  };
}
