#ifndef PANEL_SCHEMA_H
#define PANEL_SCHEMA_H

/*
 * A subset of JSON Schema 2020-12, enough for the record schemas in
 * schemas/, applied to YAML documents.  Keywords outside the subset make
 * the schema fail to load, so nothing is silently left unchecked.
 *
 * A plain YAML scalar has the type YAML 1.1 gives it (see doc.h), as
 * PyYAML gives it to python3-jsonschema, so that both agree: an unquoted
 * 2018-10-04 is a timestamp, not a string, and fails "type": "string".
 */

#include <stddef.h>

#include "doc.h"
#include "err.h"

struct panel_schema;

/*
 * Loads the schema compiled in under name (e.g. "member" for
 * schemas/member.json).  PANEL_EINPUT if there is none or it uses a keyword
 * outside the subset.
 */
int panel_schema_load(
    struct panel_schema **out, const char *name, struct panel_err *err);

/* Loads a schema from JSON text; file names it in messages. */
int panel_schema_parse(struct panel_schema **out, const char *file,
    const char *json, size_t len, struct panel_err *err);

void panel_schema_free(struct panel_schema *schema);

/*
 * Validates doc, calling report once for every problem, each located at the
 * offending node (doc->file:line:col) with a message naming the field by
 * its path ("members[2].role").  Returns the number of problems.
 */
size_t panel_schema_validate(const struct panel_schema *schema,
    const struct panel_doc *doc,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx);

#endif
