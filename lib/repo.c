#include "repo.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "calendar.h"
#include "fs.h"
#include "gate.h"
#include "guard.h"
#include "journal.h"
#include "record.h"

#include "banned.h"

#define PANEL_FILE "panel.yaml"
#define LOCK_FILE "panel.lock"
#define POLL_MS 50
#define ID_MAX 64
/* The largest file the commit guard reads (population lists are big). */
#define COMMIT_MAX ((size_t)256 << 20)

#define BUSY                                                                   \
	"repository is busy: another panel command holds its lock (try "       \
	"--wait SECONDS)"

static struct panel_repo *
repo_new(char *root, struct panel_git *git)
{
	struct panel_repo *repo = panel_xcalloc(1, sizeof(*repo));

	repo->root = root;
	repo->git = git;
	repo->writable = git != NULL;
	repo->lockfd = -1;
	repo->journal = panel_journal_new(repo->root, COMMIT_MAX);
	return repo;
}

/*
 * Opens root, which holds panel.yaml, as a git work tree root if it is
 * one; *git stays NULL (read-only) if it is not.
 */
static int
open_git(struct panel_git **git, const char *root, struct panel_err *err)
{
	int rc = panel_git_open(git, root, err);

	return rc == PANEL_EINPUT ? 0 : rc;
}

/* The folder named by -C or $PANEL_REPO, which must hold panel.yaml. */
static int
find_named(struct panel_repo **out, const char *dir, struct panel_err *err)
{
	struct panel_git *git = NULL;
	struct stat st;
	char *root;
	int rc;

	if ((root = realpath(dir, NULL)) == NULL)
		return panel_err_set(err,
		    errno == ENOENT || errno == ENOTDIR ? PANEL_EINPUT
		                                        : PANEL_EIO,
		    dir, 0, 0, "cannot open the folder: %s", strerror(errno));
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
		rc =
		    panel_err_set(err, PANEL_EINPUT, dir, 0, 0, "not a folder");
	else if ((rc = panel_fs_probe(root, PANEL_FILE, err)) == 0)
		rc = panel_err_set(err, PANEL_EINPUT, dir, 0, 0,
		    "not a panel repository (no " PANEL_FILE ")");
	if (rc >= 0)
		rc = open_git(&git, root, err);
	if (rc < 0) {
		free(root);
		return rc;
	}
	*out = repo_new(root, git);
	return 0;
}

/* Cuts the last component off the absolute path dir; 0 at "/". */
static int
parent(char *dir)
{
	char *slash = strrchr(dir, '/');

	if (strcmp(dir, "/") == 0 || slash == NULL)
		return 0;
	if (slash == dir)
		slash++;
	*slash = '\0';
	return 1;
}

/*
 * Walks up from the working directory to the nearest folder that holds
 * panel.yaml and is a git work tree root.  A panel.yaml folder inside
 * another repository (the project's examples/) is passed by, so that
 * nothing is ever committed into a repository that is not a panel.
 */
static int
find_up(struct panel_repo **out, struct panel_err *err)
{
	struct panel_git *git = NULL;
	char *dir;
	int rc;

	if ((dir = realpath(".", NULL)) == NULL)
		return panel_err_set(err, PANEL_EIO, NULL, 0, 0,
		    "cannot find the working directory: %s", strerror(errno));
	do {
		if ((rc = panel_fs_probe(dir, PANEL_FILE, err)) == 1)
			rc = open_git(&git, dir, err);
		if (rc < 0 || git != NULL)
			break;
	} while (parent(dir));
	if (rc >= 0 && git == NULL)
		rc = panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "no panel repository here or above (use -C DIR)");
	if (rc < 0) {
		free(dir);
		return rc;
	}
	*out = repo_new(dir, git);
	return 0;
}

int
panel_repo_find(struct panel_repo **out, const char *dir, struct panel_err *err)
{
	const char *env = getenv("PANEL_REPO");

	*out = NULL;
	if (dir != NULL)
		return find_named(out, dir, err);
	if (env != NULL && env[0] != '\0')
		return find_named(out, env, err);
	return find_up(out, err);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Polls flock on fd every POLL_MS until wait seconds have passed. */
static int
take_lock(int fd, unsigned wait, const char *path, struct panel_err *err)
{
	struct timespec nap = {0, POLL_MS * 1000000L};
	long long until = now_ms() + (long long)wait * 1000;

	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return panel_err_set(err, PANEL_EIO, path, 0, 0,
			    "cannot lock: %s", strerror(errno));
		if (now_ms() >= until)
			return panel_err_set(
			    err, PANEL_EBUSY, NULL, 0, 0, BUSY);
		nanosleep(&nap, NULL);
	}
	return 0;
}

static int
open_lock(const char *path, struct panel_err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0)
		return fd;
	if (errno == ELOOP)
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "is a symbolic link: refusing to follow it");
	return panel_err_set(
	    err, PANEL_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
}

int
panel_repo_lock(struct panel_repo *repo, unsigned wait, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	const char *gitdir;
	int fd, rc;

	if (!repo->writable || repo->git == NULL)
		return panel_err_set(err, PANEL_EINPUT, repo->root, 0, 0,
		    "not the root of a git work tree, so it cannot be "
		    "changed");
	if (repo->lockfd >= 0)
		return panel_git_head(repo->head, repo->git, err);
	gitdir = panel_git_dir(repo->git);
	panel_buf_addstr(&path, gitdir);
	if (path.len == 0 || path.buf[path.len - 1] != '/')
		panel_buf_addch(&path, '/');
	panel_buf_addstr(&path, LOCK_FILE);
	if ((fd = rc = open_lock(path.buf, err)) >= 0 &&
	    (rc = take_lock(fd, wait, path.buf, err)) == 0 &&
	    (rc = panel_git_head(repo->head, repo->git, err)) == 0)
		repo->lockfd = fd;
	else if (fd >= 0)
		close(fd);
	panel_buf_release(&path);
	return rc;
}

/* Notes path in the journal before a change, under the lock. */
static int
journal(struct panel_repo *repo, const char *path, struct panel_err *err)
{
	if (repo->lockfd < 0)
		return panel_err_set(err, PANEL_EUSAGE, path, 0, 0,
		    "internal error: write without the repository lock");
	return panel_journal_note(repo->journal, path, err);
}

int
panel_repo_write(struct panel_repo *repo, const char *path, const void *data,
    size_t len, struct panel_err *err)
{
	int rc = journal(repo, path, err);

	return rc < 0 ? rc : panel_fs_write(repo->root, path, data, len, err);
}

int
panel_repo_remove(
    struct panel_repo *repo, const char *path, struct panel_err *err)
{
	int rc = journal(repo, path, err);

	return rc < 0 ? rc : panel_fs_remove(repo->root, path, err);
}

int
panel_repo_save(struct panel_repo *repo, const char *path,
    const char *type_name, struct panel_doc *doc, struct panel_err *err)
{
	struct panel_buf out = PANEL_BUF_INIT;
	int rc;

	rc = panel_record_emit(&out, panel_record_type(type_name), doc, err);
	if (rc == 0)
		rc = panel_repo_write(repo, path, out.buf, out.len, err);
	panel_buf_release(&out);
	return rc;
}

void
panel_repo_rollback(struct panel_repo *repo, struct panel_err *err)
{
	struct panel_err failed = PANEL_ERR_INIT;
	char where[PANEL_ERR_FILE + PANEL_ERR_MSG + 32];
	size_t n;

	if (repo == NULL || panel_journal_empty(repo->journal))
		return;
	if ((n = panel_journal_restore(repo->journal, &failed)) == 0)
		return;
	panel_err_format(&failed, where, sizeof(where));
	panel_err_append(err,
	    "; and the work tree could not be put back as it was: %s%s", where,
	    n > 1 ? " (and more)" : "");
}

/*
 * Passes every path through the commit guard before anything is staged:
 * the path alone first, so a vault file is refused as such whatever its
 * size, then the file's contents as they are now (none if it was deleted).
 * The guard is set up for this repository first, once per commit: its
 * panel.yaml rules and allow-list and its members' names as they are now,
 * so that a commit that adds a member or a rule is checked with it.  This
 * is the one place that does it, for every command.
 */
static int
guard_all(struct panel_repo *repo, const char *const paths[], size_t npaths,
    struct panel_err *err)
{
	struct panel_buf data = PANEL_BUF_INIT;
	size_t i;
	int rc;

	if ((rc = panel_guard_use(repo->root, err)) < 0)
		return rc;
	for (i = 0; i < npaths && rc >= 0; i++) {
		panel_buf_reset(&data);
		if ((rc = panel_gate_check_path(paths[i], err)) < 0 ||
		    (rc = panel_fs_probe(repo->root, paths[i], err)) < 0)
			break;
		if (rc == 1 && (rc = panel_fs_read(&data, repo->root, paths[i],
		                    COMMIT_MAX, err)) < 0)
			break;
		rc = panel_commit_guard(paths[i], data.buf, data.len, err);
	}
	panel_buf_release(&data);
	return rc < 0 ? rc : 0;
}

/* Commits paths, which have passed the guard, as "panel-CMD: " and fmt. */
static int PANEL_PRINTF(6, 0) commit_paths(struct panel_repo *repo,
    const char *cmd, const char *const paths[], size_t npaths,
    struct panel_err *err, const char *fmt, va_list ap)
{
	struct panel_buf msg = PANEL_BUF_INIT;
	char out[PANEL_OID_HEX + 1];
	int rc;

	if (strncmp(cmd, "panel-", 6) == 0)
		cmd += 6;
	panel_buf_addf(&msg, "panel-%s: ", cmd);
	panel_buf_vaddf(&msg, fmt, ap);
	rc = panel_git_commit(
	    out, repo->git, paths, npaths, msg.buf, repo->head, err);
	/* A command may commit again: the next one expects this one. */
	if (rc == 0 && out[0] != '\0')
		memcpy(repo->head, out, sizeof(out));
	panel_buf_release(&msg);
	return rc;
}

int
panel_repo_commit(struct panel_repo *repo, const char *cmd,
    const char *const paths[], size_t npaths, struct panel_err *err,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (repo->lockfd < 0 || repo->git == NULL)
		rc = panel_err_set(err, PANEL_EUSAGE, NULL, 0, 0,
		    "internal error: commit without the repository lock");
	else if ((rc = guard_all(repo, paths, npaths, err)) == 0 &&
	         !repo->no_commit) {
		va_start(ap, fmt);
		rc = commit_paths(repo, cmd, paths, npaths, err, fmt, ap);
		va_end(ap);
	}
	/* Refused or failed, nothing of the command's may stay behind. */
	if (rc < 0)
		panel_repo_rollback(repo, err);
	else
		panel_journal_clear(repo->journal);
	return rc;
}

void
panel_repo_free(struct panel_repo *repo)
{
	if (repo == NULL)
		return;
	/* Still under the lock, so that no other writer sees it half done. */
	panel_repo_rollback(repo, NULL);
	panel_journal_free(repo->journal);
	if (repo->lockfd >= 0)
		close(repo->lockfd); /* releases the flock */
	panel_git_free(repo->git);
	free(repo->root);
	free(repo);
}

/*
 * Writes s (n bytes) into out for a message: printable ASCII as it is,
 * anything else (control bytes, NUL, UTF-8) as \xNN, cut after 64 bytes.
 */
static void
quote(char *out, size_t size, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, shown = n > ID_MAX ? ID_MAX : n;
	unsigned char c;

	for (i = 0; i < shown && o + 5 < size; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
	}
	if (i < n && o + 4 < size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Why id (len bytes) is not a safe name, or NULL if it is one. */
static const char *
id_problem(const char *id, size_t len)
{
	unsigned char c;
	size_t i;

	if (len == 0)
		return "is empty";
	if (len > ID_MAX)
		return "is over 64 bytes";
	for (i = 0; i < len; i++) {
		c = (unsigned char)id[i];
		if (c == '\0')
			return "holds a NUL byte";
		if (c < 0x20 || c == 0x7f)
			return "holds a control character";
		if (c >= 0x80)
			return "holds a character that is not plain ASCII";
		if (c == '/')
			return "holds '/'";
		if (!is_alnum(c) && c != '.' && c != '_' && c != '-')
			return "holds a character other than letters, "
			       "digits, '.', '_' and '-'";
	}
	if (id[0] == '.')
		return "starts with '.'";
	if (id[0] == '-')
		return "starts with '-'";
	if (!is_alnum((unsigned char)id[0]))
		return "does not start with a letter or digit";
	for (i = 0; i + 1 < len; i++)
		if (id[i] == '.' && id[i + 1] == '.')
			return "holds '..'";
	return NULL;
}

int
panel_repo_check_idn(
    const char *what, const char *id, size_t len, struct panel_err *err)
{
	char shown[ID_MAX * 4 + 8];
	const char *why = id_problem(id, len);

	if (why == NULL)
		return 0;
	quote(shown, sizeof(shown), id, len);
	return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
	    "%s '%s' %s (an id is 1-64 letters, digits, '.', '_' or '-', "
	    "starting with a letter or digit)",
	    what, shown, why);
}

int
panel_repo_check_id(const char *what, const char *id, struct panel_err *err)
{
	return panel_repo_check_idn(what, id, strlen(id), err);
}

static int
digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

int
panel_repo_check_date(const char *what, const char *date, struct panel_err *err)
{
	char shown[ID_MAX * 4 + 8];
	size_t len = strlen(date);
	int y, m, d;

	quote(shown, sizeof(shown), date, len);
	if (len != 10 || date[4] != '-' || date[7] != '-' ||
	    !digits(date, 4, &y) || !digits(date + 5, 2, &m) ||
	    !digits(date + 8, 2, &d))
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "%s '%s' is not YYYY-MM-DD", what, shown);
	if (y < 1 || !panel_calendar_valid(y, m, d))
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "%s '%s' is not a real date", what, shown);
	return 0;
}
