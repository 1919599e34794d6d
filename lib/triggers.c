#include "triggers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strmap.h"
#include "banned.h"

#define WORD_MAX 24

enum { DIGIT, DIGIT3, LETTERDIGIT, NCLASS };

static const char *const classes[NCLASS] = {"digit", "digit3", "letterdigit"};

/* The groups a trigger belongs to. */
struct members {
	int *v;
	size_t n, alloc;
};

struct positions {
	size_t *v;
	size_t n, alloc;
};

struct panel_triggers {
	struct panel_strmap *words; /* word -> index into wordm */
	struct members *wordm;
	size_t nwords, wordm_alloc;
	struct members byte[256], cls[NCLASS];
	uint32_t lengths[26]; /* bit k: a trigger word of length k starts so */
	struct positions *at; /* by group */
	size_t ngroups, alloc;
};

struct panel_triggers *
panel_triggers_new(void)
{
	struct panel_triggers *t = panel_xcalloc(1, sizeof(*t));

	t->words = panel_strmap_new(0);
	return t;
}

void
panel_triggers_free(struct panel_triggers *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ngroups; i++)
		free(t->at[i].v);
	free(t->at);
	for (i = 0; i < t->nwords; i++)
		free(t->wordm[i].v);
	free(t->wordm);
	for (i = 0; i < 256; i++)
		free(t->byte[i].v);
	for (i = 0; i < NCLASS; i++)
		free(t->cls[i].v);
	panel_strmap_free(t->words);
	free(t);
}

static void
join(struct members *m, int group)
{
	if (m->n > 0 && m->v[m->n - 1] == group)
		return;
	PANEL_GROW(m->v, m->n + 1, m->alloc);
	m->v[m->n++] = group;
}

/* The member list of trigger need. */
static struct members *
members_of(struct panel_triggers *t, const char *need)
{
	size_t i, len = strlen(need);
	long k;

	for (i = 0; i < NCLASS; i++)
		if (strcmp(need, classes[i]) == 0)
			return &t->cls[i];
	if (len == 1 && !(need[0] >= 'a' && need[0] <= 'z'))
		return &t->byte[(unsigned char)need[0]];
	if ((k = panel_strmap_get(t->words, need, len)) < 0) {
		PANEL_GROW(t->wordm, t->nwords + 1, t->wordm_alloc);
		memset(&t->wordm[t->nwords], 0, sizeof(t->wordm[0]));
		k = (long)t->nwords++;
		panel_strmap_put(t->words, need, len, k);
		if (len < 32 && need[0] >= 'a' && need[0] <= 'z')
			t->lengths[need[0] - 'a'] |= (uint32_t)1 << len;
	}
	return &t->wordm[k];
}

int
panel_triggers_group(struct panel_triggers *t, char *const *needs, size_t n)
{
	int g;
	size_t i;

	PANEL_GROW(t->at, t->ngroups + 1, t->alloc);
	memset(&t->at[t->ngroups], 0, sizeof(t->at[0]));
	g = (int)t->ngroups++;
	for (i = 0; i < n; i++)
		join(members_of(t, needs[i]), g);
	return g;
}

/* Records pos for every group of m (once, when a group has it twice). */
static void
push(struct panel_triggers *t, const struct members *m, size_t pos)
{
	struct positions *p;
	size_t i;

	for (i = 0; i < m->n; i++) {
		p = &t->at[m->v[i]];
		if (p->n > 0 && p->v[p->n - 1] == pos)
			continue;
		PANEL_GROW(p->v, p->n + 1, p->alloc);
		p->v[p->n++] = pos;
	}
}

static int
is_alpha(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

static int
is_digit(unsigned char c)
{
	return (unsigned char)(c - '0') < 10;
}

/* Looks up the word at u[i..j) and records it if it is a trigger. */
static void
word(struct panel_triggers *t, const unsigned char *u, size_t i, size_t j)
{
	char w[WORD_MAX];
	size_t k, len = j - i;
	long id;

	if (len > WORD_MAX ||
	    !(t->lengths[(u[i] | 0x20) - 'a'] & ((uint32_t)1 << len)))
		return;
	for (k = 0; k < len; k++)
		w[k] = (char)(u[i + k] | 0x20);
	if ((id = panel_strmap_get(t->words, w, len)) >= 0)
		push(t, &t->wordm[id], i);
}

/* Records the run of digits u[i..j) under the digit triggers. */
static void
digits(struct panel_triggers *t, const unsigned char *u, size_t i, size_t j)
{
	push(t, &t->cls[DIGIT], i);
	if (j - i >= 3)
		push(t, &t->cls[DIGIT3], i);
	if (i > 0 && is_alpha(u[i - 1]))
		push(t, &t->cls[LETTERDIGIT], i);
}

void
panel_triggers_scan(struct panel_triggers *t, const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i, j;

	for (i = 0; i < t->ngroups; i++)
		t->at[i].n = 0;
	for (i = 0; i < len; i++) {
		if (is_digit(u[i])) {
			for (j = i + 1; j < len && is_digit(u[j]);)
				j++;
			digits(t, u, i, j);
			i = j - 1;
		} else if (is_alpha(u[i])) {
			for (j = i + 1; j < len && is_alpha(u[j]);)
				j++;
			if (i == 0 || u[i - 1] < 0x80)
				word(t, u, i, j);
			i = j - 1;
		} else if (t->byte[u[i]].n > 0)
			push(t, &t->byte[u[i]], i);
	}
}

const size_t *
panel_triggers_at(const struct panel_triggers *t, int group, size_t *n)
{
	*n = t->at[group].n;
	return t->at[group].v;
}
