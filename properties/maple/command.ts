/**
 * The base of every maple command: run on the real tree and on the model, compare what each
 * returned, then check full agreement (checkAgreement). Commands have no preconditions: every
 * command is legal in every state, bad input included.
 */
import type fc from 'fast-check';
import { checkAgreement, type MapleModel, type MapleReal } from './system.js';

export abstract class MapleCommand implements fc.Command<MapleModel, MapleReal> {
  check(): boolean {
    return true;
  }

  /** Runs the operation on both systems and compares the results. */
  protected abstract apply(model: MapleModel, real: MapleReal): void;

  run(model: MapleModel, real: MapleReal): void {
    this.apply(model, real);
    checkAgreement(model, real);
  }

  abstract toString(): string;
}
