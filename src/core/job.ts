/**
 * The job that the CLI (`noether discover` / `train`) and the extension's
 * training worker both run: load data, train, read out, build the results.
 */
import type { BackendChoice } from './backend';
import type { ModelConfig, PresetName, TrainConfig } from './config';
import type { LoadOptions } from './data/types';
import type { ResultsV1 } from './results/types';
import type { RunOptions } from './train/events';

export interface DiscoverRequest {
  /** Path of the training CSV. */
  file: string;
  load: LoadOptions;
  /** Optional test CSV (same column options). */
  testFile?: string;
  preset: PresetName;
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig>;
  /** Also train the vanilla model and report the ELBO difference. */
  baseline?: boolean;
  /** Known truth for parallelness: 'oracle:so2' | 'oracle:u<n>' | 'oracle:se2' | path to JSON. */
  truth?: string;
  backend?: BackendChoice;
  /** Relative singular-value threshold override for the rank rule. */
  rankTolerance?: number;
  /** Folder holding the tfjs-backend-wasm *.wasm files (the extension passes its dist/). */
  wasmDir?: string;
}

export async function runDiscover(_req: DiscoverRequest, _opts: RunOptions = {}): Promise<ResultsV1> {
  throw new Error('runDiscover: being implemented (Engine I/II)');
}
