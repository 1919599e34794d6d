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

/*
 * As panel_match_find(), for a subject the caller has already checked with
 * panel_match_utf8() and not changed since: PCRE2's own check, a pass over
 * the rest of the subject on every call, is skipped.  Passing unchecked
 * bytes here is undefined behaviour.
 */
int panel_match_find_checked(size_t *mstart, size_t *mend,
    struct panel_match *m, const char *subject, size_t len, size_t start,
    struct panel_err *err);

/*
 * As panel_match_find_checked(), trying only matches whose attempt (the
 * context before \K included) starts at or before limit.
 */
int panel_match_find_before(size_t *mstart, size_t *mend, struct panel_match *m,
    const char *subject, size_t len, size_t start, size_t limit,
    struct panel_err *err);

/*
 * Whether every match of m starts at the start of the subject or right
 * after a '\n', as one of (?m)^ does.
 */
int panel_match_at_lines(const struct panel_match *m);

/*
 * The span of capture group n (1-based; 0 is the whole match) in the last
 * successful match of m.  Returns 1 if it took part in the match, else 0.
 */
int panel_match_group(
    size_t *gstart, size_t *gend, const struct panel_match *m, unsigned n);

/*
 * Checks s[0..len) as UTF-8 (RFC 3629: no overlong forms, surrogates or
 * code points over U+10FFFF, as PCRE2 checks it).  Returns len if it is
 * valid, else the offset of the first bad byte.  *badlen, if not NULL, is
 * set to the number of bytes to skip past the fault (at least 1).
 */
size_t panel_match_utf8(const char *s, size_t len, size_t *badlen);

/* The limits every match runs under (see panel-redact-rules(5)). */
#define PANEL_MATCH_LIMIT 5000000u
#define PANEL_MATCH_DEPTH_LIMIT 5000u
#define PANEL_MATCH_HEAP_LIMIT_KIB 20480u

#endif
