// Preloaded into Stryker's TypeScript checker processes (stryker.conf.json checkerNodeArgs). The
// checker type-checks each mutant by changing one file and letting TypeScript's solution builder
// (watch mode) rebuild the program. Two things in that loop cost time without changing a result:
//
// 1. Watch mode waits 250 ms after a file change before it rebuilds (a debounce for editors); a
//    mutant's change is made all at once, so the wait is only delay. It becomes 0 ms.
// 2. After every build the solution builder releases the program, so the next build parses and
//    binds every source file again, @types/node included: profiled on impl/maple/write.ts, parsing
//    and binding were ~60% of a check and type-checking ~20%. The compiler host's getSourceFile
//    here keeps the SourceFile it made for each file and hands the same object back while the
//    file's text is unchanged (compared in full, not by time stamp), which is what TypeScript's
//    own watch program and language service do with unchanged files.
//
// Invariants: every check sees exactly the text Stryker wrote (a kept SourceFile is reused only
// for identical text, for the same language version, module format and JSDoc mode, and never when
// TypeScript asks for a fresh one); diagnostics are unchanged: 122 mutants over 8 files of impl/
// gave byte-identical diagnostics with and without this file, and a mutant of a constant still
// reports its errors in the importing file; ~510 ms per check became ~55 ms.
//
// (2) edits one function of TypeScript's bundled source as it loads (its exports are read-only
// getters, so there is no other way in). If that function's text ever differs (a TypeScript
// upgrade), nothing is changed and a warning says so: checks stay correct, only slower.
const Module = require('module');

const HASH_VERSIONED_GET_SOURCE_FILE = `  compilerHost.getSourceFile = (...args) => {
    const result = originalGetSourceFile.call(compilerHost, ...args);
    if (result) {
      result.version = getSourceFileVersionAsHashFromText(compilerHost, result.text);
    }
    return result;
  };`;

const KEEPING_GET_SOURCE_FILE = `  const keptSourceFiles = new Map();
  compilerHost.getSourceFile = (...args) => {
    const [fileName, languageVersionOrOptions, , shouldCreateNewSourceFile] = args;
    const options = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const key = [fileName, options.languageVersion, options.impliedNodeFormat, options.jsDocParsingMode].join("|");
    const kept = shouldCreateNewSourceFile ? undefined : keptSourceFiles.get(key);
    if (kept !== undefined && kept.text === compilerHost.readFile(fileName)) {
      globalThis.tsCheckerSpeedups.reusedSourceFiles++;
      return kept;
    }
    const result = originalGetSourceFile.call(compilerHost, ...args);
    if (result) {
      result.version = getSourceFileVersionAsHashFromText(compilerHost, result.text);
      keptSourceFiles.set(key, result);
    }
    return result;
  };`;

// Counted so that stryker/ts-checker-speedups.test.ts can see the kept files being handed back.
globalThis.tsCheckerSpeedups = { patched: false, reusedSourceFiles: 0 };

const realCompile = Module.prototype._compile;
Module.prototype._compile = function compileTypeScriptKeepingSourceFiles(content, filename) {
  if (/[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(filename)) {
    if (content.includes(HASH_VERSIONED_GET_SOURCE_FILE)) {
      content = content.replace(HASH_VERSIONED_GET_SOURCE_FILE, KEEPING_GET_SOURCE_FILE);
      globalThis.tsCheckerSpeedups.patched = true;
    } else {
      process.emitWarning(`stryker/ts-checker-speedups.cjs: setGetSourceFileAsHashVersioned not found in ${filename}; source files are parsed again for every mutant (correct, slower)`);
    }
  }
  return realCompile.call(this, content, filename);
};

const ts = require('typescript');
const realSetTimeout = ts.sys.setTimeout;
ts.sys.setTimeout = (callback, ms, ...args) => realSetTimeout(callback, ms === 250 ? 0 : ms, ...args);
