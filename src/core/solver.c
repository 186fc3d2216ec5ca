/* solver.c - exhaustive search over a small, realistic space. TP stays
 * within one node and is a power of two; PP spans nodes only once TP
 * fills a node. EP is left at 1: spreading whole experts over the TP
 * group moves the same bytes per GPU in this model, so it would only
 * add duplicate rows. Every point is planned by plan_compute, so the
 * solver can never disagree with what the plan would show. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "price.h"
#include "solver.h"

#define DEFAULT_WEIGHTS ((1u << WF_BF16) | (1u << WF_FP8) | (1u << WF_INT4))
#define DEFAULT_KV ((1u << KV_BF16) | (1u << KV_FP8))

static bool
wanted_gpu(const struct fit_options *o, const char *id)
{
	if (o->gpus == NULL || o->n_gpus == 0)
		return true;
	for (size_t i = 0; i < o->n_gpus; i++) {
		if (strcmp(o->gpus[i], id) == 0)
			return true;
	}
	return false;
}

static int
push(struct fit_result *r, const struct fit_candidate *c)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct fit_candidate *p = realloc(r->items, cap * sizeof *p);

		if (p == NULL)
			return -1;
		r->items = p;
		r->cap = cap;
	}
	r->items[r->n++] = *c;
	return 0;
}

static int
compare(const struct fit_candidate *x, const struct fit_candidate *y, enum fit_rank rank)
{
	double kx = rank == RANK_PER_M ? x->usd_per_m : rank == RANK_GPUS ? (double)x->gpus : x->usd_month;
	double ky = rank == RANK_PER_M ? y->usd_per_m : rank == RANK_GPUS ? (double)y->gpus : y->usd_month;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->gpus != y->gpus)
		return x->gpus < y->gpus ? -1 : 1;
	if (x->usd_month != y->usd_month)
		return x->usd_month < y->usd_month ? -1 : 1;
	if (x->tokens_per_s != y->tokens_per_s)
		return x->tokens_per_s > y->tokens_per_s ? -1 : 1;
	return x->gpu < y->gpu ? -1 : x->gpu > y->gpu;
}

static int by_month(const void *a, const void *b) { return compare(a, b, RANK_MONTH); }
static int by_per_m(const void *a, const void *b) { return compare(a, b, RANK_PER_M); }
static int by_gpus(const void *a, const void *b) { return compare(a, b, RANK_GPUS); }

/* Evaluates one point; adds it when it works. */
static int
evaluate(const struct catalog *c, size_t gi, const struct model *m, struct scenario *s,
	 const struct fit_options *o, struct fit_result *r, struct gp_error *err)
{
	const struct gpu *g = &c->gpus[gi];
	struct fit_candidate cand;
	struct plan p;
	struct gp_error sub;
	bool demand = s->demand_m_tokens > 0 || s->demand_rps > 0;
	uint64_t max_gpus = o->max_gpus ? o->max_gpus : 1024;

	r->evaluated++;
	memset(&cand, 0, sizeof cand);
	/* without a demand the fleet is this one replica: too many GPUs
	 * needs no plan to say so */
	if (!demand && s->tp * s->pp > max_gpus)
		return 0;
	if (capacity_at_slo(s, m, g, &cand.cap, &sub) != 0)
		return 0;	/* an invalid layout for this model: skip */
	r->plans += (size_t)cand.cap.plans;
	if (!cand.cap.feasible) {
		/* Say why: a missed service level says more than a GPU too
		 * small, so it wins. */
		bool slo = strstr(cand.cap.why, "target") != NULL;

		if (r->infeasible[0] == '\0' || (slo && strstr(r->infeasible, "target") == NULL))
			snprintf(r->infeasible, sizeof r->infeasible, "%s", cand.cap.why);
		return 0;
	}
	/* Without a demand, the requirement is the scenario's batch on one
	 * replica. */
	if (!demand && !o->min_viable && cand.cap.batch < s->batch)
		return 0;
	s->batch = demand || o->min_viable ? cand.cap.batch : s->batch;
	if (plan_compute(s, m, g, &p, err) != 0)
		return -1;
	r->plans++;
	cand.gpu = gi;
	cand.layout = p.layout;
	cand.weights = s->weights;
	cand.kv = s->kv;
	cand.engine = s->engine;
	if (demand) {
		capacity_tier(s, &p, &cand.cap, s->demand_m_tokens, &cand.tier);
		cand.gpus = cand.tier.gpus;
		cand.usd_month = cand.tier.usd_month;
		cand.usd_per_m = cand.tier.usd_per_m_output;
		cand.tokens_per_s = cand.cap.replica_tokens_s * (double)cand.tier.replicas;
		cand.layout.replicas = cand.tier.replicas;
	} else {
		/* the need is --batch: speed, latency and headroom at it; the
		 * most it could take stays in cap.batch */
		cand.gpus = p.layout.gpus;
		cand.usd_month = p.cost.usd_per_month;
		cand.usd_per_m = p.cost.usd_per_m_output;
		cand.tokens_per_s = p.decode.tokens_per_s;
		cand.cap.tpot_ms = p.decode.tpot_ms;
		cand.cap.ttft_ms = p.prefill.ttft_ms;
		cand.cap.headroom = (double)p.mem.free / (double)p.mem.capacity;
	}
	if (cand.gpus > max_gpus)
		return 0;
	return push(r, &cand) == 0 ? 0 : gp_error_set(err, "out of memory");
}

/* min_viable keeps, per GPU and format, the plan with the fewest GPUs. */
static void
keep_min_viable(struct fit_result *r)
{
	size_t out = 0;

	for (size_t i = 0; i < r->n; i++) {
		bool beaten = false;

		for (size_t j = 0; j < r->n && !beaten; j++) {
			const struct fit_candidate *a = &r->items[i], *b = &r->items[j];

			if (i == j || a->gpu != b->gpu || a->weights != b->weights)
				continue;
			beaten = b->gpus < a->gpus ||
				 (b->gpus == a->gpus && (b->usd_month < a->usd_month ||
				  (b->usd_month == a->usd_month && j < i)));
		}
		if (!beaten)
			r->items[out++] = r->items[i];
	}
	r->n = out;
}

static int
search(const struct catalog *c, const struct model *m, const struct scenario *base,
       const struct fit_options *o, struct fit_result *r, struct gp_error *err);

static int (*const rankers[])(const void *, const void *) = {
	[RANK_MONTH] = by_month, [RANK_PER_M] = by_per_m, [RANK_GPUS] = by_gpus,
};

/* Percentile targets cost a simulation a candidate. A replica's rate
 * under them never beats the mean-based one, so the mean-based search
 * bounds every candidate's cost from below: its candidates are sized
 * by simulation cheapest first, until the top wanted are known and no
 * bound left can beat them (branch and bound; the ranking is monotone
 * in the replicas). */
int
fit_search(const struct catalog *c, const struct model *m, const struct scenario *base,
	   const struct fit_options *o, struct fit_result *r, struct gp_error *err)
{
	bool demand = base->demand_m_tokens > 0 || base->demand_rps > 0;
	struct scenario mean = *base;
	struct fit_result bound;
	size_t top = o->top ? o->top : 10;
	int (*rank)(const void *, const void *) = rankers[o->rank];

	if (base->slo_ttft_p99_ms <= 0 && base->slo_tpot_p99_ms <= 0)
		return search(c, m, base, o, r, err);
	/* without a demand, fit asks for one replica at --batch: the
	 * rate, and so the tail, does not size anything */
	mean.slo_ttft_p99_ms = mean.slo_tpot_p99_ms = 0;
	if (!demand || o->min_viable)
		return search(c, m, &mean, o, r, err);
	if (search(c, m, &mean, o, &bound, err) != 0)
		return -1;
	memset(r, 0, sizeof *r);
	r->evaluated = bound.evaluated;
	r->plans = bound.plans;
	r->no_price = bound.no_price;
	memcpy(r->no_price_ids, bound.no_price_ids, sizeof r->no_price_ids);
	/* with candidates to size, why none works is theirs to say */
	if (bound.n == 0)
		memcpy(r->infeasible, bound.infeasible, sizeof r->infeasible);
	for (size_t i = 0; i < bound.n; i++) {
		const struct fit_candidate *b = &bound.items[i];
		struct scenario s = *base;

		/* the top known, and this bound already behind its last */
		if (r->n >= top) {
			qsort(r->items, r->n, sizeof r->items[0], rank);
			if (rank(b, &r->items[top - 1]) > 0) {
				r->unsimulated = bound.n - i;
				break;
			}
		}
		snprintf(s.gpu, sizeof s.gpu, "%s", c->gpus[b->gpu].id);
		s.weights = b->weights;
		s.kv = b->kv;
		s.engine = b->engine;
		s.tp = b->layout.tp;
		s.pp = b->layout.pp;
		s.ep = 1;
		s.gpus = 0;
		r->simulated++;
		if (evaluate(c, b->gpu, m, &s, o, r, err) != 0) {
			fit_free(&bound);
			return -1;
		}
	}
	r->evaluated = bound.evaluated;
	fit_free(&bound);
	if (r->n > 1)
		qsort(r->items, r->n, sizeof r->items[0], rank);
	return 0;
}

static int
search(const struct catalog *c, const struct model *m, const struct scenario *base,
       const struct fit_options *o, struct fit_result *r, struct gp_error *err)
{
	/* the formats people serve, and the one the checkpoint ships in */
	uint32_t weights = o->weights ? o->weights :
			   DEFAULT_WEIGHTS | (m->native_format >= 0 && m->native_format < WF_COUNT ?
					      1u << m->native_format : 0);
	uint32_t kvs = o->kv ? o->kv : DEFAULT_KV;
	uint32_t engine_set = o->engines ? o->engines : 1u << base->engine;

	memset(r, 0, sizeof *r);
	for (size_t gi = 0; gi < c->n_gpus; gi++) {
		const struct gpu *g = &c->gpus[gi];
		uint32_t node = g->gpus_per_node ? g->gpus_per_node : 1;
		struct price_choice pc;

		if (!wanted_gpu(o, g->id))
			continue;
		/* priced as a plan would be: an import counts */
		price_select(g, base->gpu_price, base->provider, base->region, &pc);
		if (!o->unpriced && pc.origin == PRICE_NONE) {
			size_t len = strlen(r->no_price_ids);

			r->no_price++;
			snprintf(r->no_price_ids + len, sizeof r->no_price_ids - len, "%s%s",
				 len ? ", " : "", g->id);
			continue;
		}
		if (o->max_per_node && o->max_per_node < node)
			node = o->max_per_node;
		for (int w = 0; w < WF_COUNT; w++) {
			if (!(weights & (1u << w)))
				continue;
			for (int k = 0; k < KV_COUNT; k++) {
				if (!(kvs & (1u << k)))
					continue;
				for (unsigned e = 0; e < engine_count && e < 32; e++) {
					if (!(engine_set & (1u << e)))
						continue;
					for (uint64_t tp = 1; tp <= node; tp *= 2) {
						/* PP once TP is as wide as a node allows */
						for (uint64_t pp = 1; pp <= (tp * 2 > node ? 8u : 1u); pp *= 2) {
							{
								struct scenario s = *base;

								s.gpu[0] = '\0';
								snprintf(s.gpu, sizeof s.gpu, "%s", g->id);
								s.weights = (enum weight_format)w;
								s.kv = (enum kv_dtype)k;
								s.engine = e;
								s.tp = tp;
								s.pp = pp;
								s.ep = 1;
								s.gpus = 0;
								if (pp > m->layers)
									continue;
								if (evaluate(c, gi, m, &s, o, r, err) != 0)
									return -1;
							}
						}
					}
				}
			}
		}
	}
	r->min_viable = o->min_viable;
	if (o->min_viable)
		keep_min_viable(r);
	if (r->n > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(r->items, r->n, sizeof r->items[0],
		      o->min_viable || o->rank == RANK_GPUS ? by_gpus :
		      o->rank == RANK_PER_M ? by_per_m : by_month);
	return 0;
}

void
fit_free(struct fit_result *r)
{
	free(r->items);
	memset(r, 0, sizeof *r);
}

/* How a candidate differs from the scenario, in words: its layout
 * (always for more GPUs, else when it changed) and its formats. */
static size_t
hint_way(char *out, size_t len, const struct catalog *c, const struct fit_candidate *x,
	 const struct scenario *s, const struct layout *now, bool layout)
{
	char w[16], k[16];
	bool dw = x->weights != s->weights, dk = x->kv != s->kv;
	size_t n = 0;

	for (size_t i = 0; i + 1 < sizeof w; i++) {
		w[i] = (char)toupper((unsigned char)weight_format_info(x->weights)->id[i]);
		if (w[i] == '\0')
			break;
	}
	w[sizeof w - 1] = '\0';
	for (size_t i = 0; i + 1 < sizeof k; i++) {
		k[i] = (char)toupper((unsigned char)kv_dtype_id(x->kv)[i]);
		if (k[i] == '\0')
			break;
	}
	k[sizeof k - 1] = '\0';
	n += (size_t)snprintf(out, len, "%llu x %s", (unsigned long long)x->gpus,
			      c->gpus[x->gpu].id);
	if (layout || x->layout.tp != now->tp || x->layout.pp != now->pp)
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, x->layout.pp > 1 ?
				      " (TP %llu, PP %llu)" : " (TP %llu)",
				      (unsigned long long)x->layout.tp,
				      (unsigned long long)x->layout.pp);
	if (dw && dk && strcmp(w, k) == 0)
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, " with %s weights and KV", w);
	else if (dw && dk)
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, " with %s weights and %s KV",
				      w, k);
	else if (dw || dk)
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, " with %s %s",
				      dw ? w : k, dw ? "weights" : "KV");
	return n;
}

/* Lighter formats first kept more bits: of the weights, then of KV. */
static bool
lighter_better(const struct fit_candidate *a, const struct fit_candidate *b)
{
	double wa = weight_format_info(a->weights)->bits, wb = weight_format_info(b->weights)->bits;

	if (wa != wb)
		return wa > wb;
	if (kv_dtype_bytes(a->kv) != kv_dtype_bytes(b->kv))
		return kv_dtype_bytes(a->kv) > kv_dtype_bytes(b->kv);
	return false;	/* items come sorted by GPUs, then cost */
}

/* Formats of at most the scenario's size: its weight format and every
 * lighter one of the solver's defaults (only its own when an imported
 * checkpoint's quantization sizes the weights), the same for KV. */
static uint32_t
lighter_weights(const struct model *m, enum weight_format now)
{
	uint32_t set = 1u << now;

	for (int w = 0; w < WF_COUNT && (!m->quant || m->quant_native_only); w++) {
		if ((DEFAULT_WEIGHTS & (1u << w)) &&
		    weight_format_info((enum weight_format)w)->bits <= weight_format_info(now)->bits)
			set |= 1u << w;
	}
	return set;
}

static uint32_t
lighter_kv(enum kv_dtype now)
{
	uint32_t set = 1u << now;

	for (int k = 0; k < KV_COUNT; k++) {
		if ((DEFAULT_KV & (1u << k)) && kv_dtype_bytes((enum kv_dtype)k) <= kv_dtype_bytes(now))
			set |= 1u << k;
	}
	return set;
}

/* Two searches: every layout at the scenario's formats for the fewest
 * GPUs, then lighter formats on at most its GPU count. */
int
fit_hint(const struct catalog *c, const struct model *m, const struct scenario *s,
	 struct fit_hint *h, struct gp_error *err)
{
	const char *ids[1] = {s->gpu};
	struct scenario base = *s;
	struct fit_options o = {0};
	struct fit_result more, light;
	struct layout now;
	const struct fit_candidate *lighter = NULL;
	size_t n;

	memset(h, 0, sizeof *h);
	if (scenario_layout(s, catalog_gpu(c, s->gpu) ? catalog_gpu(c, s->gpu)->gpus_per_node : 0,
				 &now, err) != 0)
		return -1;
	/* the question is this batch on one replica, not a demand */
	base.demand_m_tokens = 0;
	base.demand_rps = 0;
	o.gpus = ids;
	o.n_gpus = 1;
	o.weights = 1u << s->weights;
	o.kv = 1u << s->kv;
	o.rank = RANK_GPUS;
	o.unpriced = true;
	if (fit_search(c, m, &base, &o, &more, err) != 0)
		return -1;
	o.weights = lighter_weights(m, s->weights);
	o.kv = lighter_kv(s->kv);
	o.max_gpus = now.tp * now.pp;
	if (fit_search(c, m, &base, &o, &light, err) != 0) {
		fit_free(&more);
		return -1;
	}
	h->plans = more.plans + light.plans;
	for (size_t i = 0; i < light.n; i++) {
		const struct fit_candidate *x = &light.items[i];

		if ((x->weights != s->weights || x->kv != s->kv) &&
		    (lighter == NULL || lighter_better(x, lighter)))
			lighter = x;
	}
	if (more.n > 0)
		h->way[h->n++] = more.items[0];
	if (lighter != NULL)
		h->way[h->n++] = *lighter;
	n = (size_t)snprintf(h->text, sizeof h->text, "fits on ");
	for (size_t i = 0; i < h->n && n < sizeof h->text; i++) {
		if (i > 0)
			n += (size_t)snprintf(h->text + n, sizeof h->text - n, ", or on ");
		if (n < sizeof h->text)
			n += hint_way(h->text + n, sizeof h->text - n, c, &h->way[i], s, &now,
				      i == 0 && more.n > 0);
	}
	if (h->n == 0 && more.infeasible[0] != '\0')
		snprintf(h->text, sizeof h->text, "nothing fits on %s: %s", s->gpu, more.infeasible);
	else if (h->n == 0)
		snprintf(h->text, sizeof h->text,
			 "no %s layout holds %llu sequences of %llu tokens with %.0f%% free",
			 s->gpu, (unsigned long long)s->batch, (unsigned long long)s->context,
			 PLAN_HEADROOM * 100);
	fit_free(&more);
	fit_free(&light);
	return 0;
}
