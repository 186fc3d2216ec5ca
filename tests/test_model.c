/* test_model.c - parameter counts and layer rules derived from the
 * architecture (doc/planning-model.md sections 2 and 5; configs from
 * data/models.json).
 *
 * Conventions of the hand derivations below (doc/planning-model.md
 * section 2):
 *   GQA attention per layer = q d*H*dh + k,v 2*d*Hkv*dh + o H*dh*d
 *   gated FFN (gate, up, down) = 3 * d * width
 *   norms per layer = norms_per_layer * d (+ 2*dh for per-head q/k norms)
 *   router = d * E; embeddings V * d, lm_head V * d unless tied;
 *   final norm d. */
#include <cjson/cJSON.h>

#include "testutil.h"
#include "hfconfig.h"
#include "model.h"

/* ------------------------------------------------------------------ */
/* Exact totals.                                                       */
/* ------------------------------------------------------------------ */

START_TEST(test_llama31_8b_total)
{
	struct model_counts c = tu_counts("llama-3.1-8b");

	/* d 4096, L 32, H 32, Hkv 8, dh 128, f 14336, V 128256, untied
	 * (data/models.json).
	 * attention: 4096*4096 + 2*4096*8*128 + 4096*4096
	 *          = 16,777,216 + 8,388,608 + 16,777,216 = 41,943,040 */
	ck_assert_u64(model_attn_params(tu_model("llama-3.1-8b")), 41943040ull);
	/* FFN 3*4096*14336 = 176,160,768; norms 2*4096 = 8,192
	 * layer = 218,112,000; x32 = 6,979,584,000
	 * embed + head 2 * 128256*4096 = 2 * 525,336,576 = 1,050,673,152
	 * final norm 4,096
	 * total = 6,979,584,000 + 1,050,673,152 + 4,096 = 8,030,261,248
	 * (the published count, doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 8030261248ull);
	ck_assert_u64(c.text_total, 8030261248ull);
	ck_assert_u64(c.group[PG_EMBED], 525336576ull);
	ck_assert_u64(c.group[PG_LM_HEAD], 525336576ull);
	ck_assert_u64(c.group[PG_DENSE_FFN], 32ull * 176160768ull);
	/* Dense: one token multiplies everything; active = total. */
	ck_assert_u64(c.active, 8030261248ull);
	ck_assert_u64(c.n_moe_layers, 0);
	ck_assert_u64(c.expert_params, 0);
}
END_TEST

START_TEST(test_llama31_70b_total)
{
	struct model_counts c = tu_counts("llama-3.1-70b");

	/* d 8192, L 80, H 64, Hkv 8, dh 128, f 28672, V 128256.
	 * attention 8192*8192*2 + 2*8192*1024 = 134,217,728 + 16,777,216
	 *           = 150,994,944
	 * FFN 3*8192*28672 = 704,643,072; norms 16,384
	 * layer 855,654,400; x80 = 68,452,352,000
	 * embed + head 2 * 128256*8192 = 2,101,346,304; final norm 8,192
	 * total = 70,553,706,496 (doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 70553706496ull);
}
END_TEST

START_TEST(test_llama31_405b_total)
{
	struct model_counts c = tu_counts("llama-3.1-405b");

	/* d 16384, L 126, H 128, Hkv 8, dh 128, f 53248, V 128256.
	 * attention 2*16384^2 + 2*16384*1024 = 536,870,912 + 33,554,432
	 *           = 570,425,344
	 * FFN 3*16384*53248 = 2,617,245,696; norms 32,768
	 * layer 3,187,703,808; x126 = 401,650,679,808
	 * embed + head 2 * 128256*16384 = 4,202,692,608; final 16,384
	 * total = 405,853,388,800 (doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 405853388800ull);
}
END_TEST

START_TEST(test_mistral_7b_total)
{
	struct model_counts c = tu_counts("mistral-7b");

	/* Same layer shapes as Llama-3.1-8B (218,112,000 per layer, x32 =
	 * 6,979,584,000); V 32000: embed + head 2 * 32000*4096 =
	 * 262,144,000; final norm 4,096.
	 * total = 7,241,732,096 (doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 7241732096ull);
}
END_TEST

START_TEST(test_scout_total)
{
	const struct model *m = tu_model("llama-4-scout");
	struct model_counts c = tu_counts("llama-4-scout");

	/* d 5120, L 48, H 40, Hkv 8, dh 128, V 202048, 16 experts of 8192,
	 * top-1, one shared expert of 8192, all 48 layers MoE (models.json).
	 * attention: q 5120*40*128 + k,v 2*5120*8*128 + o 40*128*5120
	 *          = 26,214,400 + 10,485,760 + 26,214,400 = 62,914,560 */
	ck_assert_u64(model_attn_params(m), 62914560ull);
	/* one expert 3*5120*8192 = 125,829,120 */
	ck_assert_u64(c.expert_params, 125829120ull);
	/* layer: attention 62,914,560 + 16 experts 2,013,265,920 + shared
	 * 125,829,120 + router 5120*16 = 81,920 + norms 2*5120 = 10,240
	 * = 2,202,101,760; x48 = 105,700,884,480
	 * embed + head 2 * 202048*5120 = 2 * 1,034,485,760 = 2,068,971,520
	 * final norm 5,120
	 * text = 105,700,884,480 + 2,068,971,520 + 5,120 = 107,769,861,120
	 * (doc/planning-model.md section 2) */
	ck_assert_u64(c.text_total, 107769861120ull);
	ck_assert_u64(c.group[PG_EXPERTS], 48ull * 16 * 125829120ull);
	ck_assert_u64(c.group[PG_SHARED], 48ull * 125829120ull);
	ck_assert_u64(c.group[PG_ROUTER], 48ull * 81920ull);
	/* + vision tower 871,932,416 (models.json extra_params)
	 * = 108,641,793,536 ("109B", doc/planning-model.md section 2) */
	ck_assert_u64(c.group[PG_EXTRA], 871932416ull);
	ck_assert_u64(c.total, 108641793536ull);
	ck_assert_u64(c.n_moe_layers, 48);
}
END_TEST

START_TEST(test_scout_active)
{
	struct model_counts c = tu_counts("llama-4-scout");

	/* One token: per layer attention 62,914,560 + norms 10,240 + 1
	 * routed expert 125,829,120 + shared 125,829,120 + router 81,920
	 * = 314,664,960; x48 = 15,103,918,080; + final norm 5,120
	 * + lm_head 1,034,485,760 = 16,138,408,960 without the input
	 * embedding; + embedding 1,034,485,760 = 17,172,894,720.
	 * The published "17B", analytic 17.17B with embeddings
	 * (doc/planning-model.md section 2). */
	ck_assert_rel(c.active, 17.17e9, 0.005);
	ck_assert_u64(c.active, 17172894720ull);
	ck_assert_u64(c.active_no_embed, 16138408960ull);
}
END_TEST

START_TEST(test_maverick_total)
{
	struct model_counts c = tu_counts("llama-4-maverick");

	/* Scout's shapes with 128 experts; MoE only at odd idx (24 layers),
	 * the other 24 dense with intermediate_size_mlp 16384 (models.json).
	 * attention + norms 62,924,800 x 48 = 3,020,390,400
	 * MoE FFN: 128*125,829,120 + shared 125,829,120 + router 5120*128
	 *   = 16,106,127,360 + 125,829,120 + 655,360 = 16,232,611,840
	 *   x24 = 389,582,684,160
	 * dense FFN 3*5120*16384 = 251,658,240; x24 = 6,039,797,760
	 * embed + head 2,068,971,520; final norm 5,120
	 * text = 400,711,848,960 (doc/planning-model.md section 2) */
	ck_assert_u64(c.text_total, 400711848960ull);
	ck_assert_u64(c.group[PG_DENSE_FFN], 6039797760ull);
	/* + vision 871,932,416 = 401,583,781,376 (doc/planning-model.md
	 * section 2) */
	ck_assert_u64(c.total, 401583781376ull);
	/* Active: attention + norms 3,020,390,400 + 24 MoE layers x (1
	 * expert + shared + router = 252,313,600) = 6,055,526,400 + dense
	 * 6,039,797,760 + embeddings 2,068,971,520 + 5,120
	 * = 17,184,691,200 ("~17.18B", doc/planning-model.md section 2) */
	ck_assert_rel(c.active, 17.18e9, 0.005);
	ck_assert_u64(c.active, 17184691200ull);
}
END_TEST

START_TEST(test_qwen3_30b_total)
{
	struct model_counts c = tu_counts("qwen3-30b-a3b");

	/* d 2048, L 48, H 32, Hkv 4, dh 128 (H*dh 4096 != d), 128 experts
	 * of 768, top-8, q/k norms (models.json).
	 * attention 2048*4096 + 2*2048*512 + 4096*2048
	 *         = 8,388,608 + 2,097,152 + 8,388,608 = 18,874,368
	 * experts 128 * 3*2048*768 = 128 * 4,718,592 = 603,979,776
	 * router 2048*128 = 262,144; norms 2*2048 + 2*128 = 4,352
	 * layer 623,120,640; x48 = 29,909,790,720
	 * embed + head 2 * 151936*2048 = 622,329,856; final 2,048
	 * total = 30,532,122,624 (doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 30532122624ull);
	/* Active: 48 x (18,874,368 + 8*4,718,592 + 262,144 + 4,352)
	 * = 48 x 56,889,600 = 2,730,700,800 + 622,329,856 + 2,048
	 * = 3,353,032,704 (published "3.3B", rounded) */
	ck_assert_u64(c.active, 3353032704ull);
	ck_assert_rel(c.active, 3.3e9, 0.02);
}
END_TEST

START_TEST(test_gpt_oss_120b_total)
{
	struct model_counts c = tu_counts("gpt-oss-120b");

	/* d 2880, L 36, H 64, Hkv 8, dh 64, V 201088, 128 experts of 2880,
	 * top-4; attention biases, sinks, expert and router biases
	 * (models.json notes).
	 * attention 2880*4096 + 2*2880*512 + 4096*2880 = 26,542,080
	 *   + biases 4096 + 2*512 + 2880 = 8,000 + sinks 64 = 26,550,144
	 * expert 3*2880*2880 + biases 2*2880 + 2880 = 24,891,840;
	 *   x128 = 3,186,155,520
	 * router 2880*128 + 128 = 368,768; norms 5,760
	 * layer 3,213,080,192; x36 = 115,670,886,912
	 * embed + head 2 * 201088*2880 = 1,158,266,880; final 2,880
	 * total = 116,829,156,672 (doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 116829156672ull);
	/* Active without the input embedding (OpenAI's convention,
	 * doc/planning-model.md section 2): 36 x (26,550,144 + 5,760 + 368,768
	 * + 4*24,891,840) = 36 x 126,492,032 = 4,553,713,152
	 * + lm_head 579,133,440 + 2,880 = 5,132,849,472 ("5.13B") */
	ck_assert_rel(c.active_no_embed, 5.13e9, 0.005);
	ck_assert_u64(c.active_no_embed, 5132849472ull);
	/* with both embedding matrices: + 579,133,440 = 5.71B (section 2) */
	ck_assert_rel(c.active, 5.71e9, 0.005);
}
END_TEST

START_TEST(test_gpt_oss_20b_total)
{
	struct model_counts c = tu_counts("gpt-oss-20b");

	/* gpt-oss-120b's layer with 32 experts, 24 layers:
	 * 26,550,144 + 32*24,891,840 + (2880*32 + 32) + 5,760
	 * = 26,550,144 + 796,538,880 + 92,192 + 5,760 = 823,186,976
	 * x24 = 19,756,487,424 + 1,158,266,880 + 2,880 = 20,914,757,184
	 * (doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 20914757184ull);
	/* active w/o input embedding: 24 x (26,550,144 + 5,760 + 92,192
	 * + 99,567,360) + 579,133,440 + 2,880 = 3,608,307,264 ("3.61B") */
	ck_assert_rel(c.active_no_embed, 3.61e9, 0.005);
}
END_TEST

START_TEST(test_mixtral_total)
{
	struct model_counts c = tu_counts("mixtral-8x7b");

	/* d 4096, L 32, 8 experts of 14336, top-2, V 32000.
	 * layer: attention 41,943,040 + 8 * 176,160,768 = 1,409,286,144
	 *   + router 4096*8 = 32,768 + norms 8,192 = 1,451,270,144
	 * x32 = 46,440,644,608 + 262,144,000 + 4,096 = 46,702,792,704
	 * (doc/planning-model.md section 2) */
	ck_assert_u64(c.total, 46702792704ull);
	/* active (with embedding and head, Mistral's convention, section 2):
	 * 32 x (41,943,040 + 8,192 + 32,768 + 2*176,160,768) = 32 x
	 * 394,305,536 = 12,617,777,152 + 262,144,000 + 4,096
	 * = 12,879,925,248 ("12.9B") */
	ck_assert_rel(c.active, 12.9e9, 0.005);
	ck_assert_u64(c.active, 12879925248ull);
}
END_TEST

START_TEST(test_deepseek_v3_total)
{
	const struct model *m = tu_model("deepseek-v3");
	struct model_counts c = tu_counts("deepseek-v3");

	/* MLA, d 7168, H 128, q_lora 1536, kv_lora 512, rope 64, nope 128,
	 * v 128 (models.json):
	 * q_a 7168*1536 = 11,010,048; q_b 1536*128*(128+64) = 37,748,736
	 * kv_a 7168*(512+64) = 4,128,768; kv_b 512*128*(128+128) = 16,777,216
	 * o 128*128*7168 = 117,440,512; sum 187,105,280 */
	ck_assert_u64(model_attn_params(m), 187105280ull);
	/* norms 2*7168 + latent norms 512 + 1536 = 16,384
	 * 61 x (187,105,280 + 16,384) = 11,414,421,504
	 * 3 dense layers x 3*7168*18432 (396,361,728) = 1,189,085,184
	 * 58 MoE layers x (256 * 3*7168*2048 + shared 44,040,192
	 *   + router 7168*256 + 256 bias)
	 *   = 58 x (11,274,289,152 + 44,040,192 + 1,835,264)
	 *   = 58 x 11,320,164,608 = 656,569,547,264
	 * embed + head 2 * 129280*7168 = 1,853,358,080; final 7,168
	 * main model = 671,026,419,200 ("671B main", doc/planning-model.md
	 * section 2) */
	ck_assert_rel(c.text_total, 671026419200.0, 0.005);
	ck_assert_u64(c.text_total, 671026419200ull);
	/* MTP is not served (models.json mtp_params), so not in the total:
	 * 671,026,419,200 + 13,463,426,304 = 684,489,845,504 published */
	ck_assert_u64(c.total + m->mtp_params, 684489845504ull);
	/* Active: 11,414,421,504 + 1,189,085,184 + 58 x (8 experts
	 * 352,321,536 + shared 44,040,192 + router 1,835,264 = 398,196,992)
	 * = 23,095,425,536; + head 926,679,040 + 7,168
	 * = 36,625,618,432 w/o input embedding, + 926,679,040
	 * = 37,552,297,472 (37.55B / 36.63B, doc/planning-model.md section 2) */
	ck_assert_rel(c.active, 37.55e9, 0.005);
	ck_assert_rel(c.active_no_embed, 36.63e9, 0.005);
	ck_assert_u64(c.active, 37552297472ull);
	ck_assert_u64(c.active_no_embed, 36625618432ull);
}
END_TEST

START_TEST(test_gemma3_27b_total)
{
	struct model_counts c = tu_counts("gemma-3-27b");

	/* d 5376, L 62, H 32, Hkv 16, dh 128, f 21504, V 262208, tied,
	 * 4 norms per layer + q/k norms (models.json notes).
	 * attention 5376*4096 + 2*5376*2048 + 4096*5376 = 3 * 22,020,096
	 *         = 66,060,288
	 * FFN 3*5376*21504 = 346,816,512; norms 4*5376 + 2*128 = 21,760
	 * layer 412,898,560; x62 = 25,599,710,720
	 * embedding (tied) 262208*5376 = 1,409,630,208; final 5,376
	 * text = 27,009,346,304 (models.json published_active_params)
	 * + SigLIP 423,060,336 = 27,432,406,640 (doc/planning-model.md
	 * section 2) */
	ck_assert_u64(c.text_total, 27009346304ull);
	ck_assert_u64(c.total, 27432406640ull);
	ck_assert_u64(c.group[PG_LM_HEAD], 0);
	/* A tied head is the embedding used again: active = text total. */
	ck_assert_u64(c.active, 27009346304ull);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Layer rules.                                                        */
/* ------------------------------------------------------------------ */

START_TEST(test_scout_layers)
{
	const struct model *m = tu_model("llama-4-scout");
	struct model_counts c = tu_counts("llama-4-scout");

	/* Layer i is global NoPE iff (i+1) % 4 == 0: idx 3, 7, ..., 47 =
	 * 12 full, 36 chunked of 8192 (doc/planning-model.md sections 2, 5). */
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 12);
	ck_assert_uint_eq(c.n_attn[ATTN_CHUNKED], 36);
	for (uint32_t i = 0; i < 48; i++) {
		enum attn_kind want = (i + 1) % 4 == 0 ? ATTN_FULL : ATTN_CHUNKED;

		ck_assert_msg(m->attn[i] == want, "layer %u: %s", i,
			      attn_kind_name((enum attn_kind)m->attn[i]));
		ck_assert_msg(m->moe[i], "Scout layer %u should be MoE", i);
	}
	ck_assert_uint_eq(m->chunk, 8192);
	ck_assert_uint_eq(m->shared_experts, 1);
	ck_assert_uint_eq(m->shared_ffn, 8192);
	ck_assert_uint_eq(m->experts, 16);
	ck_assert_uint_eq(m->top_k, 1);
}
END_TEST

START_TEST(test_maverick_layers)
{
	const struct model *m = tu_model("llama-4-maverick");

	/* interleave_moe_layer_step 2: MoE layers range(1, 48, 2), the odd
	 * indices, 24 of them (transformers configuration_llama4.py). */
	for (uint32_t i = 0; i < 48; i++)
		ck_assert_msg(m->moe[i] == (i % 2 == 1), "layer %u moe=%d", i, m->moe[i]);
	ck_assert_uint_eq(tu_counts("llama-4-maverick").n_moe_layers, 24);
	ck_assert_uint_eq(m->dense_ffn, 16384);
	ck_assert_uint_eq(m->expert_ffn, 8192);
}
END_TEST

START_TEST(test_deepseek_layers)
{
	const struct model *m = tu_model("deepseek-v3");
	struct model_counts c = tu_counts("deepseek-v3");

	/* first_k_dense_replace 3: layers 0-2 dense, 3-60 MoE (58); every
	 * layer MLA (data/models.json; doc/planning-model.md section 5). */
	for (uint32_t i = 0; i < 61; i++) {
		ck_assert_msg(m->moe[i] == (i >= 3), "layer %u moe=%d", i, m->moe[i]);
		ck_assert_int_eq(m->attn[i], ATTN_MLA);
	}
	ck_assert_uint_eq(c.n_moe_layers, 58);
	ck_assert_uint_eq(c.n_attn[ATTN_MLA], 61);
	ck_assert_uint_eq(m->shared_experts, 1);
	ck_assert_uint_eq(m->shared_ffn, 2048);
}
END_TEST

START_TEST(test_gemma3_layers)
{
	const struct model *m = tu_model("gemma-3-27b");
	struct model_counts c = tu_counts("gemma-3-27b");

	/* sliding_window_pattern 6: layer i global iff (i+1) % 6 == 0, idx
	 * 5, 11, ..., 59 -> 10 global + 52 local of 1024 (maxtext gemma3:
	 * 62 = 10 x (5 local + 1 global) + 2 local). */
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 10);
	ck_assert_uint_eq(c.n_attn[ATTN_SLIDING], 52);
	for (uint32_t i = 0; i < 62; i++)
		ck_assert_int_eq(m->attn[i], (i + 1) % 6 == 0 ? ATTN_FULL : ATTN_SLIDING);
	ck_assert_uint_eq(m->window, 1024);
	ck_assert(m->tied_embeddings);
}
END_TEST

START_TEST(test_gpt_oss_layers)
{
	const struct model *m = tu_model("gpt-oss-120b");
	struct model_counts c = tu_counts("gpt-oss-120b");

	/* layer_types alternate, even idx sliding (window 128), odd full:
	 * 18 + 18 (openai/gpt-oss gpt_oss/torch/model.py). */
	ck_assert_uint_eq(c.n_attn[ATTN_SLIDING], 18);
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 18);
	for (uint32_t i = 0; i < 36; i++)
		ck_assert_int_eq(m->attn[i], i % 2 == 0 ? ATTN_SLIDING : ATTN_FULL);
	ck_assert_uint_eq(m->window, 128);
	ck_assert_uint_eq(m->top_k, 4);
}
END_TEST

START_TEST(test_dense_layers)
{
	struct model_counts l8 = tu_counts("llama-3.1-8b");
	struct model_counts mi = tu_counts("mistral-7b");

	/* Llama 3.1: full attention everywhere. Mistral-7B v0.1: sliding
	 * window 4096 on all 32 layers (data/models.json). */
	ck_assert_uint_eq(l8.n_attn[ATTN_FULL], 32);
	ck_assert_uint_eq(mi.n_attn[ATTN_SLIDING], 32);
	ck_assert_uint_eq(tu_model("mistral-7b")->window, 4096);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hugging Face config import and validation.                          */
/* ------------------------------------------------------------------ */

/* Parses a config literal and imports it into *m (zeroed first). */
static int
import(const char *json, struct model *m, struct gp_error *err)
{
	cJSON *cfg = cJSON_Parse(json);
	int rc;

	ck_assert_msg(cfg != NULL, "test literal is not JSON: %s", json);
	memset(m, 0, sizeof *m);
	err->msg[0] = '\0';
	rc = hfconfig_to_model(cfg, m, err);
	cJSON_Delete(cfg);
	return rc;
}

/* Scout's config.json as shipped: the text model nested in text_config
 * next to a vision_config (doc/planning-model.md section 2; verbatim in
 * AMD-AGI/Primus PR #165). */
static const char scout_nested[] =
	"{\"model_type\": \"llama4\","
	" \"architectures\": [\"Llama4ForConditionalGeneration\"],"
	" \"vision_config\": {\"hidden_size\": 1408, \"num_hidden_layers\": 34,"
	"   \"num_attention_heads\": 16, \"intermediate_size\": 5632},"
	" \"text_config\": {\"model_type\": \"llama4_text\", \"hidden_size\": 5120,"
	"   \"intermediate_size\": 8192, \"intermediate_size_mlp\": 16384,"
	"   \"num_hidden_layers\": 48, \"num_attention_heads\": 40,"
	"   \"num_key_value_heads\": 8, \"head_dim\": 128, \"vocab_size\": 202048,"
	"   \"num_local_experts\": 16, \"num_experts_per_tok\": 1,"
	"   \"interleave_moe_layer_step\": 1, \"attention_chunk_size\": 8192,"
	"   \"no_rope_layers\": [], \"max_position_embeddings\": 10485760},"
	" \"tie_word_embeddings\": false}";

START_TEST(test_hf_nested_text_config)
{
	struct model m;
	struct model_counts c;
	struct gp_error err;

	ck_assert_msg(import(scout_nested, &m, &err) == 0, "%s", err.msg);
	model_count(&m, &c);
	/* The nested text_config wins: the same text model as the catalog's,
	 * 107,769,861,120 params (see test_scout_total). */
	ck_assert_u64(c.text_total, 107769861120ull);
	ck_assert_uint_eq(m.hidden, 5120);
	ck_assert_uint_eq(m.layers, 48);
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 12);
	ck_assert_uint_eq(c.n_attn[ATTN_CHUNKED], 36);
	ck_assert_uint_eq(c.n_moe_layers, 48);
	ck_assert_uint_eq(m.max_context, 10485760);
}
END_TEST

START_TEST(test_hf_nested_type_at_top)
{
	struct model m;
	struct model_counts c;
	struct gp_error err;
	/* model_type only at the top level ("llama4"): the Llama 4 rules
	 * (shared expert, chunked layers) must still apply; Maverick's step
	 * 2 puts MoE on the 24 odd layers. */
	static const char json[] =
		"{\"model_type\": \"llama4\", \"text_config\": {"
		" \"hidden_size\": 5120, \"intermediate_size\": 8192,"
		" \"intermediate_size_mlp\": 16384, \"num_hidden_layers\": 48,"
		" \"num_attention_heads\": 40, \"num_key_value_heads\": 8,"
		" \"head_dim\": 128, \"vocab_size\": 202048,"
		" \"num_local_experts\": 128, \"num_experts_per_tok\": 1,"
		" \"interleave_moe_layer_step\": 2, \"attention_chunk_size\": 8192,"
		" \"tie_word_embeddings\": false}}";

	ck_assert_msg(import(json, &m, &err) == 0, "%s", err.msg);
	model_count(&m, &c);
	/* 400,711,848,960 (see test_maverick_total) */
	ck_assert_u64(c.text_total, 400711848960ull);
	ck_assert_uint_eq(c.n_moe_layers, 24);
	ck_assert_uint_eq(c.n_attn[ATTN_CHUNKED], 36);
}
END_TEST

START_TEST(test_hf_field_variants)
{
	struct model m;
	struct gp_error err;
	/* gpt-oss's own name experts_per_token for top-k; no head_dim
	 * (Llama-3.1-8B: derived 4096/32 = 128, as in data/models.json); no
	 * num_key_value_heads (MHA: kv heads = heads). */
	static const char json[] =
		"{\"model_type\": \"mixtral\", \"hidden_size\": 4096,"
		" \"intermediate_size\": 14336, \"num_hidden_layers\": 32,"
		" \"num_attention_heads\": 32, \"vocab_size\": 32000,"
		" \"num_local_experts\": 8, \"experts_per_token\": 2}";

	ck_assert_msg(import(json, &m, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(m.head_dim, 128);
	ck_assert_uint_eq(m.kv_heads, 32);
	ck_assert_uint_eq(m.top_k, 2);
	ck_assert_uint_eq(m.experts, 8);
	ck_assert_uint_eq(m.expert_ffn, 14336);	/* Mixtral: intermediate_size */
}
END_TEST

START_TEST(test_hf_qwen3_experts_field)
{
	struct model m;
	struct model_counts c;
	struct gp_error err;
	/* Qwen3 names the experts num_experts and the width
	 * moe_intermediate_size (doc/planning-model.md section 2); same
	 * numbers as the catalog entry: 30,532,122,624 (see
	 * test_qwen3_30b_total). */
	static const char json[] =
		"{\"model_type\": \"qwen3_moe\", \"hidden_size\": 2048,"
		" \"intermediate_size\": 6144, \"num_hidden_layers\": 48,"
		" \"num_attention_heads\": 32, \"num_key_value_heads\": 4,"
		" \"head_dim\": 128, \"vocab_size\": 151936,"
		" \"tie_word_embeddings\": false, \"moe_intermediate_size\": 768,"
		" \"num_experts\": 128, \"num_experts_per_tok\": 8,"
		" \"decoder_sparse_step\": 1, \"mlp_only_layers\": []}";

	ck_assert_msg(import(json, &m, &err) == 0, "%s", err.msg);
	model_count(&m, &c);
	ck_assert_u64(c.total, 30532122624ull);
	ck_assert_uint_eq(c.n_moe_layers, 48);
}
END_TEST

START_TEST(test_hf_missing_hidden_size)
{
	struct model m;
	struct gp_error err;
	static const char json[] =
		"{\"model_type\": \"llama\", \"intermediate_size\": 14336,"
		" \"num_hidden_layers\": 32, \"num_attention_heads\": 32,"
		" \"num_key_value_heads\": 8, \"vocab_size\": 128256}";

	ck_assert_int_ne(import(json, &m, &err), 0);
	ck_assert_has(err.msg, "hidden_size");
}
END_TEST

START_TEST(test_hf_heads_not_divisible)
{
	struct model m;
	struct gp_error err;
	/* 32 heads cannot be shared evenly by 3 KV heads. */
	static const char json[] =
		"{\"model_type\": \"llama\", \"hidden_size\": 4096,"
		" \"intermediate_size\": 14336, \"num_hidden_layers\": 32,"
		" \"num_attention_heads\": 32, \"num_key_value_heads\": 3,"
		" \"head_dim\": 128, \"vocab_size\": 128256}";

	ck_assert_int_ne(import(json, &m, &err), 0);
	ck_assert_has(err.msg, "num_key_value_heads");
	ck_assert_has(err.msg, "3");
	ck_assert_has(err.msg, "32");
}
END_TEST

START_TEST(test_hf_wrong_type)
{
	struct model m;
	struct gp_error err;
	static const char json[] =
		"{\"model_type\": \"llama\", \"hidden_size\": \"4096\","
		" \"num_hidden_layers\": 32, \"num_attention_heads\": 32}";

	ck_assert_int_ne(import(json, &m, &err), 0);
	ck_assert_has(err.msg, "\"hidden_size\"");
}
END_TEST

START_TEST(test_hf_not_object)
{
	struct model m;
	struct gp_error err;

	ck_assert_int_ne(import("[1, 2, 3]", &m, &err), 0);
	ck_assert_msg(err.msg[0] != '\0', "no error message");
}
END_TEST

START_TEST(test_model_validate)
{
	struct model m = *tu_model("llama-3.1-8b");
	struct gp_error err;

	err.msg[0] = '\0';
	ck_assert_int_eq(model_validate(&m, &err), 0);

	m.hidden = 0;
	ck_assert_int_ne(model_validate(&m, &err), 0);
	ck_assert_has(err.msg, "hidden_size");

	m = *tu_model("llama-3.1-8b");
	m.kv_heads = 3;
	ck_assert_int_ne(model_validate(&m, &err), 0);
	ck_assert_has(err.msg, "num_key_value_heads");

	m = *tu_model("llama-3.1-8b");
	m.layers = 0;
	ck_assert_int_ne(model_validate(&m, &err), 0);
	ck_assert_has(err.msg, "num_hidden_layers");

	/* An MoE model picking more experts than it has. */
	m = *tu_model("mixtral-8x7b");
	m.top_k = 9;
	ck_assert_int_ne(model_validate(&m, &err), 0);
	ck_assert_has(err.msg, "num_experts_per_tok");
}
END_TEST

START_TEST(test_attn_kind_names)
{
	ck_assert_str_eq(attn_kind_name(ATTN_FULL), "full");
	ck_assert_str_eq(attn_kind_name(ATTN_SLIDING), "sliding");
	ck_assert_str_eq(attn_kind_name(ATTN_CHUNKED), "chunked");
	ck_assert_str_eq(attn_kind_name(ATTN_MLA), "mla");
	ck_assert_str_eq(attn_kind_name(ATTN_KIND_COUNT), "?");
}
END_TEST

static Suite *
model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *totals = tcase_create("totals");
	TCase *layers = tcase_create("layers");
	TCase *hf = tcase_create("hfconfig");

	tcase_add_test(totals, test_llama31_8b_total);
	tcase_add_test(totals, test_llama31_70b_total);
	tcase_add_test(totals, test_llama31_405b_total);
	tcase_add_test(totals, test_mistral_7b_total);
	tcase_add_test(totals, test_scout_total);
	tcase_add_test(totals, test_scout_active);
	tcase_add_test(totals, test_maverick_total);
	tcase_add_test(totals, test_qwen3_30b_total);
	tcase_add_test(totals, test_gpt_oss_120b_total);
	tcase_add_test(totals, test_gpt_oss_20b_total);
	tcase_add_test(totals, test_mixtral_total);
	tcase_add_test(totals, test_deepseek_v3_total);
	tcase_add_test(totals, test_gemma3_27b_total);
	suite_add_tcase(s, totals);

	tcase_add_test(layers, test_scout_layers);
	tcase_add_test(layers, test_maverick_layers);
	tcase_add_test(layers, test_deepseek_layers);
	tcase_add_test(layers, test_gemma3_layers);
	tcase_add_test(layers, test_gpt_oss_layers);
	tcase_add_test(layers, test_dense_layers);
	suite_add_tcase(s, layers);

	tcase_add_test(hf, test_hf_nested_text_config);
	tcase_add_test(hf, test_hf_nested_type_at_top);
	tcase_add_test(hf, test_hf_field_variants);
	tcase_add_test(hf, test_hf_qwen3_experts_field);
	tcase_add_test(hf, test_hf_missing_hidden_size);
	tcase_add_test(hf, test_hf_heads_not_divisible);
	tcase_add_test(hf, test_hf_wrong_type);
	tcase_add_test(hf, test_hf_not_object);
	tcase_add_test(hf, test_model_validate);
	tcase_add_test(hf, test_attn_kind_names);
	suite_add_tcase(s, hf);
	return s;
}

int
main(void)
{
	return tu_run(model_suite());
}
