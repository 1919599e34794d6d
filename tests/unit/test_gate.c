/*
 * gate: the commit guard refuses anything in vault/ however the path is
 * spelt, and lets records through.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "gate.h"

#include "banned.h"

static void
test_vault_refused(void **state)
{
	static const char *const vault[] = {"vault", "vault/", "vault/raw.csv",
	    "vault/2018/calls.csv", "./vault", "./vault/x", "a/../vault",
	    "a/b/../../vault/x", ".//vault//x", "VAULT/x", "Vault",
	    "a/./../vault/x"};
	struct panel_err err = PANEL_ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vault) / sizeof(vault[0]); i++) {
		assert_int_equal(
		    panel_commit_guard(vault[i], "x", 1, &err), PANEL_ENO);
		assert_string_equal(err.file, vault[i]);
		assert_non_null(strstr(err.msg, "vault/"));
		assert_int_equal(
		    panel_gate_check_path(vault[i], &err), PANEL_ENO);
	}
	/* Whole-file exit status: "the answer is no". */
	assert_int_equal(panel_err_exit(PANEL_ENO), 1);
}

static void
test_outside_refused(void **state)
{
	static const char *const out[] = {"../x", "a/../../x", "/etc/passwd",
	    "/vault/x", "..", ".", "", "a/.."};
	struct panel_err err = PANEL_ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		assert_int_equal(
		    panel_commit_guard(out[i], "", 0, &err), PANEL_ENO);
		assert_string_equal(err.file, out[i]);
		assert_non_null(strstr(err.msg, "refusing to commit"));
	}
}

static void
test_records_pass(void **state)
{
	static const char *const ok[] = {"panel.yaml", "members/GF.yaml",
	    "vault.yaml", "vaulted/x", "vaul/x", "members/vault",
	    "meetings/2018-10-04/vault/x", "a/../members/GF.yaml",
	    "meetings/2018-10-04/population/101.ids"};
	static const char data[] = "id: GF\nname: a\0b\n";
	struct panel_err err = PANEL_ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(
		    panel_commit_guard(ok[i], data, sizeof(data) - 1, &err), 0);
		assert_int_equal(panel_gate_check_path(ok[i], &err), 0);
	}
	/* A deleted file has no data. */
	assert_int_equal(panel_commit_guard("members/GF.yaml", "", 0, &err), 0);
	assert_int_equal(
	    panel_commit_guard("members/GF.yaml", NULL, 0, &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vault_refused),
	    cmocka_unit_test(test_outside_refused),
	    cmocka_unit_test(test_records_pass),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
