#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "names.h"
#include "people.h"

#include "banned.h"

/* The built-in name lists and a thread's people who look words up there. */
struct fixture {
	struct panel_names *names;
	struct panel_people *pp;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->names = panel_names_new();
	f->pp = panel_people_new(f->names);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	panel_people_free(f->pp);
	panel_names_free(f->names);
	free(f);
	return 0;
}

/* Who name, a text of its own (not a document's), stands for. */
static long
who(struct panel_people *pp, const char *name)
{
	size_t len = strlen(name);

	return panel_people_find(pp, name, len, 0, len, NULL, 0);
}

/* The repeats found, as "word=person" joined by spaces. */
struct repeats {
	const char *text;
	char out[512];
};

static void
repeat(size_t start, size_t end, long person, void *ctx)
{
	struct repeats *rp = ctx;
	size_t at = strlen(rp->out);

	snprintf(rp->out + at, sizeof(rp->out) - at, "%s%.*s=%ld",
	    at ? " " : "", (int)(end - start), rp->text + start, person);
}

/* The repeats of the people met in text, as repeat() writes them. */
static const char *
repeats_in(struct fixture *f, struct repeats *rp, const char *text)
{
	struct panel_names_words words = PANEL_NAMES_WORDS_INIT;

	rp->text = text;
	rp->out[0] = '\0';
	panel_names_split(&words, f->names, text, strlen(text));
	panel_people_repeats(f->pp, &words, text, repeat, rp);
	panel_names_words_release(&words);
	return rp->out;
}

static void
test_same_name_twice(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(who(f->pp, "Sarah Fairweather"), 0);
	assert_int_equal(who(f->pp, "Sarah Fairweather"), 0);
	/* The whole name is folded: the same person in capitals. */
	assert_int_equal(who(f->pp, "SARAH FAIRWEATHER"), 0);
	assert_int_equal(who(f->pp, "John Smith"), 1);
	assert_int_equal(who(f->pp, "Sarah Fairweather"), 0);
}

static void
test_document_words(void **state)
{
	struct fixture *f = *state;
	struct panel_names_words words = PANEL_NAMES_WORDS_INIT;
	const char *text = "Dear Sarah Fairweather, John Smith and "
	                   "Sarah Fairweather met.";
	size_t len = strlen(text), s, k;
	long got[3];
	int i;
	const char *at = text;

	panel_names_split(&words, f->names, text, len);
	for (i = 0; i < 3; i++) {
		at = strstr(at, i == 1 ? "John" : "Sarah");
		s = (size_t)(at - text);
		for (k = 0; k < words.n && words.v[k].start < s; k++)
			;
		got[i] = panel_people_find(f->pp, text, len, s,
		    s + strlen(i == 1 ? "John Smith" : "Sarah Fairweather"),
		    &words, k);
		at++;
	}
	assert_int_equal(got[0], 0);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[2], 0);
	/* The words already split give what splitting them anew gives. */
	assert_int_equal(who(f->pp, "John Smith"), 1);
	panel_names_words_release(&words);
}

static void
test_part_then_whole(void **state)
{
	struct fixture *f = *state;

	/* "Sarah", then "Sarah Fairweather": one person. */
	assert_int_equal(who(f->pp, "Sarah"), 0);
	assert_int_equal(who(f->pp, "Sarah Fairweather"), 0);
	assert_int_equal(who(f->pp, "Fairweather"), 0);
	/* "Mary Smith" after "John Smith": another; "Smith" is John's. */
	assert_int_equal(who(f->pp, "John Smith"), 1);
	assert_int_equal(who(f->pp, "Mary Smith"), 2);
	assert_int_equal(who(f->pp, "Smith"), 1);
	assert_int_equal(who(f->pp, "Mr J Smith"), 1);
	/* "Sarah Smith": her first word is Sarah's, her last John's. */
	assert_int_equal(who(f->pp, "Sarah Smith"), 3);
	/* No word that may stand for a person: no one. */
	assert_int_equal(who(f->pp, "Mr"), -1);
}

/*
 * A name of one word is whoever its word stands for, however it is
 * written, and whether it was met alone or in a longer name.
 */
static void
test_one_word(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(who(f->pp, "Sarah"), 0);
	assert_int_equal(who(f->pp, "SARAH"), 0);
	assert_int_equal(who(f->pp, "John Smith"), 1);
	assert_int_equal(who(f->pp, "smith"), 1);
	assert_int_equal(who(f->pp, "Mary Smith"), 2);
	assert_int_equal(who(f->pp, "SMITH"), 1);
	assert_int_equal(who(f->pp, "Mary"), 2);
	assert_int_equal(who(f->pp, "Jones"), 3);
	assert_int_equal(who(f->pp, "Sarah Jones"), 4);
	assert_int_equal(who(f->pp, "jones"), 3);
	assert_int_equal(who(f->pp, "Sarah"), 0);
}

static void
test_repeats_case_folded(void **state)
{
	struct fixture *f = *state;
	struct repeats rp;

	assert_string_equal(repeats_in(f, &rp, "Sarah wrote."), "");
	assert_int_equal(who(f->pp, "Sarah Fairweather"), 0);
	assert_int_equal(who(f->pp, "John Smith"), 1);
	assert_string_equal(repeats_in(f, &rp,
	                        "SARAH wrote to fairweather, then sarah "
	                        "and Smith met Mr Jones."),
	    "SARAH=0 fairweather=0 sarah=0 Smith=1");
}

static void
test_thread_forgotten(void **state)
{
	struct fixture *f = *state;
	struct repeats rp;
	long count = 0;

	assert_int_equal(who(f->pp, "Sarah Fairweather"), 0);
	assert_int_equal(who(f->pp, "John Smith"), 1);
	/* Numbers in the order they are asked for, each person's kept. */
	assert_int_equal(panel_people_number(f->pp, 1, &count), 1);
	assert_int_equal(panel_people_number(f->pp, 0, &count), 2);
	assert_int_equal(panel_people_number(f->pp, 1, &count), 1);
	assert_int_equal(count, 2);
	panel_people_thread(f->pp);
	assert_string_equal(repeats_in(f, &rp, "Sarah and John"), "");
	count = 0;
	assert_int_equal(who(f->pp, "John Smith"), 0);
	assert_int_equal(panel_people_number(f->pp, 0, &count), 1);
	assert_int_equal(who(f->pp, "Sarah Fairweather"), 1);
	assert_int_equal(panel_people_number(f->pp, 1, &count), 2);
}

static void
test_seeded(void **state)
{
	struct fixture *f = *state;
	const char *const names[] = {"Priya Hale", NULL};
	struct repeats rp;

	panel_people_seed(f->pp, NULL);
	assert_string_equal(repeats_in(f, &rp, "Priya wrote."), "");
	panel_people_seed(f->pp, names);
	/* "hale" is also an ordinary word: only with a capital. */
	assert_string_equal(
	    repeats_in(f, &rp, "PRIYA Hale is hale; priya wrote."),
	    "PRIYA=0 Hale=0 priya=0");
	assert_int_equal(who(f->pp, "Priya"), 0);
	assert_int_equal(who(f->pp, "Mary Hale"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_same_name_twice, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_document_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_part_then_whole, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_word, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_repeats_case_folded, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_thread_forgotten, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_seeded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
