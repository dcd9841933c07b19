/**
 * The shape every stateful property here shares: a fast-check command list (fc.commands, with the
 * replay path when replaying) run by fc.modelRun on fresh systems, counting runs and commands in
 * the property's coverage record.
 *
 * Invariant: the systems are made fresh for every run, inside the property, so runs never share
 * state and a replayed run sees exactly what the failing run saw.
 */
import fc from 'fast-check';
import { COMMANDS_REPLAY_PATH } from './seed.js';

export interface RunCounts {
  runs: number;
  commands: number;
}

export type CommandListProperty = fc.IPropertyWithHooks<[Iterable<fc.Command<never, never>>]>;

export function commandListProperty<M extends object, R>(
  command: fc.Arbitrary<fc.Command<M, R>>,
  options: { maxCommands: number; replayPath?: string },
  coverage: RunCounts,
  makeSystems: () => { model: M; real: R },
): CommandListProperty {
  const replayPath = options.replayPath ?? COMMANDS_REPLAY_PATH;
  const commands = fc.commands([command], {
    maxCommands: options.maxCommands,
    size: 'max',
    ...(replayPath !== undefined ? { replayPath } : {}),
  });
  return fc.property(commands, (cmds) => {
    const systems = makeSystems();
    coverage.runs++;
    const counted = (function* () {
      for (const c of cmds) {
        yield c;
        coverage.commands++;
      }
    })();
    fc.modelRun(() => systems, counted);
  }) as unknown as CommandListProperty;
}
