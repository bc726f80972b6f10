import { strict as assert } from 'assert';
describe('smoke', () => { it('runs', () => { const x: number = 1; assert.equal(x, 1); }); });
