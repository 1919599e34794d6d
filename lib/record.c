/*
 * The record types: a table that names each type, its schema, where it
 * lives in the repository and the canonical order of its keys, including
 * the keys of the maps nested inside it.  Everything else about a record
 * (its fields' meaning, cross-references) belongs to panel check and to the
 * commands that write it.
 */

#include "record.h"

#include <string.h>

#include "buf.h"
#include "fs.h"
#include "banned.h"

static const char *const panel_order[] = {"name", "force", "opcc", "frequency",
    "paths", "import", "redact", "rubric", "thresholds", NULL};
static const char *const paths_order[] = {
    "members", "meetings", "actions", "recommendations", "vault", NULL};
static const char *const member_order[] = {"id", "name", "role", "organisation",
    "vetted_until", "term_start", "term_end", "active", NULL};
static const char *const meeting_order[] = {
    "date", "location", "status", "papers_due", "period", NULL};
static const char *const period_order[] = {"from", "to", NULL};
static const char *const minutes_order[] = {
    "meeting", "chair", "attendance", "guests", "items", NULL};
static const char *const attendance_order[] = {"member", "status", NULL};
static const char *const guest_order[] = {"name", "role", NULL};
static const char *const item_order[] = {"number", "title", "visibility",
    "summary", "actions", "recommendations", NULL};
static const char *const action_order[] = {
    "id", "text", "owner", "raised_at", "due", "status", "closed_at", NULL};
static const char *const recommendation_order[] = {"id", "text", "to",
    "raised_at", "response", "response_date", "status", NULL};

/* panel-sample's records (issue 3); items in strata keep built order. */
static const char *const population_order[] = {"meeting", "period", "sources",
    "index", "filters", "strata", "excluded", NULL};
static const char *const index_order[] = {"file", "sha256", NULL};
static const char *const source_order[] = {
    "kind", "file", "sha256", "rows", NULL};
static const char *const filters_order[] = {"areas", "channels", NULL};
static const char *const list_order[] = {
    "name", "file", "count", "sha256", NULL};
static const char *const excluded_order[] = {"reason", "count", NULL};
static const char *const sample_order[] = {"meeting", "algorithm", "seed",
    "seed_sha256", "population_commit", "strata", "substitutions", "conflicts",
    NULL};
static const char *const stratum_order[] = {"name", "source", "population",
    "sha256", "size", "reserve", "items", "reserves", NULL};
static const char *const substitution_order[] = {
    "item", "stratum", "reason", "replacement", NULL};
static const char *const conflict_order[] = {
    "member", "item", "interest", NULL};

static const struct panel_record_type types[] = {
    {"panel", "panel", panel_order, NULL},
    {"member", "member", member_order, "id"},
    {"meeting", "meeting", meeting_order, "date"},
    {"minutes", "minutes", minutes_order, "meeting"},
    {"action", "action", action_order, "id"},
    {"recommendation", "recommendation", recommendation_order, "id"},
    {"population", "population", population_order, "meeting"},
    {"sample", "sample", sample_order, "meeting"},
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

/*
 * A map nested in a record under key: the value itself (list 0) or each
 * item of a list (list 1) is ordered by order.
 */
static const struct nested {
	const char *type;
	const char *key;
	int list;
	const char *const *order;
} nested[] = {
    {"panel", "paths", 0, paths_order},
    {"meeting", "period", 0, period_order},
    {"minutes", "attendance", 1, attendance_order},
    {"minutes", "guests", 1, guest_order},
    {"minutes", "items", 1, item_order},
    {"population", "period", 0, period_order},
    {"population", "sources", 1, source_order},
    {"population", "index", 0, index_order},
    {"population", "filters", 0, filters_order},
    {"population", "strata", 1, list_order},
    {"population", "excluded", 1, excluded_order},
    {"sample", "strata", 1, stratum_order},
    {"sample", "substitutions", 1, substitution_order},
    {"sample", "conflicts", 1, conflict_order},
};

const struct panel_record_type *
panel_record_type(const char *name)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

const struct panel_record_type *
panel_record_types(size_t *n)
{
	*n = NTYPES;
	return types;
}

/*
 * If path is "folder/NAME.yaml" with NAME one non-empty component, returns
 * 1.  Nothing else about NAME is checked here: panel check validates it.
 */
static int
is_flat(const char *path, const char *folder)
{
	size_t n = strlen(folder), len = strlen(path);
	const char *name = path + n + 1;
	size_t nlen;

	if (len <= n + 1 || strncmp(path, folder, n) != 0 || path[n] != '/')
		return 0;
	nlen = len - n - 1;
	if (nlen <= 5 || strcmp(name + nlen - 5, ".yaml") != 0)
		return 0;
	return memchr(name, '/', nlen) == NULL;
}

/* If path is "meetings/DATE/file" with DATE one component, returns 1. */
static int
is_meeting_file(const char *path, const char *file)
{
	const char *rest = "meetings/", *slash;
	size_t n = strlen(rest);

	if (strncmp(path, rest, n) != 0)
		return 0;
	slash = strchr(path + n, '/');
	if (slash == NULL || slash == path + n)
		return 0;
	return strcmp(slash + 1, file) == 0;
}

const struct panel_record_type *
panel_record_type_of(const char *path)
{
	if (strcmp(path, "panel.yaml") == 0)
		return panel_record_type("panel");
	if (is_flat(path, "members"))
		return panel_record_type("member");
	if (is_flat(path, "actions"))
		return panel_record_type("action");
	if (is_flat(path, "recommendations"))
		return panel_record_type("recommendation");
	if (is_meeting_file(path, "meeting.yaml"))
		return panel_record_type("meeting");
	if (is_meeting_file(path, "minutes.yaml"))
		return panel_record_type("minutes");
	if (is_meeting_file(path, "population.yaml"))
		return panel_record_type("population");
	if (is_meeting_file(path, "sample.yaml"))
		return panel_record_type("sample");
	return NULL;
}

int
panel_record_load(struct panel_doc **out, const char *root, const char *path,
    struct panel_err *err)
{
	struct panel_buf data = PANEL_BUF_INIT;
	int rc;

	*out = NULL;
	rc = panel_fs_read(&data, root, path, PANEL_DOC_MAX_BYTES, err);
	if (rc == 0)
		rc = panel_doc_load(out, path, data.buf, data.len, err);
	panel_buf_release(&data);
	return rc;
}

void
panel_record_order(const struct panel_record_type *type, struct panel_doc *doc)
{
	struct panel_node *root = doc->root, *v;
	const char *key;
	size_t i, j, k;

	if (type == NULL || root == NULL || root->kind != PANEL_NODE_MAP)
		return;
	panel_node_order(root, type->order);
	for (i = 0; i < sizeof(nested) / sizeof(nested[0]); i++) {
		if (strcmp(nested[i].type, type->name) != 0)
			continue;
		for (j = 0; j < root->n; j++) {
			key = panel_node_key(root, j);
			if (key == NULL || strcmp(key, nested[i].key) != 0)
				continue;
			v = root->items[2 * j + 1];
			if (!nested[i].list && v->kind == PANEL_NODE_MAP)
				panel_node_order(v, nested[i].order);
			for (k = 0; nested[i].list &&
			            v->kind == PANEL_NODE_SEQ && k < v->n;
			     k++)
				if (v->items[k]->kind == PANEL_NODE_MAP)
					panel_node_order(
					    v->items[k], nested[i].order);
		}
	}
}

int
panel_record_emit(struct panel_buf *out, const struct panel_record_type *type,
    struct panel_doc *doc, struct panel_err *err)
{
	panel_record_order(type, doc);
	return panel_doc_emit(doc, out, err);
}

int
panel_record_save(const char *root, const char *path,
    const struct panel_record_type *type, struct panel_doc *doc,
    struct panel_err *err)
{
	struct panel_buf out = PANEL_BUF_INIT;
	int rc;

	rc = panel_record_emit(&out, type, doc, err);
	if (rc == 0)
		rc = panel_fs_write(root, path, out.buf, out.len, err);
	panel_buf_release(&out);
	return rc;
}
