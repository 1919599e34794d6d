#include "err.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

int
panel_err_vset(struct panel_err *err, int code, const char *file, unsigned line,
    unsigned column, const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int
panel_err_set(struct panel_err *err, int code, const char *file, unsigned line,
    unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panel_err_vset(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

void
panel_err_prefix(struct panel_err *err, const char *fmt, ...)
{
	char head[PANEL_ERR_MSG], both[2 * PANEL_ERR_MSG + 2];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	snprintf(both, sizeof(both), "%s: %s", head, err->msg);
	/* Cut at the message size, as panel_err_set() does. */
	both[sizeof(err->msg) - 1] = '\0';
	memcpy(err->msg, both, sizeof(err->msg));
}

void
panel_err_append(struct panel_err *err, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	if (err == NULL)
		return;
	len = strlen(err->msg);
	va_start(ap, fmt);
	vsnprintf(err->msg + len, sizeof(err->msg) - len, fmt, ap);
	va_end(ap);
}

int
panel_err_exit(int code)
{
	switch (code) {
	case PANEL_OK:
		return PANEL_EXIT_OK;
	case PANEL_ENO:
		return PANEL_EXIT_NO;
	case PANEL_EUSAGE:
		return PANEL_EXIT_USAGE;
	case PANEL_EINPUT:
		return PANEL_EXIT_INPUT;
	default:
		return PANEL_EXIT_FAIL;
	}
}

const char *
panel_err_format(const struct panel_err *err, char *buf, size_t len)
{
	if (err->file[0] == '\0')
		snprintf(buf, len, "%s", err->msg);
	else if (err->line == 0)
		snprintf(buf, len, "%s: %s", err->file, err->msg);
	else if (err->column == 0)
		snprintf(buf, len, "%s:%u: %s", err->file, err->line, err->msg);
	else
		snprintf(buf, len, "%s:%u:%u: %s", err->file, err->line,
		    err->column, err->msg);
	return buf;
}

void
panel_err_print(const char *prog, const struct panel_err *err)
{
	char line[PANEL_ERR_FILE + PANEL_ERR_MSG + 32];

	fprintf(stderr, "%s: %s\n", prog,
	    panel_err_format(err, line, sizeof(line)));
}
