#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

struct slot {
	char *key; /* NULL when empty */
	size_t len;
	uint64_t hash;
	long value;
};

struct panel_strmap {
	struct slot *slots;
	size_t cap; /* a power of two */
	size_t n;
	int fold;
};

static unsigned char
fold_byte(int fold, unsigned char c)
{
	return (
	    unsigned char)(c +
	                   (fold & ((unsigned char)(c - 'A') < 26) ? 32 : 0));
}

/* FNV-1a over the (folded) bytes: short keys, no adversary to fear. */
static uint64_t
hash(const struct panel_strmap *m, const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	const unsigned char *k = (const unsigned char *)key;
	size_t i;

	if (!m->fold) {
		for (i = 0; i < len; i++)
			h = (h ^ k[i]) * 1099511628211ULL;
		return h;
	}
	for (i = 0; i < len; i++)
		h = (h ^ fold_byte(1, k[i])) * 1099511628211ULL;
	return h;
}

static int
same(const struct panel_strmap *m, const struct slot *s, const char *key,
    size_t len)
{
	size_t i;

	if (s->len != len)
		return 0;
	if (!m->fold)
		return memcmp(s->key, key, len) == 0;
	for (i = 0; i < len; i++)
		if (fold_byte(1, (unsigned char)s->key[i]) !=
		    fold_byte(1, (unsigned char)key[i]))
			return 0;
	return 1;
}

struct panel_strmap *
panel_strmap_new(int fold)
{
	struct panel_strmap *m = panel_xcalloc(1, sizeof(*m));

	m->fold = fold;
	m->cap = 64;
	m->slots = panel_xcalloc(m->cap, sizeof(*m->slots));
	return m;
}

void
panel_strmap_clear(struct panel_strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		m->slots[i].key = NULL;
	}
	m->n = 0;
}

void
panel_strmap_free(struct panel_strmap *m)
{
	if (m == NULL)
		return;
	panel_strmap_clear(m);
	free(m->slots);
	free(m);
}

static struct slot *
find(const struct panel_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	while (m->slots[i].key != NULL) {
		if (m->slots[i].hash == h && same(m, &m->slots[i], key, len))
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

static void
grow(struct panel_strmap *m)
{
	struct slot *old = m->slots, *s;
	size_t oldcap = m->cap, i;

	m->cap *= 2;
	m->slots = panel_xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		s = &m->slots[(size_t)old[i].hash & (m->cap - 1)];
		while (s->key != NULL)
			s = s + 1 == m->slots + m->cap ? m->slots : s + 1;
		*s = old[i];
	}
	free(old);
}

long
panel_strmap_put(
    struct panel_strmap *m, const char *key, size_t len, long value)
{
	uint64_t h = hash(m, key, len);
	struct slot *s = find(m, key, len, h);
	long old;

	if (s->key != NULL) {
		old = s->value;
		s->value = value;
		return old;
	}
	s->key = panel_xstrndup(key, len);
	s->len = len;
	s->hash = h;
	s->value = value;
	if (++m->n * 2 > m->cap)
		grow(m);
	return -1;
}

long
panel_strmap_get(const struct panel_strmap *m, const char *key, size_t len)
{
	const struct slot *s = find(m, key, len, hash(m, key, len));

	return s->key != NULL ? s->value : -1;
}

size_t
panel_strmap_count(const struct panel_strmap *m)
{
	return m->n;
}
