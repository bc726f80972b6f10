/**
 * The results fields the panel reads, for schema v1 and v2 files alike. v2
 * adds per quantity `conservation` and `symmetryTest`, `symmetry.identifiability`
 * and the top-level `noise` estimate; every one of them is optional here, so a
 * v1 file (only `conserved: boolean`) reads the same way and the verdicts come
 * from src/shared/verdicts.ts (verdictsOf maps v1 flags).
 */
import type { ConservedQuantity, ResultsV1 } from '../src/core/results/types';
import type { ConservationVerdict, SymmetryVerdict } from '../src/shared/verdicts';

export interface ConservationTest {
  verdict: ConservationVerdict;
  reason?: string;
  chi2PerDof?: number;
  pValue?: number;
  relativeDrift?: number;
  driftRate?: { perTime: number; relativePerTime: number };
}

export interface SymmetryTest {
  verdict: SymmetryVerdict;
  reason?: string;
  evidence?: number;
  uncertainty?: number;
}

export type PanelQuantity = ConservedQuantity & { conservation?: ConservationTest; symmetryTest?: SymmetryTest };

export interface Identifiability { identifiable: boolean; reason?: string }

export interface NoiseEstimate { perCoordinate: number[]; [key: string]: unknown }

/** The v2 extras of a results file (absent in v1). */
export function quantitiesOf(r: ResultsV1 | null): PanelQuantity[] {
  return (r?.symmetry?.conservedQuantities ?? []) as PanelQuantity[];
}

export function identifiabilityOf(r: ResultsV1 | null): Identifiability | undefined {
  const id = (r?.symmetry as { identifiability?: Identifiability } | undefined)?.identifiability;
  return id && typeof id.identifiable === 'boolean' ? id : undefined;
}

export function noiseOf(r: ResultsV1 | null): NoiseEstimate | undefined {
  const n = (r as { noise?: NoiseEstimate } | null)?.noise;
  return n && Array.isArray(n.perCoordinate) && n.perCoordinate.every((v) => typeof v === 'number') ? n : undefined;
}
