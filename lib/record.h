#ifndef PANEL_RECORD_H
#define PANEL_RECORD_H

/*
 * The record types of a case repository: where each lives, which schema it
 * follows and the canonical order of its keys.  Loading reads a file with
 * the size cap and hostile-input limits of doc.h; saving puts the keys in
 * canonical order and writes atomically.
 */

#include "buf.h"
#include "doc.h"
#include "err.h"

struct panel_record_type {
	const char *name;         /* "member" */
	const char *schema;       /* schema name, "member" */
	const char *const *order; /* canonical key order, NULL-ended */
	const char *id_key;       /* key whose value names the file, or NULL */
};

/* The type named name ("panel", "member", ...), or NULL. */
const struct panel_record_type *panel_record_type(const char *name);

/*
 * The type of the record at path (relative to the root) from the repository
 * layout: panel.yaml, members/ID.yaml, meetings/DATE/meeting.yaml,
 * actions/ID.yaml, recommendations/ID.yaml, ...; NULL if path is not a
 * record.
 */
const struct panel_record_type *panel_record_type_of(const char *path);

/* Every known type, as an array of *n entries. */
const struct panel_record_type *panel_record_types(size_t *n);

/*
 * Puts doc's top-level keys, and those of the maps nested in it that the
 * type knows (panel paths, meeting period, minutes attendance, guests and
 * items), in canonical order; keys the type does not know follow, sorted.
 * A NULL type or an empty document is left alone.
 */
void panel_record_order(
    const struct panel_record_type *type, struct panel_doc *doc);

/* Reads and parses root/path; messages name path. */
int panel_record_load(struct panel_doc **out, const char *root,
    const char *path, struct panel_err *err);

/*
 * Orders doc's top-level keys (and those of nested maps the type knows)
 * canonically for type and appends its YAML to out.
 */
int panel_record_emit(struct panel_buf *out,
    const struct panel_record_type *type, struct panel_doc *doc,
    struct panel_err *err);

/*
 * panel_record_emit() written to root/path atomically, for a folder that
 * is not yet a repository (panel init); a command writes into a
 * repository with panel_repo_save() (repo.h), which can take it back.
 */
int panel_record_save(const char *root, const char *path,
    const struct panel_record_type *type, struct panel_doc *doc,
    struct panel_err *err);

#endif
