/* rubric-worklog-time.c — local days and clock times of the work log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "../rubric-error.h"
#include "rubric-worklog-private.h"

/* Local time is the process's zone, which $TZ sets. */
static GTimeZone *
local_zone (void)
{
  return g_time_zone_new_local ();
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/**
 * rubric_worklog_parse_day:
 * @text: a date as YYYY-MM-DD
 *
 * Refuses anything else, and days that do not exist (2026-02-30).
 */
gboolean
rubric_worklog_parse_day (const char  *text,
                          GDate       *day,
                          GError     **error)
{
  guint year, month, mday;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !all_digits (text, 4) || !all_digits (text + 5, 2) || !all_digits (text + 8, 2))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("“%s” is not a date: write YYYY-MM-DD"),
                   text != NULL ? text : "");
      return FALSE;
    }
  year = atoi (text);
  month = atoi (text + 5);
  mday = atoi (text + 8);
  if (year < 1970 || !g_date_valid_dmy (mday, month, year))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s is not a day of the calendar"), text);
      return FALSE;
    }
  g_date_clear (day, 1);
  g_date_set_dmy (day, mday, month, year);
  return TRUE;
}

void
rubric_worklog_format_day (const GDate *day,
                           char         out[RUBRIC_DAY_LEN])
{
  g_snprintf (out, RUBRIC_DAY_LEN, "%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day),
              g_date_get_day (day));
}

/* @time, in milliseconds, in the local zone, to the second below. */
GDateTime *
_rubric_worklog_local (gint64 time)
{
  g_autoptr(GTimeZone) zone = local_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time >= 0 ? time / 1000 : (time - 999) / 1000);

  return g_date_time_to_timezone (utc, zone);
}

/**
 * rubric_worklog_day_of:
 *
 * The local day @time (milliseconds since the epoch) falls on.
 */
void
rubric_worklog_day_of (gint64 time,
                       char   out[RUBRIC_DAY_LEN])
{
  g_autoptr(GDateTime) local = _rubric_worklog_local (time);

  g_snprintf (out, RUBRIC_DAY_LEN, "%04d-%02d-%02d", g_date_time_get_year (local), g_date_time_get_month (local),
              g_date_time_get_day_of_month (local));
}

/**
 * rubric_worklog_day_start:
 *
 * Returns: the local midnight that starts @day, in milliseconds since
 *   the epoch
 */
gint64
rubric_worklog_day_start (const GDate *day)
{
  g_autoptr(GTimeZone) zone = local_zone ();
  g_autoptr(GDateTime) midnight = g_date_time_new (zone, g_date_get_year (day), g_date_get_month (day),
                                                   g_date_get_day (day), 0, 0, 0);

  return g_date_time_to_unix (midnight) * 1000;
}

/* The local midnight after @day ("YYYY-MM-DD"), in milliseconds. */
gint64
_rubric_worklog_next_day_start (const char *day)
{
  GDate date;

  if (!rubric_worklog_parse_day (day, &date, NULL))
    g_return_val_if_reached (0);
  g_date_add_days (&date, 1);
  return rubric_worklog_day_start (&date);
}

static gboolean
parse_clock (const char *clock,
             int        *hour,
             int        *minute)
{
  if (clock == NULL || strlen (clock) != 5 || clock[2] != ':' || !all_digits (clock, 2) || !all_digits (clock + 3, 2))
    return FALSE;
  *hour = atoi (clock);
  *minute = atoi (clock + 3);
  return (*hour < 24 && *minute < 60) || (*hour == 24 && *minute == 0);
}

/**
 * rubric_worklog_local_time:
 * @clock: a local time of day as HH:MM; 24:00 is the midnight that ends @day
 * @time: (out): in milliseconds since the epoch
 *
 * A time the clocks skip (02:30 on the night they go forward) is
 * refused; of a time they pass twice, the first is taken.
 */
gboolean
rubric_worklog_local_time (const GDate  *day,
                           const char   *clock,
                           gint64       *time,
                           GError      **error)
{
  g_autoptr(GTimeZone) zone = local_zone ();
  g_autoptr(GDateTime) local = NULL;
  GDate date = *day;
  int hour, minute;
  char text[RUBRIC_DAY_LEN];

  if (!parse_clock (clock, &hour, &minute))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("“%s” is not a time of day: write HH:MM (00:00 to 24:00)"),
                   clock != NULL ? clock : "");
      return FALSE;
    }
  if (hour == 24)
    {
      g_date_add_days (&date, 1);
      hour = 0;
    }
  local = g_date_time_new (zone, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), hour,
                           minute, 0);
  if (local == NULL || g_date_time_get_hour (local) != hour || g_date_time_get_minute (local) != minute)
    {
      rubric_worklog_format_day (day, text);
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("%s does not exist on %s here: the clocks skip it"), clock, text);
      return FALSE;
    }
  *time = g_date_time_to_unix (local) * 1000;
  return TRUE;
}

/**
 * rubric_worklog_parse_moment:
 * @text: HH:MM (today), or YYYY-MM-DD HH:MM, or YYYY-MM-DDTHH:MM
 * @now: what "today" is, in milliseconds since the epoch
 *
 * For a timer started or stopped after the fact.
 */
gboolean
rubric_worklog_parse_moment (const char  *text,
                             gint64       now,
                             gint64      *time,
                             GError     **error)
{
  g_autofree char *day_text = NULL;
  GDate day;
  char today[RUBRIC_DAY_LEN];

  if (text != NULL && strlen (text) == 16 && (text[10] == ' ' || text[10] == 'T'))
    day_text = g_strndup (text, 10);
  else if (text != NULL && strlen (text) == 5)
    {
      rubric_worklog_day_of (now, today);
      day_text = g_strdup (today);
    }
  else
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("“%s” is not a time: write HH:MM for today, or YYYY-MM-DD HH:MM"), text != NULL ? text : "");
      return FALSE;
    }
  return rubric_worklog_parse_day (day_text, &day, error) &&
         rubric_worklog_local_time (&day, text + strlen (text) - 5, time, error);
}
