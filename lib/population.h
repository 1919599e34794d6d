#ifndef PANEL_POPULATION_H
#define PANEL_POPULATION_H

/*
 * A meeting's population: the contacts a sample may be drawn from, fixed
 * from the force's exports before any seed is known.
 *
 * Import streams each export once: the bytes are copied into
 * VAULT/DATE/NAME (0600, git-ignored), hashed and parsed as they pass.
 * Each row's contact reference goes to its stratum (101, 999, email,
 * webform, app) unless a filter excludes it (a training call, outside the
 * period, a channel or area not selected, sampled at an earlier meeting),
 * and each exclusion is counted by reason.  The result is committed as
 * meetings/DATE/population/STRATUM.ids (the references, sorted bytewise,
 * one a line, LF) and meetings/DATE/population.yaml (the period, each
 * source's digest and row count, each list's count and SHA-256, the
 * exclusions).
 *
 * Column names and time formats come from panel.yaml's import section:
 *
 *   import:
 *     calls:                    # and/or correspondence:
 *       id: call_id             # required: the force's contact reference
 *       time: start_time        # required
 *       time_format: '%d/%m/%Y %H:%M:%S'   # %Y %m %d %H %M %S %F %T %%
 *       channel: channel        # required; its value names the stratum
 *       channels: {'Web form': webform}    # optional value -> stratum
 *       area: area              # optional
 *       training: training_flag # optional, with training_value
 *       training_value: 'Y'
 *       recording: recording_ref # optional
 *     areas: [Poole, Purbeck]   # optional: only these areas
 *     sizes: {'101': 6, '999': 2}   # optional draw defaults
 *     reserve: 3
 *
 * Every refusal is PANEL_EINPUT at file:line naming the column, never the
 * value: an empty reference, one with leading or trailing white space or
 * a control character, a duplicate (naming the first), a time that does
 * not fit time_format, an unknown channel, and what export.h refuses.
 */

#include <stddef.h>

#include "buf.h"
#include "doc.h"
#include "err.h"
#include "repo.h"
#include "sha.h"

#define PANEL_STRATA 5
#define PANEL_CONTACT_ID_MAX 128

/* The strata in their fixed order: "101", "999", "email", "webform", "app". */
extern const char *const panel_strata[PANEL_STRATA];

/* The index of stratum name in panel_strata, or -1. */
int panel_stratum_index(const char *name);

struct panel_import {
	const char *meeting; /* DATE */
	const char *calls;   /* export paths, either may be NULL */
	const char *correspondence;
	const char *from, *to;       /* the period; NULL: the default */
	const char *const *areas;    /* NULL-ended; NULL: panel.yaml's or all */
	const char *const *channels; /* NULL-ended strata; NULL: all */
};

/*
 * Imports as above into repo (which the caller has locked), writing and
 * committing the population, and appends to summary what the chair is
 * shown before the dice are rolled: the period, each source's digest and
 * rows, each stratum's count and digest, the exclusions.  The default
 * period is the meeting's own (meeting.yaml period), else from the day
 * after the previous meeting's period to today.  Refused once a sample
 * has been drawn for the meeting.
 */
int panel_population_import(struct panel_buf *summary, struct panel_repo *repo,
    const struct panel_import *opts, struct panel_err *err);

/*
 * Streams the ID list root/path, checking that every line is a valid
 * contact reference and the lines are strictly increasing (sorted, no
 * duplicates), calling fn (may be NULL) for each.  Sets *count and the
 * file's SHA-256 in hex.
 */
int panel_population_ids(size_t *count, char sha[PANEL_SHA_HEX + 1],
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
int panel_population_index_open(struct panel_index **out, const char *root,
    const struct panel_doc *population, struct panel_err *err);
int panel_population_index_find(struct panel_contact *out,
    struct panel_index *ix, const char *id, size_t len, struct panel_err *err);
void panel_population_index_free(struct panel_index *ix);

/* meetings/DATE/population.yaml and the list of a stratum, into out. */
void panel_population_path(struct panel_buf *out, const char *date);
void panel_population_list_path(
    struct panel_buf *out, const char *date, const char *stratum);

#endif
