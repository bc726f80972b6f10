/**
 * The library's public API (package.json "exports": "./dist/index.js").
 * Run a whole job as the CLI does, or use the stages and the readout.
 */
export { runJob } from './discover/job';
export type { JobRequest } from './discover/types';
export { runPipeline, readOut, searchStart, type PipelineInput, type PipelineOutput } from './discover/pipeline';
export { trainAndEvaluate, type TrainedModel } from './discover/train';
export { initBackend, BACKEND_CHOICES } from './backend/backend';
export { loadDataset } from './data/load';
export type { Dataset, LoadOptions } from './data/types';
export { simulate, simulateDataset, type SimulateSpec } from './sim/simulate';
export { readResults, validateResults, writeResults } from './results/validate';
export type { ResultsV1, SymmetryReport, ConservedQuantity } from './results/types';
export { oracleQuantities } from './symmetry/oracles';
export * from './quantity';
export { resolveConfig, parseModelSpec, type ModelConfig, type RunConfig, type TrainConfig } from './util/config';
export { INTEGRATORS, MODEL_KINDS, PRESETS, STOP_REASONS, type PresetName } from './util/choices';
export { InputError, UsageError } from './util/errors';
export type { RunOptions, TrainEvent } from './train/events';
