/*
 * Tests for lib/doc.c: loading with hostile-input limits, PyYAML's scalar
 * resolution, the canonical emitter, and agreement with python3's yaml.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"

#include "banned.h"

#define PYTHON "/usr/bin/python3"
#define DATA_DIR PANEL_SOURCE_DIR "/tests/unit/doc"

/* Helpers */

static struct panel_doc *
load_n(const char *data, size_t len)
{
	struct panel_doc *doc = NULL;
	struct panel_err err = PANEL_ERR_INIT;
	char msg[1024];

	if (panel_doc_load(&doc, "t.yaml", data, len, &err) != 0) {
		print_error("load failed: %s\n",
		    panel_err_format(&err, msg, sizeof(msg)));
		fail();
	}
	assert_non_null(doc);
	return doc;
}

static struct panel_doc *
load(const char *data)
{
	return load_n(data, strlen(data));
}

/* Emits doc and returns the text, which the caller frees. */
static char *
emit(const struct panel_doc *doc)
{
	struct panel_buf out = PANEL_BUF_INIT;
	struct panel_err err = PANEL_ERR_INIT;
	char msg[1024];

	if (panel_doc_emit(doc, &out, &err) != 0) {
		print_error("emit failed: %s\n",
		    panel_err_format(&err, msg, sizeof(msg)));
		fail();
	}
	return panel_buf_detach(&out, NULL);
}

/*
 * Loads len bytes that must fail with PANEL_EINPUT at line:col with
 * exactly msg, leaving no document.  (How fast: tests/bench/hostile-yaml.sh.)
 */
static void
expect_fail_n(
    const char *data, size_t len, unsigned line, unsigned col, const char *msg)
{
	struct panel_doc *doc = (struct panel_doc *)&doc;
	struct panel_err err = PANEL_ERR_INIT;
	int rc = panel_doc_load(&doc, "t.yaml", data, len, &err);

	assert_int_equal(rc, PANEL_EINPUT);
	assert_null(doc);
	assert_int_equal(err.code, PANEL_EINPUT);
	assert_string_equal(err.file, "t.yaml");
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, col);
}

#define EXPECT_FAIL(lit, line, col, msg)                                       \
	expect_fail_n((lit), sizeof(lit) - 1, (line), (col), (msg))

static void
expect_fail(const char *data, unsigned line, unsigned col, const char *msg)
{
	expect_fail_n(data, strlen(data), line, col, msg);
}

/* Repeats s n times into a new string. */
static char *
repeat(const char *s, size_t n, const char *tail)
{
	struct panel_buf b = PANEL_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		panel_buf_addstr(&b, s);
	panel_buf_addstr(&b, tail);
	return panel_buf_detach(&b, NULL);
}

/* emit(load(x)) must be x, byte for byte. */
static void
roundtrip(const char *x)
{
	struct panel_doc *doc = load(x);
	char *out = emit(doc);

	assert_string_equal(out, x);
	free(out);
	panel_doc_free(doc);
}

static char *
read_file(const char *path, size_t *len)
{
	struct panel_buf b = PANEL_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		print_error("cannot open %s\n", path);
		fail();
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		panel_buf_add(&b, chunk, n);
	fclose(f);
	return panel_buf_detach(&b, len);
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A scratch folder for the python checks, removed by rm_tmpdir(). */
static char tmpdir[64];

static const char *
tmp_path(const char *name)
{
	static char path[4][128];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

static int
setup_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_doc.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
rm_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Runs python3 on script (saved as NAME.py) with up to two file args. */
static int
python(const char *name, const char *script, const char *a1, const char *a2)
{
	char file[64], cmd[512];
	int st;

	snprintf(file, sizeof(file), "%s.py", name);
	write_file(tmp_path(file), script, strlen(script));
	snprintf(cmd, sizeof(cmd), PYTHON " '%s/%s' '%s' '%s'", tmpdir, file,
	    a1 ? a1 : "", a2 ? a2 : "");
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Appends s as one line "x<hex>" (x so that "" is a line too). */
static void
add_hex_line(struct panel_buf *b, const char *s, size_t len)
{
	size_t i;

	panel_buf_addch(b, 'x');
	for (i = 0; i < len; i++)
		panel_buf_addf(b, "%02x", (unsigned char)s[i]);
	panel_buf_addch(b, '\n');
}

/* Strings that YAML readers are likely to get wrong. */
static const char *const tricky[] = {"no", "yes", "on", "off", "y", "n", "Y",
    "N", "true", "False", "NULL", "null", "~", "", "0123", "08", "0o17", "0x1F",
    "0b101", "+1", "-1", "1_000", "12:30", "1:30:00", "2018-10-04",
    "2018-10-04 12:30:00", "2001-12-14t21:59:43.10-05:00", "1e3", "1.5",
    "1.5e+3", "1.", "-.5", ".5", ".inf", "-.Inf", ".nan", "=", "<<", " lead",
    "trail ", " both ", "a: b", "a:b", "a #b", "a# b", "- x", "-x", "-", "#x",
    "?x", "? x", ":", "a:", "--- x", "---", "...", "café", "naïve résumé",
    "日本語", "@x", "`x", "%x", "!x", "&x", "*x", "!", "&", "*", "{x", "}x",
    "[x", "]x", ",x", "x,y", "|x", ">x", "\"x", "'x", "x'y", "x\"y",
    "back\\slash", "tab\there", "\xc2\xa0nbsp", "zero\xe2\x80\x8bwidth",
    "\xef\xbb\xbf"
    "bom",
    "del\x7f", "x\xe2\x80\xa8y", "A-0012", "R-0004", "HT", "07700 900123",
    "pat@example.org", "https://example.org/a?b=c#d", "%d/%m/%Y %H:%M:%S",
    NULL};

/* Multi-line strings, for literal style and its fallbacks. */
static const char *const multiline[] = {"multi\nline", "multi\nline\n",
    "trailing \nspace", "\nleading break", "  indented\nfirst", "ends\n\n",
    "\n", "a\n\nb\n", "tab\tin\nlines", "line\r\nCRLF", "caf\xc3\xa9\n\xc3\xb1",
    "- item\n- item\n", "key: value\n# no comment", "...\n---\n",
    "'quoted'\n\"dq\"", "last line \n", NULL};

/* Builders and accessors */

static void
test_builders(void **state)
{
	struct panel_doc *doc = panel_doc_new("members/HT.yaml");
	struct panel_node *m = panel_node_map(), *s = panel_node_seq();
	char *out;

	(void)state;
	panel_node_set(m, "id", panel_node_str("HT"));
	panel_node_set(m, "name", panel_node_str("Harriet Tolworth"));
	panel_node_set(m, "term_start", panel_node_str("2017-05-01"));
	panel_node_set(m, "active", panel_node_bool(1));
	panel_node_set(m, "retired", panel_node_bool(0));
	panel_node_set(m, "count", panel_node_int(-42));
	panel_node_set(m, "big", panel_node_int(9223372036854775807LL));
	panel_node_set(m, "none", panel_node_null());
	panel_node_push(s, panel_node_str("no"));
	panel_node_push(s, panel_node_strn("ab\0cd", 2));
	panel_node_set(m, "list", s);
	panel_node_set(m, "empty_map", panel_node_map());
	panel_node_set(m, "empty_seq", panel_node_seq());
	doc->root = m;
	out = emit(doc);
	assert_string_equal(out, "id: HT\n"
	                         "name: Harriet Tolworth\n"
	                         "term_start: '2017-05-01'\n"
	                         "active: true\n"
	                         "retired: false\n"
	                         "count: -42\n"
	                         "big: 9223372036854775807\n"
	                         "none: null\n"
	                         "list:\n"
	                         "- 'no'\n"
	                         "- ab\n"
	                         "empty_map: {}\n"
	                         "empty_seq: []\n");
	assert_string_equal(doc->file, "members/HT.yaml");
	free(out);
	panel_doc_free(doc);
}

static void
test_set_replaces_in_place(void **state)
{
	struct panel_node *m = panel_node_map();
	const struct panel_node *v;

	(void)state;
	panel_node_set(m, "a", panel_node_str("1"));
	panel_node_set(m, "b", panel_node_str("2"));
	panel_node_set(m, "c", panel_node_str("3"));
	panel_node_set(m, "b", panel_node_int(20));
	assert_int_equal(m->n, 3);
	assert_string_equal(panel_node_key(m, 1), "b");
	v = panel_node_value(m, 1);
	assert_int_equal(v->type, PANEL_SCALAR_INT);
	assert_string_equal(v->str, "20");
	assert_ptr_equal(panel_node_get(m, "b"), v);
	assert_string_equal(panel_node_get_str(m, "c"), "3");
	panel_node_del(m, "a");
	panel_node_del(m, "zz");
	assert_int_equal(m->n, 2);
	assert_string_equal(panel_node_key(m, 0), "b");
	assert_string_equal(panel_node_key(m, 1), "c");
	assert_null(panel_node_key(m, 2));
	assert_null(panel_node_value(m, 2));
	assert_null(panel_node_get(m, "a"));
	panel_node_del(m, "c");
	panel_node_del(m, "b");
	assert_int_equal(m->n, 0);
	panel_node_free(m);
}

static void
test_accessors_wrong_kind(void **state)
{
	struct panel_node *s = panel_node_seq(), *m = panel_node_map();
	struct panel_node *str = panel_node_str("x");

	(void)state;
	panel_node_set(m, "list", panel_node_seq());
	assert_null(panel_node_get(NULL, "a"));
	assert_null(panel_node_get(s, "a"));
	assert_null(panel_node_get(str, "x"));
	assert_null(panel_node_get_str(m, "list"));
	assert_null(panel_node_get_str(m, "missing"));
	assert_null(panel_node_key(s, 0));
	assert_null(panel_node_value(NULL, 0));
	/* Wrong-kind builders free the value (ASan checks the leak). */
	panel_node_push(m, panel_node_str("lost"));
	panel_node_push(NULL, panel_node_str("lost"));
	panel_node_set(s, "k", panel_node_str("lost"));
	panel_node_set(NULL, "k", panel_node_str("lost"));
	panel_node_del(s, "k");
	panel_node_del(NULL, "k");
	panel_node_order(s, NULL);
	assert_int_equal(s->n, 0);
	assert_int_equal(m->n, 1);
	panel_node_free(NULL);
	panel_doc_free(NULL);
	panel_node_free(s);
	panel_node_free(m);
	panel_node_free(str);
}

static void
test_order(void **state)
{
	static const char *const order[] = {"id", "name", "role", NULL};
	static const char *const want[] = {
	    "id", "name", "role", "B", "a", "ab", "b", "\xc3\xa9"};
	static const char *const set[] = {
	    "b", "role", "\xc3\xa9", "a", "id", "ab", "B", "name"};
	struct panel_node *m = panel_node_map();
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		panel_node_set(m, set[i], panel_node_str(set[i]));
	panel_node_order(m, order);
	for (i = 0; i < 8; i++) {
		assert_string_equal(panel_node_key(m, i), want[i]);
		assert_string_equal(panel_node_value(m, i)->str, want[i]);
	}
	/* No order: all sorted bytewise. */
	panel_node_order(m, NULL);
	assert_string_equal(panel_node_key(m, 0), "B");
	assert_string_equal(panel_node_key(m, 7), "\xc3\xa9");
	panel_node_free(m);
}

/* Loading */

static void
test_load_types_and_positions(void **state)
{
	struct panel_doc *doc = load("name: Harriet Tolworth\n"
	                             "quoted: 'yes'\n"
	                             "dq: \"12\"\n"
	                             "yes: no\n"
	                             "n: 012\n"
	                             "f: 1.5\n"
	                             "e:\n"
	                             "t: 2018-10-04\n"
	                             "list:\n"
	                             "  - a\n"
	                             "  - {k: ~}\n"
	                             "s: !!str 123\n"
	                             "i: !!int '12'\n"
	                             "fl: !!float 1\n");
	const struct panel_node *r = doc->root, *v;

	(void)state;
	assert_int_equal(r->kind, PANEL_NODE_MAP);
	assert_int_equal(r->n, 12);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->column, 1);
	v = panel_node_get(r, "name");
	assert_int_equal(v->type, PANEL_SCALAR_STR);
	assert_int_equal(v->line, 1);
	assert_int_equal(v->column, 7);
	assert_int_equal(v->len, 16);
	assert_int_equal(panel_node_get(r, "quoted")->type, PANEL_SCALAR_STR);
	assert_int_equal(panel_node_get(r, "dq")->type, PANEL_SCALAR_STR);
	assert_int_equal(r->items[6]->type, PANEL_SCALAR_BOOL); /* key yes */
	assert_int_equal(panel_node_get(r, "yes")->type, PANEL_SCALAR_BOOL);
	assert_int_equal(panel_node_get(r, "n")->type, PANEL_SCALAR_INT);
	assert_int_equal(panel_node_get(r, "f")->type, PANEL_SCALAR_FLOAT);
	v = panel_node_get(r, "e");
	assert_int_equal(v->type, PANEL_SCALAR_NULL);
	assert_string_equal(v->str, "");
	assert_int_equal(panel_node_get(r, "t")->type, PANEL_SCALAR_TIMESTAMP);
	v = panel_node_get(r, "list");
	assert_int_equal(v->kind, PANEL_NODE_SEQ);
	assert_int_equal(v->n, 2);
	assert_int_equal(v->line, 10);
	assert_int_equal(v->column, 3);
	assert_int_equal(v->items[1]->kind, PANEL_NODE_MAP);
	assert_int_equal(v->items[1]->column, 5);
	assert_int_equal(
	    panel_node_get(v->items[1], "k")->type, PANEL_SCALAR_NULL);
	assert_int_equal(panel_node_get(r, "s")->type, PANEL_SCALAR_STR);
	assert_int_equal(panel_node_get(r, "i")->type, PANEL_SCALAR_INT);
	assert_int_equal(panel_node_get(r, "fl")->type, PANEL_SCALAR_FLOAT);
	panel_doc_free(doc);
}

static void
test_load_empty(void **state)
{
	static const char *const empty[] = {"", "\n\n", "# only a comment\n",
	    "---\n", "--- # c\n...\n", "--- !!null\n", NULL};
	size_t i;

	(void)state;
	for (i = 0; empty[i]; i++) {
		struct panel_doc *doc = load(empty[i]);
		char *out;

		assert_null(doc->root);
		out = emit(doc);
		assert_string_equal(out, "");
		free(out);
		panel_doc_free(doc);
	}
	/* A NULL pointer with no bytes is an empty input too. */
	panel_doc_free(load_n(NULL, 0));
}

static void
test_load_misc_valid(void **state)
{
	struct panel_doc *doc;

	(void)state;
	/* One document with explicit markers, a BOM, CRLF, a directive. */
	doc = load("%YAML 1.1\n---\na: 1\n...\n");
	assert_string_equal(panel_node_get_str(doc->root, "a"), "1");
	panel_doc_free(doc);
	doc = load("\xef\xbb\xbf"
	           "a: b\r\nc: d\r\n");
	assert_string_equal(panel_node_get_str(doc->root, "c"), "d");
	assert_int_equal(panel_node_get(doc->root, "c")->line, 2);
	panel_doc_free(doc);
	/* Quoted '<<' and '=' are plain strings; only plain ones are not. */
	doc = load("'<<': '='\n\"=\": x\n");
	assert_string_equal(panel_node_get_str(doc->root, "<<"), "=");
	panel_doc_free(doc);
	/* A root scalar. */
	doc = load("just text\n");
	assert_int_equal(doc->root->kind, PANEL_NODE_SCALAR);
	assert_string_equal(doc->root->str, "just text");
	panel_doc_free(doc);
	/* Exactly the limits load. */
	{
		char *deep = repeat("[", PANEL_DOC_MAX_DEPTH, "");
		char *tail = repeat("]", PANEL_DOC_MAX_DEPTH, "\n");
		struct panel_buf b = PANEL_BUF_INIT;

		panel_buf_addstr(&b, deep);
		panel_buf_addstr(&b, tail);
		panel_doc_free(load(b.buf));
		panel_buf_release(&b);
		free(deep);
		free(tail);
	}
}

static void
test_load_limits_exact(void **state)
{
	char *big = malloc(PANEL_DOC_MAX_BYTES);
	char *scalar = repeat("x", PANEL_DOC_MAX_SCALAR, "\n");
	struct panel_doc *doc;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', PANEL_DOC_MAX_BYTES);
	memcpy(big, "# ", 2);
	big[PANEL_DOC_MAX_BYTES - 1] = '\n';
	doc = load_n(big, PANEL_DOC_MAX_BYTES);
	assert_null(doc->root);
	panel_doc_free(doc);
	doc = load(scalar);
	assert_int_equal(doc->root->len, PANEL_DOC_MAX_SCALAR);
	panel_doc_free(doc);
	free(big);
	free(scalar);
}

static void
test_json(void **state)
{
	static const char *const forms[] = {
	    "{\"a\":1,\"b\":[true,null,\"x\\\\d\"]}",
	    "{\"a\": 1, \"b\": [true, null, \"x\\\\d\"]}",
	    "{\n  \"a\" : 1,\n  \"b\" : [\n    true,\n    null,\n"
	    "    \"x\\\\d\"\n  ]\n}\n",
	    "{\"a\":\t1,\"b\":[true,\tnull,\"x\\\\d\"]}", NULL};
	size_t i;

	(void)state;
	for (i = 0; forms[i]; i++) {
		struct panel_doc *doc = load(forms[i]);
		const struct panel_node *a = panel_node_get(doc->root, "a");
		const struct panel_node *b = panel_node_get(doc->root, "b");
		char *out;

		assert_int_equal(a->type, PANEL_SCALAR_INT);
		assert_int_equal(b->kind, PANEL_NODE_SEQ);
		assert_int_equal(b->n, 3);
		assert_int_equal(b->items[0]->type, PANEL_SCALAR_BOOL);
		assert_int_equal(b->items[1]->type, PANEL_SCALAR_NULL);
		assert_int_equal(b->items[2]->type, PANEL_SCALAR_STR);
		assert_string_equal(b->items[2]->str, "x\\d");
		out = emit(doc);
		assert_string_equal(out, "a: 1\nb:\n- true\n- null\n- x\\d\n");
		free(out);
		panel_doc_free(doc);
	}
}

static void
test_json_details(void **state)
{
	struct panel_doc *doc = load("{\"s\":\"a\\/b \\u00e9 \\t\",\"e\":1e3,"
	                             "\"E\":1E+3,\"f\":1.0e+3,\"m\":-0.5,"
	                             "\"z\":-0,\"o\":{},\"l\":[]}");
	const struct panel_node *r = doc->root;

	(void)state;
	assert_string_equal(panel_node_get_str(r, "s"), "a/b \xc3\xa9 \t");
	/* YAML 1.1 types JSON's exponent-only numbers as strings. */
	assert_int_equal(panel_node_get(r, "e")->type, PANEL_SCALAR_STR);
	assert_int_equal(panel_node_get(r, "E")->type, PANEL_SCALAR_STR);
	assert_int_equal(panel_node_get(r, "f")->type, PANEL_SCALAR_FLOAT);
	assert_int_equal(panel_node_get(r, "m")->type, PANEL_SCALAR_FLOAT);
	assert_int_equal(panel_node_get(r, "z")->type, PANEL_SCALAR_INT);
	assert_int_equal(panel_node_get(r, "o")->kind, PANEL_NODE_MAP);
	assert_int_equal(panel_node_get(r, "l")->kind, PANEL_NODE_SEQ);
	panel_doc_free(doc);
	/* Surrogate pairs are not YAML 1.1 escapes: say so, fail closed. */
	expect_fail("{\"a\":\"\\ud83d\\ude00\"}", 1, 9,
	    "YAML syntax: found invalid Unicode character escape code");
	expect_fail(
	    "{\"a\":1,\"a\":2}", 1, 8, "duplicate key 'a' (first on line 1)");
}

/* Loads every *.json file in dir; returns how many. */
static int
load_json_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name), flen;
		char path[1024], *data;
		struct panel_doc *doc;

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		data = read_file(path, &flen);
		doc = load_n(data, flen);
		assert_non_null(doc->root);
		assert_int_equal(doc->root->kind, PANEL_NODE_MAP);
		panel_doc_free(doc);
		free(data);
		n++;
	}
	closedir(d);
	return n;
}

static void
test_json_files(void **state)
{
	size_t len;
	char *data = read_file(DATA_DIR "/schema.json", &len);
	struct panel_doc *doc = load_n(data, len);
	const struct panel_node *p = panel_node_get(doc->root, "properties");

	(void)state;
	assert_string_equal(
	    panel_node_get_str(panel_node_get(p, "note"), "pattern"),
	    "^[^\\\\/]*$");
	assert_string_equal(
	    panel_node_get_str(panel_node_get(p, "note"), "description"),
	    "no \"slashes\" / or tabs\t");
	assert_int_equal(
	    panel_node_get(panel_node_get(p, "weight"), "maximum")->type,
	    PANEL_SCALAR_FLOAT);
	panel_doc_free(doc);
	free(data);
	assert_int_equal(load_json_dir(DATA_DIR), 2);
	/* The project's schemas, however many exist yet. */
	load_json_dir(PANEL_SOURCE_DIR "/schemas");
}

/* Hostile input */

static void
test_anchors_aliases(void **state)
{
	char *bomb;
	struct panel_buf b = PANEL_BUF_INIT;

	(void)state;
	expect_fail(
	    "a: 1\nb: &x 2\n", 2, 4, "anchors and aliases are not allowed");
	expect_fail(
	    "a: &m\n  b: 1\n", 1, 4, "anchors and aliases are not allowed");
	expect_fail("- &s [1]\n", 1, 3, "anchors and aliases are not allowed");
	expect_fail("a: *x\n", 1, 4, "anchors and aliases are not allowed");
	expect_fail("[1, *y]\n", 1, 5, "anchors and aliases are not allowed");
	/* A billion laughs padded to 1 MiB is refused at its first anchor. */
	panel_buf_addstr(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	while (b.len < PANEL_DOC_MAX_BYTES - 64)
		panel_buf_addf(&b, "b%zu: &b%zu [*a,*a,*a,*a,*a,*a,*a,*a]\n",
		    b.len, b.len);
	bomb = panel_buf_detach(&b, NULL);
	expect_fail(bomb, 1, 4, "anchors and aliases are not allowed");
	free(bomb);
}

static void
test_depth(void **state)
{
	char *s;

	(void)state;
	s = repeat("[", PANEL_DOC_MAX_DEPTH + 1, "]");
	expect_fail(s, 1, 33, "nesting deeper than 32 levels");
	free(s);
	s = repeat("[", PANEL_DOC_MAX_BYTES, "");
	expect_fail(s, 1, 33, "nesting deeper than 32 levels");
	free(s);
	s = repeat("{", PANEL_DOC_MAX_BYTES, "");
	expect_fail(s, 1, 2, "map key is not a scalar");
	free(s);
	s = repeat("{a: ", 10000, "");
	expect_fail(s, 1, 129, "nesting deeper than 32 levels");
	free(s);
	s = repeat("- ", 10000, "x\n");
	expect_fail(s, 1, 65, "nesting deeper than 32 levels");
	free(s);
	/* Block maps, each a line deeper. */
	{
		struct panel_buf b = PANEL_BUF_INIT;
		int i;

		for (i = 0; i < 10000 && b.len < PANEL_DOC_MAX_BYTES / 2; i++)
			panel_buf_addf(&b, "%*sk:\n", i, "");
		s = panel_buf_detach(&b, NULL);
		expect_fail(s, 33, 33, "nesting deeper than 32 levels");
		free(s);
	}
}

static void
test_duplicate_keys(void **state)
{
	struct panel_buf b = PANEL_BUF_INIT;
	char *s;
	int i;

	(void)state;
	expect_fail(
	    "a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first on line 1)");
	expect_fail(
	    "a: 1\n'a': 2\n", 2, 1, "duplicate key 'a' (first on line 1)");
	expect_fail("x:\n  k: 1\n  j: 2\n  k: 3\n", 4, 3,
	    "duplicate key 'k' (first on line 2)");
	/* The first repeat in file order is named. */
	expect_fail("b: 1\na: 1\na: 2\nb: 2\n", 3, 1,
	    "duplicate key 'a' (first on line 2)");
	expect_fail("- {z: 1, y: 2, z: 3}\n", 1, 16,
	    "duplicate key 'z' (first on line 1)");
	/* A key with control characters and no end is shown safely. */
	expect_fail("\"a\\tb\": 1\n\"a\\tb\": 2\n", 2, 1,
	    "duplicate key 'a?b' (first on line 1)");
	expect_fail("? "
	            "\"0123456789012345678901234567890123456789abcdef\"\n: 1\n"
	            "? "
	            "\"0123456789012345678901234567890123456789abcdef\"\n: 2\n",
	    3, 3,
	    "duplicate key '0123456789012345678901234567890123456789...' "
	    "(first on line 1)");
	/* A big map stays fast and is still checked. */
	for (i = 0; i < 60000; i++)
		panel_buf_addf(&b, "key%d: %d\n", i, i);
	panel_buf_addstr(&b, "key17: again\n");
	s = panel_buf_detach(&b, NULL);
	expect_fail(s, 60001, 1, "duplicate key 'key17' (first on line 18)");
	s[strlen(s) - strlen("key17: again\n")] = '\0';
	panel_doc_free(load(s));
	free(s);
	s = repeat("a: 1\n", 100000, "");
	expect_fail(s, 2, 1, "duplicate key 'a' (first on line 1)");
	free(s);
}

/* doc.c's key hash (FNV-1a), to build keys that collide in its table. */
static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/*
 * 600 keys that all fall in one bucket of any table up to 4096 slots
 * flood the loader's hash set; it must fall back to sorting, still find a
 * repeat (and the right one), and stay fast.
 */
static void
test_duplicate_keys_flood(void **state)
{
	struct panel_buf b = PANEL_BUF_INIT;
	char key[32], fifth[32] = "";
	unsigned long i;
	int found = 0;
	char *s;

	(void)state;
	for (i = 0; found < 600; i++) {
		snprintf(key, sizeof(key), "k%lx", i);
		if ((fnv1a(key) & 0xfff) != 0)
			continue;
		panel_buf_addf(&b, "%s: %d\n", key, found);
		if (++found == 5)
			memcpy(fifth, key, sizeof(key));
	}
	panel_doc_free(load(b.buf));
	panel_buf_addf(&b, "%s: again\n", fifth);
	s = panel_buf_detach(&b, NULL);
	{
		char msg[96];

		snprintf(msg, sizeof(msg),
		    "duplicate key '%s' (first on line 5)", fifth);
		expect_fail(s, 601, 1, msg);
	}
	free(s);
}

static void
test_documents(void **state)
{
	(void)state;
	expect_fail("a: 1\n---\nb: 2\n", 2, 1, "more than one document");
	expect_fail("---\n---\n", 2, 1, "more than one document");
	expect_fail("a\n...\n---\nb\n", 3, 1, "more than one document");
	/* After "...", YAML 1.1 wants "---" before another document. */
	expect_fail("a\n...\nb\n", 3, 1,
	    "YAML syntax: did not find expected <document start>");
	expect_fail("--- a\n--- b\n", 2, 1, "more than one document");
}

static void
test_tags(void **state)
{
	(void)state;
	expect_fail(
	    "a: !!binary eA==\n", 1, 4, "tag '!!binary' is not allowed here");
	expect_fail("a: !!timestamp 2018-10-04\n", 1, 4,
	    "tag '!!timestamp' is not allowed here");
	expect_fail("a: !foo x\n", 1, 4, "tag '!foo' is not allowed here");
	expect_fail("a: ! x\n", 1, 4, "tag '!' is not allowed here");
	expect_fail("a: !<tag:example.org,2000:x> y\n", 1, 4,
	    "tag 'tag:example.org,2000:x' is not allowed here");
	expect_fail("%TAG !e! tag:example.org,2000:\n---\na: !e!x 1\n", 3, 4,
	    "tag 'tag:example.org,2000:x' is not allowed here");
	expect_fail(
	    "s: !!set {a: 1}\n", 1, 4, "tag '!!set' is not allowed here");
	expect_fail(
	    "o: !!omap [a: 1]\n", 1, 4, "tag '!!omap' is not allowed here");
	expect_fail("!!python/object:os.system x\n", 1, 1,
	    "tag '!!python/object:os.system' is not allowed here");
	expect_fail("a: !!map x\n", 1, 4, "tag '!!map' is not allowed here");
	expect_fail(
	    "a: !!seq {b: 1}\n", 1, 4, "tag '!!seq' is not allowed here");
	expect_fail("a: !!str [x]\n", 1, 4, "tag '!!str' is not allowed here");
	expect_fail(
	    "a: !!int abc\n", 1, 4, "scalar does not match its tag '!!int'");
	expect_fail(
	    "a: !!int 1.5\n", 1, 4, "scalar does not match its tag '!!int'");
	expect_fail(
	    "a: !!float x\n", 1, 4, "scalar does not match its tag '!!float'");
	expect_fail(
	    "a: !!bool 1\n", 1, 4, "scalar does not match its tag '!!bool'");
	expect_fail(
	    "a: !!null x\n", 1, 4, "scalar does not match its tag '!!null'");
	panel_doc_free(load("!!map {a: !!seq [!!bool yes, !!null ~, "
	                    "!!str 1, !!int 0x1F, !!float 1.5]}\n"));
}

static void
test_keys_and_specials(void **state)
{
	(void)state;
	expect_fail("? [a]\n: b\n", 1, 3, "map key is not a scalar");
	expect_fail("{[a]: b}\n", 1, 2, "map key is not a scalar");
	expect_fail("? {a: 1}\n: b\n", 1, 3, "map key is not a scalar");
	expect_fail("x:\n  ? - a\n  : b\n", 2, 5, "map key is not a scalar");
	expect_fail("<<: {a: 1}\n", 1, 1,
	    "plain '<<' has a special meaning in YAML 1.1: quote it");
	expect_fail("a: <<\n", 1, 4,
	    "plain '<<' has a special meaning in YAML 1.1: quote it");
	expect_fail("- =\n", 1, 3,
	    "plain '=' has a special meaning in YAML 1.1: quote it");
}

static void
test_bad_bytes(void **state)
{
	char *s;

	(void)state;
	EXPECT_FAIL("a: b\nc: d\0e", 2, 5, "NUL byte in input");
	EXPECT_FAIL("\0", 1, 1, "NUL byte in input");
	EXPECT_FAIL("caf\xc3\xa9: \xe6\x97\xa5\0", 1, 8, "NUL byte in input");
	EXPECT_FAIL("a: 1\r\nb: \0", 2, 4, "NUL byte in input");
	EXPECT_FAIL("a: \"x\\0y\"\n", 1, 4, "scalar holds a NUL character");
	EXPECT_FAIL("a: \"x\\x00\"\n", 1, 4, "scalar holds a NUL character");
	EXPECT_FAIL("a: b\nc: \xff\n", 2, 4, "invalid UTF-8");
	EXPECT_FAIL("a: \xc0\xaf\n", 1, 4, "invalid UTF-8");
	EXPECT_FAIL("a: \xed\xa0\x80\n", 1, 4, "invalid UTF-8");
	EXPECT_FAIL("a: \xf4\x90\x80\x80\n", 1, 4, "invalid UTF-8");
	EXPECT_FAIL("a: caf\xc3\xa9 \xe2\x82", 1, 9, "invalid UTF-8");
	EXPECT_FAIL("a: \x80\n", 1, 4, "invalid UTF-8");
	EXPECT_FAIL("a: \x01\n", 1, 4, "control characters are not allowed");
	s = malloc(PANEL_DOC_MAX_BYTES + 1);
	assert_non_null(s);
	memset(s, 'a', PANEL_DOC_MAX_BYTES + 1);
	expect_fail_n(s, PANEL_DOC_MAX_BYTES + 1, 1, PANEL_DOC_MAX_BYTES + 1,
	    "input is larger than 1048576 bytes");
	free(s);
	s = repeat("x", PANEL_DOC_MAX_SCALAR + 1, "");
	expect_fail(s, 1, 1, "scalar is longer than 65536 bytes");
	free(s);
	s = repeat("y", PANEL_DOC_MAX_SCALAR + 1, ": v\n");
	expect_fail(s, 1, 1, "scalar is longer than 65536 bytes");
	free(s);
	s = repeat(":", PANEL_DOC_MAX_BYTES, "");
	expect_fail(s, 1, 1, "scalar is longer than 65536 bytes");
	free(s);
}

static void
test_syntax_errors(void **state)
{
	char *s;

	(void)state;
	expect_fail("a: [1, 2\n", 2, 1,
	    "YAML syntax: did not find expected ',' or ']'");
	expect_fail("a: b: c\n", 1, 5,
	    "YAML syntax: mapping values are not allowed in this context");
	expect_fail(
	    "a: 'x\n", 2, 1, "YAML syntax: found unexpected end of stream");
	expect_fail("a:\n\t- b\n", 2, 1,
	    "YAML syntax: found character that cannot start any token");
	expect_fail("a: 1\n b: 2\n", 2, 3,
	    "YAML syntax: mapping values are not allowed in this context");
	expect_fail("- a\nb: 1\n", 2, 1,
	    "YAML syntax: did not find expected '-' indicator");
	s = repeat("\"", PANEL_DOC_MAX_BYTES, "");
	expect_fail(
	    s, 1, 3, "YAML syntax: did not find expected <document start>");
	free(s);
	s = repeat("? ", PANEL_DOC_MAX_BYTES / 2, "");
	expect_fail(s, 1, 3, "map key is not a scalar");
	free(s);
}

/* Messages name where and what, never the value. */
static void
test_messages_hide_values(void **state)
{
	static const char *const bad[] = {"name: !!int Harriet\n",
	    "name: \"Harriet\\0\"\n", "name: Harriet: x\n",
	    "name: Harriet\n---\n", "name: &Harriet x\n", "name: [Harriet\n",
	    "name: \"Harriet \xff\"\n", NULL};
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		struct panel_doc *doc;
		struct panel_err err = PANEL_ERR_INIT;

		assert_int_equal(panel_doc_load(&doc, "t.yaml", bad[i],
		                     strlen(bad[i]), &err),
		    PANEL_EINPUT);
		assert_null(strstr(err.msg, "Harriet"));
		assert_int_not_equal(err.line, 0);
		assert_int_not_equal(err.column, 0);
	}
}

/* Resolution */

struct resolve_case {
	const char *s;
	enum panel_scalar_type t;
};

#define S PANEL_SCALAR_STR
#define I PANEL_SCALAR_INT
#define F PANEL_SCALAR_FLOAT
#define B PANEL_SCALAR_BOOL
#define N PANEL_SCALAR_NULL
#define T PANEL_SCALAR_TIMESTAMP

static const struct resolve_case resolve_cases[] = {
    /* bool: exactly these 18 words */
    {"yes", B},
    {"Yes", B},
    {"YES", B},
    {"no", B},
    {"No", B},
    {"NO", B},
    {"true", B},
    {"True", B},
    {"TRUE", B},
    {"false", B},
    {"False", B},
    {"FALSE", B},
    {"on", B},
    {"On", B},
    {"ON", B},
    {"off", B},
    {"Off", B},
    {"OFF", B},
    {"yEs", S},
    {"y", S},
    {"n", S},
    {"Y", S},
    {"N", S},
    {"tRue", S},
    {"yes ", S},
    {" yes", S},
    {"onn", S},
    {"of", S},
    {"noo", S},
    /* null */
    {"", N},
    {"~", N},
    {"null", N},
    {"Null", N},
    {"NULL", N},
    {"nULL", S},
    {"~~", S},
    {"none", S},
    {"None", S},
    {" ", S},
    /* int */
    {"0", I},
    {"1", I},
    {"-1", I},
    {"+1", I},
    {"-0", I},
    {"0b101", I},
    {"-0b1", I},
    {"+0b_1", I},
    {"0b_", I},
    {"0_", I},
    {"0123", I},
    {"-0123", I},
    {"0_7", I},
    {"0x1F", I},
    {"0xdead_BEEF", I},
    {"+0x1", I},
    {"-0x_", I},
    {"1_000", I},
    {"1__0", I},
    {"12:30", I},
    {"1:30", I},
    {"190:20:30", I},
    {"-1:30", I},
    {"1:5", I},
    {"1:0:0:0", I},
    {"08", S},
    {"09", S},
    {"0o17", S},
    {"0b2", S},
    {"0x", S},
    {"0b", S},
    {"0xG", S},
    {"0X1F", S},
    {"1:60", S},
    {"0:30", S},
    {"1:", S},
    {":30", S},
    {"1:3:", S},
    {"12:345", S},
    {"_1", S},
    {"+", S},
    {"-", S},
    {"1 000", S},
    {"1,000", S},
    {"\xd9\xa1", S},
    {"1e3", S},
    {"+-1", S},
    /* float */
    {"1.5", F},
    {"1.", F},
    {"0.", F},
    {"-1.5", F},
    {"+1.5", F},
    {".5", F},
    {"._5", S},
    {".5_", F},
    {"1.5e+3", F},
    {"1.5E-3", F},
    {"1_0.5_", F},
    {"6.8523015e+5", F},
    {"685.230_15e+03", F},
    {"685_230.15", F},
    {"190:20:30.15", F},
    {"1:30.", F},
    {"0:30.5", F},
    {"-1:30.5", F},
    {".inf", F},
    {"-.inf", F},
    {"+.Inf", F},
    {".INF", F},
    {".nan", F},
    {".NaN", F},
    {".NAN", F},
    {"1.5e3", S},
    {"1e+3", S},
    {"-.5", S},
    {"+.5", S},
    {".e+3", S},
    {".", S},
    {"-.nan", S},
    {".Nan", S},
    {".inF", S},
    {"1.5e+", S},
    {"1.5e+3.0", S},
    {"1..5", S},
    {"1.5e+3_", S},
    {".5e+3", F},
    {"1:60.5", S},
    {"1:30:.5", S},
    /* timestamp */
    {"2018-10-04", T},
    {"2001-12-14t21:59:43.10-05:00", T},
    {"2001-12-14 21:59:43.10 -5", T},
    {"2001-12-15T02:59:43.1Z", T},
    {"2002-12-14", T},
    {"2001-12-14 21:59:43.10", T},
    {"2002-1-1 1:00:00", T},
    {"2001-12-14\t21:59:43", T},
    {"2001-12-14  21:59:43", T},
    {"2001-12-14 21:59:43Z", T},
    {"2001-12-14 21:59:43 +05:30", T},
    {"2001-12-14 21:59:43.", T},
    {"2001-12-14T21:59:43 \tZ", T},
    {"9999-99-99", T},
    {"2018-1-4", S},
    {"2018-10-4", S},
    {"20180-10-04", S},
    {"2018-10-04x", S},
    {"2001-12-14 21:59", S},
    {"2001-12-14 21:59:43 ", S},
    {"2001-12-14 21:59:43 +5:3", S},
    {"2001-12-14T21:59:43+123", S},
    {"2018-10-04 ", S},
    {"2018-10-04T", S},
    {"2001-12-14x21:59:43", S},
    {"2001-12-14 1:5:43", S},
    /* merge, value, yaml: not in the enum, so strings here */
    {"<<", S},
    {"=", S},
    {"!", S},
    {"&", S},
    {"*", S},
    {"<", S},
    {"==", S},
    /* Python's '$' matches before a final newline */
    {"yes\n", B},
    {"~\n", N},
    {"null\n", N},
    {"\n", S},
    {"12\n", I},
    {"1.5\n", F},
    {"2018-10-04\n", T},
    {"yes\n\n", S},
    {"\nyes", S},
    {"12\n3", S},
    /* strings */
    {"hello", S},
    {"caf\xc3\xa9", S},
    {"A-0012", S},
    {"07700 900123", S},
};

#undef S
#undef I
#undef F
#undef B
#undef N
#undef T

static void
test_resolve_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]); i++) {
		const struct resolve_case *c = &resolve_cases[i];
		enum panel_scalar_type t =
		    panel_doc_resolve(c->s, strlen(c->s));

		if (t != c->t) {
			print_error(
			    "resolve(\"%s\") = %d, want %d\n", c->s, t, c->t);
			fail();
		}
	}
	/* len, not NUL, ends the text. */
	assert_int_equal(panel_doc_resolve("12ab", 2), PANEL_SCALAR_INT);
	assert_int_equal(panel_doc_resolve("\0", 1), PANEL_SCALAR_STR);
}

static const char *
type_name(enum panel_scalar_type t)
{
	static const char *const names[] = {
	    "str", "int", "float", "bool", "null", "timestamp"};

	return names[t];
}

/*
 * Every string over a small alphabet up to length 3 (and more over a
 * smaller one), plus the table and the tricky strings, resolved by PyYAML
 * itself.
 */
static void
add_resolve_corpus(struct panel_buf *b)
{
	static const char big[] = "015:._-+eExbTZ~ny \t";
	static const char small[] = "01:._-+e";
	char s[8];
	size_t i, j, k, l, m, nb = sizeof(big) - 1, ns = sizeof(small) - 1;

	for (i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]); i++)
		add_hex_line(b, resolve_cases[i].s, strlen(resolve_cases[i].s));
	for (i = 0; tricky[i]; i++)
		add_hex_line(b, tricky[i], strlen(tricky[i]));
	for (i = 0; i < nb; i++) {
		s[0] = big[i];
		add_hex_line(b, s, 1);
		for (j = 0; j < nb; j++) {
			s[1] = big[j];
			add_hex_line(b, s, 2);
			for (k = 0; k < nb; k++) {
				s[2] = big[k];
				add_hex_line(b, s, 3);
			}
		}
	}
	for (i = 0; i < ns * ns * ns * ns * ns; i++) {
		for (l = 0, m = i; l < 5; l++, m /= ns)
			s[l] = small[m % ns];
		add_hex_line(b, s, 5);
		s[5] = '\n';
		add_hex_line(b, s, 6);
	}
	for (i = 0; i < 200; i++) {
		snprintf(s, sizeof(s), "%d:%d", (int)i % 20, (int)(i * 7) % 70);
		add_hex_line(b, s, strlen(s));
	}
}

static void
test_resolve_agrees_with_pyyaml(void **state)
{
	static const char script[] =
	    "import sys\n"
	    "from yaml.resolver import Resolver\n"
	    "from yaml.nodes import ScalarNode\n"
	    "r = Resolver()\n"
	    "with open(sys.argv[2], 'w') as out:\n"
	    "    for line in open(sys.argv[1]):\n"
	    "        s = bytes.fromhex(line.strip()[1:]).decode()\n"
	    "        tag = r.resolve(ScalarNode, s, (True, False))\n"
	    "        out.write(tag.rsplit(':', 1)[1] + '\\n')\n";
	struct panel_buf in = PANEL_BUF_INIT;
	char *tags, *line, *hex;
	size_t len, n = 0, bad = 0;

	(void)state;
	add_resolve_corpus(&in);
	write_file(tmp_path("resolve.in"), in.buf, in.len);
	assert_int_equal(python("resolve", script, tmp_path("resolve.in"),
	                     tmp_path("resolve.out")),
	    0);
	tags = read_file(tmp_path("resolve.out"), &len);
	for (line = tags, hex = in.buf; *line; n++) {
		char *nl = strchr(line, '\n'), *hnl = strchr(hex, '\n');
		char s[64];
		size_t sl = 0;
		const char *want;

		*nl = *hnl = '\0';
		for (hex++; hex[0] && hex[1] && sl < sizeof(s); hex += 2)
			sscanf(hex, "%2hhx", (unsigned char *)&s[sl++]);
		want = line;
		/* merge, value and yaml are no type of the enum */
		if (!strcmp(want, "merge") || !strcmp(want, "value") ||
		    !strcmp(want, "yaml"))
			want = "str";
		if (strcmp(type_name(panel_doc_resolve(s, sl)), want) != 0 &&
		    bad++ < 10)
			print_error("resolve(\"%.*s\") = %s, PyYAML says %s\n",
			    (int)sl, s, type_name(panel_doc_resolve(s, sl)),
			    line);
		line = nl + 1;
		hex = hnl + 1;
	}
	assert_true(n > 30000);
	assert_int_equal(bad, 0);
	free(tags);
	panel_buf_release(&in);
}

/* Emitting */

/* Emits a one-key map {k: s} and returns the value's line. */
static char *
emit_value(const char *s, size_t len)
{
	struct panel_doc *doc = panel_doc_new("t.yaml");
	char *out;

	doc->root = panel_node_map();
	panel_node_set(doc->root, "k", panel_node_strn(s, len));
	out = emit(doc);
	panel_doc_free(doc);
	return out;
}

static void
expect_emit(const char *s, const char *want)
{
	char *out = emit_value(s, strlen(s));

	if (strcmp(out, want) != 0) {
		print_error("emit(\"%s\"):\n%s\nwant:\n%s\n", s, out, want);
		fail();
	}
	free(out);
}

static void
test_emit_styles(void **state)
{
	(void)state;
	expect_emit("plain text", "k: plain text\n");
	expect_emit("yes", "k: 'yes'\n");
	expect_emit("no", "k: 'no'\n");
	expect_emit("0123", "k: '0123'\n");
	expect_emit("2018-10-04", "k: '2018-10-04'\n");
	expect_emit("1e3", "k: '1e3'\n");
	expect_emit("1.5", "k: '1.5'\n");
	expect_emit("~", "k: '~'\n");
	expect_emit("", "k: ''\n");
	expect_emit("<<", "k: '<<'\n");
	expect_emit("=", "k: '='\n");
	expect_emit("y", "k: 'y'\n");
	expect_emit("0o17", "k: '0o17'\n");
	expect_emit(" lead", "k: ' lead'\n");
	expect_emit("trail ", "k: 'trail '\n");
	expect_emit("a: b", "k: 'a: b'\n");
	expect_emit("#x", "k: '#x'\n");
	expect_emit("it's", "k: it's\n");
	expect_emit("'x", "k: '''x'\n");
	expect_emit("caf\xc3\xa9", "k: caf\xc3\xa9\n");
	expect_emit("tab\there", "k: \"tab\\there\"\n");
	expect_emit("one\ntwo\n", "k: |\n  one\n  two\n");
	expect_emit("one\ntwo", "k: |-\n  one\n  two\n");
	expect_emit("  lead\ntwo\n", "k: |2\n    lead\n  two\n");
	expect_emit("one \ntwo\n", "k: \"one \\ntwo\\n\"\n");
	expect_emit("ends\n\n", "k: \"ends\\n\\n\"\n");
	expect_emit("\n", "k: \"\\n\"\n");
	expect_emit("a\r\nb", "k: \"a\\r\\nb\"\n");
	expect_emit("x\xe2\x80\xa8y", "k: \"x\\Ly\"\n");
	expect_emit(
	    "a very long line that goes on and on past eighty columns without "
	    "any break at all, and still on",
	    "k: a very long line that goes on and on past eighty columns "
	    "without any break at all, and still on\n");
}

static void
test_emit_keys_and_nesting(void **state)
{
	struct panel_doc *doc = panel_doc_new("t.yaml");
	struct panel_node *m = panel_node_map(), *inner = panel_node_map();
	struct panel_node *s = panel_node_seq(), *s2 = panel_node_seq();
	char *out;

	(void)state;
	panel_node_set(m, "yes", panel_node_str("v"));
	panel_node_set(m, "", panel_node_str("empty key"));
	panel_node_set(m, "multi\nline", panel_node_str("x"));
	panel_node_set(inner, "b", panel_node_int(1));
	panel_node_push(s2, panel_node_str("deep"));
	panel_node_push(s, s2);
	panel_node_push(s, inner);
	panel_node_set(m, "items", s);
	doc->root = m;
	out = emit(doc);
	assert_string_equal(out, "'yes': v\n"
	                         "'': empty key\n"
	                         "? |-\n"
	                         "  multi\n"
	                         "  line\n"
	                         ": x\n"
	                         "items:\n"
	                         "- - deep\n"
	                         "- b: 1\n");
	free(out);
	panel_doc_free(doc);
	/* A root sequence and a root scalar. */
	doc = panel_doc_new("t.yaml");
	doc->root = panel_node_seq();
	panel_node_push(doc->root, panel_node_str("a"));
	out = emit(doc);
	assert_string_equal(out, "- a\n");
	free(out);
	panel_node_free(doc->root);
	doc->root = panel_node_str("on");
	out = emit(doc);
	assert_string_equal(out, "'on'\n");
	free(out);
	panel_doc_free(doc);
}

static void
test_emit_typed(void **state)
{
	struct panel_doc *doc = load("a: !!float 1\n"
	                             "? !!null ''\n"
	                             ": x\n"
	                             "t: 2018-10-04\n"
	                             "nu: ~\n"
	                             "e:\n");
	char *out = emit(doc), *again;
	struct panel_doc *doc2;

	(void)state;
	/* A type its text does not show keeps its tag. */
	assert_string_equal(out, "a: !!float 1\n"
	                         "!!null '': x\n"
	                         "t: 2018-10-04\n"
	                         "nu: ~\n"
	                         "e:\n");
	doc2 = load(out);
	again = emit(doc2);
	assert_string_equal(again, out);
	assert_int_equal(
	    panel_node_get(doc2->root, "a")->type, PANEL_SCALAR_FLOAT);
	free(again);
	free(out);
	panel_doc_free(doc2);
	panel_doc_free(doc);
}

static void
expect_emit_fail(struct panel_doc *doc, const char *msg)
{
	struct panel_buf out = PANEL_BUF_INIT;
	struct panel_err err = PANEL_ERR_INIT;

	panel_buf_addstr(&out, "kept");
	assert_int_equal(panel_doc_emit(doc, &out, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, msg);
	assert_string_equal(err.file, "t.yaml");
	assert_string_equal(out.buf, "kept");
	panel_buf_release(&out);
	panel_doc_free(doc);
}

static void
test_emit_errors(void **state)
{
	struct panel_doc *doc;
	struct panel_node *n;
	char *big;
	int i;

	(void)state;
	doc = panel_doc_new("t.yaml");
	doc->root = panel_node_map();
	panel_node_set(doc->root, "k", panel_node_str("bad \xff utf-8"));
	expect_emit_fail(doc, "scalar is not valid UTF-8");
	doc = panel_doc_new("t.yaml");
	doc->root = panel_node_strn("a\0b", 3);
	expect_emit_fail(doc, "scalar holds a NUL character");
	doc = panel_doc_new("t.yaml");
	big = repeat("x", PANEL_DOC_MAX_SCALAR + 1, "");
	doc->root = panel_node_str(big);
	free(big);
	expect_emit_fail(doc, "scalar is longer than 65536 bytes");
	doc = panel_doc_new("t.yaml");
	doc->root = n = panel_node_seq();
	for (i = 1; i < PANEL_DOC_MAX_DEPTH + 1; i++) {
		struct panel_node *c = panel_node_seq();

		panel_node_push(n, c);
		n = c;
	}
	expect_emit_fail(doc, "nesting deeper than 32 levels");
	/* A key that is a map: builders cannot make one, loaders refuse. */
	doc = panel_doc_new("t.yaml");
	doc->root = panel_node_map();
	panel_node_set(doc->root, "k", panel_node_str("v"));
	panel_node_free(doc->root->items[0]);
	doc->root->items[0] = panel_node_map();
	expect_emit_fail(doc, "map key is not a scalar");
}

/* Round trips */

static void
test_roundtrip_inline(void **state)
{
	(void)state;
	roundtrip("a: 1\n");
	roundtrip("- a\n- 'yes'\n- - b\n  - c\n- k: v\n  l: []\n");
	roundtrip("text: |\n  line one\n\n  line three\n");
	roundtrip("text: |-\n  two lines\n  no final newline\n");
	roundtrip("text: one line is plain\n");
	roundtrip("text: |2\n   lead\n  next\n");
	roundtrip("q: 'it''s: quoted'\n");
	roundtrip("d: \"tab\\tand\\ttrail \\nx\"\n");
	roundtrip("u: caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\n");
	/* libyaml 0.2.5 escapes characters beyond the BMP (emoji). */
	roundtrip("u: \"caf\xc3\xa9 \\U0001F600\"\n");
	expect_emit("\xf0\x9f\x98\x80", "k: \"\\U0001F600\"\n");
	roundtrip("nil: null\nt: true\ni: -12\nf: 1.5\ne: {}\n");
	roundtrip("x\n");
	roundtrip("'n': 'Y'\n");
	roundtrip("- 1\n- 0x1F\n- 1:30\n- .inf\n- 2018-10-04\n");
}

static void
test_roundtrip_records(void **state)
{
	static const char *const files[] = {"panel.yaml", "member.yaml",
	    "meeting.yaml", "minutes.yaml", "action.yaml",
	    "recommendation.yaml", NULL};
	size_t i;

	(void)state;
	for (i = 0; files[i]; i++) {
		char path[512], *data, *out;
		size_t len;
		struct panel_doc *doc;

		snprintf(path, sizeof(path), "%s/%s", DATA_DIR, files[i]);
		data = read_file(path, &len);
		doc = load_n(data, len);
		out = emit(doc);
		if (strcmp(out, data) != 0) {
			print_error("%s is not canonical:\n%s", files[i], out);
			fail();
		}
		free(out);
		free(data);
		panel_doc_free(doc);
	}
}

/* Our own loader reads back every emitted string, as a string. */
static void
test_emit_load_strings(void **state)
{
	const char *const *lists[] = {tricky, multiline};
	size_t l, i;

	(void)state;
	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i]; i++) {
			const char *s = lists[l][i];
			char *out = emit_value(s, strlen(s));
			struct panel_doc *doc = load(out);
			const struct panel_node *v =
			    panel_node_get(doc->root, "k");

			assert_int_equal(v->type, PANEL_SCALAR_STR);
			assert_int_equal(v->len, strlen(s));
			assert_memory_equal(v->str, s, v->len);
			roundtrip(out);
			free(out);
			panel_doc_free(doc);
		}
}

/* A fixed pseudo-random sequence, so that failures repeat. */
static unsigned
lcg(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* data with one to four pieces inserted or bytes replaced, at random. */
static void
mutate(struct panel_buf *b, const char *data, size_t len, unsigned *seed)
{
	static const char *const pieces[] = {":", " ", "\n", "-", "'", "\"",
	    "|", "&", "*", "!", "!!int ", "[", "]", "{", "}", "#", "\t", "\\",
	    "?", "---\n", "yes", "0x", "\xc3\xa9", "\xff", "%", "<<", ",", "\r",
	    "\n  - ", "\\0", "\xf0\x9f\x98\x80", "~"};
	int m, muts = 1 + (int)(lcg(seed) % 4);

	panel_buf_reset(b);
	panel_buf_add(b, data, len);
	for (m = 0; m < muts; m++) {
		size_t pos = b->len ? lcg(seed) % b->len : 0;
		size_t cut = lcg(seed) % 3;
		const char *p =
		    pieces[lcg(seed) % (sizeof(pieces) / sizeof(pieces[0]))];
		struct panel_buf c = PANEL_BUF_INIT;

		if (pos + cut > b->len)
			cut = b->len - pos;
		panel_buf_add(&c, b->buf, pos);
		panel_buf_addstr(&c, p);
		panel_buf_add(&c, b->buf + pos + cut, b->len - pos - cut);
		panel_buf_reset(b);
		panel_buf_add(b, c.buf, c.len);
		panel_buf_release(&c);
	}
}

/*
 * Mutated records either fail with a located EINPUT or load; what loads
 * emits, and what is emitted loads again and emits the same bytes.
 */
static void
test_mutations(void **state)
{
	static const char *const files[] = {"minutes.yaml", "panel.yaml",
	    "recommendation.yaml", "schema.json", NULL};
	struct panel_buf b = PANEL_BUF_INIT;
	unsigned seed = 2018;
	size_t f, i, loaded = 0;

	(void)state;
	for (f = 0; files[f]; f++) {
		char path[512], *data;
		size_t len;

		snprintf(path, sizeof(path), "%s/%s", DATA_DIR, files[f]);
		data = read_file(path, &len);
		for (i = 0; i < 400; i++) {
			struct panel_doc *doc;
			struct panel_err err = PANEL_ERR_INIT;
			char *out;

			mutate(&b, data, len, &seed);
			if (panel_doc_load(
			        &doc, "m.yaml", b.buf, b.len, &err) != 0) {
				assert_int_equal(err.code, PANEL_EINPUT);
				assert_int_not_equal(err.line, 0);
				continue;
			}
			loaded++;
			out = emit(doc);
			roundtrip(out);
			free(out);
			panel_doc_free(doc);
		}
		free(data);
	}
	assert_true(loaded > 200);
	panel_buf_release(&b);
}

/* PyYAML agreement */

/* A document holding the tricky strings as a list, as keys and values. */
static struct panel_doc *
tricky_doc(struct panel_buf *hex)
{
	struct panel_doc *doc = panel_doc_new("t.yaml");
	struct panel_node *list = panel_node_seq(), *keys = panel_node_map();
	struct panel_node *multi = panel_node_seq();
	size_t i;

	for (i = 0; tricky[i]; i++) {
		panel_node_push(list, panel_node_str(tricky[i]));
		panel_node_set(keys, tricky[i], panel_node_str(tricky[i]));
		add_hex_line(hex, tricky[i], strlen(tricky[i]));
	}
	panel_buf_addstr(hex, "--\n");
	for (i = 0; multiline[i]; i++) {
		panel_node_push(multi, panel_node_str(multiline[i]));
		add_hex_line(hex, multiline[i], strlen(multiline[i]));
	}
	doc->root = panel_node_map();
	panel_node_set(doc->root, "list", list);
	panel_node_set(doc->root, "keys", keys);
	panel_node_set(doc->root, "multi", multi);
	return doc;
}

static const char py_read_expected[] =
    "import sys, yaml, datetime\n"
    "def expected(path):\n"
    "    one, two = open(path).read().split('--\\n')\n"
    "    dec = lambda l: bytes.fromhex(l[1:]).decode()\n"
    "    return ([dec(l) for l in one.splitlines()],\n"
    "            [dec(l) for l in two.splitlines()])\n";

static void
test_pyyaml_reads_ours(void **state)
{
	static const char check[] =
	    "tricky, multi = expected(sys.argv[2])\n"
	    "d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n"
	    "ok = d['list'] == tricky and d['multi'] == multi\n"
	    "ok = ok and list(d['keys'].items()) == [(s, s) for s in tricky]\n"
	    "ok = ok and all(type(s) is str for s in d['list'] + d['multi'])\n"
	    "for a, b in zip(d['list'] + d['multi'], tricky + multi):\n"
	    "    if a != b: print('python read', repr(a), 'for', repr(b))\n"
	    "sys.exit(0 if ok else 1)\n";
	struct panel_buf hex = PANEL_BUF_INIT, script = PANEL_BUF_INIT;
	struct panel_doc *doc = tricky_doc(&hex);
	char *out = emit(doc);

	(void)state;
	write_file(tmp_path("ours.yaml"), out, strlen(out));
	write_file(tmp_path("expected"), hex.buf, hex.len);
	panel_buf_addstr(&script, py_read_expected);
	panel_buf_addstr(&script, check);
	assert_int_equal(python("reads", script.buf, tmp_path("ours.yaml"),
	                     tmp_path("expected")),
	    0);
	panel_buf_release(&script);
	panel_buf_release(&hex);
	free(out);
	panel_doc_free(doc);
}

/* Checks a python-dumped document of the tricky strings and typed values. */
static void
check_pyyaml_doc(const char *path)
{
	size_t len, i;
	char *data = read_file(path, &len);
	struct panel_doc *doc = load_n(data, len);
	const struct panel_node *r = doc->root, *l, *m;

	l = panel_node_get(r, "strings");
	m = panel_node_get(r, "multi");
	for (i = 0; tricky[i]; i++) {
		assert_int_equal(l->items[i]->type, PANEL_SCALAR_STR);
		assert_string_equal(l->items[i]->str, tricky[i]);
	}
	assert_int_equal(l->n, i);
	for (i = 0; multiline[i]; i++) {
		assert_int_equal(m->items[i]->type, PANEL_SCALAR_STR);
		assert_string_equal(m->items[i]->str, multiline[i]);
	}
	assert_int_equal(panel_node_get(r, "n")->type, PANEL_SCALAR_INT);
	assert_int_equal(panel_node_get(r, "ok")->type, PANEL_SCALAR_BOOL);
	assert_int_equal(panel_node_get(r, "none")->type, PANEL_SCALAR_NULL);
	assert_int_equal(panel_node_get(r, "f")->type, PANEL_SCALAR_FLOAT);
	assert_string_equal(
	    panel_node_get_str(panel_node_get(r, "record"), "name"),
	    "Harriet Tolworth");
	panel_doc_free(doc);
	free(data);
}

static void
test_we_read_pyyaml(void **state)
{
	static const char dump[] =
	    "tricky, multi = expected(sys.argv[2])\n"
	    "rec = {'id': 'HT', 'name': 'Harriet Tolworth', 'active': True,\n"
	    "       'term_start': '2017-05-01', 'roles': ['public', 'chair']}\n"
	    "d = {'strings': tricky, 'multi': multi, 'n': 12, 'ok': True,\n"
	    "     'none': None, 'f': 1.5, 'record': rec}\n"
	    "o = lambda n: open(sys.argv[1] + n, 'w', encoding='utf-8')\n"
	    "yaml.safe_dump(d, o('.default'))\n"
	    "yaml.safe_dump(d, o('.unicode'), allow_unicode=True,\n"
	    "               sort_keys=False, width=40)\n"
	    "yaml.safe_dump(d, o('.flow'), default_flow_style=True)\n"
	    "yaml.safe_dump(d, o('.leaves'), default_flow_style=None)\n"
	    "yaml.safe_dump(d, o('.canonical'), canonical=True)\n"
	    "yaml.safe_dump(d, o('.explicit'), explicit_start=True,\n"
	    "               explicit_end=True, indent=4)\n";
	static const char *const kinds[] = {".default", ".unicode", ".flow",
	    ".leaves", ".canonical", ".explicit", NULL};
	struct panel_buf hex = PANEL_BUF_INIT, script = PANEL_BUF_INIT;
	struct panel_doc *doc = tricky_doc(&hex);
	size_t i;

	(void)state;
	write_file(tmp_path("expected"), hex.buf, hex.len);
	panel_buf_addstr(&script, py_read_expected);
	panel_buf_addstr(&script, dump);
	assert_int_equal(
	    python("dump", script.buf, tmp_path("py"), tmp_path("expected")),
	    0);
	for (i = 0; kinds[i]; i++) {
		char name[32];

		snprintf(name, sizeof(name), "py%s", kinds[i]);
		check_pyyaml_doc(tmp_path(name));
	}
	panel_buf_release(&script);
	panel_buf_release(&hex);
	panel_doc_free(doc);
}

/*
 * For one-line text, PyYAML's dumper (unbounded width, Unicode, keys in
 * order) writes our canonical form byte for byte, but for the strings we
 * quote on purpose and it does not (1e3, y, 08, ...) or escape (LS), and
 * the empty key, which it writes "? ''" and libyaml "''".
 */
static void
test_pyyaml_dump_is_canonical(void **state)
{
	static const char dump[] =
	    "tricky, multi = expected(sys.argv[2])\n"
	    "skip = {'y', 'n', 'Y', 'N', '08', '0o17', '1e3', '-.5',\n"
	    "        'x\\u2028y'}\n"
	    "t = [s for s in tricky if s not in skip]\n"
	    "d = {'list': t, 'keys': {s: s for s in t if s}, 'num': -3,\n"
	    "     'ok': False, 'none': None, 'empty': [], 'nested': [[{}]]}\n"
	    "yaml.safe_dump(d, open(sys.argv[1], 'w', encoding='utf-8'),\n"
	    "               allow_unicode=True, sort_keys=False,\n"
	    "               width=float('inf'))\n";
	struct panel_buf hex = PANEL_BUF_INIT, script = PANEL_BUF_INIT;
	struct panel_doc *doc = tricky_doc(&hex), *py;
	char *data, *out;
	size_t len;

	(void)state;
	write_file(tmp_path("expected"), hex.buf, hex.len);
	panel_buf_addstr(&script, py_read_expected);
	panel_buf_addstr(&script, dump);
	assert_int_equal(python("canon", script.buf, tmp_path("canon.yaml"),
	                     tmp_path("expected")),
	    0);
	data = read_file(tmp_path("canon.yaml"), &len);
	py = load_n(data, len);
	out = emit(py);
	if (strcmp(out, data) != 0) {
		char cmd[256];

		write_file(tmp_path("canon.ours"), out, strlen(out));
		snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s' >&2",
		    tmp_path("canon.yaml"), tmp_path("canon.ours"));
		assert_int_equal(system(cmd), 0);
	}
	free(out);
	free(data);
	panel_doc_free(py);
	panel_buf_release(&script);
	panel_buf_release(&hex);
	panel_doc_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builders),
	    cmocka_unit_test(test_set_replaces_in_place),
	    cmocka_unit_test(test_accessors_wrong_kind),
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_load_types_and_positions),
	    cmocka_unit_test(test_load_empty),
	    cmocka_unit_test(test_load_misc_valid),
	    cmocka_unit_test(test_load_limits_exact),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_json_details),
	    cmocka_unit_test(test_json_files),
	    cmocka_unit_test(test_anchors_aliases),
	    cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_duplicate_keys),
	    cmocka_unit_test(test_duplicate_keys_flood),
	    cmocka_unit_test(test_documents),
	    cmocka_unit_test(test_tags),
	    cmocka_unit_test(test_keys_and_specials),
	    cmocka_unit_test(test_bad_bytes),
	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_messages_hide_values),
	    cmocka_unit_test(test_resolve_table),
	    cmocka_unit_test(test_resolve_agrees_with_pyyaml),
	    cmocka_unit_test(test_emit_styles),
	    cmocka_unit_test(test_emit_keys_and_nesting),
	    cmocka_unit_test(test_emit_typed),
	    cmocka_unit_test(test_emit_errors),
	    cmocka_unit_test(test_roundtrip_inline),
	    cmocka_unit_test(test_roundtrip_records),
	    cmocka_unit_test(test_emit_load_strings),
	    cmocka_unit_test(test_mutations),
	    cmocka_unit_test(test_pyyaml_reads_ours),
	    cmocka_unit_test(test_we_read_pyyaml),
	    cmocka_unit_test(test_pyyaml_dump_is_canonical),
	};

	return cmocka_run_group_tests(tests, setup_tmpdir, rm_tmpdir);
}
