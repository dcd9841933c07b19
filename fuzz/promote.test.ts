/**
 * Promotion: a valid trace whose regression holds is copied into the regressions directory once
 * per signature; a bad file, a bad name, a hung trace, a name clash and a trace whose regression
 * would fail now are refused, with exit code 2 (bad input) or 1 (refused by the check), leaving
 * the directory unchanged.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PromoteError, promoteTrace } from './promote.js';
import { REGRESSIONS_DIR } from './regression-check.js';
import { loadTrace, traceText, type Trace } from './trace.js';

const MM = join(REGRESSIONS_DIR, 'mm-side-tree-by-address.json');

function setup(trace: Trace = loadTrace(MM)) {
  const root = mkdtempSync(join(tmpdir(), 'promote-test-'));
  const file = join(root, 'mm-8f7a6590ecc8.json');
  writeFileSync(file, traceText(trace));
  return { dir: join(root, 'regressions'), file };
}

describe('promoteTrace', () => {
  it('copies the trace under its own name or a given one, once per signature', () => {
    const { dir, file } = setup();
    const first = promoteTrace(file, { dir });
    expect(first).toEqual({ dest: join(dir, 'mm-8f7a6590ecc8.json'), alreadyPromoted: false });
    expect(loadTrace(first.dest)).toEqual(loadTrace(file));
    expect(promoteTrace(file, { dir, name: 'another-name' })).toEqual({ dest: first.dest, alreadyPromoted: true });
    expect(readdirSync(dir)).toEqual(['mm-8f7a6590ecc8.json']);
  });

  it('refuses bad input and traces whose regression would fail, writing nothing', () => {
    const { dir, file } = setup();
    const refused = (f: () => unknown, reason: string, message: RegExp) => {
      let caught: unknown;
      try {
        f();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PromoteError);
      expect((caught as PromoteError).reason).toBe(reason);
      expect((caught as Error).message).toMatch(message);
    };
    refused(() => promoteTrace(file, { dir, name: 'Not_Kebab' }), 'bad-input', /must be kebab-case/);
    const hung = setup({ ...loadTrace(MM), kind: 'hung' });
    refused(() => promoteTrace(hung.file, { dir }), 'bad-input', /only 'failed' traces are promoted; this one hung/);
    const wrong = setup({ ...loadTrace(MM), signature: 'mm+side-tree-by-address: Other' });
    refused(() => promoteTrace(wrong.file, { dir }), 'check-failed', /not promoted: the oracles no longer catch variant/);
    expect(() => promoteTrace(join(dir, 'missing.json'), { dir })).toThrow(/cannot read the trace/);
    expect(readdirSync(join(dir, '..'))).toEqual(['mm-8f7a6590ecc8.json']);
    // A name already taken by another signature's regression.
    promoteTrace(file, { dir, name: 'taken' });
    const other = setup({ ...loadTrace(join(REGRESSIONS_DIR, 'maple-alloc-stale-gap-on-split.json')) });
    refused(() => promoteTrace(other.file, { dir, name: 'taken' }), 'bad-input', /already exists with another signature/);
    expect(readdirSync(dir)).toEqual(['taken.json']);
    expect(loadTrace(join(dir, 'taken.json')).signature).toBe(loadTrace(MM).signature);
    expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe(traceText(loadTrace(MM)));
  });
});
