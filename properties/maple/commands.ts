/**
 * The command mix of the maple property: writes dominate (they are where the bugs are), reads and
 * cursor walks check what the writes left, bad input is sprinkled through, and destroy is rare
 * enough that trees grow deep.
 */
import fc from 'fast-check';
import { badInputCommands } from './bad-input.command.js';
import { cursorCommands } from './cursor.commands.js';
import { readCommands } from './read.commands.js';
import { writeCommands } from './write.commands.js';
import type { MapleModel, MapleReal } from './system.js';

export interface CommandListOptions {
  maxCommands: number;
  /** fc.commands' replayPath, to replay a shrunk counterexample exactly. */
  replayPath?: string;
}

/** One command of the mix. */
export function mapleCommand(): fc.Arbitrary<fc.Command<MapleModel, MapleReal>> {
  const weighted = [...writeCommands, ...readCommands, ...cursorCommands, ...badInputCommands];
  return fc.oneof(...weighted) as fc.Arbitrary<fc.Command<MapleModel, MapleReal>>;
}

export function mapleCommands(options: CommandListOptions): fc.Arbitrary<Iterable<fc.Command<MapleModel, MapleReal>>> {
  const command = mapleCommand();
  return fc.commands([command], {
    maxCommands: options.maxCommands,
    size: 'max',
    ...(options.replayPath !== undefined ? { replayPath: options.replayPath } : {}),
  });
}
