#include "guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "fs.h"
#include "record.h"
#include "redact.h"
#include "banned.h"

/* The one detector of the process's commits. */
static struct panel_redact *guard;
static struct panel_redact_result found;

/* Keys whose values are identifiers, digests or references, not text. */
static const char *const not_text[] = {"id", "item", "replacement", "ticket",
    "seed", "seed_sha256", "sha256", "population_commit", "commit", "source",
    "file", "recording", "member", "owner", "chair", "stratum", "algorithm",
    NULL};

static int
on_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

void
panel_guard_release(void)
{
	panel_redact_free(guard);
	guard = NULL;
	panel_redact_result_release(&found);
}

static int
ensure(struct panel_err *err)
{
	if (guard != NULL)
		return 0;
	panel_redact_result_init(&found);
	return panel_redact_new(&guard, NULL, NULL, err);
}

/*
 * Keeps a public-facing person's name, whole and word by word ("Ms
 * Kettering" is the member Rosalind Kettering): a finding that is only
 * such a word is dropped, a longer one ("Rosalind Smith") is not.
 */
static void
allow_name(const char *name)
{
	static const char *const titles[] = {"Mr", "Mrs", "Ms", "Miss", "Mx",
	    "Dr", "Cllr", "Prof", "Sir", "Dame", "Rev", "Inspector", "Sgt",
	    "PC", "PCSO", "Chief", "Superintendent", "Constable", NULL};
	char word[128];
	const char *p = name, *e;
	size_t n;

	panel_redact_allow(guard, name);
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		for (e = p; *e && *e != ' ' && *e != ',';)
			e++;
		n = (size_t)(e - p);
		if (n >= 3 && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			if (!on_list(titles, word))
				panel_redact_allow(guard, word);
		}
		p = e;
	}
}

/* Keeps every member's name: they hold public roles. */
static int
allow_members(const char *root, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc;
	char **list = NULL;
	const char *name;
	size_t i;
	int rc;

	if ((rc = panel_fs_list(&list, root, "members", err)) < 0)
		return rc;
	for (i = 0; list[i] && rc == 0; i++) {
		panel_buf_reset(&path);
		panel_buf_addf(&path, "members/%s", list[i]);
		if (panel_record_type_of(path.buf) == NULL)
			continue;
		if ((rc = panel_record_load(&doc, root, path.buf, err)) < 0)
			break;
		if ((name = panel_node_get_str(doc->root, "name")) != NULL)
			allow_name(name);
		panel_doc_free(doc);
	}
	panel_fs_list_free(list);
	panel_buf_release(&path);
	return rc;
}

int
panel_guard_use(const char *root, struct panel_err *err)
{
	struct panel_doc *panel = NULL;
	int rc;

	panel_guard_release();
	if ((rc = panel_record_load(&panel, root, "panel.yaml", err)) < 0)
		return rc;
	panel_redact_result_init(&found);
	rc = panel_redact_new(&guard, "panel.yaml", panel->root, err);
	panel_doc_free(panel);
	if (rc == 0 && (rc = allow_members(root, err)) < 0)
		panel_guard_release();
	return rc;
}

static int
refuse(const char *path, unsigned line, unsigned col, const char *field,
    const struct panel_redact_hit *h, struct panel_err *err)
{
	if (field != NULL)
		return panel_err_set(err, PANEL_ENO, path, line, col,
		    "field '%s' holds personal data (%s, rule %s): refusing to "
		    "commit it",
		    field, h->type, h->rule);
	return panel_err_set(err, PANEL_ENO, path, line, col,
	    "holds personal data (%s, rule %s): refusing to commit it", h->type,
	    h->rule);
}

/* The first finding in s[0..len) that is personal data, or NULL. */
static int
first_hit(const struct panel_redact_hit **out, const char *path, const char *s,
    size_t len, struct panel_err *err)
{
	size_t i;
	int rc;

	*out = NULL;
	panel_redact_thread(guard);
	rc = panel_redact_run(
	    &found, guard, path, s, len, NULL, PANEL_REDACT_TYPED, err);
	if (rc < 0)
		return rc;
	for (i = 0; i < found.nhits; i++)
		if (strcmp(found.hits[i].type, "INVALID-UTF8") != 0) {
			*out = &found.hits[i];
			break;
		}
	return 0;
}

/*
 * Whether the value at key of a record at path is made to hold what would
 * be taken for personal data: rules, ids, public people's names.
 */
static int
exempt(const char *path, const char *field, const char *key, int depth)
{
	if (key == NULL)
		return 0;
	if (on_list(not_text, key))
		return 1;
	if (strcmp(path, "panel.yaml") == 0 && depth == 1)
		return strcmp(key, "redact") == 0 || strcmp(key, "import") == 0;
	if (strncmp(path, "members/", 8) == 0 && depth == 1)
		return strcmp(key, "name") == 0 ||
		       strcmp(key, "organisation") == 0;
	if (strstr(path, "/minutes.yaml") != NULL &&
	    strncmp(field, "guests[", 7) == 0)
		return strcmp(key, "name") == 0 || strcmp(key, "role") == 0;
	return 0;
}

/* Checks every scalar of node, field naming where it is. */
/*
 * Whether the scalar at line:col of data is a block scalar ("|" or ">"),
 * whose text starts on the line after.
 */
static int
block_scalar(const struct panel_buf *data, unsigned line, unsigned col)
{
	const char *p = data->buf, *end = data->buf + data->len;

	while (--line > 0 && p && (p = memchr(p, '\n', (size_t)(end - p))))
		p++;
	if (p == NULL || col == 0 || (size_t)(end - p) < col)
		return 0;
	return p[col - 1] == '|' || p[col - 1] == '>';
}

static int
check_node(const char *path, const struct panel_node *node,
    struct panel_buf *field, const char *key, int depth,
    const struct panel_buf *data, struct panel_err *err)
{
	const struct panel_redact_hit *h;
	size_t i, at = field->len;
	unsigned line;
	int rc = 0;

	if (exempt(path, field->buf, key, depth))
		return 0;
	switch (node->kind) {
	case PANEL_NODE_SCALAR:
		if ((rc = first_hit(&h, path, node->str, node->len, err)) < 0)
			return rc;
		if (h == NULL)
			return 0;
		line = node->line + h->line - 1 +
		       (unsigned)block_scalar(data, node->line, node->column);
		return refuse(path, line,
		    h->line == 1 &&
		            !block_scalar(data, node->line, node->column)
		        ? node->column + h->column - 1
		        : h->column,
		    field->buf, h, err);
	case PANEL_NODE_SEQ:
		for (i = 0; i < node->n && rc == 0; i++) {
			panel_buf_addf(field, "[%zu]", i);
			rc = check_node(path, node->items[i], field, key,
			    depth + 1, data, err);
			panel_buf_setlen(field, at);
		}
		return rc;
	case PANEL_NODE_MAP:
		for (i = 0; i < node->n && rc == 0; i++) {
			if (at > 0)
				panel_buf_addch(field, '.');
			panel_buf_addstr(field, panel_node_key(node, i));
			rc = check_node(path, panel_node_value(node, i), field,
			    panel_node_key(node, i), depth + 1, data, err);
			panel_buf_setlen(field, at);
		}
		return rc;
	}
	return 0;
}

/* A meeting's guests speak in public: their names are kept. */
static void
allow_guests(const struct panel_node *guests)
{
	const char *name;
	size_t i;

	for (i = 0; guests && guests->kind == PANEL_NODE_SEQ && i < guests->n;
	     i++)
		if ((name = panel_node_get_str(guests->items[i], "name")) !=
		    NULL)
			allow_name(name);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Sets *parsed to 0 when data is no YAML, to be checked as text. */
static int
check_yaml(int *parsed, const char *path, const char *data, size_t len,
    struct panel_err *err)
{
	struct panel_buf field = PANEL_BUF_INIT;
	struct panel_err perr = PANEL_ERR_INIT;
	struct panel_doc *doc = NULL;
	struct panel_buf src = PANEL_BUF_INIT;
	int rc;

	*parsed = panel_doc_load(&doc, path, data, len, &perr) == 0;
	if (!*parsed)
		return 0;
	if (strstr(path, "/minutes.yaml") != NULL)
		allow_guests(panel_node_get(doc->root, "guests"));
	src.buf = (char *)data;
	src.len = len;
	rc = doc->root ? check_node(path, doc->root, &field, NULL, 0, &src, err)
	               : 0;
	panel_buf_release(&field);
	panel_doc_free(doc);
	return rc;
}

int
panel_guard_check(
    const char *path, const char *data, size_t len, struct panel_err *err)
{
	const struct panel_redact_hit *h;
	int rc, parsed = 0;

	if ((rc = ensure(err)) < 0)
		return rc;
	if (ends_with(path, ".ids"))
		return 0;
	if (ends_with(path, ".yaml")) {
		rc = check_yaml(&parsed, path, data, len, err);
		if (parsed)
			return rc;
	}
	if ((rc = first_hit(&h, path, data, len, err)) < 0)
		return rc;
	return h ? refuse(path, h->line, h->column, NULL, h, err) : 0;
}
