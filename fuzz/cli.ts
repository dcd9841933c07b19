/**
 * `npm run fuzz`: the command-line front of a fuzz campaign. Without options it runs the default
 * campaign (every target, about one minute, fixed base seed) and exits 0 when nothing failed,
 * 1 when something did, 2 on bad options.
 *
 * Invariants: bad options print a clear message and the usage, and run nothing; every failure
 * printed carries its replay command; the summary always ends the output.
 */
import { runCampaign, type CampaignProgress } from './campaign.js';
import { USAGE, UsageError, parseCli, type CliOptions } from './options.js';

function progressLine(p: CampaignProgress): string {
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(p.commands / secs) : 0;
  const left = Math.max(0, (p.budgetMs - p.elapsedMs) / 1000);
  return `runs ${p.runs}  commands ${p.commands} (${rate}/s)  failures ${p.failures}  elapsed ${secs.toFixed(0)}s  left ${left.toFixed(0)}s`;
}

export function main(argv: string[]): number {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`fuzz: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const names = options.targets.map((t) => t.name).join(', ');
  console.log(`fuzz: targets ${names}; base seed ${options.seed}; budget ${options.seconds}s${options.runs === Infinity ? '' : `, ${options.runs} runs`}`);
  const tty = process.stdout.isTTY === true;
  let lastPrint = 0;
  const result = runCampaign({
    targets: options.targets,
    baseSeed: options.seed,
    budgetMs: options.seconds * 1000,
    maxRuns: options.runs,
    path: options.path,
    commandsPath: options.commandsPath,
    stopOnFailure: options.stop,
    onProgress: (p) => {
      const now = Date.now();
      if (now - lastPrint < (tty ? 250 : 10_000)) return;
      lastPrint = now;
      if (tty) process.stdout.write(`\r${progressLine(p)}\x1b[K`);
      else console.log(progressLine(p));
    },
  });
  if (tty) process.stdout.write('\n');
  for (const f of result.failureList) {
    console.log(`\nFAILURE in ${f.target} (seed ${f.seed}):\n${f.report}\nReplay with:\n  ${f.replay}`);
  }
  console.log(`\n${progressLine(result)}`);
  for (const target of options.targets) {
    console.log(`  ${target.name}: ${target.summarise(result.perTarget[target.name])}`);
  }
  console.log(result.failures === 0 ? 'fuzz: no failures' : `fuzz: ${result.failures} failing run(s)`);
  return result.failures === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
