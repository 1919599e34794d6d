#ifndef PANEL_CLI_H
#define PANEL_CLI_H

/*
 * What every cmd/ program does the same way: bounds-checked numbers for
 * options, the one-line error format, and the final check of stdout.
 * These print (they are for cmd/ only) but never exit.
 */

#include "err.h"

/*
 * Parses arg, the value of option opt, as a whole number in [min, max].
 * On failure prints "PROG: option OPT: 'ARG' is not a whole number from MIN
 * to MAX" and returns -1; 0 on success.
 */
int panel_cli_number(long long *out, const char *prog, const char *opt,
    const char *arg, long long min, long long max);

/*
 * Prints err as "PROG: file:line:col: message" and returns the exit status
 * for its code.
 */
int panel_cli_fail(const char *prog, const struct panel_err *err);

/*
 * Flushes stdout and returns status, or 4 (after a message) if stdout could
 * not be written, so that "panel-x > /full/disk" does not exit 0.
 */
int panel_cli_exit(const char *prog, int status);

#endif
