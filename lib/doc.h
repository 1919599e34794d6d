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
 * bytes.
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
	/* SEQ: n items; MAP: n pairs stored as items[2i] key, items[2i+1] value */
	size_t n, alloc;
	struct panel_node **items;
};

struct panel_doc {
	char *file; /* the name used in messages */
	struct panel_node *root; /* NULL for an empty document */
};

/*
 * Parses len bytes of data.  file names the input in messages.  On success
 * *out is a new document the caller frees with panel_doc_free().
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
 * panel_node_int() and panel_node_bool() make typed plain scalars.
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
void panel_node_set(struct panel_node *map, const char *key,
    struct panel_node *value);
/* Removes key from map if present. */
void panel_node_del(struct panel_node *map, const char *key);

/* Accessors.  Returned pointers borrow from the node. */
/* The value of key in map, or NULL if map is not a map or lacks key. */
const struct panel_node *panel_node_get(const struct panel_node *map,
    const char *key);
/* The string of key if it is a scalar, else NULL. */
const char *panel_node_get_str(const struct panel_node *map, const char *key);
/* The key of pair i of a map. */
const char *panel_node_key(const struct panel_node *map, size_t i);
const struct panel_node *panel_node_value(const struct panel_node *map,
    size_t i);

/*
 * Reorders map's pairs so that keys in order[] (NULL-terminated) come first
 * in that order and the others follow, sorted bytewise.
 */
void panel_node_order(struct panel_node *map, const char *const order[]);

/* How a plain scalar with this text resolves under YAML 1.1. */
enum panel_scalar_type panel_doc_resolve(const char *s, size_t len);

/* Appends doc in canonical form to out. */
int panel_doc_emit(const struct panel_doc *doc, struct panel_buf *out,
    struct panel_err *err);

#endif
