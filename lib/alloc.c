#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "banned.h"

static PANEL_NORETURN void
oom(size_t size)
{
	fprintf(stderr, "panel: out of memory allocating %zu bytes\n", size);
	exit(PANEL_EXIT_FAIL);
}

void *
panel_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		oom(size);
	return p;
}

void *
panel_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
panel_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		oom(size);
	return p;
}

void *
panel_xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return panel_xrealloc(ptr, nmemb * size);
}

char *
panel_xstrdup(const char *s)
{
	return panel_xstrndup(s, strlen(s));
}

char *
panel_xstrndup(const char *s, size_t n)
{
	char *p;

	n = strnlen(s, n);
	p = panel_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
