#ifndef PANEL_STREAM_H
#define PANEL_STREAM_H

/*
 * Files too big to hold in memory (population ID lists, raw exports in
 * the vault), read and written block by block with the same rules as
 * fs.h: paths relative to the repository root are walked one component
 * at a time with O_NOFOLLOW, files are created 0600 and folders 0700, and
 * a new file appears whole or not at all (temp file with O_EXCL beside
 * it, fsync, rename, fsync of the folder).
 */

#include <stddef.h>

#include "err.h"

/* Called with each block in turn; non-zero (a PANEL_E*) stops and is returned.
 */
typedef int (*panel_stream_fn)(
    const void *data, size_t len, void *ctx, struct panel_err *err);

/*
 * Reads root/path block by block.  PANEL_EINPUT for a missing file, a link
 * anywhere in the path or a file that is not regular; PANEL_EIO on a read
 * error.
 */
int panel_stream_read(const char *root, const char *path, panel_stream_fn fn,
    void *ctx, struct panel_err *err);

/*
 * Calls fn for each line of root/path (without its LF) with its 1-based
 * number.  block (may be NULL) first sees each block as read, so that the
 * file can be hashed without a second pass.  A last line without LF is
 * refused (PANEL_EINPUT), as is a line over max bytes.
 */
int panel_stream_lines(const char *root, const char *path, size_t max,
    panel_stream_fn block,
    int (*fn)(const char *line, size_t len, unsigned lineno, void *ctx,
        struct panel_err *err),
    void *ctx, struct panel_err *err);

/*
 * Opens root/path for reading without following links (PANEL_EINPUT as
 * for panel_stream_read); returns the descriptor, which the caller closes.
 */
int panel_stream_open(
    const char *root, const char *path, struct panel_err *err);

/*
 * A new file root/path written in pieces: open (a temp file beside it,
 * making missing folders), write or copy any number of times, then close
 * to sync and rename it into place, or abort to remove it.  Both free w.
 * Until the close, root/path is as it was.
 */
struct panel_stream_out;
int panel_stream_out_open(struct panel_stream_out **out, const char *root,
    const char *path, struct panel_err *err);
int panel_stream_out_write(struct panel_stream_out *w, const void *data,
    size_t len, struct panel_err *err);
int panel_stream_out_close(struct panel_stream_out *w, struct panel_err *err);
void panel_stream_out_abort(struct panel_stream_out *w);

/*
 * Appends the whole of the file src (any path named by the user) to w,
 * calling fn (may be NULL) with each block as it is copied, so that the
 * bytes kept are the bytes hashed and parsed.  PANEL_EINPUT if src cannot
 * be opened; after any failure, fn's included, w is only fit to abort.
 */
int panel_stream_out_copy(struct panel_stream_out *w, const char *src,
    panel_stream_fn fn, void *ctx, struct panel_err *err);

/*
 * Writes out and syncs what w holds, so that a caller can leave the close
 * until after a later step (a commit) with only the rename left to fail.
 */
int panel_stream_out_sync(struct panel_stream_out *w, struct panel_err *err);

#endif
