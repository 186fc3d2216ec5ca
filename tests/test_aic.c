/* test_aic.c - the 86 config.json files NVIDIA AIConfigurator bundles
 * (tests/data/aic, README there): each imports right or is refused with
 * a reason, none is planned silently wrong.
 *
 * "Right" is held against a figure from outside the program:
 *  - an exact count (the checkpoint's safetensors total, or a count
 *    worked by hand in test_hfconfig.c): within 0.5%;
 *  - a rounded published figure: within its rounding, half a unit of
 *    its last significant digit ("744B" 0.5B, "120B" 5B, "31.6B" 0.05B);
 *  - a figure that includes a vision tower the text count leaves out:
 *    the same, less at most 1B of tower below;
 *  - a repackaging of another fixture (an FP8 or NVFP4 checkpoint, a
 *    VL model's text_config): the same counts as that one, exactly.
 * The format a checkpoint ships in is read from its own quantization
 * config (quantization_config, hf_quant_config.json) by eye, and the
 * import must agree, or say it cannot read it: ModelOpt's
 * MIXED_PRECISION (FP8 mixers, NVFP4 MLPs, module by module) is not
 * read yet. Every folder of tests/data/aic must have a row. */
#include <dirent.h>

#include "testutil.h"
#include "format.h"
#include "hfconfig.h"
#include "hfimport.h"
#include "model.h"

#define AIC GPUPLAN_TESTDATADIR "/aic/"

struct aic_case {
	const char *dir;
	const char *refused;	/* part of the refusal, or NULL */
	double total;		/* the figure held against the text count */
	double below, above;	/* how far under and over it may be */
	bool with_mtp;		/* the figure counts the MTP layers */
	const char *same_as;	/* or: the counts of this fixture */
	const char *native;	/* the format its config declares */
	const char *why;
};

#define EXACT(n)	.total = (n), .below = 0.005 * (n), .above = 0.005 * (n)
#define ROUNDED(n, h)	.total = (n), .below = (h), .above = (h)
#define WITH_TOWER(n, h) .total = (n), .below = (h) + 1e9, .above = (h)
#define REFUSED(s)	.refused = (s)
#define UNLAID		REFUSED("is not a family gpuplan lays out")

static const struct aic_case cases[] = {
	/* MiniMax-M2.x: "230B total, 10B active" (the M2 series' cards);
	 * 229.9B and 9.8B are reported for M2.5, 9.8B being active less
	 * the embedding and the head, which the import gives as 9.80B too */
	{"MiniMaxAI--MiniMax-M2.5", ROUNDED(230e9, 5e9), .native = "fp8", .why = "230B"},
	{"MiniMaxAI--MiniMax-M2.7", .same_as = "MiniMaxAI--MiniMax-M2.5", .native = "fp8"},
	{"nvidia--MiniMax-M2.5-NVFP4", .same_as = "MiniMaxAI--MiniMax-M2.5", .native = "nvfp4"},
	{"nvidia--MiniMax-M2.7-NVFP4", .same_as = "MiniMaxAI--MiniMax-M2.5", .native = "nvfp4"},
	{"MiniMaxAI--MiniMax-M3", UNLAID, .why = "minimax_m3"},
	{"nvidia--MiniMax-M3-NVFP4", UNLAID, .why = "minimax_m3_vl"},
	{"XiaomiMiMo--MiMo-7B-Base", UNLAID, .why = "mimo"},
	{"XiaomiMiMo--MiMo-V2-Flash", UNLAID, .why = "mimo_v2_flash"},
	{"deepseek-ai--DeepSeek-V4-Flash", UNLAID, .why = "deepseek_v4 compressed attention"},
	{"deepseek-ai--DeepSeek-V4-Pro", UNLAID, .why = "deepseek_v4"},
	{"nvidia--DeepSeek-V4-Flash-NVFP4", UNLAID, .why = "deepseek_v4"},
	{"nvidia--DeepSeek-V4-Pro-NVFP4", UNLAID, .why = "deepseek_v4"},
	{"sgl-project--DeepSeek-V4-Flash-FP8", UNLAID, .why = "deepseek_ref"},
	{"sgl-project--DeepSeek-V4-Pro-FP8", UNLAID, .why = "deepseek_ref"},
	{"moonshotai--Kimi-K3", UNLAID, .why = "kimi_linear"},
	{"zai-org--GLM-5.2", REFUSED("IndexShare"), .why = "index_topk_freq"},
	{"zai-org--GLM-5.2-FP8", REFUSED("IndexShare"), .why = "index_topk_freq"},
	{"nvidia--GLM-5.2-NVFP4", REFUSED("IndexShare"), .why = "index_topk_freq"},

	/* Qwen3: the exact counts of data/models.json (safetensors totals) */
	{"Qwen--Qwen3-0.6B", EXACT(596049920.0), .native = "bf16", .why = "qwen3-0.6b"},
	{"Qwen--Qwen3-1.7B", EXACT(1720574976.0), .native = "bf16", .why = "qwen3-1.7b"},
	{"Qwen--Qwen3-8B", ROUNDED(8.2e9, 0.05e9), .native = "bf16",
	 .why = "the model card's 8.2B"},
	{"Qwen--Qwen3-32B", EXACT(32762123264.0), .native = "bf16", .why = "qwen3-32b"},
	{"Qwen--Qwen3-32B-FP8", .same_as = "Qwen--Qwen3-32B", .native = "fp8"},
	{"Qwen--Qwen3-32B-FP8-Static-PerTensor", .same_as = "Qwen--Qwen3-32B", .native = "fp8"},
	{"Qwen--Qwen3-30B-A3B", EXACT(30532122624.0), .native = "bf16", .why = "qwen3-30b-a3b"},
	{"Qwen--Qwen3-30B-A3B-FP8", .same_as = "Qwen--Qwen3-30B-A3B", .native = "fp8"},
	{"Qwen--Qwen3-235B-A22B", EXACT(235093634560.0), .native = "bf16", .why = "qwen3-235b-a22b"},
	{"Qwen--Qwen3-235B-A22B-FP8", .same_as = "Qwen--Qwen3-235B-A22B", .native = "fp8"},
	{"nvidia--Qwen3-235B-A22B-NVFP4", .same_as = "Qwen--Qwen3-235B-A22B", .native = "nvfp4"},
	{"Qwen--Qwen3-Coder-480B-A35B-Instruct", EXACT(480154875392.0), .native = "bf16",
	 .why = "qwen3-coder-480b"},
	/* Qwen3-VL: the text_config of each is its Qwen3 size's */
	{"Qwen--Qwen3-VL-2B-Instruct", .same_as = "Qwen--Qwen3-1.7B", .native = "bf16"},
	{"Qwen--Qwen3-VL-4B-Instruct", EXACT(4022468096.0), .native = "bf16",
	 .why = "qwen3-4b, whose sizes its text_config has"},
	{"Qwen--Qwen3-VL-8B-Instruct", .same_as = "Qwen--Qwen3-8B", .native = "bf16"},
	{"Qwen--Qwen3-VL-32B-Instruct", .same_as = "Qwen--Qwen3-32B", .native = "bf16"},
	{"Qwen--Qwen3-VL-32B-Thinking", .same_as = "Qwen--Qwen3-32B", .native = "bf16"},
	{"Qwen--Qwen3-VL-30B-A3B-Instruct", .same_as = "Qwen--Qwen3-30B-A3B", .native = "bf16"},
	{"Qwen--Qwen3-VL-235B-A22B-Instruct", .same_as = "Qwen--Qwen3-235B-A22B", .native = "bf16"},
	/* Qwen3.5 and 3.6: the published sizes include the vision tower */
	{"Qwen--Qwen3.5-27B", EXACT(26895998464.0), .native = "bf16",
	 .why = "worked by hand in test_hfconfig.c (published 27B with its vision tower)"},
	{"Qwen--Qwen3.5-35B-A3B", WITH_TOWER(35e9, 0.5e9), .native = "bf16",
	 .why = "35B, the model's name and card"},
	{"Qwen--Qwen3.5-122B-A10B", WITH_TOWER(122e9, 0.5e9), .native = "bf16",
	 .why = "122B (xorbitsai/inference's qwen3.5 spec, the card's size)"},
	{"Qwen--Qwen3.5-397B-A17B", WITH_TOWER(397e9, 0.5e9), .native = "bf16",
	 .why = "397B (xorbitsai/inference's qwen3.5 spec)"},
	{"nvidia--Qwen3.5-122B-A10B-NVFP4", .same_as = "Qwen--Qwen3.5-122B-A10B", .native = "nvfp4"},
	{"nvidia--Qwen3.5-397B-A17B-NVFP4", .same_as = "Qwen--Qwen3.5-397B-A17B", .native = "nvfp4"},
	{"nvidia--Qwen3.6-27B-NVFP4", .same_as = "Qwen--Qwen3.5-27B", .native = "nvfp4"},
	{"nvidia--Qwen3.6-35B-A3B-NVFP4", .same_as = "Qwen--Qwen3.5-35B-A3B", .native = "nvfp4"},

	/* DeepSeek-V3 and its kin: 671,026,419,200 without the 13,463,426,304
	 * of MTP (data/models.json deepseek-v3, the safetensors total
	 * 684,489,845,504) */
	{"deepseek-ai--DeepSeek-V3", EXACT(671026419200.0), .native = "fp8", .why = "deepseek-v3"},
	{"deepseek-ai--DeepSeek-R1", .same_as = "deepseek-ai--DeepSeek-V3", .native = "fp8"},
	{"nvidia--DeepSeek-V3.1-NVFP4", .same_as = "deepseek-ai--DeepSeek-V3", .native = "nvfp4"},
	{"deepseek-ai--DeepSeek-V3.2", ROUNDED(685e9, 0.5e9), .with_mtp = true, .native = "fp8",
	 .why = "685B with MTP, the Hugging Face model card"},
	{"nvidia--DeepSeek-V3.2-NVFP4", .same_as = "deepseek-ai--DeepSeek-V3.2", .native = "nvfp4"},
	{"moonshotai--Kimi-K2-Instruct", EXACT(1026408235864.0), .native = "fp8",
	 .why = "kimi-k2-instruct, the Hub safetensors total"},
	{"moonshotai--Kimi-K2.5", .same_as = "moonshotai--Kimi-K2-Instruct", .native = "int4"},
	{"nvidia--Kimi-K2.5-NVFP4", .same_as = "moonshotai--Kimi-K2-Instruct", .native = "nvfp4"},
	{"nvidia--Kimi-K2.6-NVFP4", .same_as = "moonshotai--Kimi-K2-Instruct", .native = "nvfp4"},
	{"nvidia--Kimi-K2.7-Code-NVFP4", .same_as = "moonshotai--Kimi-K2-Instruct", .native = "nvfp4"},
	{"zai-org--GLM-5", ROUNDED(744e9, 0.5e9), .native = "bf16",
	 .why = "744B, Z.ai's GLM-5 announcement"},
	{"zai-org--GLM-5-FP8", .same_as = "zai-org--GLM-5", .native = "fp8"},
	{"zai-org--GLM-5.1", .same_as = "zai-org--GLM-5", .native = "bf16"},
	{"zai-org--GLM-5.1-FP8", .same_as = "zai-org--GLM-5", .native = "fp8"},
	{"nvidia--GLM-5-NVFP4", .same_as = "zai-org--GLM-5", .native = "nvfp4"},
	{"nvidia--GLM-5.1-NVFP4", .same_as = "zai-org--GLM-5", .native = "nvfp4"},

	/* Llama: safetensors totals; Llama 4 less its 871,932,416 of vision */
	{"meta-llama--Meta-Llama-3.1-8B", EXACT(8030261248.0), .native = "bf16", .why = "llama-3.1-8b"},
	{"meta-llama--Meta-Llama-3.1-70B", EXACT(70553706496.0), .native = "bf16", .why = "llama-3.1-70b"},
	{"nvidia--Llama-3.1-70B-Instruct-FP8", .same_as = "meta-llama--Meta-Llama-3.1-70B", .native = "fp8"},
	{"meta-llama--Meta-Llama-3.1-405B", EXACT(405853388800.0), .native = "bf16", .why = "llama-3.1-405b"},
	{"meta-llama--Llama-4-Scout-17B-16E-Instruct", EXACT(107769861120.0), .native = "bf16",
	 .why = "108,641,793,536 less 871,932,416 of vision"},
	{"meta-llama--Llama-4-Maverick-17B-128E-Instruct", EXACT(400711848960.0), .native = "bf16",
	 .why = "401,583,781,376 less 871,932,416 of vision"},
	{"mistralai--Mixtral-8x7B-v0.1", EXACT(46702792704.0), .native = "bf16", .why = "mixtral-8x7b"},
	{"mistralai--Mixtral-8x22B-v0.1", EXACT(140620634112.0), .native = "bf16", .why = "mixtral-8x22b"},
	{"openai--gpt-oss-20b", EXACT(20914757184.0), .native = "mxfp4", .why = "gpt-oss-20b"},
	{"openai--gpt-oss-120b", EXACT(116829156672.0), .native = "mxfp4", .why = "gpt-oss-120b"},

	/* Gemma 4, worked by hand in test_hfconfig.c */
	{"nvidia--Gemma-4-31B-IT-NVFP4", ROUNDED(30.7e9, 0.05e9), .native = "nvfp4",
	 .why = "the model card's 30.7B"},
	{"google--gemma-4-26B-A4B", ROUNDED(25.2e9, 0.05e9), .native = "bf16",
	 .why = "the model card's 25.2B total, 3.8B active"},
	{"nvidia--Gemma-4-26B-A4B-NVFP4", .same_as = "google--gemma-4-26B-A4B", .native = "nvfp4"},

	/* Nemotron: NVIDIA's model cards and research pages */
	{"nvidia--Nemotron-H-56B-Base-8K", ROUNDED(56e9, 0.5e9), .native = "bf16",
	 .why = "56B, the model's name and card"},
	{"nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", ROUNDED(31.6e9, 0.05e9), .native = "bf16",
	 .why = "the model card's 31.6B total"},
	{"nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-NVFP4",
	 .same_as = "nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", .native = "nvfp4"},
	{"nvidia--NVIDIA-Nemotron-3.5-Lightning-30B-A3B-NVFP4",
	 .same_as = "nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", .native = "nvfp4"},
	{"nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-FP8", ROUNDED(120e9, 5e9), .native = "fp8",
	 .why = "\"120B total\", research.nvidia.com/labs/nemotron/Nemotron-3-Super"},
	{"nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-NVFP4",
	 .same_as = "nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-FP8", .native = "nvfp4"},
	{"nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16", ROUNDED(550e9, 5e9), .native = "bf16",
	 .why = "550B, the checkpoint's name"},
	{"nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-FP8",
	 .same_as = "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16", .native = "fp8"},
	{"nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-NVFP4",
	 .same_as = "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16", .native = "nvfp4"},

	/* Llama-Nemotron's NAS blocks: "Super (49B)", the Llama-Nemotron
	 * report (arXiv 2505.00949); names round down (Llama-3.1-70B is
	 * 70.55B): 49,867,145,216 by hand from block_configs */
	{"nvidia--Llama-3_3-Nemotron-Super-49B-v1", ROUNDED(49e9, 1e9), .native = "bf16",
	 .why = "Super (49B), the Llama-Nemotron report"},

	/* StepFun: "a 196B language backbone plus a 1.8B vision encoder"
	 * (StepFun's release as reported, 2026-05-28) */
	{"stepfun-ai--Step-3.7-Flash", ROUNDED(196e9, 0.5e9), .native = "bf16",
	 .why = "the 196B language backbone"},
	{"stepfun-ai--Step-3.7-Flash-FP8", .same_as = "stepfun-ai--Step-3.7-Flash", .native = "fp8"},
};

static int
import(const char *dir, struct model *m, struct hf_import *info, struct gp_error *err)
{
	char path[512];

	snprintf(path, sizeof path, AIC "%s", dir);
	err->msg[0] = '\0';
	return hfimport_load(path, m, info, err);
}

static uint64_t
counted(const struct aic_case *k, const struct model *m, struct model_counts *c)
{
	model_count(m, c);
	return c->text_total + (k->with_mtp ? m->mtp_params : 0);
}

/* The format the import reads the checkpoint as; "unread" for a
 * quantization config it says it cannot read (the plan warns
 * quant-config-unread and sizes the weights by --weights). */
static const char *
native(const struct model *m)
{
	if (m->quant_note[0] != '\0' && !m->quant)
		return "unread";
	return weight_format_info((enum weight_format)m->native_format)->id;
}

START_TEST(test_aic_config)
{
	const struct aic_case *k = &cases[_i];
	struct model m, ref;
	struct hf_import info;
	struct model_counts c, rc;
	struct gp_error err;
	int status = import(k->dir, &m, &info, &err);

	if (k->refused != NULL) {
		ck_assert_msg(status != 0, "%s: imported, but should be refused (%s)", k->dir, k->why);
		ck_assert_msg(strstr(err.msg, k->refused) != NULL, "%s: refused with \"%s\"", k->dir,
			      err.msg);
		return;
	}
	ck_assert_msg(status == 0, "%s: %s", k->dir, err.msg);
	ck_assert_msg(strcmp(native(&m), k->native) == 0, "%s: read as %s, its config declares %s",
		      k->dir, native(&m), k->native);
	if (k->same_as != NULL) {
		ck_assert_msg(import(k->same_as, &ref, NULL, &err) == 0, "%s: %s", k->same_as, err.msg);
		counted(k, &m, &c);
		counted(k, &ref, &rc);
		ck_assert_msg(c.text_total == rc.text_total && c.active == rc.active,
			      "%s: %llu (%llu active), but %s is %llu (%llu)", k->dir,
			      (unsigned long long)c.text_total, (unsigned long long)c.active,
			      k->same_as, (unsigned long long)rc.text_total,
			      (unsigned long long)rc.active);
		return;
	}
	{
		double n = (double)counted(k, &m, &c);

		ck_assert_msg(n >= k->total - k->below && n <= k->total + k->above,
			      "%s: %.0f, not within %.3gB under and %.3gB over %.0f (%s)", k->dir, n,
			      k->below / 1e9, k->above / 1e9, k->total, k->why);
	}
}
END_TEST

/* Every folder has a row, and every row a folder. */
START_TEST(test_aic_every_config)
{
	DIR *d = opendir(AIC);
	const struct dirent *e;
	size_t n = 0;

	ck_assert_msg(d != NULL, "cannot open %s", AIC);
	while ((e = readdir(d)) != NULL) {
		bool found = false;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "LICENSE") == 0 ||
		    strcmp(e->d_name, "README") == 0)
			continue;
		for (size_t i = 0; i < sizeof cases / sizeof cases[0] && !found; i++)
			found = strcmp(cases[i].dir, e->d_name) == 0;
		ck_assert_msg(found, "%s has no row in test_aic.c", e->d_name);
		n++;
	}
	closedir(d);
	ck_assert_uint_eq(n, sizeof cases / sizeof cases[0]);
	ck_assert_uint_eq(n, 86);
}
END_TEST

static Suite *
aic_suite(void)
{
	Suite *s = suite_create("aic");
	TCase *tc = tcase_create("corpus");

	tcase_add_loop_test(tc, test_aic_config, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, test_aic_every_config);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(aic_suite());
}
