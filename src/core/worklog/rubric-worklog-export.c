/* rubric-worklog-export.c — the log as CSV, hledger timeclock or Timewarrior JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "../rubric-atomic-file.h"
#include "../rubric-json.h"
#include "rubric-worklog-export.h"
#include "rubric-worklog-private.h"
#include "rubric-worklog-report.h"

gboolean
rubric_log_format_from_string (const char      *text,
                               RubricLogFormat *format)
{
  static const char *names[] = { "csv", "timeclock", "timewarrior" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

/* A cell quoted where it holds a comma, a quote or a line break. */
static void
append_cell (GString    *out,
             const char *text,
             gboolean    last)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    g_string_append (out, text);
  else
    {
      g_string_append_c (out, '"');
      for (const char *c = text; *c != '\0'; c++)
        {
          if (*c == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, last ? '\n' : ',');
}

/* 2026-03-08T01:30:00-05:00: local time with its offset from UTC. */
static char *
iso_local (gint64 time)
{
  g_autoptr(GDateTime) local = _rubric_worklog_local (time);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
append_csv_row (GString             *out,
                const RubricLogItem *item)
{
  gboolean app = item->source == RUBRIC_LOG_SOURCE_APP;
  gboolean timed = item->started_at != 0;
  g_autofree char *start = timed ? iso_local (item->started_at) : g_strdup ("");
  g_autofree char *end = timed ? iso_local (item->ended_at) : g_strdup ("");
  g_autofree char *hours = rubric_worklog_format_hours (item->active_ms);
  g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, item->active_ms / 1000);
  g_autofree char *tasks = app ? g_strdup_printf ("%u", item->n_tasks) : g_strdup ("");
  g_autofree char *rate = item->priced ? rubric_money_format (item->rate.amount, item->rate.currency) : g_strdup ("");
  g_autofree char *earned = item->priced ? rubric_money_format (item->earned, item->rate.currency) : g_strdup ("");
  const char *cells[] = {
    app ? "app" : "manual", item->day, start, end, hours, seconds, item->platform, item->set_name, item->annotator,
    tasks, rubric_rate_kind_to_string (item->rate.kind), rate, item->priced ? item->rate.currency : "", earned,
    item->note,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    append_cell (out, cells[i], i + 1 == G_N_ELEMENTS (cells));
}

/* Where an item's worked time begins, for the formats that need one:
 * an entry with a duration only begins at its day's midnight. */
static gint64
worked_from (const RubricLogItem *item)
{
  GDate day;

  if (item->started_at != 0 || !rubric_worklog_parse_day (item->day, &day, NULL))
    return item->started_at;
  return rubric_worklog_day_start (&day);
}

/* Runs of blanks, line breaks included, as one space: a timeclock
 * line ends at a line break, and two spaces end its account. */
static char *
one_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\v\f", -1);
  GString *line = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (line, "%s%s", line->len > 0 ? " " : "", words[i]);
  return g_string_free (line, FALSE);
}

static char *
timeclock_description (const RubricLogItem *item)
{
  if (item->source == RUBRIC_LOG_SOURCE_MANUAL)
    return one_line (item->note);
  return g_strdup_printf (ngettext ("%s (%u task)", "%s (%u tasks)", item->n_tasks),
                          item->set_name, item->n_tasks);
}

static void
append_timeclock (GString             *out,
                  const RubricLogItem *item)
{
  gint64 from = worked_from (item);
  g_autoptr(GDateTime) in = _rubric_worklog_local (from);
  g_autoptr(GDateTime) out_time = _rubric_worklog_local (from + item->active_ms);
  g_autofree char *in_text = g_date_time_format (in, "%Y-%m-%d %H:%M:%S");
  g_autofree char *out_text = g_date_time_format (out_time, "%Y-%m-%d %H:%M:%S");
  g_autofree char *platform = one_line (item->platform);
  g_autofree char *raw = timeclock_description (item);
  g_autofree char *description = one_line (raw);

  g_string_append_printf (out, "i %s work%s%s%s%s\n", in_text, *platform ? ":" : "", platform,
                          *description ? "  " : "", description);
  g_string_append_printf (out, "o %s\n", out_text);
}

static char *
timewarrior_time (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / 1000);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

static json_object *
timewarrior_interval (const RubricLogItem *item,
                      guint                id)
{
  json_object *interval = json_object_new_object ();
  json_object *tags = json_object_new_array ();
  gint64 from = worked_from (item);
  g_autofree char *start = timewarrior_time (from);
  g_autofree char *end = timewarrior_time (from + item->active_ms);

  json_object_object_add (interval, "id", json_object_new_int64 (id));
  json_object_object_add (interval, "start", json_object_new_string (start));
  json_object_object_add (interval, "end", json_object_new_string (end));
  if (*item->platform != '\0')
    json_object_array_add (tags, json_object_new_string (item->platform));
  if (item->source == RUBRIC_LOG_SOURCE_APP && *item->set_name != '\0')
    json_object_array_add (tags, json_object_new_string (item->set_name));
  json_object_object_add (interval, "tags", tags);
  if (*item->note != '\0')
    json_object_object_add (interval, "annotation", json_object_new_string (item->note));
  return interval;
}

static void
append_timewarrior (GString   *out,
                    GPtrArray *items)
{
  g_string_append (out, "[\n");
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(json_object) interval = timewarrior_interval (g_ptr_array_index (items, i), items->len - i);

      g_string_append (out, json_object_to_json_string_ext (interval, JSON_C_TO_STRING_PLAIN |
                                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
      g_string_append (out, i + 1 < items->len ? ",\n" : "\n");
    }
  g_string_append (out, "]\n");
}

/**
 * rubric_worklog_format_items:
 * @items: (element-type RubricLogItem): from rubric_worklog_list()
 *
 * Returns: (transfer full): the items as a file of @format
 */
char *
rubric_worklog_format_items (GPtrArray       *items,
                             RubricLogFormat  format)
{
  GString *out = g_string_new (NULL);

  if (format == RUBRIC_LOG_FORMAT_TIMEWARRIOR)
    append_timewarrior (out, items);
  if (format == RUBRIC_LOG_FORMAT_CSV)
    g_string_append (out, RUBRIC_WORKLOG_CSV_HEADER "\n");
  for (guint i = 0; format != RUBRIC_LOG_FORMAT_TIMEWARRIOR && i < items->len; i++)
    {
      if (format == RUBRIC_LOG_FORMAT_CSV)
        append_csv_row (out, g_ptr_array_index (items, i));
      else
        append_timeclock (out, g_ptr_array_index (items, i));
    }
  return g_string_free (out, FALSE);
}

/**
 * rubric_worklog_export:
 * @query: (nullable): the days to export
 * @path: the file to write, whole or not at all; "-" for standard output
 * @n_items: (out) (optional): how many items were written
 *
 * Writes the log in @format. A new file is readable by its owner only.
 */
gboolean
rubric_worklog_export (RubricStore           *store,
                       const RubricLogQuery  *query,
                       RubricLogFormat        format,
                       const char            *path,
                       guint                 *n_items,
                       GError               **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_str_equal (path, "-") && !rubric_store_check_foreign_path (store, path, error))
    return FALSE;
  if (!(items = rubric_worklog_list (store, query, error)))
    return FALSE;
  text = rubric_worklog_format_items (items, format);
  /* The log is private: a file it makes is its owner's alone. */
  if (!rubric_atomic_file_write_all_with_mode (path, text, strlen (text), 0600, error))
    return FALSE;
  if (n_items != NULL)
    *n_items = items->len;
  return TRUE;
}
