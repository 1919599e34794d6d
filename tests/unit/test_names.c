/*
 * names: the words that names are made of (found eight bytes at a time
 * where the text is ASCII, so checked against a byte-at-a-time statement
 * of the rule), a document split once into words, the lists' flags, and
 * a rule's match narrowed to the name it holds.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "names.h"

#include "banned.h"

/* The words of s (NUL-terminated), each followed by '|', into out. */
static const char *
words_of(const char *s, size_t len)
{
	static char out[4096];
	size_t pos = 0, ws, we, n = 0;
	char *copy = malloc(len ? len : 1);

	/* A copy of exactly len bytes, so that ASan sees a read past it. */
	memcpy(copy, s, len);
	while (panel_names_word(copy, len, &pos, &ws, &we)) {
		assert_true(ws < we && we <= pos && pos <= len);
		assert_true(n + (we - ws) + 2 < sizeof(out));
		memcpy(out + n, copy + ws, we - ws);
		n += we - ws;
		out[n++] = '|';
	}
	assert_int_equal(pos, len);
	out[n] = '\0';
	free(copy);
	return out;
}

static void
test_words(void **state)
{
	static const struct {
		const char *text, *words;
	} cases[] = {
	    {"", ""},
	    {" .,;  ", ""},
	    {"Sarah", "Sarah|"},
	    {"Sarah's dog, Sarah\xe2\x80\x99s cat", "Sarah|dog|Sarah|cat|"},
	    {"O'Brien-Smith and Jones-", "O'Brien-Smith|and|Jones|"},
	    {"d'Arcy 'quoted' -x- it's", "d'Arcy|quoted|x|it|"},
	    {"Mrs Boss's", "Mrs|Boss|"},
	    {"x1y 2024 a_b", "x|y|a|b|"},
	    {"\xc3\xa9lise Zo\xc3\xab na\xc3\xafve", "\xc3\xa9lise|Zo\xc3\xab|"
	                                             "na\xc3\xafve|"},
	    {"caf\xc3\xa9\xe2\x80\x94"
	     "bar \xc2\xa3"
	     "5",
	        "caf\xc3\xa9|bar|"},
	    {"                    Abcdefghijklmnopqrstuvwxyz,  ABCDEFGHIJ",
	        "Abcdefghijklmnopqrstuvwxyz|ABCDEFGHIJ|"},
	    {"a.b.c.d.e.f.g.h.i.j.k.l", "a|b|c|d|e|f|g|h|i|j|k|l|"},
	    {"\xe2\x80\x98Sarah\xe2\x80\x99", "Sarah|"},
	    /* Short words whose gap and end lie in one eight-byte load. */
	    {" ab\xc3\x97 cd caf\xc3\xa9 x", "ab|cd|caf\xc3\xa9|x|"},
	    {" O'Neil, it's x-ray ", "O'Neil|it|x-ray|"},
	    {".,;:!?()[]{} ab cd", "ab|cd|"},
	    /* Words that the eight bytes at their gap show to go on. */
	    {"  Fitzwilliam's dog", "Fitzwilliam|dog|"},
	    {"Abcdefgh\xc3\xa9z ok", "Abcdefgh\xc3\xa9z|ok|"},
	    {" Abcdefg-hij O'Neill-Smith's", "Abcdefg-hij|O'Neill-Smith|"},
	    {" Abcdef\xc3\xa9 x Abcdef\xe2\x80\x99s",
	        "Abcdef\xc3\xa9|x|Abcdef|"},
	    {"Abcdefghijklmnopq", "Abcdefghijklmnopq|"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(
		    words_of(cases[i].text, strlen(cases[i].text)),
		    cases[i].words);
	/* A limit inside a word ends it there. */
	assert_string_equal(words_of("Fairweather", 4), "Fair|");
	assert_string_equal(words_of("O'Brien", 2), "O|");
}

/* The rule a byte at a time: letters, joiners between letters. */
static int
ref_letter(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	uint32_t c = s[i];

	*n = 1;
	if (c >= 0xc0 && c < 0xe0 && i + 1 < len) {
		c = (c & 0x1f) << 6 | (s[i + 1] & 0x3f);
		*n = 2;
	} else if (c >= 0xe0) {
		c = (c & 0x0f) << 12 | (uint32_t)(s[i + 1] & 0x3f) << 6 |
		    (s[i + 2] & 0x3f);
		*n = 3;
	}
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

static void
ref_words(char *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n, m, ws, joint, k = 0;

	while (i < len) {
		if (!ref_letter(s, len, i, &n)) {
			i += n;
			continue;
		}
		for (ws = i, joint = 0; i < len;) {
			if (ref_letter(s, len, i, &n)) {
				i += n;
				continue;
			}
			if (!(s[i] == '\'' || s[i] == '-' ||
			        (n == 3 && s[i + 1] == 0x80 &&
			            (s[i + 2] == 0x98 || s[i + 2] == 0x99))) ||
			    i + n >= len || !ref_letter(s, len, i + n, &m))
				break;
			joint = i;
			i += n;
		}
		n = i;
		if (joint > ws && s[joint] != '-' &&
		    (s[i - 1] == 's' || s[i - 1] == 'S') &&
		    (i - joint == 2 || i - joint == 4))
			n = joint;
		memcpy(out + k, text + ws, n - ws);
		k += n - ws;
		out[k++] = '|';
	}
	out[k] = '\0';
}

/* Random texts of letters, joiners, blanks and characters past ASCII. */
static void
test_words_as_bytes(void **state)
{
	static const char *const bits[] = {"a", "Z", "s", "'", "-", " ", ".",
	    "1", "\xc3\xa9", "\xc3\x97", "\xe2\x80\x99", "\xe2\x80\x94",
	    "\xc8\x9b", "\xe2\x80\x98", "abcdefgh", "  \t", "_", "Abcdefghijk"};
	char text[256], want[1024];
	size_t len, i;
	const char *b;
	int k;

	(void)state;
	srand(4);
	for (i = 0; i < 20000; i++) {
		for (len = 0, k = rand() % 24; k > 0; k--) {
			b = bits[rand() % (sizeof(bits) / sizeof(bits[0]))];
			memcpy(text + len, b, strlen(b));
			len += strlen(b);
		}
		ref_words(want, text, len);
		assert_string_equal(words_of(text, len), want);
	}
}

/* Whether s[0..n) holds a joiner: ' - U+2018 U+2019. */
static int
has_joiner(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\'' || s[i] == '-' ||
		    (i + 2 < n && memcmp(s + i, "\xe2\x80", 2) == 0 &&
		        (s[i + 2] == '\x98' || s[i + 2] == '\x99')))
			return 1;
	return 0;
}

/*
 * The split's words are panel_names_word()'s, with their capitals and
 * joiners, whatever the eight-byte loads of its quick path hold: random
 * texts of words of up to 8, 16 and more letters, ended by a blank, a
 * joiner, a letter past ASCII or the text's end.  Each text is a copy of
 * exactly its bytes, for ASan.
 */
static void
test_split_as_word(void **state)
{
	static const char *const bits[] = {"a", "Z", "s", "'", "-", " ", ".",
	    "1", "\xc3\xa9", "\xc3\x89", "\xe2\x80\x99", "\xe2\x80\x94",
	    "abcdefg", "Abcdefgh", "  \t", "Abcdefghijklmno",
	    "abcdefghijklmnop", "Abcdefghijklmnopqrstu", "Sarah", "'s"};
	struct panel_names *nl = panel_names_new();
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	size_t len, i, pos, ws, we, k;
	char text[512], *copy;
	const char *b;
	int n;

	(void)state;
	srand(6);
	for (i = 0; i < 20000; i++) {
		for (len = 0, n = rand() % 20; n > 0; n--) {
			b = bits[rand() % (sizeof(bits) / sizeof(bits[0]))];
			memcpy(text + len, b, strlen(b));
			len += strlen(b);
		}
		copy = malloc(len ? len : 1);
		memcpy(copy, text, len);
		panel_names_split(&w, nl, copy, len);
		for (pos = k = 0; panel_names_word(copy, len, &pos, &ws, &we);
		     k++) {
			assert_true(k < w.n);
			assert_int_equal(w.v[k].start, ws);
			assert_int_equal(w.v[k].end, we);
			assert_int_equal(
			    w.v[k].cap, panel_names_capital(copy, ws));
			assert_int_equal(
			    w.v[k].joined, has_joiner(copy + ws, pos - ws));
		}
		assert_int_equal(w.n, k);
		free(copy);
	}
	panel_names_words_release(&w);
	panel_names_free(nl);
}

/*
 * Where panel_names_whole() says so, the words of text[s..e) found anew
 * are the text's own from panel_names_words_at(s): those that the name
 * rules' matches take from the split.  s and e are at characters' starts,
 * as a match's are.
 */
static void
test_whole(void **state)
{
	static const char *const bits[] = {"a", "Z", "s", "'", "-", " ", ".",
	    "\xc3\xa9", "\xe2\x80\x99", "\xe2\x80\x94", "Abcdefghijk", ","};
	struct panel_names *nl = panel_names_new();
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	size_t len, i, s, e, pos, ws, we, k, checked = 0;
	char text[128];
	const char *b;
	int n;

	(void)state;
	srand(5);
	for (i = 0; i < 3000; i++) {
		for (len = 0, n = rand() % 12; n > 0; n--) {
			b = bits[rand() % (sizeof(bits) / sizeof(bits[0]))];
			memcpy(text + len, b, strlen(b));
			len += strlen(b);
		}
		panel_names_split(&w, nl, text, len);
		for (s = 0; s <= len; s++)
			for (e = s; e <= len; e++) {
				if ((s < len && (text[s] & 0xc0) == 0x80) ||
				    (e < len && (text[e] & 0xc0) == 0x80) ||
				    !panel_names_whole(text, len, s, e))
					continue;
				k = panel_names_words_at(&w, s);
				assert_true(k == w.n || w.v[k].start >= s);
				assert_true(k == 0 || w.v[k - 1].start < s);
				for (pos = s;
				     panel_names_word(text, e, &pos, &ws, &we);
				     k++) {
					assert_true(k < w.n);
					assert_int_equal(w.v[k].start, ws);
					assert_int_equal(w.v[k].end, we);
				}
				assert_true(k == w.n || w.v[k].start >= e);
				checked++;
			}
	}
	assert_true(checked > 10000);
	panel_names_words_release(&w);
	panel_names_free(nl);
}

/*
 * A rule's match narrowed to the name it holds, its words taken from the
 * split; a match that cuts a word finds its words anew.
 */
static void
test_refine(void **state)
{
	static const struct {
		const char *text;
		size_t s, e;
		enum panel_names_mode mode;
		const char *name; /* NULL: none */
	} cases[] = {
	    {"Dear Mr John Smith, hello", 5, 18, PANEL_NAMES_CONTEXT,
	        "John Smith"},
	    {"PC 1234 Okafor said", 0, 14, PANEL_NAMES_CONTEXT, "1234 Okafor"},
	    {"Name: keast, joanne", 6, 19, PANEL_NAMES_FIELD, "keast, joanne"},
	    {"Name: keast, joanne", 6, 19, PANEL_NAMES_CONTEXT, "keast"},
	    {"by Smith today", 3, 8, PANEL_NAMES_LISTED, "Smith"},
	    {"by Zyx today", 3, 6, PANEL_NAMES_LISTED, NULL},
	    {"in Poole today", 3, 8, PANEL_NAMES_CONTEXT, NULL},
	    /* Cut out of "xMr" and "Johnson": "Mr" is a title, "John" a name.
	     */
	    {"xMr Johnson", 1, 8, PANEL_NAMES_CONTEXT, "John"},
	};
	struct panel_names *nl = panel_names_new();
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	size_t i, s, e, len;
	int found;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = strlen(cases[i].text);
		panel_names_split(&w, nl, cases[i].text, len);
		s = cases[i].s;
		e = cases[i].e;
		found = panel_names_refine(
		    nl, cases[i].mode, &w, cases[i].text, len, &s, &e);
		assert_int_equal(found, cases[i].name != NULL);
		if (found) {
			assert_int_equal(e - s, strlen(cases[i].name));
			assert_memory_equal(
			    cases[i].text + s, cases[i].name, e - s);
		}
	}
	panel_names_words_release(&w);
	panel_names_free(nl);
}

static void
test_split(void **state)
{
	struct panel_names *nl = panel_names_new();
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	const char *s = "Sarah went to Dorset with Smith-Jones.";

	(void)state;
	panel_names_split(&w, nl, s, strlen(s));
	assert_int_equal(w.n, 6);
	assert_int_equal(w.v[0].start, 0);
	assert_int_equal(w.v[0].end, 5);
	assert_int_equal(w.v[0].cap, 1);
	assert_true(w.v[0].flags & PANEL_NAMES_FORE);
	assert_int_equal(w.v[1].cap, 0);
	assert_int_equal(w.v[1].flags, 0);
	assert_true(w.v[3].flags & PANEL_NAMES_PLACE);
	/* A double-barrelled name is a surname if its parts are names. */
	assert_int_equal(w.v[5].end, strlen(s) - 1);
	assert_int_equal(w.v[5].flags, PANEL_NAMES_SUR);
	assert_int_equal(w.v[5].joined, 1);
	assert_int_equal(w.v[0].joined, 0);
	/* The memory is kept; the words are the new text's. */
	panel_names_split(&w, nl, "Poole", 5);
	assert_int_equal(w.n, 1);
	assert_true(w.v[0].flags & PANEL_NAMES_PLACE);
	panel_names_words_release(&w);
	assert_int_equal(w.n, 0);
	panel_names_free(nl);
}

/*
 * The split remembers the flags of the words it has seen, from one text
 * to the next: a word added to the list, or another list, is not served
 * from that memory.
 */
static void
test_split_memo(void **state)
{
	struct panel_names *nl = panel_names_new(), *other;
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	static const char *const each[] = {"I", "Al", "Amy", "Alan", "Adams",
	    "Ashley", "Abigail", "Anderson", "Zyxwvuts", "Ab", "Zyx",
	    "Zyxwvutsr", "Christchurch", "Bournemouth", "Zyxwvutsrqponmlk",
	    "Zyxwvutsrqponmlkj"};
	const char *s = "Zyxwv met Sarah at Qwertyuiop and Zyxwv.";
	char text[64], *copy;
	size_t i, n;

	(void)state;
	panel_names_split(&w, nl, s, strlen(s));
	assert_int_equal(w.v[0].flags, 0);
	assert_int_equal(w.v[4].flags, 0);
	panel_names_add(nl, "zyxwv", 5, PANEL_NAMES_SUR);
	panel_names_add(nl, "qwertyuiop", 10, PANEL_NAMES_PLACE);
	panel_names_split(&w, nl, s, strlen(s));
	assert_int_equal(w.v[0].flags, PANEL_NAMES_SUR);
	assert_int_equal(w.v[4].flags, PANEL_NAMES_PLACE);
	assert_int_equal(w.v[6].flags, PANEL_NAMES_SUR);
	assert_true(w.v[2].flags & PANEL_NAMES_FORE);
	other = panel_names_new();
	panel_names_split(&w, other, s, strlen(s));
	assert_int_equal(w.v[0].flags, 0);
	assert_int_equal(w.v[6].flags, 0);
	/*
	 * Words of 9 to 16 bytes are known by their first and last 8 and
	 * their length: these two have the same bytes there.
	 */
	panel_names_add(nl, "aaaaaaaaaa", 10, PANEL_NAMES_SUR);
	s = "Aaaaaaaaaa Aaaaaaaaa Aaaaaaaaaa";
	panel_names_split(&w, nl, s, strlen(s));
	assert_int_equal(w.v[0].flags, PANEL_NAMES_SUR);
	assert_int_equal(w.v[1].flags, 0);
	assert_int_equal(w.v[2].flags, PANEL_NAMES_SUR);
	/*
	 * Words of each length up to 17 bytes, alone (the memory holds no
	 * byte past them, for ASan) and then before other words.
	 */
	for (i = 0; i < sizeof(each) / sizeof(each[0]); i++) {
		n = strlen(each[i]);
		copy = malloc(n);
		memcpy(copy, each[i], n);
		panel_names_split(&w, nl, copy, n);
		assert_int_equal(w.n, 1);
		assert_int_equal(w.v[0].flags, panel_names_flags(nl, copy, n));
		free(copy);
		snprintf(text, sizeof(text), "%s Sarah, %s.", each[i], each[i]);
		panel_names_split(&w, nl, text, strlen(text));
		assert_int_equal(w.n, 3);
		assert_int_equal(w.v[0].flags, panel_names_flags(nl, text, n));
		assert_int_equal(w.v[2].flags, w.v[0].flags);
	}
	assert_int_not_equal(panel_names_flags(nl, "Ashley", 6), 0);
	assert_int_equal(panel_names_flags(nl, "Zyxwvuts", 8), 0);
	panel_names_free(other);
	panel_names_words_release(&w);
	assert_null(w.v);
	assert_null(w.named);
	panel_names_free(nl);
}

static void
found(size_t start, size_t end, void *ctx)
{
	char *out = ctx;
	size_t n = strlen(out);

	snprintf(out + n, 256 - n, "%zu-%zu ", start, end);
}

static void
test_scan(void **state)
{
	static const struct {
		const char *text, *names;
	} cases[] = {
	    {"I saw Sarah Smith in Poole with my neighbour Cedric.",
	        "6-17 45-51 "},
	    /* At most three words; the next name starts after them. */
	    {"Sarah Smith Jones Brown went home. Kevin Brown Smith Jones "
	     "Taylor left.",
	        "0-17 35-52 "},
	    {"Dr Sarah Smith and PC Dave Jones met Sgt. Kevin Taylor.",
	        "42-54 "},
	    {"Chlo\xc3\xa9 Fitzgerald met Oksana Mellor and Zyx Qwerty.",
	        "0-17 22-35 "},
	    {"my ex-partner Dave and the neighbour's friend Kevin, my son "
	     "Poole",
	        "14-18 46-51 "},
	    {"The Police said. Rose prices rose. Rose Taylor said: Daisy was "
	     "there",
	        "35-46 "},
	    {"On 23 June Sarah called. May 4 Mark said Will Smith",
	        "11-16 41-51 "},
	    {"Lyme Regis is where Sarah Smith-Jones lives near Sarah Lyme "
	     "Regis",
	        "20-37 49-54 "},
	    /* Blanks join the words of a name; other gaps do not. */
	    {"Sarah  Smith, Sarah\tSmith, Sarah, Smith, Sarah\nSmith "
	     "Sarah-Smith",
	        "0-12 14-25 27-32 41-46 "},
	    {"\"Sarah\" (Kevin) - Dave: 'Emma'", "1-6 9-14 18-22 25-29 "},
	    /* Relation words with capitals, as the split gives their flags. */
	    {"Dear Neighbour Dave and Lodger Zyx Qwerty, Ex-Partner Kevin",
	        "15-19 31-41 54-59 "},
	};
	struct panel_names *nl = panel_names_new();
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	char out[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out[0] = '\0';
		panel_names_split(&w, nl, cases[i].text, strlen(cases[i].text));
		panel_names_scan(nl, &w, cases[i].text, found, out);
		assert_string_equal(out, cases[i].names);
	}
	panel_names_words_release(&w);
	panel_names_free(nl);
}

/*
 * The words that may be names, which the scan visits: every capitalised
 * word that is neither a title nor never a name, in order, in random
 * texts of such words and others.
 */
static void
test_named(void **state)
{
	static const char *const bits[] = {"Sarah", "Smith", "Dr", "The",
	    "Poole", "went", "Zyx", "neighbour", "Smith-Jones", "O'Brien",
	    "\xc3\x89lise", " ", ", ", ".\n"};
	struct panel_names *nl = panel_names_new();
	struct panel_names_words w = PANEL_NAMES_WORDS_INIT;
	char text[512];
	size_t len, i, k;
	const char *b;
	int n;

	(void)state;
	srand(7);
	for (i = 0; i < 2000; i++) {
		for (len = 0, n = rand() % 40; n > 0; n--) {
			b = bits[rand() % (sizeof(bits) / sizeof(bits[0]))];
			memcpy(text + len, b, strlen(b));
			len += strlen(b);
		}
		panel_names_split(&w, nl, text, len);
		for (k = 0, n = 0; k < w.n; k++) {
			if (!w.v[k].cap ||
			    (w.v[k].flags &
			        (PANEL_NAMES_NOT | PANEL_NAMES_TITLE)))
				continue;
			assert_true((size_t)n < w.nnamed);
			assert_int_equal(w.named[n++], k);
		}
		assert_int_equal(w.nnamed, n);
	}
	panel_names_words_release(&w);
	assert_null(w.named);
	panel_names_free(nl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_words_as_bytes),
	    cmocka_unit_test(test_whole),
	    cmocka_unit_test(test_refine),
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_split_memo),
	    cmocka_unit_test(test_split_as_word),
	    cmocka_unit_test(test_scan),
	    cmocka_unit_test(test_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
