/**
 * The model-based property of the maple tree: a random command list runs on a fresh tree and a
 * fresh model; every command compares results and then full agreement (system.ts). Coverage
 * figures are gathered across runs so tests can prove the mix reaches deep trees and every write
 * path, instead of hoping it does.
 */
import fc from 'fast-check';
import { STORE_TYPES, type StoreType } from '../../impl/maple/index.js';
import { mapleCommands } from './commands.js';
import { makeSystems } from './system.js';

export interface MapleCoverage {
  runs: number;
  commands: number;
  maxHeight: number;
  maxEntries: number;
  maxNodes: number;
  storeTypes: Record<StoreType, number>;
}

export function emptyCoverage(): MapleCoverage {
  return {
    runs: 0,
    commands: 0,
    maxHeight: 0,
    maxEntries: 0,
    maxNodes: 0,
    storeTypes: Object.fromEntries(STORE_TYPES.map((t) => [t, 0])) as Record<StoreType, number>,
  };
}

export interface MaplePropertyOptions {
  alloc: boolean;
  maxCommands: number;
  coverage?: MapleCoverage;
}

export function mapleProperty(options: MaplePropertyOptions): fc.IPropertyWithHooks<[Iterable<fc.Command<never, never>>]> {
  const coverage = options.coverage;
  return fc.property(mapleCommands({ maxCommands: options.maxCommands }), (cmds) => {
    const systems = makeSystems({ alloc: options.alloc });
    const { model, real } = systems;
    if (coverage !== undefined) {
      coverage.runs++;
      real.tree.onWrite = (report) => {
        coverage.storeTypes[report.type as StoreType]++;
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
