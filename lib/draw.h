#ifndef PANEL_DRAW_H
#define PANEL_DRAW_H

/*
 * A meeting's sample, meetings/DATE/sample.yaml: drawn from the committed
 * population with a public seed by Rivest's consistent sampling (see
 * sample.h), checked by anyone, and changed at the meeting only by
 * recorded substitutions and declarations of interest.
 *
 *   meeting, algorithm, seed, seed_sha256, population_commit
 *   strata:   name, source, population, sha256, size, reserve,
 *             items and reserves: position, ticket, id, date, time,
 *             channel, area, recording
 *   substitutions: item, stratum, reason, replacement
 *   conflicts:     member, item, interest
 *
 * Each function takes a repository the caller has locked (verify needs
 * no lock), writes through panel_fs_write and makes one commit.
 */

#include "buf.h"
#include "contacts.h"
#include "err.h"
#include "repo.h"

#define PANEL_DRAW_SIZE_MAX 1000
#define PANEL_DRAW_RESERVE_MAX 100

struct panel_draw {
	const char *meeting; /* DATE */
	const char *seed;    /* 20 or more ASCII digits */
	/* per stratum of panel_strata: the sample size, or -1 for the default
	 */
	long sizes[PANEL_STRATA];
	long reserve; /* per stratum, or -1 for the default */
};

/* Sample sizes when neither --size nor panel.yaml import sizes say. */
extern const long panel_draw_default_sizes[PANEL_STRATA];
#define PANEL_DRAW_DEFAULT_RESERVE 3

/*
 * Sets sizes from arg, "101=6,email=4" as --size gives it: each STRATUM=N
 * names a stratum of panel_strata and N from 0 to PANEL_DRAW_SIZE_MAX.
 * PANEL_EUSAGE (the message quotes arg) otherwise; sizes not named are
 * left alone.
 */
int panel_draw_parse_sizes(
    long sizes[PANEL_STRATA], const char *arg, struct panel_err *err);

/*
 * Draws the sample.  Refused (PANEL_EINPUT) when the seed is not 20 to
 * 256 digits or was used at another meeting, when the population is
 * missing or not committed as it is, when a list does not match
 * population.yaml, when a sample exists already, or when a size names a
 * stratum the population lacks.  Appends the sample to summary.
 */
int panel_draw_sample(struct panel_buf *summary, struct panel_repo *repo,
    const struct panel_draw *opts, struct panel_err *err);

/*
 * Recomputes the sample from the committed lists and the seed.  0 if it
 * matches (summary says what was checked); PANEL_ENO with err naming the
 * first difference (a list changed, a different seed, an edited item, an
 * unrecorded or wrong substitution, a population committed with or after
 * the draw, records differing from their committed versions).
 */
int panel_draw_verify(struct panel_buf *summary, struct panel_repo *repo,
    const char *meeting, struct panel_err *err);

/*
 * Marks item as not reviewable for reason and brings in its stratum's next
 * unused reserve.  PANEL_EINPUT if item is not in the sample as it stands,
 * or no reserve is left.
 */
int panel_draw_substitute(struct panel_buf *summary, struct panel_repo *repo,
    const char *meeting, const char *item, const char *reason,
    struct panel_err *err);

/*
 * Records member's declaration of interest in item.  PANEL_EINPUT if the
 * member does not exist, the item is not in the sample or its reserves, or
 * the same declaration is there already.
 */
int panel_draw_conflict(struct panel_buf *summary, struct panel_repo *repo,
    const char *meeting, const char *member, const char *item,
    const char *interest, struct panel_err *err);

/*
 * Each stratum's sample as it stands after substitutions, in position
 * order: calls fn with the stratum's node, the item's node and whether it
 * came in as a replacement.  For the pack.  Returns PANEL_ENO if the
 * substitutions do not follow the rules; fn may be NULL to check only.
 */
int panel_draw_each(const struct panel_doc *sample,
    int (*fn)(const struct panel_node *stratum, const struct panel_node *item,
        int replacement, void *ctx),
    void *ctx);

/* meetings/DATE/sample.yaml into out. */
void panel_draw_path(struct panel_buf *out, const char *date);

#endif
