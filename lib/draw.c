#include "draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "contacts.h"
#include "doc.h"
#include "fs.h"
#include "git.h"
#include "population.h"
#include "record.h"
#include "sample.h"

#include "banned.h"

#define TEXT_MAX 500

const long panel_draw_default_sizes[PANEL_STRATA] = {6, 2, 4, 2, 1};

void
panel_draw_path(struct panel_buf *out, const char *date)
{
	panel_buf_addf(out, "meetings/%s/sample.yaml", date);
}

int
panel_draw_parse_sizes(
    long sizes[PANEL_STRATA], const char *arg, struct panel_err *err)
{
	char *copy = panel_xstrdup(arg), *p = copy, *next, *eq, *end;
	long v;
	int k, rc = 0;

	for (; p != NULL && rc == 0; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		eq = strchr(p, '=');
		if (eq != NULL)
			*eq++ = '\0';
		k = eq ? panel_stratum_index(p) : -1;
		v = eq && *eq ? strtol(eq, &end, 10) : -1;
		if (k < 0 || v < 0 || *end != '\0' || v > PANEL_DRAW_SIZE_MAX)
			rc = -1;
		else
			sizes[k] = v;
	}
	free(copy);
	if (rc < 0)
		return panel_err_set(err, PANEL_EUSAGE, NULL, 0, 0,
		    "option --size: '%s' is not STRATUM=N,... with strata "
		    "101, 999, email, webform, app and N from 0 to %d",
		    arg, PANEL_DRAW_SIZE_MAX);
	return 0;
}

/* A stratum of the population as the draw sees it. */
struct stratum {
	const struct panel_node *pop; /* its entry in population.yaml */
	const char *name;
	const char *file;
	int k;
	long size, reserve;
	size_t count;
	char hex[PANEL_SHA_HEX + 1];
	struct panel_sample_heap heap;
	/* details of the kept items, by heap position once sorted */
	struct panel_contact *found;
	char **area, **recording;
	int *have;
	const char *source;
};

struct draw {
	struct panel_repo *repo;
	const char *meeting;
	struct panel_doc *panel, *pop;
	struct stratum st[PANEL_STRATA];
	int nst;
	struct panel_sample *sampler;
	const char *seed;
	char pop_commit[PANEL_OID_HEX + 1];
};

static void
draw_release(struct draw *d)
{
	size_t i;
	int k;

	for (k = 0; k < d->nst; k++) {
		for (i = 0; d->st[k].have && i < d->st[k].heap.n; i++) {
			free(d->st[k].area[i]);
			free(d->st[k].recording[i]);
		}
		free(d->st[k].area);
		free(d->st[k].recording);
		free(d->st[k].found);
		free(d->st[k].have);
		panel_sample_heap_release(&d->st[k].heap);
	}
	panel_sample_free(d->sampler);
	panel_doc_free(d->pop);
	panel_doc_free(d->panel);
}

static int
load(struct panel_doc **out, struct panel_repo *repo, const char *path,
    struct panel_err *err)
{
	int rc = panel_record_load(out, repo->root, path, err);

	if (rc == 0 && (*out)->root == NULL)
		rc = panel_err_set(
		    err, PANEL_EINPUT, path, 0, 0, "record is empty");
	return rc;
}

/* Reads population.yaml's strata into d->st. */
static int
load_strata(struct draw *d, struct panel_err *err)
{
	const struct panel_node *seq = panel_node_get(d->pop->root, "strata");
	const struct panel_node *n;
	struct stratum *s;
	size_t i;

	if (seq == NULL || seq->kind != PANEL_NODE_SEQ || seq->n == 0 ||
	    seq->n > PANEL_STRATA)
		return panel_err_set(err, PANEL_EINPUT, d->pop->file, 0, 0,
		    "field 'strata' is missing or empty");
	for (i = 0; i < seq->n; i++) {
		n = seq->items[i];
		s = &d->st[d->nst];
		s->pop = n;
		s->name = panel_node_get_str(n, "name");
		s->file = panel_node_get_str(n, "file");
		if (s->name == NULL || s->file == NULL ||
		    (s->k = panel_stratum_index(s->name)) < 0)
			return panel_err_set(err, PANEL_EINPUT, d->pop->file,
			    n->line, n->column,
			    "strata[%zu]: needs a known name and a file", i);
		d->nst++;
	}
	return 0;
}

/* The newest commit that changed path, into out ("" if none). */
static int
newest(const struct panel_git_commit *c, void *ctx)
{
	memcpy(ctx, c->id, PANEL_OID_HEX + 1);
	return 1;
}

/* Walking back, stops at the commit that made the file as it now lives. */
struct creation {
	struct panel_git *git;
	const char *path;
	char id[PANEL_OID_HEX + 1];
};

static int
created(const struct panel_git_commit *c, void *ctx)
{
	struct creation *cr = ctx;
	struct panel_buf rev = PANEL_BUF_INIT, data = PANEL_BUF_INIT;
	int absent;

	memcpy(cr->id, c->id, PANEL_OID_HEX + 1);
	panel_buf_addf(&rev, "%s^", c->id);
	absent = panel_git_read(&data, cr->git, rev.buf, cr->path, NULL) < 0;
	panel_buf_release(&rev);
	panel_buf_release(&data);
	return absent;
}

static int
last_change(char out[PANEL_OID_HEX + 1], struct panel_git *git,
    const char *path, struct panel_err *err)
{
	out[0] = '\0';
	return panel_git_log(git, path, newest, out, err) < 0 ? err->code : 0;
}

/* The commit that last changed the population (its file or its lists). */
static int
population_commit(char out[PANEL_OID_HEX + 1], struct panel_repo *repo,
    const char *meeting, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	char lists[PANEL_OID_HEX + 1];
	int rc;

	panel_population_path(&path, meeting);
	rc = last_change(out, repo->git, path.buf, err);
	panel_buf_reset(&path);
	panel_buf_addf(&path, "meetings/%s/population", meeting);
	if (rc == 0)
		rc = last_change(lists, repo->git, path.buf, err);
	if (rc == 0 && lists[0] != '\0' && strcmp(lists, out) != 0 &&
	    (out[0] == '\0' ||
	        (rc = panel_git_is_ancestor(repo->git, out, lists, err)) == 1))
		memcpy(out, lists, sizeof(lists));
	panel_buf_release(&path);
	return rc < 0 ? rc : 0;
}

/* Refuses a population that is not committed exactly as it is. */
static int
check_committed(struct draw *d, struct panel_err *err)
{
	int k, rc;

	if ((rc = panel_git_unchanged(d->repo->git, d->pop->file, err)) < 0)
		return rc;
	for (k = 0; k < d->nst && rc == 1; k++)
		if ((rc = panel_git_unchanged(
		         d->repo->git, d->st[k].file, err)) < 0)
			return rc;
	if (rc == 0)
		return panel_err_set(err, PANEL_EINPUT, d->pop->file, 0, 0,
		    "the population is not committed as it stands: import it "
		    "with panel-sample import, and draw after that commit");
	return population_commit(d->pop_commit, d->repo, d->meeting, err);
}

/* Refuses a seed already recorded at another meeting. */
static int
check_seed_unused(struct draw *d, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	const char *seed;
	char **list = NULL;
	size_t i;
	int rc;

	if ((rc = panel_fs_list(&list, d->repo->root, "meetings", err)) < 0)
		return rc;
	for (i = 0; list[i] != NULL && rc == 0; i++) {
		panel_buf_reset(&path);
		panel_draw_path(&path, list[i]);
		if (strcmp(list[i], d->meeting) == 0 ||
		    panel_repo_check_date("meeting", list[i], NULL) < 0 ||
		    !panel_fs_exists(d->repo->root, path.buf))
			continue;
		if ((rc = load(&doc, d->repo, path.buf, err)) == 0 &&
		    (seed = panel_node_get_str(doc->root, "seed")) != NULL &&
		    strcmp(seed, d->seed) == 0)
			rc = panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
			    "seed: already used for the sample of %s; roll "
			    "the dice again",
			    list[i]);
		panel_doc_free(doc);
		doc = NULL;
	}
	panel_fs_list_free(list);
	panel_buf_release(&path);
	return rc;
}

/* The whole number >= 0 under key in map, or -1. */
static long
int_field(const struct panel_node *map, const char *key)
{
	const struct panel_node *n = panel_node_get(map, key);
	char *end;
	long v;

	if (n == NULL || n->kind != PANEL_NODE_SCALAR || n->str[0] == '\0' ||
	    n->str[0] == '-' || n->str[0] == '+')
		return -1;
	v = strtol(n->str, &end, 10);
	return *end == '\0' && v >= 0 ? v : -1;
}

/* A size or reserve from panel.yaml's import section, or -1. */
static long
configured(const struct panel_doc *panel, const char *key, const char *name)
{
	const struct panel_node *imp = panel_node_get(panel->root, "import");

	if (name != NULL)
		return int_field(panel_node_get(imp, key), name);
	return int_field(imp, key);
}

static int
choose_sizes(struct draw *d, const struct panel_draw *o, struct panel_err *err)
{
	long reserve = o->reserve, v;
	int k, i;

	if (reserve < 0 &&
	    (reserve = configured(d->panel, "reserve", NULL)) < 0)
		reserve = PANEL_DRAW_DEFAULT_RESERVE;
	for (k = 0; k < PANEL_STRATA; k++) {
		for (i = 0; i < d->nst && d->st[i].k != k; i++)
			;
		if (i == d->nst && o->sizes[k] >= 0)
			return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
			    "size: stratum '%s' is not in the population of "
			    "%s",
			    panel_strata[k], d->meeting);
		if (i == d->nst)
			continue;
		v = o->sizes[k];
		if (v < 0 &&
		    (v = configured(d->panel, "sizes", panel_strata[k])) < 0)
			v = panel_draw_default_sizes[k];
		if (v > PANEL_DRAW_SIZE_MAX || reserve > PANEL_DRAW_RESERVE_MAX)
			return panel_err_set(err, PANEL_EINPUT, d->panel->file,
			    0, 0, "import: size over %d or reserve over %d",
			    PANEL_DRAW_SIZE_MAX, PANEL_DRAW_RESERVE_MAX);
		d->st[i].size = v;
		d->st[i].reserve = reserve;
	}
	return 0;
}

struct offer_ctx {
	struct stratum *s;
	struct panel_sample *sampler;
};

static int
offer_to(const char *id, size_t len, void *ctx, struct panel_err *err)
{
	struct offer_ctx *o = ctx;

	return panel_sample_heap_add(&o->s->heap, o->sampler, id, len, err);
}

/* Streams a stratum's list into its heap, checking it against the record. */
static int
order_stratum(struct stratum *s, struct panel_sample *sampler, const char *root,
    const char *popfile, struct panel_err *err)
{
	struct offer_ctx o = {s, sampler};
	const char *want = panel_node_get_str(s->pop, "sha256");
	const char *count = panel_node_get_str(s->pop, "count");
	char n[32];
	int rc;

	panel_sample_heap_init(&s->heap, (size_t)(s->size + s->reserve));
	if ((rc = panel_contacts_ids(
	         &s->count, s->hex, root, s->file, offer_to, &o, err)) < 0)
		return rc;
	snprintf(n, sizeof(n), "%zu", s->count);
	if (want == NULL || strcmp(want, s->hex) != 0 || count == NULL ||
	    strcmp(count, n) != 0)
		return panel_err_set(err, PANEL_ENO, s->file, 0, 0,
		    "differs from %s (count or sha256)", popfile);
	panel_sample_heap_sort(&s->heap);
	return 0;
}

/* Copies the details of item at of s from the index's line. */
static void
keep_details(struct stratum *s, size_t at, const struct panel_contact *c)
{
	s->found[at] = *c;
	s->found[at].id = s->heap.items[at].id;
	s->area[at] = panel_xstrdup(c->area);
	s->recording[at] = panel_xstrdup(c->recording);
	s->found[at].area = s->area[at];
	s->found[at].recording = s->recording[at];
	s->have[at] = 1;
	if (c->source != NULL)
		s->source = c->source;
}

/*
 * Looks up the kept items' details in the vault's index by binary search,
 * so that the draw never parses the exports again.
 */
static int
find_details(struct draw *d, struct panel_err *err)
{
	struct panel_index *ix = NULL;
	struct panel_contact c;
	struct stratum *s;
	size_t i;
	int k, rc;

	if ((rc = panel_contacts_index_open(&ix, d->repo->root, d->pop, err)) <
	    0)
		return rc;
	for (k = 0; k < d->nst && rc == 0; k++) {
		s = &d->st[k];
		s->found = panel_xcalloc(s->heap.n + 1, sizeof(*s->found));
		s->area = panel_xcalloc(s->heap.n + 1, sizeof(char *));
		s->recording = panel_xcalloc(s->heap.n + 1, sizeof(char *));
		s->have = panel_xcalloc(s->heap.n + 1, sizeof(int));
		for (i = 0; i < s->heap.n && rc == 0; i++) {
			rc = panel_contacts_index_find(&c, ix,
			    s->heap.items[i].id, s->heap.items[i].len, err);
			if (rc == 1 && c.stratum == s->k) {
				keep_details(s, i, &c);
				rc = 0;
			} else if (rc >= 0) {
				rc = panel_err_set(err, PANEL_EINPUT, s->file,
				    0, 0,
				    "'%.64s' is in the list but not in the "
				    "vault's index of this stratum",
				    s->heap.items[i].id);
			}
		}
	}
	panel_contacts_index_free(ix);
	return rc;
}

static struct panel_node *
item_node(const struct stratum *s, size_t i)
{
	struct panel_node *m = panel_node_map();
	const struct panel_contact *c = &s->found[i];
	char t[PANEL_SAMPLE_TICKET_MAX];

	panel_sample_ticket(t, &s->heap.items[i].key);
	panel_node_set(m, "position", panel_node_int((long long)i + 1));
	panel_node_set(m, "ticket", panel_node_str(t));
	panel_node_set(m, "id", panel_node_str(s->heap.items[i].id));
	if (s->have != NULL && s->have[i]) {
		panel_node_set(m, "date", panel_node_str(c->date));
		panel_node_set(m, "time", panel_node_str(c->time));
		panel_node_set(m, "channel", panel_node_str(s->name));
		if (c->area[0] != '\0')
			panel_node_set(m, "area", panel_node_str(c->area));
		if (c->recording[0] != '\0')
			panel_node_set(
			    m, "recording", panel_node_str(c->recording));
	}
	return m;
}

static struct panel_node *
stratum_node(const struct stratum *s)
{
	struct panel_node *m = panel_node_map(), *items, *res;
	size_t i, n = s->heap.n;

	panel_node_set(m, "name", panel_node_str(s->name));
	if (s->source != NULL)
		panel_node_set(m, "source", panel_node_str(s->source));
	panel_node_set(m, "population", panel_node_int((long long)s->count));
	panel_node_set(m, "sha256", panel_node_str(s->hex));
	panel_node_set(m, "size", panel_node_int(s->size));
	panel_node_set(m, "reserve", panel_node_int(s->reserve));
	items = panel_node_seq();
	res = panel_node_seq();
	for (i = 0; i < n; i++)
		panel_node_push(
		    i < (size_t)s->size ? items : res, item_node(s, i));
	panel_node_set(m, "items", items);
	panel_node_set(m, "reserves", res);
	return m;
}

static struct panel_doc *
sample_doc(const struct draw *d, const char *file)
{
	struct panel_doc *doc = panel_doc_new(file);
	struct panel_node *root = panel_node_map(), *seq = panel_node_seq();
	int k;

	doc->root = root;
	panel_node_set(root, "meeting", panel_node_str(d->meeting));
	panel_node_set(
	    root, "algorithm", panel_node_str(PANEL_SAMPLE_ALGORITHM));
	panel_node_set(root, "seed", panel_node_str(d->seed));
	panel_node_set(root, "seed_sha256",
	    panel_node_str(panel_sample_seed_hash(d->sampler)));
	panel_node_set(
	    root, "population_commit", panel_node_str(d->pop_commit));
	for (k = 0; k < d->nst; k++)
		panel_node_push(seq, stratum_node(&d->st[k]));
	panel_node_set(root, "strata", seq);
	panel_node_set(root, "substitutions", panel_node_seq());
	panel_node_set(root, "conflicts", panel_node_seq());
	return doc;
}

static void
summarise_draw(struct panel_buf *sum, const struct draw *d)
{
	char t[PANEL_SAMPLE_TICKET_MAX];
	const struct stratum *s;
	size_t i;
	int k;

	panel_buf_addf(sum, "sample for the meeting of %s, seed %s\n",
	    d->meeting, d->seed);
	for (k = 0; k < d->nst; k++) {
		s = &d->st[k];
		panel_buf_addf(sum, "stratum %s: %zu of %zu, %zu reserves\n",
		    s->name,
		    s->heap.n < (size_t)s->size ? s->heap.n : (size_t)s->size,
		    s->count,
		    s->heap.n > (size_t)s->size ? s->heap.n - (size_t)s->size
		                                : 0);
		for (i = 0; i < s->heap.n; i++) {
			panel_sample_ticket(t, &s->heap.items[i].key);
			panel_buf_addf(sum, "  %s%3zu  %-22s %s\n",
			    i < (size_t)s->size ? " " : "r", i + 1, t,
			    s->heap.items[i].id);
		}
	}
}

/* Loads the population and checks what the draw and verify share. */
static int
prepare(struct draw *d, struct panel_repo *repo, const char *meeting,
    struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	int rc;

	d->repo = repo;
	d->meeting = meeting;
	if ((rc = panel_repo_check_date("meeting", meeting, err)) < 0)
		return rc;
	panel_population_path(&path, meeting);
	if (!panel_fs_exists(repo->root, path.buf))
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "no population for %s: run panel-sample import first",
		    meeting);
	if (rc == 0)
		rc = load(&d->pop, repo, path.buf, err);
	if (rc == 0)
		rc = load(&d->panel, repo, "panel.yaml", err);
	if (rc == 0)
		rc = load_strata(d, err);
	panel_buf_release(&path);
	return rc;
}

int
panel_draw_sample(struct panel_buf *summary, struct panel_repo *repo,
    const struct panel_draw *o, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	struct draw d;
	int k, rc;

	memset(&d, 0, sizeof(d));
	d.seed = o->seed;
	if ((rc = panel_sample_check_seed(o->seed, err)) < 0 ||
	    (rc = prepare(&d, repo, o->meeting, err)) < 0)
		goto done;
	panel_draw_path(&path, o->meeting);
	if (panel_fs_exists(repo->root, path.buf)) {
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "a sample has already been drawn for %s", o->meeting);
		goto done;
	}
	if ((rc = check_committed(&d, err)) < 0 ||
	    (rc = check_seed_unused(&d, err)) < 0 ||
	    (rc = choose_sizes(&d, o, err)) < 0 ||
	    (rc = panel_sample_new(&d.sampler, o->seed, strlen(o->seed), err)) <
	        0)
		goto done;
	for (k = 0; k < d.nst && rc == 0; k++)
		rc = order_stratum(
		    &d.st[k], d.sampler, repo->root, d.pop->file, err);
	if (rc == PANEL_ENO)
		rc = err->code = PANEL_EINPUT;
	if (rc < 0 || (rc = find_details(&d, err)) < 0)
		goto done;
	doc = sample_doc(&d, path.buf);
	if ((rc = panel_repo_save(repo, path.buf, "sample", doc, err)) == 0)
		rc = panel_repo_commit(repo, "sample",
		    (const char *[]){path.buf}, 1, err,
		    "draw the sample for %s with seed %s", o->meeting, o->seed);
	if (rc == 0)
		summarise_draw(summary, &d);
done:
	panel_doc_free(doc);
	panel_buf_release(&path);
	draw_release(&d);
	return rc;
}

static int PANEL_PRINTF(4, 5) differ(struct panel_err *err, const char *file,
    const struct panel_node *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panel_err_vset(err, PANEL_ENO, file, at ? at->line : 0,
	    at ? at->column : 0, fmt, ap);
	va_end(ap);
	return PANEL_ENO;
}

static const struct panel_node *
seq_of(const struct panel_node *map, const char *key)
{
	const struct panel_node *n = panel_node_get(map, key);

	return n != NULL && n->kind == PANEL_NODE_SEQ ? n : NULL;
}

static size_t
seq_len(const struct panel_node *seq)
{
	return seq ? seq->n : 0;
}

/* A stratum's sample as it stands after the substitutions so far. */
struct eff {
	const struct panel_node *stratum;
	const struct panel_node *items, *reserves;
	const struct panel_node **cur;
	int *repl;
	size_t n, used;
};

static void
eff_release(struct eff *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].cur);
		free(e[i].repl);
	}
}

/* Finds id in the current samples: returns 1 with stratum and place. */
static int
eff_find(const struct eff *e, size_t n, const char *id, size_t *s, size_t *j)
{
	const char *x;

	for (*s = 0; *s < n; (*s)++)
		for (*j = 0; *j < e[*s].n; (*j)++)
			if ((x = panel_node_get_str(e[*s].cur[*j], "id")) &&
			    strcmp(x, id) == 0)
				return 1;
	return 0;
}

/* Applies one substitution; PANEL_ENO if it does not follow the rules. */
static int
eff_apply(struct eff *e, size_t n, const struct panel_node *sub, size_t i,
    const char *file, struct panel_err *err)
{
	const char *item = panel_node_get_str(sub, "item");
	const char *repl = panel_node_get_str(sub, "replacement");
	const char *next;
	size_t s, j;

	if (item == NULL || !eff_find(e, n, item, &s, &j))
		return differ(err, file, sub,
		    "substitutions[%zu]: item is not in the sample as it "
		    "stood",
		    i);
	next = e[s].used < seq_len(e[s].reserves)
	           ? panel_node_get_str(e[s].reserves->items[e[s].used], "id")
	           : NULL;
	if (repl == NULL || next == NULL || strcmp(repl, next) != 0)
		return differ(err, file, sub,
		    "substitutions[%zu]: replacement is not the next reserve "
		    "of stratum '%s'",
		    i, panel_node_get_str(e[s].stratum, "name"));
	e[s].cur[j] = e[s].reserves->items[e[s].used++];
	e[s].repl[j] = 1;
	return 0;
}

/* Builds every stratum's current sample from sample.yaml. */
static int
effective(struct eff e[PANEL_STRATA], size_t *ne, const struct panel_doc *doc,
    struct panel_err *err)
{
	const struct panel_node *strata = seq_of(doc->root, "strata");
	const struct panel_node *subs = seq_of(doc->root, "substitutions");
	size_t i, j;
	int rc = 0;

	*ne = 0;
	if (strata == NULL || strata->n > PANEL_STRATA)
		return differ(err, doc->file, doc->root,
		    "field 'strata' is missing or too long");
	for (i = 0; i < strata->n; i++) {
		e[i].stratum = strata->items[i];
		e[i].items = seq_of(e[i].stratum, "items");
		e[i].reserves = seq_of(e[i].stratum, "reserves");
		e[i].n = seq_len(e[i].items);
		e[i].used = 0;
		e[i].cur = panel_xcalloc(e[i].n + 1, sizeof(*e[i].cur));
		e[i].repl = panel_xcalloc(e[i].n + 1, sizeof(*e[i].repl));
		for (j = 0; j < e[i].n; j++)
			e[i].cur[j] = e[i].items->items[j];
		(*ne)++;
	}
	for (i = 0; i < seq_len(subs) && rc == 0; i++)
		rc = eff_apply(e, *ne, subs->items[i], i, doc->file, err);
	return rc;
}

int
panel_draw_each(const struct panel_doc *sample,
    int (*fn)(const struct panel_node *stratum, const struct panel_node *item,
        int replacement, void *ctx),
    void *ctx)
{
	struct eff e[PANEL_STRATA];
	size_t ne = 0, i, j;
	int rc;

	if ((rc = effective(e, &ne, sample, NULL)) == 0 && fn != NULL)
		for (i = 0; i < ne && rc == 0; i++)
			for (j = 0; j < e[i].n && rc == 0; j++)
				rc = fn(e[i].stratum, e[i].cur[j], e[i].repl[j],
				    ctx);
	eff_release(e, ne);
	return rc;
}

/* Compares one drawn item with its record; PANEL_ENO at the first change. */
static int
check_item(const struct stratum *s, size_t i, const struct panel_node *n,
    const char *where, size_t at, const char *file, struct panel_err *err)
{
	char t[PANEL_SAMPLE_TICKET_MAX], pos[32];
	const char *v;

	panel_sample_ticket(t, &s->heap.items[i].key);
	snprintf(pos, sizeof(pos), "%zu", i + 1);
	if ((v = panel_node_get_str(n, "position")) == NULL || strcmp(v, pos))
		return differ(err, file, n,
		    "stratum '%s' %s[%zu]: position should be %s", s->name,
		    where, at, pos);
	if ((v = panel_node_get_str(n, "id")) == NULL ||
	    strcmp(v, s->heap.items[i].id) != 0)
		return differ(err, file, n,
		    "stratum '%s' %s[%zu]: id should be '%s', position %zu in "
		    "the order",
		    s->name, where, at, s->heap.items[i].id, i + 1);
	if ((v = panel_node_get_str(n, "ticket")) == NULL || strcmp(v, t) != 0)
		return differ(err, file, n,
		    "stratum '%s' %s[%zu]: ticket should be %s", s->name, where,
		    at, t);
	return 0;
}

static int
check_stratum(struct draw *d, struct stratum *s, const struct panel_node *rec,
    const char *file, struct panel_err *err)
{
	const struct panel_node *items = seq_of(rec, "items");
	const struct panel_node *res = seq_of(rec, "reserves");
	size_t i, nitems;
	char n[32];
	int rc;

	s->size = int_field(rec, "size");
	s->reserve = int_field(rec, "reserve");
	if (s->size < 0 || s->size > PANEL_DRAW_SIZE_MAX || s->reserve < 0 ||
	    s->reserve > PANEL_DRAW_RESERVE_MAX)
		return differ(err, file, rec,
		    "stratum '%s': size or reserve is missing or out of range",
		    s->name);
	if ((rc = order_stratum(
	         s, d->sampler, d->repo->root, d->pop->file, err)) < 0)
		return rc;
	snprintf(n, sizeof(n), "%zu", s->count);
	if (!panel_node_get_str(rec, "population") ||
	    strcmp(panel_node_get_str(rec, "population"), n) != 0 ||
	    !panel_node_get_str(rec, "sha256") ||
	    strcmp(panel_node_get_str(rec, "sha256"), s->hex) != 0)
		return differ(err, file, rec,
		    "stratum '%s': population count or sha256 differs from "
		    "the list",
		    s->name);
	nitems = s->heap.n < (size_t)s->size ? s->heap.n : (size_t)s->size;
	if (seq_len(items) != nitems || seq_len(res) != s->heap.n - nitems)
		return differ(err, file, rec,
		    "stratum '%s': %zu items and %zu reserves, the draw gives "
		    "%zu and %zu",
		    s->name, seq_len(items), seq_len(res), nitems,
		    s->heap.n - nitems);
	for (i = 0; i < s->heap.n && rc == 0; i++)
		rc = i < nitems ? check_item(s, i, items->items[i], "items", i,
		                      file, err)
		                : check_item(s, i, res->items[i - nitems],
		                      "reserves", i - nitems, file, err);
	return rc;
}

/* The records verify reads must be the committed ones. */
static int
check_clean(struct draw *d, const char *sample, struct panel_err *err)
{
	const char *paths[PANEL_STRATA + 2];
	size_t n = 0, i;
	int k, rc;

	paths[n++] = sample;
	paths[n++] = d->pop->file;
	for (k = 0; k < d->nst; k++)
		paths[n++] = d->st[k].file;
	for (i = 0; i < n; i++) {
		if ((rc = panel_git_unchanged(d->repo->git, paths[i], err)) < 0)
			return rc;
		if (rc == 0)
			return differ(err, paths[i], NULL,
			    "differs from its committed version (or is not "
			    "committed)");
	}
	return 0;
}

/* The population must have been committed before, not with, the draw. */
static int
check_order(struct panel_buf *sum, struct draw *d, const struct panel_doc *doc,
    struct panel_err *err)
{
	const char *rec = panel_node_get_str(doc->root, "population_commit");
	struct creation cr = {d->repo->git, doc->file, ""};
	char pop[PANEL_OID_HEX + 1], *drawn = cr.id;
	int rc;

	/* The draw is the commit that created sample.yaml as it now is. */
	if ((rc = population_commit(pop, d->repo, d->meeting, err)) < 0 ||
	    (rc = panel_git_log(d->repo->git, doc->file, created, &cr, err)) <
	        0)
		return rc;
	if (drawn[0] == '\0' || pop[0] == '\0')
		return differ(err, doc->file, NULL, "not committed");
	if ((rc = panel_git_parents(d->repo->git, drawn, err)) < 0)
		return rc;
	if (rc == 0 && strcmp(pop, drawn) == 0) {
		/* A copy (panel init --from) starts its history here. */
		panel_buf_addf(sum,
		    "history starts at %.12s with the records already drawn: "
		    "commit order not checked here\n",
		    drawn);
		return 0;
	}
	if ((rc = panel_git_is_ancestor(d->repo->git, pop, drawn, err)) < 0)
		return rc;
	if (rc == 0)
		return differ(err, doc->file, NULL,
		    "the population (commit %.12s) was not committed before "
		    "the draw (commit %.12s)",
		    pop, drawn);
	if (rec == NULL || strcmp(rec, pop) != 0)
		return differ(err, doc->file,
		    panel_node_get(doc->root, "population_commit"),
		    "population_commit is not %.12s, the commit that fixed "
		    "the population",
		    pop);
	panel_buf_addf(sum,
	    "population commit %.12s predates the draw commit %.12s\n", pop,
	    drawn);
	return 0;
}

/* The seed, its hash and the algorithm as recorded. */
static int
check_seed(struct draw *d, const struct panel_doc *doc, struct panel_err *err)
{
	const char *alg = panel_node_get_str(doc->root, "algorithm");
	const char *hash = panel_node_get_str(doc->root, "seed_sha256");
	int rc;

	d->seed = panel_node_get_str(doc->root, "seed");
	if (alg == NULL || strcmp(alg, PANEL_SAMPLE_ALGORITHM) != 0)
		return differ(err, doc->file,
		    panel_node_get(doc->root, "algorithm"),
		    "algorithm is not " PANEL_SAMPLE_ALGORITHM);
	if (d->seed == NULL || panel_sample_check_seed(d->seed, NULL) < 0)
		return differ(err, doc->file, panel_node_get(doc->root, "seed"),
		    "seed is missing or not 20 to 256 digits");
	if ((rc = panel_sample_new(
	         &d->sampler, d->seed, strlen(d->seed), err)) < 0)
		return rc;
	if (hash == NULL || strcmp(hash, panel_sample_seed_hash(d->sampler)))
		return differ(err, doc->file,
		    panel_node_get(doc->root, "seed_sha256"),
		    "seed_sha256 is not the SHA-256 of the seed");
	return 0;
}

/* Every declaration names a member and an item of the sample. */
static int check_conflicts(
    struct draw *d, const struct panel_doc *doc, struct panel_err *err);

static int
verify_strata(
    struct draw *d, const struct panel_doc *doc, struct panel_err *err)
{
	const struct panel_node *strata = seq_of(doc->root, "strata");
	const char *name;
	int k, rc = 0;

	if (seq_len(strata) != (size_t)d->nst)
		return differ(err, doc->file, doc->root,
		    "%zu strata, the population has %d", seq_len(strata),
		    d->nst);
	for (k = 0; k < d->nst && rc == 0; k++) {
		name = panel_node_get_str(strata->items[k], "name");
		if (name == NULL || strcmp(name, d->st[k].name) != 0)
			return differ(err, doc->file, strata->items[k],
			    "strata[%d]: name should be '%s'", k,
			    d->st[k].name);
		rc = check_stratum(
		    d, &d->st[k], strata->items[k], doc->file, err);
	}
	return rc;
}

int
panel_draw_verify(struct panel_buf *summary, struct panel_repo *repo,
    const char *meeting, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT, notes = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	struct eff e[PANEL_STRATA];
	size_t ne = 0, items = 0;
	struct draw d;
	int k, rc;

	memset(&d, 0, sizeof(d));
	if ((rc = prepare(&d, repo, meeting, err)) < 0)
		goto done;
	panel_draw_path(&path, meeting);
	if (!panel_fs_exists(repo->root, path.buf)) {
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "no sample has been drawn for %s", meeting);
		goto done;
	}
	if ((rc = load(&doc, repo, path.buf, err)) < 0 ||
	    (repo->git != NULL && (rc = check_clean(&d, path.buf, err)) < 0) ||
	    (rc = check_seed(&d, doc, err)) < 0 ||
	    (rc = verify_strata(&d, doc, err)) < 0 ||
	    (rc = effective(e, &ne, doc, err)) < 0 ||
	    (rc = check_conflicts(&d, doc, err)) < 0)
		goto done;
	if (repo->git == NULL)
		panel_buf_addstr(&notes,
		    "not a git work tree: commit order not "
		    "checked\n");
	else if ((rc = check_order(&notes, &d, doc, err)) < 0)
		goto done;
	for (k = 0; k < d.nst; k++)
		items += seq_len(seq_of(e[k].stratum, "items"));
	panel_buf_addf(summary,
	    "sample for %s verified: seed %s, %d strata, %zu items, %zu "
	    "substitutions\n%s",
	    meeting, d.seed, d.nst, items,
	    seq_len(seq_of(doc->root, "substitutions")), notes.buf);
done:
	eff_release(e, ne);
	panel_doc_free(doc);
	panel_buf_release(&path);
	panel_buf_release(&notes);
	draw_release(&d);
	return rc;
}

/* Whether id is among the items or reserves of any stratum. */
static int
in_sample(const struct panel_doc *doc, const char *id)
{
	const struct panel_node *strata = seq_of(doc->root, "strata"), *s;
	const char *x;
	size_t i, j;

	for (i = 0; i < seq_len(strata); i++) {
		s = seq_of(strata->items[i], "items");
		for (j = 0; j < seq_len(s); j++)
			if ((x = panel_node_get_str(s->items[j], "id")) &&
			    strcmp(x, id) == 0)
				return 1;
		s = seq_of(strata->items[i], "reserves");
		for (j = 0; j < seq_len(s); j++)
			if ((x = panel_node_get_str(s->items[j], "id")) &&
			    strcmp(x, id) == 0)
				return 1;
	}
	return 0;
}

static int
member_exists(
    struct panel_repo *repo, const char *member, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	int rc;

	if ((rc = panel_repo_check_id("member", member, err)) < 0)
		return rc;
	panel_buf_addf(&path, "members/%s.yaml", member);
	rc = panel_fs_exists(repo->root, path.buf);
	panel_buf_release(&path);
	return rc;
}

static int
check_conflicts(
    struct draw *d, const struct panel_doc *doc, struct panel_err *err)
{
	const struct panel_node *c = seq_of(doc->root, "conflicts");
	const char *member, *item;
	size_t i;

	for (i = 0; i < seq_len(c); i++) {
		member = panel_node_get_str(c->items[i], "member");
		item = panel_node_get_str(c->items[i], "item");
		if (member == NULL || item == NULL || !in_sample(doc, item) ||
		    member_exists(d->repo, member, NULL) != 1)
			return differ(err, doc->file, c->items[i],
			    "conflicts[%zu]: not a member and an item of the "
			    "sample",
			    i);
	}
	return 0;
}

/* Free text for a reason or an interest: one line, 1 to 500 bytes. */
static int
check_text(const char *what, const char *s, struct panel_err *err)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > TEXT_MAX)
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "%s: must be 1 to %d bytes", what, TEXT_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
			    "%s: holds a control character or line break",
			    what);
	return 0;
}

/* Loads sample.yaml for a change at the meeting. */
static int
load_sample(struct panel_doc **doc, struct panel_buf *path,
    struct panel_repo *repo, const char *meeting, struct panel_err *err)
{
	int rc;

	if ((rc = panel_repo_check_date("meeting", meeting, err)) < 0)
		return rc;
	panel_draw_path(path, meeting);
	if (!panel_fs_exists(repo->root, path->buf))
		return panel_err_set(err, PANEL_EINPUT, path->buf, 0, 0,
		    "no sample has been drawn for %s", meeting);
	return load(doc, repo, path->buf, err);
}

static struct panel_node *
list_node(struct panel_doc *doc, const char *key)
{
	struct panel_node *n =
	    (struct panel_node *)panel_node_get(doc->root, key);

	if (n == NULL || n->kind != PANEL_NODE_SEQ) {
		panel_node_set(doc->root, key, panel_node_seq());
		n = (struct panel_node *)panel_node_get(doc->root, key);
	}
	return n;
}

int
panel_draw_substitute(struct panel_buf *summary, struct panel_repo *repo,
    const char *meeting, const char *item, const char *reason,
    struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	struct eff e[PANEL_STRATA];
	const char *name, *next = NULL;
	struct panel_node *m;
	size_t ne = 0, s, j;
	int rc;

	if ((rc = check_text("reason", reason, err)) < 0 ||
	    (rc = load_sample(&doc, &path, repo, meeting, err)) < 0)
		goto done;
	if ((rc = effective(e, &ne, doc, err)) < 0) {
		err->code = rc = PANEL_EINPUT;
		goto done;
	}
	if (!eff_find(e, ne, item, &s, &j)) {
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "item '%.64s' is not in the sample as it stands", item);
		goto done;
	}
	name = panel_node_get_str(e[s].stratum, "name");
	if (e[s].used < seq_len(e[s].reserves))
		next =
		    panel_node_get_str(e[s].reserves->items[e[s].used], "id");
	if (next == NULL) {
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "no reserve left in stratum '%s'", name ? name : "?");
		goto done;
	}
	m = panel_node_map();
	panel_node_set(m, "item", panel_node_str(item));
	panel_node_set(m, "stratum", panel_node_str(name ? name : ""));
	panel_node_set(m, "reason", panel_node_str(reason));
	panel_node_set(m, "replacement", panel_node_str(next));
	panel_node_push(list_node(doc, "substitutions"), m);
	panel_buf_addf(summary,
	    "%s: %s replaced by %s, reserve %zu of "
	    "stratum %s\n",
	    meeting, item, next, e[s].used + 1, name);
	if ((rc = panel_repo_save(repo, path.buf, "sample", doc, err)) == 0)
		rc = panel_repo_commit(repo, "sample",
		    (const char *[]){path.buf}, 1, err,
		    "substitute %s by %s in the sample for %s", item, next,
		    meeting);
done:
	eff_release(e, ne);
	panel_doc_free(doc);
	panel_buf_release(&path);
	return rc;
}

int
panel_draw_conflict(struct panel_buf *summary, struct panel_repo *repo,
    const char *meeting, const char *member, const char *item,
    const char *interest, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	struct panel_node *list, *m;
	const char *a, *b;
	size_t i;
	int rc;

	if ((rc = check_text("interest", interest, err)) < 0 ||
	    (rc = member_exists(repo, member, err)) < 0)
		goto done;
	if (rc == 0) {
		rc = panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "member '%s' does not exist (no members/%s.yaml)", member,
		    member);
		goto done;
	}
	if ((rc = load_sample(&doc, &path, repo, meeting, err)) < 0)
		goto done;
	if (!in_sample(doc, item)) {
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "item '%.64s' is not in the sample or its reserves", item);
		goto done;
	}
	list = list_node(doc, "conflicts");
	for (i = 0; i < list->n; i++) {
		a = panel_node_get_str(list->items[i], "member");
		b = panel_node_get_str(list->items[i], "item");
		if (a && b && strcmp(a, member) == 0 && strcmp(b, item) == 0) {
			rc = panel_err_set(err, PANEL_EINPUT, path.buf,
			    list->items[i]->line, list->items[i]->column,
			    "member '%s' has already declared an interest in "
			    "'%.64s'",
			    member, item);
			goto done;
		}
	}
	m = panel_node_map();
	panel_node_set(m, "member", panel_node_str(member));
	panel_node_set(m, "item", panel_node_str(item));
	panel_node_set(m, "interest", panel_node_str(interest));
	panel_node_push(list, m);
	panel_buf_addf(summary, "%s: %s declared an interest in %s\n", meeting,
	    member, item);
	if ((rc = panel_repo_save(repo, path.buf, "sample", doc, err)) == 0)
		rc = panel_repo_commit(repo, "sample",
		    (const char *[]){path.buf}, 1, err,
		    "record %s's interest in %s at %s", member, item, meeting);
done:
	panel_doc_free(doc);
	panel_buf_release(&path);
	return rc;
}
