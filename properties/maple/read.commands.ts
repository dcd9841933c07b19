/**
 * Commands that read through the normal API: load and mt_find / mt_find_after. They compare the
 * entry returned and the index box mt_find moves.
 */
import fc from 'fast-check';
import { mt_find, mt_find_after, mtree_load } from '../../impl/maple/index.js';
import { indexArb, show } from '../arbitraries.js';
import { MapleCommand } from './command.js';
import { expectSame, expectSameOutcome, outcome, type MapleModel, type MapleReal } from './system.js';

export class LoadCommand extends MapleCommand {
  constructor(readonly index: number) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    expectSameOutcome(`${this}`, outcome(() => mtree_load(real.tree, this.index)), outcome(() => model.map.load(this.index)));
  }
  toString(): string {
    return `Load(${show(this.index)})`;
  }
}

export class FindCommand extends MapleCommand {
  constructor(readonly index: number, readonly max: number, readonly after: boolean) {
    super();
  }
  protected apply(model: MapleModel, real: MapleReal): void {
    const implBox = { index: this.index };
    const modelBox = { index: this.index };
    const got = outcome(() => (this.after ? mt_find_after : mt_find)(real.tree, implBox, this.max));
    const want = outcome(() => (this.after ? model.map.findAfter(modelBox, this.max) : model.map.find(modelBox, this.max)));
    expectSameOutcome(`${this}`, got, want);
    expectSame(`${this} box.index`, implBox.index, modelBox.index);
  }
  toString(): string {
    return `${this.after ? 'FindAfter' : 'Find'}(${show(this.index)}, max ${show(this.max)})`;
  }
}

export const readCommands = [
  { weight: 10, arbitrary: indexArb.map((i) => new LoadCommand(i)) },
  {
    weight: 6,
    arbitrary: fc.tuple(indexArb, indexArb, fc.boolean()).map(([i, m, after]) => new FindCommand(i, m, after)),
  },
];
