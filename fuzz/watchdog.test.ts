/**
 * The runner survives runs that never come back: a run stuck in an infinite loop is ended by the
 * watchdog and recorded as 'hung', a worker that kills its thread is recorded as 'crashed', and
 * in both cases the campaign goes on with a fresh worker and ends normally.
 */
import { describe, expect, it } from 'vitest';
import type { FoundFailure } from './campaign-data.js';
import { runCampaign, type RunRecord } from './campaign.js';
import { campaignOptions, parseCli } from './options.js';

async function campaign(argv: string[]) {
  const records: RunRecord[] = [];
  const failures: FoundFailure[] = [];
  const data = await runCampaign(campaignOptions(parseCli(argv)), { onRun: (r) => records.push(r), onFailure: (f) => void failures.push(f) });
  return { data, records, failures };
}

describe('campaign robustness', () => {
  it('records a hung run, replaces the worker and ends normally', async () => {
    // One worker, so the spinning thread takes one core of two, not both; two runs, so the
    // second one runs on the fresh worker that replaced the terminated one.
    const { data, records, failures } = await campaign(['--variant', 'hang-on-split', '--target', 'maple-plain', '--run-timeout', '2', '--runs', '2', '--workers', '1']);
    expect(data.interrupted).toBe(false);
    expect(records.map((r) => [r.run, r.kind])).toEqual([[0, 'hung'], [1, 'hung']]);
    expect(failures[0]).toMatchObject({ kind: 'hung', target: 'maple-plain', variant: 'hang-on-split', path: undefined, campaign: { run: 0 } });
    expect(data.failures).toHaveLength(1);
    expect(data.failures[0]).toMatchObject({ kind: 'hung', count: 2 });
    expect(data.failures[0].signature).toBe('maple-plain+hang-on-split: Hung: run did not finish within Ns');
    expect(data.failures[0].replay).toContain('--runs 1 --workers 1 --run-timeout 2 --variant hang-on-split');
  }, 20_000);

  it('records a crashed worker for the run it had, and carries on with the next runs', async () => {
    const { data, records } = await campaign(['--variant', 'crash-on-split', '--target', 'maple-alloc', '--runs', '3', '--workers', '1']);
    expect(data.interrupted).toBe(false);
    expect(data.runs).toBe(3);
    expect(records.map((r) => [r.run, r.kind])).toEqual([[0, 'crashed'], [1, 'crashed'], [2, 'crashed']]);
    expect(data.failures).toHaveLength(1);
    expect(data.failures[0]).toMatchObject({ kind: 'crashed', count: 3 });
    expect(data.failures[0].first.errorMessage).toBe('worker thread exited with code 70');
  });
});
