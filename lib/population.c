#include "population.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "batch.h"
#include "calendar.h"
#include "contacts.h"
#include "contacts_priv.h"
#include "export.h"
#include "fs.h"
#include "record.h"
#include "roster.h"
#include "stream.h"
#include "strlist.h"

#include "banned.h"

/* What a source's columns are called; the order of export.h's names. */
enum { F_ID, F_TIME, F_CHANNEL, F_AREA, F_TRAINING, F_RECORDING, NFIELDS };
static const char *const field_keys[NFIELDS] = {
    "id", "time", "channel", "area", "training", "recording"};

enum kind { CALLS, CORRESPONDENCE, NKINDS };
static const char *const kind_names[NKINDS] = {"calls", "correspondence"};
/* The strata each kind of export may fill: [first, last). */
static const int kind_strata[NKINDS][2] = {{0, 2}, {2, 5}};

/* Why a row is left out, in the order the reasons are tried. */
enum reason { R_TRAINING, R_PERIOD, R_CHANNEL, R_AREA, R_EARLIER, NREASONS };
static const char *const reason_names[NREASONS] = {"training call",
    "outside the period", "channel not selected", "area not selected",
    "sampled at an earlier meeting"};

struct source_cfg {
	enum kind kind;
	const char *names[NFIELDS]; /* column names, borrowed from panel */
	const char *time_format;
	const char *training_value;
	const struct panel_node *channels; /* value -> stratum, or NULL */
	int seconds;                       /* time_format has %S or %T */
};

void
panel_population_path(struct panel_buf *out, const char *date)
{
	panel_buf_addf(out, "meetings/%s/population.yaml", date);
}

int
panel_population_period(
    struct panel_import *opts, char *period, struct panel_err *err)
{
	char *dots = strstr(period, "..");

	if (dots == NULL || dots == period || dots[2] == '\0')
		return panel_err_set(err, PANEL_EUSAGE, NULL, 0, 0,
		    "option --period: '%s' is not FROM..TO", period);
	*dots = '\0';
	opts->from = period;
	opts->to = dots + 2;
	return 0;
}

void
panel_population_channels(
    struct panel_import *opts, const char **list, size_t max, char *s)
{
	size_t n = 0;

	for (; s != NULL && n < max; n++) {
		list[n] = s;
		if ((s = strchr(s, ',')) != NULL)
			*s++ = '\0';
	}
	list[n] = NULL;
	opts->channels = list;
}

void
panel_population_list_path(
    struct panel_buf *out, const char *date, const char *stratum)
{
	panel_buf_addf(out, "meetings/%s/population/%s.ids", date, stratum);
}

/* A source's mapping from panel.yaml; formats go into fmt (kept alive). */
static int
load_source(struct source_cfg *cfg, struct panel_buf *fmt,
    const struct panel_doc *panel, enum kind kind, struct panel_err *err)
{
	const struct panel_node *imp = panel_node_get(panel->root, "import");
	const struct panel_node *src = panel_node_get(imp, kind_names[kind]);
	const char *f;
	int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->kind = kind;
	if (src == NULL || src->kind != PANEL_NODE_MAP)
		return panel_err_set(err, PANEL_EINPUT, panel->file,
		    imp ? imp->line : 0, 0,
		    "import.%s: no column mapping for %s exports",
		    kind_names[kind], kind_names[kind]);
	for (i = 0; i < NFIELDS; i++)
		cfg->names[i] = panel_node_get_str(src, field_keys[i]);
	cfg->training_value = panel_node_get_str(src, "training_value");
	cfg->channels = panel_node_get(src, "channels");
	f = panel_node_get_str(src, "time_format");
	for (i = 0; i <= F_CHANNEL; i++)
		if (cfg->names[i] == NULL)
			return panel_err_set(err, PANEL_EINPUT, panel->file,
			    src->line, 0, "import.%s: field '%s' is missing",
			    kind_names[kind], field_keys[i]);
	if (f == NULL || panel_calendar_expand(fmt, &cfg->seconds, f) != 0)
		return panel_err_set(err, PANEL_EINPUT, panel->file, src->line,
		    0,
		    "import.%s: field 'time_format' is %s (use %%Y %%m %%d "
		    "%%H %%M %%S %%F %%T)",
		    kind_names[kind], f ? "not supported" : "missing");
	cfg->time_format = fmt->buf;
	if (cfg->names[F_TRAINING] != NULL && cfg->training_value == NULL)
		return panel_err_set(err, PANEL_EINPUT, panel->file, src->line,
		    0, "import.%s: field 'training_value' is missing",
		    kind_names[kind]);
	if (cfg->channels != NULL && cfg->channels->kind != PANEL_NODE_MAP)
		return panel_err_set(err, PANEL_EINPUT, panel->file,
		    cfg->channels->line, cfg->channels->column,
		    "import.%s: field 'channels' is not a map",
		    kind_names[kind]);
	return 0;
}

/* The stratum a channel value names for cfg, or -1. */
static int
stratum_of(const struct source_cfg *cfg, const char *value)
{
	const char *name = value;
	int k;

	if (cfg->channels != NULL &&
	    (name = panel_node_get_str(cfg->channels, value)) == NULL)
		return -1;
	k = panel_stratum_index(name);
	if (k < kind_strata[cfg->kind][0] || k >= kind_strata[cfg->kind][1])
		return -1;
	return k;
}

struct source {
	const char *path;              /* as the user named it */
	char vault[256];               /* where it is copied */
	struct panel_stream_out *copy; /* borrowed from the batch */
	struct source_cfg cfg;
	struct panel_buf fmt;
	struct panel_sha *sha;
	char hex[PANEL_SHA_HEX + 1];
	size_t rows;
	struct panel_export *csv;
};

struct import {
	struct panel_repo *repo;
	const struct panel_import *opts;
	long from, to;
	char from_s[PANEL_CALENDAR_DATE], to_s[PANEL_CALENDAR_DATE];
	const char *const *areas;
	int want[PANEL_STRATA]; /* a stratum selected by --channel */
	char **earlier;         /* sorted references sampled before */
	size_t nearlier;
	struct source src[NKINDS];
	int nsrc;
	int cur;
	struct panel_roster *roster; /* every row, until it is written */
	struct panel_batch *vault;   /* the copies and index, once committed */
	size_t excluded[NREASONS];
	char index[256]; /* the vault's sorted details of every contact */
	struct panel_buf scratch;
	struct panel_buf list[PANEL_STRATA]; /* each stratum's .ids, built */
	size_t nlist[PANEL_STRATA];
	char index_hex[PANEL_SHA_HEX + 1];
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
was_sampled(const struct import *im, const char *id)
{
	return im->nearlier > 0 && bsearch(&id, im->earlier, im->nearlier,
	                               sizeof(char *), cmp_str) != NULL;
}

static int
row_error(const struct panel_export_row *row, struct panel_err *err,
    const char *column, const char *what)
{
	return panel_err_set(err, PANEL_EINPUT, row->file, row->line, 0,
	    "column '%s': %s", column, what);
}

/* The first reason that leaves a row out, or NREASONS to keep it. */
static enum reason
reason_for(const struct import *im, const struct source_cfg *cfg,
    const struct panel_export_row *row, long day, int k)
{
	if (cfg->names[F_TRAINING] != NULL &&
	    strcmp(row->fields[F_TRAINING], cfg->training_value) == 0)
		return R_TRAINING;
	if (day < im->from || day > im->to)
		return R_PERIOD;
	if (!im->want[k])
		return R_CHANNEL;
	if (im->areas != NULL && cfg->names[F_AREA] != NULL &&
	    !panel_strlist_array_has(im->areas, row->fields[F_AREA]))
		return R_AREA;
	if (was_sampled(im, row->fields[F_ID]))
		return R_EARLIER;
	return NREASONS;
}

/* Appends s, with tabs and line breaks as spaces (the index is TSV). */
static void
add_flat(struct panel_buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		panel_buf_addch(out, (unsigned char)s[i] < 0x20 ? ' ' : s[i]);
}

/* Appends v as exactly n decimal digits (per row: no printf). */
static void
add_digits(struct panel_buf *out, int v, int n)
{
	char d[8];
	int i;

	for (i = n - 1; i >= 0; i--, v /= 10)
		d[i] = (char)('0' + v % 10);
	panel_buf_add(out, d, (size_t)n);
}

/*
 * The non-personal details the draw records of a row kept in a stratum,
 * copied into the roster; NULL if the area or recording is too long.
 */
static const char *
detail(struct import *im, const struct source_cfg *cfg,
    const struct panel_export_row *row, const struct panel_calendar_time *w)
{
	struct panel_buf *b = &im->scratch;

	if (row->lens[F_AREA] > PANEL_CONTACT_DETAIL_MAX ||
	    row->lens[F_RECORDING] > PANEL_CONTACT_DETAIL_MAX)
		return NULL;
	panel_buf_reset(b);
	add_digits(b, w->y, 4);
	panel_buf_addch(b, '-');
	add_digits(b, w->mo, 2);
	panel_buf_addch(b, '-');
	add_digits(b, w->d, 2);
	panel_buf_addch(b, '\t');
	add_digits(b, w->h, 2);
	panel_buf_addch(b, ':');
	add_digits(b, w->mi, 2);
	if (cfg->seconds) {
		panel_buf_addch(b, ':');
		add_digits(b, w->s, 2);
	}
	panel_buf_addch(b, '\t');
	add_flat(b, row->fields[F_AREA], row->lens[F_AREA]);
	panel_buf_addch(b, '\t');
	add_flat(b, row->fields[F_RECORDING], row->lens[F_RECORDING]);
	return panel_roster_copy(im->roster, b->buf, b->len);
}

static int
on_row(const struct panel_export_row *row, void *ctx, struct panel_err *err)
{
	struct import *im = ctx;
	struct source *s = &im->src[im->cur];
	const struct source_cfg *cfg = &s->cfg;
	const char *why;
	struct panel_roster_entry *e;
	struct panel_calendar_time w;
	enum reason r;
	int k;

	s->rows++;
	if ((why = panel_contacts_id_problem(
	         row->fields[F_ID], row->lens[F_ID])) != NULL)
		return panel_err_set(err, PANEL_EINPUT, row->file, row->line, 0,
		    "column '%s': contact reference %s", cfg->names[F_ID], why);
	if (panel_calendar_parse(&w, cfg->time_format, row->fields[F_TIME],
	        row->lens[F_TIME]) != 0)
		return row_error(row, err, cfg->names[F_TIME],
		    "time does not fit import time_format");
	if ((k = stratum_of(cfg, row->fields[F_CHANNEL])) < 0)
		return row_error(row, err, cfg->names[F_CHANNEL],
		    cfg->kind == CALLS
		        ? "unknown channel (not 101 or 999, nor mapped by "
		          "import channels)"
		        : "unknown channel (not email, webform or app, nor "
		          "mapped by import channels)");
	r = reason_for(im, cfg, row, panel_calendar_days(w.y, w.mo, w.d), k);
	if (r != NREASONS)
		im->excluded[r]++;
	e = panel_roster_add(im->roster, row->fields[F_ID], row->lens[F_ID]);
	e->line = row->line;
	e->src = (unsigned char)im->cur;
	e->stratum = (short)(r == NREASONS ? k : -1);
	e->detail = r == NREASONS ? detail(im, cfg, row, &w) : NULL;
	return e->detail != NULL || r != NREASONS
	           ? 0
	           : row_error(row, err,
	                 cfg->names[row->lens[F_AREA] > PANEL_CONTACT_DETAIL_MAX
	                                ? F_AREA
	                                : F_RECORDING],
	                 "longer than 256 bytes");
}

static int
feed_block(const void *data, size_t len, void *ctx, struct panel_err *err)
{
	struct import *im = ctx;
	struct source *s = &im->src[im->cur];
	int rc;

	if ((rc = panel_sha_update(s->sha, data, len, err)) != 0)
		return rc;
	return panel_export_feed(s->csv, data, len, err);
}

/* The vault folder from panel.yaml's paths, "vault" by default. */
static const char *
vault_dir(const struct panel_doc *panel)
{
	const char *v =
	    panel_node_get_str(panel_node_get(panel->root, "paths"), "vault");

	return v ? v : "vault";
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * Copies, hashes and parses one export in a single pass.  The copy stays
 * a temp file until the population is committed.
 */
static int
import_source(struct import *im, int i, const struct panel_doc *panel,
    struct panel_err *err)
{
	struct source *s = &im->src[i];
	unsigned char d[PANEL_SHA_LEN];
	int rc;

	im->cur = i;
	if ((rc = panel_repo_check_id(
	         "export file name", base_name(s->path), err)) < 0)
		return rc;
	snprintf(s->vault, sizeof(s->vault), "%s/%s/%s", vault_dir(panel),
	    im->opts->meeting, base_name(s->path));
	if ((rc = panel_sha_new(&s->sha, err)) < 0 ||
	    (rc = panel_sha_start(s->sha, err)) < 0 ||
	    (rc = panel_export_new(
	         &s->csv, s->path, s->cfg.names, NFIELDS, on_row, im, err)) < 0)
		return rc;
	if ((rc = panel_batch_open(&s->copy, im->vault, s->vault, err)) < 0 ||
	    (rc = panel_stream_out_copy(
	         s->copy, s->path, feed_block, im, err)) < 0 ||
	    (rc = panel_export_finish(s->csv, err)) < 0 ||
	    (rc = panel_sha_finish(d, s->sha, err)) < 0 ||
	    (rc = panel_stream_out_sync(s->copy, err)) < 0)
		return rc;
	panel_sha_hex(s->hex, d);
	return 0;
}

static int
duplicate(const struct import *im, const struct panel_roster_entry *a,
    const struct panel_roster_entry *b, struct panel_err *err)
{
	if (a->src == b->src)
		return panel_err_set(err, PANEL_EINPUT, im->src[b->src].path,
		    b->line, 0,
		    "column '%s': duplicate contact reference (first on line "
		    "%u)",
		    im->src[b->src].cfg.names[F_ID], a->line);
	return panel_err_set(err, PANEL_EINPUT, im->src[b->src].path, b->line,
	    0, "column '%s': duplicate contact reference (also in %s line %u)",
	    im->src[b->src].cfg.names[F_ID], im->src[a->src].path, a->line);
}

/* Refuses a reference given twice, naming its second row and its first. */
static int
sort_entries(struct import *im, struct panel_err *err)
{
	const struct panel_roster_entry *first, *second;

	if (panel_roster_sort(&first, &second, im->roster))
		return duplicate(im, first, second, err);
	return 0;
}

/*
 * Writes the details of every contact kept, sorted by reference, to the
 * vault, so that the draw finds its few items by binary search instead of
 * parsing the exports again.  Its digest goes in population.yaml; like
 * the copies, it is a temp file until the commit.
 */
static int
write_index(struct import *im, const char *vault, struct panel_err *err)
{
	struct panel_stream_out *w;
	int rc;

	snprintf(im->index, sizeof(im->index), "%s/%s/contacts.tsv", vault,
	    im->opts->meeting);
	if ((rc = panel_batch_open(&w, im->vault, im->index, err)) < 0 ||
	    (rc = panel_roster_write_index(
	         im->index_hex, im->list, im->nlist, im->roster, w, err)) < 0)
		return rc;
	return panel_stream_out_sync(w, err);
}

struct stratum_out {
	int k;
	struct panel_buf path;
	struct panel_buf data;
	size_t count;
	char hex[PANEL_SHA_HEX + 1];
};

/* Whether the sources given cover stratum k and --channel keeps it. */
static int
stratum_listed(const struct import *im, int k)
{
	int i;

	for (i = 0; i < im->nsrc; i++)
		if (k >= kind_strata[im->src[i].cfg.kind][0] &&
		    k < kind_strata[im->src[i].cfg.kind][1])
			return im->want[k];
	return 0;
}

/* Writes each listed stratum's sorted list and hashes it. */
static int
write_lists(struct stratum_out *out, int *nout, struct import *im,
    struct panel_err *err)
{
	unsigned char d[PANEL_SHA_LEN];
	struct panel_sha *sha = NULL;
	int slot[PANEL_STRATA], k, rc = 0;
	struct stratum_out *o;

	*nout = 0;
	for (k = 0; k < PANEL_STRATA; k++) {
		slot[k] = -1;
		if (!stratum_listed(im, k))
			continue;
		slot[k] = *nout;
		out[*nout].k = k;
		panel_population_list_path(
		    &out[*nout].path, im->opts->meeting, panel_strata[k]);
		(*nout)++;
	}
	/* The lists were filled with the index, in one pass over the rows. */
	for (k = 0; k < PANEL_STRATA; k++) {
		if (slot[k] < 0)
			continue;
		o = &out[slot[k]];
		panel_buf_release(&o->data);
		o->data = im->list[k];
		o->count = im->nlist[k];
		panel_buf_init(&im->list[k], 0);
	}
	if ((rc = panel_sha_new(&sha, err)) < 0)
		return rc;
	for (k = 0; k < *nout && rc == 0; k++) {
		rc = panel_sha_digest(
		    d, sha, out[k].data.buf, out[k].data.len, err);
		if (rc == 0)
			panel_sha_hex(out[k].hex, d);
		if (rc == 0)
			rc = panel_repo_write(im->repo, out[k].path.buf,
			    out[k].data.buf, out[k].data.len, err);
	}
	panel_sha_free(sha);
	return rc;
}

static struct panel_node *
pair(const char *k1, struct panel_node *v1, const char *k2,
    struct panel_node *v2)
{
	struct panel_node *m = panel_node_map();

	panel_node_set(m, k1, v1);
	panel_node_set(m, k2, v2);
	return m;
}

static struct panel_node *
str_list(const char *const *list)
{
	struct panel_node *seq = panel_node_seq();

	for (; *list != NULL; list++)
		panel_node_push(seq, panel_node_str(*list));
	return seq;
}

static struct panel_doc *
population_doc(const struct import *im, const struct stratum_out *out, int nout,
    const char *file)
{
	struct panel_doc *doc = panel_doc_new(file);
	struct panel_node *root = panel_node_map(), *seq, *m;
	const char *chosen[PANEL_STRATA + 1];
	int i, n = 0;

	doc->root = root;
	panel_node_set(root, "meeting", panel_node_str(im->opts->meeting));
	panel_node_set(root, "period",
	    pair("from", panel_node_str(im->from_s), "to",
	        panel_node_str(im->to_s)));
	seq = panel_node_seq();
	for (i = 0; i < im->nsrc; i++) {
		m = panel_node_map();
		panel_node_set(
		    m, "kind", panel_node_str(kind_names[im->src[i].cfg.kind]));
		panel_node_set(m, "file", panel_node_str(im->src[i].vault));
		panel_node_set(m, "sha256", panel_node_str(im->src[i].hex));
		panel_node_set(
		    m, "rows", panel_node_int((long long)im->src[i].rows));
		panel_node_push(seq, m);
	}
	panel_node_set(root, "sources", seq);
	panel_node_set(root, "index",
	    pair("file", panel_node_str(im->index), "sha256",
	        panel_node_str(im->index_hex)));
	if (im->areas != NULL || im->opts->channels != NULL) {
		m = panel_node_map();
		if (im->areas != NULL)
			panel_node_set(m, "areas", str_list(im->areas));
		for (i = 0; i < PANEL_STRATA; i++)
			if (im->want[i] && im->opts->channels != NULL)
				chosen[n++] = panel_strata[i];
		chosen[n] = NULL;
		if (im->opts->channels != NULL)
			panel_node_set(m, "channels", str_list(chosen));
		panel_node_set(root, "filters", m);
	}
	seq = panel_node_seq();
	for (i = 0; i < nout; i++) {
		m = panel_node_map();
		panel_node_set(
		    m, "name", panel_node_str(panel_strata[out[i].k]));
		panel_node_set(m, "file", panel_node_str(out[i].path.buf));
		panel_node_set(
		    m, "count", panel_node_int((long long)out[i].count));
		panel_node_set(m, "sha256", panel_node_str(out[i].hex));
		panel_node_push(seq, m);
	}
	panel_node_set(root, "strata", seq);
	seq = panel_node_seq();
	for (i = 0; i < NREASONS; i++)
		panel_node_push(seq,
		    pair("reason", panel_node_str(reason_names[i]), "count",
		        panel_node_int((long long)im->excluded[i])));
	panel_node_set(root, "excluded", seq);
	return doc;
}

static void
summarise(struct panel_buf *sum, const struct import *im,
    const struct stratum_out *out, int nout)
{
	int i;

	panel_buf_addf(
	    sum, "population for the meeting of %s\n", im->opts->meeting);
	panel_buf_addf(sum, "period %s to %s\n", im->from_s, im->to_s);
	for (i = 0; i < im->nsrc; i++)
		panel_buf_addf(sum, "source %s %s: %zu rows, sha256 %s\n",
		    kind_names[im->src[i].cfg.kind], im->src[i].vault,
		    im->src[i].rows, im->src[i].hex);
	for (i = 0; i < nout; i++)
		panel_buf_addf(sum, "stratum %-7s %8zu IDs, sha256 %s\n",
		    panel_strata[out[i].k], out[i].count, out[i].hex);
	for (i = 0; i < NREASONS; i++)
		panel_buf_addf(sum, "excluded %8zu %s\n", im->excluded[i],
		    reason_names[i]);
}

/* The end of the period of the latest meeting before date, or -1. */
static long
previous_end(const char *root, const char *date)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	const char *to;
	char **list = NULL;
	long end = -1;
	size_t i;

	if (panel_fs_list(&list, root, "meetings", NULL) < 0)
		return -1;
	for (i = 0; list[i] != NULL; i++)
		;
	while (i-- > 0 && end < 0) {
		if (panel_calendar_day_of(list[i]) < 0 ||
		    strcmp(list[i], date) >= 0)
			continue;
		panel_buf_reset(&path);
		panel_buf_addf(&path, "meetings/%s/population.yaml", list[i]);
		if (!panel_fs_exists(root, path.buf)) {
			panel_buf_reset(&path);
			panel_buf_addf(
			    &path, "meetings/%s/meeting.yaml", list[i]);
		}
		if (panel_record_load(&doc, root, path.buf, NULL) == 0 &&
		    doc->root != NULL) {
			to = panel_node_get_str(
			    panel_node_get(doc->root, "period"), "to");
			end = to ? panel_calendar_day_of(to) : -1;
		}
		panel_doc_free(doc);
		doc = NULL;
	}
	panel_fs_list_free(list);
	panel_buf_release(&path);
	return end;
}

static int
resolve_period(
    struct import *im, const struct panel_doc *meeting, struct panel_err *err)
{
	const struct panel_import *o = im->opts;
	const struct panel_node *p = panel_node_get(meeting->root, "period");
	const char *from, *to;
	long end;

	if (o->from != NULL || o->to != NULL) {
		im->from = o->from ? panel_calendar_day_of(o->from) : -1;
		im->to = o->to ? panel_calendar_day_of(o->to) : -1;
		if (im->from < 0 || im->to < 0)
			return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
			    "period: FROM and TO must be real dates "
			    "YYYY-MM-DD");
	} else if (p != NULL) {
		from = panel_node_get_str(p, "from");
		to = panel_node_get_str(p, "to");
		im->from = from ? panel_calendar_day_of(from) : -1;
		im->to = to ? panel_calendar_day_of(to) : -1;
		if (im->from < 0 || im->to < 0)
			return panel_err_set(err, PANEL_EINPUT, meeting->file,
			    p->line, p->column,
			    "field 'period' needs real dates 'from' and 'to'");
	} else if ((end = previous_end(im->repo->root, o->meeting)) >= 0) {
		im->from = end + 1;
		im->to = panel_calendar_today();
	} else {
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "no period for %s: give --period FROM..TO or set period "
		    "in its meeting.yaml",
		    o->meeting);
	}
	if (im->from > im->to)
		return panel_err_set(
		    err, PANEL_EINPUT, NULL, 0, 0, "period: FROM is after TO");
	panel_calendar_date(im->from_s, im->from);
	panel_calendar_date(im->to_s, im->to);
	return 0;
}

static void
add_earlier(struct import *im, size_t *alloc, const char *id)
{
	if (id == NULL)
		return;
	PANEL_GROW(im->earlier, im->nearlier + 1, *alloc);
	im->earlier[im->nearlier++] = panel_xstrdup(id);
}

/* The references sampled (items and replacements) in one sample.yaml. */
static void
collect_sampled(struct import *im, size_t *alloc, const struct panel_doc *doc)
{
	const struct panel_node *strata = panel_node_get(doc->root, "strata");
	const struct panel_node *subs =
	                            panel_node_get(doc->root, "substitutions"),
	                        *items;
	size_t i, j;

	for (i = 0; strata && strata->kind == PANEL_NODE_SEQ && i < strata->n;
	     i++) {
		items = panel_node_get(strata->items[i], "items");
		for (j = 0;
		     items && items->kind == PANEL_NODE_SEQ && j < items->n;
		     j++)
			add_earlier(im, alloc,
			    panel_node_get_str(items->items[j], "id"));
	}
	for (i = 0; subs && subs->kind == PANEL_NODE_SEQ && i < subs->n; i++)
		add_earlier(im, alloc,
		    panel_node_get_str(subs->items[i], "replacement"));
}

/* Gathers everything sampled at meetings before this one. */
static int
load_earlier(struct import *im, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	char **list = NULL;
	size_t i, alloc = 0;
	int rc;

	if ((rc = panel_fs_list(&list, im->repo->root, "meetings", err)) < 0)
		return rc;
	for (i = 0; list[i] != NULL && rc == 0; i++) {
		if (panel_calendar_day_of(list[i]) < 0 ||
		    strcmp(list[i], im->opts->meeting) >= 0)
			continue;
		panel_buf_reset(&path);
		panel_buf_addf(&path, "meetings/%s/sample.yaml", list[i]);
		if (!panel_fs_exists(im->repo->root, path.buf))
			continue;
		if ((rc = panel_record_load(
		         &doc, im->repo->root, path.buf, err)) == 0 &&
		    doc->root != NULL)
			collect_sampled(im, &alloc, doc);
		panel_doc_free(doc);
		doc = NULL;
	}
	if (im->nearlier > 1)
		qsort(im->earlier, im->nearlier, sizeof(char *), cmp_str);
	panel_fs_list_free(list);
	panel_buf_release(&path);
	return rc;
}

/* --area, else panel.yaml's import areas, else every area. */
static int
choose_areas(const char ***areas, const struct panel_import *o,
    const struct panel_doc *panel, struct panel_err *err)
{
	const struct panel_node *a =
	    panel_node_get(panel_node_get(panel->root, "import"), "areas");
	size_t i;

	*areas = NULL;
	if (o->areas != NULL || a == NULL)
		return 0;
	if (a->kind != PANEL_NODE_SEQ)
		return panel_err_set(err, PANEL_EINPUT, panel->file, a->line,
		    a->column, "import.areas: not a list of area names");
	*areas = panel_xcalloc(a->n + 1, sizeof(**areas));
	for (i = 0; i < a->n; i++) {
		if (a->items[i]->kind != PANEL_NODE_SCALAR)
			return panel_err_set(err, PANEL_EINPUT, panel->file,
			    a->items[i]->line, a->items[i]->column,
			    "import.areas[%zu]: not an area name", i);
		(*areas)[i] = a->items[i]->str;
	}
	return 0;
}

static int
choose_channels(struct import *im, struct panel_err *err)
{
	const char *const *c = im->opts->channels;
	int k;

	for (k = 0; k < PANEL_STRATA; k++)
		im->want[k] = c == NULL;
	for (; c != NULL && *c != NULL; c++) {
		if ((k = panel_stratum_index(*c)) < 0)
			return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
			    "channel '%.32s' is not a stratum (101, 999, "
			    "email, webform, app)",
			    *c);
		im->want[k] = 1;
	}
	return 0;
}

/*
 * Removes the lists of strata that an earlier import wrote and this one
 * did not, adding their paths (in stale[]) for the commit to delete.
 */
static int
remove_stale(struct panel_buf stale[PANEL_STRATA], int *nstale,
    const struct import *im, const struct stratum_out *out, int nout,
    struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	int k, i, written, rc = 0;

	*nstale = 0;
	for (k = 0; k < PANEL_STRATA && rc == 0; k++) {
		for (written = 0, i = 0; i < nout; i++)
			written |= out[i].k == k;
		panel_buf_reset(&path);
		panel_population_list_path(
		    &path, im->opts->meeting, panel_strata[k]);
		if (written || !panel_fs_exists(im->repo->root, path.buf))
			continue;
		rc = panel_repo_remove(im->repo, path.buf, err);
		panel_buf_addstr(&stale[(*nstale)++], path.buf);
	}
	panel_buf_release(&path);
	return rc;
}

static int
load_records(struct panel_doc **panel, struct panel_doc **meeting,
    struct import *im, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	const char *date = im->opts->meeting;
	int rc;

	if ((rc = panel_repo_check_date("meeting", date, err)) < 0)
		return rc;
	panel_buf_addf(&path, "meetings/%s/sample.yaml", date);
	if (panel_fs_exists(im->repo->root, path.buf))
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "a sample has been drawn for %s: its population is fixed",
		    date);
	panel_buf_reset(&path);
	panel_buf_addf(&path, "meetings/%s/meeting.yaml", date);
	if (rc == 0 && !panel_fs_exists(im->repo->root, path.buf))
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "no meeting on %s (no meeting.yaml)", date);
	if (rc == 0)
		rc = panel_record_load(meeting, im->repo->root, path.buf, err);
	if (rc == 0)
		rc =
		    panel_record_load(panel, im->repo->root, "panel.yaml", err);
	if (rc == 0 && ((*panel)->root == NULL || (*meeting)->root == NULL))
		rc = panel_err_set(err, PANEL_EINPUT,
		    (*panel)->root ? (*meeting)->file : (*panel)->file, 0, 0,
		    "record is empty");
	panel_buf_release(&path);
	return rc;
}

static int
import_all(
    struct import *im, const struct panel_doc *panel, struct panel_err *err)
{
	const char *paths[NKINDS] = {im->opts->calls, im->opts->correspondence};
	int i, rc = 0;

	for (i = 0; i < NKINDS && rc == 0; i++) {
		if (paths[i] == NULL)
			continue;
		im->src[im->nsrc].path = paths[i];
		rc = load_source(&im->src[im->nsrc].cfg, &im->src[im->nsrc].fmt,
		    panel, (enum kind)i, err);
		im->nsrc++;
	}
	for (i = 0; i < im->nsrc && rc == 0; i++)
		rc = import_source(im, i, panel, err);
	if (rc == 0)
		rc = sort_entries(im, err);
	if (rc == 0)
		rc = write_index(im, vault_dir(panel), err);
	return rc;
}

/* Writes the lists and population.yaml, then commits them together. */
static int
write_and_commit(
    struct panel_buf *summary, struct import *im, struct panel_err *err)
{
	struct stratum_out out[PANEL_STRATA];
	struct panel_buf stale[PANEL_STRATA], pop = PANEL_BUF_INIT;
	const char *paths[2 * PANEL_STRATA + 1];
	struct panel_doc *doc = NULL;
	size_t npaths = 0, total = 0;
	int nout = 0, nstale = 0, k, rc;

	memset(out, 0, sizeof(out));
	for (k = 0; k < PANEL_STRATA; k++) {
		panel_buf_init(&out[k].path, 0);
		panel_buf_init(&out[k].data, 0);
		panel_buf_init(&stale[k], 0);
	}
	panel_population_path(&pop, im->opts->meeting);
	if ((rc = write_lists(out, &nout, im, err)) < 0 ||
	    (rc = remove_stale(stale, &nstale, im, out, nout, err)) < 0)
		goto done;
	doc = population_doc(im, out, nout, pop.buf);
	if ((rc = panel_repo_save(im->repo, pop.buf, "population", doc, err)) <
	    0)
		goto done;
	paths[npaths++] = pop.buf;
	for (k = 0; k < nout; k++) {
		paths[npaths++] = out[k].path.buf;
		total += out[k].count;
	}
	for (k = 0; k < nstale; k++)
		paths[npaths++] = stale[k].buf;
	rc = panel_repo_commit(im->repo, "sample", paths, npaths, err,
	    "fix the population for %s: %zu contacts in %d strata",
	    im->opts->meeting, total, nout);
	if (rc == 0)
		rc = panel_batch_publish(im->vault, err);
	if (rc == 0)
		summarise(summary, im, out, nout);
done:
	panel_doc_free(doc);
	for (k = 0; k < PANEL_STRATA; k++) {
		panel_buf_release(&out[k].path);
		panel_buf_release(&out[k].data);
		panel_buf_release(&stale[k]);
	}
	panel_buf_release(&pop);
	return rc;
}

static void
import_release(struct import *im)
{
	size_t i;
	int k;

	for (k = 0; k < NKINDS; k++) {
		panel_sha_free(im->src[k].sha);
		panel_export_free(im->src[k].csv);
		panel_buf_release(&im->src[k].fmt);
	}
	for (i = 0; i < im->nearlier; i++)
		free(im->earlier[i]);
	free(im->earlier);
	for (k = 0; k < PANEL_STRATA; k++)
		panel_buf_release(&im->list[k]);
	panel_roster_free(im->roster);
	panel_batch_free(im->vault);
	panel_buf_release(&im->scratch);
}

int
panel_population_import(struct panel_buf *summary, struct panel_repo *repo,
    const struct panel_import *opts, struct panel_err *err)
{
	struct panel_doc *panel = NULL, *meeting = NULL;
	const char **areas = NULL;
	struct import im;
	int k, rc;

	if (opts->calls == NULL && opts->correspondence == NULL)
		return panel_err_set(err, PANEL_EUSAGE, NULL, 0, 0,
		    "nothing to import: give --calls or --correspondence");
	memset(&im, 0, sizeof(im));
	for (k = 0; k < NKINDS; k++)
		panel_buf_init(&im.src[k].fmt, 0);
	panel_buf_init(&im.scratch, 0);
	for (k = 0; k < PANEL_STRATA; k++)
		panel_buf_init(&im.list[k], 0);
	im.repo = repo;
	im.opts = opts;
	im.roster = panel_roster_new();
	im.vault = panel_batch_new(repo->root);
	if ((rc = load_records(&panel, &meeting, &im, err)) < 0 ||
	    (rc = choose_areas(&areas, opts, panel, err)) < 0 ||
	    (rc = choose_channels(&im, err)) < 0 ||
	    (rc = resolve_period(&im, meeting, err)) < 0 ||
	    (rc = load_earlier(&im, err)) < 0)
		goto done;
	im.areas = opts->areas ? opts->areas : areas;
	if ((rc = import_all(&im, panel, err)) == 0)
		rc = write_and_commit(summary, &im, err);
done:
	import_release(&im);
	free(areas);
	panel_doc_free(meeting);
	panel_doc_free(panel);
	return rc;
}
