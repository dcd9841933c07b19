/**
 * The fuzz CLI's option parsing: defaults, every option, and each kind of bad option refused with
 * a message that names it.
 */
import { describe, expect, it } from 'vitest';
import { UsageError, parseCli } from './options.js';
import { TARGETS } from './targets.js';
import { replayLine, runSeed } from './campaign.js';

describe('fuzz options', () => {
  it('defaults to every target, one minute, the fixed seed, no run limit', () => {
    const o = parseCli([]);
    expect(o.seconds).toBe(60);
    expect(o.runs).toBe(Infinity);
    expect(o.seed).toBe(20261123);
    expect(o.targets.map((t) => t.name)).toEqual(TARGETS.map((t) => t.name));
    expect(o.path).toBeUndefined();
    expect(o.stop).toBe(false);
  });

  it('takes every option', () => {
    const o = parseCli(['--seconds', '5', '--runs', '1', '--seed=-7', '--target', 'maple-alloc', '--path', '3:1:0', '--stop']);
    expect(o).toMatchObject({ seconds: 5, runs: 1, seed: -7, path: '3:1:0', stop: true });
    expect(o.targets.map((t) => t.name)).toEqual(['maple-alloc']);
  });

  it.each([
    [['--bogus'], /bogus/],
    [['extra'], /positional/i],
    [['--seconds', '0'], /--seconds/],
    [['--seconds', '1.5'], /--seconds/],
    [['--seconds', 'ten'], /--seconds/],
    [['--runs', '-1'], /--runs/],
    [['--seed', '4294967296'], /--seed/],
    [['--seed', ''], /--seed/],
    [['--target', 'btree'], /unknown target "btree"/],
    [['--path', '1:2'], /--runs 1/],
    [['--commands-path', 'AAB', '--runs', '1'], /--commands-path goes with --path/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv as string[])).toThrow(UsageError);
    expect(() => parseCli(argv as string[])).toThrow(message);
  });
});

describe('campaign seeds', () => {
  it('derives distinct, reproducible 32-bit run seeds from the base seed', () => {
    const seeds = Array.from({ length: 1000 }, (_, k) => runSeed(42, k));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.every((s) => Number.isInteger(s) && s >= -(2 ** 31) && s < 2 ** 31)).toBe(true);
    expect(runSeed(42, 7)).toBe(seeds[7]);
    expect(runSeed(43, 7)).not.toBe(seeds[7]);
  });

  it('prints a replay line that the parser accepts and that selects the same case', () => {
    const line = replayLine('maple-plain', -12345, '4:0:2', 'AAAB');
    const argv = line.split(' -- ')[1].split(' ');
    expect(parseCli(argv)).toMatchObject({ seed: -12345, runs: 1, path: '4:0:2', commandsPath: 'AAAB' });
  });
});
