/* usercat.c - the user's own catalog (gpuplan import), rewritten
 * whole: read, changed in memory, checked by loading it, then
 * written to a temp file and renamed over the old one. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomicfile.h"
#include "catalog.h"
#include "catload.h"
#include "jsondoc.h"
#include "usercat.h"

/* The file's document, or a new empty one when there is no file. */
static cJSON *
read_or_new(const char *path, struct gp_error *err)
{
	struct jdoc_ctx x = {path, "models", -1, NULL, err};
	struct stat st;
	cJSON *root;
	size_t len;
	char *text;

	if (stat(path, &st) != 0) {
		root = cJSON_CreateObject();
		if (root == NULL || cJSON_AddStringToObject(root, "format", "gpuplan-models") == NULL ||
		    cJSON_AddNumberToObject(root, "version", CATALOG_VERSION) == NULL ||
		    cJSON_AddArrayToObject(root, "models") == NULL) {
			cJSON_Delete(root);
			return gp_error_set(err, "out of memory"), NULL;
		}
		return root;
	}
	if ((text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, err)) == NULL)
		return NULL;
	root = jdoc_parse(&x, text, len);
	free(text);
	if (root != NULL && jdoc_header(&x, root, "gpuplan-models", CATALOG_VERSION) == NULL) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* The position of the entry with id in list, or -1. */
static int
find_id(const cJSON *list, const char *id)
{
	const cJSON *e;
	int i = 0;

	cJSON_ArrayForEach(e, list) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "id");

		if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
			return i;
		i++;
	}
	return -1;
}

int
usercat_add(const char *path, cJSON *entry, bool *replaced, struct gp_error *err)
{
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "id"));
	cJSON *root = read_or_new(path, err), *list;
	struct catalog check;
	char *text;
	int at, rc;

	if (root == NULL) {
		cJSON_Delete(entry);
		return -1;
	}
	list = cJSON_GetObjectItemCaseSensitive(root, "models");
	at = id != NULL ? find_id(list, id) : -1;
	*replaced = at >= 0;
	if (!(at >= 0 ? cJSON_ReplaceItemInArray(list, at, entry) : cJSON_AddItemToArray(list, entry))) {
		cJSON_Delete(entry);
		cJSON_Delete(root);
		return gp_error_set(err, "out of memory");
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return gp_error_set(err, "out of memory");
	/* what is written must load, or the old file stays */
	memset(&check, 0, sizeof check);
	rc = catalog_parse_models(&check, text, strlen(text), path, err);
	catalog_free(&check);
	if (rc == 0)
		rc = atomic_make_parents(path, err) != 0 ||
		     atomic_write(path, text, strlen(text), err) != 0 ? -1 : 0;
	free(text);
	return rc;
}
