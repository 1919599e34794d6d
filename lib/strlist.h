#ifndef PANEL_STRLIST_H
#define PANEL_STRLIST_H

/*
 * A growable list of owned C strings, in the order they were pushed, as
 * git's strvec: v is NULL-terminated once anything is pushed, so that it
 * can be passed where a "const char *const paths[]" is wanted.
 */

#include <stddef.h>

struct panel_strlist {
	char **v;
	size_t n, alloc;
};

#define PANEL_STRLIST_INIT                                                     \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Appends a copy of s. */
void panel_strlist_push(struct panel_strlist *list, const char *s);

/* 1 if some entry equals s, else 0 (a linear scan: for short lists). */
int panel_strlist_has(const struct panel_strlist *list, const char *s);

/*
 * The same test over any NULL-terminated array of strings (a fixed table,
 * panel_fs_list()'s names, panel_strlist_array()); v must not be NULL.
 */
int panel_strlist_array_has(const char *const *v, const char *s);

/* The entries as an array for APIs that take one; never NULL. */
const char *const *panel_strlist_array(const struct panel_strlist *list);

/* Frees every entry and leaves list empty and reusable. */
void panel_strlist_release(struct panel_strlist *list);

#endif
