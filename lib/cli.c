#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

int
panel_cli_number(long long *out, const char *prog, const char *opt,
    const char *arg, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (arg[0] == '\0' || *end != '\0' || errno == ERANGE || v < min ||
	    v > max) {
		fprintf(stderr,
		    "%s: option %s: '%s' is not a whole number from %lld to "
		    "%lld\n",
		    prog, opt, arg, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
panel_cli_fail(const char *prog, const struct panel_err *err)
{
	panel_err_print(prog, err);
	return panel_err_exit(err->code);
}

int
panel_cli_exit(const char *prog, int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write standard output: %s\n", prog,
		    strerror(errno));
		return PANEL_EXIT_FAIL;
	}
	return status;
}
