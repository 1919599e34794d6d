#include "contacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "alloc.h"
#include "contacts_priv.h"
#include "stream.h"

#include "banned.h"

const char *const panel_strata[PANEL_STRATA] = {
    "101", "999", "email", "webform", "app"};

int
panel_stratum_index(const char *name)
{
	int i;

	for (i = 0; i < PANEL_STRATA; i++)
		if (strcmp(panel_strata[i], name) == 0)
			return i;
	return -1;
}

const char *
panel_contacts_id_problem(const char *id, size_t len)
{
	size_t i;

	if (len == 0)
		return "is empty";
	if (len > PANEL_CONTACT_ID_MAX)
		return "is longer than 128 bytes";
	if (id[0] == ' ' || id[0] == '\t' || id[len - 1] == ' ' ||
	    id[len - 1] == '\t')
		return "has leading or trailing white space";
	if (len >= 2 && (unsigned char)id[len - 2] == 0xc2 &&
	    (unsigned char)id[len - 1] == 0xa0)
		return "has leading or trailing white space";
	if (len >= 2 && (unsigned char)id[0] == 0xc2 &&
	    (unsigned char)id[1] == 0xa0)
		return "has leading or trailing white space";
	for (i = 0; i < len; i++)
		if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
			return "holds a control character";
	return NULL;
}

struct ids {
	struct panel_sha *sha;
	const char *path;
	struct panel_buf last;
	size_t count;
	int (*fn)(const char *, size_t, void *, struct panel_err *);
	void *ctx;
};

static int
ids_block(const void *data, size_t len, void *ctx, struct panel_err *err)
{
	struct ids *l = ctx;

	return panel_sha_update(l->sha, data, len, err);
}

static int
on_id(const char *line, size_t len, unsigned lineno, void *ctx,
    struct panel_err *err)
{
	struct ids *l = ctx;
	const char *why = panel_contacts_id_problem(line, len);
	size_t n = len < l->last.len ? len : l->last.len;
	int c;

	if (why != NULL)
		return panel_err_set(err, PANEL_EINPUT, l->path, lineno, 0,
		    "contact reference %s", why);
	if (memchr(line, '\0', len) != NULL)
		return panel_err_set(err, PANEL_EINPUT, l->path, lineno, 0,
		    "contact reference holds a NUL byte");
	c = memcmp(l->last.buf, line, n);
	if (l->count > 0 && (c > 0 || (c == 0 && l->last.len >= len)))
		return panel_err_set(err, PANEL_EINPUT, l->path, lineno, 0,
		    c == 0 && l->last.len == len
		        ? "contact reference repeats the line before"
		        : "contact references are not sorted bytewise");
	panel_buf_reset(&l->last);
	panel_buf_add(&l->last, line, len);
	l->count++;
	return l->fn ? l->fn(line, len, l->ctx, err) : 0;
}

int
panel_contacts_ids(size_t *count, char sha[PANEL_SHA_HEX + 1], const char *root,
    const char *path,
    int (*fn)(const char *id, size_t len, void *ctx, struct panel_err *err),
    void *ctx, struct panel_err *err)
{
	struct ids l = {NULL, path, PANEL_BUF_INIT, 0, fn, ctx};
	unsigned char d[PANEL_SHA_LEN];
	int rc;

	*count = 0;
	if ((rc = panel_sha_new(&l.sha, err)) == 0 &&
	    (rc = panel_sha_start(l.sha, err)) == 0 &&
	    (rc = panel_stream_lines(root, path, PANEL_CONTACT_ID_MAX + 1,
	         ids_block, on_id, &l, err)) == 0 &&
	    (rc = panel_sha_finish(d, l.sha, err)) == 0) {
		panel_sha_hex(sha, d);
		*count = l.count;
	}
	panel_sha_free(l.sha);
	panel_buf_release(&l.last);
	return rc;
}

/* The longest index line: a reference, a stratum, details, separators. */
#define INDEX_LINE (PANEL_CONTACT_ID_MAX + 2 * PANEL_CONTACT_DETAIL_MAX + 64)

struct panel_index {
	int fd;
	off_t size;
	const char *path;
	const struct panel_node *sources;
	struct panel_buf line;
	char *fields[7];
};

static int
hash_index(struct panel_index *ix, const char *want, struct panel_err *err)
{
	struct panel_sha *sha = NULL;
	unsigned char d[PANEL_SHA_LEN];
	char hex[PANEL_SHA_HEX + 1], *block = panel_xmalloc(1 << 18);
	off_t at = 0;
	ssize_t n;
	int rc;

	if ((rc = panel_sha_new(&sha, err)) == 0)
		rc = panel_sha_start(sha, err);
	while (rc == 0 && (n = pread(ix->fd, block, 1 << 18, at)) > 0) {
		rc = panel_sha_update(sha, block, (size_t)n, err);
		at += n;
	}
	if (rc == 0 && at != ix->size)
		rc = panel_err_set(err, PANEL_EIO, ix->path, 0, 0,
		    "cannot read the whole file");
	if (rc == 0 && (rc = panel_sha_finish(d, sha, err)) == 0) {
		panel_sha_hex(hex, d);
		if (strcmp(hex, want) != 0)
			rc = panel_err_set(err, PANEL_EINPUT, ix->path, 0, 0,
			    "differs from the index fixed at import (sha256)");
	}
	panel_sha_free(sha);
	free(block);
	return rc;
}

void
panel_contacts_index_free(struct panel_index *ix)
{
	if (ix == NULL)
		return;
	if (ix->fd >= 0)
		close(ix->fd);
	panel_buf_release(&ix->line);
	free(ix);
}

int
panel_contacts_index_open(struct panel_index **out, const char *root,
    const struct panel_doc *population, struct panel_err *err)
{
	const struct panel_node *n = panel_node_get(population->root, "index");
	const char *want = panel_node_get_str(n, "sha256");
	struct panel_index *ix = panel_xcalloc(1, sizeof(*ix));
	struct stat st;
	int rc;

	*out = NULL;
	panel_buf_init(&ix->line, INDEX_LINE);
	ix->sources = panel_node_get(population->root, "sources");
	ix->path = panel_node_get_str(n, "file");
	ix->fd = -1;
	if (ix->path == NULL || want == NULL)
		rc = panel_err_set(err, PANEL_EINPUT, population->file, 0, 0,
		    "field 'index' is missing: import again");
	else if ((rc = ix->fd = panel_stream_open(root, ix->path, err)) >= 0)
		rc = fstat(ix->fd, &st) == 0
		         ? 0
		         : panel_err_set(
		               err, PANEL_EIO, ix->path, 0, 0, "cannot stat");
	if (rc >= 0) {
		ix->size = st.st_size;
		rc = hash_index(ix, want, err);
	}
	if (rc < 0) {
		panel_contacts_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

/* Reads the line that starts at or after at (the next after a newline). */
static int
line_at(
    struct panel_index *ix, off_t at, int after_nl, off_t *start, off_t *end)
{
	char buf[INDEX_LINE + 1];
	ssize_t n;
	char *nl;

	if (after_nl) {
		n = pread(ix->fd, buf, sizeof(buf), at - 1);
		if (n <= 0 || (nl = memchr(buf, '\n', (size_t)n)) == NULL)
			return -1;
		at += nl - buf;
	}
	*start = at;
	if (at >= ix->size)
		return 0;
	n = pread(ix->fd, buf, sizeof(buf), at);
	if (n <= 0 || (nl = memchr(buf, '\n', (size_t)n)) == NULL)
		return -1;
	panel_buf_reset(&ix->line);
	panel_buf_add(&ix->line, buf, (size_t)(nl - buf));
	*end = at + (nl - buf) + 1;
	return 1;
}

/* Compares the reference at the start of the current line with id. */
static int
cmp_line(const struct panel_index *ix, const char *id, size_t len)
{
	const char *tab = memchr(ix->line.buf, '\t', ix->line.len);
	size_t k = tab ? (size_t)(tab - ix->line.buf) : ix->line.len;
	int c = memcmp(ix->line.buf, id, k < len ? k : len);

	return c != 0 ? c : (k > len) - (k < len);
}

/* Splits the current line into its seven fields; 0 if it has them. */
static int
split_line(struct panel_index *ix)
{
	char *p = ix->line.buf, *tab;
	int i;

	for (i = 0; i < 7; i++) {
		ix->fields[i] = p;
		tab = strchr(p, '\t');
		if (i < 6 && tab == NULL)
			return -1;
		if (tab != NULL)
			*tab = '\0';
		p = tab ? tab + 1 : p + strlen(p);
	}
	return 0;
}

static int
fill_contact(struct panel_contact *c, struct panel_index *ix, const char *id,
    size_t len, struct panel_err *err)
{
	unsigned long src;
	char *end;

	if (split_line(ix) != 0 ||
	    (c->stratum = panel_stratum_index(ix->fields[1])) < 0)
		return panel_err_set(err, PANEL_EINPUT, ix->path, 0, 0,
		    "malformed line for '%.64s'", id);
	src = strtoul(ix->fields[2], &end, 10);
	c->id = id;
	c->len = len;
	snprintf(c->date, sizeof(c->date), "%s", ix->fields[3]);
	snprintf(c->time, sizeof(c->time), "%s", ix->fields[4]);
	c->area = ix->fields[5];
	c->recording = ix->fields[6];
	c->source = ix->sources && ix->sources->kind == PANEL_NODE_SEQ &&
	                    src < ix->sources->n
	                ? panel_node_get_str(ix->sources->items[src], "file")
	                : NULL;
	return 1;
}

int
panel_contacts_index_find(struct panel_contact *out, struct panel_index *ix,
    const char *id, size_t len, struct panel_err *err)
{
	off_t lo = 0, hi = ix->size, mid, start, end;
	int rc, c;

	memset(out, 0, sizeof(*out));
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((rc = line_at(ix, mid, mid > lo, &start, &end)) < 0)
			return panel_err_set(err, PANEL_EINPUT, ix->path, 0, 0,
			    "malformed (a line without its end)");
		if (rc == 0 || start >= hi) {
			hi = mid;
			continue;
		}
		if ((c = cmp_line(ix, id, len)) == 0)
			return fill_contact(out, ix, id, len, err);
		if (c < 0)
			lo = end;
		else
			hi = start;
	}
	return 0;
}
