#include "strlist.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#include "banned.h"

void
panel_strlist_push(struct panel_strlist *list, const char *s)
{
	PANEL_GROW(list->v, list->n + 2, list->alloc);
	list->v[list->n++] = panel_xstrdup(s);
	list->v[list->n] = NULL;
}

int
panel_strlist_has(const struct panel_strlist *list, const char *s)
{
	return panel_strlist_array_has(panel_strlist_array(list), s);
}

int
panel_strlist_array_has(const char *const *v, const char *s)
{
	for (; *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

const char *const *
panel_strlist_array(const struct panel_strlist *list)
{
	static const char *const empty[] = {NULL};

	return list->v ? (const char *const *)list->v : empty;
}

void
panel_strlist_release(struct panel_strlist *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = list->alloc = 0;
}
