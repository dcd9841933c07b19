/**
 * The Stryker ignorer for bug sites (stryker/bug-switch-ignorer.js) leaves out exactly the
 * catalogue's switch and the code only a selected bug runs: every ACTIVE_BUG read in impl/ is
 * covered, and fixed code beside it is still mutated (a too-greedy ignorer would inflate the
 * mutation score silently, so this is checked on the real bug sites and on small cases).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEAD_REASON, GUARD_REASON, ignoredNodes, type IgnoredNode } from '../../stryker/bug-switch-ignorer.js';
import { productSources } from '../../stryker/ignored-nodes.js';

const texts = (nodes: IgnoredNode[]): string[] => nodes.map((n) => n.text);

describe('bug-switch ignorer', () => {
  it('covers every ACTIVE_BUG read at a bug site in impl/', () => {
    let sites = 0;
    for (const file of productSources('impl', [join('impl', 'bugs')])) {
      const code = readFileSync(file, 'utf8');
      const ignored = ignoredNodes(code, file);
      for (const match of code.matchAll(/\bACTIVE_BUG\b/g)) {
        const lineStart = code.lastIndexOf('\n', match.index) + 1;
        if (code.startsWith('import', lineStart)) continue;
        sites++;
        const inside = ignored.some((n) => n.start <= match.index && match.index < n.end);
        expect(inside, `${file}: ACTIVE_BUG at offset ${match.index} is mutated`).toBe(true);
      }
    }
    // The catalogue has a bug site in each of gap, walk, write, rebuild, prealloc, node, the APIs and mm.
    expect(sites).toBeGreaterThanOrEqual(10);
  });

  it('ignores a guarded if-branch and keeps its else', () => {
    const code = "if (ACTIVE_BUG === 'b') { broken(); } else { fixed(); }\nif (ACTIVE_BUG !== 'c') kept(); else dead();";
    const nodes = ignoredNodes(code, 'x.ts');
    expect(texts(nodes)).toEqual(["ACTIVE_BUG === 'b'", '{ broken(); }', "ACTIVE_BUG !== 'c'", 'dead();']);
    expect(nodes.map((n) => n.reason)).toEqual([GUARD_REASON, DEAD_REASON, GUARD_REASON, DEAD_REASON]);
  });

  it('keeps the fixed operand of a guarded conditional and live operators joined to a guard', () => {
    const code = [
      "const w = ACTIVE_BUG === 'b' && dir === 'highest' ? lo : Math.max(lo, min);",
      "if (offset < end || ACTIVE_BUG === 'b') last = pivot;",
      "const byCount = range === 'count' && ACTIVE_BUG !== 'b';",
    ].join('\n');
    expect(texts(ignoredNodes(code, 'x.ts'))).toEqual(["ACTIVE_BUG === 'b' && dir === 'highest'", 'lo', "ACTIVE_BUG === 'b'", "ACTIVE_BUG !== 'b'"]);
  });

  it('ignores nothing in code without the switch, nor a comparison of another name', () => {
    const code = "const x = mode === 'b' && y !== null ? a : b;\nif (!ACTIVE) f(); else g();";
    expect(ignoredNodes(code, 'x.ts')).toEqual([]);
  });
});
