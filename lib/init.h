#ifndef PANEL_INIT_H
#define PANEL_INIT_H

/*
 * panel init: a new case repository, empty or copied from a folder that
 * holds a panel (such as examples/dorset-csip).  All or nothing: on any
 * failure what was made is removed again.
 */

#include <stddef.h>

#include "err.h"
#include "git.h"

#define PANEL_INIT_NAME "Scrutiny Panel"
#define PANEL_INIT_NAME_MAX 200

struct panel_init_opts {
	const char *name; /* the panel's name; NULL: the source's or default */
	const char *from; /* a folder holding a panel to copy, or NULL */
	int no_commit;    /* write the files but commit nothing */
};

/* What panel_init_repo() made; release with panel_init_result_release(). */
struct panel_init_result {
	char *name;     /* the panel's name */
	size_t records; /* record files written (panel.yaml included) */
	size_t files;   /* other committed files copied from the source */
	size_t exports; /* source exports copied into vault/exports/ */
	char
	    commit[PANEL_OID_HEX + 1]; /* the first commit, "" with no_commit */
};

/*
 * Makes dir (which may exist only as an empty folder) a case repository:
 * a git repository holding panel.yaml, members/, meetings/, actions/ and
 * recommendations/ (each with a .gitkeep), a .gitignore for vault/ and an
 * empty vault/ (0700), committed as "panel-init: create panel NAME".
 * Everything is made under umask 077.
 *
 * With opts->from, every record and committed file of that folder is
 * copied (records rewritten in canonical form) and its exports/ go to
 * vault/exports/, never committed.  The source is checked first, as panel
 * check does, and report (which may be NULL) is called for each problem
 * found; any problem refuses the whole init with PANEL_EINPUT.
 *
 * PANEL_EINPUT for a dir that holds a panel, a git repository or anything
 * else, a bad name or a bad source; PANEL_EIO, PANEL_EGIT on failure to
 * write or commit.  out is filled on success only.
 */
int panel_init_repo(struct panel_init_result *out, const char *dir,
    const struct panel_init_opts *opts,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx,
    struct panel_err *err);

void panel_init_result_release(struct panel_init_result *res);

/*
 * 0 if name may name a panel: 1 to PANEL_INIT_NAME_MAX bytes of valid
 * UTF-8 without control characters; else PANEL_EINPUT.
 */
int panel_init_check_name(const char *name, struct panel_err *err);

#endif
