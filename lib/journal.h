#ifndef PANEL_JOURNAL_H
#define PANEL_JOURNAL_H

/*
 * What a command's writes replaced, so that they can be taken back if its
 * commit fails: for each path (relative to a root) the bytes and mode it
 * had before the first write, or that it did not exist, and the folders
 * that had to be made for it.  The old bytes are held in memory, up to a
 * cap per file.  The repository layer (repo.h) keeps one journal per
 * repository; commands write through it, never through this.
 */

#include <stddef.h>

#include "err.h"

struct panel_journal;

/*
 * An empty journal of files under root (borrowed: it must outlive j),
 * holding no old file over max bytes.
 */
struct panel_journal *panel_journal_new(const char *root, size_t max);

/*
 * Notes what root/path is now, before a write or removal changes it: its
 * bytes and mode, or that it is missing, with each folder above it that
 * is missing.  A path noted before keeps its first state.  Refuses what
 * it could not put back, before anything is changed: a file over max
 * bytes (PANEL_EINPUT), and what panel_fs_probe() refuses (a link, a
 * folder, a bad path).
 */
int panel_journal_note(
    struct panel_journal *j, const char *path, struct panel_err *err);

/* 1 if nothing is noted. */
int panel_journal_empty(const struct panel_journal *j);

/* Forgets every note, keeping the changes (they were committed). */
void panel_journal_clear(struct panel_journal *j);

/*
 * Puts every noted path back, the last noted first: the old bytes with the
 * old mode (written atomically), or no file where there was none; then
 * removes, deepest first, the noted folders that are now empty.  A step
 * that fails does not stop the others.  Returns how many paths could not
 * be put back, and describes the first in *failed (may be NULL), which
 * names it.  The journal is empty afterwards.
 */
size_t panel_journal_restore(struct panel_journal *j, struct panel_err *failed);

/* Frees j without touching any file; NULL does nothing. */
void panel_journal_free(struct panel_journal *j);

#endif
