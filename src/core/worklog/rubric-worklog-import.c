/* rubric-worklog-import.c — the log's own CSV read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <csv.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "../rubric-error.h"
#include "rubric-worklog-export.h"
#include "rubric-worklog-private.h"
#include "rubric-worklog-report.h"

/* A log of years is a few megabytes. */
#define MAX_FILE_SIZE (64 * 1024 * 1024)
/* Problems listed; the rest are counted. */
#define MAX_PROBLEMS 100

enum
{
  COL_SOURCE, COL_DATE, COL_START, COL_END, COL_HOURS, COL_SECONDS, COL_PLATFORM, COL_SET, COL_ANNOTATOR,
  COL_TASKS, COL_RATE_KIND, COL_RATE, COL_CURRENCY, COL_EARNED, COL_NOTE, N_COLUMNS
};

typedef struct
{
  guint      line;
  GPtrArray *cells;
} CsvRow;

typedef struct
{
  struct csv_parser  parser;
  GPtrArray         *cells;
  GPtrArray         *rows;      /* CsvRow */
  guint              row_line;
  gboolean           in_row;
} CsvReader;

/* A row read and checked, its text borrowed from its cells. */
typedef struct
{
  guint            line;
  RubricLogSource  source;
  char             day[RUBRIC_DAY_LEN];
  gint64           start;       /* milliseconds; 0 for none */
  gint64           end;
  gint64           seconds;
  guint            n_tasks;
  RubricRate       rate;
  const char      *platform;
  const char      *set;
  const char      *annotator;
  const char      *note;
} Row;

typedef struct
{
  const char      *path;
  RubricLogImport *result;
  guint            n_problems;
} Import;

/* An imported set, and what the import gave it so far. */
typedef struct
{
  gint64      work_set;
  gboolean    has_rate;
  char       *payer;
  RubricRate  rate;
  GHashTable *ends;             /* annotator → end of the row before, in ms */
} ImportSet;

static void
csv_row_free (CsvRow *row)
{
  g_ptr_array_unref (row->cells);
  g_free (row);
}

/* A cell with a NUL byte in it is not text: it becomes one that fails
 * the UTF-8 check. */
static void
on_cell (void   *data,
         size_t  len,
         void   *user_data)
{
  CsvReader *reader = user_data;

  g_ptr_array_add (reader->cells, memchr (data, '\0', len) != NULL ? g_strdup ("\xff") : g_strndup (data, len));
}

static void
on_row (int   c,
        void *user_data)
{
  CsvReader *reader = user_data;
  CsvRow *row = g_new0 (CsvRow, 1);

  row->line = reader->row_line;
  row->cells = g_steal_pointer (&reader->cells);
  reader->cells = g_ptr_array_new_with_free_func (g_free);
  reader->in_row = FALSE;
  g_ptr_array_add (reader->rows, row);
}

static int
no_space (unsigned char c)
{
  return 0;
}

/* Fed a line at a time, so that each row knows the line it starts on. */
static GPtrArray *
read_rows (const char  *path,
           const char  *text,
           gsize        len,
           GError     **error)
{
  CsvReader reader = { 0 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_row_free);
  guint line = 1;
  gboolean ok = TRUE;

  if (csv_init (&reader.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: cannot start a CSV reader"), path);
      return NULL;
    }
  csv_set_space_func (&reader.parser, no_space);
  reader.cells = g_ptr_array_new_with_free_func (g_free);
  reader.rows = rows;
  for (gsize pos = 0; ok && pos < len; line++)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize n = nl != NULL ? (gsize) (nl - (text + pos)) + 1 : len - pos;

      if (!reader.in_row)
        {
          reader.row_line = line;
          for (gsize i = 0; i < n && !reader.in_row; i++)
            reader.in_row = text[pos + i] != '\r' && text[pos + i] != '\n';
        }
      ok = csv_parse (&reader.parser, text + pos, n, on_cell, on_row, &reader) == n;
      pos += n;
    }
  if (ok)
    ok = csv_fini (&reader.parser, on_cell, on_row, &reader) == 0;
  if (!ok)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s:%u: the CSV row that starts here is malformed: %s"),
                 path, reader.row_line, csv_strerror (csv_error (&reader.parser)));
  csv_free (&reader.parser);
  g_ptr_array_unref (reader.cells);
  return ok ? g_steal_pointer (&rows) : NULL;
}

static void add_problem (Import     *import,
                         guint       line,
                         const char *field,
                         const char *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (Import     *import,
             guint       line,
             const char *field,
             const char *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  import->n_problems++;
  if (import->result->problems->len >= MAX_PROBLEMS)
    return;
  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (import->result->problems, field != NULL ? g_strdup_printf ("%s:%u: %s: %s", import->path, line, field, reason)
                                                           : g_strdup_printf ("%s:%u: %s", import->path, line, reason));
}

/* Hands a GError on as the problem of a field. */
static gboolean
take_error (Import     *import,
            guint       line,
            const char *field,
            GError     *error)
{
  add_problem (import, line, field, "%s", error->message);
  g_error_free (error);
  return FALSE;
}

static gboolean
read_count (const char *text,
            guint       max_digits,
            gint64     *value)
{
  gsize len = strlen (text);

  if (len == 0 || len > max_digits || strspn (text, "0123456789") != len)
    return FALSE;
  *value = g_ascii_strtoll (text, NULL, 10);
  return TRUE;
}

/* start or end: ISO 8601 with an offset, on the row's day. */
static gboolean
read_time (Import     *import,
           Row        *row,
           const char *field,
           const char *text,
           gint64     *time)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (text, NULL);

  if (parsed == NULL)
    {
      add_problem (import, row->line, field, _("“%s” is not an ISO 8601 time with its UTC offset"), text);
      return FALSE;
    }
  if (g_str_equal (field, "start") && strncmp (text, row->day, 10) != 0)
    {
      add_problem (import, row->line, field, _("%s is not on %s, the row's date"), text, row->day);
      return FALSE;
    }
  *time = g_date_time_to_unix (parsed) * 1000;
  return TRUE;
}

static gboolean
read_times (Import     *import,
            Row        *row,
            GPtrArray  *cells)
{
  const char *start = g_ptr_array_index (cells, COL_START);
  const char *end = g_ptr_array_index (cells, COL_END);

  if (*start == '\0' && *end == '\0' && row->source == RUBRIC_LOG_SOURCE_MANUAL)
    return TRUE;
  if (*start == '\0' || *end == '\0')
    {
      add_problem (import, row->line, *start == '\0' ? "start" : "end",
                   row->source == RUBRIC_LOG_SOURCE_APP ? _("a session has a start and an end")
                                                        : _("an entry has both a start and an end, or neither"));
      return FALSE;
    }
  if (!read_time (import, row, "start", start, &row->start) || !read_time (import, row, "end", end, &row->end))
    return FALSE;
  if (row->end < row->start || (row->end == row->start && row->source == RUBRIC_LOG_SOURCE_MANUAL))
    {
      add_problem (import, row->line, "end", _("%s is not after the start, %s"), end, start);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_duration (Import     *import,
               Row        *row,
               GPtrArray  *cells)
{
  const char *hours = g_ptr_array_index (cells, COL_HOURS);
  const char *seconds = g_ptr_array_index (cells, COL_SECONDS);
  g_autofree char *expected = NULL;

  if (!read_count (seconds, 7, &row->seconds) || row->seconds * 1000 > RUBRIC_WORKLOG_MAX_ENTRY_MS ||
      (row->seconds == 0 && row->source == RUBRIC_LOG_SOURCE_MANUAL))
    {
      add_problem (import, row->line, "seconds", _("“%s” is not a number of seconds worked (1 to 31 days)"), seconds);
      return FALSE;
    }
  if (row->source == RUBRIC_LOG_SOURCE_MANUAL && row->start != 0 && row->seconds * 1000 != row->end - row->start)
    {
      add_problem (import, row->line, "seconds", _("%s is not the time from start to end (%lld)"),
                   seconds, (long long) ((row->end - row->start) / 1000));
      return FALSE;
    }
  expected = rubric_worklog_format_hours (row->seconds * 1000);
  if (!g_str_equal (hours, expected))
    {
      add_problem (import, row->line, "hours", _("%s is not the seconds in hours (%s)"), hours, expected);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_rate (Import     *import,
           Row        *row,
           GPtrArray  *cells)
{
  const char *kind = g_ptr_array_index (cells, COL_RATE_KIND);
  const char *amount = g_ptr_array_index (cells, COL_RATE);
  const char *currency = g_ptr_array_index (cells, COL_CURRENCY);
  GError *error = NULL;

  if (!rubric_rate_kind_from_string (kind, &row->rate.kind))
    {
      add_problem (import, row->line, "rate_kind", _("“%s” is not none, hourly, per_task or amount"), kind);
      return FALSE;
    }
  if (row->rate.kind == RUBRIC_RATE_NONE && (*amount != '\0' || *currency != '\0'))
    {
      add_problem (import, row->line, *amount != '\0' ? "rate" : "currency", _("a row with no rate has no amount"));
      return FALSE;
    }
  if (row->rate.kind == RUBRIC_RATE_NONE)
    return TRUE;
  if (!rubric_currency_normalize (currency, row->rate.currency, &error))
    return take_error (import, row->line, "currency", error);
  if (!g_str_equal (currency, row->rate.currency))
    {
      add_problem (import, row->line, "currency", _("write the code in capitals: %s"), row->rate.currency);
      return FALSE;
    }
  if (!rubric_money_parse (amount, row->rate.currency, &row->rate.amount, &error))
    return take_error (import, row->line, "rate", error);
  if (!_rubric_worklog_check_rate (&row->rate, row->source == RUBRIC_LOG_SOURCE_APP, &error))
    return take_error (import, row->line, "rate_kind", error);
  return TRUE;
}

static gboolean
read_earned (Import     *import,
             Row        *row,
             GPtrArray  *cells)
{
  const char *text = g_ptr_array_index (cells, COL_EARNED);
  g_autofree char *expected = NULL;
  GError *error = NULL;
  gint64 earned;

  if (!_rubric_worklog_earn (&row->rate, row->seconds, row->n_tasks, &earned, &error))
    return take_error (import, row->line, "earned", error);
  expected = row->rate.kind != RUBRIC_RATE_NONE ? rubric_money_format (earned, row->rate.currency) : g_strdup ("");
  if (!g_str_equal (text, expected))
    {
      add_problem (import, row->line, "earned", _("“%s” is not what the row's time and rate earn (“%s”)"), text,
                   expected);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_texts (Import     *import,
            Row        *row,
            GPtrArray  *cells)
{
  static const char *names[] = { "platform", "set", "annotator", "note" };
  const guint columns[] = { COL_PLATFORM, COL_SET, COL_ANNOTATOR, COL_NOTE };
  gboolean app = row->source == RUBRIC_LOG_SOURCE_APP;
  const char *tasks = g_ptr_array_index (cells, COL_TASKS);
  gint64 n_tasks = 0;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *text = g_ptr_array_index (cells, columns[i]);
      GError *error = NULL;

      if (!_rubric_worklog_check_text (names[i], text, columns[i] == COL_NOTE ? RUBRIC_WORKLOG_NOTE_MAX
                                                                              : RUBRIC_WORKLOG_NAME_MAX, &error))
        {
          add_problem (import, row->line, NULL, "%s", error->message);
          g_error_free (error);
          return FALSE;
        }
    }
  row->platform = g_ptr_array_index (cells, COL_PLATFORM);
  row->set = g_ptr_array_index (cells, COL_SET);
  row->annotator = g_ptr_array_index (cells, COL_ANNOTATOR);
  row->note = g_ptr_array_index (cells, COL_NOTE);
  if (app && *row->annotator == '\0')
    add_problem (import, row->line, "annotator", _("a session of the app has its annotator"));
  else if (!app && (*row->set != '\0' || *row->annotator != '\0' || *tasks != '\0'))
    add_problem (import, row->line, *row->set != '\0' ? "set" : *row->annotator != '\0' ? "annotator" : "tasks",
                 _("a manual entry has no set, annotator or tasks"));
  else if (app && *row->note != '\0')
    add_problem (import, row->line, "note", _("a session of the app has no note"));
  else if (app && (!read_count (tasks, 9, &n_tasks)))
    add_problem (import, row->line, "tasks", _("“%s” is not a number of tasks"), tasks);
  else
    {
      row->n_tasks = (guint) n_tasks;
      return TRUE;
    }
  return FALSE;
}

static gboolean
read_row (Import  *import,
          CsvRow  *csv,
          Row     *row)
{
  const char *source;
  const char *day;
  GDate date;
  GError *error = NULL;

  row->line = csv->line;
  if (csv->cells->len != N_COLUMNS)
    {
      add_problem (import, row->line, NULL, _("the row has %u cells, the header %u"), csv->cells->len, N_COLUMNS);
      return FALSE;
    }
  source = g_ptr_array_index (csv->cells, COL_SOURCE);
  day = g_ptr_array_index (csv->cells, COL_DATE);
  if (!g_str_equal (source, "app") && !g_str_equal (source, "manual"))
    {
      add_problem (import, row->line, "source", _("“%s” is not app or manual"), source);
      return FALSE;
    }
  row->source = g_str_equal (source, "app") ? RUBRIC_LOG_SOURCE_APP : RUBRIC_LOG_SOURCE_MANUAL;
  if (!rubric_worklog_parse_day (day, &date, &error))
    return take_error (import, row->line, "date", error);
  g_strlcpy (row->day, day, sizeof row->day);
  return read_texts (import, row, csv->cells) && read_times (import, row, csv->cells) &&
         read_duration (import, row, csv->cells) && read_rate (import, row, csv->cells) &&
         read_earned (import, row, csv->cells);
}

static void
import_set_free (ImportSet *self)
{
  g_free (self->payer);
  g_hash_table_unref (self->ends);
  g_free (self);
}

/* The set an imported session goes to: one the import makes per name,
 * apart from any live set, whose rates it must not change. */
static ImportSet *
import_set_for (RubricStore  *store,
                GHashTable   *sets,
                const char   *name,
                GError      **error)
{
  ImportSet *set = g_hash_table_lookup (sets, name);
  gint64 id;

  if (set != NULL)
    return set;
  if ((id = _rubric_worklog_add_detached_set (store, name, error)) == 0)
    return NULL;
  set = g_new0 (ImportSet, 1);
  set->work_set = id;
  set->ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (sets, g_strdup (name), set);
  return set;
}

static gboolean
same_rate (const ImportSet *set,
           const Row       *row)
{
  return set->has_rate && g_str_equal (set->payer, row->platform) && set->rate.kind == row->rate.kind &&
         set->rate.amount == row->rate.amount && g_str_equal (set->rate.currency, row->rate.currency);
}

/*
 * A session is paid at the rate in effect at its start, so the rate of
 * a session's first row takes effect at its start: the set's rates
 * come back as they were where they made a difference. A row that goes
 * on from the row before (a session cut at midnight) is paid as that
 * one was.
 */
static gboolean
import_rate (RubricStore  *store,
             ImportSet    *set,
             const Row    *row,
             GError      **error)
{
  gint64 *end = g_hash_table_lookup (set->ends, row->annotator);
  gboolean goes_on = end != NULL && *end == row->start;

  if (end == NULL)
    {
      end = g_new (gint64, 1);
      g_hash_table_insert (set->ends, g_strdup (row->annotator), end);
    }
  *end = row->end;
  if (goes_on || same_rate (set, row))
    return TRUE;
  g_free (set->payer);
  set->payer = g_strdup (row->platform);
  set->rate = row->rate;
  set->has_rate = TRUE;
  return _rubric_worklog_add_rate (store, set->work_set, row->platform, &row->rate, row->start, error);
}

/* A session's tasks are the submissions in it: the row's are put at its start. */
static gboolean
import_session (RubricStore      *store,
                GHashTable       *sets,
                const Row        *row,
                gint64            below_span,
                RubricLogImport  *result,
                GError          **error)
{
  ImportSet *set;
  gboolean known;

  if (!_rubric_worklog_has_span (store, row->annotator, row->set, row->start, row->end, below_span, &known, error))
    return FALSE;
  if (known)
    {
      result->n_known++;
      return TRUE;
    }
  result->n_sessions++;
  return (set = import_set_for (store, sets, row->set, error)) != NULL &&
         import_rate (store, set, row, error) &&
         _rubric_worklog_add_span (store, row->annotator, set->work_set, row->start, row->end, row->seconds * 1000,
                                   error) &&
         _rubric_worklog_add_submissions (store, set->work_set, row->annotator, row->start, row->n_tasks, error);
}

static gboolean
import_entry (RubricStore      *store,
              const Row        *row,
              gint64            below_entry,
              RubricLogImport  *result,
              GError          **error)
{
  RubricLogEntry entry = { 0 };
  gboolean known;

  memcpy (entry.day, row->day, sizeof entry.day);
  entry.started_at = row->start;
  entry.ended_at = row->end;
  entry.duration_ms = row->seconds * 1000;
  entry.platform = (char *) row->platform;
  entry.rate = row->rate;
  entry.note = (char *) row->note;
  if (!_rubric_worklog_has_entry (store, &entry, below_entry, &known, error))
    return FALSE;
  if (known)
    {
      result->n_known++;
      return TRUE;
    }
  result->n_entries++;
  return rubric_worklog_add_entry (store, &entry, error) != 0;
}

/* The sessions in order of set, annotator and time, so that a set's
 * rates are given in the order they took effect. */
static int
compare_rows (gconstpointer pa,
              gconstpointer pb)
{
  const Row *a = pa;
  const Row *b = pb;
  int cmp;

  if (a->source != b->source)
    return a->source < b->source ? -1 : 1;
  if ((cmp = strcmp (a->set, b->set)) != 0 || (cmp = strcmp (a->annotator, b->annotator)) != 0)
    return cmp;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return a->line < b->line ? -1 : a->line > b->line;
}

static gboolean
write_rows (RubricStore      *store,
            GArray           *rows,
            RubricLogImport  *result,
            GError          **error)
{
  g_autoptr(GHashTable) sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) import_set_free);
  gint64 below_span = _rubric_worklog_next_id (store, "work_spans", error);
  gint64 below_entry = below_span < 0 ? -1 : _rubric_worklog_next_id (store, "log_entries", error);

  if (below_entry < 0)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      if (row->source == RUBRIC_LOG_SOURCE_APP ? !import_session (store, sets, row, below_span, result, error)
                                               : !import_entry (store, row, below_entry, result, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_header (Import     *import,
              GPtrArray  *rows)
{
  g_auto(GStrv) names = g_strsplit (RUBRIC_WORKLOG_CSV_HEADER, ",", -1);
  CsvRow *header = rows->len > 0 ? g_ptr_array_index (rows, 0) : NULL;
  gboolean ok = header != NULL && header->cells->len == N_COLUMNS;

  for (guint i = 0; ok && i < N_COLUMNS; i++)
    ok = g_str_equal (g_ptr_array_index (header->cells, i), names[i]);
  if (!ok)
    add_problem (import, header != NULL ? header->line : 1, NULL,
                 _("not a work log CSV of Rubric: its first line must be %s"), RUBRIC_WORKLOG_CSV_HEADER);
  return ok;
}

static gboolean
fail_problems (Import  *import,
               GError **error)
{
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
               ngettext ("%s: %u problem; nothing was imported",
                            "%s: %u problems; nothing was imported", import->n_problems),
               import->path, import->n_problems);
  return FALSE;
}

static gboolean
read_file (const char  *path,
           char       **text,
           gsize       *len,
           GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s is larger than a work log can be (64 MiB)"), path);
      return FALSE;
    }
  return g_file_get_contents (path, text, len, error);
}

/**
 * rubric_worklog_import_csv:
 * @path: a CSV that rubric_worklog_export() wrote
 * @result: (out) (transfer full): what was added, or why nothing was
 *
 * Reads a CSV of the log back, all or nothing: a row that breaks the
 * format (a bad date or amount, an unknown currency, earnings that do
 * not follow from the time and rate) leaves the workspace as it was,
 * and each is listed in @result's problems. Rows already in the log
 * (the same session, an identical entry) are left out, so that a file
 * imported twice counts once. Sessions go to sets of the log of their
 * own, apart from the library's sets, with the rates the file shows.
 */
gboolean
rubric_worklog_import_csv (RubricStore       *store,
                           const char        *path,
                           RubricLogImport  **result,
                           GError           **error)
{
  g_autoptr(RubricLogImport) import_result = g_new0 (RubricLogImport, 1);
  g_autoptr(GPtrArray) csv_rows = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autofree char *text = NULL;
  Import import = { path, import_result, 0 };
  gboolean nested;
  gsize len;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  import_result->problems = g_ptr_array_new_with_free_func (g_free);
  *result = NULL;
  if (!rubric_store_check_foreign_path (store, path, error) || !read_file (path, &text, &len, error) ||
      !(csv_rows = read_rows (path, text, len, error)))
    return FALSE;
  if (check_header (&import, csv_rows))
    {
      g_array_set_size (rows, csv_rows->len - 1);
      for (guint i = 1; i < csv_rows->len; i++)
        read_row (&import, g_ptr_array_index (csv_rows, i), &g_array_index (rows, Row, i - 1));
    }
  *result = g_steal_pointer (&import_result);
  if (import.n_problems > 0)
    return fail_problems (&import, error);
  g_array_sort (rows, compare_rows);
  if (!_rubric_worklog_begin (store, &nested, error))
    return FALSE;
  if (!write_rows (store, rows, *result, error) || !_rubric_worklog_commit (store, nested, error))
    {
      _rubric_worklog_rollback (store, nested);
      (*result)->n_sessions = (*result)->n_entries = (*result)->n_known = 0;
      return FALSE;
    }
  return TRUE;
}

void
rubric_log_import_free (RubricLogImport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self);
}
