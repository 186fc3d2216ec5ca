/* plan.h - everything a view shows, computed from a scenario by
 * plan_compute(): pure, no I/O, microseconds. */
#ifndef GPUPLAN_PLAN_H
#define GPUPLAN_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "gpu.h"
#include "model.h"
#include "scenario.h"
#include "spec.h"

enum warn_code {
	W_DOES_NOT_FIT,
	W_ENGINE_REFUSES,	/* vLLM: max seq len larger than the KV cache */
	W_LOW_HEADROOM,
	W_KV_CROWDS_OUT,
	W_MOE_AS_DENSE,
	W_TP_BEYOND_KV_HEADS,
	W_TP_BEYOND_NODE,
	W_TP_SPLIT,		/* TP does not divide heads / KV heads */
	W_EP_SPLIT,		/* EP does not divide the experts */
	W_NO_FP8,
	W_CONTEXT_ABOVE_MAX,
	W_EXPERTS_SATURATED,
	W_NO_PRICE,
	W_HYBRID_KV_OFF,
	W_UNKNOWN_FLOPS,
	W_REQUEST_ABOVE_CONTEXT,	/* prompt + output > context */
	W_KV_DTYPE,		/* the engine has no such KV cache */
	W_QUANT_CONFIG,		/* the checkpoint's quantization config unread */
	W_QUANT_FROM_CHECKPOINT,	/* its config, not --weights, sizes them */
	W_STALE_PRICE,		/* the GPU price is older than 90 days */
	W_PRICE_UNMATCHED,	/* no import from --provider / --region */
	W_SYSTEM_PROMPT_LONG,	/* system prompt >= prompt */
	W_COUNT
};

enum warn_severity { SEV_ERROR, SEV_WARNING, SEV_INFO };

/* The share of a GPU a plan keeps free (doc/planning-model.md
 * section 9): below it the low-headroom warning fires, and the largest
 * batch, service capacity and the fit solver all stop short of it. */
#define PLAN_HEADROOM 0.10

/* The limit a plan that does not fit breaks, as the does-not-fit
 * warning names it: what must fit before any KV exceeds the engine's
 * room (its budget, or the whole GPU), what the engine keeps outside
 * its budget exceeds the rest of the GPU, or the sequences' KV exceeds
 * the pool that is left. */
enum mem_limit { ML_NONE, ML_BEFORE_KV, ML_OUTSIDE, ML_KV_POOL };

#define PLAN_MAX_WARNINGS W_COUNT
#define PLAN_WARN_LEN 200

struct warning {
	enum warn_code code;
	enum warn_severity severity;
	char message[PLAN_WARN_LEN];
};

/* Bytes held by one GPU (the fullest pipeline stage). */
struct plan_memory {
	uint64_t capacity;	/* usable, as the driver reports */
	uint64_t start_free;	/* free after the CUDA context, 0 unknown */
	uint64_t budget;	/* what the engine may use (x utilization) */
	uint64_t weights;
	uint64_t kv_cache;	/* this scenario's sequences, block-rounded */
	uint64_t kv_pool;	/* what the engine would reserve for KV */
	uint64_t activations;
	uint64_t overhead;	/* CUDA context, NCCL, graphs */
	int64_t free;		/* capacity - the four above; < 0: no fit */
	bool fits;

	uint64_t kv_per_seq;		/* one sequence at context, per GPU */
	uint64_t kv_per_seq_naive;	/* same, every layer full-context */
	uint64_t kv_draft_per_seq;	/* of kv_per_seq, a speculative
					 * draft's (the last stage) */
	uint64_t kv_shared;		/* of kv_per_seq, the system prompt's
					 * blocks, held once for them all */
	uint64_t kv_per_token_layer;	/* bytes, one full layer, all heads */
	uint64_t kv_heads_per_gpu;
	bool hybrid_used;		/* sliding/chunked layers kept small */
	uint64_t kv_pool_tokens;	/* tokens of sequences the pool holds:
					 * concurrency x context under the
					 * hybrid manager */
	uint64_t log_kv_tokens;		/* vLLM's "GPU KV cache size": the
					 * pool over a token of every layer
					 * in full */
	double engine_concurrency;	/* vLLM's "Maximum concurrency" */
	uint64_t max_concurrency;	/* sequences at this context */
	uint64_t max_context;		/* tokens at this batch */
	uint64_t max_batch_headroom;	/* batch keeping 10% free */
	uint64_t weights_total;		/* one replica, all GPUs */
	uint32_t layers_per_stage;

	double engine_fraction;		/* the budget fraction applied */
	uint64_t before_kv;		/* what the budget holds before KV:
					 * weights + activations + overhead,
					 * SGLang weights + non-torch */
	uint64_t outside_budget;	/* SGLang: activations + graphs kept
					 * outside mem_fraction_static */
	uint64_t room;			/* where before_kv must fit: the
					 * budget, or the whole GPU */
	uint64_t nontorch;		/* CUDA context, NCCL, allocator: part
					 * of overhead */
	uint64_t graphs;		/* CUDA graphs: the rest of overhead */
	uint32_t graph_sizes;		/* vLLM: batch sizes captured
					 * piecewise ... */
	uint32_t graph_pieces;		/* ... in this many pieces each */
	uint32_t graph_sizes_full;	/* ... and as one full graph */
	double graph_comm_gib;		/* ... and NCCL's buffers */
	bool graphs_in_budget;		/* vLLM >= 0.21 subtracts them from
					 * the KV budget */
	int64_t kv_budget;		/* kv_pool, or < 0: short by that much */
	uint64_t host_weights;		/* llama.cpp: bytes in host RAM */
	uint64_t host_kv;		/* ... and KV of the CPU layers */
	uint32_t gpu_layers;		/* layers on the GPUs */
	double weight_params;		/* parameters the GPU holds */
	uint32_t kinds[ATTN_KIND_COUNT];	/* its layers whose KV it keeps */

	enum mem_limit broken;		/* ML_NONE when it fits */
	uint64_t short_by;		/* how far over the broken limit */
	bool tight;			/* fits, but under the headroom or
					 * with KV crowding the pool (the
					 * low-headroom and kv-crowds-out
					 * warnings) */
};

struct plan_decode {
	double experts_touched;		/* distinct experts per MoE layer */
	double experts_total;		/* E, 0 for dense */
	uint64_t bytes_per_step;	/* read by one GPU per step */
	uint64_t weight_bytes_per_step;
	uint64_t kv_bytes_per_step;
	uint64_t host_bytes_per_step;	/* read from host RAM (offload) */
	double flops_per_step;		/* one GPU */
	double gemm_flops, attn_flops;	/* flops_per_step, split */
	double t_mem_ms, t_compute_ms, t_comm_ms;	/* at the spec */
	double t_weights_ms, t_kv_ms;	/* t_mem_ms, split */
	double t_gemm_ms, t_attn_ms;	/* t_compute_ms, split */
	double t_host_ms;		/* host bytes at host bandwidth */
	double gemm_phase_ms;		/* expected: weight GEMMs, host part */
	double attn_phase_ms;		/* expected: attention */
	double step_ms;			/* expected, = TPOT (speculative:
					 * a verification and its drafts) */
	double step_bound_ms;		/* at efficiency 1 */
	bool memory_bound;
	double tokens_per_s;		/* all replicas, expected */
	double tokens_per_s_bound;
	double per_user_tokens_per_s;
	double tpot_ms;
	uint64_t seq_len;		/* mid-decode length used */
	enum compute_dtype compute;	/* the weight GEMMs' */
	enum compute_dtype attn_compute;
	double eta_gemm, eta_attn;	/* expected fraction of spec FLOPS */
	enum mamf_basis mamf;		/* what eta_gemm's ceiling rests on */
	const struct gpu_moe_kernel *moe_kernel;	/* measured, or NULL:
							 * the roofline */
	double moe_kernel_ms;		/* its time per step, all MoE layers */
	const struct gpu_gemm_kernel *gemm_kernel;	/* measured GEMMs for
							 * the weights but the
							 * experts, or NULL */
	double gemm_kernel_ms;		/* their time per step */
	double pp_microbatch;		/* sequences a micro-batch, where
					 * the stages are fed PP of them;
					 * 0: one batch passes them in turn */
	double elementwise_ms;		/* norms, residual adds and the
					 * gated activation between them,
					 * at eta_bw: part of gemm_phase_ms */
	const struct gpu_op_kernel *mla_kernel;	/* MLA decode's, or NULL */
	double mla_kernel_ms;		/* its time per step: part of
					 * attn_phase_ms */
	const struct gpu_allreduce *allreduce;	/* the TP size's measured
						 * all-reduce, or NULL: the
						 * link and --comm-latency-us */
	double moe_roofline_ms;		/* what the roofline gives them */
	double t_expert_mem_ms, t_expert_math_ms;	/* their share of
							 * t_weights_ms and
							 * t_gemm_ms, at spec */
	/* Speculative decoding (p->spec): a step verifies K drafted
	 * tokens of each sequence and yields E of them, so TPOT is
	 * (verify + K drafts) / E. */
	double spec_verify_ms;		/* the target's step over K + 1 tokens */
	double spec_draft_ms;		/* one draft step, all sequences */
	double base_tpot_ms;		/* TPOT without it */
	double routing_skew;		/* the kernel's skewed / balanced
					 * time at this batch; 1 balanced,
					 * 0 no kernel */
};

struct plan_prefill {
	uint64_t cached_tokens;		/* of a prompt, found in the prefix
					 * cache and not computed */
	double flops;			/* one prompt, one GPU */
	double ttft_ms;
	double ttft_bound_ms;
	double tokens_per_s;		/* one replica, prompt tokens */
};

struct plan_cost {
	double usd_per_gpu_hour;
	bool price_known;
	double usd_per_hour;
	double usd_per_month;
	double usd_per_m_output;	/* at the scenario's utilization */
	double api_usd_per_m_input, api_usd_per_m_output; /* the API's prices */
	double api_usd_per_m_blended;	/* input and output by the workload,
					 * cached prompt tokens at ... */
	double api_usd_per_m_cached;	/* ... this price */
	bool api_cached_known;		/* typed or published, else the
					 * input price */
	double self_usd_per_m_blended;	/* same basis, self-hosted */
	double capacity_m_tokens_month;	/* in+out tokens the fleet serves */
	double breakeven_m_tokens_month; /* where the API bill = ours */
	bool api_known;

	/* Where usd_per_gpu_hour came from (price_select), copied so a
	 * plan stands alone. */
	int price_origin;		/* enum price_origin */
	char price_provider[48], price_region[48], price_kind[16], price_instance[64];
	char price_date[24], price_source[GPU_TEXT_LEN];
	int price_age_days;		/* < 0: unknown */
	bool price_unmatched;		/* --provider/--region found none */
	int price_others;		/* imported prices it was chosen from */

	/* Owning the GPUs instead (--gpu-capex > 0), beside the rental. */
	bool onprem_known;
	double onprem_usd_per_gpu_hour;	/* = capex + power parts */
	double onprem_capex_per_hour, onprem_power_per_hour;
	double onprem_power_kw;		/* per GPU, as planned */
	double onprem_usd_per_month;	/* the fleet, 730 h */
};

struct plan {
	struct layout layout;
	struct model_counts counts;
	uint64_t weight_bytes_model;	/* whole model, this format */
	struct plan_memory mem;
	struct plan_decode decode;
	struct plan_prefill prefill;
	struct spec_setup spec;		/* method SPEC_OFF: none */
	double e2e_ms;
	double requests_per_s;		/* all replicas, prefills included */
	double sustained_tokens_per_s;	/* output tokens/s, prefills included */
	double cycle_ms;		/* O steps with B prompts (perf.c) */
	double prompt_step_share;	/* of the steps carrying a prompt
					 * chunk (mixed), > 1: extra steps */
	double prompt_step_tokens;	/* tokens of such a step, or of a
					 * prefill batch */
	struct plan_cost cost;
	struct warning warnings[PLAN_MAX_WARNINGS];
	int n_warnings;
};

int plan_compute(const struct scenario *s, const struct model *m,
		 const struct gpu *g, struct plan *p, struct gp_error *err);

/* Adds a warning; past PLAN_MAX_WARNINGS it is dropped. */
void plan_warn(struct plan *p, enum warn_code code, enum warn_severity sev,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

const char *warn_code_id(enum warn_code c);
const char *warn_severity_name(enum warn_severity s);

#endif
