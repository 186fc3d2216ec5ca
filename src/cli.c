/* cli.c - argument parsing and the non-interactive commands. Every
 * scenario option comes from scenario_options[], so --help, the parser
 * and the INI keys cannot drift apart. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "cli.h"
#include "config.h"
#include "datadir.h"
#include "memory.h"
#include "plan.h"
#include "report.h"
#include "tui.h"

#define EXIT_NOFIT 1
#define EXIT_USAGE 2

enum { OPT_HELP = 1000, OPT_VERSION, OPT_DATA_DIR, OPT_FORMAT, OPT_NO_COLOR,
       OPT_ASCII, OPT_FIRST_SCENARIO = 2000 };

struct cli {
	const char *command;
	const char *data_dir;
	enum report_format format;
	struct tui_options tui;
	struct scenario s;
};

static void
usage(FILE *out)
{
	fprintf(out,
"Usage: gpuplan [OPTIONS]            interactive planner (plan as text when not a terminal)\n"
"       gpuplan plan [OPTIONS]       print a plan\n"
"       gpuplan models               list the model catalog\n"
"       gpuplan gpus                 list the GPU catalog\n"
"\n"
"Plan a GPU deployment for LLM inference: per-GPU memory, speed and cost.\n"
"\n"
"Scenario options (token counts take 8k = 8192, 1m = 1048576):\n");
	for (size_t i = 0; i < scenario_option_count; i++) {
		const struct option_def *o = &scenario_options[i];
		char def[64], flag[48];
		struct scenario d;

		scenario_default(&d);
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
"  --format text|json|markdown  output of plan [text]\n"
"  --data-dir DIR               catalogs directory (also GPUPLAN_DATA_DIR)\n"
"  --no-color, --ascii          screen without colour / with ASCII only\n"
"  -h, --help, -V, --version\n"
"\nExit status: 0 ok, 1 the plan does not fit (still printed), 2 usage or input error.\n"
"See gpuplan(1) for the JSON fields and the planning model.\n");
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
	};
	size_t nfixed = sizeof fixed / sizeof fixed[0];
	struct option longopts[64];
	struct gp_error err;
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
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				c->format = REPORT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				c->format = REPORT_JSON;
			else if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
				c->format = REPORT_MARKDOWN;
			else {
				fprintf(stderr, "gpuplan: --format %s: expected text, json or markdown\n", optarg);
				return EXIT_USAGE;
			}
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
			if (scenario_set(&c->s, scenario_options[ch - OPT_FIRST_SCENARIO].name,
					 optarg, &err) != 0) {
				fprintf(stderr, "gpuplan: %s\n", err.msg);
				return EXIT_USAGE;
			}
			break;
		}
	}
	if (optind < argc)
		c->command = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "gpuplan: unexpected argument \"%s\"\n", argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

static int
load_catalog(const struct cli *c, struct catalog *cat)
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
	return 0;
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

		snprintf(link, sizeof link, "%s %.0f GB/s", link_kind_name(g->link), g->link_gbs);
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

static int
print_plan(const struct cli *c, const struct catalog *cat)
{
	const struct model *m = catalog_model(cat, c->s.model);
	const struct gpu *g = catalog_gpu(cat, c->s.gpu);
	struct plan p;
	struct gp_error err;
	struct report_input r = {&c->s, m, g, &p};

	if (m == NULL) {
		fprintf(stderr, "gpuplan: --model %s: not in the catalog (gpuplan models lists them)\n",
			c->s.model);
		return EXIT_USAGE;
	}
	if (g == NULL) {
		fprintf(stderr, "gpuplan: --gpu %s: not in the catalog (gpuplan gpus lists them)\n",
			c->s.gpu);
		return EXIT_USAGE;
	}
	if (plan_compute(&c->s, m, g, &p, &err) != 0) {
		fprintf(stderr, "gpuplan: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (report_write(stdout, c->format, &r) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "gpuplan: cannot write the report\n");
		return EXIT_USAGE;
	}
	return p.mem.fits ? 0 : EXIT_NOFIT;
}

int
cli_main(int argc, char **argv)
{
	struct cli c = {0};
	struct catalog cat;
	int rc;

	scenario_default(&c.s);
	rc = parse_args(argc, argv, &c);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (c.command != NULL && strcmp(c.command, "plan") != 0 &&
	    strcmp(c.command, "models") != 0 && strcmp(c.command, "gpus") != 0) {
		fprintf(stderr, "gpuplan: unknown command \"%s\" (plan, models, gpus; see gpuplan --help)\n",
			c.command);
		return EXIT_USAGE;
	}
	if (load_catalog(&c, &cat) != 0)
		return EXIT_USAGE;

	if (c.command == NULL) {
		const char *why = NULL;

		/* A pipe gets the text plan; a terminal that cannot host
		 * the screen gets a reason instead of a garbled screen. */
		if (!isatty(STDOUT_FILENO))
			rc = print_plan(&c, &cat);
		else if (tui_available(&why))
			rc = tui_run(&cat, &c.s, &c.tui);
		else {
			fprintf(stderr, "gpuplan: %s; use gpuplan plan for a text plan\n", why);
			rc = EXIT_USAGE;
		}
	} else if (strcmp(c.command, "models") == 0) {
		rc = list_models(&cat);
	} else if (strcmp(c.command, "gpus") == 0) {
		rc = list_gpus(&cat);
	} else {
		rc = print_plan(&c, &cat);
	}
	catalog_free(&cat);
	return rc;
}
