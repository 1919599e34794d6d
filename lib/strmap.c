#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "banned.h"

/*
 * The keys lie one after another in one buffer: a put allocates nothing
 * of its own, a clear frees nothing, and the keys of the name lists sit
 * close together in the cache.
 */
struct slot {
	size_t key; /* 1 + the key's offset in keys; 0 when the slot is empty */
	size_t len;
	uint64_t hash;
	long value;
};

struct panel_strmap {
	struct slot *slots;
	size_t cap; /* a power of two */
	size_t n;
	struct panel_buf keys;
	int fold;
};

#define ONES 0x0101010101010101ULL

/* x with the ASCII capitals among its 8 bytes made lower case. */
static uint64_t
fold8(uint64_t x)
{
	uint64_t low7 = x & ~(ONES * 0x80);
	uint64_t from_a = low7 + ONES * (0x80 - 'A'); /* top bit: >= 'A' */
	uint64_t past_z = low7 + ONES * (0x7f - 'Z'); /* top bit: > 'Z' */

	return x | ((from_a & ~past_z & ~x & ONES * 0x80) >> 2);
}

/*
 * The bytes of key[at..len), at most 8, as one word (folded in a folding
 * map): keys are hashed and compared a word at a time, not a byte.
 */
static uint64_t
chunk(const struct panel_strmap *m, const char *key, size_t len, size_t at)
{
	const char *p = key + at;
	size_t n = len - at;
	uint64_t x = 0;
	uint32_t w32;
	uint16_t w16;
	unsigned shift = 0;

	if (n >= 8) {
		memcpy(&x, p, 8);
		return m->fold ? fold8(x) : x;
	}
	if (n & 4) {
		memcpy(&w32, p, 4);
		x = w32;
		p += 4;
		shift = 32;
	}
	if (n & 2) {
		memcpy(&w16, p, 2);
		x |= (uint64_t)w16 << shift;
		p += 2;
		shift += 16;
	}
	if (n & 1)
		x |= (uint64_t)(unsigned char)*p << shift;
	return m->fold ? fold8(x) : x;
}

/* A multiply-xorshift hash, finished as MurmurHash3's: no adversary. */
static uint64_t
hash(const struct panel_strmap *m, const char *key, size_t len)
{
	uint64_t h = (uint64_t)len * 0x9e3779b97f4a7c15ULL;
	size_t at;

	for (at = 0; at < len; at += 8) {
		h = (h ^ chunk(m, key, len, at)) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static int
same(const struct panel_strmap *m, const struct slot *s, const char *key,
    size_t len)
{
	const char *k = m->keys.buf + s->key - 1;
	size_t at;

	if (s->len != len)
		return 0;
	if (!m->fold)
		return memcmp(k, key, len) == 0;
	for (at = 0; at < len; at += 8)
		if (chunk(m, k, len, at) != chunk(m, key, len, at))
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
	panel_buf_init(&m->keys, 0);
	return m;
}

void
panel_strmap_clear(struct panel_strmap *m)
{
	memset(m->slots, 0, m->cap * sizeof(*m->slots));
	panel_buf_reset(&m->keys);
	m->n = 0;
}

void
panel_strmap_free(struct panel_strmap *m)
{
	if (m == NULL)
		return;
	panel_buf_release(&m->keys);
	free(m->slots);
	free(m);
}

static struct slot *
find(const struct panel_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	while (m->slots[i].key != 0) {
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
		if (old[i].key == 0)
			continue;
		s = &m->slots[(size_t)old[i].hash & (m->cap - 1)];
		while (s->key != 0)
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

	if (s->key != 0) {
		old = s->value;
		s->value = value;
		return old;
	}
	s->key = m->keys.len + 1;
	panel_buf_add(&m->keys, key, len);
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

	return s->key != 0 ? s->value : -1;
}

size_t
panel_strmap_count(const struct panel_strmap *m)
{
	return m->n;
}
