#ifndef PANEL_TERMS_H
#define PANEL_TERMS_H

/*
 * Terms found as whole words, case folded, blanks matching any run of
 * blanks: the allow-list and the names from the records.  Their pattern
 * (an alternation of them all) would run at every character of the text;
 * so when the terms are all ASCII they are looked up by the byte each may
 * start with, and the pattern runs only where that cannot tell.
 */

#include <stddef.h>

#include "err.h"
#include "names.h"

struct panel_terms;

struct panel_terms *panel_terms_new(void);
/* Frees tl and its terms; NULL does nothing. */
void panel_terms_free(struct panel_terms *tl);

/* Adds a copy of term; an empty one is ignored. */
void panel_terms_add(struct panel_terms *tl, const char *term);

/*
 * Builds the pattern and the index for the terms added since the last
 * call; what names the list in messages.  PANEL_EINPUT if the pattern
 * does not compile.
 */
int panel_terms_prepare(
    struct panel_terms *tl, const char *what, struct panel_err *err);

/* Whether tl, as last prepared, has any term. */
int panel_terms_any(const struct panel_terms *tl);

/*
 * The first term of tl in t[0..len) at or after pos, w being t's words
 * (panel_names_split()): 1 with [*s, *e), 0 if there is none, or a
 * negative PANEL_E* if the pattern fails.  t must be valid UTF-8.
 */
int panel_terms_next(struct panel_terms *tl, const struct panel_names_words *w,
    const char *t, size_t len, size_t pos, size_t *s, size_t *e,
    struct panel_err *err);

#endif
