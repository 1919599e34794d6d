/*
 * fs: paths walked without following links, atomic writes that leave the
 * old file and no temp behind on failure, size caps, modes, sorted lists.
 */

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
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

#include "banned.h"

static char root[PATH_MAX];

static void
path_of(char *out, size_t size, const char *rel)
{
	int n = snprintf(out, size, "%s/%s", root, rel);

	assert_true(n > 0 && (size_t)n < size);
}

static void
put(const char *rel, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	path_of(p, sizeof(p), rel);
	assert_non_null(f = fopen(p, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
mkdir_rel(const char *rel)
{
	char p[PATH_MAX];

	path_of(p, sizeof(p), rel);
	assert_int_equal(mkdir(p, 0700), 0);
}

static void
link_rel(const char *target, const char *rel)
{
	char p[PATH_MAX];

	path_of(p, sizeof(p), rel);
	assert_int_equal(symlink(target, p), 0);
}

static mode_t mode_of_full(const char *rel);

static mode_t
mode_of(const char *rel)
{
	return mode_of_full(rel) & 07777;
}

static mode_t
mode_of_full(const char *rel)
{
	char p[PATH_MAX];
	struct stat st;

	path_of(p, sizeof(p), rel);
	assert_int_equal(lstat(p, &st), 0);
	return st.st_mode;
}

/* The file's contents, read with stdio (independently of fs.c). */
static char *
slurp(const char *rel)
{
	static char text[4096];
	char p[PATH_MAX];
	size_t n;
	FILE *f;

	path_of(p, sizeof(p), rel);
	assert_non_null(f = fopen(p, "r"));
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* Names in folder rel, as one string "a b c", read with ls -A. */
static char *
ls(const char *rel)
{
	static char out[4096];
	char cmd[PATH_MAX + 64];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
	    "cd '%s/%s' && LC_ALL=C ls -A | tr '\\n' ' '", root, rel);
	assert_non_null(p = popen(cmd, "r"));
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static int
setup(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(root, sizeof(root), "%s/panel-test-fs.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(root) == NULL)
		return -1;
	snprintf(cmd, sizeof(cmd), "chmod 700 '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return test_rmrf(root);
}

/* Runs first, while the temp counter is still at 0. */
static void
test_temp_names_planted(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char rel[64];
	int i;

	(void)state;
	put("outside", "keep\n");
	/* Links planted under the next temp names must not be written. */
	for (i = 0; i < 5; i++) {
		snprintf(
		    rel, sizeof(rel), ".t.yaml.tmp.%ld.%d", (long)getpid(), i);
		link_rel("outside", rel);
	}
	assert_int_equal(panel_fs_write(root, "t.yaml", "new\n", 4, &err), 0);
	assert_string_equal(slurp("t.yaml"), "new\n");
	assert_string_equal(slurp("outside"), "keep\n");
	assert_int_equal(mode_of("t.yaml"), 0600);
}

static void
test_umask(void **state)
{
	mode_t old;

	(void)state;
	panel_fs_umask();
	old = umask(022);
	assert_int_equal(old, 077);
	umask(old);
}

static void
test_write_read(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf b = PANEL_BUF_INIT;

	(void)state;
	panel_fs_umask();
	assert_int_equal(
	    panel_fs_write(root, "w/x/one.yaml", "id: GF\n", 7, &err), 0);
	assert_int_equal(mode_of("w"), 0700);
	assert_int_equal(mode_of("w/x"), 0700);
	assert_int_equal(mode_of("w/x/one.yaml"), 0600);
	assert_string_equal(slurp("w/x/one.yaml"), "id: GF\n");
	assert_int_equal(
	    panel_fs_write(root, "w/x/one.yaml", "id: MH\n", 7, &err), 0);
	assert_string_equal(slurp("w/x/one.yaml"), "id: MH\n");
	/* No temp file left behind. */
	assert_string_equal(ls("w/x"), "one.yaml ");
	/* Reading appends, NULs included. */
	panel_buf_addstr(&b, ">");
	assert_int_equal(panel_fs_write(root, "w/nul", "a\0b", 3, &err), 0);
	assert_int_equal(panel_fs_read(&b, root, "w/nul", 3, &err), 0);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.buf, ">a\0b", 5);
	panel_buf_release(&b);
	/* An empty file is fine too. */
	assert_int_equal(panel_fs_write(root, "w/empty", "", 0, &err), 0);
	assert_int_equal(panel_fs_read(&b, root, "w/empty", 0, &err), 0);
	assert_int_equal(b.len, 0);
	panel_buf_release(&b);
}

static void
test_write_fails_keeps_old(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct rlimit old, small;
	static char big[100000];

	(void)state;
	assert_int_equal(
	    panel_fs_write(root, "f/keep.yaml", "old\n", 4, &err), 0);
	/* A file size limit makes the write itself fail, after the temp. */
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 1000;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	memset(big, 'x', sizeof(big));
	assert_int_equal(
	    panel_fs_write(root, "f/keep.yaml", big, sizeof(big), &err),
	    PANEL_EIO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_non_null(strstr(err.msg, "cannot write"));
	assert_string_equal(err.file, "f/keep.yaml");
	assert_string_equal(slurp("f/keep.yaml"), "old\n");
	assert_string_equal(ls("f"), "keep.yaml ");
}

static void
test_write_mode_read_mode(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf b = PANEL_BUF_INIT;
	unsigned mode = 0;

	(void)state;
	panel_fs_umask();
	/* The umask (077) does not cut the mode asked for. */
	assert_int_equal(
	    panel_fs_write_mode(root, "wm/a.txt", "shared\n", 7, 0644, &err),
	    0);
	assert_int_equal(mode_of("wm/a.txt"), 0644);
	assert_int_equal(mode_of("wm"), 0700);
	assert_int_equal(
	    panel_fs_read_mode(&b, &mode, root, "wm/a.txt", 7, &err), 0);
	assert_int_equal(mode, 0644);
	assert_string_equal(b.buf, "shared\n");
	/* A plain write over it is 0600 again. */
	assert_int_equal(panel_fs_write(root, "wm/a.txt", "x", 1, &err), 0);
	assert_int_equal(mode_of("wm/a.txt"), 0600);
	assert_string_equal(ls("wm"), "a.txt ");
	/* Over the cap, mode is not given and out is unchanged. */
	mode = 1;
	panel_buf_reset(&b);
	assert_int_equal(
	    panel_fs_read_mode(&b, &mode, root, "wm/a.txt", 0, &err),
	    PANEL_EINPUT);
	assert_int_equal(mode, 1);
	assert_int_equal(b.len, 0);
	panel_buf_release(&b);
}

static void
test_remove(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;

	(void)state;
	put("rm-gone.txt", "x\n");
	mkdir_rel("rmd");
	put("rmd/keep.txt", "y\n");
	assert_int_equal(panel_fs_remove(root, "rm-gone.txt", &err), 0);
	assert_int_equal(panel_fs_exists(root, "rm-gone.txt"), 0);
	/* Missing file or folder: nothing to do. */
	assert_int_equal(panel_fs_remove(root, "rm-gone.txt", &err), 0);
	assert_int_equal(panel_fs_remove(root, "no/such.txt", &err), 0);
	/* A folder is not a file to remove. */
	assert_int_equal(panel_fs_remove(root, "rmd", &err), PANEL_EIO);
	assert_string_equal(slurp("rmd/keep.txt"), "y\n");
	/* A link on the way is refused, a link at the end is the link. */
	link_rel("rmd", "rml");
	assert_int_equal(
	    panel_fs_remove(root, "rml/keep.txt", &err), PANEL_EINPUT);
	assert_string_equal(slurp("rmd/keep.txt"), "y\n");
	assert_int_equal(panel_fs_remove(root, "rml", &err), 0);
	assert_string_equal(slurp("rmd/keep.txt"), "y\n");
	assert_int_equal(panel_fs_remove(root, "../x", &err), PANEL_EINPUT);
}

/*
 * The write as a user who may not write in the folder.  Root may write
 * anywhere, so as root the write is made by a child that becomes nobody.
 */
static int
write_as_user(const char *rel)
{
	struct panel_err err = PANEL_ERR_INIT;
	int status;
	pid_t pid;

	if (geteuid() != 0)
		return panel_fs_write(root, rel, "new\n", 4, &err);
	if ((pid = fork()) == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(100);
		_exit(-panel_fs_write(root, rel, "new\n", 4, &err));
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return -WEXITSTATUS(status);
}

static void
test_write_readonly_folder(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char p[PATH_MAX];

	(void)state;
	assert_int_equal(
	    panel_fs_write(root, "ro/keep.yaml", "old\n", 4, &err), 0);
	path_of(p, sizeof(p), "ro");
	assert_int_equal(chmod(p, 0555), 0);
	if (geteuid() == 0) {
		/* Let nobody reach the folder and own the file, not write. */
		assert_int_equal(chmod(root, 0711), 0);
		path_of(p, sizeof(p), "ro/keep.yaml");
		assert_int_equal(chown(p, 65534, 65534), 0);
		assert_int_equal(chmod(p, 0644), 0);
	}
	assert_int_equal(write_as_user("ro/keep.yaml"), PANEL_EIO);
	assert_int_equal(chmod(root, 0700), 0);
	path_of(p, sizeof(p), "ro");
	assert_int_equal(chmod(p, 0700), 0);
	assert_string_equal(slurp("ro/keep.yaml"), "old\n");
	assert_string_equal(ls("ro"), "keep.yaml ");
}

/*
 * A link planted at each component of a/b/c.yaml: every call refuses it,
 * names it, and nothing outside is read or written.
 */
static void
test_links_refused(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf b = PANEL_BUF_INIT;
	char **list;
	const char *paths[] = {"s1/b/c.yaml", "s2/b/c.yaml", "s3/b/c.yaml"};
	const char *named[] = {"'s1'", "'s2/b'", "is a symbolic link"};
	size_t i;

	(void)state;
	mkdir_rel("real");
	mkdir_rel("real/b");
	put("real/b/c.yaml", "secret\n");
	put("real/c.yaml", "secret\n");
	link_rel("real", "s1");
	mkdir_rel("s2");
	link_rel("../real", "s2/b");
	mkdir_rel("s3");
	mkdir_rel("s3/b");
	link_rel("../../real/b/c.yaml", "s3/b/c.yaml");
	for (i = 0; i < 3; i++) {
		assert_int_equal(
		    panel_fs_read(&b, root, paths[i], 100, &err), PANEL_EINPUT);
		assert_non_null(strstr(err.msg, "symbolic link"));
		assert_non_null(strstr(err.msg, named[i]));
		assert_string_equal(err.file, paths[i]);
		assert_int_equal(b.len, 0);
		assert_int_equal(
		    panel_fs_write(root, paths[i], "evil\n", 5, &err),
		    PANEL_EINPUT);
		assert_non_null(strstr(err.msg, "symbolic link"));
		assert_int_equal(
		    panel_fs_probe(root, paths[i], &err), PANEL_EINPUT);
		assert_non_null(strstr(err.msg, "symbolic link"));
	}
	assert_string_equal(slurp("real/b/c.yaml"), "secret\n");
	assert_string_equal(ls("real/b"), "c.yaml ");
	assert_string_equal(ls("real"), "b c.yaml ");
	assert_true(S_ISLNK(mode_of_full("s3/b/c.yaml")));
	/* Folders: mkdirs and list refuse a link on the way, or at the end. */
	assert_int_equal(panel_fs_mkdirs(root, "s1/new", &err), PANEL_EINPUT);
	assert_int_equal(panel_fs_mkdirs(root, "s2/b", &err), PANEL_EINPUT);
	assert_int_equal(panel_fs_list(&list, root, "s1", &err), PANEL_EINPUT);
	assert_null(list);
	assert_int_equal(
	    panel_fs_list(&list, root, "s2/b", &err), PANEL_EINPUT);
	assert_string_equal(ls("real"), "b c.yaml ");
	/* exists() does not follow a final link but sees it. */
	assert_int_equal(panel_fs_exists(root, "s1"), 1);
	assert_int_equal(panel_fs_exists(root, "s1/b"), 0);
}

static void
test_bad_paths(void **state)
{
	static const char *const bad[] = {"", "/etc/passwd", "a//b", "a/",
	    "./a", "a/./b", "../x", "a/../b", "..", ".", "a/..", "/"};
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf b = PANEL_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(
		    panel_fs_check_path(bad[i], &err), PANEL_EINPUT);
		assert_non_null(strstr(err.msg, "not a safe relative path"));
		assert_int_equal(
		    panel_fs_read(&b, root, bad[i], 10, &err), PANEL_EINPUT);
		assert_int_equal(
		    panel_fs_write(root, bad[i], "x", 1, &err), PANEL_EINPUT);
		assert_int_equal(
		    panel_fs_mkdirs(root, bad[i], &err), PANEL_EINPUT);
		assert_int_equal(
		    panel_fs_probe(root, bad[i], &err), PANEL_EINPUT);
		assert_int_equal(panel_fs_exists(root, bad[i]), 0);
	}
	assert_int_equal(panel_fs_check_path("a/b.c/.d", &err), 0);
	assert_int_equal(panel_fs_check_path("...", &err), 0);
}

static void
test_read_limits(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf b = PANEL_BUF_INIT;
	char p[PATH_MAX];

	(void)state;
	put("hundred", "0123456789012345678901234567890123456789"
	               "0123456789012345678901234567890123456789"
	               "01234567890123456789");
	panel_buf_addstr(&b, "x");
	assert_int_equal(
	    panel_fs_read(&b, root, "hundred", 99, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "file is over 99 bytes");
	assert_string_equal(err.file, "hundred");
	assert_string_equal(b.buf, "x");
	assert_int_equal(panel_fs_read(&b, root, "hundred", 100, &err), 0);
	assert_int_equal(b.len, 101);
	panel_buf_release(&b);
	/* Missing, a folder, a FIFO (which must not hang). */
	assert_int_equal(
	    panel_fs_read(&b, root, "nope", 10, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "no such file");
	assert_int_equal(
	    panel_fs_read(&b, root, "nodir/nope", 10, &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "no such file"));
	mkdir_rel("adir");
	assert_int_equal(
	    panel_fs_read(&b, root, "adir", 10, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "is not a regular file");
	path_of(p, sizeof(p), "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(
	    panel_fs_read(&b, root, "fifo", 10, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "is not a regular file");
	assert_int_equal(
	    panel_fs_write(root, "adir", "x", 1, &err), PANEL_EINPUT);
	/* A file where a folder is wanted. */
	assert_int_equal(
	    panel_fs_read(&b, root, "hundred/x", 10, &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "'hundred' is not a folder"));
	assert_int_equal(b.len, 0);
}

static void
test_read_path(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf b = PANEL_BUF_INIT;
	char p[PATH_MAX], l[PATH_MAX];
	int fds[2], saved;

	(void)state;
	put("user.csv", "a,b\n1,2\n");
	path_of(p, sizeof(p), "user.csv");
	assert_int_equal(panel_fs_read_path(&b, p, 100, &err), 0);
	assert_string_equal(b.buf, "a,b\n1,2\n");
	panel_buf_reset(&b);
	/* A user-named file may be reached through a link. */
	path_of(l, sizeof(l), "user-link.csv");
	assert_int_equal(symlink(p, l), 0);
	assert_int_equal(panel_fs_read_path(&b, l, 100, &err), 0);
	assert_string_equal(b.buf, "a,b\n1,2\n");
	panel_buf_reset(&b);
	assert_int_equal(panel_fs_read_path(&b, p, 7, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "file is over 7 bytes");
	assert_int_equal(b.len, 0);
	path_of(p, sizeof(p), "missing.csv");
	assert_int_equal(panel_fs_read_path(&b, p, 7, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "no such file");
	assert_int_equal(panel_fs_read_path(&b, root, 7, &err), PANEL_EINPUT);
	/* "-" is standard input, capped like any file. */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "from stdin\n", 11), 11);
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	assert_int_equal(panel_fs_read_path(&b, "-", 100, &err), 0);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	assert_string_equal(b.buf, "from stdin\n");
	panel_buf_release(&b);
}

static void
test_list(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char **list;
	static const char *const want[] = {
	    ".hidden", "B", "a", "b", "sub", "\xc3\xa9"};
	size_t i;

	(void)state;
	mkdir_rel("l");
	put("l/b", "");
	put("l/\xc3\xa9", "");
	put("l/a", "");
	put("l/B", "");
	put("l/.hidden", "");
	mkdir_rel("l/sub");
	assert_int_equal(panel_fs_list(&list, root, "l/sub", &err), 0);
	assert_null(list[0]);
	panel_fs_list_free(list);
	assert_int_equal(panel_fs_list(&list, root, "l", &err), 0);
	for (i = 0; i < 6; i++)
		assert_string_equal(list[i], want[i]);
	assert_null(list[6]);
	panel_fs_list_free(list);
	assert_int_equal(panel_fs_list(&list, root, "l/missing/more", &err), 0);
	assert_null(list[0]);
	panel_fs_list_free(list);
	assert_int_equal(panel_fs_list(&list, root, "", &err), 0);
	assert_non_null(list[0]);
	panel_fs_list_free(list);
	assert_int_equal(panel_fs_list(&list, root, "l/b", &err), PANEL_EINPUT);
	panel_fs_list_free(NULL);
}

static void
test_mkdirs_exists_probe(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;

	(void)state;
	panel_fs_umask();
	assert_int_equal(panel_fs_mkdirs(root, "m/n/o", &err), 0);
	assert_int_equal(mode_of("m"), 0700);
	assert_int_equal(mode_of("m/n/o"), 0700);
	assert_int_equal(panel_fs_mkdirs(root, "m/n/o", &err), 0);
	put("m/file", "x");
	assert_int_equal(panel_fs_mkdirs(root, "m/file/p", &err), PANEL_EINPUT);
	assert_int_equal(panel_fs_exists(root, "m/n"), 1);
	assert_int_equal(panel_fs_exists(root, "m/file"), 1);
	assert_int_equal(panel_fs_exists(root, "m/none"), 0);
	assert_int_equal(panel_fs_exists(root, "none/none"), 0);
	assert_int_equal(panel_fs_probe(root, "m/file", &err), 1);
	assert_int_equal(panel_fs_probe(root, "m/none", &err), 0);
	assert_int_equal(panel_fs_probe(root, "none/none", &err), 0);
	assert_int_equal(panel_fs_probe(root, "m/n", &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "is not a regular file");
	assert_int_equal(
	    panel_fs_mkdirs("/nonexistent-root", "x", &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "no such folder");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_temp_names_planted),
	    cmocka_unit_test(test_umask),
	    cmocka_unit_test(test_write_read),
	    cmocka_unit_test(test_write_fails_keeps_old),
	    cmocka_unit_test(test_write_mode_read_mode),
	    cmocka_unit_test(test_remove),
	    cmocka_unit_test(test_write_readonly_folder),
	    cmocka_unit_test(test_links_refused),
	    cmocka_unit_test(test_bad_paths),
	    cmocka_unit_test(test_read_limits),
	    cmocka_unit_test(test_read_path),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_mkdirs_exists_probe),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
