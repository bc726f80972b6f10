/**
 * Progress display: a one-line bar redrawn in place on a terminal, plain
 * lines (at most one every few seconds) when stderr is a file or a pipe.
 */
import type { TrainEvent } from '../core/train/events';

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr, quiet = false): (e: TrainEvent) => void {
  const tty = stream.isTTY === true;
  let lastPlain = 0;
  let lineOpen = false;
  const endLine = () => {
    if (lineOpen) stream.write('\n');
    lineOpen = false;
  };
  return (e) => {
    if (e.type === 'log') {
      // Warnings are printed once, in the final summary.
      if (quiet || e.level === 'warn') return;
      endLine();
      stream.write(`${e.message}\n`);
      return;
    }
    if (e.type !== 'progress' || quiet) return;
    const frac = e.step / e.totalSteps;
    const text = `${e.model.padEnd(8)} step ${String(e.step).padStart(String(e.totalSteps).length)}/${e.totalSteps}  -ELBO ${fmt(e.negElbo)}  NLL ${fmt(e.nll)}  KL ${fmt(e.kl)}  MSE ${e.mse.toExponential(2)}  ${time(e.elapsedSec)} elapsed, ${time(e.etaSec)} left`;
    if (tty) {
      const width = 20;
      const filled = Math.round(frac * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      lineOpen = true;
      if (e.step === e.totalSteps) endLine();
    } else {
      const now = Date.now();
      if (now - lastPlain > 2000 || e.step === e.totalSteps || e.step === 1) {
        stream.write(`${text}\n`);
        lastPlain = now;
      }
    }
  };
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(3) : v.toFixed(3);
}

function time(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/** SIGINT stops the run cleanly (results so far are written); a second one exits at once. */
export function abortOnSigint(): { signal: AbortSignal; dispose(): void } {
  const ctl = new AbortController();
  const onSig = () => {
    if (ctl.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)...\n');
    ctl.abort();
  };
  process.on('SIGINT', onSig);
  return { signal: ctl.signal, dispose: () => process.off('SIGINT', onSig) };
}
