#!/usr/bin/env bash
# run.sh - build the libFuzzer targets with clang and run each for a
# bounded time (FUZZ_SECONDS, default 30) on seed corpora from data/ and
# tests/, with a fixed random seed (FUZZ_SEED, default 1) so that a run
# can be repeated. A crash leaves its input in the work directory; turn
# each one into a regression test. Usage: run.sh SRCDIR BUILDDIR [long]
#
# "long" (make fuzz-long) runs each target until FUZZ_LONG_RUNS
# executions (default 10 million) or FUZZ_LONG_SECONDS (default 1800),
# whichever comes first, on the corpus kept in the tree,
# fuzz/corpus/TARGET/, plus the seeds, then minimizes it back into the
# tree with -merge=1. The JSON targets get a dictionary of the key names
# the catalogs and checkpoints use.
# FUZZ_TARGETS picks targets (default: all of them).
set -euo pipefail

src=${1:?srcdir} build=${2:?builddir} mode=${3:-short}
seconds=${FUZZ_SECONDS:-30}
runs=-1	# libFuzzer: no limit
if [ "$mode" = long ]; then
	seconds=${FUZZ_LONG_SECONDS:-1800}
	runs=${FUZZ_LONG_RUNS:-10000000}
fi
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
seed prices "$src"/tests/data/prices/*
seed gguf "$src"/tests/data/gguf/*.gguf
seed trace "$src"/tests/data/traces/*
# a checkpoint folder: its config.json, index and ModelOpt file joined
# by fuzz_hfconfig.c's SEP, in that order (a missing one is left empty
# only when a later one follows)
mkdir -p "$work/hfconfig-corpus"
mapfile -t folders < <(find "$src/tests/data/hf" "$src/tests/data/aic" -name config.json -printf '%h\n')
for d in "${folders[@]}"; do
	out="$work/hfconfig-corpus/$(basename "$d").json"
	cat "$d/config.json" >"$out"
	for extra in model.safetensors.index.json hf_quant_config.json; do
		if [ -f "$d/$extra" ]; then
			printf '\n--gpuplan-fuzz-file--\n' >>"$out"
			cat "$d/$extra" >>"$out"
		elif [ "$extra" = model.safetensors.index.json ] && [ -f "$d/hf_quant_config.json" ]; then
			printf '\n--gpuplan-fuzz-file--\n' >>"$out"
		fi
	done
done
mkdir -p "$work/userconfig-corpus"
printf '[prices]\nh100-sxm = 1.85\n' >"$work/userconfig-corpus/prices.ini"
printf '[gpuplan]\nformat = 1\n[ui]\ncolor = off\nascii = on\n[defaults]\nscenario = s.ini\n' \
	>"$work/userconfig-corpus/ui.ini"
printf '[catalog]\ndirs = a:b\n[prices]\na100-80gb = 0\nh200 = 100000\n' >"$work/userconfig-corpus/dirs.ini"
mkdir -p "$work/options-corpus"
i=0
for v in 8k 1m 0 -1 1e308 nan auto 65536 0.5 h100-sxm llama-4-scout fp8 on; do
	printf '%b%s' "\\x$(printf %02x $((i % 40)))" "$v" >"$work/options-corpus/seed$i"
	i=$((i + 1))
done

# libFuzzer dictionaries: every JSON key of the shipped catalogs and the
# test checkpoints, quoted and with its colon, as a mutation inserts it
{
	grep -ohE '"[A-Za-z_][A-Za-z0-9_]{1,47}":' "$src"/data/*.json "$src"/tests/data/*.json 2>/dev/null
	find "$src/tests/data/hf" "$src/tests/data/aic" -name '*.json' ! -name '*.index.json' \
		-exec grep -ohE '"[A-Za-z_][A-Za-z0-9_]{1,47}":' {} +
} | sort -u | sed 's/"/\\"/g; s/.*/"&"/' >"$work/json.dict"

# crash-* or leak-* inputs in the work directory
crashed() {
	local f
	for f in "$work"/crash-* "$work"/leak-*; do
		[ -e "$f" ] && return 0
	done
	return 1
}

status=0
for t in ${FUZZ_TARGETS:-catalog scenfile options prices gguf userconfig hfconfig trace}; do
	echo "== fuzz_$t: building"
	"$cc" "${flags[@]}" "$src/fuzz/fuzz_$t.c" "${core[@]}" "${libs[@]}" -o "$work/fuzz_$t"
	echo "== fuzz_$t: $seconds s"
	dict=()
	case "$t" in catalog | hfconfig) dict=(-dict=json.dict) ;; esac
	dirs=("$t-corpus")
	if [ "$mode" = long ]; then
		# new inputs go to the first directory: the tree's corpus
		mkdir -p "$src/fuzz/corpus/$t"
		dirs=("$src/fuzz/corpus/$t" "$t-corpus")
	fi
	if ! (cd "$work" && GPUPLAN_DATA_DIR="$src/data" ./"fuzz_$t" -max_total_time="$seconds" -runs="$runs" -seed="$rng_seed" \
		-max_len=65536 -print_final_stats=1 "${dict[@]}" "${dirs[@]}" >"$t.log" 2>&1); then
		status=1
	fi
	grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY' "$work/$t.log" | tail -4 || true
	grep -E '^#[0-9]+' "$work/$t.log" | tail -1 || true
	if [ "$mode" = long ] && ! crashed; then
		# minimize: keep the inputs that add coverage, in the tree
		rm -rf "$work/$t-merged" && mkdir "$work/$t-merged"
		(cd "$work" && GPUPLAN_DATA_DIR="$src/data" ./"fuzz_$t" -merge=1 -max_len=65536 \
			"$t-merged" "${dirs[@]}" >"$t-merge.log" 2>&1) || status=1
		rm -rf "$src/fuzz/corpus/$t" && mv "$work/$t-merged" "$src/fuzz/corpus/$t"
		echo "fuzz_$t: corpus $(find "$src/fuzz/corpus/$t" -type f | wc -l) files;" \
			"$(grep -Eo 'MERGE-OUTER: [0-9]+ new files.*' "$work/$t-merge.log" | tail -1)"
	fi
	if crashed; then
		echo "fuzz_$t: crash inputs in $work"
		status=1
	fi
done
exit $status
