/**
 * Entry point of a fuzz worker thread: teaches the thread TypeScript, then loads fuzz/worker.ts.
 *
 * Why a plain .mjs file: on Node 20, `new Worker('worker.ts', { execArgv: ['--import', 'tsx'] })`
 * fails with ERR_UNKNOWN_FILE_EXTENSION (module hooks given by --import are not installed in
 * worker threads), so the thread registers tsx itself through its API before importing any .ts.
 * This works the same under `tsx`, under vitest and under plain node.
 */
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
