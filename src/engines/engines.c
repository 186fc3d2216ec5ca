/* engines.c - the table of engines, and what several of them share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "explain.h"
#include "plan.h"

extern const struct engine engine_simple, engine_vllm, engine_sglang,
	engine_trtllm, engine_llamacpp;

/* A new engine is its file and one row here; scenario files name an
 * engine by its id, so the order is free. */
const struct engine *const engines[] = {
	&engine_simple,
	&engine_vllm,
	&engine_sglang,
	&engine_trtllm,
	&engine_llamacpp,
};
const unsigned engine_count = sizeof engines / sizeof engines[0];

int
engine_parse(const char *id, unsigned *out)
{
	for (unsigned i = 0; i < engine_count; i++) {
		if (strcmp(engines[i]->id, id) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

const char *
engine_id(unsigned e)
{
	return e < engine_count ? engines[e]->id : "?";
}

/* All the GPU has holds weights, activations, overhead and KV, with
 * no cap: the rule-of-thumb profile and llama.cpp. */
void
engine_budget_capacity(const struct scenario *s, struct plan_memory *mem, uint64_t nontorch,
		       uint64_t graphs)
{
	uint64_t fixed = mem->weights + mem->activations + mem->overhead;

	(void)s;
	(void)nontorch;
	(void)graphs;
	mem->before_kv = fixed;
	mem->budget = mem->capacity;
	mem->room = mem->budget;
	mem->kv_pool = mem->budget > fixed ? mem->budget - fixed : 0;
	mem->fits = mem->free >= 0;
}

/* KV pool = capacity - weights - activations - overhead, clipped at
 * zero, for the engines whose budget is the whole GPU. */
void
engine_explain_pool_capacity(struct explain *x, const struct scenario *s,
			     const struct plan_memory *mem)
{
	bool clipped = mem->before_kv > mem->budget;

	(void)s;
	explain_add(x, true, "KV pool = capacity - fixed = %s%.2f - %.2f weights - %.2f act - %.2f other%s = %.2f GiB",
		    clipped ? "max(0, " : "", mem->budget / GIB, mem->weights / GIB,
		    mem->activations / GIB, mem->overhead / GIB, clipped ? ")" : "",
		    mem->kv_pool / GIB);
}

long
engine_version_code(const char *v)
{
	long part[3] = {0, 0, 0};
	const char *p = v;
	int n = 0;

	for (;;) {
		char *end;
		long x;

		if (*p < '0' || *p > '9' || n == 3)
			return -1;
		x = strtol(p, &end, 10);
		if (x > 255)
			return -1;
		part[n++] = x;
		if (*end == '\0')
			break;
		if (*end != '.')
			return -1;
		p = end + 1;
	}
	return n < 2 ? -1 : part[0] << 16 | part[1] << 8 | part[2];
}

uint64_t
engine_batched_tokens(const struct scenario *s, const struct gpu *g)
{
	const struct engine *e = engine_of(s);

	if (s->max_batched_tokens > 0)
		return s->max_batched_tokens;
	return e->batched_tokens != NULL ? e->batched_tokens(s, g) : 8192;
}

int
engine_release(const struct engine *e, const struct scenario *s)
{
	long want = s->engine_version[0] ? engine_version_code(s->engine_version) : -1;
	int best = -1, n = 0;

	if (e->releases == NULL)
		return 0;
	while (e->releases[n] != NULL)
		n++;
	if (!s->engine_version[0])
		return n - 1;
	for (int i = 0; i < n; i++) {
		if (engine_version_code(e->releases[i]) <= want)
			best = i;
	}
	return best;
}

/* What the engine loads: a GGUF file as given, the Hugging Face repo,
 * or for an imported config.json without one, the directory it sits
 * in: the model's source, the config.json the import read (a
 * checkpoint folder given as --model-config is read as its
 * config.json, so the folder, not its parent). */
const char *
engine_draft_path(const struct engine_launch_input *in)
{
	const struct model *d = in->s->draft_model;

	if (in->p->spec.method == SPEC_EAGLE)
		return "EAGLE3_HEAD";
	if (d == NULL)
		return "DRAFT_MODEL";
	return d->hf_repo[0] ? d->hf_repo : d->id;
}

const char *
engine_model_path(const struct engine_launch_input *in, char *buf, size_t len)
{
	const char *cfg = in->s->model_config[0] ? in->m->source : "";
	const char *slash = strrchr(cfg, '/');

	if (in->s->model_file[0])
		return in->s->model_file;
	if (in->m->hf_repo[0])
		return in->m->hf_repo;
	if (cfg[0] && slash != NULL) {
		snprintf(buf, len, "%.*s", (int)(slash - cfg), cfg);
		return buf;
	}
	return in->m->id;
}

bool
engine_multinode(const struct engine_launch_input *in)
{
	return in->p->layout.nodes > 1;
}

int
engine_refuse_multinode(struct textbuf *b, const struct engine *e,
			const struct engine_launch_input *in)
{
	const struct layout *l = &in->p->layout;

	tb_printf(b, "# %s runs on one node; this layout needs %llu nodes of %llu GPUs (%s has %u per node): plan it with another engine\n",
		  e->name, (unsigned long long)l->nodes,
		  (unsigned long long)l->node_gpus, in->g->name, in->g->gpus_per_node);
	return -1;
}
