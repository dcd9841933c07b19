/**
 * What a Stryker ignorer leaves out of a TypeScript source, computed the way Stryker's instrumenter
 * applies it (an ignored node hides everything under it), and the sources to run it over: the tests
 * of the ignorers use them to check the ignorers on impl/'s real files.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import babel from '@babel/core';

/** The outermost nodes of `code` for which `reasonOf(path)` gives a reason, with that reason. */
export function ignoredNodes(code, filename, reasonOf) {
  const ast = babel.parseSync(code, { filename, configFile: false, babelrc: false, parserOpts: { plugins: ['typescript'] } });
  const ignored = [];
  babel.traverse(ast, {
    enter(path) {
      const reason = reasonOf(path);
      if (reason === undefined) return;
      ignored.push({ start: path.node.start, end: path.node.end, text: code.slice(path.node.start, path.node.end), reason });
      path.skip();
    },
  });
  return ignored;
}

/** The non-test TypeScript sources under `dir`, skipping the directories listed in `skip`. */
export function productSources(dir, skip = []) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return skip.includes(path) ? [] : productSources(path, skip);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}
