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

# has FILE TEXT WHAT: FILE holds the fixed string TEXT.
has() {
	if grep -qF -- "$2" "$1"; then ok "$3"; else not_ok "$3: no '$2' in: $(cat "$1")"; fi
}

# golden NAME EXPECTED_STATUS ARGS...: stdout must equal tests/golden/NAME.
golden() {
	local name=$1 want=$2 rc
	shift 2
	run "$@" >"$tmp/raw" 2>"$tmp/err"
	rc=$?
	# the checkout's path varies (distcheck): goldens name it @top_srcdir@,
	# the scratch directory @tmp@; the solver's wall time varies too
	sed -E -e "s|$top_srcdir|@top_srcdir@|g" -e "s|$tmp|@tmp@|g" -e 's/ in [0-9.]+ ms/ in N ms/' \
		-e 's/("elapsed_ms":[[:space:]]*)[0-9.e+-]+/\1N/' "$tmp/raw" >"$tmp/out"
	sed -i -e "s|$tmp|@tmp@|g" "$tmp/err"
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
# a GPU with neither FLOPS nor a rental price: both said in words
golden plan-apple-unknowns.txt 0 plan --gpu apple-m4-max --model llama-3.1-8b --engine llamacpp

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

# Prefix caching (doc/planning-model.md section 5): Llama-3.1-8B on one
# H100, 128 KiB of KV a token, a 1,024-token system prompt held once =
# 0.125 GiB = 134,217,728 B; 3/4 of the 2,048-token prompt cached =
# 1,536 tokens. API blend (0.40 x 512 + 0.10 x 1,536 + 0.70 x 512) /
# 2,560 = 0.28 USD per M.
if command -v python3 >/dev/null; then
	if run plan --model llama-3.1-8b --gpu h100-sxm --gpus 1 --system-prompt-tokens 1024 \
		--prefix-hit 0.75 --api-price-in 0.40 --api-price-cached 0.10 --api-price-out 0.70 \
		--format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["memory"]["per_gpu"]["kv_shared_prefix_bytes"] == 134217728, d["memory"]["per_gpu"]
assert d["prefill"]["cached_tokens"] == 1536
assert abs(d["cost"]["api_usd_per_million_blended"] - 0.28) < 1e-9, d["cost"]
assert d["cost"]["api_usd_per_million_cached_input"] == 0.10
assert d["cost"]["api_cached_price_known"] is True
'; then ok "prefix cache: JSON shared bytes, cached tokens, API blend"; else not_ok "prefix cache: JSON shared bytes, cached tokens, API blend"; fi
fi
run plan --model llama-3.1-8b --gpu h100-sxm --gpus 1 --system-prompt-tokens 1024 \
	--prefix-hit 0.75 --api-price-in 0.2 --api-price-out 0.6 >"$tmp/prefix.txt" 2>&1
has "$tmp/prefix.txt" "0.125 GiB shared prefix + 16 x 0.875 GiB" "prefix cache: the KV line splits the shared prefix"
has "$tmp/prefix.txt" "prefix cache 1,536 of them cached, 512 computed" "prefix cache: the prefill line"
has "$tmp/prefix.txt" "1,536 of the 2,048 prompt tokens cached, at \$0.20 per M (the input price: no cached price known)" "prefix cache: no cached price says so"
run plan --model llama-3.1-8b --gpu h100-sxm --gpus 1 --system-prompt-tokens 4k >"$tmp/prefix.txt" 2>&1
has "$tmp/prefix.txt" "[system-prompt-above-prompt]" "a system prompt longer than the prompt is warned of"
has "$tmp/prefix.txt" "2032 tokens of it counted cached" "and says how much counts"
fails 2 "prefix-hit 1.5: must be a number from 0 to 1" plan --prefix-hit 1.5 --data-dir "$data"

# The text and Markdown reports say what the JSON says, and the
# Markdown's tables are well formed: each row has its header's columns,
# the second line of each is the |---| rule.
if command -v python3 >/dev/null; then
	run plan --format json --model deepseek-v3 --gpu h200 --gpus 8 >"$tmp/fmt.json"
	run plan --model deepseek-v3 --gpu h200 --gpus 8 >"$tmp/fmt.txt"
	run plan --format markdown --model deepseek-v3 --gpu h200 --gpus 8 >"$tmp/fmt.md"
	if python3 - "$tmp/fmt.json" "$tmp/fmt.txt" "$tmp/fmt.md" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
md = open(sys.argv[3]).read().splitlines()
g = d["memory"]["per_gpu"]
gib = lambda b: "%.2f" % (b / 2**30)
for key in ("weights_bytes", "kv_cache_bytes", "kv_pool_bytes"):
    assert gib(g[key]) + " GiB" in text, (key, gib(g[key]))
assert "%.0f tokens/s expected" % d["decode"]["tokens_per_s"] in text
assert "%.2f ms expected" % d["decode"]["tpot_ms"] in text
tables, cur = [], []
for line in md + [""]:
    if line.startswith("|"):
        cur.append(line)
    elif cur:
        tables.append(cur)
        cur = []
assert tables, "no tables"
for t in tables:
    cols = t[0].count("|")
    assert len(t) >= 2 and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", t[1].replace(" ", "")), t[:2]
    for row in t:
        assert row.count("|") == cols, row
mdt = "\n".join(md)
assert "| weights | %s |" % gib(g["weights_bytes"]) in mdt
PY
	then ok "text and Markdown agree with the JSON; Markdown tables well formed"
	else not_ok "text and Markdown agree with the JSON; Markdown tables well formed"; fi
fi

# Bad input: exit 2 and a message naming what is wrong.
fails 2 "batch 0: must be a whole number from 1 to 65536" plan --batch 0 --data-dir "$data"
fails 2 "context 0: must be a whole number from 1" plan --context 0 --data-dir "$data"
fails 2 "context 8x" plan --context 8x --data-dir "$data"
fails 2 "gpu-mem-util 1.5: must be a number from 0.05 to 1" plan --gpu-mem-util 1.5 --data-dir "$data"
fails 2 "weights fp7: expected one of native, bf16" plan --weights fp7 --data-dir "$data"
fails 2 "moe maybe: expected on or off" plan --moe maybe --data-dir "$data"
fails 2 "not in the catalog" plan --model llama-5 --data-dir "$data"
fails 2 "not in the catalog" plan --gpu h900 --data-dir "$data"
fails 2 "not a multiple of tp x pp" plan --gpus 6 --tp 4 --data-dir "$data"
fails 2 "must divide the TP degree" plan --ep 3 --data-dir "$data"
fails 2 "exceeds the model's 32 layers" plan --model llama-3.1-8b --pp 64 --tp 1 --data-dir "$data"
fails 2 "unknown option --frobnicate" plan --frobnicate --data-dir "$data"
fails 2 "needs a value" plan --data-dir "$data" --batch
fails 2 "unknown command \"plna\"" plna --data-dir "$data"
fails 2 "format yaml: expected text, json, markdown, vllm, sglang, trtllm, llamacpp or k8s" plan --format yaml --data-dir "$data"
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
# found by fuzz_catalog: 124 layers of hidden 8e8 wrapped the uint64 weight count
bad_catalog models-hugesizes.json 'models[0] ("tinq"): config: hidden_size is 800000000, more than 1048576'
# each size in bounds, together 256 x (4 x 1e12 + 3 x 1e12) + 2e8 = 1.79e15 parameters
bad_catalog models-hugeparams.json 'models[0] ("vast"): config: its sizes give 1.79e+15 parameters, more than 1e+15'
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

# Launch lines for the engines, from the same plan: one node (Maverick
# FP8 on 8 H200s) and two (DeepSeek-V3 FP8 on 16 H100s, TP 8 within a
# node, PP 2 across the two; 8 GPUs do not hold it).
one="--model llama-4-maverick --weights fp8 --kv-dtype fp8 --gpu h200 --tp 8 --context 32k --batch 64"
two="--model deepseek-v3 --gpu h100-sxm --tp 8 --pp 2"
golden export-vllm.txt 0 plan --format vllm $one
golden export-sglang.txt 0 plan --format sglang $one
golden export-trtllm.txt 0 plan --format trtllm --engine trtllm $one
golden export-llamacpp.txt 0 plan --format llamacpp --model llama-3.1-8b --weights q4_k_m --gpu rtx-4090 --tp 1 --context 16k --batch 4
golden export-vllm-2node.txt 0 plan --format vllm $two
golden export-sglang-2node.txt 0 plan --format sglang --engine sglang $two
# ROCm: aiter above 8K context cuts the default fraction by 0.85; from
# 0.5.15 a given fraction is kept, so the flag carries the cut value
# (0.733), before it SGLang cut the flag too, so it carries 0.862
golden export-sglang-mi300x.txt 0 plan --format sglang --engine sglang --model llama-3.1-70b --gpu mi300x --tp 8 --context 32k
golden export-sglang-mi300x-0.5.txt 0 plan --format sglang --engine sglang --engine-version 0.5 --model llama-3.1-70b --gpu mi300x --tp 8 --context 32k
golden export-trtllm-2node.txt 0 plan --format trtllm --engine trtllm $two
# llama.cpp runs on one node: a refusal, and the plan's status
golden export-llamacpp-2node.txt 0 plan --format llamacpp --engine llamacpp $two
golden export-k8s.txt 0 plan --format k8s $one --gpus 16
golden export-k8s-2node.txt 0 plan --format k8s $two
golden export-k8s-sglang-2node.txt 0 plan --format k8s --engine sglang $two
golden export-k8s-trtllm-2node.txt 0 plan --format k8s --engine trtllm $two
golden export-k8s-simple.txt 0 plan --format k8s --engine simple
golden export-k8s-llamacpp.txt 0 plan --format k8s --engine llamacpp --model llama-3.1-8b --weights q4_k_m --gpu rtx-4090 --tp 1 --context 16k --batch 4

# The launch commands and manifests held to the plan's JSON: the YAML
# parses, its GPUs, replicas and nodes are the plan's, the commands'
# TP, PP, context, batch and memory fractions are the plan's, and every
# flag is one its command documents. Goldens only say nothing changed.
cat >"$tmp/launch_check.py" <<'PY'
import json, re, shlex, sys
import yaml

# The flags each command documents, the lists checked against:
# vllm serve   https://docs.vllm.ai/en/latest/cli/serve.html
# ray start    https://docs.ray.io/en/latest/cluster/cli.html#ray-start
# sglang       https://docs.sglang.io/advanced_features/server_arguments.html
# trtllm-serve https://nvidia.github.io/TensorRT-LLM/1.0.0rc6/commands/trtllm-serve/trtllm-serve.html
# srun         https://slurm.schedmd.com/srun.html
# llama-server https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md
FLAGS = {
    "vllm": {"--host", "--port", "--tensor-parallel-size", "--pipeline-parallel-size",
             "--data-parallel-size", "--distributed-executor-backend",
             "--enable-expert-parallel", "--max-model-len", "--max-num-seqs",
             "--max-num-batched-tokens", "--kv-cache-dtype", "--quantization",
             "--enforce-eager", "--disable-hybrid-kv-cache-manager",
             "--limit-mm-per-prompt", "--gpu-memory-utilization"},
    "ray": {"--head", "--port", "--address", "--block"},
    "sglang": {"--model-path", "--host", "--port", "--tp", "--pp-size", "--ep-size",
               "--dp", "--enable-dp-attention", "--nnodes", "--node-rank",
               "--dist-init-addr", "--context-length", "--max-running-requests",
               "--kv-cache-dtype", "--quantization", "--mem-fraction-static"},
    "trtllm-serve": {"--backend", "--host", "--port", "--tp_size", "--pp_size", "--ep_size",
                     "--max_batch_size", "--max_num_tokens", "--max_seq_len",
                     "--kv_cache_free_gpu_memory_fraction", "--extra_llm_api_options"},
    "srun": {"--nodes", "--ntasks-per-node", "--mpi"},
    "llama-server": {"-m", "--host", "--port", "-c", "--parallel", "-ngl", "--cpu-moe",
                     "--n-cpu-moe", "--split-mode", "--tensor-split", "--batch-size",
                     "--ubatch-size", "--flash-attn", "--cache-type-k", "--cache-type-v"},
}
# what trtllm-serve's options file may set: LLM API arguments
# (https://nvidia.github.io/TensorRT-LLM/llm-api/reference.html)
LLM_API = {"tensor_parallel_size", "pipeline_parallel_size", "moe_expert_parallel_size",
           "max_batch_size", "max_num_tokens", "max_seq_len", "kv_cache_config", "moe_config"}

errors = []
def check(cond, what):
    if not cond:
        errors.append(what)

def tokens(v):
    v = v.lower()
    return int(float(v[:-1]) * {"k": 1024, "m": 1048576}[v[-1]]) if v[-1] in "km" else int(v)

def commands(script):
    """(name, options, positionals) of each command; heredoc bodies
    (the options file) as YAML."""
    cmds, files, lines = [], [], script.split("\n")
    i, text = 0, ""
    while i < len(lines):
        line = lines[i]
        i += 1
        m = re.match(r"cat > (\S+) <<'EOF'$", line)
        if m:
            body = []
            while lines[i] != "EOF":
                body.append(lines[i])
                i += 1
            i += 1
            files.append((m.group(1), yaml.safe_load("\n".join(body))))
            continue
        if line.startswith("#") or not line.strip():
            continue
        text += line[:-1] + " " if line.endswith("\\") else line + "\n"
    for line in text.splitlines():
        words = shlex.split(line)
        while words and re.match(r"^[A-Z_]+=", words[0]):
            words.pop(0)
        if not words or words == ["set", "-e"] or words[0] == "cd":
            continue
        parts = [words]
        if "trtllm-llmapi-launch" in words:
            k = words.index("trtllm-llmapi-launch")
            parts = [words[:k], words[k + 1:]]
        for w in parts:
            name = w[0]
            rest = w[1:]
            if name == "python3" and rest[:2] == ["-m", "sglang.launch_server"]:
                name, rest = "sglang", rest[2:]
            elif name in ("vllm", "ray"):
                rest = rest[1:]        # serve, start
            opts, pos, j = {}, [], 0
            while j < len(rest):
                t = rest[j]
                if t.startswith("-"):
                    if "=" in t:
                        k, v = t.split("=", 1)
                    elif j + 1 < len(rest) and not rest[j + 1].startswith("-"):
                        k, v = t, rest[j + 1]
                        j += 1
                    else:
                        k, v = t, True
                    opts[k] = v
                else:
                    pos.append(t)
                j += 1
            check(name in FLAGS, "unknown command %s" % name)
            for k in opts:
                check(k in FLAGS.get(name, ()), "%s: %s is not a documented flag" % (name, k))
            cmds.append((name, opts, pos))
    return cmds, files

def engine(eng, cmds, files, d):
    L, sc = d["layout"], d["scenario"]
    ctx, batch = tokens(sc["context"]), int(sc["batch"])
    by = lambda n: [o for c, o, p in cmds if c == n]
    if eng == "vllm":
        (o,) = by("vllm")
        check(int(o["--tensor-parallel-size"]) == L["tp"], "vllm tp")
        check(int(o.get("--pipeline-parallel-size", 1)) == L["pp"], "vllm pp")
        check(int(o["--max-model-len"]) == ctx, "vllm context")
        check(float(o["--gpu-memory-utilization"]) == float(sc["gpu-mem-util"]), "vllm util")
        check((o.get("--kv-cache-dtype") == "fp8") == (sc["kv-dtype"] == "fp8"), "vllm kv dtype")
        check(("--enforce-eager" in o) == (sc["enforce-eager"] == "on"), "vllm eager")
        ray = by("ray")
        if L["nodes"] > 1:
            check(o.get("--distributed-executor-backend") == "ray", "vllm ray backend")
            heads = [r for r in ray if "--head" in r]
            workers = [r for r in ray if "--address" in r]
            check(len(heads) == 1 and len(workers) == 1, "ray head and worker")
            check(workers[0]["--address"] == "${HEAD_IP}:" + heads[0]["--port"], "ray port")
        else:
            check(not ray and "--distributed-executor-backend" not in o, "vllm one node")
    elif eng == "sglang":
        s = by("sglang")
        check(len(s) == (2 if L["nodes"] > 1 else 1), "sglang lines")
        for o in s:
            check(int(o["--tp"]) == L["tp"], "sglang tp")
            check(int(o.get("--pp-size", 1)) == L["pp"], "sglang pp")
            check(int(o["--context-length"]) == ctx, "sglang context")
            check(int(o["--max-running-requests"]) == batch, "sglang batch")
            if sc["mem-fraction-static"] != "auto":
                check(float(o["--mem-fraction-static"]) == float(sc["mem-fraction-static"]), "sglang fraction")
            if L["nodes"] > 1:
                check(int(o["--nnodes"]) == L["nodes"], "sglang nnodes")
                check(o["--dist-init-addr"].startswith("${HEAD_IP}:"), "sglang init addr")
        if L["nodes"] > 1:
            check([o["--node-rank"] for o in s] == ["0", "${NODE_RANK}"], "sglang node ranks")
    elif eng == "trtllm":
        (o,) = by("trtllm-serve")
        check(int(o["--tp_size"]) == L["tp"] and int(o["--pp_size"]) == L["pp"], "trtllm tp, pp")
        check(int(o["--max_batch_size"]) == batch, "trtllm batch")
        check(int(o["--max_seq_len"]) == ctx, "trtllm context")
        frac = float(o["--kv_cache_free_gpu_memory_fraction"])
        check(frac == float(sc["kv-free-fraction"]), "trtllm fraction")
        ((name, y),) = files
        check(name == o["--extra_llm_api_options"], "trtllm options file")
        check(set(y) <= LLM_API, "trtllm options: %s" % sorted(set(y) - LLM_API))
        check(y["tensor_parallel_size"] == L["tp"] and y["pipeline_parallel_size"] == L["pp"], "trtllm yaml tp, pp")
        check(y["max_batch_size"] == batch and y["max_seq_len"] == ctx, "trtllm yaml batch, context")
        check(y["max_num_tokens"] == int(o["--max_num_tokens"]), "trtllm yaml tokens")
        check(y["kv_cache_config"]["free_gpu_memory_fraction"] == frac, "trtllm yaml fraction")
        check((y["kv_cache_config"].get("dtype") == "fp8") == (sc["kv-dtype"] == "fp8"), "trtllm yaml kv dtype")
        check(("moe_config" in y) == (d["model"]["experts"] > 0), "trtllm yaml moe backend")
        if d["model"]["experts"] > 0:
            check(y["moe_config"]["backend"] == "CUTLASS", "trtllm moe backend")
            check(y["moe_expert_parallel_size"] == L["ep"] == int(o["--ep_size"]), "trtllm ep")
        srun = by("srun")
        if L["nodes"] > 1:
            check(len(srun) == 1 and int(srun[0]["--nodes"]) == L["nodes"] and
                  int(srun[0]["--ntasks-per-node"]) == L["node_gpus"], "trtllm srun")
        else:
            check(not srun, "trtllm one node")
    elif eng == "llamacpp":
        (o,) = by("llama-server")
        check(int(o["-c"]) == ctx * batch and int(o["--parallel"]) == batch, "llama.cpp -c, -np")
        n = L["tp"] * L["pp"]
        check(len(o.get("--tensor-split", "1").split(",")) == n, "llama.cpp tensor split")
        check(("--cpu-moe" in o) == (sc["cpu-moe"] == "on"), "llama.cpp cpu-moe")
        check(o["--flash-attn"] == sc["flash-attn"], "llama.cpp flash attention")
    else:
        check(False, "no check for engine %s" % eng)

def pod(spec, L, serves):
    (c,) = spec["containers"]
    res = c["resources"]
    (gpu,) = res["limits"]
    check(gpu == ("amd.com/gpu" if d["gpu"]["vendor"] == "amd" else "nvidia.com/gpu"), "GPU resource")
    check(res["requests"][gpu] == res["limits"][gpu] == L["node_gpus"], "pod GPUs")
    if gpu == "nvidia.com/gpu":
        # a label value: 63 characters at most, alphanumeric at both ends
        product = spec["nodeSelector"]["nvidia.com/gpu.product"]
        check(re.match(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", product), "product label %r" % product)
    check({"name": "shm", "emptyDir": {"medium": "Memory"}} in spec["volumes"], "shm volume")
    check({"name": "shm", "mountPath": "/dev/shm"} in c["volumeMounts"], "shm mount")
    if serves:
        port = c["ports"][0]["containerPort"]
        for p in ("readinessProbe", "livenessProbe"):
            check(c[p]["httpGet"] == {"path": "/health", "port": port}, p)
        opts = [o for n, o, _ in commands(c["args"][0])[0] if n != "ray"]
        check(all(int(o.get("--port", port)) == port for o in opts), "server port")
    check(c["command"] == ["/bin/sh", "-c"], "pod command")
    return c["args"][0]

fmt, plan, out = sys.argv[1:]
d = json.load(open(plan))
L, text = d["layout"], open(out).read()
eng = d["scenario"]["engine"] if fmt == "k8s" else fmt
check(L["nodes"] * L["node_gpus"] == L["tp"] * L["pp"], "nodes x GPUs per node")
if fmt == "k8s":
    docs = [x for x in yaml.safe_load_all(text) if x is not None]
    kinds = [x["kind"] for x in docs]
    if L["nodes"] == 1:
        check(kinds == ["Deployment", "Service"], "kinds %s" % kinds)
        dep = docs[0]
        check(dep["spec"]["replicas"] == L["replicas"], "Deployment replicas")
        script = pod(dep["spec"]["template"]["spec"], L, True)
    else:
        check(kinds == ["LeaderWorkerSet", "Service"], "kinds %s" % kinds)
        lws = docs[0]
        check(lws["apiVersion"] == "leaderworkerset.x-k8s.io/v1", "LWS apiVersion")
        check(lws["spec"]["replicas"] == L["replicas"], "LWS replicas")
        t = lws["spec"]["leaderWorkerTemplate"]
        check(t["size"] == L["nodes"], "LWS size")
        script = pod(t["leaderTemplate"]["spec"], L, True) + pod(t["workerTemplate"]["spec"], L, False)
    check(docs[-1]["spec"]["ports"][0]["port"] == docs[0]["spec"].get("template", docs[0]["spec"].get("leaderWorkerTemplate", {}).get("leaderTemplate", {}))["spec"]["containers"][0]["ports"][0]["containerPort"], "Service port")
    text = script
cmds, files = commands(text)
engine(eng, cmds, files, d)
for e in errors:
    print("launch check: " + e)
sys.exit(1 if errors else 0)
PY
# check_launch FORMAT ARGS...: FORMAT's output for ARGS against the plan
check_launch() {
	local fmt=$1
	shift
	run plan --format json "$@" >"$tmp/plan.json" 2>/dev/null
	run plan --format "$fmt" "$@" >"$tmp/launch" 2>/dev/null
	if python3 "$tmp/launch_check.py" "$fmt" "$tmp/plan.json" "$tmp/launch" >"$tmp/why" 2>&1; then
		ok "$fmt launch matches the plan: $*"
	else
		not_ok "$fmt launch vs the plan ($*): $(cat "$tmp/why")"
	fi
}
if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
	llama2gpu="--engine llamacpp --model qwen3-30b-a3b --weights q4_k_m --gpus 2 --gpu rtx-4090 --context 16384 --batch 1 --flash-attn off --cpu-moe on"
	tp16="--model deepseek-v3 --gpu h100-sxm --gpus 16 --tp 16"
	for fmt in vllm sglang trtllm; do
		check_launch $fmt $one
		check_launch $fmt $two
		check_launch $fmt $tp16
		check_launch $fmt --engine $fmt $two
	done
	check_launch vllm --model llama-4-scout --kv-dtype fp8 --enforce-eager on --hybrid-kv off
	check_launch vllm --model llama-3.1-70b --gpus 16 --tp 4
	check_launch sglang --engine sglang --mem-fraction-static 0.8 $one
	check_launch trtllm --engine trtllm --model llama-3.1-8b --tp 1 --kv-free-fraction 0.7
	check_launch llamacpp --model llama-3.1-8b --weights q4_k_m --gpu rtx-4090 --tp 1 --context 16k --batch 4
	check_launch llamacpp $llama2gpu
	check_launch k8s $one --gpus 16
	check_launch k8s $two
	check_launch k8s $tp16
	check_launch k8s --engine sglang $two
	check_launch k8s --engine trtllm $one
	check_launch k8s $llama2gpu
	check_launch k8s --model llama-3.1-70b --gpus 16 --tp 4
	check_launch k8s --model llama-3.1-70b --gpu mi300x --tp 2
	check_launch k8s --model llama-3.1-70b --gpu b200 --tp 2
	# refusals: a comment, no command, no manifest
	if run plan --format llamacpp --engine llamacpp $two | grep -q '^# llama.cpp runs on one node' &&
		! run plan --format llamacpp $two | grep -q '^llama-server' &&
		run plan --format k8s --engine trtllm $two | grep -q '^# TensorRT-LLM over 2 nodes runs as one MPI world' &&
		! run plan --format k8s --engine trtllm $two | grep -q '^kind:' &&
		run plan --format k8s --engine simple | grep -q '^# simple has no launch line'; then
		ok "layouts an engine cannot launch are refused in a comment"
	else
		not_ok "refusals of layouts an engine cannot launch"
	fi
else
	ok "# SKIP launch checks: python3 with yaml (python3-yaml) is missing"
fi
# llama.cpp over two GPUs, the logged start-up of engine-logs.json
# (Qwen3-30B-A3B Q4_K_M, -c 16384, FA off, experts on the CPU): what its
# log should say per device, and memory.devices in JSON: on like GPUs
# block il goes to GPU upper_bound({1/2, 1}, il / 49), blocks 0-24 and
# 25-47.
llama2="--engine llamacpp --model qwen3-30b-a3b --weights q4_k_m --gpus 2 --gpu rtx-4090 --context 16384 --batch 1 --flash-attn off --cpu-moe on"
golden plan-llamacpp-2gpu.txt 0 plan $llama2
if command -v python3 >/dev/null; then
	if run plan --format json $llama2 | python3 -c '
import json, sys
d = json.load(sys.stdin)["memory"]
devs = d["devices"]
assert [x["layers"] for x in devs] == [[0, 25], [25, 48]]
for x in devs:
    for k in ["weights_bytes", "kv_cache_bytes", "compute_buffer_bytes", "overhead_bytes", "free_bytes"]:
        assert isinstance(x[k], (int, float))
assert devs[1]["free_bytes"] == d["per_gpu"]["free_bytes"]
'; then ok "json memory.devices per GPU of the layer split"; else not_ok "json memory.devices per GPU of the layer split"; fi
	# fit searches the checkpoint's own format too, and --weights
	# native is that format alone
	if run fit --model gpt-oss-120b --weights native --format json --top 5 | python3 -c '
import json, sys
c = json.load(sys.stdin)["candidates"]
assert c and all(x["weights"] == "mxfp4" for x in c)
' && run fit --model gpt-oss-120b --format json --top 200 | python3 -c '
import json, sys
assert "mxfp4" in {x["weights"] for x in json.load(sys.stdin)["candidates"]}
'; then ok "fit searches the native format"; else not_ok "fit and the native format"; fi
	# a sampler given by hand goes into the launch line
	if run plan --format vllm --sampler flashinfer --engine-version 0.10 |
		grep -q '^VLLM_USE_FLASHINFER_SAMPLER=1 vllm serve '; then
		ok "--sampler flashinfer sets VLLM_USE_FLASHINFER_SAMPLER in the launch line"
	else
		not_ok "--sampler flashinfer in the launch line"
	fi
	# --weights native (the default): gpt-oss ships MXFP4 (its
	# quantization_config in models.json), DeepSeek-V3 block FP8; a
	# format given by hand wins
	if run plan --model gpt-oss-120b --gpu h100-sxm --tp 1 --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["scenario"]["weights"] == "native"
assert d["model"]["weights_format"] == "mxfp4" and d["model"]["native_format"] == "mxfp4"
' && run plan --model deepseek-v3 --gpu h200 --tp 8 --format json | python3 -c '
import json, sys
assert json.load(sys.stdin)["model"]["weights_format"] == "fp8"
' && run plan --model gpt-oss-120b --weights bf16 --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)["model"]
assert d["weights_format"] == "bf16" and d["native_format"] == "mxfp4"
'; then ok "native weights follow the checkpoint, a given format wins"; else not_ok "native weights"; fi
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
# found by fuzz_userconfig (doc/fuzzing.md): [prices:catalog] is no
# section to iniparser, and its keys read as [prices]'s without a value
cfg="$top_srcdir/tests/data/config/fuzz-colon-section.ini"
GPUPLAN_CONFIG="$cfg" run plan >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -qF "$cfg:1: [prices:catalog]: unknown section" "$tmp/err"; then
	ok "config.ini with [prices:catalog]: named, no crash"; else not_ok "config.ini [prices:catalog]: $(cat "$tmp/err")"; fi

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
# A checkpoint folder is its config.json, with the files beside it
run plan --model-config "$hf/Llama-3.1-8B-Instruct-FP8/config.json" --format json |
	grep -v '"model-config"' >"$tmp/by-file"
run plan --model-config "$hf/Llama-3.1-8B-Instruct-FP8/" --format json |
	grep -v '"model-config"' >"$tmp/by-dir"
if grep -q '"id":	"llama-3.1-8b-instruct-fp8"' "$tmp/by-dir" && cmp -s "$tmp/by-file" "$tmp/by-dir"; then
	ok "--model-config DIR plans as DIR/config.json"
else
	not_ok "--model-config DIR: $(diff "$tmp/by-file" "$tmp/by-dir" | head -5)"
fi
# the engine loads the folder itself, not the one above it
run plan --model-config "$hf/DeepSeek-R1-Distill-Qwen-7B" --format vllm >"$tmp/out"
has "$tmp/out" "vllm serve $hf/DeepSeek-R1-Distill-Qwen-7B " \
	"--model-config DIR: vllm serve DIR"
mkdir -p "$tmp/empty-ckpt"
fails 2 "empty-ckpt: a checkpoint folder needs its config.json" plan --model-config "$tmp/empty-ckpt" --data-dir "$data"
# gpuplan import: into the user's own catalog, atomically, marked as theirs
idata="$tmp/import-data"
ucat="$idata/gpuplan/models.json"
if XDG_DATA_HOME="$idata" run import "$hf/Llama-3.1-8B-Instruct-FP8" >"$tmp/out" 2>&1 &&
	grep -q "imported .* as llama-3.1-8b-instruct-fp8 in $ucat" "$tmp/out" &&
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["models"]) == 1' "$ucat"; then
	ok "import writes the user's catalog"
else
	not_ok "import: $(cat "$tmp/out")"
fi
if XDG_DATA_HOME="$idata" run models | grep -q "^llama-3.1-8b-instruct-fp8 .*(yours)$"; then
	ok "an imported model is listed as the user's"
else
	not_ok "import: not in gpuplan models"
fi
# it plans as --model-config plans the folder: the checkpoint's FP8 bits
XDG_DATA_HOME="$idata" run plan --model llama-3.1-8b-instruct-fp8 --gpu l40s --format json |
	grep -v '"model' >"$tmp/by-import"
run plan --model-config "$hf/Llama-3.1-8B-Instruct-FP8" --gpu l40s --format json |
	grep -v '"model' | sed 's/-imported"/"/' >"$tmp/by-config"
if cmp -s "$tmp/by-import" "$tmp/by-config" &&
	grep -q '"total_params":[[:space:]]*8030261248' "$tmp/by-import"; then
	ok "an imported model plans as its folder does"
else
	not_ok "import vs --model-config: $(diff "$tmp/by-import" "$tmp/by-config" | head -5)"
fi
# a second import of the same folder replaces it; a shipped id is kept apart
XDG_DATA_HOME="$idata" run import "$hf/Llama-3.1-8B-Instruct-FP8/config.json" >"$tmp/out" 2>&1
XDG_DATA_HOME="$idata" run import "$hf/Llama-3.1-8B" >>"$tmp/out" 2>&1
if grep -q "^replaced .* as llama-3.1-8b-instruct-fp8 " "$tmp/out" &&
	grep -q " as llama-3.1-8b-imported " "$tmp/out" &&
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["models"]) == 2' "$ucat" &&
	[ -z "$(find "$idata/gpuplan" -type f ! -name models.json)" ]; then
	ok "import replaces its own entry, keeps a shipped id apart, leaves no temp file"
else
	not_ok "import twice: $(cat "$tmp/out")"
fi
# a bad import changes nothing; a damaged catalog is named, never rewritten
cp "$ucat" "$tmp/ucat.before"
fails 2 "empty-ckpt: a checkpoint folder needs its config.json" import "$tmp/empty-ckpt" --data-dir "$data"
printf '{"format": "gpuplan-models", "version": 1, "models": [' >"$tmp/broken-data.json"
mkdir -p "$tmp/broken-data/gpuplan"
cp "$tmp/broken-data.json" "$tmp/broken-data/gpuplan/models.json"
XDG_DATA_HOME="$tmp/broken-data" run import "$hf/Llama-3.1-8B" >"$tmp/out" 2>&1
XDG_DATA_HOME="$tmp/broken-data" run models >/dev/null 2>>"$tmp/out"
if cmp -s "$ucat" "$tmp/ucat.before" &&
	cmp -s "$tmp/broken-data/gpuplan/models.json" "$tmp/broken-data.json" &&
	grep -q "gpuplan/models.json: not valid JSON .*(nothing imported)" "$tmp/out" &&
	grep -q "gpuplan/models.json: not valid JSON .*(ignoring your catalog)" "$tmp/out"; then
	ok "a failed import or a damaged catalog leaves the file as it was, named"
else
	not_ok "import failures: $(cat "$tmp/out")"
fi
# Python's NaN and Infinity (transformers writes them): ignored where
# the planner reads nothing, refused by name where it reads the field
mkdir -p "$tmp/pylit" "$tmp/pylit-bad"
cat >"$tmp/pylit/config.json" <<'JSON'
{"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
 "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
 "vocab_size": 128256, "max_position_embeddings": 131072,
 "rope_scaling": {"factor": Infinity, "low": -Infinity, "note": "NaN in a string"},
 "initializer_range": NaN}
JSON
sed 's/"hidden_size": 4096/"hidden_size": NaN/' "$tmp/pylit/config.json" >"$tmp/pylit-bad/config.json"
# Granite 4.0-H lists its Mamba layers in layer_types: refused by entry
mkdir -p "$tmp/granite"
cat >"$tmp/granite/config.json" <<'JSON'
{"model_type": "granitemoehybrid", "hidden_size": 512, "intermediate_size": 1024,
 "num_hidden_layers": 4, "num_attention_heads": 8, "vocab_size": 49152,
 "layer_types": ["mamba", "mamba", "mamba", "attention"]}
JSON
if run plan --model-config "$tmp/pylit/config.json" --format json | grep -q '"total_params":	8030261248'; then
	ok "NaN and Infinity where nothing reads them: planned"
else
	not_ok "NaN and Infinity where nothing reads them"
fi
fails 2 'config.json: field "hidden_size"' plan --model-config "$tmp/pylit-bad/config.json" --data-dir "$data"
# A GGUF file: its weights are its tensors' 16,928 bytes (worked out by
# hand in tests/test_gguf.c), the launch line loads the file itself.
gguf="$top_srcdir/tests/data/gguf/tiny-llama.gguf"
if run plan --model-file "$gguf" --engine llamacpp --gpu h100-sxm --tp 1 --format json |
	grep -q '"weight_bytes":	16928'; then
	ok "a GGUF file plans its exact tensor bytes"
else
	not_ok "a GGUF file plans its exact tensor bytes"
fi
if run plan --model-file "$gguf" --engine llamacpp --gpu h100-sxm --tp 1 --format llamacpp |
	grep -qF "llama-server -m $gguf"; then
	ok "the llama.cpp launch line loads the GGUF file"
else
	not_ok "the llama.cpp launch line loads the GGUF file"
fi
# 13,408 parameters: 2 x 64 x 32 embedding and head, 32 x (32 + 16 + 16
# + 32) attention, 3 x 32 x 64 FFN, 3 x 32 norms
golden inspect-tiny-gguf.txt 0 inspect --model-file "$gguf"
head -c 100 "$gguf" >"$tmp/cut.gguf"
fails 2 "cut.gguf: byte " plan --model-file "$tmp/cut.gguf" --data-dir "$data"
fails 2 "both name the model" plan --model-file "$gguf" --model-config "$hf/DeepSeek-V3/config.json" --data-dir "$data"

# inspect names the file that declares the quantization: ModelOpt's
# hf_quant_config.json here, config.json's quantization_config above
if run inspect --model-config "$top_srcdir/tests/data/aic/nvidia--NVIDIA-Nemotron-3.5-Lightning-30B-A3B-NVFP4" |
	grep -q '^Checkpoint format  hf_quant_config.json MIXED_PRECISION, 4.5 bits'; then
	ok "inspect: the quantization is named by the file that declares it"
else
	not_ok "inspect: the quantization is named by the file that declares it"
fi

# a Mamba hybrid: KV for its 6 attention layers of 52 only; vLLM's page
# layout for its states is not modelled, so the log line says so
if run inspect --model-config "$hf/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16/config.json" |
	grep -q '6 full + 23 mamba + 23 none' &&
   run plan --model nemotron-3-nano --gpu h100-sxm --tp 1 --batch 8 |
	grep -q 'engine log .*not predicted'; then
	ok "Nemotron-H: 6 attention layers; vLLM's hybrid log not predicted"
else
	not_ok "Nemotron-H: 6 attention layers; vLLM's hybrid log not predicted"
fi
fails 2 'field "layer_types"[0]: unknown kind "mamba"' inspect --model-config "$tmp/granite/config.json" --data-dir "$data"
run validate >"$tmp/out" 2>&1
if grep -q "memory       9 entries" "$tmp/out"; then ok "validate prints the summary"; else not_ok "validate: $(tail -3 "$tmp/out")"; fi
# The engines' start-up logs hold the plan to its bounds (median KV budget
# error 5%, none over 15% unless within 0.5 GiB): --check fails otherwise.
if run validate --check >"$tmp/out" 2>&1; then
	ok "validate --check: start-up logs within bounds ($(grep 'start-up' "$tmp/out" | sed 's/^ *//'))"
else
	not_ok "validate --check: $(grep 'start-up' "$tmp/out")"
fi

# Prices (issue 17): imports go to their own data directory here, so
# that no other test plans with them. The fixtures are copied and dated
# 2026-11-30, the day before SOURCE_DATE_EPOCH (Makefile.am), because
# an import is dated by its file's time.
pdata="$tmp/pdata"
pfix="$tmp/pfix"
mkdir -p "$pfix"
cp "$fixtures"/prices/* "$pfix/"
touch -d "2026-11-30 12:00:00 UTC" "$pfix"/*
saved_data_home=$XDG_DATA_HOME
export XDG_DATA_HOME="$pdata"
golden prices-import-aws.txt 0 prices import "$pfix/aws-vms.csv" --provider aws
has "$tmp/err" 'aws-vms.csv:7: accelerator "Inferentia2" is not in price-aliases.json (skipped)' \
	"import: an unknown accelerator is reported with its line"
has "$tmp/err" 'aws-vms.csv:8: no price (Price and SpotPrice empty or 0) (skipped)' \
	"import: an empty price is reported with its line"
has "$tmp/err" 'aws-vms.csv:9: Price "forty": not a price (skipped)' "import: a bad number is reported"
has "$tmp/err" 'aws-vms.csv:10: AcceleratorCount "one"' "import: a bad count is reported"
if [ "$(ls -A "$pdata/gpuplan/prices")" = "aws.json" ]; then
	ok "import writes PROVIDER.json and leaves no temp file"
else
	not_ok "import left: $(ls -A "$pdata/gpuplan/prices")"
fi
if command -v python3 >/dev/null; then
	if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "gpuplan-prices" and d["provider"] == "aws" and d["date"] == "2026-11-30"
p = {(q["gpu"], q["region"], q["kind"]): q["usd_per_hour"] for q in d["gpu_prices"]}
assert p[("h100-sxm", "us-east-1", "on-demand")] == 12.29, p   # 98.32 / 8
assert p[("h100-sxm", "us-east-1", "spot")] == 4.91625, p      # 39.33 / 8
' "$pdata/gpuplan/prices/aws.json"; then
		ok "the price file: valid JSON, 98.32 / 8 = 12.29 per GPU-hour"
	else
		not_ok "the price file's content"
	fi
fi
# no --provider: the file's name; quoted commas, CRLF, reordered columns
golden prices-import-neo.txt 0 prices import "$pfix/neo-cloud.csv"
has "$tmp/err" 'neo-cloud.csv:4: not UTF-8 text (skipped)' "import: non-UTF-8 bytes are reported"
has "$tmp/err" 'neo-cloud.csv:5: Price "7,5": not a price (skipped)' "import: a quoted comma stays in its field"
fails 2 'none-usable.csv: no price imported from 3 rows' \
	prices import "$pfix/none-usable.csv" --data-dir "$data"
has "$tmp/err" 'none-usable.csv:4: quote opened on line 4 never closed (skipped)' \
	"import: an unclosed quote is reported"
fails 2 'no "Price" column' \
	prices import "$pfix/no-price-column.csv" --data-dir "$data"
fails 2 'no-such.csv: No such file' \
	prices import "$pfix/no-such.csv" --data-dir "$data"
fails 2 'prices takes no arguments, or import FILE...' \
	prices export --data-dir "$data"
golden prices-import-openrouter.txt 0 prices import "$pfix/openrouter.json" --provider openrouter
has "$tmp/err" 'data[2] ("meta-llama/llama-4-maverick"): pricing.prompt and pricing.completion' \
	"import: OpenRouter's variable price (-1) is reported"
golden prices-list.txt 0 prices
# A plan takes the import: the newest, on-demand, the cheapest region
# (us-west-2's 96.00 / 8 = 12.00), and says which rule chose it.
golden plan-imported-prices.txt 0 plan
run plan --region us-east-1 >"$tmp/out" 2>&1
has "$tmp/out" 'GPU-hour     $12.29 (aws us-east-1, on-demand, p5.48xlarge)' "--region chooses the region"
run plan --gpu l40s --provider neo-cloud >"$tmp/out" 2>&1
has "$tmp/out" 'GPU-hour     $3.20 (neo-cloud eu-west-1, on-demand, gpu.l40s, "large")' "--provider chooses the provider"
run plan --provider lambda >"$tmp/out" 2>&1
has "$tmp/out" 'No imported price for h100-sxm from lambda: the catalog' "--provider without prices: the catalog's, said"
has "$tmp/out" 'GPU-hour     $2.69 (RunPod spot)' "--provider without prices: the catalog's price"
# a newer import wins until --provider chooses the older one
# (the header of skypilot-catalog catalogs/v8/lambda/vms.csv, a GpuInfo
# holding commas)
cat >"$pfix/lambda.csv" <<'CSV'
InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice
cpu_4x_general,,,4.0,16.0,0.2,us-south-1,,
gpu_8x_h100_sxm5,H100,8.0,208.0,1800.0,23.92,us-south-1,"{'Gpus': [{'Name': 'H100', 'Manufacturer': 'NVIDIA', 'Count': 8.0}]}",
CSV
touch -d "2026-12-01 06:00:00 UTC" "$pfix/lambda.csv"
run prices import "$pfix/lambda.csv" >/dev/null 2>&1
run plan >"$tmp/out" 2>&1
has "$tmp/out" 'GPU-hour     $2.99 (lambda us-south-1, on-demand' "the newest import wins (23.92 / 8 = 2.99)"
run plan --provider aws >"$tmp/out" 2>&1
has "$tmp/out" 'GPU-hour     $12.00 (aws us-west-2, on-demand' "--provider chooses an older import"
run plan --gpu-price 1.5 >"$tmp/out" 2>&1
has "$tmp/out" 'GPU-hour     $1.50 (--gpu-price)' "--gpu-price beats imports"
# fit prices a GPU that has no catalog price from an import
printf 'InstanceType,AcceleratorName,AcceleratorCount,Price,SpotPrice,Region\nx,L20,8,40,,us\n' >"$pfix/l20.csv"
touch -d "2026-11-30 12:00:00 UTC" "$pfix/l20.csv"
run prices import "$pfix/l20.csv" >/dev/null 2>&1
run fit --model llama-3.1-8b --gpu l20 --top 1 >"$tmp/out" 2>&1
has "$tmp/out" '  1 l20' "fit takes a GPU priced only by an import"
# gpus.json: the M4 Max has no published FLOPS and no_price "bought, not
# rented ..."; the plan says both in words, not as 0 ms or a blank
run plan --gpu apple-m4-max --model llama-3.1-8b --engine llamacpp >"$tmp/out" 2>&1
has "$tmp/out" 'compute unknown (no published FP16 FLOPS)' "no FLOPS: the step says compute is unknown"
has "$tmp/out" 'memory time only, the compute is unknown' "no FLOPS: TTFT says it is memory time only"
has "$tmp/out" 'no GPU price: bought, not rented' "no_price: the cost section gives the reason"
run plan --gpu apple-m4-max --model llama-3.1-8b --engine llamacpp --format json >"$tmp/out" 2>&1
grep -q '"compute_known":[[:space:]]*false' "$tmp/out" && ok "no FLOPS: JSON marks compute_ms as not known" || not_ok "no FLOPS: JSON lacks compute_known false"
# a damaged price file is named and skipped; the others still count
echo '{"format": "gpuplan-prices", "version": 1, "gpu_prices": [' >"$pdata/gpuplan/prices/broken.json"
run plan >"$tmp/out" 2>"$tmp/err"
has "$tmp/err" 'broken.json: not valid JSON' "a damaged price file is named"
has "$tmp/out" 'GPU-hour     $2.99 (lambda' "and the other price files still count"
rm -f "$pdata/gpuplan/prices/broken.json"
export XDG_DATA_HOME="$saved_data_home"

# On-prem: 30,000 / (3 x 8,760) + 0.7 kW x 1.3 x 0.12 = 1.1416 + 0.1092 = 1.2508
run plan --gpu-capex 30000 >"$tmp/out" 2>&1
has "$tmp/out" 'on-prem      $1.25 per GPU-hour: $1.14 capex ($30,000 over 3 years) + $0.11 power' "on-prem cost beside the rental"
has "$tmp/out" '(0.70 kW TDP x PUE 1.30 x $0.120/kWh); fleet $3,652/month' "on-prem: its inputs, the TDP by default"
run plan --gpu-capex 30000 --explain >"$tmp/out" 2>&1
has "$tmp/out" '= 30000 / (3 x 8760) + 0.70 x 1.30 x 0.120 = 1.2508' "on-prem in --explain"
run plan --gpu-capex 30000 --format markdown >"$tmp/out" 2>&1
has "$tmp/out" '| on-prem per GPU-hour | $1.25 |' "on-prem in Markdown"
if command -v python3 >/dev/null; then
	if run plan --gpu-capex 30000 --power-kw 0.7 --format json | python3 -c '
import json, sys
o = json.load(sys.stdin)["cost"]["onprem"]
assert abs(o["usd_per_gpu_hour"] - (30000 / 26280 + 0.7 * 1.3 * 0.12)) < 1e-9, o
assert abs(o["usd_per_month"] - o["usd_per_gpu_hour"] * 4 * 730) < 1e-6, o
'; then ok "on-prem in JSON"; else not_ok "on-prem in JSON"; fi
fi
fails 2 '--pue 0.5: must be a number from 1 to 5' plan --pue 0.5 --data-dir "$data"
fails 2 '--amortize-years 0: must be a number from 0.25 to 20' plan --amortize-years 0 --data-dir "$data"
fails 2 '--gpu-capex -5: must be a number from 0 to 1e+07' plan --gpu-capex -5 --data-dir "$data"
fails 2 '--provider ../x: expected letters' plan --provider ../x --data-dir "$data"

# simulate: its options are its own, refused by name, and its JSON has
# the fields the man page documents (the numbers are test_sim.c's).
fails 2 '--rate is not an option of gpuplan plan' plan --rate 5 --data-dir "$data"
fails 2 '--length-dist uniform:2-1: expected fixed, trace, or uniform:LO-HI' simulate --length-dist uniform:2-1 --data-dir "$data"
fails 2 '--rate 0: give the arrival rate' simulate --rate 0 --data-dir "$data"
fails 1 'needs more KV than the pool' simulate --model llama-3.1-8b --gpus 1 --prompt-tokens 1m --output-tokens 1 --context 1m --data-dir "$data"
if run simulate --requests 200 --rate 1 --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
sim = d["simulation"]
for k in ("ttft_ms", "tpot_ms", "itl_ms", "e2e_ms"):
    assert set(sim[k]) == {"mean", "p50", "p90", "p99"}, k
    assert sim[k]["p50"] <= sim[k]["p90"] <= sim[k]["p99"], k
for k in ("throughput_tokens_per_s", "goodput_rps", "preemptions", "capacity_tokens_per_s"):
    assert k in sim, k
assert sim["queue_ms"]["mean"] >= 0
assert sim["requests"] == 200 and d["scenario"]["rate_rps"] == 1
'; then ok "simulate JSON fields"; else not_ok "simulate JSON fields"; fi
run simulate --requests 200 --rate 1 --seed 9 >"$tmp/a" 2>&1
run simulate --requests 200 --rate 1 --seed 9 >"$tmp/b" 2>&1
if cmp -s "$tmp/a" "$tmp/b"; then ok "simulate: the same seed, the same report"; else not_ok "simulate: seeds"; fi
has "$tmp/a" "TTFT" "simulate text has the TTFT row"
run simulate --requests 50 --rate 1 --format markdown >"$tmp/a" 2>&1
has "$tmp/a" "| TTFT |" "simulate Markdown table"
printf '[gpuplan]\nformat = 1\n[load]\nrate = 0.5\nrequests = 30\n' >"$tmp/load.ini"
run simulate --scenario "$tmp/load.ini" --format json >"$tmp/a" 2>&1
has "$tmp/a" '"requests":	30' "simulate reads [load] from a scenario file"

# simulate --trace: the Azure trace's dates and BurstGPT's columns (rows
# shaped as theirs, tests/data/traces), the arrivals as recorded: Azure's
# four rows span 18:15:46.68059 to 18:15:52.0, one of no output left out,
# so 3 requests over 5.31941 s, 0.376 requests/s (2 gaps / 5.319 s).
run simulate --model llama-3.1-8b --gpus 1 --trace "$top_srcdir/tests/data/traces/azure.csv" \
	--format json >"$tmp/a" 2>&1
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["simulation"]
assert d["requests"] == 3 and d["trace_rows_left_out"] == 1 and d["trace_lengths"], d
assert abs(d["rate_rps"] - 2 / 5.31941) < 1e-3, d["rate_rps"]
' "$tmp/a"; then ok "simulate --trace: Azure dates, rows of no output left out"; else not_ok "simulate --trace azure: $(head -c 300 "$tmp/a")"; fi
run simulate --model llama-3.1-8b --gpus 1 --trace "$top_srcdir/tests/data/traces/burstgpt.csv" >"$tmp/a" 2>&1
has "$tmp/a" "2 requests a replica from the trace" "simulate --trace: BurstGPT's columns"
run simulate --model llama-3.1-8b --gpus 1 --trace "$top_srcdir/tests/data/traces/lines.jsonl" >"$tmp/a" 2>&1
has "$tmp/a" "2 requests a replica from the trace" "simulate --trace: JSON Lines"
printf 'time,prompt_tokens\n0,10\n' >"$tmp/t.csv"
fails 2 't.csv: line 1: no output tokens column' simulate --trace "$tmp/t.csv" --data-dir "$data"
printf 'time,prompt_tokens,output_tokens\n0,10,5\nsoon,10,5\n' >"$tmp/t.csv"
fails 2 't.csv: line 3: time "soon": expected seconds' simulate --trace "$tmp/t.csv" --data-dir "$data"
printf 'time,prompt_tokens,output_tokens\n0,10,5\n1e300,10,5\n' >"$tmp/t.csv"
fails 2 't.csv: line 3: time "1e300": expected seconds (0 to 1e11)' simulate --trace "$tmp/t.csv" --data-dir "$data"
printf 'time,prompt_tokens,output_tokens\n5,10,5\n4,10,5\n' >"$tmp/t.csv"
fails 2 't.csv: line 3: time 4.000000 goes back from 5.000000' simulate --trace "$tmp/t.csv" --data-dir "$data"
printf 'time,prompt_tokens,output_tokens\n0,0,5\n' >"$tmp/t.csv"
fails 2 't.csv: line 2: prompt tokens "0": expected a whole number >= 1' simulate --trace "$tmp/t.csv" --data-dir "$data"
printf '{"time": 0, "prompt_tokens": 3}\n' >"$tmp/t.jsonl"
fails 2 't.jsonl: line 1: no output tokens' simulate --trace "$tmp/t.jsonl" --data-dir "$data"
fails 2 'no/such.csv' simulate --trace "$tmp/no/such.csv" --data-dir "$data"
fails 2 '--length-dist trace: give the trace with --trace FILE' simulate --length-dist trace --data-dir "$data"

# Speculative decoding: the launch lines carry it, as each engine spells
# it (vLLM's SpeculativeConfig, SGLang's server_args), and a wrong one is
# refused with its reason.
run plan --model deepseek-v3 --gpu h200 --gpus 8 --spec mtp --format vllm >"$tmp/out" 2>&1
has "$tmp/out" "--speculative-config '{\"method\": \"mtp\", \"num_speculative_tokens\": 1}'" "vllm launch: --spec mtp"
run plan --model llama-3.1-70b --gpu h100-sxm --spec draft:llama-3.1-8b --spec-accept 0.6 --spec-tokens 4 --format sglang >"$tmp/out" 2>&1
has "$tmp/out" "--speculative-num-steps 4 --speculative-eagle-topk 1 --speculative-num-draft-tokens 5" "sglang launch: --spec draft:MODEL"
has "$tmp/out" "--speculative-draft-model-path meta-llama/Llama-3.1-8B" "sglang launch: the draft's checkpoint"
run plan --model llama-3.1-8b --spec eagle --explain >"$tmp/out" 2>&1
has "$tmp/out" "E = (1 - A^(K+1)) / (1 - A) = (1 - 0.7170^4) / (1 - 0.7170) = 2.5997 tokens a step" "explain: the acceptance formula"
fails 2 '--spec mtp: llama-3.1-8b has no multi-token-prediction layers' plan --model llama-3.1-8b --spec mtp --data-dir "$data"
fails 2 '--spec draft:nope: no such model in the catalog' plan --spec draft:nope --spec-accept 0.5 --data-dir "$data"
fails 2 'give --spec-accept A' plan --model llama-3.1-70b --spec draft:llama-3.1-8b --data-dir "$data"
fails 2 '--spec medusa' plan --spec medusa --data-dir "$data"
fails 2 'the simulator does not model speculative decoding yet' simulate --spec ngram --data-dir "$data"

# Help and version go to stdout with status 0.
if run --help | grep -q -- "--kv-dtype DTYPE"; then ok "--help lists options"; else not_ok "--help lists options"; fi
if "$GPUPLAN" --version | grep -q "^gpuplan "; then ok "--version"; else not_ok "--version"; fi

# TAP: the plan comes last, once the count is known.
echo "1..$((pass + fail))"
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
