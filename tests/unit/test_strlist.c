/*
 * strlist: pushes copy, keep order, stay NULL-terminated, release; the
 * membership test over any NULL-terminated array.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "strlist.h"

#include "banned.h"

static void
test_empty(void **state)
{
	struct panel_strlist list = PANEL_STRLIST_INIT;

	(void)state;
	assert_int_equal(list.n, 0);
	assert_null(panel_strlist_array(&list)[0]);
	assert_int_equal(panel_strlist_has(&list, ""), 0);
	panel_strlist_release(&list);
}

static void
test_push_has_order(void **state)
{
	struct panel_strlist list = PANEL_STRLIST_INIT;
	char name[16];
	const char *const *v;
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "item-%d", i);
		panel_strlist_push(&list, name);
	}
	assert_int_equal(list.n, 100);
	v = panel_strlist_array(&list);
	assert_string_equal(v[0], "item-0");
	assert_string_equal(v[99], "item-99");
	assert_null(v[100]);
	assert_int_equal(panel_strlist_has(&list, "item-42"), 1);
	assert_int_equal(panel_strlist_has(&list, "item-100"), 0);
	assert_int_equal(panel_strlist_has(&list, "item-4"), 1);
	assert_int_equal(panel_strlist_has(&list, "item"), 0);
	panel_strlist_release(&list);
	assert_int_equal(list.n, 0);
	panel_strlist_push(&list, "again");
	assert_int_equal(panel_strlist_has(&list, "again"), 1);
	panel_strlist_release(&list);
}

static void
test_copies(void **state)
{
	struct panel_strlist list = PANEL_STRLIST_INIT;
	char buf[8] = "abc";

	(void)state;
	panel_strlist_push(&list, buf);
	memcpy(buf, "xyz", 4);
	assert_string_equal(list.v[0], "abc");
	panel_strlist_release(&list);
}

static void
test_array_has(void **state)
{
	static const char *const none[] = {NULL};
	static const char *const names[] = {"panel.yaml", ".git", "", NULL};
	/* Whole strings only: neither a prefix nor a longer name. */
	static const struct {
		const char *s;
		int has;
	} cases[] = {{"panel.yaml", 1}, {".git", 1}, {"", 1}, {"panel", 0},
	    {".gitx", 0}, {"PANEL.YAML", 0}};
	struct panel_strlist list = PANEL_STRLIST_INIT;
	size_t i;

	(void)state;
	assert_int_equal(panel_strlist_array_has(none, ""), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (panel_strlist_array_has(names, cases[i].s) != cases[i].has)
			fail_msg("'%s'", cases[i].s);
	panel_strlist_push(&list, "Poole");
	panel_strlist_push(&list, "Purbeck");
	assert_int_equal(
	    panel_strlist_array_has(panel_strlist_array(&list), "Purbeck"), 1);
	assert_int_equal(
	    panel_strlist_array_has(panel_strlist_array(&list), "Wareham"), 0);
	panel_strlist_release(&list);
	assert_int_equal(
	    panel_strlist_array_has(panel_strlist_array(&list), "Poole"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_push_has_order),
	    cmocka_unit_test(test_copies),
	    cmocka_unit_test(test_array_has),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
