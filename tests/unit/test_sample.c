/*
 * Tickets and order of Rivest's consistent sampling against the issue's
 * vectors (computed with his reference implementation) and full tickets
 * from tests/bench/consistent_sampler.py, plus the properties a draw
 * relies on: a stratum's sample is the whole order filtered to that
 * stratum, and the order does not depend on the order of the input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sample.h"
#include "sha.h"

#include "banned.h"

#define SEED "20181004123456"

static struct panel_sample *
sampler(const char *seed)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_sample *s = NULL;

	assert_int_equal(panel_sample_new(&s, seed, strlen(seed), &err), 0);
	return s;
}

/* The first n of ids[0..count) in order, as a space-separated string. */
static void
first_n(char *out, size_t size, struct panel_sample *s, const char *const *ids,
    size_t count, size_t n)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_sample_heap h;
	size_t i, used = 0;

	panel_sample_heap_init(&h, n);
	for (i = 0; i < count; i++)
		assert_int_equal(
		    panel_sample_heap_add(&h, s, ids[i], strlen(ids[i]), &err),
		    0);
	panel_sample_heap_sort(&h);
	out[0] = '\0';
	for (i = 0; i < h.n; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
		    i ? " " : "", h.items[i].id);
	panel_sample_heap_release(&h);
}

static char **
make_ids(const char *prefix, int width, size_t count)
{
	char **ids = calloc(count, sizeof(*ids));
	size_t i;

	assert_non_null(ids);
	for (i = 0; i < count; i++) {
		ids[i] = malloc(32);
		assert_non_null(ids[i]);
		snprintf(ids[i], 32, "%s%0*d", prefix, width, (int)(i + 1));
	}
	return ids;
}

static void
free_ids(char **ids, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(ids[i]);
	free(ids);
}

static void
test_sha(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_sha *sha = NULL;
	unsigned char d[PANEL_SHA_LEN], e[PANEL_SHA_LEN];
	char hex[PANEL_SHA_HEX + 1];

	(void)state;
	assert_int_equal(panel_sha_new(&sha, &err), 0);
	assert_int_equal(panel_sha_digest(d, sha, "abc", 3, &err), 0);
	panel_sha_hex(hex, d);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	                         "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(panel_sha_start(sha, &err), 0);
	assert_int_equal(panel_sha_update(sha, "a", 1, &err), 0);
	assert_int_equal(panel_sha_update(sha, "bc", 2, &err), 0);
	assert_int_equal(panel_sha_finish(e, sha, &err), 0);
	assert_memory_equal(d, e, PANEL_SHA_LEN);
	assert_int_equal(
	    panel_sha_prefixed(e, sha, "c", 1, &err), PANEL_EUSAGE);
	assert_int_equal(panel_sha_set_prefix(sha, "ab", 2, &err), 0);
	assert_int_equal(panel_sha_prefixed(e, sha, "c", 1, &err), 0);
	assert_memory_equal(d, e, PANEL_SHA_LEN);
	/* The prefix state survives use. */
	assert_int_equal(panel_sha_prefixed(e, sha, "c", 1, &err), 0);
	assert_memory_equal(d, e, PANEL_SHA_LEN);
	assert_int_equal(
	    panel_sha_file(hex, PANEL_SOURCE_DIR "/no/such/file", &err),
	    PANEL_EINPUT);
	panel_sha_free(sha);
	panel_sha_free(NULL);
}

static void
test_seed_hash(void **state)
{
	struct panel_sample *s = sampler(SEED);

	(void)state;
	assert_string_equal(panel_sample_seed_hash(s),
	    "24af137c64e40c705dc90f37edc08b4378760bb638c403faf739ecc89699c46d");
	panel_sample_free(s);
}

static void
test_vector_numbers(void **state)
{
	struct panel_sample *s = sampler(SEED);
	char **ids = make_ids("", 0, 1000), got[256];

	(void)state;
	first_n(got, sizeof(got), s, (const char *const *)ids, 1000, 10);
	assert_string_equal(got, "736 701 849 152 329 58 806 147 463 607");
	free_ids(ids, 1000);
	panel_sample_free(s);
}

static void
test_vector_references(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_sample *s = sampler(SEED);
	struct panel_sample_key k;
	char **ids = make_ids("C-", 6, 1000), got[256];
	char t[PANEL_SAMPLE_TICKET_MAX];

	(void)state;
	first_n(got, sizeof(got), s, (const char *const *)ids, 1000, 10);
	assert_string_equal(got, "C-000454 C-000741 C-000615 C-000921 "
	                         "C-000430 C-000429 C-000892 C-000971 "
	                         "C-000222 C-000545");
	assert_int_equal(panel_sample_key(&k, s, "C-000454", 8, &err), 0);
	panel_sample_ticket(t, &k);
	/* Six leading zeros: dropping them would give another ticket. */
	assert_string_equal(t, "0.000000652464552936");
	free_ids(ids, 1000);
	panel_sample_free(s);
}

/* Whole tickets from tests/bench/consistent_sampler.py. */
static const struct {
	const char *id, *full, *shown;
} tickets[] = {
    {"1",
        "0.24093887784231941890224206645809797482114639902952671521574943986"
        "166099551886",
        "0.240938877842319418"},
    {"736",
        "0.00051554074227688620828401627178830210982439663496446144537693421"
        "847093382024",
        "0.000515540742276886"},
    {"C-000454",
        "0.00000065246455293640473983680196096728920716049478607428300779228"
        "305633126258",
        "0.000000652464552936"},
    {"C-001000",
        "0.31880299685778246517317439472133370511165417873868544461552551222"
        "6168274405511",
        "0.318802996857782465"},
    {"CAD-2018-0000001",
        "0.00185368596857961925278265629699162475104442404238007702614642743"
        "366374520445",
        "0.001853685968579619"},
    {"\xc3\xa9-1",
        "0.65205496546825349361204865509170503245750429949684877832445818319"
        "7480572248201",
        "0.652054965468253493"},
    /* Leading 9s are shown whole, then 18 digits. */
    {"C-000142",
        "0.99923803584868678136400794311626598389043978950919350794192605567"
        "814935806881",
        "0.999238035848686781364"},
};

static void
test_full_tickets(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_sample *s = sampler(SEED);
	struct panel_sample_key k;
	char t[PANEL_SAMPLE_TICKET_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tickets) / sizeof(tickets[0]); i++) {
		assert_int_equal(panel_sample_key(&k, s, tickets[i].id,
		                     strlen(tickets[i].id), &err),
		    0);
		panel_sample_ticket_full(t, &k);
		assert_string_equal(t, tickets[i].full);
		panel_sample_ticket(t, &k);
		assert_string_equal(t, tickets[i].shown);
	}
	panel_sample_free(s);
}

/* Sets d to the 256-bit big-endian value of a decimal string, via bytes. */
static void
digest_of(unsigned char d[PANEL_SHA_LEN], const char *dec)
{
	size_t i;
	int j;
	unsigned carry;

	memset(d, 0, PANEL_SHA_LEN);
	for (i = 0; dec[i]; i++) {
		carry = (unsigned)(dec[i] - '0');
		for (j = PANEL_SHA_LEN - 1; j >= 0; j--) {
			carry += d[j] * 10u;
			d[j] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
	}
}

static void
test_key_edges(void **state)
{
	static const struct {
		const char *h, *key;
	} cases[] = {
	    {"0", "0000000000000000000000000000000000000000000000000000000000"
	          "000000"},
	    {"1", "1000000000000000000000000000000000000000000000000000000000"
	          "000000"},
	    {"12345678901234567890", "0987654321098765432100000000000000000"
	                             "000000000000000000000000000"},
	    {"1000000000000000000000000000000000000000000000000000000000000"
	     "000",
	        "000000000000000000000000000000000000000000000000000000000000"
	        "0001"},
	    {"1157920892373161954235709850086879078532699846656405640394575"
	     "84007913129639935",
	        "539936921319700485754930465046566489962358709786800589075324"
	        "591613732980297511"},
	};
	unsigned char d[PANEL_SHA_LEN];
	struct panel_sample_key k;
	char t[PANEL_SAMPLE_TICKET_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		digest_of(d, cases[i].h);
		panel_sample_key_digest(&k, d);
		assert_int_equal(k.len, strlen(cases[i].key));
		assert_memory_equal(k.digits, cases[i].key, k.len);
		panel_sample_ticket_full(t, &k);
		assert_string_equal(t + 2, cases[i].key);
	}
}

static void
test_key_prefix_first(void **state)
{
	struct panel_sample_key a, b;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(a.digits, '5', sizeof(a.digits));
	memset(b.digits, '5', sizeof(b.digits));
	a.len = 64;
	b.len = 65;
	a.head = b.head = 555555555555555555ULL;
	assert_true(panel_sample_key_cmp(&a, &b) < 0);
	assert_true(panel_sample_key_cmp(&b, &a) > 0);
	b.len = 64;
	assert_int_equal(panel_sample_key_cmp(&a, &b), 0);
	b.digits[63] = '4';
	assert_true(panel_sample_key_cmp(&a, &b) > 0);
}

static void
test_seed_check(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;

	(void)state;
	assert_int_equal(
	    panel_sample_check_seed("12345678901234567890", &err), 0);
	assert_int_equal(
	    panel_sample_check_seed("1234567890123456789", &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "19 digits"));
	assert_int_equal(panel_sample_check_seed("1234567890123456789x", &err),
	    PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "character 20"));
	assert_int_equal(panel_sample_check_seed("", &err), PANEL_EINPUT);
	/* Full-width digits are not ASCII digits. */
	assert_int_equal(panel_sample_check_seed("\xef\xbc\x91"
	                                         "1234567890123456789012",
	                     &err),
	    PANEL_EINPUT);
}

#define NSTRATA 3
#define NIDS 3000

/* The stratum of ID i, a fixed pseudo-random spread. */
static size_t
stratum_of(size_t i)
{
	return (i * 2654435761u >> 7) % NSTRATA;
}

static void
test_stratum_is_filtered_order(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_sample *s = sampler("31415926535897932384626");
	struct panel_sample_heap all, part[NSTRATA];
	char **ids = make_ids("REF-", 5, NIDS);
	size_t i, k, seen[NSTRATA] = {0};
	int found;

	(void)state;
	panel_sample_heap_init(&all, NIDS);
	for (k = 0; k < NSTRATA; k++)
		panel_sample_heap_init(&part[k], 7);
	for (i = 0; i < NIDS; i++) {
		assert_int_equal(panel_sample_heap_add(
		                     &all, s, ids[i], strlen(ids[i]), &err),
		    0);
		assert_int_equal(panel_sample_heap_add(&part[stratum_of(i)], s,
		                     ids[i], strlen(ids[i]), &err),
		    0);
	}
	panel_sample_heap_sort(&all);
	for (k = 0; k < NSTRATA; k++)
		panel_sample_heap_sort(&part[k]);
	/* Walk the whole order; each stratum's items come in its order. */
	for (i = 0; i < all.n; i++) {
		found = 0;
		for (k = 0; k < NSTRATA && !found; k++) {
			if (seen[k] == part[k].n)
				continue;
			size_t j = (size_t)atoi(all.items[i].id + 4) - 1;
			if (stratum_of(j) != k)
				continue;
			assert_string_equal(
			    all.items[i].id, part[k].items[seen[k]].id);
			seen[k]++;
			found = 1;
		}
	}
	for (k = 0; k < NSTRATA; k++) {
		assert_int_equal(seen[k], 7);
		panel_sample_heap_release(&part[k]);
	}
	/* The whole order is strictly increasing. */
	for (i = 1; i < all.n; i++)
		assert_true(panel_sample_item_cmp(
		                &all.items[i - 1], &all.items[i]) < 0);
	panel_sample_heap_release(&all);
	free_ids(ids, NIDS);
	panel_sample_free(s);
}

static void
test_order_ignores_input_order(void **state)
{
	struct panel_sample *s = sampler("27182818284590452353602874");
	char **ids = make_ids("", 0, NIDS), *t;
	char want[2048], got[2048];
	uint32_t x = 12345;
	size_t i, j, round;

	(void)state;
	first_n(want, sizeof(want), s, (const char *const *)ids, NIDS, 40);
	for (round = 0; round < 3; round++) {
		for (i = NIDS - 1; i > 0; i--) {
			x = x * 1103515245u + 12345u;
			j = (x >> 8) % (i + 1);
			t = ids[i];
			ids[i] = ids[j];
			ids[j] = t;
		}
		first_n(
		    got, sizeof(got), s, (const char *const *)ids, NIDS, 40);
		assert_string_equal(got, want);
	}
	free_ids(ids, NIDS);
	panel_sample_free(s);
}

/* A bounded heap gives the same first n as sorting everything. */
static void
test_heap_matches_sort(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_sample *s = sampler(SEED);
	struct panel_sample_heap all, few;
	char **ids = make_ids("C-", 6, 20000);
	size_t i;

	(void)state;
	panel_sample_heap_init(&all, 20000);
	panel_sample_heap_init(&few, 25);
	for (i = 0; i < 20000; i++) {
		assert_int_equal(panel_sample_heap_add(
		                     &all, s, ids[i], strlen(ids[i]), &err),
		    0);
		assert_int_equal(panel_sample_heap_add(
		                     &few, s, ids[i], strlen(ids[i]), &err),
		    0);
	}
	panel_sample_heap_sort(&all);
	panel_sample_heap_sort(&few);
	assert_int_equal(few.n, 25);
	for (i = 0; i < few.n; i++)
		assert_string_equal(few.items[i].id, all.items[i].id);
	panel_sample_heap_release(&all);
	panel_sample_heap_release(&few);
	/* A heap of zero keeps nothing. */
	panel_sample_heap_init(&few, 0);
	assert_int_equal(panel_sample_heap_add(&few, s, "1", 1, &err), 0);
	assert_int_equal(few.n, 0);
	panel_sample_heap_release(&few);
	free_ids(ids, 20000);
	panel_sample_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha),
	    cmocka_unit_test(test_seed_hash),
	    cmocka_unit_test(test_vector_numbers),
	    cmocka_unit_test(test_vector_references),
	    cmocka_unit_test(test_full_tickets),
	    cmocka_unit_test(test_key_edges),
	    cmocka_unit_test(test_key_prefix_first),
	    cmocka_unit_test(test_seed_check),
	    cmocka_unit_test(test_stratum_is_filtered_order),
	    cmocka_unit_test(test_order_ignores_input_order),
	    cmocka_unit_test(test_heap_matches_sort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
