#ifndef PANEL_NAMES_H
#define PANEL_NAMES_H

/*
 * People's names in free text: the forename, surname, place and not-a-name
 * lists (compiled in from lib/names-*.txt, extended by a repository), the
 * word boundaries that names are made of, the name validators that trim a
 * rule's match to the name it holds, and the search for names by the
 * lists, taken only with supporting evidence (capitalisation, position in
 * the sentence, a relation word or a surname beside a forename).
 */

#include <stddef.h>

/* What a word is, as a bit set (a word may be several). */
enum {
	PANEL_NAMES_FORE = 1 << 0,   /* a forename */
	PANEL_NAMES_SUR = 1 << 1,    /* a surname */
	PANEL_NAMES_COMMON = 1 << 2, /* a name that is also an ordinary word */
	PANEL_NAMES_NOT = 1 << 3,    /* never a name */
	PANEL_NAMES_PLACE = 1 << 4,  /* a place (or the start of one) */
	PANEL_NAMES_TITLE = 1 << 5,  /* a title or rank: Mr, Dr, PC, Sgt */
	/* "neighbour", "son": a name may follow */
	PANEL_NAMES_RELATION = 1 << 6,
	/* a month, country or make of car as well as a name */
	PANEL_NAMES_AMBIGUOUS = 1 << 8,
};

/* How strongly a rule's context says "a name is here". */
enum panel_names_mode {
	PANEL_NAMES_CONTEXT, /* a greeting, title, sign-off: capitals or lists
	                      */
	PANEL_NAMES_FIELD,   /* a form field or header: any words */
	PANEL_NAMES_LISTED,  /* weak: the first word must be on a list */
};

struct panel_names;

/* The built-in lists; exits on out of memory only. */
struct panel_names *panel_names_new(void);
void panel_names_free(struct panel_names *nl);

/*
 * Adds flags to the entry for word[0..len) (several words for a place:
 * "Lyme Regis").  Case is folded.
 */
void panel_names_add(
    struct panel_names *nl, const char *word, size_t len, unsigned flags);

/* The flags of word[0..len), case folded; 0 if it is on no list. */
unsigned panel_names_flags(
    const struct panel_names *nl, const char *word, size_t len);

/* The validator called name ("name", "name-field", "name-list"), or -1. */
int panel_names_mode_find(const char *name);

/*
 * Finds the next word at or after *pos in text[0..len): letters (ASCII
 * and Latin-1/Extended), with inner apostrophes and hyphens, a possessive
 * "'s" left out.  Sets [*ws, *we), moves *pos past it and returns 1; 0
 * when there is none.
 */
int panel_names_word(
    const char *text, size_t len, size_t *pos, size_t *ws, size_t *we);

/*
 * 1 if the bytes either side of text[s..e) (of text[0..len)) end any word
 * that would hold them: ASCII bytes that are neither letters nor joiners
 * (' or -), or the text's ends.  The words of text[s..e) are then text's
 * own, as panel_names_split() finds them.
 */
int panel_names_whole(const char *text, size_t len, size_t s, size_t e);

/* 1 if the word at text[ws] starts with a capital letter. */
int panel_names_capital(const char *text, size_t ws);

/* A word of a document, as panel_names_word() finds it. */
struct panel_names_token {
	size_t start, end;
	unsigned flags;    /* its flags if capitalised (a double-barrelled name
	                      is a surname if its parts are names), else 0 */
	unsigned char cap; /* 1 if it starts with a capital letter */
	unsigned char joined; /* 1 if it holds a joiner: O'Brien, Sarah's */
};

/*
 * The words of one document, in order, and the indexes into v of those
 * that may be names (capitalised, neither a title nor never a name): the
 * scan visits only those.  The memory is kept from one document to the
 * next: release it at the end.
 */
struct panel_names_words {
	struct panel_names_token *v;
	size_t n, alloc;
	size_t *named, nnamed; /* room for alloc */
};

#define PANEL_NAMES_WORDS_INIT                                                 \
	{                                                                      \
		NULL, 0, 0, NULL, 0                                            \
	}
void panel_names_words_release(struct panel_names_words *words);

/*
 * Splits text[0..len) into its words, into out (emptied first), so that
 * the scan and the search for repeated names walk the text once.
 */
void panel_names_split(struct panel_names_words *out,
    const struct panel_names *nl, const char *text, size_t len);

/* The index of the first of words that starts at or after pos. */
size_t panel_names_words_at(const struct panel_names_words *words, size_t pos);

/*
 * Narrows [*start, *end) of text[0..len), what a person rule matched, to
 * the name it holds: titles dropped, then name words while they last (at
 * most 4).  words are text's words (panel_names_split()), so that the
 * match's are not found again.  Returns 1, or 0 if no name is there.
 */
int panel_names_refine(const struct panel_names *nl, enum panel_names_mode mode,
    const struct panel_names_words *words, const char *text, size_t len,
    size_t *start, size_t *end);

/*
 * Calls fn for each name that the lists find in text, split into words
 * by panel_names_split(), with supporting evidence: a forename followed
 * by a surname or another capitalised name word; a capitalised forename
 * that is not an ordinary word, a place or the start of a sentence's
 * heading; any listed forename after a relation word ("my neighbour
 * Dave").
 */
void panel_names_scan(const struct panel_names *nl,
    const struct panel_names_words *words, const char *text,
    void (*fn)(size_t start, size_t end, void *ctx), void *ctx);

#endif
