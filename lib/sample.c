#include "sample.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sha.h"

#include "banned.h"

#define E9 1000000000u
/* 2^(32k) mod 10^9, for k = 1..7 */
#define E9_W1 294967296u
#define E9_W2 709551616u
#define E9_W3 543950336u
#define E9_W4 768211456u
#define E9_W5 932542976u
#define E9_W6 34512896u
#define E9_W7 610249216u

struct panel_sample {
	struct panel_sha *sha; /* with S as its prefix */
	char hash[PANEL_SHA_HEX + 1];
};

int
panel_sample_check_seed(const char *seed, struct panel_err *err)
{
	size_t i, len = strlen(seed);

	for (i = 0; i < len; i++)
		if (seed[i] < '0' || seed[i] > '9')
			return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
			    "seed: character %zu is not an ASCII digit", i + 1);
	if (len < PANEL_SAMPLE_SEED_MIN || len > PANEL_SAMPLE_SEED_MAX)
		return panel_err_set(err, PANEL_EINPUT, NULL, 0, 0,
		    "seed: %zu digits, need %d to %d (roll more dice)", len,
		    PANEL_SAMPLE_SEED_MIN, PANEL_SAMPLE_SEED_MAX);
	return 0;
}

int
panel_sample_new(struct panel_sample **out, const char *seed, size_t len,
    struct panel_err *err)
{
	struct panel_sample *s = panel_xcalloc(1, sizeof(*s));
	unsigned char d[PANEL_SHA_LEN];
	int rc;

	*out = NULL;
	if ((rc = panel_sha_new(&s->sha, err)) != 0 ||
	    (rc = panel_sha_digest(d, s->sha, seed, len, err)) != 0)
		goto fail;
	panel_sha_hex(s->hash, d);
	if ((rc = panel_sha_set_prefix(s->sha, s->hash, PANEL_SHA_HEX, err)) !=
	    0)
		goto fail;
	*out = s;
	return 0;
fail:
	panel_sample_free(s);
	return rc;
}

void
panel_sample_free(struct panel_sample *s)
{
	if (s == NULL)
		return;
	panel_sha_free(s->sha);
	free(s);
}

const char *
panel_sample_seed_hash(const struct panel_sample *s)
{
	return s->hash;
}

static void
load_words(uint32_t w[8], const unsigned char d[PANEL_SHA_LEN])
{
	size_t i;

	for (i = 0; i < 8; i++)
		w[i] = (uint32_t)d[4 * i] << 24 | (uint32_t)d[4 * i + 1] << 16 |
		       (uint32_t)d[4 * i + 2] << 8 | d[4 * i + 3];
}

/* The 3 decimal digits of x < 1000, least significant first, as a number. */
static uint64_t
reverse3(uint64_t x)
{
	return x % 10 * 100 + x / 10 % 10 * 10 + x / 100;
}

/* The 9 decimal digits of x, least significant first, read as a number. */
static uint64_t
reverse9(uint64_t x)
{
	return reverse3(x % 1000) * 1000000 + reverse3(x / 1000 % 1000) * 1000 +
	       reverse3(x / 1000000);
}

/*
 * The first 9 digits of the key of digest d, as a number: H mod 10^9,
 * reversed.  H mod 10^9 is the sum of each 32-bit word times 2^(32k) mod
 * 10^9, in two halves that cannot overflow, so there is no chain of
 * divisions; this is all most IDs of a big draw cost beyond their hash.
 */
static uint64_t
key_first9(const unsigned char d[PANEL_SHA_LEN])
{
	static const uint64_t c[8] = {
	    E9_W7, E9_W6, E9_W5, E9_W4, E9_W3, E9_W2, E9_W1, 1};
	uint32_t w[8];
	uint64_t a, b;

	load_words(w, d);
	a = w[0] * c[0] + w[1] * c[1] + w[2] * c[2] + w[3] * c[3];
	b = w[4] * c[4] + w[5] * c[5] + w[6] * c[6] + w[7];
	return reverse9((a % E9 + b % E9) % E9);
}

/*
 * The first 18 digits of the key of digest d, as a number, from H mod
 * 10^18 alone: two short passes instead of the whole conversion.  A key
 * always has at least 18 digits (padding zeros are H's own high zeros).
 */
static uint64_t
key_head(const unsigned char d[PANEL_SHA_LEN])
{
	uint32_t w[8];
	uint64_t cur, r0 = 0, r1 = 0;
	size_t i;

	load_words(w, d);
	for (i = 0; i < 8; i++) {
		cur = r0 << 32 | w[i];
		w[i] = (uint32_t)(cur / E9);
		r0 = cur % E9;
	}
	for (i = 0; i < 8; i++)
		r1 = (r1 << 32 | w[i]) % E9;
	return reverse9(r0) * E9 + reverse9(r1);
}

/* Divides w[top..8) by 10^9 in place and returns the remainder. */
static uint64_t
divide_e9(uint32_t w[8], size_t top)
{
	uint64_t cur, r = 0;
	size_t i;

	for (i = top; i < 8; i++) {
		cur = r << 32 | w[i];
		w[i] = (uint32_t)(cur / E9);
		r = cur % E9;
	}
	return r;
}

static void
key_full(struct panel_sample_key *k, const unsigned char d[PANEL_SHA_LEN])
{
	uint32_t w[8];
	uint64_t r;
	size_t top = 0, n = 0, i;

	load_words(w, d);
	while (top < 8 && w[top] == 0)
		top++;
	while (top < 8) {
		r = divide_e9(w, top);
		while (top < 8 && w[top] == 0)
			top++;
		/* The last group gives only H's significant digits. */
		for (i = 0; i < 9 && (top < 8 || r != 0); i++) {
			k->digits[n++] = (char)('0' + r % 10);
			r /= 10;
		}
	}
	while (n < PANEL_SAMPLE_KEY_MIN)
		k->digits[n++] = '0';
	k->len = (unsigned char)n;
	k->head = 0;
	for (i = 0; i < PANEL_SAMPLE_SHOWN; i++)
		k->head = k->head * 10 + (uint64_t)(k->digits[i] - '0');
}

void
panel_sample_key_digest(
    struct panel_sample_key *out, const unsigned char d[PANEL_SHA_LEN])
{
	key_full(out, d);
}

int
panel_sample_key(struct panel_sample_key *out, struct panel_sample *s,
    const char *id, size_t len, struct panel_err *err)
{
	unsigned char d[PANEL_SHA_LEN];
	int rc;

	if ((rc = panel_sha_prefixed(d, s->sha, id, len, err)) != 0)
		return rc;
	key_full(out, d);
	return 0;
}

int
panel_sample_key_cmp(
    const struct panel_sample_key *a, const struct panel_sample_key *b)
{
	size_t n;
	int c;

	if (a->head != b->head)
		return a->head < b->head ? -1 : 1;
	n = a->len < b->len ? a->len : b->len;
	if ((c = memcmp(a->digits, b->digits, n)) != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

void
panel_sample_ticket(
    char out[PANEL_SAMPLE_TICKET_MAX], const struct panel_sample_key *key)
{
	size_t nines = 0, shown;

	while (nines < key->len && key->digits[nines] == '9')
		nines++;
	shown = nines + PANEL_SAMPLE_SHOWN;
	if (shown > key->len)
		shown = key->len;
	out[0] = '0';
	out[1] = '.';
	memcpy(out + 2, key->digits, shown);
	out[2 + shown] = '\0';
}

void
panel_sample_ticket_full(
    char out[PANEL_SAMPLE_TICKET_MAX], const struct panel_sample_key *key)
{
	out[0] = '0';
	out[1] = '.';
	memcpy(out + 2, key->digits, key->len);
	out[2 + key->len] = '\0';
}

int
panel_sample_item_cmp(
    const struct panel_sample_item *a, const struct panel_sample_item *b)
{
	size_t n;
	int c;

	if ((c = panel_sample_key_cmp(&a->key, &b->key)) != 0)
		return c;
	n = a->len < b->len ? a->len : b->len;
	if ((c = memcmp(a->id, b->id, n)) != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

void
panel_sample_heap_init(struct panel_sample_heap *h, size_t cap)
{
	h->cap = cap;
	h->n = 0;
	h->items = cap ? panel_xcalloc(cap, sizeof(*h->items)) : NULL;
}

void
panel_sample_heap_release(struct panel_sample_heap *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->items[i].id);
	free(h->items);
	h->items = NULL;
	h->n = h->cap = 0;
}

static void
sift_up(struct panel_sample_heap *h, size_t i)
{
	struct panel_sample_item t;
	size_t parent;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (panel_sample_item_cmp(&h->items[parent], &h->items[i]) >= 0)
			break;
		t = h->items[parent];
		h->items[parent] = h->items[i];
		h->items[i] = t;
		i = parent;
	}
}

static void
sift_down(struct panel_sample_heap *h, size_t i)
{
	struct panel_sample_item t;
	size_t big, kid;

	for (;;) {
		big = i;
		kid = 2 * i + 1;
		if (kid < h->n &&
		    panel_sample_item_cmp(&h->items[kid], &h->items[big]) > 0)
			big = kid;
		if (kid + 1 < h->n && panel_sample_item_cmp(&h->items[kid + 1],
		                          &h->items[big]) > 0)
			big = kid + 1;
		if (big == i)
			return;
		t = h->items[big];
		h->items[big] = h->items[i];
		h->items[i] = t;
		i = big;
	}
}

int
panel_sample_heap_add(struct panel_sample_heap *h, struct panel_sample *s,
    const char *id, size_t len, struct panel_err *err)
{
	unsigned char d[PANEL_SHA_LEN];
	struct panel_sample_item it;
	int rc;

	if (h->cap == 0)
		return 0;
	if ((rc = panel_sha_prefixed(d, s->sha, id, len, err)) != 0)
		return rc;
	/*
	 * Once full, most IDs lose on their first 9 key digits, the rest
	 * mostly on 18, before the whole key is worked out.
	 */
	if (h->n == h->cap && (key_first9(d) > h->items[0].key.head / E9 ||
	                          key_head(d) > h->items[0].key.head))
		return 0;
	key_full(&it.key, d);
	it.id = (char *)id;
	it.len = len;
	if (h->n == h->cap) {
		if (panel_sample_item_cmp(&it, &h->items[0]) >= 0)
			return 0;
		free(h->items[0].id);
		it.id = panel_xstrndup(id, len);
		h->items[0] = it;
		sift_down(h, 0);
		return 0;
	}
	it.id = panel_xstrndup(id, len);
	h->items[h->n++] = it;
	sift_up(h, h->n - 1);
	return 0;
}

static int
item_qsort_cmp(const void *a, const void *b)
{
	return panel_sample_item_cmp(a, b);
}

void
panel_sample_heap_sort(struct panel_sample_heap *h)
{
	if (h->n > 1)
		qsort(h->items, h->n, sizeof(*h->items), item_qsort_cmp);
}
