#ifndef PANEL_WINDOW_H
#define PANEL_WINDOW_H

/*
 * Where a rule with needs is tried: the windows around its triggers.  A
 * match of the rule starts at most before bytes before a trigger (or at
 * its line's start, or a word before it, as the rule's from says) and no
 * later than the trigger, and ends at most after bytes after it.  The
 * windows of triggers that overlap are merged into one; a window without
 * one of the rule's also triggers is skipped, and so is a trigger whose
 * line goes on for more or fewer words than the rule's tail allows.  Kept
 * apart from the matching so that redact.c only scans what it is given.
 */

#include <stddef.h>

#include "rules.h"
#include "triggers.h"

/*
 * Lookaheads may read this far past a window: a subject ends this far
 * past it, and a match that ends near the subject's end is checked again
 * over the whole text.
 */
#define PANEL_WINDOW_SLACK 64

/*
 * One rule's windows over one text: what stays the same while they are
 * walked.  It borrows the rule, the triggers and the text until the last
 * window; it owns the triggers kept by a tail, kept from rule to rule so
 * that they are allocated once.  Its fields are the iterator's own.
 */
struct panel_windows {
	const struct panel_rule *rule;
	const struct panel_triggers *trig;
	const char *t;
	size_t len;
	const size_t *pos, *also; /* the triggers; those also needed */
	size_t npos, nalso;
	int has_also;
	size_t *tailed, tailed_alloc; /* the triggers a rule's tail allows */
};

/*
 * A window and where the walk is.  The caller reads start, last and end;
 * the rest is the iterator's own.  The caller's, on its stack.
 */
struct panel_window {
	size_t start; /* the first attempt, at a character's start */
	size_t last;  /* the last attempt: the window's last trigger */
	size_t end;   /* where the subject ends, at a character's start */
	size_t k, ka, next, line; /* the next trigger; cursors */
};

/* Windows of no rule, with nothing allocated. */
void panel_window_init(struct panel_windows *ws);

/* Frees what ws owns; it may be initialised again. */
void panel_window_release(struct panel_windows *ws);

/*
 * The rest is the iterator's own, inline as it runs for every window:
 * out of line, it cost 0.8 M more instructions on the benchmark.
 */

/*
 * Merges the window w->next starts with those of the triggers after
 * ws->pos[w->k] that overlap it, for a rule whose windows start at a line
 * or a word; see panel_window_merge_bytes_().
 */
void panel_window_merge_starts(
    const struct panel_windows *ws, struct panel_window *w);

/*
 * panel_window_merge_starts() for a rule of bytes: windows overlap when
 * the next trigger is at most before bytes past the last, one comparison.
 */
static inline void
panel_window_merge_bytes_(
    const struct panel_windows *ws, struct panel_window *w)
{
	const size_t *pos = ws->pos;
	size_t k = w->k, n = ws->npos, last = pos[k], before = ws->rule->before;

	w->start = w->next;
	for (k++; k < n && pos[k] <= last + before;)
		last = pos[k++];
	w->next = k < n ? pos[k] - before : 0;
	w->k = k;
	w->last = last;
}

/*
 * Whether one of the positions at[0..n) lies in [from, to]; *k is a
 * cursor, 0 at first, for windows asked about in order.
 */
static inline int
panel_window_any_in_(
    const size_t *at, size_t n, size_t *k, size_t from, size_t to)
{
	while (*k < n && at[*k] < from)
		(*k)++;
	return *k < n && at[*k] <= to;
}

/* i, or the start of the character that i falls inside. */
static inline size_t
panel_window_char_start_(const char *t, size_t i)
{
	while (i > 0 && ((unsigned char)t[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/*
 * Moves w to the next window of ws, which starts no earlier than done,
 * where the scan of the last one stopped (0 for the first): a match is
 * not found twice.  Returns 1 with the window in w, 0 when there are no
 * more.
 */
static inline int
panel_window_next(
    const struct panel_windows *ws, struct panel_window *w, size_t done)
{
	size_t end;

	while (w->k < ws->npos) {
		if (ws->rule->from == PANEL_FROM_BYTES)
			panel_window_merge_bytes_(ws, w);
		else
			panel_window_merge_starts(ws, w);
		if (w->start < done)
			w->start = done;
		if (w->start > w->last ||
		    (ws->has_also &&
		        !panel_window_any_in_(ws->also, ws->nalso, &w->ka,
		            w->start, w->last + ws->rule->after)))
			continue;
		end = w->last + ws->rule->after + PANEL_WINDOW_SLACK;
		/*
		 * PCRE2 may only start and end at a character's start: the
		 * subject was checked whole, so a cut inside a character
		 * would read past it.
		 */
		w->end = end < ws->len ? panel_window_char_start_(ws->t, end)
		                       : ws->len;
		w->start = panel_window_char_start_(ws->t, w->start);
		return 1;
	}
	return 0;
}

/*
 * Keeps in ws->pos those of its triggers followed on their lines by as
 * many words as the rule's tail allows.
 */
void panel_window_tail_(struct panel_windows *ws);

/*
 * Where the window of ws->pos[0] starts, for a rule whose windows start
 * at a line or a word; *line is the cursor of panel_triggers_line().
 */
size_t panel_window_start_(const struct panel_windows *ws, size_t *line);

/*
 * Starts ws on rule (with needs) over t[0..len): its triggers are group's
 * in trig (from the last panel_triggers_scan() of t), those also needed
 * also's (-1 for none).  Returns the walk before its first window, for
 * panel_window_next().  Exits on out of memory only.
 */
static inline struct panel_window
panel_window_first(struct panel_windows *ws, const struct panel_rule *rule,
    const struct panel_triggers *trig, int group, int also, const char *t,
    size_t len)
{
	struct panel_window w = {0};
	size_t line = 0;

	ws->rule = rule;
	ws->trig = trig;
	ws->t = t;
	ws->len = len;
	ws->pos = panel_triggers_at(trig, group, &ws->npos);
	if (rule->has_tail)
		panel_window_tail_(ws);
	ws->has_also = also >= 0;
	ws->nalso = 0;
	ws->also =
	    ws->has_also ? panel_triggers_at(trig, also, &ws->nalso) : NULL;
	if (ws->npos == 0)
		return w;
	if (rule->from != PANEL_FROM_BYTES)
		w.next = panel_window_start_(ws, &line);
	else if (ws->pos[0] > rule->before)
		w.next = ws->pos[0] - rule->before;
	w.line = line;
	return w;
}

#endif
