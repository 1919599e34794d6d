#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"

#include "banned.h"

static struct panel_match *
compile(const char *pattern, unsigned flags)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = NULL;

	assert_int_equal(
	    panel_match_compile(&m, "test", pattern, flags, &err), 0);
	assert_non_null(m);
	return m;
}

static void
test_finds_and_misses(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = compile("07700 ?900[0-9]{3}", 0);
	const char *s = "ring 07700 900123 or 07700900456 today";
	size_t a = 0, b = 0;

	(void)state;
	assert_int_equal(panel_match_find(&a, &b, m, s, strlen(s), 0, &err), 1);
	assert_int_equal(a, 5);
	assert_int_equal(b, 17);
	assert_int_equal(panel_match_find(&a, &b, m, s, strlen(s), b, &err), 1);
	assert_int_equal(a, 21);
	assert_int_equal(b, 32);
	assert_int_equal(panel_match_find(&a, &b, m, s, strlen(s), b, &err), 0);
	panel_match_free(m);
}

/*
 * find_before tries no attempt past its limit, though what \K reports may
 * start after it.
 */
static void
test_attempts_stop_at_limit(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = compile("ref \\K[0-9]+", 0);
	const char *s = "a ref 123 and ref 456";
	size_t a = 0, b = 0, n = strlen(s);

	(void)state;
	assert_int_equal(
	    panel_match_find_before(&a, &b, m, s, n, 0, 2, &err), 1);
	assert_int_equal(a, 6);
	assert_int_equal(b, 9);
	assert_int_equal(
	    panel_match_find_before(&a, &b, m, s, n, 3, 13, &err), 0);
	assert_int_equal(
	    panel_match_find_before(&a, &b, m, s, n, 3, 14, &err), 1);
	assert_int_equal(a, 18);
	panel_match_free(m);
}

/*
 * PCRE2 tells a pattern whose every match starts where a line does: each
 * branch starts with ^ in multi-line mode, and the newline is '\n'.
 */
static void
test_at_lines(void **state)
{
	static const struct {
		const char *pattern;
		unsigned flags;
		int at_lines;
	} cases[] = {
	    {"^[ \t>]*ab\\K c", PANEL_MATCH_MULTILINE, 1},
	    {"(?m)^ab|^cd", 0, 1},
	    {"^ab", 0, 0},
	    {"(?m)^ab|cd", 0, 0},
	    {"(?m)ab", 0, 0},
	    {"(*CRLF)(?m)^ab", 0, 0},
	};
	struct panel_match *m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = compile(cases[i].pattern, cases[i].flags);
		if (panel_match_at_lines(m) != cases[i].at_lines)
			fail_msg("'%s'", cases[i].pattern);
		panel_match_free(m);
	}
}

static void
test_caseless_multiline(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m;
	const char *s = "Subject: x\nDOB: 1 May 1980\n";
	size_t a, b;

	(void)state;
	m = compile("^dob:", 0);
	assert_int_equal(panel_match_find(&a, &b, m, s, strlen(s), 0, &err), 0);
	panel_match_free(m);
	m = compile("^dob:", PANEL_MATCH_CASELESS | PANEL_MATCH_MULTILINE);
	assert_int_equal(panel_match_find(&a, &b, m, s, strlen(s), 0, &err), 1);
	assert_int_equal(a, 11);
	panel_match_free(m);
}

/* UTF and UCP mode: \w and \b know letters outside ASCII. */
static void
test_utf_ucp(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = compile("\\b\\w+\\b", 0);
	const char *s = "\xc3\x89lodie";
	size_t a, b;

	(void)state;
	assert_int_equal(panel_match_find(&a, &b, m, s, strlen(s), 0, &err), 1);
	assert_int_equal(a, 0);
	assert_int_equal(b, strlen(s));
	panel_match_free(m);
}

static void
test_groups_and_keep(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = compile("DOB:\\s*\\K(\\d+)/(\\d+)(x)?", 0);
	const char *s = "DOB: 03/1980";
	size_t a, b, ga, gb;

	(void)state;
	assert_int_equal(panel_match_find(&a, &b, m, s, strlen(s), 0, &err), 1);
	assert_int_equal(a, 5);
	assert_int_equal(b, strlen(s));
	assert_int_equal(panel_match_group(&ga, &gb, m, 2), 1);
	assert_int_equal(ga, 8);
	assert_int_equal(gb, 12);
	assert_int_equal(panel_match_group(&ga, &gb, m, 3), 0);
	assert_int_equal(panel_match_group(&ga, &gb, m, 9), 0);
	panel_match_free(m);
}

static void
test_bad_pattern(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = (struct panel_match *)&err;

	(void)state;
	assert_int_equal(panel_match_compile(&m, "rule broken", "(ab", 0, &err),
	    PANEL_EINPUT);
	assert_null(m);
	assert_non_null(strstr(err.msg, "rule broken"));
	assert_non_null(strstr(err.msg, "offset 3"));
}

/*
 * The reason the module exists: nested quantifiers on a subject that
 * cannot match backtrack exponentially.  The match limit must stop it,
 * and the result must be an error, never "no match".
 */
static void
test_catastrophic_backtracking_fails_closed(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = compile("^(a+)+$", 0);
	char s[64];
	size_t a, b;

	(void)state;
	memset(s, 'a', sizeof(s) - 2);
	s[sizeof(s) - 2] = '!';
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(
	    panel_match_find(&a, &b, m, s, strlen(s), 0, &err), PANEL_EIO);
	assert_non_null(strstr(err.msg, "match aborted"));
	assert_non_null(strstr(err.msg, "limit"));
	panel_match_free(m);

	/* The same shape with alternation, as a careless rule might be. */
	m = compile("^(\\w+\\s?)*$", 0);
	memset(s, 'x', sizeof(s) - 2);
	s[sizeof(s) - 2] = '!';
	err.code = 0;
	assert_int_equal(
	    panel_match_find_checked(&a, &b, m, s, strlen(s), 0, &err),
	    PANEL_EIO);
	panel_match_free(m);
}

static void
test_invalid_utf8_subject(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = compile("zzz", 0);
	const char s[] = "caf\xc3\xa9 and \xff\xfe more";
	size_t a, b;

	(void)state;
	assert_int_equal(panel_match_find(&a, &b, m, s, sizeof(s) - 1, 0, &err),
	    PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "invalid UTF-8 at byte 10"));
	panel_match_free(m);
}

static void
test_start_past_end(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_match *m = compile("a", 0);
	size_t a, b;

	(void)state;
	assert_int_equal(
	    panel_match_find(&a, &b, m, "a", 1, 2, &err), PANEL_EUSAGE);
	assert_int_equal(panel_match_find(&a, &b, m, "a", 1, 1, &err), 0);
	panel_match_free(m);
}

static void
test_utf8_check(void **state)
{
	size_t bad = 0;

	(void)state;
	assert_int_equal(panel_match_utf8("plain", 5, &bad), 5);
	assert_int_equal(panel_match_utf8("\xe2\x82\xac!", 4, &bad), 4);
	assert_int_equal(panel_match_utf8("\xf0\x9f\x98\x80", 4, &bad), 4);
	/* Overlong NUL, a surrogate, past U+10FFFF, truncated, stray. */
	assert_int_equal(panel_match_utf8("ab\xc0\x80z", 5, &bad), 2);
	assert_int_equal(bad, 2);
	assert_int_equal(panel_match_utf8("\xed\xa0\x80", 3, &bad), 0);
	assert_int_equal(bad, 3);
	assert_int_equal(panel_match_utf8("\xf4\x90\x80\x80", 4, &bad), 0);
	assert_int_equal(panel_match_utf8("x\xe2\x82", 3, &bad), 1);
	assert_int_equal(bad, 2);
	assert_int_equal(panel_match_utf8("x\x80y", 3, &bad), 1);
	assert_int_equal(bad, 1);
	assert_int_equal(panel_match_utf8("\xe0\x9f\xbf", 3, &bad), 0);
}

/*
 * ASCII is read eight bytes at a time: a fault, or a good non-ASCII
 * character, is found wherever it falls in or after a block.
 */
static void
test_utf8_at_every_offset(void **state)
{
	char s[40];
	size_t at, bad = 0;

	(void)state;
	for (at = 0; at + 3 <= sizeof(s); at++) {
		memset(s, 'a', sizeof(s));
		s[at] = (char)0xff;
		assert_int_equal(panel_match_utf8(s, sizeof(s), &bad), at);
		assert_int_equal(bad, 1);
		memcpy(s + at, "\xe2\x82\xac", 3);
		assert_int_equal(
		    panel_match_utf8(s, sizeof(s), &bad), sizeof(s));
		assert_int_equal(panel_match_utf8(s, at + 2, &bad), at);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_finds_and_misses),
	    cmocka_unit_test(test_attempts_stop_at_limit),
	    cmocka_unit_test(test_at_lines),
	    cmocka_unit_test(test_caseless_multiline),
	    cmocka_unit_test(test_utf_ucp),
	    cmocka_unit_test(test_groups_and_keep),
	    cmocka_unit_test(test_bad_pattern),
	    cmocka_unit_test(test_catastrophic_backtracking_fails_closed),
	    cmocka_unit_test(test_invalid_utf8_subject),
	    cmocka_unit_test(test_start_past_end),
	    cmocka_unit_test(test_utf8_check),
	    cmocka_unit_test(test_utf8_at_every_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
