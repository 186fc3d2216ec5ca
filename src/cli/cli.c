/* cli.c - argument parsing and the commands. Two tables drive it: the
 * commands (name, usage, the option groups each takes, exec) and the
 * CLI's own options; every scenario option comes from scenario_options[].
 * getopt_long, --help, the checks of which command takes which option
 * and dispatch all read them, so they cannot drift apart (tests/docs.sh
 * holds the man page to them). Precedence, lowest first: the defaults,
 * the user configuration's default scenario, --scenario FILE, then the
 * options on the command line. */
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
#include "engine.h"
#include "export.h"
#include "fitreport.h"
#include "gguf.h"
#include "hfconfig.h"
#include "hfimport.h"
#include "inspect.h"
#include "keys.h"
#include "plan.h"
#include "price.h"
#include "prices.h"
#include "report.h"
#include "scenfile.h"
#include "sim.h"
#include "simreport.h"
#include "trace.h"
#include "tui.h"
#include "usercat.h"
#include "userconfig.h"
#include "validate.h"

#define EXIT_NOFIT 1
#define EXIT_USAGE 2
#define MAX_ARGS 64
#define HELP_WIDTH 80		/* --help fits a terminal */
#define HELP_COLUMN 28		/* where the help text of a row starts */

/* A command's flags: the option groups it takes (an option's group is
 * one of these, or 0 when every command takes it), then how it runs. */
#define CMD_SCENARIO	0x01	/* the scenario options */
#define CMD_FILE	0x02	/* --scenario FILE */
#define CMD_REPORT	0x04	/* --format text|json|markdown */
#define CMD_LAUNCH	0x08	/* --format vllm|sglang|trtllm|llamacpp|k8s too */
#define CMD_FIT		0x10	/* fit's limits and order; restriction lists */
#define CMD_SCREEN	0x20	/* how the screen draws */
#define CMD_EXPLAIN	0x40	/* --explain */
#define CMD_CHECK	0x80	/* --check */
#define CMD_ARGS	0x100	/* takes file arguments */
#define CMD_BUILD	0x200	/* exec gets the scenario built from the options */
#define CMD_ONE_MODEL	0x400	/* reads the scenario's model alone from the catalog */
#define CMD_ONE_GPU	0x800	/* and its GPU alone */
#define CMD_LOAD	0x1000	/* the scenario's load options (section "load") */

/* Output formats: the three reports, then (plan) the launch line of
 * each engine that has one, OUT_LAUNCH + its index in export_engine(),
 * then Kubernetes manifests (out_k8s()). */
enum out_format { OUT_TEXT, OUT_JSON, OUT_MARKDOWN, OUT_LAUNCH };

static int
out_k8s(void)
{
	return OUT_LAUNCH + (int)export_count();
}

static const char *
format_choice(int i)
{
	static const char *const reports[] = {"text", "json", "markdown"};
	const struct engine *e;

	if (i < 0)
		return NULL;
	if (i < OUT_LAUNCH)
		return reports[i];
	if (i == out_k8s())
		return "k8s";
	e = export_engine((size_t)(i - OUT_LAUNCH));
	return e != NULL ? e->id : NULL;
}

/* In enum fit_rank's order. */
static const char *
rank_choice(int i)
{
	static const char *const ids[] = {"month", "per-m", "gpus"};

	return i >= 0 && i <= RANK_GPUS ? ids[i] : NULL;
}

/* The CLI's own options, in --help's order; getopt_long returns
 * CLI_VAL + the index (or the letter), and SCENARIO_VAL + the index of a
 * scenario option. */
enum { OPT_RANK, OPT_TOP, OPT_MAX_GPUS, OPT_MAX_PER_NODE, OPT_MIN_VIABLE,
       OPT_SCENARIO, OPT_FORMAT, OPT_EXPLAIN, OPT_CHECK, OPT_DATA_DIR, OPT_NO_COLOR, OPT_ASCII,
       OPT_HELP, OPT_VERSION, OPT_COUNT };
enum { CLI_VAL = 1000, SCENARIO_VAL = 2000 };

struct cli_option {
	const char *name;
	int letter;			/* short option, or 0 */
	int has_arg;			/* getopt_long's */
	const char *metavar;
	const char *help;
	const char *(*choice)(int i);	/* spelling i, NULL past the last */
	const char *def;		/* the default --help shows, or NULL */
	unsigned group;			/* CMD_*; 0: every command takes it */
};

static const struct cli_option cli_options[OPT_COUNT] = {
	[OPT_RANK] = {.name = "rank", .has_arg = required_argument, .metavar = "ORDER",
		.help = "order by $/month, $/M tokens or GPU count",
		.choice = rank_choice, .def = "month", .group = CMD_FIT},
	[OPT_TOP] = {.name = "top", .has_arg = required_argument, .metavar = "N",
		.help = "show the best N", .def = "10", .group = CMD_FIT},
	[OPT_MAX_GPUS] = {.name = "max-gpus", .has_arg = required_argument, .metavar = "N",
		.help = "largest fleet to consider", .def = "1024", .group = CMD_FIT},
	[OPT_MAX_PER_NODE] = {.name = "max-per-node", .has_arg = required_argument,
		.metavar = "N", .help = "largest TP group", .def = "the GPU's node",
		.group = CMD_FIT},
	[OPT_MIN_VIABLE] = {.name = "min-viable", .has_arg = no_argument,
		.help = "per GPU and format, the smallest plan that fits", .group = CMD_FIT},
	[OPT_SCENARIO] = {.name = "scenario", .has_arg = required_argument, .metavar = "FILE",
		.help = "start from a saved scenario (INI); options override it",
		.group = CMD_FILE},
	[OPT_FORMAT] = {.name = "format", .has_arg = required_argument, .metavar = "FORMAT",
		.help = "a report, or (plan) an engine's launch commands, or Kubernetes manifests for the scenario's engine",
		.choice = format_choice, .def = "text", .group = CMD_REPORT},
	[OPT_EXPLAIN] = {.name = "explain", .has_arg = no_argument,
		.help = "after the plan, the formula behind each figure with this scenario's values",
		.group = CMD_EXPLAIN},
	[OPT_CHECK] = {.name = "check", .has_arg = no_argument,
		.help = "exit 1 when the engine start-up logs miss their bounds",
		.group = CMD_CHECK},
	[OPT_DATA_DIR] = {.name = "data-dir", .has_arg = required_argument, .metavar = "DIR",
		.help = "catalogs directory (also GPUPLAN_DATA_DIR)"},
	[OPT_NO_COLOR] = {.name = "no-color", .has_arg = no_argument,
		.help = "screen without colour", .group = CMD_SCREEN},
	[OPT_ASCII] = {.name = "ascii", .has_arg = no_argument,
		.help = "screen with ASCII only", .group = CMD_SCREEN},
	[OPT_HELP] = {.name = "help", .letter = 'h', .has_arg = no_argument,
		.help = "this help; after a command, that command's"},
	[OPT_VERSION] = {.name = "version", .letter = 'V', .has_arg = no_argument,
		.help = "print the version"},
};

struct cli;

/* A command: one row of commands[] and its exec function. */
struct command {
	const char *name;
	const char *usage;		/* its arguments, or NULL */
	const char *summary;
	unsigned flags;			/* CMD_* */
	int (*exec)(struct cli *, struct catalog *);
};

struct assignment {
	const char *name;
	const char *value;
};

/* An option on the command line, checked against the command once the
 * command is known and only then applied. */
struct given {
	const char *name;
	unsigned group;
	int opt;			/* in cli_options[], or -1: a scenario option */
	const char *arg;
};

/* The commands a scenario option belongs to: simulate's load options
 * are its alone. */
static unsigned
option_group(const struct option_def *o)
{
	return strcmp(o->section, "load") == 0 ? CMD_LOAD : CMD_SCENARIO;
}

struct cli {
	const struct command *cmd;
	const char *args[MAX_ARGS];
	int n_args;
	const char *data_dir;
	const char *scenario_file;
	char data_path[4096];		/* the catalogs' directory, once found */
	char prices_path[PRICES_PATH_LEN];	/* imported prices, or "" */
	char user_dir[PRICES_PATH_LEN];	/* the user's own catalog's, or "" */
	enum out_format format;
	struct fit_options fit;
	size_t top;
	bool explain;			/* plan --explain */
	bool check;			/* validate --check */
	struct tui_options tui;
	struct assignment set[MAX_ARGS];
	int n_set;
	struct user_config user;
	struct scenario s;
};


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

/* Imported prices (gpuplan prices import): a bad file is named and
 * skipped, the others still count. */
static void
load_prices(struct cli *c, struct catalog *cat)
{
	struct gp_error err;
	int bad;

	if (prices_dir(c->prices_path, sizeof c->prices_path, getenv("XDG_DATA_HOME"),
		       getenv("HOME"), &err) != 0) {
		c->prices_path[0] = '\0';
		prices_stamp(cat, prices_today());
		return;
	}
	if ((bad = prices_load(cat, c->prices_path, prices_today(), &err)) > 0)
		fprintf(stderr, "gpuplan: %s (ignoring %s)\n", err.msg,
			bad > 1 ? "it and other bad price files" : "that file");
}

/* A command that plans one model reads it alone, and its GPU: the
 * catalog's other entries are only checked. A model imported from a
 * file needs every id (a taken one gets "-imported"), and an id not
 * found means a load of everything, so that the message is the same. */
static int
read_catalog(const struct cli *c, const char *dir, struct catalog *cat, struct gp_error *err)
{
	unsigned f = c->cmd->flags;
	bool imported = c->s.model_config[0] != '\0' || c->s.model_file[0] != '\0';
	/* a draft model (--spec draft:MODEL) is a second one */
	bool two = strncmp(c->s.spec, "draft:", 6) == 0;
	const char *model = (f & CMD_ONE_MODEL) && !imported && !two ? c->s.model : NULL;
	const char *gpu = (f & CMD_ONE_GPU) ? c->s.gpu : NULL;

	if (model == NULL && gpu == NULL)
		return catalog_load(cat, dir, err);
	if (catalog_load_some(cat, dir, model, gpu, err) != 0)
		return -1;
	if ((model == NULL || catalog_model(cat, model) != NULL) &&
	    (gpu == NULL || catalog_gpu(cat, gpu) != NULL))
		return 0;
	catalog_free(cat);
	return catalog_load(cat, dir, err);
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
	    read_catalog(c, dir, cat, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	memcpy(c->data_path, dir, sizeof c->data_path);
	/* the user's own catalog (gpuplan import): a broken one is named
	 * and left out, as a broken config.ini is */
	if (datadir_user(c->user_dir, sizeof c->user_dir, getenv("XDG_DATA_HOME"), getenv("HOME"),
			 NULL, "your catalog", &err) != 0)
		c->user_dir[0] = '\0';
	else if (catalog_load_file(cat, c->user_dir, CATALOG_USER_FILE, CATALOG_MODELS,
				   CATALOG_MISSING_OK | CATALOG_USERS, &err) != 0)
		fprintf(stderr, "gpuplan: %s (ignoring your catalog)\n", err.msg);
	if (c->user.loaded && userconfig_apply(&c->user, cat, &err) != 0)
		fprintf(stderr, "gpuplan: %s (ignoring it)\n", err.msg);
	load_prices(c, cat);
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
 * and its checkpoint format taken unless --weights says otherwise. A
 * GGUF file's tensors are its weights, whatever --weights says. */
static int
import_model(const struct cli *c, struct scenario *s, struct catalog *cat)
{
	struct gp_error err;
	enum weight_format asked = s->weights;

	if (s->model_config[0] != '\0' && s->model_file[0] != '\0') {
		fprintf(stderr, "gpuplan: --model-config %s and --model-file %s both name the model: give one\n",
			s->model_config, s->model_file);
		return EXIT_USAGE;
	}
	if (s->model_file[0] != '\0') {
		if (gguf_into(cat, s, s->model_file, 0, &err) != 0) {
			fprintf(stderr, "gpuplan: %s\n", err.msg);
			return EXIT_USAGE;
		}
		if (was_set(c, "weights") && s->weights != asked)
			fprintf(stderr, "gpuplan: %s: the file's tensors size the weights (%s), not --weights %s\n",
				s->model_file, weight_format_info(s->weights)->id,
				weight_format_info(asked)->id);
		return 0;
	}
	if (s->model_config[0] == '\0')
		return 0;

	if (hfimport_into(cat, s, s->model_config,
			  was_set(c, "weights") ? HFIMPORT_KEEP_WEIGHTS : 0, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	/* the checkpoint's quantization config beat --weights: say so */
	if (was_set(c, "weights") && s->weights != asked)
		fprintf(stderr, "gpuplan: %s: the checkpoint's quantization config sizes the weights as %s, not --weights %s\n",
			s->model_config, weight_format_info(s->weights)->id,
			weight_format_info(asked)->id);
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
gather_scenario(const struct cli *c, const char *file, struct scenario *s)
{
	struct gp_error err;
	bool is_fit = (c->cmd->flags & CMD_FIT) != 0;

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
	return 0;
}

/* The model named by a file comes in; then what the model decides. */
static int
settle_scenario(const struct cli *c, struct scenario *s, struct catalog *cat)
{
	if (import_model(c, s, cat) != 0)
		return EXIT_USAGE;
	scenario_resolve(s, catalog_model(cat, s->model));
	catalog_resolve_draft(cat, s);
	return 0;
}

static int
build_scenario(const struct cli *c, const char *file, struct scenario *s, struct catalog *cat)
{
	int rc = gather_scenario(c, file, s);

	return rc != 0 ? rc : settle_scenario(c, s, cat);
}

static int
cmd_models(struct cli *c, struct catalog *cat)
{
	int w = 18;		/* the id column, as wide as its longest id */

	(void)c;
	for (size_t i = 0; i < cat->n_models; i++) {
		int len = (int)strlen(cat->models[i].id);

		w = len > w ? len : w;
	}
	printf("%-*s %-36s %10s %8s %7s %s\n", w, "ID", "NAME", "TOTAL", "ACTIVE", "LAYERS",
	       "MAX CONTEXT");
	for (size_t i = 0; i < cat->n_models; i++) {
		const struct model *m = &cat->models[i];
		struct model_counts n;
		char ctx[32];

		model_count(m, &n);
		fmt_thousands(ctx, sizeof ctx, m->max_context);
		printf("%-*s %-36.36s %9.2fB %7.2fB %7u %s%s\n", w, m->id, m->name,
		       (double)n.total / 1e9, (double)n.active / 1e9, m->layers, ctx,
		       m->user ? "  (yours)" : "");
	}
	return ferror(stdout) ? EXIT_USAGE : 0;
}

/* gpuplan import FILE|DIR: a checkpoint's config.json into the user's
 * own catalog, for every later run and the screen's picker. */
static int
cmd_import(struct cli *c, struct catalog *cat)
{
	char path[sizeof c->user_dir + sizeof CATALOG_USER_FILE + 1], today[16], id[MODEL_ID_LEN];
	struct gp_error err;
	cJSON *entry;
	bool replaced;

	if (c->n_args != 1) {
		fprintf(stderr, "gpuplan: import takes one config.json or checkpoint folder\n");
		return EXIT_USAGE;
	}
	if (c->user_dir[0] == '\0') {
		fprintf(stderr, "gpuplan: no data directory to import into: set XDG_DATA_HOME or HOME\n");
		return EXIT_USAGE;
	}
	price_days_date(prices_today(), today, sizeof today);
	if (hfimport_entry(c->args[0], cat, today, &entry, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	snprintf(id, sizeof id, "%s",
		 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "id")));
	snprintf(path, sizeof path, "%s/%s", c->user_dir, CATALOG_USER_FILE);
	if (usercat_add(path, entry, &replaced, &err) != 0) {
		fprintf(stderr, "gpuplan: %s (nothing imported)\n", err.msg);
		return EXIT_USAGE;
	}
	printf("%s %s as %s in %s\n", replaced ? "replaced" : "imported", c->args[0], id, path);
	return ferror(stdout) ? EXIT_USAGE : 0;
}

static int
cmd_gpus(struct cli *c, struct catalog *cat)
{
	(void)c;
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
		       (double)g->usable_bytes / GIB, g->bandwidth_tbs,
		       g->tflops[CD_BF16], g->tflops[CD_FP8], link, price);
	}
	return ferror(stdout) ? EXIT_USAGE : 0;
}

/* "aws us-east-1", "RunPod spot": who sells it, where. */
static void
price_seller(char *buf, size_t len, const struct price_choice *pc)
{
	snprintf(buf, len, "%s%s%s", pc->provider, pc->region[0] ? " " : "", pc->region);
}

static int
cmd_prices_list(struct cli *c, struct catalog *cat)
{
	bool any_api = false;

	printf("GPU prices in effect%s%s%s%s. Imported prices (%s) beat the catalog's: the\n"
	       "newest import first, on-demand before spot, then the cheapest region.\n\n",
	       c->s.provider[0] ? ", --provider " : "", c->s.provider,
	       c->s.region[0] ? ", --region " : "", c->s.region,
	       c->prices_path[0] ? c->prices_path : "none: no data directory");
	printf("%-15s %9s %-9s %-9s %-28s %-16s %s\n", "GPU", "$/GPU-H", "KIND", "FROM",
	       "PROVIDER", "DATE", "SOURCE");
	for (size_t i = 0; i < cat->n_gpus; i++) {
		const struct gpu *g = &cat->gpus[i];
		static const char *const origin[] = {"-", "typed", "config", "imported", "catalog"};
		struct price_choice pc;
		char seller[128], usd[16], date[40];

		price_select(g, c->s.gpu_price, c->s.provider, c->s.region, &pc);
		if (pc.origin == PRICE_NONE) {
			printf("%-15s %9s\n", g->id, "-");
			continue;
		}
		price_seller(seller, sizeof seller, &pc);
		snprintf(usd, sizeof usd, "%.3f", pc.usd_per_hour);
		snprintf(date, sizeof date, "%s%s", pc.date[0] ? pc.date : "-",
			 pc.age_days > PRICE_STALE_DAYS ? " (old)" : "");
		printf("%-15s %9s %-9s %-9s %-28.28s %-16s %s%s%s\n", g->id, usd,
		       pc.kind[0] ? pc.kind : "-", origin[pc.origin], seller, date,
		       pc.instance[0] ? pc.instance : "", pc.instance[0] ? ", " : "",
		       pc.source[0] ? pc.source : "-");
	}
	for (size_t i = 0; i < cat->n_models; i++) {
		const struct model *m = &cat->models[i];
		const struct api_price *a = &m->api[0];
		char cached[16];

		if (m->n_api == 0)
			continue;
		if (!any_api)
			printf("\nAPI prices in effect (USD per M tokens; the first listed, newest import first):\n"
			       "%-18s %8s %8s %8s %-24s %s\n", "MODEL", "INPUT", "OUTPUT", "CACHED",
			       "PROVIDER", "DATE");
		any_api = true;
		snprintf(cached, sizeof cached, a->usd_per_m_cached_input >= 0 ? "%.3f" : "-",
			 a->usd_per_m_cached_input);
		printf("%-18s %8.3f %8.3f %8s %-24.24s %s\n", m->id, a->usd_per_m_input,
		       a->usd_per_m_output, cached, a->provider, a->date[0] ? a->date : "-");
	}
	return ferror(stdout) ? EXIT_USAGE : 0;
}

/* Problems go to stderr, one a row, then a line of what came in. */
static int
cmd_prices_import(struct cli *c, struct catalog *cat, const char *file)
{
	struct prices_import im;
	struct gp_error err;
	char written[PRICES_PATH_LEN + 64];
	size_t shown = 0;
	bool gpus;

	if (prices_import_file(file, c->s.provider, c->data_path, cat, &im, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	gpus = strcmp(im.format, "skypilot") == 0;
	for (size_t i = 0; i < im.n_problems; i++, shown++) {
		const struct prices_problem *p = &im.problems[i];

		if (shown == 50) {
			fprintf(stderr, "gpuplan: %s: %zu more rows skipped\n", file, im.n_problems - 50);
			break;
		}
		if (p->line > 0)
			fprintf(stderr, "gpuplan: %s:%lu: %s (skipped)\n", file, p->line, p->reason);
		else
			fprintf(stderr, "gpuplan: %s: %s: %s (skipped)\n", file, p->where, p->reason);
	}
	if (im.rows_used == 0) {
		fprintf(stderr, "gpuplan: %s: no price imported from %zu %s\n", file, im.rows,
			gpus ? "rows" : "models");
		prices_import_free(&im);
		return EXIT_USAGE;
	}
	if (c->prices_path[0] == '\0' ||
	    prices_write(&im, c->prices_path, written, sizeof written, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", c->prices_path[0] ? err.msg :
			"no data directory to import into: set XDG_DATA_HOME or HOME");
		prices_import_free(&im);
		return EXIT_USAGE;
	}
	if (gpus)
		printf("%s: %zu of %zu rows imported as %zu GPU price%s (%zu CPU-only row%s, %zu skipped)\n",
		       file, im.rows_used, im.rows, im.n_quotes, im.n_quotes == 1 ? "" : "s",
		       im.rows_no_gpu, im.rows_no_gpu == 1 ? "" : "s", im.n_problems);
	else
		printf("%s: %zu API prices imported; %zu of %zu models are not in %s, %zu skipped\n",
		       file, im.n_api, im.unmapped, im.rows, PRICES_ALIASES, im.n_problems);
	printf("provider %s, dated %s (the file's time): written to %s\n", im.provider, im.date,
	       written);
	prices_import_free(&im);
	return fflush(stdout) != 0 ? EXIT_USAGE : 0;
}

/* prices: the list; prices import FILE...: each file in turn, exit 0
 * when each gave a price, 2 when one gave none. */
static int
cmd_prices(struct cli *c, struct catalog *cat)
{
	int rc = 0;

	if (c->n_args == 0)
		return cmd_prices_list(c, cat);
	if (strcmp(c->args[0], "import") != 0 || c->n_args < 2) {
		fprintf(stderr, "gpuplan: prices takes no arguments, or import FILE...\n");
		return EXIT_USAGE;
	}
	/* one provider's file replaces its last: two under one name
	 * would keep only the second */
	if (c->s.provider[0] && c->n_args > 2) {
		fprintf(stderr, "gpuplan: --provider %s names one file's provider; import the files one at a time\n",
			c->s.provider);
		return EXIT_USAGE;
	}
	for (int i = 1; i < c->n_args; i++) {
		if (cmd_prices_import(c, cat, c->args[i]) != 0)
			rc = EXIT_USAGE;
	}
	return rc;
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
cmd_plan(struct cli *c, struct catalog *cat)
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
	default:
		if ((int)c->format == out_k8s()) {
			rc = export_k8s(stdout, &r);
			break;
		}
		if (c->format >= OUT_LAUNCH) {
			rc = export_write(stdout, export_engine((size_t)(c->format - OUT_LAUNCH)), &r);
			break;
		}
		rc = (c->explain ? report_write_explained : report_write)(stdout,
			c->format == OUT_JSON ? REPORT_JSON :
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
cmd_simulate(struct cli *c, struct catalog *cat)
{
	const struct model *m;
	const struct gpu *g;
	struct plan p;
	struct sim_result r;
	struct sim_trace tr;
	struct report_input in = {&c->s, NULL, NULL, &p};
	struct gp_error err;
	bool traced = c->s.trace[0] != '\0';
	int rc = make_plan(cat, &c->s, "", &m, &g, &p);

	if (rc != 0)
		return rc;
	in.m = m;
	in.g = g;
	if (traced && trace_load(c->s.trace, &tr, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	rc = sim_run(&c->s, m, g, &p, traced ? &tr : NULL, &r, &err);
	if (rc != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		rc = rc == SIM_NOFIT ? EXIT_NOFIT : EXIT_USAGE;
	} else if (simreport_write(stdout, c->format == OUT_JSON ? REPORT_JSON :
				   c->format == OUT_MARKDOWN ? REPORT_MARKDOWN : REPORT_TEXT,
				   &in, &r) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "gpuplan: cannot write the report\n");
		rc = EXIT_USAGE;
	}
	if (traced)
		trace_free(&tr);
	return rc;
}

static int
cmd_compare(struct cli *c, struct catalog *cat)
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
				/* native: the model's own format */
				scenario_resolve(&probe, catalog_model(cat, c->s.model));
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
cmd_fit(struct cli *c, struct catalog *cat)
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
	if ((rc = fit_restrictions(c, cat, ids, &n_ids)) != 0)
		return rc;
	c->fit.gpus = n_ids ? ids : NULL;
	c->fit.n_gpus = n_ids;
	c->fit.top = c->top ? c->top : 10;
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
cmd_inspect(struct cli *c, struct catalog *cat)
{
	const struct model *m = catalog_model(cat, c->s.model);
	struct hf_import info;
	struct model imported;
	struct gp_error err;

	if (c->s.model_file[0]) {
		if (gguf_load(c->s.model_file, &imported, &info, &err) != 0) {
			fprintf(stderr, "gpuplan: %s\n", err.msg);
			return EXIT_USAGE;
		}
		return inspect_write(stdout, &imported, &info) == 0 ? 0 : EXIT_USAGE;
	}
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
cmd_validate(struct cli *c, struct catalog *cat)
{
	char path[4200];
	struct validate_summary sum;
	struct gp_error err = {{0}};	/* zeroed: cppcheck takes the stored pointer for a read */

	snprintf(path, sizeof path, "%s/measurements.json", c->data_path);
	if (validate_run(cat, path, stdout, &sum, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	/* the report always exits 0; --check holds it to the bounds */
	return c->check && !sum.startup_ok ? EXIT_NOFIT : 0;
}

/* The screen's keys, one binding a line: names, then help from column
 * 27 (tests/docs.sh holds gpuplan(1)'s Keys to these names). */
static int
cmd_keys(struct cli *c, struct catalog *cat)
{
	(void)c;
	(void)cat;
	for (size_t i = 0; i < keys_count; i++) {
		if (keys_table[i].names != NULL)
			printf("%-24s  %s\n", keys_table[i].names, keys_table[i].help);
	}
	return ferror(stdout) ? EXIT_USAGE : 0;
}

/* No command: the screen on a terminal, the text plan down a pipe. A
 * terminal that cannot host the screen gets a reason instead of a
 * garbled screen. */
static int
cmd_default(struct cli *c, struct catalog *cat)
{
	const char *why = NULL;

	if (!isatty(STDOUT_FILENO))
		return cmd_plan(c, cat);
	if (!tui_available(&why)) {
		fprintf(stderr, "gpuplan: %s; use gpuplan plan for a text plan\n", why);
		return EXIT_USAGE;
	}
	c->tui.scenario_file = c->scenario_file;
	return tui_run(cat, &c->s, &c->tui);
}

static const struct command default_command = {
	.name = NULL, .summary = "the interactive planner, or a text plan when piped",
	.flags = CMD_SCENARIO | CMD_FILE | CMD_REPORT | CMD_LAUNCH | CMD_SCREEN | CMD_BUILD,
	.exec = cmd_default,
};

/* A new command is its exec function and one row here. */
static const struct command commands[] = {
	{.name = "plan", .summary = "print a plan",
	 .flags = CMD_SCENARIO | CMD_FILE | CMD_REPORT | CMD_LAUNCH | CMD_EXPLAIN | CMD_BUILD |
		  CMD_ONE_MODEL | CMD_ONE_GPU,
	 .exec = cmd_plan},
	{.name = "compare", .usage = "A.ini B.ini [...]", .summary = "compare saved scenarios",
	 .flags = CMD_SCENARIO | CMD_REPORT | CMD_ARGS, .exec = cmd_compare},
	{.name = "fit", .summary = "the cheapest plans that fit and meet the SLOs",
	 .flags = CMD_SCENARIO | CMD_FILE | CMD_REPORT | CMD_FIT | CMD_BUILD | CMD_ONE_MODEL,
	 .exec = cmd_fit},
	{.name = "simulate", .summary = "serving under load: latency percentiles from the scheduler",
	 .flags = CMD_SCENARIO | CMD_FILE | CMD_REPORT | CMD_BUILD | CMD_ONE_MODEL | CMD_ONE_GPU |
		  CMD_LOAD,
	 .exec = cmd_simulate},
	{.name = "inspect", .summary = "a model's derived architecture",
	 .flags = CMD_SCENARIO | CMD_FILE | CMD_BUILD | CMD_ONE_MODEL | CMD_ONE_GPU,
	 .exec = cmd_inspect},
	{.name = "validate", .summary = "predicted vs measured, data/measurements.json",
	 .flags = CMD_CHECK, .exec = cmd_validate},
	{.name = "models", .summary = "list the model catalog", .exec = cmd_models},
	{.name = "gpus", .summary = "list the GPU catalog", .exec = cmd_gpus},
	{.name = "prices", .usage = "[import FILE...]",
	 .summary = "list the prices in effect, or import price files",
	 .flags = CMD_SCENARIO | CMD_ARGS | CMD_BUILD, .exec = cmd_prices},
	{.name = "keys", .summary = "list the screen's keys", .exec = cmd_keys},
	{.name = "import", .usage = "FILE|DIR",
	 .summary = "add a config.json or checkpoint folder to your own catalog",
	 .flags = CMD_ARGS, .exec = cmd_import},
};
static const size_t command_count = sizeof commands / sizeof commands[0];

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < command_count; i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

/* How messages and --help name a command. */
static void
command_title(char *buf, size_t len, const struct command *cmd)
{
	snprintf(buf, len, "gpuplan%s%s", cmd->name ? " " : "", cmd->name ? cmd->name : "");
}

/* The command and its arguments, as the usage shows them. */
static void
command_line(char *buf, size_t len, const struct command *cmd)
{
	snprintf(buf, len, "%s%s%s", cmd->name, cmd->usage ? " " : "",
		 cmd->usage ? cmd->usage : "");
}

/* "a, b or c", the first n spellings of a choice, for an error. */
static void
print_choices(FILE *out, const char *(*choice)(int), int n)
{
	for (int i = 0; i < n; i++)
		fprintf(out, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", choice(i));
}

/* A choice's spellings as a NULL-terminated list (at most max - 1). */
static const char *const *
choice_list(const char *(*choice)(int), const char **list, int max)
{
	int n = 0;

	if (choice == NULL)
		return NULL;
	while (n < max - 1 && (list[n] = choice(n)) != NULL)
		n++;
	list[n] = NULL;
	return list;
}

/* One row of --help: LEFT in the first column, TEXT word-wrapped to
 * HELP_WIDTH from HELP_COLUMN on (starting below LEFT when it is too
 * wide to leave two spaces). */
static void
help_row(FILE *out, const char *left, const char *text)
{
	int col = fprintf(out, "  %s", left);
	int used = 0;		/* columns of TEXT on this line */

	if (col + 2 > HELP_COLUMN) {
		fputc('\n', out);
		col = 0;
	}
	for (const char *p = text; *p != '\0';) {
		int n = (int)strcspn(p, " ");

		if (used > 0 && HELP_COLUMN + used + 1 + n > HELP_WIDTH) {
			fputc('\n', out);
			col = used = 0;
		}
		if (used == 0) {
			fprintf(out, "%*s", HELP_COLUMN - col, "");
		} else {
			fputc(' ', out);
			used++;
		}
		fprintf(out, "%.*s", n, p);
		used += n;
		p += n;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

/* An option's row: its help, its choices and its default. */
static void
option_row(FILE *out, const char *left, const char *help, const char *const *choices,
	   const char *def)
{
	char text[512];
	size_t n = (size_t)snprintf(text, sizeof text, "%s", help);

	if (choices != NULL) {
		for (int i = 0; choices[i] != NULL && n < sizeof text; i++)
			n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", i ? " " : ": ",
					      choices[i]);
	}
	if (def != NULL && n < sizeof text)
		snprintf(text + n, sizeof text - n, " [%s]", def);
	help_row(out, left, text);
}

/* The rows of the CLI options a command taking TAKES takes: the fit
 * group's, or the others. */
static void
cli_option_rows(FILE *out, unsigned takes, bool fit_group)
{
	for (size_t i = 0; i < OPT_COUNT; i++) {
		const struct cli_option *o = &cli_options[i];
		const char *list[64];
		char left[64];
		int n = 0;

		if ((o->group == CMD_FIT) != fit_group || (o->group != 0 && !(takes & o->group)))
			continue;
		if (o->letter)
			n = snprintf(left, sizeof left, "-%c, ", o->letter);
		snprintf(left + n, sizeof left - (size_t)n, "--%s%s%s", o->name,
			 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		option_row(out, left, o->help, choice_list(o->choice, list, 64), o->def);
	}
}

/* The usage of CMD, or of every command when CMD is NULL: the rows come
 * from the tables, so a new command or option is listed by itself. */
static void
usage(FILE *out, const struct command *cmd)
{
	unsigned takes = cmd != NULL ? cmd->flags : ~0u;
	char title[64], line[128];

	if (cmd == NULL) {
		fprintf(out, "Usage: gpuplan [COMMAND [ARGS]] [OPTIONS]\n\n"
			"Plan a GPU deployment for LLM inference: per-GPU memory, speed and cost.\n"
			"Without a command: %s.\n\nCommands:\n", default_command.summary);
		for (size_t i = 0; i < command_count; i++) {
			command_line(line, sizeof line, &commands[i]);
			help_row(out, line, commands[i].summary);
		}
		fprintf(out, "\n`gpuplan COMMAND --help` lists the options COMMAND takes.\n");
	} else {
		command_title(title, sizeof title, cmd);
		command_line(line, sizeof line, cmd);
		fprintf(out, "Usage: gpuplan %s [OPTIONS]\n\n%s: %s.\n", line, title, cmd->summary);
	}
	if (takes & CMD_SCENARIO) {
		struct scenario d;

		scenario_default(&d);
		fprintf(out, "\nScenario options (token counts take 8k = 8192, 1m = 1048576):\n");
		for (size_t i = 0; i < scenario_option_count; i++) {
			const struct option_def *o = &scenario_options[i];
			const char *list[64], *unit;
			char def[64], left[48], help[256];

			if (!(takes & option_group(o)))
				continue;
			scenario_get(&d, o, def, sizeof def);
			snprintf(left, sizeof left, "--%s %s", o->name, o->metavar);
			/* the unit, where the help does not already say it */
			unit = o->unit != NULL && strstr(o->help, o->unit) == NULL ? o->unit : NULL;
			snprintf(help, sizeof help, "%s%s%s%s", o->help, unit ? " (" : "",
				 unit ? unit : "", unit ? ")" : "");
			option_row(out, left, help, choice_list(o->choice, list, 64), def);
		}
		/* the releases --engine-version knows, from the descriptors */
		fprintf(out, "\nModelled engine releases (--engine-version):\n");
		for (unsigned e = 0; e < engine_count; e++) {
			if (engines[e]->releases == NULL)
				continue;
			fprintf(out, "  %-9s", engines[e]->id);
			for (int r = 0; engines[e]->releases[r] != NULL; r++)
				fprintf(out, "%s%s", r ? ", " : " ", engines[e]->releases[r]);
			fprintf(out, "\n");
		}
	}
	if (takes & CMD_FIT) {
		fprintf(out, "\nFit options: --gpu, --weights, --kv-dtype and --engine restrict the search\n"
			"(repeat them or give a comma-separated list); without a demand the need is\n"
			"--batch sequences on one replica.\n");
		cli_option_rows(out, takes, true);
	}
	fprintf(out, "\nOther options:\n");
	cli_option_rows(out, takes, false);
	if (cmd == NULL)
		fprintf(out, "\nFiles: $XDG_CONFIG_HOME/gpuplan/config.ini (GPUPLAN_CONFIG overrides);\n"
			"scenarios saved from the screen go to $XDG_DATA_HOME/gpuplan/scenarios,\n"
			"imported prices (gpuplan prices import) to $XDG_DATA_HOME/gpuplan/prices,\n"
			"imported models (gpuplan import) to $XDG_DATA_HOME/gpuplan/models.json.\n"
			"Exit status: 0 ok, 1 the plan does not fit (still printed), 2 usage or\n"
			"input error. See gpuplan(1) for the keys, the JSON fields and the model.\n");
}

/* The index of ARG in O's choices, or -1 once the error is printed. */
static int
parse_choice(const struct cli_option *o, const char *arg)
{
	int n;

	for (n = 0; o->choice(n) != NULL; n++) {
		if (strcmp(arg, o->choice(n)) == 0)
			return n;
	}
	fprintf(stderr, "gpuplan: --%s %s: expected ", o->name, arg);
	print_choices(stderr, o->choice, n);
	fputc('\n', stderr);
	return -1;
}

/* Applies one of the CLI's own options; 0, or the exit status. */
static int
set_cli_option(struct cli *c, int opt, const char *arg)
{
	const struct cli_option *o = &cli_options[opt];
	uint64_t v;
	int i;

	switch (opt) {
	case OPT_DATA_DIR:
		c->data_dir = arg;
		break;
	case OPT_SCENARIO:
		c->scenario_file = arg;
		break;
	case OPT_FORMAT:
		if (strcmp(arg, "md") == 0)
			c->format = OUT_MARKDOWN;
		else if ((i = parse_choice(o, arg)) < 0)
			return EXIT_USAGE;
		else
			c->format = (enum out_format)i;
		break;
	case OPT_RANK:
		if ((i = parse_choice(o, arg)) < 0)
			return EXIT_USAGE;
		c->fit.rank = (enum fit_rank)i;
		break;
	case OPT_TOP:
	case OPT_MAX_GPUS:
	case OPT_MAX_PER_NODE:
		if (parse_tokens(arg, &v) != 0 || v == 0 || v > 65536) {
			fprintf(stderr, "gpuplan: --%s %s: must be a whole number from 1 to 65536\n",
				o->name, arg);
			return EXIT_USAGE;
		}
		if (opt == OPT_TOP)
			c->top = (size_t)v;
		else if (opt == OPT_MAX_GPUS)
			c->fit.max_gpus = v;
		else
			c->fit.max_per_node = (uint32_t)v;
		break;
	case OPT_EXPLAIN:
		c->explain = true;
		break;
	case OPT_CHECK:
		c->check = true;
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
	}
	return 0;
}

/* The getopt loop, over LONGOPTS built from both tables; each option
 * given is noted in GIVEN for check_command(). Returns 0, -1 once the
 * version is printed, or the exit status. */
static int
read_options(int argc, char **argv, struct cli *c, const struct option *longopts,
	     const char *shortopts, struct given *given, int *n_given, bool *help)
{
	int ch;

	opterr = 0;
	optind = 1;
	/* "+"-less: options may follow the command and its files. */
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int opt = ch - CLI_VAL;

		if (ch == ':') {
			fprintf(stderr, "gpuplan: %s needs a value\n", argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (ch == '?') {
			fprintf(stderr, "gpuplan: unknown option %s (see gpuplan --help)\n",
				argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (ch >= SCENARIO_VAL) {
			const char *name = scenario_options[ch - SCENARIO_VAL].name;

			if (c->n_set >= MAX_ARGS) {
				fprintf(stderr, "gpuplan: too many options\n");
				return EXIT_USAGE;
			}
			c->set[c->n_set++] = (struct assignment){.name = name, .value = optarg};
			given[(*n_given)++] = (struct given){.name = name,
				.group = option_group(&scenario_options[ch - SCENARIO_VAL]), .opt = -1};
			continue;
		}
		for (int i = 0; ch < CLI_VAL && i < OPT_COUNT; i++) {
			if (cli_options[i].letter == ch)
				opt = i;
		}
		if (opt == OPT_VERSION) {
			printf("gpuplan %s\n", PACKAGE_VERSION);
			return -1;
		}
		*help |= opt == OPT_HELP;
		given[(*n_given)++] = (struct given){.name = cli_options[opt].name,
			.group = cli_options[opt].group, .opt = opt, .arg = optarg};
	}
	return 0;
}

/* The command: the first word that is not an option, or none. */
static int
find_command_arg(int argc, char **argv, struct cli *c)
{
	c->cmd = &default_command;
	if (optind < argc && (c->cmd = find_command(argv[optind++])) == NULL) {
		fprintf(stderr, "gpuplan: unknown command \"%s\" (", argv[optind - 1]);
		for (size_t i = 0; i < command_count; i++)
			fprintf(stderr, "%s%s", i ? ", " : "", commands[i].name);
		fprintf(stderr, "; see gpuplan --help)\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* Whether the command takes the options given (which are then applied),
 * the format and the arguments left. */
static int
check_command(int argc, char **argv, struct cli *c, const struct given *given, int n_given)
{
	char title[64];
	int rc;

	command_title(title, sizeof title, c->cmd);
	for (int i = 0; i < n_given; i++) {
		if (given[i].group != 0 && !(c->cmd->flags & given[i].group)) {
			fprintf(stderr, "gpuplan: --%s is not an option of %s (see %s --help)\n",
				given[i].name, title, title);
			return EXIT_USAGE;
		}
		if (given[i].opt >= 0 && (rc = set_cli_option(c, given[i].opt, given[i].arg)) != 0)
			return rc;
	}
	if (c->format >= OUT_LAUNCH && !(c->cmd->flags & CMD_LAUNCH)) {
		fprintf(stderr, "gpuplan: %s prints ", c->cmd->name);
		print_choices(stderr, format_choice, OUT_LAUNCH);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	while (optind < argc) {
		if (!(c->cmd->flags & CMD_ARGS)) {
			fprintf(stderr, "gpuplan: unexpected argument \"%s\"\n", argv[optind]);
			return EXIT_USAGE;
		}
		if (c->n_args >= MAX_ARGS) {
			fprintf(stderr, "gpuplan: too many arguments\n");
			return EXIT_USAGE;
		}
		c->args[c->n_args++] = argv[optind++];
	}
	return 0;
}

/* Builds getopt_long's table from both option tables, sized from their
 * counts, then reads the command line. Returns 0, -1 when the help or
 * the version was printed, or the exit status. */
static int
parse_args(int argc, char **argv, struct cli *c)
{
	struct option *longopts = calloc(OPT_COUNT + scenario_option_count + 1,
					 sizeof *longopts);
	/* each option takes at least one word of argv */
	struct given *given = calloc((size_t)argc + 1, sizeof *given);
	char shortopts[2 * OPT_COUNT + 2] = ":";
	size_t ns = 1;
	int n_given = 0, rc;
	bool help = false;

	if (longopts == NULL || given == NULL) {
		fprintf(stderr, "gpuplan: out of memory\n");
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < OPT_COUNT; i++) {
		const struct cli_option *o = &cli_options[i];

		longopts[i] = (struct option){.name = o->name, .has_arg = o->has_arg,
					      .val = CLI_VAL + (int)i};
		if (o->letter) {
			shortopts[ns++] = (char)o->letter;
			if (o->has_arg == required_argument)
				shortopts[ns++] = ':';
		}
	}
	for (size_t i = 0; i < scenario_option_count; i++)
		longopts[OPT_COUNT + i] = (struct option){.name = scenario_options[i].name,
			.has_arg = required_argument, .val = SCENARIO_VAL + (int)i};
	if ((rc = read_options(argc, argv, c, longopts, shortopts, given, &n_given,
			       &help)) != 0 ||
	    (rc = find_command_arg(argc, argv, c)) != 0)
		goto out;
	if (help) {
		/* after a command, only what that command takes */
		usage(stdout, c->cmd == &default_command ? NULL : c->cmd);
		rc = -1;
	} else
		rc = check_command(argc, argv, c, given, n_given);
out:
	free(longopts);
	free(given);
	return rc;
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
	load_user_config(&c);
	/* the scenario before the catalog, which then reads what it names */
	if ((c.cmd->flags & CMD_BUILD) && (rc = gather_scenario(&c, c.scenario_file, &c.s)) != 0)
		return rc;
	if (load_catalog(&c, &cat) != 0)
		return EXIT_USAGE;
	if (!(c.cmd->flags & CMD_BUILD) || (rc = settle_scenario(&c, &c.s, &cat)) == 0)
		rc = c.cmd->exec(&c, &cat);
	catalog_free(&cat);
	return rc;
}
