/**
 * What a Stryker ignorer leaves out of a TypeScript source, computed the way Stryker's instrumenter
 * applies it (an ignored node hides everything under it): the tests of the ignorers use it to check
 * them on impl/'s real files.
 */
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
