#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "fs.h"
#include "gate.h"
#include "guard.h"

#include "banned.h"

#define EXAMPLE PANEL_SOURCE_DIR "/examples/dorset-csip"

static int
check(const char *path, const char *data, struct panel_err *err)
{
	return panel_guard_check(path, data, strlen(data), err);
}

/* Every record of the example panel may be committed. */
static void
walk(const char *dir, size_t *n)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf sub = PANEL_BUF_INIT, data = PANEL_BUF_INIT;
	char **list = NULL;
	size_t i;

	assert_int_equal(panel_fs_list(&list, EXAMPLE, dir, &err), 0);
	for (i = 0; list[i]; i++) {
		panel_buf_reset(&sub);
		panel_buf_addf(&sub, "%s%s%s", dir, *dir ? "/" : "", list[i]);
		if (strcmp(sub.buf, "exports") == 0)
			continue;
		panel_buf_reset(&data);
		if (panel_fs_read(&data, EXAMPLE, sub.buf, 1 << 20, &err) < 0) {
			walk(sub.buf, n);
			continue;
		}
		if (panel_guard_check(sub.buf, data.buf, data.len, &err) != 0)
			fail_msg("%s:%u:%u: %s", err.file, err.line, err.column,
			    err.msg);
		(*n)++;
	}
	panel_fs_list_free(list);
	panel_buf_release(&data);
	panel_buf_release(&sub);
}

static void
test_example_records_pass(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	size_t n = 0;

	(void)state;
	assert_int_equal(panel_guard_use(EXAMPLE, &err), 0);
	walk("", &n);
	assert_true(n >= 20);
	panel_guard_release();
}

static void
test_planted_data_refused(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;

	(void)state;
	assert_int_equal(panel_guard_use(EXAMPLE, &err), 0);
	assert_int_equal(
	    check("actions/A-0100.yaml",
	        "id: A-0100\ntext: Ring the caller back on 07700 900123\n"
	        "owner: RK\nraised_at: '2018-10-04'\nstatus: open\n",
	        &err),
	    PANEL_ENO);
	assert_string_equal(err.file, "actions/A-0100.yaml");
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "field 'text'"));
	assert_non_null(strstr(err.msg, "PHONE, rule phone-uk"));
	assert_null(strstr(err.msg, "900123"));
	assert_int_equal(
	    check("meetings/2018-10-04/minutes.yaml",
	        "meeting: '2018-10-04'\nchair: RK\nitems:\n- number: 1\n"
	        "  summary: |\n    Members discussed the call.\n"
	        "    Mrs Quennell of 14 Acacia Avenue complained.\n",
	        &err),
	    PANEL_ENO);
	assert_int_equal(err.line, 7);
	assert_non_null(strstr(err.msg, "items[0].summary"));
	assert_int_equal(
	    check("meetings/2018-10-04/summary.md",
	        "# Summary\n\nWrite to jo.pellow@example.org.\n", &err),
	    PANEL_ENO);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 10);
	assert_non_null(strstr(err.msg, "EMAIL"));
	panel_guard_release();
}

/* What records hold by design is not taken for personal data. */
static void
test_by_design(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;

	(void)state;
	assert_int_equal(panel_guard_use(EXAMPLE, &err), 0);
	assert_int_equal(check("members/QP.yaml",
	                     "id: QP\nname: Quentin Pellow\nrole: public\n"
	                     "term_start: '2017-05-01'\nactive: true\n",
	                     &err),
	    0);
	assert_int_equal(check("meetings/2018-10-04/population/webform.ids",
	                     "55180012345\n55180012346\n", &err),
	    0);
	assert_int_equal(check("panel.yaml",
	                     "name: X\nforce: Dorset Police\nopcc: O\n"
	                     "frequency: quarterly\nredact:\n  rules:\n"
	                     "  - id: x\n    type: phone\n    pattern: y\n"
	                     "    examples:\n      match: ['07700 900123']\n",
	                     &err),
	    0);
	assert_int_equal(
	    check("meetings/2018-10-04/correspondence/EM-1.txt",
	        "Dear [PERSON-1],\nCall [PHONE-1] about [REFERENCE-1].\n",
	        &err),
	    0);
	/* A member's name is public wherever it is. */
	assert_int_equal(
	    check("meetings/2018-10-04/summary.md",
	        "The chair thanked Rosalind Kettering and Ms Kettering.\n",
	        &err),
	    0);
	panel_guard_release();
}

/* The gate applies the guard, after refusing the vault whatever it holds. */
static void
test_gate_calls_guard(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;

	(void)state;
	assert_int_equal(
	    panel_commit_guard("notes.txt", "call 07700 900123\n", 18, &err),
	    PANEL_ENO);
	assert_non_null(strstr(err.msg, "PHONE"));
	assert_int_equal(
	    panel_commit_guard("vault/x.txt", "", 0, &err), PANEL_ENO);
	assert_int_equal(
	    panel_commit_guard("notes.txt", "nothing\n", 8, &err), 0);
	panel_guard_release();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_example_records_pass),
	    cmocka_unit_test(test_planted_data_refused),
	    cmocka_unit_test(test_by_design),
	    cmocka_unit_test(test_gate_calls_guard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
