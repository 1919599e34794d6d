#include "journal.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "fs.h"
#include "strlist.h"

#include "banned.h"

/* One path as it was before its first change. */
struct entry {
	char *path;
	int existed;
	unsigned mode;
	struct panel_buf old;
};

struct panel_journal {
	const char *root;
	size_t max;
	struct entry *v;
	size_t n, alloc;
	struct panel_strlist
	    made; /* folders missing before, shallowest first */
};

struct panel_journal *
panel_journal_new(const char *root, size_t max)
{
	struct panel_journal *j = panel_xcalloc(1, sizeof(*j));

	j->root = root;
	j->max = max;
	return j;
}

static int
noted(const struct panel_journal *j, const char *path)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (strcmp(j->v[i].path, path) == 0)
			return 1;
	return 0;
}

int
panel_journal_note(
    struct panel_journal *j, const char *path, struct panel_err *err)
{
	struct entry e = {NULL, 0, 0, PANEL_BUF_INIT};
	int rc;

	if (noted(j, path))
		return 0;
	if ((rc = panel_fs_probe(j->root, path, err)) < 0)
		return rc;
	e.existed = rc;
	if (e.existed && (rc = panel_fs_read_mode(&e.old, &e.mode, j->root,
	                      path, j->max, err)) < 0) {
		panel_buf_release(&e.old);
		return rc;
	}
	panel_fs_note_missing(&j->made, j->root, path);
	e.path = panel_xstrdup(path);
	PANEL_GROW(j->v, j->n + 1, j->alloc);
	j->v[j->n++] = e;
	return 0;
}

int
panel_journal_empty(const struct panel_journal *j)
{
	return j->n == 0 && j->made.n == 0;
}

void
panel_journal_clear(struct panel_journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		free(j->v[i].path);
		panel_buf_release(&j->v[i].old);
	}
	j->n = 0;
	panel_strlist_release(&j->made);
}

static int
put_back(
    const struct panel_journal *j, const struct entry *e, struct panel_err *err)
{
	if (!e->existed)
		return panel_fs_remove(j->root, e->path, err);
	return panel_fs_write_mode(
	    j->root, e->path, e->old.buf, e->old.len, e->mode, err);
}

/*
 * Removes folder dir if it is empty.  One that is not was not emptied by
 * the restore (a file put there since): it stays, and that is no failure.
 */
static int
remove_if_empty(
    const struct panel_journal *j, const char *dir, struct panel_err *err)
{
	char **list;
	int rc;

	if ((rc = panel_fs_list(&list, j->root, dir, err)) < 0)
		return rc;
	if (list[0] == NULL)
		rc = panel_fs_rmdir(j->root, dir, err);
	panel_fs_list_free(list);
	return rc;
}

/* Counts a failed step; the first one's error is the one kept. */
static void
tally(size_t *nfailed, struct panel_err *failed, const struct panel_err *step)
{
	if ((*nfailed)++ == 0 && failed != NULL)
		*failed = *step;
}

size_t
panel_journal_restore(struct panel_journal *j, struct panel_err *failed)
{
	struct panel_err step = PANEL_ERR_INIT;
	size_t i, nfailed = 0;

	for (i = j->n; i-- > 0;)
		if (put_back(j, &j->v[i], &step) < 0)
			tally(&nfailed, failed, &step);
	for (i = j->made.n; i-- > 0;)
		if (remove_if_empty(j, j->made.v[i], &step) < 0)
			tally(&nfailed, failed, &step);
	panel_journal_clear(j);
	return nfailed;
}

void
panel_journal_free(struct panel_journal *j)
{
	if (j == NULL)
		return;
	panel_journal_clear(j);
	free(j->v);
	free(j);
}
