/**
 * Entry point the extension host loads for the integration tests
 * (scripts/e2e/run-extension-tests.mjs bundles this folder). Runs every
 * suite with mocha and writes pass/fail counts and the measurements to
 * $NOETHER_TEST_REPORT for the `npm test` summary.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { measurements } from './measurements';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js'))) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const report = { passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? failures, measurements };
      if (process.env.NOETHER_TEST_REPORT) fs.writeFileSync(process.env.NOETHER_TEST_REPORT, JSON.stringify(report, null, 2));
      console.log(`extension integration: ${JSON.stringify(report)}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
