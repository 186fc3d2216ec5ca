#!/usr/bin/env bash
# validate-speed.sh - issue 4's bar for speed: the median throughput
# error of `gpuplan validate` over data/measurements.json within 25%.
# Listed in XFAIL_TESTS while it is not met (the MLPerf entries lack
# sourced mean input lengths; see the issue note); once the model meets
# it, make check reports XPASS and this line moves to TESTS.
set -u
: "${GPUPLAN:?}" "${top_srcdir:?}"
out=$("$GPUPLAN" validate --data-dir "$top_srcdir/data") || { echo "validate failed"; exit 1; }
printf '%s\n' "$out"
median=$(printf '%s\n' "$out" | sed -n 's/^ *throughput .*median \([0-9.]*\)%.*/\1/p')
[ -n "$median" ] || { echo "no throughput median in the output"; exit 1; }
awk -v m="$median" 'BEGIN { exit !(m <= 25) }'
