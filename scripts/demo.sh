#!/usr/bin/env bash
# The main job: trains the demo preset on the embedded SynthFaces data set with RANKS
# processes under mpirun, after a quick check of the collectives. Each run gets a directory
# of its own under runs/. Called by `make demo` with the mpirun to use.
set -euo pipefail
binary=$1
mpirun=${MPIRUN:-mpirun}
ranks=${RANKS:-2}
out=runs/demo-$(date +%Y%m%d-%H%M%S)

echo "== collectives self-test on $ranks ranks"
$mpirun -np "$ranks" "$binary" selftest
echo
echo "== training the demo preset on SynthFaces, $ranks ranks, into $out"
$mpirun -np "$ranks" "$binary" train --preset demo --out "$out"
