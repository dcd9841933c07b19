/**
 * The trace store: saving names files by signature and dedupes, writes atomically (no temporary
 * files left, nothing written for a bad failure), and loading refuses every kind of bad file with
 * a TraceError that names the file and the problem.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishFile } from './atomic-file.js';
import type { FoundFailure } from './campaign-data.js';
import { TraceError, loadTrace, saveTrace, traceFileName, traceFromFailure, traceText } from './trace.js';

const failure: FoundFailure = {
  target: 'mm',
  variant: 'side-tree-by-address',
  seed: 1,
  path: '0:3:5:2',
  replayPath: 'WK/x:N',
  commands: ['mmap(0x7ffffff00000, 0x1000, flags 0)', 'munmap(0x7ffffff00000, 0x1000)'],
  errorName: 'SideTreeMismatchError',
  errorMessage: 'kernel BUG at do_vmi_align_munmap: <vma> & more',
  report: 'fast-check report',
  signature: 'mm+side-tree-by-address: SideTreeMismatchError: kernel BUG at do_vmi_align_munmap: <vma> & more',
  kind: 'failed',
  campaign: { baseSeed: 42, run: 7 },
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trace-test-'));
});

function writeTrace(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('saveTrace', () => {
  it('writes a trace named by target and signature hash, which loads back field for field', () => {
    const { file, duplicate } = saveTrace(join(dir, 'nested', 'traces'), failure);
    expect(duplicate).toBe(false);
    expect(file).toMatch(/nested\/traces\/mm-[0-9a-f]{12}\.json$/);
    expect(file.endsWith(traceFileName('mm', failure.signature))).toBe(true);
    const trace = loadTrace(file);
    expect(trace).toMatchObject({
      format: 'maple-fuzz-trace',
      version: 1,
      target: 'mm',
      variant: 'side-tree-by-address',
      seed: 1,
      path: '0:3:5:2',
      replayPath: 'WK/x:N',
      commands: failure.commands,
      errorName: failure.errorName,
      errorMessage: failure.errorMessage,
      signature: failure.signature,
      kind: 'failed',
      campaign: { baseSeed: 42, run: 7 },
    });
    expect(Date.parse(trace.savedAt)).not.toBeNaN();
    expect(trace).not.toHaveProperty('report');
  });

  it('saves a signature once: the second save is a duplicate and leaves the file as it was', () => {
    const first = saveTrace(dir, failure);
    const before = readFileSync(first.file, 'utf8');
    const second = saveTrace(dir, { ...failure, seed: 99, campaign: { baseSeed: 1, run: 2 } });
    expect(second).toEqual({ file: first.file, duplicate: true });
    expect(readFileSync(first.file, 'utf8')).toBe(before);
    const other = saveTrace(dir, { ...failure, signature: `${failure.signature} (another)` });
    expect(other.duplicate).toBe(false);
    expect(other.file).not.toBe(first.file);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(dir).sort()).toEqual([first.file, other.file].map((f) => f.slice(dir.length + 1)).sort());
  });

  it('stores absent variant and paths as null', () => {
    const { file } = saveTrace(dir, { ...failure, variant: undefined, path: undefined, replayPath: undefined, kind: 'hung' });
    expect(loadTrace(file)).toMatchObject({ variant: null, path: null, replayPath: null, kind: 'hung' });
  });

  it('refuses a failure that would not make a valid trace, writing nothing', () => {
    const target = join(dir, 'never');
    expect(() => saveTrace(target, { ...failure, target: 'no-such-target' })).toThrow(TraceError);
    expect(() => saveTrace(target, { ...failure, variant: 'no-such-variant' })).toThrow(/unknown variant "no-such-variant"/);
    expect(() => saveTrace(target, { ...failure, seed: 1.5 })).toThrow(/field "seed"/);
    expect(existsSync(target)).toBe(false);
  });
});

describe('publishFile', () => {
  it('never replaces an existing file', () => {
    const file = join(dir, 'x.json');
    expect(publishFile(file, 'one')).toBe(true);
    expect(publishFile(file, 'two')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('one');
    expect(readdirSync(dir)).toEqual(['x.json']);
  });
});

describe('loadTrace refuses bad files with a TraceError naming the file and the problem', () => {
  const good = () => JSON.parse(traceText(traceFromFailure(failure))) as Record<string, unknown>;
  const without = (key: string) => {
    const t = good();
    delete t[key];
    return t;
  };

  it.each<[string, unknown, RegExp]>([
    ['not JSON', '{"format": "maple-fuzz-trace",', /not JSON/],
    ['an array', '[1, 2]', /expected a JSON object, got an array/],
    ['foreign JSON', { name: 'package', version: '1.0.0' }, /not a maple fuzz trace: no "format" field/],
    ['another format', { ...good(), format: 'maple-fuzz-campaign' }, /format is "maple-fuzz-campaign", expected "maple-fuzz-trace"/],
    ['a newer version', { ...good(), version: 2 }, /unsupported trace version 2/],
    ['no version', without('version'), /unsupported trace version nothing/],
    ['no seed', without('seed'), /field "seed" must be a 32-bit integer, got nothing/],
    ['a string seed', { ...good(), seed: '1' }, /field "seed" must be a 32-bit integer, got "1"/],
    ['a 64-bit seed', { ...good(), seed: 2 ** 40 }, /field "seed"/],
    ['commands not strings', { ...good(), commands: ['a', 3] }, /field "commands" must be an array of strings/],
    ['a bad path', { ...good(), path: '3:x' }, /field "path" must be a fast-check path/],
    ['an unknown kind', { ...good(), kind: 'exploded' }, /field "kind" must be one of failed, hung, crashed/],
    ['a bad campaign', { ...good(), campaign: { baseSeed: 1, run: -1 } }, /field "campaign"/],
    ['an empty signature', { ...good(), signature: '' }, /field "signature" must be a non-empty string/],
    ['a bad date', { ...good(), savedAt: 'yesterday' }, /field "savedAt" must be an ISO date/],
    ['an unknown target', { ...good(), target: 'btree' }, /unknown target "btree" \(targets: maple-plain, /],
    ['an unknown variant', { ...good(), variant: 'typo-variant' }, /unknown variant "typo-variant" \(variants: /],
    ['a variant for another target', { ...good(), variant: 'leaky-bulk-alloc' }, /variant "leaky-bulk-alloc" does not apply to target "mm"/],
  ])('%s', (_what, content, problem) => {
    const file = writeTrace('bad.json', content);
    let caught: unknown;
    try {
      loadTrace(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TraceError);
    const error = caught as TraceError;
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: `)).toBe(true);
    expect(error.message).toMatch(problem);
  });

  it('an unreadable file', () => {
    const file = join(dir, 'missing.json');
    expect(() => loadTrace(file)).toThrow(new RegExp(`^${file}: cannot read the trace: ENOENT`));
    expect(() => loadTrace(dir)).toThrow(/cannot read the trace: EISDIR/);
  });

  it('accepts a good trace, ignoring fields it does not know', () => {
    expect(loadTrace(writeTrace('ok.json', { ...good(), note: 'from a newer tool' }))).not.toHaveProperty('note');
  });
});
