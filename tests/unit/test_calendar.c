/*
 * calendar: real dates, day numbers both ways, and export times read by
 * a time_format, with the rows the import must refuse.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "calendar.h"

#include "banned.h"

static void
test_valid(void **state)
{
	static const struct {
		int y, m, d, real;
	} dates[] = {
	    {2019, 2, 29, 0},
	    {2020, 2, 29, 1},
	    {2000, 2, 29, 1},
	    {1900, 2, 29, 0},
	    {2018, 4, 31, 0},
	    {2018, 4, 30, 1},
	    {2018, 12, 31, 1},
	    {2018, 13, 1, 0},
	    {2018, 0, 1, 0},
	    {2018, 1, 0, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if (panel_calendar_valid(dates[i].y, dates[i].m, dates[i].d) !=
		    dates[i].real)
			fail_msg("%04d-%02d-%02d", dates[i].y, dates[i].m,
			    dates[i].d);
}

/* Anchors computed with Python's datetime.date. */
static void
test_days_anchors(void **state)
{
	char s[PANEL_CALENDAR_DATE];

	(void)state;
	assert_int_equal(panel_calendar_days(1970, 1, 1), 0);
	assert_int_equal(panel_calendar_days(2018, 10, 4), 17808);
	assert_int_equal(panel_calendar_days(2000, 2, 29), 11016);
	assert_int_equal(panel_calendar_days(2020, 2, 29), 18321);
	assert_int_equal(panel_calendar_days(2019, 3, 1), 17956);
	assert_int_equal(panel_calendar_days(1, 1, 1), -719162);
	assert_int_equal(panel_calendar_days(9999, 12, 31), 2932896);
	panel_calendar_date(s, 17808);
	assert_string_equal(s, "2018-10-04");
	panel_calendar_date(s, 18321);
	assert_string_equal(s, "2020-02-29");
	panel_calendar_date(s, -719162);
	assert_string_equal(s, "0001-01-01");
}

/* Whether y2-m2-d2 is the day after y-m-d, by the calendar's rules. */
static int
next_day(int y, int m, int d, int y2, int m2, int d2)
{
	if (panel_calendar_valid(y, m, d + 1))
		return y2 == y && m2 == m && d2 == d + 1;
	if (m < 12)
		return y2 == y && m2 == m + 1 && d2 == 1;
	return y2 == y + 1 && m2 == 1 && d2 == 1;
}

/* The number in s[0..n), which must be digits. */
static int
number(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		assert_true(*s >= '0' && *s <= '9');
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

/*
 * Every day from 0000-01-01 to 9999-12-31 becomes a real date, each the
 * day after the last, which becomes the same day again.
 */
static void
test_days_round_trip(void **state)
{
	long first = panel_calendar_days(0, 1, 1),
	     last = panel_calendar_days(9999, 12, 31), day;
	int y, m, d, py = -1, pm = 12, pd = 31;
	char s[PANEL_CALENDAR_DATE];

	(void)state;
	for (day = first; day <= last; day++) {
		panel_calendar_date(s, day);
		y = number(s, 4);
		m = number(s + 5, 2);
		d = number(s + 8, 2);
		if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
		    !next_day(py, pm, pd, y, m, d) ||
		    panel_calendar_days(y, m, d) != day)
			fail_msg("day %ld is %s, after %04d-%02d-%02d", day, s,
			    py, pm, pd);
		if (day % 101 == 0 || day == last)
			assert_int_equal(
			    panel_calendar_day_of(s), day >= 0 ? day : -1);
		py = y;
		pm = m;
		pd = d;
	}
	assert_string_equal(s, "9999-12-31");
}

static void
test_day_of(void **state)
{
	(void)state;
	assert_int_equal(panel_calendar_day_of("2018-10-04"), 17808);
	assert_int_equal(panel_calendar_day_of("1970-01-01"), 0);
	assert_int_equal(panel_calendar_day_of("1969-12-31"), -1);
	assert_int_equal(panel_calendar_day_of("2019-02-29"), -1);
	assert_int_equal(panel_calendar_day_of("2020-02-29"), 18321);
	assert_int_equal(panel_calendar_day_of("2018-04-31"), -1);
	assert_int_equal(panel_calendar_day_of("2018-10-4"), -1);
	assert_int_equal(panel_calendar_day_of("2018/10/04"), -1);
	assert_int_equal(panel_calendar_day_of("2018-10-04 "), -1);
	assert_int_equal(panel_calendar_day_of(""), -1);
}

/* panel_calendar_parse() after expanding fmt; -2 if fmt is refused. */
static int
parse(
    struct panel_calendar_time *w, int *seconds, const char *fmt, const char *s)
{
	struct panel_buf f = PANEL_BUF_INIT;
	int rc = -2;

	if (panel_calendar_expand(&f, seconds, fmt) == 0)
		rc = panel_calendar_parse(w, f.buf, s, strlen(s));
	panel_buf_release(&f);
	return rc;
}

static void
test_expand(void **state)
{
	struct panel_buf f = PANEL_BUF_INIT;
	int seconds;

	(void)state;
	assert_int_equal(panel_calendar_expand(&f, &seconds, "%F %T"), 0);
	assert_string_equal(f.buf, "%Y-%m-%d %H:%M:%S");
	assert_int_equal(seconds, 1);
	panel_buf_reset(&f);
	assert_int_equal(
	    panel_calendar_expand(&f, &seconds, "%d/%m/%Y %H:%M 100%%"), 0);
	assert_string_equal(f.buf, "%d/%m/%Y %H:%M 100%%");
	assert_int_equal(seconds, 0);
	panel_buf_reset(&f);
	assert_int_equal(panel_calendar_expand(&f, &seconds, "%H%S"), 0);
	assert_int_equal(seconds, 1);
	panel_buf_reset(&f);
	assert_int_equal(panel_calendar_expand(&f, &seconds, "%y-%m-%d"), -1);
	panel_buf_reset(&f);
	assert_int_equal(panel_calendar_expand(&f, &seconds, "%F %p"), -1);
	panel_buf_reset(&f);
	assert_int_equal(panel_calendar_expand(&f, &seconds, "%F %"), -1);
	panel_buf_release(&f);
}

static void
test_parse_fields(void **state)
{
	struct panel_calendar_time w;
	int seconds;

	(void)state;
	assert_int_equal(
	    parse(&w, &seconds, "%d/%m/%Y %H:%M:%S", "05/08/2018 10:07:59"), 0);
	assert_int_equal(w.y, 2018);
	assert_int_equal(w.mo, 8);
	assert_int_equal(w.d, 5);
	assert_int_equal(w.h, 10);
	assert_int_equal(w.mi, 7);
	assert_int_equal(w.s, 59);
	assert_int_equal(seconds, 1);
	/* Without seconds they read as 0; one digit is enough but for %Y. */
	assert_int_equal(parse(&w, &seconds, "%F %H:%M", "2018-8-5 9:07"), 0);
	assert_int_equal(w.mo, 8);
	assert_int_equal(w.d, 5);
	assert_int_equal(w.h, 9);
	assert_int_equal(w.s, 0);
	assert_int_equal(seconds, 0);
	assert_int_equal(parse(&w, &seconds, "%Y%m%dT%H%M%S",
	                     "20181004T2359"
	                     "60"),
	    0);
	assert_int_equal(w.s, 60);
	assert_int_equal(parse(&w, &seconds, "%F 100%%", "2018-10-04 100%"), 0);
}

static void
test_parse_refused(void **state)
{
	struct panel_calendar_time w;
	int seconds;

	(void)state;
	assert_int_equal(parse(&w, &seconds, "%F", "2019-02-29"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", "2020-02-29"), 0);
	assert_int_equal(parse(&w, &seconds, "%d/%m/%Y", "31/04/2018"), -1);
	assert_int_equal(parse(&w, &seconds, "%d/%m/%Y", "30/04/2018"), 0);
	assert_int_equal(parse(&w, &seconds, "%d/%m/%Y", "01/13/2018"), -1);
	assert_int_equal(parse(&w, &seconds, "%d/%m/%Y", "00/12/2018"), -1);
	assert_int_equal(
	    parse(&w, &seconds, "%F %T", "2018-10-04 24:00:00"), -1);
	assert_int_equal(
	    parse(&w, &seconds, "%F %T", "2018-10-04 23:60:00"), -1);
	assert_int_equal(
	    parse(&w, &seconds, "%F %T", "2018-10-04 23:59:61"), -1);
	/* Seconds the format does not have, or lacks, are refused. */
	assert_int_equal(
	    parse(&w, &seconds, "%F %H:%M", "2018-10-04 10:00:00"), -1);
	assert_int_equal(parse(&w, &seconds, "%F %T", "2018-10-04 10:00"), -1);
	/* Trailing garbage, missing or extra digits, a wrong separator. */
	assert_int_equal(parse(&w, &seconds, "%F", "2018-10-04x"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", "2018-10-04 "), -1);
	assert_int_equal(parse(&w, &seconds, "%F", "2018-10-"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", "18-10-04"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", "2018-100-04"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", "2018/10/04"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", " 2018-10-04"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", "+2018-10-04"), -1);
	assert_int_equal(parse(&w, &seconds, "%F", ""), -1);
	assert_int_equal(parse(&w, &seconds, "%F 100%%", "2018-10-04 100"), -1);
}

/* Only len bytes are read: the field need not end with a NUL. */
static void
test_parse_len(void **state)
{
	struct panel_calendar_time w;
	const char *row = "2018-10-15,101";

	(void)state;
	assert_int_equal(panel_calendar_parse(&w, "%Y-%m-%d", row, 10), 0);
	assert_int_equal(w.d, 15);
	assert_int_equal(panel_calendar_parse(&w, "%Y-%m-%d", row, 9), 0);
	assert_int_equal(w.d, 1);
	assert_int_equal(panel_calendar_parse(&w, "%Y-%m-%d", row, 8), -1);
	assert_int_equal(panel_calendar_parse(&w, "%Y-%m-%d", row, 11), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_days_anchors),
	    cmocka_unit_test(test_days_round_trip),
	    cmocka_unit_test(test_day_of),
	    cmocka_unit_test(test_expand),
	    cmocka_unit_test(test_parse_fields),
	    cmocka_unit_test(test_parse_refused),
	    cmocka_unit_test(test_parse_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
