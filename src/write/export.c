/* export.c - launch lines: a preamble, then the engine's own writer. A
 * plan that does not fit still gets its line, with a comment saying so. */
#include <string.h>

#include "export.h"

size_t
export_count(void)
{
	size_t n = 0;

	for (unsigned i = 0; i < engine_count; i++)
		n += engines[i]->launch != NULL;
	return n;
}

const struct engine *
export_engine(size_t i)
{
	for (unsigned e = 0; e < engine_count; e++) {
		if (engines[e]->launch != NULL && i-- == 0)
			return engines[e];
	}
	return NULL;
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

int
export_write(FILE *out, const struct engine *e, const struct report_input *r)
{
	char text[4096];
	struct textbuf b = TEXTBUF(text);
	struct engine_launch_input in = {r->s, r->m, r->g, r->p};

	preamble(out, r);
	if (e == NULL || e->launch == NULL) {
		fprintf(out, "# %s has no launch line\n", e != NULL ? e->id : "this engine");
		return ferror(out) ? -1 : 0;
	}
	text[0] = '\0';
	e->launch(&b, &in);
	fputs(text, out);
	return ferror(out) ? -1 : 0;
}
