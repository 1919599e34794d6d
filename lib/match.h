#ifndef PANEL_MATCH_H
#define PANEL_MATCH_H

/*
 * Regular expressions through PCRE2: the only module that includes
 * pcre2.h.  Patterns are compiled once, in UTF mode, with JIT where
 * available, and matched under explicit match, depth and heap limits.
 * Matching fails closed: anything but "match" or "no match" (a limit hit,
 * bad UTF-8 in the subject, an internal error) is an error, never taken as
 * "no match".
 */

#include <stddef.h>

#include "err.h"

enum {
	PANEL_MATCH_CASELESS = 1 << 0,
	PANEL_MATCH_MULTILINE = 1 << 1,
};

struct panel_match;

/*
 * Compiles pattern.  PANEL_EINPUT with the offset of the fault in the
 * message if it does not compile.  what names it in messages ("rule
 * phone-uk-mobile", "schema member.json pattern").
 */
int panel_match_compile(struct panel_match **out, const char *what,
    const char *pattern, unsigned flags, struct panel_err *err);

void panel_match_free(struct panel_match *m);

/*
 * Searches subject[0..len) from start.  Returns 1 and sets *mstart and
 * *mend (byte offsets) on a match, 0 on none, a negative PANEL_E* code on
 * any failure (PANEL_EINPUT for invalid UTF-8 at an offset, PANEL_EIO for
 * an aborted match).  Thread-compatible, not thread-safe.
 */
int panel_match_find(size_t *mstart, size_t *mend, struct panel_match *m,
    const char *subject, size_t len, size_t start, struct panel_err *err);

#endif
