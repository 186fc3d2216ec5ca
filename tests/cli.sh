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
# Never read the tester's own configuration or saved scenarios.
export GPUPLAN_CONFIG="$tmp/no-config.ini" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }

run() { "$GPUPLAN" "$@" --data-dir "$data"; }

# golden NAME EXPECTED_STATUS ARGS...: stdout must equal tests/golden/NAME.
golden() {
	local name=$1 want=$2 rc
	shift 2
	run "$@" >"$tmp/raw" 2>"$tmp/err"
	rc=$?
	# the checkout's path varies (distcheck): goldens name it @top_srcdir@;
	# the solver's wall time varies too
	sed -E -e "s|$top_srcdir|@top_srcdir@|g" -e 's/ in [0-9.]+ ms/ in N ms/' \
		-e 's/("elapsed_ms":[[:space:]]*)[0-9.e+-]+/\1N/' "$tmp/raw" >"$tmp/out"
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

# Goldens: each reviewed by hand against doc/planning-model.md.
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
fails 2 "format yaml: expected text, json, markdown, vllm, sglang or llamacpp" plan --format yaml --data-dir "$data"
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
# found by fuzz_catalog: a version too large for an int was undefined behaviour
bad_catalog models-dupkey.json 'key "version" appears twice in one object'
# a second document after the first is damage, not something to half-read
bad_catalog models-twodocs.json 'not valid JSON: text after the end of the document (near line 2, byte 57)'
bad_catalog models-hugeversion.json 'version 1e+300 is not supported (this gpuplan reads version 1)'
printf '' >"$tmp/cat/models.json"
fails 2 "$tmp/cat/models.json: not valid JSON" plan --data-dir "$tmp/cat"
# hostile files: huge, binary, deeply nested, a directory
truncate -s 100M "$tmp/cat/models.json"
fails 2 "$tmp/cat/models.json: file is 104857600 bytes, larger than the 67108864 allowed" plan --data-dir "$tmp/cat"
head -c 4096 /dev/urandom >"$tmp/cat/models.json"
fails 2 "$tmp/cat/models.json: not valid JSON" plan --data-dir "$tmp/cat"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "["; for (i = 0; i < 20000; i++) printf "]" }' >"$tmp/cat/models.json"
fails 2 "$tmp/cat/models.json: not valid JSON" plan --data-dir "$tmp/cat"
rm "$tmp/cat/models.json"
mkdir "$tmp/cat/models.json"
fails 2 "$tmp/cat/models.json: not a regular file" plan --data-dir "$tmp/cat"

# Launch lines for the engines, from the same plan.
golden export-vllm.txt 0 plan --format vllm --model llama-4-maverick --weights fp8 --kv-dtype fp8 --gpu h200 --tp 8 --context 32k --batch 64
golden export-sglang.txt 0 plan --format sglang --model llama-4-maverick --weights fp8 --kv-dtype fp8 --gpu h200 --tp 8 --context 32k --batch 64
golden export-llamacpp.txt 0 plan --format llamacpp --model llama-3.1-8b --weights q4_k_m --gpu rtx-4090 --tp 1 --context 16k --batch 4
# llama.cpp over two GPUs, the logged start-up of engine-logs.json
# (Qwen3-30B-A3B Q4_K_M, -c 16384, FA off, experts on the CPU): what its
# log should say per device, and memory.devices in JSON.
llama2="--engine llamacpp --model qwen3-30b-a3b --weights q4_k_m --gpus 2 --gpu rtx-4090 --context 16384 --batch 1 --flash-attn off --cpu-moe on"
golden plan-llamacpp-2gpu.txt 0 plan $llama2
if command -v python3 >/dev/null; then
	if run plan --format json $llama2 | python3 -c '
import json, sys
d = json.load(sys.stdin)["memory"]
devs = d["devices"]
assert [x["layers"] for x in devs] == [[0, 24], [24, 48]]
for x in devs:
    for k in ["weights_bytes", "kv_cache_bytes", "compute_buffer_bytes", "overhead_bytes", "free_bytes"]:
        assert isinstance(x[k], (int, float))
assert devs[1]["free_bytes"] == d["per_gpu"]["free_bytes"]
'; then ok "json memory.devices per GPU of the layer split"; else not_ok "json memory.devices per GPU of the layer split"; fi
	if run plan --format json | python3 -c '
import json, sys
assert "devices" not in json.load(sys.stdin)["memory"]
'; then ok "json memory.devices only with PP > 1"; else not_ok "json memory.devices only with PP > 1"; fi
fi

# Scenario files: load, override on the command line, compare.
scen="$top_srcdir/tests/data/scenarios"
golden scenario-h200.txt 0 plan --scenario "$scen/scout-h200.ini"
golden scenario-h200-override.txt 1 plan --scenario "$scen/scout-h200.ini" --batch 64
golden compare.txt 0 compare "$scen/scout-h100.ini" "$scen/scout-h200.ini" "$scen/scout-h100-fp8.ini"
golden compare.json 0 compare --format json "$scen/scout-h100.ini" "$scen/scout-h200.ini"
golden compare.md 0 compare --format markdown "$scen/scout-h100.ini" "$scen/scout-h200.ini"
fails 2 "bad-key.ini:6: [workload] batchsize: unknown key" plan --scenario "$scen/bad-key.ini" --data-dir "$data"
fails 2 "bad-value.ini:7: [workload] batch: must be a whole number from 1 to 65536" plan --scenario "$scen/bad-value.ini" --data-dir "$data"
fails 2 "future.ini:2: [gpuplan] format: version 2 is not supported (this gpuplan reads version 1)" plan --scenario "$scen/future.ini" --data-dir "$data"
fails 2 "models-noid.json: iniparser: syntax error" plan --scenario "$scen/../models-noid.json" --data-dir "$data"
fails 2 "misplaced.ini:4: [model] batch: belongs in [workload]" plan --scenario "$scen/misplaced.ini" --data-dir "$data"
fails 2 "compare needs two or more scenario files" compare "$scen/scout-h100.ini" --data-dir "$data"
fails 2 "unexpected argument" plan extra --data-dir "$data"

# The user configuration: prices and private catalogs apply; an error in
# it is reported and the program goes on with the defaults.
mkdir -p "$tmp/private"
cat >"$tmp/private/gpus.json" <<'JSON'
{"format": "gpuplan-gpus", "version": 1, "gpus": [{"id": "lab-h100", "name": "Lab H100 (on-prem)",
 "memory_gb": 80, "usable_mib": 81559, "bandwidth_tbs": 3.35, "tflops_dense": {"bf16": 989, "fp8": 1979},
 "interconnect": {"kind": "nvlink", "gbs": 900, "gpus_per_node": 8}}]}
JSON
printf '[prices]\nh100-sxm = 1.85\nlab-h100 = 0.90\n[catalog]\ndirs = private\n' >"$tmp/config.ini"
GPUPLAN_CONFIG="$tmp/config.ini" run plan --format json >"$tmp/out" 2>"$tmp/err"
if grep -q '"usd_per_gpu_hour":[[:space:]]*1.85' "$tmp/out" && [ ! -s "$tmp/err" ]; then
	ok "config.ini price override"; else not_ok "config.ini price override: $(cat "$tmp/err")"; fi
GPUPLAN_CONFIG="$tmp/config.ini" run plan --gpu lab-h100 --format json >"$tmp/out" 2>"$tmp/err"
if grep -q '"usd_per_gpu_hour":[[:space:]]*0.9' "$tmp/out"; then
	ok "config.ini private catalog"; else not_ok "config.ini private catalog: $(cat "$tmp/err")"; fi
printf '[ui]\ncolor = purple\n' >"$tmp/bad.ini"
GPUPLAN_CONFIG="$tmp/bad.ini" run plan >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -qF "bad.ini:2: [ui] color: expected on or off" "$tmp/err"; then
	ok "bad config.ini: named, and the plan still printed"; else not_ok "bad config.ini: $(cat "$tmp/err")"; fi

# The solver, the tiers, inspect, validate and an imported config.json.
hf="$top_srcdir/tests/data/hf"
golden fit-default.txt 0 fit --gpu h100-sxm,a100-80gb,h200 --weights bf16 --weights fp8
golden fit-lists.txt 0 fit --gpu h100-sxm --gpu h200 --weights bf16,fp8 --kv-dtype bf16,fp8 --engine vllm,sglang --top 6
golden fit-demand.json 0 fit --format json --demand-tokens 5000 --slo-tpot-ms 30 --slo-ttft-ms 500 --gpu h100-sxm,h200,b200 --top 3
golden fit-min-viable.txt 0 fit --min-viable --batch 1 --gpu h100-sxm,h200,rtx-4090,l40s
golden fit-impossible.txt 1 fit --slo-tpot-ms 0.5 --gpu h100-sxm
golden inspect-scout.txt 0 inspect --model llama-4-scout
golden inspect-deepseek-config.txt 0 inspect --model-config "$hf/DeepSeek-V3/config.json"
golden plan-imported-gpt-oss.txt 0 plan --model-config "$hf/gpt-oss-120b/config.json" --gpu h100-sxm --tp 1 --batch 4
# A checkpoint's quantization config beats --weights, and says so.
if run plan --model-config "$hf/Llama-3.1-8B-Instruct-FP8/config.json" --weights bf16 \
	>"$tmp/out" 2>"$tmp/err" && grep -q "sizes the weights as fp8, not --weights bf16" "$tmp/err"; then
	ok "an imported FP8 checkpoint overrides --weights bf16 and says so"
else
	not_ok "FP8 checkpoint vs --weights bf16: $(cat "$tmp/err")"
fi
fails 2 "fit prints text, json or markdown" fit --format vllm --data-dir "$data"
fails 2 "--rank fast: expected month, per-m or gpus" fit --rank fast --data-dir "$data"
fails 2 "--gpu h900: not in the catalog" fit --gpu h100-sxm,h900 --data-dir "$data"
fails 2 "config.json" plan --model-config "$tmp/missing/config.json" --data-dir "$data"
run validate >"$tmp/out" 2>&1
if grep -q "memory       9 entries" "$tmp/out"; then ok "validate prints the summary"; else not_ok "validate: $(tail -3 "$tmp/out")"; fi
# The engines' start-up logs hold the plan to its bounds (median KV budget
# error 5%, none over 15% unless within 0.5 GiB): --check fails otherwise.
if run validate --check >"$tmp/out" 2>&1; then
	ok "validate --check: start-up logs within bounds ($(grep 'start-up' "$tmp/out" | sed 's/^ *//'))"
else
	not_ok "validate --check: $(grep 'start-up' "$tmp/out")"
fi

# Help and version go to stdout with status 0.
if run --help | grep -q -- "--kv-dtype DTYPE"; then ok "--help lists options"; else not_ok "--help lists options"; fi
if "$GPUPLAN" --version | grep -q "^gpuplan "; then ok "--version"; else not_ok "--version"; fi

# TAP: the plan comes last, once the count is known.
echo "1..$((pass + fail))"
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
