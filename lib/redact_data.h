#ifndef PANEL_REDACT_DATA_H
#define PANEL_REDACT_DATA_H

#include <stddef.h>

/*
 * A data file of lib/ compiled in by lib/embed-data.cmake: the default
 * rules (redact-rules.yaml) and the name lists (names-*.txt).
 */
struct panel_redact_file {
	const char *name;
	const char *data; /* NUL-terminated contents */
	size_t len;
};

/* Ends with an entry whose name is NULL. */
extern const struct panel_redact_file panel_redact_files[];

/* The file called name, or NULL. */
const struct panel_redact_file *panel_redact_file(const char *name);

#endif
