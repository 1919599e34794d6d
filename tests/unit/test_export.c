/*
 * The CSV reader: the header mapping, and every strict refusal with the
 * line it names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "export.h"

#include "banned.h"

/* Collects rows as "LINE:f1|f2|...;" and stops at row stop_at. */
struct got {
	struct panel_buf out;
	unsigned stop_at;
};

static int
collect(const struct panel_export_row *row, void *ctx, struct panel_err *err)
{
	struct got *g = ctx;
	size_t i;

	if (g->stop_at && row->line == g->stop_at)
		return panel_err_set(
		    err, PANEL_EINPUT, row->file, row->line, 0, "stopped");
	panel_buf_addf(&g->out, "%u:", row->line);
	for (i = 0; i < row->n; i++) {
		assert_int_equal(strlen(row->fields[i]), row->lens[i]);
		panel_buf_addf(&g->out, "%s%s", i ? "|" : "", row->fields[i]);
	}
	panel_buf_addch(&g->out, ';');
	return 0;
}

static const char *const abc[] = {"a", "c", NULL};

/* Reads text with the names a, c and an unmapped third; returns rc. */
static int
run(struct got *g, const char *text, size_t len, struct panel_err *err)
{
	panel_buf_init(&g->out, 0);
	return panel_export_read_mem(
	    "t.csv", text, len, abc, 3, collect, g, err);
}

static void
expect_rows(const char *text, const char *want)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct got g = {PANEL_BUF_INIT, 0};

	assert_int_equal(run(&g, text, strlen(text), &err), 0);
	assert_string_equal(g.out.buf, want);
	panel_buf_release(&g.out);
}

static void
expect_error(const char *text, size_t len, unsigned line, const char *msg)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct got g = {PANEL_BUF_INIT, 0};

	assert_int_equal(run(&g, text, len, &err), PANEL_EINPUT);
	assert_string_equal(err.file, "t.csv");
	assert_int_equal(err.line, line);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("message '%s' lacks '%s'", err.msg, msg);
	panel_buf_release(&g.out);
}

static void
test_mapping(void **state)
{
	(void)state;
	expect_rows("b,c,a\n1,2,3\n4,5,6\n", "2:3|2|;3:6|5|;");
	/* A BOM at the very start is not part of the first name. */
	expect_rows("\xef\xbb\xbf"
	            "a,c\nx,y\n",
	    "2:x|y|;");
	/* CRLF, a last line without newline, blank lines skipped. */
	expect_rows("a,c\r\n1,2\r\n\r\n\n3,4", "2:1|2|;5:3|4|;");
	/* Quoted fields: commas, quotes, newlines; lines stay physical. */
	expect_rows("a,c\n\"x,\"\"y\",\"two\nlines\"\n5,6\n",
	    "2:x,\"y|two\nlines|;4:5|6|;");
	/* Spaces are kept for the caller to refuse. */
	expect_rows("a,c\n x ,y\t\n", "2: x |y\t|;");
	/* Empty fields. */
	expect_rows("a,c\n,\n", "2:||;");
	/* UTF-8 is fine. */
	expect_rows(
	    "a,c\n\xc3\xa9,\xe2\x82\xac\n", "2:\xc3\xa9|\xe2\x82\xac|;");
}

static void
test_header_errors(void **state)
{
	(void)state;
	expect_error("", 0, 1, "no header row");
	expect_error("a,b\n1,2\n", 8, 1, "column 'c' is not in the header");
	expect_error("a,c,a\n1,2,3\n", 12, 1, "column 3: header repeats");
	expect_error("a,\xff\n", 5, 1, "invalid UTF-8");
}

static void
test_row_errors(void **state)
{
	static const char nul[] = "a,c\n1,2\nx\0y,3\n";
	(void)state;
	expect_error("a,c\n1,2\n3\n", 10, 3,
	    "row has 1 fields, the header "
	    "has 2");
	expect_error("a,c\n1,2\n3,4,5\n", 14, 3, "row has 3 fields");
	expect_error("a,c\n1,2\n\"open,3\n4,5\n", 20, 3, "quote");
	expect_error("a,c\n1,2\nab\"c,3\n", 15, 3, "quote");
	expect_error("a,c\n1,\xc3\n", 8, 2, "column 'c': invalid UTF-8");
	expect_error("a,c\n1,\xed\xa0\x80\n", 10, 2, "invalid UTF-8");
	expect_error("a,c\n\xc0\xaf,1\n", 8, 2, "column 'a': invalid UTF-8");
	expect_error("a,c\n1,2\nx\xef\xbb\xbfy,3\n", 16, 3,
	    "column 'a': byte order mark inside a field");
	expect_error(nul, sizeof(nul) - 1, 3, "column 'a': NUL byte");
	/* A line after a multi-line field is numbered physically. */
	expect_error("a,c\n\"1\n\n2\",3\n4\n", 15, 5, "row has 1 fields");
}

static void
test_caps(void **state)
{
	size_t big = PANEL_EXPORT_FIELD_MAX + 10,
	       row = PANEL_EXPORT_ROW_MAX + 10;
	char *text = malloc(row + 16);
	size_t i;

	(void)state;
	assert_non_null(text);
	memcpy(text, "a,c\n1,", 6);
	memset(text + 6, 'x', big);
	text[6 + big] = '\n';
	expect_error(text, 7 + big, 2, "column 'c': field longer");
	/* A row without end is cut off, not buffered whole. */
	memcpy(text, "a,c\n\"", 5);
	for (i = 5; i < row; i++)
		text[i] = (i % 100 == 0) ? '\n' : 'y';
	expect_error(text, row, 2, "row longer than");
	free(text);
}

static void
test_callback_stops(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct got g = {PANEL_BUF_INIT, 3};
	const char *text = "a,c\n1,2\n3,4\n5,6\n";

	(void)state;
	assert_int_equal(run(&g, text, strlen(text), &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "stopped");
	assert_string_equal(g.out.buf, "2:1|2|;");
	panel_buf_release(&g.out);
}

static void
test_file(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct got g = {PANEL_BUF_INIT, 0};
	char path[] = "/tmp/test_export.XXXXXX";
	FILE *f;
	int fd, i;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("\xef\xbb\xbf"
	      "c,a\n",
	    f);
	for (i = 0; i < 20000; i++)
		fprintf(f, "%d,\"row %d\"\n", i, i);
	fclose(f);
	assert_int_equal(panel_export_read(path, abc, 3, collect, &g, &err), 0);
	assert_non_null(strstr(g.out.buf, "2:row 0|0|;3:row 1|1|;"));
	assert_non_null(strstr(g.out.buf, ";20001:row 19999|19999|;"));
	panel_buf_release(&g.out);
	unlink(path);
	assert_int_equal(
	    panel_export_read(path, abc, 3, collect, &g, &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "cannot open"));
}

/* Fed one byte at a time, even a BOM split over feeds, rows are the same. */
static void
test_push(void **state)
{
	static const char text[] = "\xef\xbb\xbf"
	                           "a,c\n\"x\ny\",2\n3,4";
	struct panel_err err = PANEL_ERR_INIT;
	struct got g = {PANEL_BUF_INIT, 0};
	struct panel_export *c = NULL;
	size_t i;

	(void)state;
	assert_int_equal(
	    panel_export_new(&c, "t.csv", abc, 3, collect, &g, &err), 0);
	for (i = 0; i + 1 < sizeof(text); i++)
		assert_int_equal(panel_export_feed(c, text + i, 1, &err), 0);
	assert_int_equal(panel_export_finish(c, &err), 0);
	assert_string_equal(g.out.buf, "2:x\ny|2|;4:3|4|;");
	panel_export_free(c);
	panel_buf_release(&g.out);
	/* Two bytes in all: not a BOM, and no header row. */
	assert_int_equal(
	    panel_export_new(&c, "t.csv", abc, 3, collect, &g, &err), 0);
	assert_int_equal(panel_export_feed(c, "a\n", 2, &err), 0);
	assert_int_equal(panel_export_finish(c, &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "column 'c' is not in the header"));
	panel_export_free(c);
	panel_export_free(NULL);
	panel_buf_release(&g.out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mapping),
	    cmocka_unit_test(test_header_errors),
	    cmocka_unit_test(test_row_errors),
	    cmocka_unit_test(test_caps),
	    cmocka_unit_test(test_callback_stops),
	    cmocka_unit_test(test_file),
	    cmocka_unit_test(test_push),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
