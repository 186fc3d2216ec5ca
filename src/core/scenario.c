/* scenario.c - defaults, the options table, and parsing of values. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "fmt.h"
#include "price.h"
#include "scenario.h"
#include "spec.h"

/* An enum option's spellings come from its own table: choice i, or
 * NULL past the last. */
static const char *
weight_choice(int i)
{
	return i >= 0 && i < WF_COUNT ? weight_format_info((enum weight_format)i)->id : NULL;
}

static const char *
kv_choice(int i)
{
	return i >= 0 && i < KV_COUNT ? kv_dtype_id((enum kv_dtype)i) : NULL;
}

static const char *
flash_attn_choice(int i)
{
	static const char *const ids[] = {"auto", "on", "off"};

	return i >= 0 && i <= FA_OFF ? ids[i] : NULL;
}

static const char *
sampler_choice(int i)
{
	static const char *const ids[] = {"auto", "flashinfer", "pytorch", "triton"};

	return i >= 0 && i <= SAMPLER_TRITON ? ids[i] : NULL;
}

static const char *
routing_choice(int i)
{
	static const char *const ids[] = {"skewed", "balanced"};

	return i >= 0 && i <= ROUTING_BALANCED ? ids[i] : NULL;
}

static const char *
moe_backend_choice(int i)
{
	static const char *const ids[] = {"auto", "cutlass", "triton"};

	return i >= 0 && i <= MOE_BACKEND_TRITON ? ids[i] : NULL;
}

static const char *
split_choice(int i)
{
	static const char *const ids[] = {"layer", "row"};

	return i >= 0 && i <= SPLIT_ROW ? ids[i] : NULL;
}

static bool
version_check(const char *v)
{
	return engine_version_code(v) >= 0;
}

int
scenario_length_dist(const char *v, double *lo, double *hi)
{
	char *end;

	if (*v == '\0' || strcmp(v, "fixed") == 0 || strcmp(v, "trace") == 0) {
		*lo = *hi = 1;
		return 0;
	}
	if (strncmp(v, "uniform:", 8) != 0)
		return -1;
	*lo = strtod(v + 8, &end);
	if (end == v + 8 || *end != '-')
		return -1;
	v = end + 1;
	*hi = strtod(v, &end);
	if (end == v || *end != '\0' || !(*lo > 0) || !(*hi >= *lo) || !(*hi <= 100))
		return -1;
	return 0;
}

static bool
length_dist_ok(const char *v)
{
	double lo, hi;

	return scenario_length_dist(v, &lo, &hi) == 0;
}

static bool
spec_ok(const char *v)
{
	enum spec_method m;

	return spec_parse(v, &m, NULL, 0) == 0;
}

static const char *
engine_choice(int i)
{
	return i >= 0 && (unsigned)i < engine_count ? engines[i]->id : NULL;
}

#define F(field) offsetof(struct scenario, field)
#define SZ(field) sizeof(((struct scenario *)0)->field)

const struct option_def scenario_options[] = {
	{
		.name = "model", .section = "model", .type = OPT_STRING,
		.min = 1, .max = 0, .metavar = "ID",
		.def = "llama-4-scout",
		.label = "model",
		.step_kind = STEP_CATALOG,
		.help = "model from the catalog (gpuplan models)",
		.offset = F(model), .size = SZ(model),
	},
	{
		.name = "model-config", .section = "model", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "FILE|DIR|\"\"",
		.def = "",
		.label = "config.json",
		.step_kind = STEP_TYPED,
		.help = "plan a model from its Hugging Face config.json or checkpoint folder (offline)",
		.offset = F(model_config), .size = SZ(model_config),
	},
	{
		.name = "model-file", .section = "model", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "FILE.gguf|\"\"",
		.def = "",
		.help = "plan a llama.cpp GGUF file instead: its header only, weights to the byte",
		.offset = F(model_file), .size = SZ(model_file),
	},
	{
		.name = "moe", .section = "model", .type = OPT_BOOL,
		.min = 0, .max = 1, .metavar = "on|off",
		.def = "on",
		.label = "MoE",
		.help = "off sizes an MoE model as dense: every expert read every step",
		.offset = F(moe),
	},
	/* real traffic is skewed; the kernels were measured both ways */
	{
		.name = "routing", .section = "model", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "skewed|balanced",
		.def = "skewed",
		.label = "routing",
		.help = "how tokens spread over the experts, for the measured fused-MoE kernel's time (skewed: power-law, as real traffic)",
		.offset = F(routing), .choice = routing_choice,
	},
	{
		.name = "weights", .section = "precision", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "FORMAT",
		.def = "native",
		.label = "weights",
		.help = "weight format (native: the checkpoint's own, from its quantization config, else bf16)",
		.offset = F(weights), .choice = weight_choice,
		.native = "native", .native_offset = F(weights_native),
	},
	{
		.name = "kv-dtype", .section = "precision", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "DTYPE",
		.def = "native",
		.label = "KV dtype",
		.help = "KV-cache dtype (native: the one the checkpoint's quantization config declares, as vLLM's auto reads it, else bf16)",
		.offset = F(kv), .choice = kv_choice,
		.native = "native", .native_offset = F(kv_native),
	},
	{
		.name = "context", .section = "workload", .type = OPT_TOKENS,
		.min = 1, .max = 1ull << 30, .metavar = "N",
		.def = "8k",
		.unit = "tokens",
		.label = "context",
		.help = "tokens each sequence may reach (max model length)",
		.offset = F(context),
	},
	{
		.name = "batch", .section = "workload", .type = OPT_UINT,
		.min = 1, .max = 65536, .metavar = "N",
		.def = "16",
		.unit = "sequences",
		.label = "batch",
		.help = "concurrent sequences per replica",
		.offset = F(batch),
	},
	{
		.name = "prompt-tokens", .section = "workload", .type = OPT_TOKENS,
		.min = 1, .max = 1ull << 30, .metavar = "N",
		.def = "2048",
		.unit = "tokens",
		.label = "prompt",
		.help = "prompt length of a request",
		.offset = F(prompt_tokens),
	},
	{
		.name = "output-tokens", .section = "workload", .type = OPT_TOKENS,
		.min = 1, .max = 1ull << 30, .metavar = "N",
		.def = "512",
		.unit = "tokens",
		.label = "output",
		.help = "generated tokens per request",
		.offset = F(output_tokens),
	},
	/* Prefix caching (vLLM's automatic prefix caching, SGLang's radix
	 * cache): cached prompt tokens are not computed again, and a prefix
	 * every request shares is held once (memory_prefix_hit). */
	{
		.name = "prefix-hit", .section = "workload", .type = OPT_DOUBLE,
		.min = 0, .max = 1, .metavar = "F",
		.def = "0",
		.label = "prefix hit",
		.step = 0.1,
		.help = "share of each prompt's tokens found in the prefix cache (0: none)",
		.offset = F(prefix_hit),
	},
	{
		.name = "system-prompt-tokens", .section = "workload", .type = OPT_TOKENS,
		.min = 0, .max = 1ull << 30, .metavar = "N",
		.def = "0",
		.unit = "tokens",
		.label = "sys prompt",
		.step_kind = STEP_DOUBLE, .step = 256,
		.help = "a prompt prefix every request shares, cached and held once (0: none)",
		.offset = F(system_prompt_tokens),
	},
	{
		.name = "gpu", .section = "hardware", .type = OPT_STRING,
		.min = 1, .max = 0, .metavar = "ID",
		.def = "h100-sxm",
		.label = "GPU",
		.step_kind = STEP_CATALOG,
		.help = "GPU from the catalog (gpuplan gpus)",
		.offset = F(gpu), .size = SZ(gpu),
	},
	{
		.name = "gpus", .section = "hardware", .type = OPT_UINT,
		.min = 0, .max = 65536, .metavar = "N",
		.def = "0",
		.label = "GPUs",
		.step_kind = STEP_REPLICAS,
		.help = "GPUs in all; beyond tp x pp they are replicas (0: tp x pp)",
		.offset = F(gpus),
	},
	{
		.name = "tp", .section = "hardware", .type = OPT_UINT,
		.min = 0, .max = 1024, .metavar = "N",
		.def = "0",
		.label = "TP",
		.step_kind = STEP_PARALLEL,
		.help = "tensor-parallel degree (0: gpus / pp within one node, the rest replicas; 4 when gpus is 0 too)",
		.offset = F(tp),
	},
	{
		.name = "pp", .section = "hardware", .type = OPT_UINT,
		.min = 1, .max = 1024, .metavar = "N",
		.def = "1",
		.label = "PP",
		.step_kind = STEP_PARALLEL,
		.help = "pipeline-parallel stages",
		.offset = F(pp),
	},
	{
		.name = "ep", .section = "hardware", .type = OPT_UINT,
		.min = 1, .max = 1024, .metavar = "N",
		.def = "1",
		.label = "EP",
		.step_kind = STEP_DIVISOR,
		.help = "expert-parallel degree within the TP group",
		.offset = F(ep),
	},
	{
		.name = "engine", .section = "engine", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "PROFILE",
		.def = "vllm",
		.label = "profile",
		.help = "how memory is reserved",
		.offset = F(engine), .choice = engine_choice,
	},
	{
		.name = "engine-version", .section = "engine", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "X.Y[.Z]",
		.def = "",
		.label = "version",
		.step_kind = STEP_TYPED,
		.help = "the engine's release; planned with the accounting of the newest modelled release at or before it (\"\": the newest)",
		.offset = F(engine_version), .size = SZ(engine_version),
		.check_what = "a release number such as 0.10 or 0.10.1", .check = version_check,
	},
	/* vLLM's default */
	{
		.name = "gpu-mem-util", .section = "engine", .type = OPT_DOUBLE,
		.min = 0.05, .max = 1, .metavar = "F",
		.def = "0.90",
		.label = "mem util",
		.step = 0.01,
		.help = "vLLM gpu_memory_utilization",
		.offset = F(gpu_mem_util),
	},
	{
		.name = "hybrid-kv", .section = "engine", .type = OPT_BOOL,
		.min = 0, .max = 1, .metavar = "on|off",
		.def = "on",
		.label = "hybrid KV",
		.help = "engine keeps sliding/chunked-layer KV small (vLLM hybrid KV manager)",
		.offset = F(hybrid_kv),
	},
	/* vLLM V1's online-serving default */
	{
		.name = "max-num-seqs", .section = "engine", .type = OPT_AUTO,
		.min = 1, .max = 65536, .metavar = "N|auto",
		.def = "auto",
		.step = 1,
		.label = "max seqs",
		.help = "vLLM max_num_seqs: sequences per step, and the sampler rows its profile run reserves (auto: vLLM's default for the GPU); not --batch",
		.offset = F(max_num_seqs),
	},
	{
		.name = "enforce-eager", .section = "engine", .type = OPT_BOOL,
		.min = 0, .max = 1, .metavar = "on|off",
		.def = "off",
		.label = "eager",
		.help = "vLLM --enforce-eager: no CUDA graphs, so none of their memory",
		.offset = F(enforce_eager),
	},
	/* --limit-mm-per-prompt '{"image": 0}' turns the encoder cache's
	 * profiling off */
	{
		.name = "multimodal", .section = "engine", .type = OPT_BOOL,
		.min = 0, .max = 1, .metavar = "on|off",
		.def = "on",
		.label = "images",
		.help = "vLLM reserves a vision tower's encoder cache (off: --limit-mm-per-prompt with no images)",
		.offset = F(multimodal),
	},
	/* VLLM_USE_FLASHINFER_SAMPLER and friends: the profile run's
	 * dummy top-k/top-p pass holds far more under PyTorch's sort */
	{
		.name = "sampler", .section = "engine", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "auto|flashinfer|pytorch|triton",
		.def = "auto",
		.label = "sampler",
		.help = "vLLM's top-k/top-p sampler, whose dummy run its profile reserves; pytorch sorts the logits (auto: the release's)",
		.offset = F(sampler), .choice = sampler_choice,
	},
	{
		.name = "moe-backend", .section = "engine", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "auto|cutlass|triton",
		.def = "auto",
		.label = "MoE kernel",
		.help = "the fused-MoE kernel whose measured cost a step pays (auto: the engine's own; no measurement: the roofline)",
		.offset = F(moe_backend), .choice = moe_backend_choice,
	},
	{
		.name = "max-batched-tokens", .section = "engine", .type = OPT_TOKENS,
		.min = 1, .max = 1ull << 24, .metavar = "N|auto",
		.def = "auto",
		.auto_zero = true,
		.unit = "tokens",
		.label = "batched tok",
		.help = "tokens per engine step, which prompt chunks share with decode (vLLM max_num_batched_tokens, which also sizes its profile run; TensorRT-LLM max_num_tokens; SGLang chunked_prefill_size; auto: the engine's default)",
		.offset = F(max_batched_tokens),
	},
	{
		.name = "activation-gib", .section = "engine", .type = OPT_AUTO,
		.min = 0, .max = 1024, .metavar = "GIB|auto",
		.def = "auto",
		.unit = "GiB",
		.step = 0.10,
		.help = "activation peak per GPU (auto: the engine profile's)",
		.offset = F(activation_gib),
	},
	{
		.name = "overhead-gib", .section = "engine", .type = OPT_AUTO,
		.min = 0, .max = 1024, .metavar = "GIB|auto",
		.def = "auto",
		.unit = "GiB",
		.step = 0.10,
		.help = "CUDA context, NCCL and graphs per GPU (auto: the profile's)",
		.offset = F(overhead_gib),
	},
	/* Decode kernels reach roughly 70-85% of peak HBM bandwidth and
	 * prefill GEMMs a large share of the measured matmul ceiling on
	 * H100-class parts; both are inputs, shown with the result. */
	{
		.name = "eta-bw", .section = "engine", .type = OPT_DOUBLE,
		.min = 0.01, .max = 1, .metavar = "F",
		.def = "0.80",
		.step = 0.05,
		.help = "fraction of memory bandwidth reached in decode",
		.offset = F(eta_bw),
	},
	{
		.name = "eta-compute", .section = "engine", .type = OPT_DOUBLE,
		.min = 0.01, .max = 1, .metavar = "F",
		.def = "0.70",
		.step = 0.05,
		.help = "fraction of the measured matmul ceiling (MAMF) reached",
		.offset = F(eta_compute),
	},
	{
		.name = "comm-latency-us", .section = "engine", .type = OPT_DOUBLE,
		.min = 0, .max = 10000, .metavar = "US",
		.def = "10",
		.unit = "us",
		.step = 1,
		.help = "latency of one TP all-reduce call",
		.offset = F(comm_latency_us),
	},
	/* auto: SGLang picks it from the TP size */
	{
		.name = "mem-fraction-static", .section = "engine", .type = OPT_AUTO,
		.min = 0.05, .max = 1, .metavar = "F|auto",
		.def = "auto",
		.step = 0.05,
		.label = "mem frac",
		.help = "SGLang mem_fraction_static, weights + KV pool (auto: its default for the GPU and TP)",
		.offset = F(mem_fraction_static),
	},
	/* TensorRT-LLM KvCacheConfig default */
	{
		.name = "kv-free-fraction", .section = "engine", .type = OPT_DOUBLE,
		.min = 0.01, .max = 1, .metavar = "F",
		.def = "0.90",
		.step = 0.05,
		.label = "KV free",
		.help = "TensorRT-LLM free_gpu_memory_fraction: KV share of the free memory",
		.offset = F(kv_free_fraction),
	},
	/* auto: every layer on the GPUs */
	{
		.name = "ngl", .section = "engine", .type = OPT_AUTO,
		.min = 0, .max = 4096, .metavar = "N|auto",
		.def = "auto",
		.unit = "layers",
		.step = 1,
		.label = "GPU layers",
		.help = "llama.cpp --n-gpu-layers (auto: every layer and the output layer)",
		.offset = F(ngl),
	},
	{
		.name = "cpu-moe", .section = "engine", .type = OPT_BOOL,
		.min = 0, .max = 1, .metavar = "on|off",
		.def = "off",
		.label = "CPU MoE",
		.help = "llama.cpp --cpu-moe: routed experts stay in host RAM",
		.offset = F(cpu_moe),
	},
	{
		.name = "n-cpu-moe", .section = "engine", .type = OPT_UINT,
		.min = 0, .max = 4096, .metavar = "N",
		.def = "0",
		.unit = "layers",
		.step = 1,
		.label = "CPU MoE lyr",
		.help = "llama.cpp --n-cpu-moe: the routed experts of the first N layers stay in host RAM",
		.offset = F(n_cpu_moe),
	},
	/* common/arg.cpp: -fa, --flash-attn [on|off|auto], auto by default,
	 * which turns it on where the backend runs the op (every CUDA, ROCm
	 * and Metal GPU of the catalog). */
	{
		.name = "flash-attn", .section = "engine", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "auto|on|off",
		.def = "auto",
		.label = "flash attn",
		.help = "llama.cpp --flash-attn: off keeps the attention scores in the compute buffer",
		.offset = F(flash_attn), .choice = flash_attn_choice,
	},
	/* common/common.h: n_ubatch 512 */
	{
		.name = "ubatch", .section = "engine", .type = OPT_UINT,
		.min = 1, .max = 65536, .metavar = "N",
		.def = "512",
		.unit = "tokens",
		.label = "ubatch",
		.help = "llama.cpp --ubatch-size: tokens per micro-batch, which sizes the compute buffer",
		.offset = F(ubatch),
	},
	/* common/arg.cpp: -sm, --split-mode {none,layer,row}, layer by
	 * default: whole layers per GPU, run one GPU after another. */
	{
		.name = "split-mode", .section = "engine", .type = OPT_ENUM,
		.min = 0, .max = 0, .metavar = "layer|row",
		.def = "layer",
		.label = "split",
		.help = "llama.cpp --split-mode over several GPUs: layer (layers per GPU, in turn) or row (tensors split, as TP)",
		.offset = F(split_mode), .choice = split_choice,
	},
	/* One socket of 8 DDR5-4800 channels (Intel Xeon 4th gen,
	 * Sapphire Rapids: frankdenneman.nl, 2023-02-28): 8 x 4800 MT/s x
	 * 8 B = 307.2 GB/s peak. eta-bw applies to it as to HBM. */
	{
		.name = "host-bw-gbs", .section = "engine", .type = OPT_DOUBLE,
		.min = 1, .max = 100000, .metavar = "GB/S",
		.def = "307.2",
		.unit = "GB/s",
		.step = 10,
		.help = "host RAM bandwidth for what llama.cpp keeps there",
		.offset = F(host_bw_gbs),
	},
	{
		.name = "spec", .section = "engine", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "off|mtp|eagle|ngram|draft:MODEL",
		.def = "off",
		.label = "speculative",
		.step_kind = STEP_TYPED,
		.help = "speculative decoding: the model's MTP layers, an EAGLE-3 head, n-gram prompt lookup, or a draft model from the catalog",
		.offset = F(spec), .size = SZ(spec),
		.check_what = "off, mtp, eagle, ngram or draft:MODEL",
		.check = spec_ok,
	},
	{
		.name = "spec-tokens", .section = "engine", .type = OPT_UINT,
		.min = 1, .max = 16, .metavar = "K|auto",
		.def = "auto",
		.unit = "tokens",
		.label = "spec tokens",
		.auto_zero = true,
		.step_kind = STEP_DOUBLE, .step = 1,
		.help = "tokens drafted per step (auto: the method's, 1 for MTP, 3 for the others)",
		.offset = F(spec_tokens),
	},
	{
		.name = "spec-accept", .section = "engine", .type = OPT_AUTO,
		.min = 0, .max = 1, .metavar = "A|auto",
		.def = "auto",
		.label = "spec accept",
		.step = 0.05,
		.help = "share of drafted tokens accepted, each given the ones before (auto: the method's published figure)",
		.offset = F(spec_accept),
	},
	{
		.name = "gpu-price", .section = "price", .type = OPT_AUTO,
		.min = 0, .max = 10000, .metavar = "USD|auto",
		.def = "auto",
		.label = "$/GPU-h",
		.step = 0.10,
		.help = "USD per GPU-hour (auto: the catalog's)",
		.offset = F(gpu_price),
	},
	{
		.name = "api-price-in", .section = "price", .type = OPT_AUTO,
		.min = 0, .max = 10000, .metavar = "USD|auto",
		.def = "auto",
		.label = "API $/M in",
		.step = 0.05,
		.help = "API USD per million input tokens (auto: the catalog's)",
		.offset = F(api_in),
	},
	{
		.name = "api-price-out", .section = "price", .type = OPT_AUTO,
		.min = 0, .max = 10000, .metavar = "USD|auto",
		.def = "auto",
		.label = "API $/M out",
		.step = 0.05,
		.help = "API USD per million output tokens (auto: the catalog's)",
		.offset = F(api_out),
	},
	{
		.name = "api-price-cached", .section = "price", .type = OPT_AUTO,
		.min = 0, .max = 10000, .metavar = "USD|auto",
		.def = "auto",
		.label = "API cached",
		.step = 0.05,
		.help = "API USD per million cached input tokens, for the prompt tokens found in the prefix cache (auto: the catalog's, else the input price)",
		.offset = F(api_cached),
	},
	{
		.name = "utilization", .section = "price", .type = OPT_DOUBLE,
		.min = 0.01, .max = 1, .metavar = "F",
		.def = "1.0",
		.label = "utilization",
		.step = 0.05,
		.help = "busy fraction of the fleet for $/M tokens",
		.offset = F(utilization),
	},
	{
		.name = "provider", .section = "price", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "NAME|\"\"",
		.def = "",
		.label = "provider",
		.step_kind = STEP_TYPED,
		.help = "GPU prices imported from NAME (gpuplan prices import; \"\": the newest import)",
		.offset = F(provider), .size = SZ(provider),
		.check_what = "letters, digits, '-', '_' or '.'", .check = price_name_ok,
	},
	{
		.name = "region", .section = "price", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "R|\"\"",
		.def = "",
		.label = "region",
		.step_kind = STEP_TYPED,
		.help = "imported GPU prices in region R (\"\": the cheapest region, on-demand before spot)",
		.offset = F(region), .size = SZ(region),
		.check_what = "letters, digits, '-', '_' or '.'", .check = price_name_ok,
	},
	/* On-prem: owning instead of renting, shown beside the rental
	 * price. The defaults are planning assumptions, not measurements:
	 * 3 years is a conservative life for an accelerator, $0.12/kWh
	 * a commercial tariff, PUE 1.3 a modern colocation hall. */
	{
		.name = "gpu-capex", .section = "price", .type = OPT_DOUBLE,
		.min = 0, .max = 1e7, .metavar = "USD",
		.def = "0",
		.label = "capex $/GPU",
		.step_kind = STEP_DOUBLE, .step = 1000,
		.help = "on-prem: purchase price per GPU, its share of the server included (0: no on-prem cost)",
		.offset = F(gpu_capex),
	},
	{
		.name = "amortize-years", .section = "price", .type = OPT_DOUBLE,
		.min = 0.25, .max = 20, .metavar = "N",
		.def = "3",
		.label = "capex years",
		.step = 0.5,
		.help = "on-prem: years the capex is spread over (8760 hours each)",
		.offset = F(amortize_years),
	},
	{
		.name = "power-kw", .section = "price", .type = OPT_AUTO,
		.min = 0, .max = 100, .metavar = "KW|auto",
		.def = "auto",
		.label = "kW/GPU",
		.step = 0.05,
		.help = "on-prem: power per GPU, its share of the host included (auto: the GPU's TDP)",
		.offset = F(power_kw),
	},
	{
		.name = "usd-per-kwh", .section = "price", .type = OPT_DOUBLE,
		.min = 0, .max = 10, .metavar = "USD",
		.def = "0.12",
		.label = "$/kWh",
		.step = 0.01,
		.help = "on-prem: electricity price per kWh",
		.offset = F(usd_per_kwh),
	},
	{
		.name = "pue", .section = "price", .type = OPT_DOUBLE,
		.min = 1, .max = 5, .metavar = "F",
		.def = "1.3",
		.label = "PUE",
		.step = 0.05,
		.help = "on-prem: power usage effectiveness, facility power / IT power",
		.offset = F(pue),
	},
	{
		.name = "demand-tokens", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e9, .metavar = "M",
		.def = "0",
		.label = "M tok/month",
		.step_kind = STEP_DOUBLE, .step = 100,
		.help = "demand: million tokens (input + output) per month (0: none)",
		.offset = F(demand_m_tokens),
	},
	{
		.name = "demand-rps", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e7, .metavar = "RPS",
		.def = "0",
		.step = 1,
		.label = "peak req/s",
		.help = "demand: requests per second at peak (0: none)",
		.offset = F(demand_rps),
	},
	/* Traffic is burstier than its average; 2x is a planning default,
	 * editable like the tiers (100 M, 1 B and 10 B tokens a month). */
	{
		.name = "peak-ratio", .section = "demand", .type = OPT_DOUBLE,
		.min = 1, .max = 100, .metavar = "F",
		.def = "2.0",
		.label = "peak ratio",
		.step = 0.5,
		.help = "peak load / average load",
		.offset = F(peak_ratio),
	},
	{
		.name = "slo-ttft-ms", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e7, .metavar = "MS",
		.def = "0",
		.unit = "ms",
		.label = "TTFT ms",
		.step = 100,
		.help = "service level: time to first token (0: none)",
		.offset = F(slo_ttft_ms),
	},
	{
		.name = "slo-tpot-ms", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e7, .metavar = "MS",
		.def = "0",
		.unit = "ms",
		.label = "TPOT ms",
		.step = 5,
		.help = "service level: time per output token (0: none)",
		.offset = F(slo_tpot_ms),
	},
	/* percentile targets, met by simulation (capacity.c) */
	{
		.name = "slo-ttft-p99-ms", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e7, .metavar = "MS",
		.def = "0",
		.unit = "ms",
		.label = "TTFT p99 ms",
		.step = 100,
		.help = "service level: 99th percentile time to first token under Poisson arrivals, simulated (0: none)",
		.offset = F(slo_ttft_p99_ms),
	},
	{
		.name = "slo-tpot-p99-ms", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e7, .metavar = "MS",
		.def = "0",
		.unit = "ms",
		.label = "TPOT p99 ms",
		.step = 5,
		.help = "service level: 99th percentile time per output token under Poisson arrivals, simulated (0: none)",
		.offset = F(slo_tpot_p99_ms),
	},
	{
		.name = "tier-low", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e9, .metavar = "M",
		.def = "100",
		.step_kind = STEP_DOUBLE, .step = 100,
		.label = "tier low",
		.help = "traffic tier: million tokens per month",
		.offset = F(tier[0]),
	},
	{
		.name = "tier-medium", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e9, .metavar = "M",
		.def = "1000",
		.step_kind = STEP_DOUBLE, .step = 100,
		.label = "tier medium",
		.help = "traffic tier: million tokens per month",
		.offset = F(tier[1]),
	},
	{
		.name = "tier-high", .section = "demand", .type = OPT_DOUBLE,
		.min = 0, .max = 1e9, .metavar = "M",
		.def = "10000",
		.step_kind = STEP_DOUBLE, .step = 100,
		.label = "tier high",
		.help = "traffic tier: million tokens per month",
		.offset = F(tier[2]),
	},
	/* gpuplan simulate: no label, so not on the screen's form yet */
	{
		.name = "rate", .section = "load", .type = OPT_DOUBLE,
		.min = 0, .max = 1e6, .metavar = "RPS",
		.def = "1",
		.unit = "requests/s",
		.help = "simulate: arrival rate over all replicas",
		.offset = F(rate_rps),
	},
	{
		.name = "burstiness", .section = "load", .type = OPT_DOUBLE,
		.min = 0.01, .max = 100, .metavar = "F",
		.def = "1",
		.help = "simulate: gamma shape of the gaps between arrivals (1: Poisson, below 1: burstier)",
		.offset = F(burstiness),
	},
	{
		.name = "requests", .section = "load", .type = OPT_UINT,
		.min = 1, .max = 10000000, .metavar = "N",
		.def = "1000",
		.help = "simulate: requests to run",
		.offset = F(requests),
	},
	{
		.name = "seed", .section = "load", .type = OPT_UINT,
		.min = 0, .max = 4294967295.0, .metavar = "S",
		.def = "1",
		.help = "simulate: random seed (the same seed, the same run)",
		.offset = F(seed),
	},
	{
		.name = "length-dist", .section = "load", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "fixed|uniform:LO-HI|trace",
		.def = "fixed",
		.step_kind = STEP_TYPED,
		.help = "simulate: request lengths, --prompt-tokens and --output-tokens, or each drawn uniformly from LO to HI times them, or the trace's (with --trace, unless uniform)",
		.offset = F(length_dist), .size = SZ(length_dist),
		.check_what = "fixed, trace, or uniform:LO-HI with 0 < LO <= HI <= 100",
		.check = length_dist_ok,
	},
	{
		.name = "trace", .section = "load", .type = OPT_STRING,
		.min = 0, .max = 0, .metavar = "FILE|\"\"",
		.def = "",
		.step_kind = STEP_TYPED,
		.help = "simulate: arrivals and lengths from a trace, CSV (Azure LLM inference, BurstGPT) or JSON Lines",
		.offset = F(trace), .size = SZ(trace),
	},
};
const size_t scenario_option_count =
	sizeof scenario_options / sizeof scenario_options[0];

/* Every default is the option's own, in the table, written as a user
 * types it and parsed by the same code. */
void
scenario_default(struct scenario *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < scenario_option_count; i++)
		(void)scenario_set(s, scenario_options[i].name, scenario_options[i].def, NULL);
}

bool
scenario_native(const struct scenario *s, const struct option_def *o)
{
	return o->native != NULL && *(const bool *)((const char *)s + o->native_offset);
}

void
scenario_resolve(struct scenario *s, const struct model *m)
{
	if (s->weights_native && m != NULL && m->native_format >= 0 &&
	    m->native_format < WF_COUNT)
		s->weights = (enum weight_format)m->native_format;
	if (s->kv_native)
		s->kv = m != NULL && m->native_kv < KV_COUNT ? (enum kv_dtype)m->native_kv : KV_BF16;
}

const struct option_def *
scenario_option(const char *name)
{
	for (size_t i = 0; i < scenario_option_count; i++) {
		if (strcmp(scenario_options[i].name, name) == 0)
			return &scenario_options[i];
	}
	return NULL;
}

int
parse_tokens(const char *s, uint64_t *out)
{
	char *end;
	double v;
	double mult = 1;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || !isfinite(v) || v < 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024.0 * 1024, end++;
	if (*end != '\0')
		return -1;
	v *= mult;
	if (v > 9e15 || v != floor(v))
		return -1;
	*out = (uint64_t)v;
	return 0;
}

static int
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"on", "yes", "true", "1"};
	static const char *const no[] = {"off", "no", "false", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *out = true, 0;
		if (strcasecmp(s, no[i]) == 0)
			return *out = false, 0;
	}
	return -1;
}

static int
parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return (errno != 0 || end == s || *end != '\0' || !isfinite(*out)) ? -1 : 0;
}

static int
range_error(const struct option_def *o, const char *value, struct gp_error *err)
{
	if (o->type == OPT_DOUBLE || o->type == OPT_AUTO)
		return gp_error_set(err, "--%s %s: must be a number from %g to %g%s",
				    o->name, value, o->min, o->max,
				    o->type == OPT_AUTO ? ", or auto" : "");
	return gp_error_set(err, "--%s %s: must be a whole number from %.0f to %.0f%s",
			    o->name, value, o->min, o->max,
			    o->type == OPT_TOKENS ? " (8k = 8192, 1m = 1048576)" : "");
}

int
scenario_set(struct scenario *s, const char *name, const char *value,
	     struct gp_error *err)
{
	const struct option_def *o = scenario_option(name);
	char *field;
	uint64_t u;
	double d;

	if (o == NULL)
		return gp_error_set(err, "unknown option \"%s\"", name);
	if (value == NULL)
		return gp_error_set(err, "--%s needs a value (%s)", o->name, o->metavar);
	field = (char *)s + o->offset;
	switch (o->type) {
	case OPT_STRING:
		/* min 1: required (an id); min 0: may be empty (none) */
		if ((*value == '\0' && o->min > 0) || strlen(value) >= o->size)
			return gp_error_set(err, "--%s: expected %d to %zu characters",
					    o->name, (int)o->min, o->size - 1);
		if (*value != '\0' && o->check != NULL && !o->check(value))
			return gp_error_set(err, "--%s %s: expected %s", o->name, value,
					    o->check_what);
		/* a scenario file keeps a value on one line, in double quotes
		 * when it has ; or # (which would start a comment) */
		for (const char *p = value; *p != '\0'; p++) {
			if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '"')
				return gp_error_set(err, "--%s: a control character or a double quote "
						    "cannot be kept in a scenario file", o->name);
		}
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case OPT_BOOL:
		if (parse_bool(value, (bool *)field) != 0)
			return gp_error_set(err, "--%s %s: expected on or off",
					    o->name, value);
		return 0;
	case OPT_TOKENS:
	case OPT_UINT:
		if (o->auto_zero && strcasecmp(value, "auto") == 0) {
			u = 0;
			memcpy(field, &u, sizeof u);
			return 0;
		}
		if ((o->type == OPT_TOKENS ? parse_tokens(value, &u)
					   : parse_tokens(value, &u) ||
					     strpbrk(value, "kKmM.") != NULL) ||
		    (double)u < o->min || (double)u > o->max)
			return range_error(o, value, err);
		memcpy(field, &u, sizeof u);
		return 0;
	case OPT_AUTO:
		if (strcasecmp(value, "auto") == 0 || strcasecmp(value, "catalog") == 0) {
			d = -1;
			memcpy(field, &d, sizeof d);
			return 0;
		}
		/* fall through */
	case OPT_DOUBLE:
		if (parse_double(value, &d) != 0 || d < o->min || d > o->max)
			return range_error(o, value, err);
		memcpy(field, &d, sizeof d);
		return 0;
	case OPT_ENUM:
		for (int i = 0; o->choice(i) != NULL; i++) {
			if (strcmp(value, o->choice(i)) == 0) {
				memcpy(field, &i, sizeof i);
				if (o->native != NULL)
					*(bool *)((char *)s + o->native_offset) = false;
				return 0;
			}
		}
		if (o->native != NULL && strcmp(value, o->native) == 0) {
			*(bool *)((char *)s + o->native_offset) = true;
			return 0;
		}
		{
			char list[256] = "";

			if (o->native != NULL)
				snprintf(list, sizeof list, "%s, ", o->native);
			for (int i = 0; o->choice(i) != NULL; i++) {
				strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
				strncat(list, o->choice(i), sizeof list - strlen(list) - 1);
			}
			return gp_error_set(err, "--%s %s: expected one of %s",
					    o->name, value, list);
		}
	}
	return gp_error_set(err, "--%s: unsupported option type", o->name);
}


void
scenario_get(const struct scenario *s, const struct option_def *o, char *buf,
	     size_t len)
{
	const char *field = (const char *)s + o->offset;
	uint64_t u;
	double d;
	int e;

	switch (o->type) {
	case OPT_STRING:
		snprintf(buf, len, "%s", field);
		break;
	case OPT_BOOL:
		snprintf(buf, len, "%s", *(const bool *)field ? "on" : "off");
		break;
	case OPT_TOKENS:
		memcpy(&u, field, sizeof u);
		if (u == 0 && o->auto_zero)
			snprintf(buf, len, "auto");
		else
			fmt_tokens(buf, len, u, 0);
		break;
	case OPT_UINT:
		memcpy(&u, field, sizeof u);
		if (u == 0 && o->auto_zero)
			snprintf(buf, len, "auto");
		else
			snprintf(buf, len, "%llu", (unsigned long long)u);
		break;
	case OPT_AUTO:
	case OPT_DOUBLE:
		memcpy(&d, field, sizeof d);
		if (o->type == OPT_AUTO && d < 0)
			snprintf(buf, len, "auto");
		else	/* enough digits that a saved file plans the same */
			snprintf(buf, len, "%.15g", d);
		break;
	case OPT_ENUM:
		if (scenario_native(s, o)) {
			snprintf(buf, len, "%s", o->native);
			break;
		}
		memcpy(&e, field, sizeof e);
		snprintf(buf, len, "%s", o->choice(e) ? o->choice(e) : "?");
		break;
	}
}

bool
scenario_equal(const struct scenario *a, const struct scenario *b)
{
	char va[SCENARIO_VALUE_LEN], vb[SCENARIO_VALUE_LEN];

	for (size_t i = 0; i < scenario_option_count; i++) {
		scenario_get(a, &scenario_options[i], va, sizeof va);
		scenario_get(b, &scenario_options[i], vb, sizeof vb);
		if (strcmp(va, vb) != 0)
			return false;
	}
	return true;
}

int
scenario_layout(const struct scenario *s, uint32_t node, struct layout *l, struct gp_error *err)
{
	/* even stages until an engine cuts them (its layout hook) */
	memset(l->cut, 0, sizeof l->cut);
	l->pp = s->pp ? s->pp : 1;
	l->ep = s->ep ? s->ep : 1;
	if (s->tp > 0)
		l->tp = s->tp;
	else if (s->gpus > 0)
		l->tp = s->gpus / l->pp;
	else
		l->tp = 4;
	/* auto TP stays on one node's fast link: the GPUs beyond it are
	 * replicas (the largest power of two within the node that divides
	 * them, as heads split) */
	if (s->tp == 0 && s->gpus > 0 && node > 0 && l->tp > node) {
		uint64_t per = l->tp;

		for (l->tp = 1; l->tp * 2 <= node; l->tp *= 2)
			;
		while (l->tp > 1 && per % l->tp != 0)
			l->tp /= 2;
	}
	if (l->tp == 0)
		return gp_error_set(err, "--gpus %llu is fewer than --pp %llu",
				    (unsigned long long)s->gpus,
				    (unsigned long long)l->pp);
	l->gpus = s->gpus > 0 ? s->gpus : l->tp * l->pp;
	if (l->gpus % (l->tp * l->pp) != 0)
		return gp_error_set(err,
		    "--gpus %llu is not a multiple of tp x pp = %llu",
		    (unsigned long long)l->gpus,
		    (unsigned long long)(l->tp * l->pp));
	if (l->ep > l->tp || l->tp % l->ep != 0)
		return gp_error_set(err,
		    "--ep %llu must divide the TP degree %llu (experts are spread over the TP group)",
		    (unsigned long long)l->ep, (unsigned long long)l->tp);
	l->replicas = l->gpus / (l->tp * l->pp);
	l->nodes = node > 0 ? (l->tp * l->pp + node - 1) / node : 1;
	while ((l->tp * l->pp) % l->nodes != 0)
		l->nodes++;
	l->node_gpus = l->tp * l->pp / l->nodes;
	return 0;
}

