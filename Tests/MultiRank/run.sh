#!/usr/bin/env bash
# Multi-rank tests: the built disttrain under real mpirun with several processes.
# Usage: Tests/MultiRank/run.sh [path/to/disttrain]. Prints one line per test and a summary.
set -uo pipefail

binary=${1:-.build/release/disttrain}
mpirun_flags=(--oversubscribe)
[ "$(id -u)" -eq 0 ] && mpirun_flags+=(--allow-run-as-root)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# run NAME SECONDS COMMAND...: runs COMMAND with a time limit, keeping its output for checks.
run() {
  local name=$1 seconds=$2
  shift 2
  timeout "$seconds" "$@" >"$work/$name.out" 2>&1
  echo $? >"$work/$name.status"
}

report() {
  local name=$1 verdict=$2
  if [ "$verdict" = pass ]; then
    passed=$((passed + 1))
    echo "pass  $name"
  else
    failed=$((failed + 1))
    echo "FAIL  $name"
    sed 's/^/      /' "$work/$name.out" | tail -25
  fi
}

expect_success() {
  local name=$1 pattern=$2
  if [ "$(cat "$work/$name.status")" = 0 ] && grep -q "$pattern" "$work/$name.out"; then
    report "$name" pass
  else
    report "$name" fail
  fi
}

for ranks in 2 3; do
  name="selftest-np$ranks"
  run "$name" 120 mpirun "${mpirun_flags[@]}" -np "$ranks" "$binary" selftest
  expect_success "$name" "selftest passed on $ranks rank(s)"
done

# expect_failure_on_every_rank NAME RANKS PATTERN: the command failed (not timed out) and
# each of RANKS ranks printed PATTERN.
expect_failure_on_every_rank() {
  local name=$1 ranks=$2 pattern=$3
  local status messages
  status=$(cat "$work/$name.status")
  messages=$(grep -c "$pattern" "$work/$name.out")
  if [ "$status" != 0 ] && [ "$status" != 124 ] && [ "$messages" -eq "$ranks" ]; then
    report "$name" pass
  else
    echo "      exit status $status, $messages of $ranks ranks printed '$pattern'" >>"$work/$name.out"
    report "$name" fail
  fi
}

# A mismatched model must end every rank with an error message, quickly and without a hang.
run mismatched-shape-np3 60 mpirun "${mpirun_flags[@]}" -np 3 "$binary" selftest --mismatch-shape
expect_failure_on_every_rank mismatched-shape-np3 3 "ranks disagree on the model: parameter 7"

# Training on several processes: the same computation as one process (the whole-model
# difference stays within float32 reduction noise, see DistributedEquivalenceTests), and a
# resumed run ends bitwise where an uninterrupted one does at the same world size.
config=Tests/MultiRank/tiny.json
train() { # train NAME RANKS RUN ARGS...: trains into $work/RUN; RANKS=1 runs without mpirun
  local name=$1 ranks=$2 directory=$work/$3
  shift 3
  if [ "$ranks" = 1 ]; then
    run "$name" 300 "$binary" train --config "$config" --out "$directory" "$@"
  else
    run "$name" 300 mpirun "${mpirun_flags[@]}" -np "$ranks" "$binary" train --config "$config" \
      --out "$directory" "$@"
  fi
}
compare() { # compare NAME RUN OTHER_RUN TOLERANCE
  run "$1" 120 "$binary" checkpoint compare "$work/$2/checkpoints/step-00000004" \
    "$work/$3/checkpoints/step-00000004" --tolerance "$4"
  expect_success "$1" "relative difference"
}

for ranks in 1 2 3; do
  train "train-np$ranks" "$ranks" "train-np$ranks" --max-steps 4
  expect_success "train-np$ranks" "final test accuracy"
done
compare "two-ranks-match-one" train-np2 train-np1 2e-3
compare "three-ranks-match-one" train-np3 train-np1 2e-3

train "resume-np2-first" 2 resumed --max-steps 1
train "resume-np2" 2 resumed --max-steps 4 --resume auto
expect_success "resume-np2" "resumed from"
compare "resumed-run-is-bitwise-exact" resumed train-np2 0

train "reshard-first" 2 resharded --max-steps 1
train "reshard-np3" 3 resharded --max-steps 4 --resume auto
expect_success "reshard-np3" "saved by 2 rank(s), now 3"
compare "resumed-at-three-ranks-matches-one" resharded train-np1 2e-3

run "evaluate-checkpoint" 120 "$binary" eval --checkpoint "$work/train-np2/checkpoints/step-00000004" \
  --out "$work/evaluation"
expect_success "evaluate-checkpoint" "test accuracy"

run "verify-checkpoint" 60 "$binary" checkpoint verify "$work/train-np2/checkpoints/step-00000004"
expect_success "verify-checkpoint" "verified"

# A global batch that does not divide among the ranks fails on every rank before any work.
run indivisible-batch-np4 60 mpirun "${mpirun_flags[@]}" -np 4 "$binary" train \
  --config "$config" --out "$work/indivisible"
expect_failure_on_every_rank indivisible-batch-np4 4 "does not divide among 4 ranks"

# Learning: the demo preset on SynthFaces, two ranks, must lift the recognizer's accuracy on
# held-out subjects clearly above chance (1/6), the bar here being 30%.
name=demo-learns-np2
run "$name" 900 mpirun "${mpirun_flags[@]}" -np 2 "$binary" train --preset demo --out "$work/demo"
accuracy=$(sed -n 's/^final test accuracy: \([0-9.]*\)%$/\1/p' "$work/$name.out")
echo "      final test accuracy ${accuracy:-missing}% (chance 16.7%, needed 30%)" >>"$work/$name.out"
if [ "$(cat "$work/$name.status")" = 0 ] && [ -n "$accuracy" ] &&
  awk -v a="$accuracy" 'BEGIN { exit !(a >= 30) }'; then
  report "$name" pass
  tail -1 "$work/$name.out"
else
  report "$name" fail
fi

echo "mpirun: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
