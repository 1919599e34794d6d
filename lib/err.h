#ifndef PANEL_ERR_H
#define PANEL_ERR_H

/*
 * Errors as values, in the manner of jansson's json_error_t: every fallible
 * lib/ function returns 0 or a negative PANEL_E* code and fills the
 * caller's struct panel_err with where and what went wrong.  lib/ never
 * prints and never exits (except out of memory, see alloc.h).
 */

#include <stdarg.h>
#include <stddef.h>

enum panel_errcode {
	PANEL_OK = 0,
	PANEL_ENO = -1,    /* the check ran and the answer is no: exit 1 */
	PANEL_EUSAGE = -2, /* the call itself is wrong: exit 2 */
	PANEL_EINPUT = -3, /* a file, record or value is wrong: exit 3 */
	PANEL_EIO = -4,    /* I/O failed: exit 4 */
	PANEL_EBUSY = -5,  /* another writer holds the repository: exit 4 */
	PANEL_EGIT = -6,   /* git could not do it: exit 4 */
};

/* Exit statuses shared by every command (see panel(7)). */
enum panel_exit {
	PANEL_EXIT_OK = 0,
	PANEL_EXIT_NO = 1,
	PANEL_EXIT_USAGE = 2,
	PANEL_EXIT_INPUT = 3,
	PANEL_EXIT_FAIL = 4,
};

#define PANEL_ERR_FILE 256
#define PANEL_ERR_MSG 512

/*
 * Where and what.  file is empty when no file is involved; line and column
 * are 1-based and 0 when unknown.
 */
struct panel_err {
	int code;
	char file[PANEL_ERR_FILE];
	unsigned line;
	unsigned column;
	char msg[PANEL_ERR_MSG];
};

#define PANEL_ERR_INIT                                                         \
	{                                                                      \
		0, "", 0, 0, ""                                                \
	}

#ifdef __GNUC__
#define PANEL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PANEL_NORETURN __attribute__((noreturn))
#else
#define PANEL_PRINTF(f, a)
#define PANEL_NORETURN
#endif

/*
 * Fills err (which may be NULL) and returns code, so that callers can write
 * "return panel_err_set(err, PANEL_EINPUT, file, line, col, ...)".  file
 * may be NULL.  Long messages are cut, never overrun.
 */
int panel_err_set(struct panel_err *err, int code, const char *file,
    unsigned line, unsigned column, const char *fmt, ...) PANEL_PRINTF(6, 7);
int panel_err_vset(struct panel_err *err, int code, const char *file,
    unsigned line, unsigned column, const char *fmt, va_list ap)
    PANEL_PRINTF(6, 0);

/* Puts "context: " in front of err's message, keeping the location. */
void panel_err_prefix(struct panel_err *err, const char *fmt, ...)
    PANEL_PRINTF(2, 3);

/* Appends fmt's text to err's message, keeping the rest; cut as above. */
void panel_err_append(struct panel_err *err, const char *fmt, ...)
    PANEL_PRINTF(2, 3);

/* The exit status that a command returns for code. */
int panel_err_exit(int code);

/*
 * Formats err as "file:line:col: msg" (the parts that are known) into buf
 * of size len; returns buf.
 */
const char *panel_err_format(
    const struct panel_err *err, char *buf, size_t len);

/* Prints "prog: file:line:col: msg" on stderr; for cmd/ only. */
void panel_err_print(const char *prog, const struct panel_err *err);

#endif
