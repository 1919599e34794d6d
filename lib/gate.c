#include "gate.h"

#include <string.h>
#include <strings.h>

#include "guard.h"
#include "banned.h"

#define VAULT "vault"

/*
 * Finds the first component of path once "." and ".." are resolved, the
 * folder it names at the top of the repository: "./vault/x" and
 * "a/../vault" are both in the vault.  *depth is how many components are
 * left; -1 if path climbs above the root.
 */
static int
top_folder(const char **first, size_t *len, size_t *depth, const char *path)
{
	const char *p = path, *end;
	size_t n;

	*first = NULL;
	*len = *depth = 0;
	for (; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0 || (n == 1 && p[0] == '.'))
			continue;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (*depth == 0)
				return -1;
			(*depth)--;
			continue;
		}
		/* The bottom of the stack changes only when it is empty. */
		if ((*depth)++ == 0) {
			*first = p;
			*len = n;
		}
	}
	return 0;
}

int
panel_gate_check_path(const char *path, struct panel_err *err)
{
	const char *first;
	size_t len, depth;

	if (path[0] == '/' || top_folder(&first, &len, &depth, path) < 0)
		return panel_err_set(err, PANEL_ENO, path, 0, 0,
		    "is outside the repository: refusing to commit it");
	if (depth == 0)
		return panel_err_set(err, PANEL_ENO, path, 0, 0,
		    "names the whole repository: refusing to commit it");
	/* Any case: on a case-insensitive disk VAULT/ is the vault too. */
	if (len == strlen(VAULT) && strncasecmp(first, VAULT, len) == 0)
		return panel_err_set(err, PANEL_ENO, path, 0, 0,
		    "is in " VAULT "/, which never enters history: "
		    "refusing to commit it");
	return 0;
}

int
panel_commit_guard(
    const char *path, const char *data, size_t len, struct panel_err *err)
{
	int rc;

	if ((rc = panel_gate_check_path(path, err)) < 0)
		return rc;
	/* The personal-data detector: PANEL_ENO naming what it found. */
	return panel_guard_check(path, data, len, err);
}
