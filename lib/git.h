#ifndef PANEL_GIT_H
#define PANEL_GIT_H

/*
 * The case repository's history, through libgit2: the only module that
 * includes git2.h.  Every libgit2 error is translated into a struct
 * panel_err carrying git_error_last()->message, with code PANEL_EGIT.
 * fsync of objects and refs is switched on before any repository is opened.
 */

#include <stddef.h>

#include "buf.h"
#include "err.h"

#define PANEL_OID_HEX 40

struct panel_git;

/*
 * Opens the git repository whose work tree root is exactly root (no search
 * upwards).  PANEL_EINPUT if root is not the root of a git work tree.
 */
int panel_git_open(
    struct panel_git **out, const char *root, struct panel_err *err);

/*
 * Makes root (and missing parents) a new git repository on branch main,
 * with modes from the umask, and opens it.  PANEL_EINPUT if root already
 * holds one: open that with panel_git_open() instead.
 */
int panel_git_init(
    struct panel_git **out, const char *root, struct panel_err *err);

void panel_git_free(struct panel_git *git);

/*
 * The repository's git folder ("ROOT/.git/"), borrowed from git; for a
 * linked work tree, the main repository's, where its refs are.
 */
const char *panel_git_dir(struct panel_git *git);

/* HEAD's commit id in hex, or "" when the branch has no commit yet. */
int panel_git_head(
    char out[PANEL_OID_HEX + 1], struct panel_git *git, struct panel_err *err);

/*
 * Stages paths (relative to the root; a path that no longer exists is
 * removed from the index) and commits them with message, as the author
 * from GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else the repository's git config
 * (PANEL_EINPUT saying how to set one if neither).  The commit is made
 * only if HEAD is still expect (a hex id, or "" for an unborn branch):
 * otherwise PANEL_EBUSY and nothing changes.  If the staged tree equals
 * HEAD's, nothing is committed and out is "".  On any failure nothing
 * lands: the index is written before HEAD moves (so git's index.lock
 * stops it first) and put back if HEAD cannot move.
 */
int panel_git_commit(char out[PANEL_OID_HEX + 1], struct panel_git *git,
    const char *const paths[], size_t npaths, const char *message,
    const char *expect, struct panel_err *err);

/* Appends the contents of path at revision rev (e.g. "HEAD") to out. */
int panel_git_read(struct panel_buf *out, struct panel_git *git,
    const char *rev, const char *path, struct panel_err *err);

/* One commit, as panel_git_log() reports it; strings borrow. */
struct panel_git_commit {
	const char *id;     /* hex */
	const char *author; /* name */
	const char *email;
	long long time;      /* seconds since the epoch */
	int offset;          /* minutes east of UTC */
	const char *summary; /* first line of the message */
};

/*
 * Calls fn for each commit reachable from HEAD, newest first, that changed
 * path (any commit when path is NULL; a folder matches everything below
 * it).  fn returning non-zero stops the walk and is returned.
 */
int panel_git_log(struct panel_git *git, const char *path,
    int (*fn)(const struct panel_git_commit *c, void *ctx), void *ctx,
    struct panel_err *err);

/*
 * 1 if commit ancestor is a strict ancestor of commit descendant (both hex
 * ids), 0 if not (also when they are the same commit).
 */
int panel_git_is_ancestor(struct panel_git *git, const char *ancestor,
    const char *descendant, struct panel_err *err);

/* The number of parents of commit id (0 for a root commit). */
int panel_git_parents(
    struct panel_git *git, const char *id, struct panel_err *err);

/*
 * 1 if the file path (relative to the root) is tracked and the same in
 * the work tree, the index and HEAD; 0 if it is changed, untracked or
 * missing.
 */
int panel_git_unchanged(
    struct panel_git *git, const char *path, struct panel_err *err);

#endif
