/*
 * check: a consistent repository has no problem; every kind of broken
 * cross-reference is found at the right path:line:col, in path order, and
 * a file that cannot be parsed is counted as unreadable.
 */

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"

#include "buf.h"
#include "check.h"
#include "err.h"
#include "fs.h"
#include "banned.h"

static char root[64];

static const char *const valid[][2] = {
    {"panel.yaml", "name: Test Panel\n"
                   "force: Test Police\n"
                   "opcc: Office of the Police and Crime Commissioner\n"
                   "frequency: quarterly\n"},
    {"members/CH.yaml", "id: CH\n"
                        "name: Casey Holt\n"
                        "role: chair\n"
                        "term_start: '2017-05-01'\n"
                        "active: true\n"},
    {"members/GF.yaml", "id: GF\n"
                        "name: Gwen Farley\n"
                        "role: public\n"
                        "term_start: '2017-05-01'\n"
                        "term_end: '2020-04-30'\n"
                        "active: true\n"},
    {"members/.gitkeep", ""},
    {"meetings/2018-07-05/meeting.yaml", "date: '2018-07-05'\n"
                                         "location: Winfrith\n"
                                         "status: minuted\n"},
    {"meetings/2018-10-04/meeting.yaml", "date: '2018-10-04'\n"
                                         "location: Winfrith\n"
                                         "status: minuted\n"
                                         "period:\n"
                                         "  from: '2018-07-01'\n"
                                         "  to: '2018-09-30'\n"},
    {"meetings/2018-10-04/minutes.yaml", "meeting: '2018-10-04'\n"
                                         "chair: CH\n"
                                         "attendance:\n"
                                         "  - member: GF\n"
                                         "    status: present\n"
                                         "items:\n"
                                         "  - number: 1\n"
                                         "    title: Welcome\n"
                                         "    visibility: public\n"
                                         "    actions:\n"
                                         "      - A-0001\n"
                                         "    recommendations:\n"
                                         "      - R-0001\n"},
    {"meetings/2018-10-04/population/101.ids", "C1\nC2\n"},
    {"actions/A-0001.yaml", "id: A-0001\n"
                            "text: Circulate the report\n"
                            "owner: GF\n"
                            "raised_at: '2018-07-05'\n"
                            "status: complete\n"
                            "closed_at: '2018-10-04'\n"},
    {"recommendations/R-0001.yaml", "id: R-0001\n"
                                    "text: Members select the calls\n"
                                    "to: Test Police\n"
                                    "raised_at: '2018-07-05'\n"
                                    "status: accepted\n"},
};

struct seen {
	struct panel_buf lines;
	size_t n;
};

static int
setup(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	size_t i;

	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_check.XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (panel_fs_write(root, valid[i][0], valid[i][1],
		        strlen(valid[i][1]), &err) != 0)
			return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return test_rmrf(root);
}

static void
put(const char *path, const char *text)
{
	struct panel_err err = PANEL_ERR_INIT;

	assert_int_equal(
	    panel_fs_write(root, path, text, strlen(text), &err), 0);
}

static void
collect(const struct panel_err *problem, void *ctx)
{
	struct seen *s = ctx;
	char line[PANEL_ERR_FILE + PANEL_ERR_MSG + 32];

	panel_buf_addf(
	    &s->lines, "%s\n", panel_err_format(problem, line, sizeof(line)));
	s->n++;
}

/* Runs the check and compares every problem line with want. */
static void
expect(const char *want, size_t unreadable)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct seen s = {PANEL_BUF_INIT, 0};
	struct panel_check chk;

	if (panel_check_repo(&chk, root, collect, &s, &err) != 0)
		fail_msg("check failed: %s: %s", err.file, err.msg);
	assert_string_equal(s.lines.buf, want);
	assert_int_equal(chk.problems, s.n);
	assert_int_equal(chk.unreadable, unreadable);
	panel_buf_release(&s.lines);
}

static void
test_valid(void **state)
{
	(void)state;
	expect("", 0);
}

static void
test_references(void **state)
{
	(void)state;
	put("actions/A-0002.yaml", "id: A-0002\n"
	                           "text: Chase the figures\n"
	                           "owner: ZZ\n"
	                           "raised_at: '2018-10-05'\n"
	                           "status: complete\n");
	put("members/XY.yaml", "id: GF\n"
	                       "name: Gwen Farley\n"
	                       "role: public\n"
	                       "term_start: '2017-05-01'\n"
	                       "term_end: '2016-04-30'\n"
	                       "vetted_until: '2019-02-29'\n"
	                       "active: true\n");
	put("members/notes.txt", "not a record\n");
	put("meetings/2018-10-04/minutes.yaml",
	    "meeting: '2018-10-04'\n"
	    "chair: CH\n"
	    "attendance:\n"
	    "  - member: GF\n"
	    "    status: present\n"
	    "  - member: GF\n"
	    "    status: present\n"
	    "items:\n"
	    "  - number: 1\n"
	    "    title: Welcome\n"
	    "    visibility: public\n"
	    "    actions:\n"
	    "      - A-0001\n"
	    "      - A-0099\n"
	    "  - number: 1\n"
	    "    title: Any other business\n"
	    "    visibility: public\n"
	    "    recommendations:\n"
	    "      - R-0009\n");
	put("meetings/2019-01-10/minutes.yaml", "meeting: '2019-01-11'\n"
	                                        "chair: ZZ\n"
	                                        "attendance: []\n"
	                                        "items: []\n");
	put("meetings/2018-02-30/meeting.yaml", "date: '2018-02-30'\n"
	                                        "location: Winfrith\n"
	                                        "status: held\n");
	put("meetings/2018-10-04/notes.md", "draft\n");
	put("recommendations/R-0002.yaml", "id: R-0003\n"
	                                   "text: Publish the figures\n"
	                                   "to: Test Police\n"
	                                   "raised_at: '2018-09-09'\n"
	                                   "status: open\n");
	expect("actions/A-0002.yaml:3:8: field 'owner': 'ZZ' is not a member "
	       "(no members/ZZ.yaml)\n"
	       "actions/A-0002.yaml:4:12: field 'raised_at': '2018-10-05' is "
	       "not a meeting (no meetings/2018-10-05/)\n"
	       "actions/A-0002.yaml:5:9: field 'closed_at' is required when "
	       "status is complete\n"
	       "meetings/2018-02-30: folder name is not a real date "
	       "YYYY-MM-DD\n"
	       "meetings/2018-10-04/minutes.yaml:6:13: field "
	       "'attendance[1].member': 'GF' is listed twice\n"
	       "meetings/2018-10-04/minutes.yaml:14:9: field "
	       "'items[0].actions[1]': 'A-0099' is not an action (no "
	       "actions/A-0099.yaml)\n"
	       "meetings/2018-10-04/minutes.yaml:15:13: field "
	       "'items[1].number': 1 is used twice\n"
	       "meetings/2018-10-04/minutes.yaml:19:9: field "
	       "'items[1].recommendations[0]': 'R-0009' is not a "
	       "recommendation (no recommendations/R-0009.yaml)\n"
	       "meetings/2018-10-04/notes.md: not a panel record\n"
	       "meetings/2019-01-10: meeting folder has no meeting.yaml\n"
	       "meetings/2019-01-10/minutes.yaml:1:10: field 'meeting': "
	       "'2019-01-11' differs from the folder name\n"
	       "meetings/2019-01-10/minutes.yaml:2:8: field 'chair': 'ZZ' is "
	       "not a member (no members/ZZ.yaml)\n"
	       "members/XY.yaml:1:5: field 'id': 'GF' differs from the file "
	       "name\n"
	       "members/XY.yaml:1:5: field 'id': member 'GF' is also declared "
	       "by members/GF.yaml\n"
	       "members/XY.yaml:5:11: field 'term_end' is before term_start\n"
	       "members/XY.yaml:6:15: field 'vetted_until': '2019-02-29' is "
	       "not a real date\n"
	       "members/notes.txt: not a panel record: members/ holds only "
	       "ID.yaml files\n"
	       "recommendations/R-0002.yaml:1:5: field 'id': 'R-0003' differs "
	       "from the file name\n"
	       "recommendations/R-0002.yaml:4:12: field 'raised_at': "
	       "'2018-09-09' is not a meeting (no meetings/2018-09-09/)\n",
	    0);
}

/* Schema problems come through with their location; so do parse errors. */
static void
test_schema_and_parse(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct seen s = {PANEL_BUF_INIT, 0};
	struct panel_check chk;
	char link[128];

	(void)state;
	put("members/GF.yaml", "id: GF\n"
	                       "name: Gwen Farley\n"
	                       "role: captain\n"
	                       "term_start: '2017-05-01'\n"
	                       "active: true\n");
	put("actions/A-0001.yaml", "id: A-0001\nid: A-0001\n");
	/* Records of later commands are validated by their own schemas. */
	put("meetings/2018-10-04/sample.yaml", "seed: x\n");
	snprintf(link, sizeof(link), "%s/members/LN.yaml", root);
	assert_int_equal(symlink("GF.yaml", link), 0);
	assert_int_equal(panel_check_repo(&chk, root, collect, &s, &err), 0);
	assert_int_equal(chk.unreadable, 2);
	assert_non_null(strstr(s.lines.buf, "actions/A-0001.yaml:2:"));
	assert_non_null(strstr(s.lines.buf, "members/GF.yaml:3:7: "));
	assert_non_null(strstr(s.lines.buf, "members/LN.yaml: "));
	assert_non_null(strstr(s.lines.buf, "symbolic link"));
	assert_non_null(
	    strstr(s.lines.buf, "meetings/2018-10-04/sample.yaml:1:"));
	/* The action that could not be read is still a name. */
	assert_null(strstr(s.lines.buf, "'A-0001' is not an action"));
	panel_buf_release(&s.lines);
}

/* A file name that is not a safe id is refused, shown escaped. */
static void
test_bad_names(void **state)
{
	(void)state;
	put("members/-x.yaml", "id: GF\n");
	put("members/\x01G.yaml", "id: GF\n");
	put("members/\xef\xbc\xa7\xef\xbc\xa6.yaml", "id: GF\n");
	put("meetings/.git/meeting.yaml", "date: '2018-01-01'\n");
	put("members/a\\b.yaml", "id: GF\n");
	expect("meetings/.git: folder name is not a real date YYYY-MM-DD\n"
	       "members/-x.yaml: file name is not a valid member id\n"
	       "members/\\x01G.yaml: file name is not a valid member id\n"
	       "members/\\xef\\xbc\\xa7\\xef\\xbc\\xa6.yaml: file name is not "
	       "a valid member id\n"
	       "members/a\\x5cb.yaml: file name is not a valid member id\n",
	    0);
}

static void
test_not_a_panel(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_check chk;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/panel.yaml", root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(
	    panel_check_repo(&chk, root, NULL, NULL, &err), PANEL_EINPUT);
	assert_non_null(strstr(err.msg, "no panel.yaml"));
	assert_int_equal(
	    panel_check_repo(&chk, "/nonexistent/panel", NULL, NULL, &err),
	    PANEL_EINPUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_valid, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_references, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_schema_and_parse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_a_panel, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
