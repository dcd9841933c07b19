// Preloaded into Stryker's TypeScript checker processes (checkerNodeArgs): the checker runs
// TypeScript's solution builder in watch mode, which waits 250 ms after each file change before
// it rebuilds (a debounce for editors); a mutant's change is made all at once, so the wait only
// adds 250 ms to every check. A zero delay still runs the build after the change is complete.
// Invariant: only timers of exactly 250 ms (watch mode's debounces) change; what is checked, and
// every result, is the same (173 mutants of gap.ts and state.ts: 35 compile errors either way).
const ts = require('typescript');
const realSetTimeout = ts.sys.setTimeout;
ts.sys.setTimeout = (callback, ms, ...args) => realSetTimeout(callback, ms === 250 ? 0 : ms, ...args);
