#ifndef PANEL_BATCH_H
#define PANEL_BATCH_H

/*
 * New files under a repository root that appear together or not at all,
 * for a job that streams big files (the import's copies of the exports
 * and its index) before a step that may still fail (the commit that
 * records their digests).  Each file is written to a temp file beside its
 * place, as stream.h does, and the files a batch replaces are untouched
 * until it is published.  A batch freed unpublished takes back all it
 * did: its temp files, and the folders it had to make if they are empty.
 */

#include "err.h"
#include "stream.h"

struct panel_batch;

/* An empty batch of files under root (borrowed: it must outlive b). */
struct panel_batch *panel_batch_new(const char *root);

/*
 * Opens root/path for writing as panel_stream_out_open() does, noting
 * first which of the folders above it are missing.  *out is borrowed from
 * b: write, copy and sync it, but never close or abort it.
 */
int panel_batch_open(struct panel_stream_out **out, struct panel_batch *b,
    const char *path, struct panel_err *err);

/*
 * Renames each file into place in the order opened (a later one with the
 * same path wins).  On an error the files not yet in place stay out.
 */
int panel_batch_publish(struct panel_batch *b, struct panel_err *err);

/*
 * Removes the files not published and then, deepest first, the folders
 * that b made and that are empty; frees b.  NULL does nothing.
 */
void panel_batch_free(struct panel_batch *b);

#endif
