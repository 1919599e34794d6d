#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "validate.h"

#include "banned.h"

static int
postcode(const char *s)
{
	return panel_validate_postcode(s, strlen(s));
}

/* Every area is found, at each end of the table and between. */
static void
test_postcode_areas(void **state)
{
	const char *good[] = {"AB1 2CD", "AL1 2CD", "B1 2CD", "BA1 2CD",
	    "BH15 8BN", "E1 6AN", "EC1A 1BB", "L1 8JQ", "W1A 0AX", "YO1 7HH",
	    "ZE1 0AA", "ze1 0aa", "GIR 0AA", "DT11 7QG"};
	const char *bad[] = {"QQ1 2CD", "AA1 2CD", "ZZ1 2CD", "A1 2CD", "BH15",
	    "BH15 8BNX9", "X1 2CD"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(postcode(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(postcode(bad[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_postcode_areas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
