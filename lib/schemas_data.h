#ifndef PANEL_SCHEMAS_DATA_H
#define PANEL_SCHEMAS_DATA_H

#include <stddef.h>

/* A JSON schema from schemas/, compiled in by schemas/embed.cmake. */
struct panel_schema_file {
	const char *name; /* file name, e.g. "member.json" */
	const char *data; /* NUL-terminated contents */
	size_t len;
};

/* Ends with an entry whose name is NULL. */
extern const struct panel_schema_file panel_schema_files[];

#endif
