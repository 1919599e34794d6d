#include "window.h"

#include <stdint.h>
#include <stdlib.h>

#include "alloc.h"
#include "bytes8.h"
#include "banned.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The top bit of each byte of x that is a blank or a line break. */
static inline uint64_t
breaks8(uint64_t x)
{
	return panel_eq8(x, ' ') | panel_eq8(x, '\t') | panel_eq8(x, '\n');
}

static int
is_break(char c)
{
	return is_blank(c) || c == '\n';
}

/* The bit of the n-th highest top bit set in m (n from 1; m has n). */
static unsigned
nth_top(uint64_t m, unsigned n)
{
	while (--n > 0)
		m &= ~((uint64_t)1 << (63 - __builtin_clzll(m)));
	return 63 - (unsigned)__builtin_clzll(m);
}

/*
 * Reads back from p, no further than floor, to the start of p's word or
 * of the word rule->words words before it on its line, or to the line's
 * start if there are fewer: eight bytes at a time, where a word starts
 * after a blank or line break, as this is done for every trigger of a
 * rule with a word window.
 */
static size_t
read_back(const struct panel_rule *rule, const char *t, size_t p, size_t floor)
{
	unsigned k = rule->words + 1, top, c; /* k: the starts to go back */
	size_t end = p + 1, b, n;             /* t[b..end): the eight bytes */
	uint64_t x, breaks, starts, nl, valid;

	for (;; end = b) {
		b = end - floor >= 8 ? end - 8 : floor;
		n = end - b;
		x = panel_head8(t + b, n, n);
		valid = n < 8 ? ((uint64_t)1 << (8 * n)) - 1 : ~(uint64_t)0;
		breaks = breaks8(x) & valid;
		starts =
		    ~breaks & valid & PANEL_HIGHS &
		    (breaks << 8 | (b == 0 || is_break(t[b - 1]) ? 0x80 : 0));
		if ((nl = panel_eq8(x, '\n') & valid) != 0) {
			/* The line starts after its last break: no further. */
			top = 63 - (unsigned)__builtin_clzll(nl);
			starts =
			    top == 63 ? 0 : starts >> (top + 1) << (top + 1);
			c = panel_count8(starts);
			return b + (c >= k ? nth_top(starts, k) : top + 1) / 8;
		}
		if ((c = panel_count8(starts)) >= k)
			return b + nth_top(starts, k) / 8;
		if (b == floor)
			return floor;
		k -= c;
	}
}

/*
 * Where the window of the trigger at p starts: before bytes back, or at
 * the start of the trigger's line (line is the cursor) or word (or a word
 * before it) for a rule whose matches start there.  prev is the trigger
 * before (0 for none) and prev_ws where its window starts: text is read
 * back no further than prev.  Inlined, as it is asked of every trigger.
 */
static inline __attribute__((always_inline)) size_t
window_start(const struct panel_windows *ws, size_t p, size_t prev,
    size_t prev_ws, size_t *line)
{
	const struct panel_rule *rule = ws->rule;
	size_t lo = p > rule->before ? p - rule->before : 0, q;

	if (rule->from == PANEL_FROM_BYTES)
		return lo;
	if (rule->from == PANEL_FROM_LINE) {
		q = panel_triggers_line(ws->trig, p, line);
		return q > lo ? q : lo;
	}
	if (prev <= lo)
		return read_back(rule, ws->t, p, lo);
	q = read_back(rule, ws->t, p, prev);
	/*
	 * Reading reached prev: p's window starts no earlier than prev's,
	 * so starting there too loses nothing.
	 */
	return q > prev ? q : prev_ws > lo ? prev_ws : lo;
}

/*
 * The top bit of each byte of x that starts a word: a letter, a digit or
 * a byte past ASCII after a blank or a line break (for the first byte,
 * after_blank says whether the byte before it is one).
 */
static inline uint64_t
word_starts8(uint64_t x, int after_blank)
{
	uint64_t word =
	    panel_letters8(x) | panel_digits8(x) | (x & PANEL_HIGHS);

	return word & (breaks8(x) << 8 | (after_blank ? 0x80 : 0));
}

/*
 * How many words start after p on its line, counted to cap + 1 or a few
 * more: eight bytes at a time, as the line of every trigger of a rule
 * with a tail is read.
 */
static unsigned
words_after(const char *t, size_t len, size_t p, unsigned cap)
{
	unsigned n = 0;
	uint64_t x, starts, nl;
	size_t a;

	for (a = p + 1; a < len && n <= cap; a += 8) {
		x = panel_head8(t + a, len - a < 8 ? len - a : 8, len - a);
		starts = word_starts8(x, is_break(t[a - 1]));
		/* Only the words before the line break count. */
		if ((nl = panel_eq8(x, '\n')) != 0)
			return n +
			       panel_count8(starts & (((nl & -nl) >> 7) - 1));
		n += panel_count8(starts);
	}
	return n;
}

/* Copied to ws->tailed.  Out of line, as few rules have a tail. */
void
panel_window_tail_(struct panel_windows *ws)
{
	const struct panel_rule *rule = ws->rule;
	size_t k, kept = 0;
	unsigned words;

	PANEL_GROW(ws->tailed, ws->npos, ws->tailed_alloc);
	for (k = 0; k < ws->npos; k++) {
		words = words_after(ws->t, ws->len, ws->pos[k], rule->tail_max);
		if (words >= rule->tail_min && words <= rule->tail_max)
			ws->tailed[kept++] = ws->pos[k];
	}
	ws->pos = ws->tailed;
	ws->npos = kept;
}

void
panel_window_init(struct panel_windows *ws)
{
	*ws = (struct panel_windows){0};
}

void
panel_window_release(struct panel_windows *ws)
{
	free(ws->tailed);
	panel_window_init(ws);
}

size_t
panel_window_start_(const struct panel_windows *ws, size_t *line)
{
	return window_start(ws, ws->pos[0], 0, 0, line);
}

void
panel_window_merge_starts(
    const struct panel_windows *ws, struct panel_window *w)
{
	const size_t *pos = ws->pos;
	size_t k = w->k, n = ws->npos, last = pos[k], next = w->next,
	       line = w->line;

	w->start = next;
	for (k++; k < n; k++) {
		next = window_start(ws, pos[k], pos[k - 1], next, &line);
		if (next > last)
			break;
		last = pos[k];
	}
	w->k = k;
	w->last = last;
	w->next = next;
	w->line = line;
}
