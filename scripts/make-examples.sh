#!/usr/bin/env bash
# Regenerates the bundled example CSVs in examples/ (see examples/README.md).
# Deterministic: fixed seeds, so re-running gives byte-identical files.
# Train and test sets of a system always use different seeds (independent draws).
# Usage: scripts/make-examples.sh   (from anywhere; takes ~10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
out=examples
mkdir -p "$out"
# 12 significant digits: relative rounding error ≤ 5e-12, far below the model's
# noise level (σ² = 1e-3, σ ≈ 0.03) and the integrator's energy drift budget (1e-8).
sim() { npx tsx src/cli/main.ts simulate "$@" --digits 12; }

# Paper Table 1: single harmonic oscillator, 7 trajectories × 4 steps (5 samples), Δt 0.2.
sim harmonic --trajectories 7 --steps 4 --dt 0.2 --q-scale 1 --p-scale 0.5 --seed 1 --out "$out/harmonic-train.csv"
sim harmonic --trajectories 100 --steps 20 --dt 0.2 --q-scale 1 --p-scale 0.2 --seed 1001 --out "$out/harmonic-test.csv"

# Paper Table 2 / Figure 3: n independent oscillators.
for n in 2 3; do
  sim oscillators --n "$n" --trajectories 100 --steps 20 --dt 0.2 --q-scale 1 --p-scale 0.5 --seed $((10 + n)) --out "$out/oscillators$n-train.csv"
  sim oscillators --n "$n" --trajectories 100 --steps 20 --dt 0.2 --q-scale 1 --p-scale 0.2 --seed $((1010 + n)) --out "$out/oscillators$n-test.csv"
done

# Paper Table 3: 2-d 3-body system with softened gravity, Δt 1.0.
sim nbody --bodies 3 --trajectories 200 --steps 50 --dt 1.0 --q-scale 1 --p-scale 0.5 --seed 21 --out "$out/nbody3-train.csv"
sim nbody --bodies 3 --trajectories 100 --steps 20 --dt 1.0 --q-scale 1 --p-scale 0.2 --seed 1021 --out "$out/nbody3-test.csv"

# Not Hamiltonian: damped oscillator (issue 3: no conserved quantity should be found).
sim damped --gamma 0.3 --trajectories 50 --steps 20 --dt 0.2 --q-scale 1 --p-scale 0.5 --seed 31 --out "$out/damped-train.csv"
sim damped --gamma 0.3 --trajectories 50 --steps 20 --dt 0.2 --q-scale 1 --p-scale 0.5 --seed 1031 --out "$out/damped-test.csv"
