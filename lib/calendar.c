#include "calendar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "banned.h"

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
panel_calendar_valid(int y, int m, int d)
{
	static const int mdays[] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/*
 * Howard Hinnant's algorithms: years counted from March, so that the leap
 * day ends the year, in 400-year eras of 146097 days.
 */
long
panel_calendar_days(int y, int m, int d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

void
panel_calendar_date(char out[PANEL_CALENDAR_DATE], long day)
{
	long era, doe, yoe, y, doy, mp, d, m;

	day += 719468;
	era = (day >= 0 ? day : day - 146096) / 146097;
	doe = day - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, PANEL_CALENDAR_DATE, "%04u-%02u-%02u",
	    (unsigned)(y % 10000), (unsigned)m % 100u, (unsigned)d % 100u);
}

long
panel_calendar_day_of(const char *s)
{
	int y, m, d;
	long day;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !panel_calendar_valid(y, m, d))
		return -1;
	day = panel_calendar_days(y, m, d);
	return day < 0 ? -1 : day;
}

long
panel_calendar_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return panel_calendar_days(
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
panel_calendar_expand(struct panel_buf *out, int *seconds, const char *fmt)
{
	const char *f;

	*seconds = 0;
	for (f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			panel_buf_addch(out, *f);
			continue;
		}
		switch (*++f) {
		case 'F':
			panel_buf_addstr(out, "%Y-%m-%d");
			break;
		case 'T':
			panel_buf_addstr(out, "%H:%M:%S");
			*seconds = 1;
			break;
		case 'S':
			*seconds = 1;
			/* FALLTHROUGH */
		case 'Y':
		case 'm':
		case 'd':
		case 'H':
		case 'M':
		case '%':
			panel_buf_addch(out, '%');
			panel_buf_addch(out, *f);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* Reads 1..max digits (exactly max when exact) into *v. */
static const char *
digits(const char *s, const char *end, int max, int exact, int *v)
{
	int n = 0;

	*v = 0;
	while (s < end && n < max && *s >= '0' && *s <= '9') {
		*v = *v * 10 + (*s++ - '0');
		n++;
	}
	return n == 0 || (exact && n != max) ? NULL : s;
}

int
panel_calendar_parse(
    struct panel_calendar_time *out, const char *fmt, const char *s, size_t len)
{
	const char *end = s + len, *f;

	memset(out, 0, sizeof(*out));
	for (f = fmt; *f != '\0' && s != NULL; f++) {
		if (*f != '%') {
			s = s < end && *s == *f ? s + 1 : NULL;
			continue;
		}
		switch (*++f) {
		case '%':
			s = s < end && *s == '%' ? s + 1 : NULL;
			break;
		case 'Y':
			s = digits(s, end, 4, 1, &out->y);
			break;
		case 'm':
			s = digits(s, end, 2, 0, &out->mo);
			break;
		case 'd':
			s = digits(s, end, 2, 0, &out->d);
			break;
		case 'H':
			s = digits(s, end, 2, 0, &out->h);
			break;
		case 'M':
			s = digits(s, end, 2, 0, &out->mi);
			break;
		case 'S':
			s = digits(s, end, 2, 0, &out->s);
			break;
		default:
			return -1;
		}
	}
	if (s != end || *f != '\0')
		return -1;
	if (!panel_calendar_valid(out->y, out->mo, out->d) || out->h > 23 ||
	    out->mi > 59 || out->s > 60)
		return -1;
	return 0;
}
