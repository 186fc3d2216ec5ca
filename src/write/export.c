/* export.c - launch lines. Flag names from the engines' documentation:
 * vLLM `vllm serve --help` (engine args), SGLang server_args.py,
 * llama.cpp tools/server/README.md. A plan that does not fit still gets
 * its line, with a comment saying so. */
#include <math.h>
#include <string.h>

#include "export.h"
#include "memory.h"

/* What the engine loads: the Hugging Face repo, or for an imported
 * config.json without one, the directory it sits in. */
static const char *
repo(const struct report_input *r, char *buf, size_t len)
{
	const char *slash;

	if (r->m->hf_repo[0])
		return r->m->hf_repo;
	slash = strrchr(r->s->model_config, '/');
	if (r->s->model_config[0] && slash != NULL) {
		snprintf(buf, len, "%.*s", (int)(slash - r->s->model_config), r->s->model_config);
		return buf;
	}
	return r->m->id;
}

static void
preamble(FILE *out, const struct report_input *r)
{
	const struct plan *p = r->p;

	fprintf(out, "# gpuplan: %s on %llu x %s", r->m->name,
		(unsigned long long)p->layout.gpus, r->g->name);
	if (p->layout.replicas > 1)
		fprintf(out, "; run %llu replicas of this line, %llu GPUs each",
			(unsigned long long)p->layout.replicas,
			(unsigned long long)(p->layout.tp * p->layout.pp));
	fprintf(out, "\n");
	if (!p->mem.fits)
		fprintf(out, "# warning: this plan does not fit; the engine will refuse or run out of memory\n");
}

static void
vllm(FILE *out, const struct report_input *r)
{
	const struct scenario *s = r->s;
	const struct plan *p = r->p;

	char path[SCENARIO_PATH_LEN];

	fprintf(out, "vllm serve %s \\\n", repo(r, path, sizeof path));
	fprintf(out, "  --tensor-parallel-size %llu \\\n", (unsigned long long)p->layout.tp);
	if (p->layout.pp > 1)
		fprintf(out, "  --pipeline-parallel-size %llu \\\n", (unsigned long long)p->layout.pp);
	if (p->layout.ep > 1)
		fprintf(out, "  --enable-expert-parallel \\\n");
	fprintf(out, "  --max-model-len %llu \\\n", (unsigned long long)s->context);
	fprintf(out, "  --max-num-seqs %llu \\\n", (unsigned long long)s->batch);
	fprintf(out, "  --max-num-batched-tokens %llu \\\n", (unsigned long long)s->max_batched_tokens);
	if (s->kv == KV_FP8)
		fprintf(out, "  --kv-cache-dtype fp8 \\\n");
	if (s->weights == WF_FP8)
		fprintf(out, "  --quantization fp8 \\\n");
	fprintf(out, "  --gpu-memory-utilization %.2f\n", s->gpu_mem_util);
	if (s->weights != WF_BF16 && s->weights != WF_FP16 && s->weights != WF_FP8)
		fprintf(out, "# %s weights: serve a checkpoint already quantized to it (vLLM reads the method from its config)\n",
			weight_format_info(s->weights)->label);
}

static void
sglang(FILE *out, const struct report_input *r)
{
	const struct scenario *s = r->s;
	const struct plan *p = r->p;

	char path[SCENARIO_PATH_LEN];

	fprintf(out, "python3 -m sglang.launch_server --model-path %s \\\n", repo(r, path, sizeof path));
	fprintf(out, "  --tp %llu \\\n", (unsigned long long)p->layout.tp);
	if (p->layout.pp > 1)
		fprintf(out, "  --pp-size %llu \\\n", (unsigned long long)p->layout.pp);
	if (p->layout.ep > 1)
		fprintf(out, "  --ep-size %llu \\\n", (unsigned long long)p->layout.ep);
	fprintf(out, "  --context-length %llu \\\n", (unsigned long long)s->context);
	fprintf(out, "  --max-running-requests %llu \\\n", (unsigned long long)s->batch);
	if (s->kv == KV_FP8)
		fprintf(out, "  --kv-cache-dtype fp8_e4m3 \\\n");
	if (s->weights == WF_FP8)
		fprintf(out, "  --quantization fp8 \\\n");
	{
		/* SGLang's own fraction: the plan's when it was planned for
		 * SGLang, else SGLang's default for this TP degree. */
		struct scenario sg = *s;

		sg.engine = ENGINE_SGLANG;
		fprintf(out, "  --mem-fraction-static %.2f\n", memory_engine_fraction(&sg, p->layout.tp));
		if (s->engine != ENGINE_SGLANG)
			fprintf(out, "# memory was planned for %s; plan with --engine sglang for SGLang's\n",
				engine_id(s->engine));
	}
}

static void
llamacpp(FILE *out, const struct report_input *r)
{
	const struct scenario *s = r->s;
	const char *cache = s->kv == KV_BF16 ? "bf16" : s->kv == KV_FP16 ? "f16" : "q8_0";

	/* llama-server's -c is the context of all slots together. */
	fprintf(out, "llama-server -m %s-%s.gguf \\\n", r->m->id,
		weight_format_info(s->weights)->id);
	fprintf(out, "  -c %llu --parallel %llu \\\n",
		(unsigned long long)(s->context * s->batch), (unsigned long long)s->batch);
	if (s->ngl >= 0)
		fprintf(out, "  -ngl %.0f \\\n", floor(s->ngl));
	else
		fprintf(out, "  -ngl 999 \\\n");
	if (s->cpu_moe)
		fprintf(out, "  --cpu-moe \\\n");
	if (r->p->layout.gpus > 1)
		fprintf(out, "  --split-mode row \\\n");	/* split by tensor, as planned */
	fprintf(out, "  --cache-type-k %s --cache-type-v %s\n", cache, cache);
	if (s->kv == KV_FP8)
		fprintf(out, "# llama.cpp has no FP8 KV cache; q8_0 is the nearest (8.5 bits)\n");
}

int
export_write(FILE *out, enum export_kind k, const struct report_input *r)
{
	preamble(out, r);
	switch (k) {
	case EXPORT_VLLM:
		vllm(out, r);
		break;
	case EXPORT_SGLANG:
		sglang(out, r);
		break;
	case EXPORT_LLAMACPP:
		llamacpp(out, r);
		break;
	}
	return ferror(out) ? -1 : 0;
}
