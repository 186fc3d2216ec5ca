/* sim.c - a discrete-event replay of the engine's continuous-batching
 * scheduler, each iteration timed by the plan's step model (perf.h
 * perf_steps). One replica is simulated; under random routing it sees
 * 1 / replicas of the arrivals, a Poisson (or gamma) process again.
 *
 * The scheduler is vLLM V1's: each iteration has a budget of
 * max_batched_tokens; the running sequences go first, oldest first, a
 * decode taking one token and a prompt being prefilled the next chunk
 * of it; then waiting requests are admitted in arrival order while
 * fewer than max_num_seqs run, the budget lasts and the KV pool has
 * the blocks for their first chunk. A running sequence that finds no
 * block preempts the newest running one (recompute: its KV is freed,
 * and it comes back first in the queue to prefill its prompt and what
 * it had generated). Engines that batch prompts apart (SGLang) run an
 * iteration of prefills whenever one can start, else a decode one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "memory.h"
#include "perf.h"
#include "sim.h"

/* xoshiro256**, seeded through splitmix64: the same seed, the same
 * run, on every platform. */
struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t out = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return out;
}

/* uniform on (0, 1) */
static double
rng_unit(struct rng *r)
{
	return ((double)(rng_next(r) >> 11) + 0.5) * 0x1p-53;
}

static double
rng_normal(struct rng *r)
{
	return sqrt(-2 * log(rng_unit(r))) * cos(6.283185307179586 * rng_unit(r));
}

/* Gamma of shape k and scale 1: Marsaglia and Tsang, with shape < 1
 * raised by one and scaled back by U^(1/k). */
static double
rng_gamma(struct rng *r, double k)
{
	double boost = 1, d, c;

	if (k < 1) {
		boost = pow(rng_unit(r), 1 / k);
		k += 1;
	}
	d = k - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;) {
		double x = rng_normal(r), v = 1 + c * x, u;

		if (v <= 0)
			continue;
		v = v * v * v;
		u = rng_unit(r);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v * boost;
	}
}

struct req {
	double arrival, first_sched, first_token, last_token, finish;
	uint32_t prompt, output;
	uint32_t target;	/* tokens to prefill: the prompt, or after a
				 * preemption the prompt and the output */
	uint32_t prefilled;	/* of target */
	uint32_t cached;	/* of the prompt, found in the prefix cache */
	uint32_t shared;	/* of those, the system prompt's blocks,
				 * held once in the pool for every request */
	uint32_t out;		/* tokens generated */
	uint32_t kv;		/* tokens whose KV is held */
	uint32_t blocks;
	bool started, has_token;
};

/* Inter-token gaps, in bins 1% wide from 1 us: a gap per token is too
 * many to keep. */
#define ITL_BINS 2400
#define ITL_LOW 1e-6
#define ITL_STEP 1.01

struct hist {
	double sum;
	uint64_t n;
	uint64_t bin[ITL_BINS];
	long last;		/* the bin of the gap before, and its edges: */
	double lo, hi;		/* gaps come in runs of one size */
};

static void
hist_add(struct hist *h, double gap, uint64_t weight)
{
	if (!(gap >= h->lo && gap < h->hi)) {
		h->last = gap > ITL_LOW ? lround(floor(log(gap / ITL_LOW) / log(ITL_STEP))) : 0;
		if (h->last >= ITL_BINS)
			h->last = ITL_BINS - 1;
		h->lo = h->last == 0 ? 0 : ITL_LOW * pow(ITL_STEP, (double)h->last);
		h->hi = h->last == ITL_BINS - 1 ? INFINITY :
			ITL_LOW * pow(ITL_STEP, (double)h->last + 1);
	}
	h->bin[h->last] += weight;
	h->sum += gap * (double)weight;
	h->n += weight;
}

/* m steps of a + b j seconds, j = 0 .. m - 1, each a gap for w
 * sequences: bin by bin rather than step by step. */
static void
hist_ramp(struct hist *h, double a, double b, uint64_t m, uint64_t w)
{
	uint64_t j = 0;

	if (b <= 0 || m == 1) {
		hist_add(h, a, w * m);
		if (m > 1)	/* b < 0: the sum's rest */
			h->sum += b * (double)m * (double)(m - 1) / 2 * (double)w;
		return;
	}
	while (j < m) {
		double gap = a + b * (double)j;
		uint64_t in;

		hist_add(h, gap, 0);	/* the bin's edges */
		/* the steps before the gap reaches the bin's upper edge */
		in = isinf(h->hi) ? m : (uint64_t)ceil((h->hi - a) / b);
		if (in <= j)
			in = j + 1;
		if (in > m)
			in = m;
		hist_add(h, gap, w * (in - j));
		/* that took every one at the first's gap */
		h->sum += b * (double)(in - j) * (double)(in - j - 1) / 2 * (double)w;
		j = in;
	}
}

/* a + (a + b) + ... over m steps */
static double
ramp_sum(double a, double b, uint64_t m)
{
	return (double)m * a + b * (double)m * (double)(m - 1) / 2;
}

/* The q-quantile's bin, at its geometric middle, ms. */
static double
hist_quantile(const struct hist *h, double q)
{
	uint64_t want = (uint64_t)ceil(q * (double)h->n), seen = 0;

	for (long b = 0; b < ITL_BINS; b++) {
		seen += h->bin[b];
		if (seen >= want && seen > 0)
			return ITL_LOW * pow(ITL_STEP, (double)b + 0.5) * 1e3;
	}
	return 0;
}

struct sched {
	const struct perf_steps *steps;
	struct req *req;
	uint64_t n, next;		/* next arrival not yet queued */
	uint64_t *wait;			/* a ring of n: the queue */
	uint64_t whead, wlen;
	uint64_t *run;			/* admitted, oldest first */
	uint64_t nrun;
	uint64_t *sched_i;		/* this iteration's work */
	uint32_t *sched_n;
	uint64_t nsched;
	uint64_t free_blocks, blocks, block;
	uint64_t max_seqs, max_tokens;
	enum iteration iteration;
	double t;
	struct hist *itl;
	uint64_t preemptions, iterations, finished;
	double batch_sum, peak;
};

static void
push_back(struct sched *q, uint64_t i)
{
	q->wait[(q->whead + q->wlen++) % q->n] = i;
}

static void
push_front(struct sched *q, uint64_t i)
{
	q->whead = (q->whead + q->n - 1) % q->n;
	q->wait[q->whead] = i;
	q->wlen++;
}

static uint64_t
blocks_for(const struct sched *q, const struct req *r, uint64_t tokens)
{
	uint64_t want = (r->kv - r->shared + tokens + q->block - 1) / q->block;

	return want > r->blocks ? want - r->blocks : 0;
}

static void
take_blocks(struct sched *q, struct req *r, uint64_t tokens)
{
	uint64_t b = blocks_for(q, r, tokens);

	q->free_blocks -= b;
	r->blocks += (uint32_t)b;
}

/* Recompute preemption of run[a]: its KV freed, first in the queue. */
static void
preempt(struct sched *q, uint64_t a)
{
	uint64_t i = q->run[a];
	struct req *r = &q->req[i];

	q->free_blocks += r->blocks;
	r->blocks = 0;
	/* its prefix is still cached (blocks freed stay findable until
	 * evicted) */
	r->kv = r->cached;
	r->prefilled = r->cached;
	r->target = r->prompt + r->out;
	memmove(&q->run[a], &q->run[a + 1], (q->nrun - a - 1) * sizeof q->run[0]);
	q->nrun--;
	push_front(q, i);
	q->preemptions++;
}

static void
note_peak(struct sched *q)
{
	double used = (double)(q->blocks - q->free_blocks) / (double)q->blocks;

	if (used > q->peak)
		q->peak = used;
}

/* Finished sequences leave, their blocks freed. */
static void
retire(struct sched *q)
{
	uint64_t k = 0;

	for (uint64_t a = 0; a < q->nrun; a++) {
		struct req *r = &q->req[q->run[a]];

		if (r->out >= r->output) {
			r->finish = q->t;
			q->free_blocks += r->blocks;
			r->blocks = 0;
			q->finished++;
		} else {
			q->run[k++] = q->run[a];
		}
	}
	q->nrun = k;
}

/* The tokens a request's admission reserves: vLLM its first chunk,
 * engines that prefill apart (SGLang) its whole prompt, so that a
 * prompt once started always finishes. */
static uint64_t
first_chunk(const struct sched *q, const struct req *r)
{
	uint64_t n = r->target - r->prefilled;

	return q->iteration == ITER_MIXED && n > q->max_tokens ? q->max_tokens : n;
}

/* Whether the queue's first request could start now. */
static bool
can_admit(const struct sched *q)
{
	const struct req *r;
	uint64_t n;

	if (q->wlen == 0 || q->nrun >= q->max_seqs)
		return false;
	r = &q->req[q->wait[q->whead]];
	n = first_chunk(q, r);
	return blocks_for(q, r, n) <= q->free_blocks;
}

/* A run of decode iterations with nothing else to schedule, advanced in
 * one go (the same result as one by one): every running sequence is
 * decoding and spoke last iteration, none finishes before the last
 * step, the pool has the blocks for all of them, and the run stops at
 * the iteration an arrival that could start falls in. 0: none. */
static uint64_t
decode_run(struct sched *q)
{
	uint64_t k = UINT64_MAX, lo, hi, D = q->nrun;
	double len = 0, stop = INFINITY;

	if (D == 0 || D > q->max_tokens || can_admit(q))
		return 0;
	for (uint64_t a = 0; a < D; a++) {
		const struct req *r = &q->req[q->run[a]];

		if (r->prefilled < r->target || r->last_token != q->t)
			return 0;
		if (r->output - r->out < k)
			k = r->output - r->out;
		len += r->kv + 1;
	}
	len /= (double)D;
	/* the most steps the free blocks cover */
	lo = 0;
	hi = k;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2, need = 0;

		for (uint64_t a = 0; a < D && need <= q->free_blocks; a++)
			need += blocks_for(q, &q->req[q->run[a]], mid);
		if (need <= q->free_blocks)
			lo = mid;
		else
			hi = mid - 1;
	}
	k = lo;
	if (k < 2)
		return 0;
	if (q->next < q->n && q->nrun < q->max_seqs)
		stop = q->req[q->next].arrival;
	/* the step times rise by the same amount each step along a
	 * segment of the length grid: summed there in closed form */
	for (uint64_t j = 0; j < k;) {
		double a, b, sum;
		uint64_t m;

		perf_steps_decode_ramp(q->steps, (double)D, len + (double)j, &a, &b, &m);
		if (m > k - j)
			m = k - j;
		sum = ramp_sum(a, b, m);
		if (q->t + sum >= stop) {
			/* the first step that reaches the arrival */
			uint64_t lo2 = 1, hi2 = m;

			while (lo2 < hi2) {
				uint64_t mid = lo2 + (hi2 - lo2) / 2;

				if (q->t + ramp_sum(a, b, mid) >= stop)
					hi2 = mid;
				else
					lo2 = mid + 1;
			}
			m = lo2;
			sum = ramp_sum(a, b, m);
			k = j + m;
		}
		hist_ramp(q->itl, a, b, m, D);
		q->t += sum;
		q->iterations += m;
		q->batch_sum += (double)D * (double)m;
		j += m;
	}
	for (uint64_t a = 0; a < D; a++) {
		struct req *r = &q->req[q->run[a]];

		take_blocks(q, r, k);
		r->kv += (uint32_t)k;
		r->out += (uint32_t)k;
		r->last_token = q->t;
	}
	note_peak(q);
	retire(q);
	return k;
}

static void
add_work(struct sched *q, uint64_t i, uint32_t n)
{
	q->sched_i[q->nsched] = i;
	q->sched_n[q->nsched++] = n;
}

/* One iteration: what runs, its time, and what it produced. -1: the
 * scheduler can run nothing (cannot happen once sim_run's checks
 * passed). */
static int
iterate(struct sched *q)
{
	uint64_t budget = q->iteration == ITER_STANDALONE ? UINT64_MAX : q->max_tokens;
	double D = 0, len = 0, C = 0, attn = 0, dt, start;
	uint64_t preempted = q->preemptions, spoke = 0;
	bool prefills_only = false;

	q->nsched = 0;
	if (q->iteration != ITER_MIXED) {
		/* prompts apart: a prefill iteration whenever one can run */
		prefills_only = can_admit(q);
		for (uint64_t a = 0; a < q->nrun && !prefills_only; a++) {
			const struct req *r = &q->req[q->run[a]];

			prefills_only = r->prefilled < r->target;
		}
	}
	for (uint64_t a = 0; a < q->nrun && budget > 0; a++) {
		struct req *r = &q->req[q->run[a]];
		bool prefill = r->prefilled < r->target;
		uint64_t n = prefill ? r->target - r->prefilled : 1;

		if (prefills_only != prefill && q->iteration != ITER_MIXED)
			continue;
		if (n > budget)
			n = budget;
		while (blocks_for(q, r, n) > q->free_blocks && q->nrun > a + 1)
			preempt(q, q->nrun - 1);
		if (blocks_for(q, r, n) > q->free_blocks) {
			preempt(q, a--);
			continue;
		}
		take_blocks(q, r, n);
		add_work(q, q->run[a], (uint32_t)n);
		budget -= n;
		if (prefill) {
			C += (double)n;
			attn += perf_steps_prompt(q->steps, r->prefilled + n) -
				perf_steps_prompt(q->steps, r->prefilled);
		} else {
			D += 1;
			len += r->kv + 1;
		}
		if (q->iteration == ITER_STANDALONE && prefill)
			budget = 0;
	}
	/* none start in an iteration that preempted: the pool is short */
	while ((q->iteration == ITER_MIXED || prefills_only) && budget > 0 &&
	       q->preemptions == preempted && can_admit(q)) {
		uint64_t i = q->wait[q->whead];
		struct req *r = &q->req[i];
		uint64_t n = r->target - r->prefilled;

		if (n > budget)
			n = budget;
		if (blocks_for(q, r, n > first_chunk(q, r) ? n : first_chunk(q, r)) > q->free_blocks)
			break;
		q->whead = (q->whead + 1) % q->n;
		q->wlen--;
		q->run[q->nrun++] = i;
		if (!r->started) {
			r->started = true;
			r->first_sched = q->t;
		}
		take_blocks(q, r, n > first_chunk(q, r) ? n : first_chunk(q, r));
		add_work(q, i, (uint32_t)n);
		budget -= n;
		C += (double)n;
		attn += perf_steps_prompt(q->steps, r->prefilled + n) -
			perf_steps_prompt(q->steps, r->prefilled);
		if (q->iteration == ITER_STANDALONE)
			budget = 0;
	}
	/* a sequence that preempted itself left the rest to the next
	 * iteration, with the pool freed */
	if (q->nsched == 0)
		return q->preemptions > preempted ? 0 : -1;
	note_peak(q);
	dt = perf_steps_iteration(q->steps, D, C, D > 0 ? len / D : 0) + attn;
	start = q->t;
	q->t += dt;
	q->iterations++;
	q->batch_sum += (double)q->nrun;
	for (uint64_t w = 0; w < q->nsched; w++) {
		struct req *r = &q->req[q->sched_i[w]];
		uint32_t n = q->sched_n[w];

		r->kv += n;
		if (r->prefilled < r->target) {
			r->prefilled += n;
			if (r->prefilled < r->target)
				continue;
		}
		/* a decode, or the last chunk of a prompt: a token */
		r->out++;
		if (r->has_token && r->last_token == start)
			spoke++;	/* a gap of dt, added below */
		else if (r->has_token)
			hist_add(q->itl, q->t - r->last_token, 1);
		else
			r->first_token = q->t;
		r->has_token = true;
		r->last_token = q->t;
	}
	if (spoke > 0)
		hist_add(q->itl, dt, spoke);
	retire(q);
	return 0;
}

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* mean and percentiles of n values (sorted here), linear between order
 * statistics */
static struct sim_stat
stat_of(double *v, uint64_t n)
{
	struct sim_stat st = {0, 0, 0, 0};
	double sum = 0;
	const double q[3] = {0.5, 0.9, 0.99};
	double *out[3] = {&st.p50, &st.p90, &st.p99};

	if (n == 0)
		return st;
	qsort(v, n, sizeof v[0], by_double);
	for (uint64_t i = 0; i < n; i++)
		sum += v[i];
	st.mean = sum / (double)n;
	for (int k = 0; k < 3; k++) {
		double x = q[k] * (double)(n - 1);
		uint64_t i = (uint64_t)x;

		*out[k] = i + 1 < n ? v[i] + (x - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
	}
	return st;
}

static uint32_t
draw_length(struct rng *g, uint64_t nominal, double lo, double hi)
{
	double v = lo == hi ? lo * (double)nominal :
		(lo + (hi - lo) * rng_unit(g)) * (double)nominal;
	double r = round(v);

	return r < 1 ? 1 : r > 4e9 ? 4000000000u : (uint32_t)r;
}

static int
results(struct sched *q, const struct scenario *s, const struct plan *p,
	struct sim_result *r)
{
	uint64_t n = q->n, nt = 0;
	double *v = malloc(n * sizeof *v), first = q->req[0].arrival, last = 0, tokens = 0;
	double queue = 0, reps = (double)p->layout.replicas;

	if (v == NULL)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		const struct req *x = &q->req[i];
		bool good = (s->slo_ttft_ms <= 0 || (x->first_token - x->arrival) * 1e3 <= s->slo_ttft_ms) &&
			    (s->slo_tpot_ms <= 0 || x->output < 2 ||
			     (x->finish - x->first_token) / (x->output - 1) * 1e3 <= s->slo_tpot_ms);

		if (x->finish > last)
			last = x->finish;
		tokens += x->output;
		queue += x->first_sched - x->arrival;
		r->good += good;
	}
	r->duration_s = last - first;
	r->queue_ms_mean = queue / (double)n * 1e3;
	r->throughput_tokens_per_s = r->duration_s > 0 ? reps * tokens / r->duration_s : 0;
	r->goodput_rps = r->duration_s > 0 ? reps * (double)r->good / r->duration_s : 0;
	for (uint64_t i = 0; i < n; i++)
		v[i] = (q->req[i].first_token - q->req[i].arrival) * 1e3;
	r->ttft_ms = stat_of(v, n);
	for (uint64_t i = 0; i < n; i++)
		v[i] = (q->req[i].finish - q->req[i].arrival) * 1e3;
	r->e2e_ms = stat_of(v, n);
	for (uint64_t i = 0; i < n; i++) {
		const struct req *x = &q->req[i];

		if (x->output > 1)
			v[nt++] = (x->finish - x->first_token) / (x->output - 1) * 1e3;
	}
	r->tpot_ms = stat_of(v, nt);
	free(v);
	r->itl_ms.mean = q->itl->n ? q->itl->sum / (double)q->itl->n * 1e3 : 0;
	r->itl_ms.p50 = hist_quantile(q->itl, 0.5);
	r->itl_ms.p90 = hist_quantile(q->itl, 0.9);
	r->itl_ms.p99 = hist_quantile(q->itl, 0.99);
	r->preemptions = q->preemptions;
	r->iterations = q->iterations;
	r->kv_peak_share = q->peak;
	r->mean_batch = q->iterations ? q->batch_sum / (double)q->iterations : 0;
	return 0;
}

/* The longest request the scenario's lengths make (a trace's are
 * checked per request). */
static uint64_t
longest_request(const struct scenario *s, double hi)
{
	return (uint64_t)ceil(hi * (double)s->prompt_tokens) +
	       (uint64_t)ceil(hi * (double)(s->output_tokens ? s->output_tokens : 1));
}

static void
build_steps(const struct scenario *s, const struct model *m, const struct gpu *g,
	    const struct plan *p, struct stage *stages, uint64_t longest, struct perf_steps *out)
{
	const struct layout *l = &p->layout;
	struct model_counts real;
	uint64_t tokens = engine_batched_tokens(s, g);

	model_count(m, &real);
	for (uint64_t i = 0; i < l->pp; i++) {
		memory_stage(m, &real, s->weights, l, i, &stages[i]);
		memory_offload(s, m, g, l, s->weights, &stages[i]);
	}
	perf_step_model(s, m, g, l, stages, s->batch,
			engine_of(s)->iteration == ITER_STANDALONE ? longest :
			tokens ? tokens : 1, longest, out);
}

struct perf_steps *
sim_steps(const struct scenario *s, const struct model *m, const struct gpu *g,
	  const struct plan *p)
{
	struct perf_steps *steps = malloc(sizeof *steps);
	struct stage *stages = calloc(p->layout.pp, sizeof *stages);
	double lo, hi;

	if (steps != NULL && stages != NULL) {
		if (scenario_length_dist(s->length_dist, &lo, &hi) != 0)
			hi = 1;
		build_steps(s, m, g, p, stages, longest_request(s, hi), steps);
	} else {
		free(steps);
		steps = NULL;
	}
	free(stages);
	return steps;
}

int
sim_run(const struct scenario *s, const struct model *m, const struct gpu *g,
	const struct plan *p, const struct sim_trace *trace, struct sim_result *r,
	struct gp_error *err)
{
	return sim_run_steps(s, m, g, p, trace, NULL, r, err);
}

int
sim_run_steps(const struct scenario *s, const struct model *m, const struct gpu *g,
	      const struct plan *p, const struct sim_trace *trace, const struct perf_steps *given,
	      struct sim_result *r, struct gp_error *err)
{
	const struct engine *e = engine_of(s);
	const struct layout *l = &p->layout;
	struct stage *stages;
	struct perf_steps *steps;
	struct sched q;
	struct rng rng;
	uint64_t seed = s->seed, n = s->requests;
	double lo, hi, t = 0, rate, before = -1;
	uint64_t idle = 0;
	bool use_trace = false;
	uint64_t longest, shared;
	int rc = SIM_FAILED;

	memset(r, 0, sizeof *r);
	/* its iterations yield one token a sequence */
	if (p->spec.method != SPEC_OFF)
		return gp_error_set(err, "--spec %s: the simulator does not model speculative decoding yet; simulate with --spec off",
				    s->spec);
	if (scenario_length_dist(s->length_dist, &lo, &hi) != 0)
		return gp_error_set(err, "--length-dist %s: expected fixed, trace, or uniform:LO-HI with 0 < LO <= HI <= 100",
				    s->length_dist);
	if (trace == NULL && strcmp(s->length_dist, "trace") == 0)
		return gp_error_set(err, "--length-dist trace: give the trace with --trace FILE");
	if (p->mem.kv_pool_tokens == 0) {
		gp_error_set(err, "the weights leave no KV pool to serve from");
		return SIM_NOFIT;
	}
	if (trace == NULL && !(s->rate_rps > 0))
		return gp_error_set(err, "--rate %g: give the arrival rate in requests/s", s->rate_rps);
	if (trace != NULL) {
		uint64_t reps = l->replicas ? l->replicas : 1, have = trace->n < n ? trace->n : n;

		/* round robin: the replica takes rows 0, R, 2R, ... */
		n = (have + reps - 1) / reps;
		use_trace = strncmp(s->length_dist, "uniform:", 8) != 0;
	}
	if (n == 0)
		return gp_error_set(err, trace != NULL ? "the trace has no request to simulate" :
				    "--requests 0: nothing to simulate");
	memset(&q, 0, sizeof q);
	q.block = e->kv_block ? e->kv_block : 1;
	q.blocks = p->mem.kv_pool_tokens / q.block;
	/* the system prompt's blocks, held once from the start */
	(void)memory_prefix_hit(s, UINT32_MAX, &shared);
	if (shared / q.block >= q.blocks) {
		gp_error_set(err, "the shared prefix of %llu tokens fills the KV pool",
			     (unsigned long long)shared);
		return SIM_NOFIT;
	}
	q.blocks -= shared / q.block;
	q.free_blocks = q.blocks;
	q.max_seqs = s->batch;
	q.max_tokens = engine_batched_tokens(s, g);
	if (q.max_tokens == 0)
		q.max_tokens = 1;
	q.iteration = e->iteration;
	longest = longest_request(s, hi);
	if (use_trace) {
		uint64_t reps = l->replicas ? l->replicas : 1;

		longest = 0;
		for (uint64_t i = 0; i < n; i++) {
			uint64_t j = i * reps, len = (uint64_t)trace->prompt[j] + trace->output[j];

			if (len > longest)
				longest = len;
		}
	}
	if ((longest - (longest > shared ? shared : 0) + q.block - 1) / q.block > q.blocks) {
		gp_error_set(err, "a request of up to %llu tokens needs more KV than the pool's %llu tokens",
			     (unsigned long long)longest, (unsigned long long)(q.blocks * q.block));
		return SIM_NOFIT;
	}
	rate = trace != NULL ? 0 : s->rate_rps / (double)(l->replicas ? l->replicas : 1);

	stages = given == NULL ? calloc(l->pp, sizeof *stages) : NULL;
	steps = given == NULL ? malloc(sizeof *steps) : NULL;
	q.req = calloc(n, sizeof *q.req);
	q.wait = malloc(n * sizeof *q.wait);
	q.run = malloc((q.max_seqs + 1) * sizeof *q.run);
	q.sched_i = malloc((q.max_seqs + 1) * sizeof *q.sched_i);
	q.sched_n = malloc((q.max_seqs + 1) * sizeof *q.sched_n);
	q.itl = calloc(1, sizeof *q.itl);
	if ((given == NULL && (stages == NULL || steps == NULL)) || q.req == NULL ||
	    q.wait == NULL || q.run == NULL || q.sched_i == NULL || q.sched_n == NULL ||
	    q.itl == NULL) {
		gp_error_set(err, "out of memory for %llu requests", (unsigned long long)n);
		goto out;
	}
	if (given == NULL)
		build_steps(s, m, g, p, stages, longest, steps);
	q.steps = given != NULL ? given : steps;
	q.n = n;

	/* arrivals: gaps of mean 1 / rate, gamma of shape burstiness */
	for (uint64_t i = 0; i < 4; i++)
		rng.s[i] = splitmix(&seed);
	for (uint64_t i = 0; i < n; i++) {
		struct req *x = &q.req[i];
		uint64_t j = i * (l->replicas ? l->replicas : 1);

		if (trace != NULL)
			t = trace->arrival[j];
		else
			t += s->burstiness == 1 ? -log(rng_unit(&rng)) / rate :
				rng_gamma(&rng, s->burstiness) / (s->burstiness * rate);
		x->arrival = t;
		x->prompt = use_trace ? trace->prompt[j] :
			draw_length(&rng, s->prompt_tokens, lo, hi);
		x->output = use_trace ? trace->output[j] :
			draw_length(&rng, s->output_tokens ? s->output_tokens : 1, lo, hi);
		x->target = x->prompt;
		x->cached = (uint32_t)memory_prefix_hit(s, x->prompt, &shared);
		x->shared = (uint32_t)shared;
		x->prefilled = x->kv = x->cached;
	}

	q.t = q.req[0].arrival;
	while (q.finished < n) {
		while (q.next < n && q.req[q.next].arrival <= q.t)
			push_back(&q, q.next++);
		if (q.nrun == 0 && q.wlen == 0) {
			q.t = q.req[q.next].arrival;
			continue;
		}
		if (q.t != before)
			idle = 0;
		if (decode_run(&q) > 0)
			continue;
		before = q.t;
		/* iterations that only preempt cannot go on: each frees a
		 * running sequence */
		if (iterate(&q) != 0 || (q.t == before && ++idle > q.max_seqs + 1)) {
			gp_error_set(err, "the scheduler stalled at %.3f s with %llu waiting",
				     q.t, (unsigned long long)q.wlen);
			goto out;
		}
	}
	if (results(&q, s, p, r) != 0) {
		gp_error_set(err, "out of memory for %llu requests", (unsigned long long)n);
		goto out;
	}
	r->requests = n;
	r->traced = trace != NULL;
	r->traced_lengths = use_trace;
	r->trace_skipped = trace != NULL ? trace->skipped : 0;
	r->rate_rps = s->rate_rps;
	r->replica_rate_rps = rate;
	if (trace != NULL) {
		/* the trace's own rate, first to last arrival */
		double span = q.req[n - 1].arrival - q.req[0].arrival;

		r->replica_rate_rps = span > 0 ? (double)(n - 1) / span : 0;
		r->rate_rps = r->replica_rate_rps * (double)(l->replicas ? l->replicas : 1);
	}
	r->pool_tokens = q.blocks * q.block;
	r->block_tokens = q.block;
	r->max_seqs = q.max_seqs;
	r->max_tokens = q.max_tokens;
	r->capacity_tokens_per_s = p->sustained_tokens_per_s;
	r->pp_serial = l->pp > 1 && q.steps->pp == 1;
	r->pp_microbatches = q.steps->pp > 1;
	r->overcommitted = !p->mem.fits;
	rc = 0;
out:
	free(stages);
	free(steps);
	free(q.req);
	free(q.wait);
	free(q.run);
	free(q.sched_i);
	free(q.sched_n);
	free(q.itl);
	return rc;
}

static bool
within(const struct sim_result *r, double ttft_ms, double tpot_ms)
{
	return (ttft_ms <= 0 || r->ttft_ms.p99 <= ttft_ms) &&
	       (tpot_ms <= 0 || r->tpot_ms.p99 <= tpot_ms);
}

int
sim_max_rate(const struct scenario *base, const struct model *m, const struct gpu *g,
	     const struct plan *p, double ttft_ms, double tpot_ms, double lo, double hi,
	     int steps, double *rate, struct sim_result *at, int *runs, struct gp_error *err)
{
	struct scenario s = *base;
	struct perf_steps *t = sim_steps(&s, m, g, p);
	struct sim_result r;
	int rc = 0;

	*rate = 0;
	memset(at, 0, sizeof *at);
	if (t == NULL)
		return gp_error_set(err, "out of memory for the simulation");
	if (lo > 0) {
		s.rate_rps = lo;
		++*runs;
		if ((rc = sim_run_steps(&s, m, g, p, NULL, t, at, err)) != 0 ||
		    !within(at, ttft_ms, tpot_ms))
			goto out;
		*rate = lo;
	}
	for (int i = 0; i < steps; i++) {
		double mid = (lo + hi) / 2;

		s.rate_rps = mid;
		++*runs;
		if ((rc = sim_run_steps(&s, m, g, p, NULL, t, &r, err)) != 0)
			goto out;
		if (within(&r, ttft_ms, tpot_ms)) {
			lo = mid;
			*rate = mid;
			*at = r;
		} else {
			hi = mid;
		}
	}
out:
	free(t);
	return rc;
}
