#include "correspond.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "draw.h"
#include "export.h"
#include "fs.h"
#include "population.h"
#include "record.h"
#include "sha.h"
#include "stream.h"
#include "strmap.h"
#include "banned.h"

#define STAFF_MAX (1024 * 1024)

enum { COL_ID, COL_SUBJECT, COL_BODY, COL_RESPONSE, COL_NAME, NCOLS };

static const char *const col_keys[NCOLS] = {
    "id", "subject", "body", "response", "name"};

/* One sampled item and, once redacted, what is written for it. */
struct item {
	const char *id;     /* borrows from the sample */
	const char *source; /* the vault path of its export */
	char *text, *log;
	size_t textlen, loglen, removals;
	int done;
};

struct job {
	struct panel_repo *repo;
	struct panel_redact *r;
	enum panel_redact_style style;
	const char *force;
	struct item *v;
	size_t n, alloc;
	struct panel_strmap *index; /* id -> item */
	const char *source;         /* the export being read */
	struct panel_export *csv;
	struct panel_sha *sha;
	struct panel_redact_result res;
	struct panel_buf text;
};

static int
is_correspondence(const char *stratum)
{
	return strcmp(stratum, "email") == 0 ||
	       strcmp(stratum, "webform") == 0 || strcmp(stratum, "app") == 0;
}

static int
collect(const struct panel_node *stratum, const struct panel_node *item,
    int replacement, void *ctx)
{
	struct job *j = ctx;
	const char *name = panel_node_get_str(stratum, "name");
	const char *id = panel_node_get_str(item, "id");

	(void)replacement;
	if (name == NULL || id == NULL || !is_correspondence(name))
		return 0;
	PANEL_GROW(j->v, j->n + 1, j->alloc);
	memset(&j->v[j->n], 0, sizeof(j->v[j->n]));
	j->v[j->n].id = id;
	j->v[j->n].source = panel_node_get_str(stratum, "source");
	panel_strmap_put(j->index, id, strlen(id), (long)j->n);
	j->n++;
	return 0;
}

/* The text of one item: subject, body, the force's response. */
static void
item_text(struct panel_buf *out, const struct panel_export_row *row,
    const char *force)
{
	panel_buf_reset(out);
	if (row->lens[COL_SUBJECT])
		panel_buf_addf(
		    out, "Subject: %s\n\n", row->fields[COL_SUBJECT]);
	panel_buf_add(out, row->fields[COL_BODY], row->lens[COL_BODY]);
	if (out->len && out->buf[out->len - 1] != '\n')
		panel_buf_addch(out, '\n');
	if (row->lens[COL_RESPONSE]) {
		panel_buf_addf(out, "\n--- Reply from %s ---\n\n", force);
		panel_buf_add(
		    out, row->fields[COL_RESPONSE], row->lens[COL_RESPONSE]);
		if (out->buf[out->len - 1] != '\n')
			panel_buf_addch(out, '\n');
	}
}

static int
row_fn(const struct panel_export_row *row, void *ctx, struct panel_err *err)
{
	struct job *j = ctx;
	const char *names[2] = {NULL, NULL};
	struct item *it;
	long k;
	int rc;

	k = panel_strmap_get(j->index, row->fields[COL_ID], row->lens[COL_ID]);
	if (k < 0 || j->v[k].done || strcmp(j->v[k].source, j->source) != 0)
		return 0;
	it = &j->v[k];
	item_text(&j->text, row, j->force);
	if (row->lens[COL_NAME])
		names[0] = row->fields[COL_NAME];
	panel_redact_thread(j->r);
	rc = panel_redact_run(&j->res, j->r, it->id, j->text.buf, j->text.len,
	    names, j->style, err);
	if (rc < 0) {
		panel_err_prefix(err, "item '%s'", it->id);
		return rc;
	}
	it->removals = j->res.nhits;
	it->text = panel_buf_detach(&j->res.text, &it->textlen);
	panel_buf_reset(&j->text);
	if ((rc = panel_redact_log(&j->text, &j->res, it->id, err)) < 0)
		return rc;
	it->log = panel_buf_detach(&j->text, &it->loglen);
	it->done = 1;
	return 0;
}

static int
feed(const void *data, size_t len, void *ctx, struct panel_err *err)
{
	struct job *j = ctx;
	int rc;

	if ((rc = panel_sha_update(j->sha, data, len, err)) < 0)
		return rc;
	return panel_export_feed(j->csv, data, len, err);
}

/* The digest population.yaml recorded for the export at source. */
static const char *
recorded_sha(const struct panel_doc *pop, const char *source)
{
	const struct panel_node *seq = panel_node_get(pop->root, "sources");
	const char *file;
	size_t i;

	for (i = 0; seq && seq->kind == PANEL_NODE_SEQ && i < seq->n; i++) {
		file = panel_node_get_str(seq->items[i], "file");
		if (file && strcmp(file, source) == 0)
			return panel_node_get_str(seq->items[i], "sha256");
	}
	return NULL;
}

/* Reads one export from the vault, redacting the items that are in it. */
static int
read_source(struct job *j, const char *source, const struct panel_doc *pop,
    const struct panel_node *map, struct panel_err *err)
{
	const char *names[NCOLS], *want = recorded_sha(pop, source);
	unsigned char md[PANEL_SHA_LEN];
	char hex[PANEL_SHA_HEX + 1];
	int i, rc;

	for (i = 0; i < NCOLS; i++)
		names[i] = panel_node_get_str(map, col_keys[i]);
	if (names[COL_ID] == NULL || names[COL_BODY] == NULL)
		return panel_err_set(err, PANEL_EINPUT, "panel.yaml", 0, 0,
		    "import.correspondence must name the 'id' and 'body' "
		    "columns");
	if (want == NULL)
		return panel_err_set(err, PANEL_EINPUT, source, 0, 0,
		    "this export is not a source in population.yaml");
	j->source = source;
	if ((rc = panel_export_new(
	         &j->csv, source, names, NCOLS, row_fn, j, err)) < 0 ||
	    (rc = panel_sha_start(j->sha, err)) < 0 ||
	    (rc = panel_stream_read(j->repo->root, source, feed, j, err)) < 0 ||
	    (rc = panel_export_finish(j->csv, err)) < 0 ||
	    (rc = panel_sha_finish(md, j->sha, err)) < 0)
		goto done;
	panel_sha_hex(hex, md);
	if (strcmp(hex, want) != 0)
		rc = panel_err_set(err, PANEL_EINPUT, source, 0, 0,
		    "the vault copy is not the export population.yaml "
		    "recorded (its SHA-256 differs)");
done:
	panel_export_free(j->csv);
	j->csv = NULL;
	return rc;
}

/* Adds the members' names and the staff list to the detector. */
static int
known_names(struct job *j, const char *vault, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT, staff = PANEL_BUF_INIT;
	struct panel_doc *doc;
	char **list = NULL, *p, *nl;
	const char *name;
	size_t i;
	int rc;

	if ((rc = panel_fs_list(&list, j->repo->root, "members", err)) < 0)
		return rc;
	for (i = 0; list[i] && rc == 0; i++) {
		panel_buf_reset(&path);
		panel_buf_addf(&path, "members/%s", list[i]);
		if ((rc = panel_record_load(
		         &doc, j->repo->root, path.buf, err)) < 0)
			break;
		if ((name = panel_node_get_str(doc->root, "name")) != NULL)
			panel_redact_name(j->r, name);
		panel_doc_free(doc);
	}
	panel_fs_list_free(list);
	panel_buf_reset(&path);
	panel_buf_addf(&path, "%s/staff.txt", vault);
	if (rc == 0 && panel_fs_exists(j->repo->root, path.buf) &&
	    (rc = panel_fs_read(
	         &staff, j->repo->root, path.buf, STAFF_MAX, err)) == 0)
		for (p = staff.buf; p < staff.buf + staff.len; p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL)
				nl = staff.buf + staff.len;
			*nl = '\0';
			if (*p && *p != '#')
				panel_redact_name(j->r, p);
		}
	panel_buf_release(&staff);
	panel_buf_release(&path);
	return rc;
}

/* Writes every item's text and log, then commits them all. */
static int
write_items(struct job *j, const char *date, struct panel_buf *summary,
    struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	char **paths = panel_xcalloc(2 * j->n + 1, sizeof(char *));
	size_t i, removals = 0;
	int rc = 0;

	for (i = 0; i < j->n && rc == 0; i++) {
		panel_buf_reset(&path);
		panel_buf_addf(&path, "meetings/%s/correspondence/%s.txt", date,
		    j->v[i].id);
		paths[2 * i] = panel_xstrdup(path.buf);
		panel_buf_reset(&path);
		panel_buf_addf(&path,
		    "meetings/%s/correspondence/%s.redactions.yaml", date,
		    j->v[i].id);
		paths[2 * i + 1] = panel_xstrdup(path.buf);
		rc = panel_repo_write(
		    j->repo, paths[2 * i], j->v[i].text, j->v[i].textlen, err);
		if (rc == 0)
			rc = panel_repo_write(j->repo, paths[2 * i + 1],
			    j->v[i].log, j->v[i].loglen, err);
		removals += j->v[i].removals;
		panel_buf_addf(summary, "%s: %zu removal%s\n", j->v[i].id,
		    j->v[i].removals, j->v[i].removals == 1 ? "" : "s");
	}
	/* The commit's guard checks them with this repository's rules. */
	if (rc == 0)
		rc = panel_repo_commit(j->repo, "redact",
		    (const char *const *)paths, 2 * j->n, err,
		    "%zu correspondence item%s of %s redacted", j->n,
		    j->n == 1 ? "" : "s", date);
	if (rc == 0)
		panel_buf_addf(summary, "%zu item%s, %zu removal%s\n", j->n,
		    j->n == 1 ? "" : "s", removals, removals == 1 ? "" : "s");
	for (i = 0; i < 2 * j->n; i++)
		free(paths[i]);
	free(paths);
	panel_buf_release(&path);
	return rc;
}

/* Reads each export the items come from, once. */
static int
redact_items(struct job *j, const struct panel_doc *panel,
    const struct panel_doc *pop, struct panel_err *err)
{
	const struct panel_node *map = panel_node_get(
	    panel_node_get(panel->root, "import"), "correspondence");
	size_t i, k;
	int rc = 0;

	if (map == NULL)
		return panel_err_set(err, PANEL_EINPUT, "panel.yaml", 0, 0,
		    "there is no import.correspondence section");
	for (i = 0; i < j->n && rc == 0; i++) {
		if ((rc = panel_repo_check_id("item id", j->v[i].id, err)) < 0)
			return rc;
		if (j->v[i].source == NULL)
			return panel_err_set(err, PANEL_EINPUT, pop->file, 0, 0,
			    "item '%s' has no source", j->v[i].id);
		for (k = 0; k < i && strcmp(j->v[k].source, j->v[i].source);)
			k++;
		if (k == i)
			rc = read_source(j, j->v[i].source, pop, map, err);
	}
	for (i = 0; i < j->n && rc == 0; i++)
		if (!j->v[i].done)
			rc = panel_err_set(err, PANEL_EINPUT, j->v[i].source, 0,
			    0, "item '%s' is not in this export", j->v[i].id);
	return rc;
}

static int
load_all(struct panel_doc **panel, struct panel_doc **sample,
    struct panel_doc **pop, const char *root, const char *date,
    struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	int rc;

	*panel = *sample = *pop = NULL;
	if ((rc = panel_record_load(panel, root, "panel.yaml", err)) < 0)
		return rc;
	panel_draw_path(&path, date);
	if (!panel_fs_exists(root, path.buf))
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "meeting %s has no sample: run panel-sample draw first",
		    date);
	else
		rc = panel_record_load(sample, root, path.buf, err);
	panel_buf_reset(&path);
	panel_population_path(&path, date);
	if (rc == 0)
		rc = panel_record_load(pop, root, path.buf, err);
	panel_buf_release(&path);
	return rc;
}

static void
job_release(struct job *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		free(j->v[i].text);
		free(j->v[i].log);
	}
	free(j->v);
	panel_strmap_free(j->index);
	panel_sha_free(j->sha);
	panel_redact_result_release(&j->res);
	panel_buf_release(&j->text);
}

int
panel_correspond_redact(struct panel_buf *summary, struct panel_repo *repo,
    struct panel_redact *r, const char *date, enum panel_redact_style style,
    struct panel_err *err)
{
	struct panel_doc *panel = NULL, *sample = NULL, *pop = NULL;
	const char *vault;
	struct job j;
	int rc;

	if ((rc = panel_repo_check_date("meeting", date, err)) < 0)
		return rc;
	memset(&j, 0, sizeof(j));
	j.repo = repo;
	j.r = r;
	j.style = style;
	j.index = panel_strmap_new(0);
	panel_redact_result_init(&j.res);
	panel_buf_init(&j.text, 0);
	if ((rc = load_all(&panel, &sample, &pop, repo->root, date, err)) < 0 ||
	    (rc = panel_sha_new(&j.sha, err)) < 0)
		goto done;
	j.force = panel_node_get_str(panel->root, "force");
	if (j.force == NULL)
		j.force = "the force";
	vault =
	    panel_node_get_str(panel_node_get(panel->root, "paths"), "vault");
	if ((rc = panel_draw_each(sample, collect, &j)) < 0) {
		rc = panel_err_set(err, PANEL_EINPUT, sample->file, 0, 0,
		    "the substitutions do not follow the rules: run "
		    "panel-sample verify");
		goto done;
	}
	if ((rc = known_names(&j, vault ? vault : "vault", err)) < 0 ||
	    (rc = redact_items(&j, panel, pop, err)) < 0)
		goto done;
	rc = write_items(&j, date, summary, err);
done:
	job_release(&j);
	panel_doc_free(pop);
	panel_doc_free(sample);
	panel_doc_free(panel);
	return rc;
}
