#include "batch.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fs.h"
#include "strlist.h"

#include "banned.h"

struct panel_batch {
	const char *root;
	struct panel_stream_out **files; /* NULL once published */
	size_t n, alloc;
	struct panel_strlist
	    made; /* folders missing before, shallowest first */
};

struct panel_batch *
panel_batch_new(const char *root)
{
	struct panel_batch *b = panel_xcalloc(1, sizeof(*b));

	b->root = root;
	return b;
}

int
panel_batch_open(struct panel_stream_out **out, struct panel_batch *b,
    const char *path, struct panel_err *err)
{
	int rc;

	panel_fs_note_missing(&b->made, b->root, path);
	if ((rc = panel_stream_out_open(out, b->root, path, err)) < 0)
		return rc;
	PANEL_GROW(b->files, b->n + 1, b->alloc);
	b->files[b->n++] = *out;
	return 0;
}

int
panel_batch_publish(struct panel_batch *b, struct panel_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n && rc == 0; i++) {
		rc = panel_stream_out_close(b->files[i], err);
		b->files[i] = NULL;
	}
	/* Published, the folders hold the files: nothing to take back. */
	if (rc == 0)
		panel_strlist_release(&b->made);
	return rc;
}

void
panel_batch_free(struct panel_batch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		panel_stream_out_abort(b->files[i]);
	/* Undoing is best effort: the job's own error is the one to report. */
	for (i = b->made.n; i-- > 0;)
		panel_fs_rmdir(b->root, b->made.v[i], NULL);
	panel_strlist_release(&b->made);
	free(b->files);
	free(b);
}
