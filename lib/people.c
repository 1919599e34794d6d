#include "people.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "strmap.h"
#include "banned.h"

/* The size of the filter of tokens, in bits: 512 bytes, in L1. */
#define TOKBITS_LOG2 12

struct span {
	size_t s, e;
};

struct panel_people {
	const struct panel_names *names; /* borrowed */
	/* A word, and a whole name of two words or more, folded -> who. */
	struct panel_strmap *tokens, *fullnames;
	struct panel_strmap *written; /* a name as written -> who, or -1 */
	/* A filter of the tokens: see filter_bit(). */
	uint64_t tokbits[(1u << TOKBITS_LOG2) / 64];
	long npersons;
	/* Each person's number, 0 before it has one: no key to look up. */
	long *number;
	size_t number_alloc;
	/* The words of the name being looked up; their key, if built. */
	struct span *pw;
	size_t npw, pw_alloc;
	struct panel_buf key;
};

struct panel_people *
panel_people_new(const struct panel_names *names)
{
	struct panel_people *pp = panel_xcalloc(1, sizeof(*pp));

	pp->names = names;
	pp->tokens = panel_strmap_new(1);
	pp->fullnames = panel_strmap_new(1);
	pp->written = panel_strmap_new(0);
	panel_buf_init(&pp->key, 0);
	return pp;
}

void
panel_people_free(struct panel_people *pp)
{
	if (pp == NULL)
		return;
	panel_buf_release(&pp->key);
	free(pp->pw);
	free(pp->number);
	panel_strmap_free(pp->written);
	panel_strmap_free(pp->fullnames);
	panel_strmap_free(pp->tokens);
	free(pp);
}

void
panel_people_thread(struct panel_people *pp)
{
	panel_strmap_clear(pp->tokens);
	panel_strmap_clear(pp->fullnames);
	panel_strmap_clear(pp->written);
	memset(pp->tokbits, 0, sizeof(pp->tokbits));
	pp->npersons = 0;
}

/*
 * A filter for panel_people_repeats(): a bit for each (first two
 * letters, last letter, length) of the words standing for people, so
 * that most words need no lookup.  The first letter and the length alone
 * let one word in seven through, for nothing.  Bytes are taken with 0x20
 * set, which folds ASCII capitals as the tokens do; len is at least 2.
 * The first two are one load, in the machine's order: a bit need only be
 * the same for a token and a word, and this is done for every word.
 */
static unsigned
filter_bit(const char *w, size_t len)
{
	const unsigned char *u = (const unsigned char *)w;
	uint16_t two;
	uint32_t x;

	memcpy(&two, w, 2);
	x = ((uint32_t)two | (uint32_t)u[len - 1] << 16 | 0x202020u) ^
	    (uint32_t)len << 24;

	return (unsigned)((x * 0x9e3779b1u) >> (32 - TOKBITS_LOG2));
}

static int
maybe_token(const uint64_t *seen, const char *w, size_t len)
{
	unsigned b = filter_bit(w, len);

	return (seen[b >> 6] >> (b & 63)) & 1;
}

/* Whether a word (of two letters or more) with flags f may be a name. */
static int
may_stand(unsigned f)
{
	return !(f & (PANEL_NAMES_NOT | PANEL_NAMES_TITLE));
}

/*
 * The flags of the document's word w: a capitalised word's are the
 * split's (its own, or a double-barrelled name's), others looked up.
 */
static unsigned
token_flags(const struct panel_people *pp, const char *t,
    const struct panel_names_token *w)
{
	return w->cap ? w->flags
	              : panel_names_flags(
	                    pp->names, t + w->start, w->end - w->start);
}

/* A word that may stand for a person found elsewhere. */
static int
token_word(const struct panel_people *pp, const char *t, size_t ws, size_t we)
{
	return we - ws >= 2 &&
	       may_stand(panel_names_flags(pp->names, t + ws, we - ws));
}

/*
 * Adds [ws..we) to the words of a person's name in pp->pw: found once,
 * for the lookups and then the tokens.
 */
static void
add_word(struct panel_people *pp, size_t ws, size_t we)
{
	PANEL_GROW(pp->pw, pp->npw + 1, pp->pw_alloc);
	pp->pw[pp->npw].s = ws;
	pp->pw[pp->npw++].e = we;
}

/*
 * The key of the name whose words of t are in pp->pw, its words
 * space-separated, and its length: t's own bytes where the words are
 * so there, as most names are, else built in pp->key.
 */
static const char *
name_key(struct panel_people *pp, const char *t, size_t *len)
{
	const struct span *w = pp->pw;
	size_t n = pp->npw, i = 1;

	while (i < n && w[i].s == w[i - 1].e + 1 && t[w[i - 1].e] == ' ')
		i++;
	if (i == n) {
		*len = w[n - 1].e - w[0].s;
		return t + w[0].s;
	}
	panel_buf_reset(&pp->key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			panel_buf_addch(&pp->key, ' ');
		panel_buf_add(&pp->key, t + w[i].s, w[i].e - w[i].s);
	}
	*len = pp->key.len;
	return pp->key.buf;
}

/* The words of t[s..e) that may stand for a person, split anew. */
static void
person_words(struct panel_people *pp, const char *t, size_t s, size_t e)
{
	size_t pos = s, ws, we;

	pp->npw = 0;
	while (panel_names_word(t, e, &pos, &ws, &we))
		if (token_word(pp, t, ws, we))
			add_word(pp, ws, we);
}

/*
 * person_words() for the document's text t[s..e) of t[0..len), from its
 * words split already, words->v[k] being the first at or after s: no
 * word split again, nor a capitalised one's flags looked up again.  Only
 * where no word runs over s or e are t[s..e)'s words the document's;
 * else returns 0.  token_flags() gives what token_word() would look up.
 */
static int
doc_words(struct panel_people *pp, const struct panel_names_words *words,
    const char *t, size_t len, size_t s, size_t e, size_t k)
{
	const struct panel_names_token *w = words->v + k,
	                               *end = words->v + words->n;

	if (!panel_names_whole(t, len, s, e))
		return 0;
	pp->npw = 0;
	for (; w < end && w->start < e; w++)
		if (w->end - w->start >= 2 && may_stand(token_flags(pp, t, w)))
			add_word(pp, w->start, w->end);
	return 1;
}

/* Lets the new token w[0..len) through the filter. */
static void
filter_add(struct panel_people *pp, const char *w, size_t len)
{
	unsigned b = filter_bit(w, len);

	pp->tokbits[b >> 6] |= (uint64_t)1 << (b & 63);
}

/* Makes the word w[0..len) stand for pid, unless it stands for another. */
static void
add_token(struct panel_people *pp, const char *w, size_t len, long pid)
{
	if (panel_strmap_add(pp->tokens, w, len, pid) < 0)
		filter_add(pp, w, len);
}

/* A person not seen before in the thread, as yet without a number. */
static long
new_person(struct panel_people *pp)
{
	PANEL_GROW(pp->number, (size_t)pp->npersons + 1, pp->number_alloc);
	pp->number[pp->npersons] = 0;
	return pp->npersons++;
}

/*
 * Who the person named by the words in pp->pw (of t) is: someone seen
 * before, or new.
 */
static long
find_person(struct panel_people *pp, const char *t)
{
	size_t n = pp->npw, i, klen;
	const struct span *w = pp->pw;
	const char *key;
	long pid = -1, p, last, *full = NULL, *first;

	if (n == 0)
		return -1;
	/*
	 * A name of one word is whom its word stands for, as the code below
	 * finds: a token, once set, is never changed.  So only the longer
	 * names are kept in fullnames.
	 */
	if (n > 1) {
		key = name_key(pp, t, &klen);
		/* -1 until set below: no other name is added to it here. */
		full = panel_strmap_ref(pp->fullnames, key, klen, -1);
		if (*full >= 0)
			return *full;
	}
	/*
	 * "Smith" or "Mr J Smith": the Smith met before; "Mary Smith" is new.
	 * The first word is added as it is looked up, -1 until set below,
	 * before any other token is added.
	 */
	first = panel_strmap_ref(pp->tokens, t + w[0].s, w[0].e - w[0].s, -1);
	p = *first;
	if (p >= 0 && n > 1) {
		/* "Sarah", then "Sarah Fairweather": one person. */
		last = panel_strmap_get(
		    pp->tokens, t + w[n - 1].s, w[n - 1].e - w[n - 1].s);
		if (last < 0 || last == p)
			pid = p;
	} else if (p >= 0)
		pid = p;
	if (pid < 0)
		pid = new_person(pp);
	if (full != NULL)
		*full = pid;
	if (p < 0) {
		*first = pid;
		filter_add(pp, t + w[0].s, w[0].e - w[0].s);
	}
	for (i = 1; i < n; i++)
		add_token(pp, t + w[i].s, w[i].e - w[i].s, pid);
	return pid;
}

/*
 * find_person(), remembered by the name as written: the answer depends
 * on those bytes alone, as a name found is never given to another, and
 * half the names of a document are ones it gave before.
 */
long
panel_people_find(struct panel_people *pp, const char *text, size_t len,
    size_t s, size_t e, const struct panel_names_words *words, size_t k)
{
	/* -2, no one's, until found: find_person() adds nothing to written. */
	long *pid = panel_strmap_ref(pp->written, text + s, e - s, -2);

	if (*pid != -2)
		return *pid;
	if (words == NULL || !doc_words(pp, words, text, len, s, e, k))
		person_words(pp, text, s, e);
	return *pid = find_person(pp, text);
}

void
panel_people_seed(struct panel_people *pp, const char *const *names)
{
	size_t len;

	for (; names && *names; names++) {
		len = strlen(*names);
		panel_people_find(pp, *names, len, 0, len, NULL, 0);
	}
}

void
panel_people_repeats(const struct panel_people *pp,
    const struct panel_names_words *words, const char *text,
    void (*fn)(size_t start, size_t end, long person, void *ctx), void *ctx)
{
	const struct panel_names_token *w = words->v, *end = w + words->n;
	size_t ws, len;
	unsigned f;
	long p;

	if (panel_strmap_count(pp->tokens) == 0)
		return;
	/* The end is read again for fn, not kept: no register is spare. */
	for (; w < end; w++) {
		ws = w->start;
		len = w->end - ws;
		if (len < 2 || !maybe_token(pp->tokbits, text + ws, len) ||
		    (p = panel_strmap_get(pp->tokens, text + ws, len)) < 0)
			continue;
		f = token_flags(pp, text, w);
		if (f & PANEL_NAMES_PLACE)
			continue;
		if ((f & PANEL_NAMES_COMMON) && !w->cap)
			continue;
		fn(ws, w->end, p, ctx);
	}
}

long
panel_people_number(struct panel_people *pp, long person, long *count)
{
	if (pp->number[person] == 0)
		pp->number[person] = ++*count;
	return pp->number[person];
}
