/*
 * schema: a fail-closed subset of JSON Schema 2020-12 applied to doc trees.
 *
 * A schema is read with panel_doc_load (JSON is YAML flow style) and
 * compiled into a tree of struct sch, one per (sub)schema, which borrows
 * strings and enum/const values from the schema's document, kept alive in
 * struct panel_schema.  Patterns are compiled once, at load.  Keywords
 * outside the subset fail the load, so nothing is left unchecked.
 *
 * Instances are typed as python3-jsonschema sees what PyYAML's safe loader
 * gives it: an INT is an integer and a number, a FLOAT is a number (and an
 * integer when it has no fraction, as 1.0), a bool is neither, and a YAML
 * timestamp (a datetime.date) is no JSON type at all.  Keywords that apply
 * to one type (pattern, minimum, properties, ...) ignore other instances,
 * as the specification says.
 */

#include "schema.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "match.h"
#include "schemas_data.h"

#include "banned.h"

#define SCHEMA_URI "https://json-schema.org/draft/2020-12/schema"
#define REF_PREFIX "#/$defs/"
/* How far validation may recurse; a $ref cycle that never descends stops. */
#define MAX_DEPTH 256
/* Longest value, key or pattern echoed in a message, in code points. */
#define SHOW_MAX 40

enum {
	T_OBJECT = 1 << 0,
	T_ARRAY = 1 << 1,
	T_STRING = 1 << 2,
	T_INTEGER = 1 << 3,
	T_NUMBER = 1 << 4,
	T_BOOLEAN = 1 << 5,
	T_NULL = 1 << 6,
};

static const struct {
	const char *name;
	unsigned bit;
	const char *noun; /* for messages */
} types[] = {
    {"object", T_OBJECT, "a map"},
    {"array", T_ARRAY, "a list"},
    {"string", T_STRING, "a string"},
    {"integer", T_INTEGER, "an integer"},
    {"number", T_NUMBER, "a number"},
    {"boolean", T_BOOLEAN, "a boolean"},
    {"null", T_NULL, "null"},
};

enum bound_kind { B_MIN, B_MAX, B_XMIN, B_XMAX, B_COUNT };

struct bound {
	const struct panel_node *at; /* NULL when the keyword is absent */
	long double v;
};

struct sch;

struct prop {
	const char *name;
	struct sch *schema;
};

struct list {
	struct sch **v;
	size_t n;
};

struct sch {
	int boolean;    /* 1 or 0 for true and false, else -1 */
	unsigned types; /* 0: any */
	struct prop *props;
	size_t nprops;
	const struct panel_node *required; /* a sequence of strings */
	struct sch *additional, *items, *negate, *ref;
	const struct panel_node *refnode;
	const struct panel_node *enumv, *constv;
	const char *description;
	struct panel_match *pattern;
	const char *pattern_src;
	long long min_len, max_len, min_items, max_items; /* -1: absent */
	int unique;
	struct bound bounds[B_COUNT];
	struct list any, one, all;
};

struct panel_schema {
	char *file;
	struct panel_doc *doc;
	struct sch *root;
	struct sch **nodes; /* every struct sch, to free them */
	size_t nnodes, anodes;
	struct prop *defs; /* the root's $defs, what $ref can name */
	size_t ndefs, adefs;
};

struct loader {
	struct panel_schema *ps;
	struct panel_err *err;
	int root; /* compiling the top-level schema */
};

/* Scalars: typing and values, as PyYAML constructs them. */

static int
is_scalar(const struct panel_node *n, enum panel_scalar_type t)
{
	return n->kind == PANEL_NODE_SCALAR && n->type == t;
}

static int
bool_value(const struct panel_node *n)
{
	/* yes, true and on (in any of their three cases) are true. */
	int c = n->str[0] | 0x20;

	return c == 'y' || c == 't' || (c == 'o' && (n->str[1] | 0x20) == 'n');
}

/* Copies s without underscores, the digit separators of YAML 1.1. */
static char *
strip_underscores(const char *s)
{
	char *d = panel_xstrdup(s), *w = d;

	for (; *s; s++)
		if (*s != '_')
			*w++ = *s;
	*w = '\0';
	return d;
}

static long double
int_value(const char *text)
{
	char *s = strip_underscores(text), *p = s;
	long double v = 0, part = 0;
	int sign = 1, base = 10;

	if (*p == '-' || *p == '+')
		sign = *p++ == '-' ? -1 : 1;
	if (p[0] == '0' && p[1] == 'b')
		base = 2, p += 2;
	else if (p[0] == '0' && p[1] == 'x')
		base = 16, p += 2;
	else if (p[0] == '0' && p[1] != '\0')
		base = 8, p++;
	else if (strchr(p, ':') != NULL)
		base = 60;
	for (; *p; p++) {
		if (base == 60) {
			/* Sexagesimal, 1:30 is 90: digits group by colons. */
			if (*p == ':')
				v = (v + part) * 60, part = 0;
			else
				part = part * 10 + (*p - '0');
			continue;
		}
		if (*p >= '0' && *p <= '9')
			v = v * base + (*p - '0');
		else
			v = v * base + ((*p | 0x20) - 'a' + 10);
	}
	free(s);
	return sign * (v + part);
}

static long double
float_value(const char *text)
{
	char *s = strip_underscores(text), *p = s, *colon;
	double v = 0, base = 1;
	int sign = 1;

	if (*p == '-' || *p == '+')
		sign = *p++ == '-' ? -1 : 1;
	if (p[0] == '.' && (p[1] | 0x20) == 'i') {
		v = INFINITY;
	} else if (p[0] == '.' && (p[1] | 0x20) == 'n') {
		v = NAN;
	} else if ((colon = strrchr(p, ':')) != NULL) {
		/* 1:30.5 is 90.5: add the parts up from the right. */
		for (;;) {
			v += strtod(colon ? colon + 1 : p, NULL) * base;
			base *= 60;
			if (colon == NULL)
				break;
			*colon = '\0';
			colon = strrchr(p, ':');
		}
	} else {
		v = strtod(p, NULL);
	}
	free(s);
	return sign * (long double)v;
}

/* Sets *out to n's value if n is a number; returns whether it is. */
static int
num_value(const struct panel_node *n, long double *out)
{
	if (is_scalar(n, PANEL_SCALAR_INT))
		*out = int_value(n->str);
	else if (is_scalar(n, PANEL_SCALAR_FLOAT))
		*out = float_value(n->str);
	else
		return 0;
	return 1;
}

/*
 * Whether v has no fractional part, as Python's float.is_integer().  Done
 * without libm: a double of 2^53 or more is always whole.
 */
static int
is_whole(long double v)
{
	long double mag = v < 0 ? -v : v;

	if (!isfinite(v))
		return 0;
	return mag >= 9007199254740992.0L || v == (long double)(long long)v;
}

/* The JSON types that n has (0 for a YAML date). */
static unsigned
types_of(const struct panel_node *n)
{
	long double v;

	if (n->kind == PANEL_NODE_MAP)
		return T_OBJECT;
	if (n->kind == PANEL_NODE_SEQ)
		return T_ARRAY;
	switch (n->type) {
	case PANEL_SCALAR_STR:
		return T_STRING;
	case PANEL_SCALAR_INT:
		return T_INTEGER | T_NUMBER;
	case PANEL_SCALAR_FLOAT:
		v = float_value(n->str);
		return is_whole(v) ? T_INTEGER | T_NUMBER : T_NUMBER;
	case PANEL_SCALAR_BOOL:
		return T_BOOLEAN;
	case PANEL_SCALAR_NULL:
		return T_NULL;
	case PANEL_SCALAR_TIMESTAMP:
		break;
	}
	return 0;
}

static const char *
noun_of(const struct panel_node *n)
{
	if (n->kind == PANEL_NODE_MAP)
		return "a map";
	if (n->kind == PANEL_NODE_SEQ)
		return "a list";
	switch (n->type) {
	case PANEL_SCALAR_STR:
		return "a string";
	case PANEL_SCALAR_INT:
		return "an integer";
	case PANEL_SCALAR_FLOAT:
		return "a number";
	case PANEL_SCALAR_BOOL:
		return "a boolean";
	case PANEL_SCALAR_NULL:
		return "null";
	case PANEL_SCALAR_TIMESTAMP:
		break;
	}
	return "a YAML date";
}

static int equal(
    const struct panel_node *a, const struct panel_node *b, int unbool);

/* Whether map b has a key equal to key, with a value equal to value. */
static int
map_has(const struct panel_node *b, const struct panel_node *key,
    const struct panel_node *value)
{
	size_t j;

	/* Keys compare as Python dict keys do, where True is 1. */
	for (j = 0; j < b->n; j++)
		if (equal(b->items[2 * j], key, 0))
			return equal(b->items[2 * j + 1], value, 1);
	return 0;
}

/*
 * Equality as jsonschema's equal(): strings only equal strings, 1 equals
 * 1.0, and (with unbool) true is not 1.
 */
static int
equal(const struct panel_node *a, const struct panel_node *b, int unbool)
{
	long double x, y;
	size_t i;

	if (a->kind != b->kind)
		return 0;
	if (a->kind == PANEL_NODE_SEQ || a->kind == PANEL_NODE_MAP) {
		if (a->n != b->n)
			return 0;
		for (i = 0; a->kind == PANEL_NODE_SEQ && i < a->n; i++)
			if (!equal(a->items[i], b->items[i], 1))
				return 0;
		for (i = 0; a->kind == PANEL_NODE_MAP && i < a->n; i++)
			if (!map_has(b, a->items[2 * i], a->items[2 * i + 1]))
				return 0;
		return 1;
	}
	if (a->type == PANEL_SCALAR_BOOL && b->type == PANEL_SCALAR_BOOL)
		return bool_value(a) == bool_value(b);
	if (!unbool && a->type == PANEL_SCALAR_BOOL && num_value(b, &y))
		return bool_value(a) == y;
	if (!unbool && b->type == PANEL_SCALAR_BOOL && num_value(a, &x))
		return bool_value(b) == x;
	if (num_value(a, &x) && num_value(b, &y))
		return x == y;
	if (a->type != b->type)
		return 0;
	if (a->type == PANEL_SCALAR_NULL)
		return 1;
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

/* Unicode code points in s[0..len): the bytes that start a character. */
static size_t
codepoints(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Writes s into out (of size outlen) for a message: at most SHOW_MAX code
 * points, cut with "..." at a character boundary, control characters shown
 * as '?'.
 */
static const char *
show(char *out, size_t outlen, const char *s, size_t len)
{
	size_t i, w = 0, cps = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if ((c & 0xc0) != 0x80) {
			/* Cut only before a character, with room for "...". */
			if (cps++ == SHOW_MAX || w + 8 > outlen) {
				memcpy(out + w, "...", 3);
				w += 3;
				break;
			}
		} else if (w + 4 >= outlen) {
			break; /* not UTF-8, which doc.c refuses; stay inside */
		}
		out[w++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	out[w] = '\0';
	return out;
}

/* Compiling a schema. */

static int PANEL_PRINTF(3, 4)
    bad(struct loader *l, const struct panel_node *at, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = panel_err_vset(
	    l->err, PANEL_EINPUT, l->ps->file, at->line, at->column, fmt, ap);
	va_end(ap);
	return rc;
}

static struct sch *
sch_new(struct panel_schema *ps)
{
	struct sch *s = panel_xcalloc(1, sizeof(*s));

	s->boolean = -1;
	s->min_len = s->max_len = s->min_items = s->max_items = -1;
	PANEL_GROW(ps->nodes, ps->nnodes + 1, ps->anodes);
	ps->nodes[ps->nnodes++] = s;
	return s;
}

static void
sch_free(struct sch *s)
{
	free(s->props);
	free(s->any.v);
	free(s->one.v);
	free(s->all.v);
	panel_match_free(s->pattern);
	free(s);
}

static int compile(
    struct sch **out, struct loader *l, const struct panel_node *n);

static int
want_str(struct loader *l, const struct panel_node *v, const char *kw)
{
	if (!is_scalar(v, PANEL_SCALAR_STR))
		return bad(l, v, "keyword '%s' must be a string", kw);
	return 0;
}

static int
kw_note(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	(void)off;
	if (strcmp(kw, "description") == 0 && is_scalar(v, PANEL_SCALAR_STR))
		s->description = v->str;
	return want_str(l, v, kw);
}

static int
kw_schema(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	(void)s, (void)off;
	if (!is_scalar(v, PANEL_SCALAR_STR) || strcmp(v->str, SCHEMA_URI) != 0)
		return bad(l, v, "keyword '%s' must be '" SCHEMA_URI "'", kw);
	return 0;
}

static int
kw_defs(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	struct panel_schema *ps = l->ps;
	struct sch *def;
	size_t i;
	int rc;

	(void)off;
	if (v->kind != PANEL_NODE_MAP)
		return bad(l, v, "keyword '%s' must be an object", kw);
	for (i = 0; i < v->n; i++) {
		if ((rc = want_str(l, v->items[2 * i], kw)) != 0 ||
		    (rc = compile(&def, l, v->items[2 * i + 1])) != 0)
			return rc;
		if (s != ps->root)
			continue;
		PANEL_GROW(ps->defs, ps->ndefs + 1, ps->adefs);
		ps->defs[ps->ndefs].name = v->items[2 * i]->str;
		ps->defs[ps->ndefs++].schema = def;
	}
	return 0;
}

static int
kw_ref(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	const char *name;

	(void)off;
	if (!is_scalar(v, PANEL_SCALAR_STR) ||
	    strncmp(v->str, REF_PREFIX, strlen(REF_PREFIX)) != 0)
		return bad(
		    l, v, "keyword '%s' must be '" REF_PREFIX "NAME'", kw);
	/* No JSON-pointer escapes or nesting: the name is plain. */
	name = v->str + strlen(REF_PREFIX);
	if (*name == '\0' ||
	    strspn(name,
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	        "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(name))
		return bad(
		    l, v, "keyword '%s' must be '" REF_PREFIX "NAME'", kw);
	s->refnode = v;
	return 0;
}

static int
type_bit(unsigned *out, const struct panel_node *v)
{
	size_t i;

	if (!is_scalar(v, PANEL_SCALAR_STR))
		return -1;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(v->str, types[i].name) == 0) {
			*out = types[i].bit;
			return 0;
		}
	return -1;
}

static int
kw_type(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	unsigned bit;
	size_t i;

	(void)off;
	if (v->kind != PANEL_NODE_SEQ) {
		if (type_bit(&bit, v) != 0)
			return bad(l, v, "keyword '%s' names no JSON type", kw);
		s->types = bit;
		return 0;
	}
	if (v->n == 0)
		return bad(l, v, "keyword '%s' lists no type", kw);
	for (i = 0; i < v->n; i++) {
		if (type_bit(&bit, v->items[i]) != 0)
			return bad(l, v->items[i],
			    "keyword '%s' names no JSON type", kw);
		if (s->types & bit)
			return bad(
			    l, v->items[i], "keyword '%s' repeats a type", kw);
		s->types |= bit;
	}
	return 0;
}

static int
kw_properties(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	size_t i;
	int rc;

	(void)off;
	if (v->kind != PANEL_NODE_MAP)
		return bad(l, v, "keyword '%s' must be an object", kw);
	s->props = panel_xcalloc(v->n + 1, sizeof(*s->props));
	for (i = 0; i < v->n; i++) {
		if ((rc = want_str(l, v->items[2 * i], kw)) != 0)
			return rc;
		s->props[i].name = v->items[2 * i]->str;
		s->nprops++;
		if ((rc = compile(
		         &s->props[i].schema, l, v->items[2 * i + 1])) != 0)
			return rc;
	}
	return 0;
}

static int
kw_required(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	size_t i, j;

	(void)off;
	if (v->kind != PANEL_NODE_SEQ)
		return bad(l, v, "keyword '%s' must be a list of names", kw);
	for (i = 0; i < v->n; i++) {
		if (!is_scalar(v->items[i], PANEL_SCALAR_STR))
			return bad(l, v->items[i],
			    "keyword '%s' must be a list of names", kw);
		for (j = 0; j < i; j++)
			if (strcmp(v->items[i]->str, v->items[j]->str) == 0)
				return bad(l, v->items[i],
				    "keyword '%s' repeats a name", kw);
	}
	s->required = v;
	return 0;
}

/* additionalProperties, items and not: one subschema at offset off. */
static int
kw_sub(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	(void)kw;
	return compile((struct sch **)(void *)((char *)s + off), l, v);
}

/* anyOf, oneOf and allOf: a list of subschemas at offset off. */
static int
kw_list(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	struct list *list = (struct list *)(void *)((char *)s + off);
	size_t i;
	int rc;

	if (v->kind != PANEL_NODE_SEQ || v->n == 0)
		return bad(l, v, "keyword '%s' must be a list of schemas", kw);
	list->v = panel_xcalloc(v->n, sizeof(*list->v));
	for (i = 0; i < v->n; i++) {
		if ((rc = compile(&list->v[i], l, v->items[i])) != 0)
			return rc;
		list->n++;
	}
	return 0;
}

static int
kw_enum(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	(void)off;
	if (v->kind != PANEL_NODE_SEQ || v->n == 0)
		return bad(l, v, "keyword '%s' must be a list of values", kw);
	s->enumv = v;
	return 0;
}

static int
kw_const(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	(void)l, (void)kw, (void)off;
	s->constv = v;
	return 0;
}

static int
kw_pattern(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	struct panel_err merr = PANEL_ERR_INIT;
	char what[PANEL_ERR_FILE + 16];
	int rc;

	(void)off;
	if ((rc = want_str(l, v, kw)) != 0)
		return rc;
	snprintf(what, sizeof(what), "schema %s pattern", l->ps->file);
	if ((rc = panel_match_compile(&s->pattern, what, v->str, 0, &merr)) !=
	    0)
		return panel_err_set(l->err, rc, l->ps->file, v->line,
		    v->column, "%s", merr.msg);
	s->pattern_src = v->str;
	return 0;
}

/* minLength, maxLength, minItems and maxItems: a count at offset off. */
static int
kw_count(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	long double n;

	if (!is_scalar(v, PANEL_SCALAR_INT) || (n = int_value(v->str)) < 0 ||
	    n > 1e18)
		return bad(l, v, "keyword '%s' must be a whole number", kw);
	*(long long *)(void *)((char *)s + off) = (long long)n;
	return 0;
}

/* minimum and the like: a number at offset off. */
static int
kw_bound(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	struct bound *b = (struct bound *)(void *)((char *)s + off);

	if (!num_value(v, &b->v) || isnan(b->v))
		return bad(l, v, "keyword '%s' must be a number", kw);
	b->at = v;
	return 0;
}

static int
kw_unique(struct loader *l, struct sch *s, const struct panel_node *v,
    const char *kw, size_t off)
{
	(void)off;
	if (!is_scalar(v, PANEL_SCALAR_BOOL))
		return bad(l, v, "keyword '%s' must be true or false", kw);
	s->unique = bool_value(v);
	return 0;
}

#define AT(field) offsetof(struct sch, field)

static const struct keyword {
	const char *name;
	int (*fn)(struct loader *, struct sch *, const struct panel_node *,
	    const char *, size_t);
	size_t off;
	int root_only; /* $schema and $id would change how $ref resolves */
} keywords[] = {
    {"$comment", kw_note, 0, 0},
    {"$defs", kw_defs, 0, 0},
    {"$id", kw_note, 0, 1},
    {"$ref", kw_ref, 0, 0},
    {"$schema", kw_schema, 0, 1},
    {"additionalProperties", kw_sub, AT(additional), 0},
    {"allOf", kw_list, AT(all), 0},
    {"anyOf", kw_list, AT(any), 0},
    {"const", kw_const, 0, 0},
    {"description", kw_note, 0, 0},
    {"enum", kw_enum, 0, 0},
    {"exclusiveMaximum", kw_bound, AT(bounds[B_XMAX]), 0},
    {"exclusiveMinimum", kw_bound, AT(bounds[B_XMIN]), 0},
    {"format", kw_note, 0, 0},
    {"items", kw_sub, AT(items), 0},
    {"maxItems", kw_count, AT(max_items), 0},
    {"maxLength", kw_count, AT(max_len), 0},
    {"maximum", kw_bound, AT(bounds[B_MAX]), 0},
    {"minItems", kw_count, AT(min_items), 0},
    {"minLength", kw_count, AT(min_len), 0},
    {"minimum", kw_bound, AT(bounds[B_MIN]), 0},
    {"not", kw_sub, AT(negate), 0},
    {"oneOf", kw_list, AT(one), 0},
    {"pattern", kw_pattern, 0, 0},
    {"properties", kw_properties, 0, 0},
    {"required", kw_required, 0, 0},
    {"title", kw_note, 0, 0},
    {"type", kw_type, 0, 0},
    {"uniqueItems", kw_unique, 0, 0},
};

static const struct keyword *
keyword(const struct panel_node *key)
{
	size_t i;

	if (!is_scalar(key, PANEL_SCALAR_STR))
		return NULL;
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(key->str, keywords[i].name) == 0)
			return &keywords[i];
	return NULL;
}

static int
compile(struct sch **out, struct loader *l, const struct panel_node *n)
{
	struct sch *s = sch_new(l->ps);
	const struct keyword *kw;
	char shown[4 * SHOW_MAX + 8];
	int root = l->root, rc = 0;
	size_t i;

	*out = s;
	if (root)
		l->ps->root = s;
	if (is_scalar(n, PANEL_SCALAR_BOOL)) {
		s->boolean = bool_value(n);
		return 0;
	}
	if (n->kind != PANEL_NODE_MAP)
		return bad(l, n, "a schema must be an object or a boolean");
	l->root = 0;
	for (i = 0; rc == 0 && i < n->n; i++) {
		const struct panel_node *key = n->items[2 * i];

		if ((kw = keyword(key)) == NULL)
			rc = bad(l, key, "unsupported schema keyword '%s'",
			    show(shown, sizeof(shown), key->str, key->len));
		else if (kw->root_only && !root)
			rc = bad(l, key,
			    "keyword '%s' is allowed only at the top",
			    kw->name);
		else
			rc = kw->fn(
			    l, s, n->items[2 * i + 1], kw->name, kw->off);
	}
	l->root = root;
	return rc;
}

static int
resolve_refs(struct loader *l)
{
	struct panel_schema *ps = l->ps;
	size_t i, j;

	for (i = 0; i < ps->nnodes; i++) {
		struct sch *s = ps->nodes[i];
		const char *name;

		if (s->refnode == NULL)
			continue;
		name = s->refnode->str + strlen(REF_PREFIX);
		for (j = 0; j < ps->ndefs && s->ref == NULL; j++)
			if (strcmp(ps->defs[j].name, name) == 0)
				s->ref = ps->defs[j].schema;
		if (s->ref == NULL)
			return bad(l, s->refnode,
			    "$ref '%s' names no $defs entry", s->refnode->str);
	}
	return 0;
}

/* A schema is JSON: a YAML date (not JSON at all) in it is a mistake. */
static int
json_only(struct loader *l, const struct panel_node *n)
{
	size_t i, items = n->kind == PANEL_NODE_MAP ? 2 * n->n : n->n;
	int rc;

	if (is_scalar(n, PANEL_SCALAR_TIMESTAMP))
		return bad(l, n, "a schema holds JSON values, not YAML dates");
	for (i = 0; n->kind != PANEL_NODE_SCALAR && i < items; i++)
		if ((rc = json_only(l, n->items[i])) != 0)
			return rc;
	return 0;
}

int
panel_schema_parse(struct panel_schema **out, const char *file,
    const char *json, size_t len, struct panel_err *err)
{
	struct panel_schema *ps = panel_xcalloc(1, sizeof(*ps));
	struct loader l = {ps, err, 1};
	struct sch *root;
	int rc;

	*out = NULL;
	ps->file = panel_xstrdup(file);
	if ((rc = panel_doc_load(&ps->doc, file, json, len, err)) != 0)
		goto fail;
	if (ps->doc->root == NULL) {
		rc = panel_err_set(
		    err, PANEL_EINPUT, file, 1, 1, "schema is empty");
		goto fail;
	}
	if ((rc = json_only(&l, ps->doc->root)) != 0 ||
	    (rc = compile(&root, &l, ps->doc->root)) != 0 ||
	    (rc = resolve_refs(&l)) != 0)
		goto fail;
	*out = ps;
	return 0;
fail:
	panel_schema_free(ps);
	return rc;
}

int
panel_schema_load(
    struct panel_schema **out, const char *name, struct panel_err *err)
{
	const struct panel_schema_file *f;
	size_t n = strlen(name);

	*out = NULL;
	for (f = panel_schema_files; f->name != NULL; f++)
		if (strncmp(f->name, name, n) == 0 &&
		    strcmp(f->name + n, ".json") == 0)
			return panel_schema_parse(
			    out, f->name, f->data, f->len, err);
	return panel_err_set(
	    err, PANEL_EINPUT, NULL, 0, 0, "no schema named '%s'", name);
}

void
panel_schema_free(struct panel_schema *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = ps->nnodes; i > 0; i--)
		sch_free(ps->nodes[i - 1]);
	free(ps->nodes);
	free(ps->defs);
	panel_doc_free(ps->doc);
	free(ps->file);
	free(ps);
}

/* Validating. */

struct vctx {
	const struct panel_doc *doc;
	void (*report)(const struct panel_err *, void *);
	void *ctx;
	struct panel_buf path; /* "attendance[2].status" */
	char field[PANEL_ERR_MSG];
	size_t count;
	int quiet; /* inside anyOf, oneOf or not: count, do not report */
};

/* "field 'PATH'", or "the record" at the top. */
static const char *
field(struct vctx *v)
{
	if (v->path.len == 0)
		return "the record";
	snprintf(v->field, sizeof(v->field), "field '%s'", v->path.buf);
	return v->field;
}

static void PANEL_PRINTF(3, 4)
    problem(struct vctx *v, const struct panel_node *at, const char *fmt, ...)
{
	struct panel_err e = PANEL_ERR_INIT;
	va_list ap;

	v->count++;
	if (v->quiet)
		return;
	va_start(ap, fmt);
	panel_err_vset(
	    &e, PANEL_EINPUT, v->doc->file, at->line, at->column, fmt, ap);
	va_end(ap);
	v->report(&e, v->ctx);
}

/* Appends ".key" (or "key" at the top) to the path; returns the old end. */
static size_t
push_key(struct vctx *v, const char *key, size_t len)
{
	char shown[4 * SHOW_MAX + 8];
	size_t mark = v->path.len;

	if (mark)
		panel_buf_addch(&v->path, '.');
	panel_buf_addstr(&v->path, show(shown, sizeof(shown), key, len));
	return mark;
}

static size_t
push_index(struct vctx *v, size_t i)
{
	size_t mark = v->path.len;

	panel_buf_addf(&v->path, "[%zu]", i);
	return mark;
}

static void check(struct vctx *v, const struct sch *s,
    const struct panel_node *n, unsigned depth);

/* Names the types of s, "a string or null", into out. */
static const char *
type_nouns(char *out, size_t len, unsigned want)
{
	size_t i, w = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((want & types[i].bit) && w < len)
			w += snprintf(out + w, len - w, "%s%s", w ? " or " : "",
			    types[i].noun);
	return out;
}

static void
check_type(struct vctx *v, const struct sch *s, const struct panel_node *n)
{
	char val[4 * SHOW_MAX + 8], want[128];
	const char *f = field(v);

	if (s->types == 0 || (types_of(n) & s->types))
		return;
	type_nouns(want, sizeof(want), s->types);
	if (n->kind != PANEL_NODE_SCALAR || !(s->types & T_STRING)) {
		problem(v, n, "%s is %s, not %s", f, noun_of(n), want);
		return;
	}
	/* A plain scalar where a string belongs: say how to write it. */
	show(val, sizeof(val), n->str, n->len);
	if (n->type == PANEL_SCALAR_TIMESTAMP)
		problem(
		    v, n, "%s is a YAML date; write it quoted, '%s'", f, val);
	else if (n->type == PANEL_SCALAR_NULL && n->len == 0)
		problem(v, n, "%s is empty (null), not %s", f, want);
	else if (n->type == PANEL_SCALAR_BOOL || n->type == PANEL_SCALAR_NULL)
		problem(v, n, "%s is %s, not %s; write it quoted, '%s'", f,
		    noun_of(n), want, val);
	else
		problem(v, n, "%s is %s, not %s; write it quoted", f,
		    noun_of(n), want);
}

/* Describes value n for a message: 'text', or what it is. */
static const char *
describe(char *out, size_t len, const struct panel_node *n)
{
	char val[4 * SHOW_MAX + 8];

	if (n->kind != PANEL_NODE_SCALAR)
		snprintf(out, len, "%s",
		    n->kind == PANEL_NODE_SEQ ? "[...]" : "{...}");
	else if (n->type == PANEL_SCALAR_STR)
		snprintf(
		    out, len, "'%s'", show(val, sizeof(val), n->str, n->len));
	else if (n->type == PANEL_SCALAR_NULL)
		snprintf(out, len, "null");
	else
		snprintf(
		    out, len, "%s", show(val, sizeof(val), n->str, n->len));
	return out;
}

static void
check_enum(struct vctx *v, const struct sch *s, const struct panel_node *n)
{
	char list[PANEL_ERR_MSG / 2], one[4 * SHOW_MAX + 16];
	size_t i, w = 0;

	if (s->constv && !equal(n, s->constv, 1))
		problem(v, n, "%s must be %s", field(v),
		    describe(one, sizeof(one), s->constv));
	if (s->enumv == NULL)
		return;
	for (i = 0; i < s->enumv->n; i++)
		if (equal(n, s->enumv->items[i], 1))
			return;
	list[0] = '\0';
	for (i = 0; i < s->enumv->n && w < sizeof(list); i++) {
		const struct panel_node *e = s->enumv->items[i];

		w += snprintf(list + w, sizeof(list) - w, "%s%s", i ? ", " : "",
		    is_scalar(e, PANEL_SCALAR_STR)
		        ? e->str
		        : describe(one, sizeof(one), e));
	}
	if (n->kind == PANEL_NODE_SCALAR)
		problem(v, n, "%s: %s is not one of %s", field(v),
		    describe(one, sizeof(one), n), list);
	else
		problem(v, n, "%s is %s, not one of %s", field(v), noun_of(n),
		    list);
}

static void
check_string(struct vctx *v, const struct sch *s, const struct panel_node *n)
{
	struct panel_err merr = PANEL_ERR_INIT;
	char val[4 * SHOW_MAX + 8];
	size_t cps = codepoints(n->str, n->len), ms, me;
	int rc;

	if (s->min_len >= 0 && cps < (size_t)s->min_len) {
		if (cps == 0)
			problem(v, n, "%s is empty", field(v));
		else
			problem(v, n,
			    "%s is too short (at least %lld characters)",
			    field(v), s->min_len);
	}
	if (s->max_len >= 0 && cps > (size_t)s->max_len)
		problem(v, n, "%s is too long (at most %lld characters)",
		    field(v), s->max_len);
	if (s->pattern == NULL)
		return;
	/* Unanchored, as JSON Schema says: the pattern anchors itself. */
	rc = panel_match_find(&ms, &me, s->pattern, n->str, n->len, 0, &merr);
	if (rc == 0)
		problem(v, n, "%s: '%s' does not match %s", field(v),
		    show(val, sizeof(val), n->str, n->len), s->pattern_src);
	else if (rc < 0)
		problem(
		    v, n, "%s could not be matched: %s", field(v), merr.msg);
}

static void
check_number(struct vctx *v, const struct sch *s, const struct panel_node *n)
{
	static const char *const what[B_COUNT] = {
	    "less than the minimum",
	    "greater than the maximum",
	    "not greater than",
	    "not less than",
	};
	long double x;
	int k, fail;

	if (!num_value(n, &x))
		return;
	for (k = 0; k < B_COUNT; k++) {
		const struct bound *b = &s->bounds[k];

		if (b->at == NULL)
			continue;
		/* NaN fails every bound, as it does in Python. */
		fail = k == B_MIN    ? !(x >= b->v)
		       : k == B_MAX  ? !(x <= b->v)
		       : k == B_XMIN ? !(x > b->v)
		                     : !(x < b->v);
		if (fail)
			problem(
			    v, n, "%s is %s %s", field(v), what[k], b->at->str);
	}
}

static void
check_object(struct vctx *v, const struct sch *s, const struct panel_node *n,
    unsigned depth)
{
	size_t i, j, mark;

	for (i = 0; s->required && i < s->required->n; i++) {
		const char *name = s->required->items[i]->str;
		int found = 0;

		/* Only a string key names a property; 1: or yes: do not. */
		for (j = 0; j < n->n && !found; j++)
			found = is_scalar(n->items[2 * j], PANEL_SCALAR_STR) &&
			        strcmp(n->items[2 * j]->str, name) == 0;
		if (found)
			continue;
		mark = push_key(v, name, strlen(name));
		problem(v, n, "required %s is missing", field(v));
		panel_buf_setlen(&v->path, mark);
	}
	for (i = 0; i < n->n; i++) {
		const struct panel_node *key = n->items[2 * i];
		const struct sch *sub = NULL;

		for (j = 0; j < s->nprops && sub == NULL; j++)
			if (is_scalar(key, PANEL_SCALAR_STR) &&
			    strcmp(key->str, s->props[j].name) == 0)
				sub = s->props[j].schema;
		if (sub == NULL)
			sub = s->additional;
		if (sub == NULL)
			continue;
		/* A complex key (a map or list as key) is shown as '?'. */
		if (key->kind == PANEL_NODE_SCALAR)
			mark = push_key(v, key->str, key->len);
		else
			mark = push_key(v, "?", 1);
		if (sub->boolean == 0)
			problem(v, key, "unknown %s", field(v));
		else
			check(v, sub, n->items[2 * i + 1], depth + 1);
		panel_buf_setlen(&v->path, mark);
	}
}

static void
check_array(struct vctx *v, const struct sch *s, const struct panel_node *n,
    unsigned depth)
{
	size_t i, j, mark;

	if (s->min_items >= 0 && n->n < (size_t)s->min_items)
		problem(v, n, "%s has %zu items, fewer than %lld", field(v),
		    n->n, s->min_items);
	if (s->max_items >= 0 && n->n > (size_t)s->max_items)
		problem(v, n, "%s has %zu items, more than %lld", field(v),
		    n->n, s->max_items);
	for (i = 0; s->unique && i < n->n; i++) {
		for (j = 0; j < i; j++)
			if (equal(n->items[i], n->items[j], 1))
				break;
		if (j == i)
			continue;
		mark = push_index(v, i);
		problem(v, n->items[i], "%s repeats item %zu", field(v), j);
		panel_buf_setlen(&v->path, mark);
	}
	for (i = 0; s->items && i < n->n; i++) {
		mark = push_index(v, i);
		check(v, s->items, n->items[i], depth + 1);
		panel_buf_setlen(&v->path, mark);
	}
}

/* The number of problems n has under s, reporting none of them. */
static size_t
count_quietly(struct vctx *v, const struct sch *s, const struct panel_node *n,
    unsigned depth)
{
	size_t before = v->count, got;

	v->quiet++;
	check(v, s, n, depth + 1);
	v->quiet--;
	got = v->count - before;
	v->count = before;
	return got;
}

static void
check_applicators(struct vctx *v, const struct sch *s,
    const struct panel_node *n, unsigned depth)
{
	size_t i, matched;

	for (i = 0; i < s->all.n; i++)
		check(v, s->all.v[i], n, depth + 1);
	if (s->any.n) {
		for (i = 0; i < s->any.n; i++)
			if (count_quietly(v, s->any.v[i], n, depth) == 0)
				break;
		if (i == s->any.n)
			problem(v, n, "%s matches none of the allowed forms",
			    field(v));
	}
	if (s->one.n) {
		for (i = matched = 0; i < s->one.n; i++)
			matched += count_quietly(v, s->one.v[i], n, depth) == 0;
		if (matched != 1)
			problem(v, n,
			    "%s matches %zu of the allowed forms, not exactly "
			    "one",
			    field(v), matched);
	}
	if (s->negate && count_quietly(v, s->negate, n, depth) == 0) {
		if (s->negate->description)
			problem(v, n, "%s must not be %s", field(v),
			    s->negate->description);
		else
			problem(v, n, "%s matches a form that is not allowed",
			    field(v));
	}
}

static void
check(struct vctx *v, const struct sch *s, const struct panel_node *n,
    unsigned depth)
{
	if (depth > MAX_DEPTH) {
		problem(v, n, "%s: the schema nests too deeply", field(v));
		return;
	}
	if (s->boolean >= 0) {
		if (s->boolean == 0)
			problem(v, n, "%s is not allowed", field(v));
		return;
	}
	if (s->ref)
		check(v, s->ref, n, depth + 1);
	check_type(v, s, n);
	check_enum(v, s, n);
	if (is_scalar(n, PANEL_SCALAR_STR))
		check_string(v, s, n);
	check_number(v, s, n);
	if (n->kind == PANEL_NODE_MAP)
		check_object(v, s, n, depth);
	if (n->kind == PANEL_NODE_SEQ)
		check_array(v, s, n, depth);
	check_applicators(v, s, n, depth);
}

size_t
panel_schema_validate(const struct panel_schema *schema,
    const struct panel_doc *doc,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx)
{
	/* An empty document is null to PyYAML; so it is here. */
	static char empty[1];
	static const struct panel_node null_node = {.kind = PANEL_NODE_SCALAR,
	    .line = 1,
	    .column = 1,
	    .str = empty,
	    .type = PANEL_SCALAR_NULL};
	struct vctx v = {doc, report, ctx, PANEL_BUF_INIT, "", 0, 0};

	check(&v, schema->root, doc->root ? doc->root : &null_node, 0);
	panel_buf_release(&v.path);
	return v.count;
}
