#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "triggers.h"

#include "banned.h"

/* Asserts that group g was found at exactly want[0..n). */
static void
assert_at(const struct panel_triggers *t, int g, const size_t *want, size_t n)
{
	size_t got, i;
	const size_t *at = panel_triggers_at(t, g, &got);

	assert_int_equal(got, n);
	for (i = 0; i < n; i++)
		assert_int_equal(at[i], want[i]);
}

static void
test_digit_runs_by_length(void **state)
{
	char *d1[] = {"digit"}, *d3[] = {"digit3"}, *d6[] = {"digit6"},
	     *ld[] = {"letterdigit"};
	/*                  0         1         2         3
	 *                  0123456789012345678901234567890123456 */
	const char *text = "at 9 ring 01632 960123 or BH15 123456";
	struct panel_triggers *t = panel_triggers_new();
	int g1, g3, g6, gl;

	(void)state;
	g1 = panel_triggers_group(t, d1, 1);
	g3 = panel_triggers_group(t, d3, 1);
	g6 = panel_triggers_group(t, d6, 1);
	gl = panel_triggers_group(t, ld, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g1, (size_t[]){3, 10, 16, 28, 31}, 5);
	assert_at(t, g3, (size_t[]){10, 16, 31}, 3);
	assert_at(t, g6, (size_t[]){16, 31}, 2);
	assert_at(t, gl, (size_t[]){28}, 1);
	panel_triggers_free(t);
}

static void
test_numbers_by_digits_in_all(void **state)
{
	char *n6[] = {"number6"}, *n10[] = {"number10"}, *dd[] = {"digitdot"},
	     *dl[] = {"digitletter"};
	/*                  0         1         2         3         4
	 *                  0123456789012345678901234567890123456789012345 */
	const char *text = "(01202) 123 456 at 10.30, 12 34 56; 12 - 34 x9a";
	struct panel_triggers *t = panel_triggers_new();
	int g6, g10, gd, gl;

	(void)state;
	g6 = panel_triggers_group(t, n6, 1);
	g10 = panel_triggers_group(t, n10, 1);
	gd = panel_triggers_group(t, dd, 1);
	gl = panel_triggers_group(t, dl, 1);
	panel_triggers_scan(t, text, strlen(text));
	/* "12 - 34" is joined by three bytes, but has only four digits. */
	assert_at(t, g6, (size_t[]){1, 8, 12, 26, 29, 32}, 6);
	assert_at(t, g10, (size_t[]){1, 8, 12}, 3);
	assert_at(t, gd, (size_t[]){19}, 1);
	assert_at(t, gl, (size_t[]){45}, 1);
	panel_triggers_free(t);
}

/*
 * A number's runs are recorded when it ends, after what came between
 * them: a group with both keeps its positions in order, each once.
 */
static void
test_numbers_keep_groups_in_order(void **state)
{
	char *needs[] = {"number8", "(", "digit"};
	/*                  0         1         2
	 *                  012345678901234567890123 */
	const char *text = "(0) 07700 (900123) 123";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 3);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){0, 1, 4, 10, 11, 19}, 6);
	panel_triggers_scan(t, "1 2", 3);
	assert_at(t, g, (size_t[]){0, 2}, 2);
	panel_triggers_free(t);
}

/*
 * Digits after a letter that starts a word, and before one that ends a
 * word, as the older registrations have them: a byte past ASCII may be
 * a word's edge.
 */
static void
test_digits_at_a_word_edge(void **state)
{
	char *idn[] = {"initialdigit"}, *dfn[] = {"digitfinal"};
	/*                  0         1         2         3
	 *                  01234567890123456789012345678901234 */
	const char *text = "A123 BCD, XA12, ABC 123D 12Dx 9A-";
	struct panel_triggers *t = panel_triggers_new();
	int gi, gf;

	(void)state;
	gi = panel_triggers_group(t, idn, 1);
	gf = panel_triggers_group(t, dfn, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, gi, (size_t[]){1}, 1);
	assert_at(t, gf, (size_t[]){20}, 1);
	/* After a curly quote, which PCRE2 takes as no word character. */
	panel_triggers_scan(t, "\xe2\x80\x98K12 4", 8);
	assert_at(t, gi, (size_t[]){4}, 1);
	panel_triggers_free(t);
}

/*
 * A group of exactly so many digits, its runs joined by single spaces or
 * hyphens: two spaces, a dot or a letter end it.
 */
static void
test_groups_by_exact_digits(void **state)
{
	char *g6n[] = {"group6"}, *g10n[] = {"group10"}, *zz[] = {"00"};
	/*                  0         1         2         3         4
	 *                  0123456789012345678901234567890123456789012345678 */
	const char *text = "943 476 5919, QQ 12 34 56 C; 12-34-56  0033 1.2";
	struct panel_triggers *t = panel_triggers_new();
	int g6, g10, gz;

	(void)state;
	g6 = panel_triggers_group(t, g6n, 1);
	g10 = panel_triggers_group(t, g10n, 1);
	gz = panel_triggers_group(t, zz, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g6, (size_t[]){17, 29}, 2);
	assert_at(t, g10, (size_t[]){0}, 1);
	assert_at(t, gz, (size_t[]){39}, 1);
	/* The group at the very end, and one seven digits long. */
	panel_triggers_scan(t, "x 123456, 1234567", 17);
	assert_at(t, g6, (size_t[]){2}, 1);
	assert_at(t, g10, NULL, 0);
	panel_triggers_free(t);
}

/* A colon between hex digits, as an IPv6 address has, and no other. */
static void
test_hex_colons(void **state)
{
	char *needs[] = {"hexcolon"}, *colon[] = {":"};
	/*                  0         1         2         3
	 *                  0123456789012345678901234567890123 */
	const char *text = "fe80::1, Name: x, 10:30, ab:z, F:";
	struct panel_triggers *t = panel_triggers_new();
	int g, gc;

	(void)state;
	g = panel_triggers_group(t, needs, 1);
	gc = panel_triggers_group(t, colon, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){4, 20}, 2);
	assert_at(t, gc, (size_t[]){4, 5, 13, 20, 27, 32}, 6);
	panel_triggers_free(t);
}

static void
test_words_whole_and_folded(void **state)
{
	char *needs[] = {"road", "dob", "@"};
	/*                  0         1         2         3         4
	 *                  01234567890123456789012345678901234567890123 */
	const char *text = "ROAD roads Road, railroad DoB x@example.org";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 3);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){0, 11, 26, 31}, 4);
	panel_triggers_free(t);
}

/* A word after ^ counts only first on its line, after blanks and quotes. */
static void
test_first_on_line(void **state)
{
	char *first[] = {"^to"}, *any[] = {"to"};
	/*                  0          1          2
	 *                  01234 5678901234 567890123 */
	const char *text = "To: x\n> > to: y\nsent to z";
	struct panel_triggers *t = panel_triggers_new();
	int gf, ga;

	(void)state;
	gf = panel_triggers_group(t, first, 1);
	ga = panel_triggers_group(t, any, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, gf, (size_t[]){0, 10}, 2);
	assert_at(t, ga, (size_t[]){0, 10, 21}, 3);
	panel_triggers_free(t);
	/* A word wanted only first on its line is looked up only there. */
	t = panel_triggers_new();
	gf = panel_triggers_group(t, first, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, gf, (size_t[]){0, 10}, 2);
	panel_triggers_free(t);
}

static void
test_letters_inside_other_words_are_no_words(void **state)
{
	char *needs[] = {"road"};
	/* "road" after a non-ASCII letter is part of another word. */
	const char *text = "\xc3\xa9road road";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){7}, 1);
	panel_triggers_free(t);
}

/*
 * The letters of a word with joiners are runs of their own: a run after
 * an ASCII joiner is a word, one after a curly apostrophe (non-ASCII)
 * is not.
 */
static void
test_words_with_joiners(void **state)
{
	char *needs[] = {"o", "brien", "smith", "jones"};
	/* O at 0, Brien at 2, Smith at 12, Jones at 18, O at 25: O’Brien. */
	const char *text = "O'Brien and Smith-Jones, O\xe2\x80\x99"
	                   "Brien";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 4);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){0, 2, 12, 18, 25}, 5);
	panel_triggers_free(t);
}

/* In a word with non-ASCII letters only its leading ASCII run counts. */
static void
test_words_with_non_ascii_letters(void **state)
{
	char *needs[] = {"chlo", "na", "ve", "caf", "s"};
	/* "Chloé naïve cafés": Chlo at 0, na at 7, caf at 14. */
	const char *text = "Chlo\xc3\xa9 na\xc3\xafve caf\xc3\xa9s";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 5);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){0, 7, 14}, 3);
	panel_triggers_free(t);
}

/* Letters and digits that touch are runs of their own, both found. */
static void
test_digits_next_to_letters(void **state)
{
	char *words[] = {"ab", "cd", "ef"}, *ld[] = {"letterdigit"},
	     *dl[] = {"digitletter"}, *d[] = {"digit"};
	/*                  0         1
	 *                  01234567890 */
	const char *text = "AB12cd 34ef";
	struct panel_triggers *t = panel_triggers_new();
	int gw, gl, gd, g;

	(void)state;
	gw = panel_triggers_group(t, words, 3);
	gl = panel_triggers_group(t, ld, 1);
	gd = panel_triggers_group(t, dl, 1);
	g = panel_triggers_group(t, d, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, gw, (size_t[]){0, 4, 9}, 3);
	assert_at(t, gl, (size_t[]){2}, 1);
	assert_at(t, gd, (size_t[]){2, 7}, 2);
	assert_at(t, g, (size_t[]){2, 7}, 2);
	panel_triggers_free(t);
}

/*
 * A word at the very start or end of a text, where fewer than eight
 * bytes are left to read, is found as one in the middle is.
 */
static void
test_words_at_start_and_end(void **state)
{
	char *any[] = {"road"}, *first[] = {"^road"};
	struct panel_triggers *t = panel_triggers_new();
	int ga, gf;

	(void)state;
	ga = panel_triggers_group(t, any, 1);
	gf = panel_triggers_group(t, first, 1);
	panel_triggers_scan(t, "road", 4);
	assert_at(t, ga, (size_t[]){0}, 1);
	assert_at(t, gf, (size_t[]){0}, 1);
	/*                  0123456 7890 */
	panel_triggers_scan(t, "Road x\nROAD", 11);
	assert_at(t, ga, (size_t[]){0, 7}, 2);
	assert_at(t, gf, (size_t[]){0, 7}, 2);
	panel_triggers_scan(t, "a roads", 7);
	assert_at(t, ga, NULL, 0);
	panel_triggers_free(t);
}

/*
 * A word ends at any byte that is no ASCII letter, those just past 'z'
 * and 'Z' and past ASCII too, with bytes to read past it: after a byte
 * past ASCII the next run is no word.
 */
static void
test_words_end_at_every_other_byte(void **state)
{
	char *needs[] = {"road"};
	/*            0    5    10 */
	char text[] = "road?road?roadroad";
	struct panel_triggers *t = panel_triggers_new();
	unsigned c;
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 1);
	for (c = 0; c < 256; c++) {
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			continue;
		text[4] = text[9] = (char)c;
		panel_triggers_scan(t, text, sizeof(text) - 1);
		if (c < 0x80)
			assert_at(t, g, (size_t[]){0, 5}, 2);
		else
			assert_at(t, g, (size_t[]){0}, 1);
	}
	panel_triggers_free(t);
}

/* Words of eight letters and more, read in more than one load. */
static void
test_words_of_eight_letters_and_more(void **state)
{
	char *needs[] = {"postcode", "telephone"};
	/*                  0         1         2         3
	 *                  0123456789012345678901234567890123456789 */
	const char *text = "postcode POSTCODEs telephone x TELEPHONE";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 2);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){0, 19, 31}, 3);
	panel_triggers_free(t);
}

static void
test_groups_share_triggers_and_rescan_forgets(void **state)
{
	char *a[] = {"car", "digit"}, *b[] = {"car"};
	struct panel_triggers *t = panel_triggers_new();
	int ga, gb;

	(void)state;
	ga = panel_triggers_group(t, a, 2);
	gb = panel_triggers_group(t, b, 1);
	panel_triggers_scan(t, "car 12 CAR", 10);
	assert_at(t, ga, (size_t[]){0, 4, 7}, 3);
	assert_at(t, gb, (size_t[]){0, 7}, 2);
	panel_triggers_scan(t, "no trigger here", 15);
	assert_at(t, ga, NULL, 0);
	assert_at(t, gb, NULL, 0);
	panel_triggers_free(t);
}

static void
test_long_and_unknown_words(void **state)
{
	char *needs[] = {"abcdefghijklmnopqrstuvwx"};
	const char *text = "abcdefghijklmnopqrstuvwx abcdefghijklmnopqrstuvwxy "
	                   "abcdefghijklmnopqrstuvw";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 1);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){0}, 1);
	panel_triggers_free(t);
}

/*
 * Words alike in their first eight letters and their length share a hash:
 * the rest tells them apart, folded as the head is, to the text's end.
 */
static void
test_long_words_compared_whole(void **state)
{
	char *needs[] = {"abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrst"};
	/*                  0         1         2         3         4
	 *                  0123456789012345678901234567890123456789012345 */
	const char *text = "abcdefghijklmnopqrstuvwy ABCDEFGHIJKLMNOPQRSTUVWX "
	                   "abcdefghijklmnoPqrstuvwx abcdefghijklmnopqrsu "
	                   "abcdefghiJklmnopqrsT";
	struct panel_triggers *t = panel_triggers_new();
	int g;

	(void)state;
	g = panel_triggers_group(t, needs, 2);
	panel_triggers_scan(t, text, strlen(text));
	assert_at(t, g, (size_t[]){25, 50, 96}, 3);
	panel_triggers_free(t);
}

static void
test_valid_needs(void **state)
{
	const char *good[] = {"digit", "digit2", "digit9", "letterdigit",
	    "digitletter", "digitdot", "hexcolon", "number", "number2",
	    "number10", "number19", "group2", "group19", "group", "00",
	    "initialdigit", "digitfinal", "@", "#", "road", "^to",
	    "abcdefghijklmnopqrstuvwx", "^abcdefghijklmnopqrstuvwx"};
	const char *bad[] = {"", "digit1", "digit10", "number1", "number20",
	    "group1", "group20", "group05", "0", "000", "01", "number05",
	    "number1x", "^", "^@", "^^a", "^Road", "Road", "a-b", "!",
	    "abcdefghijklmnopqrstuvwxy"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(panel_triggers_valid(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(panel_triggers_valid(bad[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_digit_runs_by_length),
	    cmocka_unit_test(test_numbers_by_digits_in_all),
	    cmocka_unit_test(test_numbers_keep_groups_in_order),
	    cmocka_unit_test(test_digits_at_a_word_edge),
	    cmocka_unit_test(test_groups_by_exact_digits),
	    cmocka_unit_test(test_hex_colons),
	    cmocka_unit_test(test_first_on_line),
	    cmocka_unit_test(test_words_whole_and_folded),
	    cmocka_unit_test(test_letters_inside_other_words_are_no_words),
	    cmocka_unit_test(test_words_with_joiners),
	    cmocka_unit_test(test_words_with_non_ascii_letters),
	    cmocka_unit_test(test_digits_next_to_letters),
	    cmocka_unit_test(test_words_at_start_and_end),
	    cmocka_unit_test(test_words_end_at_every_other_byte),
	    cmocka_unit_test(test_words_of_eight_letters_and_more),
	    cmocka_unit_test(test_groups_share_triggers_and_rescan_forgets),
	    cmocka_unit_test(test_long_and_unknown_words),
	    cmocka_unit_test(test_long_words_compared_whole),
	    cmocka_unit_test(test_valid_needs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
