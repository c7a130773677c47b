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

# A mismatched model must end every rank with an error message, quickly and without a hang.
name="mismatched-shape-np3"
run "$name" 60 mpirun "${mpirun_flags[@]}" -np 3 "$binary" selftest --mismatch-shape
status=$(cat "$work/$name.status")
messages=$(grep -c "ranks disagree on the model: parameter 7" "$work/$name.out")
if [ "$status" != 0 ] && [ "$status" != 124 ] && [ "$messages" -eq 3 ]; then
  report "$name" pass
else
  echo "      exit status $status, $messages of 3 ranks reported the mismatch" >>"$work/$name.out"
  report "$name" fail
fi

echo "mpirun: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
