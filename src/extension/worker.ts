/**
 * The training worker (dist/worker.js): runs the engine's runJob off the
 * extension host's thread and reports through the shared protocol. One worker
 * per run; the host terminates it when the run is over.
 */
import { parentPort } from 'worker_threads';
import { TrajectoryColumnError } from '../core/data/load';
import { loadProgress } from '../core/data/loadProgress';
import type { TrainEvent } from '../core/train/events';
import { isInputError } from '../core/util/errors';
import { runJob } from '../core/discover/job';
import type { HostToWorker, WorkerToHost } from '../shared/protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const controllers = new Map<string, AbortController>();
const post = (m: WorkerToHost) => port.postMessage(m);

port.on('message', (m: HostToWorker) => {
  switch (m.type) {
    case 'cancel': controllers.get(m.runId)?.abort(); return;
    case 'start': void start(m.runId, m); return;
    default: {
      const unknown: never = m;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
});

async function start(runId: string, m: Extract<HostToWorker, { type: 'start' }>): Promise<void> {
  const controller = new AbortController();
  controllers.set(runId, controller);
  try {
    const onEvent = (event: TrainEvent) => post({ type: 'event', runId, event });
    // Loading is synchronous here, in the worker: the host stays responsive, and hears how far it is.
    const onProgress = loadProgress((message) => onEvent({ type: 'log', level: 'info', message }));
    const results = await runJob(
      { ...m.request, load: { ...m.request.load, onProgress } },
      { signal: controller.signal, onEvent },
    );
    post({ type: 'result', runId, results });
  } catch (e) {
    // A bad file or setting is the user's to fix: its one-line message. Anything else is a bug.
    if (isInputError(e)) {
      const trajectoryColumn = e instanceof TrajectoryColumnError ? e.trajectoryColumn : undefined;
      post({ type: 'error', runId, message: e.format(), userError: true, location: { ...e.location }, trajectoryColumn });
    } else {
      post({ type: 'error', runId, message: `${(e as Error)?.stack ?? String(e)}`, userError: false });
    }
  } finally {
    controllers.delete(runId);
  }
}

post({ type: 'ready' });
