#ifndef PANEL_BYTES8_H
#define PANEL_BYTES8_H

/*
 * ASCII byte tests, and text eight bytes at a time in one 64-bit word,
 * for the loops that read every byte of every document (the trigger scan,
 * the names split, the term search, the columns of the output).  A byte's
 * "top bit" below is bit 7 of its byte of the word; the first byte of the
 * text is the lowest.
 */

#include <stddef.h>
#include <stdint.h>

#define PANEL_ONES 0x0101010101010101ULL
#define PANEL_HIGHS (PANEL_ONES * 0x80)
/* 2^64 over the golden ratio: the multiplier of the one-multiply hashes. */
#define PANEL_HASH_MUL 0x9e3779b97f4a7c15ULL

/* The 8 bytes at p, the first in the lowest bits on any machine. */
static inline uint64_t
panel_load8(const void *p)
{
	const unsigned char *u = p;

	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	       (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
	       (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
	       (uint64_t)u[7] << 56;
}

/*
 * The first eight bytes of w[0..n) in one word, the rest zero, avail
 * bytes being readable at w: one load, but at the very end of a text.
 */
static inline uint64_t
panel_head8(const void *w, size_t n, size_t avail)
{
	const unsigned char *u = w;
	uint64_t x = 0;
	size_t k;

	if (avail >= 8)
		x = panel_load8(u);
	else
		for (k = 0; k < n; k++)
			x |= (uint64_t)u[k] << (8 * k);
	return n < 8 ? x & (((uint64_t)1 << (8 * n)) - 1) : x;
}

/* The top bit of each byte of x that is an ASCII letter. */
static inline uint64_t
panel_letters8(uint64_t x)
{
	uint64_t low = (x | PANEL_ONES * 0x20) & ~PANEL_HIGHS; /* folded */
	uint64_t from_a = low + PANEL_ONES * (0x80 - 'a');     /* >= 'a' */
	uint64_t past_z = low + PANEL_ONES * (0x7f - 'z');     /* > 'z' */

	return from_a & ~past_z & ~x & PANEL_HIGHS;
}

/* The top bit of each byte of x that is an ASCII digit. */
static inline uint64_t
panel_digits8(uint64_t x)
{
	uint64_t low = x & ~PANEL_HIGHS;
	uint64_t from_0 = low + PANEL_ONES * (0x80 - '0'); /* >= '0' */
	uint64_t past_9 = low + PANEL_ONES * (0x7f - '9'); /* > '9' */

	return from_0 & ~past_9 & ~x & PANEL_HIGHS;
}

/* The top bit of each byte of x that is c (made 0, then found). */
static inline uint64_t
panel_eq8(uint64_t x, unsigned char c)
{
	x ^= PANEL_ONES * c;
	return ~(((x & ~PANEL_HIGHS) + ~PANEL_HIGHS) | x) & PANEL_HIGHS;
}

/* Whether c is an ASCII letter. */
static inline int
panel_ascii_letter(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

/*
 * Whether c is an ASCII letter, digit or underscore: a byte that PCRE2's
 * \w matches.  Past ASCII only PCRE2 can tell.
 */
static inline int
panel_ascii_word(unsigned char c)
{
	return c == '_' || panel_ascii_letter(c) ||
	       (unsigned char)(c - '0') < 10;
}

/*
 * Where, from text[i] of text[0..len), the ASCII letters stop (letters
 * set) or the ASCII bytes that are not letters stop (letters 0): eight
 * bytes at a time, as most text is ASCII and this is done to every word
 * of every document.
 */
static inline __attribute__((always_inline)) size_t
panel_ascii_run(const char *text, size_t len, size_t i, int letters)
{
	uint64_t x, stop;

	for (; i + 8 <= len; i += 8) {
		x = panel_load8(text + i);
		stop = letters ? ~panel_letters8(x) : panel_letters8(x) | x;
		if ((stop &= PANEL_HIGHS) != 0)
			return i + (size_t)__builtin_ctzll(stop) / 8;
	}
	while (i < len && (unsigned char)text[i] < 0x80 &&
	       panel_ascii_letter((unsigned char)text[i]) == letters)
		i++;
	return i;
}

/* The number of top bits set in m, one a byte: added up by a multiply. */
static inline unsigned
panel_count8(uint64_t m)
{
	return (unsigned)(((m >> 7) * PANEL_ONES) >> 56);
}

#endif
