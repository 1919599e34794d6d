#ifndef PANEL_SAMPLE_H
#define PANEL_SAMPLE_H

/*
 * Rivest's consistent sampling (2018), byte-compatible with his
 * consistent_sampler package as VotingWorks' Arlo uses it:
 *
 *   S   = the 64 lowercase hex digits of SHA-256(seed bytes);
 *   H   = SHA-256(S || ID bytes), read as a 256-bit big-endian integer;
 *   key = the decimal digits of H, least significant first, right-padded
 *         with '0' to at least 64 digits; the ticket is "0." + key.
 *
 * IDs are ordered by key compared as byte strings (a prefix first), then
 * by ID compared as byte strings.  A stratum's sample is the first n IDs
 * in its order, its reserves the next ones.  Tickets are shown cut to 18
 * digits after any leading 9s; ordering always uses the whole key.
 *
 * A struct panel_sample_heap keeps only the best cap IDs seen, so a draw
 * over millions of IDs runs in memory proportional to the sample.
 */

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sha.h"

#define PANEL_SAMPLE_ALGORITHM "rivest-consistent-sampling-2018"
#define PANEL_SAMPLE_SEED_MIN 20
#define PANEL_SAMPLE_SEED_MAX 256
#define PANEL_SAMPLE_KEY_MIN 64
#define PANEL_SAMPLE_KEY_MAX 78 /* 2^256 has 78 decimal digits */
#define PANEL_SAMPLE_SHOWN 18
/* "0.", leading 9s and 18 more digits at most the whole key, NUL */
#define PANEL_SAMPLE_TICKET_MAX (2 + PANEL_SAMPLE_KEY_MAX + 1)

/*
 * An ID's key.  head holds its first 18 digits read as a number, so that
 * most comparisons never look at the digits.
 */
struct panel_sample_key {
	uint64_t head;
	unsigned char len;
	char digits[PANEL_SAMPLE_KEY_MAX];
};

struct panel_sample;

/*
 * PANEL_EINPUT unless seed is PANEL_SAMPLE_SEED_MIN to
 * PANEL_SAMPLE_SEED_MAX ASCII digits (dice rolls); the message names the
 * seed's length, not its value.
 */
int panel_sample_check_seed(const char *seed, struct panel_err *err);

/*
 * A sampler for seed (len bytes, used as given: panel_sample_check_seed()
 * is the caller's policy).  Free it with panel_sample_free().
 */
int panel_sample_new(struct panel_sample **out, const char *seed, size_t len,
    struct panel_err *err);
void panel_sample_free(struct panel_sample *s);

/* S, the seed's 64 hex digits; borrows from s. */
const char *panel_sample_seed_hash(const struct panel_sample *s);

/* Computes the key of id (len bytes). */
int panel_sample_key(struct panel_sample_key *out, struct panel_sample *s,
    const char *id, size_t len, struct panel_err *err);

/* Computes the key of a SHA-256 digest d (H's bytes, big-endian). */
void panel_sample_key_digest(
    struct panel_sample_key *out, const unsigned char d[PANEL_SHA_LEN]);

/* Compares two keys as byte strings: <0, 0, >0. */
int panel_sample_key_cmp(
    const struct panel_sample_key *a, const struct panel_sample_key *b);

/* Writes the shown ticket of key ("0." + 9s + 18 digits) into out. */
void panel_sample_ticket(
    char out[PANEL_SAMPLE_TICKET_MAX], const struct panel_sample_key *key);

/* Writes the whole ticket ("0." + key) into out. */
void panel_sample_ticket_full(
    char out[PANEL_SAMPLE_TICKET_MAX], const struct panel_sample_key *key);

/* An ID with its key; id is NUL-terminated and owned by the heap. */
struct panel_sample_item {
	struct panel_sample_key key;
	char *id;
	size_t len;
};

/* The first cap items of an order; a max-heap on (key, ID) until sorted. */
struct panel_sample_heap {
	size_t cap;
	size_t n;
	struct panel_sample_item *items;
};

/* Makes an empty heap keeping at most cap items; release it after use. */
void panel_sample_heap_init(struct panel_sample_heap *h, size_t cap);
void panel_sample_heap_release(struct panel_sample_heap *h);

/*
 * Offers id: keeps it (copied) if it is among the best cap seen so far,
 * evicting the worst.  Errors are those of SHA-256.
 */
int panel_sample_heap_add(struct panel_sample_heap *h, struct panel_sample *s,
    const char *id, size_t len, struct panel_err *err);

/*
 * Sorts the kept items into order, best first: items[0] is position 1.
 * After this only panel_sample_heap_release() may be called.
 */
void panel_sample_heap_sort(struct panel_sample_heap *h);

/* Compares two items in the order (key, then ID): <0, 0, >0. */
int panel_sample_item_cmp(
    const struct panel_sample_item *a, const struct panel_sample_item *b);

#endif
