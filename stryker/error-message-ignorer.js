/**
 * A Stryker ignorer for the wording of error messages in impl/: leaves out of the mutation score
 * the text a thrown error carries for people, and nothing a caller can act on.
 *
 * impl/'s contract for bad input and broken invariants is the error's type, its typed fields
 * (DeadlockError.blocked, StepLimitError.maxSteps, RcuStallError.readers, ...) and, in the port
 * layer, the errno; the tests assert those. The message is a sentence for the reader of a failure
 * report, and mutating its wording (`throw new LockMisuseError(\`\`)`) gives a mutant no contract can
 * kill. Invariants:
 * - only a string or template literal (or a `+` chain of them) passed as an argument is ignored,
 *   and only to: `new <Name>Error(...)` (and `<Name>Error(...)`), a validator's local `fail(...)`
 *   helper (impl/maple/validate.ts: it throws MapleValidationError with its argument), or
 *   `super(...)` inside a class whose own name ends in `Error`;
 * - expressions inside such a template are part of the message and are ignored with it (Stryker
 *   hides everything under an ignored node);
 * - everything else stays mutated: the condition that decides whether to throw, the error class
 *   chosen, typed fields, non-literal arguments (`new UseAfterFreeError(String(node))` keeps its
 *   argument), and RunFailure's own message (it is not named *Error: it carries the replayable
 *   schedule, which is a contract).
 * impl/error-message-ignorer.test.ts runs it over impl/.
 */
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

export const MESSAGE_REASON = "error message wording: the contract is the error's type, fields and errno, which the tests check";

const isText = (node) =>
  node?.type === 'StringLiteral' ||
  node?.type === 'TemplateLiteral' ||
  (node?.type === 'BinaryExpression' && node.operator === '+' && (isText(node.left) || isText(node.right)));

const endsInError = (name) => typeof name === 'string' && /Error$/.test(name);

/** The name of the class a path is inside, or undefined. */
function enclosingClassName(path) {
  const cls = path.findParent((p) => p.isClassDeclaration() || p.isClassExpression());
  return cls?.node.id?.name;
}

/** Whether a call or `new` whose argument is at `path` builds or throws an error message. */
function isMessageSink(callPath) {
  const node = callPath.node;
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return false;
  const callee = node.callee;
  if (callee.type === 'Identifier') return endsInError(callee.name) || callee.name === 'fail';
  if (callee.type === 'Super') return endsInError(enclosingClassName(callPath));
  return false;
}

/** Why the node at `path` should not be mutated, or undefined to mutate it. */
export function errorMessageReason(path) {
  if (path.listKey !== 'arguments' || !isText(path.node)) return undefined;
  return isMessageSink(path.parentPath) ? MESSAGE_REASON : undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'error-message', { shouldIgnore: errorMessageReason })];
