#ifndef PANEL_ALLOC_H
#define PANEL_ALLOC_H

/*
 * Allocation that cannot fail: on out of memory these print one line and
 * exit 4, the only place lib/ exits.  Sizes are checked for overflow.
 */

#include <stddef.h>

void *panel_xmalloc(size_t size);
void *panel_xcalloc(size_t nmemb, size_t size);
void *panel_xrealloc(void *ptr, size_t size);
/* realloc for an array of nmemb elements of size, overflow-checked. */
void *panel_xreallocarray(void *ptr, size_t nmemb, size_t size);
char *panel_xstrdup(const char *s);
char *panel_xstrndup(const char *s, size_t n);

/* Grows *arr (of *alloc elements of size) to hold at least need elements. */
#define PANEL_GROW(arr, need, alloc)                                           \
	do {                                                                   \
		if ((need) > (alloc)) {                                        \
			(alloc) = (alloc) < 8 ? 8 : (alloc);                   \
			while ((alloc) < (need))                               \
				(alloc) *= 2;                                  \
			(arr) = panel_xreallocarray(                           \
			    (arr), (alloc), sizeof(*(arr)));                   \
		}                                                              \
	} while (0)

#endif
