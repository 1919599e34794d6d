/*
 * record: loading and saving a canonical record gives the same bytes for
 * every type; a record with its keys scrambled (nested maps included) is
 * saved in canonical order; the layout maps paths to types.
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
#include "doc.h"
#include "err.h"
#include "fs.h"
#include "record.h"
#include "banned.h"

static const char panel_yaml[] =
    "name: Customer Service Improvement Scrutiny Panel\n"
    "force: Dorset Police\n"
    "opcc: Office of the Police and Crime Commissioner for Dorset\n"
    "frequency: quarterly\n"
    "paths:\n"
    "  members: members\n"
    "  meetings: meetings\n"
    "  actions: actions\n"
    "  recommendations: recommendations\n"
    "  vault: vault\n"
    "thresholds:\n"
    "  answer_101: 300\n";

static const char member_yaml[] = "id: GF\n"
                                  "name: Gillian Fairweather\n"
                                  "role: public\n"
                                  "organisation: 'no'\n"
                                  "vetted_until: '2019-05-01'\n"
                                  "term_start: '2017-05-01'\n"
                                  "term_end: '2020-04-30'\n"
                                  "active: true\n";

static const char meeting_yaml[] = "date: '2018-10-04'\n"
                                   "location: Winfrith, Dorset Police HQ\n"
                                   "status: minuted\n"
                                   "papers_due: '2018-09-27'\n"
                                   "period:\n"
                                   "  from: '2018-07-01'\n"
                                   "  to: '2018-09-30'\n";

static const char minutes_yaml[] = "meeting: '2018-10-04'\n"
                                   "chair: CH\n"
                                   "attendance:\n"
                                   "- member: GF\n"
                                   "  status: present\n"
                                   "- member: AB\n"
                                   "  status: apologies\n"
                                   "guests:\n"
                                   "- name: Pat Ellery\n"
                                   "  role: Customer Service Manager\n"
                                   "items:\n"
                                   "- number: 1\n"
                                   "  title: Minutes of the previous meeting\n"
                                   "  visibility: public\n"
                                   "  summary: |\n"
                                   "    Agreed, subject to two corrections.\n"
                                   "    The chair signed them.\n"
                                   "  actions:\n"
                                   "  - A-0007\n"
                                   "  recommendations:\n"
                                   "  - R-0003\n";

static const char action_yaml[] =
    "id: A-0012\n"
    "text: Circulate the highlight report to members\n"
    "owner: AB\n"
    "raised_at: '2018-07-05'\n"
    "due: '2018-10-04'\n"
    "status: complete\n"
    "closed_at: '2018-10-04'\n";

static const char recommendation_yaml[] =
    "id: R-0004\n"
    "text: Panel members select the calls to be reviewed\n"
    "to: Dorset Police\n"
    "raised_at: '2018-04-12'\n"
    "response: |\n"
    "  Accepted.\n"
    "  Members will choose from the population.\n"
    "response_date: '2018-07-05'\n"
    "status: accepted\n";

static char root[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_record.XXXXXX");
	return mkdtemp(root) == NULL ? -1 : 0;
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

/* Loads path, saves it as path.out, and returns what was written. */
static char *
resave(const char *path)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf out = PANEL_BUF_INIT, name = PANEL_BUF_INIT;
	const struct panel_record_type *type = panel_record_type_of(path);
	struct panel_doc *doc = NULL;

	assert_non_null(type);
	if (panel_record_load(&doc, root, path, &err) != 0)
		fail_msg(
		    "%s:%u:%u: %s", err.file, err.line, err.column, err.msg);
	panel_buf_addf(&name, "%s.out", path);
	if (panel_record_save(root, name.buf, type, doc, &err) != 0)
		fail_msg("save %s: %s", path, err.msg);
	panel_doc_free(doc);
	assert_int_equal(panel_fs_read(&out, root, name.buf, 1 << 20, &err), 0);
	panel_buf_release(&name);
	return panel_buf_detach(&out, NULL);
}

static void
round_trip(const char *path, const char *text)
{
	char *got;

	put(path, text);
	got = resave(path);
	assert_string_equal(got, text);
	free(got);
}

static void
test_round_trip(void **state)
{
	(void)state;
	round_trip("panel.yaml", panel_yaml);
	round_trip("members/GF.yaml", member_yaml);
	round_trip("meetings/2018-10-04/meeting.yaml", meeting_yaml);
	round_trip("meetings/2018-10-04/minutes.yaml", minutes_yaml);
	round_trip("actions/A-0012.yaml", action_yaml);
	round_trip("recommendations/R-0004.yaml", recommendation_yaml);
}

static void
test_scrambled(void **state)
{
	char *got;

	(void)state;
	put("members/GF.yaml", "active: true\n"
	                       "term_end: '2020-04-30'\n"
	                       "zeta: 1\n"
	                       "name: Gillian Fairweather\n"
	                       "alpha: 2\n"
	                       "organisation: 'no'\n"
	                       "id: GF\n"
	                       "term_start: '2017-05-01'\n"
	                       "role: public\n"
	                       "vetted_until: '2019-05-01'\n");
	got = resave("members/GF.yaml");
	/* Known keys in order, then the unknown ones sorted. */
	assert_string_equal(got, "id: GF\n"
	                         "name: Gillian Fairweather\n"
	                         "role: public\n"
	                         "organisation: 'no'\n"
	                         "vetted_until: '2019-05-01'\n"
	                         "term_start: '2017-05-01'\n"
	                         "term_end: '2020-04-30'\n"
	                         "active: true\n"
	                         "alpha: 2\n"
	                         "zeta: 1\n");
	free(got);

	put("meetings/2018-10-04/meeting.yaml",
	    "period:\n"
	    "  to: '2018-09-30'\n"
	    "  from: '2018-07-01'\n"
	    "papers_due: '2018-09-27'\n"
	    "status: minuted\n"
	    "location: Winfrith, Dorset Police HQ\n"
	    "date: '2018-10-04'\n");
	got = resave("meetings/2018-10-04/meeting.yaml");
	assert_string_equal(got, meeting_yaml);
	free(got);

	put("meetings/2018-10-04/minutes.yaml",
	    "items:\n"
	    "  - recommendations: [R-0003]\n"
	    "    actions: [A-0007]\n"
	    "    summary: \"Agreed, subject to two corrections.\\n"
	    "The chair signed them.\\n\"\n"
	    "    visibility: public\n"
	    "    title: Minutes of the previous meeting\n"
	    "    number: 1\n"
	    "guests:\n"
	    "  - role: Customer Service Manager\n"
	    "    name: Pat Ellery\n"
	    "attendance:\n"
	    "  - status: present\n"
	    "    member: GF\n"
	    "  - {status: apologies, member: AB}\n"
	    "chair: CH\n"
	    "meeting: '2018-10-04'\n");
	got = resave("meetings/2018-10-04/minutes.yaml");
	assert_string_equal(got, minutes_yaml);
	free(got);

	put("panel.yaml",
	    "thresholds: {answer_101: 300}\n"
	    "paths:\n"
	    "  vault: vault\n"
	    "  recommendations: recommendations\n"
	    "  actions: actions\n"
	    "  meetings: meetings\n"
	    "  members: members\n"
	    "frequency: quarterly\n"
	    "opcc: Office of the Police and Crime Commissioner "
	    "for Dorset\n"
	    "force: Dorset Police\n"
	    "name: Customer Service Improvement Scrutiny Panel\n");
	got = resave("panel.yaml");
	assert_string_equal(got, panel_yaml);
	free(got);
}

/* Text that YAML 1.1 reads as another type is saved quoted. */
static void
test_quoted(void **state)
{
	static const char *const words[] = {"no", "yes", "on", "off", "true",
	    "null", "~", "0123", "2018-10-04", "1e3", "0x1f", "12:30"};
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf want = PANEL_BUF_INIT, got = PANEL_BUF_INIT;
	struct panel_doc *doc;
	struct panel_node *map;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		doc = panel_doc_new("members/GF.yaml");
		map = panel_node_map();
		panel_node_set(map, "organisation", panel_node_str(words[i]));
		panel_node_set(map, "id", panel_node_str("GF"));
		doc->root = map;
		assert_int_equal(panel_record_save(root, "members/GF.yaml",
		                     panel_record_type("member"), doc, &err),
		    0);
		panel_doc_free(doc);
		panel_buf_reset(&want);
		panel_buf_reset(&got);
		panel_buf_addf(&want, "id: GF\norganisation: '%s'\n", words[i]);
		assert_int_equal(
		    panel_fs_read(&got, root, "members/GF.yaml", 1 << 20, &err),
		    0);
		assert_string_equal(got.buf, want.buf);
	}
	panel_buf_release(&want);
	panel_buf_release(&got);
}

static void
test_type_of(void **state)
{
	static const struct {
		const char *path, *type;
	} cases[] = {
	    {"panel.yaml", "panel"},
	    {"members/GF.yaml", "member"},
	    {"members/AB2.yaml", "member"},
	    {"meetings/2018-10-04/meeting.yaml", "meeting"},
	    {"meetings/2018-10-04/minutes.yaml", "minutes"},
	    {"actions/A-0012.yaml", "action"},
	    {"recommendations/R-0004.yaml", "recommendation"},
	    {"members/GF.yml", NULL},
	    {"members/.yaml", NULL},
	    {"members/sub/GF.yaml", NULL},
	    {"members", NULL},
	    {"members/", NULL},
	    {"meetings/2018-10-04/sample.yaml", "sample"},
	    {"meetings/2018-10-04/population.yaml", "population"},
	    {"meetings/2018-10-04/summary.md", NULL},
	    {"meetings/2018-10-04/population/101.ids", NULL},
	    {"meetings/meeting.yaml", NULL},
	    {"meetings//meeting.yaml", NULL},
	    {"meetings/2018-10-04/x/meeting.yaml", NULL},
	    {"vault/panel.yaml", NULL},
	    {"sub/panel.yaml", NULL},
	    {"actions/A-0012.yaml.bak", NULL},
	    {"README.md", NULL},
	    {"", NULL},
	};
	const struct panel_record_type *t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = panel_record_type_of(cases[i].path);
		if (cases[i].type == NULL) {
			if (t != NULL)
				fail_msg("%s: want no type, got %s",
				    cases[i].path, t->name);
			continue;
		}
		if (t == NULL)
			fail_msg("%s: want %s, got none", cases[i].path,
			    cases[i].type);
		assert_string_equal(t->name, cases[i].type);
		assert_ptr_equal(panel_record_type(cases[i].type), t);
	}
	assert_null(panel_record_type("scores"));
	assert_string_equal(panel_record_type("member")->id_key, "id");
	assert_null(panel_record_type("panel")->id_key);
}

/* Loading refuses what the limits refuse, naming the path. */
static void
test_load_limits(void **state)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_doc *doc = NULL;
	char *big, link[128];

	(void)state;
	put("members/AA.yaml", "id: AA\nid: AB\n");
	assert_int_equal(panel_record_load(&doc, root, "members/AA.yaml", &err),
	    PANEL_EINPUT);
	assert_null(doc);
	assert_string_equal(err.file, "members/AA.yaml");
	assert_int_equal(err.line, 2);

	big = malloc(PANEL_DOC_MAX_BYTES + 2);
	memset(big, '#', PANEL_DOC_MAX_BYTES + 1);
	big[PANEL_DOC_MAX_BYTES + 1] = '\0';
	put("members/BB.yaml", big);
	free(big);
	assert_int_equal(panel_record_load(&doc, root, "members/BB.yaml", &err),
	    PANEL_EINPUT);
	assert_string_equal(err.file, "members/BB.yaml");

	/* A planted link is refused, not followed. */
	snprintf(link, sizeof(link), "%s/members/CC.yaml", root);
	assert_int_equal(symlink("AA.yaml", link), 0);
	assert_int_equal(panel_record_load(&doc, root, "members/CC.yaml", &err),
	    PANEL_EINPUT);
	assert_null(doc);
	assert_non_null(strstr(err.msg, "symbolic link"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scrambled, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_quoted, setup, teardown),
	    cmocka_unit_test(test_type_of),
	    cmocka_unit_test_setup_teardown(test_load_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
