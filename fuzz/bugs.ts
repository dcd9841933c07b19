/**
 * `npm run bugs`: for every catalogued historical bug (impl/bugs/catalogue.ts), a fuzz campaign on
 * one worker with the bug switched on (fuzz/bug-hunt.ts), and a control over the same runs with it
 * off; then one table: caught or missed, time and commands to the first failure, the size of the
 * shrunk counterexample, the control, the failure signature.
 *
 * Exit codes: 0 every bug caught and no control failed, 1 a bug missed (or its control failed too),
 * 2 bad options, 130 interrupted, 3 the runner broke (a worker could not start, a trace could not
 * be saved).
 *
 * Invariants: bugs run one after another, each from the same fixed seed, so the counts in the
 * table are the same on every machine (only the times vary); every catch is saved as a trace and
 * printed with the command that replays it; bad options run nothing.
 */
import { parseArgs } from 'node:util';
import { renderTable, type Column } from '../bench/table.js';
import { BUG_CATALOGUE, BUG_NAMES, findBug, type BugEntry } from '../impl/bugs/catalogue.js';
import { huntBug, type BugHuntResult } from './bug-hunt.js';
import { isMain } from './is-main.js';
import { UsageError, integer } from './options.js';
import { saveTrace } from './trace.js';

const DEFAULT_SECONDS = 30;
const DEFAULT_SEED = 20261123;
const DEFAULT_RUN_TIMEOUT = 60;

export const USAGE = `usage: npm run bugs -- [options]
  --seconds N      campaign time per bug, one worker (default ${DEFAULT_SECONDS})
  --seed=N         base seed of every campaign (default ${DEFAULT_SEED})
  --only NAME      hunt only this bug (repeatable); bugs: ${BUG_NAMES.join(', ')}
  --no-control     skip the control (the same runs with the bug off must find nothing)
  --corpus DIR     where the traces of the catches are saved (default corpus)
  --run-timeout S  watchdog limit per run (default ${DEFAULT_RUN_TIMEOUT})
  --help           this text
exit codes: 0 every bug caught, 1 a bug missed or a control failed, 2 bad options, 130 interrupted, 3 the runner broke`;

export interface BugsOptions {
  seconds: number;
  seed: number;
  bugs: BugEntry[];
  control: boolean;
  corpus: string;
  runTimeout: number;
  help: boolean;
}

export function parseBugsCli(argv: string[]): BugsOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        seconds: { type: 'string' },
        seed: { type: 'string' },
        only: { type: 'string', multiple: true },
        'no-control': { type: 'boolean', default: false },
        corpus: { type: 'string' },
        'run-timeout': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const bugs = (values.only ?? BUG_NAMES).map((name) => {
    const bug = findBug(name);
    if (bug === undefined) throw new UsageError(`unknown bug ${JSON.stringify(name)}; bugs: ${BUG_NAMES.join(', ')}`);
    return bug;
  });
  if (values.corpus !== undefined && values.corpus.trim() === '') throw new UsageError('--corpus needs a directory name, got ""');
  return {
    seconds: integer('seconds', values.seconds, DEFAULT_SECONDS, 1, 3600),
    seed: integer('seed', values.seed, DEFAULT_SEED, -(2 ** 31), 2 ** 31 - 1),
    bugs,
    control: !(values['no-control'] ?? false),
    corpus: values.corpus ?? 'corpus',
    runTimeout: integer('run-timeout', values['run-timeout'], DEFAULT_RUN_TIMEOUT, 1, 3600),
    help: values.help ?? false,
  };
}

/** caught, MISSED, FALSE ALARM (the control failed too) or interrupted. */
export function verdict(r: BugHuntResult): string {
  if (r.control?.falseAlarm != null) return 'FALSE ALARM';
  if (r.caught) return 'caught';
  return r.interrupted ? 'interrupted' : 'MISSED';
}

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const COLUMNS: Column[] = [
  { title: 'bug', align: 'left' },
  { title: 'target', align: 'left' },
  { title: 'result', align: 'left' },
  { title: 'time to 1st failure', align: 'right' },
  { title: 'commands to 1st failure', align: 'right' },
  { title: 'runs', align: 'right' },
  { title: 'shrunk to', align: 'right' },
  { title: 'control (bug off)', align: 'left' },
  { title: 'signature', align: 'left' },
];

export function resultRow(r: BugHuntResult): string[] {
  const control = r.control === null ? '-' : r.control.falseAlarm === null ? `${r.control.runs} runs clean` : `FAILED: ${r.control.falseAlarm}`;
  return [
    r.bug.name,
    r.bug.target,
    verdict(r),
    r.msToFailure === null ? '-' : secs(r.msToFailure),
    r.commandsToFailure === null ? '-' : int(r.commandsToFailure),
    int(r.runs),
    r.shrunkCommands === null ? '-' : `${r.shrunkCommands} cmd`,
    control,
    // Without the target and bug prefix, which the first columns already show.
    r.signature === null ? '-' : r.signature.replace(/^\S+: /, ''),
  ];
}

export function resultsTable(results: BugHuntResult[]): string {
  return renderTable(COLUMNS, results.map(resultRow));
}

/** One line per bug as it finishes. */
export function resultLine(r: BugHuntResult, i: number, n: number): string {
  const head = `bugs: [${i + 1}/${n}] ${r.bug.name} (${r.bug.target})`;
  if (!r.caught && r.control?.falseAlarm == null) return `${head}: ${verdict(r)} after ${secs(r.elapsedMs)}, ${int(r.runs)} runs`;
  const control = r.control === null ? '' : r.control.falseAlarm === null ? `; control: ${r.control.runs} runs clean` : `; CONTROL FAILED TOO: ${r.control.falseAlarm}`;
  return `${head}: ${verdict(r)} after ${secs(r.msToFailure ?? 0)}, ${int(r.commandsToFailure ?? 0)} commands, run ${r.runs}; shrunk to ${r.shrunkCommands} commands${control}`;
}

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let o: BugsOptions;
  try {
    o = parseBugsCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`bugs: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (o.help) {
    out(USAGE);
    return 0;
  }
  out(`bugs: ${o.bugs.length} of ${BUG_CATALOGUE.length} catalogued bugs, ${o.seconds} s of campaign time each on one worker, base seed ${o.seed}${o.control ? ', each with a bug-off control over the same runs' : ''}`);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const t0 = Date.now();
  const results: BugHuntResult[] = [];
  try {
    for (const [i, bug] of o.bugs.entries()) {
      const r = await huntBug({
        bug,
        seed: o.seed,
        seconds: o.seconds,
        runTimeout: o.runTimeout,
        control: o.control,
        saveTrace: (f) => saveTrace(o.corpus, f).file,
        signal: controller.signal,
      });
      results.push(r);
      out(resultLine(r, i, o.bugs.length));
      if (r.interrupted) break;
    }
  } catch (error) {
    err(`bugs: ${(error as Error).message}`);
    return 3;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  out('');
  out(resultsTable(results));
  out('');
  for (const r of results) {
    out(`${r.bug.name}: ${r.bug.title}`);
    out(`  source: ${r.bug.source}`);
    out(`  should be caught by: ${r.bug.caughtBy}`);
    // The trace replays the shrunk case with the tree pictured around the failing step; the
    // campaign line (long: it carries fast-check's path) is printed only when there is no trace.
    if (r.traceFile !== null) out(`  replay: npm run replay -- ${r.traceFile}`);
    else if (r.replay !== null) out(`  replay: ${r.replay}`);
  }
  const caught = results.filter((r) => verdict(r) === 'caught').length;
  const interrupted = results.some((r) => r.interrupted);
  out('');
  out(`bugs: ${caught} of ${results.length} caught${interrupted ? ' (interrupted)' : ''}, ${results.length - caught} not; ${secs(Date.now() - t0)} in all`);
  if (interrupted) return 130;
  return caught === o.bugs.length ? 0 : 1;
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
