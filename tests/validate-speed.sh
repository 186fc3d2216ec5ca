#!/usr/bin/env bash
# validate-speed.sh - issue 4's bar for speed: the median throughput
# error of `gpuplan validate` over data/measurements.json within 25%.
# Listed in XFAIL_TESTS while it is not met (median 34%: most entries
# plan at validate's 512-sequence cap and over-predict; see issue 4's
# note); once the model meets it, make check reports XPASS and this
# script moves from XFAIL_TESTS to the plain tests.
set -u
: "${GPUPLAN:?}" "${top_srcdir:?}"
out=$("$GPUPLAN" validate --data-dir "$top_srcdir/data") || { echo "validate failed"; exit 1; }
printf '%s\n' "$out"
median=$(printf '%s\n' "$out" | sed -n 's/^ *throughput .*median \([0-9.]*\)%.*/\1/p')
[ -n "$median" ] || { echo "no throughput median in the output"; exit 1; }
awk -v m="$median" 'BEGIN { exit !(m <= 25) }'
