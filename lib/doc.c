#include "doc.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "alloc.h"
#include "banned.h"

/* The prefix libyaml resolves "!!" to. */
#define CORE_TAG "tag:yaml.org,2002:"
#define CORE_TAG_LEN (sizeof(CORE_TAG) - 1)

/* The core-schema tag of each scalar type, indexed by the enum. */
static const char *const type_tags[] = {
    [PANEL_SCALAR_STR] = CORE_TAG "str",
    [PANEL_SCALAR_INT] = CORE_TAG "int",
    [PANEL_SCALAR_FLOAT] = CORE_TAG "float",
    [PANEL_SCALAR_BOOL] = CORE_TAG "bool",
    [PANEL_SCALAR_NULL] = CORE_TAG "null",
    [PANEL_SCALAR_TIMESTAMP] = CORE_TAG "timestamp",
};

/* Nodes */

static struct panel_node *
node_new(enum panel_node_kind kind)
{
	struct panel_node *n = panel_xcalloc(1, sizeof(*n));

	n->kind = kind;
	return n;
}

struct panel_node *
panel_node_map(void)
{
	return node_new(PANEL_NODE_MAP);
}

struct panel_node *
panel_node_seq(void)
{
	return node_new(PANEL_NODE_SEQ);
}

struct panel_node *
panel_node_strn(const char *s, size_t len)
{
	struct panel_node *n = node_new(PANEL_NODE_SCALAR);

	/* Not strndup: the text may hold NULs, which the emitter refuses. */
	n->str = panel_xmalloc(len + 1);
	if (len)
		memcpy(n->str, s, len);
	n->str[len] = '\0';
	n->len = len;
	n->type = PANEL_SCALAR_STR;
	return n;
}

struct panel_node *
panel_node_str(const char *s)
{
	return panel_node_strn(s, strlen(s));
}

static struct panel_node *
node_typed(const char *s, enum panel_scalar_type type)
{
	struct panel_node *n = panel_node_str(s);

	n->type = type;
	return n;
}

struct panel_node *
panel_node_int(long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	return node_typed(buf, PANEL_SCALAR_INT);
}

struct panel_node *
panel_node_bool(int v)
{
	return node_typed(v ? "true" : "false", PANEL_SCALAR_BOOL);
}

struct panel_node *
panel_node_null(void)
{
	return node_typed("null", PANEL_SCALAR_NULL);
}

/* How many item slots a collection uses: a map stores two per pair. */
static size_t
node_slots(const struct panel_node *n)
{
	return n->kind == PANEL_NODE_MAP ? 2 * n->n : n->n;
}

void
panel_node_free(struct panel_node *node)
{
	size_t i;

	if (node == NULL)
		return;
	for (i = 0; i < node_slots(node); i++)
		panel_node_free(node->items[i]);
	free(node->items);
	free(node->str);
	free(node);
}

void
panel_node_push(struct panel_node *seq, struct panel_node *value)
{
	if (seq == NULL || seq->kind != PANEL_NODE_SEQ) {
		panel_node_free(value);
		return;
	}
	PANEL_GROW(seq->items, seq->n + 1, seq->alloc);
	seq->items[seq->n++] = value;
}

/* Appends a pair to map, which takes both nodes. */
static void
map_add(
    struct panel_node *map, struct panel_node *key, struct panel_node *value)
{
	PANEL_GROW(map->items, 2 * map->n + 2, map->alloc);
	map->items[2 * map->n] = key;
	map->items[2 * map->n + 1] = value;
	map->n++;
}

/* Orders two scalars bytewise, a prefix first. */
static int
node_strcmp(const struct panel_node *a, const struct panel_node *b)
{
	size_t len = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->str, b->str, len);

	if (c)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

/* The index of the pair whose key is key, or SIZE_MAX. */
static size_t
map_find(const struct panel_node *map, const char *key)
{
	size_t i, len = strlen(key);

	if (map == NULL || map->kind != PANEL_NODE_MAP)
		return SIZE_MAX;
	for (i = 0; i < map->n; i++) {
		const struct panel_node *k = map->items[2 * i];

		if (k->len == len && memcmp(k->str, key, len) == 0)
			return i;
	}
	return SIZE_MAX;
}

void
panel_node_set(
    struct panel_node *map, const char *key, struct panel_node *value)
{
	size_t i;

	if (map == NULL || map->kind != PANEL_NODE_MAP) {
		panel_node_free(value);
		return;
	}
	i = map_find(map, key);
	if (i == SIZE_MAX) {
		map_add(map, panel_node_str(key), value);
		return;
	}
	panel_node_free(map->items[2 * i + 1]);
	map->items[2 * i + 1] = value;
}

void
panel_node_del(struct panel_node *map, const char *key)
{
	size_t i = map_find(map, key);

	if (i == SIZE_MAX)
		return;
	panel_node_free(map->items[2 * i]);
	panel_node_free(map->items[2 * i + 1]);
	memmove(&map->items[2 * i], &map->items[2 * i + 2],
	    (map->n - i - 1) * 2 * sizeof(*map->items));
	map->n--;
}

const struct panel_node *
panel_node_get(const struct panel_node *map, const char *key)
{
	size_t i = map_find(map, key);

	return i == SIZE_MAX ? NULL : map->items[2 * i + 1];
}

const char *
panel_node_get_str(const struct panel_node *map, const char *key)
{
	const struct panel_node *v = panel_node_get(map, key);

	return v && v->kind == PANEL_NODE_SCALAR ? v->str : NULL;
}

const char *
panel_node_key(const struct panel_node *map, size_t i)
{
	if (map == NULL || map->kind != PANEL_NODE_MAP || i >= map->n)
		return NULL;
	return map->items[2 * i]->str;
}

const struct panel_node *
panel_node_value(const struct panel_node *map, size_t i)
{
	if (map == NULL || map->kind != PANEL_NODE_MAP || i >= map->n)
		return NULL;
	return map->items[2 * i + 1];
}

/* A pair being sorted by panel_node_order(). */
struct pairref {
	struct panel_node *key, *value;
	size_t rank; /* index in order[], or SIZE_MAX */
};

static int
cmp_pairref(const void *pa, const void *pb)
{
	const struct pairref *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return node_strcmp(a->key, b->key);
}

static size_t
order_rank(const struct panel_node *key, const char *const order[])
{
	size_t i;

	for (i = 0; order && order[i]; i++)
		if (strlen(order[i]) == key->len &&
		    memcmp(order[i], key->str, key->len) == 0)
			return i;
	return SIZE_MAX;
}

void
panel_node_order(struct panel_node *map, const char *const order[])
{
	struct pairref *refs;
	size_t i;

	if (map == NULL || map->kind != PANEL_NODE_MAP || map->n < 2)
		return;
	refs = panel_xreallocarray(NULL, map->n, sizeof(*refs));
	for (i = 0; i < map->n; i++) {
		refs[i].key = map->items[2 * i];
		refs[i].value = map->items[2 * i + 1];
		refs[i].rank = order_rank(refs[i].key, order);
	}
	qsort(refs, map->n, sizeof(*refs), cmp_pairref);
	for (i = 0; i < map->n; i++) {
		map->items[2 * i] = refs[i].key;
		map->items[2 * i + 1] = refs[i].value;
	}
	free(refs);
}

/* Documents */

struct panel_doc *
panel_doc_new(const char *file)
{
	struct panel_doc *doc = panel_xcalloc(1, sizeof(*doc));

	doc->file = panel_xstrdup(file ? file : "");
	return doc;
}

void
panel_doc_free(struct panel_doc *doc)
{
	if (doc == NULL)
		return;
	panel_node_free(doc->root);
	free(doc->file);
	free(doc);
}

/*
 * Scalar resolution: PyYAML's implicit resolvers (yaml/resolver.py), each
 * regex ported to a hand-written matcher of the whole text.  The comment
 * above each matcher is the regex it implements.
 */

/* A cursor over the text being matched. */
struct cur {
	const char *s;
	size_t i, n;
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* c is in set (never true for NUL, which strchr would find). */
static int
in_set(int c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* Consumes [set]* and returns how many characters it took. */
static size_t
take_set(struct cur *c, const char *set)
{
	size_t from = c->i;

	while (c->i < c->n && in_set((unsigned char)c->s[c->i], set))
		c->i++;
	return c->i - from;
}

/* Consumes between min and max digits, greedily; 0 if fewer than min. */
static int
take_digits(struct cur *c, size_t min, size_t max)
{
	size_t k = 0;

	while (k < max && c->i < c->n && is_digit(c->s[c->i]))
		c->i++, k++;
	return k >= min;
}

/* Consumes ch if it is next. */
static int
take(struct cur *c, int ch)
{
	if (c->i < c->n && c->s[c->i] == ch) {
		c->i++;
		return 1;
	}
	return 0;
}

static int
at_end(const struct cur *c)
{
	return c->i == c->n;
}

/* The text is one of words[] (NULL-terminated). */
static int
is_word(const char *s, size_t n, const char *const words[])
{
	size_t i;

	for (i = 0; words[i]; i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return 1;
	return 0;
}

/* ^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE
 *    |on|On|ON|off|Off|OFF)$ */
static int
match_bool(const char *s, size_t n)
{
	static const char *const words[] = {"yes", "Yes", "YES", "no", "No",
	    "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
	    "ON", "off", "Off", "OFF", NULL};

	return is_word(s, n, words);
}

/* ^(?:~|null|Null|NULL|)$ */
static int
match_null(const char *s, size_t n)
{
	static const char *const words[] = {
	    "~", "null", "Null", "NULL", "", NULL};

	return is_word(s, n, words);
}

/* (?::[0-5]?[0-9])+ : returns how many groups it took. */
static size_t
take_sexagesimal(struct cur *c)
{
	size_t groups = 0;

	while (
	    c->i + 1 < c->n && c->s[c->i] == ':' && is_digit(c->s[c->i + 1])) {
		/* Two digits when they fit [0-5][0-9], as the regex can
		 * only go on with ':', '.' or the end after the group. */
		if (c->s[c->i + 1] <= '5' && c->i + 2 < c->n &&
		    is_digit(c->s[c->i + 2]))
			c->i += 3;
		else
			c->i += 2;
		groups++;
	}
	return groups;
}

/* (?:[eE][-+][0-9]+)? : all or nothing. */
static void
take_exponent(struct cur *c)
{
	size_t from = c->i;

	if ((take(c, 'e') || take(c, 'E')) && (take(c, '-') || take(c, '+')) &&
	    take_digits(c, 1, SIZE_MAX))
		return;
	c->i = from;
}

/*
 * ^(?:[-+]?0b[0-1_]+
 *    |[-+]?0[0-7_]+
 *    |[-+]?(?:0|[1-9][0-9_]*)
 *    |[-+]?0x[0-9a-fA-F_]+
 *    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$
 */
static int
match_int(const char *s, size_t n)
{
	struct cur c = {s, 0, n};

	if (!take(&c, '-'))
		take(&c, '+');
	if (take(&c, '0')) {
		if (at_end(&c))
			return 1;
		if (take(&c, 'b'))
			return take_set(&c, "01_") > 0 && at_end(&c);
		if (take(&c, 'x'))
			return take_set(&c, "0123456789abcdefABCDEF_") > 0 &&
			       at_end(&c);
		return take_set(&c, "01234567_") > 0 && at_end(&c);
	}
	if (c.i >= n || !in_set((unsigned char)s[c.i], "123456789"))
		return 0;
	c.i++;
	take_set(&c, "0123456789_");
	if (at_end(&c))
		return 1;
	return take_sexagesimal(&c) > 0 && at_end(&c);
}

/*
 * ^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
 *    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
 *    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
 *    |[-+]?\.(?:inf|Inf|INF)
 *    |\.(?:nan|NaN|NAN))$
 */
static int
match_float(const char *s, size_t n)
{
	static const char *const inf[] = {"inf", "Inf", "INF", NULL};
	static const char *const nan[] = {"nan", "NaN", "NAN", NULL};
	struct cur c = {s, 0, n};
	int sign = take(&c, '-') || take(&c, '+');

	if (take(&c, '.')) {
		if (is_word(s + c.i, n - c.i, inf))
			return 1;
		if (sign)
			return 0;
		if (is_word(s + c.i, n - c.i, nan))
			return 1;
		if (!take_digits(&c, 1, 1))
			return 0;
		take_set(&c, "0123456789_");
		take_exponent(&c);
		return at_end(&c);
	}
	if (!take_digits(&c, 1, 1))
		return 0;
	take_set(&c, "0123456789_");
	if (take_sexagesimal(&c) > 0) {
		if (!take(&c, '.'))
			return 0;
		take_set(&c, "0123456789_");
		return at_end(&c);
	}
	if (!take(&c, '.'))
		return 0;
	take_set(&c, "0123456789_");
	take_exponent(&c);
	return at_end(&c);
}

/* (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$ */
static int
match_tz_end(struct cur *c)
{
	if (at_end(c))
		return 1;
	take_set(c, " \t");
	if (take(c, 'Z'))
		return at_end(c);
	if (!take(c, '-') && !take(c, '+'))
		return 0;
	if (!take_digits(c, 1, 2))
		return 0;
	if (take(c, ':') && !take_digits(c, 2, 2))
		return 0;
	return at_end(c);
}

/*
 * ^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
 *    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
 *     (?:[Tt]|[ \t]+)[0-9][0-9]?
 *     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
 *     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$
 */
static int
match_timestamp(const char *s, size_t n)
{
	struct cur c = {s, 0, n};

	if (!take_digits(&c, 4, 4) || !take(&c, '-') ||
	    !take_digits(&c, 1, 2) || !take(&c, '-') || !take_digits(&c, 1, 2))
		return 0;
	if (at_end(&c)) /* the date alone needs two-digit month and day */
		return n == 10;
	if (!take(&c, 'T') && !take(&c, 't') && take_set(&c, " \t") == 0)
		return 0;
	if (!take_digits(&c, 1, 2) || !take(&c, ':') ||
	    !take_digits(&c, 2, 2) || !take(&c, ':') || !take_digits(&c, 2, 2))
		return 0;
	if (take(&c, '.'))
		take_digits(&c, 0, SIZE_MAX);
	return match_tz_end(&c);
}

/*
 * PyYAML's merge ('<<'), value ('=') and yaml ('!', '&', '*') resolvers,
 * whose tags are no type of the enum.
 */
static int
match_special(const char *s, size_t n)
{
	static const char *const words[] = {"<<", "=", "!", "&", "*", NULL};

	return is_word(s, n, words);
}

/*
 * The resolvers in PyYAML's order, each tried only for the first
 * characters it registered (an empty text only for null).  *special is
 * set for the resolvers of match_special(), and the text stays a string.
 */
static enum panel_scalar_type
resolve_exact(const char *s, size_t n, int *special)
{
	int c = n ? (unsigned char)s[0] : 0;

	if (n == 0)
		return PANEL_SCALAR_NULL;
	if (in_set(c, "yYnNtTfFoO") && match_bool(s, n))
		return PANEL_SCALAR_BOOL;
	if (in_set(c, "-+0123456789.") && match_float(s, n))
		return PANEL_SCALAR_FLOAT;
	if (in_set(c, "-+0123456789") && match_int(s, n))
		return PANEL_SCALAR_INT;
	if (c == '<' && match_special(s, n))
		*special = 1;
	if (in_set(c, "~nN") && match_null(s, n))
		return PANEL_SCALAR_NULL;
	if (is_digit(c) && match_timestamp(s, n))
		return PANEL_SCALAR_TIMESTAMP;
	if (in_set(c, "=!&*") && match_special(s, n))
		*special = 1;
	return PANEL_SCALAR_STR;
}

/* panel_doc_resolve(), telling also whether the text is special. */
static enum panel_scalar_type
resolve(const char *s, size_t len, int *special)
{
	enum panel_scalar_type t;

	*special = 0;
	t = resolve_exact(s, len, special);
	/*
	 * Python's '$' also matches before a final newline, so PyYAML
	 * resolves "yes\n" as it does "yes".  The first character still
	 * picks the resolvers, so "\n" alone stays a string.
	 */
	if (t == PANEL_SCALAR_STR && !*special && len > 1 && s[len - 1] == '\n')
		t = resolve_exact(s, len - 1, special);
	return t;
}

enum panel_scalar_type
panel_doc_resolve(const char *s, size_t len)
{
	int special;

	return resolve(s, len, &special);
}

/*
 * [-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)? or 0o[0-7]+:
 * the YAML 1.2 core schema's numbers that PyYAML reads as strings (1e3,
 * 0o17, 08, -.5).
 */
static int
match_core12_number(const char *s, size_t n)
{
	struct cur c = {s, 0, n};
	size_t whole, frac = 0;

	if (take(&c, '0') && take(&c, 'o'))
		return take_set(&c, "01234567") > 0 && at_end(&c);
	c.i = 0;
	if (!take(&c, '-'))
		take(&c, '+');
	whole = take_set(&c, "0123456789");
	if (take(&c, '.'))
		frac = take_set(&c, "0123456789");
	else if (whole == 0)
		return 0;
	if (whole == 0 && frac == 0)
		return 0;
	if (take(&c, 'e') || take(&c, 'E')) {
		if (!take(&c, '-'))
			take(&c, '+');
		if (take_set(&c, "0123456789") == 0)
			return 0;
	}
	return at_end(&c);
}

/*
 * Plain s reads back as the string s: PyYAML resolves it to a string (and
 * not to merge or value), and so do readers of the YAML 1.1 spec (whose
 * booleans also take y, Y, n, N) and of the YAML 1.2 core schema.
 */
static int
plain_is_str(const char *s, size_t len)
{
	static const char *const yn[] = {"y", "Y", "n", "N", NULL};
	int special;

	if (resolve(s, len, &special) != PANEL_SCALAR_STR || special)
		return 0;
	return !is_word(s, len, yn) && !match_core12_number(s, len);
}

/* Loading */

/*
 * The 1-based line and column of byte off of data, counted as libyaml
 * counts marks: columns in characters; CR LF, CR, LF, NEL, LS and PS
 * each end a line.
 */
static void
position(
    const char *data, size_t len, size_t off, unsigned *line, unsigned *col)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i;

	*line = *col = 1;
	for (i = 0; i < off && i < len; i++) {
		int nel = p[i] == 0xc2 && i + 1 < len && p[i + 1] == 0x85;
		int lsps = p[i] == 0xe2 && i + 2 < len && p[i + 1] == 0x80 &&
		           (p[i + 2] == 0xa8 || p[i + 2] == 0xa9);

		if (p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
			continue;
		if (p[i] == '\n' || p[i] == '\r' || nel || lsps) {
			(*line)++;
			*col = 1;
			i += nel ? 1 : lsps ? 2 : 0;
		} else if ((p[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/*
 * A map's keys by hash, so that a repeated key is refused as soon as it
 * is read.  Keys chosen to collide cannot make this quadratic: past a
 * probe budget linear in the keys, the set gives up and the map is
 * checked by sorting when it closes.
 */
struct keyset {
	size_t *slot; /* pair index + 1; 0 is empty */
	size_t cap;   /* a power of two, or 0 before the first key */
	size_t probes;
	int flooded;
};

/* An open collection while loading. */
struct frame {
	struct panel_node *node;
	struct panel_node *key; /* a map's key waiting for its value */
	struct keyset keys;
};

struct loader {
	const char *file;
	struct panel_err *err;
	struct frame stack[PANEL_DOC_MAX_DEPTH];
	size_t depth;
	struct panel_node *root;
	int docs;
};

static int fail(struct loader *ld, const yaml_mark_t *mark, const char *fmt,
    ...) PANEL_PRINTF(3, 4);

/* Fills err at mark (0-based, as libyaml counts) and returns EINPUT. */
static int
fail(struct loader *ld, const yaml_mark_t *mark, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panel_err_vset(ld->err, PANEL_EINPUT, ld->file,
	    (unsigned)mark->line + 1, (unsigned)mark->column + 1, fmt, ap);
	va_end(ap);
	return PANEL_EINPUT;
}

/*
 * Copies s into buf for a message: at most 40 bytes, cut at a character,
 * control characters shown as '?', so that a hostile key or tag cannot
 * break the one-line message.
 */
static const char *
show(const char *s, size_t len, char *buf, size_t size)
{
	size_t i, full = len, max = size - 4 < 40 ? size - 4 : 40;

	if (len > max) {
		len = max;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[i] = '\0';
	if (len < full)
		memcpy(buf + i, "...", 4);
	return buf;
}

/* A tag as the user would write it: "!!int" for the core schema's. */
static const char *
show_tag(const char *tag, char *buf, size_t size)
{
	char tmp[48];

	if (strncmp(tag, CORE_TAG, CORE_TAG_LEN) != 0)
		return show(tag, strlen(tag), buf, size);
	show(tag + CORE_TAG_LEN, strlen(tag + CORE_TAG_LEN), tmp, sizeof(tmp));
	snprintf(buf, size, "!!%s", tmp);
	return buf;
}

/* Checks a collection's tag: none, or the core one for its kind. */
static int
check_coll_tag(struct loader *ld, const char *tag, const yaml_mark_t *mark,
    const char *want)
{
	char buf[64];

	if (tag == NULL)
		return 0;
	if (strncmp(tag, CORE_TAG, CORE_TAG_LEN) == 0 &&
	    strcmp(tag + CORE_TAG_LEN, want) == 0)
		return 0;
	return fail(ld, mark, "tag '%s' is not allowed here",
	    show_tag(tag, buf, sizeof(buf)));
}

/* The type a core-schema tag gives a scalar, or -1 if it gives none. */
static int
tag_type(const char *tag)
{
	int t;

	if (strncmp(tag, CORE_TAG, CORE_TAG_LEN) != 0)
		return -1;
	/* The enum lists the five tagged types first. */
	for (t = PANEL_SCALAR_STR; t <= PANEL_SCALAR_NULL; t++)
		if (strcmp(tag, type_tags[t]) == 0)
			return t;
	return -1;
}

/*
 * The type of a tagged scalar.  The text must be what the tag says (a
 * float may be written as an integer), failing closed where PyYAML would
 * construct something odd (!!null on any text) or fail.
 */
static int
tagged_type(struct loader *ld, const yaml_event_t *ev,
    enum panel_scalar_type implicit, enum panel_scalar_type *out)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	int t = tag_type(tag);
	char buf[64];

	if (t < 0)
		return fail(ld, &ev->start_mark, "tag '%s' is not allowed here",
		    show_tag(tag, buf, sizeof(buf)));
	if (t != PANEL_SCALAR_STR && implicit != (enum panel_scalar_type)t &&
	    !(t == PANEL_SCALAR_FLOAT && implicit == PANEL_SCALAR_INT))
		return fail(ld, &ev->start_mark,
		    "scalar does not match its tag '%s'",
		    show_tag(tag, buf, sizeof(buf)));
	*out = (enum panel_scalar_type)t;
	return 0;
}

/* Types a scalar: quoted is a string, plain resolves, a tag decides. */
static int
scalar_type(
    struct loader *ld, const yaml_event_t *ev, enum panel_scalar_type *out)
{
	const char *v = (const char *)ev->data.scalar.value;
	int special;
	enum panel_scalar_type t = resolve(v, ev->data.scalar.length, &special);

	if (ev->data.scalar.tag)
		return tagged_type(ld, ev, t, out);
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		*out = PANEL_SCALAR_STR;
		return 0;
	}
	if (special)
		return fail(ld, &ev->start_mark,
		    "plain '%s' has a special meaning in YAML 1.1: quote it",
		    v[0] == '<' ? "<<" : "=");
	*out = t;
	return 0;
}

/* FNV-1a: fast and good enough, as the probe budget caps floods. */
static uint64_t
hash_key(const struct panel_node *k)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < k->len; i++) {
		h ^= (unsigned char)k->str[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Gives up on hashing (see struct keyset). */
static void
keyset_flood(struct keyset *ks)
{
	free(ks->slot);
	ks->slot = NULL;
	ks->flooded = 1;
}

/* Places pair i's key; 0, or -1 if the probe budget ran out. */
static int
keyset_place(struct keyset *ks, const struct panel_node *map, size_t i)
{
	size_t mask = ks->cap - 1;
	size_t j = hash_key(map->items[2 * i]) & mask;

	while (ks->slot[j]) {
		if (++ks->probes > 64 * map->n + 1024)
			return -1;
		j = (j + 1) & mask;
	}
	ks->slot[j] = i + 1;
	return 0;
}

/* Doubles the set (to keep it at most half full) and rehashes. */
static void
keyset_grow(struct keyset *ks, const struct panel_node *map)
{
	size_t i;

	free(ks->slot);
	ks->cap = ks->cap ? 2 * ks->cap : 16;
	ks->slot = panel_xcalloc(ks->cap, sizeof(*ks->slot));
	for (i = 0; i < map->n; i++)
		if (keyset_place(ks, map, i) != 0) {
			keyset_flood(ks);
			return;
		}
}

/*
 * The pair index of an earlier key equal to key in map, or SIZE_MAX; key
 * is then remembered as the next pair's.
 */
static size_t
keyset_find(struct keyset *ks, const struct panel_node *map,
    const struct panel_node *key)
{
	size_t mask, j;

	if (!ks->flooded && 2 * (map->n + 1) > ks->cap)
		keyset_grow(ks, map);
	if (ks->flooded)
		return SIZE_MAX;
	mask = ks->cap - 1;
	for (j = hash_key(key) & mask; ks->slot[j]; j = (j + 1) & mask) {
		size_t i = ks->slot[j] - 1;

		if (node_strcmp(map->items[2 * i], key) == 0)
			return i;
		if (++ks->probes > 64 * map->n + 1024) {
			keyset_flood(ks);
			return SIZE_MAX;
		}
	}
	ks->slot[j] = map->n + 1;
	return SIZE_MAX;
}

/* Refuses key if f's map already has it. */
static int
check_key(struct loader *ld, struct frame *f, const struct panel_node *key)
{
	size_t i = keyset_find(&f->keys, f->node, key);
	char buf[64];

	if (i == SIZE_MAX)
		return 0;
	return panel_err_set(ld->err, PANEL_EINPUT, ld->file, key->line,
	    key->column, "duplicate key '%s' (first on line %u)",
	    show(key->str, key->len, buf, sizeof(buf)),
	    f->node->items[2 * i]->line);
}

/* Hangs n under the open collection (or makes it the root); takes n. */
static int
attach(struct loader *ld, struct panel_node *n, const yaml_mark_t *mark)
{
	struct frame *f;

	if (ld->depth == 0) {
		ld->root = n;
		return 0;
	}
	f = &ld->stack[ld->depth - 1];
	if (f->node->kind == PANEL_NODE_SEQ) {
		panel_node_push(f->node, n);
	} else if (f->key == NULL) {
		int rc = n->kind != PANEL_NODE_SCALAR
		             ? fail(ld, mark, "map key is not a scalar")
		             : check_key(ld, f, n);

		if (rc != 0) {
			panel_node_free(n);
			return rc;
		}
		f->key = n;
	} else {
		map_add(f->node, f->key, n);
		f->key = NULL;
	}
	return 0;
}

static int
on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct panel_node *n;
	int rc;

	if (ev->data.scalar.anchor)
		return fail(
		    ld, &ev->start_mark, "anchors and aliases are not allowed");
	if (len > PANEL_DOC_MAX_SCALAR)
		return fail(ld, &ev->start_mark,
		    "scalar is longer than %d bytes", PANEL_DOC_MAX_SCALAR);
	/* A NUL from an escape ("\0", "\x00") would cut C strings short. */
	if (memchr(v, '\0', len))
		return fail(
		    ld, &ev->start_mark, "scalar holds a NUL character");
	n = panel_node_strn(v, len);
	n->line = (unsigned)ev->start_mark.line + 1;
	n->column = (unsigned)ev->start_mark.column + 1;
	if ((rc = scalar_type(ld, ev, &n->type)) != 0) {
		panel_node_free(n);
		return rc;
	}
	return attach(ld, n, &ev->start_mark);
}

static int
on_open(struct loader *ld, const yaml_event_t *ev)
{
	int map = ev->type == YAML_MAPPING_START_EVENT;
	const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor
	                                : ev->data.sequence_start.anchor;
	const yaml_char_t *tag =
	    map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	struct panel_node *n;
	int rc;

	if (anchor)
		return fail(
		    ld, &ev->start_mark, "anchors and aliases are not allowed");
	if ((rc = check_coll_tag(ld, (const char *)tag, &ev->start_mark,
	         map ? "map" : "seq")) != 0)
		return rc;
	if (ld->depth == PANEL_DOC_MAX_DEPTH)
		return fail(ld, &ev->start_mark,
		    "nesting deeper than %d levels", PANEL_DOC_MAX_DEPTH);
	n = node_new(map ? PANEL_NODE_MAP : PANEL_NODE_SEQ);
	n->line = (unsigned)ev->start_mark.line + 1;
	n->column = (unsigned)ev->start_mark.column + 1;
	if ((rc = attach(ld, n, &ev->start_mark)) != 0)
		return rc;
	memset(&ld->stack[ld->depth], 0, sizeof(ld->stack[0]));
	ld->stack[ld->depth].node = n;
	ld->depth++;
	return 0;
}

/* A key being sorted to find duplicates. */
struct keyref {
	const struct panel_node *key;
	size_t i; /* its pair's index */
};

static int
cmp_keyref(const void *pa, const void *pb)
{
	const struct keyref *a = pa, *b = pb;
	int c = node_strcmp(a->key, b->key);

	if (c)
		return c;
	return (a->i > b->i) - (a->i < b->i);
}

/*
 * Refuses a map that sets a key twice, naming the first repeat in file
 * order: the check for a map whose keyset was flooded.  Sorting keeps it
 * at O(n log n).
 */
static int
check_dups(struct loader *ld, const struct panel_node *map)
{
	struct keyref *refs;
	size_t i, dup = SIZE_MAX, first = 0;
	char buf[64];

	if (map->n < 2)
		return 0;
	refs = panel_xreallocarray(NULL, map->n, sizeof(*refs));
	for (i = 0; i < map->n; i++) {
		refs[i].key = map->items[2 * i];
		refs[i].i = i;
	}
	qsort(refs, map->n, sizeof(*refs), cmp_keyref);
	for (i = 1; i < map->n; i++)
		if (node_strcmp(refs[i - 1].key, refs[i].key) == 0 &&
		    refs[i].i < dup) {
			dup = refs[i].i;
			first = refs[i - 1].i;
		}
	free(refs);
	if (dup == SIZE_MAX)
		return 0;
	return panel_err_set(ld->err, PANEL_EINPUT, ld->file,
	    map->items[2 * dup]->line, map->items[2 * dup]->column,
	    "duplicate key '%s' (first on line %u)",
	    show(map->items[2 * dup]->str, map->items[2 * dup]->len, buf,
	        sizeof(buf)),
	    map->items[2 * first]->line);
}

static int
on_close(struct loader *ld)
{
	struct frame *f = &ld->stack[--ld->depth];

	free(f->keys.slot);
	return f->keys.flooded ? check_dups(ld, f->node) : 0;
}

static int
on_event(struct loader *ld, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (ld->docs++ > 0)
			return fail(
			    ld, &ev->start_mark, "more than one document");
		return 0;
	case YAML_ALIAS_EVENT:
		return fail(
		    ld, &ev->start_mark, "anchors and aliases are not allowed");
	case YAML_SCALAR_EVENT:
		return on_scalar(ld, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_open(ld, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_close(ld);
	default:
		return 0;
	}
}

/* Translates a libyaml error into err. */
static int
parser_error(
    struct loader *ld, const yaml_parser_t *p, const char *data, size_t len)
{
	const char *problem = p->problem ? p->problem : "unknown error";
	unsigned line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return panel_err_set(ld->err, PANEL_EIO, ld->file, 0, 0,
		    "out of memory while reading YAML");
	case YAML_READER_ERROR:
		/* Reader errors carry a byte offset, not a mark. */
		position(data, len, p->problem_offset, &line, &col);
		/* "invalid Unicode character": a surrogate or over U+10FFFF. */
		if (strstr(problem, "UTF-8") ||
		    strcmp(problem, "invalid Unicode character") == 0)
			problem = "invalid UTF-8";
		return panel_err_set(
		    ld->err, PANEL_EINPUT, ld->file, line, col, "%s", problem);
	default:
		return panel_err_set(ld->err, PANEL_EINPUT, ld->file,
		    (unsigned)p->problem_mark.line + 1,
		    (unsigned)p->problem_mark.column + 1, "YAML syntax: %s",
		    problem);
	}
}

/* The checks libyaml cannot make: size, and NUL, which it reads as end. */
static int
check_bytes(struct loader *ld, const char *data, size_t len)
{
	const char *nul;
	unsigned line, col;

	if (len > PANEL_DOC_MAX_BYTES) {
		position(data, len, PANEL_DOC_MAX_BYTES, &line, &col);
		return panel_err_set(ld->err, PANEL_EINPUT, ld->file, line, col,
		    "input is larger than %d bytes", PANEL_DOC_MAX_BYTES);
	}
	if (len && (nul = memchr(data, '\0', len)) != NULL) {
		position(data, len, (size_t)(nul - data), &line, &col);
		return panel_err_set(ld->err, PANEL_EINPUT, ld->file, line, col,
		    "NUL byte in input");
	}
	return 0;
}

static int
parse(struct loader *ld, const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0, done = 0;

	if (!yaml_parser_initialize(&parser))
		return panel_err_set(ld->err, PANEL_EIO, ld->file, 0, 0,
		    "out of memory while reading YAML");
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(
	    &parser, (const unsigned char *)(len ? data : ""), len);
	while (rc == 0 && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(ld, &parser, data, len);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(ld, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

int
panel_doc_load(struct panel_doc **out, const char *file, const char *data,
    size_t len, struct panel_err *err)
{
	struct loader ld;
	int rc;

	*out = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.file = file ? file : "";
	ld.err = err;
	/*
	 * Forced to UTF-8, libyaml would count a byte order mark as a
	 * column and misread the first line's indent: skip it here, and
	 * count positions from the text after it.
	 */
	if (len <= PANEL_DOC_MAX_BYTES && len >= 3 &&
	    memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if ((rc = check_bytes(&ld, data, len)) == 0)
		rc = parse(&ld, data, len);
	if (rc != 0) {
		/* Keys waiting for a value are not in the tree yet. */
		while (ld.depth > 0) {
			ld.depth--;
			panel_node_free(ld.stack[ld.depth].key);
			free(ld.stack[ld.depth].keys.slot);
		}
		panel_node_free(ld.root);
		return rc;
	}
	/* "---" alone is as empty as no document, as PyYAML finds too. */
	if (ld.root && ld.root->kind == PANEL_NODE_SCALAR &&
	    ld.root->type == PANEL_SCALAR_NULL && ld.root->len == 0) {
		panel_node_free(ld.root);
		ld.root = NULL;
	}
	*out = panel_doc_new(file);
	(*out)->root = ld.root;
	return 0;
}

/* Emitting */

struct emitter {
	yaml_emitter_t em;
	const char *file;
	struct panel_err *err;
};

static int emit_fail(struct emitter *e, const struct panel_node *n,
    const char *fmt, ...) PANEL_PRINTF(3, 4);

/* Fills err at n's place (0 for a built node) and returns EINPUT. */
static int
emit_fail(struct emitter *e, const struct panel_node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panel_err_vset(e->err, PANEL_EINPUT, e->file, n ? n->line : 0,
	    n ? n->column : 0, fmt, ap);
	va_end(ap);
	return PANEL_EINPUT;
}

static int
emit_write(void *data, unsigned char *buffer, size_t size)
{
	panel_buf_add(data, buffer, size);
	return 1;
}

/* Emits ev (which libyaml takes); n places an error. */
static int
emit_event(struct emitter *e, yaml_event_t *ev, const struct panel_node *n)
{
	if (yaml_emitter_emit(&e->em, ev))
		return 0;
	if (e->em.error == YAML_MEMORY_ERROR)
		return panel_err_set(e->err, PANEL_EIO, e->file, 0, 0,
		    "out of memory while writing YAML");
	return emit_fail(e, n, "cannot write YAML: %s",
	    e->em.problem ? e->em.problem : "unknown error");
}

/* s holds a line break other than LF (CR, NEL, LS, PS). */
static int
has_odd_break(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] == '\r' ||
		    (p[i] == 0xc2 && i + 1 < len && p[i + 1] == 0x85) ||
		    (p[i] == 0xe2 && i + 2 < len && p[i + 1] == 0x80 &&
		        (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)))
			return 1;
	return 0;
}

/*
 * The style for a string.  Multi-line text is literal, so that a diff
 * shows the lines that changed, except where a literal block would not
 * read back the same or would end the stream with "..." (trailing empty
 * lines need libyaml's keep indicator): those are double-quoted, as are
 * breaks other than LF.  Everything else is asked for plain; libyaml
 * itself falls back to quotes where plain cannot be read back (": ",
 * " #", leading indicators, ...), and the caller's plain_implicit flag
 * makes it quote text that would resolve to another type.
 */
static yaml_scalar_style_t
str_style(const struct panel_node *n)
{
	if (has_odd_break(n->str, n->len))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (memchr(n->str, '\n', n->len) == NULL)
		return YAML_PLAIN_SCALAR_STYLE;
	if (n->len == 1 ||
	    (n->str[n->len - 1] == '\n' && n->str[n->len - 2] == '\n'))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return YAML_LITERAL_SCALAR_STYLE;
}

/*
 * Emits a scalar.  A string is quoted when its plain form would resolve
 * to another type.  A typed scalar (int, bool, ...) is plain with no tag
 * when its text resolves to its type, and otherwise carries its tag so
 * that it loads back with the same type.
 */
static int
emit_scalar(struct emitter *e, const struct panel_node *n, int is_key)
{
	enum panel_scalar_type t = panel_doc_resolve(n->str, n->len);
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	yaml_char_t *tag = NULL;
	int plain_implicit, quoted_implicit = 1;
	yaml_event_t ev;

	if (n->len > PANEL_DOC_MAX_SCALAR)
		return emit_fail(e, n, "scalar is longer than %d bytes",
		    PANEL_DOC_MAX_SCALAR);
	if (memchr(n->str, '\0', n->len))
		return emit_fail(e, n, "scalar holds a NUL character");
	if (n->type == PANEL_SCALAR_STR) {
		style = str_style(n);
		plain_implicit = plain_is_str(n->str, n->len);
	} else {
		tag = (yaml_char_t *)type_tags[n->type];
		/* An empty key cannot be plain, and quoted it needs a tag. */
		plain_implicit = t == n->type && !(is_key && n->len == 0);
		quoted_implicit = 0;
	}
	if (!yaml_scalar_event_initialize(&ev, NULL, tag, (yaml_char_t *)n->str,
	        (int)n->len, plain_implicit, quoted_implicit, style))
		return emit_fail(e, n, "scalar is not valid UTF-8");
	return emit_event(e, &ev, n);
}

static int emit_node(
    struct emitter *e, const struct panel_node *n, size_t depth, int is_key);

/* Emits a map's or a sequence's items between its start and end events. */
static int
emit_items(struct emitter *e, const struct panel_node *n, size_t depth)
{
	int map = n->kind == PANEL_NODE_MAP;
	size_t i;
	int rc;

	for (i = 0; i < node_slots(n); i++) {
		const struct panel_node *item = n->items[i];
		int is_key = map && i % 2 == 0;

		if (is_key && item->kind != PANEL_NODE_SCALAR)
			return emit_fail(e, n, "map key is not a scalar");
		if ((rc = emit_node(e, item, depth, is_key)) != 0)
			return rc;
	}
	return 0;
}

/* Emits n, which sits inside depth collections. */
static int
emit_node(
    struct emitter *e, const struct panel_node *n, size_t depth, int is_key)
{
	yaml_event_t ev;
	int rc;

	if (n->kind == PANEL_NODE_SCALAR)
		return emit_scalar(e, n, is_key);
	/* What is written must load again. */
	if (depth == PANEL_DOC_MAX_DEPTH)
		return emit_fail(
		    e, n, "nesting deeper than %d levels", PANEL_DOC_MAX_DEPTH);
	if (n->kind == PANEL_NODE_MAP)
		yaml_mapping_start_event_initialize(
		    &ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_sequence_start_event_initialize(
		    &ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	if ((rc = emit_event(e, &ev, n)) != 0 ||
	    (rc = emit_items(e, n, depth + 1)) != 0)
		return rc;
	if (n->kind == PANEL_NODE_MAP)
		yaml_mapping_end_event_initialize(&ev);
	else
		yaml_sequence_end_event_initialize(&ev);
	return emit_event(e, &ev, n);
}

/* The stream: one implicit document (none for an empty root). */
static int
emit_stream(struct emitter *e, const struct panel_node *root)
{
	yaml_event_t ev;
	int rc;

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if ((rc = emit_event(e, &ev, NULL)) != 0)
		return rc;
	if (root) {
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
		if ((rc = emit_event(e, &ev, NULL)) != 0 ||
		    (rc = emit_node(e, root, 0, 0)) != 0)
			return rc;
		yaml_document_end_event_initialize(&ev, 1);
		if ((rc = emit_event(e, &ev, NULL)) != 0)
			return rc;
	}
	yaml_stream_end_event_initialize(&ev);
	return emit_event(e, &ev, NULL);
}

int
panel_doc_emit(
    const struct panel_doc *doc, struct panel_buf *out, struct panel_err *err)
{
	struct emitter e;
	size_t start = out->len;
	int rc;

	e.file = doc->file;
	e.err = err;
	if (!yaml_emitter_initialize(&e.em))
		return panel_err_set(err, PANEL_EIO, doc->file, 0, 0,
		    "out of memory while writing YAML");
	yaml_emitter_set_output(&e.em, emit_write, out);
	yaml_emitter_set_indent(&e.em, 2);
	yaml_emitter_set_width(&e.em, -1);
	yaml_emitter_set_unicode(&e.em, 1);
	yaml_emitter_set_break(&e.em, YAML_LN_BREAK);
	rc = emit_stream(&e, doc->root);
	yaml_emitter_delete(&e.em);
	if (rc != 0)
		panel_buf_setlen(out, start);
	return rc;
}
