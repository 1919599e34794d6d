#ifndef PANEL_CALENDAR_H
#define PANEL_CALENDAR_H

/*
 * Dates and times of day as the records and the force's exports write
 * them.  A date is also a day number (proleptic Gregorian, 0 for
 * 1970-01-01), so that a period can be compared and can add a day.  An
 * export's times are read by panel.yaml's time_format, a strptime(3)
 * subset.  There are no time zones here: a date is the calendar date the
 * force wrote, and only "today" is taken in UTC.
 */

#include <stddef.h>

#include "buf.h"

/* A date YYYY-MM-DD with its NUL. */
#define PANEL_CALENDAR_DATE 11

/* A date and time of day read from an export, each field as written. */
struct panel_calendar_time {
	int y, mo, d, h, mi, s;
};

/* 1 if y-m-d is a real date (29 February in leap years only), else 0. */
int panel_calendar_valid(int y, int m, int d);

/* The day number of the real date y-m-d (Hinnant's days_from_civil). */
long panel_calendar_days(int y, int m, int d);

/* Writes the date of day number day, of a year 0 to 9999, as YYYY-MM-DD. */
void panel_calendar_date(char out[PANEL_CALENDAR_DATE], long day);

/*
 * The day number of s, a real date YYYY-MM-DD from 1970-01-01 on, or -1
 * if it is not one (no panel's records go back further).
 */
long panel_calendar_day_of(const char *s);

/* Today's day number in UTC. */
long panel_calendar_today(void);

/*
 * Checks the time format fmt and appends it to out with %F and %T
 * expanded, so that each row is read by the plain directives alone; sets
 * *seconds if fmt has %S or %T.  0, or -1 if fmt holds a directive other
 * than %Y %m %d %H %M %S %F %T %% (out then holds part of it).
 */
int panel_calendar_expand(struct panel_buf *out, int *seconds, const char *fmt);

/*
 * Reads s[0..len), which need not end with a NUL, into out by fmt as
 * panel_calendar_expand() leaves it: %Y is 4 digits, %m %d %H %M %S are 1
 * or 2, %% is '%' and any other character stands for itself.  0 if the
 * whole of s fits and is a real date and time of day (hours to 23,
 * minutes to 59, seconds to 60 for a leap second), else -1.  It is called
 * for every row, so it neither allocates nor explains.
 */
int panel_calendar_parse(struct panel_calendar_time *out, const char *fmt,
    const char *s, size_t len);

#endif
