/**
 * Every set of allowed values, declared once: the types, the results
 * validators, the CLI's option parsing and the extension's settings all read
 * these lists. No dependencies, so any module (and the webview) can import it.
 */
export const PRESETS = ['fast', 'paper'] as const;
export type PresetName = (typeof PRESETS)[number];

export const STOP_REASONS = ['completed', 'cancelled', 'diverged'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const MODEL_KINDS = ['vanilla', 'learned', 'oracle'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const INTEGRATORS = ['euler', 'midpoint', 'rk4'] as const;
export type Integrator = (typeof INTEGRATORS)[number];

export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Whether `v` is one of `list` (narrows the type). */
export function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}
