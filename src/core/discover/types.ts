/**
 * What a job is asked to do: the request of `noether discover`, `noether
 * train` and the extension's worker. Types only, so the extension and the
 * webview can name it without loading TensorFlow.js.
 */
import type { BackendChoice } from '../util/choices';
import type { LoadOptions } from '../data/types';
import type { ModelConfig, PresetName, TrainConfig } from '../util/config';

export interface JobRequest {
  /** Path of the training CSV. */
  file: string;
  load: LoadOptions;
  /** Optional test CSV (same column options). */
  testFile?: string;
  preset: PresetName;
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig>;
  /** Also train the vanilla model and report the ELBO difference (a learned run trains it anyway for the razor). */
  baseline?: boolean;
  /** A learned run: compare the model symmetrised over the conserved quantities with vanilla for the symmetry verdicts (default true). */
  razor?: boolean;
  /** Known truth for parallelness: 'oracle:so2' | 'oracle:u<n>' | 'oracle:se2' | path to JSON. */
  truth?: string;
  backend?: BackendChoice;
  /** wasm backend: threads to compute with (backend/wasmThreads.ts); default 1. */
  threads?: number;
  /** Directory of the tfjs wasm binaries (the extension passes its dist/ folder). */
  wasmDir?: string;
  /** Relative singular-value threshold override for the rank rule. */
  rankTolerance?: number;
}
