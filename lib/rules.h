#ifndef PANEL_RULES_H
#define PANEL_RULES_H

/*
 * Redaction rules as data: the default rules file (lib/redact-rules.yaml,
 * compiled in) and a repository's redact section of panel.yaml, read into
 * one rule set with every pattern compiled once.  The format is in
 * panel-redact-rules(5) and schemas/redact-rules.json.  Any fault (an
 * unknown key or type, a pattern that does not compile, an undefined
 * %{name}, a duplicate or unknown rule id) is PANEL_EINPUT at the file,
 * line and column of the offending node: a rule set is whole or refused.
 */

#include <stddef.h>

#include "doc.h"
#include "err.h"
#include "match.h"
#include "strlist.h"
#include "validate.h"

struct panel_rule {
	char *id;
	char *type;    /* what the placeholder says: "PHONE" */
	char *pattern; /* with every %{name} expanded */
	struct panel_match *m;
	panel_validate_fn valid;  /* NULL when there is none */
	int name_mode;            /* a panel_names_mode, or -1 */
	struct panel_strlist yes; /* examples that must be found */
	struct panel_strlist no;  /* examples that must not */
	/*
	 * What the text must hold near a match for the rule to be tried
	 * there (triggers.h lists the kinds).  The whole match, its
	 * context before \K and its lookaheads included, starts at most
	 * before bytes before a trigger and no later than it, and ends at
	 * most after bytes after it.  No needs: the rule scans everything.
	 * from: where the match may start instead, at most before bytes
	 * back: the start of the trigger's line, or of its word (what lies
	 * between blanks) or the word so many words before it on its line.
	 * also: what must lie in the same window as well, between its start
	 * and after bytes past its last trigger (none: nothing more).
	 */
	struct panel_strlist needs, also;
	unsigned before, after;
	enum { PANEL_FROM_BYTES, PANEL_FROM_LINE, PANEL_FROM_WORD } from;
	unsigned words;
	/*
	 * tail: how many words (runs between blanks that start with a
	 * letter, a digit or a character beyond ASCII) follow a trigger on
	 * its line, from tail_min to tail_max, when has_tail: a trigger with
	 * more or fewer is none.
	 */
	int has_tail;
	unsigned tail_min, tail_max;
	char *file; /* where the rule was defined, for messages */
	unsigned line, column;
	int disabled;
};

struct panel_rules {
	struct panel_rule *v;
	size_t n, alloc;
	struct panel_strlist allow;  /* terms kept wherever they occur */
	struct panel_strlist places; /* extra places (not names) */
	/* The %{name} definitions: def_values.v[i] is def_names.v[i]'s. */
	struct panel_strlist def_names, def_values;
};

#define PANEL_RULES_WINDOW_MAX 4096

/* The placeholder type ("PHONE") for a rule type ("phone"), or NULL. */
const char *panel_rules_type(const char *type);

void panel_rules_init(struct panel_rules *rs);
void panel_rules_release(struct panel_rules *rs);

/*
 * Adds a rules file: version, allow, define, rules.  file names it in
 * messages.
 */
int panel_rules_add_file(struct panel_rules *rs, const char *file,
    const struct panel_node *root, struct panel_err *err);

/* Adds the compiled-in default rules (lib/redact-rules.yaml). */
int panel_rules_add_default(struct panel_rules *rs, struct panel_err *err);

/*
 * Applies a repository's redact section (from panel.yaml, named file in
 * messages): allow, places, define, disable, rules, references.
 */
int panel_rules_configure(struct panel_rules *rs, const char *file,
    const struct panel_node *redact, struct panel_err *err);

/* The rule with this id, or NULL. */
struct panel_rule *panel_rules_find(
    const struct panel_rules *rs, const char *id);

#endif
