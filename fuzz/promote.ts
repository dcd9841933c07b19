/**
 * `npm run promote -- FILE [--name NAME]`: turns a saved trace into a regression test by copying
 * it into fuzz/regressions/NAME.json (NAME defaults to the file's own name), where
 * fuzz/regressions.test.ts replays it on every `npm test`.
 *
 * Invariants:
 * - only a valid trace is promoted (loadTrace), and only a 'failed' one: a hung or crashed run has
 *   no shrunk counterexample, and replaying it means waiting out a timeout on every test run;
 * - a trace is promoted only if its regression holds now (fuzz/regression-check.ts): a variant's
 *   trace must still reproduce; a real bug's trace must no longer reproduce (fix it first), so the
 *   suite never gains a test that fails from the start;
 * - one regression per signature: promoting a signature already there changes nothing; an
 *   existing file is never replaced; names are kebab-case;
 * - exit codes: 0 promoted (or already there), 1 refused by the check, 2 bad file or options.
 */
import { basename, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { publishFile } from './atomic-file.js';
import { isMain } from './is-main.js';
import { REGRESSIONS_DIR, checkRegression, regressionFiles } from './regression-check.js';
import { TraceError, loadTrace, traceText } from './trace.js';

/** Bad options, or a trace that cannot be promoted as it is. */
export class PromoteError extends Error {
  constructor(
    message: string,
    /** 'bad-input' (exit 2) or 'check-failed' (exit 1). */
    readonly reason: 'bad-input' | 'check-failed' = 'bad-input',
  ) {
    super(message);
    this.name = 'PromoteError';
  }
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface PromoteOptions {
  dir?: string;
  name?: string;
}

export function promoteTrace(file: string, options: PromoteOptions = {}): { dest: string; alreadyPromoted: boolean } {
  const dir = options.dir ?? REGRESSIONS_DIR;
  const trace = loadTrace(file);
  const name = options.name ?? basename(file).replace(/\.json$/, '');
  if (!NAME.test(name)) throw new PromoteError(`regression name ${JSON.stringify(name)} must be kebab-case (a-z, 0-9, single dashes); give one with --name`);
  if (trace.kind !== 'failed') throw new PromoteError(`${file}: only 'failed' traces are promoted; this one ${trace.kind} (it has no shrunk counterexample to replay quickly)`);
  for (const existing of regressionFiles(dir)) {
    if (loadTrace(existing).signature === trace.signature) return { dest: existing, alreadyPromoted: true };
  }
  const dest = join(dir, `${name}.json`);
  const { problem, lines } = checkRegression(trace);
  if (problem !== null) throw new PromoteError(`${file}: not promoted: ${problem}\n${lines.join('\n')}`, 'check-failed');
  if (!publishFile(dest, traceText(trace))) throw new PromoteError(`${dest} already exists with another signature; choose another --name`);
  return { dest, alreadyPromoted: false };
}

export const USAGE = `usage: npm run promote -- FILE [--name NAME]
  FILE        a trace saved by a fuzz campaign
  --name N    the regression's name (kebab-case; default: the trace file's name)
exit codes: 0 promoted (or already there), 1 refused (the regression would fail now), 2 bad file or options`;

export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { name: { type: 'string' }, help: { type: 'boolean' } } });
    } catch (error) {
      throw new PromoteError((error as Error).message);
    }
    if (parsed.values.help === true) {
      out(USAGE);
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new PromoteError(`expected one trace file, got ${parsed.positionals.length}\n${USAGE}`);
    const { dest, alreadyPromoted } = promoteTrace(parsed.positionals[0], parsed.values.name !== undefined ? { name: parsed.values.name } : {});
    const shown = relative(process.cwd(), dest);
    out(alreadyPromoted ? `promote: already a regression with this signature: ${shown}` : `promote: ${shown} (replayed by fuzz/regressions.test.ts)`);
    return 0;
  } catch (error) {
    if (error instanceof TraceError || error instanceof PromoteError) {
      err(`promote: ${error.message}`);
      return error instanceof PromoteError && error.reason === 'check-failed' ? 1 : 2;
    }
    throw error;
  }
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2));
