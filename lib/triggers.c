#include "triggers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bytes8.h"
#include "banned.h"

#define WORD_MAX 24
#define FILTER_LOG2 12
#define FILTER_SIZE (1u << FILTER_LOG2)
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

/* What the filter holds of a hash. */
enum { HASH_ANYWHERE = 1, HASH_FIRST = 2 };

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

/*
 * A trigger word, with its groups: wherever it is, and first on its line.
 * Its letters are kept folded (see fold8()), eight to a word, and the
 * words of one hash are chained, so that a lookup takes the hash the
 * filter took and compares a word or three.
 */
struct word {
	uint64_t head, tail[(WORD_MAX - 1) / 8];
	size_t len;
	int next; /* the next word of the same hash, or -1 */
	struct members any, first;
};

struct panel_triggers {
	struct word *wordm;
	size_t nwords, wordm_alloc;
	int word_at[FILTER_SIZE]; /* by hash: the first word, or -1 */
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
	/*
	 * By hash: whether a trigger word has it, wanted anywhere or only
	 * first on its line (HASH_ANYWHERE, HASH_FIRST).  Most words need no
	 * lookup, and a byte, not a bit, is one load to tell.  A word wanted
	 * only first on its line is looked up only there, as "to" is common,
	 * "^to" is not, and a word is first on its line far less often than
	 * it is looked up.
	 */
	unsigned char filter[FILTER_SIZE];
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
	memset(t->word_at, 0xff, sizeof(t->word_at)); /* all -1 */
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

/*
 * The top bit of the first byte of x that is not an ASCII letter, and of
 * some after it; 0 if all eight are letters.  Folded, a letter is 'a' to
 * 'z', from_a's top bit is set for 'a' to 0xe0 and past_z's for '{' to
 * 0xfa, and past those a sum wraps.  Only such sums carry into the next
 * byte, and none is a letter's: the bytes up to the first that is not a
 * letter are right.  Four constants, not panel_letters8()'s five, and
 * fewer steps, as this is done to every word.
 */
static inline uint64_t
first_nonletter8(uint64_t x)
{
	uint64_t low = x | PANEL_ONES * 0x20;              /* folded */
	uint64_t from_a = low + PANEL_ONES * (0x80 - 'a'); /* >= 'a' */
	uint64_t past_z = low + PANEL_ONES * (0x7f - 'z'); /* > 'z' */

	return (~from_a | past_z) & PANEL_HIGHS;
}

/*
 * x, eight ASCII letters or fewer and zeros, with the letters folded to
 * lower case and the bytes past them alike.
 */
static inline uint64_t
fold8(uint64_t x)
{
	return x | PANEL_ONES * 0x20;
}

/*
 * The hash of a word of n ASCII letters whose first eight are head (see
 * panel_head8()): one multiply, as every word of a text is hashed.  Words
 * alike in those and in length share a hash.
 */
static inline unsigned
word_hash(uint64_t head, size_t n)
{
	return (unsigned)(((fold8(head) ^ n) * PANEL_HASH_MUL) >>
	                  (64 - FILTER_LOG2));
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

/*
 * Whether the letters of w past its first eight are those of the n letters
 * at u, avail bytes being readable there.
 */
static int
same_tail(const struct word *w, const unsigned char *u, size_t n, size_t avail)
{
	size_t at;

	for (at = 8; at < n; at += 8)
		if (w->tail[at / 8 - 1] !=
		    fold8(panel_head8(u + at, n - at, avail - at)))
			return 0;
	return 1;
}

/*
 * The trigger word of the n letters at u (avail bytes readable there),
 * whose first eight are head and whose hash is h: its index, or -1.
 */
static inline int
find_word(const struct panel_triggers *t, const unsigned char *u, size_t n,
    size_t avail, uint64_t head, unsigned h)
{
	const struct word *w;
	int k;

	for (k = t->word_at[h]; k >= 0; k = w->next) {
		w = &t->wordm[k];
		if (w->head == fold8(head) && w->len == n &&
		    (n <= 8 || same_tail(w, u, n, avail)))
			return k;
	}
	return -1;
}

/* Adds the word of the n letters at u, whose hash is h; returns its index. */
static int
add_word(struct panel_triggers *t, const unsigned char *u, size_t n, unsigned h)
{
	struct word *w;
	size_t at;

	PANEL_GROW(t->wordm, t->nwords + 1, t->wordm_alloc);
	w = memset(&t->wordm[t->nwords], 0, sizeof(*w));
	w->head = fold8(panel_head8(u, n, n));
	for (at = 8; at < n; at += 8)
		w->tail[at / 8 - 1] =
		    fold8(panel_head8(u + at, n - at, n - at));
	w->len = n;
	w->next = t->word_at[h];
	t->word_at[h] = (int)t->nwords;
	return (int)t->nwords++;
}

/* The member list of trigger need, which panel_triggers_valid() took. */
static struct members *
members_of(struct panel_triggers *t, const char *need)
{
	size_t len = strlen(need);
	const unsigned char *w;
	int first, n, k;
	uint64_t head;
	unsigned h;

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
	w = (const unsigned char *)need + first;
	len -= first;
	head = panel_head8(w, len, len);
	h = word_hash(head, len);
	if ((k = find_word(t, w, len, len, head, h)) < 0)
		k = add_word(t, w, len, h);
	t->filter[h] |= first ? HASH_FIRST : HASH_ANYWHERE;
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
 * Puts pos in its place in p, once: what push() leaves to this, when pos
 * is not past the last position or p is full.  Only a number's runs and a
 * digit group's start, recorded when they end, can come before what a
 * group has.
 */
static __attribute__((noinline)) void
insert(struct positions *p, size_t pos)
{
	size_t k;

	for (k = p->n; k > 0 && p->v[k - 1] > pos; k--)
		;
	if (k > 0 && p->v[k - 1] == pos)
		return;
	PANEL_GROW(p->v, p->n + 1, p->alloc);
	memmove(p->v + k + 1, p->v + k, (p->n - k) * sizeof(p->v[0]));
	p->v[k] = pos;
	p->n++;
}

/*
 * Records pos for every group of m, in order and once.  Inlined, as it is
 * done for most triggers found: a position after the last, with room for
 * it, is stored in place.
 */
static inline void
push(struct panel_triggers *t, const struct members *m, size_t pos)
{
	struct positions *p;
	size_t i;

	for (i = 0; i < m->n; i++) {
		p = &t->at[m->v[i]];
		if ((p->n > 0 && p->v[p->n - 1] >= pos) || p->n == p->alloc)
			insert(p, pos);
		else
			p->v[p->n++] = pos;
	}
}

/*
 * Records the runs of the number just read under its number triggers,
 * up to the first size it does not reach.  Inlined, as most numbers
 * reach none: then this is a compare, not a call.
 */
static inline void
number_end(struct panel_triggers *t)
{
	struct number *num = &t->num;
	size_t n, k;

	for (n = 0; n < t->nsizes && t->sizes[n] <= num->ndigits; n++)
		for (k = 0; k < num->nrun; k++)
			push(t, &t->number[t->sizes[n]], num->run[k]);
	num->nrun = num->ndigits = 0;
}

/*
 * Whether u[i..j) joins two runs of digits into one number: one to three
 * of " .-()", all below 64, so a bit each of one word, not a memchr() a
 * byte.
 */
static int
joins(const unsigned char *u, size_t i, size_t j)
{
	const uint64_t set =
	    1ULL << ' ' | 1ULL << '.' | 1ULL << '-' | 1ULL << '(' | 1ULL << ')';

	if (j - i > 3)
		return 0;
	for (; i < j; i++)
		if (u[i] >= 64 || !((set >> u[i]) & 1))
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

/*
 * Records the word at u[i..j) of u[0..len) if it is a trigger: head and h
 * are its first eight letters and its hash.
 */
static void
word(struct panel_triggers *t, const unsigned char *u, size_t i, size_t j,
    size_t len, uint64_t head, unsigned h)
{
	int id = find_word(t, u + i, j - i, len - i, head, h);

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
	unsigned h, f;

	if (i + 8 <= len)
		stop = first_nonletter8(x = panel_load8(u + i));
	if (stop != 0) {
		j = i + (unsigned)__builtin_ctzll(stop) / 8;
		/* The bits below stop's lowest, less the byte it is in. */
		x &= (stop ^ (stop - 1)) >> 8;
	} else {
		/* Past the eight bytes already read, if they were. */
		j = panel_ascii_run(
		    (const char *)u, len, i + 8 <= len ? i + 8 : i, 1);
		x = panel_head8(u + i, j - i, len - i);
	}
	/*
	 * The filter first, as most words miss; a letter run inside a
	 * non-ASCII word is no word.
	 */
	h = word_hash(x, j - i);
	if ((f = t->filter[h]) != 0 && j - i <= WORD_MAX &&
	    (i == 0 || u[i - 1] < 0x80) &&
	    ((f & HASH_ANYWHERE) || first_on_line(u, i)))
		word(t, u, i, j, len, x, h);
	/* The space after a word, as most words have, is no trigger. */
	return j < len && u[j] == ' ' ? j + 1 : j;
}

/*
 * Records the run of digits at u[i] of u[0..len) under the digit triggers
 * and returns where it ends.  Out of line, as runs are rarer than words
 * and blanks: the scan's loop stays small.
 */
static __attribute__((noinline)) size_t
digits(struct panel_triggers *t, const unsigned char *u, size_t i, size_t len)
{
	size_t j = i + 1, n;

	while (j < len && t->kind[u[j]] == IS_DIGIT)
		j++;

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
	return j;
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

static inline void
line(struct panel_triggers *t, size_t start)
{
	PANEL_GROW(t->lines.v, t->lines.n + 1, t->lines.alloc);
	t->lines.v[t->lines.n++] = start;
}

/* Records the trigger byte u[i] of u[0..len): out of line, as digits(). */
static __attribute__((noinline)) void
trigger_byte(
    struct panel_triggers *t, const unsigned char *u, size_t i, size_t len)
{
	push(t, &t->byte[u[i]], i);
	if (u[i] == ':' && hex_colon(u, i, len))
		push(t, &t->cls[HEXCOLON], i);
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
		else if (t->kind[u[i]] == IS_NEWLINE)
			line(t, j = i + 1); /* as common as digits, and cheap */
		else if (t->kind[u[i]] == IS_DIGIT)
			j = digits(t, u, i, len);
		else {
			trigger_byte(t, u, i, len);
			j = i + 1;
		}
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
