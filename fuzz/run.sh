#!/usr/bin/env bash
# run.sh - build the libFuzzer targets with clang and run each for a
# bounded time (FUZZ_SECONDS, default 30) on seed corpora from data/ and
# tests/, with a fixed random seed (FUZZ_SEED, default 1) so that a run
# can be repeated. A crash leaves its input in the work directory; turn
# each one into a regression test. Usage: run.sh SRCDIR BUILDDIR
set -euo pipefail

src=${1:?srcdir} build=${2:?builddir}
seconds=${FUZZ_SECONDS:-30}
rng_seed=${FUZZ_SEED:-1}
work="$build/fuzz-work"
cc=${FUZZ_CC:-clang}
command -v "$cc" >/dev/null || { echo "fuzz: $cc not found (apt-get install clang)"; exit 77; }
mkdir -p "$work"

# the libraries' sources, as Makefile.am lists them (make fuzz passes
# FUZZ_SOURCES, relative to the source tree)
core=()
for f in ${FUZZ_SOURCES:?run it through make fuzz}; do
	case "$f" in *.c) core+=("$src/$f") ;; esac
done
read -ra cjson_cflags <<<"$(pkg-config --cflags libcjson 2>/dev/null)"
read -ra cjson_libs <<<"$(pkg-config --libs libcjson 2>/dev/null || echo -lcjson)"
# shellcheck disable=SC2054 # the commas belong to -fsanitize's list
flags=(-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I"$build" -I"$src/src/core" -I"$src/src/engines" -I"$src/src/load" -I"$src/src/write" "${cjson_cflags[@]}")
libs=("${cjson_libs[@]}" -liniparser -lm)

seed() {	# seed TARGET FILES...
	local dir="$work/$1-corpus"
	shift
	mkdir -p "$dir"
	cp "$@" "$dir"/ 2>/dev/null || true
}
seed catalog "$src"/data/*.json "$src"/tests/data/*.json
if [ -d "$src/tests/data/hf" ]; then
	mapfile -t hf < <(find "$src/tests/data/hf" -name '*.json')
	seed catalog "${hf[@]}"
fi
seed scenfile "$src"/tests/data/scenarios/*.ini
mkdir -p "$work/options-corpus"
i=0
for v in 8k 1m 0 -1 1e308 nan auto 65536 0.5 h100-sxm llama-4-scout fp8 on; do
	printf '%b%s' "\\x$(printf %02x $((i % 40)))" "$v" >"$work/options-corpus/seed$i"
	i=$((i + 1))
done

status=0
for t in catalog scenfile options; do
	echo "== fuzz_$t: building"
	"$cc" "${flags[@]}" "$src/fuzz/fuzz_$t.c" "${core[@]}" "${libs[@]}" -o "$work/fuzz_$t"
	echo "== fuzz_$t: $seconds s"
	if ! (cd "$work" && GPUPLAN_DATA_DIR="$src/data" ./"fuzz_$t" -max_total_time="$seconds" -seed="$rng_seed" \
		-max_len=65536 -print_final_stats=1 "$t-corpus" 2>&1 |
		grep -E 'stat::number_of_executed_units|cov:|ERROR|SUMMARY' | tail -4); then
		status=1
	fi
	if ls "$work"/crash-* "$work"/leak-* >/dev/null 2>&1; then
		echo "fuzz_$t: crash inputs in $work"
		status=1
	fi
done
exit $status
