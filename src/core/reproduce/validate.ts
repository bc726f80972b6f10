/**
 * Shape check of <target>.json (types.ts, version 1), run before writing and
 * usable by readers. Collects every violation with its JSON path
 * (util/checker.ts, shared with the results validator).
 */
import { PathChecker, type Obj } from '../util/checker';
import { STOP_REASONS } from '../util/choices';
import type { ReproduceResult } from './types';
import { TARGET_NAMES } from './targets';

export function reproduceViolations(x: unknown): string[] {
  const c = new PathChecker();
  // Metrics of a diverged model may be NaN, which JSON writes as null.
  const metrics = (v: unknown, path: string) => {
    if (!c.obj(v, path)) return;
    for (const k of ['mse', 'nll', 'kl', 'negElbo']) if (v[k] !== null) c.num(v[k], `${path}.${k}`);
  };
  const list = (v: unknown, path: string): unknown[] => (c.arr(v, path) ? v : []);

  if (!c.obj(x, '')) return c.problems;
  if (x.kind !== 'noether-reproduce') c.fail('kind', "expected 'noether-reproduce'");
  if (x.version !== 1) c.fail('version', 'expected 1');
  c.oneOf(x.target, TARGET_NAMES, 'target');
  for (const k of ['createdAt', 'backend', 'preset']) c.str(x[k], k);
  c.num(x.seed, 'seed');
  c.num(x.seconds, 'seconds');
  c.bool(x.quick, 'quick');
  c.bool(x.complete, 'complete');
  list(x.experiments, 'experiments').forEach((e, i) => {
    const p = `experiments[${i}]`;
    if (!c.obj(e, p)) return;
    c.str(e.name, `${p}.name`);
    c.str(e.oracle, `${p}.oracle`);
    c.num(e.dim, `${p}.dim`);
    c.num(e.dataScale, `${p}.dataScale`);
    if (c.obj(e.data, `${p}.data`)) {
      const sets = [e.data.train, ...list(e.data.tests, `${p}.data.tests`)];
      sets.forEach((d, k) => {
        const dp = k === 0 ? `${p}.data.train` : `${p}.data.tests[${k - 1}]`;
        if (!c.obj(d, dp)) return;
        c.str(d.name, `${dp}.name`);
        for (const key of ['trajectories', 'steps', 'dt', 'seed', 'qScale', 'pScale', 'qShift', 'transitions']) c.num(d[key], `${dp}.${key}`);
      });
    }
    list(e.models, `${p}.models`).forEach((m, j) => {
      const mp = `${p}.models[${j}]`;
      if (!c.obj(m, mp)) return;
      c.str(m.role, `${mp}.role`);
      c.str(m.spec, `${mp}.spec`);
      for (const k of ['seed', 'steps', 'trainSeconds', 'wallSeconds']) c.num(m[k], `${mp}.${k}`);
      c.oneOf(m.stopReason, STOP_REASONS, `${mp}.stopReason`);
      const cfg = m.config as Obj | undefined;
      if (!isObj(cfg) || !isObj(cfg.model) || !isObj(cfg.train)) c.fail(`${mp}.config`, 'expected the full RunConfig {preset, model, train}');
      else if (cfg.model.kind !== m.role) c.fail(`${mp}.config.model.kind`, `expected '${String(m.role)}'`);
      if (c.obj(m.metrics, `${mp}.metrics`)) {
        metrics(m.metrics.train, `${mp}.metrics.train`);
        if (c.obj(m.metrics.tests, `${mp}.metrics.tests`)) for (const [k, v] of Object.entries(m.metrics.tests)) metrics(v, `${mp}.metrics.tests.${k}`);
      }
      if (m.role === 'learned' && m.readout !== undefined) {
        const rp = `${mp}.readout`;
        const r = m.readout;
        if (!c.obj(r, rp)) return;
        c.num(r.rank, `${rp}.rank`);
        c.numbers(r.singularValues, `${rp}.singularValues`);
        c.numbers(r.parallelness, `${rp}.parallelness`);
        list(r.quantities, `${rp}.quantities`).forEach((q, k) => {
          if (c.obj(q, `${rp}.quantities[${k}]`)) c.str(q.formula, `${rp}.quantities[${k}].formula`);
        });
      }
    });
  });
  return c.problems;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateReproduce(x: unknown): ReproduceResult {
  const problems = reproduceViolations(x);
  if (problems.length) throw new Error(`not a valid reproduce result: ${problems.join('; ')}`);
  return x as ReproduceResult;
}
