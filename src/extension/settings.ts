/**
 * The extension's settings (`noether.*`) and how they become a JobRequest.
 * No vscode import: the host passes a getter over its configuration, so this
 * mapping is unit-tested on its own (test/unit/extension/settings.test.ts).
 */
import { UsageError } from '../core/util/errors';
import type { BackendChoice } from '../core/backend/backend';
import type { ModelConfig, TrainConfig } from '../core/util/config';
import type { JobRequest } from '../core/discover/types';
import type { ColumnRoles } from '../core/data/types';

export type ExtensionPreset = 'fast' | 'paper';
export const PRESETS: ExtensionPreset[] = ['fast', 'paper'];
export const BACKENDS: BackendChoice[] = ['auto', 'wasm', 'cpu'];

/** Bounds of the numeric settings; package.json's contributes.configuration states the same (a test checks). */
export const BOUNDS = {
  K: { min: 1, max: 64 },
  symmetrySamples: { min: 1, max: 1024 },
  weightSamples: { min: 1, max: 64 },
  hiddenSize: { min: 1, max: 1024 },
  hiddenLayers: { min: 1, max: 4 },
  steps: { min: 1, max: 1_000_000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  rankTolerance: { min: 1e-12, max: 1 },
  threads: { min: 1, max: 8 },
} as const;

/** Settings as the user set them; null = the preset's value. */
export interface NoetherSettings {
  preset: ExtensionPreset;
  K: number | null;
  symmetrySamples: number | null;
  weightSamples: number | null;
  hiddenSizes: number[] | null;
  steps: number | null;
  seed: number;
  backend: BackendChoice;
  rankTolerance: number | null;
  /** wasm threads of the training worker (1: tfjs's default). */
  threads: number;
}

/** What the user chose for one file before training (remembered per file). */
export interface FileChoices {
  columns: ColumnRoles;
  /** Constant time step, for files without a time column. */
  dt?: number;
  preset?: ExtensionPreset;
}

/**
 * Read and check the settings. `get(key)` returns the configured value of
 * `noether.<key>` (undefined when unset). Out-of-range values are a UsageError
 * naming the setting, never a silently clamped run.
 */
export function readSettings(get: (key: string) => unknown): NoetherSettings {
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      throw new UsageError(`setting noether.${key} is ${JSON.stringify(v)}`, `use one of ${allowed.join(', ')}`);
    }
    return v as T;
  };
  const int = (key: string, b: { min: number; max: number }, v: unknown = get(key)): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < b.min || v > b.max) {
      throw new UsageError(`setting noether.${key} is ${JSON.stringify(v)}`,
        `use an integer from ${b.min} to ${b.max}, or clear it to use the preset's value`);
    }
    return v;
  };
  let hiddenSizes: number[] | null = null;
  const h = get('hiddenSizes');
  if (h !== undefined && h !== null && !(Array.isArray(h) && h.length === 0)) {
    if (!Array.isArray(h) || h.length < BOUNDS.hiddenLayers.min || h.length > BOUNDS.hiddenLayers.max) {
      throw new UsageError(`setting noether.hiddenSizes is ${JSON.stringify(h)}`,
        `use a list of ${BOUNDS.hiddenLayers.min} to ${BOUNDS.hiddenLayers.max} layer widths, e.g. [64, 64]`);
    }
    hiddenSizes = h.map((w) => int('hiddenSizes', BOUNDS.hiddenSize, w) as number);
  }
  const rt = get('rankTolerance');
  if (rt !== undefined && rt !== null &&
      (typeof rt !== 'number' || !(rt >= BOUNDS.rankTolerance.min && rt <= BOUNDS.rankTolerance.max))) {
    throw new UsageError(`setting noether.rankTolerance is ${JSON.stringify(rt)}`,
      `use a number from ${BOUNDS.rankTolerance.min} to ${BOUNDS.rankTolerance.max}, or clear it for the default rule`);
  }
  return {
    preset: choice('preset', PRESETS, 'fast'),
    K: int('K', BOUNDS.K),
    symmetrySamples: int('symmetrySamples', BOUNDS.symmetrySamples),
    weightSamples: int('weightSamples', BOUNDS.weightSamples),
    hiddenSizes,
    steps: int('steps', BOUNDS.steps),
    seed: int('seed', BOUNDS.seed) ?? 0,
    backend: choice('backend', BACKENDS, 'auto'),
    rankTolerance: (rt as number | null | undefined) ?? null,
    threads: int('threads', BOUNDS.threads) ?? 1,
  };
}

/**
 * The request the training worker runs. Only the knobs the user set are
 * passed as overrides, so the engine's preset (fast or paper) fills the rest.
 */
export function buildRequest(file: string, choices: FileChoices, s: NoetherSettings): JobRequest {
  const model: Partial<ModelConfig> = {};
  if (s.K !== null) model.K = s.K;
  if (s.symmetrySamples !== null) model.symmetrySamples = s.symmetrySamples;
  if (s.weightSamples !== null) model.weightSamples = s.weightSamples;
  if (s.hiddenSizes !== null) model.hidden = [...s.hiddenSizes];
  const train: Partial<TrainConfig> = { seed: s.seed };
  if (s.steps !== null) train.steps = s.steps;

  const { q, p, time, trajectory } = choices.columns;
  const load: JobRequest['load'] = { q: [...q], p: [...p] };
  if (time) load.time = time;
  if (trajectory) load.trajectory = trajectory;
  if (choices.dt !== undefined) load.dt = choices.dt;

  const req: JobRequest = {
    file,
    load,
    preset: choices.preset ?? s.preset,
    model,
    train,
    backend: s.backend,
  };
  if (s.rankTolerance !== null) req.rankTolerance = s.rankTolerance;
  if (s.threads > 1) req.threads = s.threads;
  return req;
}
