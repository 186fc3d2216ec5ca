/* cli.c - argument parsing and the commands. Every scenario option
 * comes from scenario_options[], so --help, the parser, the INI keys and
 * the screen's form cannot drift apart. Precedence, lowest first: the
 * defaults, the user configuration's default scenario, --scenario FILE,
 * then the options on the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catload.h"
#include "cli.h"
#include "compare.h"
#include "config.h"
#include "datadir.h"
#include "export.h"
#include "fitreport.h"
#include "hfconfig.h"
#include "hfimport.h"
#include "inspect.h"
#include "plan.h"
#include "report.h"
#include "scenfile.h"
#include "tui.h"
#include "userconfig.h"
#include "validate.h"

#define EXIT_NOFIT 1
#define EXIT_USAGE 2
#define MAX_ARGS 64

enum { OPT_HELP = 1000, OPT_VERSION, OPT_DATA_DIR, OPT_FORMAT, OPT_NO_COLOR,
       OPT_ASCII, OPT_SCENARIO, OPT_TOP, OPT_RANK, OPT_MAX_GPUS, OPT_MAX_PER_NODE,
       OPT_MIN_VIABLE, OPT_FIRST_SCENARIO = 2000 };

/* Output formats of plan: the three reports and three launch lines. */
enum out_format { OUT_TEXT, OUT_JSON, OUT_MARKDOWN, OUT_VLLM, OUT_SGLANG, OUT_LLAMACPP };
static const char *const out_formats[] = {"text", "json", "markdown", "vllm", "sglang",
					  "llamacpp", NULL};

struct assignment {
	const char *name;
	const char *value;
};

struct cli {
	const char *command;
	const char *args[MAX_ARGS];
	int n_args;
	const char *data_dir;
	const char *scenario_file;
	char data_path[4096];		/* the catalogs' directory, once found */
	enum out_format format;
	struct fit_options fit;
	size_t top;
	struct tui_options tui;
	struct assignment set[MAX_ARGS];
	int n_set;
	struct user_config user;
	struct scenario s;
};

static void
usage(FILE *out)
{
	struct scenario d;

	scenario_default(&d);
	fprintf(out,
"Usage: gpuplan [OPTIONS]                  interactive planner (text plan when piped)\n"
"       gpuplan plan [OPTIONS]             print a plan\n"
"       gpuplan compare A.ini B.ini [...]  compare saved scenarios\n"
"       gpuplan fit [OPTIONS]              the cheapest plans that fit and meet the SLOs\n"
"       gpuplan inspect [OPTIONS]          a model's derived architecture\n"
"       gpuplan validate                   predicted vs measured, data/measurements.json\n"
"       gpuplan models                     list the model catalog\n"
"       gpuplan gpus                       list the GPU catalog\n"
"\n"
"Plan a GPU deployment for LLM inference: per-GPU memory, speed and cost.\n"
"\n"
"Scenario options (token counts take 8k = 8192, 1m = 1048576):\n");
	for (size_t i = 0; i < scenario_option_count; i++) {
		const struct option_def *o = &scenario_options[i];
		char def[64], flag[48];

		scenario_get(&d, o, def, sizeof def);
		snprintf(flag, sizeof flag, "--%s %s", o->name, o->metavar);
		fprintf(out, "  %-28s %s", flag, o->help);
		if (o->type == OPT_ENUM) {
			fprintf(out, ":");
			for (int c = 0; o->choices[c] != NULL; c++)
				fprintf(out, " %s", o->choices[c]);
		}
		fprintf(out, " [%s]\n", def);
	}
	fprintf(out,
"\nOther options:\n"
"  --scenario FILE              start from a saved scenario (INI); options override it\n"
"  --format FORMAT              text, json, markdown, or a launch line: vllm, sglang,\n"
"                               llamacpp [text]\n"
"  --data-dir DIR               catalogs directory (also GPUPLAN_DATA_DIR)\n"
"\nfit: --gpu, --weights, --kv-dtype and --engine restrict the search (repeat them\n"
"or give a comma-separated list); without a demand the need is --batch sequences\n"
"on one replica.\n"
"  --rank month|per-m|gpus      order by $/month, $/M tokens or GPU count [month]\n"
"  --top N                      show the best N [10]\n"
"  --max-gpus N                 largest fleet to consider [1024]\n"
"  --max-per-node N             largest TP group [the GPU's node]\n"
"  --min-viable                 per GPU and format, the smallest plan that fits\n"
"  --no-color, --ascii          screen without colour / with ASCII only\n"
"  -h, --help, -V, --version\n"
"\nFiles: $XDG_CONFIG_HOME/gpuplan/config.ini (GPUPLAN_CONFIG overrides);\n"
"scenarios saved from the screen go to $XDG_DATA_HOME/gpuplan/scenarios.\n"
"Exit status: 0 ok, 1 the plan does not fit (still printed), 2 usage or input error.\n"
"See gpuplan(1) for the keys, the JSON fields and the planning model.\n");
}

static int
parse_args(int argc, char **argv, struct cli *c)
{
	static const struct option fixed[] = {
		{"help", no_argument, NULL, OPT_HELP},
		{"version", no_argument, NULL, OPT_VERSION},
		{"data-dir", required_argument, NULL, OPT_DATA_DIR},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"no-color", no_argument, NULL, OPT_NO_COLOR},
		{"ascii", no_argument, NULL, OPT_ASCII},
		{"scenario", required_argument, NULL, OPT_SCENARIO},
		{"top", required_argument, NULL, OPT_TOP},
		{"rank", required_argument, NULL, OPT_RANK},
		{"max-gpus", required_argument, NULL, OPT_MAX_GPUS},
		{"max-per-node", required_argument, NULL, OPT_MAX_PER_NODE},
		{"min-viable", no_argument, NULL, OPT_MIN_VIABLE},
	};
	size_t nfixed = sizeof fixed / sizeof fixed[0];
	struct option longopts[64];
	int ch;

	if (nfixed + scenario_option_count + 1 > sizeof longopts / sizeof longopts[0])
		return EXIT_USAGE;
	memcpy(longopts, fixed, sizeof fixed);
	for (size_t i = 0; i < scenario_option_count; i++)
		longopts[nfixed + i] = (struct option){scenario_options[i].name,
			required_argument, NULL, OPT_FIRST_SCENARIO + (int)i};
	longopts[nfixed + scenario_option_count] = (struct option){0, 0, 0, 0};

	opterr = 0;
	optind = 1;
	/* "+"-less: options may follow the command and its files. */
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return -1;
		case 'V':
		case OPT_VERSION:
			printf("gpuplan %s\n", PACKAGE_VERSION);
			return -1;
		case OPT_DATA_DIR:
			c->data_dir = optarg;
			break;
		case OPT_SCENARIO:
			c->scenario_file = optarg;
			break;
		case OPT_FORMAT: {
			int i;

			for (i = 0; out_formats[i] != NULL; i++) {
				if (strcmp(optarg, out_formats[i]) == 0)
					break;
			}
			if (out_formats[i] == NULL && strcmp(optarg, "md") != 0) {
				fprintf(stderr, "gpuplan: --format %s: expected text, json, markdown, vllm, sglang or llamacpp\n",
					optarg);
				return EXIT_USAGE;
			}
			c->format = out_formats[i] ? (enum out_format)i : OUT_MARKDOWN;
			break;
		}
		case OPT_TOP:
		case OPT_MAX_GPUS:
		case OPT_MAX_PER_NODE: {
			uint64_t v;

			if (parse_tokens(optarg, &v) != 0 || v == 0 || v > 65536) {
				fprintf(stderr, "gpuplan: --%s %s: must be a whole number from 1 to 65536\n",
					ch == OPT_TOP ? "top" : ch == OPT_MAX_GPUS ? "max-gpus" : "max-per-node",
					optarg);
				return EXIT_USAGE;
			}
			if (ch == OPT_TOP)
				c->top = (size_t)v;
			else if (ch == OPT_MAX_GPUS)
				c->fit.max_gpus = v;
			else
				c->fit.max_per_node = (uint32_t)v;
			break;
		}
		case OPT_RANK:
			if (strcmp(optarg, "month") == 0)
				c->fit.rank = RANK_MONTH;
			else if (strcmp(optarg, "per-m") == 0)
				c->fit.rank = RANK_PER_M;
			else if (strcmp(optarg, "gpus") == 0)
				c->fit.rank = RANK_GPUS;
			else {
				fprintf(stderr, "gpuplan: --rank %s: expected month, per-m or gpus\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_MIN_VIABLE:
			c->fit.min_viable = true;
			break;
		case OPT_NO_COLOR:
			c->tui.no_color = true;
			break;
		case OPT_ASCII:
			c->tui.ascii = true;
			break;
		case ':':
			fprintf(stderr, "gpuplan: %s needs a value\n", argv[optind - 1]);
			return EXIT_USAGE;
		case '?':
			fprintf(stderr, "gpuplan: unknown option %s (see gpuplan --help)\n",
				argv[optind - 1]);
			return EXIT_USAGE;
		default:
			if (c->n_set >= MAX_ARGS) {
				fprintf(stderr, "gpuplan: too many options\n");
				return EXIT_USAGE;
			}
			c->set[c->n_set++] = (struct assignment){
				scenario_options[ch - OPT_FIRST_SCENARIO].name, optarg};
			break;
		}
	}
	if (optind < argc)
		c->command = argv[optind++];
	while (optind < argc) {
		if (c->n_args >= MAX_ARGS) {
			fprintf(stderr, "gpuplan: too many arguments\n");
			return EXIT_USAGE;
		}
		c->args[c->n_args++] = argv[optind++];
	}
	return 0;
}

/* The user configuration: its errors are reported and the program goes
 * on with the defaults. */
static void
load_user_config(struct cli *c)
{
	char path[USERCONFIG_PATH_LEN];
	const char *env = getenv("GPUPLAN_CONFIG");
	struct gp_error err;

	if (env != NULL && *env)
		snprintf(path, sizeof path, "%s", env);
	else if (userconfig_default_path(path, sizeof path, getenv("XDG_CONFIG_HOME"),
					 getenv("HOME")) != 0)
		return;
	if (userconfig_load(path, &c->user, &err) != 0)
		fprintf(stderr, "gpuplan: %s (ignoring the configuration)\n", err.msg);
	if (c->user.no_color)
		c->tui.no_color = true;
	if (c->user.ascii)
		c->tui.ascii = true;
}

static int
load_catalog(struct cli *c, struct catalog *cat)
{
	char dir[4096], exe[4096];
	struct gp_error err;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	exe[n > 0 ? n : 0] = '\0';
	slash = strrchr(exe, '/');
	if (slash != NULL)
		*slash = '\0';
	if (datadir_find(dir, sizeof dir, c->data_dir, getenv("GPUPLAN_DATA_DIR"),
			 exe, &err) != 0 ||
	    catalog_load(cat, dir, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	memcpy(c->data_path, dir, sizeof c->data_path);
	if (c->user.loaded && userconfig_apply(&c->user, cat, &err) != 0)
		fprintf(stderr, "gpuplan: %s (ignoring it)\n", err.msg);
	return 0;
}

static bool
was_set(const struct cli *c, const char *name)
{
	for (int i = 0; i < c->n_set; i++) {
		if (strcmp(c->set[i].name, name) == 0)
			return true;
	}
	return false;
}

/* A config.json to plan: imported into the catalog under its own id,
 * and its checkpoint format taken unless --weights says otherwise. */
static int
import_model(const struct cli *c, struct scenario *s, struct catalog *cat)
{
	struct gp_error err;

	if (s->model_config[0] == '\0')
		return 0;
	if (hfimport_into(cat, s, s->model_config,
			  was_set(c, "weights") ? HFIMPORT_KEEP_WEIGHTS : 0, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

/* Defaults, then the configured default scenario, then FILE, then the
 * command line's options. */
static bool
is_restriction(const char *name)
{
	return !strcmp(name, "gpu") || !strcmp(name, "weights") || !strcmp(name, "kv-dtype") ||
	       !strcmp(name, "engine");
}

static int
build_scenario(struct cli *c, const char *file, struct scenario *s, struct catalog *cat)
{
	struct gp_error err;
	bool is_fit = c->command != NULL && strcmp(c->command, "fit") == 0;

	scenario_default(s);
	if (c->user.scenario[0] && scenfile_load(c->user.scenario, s, &err) != 0)
		fprintf(stderr, "gpuplan: %s (ignoring the default scenario)\n", err.msg);
	if (file != NULL && scenfile_load(file, s, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	for (int i = 0; i < c->n_set; i++) {
		char first[128];
		const char *v = c->set[i].value;

		/* fit takes lists for its restrictions; the scenario gets the
		 * first item (fit_restrictions() checks them all) */
		if (is_fit && is_restriction(c->set[i].name) && strchr(v, ',') != NULL) {
			snprintf(first, sizeof first, "%.*s", (int)(strchr(v, ',') - v), v);
			v = first;
		}
		if (scenario_set(s, c->set[i].name, v, &err) != 0) {
			fprintf(stderr, "gpuplan: %s\n", err.msg);
			return EXIT_USAGE;
		}
	}
	return import_model(c, s, cat);
}

static int
list_models(const struct catalog *cat)
{
	printf("%-18s %-36s %9s %8s %7s %s\n", "ID", "NAME", "TOTAL", "ACTIVE", "LAYERS", "MAX CONTEXT");
	for (size_t i = 0; i < cat->n_models; i++) {
		const struct model *m = &cat->models[i];
		struct model_counts c;
		char ctx[32];

		model_count(m, &c);
		report_thousands(ctx, sizeof ctx, m->max_context);
		printf("%-18s %-36.36s %8.2fB %7.2fB %7u %s\n", m->id, m->name,
		       (double)c.total / 1e9, (double)c.active / 1e9, m->layers, ctx);
	}
	return ferror(stdout) ? EXIT_USAGE : 0;
}

static int
list_gpus(const struct catalog *cat)
{
	printf("%-15s %-34s %9s %7s %7s %7s %-16s %s\n", "ID", "NAME", "USABLE", "TB/s",
	       "BF16", "FP8", "LINK", "$/GPU-H");
	for (size_t i = 0; i < cat->n_gpus; i++) {
		const struct gpu *g = &cat->gpus[i];
		char link[32], price[16];

		if (g->link_gbs > 0)
			snprintf(link, sizeof link, "%s %.0f GB/s", link_kind_name(g->link), g->link_gbs);
		else
			snprintf(link, sizeof link, "%s", g->link == LINK_NONE ? "none" : "unknown");
		if (g->usd_per_hour > 0)
			snprintf(price, sizeof price, "%.2f", g->usd_per_hour);
		else
			snprintf(price, sizeof price, "-");
		printf("%-15s %-34.34s %5.1f GiB %7.3f %7.1f %7.1f %-16s %s\n", g->id, g->name,
		       (double)g->usable_bytes / 1073741824.0, g->bandwidth_tbs,
		       g->tflops[CD_BF16], g->tflops[CD_FP8], link, price);
	}
	return ferror(stdout) ? EXIT_USAGE : 0;
}

/* Resolves the scenario's model and GPU and computes the plan. */
static int
make_plan(const struct catalog *cat, const struct scenario *s, const char *where,
	  const struct model **m, const struct gpu **g, struct plan *p)
{
	struct gp_error err;

	*m = catalog_model(cat, s->model);
	*g = catalog_gpu(cat, s->gpu);
	if (*m == NULL) {
		fprintf(stderr, "gpuplan: %s%smodel %s: not in the catalog (gpuplan models lists them)\n",
			where, *where ? ": " : "--", s->model);
		return EXIT_USAGE;
	}
	if (*g == NULL) {
		fprintf(stderr, "gpuplan: %s%sgpu %s: not in the catalog (gpuplan gpus lists them)\n",
			where, *where ? ": " : "--", s->gpu);
		return EXIT_USAGE;
	}
	if (plan_compute(s, *m, *g, p, &err) != 0) {
		fprintf(stderr, "gpuplan: %s%s%s\n", where, *where ? ": " : "", err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

static int
print_plan(const struct cli *c, const struct catalog *cat)
{
	const struct model *m;
	const struct gpu *g;
	struct plan p;
	struct report_input r = {&c->s, NULL, NULL, &p};
	int rc = make_plan(cat, &c->s, "", &m, &g, &p);

	if (rc != 0)
		return rc;
	r.m = m;
	r.g = g;
	switch (c->format) {
	case OUT_VLLM:
	case OUT_SGLANG:
	case OUT_LLAMACPP:
		rc = export_write(stdout, c->format == OUT_VLLM ? EXPORT_VLLM :
				  c->format == OUT_SGLANG ? EXPORT_SGLANG : EXPORT_LLAMACPP, &r);
		break;
	default:
		rc = report_write(stdout, c->format == OUT_JSON ? REPORT_JSON :
				  c->format == OUT_MARKDOWN ? REPORT_MARKDOWN : REPORT_TEXT, &r);
		if (rc == 0 && c->format != OUT_JSON && p.mem.fits && p.cost.price_known) {
			struct capacity cap;
			struct gp_error err;

			if (capacity_at_slo(&c->s, m, g, &cap, &err) == 0)
				rc = tiers_write(stdout, c->format == OUT_MARKDOWN ? REPORT_MARKDOWN :
						 REPORT_TEXT, &c->s, &p, &cap);
		}
		break;
	}
	if (rc != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "gpuplan: cannot write the report\n");
		return EXIT_USAGE;
	}
	return p.mem.fits ? 0 : EXIT_NOFIT;
}

static int
compare(struct cli *c, struct catalog *cat)
{
	static struct scenario s[MAX_ARGS];
	static struct plan p[MAX_ARGS];
	struct report_input in[MAX_ARGS];
	const char *names[MAX_ARGS];
	int rc;

	if (c->n_args < 2) {
		fprintf(stderr, "gpuplan: compare needs two or more scenario files\n");
		return EXIT_USAGE;
	}
	if (c->format > OUT_MARKDOWN) {
		fprintf(stderr, "gpuplan: compare prints text, json or markdown\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < c->n_args; i++) {
		in[i] = (struct report_input){&s[i], NULL, NULL, &p[i]};
		if ((rc = build_scenario(c, c->args[i], &s[i], cat)) != 0 ||
		    (rc = make_plan(cat, &s[i], c->args[i], &in[i].m, &in[i].g, &p[i])) != 0)
			return rc;
	}
	/* Files are named by their base names, as a review would. */
	for (int i = 0; i < c->n_args; i++) {
		const char *slash = strrchr(c->args[i], '/');

		names[i] = slash ? slash + 1 : c->args[i];
	}
	rc = compare_write(stdout, c->format == OUT_JSON ? REPORT_JSON :
			   c->format == OUT_MARKDOWN ? REPORT_MARKDOWN : REPORT_TEXT,
			   in, names, (size_t)c->n_args);
	if (rc != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "gpuplan: cannot write the comparison\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* Collects every value given for a repeatable fit restriction, commas
 * splitting lists, into a bit set (or, for GPUs, a list of ids). */
static int
fit_restrictions(struct cli *c, const struct catalog *cat, const char **ids, size_t *n_ids)
{
	static char buf[MAX_ARGS][128];
	int nb = 0;

	*n_ids = 0;
	for (int i = 0; i < c->n_set; i++) {
		const char *name = c->set[i].name;
		char *save = NULL, *tok;

		if (!is_restriction(name))
			continue;
		if (nb >= MAX_ARGS)
			break;
		snprintf(buf[nb], sizeof buf[nb], "%s", c->set[i].value);
		for (tok = strtok_r(buf[nb], ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			struct scenario probe;
			struct gp_error err;

			scenario_default(&probe);
			if (scenario_set(&probe, name, tok, &err) != 0) {
				fprintf(stderr, "gpuplan: %s\n", err.msg);
				return EXIT_USAGE;
			}
			if (strcmp(name, "gpu") == 0) {
				if (catalog_gpu(cat, tok) == NULL) {
					fprintf(stderr, "gpuplan: --gpu %s: not in the catalog (gpuplan gpus lists them)\n", tok);
					return EXIT_USAGE;
				}
				if (*n_ids < MAX_ARGS)
					ids[(*n_ids)++] = tok;
			} else if (strcmp(name, "weights") == 0) {
				c->fit.weights |= 1u << probe.weights;
			} else if (strcmp(name, "kv-dtype") == 0) {
				c->fit.kv |= 1u << probe.kv;
			} else {
				c->fit.engines |= 1u << probe.engine;
			}
		}
		nb++;
	}
	return 0;
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
fit(struct cli *c, const struct catalog *cat)
{
	const char *ids[MAX_ARGS];
	size_t n_ids;
	const struct model *m = catalog_model(cat, c->s.model);
	struct fit_result r;
	struct gp_error err;
	double t0;
	int rc;

	if (m == NULL) {
		fprintf(stderr, "gpuplan: --model %s: not in the catalog (gpuplan models lists them)\n",
			c->s.model);
		return EXIT_USAGE;
	}
	if (c->format > OUT_MARKDOWN) {
		fprintf(stderr, "gpuplan: fit prints text, json or markdown\n");
		return EXIT_USAGE;
	}
	if ((rc = fit_restrictions(c, cat, ids, &n_ids)) != 0)
		return rc;
	c->fit.gpus = n_ids ? ids : NULL;
	c->fit.n_gpus = n_ids;
	t0 = now_ms();
	if (fit_search(cat, m, &c->s, &c->fit, &r, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	r.elapsed_ms = now_ms() - t0;	/* the core reads no clock */
	rc = fitreport_write(stdout, c->format == OUT_JSON ? REPORT_JSON :
			     c->format == OUT_MARKDOWN ? REPORT_MARKDOWN : REPORT_TEXT,
			     cat, m, &c->s, &r, c->top ? c->top : 10);
	rc = rc != 0 || fflush(stdout) != 0 ? EXIT_USAGE : r.n == 0 ? EXIT_NOFIT : 0;
	fit_free(&r);
	c->fit.gpus = NULL;	/* ids lives on this stack frame */
	c->fit.n_gpus = 0;
	return rc;
}

static int
inspect(const struct cli *c, const struct catalog *cat)
{
	const struct model *m = catalog_model(cat, c->s.model);
	struct hf_import info;
	struct model imported;
	struct gp_error err;

	if (c->s.model_config[0]) {
		if (hfimport_load(c->s.model_config, &imported, &info, &err) != 0) {
			fprintf(stderr, "gpuplan: %s\n", err.msg);
			return EXIT_USAGE;
		}
		return inspect_write(stdout, &imported, &info) == 0 ? 0 : EXIT_USAGE;
	}
	if (m == NULL) {
		fprintf(stderr, "gpuplan: --model %s: not in the catalog (gpuplan models lists them)\n",
			c->s.model);
		return EXIT_USAGE;
	}
	return inspect_write(stdout, m, NULL) == 0 ? 0 : EXIT_USAGE;
}

static int
validate(const struct cli *c, const struct catalog *cat)
{
	char path[4200];
	struct validate_summary sum;
	struct gp_error err = {{0}};	/* zeroed: cppcheck takes the stored pointer for a read */

	snprintf(path, sizeof path, "%s/measurements.json", c->data_path);
	if (validate_run(cat, path, stdout, &sum, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

int
cli_main(int argc, char **argv)
{
	static struct cli c;
	struct catalog cat;
	int rc;

	memset(&c, 0, sizeof c);
	rc = parse_args(argc, argv, &c);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (c.command != NULL) {
		static const char *const commands[] = {"plan", "compare", "fit", "inspect",
						       "validate", "models", "gpus", NULL};
		int i;

		for (i = 0; commands[i] != NULL; i++) {
			if (strcmp(c.command, commands[i]) == 0)
				break;
		}
		if (commands[i] == NULL) {
			fprintf(stderr, "gpuplan: unknown command \"%s\" (plan, compare, fit, inspect, validate, models, gpus; see gpuplan --help)\n",
				c.command);
			return EXIT_USAGE;
		}
	}
	if (c.n_args > 0 && (c.command == NULL || strcmp(c.command, "compare") != 0)) {
		fprintf(stderr, "gpuplan: unexpected argument \"%s\"\n", c.args[0]);
		return EXIT_USAGE;
	}
	load_user_config(&c);
	if (load_catalog(&c, &cat) != 0)
		return EXIT_USAGE;

	if (c.command != NULL && strcmp(c.command, "models") == 0) {
		rc = list_models(&cat);
	} else if (c.command != NULL && strcmp(c.command, "gpus") == 0) {
		rc = list_gpus(&cat);
	} else if (c.command != NULL && strcmp(c.command, "compare") == 0) {
		rc = compare(&c, &cat);
	} else if (c.command != NULL && strcmp(c.command, "validate") == 0) {
		rc = validate(&c, &cat);
	} else if ((rc = build_scenario(&c, c.scenario_file, &c.s, &cat)) != 0) {
		/* reported */
	} else if (c.command != NULL && strcmp(c.command, "fit") == 0) {
		rc = fit(&c, &cat);
	} else if (c.command != NULL && strcmp(c.command, "inspect") == 0) {
		rc = inspect(&c, &cat);
	} else if (c.command != NULL || !isatty(STDOUT_FILENO)) {
		/* A pipe gets the text plan. */
		rc = print_plan(&c, &cat);
	} else {
		const char *why = NULL;

		/* A terminal that cannot host the screen gets a reason
		 * instead of a garbled screen. */
		if (tui_available(&why)) {
			c.tui.scenario_file = c.scenario_file;
			rc = tui_run(&cat, &c.s, &c.tui);
		} else {
			fprintf(stderr, "gpuplan: %s; use gpuplan plan for a text plan\n", why);
			rc = EXIT_USAGE;
		}
	}
	catalog_free(&cat);
	return rc;
}
