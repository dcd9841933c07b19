/**
 * The bug catalogue as the fuzz layer uses it, checked quickly (no 30-second campaigns; those are
 * `npm run bugs`): every entry's target exists and its site in impl/ really reads the switch under
 * its name; a few cheap bugs are caught by their target's first campaign run and that same run
 * passes with the bug off; --bug, traces, the regression rule, the hunt and its table carry the
 * bug through.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUG_CATALOGUE, BUG_NAMES, findBug } from '../impl/bugs/catalogue.js';
import { ACTIVE_BUG } from '../impl/bugs/switch.js';
import { huntBug, type BugHuntResult } from './bug-hunt.js';
import { main as bugsMain, parseBugsCli, resultLine, resultsTable, verdict } from './bugs.js';
import type { FoundFailure } from './campaign-data.js';
import { UsageError, parseCli } from './options.js';
import { judgeRegression } from './regression-check.js';
import type { ReplayResult } from './replay.js';
import { replayLine } from './replay-line.js';
import { UnknownNameError, namedRunRequest, runOne } from './run-one.js';
import { runSeed } from './run-plan.js';
import { TraceError, traceFromFailure, traceText, parseTrace } from './trace.js';
import { findTarget } from './targets.js';

const ROOT = new URL('../', import.meta.url).pathname;
const DEFAULT_SEED = 20261123;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('every catalogued bug', () => {
  // impl/bugs itself holds the switch and the catalogue (whose header shows an example site), not sites.
  const sites = sourceFiles(join(ROOT, 'impl'))
    .map((file) => ({ file: file.slice(ROOT.length), text: readFileSync(file, 'utf8') }))
    .filter((s) => !s.file.startsWith('impl/bugs/'));

  it.each(BUG_CATALOGUE.map((b) => [b.name, b]))('%s: its target exists and its site reads the switch under its name', (_name, bug) => {
    expect(findTarget(bug.target), `target ${bug.target}`).toBeDefined();
    const file = bug.site.split(' ')[0];
    const site = sites.find((s) => s.file === file);
    expect(site, `site file ${file}`).toBeDefined();
    expect(site!.text).toMatch(new RegExp(`ACTIVE_BUG [!=]== '${bug.name}'`));
    const fn = bug.site.split(' ')[1];
    expect(site!.text, `function ${fn} in ${file}`).toContain(fn);
  });

  it('is the only kind of bug a site names, and every site is catalogued', () => {
    const named = sites.flatMap((s) => [...s.text.matchAll(/ACTIVE_BUG [!=]== '([a-z0-9-]+)'/g)].map((m) => m[1]));
    expect(new Set(named)).toEqual(new Set(BUG_NAMES));
    expect(ACTIVE_BUG).toBeNull(); // npm test runs the fixed code
  });
});

describe('cheap bugs are caught by the first run of their campaign, which passes with the bug off', () => {
  const seed = runSeed(DEFAULT_SEED, 0);
  const cheap = ['munmap-side-tree-by-address', 'node-store-stale-data', 'step-next-end-slot', 'stale-state-cache', 'write-retry-stale-range', 'empty-area-rev-root-exhaustion'];

  it.each(cheap.map((n) => [n]))('%s', (name) => {
    const bug = findBug(name)!;
    const on = namedRunRequest({ target: bug.target, bug: name, seed });
    const caught = runOne(on, on.target.newCoverage());
    expect(caught.failure, `${name} not caught`).not.toBeNull();
    expect(caught.failure!.signature.startsWith(`${bug.target}+bug:${name}: `)).toBe(true);
    expect(caught.failure!.firstFailure.commands).toBeGreaterThan(0);
    expect(caught.failure!.firstFailure.commands).toBeLessThanOrEqual(caught.commands);
    expect(caught.failure!.commands.length).toBeGreaterThan(0);
    expect(ACTIVE_BUG).toBeNull(); // switched back after the run
    const off = namedRunRequest({ target: bug.target, seed });
    expect(runOne(off, off.target.newCoverage()).failure).toBeNull();
  });

  it('an unknown bug name in a run is an UnknownNameError', () => {
    expect(() => namedRunRequest({ target: 'maple-plain', bug: 'no-such-bug', seed: 1 })).toThrow(UnknownNameError);
  });
});

describe('--bug and MAPLE_BUG in the fuzz options', () => {
  it('switches a catalogued bug on for the campaign, and refuses an unknown one listing them', () => {
    expect(parseCli(['--bug', 'node-store-stale-data']).bug?.name).toBe('node-store-stale-data');
    expect(parseCli([]).bug).toBeUndefined();
    expect(() => parseCli(['--bug', 'nope'])).toThrow(UsageError);
    expect(() => parseCli(['--bug', 'nope'])).toThrow(new RegExp(`unknown bug "nope"; bugs: ${BUG_NAMES[0]}`));
  });

  it('replay lines carry the bug', () => {
    expect(replayLine('maple-plain', 5, '1:2', 'X', undefined, 'stale-state-cache')).toBe('npm run fuzz -- --target maple-plain --seed=5 --runs 1 --path 1:2 --commands-path X --workers 0 --bug stale-state-cache');
  });
});

const failure: FoundFailure = {
  target: 'mm',
  variant: undefined,
  bug: 'munmap-side-tree-by-address',
  seed: 7,
  path: '0:1',
  replayPath: 'AA',
  commands: ['mmap(0x1000000, 0x1000, flags 0)', 'munmap(0x1000000, 0x1000)'],
  errorName: 'SideTreeMismatchError',
  errorMessage: 'kernel BUG',
  report: '',
  signature: 'mm+bug:munmap-side-tree-by-address: SideTreeMismatchError: kernel BUG',
  kind: 'failed',
  campaign: { baseSeed: 1, run: 0 },
};

describe('traces of bugs', () => {
  it('record the bug, read it back, and refuse one not in the catalogue', () => {
    const text = traceText(traceFromFailure(failure));
    expect(parseTrace(text, 'x.json').bug).toBe('munmap-side-tree-by-address');
    expect(() => parseTrace(text.replace('"munmap-side-tree-by-address"', '"no-such-bug"'), 'x.json')).toThrow(TraceError);
    expect(() => parseTrace(text.replace('"munmap-side-tree-by-address"', '"no-such-bug"'), 'x.json')).toThrow(/unknown bug "no-such-bug"/);
    // Written before the catalogue: no "bug" field at all.
    const old = JSON.parse(text) as Record<string, unknown>;
    delete old.bug;
    expect(parseTrace(JSON.stringify(old), 'old.json').bug).toBeNull();
  });

  it('must still fail with their signature when promoted, like a variant', () => {
    const trace = traceFromFailure(failure);
    const passed: ReplayResult = { reproduced: false, outcome: 'passed', reason: 'the run passed', signature: null, errorMessage: null, commands: null, firstRunCommands: [], step: null };
    expect(judgeRegression(trace, passed)).toMatch(/^the oracles no longer catch bug "munmap-side-tree-by-address"/);
    const again: ReplayResult = { ...passed, reproduced: true, outcome: 'failed', reason: null, signature: failure.signature };
    expect(judgeRegression(trace, again)).toBeNull();
  });
});

describe('the hunt', () => {
  it('catches a bug on one worker, counts the commands before shrinking, and its control over the same runs is clean', async () => {
    const saved: FoundFailure[] = [];
    const r = await huntBug({
      bug: findBug('munmap-side-tree-by-address')!,
      seed: DEFAULT_SEED,
      seconds: 20,
      runTimeout: 30,
      control: true,
      saveTrace: (f) => {
        saved.push(f);
        return null;
      },
    });
    expect(verdict(r)).toBe('caught');
    expect(r.runs).toBeGreaterThanOrEqual(1);
    expect(r.commandsToFailure).toBeGreaterThan(0);
    expect(r.shrunkCommands).toBe(saved[0].commands.length);
    expect(r.signature).toMatch(/^mm\+bug:munmap-side-tree-by-address: SideTreeMismatchError/);
    expect(r.replay).toContain('--bug munmap-side-tree-by-address');
    expect(r.control).not.toBeNull();
    expect(r.control!.falseAlarm).toBeNull();
    expect(r.control!.runs).toBeGreaterThanOrEqual(r.runs);
  }, 30_000);

  const base: BugHuntResult = {
    bug: findBug('stale-state-cache')!,
    caught: true,
    interrupted: false,
    runs: 3,
    msToFailure: 1234,
    commandsToFailure: 4321,
    shrunkCommands: 5,
    signature: 'maple-plain+bug:stale-state-cache: DisagreementError: mas.index: impl gave N',
    replay: 'npm run fuzz -- ...',
    traceFile: null,
    elapsedMs: 2000,
    control: { runs: 3, falseAlarm: null, elapsedMs: 900 },
  };

  it('reports caught, MISSED and FALSE ALARM, one table row each', () => {
    const missed: BugHuntResult = { ...base, caught: false, msToFailure: null, commandsToFailure: null, shrunkCommands: null, signature: null, replay: null, control: null, runs: 700 };
    const alarm: BugHuntResult = { ...base, caught: false, control: { runs: 3, falseAlarm: 'maple-plain: DisagreementError: x', elapsedMs: 1 } };
    expect([verdict(base), verdict(missed), verdict(alarm)]).toEqual(['caught', 'MISSED', 'FALSE ALARM']);
    const table = resultsTable([base, missed, alarm]).split('\n');
    expect(table).toHaveLength(5);
    expect(table[2]).toMatch(/^stale-state-cache +maple-plain +caught +1\.2 s +4,321 +3 +5 cmd +3 runs clean +DisagreementError: mas\.index/);
    expect(table[3]).toMatch(/MISSED +- +- +700 +- +-/);
    expect(table[4]).toContain('FAILED: maple-plain: DisagreementError: x');
    expect(resultLine(missed, 1, 18)).toBe('bugs: [2/18] stale-state-cache (maple-plain): MISSED after 2.0 s, 700 runs');
  });
});

describe('npm run bugs options', () => {
  it('defaults to every bug for 30 s, and refuses bad options running nothing', async () => {
    const o = parseBugsCli([]);
    expect(o.bugs.map((b) => b.name)).toEqual(BUG_NAMES);
    expect([o.seconds, o.seed, o.control]).toEqual([30, DEFAULT_SEED, true]);
    expect(parseBugsCli(['--only', 'stale-state-cache', '--seconds', '5', '--no-control']).bugs.map((b) => b.name)).toEqual(['stale-state-cache']);
    const err: string[] = [];
    expect(await bugsMain(['--only', 'nope'], () => {}, (l) => err.push(l))).toBe(2);
    expect(err.join('\n')).toMatch(/unknown bug "nope"; bugs: .*usage: npm run bugs/s);
    expect(await bugsMain(['--seconds', '0'], () => {}, () => {})).toBe(2);
  });
});
