/**
 * A Stryker ignorer for the bug catalogue's switch (impl/bugs): leaves out of the mutation score
 * the mutants that only re-test the catalogue, and nothing else.
 *
 * A bug site compares ACTIVE_BUG with its bug's name: `ACTIVE_BUG === 'name'` (the buggy code runs)
 * or `ACTIVE_BUG !== 'name'` (the fixed code runs). Under test no bug is selected, so every such
 * comparison has a known value: `===` is false, `!==` is true. Invariants:
 * - the comparison itself is ignored: mutating it either keeps its value (equivalent) or switches
 *   the catalogued bug on, which `npm run bugs` measures with campaigns, per bug;
 * - code that cannot run with no bug selected is ignored (equivalent by construction): the right
 *   operand of `false && x` / `true || x`, the branch of an `if` or `?:` whose test is known, and a
 *   whole condition whose value is known (such as `ACTIVE_BUG === 'name' && dir === 'lowest'`);
 * - everything else is mutated as usual, including fixed-code operands on the same line
 *   (`Math.max(lo, min)` in `ACTIVE_BUG === 'x' && dir === 'highest' ? lo : Math.max(lo, min)`) and
 *   the operators that join a guard to live code (`offset < node.end || ACTIVE_BUG === 'x'`).
 * impl/bugs/mutants-bug-switch-ignorer.test.ts runs it over every bug site in impl/.
 */
import { ignoredNodes as ignoredNodesBy } from './ignored-nodes.js';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

export const SWITCH_NAME = 'ACTIVE_BUG';
export const GUARD_REASON = 'bug-catalogue switch: off under test; switching it on is what npm run bugs measures';
export const DEAD_REASON = 'bug-catalogue branch: cannot run unless a bug is selected (MAPLE_BUG), so its mutants are equivalent';

const isSwitch = (node) => node?.type === 'Identifier' && node.name === SWITCH_NAME;
const isName = (node) => node?.type === 'StringLiteral' || node?.type === 'NullLiteral';

/** `ACTIVE_BUG === 'name'` (either order, == or !=): its value with no bug selected; else undefined. */
function guardValue(node) {
  if (node?.type !== 'BinaryExpression' || !['===', '!==', '==', '!='].includes(node.operator)) return undefined;
  const matches = (isSwitch(node.left) && isName(node.right)) || (isSwitch(node.right) && isName(node.left));
  if (!matches) return undefined;
  const other = isSwitch(node.left) ? node.right : node.left;
  // ACTIVE_BUG is null when no bug is selected.
  const equal = other.type === 'NullLiteral';
  return node.operator.startsWith('=') ? equal : !equal;
}

/** The value of a condition with no bug selected, when the switch alone decides it; else undefined. */
export function offValue(node) {
  if (node == null) return undefined;
  switch (node.type) {
    case 'BinaryExpression':
      return guardValue(node);
    case 'UnaryExpression': {
      if (node.operator !== '!') return undefined;
      const inner = offValue(node.argument);
      return inner === undefined ? undefined : !inner;
    }
    case 'LogicalExpression': {
      const left = offValue(node.left);
      if (node.operator === '&&' && left === false) return false;
      if (node.operator === '||' && left === true) return true;
      if (left === undefined) return undefined;
      // The left side is the neutral value: the right side decides.
      return node.operator === '??' ? undefined : offValue(node.right);
    }
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return offValue(node.expression);
    default:
      return undefined;
  }
}

/** Why the node at `path` should not be mutated, or undefined to mutate it. */
export function bugSwitchReason(path) {
  const node = path.node;
  if (offValue(node) !== undefined) return GUARD_REASON;
  const parent = path.parentPath?.node;
  if (parent == null) return undefined;
  if (parent.type === 'LogicalExpression' && path.key === 'right') {
    const left = offValue(parent.left);
    if ((parent.operator === '&&' && left === false) || (parent.operator === '||' && left === true)) return DEAD_REASON;
  }
  if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && (path.key === 'consequent' || path.key === 'alternate')) {
    const test = offValue(parent.test);
    if ((test === false && path.key === 'consequent') || (test === true && path.key === 'alternate')) return DEAD_REASON;
  }
  return undefined;
}

/** The outermost nodes of a TypeScript source this ignorer leaves out (for the test). */
export function ignoredNodes(code, filename) {
  return ignoredNodesBy(code, filename, bugSwitchReason);
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'bug-switch', { shouldIgnore: bugSwitchReason })];
