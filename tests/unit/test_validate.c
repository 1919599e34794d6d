/*
 * validate: the postcode areas, each letter and pair of letters tried
 * against the list (which bsearch() searches, so must be in order),
 * and the shapes of a postcode.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "validate.h"

#include "banned.h"

/* The areas, as lib/validate.c had them, each between two spaces. */
static const char areas[] =
    " AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA "
    "DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS "
    "HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE "
    "NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO "
    "SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO "
    "ZE ";

static int
listed(const char *area)
{
	char key[8];

	snprintf(key, sizeof(key), " %s ", area);
	return strstr(areas, key) != NULL;
}

static void
test_areas(void **state)
{
	char area[3], code[16];
	int a, b, n;

	(void)state;
	for (a = 'A'; a <= 'Z'; a++)
		for (b = 0; b <= 'Z'; b = b ? b + 1 : 'A') {
			area[0] = (char)a;
			area[1] = (char)b;
			area[2] = '\0';
			n = snprintf(code, sizeof(code), "%s1 1AA", area);
			assert_int_equal(
			    panel_validate_postcode(code, (size_t)n),
			    listed(area));
		}
}

static void
test_shapes(void **state)
{
	(void)state;
	assert_int_equal(panel_validate_postcode("DT1 1AB", 7), 1);
	assert_int_equal(panel_validate_postcode("dt11ab", 6), 1);
	assert_int_equal(panel_validate_postcode("W1A 0AX", 7), 1);
	assert_int_equal(panel_validate_postcode("EC1A 1BB", 8), 1);
	assert_int_equal(panel_validate_postcode("GIR 0AA", 7), 1);
	assert_int_equal(panel_validate_postcode("QQ1 1AA", 7), 0);
	assert_int_equal(panel_validate_postcode("DT1", 3), 0);
	assert_int_equal(panel_validate_postcode("DT12 3ABCD", 10), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_areas),
	    cmocka_unit_test(test_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
