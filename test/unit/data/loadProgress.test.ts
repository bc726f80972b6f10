import { strict as assert } from 'assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { READ_CHUNK_BYTES, loadDataset } from '../../../src/core/data/load';
import { LOAD_PROGRESS_MIN_BYTES, isLoadProgressText, loadProgress, loadProgressText } from '../../../src/core/data/loadProgress';
import type { LoadProgress } from '../../../src/core/data/types';

// Issue #16 item 9: a large CSV is read with progress (in the extension, by the worker), not in one silent block.
describe('loadDataset: progress while loading a large file', function () {
  this.timeout(60_000);
  let tmp: string;
  let file: string;
  let size: number;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'noether-load-progress-'));
    file = path.join(tmp, 'big.csv');
    // 40 trajectories of 10 000 samples, about 12 MB: several read chunks, over the progress threshold.
    const lines = ['trajectory,t,q,p'];
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < 10_000; i++) {
        const t = 0.01 * i;
        lines.push(`${k},${t.toFixed(2)},${Math.cos(t + k).toFixed(9)},${(-Math.sin(t + k)).toFixed(9)}`);
      }
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    size = fs.statSync(file).size;
    assert.ok(size > 2 * READ_CHUNK_BYTES && size > LOAD_PROGRESS_MIN_BYTES, `generated ${size} bytes`);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reports every tenth of the bytes read, then of the text parsed, ending at the total; the data and hash are unchanged', () => {
    const seen: LoadProgress[] = [];
    const ds = loadDataset(file, { onProgress: (p) => seen.push({ ...p }) });
    const reading = seen.filter((p) => p.phase === 'reading');
    const parsing = seen.filter((p) => p.phase === 'parsing');
    assert.deepEqual(seen.map((p) => p.phase), [...reading.map(() => 'reading'), ...parsing.map(() => 'parsing')], 'reading, then parsing');
    for (const [phase, ps] of [['reading', reading], ['parsing', parsing]] as const) {
      // 4 MiB chunks of a 12 MB file cross a few tenths at once: at least 3 reports, at most 10, never two in one tenth.
      assert.ok(ps.length >= (phase === 'reading' ? 3 : 9) && ps.length <= 10, `${phase}: ${ps.length} reports`);
      const tenths = ps.map((p) => Math.floor((10 * p.done) / p.total));
      for (let i = 1; i < ps.length; i++) assert.ok(tenths[i] > tenths[i - 1], `${phase}: tenths ${tenths}`);
      assert.ok(ps.every((p) => p.file === file && p.total === ps[0].total));
      assert.equal(ps.at(-1)!.done, ps.at(-1)!.total, `${phase} ends at its total`);
    }
    assert.equal(reading[0].total, size, 'reading counts the file\'s bytes');
    assert.equal(ds.sha256, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    const plain = loadDataset(file);
    assert.equal(ds.transitions, plain.transitions);
    assert.equal(ds.transitions, 40 * 9_999);
    assert.deepEqual(Array.from(ds.trajectories[39].states[9_999]), Array.from(plain.trajectories[39].states[9_999]));
  });

  it('says how far it is in words, only for files large enough to take a while', () => {
    const said: string[] = [];
    loadDataset(file, { onProgress: loadProgress((m) => said.push(m)) });
    assert.ok(said.length >= 12, `${said.length} lines`);
    assert.match(said[0], /^reading big\.csv: \d+ % of 1\d(\.\d)? MiB$/);
    assert.equal(said.at(-1), `parsing big.csv: 100 % of ${said.at(-1)!.split(' of ')[1]}`);
    assert.ok(said.every(isLoadProgressText));
    assert.equal(loadProgressText({ file: '/a/b.csv', phase: 'reading', done: 3 * 2 ** 20, total: 150 * 2 ** 20 }), 'reading b.csv: 2 % of 150 MiB');
    const small: string[] = [];
    loadDataset(file, { onProgress: loadProgress((m) => small.push(m), size + 1) });
    assert.deepEqual(small, [], 'nothing said for a file under the threshold');
  });
});
