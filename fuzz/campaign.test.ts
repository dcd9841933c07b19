/**
 * Campaigns in this process: a broken variant is found (kind 'failed') and the printed replay
 * line reproduces the same failure; the per-run outcomes and the coverage totals are the same
 * with two worker threads as in this thread.
 */
import { describe, expect, it } from 'vitest';
import type { CampaignReportData, FoundFailure } from './campaign-data.js';
import { runCampaign, type RunRecord } from './campaign.js';
import { campaignOptions, parseCli } from './options.js';

async function campaign(argv: string[]): Promise<{ data: CampaignReportData; records: RunRecord[]; failures: FoundFailure[]; ended: number }> {
  const records: RunRecord[] = [];
  const failures: FoundFailure[] = [];
  let ended = 0;
  const data = await runCampaign(campaignOptions(parseCli(argv)), {
    onRun: (r) => records.push(r),
    onFailure: (f) => {
      failures.push(f);
    },
    onEnd: () => {
      ended++;
    },
  });
  records.sort((a, b) => a.run - b.run);
  return { data, records, failures, ended };
}

describe('fuzz campaign', () => {
  it('finds the side tree walked by address, and its replay line reproduces it', async () => {
    const { data, failures, ended } = await campaign(['--variant', 'side-tree-by-address', '--target', 'mm', '--runs', '4', '--workers', '2']);
    expect(ended).toBe(1);
    expect(data.interrupted).toBe(false);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.kind === 'failed' && f.variant === 'side-tree-by-address' && f.commands.length > 0)).toBe(true);
    const [distinct] = data.failures;
    expect(distinct.signature).toMatch(/^mm\+side-tree-by-address: SideTreeMismatchError/);
    expect(distinct.count).toBe(failures.length);

    const argv = distinct.replay.split(' -- ')[1].split(' ');
    expect(argv).toEqual(expect.arrayContaining(['--runs', '1', '--workers', '0', '--path', '--commands-path']));
    const replay = await campaign(argv);
    expect(replay.data.runs).toBe(1);
    expect(replay.failures.map((f) => [f.kind, f.signature, f.seed, f.commands])).toEqual([['failed', distinct.signature, distinct.first.seed, distinct.first.commands]]);
  });

  it('gives the same per-run outcomes and totals with two workers as in this thread', async () => {
    // One target of each kind; maple-alloc's runs are the long ones (up to 2,000 commands).
    const targets = ['--target', 'mm', '--target', 'enomem-plain', '--target', 'maple-alloc'];
    const threads = await campaign([...targets, '--runs', '4', '--seed=77', '--workers', '2']);
    const inline = await campaign([...targets, '--runs', '4', '--seed=77', '--workers', '0']);
    expect(threads.data.options.workers).toBe(2);
    expect(inline.data.options.workers).toBe(0);
    expect(threads.records.map((r) => r.run)).toEqual([0, 1, 2, 3]);
    expect(threads.records).toEqual(inline.records);
    expect(threads.data.perTarget).toEqual(inline.data.perTarget);
    expect(threads.data.commands).toBe(inline.data.commands);
  });
});
