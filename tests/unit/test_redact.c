#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "doc.h"
#include "fs.h"
#include "redact.h"
#include "redact_data.h"
#include "schema.h"

#include "banned.h"

static struct panel_redact *
detector(const char *panel_yaml)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = NULL;
	struct panel_doc *doc = NULL;

	if (panel_yaml != NULL)
		assert_int_equal(panel_doc_load(&doc, "panel.yaml", panel_yaml,
		                     strlen(panel_yaml), &err),
		    0);
	if (panel_redact_new(&r, "panel.yaml", doc ? doc->root : NULL, &err) <
	    0)
		fail_msg(
		    "%s:%u:%u: %s", err.file, err.line, err.column, err.msg);
	panel_doc_free(doc);
	return r;
}

/* Redacts s and returns the text (static buffer); res keeps the hits. */
static const char *
redact(struct panel_redact *r, struct panel_redact_result *res, const char *s,
    enum panel_redact_style style)
{
	struct panel_err err = PANEL_ERR_INIT;

	if (panel_redact_run(res, r, "t", s, strlen(s), NULL, style, &err) < 0)
		fail_msg("%s", err.msg);
	return res->text.buf;
}

/*
 * The data compiled in is the data in lib/, byte for byte: the build
 * generates it from there, and this is what shows that it did.  Every
 * lib/names-*.txt and the default rules are in the table, and every entry
 * of the table is a file of lib/.
 */
static void
test_embedded_data_is_current(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const struct panel_redact_file *f;
	struct panel_buf b = PANEL_BUF_INIT;
	char path[512], **list = NULL;
	size_t i, n = strlen("names-");

	(void)state;
	for (f = panel_redact_files; f->name; f++) {
		snprintf(
		    path, sizeof(path), "%s/lib/%s", PANEL_SOURCE_DIR, f->name);
		panel_buf_reset(&b);
		assert_int_equal(
		    panel_fs_read_path(&b, path, 16 * 1024 * 1024, &err), 0);
		if (b.len != f->len || memcmp(b.buf, f->data, b.len) != 0)
			fail_msg(
			    "the compiled-in lib/%s differs from the file: "
			    "the build did not regenerate redact_data.c",
			    f->name);
	}
	assert_int_equal(
	    panel_fs_list(&list, PANEL_SOURCE_DIR, "lib", &err), 0);
	for (i = 0; list[i]; i++) {
		if (strcmp(list[i], "redact-rules.yaml") != 0 &&
		    (strncmp(list[i], "names-", n) != 0 ||
		        strcmp(list[i] + strlen(list[i]) - 4, ".txt") != 0))
			continue;
		if (panel_redact_file(list[i]) == NULL)
			fail_msg("lib/%s is not compiled in", list[i]);
	}
	assert_non_null(panel_redact_file("redact-rules.yaml"));
	panel_fs_list_free(list);
	panel_buf_release(&b);
}

static void
print_problem(const struct panel_err *p, void *ctx)
{
	(void)ctx;
	print_error("%s:%u:%u: %s\n", p->file, p->line, p->column, p->msg);
}

/* Every rule's examples hold: the rules file tests itself. */
static void
test_rule_examples(void **state)
{
	struct panel_redact *r = detector(NULL);

	(void)state;
	assert_int_equal(panel_redact_selftest(r, print_problem, NULL), 0);
	panel_redact_free(r);
}

static void
count_problem(const struct panel_err *p, void *ctx)
{
	print_error("%s:%u:%u: %s\n", p->file, p->line, p->column, p->msg);
	(*(size_t *)ctx)++;
}

/* The C schema validator takes the default rules file, and refuses a bad one.
 */
static void
test_rules_schema(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const struct panel_redact_file *f =
	    panel_redact_file("redact-rules.yaml");
	struct panel_schema *schema = NULL;
	struct panel_doc *doc = NULL;
	const char *bad = "version: 1\nrules:\n- id: Bad Id\n  type: hat\n";
	size_t n = 0;

	(void)state;
	assert_non_null(f);
	assert_int_equal(panel_schema_load(&schema, "redact-rules", &err), 0);
	assert_int_equal(
	    panel_doc_load(&doc, "redact-rules.yaml", f->data, f->len, &err),
	    0);
	assert_int_equal(
	    panel_schema_validate(schema, doc, count_problem, &n), 0);
	panel_doc_free(doc);
	assert_int_equal(
	    panel_doc_load(&doc, "bad.yaml", bad, strlen(bad), &err), 0);
	assert_int_equal(
	    panel_schema_validate(schema, doc, count_problem, &n), 3);
	panel_doc_free(doc);
	panel_schema_free(schema);
}

/* A rule whose own examples fail makes the whole rule set refused. */
static void
test_failing_example_refused(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = NULL;
	struct panel_doc *doc = NULL;
	const char *yaml = "redact:\n  rules:\n    - id: badge\n      type: "
	                   "person\n      pattern: 'badge [0-9]+'\n      "
	                   "examples:\n        match: ['badge x']\n";

	(void)state;
	assert_int_equal(
	    panel_doc_load(&doc, "panel.yaml", yaml, strlen(yaml), &err), 0);
	assert_int_equal(
	    panel_redact_new(&r, "panel.yaml", doc->root, &err), PANEL_EINPUT);
	assert_null(r);
	assert_string_equal(err.file, "panel.yaml");
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "rule 'badge': match example 1 is not "
	                                "found"));
	panel_doc_free(doc);
}

static void
test_placeholders_consistent(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(
	    redact(r, &res,
	        "Dear Mr Pellow,\nCall 07700 900123 or +44 7700 900123.\n"
	        "Mr Pellow and Ms Quennell both said so; PELLOW again.\n",
	        PANEL_REDACT_NUMBERED),
	    "Dear Mr [PERSON-1],\nCall [PHONE-1] or [PHONE-1].\n"
	    "Mr [PERSON-1] and Ms [PERSON-2] both said so; [PERSON-1] "
	    "again.\n");
	assert_int_equal(res.nhits, 6);
	assert_string_equal(res.hits[0].type, "PERSON");
	assert_string_equal(res.hits[0].rule, "name-title");
	assert_int_equal(res.hits[0].line, 1);
	assert_int_equal(res.hits[0].column, 9);
	assert_int_equal(res.hits[0].length, 6);
	assert_string_equal(res.hits[1].type, "PHONE");
	assert_int_equal(res.hits[1].line, 2);
	assert_int_equal(res.hits[1].column, 6);
	assert_int_equal(res.hits[1].length, 12);
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* A new document starts at 1 again, unless the caller keeps the thread. */
static void
test_thread(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	redact(r, &res, "ring 07700 900111 then 07700 900222\n",
	    PANEL_REDACT_NUMBERED);
	assert_string_equal(
	    redact(r, &res, "07700 900222\n", PANEL_REDACT_NUMBERED),
	    "[PHONE-2]\n");
	panel_redact_thread(r);
	assert_string_equal(
	    redact(r, &res, "07700 900222\n", PANEL_REDACT_NUMBERED),
	    "[PHONE-1]\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

static void
test_styles(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;
	const char *s = "Email jo@example.org, postcode BH15 8BN.\n";

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(redact(r, &res, s, PANEL_REDACT_TYPED),
	    "Email [EMAIL], postcode [POSTCODE].\n");
	assert_string_equal(redact(r, &res, s, PANEL_REDACT_MASKED),
	    "Email **************, postcode ********.\n");
	assert_string_equal(res.hits[0].placeholder, "");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* What must stay, stays. */
static void
test_ordinary_text_kept(void **state)
{
	struct panel_redact *r =
	    detector("name: Test Panel\nforce: Dorset Police\nopcc: OPCC\n");
	struct panel_redact_result res;
	const char *s =
	    "I rang 101 at 10:15 on 12/09/2018 about the incident in "
	    "Bournemouth.\nIt cost £1,200.50 and is an offence under the Road "
	    "Traffic Act 1988.\nDear Dorset Police, thank you.\nKind "
	    "regards,\nDorset Police\n";

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(redact(r, &res, s, PANEL_REDACT_NUMBERED), s);
	assert_int_equal(res.nhits, 0);
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* A name found once is redacted everywhere in the document, any case. */
static void
test_names_repeated(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(
	    redact(r, &res,
	        "My neighbour Oksana Tregowan shouts. tregowan, and Oksana, "
	        "both.\n",
	        PANEL_REDACT_NUMBERED),
	    "My neighbour [PERSON-1] shouts. [PERSON-1], and [PERSON-1], "
	    "both.\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/*
 * A person's words are the document's words where the name lies between
 * word edges, else the name's own: both ways, each name is one person,
 * across case, possessives, double-barrelled names, quotes, a collar
 * number, a name in a field in lower case and a name at the text's end.
 */
static void
test_names_words(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(
	    redact(r, &res,
	        "Sarah Pascoe-Trim's car was outside; I told Sarah's dad and "
	        "SARAH agreed.\nMy neighbour Oksana Tregowan-Vellacott shouts; "
	        "Tregowan-Vellacott again.\nName: gwendolyn quist\nLater "
	        "gwendolyn came, \xe2\x80\x9cGwendolyn\xe2\x80\x9d left; "
	        "Quist's dog too.\nPC 4417 Okafor said Okafor's van.\nKind "
	        "regards,\nDorian Penhallow",
	        PANEL_REDACT_NUMBERED),
	    "[PERSON-1]'s car was outside; I told [PERSON-1]'s dad and "
	    "[PERSON-1] agreed.\nMy neighbour [PERSON-2] shouts; [PERSON-2] "
	    "again.\nName: [PERSON-3]\nLater [PERSON-3] came, "
	    "\xe2\x80\x9c[PERSON-3]\xe2\x80\x9d left; [PERSON-3]'s dog "
	    "too.\nPC [PERSON-4] said [PERSON-4]'s van.\nKind "
	    "regards,\n[PERSON-5]");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/*
 * Lines and columns, counted eight bytes at a time: a finding in the
 * text's first eight bytes, two-byte and three-byte characters, empty
 * lines, and many line breaks in one gap.
 */
static void
test_lines_columns(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;
	static const unsigned want[][2] = {{1, 3}, {3, 17}, {11, 4}, {11, 23}};
	size_t i;

	(void)state;
	panel_redact_result_init(&res);
	redact(r, &res,
	    "\xc3\xa9 07700 900111\n\n"
	    "\xc3\x9f\xc3\x9f\xc3\x9f\xc3\x9f\xc3\x9f\xc3\x9f\xc3\x9f\xc3\x9f"
	    "\xc3\x9f\xc3\x9f ring 07700 900222\nab\ncd\nef\ngh\nij\nkl\nmn\n"
	    "op 07700 900333, \xe2\x80\x9cok\xe2\x80\x9d 07700 900444",
	    PANEL_REDACT_NUMBERED);
	assert_int_equal(res.nhits, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(res.hits[i].line, want[i][0]);
		assert_int_equal(res.hits[i].column, want[i][1]);
		assert_int_equal(res.hits[i].length, 12);
	}
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/*
 * The column after a finding over two lines, for one on its last line, is
 * counted on from the finding's end; a line is found by where it starts.
 */
static void
test_columns_after_a_finding_over_lines(void **state)
{
	struct panel_redact *r = detector(
	    "redact:\n  rules:\n    - id: pair\n      type: reference\n"
	    "      pattern: 'zq[0-9]+\\nzq[0-9]+'\n");
	struct panel_redact_result res;
	static const unsigned want[][3] = {{1, 3, 8}, {2, 11, 12}, {4, 3, 12}};
	size_t i;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(redact(r, &res,
	                        "\xc3\xa9 zq11\nzq22 then 07700 900111\nok\n"
	                        "\xc3\xa9 07700 900222\n",
	                        PANEL_REDACT_TYPED),
	    "\xc3\xa9 [REFERENCE]\n[REFERENCE] then [PHONE]\nok\n\xc3\xa9 "
	    "[PHONE]\n");
	assert_int_equal(res.nhits, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(res.hits[i].line, want[i][0]);
		assert_int_equal(res.hits[i].column, want[i][1]);
		assert_int_equal(res.hits[i].length, want[i][2]);
	}
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* Names the record gives are redacted, whole or in part. */
static void
test_record_names(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;
	const char *names[] = {"Gwendolyn Pascoe-Trim", NULL};
	const char *s = "gwendolyn here, about the bins. Pascoe-Trim\n";

	(void)state;
	panel_redact_result_init(&res);
	panel_redact_name(r, "Marlowe Quist");
	assert_int_equal(panel_redact_run(&res, r, "t", s, strlen(s), names,
	                     PANEL_REDACT_NUMBERED, &err),
	    0);
	assert_string_equal(
	    res.text.buf, "[PERSON-1] here, about the bins. [PERSON-1]\n");
	assert_string_equal(
	    redact(r, &res, "Ask marlowe quist.\n", PANEL_REDACT_TYPED),
	    "Ask [PERSON].\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* How many of res's hits the rule found. */
static size_t
hits_by(const struct panel_redact_result *res, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < res->nhits; i++)
		n += strcmp(res->hits[i].rule, rule) == 0;
	return n;
}

/*
 * Terms (names from the records, the allow-list) are found exactly where
 * their pattern finds them, which is not always where the byte index
 * that looks for them is sure: whole words in Unicode's sense, any case
 * (U+212A KELVIN SIGN is a K, U+017F LONG S an s), blanks any run of
 * spaces and tabs.
 */
static void
test_terms_as_pattern(void **state)
{
	static const struct {
		const char *text;
		size_t found;
	} cases[] = {
	    {"Ask MARLOWE \t QUIST today.\n", 1},
	    {"Ask marlowe quist, and Marlowe Quist.\n", 2},
	    {"Ask Marlowe Quistly.\n", 0},
	    {"Ask Marlowe Quist_1.\n", 0},
	    {"Ask xMarlowe Quist.\n", 0},
	    {"Ask \xc3\xa9Marlowe Quist.\n", 0},          /* é is a letter */
	    {"Ask Marlowe Quist\xc5\x9d.\n", 0},          /* so is ŝ */
	    {"Ask Marlowe Quist\xd9\xa3.\n", 0},          /* and ٣ a digit */
	    {"Ask Marlowe Quist\xe2\x80\x99s dog.\n", 1}, /* ’ is none */
	    {"Ask Marlowe\nQuist.\n", 0},
	    {"Ask \xe2\x84\xaait Quist.\n", 1},
	    {"Ask Marlowe Qui\xc5\xbft.\n", 1},
	    {"Ask Ki\xe2\x84\xaa Quist.\n", 0},
	};
	struct panel_redact *r =
	    detector("name: Test Panel\nforce: Dorset Police\nopcc: OPCC\n");
	struct panel_redact_result res;
	size_t i;

	(void)state;
	panel_redact_result_init(&res);
	panel_redact_name(r, "Marlowe Quist");
	panel_redact_name(r, "Kit Quist");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		redact(r, &res, cases[i].text, PANEL_REDACT_TYPED);
		if (hits_by(&res, "name-record") != cases[i].found)
			fail_msg("case %zu: %zu found", i,
			    hits_by(&res, "name-record"));
	}
	assert_string_equal(redact(r, &res,
	                        "Dear DORSET \t police, and Dorset "
	                        "Police\xe2\x80\x99s reply.\n",
	                        PANEL_REDACT_TYPED),
	    "Dear DORSET \t police, and Dorset Police\xe2\x80\x99s reply.\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* Line structure is kept, even through a finding over several lines. */
static void
test_lines_kept(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;
	const char *out;
	size_t i, in_lines = 0, out_lines = 0;
	const char *s = "Hello,\n\nAddress: 4 Mill Lane\nPhone: 01632 960123\n"
	                "\n> quoted 07700 900999\n";

	(void)state;
	panel_redact_result_init(&res);
	out = redact(r, &res, s, PANEL_REDACT_NUMBERED);
	for (i = 0; s[i]; i++)
		in_lines += s[i] == '\n';
	for (i = 0; out[i]; i++)
		out_lines += out[i] == '\n';
	assert_int_equal(in_lines, out_lines);
	assert_string_equal(out, "Hello,\n\nAddress: [ADDRESS-1]\nPhone: "
	                         "[PHONE-1]\n\n> quoted [PHONE-2]\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* Bad UTF-8 becomes U+FFFD, is logged, and the rest is still redacted. */
static void
test_invalid_utf8(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(redact(r, &res, "caf\xe9 at\xff 07700 900123\n",
	                        PANEL_REDACT_NUMBERED),
	    "caf\xef\xbf\xbd at\xef\xbf\xbd [PHONE-1]\n");
	assert_int_equal(res.nbad, 2);
	assert_int_equal(res.nhits, 3);
	assert_string_equal(res.hits[0].type, "INVALID-UTF8");
	assert_int_equal(res.hits[0].column, 4);
	assert_int_equal(res.hits[1].column, 8);
	assert_int_equal(res.hits[2].column, 10);
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* A match aborted by a limit fails the whole document: nothing comes out. */
static void
test_fail_closed(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = detector(
	    "redact:\n  rules:\n    - id: careless\n      type: person\n"
	    "      pattern: '^(a+)+$'\n");
	struct panel_redact_result res;
	const char *s = "Call 07700 900123\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                "aaaaaaaaaaaaaaaaaaaaaaaaaa!\n";

	(void)state;
	panel_redact_result_init(&res);
	assert_int_equal(panel_redact_run(&res, r, "mail.txt", s, strlen(s),
	                     NULL, PANEL_REDACT_NUMBERED, &err),
	    PANEL_EIO);
	assert_int_equal(res.text.len, 0);
	assert_int_equal(res.nhits, 0);
	assert_string_equal(err.file, "mail.txt");
	assert_non_null(strstr(err.msg, "rule 'careless'"));
	assert_non_null(strstr(err.msg, "limit"));
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* A repository extends and switches off rules, and keeps its own terms. */
static void
test_repository_config(void **state)
{
	struct panel_redact *r =
	    detector("force: Dorset Police\nredact:\n"
	             "  allow: [Pellow Hall]\n"
	             "  disable: [postcode]\n"
	             "  places: [Tregowan]\n"
	             "  references: ['\\b55[0-9]{9}\\b']\n"
	             "  rules:\n    - id: badge\n      type: person\n"
	             "      pattern: 'badge [0-9]+'\n");
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(
	    redact(r, &res,
	        "Ref 55180012345 at Pellow Hall, BH15 8BN, badge 12. I met "
	        "Tregowan.\n",
	        PANEL_REDACT_TYPED),
	    "Ref [REFERENCE] at Pellow Hall, BH15 8BN, [PERSON]. I met "
	    "Tregowan.\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

static void
expect_config_error(const char *yaml, const char *msg, unsigned line)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = NULL;
	struct panel_doc *doc = NULL;

	assert_int_equal(
	    panel_doc_load(&doc, "panel.yaml", yaml, strlen(yaml), &err), 0);
	assert_int_equal(
	    panel_redact_new(&r, "panel.yaml", doc->root, &err), PANEL_EINPUT);
	assert_null(r);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("'%s' does not say '%s'", err.msg, msg);
	assert_string_equal(err.file, "panel.yaml");
	assert_int_equal(err.line, line);
	panel_doc_free(doc);
}

static void
test_config_errors(void **state)
{
	(void)state;
	expect_config_error(
	    "redact:\n  colour: blue\n", "unknown key 'colour'", 2);
	expect_config_error("redact:\n  disable: [no-such-rule]\n",
	    "no rule 'no-such-rule'", 2);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "person\n      pattern: '(ab'\n",
	    "does not compile", 3);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "hat\n      pattern: 'ab'\n",
	    "unknown rule type 'hat'", 4);
	expect_config_error(
	    "redact:\n  rules:\n    - id: phone-uk\n      type: "
	    "phone\n      pattern: 'ab'\n",
	    "used twice", 3);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: '%{nothing}'\n",
	    "not defined", 3);
	expect_config_error(
	    "redact:\n  rules:\n    - id: x\n      type: "
	    "phone\n      pattern: 'a'\n      validator: dice\n",
	    "unknown validator 'dice'", 6);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: "
	                    "[digit1]\n      window: [0, 8]\n",
	    "'digit1' is not digit, digit2 to digit9", 6);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: "
	                    "[digit10]\n      window: [0, 8]\n",
	    "'digit10' is not digit", 6);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: "
	                    "[digit]\n      window: [8, line]\n",
	    "'window' must be [before, after]", 7);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: "
	                    "[digit]\n      window: [word10, 8]\n",
	    "'window' must be [before, after]", 7);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: "
	                    "[number20]\n      window: [0, 8]\n",
	    "'number20' is not digit", 6);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      also: "
	                    "[digit]\n",
	    "rule 'x' has also but no needs", 6);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: [a]\n"
	                    "      also: [digit, Road]\n      window: [0, 8]\n",
	    "also: 'Road' is not digit", 7);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      tail: [0, 2]\n",
	    "rule 'x' has tail but no needs", 6);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: [a]\n"
	                    "      window: [0, 8]\n      tail: [2]\n",
	    "'tail' must be [min, max]", 8);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: [a]\n"
	                    "      window: [0, 8]\n      tail: [3, 1]\n",
	    "tail: 3 is more than 1", 8);
	expect_config_error("redact:\n  rules:\n    - id: x\n      type: "
	                    "phone\n      pattern: 'a'\n      needs: [a]\n"
	                    "      window: [0, 8]\n      tail: [0, 5000]\n",
	    "tail: 5000 is not a whole number from 0 to 4096", 8);
}

/*
 * A rule whose window starts at its trigger's line is tried at that line's
 * start, however far before the trigger it is.
 */
static void
test_line_window(void **state)
{
	struct panel_redact *r = detector(
	    "redact:\n  rules:\n    - id: badge\n      type: reference\n"
	    "      pattern: '(?m)^Badge:[ \\t]*\\K[^\\n]*\\bref\\b[^\\n]*'\n"
	    "      needs: [ref]\n      window: [line, 8]\n");
	struct panel_redact_result res;
	char text[400];

	(void)state;
	panel_redact_result_init(&res);
	snprintf(text, sizeof(text), "Badge: x\nBadge: %0200d ref\n", 7);
	assert_string_equal(redact(r, &res, text, PANEL_REDACT_TYPED),
	    "Badge: x\nBadge: [REFERENCE]\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* A word window reaches back to the blank before its trigger, however far. */
static void
test_word_window(void **state)
{
	struct panel_redact *r =
	    detector("redact:\n  rules:\n    - id: tag\n      type: reference\n"
	             "      pattern: '(?<![^ ])[a-z]+#[0-9]+'\n"
	             "      needs: ['#']\n      window: [word, 8]\n");
	struct panel_redact_result res;
	char text[400];

	(void)state;
	panel_redact_result_init(&res);
	snprintf(text, sizeof(text), "see %0200d abc%.*s#12 x\n", 0, 150,
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzz");
	assert_non_null(strstr(
	    redact(r, &res, text, PANEL_REDACT_TYPED), " [REFERENCE] x\n"));
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/*
 * A window that starts two words before its trigger reaches them however
 * long they are, and stops at the start of the trigger's line.
 */
static void
test_words_window(void **state)
{
	struct panel_redact *r =
	    detector("redact:\n  rules:\n    - id: lane\n      type: address\n"
	             "      pattern: '\\b[a-z]+\\s+[a-z]+ lane'\n"
	             "      needs: [lane]\n      window: [word2, 8]\n");
	struct panel_redact_result res;
	char text[400];

	(void)state;
	panel_redact_result_init(&res);
	snprintf(text, sizeof(text), "see %.*s long lane; at\nthe lane\n", 200,
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zz");
	assert_string_equal(redact(r, &res, text, PANEL_REDACT_TYPED),
	    "see [ADDRESS]; at\nthe lane\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/*
 * A rule whose matches start only where lines do is tried again, after a
 * match, only where its window holds the start of a line: right after
 * the match, or on.
 */
static void
test_line_starts(void **state)
{
	static const struct {
		const char *tail, *in, *out;
	} cases[] = {
	    {"\\n?", "ab x\nab\nab ab\n",
	        "[REFERENCE] x\n[REFERENCE]\n[REFERENCE] ab\n"},
	    {"", "ab\nab x\n", "[REFERENCE]\n[REFERENCE] x\n"},
	};
	struct panel_redact_result res;
	struct panel_redact *r;
	char yaml[256];
	size_t i;

	(void)state;
	panel_redact_result_init(&res);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(yaml, sizeof(yaml),
		    "redact:\n  rules:\n    - id: tag\n      type: reference\n"
		    "      pattern: '(?m)^ab%s'\n      needs: [ab]\n"
		    "      window: [8, 8]\n",
		    cases[i].tail);
		r = detector(yaml);
		assert_string_equal(
		    redact(r, &res, cases[i].in, PANEL_REDACT_TYPED),
		    cases[i].out);
		panel_redact_free(r);
	}
	panel_redact_result_release(&res);
}

/* A rule with also runs only where its window holds one of those too. */
static void
test_also(void **state)
{
	struct panel_redact *r =
	    detector("redact:\n  rules:\n    - id: van\n      type: vehicle\n"
	             "      pattern: '\\bvan \\w+ \\w+'\n      needs: [van]\n"
	             "      also: [digit]\n      window: [0, 16]\n");
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(
	    redact(r, &res, "a van ab 12; a van ab cd\n", PANEL_REDACT_TYPED),
	    "a [VEHICLE]; a van ab cd\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/*
 * A rule with a tail is tried only at a trigger followed on its line by
 * so many words, runs between blanks that start with a letter, a digit or
 * a character beyond ASCII.  Each line ends at every offset (blanks are
 * added), at the end of the text or before more words on the next line.
 */
static void
test_tail(void **state)
{
	static const struct {
		const char *after;
		int found;
	} cases[] = {
	    {"", 0},
	    {" ab", 0},
	    {" ab cd", 1},
	    {" a b", 1},
	    {",ab cd", 0},
	    {" , ab - cd ;", 1},
	    {"\tab \xc3\xa9t\xc3\xa9", 1},
	    {" 12 ab", 1},
	    {" ab cd ef", 0},
	    {" a b c d e f g h i j", 0},
	};
	struct panel_redact *r =
	    detector("redact:\n  rules:\n    - id: tag\n      type: reference\n"
	             "      pattern: '\\bzz\\b'\n      needs: [zz]\n"
	             "      window: [0, 8]\n      tail: [2, 2]\n");
	struct panel_redact_result res;
	char text[128];
	size_t i;
	int blanks, more;

	(void)state;
	panel_redact_result_init(&res);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (blanks = 0; blanks < 10; blanks++)
			for (more = 0; more < 2; more++) {
				snprintf(text, sizeof(text), "zz%s%*s%s",
				    cases[i].after, blanks, "",
				    more ? "\nab cd ef\n" : "");
				if ((strstr(redact(r, &res, text,
				                PANEL_REDACT_TYPED),
				         "[REFERENCE]") != NULL) !=
				    cases[i].found)
					fail_msg("'%s'", text);
			}
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* A rule that needs a number of six digits runs in one, and only there. */
static void
test_number_trigger(void **state)
{
	struct panel_redact *r = detector(
	    "redact:\n  rules:\n    - id: badge\n      type: reference\n"
	    "      pattern: 'badge [0-9 ]+[0-9]'\n"
	    "      needs: [number6]\n      window: [6, 16]\n");
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(redact(r, &res, "badge 123 456 and badge 12 345\n",
	                        PANEL_REDACT_TYPED),
	    "[REFERENCE] and badge 12 345\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* A rule that needs a run of six digits runs near one, and only there. */
static void
test_digit_run_trigger(void **state)
{
	struct panel_redact *r = detector(
	    "redact:\n  rules:\n    - id: badge\n      type: reference\n"
	    "      pattern: 'badge [0-9]+'\n"
	    "      needs: [digit6]\n      window: [6, 8]\n");
	struct panel_redact_result res;

	(void)state;
	panel_redact_result_init(&res);
	assert_string_equal(redact(r, &res, "badge 123456 and badge 12345\n",
	                        PANEL_REDACT_TYPED),
	    "[REFERENCE] and badge 12345\n");
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

static void
test_log(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res;
	struct panel_buf out = PANEL_BUF_INIT;

	(void)state;
	panel_redact_result_init(&res);
	redact(r, &res, "Hi Sam,\nring 07700 900123\n", PANEL_REDACT_NUMBERED);
	assert_int_equal(panel_redact_log(&out, &res, "EM-1", &err), 0);
	assert_string_equal(out.buf,
	    "item: EM-1\ncount: 2\nredactions:\n"
	    "- type: PERSON\n  rule: name-greeting\n  line: 1\n  column: 4\n"
	    "  length: 3\n  placeholder: '[PERSON-1]'\n"
	    "- type: PHONE\n  rule: phone-uk\n  line: 2\n  column: 6\n"
	    "  length: 12\n  placeholder: '[PHONE-1]'\n");
	assert_null(strstr(out.buf, "900123"));
	panel_buf_release(&out);
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/* Redacting what was redacted finds nothing more. */
static void
test_idempotent(void **state)
{
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result res, again;
	struct panel_err err = PANEL_ERR_INIT;
	const char *s =
	    "From: Jo Pellow <jo@example.org>\nDear Sgt Hollis,\nMy car "
	    "WX18 FHE was hit at 14 Acacia Avenue, BH15 8BN. DOB 01/02/1980.\n"
	    "Name: Jo Pellow\nDate of birth: 01/02/1980\nAddress: 4 Mill "
	    "Lane\nKind regards,\nJo Pellow\n07700 900123\n";

	(void)state;
	panel_redact_result_init(&res);
	panel_redact_result_init(&again);
	redact(r, &res, s, PANEL_REDACT_NUMBERED);
	assert_int_equal(panel_redact_run(&again, r, "t", res.text.buf,
	                     res.text.len, NULL, PANEL_REDACT_NUMBERED, &err),
	    0);
	assert_int_equal(again.nhits, 0);
	assert_string_equal(again.text.buf, res.text.buf);
	panel_redact_result_release(&again);
	panel_redact_result_release(&res);
	panel_redact_free(r);
}

/*
 * Rules run only in the windows around their triggers.  Running every
 * rule over the whole text instead must find exactly the same: the
 * triggers and windows lose nothing.  Checked on the example panel's
 * correspondence export, 1500 messages of every kind.
 */
static void
test_windows_lose_nothing(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result fast, full;
	struct panel_buf in = PANEL_BUF_INIT;
	char path[512];
	size_t i;

	(void)state;
	snprintf(path, sizeof(path),
	    "%s/examples/dorset-csip/exports/correspondence-2018-q3.csv",
	    PANEL_SOURCE_DIR);
	assert_int_equal(panel_fs_read_path(&in, path, 64 << 20, &err), 0);
	panel_redact_result_init(&fast);
	panel_redact_result_init(&full);
	assert_int_equal(panel_redact_run(&fast, r, "csv", in.buf, in.len, NULL,
	                     PANEL_REDACT_TYPED, &err),
	    0);
	panel_redact_exhaustive(r, 1);
	assert_int_equal(panel_redact_run(&full, r, "csv", in.buf, in.len, NULL,
	                     PANEL_REDACT_TYPED, &err),
	    0);
	assert_true(fast.nhits > 5000);
	assert_int_equal(fast.nhits, full.nhits);
	for (i = 0; i < fast.nhits; i++) {
		assert_int_equal(fast.hits[i].start, full.hits[i].start);
		assert_int_equal(fast.hits[i].end, full.hits[i].end);
		assert_string_equal(fast.hits[i].rule, full.hits[i].rule);
	}
	assert_string_equal(fast.text.buf, full.text.buf);
	panel_buf_release(&in);
	panel_redact_result_release(&full);
	panel_redact_result_release(&fast);
	panel_redact_free(r);
}

/*
 * Windows start and end near triggers, which may fall inside a character
 * of several bytes: PCRE2 must never be started or stopped there (it would
 * read past the character).  Every offset is tried.
 */
static void
test_windows_on_character_boundaries(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = detector(NULL);
	struct panel_redact_result fast, full;
	struct panel_buf in = PANEL_BUF_INIT;
	size_t k, j;

	(void)state;
	panel_redact_result_init(&fast);
	panel_redact_result_init(&full);
	for (k = 0; k < 90; k++) {
		panel_buf_reset(&in);
		for (j = 0; j < k; j++)
			panel_buf_addstr(
			    &in, j % 2 ? "\xc3\xa9" : "\xe2\x80\x99");
		panel_buf_addstr(&in, " 07700 900123 WX18 FHE BH15 8BN ");
		for (j = 0; j < 90 - k; j++)
			panel_buf_addstr(
			    &in, j % 3 ? "\xe2\x80\x99" : "\xf0\x9f\x98\x80");
		panel_redact_exhaustive(r, 0);
		assert_int_equal(panel_redact_run(&fast, r, "t", in.buf, in.len,
		                     NULL, PANEL_REDACT_TYPED, &err),
		    0);
		panel_redact_exhaustive(r, 1);
		assert_int_equal(panel_redact_run(&full, r, "t", in.buf, in.len,
		                     NULL, PANEL_REDACT_TYPED, &err),
		    0);
		assert_string_equal(fast.text.buf, full.text.buf);
		assert_non_null(
		    strstr(fast.text.buf, "[PHONE] [VEHICLE] [POSTCODE]"));
	}
	panel_buf_release(&in);
	panel_redact_result_release(&full);
	panel_redact_result_release(&fast);
	panel_redact_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_embedded_data_is_current),
	    cmocka_unit_test(test_rule_examples),
	    cmocka_unit_test(test_rules_schema),
	    cmocka_unit_test(test_failing_example_refused),
	    cmocka_unit_test(test_placeholders_consistent),
	    cmocka_unit_test(test_thread),
	    cmocka_unit_test(test_styles),
	    cmocka_unit_test(test_ordinary_text_kept),
	    cmocka_unit_test(test_names_repeated),
	    cmocka_unit_test(test_names_words),
	    cmocka_unit_test(test_record_names),
	    cmocka_unit_test(test_terms_as_pattern),
	    cmocka_unit_test(test_lines_kept),
	    cmocka_unit_test(test_lines_columns),
	    cmocka_unit_test(test_columns_after_a_finding_over_lines),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_fail_closed),
	    cmocka_unit_test(test_repository_config),
	    cmocka_unit_test(test_config_errors),
	    cmocka_unit_test(test_digit_run_trigger),
	    cmocka_unit_test(test_line_window),
	    cmocka_unit_test(test_word_window),
	    cmocka_unit_test(test_words_window),
	    cmocka_unit_test(test_number_trigger),
	    cmocka_unit_test(test_line_starts),
	    cmocka_unit_test(test_also),
	    cmocka_unit_test(test_tail),
	    cmocka_unit_test(test_log),
	    cmocka_unit_test(test_idempotent),
	    cmocka_unit_test(test_windows_lose_nothing),
	    cmocka_unit_test(test_windows_on_character_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
