/*
 * journal: what writes replaced is put back byte for byte with its mode,
 * files and folders that were not there are taken away again, a folder
 * holding something else is kept, clearing keeps the changes, and a step
 * that cannot be undone is counted and named without stopping the rest.
 */

#include <sys/stat.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"

#include "buf.h"
#include "err.h"
#include "fs.h"
#include "journal.h"

#include "banned.h"

#define MAX 64

/* root/rel's contents, or "(none)" if it is missing. */
static const char *
contents(const char *root, const char *rel)
{
	static struct panel_buf b = PANEL_BUF_INIT;
	struct panel_err err = PANEL_ERR_INIT;

	panel_buf_release(&b);
	if (!panel_fs_exists(root, rel))
		return "(none)";
	assert_int_equal(panel_fs_read(&b, root, rel, 1 << 20, &err), 0);
	return b.buf;
}

static unsigned
mode_of(const char *root, const char *rel)
{
	char p[PATH_MAX];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(lstat(p, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

/* Notes rel and writes text over it, as a command does. */
static void
change(struct panel_journal *j, const char *root, const char *rel,
    const char *text)
{
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(panel_journal_note(j, rel, &err), 0);
	assert_int_equal(
	    panel_fs_write(root, rel, text, strlen(text), &err), 0);
}

static void
test_restore(void **state)
{
	const char *root = *state;
	struct panel_journal *j = panel_journal_new(root, MAX);
	struct panel_err err = PANEL_ERR_INIT;
	static const char old[] = "a\0b\r\nno final newline";

	panel_fs_umask();
	assert_int_equal(
	    panel_fs_write_mode(root, "kept.bin", old, sizeof(old), 0640, &err),
	    0);
	assert_int_equal(test_sh("mkdir -p '%s/meetings'", root), 0);
	assert_true(panel_journal_empty(j));
	change(j, root, "kept.bin", "new\n");
	/* A second write to a path keeps the state before the first. */
	change(j, root, "kept.bin", "newer\n");
	change(j, root, "meetings/2019-01-10/correspondence/E-1.txt", "x\n");
	change(j, root, "meetings/2019-01-10/correspondence/E-1.log", "y\n");
	change(j, root, "gone.txt", "z\n");
	assert_int_equal(panel_journal_note(j, "kept.bin", &err), 0);
	assert_false(panel_journal_empty(j));
	assert_int_equal(panel_journal_restore(j, &err), 0);
	assert_true(panel_journal_empty(j));
	assert_int_equal(
	    test_sh("printf 'a\\0b\\r\\nno final newline\\0' | cmp -s - "
	            "'%s/kept.bin'",
	        root),
	    0);
	assert_int_equal(mode_of(root, "kept.bin"), 0640);
	assert_string_equal(contents(root, "gone.txt"), "(none)");
	/* The folders it made are gone, the one that was there is kept. */
	assert_string_equal(
	    test_out("cd '%s' && find . | LC_ALL=C sort | tr '\\n' ' '", root),
	    ". ./kept.bin ./meetings ");
	/* Restoring again does nothing: the journal is empty. */
	assert_int_equal(panel_journal_restore(j, &err), 0);
	assert_int_equal(mode_of(root, "kept.bin"), 0640);
	panel_journal_free(j);
}

static void
test_removal_restored(void **state)
{
	const char *root = *state;
	struct panel_journal *j = panel_journal_new(root, MAX);
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(
	    panel_fs_write_mode(root, "p/list.txt", "1\n2\n", 4, 0600, &err),
	    0);
	assert_int_equal(panel_journal_note(j, "p/list.txt", &err), 0);
	assert_int_equal(panel_fs_remove(root, "p/list.txt", &err), 0);
	assert_int_equal(panel_journal_restore(j, &err), 0);
	assert_string_equal(contents(root, "p/list.txt"), "1\n2\n");
	assert_int_equal(mode_of(root, "p/list.txt"), 0600);
	panel_journal_free(j);
}

static void
test_clear_keeps(void **state)
{
	const char *root = *state;
	struct panel_journal *j = panel_journal_new(root, MAX);
	struct panel_err err = PANEL_ERR_INIT;

	change(j, root, "a/b/new.txt", "new\n");
	panel_journal_clear(j);
	assert_true(panel_journal_empty(j));
	assert_int_equal(panel_journal_restore(j, &err), 0);
	assert_string_equal(contents(root, "a/b/new.txt"), "new\n");
	/* Freed with notes, nothing is touched either. */
	change(j, root, "a/b/new.txt", "newer\n");
	panel_journal_free(j);
	assert_string_equal(contents(root, "a/b/new.txt"), "newer\n");
	panel_journal_free(NULL);
}

static void
test_folder_not_empty_kept(void **state)
{
	const char *root = *state;
	struct panel_journal *j = panel_journal_new(root, MAX);
	struct panel_err err = PANEL_ERR_INIT;

	change(j, root, "d/e/new.txt", "new\n");
	/* Something put beside it since is not the journal's to remove. */
	assert_int_equal(
	    panel_fs_write(root, "d/other.txt", "o\n", 2, &err), 0);
	assert_int_equal(panel_journal_restore(j, &err), 0);
	assert_string_equal(
	    test_out("cd '%s' && find . | LC_ALL=C sort | tr '\\n' ' '", root),
	    ". ./d ./d/other.txt ");
	panel_journal_free(j);
}

static void
test_refused_before_change(void **state)
{
	const char *root = *state;
	struct panel_journal *j = panel_journal_new(root, 4);
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(panel_fs_write(root, "big.txt", "12345", 5, &err), 0);
	assert_int_equal(panel_journal_note(j, "big.txt", &err), PANEL_EINPUT);
	assert_string_equal(err.file, "big.txt");
	assert_string_equal(err.msg, "file is over 4 bytes");
	assert_int_equal(test_sh("ln -s big.txt '%s/link.txt'", root), 0);
	assert_int_equal(panel_journal_note(j, "link.txt", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_equal(panel_journal_note(j, "../x", &err), PANEL_EINPUT);
	assert_true(panel_journal_empty(j));
	panel_journal_free(j);
}

static void
test_failed_step_named(void **state)
{
	const char *root = *state;
	struct panel_journal *j = panel_journal_new(root, MAX);
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(panel_fs_write(root, "old.txt", "old\n", 4, &err), 0);
	change(j, root, "old.txt", "new\n");
	change(j, root, "made.txt", "new\n");
	change(j, root, "also.txt", "new\n");
	/* Folders where files are to go back, or go, cannot be undone. */
	assert_int_equal(test_sh("cd '%s' && rm made.txt old.txt && "
	                         "mkdir made.txt old.txt",
	                     root),
	    0);
	assert_int_equal(panel_journal_restore(j, &err), 2);
	/* The last noted is undone first: made.txt is the first to fail. */
	assert_string_equal(err.file, "made.txt");
	assert_non_null(strstr(err.msg, "cannot remove"));
	/* The others were still done. */
	assert_string_equal(contents(root, "also.txt"), "(none)");
	assert_true(panel_journal_empty(j));
	panel_journal_free(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_restore, test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_removal_restored, test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_clear_keeps, test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(test_folder_not_empty_kept,
	        test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(test_refused_before_change,
	        test_tmpdir_setup, test_tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(test_failed_step_named,
	        test_tmpdir_setup, test_tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
