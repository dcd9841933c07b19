/**
 * The model-based property of the maple tree: a random command list runs on a fresh tree and a
 * fresh model; every command compares results and then full agreement (system.ts). Coverage
 * figures are gathered across runs so tests can prove the mix reaches deep trees and every write
 * path, instead of hoping it does.
 */
import fc from 'fast-check';
import { STORE_TYPES, mt_dump, type StoreType } from '../../impl/maple/index.js';
import { COMMANDS_REPLAY_PATH } from '../seed.js';
import { commandListProperty, type CommandListOptions, type CommandListProperty } from '../model-run.js';
import { mapleCommand } from './commands.js';
import { emptyEdges, type EdgeCounts } from './edges.js';
import { makeSystems, type MapleModel, type MapleReal } from './system.js';

export interface MapleCoverage {
  runs: number;
  commands: number;
  mix: Record<string, number>;
  maxHeight: number;
  maxEntries: number;
  maxNodes: number;
  storeTypes: Record<StoreType, number>;
  edges: EdgeCounts;
}

export function emptyCoverage(): MapleCoverage {
  return {
    runs: 0,
    commands: 0,
    mix: {},
    maxHeight: 0,
    maxEntries: 0,
    maxNodes: 0,
    storeTypes: Object.fromEntries(STORE_TYPES.map((t) => [t, 0])) as Record<StoreType, number>,
    edges: emptyEdges(),
  };
}

export interface MaplePropertyOptions extends Omit<CommandListOptions, 'maxCommands'> {
  alloc: boolean;
  /** RCU mode (copy-on-write nodes); the preallocation counts must still hold. */
  rcu?: boolean;
  maxCommands: number;
  coverage?: MapleCoverage;
  /**
   * Test seam, default off: builds the two systems of each run in place of makeSystems. Only the
   * oracle tests (properties/oracles/) and the fuzz variants set it, to point the property at a
   * deliberately broken tree or model and prove the property catches it; the real suites never do.
   */
  makeSystems?: typeof makeSystems;
}

export function mapleProperty(options: MaplePropertyOptions): CommandListProperty {
  const coverage = options.coverage ?? emptyCoverage();
  const replayPath = options.replayPath ?? COMMANDS_REPLAY_PATH;
  const command = mapleCommand() as fc.Arbitrary<fc.Command<MapleModel, MapleReal>>;
  return commandListProperty(command, { ...options, ...(replayPath !== undefined ? { replayPath } : {}) }, coverage, {
    make: () => {
      const systems = (options.makeSystems ?? makeSystems)({ alloc: options.alloc, ...(options.rcu === true ? { rcu: true } : {}) });
      systems.model.edges = coverage.edges;
      // Chains any observer already installed (a broken variant's).
      const previous = systems.real.tree.onWrite;
      systems.real.tree.onWrite = (report) => {
        coverage.storeTypes[report.type as StoreType]++;
        previous?.(report);
      };
      return systems;
    },
    afterEach: ({ model, real }) => {
      // No readers here: every grace period may end, so nodes replaced in RCU mode are freed.
      real.tree.rcu?.synchronize();
      const f = model.figures;
      if (f !== null) {
        coverage.maxHeight = Math.max(coverage.maxHeight, f.height);
        coverage.maxEntries = Math.max(coverage.maxEntries, f.entries);
        coverage.maxNodes = Math.max(coverage.maxNodes, f.nodes);
      }
    },
    picture: ({ real }) => mt_dump(real.tree),
  });
}
