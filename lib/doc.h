#ifndef PANEL_DOC_H
#define PANEL_DOC_H

/*
 * A YAML document as a small tree, read with libyaml and written back in
 * the project's canonical form.  The only module that includes yaml.h.
 *
 * Loading fails closed on hostile input: anchors and aliases, nesting
 * deeper than PANEL_DOC_MAX_DEPTH, duplicate keys, more than one document,
 * tags other than the core schema's, invalid UTF-8, NUL bytes, input over
 * PANEL_DOC_MAX_BYTES and scalars over PANEL_DOC_MAX_SCALAR each give one
 * PANEL_EINPUT error with file:line:col.  Messages never quote a value.
 *
 * Canonical form (what panel_doc_emit writes): block style, two-space
 * indent, maps in the order their keys were set, one field per line, LF,
 * a single trailing newline, no document markers.  A string that a YAML
 * 1.1 reader (PyYAML) would resolve to another type (yes, no, on, ~,
 * 0123, 1e3, 2018-10-04, ...) is single-quoted; multi-line text uses the
 * literal style.  Loading and emitting a canonical file gives the same
 * bytes.  To be read back as text by other readers too, the emitter also
 * quotes y, Y, n and N (booleans in the YAML 1.1 spec, not in PyYAML) and
 * what the YAML 1.2 core schema takes for a number (1e3, 0o17, 08, -.5).
 * Text that libyaml cannot write plain (": ", " #", a leading indicator,
 * leading or trailing spaces) is single-quoted; text that single quotes
 * cannot carry (tabs, control characters, breaks other than LF, trailing
 * spaces on a line of multi-line text, trailing empty lines) is
 * double-quoted with escapes, and so is text with characters beyond the
 * BMP (emoji, written \U0001F600), which libyaml 0.2.5 counts as not
 * printable.  Typed scalars (ints, bools, nulls) are plain.
 *
 * libyaml writes a sequence that is a map's value at the map's own indent
 * ("items:" then "- a" in the same column), as PyYAML does; it has no
 * switch for indented sequences, so that is the canonical form.  Empty
 * collections are written {} and [].
 *
 * JSON loads too, since JSON is YAML flow style (libyaml 0.2.5 takes
 * {"a":1} without a space after the colon, \/ escapes and tabs between
 * tokens).  Three differences remain: numbers are typed by YAML 1.1, so
 * 1e3 and 1E+3 (no dot) are strings and 1.0e+3 is a float; UTF-16
 * surrogate pairs (\ud83d\ude00) are refused by libyaml as invalid
 * escapes, so write such characters unescaped; and the limits above apply
 * (duplicate keys, depth 32).
 */

#include <stddef.h>

#include "buf.h"
#include "err.h"

#define PANEL_DOC_MAX_BYTES (1024 * 1024)
#define PANEL_DOC_MAX_SCALAR (64 * 1024)
#define PANEL_DOC_MAX_DEPTH 32

enum panel_node_kind {
	PANEL_NODE_SCALAR,
	PANEL_NODE_SEQ,
	PANEL_NODE_MAP,
};

/*
 * How a scalar resolves under YAML 1.1 (as PyYAML's safe loader does): a
 * quoted scalar is always a string; a plain one may be any of these.
 */
enum panel_scalar_type {
	PANEL_SCALAR_STR,
	PANEL_SCALAR_INT,
	PANEL_SCALAR_FLOAT,
	PANEL_SCALAR_BOOL,
	PANEL_SCALAR_NULL,
	PANEL_SCALAR_TIMESTAMP,
};

struct panel_node {
	enum panel_node_kind kind;
	unsigned line, column; /* 1-based, where the node starts */
	/* SCALAR */
	char *str; /* NUL-terminated; never NULL for a scalar */
	size_t len;
	enum panel_scalar_type type;
	/* SEQ: n items; MAP: n pairs, key items[2i], value items[2i+1] */
	size_t n, alloc;
	struct panel_node **items;
};

struct panel_doc {
	char *file;              /* the name used in messages */
	struct panel_node *root; /* NULL for an empty document */
};

/*
 * Parses len bytes of data.  file names the input in messages.  On success
 * *out is a new document the caller frees with panel_doc_free(); on error
 * *out is NULL and err says where (1-based line and column, counted in
 * characters as libyaml does) and what, as in "YAML syntax: <libyaml's
 * problem>", "invalid UTF-8", "NUL byte in input", "duplicate key 'k'
 * (first on line 3)": PANEL_EINPUT, or PANEL_EIO if libyaml runs out of
 * memory.  An input with no document ("", comments, or "---" alone) gives
 * a NULL root.  Scalars: quoted ones are strings, plain ones resolve as
 * panel_doc_resolve() says, a core tag sets the type (its text must fit:
 * "!!int x" is refused; "!!float 1" is a float).  Also refused: plain '<<'
 * and '=' (PyYAML merges or fails on them), keys that are collections, and
 * scalars holding NUL through an escape ("\0").
 */
int panel_doc_load(struct panel_doc **out, const char *file, const char *data,
    size_t len, struct panel_err *err);

/* Frees doc and every node; NULL does nothing. */
void panel_doc_free(struct panel_doc *doc);

/* A new empty document, to be filled with the builders below. */
struct panel_doc *panel_doc_new(const char *file);

/*
 * Builders.  Nodes belong to the document through their parent; a node
 * that is never attached must be freed with panel_node_free().
 * panel_node_str() makes a string scalar (emitted quoted when needed);
 * panel_node_int() and panel_node_bool() make typed plain scalars
 * ("42", "true"/"false"); panel_node_null() makes "null".  push and set
 * on a node of the wrong kind (or NULL) free value and do nothing else.
 */
struct panel_node *panel_node_map(void);
struct panel_node *panel_node_seq(void);
struct panel_node *panel_node_str(const char *s);
struct panel_node *panel_node_strn(const char *s, size_t len);
struct panel_node *panel_node_int(long long v);
struct panel_node *panel_node_bool(int v);
struct panel_node *panel_node_null(void);
void panel_node_free(struct panel_node *node);
/* Appends value to seq; seq takes ownership. */
void panel_node_push(struct panel_node *seq, struct panel_node *value);
/* Sets key in map (replacing an old value in place); map owns value. */
void panel_node_set(
    struct panel_node *map, const char *key, struct panel_node *value);
/* Removes key from map if present. */
void panel_node_del(struct panel_node *map, const char *key);

/* Accessors.  Returned pointers borrow from the node. */
/* The value of key in map, or NULL if map is not a map or lacks key. */
const struct panel_node *panel_node_get(
    const struct panel_node *map, const char *key);
/* The text of key's value if it is a scalar of any type, else NULL. */
const char *panel_node_get_str(const struct panel_node *map, const char *key);
/* The key and value of pair i of a map; NULL if i is out of range. */
const char *panel_node_key(const struct panel_node *map, size_t i);
const struct panel_node *panel_node_value(
    const struct panel_node *map, size_t i);

/*
 * Reorders map's pairs so that keys in order[] (NULL-terminated) come first
 * in that order and the others follow, sorted bytewise.
 */
void panel_node_order(struct panel_node *map, const char *const order[]);

/*
 * How a plain scalar with this text resolves under YAML 1.1, exactly as
 * PyYAML's implicit resolvers do (so 1.5e3, lacking the exponent's sign,
 * is a string; 1.5e+3 is a float; "yes\n" is a bool, as Python's '$'
 * matches before a final newline).  PyYAML also resolves '<<' (merge), '='
 * (value) and a lone '!', '&' or '*' to tags that are no data type; this
 * returns PANEL_SCALAR_STR for them, but they are not plain strings: the
 * emitter quotes them and the loader refuses '<<' and '=' plain.
 */
enum panel_scalar_type panel_doc_resolve(const char *s, size_t len);

/*
 * Appends doc in canonical form to out (nothing for a NULL root).  Refuses
 * with PANEL_EINPUT, leaving out as it was, what could not be loaded
 * again: text that is not UTF-8, holds NUL or is over PANEL_DOC_MAX_SCALAR,
 * nesting deeper than PANEL_DOC_MAX_DEPTH, and non-scalar keys.  Built
 * nodes have line 0, so such errors name only the file.
 */
int panel_doc_emit(
    const struct panel_doc *doc, struct panel_buf *out, struct panel_err *err);

#endif
