/**
 * The shape every stateful property here shares: a fast-check command list (fc.commands, with the
 * replay path when replaying) run by fc.modelRun on fresh systems, counting runs, commands and the
 * command mix in the property's coverage record, with an optional observer of every step (the fuzz
 * replay prints the system's picture before and after the failing command).
 *
 * Invariants: the systems are made fresh for every run, inside the property, so runs never share
 * state and a replayed run sees exactly what the failing run saw; observing and counting never
 * change what a command does or how it is shown (an observed command prints as the command).
 */
import fc from 'fast-check';
import { COMMANDS_REPLAY_PATH } from './seed.js';

export interface RunCounts {
  runs: number;
  commands: number;
  /** Commands run, by name (the part of their text before the first parenthesis). */
  mix?: Record<string, number>;
}

export type StepPhase = 'before' | 'after' | 'failed';

/** Sees every command: before it runs, after it ran, or as it failed (with the error). */
export type StepObserver = (step: { index: number; command: string; phase: StepPhase; picture: () => string; error?: unknown }) => void;

export interface CommandListOptions {
  maxCommands: number;
  replayPath?: string;
  observe?: StepObserver;
}

export type CommandListProperty = fc.IPropertyWithHooks<[Iterable<fc.Command<never, never>>]>;

export function commandName(command: { toString(): string }): string {
  const text = command.toString();
  const paren = text.indexOf('(');
  return paren < 0 ? text : text.slice(0, paren);
}

class ObservedCommand<M extends object, R> implements fc.Command<M, R> {
  constructor(
    readonly inner: fc.Command<M, R>,
    readonly index: number,
    readonly observe: StepObserver,
    readonly picture: () => string,
  ) {}
  check(m: Readonly<M>): boolean {
    return this.inner.check(m);
  }
  run(m: M, r: R): void {
    const command = this.inner.toString();
    this.observe({ index: this.index, command, phase: 'before', picture: this.picture });
    try {
      this.inner.run(m, r);
    } catch (error) {
      this.observe({ index: this.index, command, phase: 'failed', picture: this.picture, error });
      throw error;
    }
    this.observe({ index: this.index, command, phase: 'after', picture: this.picture });
  }
  toString(): string {
    return this.inner.toString();
  }
}

export interface CommandListSetup<M extends object, R> {
  /** Fresh systems for one run. */
  make(): { model: M; real: R };
  /** After each command ran (for coverage figures). */
  afterEach?(systems: { model: M; real: R }): void;
  /** A readable picture of the systems (the tree dump), for observers. */
  picture?(systems: { model: M; real: R }): string;
}

export function commandListProperty<M extends object, R>(
  command: fc.Arbitrary<fc.Command<M, R>>,
  options: CommandListOptions,
  coverage: RunCounts,
  setup: CommandListSetup<M, R>,
): CommandListProperty {
  const replayPath = options.replayPath ?? COMMANDS_REPLAY_PATH;
  const commands = fc.commands([command], {
    maxCommands: options.maxCommands,
    size: 'max',
    ...(replayPath !== undefined ? { replayPath } : {}),
  });
  return fc.property(commands, (cmds) => {
    const systems = setup.make();
    coverage.runs++;
    const picture = (): string => (setup.picture === undefined ? '(no picture)' : setup.picture(systems));
    const counted = (function* () {
      let index = 0;
      for (const c of cmds) {
        yield options.observe === undefined ? c : new ObservedCommand(c, index, options.observe, picture);
        index++;
        coverage.commands++;
        if (coverage.mix !== undefined) {
          const name = commandName(c);
          coverage.mix[name] = (coverage.mix[name] ?? 0) + 1;
        }
        setup.afterEach?.(systems);
      }
    })();
    fc.modelRun(() => systems, counted);
  }) as unknown as CommandListProperty;
}
