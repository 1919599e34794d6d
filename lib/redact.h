#ifndef PANEL_REDACT_H
#define PANEL_REDACT_H

/*
 * Personal data out of correspondence: the detector that panel-redact(1),
 * panel_commit_guard() and publication share.  A detector is built once
 * (rules compiled, lists loaded) and then runs over any number of
 * documents, each in time linear in its length and memory bounded by it.
 *
 * What is found is replaced by a typed placeholder, consistent within a
 * thread (one document, or several the caller chains): the same person is
 * [PERSON-1] wherever they appear.  Names found anywhere in a document are
 * redacted wherever else they occur in it, in any case.  Line structure is
 * kept.  Invalid UTF-8 is replaced by U+FFFD, logged, and the rest of the
 * document is redacted as usual.
 *
 * Redaction fails closed: a match that is aborted (a PCRE2 limit) or fails
 * for any reason other than "no match" makes the whole call fail with
 * PANEL_EIO, and the result holds nothing.
 */

#include <stddef.h>

#include "buf.h"
#include "doc.h"
#include "err.h"

enum panel_redact_style {
	PANEL_REDACT_NUMBERED, /* [PERSON-1] */
	PANEL_REDACT_TYPED,    /* [PERSON] */
	PANEL_REDACT_MASKED,   /* one * per character removed */
};

#define PANEL_REDACT_PLACEHOLDER 40

/* One removal; the removed text itself is never kept. */
struct panel_redact_hit {
	const char *type;      /* "PHONE", or "INVALID-UTF8"; borrowed */
	const char *rule;      /* the rule's id; borrowed from the detector */
	size_t start, end;     /* bytes of the (UTF-8-repaired) input */
	unsigned line, column; /* 1-based; the column counts characters */
	unsigned length;       /* characters removed */
	char placeholder[PANEL_REDACT_PLACEHOLDER]; /* "" in masked style */
};

struct panel_redact_result {
	struct panel_buf text;         /* the redacted text */
	struct panel_redact_hit *hits; /* in order of position */
	size_t nhits, alloc;
	size_t nbad; /* how many hits are invalid UTF-8 */
};

struct panel_redact;

/*
 * Builds a detector from the default rules and, when panel is not NULL,
 * the root of a repository's panel.yaml (named file in messages): its
 * redact section, and its name, force and opcc as terms to keep.
 * PANEL_EINPUT for a fault in either, at file:line:col.
 */
int panel_redact_new(struct panel_redact **out, const char *file,
    const struct panel_node *panel, struct panel_err *err);
void panel_redact_free(struct panel_redact *r);

/* Adds a term that is kept wherever it occurs (case folded). */
void panel_redact_allow(struct panel_redact *r, const char *term);

/*
 * Adds the name of someone known from the records (a member, the force's
 * staff): redacted wherever it occurs in full.
 */
void panel_redact_name(struct panel_redact *r, const char *name);

/*
 * With on set, every rule runs over the whole text, its needs ignored:
 * slower, and for tests that show the needs lose nothing.
 */
void panel_redact_exhaustive(struct panel_redact *r, int on);

/* Starts a new thread: numbering and the names found are forgotten. */
void panel_redact_thread(struct panel_redact *r);

void panel_redact_result_init(struct panel_redact_result *res);
void panel_redact_result_release(struct panel_redact_result *res);

/*
 * Redacts text[0..len) into res (emptied first).  names, NULL or
 * NULL-terminated, are names this document's own record gives (the
 * correspondent's name field): they and each of their words are redacted.
 * file names the document in messages.  On failure res is empty.
 */
int panel_redact_run(struct panel_redact_result *res, struct panel_redact *r,
    const char *file, const char *text, size_t len, const char *const *names,
    enum panel_redact_style style, struct panel_err *err);

/*
 * Appends the redaction log of res as YAML (item names the document) to
 * out: for each removal its type, rule, line, column, length and
 * placeholder.
 */
int panel_redact_log(struct panel_buf *out,
    const struct panel_redact_result *res, const char *item,
    struct panel_err *err);

/*
 * Runs every rule's examples as tests of the rule set: each "match" must
 * be found by its rule and each "nomatch" must not.  Calls report for
 * each failure (located at the rule) and returns how many; a failed
 * match is reported and counted too.
 */
size_t panel_redact_selftest(struct panel_redact *r,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx);

#endif
