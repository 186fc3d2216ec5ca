/* hfimport.c - a config.json from disk, named after its directory.
 * Knows the Hugging Face cache layout
 * (models--org--name/snapshots/<commit>/config.json) and the
 * model.safetensors.index.json beside the config; the JSON itself is
 * hfconfig.c's. */
#define _XOPEN_SOURCE 700	/* realpath */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "catload.h"
#include "hfconfig.h"
#include "hfimport.h"
#include "jsondoc.h"

/* The directory part of path ("." when there is none). */
static void
dir_of(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(out, len, ".");
	else if (slash == path)
		snprintf(out, len, "/");
	else
		snprintf(out, len, "%.*s", (int)(slash - path), path);
}

/* The last component of dir, or "" for ".", "/" and "". */
static const char *
base_of(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	const char *b = slash ? slash + 1 : dir;

	return strcmp(b, ".") == 0 || strcmp(b, "..") == 0 ? "" : b;
}

static bool
is_hex40(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++) {
		if (!isxdigit((unsigned char)s[n]))
			return false;
	}
	return n == 40;
}

/* The model's directory name. In the Hugging Face cache layout
 * (models--org--name/snapshots/<commit>/config.json) that is "name". */
static void
model_dir_name(const char *dir, char *out, size_t len)
{
	char tmp[HF_PATH_LEN];
	const char *b = base_of(dir);

	out[0] = '\0';
	if (is_hex40(b)) {
		char up[HF_PATH_LEN];

		dir_of(dir, up, sizeof up);
		if (strcmp(base_of(up), "snapshots") == 0) {
			const char *repo, *cut;

			dir_of(up, tmp, sizeof tmp);
			repo = base_of(tmp);
			cut = strstr(repo, "--");
			while (cut != NULL && strstr(cut + 2, "--") != NULL)
				cut = strstr(cut + 2, "--");
			snprintf(out, len, "%s", cut ? cut + 2 : repo);
			return;
		}
	}
	snprintf(out, len, "%s", b);
}

/* Lowercase letters, digits and - . _ (catalog.c's rule for ids). */
static void
make_id(const char *name, char *out, size_t len)
{
	size_t o = 0;

	for (const char *p = name; *p && o + 1 < len; p++) {
		char ch = (char)tolower((unsigned char)*p);

		out[o++] = (isalnum((unsigned char)ch) || ch == '-' || ch == '.' || ch == '_') &&
			   (unsigned char)ch < 0x80 ? ch : '-';
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, len, "imported");
}

/* Python's json module writes NaN, Infinity and -Infinity, which are
 * no JSON (transformers saves them in config.json). Outside strings
 * each becomes an empty array padded with blanks, so byte offsets stay
 * and a field the planner reads fails its type check by name, while
 * one it ignores costs nothing. */
static void
python_literals(char *text, size_t len)
{
	static const char *const words[] = {"-Infinity", "Infinity", "NaN"};
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		if (in_string) {
			if (text[i] == '\\')
				i++;
			else if (text[i] == '"')
				in_string = false;
			continue;
		}
		if (text[i] == '"') {
			in_string = true;
			continue;
		}
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
			size_t n = strlen(words[w]);

			if (n <= len - i && memcmp(text + i, words[w], n) == 0) {
				memset(text + i, ' ', n);
				text[i] = '[';
				text[i + 1] = ']';
				i += n - 1;
				break;
			}
		}
	}
}

/* A JSON file of at most max bytes, parsed; errors name the path. */
static cJSON *
read_json(const char *path, size_t max, struct gp_error *err)
{
	struct jdoc_ctx x = {path, NULL, -1, NULL, err};
	size_t len;
	char *text;
	cJSON *root;

	text = catalog_read_file(path, max, &len, err);
	if (text == NULL)
		return NULL;
	python_literals(text, len);
	root = jdoc_parse(&x, text, len);
	free(text);
	return root;
}

/* A ModelOpt hf_quant_config.json beside the config. A broken one is
 * no error: the import notes it and leaves the weights to --weights. */
static void
read_modelopt(const char *dir, struct model *m, struct hf_import *info)
{
	char path[HF_PATH_LEN];
	struct gp_error sub;
	cJSON *root;

	if ((size_t)snprintf(path, sizeof path, "%s/hf_quant_config.json", dir) >= sizeof path ||
	    access(path, R_OK) != 0)
		return;
	sub.msg[0] = '\0';
	root = read_json(path, HF_CONFIG_MAX_BYTES, &sub);
	hfconfig_modelopt(root, path, sub.msg, m, info);
	cJSON_Delete(root);
}

/* model.safetensors.index.json beside the config. A missing or
 * unreadable index is not an error (access, not an open and close, asks
 * which); a broken one is. */
static int
read_index(const char *dir, struct model *m, struct hf_import *info,
	   struct gp_error *err)
{
	char path[HF_PATH_LEN];
	cJSON *root;

	if ((size_t)snprintf(path, sizeof path, "%s/model.safetensors.index.json", dir) >= sizeof path ||
	    access(path, R_OK) != 0)
		return 0;
	if ((root = read_json(path, HF_INDEX_MAX_BYTES, err)) == NULL)
		return -1;
	hfconfig_index(root, path, m, info);
	cJSON_Delete(root);
	return 0;
}

/* The config.json that path names: the file itself, or the one in a
 * checkpoint folder (trailing slashes dropped, so the folder still
 * names the model). */
static int
config_path(const char *path, char *out, size_t len, struct gp_error *err)
{
	struct stat st;
	size_t n = strlen(path);

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		if ((size_t)snprintf(out, len, "%s", path) >= len)
			return gp_error_set(err, "%.64s...: path too long", path);
		return 0;
	}
	while (n > 1 && path[n - 1] == '/')
		n--;
	if ((size_t)snprintf(out, len, "%.*s/config.json", (int)n, path) >= len)
		return gp_error_set(err, "%.64s...: path too long", path);
	if (access(out, F_OK) != 0)
		return gp_error_set(err, "%s: a checkpoint folder needs its config.json", path);
	return 0;
}

int
hfimport_load(const char *path, struct model *m, struct hf_import *info,
	      struct gp_error *err)
{
	char file[HF_PATH_LEN];
	struct hf_import local;
	struct gp_error sub;
	char dir[HF_PATH_LEN], name[MODEL_NAME_LEN];
	const cJSON *origin_v;
	const char *origin;
	cJSON *root;
	int rc;

	if (info == NULL)
		info = &local;
	memset(m, 0, sizeof *m);
	if (config_path(path, file, sizeof file, err) != 0)
		return -1;
	path = file;
	if ((root = read_json(path, HF_CONFIG_MAX_BYTES, err)) == NULL)
		return -1;
	sub.msg[0] = '\0';
	rc = hfconfig_read_file(root, path, m, info, &sub);
	if (rc != 0) {
		cJSON_Delete(root);
		return gp_error_set(err, "%s: %s", path, sub.msg);
	}
	snprintf(info->path, sizeof info->path, "%s", path);

	dir_of(path, dir, sizeof dir);
	model_dir_name(dir, name, sizeof name);
	origin_v = cJSON_GetObjectItemCaseSensitive(root, "_name_or_path");
	origin = cJSON_IsString(origin_v) ? origin_v->valuestring : NULL;
	if (origin != NULL && origin[0] != '\0' && origin[0] != '/' && origin[0] != '.' &&
	    strchr(origin, '/') != NULL && strchr(strchr(origin, '/') + 1, '/') == NULL)
		snprintf(m->hf_repo, sizeof m->hf_repo, "%s", origin);
	if (name[0] == '\0' && m->hf_repo[0] != '\0')
		snprintf(name, sizeof name, "%s", strchr(m->hf_repo, '/') + 1);
	make_id(name, m->id, sizeof m->id);
	if (name[0] != '\0')
		snprintf(m->name, sizeof m->name, "%s", name);
	else
		snprintf(m->name, sizeof m->name, "%s (imported)",
			 info->model_type[0] ? info->model_type : "model");
	/* a long path is cut: the source is shown, never opened */
	snprintf(m->source, sizeof m->source, "%.*s", (int)sizeof m->source - 1, path);
	cJSON_Delete(root);

	read_modelopt(dir, m, info);
	sub.msg[0] = '\0';
	if (read_index(dir, m, info, &sub) != 0)
		return gp_error_set(err, "%s", sub.msg);
	return 0;
}

int
hfimport_into(struct catalog *c, struct scenario *s, const char *path,
	      int flags, struct gp_error *err)
{
	struct hf_import info;
	struct model m;

	if (hfimport_load(path, &m, &info, err) != 0)
		return -1;
	hfconfig_settle_format(&m, &info);
	if (!((flags & HFIMPORT_REUSE_ID) && catalog_model(c, m.id) != NULL) &&
	    catalog_add_model(c, &m, err) != 0)
		return -1;
	snprintf(s->model, sizeof s->model, "%s", m.id);
	/* the checkpoint's own quantization wins over --weights, except
	 * a GGUF preset, which llama.cpp converts to */
	if (info.has_weights && (!(flags & HFIMPORT_KEEP_WEIGHTS) ||
				 (m.quant && weight_format_info(s->weights)->gguf == GT_NONE)))
		s->weights = info.weights;
	return 0;
}

/* The id an import takes: its own, unless a shipped model has it. */
static void
entry_id(char *id, size_t size, const struct catalog *c)
{
	const struct model *old = catalog_model(c, id);

	if (old != NULL && !old->user)
		catalog_imported_id(id, size);
}

int
hfimport_entry(const char *path, const struct catalog *c, const char *today,
	       cJSON **entry, struct gp_error *err)
{
	struct hf_import info;
	struct model m;
	char dir[HF_PATH_LEN], quant[HF_PATH_LEN + 32], full[PATH_MAX], source[PATH_MAX];
	cJSON *e, *config, *mo = NULL;

	*entry = NULL;
	if (hfimport_load(path, &m, &info, err) != 0)
		return -1;
	entry_id(m.id, sizeof m.id, c);
	if ((config = read_json(info.path, HF_CONFIG_MAX_BYTES, err)) == NULL)
		return -1;
	dir_of(info.path, dir, sizeof dir);
	snprintf(quant, sizeof quant, "%s/hf_quant_config.json", dir);
	/* a broken one was noted by hfimport_load and is left out, so the
	 * entry plans as the import did */
	if (access(quant, R_OK) == 0) {
		struct gp_error sub;

		sub.msg[0] = '\0';
		mo = read_json(quant, HF_CONFIG_MAX_BYTES, &sub);
	}
	snprintf(source, sizeof source, "%s", realpath(info.path, full) != NULL ? full : info.path);
	e = cJSON_CreateObject();
	if (e == NULL || cJSON_AddStringToObject(e, "id", m.id) == NULL ||
	    cJSON_AddStringToObject(e, "name", m.name) == NULL ||
	    (m.hf_repo[0] != '\0' && cJSON_AddStringToObject(e, "hf_repo", m.hf_repo) == NULL) ||
	    cJSON_AddStringToObject(e, "source", source) == NULL ||
	    cJSON_AddStringToObject(e, "imported", today) == NULL ||
	    (m.checkpoint_bytes > 0 &&
	     cJSON_AddNumberToObject(e, "checkpoint_bytes", (double)m.checkpoint_bytes) == NULL) ||
	    !cJSON_AddItemToObject(e, "config", config)) {
		cJSON_Delete(e);
		cJSON_Delete(config);
		cJSON_Delete(mo);
		return gp_error_set(err, "out of memory");
	}
	if (mo != NULL && !cJSON_AddItemToObject(e, "hf_quant_config", mo)) {
		cJSON_Delete(e);
		cJSON_Delete(mo);
		return gp_error_set(err, "out of memory");
	}
	*entry = e;
	return 0;
}
