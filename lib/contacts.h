#ifndef PANEL_CONTACTS_H
#define PANEL_CONTACTS_H

/*
 * A meeting's population as the draw and its check read it back: the
 * committed ID lists meetings/DATE/population/STRATUM.ids, and the vault's
 * index of the details of each contact.  population.h writes both.
 */

#include <stddef.h>

#include "doc.h"
#include "err.h"
#include "sha.h"

#define PANEL_STRATA 5
#define PANEL_CONTACT_ID_MAX 128
/* The longest area or recording reference the index keeps. */
#define PANEL_CONTACT_DETAIL_MAX 256

/* The strata in their fixed order: "101", "999", "email", "webform", "app". */
extern const char *const panel_strata[PANEL_STRATA];

/* The index of stratum name in panel_strata, or -1. */
int panel_stratum_index(const char *name);

/*
 * Streams the ID list root/path, checking that every line is a valid
 * contact reference and the lines are strictly increasing (sorted, no
 * duplicates), calling fn (may be NULL) for each.  Sets *count and the
 * file's SHA-256 in hex.
 */
int panel_contacts_ids(size_t *count, char sha[PANEL_SHA_HEX + 1],
    const char *root, const char *path,
    int (*fn)(const char *id, size_t len, void *ctx, struct panel_err *err),
    void *ctx, struct panel_err *err);

/* The non-personal details of one contact, borrowed for one call. */
struct panel_contact {
	const char *id;
	size_t len;
	int stratum;   /* index into panel_strata */
	char date[11]; /* YYYY-MM-DD */
	char time[9];  /* HH:MM:SS, or HH:MM when the export has no seconds */
	const char *area;      /* "" when not mapped */
	const char *recording; /* "" when not mapped */
	const char *source;    /* the vault path of its export */
};

/*
 * The vault's index of a population: the details of every contact kept,
 * sorted by reference, written by the import and checked against the
 * SHA-256 recorded in population.yaml when it is opened (PANEL_EINPUT if
 * it differs or is missing).  find looks a reference up by binary search:
 * 1 and out filled (borrowing from ix until the next find), or 0 if it is
 * not there.
 */
struct panel_index;
int panel_contacts_index_open(struct panel_index **out, const char *root,
    const struct panel_doc *population, struct panel_err *err);
int panel_contacts_index_find(struct panel_contact *out, struct panel_index *ix,
    const char *id, size_t len, struct panel_err *err);
void panel_contacts_index_free(struct panel_index *ix);

#endif
