import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { RunInfo } from '../../../src/shared/protocol';
import { RunBook } from '../../../src/extension/runRecords';
import { INDEX_KEY, MAX_SAVED_RUNS, RunStore } from '../../../src/extension/runStore';
import { sampleResults } from './sampleResults';

const info = (runId: string, file = `/w/${runId}.csv`): RunInfo => ({ runId, file, fileName: path.basename(file),
  columns: { q: ['q'], p: ['p'], time: 't', trajectory: null }, preset: 'fast', seed: 0, backend: null, status: 'running' });

/** workspaceState: a Memento over a Map. */
function memento(): vscode.Memento & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    keys: () => [...data.keys()],
    get: (<T>(key: string, fallback?: T) => (data.has(key) ? data.get(key) : fallback)) as vscode.Memento['get'],
    update: async (key: string, value: unknown) => { data.set(key, value); },
  };
}

describe('saved runs (runStore)', () => {
  let dir: string;
  let state: ReturnType<typeof memento>;
  let log: string[];
  const store = (book: RunBook) => new RunStore({ globalStorageUri: { fsPath: dir } as vscode.Uri, workspaceState: state }, book, { appendLine: (l) => log.push(l) });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noether-runstore-'));
    state = memento();
    log = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a run and reads it back into a fresh book; a run saved while training comes back cancelled', async () => {
    const book = new RunBook();
    book.add(info('r1'));
    book.add(info('r2'));
    book.setResults('r2', sampleResults({ stopReason: 'completed' }));
    const s = store(book);
    s.save('r1', true);
    s.save('r2', true);
    assert.equal(s.file('r1'), path.join(dir, 'runs', 'r1.json'));
    assert.deepEqual(state.data.get(INDEX_KEY), ['r2', 'r1']);
    assert.ok(!fs.existsSync(`${s.file('r1')}.tmp`));

    const fresh = new RunBook();
    await store(fresh).loadAll();
    assert.deepEqual(fresh.all().map((r) => r.info.runId).sort(), ['r1', 'r2']);
    assert.equal(fresh.get('r1')!.info.status, 'cancelled');
    assert.equal(fresh.get('r2')!.info.status, 'completed');
    assert.deepEqual(fresh.get('r2')!.results, book.get('r2')!.results);
  });

  it('keeps the newest MAX_SAVED_RUNS per workspace and deletes the files of older ones', () => {
    const book = new RunBook();
    const s = store(book);
    for (let i = 0; i <= MAX_SAVED_RUNS; i++) {
      book.add(info(`r${i}`));
      s.save(`r${i}`, true);
    }
    const ids = state.data.get(INDEX_KEY) as string[];
    assert.equal(ids.length, MAX_SAVED_RUNS);
    assert.equal(ids[0], `r${MAX_SAVED_RUNS}`);
    assert.ok(!ids.includes('r0'));
    assert.ok(!fs.existsSync(s.file('r0')));
    assert.ok(fs.existsSync(s.file('r1')));
  });

  it('load: the book first, then the file; a missing, unreadable or mismatched file gives undefined', async () => {
    const book = new RunBook();
    const s = store(book);
    const run = book.add(info('r1'));
    assert.equal(await s.load('r1'), run);
    assert.equal(await s.load('nope'), undefined);
    fs.mkdirSync(path.join(dir, 'runs'), { recursive: true });
    fs.writeFileSync(s.file('bad'), '{ not json');
    assert.equal(await s.load('bad'), undefined);
    fs.writeFileSync(s.file('other'), JSON.stringify({ ...book.persisted('r1'), version: 1 }));
    assert.equal(await s.load('other'), undefined, 'the file names another run');
    fs.writeFileSync(s.file('r9'), JSON.stringify({ ...book.persisted('r1'), info: { ...info('r9') }, version: 2 }));
    assert.equal(await s.load('r9'), undefined, 'unknown version');
  });

  it('delete removes the file and the index entry, not the book entry', () => {
    const book = new RunBook();
    const s = store(book);
    book.add(info('r1'));
    book.add(info('r2'));
    s.save('r1', true);
    s.save('r2', true);
    s.delete('r1');
    assert.deepEqual(state.data.get(INDEX_KEY), ['r2']);
    assert.ok(!fs.existsSync(s.file('r1')));
    assert.ok(book.get('r1'));
  });

  it('a write that fails is logged, not thrown', () => {
    const book = new RunBook();
    book.add(info('r1'));
    fs.writeFileSync(path.join(dir, 'runs'), 'a file where the folder should be');
    store(book).save('r1', true);
    assert.match(log.join('\n'), /\[r1\] could not save the run/);
    assert.equal(state.data.get(INDEX_KEY), undefined);
  });
});
