/* scenario.h - every input of a plan, and the one table of options that
 * the command line, the INI files and the screen's form all read. */
#ifndef GPUPLAN_SCENARIO_H
#define GPUPLAN_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "format.h"
#include "gpu.h"
#include "model.h"


#define SCENARIO_PATH_LEN 512
/* Room for any option as scenario_get writes it, a whole path included:
 * a shorter buffer would cut a long path off in a saved scenario. */
#define SCENARIO_VALUE_LEN (SCENARIO_PATH_LEN + 8)

enum flash_attn { FA_AUTO, FA_ON, FA_OFF };
enum split_mode { SPLIT_LAYER, SPLIT_ROW };
/* vLLM's top-k/top-p sampler (topk_topp_sampler.py), which its profile
 * run reserves: auto is the release's default. */
enum sampler { SAMPLER_AUTO, SAMPLER_FLASHINFER, SAMPLER_PYTORCH, SAMPLER_TRITON };
/* How a batch's tokens spread over the experts: the fused-MoE kernels
 * were measured both ways (gpus.json kernels.moe). */
enum routing { ROUTING_SKEWED, ROUTING_BALANCED };
/* The fused-MoE kernel: auto is the engine's own (engine.moe_backend). */
enum moe_backend { MOE_BACKEND_AUTO, MOE_BACKEND_CUTLASS, MOE_BACKEND_TRITON };

struct scenario {
	char model[MODEL_ID_LEN];
	char model_config[SCENARIO_PATH_LEN];	/* HF config.json, or "" */
	char model_file[SCENARIO_PATH_LEN];	/* GGUF file, or "" */
	char gpu[GPU_ID_LEN];
	bool moe;			/* false: size an MoE model as dense */
	enum weight_format weights;	/* as planned */
	bool weights_native;		/* --weights native: the model's own
					 * format (scenario_resolve) */
	enum kv_dtype kv;
	bool kv_native;			/* --kv-dtype native: the checkpoint's
					 * declared KV quantization, else
					 * bf16 (scenario_resolve) */
	uint64_t context;		/* tokens each sequence may reach */
	uint64_t batch;			/* concurrent sequences per replica */
	uint64_t prompt_tokens;
	uint64_t output_tokens;
	double prefix_hit;		/* share of a prompt found cached */
	uint64_t system_prompt_tokens;	/* a prefix every request shares */
	char spec[MODEL_ID_LEN + 8];	/* speculative decoding (spec.h) */
	uint64_t spec_tokens;		/* K; 0: the method's */
	double spec_accept;		/* A; < 0: the method's */
	const struct model *draft_model;	/* draft:MODEL's, set by the
						 * caller from its catalog;
						 * not an option */
	uint64_t gpus;			/* 0: tp x pp */
	uint64_t tp;			/* 0: gpus / pp, or 4 */
	uint64_t pp, ep;
	unsigned engine;		/* index into engines[] (src/engines/);
				 * files name it by its id */
	char engine_version[16];	/* X.Y[.Z], or "": the newest modelled */
	double gpu_mem_util;		/* vLLM gpu_memory_utilization */
	double max_num_seqs;		/* vLLM max_num_seqs; < 0: its default */
	bool enforce_eager;		/* vLLM --enforce-eager: no CUDA graphs */
	int routing;			/* enum routing */
	int moe_backend;		/* enum moe_backend */
	bool multimodal;		/* vLLM profiles the vision tower's
					 * encoder cache (off: image limit 0) */
	int sampler;			/* vLLM's sampler: enum sampler */
	bool hybrid_kv;			/* engine keeps sliding/chunked KV small */
	uint64_t max_batched_tokens;	/* 0: the engine's default */
	double eta_bw, eta_compute;	/* efficiencies of the expected value */
	double gpu_price;		/* USD per GPU-hour; < 0: catalog */
	double api_in, api_out;		/* USD per M tokens; < 0: catalog */
	double api_cached;		/* ... cached input; < 0: catalog */
	double utilization;		/* busy fraction for $/M tokens */
	char provider[48];		/* imported prices from it; "": the
					 * newest import (price_select) */
	char region[48];		/* ... in it; "": the cheapest */
	double gpu_capex;		/* USD per GPU owned; 0: no on-prem */
	double amortize_years;
	double power_kw;		/* per GPU at the wall; < 0: its TDP */
	double usd_per_kwh;
	double pue;			/* facility power / IT power */
	double activation_gib;		/* < 0: the engine profile's */
	double overhead_gib;		/* < 0: the engine profile's */
	double comm_latency_us;		/* per all-reduce call */
	double mem_fraction_static;	/* SGLang; < 0: its default by TP */
	double kv_free_fraction;	/* TensorRT-LLM free_gpu_memory_fraction */
	double ngl;			/* llama.cpp --n-gpu-layers; < 0: all */
	bool cpu_moe;			/* llama.cpp --cpu-moe: experts in RAM */
	uint64_t n_cpu_moe;		/* ... --n-cpu-moe: the first N layers' */
	int flash_attn;			/* llama.cpp --flash-attn: enum flash_attn */
	uint64_t ubatch;		/* llama.cpp --ubatch-size */
	int split_mode;			/* llama.cpp --split-mode: enum split_mode */
	double host_bw_gbs;		/* host memory bandwidth, 1e9 B/s */

	/* Demand and service levels (0: none). */
	double demand_m_tokens;		/* input + output, millions per month */
	double demand_rps;		/* requests/s at peak */
	double peak_ratio;		/* peak / average load */
	double slo_ttft_ms, slo_tpot_ms;
	double slo_ttft_p99_ms, slo_tpot_p99_ms;	/* through simulate */
	/* gpuplan simulate (sim.h): arrivals and lengths */
	double rate_rps;		/* all replicas, requests/s */
	double burstiness;		/* gamma shape of the gaps, 1: Poisson */
	uint64_t requests, seed;
	char length_dist[32];		/* fixed, uniform:LO-HI, trace */
	char trace[SCENARIO_PATH_LEN];	/* a request trace, or "" */
	double tier[3];			/* low, medium, high, M tokens/month */
};

/* OPT_AUTO: a double where a negative value (typed "auto") means "take
 * it from the catalog or the engine profile". */
enum opt_type { OPT_STRING, OPT_BOOL, OPT_TOKENS, OPT_UINT, OPT_DOUBLE,
		OPT_AUTO, OPT_ENUM };

/* How the screen's +/- changes a value. STEP_AUTO goes by the type:
 * a switch flips, a choice cycles, a count doubles or halves, a number
 * moves by .step (0.05 when unset). */
enum opt_step {
	STEP_AUTO,
	STEP_DOUBLE,	/* doubles or halves; from 0 it starts at .step */
	STEP_CATALOG,	/* the next catalog entry */
	STEP_TYPED,	/* none: Enter types it (a path) */
	STEP_PARALLEL,	/* TP or PP doubles, keeping the replicas */
	STEP_REPLICAS,	/* GPUs by one TP x PP group */
	STEP_DIVISOR,	/* the next divisor of TP (EP) */
};

/* One option: the long option, the INI key, the form field and the
 * JSON echo, with its default written as a user types it. */
struct option_def {
	const char *name;	/* long option and INI key */
	const char *section;	/* INI section, and the form's group */
	enum opt_type type;
	double min, max;
	const char *metavar;
	const char *def;	/* default, parsed like user input */
	const char *unit;	/* of the value, for --help; NULL: none */
	const char *label;	/* form label; NULL: not in the form */
	bool auto_zero;		/* OPT_TOKENS/OPT_UINT: "auto" is 0 */
	enum opt_step step_kind;
	double step;
	const char *help;
	size_t offset;		/* into struct scenario */
	size_t size;		/* of the string field */
	const char *(*choice)(int i);	/* OPT_ENUM: spelling i, NULL
					 * past the last */
	const char *native;		/* OPT_ENUM: a spelling that sets the
					 * bool at native_offset instead,
					 * resolved per model; NULL: none */
	size_t native_offset;
	const char *check_what;		/* OPT_STRING: what check() wants */
	bool (*check)(const char *value);	/* OPT_STRING: is it valid */
};

extern const struct option_def scenario_options[];
extern const size_t scenario_option_count;

void scenario_default(struct scenario *s);
/* Settles what depends on the model: under --weights native the format
 * its checkpoint ships in (model.native_format). Callers run it once
 * the model is known, before planning. */
void scenario_resolve(struct scenario *s, const struct model *m);
/* Whether an OPT_ENUM option holds its native spelling. */
bool scenario_native(const struct scenario *s, const struct option_def *o);
const struct option_def *scenario_option(const char *name);

/* Parses value into the field the option names; range-checked. */
int scenario_set(struct scenario *s, const char *name, const char *value,
		 struct gp_error *err);
/* --length-dist: "fixed", "trace" or "" (1 to 1), or "uniform:LO-HI", the range of
 * factors on the nominal lengths; -1: neither. */
int scenario_length_dist(const char *v, double *lo, double *hi);
/* Whether two scenarios ask for the same plan: every option compared as
 * the user sees it (memcmp would also compare padding). */
bool scenario_equal(const struct scenario *a, const struct scenario *b);

/* Formats the field back the way a user would type it. */
void scenario_get(const struct scenario *s, const struct option_def *o,
		  char *buf, size_t len);

/* "8k" -> 8192, "1m" -> 1048576, "32768" -> 32768. */
int parse_tokens(const char *s, uint64_t *out);

/* The parallel layout a scenario implies. */
/* The most stages an engine places itself (llama.cpp's
 * GGML_CUDA_MAX_DEVICES). */
#define LAYOUT_MAX_CUTS 16

struct layout {
	uint64_t gpus, tp, pp, ep, replicas;
	/* The nodes one replica spans and the GPUs it takes on each: the
	 * fewest nodes of the GPU's size that split tp x pp evenly. */
	uint64_t nodes, node_gpus;
	/* The first layer of each stage where the engine places them
	 * itself (llama.cpp's layer split), cut[pp] the layer count; all
	 * 0: as even as possible, the earlier stages taking the rest. */
	uint32_t cut[LAYOUT_MAX_CUTS + 1];
};
/* The layout a scenario asks for, auto TP kept within a node of that
 * many GPUs (0: no limit), the GPUs beyond it replicas. */
int scenario_layout(const struct scenario *s, uint32_t node, struct layout *l,
		    struct gp_error *err);

const char *engine_id(unsigned e);

#endif
