/**
 * Records the webview tests' fixtures (test/fixtures/recorded-run*.json) from
 * real runs of the engine: the HostToWebview messages the extension host sends
 * a results panel that is open from the start of a run to its end.
 *
 * The host side is reproduced with the host's own vscode-free parts: columns
 * from decideColumns (as for a right-clicked CSV), the request from
 * buildRequest (plus a test file, a truth and the vanilla baseline, which the
 * recording asks for and the extension's settings do not offer), the RunInfo
 * as RunManager.start builds it, a RunBook fed with runJob's events (as
 * the worker forwards them), and messages derived from the book's changes the
 * way PanelManager derives them: 'state' when the panel says 'ready', then
 * 'event' per event, 'results', and the final 'status'.
 *
 * The only departure from what the host sends: progress events and generator
 * snapshots are thinned evenly (first and last kept) until a fixture is under
 * MAX_BYTES, so the repository does not carry megabytes of curves.
 *
 *   npx tsx test/webview/record-runs.ts               # both runs, one after the other
 *   npx tsx test/webview/record-runs.ts oscillators2  # or harmonic: just one
 */
import * as fs from 'fs';
import * as path from 'path';
import { runJob, type JobRequest } from '../../src/core/discover/job';
import type { ResultsV1 } from '../../src/core/results/types';
import type { TrainEvent } from '../../src/core/train/events';
import { decideColumns, readHeader } from '../../src/extension/columnDetection';
import type { HostToWebview, RunInfo } from '../../src/shared/protocol';
import { RunBook } from '../../src/extension/runRecords';
import { buildRequest, readSettings, type NoetherSettings } from '../../src/extension/settings';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');
const MAX_BYTES = 1_000_000;

interface Recording {
  /** Fixture file name under test/fixtures. */
  fixture: string;
  train: string;
  test: string;
  truth: string;
  /** Settings as a user would set them (null = the preset's value). */
  settings: Partial<NoetherSettings>;
}

const RECORDINGS: Record<string, Recording> = {
  // Two independent oscillators (M = 4): K 7 = n² + 3 leaves room beyond U(2).
  // The default 2000 steps: with 1200 the learned span had not settled (rank 7,
  // parallelness down to 0.49); with 2000 it is rank 4, parallelness ≥ 0.999.
  oscillators2: {
    fixture: 'recorded-run.json',
    train: 'examples/oscillators2-train.csv',
    test: 'examples/oscillators2-test.csv',
    truth: 'oracle:u2',
    settings: { K: 7, steps: 2000 },
  },
  // The paper's Table 1 oscillator (M = 2): the panel draws the learned H's contours.
  harmonic: {
    fixture: 'recorded-run-oscillator.json',
    train: 'examples/harmonic-train.csv',
    test: 'examples/harmonic-test.csv',
    truth: 'oracle:so2',
    settings: { K: 4 },
  },
};

/** What the extension would send an open panel during and after the run. */
async function record(rec: Recording): Promise<{ messages: HostToWebview[]; results: ResultsV1; wallSec: number }> {
  const file = path.join(ROOT, rec.train);
  const decision = decideColumns(file, readHeader(file));
  if (decision.kind !== 'ready') throw new Error(`${rec.train}: columns not detected (${decision.reason})`);
  const settings: NoetherSettings = { ...readSettings(() => undefined), ...rec.settings };
  const request: JobRequest = {
    ...buildRequest(file, decision.choices, settings),
    testFile: path.join(ROOT, rec.test),
    truth: rec.truth,
    baseline: true,
  };
  const c = decision.choices.columns;

  // RunManager.start
  const book = new RunBook();
  const info: RunInfo = {
    runId: book.newRunId(), file, fileName: path.basename(file),
    columns: { q: c.q, p: c.p, time: c.time ?? null, trajectory: c.trajectory ?? null },
    preset: request.preset, seed: request.train?.seed ?? 0, backend: null, status: 'running',
  };
  const run = book.add(info);
  const runId = info.runId;

  // PanelManager: what the book's changes become. Messages are cloned as posting them would.
  const messages: HostToWebview[] = [];
  const post = (m: HostToWebview) => messages.push(JSON.parse(JSON.stringify(m)) as HostToWebview);
  book.onChange((ch) => {
    const r = book.get(ch.runId);
    if (!r) return;
    if (ch.kind === 'event' && ch.event) post({ type: 'event', event: ch.event });
    else if (ch.kind === 'status') post({ type: 'status', run: r.info });
    else if (ch.kind === 'results' && r.results) post({ type: 'results', results: r.results });
  });
  // The panel is shown as the run starts; its 'ready' gets the state so far.
  post({ type: 'state', run: run.info, events: run.events, results: run.results });

  const t0 = Date.now();
  const results = await runJob(request, {
    onEvent: (e: TrainEvent) => {
      book.addEvent(runId, e);
      if (e.type === 'progress' && (e.step % 200 === 0 || e.step === e.totalSteps)) {
        process.stdout.write(`  ${e.model} step ${e.step}/${e.totalSteps}  -ELBO ${e.negElbo.toPrecision(4)}  ${e.elapsedSec.toFixed(0)} s\n`);
      } else if (e.type === 'log') process.stdout.write(`  [${e.level}] ${e.message}\n`);
    },
  });
  const wallSec = (Date.now() - t0) / 1000;
  book.setResults(runId, results);
  return { messages, results, wallSec };
}

/**
 * Keep every k-th progress event per model and every k-th generator snapshot
 * (always the first and last of each), with the smallest k that fits maxBytes.
 */
function thin(messages: HostToWebview[], maxBytes: number): { messages: HostToWebview[]; every: number } {
  for (let every = 1; ; every++) {
    const seen = new Map<string, number>();
    const total = new Map<string, number>();
    const key = (e: TrainEvent) => (e.type === 'progress' || e.type === 'generators' ? `${e.type}:${e.model}` : null);
    for (const m of messages) if (m.type === 'event') { const k = key(m.event); if (k) total.set(k, (total.get(k) ?? 0) + 1); }
    const kept = messages.filter((m) => {
      if (m.type !== 'event') return true;
      const k = key(m.event);
      if (!k) return true;
      const i = seen.get(k) ?? 0;
      seen.set(k, i + 1);
      return i % every === 0 || i === total.get(k)! - 1;
    });
    if (Buffer.byteLength(JSON.stringify(kept)) < maxBytes || every > 1000) return { messages: kept, every };
  }
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : Object.keys(RECORDINGS)) {
    const rec = RECORDINGS[name];
    if (!rec) throw new Error(`unknown recording '${name}' (one of ${Object.keys(RECORDINGS).join(', ')})`);
    console.log(`recording ${name}: ${rec.train}, test ${rec.test}, truth ${rec.truth}, ${JSON.stringify(rec.settings)}`);
    const { messages, results, wallSec } = await record(rec);
    const { messages: kept, every } = thin(messages, MAX_BYTES);
    const text = JSON.stringify(kept) + '\n';
    fs.writeFileSync(path.join(FIXTURES, rec.fixture), text);
    const s = results.symmetry;
    console.log(`  wall ${wallSec.toFixed(1)} s on ${results.backend}; ${results.training.stopReason}; rank ${s?.rank}; ` +
      `singular values ${s?.singularValues.map((v) => v.toPrecision(3)).join(', ')}; ` +
      `parallelness ${s?.parallelness?.map((v) => v.toFixed(4)).join(', ')}`);
    console.log(`  quantities: ${s?.conservedQuantities.map((q) => `${q.unicode}${q.name ? ` (${q.name})` : ''}`).join('; ')}`);
    console.log(`  test MSE ${results.metrics.test?.mse.toPrecision(3)} (vanilla ${results.baselines?.[0]?.metrics.test?.mse.toPrecision(3)}); ` +
      `ELBO difference ${results.evidence?.difference.toPrecision(4)}; warnings: ${results.warnings.length ? results.warnings.join(' | ') : 'none'}`);
    console.log(`  wrote test/fixtures/${rec.fixture}: ${kept.length} of ${messages.length} messages (every ${every} progress/snapshot), ${(text.length / 1e6).toFixed(2)} MB`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
