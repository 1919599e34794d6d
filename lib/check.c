/*
 * panel check, in two passes: the first walks the layout, reads every
 * record and validates it against its schema, noting which members,
 * meetings, actions and recommendations exist (by file name); the second
 * checks each record's references against those names, so that one broken
 * record does not hide the others or cascade into false alarms.  Problems
 * are collected and handed out sorted, whatever order they were found in.
 */

#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "doc.h"
#include "fs.h"
#include "record.h"
#include "redact.h"
#include "repo.h"
#include "schema.h"
#include "strlist.h"

#include "banned.h"

/*
 * Entries of a meeting folder that other commands write and that are not
 * (yet) typed records; typed ones (meeting, minutes, population, sample,
 * ...) are whatever panel_record_type_of() knows.
 */
static const char *const meeting_extra[] = {".gitkeep", "correspondence",
    "performance.yaml", "population", "scores", "summary.md", NULL};

/* The folders of panel.yaml's paths: only the default layout is used. */
static const char *const layout[] = {
    "members", "meetings", "actions", "recommendations", "vault", NULL};

struct problem {
	struct panel_err e;
	size_t seq;
};

struct rec {
	char *path;
	char *name; /* the file's stem, or the meeting folder's name */
	const struct panel_record_type *type;
	struct panel_doc *doc;
};

struct state {
	const char *root;
	struct problem *probs;
	size_t nprobs, aprobs;
	struct rec *recs;
	size_t nrecs, arecs;
	struct panel_strlist members, meetings, actions, recommendations;
	struct panel_schema **schemas; /* one per record type, loaded lazily */
	const struct panel_record_type *types;
	size_t ntypes;
	struct panel_check *out;
	int fatal;
	struct panel_err *err;
};

/*
 * Copies path into file, writing bytes outside printable ASCII (and the
 * backslash, so that the escape is unambiguous) as \xNN.
 */
static void
set_file(char file[PANEL_ERR_FILE], const char *path)
{
	size_t at = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p && at + 5 < PANEL_ERR_FILE;
	     p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '\\')
			file[at++] = (char)*p;
		else
			at += (size_t)snprintf(file + at, 5, "\\x%02x", *p);
	}
	file[at] = '\0';
}

static void
add_err(struct state *st, const struct panel_err *e)
{
	struct problem *p;

	PANEL_GROW(st->probs, st->nprobs + 1, st->aprobs);
	p = &st->probs[st->nprobs];
	p->e = *e;
	p->seq = st->nprobs++;
	set_file(p->e.file, e->file);
	st->out->problems++;
	if (e->code == PANEL_EINPUT)
		st->out->unreadable++;
}

/* Reports a problem at node at, or at the whole file when at is NULL. */
static void add(struct state *st, const char *path, const struct panel_node *at,
    const char *fmt, ...) PANEL_PRINTF(4, 5);

static void
add(struct state *st, const char *path, const struct panel_node *at,
    const char *fmt, ...)
{
	struct panel_err e = PANEL_ERR_INIT;
	va_list ap;

	va_start(ap, fmt);
	panel_err_vset(&e, PANEL_ENO, path, at ? at->line : 0,
	    at ? at->column : 0, fmt, ap);
	va_end(ap);
	add_err(st, &e);
}

static void
schema_report(const struct panel_err *problem, void *ctx)
{
	struct panel_err e = *problem;

	e.code = PANEL_ENO;
	add_err(ctx, &e);
}

static char *
join(const char *a, const char *b)
{
	struct panel_buf p = PANEL_BUF_INIT;

	panel_buf_addf(&p, "%s/%s", a, b);
	return panel_buf_detach(&p, NULL);
}

static struct panel_schema *
schema_for(struct state *st, const struct panel_record_type *type)
{
	size_t i = (size_t)(type - st->types);
	int rc;

	if (st->schemas[i] == NULL && st->fatal == 0) {
		rc = panel_schema_load(&st->schemas[i], type->schema, st->err);
		if (rc < 0)
			st->fatal = rc;
	}
	return st->schemas[i];
}

/* Reads, parses and validates one record, keeping it for the second pass. */
static void
load(struct state *st, const char *path, const char *name)
{
	const struct panel_record_type *type = panel_record_type_of(path);
	struct panel_err e = PANEL_ERR_INIT;
	struct panel_schema *schema;
	struct panel_doc *doc = NULL;
	struct rec *r;

	st->out->records++;
	if (panel_record_load(&doc, st->root, path, &e) < 0) {
		e.code = PANEL_EINPUT;
		add_err(st, &e);
		return;
	}
	if (doc->root == NULL) {
		add(st, path, NULL, "record is empty");
		panel_doc_free(doc);
		return;
	}
	if ((schema = schema_for(st, type)) == NULL) {
		panel_doc_free(doc);
		return;
	}
	panel_schema_validate(schema, doc, schema_report, st);
	PANEL_GROW(st->recs, st->nrecs + 1, st->arecs);
	r = &st->recs[st->nrecs++];
	r->path = panel_xstrdup(path);
	r->name = panel_xstrdup(name);
	r->type = type;
	r->doc = doc;
}

/* A folder that holds only ID.yaml files: members/, actions/, ... */
static void
walk_flat(struct state *st, const char *folder, const char *what,
    struct panel_strlist *set)
{
	struct panel_err e = PANEL_ERR_INIT;
	char **list = NULL, *path, *stem;
	size_t i, len;

	if (panel_fs_list(&list, st->root, folder, &e) < 0) {
		e.code = PANEL_EINPUT;
		add_err(st, &e);
		return;
	}
	for (i = 0; list[i] != NULL && st->fatal == 0; i++) {
		if (strcmp(list[i], ".gitkeep") == 0)
			continue;
		path = join(folder, list[i]);
		len = strlen(list[i]);
		if (len <= 5 || strcmp(list[i] + len - 5, ".yaml") != 0) {
			add(st, path, NULL,
			    "not a panel record: %s/ holds only ID.yaml files",
			    folder);
			free(path);
			continue;
		}
		stem = panel_xstrndup(list[i], len - 5);
		if (panel_repo_check_id(what, stem, NULL) < 0) {
			add(st, path, NULL, "file name is not a valid %s",
			    what);
		} else {
			panel_strlist_push(set, stem);
			load(st, path, stem);
		}
		free(stem);
		free(path);
	}
	panel_fs_list_free(list);
}

/* One meetings/DATE/ folder, listed in inner. */
static void
walk_meeting(struct state *st, const char *path, const char *date, char **inner)
{
	int has_meeting = 0;
	char *file;
	size_t i;

	for (i = 0; inner[i] != NULL && st->fatal == 0; i++) {
		file = join(path, inner[i]);
		if (strcmp(inner[i], "meeting.yaml") == 0)
			has_meeting = 1;
		if (panel_record_type_of(file) != NULL)
			load(st, file, date);
		else if (!panel_strlist_array_has(meeting_extra, inner[i]))
			add(st, file, NULL, "not a panel record");
		free(file);
	}
	if (!has_meeting)
		add(st, path, NULL, "meeting folder has no meeting.yaml");
}

static void
walk_meetings(struct state *st)
{
	struct panel_err e = PANEL_ERR_INIT;
	char **list = NULL, **inner = NULL, *path;
	size_t i;

	if (panel_fs_list(&list, st->root, "meetings", &e) < 0) {
		e.code = PANEL_EINPUT;
		add_err(st, &e);
		return;
	}
	for (i = 0; list[i] != NULL && st->fatal == 0; i++) {
		if (strcmp(list[i], ".gitkeep") == 0)
			continue;
		path = join("meetings", list[i]);
		if (panel_fs_probe(st->root, path, NULL) == 1) {
			add(st, path, NULL,
			    "not a panel record: meetings/ holds only DATE "
			    "folders");
		} else if (panel_fs_list(&inner, st->root, path, &e) < 0) {
			e.code = PANEL_EINPUT;
			add_err(st, &e);
		} else if (panel_repo_check_date("meeting", list[i], NULL) <
		           0) {
			add(st, path, NULL,
			    "folder name is not a real date YYYY-MM-DD");
		} else {
			panel_strlist_push(&st->meetings, list[i]);
			walk_meeting(st, path, list[i], inner);
		}
		panel_fs_list_free(inner);
		inner = NULL;
		free(path);
	}
	panel_fs_list_free(list);
}

/* The string of a scalar node, else NULL. */
static const char *
str_of(const struct panel_node *n)
{
	return n != NULL && n->kind == PANEL_NODE_SCALAR ? n->str : NULL;
}

/* s matches ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ (the schemas' date pattern). */
static int
is_date(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* s matches ^[A-Z]{2,4}[0-9]?$ (the member id pattern). */
static int
is_member_id(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	while (s[n] >= 'A' && s[n] <= 'Z')
		n++;
	if (n < 2 || n > 4)
		return 0;
	if (s[n] >= '0' && s[n] <= '9')
		n++;
	return s[n] == '\0';
}

/* s matches ^P-[0-9]{4}$ (the action and recommendation id patterns). */
static int
is_numbered(const char *s, char prefix)
{
	size_t i;

	if (s == NULL || strlen(s) != 6 || s[0] != prefix || s[1] != '-')
		return 0;
	for (i = 2; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * 1 if s may be quoted in a message: a short name of safe characters (an
 * ID or a date), never free text that could hold personal data.
 */
static int
quotable(const char *s)
{
	return s != NULL && panel_repo_check_id("value", s, NULL) == 0 &&
	       strlen(s) <= 16;
}

/* A date field's value, when it is a real date; reports one that is not. */
static const char *
date_field(struct state *st, const struct rec *r, const struct panel_node *map,
    const char *key, const char *label)
{
	const struct panel_node *n = panel_node_get(map, key);
	const char *s = str_of(n);

	if (!is_date(s))
		return NULL;
	if (panel_repo_check_date(key, s, NULL) < 0) {
		add(st, r->path, n, "field '%s': '%s' is not a real date",
		    label ? label : key, s);
		return NULL;
	}
	return s;
}

static void
ref_member(struct state *st, const struct rec *r, const struct panel_node *n,
    const char *label)
{
	const char *s = str_of(n);

	if (is_member_id(s) && !panel_strlist_has(&st->members, s))
		add(st, r->path, n,
		    "field '%s': '%s' is not a member (no members/%s.yaml)",
		    label, s, s);
}

static const char *
ref_meeting(struct state *st, const struct rec *r, const struct panel_node *map,
    const char *key)
{
	const char *s = date_field(st, r, map, key, NULL);

	if (s != NULL && !panel_strlist_has(&st->meetings, s))
		add(st, r->path, panel_node_get(map, key),
		    "field '%s': '%s' is not a meeting (no meetings/%s/)", key,
		    s, s);
	return s;
}

/*
 * The record's id (or date) equals its file (or folder) name.  Names are
 * unique within a folder, so a duplicate id is always declared by a record
 * whose id differs from its name: the problem is reported there, naming
 * the record that holds the id rightly (or first).
 */
static void
check_id(struct state *st, size_t at)
{
	const struct rec *r = &st->recs[at];
	const char *key = r->type->id_key;
	const struct panel_node *n = panel_node_get(r->doc->root, key);
	const char *s = str_of(n), *o;
	const char *where = strcmp(key, "id") == 0 ? "file" : "folder";
	size_t i;

	if (s == NULL || strcmp(s, r->name) == 0)
		return;
	if (!quotable(s)) {
		add(st, r->path, n, "field '%s' differs from the %s name", key,
		    where);
		return;
	}
	add(st, r->path, n, "field '%s': '%s' differs from the %s name", key, s,
	    where);
	for (i = 0; i < st->nrecs; i++) {
		o = str_of(panel_node_get(st->recs[i].doc->root, key));
		if (i != at && st->recs[i].type == r->type && o != NULL &&
		    strcmp(o, s) == 0) {
			add(st, r->path, n,
			    "field '%s': %s '%s' is also declared by %s", key,
			    r->type->name, s, st->recs[i].path);
			break;
		}
	}
}

/*
 * The redact section, loaded as panel-redact and the commit guard load it
 * (with the default rules, every pattern compiled, every example run), so
 * that a fault there is found here rather than at the next commit.  A
 * rule set is whole or refused, so there is at most one problem, at the
 * line of the offending rule.  A section that is not a map the schema has
 * reported already.
 */
static void
check_redact(struct state *st, const struct rec *r)
{
	const struct panel_node *redact =
	    panel_node_get(r->doc->root, "redact");
	struct panel_err e = PANEL_ERR_INIT;
	struct panel_redact *d = NULL;
	int rc;

	if (redact == NULL || redact->kind != PANEL_NODE_MAP)
		return;
	rc = panel_redact_new(&d, r->path, r->doc->root, &e);
	panel_redact_free(d);
	if (rc == PANEL_EINPUT) {
		e.code = PANEL_ENO;
		add_err(st, &e);
	} else if (rc < 0) {
		*st->err = e;
		st->fatal = rc;
	}
}

static void
check_panel(struct state *st, const struct rec *r)
{
	const struct panel_node *paths = panel_node_get(r->doc->root, "paths");
	const char *key, *v;
	size_t i;

	check_redact(st, r);
	if (paths == NULL || paths->kind != PANEL_NODE_MAP)
		return;
	for (i = 0; i < paths->n; i++) {
		key = panel_node_key(paths, i);
		v = str_of(panel_node_value(paths, i));
		if (key == NULL || v == NULL ||
		    !panel_strlist_array_has(layout, key) ||
		    strcmp(key, v) == 0)
			continue;
		add(st, r->path, panel_node_value(paths, i),
		    "field 'paths.%s': only the folder '%s' is supported", key,
		    key);
	}
}

static void
check_member(struct state *st, const struct rec *r)
{
	const struct panel_node *m = r->doc->root;
	const char *from, *to;

	date_field(st, r, m, "vetted_until", NULL);
	from = date_field(st, r, m, "term_start", NULL);
	to = date_field(st, r, m, "term_end", NULL);
	if (from != NULL && to != NULL && strcmp(to, from) < 0)
		add(st, r->path, panel_node_get(m, "term_end"),
		    "field 'term_end' is before term_start");
}

static void
check_meeting(struct state *st, const struct rec *r)
{
	const struct panel_node *m = r->doc->root;
	const struct panel_node *period = panel_node_get(m, "period");
	const char *from, *to;

	date_field(st, r, m, "papers_due", NULL);
	from = date_field(st, r, period, "from", "period.from");
	to = date_field(st, r, period, "to", "period.to");
	if (from != NULL && to != NULL && strcmp(to, from) < 0)
		add(st, r->path, panel_node_get(period, "to"),
		    "field 'period.to' is before period.from");
}

/* The references of one agenda item (items[i]). */
static void
check_item(struct state *st, const struct rec *r, const struct panel_node *it,
    size_t i)
{
	const struct panel_node *list;
	const char *s;
	char label[128];
	size_t j;

	list = panel_node_get(it, "actions");
	for (j = 0; list != NULL && list->kind == PANEL_NODE_SEQ && j < list->n;
	     j++) {
		s = str_of(list->items[j]);
		snprintf(label, sizeof(label), "items[%zu].actions[%zu]", i, j);
		if (is_numbered(s, 'A') && !panel_strlist_has(&st->actions, s))
			add(st, r->path, list->items[j],
			    "field '%s': '%s' is not an action (no "
			    "actions/%s.yaml)",
			    label, s, s);
	}
	list = panel_node_get(it, "recommendations");
	for (j = 0; list != NULL && list->kind == PANEL_NODE_SEQ && j < list->n;
	     j++) {
		s = str_of(list->items[j]);
		snprintf(label, sizeof(label),
		    "items[%zu].recommendations[%zu]", i, j);
		if (is_numbered(s, 'R') &&
		    !panel_strlist_has(&st->recommendations, s))
			add(st, r->path, list->items[j],
			    "field '%s': '%s' is not a recommendation "
			    "(no recommendations/%s.yaml)",
			    label, s, s);
	}
}

/* Members listed twice in attendance, item numbers used twice. */
static int
seen_before(const struct panel_node *list, size_t i, const char *key)
{
	const char *s = str_of(panel_node_get(list->items[i], key)), *o;
	size_t j;

	for (j = 0; s != NULL && j < i; j++) {
		o = str_of(panel_node_get(list->items[j], key));
		if (o != NULL && strcmp(o, s) == 0)
			return 1;
	}
	return 0;
}

static void
check_minutes(struct state *st, const struct rec *r)
{
	const struct panel_node *m = r->doc->root, *list, *n;
	char label[128];
	size_t i;

	ref_member(st, r, panel_node_get(m, "chair"), "chair");
	list = panel_node_get(m, "attendance");
	for (i = 0; list != NULL && list->kind == PANEL_NODE_SEQ && i < list->n;
	     i++) {
		n = panel_node_get(list->items[i], "member");
		snprintf(label, sizeof(label), "attendance[%zu].member", i);
		ref_member(st, r, n, label);
		if (is_member_id(str_of(n)) && seen_before(list, i, "member"))
			add(st, r->path, n, "field '%s': '%s' is listed twice",
			    label, n->str);
	}
	list = panel_node_get(m, "items");
	for (i = 0; list != NULL && list->kind == PANEL_NODE_SEQ && i < list->n;
	     i++) {
		n = panel_node_get(list->items[i], "number");
		if (n != NULL && n->kind == PANEL_NODE_SCALAR &&
		    n->type == PANEL_SCALAR_INT &&
		    seen_before(list, i, "number"))
			add(st, r->path, n,
			    "field 'items[%zu].number': %s is used twice", i,
			    n->str);
		check_item(st, r, list->items[i], i);
	}
}

static void
check_action(struct state *st, const struct rec *r)
{
	const struct panel_node *m = r->doc->root;
	const struct panel_node *status = panel_node_get(m, "status");
	const char *raised, *closed;

	ref_member(st, r, panel_node_get(m, "owner"), "owner");
	raised = ref_meeting(st, r, m, "raised_at");
	date_field(st, r, m, "due", NULL);
	closed = date_field(st, r, m, "closed_at", NULL);
	if (str_of(status) != NULL && strcmp(status->str, "complete") == 0 &&
	    panel_node_get(m, "closed_at") == NULL)
		add(st, r->path, status,
		    "field 'closed_at' is required when status is complete");
	if (raised != NULL && closed != NULL && strcmp(closed, raised) < 0)
		add(st, r->path, panel_node_get(m, "closed_at"),
		    "field 'closed_at' is before raised_at");
}

static void
check_recommendation(struct state *st, const struct rec *r)
{
	const struct panel_node *m = r->doc->root;

	ref_meeting(st, r, m, "raised_at");
	date_field(st, r, m, "response_date", NULL);
}

static const struct {
	const char *type;
	void (*fn)(struct state *, const struct rec *);
} checks[] = {
    {"panel", check_panel},
    {"member", check_member},
    {"meeting", check_meeting},
    {"minutes", check_minutes},
    {"action", check_action},
    {"recommendation", check_recommendation},
};

static void
check_refs(struct state *st)
{
	const struct rec *r;
	size_t i, j;

	for (i = 0; i < st->nrecs; i++) {
		r = &st->recs[i];
		if (r->doc->root->kind != PANEL_NODE_MAP)
			continue;
		if (r->type->id_key != NULL)
			check_id(st, i);
		for (j = 0; j < sizeof(checks) / sizeof(checks[0]); j++)
			if (strcmp(checks[j].type, r->type->name) == 0)
				checks[j].fn(st, r);
	}
}

static int
cmp_problems(const void *a, const void *b)
{
	const struct problem *p = a, *q = b;
	int c = strcmp(p->e.file, q->e.file);

	if (c != 0)
		return c;
	if (p->e.line != q->e.line)
		return p->e.line < q->e.line ? -1 : 1;
	if (p->e.column != q->e.column)
		return p->e.column < q->e.column ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

static void
release(struct state *st)
{
	size_t i;

	for (i = 0; i < st->nrecs; i++) {
		free(st->recs[i].path);
		free(st->recs[i].name);
		panel_doc_free(st->recs[i].doc);
	}
	free(st->recs);
	for (i = 0; i < st->ntypes; i++)
		panel_schema_free(st->schemas[i]);
	free(st->schemas);
	free(st->probs);
	panel_strlist_release(&st->members);
	panel_strlist_release(&st->meetings);
	panel_strlist_release(&st->actions);
	panel_strlist_release(&st->recommendations);
}

static void
walk(struct state *st)
{
	load(st, "panel.yaml", "panel");
	walk_flat(st, "members", "member id", &st->members);
	walk_meetings(st);
	walk_flat(st, "actions", "action id", &st->actions);
	walk_flat(
	    st, "recommendations", "recommendation id", &st->recommendations);
}

int
panel_check_repo(struct panel_check *out, const char *root,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx,
    struct panel_err *err)
{
	struct state st;
	char **top = NULL;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = panel_fs_list(&top, root, "", err)) < 0)
		return rc;
	rc = panel_strlist_array_has((const char *const *)top, "panel.yaml");
	panel_fs_list_free(top);
	if (!rc)
		return panel_err_set(err, PANEL_EINPUT, root, 0, 0,
		    "no panel.yaml: not a case repository");
	memset(&st, 0, sizeof(st));
	st.root = root;
	st.out = out;
	st.err = err;
	st.types = panel_record_types(&st.ntypes);
	st.schemas = panel_xcalloc(st.ntypes, sizeof(*st.schemas));
	walk(&st);
	if (st.fatal == 0) {
		check_refs(&st);
		if (st.nprobs > 0)
			qsort(st.probs, st.nprobs, sizeof(*st.probs),
			    cmp_problems);
		for (i = 0; report != NULL && i < st.nprobs; i++)
			report(&st.probs[i].e, ctx);
	}
	rc = st.fatal;
	release(&st);
	return rc;
}
