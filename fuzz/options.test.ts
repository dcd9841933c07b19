/**
 * The fuzz CLI's option parsing: defaults, every option, and each kind of bad option refused with
 * a message that names it; the printed replay lines parse back to the run they name.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { FoundFailure } from './campaign-data.js';
import { replayLine, runSeed } from './campaign.js';
import { UsageError, campaignOptions, parseCli } from './options.js';
import { failureReplayLine } from './replay-line.js';
import { TARGETS } from './targets.js';

describe('fuzz options', () => {
  it('defaults to every target, one minute, the fixed seed, no run limit, one worker per core', () => {
    const o = parseCli([]);
    expect(o.seconds).toBe(60);
    expect(o.runs).toBe(Infinity);
    expect(o.seed).toBe(20261123);
    expect(o.targets.map((t) => t.name)).toEqual(TARGETS.map((t) => t.name));
    expect(o).toMatchObject({ variant: undefined, workers: availableParallelism(), shard: { index: 0, count: 1 }, runTimeout: 60 });
    expect(o).toMatchObject({ corpus: 'corpus', report: 'reports/fuzz', path: undefined, commandsPath: undefined, stop: false, help: false });
  });

  it('takes every option', () => {
    const o = parseCli([
      ...['--seconds', '5', '--runs', '1', '--seed=-7', '--target', 'maple-alloc', '--path', '3:1:0', '--commands-path', 'AAB', '--stop'],
      ...['--workers', '0', '--shard', '0/1', '--variant', 'stale-gap-on-split', '--run-timeout', '9', '--corpus', 'c', '--report', 'r', '--help'],
    ]);
    expect(o).toMatchObject({ seconds: 5, runs: 1, seed: -7, path: '3:1:0', commandsPath: 'AAB', stop: true, help: true });
    expect(o).toMatchObject({ workers: 0, shard: { index: 0, count: 1 }, runTimeout: 9, corpus: 'c', report: 'r' });
    expect(o.variant?.name).toBe('stale-gap-on-split');
    expect(o.targets.map((t) => t.name)).toEqual(['maple-alloc']);
  });

  it('takes a shard and repeated targets', () => {
    const o = parseCli(['--shard', '2/3', '--target', 'mm', '--target', 'maple-plain', '--workers', '2']);
    expect(o.shard).toEqual({ index: 2, count: 3 });
    expect(o.targets.map((t) => t.name)).toEqual(['mm', 'maple-plain']);
    expect(o.workers).toBe(2);
  });

  it('keeps only the targets a variant applies to', () => {
    expect(parseCli(['--variant', 'hang-on-split']).targets.map((t) => t.name)).toEqual(['maple-plain', 'maple-alloc']);
    expect(parseCli(['--variant', 'side-tree-by-address', '--target', 'mm', '--target', 'maple-plain']).targets.map((t) => t.name)).toEqual(['mm']);
  });

  it.each([
    [['--bogus'], /bogus/],
    [['extra'], /positional/i],
    [['--seconds', '0'], /--seconds/],
    [['--seconds', '1.5'], /--seconds/],
    [['--seconds', 'ten'], /--seconds/],
    [['--runs', '-1'], /--runs/],
    [['--runs', '0'], /--runs/],
    [['--seed', '4294967296'], /--seed/],
    [['--seed', ''], /--seed/],
    [['--seed', '1e3x'], /--seed/],
    [['--target', 'btree'], /unknown target "btree"/],
    [['--target'], /--target/],
    [['--variant', 'nope'], /unknown variant "nope"/],
    [['--variant', 'side-tree-by-address', '--target', 'maple-plain'], /variant side-tree-by-address applies to none of the selected targets \(maple-plain\); it applies to: mm/],
    [['--variant', 'hang-on-split', '--target', 'mm', '--target', 'enomem-plain'], /applies to none/],
    [['--workers=-1'], /--workers must be an integer from 0 to 64/],
    [['--workers', '1.5'], /--workers/],
    [['--workers', 'all'], /--workers/],
    [['--workers', '65'], /--workers/],
    [['--shard', '2/2'], /--shard must be I\/N with 0 <= I < N/],
    [['--shard', '0/0'], /--shard/],
    [['--shard', '-1/2'], /--shard/],
    [['--shard', '1'], /--shard/],
    [['--shard', '1/2/3'], /--shard/],
    [['--shard', 'a/b'], /--shard/],
    [['--run-timeout', '0'], /--run-timeout/],
    [['--run-timeout', '2.5'], /--run-timeout/],
    [['--corpus', ''], /--corpus needs a directory/],
    [['--report', ' '], /--report needs a directory/],
    [['--path', '1:2'], /--runs 1/],
    [['--path', '1:2', '--runs', '1'], /exactly one --target/],
    [['--path', '1:2', '--runs', '1', '--target', 'mm', '--target', 'maple-plain'], /exactly one --target/],
    [['--path', '1:2', '--runs', '2', '--target', 'mm'], /--runs 1/],
    [['--commands-path', 'AAB', '--runs', '1'], /--commands-path goes with --path/],
    [['--stop=yes'], /stop/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv as string[])).toThrow(UsageError);
    expect(() => parseCli(argv as string[])).toThrow(message);
  });

  it('maps to the campaign it describes', () => {
    const o = parseCli(['--seconds', '5', '--runs', '9', '--seed=3', '--target', 'mm', '--workers', '0', '--shard', '1/2', '--run-timeout', '7', '--stop']);
    expect(campaignOptions(o)).toMatchObject({ seconds: 5, maxRuns: 9, baseSeed: 3, workers: 0, shard: { index: 1, count: 2 }, runTimeout: 7, stopOnFailure: true });
  });
});

describe('campaign seeds and replay lines', () => {
  it('derives distinct, reproducible 32-bit run seeds from the base seed', () => {
    const seeds = Array.from({ length: 1000 }, (_, k) => runSeed(42, k));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.every((s) => Number.isInteger(s) && s >= -(2 ** 31) && s < 2 ** 31)).toBe(true);
    expect(runSeed(42, 7)).toBe(seeds[7]);
    expect(runSeed(43, 7)).not.toBe(seeds[7]);
  });

  it('prints a replay line that the parser accepts and that selects the same case, in this thread', () => {
    const line = replayLine('maple-plain', -12345, '4:0:2', 'AAAB', 'loses-entry-on-split');
    const argv = line.split(' -- ')[1].split(' ');
    const o = parseCli(argv);
    expect(o).toMatchObject({ seed: -12345, runs: 1, path: '4:0:2', commandsPath: 'AAAB', workers: 0 });
    expect(o.variant?.name).toBe('loses-entry-on-split');
    expect(o.targets.map((t) => t.name)).toEqual(['maple-plain']);
  });

  it('replays a hung or crashed run whole, in one worker, with the same watchdog', () => {
    const hung: FoundFailure = {
      target: 'maple-alloc',
      variant: 'hang-on-split',
      seed: 99,
      path: undefined,
      replayPath: undefined,
      commands: [],
      errorName: 'Hung',
      errorMessage: 'run did not finish within 2s',
      report: '',
      signature: 'x',
      kind: 'hung',
      campaign: { baseSeed: 1, run: 4 },
    };
    const o = parseCli(failureReplayLine(hung, 2).split(' -- ')[1].split(' '));
    expect(o).toMatchObject({ seed: 99, runs: 1, path: undefined, workers: 1, runTimeout: 2 });
    expect(o.variant?.name).toBe('hang-on-split');
    expect(o.targets.map((t) => t.name)).toEqual(['maple-alloc']);
  });
});
