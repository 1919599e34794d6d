#ifndef PANEL_SHA_H
#define PANEL_SHA_H

/*
 * SHA-256 through OpenSSL's EVP interface: the only module that includes
 * openssl/evp.h.  A struct panel_sha keeps one EVP_MD_CTX for its whole
 * life, so that hashing millions of short IDs does not allocate per ID.
 * Every OpenSSL failure is PANEL_EIO with OpenSSL's reason in the message.
 */

#include <stddef.h>

#include "err.h"

#define PANEL_SHA_LEN 32
#define PANEL_SHA_HEX (2 * PANEL_SHA_LEN)

struct panel_sha;

/* A new hashing context; the caller frees it with panel_sha_free(). */
int panel_sha_new(struct panel_sha **out, struct panel_err *err);

/* Frees sha; NULL does nothing. */
void panel_sha_free(struct panel_sha *sha);

/* Incremental use: start, add any number of pieces, finish. */
int panel_sha_start(struct panel_sha *sha, struct panel_err *err);
int panel_sha_update(
    struct panel_sha *sha, const void *data, size_t len, struct panel_err *err);
int panel_sha_finish(unsigned char out[PANEL_SHA_LEN], struct panel_sha *sha,
    struct panel_err *err);

/* One-shot: out = SHA-256(data), reusing sha's context. */
int panel_sha_digest(unsigned char out[PANEL_SHA_LEN], struct panel_sha *sha,
    const void *data, size_t len, struct panel_err *err);

/*
 * Fixes a prefix that panel_sha_prefixed() puts in front of every message.
 * The prefix is hashed once here and its state copied for each message, so
 * a 64-byte prefix (one SHA-256 block) costs nothing per message.
 */
int panel_sha_set_prefix(struct panel_sha *sha, const void *prefix, size_t len,
    struct panel_err *err);

/* out = SHA-256(prefix || data) with the prefix from panel_sha_set_prefix. */
int panel_sha_prefixed(unsigned char out[PANEL_SHA_LEN], struct panel_sha *sha,
    const void *data, size_t len, struct panel_err *err);

/* Writes the 64 lowercase hex digits of digest and a NUL into out. */
void panel_sha_hex(
    char out[PANEL_SHA_HEX + 1], const unsigned char digest[PANEL_SHA_LEN]);

/*
 * SHA-256 of the file at path (any path named by the user), streamed in
 * blocks, as hex.  PANEL_EINPUT if it cannot be opened, PANEL_EIO on a read
 * error.
 */
int panel_sha_file(
    char out[PANEL_SHA_HEX + 1], const char *path, struct panel_err *err);

#endif
