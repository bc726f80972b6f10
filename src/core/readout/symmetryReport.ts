/**
 * Bridges training and the float64 readout: resolves the --truth option and
 * collects the readout's warnings into the run's warnings.
 */
import * as fs from 'fs';
import type { ConservationAnalysis } from '../conservation';
import { InputError, UsageError } from '../util/errors';
import type { Dataset } from '../data/types';
import { readout } from '.';
import type { SymmetryReport } from '../results/types';
import { oracleQuantities } from '../symmetry/oracles';

export interface SymmetryReportInput {
  /** The data's conservation analysis (computed once by the pipeline). */
  analysis?: ConservationAnalysis;
  /** Learned quantities in model coordinates (x_model = x_user / scale). */
  learned: { W: number[][]; b: number[] }[];
  scale: number;
  data: Dataset;
  truth?: string;
  rankTolerance?: number;
  /** The learned H's quadratic part (model coordinates), named when a quantity matches it. */
  hamiltonianQuadratic?: { A: number[][]; b: number[] };
  /** Readout warnings are appended here. */
  warnings: string[];
}

export function buildSymmetryReport(input: SymmetryReportInput): SymmetryReport {
  const truth = input.truth ? resolveTruth(input.truth, input.data.dim) : undefined;
  const report = readout({
    learned: input.learned,
    scale: input.scale,
    columns: input.data.columns,
    trajectories: input.data.trajectories,
    truth,
    analysis: input.analysis,
    rankTolerance: input.rankTolerance,
    extraKnown: input.hamiltonianQuadratic ? [{ name: "the Hamiltonian's quadratic part (energy)", ...input.hamiltonianQuadratic }] : undefined,
  });
  input.warnings.push(...(report.warnings ?? []));
  return report;
}

/** 'oracle:<name>' or a JSON file of [{A, b}] quantities (user units). */
export function resolveTruth(spec: string, dim: number): { A: number[][]; b: number[] }[] {
  const m = /^oracle:(\w+)$/.exec(spec);
  if (m) return oracleQuantities(m[1].toLowerCase(), dim).map(({ A, b }) => ({ A, b }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(spec, 'utf8'));
  } catch (e) {
    throw new UsageError(`--truth ${spec}: not 'oracle:<name>' and not a readable JSON file (${(e as Error).message})`, 'Use oracle:so2, oracle:u<n>, oracle:se2, or a JSON array of {"A": [[...]], "b": [...]}');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { quantities?: unknown }).quantities;
  if (!Array.isArray(list) || list.length === 0) throw new InputError('expected a non-empty JSON array of {"A", "b"} quantities', { file: spec });
  return list.map((q, i) => {
    const { A, b } = q as { A?: unknown; b?: unknown };
    const okA = Array.isArray(A) && A.length === dim && A.every((r) => Array.isArray(r) && r.length === dim && r.every(Number.isFinite));
    const okB = b === undefined || (Array.isArray(b) && b.length === dim && b.every(Number.isFinite));
    if (!okA || !okB) throw new InputError(`quantity ${i + 1}: "A" must be a ${dim}x${dim} array of numbers and "b" (optional) ${dim} numbers`, { file: spec });
    return { A: A as number[][], b: (b as number[] | undefined) ?? new Array(dim).fill(0) };
  });
}
