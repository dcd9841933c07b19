/**
 * The model-based property of the maple tree: a random command list runs on a fresh tree and a
 * fresh model; every command compares results and then full agreement (system.ts). Coverage
 * figures are gathered across runs so tests can prove the mix reaches deep trees and every write
 * path, instead of hoping it does.
 */
import fc from 'fast-check';
import { STORE_TYPES, type StoreType } from '../../impl/maple/index.js';
import { COMMANDS_REPLAY_PATH } from '../seed.js';
import { mapleCommands } from './commands.js';
import { emptyEdges, type EdgeCounts } from './edges.js';
import { makeSystems } from './system.js';

export interface MapleCoverage {
  runs: number;
  commands: number;
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
    maxHeight: 0,
    maxEntries: 0,
    maxNodes: 0,
    storeTypes: Object.fromEntries(STORE_TYPES.map((t) => [t, 0])) as Record<StoreType, number>,
    edges: emptyEdges(),
  };
}

export interface MaplePropertyOptions {
  alloc: boolean;
  maxCommands: number;
  coverage?: MapleCoverage;
  /**
   * Test seam, default off: builds the two systems of each run in place of makeSystems. Only the
   * oracle tests (properties/oracles/) set it, to point the property at a deliberately broken tree
   * or model and prove the property catches it; the real suites never do.
   */
  makeSystems?: typeof makeSystems;
  /** fc.commands' replayPath; defaults to MAPLE_COMMANDS_PATH from the environment. */
  replayPath?: string;
}

export function mapleProperty(options: MaplePropertyOptions): fc.IPropertyWithHooks<[Iterable<fc.Command<never, never>>]> {
  const coverage = options.coverage;
  return fc.property(mapleCommands({ maxCommands: options.maxCommands, replayPath: options.replayPath ?? COMMANDS_REPLAY_PATH }), (cmds) => {
    const systems = (options.makeSystems ?? makeSystems)({ alloc: options.alloc });
    const { model, real } = systems;
    if (coverage !== undefined) {
      coverage.runs++;
      model.edges = coverage.edges;
      // Chains any observer already installed (a broken variant's, in the oracle tests).
      const previous = real.tree.onWrite;
      real.tree.onWrite = (report) => {
        coverage.storeTypes[report.type as StoreType]++;
        previous?.(report);
      };
    }
    const counted = coverage === undefined ? cmds : countCommands(cmds, coverage, model);
    fc.modelRun(() => ({ model, real }), counted);
  }) as unknown as fc.IPropertyWithHooks<[Iterable<fc.Command<never, never>>]>;
}

/** Wraps each command so coverage sees every command and the tree figures after it. */
function* countCommands(
  cmds: Iterable<fc.Command<ReturnType<typeof makeSystems>['model'], ReturnType<typeof makeSystems>['real']>>,
  coverage: MapleCoverage,
  model: ReturnType<typeof makeSystems>['model'],
): Generator<fc.Command<ReturnType<typeof makeSystems>['model'], ReturnType<typeof makeSystems>['real']>> {
  for (const cmd of cmds) {
    yield cmd;
    coverage.commands++;
    const f = model.figures;
    if (f !== null) {
      coverage.maxHeight = Math.max(coverage.maxHeight, f.height);
      coverage.maxEntries = Math.max(coverage.maxEntries, f.entries);
      coverage.maxNodes = Math.max(coverage.maxNodes, f.nodes);
    }
  }
}
