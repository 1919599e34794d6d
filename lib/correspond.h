#ifndef PANEL_CORRESPOND_H
#define PANEL_CORRESPOND_H

/*
 * A meeting's sampled correspondence, redacted for the panel: each email,
 * web form and app message that meetings/DATE/sample.yaml holds (after
 * substitutions) is read from the raw export that panel-sample put in the
 * vault, checked against the digest population.yaml recorded, redacted,
 * and written as meetings/DATE/correspondence/ID.txt with the log of its
 * removals beside it in ID.redactions.yaml; the lot is one commit.
 *
 * The text of an item is its subject, body and the force's response, from
 * the columns panel.yaml's import.correspondence names (subject, body,
 * response; name, when the export has the correspondent's name, is
 * redacted wherever it or a part of it occurs).  The members' names and
 * the force staff listed one a line in VAULT/staff.txt are redacted too.
 * Every item is redacted before anything is written: a failed match
 * (fail closed) or a missing item leaves the repository as it was.
 */

#include "buf.h"
#include "err.h"
#include "redact.h"
#include "repo.h"

/*
 * Redacts the correspondence of meeting date as above in repo (which the
 * caller has locked) with detector r, and appends a summary (items and
 * removals) to summary.  PANEL_EINPUT when there is no sample, an item is
 * not in its export, or the export's digest is not the recorded one.
 */
int panel_correspond_redact(struct panel_buf *summary, struct panel_repo *repo,
    struct panel_redact *r, const char *date, enum panel_redact_style style,
    struct panel_err *err);

#endif
