/*
 * Tests for lib/schema.c: each keyword of the subset, the fail-closed
 * loader, $ref, typing as PyYAML gives values to jsonschema, messages with
 * line:col, and the C side of the agreement corpus tests/schema/.
 *
 * With PANEL_SCHEMA_RESULTS set, the corpus test also writes one line
 * "VERDICT PATH" per corpus file to that file, for
 * tests/cli/0050-schema-agree.t to compare with tests/schema/agree.py.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "alloc.h"
#include "buf.h"
#include "doc.h"
#include "err.h"
#include "schema.h"

#include "banned.h"

#define CORPUS PANEL_SOURCE_DIR "/tests/schema"

/* What a validation reported: "line:col: message" lines. */
struct seen {
	struct panel_buf all;
	size_t n;
};

static void
collect(const struct panel_err *p, void *ctx)
{
	struct seen *s = ctx;

	assert_int_equal(p->code, PANEL_EINPUT);
	panel_buf_addf(&s->all, "%u:%u: %s\n", p->line, p->column, p->msg);
	s->n++;
}

/*
 * Validates yaml against the schema in json and returns the problems, one
 * "line:col: message" per line, in a buffer the caller releases.  Asserts
 * that the count returned equals the number of reports.
 */
static struct panel_buf
run(const char *json, const char *yaml)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_schema *schema = NULL;
	struct panel_doc *doc = NULL;
	struct seen seen = {PANEL_BUF_INIT, 0};
	size_t n;

	if (panel_schema_parse(&schema, "t.json", json, strlen(json), &err))
		fail_msg("schema: %s:%u:%u: %s", err.file, err.line, err.column,
		    err.msg);
	if (panel_doc_load(&doc, "t.yaml", yaml, strlen(yaml), &err))
		fail_msg("yaml: %u:%u: %s", err.line, err.column, err.msg);
	n = panel_schema_validate(schema, doc, collect, &seen);
	assert_int_equal(n, seen.n);
	panel_doc_free(doc);
	panel_schema_free(schema);
	return seen.all;
}

/* The number of problems yaml has under json. */
static size_t
problems(const char *json, const char *yaml)
{
	struct panel_buf out = run(json, yaml);
	size_t i, n = 0;

	for (i = 0; i < out.len; i++)
		n += out.buf[i] == '\n';
	panel_buf_release(&out);
	return n;
}

/* Asserts that yaml gives exactly the problems in want. */
static void
expect(const char *json, const char *yaml, const char *want)
{
	struct panel_buf out = run(json, yaml);

	assert_string_equal(out.buf, want);
	panel_buf_release(&out);
}

/* Asserts that json fails to load with a message holding want. */
static void
expect_load_error(
    const char *json, unsigned line, unsigned col, const char *want)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_schema *schema = NULL;
	int rc;

	rc = panel_schema_parse(&schema, "t.json", json, strlen(json), &err);
	if (rc == 0 || strstr(err.msg, want) == NULL)
		fail_msg("schema %s: got %d '%s', want '%s'", json, rc, err.msg,
		    want);
	assert_int_equal(rc, PANEL_EINPUT);
	assert_null(schema);
	assert_string_equal(err.file, "t.json");
	if (line) {
		assert_int_equal(err.line, line);
		assert_int_equal(err.column, col);
	}
}

static void
test_load_builtin(void **state)
{
	static const char *const names[] = {"panel", "member", "meeting",
	    "minutes", "action", "recommendation"};
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_schema *schema;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (panel_schema_load(&schema, names[i], &err) != 0)
			fail_msg("%s: %s:%u:%u: %s", names[i], err.file,
			    err.line, err.column, err.msg);
		panel_schema_free(schema);
	}
	assert_int_equal(
	    panel_schema_load(&schema, "nosuch", &err), PANEL_EINPUT);
	assert_null(schema);
	assert_string_equal(err.msg, "no schema named 'nosuch'");
	/* A prefix of a name is not the name. */
	assert_int_equal(panel_schema_load(&schema, "mem", &err), PANEL_EINPUT);
	panel_schema_free(NULL);
}

static void
test_unknown_keyword(void **state)
{
	static const char *const unsupported[] = {"patternProperties",
	    "prefixItems", "contains", "if", "then", "else",
	    "dependentRequired", "dependentSchemas", "unevaluatedProperties",
	    "propertyNames", "minProperties", "multipleOf", "$anchor",
	    "$dynamicRef", "definitions", "default", "examples",
	    "contentEncoding", "Required"};
	char json[256], want[128];
	size_t i;

	(void)state;
	expect_load_error("{\"type\": \"object\", \"patternProperties\": {}}",
	    1, 20, "unsupported schema keyword 'patternProperties'");
	/* Nested anywhere: properties, items, $defs, anyOf, not. */
	expect_load_error("{\"properties\": {\"a\": {\"minContains\": 1}}}", 1,
	    23, "unsupported schema keyword 'minContains'");
	expect_load_error(
	    "{\"items\": {\"contains\": true}}", 1, 12, "'contains'");
	expect_load_error(
	    "{\"$defs\": {\"x\": {\"if\": true}}}", 1, 18, "'if'");
	expect_load_error("{\"anyOf\": [{\"then\": true}]}", 1, 13, "'then'");
	expect_load_error("{\n    \"not\": {\n        \"else\": true\n    }\n}",
	    3, 9, "'else'");
	for (i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++) {
		snprintf(json, sizeof(json), "{\"%s\": {}}", unsupported[i]);
		snprintf(want, sizeof(want), "unsupported schema keyword '%s'",
		    unsupported[i]);
		expect_load_error(json, 1, 2, want);
	}
}

static void
test_bad_keyword_values(void **state)
{
	(void)state;
	expect_load_error("{\"type\": \"float\"}", 1, 10, "names no JSON type");
	expect_load_error("{\"type\": []}", 1, 10, "lists no type");
	expect_load_error(
	    "{\"type\": [\"string\", \"string\"]}", 1, 21, "repeats a type");
	expect_load_error("{\"required\": \"a\"}", 1, 14, "list of names");
	expect_load_error(
	    "{\"required\": [\"a\", \"a\"]}", 1, 20, "repeats a name");
	expect_load_error("{\"minLength\": -1}", 1, 15, "whole number");
	expect_load_error("{\"maxItems\": 1.5}", 1, 14, "whole number");
	expect_load_error("{\"minimum\": \"1\"}", 1, 13, "must be a number");
	expect_load_error("{\"uniqueItems\": \"yes\"}", 1, 17, "true or false");
	expect_load_error("{\"enum\": []}", 1, 10, "list of values");
	expect_load_error("{\"anyOf\": []}", 1, 11, "list of schemas");
	expect_load_error("{\"items\": [{}]}", 1, 11, "object or a boolean");
	expect_load_error("{\"properties\": []}", 1, 16, "must be an object");
	expect_load_error(
	    "{\"properties\": {\"a\": 1}}", 1, 22, "object or a boolean");
	expect_load_error("{\"pattern\": 1}", 1, 13, "must be a string");
	expect_load_error("{\"pattern\": \"(\"}", 1, 13, "");
	expect_load_error("{\"title\": 1}", 1, 11, "must be a string");
	expect_load_error("{\"$schema\": \"http://json-schema.org/draft-07/"
	                  "schema#\"}",
	    1, 13, "2020-12");
	expect_load_error("{\"properties\": {\"a\": {\"$id\": \"x\"}}}", 1, 23,
	    "'$id' is allowed only at the top");
	expect_load_error("{\"$defs\": {\"a\": {\"$schema\": \"x\"}}}", 1, 18,
	    "'$schema' is allowed only at the top");
	expect_load_error("{\"$ref\": \"other.json#/$defs/a\"}", 1, 10,
	    "must be '#/$defs/NAME'");
	expect_load_error(
	    "{\"$ref\": \"#/definitions/a\"}", 1, 10, "must be '#/$defs/NAME'");
	expect_load_error(
	    "{\"$ref\": \"#/$defs/a~1b\"}", 1, 10, "must be '#/$defs/NAME'");
	expect_load_error("{\"$ref\": \"#/$defs/missing\", \"$defs\": {}}", 1,
	    10, "$ref '#/$defs/missing' names no $defs entry");
	/* $defs below the top are checked but cannot be named by $ref. */
	expect_load_error("{\"properties\": {\"a\": {\"$defs\": {\"b\": {}}}},"
	                  " \"$ref\": \"#/$defs/b\"}",
	    1, 53, "names no $defs entry");
	expect_load_error("\"string\"", 1, 1, "object or a boolean");
	expect_load_error("", 1, 1, "schema is empty");
	/* A schema is JSON; an unquoted YAML date is not. */
	expect_load_error("{\"const\": 2018-10-04}", 1, 11, "not YAML dates");
}

static void
test_type(void **state)
{
	static const char integer[] = "{\"type\": \"integer\"}";
	static const char number[] = "{\"type\": \"number\"}";
	static const char string[] = "{\"type\": \"string\"}";
	static const char boolean[] = "{\"type\": \"boolean\"}";
	static const char null[] = "{\"type\": \"null\"}";

	(void)state;
	assert_int_equal(problems(integer, "1\n"), 0);
	assert_int_equal(problems(integer, "0x1F\n"), 0);
	assert_int_equal(problems(integer, "0123\n"), 0);
	assert_int_equal(problems(integer, "1:30\n"), 0);
	assert_int_equal(problems(integer, "-1_000\n"), 0);
	/* jsonschema takes 1.0 for an integer, but not true. */
	assert_int_equal(problems(integer, "1.0\n"), 0);
	assert_int_equal(problems(integer, "1.5\n"), 1);
	assert_int_equal(problems(integer, ".inf\n"), 1);
	assert_int_equal(problems(integer, "true\n"), 1);
	assert_int_equal(problems(integer, "'1'\n"), 1);
	assert_int_equal(problems(number, "1\n"), 0);
	assert_int_equal(problems(number, "1.5\n"), 0);
	assert_int_equal(problems(number, "-.inf\n"), 0);
	assert_int_equal(problems(number, ".nan\n"), 0);
	assert_int_equal(problems(number, "yes\n"), 1);
	assert_int_equal(problems(string, "text\n"), 0);
	assert_int_equal(problems(string, "'2018-10-04'\n"), 0);
	assert_int_equal(problems(string, "'no'\n"), 0);
	assert_int_equal(problems(boolean, "yes\n"), 0);
	assert_int_equal(problems(boolean, "Off\n"), 0);
	assert_int_equal(problems(boolean, "1\n"), 1);
	assert_int_equal(problems(boolean, "'true'\n"), 1);
	assert_int_equal(problems(null, "~\n"), 0);
	assert_int_equal(problems(null, "null\n"), 0);
	assert_int_equal(problems(null, ""), 0);
	assert_int_equal(problems(null, "''\n"), 1);
	assert_int_equal(problems("{\"type\": \"object\"}", "{}\n"), 0);
	assert_int_equal(problems("{\"type\": \"object\"}", "[]\n"), 1);
	assert_int_equal(problems("{\"type\": \"array\"}", "[]\n"), 0);
	assert_int_equal(problems("{\"type\": \"array\"}", "{}\n"), 1);
	/* A YAML date is no JSON type at all. */
	assert_int_equal(problems(number, "2018-10-04\n"), 1);
	assert_int_equal(problems("{\"type\": [\"object\", \"array\", "
	                          "\"integer\", \"number\", \"boolean\", "
	                          "\"null\"]}",
	                     "2018-10-04\n"),
	    1);
	expect(string, "2018-10-04\n",
	    "1:1: the record is a YAML date; write it quoted, '2018-10-04'\n");
	expect(string, "no\n",
	    "1:1: the record is a boolean, not a string; write it quoted, "
	    "'no'\n");
	expect(string, "~\n",
	    "1:1: the record is null, not a string; write it quoted, '~'\n");
	expect(string, "0123\n",
	    "1:1: the record is an integer, not a string; write it quoted\n");
	expect(string, "[a]\n", "1:1: the record is a list, not a string\n");
	expect(integer, "2018-10-04\n",
	    "1:1: the record is a YAML date, not an integer\n");
	expect("{\"type\": [\"string\", \"null\"]}", "1.5\n",
	    "1:1: the record is a number, not a string or null; write it "
	    "quoted\n");
	assert_int_equal(
	    problems("{\"type\": [\"string\", \"null\"]}", "~\n"), 0);
}

static void
test_objects(void **state)
{
	static const char schema[] =
	    "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": "
	    "\"integer\"}, \"b\": {\"type\": \"object\", \"properties\": "
	    "{\"c\": {\"type\": \"string\"}}, \"required\": [\"c\"]}}, "
	    "\"required\": [\"a\"], \"additionalProperties\": false}";

	(void)state;
	assert_int_equal(problems(schema, "a: 1\n"), 0);
	assert_int_equal(problems(schema, "a: 1\nb: {c: x}\n"), 0);
	expect(
	    schema, "a: x\n", "1:4: field 'a' is a string, not an integer\n");
	expect(schema, "b:\n  d: 1\n",
	    "1:1: required field 'a' is missing\n"
	    "2:3: required field 'b.c' is missing\n");
	expect(schema, "a: 1\nz: 2\nb: {c: x, e: 3}\n",
	    "2:1: unknown field 'z'\n");
	/* Only string keys name properties: 1: and yes: are other keys. */
	expect(schema, "a: 1\n1: x\n", "2:1: unknown field '1'\n");
	expect(schema, "a: 1\nyes: x\n", "2:1: unknown field 'yes'\n");
	expect(schema, "'a': 1\n", "");
	/* Object keywords ignore other types. */
	assert_int_equal(problems("{\"required\": [\"a\"], "
	                          "\"additionalProperties\": false}",
	                     "[1]\n"),
	    0);
	/* additionalProperties as a schema applies to the others only. */
	expect("{\"properties\": {\"a\": {}}, \"additionalProperties\": "
	       "{\"type\": \"integer\"}}",
	    "a: x\nb: 1\nc: y\n",
	    "3:4: field 'c' is a string, not an integer\n");
	expect("{\"properties\": {\"a\": false}}", "a: 1\n",
	    "1:1: unknown field 'a'\n");
}

static void
test_arrays(void **state)
{
	static const char schema[] =
	    "{\"type\": \"array\", \"items\": {\"type\": \"integer\"}, "
	    "\"minItems\": 1, \"maxItems\": 3, \"uniqueItems\": true}";

	(void)state;
	assert_int_equal(problems(schema, "[1, 2, 3]\n"), 0);
	expect(schema, "[]\n", "1:1: the record has 0 items, fewer than 1\n");
	expect(schema, "[1, 2, 3, 4]\n",
	    "1:1: the record has 4 items, more than 3\n");
	expect(schema, "- 1\n- x\n",
	    "2:3: field '[1]' is a string, not an integer\n");
	/* 1 and 1.0 are the same item; 1 and true are not, nor 1 and '1'. */
	expect(schema, "[1, 2, 1.0]\n", "1:8: field '[2]' repeats item 0\n");
	assert_int_equal(
	    problems("{\"uniqueItems\": true}", "[1, true, '1']\n"), 0);
	assert_int_equal(
	    problems("{\"uniqueItems\": true}", "[{a: [1]}, {a: [1.0]}]\n"), 1);
	assert_int_equal(problems("{\"uniqueItems\": true}",
	                     "[{a: 1, b: 2}, {b: 2, a: 1}]\n"),
	    1);
	assert_int_equal(problems("{\"uniqueItems\": false}", "[1, 1]\n"), 0);
	assert_int_equal(problems("{\"items\": false}", "[]\n"), 0);
	expect(
	    "{\"items\": false}", "[1]\n", "1:2: field '[0]' is not allowed\n");
	/* Array keywords ignore other types. */
	assert_int_equal(problems("{\"items\": false, \"minItems\": 1, "
	                          "\"uniqueItems\": true}",
	                     "{a: 1}\n"),
	    0);
}

static void
test_enum_const(void **state)
{
	static const char schema[] = "{\"enum\": [\"yes\", 1, null, [true]]}";

	(void)state;
	assert_int_equal(problems(schema, "'yes'\n"), 0);
	assert_int_equal(problems(schema, "1\n"), 0);
	assert_int_equal(problems(schema, "1.0\n"), 0);
	assert_int_equal(problems(schema, "0x01\n"), 0);
	assert_int_equal(problems(schema, "~\n"), 0);
	assert_int_equal(problems(schema, "[yes]\n"), 0);
	/* Unquoted yes is a boolean, and true is not 1. */
	expect(schema, "yes\n",
	    "1:1: the record: yes is not one of yes, 1, null, [...]\n");
	assert_int_equal(problems(schema, "true\n"), 1);
	assert_int_equal(problems(schema, "'1'\n"), 1);
	assert_int_equal(problems(schema, "2018-10-04\n"), 1);
	expect(schema, "{a: 1}\n",
	    "1:1: the record is a map, not one of yes, 1, null, [...]\n");
	assert_int_equal(
	    problems("{\"const\": {\"a\": [1, \"x\"]}}", "{a: [1.0, x]}\n"), 0);
	assert_int_equal(
	    problems("{\"const\": {\"a\": [1, \"x\"]}}", "{a: [true, x]}\n"),
	    1);
	assert_int_equal(
	    problems("{\"const\": {\"a\": 1}}", "{a: 1, b: 2}\n"), 1);
	expect("{\"const\": \"draft\"}", "final\n",
	    "1:1: the record must be 'draft'\n");
	expect("{\"const\": false}", "0\n", "1:1: the record must be false\n");
}

static void
test_strings(void **state)
{
	(void)state;
	/* Patterns are not anchored unless they say so. */
	assert_int_equal(problems("{\"pattern\": \"b\"}", "abc\n"), 0);
	expect("{\"pattern\": \"^b\"}", "abc\n",
	    "1:1: the record: 'abc' does not match ^b\n");
	/* $ matches before a final newline, as in Python's re. */
	assert_int_equal(problems("{\"pattern\": \"^a$\"}", "\"a\\n\"\n"), 0);
	/* Non-strings are not matched, dates included. */
	assert_int_equal(problems("{\"pattern\": \"^x$\"}", "12\n"), 0);
	assert_int_equal(problems("{\"pattern\": \"^x$\"}", "2018-10-04\n"), 0);
	assert_int_equal(problems("{\"pattern\": \"^[A-Z]$\"}", "É\n"), 1);
	/* Lengths count code points, not bytes. */
	assert_int_equal(problems("{\"maxLength\": 3}", "éèê\n"), 0);
	expect("{\"maxLength\": 3}", "abcd\n",
	    "1:1: the record is too long (at most 3 characters)\n");
	expect("{\"minLength\": 2}", "é\n",
	    "1:1: the record is too short (at least 2 characters)\n");
	expect("{\"minLength\": 1}", "''\n", "1:1: the record is empty\n");
	assert_int_equal(problems("{\"minLength\": 1}", "~\n"), 0);
	assert_int_equal(problems("{\"maxLength\": 1}", "100\n"), 0);
	/* format is an annotation, as in jsonschema without a checker. */
	assert_int_equal(
	    problems("{\"format\": \"email\"}", "not an email\n"), 0);
	assert_int_equal(
	    problems("{\"format\": \"date\"}", "'2018-99-99'\n"), 0);
}

static void
test_numbers(void **state)
{
	(void)state;
	assert_int_equal(problems("{\"minimum\": 1}", "1\n"), 0);
	expect("{\"minimum\": 1}", "0.5\n",
	    "1:1: the record is less than the minimum 1\n");
	expect("{\"exclusiveMinimum\": 1}", "1\n",
	    "1:1: the record is not greater than 1\n");
	assert_int_equal(problems("{\"exclusiveMinimum\": 1}", "1.5\n"), 0);
	assert_int_equal(problems("{\"maximum\": 10}", "10\n"), 0);
	assert_int_equal(problems("{\"maximum\": 10}", "0xA\n"), 0);
	expect("{\"maximum\": 10}", "10.5\n",
	    "1:1: the record is greater than the maximum 10\n");
	expect("{\"exclusiveMaximum\": 10.5}", "10.5\n",
	    "1:1: the record is not less than 10.5\n");
	assert_int_equal(problems("{\"maximum\": 60}", "1:00\n"), 0);
	assert_int_equal(problems("{\"maximum\": 59}", "1:00\n"), 1);
	assert_int_equal(problems("{\"maximum\": 90.5}", "1:30.5\n"), 0);
	assert_int_equal(problems("{\"minimum\": -1}", "-.inf\n"), 1);
	assert_int_equal(problems("{\"maximum\": 1}", ".nan\n"), 1);
	/* Bounds ignore non-numbers; a boolean is not a number. */
	assert_int_equal(problems("{\"minimum\": 5}", "'0'\n"), 0);
	assert_int_equal(problems("{\"minimum\": 5}", "false\n"), 0);
}

static void
test_applicators(void **state)
{
	static const char any[] =
	    "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}";
	static const char one[] =
	    "{\"oneOf\": [{\"type\": \"integer\"}, {\"type\": \"number\"}]}";
	static const char all[] =
	    "{\"allOf\": [{\"minimum\": 1}, {\"maximum\": 3}]}";

	(void)state;
	assert_int_equal(problems(any, "x\n"), 0);
	assert_int_equal(problems(any, "1\n"), 0);
	/* The alternatives' own problems are not reported, only one. */
	expect(any, "1.5\n",
	    "1:1: the record matches none of the allowed forms\n");
	assert_int_equal(problems(one, "1.5\n"), 0);
	expect(one, "1\n",
	    "1:1: the record matches 2 of the allowed forms, not exactly "
	    "one\n");
	expect(one, "x\n",
	    "1:1: the record matches 0 of the allowed forms, not exactly "
	    "one\n");
	assert_int_equal(problems(all, "2\n"), 0);
	expect(all, "5\n", "1:1: the record is greater than the maximum 3\n");
	assert_int_equal(
	    problems("{\"not\": {\"type\": \"string\"}}", "1\n"), 0);
	expect("{\"not\": {\"type\": \"string\"}}", "x\n",
	    "1:1: the record matches a form that is not allowed\n");
	expect("{\"not\": {\"description\": \"a word\", \"type\": \"string\"}}",
	    "x\n", "1:1: the record must not be a word\n");
	/* Nested: not inside anyOf stays quiet. */
	assert_int_equal(problems("{\"anyOf\": [{\"not\": {}}, {\"type\": "
	                          "\"null\"}]}",
	                     "~\n"),
	    0);
}

static void
test_ref(void **state)
{
	static const char tree[] =
	    "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", "
	    "\"$id\": \"https://panel.example.org/schemas/t.json\", "
	    "\"$ref\": \"#/$defs/node\", "
	    "\"$defs\": {\"node\": {\"type\": \"object\", \"properties\": "
	    "{\"name\": {\"$ref\": \"#/$defs/id\"}, \"kids\": {\"type\": "
	    "\"array\", \"items\": {\"$ref\": \"#/$defs/node\"}}}, "
	    "\"required\": [\"name\"], \"additionalProperties\": false}, "
	    "\"id\": {\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}}}";

	(void)state;
	assert_int_equal(problems(tree, "name: a\nkids:\n  - name: b\n"
	                                "    kids: [{name: c}]\n"),
	    0);
	expect(tree, "name: a\nkids:\n  - name: b\n    kids: [{name: C}]\n",
	    "4:19: field 'kids[0].kids[0].name': 'C' does not match "
	    "^[a-z]+$\n");
	/* $ref's siblings apply as well, as in 2020-12. */
	expect("{\"$defs\": {\"s\": {\"type\": \"string\"}}, \"$ref\": "
	       "\"#/$defs/s\", \"maxLength\": 2}",
	    "abc\n", "1:1: the record is too long (at most 2 characters)\n");
	/* A $ref cycle that never descends stops with a problem. */
	expect("{\"$defs\": {\"a\": {\"$ref\": \"#/$defs/a\"}}, \"$ref\": "
	       "\"#/$defs/a\"}",
	    "1\n", "1:1: the record: the schema nests too deeply\n");
}

static void
test_boolean_schemas(void **state)
{
	(void)state;
	assert_int_equal(problems("true", "anything: [1]\n"), 0);
	expect("false", "1\n", "1:1: the record is not allowed\n");
	assert_int_equal(problems("{}", "2018-10-04\n"), 0);
}

static void
test_messages(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_schema *schema;
	struct panel_doc *doc;
	struct seen seen = {PANEL_BUF_INIT, 0};
	static const char member[] = "id: gf\n"
	                             "name: Greta Falconbridge\n"
	                             "role: member\n"
	                             "term_start: 2017-05-01\n"
	                             "active: 'yes'\n"
	                             "email: greta@example.org\n";
	static const char minutes[] = "meeting: '2018-10-04'\n"
	                              "chair: CH\n"
	                              "attendance:\n"
	                              "  - {member: CH, status: present}\n"
	                              "  - {member: GF, status: present}\n"
	                              "  - {member: BK, status: maybe}\n"
	                              "items: []\n";

	(void)state;
	assert_int_equal(panel_schema_load(&schema, "member", &err), 0);
	assert_int_equal(panel_doc_load(&doc, "members/GF.yaml", member,
	                     strlen(member), &err),
	    0);
	assert_int_equal(panel_schema_validate(schema, doc, collect, &seen), 5);
	assert_string_equal(seen.all.buf,
	    "1:5: field 'id': 'gf' does not match ^[A-Z]{2,4}[0-9]?$\n"
	    "3:7: field 'role': 'member' is not one of chair, public, vcs, "
	    "opcc, observer, guest, force-adviser\n"
	    "4:13: field 'term_start' is a YAML date; write it quoted, "
	    "'2017-05-01'\n"
	    "5:9: field 'active' is a string, not a boolean\n"
	    "6:1: unknown field 'email'\n");
	panel_doc_free(doc);
	panel_schema_free(schema);

	panel_buf_reset(&seen.all);
	seen.n = 0;
	assert_int_equal(panel_schema_load(&schema, "minutes", &err), 0);
	assert_int_equal(
	    panel_doc_load(&doc, "meetings/2018-10-04/minutes.yaml", minutes,
	        strlen(minutes), &err),
	    0);
	assert_int_equal(panel_schema_validate(schema, doc, collect, &seen), 1);
	assert_string_equal(seen.all.buf,
	    "6:26: field 'attendance[2].status': 'maybe' is not one of "
	    "present, apologies, absent, substitute\n");
	panel_doc_free(doc);
	panel_schema_free(schema);
	panel_buf_release(&seen.all);

	/* Long values and keys are cut at 40 characters. */
	expect("{\"enum\": [\"x\"]}",
	    "Customer Service Improvement Scrutiny Panel\n",
	    "1:1: the record: 'Customer Service Improvement Scrutiny Pa...' is "
	    "not one of x\n");
	expect("{\"additionalProperties\": false}",
	    "a_key_that_goes_on_and_on_and_on_for_ever_and_ever: 1\n",
	    "1:1: unknown field 'a_key_that_goes_on_and_on_and_on_for_eve...'"
	    "\n");
	/* Control characters are not echoed. */
	expect("{\"enum\": [\"x\"]}", "\"a\\tb\"\n",
	    "1:1: the record: 'a?b' is not one of x\n");
}

/* The agreement corpus. */

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir that end in suffix (NULL-ended, caller frees). */
static char **
list_dir(const char *dir, const char *suffix, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0, sl = strlen(suffix);

	if (d == NULL)
		fail_msg("cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < sl ||
		    strcmp(e->d_name + len - sl, suffix) != 0)
			continue;
		PANEL_GROW(names, n + 1, alloc);
		names[n++] = panel_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	*count = n;
	return names;
}

static void
free_names(char **names, size_t n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

static void
read_file(struct panel_buf *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t got;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		panel_buf_add(out, chunk, got);
	assert_false(ferror(f));
	fclose(f);
}

/*
 * Judges one corpus file.  A valid one must have no problem; an invalid one
 * exactly one, equal to its first line "# expect: LINE:COL: MESSAGE".
 */
static const char *
judge(const char *kind, const char *type, const char *name)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf path = PANEL_BUF_INIT, text = PANEL_BUF_INIT;
	struct seen seen = {PANEL_BUF_INIT, 0};
	struct panel_schema *schema;
	struct panel_doc *doc;
	const char *verdict;
	char *rel, *want;
	size_t n;

	panel_buf_addf(&path, "%s/%s/%s/%s", CORPUS, kind, type, name);
	rel = path.buf + strlen(CORPUS) + 1;
	read_file(&text, path.buf);
	if (panel_schema_load(&schema, type, &err) != 0)
		fail_msg("%s: no schema: %s", rel, err.msg);
	if (panel_doc_load(&doc, rel, text.buf, text.len, &err) != 0)
		fail_msg("%s:%u:%u: %s", rel, err.line, err.column, err.msg);
	n = panel_schema_validate(schema, doc, collect, &seen);
	assert_int_equal(n, seen.n);
	verdict = n ? "invalid" : "valid";
	if (strcmp(verdict, kind) != 0)
		fail_msg("%s: judged %s: %s", rel, verdict, seen.all.buf);
	if (n) {
		if (strncmp(text.buf, "# expect: ", 10) != 0)
			fail_msg("%s: no '# expect: ' line", rel);
		want = text.buf + 10;
		want[strcspn(want, "\n") + 1] = '\0';
		if (n != 1 || strcmp(seen.all.buf, want) != 0)
			fail_msg("%s: want %sgot %s", rel, want, seen.all.buf);
	}
	panel_doc_free(doc);
	panel_schema_free(schema);
	panel_buf_release(&seen.all);
	panel_buf_release(&text);
	panel_buf_release(&path);
	return verdict;
}

static void
test_corpus(void **state)
{
	static const char *const kinds[] = {"valid", "invalid"};
	const char *out = getenv("PANEL_SCHEMA_RESULTS");
	struct panel_buf dir = PANEL_BUF_INIT;
	FILE *results = NULL;
	char **types, **files;
	size_t k, t, f, ntypes, nfiles, total = 0;

	(void)state;
	if (out != NULL && (results = fopen(out, "w")) == NULL)
		fail_msg("cannot write %s", out);
	for (k = 0; k < 2; k++) {
		panel_buf_reset(&dir);
		panel_buf_addf(&dir, "%s/%s", CORPUS, kinds[k]);
		types = list_dir(dir.buf, "", &ntypes);
		/* Every record type has its cases. */
		assert_int_equal(ntypes, 6);
		for (t = 0; t < ntypes; t++) {
			panel_buf_reset(&dir);
			panel_buf_addf(
			    &dir, "%s/%s/%s", CORPUS, kinds[k], types[t]);
			files = list_dir(dir.buf, ".yaml", &nfiles);
			assert_true(nfiles >= (k == 0 ? 5u : 12u));
			for (f = 0; f < nfiles; f++) {
				const char *v =
				    judge(kinds[k], types[t], files[f]);

				if (results)
					fprintf(results, "%s %s/%s/%s\n", v,
					    kinds[k], types[t], files[f]);
				total++;
			}
			free_names(files, nfiles);
		}
		free_names(types, ntypes);
	}
	assert_true(total >= 6 * 17);
	if (results)
		assert_int_equal(fclose(results), 0);
	panel_buf_release(&dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_builtin),
	    cmocka_unit_test(test_unknown_keyword),
	    cmocka_unit_test(test_bad_keyword_values),
	    cmocka_unit_test(test_type),
	    cmocka_unit_test(test_objects),
	    cmocka_unit_test(test_arrays),
	    cmocka_unit_test(test_enum_const),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_applicators),
	    cmocka_unit_test(test_ref),
	    cmocka_unit_test(test_boolean_schemas),
	    cmocka_unit_test(test_messages),
	    cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
