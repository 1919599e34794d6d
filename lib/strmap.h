#ifndef PANEL_STRMAP_H
#define PANEL_STRMAP_H

/*
 * A hash map from byte strings to a caller's integer, with keys compared
 * exactly or with ASCII letters folded to lower case (chosen when the map
 * is made).  Open addressing with linear probing; keys are copied.  Used
 * for the name lists (tens of thousands of lookups a document) and the
 * placeholder numbering of a thread.
 */

#include <stddef.h>

struct panel_strmap;

/* fold: compare keys with ASCII case folded. */
struct panel_strmap *panel_strmap_new(int fold);
/* Frees the map and its keys; NULL does nothing. */
void panel_strmap_free(struct panel_strmap *m);
/* Removes every key, keeping the memory. */
void panel_strmap_clear(struct panel_strmap *m);

/*
 * Sets key[0..len) to value, replacing an earlier value.  Returns the
 * previous value, or -1 if the key is new.
 */
long panel_strmap_put(
    struct panel_strmap *m, const char *key, size_t len, long value);
/*
 * Sets key[0..len) to value if it is absent, in one lookup.  Returns the
 * value it has, or -1 if it was absent (and now has value).
 */
long panel_strmap_add(
    struct panel_strmap *m, const char *key, size_t len, long value);
/*
 * The value of key[0..len), set to value first if the key is absent: a
 * get and then a put in one lookup.  The pointer is good until the next
 * key is added to m.
 */
long *panel_strmap_ref(
    struct panel_strmap *m, const char *key, size_t len, long value);
/* The value of key[0..len), or -1 if it is absent. */
long panel_strmap_get(
    const struct panel_strmap *m, const char *key, size_t len);
/*
 * Makes room for n more keys, so that adding them does not grow the
 * table again and again.
 */
void panel_strmap_reserve(struct panel_strmap *m, size_t n);
/* The number of keys. */
size_t panel_strmap_count(const struct panel_strmap *m);

#endif
