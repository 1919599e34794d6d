#include "redact.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bytes8.h"
#include "match.h"
#include "names.h"
#include "people.h"
#include "rules.h"
#include "strmap.h"
#include "terms.h"
#include "triggers.h"
#include "window.h"
#include "banned.h"

/* What found a candidate, when it is not a rule of the rule set. */
enum {
	FOUND_LIST = -1,   /* the forename and surname lists */
	FOUND_RECORD = -2, /* a name from the records */
	FOUND_REPEAT = -3, /* another occurrence of a name already found */
	FOUND_UTF8 = -4,   /* invalid UTF-8, replaced by U+FFFD */
};

#define UTF8_REPLACEMENT "\xef\xbf\xbd"

/* The types of what is found, by index: these two lead; then the rules'. */
enum {
	TYPE_PERSON,
	TYPE_UTF8,
};

struct cand {
	size_t s, e;
	int by;      /* a rule index, or FOUND_* */
	int type;    /* an index into types: see cand_type() */
	long person; /* for names: who, once known; else -1 */
};

struct panel_redact {
	struct panel_rules rules;
	struct panel_names *names;
	struct panel_terms *allow,
	    *known; /* terms kept; names from the records */
	/* The thread: who is who, and the numbers given so far. */
	struct panel_people *people;
	struct panel_strmap *numbers; /* a finding's value_key() -> number */
	long *counts;                 /* the numbers given so far, by type */
	/*
	 * The types, interned when the detector is made so that the merge
	 * and the numbering compare ints, not strings.
	 */
	const char **types;
	size_t ntypes;
	int *rule_type; /* each rule's type */
	/*
	 * Each type's placeholder up to its number, "[PHONE", cut where
	 * snprintf() would cut the whole, and zeros after: copied at one
	 * fixed size, with no strlen() or memcpy() call for every hit.
	 */
	struct label {
		char s[PANEL_REDACT_PLACEHOLDER];
		size_t len;
	} * labels;
	int phone_type; /* PHONE's, whose numbers are normalised; or -1 */
	unsigned char key_of[256]; /* see value_key() */
	/* Scratch for one document. */
	struct cand *c, *spare; /* spare: for sorting and merging */
	size_t nc, calloc, spare_alloc;
	size_t *bucket, bucket_alloc; /* for sorting: where each bucket's go */
	struct panel_names_words words;
	struct span {
		size_t s, e;
	} * kept; /* the kept terms found in the document */
	size_t nkept, kept_alloc;
	struct panel_buf text, key;
	/* Each rule's triggers, and where they are in the document. */
	struct panel_triggers *trig;
	int *rule_trig; /* each rule's group of triggers, or -1 */
	int *rule_also; /* each rule's group of triggers also needed, or -1 */
	struct panel_windows win; /* where the rule run is tried */
	int exhaustive;
};

void
panel_redact_allow(struct panel_redact *r, const char *term)
{
	panel_terms_add(r->allow, term);
}

void
panel_redact_name(struct panel_redact *r, const char *name)
{
	panel_terms_add(r->known, name);
}

void
panel_redact_thread(struct panel_redact *r)
{
	panel_people_thread(r->people);
	panel_strmap_clear(r->numbers);
	memset(r->counts, 0, r->ntypes * sizeof(*r->counts));
}

static int
configure(struct panel_redact *r, const char *file,
    const struct panel_node *panel, struct panel_err *err)
{
	static const char *const keys[] = {"name", "force", "opcc", NULL};
	const char *s;
	size_t i;

	if (panel == NULL)
		return 0;
	for (i = 0; keys[i]; i++)
		if ((s = panel_node_get_str(panel, keys[i])) != NULL)
			panel_redact_allow(r, s);
	return panel_rules_configure(
	    &r->rules, file, panel_node_get(panel, "redact"), err);
}

static void
register_triggers(struct panel_redact *r)
{
	struct panel_rule *rule;
	size_t i;

	r->trig = panel_triggers_new();
	r->rule_trig = panel_xcalloc(r->rules.n + 1, sizeof(int));
	r->rule_also = panel_xcalloc(r->rules.n + 1, sizeof(int));
	for (i = 0; i < r->rules.n; i++) {
		rule = &r->rules.v[i];
		r->rule_trig[i] = rule->needs.n == 0
		                      ? -1
		                      : panel_triggers_group(r->trig,
		                            rule->needs.v, rule->needs.n);
		r->rule_also[i] = rule->also.n == 0
		                      ? -1
		                      : panel_triggers_group(r->trig,
		                            rule->also.v, rule->also.n);
	}
}

/* The index of type, which is added if new. */
static int
intern_type(struct panel_redact *r, const char *type)
{
	size_t i;

	for (i = 0; i < r->ntypes; i++)
		if (strcmp(r->types[i], type) == 0)
			return (int)i;
	r->types[r->ntypes] = type;
	return (int)r->ntypes++;
}

/* Fills in l, the label of type (see struct panel_redact). */
static void
label(struct label *l, const char *type)
{
	size_t len = strlen(type);

	if (len > PANEL_REDACT_PLACEHOLDER - 2)
		len = PANEL_REDACT_PLACEHOLDER - 2;
	l->s[0] = '[';
	memcpy(l->s + 1, type, len);
	l->len = len + 1;
}

static void
register_types(struct panel_redact *r)
{
	size_t i;

	r->types = panel_xcalloc(r->rules.n + 2, sizeof(*r->types));
	r->rule_type = panel_xcalloc(r->rules.n + 1, sizeof(int));
	intern_type(r, "PERSON");
	intern_type(r, "INVALID-UTF8");
	for (i = 0; i < r->rules.n; i++)
		r->rule_type[i] = intern_type(r, r->rules.v[i].type);
	r->phone_type = -1;
	for (i = 0; i < r->ntypes; i++)
		if (strcmp(r->types[i], "PHONE") == 0)
			r->phone_type = (int)i;
	r->counts = panel_xcalloc(r->ntypes, sizeof(*r->counts));
	r->labels = panel_xcalloc(r->ntypes, sizeof(*r->labels));
	for (i = 0; i < r->ntypes; i++)
		label(&r->labels[i], r->types[i]);
}

/*
 * Fills r->key_of: what each byte of a finding is in its key (capitals
 * for letters), or 0 if it is no part of what makes it the same thing.
 * A table, as every byte of every finding is looked up.
 */
static void
key_table(struct panel_redact *r)
{
	unsigned b, ch;
	int keep;

	for (b = 0; b < 256; b++) {
		ch = b >= 'a' && b <= 'z' ? b - 32 : b;
		keep = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		       ch >= 0x80 || ch == '@' || ch == '.';
		r->key_of[b] = keep ? (unsigned char)ch : 0;
	}
}

void
panel_redact_exhaustive(struct panel_redact *r, int on)
{
	r->exhaustive = on;
}

static void
first_problem(const struct panel_err *problem, void *ctx)
{
	struct panel_err *err = ctx;

	if (err != NULL && err->code == 0)
		*err = *problem;
}

int
panel_redact_new(struct panel_redact **out, const char *file,
    const struct panel_node *panel, struct panel_err *err)
{
	struct panel_redact *r = panel_xcalloc(1, sizeof(*r));
	size_t i;

	*out = NULL;
	if (err != NULL)
		err->code = 0;
	panel_rules_init(&r->rules);
	r->allow = panel_terms_new();
	r->known = panel_terms_new();
	r->names = panel_names_new();
	r->people = panel_people_new(r->names);
	r->numbers = panel_strmap_new(0);
	r->words = (struct panel_names_words)PANEL_NAMES_WORDS_INIT;
	panel_buf_init(&r->text, 0);
	panel_buf_init(&r->key, 0);
	panel_window_init(&r->win);
	if (panel_rules_add_default(&r->rules, err) < 0 ||
	    configure(r, file, panel, err) < 0) {
		panel_redact_free(r);
		return PANEL_EINPUT;
	}
	for (i = 0; i < r->rules.allow.n; i++)
		panel_redact_allow(r, r->rules.allow.v[i]);
	for (i = 0; i < r->rules.places.n; i++)
		panel_names_add(r->names, r->rules.places.v[i],
		    strlen(r->rules.places.v[i]), PANEL_NAMES_PLACE);
	register_triggers(r);
	register_types(r);
	key_table(r);
	/* A rule that fails its own examples is not to be trusted. */
	if (panel_redact_selftest(r, first_problem, err) > 0) {
		panel_redact_free(r);
		return PANEL_EINPUT;
	}
	*out = r;
	return 0;
}

void
panel_redact_free(struct panel_redact *r)
{
	if (r == NULL)
		return;
	panel_buf_release(&r->key);
	panel_buf_release(&r->text);
	panel_names_words_release(&r->words);
	free(r->bucket);
	free(r->spare);
	free(r->c);
	free(r->kept);
	free(r->labels);
	free(r->counts);
	free(r->rule_type);
	free(r->types);
	free(r->rule_trig);
	free(r->rule_also);
	panel_window_release(&r->win);
	panel_triggers_free(r->trig);
	panel_strmap_free(r->numbers);
	panel_people_free(r->people);
	panel_terms_free(r->known);
	panel_terms_free(r->allow);
	panel_names_free(r->names);
	panel_rules_release(&r->rules);
	free(r);
}

void
panel_redact_result_init(struct panel_redact_result *res)
{
	memset(res, 0, sizeof(*res));
	panel_buf_init(&res->text, 0);
}

void
panel_redact_result_release(struct panel_redact_result *res)
{
	panel_buf_release(&res->text);
	free(res->hits);
	panel_redact_result_init(res);
}

static void
add_cand(struct panel_redact *r, size_t s, size_t e, int by, long person)
{
	PANEL_GROW(r->c, r->nc + 1, r->calloc);
	r->c[r->nc].s = s;
	r->c[r->nc].e = e;
	r->c[r->nc].by = by;
	r->c[r->nc].type = by >= 0            ? r->rule_type[by]
	                   : by == FOUND_UTF8 ? TYPE_UTF8
	                                      : TYPE_PERSON;
	r->c[r->nc++].person = person;
}

/* The offset of the character after the one at i. */
static size_t
next_char(const char *t, size_t len, size_t i)
{
	if (i >= len)
		return len + 1;
	i++;
	while (i < len && ((unsigned char)t[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* The line of offset pos, for messages. */
static unsigned
line_of(const char *t, size_t pos)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < pos; i++)
		line += t[i] == '\n';
	return line;
}

static int
locate(struct panel_err *err, const char *file, const char *t, size_t pos)
{
	snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = line_of(t, pos);
	err->column = 0;
	return err->code;
}

/*
 * Where a match that failed on t[pos..end) failed: the first line that
 * fails alone, tried line by line (only on this error path); pos if
 * none does.
 */
static size_t
abort_line(struct panel_match *m, const char *t, size_t pos, size_t end)
{
	struct panel_err ignored = PANEL_ERR_INIT;
	const char *nl;
	size_t line = pos, eol, s, e;

	while (line < end) {
		nl = memchr(t + line, '\n', end - line);
		eol = nl ? (size_t)(nl - t) : end;
		if (panel_match_find_checked(
		        &s, &e, m, t, eol, line, &ignored) < 0)
			return line;
		line = eol + 1;
	}
	return pos;
}

/*
 * Whether c may stand between placeholders: one of "* \t,.;:()/&-", all
 * below 64, so a bit each of one word (this is asked of every match).
 */
static int
between(unsigned char c)
{
	const uint64_t set = 1ULL << '*' | 1ULL << ' ' | 1ULL << '\t' |
	                     1ULL << ',' | 1ULL << '.' | 1ULL << ';' |
	                     1ULL << ':' | 1ULL << '(' | 1ULL << ')' |
	                     1ULL << '/' | 1ULL << '&' | 1ULL << '-';

	return c < 64 && ((set >> c) & 1);
}

/*
 * Whether t[s..e) holds nothing but what redaction put there: placeholders
 * ([PERSON-1], [DOB]), masks (***) and the blanks and punctuation between.
 * A form field whose value was redacted is not found again.
 */
static int
only_placeholders(const char *t, size_t s, size_t e)
{
	size_t i = s;

	while (i < e) {
		if (t[i] == '[') {
			for (i++; i < e && ((t[i] >= 'A' && t[i] <= 'Z') ||
			                       t[i] == '-' ||
			                       (t[i] >= '0' && t[i] <= '9'));)
				i++;
			if (i >= e || t[i] != ']')
				return 0;
			i++;
		} else if (between((unsigned char)t[i]))
			i++;
		else
			return 0;
	}
	return 1;
}

/* Takes the match [s, e) of rule i if its validator accepts it. */
static int
take(struct panel_redact *r, size_t i, const char *t, size_t len, size_t s,
    size_t e)
{
	struct panel_rule *rule = &r->rules.v[i];

	if (e == s || only_placeholders(t, s, e) ||
	    (rule->valid && !rule->valid(t + s, e - s)) ||
	    (rule->name_mode >= 0 &&
	        !panel_names_refine(
	            r->names, rule->name_mode, &r->words, t, len, &s, &e)))
		return 0;
	add_cand(r, s, e, (int)i, -1);
	return 1;
}

/*
 * Whether a match of m may start in t[pos..limit]: not where m matches
 * only at the start of a line and none starts there.  A window's first
 * attempt is at its line's start; after a match on that line, this saves
 * the second call.
 */
static int
line_start_in(
    const struct panel_match *m, const char *t, size_t pos, size_t limit)
{
	return !panel_match_at_lines(m) || pos == 0 || t[pos - 1] == '\n' ||
	       memchr(t + pos, '\n', limit - pos) != NULL;
}

/*
 * What is the same for every window of one rule over one text: one
 * pointer to it, not six arguments, for scan() to be called with.
 */
struct rule_run {
	struct panel_redact *r;
	size_t i;
	struct panel_match *m;
	const char *file, *t;
	size_t len;
	struct panel_err *err;
};

/*
 * Runs c's rule over the attempts starting in t[from..limit], the subject
 * ending at end: every match its validator accepts becomes a candidate.
 * A refused match is retried one character on, so that a shorter match
 * inside it is not lost.  Returns where the search stopped, or (size_t)-1
 * on failure.
 */
static size_t
scan(const struct rule_run *c, size_t from, size_t limit, size_t end)
{
	const char *t = c->t;
	size_t pos = from, s, e;
	int rc;

	while (pos <= limit) {
		if (pos > from && !line_start_in(c->m, t, pos, limit))
			break;
		rc = panel_match_find_before(
		    &s, &e, c->m, t, end, pos, limit, c->err);
		/* Near a window's end a lookahead may have missed text. */
		if (rc > 0 && end < c->len && e + PANEL_WINDOW_SLACK / 2 > end)
			rc = panel_match_find_before(
			    &s, &e, c->m, t, c->len, pos, limit, c->err);
		if (rc < 0) {
			locate(
			    c->err, c->file, t, abort_line(c->m, t, pos, end));
			return (size_t)-1;
		}
		if (rc == 0)
			break;
		pos = take(c->r, c->i, t, c->len, s, e)
		          ? e
		          : next_char(t, c->len, s);
	}
	return pos;
}

/*
 * Runs rule i: over the whole text when it has no needs (or the detector
 * is exhaustive), else over each of the windows around its triggers that
 * window.h gives, told where the scan of the last stopped.
 */
static int
run_rule(struct panel_redact *r, size_t i, const char *file, const char *t,
    size_t len, struct panel_err *err)
{
	const struct panel_rule *rule = &r->rules.v[i];
	const struct rule_run c = {r, i, rule->m, file, t, len, err};
	struct panel_window w;
	size_t done = 0;

	if (rule->needs.n == 0 || r->exhaustive)
		return scan(&c, 0, len, len) == (size_t)-1 ? err->code : 0;
	w = panel_window_first(
	    &r->win, rule, r->trig, r->rule_trig[i], r->rule_also[i], t, len);
	while (panel_window_next(&r->win, &w, done))
		if ((done = scan(&c, w.start, w.last, w.end)) == (size_t)-1)
			return err->code;
	return 0;
}

static int
prepare(struct panel_redact *r, struct panel_err *err)
{
	if (panel_terms_prepare(r->allow, "allow-list", err) < 0 ||
	    panel_terms_prepare(r->known, "names from the records", err) < 0)
		return PANEL_EINPUT;
	return 0;
}

/* The order of what found a candidate: the rules', then FOUND_*. */
static inline unsigned
by_rank(int by)
{
	return by < 0 ? 100000u - (unsigned)by : (unsigned)by;
}

/*
 * Whether x comes before y: by start, the longer first, then by what
 * found it.  Two candidates neither before the other are the same in
 * every field, so no sort of them need be stable.
 */
static inline int
before(const struct cand *x, const struct cand *y)
{
	if (x->s != y->s)
		return x->s < y->s;
	if (x->e != y->e)
		return x->e > y->e;
	return by_rank(x->by) < by_rank(y->by);
}

static const char *
cand_type(const struct panel_redact *r, const struct cand *c)
{
	return r->types[c->type];
}

static const char *
cand_rule(const struct panel_redact *r, const struct cand *c)
{
	switch (c->by) {
	case FOUND_LIST:
		return "name-list";
	case FOUND_RECORD:
		return "name-record";
	case FOUND_REPEAT:
		return "name-repeat";
	case FOUND_UTF8:
		return "utf8";
	}
	return r->rules.v[c->by].id;
}

static int
is_person(const struct cand *c)
{
	return c->type == TYPE_PERSON;
}

/* Finds the kept terms of t, in order, into r->kept. */
static int
find_kept(struct panel_redact *r, const char *file, const char *t, size_t len,
    struct panel_err *err)
{
	size_t pos = 0, s, e;
	int rc;

	r->nkept = 0;
	while (panel_terms_any(r->allow) && pos <= len) {
		if ((rc = panel_terms_next(
		         r->allow, &r->words, t, len, pos, &s, &e, err)) <= 0)
			return rc < 0 ? locate(err, file, t, pos) : 0;
		PANEL_GROW(r->kept, r->nkept + 1, r->kept_alloc);
		r->kept[r->nkept].s = s;
		r->kept[r->nkept++].e = e;
		pos = e > s ? e : next_char(t, len, s);
	}
	return 0;
}

/*
 * Drops every candidate from the from-th lying wholly inside a kept term.
 * From there they are in order, as the kept terms are: the term each may
 * lie in is found by a cursor, not a search.
 */
static void
drop_kept(struct panel_redact *r, size_t from)
{
	const struct span *kept = r->kept;
	size_t i, k, at = 0;
	const struct cand *c;

	if (r->nkept == 0)
		return;
	for (i = k = from; i < r->nc; i++) {
		c = &r->c[i];
		while (at + 1 < r->nkept && kept[at + 1].s <= c->s)
			at++;
		if (c->by == FOUND_UTF8 || c->s < kept[at].s ||
		    c->e > kept[at].e)
			r->c[k++] = *c;
	}
	r->nc = k;
}

/* A repeat of a person known, a candidate. */
static void
repeat_found(size_t s, size_t e, long person, void *ctx)
{
	add_cand(ctx, s, e, FOUND_REPEAT, person);
}

static void
list_found(size_t s, size_t e, void *ctx)
{
	add_cand(ctx, s, e, FOUND_LIST, -1);
}

static int
run_known(struct panel_redact *r, const char *file, const char *t, size_t len,
    struct panel_err *err)
{
	size_t pos = 0, s, e;
	int rc;

	while (panel_terms_any(r->known) && pos <= len) {
		if ((rc = panel_terms_next(
		         r->known, &r->words, t, len, pos, &s, &e, err)) <= 0)
			return rc < 0 ? locate(err, file, t, pos) : 0;
		if (e > s)
			add_cand(r, s, e, FOUND_RECORD, -1);
		pos = e > s ? e : next_char(t, len, s);
	}
	return 0;
}

/* Makes the spare array the candidates', and theirs the spare. */
static void
swap_spare(struct panel_redact *r)
{
	struct cand *c = r->c;
	size_t alloc = r->calloc;

	r->c = r->spare;
	r->calloc = r->spare_alloc;
	r->spare = c;
	r->spare_alloc = alloc;
}

/*
 * Sorts c[0..n) by insertion: in a pass or little more, as it comes
 * nearly in order.
 */
static void
insertion_sort(struct cand *c, size_t n)
{
	struct cand x;
	size_t i, j;

	for (i = 1; i < n; i++) {
		if (!before(&c[i], &c[i - 1]))
			continue;
		x = c[i];
		for (j = i; j > 0 && before(&x, &c[j - 1]); j--)
			c[j] = c[j - 1];
		c[j] = x;
	}
}

/*
 * Sorts the candidates of a text of len bytes by position: dealt by start
 * into about as many buckets as there are candidates, each a stretch of
 * the text (a counting sort: a pass to count, one to deal), then put in
 * order within the buckets by insertion, as few share one.  They come in
 * runs in order (each rule's, the lists'), but merging the runs two by
 * two took a pass over them all for each doubling, four or five.
 */
static void
sort_cands(struct panel_redact *r, size_t len)
{
	size_t i, k, nb;
	unsigned shift = 0;

	if (r->nc < 2)
		return;
	while ((len >> shift) >= r->nc)
		shift++;
	nb = (len >> shift) + 1;
	PANEL_GROW(r->bucket, nb + 1, r->bucket_alloc);
	memset(r->bucket, 0, (nb + 1) * sizeof(*r->bucket));
	for (i = 0; i < r->nc; i++)
		r->bucket[(r->c[i].s >> shift) + 1]++;
	for (k = 1; k < nb; k++)
		r->bucket[k] += r->bucket[k - 1];
	PANEL_GROW(r->spare, r->nc, r->spare_alloc);
	for (i = 0; i < r->nc; i++)
		r->spare[r->bucket[r->c[i].s >> shift]++] = r->c[i];
	swap_spare(r);
	insertion_sort(r->c, r->nc);
}

/*
 * Appends c to out[0..k), or merges it into out[k - 1] if they overlap
 * (the earliest and longest gives the type) or are one person's name
 * split in words; returns the new k.
 */
static size_t
coalesce(struct cand *out, size_t k, const struct cand *c, const char *t)
{
	struct cand *last = k ? &out[k - 1] : NULL;
	size_t g;

	if (last && c->s < last->e) {
		if (c->e > last->e)
			last->e = c->e;
		return k;
	}
	if (last && is_person(last) && is_person(c) &&
	    last->person == c->person) {
		for (g = last->e; g < c->s && (t[g] == ' ' || t[g] == '\t');)
			g++;
		if (g == c->s) {
			last->e = c->e;
			return k;
		}
	}
	out[k] = *c;
	return k + 1;
}

/*
 * Coalesces the candidates in order.  They come in two runs in order,
 * c[0..from), which sort_cands() sorted, and the repeats after, in the
 * order of the words: merged (stably, as sort_cands() would) as they
 * are coalesced into the spare array, which then becomes theirs.
 */
static void
merge(struct panel_redact *r, const char *t, size_t from)
{
	const struct cand *c = r->c;
	size_t a = 0, b = from, k = 0;

	PANEL_GROW(r->spare, r->nc, r->spare_alloc);
	while (a < from || b < r->nc)
		k = coalesce(r->spare, k,
		    b == r->nc || (a < from && !before(&c[b], &c[a])) ? &c[a++]
		                                                      : &c[b++],
		    t);
	swap_spare(r);
	r->nc = k;
}

/*
 * The index of the first of words at or after s, sought from k, not past
 * it: in strides of 16 and 4 first, as persons are some twenty words
 * apart, and a word at a time was most of the cost of finding them.
 */
static size_t
word_from(const struct panel_names_words *words, size_t k, size_t s)
{
	const struct panel_names_token *w = words->v;
	size_t n = words->n;

	while (k + 16 < n && w[k + 16].start < s)
		k += 16;
	while (k + 4 < n && w[k + 4].start < s)
		k += 4;
	while (k < n && w[k].start < s)
		k++;
	return k;
}

/*
 * Who each person found by the rules and the lists is, in order: so the
 * first word of the document at or after each is found by a cursor, and
 * a name that several rules found (two names in five, in the corpus)
 * comes again at once: it is who the same bytes were, with no lookup.
 */
static void
find_people(struct panel_redact *r, const char *t)
{
	size_t i, k = 0;
	struct cand *c, *last = NULL;

	for (i = 0; i < r->nc; i++) {
		if (!is_person(c = &r->c[i]))
			continue;
		if (last != NULL && last->s == c->s && last->e == c->e) {
			c->person = last->person;
			continue;
		}
		k = word_from(&r->words, k, c->s);
		c->person = panel_people_find(
		    r->people, t, r->text.len, c->s, c->e, &r->words, k);
		last = c;
	}
}

/*
 * +44 7700 900123, 0044 7700 900123 and +44 (0)7700 900123 are all
 * 07700 900123: key[at..] holds the digits.
 */
static void
phone_key(struct panel_buf *key, size_t at)
{
	char *d = key->buf + at;
	size_t n = key->len - at, cut = 0;

	if (n > 4 && memcmp(d, "0044", 4) == 0)
		cut = 4;
	else if (n > 2 && memcmp(d, "44", 2) == 0 && n >= 11)
		cut = 2;
	if (cut == 0)
		return;
	if (d[cut] == '0')
		cut++;
	memmove(d + 1, d + cut, n - cut);
	d[0] = '0';
	panel_buf_setlen(key, at + 1 + n - cut);
}

/*
 * The key that makes two findings the same thing, but for a person known
 * (see number_of()): the type, then the normalised text.
 */
static void
value_key(struct panel_redact *r, const char *t, const struct cand *c)
{
	struct panel_buf *key = &r->key;
	size_t i, most = sizeof(c->type) + c->e - c->s;
	char *d;
	unsigned char ch;

	/* Its length set here, not by calls: this is done for every hit. */
	key->len = 0;
	if (most >= key->alloc)
		panel_buf_grow(key, most);
	memcpy(key->buf, &c->type, sizeof(c->type));
	/* Every byte written, a dropped one overwritten: no branch a byte. */
	for (d = key->buf + sizeof(c->type), i = c->s; i < c->e; i++) {
		*d = (char)(ch = r->key_of[(unsigned char)t[i]]);
		d += ch != 0;
	}
	*d = '\0';
	key->len = (size_t)(d - key->buf);
	if (c->type == r->phone_type)
		phone_key(key, sizeof(c->type));
}

/*
 * "[type-n]", or "[type]" when n is 0, cut where snprintf() would cut it:
 * no snprintf() for every hit.  l is the type's label.  Returns its
 * length, which the text is then appended with.
 */
static size_t
bracket(char *out, const struct label *l, long n)
{
	/* The tail ends at TAIL, and is read as TAIL bytes from its start. */
	enum { TAIL = 24 };
	char tail[2 * TAIL] = {0}, b[PANEL_REDACT_PLACEHOLDER + TAIL];
	size_t k = TAIL, end;

	tail[--k] = ']';
	for (; n > 0; n /= 10)
		tail[--k] = (char)('0' + n % 10);
	if (k < TAIL - 1)
		tail[--k] = '-';
	/* Copies of fixed sizes, not calls: b has room for any tail. */
	memcpy(b, l->s, sizeof(l->s));
	memcpy(b + l->len, tail + k, TAIL);
	end = l->len + TAIL - k;
	if (end > PANEL_REDACT_PLACEHOLDER - 1)
		end = PANEL_REDACT_PLACEHOLDER - 1;
	b[end] = '\0';
	memcpy(out, b, PANEL_REDACT_PLACEHOLDER);
	return end;
}

/*
 * The number of the finding c in the thread: a person's own, else its
 * value's, given in turn for each type the first time it is seen.
 */
static long
number_of(struct panel_redact *r, const char *t, const struct cand *c)
{
	long n;

	if (is_person(c) && c->person >= 0)
		return panel_people_number(
		    r->people, c->person, &r->counts[c->type]);
	value_key(r, t, c);
	n = panel_strmap_add(
	    r->numbers, r->key.buf, r->key.len, r->counts[c->type] + 1);
	return n < 0 ? ++r->counts[c->type] : n;
}

/* Fills in h's placeholder; returns its length. */
static size_t
placeholder(struct panel_redact *r, struct panel_redact_hit *h, const char *t,
    const struct cand *c, enum panel_redact_style style)
{
	h->placeholder[0] = '\0';
	if (c->by == FOUND_UTF8) {
		memcpy(
		    h->placeholder, UTF8_REPLACEMENT, sizeof(UTF8_REPLACEMENT));
		return sizeof(UTF8_REPLACEMENT) - 1;
	}
	if (style == PANEL_REDACT_MASKED)
		return 0;
	if (style == PANEL_REDACT_TYPED)
		return bracket(h->placeholder, &r->labels[c->type], 0);
	return bracket(h->placeholder, &r->labels[c->type], number_of(r, t, c));
}

static int
is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/*
 * Appends the placeholder ph[0..plen) to out: its whole buffer, of
 * PANEL_REDACT_PLACEHOLDER bytes, copied at that fixed size, not by a
 * call of memcpy() for a few bytes, as it is for every hit.
 */
static inline void
add_placeholder(struct panel_buf *out, const char *ph, size_t plen)
{
	if (out->alloc - out->len <= PANEL_REDACT_PLACEHOLDER)
		panel_buf_grow(out, PANEL_REDACT_PLACEHOLDER);
	memcpy(out->buf + out->len, ph, PANEL_REDACT_PLACEHOLDER);
	out->len += plen;
	out->buf[out->len] = '\0';
}

/*
 * Appends what replaces t[a..b), one line of a finding: ph[0..plen) (of a
 * hit's placeholder buffer), or when ph is NULL (the masked style) a '*'
 * a character.  Inlined, as it is done for every hit.
 */
static inline void
replace_line(struct panel_buf *out, const char *t, size_t a, size_t b,
    const struct cand *c, const char *ph, size_t plen)
{
	if (a == b)
		return;
	if (c->by == FOUND_UTF8)
		panel_buf_add(out, t + a, b - a);
	else if (ph != NULL)
		add_placeholder(out, ph, plen);
	else
		for (; a < b; a++)
			if (!is_cont(t[a]))
				panel_buf_addch(out, '*');
}

/* The top bit of each byte of x that is inside a character: 10xxxxxx. */
static inline uint64_t
cont8(uint64_t x)
{
	return x & ~(x << 1) & PANEL_HIGHS;
}

/* The top bit of each byte of x that is a '\n'. */
static inline uint64_t
newline8(uint64_t x)
{
	return panel_eq8(x, '\n');
}

/* The top bit of each byte of x that is inside a character or a '\n'. */
static uint64_t
no_char8(uint64_t x)
{
	return cont8(x) | newline8(x);
}

/*
 * The number of characters in t[a..b), leaving out line breaks: eight
 * bytes at a time, as every finding's length is counted.  The
 * last few bytes are the top of the 8 bytes that end at b (there are
 * bytes before a), not counted one by one.
 */
static unsigned
chars_in(const char *t, size_t a, size_t b)
{
	unsigned n = 0, k;

	for (; a + 8 <= b; a += 8)
		n += 8 - panel_count8(no_char8(panel_load8(t + a)));
	if (a == b)
		return n;
	k = (unsigned)(b - a);
	if (b >= 8)
		return n + k -
		       panel_count8(
		           no_char8(panel_load8(t + b - 8)) >> 8 * (8 - k));
	for (; a < b; a++)
		n += !is_cont(t[a]) && t[a] != '\n';
	return n;
}

/* Whether x is ASCII, and if breaks, holds no line break either. */
static inline int
plain8(uint64_t x, int breaks)
{
	return ((x & PANEL_HIGHS) | (breaks ? newline8(x) : 0)) == 0;
}

/*
 * Whether t[a..b) is ASCII, with no line break either if breaks, as most
 * lines and findings are: then its characters are its bytes, with no
 * count.  The last few bytes are the top of the 8 bytes that end at b,
 * as in chars_in(): if a byte before a makes them look not plain, they
 * are counted too.
 */
static inline int
plain(const char *t, size_t a, size_t b, int breaks)
{
	size_t i;

	if (b < 8)
		return 0;
	for (i = a; i + 8 <= b; i += 8)
		if (!plain8(panel_load8(t + i), breaks))
			return 0;
	return i == b || plain8(panel_load8(t + b - 8), breaks);
}

/* The number of characters in t[a..b), which holds no line break. */
static unsigned
line_chars(const char *t, size_t a, size_t b)
{
	return plain(t, a, b, 0) ? (unsigned)(b - a) : chars_in(t, a, b);
}

/* The number of characters in the finding t[a..b), leaving out breaks. */
static unsigned
length(const char *t, size_t a, size_t b)
{
	return plain(t, a, b, 1) ? (unsigned)(b - a) : chars_in(t, a, b);
}

/*
 * The column of t[p], which is on the line that starts at t[ls]: counted
 * from the line's start, or from t[pos] at column col when that is on the
 * line too (as the end of the finding before may be).  Lines are where
 * the trigger scan found them: only the lines with findings are counted
 * over, not the whole text.
 */
static unsigned
column(const char *t, size_t ls, size_t p, size_t pos, unsigned col)
{
	return pos >= ls ? col + line_chars(t, pos, p)
	                 : 1 + line_chars(t, ls, p);
}

/*
 * Writes the redacted text and the hits.  A finding over several lines
 * gets a placeholder on each, so that the line structure stays.
 */
static void
emit(struct panel_redact_result *res, struct panel_redact *r, const char *t,
    size_t len, enum panel_redact_style style)
{
	struct panel_redact_hit *h;
	struct cand *c;
	const char *nl, *ph;
	size_t pos = 0, i, seg, plen, at = 0, ls;
	unsigned col = 1;

	panel_buf_grow(&res->text, len + len / 8);
	for (i = 0; i < r->nc; i++) {
		c = &r->c[i];
		ls = panel_triggers_line(r->trig, c->s, &at);
		col = column(t, ls, c->s, pos, col);
		panel_buf_add(&res->text, t + pos, c->s - pos);
		PANEL_GROW(res->hits, res->nhits + 1, res->alloc);
		h = &res->hits[res->nhits++];
		h->type = cand_type(r, c);
		h->rule = cand_rule(r, c);
		h->start = c->s;
		h->end = c->e;
		h->line = (unsigned)at + 1;
		h->column = col;
		h->length = length(t, c->s, c->e);
		plen = placeholder(r, h, t, c, style);
		ph = style == PANEL_REDACT_MASKED ? NULL : h->placeholder;
		res->nbad += c->by == FOUND_UTF8;
		/* As many characters as bytes: no line break to look for. */
		for (seg = c->s;
		     h->length < c->e - c->s &&
		     (nl = memchr(t + seg, '\n', c->e - seg)) != NULL;
		     seg = (size_t)(nl - t) + 1) {
			replace_line(
			    &res->text, t, seg, (size_t)(nl - t), c, ph, plen);
			panel_buf_addch(&res->text, '\n');
			col = 1;
		}
		replace_line(&res->text, t, seg, c->e, c, ph, plen);
		col += seg == c->s ? h->length : chars_in(t, seg, c->e);
		pos = c->e;
	}
	panel_buf_add(&res->text, t + pos, len - pos);
}

/* Copies text into r->text, each bad UTF-8 sequence made U+FFFD. */
static void
repair(struct panel_redact *r, const char *text, size_t len)
{
	size_t pos = 0, ok, bad;

	panel_buf_reset(&r->text);
	panel_buf_grow(&r->text, len);
	while (pos < len) {
		ok = panel_match_utf8(text + pos, len - pos, &bad);
		panel_buf_add(&r->text, text + pos, ok);
		pos += ok;
		if (pos >= len)
			break;
		add_cand(r, r->text.len, r->text.len + 3, FOUND_UTF8, -1);
		panel_buf_addstr(&r->text, UTF8_REPLACEMENT);
		pos += bad;
	}
}

int
panel_redact_run(struct panel_redact_result *res, struct panel_redact *r,
    const char *file, const char *text, size_t len, const char *const *names,
    enum panel_redact_style style, struct panel_err *err)
{
	const char *t;
	size_t i, n;
	int rc;

	/* Emptied, not freed: the next document reuses the memory. */
	panel_buf_reset(&res->text);
	res->nhits = res->nbad = 0;
	r->nc = 0;
	if ((rc = prepare(r, err)) < 0)
		return rc;
	repair(r, text, len);
	t = r->text.buf;
	n = r->text.len;
	panel_triggers_scan(r->trig, t, n);
	/* Before the rules: the name rules' matches are made of these words. */
	panel_names_split(&r->words, r->names, t, n);
	for (i = 0; i < r->rules.n; i++)
		if (!r->rules.v[i].disabled &&
		    (rc = run_rule(r, i, file, t, n, err)) < 0)
			return rc;
	panel_names_scan(r->names, &r->words, t, list_found, r);
	if ((rc = run_known(r, file, t, n, err)) < 0 ||
	    (rc = find_kept(r, file, t, n, err)) < 0)
		return rc;
	sort_cands(r, n);
	drop_kept(r, 0);
	panel_people_seed(r->people, names);
	find_people(r, t);
	/* Only the repeats can be new inside a kept term. */
	i = r->nc;
	panel_people_repeats(r->people, &r->words, t, repeat_found, r);
	drop_kept(r, i);
	merge(r, t, i);
	emit(res, r, t, n, style);
	return 0;
}

static struct panel_node *
hit_node(const struct panel_redact_hit *h)
{
	struct panel_node *m = panel_node_map();
	char mask[PANEL_REDACT_PLACEHOLDER];
	unsigned i;

	panel_node_set(m, "type", panel_node_str(h->type));
	panel_node_set(m, "rule", panel_node_str(h->rule));
	panel_node_set(m, "line", panel_node_int(h->line));
	panel_node_set(m, "column", panel_node_int(h->column));
	panel_node_set(m, "length", panel_node_int(h->length));
	if (h->placeholder[0] == '\0') {
		for (i = 0; i < h->length && i + 1 < sizeof(mask); i++)
			mask[i] = '*';
		mask[i] = '\0';
		panel_node_set(m, "placeholder", panel_node_str(mask));
	} else
		panel_node_set(
		    m, "placeholder", panel_node_str(h->placeholder));
	return m;
}

int
panel_redact_log(struct panel_buf *out, const struct panel_redact_result *res,
    const char *item, struct panel_err *err)
{
	struct panel_doc *doc = panel_doc_new(item);
	struct panel_node *seq = panel_node_seq();
	size_t i;
	int rc;

	doc->root = panel_node_map();
	panel_node_set(doc->root, "item", panel_node_str(item));
	panel_node_set(
	    doc->root, "count", panel_node_int((long long)res->nhits));
	for (i = 0; i < res->nhits; i++)
		panel_node_push(seq, hit_node(&res->hits[i]));
	panel_node_set(doc->root, "redactions", seq);
	rc = panel_doc_emit(doc, out, err);
	panel_doc_free(doc);
	return rc;
}

/* Whether rule i alone finds anything in the example s. */
static int
example_found(
    struct panel_redact *r, size_t i, const char *s, struct panel_err *err)
{
	int rc;

	r->nc = 0;
	panel_buf_reset(&r->text);
	panel_buf_addstr(&r->text, s);
	panel_triggers_scan(r->trig, r->text.buf, r->text.len);
	panel_names_split(&r->words, r->names, r->text.buf, r->text.len);
	rc = run_rule(r, i, "example", r->text.buf, r->text.len, err);
	if (rc < 0)
		return rc;
	return r->nc > 0;
}

static void
example_fail(const struct panel_rule *rule, size_t k, int found, int must,
    const struct panel_err *why,
    void (*report)(const struct panel_err *, void *), void *ctx)
{
	struct panel_err e = PANEL_ERR_INIT;

	if (found < 0)
		panel_err_set(&e, PANEL_EINPUT, rule->file, rule->line,
		    rule->column, "rule '%s': example %zu: %s", rule->id, k + 1,
		    why->msg);
	else
		panel_err_set(&e, PANEL_EINPUT, rule->file, rule->line,
		    rule->column, "rule '%s': %s example %zu is %s", rule->id,
		    must ? "match" : "nomatch", k + 1,
		    must ? "not found" : "found");
	report(&e, ctx);
}

size_t
panel_redact_selftest(struct panel_redact *r,
    void (*report)(const struct panel_err *problem, void *ctx), void *ctx)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_rule *rule;
	size_t i, k, bad = 0;
	int found;

	for (i = 0; i < r->rules.n; i++) {
		rule = &r->rules.v[i];
		for (k = 0; k < rule->yes.n; k++)
			if ((found = example_found(
			         r, i, rule->yes.v[k], &err)) != 1) {
				example_fail(
				    rule, k, found, 1, &err, report, ctx);
				bad++;
			}
		for (k = 0; k < rule->no.n; k++)
			if ((found = example_found(
			         r, i, rule->no.v[k], &err)) != 0) {
				example_fail(
				    rule, k, found, 0, &err, report, ctx);
				bad++;
			}
	}
	r->nc = 0;
	return bad;
}
