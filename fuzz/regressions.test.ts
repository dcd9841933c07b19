/**
 * Replays every promoted trace in fuzz/regressions/ (see its README): a trace with a variant must
 * still fail with its signature (the oracles still catch that broken variant); a trace without
 * one records a fixed real bug, and the current code must pass its exact command list. The second
 * half shows the check can fail: a corrupted trace, a wrong signature, a bug that is back, and a
 * path that no longer generates the trace's commands are each caught.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRegression, judgeRegression, regressionFiles } from './regression-check.js';
import type { ReplayResult } from './replay.js';
import { TraceError, loadTrace } from './trace.js';

const files = regressionFiles();

describe('promoted regressions', () => {
  it('there are promoted traces to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files.map((f) => [basename(f), f]))('%s still holds', (_name, file) => {
    const trace = loadTrace(file);
    const { problem, lines } = checkRegression(trace);
    expect(problem, `${file}: ${problem}\n${lines.join('\n')}`).toBeNull();
  });
});

describe('the regression check can fail', () => {
  const mm = files.find((f) => basename(f).startsWith('mm-'))!;

  it('a corrupted trace file is refused', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'regressions-test-')), 'corrupt.json');
    writeFileSync(file, readFileSync(mm, 'utf8').slice(0, 200));
    expect(() => loadTrace(file)).toThrow(TraceError);
    expect(() => loadTrace(file)).toThrow(/not JSON/);
  });

  it('a variant trace with a wrong signature is caught', () => {
    const trace = { ...loadTrace(mm), signature: 'mm+side-tree-by-address: SideTreeMismatchError: something else' };
    expect(checkRegression(trace).problem).toMatch(/the oracles no longer catch variant "side-tree-by-address": it failed differently/);
  });

  it('a variant trace the oracle no longer catches is caught', () => {
    // The stale-gap variant damages gaps, which only alloc trees keep: on the plain tree the same
    // commands run clean, as they would if the oracle had gone blind to the variant.
    const gap = files.find((f) => basename(f).startsWith('maple-alloc-stale-gap'))!;
    const blind = { ...loadTrace(gap), target: 'maple-plain' };
    expect(checkRegression(blind).problem).toMatch(/^the oracles no longer catch variant "stale-gap-on-split": the run passed/);
    const passed: ReplayResult = { reproduced: false, outcome: 'passed', reason: 'the run passed', signature: null, errorMessage: null, commands: null, firstRunCommands: [], step: null };
    expect(judgeRegression(loadTrace(mm), passed)).toMatch(/no longer catch variant "side-tree-by-address"/);
  });

  it('a real bug\'s trace passes once fixed (here: the variant\'s trace without the variant)', () => {
    const fixed = { ...loadTrace(mm), variant: null };
    expect(checkRegression(fixed).problem).toBeNull();
  });

  it('a real bug that is back is caught', () => {
    const trace = { ...loadTrace(mm), variant: null };
    const back: ReplayResult = { reproduced: true, outcome: 'failed', reason: null, signature: trace.signature, errorMessage: 'x', commands: trace.commands, firstRunCommands: trace.commands, step: null };
    expect(judgeRegression(trace, back)).toMatch(/^the bug is back: the replay failed \(mm\+side-tree-by-address: /);
  });

  it('a real bug\'s trace whose path no longer generates its commands is caught', () => {
    const trace = { ...loadTrace(mm), variant: null, commands: ['mmap(0x1000, 0x1000, flags 0)', 'munmap(0x1000, 0x1000)'] };
    expect(checkRegression(trace).problem).toMatch(/no longer generates its command list/);
  });
});
