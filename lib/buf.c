#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

/* Shared by every empty buffer; nobody writes to it but its NUL. */
char panel_buf_empty[1];

void
panel_buf_init(struct panel_buf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = panel_buf_empty;
	if (hint)
		panel_buf_grow(sb, hint);
}

void
panel_buf_release(struct panel_buf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	panel_buf_init(sb, 0);
}

char *
panel_buf_detach(struct panel_buf *sb, size_t *len)
{
	char *s;

	if (sb->alloc == 0)
		panel_buf_grow(sb, 0);
	s = sb->buf;
	if (len)
		*len = sb->len;
	panel_buf_init(sb, 0);
	return s;
}

void
panel_buf_grow(struct panel_buf *sb, size_t extra)
{
	size_t need;
	int fresh = sb->alloc == 0;

	if (sb->len + extra + 1 < sb->len)
		panel_xmalloc((size_t)-1); /* overflow: report and exit */
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	if (fresh)
		sb->buf = NULL;
	PANEL_GROW(sb->buf, need, sb->alloc);
	if (fresh)
		sb->buf[0] = '\0';
}

void
panel_buf_setlen(struct panel_buf *sb, size_t len)
{
	if (sb->alloc == 0 && len == 0)
		return;
	if (len >= sb->alloc)
		panel_buf_grow(sb, len - sb->len);
	sb->len = len;
	sb->buf[len] = '\0';
}

void
panel_buf_add(struct panel_buf *sb, const void *data, size_t len)
{
	if (len == 0)
		return;
	/* Called for every piece of every document: grow only if short. */
	if (len >= sb->alloc - sb->len)
		panel_buf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
panel_buf_addstr(struct panel_buf *sb, const char *s)
{
	panel_buf_add(sb, s, strlen(s));
}

void
panel_buf_addch(struct panel_buf *sb, int c)
{
	/* Called a byte at a time: grow only when there is no room. */
	if (sb->len + 1 >= sb->alloc)
		panel_buf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void
panel_buf_vaddf(struct panel_buf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(
	    sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		panel_buf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
panel_buf_addf(struct panel_buf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panel_buf_vaddf(sb, fmt, ap);
	va_end(ap);
}
