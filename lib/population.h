#ifndef PANEL_POPULATION_H
#define PANEL_POPULATION_H

/*
 * A meeting's population: the contacts a sample may be drawn from, fixed
 * from the force's exports before any seed is known.
 *
 * Import streams each export once: the bytes are copied into
 * VAULT/DATE/NAME (0600, git-ignored), hashed and parsed as they pass.
 * The copies, and the index of the contacts kept (VAULT/DATE/contacts.tsv),
 * take their places only once the population is committed: an import
 * that is refused or fails leaves the vault as it found it.
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
 * Sets opts->from and opts->to from period, "FROM..TO" as --period gives
 * it, split in place: they borrow from period.  PANEL_EUSAGE (the message
 * quotes period) if there is no ".." with text on both sides; the dates
 * themselves are checked by the import.
 */
int panel_population_period(
    struct panel_import *opts, char *period, struct panel_err *err);

/*
 * Sets opts->channels to list, filled with the strata named in s, "101,999"
 * as --channel gives it, split in place (the names borrow from s): at most
 * max of them, then NULL.  The names are checked by the import.
 */
void panel_population_channels(
    struct panel_import *opts, const char **list, size_t max, char *s);

/* meetings/DATE/population.yaml and the list of a stratum, into out. */
void panel_population_path(struct panel_buf *out, const char *date);
void panel_population_list_path(
    struct panel_buf *out, const char *date, const char *stratum);

#endif
