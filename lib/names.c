#include "names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "bytes8.h"
#include "redact_data.h"
#include "strmap.h"
#include "banned.h"

/* The first word of a place of several words ("Lyme" of "Lyme Regis"). */
#define PLACE_START (1u << 7)
#define MAX_NAME_WORDS 4

#define MEMO_BITS 12
#define LONG_MEMO_BITS 8

/*
 * The flags of the capitalised words of up to 8 bytes that the split has
 * looked up, by the word's bytes (panel_head8(): a word holds no NUL, so
 * the number is the word's own and never 0): "I", "The", "Police"
 * and a document's names come again and again, and the lists' table is
 * too large to stay in the cache.  Those of 9 to 16 bytes ("September",
 * "Bournemouth": a few hundred in the corpus, each found a dozen times)
 * by their first and last 8 bytes, which overlap, and their length.
 * Kept from one document to the next; emptied when a word is added to
 * the list.  Room for 4096 short words (64 KB): with 1024, more than
 * half the short words that it sent to the lists were ones it had held
 * and lost to another word in their slot.
 */
struct panel_names_memo {
	int used; /* so that adding the lists' words clears nothing */
	struct {
		uint64_t word; /* 0 when empty */
		unsigned flags;
	} v[1 << MEMO_BITS];
	struct {
		uint64_t head, tail; /* head 0 when empty */
		size_t len;
		unsigned flags;
	} lv[1 << LONG_MEMO_BITS];
};

struct panel_names {
	struct panel_strmap *words; /* folded word or phrase -> flags */
	/* A cache, so written through a const list by the split. */
	struct panel_names_memo *memo;
};

static const char *const titles[] = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr",
    "Prof", "Professor", "Sir", "Dame", "Rev", "Revd", "Cllr", "Councillor",
    "PC", "WPC", "PCSO", "DC", "DS", "DI", "DCI", "DSU", "DSI", "Sgt",
    "Sergeant", "Insp", "Inspector", "Ch", "Chief", "Supt", "Superintendent",
    "Constable", "Detective", "Det", "Special", "SC", "Officer", NULL};

static const char *const relations[] = {"neighbour", "neighbours", "neighbor",
    "son", "daughter", "wife", "husband", "partner", "friend", "brother",
    "sister", "mum", "dad", "mother", "father", "boyfriend", "girlfriend",
    "colleague", "nephew", "niece", "grandson", "granddaughter", "grandma",
    "grandad", "nan", "uncle", "aunt", "auntie", "cousin", "stepson",
    "stepdaughter", "lodger", "tenant", "landlord", "landlady", "carer", "ex",
    "fiance", "fiancee", "flatmate", "housemate", "mate", "named", "called",
    "child", NULL};

/*
 * Names that are also capitalised words of another kind (months,
 * countries, makes of car, common verbs at a sentence's start): on their
 * own they are taken only with more evidence.
 */
static const char *const ambiguous[] = {"May", "June", "April", "August", "Jan",
    "Jun", "Will", "Mark", "Bill", "Guy", "Pat", "Sue", "Rich", "Earl",
    "Christian", "Victoria", "Jordan", "India", "Georgia", "Chelsea", "Sydney",
    "Florence", "Austin", "Devon", "Kent", "Lincoln", "Chester", "Preston",
    "Sandy", "Summer", "Hope", "Joy", "Faith", "Chance", "Major", "Prince",
    "Frank", "Dean", "Ray", "Hunter", "Mercedes", "Morgan", "Winston", "Jack",
    "Bob", "Sunny", NULL};

static void
add_table(struct panel_names *nl, const char *const *t, unsigned flags)
{
	for (; *t; t++)
		panel_names_add(nl, *t, strlen(*t), flags);
}

/* The number of lines of p[0..end), the last unended or not. */
static size_t
lines(const char *p, const char *end)
{
	size_t n = 0;

	for (; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	return n + 1;
}

/*
 * Adds every line of the embedded file name, skipping comments, with
 * room made for them first: the table then grows once a file.
 */
static void
add_file(struct panel_names *nl, const char *name, unsigned flags)
{
	const struct panel_redact_file *f = panel_redact_file(name);
	const char *p, *end, *nl_at;

	if (f == NULL)
		return;
	end = f->data + f->len;
	panel_strmap_reserve(nl->words, lines(f->data, end));
	for (p = f->data; p < end; p = nl_at + 1) {
		nl_at = memchr(p, '\n', (size_t)(end - p));
		if (nl_at == NULL)
			nl_at = end;
		if (nl_at > p && *p != '#')
			panel_names_add(nl, p, (size_t)(nl_at - p), flags);
	}
}

struct panel_names *
panel_names_new(void)
{
	struct panel_names *nl = panel_xcalloc(1, sizeof(*nl));

	nl->words = panel_strmap_new(1);
	nl->memo = panel_xcalloc(1, sizeof(*nl->memo));
	add_file(nl, "names-forenames.txt", PANEL_NAMES_FORE);
	add_file(nl, "names-surnames.txt", PANEL_NAMES_SUR);
	add_file(nl, "names-common.txt", PANEL_NAMES_COMMON);
	add_file(nl, "names-notnames.txt", PANEL_NAMES_NOT);
	add_file(nl, "names-places.txt", PANEL_NAMES_PLACE);
	add_table(nl, titles, PANEL_NAMES_TITLE);
	add_table(nl, relations, PANEL_NAMES_RELATION);
	add_table(nl, ambiguous, PANEL_NAMES_AMBIGUOUS);
	return nl;
}

void
panel_names_free(struct panel_names *nl)
{
	if (nl == NULL)
		return;
	panel_strmap_free(nl->words);
	free(nl->memo);
	free(nl);
}

static void
or_flags(struct panel_names *nl, const char *w, size_t len, unsigned flags)
{
	*panel_strmap_ref(nl->words, w, len, 0) |= (long)flags;
}

void
panel_names_add(
    struct panel_names *nl, const char *word, size_t len, unsigned flags)
{
	const char *sp = memchr(word, ' ', len);

	while (len > 0 && (word[len - 1] == ' ' || word[len - 1] == '\r'))
		len--;
	if (len == 0)
		return;
	if (nl->memo->used)
		memset(nl->memo, 0, sizeof(*nl->memo));
	or_flags(nl, word, len, flags);
	if (sp != NULL && (flags & PANEL_NAMES_PLACE))
		or_flags(nl, word, (size_t)(sp - word), PLACE_START);
}

unsigned
panel_names_flags(const struct panel_names *nl, const char *word, size_t len)
{
	long v = panel_strmap_get(nl->words, word, len);

	return v < 0 ? 0 : (unsigned)v;
}

int
panel_names_mode_find(const char *name)
{
	if (strcmp(name, "name") == 0)
		return PANEL_NAMES_CONTEXT;
	if (strcmp(name, "name-field") == 0)
		return PANEL_NAMES_FIELD;
	if (strcmp(name, "name-list") == 0)
		return PANEL_NAMES_LISTED;
	return -1;
}

/*
 * Decodes the character at s[i] (valid UTF-8) into *cp and returns its
 * length.
 */
static size_t
decode(const char *text, size_t len, size_t i, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)text + i;
	size_t left = len - i;

	if (s[0] < 0x80 || left < 2) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xe0) {
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] < 0xf0 && left >= 3) {
		*cp = (uint32_t)(s[0] & 0x0f) << 12 |
		      (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return 3;
	}
	*cp = 0xfffd;
	return left >= 4 ? 4 : left;
}

static int
is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

static int
is_joiner(uint32_t c)
{
	return c == '\'' || c == '-' || c == 0x2019 || c == 0x2018;
}

/* Whether the byte c, next to a word, ends any word that would hold it. */
static int
is_edge(unsigned char c)
{
	return c < 0x80 && !panel_ascii_letter(c) && !is_joiner(c);
}

int
panel_names_whole(const char *text, size_t len, size_t s, size_t e)
{
	return (s == 0 || is_edge((unsigned char)text[s - 1])) &&
	       (e >= len || is_edge((unsigned char)text[e]));
}

int
panel_names_capital(const char *text, size_t ws)
{
	unsigned char c = (unsigned char)text[ws];

	if (c >= 'A' && c <= 'Z')
		return 1;
	/* U+00C0..U+00DE (but not U+00D7) are Latin-1's capitals. */
	return c == 0xc3 && (unsigned char)text[ws + 1] >= 0x80 &&
	       (unsigned char)text[ws + 1] <= 0x9e &&
	       (unsigned char)text[ws + 1] != 0x97;
}

/*
 * The letter at text[i] (its length), or 0 if it is none.  Inline: the
 * split asks it at the start of every word, and GCC left it a call.
 */
static inline size_t
letter_at(const char *text, size_t len, size_t i)
{
	uint32_t c;
	size_t n;

	if ((unsigned char)text[i] < 0x80)
		return panel_ascii_letter((unsigned char)text[i]);
	n = decode(text, len, i, &c);
	return is_letter(c) ? n : 0;
}

/*
 * The end of the word that starts at ws and holds only letters up to i:
 * letters, and joiners between them, from there.  Sets *we and *joined.
 */
static inline __attribute__((always_inline)) size_t
word_rest(
    const char *text, size_t len, size_t ws, size_t i, size_t *we, int *joined)
{
	size_t n, last_joint = 0;
	uint32_t c;

	while ((i = panel_ascii_run(text, len, i, 1)) < len) {
		if ((n = letter_at(text, len, i)) > 0) {
			i += n;
			continue;
		}
		n = (unsigned char)text[i] < 0x80 ? 1
		                                  : decode(text, len, i, &c);
		if (n == 1)
			c = (unsigned char)text[i];
		if (!is_joiner(c) || i + n >= len ||
		    letter_at(text, len, i + n) == 0)
			break;
		last_joint = i;
		i += n;
	}
	*we = i;
	*joined = last_joint != 0;
	/* "Sarah's": the name is "Sarah". */
	if (last_joint > ws && text[last_joint] != '-' && i - last_joint >= 2 &&
	    (text[i - 1] == 's' || text[i - 1] == 'S') &&
	    (i - last_joint == 2 || i - last_joint == 4))
		*we = last_joint;
	return i;
}

/*
 * The word at or after i in text[0..len), into [*ws, *we), *joined set if
 * it holds a joiner; returns where the next may be looked for, past it,
 * or len + 1 when there is none.  Most words, and the gaps before them,
 * are ASCII: the eight bytes at i then give the word's start and, mostly,
 * its end; a word that they show to go on is followed from where they
 * end, not from its start.  When they show the byte after the word to be
 * ASCII and neither a letter nor a joiner, the next are looked for after
 * it: their eight bytes then mostly start at the next word, and hold one
 * a byte longer.  Always inlined into the split, which calls it for every
 * word of every document (GCC would not: it has two callers).
 */
static inline __attribute__((always_inline)) size_t
next_word(
    const char *text, size_t len, size_t i, size_t *ws, size_t *we, int *joined)
{
	uint64_t x, lt, start, rest;
	uint32_t c;
	size_t e;

	if (i + 8 <= len) {
		x = panel_load8(text + i);
		lt = panel_letters8(x);
		/* The first byte that is a letter or not ASCII. */
		start = (lt | x) & PANEL_HIGHS;
		start &= 0 - start;
		if (lt & start) {
			*ws = i + (size_t)__builtin_ctzll(start) / 8;
			/* The first byte after it that is no ASCII letter. */
			rest = ~lt & PANEL_HIGHS & (0 - start);
			/* A longer word mostly ends in the next eight. */
			if (rest == 0 && (i += 8) + 8 <= len)
				rest = ~panel_letters8(panel_load8(text + i)) &
				       PANEL_HIGHS;
			if (rest == 0)
				return word_rest(text, len, *ws, i, we, joined);
			e = i + (size_t)__builtin_ctzll(rest) / 8;
			if ((unsigned char)text[e] >= 0x80 ||
			    is_joiner(text[e]))
				return word_rest(text, len, *ws, e, we, joined);
			*we = e;
			*joined = 0;
			return e + 1;
		}
	}
	while ((i = panel_ascii_run(text, len, i, 0)) < len &&
	       letter_at(text, len, i) == 0)
		i += decode(text, len, i, &c);
	if (i >= len)
		return len + 1;
	*ws = i;
	return word_rest(text, len, i, i, we, joined);
}

int
panel_names_word(
    const char *text, size_t len, size_t *pos, size_t *ws, size_t *we)
{
	int joined;
	size_t end = next_word(text, len, *pos, ws, we, &joined);

	*pos = end > len ? len : end;
	return end <= len;
}

/* A single capital letter, as an initial. */
static int
is_initial(const char *text, size_t ws, size_t we)
{
	return we == ws + 1 && text[ws] >= 'A' && text[ws] <= 'Z';
}

/* 1 if text[a..b) holds only spaces and tabs (and at most one '.'). */
static int
gap_is_space(const char *text, size_t a, size_t b, int dot_ok)
{
	for (; a < b; a++) {
		if (text[a] == '.' && dot_ok) {
			dot_ok = 0;
			continue;
		}
		if (text[a] != ' ' && text[a] != '\t')
			return 0;
	}
	return 1;
}

/* A word of a name in the given mode, whose flags are f. */
static int
name_word(enum panel_names_mode mode, const char *text, size_t ws, size_t we,
    unsigned f)
{
	if (f & (PANEL_NAMES_NOT | PANEL_NAMES_TITLE))
		return 0;
	/* "n/a", "x": no name is one lower-case letter. */
	if (we - ws == 1 && !panel_names_capital(text, ws))
		return 0;
	if (mode == PANEL_NAMES_FIELD || panel_names_capital(text, ws))
		return 1;
	return (f & (PANEL_NAMES_FORE | PANEL_NAMES_SUR)) &&
	       !(f & PANEL_NAMES_COMMON);
}

/*
 * Whether words [ws[0], we[k-1]) are a place (1 word, or the first 2-3),
 * f being the flags of the first.
 */
static int
is_place(const struct panel_names *nl, const char *text, unsigned f,
    const size_t *ws, const size_t *we, size_t k)
{
	struct panel_buf b = PANEL_BUF_INIT;
	size_t i, j;
	int found = 0;

	if (k == 0)
		return 0;
	if ((f & PANEL_NAMES_PLACE) &&
	    !(f & (PANEL_NAMES_FORE | PANEL_NAMES_SUR)))
		return 1;
	if (k == 1 && (f & PANEL_NAMES_PLACE))
		return 1;
	if (!(f & PLACE_START))
		return 0;
	for (j = 1; j < k && j < 3 && !found; j++) {
		panel_buf_reset(&b);
		for (i = 0; i <= j; i++) {
			if (i)
				panel_buf_addch(&b, ' ');
			panel_buf_add(&b, text + ws[i], we[i] - ws[i]);
		}
		found = (panel_names_flags(nl, b.buf, b.len) &
		            PANEL_NAMES_PLACE) != 0;
	}
	panel_buf_release(&b);
	return found;
}

/* Whether a title (or rank) stands just before text[s]. */
static int
title_before(const struct panel_names *nl, const char *text, size_t s)
{
	size_t e = s, b;

	while (e > 0 && (text[e - 1] == ' ' || text[e - 1] == '\t' ||
	                    text[e - 1] == '.' ||
	                    (text[e - 1] >= '0' && text[e - 1] <= '9')))
		e--;
	for (b = e; b > 0 && ((text[b - 1] >= 'A' && text[b - 1] <= 'Z') ||
	                         (text[b - 1] >= 'a' && text[b - 1] <= 'z'));)
		b--;
	return e > b &&
	       (panel_names_flags(nl, text + b, e - b) & PANEL_NAMES_TITLE);
}

/*
 * The words of a rule's match text[s..e), one by one: the document's own,
 * from its split, where they are its own (see panel_names_whole()), else
 * found anew.
 */
struct match_words {
	int own; /* tok..end are the document's words from the match on */
	const struct panel_names_token *tok, *end;
	size_t pos, e;
};

static void
match_words_init(struct match_words *mw, const struct panel_names_words *words,
    const char *text, size_t len, size_t s, size_t e)
{
	mw->own = panel_names_whole(text, len, s, e);
	mw->tok = mw->own ? words->v + panel_names_words_at(words, s) : NULL;
	mw->end = mw->own ? words->v + words->n : NULL;
	mw->pos = s;
	mw->e = e;
}

/*
 * The next word of mw into [*a, *b), and into *w the document's token for
 * it, or NULL when it was found anew; 0 when there is none.
 */
static int
match_word(struct match_words *mw, const char *text, size_t *a, size_t *b,
    const struct panel_names_token **w)
{
	*w = NULL;
	if (!mw->own)
		return panel_names_word(text, mw->e, &mw->pos, a, b);
	if (mw->tok == mw->end || mw->tok->start >= mw->e)
		return 0;
	*w = mw->tok++;
	*a = (*w)->start;
	*b = (*w)->end;
	return 1;
}

/*
 * The flags of the word [a, b) of text, whose token is w (or NULL): the
 * split's, where it gave them as they are (a capitalised word's, but for
 * one with a joiner, which may be a double-barrelled name's), else looked
 * up.
 */
static unsigned
match_flags(const struct panel_names *nl, const char *text, size_t a, size_t b,
    const struct panel_names_token *w)
{
	if (w != NULL && w->cap && !w->joined)
		return w->flags;
	return panel_names_flags(nl, text + a, b - a);
}

/*
 * Collects up to MAX_NAME_WORDS name words from mw into ws/we, and the
 * flags of the first into *first: leading titles, quotes and collar
 * numbers are skipped; words must be separated by spaces (or, in a
 * field, one comma: "Keast, Joanne").  Each word is looked up once.
 */
static size_t
collect(const struct panel_names *nl, enum panel_names_mode mode,
    const char *text, struct match_words *mw, size_t *ws, size_t *we,
    unsigned *first)
{
	const struct panel_names_token *w;
	size_t a, b, k = 0, prev = mw->pos;
	int commas = mode == PANEL_NAMES_FIELD ? 1 : 0, leading = 1;
	unsigned f;

	while (k < MAX_NAME_WORDS && match_word(mw, text, &a, &b, &w)) {
		if (leading) {
			f = match_flags(nl, text, a, b, w);
			if (f & PANEL_NAMES_TITLE) {
				prev = b;
				continue;
			}
			/* Only quotes, digits (a collar number) or spaces. */
			if (!gap_is_space(text, prev, a, 0))
				for (; prev < a; prev++)
					if (!strchr(
					        " \t\"'0123456789", text[prev]))
						return 0;
			*first = f;
		} else {
			if (!gap_is_space(text, prev, a, 1)) {
				if (!(commas && text[prev] == ',' &&
				        gap_is_space(text, prev + 1, a, 0)))
					break;
				commas = 0;
			}
			f = match_flags(nl, text, a, b, w);
		}
		if (!is_initial(text, a, b) && !name_word(mode, text, a, b, f))
			break;
		ws[k] = a;
		we[k++] = b;
		prev = b;
		leading = 0;
	}
	/* A trailing initial is no name ("Smith J" keeps the J). */
	while (k > 0 && is_initial(text, ws[k - 1], we[k - 1]) && k > 1)
		k--;
	return k;
}

int
panel_names_refine(const struct panel_names *nl, enum panel_names_mode mode,
    const struct panel_names_words *words, const char *text, size_t len,
    size_t *start, size_t *end)
{
	size_t ws[MAX_NAME_WORDS], we[MAX_NAME_WORDS], k, i;
	struct match_words mw;
	unsigned f = 0;
	int real = 0;

	match_words_init(&mw, words, text, len, *start, *end);
	k = collect(nl, mode, text, &mw, ws, we, &f);
	for (i = 0; i < k; i++)
		real += !is_initial(text, ws[i], we[i]);
	if (real == 0)
		return 0;
	if (is_place(nl, text, f, ws, we, k) && !title_before(nl, text, ws[0]))
		return 0;
	if (mode == PANEL_NAMES_LISTED) {
		if (!(f & (PANEL_NAMES_FORE | PANEL_NAMES_SUR)) ||
		    ((f & PANEL_NAMES_COMMON) &&
		        !panel_names_capital(text, ws[0])))
			return 0;
	}
	/* Keep a collar number that leads the name: "PC 1234 Okafor". */
	i = ws[0];
	while (i > *start && strchr(" \t0123456789", text[i - 1]))
		i--;
	while (i < ws[0] && (text[i] == ' ' || text[i] == '\t'))
		i++;
	*start = i;
	*end = we[k - 1];
	if (text[*end] == '.' && is_initial(text, ws[k - 1], we[k - 1]))
		(*end)++;
	return 1;
}

/*
 * Whether only blanks stand between the words a and b.  Most gaps are one
 * byte, tested without the loop, whose exit was mispredicted.  Inline:
 * the scan asks it up to three times of each word that may be a name,
 * and GCC left it a call.
 */
static inline int
adjacent(const char *text, const struct panel_names_token *a,
    const struct panel_names_token *b)
{
	if (b->start == a->end + 1)
		return text[a->end] == ' ' || text[a->end] == '\t';
	return gap_is_space(text, a->end, b->start, 0) && b->start > a->end;
}

/*
 * A word can carry a name on its own: capitalised, a forename, not a
 * word of another kind (a month, a place, never a name) and, at the start
 * of a sentence, not an ordinary word either ("Rose prices ...").
 */
static int
lone_forename(const struct panel_names_token *w, int start)
{
	unsigned no = PANEL_NAMES_AMBIGUOUS | PANEL_NAMES_PLACE | PLACE_START |
	              PANEL_NAMES_NOT | PANEL_NAMES_TITLE;

	if (start)
		no |= PANEL_NAMES_COMMON;
	return w->cap && (w->flags & PANEL_NAMES_FORE) && !(w->flags & no);
}

/*
 * Whether the word at ws starts a sentence: only blanks, quote marks or
 * bullets between it and the line's start or a full stop.
 */
static int
sentence_start(const char *text, size_t ws)
{
	char c;

	for (; ws > 0; ws--) {
		c = text[ws - 1];
		if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':')
			return 1;
		if (!strchr(" \t>\"'(-", c))
			return 0;
	}
	return 1;
}

/* Whether a number (of a date: "23 Jun 2018") stands just before ws. */
static int
after_number(const char *text, size_t ws)
{
	while (ws > 0 && (text[ws - 1] == ' ' || text[ws - 1] == '\t'))
		ws--;
	return ws > 0 && text[ws - 1] >= '0' && text[ws - 1] <= '9';
}

/* The word after a forename that makes it a full name. */
static int
surname_after(const struct panel_names_token *first,
    const struct panel_names_token *w, int rel)
{
	unsigned weak = PANEL_NAMES_COMMON | PANEL_NAMES_AMBIGUOUS;

	if (!w->cap || (w->flags & (PANEL_NAMES_NOT | PANEL_NAMES_TITLE)))
		return 0;
	if (w->flags & PANEL_NAMES_SUR)
		return !((first->flags & weak) && (w->flags & weak));
	/* "my neighbour Cedric Frome": after a relation, a place too. */
	if (rel)
		return 1;
	if (w->flags & (PANEL_NAMES_PLACE | PLACE_START | weak))
		return 0;
	return !(first->flags & weak);
}

/*
 * A relation word ("neighbour"), also as the end of "ex-partner": only a
 * word with a joiner can hold a '-'.  A capitalised word without one has
 * its flags from the split.
 */
static int
relation(const struct panel_names *nl, const char *text,
    const struct panel_names_token *w)
{
	const char *h = text + w->end;

	if (w->cap && !w->joined)
		return (w->flags & PANEL_NAMES_RELATION) != 0;
	if (!w->joined)
		h = text + w->start;
	while (h > text + w->start && h[-1] != '-')
		h--;
	return (panel_names_flags(nl, h, (size_t)(text + w->end - h)) &
	           PANEL_NAMES_RELATION) != 0;
}

/*
 * A word's flags; a double-barrelled name is a surname if its parts are.
 * Only a word with a joiner can be one.
 */
static unsigned
word_flags(const struct panel_names *nl, const char *text, size_t s, size_t e,
    int joined)
{
	unsigned f = panel_names_flags(nl, text + s, e - s), g;
	const char *h;

	if (f != 0 || !joined || (h = memchr(text + s, '-', e - s)) == NULL)
		return f;
	g = panel_names_flags(nl, text + s, (size_t)(h - text - s)) &
	    panel_names_flags(nl, h + 1, (size_t)(text + e - h - 1));
	return g & (PANEL_NAMES_FORE | PANEL_NAMES_SUR) ? PANEL_NAMES_SUR : 0;
}

/*
 * A capitalised word that is on no list, before a listed surname: "Chloé
 * Fitzgerald", "Oksana Mellor".
 */
static int
unknown_before_surname(
    const struct panel_names_token *w, const struct panel_names_token *next)
{
	unsigned weak = PANEL_NAMES_COMMON | PANEL_NAMES_AMBIGUOUS |
	                PANEL_NAMES_NOT | PANEL_NAMES_PLACE | PLACE_START |
	                PANEL_NAMES_TITLE;

	return w->cap && w->flags == 0 && next->cap &&
	       (next->flags & PANEL_NAMES_SUR) && !(next->flags & weak);
}

void
panel_names_words_release(struct panel_names_words *words)
{
	free(words->v);
	free(words->named);
	words->v = NULL;
	words->named = NULL;
	words->n = words->alloc = 0;
	words->nnamed = 0;
}

/*
 * Makes room for one more word than the n there are, and in named too:
 * there are never more names than words, so noting one needs no test of
 * its own.
 */
static void
grow_words(struct panel_names_words *out, size_t n)
{
	PANEL_GROW(out->v, n + 1, out->alloc);
	out->named =
	    panel_xreallocarray(out->named, out->alloc, sizeof(size_t));
}

/* word_flags(), from nl's memo for a word of 9 to 16 bytes. */
static unsigned
long_memo_flags(const struct panel_names *nl, const char *text, size_t s,
    size_t e, int joined)
{
	struct panel_names_memo *m = nl->memo;
	uint64_t head = panel_load8(text + s), tail = panel_load8(text + e - 8);
	size_t i =
	    (size_t)((((head * PANEL_HASH_MUL) ^ tail) * PANEL_HASH_MUL) >>
	             (64 - LONG_MEMO_BITS));

	if (m->lv[i].head != head || m->lv[i].tail != tail ||
	    m->lv[i].len != e - s) {
		m->used = 1;
		m->lv[i].head = head;
		m->lv[i].tail = tail;
		m->lv[i].len = e - s;
		m->lv[i].flags = word_flags(nl, text, s, e, joined);
	}
	return m->lv[i].flags;
}

/* word_flags(), from nl's memo for a word of up to 16 bytes. */
static unsigned
memo_flags(const struct panel_names *nl, const char *text, size_t len, size_t s,
    size_t e, int joined)
{
	struct panel_names_memo *m = nl->memo;
	uint64_t key;
	size_t i;

	if (e - s > 16)
		return word_flags(nl, text, s, e, joined);
	if (e - s > 8)
		return long_memo_flags(nl, text, s, e, joined);
	key = panel_head8(text + s, e - s, len - s);
	i = (size_t)((key * PANEL_HASH_MUL) >> (64 - MEMO_BITS));
	if (m->v[i].word != key) {
		m->used = 1;
		m->v[i].word = key;
		m->v[i].flags = word_flags(nl, text, s, e, joined);
	}
	return m->v[i].flags;
}

/*
 * The word that the eight bytes at i of text show to start, as
 * next_word() finds it (i + 8 <= len), into [*ws, *we), *cap set if it
 * starts with a capital: ASCII letters, ended in those eight or the next
 * eight by an ASCII byte that is neither a letter nor a joiner.  0 when
 * they show none, which next_word() then finds: a letter past ASCII
 * first, a longer word, a gap of eight.  For the split's loop, which
 * needs it for most words: neither next_word()'s other paths nor its
 * outs then cost that loop registers.
 */
static inline int
ascii_word(
    const char *text, size_t len, size_t i, size_t *ws, size_t *we, int *cap)
{
	uint64_t x = panel_load8(text + i), lt = panel_letters8(x);
	uint64_t start = (lt | x) & PANEL_HIGHS, rest;
	size_t e = i;
	unsigned char c;

	start &= 0 - start;
	if (!(lt & start))
		return 0;
	rest = ~lt & PANEL_HIGHS & (0 - start);
	/* Most words end in the first eight: theirs is the path straight on. */
	if (__builtin_expect(rest == 0, 0)) {
		if ((e += 8) + 8 > len)
			return 0;
		rest = ~panel_letters8(panel_load8(text + e)) & PANEL_HIGHS;
		if (rest == 0)
			return 0;
	}
	/* Unsigned: the byte counts need no sign extended. */
	e += (unsigned)__builtin_ctzll(rest) / 8;
	c = (unsigned char)text[e];
	if (c >= 0x80 || is_joiner(c))
		return 0;
	*we = e;
	*ws = i + (unsigned)__builtin_ctzll(start) / 8;
	/* Bit 0x20 of the first letter, which start marks bit 0x80 of. */
	*cap = (x & start >> 2) == 0;
	return 1;
}

/*
 * next_word() into w, out of line: the split's loop calls it for few
 * words.
 */
static __attribute__((noinline)) size_t
other_word(const char *text, size_t len, size_t i, struct panel_names_token *w)
{
	int joined = 0;
	size_t end = next_word(text, len, i, &w->start, &w->end, &joined);

	w->joined = (unsigned char)joined;
	return end;
}

/*
 * The counts are kept in locals, and out written at the end: a token's
 * fields are size_t too, so that a store to one would have the compiler
 * read out's again.
 */
void
panel_names_split(struct panel_names_words *out, const struct panel_names *nl,
    const char *text, size_t len)
{
	struct panel_names_token *w;
	size_t pos = 0, s, e, n = 0, nnamed = 0;
	int cap;

	for (;; n++) {
		if (n == out->alloc)
			grow_words(out, n);
		w = &out->v[n];
		if (pos + 8 <= len &&
		    ascii_word(text, len, pos, &s, &e, &cap)) {
			w->start = s;
			w->end = e;
			w->joined = 0;
			pos = e + 1;
		} else if ((pos = other_word(text, len, pos, w)) <= len)
			cap = panel_names_capital(text, w->start);
		else
			break;
		w->cap = (unsigned char)cap;
		w->flags = 0;
		if (cap) {
			w->flags = memo_flags(
			    nl, text, len, w->start, w->end, w->joined);
			out->named[nnamed] = n;
			/* No branch: no more foreseeable than a capital. */
			nnamed +=
			    !(w->flags & (PANEL_NAMES_NOT | PANEL_NAMES_TITLE));
		}
	}
	out->n = n;
	out->nnamed = nnamed;
}

size_t
panel_names_words_at(const struct panel_names_words *words, size_t pos)
{
	size_t lo = 0, hi = words->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (words->v[mid].start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Whether a place of one to three words starts at word i, a capitalised
 * word with a place's flags: flags of its own, then, not a
 * double-barrelled name's, so the split's.
 */
static int
place_at(const struct panel_names *nl, const char *text,
    const struct panel_names_token *w, size_t n, size_t i)
{
	size_t ws[3], we[3], k;

	for (k = 0; k < 3 && i + k < n; k++) {
		if (k > 0 && !adjacent(text, &w[i + k - 1], &w[i + k]))
			break;
		ws[k] = w[i + k].start;
		we[k] = w[i + k].end;
	}
	return is_place(nl, text, w[i].flags, ws, we, k);
}

void
panel_names_scan(const struct panel_names *nl,
    const struct panel_names_words *words, const char *text,
    void (*fn)(size_t start, size_t end, void *ctx), void *ctx)
{
	const struct panel_names_token *w = words->v;
	size_t n = words->n, i, j, k, next = 0;
	int rel;

	/* next: the first word that no name found so far holds. */
	for (k = 0; k < words->nnamed; k++) {
		if ((i = words->named[k]) < next)
			continue;
		rel = i > 0 && adjacent(text, &w[i - 1], &w[i]) &&
		      relation(nl, text, &w[i - 1]);
		/* After a relation word any capitalised word may be a name. */
		if (!(w[i].flags & PANEL_NAMES_FORE) &&
		    (!rel ||
		        (w[i].flags & (PANEL_NAMES_PLACE | PLACE_START)))) {
			if (i + 1 < n && adjacent(text, &w[i], &w[i + 1]) &&
			    unknown_before_surname(&w[i], &w[i + 1])) {
				fn(w[i].start, w[i + 1].end, ctx);
				next = i + 2;
			}
			continue;
		}
		if (i > 0 && (w[i - 1].flags & PANEL_NAMES_TITLE) &&
		    adjacent(text, &w[i - 1], &w[i]))
			continue; /* the title rules have it */
		if ((w[i].flags & (PANEL_NAMES_PLACE | PLACE_START)) &&
		    place_at(nl, text, w, n, i))
			continue;
		j = i;
		while (j + 1 < n && j - i < 2 &&
		       adjacent(text, &w[j], &w[j + 1]) &&
		       surname_after(&w[i], &w[j + 1], rel))
			j++;
		if (j > i || rel ||
		    (lone_forename(&w[i], sentence_start(text, w[i].start)) &&
		        !after_number(text, w[i].start))) {
			fn(w[i].start, w[j].end, ctx);
			next = j + 1;
		}
	}
}
