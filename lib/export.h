#ifndef PANEL_EXPORT_H
#define PANEL_EXPORT_H

/*
 * A force's CSV export, streamed row by row through a header mapping:
 * the only module that includes libcsv's csv.h.  The caller names the
 * columns it wants; each row is handed over with those fields in that
 * order, whatever order the export puts them in.
 *
 * Reading is strict and every refusal is PANEL_EINPUT at file:line (the
 * physical line where the row starts), naming the column, never quoting a
 * value: a missing or duplicated header column, a row with more or fewer
 * fields than the header, an unterminated quoted field or a stray quote,
 * invalid UTF-8, a NUL byte, a byte order mark anywhere but at the very
 * start of the file, a field over PANEL_EXPORT_FIELD_MAX or a row over
 * PANEL_EXPORT_ROW_MAX bytes.  Spaces around fields are kept, not trimmed,
 * so that the caller can refuse them.  Empty lines are skipped.
 */

#include <stddef.h>

#include "err.h"

#define PANEL_EXPORT_FIELD_MAX (64 * 1024)
#define PANEL_EXPORT_ROW_MAX (1024 * 1024)

/* One data row; everything borrows from the reader until fn returns. */
struct panel_export_row {
	const char *file;    /* the name used in messages */
	unsigned line;       /* 1-based physical line where the row starts */
	size_t n;            /* the number of wanted columns */
	const char **fields; /* NUL-terminated; "" for an unmapped name */
	const size_t *lens;
};

/*
 * Reads the CSV file at path (any path named by the user).  names[0..n)
 * are the wanted header columns; a NULL name is not looked up and always
 * gives "".  fn is called for each data row; a non-zero return (a
 * PANEL_E* code, with err filled) stops the reading and is returned.
 * PANEL_EINPUT when the file cannot be opened, PANEL_EIO on a read error.
 */
int panel_export_read(const char *path, const char *const names[], size_t n,
    int (*fn)(
        const struct panel_export_row *row, void *ctx, struct panel_err *err),
    void *ctx, struct panel_err *err);

/*
 * The same, fed by the caller block by block (as when the blocks are also
 * hashed and copied): new, any number of feeds, finish, free.  The
 * callback and errors are as for panel_export_read(); after a failure every
 * call returns it again.
 */
struct panel_export;
int panel_export_new(struct panel_export **out, const char *file,
    const char *const names[], size_t n,
    int (*fn)(
        const struct panel_export_row *row, void *ctx, struct panel_err *err),
    void *ctx, struct panel_err *err);
int panel_export_feed(struct panel_export *c, const void *data, size_t len,
    struct panel_err *err);
/* Ends the input: the last row may lack its newline. */
int panel_export_finish(struct panel_export *c, struct panel_err *err);
/* Frees c; NULL does nothing. */
void panel_export_free(struct panel_export *c);

/* The same over len bytes of data in memory; file names it in messages. */
int panel_export_read_mem(const char *file, const char *data, size_t len,
    const char *const names[], size_t n,
    int (*fn)(
        const struct panel_export_row *row, void *ctx, struct panel_err *err),
    void *ctx, struct panel_err *err);

#endif
