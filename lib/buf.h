#ifndef PANEL_BUF_H
#define PANEL_BUF_H

/*
 * A growable byte buffer with git's strbuf rules:
 *  - buf is never NULL and buf[len] is always '\0', so a buffer is always a
 *    valid C string (which may also hold NULs before len);
 *  - an initialised buffer that was never grown points at a shared empty
 *    string and owns no memory; release it all the same;
 *  - panel_buf_detach() hands the memory to the caller and leaves the
 *    buffer initialised and empty.
 */

#include <stdarg.h>
#include <stddef.h>

#include "err.h"

struct panel_buf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char panel_buf_empty[];
#define PANEL_BUF_INIT                                                         \
	{                                                                      \
		0, 0, panel_buf_empty                                          \
	}

void panel_buf_init(struct panel_buf *sb, size_t hint);
void panel_buf_release(struct panel_buf *sb);
/* Returns the string, which the caller must free(); never NULL. */
char *panel_buf_detach(struct panel_buf *sb, size_t *len);
/* Makes room for extra more bytes beyond len. */
void panel_buf_grow(struct panel_buf *sb, size_t extra);
void panel_buf_setlen(struct panel_buf *sb, size_t len);
#define panel_buf_reset(sb) panel_buf_setlen((sb), 0)

void panel_buf_add(struct panel_buf *sb, const void *data, size_t len);
void panel_buf_addstr(struct panel_buf *sb, const char *s);
void panel_buf_addch(struct panel_buf *sb, int c);
void panel_buf_addf(struct panel_buf *sb, const char *fmt, ...)
    PANEL_PRINTF(2, 3);
void panel_buf_vaddf(struct panel_buf *sb, const char *fmt, va_list ap)
    PANEL_PRINTF(2, 0);

#endif
