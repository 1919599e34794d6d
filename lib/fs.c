#include "fs.h"

#include <sys/stat.h>

#include <stdlib.h>

#include "banned.h"

/* A compiling first version; the real walk follows. */

void
panel_fs_umask(void)
{
	umask(077);
}

int
panel_fs_read(struct panel_buf *out, const char *root, const char *path,
    size_t max, struct panel_err *err)
{
	(void)out;
	(void)root;
	(void)max;
	return panel_err_set(err, PANEL_EIO, path, 0, 0, "not written yet");
}

int
panel_fs_read_path(
    struct panel_buf *out, const char *path, size_t max, struct panel_err *err)
{
	(void)out;
	(void)max;
	return panel_err_set(err, PANEL_EIO, path, 0, 0, "not written yet");
}

int
panel_fs_write(const char *root, const char *path, const void *data, size_t len,
    struct panel_err *err)
{
	(void)root;
	(void)data;
	(void)len;
	return panel_err_set(err, PANEL_EIO, path, 0, 0, "not written yet");
}

int
panel_fs_mkdirs(const char *root, const char *path, struct panel_err *err)
{
	(void)root;
	return panel_err_set(err, PANEL_EIO, path, 0, 0, "not written yet");
}

int
panel_fs_exists(const char *root, const char *path)
{
	(void)root;
	(void)path;
	return 0;
}

int
panel_fs_list(
    char ***out, const char *root, const char *path, struct panel_err *err)
{
	(void)out;
	(void)root;
	return panel_err_set(err, PANEL_EIO, path, 0, 0, "not written yet");
}

void
panel_fs_list_free(char **list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; list[i] != NULL; i++)
		free(list[i]);
	free(list);
}
