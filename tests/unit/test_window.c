#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules.h"
#include "triggers.h"
#include "window.h"

#include "banned.h"

/* The triggers of one text: digits, and an @ for the also tests. */
struct fixture {
	struct panel_triggers *trig;
	struct panel_windows ws;
	int digits, at;
};

static void
start(struct fixture *f, const char *text)
{
	char *d[] = {"digit"}, *a[] = {"@"};

	assert_true(panel_triggers_valid("@"));
	f->trig = panel_triggers_new();
	f->digits = panel_triggers_group(f->trig, d, 1);
	f->at = panel_triggers_group(f->trig, a, 1);
	panel_triggers_scan(f->trig, text, strlen(text));
	panel_window_init(&f->ws);
}

static void
finish(struct fixture *f)
{
	panel_window_release(&f->ws);
	panel_triggers_free(f->trig);
}

/* Asserts that the next window is [start, last], its subject to end. */
static void
assert_window(struct fixture *f, struct panel_window *w, size_t done,
    size_t start, size_t last, size_t end)
{
	assert_int_equal(panel_window_next(&f->ws, w, done), 1);
	assert_int_equal(w->start, start);
	assert_int_equal(w->last, last);
	assert_int_equal(w->end, end);
}

static void
test_bytes_merge_and_done(void **state)
{
	/*                  0         1         2
	 *                  0123456789012345678901234567 */
	const char *text = "ab 1 2 cccccccccccccccc 3 dd";
	struct panel_rule rule = {0};
	struct panel_window w;
	struct fixture f;

	(void)state;
	rule.before = 5;
	rule.after = 3;
	start(&f, text);
	w = panel_window_first(
	    &f.ws, &rule, f.trig, f.digits, -1, text, strlen(text));
	/* 5 is within before bytes of 3: one window; the subject is cut. */
	assert_window(&f, &w, 0, 0, 5, 28);
	/* The last scan stopped at 21: the next window starts there. */
	assert_window(&f, &w, 21, 21, 24, 28);
	assert_int_equal(panel_window_next(&f.ws, &w, 25), 0);
	finish(&f);
}

static void
test_also_needed_in_window(void **state)
{
	/*                  0         1         2
	 *                  012345678901234567890123456789 */
	const char *text = "1 a@b cccccccccccccccccccc 2 z";
	struct panel_rule rule = {0};
	struct panel_window w;
	struct fixture f;

	(void)state;
	rule.before = 2;
	rule.after = 4;
	start(&f, text);
	w = panel_window_first(
	    &f.ws, &rule, f.trig, f.digits, f.at, text, strlen(text));
	assert_window(&f, &w, 0, 0, 0, 30);
	/* No @ between 25 and 31: the window of 2 is skipped. */
	assert_int_equal(panel_window_next(&f.ws, &w, 1), 0);
	finish(&f);
}

static void
test_tail_keeps_triggers(void **state)
{
	/*                  0         1
	 *                  012345 6789012345 67 */
	const char *text = "1 one\n2 one two\n3\n";
	struct panel_rule rule = {0};
	struct panel_window w;
	struct fixture f;

	(void)state;
	rule.has_tail = 1;
	rule.tail_min = rule.tail_max = 1;
	start(&f, text);
	w = panel_window_first(
	    &f.ws, &rule, f.trig, f.digits, -1, text, strlen(text));
	/* Only 1 is followed by one word on its line. */
	assert_window(&f, &w, 0, 0, 0, 18);
	assert_int_equal(panel_window_next(&f.ws, &w, 1), 0);
	finish(&f);
}

static void
test_line_windows(void **state)
{
	/*                  0123 4567890 */
	const char *text = "ab 1\ncd 2 3";
	struct panel_rule rule = {0};
	struct panel_window w;
	struct fixture f;

	(void)state;
	rule.before = 100;
	rule.from = PANEL_FROM_LINE;
	start(&f, text);
	w = panel_window_first(
	    &f.ws, &rule, f.trig, f.digits, -1, text, strlen(text));
	/* Each window starts at its line; 2 and 3 share theirs. */
	assert_window(&f, &w, 0, 0, 3, 11);
	assert_window(&f, &w, 4, 5, 10, 11);
	assert_int_equal(panel_window_next(&f.ws, &w, 11), 0);
	finish(&f);
}

static void
test_no_triggers(void **state)
{
	const char *text = "no digits here";
	struct panel_rule rule = {0};
	struct panel_window w;
	struct fixture f;

	(void)state;
	start(&f, text);
	w = panel_window_first(
	    &f.ws, &rule, f.trig, f.digits, -1, text, strlen(text));
	assert_int_equal(panel_window_next(&f.ws, &w, 0), 0);
	finish(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bytes_merge_and_done),
	    cmocka_unit_test(test_also_needed_in_window),
	    cmocka_unit_test(test_tail_keeps_triggers),
	    cmocka_unit_test(test_line_windows),
	    cmocka_unit_test(test_no_triggers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
