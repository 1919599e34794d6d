#ifndef PANEL_TRIGGERS_H
#define PANEL_TRIGGERS_H

/*
 * Where in a text the triggers of the redaction rules occur, found in one
 * pass, so that a rule runs only in the windows around its triggers rather
 * than over the whole text.  A trigger is "digit" (the start of a run of
 * digits), "digit2" to "digit9" (of at least so many), "letterdigit" (of
 * digits right after a letter, as in BH15 or WX18), "initialdigit" (of
 * digits right after a letter that starts a word, as in A123 BCD),
 * "digitletter" (of digits right before a letter, as in 123A),
 * "digitfinal" (of digits right before a letter that ends a word, as in
 * ABC 123D, no hyphen after it), "digitdot" (of digits before a dot and a
 * digit, as in 10.0.0.1), "00" (of digits that start 00, as an
 * international number does), "hexcolon" (a colon with a hex digit before
 * it and a hex digit or colon after, as in fe80::1), "number2" to
 * "number19" (each run of a number of at least so many digits, its runs
 * joined by one to three spaces, dots, hyphens or brackets, as in (01202)
 * 123 456), "group2" to "group19" (the start of a group of exactly so many
 * digits, its runs joined by single spaces or hyphens and no digit joined
 * so before or after it, as in 943 476 5919 or 12-34-56), one punctuation
 * character, or a word in lower case (ASCII letters, matched whole and
 * case folded), which after a "^" counts only first on its line (after
 * blanks and the > of quoted e-mail).
 *
 * Each rule registers its triggers as a group; the scan lists, for each
 * group, where any of its triggers occurs, in order.
 */

#include <stddef.h>

struct panel_triggers;

/* Whether need is one of the triggers above. */
int panel_triggers_valid(const char *need);

struct panel_triggers *panel_triggers_new(void);
void panel_triggers_free(struct panel_triggers *t);

/*
 * Registers the group of triggers needs[0..n) (each as rules.h checks
 * it) and returns its id.
 */
int panel_triggers_group(
    struct panel_triggers *t, char *const *needs, size_t n);

/* Finds every registered trigger in text[0..len), forgetting the last. */
void panel_triggers_scan(
    struct panel_triggers *t, const char *text, size_t len);

/* Where group id's triggers occur in the last text scanned; borrowed. */
const size_t *panel_triggers_at(
    const struct panel_triggers *t, int group, size_t *n);

/*
 * Where the line that holds pos starts in the last text scanned.  *at is
 * a cursor, 0 at first: asked in order, the lines are read once.  It is
 * left at the line's index, 0 for the first: its number less one.
 */
size_t panel_triggers_line(
    const struct panel_triggers *t, size_t pos, size_t *at);

#endif
