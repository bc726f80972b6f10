/**
 * The files of a reproduce run in its output folder: the simulated data as
 * CSV (written before training, so `noether discover` can be rerun on them),
 * then <target>.json, <target>.md and, for the figures, <target>.svg.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatCsv } from '../data/write';
import type { Dataset } from '../data/types';
import { InputError } from '../util/errors';
import { renderMarkdown } from './markdown';
import { figureSvg } from './svg';
import type { DataPlan, ExperimentPlan } from './targets';
import type { ReproduceResult } from './types';
import { validateReproduce } from './validate';

function write(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new InputError(`cannot write ${path.basename(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file }, 'Choose another --out folder');
  }
}

/** A ReproduceHooks.onData that writes `<experiment>-<set>.csv` into `dir` and returns the file name. */
export function csvWriter(dir: string): (exp: ExperimentPlan, set: DataPlan, ds: Dataset) => string {
  return (exp, set, ds) => {
    const name = `${exp.name}-${set.name}.csv`;
    write(path.join(dir, name), formatCsv(ds.columns, ds.trajectories));
    return name;
  };
}

/** Write JSON, Markdown and the figure; returns the Markdown. `result.files` lists what is in `dir`. */
export function writeOutputs(dir: string, result: ReproduceResult): string {
  const base = result.target;
  const csvs = result.experiments.flatMap((e) => [e.data.train, ...e.data.tests]).flatMap((d) => (d.csv ? [d.csv] : []));
  const svg = figureSvg(result);
  result.files = [`${base}.json`, `${base}.md`, ...(svg ? [`${base}.svg`] : []), ...csvs];
  validateReproduce(JSON.parse(JSON.stringify(result)));
  if (svg) write(path.join(dir, `${base}.svg`), svg);
  const md = renderMarkdown(result);
  write(path.join(dir, `${base}.md`), md);
  write(path.join(dir, `${base}.json`), JSON.stringify(result, null, 2) + '\n');
  return md;
}
