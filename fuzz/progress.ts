/**
 * The campaign's live progress display, drawn by cli-progress: on a terminal one bar line,
 * redrawn in place about ten times a second; elsewhere (CI logs, pipes) one plain line every
 * ten seconds, the first at once.
 *
 * Invariants: the text comes from fuzz/summary.ts (progressText), computed from the latest
 * campaign state and the clock at each redraw, so the elapsed time moves even while every run is
 * slow; lines printed while the bar is shown (failures) are never overwritten by it; stop()
 * leaves the cursor at the start of a fresh line, ready for the summary.
 */
import cliProgress from 'cli-progress';
import type { CampaignProgress } from './campaign.js';
import { progressFraction, progressText } from './summary.js';

const PLAIN_EVERY_MS = 10_000;

export class ProgressDisplay {
  private readonly bar: cliProgress.SingleBar;
  private state: CampaignProgress | undefined;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    const tty = stream.isTTY === true;
    this.bar = new cliProgress.SingleBar({
      stream,
      noTTYOutput: true,
      notTTYSchedule: PLAIN_EVERY_MS,
      fps: 10,
      hideCursor: tty,
      clearOnComplete: true,
      barsize: 24,
      format: (options, _params, _payload) => {
        if (this.state === undefined) return 'fuzz: starting';
        const now = Date.now();
        const text = progressText(this.state, now);
        if (!tty) return `fuzz: ${text}`;
        const fraction = progressFraction(this.state, now);
        return `${cliProgress.Format.BarFormat(fraction, options)} ${Math.floor(fraction * 100)}% | ${text}`;
      },
    });
  }

  update(state: CampaignProgress): void {
    this.state = state;
    if (!this.shown) {
      this.shown = true;
      this.bar.start(1, 0);
    }
  }

  /** Prints text above the bar (a failure): the bar is taken down, the text printed, the bar put back. */
  log(text: string): void {
    if (!this.shown || this.stream.isTTY !== true) {
      this.stream.write(`${text}\n`);
      return;
    }
    this.bar.stop();
    this.stream.write(`${text}\n`);
    this.bar.start(1, 0);
  }

  stop(): void {
    if (!this.shown) return;
    this.shown = false;
    this.bar.stop();
  }
}
