/* perf.c - decode and prefill step times.
 *
 * A step runs the weight GEMMs, then the attention, each bound by its
 * own roofline: max(weight reads, matmul FLOPs) + max(KV reads,
 * attention FLOPs) + T_comm per pipeline stage. A token passes the
 * stages one after another; engines that feed the stages micro-batches
 * keep them all busy (perf_compute). The weights read are the stage's
 * non-expert weights and the routed experts the batch touches; the
 * FLOPs multiply the active parameters. Expected compute runs at
 * eta_compute of the GPU's measured matmul ceiling (MAMF), the bound at
 * the spec. The element-wise kernels between the GEMMs move their bytes
 * at eta_bw.
 *
 * Where the GPU has measured kernels (gpus.json kernels), the expected
 * step pays them instead of the roofline: each dense GEMM of a layer
 * (kernels.gemm: a floor, then the largest of its reads, its math and
 * its K-serial latency), each all-reduce (kernels.allreduce, a measured
 * curve), and per MoE layer the fused-MoE kernel for the engine's
 * backend, the experts' format and the routing (kernels.moe: a floor,
 * plus the touched bytes and the FLOPs at their own efficiencies,
 * added, not overlapped, as the kernel tables show). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "perf.h"

/* The kernel tables' name of a format for a group of tensors: FP8 with
 * block scales (the checkpoint's config gives the group block scales,
 * quant_block; per-row scales are not blocks) runs other kernels than
 * per-tensor FP8. That holds for an
 * imported checkpoint and for a catalog model planned in the format it
 * ships in (DeepSeek-V3's 128 x 128 blocks). NULL: no kernel was
 * measured. */
static const char *
kernel_format(const struct model *m, enum weight_format f, enum param_group pg)
{
	bool own = (m->quant && !m->quant_native_only) || m->native_format == (int)f;

	switch (f) {
	case WF_BF16:
	case WF_FP16:
		return "bf16";
	case WF_FP8:
		return own && (m->quant_block & (1u << pg)) ? "fp8_block" : "fp8";
	case WF_NVFP4:
		return "nvfp4";
	default:
		return NULL;
	}
}

static const char *
moe_backend_name(int b)
{
	return b == MOE_BACKEND_CUTLASS ? "cutlass" : b == MOE_BACKEND_TRITON ? "triton" : NULL;
}

const char *
perf_moe_backend(const struct scenario *s)
{
	return moe_backend_name(s->moe_backend != MOE_BACKEND_AUTO ? s->moe_backend :
				engine_of(s)->moe_backend);
}

const struct gpu_moe_kernel *
perf_moe_kernel(const struct scenario *s, const struct model *m, const struct gpu *g)
{
	const char *backend = perf_moe_backend(s);
	const char *format = kernel_format(m, memory_expert_format(m, s->weights), PG_EXPERTS);

	if (backend == NULL || format == NULL || m->experts == 0 || !s->moe)
		return NULL;
	for (unsigned i = 0; i < g->n_moe_kernels; i++) {
		const struct gpu_moe_kernel *k = &g->moe_kernels[i];

		if (strcmp(k->backend, backend) == 0 && strcmp(k->format, format) == 0)
			return k;
	}
	return NULL;
}

static const struct gpu_gemm_kernel *
gemm_kernel_of(const struct gpu *g, const char *format)
{
	for (unsigned i = 0; i < g->n_gemm_kernels; i++) {
		if (strcmp(g->gemm_kernels[i].format, format) == 0)
			return &g->gemm_kernels[i];
	}
	return NULL;
}

const struct gpu_gemm_kernel *
perf_gemm_kernel(const struct scenario *s, const struct model *m, const struct gpu *g)
{
	const char *format = kernel_format(m, s->weights, PG_ATTN);

	if (format == NULL || !engine_of(s)->cublas_gemms)
		return NULL;
	return gemm_kernel_of(g, format);
}

const struct gpu_allreduce *
perf_allreduce(const struct layout *l, const struct gpu *g)
{
	for (unsigned i = 0; i < g->n_allreduce; i++) {
		if (g->allreduce[i].tp == l->tp && l->tp <= g->gpus_per_node)
			return &g->allreduce[i];
	}
	return NULL;
}

/* One all-reduce of `elements` bf16 values on a measured curve, log-log
 * between its points; below the first, the first (the latency floor);
 * beyond the last, at the last point's bus bandwidth. */
static double
allreduce_s(const struct gpu_allreduce *c, double elements)
{
	unsigned i = 1;
	double f;

	if (elements <= c->elements[0])
		return c->us[0] * 1e-6;
	if (elements >= c->elements[c->n - 1])
		return c->us[c->n - 1] * elements / c->elements[c->n - 1] * 1e-6;
	while (c->elements[i] < elements)
		i++;
	f = log(elements / c->elements[i - 1]) / log(c->elements[i] / c->elements[i - 1]);
	return exp(log(c->us[i - 1]) + f * (log(c->us[i]) - log(c->us[i - 1]))) * 1e-6;
}

/* Measured kernels a plan uses, each NULL where none was measured; c
 * is the weights' math. */
struct kernels {
	const struct gpu_moe_kernel *moe;
	const struct gpu_gemm_kernel *gemm;	/* the weights' format */
	const struct gpu_gemm_kernel *gemm16;	/* bf16, for the tensors
						 * kept at 16 bits */
	const struct gpu_allreduce *allreduce;
	/* measured small kernels (gpu.h enum gpu_op) */
	const struct gpu_op_kernel *mla_decode;	/* for the KV dtype */
	const struct gpu_op_kernel *bmm_pre, *bmm_post;
	enum compute_dtype c;
};

/* One measured small kernel: a floor, its bytes and its FLOPs added. */
static double
op_s(const struct gpu_op_kernel *k, const struct gpu *g, double bytes, double flops,
     enum compute_dtype c)
{
	double t = k->t0_us * 1e-6 + bytes / (k->eta_mem * g->bandwidth_tbs * 1e12);

	if (k->eta_compute > 0 && g->tflops[c] > 0)
		t += flops / (k->eta_compute * g->tflops[c] * 1e12);
	return t;
}

/* The GPU's measured kernel for op, where the engine runs the kernels
 * the tables measured (the cuBLAS engines: perf_gemm_kernel). */
static const struct gpu_op_kernel *
op_kernel(const struct scenario *s, const struct gpu *g, enum gpu_op op)
{
	return engine_of(s)->cublas_gemms && g->ops[op].measured ? &g->ops[op] : NULL;
}

static const struct gpu_op_kernel *
mla_decode_kernel(const struct scenario *s, const struct gpu *g)
{
	if (s->kv == KV_FP8)
		return op_kernel(s, g, GOP_MLA_DECODE_FP8);
	return s->kv == KV_BF16 || s->kv == KV_FP16 ? op_kernel(s, g, GOP_MLA_DECODE_BF16) : NULL;
}

/* One GEMM of `rows` tokens through a k x n weight of `bits` a weight,
 * on the measured kernel: a floor, then the largest of its reads (bf16
 * activations in and out), its math and its K-serial latency. A weight
 * kept at 16 bits (the head, routers) runs the bf16 kernel where there
 * is one. */
static double
gemm_s(const struct kernels *kn, const struct gpu *g, double rows, double n, double k,
       double bits)
{
	bool wide = bits > 15.99 && kn->gemm16 != NULL;
	const struct gpu_gemm_kernel *gk = wide ? kn->gemm16 : kn->gemm;
	double flops = g->tflops[wide ? CD_BF16 : kn->c] * 1e12;
	double bytes = n * k * bits / 8 + 2 * rows * (k + n);

	return gk->t0_us * 1e-6 + fmax(fmax(bytes / (gk->eta_mem * g->bandwidth_tbs * 1e12),
					    2 * rows * n * k / (gk->eta_compute * flops)),
				       k * gk->tau_k_ns * 1e-9);
}

/* The output head on the last stage: vocab / TP columns from the
 * hidden state, for `rows` rows of logits. */
static double
head_gemm_s(const struct kernels *kn, const struct model *m, const struct gpu *g,
	    const struct layout *l, const struct stage *st, double rows)
{
	if (st->last != m->layers || rows <= 0)
		return 0;
	return gemm_s(kn, g, rows, (double)m->vocab / (double)l->tp, m->hidden,
		      st->bits[PG_LM_HEAD]);
}

/* The width of an FFN of `params` weights a layer on one GPU: gate, up
 * and down, or up and down alone where it is ungated (Nemotron-H's
 * relu2). */
static double
ffn_width(const struct model *m, double params)
{
	return params / (m->ffn_ungated ? 2 : 3) / m->hidden;
}

/* An FFN of `params` weights a layer on one GPU: gate and up fused
 * (k = hidden), then down (k = its width). */
static double
ffn_gemms_s(const struct kernels *kn, const struct model *m, const struct gpu *g, double rows,
	    double params, double bits)
{
	double width = ffn_width(m, params);

	if (params <= 0)
		return 0;
	return gemm_s(kn, g, rows, (m->ffn_ungated ? 1 : 2) * width, m->hidden, bits) +
	       gemm_s(kn, g, rows, m->hidden, width, bits);
}

/* One MLA layer's projections on one GPU, as TensorRT-LLM and SGLang run
 * them (AIConfigurator models/deepseek.py): the replicated down
 * projections fused into one GEMM from the hidden state (q_a, kv_a and
 * the rope key; q_proj apart where there is no q_lora), q_b from the q
 * latent, then kv_b and o_proj. In decode kv_b is absorbed: its W_UK
 * and W_UV halves are two batched GEMMs per head, on the measured BMM
 * kernels where there are some. attn is the layer's PG_ATTN on this
 * GPU; what the shapes leave (a sparse layer's indexer) runs as one
 * more GEMM from the hidden state. */
static double
mla_gemms_s(const struct kernels *kn, const struct model *m, const struct gpu *g,
	    const struct layout *l, const struct stage *st, double rows, bool decode,
	    double attn)
{
	double h = (double)m->heads / (double)l->tp, d = m->hidden, bits = st->bits[PG_ATTN];
	double qk = (double)m->qk_nope_dim + m->qk_rope_dim, lora = m->kv_lora_rank;
	double down = d * ((double)m->q_lora_rank + lora + m->qk_rope_dim);
	double q = m->q_lora_rank > 0 ? m->q_lora_rank * h * qk : d * h * qk;
	double kv_b = lora * h * ((double)m->qk_nope_dim + m->v_head_dim);
	double o = h * m->v_head_dim * d, rest = attn - down - q - kv_b - o;
	double t = gemm_s(kn, g, rows, down / d, d, bits) +
		   gemm_s(kn, g, rows, q / (m->q_lora_rank > 0 ? m->q_lora_rank : d),
			  m->q_lora_rank > 0 ? m->q_lora_rank : d, bits) +
		   gemm_s(kn, g, rows, d, h * m->v_head_dim, bits);

	if (decode && kn->bmm_pre != NULL && kn->bmm_post != NULL) {
		/* per head, rows x nope by nope x lora, then rows x lora by
		 * lora x v; the weights at their bits, activations bf16 */
		double pre = h * m->qk_nope_dim * lora, post = h * lora * m->v_head_dim;

		t += op_s(kn->bmm_pre, g, pre * bits / 8 + 2 * rows * h * (m->qk_nope_dim + lora),
			  2 * rows * pre, kn->c) +
		     op_s(kn->bmm_post, g, post * bits / 8 + 2 * rows * h * (lora + m->v_head_dim),
			  2 * rows * post, kn->c);
	} else if (kv_b > 0) {
		t += gemm_s(kn, g, rows, kv_b / lora, lora, bits);
	}
	if (rest > d)
		t += gemm_s(kn, g, rows, rest / d, d, bits);
	return t;
}

/* A stage's weight GEMMs but the routed experts', kernel by kernel,
 * from the GPU's shares of each group: per layer the attention's input
 * projections (k = hidden) and its output projection (k = heads x
 * head dim / TP), the dense FFN or the shared experts, the router; the
 * head's `head_rows` rows of logits on the last stage. */
static double
dense_gemms_s(const struct kernels *kn, const struct model *m, const struct gpu *g,
	      const struct layout *l, const struct stage *st, double rows, double head_rows,
	      bool decode)
{
	double o_k = (double)m->heads * (m->v_head_dim > 0 ? m->v_head_dim : m->head_dim) /
		     (double)l->tp;
	double attn = st->n_mixers > 0 ? st->params[PG_ATTN] / st->n_mixers : 0;
	double in = attn - o_k * m->hidden, t = 0;

	if (m->hidden == 0)
		return 0;
	if (m->kv_lora_rank > 0 && st->n_mixers > 0) {
		t = mla_gemms_s(kn, m, g, l, st, rows, decode, attn);
	} else if (in > 0) {
		/* a mixer's input projections from the hidden state and
		 * its output projection back (a Mamba mixer's in_proj and
		 * out_proj are the same two) */
		t = gemm_s(kn, g, rows, in / m->hidden, m->hidden, st->bits[PG_ATTN]) +
		    gemm_s(kn, g, rows, m->hidden, o_k, st->bits[PG_ATTN]);
	} else if (attn > 0) {
		t = gemm_s(kn, g, rows, attn / m->hidden, m->hidden, st->bits[PG_ATTN]);
	}
	t *= st->n_mixers;
	if (st->n_dense > 0)
		t += st->n_dense * ffn_gemms_s(kn, m, g, rows, st->params[PG_DENSE_FFN] / st->n_dense,
					       st->bits[PG_DENSE_FFN]);
	if (st->n_moe > 0) {
		t += st->n_moe * ffn_gemms_s(kn, m, g, rows, st->params[PG_SHARED] / st->n_moe,
					     st->bits[PG_SHARED]);
		if (st->params[PG_ROUTER] > 0)
			t += st->n_moe * gemm_s(kn, g, rows,
						st->params[PG_ROUTER] / st->n_moe / m->hidden,
						m->hidden, st->bits[PG_ROUTER]);
	}
	return t + head_gemm_s(kn, m, g, l, st, head_rows);
}

/* Bytes the element-wise kernels between the GEMMs move for one token
 * on one GPU of the stage, bf16 in and out: a residual add with its
 * norm before each mixer and each FFN, reading and writing 2 x hidden
 * values (the hidden state is whole on every GPU), and the activation
 * of the dense FFN or shared experts, gated 2 x width in and width out,
 * ungated width in and out (the fused MoE kernel does its own).
 * AIConfigurator lays out the same three a layer (models/llama.py:
 * add_norm_1, add_norm_2, act_gate). */
static double
elementwise_bytes(const struct model *m, const struct stage *st)
{
	double act = m->ffn_ungated ? 4 : 6;
	double bytes = (double)(st->n_mixers + st->n_dense + st->n_moe) *
		       (2.0 * m->hidden * 2 + 2.0 * m->hidden * 2);

	if (m->hidden == 0)
		return 0;
	bytes += act * ffn_width(m, st->params[PG_DENSE_FFN]);
	bytes += act * ffn_width(m, st->params[PG_SHARED]);
	return bytes;
}

double
perf_experts_touched(double experts, double top_k, double tokens)
{
	if (experts <= 0 || top_k <= 0)
		return 0;
	if (top_k >= experts)
		return experts;
	return experts * (1.0 - pow(1.0 - top_k / experts, tokens));
}

enum compute_dtype
perf_compute_dtype(enum weight_format f, const struct gpu *g)
{
	enum compute_dtype want = weight_format_info(f)->compute;

	if (g->tflops[want] > 0)
		return want;
	return g->tflops[CD_BF16] > 0 ? CD_BF16 : CD_FP16;
}

/* Attention runs at FP8 only where the engine keeps FP8 KV and FP8
 * GEMMs (TRT-LLM's FP8 FMHA); otherwise at 16 bits, never at FP4. */
static enum compute_dtype
perf_attention_dtype(const struct scenario *s, const struct gpu *g)
{
	enum compute_dtype w = perf_compute_dtype(s->weights, g);

	if (s->kv == KV_FP8 && (w == CD_FP8 || w == CD_FP4) && g->tflops[CD_FP8] > 0)
		return CD_FP8;
	return g->tflops[CD_BF16] > 0 ? CD_BF16 : CD_FP16;
}

/* Attention FLOPs of one query token against `kv` keys per layer, one
 * GPU: QK^T and AV are 2 * heads * dim multiply-adds per key. MLA
 * attends in the latent space (absorbed weights). */
static double
attn_flops_per_key(const struct model *m, enum attn_kind k, uint64_t tp)
{
	double heads = (double)m->heads / (double)tp;

	if (m->kv_lora_rank > 0)
		return 2.0 * heads * (2.0 * m->kv_lora_rank + m->qk_rope_dim);
	return 4.0 * heads * model_head_dim(m, k);
}

/* Keys a layer of each kind attends to, summed over a prompt of len
 * tokens (causal), or for one token at position len when one_token. */
static double
keys_attended(const struct model *m, enum attn_kind k, double len, bool one_token)
{
	/* sparse attention attends to the index_topk tokens its indexer
	 * picks, as a window of that many would */
	double w = k == ATTN_SLIDING ? m->window : k == ATTN_DSA ? m->index_topk : 0;
	double c = k == ATTN_CHUNKED ? m->chunk : 0;

	if (!attn_kind_has_kv(k))
		return 0;
	if (c > 0 && c < len) {
		/* A token sees only the earlier tokens of its own chunk. */
		double full = floor(len / c), rest = len - full * c;

		if (one_token)
			return rest > 0 ? rest : c;
		return full * c * (c + 1) / 2 + rest * (rest + 1) / 2;
	}
	if (one_token)
		return w > 0 && w < len ? w : len;
	if (w <= 0 || w >= len)
		return len * (len + 1) / 2;
	return w * (w + 1) / 2 + (len - w) * w;
}

/* Keys the tokens of one step attend to in a layer of kind k: one
 * token at position len, or (a prompt) the last n tokens up to len,
 * those before them cached. */
static double
step_keys(const struct model *m, enum attn_kind k, double len, double n, bool one_token)
{
	if (one_token || n >= len)
		return keys_attended(m, k, len, one_token);
	return keys_attended(m, k, len, false) - keys_attended(m, k, len - n, false);
}

/* Bytes of the parameters of a stage held by one GPU (or its host
 * part), the routed experts alone or everything but them, at their
 * bits. */
static double
group_bytes(const double params[PG_COUNT], const double bits[PG_COUNT], bool experts)
{
	double sum = 0;

	for (int g = 0; g < PG_COUNT; g++) {
		if ((g == PG_EXPERTS) != experts || g == PG_EMBED || g == PG_EXTRA)
			continue;
		sum += params[g] * bits[g];
	}
	return sum / 8;
}

/* One stage's step at the spec roofline, split by kernel: the weight
 * GEMMs and the attention run one after the other. */
struct step {
	double gemm_mem_s, gemm_s;	/* weight reads, matmul FLOPs */
	double kv_s, attn_s;		/* KV reads, attention FLOPs */
	double comm_s;
	double host_s;			/* host-RAM part (llama.cpp offload) */
	double expert_mem_s, expert_s;	/* the routed experts' share of
					 * gemm_mem_s and gemm_s ... */
	double moe_s;			/* ... which the measured kernel
					 * takes instead, at its efficiency;
					 * 0: none */
	double head_s;			/* the output head's math for one
					 * more row of logits */
	double dense_mem_s, dense_s;	/* the weights but the routed
					 * experts: their share of gemm_mem_s
					 * and gemm_s ... */
	double dense_k_s;		/* ... which the measured GEMMs take
					 * instead; 0: none */
	double elem_mem_s;		/* element-wise kernels' traffic */
	double mla_kv_s, mla_attn_s;	/* MLA decode layers' share of kv_s
					 * and attn_s ... */
	double mla_k_s;			/* ... which the measured MLA kernel
					 * takes instead; 0: none */
	double weight_bytes, kv_bytes, host_bytes, flops, gemm_flops, attn_flops;
};

/* One MoE layer's time under kernel k on one GPU of stage st, for
 * `tokens` tokens entering it: the fit's own terms, every expert the GPU
 * holds times 1 - (1 - 1/E)^(T k) of bytes, and 2 x its parameters x
 * T k / E FLOPs (doc/planning-model.md section 7). */
static double
moe_layer_s(const struct gpu_moe_kernel *k, const struct model *m, const struct gpu *g,
	    const struct stage *st, enum compute_dtype c, double tokens)
{
	double params = st->params[PG_EXPERTS] / st->n_moe;
	double pairs = tokens * m->top_k;
	double bytes = params * st->bits[PG_EXPERTS] / 8 *
		       (1.0 - pow(1.0 - 1.0 / m->experts, pairs));
	double flops = 2.0 * params * pairs / m->experts;

	return k->t0_us * 1e-6 + bytes / (k->eta_mem * g->bandwidth_tbs * 1e12) +
	       flops / (k->eta_compute * g->tflops[c] * 1e12);
}

/* Skewed over balanced routing for `tokens` tokens entering the layer,
 * log-linear between the measured points, flat beyond them: below a
 * few hundred tokens skewed routing touches fewer experts and is
 * faster; above, the most loaded GPU waits (EP > 1 far more). 1 when
 * routing is balanced or nothing was measured. */
static double
skew_penalty(const struct scenario *s, const struct gpu_moe_kernel *k, const struct layout *l,
	     double tokens)
{
	const double *r = l->ep > 1 ? k->skew_ep : k->skew_ep1;
	unsigned n = k->n_skew, i = 1;
	double f;

	if (s->routing != ROUTING_SKEWED || n == 0)
		return 1;
	if (tokens <= k->skew_tokens[0])
		return r[0];
	if (tokens >= k->skew_tokens[n - 1])
		return r[n - 1];
	while (k->skew_tokens[i] < tokens)
		i++;
	f = log(tokens / k->skew_tokens[i - 1]) / log(k->skew_tokens[i] / k->skew_tokens[i - 1]);
	return r[i - 1] + f * (r[i] - r[i - 1]);
}

/* The all-reduces of `layers` layers over `rows` rows: two a layer,
 * on the measured curve, else the ring over the link (2 (TP-1)/TP of
 * the message crosses each GPU's link one way) and the call latency. */
static double
comm_s(const struct scenario *s, const struct model *m, const struct gpu *g,
       const struct layout *l, const struct kernels *kn, double layers, double rows)
{
	if (kn->allreduce != NULL)
		return 2.0 * layers * allreduce_s(kn->allreduce, rows * m->hidden);
	if (l->tp > 1) {
		double msg = rows * m->hidden * 2.0;
		double link = g->link_gbs / 2 * 1e9;
		double ring = 2.0 * (double)(l->tp - 1) / (double)l->tp * msg;

		return 2.0 * layers * ((link > 0 ? ring / link : 0) + s->comm_latency_us * 1e-6);
	}
	return 0;
}

/* One stage processing `tokens` tokens: the new tokens of a prefill
 * ending at seq_len (keys summed causally, the earlier ones cached) or
 * q tokens for each of `tokens` sequences at position seq_len (q > 1:
 * a speculative verification, whose q queries read the sequence's KV
 * once). */
static void
stage_step(const struct scenario *s, const struct model *m, const struct gpu *g,
	   const struct layout *l, const struct stage *st, double tokens,
	   double seq_len, bool decode, double q, double touched, const struct kernels *kn,
	   struct step *out)
{
	/* the rows every weight GEMM multiplies */
	double rows = decode ? tokens * q : tokens;
	const struct gpu_moe_kernel *mk = kn->moe;
	struct kv_policy p;
	double expert_share, act_params = 0, key_flops = 0, ffn_active, head;
	double bw = g->bandwidth_tbs * 1e12;
	double flops = g->tflops[perf_compute_dtype(s->weights, g)] * 1e12;
	double attn_rate = g->tflops[perf_attention_dtype(s, g)] * 1e12;
	uint32_t n = st->last - st->first;
	double top_k = s->moe ? m->top_k : m->experts;

	memory_kv_policy(s, g, l, &p);
	p.block = 1;
	expert_share = m->experts > 0 ? touched / m->experts : 0;
	out->weight_bytes = group_bytes(st->params, st->bits, false) +
			    group_bytes(st->params, st->bits, true) * expert_share;
	/* A tied output head is the embedding matrix, held once (PG_EMBED)
	 * but read and multiplied as the head on the last stage. */
	head = st->last == m->layers ? (m->tied_embeddings ?
		(double)m->vocab * m->hidden / (double)l->tp : st->params[PG_LM_HEAD]) : 0;
	if (m->tied_embeddings)
		out->weight_bytes += head * st->bits[PG_LM_HEAD] / 8;
	/* Weights kept in host RAM are read there, once for the whole TP
	 * group (stage params are per GPU), by the CPU: llama.cpp computes
	 * CPU-resident layers and --cpu-moe experts on the host, so only
	 * the touched experts are read (doc/planning-model.md section 7, host
	 * part). */
	out->host_bytes = (group_bytes(st->host_params, st->host_bits, false) +
			   group_bytes(st->host_params, st->host_bits, true) *
			   expert_share) * (double)l->tp;
	out->kv_bytes = 0;
	out->mla_kv_s = out->mla_attn_s = out->mla_k_s = 0;
	if (decode) {
		for (int k = 0; k < ATTN_KIND_COUNT; k++) {
			/* what attention reads: the window or the current chunk,
			 * whatever the engine keeps resident */
			double t = keys_attended(m, (enum attn_kind)k, seq_len, true);
			double b = kv_layer_token_bytes(m, (enum attn_kind)k, &p);
			/* a sparse layer's indexer reads every token's key */
			double bi = k == ATTN_DSA ? kv_indexer_token_bytes(m) : 0;

			/* a recurrent layer reads and writes its state once
			 * per sequence and step */
			double state = attn_kind_recurrent((enum attn_kind)k) ?
				2.0 * kv_layer_state_bytes(m, &p) : 0;

			out->kv_bytes += tokens * st->kinds[k] * (t * (b - bi) + seq_len * bi + state);
			/* MLA decode on its measured kernel: a floor a layer,
			 * then the batch's KV (compute does not bind) */
			if (k == ATTN_MLA && kn->mla_decode != NULL && st->kinds[k] > 0 && bw > 0) {
				out->mla_kv_s = tokens * st->kinds[k] * t * b / bw;
				out->mla_attn_s = attn_rate > 0 ? rows * st->kinds[k] * t *
						  attn_flops_per_key(m, ATTN_MLA, l->tp) / attn_rate : 0;
				out->mla_k_s = st->kinds[k] * op_s(kn->mla_decode, g, tokens * t * b, 0,
								   kn->c);
			}
			out->host_bytes += tokens * st->host_kinds[k] *
					   (t * (b - bi) + seq_len * bi + state) * (double)l->tp;
		}
	}

	/* Parameters one token multiplies on this GPU: all but the routed
	 * experts, plus top-k of them (every expert when MoE is off). */
	for (int gi = 0; gi < PG_COUNT; gi++) {
		if (gi != PG_EXPERTS && gi != PG_EMBED && gi != PG_EXTRA && gi != PG_LM_HEAD)
			act_params += st->params[gi];
	}
	ffn_active = m->experts > 0 ? st->params[PG_EXPERTS] * top_k / m->experts : 0;
	act_params += ffn_active;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		key_flops += st->kinds[k] * step_keys(m, (enum attn_kind)k, seq_len, tokens, decode) *
			     attn_flops_per_key(m, (enum attn_kind)k, l->tp);
	/* FLOPs of host-resident layers run on the CPU and are not
	 * modelled: the host part is taken as bandwidth-bound. */
	/* logits: every decoded token, but only the last prompt token */
	{
		/* the indexer scores every earlier key with its FP8 heads
		 * (one multiply-add each), on every rank */
		double scored = st->kinds[ATTN_DSA] * step_keys(m, ATTN_FULL, seq_len, tokens, decode);
		double attn = (key_flops +
			       2.0 * m->index_heads * m->index_head_dim * scored) *
			      (decode ? rows : 1);
		double gemm = 2.0 * act_params * rows + 2.0 * head * (decode ? rows : 1);

		out->flops = gemm + attn;
		out->gemm_flops = gemm;
		out->attn_flops = attn;
		out->gemm_s = flops > 0 ? gemm / flops : 0;
		out->head_s = flops > 0 ? 2.0 * head / flops : 0;
		out->attn_s = attn_rate > 0 ? attn / attn_rate : 0;
	}
	out->gemm_mem_s = bw > 0 ? out->weight_bytes / bw : 0;
	out->kv_s = bw > 0 ? out->kv_bytes / bw : 0;
	out->elem_mem_s = bw > 0 ? rows * elementwise_bytes(m, st) / bw : 0;
	out->dense_mem_s = out->dense_s = out->dense_k_s = 0;
	if (kn->gemm != NULL && bw > 0 && flops > 0) {
		out->dense_mem_s = out->gemm_mem_s - group_bytes(st->params, st->bits, true) *
						     expert_share / bw;
		out->dense_s = out->gemm_s - 2.0 * ffn_active * rows / flops;
		out->dense_k_s = dense_gemms_s(kn, m, g, l, st, rows, decode ? rows : 1, decode);
	}
	out->expert_mem_s = out->expert_s = out->moe_s = 0;
	if (mk != NULL && st->n_moe > 0 && bw > 0 && flops > 0) {
		enum compute_dtype c = perf_compute_dtype(memory_expert_format(m, s->weights), g);

		out->expert_mem_s = group_bytes(st->params, st->bits, true) * expert_share / bw;
		out->expert_s = 2.0 * ffn_active * rows / flops;
		out->moe_s = st->n_moe * moe_layer_s(mk, m, g, st, c, rows) *
			     skew_penalty(s, mk, l, rows);
	}
	out->host_s = out->host_bytes > 0 && s->host_bw_gbs > 0 ?
		out->host_bytes / (s->host_bw_gbs * 1e9) : 0;

	out->comm_s = comm_s(s, m, g, l, kn, n, rows);
}

/* Efficiencies of one step: memory, and compute of the GEMMs and of
 * the attention as fractions of the spec FLOPS. */
struct eta {
	double bw, gemm, attn;
};

/* Each kernel is bound by its own roofline; the GPU and host parts of
 * the weight GEMMs run one after the other, and a measured fused-MoE
 * kernel after the rest. */
static double
gemm_phase_s(const struct step *st, const struct eta *e)
{
	return fmax((st->gemm_mem_s - st->expert_mem_s - st->dense_mem_s + st->host_s) / e->bw,
		    (st->gemm_s - st->expert_s - st->dense_s) / e->gemm) + st->moe_s +
	       st->dense_k_s + st->elem_mem_s / e->bw;
}

/* The attention: the measured MLA kernel where it ran, the roofline
 * for the rest. */
static double
attn_phase_s(const struct step *st, const struct eta *e)
{
	return st->mla_k_s + fmax((st->kv_s - st->mla_kv_s) / e->bw,
				  (st->attn_s - st->mla_attn_s) / e->attn);
}

static double
phase_s(const struct step *st, const struct eta *e)
{
	return gemm_phase_s(st, e) + attn_phase_s(st, e) + st->comm_s;
}

/* The bound at the spec roofline: every kernel at efficiency 1, the
 * experts' part too. */
static double
bound_s(const struct step *st)
{
	struct step r = *st;
	const struct eta spec = {1, 1, 1};

	r.expert_mem_s = r.expert_s = r.moe_s = 0;
	r.dense_mem_s = r.dense_s = r.dense_k_s = 0;
	r.mla_kv_s = r.mla_attn_s = r.mla_k_s = 0;
	return phase_s(&r, &spec);
}

/* One stage's share of a cycle, for the sustained rate: B requests
 * always in flight, each of P prompt and O output tokens. In steady
 * state a cycle of O decode steps brings B prompts, C = B x P / O
 * prompt tokens a step on average, arriving a whole prompt at a time;
 * how the engine runs them (engine.iteration):
 * - mixed: a prompt rides in a decode step, chunked to the step's
 *   budget of max_num_batched_tokens, so a share f = C / c of the steps
 *   carry c = min(max(P, C), budget - B) prompt tokens, and such a step
 *   reads the weights (and the experts its tokens touch) once for all
 *   B + c tokens; f > 1 means steps of prompts only, more of them;
 * - prefill batches: the same prompts in prefill batches of
 *   min(max(P, C), budget) tokens between the O plain decode steps.
 * Attention is each sequence's own either way: the decode steps' KV
 * reads, and each prompt's causal attention once. P counts the prompt
 * tokens computed, those not found in the prefix cache. dec and pre are the
 * stage's decode step and one prompt's prefill. (Standalone, B prefills
 * and O decode steps, needs no stage of its own: perf_compute.) */
static double
stage_cycle_s(const struct scenario *s, const struct model *m, const struct gpu *g,
	      const struct layout *l, const struct stage *st, const struct step *dec,
	      const struct step *pre, const struct kernels *kn, const struct eta *e,
	      double B, struct plan *p)
{
	/* the prompt tokens to compute: those not found cached */
	double P = (double)(s->prompt_tokens - p->prefill.cached_tokens);
	/* a speculative step verifies q = K + 1 tokens of each sequence
	 * and yields E of them: O / E steps a cycle */
	double O = (double)s->output_tokens / p->spec.tokens_per_step;
	double R = B * ((double)p->spec.k + 1);
	double T = (double)engine_batched_tokens(s, g), top_k = s->moe ? m->top_k : m->experts;
	double C = B * P / O;
	struct step mix;

	if (engine_of(s)->iteration == ITER_MIXED) {
		double c = fmin(fmax(P, C), fmax(T - R, 1)), f = C / c;

		p->prompt_step_share = f;
		p->prompt_step_tokens = R + c;
		stage_step(s, m, g, l, st, R + c, P, false, 1,
			   perf_experts_touched(m->experts, top_k, R + c), kn, &mix);
		/* logits for the R decode tokens too, not only the
		 * prompt's last */
		mix.gemm_s += (R - 1) * mix.head_s;
		if (kn->gemm != NULL) {
			mix.dense_s += (R - 1) * mix.head_s;
			mix.dense_k_s += head_gemm_s(kn, m, g, l, st, R + 1) -
					 head_gemm_s(kn, m, g, l, st, 1);
		}
		return O * ((1 - fmin(f, 1)) * (gemm_phase_s(dec, e) + dec->comm_s) +
			    f * (gemm_phase_s(&mix, e) + mix.comm_s) + attn_phase_s(dec, e)) +
		       B * attn_phase_s(pre, e);
	} else {
		double c = fmin(fmax(P, C), T);

		p->prompt_step_share = B * P / c / O;
		p->prompt_step_tokens = c;
		stage_step(s, m, g, l, st, c, P, false, 1, perf_experts_touched(m->experts, top_k, c),
			   kn, &mix);
		return O * phase_s(dec, e) + B * P / c * (gemm_phase_s(&mix, e) + mix.comm_s) +
		       B * attn_phase_s(pre, e);
	}
}

/* The draft over `rows` rows at mean length len: its weights (an MTP
 * layer's touched experts) and KV at eta_bw or its FLOPs, whichever
 * binds, and its all-reduces. 0 for n-gram lookup, which runs on the
 * host. */
static double
draft_s(const struct scenario *s, const struct model *m, const struct gpu *g,
	const struct layout *l, const struct kernels *kn, const struct eta *e,
	const struct spec_setup *sp, double rows, double len)
{
	double bw = g->bandwidth_tbs * 1e12 * e->bw;
	double peak = g->tflops[kn->c] * 1e12 * e->gemm;
	double bytes = sp->draft_step_bytes + rows * len * sp->draft_kv_token_bytes;
	double flops = 2.0 * sp->draft_step_params * rows;

	if (sp->draft_layers == 0 || bw <= 0)
		return 0;
	return fmax(bytes / bw, peak > 0 ? flops / peak : 0) +
	       comm_s(s, m, g, l, kn, sp->draft_layers, rows);
}

static struct kernels
kernels_of(const struct scenario *s, const struct model *m, const struct gpu *g,
	   const struct layout *l)
{
	const struct kernels kn = {
		.moe = perf_moe_kernel(s, m, g),
		.gemm = perf_gemm_kernel(s, m, g),
		.gemm16 = gemm_kernel_of(g, "bf16"),
		.allreduce = perf_allreduce(l, g),
		.mla_decode = mla_decode_kernel(s, g),
		.bmm_pre = op_kernel(s, g, GOP_MLA_BMM_PRE),
		.bmm_post = op_kernel(s, g, GOP_MLA_BMM_POST),
		.c = perf_compute_dtype(s->weights, g),
	};

	return kn;
}

/* mamf: what the GEMMs' ceiling rests on; NULL: not asked. */
static struct eta
eta_of(const struct scenario *s, const struct gpu *g, enum mamf_basis *mamf)
{
	struct eta e = {
		.bw = s->eta_bw,
		.gemm = s->eta_compute *
			gpu_matmul_efficiency(g, perf_compute_dtype(s->weights, g), mamf),
		.attn = s->eta_compute *
			gpu_matmul_efficiency(g, perf_attention_dtype(s, g), NULL),
	};

	return e;
}

void
perf_compute(const struct scenario *s, const struct model *m, const struct gpu *g,
	     const struct layout *l, const struct stage *stages, struct plan *p)
{
	struct plan_decode *d = &p->decode;
	struct plan_prefill *pf = &p->prefill;
	double B = (double)s->batch;
	double top_k = s->moe ? m->top_k : m->experts;
	double exp_s = 0, bound = 0, pexp_s = 0, pbound_s = 0;
	double P = (double)s->prompt_tokens, N;
	double mem_s = 0, comp_s = 0, cycle_s = 0, base_s = 0;
	/* speculative decoding: q tokens a sequence per verification, E
	 * yielded, K draft steps before it (spec.h) */
	const struct spec_setup *sp = &p->spec;
	double q = (double)sp->k + 1, E = sp->tokens_per_step > 0 ? sp->tokens_per_step : 1;
	double K = (double)sp->k, draft = 0, draft_pre = 0;
	struct eta e;
	const struct kernels kn = kernels_of(s, m, g, l);
	const struct gpu_moe_kernel *mk = kn.moe;
	/* the standalone rule needs only TPOT and TTFT */
	bool folded = engine_of(s)->iteration != ITER_STANDALONE && P > 0 && B > 0 &&
		      s->output_tokens > 0;
	bool pipelined = l->pp > 1 && engine_of(s)->pp_microbatches && B >= (double)l->pp;

	d->compute = kn.c;
	d->attn_compute = perf_attention_dtype(s, g);
	e = eta_of(s, g, &d->mamf);
	d->eta_gemm = e.gemm;
	d->eta_attn = e.attn;
	d->seq_len = s->prompt_tokens + s->output_tokens / 2;
	if (d->seq_len > s->context)
		d->seq_len = s->context;
	d->experts_total = m->experts;
	d->experts_touched = perf_experts_touched(m->experts, top_k, B * q);
	d->t_mem_ms = d->t_compute_ms = d->t_comm_ms = 0;
	d->t_weights_ms = d->t_kv_ms = d->t_gemm_ms = d->t_attn_ms = 0;
	d->gemm_phase_ms = d->attn_phase_ms = 0;
	d->weight_bytes_per_step = d->kv_bytes_per_step = d->host_bytes_per_step = 0;
	d->t_host_ms = 0;
	d->flops_per_step = d->gemm_flops = d->attn_flops = 0;
	d->moe_kernel = mk;
	d->gemm_kernel = kn.gemm;
	d->allreduce = kn.allreduce;
	d->gemm_kernel_ms = d->elementwise_ms = d->mla_kernel_ms = 0;
	d->mla_kernel = kn.mla_decode;
	d->moe_kernel_ms = d->moe_roofline_ms = 0;
	d->t_expert_mem_ms = d->t_expert_math_ms = 0;
	d->routing_skew = 0;
	pf->flops = 0;
	pf->cached_tokens = memory_prefix_hit(s, s->prompt_tokens, NULL);
	N = P - (double)pf->cached_tokens;

	for (uint64_t i = 0; i < l->pp; i++) {
		struct step st, pre;
		double gemm, attn;

		stage_step(s, m, g, l, &stages[i], B, (double)d->seq_len, true, q,
			   d->experts_touched, &kn, &st);
		if (sp->method != SPEC_OFF) {
			struct step one;

			stage_step(s, m, g, l, &stages[i], B, (double)d->seq_len, true, 1,
				   perf_experts_touched(m->experts, top_k, B), &kn, &one);
			base_s += phase_s(&one, &e);
		}
		d->moe_kernel_ms += st.moe_s * 1e3;
		d->gemm_kernel_ms += st.dense_k_s * 1e3;
		d->elementwise_ms += st.elem_mem_s / e.bw * 1e3;
		d->mla_kernel_ms += st.mla_k_s * 1e3;
		d->t_expert_mem_ms += st.expert_mem_s * 1e3;
		d->t_expert_math_ms += st.expert_s * 1e3;
		d->moe_roofline_ms += fmax(st.expert_mem_s / e.bw, st.expert_s / e.gemm) * 1e3;
		d->t_weights_ms += st.gemm_mem_s * 1e3;
		d->t_kv_ms += st.kv_s * 1e3;
		d->t_gemm_ms += st.gemm_s * 1e3;
		d->t_attn_ms += st.attn_s * 1e3;
		gemm = gemm_phase_s(&st, &e);
		attn = attn_phase_s(&st, &e);
		d->gemm_phase_ms += gemm * 1e3;
		d->attn_phase_ms += attn * 1e3;
		d->t_comm_ms += st.comm_s * 1e3;
		d->weight_bytes_per_step += (uint64_t)st.weight_bytes;
		d->kv_bytes_per_step += (uint64_t)st.kv_bytes;
		d->host_bytes_per_step += (uint64_t)st.host_bytes;
		d->t_host_ms += st.host_s * 1e3;
		d->flops_per_step += st.flops;
		d->gemm_flops += st.gemm_flops;
		d->attn_flops += st.attn_flops;
		exp_s += gemm + attn + st.comm_s;
		bound += bound_s(&st);
		mem_s += (st.gemm_mem_s + st.kv_s + st.host_s + st.elem_mem_s) / e.bw;
		comp_s += st.gemm_s / e.gemm + st.attn_s / e.attn;

		/* Prefill of one prompt: its N new tokens route to nearly
		 * all experts, and the causal attention grows with P^2. */
		stage_step(s, m, g, l, &stages[i], N, P, false, 1,
			   perf_experts_touched(m->experts, top_k, N), &kn, &pre);
		pf->flops += pre.flops;
		pexp_s += phase_s(&pre, &e);
		pbound_s += bound_s(&pre);
		if (folded && !pipelined)
			cycle_s += stage_cycle_s(s, m, g, l, &stages[i], &st, &pre, &kn, &e, B, p);
	}
	/* Stages fed micro-batches (engine.pp_microbatches): the B
	 * sequences ride in PP micro-batches of B / PP, each stage busy with
	 * one while the next works on another, so a round, in which every
	 * sequence gains a token, takes PP x the slowest stage's step at
	 * B / PP, and the cycle likewise. A prompt alone still passes the
	 * stages in turn (TTFT). */
	d->pp_microbatch = 0;
	if (pipelined) {
		double b = B / (double)l->pp, worst = 0, worst_bound = 0, worst_cycle = 0;
		double worst_base = 0;

		for (uint64_t i = 0; i < l->pp; i++) {
			struct step st, pre;

			stage_step(s, m, g, l, &stages[i], b, (double)d->seq_len, true, q,
				   perf_experts_touched(m->experts, top_k, b * q), &kn, &st);
			worst = fmax(worst, phase_s(&st, &e));
			if (sp->method != SPEC_OFF) {
				struct step one;

				stage_step(s, m, g, l, &stages[i], b, (double)d->seq_len, true, 1,
					   perf_experts_touched(m->experts, top_k, b), &kn, &one);
				worst_base = fmax(worst_base, phase_s(&one, &e));
			}
			worst_bound = fmax(worst_bound, bound_s(&st));
			if (!folded)
				continue;
			stage_step(s, m, g, l, &stages[i], N, P, false, 1,
				   perf_experts_touched(m->experts, top_k, N), &kn, &pre);
			worst_cycle = fmax(worst_cycle, stage_cycle_s(s, m, g, l, &stages[i], &st,
								     &pre, &kn, &e, b, p));
		}
		exp_s = (double)l->pp * worst;
		base_s = (double)l->pp * worst_base;
		bound = (double)l->pp * worst_bound;
		cycle_s = (double)l->pp * worst_cycle;
		d->pp_microbatch = b;
	}
	/* The draft's K steps before each verification (the last stage
	 * runs them), and its pass over each prompt: its weights or its
	 * FLOPs, whichever binds. */
	if (sp->method != SPEC_OFF) {
		double peak = g->tflops[kn.c] * 1e12 * e.gemm;

		draft = draft_s(s, m, g, l, &kn, &e, sp, B, (double)d->seq_len);
		draft_pre = sp->draft_layers == 0 ? 0 :
			fmax((double)sp->draft_weight_bytes / (g->bandwidth_tbs * 1e12 * e.bw),
			     peak > 0 ? 2.0 * sp->draft_step_params * N / peak : 0);
		d->spec_verify_ms = exp_s * 1e3;
		d->spec_draft_ms = draft * 1e3;
		d->base_tpot_ms = base_s * 1e3;
		exp_s += K * draft;
		bound += K * draft;
		pexp_s += draft_pre;
		pbound_s += draft_pre;
		if (folded)
			cycle_s += (double)s->output_tokens / E * K * draft + B * draft_pre;
	}
	d->t_mem_ms = d->t_weights_ms + d->t_kv_ms;
	d->t_compute_ms = d->t_gemm_ms + d->t_attn_ms;
	d->bytes_per_step = d->weight_bytes_per_step + d->kv_bytes_per_step;
	d->memory_bound = mem_s >= comp_s;
	d->step_ms = exp_s * 1e3;
	d->step_bound_ms = bound / E * 1e3;
	d->routing_skew = mk != NULL && d->moe_kernel_ms > 0 ? skew_penalty(s, mk, l, B) : 0;
	d->tpot_ms = d->step_ms / E;
	d->per_user_tokens_per_s = exp_s > 0 ? E / exp_s : 0;
	d->tokens_per_s = exp_s > 0 ? B * E / exp_s * (double)l->replicas : 0;
	d->tokens_per_s_bound = bound > 0 ? B * E / bound * (double)l->replicas : 0;

	pf->ttft_ms = pexp_s * 1e3;
	pf->ttft_bound_ms = pbound_s * 1e3;
	pf->tokens_per_s = pexp_s > 0 ? P / pexp_s : 0;

	p->e2e_ms = pf->ttft_ms + (double)s->output_tokens * d->tpot_ms;
	if (!folded) {
		cycle_s = (double)s->output_tokens / E * exp_s + B * pexp_s;
		p->prompt_step_share = 0;
		p->prompt_step_tokens = P;
	}
	p->cycle_ms = cycle_s * 1e3;
	p->sustained_tokens_per_s = s->output_tokens > 0 && cycle_s > 0 ?
		(double)l->replicas * B * (double)s->output_tokens / cycle_s : 0;
	p->requests_per_s = s->output_tokens > 0 ?
		p->sustained_tokens_per_s / (double)s->output_tokens : 0;
}

void
perf_eta_text(const struct plan_decode *d, const struct gpu *g, double eta_compute,
	      char *buf, size_t len)
{
	enum compute_dtype c = d->compute;
	double ceiling = eta_compute > 0 ? d->eta_gemm / eta_compute : 0;

	switch (d->mamf) {
	case MAMF_MEASURED:
		snprintf(buf, len, "compute %.0f%% of the measured %s matmul ceiling "
			 "(MAMF %g of %g TFLOPS) = %.0f%% of spec",
			 eta_compute * 100, compute_dtype_name(c), g->mamf[c], g->tflops[c],
			 d->eta_gemm * 100);
		break;
	case MAMF_OTHER_DTYPE:
		snprintf(buf, len, "compute %.0f%% of a matmul ceiling of %.0f%% (%s not "
			 "measured: another dtype's) = %.0f%% of spec",
			 eta_compute * 100, ceiling * 100, compute_dtype_name(c), d->eta_gemm * 100);
		break;
	default:
		snprintf(buf, len, "compute %.0f%% of a typical matmul ceiling of %.0f%% "
			 "(GPU not measured) = %.0f%% of spec",
			 eta_compute * 100, ceiling * 100, d->eta_gemm * 100);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Iteration times for the simulator.                                  */
/* ------------------------------------------------------------------ */

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A grid from 0 to hi: 0, 1, 2, 4, 8, then evenly apart in log, with
 * the points `must` (those within (0, hi]) in it exactly. */
static unsigned
grid(double hi, const double *must, unsigned n_must, double *out)
{
	static const double low[] = {0, 1, 2, 4, 8};
	unsigned n = 0, k;

	for (unsigned i = 0; i < sizeof low / sizeof low[0] && low[i] < hi; i++)
		out[n++] = low[i];
	k = PERF_GRID - n - n_must;
	if (hi > 8) {
		double r = pow(hi / 8, 1.0 / k);

		for (unsigned i = 1; i < k; i++)
			out[n++] = round(8 * pow(r, i));
	}
	out[n++] = hi;
	for (unsigned i = 0; i < n_must; i++) {
		if (must[i] > 0 && must[i] < hi)
			out[n++] = must[i];
	}
	qsort(out, n, sizeof out[0], by_value);
	k = 0;
	for (unsigned i = 0; i < n; i++) {
		if (k == 0 || out[i] > out[k - 1])
			out[k++] = out[i];
	}
	return k;
}

/* Where x falls on a rising grid: the segment [i, i + 1] and the share f
 * of the way along it (beyond the ends, the end segment extended). */
static unsigned
segment(const double *x, unsigned n, double v, double *f)
{
	unsigned i = 0;

	if (n < 2) {
		*f = 0;
		return 0;
	}
	while (i + 2 < n && v > x[i + 1])
		i++;
	*f = (v - x[i]) / (x[i + 1] - x[i]);
	return i;
}

static double
lerp(const double *x, const double *y, unsigned n, double v)
{
	double f;
	unsigned i = segment(x, n, v, &f);

	return n < 2 ? (n ? y[0] : 0) : y[i] + f * (y[i + 1] - y[i]);
}

/* The GEMMs and all-reduces of one iteration on every stage: d decode
 * tokens and c prompt tokens, logits for the d and for the prompt's
 * last token (as the plan's mixed step, stage_cycle_s). */
static double
gemm_iteration_s(const struct scenario *s, const struct model *m, const struct gpu *g,
		 const struct layout *l, const struct stage *stages, const struct kernels *kn,
		 const struct eta *e, double d, double c, double len, int only)
{
	double top_k = s->moe ? m->top_k : m->experts, t = 0;

	for (uint64_t i = 0; i < l->pp; i++) {
		const struct stage *st = &stages[i];
		struct step x;

		if (only >= 0 && i != (uint64_t)only)
			continue;

		if (c <= 0) {
			stage_step(s, m, g, l, st, d, len, true, 1,
				   perf_experts_touched(m->experts, top_k, d), kn, &x);
		} else {
			stage_step(s, m, g, l, st, d + c, len, false, 1,
				   perf_experts_touched(m->experts, top_k, d + c), kn, &x);
			x.gemm_s += d * x.head_s;
			if (kn->gemm != NULL) {
				x.dense_s += d * x.head_s;
				x.dense_k_s += head_gemm_s(kn, m, g, l, st, d + 1) -
					       head_gemm_s(kn, m, g, l, st, 1);
			}
		}
		t += gemm_phase_s(&x, e) + x.comm_s;
	}
	return t;
}

/* Decode attention of `tokens` sequences at length len on every stage. */
static double
decode_attention_s(const struct scenario *s, const struct model *m, const struct gpu *g,
		   const struct layout *l, const struct stage *stages, const struct kernels *kn,
		   const struct eta *e, double tokens, double len, int only)
{
	double t = 0;

	for (uint64_t i = 0; i < l->pp; i++) {
		struct step x;

		if (only >= 0 && i != (uint64_t)only)
			continue;
		stage_step(s, m, g, l, &stages[i], tokens, len, true, 1, 0, kn, &x);
		t += attn_phase_s(&x, e);
	}
	return t;
}

void
perf_step_model(const struct scenario *s, const struct model *m, const struct gpu *g,
		const struct layout *l, const struct stage *stages, uint64_t max_seqs,
		uint64_t max_tokens, uint64_t max_len, struct perf_steps *out)
{
	const struct kernels kn = kernels_of(s, m, g, l);
	const struct eta e = eta_of(s, g, NULL);
	double B = (double)s->batch, P = (double)s->prompt_tokens;
	double L = fmin((double)(s->prompt_tokens + s->output_tokens / 2), (double)s->context);
	double one, two, PP = (double)l->pp, worst = -1;
	/* the plan's prompt, its cached tokens skipped: exact on the grids */
	double H = (double)memory_prefix_hit(s, s->prompt_tokens, NULL), N = P - H;
	const double ends[2] = {P, H};
	int w = 0;

	/* micro-batches: the slowest stage at the plan's batch paces them */
	out->pp = l->pp > 1 && engine_of(s)->pp_microbatches ? (unsigned)l->pp : 1;
	for (uint64_t i = 0; out->pp > 1 && i < l->pp; i++) {
		double t = gemm_iteration_s(s, m, g, l, stages, &kn, &e, B / PP, 0, L, (int)i) +
			   decode_attention_s(s, m, g, l, stages, &kn, &e, B / PP, L, (int)i);

		if (t > worst) {
			worst = t;
			w = (int)i;
		}
	}
	out->nd = grid((double)(max_seqs ? max_seqs : 1), &B, 1, out->d);
	out->nc = grid((double)(max_tokens ? max_tokens : 1), &N, 1, out->c);
	for (unsigned i = 0; i < out->nd; i++) {
		for (unsigned j = 0; j < out->nc; j++) {
			double d = out->d[i], c = out->c[j], len = j == 0 ? L : P;

			out->gemm_s[i][j] = i == 0 && j == 0 ? 0 :
				out->pp > 1 && d >= PP ?
				PP * gemm_iteration_s(s, m, g, l, stages, &kn, &e, d / PP, c / PP, len, w) :
				gemm_iteration_s(s, m, g, l, stages, &kn, &e, d, c, len, -1);
		}
	}
	/* decode attention is affine in the sequences: a floor a step (the
	 * measured MLA kernel's) and a part of each */
	one = decode_attention_s(s, m, g, l, stages, &kn, &e, 1, L, -1);
	two = decode_attention_s(s, m, g, l, stages, &kn, &e, 2, L, -1);
	out->floor_s = fmax(2 * one - two, 0);
	one = decode_attention_s(s, m, g, l, stages, &kn, &e, 1, L, w);
	two = decode_attention_s(s, m, g, l, stages, &kn, &e, 2, L, w);
	out->floor_pp_s = PP * fmax(2 * one - two, 0);
	out->nlen = grid((double)(max_len ? max_len : 1), &L, 1, out->len);
	for (unsigned i = 0; i < out->nlen; i++) {
		out->per_seq_s[i] = out->len[i] <= 0 ? 0 :
			decode_attention_s(s, m, g, l, stages, &kn, &e, 1, out->len[i], -1) -
			out->floor_s;
		/* PP x (floor + d / PP x part) = PP floor + d x part */
		out->per_seq_pp_s[i] = out->len[i] <= 0 ? 0 :
			decode_attention_s(s, m, g, l, stages, &kn, &e, 1, out->len[i], w) -
			out->floor_pp_s / PP;
	}
	/* a prompt's causal attention, kept over its length: that ratio is
	 * linear in the length where every key is attended, so the
	 * interpolation is exact there */
	/* the cached prefix's end only where there is one: without it the
	 * grid keeps its log points */
	out->npos = grid((double)(max_len ? max_len : 1), ends, H > 0 ? 2 : 1, out->pos);
	for (unsigned i = 0; i < out->npos; i++) {
		double t = 0;

		for (uint64_t k = 0; out->pos[i] > 0 && k < l->pp; k++) {
			struct step x;

			stage_step(s, m, g, l, &stages[k], out->pos[i], out->pos[i], false, 1, 0,
				   &kn, &x);
			t += attn_phase_s(&x, &e);
		}
		out->prompt_s[i] = out->pos[i] > 0 ? t / out->pos[i] : 0;
	}
}

double
perf_steps_iteration(const struct perf_steps *t, double d, double c, double len)
{
	double fd, fc, g;
	unsigned i = segment(t->d, t->nd, d, &fd), j = segment(t->c, t->nc, c, &fc);

	if (t->nd < 2 || t->nc < 2)
		return 0;
	g = (1 - fd) * ((1 - fc) * t->gemm_s[i][j] + fc * t->gemm_s[i][j + 1]) +
	    fd * ((1 - fc) * t->gemm_s[i + 1][j] + fc * t->gemm_s[i + 1][j + 1]);
	if (d > 0 && t->pp > 1 && d >= (double)t->pp)
		g += t->floor_pp_s + d * lerp(t->len, t->per_seq_pp_s, t->nlen, len);
	else if (d > 0)
		g += t->floor_s + d * lerp(t->len, t->per_seq_s, t->nlen, len);
	return g;
}

double
perf_steps_prompt(const struct perf_steps *t, double pos)
{
	return pos > 0 ? pos * lerp(t->pos, t->prompt_s, t->npos, pos) : 0;
}

void
perf_steps_decode_ramp(const struct perf_steps *t, double d, double len, double *a, double *b,
		       uint64_t *n)
{
	double f, room;
	unsigned i = segment(t->len, t->nlen, len, &f);

	*a = perf_steps_iteration(t, d, 0, len);
	*b = 0;
	*n = UINT64_MAX;
	if (t->nlen < 2)
		return;
	{
		const double *ps = t->pp > 1 && d >= (double)t->pp ? t->per_seq_pp_s : t->per_seq_s;

		*b = d * (ps[i + 1] - ps[i]) / (t->len[i + 1] - t->len[i]);
	}
	room = t->len[i + 1] - len;
	if (room >= 0 && i + 2 < t->nlen)
		*n = (uint64_t)floor(room) + 1;
}
