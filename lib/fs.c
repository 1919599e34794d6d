#include "fs.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"

#include "banned.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* How often a temp name is tried before giving up. */
#define TEMP_TRIES 100

void
panel_fs_umask(void)
{
	umask(077);
}

static int
bad_path(struct panel_err *err, const char *path, const char *why)
{
	return panel_err_set(
	    err, PANEL_EINPUT, path, 0, 0, "not a safe relative path: %s", why);
}

int
panel_fs_check_path(const char *path, struct panel_err *err)
{
	const char *p, *end;
	size_t n;

	if (path == NULL || path[0] == '\0')
		return bad_path(err, NULL, "it is empty");
	if (path[0] == '/')
		return bad_path(err, path, "it is absolute");
	for (p = path;; p = end + 1) {
		end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0)
			return bad_path(err, path, "it has an empty component");
		if ((n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return bad_path(
			    err, path, "it has a '.' or '..' component");
		if (n > NAME_MAX)
			return bad_path(err, path, "a component is too long");
		if (*end == '\0')
			return 0;
	}
}

static int
io_error(struct panel_err *err, const char *path, const char *what)
{
	return panel_err_set(
	    err, PANEL_EIO, path, 0, 0, "cannot %s: %s", what, strerror(errno));
}

/*
 * Explains why openat() of name (the component of path that ends at
 * prefix) failed with errno e.  A link is named as such whatever errno
 * the kernel chose for it (ELOOP on Linux, EMLINK on FreeBSD).
 */
static int
open_error(struct panel_err *err, int dfd, const char *name, int e,
    const char *path, size_t prefix)
{
	struct stat st;
	int whole = path[prefix] == '\0';

	if (e == ENOENT)
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    whole ? "no such file" : "no such file ('%.*s' is missing)",
		    (int)prefix, path);
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    whole ? "is a symbolic link: refusing to follow it"
		          : "'%.*s' is a symbolic link: refusing to follow it",
		    (int)prefix, path);
	if (e == ENOTDIR)
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "'%.*s' is not a folder", (int)prefix, path);
	errno = e;
	return io_error(err, path, "open");
}

/*
 * Opens folder name in dfd without following a link; with create, makes
 * it (0700) first if it is missing, and syncs dfd so that the new entry
 * survives a crash.  *missing is set when it does not exist.
 */
static int
open_folder(int dfd, const char *name, int create, int *missing,
    const char *path, size_t prefix, struct panel_err *err)
{
	int fd, tries;

	for (tries = 0; tries < 3; tries++) {
		fd = openat(dfd, name, DIR_FLAGS);
		if (fd >= 0)
			return fd;
		if (errno != ENOENT || !create)
			break;
		if (mkdirat(dfd, name, 0700) == 0) {
			if (fsync(dfd) != 0)
				return io_error(err, path, "sync a folder");
		} else if (errno != EEXIST) {
			return io_error(err, path, "make a folder");
		}
	}
	if (errno == ENOENT && missing != NULL)
		*missing = 1;
	return open_error(err, dfd, name, errno, path, prefix);
}

static int
open_root(const char *root, struct panel_err *err)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENOTDIR)
		return panel_err_set(
		    err, PANEL_EINPUT, root, 0, 0, "no such folder");
	return io_error(err, root, "open");
}

/*
 * Opens root/path[0..len) one folder at a time from an fd of the root, so
 * that no component can be a link.  Returns the folder's fd or a negative
 * PANEL_E*; path must have passed panel_fs_check_path().
 */
static int
walk(const char *root, const char *path, size_t len, int create, int *missing,
    struct panel_err *err)
{
	char name[NAME_MAX + 1];
	size_t at = 0, n;
	int dfd, fd;
	const char *slash;

	if ((dfd = open_root(root, err)) < 0)
		return dfd;
	while (at < len) {
		slash = memchr(path + at, '/', len - at);
		n = slash ? (size_t)(slash - (path + at)) : len - at;
		memcpy(name, path + at, n);
		name[n] = '\0';
		fd = open_folder(dfd, name, create, missing, path, at + n, err);
		close(dfd);
		if (fd < 0)
			return fd;
		dfd = fd;
		at += n + 1;
	}
	return dfd;
}

/* Opens the folder that holds path's last component, named *base. */
static int
open_parent(const char *root, const char *path, int create, int *missing,
    const char **base, struct panel_err *err)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	return walk(root, path, slash ? (size_t)(slash - path) : 0, create,
	    missing, err);
}

/*
 * Appends fd's contents to out, refusing more than max bytes.  size is
 * what fstat() gave a regular file, 0 for anything else: once that much
 * is read the file is taken as read, without the read that would see its
 * end (a batch opens thousands).  out is left as it was on any error.
 */
static int
read_fd(struct panel_buf *out, int fd, const char *name, size_t max,
    size_t size, struct panel_err *err)
{
	size_t start = out->len, got = 0, want;
	ssize_t n;

	for (;;) {
		if (size > 0 && got == size)
			return 0;
		panel_buf_grow(out, size > 0 ? size - got + 1 : 8192);
		want = out->alloc - out->len - 1;
		/* Read one byte past max, to see that there is one. */
		if (max - got < want)
			want = max - got + 1;
		n = read(fd, out->buf + out->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			panel_buf_setlen(out, start);
			return io_error(err, name, "read");
		}
		if (n == 0)
			return 0;
		got += (size_t)n;
		panel_buf_setlen(out, out->len + (size_t)n);
		if (got > max) {
			panel_buf_setlen(out, start);
			return panel_err_set(err, PANEL_EINPUT, name, 0, 0,
			    "file is over %zu bytes", max);
		}
	}
}

static int
read_regular(struct panel_buf *out, unsigned *mode, int fd, const char *name,
    size_t max, struct panel_err *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return io_error(err, name, "stat");
	if (!S_ISREG(st.st_mode))
		return panel_err_set(
		    err, PANEL_EINPUT, name, 0, 0, "is not a regular file");
	if ((unsigned long long)st.st_size > max)
		return panel_err_set(err, PANEL_EINPUT, name, 0, 0,
		    "file is over %zu bytes", max);
	if (mode != NULL)
		*mode = (unsigned)(st.st_mode & 07777);
	return read_fd(out, fd, name, max, (size_t)st.st_size, err);
}

int
panel_fs_read(struct panel_buf *out, const char *root, const char *path,
    size_t max, struct panel_err *err)
{
	return panel_fs_read_mode(out, NULL, root, path, max, err);
}

int
panel_fs_read_mode(struct panel_buf *out, unsigned *mode, const char *root,
    const char *path, size_t max, struct panel_err *err)
{
	const char *base;
	int dfd, fd, rc;

	if ((rc = panel_fs_check_path(path, err)) < 0)
		return rc;
	if ((dfd = open_parent(root, path, 0, NULL, &base, err)) < 0)
		return dfd;
	/* O_NONBLOCK: opening a planted FIFO must not hang. */
	fd = openat(dfd, base,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		rc = open_error(err, dfd, base, errno, path, strlen(path));
		close(dfd);
		return rc;
	}
	close(dfd);
	rc = read_regular(out, mode, fd, path, max, err);
	close(fd);
	return rc;
}

int
panel_fs_read_path(
    struct panel_buf *out, const char *path, size_t max, struct panel_err *err)
{
	struct stat st;
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return read_fd(
		    out, STDIN_FILENO, "standard input", max, 0, err);
	fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "no such file");
	if (fd < 0)
		return io_error(err, path, "open");
	if (fstat(fd, &st) != 0)
		rc = io_error(err, path, "stat");
	else if (S_ISDIR(st.st_mode))
		rc = panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "is a folder, not a file");
	else if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max)
		rc = panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "file is over %zu bytes", max);
	else
		rc = read_fd(out, fd, path, max,
		    S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, err);
	close(fd);
	return rc;
}

static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Refuses to replace a link or anything but a regular file. */
static int
check_target(int dfd, const char *base, const char *path, struct panel_err *err)
{
	struct stat st;

	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : io_error(err, path, "stat");
	if (S_ISLNK(st.st_mode))
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "is a symbolic link: refusing to replace it");
	if (!S_ISREG(st.st_mode))
		return panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "is not a regular file");
	return 0;
}

/*
 * Creates a fresh temp file .BASE.tmp.PID.N beside base, never opening
 * one that is already there (or a link planted under its name).
 */
static int
make_temp(char *tmp, size_t size, int dfd, const char *base, const char *path,
    struct panel_err *err)
{
	static unsigned counter;
	int fd, i;

	for (i = 0; i < TEMP_TRIES; i++) {
		snprintf(tmp, size, ".%.200s.tmp.%ld.%u", base, (long)getpid(),
		    counter++);
		fd = openat(dfd, tmp,
		    O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			break;
	}
	tmp[0] = '\0';
	return io_error(err, path, "create a temporary file");
}

/*
 * Writes, gives mode (fchmod, which the umask does not cut), syncs and
 * closes fd; closes it also on failure.
 */
static int
fill_temp(int fd, const void *data, size_t len, unsigned mode, const char *path,
    struct panel_err *err)
{
	int rc = 0;

	if (write_all(fd, data, len) != 0)
		rc = io_error(err, path, "write");
	else if (mode != 0600 && fchmod(fd, (mode_t)mode) != 0)
		rc = io_error(err, path, "set the mode of");
	else if (fsync(fd) != 0)
		rc = io_error(err, path, "sync");
	if (close(fd) != 0 && rc == 0)
		rc = io_error(err, path, "close");
	return rc;
}

int
panel_fs_write(const char *root, const char *path, const void *data, size_t len,
    struct panel_err *err)
{
	return panel_fs_write_mode(root, path, data, len, 0600, err);
}

int
panel_fs_write_mode(const char *root, const char *path, const void *data,
    size_t len, unsigned mode, struct panel_err *err)
{
	char tmp[NAME_MAX + 1];
	const char *base;
	int dfd, fd, rc;

	if ((rc = panel_fs_check_path(path, err)) < 0)
		return rc;
	if ((dfd = open_parent(root, path, 1, NULL, &base, err)) < 0)
		return dfd;
	if ((rc = check_target(dfd, base, path, err)) < 0)
		goto done;
	if ((fd = rc = make_temp(tmp, sizeof(tmp), dfd, base, path, err)) < 0)
		goto done;
	if ((rc = fill_temp(fd, data, len, mode, path, err)) < 0)
		goto unlink;
	if (renameat(dfd, tmp, dfd, base) != 0) {
		rc = io_error(err, path, "rename the temporary file");
		goto unlink;
	}
	/* The rename is durable only once the folder is synced. */
	if (fsync(dfd) != 0)
		rc = io_error(err, path, "sync its folder");
	goto done;
unlink:
	unlinkat(dfd, tmp, 0);
done:
	close(dfd);
	return rc < 0 ? rc : 0;
}

int
panel_fs_mkdirs(const char *root, const char *path, struct panel_err *err)
{
	int fd, rc;

	if ((rc = panel_fs_check_path(path, err)) < 0)
		return rc;
	if ((fd = walk(root, path, strlen(path), 1, NULL, err)) < 0)
		return fd;
	close(fd);
	return 0;
}

/*
 * Opens the folder holding path's last component (*base) into *dfd, for
 * a caller to which a missing folder means a missing entry: *dfd is then
 * -1 and 0 is returned.
 */
static int
open_parent_if_any(int *dfd, const char *root, const char *path,
    const char **base, struct panel_err *err)
{
	int missing = 0, rc;

	*dfd = -1;
	if ((rc = panel_fs_check_path(path, err)) < 0)
		return rc;
	if ((rc = open_parent(root, path, 0, &missing, base, err)) >= 0)
		*dfd = rc;
	return rc < 0 && !missing ? rc : 0;
}

int
panel_fs_rmdir(const char *root, const char *path, struct panel_err *err)
{
	const char *base;
	int dfd, rc;

	if ((rc = open_parent_if_any(&dfd, root, path, &base, err)) < 0 ||
	    dfd < 0)
		return rc;
	if (unlinkat(dfd, base, AT_REMOVEDIR) != 0 && errno != ENOENT)
		rc = io_error(err, path, "remove the folder");
	close(dfd);
	return rc;
}

int
panel_fs_remove(const char *root, const char *path, struct panel_err *err)
{
	const char *base;
	int dfd, rc;

	if ((rc = open_parent_if_any(&dfd, root, path, &base, err)) < 0 ||
	    dfd < 0)
		return rc;
	if (unlinkat(dfd, base, 0) != 0 && errno != ENOENT)
		rc = io_error(err, path, "remove");
	/* The removal is durable only once the folder is synced. */
	else if (fsync(dfd) != 0)
		rc = io_error(err, path, "sync its folder");
	close(dfd);
	return rc;
}

int
panel_fs_exists(const char *root, const char *path)
{
	struct stat st;
	const char *base;
	int dfd, found;

	if (panel_fs_check_path(path, NULL) < 0)
		return 0;
	if ((dfd = open_parent(root, path, 0, NULL, &base, NULL)) < 0)
		return 0;
	found = fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0;
	close(dfd);
	return found;
}

void
panel_fs_note_missing(
    struct panel_strlist *made, const char *root, const char *path)
{
	struct panel_buf dir = PANEL_BUF_INIT;
	const char *slash;

	for (slash = strchr(path, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/')) {
		panel_buf_reset(&dir);
		panel_buf_add(&dir, path, (size_t)(slash - path));
		if (!panel_fs_exists(root, dir.buf) &&
		    !panel_strlist_has(made, dir.buf))
			panel_strlist_push(made, dir.buf);
	}
	panel_buf_release(&dir);
}

int
panel_fs_probe(const char *root, const char *path, struct panel_err *err)
{
	struct stat st;
	const char *base;
	int dfd, rc;

	if ((rc = open_parent_if_any(&dfd, root, path, &base, err)) < 0 ||
	    dfd < 0)
		return rc;
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0)
		rc = errno == ENOENT ? 0 : io_error(err, path, "stat");
	else if (S_ISLNK(st.st_mode))
		rc = panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "is a symbolic link: refusing to follow it");
	else if (!S_ISREG(st.st_mode))
		rc = panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "is not a regular file");
	else
		rc = 1;
	close(dfd);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the names in the open folder fd, which it closes. */
static int
read_names(char ***out, int fd, const char *path, struct panel_err *err)
{
	char **list = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	int rc = 0;
	DIR *d;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return io_error(err, path, "read the folder");
	}
	/* The list is kept NULL-terminated, for panel_fs_list_free(). */
	PANEL_GROW(list, 1, alloc);
	list[0] = NULL;
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		PANEL_GROW(list, n + 2, alloc);
		list[n++] = panel_xstrdup(de->d_name);
		list[n] = NULL;
	}
	if (errno != 0)
		rc = io_error(err, path, "read the folder");
	closedir(d);
	if (rc < 0) {
		panel_fs_list_free(list);
		return rc;
	}
	qsort(list, n, sizeof(*list), cmp_names);
	*out = list;
	return 0;
}

int
panel_fs_list(
    char ***out, const char *root, const char *path, struct panel_err *err)
{
	int fd, missing = 0, rc;

	*out = NULL;
	if (path[0] != '\0' && (rc = panel_fs_check_path(path, err)) < 0)
		return rc;
	fd = walk(root, path, strlen(path), 0, &missing, err);
	if (fd < 0 && missing) {
		*out = panel_xcalloc(1, sizeof(**out));
		return 0;
	}
	if (fd < 0)
		return fd;
	return read_names(out, fd, path[0] ? path : ".", err);
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
