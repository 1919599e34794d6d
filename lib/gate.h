#ifndef PANEL_GATE_H
#define PANEL_GATE_H

/*
 * The gate every commit and publication passes: does this text hold
 * personal data, or is this a path that must never enter history?
 */

#include <stddef.h>

#include "err.h"

/*
 * Checks the file at path (relative to the repository root) holding len
 * bytes of data.  PANEL_ENO, naming the path and what was found (never the
 * value), when it must not be committed; 0 when it may.  Anything under
 * vault/ is always refused.
 */
int panel_commit_guard(const char *path, const char *data, size_t len,
    struct panel_err *err);

#endif
