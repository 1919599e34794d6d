/*
 * panel: the front end.  "panel NAME ARGS..." runs panel-NAME ARGS..., found
 * first beside this program and then on PATH, as git runs its commands.
 * Options before NAME (-C DIR) are passed on to the command.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "err.h"
#include "fs.h"
#include "banned.h"

static const char *const commands[][2] = {
    {"check", "validate every record and cross-reference"},
    {"init", "create a case repository"},
    {"log", "list the history of records"},
    {"redact", "remove personal data from correspondence"},
    {"sample", "fix the population and draw a verifiable dip sample"},
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: panel [-h] [-C dir] command [args ...]\n");
	if (f != stdout)
		return;
	fprintf(f, "\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i][0], commands[i][1]);
	fprintf(f, "\nSee panel(7) and panel-COMMAND(1).\n");
}

/* The folder this program was run from, for finding its siblings. */
static void
self_dir(struct panel_buf *out, const char *argv0)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	const char *slash;

	if (n > 0) {
		path[n] = '\0';
		argv0 = path;
	} else if (strchr(argv0, '/') == NULL) {
		return;
	}
	slash = strrchr(argv0, '/');
	panel_buf_add(out, argv0, (size_t)(slash - argv0));
}

static int
run(const char *name, char **argv, const char *argv0)
{
	struct panel_buf prog = PANEL_BUF_INIT, path = PANEL_BUF_INIT;

	panel_buf_addf(&prog, "panel-%s", name);
	self_dir(&path, argv0);
	if (path.len) {
		panel_buf_addf(&path, "/%s", prog.buf);
		if (access(path.buf, X_OK) == 0) {
			argv[0] = path.buf;
			execv(path.buf, argv);
		}
	}
	argv[0] = prog.buf;
	execvp(prog.buf, argv);
	fprintf(stderr, "panel: '%s' is not a panel command (%s)\n", name,
	    errno == ENOENT ? "no such program" : strerror(errno));
	panel_buf_release(&path);
	panel_buf_release(&prog);
	return errno == ENOENT ? PANEL_EXIT_USAGE : PANEL_EXIT_FAIL;
}

int
main(int argc, char **argv)
{
	const char *dir = NULL;
	char **args;
	int i, first = 1, n = 0;

	panel_fs_umask();
	while (first < argc && argv[first][0] == '-') {
		if (strcmp(argv[first], "-h") == 0 ||
		    strcmp(argv[first], "--help") == 0) {
			usage(stdout);
			return fflush(stdout) || ferror(stdout)
			           ? PANEL_EXIT_FAIL
			           : PANEL_EXIT_OK;
		}
		if (strcmp(argv[first], "-C") == 0 && first + 1 < argc) {
			dir = argv[first + 1];
			first += 2;
			continue;
		}
		usage(stderr);
		return PANEL_EXIT_USAGE;
	}
	if (first >= argc || strchr(argv[first], '/') != NULL) {
		usage(stderr);
		return PANEL_EXIT_USAGE;
	}
	args = panel_xcalloc((size_t)argc + 3, sizeof(*args));
	args[n++] = NULL; /* replaced by the program's path */
	if (dir != NULL) {
		args[n++] = "-C";
		args[n++] = (char *)dir;
	}
	for (i = first + 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	i = run(argv[first], args, argv[0]);
	free(args);
	return i;
}
