import { strict as assert } from 'assert';
import { initBackend } from '../../../src/core/backend/backend';
import { HamiltonianModel } from '../../../src/core/model/model';
import { DEFAULT_MODEL } from '../../../src/core/util/config';

describe('HamiltonianModel.allVariables', () => {
  before(async () => {
    await initBackend('cpu');
  });

  for (const noise of ['fixed', 'learned'] as const) {
    it(`lists every variable once (noise ${noise})`, () => {
      const m = new HamiltonianModel({ ...DEFAULT_MODEL, hidden: [4], K: 2, noise }, 2, 1);
      try {
        const vars = m.allVariables();
        assert.equal(new Set(vars).size, vars.length, 'a variable is listed twice');
        assert.ok(vars.includes(m.logSigma2));
        assert.ok(m.genW && vars.includes(m.genW) && m.genB && vars.includes(m.genB));
      } finally {
        m.dispose();
      }
    });
  }
});
