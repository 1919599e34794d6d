/*
 * panel init.  The new repository is built in place, file by file through
 * fs (atomic, no links followed), then committed once through repo, so
 * that the first commit passes the same lock, guard and compare-and-swap
 * as every later one.  Whatever fails on the way, the folder is put back
 * as it was: removed if this call made it, emptied if it was empty.
 */

#include "init.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "check.h"
#include "doc.h"
#include "fs.h"
#include "record.h"
#include "repo.h"
#include "strlist.h"

#include "banned.h"

/* The largest file copied from a source (exports can be big). */
#define COPY_MAX ((size_t)256 * 1024 * 1024)
/* How deep a source's folders may nest. */
#define COPY_DEPTH 16
/* How deep a failed init's folder is searched when removing it. */
#define REMOVE_DEPTH 64

static const char *const folders[] = {
    "members", "meetings", "actions", "recommendations", NULL};

/* Top-level entries of a source that are never copied as they are. */
static const char *const skip_top[] = {
    ".git", ".gitignore", "exports", "panel.yaml", "vault", NULL};

struct job {
	const char *dir;
	const char *from;
	struct panel_strlist paths; /* what the commit holds, relative to dir */
	struct panel_init_result *out;
	struct panel_err *err;
};

/* Length of the UTF-8 sequence at s (NUL-terminated), 0 if invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned long c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff) || (c >= 0x80 && c <= 0x9f))
		return 0;
	return n;
}

int
panel_init_check_name(const char *name, struct panel_err *err)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n, len = strlen(name);

	if (len == 0 || len > PANEL_INIT_NAME_MAX)
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "panel name must be 1 to %d bytes long",
		    PANEL_INIT_NAME_MAX);
	for (; *p; p += n)
		if (*p < 0x20 || *p == 0x7f || (n = utf8_len(p)) == 0)
			return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
			    "panel name must be UTF-8 text without control "
			    "characters");
	return 0;
}

static int
write_file(struct job *j, const char *path, const char *data, size_t len)
{
	int rc = panel_fs_write(j->dir, path, data, len, j->err);

	if (rc == 0)
		panel_strlist_push(&j->paths, path);
	return rc;
}

/* The panel.yaml of a new, empty panel: placeholders the officer edits. */
static struct panel_doc *
new_panel(const char *name)
{
	struct panel_doc *doc = panel_doc_new("panel.yaml");
	struct panel_node *root = panel_node_map(), *paths = panel_node_map();
	size_t i;

	panel_node_set(root, "name", panel_node_str(name));
	panel_node_set(root, "force",
	    panel_node_str("Name of the police force (edit panel.yaml)"));
	panel_node_set(root, "opcc",
	    panel_node_str("Office of the Police and Crime Commissioner "
	                   "(edit panel.yaml)"));
	panel_node_set(root, "frequency", panel_node_str("quarterly"));
	for (i = 0; folders[i] != NULL; i++)
		panel_node_set(paths, folders[i], panel_node_str(folders[i]));
	panel_node_set(paths, "vault", panel_node_str("vault"));
	panel_node_set(root, "paths", paths);
	doc->root = root;
	return doc;
}

/* Writes panel.yaml, the record folders, .gitignore and vault/. */
static int
make_layout(struct job *j, const char *name)
{
	const struct panel_record_type *type = panel_record_type("panel");
	struct panel_doc *doc = NULL;
	struct panel_buf path = PANEL_BUF_INIT;
	size_t i;
	int rc;

	if (j->from != NULL) {
		if ((rc = panel_record_load(
		         &doc, j->from, "panel.yaml", j->err)) < 0)
			return rc;
		if (name != NULL)
			panel_node_set(doc->root, "name", panel_node_str(name));
	} else {
		doc = new_panel(name ? name : PANEL_INIT_NAME);
	}
	name = panel_node_get_str(doc->root, "name");
	j->out->name = panel_xstrdup(name ? name : "");
	rc = panel_init_check_name(j->out->name, j->err);
	if (rc == 0)
		rc = panel_record_save(j->dir, "panel.yaml", type, doc, j->err);
	panel_doc_free(doc);
	if (rc < 0)
		return rc;
	panel_strlist_push(&j->paths, "panel.yaml");
	j->out->records++;
	for (i = 0; folders[i] != NULL && rc == 0; i++) {
		panel_buf_reset(&path);
		panel_buf_addf(&path, "%s/.gitkeep", folders[i]);
		rc = write_file(j, path.buf, "", 0);
	}
	panel_buf_release(&path);
	if (rc == 0)
		rc = write_file(j, ".gitignore", "vault/\n", 7);
	if (rc == 0)
		rc = panel_fs_mkdirs(j->dir, "vault", j->err);
	return rc;
}

/* Copies one regular file; a record is rewritten in canonical form. */
static int
copy_file(struct job *j, const char *src, const char *dst, int vault)
{
	const struct panel_record_type *type = NULL;
	struct panel_buf data = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	int rc;

	if (!vault)
		type = panel_record_type_of(dst);
	if (type != NULL) {
		rc = panel_record_load(&doc, j->from, src, j->err);
		if (rc == 0)
			rc = panel_record_save(j->dir, dst, type, doc, j->err);
		panel_doc_free(doc);
	} else {
		rc = panel_fs_read(&data, j->from, src, COPY_MAX, j->err);
		if (rc == 0)
			rc = panel_fs_write(
			    j->dir, dst, data.buf, data.len, j->err);
		panel_buf_release(&data);
	}
	if (rc < 0)
		return rc;
	if (vault)
		j->out->exports++;
	else if (type != NULL)
		j->out->records++;
	else
		j->out->files++;
	if (!vault)
		panel_strlist_push(&j->paths, dst);
	return 0;
}

static char *
join(const char *a, const char *b)
{
	struct panel_buf p = PANEL_BUF_INIT;

	if (a[0] != '\0')
		panel_buf_addf(&p, "%s/", a);
	panel_buf_addstr(&p, b);
	return panel_buf_detach(&p, NULL);
}

/* 1 if src (relative to the source) is a folder reached without links. */
static int
is_folder(const struct job *j, const char *src)
{
	char **list = NULL;

	if (panel_fs_list(&list, j->from, src, NULL) < 0)
		return 0;
	panel_fs_list_free(list);
	return 1;
}

/* Copies one entry of the source: a file, or a folder recursively. */
static int copy_tree(
    struct job *j, const char *src, const char *dst, int vault, unsigned depth);

static int
copy_entry(
    struct job *j, const char *src, const char *dst, int vault, unsigned depth)
{
	int rc = panel_fs_probe(j->from, src, j->err);

	if (rc == 1)
		return panel_strlist_has(&j->paths, dst)
		           ? 0
		           : copy_file(j, src, dst, vault);
	if (rc == PANEL_EINPUT && is_folder(j, src))
		return copy_tree(j, src, dst, vault, depth + 1);
	if (rc == 0)
		return panel_err_set(j->err, PANEL_EIO, src, 0, 0,
		    "vanished while being copied");
	return rc;
}

/*
 * Copies the folder src (relative to the source; "" for its top) to dst,
 * recursively, refusing links and anything but files and folders.
 */
static int
copy_tree(
    struct job *j, const char *src, const char *dst, int vault, unsigned depth)
{
	char **list = NULL, *s, *d;
	size_t i;
	int rc;

	if (depth > COPY_DEPTH)
		return panel_err_set(j->err, PANEL_EINPUT, src, 0, 0,
		    "folders nested more than %d deep", COPY_DEPTH);
	if ((rc = panel_fs_list(&list, j->from, src, j->err)) < 0)
		return rc;
	for (i = 0; list[i] != NULL && rc == 0; i++) {
		if (strcmp(list[i], ".git") == 0 ||
		    (depth == 0 && !vault &&
		        panel_strlist_array_has(skip_top, list[i])))
			continue;
		s = join(src, list[i]);
		d = join(dst, list[i]);
		rc = copy_entry(j, s, d, vault, depth);
		free(s);
		free(d);
	}
	panel_fs_list_free(list);
	return rc;
}

/* Removes everything inside the open folder fd, which it closes. */
static void
empty_folder(int fd, unsigned depth)
{
	struct dirent *de;
	int sub, removed;
	DIR *d;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	/* Entries removed while reading may hide others: go again. */
	do {
		removed = 0;
		rewinddir(d);
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (unlinkat(dirfd(d), de->d_name, 0) == 0) {
				removed = 1;
				continue;
			}
			sub = depth < REMOVE_DEPTH
			          ? openat(dirfd(d), de->d_name,
			                O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			                    O_CLOEXEC)
			          : -1;
			if (sub < 0)
				continue;
			empty_folder(sub, depth + 1);
			if (unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) == 0)
				removed = 1;
		}
	} while (removed);
	closedir(d);
}

/* Puts dir back as it was: gone if made is set, else empty. */
static void
undo(const char *dir, int made)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	empty_folder(fd, 0);
	if (made)
		rmdir(dir);
}

/*
 * Makes dir, or accepts it if it is an empty folder; *made says which.
 * A folder holding a panel, a git repository or anything else is refused.
 */
static int
prepare(const char *dir, int *made, struct panel_err *err)
{
	char **list = NULL;
	int rc;

	*made = 0;
	if (mkdir(dir, 0700) == 0) {
		*made = 1;
		return 0;
	}
	if (errno == ENOENT)
		return panel_err_set(err, PANEL_EINPUT, dir, 0, 0,
		    "cannot make the folder: its parent does not exist");
	if (errno != EEXIST)
		return panel_err_set(err, PANEL_EIO, dir, 0, 0,
		    "cannot make the folder: %s", strerror(errno));
	if ((rc = panel_fs_list(&list, dir, "", err)) < 0)
		return rc;
	if (panel_strlist_array_has((const char *const *)list, "panel.yaml"))
		rc = panel_err_set(err, PANEL_EINPUT, dir, 0, 0,
		    "already holds a panel (panel.yaml)");
	else if (panel_strlist_array_has((const char *const *)list, ".git"))
		rc = panel_err_set(err, PANEL_EINPUT, dir, 0, 0,
		    "already holds a git repository");
	else if (list[0] != NULL)
		rc = panel_err_set(err, PANEL_EINPUT, dir, 0, 0,
		    "is not empty: a new panel needs an empty or new folder");
	panel_fs_list_free(list);
	return rc;
}

/* Refuses a new repository inside its own source, which copying would fill. */
static int
outside_source(const char *dir, const char *from, struct panel_err *err)
{
	char *d = realpath(dir, NULL), *s = realpath(from, NULL);
	size_t n = s ? strlen(s) : 0;
	int rc = 0;

	if (d == NULL || s == NULL)
		rc = panel_err_set(err, PANEL_EIO, d ? from : dir, 0, 0,
		    "cannot resolve the path: %s", strerror(errno));
	else if (strncmp(d, s, n) == 0 && (d[n] == '/' || d[n] == '\0'))
		rc = panel_err_set(err, PANEL_EINPUT, dir, 0, 0,
		    "is inside the source folder '%s'", from);
	free(d);
	free(s);
	return rc;
}

static int
commit(struct job *j)
{
	struct panel_repo *repo = NULL;
	int rc;

	if ((rc = panel_repo_find(&repo, j->dir, j->err)) < 0)
		goto done;
	if ((rc = panel_repo_lock(repo, 0, j->err)) < 0)
		goto done;
	rc = panel_repo_commit(repo, "init", panel_strlist_array(&j->paths),
	    j->paths.n, j->err, "create panel %s", j->out->name);
	if (rc == 0)
		rc = panel_git_head(j->out->commit, repo->git, j->err);
done:
	panel_repo_free(repo);
	return rc;
}

/* Checks the source before anything is made. */
static int
check_source(const char *from,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx,
    struct panel_err *err)
{
	struct panel_check chk;
	int rc = panel_check_repo(&chk, from, report, ctx, err);

	if (rc < 0)
		return rc;
	if (chk.problems > 0)
		return panel_err_set(err, PANEL_EINPUT, from, 0, 0,
		    "the source fails panel check (%zu problem%s): nothing "
		    "was created",
		    chk.problems, chk.problems == 1 ? "" : "s");
	return 0;
}

/* Everything after dir exists: git, the layout, the copy, the commit. */
static int
build(struct job *j, const struct panel_init_opts *opts)
{
	struct panel_git *git = NULL;
	int rc;

	if (j->from != NULL && (rc = outside_source(j->dir, j->from, j->err)))
		return rc;
	if ((rc = panel_git_init(&git, j->dir, j->err)) < 0)
		return rc;
	panel_git_free(git);
	if ((rc = make_layout(j, opts->name)) < 0)
		return rc;
	if (j->from != NULL && (rc = copy_tree(j, "", "", 0, 0)) < 0)
		return rc;
	if (j->from != NULL &&
	    (rc = copy_tree(j, "exports", "vault/exports", 1, 0)) < 0)
		return rc;
	return opts->no_commit ? 0 : commit(j);
}

int
panel_init_repo(struct panel_init_result *out, const char *dir,
    const struct panel_init_opts *opts,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx,
    struct panel_err *err)
{
	struct job j;
	int made = 0, rc;

	memset(out, 0, sizeof(*out));
	memset(&j, 0, sizeof(j));
	j.dir = dir;
	j.from = opts->from;
	j.out = out;
	j.err = err;
	panel_fs_umask();
	if (opts->name != NULL &&
	    (rc = panel_init_check_name(opts->name, err)) < 0)
		return rc;
	if (opts->from != NULL &&
	    (rc = check_source(opts->from, report, ctx, err)) < 0)
		return rc;
	if ((rc = prepare(dir, &made, err)) < 0)
		return rc;
	if ((rc = build(&j, opts)) < 0) {
		undo(dir, made);
		panel_init_result_release(out);
		memset(out, 0, sizeof(*out));
	}
	panel_strlist_release(&j.paths);
	return rc;
}

void
panel_init_result_release(struct panel_init_result *res)
{
	free(res->name);
	res->name = NULL;
}
