#include "sha.h"

/*
 * The prefixed hash of a draw runs once per contact, millions of times:
 * from a saved midstate it costs one SHA-256 block, and the plain
 * SHA256_CTX can be copied with memcpy where EVP_MD_CTX_copy_ex() goes
 * through the provider and allocates (2.8 times slower here).  OpenSSL 3
 * marks the SHA256_* functions deprecated, so they are used only for this
 * and only while the library has them; otherwise EVP does it all.
 */
#ifndef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT 0x10100000L
#endif

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslconf.h>
#if !defined(OPENSSL_NO_DEPRECATED_3_0)
#include <openssl/sha.h>
#define HAVE_MIDSTATE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "banned.h"

struct panel_sha {
	EVP_MD_CTX *ctx;
	EVP_MD_CTX *prefix; /* state after the prefix, or NULL */
#ifdef HAVE_MIDSTATE
	SHA256_CTX mid; /* the same state for memcpy */
	int have_mid;
#endif
	EVP_MD *md; /* fetched once: EVP_sha256() would fetch on every init */
};

static int
sha_fail(struct panel_err *err, const char *what)
{
	char reason[256];
	unsigned long e = ERR_get_error();

	if (e != 0)
		ERR_error_string_n(e, reason, sizeof(reason));
	else
		snprintf(reason, sizeof(reason), "unknown error");
	ERR_clear_error();
	return panel_err_set(
	    err, PANEL_EIO, NULL, 0, 0, "sha-256 %s failed: %s", what, reason);
}

int
panel_sha_new(struct panel_sha **out, struct panel_err *err)
{
	struct panel_sha *sha = panel_xcalloc(1, sizeof(*sha));

	*out = NULL;
	sha->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	sha->ctx = EVP_MD_CTX_new();
	if (sha->md == NULL || sha->ctx == NULL) {
		panel_sha_free(sha);
		return sha_fail(err, "set-up");
	}
	*out = sha;
	return 0;
}

void
panel_sha_free(struct panel_sha *sha)
{
	if (sha == NULL)
		return;
	EVP_MD_CTX_free(sha->prefix);
	EVP_MD_CTX_free(sha->ctx);
	EVP_MD_free(sha->md);
	free(sha);
}

int
panel_sha_start(struct panel_sha *sha, struct panel_err *err)
{
	if (EVP_DigestInit_ex(sha->ctx, sha->md, NULL) != 1)
		return sha_fail(err, "init");
	return 0;
}

int
panel_sha_update(
    struct panel_sha *sha, const void *data, size_t len, struct panel_err *err)
{
	if (EVP_DigestUpdate(sha->ctx, data, len) != 1)
		return sha_fail(err, "update");
	return 0;
}

int
panel_sha_finish(unsigned char out[PANEL_SHA_LEN], struct panel_sha *sha,
    struct panel_err *err)
{
	unsigned n = 0;

	if (EVP_DigestFinal_ex(sha->ctx, out, &n) != 1 || n != PANEL_SHA_LEN)
		return sha_fail(err, "final");
	return 0;
}

int
panel_sha_digest(unsigned char out[PANEL_SHA_LEN], struct panel_sha *sha,
    const void *data, size_t len, struct panel_err *err)
{
	int rc;

	if ((rc = panel_sha_start(sha, err)) != 0 ||
	    (rc = panel_sha_update(sha, data, len, err)) != 0)
		return rc;
	return panel_sha_finish(out, sha, err);
}

int
panel_sha_set_prefix(struct panel_sha *sha, const void *prefix, size_t len,
    struct panel_err *err)
{
	if (sha->prefix == NULL && (sha->prefix = EVP_MD_CTX_new()) == NULL)
		return sha_fail(err, "set-up");
	if (EVP_DigestInit_ex(sha->prefix, sha->md, NULL) != 1 ||
	    EVP_DigestUpdate(sha->prefix, prefix, len) != 1)
		return sha_fail(err, "prefix");
#ifdef HAVE_MIDSTATE
	sha->have_mid = SHA256_Init(&sha->mid) == 1 &&
	                SHA256_Update(&sha->mid, prefix, len) == 1;
#endif
	return 0;
}

int
panel_sha_prefixed(unsigned char out[PANEL_SHA_LEN], struct panel_sha *sha,
    const void *data, size_t len, struct panel_err *err)
{
	if (sha->prefix == NULL)
		return panel_err_set(
		    err, PANEL_EUSAGE, NULL, 0, 0, "sha-256 prefix not set");
#ifdef HAVE_MIDSTATE
	if (sha->have_mid) {
		SHA256_CTX c = sha->mid;

		if (SHA256_Update(&c, data, len) == 1 &&
		    SHA256_Final(out, &c) == 1)
			return 0;
		return sha_fail(err, "update");
	}
#endif
	if (EVP_MD_CTX_copy_ex(sha->ctx, sha->prefix) != 1)
		return sha_fail(err, "copy");
	if (EVP_DigestUpdate(sha->ctx, data, len) != 1)
		return sha_fail(err, "update");
	return panel_sha_finish(out, sha, err);
}

void
panel_sha_hex(
    char out[PANEL_SHA_HEX + 1], const unsigned char digest[PANEL_SHA_LEN])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < PANEL_SHA_LEN; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[PANEL_SHA_HEX] = '\0';
}

static int
sha_fd(struct panel_sha *sha, int fd, const char *path, struct panel_err *err)
{
	unsigned char block[65536];
	ssize_t n;
	int rc;

	for (;;) {
		n = read(fd, block, sizeof(block));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return panel_err_set(err, PANEL_EIO, path, 0, 0,
			    "cannot read: %s", strerror(errno));
		if (n == 0)
			return 0;
		if ((rc = panel_sha_update(sha, block, (size_t)n, err)) != 0)
			return rc;
	}
}

int
panel_sha_file(
    char out[PANEL_SHA_HEX + 1], const char *path, struct panel_err *err)
{
	struct panel_sha *sha = NULL;
	unsigned char d[PANEL_SHA_LEN];
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return panel_err_set(err, PANEL_EINPUT, path, 0, 0,
		    "cannot open: %s", strerror(errno));
	if ((rc = panel_sha_new(&sha, err)) == 0 &&
	    (rc = panel_sha_start(sha, err)) == 0 &&
	    (rc = sha_fd(sha, fd, path, err)) == 0 &&
	    (rc = panel_sha_finish(d, sha, err)) == 0)
		panel_sha_hex(out, d);
	panel_sha_free(sha);
	close(fd);
	return rc;
}
