#include "export.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

#include "banned.h"

typedef int (*row_fn)(
    const struct panel_export_row *row, void *ctx, struct panel_err *err);

struct reader {
	const char *file;
	const char *const *names;
	size_t nnames;
	row_fn fn;
	void *ctx;
	struct panel_err *err;
	int rc;            /* first failure; callbacks do nothing once set */
	unsigned line;     /* physical line being fed */
	unsigned row_line; /* where the current row started */
	int row_open;      /* a row started on an earlier line goes on */
	int row_ended;     /* a row ended on the current line */
	int line_content;  /* the current line has more than a newline */
	size_t row_bytes;
	/* the header */
	int header_done;
	size_t ncols;              /* fields in the header */
	size_t col;                /* field number within the current row */
	struct panel_buf *headers; /* header names while reading the header */
	size_t nheaders, aheaders;
	long *slot; /* for each header column, its wanted index or -1 */
	/* the current row's wanted fields */
	struct panel_buf *vals;
	const char **fields;
	size_t *lens;
};

static int fail(struct reader *r, const char *fmt, ...) PANEL_PRINTF(2, 3);

static int
fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->rc != 0)
		return r->rc;
	va_start(ap, fmt);
	r->rc = panel_err_vset(
	    r->err, PANEL_EINPUT, r->file, r->row_line, 0, fmt, ap);
	va_end(ap);
	return r->rc;
}

/* The length of the longest valid UTF-8 prefix of s[0..len). */
static size_t
utf8_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0, need, k;
	unsigned c, min;
	unsigned long cp;

	while (i < len) {
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1, min = 0x80, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2, min = 0x800, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= need)
			return i;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return i;
}

/* Whether U+FEFF (EF BB BF) occurs in s[0..len). */
static int
has_bom(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '\xef', (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
			return 1;
		p++;
	}
	return 0;
}

static const char *
column_name(const struct reader *r, size_t col)
{
	if (!r->header_done)
		return "(header)";
	if (r->slot[col] >= 0 && r->names[r->slot[col]] != NULL)
		return r->names[r->slot[col]];
	return NULL;
}

/*
 * 1 if s[0..len) is ASCII without NUL, 8 bytes at a time: nearly every
 * field of an export is, and then needs no closer look.
 */
static int
plain_ascii(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL,
	               ones = 0x0101010101010101ULL;
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if ((w & high) != 0 || ((w - ones) & ~w & high) != 0)
			return 0;
	}
	for (; i < len; i++)
		if (s[i] == '\0' || (unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Refuses what a field must not hold; the message names the column. */
static int
check_field(struct reader *r, const char *s, size_t len)
{
	const char *what = NULL, *name;

	if (len > PANEL_EXPORT_FIELD_MAX)
		what = "field longer than 65536 bytes";
	else if (plain_ascii(s, len))
		return 0;
	else if (memchr(s, '\0', len) != NULL)
		what = "NUL byte in field";
	else if (utf8_prefix((const unsigned char *)s, len) != len)
		what = "invalid UTF-8";
	else if (has_bom(s, len))
		what = "byte order mark inside a field";
	if (what == NULL)
		return 0;
	name = r->col < r->ncols || !r->header_done ? column_name(r, r->col)
	                                            : NULL;
	if (name != NULL)
		return fail(r, "column '%s': %s", name, what);
	return fail(r, "field %zu: %s", r->col + 1, what);
}

static void
header_field(struct reader *r, const char *s, size_t len)
{
	PANEL_GROW(r->headers, r->nheaders + 1, r->aheaders);
	panel_buf_init(&r->headers[r->nheaders], 0);
	panel_buf_add(&r->headers[r->nheaders++], s, len);
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	const char *s = data ? data : "";
	long k;

	if (r->rc != 0)
		return;
	if (check_field(r, s, len) != 0)
		return;
	if (!r->header_done) {
		header_field(r, s, len);
	} else if (r->col < r->ncols && (k = r->slot[r->col]) >= 0) {
		panel_buf_reset(&r->vals[k]);
		panel_buf_add(&r->vals[k], s, len);
	}
	r->col++;
}

static int
finish_header(struct reader *r)
{
	size_t i, j;

	r->ncols = r->nheaders;
	r->slot = panel_xcalloc(r->ncols ? r->ncols : 1, sizeof(*r->slot));
	for (i = 0; i < r->ncols; i++) {
		r->slot[i] = -1;
		for (j = 0; j < i; j++)
			if (strcmp(r->headers[i].buf, r->headers[j].buf) == 0)
				return fail(r,
				    "column %zu: header repeats a "
				    "column name",
				    i + 1);
	}
	for (j = 0; j < r->nnames; j++) {
		if (r->names[j] == NULL)
			continue;
		for (i = 0; i < r->ncols; i++)
			if (strcmp(r->headers[i].buf, r->names[j]) == 0)
				break;
		if (i == r->ncols)
			return fail(
			    r, "column '%s' is not in the header", r->names[j]);
		r->slot[i] = (long)j;
	}
	r->header_done = 1;
	return 0;
}

static void
on_row(int c, void *arg)
{
	struct reader *r = arg;
	size_t i;
	struct panel_export_row row;

	(void)c;
	r->row_ended = 1;
	if (r->rc != 0)
		return;
	if (!r->header_done) {
		finish_header(r);
	} else if (r->col != r->ncols) {
		fail(r, "row has %zu fields, the header has %zu", r->col,
		    r->ncols);
	} else {
		for (i = 0; i < r->nnames; i++) {
			r->fields[i] = r->vals[i].buf;
			r->lens[i] = r->vals[i].len;
		}
		row.file = r->file;
		row.line = r->row_line;
		row.n = r->nnames;
		row.fields = r->fields;
		row.lens = r->lens;
		r->rc = r->fn(&row, r->ctx, r->err);
		for (i = 0; i < r->nnames; i++)
			panel_buf_reset(&r->vals[i]);
	}
	r->col = 0;
	r->row_bytes = 0;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
parse_error(struct reader *r, struct csv_parser *p)
{
	if (csv_error(p) == CSV_EPARSE)
		return fail(r, "stray or unterminated quote");
	return fail(r, "%s", csv_strerror(csv_error(p)));
}

/*
 * Feeds len bytes that hold at most one newline, at their end.  Rows are
 * numbered by the physical line where they start, which libcsv does not
 * track, so lines are fed one at a time.
 */
static int
feed(struct reader *r, struct csv_parser *p, const char *s, size_t len)
{
	int eol = len > 0 && s[len - 1] == '\n';
	size_t i;

	if (!r->line_content && !r->row_open && !r->row_ended)
		r->row_line = r->line;
	for (i = 0; i < len && !r->line_content; i++)
		if (s[i] != '\n' && s[i] != '\r')
			r->line_content = 1;
	r->row_bytes += len;
	if (r->row_bytes > PANEL_EXPORT_ROW_MAX)
		return fail(
		    r, "row longer than %d bytes", PANEL_EXPORT_ROW_MAX);
	if (csv_parse(p, s, len, on_field, on_row, r) != len)
		return parse_error(r, p);
	if (r->rc != 0)
		return r->rc;
	if (eol) {
		if (r->row_ended)
			r->row_open = 0;
		else if (r->line_content)
			r->row_open = 1;
		r->row_ended = r->line_content = 0;
		r->line++;
	}
	return 0;
}

/* Feeds a block, split at newlines. */
static int
feed_block(struct reader *r, struct csv_parser *p, const char *s, size_t len)
{
	const char *nl;
	size_t n;
	int rc;

	while (len > 0) {
		nl = memchr(s, '\n', len);
		n = nl ? (size_t)(nl - s) + 1 : len;
		if ((rc = feed(r, p, s, n)) != 0)
			return rc;
		s += n;
		len -= n;
	}
	return 0;
}

static void
reader_init(struct reader *r, const char *file, const char *const names[],
    size_t n, row_fn fn, void *ctx, struct panel_err *err)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->file = file;
	r->names = names;
	r->nnames = n;
	r->fn = fn;
	r->ctx = ctx;
	r->err = err;
	r->line = r->row_line = 1;
	r->vals = panel_xcalloc(n ? n : 1, sizeof(*r->vals));
	for (i = 0; i < n; i++)
		panel_buf_init(&r->vals[i], 0);
	r->fields = panel_xcalloc(n ? n : 1, sizeof(*r->fields));
	r->lens = panel_xcalloc(n ? n : 1, sizeof(*r->lens));
}

static void
reader_release(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		panel_buf_release(&r->headers[i]);
	free(r->headers);
	for (i = 0; i < r->nnames; i++)
		panel_buf_release(&r->vals[i]);
	free(r->vals);
	free(r->fields);
	free(r->lens);
	free(r->slot);
}

static int
parser_init(struct reader *r, struct csv_parser *p)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return panel_err_set(r->err, PANEL_EIO, r->file, 0, 0,
		    "cannot set up the CSV parser");
	csv_set_space_func(p, no_space);
	return 0;
}

/* Ends the input: the last row may lack a newline; no header is an error. */
static int
finish(struct reader *r, struct csv_parser *p)
{
	if (r->rc == 0 && csv_fini(p, on_field, on_row, r) != 0)
		parse_error(r, p);
	if (r->rc == 0 && !r->header_done)
		fail(r, "no header row");
	return r->rc;
}

struct panel_export {
	struct reader r;
	struct csv_parser p;
	char head[3]; /* the first bytes, until they are known not a BOM */
	size_t nhead;
	int started; /* the head has been dealt with */
};

int
panel_export_new(struct panel_export **out, const char *file,
    const char *const names[], size_t n, row_fn fn, void *ctx,
    struct panel_err *err)
{
	struct panel_export *c = panel_xcalloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	reader_init(&c->r, file, names, n, fn, ctx, err);
	if ((rc = parser_init(&c->r, &c->p)) != 0) {
		reader_release(&c->r);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void
panel_export_free(struct panel_export *c)
{
	if (c == NULL)
		return;
	csv_free(&c->p);
	reader_release(&c->r);
	free(c);
}

/* Feeds the head, less a byte order mark, once it is complete or ends. */
static int
start(struct panel_export *c)
{
	size_t skip = 0;

	c->started = 1;
	if (c->nhead == 3 && memcmp(c->head, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	return feed_block(&c->r, &c->p, c->head + skip, c->nhead - skip);
}

int
panel_export_feed(
    struct panel_export *c, const void *data, size_t len, struct panel_err *err)
{
	const char *s = data;
	size_t take;
	int rc;

	c->r.err = err;
	if (c->r.rc != 0)
		return c->r.rc;
	if (!c->started) {
		take = 3 - c->nhead < len ? 3 - c->nhead : len;
		memcpy(c->head + c->nhead, s, take);
		c->nhead += take;
		s += take;
		len -= take;
		if (c->nhead < 3)
			return 0;
		if ((rc = start(c)) != 0)
			return rc;
	}
	return feed_block(&c->r, &c->p, s, len);
}

int
panel_export_finish(struct panel_export *c, struct panel_err *err)
{
	c->r.err = err;
	if (c->r.rc == 0 && !c->started)
		start(c);
	return finish(&c->r, &c->p);
}

int
panel_export_read_mem(const char *file, const char *data, size_t len,
    const char *const names[], size_t n, row_fn fn, void *ctx,
    struct panel_err *err)
{
	struct panel_export *c = NULL;
	int rc;

	if ((rc = panel_export_new(&c, file, names, n, fn, ctx, err)) == 0 &&
	    (rc = panel_export_feed(c, data, len, err)) == 0)
		rc = panel_export_finish(c, err);
	panel_export_free(c);
	return rc;
}

static int
read_fd(struct panel_export *c, int fd, const char *path, struct panel_err *err)
{
	static const size_t size = 256 * 1024;
	char *block = panel_xmalloc(size);
	ssize_t got;
	int rc;

	for (;;) {
		got = read(fd, block, size);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = panel_err_set(err, PANEL_EIO, path, 0, 0,
			    "cannot read: %s", strerror(errno));
			break;
		}
		if (got == 0) {
			rc = panel_export_finish(c, err);
			break;
		}
		if ((rc = panel_export_feed(c, block, (size_t)got, err)) != 0)
			break;
	}
	free(block);
	return rc;
}

int
panel_export_read(const char *path, const char *const names[], size_t n,
    row_fn fn, void *ctx, struct panel_err *err)
{
	struct panel_export *c = NULL;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "cannot open: %s", strerror(errno));
	if ((rc = panel_export_new(&c, path, names, n, fn, ctx, err)) == 0)
		rc = read_fd(c, fd, path, err);
	panel_export_free(c);
	close(fd);
	return rc;
}
