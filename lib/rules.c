#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "names.h"
#include "redact_data.h"
#include "strlist.h"
#include "triggers.h"
#include "banned.h"

#define MAX_DEFINE_DEPTH 8

static const char *const types[][2] = {
    {"address", "ADDRESS"},
    {"bank", "BANK"},
    {"card", "CARD"},
    {"dob", "DOB"},
    {"email", "EMAIL"},
    {"ip", "IP"},
    {"licence", "LICENCE"},
    {"nhs", "NHS"},
    {"nino", "NINO"},
    {"passport", "PASSPORT"},
    {"person", "PERSON"},
    {"phone", "PHONE"},
    {"postcode", "POSTCODE"},
    {"reference", "REFERENCE"},
    {"url", "URL"},
    {"vehicle", "VEHICLE"},
};

const char *
panel_rules_type(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i][0], type) == 0)
			return types[i][1];
	return NULL;
}

const struct panel_redact_file *
panel_redact_file(const char *name)
{
	const struct panel_redact_file *f;

	for (f = panel_redact_files; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

void
panel_rules_init(struct panel_rules *rs)
{
	memset(rs, 0, sizeof(*rs));
}

static void
rule_release(struct panel_rule *r)
{
	free(r->id);
	free(r->type);
	free(r->pattern);
	panel_match_free(r->m);
	panel_strlist_release(&r->yes);
	panel_strlist_release(&r->no);
	panel_strlist_release(&r->needs);
	panel_strlist_release(&r->also);
	free(r->file);
}

void
panel_rules_release(struct panel_rules *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		rule_release(&rs->v[i]);
	free(rs->v);
	panel_strlist_release(&rs->allow);
	panel_strlist_release(&rs->places);
	panel_strlist_release(&rs->def_names);
	panel_strlist_release(&rs->def_values);
	panel_rules_init(rs);
}

struct panel_rule *
panel_rules_find(const struct panel_rules *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].id, id) == 0)
			return &rs->v[i];
	return NULL;
}

static int fail(struct panel_err *err, const char *file,
    const struct panel_node *at, const char *fmt, ...) PANEL_PRINTF(4, 5);

static int
fail(struct panel_err *err, const char *file, const struct panel_node *at,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panel_err_vset(err, PANEL_EINPUT, file, at ? at->line : 0,
	    at ? at->column : 0, fmt, ap);
	va_end(ap);
	return PANEL_EINPUT;
}

/*
 * A string scalar, or an error naming what.  *out is set on every path
 * (NULL on error), so that no caller can read it unset: the optimiser
 * cannot see that fail() returns a negative value.
 */
static int
want_str(const char **out, const char *file, const struct panel_node *n,
    const char *what, struct panel_err *err)
{
	*out = NULL;
	if (n == NULL || n->kind != PANEL_NODE_SCALAR ||
	    n->type != PANEL_SCALAR_STR)
		return fail(err, file, n, "'%s' must be a string", what);
	*out = n->str;
	return 0;
}

/* A sequence of strings appended to list. */
static int
want_strings(struct panel_strlist *list, const char *file,
    const struct panel_node *seq, const char *what, struct panel_err *err)
{
	const char *s;
	size_t i;

	if (seq->kind != PANEL_NODE_SEQ)
		return fail(
		    err, file, seq, "'%s' must be a list of strings", what);
	for (i = 0; i < seq->n; i++) {
		if (want_str(&s, file, seq->items[i], what, err) < 0)
			return PANEL_EINPUT;
		panel_strlist_push(list, s);
	}
	return 0;
}

static const char *
define_find(const struct panel_rules *rs, const char *name, size_t len)
{
	size_t i;

	for (i = rs->def_names.n; i-- > 0;)
		if (strlen(rs->def_names.v[i]) == len &&
		    memcmp(rs->def_names.v[i], name, len) == 0)
			return rs->def_values.v[i];
	return NULL;
}

/* Appends pattern to out with each %{name} replaced by its definition. */
static int
expand(struct panel_buf *out, const struct panel_rules *rs, const char *pat,
    int depth, const char *file, const struct panel_node *at,
    struct panel_err *err)
{
	const char *p, *close, *val;
	char name[64];

	if (depth > MAX_DEFINE_DEPTH)
		return fail(err, file, at, "%s: definitions nest too deeply",
		    "pattern");
	for (p = pat; *p; p++) {
		if (p[0] != '%' || p[1] != '{') {
			panel_buf_addch(out, *p);
			continue;
		}
		close = strchr(p + 2, '}');
		if (close == NULL || (size_t)(close - p - 2) >= sizeof(name))
			return fail(
			    err, file, at, "%s: unterminated %%{", "pattern");
		memcpy(name, p + 2, (size_t)(close - p - 2));
		name[close - p - 2] = '\0';
		val = define_find(rs, name, strlen(name));
		if (val == NULL)
			return fail(err, file, at,
			    "pattern uses '%%{%s}', which is not defined",
			    name);
		panel_buf_addstr(out, "(?:");
		if (expand(out, rs, val, depth + 1, file, at, err) < 0)
			return PANEL_EINPUT;
		panel_buf_addch(out, ')');
		p = close;
	}
	return 0;
}

static int
add_defines(struct panel_rules *rs, const char *file,
    const struct panel_node *map, struct panel_err *err)
{
	const char *v;
	size_t i;

	if (map->kind != PANEL_NODE_MAP)
		return fail(err, file, map, "'%s' must be a map", "define");
	for (i = 0; i < map->n; i++) {
		if (want_str(
		        &v, file, panel_node_value(map, i), "define", err) < 0)
			return PANEL_EINPUT;
		panel_strlist_push(&rs->def_names, panel_node_key(map, i));
		panel_strlist_push(&rs->def_values, v);
	}
	return 0;
}

static int
rule_examples(struct panel_rule *r, const char *file,
    const struct panel_node *ex, struct panel_err *err)
{
	const char *key;
	size_t i;

	if (ex->kind != PANEL_NODE_MAP)
		return fail(err, file, ex, "'%s' must be a map", "examples");
	for (i = 0; i < ex->n; i++) {
		key = panel_node_key(ex, i);
		if (strcmp(key, "match") == 0) {
			if (want_strings(&r->yes, file, panel_node_value(ex, i),
			        "match", err) < 0)
				return PANEL_EINPUT;
		} else if (strcmp(key, "nomatch") == 0) {
			if (want_strings(&r->no, file, panel_node_value(ex, i),
			        "nomatch", err) < 0)
				return PANEL_EINPUT;
		} else
			return fail(err, file, panel_node_value(ex, i),
			    "examples: unknown key '%s'", key);
	}
	return 0;
}

static int
rule_needs(struct panel_strlist *needs, const char *file, const char *key,
    const struct panel_node *v, struct panel_err *err)
{
	size_t i;

	if (want_strings(needs, file, v, key, err) < 0)
		return PANEL_EINPUT;
	for (i = 0; i < needs->n; i++)
		if (!panel_triggers_valid(needs->v[i]))
			return fail(err, file, v->items[i],
			    "%s: '%s' is not digit, digit2 to digit9, "
			    "letterdigit, initialdigit, digitletter, "
			    "digitfinal, "
			    "digitdot, 00, hexcolon, "
			    "number2 to number19, group2 to group19, a "
			    "punctuation character or "
			    "a word in lower case (after ^: first on its line)",
			    key, needs->v[i]);
	return 0;
}

/*
 * The start a window's before names: "line", "word" or "word1" to
 * "word9".  Returns 0, or -1 for anything else.
 */
static int
window_from(struct panel_rule *r, const char *s)
{
	if (strcmp(s, "line") == 0) {
		r->from = PANEL_FROM_LINE;
		return 0;
	}
	if (strncmp(s, "word", 4) != 0 ||
	    !(s[4] == '\0' || (s[4] >= '1' && s[4] <= '9' && s[5] == '\0')))
		return -1;
	r->from = PANEL_FROM_WORD;
	r->words = s[4] == '\0' ? 0 : (unsigned)(s[4] - '0');
	return 0;
}

/*
 * window: [before, after], each 0 to PANEL_RULES_WINDOW_MAX; before may
 * be "line", "word" or "word1" to "word9": the start of the trigger's
 * line, or of its word or a word so many before it.
 */
static int
rule_window(struct panel_rule *r, const char *file, const struct panel_node *v,
    struct panel_err *err)
{
	unsigned w[2];
	char *end;
	size_t i;

	if (v->kind != PANEL_NODE_SEQ || v->n != 2)
		return fail(
		    err, file, v, "'%s' must be [before, after]", "window");
	for (i = 0; i < 2; i++) {
		const struct panel_node *n = v->items[i];
		unsigned long x;

		if (i == 0 && n->kind == PANEL_NODE_SCALAR &&
		    n->type != PANEL_SCALAR_INT &&
		    window_from(r, n->str) == 0) {
			w[i] = PANEL_RULES_WINDOW_MAX;
			continue;
		}
		if (n->kind != PANEL_NODE_SCALAR || n->type != PANEL_SCALAR_INT)
			return fail(err, file, n,
			    "'%s' must be [before, after]", "window");
		x = strtoul(n->str, &end, 10);
		if (*end != '\0' || x > PANEL_RULES_WINDOW_MAX)
			return fail(err, file, n,
			    "window: %s is not a whole number from 0 to %d",
			    n->str, PANEL_RULES_WINDOW_MAX);
		w[i] = (unsigned)x;
	}
	r->before = w[0];
	r->after = w[1];
	return 0;
}

/* tail: [min, max], each from 0 to PANEL_RULES_WINDOW_MAX. */
static int
rule_tail(struct panel_rule *r, const char *file, const struct panel_node *v,
    struct panel_err *err)
{
	unsigned long x[2];
	char *end;
	size_t i;

	if (v->kind != PANEL_NODE_SEQ || v->n != 2)
		return fail(err, file, v, "'%s' must be [min, max]", "tail");
	for (i = 0; i < 2; i++) {
		const struct panel_node *n = v->items[i];

		if (n->kind != PANEL_NODE_SCALAR || n->type != PANEL_SCALAR_INT)
			return fail(
			    err, file, n, "'%s' must be [min, max]", "tail");
		x[i] = strtoul(n->str, &end, 10);
		if (*end != '\0' || x[i] > PANEL_RULES_WINDOW_MAX)
			return fail(err, file, n,
			    "tail: %s is not a whole number from 0 to %d",
			    n->str, PANEL_RULES_WINDOW_MAX);
	}
	if (x[0] > x[1])
		return fail(
		    err, file, v, "tail: %lu is more than %lu", x[0], x[1]);
	r->has_tail = 1;
	r->tail_min = (unsigned)x[0];
	r->tail_max = (unsigned)x[1];
	return 0;
}

/* Checks one key of a rule map; fills r. */
static int
rule_key(struct panel_rule *r, int *caseless, const char *file, const char *key,
    const struct panel_node *v, struct panel_err *err)
{
	const char *s;

	if (strcmp(key, "examples") == 0)
		return rule_examples(r, file, v, err);
	if (strcmp(key, "needs") == 0)
		return rule_needs(&r->needs, file, key, v, err);
	if (strcmp(key, "also") == 0)
		return rule_needs(&r->also, file, key, v, err);
	if (strcmp(key, "window") == 0)
		return rule_window(r, file, v, err);
	if (strcmp(key, "tail") == 0)
		return rule_tail(r, file, v, err);
	if (strcmp(key, "caseless") == 0) {
		if (v->kind != PANEL_NODE_SCALAR ||
		    v->type != PANEL_SCALAR_BOOL)
			return fail(
			    err, file, v, "'%s' must be true or false", key);
		*caseless = strcmp(v->str, "true") == 0;
		return 0;
	}
	if (strcmp(key, "id") && strcmp(key, "type") &&
	    strcmp(key, "pattern") && strcmp(key, "validator") &&
	    strcmp(key, "description"))
		return fail(err, file, v, "rule: unknown key '%s'", key);
	if (want_str(&s, file, v, key, err) < 0)
		return PANEL_EINPUT;
	if (strcmp(key, "id") == 0)
		r->id = panel_xstrdup(s);
	else if (strcmp(key, "type") == 0) {
		if (panel_rules_type(s) == NULL)
			return fail(err, file, v, "unknown rule type '%s'", s);
		r->type = panel_xstrdup(panel_rules_type(s));
	} else if (strcmp(key, "pattern") == 0)
		r->pattern = panel_xstrdup(s);
	else if (strcmp(key, "validator") == 0) {
		r->valid = panel_validate_find(s);
		r->name_mode = panel_names_mode_find(s);
		if (r->valid == NULL && r->name_mode < 0)
			return fail(err, file, v, "unknown validator '%s'", s);
	}
	return 0;
}

/* An id is what panel-redact --check prints: keep it plain. */
static int
good_id(const char *id)
{
	const char *p;

	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		        *p == '-'))
			return 0;
	return p - id <= 64;
}

static int
rule_compile(struct panel_rule *r, const struct panel_rules *rs, int caseless,
    const char *file, const struct panel_node *at, struct panel_err *err)
{
	struct panel_buf b = PANEL_BUF_INIT;
	char what[96];
	int rc;

	if (expand(&b, rs, r->pattern, 0, file, at, err) < 0) {
		panel_buf_release(&b);
		panel_err_prefix(err, "rule '%s'", r->id);
		return PANEL_EINPUT;
	}
	free(r->pattern);
	r->pattern = panel_buf_detach(&b, NULL);
	snprintf(what, sizeof(what), "rule '%s'", r->id);
	rc = panel_match_compile(&r->m, what, r->pattern,
	    PANEL_MATCH_MULTILINE | (caseless ? PANEL_MATCH_CASELESS : 0), err);
	if (rc < 0) {
		err->line = at->line;
		err->column = at->column;
		snprintf(err->file, sizeof(err->file), "%s", file);
	}
	return rc;
}

static int
add_rule(struct panel_rules *rs, const char *file, const struct panel_node *map,
    const char *type, struct panel_err *err)
{
	struct panel_rule r;
	int caseless = 0;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.name_mode = -1;
	if (map->kind != PANEL_NODE_MAP)
		return fail(err, file, map, "a %s must be a map", "rule");
	for (i = 0; i < map->n; i++)
		if (rule_key(&r, &caseless, file, panel_node_key(map, i),
		        panel_node_value(map, i), err) < 0)
			goto bad;
	if (type != NULL && r.type == NULL)
		r.type = panel_xstrdup(type);
	if (r.id == NULL || r.type == NULL || r.pattern == NULL) {
		fail(err, file, map, "a rule needs %s", "id, type and pattern");
		goto bad;
	}
	if (r.needs.n > 0 && panel_node_get(map, "window") == NULL) {
		fail(err, file, map, "rule '%s' has needs but no window", r.id);
		goto bad;
	}
	if (r.also.n > 0 && r.needs.n == 0) {
		fail(err, file, panel_node_get(map, "also"),
		    "rule '%s' has also but no needs", r.id);
		goto bad;
	}
	if (r.has_tail && r.needs.n == 0) {
		fail(err, file, panel_node_get(map, "tail"),
		    "rule '%s' has tail but no needs", r.id);
		goto bad;
	}
	if (!good_id(r.id) || panel_rules_find(rs, r.id) != NULL) {
		fail(err, file, panel_node_get(map, "id"),
		    good_id(r.id) ? "rule id '%s' is used twice"
		                  : "rule id '%s' is not [a-z0-9-]",
		    r.id);
		goto bad;
	}
	if (rule_compile(&r, rs, caseless, file, map, err) < 0)
		goto bad;
	r.file = panel_xstrdup(file);
	r.line = map->line;
	r.column = map->column;
	PANEL_GROW(rs->v, rs->n + 1, rs->alloc);
	rs->v[rs->n++] = r;
	return 0;
bad:
	rule_release(&r);
	return PANEL_EINPUT;
}

static int
add_rules(struct panel_rules *rs, const char *file,
    const struct panel_node *seq, const char *type, struct panel_err *err)
{
	size_t i;

	if (seq->kind != PANEL_NODE_SEQ)
		return fail(err, file, seq, "'%s' must be a list", "rules");
	for (i = 0; i < seq->n; i++)
		if (add_rule(rs, file, seq->items[i], type, err) < 0)
			return PANEL_EINPUT;
	return 0;
}

int
panel_rules_add_file(struct panel_rules *rs, const char *file,
    const struct panel_node *root, struct panel_err *err)
{
	const struct panel_node *v;
	const char *key;
	size_t i;

	if (root == NULL || root->kind != PANEL_NODE_MAP)
		return fail(
		    err, file, root, "a rules file must be a %s", "map");
	v = panel_node_get(root, "version");
	if (v == NULL || v->kind != PANEL_NODE_SCALAR || strcmp(v->str, "1"))
		return fail(
		    err, file, v ? v : root, "'%s' must be 1", "version");
	/* Definitions first, wherever they stand: rules use them. */
	if ((v = panel_node_get(root, "define")) != NULL &&
	    add_defines(rs, file, v, err) < 0)
		return PANEL_EINPUT;
	for (i = 0; i < root->n; i++) {
		key = panel_node_key(root, i);
		v = panel_node_value(root, i);
		if (strcmp(key, "version") == 0 || strcmp(key, "define") == 0)
			continue;
		if (strcmp(key, "allow") == 0) {
			if (want_strings(&rs->allow, file, v, key, err) < 0)
				return PANEL_EINPUT;
		} else if (strcmp(key, "rules") == 0) {
			if (add_rules(rs, file, v, NULL, err) < 0)
				return PANEL_EINPUT;
		} else
			return fail(err, file, v, "unknown key '%s'", key);
	}
	return 0;
}

int
panel_rules_add_default(struct panel_rules *rs, struct panel_err *err)
{
	const struct panel_redact_file *f =
	    panel_redact_file("redact-rules.yaml");
	struct panel_doc *doc = NULL;
	int rc;

	if (f == NULL)
		return panel_err_set(err, PANEL_EIO, NULL, 0, 0,
		    "the default rules are not compiled in");
	rc = panel_doc_load(&doc, "redact-rules.yaml", f->data, f->len, err);
	if (rc == 0)
		rc = panel_rules_add_file(
		    rs, "redact-rules.yaml", doc->root, err);
	panel_doc_free(doc);
	return rc;
}

static int
disable(struct panel_rules *rs, const char *file, const struct panel_node *seq,
    struct panel_err *err)
{
	struct panel_rule *r;
	const char *id;
	size_t i;

	if (seq->kind != PANEL_NODE_SEQ)
		return fail(err, file, seq, "'%s' must be a list of rule ids",
		    "disable");
	for (i = 0; i < seq->n; i++) {
		if (want_str(&id, file, seq->items[i], "disable", err) < 0)
			return PANEL_EINPUT;
		if ((r = panel_rules_find(rs, id)) == NULL)
			return fail(err, file, seq->items[i],
			    "disable: there is no rule '%s'", id);
		r->disabled = 1;
	}
	return 0;
}

/* references: a list of patterns, or of rules without a type. */
static int
references(struct panel_rules *rs, const char *file,
    const struct panel_node *seq, struct panel_err *err)
{
	const struct panel_node *item;
	struct panel_rule r;
	const char *pat;
	char id[32];
	size_t i;

	if (seq->kind != PANEL_NODE_SEQ)
		return fail(
		    err, file, seq, "'%s' must be a list", "references");
	for (i = 0; i < seq->n; i++) {
		item = seq->items[i];
		if (item->kind == PANEL_NODE_MAP) {
			if (add_rule(rs, file, item, "reference", err) < 0)
				return PANEL_EINPUT;
			continue;
		}
		memset(&r, 0, sizeof(r));
		r.name_mode = -1;
		if (want_str(&pat, file, item, "references", err) < 0)
			return PANEL_EINPUT;
		snprintf(id, sizeof(id), "reference-%zu", i + 1);
		r.id = panel_xstrdup(id);
		r.type = panel_xstrdup("REFERENCE");
		r.pattern = panel_xstrdup(pat);
		if (panel_rules_find(rs, id) != NULL ||
		    rule_compile(&r, rs, 0, file, item, err) < 0) {
			if (panel_rules_find(rs, id) != NULL)
				fail(err, file, item,
				    "rule id '%s' is used twice", id);
			rule_release(&r);
			return PANEL_EINPUT;
		}
		r.file = panel_xstrdup(file);
		r.line = item->line;
		r.column = item->column;
		PANEL_GROW(rs->v, rs->n + 1, rs->alloc);
		rs->v[rs->n++] = r;
	}
	return 0;
}

int
panel_rules_configure(struct panel_rules *rs, const char *file,
    const struct panel_node *redact, struct panel_err *err)
{
	const struct panel_node *v;
	const char *key;
	size_t i;
	int rc = 0;

	if (redact == NULL)
		return 0;
	if (redact->kind != PANEL_NODE_MAP)
		return fail(err, file, redact, "'%s' must be a map", "redact");
	if ((v = panel_node_get(redact, "define")) != NULL &&
	    add_defines(rs, file, v, err) < 0)
		return PANEL_EINPUT;
	for (i = 0; i < redact->n && rc == 0; i++) {
		key = panel_node_key(redact, i);
		v = panel_node_value(redact, i);
		if (strcmp(key, "define") == 0 || strcmp(key, "disable") == 0)
			continue;
		if (strcmp(key, "allow") == 0)
			rc = want_strings(
			    &rs->allow, file, v, "redact.allow", err);
		else if (strcmp(key, "places") == 0)
			rc = want_strings(
			    &rs->places, file, v, "redact.places", err);
		else if (strcmp(key, "rules") == 0)
			rc = add_rules(rs, file, v, NULL, err);
		else if (strcmp(key, "references") == 0)
			rc = references(rs, file, v, err);
		else
			rc =
			    fail(err, file, v, "redact: unknown key '%s'", key);
	}
	/* Last, so that a rule added above can be switched off too. */
	if (rc == 0 && (v = panel_node_get(redact, "disable")) != NULL)
		rc = disable(rs, file, v, err);
	return rc;
}
