#ifndef PANEL_TESTLIB_H
#define PANEL_TESTLIB_H

/*
 * What the unit tests share: running a shell command (plain git, python3,
 * ls) to check a result independently, and removing a test's folder.
 * Include after <cmocka.h>.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "err.h"

/* Runs a shell command; its exit status, or -1 if it did not exit. */
static inline int PANEL_PRINTF(1, 2) test_sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * A shell command's output without its final newline, in a static buffer
 * that the next call overwrites.
 */
static inline char *PANEL_PRINTF(1, 2) test_out(const char *fmt, ...)
{
	static char text[16384];
	char cmd[8192];
	va_list ap;
	size_t n;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_non_null(p = popen(cmd, "r"));
	n = fread(text, 1, sizeof(text) - 1, p);
	text[n] = '\0';
	pclose(p);
	if (n > 0 && text[n - 1] == '\n')
		text[n - 1] = '\0';
	return text;
}

/* Removes dir and everything in it, even what a test made read-only. */
static inline int
test_rmrf(const char *dir)
{
	int st =
	    test_sh("chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", dir, dir);

	return st == 0 ? 0 : -1;
}

/*
 * A cmocka setup and teardown giving each test a fresh folder of its own,
 * its path in *state, removed afterwards.
 */
static inline int
test_tmpdir_setup(void **state)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/panel-unit.XXXXXX");
	*state = dir;
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static inline int
test_tmpdir_teardown(void **state)
{
	return test_rmrf(*state);
}

#endif
