#ifndef PANEL_GUARD_H
#define PANEL_GUARD_H

/*
 * The personal-data half of the commit guard (gate.h): the redaction
 * detector applied to what is about to be committed, so that nothing a
 * rule would catch enters history.
 *
 * YAML records are checked field by field, each string value on its own,
 * so that a finding names its field.  Some fields are not free text and
 * are left out: identifiers, digests, tickets, dates and references that
 * the records are made of (id, item, replacement, ticket, seed, sha256,
 * source, file, recording, date, time, ...), the redact section of
 * panel.yaml (its patterns and examples are rules, not data), and the
 * names of public-facing people where a record holds them by design: a
 * member's own name and organisation, a guest's name and role in the
 * minutes.  Members' names are kept wherever they occur (they hold public
 * roles), as are the panel's name, force, OPCC and redact.allow terms.
 * ID lists (population/ *.ids) hold the force's contact references and
 * are not checked.  Any other file is checked as text.
 *
 * The detector is built once per process: from the default rules, or,
 * after panel_guard_use(), from a repository's panel.yaml and members.
 */

#include <stddef.h>

#include "err.h"

/*
 * Configures the guard for the repository at root: its panel.yaml redact
 * section and terms, and its members' names as terms to keep.
 */
int panel_guard_use(const char *root, struct panel_err *err);

/*
 * Checks len bytes of data, to be committed at path (relative to the
 * root).  0 when nothing is found; PANEL_ENO at path:line:col naming the
 * field (for a record), the type and the rule, never the value; another
 * PANEL_E* if the check itself failed (a match aborted: fail closed).
 */
int panel_guard_check(
    const char *path, const char *data, size_t len, struct panel_err *err);

/* Frees the detector; the next check builds it again. */
void panel_guard_release(void);

#endif
