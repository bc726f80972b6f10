/**
 * The results file (docs/results-schema.md), schema version 2, checked on
 * write and on read; version 1 files (no verdict fields) are still read. Every violation is collected with its JSON path
 * (e.g. `symmetry.conservedQuantities[0].A[1][2]`), so one error lists them all.
 */
import * as fs from 'node:fs';
import { PathChecker, describe } from '../util/checker';
import { CONSERVATION_VERDICTS, SYMMETRY_VERDICTS } from '../../shared/verdicts';
import { MODEL_KINDS, PRESETS, STOP_REASONS } from '../util/choices';

const JOB_STAGES = ['analysis', 'search', 'training', 'baseline', 'refit', 'razor'] as const;
import { InputError } from '../util/errors';
import type { Results } from './types';

export class ResultsSchemaError extends Error {
  constructor(readonly violations: string[]) {
    super(`results do not match the results schema (${violations.length} problem${violations.length === 1 ? '' : 's'}): ${violations.join('; ')}`);
    this.name = 'ResultsSchemaError';
  }
}


/**
 * Check `x` against the schema (version 2, or 1 for older files) and return it typed. Throws a
 * ResultsSchemaError listing every violation; with `file`, an InputError
 * naming the file instead (a results file the user handed us).
 */
export function validateResults(x: unknown, file?: string): Results {
  const v = new Checker();
  v.results(x);
  if (v.problems.length > 0) {
    if (file !== undefined) {
      throw new InputError(
        `not a valid noether-razor results file: ${v.problems.slice(0, 10).join('; ')}${v.problems.length > 10 ? `; and ${v.problems.length - 10} more` : ''}`,
        { file },
        'regenerate it with `noether discover`',
      );
    }
    throw new ResultsSchemaError(v.problems);
  }
  return x as Results;
}

/** Validate, then write pretty-printed JSON (2-space indent, trailing newline). */
export function writeResults(path: string, r: Results): void {
  validateResults(r);
  fs.writeFileSync(path, JSON.stringify(r, null, 2) + '\n');
}

/** Read, parse and validate a results file; InputError naming the file when it is not one. */
export function readResults(path: string): Results {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read results file: ${(e as Error).message}`, { file: path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const loc: { file: string; line?: number; column?: number } = { file: path };
    if (m) {
      const before = text.slice(0, Number(m[1]));
      loc.line = before.split('\n').length;
      loc.column = before.length - before.lastIndexOf('\n');
    }
    throw new InputError(`results file is not valid JSON: ${(e as Error).message}`, loc, 'regenerate it with `noether discover`');
  }
  return validateResults(parsed, path);
}

class Checker extends PathChecker {
  private metrics(x: unknown, path: string): void {
    if (!this.obj(x, path)) return;
    for (const k of ['negElbo', 'nll', 'kl', 'mse']) this.num(x[k], `${path}.${k}`);
  }

  results(x: unknown): void {
    if (!this.obj(x, '')) return;
    if (x.schemaVersion !== 1 && x.schemaVersion !== 2) this.fail('schemaVersion', `expected 2 (or 1 for older files), got ${describe(x.schemaVersion)}`);
    if (this.obj(x.tool, 'tool')) {
      if (x.tool.name !== 'noether-razor') this.fail('tool.name', `expected "noether-razor", got ${describe(x.tool.name)}`);
      this.str(x.tool.version, 'tool.version', true);
    }
    if (this.str(x.createdAt, 'createdAt') && Number.isNaN(Date.parse(x.createdAt as string))) this.fail('createdAt', 'expected an ISO 8601 date-time');
    this.str(x.command, 'command', true);
    const M = this.input(x.input);
    this.config(x.config);
    this.str(x.backend, 'backend', true);
    if (x.threads !== undefined) this.num(x.threads, 'threads', { int: true, min: 2 });
    this.training(x.training);
    if (this.obj(x.metrics, 'metrics')) {
      this.metrics(x.metrics.train, 'metrics.train');
      if (x.metrics.test !== undefined) this.metrics(x.metrics.test, 'metrics.test');
    }
    this.strings(x.warnings, 'warnings');
    if (x.symmetry !== undefined) this.symmetry(x.symmetry, 'symmetry', M);
    if (x.noise !== undefined) this.noise(x.noise, M);
    if (x.razor !== undefined) this.razor(x.razor);
    if (x.baselines !== undefined && this.arr(x.baselines, 'baselines')) {
      x.baselines.forEach((b, i) => {
        const p = `baselines[${i}]`;
        if (!this.obj(b, p)) return;
        this.str(b.model, `${p}.model`, true);
        if (this.obj(b.metrics, `${p}.metrics`)) {
          this.metrics(b.metrics.train, `${p}.metrics.train`);
          if (b.metrics.test !== undefined) this.metrics(b.metrics.test, `${p}.metrics.test`);
        }
        this.num(b.seconds, `${p}.seconds`, { min: 0 });
        this.oneOf(b.stopReason, STOP_REASONS, `${p}.stopReason`);
        if (b.steps !== undefined) this.num(b.steps, `${p}.steps`, { int: true, min: 0 });
      });
    }
  }

  /** Returns M (phase-space dimension) when the columns are readable. */
  private input(x: unknown): number | undefined {
    if (!this.obj(x, 'input')) return undefined;
    this.str(x.file, 'input.file', true);
    this.sha(x.sha256, 'input.sha256');
    let M: number | undefined;
    if (this.obj(x.columns, 'input.columns')) {
      const c = x.columns;
      this.strings(c.q, 'input.columns.q');
      this.strings(c.p, 'input.columns.p');
      if (Array.isArray(c.q) && Array.isArray(c.p)) {
        if (c.q.length === 0) this.fail('input.columns.q', 'needs at least one position column');
        if (c.q.length !== c.p.length) this.fail('input.columns', `${c.q.length} q columns but ${c.p.length} p columns: they must pair up`);
        else M = c.q.length + c.p.length;
      }
      this.strOrNull(c.time, 'input.columns.time');
      this.strOrNull(c.trajectory, 'input.columns.trajectory');
    }
    this.num(x.trajectories, 'input.trajectories', { int: true, min: 0 });
    this.num(x.transitions, 'input.transitions', { int: true, min: 0 });
    if (x.test !== undefined && this.obj(x.test, 'input.test')) {
      this.str(x.test.file, 'input.test.file', true);
      this.sha(x.test.sha256, 'input.test.sha256');
      this.num(x.test.trajectories, 'input.test.trajectories', { int: true, min: 0 });
      this.num(x.test.transitions, 'input.test.transitions', { int: true, min: 0 });
    }
    return M;
  }

  private sha(x: unknown, path: string): void {
    if (this.str(x, path) && x !== '' && !/^[0-9a-f]{64}$/.test(x as string)) this.fail(path, 'expected 64 lowercase hex digits (or "" for in-memory data)');
  }

  private config(x: unknown): void {
    if (!this.obj(x, 'config')) return;
    this.oneOf(x.preset, PRESETS, 'config.preset');
    this.num(x.seed, 'config.seed', { int: true });
    this.num(x.dataScale, 'config.dataScale', { min: Number.MIN_VALUE });
    this.str(x.evaluation, 'config.evaluation', true);
    if (this.obj(x.model, 'config.model')) {
      const m = x.model;
      this.oneOf(m.kind, MODEL_KINDS, 'config.model.kind');
      this.num(m.K, 'config.model.K', { int: true, min: 0 });
      if (this.arr(m.hidden, 'config.model.hidden')) m.hidden.forEach((h, i) => this.num(h, `config.model.hidden[${i}]`, { int: true, min: 1 }));
      if (m.kind === 'oracle') this.str(m.oracle, 'config.model.oracle', true);
    }
    if (this.obj(x.train, 'config.train')) {
      this.num(x.train.steps, 'config.train.steps', { int: true, min: 0 });
      this.num(x.train.seed, 'config.train.seed', { int: true });
    }
  }

  private training(x: unknown): void {
    if (!this.obj(x, 'training')) return;
    this.num(x.steps, 'training.steps', { int: true, min: 0 });
    this.num(x.seconds, 'training.seconds', { min: 0 });
    this.oneOf(x.stopReason, STOP_REASONS, 'training.stopReason');
    if (x.stopMessage !== undefined) this.str(x.stopMessage, 'training.stopMessage');
    if (x.hyperparameters !== undefined && this.obj(x.hyperparameters, 'training.hyperparameters')) {
      const h = x.hyperparameters;
      this.num(h.sigma2, 'training.hyperparameters.sigma2', { min: 0 });
      if (this.arr(h.priorPrecisions, 'training.hyperparameters.priorPrecisions')) {
        h.priorPrecisions.forEach((v, i) => this.num(v, `training.hyperparameters.priorPrecisions[${i}]`, { min: 0 }));
      }
    }
    if (this.arr(x.history, 'training.history')) {
      x.history.forEach((h, i) => {
        const p = `training.history[${i}]`;
        if (!this.obj(h, p)) return;
        this.num(h.step, `${p}.step`, { int: true, min: 0 });
        this.metrics(h, p);
      });
    }
    if (x.refit !== undefined) this.refit(x.refit);
    if (x.seeds !== undefined) this.seeds(x.seeds);
    if (x.stages !== undefined && this.arr(x.stages, 'training.stages')) {
      x.stages.forEach((st, i) => {
        const p = `training.stages[${i}]`;
        if (!this.obj(st, p)) return;
        this.oneOf(st.stage, JOB_STAGES, `${p}.stage`);
        this.num(st.steps, `${p}.steps`, { int: true, min: 0 });
        this.num(st.seconds, `${p}.seconds`, { min: 0 });
      });
    }
  }

  private noise(x: unknown, M: number | undefined): void {
    if (!this.obj(x, 'noise')) return;
    this.numbers(x.perCoordinate, 'noise.perCoordinate', M, { min: 0 });
    this.numbers(x.dof, 'noise.dof', M, { min: 0 });
    this.numbers(x.order, 'noise.order', M, { min: 0 });
    if (this.arr(x.upperBound, 'noise.upperBound')) x.upperBound.forEach((v, i) => this.bool(v, `noise.upperBound[${i}]`));
    this.str(x.method, 'noise.method', true);
  }

  private razor(x: unknown): void {
    if (!this.obj(x, 'razor')) return;
    this.oneOf(x.verdict, SYMMETRY_VERDICTS, 'razor.verdict');
    this.str(x.reason, 'razor.reason', true);
    if (this.arr(x.quantities, 'razor.quantities')) x.quantities.forEach((q, i) => this.str(q, `razor.quantities[${i}]`, true));
    this.num(x.difference, 'razor.difference');
    this.num(x.uncertainty, 'razor.uncertainty', { min: 0 });
    for (const k of ['withSymmetry', 'without']) {
      const b = x[k];
      if (!this.obj(b, `razor.${k}`)) continue;
      this.num(b.negElbo, `razor.${k}.negElbo`);
      this.num(b.kl, `razor.${k}.kl`);
      this.num(b.sigma2, `razor.${k}.sigma2`, { min: 0 });
    }
    this.num(x.seconds, 'razor.seconds', { min: 0 });
  }

  private conservation(x: unknown, p: string): void {
    if (!this.obj(x, p)) return;
    this.oneOf(x.verdict, CONSERVATION_VERDICTS, `${p}.verdict`);
    this.str(x.reason, `${p}.reason`, true);
    // NaN statistics (no degrees of freedom left) are written as null by JSON.
    for (const k of ['chi2PerDof', 'pValue', 'relativeDrift']) if (x[k] !== null) this.num(x[k], `${p}.${k}`, { min: 0 });
    this.num(x.dof, `${p}.dof`, { min: 0 });
  }

  private seeds(x: unknown): void {
    const p = 'training.seeds';
    if (!this.obj(x, p)) return;
    this.num(x.count, `${p}.count`, { int: true, min: 0 });
    this.numbers(x.drifts, `${p}.drifts`, undefined, { min: 0 });
    this.num(x.lrGenerators, `${p}.lrGenerators`, { min: 0 });
    this.num(x.seconds, `${p}.seconds`, { min: 0 });
  }

  private refit(x: unknown): void {
    const p = 'training.refit';
    if (!this.obj(x, p)) return;
    this.num(x.steps, `${p}.steps`, { int: true, min: 0 });
    this.num(x.symmetrySamples, `${p}.symmetrySamples`, { int: true, min: 0 });
    this.num(x.seconds, `${p}.seconds`, { min: 0 });
    this.oneOf(x.stopReason, STOP_REASONS, `${p}.stopReason`);
    if (this.arr(x.quantities, `${p}.quantities`)) x.quantities.forEach((q, i) => this.str(q, `${p}.quantities[${i}]`, true));
    this.bool(x.accepted, `${p}.accepted`);
    this.str(x.reason, `${p}.reason`, true);
    if (this.obj(x.firstStage, `${p}.firstStage`)) {
      this.metrics(x.firstStage.train, `${p}.firstStage.train`);
      if (x.firstStage.test !== undefined) this.metrics(x.firstStage.test, `${p}.firstStage.test`);
    }
    if (x.alternatives !== undefined && this.arr(x.alternatives, `${p}.alternatives`)) {
      x.alternatives.forEach((a, i) => {
        const ap = `${p}.alternatives[${i}]`;
        if (!this.obj(a, ap)) return;
        if (this.arr(a.quantities, `${ap}.quantities`)) a.quantities.forEach((q, k) => this.str(q, `${ap}.quantities[${k}]`, true));
        this.num(a.negElbo, `${ap}.negElbo`);
        this.num(a.seconds, `${ap}.seconds`, { min: 0 });
      });
    }
    if (this.arr(x.history, `${p}.history`)) {
      x.history.forEach((h, i) => {
        if (!this.obj(h, `${p}.history[${i}]`)) return;
        this.num(h.step, `${p}.history[${i}].step`, { int: true, min: 0 });
        this.metrics(h, `${p}.history[${i}]`);
      });
    }
  }

  private symmetry(x: unknown, path: string, M: number | undefined): void {
    if (!this.obj(x, path)) return;
    const okSv = this.numbers(x.singularValues, `${path}.singularValues`, undefined, { min: 0 });
    if (okSv) {
      const s = x.singularValues as number[];
      for (let i = 1; i < s.length; i++) if (s[i] > s[i - 1]) this.fail(`${path}.singularValues`, 'must be in descending order');
    }
    const rankOk = this.num(x.rank, `${path}.rank`, { int: true, min: 0 });
    if (rankOk && okSv && (x.rank as number) > (x.singularValues as number[]).length) {
      this.fail(`${path}.rank`, `rank ${x.rank} exceeds the number of singular values (${(x.singularValues as number[]).length})`);
    }
    if (this.arr(x.conservedQuantities, `${path}.conservedQuantities`)) {
      // One per independent learned quantity, then (schema 2) those the data conserve outside the learned span (origin 'data').
      const fromData = x.conservedQuantities.filter((q) => (q as { origin?: unknown } | null)?.origin === 'data').length;
      if (rankOk && x.conservedQuantities.length - fromData !== x.rank) {
        this.fail(`${path}.conservedQuantities`, `has ${x.conservedQuantities.length - fromData} learned entries but rank is ${x.rank}: there must be exactly one per independent quantity`);
      }
      x.conservedQuantities.forEach((q, i) => this.quantity(q, `${path}.conservedQuantities[${i}]`, M));
    }
    if (this.arr(x.learned, `${path}.learned`)) {
      x.learned.forEach((l, i) => {
        const p = `${path}.learned[${i}]`;
        if (!this.obj(l, p) || M === undefined) return;
        this.matrix(l.W, `${p}.W`, M, M);
        this.numbers(l.b, `${p}.b`, M);
      });
    }
    if (x.parallelness !== undefined) this.numbers(x.parallelness, `${path}.parallelness`, okSv ? (x.singularValues as number[]).length : undefined, { min: 0, max: 1 + 1e-9 });
    if (x.details !== undefined) this.obj(x.details, `${path}.details`);
    if (x.warnings !== undefined) this.strings(x.warnings, `${path}.warnings`);
    if (x.identifiability !== undefined && this.obj(x.identifiability, `${path}.identifiability`)) {
      this.bool(x.identifiability.identifiable, `${path}.identifiability.identifiable`);
      this.str(x.identifiability.reason, `${path}.identifiability.reason`, true);
    }
  }

  private quantity(q: unknown, p: string, M: number | undefined): void {
    if (!this.obj(q, p)) return;
    for (const k of ['formula', 'unicode', 'latex', 'action']) this.str(q[k], `${p}.${k}`, true);
    if (q.name !== null) this.str(q.name, `${p}.name`, true);
    this.num(q.drift, `${p}.drift`, { min: 0 });
    this.bool(q.conserved, `${p}.conserved`);
    if (q.nameSimilarity !== undefined) this.num(q.nameSimilarity, `${p}.nameSimilarity`, { min: 0, max: 1 + 1e-9 });
    if (q.conservation !== undefined) this.conservation(q.conservation, `${p}.conservation`);
    if (q.symmetryTest !== undefined && this.obj(q.symmetryTest, `${p}.symmetryTest`)) {
      this.oneOf(q.symmetryTest.verdict, SYMMETRY_VERDICTS, `${p}.symmetryTest.verdict`);
      this.str(q.symmetryTest.reason, `${p}.symmetryTest.reason`, true);
    }
    if (q.origin !== undefined) this.oneOf(q.origin, ['learned', 'refined', 'cleaned', 'data'], `${p}.origin`);
    if (q.learnedQuantity !== undefined && this.obj(q.learnedQuantity, `${p}.learnedQuantity`)) this.conservation(q.learnedQuantity.conservation, `${p}.learnedQuantity.conservation`);
    if (q.spreadRatio !== undefined) this.num(q.spreadRatio, `${p}.spreadRatio`, { min: 0 });
    if (M === undefined) return;
    const okA = this.matrix(q.A, `${p}.A`, M, M);
    const okB = this.numbers(q.b, `${p}.b`, M);
    if (q.centre !== undefined) this.numbers(q.centre, `${p}.centre`, M);
    if (okA) {
      const A = q.A as number[][];
      const big = Math.max(0, ...A.flat().map(Math.abs));
      for (let i = 0; i < M; i++)
        for (let j = i + 1; j < M; j++)
          if (Math.abs(A[i][j] - A[j][i]) > 1e-9 * big) this.fail(`${p}.A`, `must be symmetric: A[${i}][${j}] = ${A[i][j]} but A[${j}][${i}] = ${A[j][i]}`);
    }
    if (this.matrix(q.generator, `${p}.generator`, M + 1, M + 1) && okA && okB) {
      // G = [[J A, J b], [0, 0]] with J = [[0, I], [-I, 0]].
      const A = q.A as number[][];
      const b = q.b as number[];
      const G = q.generator as number[][];
      const n = M / 2;
      const want = (i: number, j: number) => (i === M ? 0 : j === M ? (i < n ? b[n + i] : -b[i - n]) : i < n ? A[n + i][j] : -A[i - n][j]);
      const big = Math.max(1e-300, ...A.flat().map(Math.abs), ...b.map(Math.abs));
      let bad = 0;
      for (let i = 0; i <= M; i++) for (let j = 0; j <= M; j++) if (Math.abs(G[i][j] - want(i, j)) > 1e-9 * big) bad++;
      if (bad > 0) this.fail(`${p}.generator`, `is not [[J A, J b], [0, 0]] for this A and b (${bad} entries differ)`);
    }
  }
}
