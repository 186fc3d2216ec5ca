/* randscen.h - seeded random scenarios of the test catalog, shared by
 * test_invariants.c and test_explain.c (include after testutil.h). */
#ifndef GPUPLAN_RANDSCEN_H
#define GPUPLAN_RANDSCEN_H

#include "format.h"

/* The statistical suites run their full count once, natively (make
 * check in the plain build); a sanitizer build, which .ci/run also
 * runs, draws a tenth of the cases: enough to walk the same code under
 * ASan and UBSan, at a tenth of the time. */
#if defined(__SANITIZE_ADDRESS__)
#define RANDOM_SHARE 10
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define RANDOM_SHARE 10
#endif
#endif
#ifndef RANDOM_SHARE
#define RANDOM_SHARE 1
#endif

/* xorshift64*: seeded, so a failure names a case that replays */
static inline uint64_t
next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ull;
}

static inline uint64_t
pick(uint64_t *x, uint64_t n)
{
	return next(x) % n;
}

/* A scenario drawn at random from the catalog and the option ranges
 * the planner accepts; gpus = tp x pp (one replica). */
static inline void
draw(uint64_t *x, struct scenario *s)
{
	static const uint64_t tps[] = {1, 2, 4, 8};
	static const uint64_t contexts[] = {512, 2048, 8192, 32768, 131072};
	static const enum weight_format formats[] = {
		WF_BF16, WF_FP8, WF_INT4, WF_MXFP4, WF_NVFP4, WF_Q4_K_M, WF_Q8_0,
	};
	const struct catalog *c = tu_catalog();

	scenario_default(s);
	snprintf(s->model, sizeof s->model, "%s", c->models[pick(x, c->n_models)].id);
	snprintf(s->gpu, sizeof s->gpu, "%s", c->gpus[pick(x, c->n_gpus)].id);
	s->engine = (unsigned)pick(x, engine_count);
	s->weights = formats[pick(x, sizeof formats / sizeof formats[0])];
	s->weights_native = false;
	s->kv = pick(x, 2) ? KV_FP8 : KV_BF16;
	s->tp = tps[pick(x, 4)];
	s->pp = 1 + pick(x, 2);
	s->gpus = s->tp * s->pp;
	s->context = contexts[pick(x, 5)];
	s->batch = 1 + pick(x, 64);
	s->prompt_tokens = s->context / 4;
	s->output_tokens = s->context / 8 > 0 ? s->context / 8 : 1;
	/* a third with a prefix cache hit, a third with a system prompt */
	s->prefix_hit = pick(x, 3) == 0 ? (double)pick(x, 11) / 10 : 0;
	s->system_prompt_tokens = pick(x, 3) == 0 ? s->prompt_tokens / (1 + pick(x, 4)) : 0;
}

#endif
