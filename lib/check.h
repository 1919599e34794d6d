#ifndef PANEL_CHECK_H
#define PANEL_CHECK_H

/*
 * panel check: every record of a case repository validated against its
 * schema, then the cross-references between records (see panel-record(5)).
 * Works on any folder holding panel.yaml, git repository or not, and only
 * ever reads.
 */

#include <stddef.h>

#include "err.h"

/* What a check found. */
struct panel_check {
	size_t records;  /* record files read */
	size_t problems; /* problems reported */
	size_t
	    unreadable; /* of which: files that could not be read or parsed */
};

/*
 * Checks the repository at root, calling report once for every problem,
 * ordered by path, line and column.  Each problem is located at the file
 * (relative to root, with bytes outside printable ASCII, and the
 * backslash, written \xNN),
 * line and column it concerns; its code is PANEL_EINPUT when the file
 * could not be read or parsed as YAML and PANEL_ENO for every other
 * problem.  Returns 0 when the check ran, whatever it found; PANEL_EINPUT
 * when root holds no panel.yaml or a schema cannot be loaded, PANEL_EIO
 * when root cannot be read.  report may be NULL.
 */
int panel_check_repo(struct panel_check *out, const char *root,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx,
    struct panel_err *err);

#endif
