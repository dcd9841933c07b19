/** Types for error-message-ignorer.js (a plain ES module, because Stryker loads plugins without a TypeScript loader). */
export declare const MESSAGE_REASON: string;
export declare function errorMessageReason(path: unknown): string | undefined;
export declare const strykerPlugins: unknown[];
