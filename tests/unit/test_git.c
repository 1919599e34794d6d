/*
 * git: commits checked against /usr/bin/git on temporary repositories:
 * the compare-and-swap on HEAD, no-change and deleted paths, the author,
 * modes from the umask, the log's path filter, and git fsck after all.
 */

#include <sys/stat.h>
#include <sys/wait.h>

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
#include "git.h"
#include "git_priv.h"

#include "banned.h"

#define GIT "/usr/bin/git"
#define NO_AUTHOR                                                              \
	"no author: set user.name and user.email with git config, or "         \
	"GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL"
#define HEAD_MOVED "HEAD moved since this command read it; nothing committed"

static char base[PATH_MAX / 2];
static char home[PATH_MAX];

/* A fresh, empty folder for one test's repository. */
static const char *
fresh(void)
{
	static char dir[PATH_MAX];
	static int n;

	snprintf(dir, sizeof(dir), "%s/r%d", base, n++);
	return dir;
}

static void
put(const char *root, const char *rel, const char *text)
{
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(
	    panel_fs_write(root, rel, text, strlen(text), &err), 0);
}

static void
gone(const char *root, const char *rel)
{
	char p[PATH_MAX * 2];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(unlink(p), 0);
}

/* Commits paths expecting HEAD; returns the new id ("" if none). */
static char *
commit(
    struct panel_git *git, const char *const paths[], size_t n, const char *msg)
{
	static char id[PANEL_OID_HEX + 1];
	struct panel_err err = PANEL_ERR_INIT;
	char head[PANEL_OID_HEX + 1];

	assert_int_equal(panel_git_head(head, git, &err), 0);
	if (panel_git_commit(id, git, paths, n, msg, head, &err) != 0)
		fail_msg("commit failed: %s", err.msg);
	return id;
}

/* git fsck --strict is clean and git status has nothing to say. */
static void
assert_clean(const char *dir)
{
	assert_string_equal(
	    test_out(GIT
	        " -C '%s' fsck --strict --no-dangling --no-progress 2>&1;"
	        " echo rc=$?",
	        dir),
	    "rc=0");
	assert_string_equal(
	    test_out(GIT " -C '%s' status --porcelain 2>&1", dir), "");
}

static struct panel_git *
new_repo(const char *dir)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_git *git;

	panel_fs_umask();
	if (panel_git_init(&git, dir, &err) != 0)
		fail_msg("init: %s", err.msg);
	return git;
}

static void
test_init_modes(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_git *git, *again;
	char head[PANEL_OID_HEX + 1], p[PATH_MAX * 2];
	const char *dir = fresh();
	const char *paths[] = {"panel.yaml"};
	struct stat st;

	(void)state;
	git = new_repo(dir);
	snprintf(p, sizeof(p), "%s/.git", dir);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(panel_git_head(head, git, &err), 0);
	assert_string_equal(head, "");
	assert_string_equal(
	    test_out(GIT " -C '%s' symbolic-ref HEAD", dir), "refs/heads/main");
	put(dir, "panel.yaml", "name: Test Panel\n");
	assert_int_equal(
	    strlen(commit(git, paths, 1, "panel-init: start")), PANEL_OID_HEX);
	/* Nothing libgit2 wrote is open to group or others. */
	assert_string_equal(test_out("find '%s/.git' -perm /077", dir), "");
	assert_string_equal(
	    test_out("find '%s/.git/objects' -type f | wc -l", dir), "3");
	assert_string_equal(
	    test_out(GIT " -C '%s' branch --show-current", dir), "main");
	assert_int_equal(panel_git_init(&again, dir, &err), PANEL_EINPUT);
	assert_null(again);
	assert_non_null(strstr(err.msg, "already a git repository"));
	assert_clean(dir);
	panel_git_free(git);
	panel_git_free(NULL);
}

static void
test_open(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_git *git;
	char p[PATH_MAX * 2], l[PATH_MAX * 2];
	const char *dir = fresh();

	(void)state;
	panel_git_free(new_repo(dir));
	assert_int_equal(panel_git_open(&git, dir, &err), 0);
	snprintf(p, sizeof(p), "%s/.git/", dir);
	assert_string_equal(panel_git_dir(git), p);
	panel_git_free(git);
	/* Through a link to the root is still the root. */
	snprintf(l, sizeof(l), "%s-link", dir);
	assert_int_equal(symlink(dir, l), 0);
	assert_int_equal(panel_git_open(&git, l, &err), 0);
	panel_git_free(git);
	/* A folder inside the work tree, the git folder, and no repo. */
	snprintf(p, sizeof(p), "%s/sub", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(panel_git_open(&git, p, &err), PANEL_EINPUT);
	assert_null(git);
	assert_string_equal(err.msg, "not the root of a git work tree");
	assert_string_equal(err.file, p);
	snprintf(p, sizeof(p), "%s/.git", dir);
	assert_int_equal(panel_git_open(&git, p, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "not the root of a git work tree");
	assert_int_equal(panel_git_open(&git, base, &err), PANEL_EINPUT);
	snprintf(p, sizeof(p), "%s/missing", base);
	assert_int_equal(panel_git_open(&git, p, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "no such folder");
}

struct seen {
	char ids[16][PANEL_OID_HEX + 1];
	char summaries[16][64];
	char authors[16][64];
	size_t n;
	size_t stop; /* stop after this many, if not 0 */
};

static int
collect(const struct panel_git_commit *c, void *ctx)
{
	struct seen *s = ctx;

	assert_true(s->n < 16);
	snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", c->id);
	snprintf(s->summaries[s->n], sizeof(s->summaries[0]), "%s", c->summary);
	snprintf(s->authors[s->n], sizeof(s->authors[0]), "%s <%s>", c->author,
	    c->email);
	assert_true(c->time > 1500000000LL);
	s->n++;
	return s->stop && s->n == s->stop ? 7 : 0;
}

/* panel_git_log(path) and git log -- path list the same commits. */
static void
assert_log_agrees(
    struct panel_git *git, const char *dir, const char *path, size_t want)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf ours = PANEL_BUF_INIT;
	struct seen s = {0};
	size_t i;

	assert_int_equal(panel_git_log(git, path, collect, &s, &err), 0);
	assert_int_equal(s.n, want);
	for (i = 0; i < s.n; i++)
		panel_buf_addf(&ours, "%s%s", i ? "\n" : "", s.ids[i]);
	assert_string_equal(
	    ours.buf, test_out(GIT " -C '%s' log --format=%%H %s%s", dir,
	                  path ? "-- " : "", path ? path : ""));
	panel_buf_release(&ours);
}

static void
test_commit_log_read(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf b = PANEL_BUF_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *gf[] = {"members/GF.yaml"}, *mh[] = {"members/MH.yaml"};
	const char *pn[] = {"panel.yaml"};
	char first[PANEL_OID_HEX + 1], head[PANEL_OID_HEX + 1];
	struct seen s = {0};

	(void)state;
	put(dir, "members/GF.yaml", "id: GF\n");
	snprintf(first, sizeof(first), "%s",
	    commit(git, gf, 1, "panel-test: add GF"));
	assert_int_equal(strlen(first), PANEL_OID_HEX);
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-parse HEAD", dir), first);
	assert_string_equal(
	    test_out(GIT
	        " -C '%s' log -1 --format='%%an <%%ae>|%%cn <%%ce>|%%B'",
	        dir),
	    "Test Officer <officer@example.org>|"
	    "Test Officer <officer@example.org>|panel-test: add GF\n");
	assert_clean(dir);
	/* Nothing changed: nothing committed. */
	assert_string_equal(commit(git, gf, 1, "panel-test: again"), "");
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-list --count HEAD", dir), "1");
	put(dir, "members/MH.yaml", "id: MH\n");
	assert_string_not_equal(commit(git, mh, 1, "panel-test: add MH"), "");
	put(dir, "panel.yaml", "name: Test Panel\n");
	assert_string_not_equal(commit(git, pn, 1, "panel-test: name"), "");
	/* A deleted path is removed from the commit and the index. */
	gone(dir, "members/GF.yaml");
	assert_string_not_equal(commit(git, gf, 1, "panel-test: drop GF"), "");
	assert_string_equal(test_out(GIT " -C '%s' ls-tree -r --name-only HEAD "
	                                 "| tr '\\n' ' '",
	                        dir),
	    "members/MH.yaml panel.yaml ");
	assert_clean(dir);
	/* The log, newest first, filtered by file and by folder. */
	assert_int_equal(panel_git_log(git, NULL, collect, &s, &err), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.summaries[0], "panel-test: drop GF");
	assert_string_equal(s.summaries[3], "panel-test: add GF");
	assert_string_equal(s.authors[0], "Test Officer <officer@example.org>");
	assert_string_equal(s.ids[3], first);
	assert_log_agrees(git, dir, NULL, 4);
	assert_log_agrees(git, dir, "members/GF.yaml", 2);
	assert_log_agrees(git, dir, "members", 3);
	assert_log_agrees(git, dir, "panel.yaml", 1);
	assert_log_agrees(git, dir, "nothing.yaml", 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(panel_git_log(git, "members/", collect, &s, &err), 0);
	assert_int_equal(s.n, 3);
	memset(&s, 0, sizeof(s));
	s.stop = 1;
	assert_int_equal(panel_git_log(git, NULL, collect, &s, &err), 7);
	assert_int_equal(s.n, 1);
	assert_int_equal(
	    panel_git_log(git, "../x", collect, &s, &err), PANEL_EINPUT);
	/* Reading at a revision. */
	assert_int_equal(
	    panel_git_read(&b, git, "HEAD", "panel.yaml", &err), 0);
	assert_string_equal(b.buf, "name: Test Panel\n");
	panel_buf_reset(&b);
	assert_int_equal(
	    panel_git_read(&b, git, first, "members/GF.yaml", &err), 0);
	assert_string_equal(b.buf, "id: GF\n");
	panel_buf_reset(&b);
	assert_int_equal(
	    panel_git_read(&b, git, "HEAD", "members/GF.yaml", &err),
	    PANEL_EINPUT);
	assert_string_equal(err.msg, "no such file in 'HEAD'");
	assert_int_equal(
	    panel_git_read(&b, git, "HEAD", "members", &err), PANEL_EINPUT);
	assert_int_equal(
	    panel_git_read(&b, git, "no-such-rev", "panel.yaml", &err),
	    PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "no revision 'no-such-rev'"));
	assert_int_equal(b.len, 0);
	assert_int_equal(panel_git_head(head, git, &err), 0);
	assert_string_equal(test_out(GIT " -C '%s' rev-parse HEAD", dir), head);
	panel_buf_release(&b);
	panel_git_free(git);
}

static void
test_head_moved(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *a[] = {"a.yaml"};
	char first[PANEL_OID_HEX + 1], id[PANEL_OID_HEX + 1], moved[64];

	(void)state;
	/* Unborn: expecting a commit is refused. */
	put(dir, "a.yaml", "one\n");
	assert_int_equal(panel_git_commit(id, git, a, 1, "panel-test: a",
	                     "0123456789012345678901234567890123456789", &err),
	    PANEL_EBUSY);
	assert_string_equal(id, "");
	assert_string_equal(test_out(GIT " -C '%s' ls-files", dir), "");
	snprintf(
	    first, sizeof(first), "%s", commit(git, a, 1, "panel-test: a"));
	/* Someone commits behind panel's back. */
	assert_int_equal(test_sh("cd '%s' && echo x > b.txt && " GIT
	                         " add b.txt && " GIT " commit -qm 'by hand'",
	                     dir),
	    0);
	snprintf(moved, sizeof(moved), "%s",
	    test_out(GIT " -C '%s' rev-parse HEAD", dir));
	put(dir, "a.yaml", "two\n");
	assert_int_equal(
	    panel_git_commit(id, git, a, 1, "panel-test: a2", first, &err),
	    PANEL_EBUSY);
	assert_string_equal(err.msg, HEAD_MOVED);
	assert_int_equal(panel_err_exit(err.code), 4);
	assert_string_equal(id, "");
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-parse HEAD", dir), moved);
	/* Nothing was staged. */
	assert_string_equal(
	    test_out(GIT " -C '%s' diff --cached --name-only", dir), "");
	assert_int_equal(
	    panel_git_commit(id, git, a, 1, "panel-test: a2", "", &err),
	    PANEL_EBUSY);
	/* Expecting the new HEAD works. */
	assert_int_equal(
	    panel_git_commit(id, git, a, 1, "panel-test: a2", moved, &err), 0);
	assert_string_equal(
	    test_out(GIT " -C '%s' log -1 --format=%%P", dir), moved);
	assert_clean(dir);
	panel_git_free(git);
}

/*
 * git's own locks held (a crashed git, or one running now): the commit
 * fails with nothing landed, HEAD, the index and the reflog as they were,
 * and goes through once the lock is gone.
 */
static void
test_locked_index_or_ref(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *a[] = {"a.yaml", "b.yaml"};
	char first[PANEL_OID_HEX + 1], id[PANEL_OID_HEX + 1];

	(void)state;
	put(dir, "a.yaml", "one\n");
	put(dir, "b.yaml", "one\n");
	snprintf(
	    first, sizeof(first), "%s", commit(git, a, 2, "panel-test: a"));
	put(dir, "a.yaml", "two\n");
	gone(dir, "b.yaml");
	assert_int_equal(test_sh("touch '%s/.git/index.lock'", dir), 0);
	assert_int_equal(
	    panel_git_commit(id, git, a, 2, "panel-test: a2", first, &err),
	    PANEL_EGIT);
	assert_non_null(strstr(err.msg, "cannot write the index"));
	assert_string_equal(id, "");
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-parse HEAD", dir), first);
	assert_string_equal(test_out(GIT " -C '%s' reflog | wc -l", dir), "1");
	assert_int_equal(test_sh("rm '%s/.git/index.lock'", dir), 0);
	assert_string_equal(
	    test_out(GIT " -C '%s' diff --cached --name-only", dir), "");
	/* The branch's lock: HEAD cannot move, so the index is put back. */
	assert_int_equal(
	    test_sh("touch '%s/.git/refs/heads/main.lock'", dir), 0);
	assert_int_equal(
	    panel_git_commit(id, git, a, 2, "panel-test: a2", first, &err),
	    PANEL_EGIT);
	assert_non_null(strstr(err.msg, "cannot move 'refs/heads/main'"));
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-parse HEAD", dir), first);
	assert_string_equal(
	    test_out(GIT " -C '%s' diff --cached --name-only", dir), "");
	assert_int_equal(test_sh("rm '%s/.git/refs/heads/main.lock'", dir), 0);
	assert_string_equal(test_out(GIT " -C '%s' status --porcelain", dir),
	    " M a.yaml\n D b.yaml");
	commit(git, a, 2, "panel-test: a2");
	assert_string_equal(
	    test_out(GIT " -C '%s' log -1 --format=%%P", dir), first);
	assert_clean(dir);
	panel_git_free(git);
}

/* Across a merge, the log of a path agrees with git log's. */
static void
test_log_merge(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *both[] = {"a.yaml", "b.yaml"};

	(void)state;
	put(dir, "a.yaml", "one\n");
	put(dir, "b.yaml", "one\n");
	commit(git, both, 2, "panel-test: start");
	assert_int_equal(
	    test_sh(
	        "cd '%s' && " GIT " checkout -qb side && echo side >> a.yaml "
	        "&& " GIT " commit -qam 'side: a' && " GIT " checkout -q main "
	        "&& echo main >> b.yaml && " GIT
	        " commit -qam 'main: b' && " GIT " merge -q --no-edit side",
	        dir),
	    0);
	put(dir, "b.yaml", "after\n");
	commit(git, both, 2, "panel-test: after the merge");
	assert_log_agrees(git, dir, NULL, 5);
	assert_log_agrees(git, dir, "a.yaml", 2);
	assert_log_agrees(git, dir, "b.yaml", 3);
	assert_int_equal(
	    panel_git_parents(
	        git, test_out(GIT " -C '%s' rev-parse HEAD^", dir), &err),
	    2);
	assert_clean(dir);
	panel_git_free(git);
}

/* Ancestry, parent counts and one path's status, against git's view. */
static void
test_graph_status(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *a[] = {"a.yaml"};
	char first[PANEL_OID_HEX + 1], second[PANEL_OID_HEX + 1];

	(void)state;
	put(dir, "a.yaml", "one\n");
	snprintf(
	    first, sizeof(first), "%s", commit(git, a, 1, "panel-test: a"));
	put(dir, "a.yaml", "two\n");
	snprintf(
	    second, sizeof(second), "%s", commit(git, a, 1, "panel-test: a2"));
	assert_int_equal(panel_git_is_ancestor(git, first, second, &err), 1);
	assert_int_equal(panel_git_is_ancestor(git, second, first, &err), 0);
	assert_int_equal(panel_git_is_ancestor(git, first, first, &err), 0);
	assert_int_equal(panel_git_parents(git, first, &err), 0);
	assert_int_equal(panel_git_parents(git, second, &err), 1);
	assert_true(panel_git_parents(git, "not-an-id", &err) < 0);
	assert_int_equal(panel_git_unchanged(git, "a.yaml", &err), 1);
	put(dir, "a.yaml", "three\n");
	assert_int_equal(panel_git_unchanged(git, "a.yaml", &err), 0);
	put(dir, "new.yaml", "new\n");
	assert_int_equal(panel_git_unchanged(git, "new.yaml", &err), 0);
	assert_int_equal(panel_git_unchanged(git, "missing.yaml", &err), 0);
	put(dir, "a.yaml", "two\n");
	assert_int_equal(panel_git_unchanged(git, "a.yaml", &err), 1);
	gone(dir, "new.yaml");
	assert_clean(dir);
	panel_git_free(git);
}

/* The swap itself refuses a stale HEAD, even past the first check. */
static void
test_swap(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *a[] = {"a.yaml"};
	char first[PANEL_OID_HEX + 1], second[PANEL_OID_HEX + 1], loose[64];

	(void)state;
	put(dir, "a.yaml", "one\n");
	snprintf(
	    first, sizeof(first), "%s", commit(git, a, 1, "panel-test: a"));
	put(dir, "a.yaml", "two\n");
	snprintf(
	    second, sizeof(second), "%s", commit(git, a, 1, "panel-test: a2"));
	/* A commit no branch points at, made with git. */
	snprintf(loose, sizeof(loose), "%s",
	    test_out("cd '%s' && " GIT
	             " commit-tree -p %s -m loose HEAD^{tree}",
	        dir, second));
	assert_int_equal(strlen(loose), PANEL_OID_HEX);
	assert_int_equal(
	    panel_git_move_head(git, loose, first, &err), PANEL_EBUSY);
	assert_string_equal(err.msg, HEAD_MOVED);
	assert_int_equal(
	    panel_git_move_head(git, loose, "", &err), PANEL_EBUSY);
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-parse HEAD", dir), second);
	assert_int_equal(panel_git_move_head(git, loose, second, &err), 0);
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-parse main", dir), loose);
	assert_clean(dir);
	panel_git_free(git);
}

static void
test_only_named_paths(void **state)
{
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *a[] = {"a.yaml"}, *two[] = {"a.yaml", "a.yaml"};

	(void)state;
	put(dir, ".gitignore", "vault/\n");
	put(dir, "a.yaml", "one\n");
	put(dir, "c.txt", "by hand\n");
	put(dir, "vault/raw.csv", "raw\n");
	assert_int_equal(test_sh("cd '%s' && " GIT " add c.txt && " GIT
	                         " add -f vault/raw.csv",
	                     dir),
	    0);
	assert_string_not_equal(commit(git, a, 1, "panel-test: a"), "");
	assert_string_equal(
	    test_out(GIT " -C '%s' ls-tree -r --name-only HEAD", dir),
	    "a.yaml");
	/* What was staged by hand stays staged, and out of the commit. */
	assert_string_equal(test_out(GIT " -C '%s' diff --cached --name-only "
	                                 "| tr '\\n' ' '",
	                        dir),
	    "c.txt vault/raw.csv ");
	/* The same path twice is one change. */
	put(dir, "a.yaml", "two\n");
	assert_string_not_equal(commit(git, two, 2, "panel-test: a2"), "");
	assert_string_equal(
	    test_out(GIT " -C '%s' show HEAD:a.yaml", dir), "two");
	assert_int_equal(
	    test_sh("cd '%s' && " GIT " reset -q && rm -rf vault c.txt "
	            ".gitignore",
	        dir),
	    0);
	assert_clean(dir);
	panel_git_free(git);
}

static void
test_refused_paths(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *a[] = {"a.yaml"}, *l[] = {"a.yaml", "link.yaml"};
	const char *bad[] = {"../outside"};
	char id[PANEL_OID_HEX + 1], p[PATH_MAX * 2];

	(void)state;
	put(dir, "a.yaml", "one\n");
	assert_string_not_equal(commit(git, a, 1, "panel-test: a"), "");
	put(dir, "a.yaml", "two\n");
	snprintf(p, sizeof(p), "%s/link.yaml", dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	assert_int_equal(
	    panel_git_commit(id, git, l, 2, "panel-test: l",
	        test_out(GIT " -C '%s' rev-parse HEAD", dir), &err),
	    PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_string_equal(
	    test_out(GIT " -C '%s' diff --cached --name-only", dir), "");
	assert_int_equal(
	    panel_git_commit(id, git, bad, 1, "panel-test: x",
	        test_out(GIT " -C '%s' rev-parse HEAD", dir), &err),
	    PANEL_EINPUT);
	assert_int_equal(unlink(p), 0);
	assert_string_not_equal(commit(git, a, 1, "panel-test: a2"), "");
	assert_clean(dir);
	panel_git_free(git);
}

static void
test_detached_head(void **state)
{
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir);
	const char *a[] = {"a.yaml"};
	char first[PANEL_OID_HEX + 1], id[PANEL_OID_HEX + 1];

	(void)state;
	put(dir, "a.yaml", "one\n");
	snprintf(
	    first, sizeof(first), "%s", commit(git, a, 1, "panel-test: a"));
	assert_int_equal(test_sh(GIT " -C '%s' checkout -q --detach", dir), 0);
	put(dir, "a.yaml", "two\n");
	snprintf(id, sizeof(id), "%s", commit(git, a, 1, "panel-test: a2"));
	assert_string_equal(test_out(GIT " -C '%s' rev-parse HEAD", dir), id);
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-parse main", dir), first);
	assert_int_equal(test_sh(GIT " -C '%s' symbolic-ref -q HEAD", dir), 1);
	assert_clean(dir);
	panel_git_free(git);
}

static void
unset_identity(void)
{
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
}

static void
set_identity(void)
{
	setenv("GIT_AUTHOR_NAME", "Test Officer", 1);
	setenv("GIT_AUTHOR_EMAIL", "officer@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test Officer", 1);
	setenv("GIT_COMMITTER_EMAIL", "officer@example.org", 1);
}

static void
test_author(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	const char *dir = fresh();
	struct panel_git *git = new_repo(dir), *other;
	const char *a[] = {"a.yaml"};
	char id[PANEL_OID_HEX + 1], d2[PATH_MAX], gc[PATH_MAX + 16];
	FILE *f;

	(void)state;
	/* The committer from GIT_COMMITTER_*, the author from GIT_AUTHOR_*. */
	setenv("GIT_COMMITTER_NAME", "Desk Sergeant", 1);
	setenv("GIT_COMMITTER_EMAIL", "desk@example.org", 1);
	put(dir, "a.yaml", "one\n");
	commit(git, a, 1, "panel-test: a");
	assert_string_equal(
	    test_out(
	        GIT " -C '%s' log -1 --format='%%an <%%ae>|%%cn <%%ce>'", dir),
	    "Test Officer <officer@example.org>|Desk Sergeant "
	    "<desk@example.org>");
	/* The repository's config, for both, when the env has none. */
	unset_identity();
	assert_int_equal(
	    test_sh(GIT " -C '%s' config user.name 'Config Person' && " GIT
	                " -C '%s' config user.email config@example.org",
	        dir, dir),
	    0);
	put(dir, "a.yaml", "two\n");
	commit(git, a, 1, "panel-test: a2");
	assert_string_equal(
	    test_out(
	        GIT " -C '%s' log -1 --format='%%an <%%ae>|%%cn <%%ce>'", dir),
	    "Config Person <config@example.org>|"
	    "Config Person <config@example.org>");
	assert_clean(dir);
	/* ~/.gitconfig, for a repository with none of its own. */
	snprintf(d2, sizeof(d2), "%s", fresh());
	other = new_repo(d2);
	snprintf(gc, sizeof(gc), "%s/.gitconfig", home);
	assert_non_null(f = fopen(gc, "w"));
	fputs("[user]\n\tname = Home Person\n\temail = home@example.org\n", f);
	assert_int_equal(fclose(f), 0);
	put(d2, "a.yaml", "one\n");
	commit(other, a, 1, "panel-test: a");
	assert_string_equal(
	    test_out(GIT " -C '%s' log -1 --format='%%an <%%ae>'", d2),
	    "Home Person <home@example.org>");
	panel_git_free(other);
	assert_int_equal(unlink(gc), 0);
	/* No author anywhere: a clear error and nothing staged. */
	snprintf(d2, sizeof(d2), "%s", fresh());
	other = new_repo(d2);
	put(d2, "a.yaml", "one\n");
	assert_int_equal(
	    panel_git_commit(id, other, a, 1, "panel-test: a", "", &err),
	    PANEL_EINPUT);
	assert_string_equal(err.msg, NO_AUTHOR);
	assert_string_equal(id, "");
	assert_string_equal(test_out(GIT " -C '%s' ls-files", d2), "");
	assert_int_equal(
	    test_sh(GIT " -C '%s' rev-parse -q --verify HEAD", d2), 1);
	panel_git_free(other);
	set_identity();
	panel_git_free(git);
}

static int
setup(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(base, sizeof(base), "%s/panel-test-git.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(base) == NULL)
		return -1;
	snprintf(home, sizeof(home), "%s/home", base);
	if (mkdir(home, 0700) != 0)
		return -1;
	/* Before libgit2 starts: it finds ~/.gitconfig from HOME then. */
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("TZ", "UTC", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	set_identity();
	snprintf(cmd, sizeof(cmd), "chmod 700 '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return test_rmrf(base);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_modes),
	    cmocka_unit_test(test_open),
	    cmocka_unit_test(test_commit_log_read),
	    cmocka_unit_test(test_head_moved),
	    cmocka_unit_test(test_locked_index_or_ref),
	    cmocka_unit_test(test_swap),
	    cmocka_unit_test(test_log_merge),
	    cmocka_unit_test(test_graph_status),
	    cmocka_unit_test(test_only_named_paths),
	    cmocka_unit_test(test_refused_paths),
	    cmocka_unit_test(test_detached_head),
	    cmocka_unit_test(test_author),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
