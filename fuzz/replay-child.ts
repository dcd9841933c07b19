/**
 * The child process that reruns a hung or crashed trace for fuzz/replay.ts: such a run cannot be
 * replayed in the replayer's own thread (a hang cannot be interrupted there, and a crashing
 * variant calls process.exit), so it runs here and the parent watches it with a timeout.
 *
 * Protocol (stdout, one record a line, tab after the tag):
 *   before<TAB>{"index":i,"command":"...","picture":"..."}   before every command
 *   result<TAB>{"failure":null | {"signature","errorName","errorMessage","commands"}}   at the end
 * Lines are written with writeSync, so every line about a step is out before that step can hang
 * the process or end it.
 *
 * Invariants: runs exactly runOne({target, variant, bug, seed, path, replayPath}) from its argument
 * (one JSON object); a bad argument exits 2 with a message on stderr, having run nothing.
 */
import { writeSync } from 'node:fs';
import { UnknownNameError, namedRunRequest, runOne, type RunRequest } from './run-one.js';

interface ChildRequest {
  target: string;
  variant: string | null;
  bug: string | null;
  seed: number;
  path: string | null;
  replayPath: string | null;
}

function line(tag: string, value: unknown): void {
  writeSync(1, `${tag}\t${JSON.stringify(value)}\n`);
}

function main(arg: string | undefined): number {
  let request: ChildRequest;
  try {
    request = JSON.parse(arg ?? '') as ChildRequest;
  } catch {
    process.stderr.write(`replay-child: expected one JSON argument, got ${JSON.stringify(arg)}\n`);
    return 2;
  }
  let run: RunRequest;
  try {
    if (!Number.isSafeInteger(request.seed)) throw new UnknownNameError(`seed ${request.seed}`);
    run = namedRunRequest(request, (step) => {
      if (step.phase === 'before') line('before', { index: step.index, command: step.command, picture: step.picture() });
    });
  } catch (error) {
    if (!(error instanceof UnknownNameError)) throw error;
    process.stderr.write(`replay-child: bad request ${arg}\n`);
    return 2;
  }
  const outcome = runOne(run, run.target.newCoverage());
  const f = outcome.failure;
  line('result', { failure: f === null ? null : { signature: f.signature, errorName: f.errorName, errorMessage: f.errorMessage, commands: f.commands } });
  return 0;
}

process.exitCode = main(process.argv[2]);
