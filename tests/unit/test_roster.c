/*
 * roster: references sorted bytewise as sort(1) with LC_ALL=C would, a
 * reference given twice found with its earliest two rows, and the index
 * and ID lists written from one pass.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"

#include "buf.h"
#include "fs.h"
#include "roster.h"
#include "stream.h"

#include "banned.h"

#define INDEX_SHA                                                              \
	"aa9460d4f608838f6a001ee316513698111fcf36e89616eb462955ea00de5a38"

static struct panel_roster_entry *
add(struct panel_roster *r, const char *id, unsigned char src, unsigned line,
    int stratum)
{
	struct panel_roster_entry *e = panel_roster_add(r, id, strlen(id));

	e->src = src;
	e->line = line;
	e->stratum = (short)stratum;
	e->detail = stratum < 0 ? NULL : panel_roster_copy(r, "D\tT\tA\tR", 7);
	return e;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes the index of sorted r, and reads it back. */
static void
write_index(struct panel_buf *index, struct panel_buf lists[PANEL_STRATA],
    size_t counts[PANEL_STRATA], char hex[PANEL_SHA_HEX + 1],
    const struct panel_roster *r, const char *root)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_stream_out *w = NULL;

	assert_int_equal(panel_stream_out_open(&w, root, "i.tsv", &err), 0);
	assert_int_equal(
	    panel_roster_write_index(hex, lists, counts, r, w, &err), 0);
	assert_int_equal(panel_stream_out_close(w, &err), 0);
	assert_int_equal(panel_fs_read(index, root, "i.tsv", 1 << 24, &err), 0);
}

struct out {
	struct panel_buf index, lists[PANEL_STRATA];
	size_t counts[PANEL_STRATA];
	char hex[PANEL_SHA_HEX + 1];
};

static void
out_init(struct out *o)
{
	int k;

	memset(o, 0, sizeof(*o));
	panel_buf_init(&o->index, 0);
	for (k = 0; k < PANEL_STRATA; k++)
		panel_buf_init(&o->lists[k], 0);
}

static void
out_release(struct out *o)
{
	int k;

	panel_buf_release(&o->index);
	for (k = 0; k < PANEL_STRATA; k++)
		panel_buf_release(&o->lists[k]);
}

/*
 * Thousands of references sharing long prefixes, some prefixes of others,
 * some with bytes over 0x7f, in a scrambled order: the index and the list
 * hold them exactly as strcmp() orders them.
 */
static void
test_sort_order(void **state)
{
	struct panel_roster *r = panel_roster_new();
	const struct panel_roster_entry *first, *second;
	struct panel_buf want = PANEL_BUF_INIT, list = PANEL_BUF_INIT;
	char *ids[3000], id[32];
	struct out o;
	size_t i, n = 0;

	out_init(&o);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "C-%06zu", (i * 7919) % 1000);
		ids[n++] = strdup(id);
		snprintf(id, sizeof(id), "C-%06zu\xc3\xa9", (i * 383) % 1000);
		ids[n++] = strdup(id);
		snprintf(id, sizeof(id), "C-%zu", 999 - i);
		ids[n++] = strdup(id);
	}
	for (i = 0; i < n; i++)
		add(r, ids[i], 0, (unsigned)i + 2, 0);
	assert_int_equal(panel_roster_sort(&first, &second, r), 0);
	write_index(&o.index, o.lists, o.counts, o.hex, r, *state);
	qsort(ids, n, sizeof(*ids), cmp_str);
	for (i = 0; i < n; i++) {
		panel_buf_addf(&want, "%s\t101\t0\tD\tT\tA\tR\n", ids[i]);
		panel_buf_addf(&list, "%s\n", ids[i]);
		free(ids[i]);
	}
	assert_string_equal(o.index.buf, want.buf);
	assert_string_equal(o.lists[0].buf, list.buf);
	assert_int_equal(o.counts[0], n);
	assert_int_equal(strlen(o.hex), PANEL_SHA_HEX);
	panel_buf_release(&want);
	panel_buf_release(&list);
	out_release(&o);
	panel_roster_free(r);
}

/* Entries left out are in neither; each stratum gets its own list. */
static void
test_index_strata(void **state)
{
	struct panel_roster *r = panel_roster_new();
	const struct panel_roster_entry *first, *second;
	struct out o;

	out_init(&o);
	add(r, "W-2", 1, 4, 3);
	add(r, "C-9", 0, 2, -1);
	add(r, "C-1", 0, 3, 1);
	add(r, "W-1", 1, 2, 3);
	add(r, "C-5", 0, 4, 0);
	assert_int_equal(panel_roster_sort(&first, &second, r), 0);
	write_index(&o.index, o.lists, o.counts, o.hex, r, *state);
	assert_string_equal(o.index.buf, "C-1\t999\t0\tD\tT\tA\tR\n"
	                                 "C-5\t101\t0\tD\tT\tA\tR\n"
	                                 "W-1\twebform\t1\tD\tT\tA\tR\n"
	                                 "W-2\twebform\t1\tD\tT\tA\tR\n");
	assert_string_equal(o.lists[0].buf, "C-5\n");
	assert_string_equal(o.lists[1].buf, "C-1\n");
	assert_string_equal(o.lists[2].buf, "");
	assert_string_equal(o.lists[3].buf, "W-1\nW-2\n");
	assert_int_equal(o.counts[3], 2);
	/* sha256sum of the index above, by coreutils. */
	assert_string_equal(o.hex, INDEX_SHA);
	out_release(&o);
	panel_roster_free(r);
}

/* Rows of references given twice, in no order; the C-7 rows first. */
static const struct row {
	const char *id;
	unsigned char src;
	unsigned line;
	int stratum;
} twice[] = {
    {"C-7", 0, 30, 0},
    {"C-7", 0, 40, 0},
    {"C-8", 1, 5, 0},
    {"C-8", 1, 3, -1},
    {"C-8", 0, 9, 0},
    {"C-80", 0, 2, 0},
    {"C-8", 1, 4, 0},
};

static struct panel_roster *
roster_of(const struct row *rows, size_t n)
{
	struct panel_roster *r = panel_roster_new();
	size_t i;

	for (i = 0; i < n; i++)
		add(r, rows[i].id, rows[i].src, rows[i].line, rows[i].stratum);
	return r;
}

/*
 * The lowest reference given twice is named by its earliest two rows, by
 * export and then line, whatever order sorting left them in, and whether
 * or not they were kept.
 */
static void
test_duplicates(void **state)
{
	const size_t n = sizeof(twice) / sizeof(twice[0]);
	struct panel_roster *r = panel_roster_new();
	const struct panel_roster_entry *first, *second;

	(void)state;
	assert_int_equal(panel_roster_sort(&first, &second, r), 0);
	panel_roster_free(r);
	r = roster_of(twice, n);
	assert_int_equal(panel_roster_sort(&first, &second, r), 1);
	assert_string_equal(first->id, "C-7");
	assert_int_equal(first->line, 30);
	assert_int_equal(second->line, 40);
	panel_roster_free(r);
	r = roster_of(twice + 2, n - 2);
	assert_int_equal(panel_roster_sort(&first, &second, r), 1);
	assert_string_equal(first->id, "C-8");
	assert_int_equal(first->src, 0);
	assert_int_equal(first->line, 9);
	assert_int_equal(second->src, 1);
	assert_int_equal(second->line, 3);
	panel_roster_free(r);
	r = roster_of(twice + 5, 2);
	assert_int_equal(panel_roster_sort(&first, &second, r), 0);
	panel_roster_free(r);
	panel_roster_free(NULL);
}

/* Copies stay where they are as chunks fill up, each with its NUL. */
static void
test_copy_chunks(void **state)
{
	struct panel_roster *r = panel_roster_new();
	const char *p[3000];
	char s[1000];
	size_t i, j;

	(void)state;
	for (i = 0; i < 3000; i++) {
		memset(s, 'a' + (int)(i % 26), sizeof(s));
		p[i] = panel_roster_copy(r, s, i % 997);
	}
	for (i = 0; i < 3000; i++) {
		assert_int_equal(strlen(p[i]), i % 997);
		for (j = 0; j < i % 997; j++)
			assert_int_equal(p[i][j], 'a' + (int)(i % 26));
	}
	panel_roster_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_sort_order, test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_index_strata, test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_copy_chunks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
