/**
 * The one message protocol shared by the extension host, the training worker
 * and the webview. Types only: the type-only imports from core keep the
 * webview bundle free of engine code.
 */
import type { ResultsV1 } from '../core/results/types';
import type { TrainEvent } from '../core/train/events';
import type { JobRequest } from '../core/discover/types';

// ---- extension host -> training worker ----
export type HostToWorker =
  /** `request.wasmDir` is the folder of the tfjs wasm binaries (the extension's dist/). */
  | { type: 'start'; runId: string; request: JobRequest }
  | { type: 'cancel'; runId: string };

/** Where a bad input is (1-based line and column; column = field index), for "Go to line". */
export interface InputLocation {
  file?: string;
  line?: number;
  column?: number;
}

// ---- training worker -> extension host ----
export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'event'; runId: string; event: TrainEvent }
  | { type: 'result'; runId: string; results: ResultsV1 }
  /**
   * userError: a bad file or setting (show its one-line message, with its
   * location), else a crash. `trajectoryColumn`: the loader found a column
   * that looks like the trajectory id (time restarts where it changes).
   */
  | { type: 'error'; runId: string; message: string; userError: boolean; location?: InputLocation; trajectoryColumn?: string };

/** What the panel shows about a run before results exist. */
export interface RunInfo {
  runId: string;
  file: string;
  fileName: string;
  columns: { q: string[]; p: string[]; time: string | null; trajectory: string | null };
  preset: string;
  seed: number;
  backend: string | null;
  status: 'running' | 'completed' | 'cancelled' | 'diverged' | 'failed';
  statusMessage?: string;
}

// ---- extension host -> webview ----
export type HostToWebview =
  /** Full state: sent on (re)load so a restored panel shows everything again. */
  | { type: 'state'; run: RunInfo; events: TrainEvent[]; results: ResultsV1 | null }
  | { type: 'event'; event: TrainEvent }
  | { type: 'status'; run: RunInfo }
  | { type: 'results'; results: ResultsV1 }
  /** Scroll to and highlight conserved quantity i (tree view selection). */
  | { type: 'reveal'; quantity: number };

// ---- webview -> extension host ----
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'exportJson' }
  | { type: 'exportMarkdown' }
  | { type: 'copyLatex'; latex: string }
  | { type: 'error'; message: string };

/** Persisted by the webview (vscode.setState) so the serializer can restore the panel. */
export interface WebviewPersistedState {
  runId: string;
  file: string;
}

