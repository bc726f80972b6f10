/**
 * Seconds per training step of a reproduce target's learned model with the
 * `paper` preset, and its GFLOP/s against the backend's matMul in the same
 * run. `npm run bench -- --targets <t> --preset paper` measures the same but
 * also warms up, evaluates on every data set and times all three models,
 * which takes hours for table3; this times only a few steps.
 *
 *   npx tsx scripts/paper-step.ts [table1|table2|table3] [steps, default 3]
 */
import { initBackend } from '../src/core/backend/backend';
import { HamiltonianModel } from '../src/core/model/model';
import { experimentData, modelConfig } from '../src/core/reproduce/run';
import { parseTarget, planTarget } from '../src/core/reproduce/targets';
import { trainModel } from '../src/core/train/trainer';
import { matMulGflops, stepFlops } from './bench';

async function main(): Promise<void> {
  const target = parseTarget(process.argv[2] ?? 'table3');
  const steps = Number(process.argv[3] ?? 3);
  await initBackend('wasm');
  const plan = planTarget(target, { seed: 0 });
  const exp = plan.experiments[0];
  const settings = { preset: 'paper' as const };
  const d = experimentData(plan, exp, settings);
  const before = matMulGflops(true).gflops;
  const cfg = modelConfig(plan, exp, 'learned', d.dim, settings, d.trainData);
  const model = new HamiltonianModel(cfg.model, d.dim, cfg.train.seed);
  const at: number[] = [];
  try {
    await trainModel(model, d.trainData, { ...cfg.train, steps, progressEvery: 1 }, {
      label: 'paper-step',
      onEvent: (e) => {
        if (e.type !== 'progress') return;
        at.push(e.elapsedSec);
        console.log(`step ${e.step}: ${(e.elapsedSec - (at.at(-2) ?? 0)).toFixed(1)} s`);
      },
    });
  } finally {
    model.dispose();
  }
  const after = matMulGflops(true).gflops;
  const perStep = at.map((t, i) => t - (i > 0 ? at[i - 1] : 0));
  const flops = stepFlops(cfg, d.dim, Math.min(cfg.train.batchSize, d.trainData.count));
  const best = Math.min(...perStep);
  const mm = Math.max(before, after);
  console.log(`${target} learned, paper preset: ${perStep.map((s) => s.toFixed(1)).join(', ')} s per step; ${(flops / 1e9).toFixed(0)} GFLOP per step; ` +
    `${(flops / best / 1e9).toFixed(1)} GFLOP/s at the fastest step = ${((100 * flops) / best / 1e9 / mm).toFixed(0)} % of matMul (${mm.toFixed(1)} GFLOP/s); ` +
    `${cfg.train.steps} steps ≈ ${((best * cfg.train.steps) / 86400).toFixed(1)} days`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
