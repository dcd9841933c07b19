/** Types for ignored-nodes.js (a plain ES module, because Stryker loads plugins without a TypeScript loader). */
export interface IgnoredNode {
  start: number;
  end: number;
  text: string;
  reason: string;
}
export declare function ignoredNodes(code: string, filename: string, reasonOf: (path: never) => string | undefined): IgnoredNode[];
export declare function productSources(dir: string, skip?: readonly string[]): string[];
