/* engine.h - an inference engine as one descriptor: how it budgets
 * memory and what it reserves, its KV page, the warnings and report
 * text only it has, and its launch line. One file per engine
 * (simple.c, vllm.c, sglang.c, trtllm.c, llamacpp.c) defines one
 * descriptor; engines.c lists them. Nothing outside this folder asks
 * which engine a scenario names: it calls the descriptor.
 * doc/planning-model.md section 6 states each budget rule with its source. */
#ifndef GPUPLAN_ENGINE_H
#define GPUPLAN_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"
#include "scenario.h"

struct explain;
struct gpu;
struct model;
struct plan;
struct plan_memory;
struct stage;
struct layout;
struct memory_device;

/* vLLM's memory besides weights and KV as measured on H100 at
 * gpu_memory_utilization 0.9 (llm-d Planner,
 * docs/empirical-vllm-memory-results.md). SGLang and TensorRT-LLM
 * publish no such breakdown, so their profiles use the same sizes. */
#define ENGINE_LLMD_ACT_DENSE_GIB 5.6
#define ENGINE_LLMD_ACT_MOE_GIB 7.4
#define ENGINE_LLMD_NONTORCH_TP1_GIB 0.13
#define ENGINE_LLMD_NONTORCH_TP_GIB 0.55
#define ENGINE_LLMD_GRAPHS_GIB 1.0
#define ENGINE_LLMD_SIZES { \
	.activation_gib_dense = ENGINE_LLMD_ACT_DENSE_GIB, \
	.activation_gib_moe = ENGINE_LLMD_ACT_MOE_GIB, \
	.nontorch_gib_tp1 = ENGINE_LLMD_NONTORCH_TP1_GIB, \
	.nontorch_gib_tp = ENGINE_LLMD_NONTORCH_TP_GIB, \
	.graphs_gib = ENGINE_LLMD_GRAPHS_GIB, \
}

/* The KV dtypes of the GPU engines (16 bit, FP8, INT8); llama.cpp
 * adds its block types q8_0 and q4_0. */
#define ENGINE_KV_GPU ((1u << KV_BF16) | (1u << KV_FP16) | (1u << KV_FP8) | (1u << KV_INT8))

/* What an engine reserves besides weights and KV, where nothing in the
 * scenario overrides it: measured sizes in GiB, or shares of the
 * weights for the rule-of-thumb profile. */
struct engine_sizes {
	double activation_frac;		/* of weights */
	double overhead_frac;		/* of weights */
	double activation_gib_dense;	/* profile-run peak */
	double activation_gib_moe;
	double nontorch_gib_tp1;	/* CUDA context + allocator */
	double nontorch_gib_tp;		/* ... plus NCCL buffers, TP > 1 */
	double graphs_gib;		/* CUDA graphs */
};

/* How an engine fits prompts between decode steps, for the sustained
 * rate. */
enum iteration {
	ITER_STANDALONE,	/* each prompt alone, then decode (the rule
				 * of thumb's model) */
	ITER_MIXED,		/* prompt chunks ride in the decode steps,
				 * up to max_num_batched_tokens a step:
				 * vLLM V1, TensorRT-LLM's in-flight
				 * batching, llama.cpp's server */
	ITER_PREFILL_BATCHES,	/* prompts packed into prefill batches of
				 * up to the chunk size, between decode
				 * steps: SGLang without mixed chunks */
};

/* Which node a launch line is for: the only one of a one-node plan or
 * the head of a multi-node one (node rank 0, its address ${HEAD_IP}),
 * or each of the others (${NODE_RANK} 1 to nodes - 1) where node_pods. */
enum launch_role { LAUNCH_HEAD, LAUNCH_WORKER };

/* The planned scenario a launch line is written from. */
struct engine_launch_input {
	const struct scenario *s;
	const struct model *m;
	const struct gpu *g;
	const struct plan *p;
	enum launch_role role;
};

struct engine {
	const char *id;			/* --engine spelling, saved files */
	const char *name;		/* in warnings: "vLLM" */
	const char *label;
	const char *source;		/* where the constants come from */
	struct engine_sizes sizes;
	uint32_t kv_block;		/* KV page, tokens */
	uint32_t kv_dtypes;		/* bit per enum kv_dtype it stores */
	bool uses_util;			/* reserves a budget below capacity */
	bool window_plus_batched;	/* sliding layers keep window +
					 * one step's batched tokens */
	bool window_plus_ubatch;	/* ... or window + --ubatch */
	uint32_t window_extra;		/* ... or window + this many */
	bool state_f32;			/* recurrent states in F32 */
	bool prefix_private;		/* each sequence keeps its own copy
					 * of a cached prefix (llama.cpp's
					 * slots), not one shared block */
	bool label_in_report;		/* name it under the speed figures */
	enum iteration iteration;	/* how prompts share its steps */
	int moe_backend;		/* its fused-MoE kernel (enum
					 * moe_backend; AUTO: none measured
					 * applies) */
	bool pp_microbatches;		/* feeds pipeline stages PP
					 * micro-batches at once */
	bool cublas_gemms;		/* its dense GEMMs are the cuBLAS /
					 * CUTLASS ones the kernel tables
					 * measured (gpus.json kernels.gemm) */
	const char *activation_note;	/* report, when activations are
					 * the engine's own (not typed) */
	const char *outside_what;	/* what it keeps outside its budget
					 * (mem->outside_budget), or NULL */
	bool outside_is_overhead;	/* ... part of overhead, not of the
					 * activations (the report's line) */

	/* The budget fraction it applies (gpu_memory_utilization,
	 * mem_fraction_static, ...) to model m (NULL: none in
	 * particular); NULL: 1. */
	double (*fraction)(const struct scenario *s, const struct model *m,
			   const struct gpu *g, const struct layout *l);
	/* Its own activation size on one GPU of stage st; NULL: the
	 * sizes above. */
	uint64_t (*activations)(const struct scenario *s, const struct model *m,
				const struct gpu *g, const struct layout *l,
				const struct stage *st);
	/* The tokens one step batches when --max-batched-tokens is auto
	 * (0); NULL: 8192. */
	uint64_t (*batched_tokens)(const struct scenario *s, const struct gpu *g);
	/* Whether it runs without CUDA graphs (vLLM --enforce-eager);
	 * NULL: it captures them. */
	bool (*eager)(const struct scenario *s);
	/* What its CUDA graphs hold on one GPU of stage st, from what it
	 * captures; may note the counts in mem. NULL: sizes.graphs_gib. */
	uint64_t (*graphs)(const struct scenario *s, const struct model *m,
			   const struct gpu *g, const struct layout *l,
			   const struct stage *st, struct plan_memory *mem);
	/* Turns the scenario's layout into the engine's own (llama.cpp
	 * splits by layers: its GPUs become stages, cut where it cuts);
	 * returns whether it changed it. NULL: as given. */
	bool (*layout)(const struct scenario *s, const struct model *m, struct layout *l);
	/* Sets the stage's bits per weight as the engine lays the
	 * tensors out in GPU memory, where its kernels pad them (experts
	 * in format experts); NULL: as stored. */
	void (*loaded)(const struct scenario *s, const struct model *m, const struct gpu *g,
		       const struct layout *l, enum weight_format experts, struct stage *st);
	/* Moves what the engine keeps in host memory out of the stage;
	 * NULL: everything stays on the GPUs. */
	void (*offload)(const struct scenario *s, const struct model *m,
			const struct layout *l, struct stage *st);
	/* Given weights, activations, overhead (of which nontorch and
	 * graphs), sets budget, kv_pool, before_kv, room, outside_budget
	 * and fits. */
	void (*budget)(const struct scenario *s, struct plan_memory *mem, uint64_t nontorch,
		       uint64_t graphs);
	/* The report's words on the budget after "Memory per GPU, N GiB
	 * usable"; NULL: none. */
	void (*budget_note)(struct textbuf *b, const struct scenario *s,
			    const struct plan_memory *mem);
	/* The explain line of the KV pool, with this engine's rule. */
	void (*explain_pool)(struct explain *x, const struct scenario *s,
			     const struct plan_memory *mem);
	/* What the engine should log at start-up, in its own words and
	 * units, so a user can hold the plan against the log; NULL: none. */
	void (*expected_log)(struct textbuf *b, const struct scenario *s,
			     const struct plan_memory *mem);
	/* Warnings when the engine itself would not start; NULL: none. */
	void (*warnings)(const struct scenario *s, const struct plan_memory *mem,
			 struct plan *p);
	/* Line i of what its start-up log should say of the n devices d
	 * (one per GPU of the layer split), and for i == n of host memory
	 * (may write nothing); NULL: no such lines. */
	void (*device_log)(struct textbuf *b, const struct gpu *g,
			   const struct memory_device *d, uint64_t n, uint64_t i);
	/* Its launch line for in->role, the commands in the plan's numbers;
	 * returns 0, or -1 when the layout cannot be launched so, having
	 * written a comment line saying why. NULL: it has none. */
	int (*launch)(struct textbuf *b, const struct engine_launch_input *in);
	uint16_t port;			/* the server's, as launched */
	const char *image;		/* its container image, for manifests */
	const char *image_setup;	/* shell lines that image needs before
					 * the launch line, or NULL */
	bool node_pods;			/* each node of a replica starts on its
					 * own (a pod per node); else the head
					 * starts them all (srun) */
	/* The scenario options only this engine reads (NULL-terminated). */
	const char *const *knobs;
	/* The releases whose accounting is modelled, oldest first
	 * (NULL-terminated; NULL: one model for every release). A
	 * --engine-version picks the newest of them at or before it. */
	const char *const *releases;
};

/* The engines in the order --engine lists them; the index is the
 * scenario's engine field. */
extern const struct engine *const engines[];
extern const unsigned engine_count;

/* Inline: the planning core asks several times per plan. */
static inline const struct engine *
engine_get(unsigned e)
{
	return engines[e < engine_count ? e : 0];
}

static inline const struct engine *
engine_of(const struct scenario *s)
{
	return engine_get(s->engine);
}

int engine_parse(const char *id, unsigned *out);

/* Shared by the budget rules and the launch writers. */
void engine_budget_capacity(const struct scenario *s, struct plan_memory *mem,
			    uint64_t nontorch, uint64_t graphs);
void engine_explain_pool_capacity(struct explain *x, const struct scenario *s,
				  const struct plan_memory *mem);
/* Index in e->releases of the release a scenario plans with: the newest
 * modelled at or before --engine-version, the newest when none is
 * given; -1 when the version is older than every modelled one. */
int engine_release(const struct engine *e, const struct scenario *s);
/* --max-batched-tokens, or the engine's default for the GPU. */
uint64_t engine_batched_tokens(const struct scenario *s, const struct gpu *g);
/* "0.10.1" -> 0x000a01; -1 unless X.Y or X.Y.Z. */
long engine_version_code(const char *v);

const char *engine_model_path(const struct engine_launch_input *in, char *buf, size_t len);
/* The checkpoint a speculative draft loads from: the catalog draft
 * model's, or a placeholder for an EAGLE-3 head (none in the catalog). */
const char *engine_draft_path(const struct engine_launch_input *in);
/* The multi-node part of a launch: whether the plan's replica spans
 * several nodes; and the comment engine e, which runs on one node
 * only, writes instead (returns -1, as its launch hook does). */
bool engine_multinode(const struct engine_launch_input *in);
int engine_refuse_multinode(struct textbuf *b, const struct engine *e,
			    const struct engine_launch_input *in);

#endif
