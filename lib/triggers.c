#include "triggers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bytes8.h"
#include "strmap.h"
#include "banned.h"

#define WORD_MAX 24
#define FILTER_LOG2 12
#define FILTER_BITS (1u << FILTER_LOG2)
#define NUMBER_MAX 19

/*
 * cls[n]: runs of at least n digits (1 to 9); then digits after a letter,
 * after a letter that starts a word, before a letter, before a letter
 * that ends a word, before a dot and a digit, and starting 00; a colon
 * between hex digits.
 */
enum {
	DIGIT_MAX = 9,
	LETTERDIGIT,
	INITIALDIGIT,
	DIGITLETTER,
	DIGITFINAL,
	DIGITDOT,
	ZEROZERO,
	HEXCOLON,
	NCLASS
};

/* What a byte is to the scanner. */
enum { OTHER, IS_DIGIT, IS_ALPHA, IS_TRIGGER, IS_NEWLINE };

/* The groups a trigger belongs to. */
struct members {
	int *v;
	size_t n, alloc;
};

struct positions {
	size_t *v;
	size_t n, alloc;
};

/*
 * The number being read: where its runs of digits start, and how many
 * digits it has so far.
 */
struct number {
	size_t *run;
	size_t nrun, alloc, ndigits, end;
};

/*
 * The digit group being read (of the groupN triggers): runs joined by
 * single spaces or hyphens, as 943 476 5919 or 12-34-56.
 */
struct digit_group {
	size_t start, end, ndigits;
};

struct panel_triggers {
	struct panel_strmap *words; /* word -> index into wordm */
	/* A word's groups: wherever it is, and first on its line. */
	struct word_members {
		struct members any, first;
	} * wordm;
	size_t nwords, wordm_alloc;
	struct members byte[256], cls[NCLASS];
	/* number[n]: the runs of a number of at least n digits (2 to 19). */
	struct members number[NUMBER_MAX + 1];
	/* exact[n]: where a group of exactly n digits starts (2 to 19). */
	struct members exact[NUMBER_MAX + 1];
	struct digit_group dg;
	/*
	 * The sizes of numberN and digitN that some group has, in ascending
	 * order, so that a number or a run visits only those it reaches.
	 */
	unsigned char sizes[NUMBER_MAX], dsizes[DIGIT_MAX];
	size_t nsizes, ndsizes;
	struct number num;
	unsigned char kind[256];
	/* A bit for the hash of each trigger word: most words need no lookup.
	 */
	uint64_t filter[FILTER_BITS / 64];
	/*
	 * The same for words wanted only first on their line: "to" is
	 * common, "^to" is not, and a word is first on its line far less
	 * often than it is looked up.
	 */
	uint64_t first_filter[FILTER_BITS / 64];
	struct positions *at; /* by group */
	size_t ngroups, alloc;
	struct positions lines; /* where each line starts */
};

struct panel_triggers *
panel_triggers_new(void)
{
	struct panel_triggers *t = panel_xcalloc(1, sizeof(*t));
	unsigned c;

	for (c = '0'; c <= '9'; c++)
		t->kind[c] = IS_DIGIT;
	for (c = 'a'; c <= 'z'; c++)
		t->kind[c] = t->kind[c - 32] = IS_ALPHA;
	t->kind['\n'] = IS_NEWLINE;
	t->words = panel_strmap_new(1); /* the text's words as they are */
	return t;
}

void
panel_triggers_free(struct panel_triggers *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ngroups; i++)
		free(t->at[i].v);
	free(t->at);
	free(t->lines.v);
	for (i = 0; i < t->nwords; i++) {
		free(t->wordm[i].any.v);
		free(t->wordm[i].first.v);
	}
	free(t->wordm);
	for (i = 0; i < 256; i++)
		free(t->byte[i].v);
	for (i = 0; i < NCLASS; i++)
		free(t->cls[i].v);
	for (i = 0; i <= NUMBER_MAX; i++) {
		free(t->number[i].v);
		free(t->exact[i].v);
	}
	free(t->num.run);
	panel_strmap_free(t->words);
	free(t);
}

static void
join(struct members *m, int group)
{
	if (m->n > 0 && m->v[m->n - 1] == group)
		return;
	PANEL_GROW(m->v, m->n + 1, m->alloc);
	m->v[m->n++] = group;
}

/* The top bit of each byte of x that is not an ASCII letter. */
static inline uint64_t
nonletters8(uint64_t x)
{
	return ~panel_letters8(x) & PANEL_HIGHS;
}

/*
 * The filter's hash of a word of n ASCII letters whose first eight are
 * head (see panel_head8()): one multiply, as every word of a text is hashed.
 * Words alike in those and in length share a bit.
 */
static inline unsigned
word_hash(uint64_t head, size_t n)
{
	head |= PANEL_ONES *
	        0x20; /* letters folded; the bytes past the word alike */
	return (unsigned)(((head ^ n) * PANEL_HASH_MUL) >> (64 - FILTER_LOG2));
}

static void
filter_add(uint64_t *filter, const char *w, size_t len)
{
	unsigned h =
	    word_hash(panel_head8((const unsigned char *)w, len, len), len);

	filter[h / 64] |= (uint64_t)1 << (h % 64);
}

/* Whether a trigger word may have the hash h: most words have none. */
static inline int
filter_has(const uint64_t *filter, unsigned h)
{
	return (filter[h / 64] >> (h % 64)) & 1;
}

/*
 * The N of need if it is name followed by N, from lo to hi, in decimal
 * without a leading 0: "digit6", "number10"; 0 otherwise.
 */
static int
counted(const char *need, const char *name, int lo, int hi)
{
	size_t len = strlen(name);
	const char *p = need + len;
	int n = 0;

	if (strncmp(need, name, len) != 0 || *p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9' && n <= hi; p++)
		n = n * 10 + (*p - '0');
	return *p == '\0' && n >= lo && n <= hi ? n : 0;
}

/* The N of "digit" (1) and "digit2" to "digit9"; 0 for any other need. */
static int
digit_run(const char *need)
{
	return strcmp(need, "digit") == 0
	           ? 1
	           : counted(need, "digit", 2, DIGIT_MAX);
}

/* The N of "number2" to "number19"; 0 for any other need. */
static int
number_size(const char *need)
{
	return counted(need, "number", 2, NUMBER_MAX);
}

/* The triggers of a fixed name, and their member lists in cls[]. */
static const struct {
	const char *name;
	int cls;
} named[] = {
    {"letterdigit", LETTERDIGIT},
    {"initialdigit", INITIALDIGIT},
    {"digitletter", DIGITLETTER},
    {"digitfinal", DIGITFINAL},
    {"digitdot", DIGITDOT},
    {"00", ZEROZERO},
    {"hexcolon", HEXCOLON},
};

/* The cls[] index of a trigger of a fixed name; -1 for any other need. */
static int
named_class(const char *need)
{
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcmp(need, named[i].name) == 0)
			return named[i].cls;
	return -1;
}

/* The N of "group2" to "group19"; 0 for any other need. */
static int
group_size(const char *need)
{
	return counted(need, "group", 2, NUMBER_MAX);
}

/* Whether need is a word in lower case, as a trigger may be. */
static int
is_word(const char *need)
{
	const char *p;

	for (p = need; *p; p++)
		if (*p < 'a' || *p > 'z')
			return 0;
	return p > need && p - need <= WORD_MAX;
}

int
panel_triggers_valid(const char *need)
{
	if (need[0] == '^')
		return is_word(need + 1);
	if (digit_run(need) > 0 || number_size(need) > 0 ||
	    group_size(need) > 0 || named_class(need) >= 0)
		return 1;
	if (need[0] != '\0' && need[1] == '\0' &&
	    !(need[0] >= 'a' && need[0] <= 'z'))
		return strchr("@:([{+/#&%", need[0]) != NULL;
	return is_word(need);
}

/* Notes size n among sizes[0..*count), kept in ascending order. */
static void
note_size(unsigned char *sizes, size_t *count, int n)
{
	size_t i;

	for (i = 0; i < *count && sizes[i] < n; i++)
		;
	if (i == *count || sizes[i] != n) {
		memmove(sizes + i + 1, sizes + i, (*count)++ - i);
		sizes[i] = (unsigned char)n;
	}
}

/* The member list of trigger need, which panel_triggers_valid() took. */
static struct members *
members_of(struct panel_triggers *t, const char *need)
{
	size_t len = strlen(need);
	int first, n;
	long k;

	if ((n = named_class(need)) >= 0) {
		/* A colon is looked at only for the hexcolon trigger. */
		if (n == HEXCOLON)
			t->kind[':'] = IS_TRIGGER;
		return &t->cls[n];
	}
	if ((n = digit_run(need)) > 0) {
		note_size(t->dsizes, &t->ndsizes, n);
		return &t->cls[n];
	}
	if ((n = number_size(need)) > 0) {
		note_size(t->sizes, &t->nsizes, n);
		return &t->number[n];
	}
	if ((n = group_size(need)) > 0)
		return &t->exact[n];
	if (len == 1 && !(need[0] >= 'a' && need[0] <= 'z')) {
		t->kind[(unsigned char)need[0]] = IS_TRIGGER;
		return &t->byte[(unsigned char)need[0]];
	}
	first = need[0] == '^';
	need += first;
	len -= first;
	if ((k = panel_strmap_get(t->words, need, len)) < 0) {
		PANEL_GROW(t->wordm, t->nwords + 1, t->wordm_alloc);
		memset(&t->wordm[t->nwords], 0, sizeof(t->wordm[0]));
		k = (long)t->nwords++;
		panel_strmap_put(t->words, need, len, k);
	}
	filter_add(first ? t->first_filter : t->filter, need, len);
	return first ? &t->wordm[k].first : &t->wordm[k].any;
}

int
panel_triggers_group(struct panel_triggers *t, char *const *needs, size_t n)
{
	int g;
	size_t i;

	PANEL_GROW(t->at, t->ngroups + 1, t->alloc);
	memset(&t->at[t->ngroups], 0, sizeof(t->at[0]));
	g = (int)t->ngroups++;
	for (i = 0; i < n; i++)
		join(members_of(t, needs[i]), g);
	return g;
}

/*
 * Records pos for every group of m, in order and once.  Only a number's
 * runs and a digit group's start, recorded when they end, can come before
 * what a group has.
 */
static void
push(struct panel_triggers *t, const struct members *m, size_t pos)
{
	struct positions *p;
	size_t i, k;

	for (i = 0; i < m->n; i++) {
		p = &t->at[m->v[i]];
		for (k = p->n; k > 0 && p->v[k - 1] > pos; k--)
			;
		if (k > 0 && p->v[k - 1] == pos)
			continue;
		PANEL_GROW(p->v, p->n + 1, p->alloc);
		if (k < p->n)
			memmove(p->v + k + 1, p->v + k,
			    (p->n - k) * sizeof(p->v[0]));
		p->v[k] = pos;
		p->n++;
	}
}

/*
 * Records the runs of the number just read under its number triggers,
 * up to the first size it does not reach: most numbers reach none.
 */
static void
number_end(struct panel_triggers *t)
{
	struct number *num = &t->num;
	size_t n, k;

	for (n = 0; n < t->nsizes && t->sizes[n] <= num->ndigits; n++)
		for (k = 0; k < num->nrun; k++)
			push(t, &t->number[t->sizes[n]], num->run[k]);
	num->nrun = num->ndigits = 0;
}

/* Whether u[i..j) joins two runs of digits into one number. */
static int
joins(const unsigned char *u, size_t i, size_t j)
{
	if (j - i > 3)
		return 0;
	for (; i < j; i++)
		if (memchr(" .-()", u[i], 5) == NULL)
			return 0;
	return 1;
}

/*
 * Adds the run of digits u[i..j) to the number being read, which it
 * continues when one to three spaces, dots, hyphens or brackets are all
 * that come between: 07700 900123, (01202) 123 456, 12-34-56.
 */
static void
number_run(struct panel_triggers *t, const unsigned char *u, size_t i, size_t j)
{
	struct number *num = &t->num;

	if (num->nrun > 0 && !(i > num->end && joins(u, num->end, i)))
		number_end(t);
	PANEL_GROW(num->run, num->nrun + 1, num->alloc);
	num->run[num->nrun++] = i;
	num->ndigits += j - i;
	num->end = j;
}

/* Records the digit group just read, if a groupN trigger wants its size. */
static void
digit_group_end(struct panel_triggers *t)
{
	struct digit_group *g = &t->dg;

	if (g->ndigits <= NUMBER_MAX && t->exact[g->ndigits].n > 0)
		push(t, &t->exact[g->ndigits], g->start);
	g->ndigits = 0;
}

/*
 * Adds the run of digits u[i..j) to the digit group being read, which it
 * continues when a single space or hyphen is all that comes between.
 */
static void
digit_group_run(
    struct panel_triggers *t, const unsigned char *u, size_t i, size_t j)
{
	struct digit_group *g = &t->dg;

	if (g->ndigits > 0 &&
	    !(i == g->end + 1 && (u[g->end] == ' ' || u[g->end] == '-')))
		digit_group_end(t);
	if (g->ndigits == 0)
		g->start = i;
	g->ndigits += j - i;
	g->end = j;
}

/*
 * Whether only blanks and quote marks come between u[i] and the start of
 * its line, as before the first word of a line of a quoted e-mail.
 */
static int
first_on_line(const unsigned char *u, size_t i)
{
	while (
	    i > 0 && (u[i - 1] == ' ' || u[i - 1] == '\t' || u[i - 1] == '>'))
		i--;
	return i == 0 || u[i - 1] == '\n';
}

/* Records the word at u[i..j) if it is a trigger. */
static void
word(struct panel_triggers *t, const unsigned char *u, size_t i, size_t j)
{
	long id = panel_strmap_get(t->words, (const char *)u + i, j - i);

	if (id < 0)
		return;
	push(t, &t->wordm[id].any, i);
	if (t->wordm[id].first.n > 0 && first_on_line(u, i))
		push(t, &t->wordm[id].first, i);
}

/*
 * Records the run of ASCII letters at u[i] of u[0..len) if it is a
 * trigger word, and returns where it ends.  Most words end within eight
 * bytes: then one load finds the end and gives the filter's hash.
 */
static inline size_t
letters(struct panel_triggers *t, const unsigned char *u, size_t i, size_t len)
{
	uint64_t x = 0, stop = 0;
	size_t j;
	unsigned h;

	if (i + 8 <= len)
		stop = nonletters8(x = panel_load8(u + i));
	if (stop != 0) {
		j = i + (size_t)__builtin_ctzll(stop) / 8;
		x &= ((uint64_t)1 << (8 * (j - i))) - 1;
	} else {
		/* Past the eight bytes already read, if they were. */
		j = panel_ascii_run(
		    (const char *)u, len, i + 8 <= len ? i + 8 : i, 1);
		x = panel_head8(u + i, j - i, len - i);
	}
	/* A letter run inside a non-ASCII word is no word. */
	h = word_hash(x, j - i);
	if ((i == 0 || u[i - 1] < 0x80) && j - i <= WORD_MAX &&
	    (filter_has(t->filter, h) ||
	        (filter_has(t->first_filter, h) && first_on_line(u, i))))
		word(t, u, i, j);
	/* The space after a word, as most words have, is no trigger. */
	return j < len && u[j] == ' ' ? j + 1 : j;
}

/* Records the run of digits u[i..j) of u[0..len) under the digit triggers. */
static void
digits(struct panel_triggers *t, const unsigned char *u, size_t i, size_t j,
    size_t len)
{
	size_t n;

	for (n = 0; n < t->ndsizes && t->dsizes[n] <= j - i; n++)
		push(t, &t->cls[t->dsizes[n]], i);
	/*
	 * A byte past ASCII next to the letter may be a word's or not: it is
	 * taken as not, so that a trigger wanting a word's edge is not missed.
	 */
	if (i > 0 && t->kind[u[i - 1]] == IS_ALPHA) {
		push(t, &t->cls[LETTERDIGIT], i);
		if (i == 1 || !panel_ascii_word(u[i - 2]))
			push(t, &t->cls[INITIALDIGIT], i);
	}
	if (j < len && t->kind[u[j]] == IS_ALPHA) {
		push(t, &t->cls[DIGITLETTER], i);
		if (j + 1 == len ||
		    !(panel_ascii_word(u[j + 1]) || u[j + 1] == '-'))
			push(t, &t->cls[DIGITFINAL], i);
	}
	if (j + 1 < len && u[j] == '.' && t->kind[u[j + 1]] == IS_DIGIT)
		push(t, &t->cls[DIGITDOT], i);
	if (j - i >= 2 && u[i] == '0' && u[i + 1] == '0')
		push(t, &t->cls[ZEROZERO], i);
	if (t->nsizes > 0)
		number_run(t, u, i, j);
	digit_group_run(t, u, i, j);
}

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* Whether the colon u[i] has a hex digit before it and one or a colon after. */
static int
hex_colon(const unsigned char *u, size_t i, size_t len)
{
	return i > 0 && i + 1 < len && is_hex(u[i - 1]) &&
	       (is_hex(u[i + 1]) || u[i + 1] == ':');
}

static void
line(struct panel_triggers *t, size_t start)
{
	PANEL_GROW(t->lines.v, t->lines.n + 1, t->lines.alloc);
	t->lines.v[t->lines.n++] = start;
}

/*
 * Records what the byte at u[i] of u[0..len) starts, a run of digits, a
 * trigger byte or a line, and returns where that ends.  Out of line, as
 * these are rarer than words and blanks: the scan's loop stays small.
 */
static __attribute__((noinline)) size_t
not_word(struct panel_triggers *t, const unsigned char *u, size_t i, size_t len)
{
	size_t j = i + 1;

	switch (t->kind[u[i]]) {
	case IS_DIGIT:
		while (j < len && t->kind[u[j]] == IS_DIGIT)
			j++;
		digits(t, u, i, j, len);
		break;
	case IS_TRIGGER:
		push(t, &t->byte[u[i]], i);
		if (u[i] == ':' && hex_colon(u, i, len))
			push(t, &t->cls[HEXCOLON], i);
		break;
	case IS_NEWLINE:
		line(t, j);
		break;
	}
	return j;
}

void
panel_triggers_scan(struct panel_triggers *t, const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i, j;

	for (i = 0; i < t->ngroups; i++)
		t->at[i].n = 0;
	t->num.nrun = t->num.ndigits = 0;
	t->dg.ndigits = 0;
	t->lines.n = 0;
	line(t, 0);
	for (i = 0; i < len; i = j) {
		if (t->kind[u[i]] == IS_ALPHA)
			j = letters(t, u, i, len);
		else if (t->kind[u[i]] == OTHER)
			j = i + 1;
		else
			j = not_word(t, u, i, len);
	}
	if (t->num.nrun > 0)
		number_end(t);
	if (t->dg.ndigits > 0)
		digit_group_end(t);
}

const size_t *
panel_triggers_at(const struct panel_triggers *t, int group, size_t *n)
{
	*n = t->at[group].n;
	return t->at[group].v;
}

/*
 * The cursor gallops, then halves the gap: the next trigger is most often
 * on the same line or one near it, but may be hundreds of lines on, and
 * each rule with windows from the line start asks of every trigger.
 */
size_t
panel_triggers_line(const struct panel_triggers *t, size_t pos, size_t *at)
{
	const size_t *v = t->lines.v, n = t->lines.n;
	size_t lo = *at, step = 1, hi, mid;

	while (lo + step < n && v[lo + step] <= pos) {
		lo += step;
		step *= 2;
	}
	for (hi = lo + step < n ? lo + step : n; hi - lo > 1;) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	*at = lo;
	return v[lo];
}
