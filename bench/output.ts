/**
 * Where the benchmark's text goes: the human report to stdout, or to stderr when --json asks for
 * one JSON document on stdout; progress lines always to stderr, so they never mix with either.
 */
export class Output {
  constructor(readonly json: boolean) {}

  /** A line of the human report. */
  line(text = ''): void {
    (this.json ? process.stderr : process.stdout).write(`${text}\n`);
  }

  /** A progress line (always stderr). */
  progress(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  /** The JSON document (stdout; only with --json). */
  document(value: unknown): void {
    if (this.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}
