#define PCRE2_CODE_UNIT_WIDTH 8
#include "match.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

/*
 * One compiled pattern with everything a match needs, so that matching
 * allocates nothing: the match data is made once, sized for the pattern's
 * groups, and reused by every call.
 */
struct panel_match {
	char *what;
	pcre2_code *code;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	PCRE2_SIZE *ov; /* md's, which stays where it is */
	int at_lines;   /* matches start only where lines do */
	pcre2_jit_stack *jstack;
	pcre2_general_context *gctx;
	int jit;
};

#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX (1024 * 1024)

static void
pcre_message(char *out, size_t size, int rc)
{
	PCRE2_UCHAR msg[256];

	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		snprintf(out, size, "pcre2 error %d", rc);
	else
		snprintf(out, size, "%s", (const char *)msg);
}

/*
 * PCRE2 allocates through these, so that running out of memory ends the
 * program as everywhere else in lib/ rather than surfacing as a failed
 * match.  The heap limit stops a runaway match long before that.
 */
static void *
pcre_alloc(PCRE2_SIZE size, void *data)
{
	(void)data;
	return panel_xmalloc(size);
}

static void
pcre_free(void *p, void *data)
{
	(void)data;
	free(p);
}

/*
 * Whether code matches only at the start of the subject or after a '\n':
 * PCRE2 knows it of a pattern whose every branch starts with (?m)^.
 */
static int
pattern_at_lines(const pcre2_code *code)
{
	uint32_t type = 0, newline = 0;

	return pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 &&
	       pcre2_pattern_info(code, PCRE2_INFO_NEWLINE, &newline) == 0 &&
	       type == 2 && newline == PCRE2_NEWLINE_LF;
}

/* Makes the match context, with the limits and (for JIT) its own stack. */
static void
match_setup(struct panel_match *m)
{
	m->mctx = pcre2_match_context_create(m->gctx);
	pcre2_set_match_limit(m->mctx, PANEL_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, PANEL_MATCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, PANEL_MATCH_HEAP_LIMIT_KIB);
	m->jit = pcre2_jit_compile(m->code, PCRE2_JIT_COMPLETE) == 0;
	if (m->jit) {
		m->jstack = pcre2_jit_stack_create(
		    JIT_STACK_START, JIT_STACK_MAX, m->gctx);
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
	}
	m->md = pcre2_match_data_create_from_pattern(m->code, m->gctx);
	m->ov = pcre2_get_ovector_pointer(m->md);
	m->at_lines = pattern_at_lines(m->code);
}

int
panel_match_compile(struct panel_match **out, const char *what,
    const char *pattern, unsigned flags, struct panel_err *err)
{
	struct panel_match *m;
	pcre2_compile_context *cctx;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT;
	PCRE2_SIZE off;
	char msg[256];
	int rc;

	*out = NULL;
	if (flags & PANEL_MATCH_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & PANEL_MATCH_MULTILINE)
		opts |= PCRE2_MULTILINE;
	m = panel_xcalloc(1, sizeof(*m));
	m->gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
	cctx = pcre2_compile_context_create(m->gctx);
	m->code = pcre2_compile(
	    (PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &rc, &off, cctx);
	pcre2_compile_context_free(cctx);
	if (m->code == NULL) {
		pcre_message(msg, sizeof(msg), rc);
		pcre2_general_context_free(m->gctx);
		free(m);
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "%s: pattern does not compile at offset %zu: %s", what,
		    (size_t)off, msg);
	}
	m->what = panel_xstrdup(what);
	match_setup(m);
	*out = m;
	return 0;
}

void
panel_match_free(struct panel_match *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_jit_stack_free(m->jstack);
	pcre2_match_context_free(m->mctx);
	pcre2_code_free(m->code);
	pcre2_general_context_free(m->gctx);
	free(m->what);
	free(m);
}

/*
 * Translates a failed match.  Only PCRE2_ERROR_NOMATCH means "no match";
 * everything else (a limit, bad UTF-8, an internal error) fails closed.
 * Out of line, so that its message buffers are no part of every match's
 * stack frame.
 */
static __attribute__((noinline, cold)) int
match_fail(struct panel_match *m, int rc, struct panel_err *err)
{
	char msg[256];

	pcre_message(msg, sizeof(msg), rc);
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "%s: invalid UTF-8 at byte %zu: %s", m->what,
		    (size_t)pcre2_get_startchar(m->md), msg);
	return panel_err_set(
	    err, PANEL_EIO, NULL, 0, 0, "%s: match aborted: %s", m->what, msg);
}

static __attribute__((noinline, cold)) int
past_end(struct panel_match *m, size_t start, struct panel_err *err)
{
	return panel_err_set(err, PANEL_EUSAGE, NULL, 0, 0,
	    "%s: start %zu is past the end of the subject", m->what, start);
}

static __attribute__((noinline, cold)) int
match_backwards(struct panel_match *m, struct panel_err *err)
{
	return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
	    "%s: match starts after its end (\\K in a lookahead)", m->what);
}

/*
 * Inlined into each caller, with its options known: no stack-passed
 * arguments nor tests of them on the way to the JIT code.
 */
static inline __attribute__((always_inline)) int
match_run(size_t *mstart, size_t *mend, struct panel_match *m,
    const char *subject, size_t len, size_t start, size_t limit, uint32_t opts,
    struct panel_err *err)
{
	int rc;

	if (start > len)
		return past_end(m, start, err);
	/*
	 * A subject already checked goes straight to the JIT code, which
	 * skips pcre2_match()'s argument checks: redaction calls this once
	 * per window around a trigger, so the entry cost counts.
	 */
	pcre2_set_offset_limit(m->mctx, limit);
	if (m->jit && (opts & PCRE2_NO_UTF_CHECK))
		rc = pcre2_jit_match(m->code, (PCRE2_SPTR)subject, len, start,
		    0, m->md, m->mctx);
	else
		rc = pcre2_match(m->code, (PCRE2_SPTR)subject, len, start, opts,
		    m->md, m->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	/* rc == 0 would mean the ovector is too small: it never is. */
	if (rc <= 0)
		return match_fail(m, rc == 0 ? PCRE2_ERROR_INTERNAL : rc, err);
	*mstart = m->ov[0];
	*mend = m->ov[1];
	/* \K in a lookahead could put the start after the end: refused. */
	if (*mstart > *mend)
		return match_backwards(m, err);
	return 1;
}

int
panel_match_find(size_t *mstart, size_t *mend, struct panel_match *m,
    const char *subject, size_t len, size_t start, struct panel_err *err)
{
	return match_run(
	    mstart, mend, m, subject, len, start, PCRE2_UNSET, 0, err);
}

int
panel_match_find_checked(size_t *mstart, size_t *mend, struct panel_match *m,
    const char *subject, size_t len, size_t start, struct panel_err *err)
{
	return match_run(mstart, mend, m, subject, len, start, PCRE2_UNSET,
	    PCRE2_NO_UTF_CHECK, err);
}

int
panel_match_find_before(size_t *mstart, size_t *mend, struct panel_match *m,
    const char *subject, size_t len, size_t start, size_t limit,
    struct panel_err *err)
{
	return match_run(mstart, mend, m, subject, len, start, limit,
	    PCRE2_NO_UTF_CHECK, err);
}

int
panel_match_at_lines(const struct panel_match *m)
{
	return m->at_lines;
}

int
panel_match_group(
    size_t *gstart, size_t *gend, const struct panel_match *m, unsigned n)
{
	PCRE2_SIZE *ov;

	if (n >= pcre2_get_ovector_count(m->md))
		return 0;
	ov = pcre2_get_ovector_pointer(m->md);
	if (ov[2 * n] == PCRE2_UNSET)
		return 0;
	*gstart = ov[2 * n];
	*gend = ov[2 * n + 1];
	return 1;
}

/* The length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t
utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* The end of the run of ASCII bytes that starts at u[i]. */
static size_t
ascii_run(const unsigned char *u, size_t i, size_t len)
{
	uint64_t w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, u + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < len && u[i] < 0x80)
		i++;
	return i;
}

size_t
panel_match_utf8(const char *s, size_t len, size_t *badlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, j;

	while (i < len) {
		/* ASCII runs are the common case: take them eight at a time. */
		if (u[i] < 0x80) {
			i = ascii_run(u, i, len);
			continue;
		}
		n = utf8_seq(u + i, len - i);
		if (n == 0)
			break;
		i += n;
	}
	if (i < len && badlen != NULL) {
		/* Skip the lead byte and any continuation bytes after it. */
		for (j = i + 1; j < len && (u[j] & 0xc0) == 0x80 && j - i < 4;)
			j++;
		*badlen = j - i;
	}
	return i;
}
