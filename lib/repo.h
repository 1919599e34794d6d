#ifndef PANEL_REPO_H
#define PANEL_REPO_H

/*
 * The case repository: where it is, who may write to it, what may be used
 * as a name inside it, and the one path by which a command's changes are
 * committed.
 *
 * Every command finds its repository from -C DIR, else $PANEL_REPO, else by
 * walking up from the working directory to the nearest folder holding
 * panel.yaml that is also the root of a git work tree.  A folder that
 * holds panel.yaml but is not a git root (like the project's own
 * examples/) may be read (writable is 0) but never committed into.
 *
 * A command changes the work tree only through panel_repo_write(),
 * panel_repo_remove() and panel_repo_save(), under the lock.  Each first
 * notes in the repository's journal what the path held (its bytes and
 * mode, or that there was none, and the folders it had to make), so that
 * if the command fails before its commit lands the work tree is put back
 * as it was: by panel_repo_commit() when it refuses or fails, by
 * panel_repo_rollback() on the command's own failure, and at the last by
 * panel_repo_free().  Nothing refused, personal data included, is left
 * outside the vault for a later "git add" to pick up.
 */

#include <stddef.h>

#include "err.h"
#include "git.h"

struct panel_doc;
struct panel_journal;

struct panel_repo {
	char *root;    /* absolute path of the work tree */
	int writable;  /* root is a git work tree root */
	int no_commit; /* --no-commit: write files, commit nothing */
	int lockfd;    /* -1 while not locked */
	char head[PANEL_OID_HEX + 1];  /* HEAD when locked */
	struct panel_git *git;         /* NULL unless writable */
	struct panel_journal *journal; /* what the writes since the commit
	                                  replaced */
};

/*
 * Finds the repository as above.  dir is -C's argument or NULL.  root is
 * made absolute and canonical.  A folder named by -C or $PANEL_REPO that
 * holds panel.yaml but is not a git work tree root is returned with
 * writable 0 and git NULL.  PANEL_EINPUT when there is none: "DIR: not a
 * panel repository (no panel.yaml)", or "no panel repository here or
 * above (use -C DIR)" after walking up.  The caller frees *out with
 * panel_repo_free().
 */
int panel_repo_find(
    struct panel_repo **out, const char *dir, struct panel_err *err);

/*
 * Takes the repository's write lock (flock on .git/panel.lock), waiting up
 * to wait seconds; PANEL_EBUSY when another writer still holds it.  Records
 * HEAD so that the commit can be refused if it moved.  PANEL_EINPUT if the
 * repository is not writable.
 */
int panel_repo_lock(
    struct panel_repo *repo, unsigned wait, struct panel_err *err);

/*
 * Replaces path (relative to the root) with len bytes of data, atomically
 * as panel_fs_write() does, after noting in the journal what it held.
 * Requires the lock (PANEL_EUSAGE without it).  Refuses, before anything
 * changes, what could not be put back: a file over the commit's size cap,
 * a link, a folder (PANEL_EINPUT).
 */
int panel_repo_write(struct panel_repo *repo, const char *path,
    const void *data, size_t len, struct panel_err *err);

/* Removes the file path as panel_fs_remove() does, journalled likewise. */
int panel_repo_remove(
    struct panel_repo *repo, const char *path, struct panel_err *err);

/*
 * Writes doc to path with panel_repo_write() as a record of the type named
 * type_name (record.h: "sample", "population", ...), keys in its order.
 */
int panel_repo_save(struct panel_repo *repo, const char *path,
    const char *type_name, struct panel_doc *doc, struct panel_err *err);

/*
 * Puts back every path written or removed since the last commit, as the
 * journal noted it (journal.h), for a command that fails before its
 * commit.  err holds the command's error, which is kept: if a path cannot
 * be put back, a note naming it is added to the message, so that the
 * officer knows to see to it.  Nothing noted, nothing done.
 */
void panel_repo_rollback(struct panel_repo *repo, struct panel_err *err);

/*
 * Passes each path through panel_commit_guard(), set up for this
 * repository (panel_guard_use(): its panel.yaml redact section and terms,
 * its members; an error there refuses the commit), and commits them with the
 * message "panel-CMD: WHAT", where WHAT is formatted from fmt.  With
 * no_commit set, checks the guard and commits nothing.  Requires the lock
 * (PANEL_EUSAGE without it).  Any refusal (PANEL_ENO from the guard) comes
 * before anything is staged.  Only the listed paths enter the commit; a
 * path whose file is gone is removed.  HEAD must still be repo->head
 * (PANEL_EBUSY if not), which then becomes the new commit, so a command
 * may commit twice.  If nothing changed, nothing is committed and 0 is
 * returned with repo->head as it was.  Once the commit lands, or nothing
 * changed, or with no_commit the guard has passed, the files written are
 * kept and the journal is cleared; on any failure or refusal every path
 * written since the last commit is put back first, as by
 * panel_repo_rollback().
 */
int panel_repo_commit(struct panel_repo *repo, const char *cmd,
    const char *const paths[], size_t npaths, struct panel_err *err,
    const char *fmt, ...) PANEL_PRINTF(6, 7);

/*
 * Puts back what the journal still holds (as panel_repo_rollback(), but
 * with nowhere to report a path it cannot: a command calls that first on
 * failure), then releases the lock and frees repo; NULL does nothing.
 */
void panel_repo_free(struct panel_repo *repo);

/*
 * Name checks for anything used in a path.  what names the field in the
 * message ("member id").  An ID is 1-64 of [A-Za-z0-9._-], starting with
 * a letter or digit, without "..".  A date is a real YYYY-MM-DD.
 */
int panel_repo_check_id(
    const char *what, const char *id, struct panel_err *err);
/* The same for an id of len bytes, which may hold a NUL. */
int panel_repo_check_idn(
    const char *what, const char *id, size_t len, struct panel_err *err);
int panel_repo_check_date(
    const char *what, const char *date, struct panel_err *err);

#endif
