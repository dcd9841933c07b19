/** Types for bug-switch-ignorer.js (a plain ES module, because Stryker loads plugins without a TypeScript loader). */
export declare const SWITCH_NAME: string;
export declare const GUARD_REASON: string;
export declare const DEAD_REASON: string;
import type { IgnoredNode } from './ignored-nodes.js';
export type { IgnoredNode };
/** The value of a condition's AST node with no bug selected, when the switch alone decides it. */
export declare function offValue(node: unknown): boolean | undefined;
export declare function bugSwitchReason(path: unknown): string | undefined;
export declare function ignoredNodes(code: string, filename: string): IgnoredNode[];
export declare const strykerPlugins: unknown[];
