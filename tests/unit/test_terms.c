#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "names.h"
#include "terms.h"

#include "banned.h"

/* Every term of terms[0..n) found in text, as "start-end" pairs. */
static const char *
found(const char *const *terms, size_t n, const char *text)
{
	static char out[256];
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	struct panel_names *nl = panel_names_new();
	struct panel_terms *tl = panel_terms_new();
	size_t i, pos = 0, s, e, len = strlen(text), used = 0;
	int rc;

	for (i = 0; i < n; i++)
		panel_terms_add(tl, terms[i]);
	assert_int_equal(panel_terms_prepare(tl, "test", &err), 0);
	panel_names_split(&w, nl, text, len);
	out[0] = '\0';
	while (
	    panel_terms_any(tl) && pos <= len &&
	    (rc = panel_terms_next(tl, &w, text, len, pos, &s, &e, &err)) > 0) {
		used += (size_t)snprintf(
		    out + used, sizeof(out) - used, "%zu-%zu ", s, e);
		pos = e > s ? e : s + 1;
	}
	panel_terms_free(tl);
	panel_names_free(nl);
	panel_names_words_release(&w);
	return out;
}

static void
test_whole_words_folded(void **state)
{
	const char *terms[] = {"Dorset Police", "Dorset Police HQ", "OPCC"};

	(void)state;
	/* The longest term wins; blanks match any run; case is folded. */
	assert_string_equal(
	    found(terms, 3, "dorset  police hq, OPCCs, opcc."), "0-17 26-30 ");
	assert_string_equal(found(terms, 3, "xDorset Police"), "");
}

static void
test_terms_past_ascii(void **state)
{
	const char *terms[] = {"Caf\xc3\xa9 Nero", "kiosk"};

	(void)state;
	/* A term past ASCII leaves it to the pattern; K is U+212A too. */
	assert_string_equal(
	    found(terms, 2, "at CAF\xc3\x89 NERO by the \xe2\x84\xaaiosk"),
	    "3-13 21-28 ");
}

static void
test_terms_by_words(void **state)
{
	const char *terms[] = {"kiosk", "Kent", "Brien", "Smith Jones"};

	(void)state;
	/*
	 * Terms of ASCII letters are looked for at words and after their
	 * joiners; U+212A, no letter to the split, is left to the pattern,
	 * and the words after it are looked at again.
	 */
	assert_string_equal(found(terms, 4,
	                        "O'Brien-kent's kiosk at \xe2\x84\xaaiosk, "
	                        "smith  jones kent"),
	    "2-7 8-12 15-20 24-31 33-45 46-50 ");
	assert_string_equal(found(terms, 4,
	                        "\xe2\x84\xaa"
	                        "ent"),
	    "0-6 ");
	assert_string_equal(
	    found(terms, 4, "Kentish kiosks x-kiosk"), "17-22 ");
	assert_string_equal(found(terms, 4, ""), "");
}

/*
 * The index finds what the pattern alone finds (a term past ASCII turns
 * the index off), in random texts of the terms' pieces, their letters
 * in other cases, U+212A, U+017F and letters past ASCII: terms longer
 * than a head of 8 letters, shorter, and of several words.
 */
static void
test_index_as_pattern(void **state)
{
	static const char *const bits[] = {"Crimestoppers", "CRIMESTOP",
	    "crimes", "Kent", "\xe2\x84\xaa", "ent", "Po", "lice", "Police",
	    "and", "Crime", "Panel", "Pane", "Polite", "Kens", "Crimestopping",
	    "\xc5\xbf", "\xc3\xa9", " ", "  ", "\t", "-", "'", ".", "x", "_",
	    "1"};
	const char *terms[] = {"Crimestoppers", "Police and Crime Panel",
	    "Police", "Kent", "Panels", "\xc3\xa9zzz"};
	char text[200], want[256];
	size_t len, i;
	const char *b;
	int n;

	(void)state;
	srand(3);
	for (i = 0; i < 3000; i++) {
		for (len = 0, n = rand() % 12; n > 0; n--) {
			b = bits[rand() % (sizeof(bits) / sizeof(bits[0]))];
			memcpy(text + len, b, strlen(b));
			len += strlen(b);
		}
		text[len] = '\0';
		snprintf(want, sizeof(want), "%s", found(terms, 6, text));
		assert_string_equal(found(terms, 5, text), want);
	}
}

static void
test_no_terms(void **state)
{
	const char *none[] = {""};

	(void)state;
	assert_string_equal(found(none, 1, "nothing to find"), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_whole_words_folded),
	    cmocka_unit_test(test_terms_past_ascii),
	    cmocka_unit_test(test_terms_by_words),
	    cmocka_unit_test(test_index_as_pattern),
	    cmocka_unit_test(test_no_terms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
