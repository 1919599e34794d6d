/*
 * strmap: exact and folded keys of every length (keys are hashed and
 * compared eight bytes at a time), put's and ref's returns, growth,
 * reserve, clear.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "strmap.h"

#include "banned.h"

static void
test_put_get(void **state)
{
	struct panel_strmap *m = panel_strmap_new(0);

	(void)state;
	assert_int_equal(panel_strmap_get(m, "a", 1), -1);
	assert_int_equal(panel_strmap_put(m, "a", 1, 7), -1);
	assert_int_equal(panel_strmap_put(m, "a", 1, 8), 7);
	assert_int_equal(panel_strmap_get(m, "a", 1), 8);
	assert_int_equal(panel_strmap_put(m, "", 0, 3), -1);
	assert_int_equal(panel_strmap_get(m, "", 0), 3);
	assert_int_equal(panel_strmap_get(m, "ab", 1), 8);
	assert_int_equal(panel_strmap_get(m, "ab", 2), -1);
	assert_int_equal(panel_strmap_count(m), 2);
	panel_strmap_free(m);
	panel_strmap_free(NULL);
}

/* add sets a key only if it is absent; put always does. */
static void
test_add(void **state)
{
	struct panel_strmap *m = panel_strmap_new(1);

	(void)state;
	assert_int_equal(panel_strmap_add(m, "Dorset", 6, 1), -1);
	assert_int_equal(panel_strmap_get(m, "dorset", 6), 1);
	assert_int_equal(panel_strmap_add(m, "DORSET", 6, 2), 1);
	assert_int_equal(panel_strmap_get(m, "Dorset", 6), 1);
	assert_int_equal(panel_strmap_count(m), 1);
	assert_int_equal(panel_strmap_put(m, "Dorset", 6, 3), 1);
	assert_int_equal(panel_strmap_add(m, "Dorset", 6, 4), 3);
	panel_strmap_free(m);
}

/*
 * ref gives the value to read and write in place, set first if the key
 * was absent; the pointer holds while no key is added, and refs that add
 * keys grow the table like puts.
 */
static void
test_ref(void **state)
{
	struct panel_strmap *m = panel_strmap_new(1);
	char key[32];
	long *v;
	int i, len;

	(void)state;
	v = panel_strmap_ref(m, "Sarah Fairweather", 17, -2);
	assert_int_equal(*v, -2);
	assert_int_equal(panel_strmap_count(m), 1);
	*v = 5;
	assert_int_equal(panel_strmap_get(m, "SARAH FAIRWEATHER", 17), 5);
	v = panel_strmap_ref(m, "sarah fairweather", 17, -2);
	assert_int_equal(*v, 5);
	*v |= 8;
	assert_int_equal(panel_strmap_get(m, "Sarah Fairweather", 17), 13);
	assert_int_equal(panel_strmap_count(m), 1);
	for (i = 0; i < 3000; i++) {
		len = snprintf(key, sizeof(key), "Word%d", i);
		v = panel_strmap_ref(m, key, (size_t)len, 0);
		assert_int_equal(*v, 0);
		*v = i + 1;
	}
	for (i = 0; i < 3000; i++) {
		len = snprintf(key, sizeof(key), "word%d", i);
		assert_int_equal(panel_strmap_get(m, key, (size_t)len), i + 1);
	}
	assert_int_equal(panel_strmap_get(m, "Sarah Fairweather", 17), 13);
	assert_int_equal(panel_strmap_count(m), 3001);
	panel_strmap_free(m);
}

/* reserve keeps the keys there are and takes the ones it made room for. */
static void
test_reserve(void **state)
{
	struct panel_strmap *m = panel_strmap_new(1);
	char key[32];
	int i, len;

	(void)state;
	assert_int_equal(panel_strmap_put(m, "Keast", 5, 1), -1);
	panel_strmap_reserve(m, 0);
	panel_strmap_reserve(m, 5000);
	assert_int_equal(panel_strmap_get(m, "KEAST", 5), 1);
	for (i = 0; i < 5000; i++) {
		len = snprintf(key, sizeof(key), "Word%d", i);
		assert_int_equal(panel_strmap_add(m, key, (size_t)len, i), -1);
	}
	panel_strmap_reserve(m, 10);
	for (i = 0; i < 5000; i++) {
		len = snprintf(key, sizeof(key), "word%d", i);
		assert_int_equal(panel_strmap_get(m, key, (size_t)len), i);
	}
	assert_int_equal(panel_strmap_get(m, "keast", 5), 1);
	assert_int_equal(panel_strmap_count(m), 5001);
	panel_strmap_free(m);
}

/* Keys of 1 to 40 bytes, and each with one byte changed, or cut short. */
static void
test_lengths(void **state)
{
	struct panel_strmap *m = panel_strmap_new(0);
	char key[41], other[41];
	size_t len, i;

	(void)state;
	for (len = 0; len < sizeof(key); len++)
		key[len] = (char)('a' + len % 26);
	for (len = 1; len <= 40; len++)
		panel_strmap_put(m, key, len, (long)len);
	for (len = 1; len <= 40; len++) {
		assert_int_equal(panel_strmap_get(m, key, len), (long)len);
		for (i = 0; i < len; i++) {
			memcpy(other, key, len);
			other[i] = 'A';
			assert_int_equal(panel_strmap_get(m, other, len), -1);
		}
	}
	assert_int_equal(panel_strmap_count(m), 40);
	panel_strmap_free(m);
}

/* Bytes past ASCII and NULs are key bytes like any other, never folded. */
static void
test_bytes(void **state)
{
	struct panel_strmap *m = panel_strmap_new(1);

	(void)state;
	panel_strmap_put(m, "a\0b", 3, 1);
	assert_int_equal(panel_strmap_get(m, "A\0B", 3), 1);
	assert_int_equal(panel_strmap_get(m, "a\0c", 3), -1);
	/* 0xc1 and 0xe1 differ by the case bit, as 'A' and 'a' do. */
	panel_strmap_put(m, "\xc1\xc9\xd3\xdaxyz", 7, 2);
	assert_int_equal(panel_strmap_get(m, "\xc1\xc9\xd3\xdaXYZ", 7), 2);
	assert_int_equal(panel_strmap_get(m, "\xe1\xc9\xd3\xdaxyz", 7), -1);
	/* '@' and '[' stand beside 'A' and 'Z'; '`' and '{' beside 'a'. */
	panel_strmap_put(m, "@[", 2, 3);
	assert_int_equal(panel_strmap_get(m, "`{", 2), -1);
	assert_int_equal(panel_strmap_get(m, "@[", 2), 3);
	panel_strmap_free(m);
}

static void
test_fold(void **state)
{
	struct panel_strmap *fold = panel_strmap_new(1);
	struct panel_strmap *exact = panel_strmap_new(0);
	const char *lower = "abcdefghijklmnopqrstuvwxyz0123456789-'";
	const char *upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'";
	size_t len;

	(void)state;
	for (len = 1; len <= strlen(lower); len++) {
		panel_strmap_put(fold, lower, len, (long)len);
		panel_strmap_put(exact, lower, len, (long)len);
	}
	for (len = 1; len <= strlen(lower); len++) {
		assert_int_equal(panel_strmap_get(fold, upper, len), (long)len);
		assert_int_equal(panel_strmap_get(exact, upper, len), -1);
		assert_int_equal(
		    panel_strmap_get(exact, lower, len), (long)len);
	}
	assert_int_equal(panel_strmap_put(fold, "SMITH", 5, 1), -1);
	assert_int_equal(panel_strmap_put(fold, "smith", 5, 2), 1);
	assert_int_equal(panel_strmap_get(fold, "Smith", 5), 2);
	panel_strmap_free(exact);
	panel_strmap_free(fold);
}

/* Many keys grow the table; a clear forgets them all and can be refilled. */
static void
test_grow_clear(void **state)
{
	struct panel_strmap *m = panel_strmap_new(1);
	char key[32];
	int i, len;

	(void)state;
	for (i = 0; i < 20000; i++) {
		len = snprintf(key, sizeof(key), "Word%d", i);
		assert_int_equal(panel_strmap_put(m, key, (size_t)len, i), -1);
	}
	assert_int_equal(panel_strmap_count(m), 20000);
	for (i = 0; i < 20000; i++) {
		len = snprintf(key, sizeof(key), "WORD%d", i);
		assert_int_equal(panel_strmap_get(m, key, (size_t)len), i);
	}
	assert_int_equal(panel_strmap_get(m, "word20000", 9), -1);
	panel_strmap_clear(m);
	assert_int_equal(panel_strmap_count(m), 0);
	assert_int_equal(panel_strmap_get(m, "word1", 5), -1);
	assert_int_equal(panel_strmap_put(m, "word1", 5, 9), -1);
	assert_int_equal(panel_strmap_get(m, "Word1", 5), 9);
	panel_strmap_free(m);
}

/* Whether none of the keys Word<from>..Word<to - 1> is in m. */
static int
none_of(const struct panel_strmap *m, int from, int to)
{
	char key[32];
	int i, len;

	for (i = from; i < to; i++) {
		len = snprintf(key, sizeof(key), "Word%d", i);
		if (panel_strmap_get(m, key, (size_t)len) != -1)
			return 0;
	}
	return 1;
}

/*
 * A clear empties the slots in use, before and after the table grows
 * (which moves them): none of the keys is left, whichever was put when.
 */
static void
test_clear_reuse(void **state)
{
	struct panel_strmap *m = panel_strmap_new(0);
	char key[32];
	int round, i, len, n;

	(void)state;
	for (round = 0; round < 3; round++) {
		n = round == 1 ? 5000 : 20;
		for (i = 0; i < n; i++) {
			len = snprintf(key, sizeof(key), "Word%d", i);
			assert_int_equal(
			    panel_strmap_add(m, key, (size_t)len, i), -1);
		}
		assert_int_equal(panel_strmap_get(m, "Word7", 5), 7);
		panel_strmap_clear(m);
		assert_int_equal(panel_strmap_count(m), 0);
		assert_true(none_of(m, 0, 5000));
	}
	assert_int_equal(panel_strmap_put(m, "Word7", 5, 1), -1);
	assert_true(none_of(m, 0, 7));
	panel_strmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_get),
	    cmocka_unit_test(test_add),
	    cmocka_unit_test(test_ref),
	    cmocka_unit_test(test_reserve),
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_bytes),
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_grow_clear),
	    cmocka_unit_test(test_clear_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
