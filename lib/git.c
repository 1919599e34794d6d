#include "git.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "alloc.h"
#include "fs.h"
#include "git_priv.h"

#include "banned.h"

struct panel_git {
	git_repository *repo;
	char *root; /* canonical path of the work tree, no trailing slash */
};

#define NO_AUTHOR                                                              \
	"no author: set user.name and user.email with git config, or "         \
	"GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL"
#define HEAD_MOVED "HEAD moved since this command read it; nothing committed"

/*
 * Fills err from libgit2's last error: "WHAT: libgit2's message".  The
 * message names repository paths and refs, never file contents.
 */
static int PANEL_PRINTF(4, 5) git_fail(
    struct panel_err *err, int code, const char *file, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char what[PANEL_ERR_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return panel_err_set(err, code, file, 0, 0, "%s: %s", what,
	    e && e->message ? e->message : "unknown libgit2 error");
}

/* GIT_CONFIG_NOSYSTEM is set to a true value, as git reads it. */
static int
nosystem(void)
{
	const char *v = getenv("GIT_CONFIG_NOSYSTEM");

	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 &&
	       strcasecmp(v, "false") != 0 && strcasecmp(v, "no") != 0 &&
	       strcasecmp(v, "off") != 0;
}

/*
 * Starts libgit2 once per process and switches on fsync of objects, refs
 * and the index before any repository is opened, so that a commit that
 * returned survives a crash.
 */
static int
start(struct panel_err *err)
{
	static int started;

	if (started)
		return 0;
	if (git_libgit2_init() < 0)
		return git_fail(err, PANEL_EGIT, NULL, "cannot start libgit2");
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) < 0)
		return git_fail(
		    err, PANEL_EGIT, NULL, "cannot switch on fsync in libgit2");
	/* As git does; libgit2 itself would read /etc/gitconfig anyway. */
	if (nosystem() && git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
	                      GIT_CONFIG_LEVEL_SYSTEM, "") < 0)
		return git_fail(
		    err, PANEL_EGIT, NULL, "cannot honour GIT_CONFIG_NOSYSTEM");
	started = 1;
	return 0;
}

static int
real_path(char **out, const char *path, struct panel_err *err)
{
	if ((*out = realpath(path, NULL)) != NULL)
		return 0;
	if (errno == ENOENT || errno == ENOTDIR)
		return panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "no such folder");
	return panel_err_set(
	    err, PANEL_EIO, path, 0, 0, "cannot resolve: %s", strerror(errno));
}

/* Refuses repo unless its work tree is exactly real (canonical). */
static int
check_workdir(git_repository *repo, const char *real, const char *root,
    struct panel_err *err)
{
	const char *wd = git_repository_workdir(repo);
	char *wreal;
	int same;

	if (wd == NULL || (wreal = realpath(wd, NULL)) == NULL)
		return panel_err_set(err, PANEL_EINPUT, root, 0, 0,
		    "not the root of a git work tree");
	same = strcmp(wreal, real) == 0;
	free(wreal);
	if (!same)
		return panel_err_set(err, PANEL_EINPUT, root, 0, 0,
		    "not the root of a git work tree");
	return 0;
}

static struct panel_git *
wrap(git_repository *repo, char *real)
{
	struct panel_git *git = panel_xcalloc(1, sizeof(*git));

	git->repo = repo;
	git->root = real;
	return git;
}

int
panel_git_open(struct panel_git **out, const char *root, struct panel_err *err)
{
	git_repository *repo = NULL;
	char *real = NULL;
	int rc;

	*out = NULL;
	if ((rc = start(err)) < 0 || (rc = real_path(&real, root, err)) < 0)
		return rc;
	/* NO_SEARCH: a folder inside another repository is not that one. */
	rc = git_repository_open_ext(
	    &repo, real, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == GIT_ENOTFOUND)
		rc = panel_err_set(err, PANEL_EINPUT, root, 0, 0,
		    "not the root of a git work tree");
	else if (rc < 0)
		rc = git_fail(
		    err, PANEL_EGIT, root, "cannot open the git repository");
	else
		rc = check_workdir(repo, real, root, err);
	if (rc < 0) {
		git_repository_free(repo);
		free(real);
		return rc;
	}
	*out = wrap(repo, real);
	return 0;
}

int
panel_git_init(struct panel_git **out, const char *root, struct panel_err *err)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	char *real = NULL;
	int rc;

	*out = NULL;
	if ((rc = start(err)) < 0)
		return rc;
	git_repository_init_options_init(
	    &opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	/* Modes from the umask (077): .git 0700, objects 0400. */
	opts.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
	opts.initial_head = "main";
	rc = git_repository_init_ext(&repo, root, &opts);
	if (rc == GIT_EEXISTS)
		return git_fail(
		    err, PANEL_EINPUT, root, "already a git repository");
	if (rc < 0)
		return git_fail(
		    err, PANEL_EGIT, root, "cannot make a git repository");
	if ((rc = real_path(&real, root, err)) < 0) {
		git_repository_free(repo);
		return rc;
	}
	*out = wrap(repo, real);
	return 0;
}

void
panel_git_free(struct panel_git *git)
{
	if (git == NULL)
		return;
	git_repository_free(git->repo);
	free(git->root);
	free(git);
}

const char *
panel_git_dir(struct panel_git *git)
{
	return git_repository_commondir(git->repo);
}

int
panel_git_head(
    char out[PANEL_OID_HEX + 1], struct panel_git *git, struct panel_err *err)
{
	git_oid id;
	int rc;

	out[0] = '\0';
	rc = git_reference_name_to_id(&id, git->repo, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 0;
	if (rc < 0)
		return git_fail(err, PANEL_EGIT, NULL, "cannot read HEAD");
	git_oid_tostr(out, PANEL_OID_HEX + 1, &id);
	return 0;
}

/* The ref a commit moves: HEAD's branch, or HEAD itself when detached. */
static int
head_ref(char **out, git_repository *repo, struct panel_err *err)
{
	git_reference *head;

	if (git_reference_lookup(&head, repo, "HEAD") < 0)
		return git_fail(err, PANEL_EGIT, NULL, "cannot read HEAD");
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		*out = panel_xstrdup(git_reference_symbolic_target(head));
	else
		*out = panel_xstrdup("HEAD");
	git_reference_free(head);
	return 0;
}

/* A signature from env vars name and email, or *out NULL if unset. */
static int
env_signature(git_signature **out, const char *name, const char *email,
    struct panel_err *err)
{
	const char *n = getenv(name), *e = getenv(email);

	*out = NULL;
	if (n == NULL || n[0] == '\0' || e == NULL || e[0] == '\0')
		return 0;
	if (git_signature_now(out, n, e) < 0)
		return git_fail(
		    err, PANEL_EINPUT, NULL, "%s and %s", name, email);
	return 0;
}

/*
 * The author from GIT_AUTHOR_NAME/EMAIL, else the repository's config
 * (which includes ~/.gitconfig); the committer from GIT_COMMITTER_*,
 * else the author.
 */
static int
signatures(git_signature **author, git_signature **committer,
    git_repository *repo, struct panel_err *err)
{
	int rc;

	*committer = NULL;
	if ((rc = env_signature(
	         author, "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", err)) < 0)
		return rc;
	if (*author == NULL) {
		rc = git_signature_default(author, repo);
		if (rc == GIT_ENOTFOUND)
			return panel_err_set(
			    err, PANEL_EINPUT, NULL, 0, 0, NO_AUTHOR);
		if (rc < 0)
			return git_fail(err, PANEL_EINPUT, NULL,
			    "cannot take the author from git config");
	}
	if ((rc = env_signature(committer, "GIT_COMMITTER_NAME",
	         "GIT_COMMITTER_EMAIL", err)) < 0)
		return rc;
	if (*committer == NULL && git_signature_dup(committer, *author) < 0)
		return git_fail(
		    err, PANEL_EGIT, NULL, "cannot copy the author");
	return 0;
}

/* 1 if tree holds path (its id and mode filled in), 0 if not. */
static int
tree_entry(git_oid *id, unsigned *mode, git_tree *tree, const char *path)
{
	git_tree_entry *e;

	if (tree == NULL || git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	git_oid_cpy(id, git_tree_entry_id(e));
	*mode = (unsigned)git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return 1;
}

/*
 * Stages path in the index (or removes it when the file is gone) and
 * describes the same change to base as *up; *nup is 0 when the change is
 * removing what base does not hold.
 */
static int
stage(git_tree_update *up, size_t *nup, struct panel_git *git, git_index *idx,
    git_tree *base, const char *path, struct panel_err *err)
{
	const git_index_entry *e;
	unsigned mode;
	int rc;

	*nup = 0;
	memset(up, 0, sizeof(*up));
	up->path = path;
	if ((rc = panel_fs_probe(git->root, path, err)) < 0)
		return rc;
	if (rc == 1) {
		if (git_index_add_bypath(idx, path) < 0 ||
		    (e = git_index_get_bypath(idx, path, 0)) == NULL)
			return git_fail(err, PANEL_EGIT, path, "cannot stage");
		up->action = GIT_TREE_UPDATE_UPSERT;
		git_oid_cpy(&up->id, &e->id);
		up->filemode = (git_filemode_t)e->mode;
		*nup = 1;
		return 0;
	}
	if (git_index_remove_bypath(idx, path) < 0 ||
	    git_index_remove_directory(idx, path, 0) < 0)
		return git_fail(err, PANEL_EGIT, path, "cannot unstage");
	up->action = GIT_TREE_UPDATE_REMOVE;
	*nup = (size_t)tree_entry(&up->id, &mode, base, path);
	return 0;
}

static int
seen_before(const char *const paths[], size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(paths[j], paths[i]) == 0)
			return 1;
	return 0;
}

/*
 * Builds the commit's tree: base with just paths changed, as they are in
 * the work tree.  Other changes staged by hand stay staged and out of the
 * commit, so nothing that did not pass the commit guard gets in.
 */
static int
build_tree(git_oid *out, struct panel_git *git, git_index *idx, git_tree *base,
    const char *const paths[], size_t npaths, struct panel_err *err)
{
	git_tree_update *ups = panel_xcalloc(npaths ? npaths : 1, sizeof(*ups));
	size_t i, n = 0, k;
	int rc = 0;

	for (i = 0; i < npaths && rc == 0; i++) {
		if (seen_before(paths, i))
			continue;
		rc = stage(&ups[n], &k, git, idx, base, paths[i], err);
		n += k;
	}
	if (rc == 0 &&
	    git_tree_create_updated(out, git->repo, base, n, ups) < 0)
		rc = git_fail(err, PANEL_EGIT, NULL, "cannot write the tree");
	free(ups);
	return rc;
}

/* 1 if tree id equals HEAD's tree (or is empty on an unborn branch). */
static int
unchanged(struct panel_git *git, const git_oid *id, git_tree *base)
{
	git_tree *tree;
	size_t n;

	if (base != NULL)
		return git_oid_equal(id, git_tree_id(base));
	if (git_tree_lookup(&tree, git->repo, id) < 0)
		return 0;
	n = git_tree_entrycount(tree);
	git_tree_free(tree);
	return n == 0;
}

/*
 * Moves HEAD's branch from expect (NULL: unborn) to id, as one
 * compare-and-swap under the ref's lock, so a HEAD that moved since the
 * command read it is never overwritten.
 */
static int
move_head(struct panel_git *git, const git_oid *id, const git_oid *expect,
    const char *summary, struct panel_err *err)
{
	git_reference *ref = NULL;
	char log[256], *name = NULL;
	int rc;

	if ((rc = head_ref(&name, git->repo, err)) < 0)
		return rc;
	snprintf(log, sizeof(log), "commit%s: %s", expect ? "" : " (initial)",
	    summary ? summary : "");
	if (expect)
		rc = git_reference_create_matching(
		    &ref, git->repo, name, id, 1, expect, log);
	else
		rc = git_reference_create(&ref, git->repo, name, id, 0, log);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ENOTFOUND)
		rc = panel_err_set(err, PANEL_EBUSY, NULL, 0, 0, HEAD_MOVED);
	else if (rc < 0)
		rc = git_fail(err, PANEL_EGIT, NULL, "cannot move '%s'", name);
	git_reference_free(ref);
	free(name);
	return rc;
}

int
panel_git_move_head(struct panel_git *git, const char *id, const char *expect,
    struct panel_err *err)
{
	git_oid new_id, old_id;

	if (git_oid_fromstr(&new_id, id) < 0 ||
	    (expect[0] != '\0' && git_oid_fromstr(&old_id, expect) < 0))
		return panel_err_set(err, PANEL_EUSAGE, NULL, 0, 0,
		    "internal error: not a commit id");
	return move_head(
	    git, &new_id, expect[0] ? &old_id : NULL, "moved", err);
}

/* Parses expect and loads its commit and tree; NULLs when unborn. */
static int
load_expect(git_oid *id, git_commit **commit, git_tree **tree,
    struct panel_git *git, const char *expect, struct panel_err *err)
{
	char head[PANEL_OID_HEX + 1];
	int rc;

	*commit = NULL;
	*tree = NULL;
	if ((rc = panel_git_head(head, git, err)) < 0)
		return rc;
	if (strcmp(head, expect) != 0)
		return panel_err_set(err, PANEL_EBUSY, NULL, 0, 0, HEAD_MOVED);
	if (expect[0] == '\0')
		return 0;
	if (git_oid_fromstr(id, expect) < 0 ||
	    git_commit_lookup(commit, git->repo, id) < 0 ||
	    git_commit_tree(tree, *commit) < 0)
		return git_fail(
		    err, PANEL_EGIT, NULL, "cannot read commit %s", expect);
	return 0;
}

/* Makes the commit object for tree id on parent (may be NULL). */
static int
make_commit(git_oid *out, struct panel_git *git, const git_oid *tree_id,
    git_commit *parent, const char *message, struct panel_err *err)
{
	git_signature *author = NULL, *committer = NULL;
	const git_commit *parents[1] = {parent};
	git_buf msg = GIT_BUF_INIT;
	git_tree *tree = NULL;
	int rc;

	if ((rc = signatures(&author, &committer, git->repo, err)) < 0)
		goto done;
	if (git_message_prettify(&msg, message, 0, '#') < 0 || msg.size == 0) {
		rc = panel_err_set(err, PANEL_EUSAGE, NULL, 0, 0,
		    "internal error: empty commit message");
		goto done;
	}
	if (git_tree_lookup(&tree, git->repo, tree_id) < 0 ||
	    git_commit_create(out, git->repo, NULL, author, committer, NULL,
	        msg.ptr, tree, parent ? 1 : 0, parents) < 0)
		rc = git_fail(err, PANEL_EGIT, NULL, "cannot make the commit");
done:
	git_tree_free(tree);
	git_buf_dispose(&msg);
	git_signature_free(committer);
	git_signature_free(author);
	return rc;
}

/*
 * Writes the staged index idx, then moves HEAD to id.  In this order, a
 * failure to write the index (git's index.lock held by a git that runs
 * or crashed) comes before the commit lands, not after it.  If HEAD then
 * cannot move, the index as it was on disk is written back, so that a
 * failed commit leaves nothing staged.
 */
static int
land(struct panel_git *git, git_index *idx, const git_oid *id,
    const git_oid *expect, const char *summary, struct panel_err *err)
{
	git_index *old = NULL;
	int rc;

	if (git_index_open(&old, git_index_path(idx)) < 0)
		return git_fail(err, PANEL_EGIT, NULL, "cannot read the index");
	if (git_index_write(idx) < 0)
		rc = git_fail(err, PANEL_EGIT, NULL, "cannot write the index");
	else if ((rc = move_head(git, id, expect, summary, err)) < 0 &&
	         git_index_write(old) < 0)
		panel_err_append(err,
		    "; and the index could not be put back (see git status)");
	git_index_free(old);
	return rc;
}

int
panel_git_commit(char out[PANEL_OID_HEX + 1], struct panel_git *git,
    const char *const paths[], size_t npaths, const char *message,
    const char *expect, struct panel_err *err)
{
	git_oid parent_id, tree_id, id;
	git_commit *parent = NULL, *made = NULL;
	git_tree *base = NULL;
	git_index *idx = NULL;
	int rc;

	out[0] = '\0';
	if ((rc = load_expect(&parent_id, &parent, &base, git, expect, err)) <
	    0)
		goto done;
	if (git_repository_index(&idx, git->repo) < 0 ||
	    git_index_read(idx, 0) < 0) {
		rc = git_fail(err, PANEL_EGIT, NULL, "cannot read the index");
		goto done;
	}
	if ((rc = build_tree(&tree_id, git, idx, base, paths, npaths, err)) < 0)
		goto done;
	if (!unchanged(git, &tree_id, base)) {
		if ((rc = make_commit(
		         &id, git, &tree_id, parent, message, err)) < 0)
			goto done;
		if (git_commit_lookup(&made, git->repo, &id) < 0) {
			rc = git_fail(err, PANEL_EGIT, NULL,
			    "cannot read the new commit");
			goto done;
		}
		rc = land(git, idx, &id, parent ? &parent_id : NULL,
		    git_commit_summary(made), err);
		if (rc == 0)
			git_oid_tostr(out, PANEL_OID_HEX + 1, &id);
	} else if (git_index_write(idx) < 0) {
		rc = git_fail(err, PANEL_EGIT, NULL, "cannot write the index");
	}
done:
	/* Drop what was staged in memory: the index on disk is as it was. */
	if (rc < 0 && idx != NULL)
		git_index_read(idx, 1);
	git_index_free(idx);
	git_commit_free(made);
	git_tree_free(base);
	git_commit_free(parent);
	return rc < 0 ? rc : 0;
}

/* Looks path up in the tree of revision rev. */
static int
lookup_entry(git_tree_entry **out, struct panel_git *git, const char *rev,
    const char *path, struct panel_err *err)
{
	git_object *obj = NULL, *tree = NULL;
	int rc = 0;

	*out = NULL;
	if (git_revparse_single(&obj, git->repo, rev) < 0 ||
	    git_object_peel(&tree, obj, GIT_OBJECT_TREE) < 0)
		rc = git_fail(err, PANEL_EINPUT, path, "no revision '%s'", rev);
	else if (git_tree_entry_bypath(out, (git_tree *)tree, path) < 0)
		rc = panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "no such file in '%s'", rev);
	else if (git_tree_entry_type(*out) != GIT_OBJECT_BLOB)
		rc = panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "not a file in '%s'", rev);
	git_object_free(tree);
	git_object_free(obj);
	return rc;
}

int
panel_git_read(struct panel_buf *out, struct panel_git *git, const char *rev,
    const char *path, struct panel_err *err)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc;

	if ((rc = lookup_entry(&e, git, rev, path, err)) < 0)
		goto done;
	if (git_blob_lookup(&blob, git->repo, git_tree_entry_id(e)) < 0) {
		rc = git_fail(err, PANEL_EGIT, path, "cannot read '%s'", rev);
		goto done;
	}
	panel_buf_add(
	    out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return rc;
}

/* 1 if path is the same (absent, or same id and mode) in a and b. */
static int
same_entry(git_commit *a, git_commit *b, const char *path)
{
	git_tree *ta = NULL, *tb = NULL;
	git_oid ia, ib;
	unsigned ma = 0, mb = 0;
	int fa = 0, fb = 0;

	if (git_commit_tree(&ta, a) == 0)
		fa = tree_entry(&ia, &ma, ta, path);
	if (b != NULL && git_commit_tree(&tb, b) == 0)
		fb = tree_entry(&ib, &mb, tb, path);
	git_tree_free(tb);
	git_tree_free(ta);
	if (fa != fb)
		return 0;
	return !fa || (ma == mb && git_oid_equal(&ia, &ib));
}

/*
 * 1 if commit c changed path: a root commit that holds it, or one that
 * differs from every parent (a merge taking a side's version did not).
 */
static int
touches(git_commit *c, const char *path)
{
	unsigned i, n = git_commit_parentcount(c);
	git_commit *p;
	int same;

	if (n == 0)
		return !same_entry(c, NULL, path);
	for (i = 0; i < n; i++) {
		if (git_commit_parent(&p, c, i) < 0)
			return 1;
		same = same_entry(c, p, path);
		git_commit_free(p);
		if (same)
			return 0;
	}
	return 1;
}

static int
report(git_commit *c, int (*fn)(const struct panel_git_commit *, void *),
    void *ctx)
{
	char hex[PANEL_OID_HEX + 1];
	const git_signature *a = git_commit_author(c);
	struct panel_git_commit pc;
	const char *summary = git_commit_summary(c);

	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	pc.id = hex;
	pc.author = a->name;
	pc.email = a->email;
	pc.time = (long long)a->when.time;
	pc.offset = a->when.offset;
	pc.summary = summary ? summary : "";
	return fn(&pc, ctx);
}

/* path without trailing slashes, checked; NULL for the whole tree. */
static int
log_path(char **out, const char *path, struct panel_err *err)
{
	size_t n;

	*out = NULL;
	if (path == NULL)
		return 0;
	n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n == 0 || (n == 1 && path[0] == '.'))
		return 0;
	*out = panel_xstrndup(path, n);
	if (panel_fs_check_path(*out, err) < 0) {
		free(*out);
		*out = NULL;
		return PANEL_EINPUT;
	}
	return 0;
}

static int
start_walk(git_revwalk **out, git_repository *repo, struct panel_err *err)
{
	int rc;

	if (git_revwalk_new(out, repo) < 0 ||
	    git_revwalk_sorting(*out, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0)
		return git_fail(
		    err, PANEL_EGIT, NULL, "cannot walk the history");
	rc = git_revwalk_push_head(*out);
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 1;
	if (rc < 0)
		return git_fail(
		    err, PANEL_EGIT, NULL, "cannot walk the history");
	return 0;
}

int
panel_git_log(struct panel_git *git, const char *path,
    int (*fn)(const struct panel_git_commit *c, void *ctx), void *ctx,
    struct panel_err *err)
{
	git_revwalk *walk = NULL;
	git_commit *c;
	char *p = NULL;
	git_oid id;
	int rc;

	if ((rc = log_path(&p, path, err)) < 0)
		return rc;
	if ((rc = start_walk(&walk, git->repo, err)) != 0) {
		rc = rc > 0 ? 0 : rc; /* 1: an unborn branch has no history */
		goto done;
	}
	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		if (git_commit_lookup(&c, git->repo, &id) < 0) {
			rc = git_fail(
			    err, PANEL_EGIT, NULL, "cannot read a commit");
			goto done;
		}
		rc = p == NULL || touches(c, p) ? report(c, fn, ctx) : 0;
		git_commit_free(c);
		if (rc != 0)
			goto done; /* fn's answer, returned as it is */
	}
	if (rc == GIT_ITEROVER)
		rc = 0;
	else
		rc = git_fail(err, PANEL_EGIT, NULL, "cannot walk the history");
done:
	git_revwalk_free(walk);
	free(p);
	return rc;
}

/* Added for panel-sample: ancestry and work tree checks. */

static int
parse_id(git_oid *id, const char *hex, struct panel_err *err)
{
	if (strlen(hex) != PANEL_OID_HEX || git_oid_fromstr(id, hex) < 0)
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "'%.48s' is not a commit id", hex);
	return 0;
}

int
panel_git_is_ancestor(struct panel_git *git, const char *ancestor,
    const char *descendant, struct panel_err *err)
{
	git_oid a, d;
	int rc;

	if ((rc = parse_id(&a, ancestor, err)) < 0 ||
	    (rc = parse_id(&d, descendant, err)) < 0)
		return rc;
	rc = git_graph_descendant_of(git->repo, &d, &a);
	if (rc < 0)
		return git_fail(err, PANEL_EGIT, NULL,
		    "cannot compare the ancestry of two commits");
	return rc;
}

int
panel_git_parents(struct panel_git *git, const char *id, struct panel_err *err)
{
	git_commit *c = NULL;
	git_oid oid;
	int rc;

	if ((rc = parse_id(&oid, id, err)) < 0)
		return rc;
	if (git_commit_lookup(&c, git->repo, &oid) < 0)
		return git_fail(
		    err, PANEL_EGIT, NULL, "cannot read commit %.12s", id);
	rc = (int)git_commit_parentcount(c);
	git_commit_free(c);
	return rc;
}

int
panel_git_unchanged(
    struct panel_git *git, const char *path, struct panel_err *err)
{
	unsigned flags = 0;
	int rc = git_status_file(&flags, git->repo, path);

	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return git_fail(err, PANEL_EGIT, path, "cannot get the status");
	return flags == GIT_STATUS_CURRENT;
}
