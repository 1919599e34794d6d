#ifndef PANEL_FS_H
#define PANEL_FS_H

/*
 * Files inside a repository, by path relative to its root.  Every path is
 * walked one component at a time with openat(O_NOFOLLOW), so a symbolic
 * link anywhere in it is refused rather than followed, and nothing is ever
 * read or written outside the root.  Files are created 0600 and folders
 * 0700 (panel_fs_umask() is called first by every command).
 */

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "strlist.h"

/* Sets umask(077); call first in main(). */
void panel_fs_umask(void);

/*
 * Reads root/path into out (appending), refusing a file over max bytes
 * with PANEL_EINPUT, a missing file with PANEL_EINPUT ("no such file"), a
 * link or non-regular file with PANEL_EINPUT.  I/O errors are PANEL_EIO.
 */
int panel_fs_read(struct panel_buf *out, const char *root, const char *path,
    size_t max, struct panel_err *err);

/*
 * panel_fs_read() that also gives the file's permission bits in *mode
 * (may be NULL), so that a caller can put the file back as it was.
 */
int panel_fs_read_mode(struct panel_buf *out, unsigned *mode, const char *root,
    const char *path, size_t max, struct panel_err *err);

/*
 * Reads a file named by the user (any path, following links) into out,
 * refusing more than max bytes; "-" reads standard input.  Pipes and
 * devices are read like files; a folder is PANEL_EINPUT.
 */
int panel_fs_read_path(
    struct panel_buf *out, const char *path, size_t max, struct panel_err *err);

/*
 * Replaces root/path with len bytes of data atomically and durably: a temp
 * file made with O_CREAT|O_EXCL|O_NOFOLLOW in the same folder, write,
 * fsync, rename over path, fsync the folder.  Missing folders are made
 * (0700).  On any failure the old file is untouched and the temp removed.
 */
int panel_fs_write(const char *root, const char *path, const void *data,
    size_t len, struct panel_err *err);

/*
 * panel_fs_write() of a file with the permission bits mode instead of
 * 0600, to put back a file as it was before a write replaced it.
 */
int panel_fs_write_mode(const char *root, const char *path, const void *data,
    size_t len, unsigned mode, struct panel_err *err);

/*
 * Removes the file root/path without following links, and syncs its
 * folder; a missing file (or folder on the way) is not an error.
 */
int panel_fs_remove(const char *root, const char *path, struct panel_err *err);

/* Makes root/path and any missing parents, 0700, refusing links. */
int panel_fs_mkdirs(const char *root, const char *path, struct panel_err *err);

/*
 * Removes the folder root/path if it is empty, refusing links, so that a
 * command can take back a folder it made without risk to anything put in
 * it.  A missing folder is not an error; one that is not empty is
 * PANEL_EIO.
 */
int panel_fs_rmdir(const char *root, const char *path, struct panel_err *err);

/* 1 if root/path exists (without following a final link), 0 if not. */
int panel_fs_exists(const char *root, const char *path);

/*
 * Adds to made each folder above path that root does not hold yet and
 * made does not list, shallowest first: the folders a write will make,
 * for a caller that may have to take them back.
 */
void panel_fs_note_missing(
    struct panel_strlist *made, const char *root, const char *path);

/*
 * 1 if root/path is a regular file reached without following any link, 0
 * if it (or a folder on the way) does not exist; PANEL_EINPUT for a bad
 * path, a link anywhere in it or something that is not a regular file,
 * PANEL_EIO if it cannot be looked at.
 */
int panel_fs_probe(const char *root, const char *path, struct panel_err *err);

/*
 * 0 if path is a safe relative path: not empty, not absolute, no empty,
 * "." or ".." component; else PANEL_EINPUT saying why.  Every function
 * here that takes a path checks it so.
 */
int panel_fs_check_path(const char *path, struct panel_err *err);

/*
 * Lists the names in folder root/path (not . or ..), sorted bytewise, as a
 * NULL-terminated array the caller frees with panel_fs_list_free().  A
 * missing folder gives an empty list; path "" lists the root itself.
 */
int panel_fs_list(
    char ***out, const char *root, const char *path, struct panel_err *err);
void panel_fs_list_free(char **list);

#endif
