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
int panel_commit_guard(
    const char *path, const char *data, size_t len, struct panel_err *err);

/*
 * The part of the guard that looks only at the path: PANEL_ENO for a path
 * in vault/ (after resolving "." and ".."; in any letter case), one that
 * climbs out of the repository, or one naming the whole repository.  The
 * commit path calls it before reading a file, so that a vault file is
 * refused as such whatever its size.
 */
int panel_gate_check_path(const char *path, struct panel_err *err);

#endif
