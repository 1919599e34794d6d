/*
 * batch: files that appear together on publish, and a batch freed
 * unpublished that takes back its temp files and the empty folders it
 * made, never a file or folder that was there before.  Results are
 * checked with ls and cat.
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

#include "batch.h"
#include "err.h"
#include "fs.h"
#include "stream.h"

#include "banned.h"

/* Opens path in b and writes text to it. */
static void
put(struct panel_batch *b, const char *path, const char *text)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_stream_out *w;

	assert_int_equal(panel_batch_open(&w, b, path, &err), 0);
	assert_int_equal(
	    panel_stream_out_write(w, text, strlen(text), &err), 0);
	assert_int_equal(panel_stream_out_sync(w, &err), 0);
}

static void
test_publish(void **state)
{
	const char *root = *state;
	struct panel_batch *b = panel_batch_new(root);
	struct panel_err err = PANEL_ERR_INIT;

	put(b, "v/d/a.txt", "first\n");
	put(b, "v/d/b.txt", "second\n");
	put(b, "v/d/a.txt", "again\n");
	/* Until published, only temp files (dot names) are in the folder. */
	assert_string_equal(test_out("ls '%s/v/d'", root), "");
	assert_string_equal(test_out("ls -A '%s/v/d' | wc -l", root), "3");
	assert_int_equal(panel_batch_publish(b, &err), 0);
	panel_batch_free(b);
	assert_string_equal(test_out("ls -A '%s/v/d'", root), "a.txt\nb.txt");
	assert_string_equal(test_out("cat '%s/v/d/a.txt'", root), "again");
	assert_string_equal(test_out("cat '%s/v/d/b.txt'", root), "second");
	assert_string_equal(test_out("stat -c %%a '%s/v/d'", root), "700");
}

static void
test_free_takes_back(void **state)
{
	const char *root = *state;
	struct panel_batch *b = panel_batch_new(root);

	assert_int_equal(
	    test_sh("mkdir '%s/v' && echo old >'%s/v/keep.txt'", root, root),
	    0);
	put(b, "v/keep.txt", "new\n");
	put(b, "v/d/e/x.txt", "x\n");
	put(b, "v/d/y.txt", "y\n");
	assert_string_equal(test_out("cat '%s/v/keep.txt'", root), "old");
	panel_batch_free(b);
	assert_string_equal(test_out("ls -A '%s/v'", root), "keep.txt");
	assert_string_equal(test_out("cat '%s/v/keep.txt'", root), "old");
	panel_batch_free(NULL);
}

/* A folder the batch made is kept if something else is put in it. */
static void
test_free_keeps_what_others_put(void **state)
{
	const char *root = *state;
	struct panel_batch *b = panel_batch_new(root);

	put(b, "v/d/x.txt", "x\n");
	assert_int_equal(test_sh("echo other >'%s/v/d/other.txt'", root), 0);
	panel_batch_free(b);
	assert_string_equal(test_out("ls -A '%s/v/d'", root), "other.txt");
}

static void
test_rmdir(void **state)
{
	const char *root = *state;
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(test_sh("mkdir -p '%s/a/b' '%s/c' && "
	                         "echo x >'%s/c/f' && ln -s c '%s/l'",
	                     root, root, root, root),
	    0);
	assert_int_equal(panel_fs_rmdir(root, "a/b", &err), 0);
	assert_int_equal(panel_fs_rmdir(root, "a/b", &err), 0);
	assert_int_equal(panel_fs_rmdir(root, "x/y", &err), 0);
	assert_int_equal(panel_fs_rmdir(root, "c", &err), PANEL_EIO);
	assert_int_not_equal(panel_fs_rmdir(root, "l", &err), 0);
	assert_int_not_equal(panel_fs_rmdir(root, "l/f", &err), 0);
	assert_int_equal(panel_fs_rmdir(root, "../x", &err), PANEL_EINPUT);
	assert_string_equal(test_out("ls -A '%s'", root), "a\nc\nl");
	assert_string_equal(test_out("cat '%s/c/f'", root), "x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_publish, test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_free_takes_back, test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(test_free_keeps_what_others_put,
	        test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_rmdir, test_tmpdir_setup, test_tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
