/* spec.h - speculative decoding: a draft proposes K tokens a step and
 * the target verifies them all in one forward pass, keeping the
 * longest prefix it agrees with and one token of its own
 * (doc/planning-model.md section 7, speculative decoding). */
#ifndef GPUPLAN_SPEC_H
#define GPUPLAN_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

struct scenario;
struct layout;
struct gpu;

enum spec_method { SPEC_OFF, SPEC_MTP, SPEC_EAGLE, SPEC_NGRAM, SPEC_DRAFT, SPEC_COUNT };

/* A method's defaults: K as its sources ran it, and the acceptance
 * rate per drafted token that their mean acceptance length gives at
 * that K. accept < 0: none published (a draft model depends on the
 * pair). */
struct spec_method_info {
	const char *id;
	uint64_t tokens;
	double accept;
	const char *source;
};

const struct spec_method_info *spec_method_info(enum spec_method m);

/* --spec: "off", "mtp", "eagle", "ngram" or "draft:MODEL"; the draft's
 * id into draft (may be NULL). -1: none of them. */
int spec_parse(const char *v, enum spec_method *method, char *draft, size_t len);

/* Tokens a verification step yields on average, the bonus token
 * included, when each of K drafted tokens is accepted with probability
 * A given the ones before it: 1 + A + ... + A^K = (1 - A^(K+1)) / (1 - A). */
double spec_tokens_per_step(double accept, uint64_t k);

/* What a scenario's speculative decoding costs one GPU of the last
 * stage, which runs the draft. */
struct spec_setup {
	enum spec_method method;
	uint64_t k;			/* drafted tokens per step */
	double accept;			/* per drafted token */
	bool accept_default;		/* from the method's sources */
	double tokens_per_step;		/* E */
	uint32_t draft_layers;		/* the draft's decoder layers */
	double draft_params;		/* the draft's own, one GPU */
	double draft_step_params;	/* multiplied by one token, one GPU */
	double draft_step_bytes;	/* weights one draft step reads */
	uint64_t draft_weight_bytes;	/* held, one GPU */
	double draft_kv_token_bytes;	/* KV a token keeps, one GPU */
};

/* Resolves a scenario's --spec against the target model m and its
 * GPU and layout; draft is the catalog's model for draft:MODEL (NULL for the
 * others). touched: the experts a draft step's tokens touch in an MoE
 * MTP layer. Errors: no MTP layers, draft model unknown or without
 * --spec-accept. */
int spec_resolve(const struct scenario *s, const struct model *m, const struct model *draft,
		 const struct gpu *g, const struct layout *l, double touched,
		 struct spec_setup *out, struct gp_error *err);

#endif
