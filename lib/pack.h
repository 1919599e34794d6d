#ifndef PANEL_PACK_H
#define PANEL_PACK_H

/*
 * The members' pack for a meeting: the sample in order as it stands after
 * substitutions, where each recording or message is (a vault reference),
 * the questionnaire to use for each stratum, the substitutions and the
 * declarations of interest, in Markdown or HTML.  All text from records
 * is escaped for the format here.
 */

#include "buf.h"
#include "err.h"
#include "repo.h"

enum panel_pack_format {
	PANEL_PACK_MD,
	PANEL_PACK_HTML,
};

/* Appends the pack for meeting to out. */
int panel_pack_write(struct panel_buf *out, struct panel_repo *repo,
    const char *meeting, enum panel_pack_format format, struct panel_err *err);

#endif
