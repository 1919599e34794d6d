/*
 * repo: finding the repository in every mode (a panel folder inside
 * another git repository is read-only and never committed into), the lock
 * under contention, commits through the guard, and the ID and date checks.
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"

#include "err.h"
#include "fs.h"
#include "repo.h"

#include "banned.h"

#define GIT "/usr/bin/git"
#define BUSY                                                                   \
	"repository is busy: another panel command holds its lock (try "       \
	"--wait SECONDS)"

static char base[PATH_MAX / 2];
static char start_dir[PATH_MAX];

/* base/NAME, made by git as a panel repository with one commit. */
static const char *
panel_repo(const char *name)
{
	static char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/%s", base, name);
	assert_int_equal(
	    test_sh(GIT
	        " init -q -b main '%s' && printf 'name: Test Panel\\n' > "
	        "'%s/panel.yaml' && " GIT " -C '%s' add panel.yaml && " GIT
	        " -C '%s' commit -qm init",
	        dir, dir, dir, dir),
	    0);
	return dir;
}

static void
put(const char *root, const char *rel, const char *text)
{
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(
	    panel_fs_write(root, rel, text, strlen(text), &err), 0);
}

static const char *
formatted(const struct panel_err *err)
{
	static char line[PANEL_ERR_FILE + PANEL_ERR_MSG + 32];

	return panel_err_format(err, line, sizeof(line));
}

static void
assert_clean(const char *dir)
{
	assert_string_equal(
	    test_out(GIT
	        " -C '%s' fsck --strict --no-dangling --no-progress 2>&1;"
	        " echo rc=$?",
	        dir),
	    "rc=0");
}

static void
test_find_named(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo;
	char dir[PATH_MAX], p[PATH_MAX + 32];

	(void)state;
	snprintf(dir, sizeof(dir), "%s", panel_repo("named"));
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	assert_string_equal(repo->root, dir);
	assert_int_equal(repo->writable, 1);
	assert_non_null(repo->git);
	assert_int_equal(repo->lockfd, -1);
	assert_int_equal(repo->no_commit, 0);
	panel_repo_free(repo);
	/* Relative, and through a link: root is absolute and canonical. */
	assert_int_equal(chdir(base), 0);
	assert_int_equal(panel_repo_find(&repo, "named", &err), 0);
	assert_string_equal(repo->root, dir);
	panel_repo_free(repo);
	assert_int_equal(symlink("named", "named-link"), 0);
	assert_int_equal(panel_repo_find(&repo, "named-link/", &err), 0);
	assert_string_equal(repo->root, dir);
	panel_repo_free(repo);
	/* Not a panel, not there, not a folder. */
	assert_int_equal(mkdir("plain", 0700), 0);
	assert_int_equal(panel_repo_find(&repo, "plain", &err), PANEL_EINPUT);
	assert_null(repo);
	assert_string_equal(
	    formatted(&err), "plain: not a panel repository (no panel.yaml)");
	assert_int_equal(panel_repo_find(&repo, "missing", &err), PANEL_EINPUT);
	assert_non_null(strstr(formatted(&err), "missing: "));
	snprintf(p, sizeof(p), "%s/panel.yaml", dir);
	assert_int_equal(panel_repo_find(&repo, p, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "not a folder");
	/* A linked panel.yaml is refused, not followed. */
	assert_int_equal(mkdir("linked", 0700), 0);
	assert_int_equal(symlink(p, "linked/panel.yaml"), 0);
	assert_int_equal(panel_repo_find(&repo, "linked", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_equal(chdir(start_dir), 0);
}

static void
test_find_env_and_walk(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo;
	char dir[PATH_MAX], p[PATH_MAX + 32];

	(void)state;
	snprintf(dir, sizeof(dir), "%s", panel_repo("walk"));
	setenv("PANEL_REPO", dir, 1);
	assert_int_equal(panel_repo_find(&repo, NULL, &err), 0);
	assert_string_equal(repo->root, dir);
	assert_int_equal(repo->writable, 1);
	panel_repo_free(repo);
	/* -C wins over $PANEL_REPO. */
	setenv("PANEL_REPO", base, 1);
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	panel_repo_free(repo);
	assert_int_equal(panel_repo_find(&repo, NULL, &err), PANEL_EINPUT);
	assert_string_equal(err.file, base);
	assert_string_equal(err.msg, "not a panel repository (no panel.yaml)");
	/* An empty $PANEL_REPO is no $PANEL_REPO: walk up. */
	setenv("PANEL_REPO", "", 1);
	snprintf(p, sizeof(p), "%s/members/deep", dir);
	assert_int_equal(test_sh("mkdir -p '%s'", p), 0);
	assert_int_equal(chdir(p), 0);
	assert_int_equal(panel_repo_find(&repo, NULL, &err), 0);
	assert_string_equal(repo->root, dir);
	assert_int_equal(repo->writable, 1);
	panel_repo_free(repo);
	unsetenv("PANEL_REPO");
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(panel_repo_find(&repo, NULL, &err), 0);
	assert_string_equal(repo->root, dir);
	panel_repo_free(repo);
	/* Nothing here or above. */
	snprintf(p, sizeof(p), "%s/nothing/below", base);
	assert_int_equal(test_sh("mkdir -p '%s'", p), 0);
	assert_int_equal(chdir(p), 0);
	assert_int_equal(panel_repo_find(&repo, NULL, &err), PANEL_EINPUT);
	assert_null(repo);
	assert_string_equal(
	    formatted(&err), "no panel repository here or above (use -C DIR)");
	assert_int_equal(chdir(start_dir), 0);
}

/*
 * The project's examples/: a panel folder inside a git repository that is
 * not a panel.  Read-only when named, passed by when walking, and the
 * outer repository's history never changes.
 */
static void
test_find_nested(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo;
	const char *paths[] = {"panel.yaml"};
	char outer[PATH_MAX], inner[PATH_MAX + 32];

	(void)state;
	snprintf(outer, sizeof(outer), "%s/outer", base);
	assert_int_equal(
	    test_sh(GIT " init -q -b main '%s' && echo project > "
	                "'%s/README' && " GIT " -C '%s' add README && " GIT
	                " -C '%s' commit -qm project",
	        outer, outer, outer, outer),
	    0);
	snprintf(inner, sizeof(inner), "%s/examples/p", outer);
	put(outer, "examples/p/panel.yaml", "name: Example Panel\n");
	put(outer, "examples/p/members/GF.yaml", "id: GF\n");
	assert_int_equal(panel_repo_find(&repo, inner, &err), 0);
	assert_string_equal(repo->root, inner);
	assert_int_equal(repo->writable, 0);
	assert_null(repo->git);
	assert_int_equal(panel_repo_lock(repo, 0, &err), PANEL_EINPUT);
	assert_string_equal(err.file, inner);
	assert_int_equal(repo->lockfd, -1);
	assert_int_equal(
	    panel_repo_commit(repo, "test", paths, 1, &err, "x"), PANEL_EUSAGE);
	repo->no_commit = 1;
	assert_int_equal(
	    panel_repo_commit(repo, "test", paths, 1, &err, "x"), PANEL_EUSAGE);
	panel_repo_free(repo);
	setenv("PANEL_REPO", inner, 1);
	assert_int_equal(panel_repo_find(&repo, NULL, &err), 0);
	assert_int_equal(repo->writable, 0);
	panel_repo_free(repo);
	unsetenv("PANEL_REPO");
	/* Walking up from inside it finds no panel. */
	assert_int_equal(chdir(inner), 0);
	assert_int_equal(panel_repo_find(&repo, NULL, &err), PANEL_EINPUT);
	assert_string_equal(
	    err.msg, "no panel repository here or above (use -C DIR)");
	assert_int_equal(chdir(start_dir), 0);
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-list --count HEAD", outer), "1");
	assert_string_equal(
	    test_out(GIT " -C '%s' status --porcelain", outer), "?? examples/");
	assert_string_equal(test_out(GIT " -C '%s' ls-files", outer), "README");
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In a child: hold the lock for 0.3 s, telling fd when it has it. */
static void
hold_lock(const char *dir, int fd)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct timespec nap = {0, 300 * 1000000L};
	struct panel_repo *repo;

	if (panel_repo_find(&repo, dir, &err) != 0 ||
	    panel_repo_lock(repo, 0, &err) != 0)
		_exit(1);
	if (write(fd, "L", 1) != 1)
		_exit(2);
	nanosleep(&nap, NULL);
	panel_repo_free(repo);
	_exit(0);
}

static void
test_lock(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo, *other;
	char dir[PATH_MAX], p[PATH_MAX + 32], c;
	struct stat st;
	int fds[2], status;
	double t0, t;
	pid_t pid;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", panel_repo("lock"));
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	assert_int_equal(panel_repo_lock(repo, 0, &err), 0);
	assert_true(repo->lockfd >= 0);
	assert_string_equal(
	    repo->head, test_out(GIT " -C '%s' rev-parse HEAD", dir));
	snprintf(p, sizeof(p), "%s/.git/panel.lock", dir);
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* Taking it again in the same command is fine. */
	assert_int_equal(panel_repo_lock(repo, 0, &err), 0);
	/* A second writer is refused at once, then after waiting. */
	assert_int_equal(panel_repo_find(&other, dir, &err), 0);
	t0 = now();
	assert_int_equal(panel_repo_lock(other, 1, &err), PANEL_EBUSY);
	t = now() - t0;
	assert_true(t >= 0.95); /* it waited; how long beyond is not a test */
	assert_string_equal(err.msg, BUSY);
	assert_int_equal(panel_err_exit(err.code), 4);
	assert_int_equal(other->lockfd, -1);
	panel_repo_free(repo);
	assert_int_equal(panel_repo_lock(other, 0, &err), 0);
	panel_repo_free(other);
	/* Another process holds it, and lets go at 0.3 s. */
	assert_int_equal(pipe(fds), 0);
	assert_true((pid = fork()) >= 0);
	if (pid == 0)
		hold_lock(dir, fds[1]);
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	t0 = now();
	close(fds[0]);
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	assert_int_equal(panel_repo_lock(repo, 0, &err), PANEL_EBUSY);
	assert_string_equal(err.msg, BUSY);
	assert_true(now() - t0 < 0.25);
	assert_int_equal(panel_repo_lock(repo, 1, &err), 0);
	t = now() - t0;
	assert_true(t > 0.2 && t < 1.0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	panel_repo_free(repo);
	/* A link planted as the lock file is not followed. */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink("/tmp/panel-planted-lock", p), 0);
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	assert_int_equal(panel_repo_lock(repo, 0, &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_equal(access("/tmp/panel-planted-lock", F_OK), -1);
	panel_repo_free(repo);
	assert_int_equal(unlink(p), 0);
}

static void
test_commit(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo;
	char dir[PATH_MAX], head[PANEL_OID_HEX + 1], p[PATH_MAX + 32];
	const char *gf[] = {"members/GF.yaml"}, *mh[] = {"members/MH.yaml"};
	const char *vault[] = {"members/AB.yaml", "vault/raw.csv"};
	const char *dotvault[] = {"./vault/raw.csv"};
	const char *linked[] = {"linked/x.yaml"};

	(void)state;
	snprintf(dir, sizeof(dir), "%s", panel_repo("commit"));
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	/* Not without the lock. */
	put(dir, "members/GF.yaml", "id: GF\n");
	assert_int_equal(
	    panel_repo_commit(repo, "test", gf, 1, &err, "add %s", "GF"),
	    PANEL_EUSAGE);
	assert_non_null(strstr(err.msg, "internal error"));
	assert_int_equal(panel_repo_lock(repo, 0, &err), 0);
	assert_int_equal(
	    panel_repo_commit(repo, "test", gf, 1, &err, "add member %s", "GF"),
	    0);
	assert_string_equal(test_out(GIT " -C '%s' log -1 --format=%%s", dir),
	    "panel-test: add member GF");
	assert_string_equal(
	    repo->head, test_out(GIT " -C '%s' rev-parse HEAD", dir));
	/* Twice under one lock; "panel-" is not doubled. */
	put(dir, "members/MH.yaml", "id: MH\n");
	assert_int_equal(
	    panel_repo_commit(repo, "panel-test", mh, 1, &err, "add MH"), 0);
	assert_string_equal(test_out(GIT " -C '%s' log -1 --format=%%s", dir),
	    "panel-test: add MH");
	assert_string_equal(
	    repo->head, test_out(GIT " -C '%s' rev-parse HEAD", dir));
	/* No change: nothing committed, head kept. */
	snprintf(head, sizeof(head), "%s", repo->head);
	assert_int_equal(
	    panel_repo_commit(repo, "test", mh, 1, &err, "same"), 0);
	assert_string_equal(repo->head, head);
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-list --count HEAD", dir), "3");
	/* A deleted record. */
	snprintf(p, sizeof(p), "%s/members/GF.yaml", dir);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(
	    panel_repo_commit(repo, "test", gf, 1, &err, "drop"), 0);
	assert_string_equal(test_out(GIT " -C '%s' ls-tree -r --name-only HEAD "
	                                 "| tr '\\n' ' '",
	                        dir),
	    "members/MH.yaml panel.yaml ");
	/* The guard refuses the vault before anything is staged. */
	snprintf(head, sizeof(head), "%s", repo->head);
	put(dir, "members/AB.yaml", "id: AB\n");
	put(dir, "vault/raw.csv", "raw\n");
	assert_int_equal(
	    panel_repo_commit(repo, "test", vault, 2, &err, "import"),
	    PANEL_ENO);
	assert_string_equal(err.file, "vault/raw.csv");
	assert_int_equal(panel_err_exit(err.code), 1);
	assert_int_equal(
	    panel_repo_commit(repo, "test", dotvault, 1, &err, "import"),
	    PANEL_ENO);
	assert_string_equal(test_out(GIT " -C '%s' rev-parse HEAD", dir), head);
	assert_string_equal(
	    test_out(GIT " -C '%s' diff --cached --name-only", dir), "");
	/* A linked folder on the way is refused. */
	assert_int_equal(
	    test_sh("ln -s '%s/members' '%s/linked'", dir, dir), 0);
	assert_int_equal(
	    panel_repo_commit(repo, "test", linked, 1, &err, "linked"),
	    PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_equal(test_sh("rm '%s/linked'", dir), 0);
	/* --no-commit: the guard runs, nothing is committed. */
	repo->no_commit = 1;
	assert_int_equal(
	    panel_repo_commit(repo, "test", vault, 2, &err, "import"),
	    PANEL_ENO);
	assert_int_equal(
	    panel_repo_commit(repo, "test", vault, 1, &err, "add AB"), 0);
	assert_string_equal(test_out(GIT " -C '%s' rev-parse HEAD", dir), head);
	assert_string_equal(
	    test_out(GIT " -C '%s' status --porcelain -- members", dir),
	    "?? members/AB.yaml");
	repo->no_commit = 0;
	/* HEAD moved behind the command's back. */
	assert_int_equal(
	    test_sh("cd '%s' && echo x > by-hand.txt && " GIT
	            " add by-hand.txt && " GIT " commit -qm 'by hand'",
	        dir),
	    0);
	assert_int_equal(
	    panel_repo_commit(repo, "test", vault, 1, &err, "add AB"),
	    PANEL_EBUSY);
	assert_string_equal(err.msg,
	    "HEAD moved since this command read it; nothing committed");
	assert_string_equal(
	    test_out(GIT " -C '%s' diff --cached --name-only", dir), "");
	assert_string_equal(
	    test_out(GIT " -C '%s' rev-list --count HEAD", dir), "5");
	panel_repo_free(repo);
	panel_repo_free(NULL);
	assert_clean(dir);
}

/*
 * A panel repository with members/GF.yaml (0644) and MH.yaml committed,
 * locked.
 */
static struct panel_repo *
locked_repo(const char *name, char *dir, size_t size)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo;

	snprintf(dir, size, "%s", panel_repo(name));
	assert_int_equal(
	    test_sh("cd '%s' && mkdir members && printf 'id: GF\\n"
	            "name: Pat Example\\n' >members/GF.yaml && "
	            "chmod 644 members/GF.yaml && printf 'id: MH\\n' "
	            ">members/MH.yaml && " GIT " add members && " GIT
	            " commit -qm GF",
	        dir),
	    0);
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	assert_int_equal(panel_repo_lock(repo, 0, &err), 0);
	return repo;
}

static void
write_str(struct panel_repo *repo, const char *rel, const char *text)
{
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(
	    panel_repo_write(repo, rel, text, strlen(text), &err), 0);
}

/*
 * Writes over GF.yaml, a new file in two new folders and a second one
 * beside it, and removes MH.yaml: the paths of one command.
 */
static const char *const changed[] = {"members/GF.yaml",
    "meetings/2019-01-10/correspondence/E-1.txt",
    "meetings/2019-01-10/correspondence/E-1.redactions.yaml",
    "members/MH.yaml"};

static void
change_all(struct panel_repo *repo)
{
	struct panel_err err = PANEL_ERR_INIT;

	write_str(repo, changed[0], "id: GF\nname: Pat Changed\n");
	write_str(repo, changed[1], "redacted text\n");
	write_str(repo, changed[2], "item: E-1\n");
	assert_int_equal(panel_repo_remove(repo, changed[3], &err), 0);
}

/* The work tree is HEAD's again, GF.yaml 0644, and no folder is left. */
static void
assert_as_before(const char *dir)
{
	assert_string_equal(
	    test_out(GIT " -C '%s' status --porcelain --ignored", dir), "");
	assert_string_equal(
	    test_out("stat -c %%a '%s/members/GF.yaml'", dir), "644");
	assert_string_equal(
	    test_out("ls -A '%s'", dir), ".git\nmembers\npanel.yaml");
	assert_clean(dir);
}

static void
assert_all_kept(const char *dir)
{
	assert_string_equal(
	    test_out("cat '%s/%s' '%s/%s'", dir, changed[0], dir, changed[1]),
	    "id: GF\nname: Pat Changed\nredacted text");
	assert_int_equal(test_sh("test ! -e '%s/members/MH.yaml'", dir), 0);
}

static void
test_write_needs_lock(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo;
	char dir[PATH_MAX];

	(void)state;
	snprintf(dir, sizeof(dir), "%s", panel_repo("write-lock"));
	assert_int_equal(panel_repo_find(&repo, dir, &err), 0);
	assert_int_equal(
	    panel_repo_write(repo, "x.txt", "x", 1, &err), PANEL_EUSAGE);
	assert_string_equal(
	    err.msg, "internal error: write without the repository lock");
	assert_int_equal(
	    panel_repo_remove(repo, "panel.yaml", &err), PANEL_EUSAGE);
	assert_int_equal(test_sh("test ! -e '%s/x.txt'", dir), 0);
	assert_int_equal(test_sh("test -f '%s/panel.yaml'", dir), 0);
	panel_repo_free(repo);
}

static void
test_rollback_guard(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char dir[PATH_MAX];
	struct panel_repo *repo = locked_repo("rb-guard", dir, sizeof(dir));
	const char *phone[] = {
	    changed[0], changed[1], changed[2], changed[3], "notes.txt"};

	(void)state;
	change_all(repo);
	write_str(repo, "notes.txt", "call 07700 900123\n");
	assert_int_equal(
	    panel_repo_commit(repo, "test", phone, 5, &err, "x"), PANEL_ENO);
	assert_string_equal(err.file, "notes.txt");
	assert_non_null(strstr(err.msg, "refusing to commit it"));
	/* The refused file, and the rest of the command's, are gone. */
	assert_as_before(dir);
	/* A vault path, refused for its name alone. */
	write_str(repo, "members/MH.yaml", "id: MH\n");
	write_str(repo, "vault/2019-01-10/raw.csv", "raw\n");
	assert_int_equal(
	    panel_repo_commit(repo, "test",
	        (const char *[]){"members/MH.yaml", "vault/2019-01-10/raw.csv"},
	        2, &err, "x"),
	    PANEL_ENO);
	assert_as_before(dir);
	panel_repo_free(repo);
	assert_as_before(dir);
}

static void
test_rollback_git_fails(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char dir[PATH_MAX], head[PANEL_OID_HEX + 1];
	struct panel_repo *repo = locked_repo("rb-git", dir, sizeof(dir));

	(void)state;
	snprintf(head, sizeof(head), "%s", repo->head);
	/* git's own lock on the index makes libgit2 fail to stage. */
	assert_int_equal(test_sh("touch '%s/.git/index.lock'", dir), 0);
	change_all(repo);
	assert_int_equal(
	    panel_repo_commit(repo, "test", changed, 4, &err, "x"), PANEL_EGIT);
	assert_int_equal(test_sh("rm '%s/.git/index.lock'", dir), 0);
	assert_as_before(dir);
	assert_string_equal(repo->head, head);
	/* Once the lock is gone, the same writes commit and are kept. */
	change_all(repo);
	assert_int_equal(
	    panel_repo_commit(repo, "test", changed, 4, &err, "x"), 0);
	assert_all_kept(dir);
	assert_string_equal(
	    test_out(GIT " -C '%s' status --porcelain", dir), "");
	/* The journal was cleared: freeing keeps the commit's files. */
	panel_repo_free(repo);
	assert_all_kept(dir);
	assert_clean(dir);
}

static void
test_rollback_busy(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char dir[PATH_MAX];
	struct panel_repo *repo = locked_repo("rb-busy", dir, sizeof(dir));

	(void)state;
	change_all(repo);
	assert_int_equal(test_sh(GIT " -C '%s' commit -q --allow-empty -m "
	                             "'by hand'",
	                     dir),
	    0);
	assert_int_equal(panel_repo_commit(repo, "test", changed, 4, &err, "x"),
	    PANEL_EBUSY);
	assert_as_before(dir);
	panel_repo_free(repo);
}

static void
test_no_commit_keeps(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char dir[PATH_MAX], head[PANEL_OID_HEX + 1];
	struct panel_repo *repo = locked_repo("rb-nocommit", dir, sizeof(dir));

	(void)state;
	repo->no_commit = 1;
	snprintf(head, sizeof(head), "%s", repo->head);
	/* Refused by the guard, the files go even without a commit. */
	change_all(repo);
	write_str(repo, "notes.txt", "call 07700 900123\n");
	assert_int_equal(panel_repo_commit(repo, "test",
	                     (const char *[]){"notes.txt"}, 1, &err, "x"),
	    PANEL_ENO);
	assert_as_before(dir);
	/* Passed, they are meant to stay, and stay after the free too. */
	change_all(repo);
	assert_int_equal(
	    panel_repo_commit(repo, "test", changed, 4, &err, "x"), 0);
	panel_repo_free(repo);
	assert_all_kept(dir);
	assert_string_equal(test_out(GIT " -C '%s' rev-parse HEAD", dir), head);
}

static void
test_nothing_changed_keeps(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char dir[PATH_MAX], head[PANEL_OID_HEX + 1];
	struct panel_repo *repo = locked_repo("rb-same", dir, sizeof(dir));

	(void)state;
	snprintf(head, sizeof(head), "%s", repo->head);
	write_str(repo, "members/GF.yaml", "id: GF\nname: Pat Example\n");
	assert_int_equal(
	    panel_repo_commit(repo, "test", changed, 1, &err, "x"), 0);
	assert_string_equal(repo->head, head);
	panel_repo_free(repo);
	/* Written anew (0600), but the same bytes: nothing to put back. */
	assert_string_equal(
	    test_out("stat -c %%a '%s/members/GF.yaml'", dir), "600");
	assert_string_equal(
	    test_out(GIT " -C '%s' status --porcelain", dir), "");
}

static void
test_free_restores(void **state)
{
	char dir[PATH_MAX];
	struct panel_repo *repo = locked_repo("rb-free", dir, sizeof(dir));

	(void)state;
	/* A command that failed between its writes and its commit. */
	change_all(repo);
	panel_repo_free(repo);
	assert_as_before(dir);
}

static void
test_rollback_note(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char dir[PATH_MAX];
	struct panel_repo *repo = locked_repo("rb-note", dir, sizeof(dir));
	char msg[PANEL_ERR_MSG];

	(void)state;
	change_all(repo);
	/* Something in the way of putting two of them back. */
	assert_int_equal(test_sh("cd '%s' && rm members/GF.yaml && mkdir "
	                         "members/GF.yaml members/MH.yaml",
	                     dir),
	    0);
	panel_err_set(&err, PANEL_EINPUT, "x.yaml", 3, 0, "the first error");
	panel_repo_rollback(repo, &err);
	assert_int_equal(err.code, PANEL_EINPUT);
	assert_string_equal(err.file, "x.yaml");
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg,
	    "the first error; and the work tree could not be put back as it "
	    "was: members/MH.yaml: is not a regular file (and more)");
	/* The rest was put back. */
	assert_int_equal(test_sh("test ! -e '%s/meetings'", dir), 0);
	/* Nothing is left to do, so nothing more is said. */
	snprintf(msg, sizeof(msg), "%s", err.msg);
	panel_repo_rollback(repo, &err);
	panel_repo_rollback(NULL, &err);
	assert_string_equal(err.msg, msg);
	panel_repo_free(repo);
}

static void
test_too_big_refused(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	char dir[PATH_MAX];
	struct panel_repo *repo = locked_repo("rb-big", dir, sizeof(dir));

	(void)state;
	/* Sparse: over the cap without the disk space. */
	assert_int_equal(test_sh("truncate -s 268435457 '%s/big.txt'", dir), 0);
	assert_int_equal(
	    panel_repo_write(repo, "big.txt", "x", 1, &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "file is over 268435456 bytes");
	assert_string_equal(
	    test_out("stat -c %%s '%s/big.txt'", dir), "268435457");
	assert_int_equal(test_sh("ln -s panel.yaml '%s/link'", dir), 0);
	assert_int_equal(
	    panel_repo_write(repo, "link", "x", 1, &err), PANEL_EINPUT);
	assert_string_equal(
	    test_out("cat '%s/panel.yaml'", dir), "name: Test Panel");
	panel_repo_free(repo);
}

static void
test_check_id(void **state)
{
	static const char *const good[] = {"GF", "AB2", "A-0012", "R-0004",
	    "2018-10-04", "a.b_c-d", "0", "call.101",
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234"};
	static const char *const bad[] = {"", "../x", "a/b", ".git", "-rf",
	    ".hidden", "a..b", "x..", "_x", "a b", "a:b", "a\\b", "x\x01y",
	    "x\ty", "x\ny", "x\x7f", "\xef\xbc\xa7\xef\xbc\xa6", "caf\xc3\xa9",
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij12345",
	    "GF/../../etc"};
	struct panel_err err = PANEL_ERR_INIT;
	size_t i;
	const char *m;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(
		    panel_repo_check_id("member id", good[i], &err), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(panel_repo_check_id("member id", bad[i], &err),
		    PANEL_EINPUT);
		assert_int_equal(strncmp(err.msg, "member id '", 11), 0);
		/* Messages are printable ASCII, whatever the id held. */
		for (m = err.msg; *m; m++)
			assert_true(*m >= 0x20 && *m < 0x7f);
	}
	assert_int_equal(
	    panel_repo_check_id("member id", "x/y", &err), PANEL_EINPUT);
	assert_string_equal(err.msg,
	    "member id 'x/y' holds '/' (an id is 1-64 letters, digits, '.', "
	    "'_' or '-', starting with a letter or digit)");
	assert_int_equal(
	    panel_repo_check_id("action id", "x\x01y", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "action id 'x\\x01y' holds a control"));
	assert_int_equal(panel_repo_check_id("id", ".git", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "starts with '.'"));
	assert_int_equal(panel_repo_check_id("id", "-rf", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "starts with '-'"));
	assert_int_equal(panel_repo_check_id("id", "a..b", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "holds '..'"));
	assert_int_equal(panel_repo_check_id("id", "", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "is empty"));
	assert_int_equal(
	    panel_repo_check_id("id", "\xef\xbc\xa7\xef\xbc\xa6", &err),
	    PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "'\\xef\\xbc\\xa7\\xef\\xbc\\xa6' "
	                                "holds a character that is not plain"));
	assert_int_equal(
	    panel_repo_check_id("id", bad[18], &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "...' is over 64 bytes"));
	/* A NUL inside the id, which a C string cannot show. */
	assert_int_equal(
	    panel_repo_check_idn("member id", "G\0F", 3, &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "'G\\x00F' holds a NUL byte"));
	assert_int_equal(panel_repo_check_idn("member id", "GF", 2, &err), 0);
}

static void
test_check_date(void **state)
{
	static const char *const good[] = {"2018-10-04", "2020-02-29",
	    "2000-02-29", "1999-12-31", "2019-01-31", "2019-04-30",
	    "0001-01-01"};
	static const char *const bad[] = {"2019-02-29", "1900-02-29",
	    "2018-13-01", "2018-00-10", "2018-04-31", "2018-01-00",
	    "2018-01-32", "0000-01-01", "2018-4-01", "18-10-04", "2018/10/04",
	    "", "2018-10-04x", " 2018-10-04", "2018-10-4 ", "2018-1a-04",
	    "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x91\xef\xbc\x98-10-04",
	    "2018-10-04\n", "../../etc"};
	struct panel_err err = PANEL_ERR_INIT;
	size_t i;
	const char *m;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(
		    panel_repo_check_date("meeting date", good[i], &err), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(
		    panel_repo_check_date("meeting date", bad[i], &err),
		    PANEL_EINPUT);
		assert_int_equal(strncmp(err.msg, "meeting date '", 14), 0);
		for (m = err.msg; *m; m++)
			assert_true(*m >= 0x20 && *m < 0x7f);
	}
	assert_int_equal(
	    panel_repo_check_date("meeting date", "2019-02-29", &err),
	    PANEL_EINPUT);
	assert_string_equal(
	    err.msg, "meeting date '2019-02-29' is not a real date");
	assert_int_equal(
	    panel_repo_check_date("due", "2018/10/04", &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "due '2018/10/04' is not YYYY-MM-DD");
	assert_int_equal(
	    panel_repo_check_date("due", "2018-10-04\n", &err), PANEL_EINPUT);
	assert_string_equal(err.msg, "due '2018-10-04\\x0a' is not YYYY-MM-DD");
}

static int
setup(void **state)
{
	char *real;

	(void)state;
	snprintf(base, sizeof(base), "%s/panel-test-repo.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(base) == NULL ||
	    getcwd(start_dir, sizeof(start_dir)) == NULL)
		return -1;
	/* Canonical, as repo->root is (TMPDIR may be a link). */
	if ((real = realpath(base, NULL)) == NULL)
		return -1;
	snprintf(base, sizeof(base), "%s", real);
	free(real);
	setenv("HOME", base, 1);
	setenv("XDG_CONFIG_HOME", base, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Test Officer", 1);
	setenv("GIT_AUTHOR_EMAIL", "officer@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test Officer", 1);
	setenv("GIT_COMMITTER_EMAIL", "officer@example.org", 1);
	unsetenv("PANEL_REPO");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	panel_fs_umask();
	return 0;
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
	    cmocka_unit_test(test_find_named),
	    cmocka_unit_test(test_find_env_and_walk),
	    cmocka_unit_test(test_find_nested),
	    cmocka_unit_test(test_lock),
	    cmocka_unit_test(test_commit),
	    cmocka_unit_test(test_write_needs_lock),
	    cmocka_unit_test(test_rollback_guard),
	    cmocka_unit_test(test_rollback_git_fails),
	    cmocka_unit_test(test_rollback_busy),
	    cmocka_unit_test(test_no_commit_keeps),
	    cmocka_unit_test(test_nothing_changed_keeps),
	    cmocka_unit_test(test_free_restores),
	    cmocka_unit_test(test_rollback_note),
	    cmocka_unit_test(test_too_big_refused),
	    cmocka_unit_test(test_check_id),
	    cmocka_unit_test(test_check_date),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
