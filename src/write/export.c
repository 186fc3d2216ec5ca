/* export.c - launch lines and Kubernetes manifests: a preamble, then
 * the engine's own writer, once per node role. A plan that does not fit
 * still gets its line, with a comment saying so; a layout an engine
 * cannot launch gets a comment saying why, and no command. Either way
 * the status is the plan's (see gpuplan(1), EXIT STATUS). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

/* What one launch writer may write: the TensorRT-LLM options file and
 * its command stay well inside. */
#define LAUNCH_TEXT 8192

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

/* The plan in one comment; manifests run the replicas themselves. */
static void
preamble(FILE *out, const struct report_input *r, bool manifests)
{
	const struct plan *p = r->p;
	const struct layout *l = &p->layout;

	fprintf(out, "# gpuplan: %s on %llu x %s", r->m->name,
		(unsigned long long)l->gpus, r->g->name);
	if (l->replicas > 1)
		fprintf(out, manifests ? "; %llu replicas of %llu GPUs" :
			"; run %llu replicas of this, %llu GPUs each",
			(unsigned long long)l->replicas, (unsigned long long)(l->tp * l->pp));
	fprintf(out, "\n");
	if (l->nodes > 1)
		fprintf(out, "# one replica spans %llu nodes of %llu GPUs\n",
			(unsigned long long)l->nodes, (unsigned long long)l->node_gpus);
	if (!p->mem.fits)
		fprintf(out, "# warning: this plan does not fit; the engine will refuse or run out of memory\n");
}

/* Writes e's commands for one role into text; -1 when e has none or
 * refuses the layout (text then holds the comment why). */
static int
launch_text(char *text, size_t len, const struct engine *e, const struct report_input *r,
	    enum launch_role role)
{
	struct textbuf b = {text, len, 0};
	struct engine_launch_input in = {r->s, r->m, r->g, r->p, role};
	size_t n = 0;

	text[0] = '\0';
	if (e == NULL || e->launch == NULL) {
		tb_printf(&b, "# %s has no launch line; plan with one of", e != NULL ? e->id : "this engine");
		for (const struct engine *x; (x = export_engine(n)) != NULL; n++)
			tb_printf(&b, "%s--engine %s", n == 0 ? " " : ", ", x->id);
		tb_printf(&b, "\n");
		return -1;
	}
	return e->launch(&b, &in);
}

int
export_write(FILE *out, const struct engine *e, const struct report_input *r)
{
	char text[LAUNCH_TEXT];
	const struct layout *l = &r->p->layout;

	preamble(out, r, false);
	if (launch_text(text, sizeof text, e, r, LAUNCH_HEAD) != 0 || l->nodes == 1) {
		fputs(text, out);
		return ferror(out) ? -1 : 0;
	}
	if (!e->node_pods) {
		fprintf(out, "# on the head node; srun starts the ranks on all %llu nodes:\n%s",
			(unsigned long long)l->nodes, text);
		return ferror(out) ? -1 : 0;
	}
	fprintf(out, "# on every node first: export HEAD_IP=<the head node's address>\n"
		"# on the head node (node rank 0):\n%s", text);
	if (l->nodes == 2)
		fprintf(out, "# on the other node (NODE_RANK=1):\n");
	else
		fprintf(out, "# on each other node (NODE_RANK=1 to %llu):\n",
			(unsigned long long)(l->nodes - 1));
	launch_text(text, sizeof text, e, r, LAUNCH_WORKER);
	fputs(text, out);
	return ferror(out) ? -1 : 0;
}

/* Kubernetes ------------------------------------------------------- */

/* The objects' name: gpuplan-MODEL as a DNS label (lower case, digits
 * and '-'), which the Services LeaderWorkerSet creates need. */
static void
k8s_name(char *buf, size_t len, const char *model)
{
	size_t n = (size_t)snprintf(buf, len, "gpuplan-");

	for (const char *c = model; *c && n + 1 < len && n < 48; c++)
		buf[n++] = isalnum((unsigned char)*c) ? (char)tolower((unsigned char)*c) : '-';
	while (n > 0 && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
}

/* GPU Feature Discovery's nvidia.com/gpu.product as far as the
 * catalog's name gives it: the name without its "(...)" notes, words
 * joined by '-', only the characters a label value may hold. GFD
 * labels the driver's name, which the catalog does not keep. */
static const char *
k8s_product(char *buf, size_t len, const char *name)
{
	size_t n = 0;
	int depth = 0;

	for (const char *c = name; *c && n + 1 < len && n < 63; c++) {
		if (*c == '(' || *c == ')') {
			depth += *c == '(' ? 1 : -1;
			continue;
		}
		if (depth > 0)
			continue;
		if (isalnum((unsigned char)*c) || *c == '.' || *c == '_')
			buf[n++] = *c;
		else if (n > 0 && buf[n - 1] != '-')
			buf[n++] = '-';
	}
	while (n > 0 && !isalnum((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	return buf;
}

/* The device plugin's resource for the GPU's vendor; NULL: none known. */
static const char *
k8s_gpu_resource(const struct gpu *g)
{
	if (strcmp(g->vendor, "nvidia") == 0)
		return "nvidia.com/gpu";
	if (strcmp(g->vendor, "amd") == 0)
		return "amd.com/gpu";
	return NULL;
}

/* text as a literal block scalar, each line indented by ind spaces */
static void
k8s_block(FILE *out, const char *text, int ind)
{
	const char *line = text, *nl;

	while (*line) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		if (nl > line)
			fprintf(out, "%*s%.*s", ind, "", (int)(nl - line), line);
		fputc('\n', out);
		line = *nl ? nl + 1 : nl;
	}
}

static void
k8s_probe(FILE *out, const char *kind, const struct engine *e, int period, int failures)
{
	fprintf(out, "    %s:\n      httpGet:\n        path: /health\n        port: %u\n"
		"      periodSeconds: %d\n      failureThreshold: %d\n", kind, (unsigned)e->port,
		period, failures);
}

/* One pod's spec, at depth 0: the engine's commands for role as a
 * shell script (the placeholders set from LeaderWorkerSet's
 * variables), its GPUs, the GPU product as node selector, shared
 * memory and, on the pod that serves, the probes. */
static void
k8s_pod(FILE *out, const struct engine *e, const struct report_input *r, const char *script,
	enum launch_role role, bool serves)
{
	const struct layout *l = &r->p->layout;
	const char *res = k8s_gpu_resource(r->g);

	fprintf(out, "spec:\n");
	if (strcmp(r->g->vendor, "nvidia") == 0) {
		char product[GPU_NAME_LEN];

		fprintf(out, "  nodeSelector:\n    nvidia.com/gpu.product: %s\n",
			k8s_product(product, sizeof product, r->g->name));
	}
	fprintf(out, "  containers:\n  - name: %s\n    image: %s\n", e->id, e->image);
	fprintf(out, "    command: [\"/bin/sh\", \"-c\"]\n    args:\n    - |\n      set -e\n");
	if (l->nodes > 1)
		fprintf(out, "      HEAD_IP=\"$LWS_LEADER_ADDRESS\"%s\n",
			role == LAUNCH_WORKER ? " NODE_RANK=\"$LWS_WORKER_INDEX\"" : "");
	if (e->image_setup != NULL)
		k8s_block(out, e->image_setup, 6);
	k8s_block(out, script, 6);
	/* gated models (Llama) download with a token when the Secret
	 * exists; the pod starts without it */
	fprintf(out, "    env:\n    - name: HF_TOKEN\n      valueFrom:\n        secretKeyRef:\n"
		"          name: hf-token\n          key: token\n          optional: true\n");
	if (serves)
		fprintf(out, "    ports:\n    - containerPort: %u\n", (unsigned)e->port);
	fprintf(out, "    resources:\n      requests:\n        %s: %llu\n"
		"      limits:\n        %s: %llu\n", res, (unsigned long long)l->node_gpus, res,
		(unsigned long long)l->node_gpus);
	if (serves) {
		/* loading the weights takes minutes: liveness and readiness
		 * start once the server first answers */
		k8s_probe(out, "startupProbe", e, 10, 180);
		k8s_probe(out, "readinessProbe", e, 10, 3);
		k8s_probe(out, "livenessProbe", e, 30, 3);
	}
	/* NCCL and the engines' worker processes share tensors through
	 * /dev/shm, which is 64 MiB in a container by default */
	fprintf(out, "    volumeMounts:\n    - name: shm\n      mountPath: /dev/shm\n"
		"  volumes:\n  - name: shm\n    emptyDir:\n      medium: Memory\n");
}

/* k8s_pod's spec written ind spaces deep; -1 out of memory */
static int
k8s_pod_at(FILE *out, int ind, const struct engine *e, const struct report_input *r,
	   const char *script, enum launch_role role, bool serves)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return -1;
	k8s_pod(f, e, r, script, role, serves);
	if (fclose(f) != 0) {
		free(text);
		return -1;
	}
	k8s_block(out, text, ind);
	free(text);
	return 0;
}

static void
k8s_service(FILE *out, const char *name, const struct engine *e, bool leader)
{
	fprintf(out, "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: %s\nspec:\n"
		"  selector:\n    app: %s\n", name, name);
	if (leader)
		fprintf(out, "    role: leader\n");
	fprintf(out, "  ports:\n  - port: %u\n    targetPort: %u\n", (unsigned)e->port,
		(unsigned)e->port);
}

int
export_k8s(FILE *out, const struct report_input *r)
{
	char head[LAUNCH_TEXT], worker[LAUNCH_TEXT];
	const struct engine *e = engine_of(r->s);
	const struct layout *l = &r->p->layout;
	char name[64];

	preamble(out, r, true);
	if (launch_text(head, sizeof head, e, r, LAUNCH_HEAD) != 0) {
		fputs(head, out);
		return ferror(out) ? -1 : 0;
	}
	if (k8s_gpu_resource(r->g) == NULL) {
		fprintf(out, "# no Kubernetes device plugin resource is known for %s GPUs (%s)\n",
			r->g->vendor, r->g->name);
		return ferror(out) ? -1 : 0;
	}
	if (l->nodes > 1 && !e->node_pods) {
		fprintf(out, "# %s over %llu nodes runs as one MPI world (srun or mpirun, see --format %s), which these manifests do not set up\n",
			e->name, (unsigned long long)l->nodes, e->id);
		return ferror(out) ? -1 : 0;
	}
	k8s_name(name, sizeof name, r->m->id);
	if (strcmp(r->g->vendor, "nvidia") == 0)
		fprintf(out, "# nvidia.com/gpu.product is derived from the catalog's name; GPU Feature Discovery\n"
			"# labels the driver's name (e.g. NVIDIA-H100-80GB-HBM3): check kubectl get nodes -L nvidia.com/gpu.product\n");
	else
		fprintf(out, "# image: use the engine's ROCm build; add a nodeSelector on your node labeller's GPU product label\n");
	if (l->nodes == 1) {
		fprintf(out, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n"
			"spec:\n  replicas: %llu\n  selector:\n    matchLabels:\n      app: %s\n"
			"  template:\n    metadata:\n      labels:\n        app: %s\n",
			name, (unsigned long long)l->replicas, name, name);
		if (k8s_pod_at(out, 4, e, r, head, LAUNCH_HEAD, true) != 0)
			return -1;
		k8s_service(out, name, e, false);
		return ferror(out) ? -1 : 0;
	}
	launch_text(worker, sizeof worker, e, r, LAUNCH_WORKER);
	fprintf(out, "apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata:\n"
		"  name: %s\nspec:\n  replicas: %llu\n  leaderWorkerTemplate:\n    size: %llu\n"
		"    restartPolicy: RecreateGroupOnPodRestart\n", name,
		(unsigned long long)l->replicas, (unsigned long long)l->nodes);
	fprintf(out, "    leaderTemplate:\n      metadata:\n        labels:\n          app: %s\n"
		"          role: leader\n", name);
	if (k8s_pod_at(out, 6, e, r, head, LAUNCH_HEAD, true) != 0)
		return -1;
	fprintf(out, "    workerTemplate:\n      metadata:\n        labels:\n          app: %s\n"
		"          role: worker\n", name);
	if (k8s_pod_at(out, 6, e, r, worker, LAUNCH_WORKER, false) != 0)
		return -1;
	k8s_service(out, name, e, true);
	return ferror(out) ? -1 : 0;
}
