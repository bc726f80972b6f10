/**
 * Shape check of <target>.json (types.ts, version 1), run before writing and
 * usable by readers. Collects every violation with its JSON path.
 */
import type { ReproduceResult } from './types';
import { TARGET_NAMES } from './targets';

type Obj = Record<string, unknown>;

export function reproduceViolations(x: unknown): string[] {
  const problems: string[] = [];
  const bad = (path: string, what: string) => problems.push(`${path}: ${what}`);
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const num = (v: unknown, path: string, opts: { nullable?: boolean } = {}) => {
    if (v === null && opts.nullable) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(path, `expected a finite number, got ${JSON.stringify(v)}`);
  };
  const str = (v: unknown, path: string) => {
    if (typeof v !== 'string') bad(path, `expected a string, got ${JSON.stringify(v)}`);
  };
  const arr = (v: unknown, path: string): unknown[] => {
    if (!Array.isArray(v)) {
      bad(path, 'expected an array');
      return [];
    }
    return v;
  };
  // Metrics of a diverged model may be NaN, which JSON writes as null.
  const metrics = (v: unknown, path: string) => {
    if (!isObj(v)) return bad(path, 'expected metrics');
    for (const k of ['mse', 'nll', 'kl', 'negElbo']) num(v[k], `${path}.${k}`, { nullable: true });
  };

  if (!isObj(x)) return ['(root): expected an object'];
  if (x.kind !== 'noether-reproduce') bad('kind', "expected 'noether-reproduce'");
  if (x.version !== 1) bad('version', 'expected 1');
  if (!(TARGET_NAMES as readonly unknown[]).includes(x.target)) bad('target', `expected one of ${TARGET_NAMES.join(', ')}`);
  for (const k of ['createdAt', 'backend', 'preset']) str(x[k], k);
  num(x.seed, 'seed');
  num(x.seconds, 'seconds');
  if (typeof x.quick !== 'boolean') bad('quick', 'expected a boolean');
  if (typeof x.complete !== 'boolean') bad('complete', 'expected a boolean');
  arr(x.experiments, 'experiments').forEach((e, i) => {
    const p = `experiments[${i}]`;
    if (!isObj(e)) return bad(p, 'expected an object');
    str(e.name, `${p}.name`);
    str(e.oracle, `${p}.oracle`);
    num(e.dim, `${p}.dim`);
    num(e.dataScale, `${p}.dataScale`);
    const data = e.data as Obj | undefined;
    if (!isObj(data)) bad(`${p}.data`, 'expected an object');
    else {
      const sets = [data.train, ...arr(data.tests, `${p}.data.tests`)];
      sets.forEach((d, k) => {
        const dp = k === 0 ? `${p}.data.train` : `${p}.data.tests[${k - 1}]`;
        if (!isObj(d)) return bad(dp, 'expected a data set');
        str(d.name, `${dp}.name`);
        for (const key of ['trajectories', 'steps', 'dt', 'seed', 'qScale', 'pScale', 'qShift', 'transitions']) num(d[key], `${dp}.${key}`);
      });
    }
    arr(e.models, `${p}.models`).forEach((m, j) => {
      const mp = `${p}.models[${j}]`;
      if (!isObj(m)) return bad(mp, 'expected an object');
      str(m.role, `${mp}.role`);
      str(m.spec, `${mp}.spec`);
      num(m.seed, `${mp}.seed`);
      num(m.steps, `${mp}.steps`);
      num(m.trainSeconds, `${mp}.trainSeconds`);
      num(m.wallSeconds, `${mp}.wallSeconds`);
      if (!['completed', 'cancelled', 'diverged'].includes(m.stopReason as string)) bad(`${mp}.stopReason`, 'expected completed, cancelled or diverged');
      const cfg = m.config as Obj | undefined;
      if (!isObj(cfg) || !isObj(cfg.model) || !isObj(cfg.train)) bad(`${mp}.config`, 'expected the full RunConfig {preset, model, train}');
      else if (cfg.model.kind !== m.role) bad(`${mp}.config.model.kind`, `expected '${String(m.role)}'`);
      const mm = m.metrics as Obj | undefined;
      if (!isObj(mm)) bad(`${mp}.metrics`, 'expected an object');
      else {
        metrics(mm.train, `${mp}.metrics.train`);
        if (!isObj(mm.tests)) bad(`${mp}.metrics.tests`, 'expected an object');
        else for (const [k, v] of Object.entries(mm.tests)) metrics(v, `${mp}.metrics.tests.${k}`);
      }
      if (m.role === 'learned' && m.readout !== undefined) {
        const r = m.readout as Obj;
        const rp = `${mp}.readout`;
        if (!isObj(r)) return bad(rp, 'expected an object');
        num(r.rank, `${rp}.rank`);
        arr(r.singularValues, `${rp}.singularValues`).forEach((v, k) => num(v, `${rp}.singularValues[${k}]`));
        arr(r.parallelness, `${rp}.parallelness`).forEach((v, k) => num(v, `${rp}.parallelness[${k}]`));
        arr(r.quantities, `${rp}.quantities`).forEach((q, k) => {
          if (!isObj(q)) return bad(`${rp}.quantities[${k}]`, 'expected an object');
          str(q.formula, `${rp}.quantities[${k}].formula`);
        });
      }
    });
  });
  return problems;
}

export function validateReproduce(x: unknown): ReproduceResult {
  const problems = reproduceViolations(x);
  if (problems.length) throw new Error(`not a valid reproduce result: ${problems.join('; ')}`);
  return x as ReproduceResult;
}
