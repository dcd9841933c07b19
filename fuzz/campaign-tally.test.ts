/**
 * The campaign tally: runs counted once each, failures grouped by signature with counts, the
 * lowest run kept as a signature's first whatever the arrival order, trace files recorded.
 */
import { describe, expect, it } from 'vitest';
import type { FoundFailure } from './campaign-data.js';
import { CampaignTally } from './campaign-tally.js';
import type { RunResult } from './run-job.js';
import { findTarget } from './targets.js';

const mm = findTarget('mm')!;

function failure(run: number, signature: string, kind: FoundFailure['kind'] = 'failed'): FoundFailure {
  return { target: 'mm', variant: undefined, seed: run * 11, path: kind === 'failed' ? '1:2' : undefined, replayPath: undefined, commands: [], errorName: 'E', errorMessage: 'm', report: 'r', signature, kind, campaign: { baseSeed: 5, run } };
}

function result(run: number, f: FoundFailure | null): RunResult {
  const coverage = { ...mm.newCoverage(), runs: 1, commands: 10, maxVmas: run };
  return { run, target: 'mm', seed: run * 11, commands: 10, failure: f, coverage, summary: { runs: 1, commands: 10, mix: {}, figures: {}, line: '' } };
}

function tally(): CampaignTally {
  const options = { targets: ['mm'], variant: undefined, baseSeed: 5, seconds: 60, runs: null, workers: 2, shard: { index: 0, count: 1 } };
  return new CampaignTally({ targets: [mm], startedAt: new Date(0), runTimeout: 60, options });
}

describe('campaign tally', () => {
  it('counts runs, commands and coverage, and groups failures by signature', () => {
    const t = tally();
    const late = failure(9, 'A');
    const early = failure(2, 'A');
    t.addResult(result(9, late));
    t.setTrace(late, 'corpus/late.json');
    t.addResult(result(1, null));
    t.addLostRun(failure(4, 'H', 'hung'));
    t.addResult(result(2, early));
    t.setTrace(early, 'corpus/early.json');
    const r = t.report(1234, false);
    expect(r).toMatchObject({ format: 'maple-fuzz-campaign', version: 1, startedAt: '1970-01-01T00:00:00.000Z', elapsedMs: 1234, runs: 4, commands: 30, interrupted: false });
    expect(r.perTarget.mm).toMatchObject({ runs: 3, commands: 30, figures: { 'max VMAs': 9 } });
    expect(r.failures.map((f) => [f.signature, f.kind, f.count, f.first.campaign.run, f.traceFile])).toEqual([
      ['A', 'failed', 2, 2, 'corpus/early.json'],
      ['H', 'hung', 1, 4, null],
    ]);
    expect(r.failures[0].replay).toContain('--seed=22 --runs 1 --path 1:2');
    expect(r.failures[1].replay).toContain('--workers 1 --run-timeout 60');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('samples progress', () => {
    const t = tally();
    t.sample(0);
    t.addResult(result(0, failure(0, 'A')));
    t.sample(1000);
    expect(t.report(1000, true)).toMatchObject({ interrupted: true, samples: [{ elapsedMs: 0, runs: 0, commands: 0, failures: 0 }, { elapsedMs: 1000, runs: 1, commands: 10, failures: 1 }] });
  });
});
