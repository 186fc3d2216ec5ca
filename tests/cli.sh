#!/usr/bin/env bash
# cli.sh - the gpuplan command line: golden outputs, exit status, and a
# clear message for each bad input. GPUPLAN, top_srcdir come from make.
# Regenerate the goldens after a reviewed change with
#   GPUPLAN_REGEN=1 make check TESTS=tests/cli.sh
set -u

: "${GPUPLAN:?}" "${top_srcdir:?}"
data="$top_srcdir/data"
golden="$top_srcdir/tests/golden"
fixtures="$top_srcdir/tests/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }

run() { "$GPUPLAN" "$@" --data-dir "$data"; }

# golden NAME EXPECTED_STATUS ARGS...: stdout must equal tests/golden/NAME.
golden() {
	local name=$1 want=$2 rc
	shift 2
	run "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ -n "${GPUPLAN_REGEN:-}" ]; then
		cp "$tmp/out" "$golden/$name"
	fi
	if [ "$rc" -ne "$want" ]; then
		not_ok "$name: exit $rc, want $want: $(cat "$tmp/err")"
	elif ! diff -u "$golden/$name" "$tmp/out"; then
		not_ok "$name: output differs from tests/golden/$name"
	else
		ok "$name"
	fi
}

# fails STATUS PATTERN ARGS...: exit status and a stderr line matching.
fails() {
	local want=$1 pattern=$2 rc
	shift 2
	"$GPUPLAN" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "$* -> exit $rc, want $want"
	elif ! grep -qF -- "$pattern" "$tmp/err"; then
		not_ok "$* -> stderr lacks '$pattern': $(cat "$tmp/err")"
	else
		ok "$* -> $want ($(head -c 100 "$tmp/err"))"
	fi
}

# Goldens: each reviewed by hand against PLANNING.md (see the issue note).
golden plan-default.txt 0 plan
golden plan-default.json 0 plan --format json
golden plan-default.md 0 plan --format markdown
golden plan-maverick-fp8-h200.txt 0 plan --model llama-4-maverick --weights fp8 --kv-dtype fp8 --gpu h200 --tp 8
golden plan-405b-h100-nofit.txt 1 plan --model llama-3.1-405b --gpu h100-sxm --gpus 1
golden plan-deepseek-b200.txt 0 plan --model deepseek-v3 --weights fp8 --gpu b200 --tp 8 --context 32k --batch 32
golden plan-deepseek-b200-nofit.txt 1 plan --model deepseek-v3 --weights fp8 --gpu b200 --tp 8 --context 32k --batch 64
golden plan-scout-simple-1m.txt 0 plan --engine simple --context 1m --batch 1 --gpus 4
golden models.txt 0 models
golden gpus.txt 0 gpus

# No command and stdout not a terminal: the default plan as text.
run >"$tmp/out" 2>&1
if diff -q "$golden/plan-default.txt" "$tmp/out" >/dev/null; then
	ok "no command, stdout a pipe: default plan"
else
	not_ok "no command, stdout a pipe: default plan"
fi

# The JSON is valid and carries the documented contract.
if command -v python3 >/dev/null; then
	if run plan --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for path in ["model.total_params", "model.active_params", "memory.per_gpu.capacity_bytes",
             "memory.per_gpu.weights_bytes", "memory.per_gpu.kv_cache_bytes",
             "memory.per_gpu.activations_bytes", "memory.per_gpu.overhead_bytes",
             "memory.per_gpu.free_bytes", "memory.per_gpu.kv_pool_bytes", "memory.fits",
             "memory.max_concurrency", "decode.tokens_per_s", "decode.tokens_per_s_bound",
             "decode.tpot_ms", "decode.experts_touched_per_layer", "prefill.ttft_ms",
             "cost.usd_per_hour", "cost.usd_per_month", "cost.usd_per_million_output_tokens"]:
    o = d
    for k in path.split("."):
        o = o[k]
assert isinstance(d["warnings"], list)
'; then ok "json contract fields present"; else not_ok "json contract fields present"; fi
fi

# Bad input: exit 2 and a message naming what is wrong.
fails 2 "batch 0: must be a whole number from 1 to 65536" plan --batch 0 --data-dir "$data"
fails 2 "context 0: must be a whole number from 1" plan --context 0 --data-dir "$data"
fails 2 "context 8x" plan --context 8x --data-dir "$data"
fails 2 "gpu-mem-util 1.5: must be a number from 0.05 to 1" plan --gpu-mem-util 1.5 --data-dir "$data"
fails 2 "weights fp7: expected one of bf16" plan --weights fp7 --data-dir "$data"
fails 2 "moe maybe: expected on or off" plan --moe maybe --data-dir "$data"
fails 2 "not in the catalog" plan --model llama-5 --data-dir "$data"
fails 2 "not in the catalog" plan --gpu h900 --data-dir "$data"
fails 2 "not a multiple of tp x pp" plan --gpus 6 --tp 4 --data-dir "$data"
fails 2 "must divide the TP degree" plan --ep 3 --data-dir "$data"
fails 2 "exceeds the model's 32 layers" plan --model llama-3.1-8b --pp 64 --tp 1 --data-dir "$data"
fails 2 "unknown option --frobnicate" plan --frobnicate --data-dir "$data"
fails 2 "needs a value" plan --data-dir "$data" --batch
fails 2 "unknown command \"plna\"" plna --data-dir "$data"
fails 2 "format yaml: expected text, json or markdown" plan --format yaml --data-dir "$data"
fails 2 "no readable models.json and gpus.json" plan --data-dir "$tmp/nowhere"
GPUPLAN_DATA_DIR="$tmp/nowhere" fails 2 "GPUPLAN_DATA_DIR=$tmp/nowhere" plan

# Broken catalogs name the file, the entry and the field.
mkdir -p "$tmp/cat"
cp "$data/gpus.json" "$tmp/cat/gpus.json"
bad_catalog() {
	cp "$fixtures/$1" "$tmp/cat/models.json"
	fails 2 "$tmp/cat/models.json: $2" plan --data-dir "$tmp/cat"
}
bad_catalog models-version2.json 'version 2 is not supported (this gpuplan reads version 1)'
bad_catalog models-badfield.json 'models[0] ("tiny"): config: field "hidden_size": expected a whole number'
bad_catalog models-notjson.json 'not valid JSON (near line 2'
bad_catalog models-noid.json 'models[0]: field "id" is missing'
bad_catalog models-wrongformat.json 'field "format": expected "gpuplan-models"'
printf '' >"$tmp/cat/models.json"
fails 2 "$tmp/cat/models.json: not valid JSON" plan --data-dir "$tmp/cat"

# Help and version go to stdout with status 0.
if run --help | grep -q -- "--kv-dtype DTYPE"; then ok "--help lists options"; else not_ok "--help lists options"; fi
if "$GPUPLAN" --version | grep -q "^gpuplan "; then ok "--version"; else not_ok "--version"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
