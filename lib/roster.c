#include "roster.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#include "banned.h"

#define CHUNK (1024 * 1024)

struct panel_roster {
	char **chunks; /* each CHUNK bytes, filled in turn */
	size_t nchunks, achunks, used;
	struct panel_roster_entry *e, **order; /* as added, and sorted */
	size_t n, alloc;
};

struct panel_roster *
panel_roster_new(void)
{
	return panel_xcalloc(1, sizeof(struct panel_roster));
}

void
panel_roster_free(struct panel_roster *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nchunks; i++)
		free(r->chunks[i]);
	free(r->chunks);
	free(r->e);
	free(r->order);
	free(r);
}

const char *
panel_roster_copy(struct panel_roster *r, const char *s, size_t len)
{
	char *p;

	if (r->nchunks == 0 || r->used + len + 1 > CHUNK) {
		PANEL_GROW(r->chunks, r->nchunks + 1, r->achunks);
		r->chunks[r->nchunks++] = panel_xmalloc(CHUNK);
		r->used = 0;
	}
	p = r->chunks[r->nchunks - 1] + r->used;
	memcpy(p, s, len);
	p[len] = '\0';
	r->used += len + 1;
	return p;
}

struct panel_roster_entry *
panel_roster_add(struct panel_roster *r, const char *id, size_t len)
{
	struct panel_roster_entry *e;

	PANEL_GROW(r->e, r->n + 1, r->alloc);
	e = &r->e[r->n++];
	memset(e, 0, sizeof(*e));
	e->id = panel_roster_copy(r, id, len);
	e->len = (unsigned char)len;
	return e;
}

/* Orders two rows of the same reference: earlier source, earlier line. */
static int
before(const struct panel_roster_entry *x, const struct panel_roster_entry *y)
{
	return x->src != y->src ? x->src < y->src : x->line < y->line;
}

/* The byte of e's reference at depth d, or -1 past its end. */
static int
byte_at(const struct panel_roster_entry *e, size_t d)
{
	return d < e->len ? (unsigned char)e->id[d] : -1;
}

static void
swap_entries(struct panel_roster_entry **a, size_t i, size_t j)
{
	struct panel_roster_entry *t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/*
 * Bentley and Sedgewick's multikey quicksort of references bytewise,
 * a[0..n) all equal in their first d bytes.
 */
static void
mkqsort(struct panel_roster_entry **a, size_t n, size_t d)
{
	size_t lt, gt, i, j;
	int v, c;

	while (n > 1) {
		if (n < 12) {
			for (i = 1; i < n; i++)
				for (j = i; j > 0 && strcmp(a[j - 1]->id + d,
				                         a[j]->id + d) > 0;
				     j--)
					swap_entries(a, j - 1, j);
			return;
		}
		swap_entries(a, 0, n / 2);
		v = byte_at(a[0], d);
		for (lt = 0, i = 0, gt = n; i < gt;) {
			c = byte_at(a[i], d);
			if (c < v)
				swap_entries(a, lt++, i++);
			else if (c > v)
				swap_entries(a, i, --gt);
			else
				i++;
		}
		mkqsort(a, lt, d);
		if (v >= 0)
			mkqsort(a + lt, gt - lt, d + 1);
		a += gt;
		n -= gt;
	}
}

/* The earliest two of a[0..n), n >= 2, which sorting left in any order. */
static void
earliest_two(const struct panel_roster_entry **first,
    const struct panel_roster_entry **second,
    struct panel_roster_entry *const *a, size_t n)
{
	size_t k;

	*first = *second = NULL;
	for (k = 0; k < n; k++) {
		if (*first == NULL || before(a[k], *first)) {
			*second = *first;
			*first = a[k];
		} else if (*second == NULL || before(a[k], *second)) {
			*second = a[k];
		}
	}
}

int
panel_roster_sort(const struct panel_roster_entry **first,
    const struct panel_roster_entry **second, struct panel_roster *r)
{
	size_t i, j;

	free(r->order);
	r->order = panel_xcalloc(r->n + 1, sizeof(*r->order));
	for (i = 0; i < r->n; i++)
		r->order[i] = &r->e[i];
	mkqsort(r->order, r->n, 0);
	for (i = 0; i + 1 < r->n; i = j) {
		for (j = i + 1;
		     j < r->n && strcmp(r->order[i]->id, r->order[j]->id) == 0;
		     j++)
			;
		if (j > i + 1) {
			earliest_two(first, second, r->order + i, j - i);
			return 1;
		}
	}
	return 0;
}

/* The index line of e into line: what contacts.c splits again. */
static void
index_line(struct panel_buf *line, const struct panel_roster_entry *e)
{
	panel_buf_reset(line);
	panel_buf_add(line, e->id, e->len);
	panel_buf_addch(line, '\t');
	panel_buf_addstr(line, panel_strata[e->stratum]);
	panel_buf_addch(line, '\t');
	panel_buf_addch(line, '0' + e->src);
	panel_buf_addch(line, '\t');
	panel_buf_addstr(line, e->detail);
	panel_buf_addch(line, '\n');
}

int
panel_roster_write_index(char hex[PANEL_SHA_HEX + 1],
    struct panel_buf lists[PANEL_STRATA], size_t counts[PANEL_STRATA],
    const struct panel_roster *r, struct panel_stream_out *w,
    struct panel_err *err)
{
	struct panel_buf line = PANEL_BUF_INIT;
	struct panel_sha *sha = NULL;
	unsigned char d[PANEL_SHA_LEN];
	const struct panel_roster_entry *e;
	size_t i;
	int rc;

	if ((rc = panel_sha_new(&sha, err)) < 0 ||
	    (rc = panel_sha_start(sha, err)) < 0)
		goto done;
	for (i = 0; i < r->n && rc == 0; i++) {
		e = r->order[i];
		if (e->stratum < 0)
			continue;
		index_line(&line, e);
		panel_buf_add(&lists[e->stratum], e->id, e->len);
		panel_buf_addch(&lists[e->stratum], '\n');
		counts[e->stratum]++;
		if ((rc = panel_sha_update(sha, line.buf, line.len, err)) == 0)
			rc = panel_stream_out_write(w, line.buf, line.len, err);
	}
	if (rc == 0 && (rc = panel_sha_finish(d, sha, err)) == 0)
		panel_sha_hex(hex, d);
done:
	panel_sha_free(sha);
	panel_buf_release(&line);
	return rc;
}
