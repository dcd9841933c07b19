/**
 * Model-based property of the plain maple tree: random command lists of up to 2,000 commands,
 * every result compared with the model, mt_validate and full contents compared after every
 * command (see maple-suite.ts for the coverage it must prove).
 */
import { describe } from 'vitest';
import { BASE_SEED } from '../seed.js';
import { mapleSuite } from './maple-suite.js';

describe(`plain maple tree vs model (seed ${BASE_SEED})`, () => {
  mapleSuite(false, 'properties/maple/maple-plain.prop.test.ts');
});
