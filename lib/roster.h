#ifndef PANEL_ROSTER_H
#define PANEL_ROSTER_H

/*
 * Every contact an import reads, held until all its exports are parsed:
 * the reference, where it came from and what the draw may show of it.
 * Then the roster is sorted bytewise by reference, which finds a
 * reference given twice, and written in that order as the vault's index
 * (contacts.h reads it back) and the ID lists.  Sorting is a multikey
 * quicksort: the references of one export share long prefixes, which
 * comparing whole strings would read again and again.
 */

#include <stddef.h>

#include "buf.h"
#include "contacts.h"
#include "err.h"
#include "sha.h"
#include "stream.h"

/* One row of an export; the strings live as long as the roster. */
struct panel_roster_entry {
	const char *id;
	const char
	    *detail;       /* "DATE TAB TIME TAB AREA TAB RECORDING", or NULL */
	unsigned line;     /* in its export */
	unsigned char src; /* its export, numbered in the order read */
	unsigned char len; /* of id: at most PANEL_CONTACT_ID_MAX */
	short stratum;     /* index into panel_strata; -1 when left out */
};

struct panel_roster;

/* An empty roster, which the caller frees; _free(NULL) does nothing. */
struct panel_roster *panel_roster_new(void);
void panel_roster_free(struct panel_roster *r);

/*
 * A copy of s[0..len) and a NUL, kept by r: memory that never moves, in
 * large chunks, because millions of short strings each with its own
 * malloc would cost more than the strings.
 */
const char *panel_roster_copy(
    struct panel_roster *r, const char *s, size_t len);

/*
 * Adds an entry for the reference id[0..len) (len at most
 * PANEL_CONTACT_ID_MAX), copied with panel_roster_copy(), for the caller
 * to fill in; it is borrowed until the next add.
 */
struct panel_roster_entry *panel_roster_add(
    struct panel_roster *r, const char *id, size_t len);

/*
 * Sorts r by reference.  Returns 0, or 1 if some reference is in more than
 * one entry: then *first and *second are the earliest two (by export,
 * then line) of the lowest such reference.
 */
int panel_roster_sort(const struct panel_roster_entry **first,
    const struct panel_roster_entry **second, struct panel_roster *r);

/*
 * Writes the entries of sorted r that were kept (stratum >= 0) to w as the
 * vault's index, a line each: "ID TAB STRATUM TAB SRC TAB DETAIL".  In the
 * same pass each reference is appended with LF to lists[its stratum] and
 * counted in counts[].  Sets hex to the index's SHA-256.  Errors are
 * those of sha.h and of panel_stream_out_write(); w stays the caller's.
 */
int panel_roster_write_index(char hex[PANEL_SHA_HEX + 1],
    struct panel_buf lists[PANEL_STRATA], size_t counts[PANEL_STRATA],
    const struct panel_roster *r, struct panel_stream_out *w,
    struct panel_err *err);

#endif
