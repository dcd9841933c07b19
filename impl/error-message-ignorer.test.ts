/**
 * The Stryker ignorer for error-message wording (stryker/error-message-ignorer.js) leaves out only
 * literal message text handed to an error: on impl/'s real files every ignored node is a string or
 * template argument of an *Error constructor, a validator's fail() or an *Error class's super(), and
 * the conditions, error classes and typed fields around it stay mutated. A greedy ignorer would
 * raise the mutation score silently, so this is checked on small cases and on the whole of impl/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorMessageReason, MESSAGE_REASON } from '../stryker/error-message-ignorer.js';
import { ignoredNodes, productSources } from '../stryker/ignored-nodes.js';

const ignored = (code: string): string[] => ignoredNodes(code, 'x.ts', errorMessageReason as never).map((n) => n.text);

describe('error-message ignorer', () => {
  it('ignores the literal message of a thrown error, a fail() and an *Error super()', () => {
    const code = [
      "if (x < 0) throw new LockMisuseError(`unlock by ${who} while ${state}`);",
      "if (!ok) fail('root is undefined');",
      "class RcuMisuseError extends Error { constructor(m: string) { super(`rcu: ${m}`); } }",
      "throw new RangeError('bad ' + name);",
    ].join('\n');
    expect(ignored(code)).toEqual(['`unlock by ${who} while ${state}`', "'root is undefined'", '`rcu: ${m}`', "'bad ' + name"]);
    expect(ignoredNodes(code, 'x.ts', errorMessageReason as never).every((n) => n.reason === MESSAGE_REASON)).toBe(true);
  });

  it('keeps the throw condition, non-literal arguments, other calls and a non-*Error super()', () => {
    const code = [
      "if (node.freed) throw new UseAfterFreeError(String(node));",
      "log.push(`step ${i}`);",
      "const v = new Vma('anon', start, end);",
      "class RunFailure extends Error { constructor(w: string) { super(`${w}\\nschedule: ${fmt(s)}`); } }",
      "this.advanceOrStall('synchronize_rcu');",
    ].join('\n');
    expect(ignored(code)).toEqual([]);
  });

  it('on impl/, ignores only message literals and leaves every throw condition mutated', () => {
    let messages = 0;
    for (const file of productSources('impl')) {
      const code = readFileSync(file, 'utf8');
      for (const node of ignoredNodes(code, file, errorMessageReason as never)) {
        messages++;
        expect(node.text, `${file}: ${node.text}`).toMatch(/^[`'"]/);
        // The ignored node is an argument: the text before it ends in `Error(`, `fail(` or `super(`,
        // possibly after other arguments on the same call.
        const before = code.slice(Math.max(0, node.start - 200), node.start);
        expect(before, `${file}: ${node.text}`).toMatch(/(Error|fail|super)\([^;]*$/s);
      }
    }
    // impl/ throws typed errors with a message in dozens of places.
    expect(messages).toBeGreaterThan(60);
  });
});
