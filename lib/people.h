#ifndef PANEL_PEOPLE_H
#define PANEL_PEOPLE_H

/*
 * Who is who in a thread: which person each name found stands for, so
 * that redaction gives one person one placeholder wherever and however
 * they are named ("Sarah", "Sarah Fairweather", "SARAH"), and finds the
 * other occurrences of the words that stand for them.  People are
 * numbered from 0 in the order they are met; a person's placeholder
 * number is given apart, the first time it is asked for.
 */

#include <stddef.h>

#include "names.h"

struct panel_people;

/*
 * The people of a thread not yet begun, whose words are looked up in
 * names (borrowed: it must outlive them).  Exits on out of memory only.
 */
struct panel_people *panel_people_new(const struct panel_names *names);
void panel_people_free(struct panel_people *pp);

/* Starts a new thread: everyone met, and their numbers, are forgotten. */
void panel_people_thread(struct panel_people *pp);

/*
 * Who the name text[s..e) stands for: someone met before in the thread
 * (by the whole name, or by its first word when its last is no one
 * else's), else someone new, whose words then stand for them.  -1 if
 * none of its words may stand for a person.  When text[0..len) is the
 * document, words are its words (panel_names_split()) and k the index of
 * the first at or after s, so that none is split again; words is NULL
 * for any other text.
 */
long panel_people_find(struct panel_people *pp, const char *text, size_t len,
    size_t s, size_t e, const struct panel_names_words *words, size_t k);

/*
 * Meets the names a document's record gives (names NULL-terminated, or
 * NULL for none): each of their words stands for them from now on.
 */
void panel_people_seed(struct panel_people *pp, const char *const *names);

/*
 * Calls fn for each of the document's words (text split into words)
 * that stands for someone met, in order, with who: case folded, but a
 * word that is also an ordinary word only with a capital, and a place
 * never.
 */
void panel_people_repeats(const struct panel_people *pp,
    const struct panel_names_words *words, const char *text,
    void (*fn)(size_t start, size_t end, long person, void *ctx), void *ctx);

/*
 * The placeholder number of person (from panel_people_find()): its own
 * if it has one, else ++*count, which becomes its own.  count is the
 * caller's, as other findings of the type may share it.
 */
long panel_people_number(struct panel_people *pp, long person, long *count);

#endif
