#ifndef PANEL_GIT_PRIV_H
#define PANEL_GIT_PRIV_H

/* git internals that lib/ and the unit tests may use, commands not. */

#include "err.h"
#include "git.h"

/*
 * The compare-and-swap that panel_git_commit() ends with: moves HEAD's
 * branch (or a detached HEAD) to commit id if it is still expect ("" for
 * an unborn branch), under the ref's lock; PANEL_EBUSY if it is not.
 * Exposed so that the tests can reach the swap itself, past the earlier
 * check that HEAD is still expect.
 */
int panel_git_move_head(struct panel_git *git, const char *id,
    const char *expect, struct panel_err *err);

#endif
