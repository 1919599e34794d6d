#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "bytes8.h"
#include "banned.h"

/*
 * The keys lie one after another in one buffer: a put allocates nothing
 * of its own, a clear frees nothing.  A slot holds the first eight bytes
 * of its key (folded), so that a key of up to eight bytes, as most words
 * are, is found or refused without reading the buffer.
 */
struct slot {
	uint64_t head; /* the key's first chunk: see head_chunk() */
	size_t key;    /* 1 + the key's offset in keys; 0 when empty */
	size_t len;
	long value;
};

struct panel_strmap {
	struct slot *slots;
	size_t cap;     /* a power of two */
	unsigned shift; /* 64 - log2(cap): a hash's top bits pick its slot */
	size_t n;
	/*
	 * The slots in use, n of them: a clear, done for every document,
	 * empties these, not the whole table that the longest one grew.
	 * Room for cap / 2, the most n can be: an insert grows nothing.
	 */
	size_t *used;
	struct panel_buf keys;
	int fold;
};

/* x with the ASCII capitals among its 8 bytes made lower case. */
static uint64_t
fold8(uint64_t x)
{
	uint64_t low7 = x & ~(PANEL_HIGHS);
	uint64_t from_a =
	    low7 + PANEL_ONES * (0x80 - 'A'); /* top bit: >= 'A' */
	uint64_t past_z = low7 + PANEL_ONES * (0x7f - 'Z'); /* top bit: > 'Z' */

	return x | ((from_a & ~past_z & ~x & PANEL_HIGHS) >> 2);
}

/*
 * The 4 bytes at p, the first in the lowest bits on any machine, so that
 * two overlapping loads make the key's bytes in order (see head_chunk()).
 */
static uint64_t
load32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	       (uint64_t)u[3] << 24;
}

/* x folded in a folding map. */
static inline uint64_t
folded(const struct panel_strmap *m, uint64_t x)
{
	return m->fold ? fold8(x) : x;
}

/*
 * The first chunk of a key, its first 8 bytes as one word (folded in a
 * folding map): keys are hashed and compared a word at a time, not a
 * byte.  Shorter keys are read in overlapping loads, not a byte at a
 * time; of one to three bytes, the word holds the first, middle and last
 * (the same word for two keys of one length means the same bytes).
 */
static inline uint64_t
head_chunk(const struct panel_strmap *m, const char *key, size_t len)
{
	uint64_t x;

	if (len >= 8)
		memcpy(&x, key, 8);
	else if (len >= 4)
		x = load32(key) | load32(key + len - 4) << (8 * (len - 4));
	else if (len > 0)
		x = (uint64_t)(unsigned char)key[0] |
		    (uint64_t)(unsigned char)key[len / 2] << 8 |
		    (uint64_t)(unsigned char)key[len - 1] << 16;
	else
		x = 0;
	return folded(m, x);
}

/*
 * The chunk at at (8, 16, ...) of a key longer than 8 bytes: the 8 bytes
 * there, the last being the key's last 8, which may overlap the chunk
 * before, so that no chunk is read in pieces.
 */
static inline uint64_t
tail_chunk(const struct panel_strmap *m, const char *key, size_t len, size_t at)
{
	uint64_t x;

	memcpy(&x, key + (at + 8 <= len ? at : len - 8), 8);
	return folded(m, x);
}

/*
 * A multiplicative hash, one multiply a chunk as in FxHash: the top bits,
 * which every bit of the key reaches, pick the slot.  No adversary to
 * fear, and a lookup is one multiply for most words.  *head is the key's
 * first chunk.  Always inline: else GCC calls it, for every lookup.
 */
static inline __attribute__((always_inline)) uint64_t
hash(const struct panel_strmap *m, const char *key, size_t len, uint64_t *head)
{
	uint64_t h;
	size_t at;

	*head = head_chunk(m, key, len);
	h = (*head ^ len) * PANEL_HASH_MUL;
	for (at = 8; at < len; at += 8)
		h = ((h << 5 | h >> 59) ^ tail_chunk(m, key, len, at)) *
		    PANEL_HASH_MUL;
	return h;
}

/*
 * Whether the slot's key, whose head and length match, is key: chunk by
 * chunk, as it was hashed, not by a call of memcmp() for a few bytes.
 */
static int
same_tail(const struct panel_strmap *m, const struct slot *s, const char *key,
    size_t len)
{
	const char *k = m->keys.buf + s->key - 1;
	size_t at;

	for (at = 8; at < len; at += 8)
		if (tail_chunk(m, k, len, at) != tail_chunk(m, key, len, at))
			return 0;
	return 1;
}

struct panel_strmap *
panel_strmap_new(int fold)
{
	struct panel_strmap *m = panel_xcalloc(1, sizeof(*m));

	m->fold = fold;
	m->cap = 64;
	m->shift = 58;
	m->slots = panel_xcalloc(m->cap, sizeof(*m->slots));
	m->used = panel_xreallocarray(NULL, m->cap / 2, sizeof(*m->used));
	panel_buf_init(&m->keys, 0);
	return m;
}

void
panel_strmap_clear(struct panel_strmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		m->slots[m->used[i]].key = 0;
	panel_buf_reset(&m->keys);
	m->n = 0;
}

void
panel_strmap_free(struct panel_strmap *m)
{
	if (m == NULL)
		return;
	panel_buf_release(&m->keys);
	free(m->used);
	free(m->slots);
	free(m);
}

/*
 * The slot of key, whose hash is h and first chunk head: its own, or the
 * empty one where it would go.
 */
static inline struct slot *
probe(const struct panel_strmap *m, const char *key, size_t len, uint64_t h,
    uint64_t head)
{
	size_t i = (size_t)(h >> m->shift);
	const struct slot *s;

	for (; (s = &m->slots[i])->key != 0; i = (i + 1) & (m->cap - 1))
		if (s->len == len && s->head == head &&
		    (len <= 8 || same_tail(m, s, key, len)))
			break;
	return &m->slots[i];
}

/*
 * probe() for a key longer than a chunk, out of line: the lookup of the
 * short keys, most words, then needs no registers saved.
 */
static __attribute__((noinline)) struct slot *
find_long(
    const struct panel_strmap *m, const char *key, size_t len, uint64_t *head)
{
	uint64_t h = hash(m, key, len, head);

	return probe(m, key, len, h, *head);
}

/*
 * The slot of key: its own, or the empty one where it would go.  Inline:
 * a lookup of a short key, done for most words of every document, is
 * then one call, its hash one multiply.  *head is the key's first chunk,
 * which an insert keeps: not folded again.
 */
static inline struct slot *
find(const struct panel_strmap *m, const char *key, size_t len, uint64_t *head)
{
	uint64_t h;

	if (len > 8)
		return find_long(m, key, len, head);
	h = hash(m, key, len, head);
	return probe(m, key, len, h, *head);
}

/* Moves the keys into a table of cap slots, a larger power of two. */
static void
resize(struct panel_strmap *m, size_t cap)
{
	struct slot *old = m->slots, *s;
	size_t oldcap = m->cap, i, k = 0;
	uint64_t head;

	for (; m->cap < cap; m->cap *= 2)
		m->shift--;
	m->slots = panel_xcalloc(m->cap, sizeof(*m->slots));
	m->used = panel_xreallocarray(m->used, m->cap / 2, sizeof(*m->used));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == 0)
			continue;
		s = &m->slots[hash(m, m->keys.buf + old[i].key - 1, old[i].len,
		                  &head) >>
		              m->shift];
		while (s->key != 0)
			s = s + 1 == m->slots + m->cap ? m->slots : s + 1;
		*s = old[i];
		m->used[k++] = (size_t)(s - m->slots);
	}
	free(old);
}

/*
 * Copies key to d, which has room for 8 bytes more: in chunks of 8, the
 * last overlapping the one before, or overlapping loads of the short
 * keys, as head_chunk() reads them.  Not memcpy(): a call for every
 * insert, of a few bytes, costs more than the copy.
 */
static inline void
copy_key(char *d, const char *key, size_t len)
{
	size_t at;

	if (len >= 8) {
		for (at = 0; at + 8 < len; at += 8)
			memcpy(d + at, key + at, 8);
		memcpy(d + len - 8, key + len - 8, 8);
	} else if (len >= 4) {
		memcpy(d, key, 4);
		memcpy(d + len - 4, key + len - 4, 4);
	} else if (len > 0) {
		d[0] = key[0];
		d[len / 2] = key[len / 2];
		d[len - 1] = key[len - 1];
	}
	d[len] = '\0';
}

/*
 * Puts the absent key, whose first chunk is head, into slot s, which
 * find() gave for it.
 */
static void
insert(struct panel_strmap *m, struct slot *s, const char *key, size_t len,
    uint64_t head, long value)
{
	struct panel_buf *k = &m->keys;

	if (len + 8 >= k->alloc - k->len)
		panel_buf_grow(k, len + 8);
	copy_key(k->buf + k->len, key, len);
	s->key = k->len + 1;
	k->len += len;
	s->head = head;
	s->len = len;
	s->value = value;
	m->used[m->n++] = (size_t)(s - m->slots);
}

long *
panel_strmap_ref(
    struct panel_strmap *m, const char *key, size_t len, long value)
{
	struct slot *s;
	uint64_t head;

	/* Grown before the lookup, not after the insert: s stays put. */
	if ((m->n + 1) * 2 > m->cap)
		resize(m, 2 * m->cap);
	s = find(m, key, len, &head);
	if (s->key == 0)
		insert(m, s, key, len, head, value);
	return &s->value;
}

long
panel_strmap_put(
    struct panel_strmap *m, const char *key, size_t len, long value)
{
	size_t n = m->n;
	long *v = panel_strmap_ref(m, key, len, value), old = *v;

	*v = value;
	return m->n > n ? -1 : old;
}

long
panel_strmap_add(
    struct panel_strmap *m, const char *key, size_t len, long value)
{
	size_t n = m->n;
	long *v = panel_strmap_ref(m, key, len, value);

	return m->n > n ? -1 : *v;
}

long
panel_strmap_get(const struct panel_strmap *m, const char *key, size_t len)
{
	uint64_t head;
	const struct slot *s = find(m, key, len, &head);

	return s->key != 0 ? s->value : -1;
}

void
panel_strmap_reserve(struct panel_strmap *m, size_t n)
{
	size_t cap = m->cap;

	while ((m->n + n) * 2 > cap)
		cap *= 2;
	if (cap > m->cap)
		resize(m, cap);
}

size_t
panel_strmap_count(const struct panel_strmap *m)
{
	return m->n;
}
