#include "stream.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "fs.h"

#include "banned.h"

#define BLOCK (256 * 1024)
#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static int
io_error(struct panel_err *err, const char *path, const char *what)
{
	return panel_err_set(
	    err, PANEL_EIO, path, 0, 0, "cannot %s: %s", what, strerror(errno));
}

static int
open_error(struct panel_err *err, const char *path)
{
	if (errno == ENOENT)
		return panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "no such file");
	if (errno == ELOOP || errno == ENOTDIR)
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "a symbolic link or non-folder is in the way: refusing "
		    "to follow it");
	return io_error(err, path, "open");
}

/*
 * Opens the folder holding path's last component (named *base), one
 * component at a time so that none can be a link.
 */
static int
open_parent(const char *root, const char *path, const char **base,
    struct panel_err *err)
{
	char name[NAME_MAX + 1];
	const char *at = path, *slash;
	size_t n;
	int dfd, fd;

	if ((dfd = open(root, DIR_FLAGS)) < 0)
		return open_error(err, root);
	while ((slash = strchr(at, '/')) != NULL) {
		n = (size_t)(slash - at);
		if (n > NAME_MAX) {
			close(dfd);
			return panel_err_set(
			    err, PANEL_EINPUT, path, 0, 0, "name too long");
		}
		memcpy(name, at, n);
		name[n] = '\0';
		fd = openat(dfd, name, DIR_FLAGS);
		close(dfd);
		if (fd < 0)
			return open_error(err, path);
		dfd = fd;
		at = slash + 1;
	}
	*base = at;
	return dfd;
}

static int
open_in(const char *root, const char *path, struct panel_err *err)
{
	const char *base;
	struct stat st;
	int dfd, fd, rc;

	if ((rc = panel_fs_check_path(path, err)) < 0)
		return rc;
	if ((dfd = open_parent(root, path, &base, err)) < 0)
		return dfd;
	fd = openat(dfd, base,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		return open_error(err, path);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "not a regular file");
	}
	return fd;
}

int
panel_stream_open(const char *root, const char *path, struct panel_err *err)
{
	return open_in(root, path, err);
}

static ssize_t
read_some(int fd, char *buf, size_t size)
{
	ssize_t n;

	do
		n = read(fd, buf, size);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Passes fd's blocks to fn; path names it in messages. */
static int
pump(int fd, const char *path, panel_stream_fn fn, void *ctx, int out,
    struct panel_err *err)
{
	char *block = panel_xmalloc(BLOCK);
	ssize_t n, w;
	size_t done;
	int rc = 0;

	while ((n = read_some(fd, block, BLOCK)) > 0) {
		for (done = 0; out >= 0 && done < (size_t)n; done += (size_t)w)
			if ((w = write(out, block + done, (size_t)n - done)) <
			    0) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				rc = io_error(err, path, "write");
				goto done;
			}
		if (fn != NULL && (rc = fn(block, (size_t)n, ctx, err)) != 0)
			goto done;
	}
	if (n < 0)
		rc = io_error(err, path, "read");
done:
	free(block);
	return rc;
}

int
panel_stream_read(const char *root, const char *path, panel_stream_fn fn,
    void *ctx, struct panel_err *err)
{
	int fd, rc;

	if ((fd = open_in(root, path, err)) < 0)
		return fd;
	rc = pump(fd, path, fn, ctx, -1, err);
	close(fd);
	return rc;
}

struct lines {
	struct panel_buf carry;
	panel_stream_fn block;
	size_t max;
	unsigned lineno;
	const char *path;
	int (*fn)(const char *, size_t, unsigned, void *, struct panel_err *);
	void *ctx;
};

static int
too_long(struct lines *l, struct panel_err *err)
{
	return panel_err_set(err, PANEL_EINPUT, l->path, l->lineno + 1, 0,
	    "line longer than %zu bytes", l->max);
}

static int
split(const void *data, size_t len, void *ctx, struct panel_err *err)
{
	struct lines *l = ctx;
	const char *s = data, *nl;
	size_t n;
	int rc;

	if (l->block != NULL && (rc = l->block(data, len, l->ctx, err)) != 0)
		return rc;
	while (len > 0) {
		nl = memchr(s, '\n', len);
		n = nl ? (size_t)(nl - s) : len;
		if (l->carry.len + n > l->max)
			return too_long(l, err);
		if (nl == NULL) {
			panel_buf_add(&l->carry, s, n);
			return 0;
		}
		l->lineno++;
		if (l->carry.len > 0) {
			panel_buf_add(&l->carry, s, n);
			rc = l->fn(
			    l->carry.buf, l->carry.len, l->lineno, l->ctx, err);
			panel_buf_reset(&l->carry);
		} else {
			rc = l->fn(s, n, l->lineno, l->ctx, err);
		}
		if (rc != 0)
			return rc;
		s += n + 1;
		len -= n + 1;
	}
	return 0;
}

int
panel_stream_lines(const char *root, const char *path, size_t max,
    panel_stream_fn block,
    int (*fn)(const char *line, size_t len, unsigned lineno, void *ctx,
        struct panel_err *err),
    void *ctx, struct panel_err *err)
{
	struct lines l = {PANEL_BUF_INIT, block, max, 0, path, fn, ctx};
	int rc = panel_stream_read(root, path, split, &l, err);

	if (rc == 0 && l.carry.len > 0)
		rc = panel_err_set(err, PANEL_EINPUT, path, l.lineno + 1, 0,
		    "last line does not end with a newline");
	panel_buf_release(&l.carry);
	return rc;
}

/* Creates a fresh temp file beside base, never reusing one. */
static int
make_temp(char *tmp, size_t size, int dfd, const char *base, const char *path,
    struct panel_err *err)
{
	static unsigned counter;
	int fd, i;

	for (i = 0; i < 100; i++) {
		snprintf(tmp, size, ".%.200s.tmp.%ld.%u", base, (long)getpid(),
		    counter++);
		fd = openat(dfd, tmp,
		    O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0)
		return io_error(err, path, "create a temporary file");
	return fd;
}

/* Checks path and makes the folders above it. */
static int
make_parents(const char *root, const char *path, struct panel_err *err)
{
	struct panel_buf dir = PANEL_BUF_INIT;
	const char *slash = strrchr(path, '/');
	int rc;

	if ((rc = panel_fs_check_path(path, err)) < 0 || slash == NULL)
		return rc;
	panel_buf_add(&dir, path, (size_t)(slash - path));
	rc = panel_fs_mkdirs(root, dir.buf, err);
	panel_buf_release(&dir);
	return rc;
}

struct panel_stream_out {
	int dfd, fd;
	char tmp[NAME_MAX + 1];
	const char *base;
	char *path;
	struct panel_buf pending;
};

int
panel_stream_out_open(struct panel_stream_out **out, const char *root,
    const char *path, struct panel_err *err)
{
	struct panel_stream_out *w;
	int rc;

	*out = NULL;
	if ((rc = make_parents(root, path, err)) < 0)
		return rc;
	w = panel_xcalloc(1, sizeof(*w));
	w->path = panel_xstrdup(path);
	panel_buf_init(&w->pending, BLOCK);
	if ((w->dfd = open_parent(root, w->path, &w->base, err)) < 0) {
		rc = w->dfd;
		w->fd = -1;
		panel_stream_out_abort(w);
		return rc;
	}
	if ((w->fd = make_temp(
	         w->tmp, sizeof(w->tmp), w->dfd, w->base, path, err)) < 0) {
		rc = w->fd;
		w->tmp[0] = '\0'; /* not ours */
		panel_stream_out_abort(w);
		return rc;
	}
	*out = w;
	return 0;
}

static int
flush_out(struct panel_stream_out *w, struct panel_err *err)
{
	size_t done = 0;
	ssize_t n;

	while (done < w->pending.len) {
		n = write(w->fd, w->pending.buf + done, w->pending.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return io_error(err, w->path, "write");
		done += (size_t)n;
	}
	panel_buf_reset(&w->pending);
	return 0;
}

int
panel_stream_out_write(struct panel_stream_out *w, const void *data, size_t len,
    struct panel_err *err)
{
	panel_buf_add(&w->pending, data, len);
	return w->pending.len >= BLOCK ? flush_out(w, err) : 0;
}

int
panel_stream_out_copy(struct panel_stream_out *w, const char *src,
    panel_stream_fn fn, void *ctx, struct panel_err *err)
{
	int in, rc;

	if ((rc = flush_out(w, err)) < 0)
		return rc;
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return panel_err_set(err, PANEL_EINPUT, src, 0, 0,
		    "cannot open: %s", strerror(errno));
	rc = pump(in, src, fn, ctx, w->fd, err);
	close(in);
	return rc;
}

int
panel_stream_out_sync(struct panel_stream_out *w, struct panel_err *err)
{
	int rc = flush_out(w, err);

	if (rc == 0 && fsync(w->fd) != 0)
		rc = io_error(err, w->path, "sync");
	return rc;
}

int
panel_stream_out_close(struct panel_stream_out *w, struct panel_err *err)
{
	int rc = panel_stream_out_sync(w, err);

	if (close(w->fd) != 0 && rc == 0)
		rc = io_error(err, w->path, "close");
	w->fd = -1;
	if (rc == 0 && renameat(w->dfd, w->tmp, w->dfd, w->base) != 0)
		rc = io_error(err, w->path, "rename the temporary file");
	if (rc == 0) {
		w->tmp[0] = '\0';
		if (fsync(w->dfd) != 0)
			rc = io_error(err, w->path, "sync its folder");
	}
	panel_stream_out_abort(w);
	return rc;
}

void
panel_stream_out_abort(struct panel_stream_out *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->dfd >= 0 && w->tmp[0] != '\0')
		unlinkat(w->dfd, w->tmp, 0);
	if (w->dfd >= 0)
		close(w->dfd);
	panel_buf_release(&w->pending);
	free(w->path);
	free(w);
}
