/* test_gguf.c - GGUF files as model input (src/load/gguf.c,
 * doc/planning-model.md "GGUF files"). A writer here builds small files
 * to the layout of ggml/docs/gguf.md (llama.cpp): magic, version,
 * counts, key/values, tensor infos, padding to 32, tensor data (zeros).
 * Expected bytes are worked out by hand below from ggml-common.h's
 * block structs: F32 4 B per weight, F16 2 B, Q8_0 34 B per 32 weights,
 * Q4_K 144 B per 256, Q6_K 210 B per 256. */
#include <stdint.h>
#include <unistd.h>

#include "testutil.h"
#include "gguf.h"
#include "hfimport.h"
#include "inspect.h"
#include "memory.h"

#define FIXTURES GPUPLAN_TESTDATADIR "/gguf"

/* ggml type numbers (ggml.h enum ggml_type) */
enum { F32 = 0, F16 = 1, Q8_0 = 8, Q4_K = 12, Q6_K = 14 };

/* gguf value types (gguf.h) */
enum { T_U32 = 4, T_F32 = 6, T_STRING = 8, T_ARRAY = 9, T_U64 = 10 };

/* Each test writes its files into a directory of its own. */
TU_SCRATCH_DIR(dir, "/tmp/gpuplan-gguf-XXXXXX")

/* dir/name, in one of four buffers so that calls can be combined. */
static const char *
tmp(const char *name)
{
	static char buf[4][256];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, sizeof buf[0], "%s/%s", dir, name);
	return b;
}

struct gw {
	unsigned char *b;
	size_t n, cap;
};

static void
put(struct gw *w, const void *p, size_t n)
{
	if (w->n + n > w->cap) {
		w->cap = (w->n + n) * 2 + 4096;
		w->b = realloc(w->b, w->cap);
		ck_assert_ptr_nonnull(w->b);
	}
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void
put_u32(struct gw *w, uint32_t v)
{
	unsigned char b[4] = {v & 255, v >> 8 & 255, v >> 16 & 255, v >> 24 & 255};

	put(w, b, 4);
}

static void
put_u64(struct gw *w, uint64_t v)
{
	put_u32(w, (uint32_t)v);
	put_u32(w, (uint32_t)(v >> 32));
}

static void
put_str(struct gw *w, const char *s)
{
	put_u64(w, strlen(s));
	put(w, s, strlen(s));
}

static void
set_u64(struct gw *w, size_t at, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		w->b[at + i] = (unsigned char)(v >> (8 * i));
}

/* A key/value: a uint32, a string, or (T_ARRAY) n strings "t0".. */
struct kvdef {
	const char *key;
	int type;
	uint64_t u;
	const char *s;
};

struct tdef {
	const char *name;
	uint32_t n_dims;
	uint64_t ne[5];
	uint32_t type;
};

/* The writer's own block table, for the types these files use. */
static uint64_t
tbytes(const struct tdef *t)
{
	uint64_t n = 1;

	for (uint32_t d = 0; d < t->n_dims; d++)
		n *= t->ne[d];
	switch (t->type) {
	case F32: return n * 4;
	case F16: return n * 2;
	case Q8_0: return n / 32 * 34;
	case Q4_K: return n / 256 * 144;
	case Q6_K: return n / 256 * 210;
	default: return 0;
	}
}

/* The whole file in w: header, infos, padding, data. */
static void
build(struct gw *w, uint32_t version, const struct kvdef *kv, size_t nkv,
      const struct tdef *t, size_t nt)
{
	uint64_t off = 0;

	w->n = 0;
	put(w, "GGUF", 4);
	put_u32(w, version);
	put_u64(w, nt);
	put_u64(w, nkv);
	for (size_t i = 0; i < nkv; i++) {
		put_str(w, kv[i].key);
		put_u32(w, (uint32_t)kv[i].type);
		if (kv[i].type == T_U32) {
			put_u32(w, (uint32_t)kv[i].u);
		} else if (kv[i].type == T_STRING) {
			put_str(w, kv[i].s);
		} else if (kv[i].type == T_F32) {
			float f = (float)kv[i].u;
			uint32_t b;

			memcpy(&b, &f, 4);
			put_u32(w, b);
		} else if (kv[i].type == T_ARRAY) {
			char tok[32];

			put_u32(w, T_STRING);
			put_u64(w, kv[i].u);
			for (uint64_t j = 0; j < kv[i].u; j++) {
				snprintf(tok, sizeof tok, "t%llu", (unsigned long long)j);
				put_str(w, tok);
			}
		}
	}
	for (size_t i = 0; i < nt; i++) {
		put_str(w, t[i].name);
		put_u32(w, t[i].n_dims);
		for (uint32_t d = 0; d < t[i].n_dims; d++)
			put_u64(w, t[i].ne[d]);
		put_u32(w, t[i].type);
		put_u64(w, off);
		off = (off + tbytes(&t[i]) + 31) / 32 * 32;
	}
	while (w->n % 32 != 0)
		put(w, "", 1);
	{
		size_t data = w->n;
		unsigned char zero[4096] = {0};

		while (w->n < data + off)
			put(w, zero, data + off - w->n < sizeof zero ? data + off - w->n : sizeof zero);
	}
}

static void
save(const struct gw *w, const char *path, size_t n)
{
	FILE *f;

	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_uint_eq(fwrite(w->b, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* ------------------------------------------------------------------ */
/* A llama-style dense model: 2 layers, hidden 256, 4 heads of 64, 2 KV */
/* heads, FFN 512, vocabulary 1000.                                    */
/* ------------------------------------------------------------------ */

static const struct kvdef dense_kv[] = {
	{"general.architecture", T_STRING, 0, "llama"},
	{"general.name", T_STRING, 0, "Tiny Llama"},
	{"llama.block_count", T_U32, 2, NULL},
	{"llama.context_length", T_U32, 4096, NULL},
	{"llama.embedding_length", T_U32, 256, NULL},
	{"llama.feed_forward_length", T_U32, 512, NULL},
	{"llama.attention.head_count", T_U32, 4, NULL},
	{"llama.attention.head_count_kv", T_U32, 2, NULL},
	{"llama.rope.freq_base", T_F32, 10000, NULL},
	{"tokenizer.ggml.tokens", T_ARRAY, 1000, NULL},
};

#define LAYER(i)										\
	{"blk." #i ".attn_norm.weight", 1, {256}, F32},						\
	{"blk." #i ".attn_q.weight", 2, {256, 256}, Q4_K},					\
	{"blk." #i ".attn_k.weight", 2, {256, 128}, Q4_K},					\
	{"blk." #i ".attn_v.weight", 2, {256, 128}, Q6_K},					\
	{"blk." #i ".attn_output.weight", 2, {256, 256}, Q4_K},					\
	{"blk." #i ".ffn_norm.weight", 1, {256}, F32},						\
	{"blk." #i ".ffn_gate.weight", 2, {256, 512}, Q4_K},					\
	{"blk." #i ".ffn_up.weight", 2, {256, 512}, Q4_K},					\
	{"blk." #i ".ffn_down.weight", 2, {512, 256}, F16}

static const struct tdef dense_t[] = {
	{"token_embd.weight", 2, {256, 1000}, Q8_0},
	{"output_norm.weight", 1, {256}, F32},
	{"output.weight", 2, {256, 1000}, Q6_K},
	LAYER(0),
	LAYER(1),
};
#define N(a) (sizeof (a) / sizeof (a)[0])

/* By hand:
 *   token_embd  256 x 1000 Q8_0 = 8000 blocks x 34   = 272000
 *   output      256 x 1000 Q6_K = 1000 blocks x 210  = 210000
 *   output_norm 256 F32                              =   1024
 * per layer:
 *   attn_norm, ffn_norm 2 x 256 x 4                  =   2048
 *   attn_q, attn_output 65536 Q4_K = 2 x 256 x 144   =  73728
 *   attn_k 32768 Q4_K = 128 x 144                    =  18432
 *   attn_v 32768 Q6_K = 128 x 210                    =  26880
 *   ffn_gate, ffn_up 131072 Q4_K = 2 x 512 x 144     = 147456
 *   ffn_down 131072 F16 = 131072 x 2                 = 262144
 *   layer                                              530688
 * total 272000 + 210000 + 1024 + 2 x 530688          = 1544400
 * groups: embed 272000, head 210000, norms 5 x 1024 = 5120,
 *   attention 2 x 119040 = 238080, FFN 2 x 409600 = 819200. */
#define DENSE_BYTES 1544400ull

static void
load_ok(const char *path, struct model *m, struct hf_import *info)
{
	struct gp_error err;

	err.msg[0] = '\0';
	if (gguf_load(path, m, info, &err) != 0)
		ck_abort_msg("%s: %s", path, err.msg);
}

static uint64_t
model_bytes(const struct model *m, enum weight_format f)
{
	struct model_counts c;

	model_count(m, &c);
	return memory_model_bytes(m, &c, f);
}

START_TEST(test_dense_exact)
{
	struct gw w = {0};
	struct model m;
	struct hf_import info;
	struct model_counts c;
	const char *path = tmp("tiny-dense.gguf");

	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	save(&w, path, w.n);
	load_ok(path, &m, &info);
	ck_assert_uint_eq(m.layers, 2);
	ck_assert_uint_eq(m.hidden, 256);
	ck_assert_uint_eq(m.heads, 4);
	ck_assert_uint_eq(m.kv_heads, 2);
	ck_assert_uint_eq(m.head_dim, 64);	/* 256 / 4, no key_length */
	ck_assert_uint_eq(m.dense_ffn, 512);
	ck_assert_uint_eq(m.vocab, 1000);	/* token_embd's shape */
	ck_assert_u64(m.max_context, 4096);
	ck_assert(!m.tied_embeddings);
	ck_assert_uint_eq(m.experts, 0);
	ck_assert_str_eq(m.id, "tiny-dense");
	ck_assert_str_eq(m.name, "tiny-dense.gguf");
	ck_assert_str_eq(info.model_type, "llama");
	ck_assert_u64(info.checkpoint_bytes, DENSE_BYTES);
	/* the type with the most bytes: F16's 2 x 262144 = 524288 beat
	 * Q4_K's 2 x (36864 + 18432 + 36864 + 73728 + 73728) = 479232 */
	ck_assert_int_eq(m.quant_format, WF_FP16);

	/* The weights are the file's under every format, presets too. */
	ck_assert_u64(model_bytes(&m, WF_Q4_K_M), DENSE_BYTES);
	ck_assert_u64(model_bytes(&m, WF_BF16), DENSE_BYTES);
	ck_assert_u64(model_bytes(&m, WF_Q2_K), DENSE_BYTES);
	/* ... and each group its own bytes: attention 238080 */
	model_count(&m, &c);
	ck_assert_rel((double)c.group[PG_ATTN] * m.quant_bits[PG_ATTN] / 8, 238080, 1e-12);
	ck_assert_rel((double)c.group[PG_DENSE_FFN] * m.quant_bits[PG_DENSE_FFN] / 8, 819200, 1e-12);
	ck_assert_rel((double)c.group[PG_EMBED] * m.quant_bits[PG_EMBED] / 8, 272000, 1e-12);
	ck_assert_rel((double)c.group[PG_LM_HEAD] * m.quant_bits[PG_LM_HEAD] / 8, 210000, 1e-12);
	/* 256 x 1000 Q8_0: 34 B per 32 weights = 8.5 bits */
	ck_assert_rel(m.quant_bits[PG_EMBED], 8.5, 1e-12);
	free(w.b);
}
END_TEST

/* The llama.cpp plan of the file: its weights are the file's bytes,
 * the input embedding in host memory (llama.cpp keeps token_embd on
 * the CPU), the rest on the GPU. */
START_TEST(test_dense_plan)
{
	struct gw w = {0};
	struct catalog cat;
	struct scenario s;
	struct plan p;
	struct gp_error err;
	const char *path = tmp("tiny-plan.gguf");

	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	save(&w, path, w.n);
	memset(&cat, 0, sizeof cat);
	ck_assert_int_eq(catalog_load(&cat, TU_CATALOG_DIR, &err), 0);
	tu_scenario(&s, TU_OPTS("engine", "llamacpp", "gpu", "h100-sxm", "tp", "1",
				"weights", "q8_0", "context", "4096", "batch", "1"));
	ck_assert_int_eq(gguf_into(&cat, &s, path, 0, &err), 0);
	ck_assert_str_eq(s.model, "tiny-plan");
	ck_assert_int_eq(s.weights, WF_FP16);	/* the file's, not q8_0 */
	ck_assert_int_eq(plan_compute(&s, catalog_model(&cat, s.model), catalog_gpu(&cat, s.gpu),
				      &p, &err), 0);
	ck_assert_u64(p.weight_bytes_model, DENSE_BYTES);
	ck_assert_u64(p.mem.weights + p.mem.host_weights, DENSE_BYTES);
	ck_assert_u64(p.mem.host_weights, 272000);	/* token_embd */
	/* -ngl 1: both blocks in host memory too (llama.cpp's i_gpu_start
	 * = 2 + 1 - 1); the output head, 210000 + output_norm 1024, alone on
	 * the GPU, and the parts still add up to the file */
	ck_assert_int_eq(scenario_set(&s, "ngl", "1", &err), 0);
	ck_assert_int_eq(plan_compute(&s, catalog_model(&cat, s.model), catalog_gpu(&cat, s.gpu),
				      &p, &err), 0);
	ck_assert_u64(p.mem.weights + p.mem.host_weights, DENSE_BYTES);
	ck_assert_u64(p.mem.weights, 211024);
	catalog_free(&cat);
	free(w.b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* A qwen3moe-style file: 2 MoE layers of 4 experts (2 used, width    */
/* 256), head_dim 128 from key_length, q/k norms, tied head.           */
/* ------------------------------------------------------------------ */

static const struct kvdef moe_kv[] = {
	{"general.architecture", T_STRING, 0, "qwen3moe"},
	{"qwen3moe.block_count", T_U32, 2, NULL},
	{"qwen3moe.context_length", T_U32, 32768, NULL},
	{"qwen3moe.embedding_length", T_U32, 256, NULL},
	{"qwen3moe.feed_forward_length", T_U32, 768, NULL},
	{"qwen3moe.attention.head_count", T_U32, 4, NULL},
	{"qwen3moe.attention.head_count_kv", T_U32, 2, NULL},
	{"qwen3moe.attention.key_length", T_U32, 128, NULL},
	{"qwen3moe.attention.value_length", T_U32, 128, NULL},
	{"qwen3moe.expert_count", T_U32, 4, NULL},
	{"qwen3moe.expert_used_count", T_U32, 2, NULL},
	{"qwen3moe.expert_feed_forward_length", T_U32, 256, NULL},
};

#define MOE_LAYER(i)										\
	{"blk." #i ".attn_norm.weight", 1, {256}, F32},						\
	{"blk." #i ".attn_q.weight", 2, {256, 512}, Q8_0},					\
	{"blk." #i ".attn_k.weight", 2, {256, 256}, Q8_0},					\
	{"blk." #i ".attn_v.weight", 2, {256, 256}, Q8_0},					\
	{"blk." #i ".attn_output.weight", 2, {512, 256}, Q8_0},					\
	{"blk." #i ".attn_q_norm.weight", 1, {128}, F32},					\
	{"blk." #i ".attn_k_norm.weight", 1, {128}, F32},					\
	{"blk." #i ".ffn_norm.weight", 1, {256}, F32},						\
	{"blk." #i ".ffn_gate_inp.weight", 2, {256, 4}, F32},					\
	{"blk." #i ".ffn_gate_exps.weight", 3, {256, 256, 4}, Q4_K},				\
	{"blk." #i ".ffn_up_exps.weight", 3, {256, 256, 4}, Q4_K},				\
	{"blk." #i ".ffn_down_exps.weight", 3, {256, 256, 4}, Q6_K}

static const struct tdef moe_t[] = {
	{"token_embd.weight", 2, {256, 500}, Q8_0},
	{"output_norm.weight", 1, {256}, F32},
	MOE_LAYER(0),
	MOE_LAYER(1),
};

/* By hand:
 *   token_embd 256 x 500 Q8_0 = 4000 blocks x 34      = 136000
 *   output_norm 256 F32                               =   1024
 * per layer:
 *   norms 256 + 128 + 128 + 256 floats x 4            =   3072
 *   attn_q, attn_output 131072 Q8_0 = 2 x 4096 x 34   = 278528
 *   attn_k, attn_v 65536 Q8_0 = 2 x 2048 x 34         = 139264
 *   ffn_gate_inp 256 x 4 F32                          =   4096
 *   gate, up exps 262144 Q4_K = 2 x 1024 x 144        = 294912
 *   down exps 262144 Q6_K = 1024 x 210                = 215040
 *   layer                                               934912
 * total 136000 + 1024 + 2 x 934912                    = 2006848 */
#define MOE_BYTES 2006848ull

START_TEST(test_moe_exact)
{
	struct gw w = {0};
	struct model m;
	const char *path = tmp("tiny-moe.gguf");

	build(&w, 3, moe_kv, N(moe_kv), moe_t, N(moe_t));
	save(&w, path, w.n);
	load_ok(path, &m, NULL);
	ck_assert_uint_eq(m.experts, 4);
	ck_assert_uint_eq(m.top_k, 2);
	ck_assert_uint_eq(m.expert_ffn, 256);
	ck_assert_uint_eq(m.shared_experts, 0);
	ck_assert(m.moe[0] && m.moe[1]);
	ck_assert_uint_eq(m.head_dim, 128);	/* key_length, not 256 / 4 */
	ck_assert_uint_eq(m.vocab, 500);
	ck_assert(m.tied_embeddings);		/* no output.weight */
	ck_assert(m.qk_norm);
	ck_assert_u64(model_bytes(&m, WF_Q4_K_M), MOE_BYTES);
	ck_assert_u64(model_bytes(&m, WF_MXFP4), MOE_BYTES);
	free(w.b);
}
END_TEST

/* A deepseek2-style file: MLA (latent 128, rope 32, nope 64, v 64, no
 * q LoRA), layer 0 dense, layer 1 MoE with 4 routed experts of 128 and
 * one shared expert, a router bias (exp_probs_b). Every matrix Q8_0
 * (34 B per 32 weights), norms and router F32. By hand:
 *   token_embd, output 256 x 300 = 2 x 2400 x 34          = 163200
 *   output_norm                                           =   1024
 * per layer: attn_q 256 x 384 = 3072 x 34                 = 104448
 *   attn_kv_a_mqa 256 x 160 = 1280 x 34                   =  43520
 *   attn_kv_b 128 x 512, attn_output 256 x 256 = 2 x 2048 x 34 = 139264
 *   attn_norm, ffn_norm, attn_kv_a_norm (256 + 256 + 128) x 4 = 2560
 * layer 0 FFN 3 x 131072 = 3 x 4096 x 34                  = 417792
 * layer 1: ffn_gate_inp 256 x 4 x 4 = 4096, exp_probs_b 16,
 *   experts 3 x 256 x 128 x 4 = 3 x 4096 x 34             = 417792
 *   shared 3 x 256 x 128 = 3 x 1024 x 34                  = 104448
 * layer 0 = 287232 + 2560 + 417792 = 707584; layer 1 = 287232 + 2560
 * + 4096 + 16 + 417792 + 104448 = 816144; total 163200 + 1024 +
 * 707584 + 816144 = 1687952. */
START_TEST(test_deepseek2_mla)
{
	static const struct kvdef kv[] = {
		{"general.architecture", T_STRING, 0, "deepseek2"},
		{"deepseek2.block_count", T_U32, 2, NULL},
		{"deepseek2.context_length", T_U32, 163840, NULL},
		{"deepseek2.embedding_length", T_U32, 256, NULL},
		{"deepseek2.feed_forward_length", T_U32, 512, NULL},
		{"deepseek2.attention.head_count", T_U32, 4, NULL},
		{"deepseek2.attention.head_count_kv", T_U32, 1, NULL},
		{"deepseek2.attention.key_length_mla", T_U32, 96, NULL},
		{"deepseek2.attention.value_length_mla", T_U32, 64, NULL},
		{"deepseek2.attention.kv_lora_rank", T_U32, 128, NULL},
		{"deepseek2.rope.dimension_count", T_U32, 32, NULL},
		{"deepseek2.expert_count", T_U32, 4, NULL},
		{"deepseek2.expert_used_count", T_U32, 2, NULL},
		{"deepseek2.expert_feed_forward_length", T_U32, 128, NULL},
		{"deepseek2.expert_shared_count", T_U32, 1, NULL},
		{"deepseek2.leading_dense_block_count", T_U32, 1, NULL},
	};
#define MLA(i)												{"blk." #i ".attn_norm.weight", 1, {256}, F32},							{"blk." #i ".attn_q.weight", 2, {256, 384}, Q8_0},						{"blk." #i ".attn_kv_a_mqa.weight", 2, {256, 160}, Q8_0},					{"blk." #i ".attn_kv_a_norm.weight", 1, {128}, F32},						{"blk." #i ".attn_kv_b.weight", 2, {128, 512}, Q8_0},						{"blk." #i ".attn_output.weight", 2, {256, 256}, Q8_0},						{"blk." #i ".ffn_norm.weight", 1, {256}, F32}
	static const struct tdef t[] = {
		{"token_embd.weight", 2, {256, 300}, Q8_0},
		{"output_norm.weight", 1, {256}, F32},
		{"output.weight", 2, {256, 300}, Q8_0},
		MLA(0),
		{"blk.0.ffn_gate.weight", 2, {256, 512}, Q8_0},
		{"blk.0.ffn_up.weight", 2, {256, 512}, Q8_0},
		{"blk.0.ffn_down.weight", 2, {512, 256}, Q8_0},
		MLA(1),
		{"blk.1.ffn_gate_inp.weight", 2, {256, 4}, F32},
		{"blk.1.exp_probs_b.bias", 1, {4}, F32},
		{"blk.1.ffn_gate_exps.weight", 3, {256, 128, 4}, Q8_0},
		{"blk.1.ffn_up_exps.weight", 3, {256, 128, 4}, Q8_0},
		{"blk.1.ffn_down_exps.weight", 3, {128, 256, 4}, Q8_0},
		{"blk.1.ffn_gate_shexp.weight", 2, {256, 128}, Q8_0},
		{"blk.1.ffn_up_shexp.weight", 2, {256, 128}, Q8_0},
		{"blk.1.ffn_down_shexp.weight", 2, {128, 256}, Q8_0},
	};
#undef MLA
	struct gw w = {0};
	struct model m;
	const char *path = tmp("tiny-mla.gguf");

	build(&w, 3, kv, N(kv), t, N(t));
	save(&w, path, w.n);
	load_ok(path, &m, NULL);
	ck_assert_int_eq(m.attn[0], ATTN_MLA);
	ck_assert_int_eq(m.attn[1], ATTN_MLA);
	ck_assert_uint_eq(m.kv_lora_rank, 128);
	ck_assert_uint_eq(m.qk_rope_dim, 32);
	ck_assert_uint_eq(m.qk_nope_dim, 64);	/* 96 - 32 */
	ck_assert_uint_eq(m.v_head_dim, 64);
	ck_assert(!m.moe[0] && m.moe[1]);	/* the router decides */
	ck_assert_uint_eq(m.shared_experts, 1);
	ck_assert_uint_eq(m.shared_ffn, 128);
	ck_assert(m.router_bias);
	ck_assert_u64(model_bytes(&m, WF_Q4_K_M), 1687952);
	free(w.b);
}
END_TEST

/* Sliding window: gemma3 slides 5 layers of 6 (llama.cpp
 * set_swa_pattern(6)); gpt-oss every other one, from layer 0. */
START_TEST(test_sliding_pattern)
{
	static const struct kvdef kv[] = {
		{"general.architecture", T_STRING, 0, "gpt-oss"},
		{"gpt-oss.block_count", T_U32, 2, NULL},
		{"gpt-oss.context_length", T_U32, 131072, NULL},
		{"gpt-oss.embedding_length", T_U32, 256, NULL},
		{"gpt-oss.feed_forward_length", T_U32, 512, NULL},
		{"gpt-oss.attention.head_count", T_U32, 4, NULL},
		{"gpt-oss.attention.sliding_window", T_U32, 128, NULL},
	};
	static const struct tdef t[] = {
		{"token_embd.weight", 2, {256, 100}, F16},
		LAYER(0),
		LAYER(1),
	};
	struct gw w = {0};
	struct model m;
	const char *path = tmp("tiny-swa.gguf");

	build(&w, 2, kv, N(kv), t, N(t));	/* version 2 reads too */
	save(&w, path, w.n);
	load_ok(path, &m, NULL);
	ck_assert_uint_eq(m.window, 128);
	ck_assert_int_eq(m.attn[0], ATTN_SLIDING);
	ck_assert_int_eq(m.attn[1], ATTN_FULL);
	ck_assert_uint_eq(m.kv_heads, 4);	/* head_count_kv absent */
	free(w.b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Split files: the dense model in two parts.                          */
/* ------------------------------------------------------------------ */

static void
write_split(const char *dir_prefix, bool both)
{
	struct kvdef kv1[N(dense_kv) + 3], kv2[3];
	char path[512];
	struct gw w = {0};
	size_t half = N(dense_t) / 2;

	memcpy(kv1, dense_kv, sizeof dense_kv);
	kv1[N(dense_kv)] = (struct kvdef){"split.no", T_U32, 0, NULL};
	kv1[N(dense_kv) + 1] = (struct kvdef){"split.count", T_U32, 2, NULL};
	kv1[N(dense_kv) + 2] = (struct kvdef){"split.tensors.count", T_U32, N(dense_t), NULL};
	kv2[0] = (struct kvdef){"split.no", T_U32, 1, NULL};
	kv2[1] = (struct kvdef){"split.count", T_U32, 2, NULL};
	kv2[2] = (struct kvdef){"split.tensors.count", T_U32, N(dense_t), NULL};
	build(&w, 3, kv1, N(kv1), dense_t, half);
	snprintf(path, sizeof path, "%s-00001-of-00002.gguf", dir_prefix);
	save(&w, path, w.n);
	snprintf(path, sizeof path, "%s-00002-of-00002.gguf", dir_prefix);
	unlink(path);
	if (both) {
		build(&w, 3, kv2, N(kv2), dense_t + half, N(dense_t) - half);
		save(&w, path, w.n);
	}
	free(w.b);
}

START_TEST(test_split_files)
{
	struct model m;
	struct gp_error err;

	/* the tensors of both parts add up to the one file's 1544400 */
	write_split(tmp("split"), true);
	load_ok(tmp("split-00001-of-00002.gguf"), &m, NULL);
	ck_assert_u64(model_bytes(&m, WF_BF16), DENSE_BYTES);
	ck_assert_str_eq(m.id, "split");
	/* any part brings the others */
	load_ok(tmp("split-00002-of-00002.gguf"), &m, NULL);
	ck_assert_u64(model_bytes(&m, WF_BF16), DENSE_BYTES);

	write_split(tmp("halfsplit"), false);
	ck_assert_int_ne(gguf_load(tmp("halfsplit-00001-of-00002.gguf"), &m, NULL, &err), 0);
	ck_assert_has(err.msg, "halfsplit-00002-of-00002.gguf: part 2 of 2: No such file");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hostile files: a message with the byte offset, never a crash.       */
/* ------------------------------------------------------------------ */

static void
expect_error(const struct gw *w, size_t n, const char *name, const char *needle)
{
	char path[256];
	struct model m;
	struct gp_error err;

	snprintf(path, sizeof path, "%s", tmp(name));
	save(w, path, n);
	err.msg[0] = '\0';
	ck_assert_msg(gguf_load(path, &m, NULL, &err) != 0, "%s (%zu bytes) loaded", name, n);
	ck_assert_has(err.msg, path);
	if (needle != NULL)
		ck_assert_has(err.msg, needle);
}

/* Every cut through the header, and eight through the data. */
START_TEST(test_truncated_everywhere)
{
	struct gw w = {0};
	size_t header;

	build(&w, 3, moe_kv, N(moe_kv), moe_t, N(moe_t));
	header = w.n - MOE_BYTES;	/* every tensor's size is a multiple of 32 */
	for (size_t n = 0; n < header + 64; n++)
		expect_error(&w, n, "cut.gguf", "byte ");
	for (size_t i = 1; i <= 8; i++)
		expect_error(&w, header + MOE_BYTES * i / 8 - 1, "cut.gguf", "the tensors' data needs");
	free(w.b);
}
END_TEST

START_TEST(test_hostile_headers)
{
	struct gw w = {0};
	struct tdef t5[N(dense_t)], bad_type[N(dense_t)], bad_row[N(dense_t)];
	struct kvdef no_ffn[N(dense_kv)], unknown[N(dense_kv)];

	/* counts the reader will not allocate for: byte 8 and byte 16 */
	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	set_u64(&w, 8, 1ull << 40);
	expect_error(&w, w.n, "count.gguf", "byte 8: tensor count 1099511627776 is more than the 65536");
	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	set_u64(&w, 16, 1ull << 33);
	expect_error(&w, w.n, "kvcount.gguf", "byte 16: metadata count");
	/* the first key's length, at byte 24 */
	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	set_u64(&w, 24, 1ull << 62);
	expect_error(&w, w.n, "keylen.gguf", "byte 24: metadata key length");
	/* the first value's string length (24 + 8 + 20 + 4 = 56) past the end */
	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	set_u64(&w, 56, 1000000);
	expect_error(&w, 2000, "strlen.gguf", "byte 56: key general.architecture length 1000000 runs past the end");
	/* the array of 1000 tokens claims 2^30 */
	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	{
		const char *k = "tokenizer.ggml.tokens";
		size_t at = 0;

		while (at + strlen(k) < w.n && memcmp(w.b + at, k, strlen(k)) != 0)
			at++;
		ck_assert(at + strlen(k) < w.n);
		/* key, then type 9, element type 8, then the count */
		set_u64(&w, at + strlen(k) + 8, 1ull << 30);
		expect_error(&w, w.n, "array.gguf", "array of 1073741824 elements is more than");
	}
	/* version 1 and 4; a file that is no GGUF */
	build(&w, 1, dense_kv, N(dense_kv), dense_t, N(dense_t));
	expect_error(&w, w.n, "v1.gguf", "byte 4: GGUF version 1");
	build(&w, 4, dense_kv, N(dense_kv), dense_t, N(dense_t));
	expect_error(&w, w.n, "v4.gguf", "version 4");
	memcpy(w.b, "GGML", 4);
	expect_error(&w, w.n, "magic.gguf", "byte 0: not a GGUF file");

	/* n_dims 5, ggml type 99 and 4 (removed), Q4_K rows of 100 */
	memcpy(t5, dense_t, sizeof dense_t);
	t5[1].n_dims = 5;
	t5[1].ne[1] = t5[1].ne[2] = t5[1].ne[3] = t5[1].ne[4] = 1;
	build(&w, 3, dense_kv, N(dense_kv), t5, N(t5));
	expect_error(&w, w.n, "dims.gguf", "tensor output_norm.weight: 5 dimensions");
	memcpy(bad_type, dense_t, sizeof dense_t);
	bad_type[2].type = 99;
	build(&w, 3, dense_kv, N(dense_kv), bad_type, N(bad_type));
	expect_error(&w, w.n, "type.gguf", "tensor output.weight: ggml type 99 is not one");
	bad_type[2].type = 4;
	build(&w, 3, dense_kv, N(dense_kv), bad_type, N(bad_type));
	expect_error(&w, w.n, "type4.gguf", "ggml type 4");
	memcpy(bad_row, dense_t, sizeof dense_t);
	bad_row[4].ne[0] = 100;
	build(&w, 3, dense_kv, N(dense_kv), bad_row, N(bad_row));
	expect_error(&w, w.n, "row.gguf", "row length 100 is not a multiple of Q4_K's block of 256");

	/* keys: a required one missing, an architecture not planned */
	memcpy(no_ffn, dense_kv, sizeof dense_kv);
	no_ffn[5].key = "llama.unrelated";
	build(&w, 3, no_ffn, N(no_ffn), dense_t, N(dense_t));
	expect_error(&w, w.n, "noffn.gguf", "key llama.feed_forward_length is missing");
	memcpy(unknown, dense_kv, sizeof dense_kv);
	unknown[0].s = "mamba";
	build(&w, 3, unknown, N(unknown), dense_t, N(dense_t));
	expect_error(&w, w.n, "mamba.gguf", "\"mamba\" is not one gpuplan plans (known: llama, ");
	/* data that the file does not hold */
	build(&w, 3, dense_kv, N(dense_kv), dense_t, N(dense_t));
	expect_error(&w, w.n - 1, "short.gguf", "the tensors' data needs");
	free(w.b);
}
END_TEST

/* The type table against ggml-common.h's static_asserts. */
START_TEST(test_type_table)
{
	ck_assert_uint_eq(gguf_type_info(Q4_K)->bytes, 144);	/* 2*2 + 12 + 128 */
	ck_assert_uint_eq(gguf_type_info(Q4_K)->block, 256);
	ck_assert_uint_eq(gguf_type_info(Q6_K)->bytes, 210);	/* 2 + 16 + 192 */
	ck_assert_uint_eq(gguf_type_info(Q8_0)->bytes, 34);	/* 2 + 32 */
	ck_assert_uint_eq(gguf_type_info(39)->bytes, 17);	/* MXFP4: 1 + 16 */
	ck_assert_uint_eq(gguf_type_info(23)->bytes, 136);	/* IQ4_XS: 2 + 2 + 4 + 128 */
	ck_assert_uint_eq(gguf_type_info(34)->bytes, 54);	/* TQ1_0: 2 + 4 + 48 */
	ck_assert_ptr_null(gguf_type_info(4));			/* Q4_2, removed */
	ck_assert_ptr_null(gguf_type_info(31));			/* Q4_0_4_4, removed */
	ck_assert_ptr_null(gguf_type_info(1000));
}
END_TEST

/* The committed fixture tests/data/gguf/tiny-llama.gguf (also the cli.sh
 * and fuzz seed): 1 layer, hidden 32, 2 heads, 1 KV head, FFN 64,
 * vocabulary 64. GPUPLAN_REGEN=1 writes it again. By hand:
 *   token_embd, output 2048 Q8_0 = 2 x 64 x 34 = 4352
 *   norms 3 x 32 x 4 = 384
 *   attn_q, attn_output 1024 Q8_0 = 2 x 32 x 34 = 2176
 *   attn_k 512 Q8_0 = 16 x 34 = 544;  attn_v 512 F16 = 1024
 *   ffn_gate, ffn_up 2048 Q8_0 = 2 x 64 x 34 = 4352
 *   ffn_down 2048 F16 = 4096
 * total 4352 + 384 + 2176 + 544 + 1024 + 4352 + 4096 = 16928 */
START_TEST(test_fixture)
{
	static const struct kvdef kv[] = {
		{"general.architecture", T_STRING, 0, "llama"},
		{"general.name", T_STRING, 0, "tiny-llama"},
		{"llama.block_count", T_U32, 1, NULL},
		{"llama.context_length", T_U32, 2048, NULL},
		{"llama.embedding_length", T_U32, 32, NULL},
		{"llama.feed_forward_length", T_U32, 64, NULL},
		{"llama.attention.head_count", T_U32, 2, NULL},
		{"llama.attention.head_count_kv", T_U32, 1, NULL},
		{"tokenizer.ggml.tokens", T_ARRAY, 64, NULL},
	};
	static const struct tdef t[] = {
		{"token_embd.weight", 2, {32, 64}, Q8_0},
		{"output_norm.weight", 1, {32}, F32},
		{"output.weight", 2, {32, 64}, Q8_0},
		{"blk.0.attn_norm.weight", 1, {32}, F32},
		{"blk.0.attn_q.weight", 2, {32, 32}, Q8_0},
		{"blk.0.attn_k.weight", 2, {32, 16}, Q8_0},
		{"blk.0.attn_v.weight", 2, {32, 16}, F16},
		{"blk.0.attn_output.weight", 2, {32, 32}, Q8_0},
		{"blk.0.ffn_norm.weight", 1, {32}, F32},
		{"blk.0.ffn_gate.weight", 2, {32, 64}, Q8_0},
		{"blk.0.ffn_up.weight", 2, {32, 64}, Q8_0},
		{"blk.0.ffn_down.weight", 2, {64, 32}, F16},
	};
	const char *path = FIXTURES "/tiny-llama.gguf";
	struct gw w = {0};
	struct model m;
	struct hf_import info;

	build(&w, 3, kv, N(kv), t, N(t));
	if (getenv("GPUPLAN_REGEN") != NULL) {
		FILE *f = fopen(path, "wb");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(w.b, 1, w.n, f), w.n);
		ck_assert_int_eq(fclose(f), 0);
	}
	load_ok(path, &m, &info);
	ck_assert_u64(info.checkpoint_bytes, 16928);
	ck_assert_u64(model_bytes(&m, WF_Q4_K_M), 16928);
	ck_assert_int_eq(m.quant_format, WF_Q8_0);
	ck_assert_str_eq(m.id, "tiny-llama");
	free(w.b);
}
END_TEST

START_TEST(test_inspect)
{
	struct model m;
	struct hf_import info;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	load_ok(FIXTURES "/tiny-llama.gguf", &m, &info);
	ck_assert_int_eq(inspect_write(out, &m, &info), 0);
	fclose(out);
	ck_assert_has(buf, "tiny-llama.gguf  (llama)");
	ck_assert_has(buf, "Checkpoint bytes   16,928 (the tensors' data), derived 16,928");
	ck_assert_has(buf, "GGUF v3, 1 part, 12 tensors: 3 F32, 2 F16, 7 Q8_0");
	free(buf);
}
END_TEST

static Suite *
gguf_suite(void)
{
	Suite *s = suite_create("gguf");
	TCase *ok = tcase_create("read");
	TCase *bad = tcase_create("hostile");

	tcase_add_checked_fixture(ok, setup, teardown);
	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_add_test(ok, test_type_table);
	tcase_add_test(ok, test_dense_exact);
	tcase_add_test(ok, test_dense_plan);
	tcase_add_test(ok, test_moe_exact);
	tcase_add_test(ok, test_deepseek2_mla);
	tcase_add_test(ok, test_sliding_pattern);
	tcase_add_test(ok, test_split_files);
	tcase_add_test(ok, test_fixture);
	tcase_add_test(ok, test_inspect);
	tcase_add_test(bad, test_truncated_everywhere);
	tcase_add_test(bad, test_hostile_headers);
	suite_add_tcase(s, ok);
	suite_add_tcase(s, bad);
	return s;
}

int
main(void)
{
	return tu_run(gguf_suite());
}
