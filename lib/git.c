#include "git.h"

#include <git2.h>

#include "banned.h"

int
panel_git_open(struct panel_git **out, const char *root, struct panel_err *err)
{
	*out = NULL;
	return panel_err_set(err, PANEL_EGIT, root, 0, 0, "not written yet");
}

int
panel_git_init(struct panel_git **out, const char *root, struct panel_err *err)
{
	*out = NULL;
	return panel_err_set(err, PANEL_EGIT, root, 0, 0, "not written yet");
}

void
panel_git_free(struct panel_git *git)
{
	(void)git;
}

int
panel_git_head(
    char out[PANEL_OID_HEX + 1], struct panel_git *git, struct panel_err *err)
{
	(void)git;
	out[0] = '\0';
	return panel_err_set(err, PANEL_EGIT, NULL, 0, 0, "not written yet");
}

int
panel_git_commit(char out[PANEL_OID_HEX + 1], struct panel_git *git,
    const char *const paths[], size_t npaths, const char *message,
    const char *expect, struct panel_err *err)
{
	(void)git;
	(void)paths;
	(void)npaths;
	(void)message;
	(void)expect;
	out[0] = '\0';
	return panel_err_set(err, PANEL_EGIT, NULL, 0, 0, "not written yet");
}

int
panel_git_read(struct panel_buf *out, struct panel_git *git, const char *rev,
    const char *path, struct panel_err *err)
{
	(void)out;
	(void)git;
	(void)rev;
	return panel_err_set(err, PANEL_EGIT, path, 0, 0, "not written yet");
}

int
panel_git_log(struct panel_git *git, const char *path,
    int (*fn)(const struct panel_git_commit *c, void *ctx), void *ctx,
    struct panel_err *err)
{
	(void)git;
	(void)path;
	(void)fn;
	(void)ctx;
	return panel_err_set(err, PANEL_EGIT, NULL, 0, 0, "not written yet");
}
