#!/usr/bin/env bash
# The main job: checks the collectives on the ranks of this machine, then measures the
# gradient synchronizer against raw MPI. Called by `make demo` with the mpirun to use.
set -euo pipefail
binary=$1
mpirun=${MPIRUN:-mpirun}
ranks=${RANKS:-2}
out=runs/demo
mkdir -p "$out"

echo "== collectives self-test on $ranks ranks"
$mpirun -np "$ranks" "$binary" selftest | tee "$out/selftest.txt"
echo
echo "== all-reduce bandwidth: gradient synchronizer beside raw MPI_Allreduce"
$mpirun -np "$ranks" "$binary" bench collectives | tee "$out/bench-collectives.txt"
echo
echo "results: $out/selftest.txt, $out/bench-collectives.txt"
