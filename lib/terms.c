#include "terms.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "bytes8.h"
#include "match.h"
#include "banned.h"

/*
 * A term's first letters, up to 8 ASCII ones, folded to lower case, a
 * byte of 0xff for each, and how many: one compare tells most places
 * that the index lets through from the term ("of" from "Office"), and
 * matches the others' first letters at once.
 */
struct term_head {
	uint64_t letters, mask;
	int n;
};

struct panel_terms {
	char **v; /* longest first, as the pattern tries them */
	size_t n, alloc;
	struct panel_match *m; /* built when first needed */
	int dirty;
	int ascii;         /* all the terms are ASCII: the index is built */
	int letters;       /* each starts with an ASCII letter */
	int kelvin;        /* one starts with k, which U+212A matches */
	size_t first[257]; /* order[first[b]..first[b + 1]): may start with b */
	size_t *order;     /* indexes into v */
	struct term_head *heads; /* like v */
	unsigned char cls[256];  /* TERM_WORD, TERM_START of each byte */
	/* Bit b1 of pairs[b0]: a term may start with the bytes b0, b1. */
	unsigned char pairs[256][32];
};

struct panel_terms *
panel_terms_new(void)
{
	return panel_xcalloc(1, sizeof(struct panel_terms));
}

void
panel_terms_add(struct panel_terms *tl, const char *term)
{
	if (term[0] == '\0')
		return;
	PANEL_GROW(tl->v, tl->n + 1, tl->alloc);
	tl->v[tl->n++] = panel_xstrdup(term);
	tl->dirty = 1;
}

void
panel_terms_free(struct panel_terms *tl)
{
	if (tl == NULL)
		return;
	while (tl->n-- > 0)
		free(tl->v[tl->n]);
	free(tl->v);
	free(tl->heads);
	free(tl->order);
	panel_match_free(tl->m);
	free(tl);
}

/* A blank of a term, which matches any run of blanks of the text. */
static int
term_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * A pattern matching any of terms as whole words, case folded, spaces
 * matching any run of blanks; NULL when there are none.
 */
static int
terms_pattern(struct panel_match **out, const char *what, char **terms,
    size_t n, struct panel_err *err)
{
	struct panel_buf b = PANEL_BUF_INIT;
	const char *p;
	size_t i;
	int rc;

	panel_match_free(*out);
	*out = NULL;
	if (n == 0)
		return 0;
	panel_buf_addstr(&b, "(?<!\\w)(?:");
	for (i = 0; i < n; i++) {
		if (i)
			panel_buf_addch(&b, '|');
		for (p = terms[i]; *p; p++) {
			if (term_blank(*p))
				panel_buf_addstr(&b, "[ \\t]+");
			else if ((unsigned char)*p < 0x80 &&
			         !((*p >= 'a' && *p <= 'z') ||
			             (*p >= 'A' && *p <= 'Z') ||
			             (*p >= '0' && *p <= '9'))) {
				panel_buf_addch(&b, '\\');
				panel_buf_addch(&b, *p);
			} else
				panel_buf_addch(&b, *p);
		}
	}
	panel_buf_addstr(&b, ")(?!\\w)");
	rc = panel_match_compile(out, what, b.buf, PANEL_MATCH_CASELESS, err);
	panel_buf_release(&b);
	return rc;
}

/* Longest first, so that "Dorset Police HQ" wins over "Dorset Police". */
static int
by_length(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb   ? 1
	       : la > lb ? -1
	                 : strcmp(*(char *const *)a, *(char *const *)b);
}

static int
text_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* What index_terms() notes of a byte. */
enum {
	TERM_WORD = 1,  /* an ASCII byte that \w matches */
	TERM_START = 2, /* a byte that a term may start with */
};

/*
 * Whether a term starting with c may match at a character starting with
 * byte b: letters in either case, and k and s also U+212A KELVIN SIGN and
 * U+017F LONG S, which PCRE2 folds to them (the only characters past
 * ASCII that PCRE2 10.42 folds to ASCII letters: tried on every one).
 */
static int
may_start(char c, unsigned char b)
{
	if (term_blank(c))
		return text_blank((char)b);
	if (!panel_ascii_letter((unsigned char)c))
		return b == (unsigned char)c;
	return (b | 0x20) == (c | 0x20) || (b == 0xe2 && (c | 0x20) == 'k') ||
	       (b == 0xc5 && (c | 0x20) == 's');
}

/*
 * Sets the bits of pairs[b0] for the bytes that may follow b0 at the
 * start of term, which may start with b0 (see may_start()): all of them
 * where b0 starts a character past ASCII, or matches a run of blanks, or
 * ends the term.
 */
static void
allow_pairs(struct panel_terms *tl, unsigned char b0, const char *term)
{
	unsigned b1;

	for (b1 = 0; b1 < 256; b1++)
		if (b0 >= 0x80 || term_blank(term[0]) || term[1] == '\0' ||
		    may_start(term[1], (unsigned char)b1))
			tl->pairs[b0][b1 >> 3] |=
			    (unsigned char)(1u << (b1 & 7));
}

/* The head of term (see struct term_head). */
static struct term_head
term_head(const char *term)
{
	struct term_head h = {0, 0, 0};

	for (; h.n < 8 && panel_ascii_letter((unsigned char)term[h.n]); h.n++) {
		h.letters |= (uint64_t)(term[h.n] | 0x20) << 8 * h.n;
		h.mask |= (uint64_t)0xff << 8 * h.n;
	}
	return h;
}

/*
 * Fills tl->first, tl->order and tl->heads, if the terms are all ASCII.
 */
static void
index_terms(struct panel_terms *tl)
{
	size_t i, k = 0, alloc = 0;
	unsigned b;
	const char *p;

	tl->ascii = tl->letters = 1;
	tl->kelvin = 0;
	for (i = 0; i < tl->n; i++) {
		for (p = tl->v[i]; *p; p++)
			tl->ascii &= (unsigned char)*p < 0x80;
		tl->letters &= panel_ascii_letter((unsigned char)tl->v[i][0]);
		tl->kelvin |= (tl->v[i][0] | 0x20) == 'k';
	}
	if (!tl->ascii)
		return;
	/* A term starts in at most three buckets: K, k and U+212A. */
	free(tl->order);
	tl->order = NULL;
	PANEL_GROW(tl->order, 3 * tl->n, alloc);
	tl->heads = panel_xreallocarray(tl->heads, tl->n, sizeof(*tl->heads));
	for (i = 0; i < tl->n; i++)
		tl->heads[i] = term_head(tl->v[i]);
	memset(tl->pairs, 0, sizeof(tl->pairs));
	for (b = 0; b < 256; b++) {
		tl->first[b] = k;
		for (i = 0; i < tl->n; i++)
			if (may_start(tl->v[i][0], (unsigned char)b)) {
				tl->order[k++] = i;
				allow_pairs(tl, (unsigned char)b, tl->v[i]);
			}
		tl->cls[b] =
		    (unsigned char)((panel_ascii_word((unsigned char)b)
		                            ? TERM_WORD
		                            : 0) |
		                    (tl->first[b] < k ? TERM_START : 0));
	}
	tl->first[256] = k;
}

int
panel_terms_prepare(
    struct panel_terms *tl, const char *what, struct panel_err *err)
{
	if (!tl->dirty)
		return 0;
	if (tl->n > 1)
		qsort(tl->v, tl->n, sizeof(char *), by_length);
	if (terms_pattern(&tl->m, what, tl->v, tl->n, err) < 0)
		return PANEL_EINPUT;
	index_terms(tl);
	tl->dirty = 0;
	return 0;
}

/* What the terms' fast search says of a place in the text. */
enum {
	TERM_NO,     /* no term matches here */
	TERM_FOUND,  /* this term matches, to the end given */
	TERM_UNSURE, /* only the pattern can tell */
};

/* Whether the term's letter c matches at t[p] (see may_start()). */
static int
letter_match(char c, const char *t, size_t len, size_t p)
{
	unsigned char b = (unsigned char)t[p];

	if ((b | 0x20) == (c | 0x20))
		return TERM_FOUND;
	if (((c | 0x20) == 'k' && b == 0xe2 && p + 2 < len &&
	        t[p + 1] == '\x84' && t[p + 2] == '\xaa') ||
	    ((c | 0x20) == 's' && b == 0xc5 && p + 1 < len &&
	        t[p + 1] == '\xbf'))
		return TERM_UNSURE;
	return TERM_NO;
}

/* Whether a term may end at t[p]: no word character follows. */
static int
term_end(const char *t, size_t len, size_t p, size_t *end)
{
	if (p < len && (unsigned char)t[p] >= 0x80)
		return TERM_UNSURE;
	if (p < len && panel_ascii_word((unsigned char)t[p]))
		return TERM_NO;
	*end = p;
	return TERM_FOUND;
}

/*
 * Matches an ASCII term at t[p..len) as its pattern does (see
 * terms_pattern()), setting *end when it is found.  A run of blanks takes
 * as many blanks as there are and gives them back one by one, as PCRE2
 * backtracks.
 */
static int
match_term(const char *term, const char *t, size_t len, size_t p, size_t *end)
{
	size_t need, have;
	int rc;

	for (; *term != '\0' && !term_blank(*term); term++, p++) {
		if (p >= len)
			return TERM_NO;
		if (!panel_ascii_letter((unsigned char)*term))
			rc = t[p] == *term ? TERM_FOUND : TERM_NO;
		else
			rc = letter_match(*term, t, len, p);
		if (rc != TERM_FOUND)
			return rc;
	}
	if (*term == '\0')
		return term_end(t, len, p, end);
	for (need = 0; term_blank(*term); term++)
		need++;
	for (have = 0; p + have < len && text_blank(t[p + have]);)
		have++;
	for (; have >= need; have--)
		if ((rc = match_term(term, t, len, p + have, end)) != TERM_NO)
			return rc;
	return TERM_NO;
}

/*
 * Whether a term may start at t[p]: the index knows its first two bytes,
 * and no word character precedes it.  Inline: it is asked of every word,
 * and the first test, which refuses most, comes first.
 */
static inline int
may_start_at(const struct panel_terms *tl, const char *t, size_t len, size_t p)
{
	const unsigned char *u = (const unsigned char *)t;
	unsigned b1 = p + 1 < len ? u[p + 1] : 0;

	return (tl->pairs[u[p]][b1 >> 3] & (1u << (b1 & 7))) &&
	       !(p > 0 && (tl->cls[u[p - 1]] & TERM_WORD));
}

/*
 * How many of the letters of the head h match at t[p] (p < len), case
 * folded, as match_term() matches them: all of them, or those before the
 * first that does not if the text's byte there is past ASCII (it may
 * start U+212A or U+017F: see letter_match()); -1 if that byte is ASCII,
 * or past the text, where match_term() says TERM_NO.
 */
static int
head_match(const struct term_head *h, const char *t, size_t len, size_t p)
{
	size_t avail = len - p;
	uint64_t x = panel_head8(t + p, avail < 8 ? avail : 8, avail);
	uint64_t diff = ((x | PANEL_ONES * 0x20) ^ h->letters) & h->mask;
	unsigned k;

	if (diff == 0)
		return h->n;
	k = (unsigned)__builtin_ctzll(diff) / 8;
	return (x >> 8 * k & 0xff) >= 0x80 ? (int)k : -1;
}

/*
 * Whether a term starts at t[p] by the index: TERM_FOUND with its end in
 * *e, TERM_NO, or TERM_UNSURE.
 */
static int
term_at(const struct panel_terms *tl, const char *t, size_t len, size_t p,
    size_t *e)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t k, i;
	int rc, n;

	if (!may_start_at(tl, t, len, p))
		return TERM_NO;
	for (k = tl->first[u[p]]; k < tl->first[u[p] + 1]; k++) {
		i = tl->order[k];
		if ((n = head_match(&tl->heads[i], t, len, p)) < 0 ||
		    (rc = match_term(tl->v[i] + n, t, len, p + (size_t)n, e)) ==
		        TERM_NO)
			continue;
		/* Only PCRE2 knows whether a character before is \w. */
		return p > 0 && u[p - 1] >= 0x80 ? TERM_UNSURE : rc;
	}
	return TERM_NO;
}

/*
 * The first term at or after pos by the index: TERM_FOUND at [*s, *e),
 * TERM_NO when there is none, TERM_UNSURE at *s when the pattern must
 * tell what is found there or after.  Each place that no word character
 * precedes tries the terms that may start there, in the pattern's order.
 */
static int
next_term_bytes(const struct panel_terms *tl, const char *t, size_t len,
    size_t pos, size_t *s, size_t *e)
{
	const unsigned char *u = (const unsigned char *)t;
	unsigned prev = pos > 0 ? tl->cls[u[pos - 1]] : 0, c;
	size_t p;
	int rc;

	/* One branch a byte: a start of a term not inside a word. */
	for (p = pos; p < len; p++, prev = c) {
		c = tl->cls[u[p]];
		if ((c & ~(prev << 1) & TERM_START) &&
		    (rc = term_at(tl, t, len, p, e)) != TERM_NO) {
			*s = p;
			return rc;
		}
	}
	return TERM_NO;
}

/* Where U+212A KELVIN SIGN is first at or after pos, or len. */
static size_t
find_kelvin(const char *t, size_t len, size_t pos)
{
	const char *p = t + pos, *end = t + len;

	while ((p = memchr(p, '\xe2', (size_t)(end - p))) != NULL &&
	       end - p >= 3 && !(p[1] == '\x84' && p[2] == '\xaa'))
		p++;
	return p != NULL && end - p >= 3 ? (size_t)(p - t) : len;
}

/* A term after a joiner of the word [a, b): "O'Brien", "Sarah's". */
static int
term_in_word(const struct panel_terms *tl, const char *t, size_t len,
    size_t pos, size_t a, size_t b, size_t *s, size_t *e)
{
	int rc;

	for (; a < b; a++)
		if (a >= pos &&
		    (t[a - 1] == '\'' || t[a - 1] == '-' ||
		        (unsigned char)t[a - 1] >= 0x80) &&
		    (rc = term_at(tl, t, len, a, e)) != TERM_NO) {
			*s = a;
			return rc;
		}
	return TERM_NO;
}

/*
 * next_term_bytes() for terms that each start with an ASCII letter, by
 * the text's words (w): such a place that no word character precedes
 * (a letter past ASCII is one to PCRE2) is the start of a word or comes
 * after a joiner inside one.  U+212A, no letter to the word finder, is
 * looked for apart.
 */
static int
next_term_words(const struct panel_terms *tl, const struct panel_names_words *w,
    const char *t, size_t len, size_t pos, size_t *s, size_t *e)
{
	size_t end, kelvin = tl->kelvin ? find_kelvin(t, len, pos) : len;
	size_t first = panel_names_words_at(w, pos + 1);
	/* From the word that holds pos, up to the first at kelvin. */
	const struct panel_names_token *v = w->v + (first > 0 ? first - 1 : 0);
	const struct panel_names_token *past =
	    w->v + (kelvin < len ? panel_names_words_at(w, kelvin) : w->n);
	int rc;

	for (; v < past; v++) {
		if (v->start >= pos && may_start_at(tl, t, len, v->start) &&
		    (rc = term_at(tl, t, len, v->start, e)) != TERM_NO) {
			*s = v->start;
			return rc;
		}
		if (!v->joined)
			continue;
		end = v + 1 < past ? v[1].start : kelvin;
		rc = term_in_word(tl, t, len, pos, v->start + 1, end, s, e);
		if (rc != TERM_NO)
			return rc;
	}
	*s = kelvin;
	return kelvin < len ? TERM_UNSURE : TERM_NO;
}

int
panel_terms_next(struct panel_terms *tl, const struct panel_names_words *w,
    const char *t, size_t len, size_t pos, size_t *s, size_t *e,
    struct panel_err *err)
{
	size_t from = pos;
	int rc = TERM_UNSURE;

	if (tl->ascii)
		rc = tl->letters ? next_term_words(tl, w, t, len, pos, &from, e)
		                 : next_term_bytes(tl, t, len, pos, &from, e);
	/* Up to where the index is unsure, it is sure that nothing is. */
	if (rc != TERM_UNSURE) {
		*s = from;
		return rc == TERM_FOUND;
	}
	return panel_match_find_checked(s, e, tl->m, t, len, from, err);
}

int
panel_terms_any(const struct panel_terms *tl)
{
	return tl->m != NULL;
}
