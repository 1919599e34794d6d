#include "repo.h"

#include <stdlib.h>

#include "banned.h"

int
panel_repo_find(struct panel_repo **out, const char *dir, struct panel_err *err)
{
	*out = NULL;
	return panel_err_set(err, PANEL_EIO, dir, 0, 0, "not written yet");
}

int
panel_repo_lock(struct panel_repo *repo, unsigned wait, struct panel_err *err)
{
	(void)repo;
	(void)wait;
	return panel_err_set(err, PANEL_EIO, NULL, 0, 0, "not written yet");
}

int
panel_repo_commit(struct panel_repo *repo, const char *cmd,
    const char *const paths[], size_t npaths, struct panel_err *err,
    const char *fmt, ...)
{
	(void)repo;
	(void)cmd;
	(void)paths;
	(void)npaths;
	(void)fmt;
	return panel_err_set(err, PANEL_EIO, NULL, 0, 0, "not written yet");
}

void
panel_repo_free(struct panel_repo *repo)
{
	if (repo == NULL)
		return;
	panel_git_free(repo->git);
	free(repo->root);
	free(repo);
}

int
panel_repo_check_id(const char *what, const char *id, struct panel_err *err)
{
	(void)what;
	(void)id;
	(void)err;
	return 0;
}

int
panel_repo_check_date(const char *what, const char *date, struct panel_err *err)
{
	(void)what;
	(void)date;
	(void)err;
	return 0;
}
