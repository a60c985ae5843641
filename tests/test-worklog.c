/* test-worklog.c — the contractor's work log: money, sessions, rates, reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sys/stat.h>

#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-library.h"
#include "rubric-store-private.h"
#include "rubric-worklog-export.h"
#include "rubric-worklog-report.h"
#include "rubric-worklog.h"
#include "test-util.h"

#define HOUR (G_GINT64_CONSTANT (3600) * 1000)
#define MINUTE (G_GINT64_CONSTANT (60) * 1000)

static char *tmpdir;

static RubricStore *
new_store (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  RubricStore *store = rubric_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

/* A set of @n write tasks, t1 to tn. */
static gint64
add_set (RubricStore *store,
         const char  *name,
         guint        n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *file = g_strdup_printf ("%s.jsonl", name);
  g_autofree char *escaped = g_strescape (name, NULL);
  g_autofree char *path = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_string_append_printf (text, "{\"format\":\"rubric-tasks/1\",\"name\":\"%s\"}\n", escaped);
  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "{\"id\":\"t%u\",\"kind\":\"write\",\"prompt\":\"%s %u\"}\n", i, escaped, i);
  path = test_write_file (tmpdir, file, text->str, text->len);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return result->set_id;
}

/* Milliseconds since the epoch of a local time (TZ is New York). */
static gint64
local_ms (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * 1000;
}

static void
record (RubricStore *store,
        gint64       set_id,
        gint64       start,
        gint64       end)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_worklog_record_activity (store, "Ada", set_id, 0, start, end, end - start, &error));
  g_assert_no_error (error);
}

/* Ada's submission of task t@n of the set at @at. */
static void
submit (RubricStore *store,
        gint64       set_id,
        guint        n,
        gint64       at)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO annotations (task_id, set_id, annotator, state, created_at,"
                                          " updated_at, submitted_at) SELECT id, set_id, 'Ada', 'submitted', 1, 1,"
                                          " %" G_GINT64_FORMAT " FROM tasks WHERE set_id = %" G_GINT64_FORMAT
                                          " AND ext_id = 't%u'", at, set_id, n);

  g_assert_true (_rubric_store_exec (store, sql, NULL));
}

static GPtrArray *
list_all (RubricStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = rubric_worklog_list (store, NULL, &error);

  g_assert_no_error (error);
  return items;
}

static RubricLogItem *
item_at (GPtrArray *items,
         guint      i)
{
  g_assert_cmpuint (i, <, items->len);
  return g_ptr_array_index (items, i);
}

static void
set_rate (RubricStore    *store,
          gint64          set_id,
          RubricRateKind  kind,
          const char     *amount,
          gint64          from)
{
  g_autoptr(GError) error = NULL;
  RubricRate rate;

  g_assert_true (rubric_rate_init (&rate, kind, amount, "USD", &error));
  g_assert_true (rubric_worklog_set_rate (store, set_id, "Acme", &rate, from, &error));
  g_assert_no_error (error);
}

static gint64
add_entry (RubricStore    *store,
           const char     *day,
           gint64          duration_ms,
           const char     *platform,
           RubricRateKind  kind,
           const char     *amount,
           const char     *currency)
{
  g_autoptr(GError) error = NULL;
  RubricLogEntry entry = { 0 };
  gint64 id;

  g_strlcpy (entry.day, day, sizeof entry.day);
  entry.duration_ms = duration_ms;
  entry.platform = (char *) platform;
  entry.note = (char *) "";
  g_assert_true (rubric_rate_init (&entry.rate, kind, amount, currency, &error));
  id = rubric_worklog_add_entry (store, &entry, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* In a German locale a person reads "12,50 EUR" and may type "12,50";
 * in the C locale (files, the command line's JSON) nothing changes. */
static void
test_money_locale (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *made = NULL;
  g_autofree char *c_text = NULL;
  gint64 minor = 0;
  int status;

  if (g_test_subprocess ())
    {
      g_autofree char *shown = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (setlocale (LC_ALL, ""));
      shown = rubric_money_localize (g_strdup ("12.50 EUR, 1.250 KWD/h, v1.2, 1500 JPY. Done."));
      g_assert_cmpstr (shown, ==, "12,50 EUR, 1,250 KWD/h, v1,2, 1500 JPY. Done.");
      g_assert_true (rubric_money_parse ("12,50", "EUR", &minor, &error));
      g_assert_cmpint (minor, ==, 1250);
      g_assert_true (rubric_money_parse ("12.50", "EUR", &minor, &error));
      g_assert_cmpint (minor, ==, 1250);
      g_assert_false (rubric_money_parse ("1,2,5", "EUR", &minor, &error));
      return;
    }
  c_text = rubric_money_localize (g_strdup ("12.50 EUR"));
  g_assert_cmpstr (c_text, ==, "12.50 EUR");
  g_assert_false (rubric_money_parse ("12,50", "EUR", &minor, NULL));

  dir = g_dir_make_tmp ("worklog-locale-XXXXXX", NULL);
  made = g_build_filename (dir, "de_DE.UTF-8", NULL);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "localedef", (char *) "-i", (char *) "de_DE", (char *) "-f",
                                                 (char *) "UTF-8", made, NULL },
                               NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                               &status, NULL));
  g_assert_true (g_file_test (made, G_FILE_TEST_IS_DIR));
  g_setenv ("LOCPATH", dir, TRUE);
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LOCPATH");
  g_unsetenv ("LC_ALL");
  g_test_trap_assert_passed ();
}

static void
test_money_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jpy = NULL;
  g_autofree char *kwd = NULL;
  g_autofree char *negative = NULL;
  gint64 minor = -1;
  guint exponent;
  char code[RUBRIC_CURRENCY_LEN];

  g_assert_true (rubric_money_parse ("12.50", "USD", &minor, NULL));
  g_assert_cmpint (minor, ==, 1250);
  g_assert_true (rubric_money_parse ("12.5", "USD", &minor, NULL));
  g_assert_cmpint (minor, ==, 1250);
  g_assert_true (rubric_money_parse ("12", "USD", &minor, NULL));
  g_assert_cmpint (minor, ==, 1200);
  g_assert_true (rubric_money_parse ("1500", "JPY", &minor, NULL));
  g_assert_cmpint (minor, ==, 1500);
  g_assert_true (rubric_money_parse ("1.25", "KWD", &minor, NULL));
  g_assert_cmpint (minor, ==, 1250);

  g_assert_false (rubric_money_parse ("12.505", "USD", &minor, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "USD has 2 decimals, not 3"));
  g_clear_error (&error);
  g_assert_false (rubric_money_parse ("-5", "USD", &minor, &error));
  g_assert_nonnull (strstr (error->message, "negative"));
  g_clear_error (&error);
  g_assert_false (rubric_money_parse ("1500.5", "JPY", &minor, &error));
  g_assert_nonnull (strstr (error->message, "JPY has no minor unit"));
  g_clear_error (&error);
  for (guint i = 0; i < 6; i++)
    {
      static const char *bad[] = { "", "1,000", ".5", "5.", "1e3", " 5" };

      g_assert_false (rubric_money_parse (bad[i], "USD", &minor, NULL));
    }
  g_assert_false (rubric_money_parse ("1000000000000", "USD", &minor, NULL));
  g_assert_false (rubric_money_parse ("5", "USX", &minor, NULL));

  g_assert_true (rubric_currency_lookup ("KWD", &exponent));
  g_assert_cmpuint (exponent, ==, 3);
  g_assert_true (rubric_currency_lookup ("CLF", &exponent));
  g_assert_cmpuint (exponent, ==, 4);
  /* Croatia's kuna went with the euro; gold is no currency. */
  g_assert_false (rubric_currency_lookup ("HRK", NULL));
  g_assert_false (rubric_currency_lookup ("XAU", NULL));
  g_assert_true (rubric_currency_normalize ("usd", code, NULL));
  g_assert_cmpstr (code, ==, "USD");

  jpy = rubric_money_format (1500, "JPY");
  kwd = rubric_money_format (1250, "KWD");
  negative = rubric_money_format (-5, "USD");
  g_assert_cmpstr (jpy, ==, "1500");
  g_assert_cmpstr (kwd, ==, "1.250");
  g_assert_cmpstr (negative, ==, "-0.05");

  /* 20.00/h for half an hour; 1.00/h for 17 s (0.47 cent) and 18 s (0.5). */
  g_assert_true (rubric_money_per_hour (2000, 1800, &minor, NULL));
  g_assert_cmpint (minor, ==, 1000);
  g_assert_true (rubric_money_per_hour (100, 17, &minor, NULL));
  g_assert_cmpint (minor, ==, 0);
  g_assert_true (rubric_money_per_hour (100, 18, &minor, NULL));
  g_assert_cmpint (minor, ==, 1);
}

static void
test_money_totals (void)
{
  g_autoptr(RubricMoneyTotals) totals = rubric_money_totals_new ();
  g_autoptr(json_object) json = NULL;
  g_autofree char *text = NULL;

  g_assert_true (rubric_money_totals_add (totals, "USD", 1250, NULL));
  g_assert_true (rubric_money_totals_add (totals, "JPY", 3000, NULL));
  g_assert_true (rubric_money_totals_add (totals, "USD", 50, NULL));
  g_assert_cmpint (rubric_money_totals_get (totals, "USD"), ==, 1300);
  g_assert_cmpint (rubric_money_totals_get (totals, "JPY"), ==, 3000);
  g_assert_cmpuint (rubric_money_totals_get_n (totals), ==, 2);
  json = rubric_money_totals_to_json (totals);
  g_assert_cmpstr (json_object_to_json_string_ext (json, JSON_C_TO_STRING_PLAIN), ==,
                   "{\"JPY\":\"3000\",\"USD\":\"13.00\"}");
  text = rubric_money_totals_to_text (totals);
  g_assert_cmpstr (text, ==, "3000 JPY, 13.00 USD");
}

/* Activity close to the latest span of the same set extends it. */
static void
test_activity_extends (void)
{
  g_autoptr(RubricStore) store = new_store ("extend.db");
  gint64 a = add_set (store, "extend-a", 2);
  gint64 b = add_set (store, "extend-b", 2);
  gint64 t = local_ms (2026, 1, 12, 9, 0);
  g_autoptr(GError) error = NULL;

  record (store, a, t, t + 10 * MINUTE);
  record (store, a, t + 14 * MINUTE, t + 20 * MINUTE);   /* 4 minutes after: the same span */
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM work_spans"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT active_ms / 60000 FROM work_spans"), ==, 16);
  record (store, a, t + 26 * MINUTE, t + 30 * MINUTE);   /* 6 minutes after: a new span */
  record (store, b, t + 31 * MINUTE, t + 32 * MINUTE);   /* another set */
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM work_spans"), ==, 3);

  g_assert_false (rubric_worklog_record_activity (store, "Ada", a, 0, t, t - 1, 0, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rubric_worklog_record_activity (store, "Ada", 999, 0, t, t, 0, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM work_spans"), ==, 3);
}

/* Inside the caller's transaction, activity is a part of it. */
static void
test_activity_in_transaction (void)
{
  g_autoptr(RubricStore) store = new_store ("transaction.db");
  gint64 set = add_set (store, "transaction", 1);
  gint64 t = local_ms (2026, 1, 12, 9, 0);

  g_assert_true (rubric_store_begin (store, NULL));
  record (store, set, t, t + MINUTE);
  rubric_store_rollback (store);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM work_spans"), ==, 0);
  g_assert_true (rubric_store_begin (store, NULL));
  record (store, set, t, t + MINUTE);
  g_assert_true (rubric_store_commit (store, NULL));
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM work_spans"), ==, 1);
}

/* The days asked for: a session over midnight is whole on either side. */
static void
test_session_days_asked (void)
{
  g_autoptr(RubricStore) store = new_store ("days.db");
  gint64 set = add_set (store, "days", 2);
  RubricLogQuery first = { "2026-01-15", "2026-01-15", NULL };
  RubricLogQuery second = { "2026-01-16", NULL, "Ada" };
  RubricLogQuery nobody = { NULL, NULL, "Grace" };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  set_rate (store, set, RUBRIC_RATE_PER_TASK, "1", 0);
  /* Two spans ten minutes apart: one session, whose second span starts on the 16th. */
  record (store, set, local_ms (2026, 1, 15, 23, 0), local_ms (2026, 1, 15, 23, 55));
  record (store, set, local_ms (2026, 1, 16, 0, 5), local_ms (2026, 1, 16, 0, 30));
  submit (store, set, 1, local_ms (2026, 1, 15, 23, 50));
  submit (store, set, 2, local_ms (2026, 1, 16, 0, 6));
  items = rubric_worklog_list (store, &first, &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (item_at (items, 0)->ended_at, ==, local_ms (2026, 1, 16, 0, 0));
  g_assert_cmpuint (item_at (items, 0)->n_tasks, ==, 1);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = rubric_worklog_list (store, &second, &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (item_at (items, 0)->started_at, ==, local_ms (2026, 1, 16, 0, 0));
  g_assert_cmpint (item_at (items, 0)->active_ms, ==, 25 * MINUTE);
  g_assert_cmpuint (item_at (items, 0)->n_tasks, ==, 1);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = rubric_worklog_list (store, &nobody, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
}

/* Spans less than 15 minutes apart are one session; 15 minutes apart, two. */
static void
test_session_gap (void)
{
  g_autoptr(RubricStore) store = new_store ("gap.db");
  gint64 set = add_set (store, "gap", 1);
  gint64 t = local_ms (2026, 1, 12, 9, 0);
  g_autoptr(GPtrArray) items = NULL;

  record (store, set, t, t + 30 * MINUTE);
  record (store, set, t + 44 * MINUTE, t + 60 * MINUTE);        /* 14 minutes idle */
  record (store, set, t + 75 * MINUTE, t + 80 * MINUTE);        /* 15 minutes idle */
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (item_at (items, 0)->started_at, ==, t);
  g_assert_cmpint (item_at (items, 0)->ended_at, ==, t + HOUR);
  g_assert_cmpint (item_at (items, 0)->active_ms, ==, 46 * MINUTE);
  g_assert_cmpint (item_at (items, 1)->active_ms, ==, 5 * MINUTE);
  g_assert_cmpstr (item_at (items, 1)->set_name, ==, "gap");
  g_assert_cmpstr (item_at (items, 1)->annotator, ==, "Ada");
  g_assert_false (item_at (items, 1)->priced);
}

/* A set opened and left at once (under a second, nothing submitted) is
 * no session; a second is. */
static void
test_session_too_short (void)
{
  g_autoptr(RubricStore) store = new_store ("short.db");
  gint64 set = add_set (store, "short", 1);
  gint64 t = local_ms (2026, 1, 12, 9, 0);
  g_autoptr(GPtrArray) items = NULL;

  record (store, set, t, t + 400);
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);
  record (store, set, t + 400, t + 1400);
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (item_at (items, 0)->active_ms, ==, 1000);
}

/* A session over midnight is one item per day, its tasks on the day they were submitted. */
static void
test_session_split_midnight (void)
{
  g_autoptr(RubricStore) store = new_store ("midnight.db");
  gint64 set = add_set (store, "midnight", 3);
  gint64 start = local_ms (2026, 1, 15, 23, 0);
  g_autoptr(GPtrArray) items = NULL;

  set_rate (store, set, RUBRIC_RATE_PER_TASK, "1.50", 0);
  record (store, set, start, start + 2 * HOUR);
  submit (store, set, 1, start + 30 * MINUTE);
  submit (store, set, 2, start + 90 * MINUTE);
  submit (store, set, 3, start + 2 * HOUR + 5 * MINUTE);   /* just after: still this session */
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (item_at (items, 0)->day, ==, "2026-01-15");
  g_assert_cmpint (item_at (items, 0)->ended_at, ==, local_ms (2026, 1, 16, 0, 0));
  g_assert_cmpint (item_at (items, 0)->active_ms, ==, HOUR);
  g_assert_cmpuint (item_at (items, 0)->n_tasks, ==, 1);
  g_assert_cmpint (item_at (items, 0)->earned, ==, 150);
  g_assert_cmpstr (item_at (items, 1)->day, ==, "2026-01-16");
  g_assert_cmpint (item_at (items, 1)->active_ms, ==, HOUR);
  g_assert_cmpuint (item_at (items, 1)->n_tasks, ==, 2);
  g_assert_cmpint (item_at (items, 1)->earned, ==, 300);
  g_assert_cmpstr (item_at (items, 1)->platform, ==, "Acme");
}

/* The night the clocks go forward has 23 hours. */
static void
test_session_dst_spring (void)
{
  g_autoptr(RubricStore) store = new_store ("spring.db");
  gint64 set = add_set (store, "spring", 1);
  g_autoptr(GPtrArray) items = NULL;

  /* 23:00 EST to 04:00 EDT: 1 hour on the 7th, 3 (not 4) on the 8th. */
  record (store, set, local_ms (2026, 3, 7, 23, 0), local_ms (2026, 3, 8, 4, 0));
  /* The whole 23-hour day of the 8th, midnight to midnight, in another set. */
  record (store, add_set (store, "spring-day", 1), local_ms (2026, 3, 8, 0, 0), local_ms (2026, 3, 9, 0, 0));
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (item_at (items, 0)->day, ==, "2026-03-07");
  g_assert_cmpint (item_at (items, 0)->active_ms, ==, HOUR);
  g_assert_cmpstr (item_at (items, 1)->day, ==, "2026-03-08");
  g_assert_cmpstr (item_at (items, 1)->set_name, ==, "spring");
  g_assert_cmpint (item_at (items, 1)->active_ms, ==, 3 * HOUR);
  g_assert_cmpstr (item_at (items, 2)->set_name, ==, "spring-day");
  g_assert_cmpint (item_at (items, 2)->active_ms, ==, 23 * HOUR);
}

/* The night they go back has 25. */
static void
test_session_dst_fall (void)
{
  g_autoptr(RubricStore) store = new_store ("fall.db");
  gint64 set = add_set (store, "fall", 1);
  g_autoptr(GPtrArray) items = NULL;

  record (store, set, local_ms (2026, 11, 1, 0, 0), local_ms (2026, 11, 2, 0, 0));
  /* 23:30 EDT to 02:30 EST: half an hour on the 31st, 3.5 (not 2.5) on the 1st. */
  record (store, add_set (store, "fall-night", 1), local_ms (2026, 10, 31, 23, 30), local_ms (2026, 11, 1, 2, 30));
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (item_at (items, 0)->day, ==, "2026-10-31");
  g_assert_cmpint (item_at (items, 0)->active_ms, ==, 30 * MINUTE);
  g_assert_cmpstr (item_at (items, 1)->day, ==, "2026-11-01");
  g_assert_cmpstr (item_at (items, 1)->set_name, ==, "fall");
  g_assert_cmpint (item_at (items, 1)->active_ms, ==, 25 * HOUR);
  g_assert_cmpstr (item_at (items, 2)->set_name, ==, "fall-night");
  g_assert_cmpint (item_at (items, 2)->active_ms, ==, 210 * MINUTE);
}

/* Editing a set's rate later leaves the sessions before it as they were. */
static void
test_rate_kept_after_edit (void)
{
  g_autoptr(RubricStore) store = new_store ("rate-edit.db");
  gint64 set = add_set (store, "rated", 1);
  gint64 monday = local_ms (2026, 2, 2, 9, 0);
  gint64 tuesday = local_ms (2026, 2, 3, 9, 0);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) rates = NULL;
  g_autoptr(RubricSetRate) at_monday = NULL;

  set_rate (store, set, RUBRIC_RATE_HOURLY, "20", local_ms (2026, 2, 1, 0, 0));
  record (store, set, monday, monday + 2 * HOUR);
  /* The rate changes halfway through Tuesday's session, which keeps the old one. */
  record (store, set, tuesday, tuesday + 2 * HOUR);
  set_rate (store, set, RUBRIC_RATE_HOURLY, "30", tuesday + HOUR);
  record (store, set, tuesday + 3 * HOUR, tuesday + 4 * HOUR);
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpint (item_at (items, 0)->earned, ==, 4000);
  g_assert_cmpint (item_at (items, 1)->earned, ==, 4000);
  g_assert_cmpint (item_at (items, 1)->rate.amount, ==, 2000);
  g_assert_cmpint (item_at (items, 2)->earned, ==, 3000);
  g_assert_cmpint (item_at (items, 2)->rate.amount, ==, 3000);

  rates = rubric_worklog_list_rates (store, set, NULL);
  g_assert_cmpuint (rates->len, ==, 2);
  at_monday = rubric_worklog_get_rate_at (store, set, monday, NULL);
  g_assert_cmpint (at_monday->rate.amount, ==, 2000);
  g_assert_cmpstr (at_monday->payer, ==, "Acme");
}

/* A set's first rate prices the work done before it was given. */
static void
test_rate_first_prices_earlier (void)
{
  g_autoptr(RubricStore) store = new_store ("rate-first.db");
  gint64 set = add_set (store, "late-rate", 1);
  gint64 t = local_ms (2026, 2, 2, 9, 0);
  g_autoptr(GPtrArray) items = NULL;

  record (store, set, t, t + 90 * MINUTE);
  set_rate (store, set, RUBRIC_RATE_HOURLY, "20", local_ms (2026, 3, 1, 0, 0));
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (item_at (items, 0)->priced);
  g_assert_cmpint (item_at (items, 0)->earned, ==, 3000);
}

/* Each day goes to its uneven period: P1 Jan-Mar, P2 Apr-May, P3 Jun-Aug, P4 Sep-Dec. */
static void
test_report_periods (void)
{
  g_autoptr(RubricStore) store = new_store ("periods.db");
  static const struct { const char *day; guint period; } days[] = {
    { "2026-01-01", 1 }, { "2026-03-31", 1 }, { "2026-04-01", 2 }, { "2026-05-31", 2 },
    { "2026-06-01", 3 }, { "2026-08-31", 3 }, { "2026-09-01", 4 }, { "2026-12-31", 4 },
    { "2025-12-31", 0 }, { "2027-01-01", 0 },
  };
  static const char *expected[][4] = {
    { "2026-P1", "2026-01-01", "2026-03-31", "2026-04-15" },
    { "2026-P2", "2026-04-01", "2026-05-31", "2026-06-15" },
    { "2026-P3", "2026-06-01", "2026-08-31", "2026-09-15" },
    { "2026-P4", "2026-09-01", "2026-12-31", "2027-01-15" },
  };
  g_autoptr(RubricWorklogReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* 10.00 an hour; an hour on each day, and one more hour in the second period. */
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    add_entry (store, days[i].day, HOUR, "Acme", RUBRIC_RATE_HOURLY, "10", "USD");
  add_entry (store, "2026-04-15", HOUR, "Outlier", RUBRIC_RATE_AMOUNT, "25.50", "USD");
  report = rubric_worklog_report (store, 2026, RUBRIC_REPORT_BY_PERIOD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      RubricReportRow *row = g_ptr_array_index (report->rows, i);

      g_assert_cmpstr (row->label, ==, expected[i][0]);
      g_assert_cmpstr (row->from, ==, expected[i][1]);
      g_assert_cmpstr (row->to, ==, expected[i][2]);
      g_assert_cmpstr (row->due, ==, expected[i][3]);
      g_assert_cmpint (row->active_ms, ==, (i == 1 ? 3 : 2) * HOUR);
      g_assert_cmpint (rubric_money_totals_get (row->earned, "USD"), ==, i == 1 ? 4550 : 2000);
    }
  g_assert_cmpuint (((RubricReportRow *) g_ptr_array_index (report->rows, 1))->platforms->len, ==, 2);
  g_assert_cmpint (report->total->active_ms, ==, 9 * HOUR);
  g_assert_cmpint (rubric_money_totals_get (report->total->earned, "USD"), ==, 10550);
}

/* Money of different currencies is never added up. */
static void
test_report_currencies_apart (void)
{
  g_autoptr(RubricStore) store = new_store ("currencies.db");
  g_autoptr(RubricWorklogReport) report = NULL;
  g_autoptr(json_object) json = NULL;
  g_autofree char *text = NULL;
  json_object *earned;

  add_entry (store, "2026-02-02", HOUR, "Acme", RUBRIC_RATE_HOURLY, "20", "USD");
  add_entry (store, "2026-02-03", 30 * MINUTE, "Acme", RUBRIC_RATE_HOURLY, "18", "EUR");
  add_entry (store, "2026-02-04", HOUR, "Tokyo", RUBRIC_RATE_AMOUNT, "3000", "JPY");
  add_entry (store, "2026-02-05", HOUR, "Kuwait", RUBRIC_RATE_AMOUNT, "1.25", "KWD");
  report = rubric_worklog_report (store, 2026, RUBRIC_REPORT_BY_PERIOD, NULL, NULL);
  text = rubric_worklog_report_to_json (report);
  json = json_tokener_parse (text);
  earned = test_get_object (json_object_array_get_idx (test_get_object (json, "periods"), 0), "earned");
  g_assert_cmpstr (json_object_to_json_string_ext (earned, JSON_C_TO_STRING_PLAIN), ==,
                   "{\"EUR\":\"9.00\",\"JPY\":\"3000\",\"KWD\":\"1.250\",\"USD\":\"20.00\"}");
  earned = test_get_object (test_get_object (json_object_array_get_idx (test_get_object (json, "periods"), 0),
                                             "by_platform"), "Acme");
  g_assert_cmpstr (json_object_to_json_string_ext (earned, JSON_C_TO_STRING_PLAIN), ==,
                   "{\"hours\":1.5,\"earned\":{\"EUR\":\"9.00\",\"USD\":\"20.00\"}}");
}

/* Time with no rate counts in hours, and in no money. */
static void
test_report_unpriced (void)
{
  g_autoptr(RubricStore) store = new_store ("unpriced.db");
  g_autoptr(RubricWorklogReport) report = NULL;
  g_autofree char *text = NULL;
  RubricReportRow *row;
  RubricReportPlatform *platform;

  add_entry (store, "2026-07-01", 90 * MINUTE, "Volunteer", RUBRIC_RATE_NONE, NULL, NULL);
  add_entry (store, "2026-07-02", HOUR, "Acme", RUBRIC_RATE_HOURLY, "20", "USD");
  report = rubric_worklog_report (store, 2026, RUBRIC_REPORT_BY_PERIOD, NULL, NULL);
  row = g_ptr_array_index (report->rows, 2);
  g_assert_cmpint (row->active_ms, ==, 150 * MINUTE);
  g_assert_cmpint (row->unpriced_ms, ==, 90 * MINUTE);
  g_assert_cmpuint (rubric_money_totals_get_n (row->earned), ==, 1);
  g_assert_cmpint (rubric_money_totals_get (row->earned, "USD"), ==, 2000);
  platform = g_ptr_array_index (row->platforms, 1);
  g_assert_cmpstr (platform->name, ==, "Volunteer");
  g_assert_cmpuint (rubric_money_totals_get_n (platform->earned), ==, 0);
  text = rubric_worklog_report_to_text (report);
  g_assert_nonnull (strstr (text, "1.50 h unpriced"));
  g_assert_nonnull (strstr (text, "not tax advice"));
}

/* Months: twelve rows, no due date. */
static void
test_report_months (void)
{
  g_autoptr(RubricStore) store = new_store ("months.db");
  g_autoptr(RubricWorklogReport) report = NULL;
  g_autoptr(json_object) json = NULL;
  g_autofree char *text = NULL;
  json_object *february;

  add_entry (store, "2028-02-29", HOUR, "Acme", RUBRIC_RATE_HOURLY, "20", "USD");
  report = rubric_worklog_report (store, 2028, RUBRIC_REPORT_BY_MONTH, NULL, NULL);
  g_assert_cmpuint (report->rows->len, ==, 12);
  text = rubric_worklog_report_to_json (report);
  json = json_tokener_parse (text);
  february = json_object_array_get_idx (test_get_object (json, "periods"), 1);
  g_assert_cmpstr (test_get_path (february, "period"), ==, "2028-02");
  g_assert_cmpstr (test_get_path (february, "to"), ==, "2028-02-29");
  g_assert_true (json_object_object_get_ex (february, "due", NULL));
  g_assert_null (test_get_object (february, "due"));
  g_assert_cmpstr (test_get_path (february, "earned.USD"), ==, "20.00");
}

static void
pay (RubricStore *store,
     const char  *day,
     const char  *payer,
     gint64       gross,
     gint64       fees)
{
  g_autoptr(GError) error = NULL;
  RubricPayment payment = { 0 };

  g_strlcpy (payment.day, day, sizeof payment.day);
  payment.payer = (char *) payer;
  payment.processor = (char *) "PayPal";
  payment.note = (char *) "";
  payment.gross = gross;
  payment.fees = fees;
  payment.net = gross - fees;
  g_strlcpy (payment.currency, "USD", sizeof payment.currency);
  payment.form = RUBRIC_TAX_FORM_1099_K;
  g_assert_cmpint (rubric_worklog_add_payment (store, &payment, &error), >, 0);
  g_assert_no_error (error);
}

/* Earned against paid, per payer and per period. */
static void
test_reconcile (void)
{
  g_autoptr(RubricStore) store = new_store ("reconcile.db");
  g_autoptr(RubricWorklogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RubricReportRow *acme, *first, *second, *beta;
  RubricPayment bad = { 0 };

  add_entry (store, "2026-03-10", 5 * HOUR, "Acme", RUBRIC_RATE_HOURLY, "20", "USD");   /* 100.00 in P1 */
  add_entry (store, "2026-04-10", HOUR, "Acme", RUBRIC_RATE_AMOUNT, "40", "USD");       /* 40.00 in P2 */
  pay (store, "2026-04-01", "Acme", 9000, 300);                                          /* 90.00 in P2 */
  pay (store, "2026-05-01", "Beta", 1000, 0);                                            /* paid, never logged */
  report = rubric_worklog_report (store, 2026, RUBRIC_REPORT_BY_PAYER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows->len, ==, 2);
  acme = g_ptr_array_index (report->rows, 0);
  g_assert_cmpstr (acme->label, ==, "Acme");
  g_assert_cmpint (rubric_money_totals_get (acme->earned, "USD"), ==, 14000);
  g_assert_cmpint (rubric_money_totals_get (acme->paid_gross, "USD"), ==, 9000);
  g_assert_cmpint (rubric_money_totals_get (acme->fees, "USD"), ==, 300);
  g_assert_cmpint (rubric_money_totals_get (acme->paid_net, "USD"), ==, 8700);
  g_assert_cmpint (rubric_money_totals_get (acme->difference, "USD"), ==, 5000);
  first = g_ptr_array_index (acme->periods, 0);
  second = g_ptr_array_index (acme->periods, 1);
  g_assert_cmpint (rubric_money_totals_get (first->difference, "USD"), ==, 10000);
  g_assert_cmpint (rubric_money_totals_get (second->difference, "USD"), ==, -5000);
  beta = g_ptr_array_index (report->rows, 1);
  g_assert_cmpstr (beta->label, ==, "Beta");
  g_assert_cmpint (rubric_money_totals_get (beta->difference, "USD"), ==, -1000);

  /* Net must be gross minus fees. */
  g_strlcpy (bad.day, "2026-05-01", sizeof bad.day);
  bad.payer = (char *) "Beta";
  bad.gross = 1000;
  bad.fees = 10;
  bad.net = 1000;
  g_strlcpy (bad.currency, "USD", sizeof bad.currency);
  g_assert_cmpint (rubric_worklog_add_payment (store, &bad, &error), ==, 0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM payments"), ==, 2);
}

/* What an entry may not be. */
static void
test_entry_check (void)
{
  g_autoptr(RubricStore) store = new_store ("entry-check.db");
  RubricLogEntry entry = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 nine = local_ms (2026, 3, 2, 9, 0);

  g_strlcpy (entry.day, "2026-03-02", sizeof entry.day);
  entry.platform = (char *) "Acme";
  entry.started_at = nine;
  entry.ended_at = nine - HOUR;
  entry.duration_ms = -HOUR;
  g_assert_cmpint (rubric_worklog_add_entry (store, &entry, &error), ==, 0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_clear_error (&error);

  entry.ended_at = nine + HOUR;
  entry.duration_ms = HOUR;
  entry.rate = (RubricRate) { RUBRIC_RATE_PER_TASK, 100, "USD" };
  g_assert_cmpint (rubric_worklog_add_entry (store, &entry, &error), ==, 0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_clear_error (&error);

  entry.rate = (RubricRate) { RUBRIC_RATE_AMOUNT, -100, "USD" };
  g_assert_cmpint (rubric_worklog_add_entry (store, &entry, &error), ==, 0);
  g_clear_error (&error);
  entry.rate = (RubricRate) { RUBRIC_RATE_AMOUNT, 100, "USX" };
  g_assert_cmpint (rubric_worklog_add_entry (store, &entry, &error), ==, 0);
  g_clear_error (&error);
  g_strlcpy (entry.day, "2026-02-30", sizeof entry.day);
  entry.rate = (RubricRate) { RUBRIC_RATE_AMOUNT, 100, "USD" };
  g_assert_cmpint (rubric_worklog_add_entry (store, &entry, &error), ==, 0);
  g_clear_error (&error);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM log_entries"), ==, 0);

  g_strlcpy (entry.day, "2026-03-02", sizeof entry.day);
  g_assert_cmpint (rubric_worklog_add_entry (store, &entry, &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_entry_edit_delete (void)
{
  g_autoptr(RubricStore) store = new_store ("entry-edit.db");
  gint64 id = add_entry (store, "2026-03-02", HOUR, "Acme", RUBRIC_RATE_HOURLY, "20", "USD");
  g_autoptr(RubricLogEntry) entry = rubric_worklog_get_entry (store, id, NULL);
  g_autoptr(RubricLogEntry) changed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (entry->platform, ==, "Acme");
  g_free (entry->note);
  entry->note = g_strdup ("second look");
  entry->duration_ms = 2 * HOUR;
  g_assert_true (rubric_worklog_update_entry (store, entry, &error));
  changed = rubric_worklog_get_entry (store, id, NULL);
  g_assert_cmpstr (changed->note, ==, "second look");
  g_assert_cmpint (changed->duration_ms, ==, 2 * HOUR);
  g_assert_true (rubric_worklog_delete_entry (store, id, &error));
  g_assert_false (rubric_worklog_delete_entry (store, id, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (rubric_worklog_get_entry (store, id, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
}

static void
test_timer (void)
{
  g_autoptr(RubricStore) store = new_store ("timer.db");
  gint64 start = local_ms (2026, 3, 2, 22, 0);
  g_autoptr(RubricLogTimer) timer = NULL;
  g_autoptr(RubricLogEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  RubricRate rate;
  gint64 id;

  g_assert_null (rubric_worklog_timer_get (store, &error));
  g_assert_no_error (error);
  g_assert_true (rubric_worklog_timer_start (store, "Outlier", "coding", start + 123, &error));
  g_assert_false (rubric_worklog_timer_start (store, "Outlier", NULL, start, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT);
  g_clear_error (&error);
  timer = rubric_worklog_timer_get (store, NULL);
  g_assert_cmpint (timer->started_at, ==, start);
  g_assert_true (rubric_rate_init (&rate, RUBRIC_RATE_HOURLY, "30", "USD", NULL));
  id = rubric_worklog_timer_stop (store, start + 150 * MINUTE + 999, &rate, &error);
  g_assert_no_error (error);
  entry = rubric_worklog_get_entry (store, id, NULL);
  g_assert_cmpstr (entry->day, ==, "2026-03-02");
  g_assert_cmpint (entry->duration_ms, ==, 150 * MINUTE);
  g_assert_cmpstr (entry->platform, ==, "Outlier");
  g_assert_cmpstr (entry->note, ==, "coding");
  g_assert_null (rubric_worklog_timer_get (store, NULL));
  g_assert_cmpint (rubric_worklog_timer_stop (store, start, NULL, &error), ==, 0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
}

/* A set purged from the library leaves its sessions, rate and tasks in the log. */
static void
test_purge_keeps_log (void)
{
  g_autoptr(RubricStore) store = new_store ("purge.db");
  gint64 set = add_set (store, "gone", 2);
  gint64 t = local_ms (2026, 2, 2, 9, 0);
  g_autoptr(GPtrArray) items = NULL;

  set_rate (store, set, RUBRIC_RATE_PER_TASK, "2", 0);
  record (store, set, t, t + HOUR);
  submit (store, set, 1, t + 10 * MINUTE);
  submit (store, set, 2, t + 50 * MINUTE);
  g_assert_true (rubric_library_delete (store, set, t, NULL));
  g_assert_true (rubric_library_purge (store, G_MAXINT64, NULL, NULL));
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 0);
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (item_at (items, 0)->set_name, ==, "gone");
  g_assert_cmpint (item_at (items, 0)->set_id, ==, 0);
  g_assert_cmpuint (item_at (items, 0)->n_tasks, ==, 2);
  g_assert_cmpint (item_at (items, 0)->earned, ==, 400);
  g_assert_cmpstr (item_at (items, 0)->platform, ==, "Acme");
}

/* An older workspace gets a log from its submissions. */
static void
test_migration_backfill (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "backfill.db", NULL);
  gint64 submitted = local_ms (2026, 1, 20, 10, 0);
  g_autoptr(GPtrArray) items = NULL;
  gint64 set;

  {
    g_autoptr(RubricStore) old = _rubric_store_new_at (path, 9, NULL);

    g_assert_nonnull (old);
    set = add_set (old, "older", 2);
    submit (old, set, 1, submitted);
    submit (old, set, 2, submitted + 10 * MINUTE);
    g_assert_true (_rubric_store_exec (old, "UPDATE annotations SET active_ms = 300000", NULL));
  }
  {
    g_autoptr(RubricStore) store = rubric_store_new (path, NULL);

    g_assert_cmpint (rubric_store_get_schema_version (store), ==, RUBRIC_STORE_SCHEMA_VERSION);
    g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM work_spans"), ==, 2);
    items = list_all (store);
    g_assert_cmpuint (items->len, ==, 1);
    g_assert_cmpint (item_at (items, 0)->started_at, ==, submitted - 5 * MINUTE);
    g_assert_cmpint (item_at (items, 0)->ended_at, ==, submitted + 10 * MINUTE);
    g_assert_cmpint (item_at (items, 0)->active_ms, ==, 10 * MINUTE);
    g_assert_cmpuint (item_at (items, 0)->n_tasks, ==, 2);
  }
}

/* A new export is readable by its owner only; a file replaced keeps its mode. */
static void
test_export_private (void)
{
  g_autoptr(RubricStore) store = new_store ("private.db");
  g_autofree char *fresh = g_build_filename (tmpdir, "fresh.csv", NULL);
  g_autofree char *shared = test_write_file (tmpdir, "shared.csv", "old", -1);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  add_entry (store, "2026-03-02", HOUR, "Acme", RUBRIC_RATE_HOURLY, "20", "USD");
  g_assert_true (rubric_worklog_export (store, NULL, RUBRIC_LOG_FORMAT_CSV, fresh, NULL, &error));
  g_assert_cmpint (g_stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_chmod (shared, 0644), ==, 0);
  g_assert_true (rubric_worklog_export (store, NULL, RUBRIC_LOG_FORMAT_TIMECLOCK, shared, NULL, &error));
  g_assert_cmpint (g_stat (shared, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
}

static char *
export_text (RubricStore     *store,
             RubricLogFormat  format)
{
  g_autoptr(GPtrArray) items = list_all (store);

  return rubric_worklog_format_items (items, format);
}

/* Sessions (over midnight, a rate changed, tasks) and entries, exported,
 * imported into a new workspace and exported again: the same file. */
static void
test_csv_round_trip (void)
{
  g_autoptr(RubricStore) store = new_store ("round.db");
  g_autoptr(RubricStore) copy = new_store ("round-copy.db");
  gint64 set = add_set (store, "Set, \"quoted\"", 3);
  gint64 night = local_ms (2026, 3, 7, 23, 0);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RubricLogImport) result = NULL;
  g_autoptr(GError) error = NULL;

  set_rate (store, set, RUBRIC_RATE_HOURLY, "20", 0);
  record (store, set, night, local_ms (2026, 3, 8, 4, 0) + 1234);
  submit (store, set, 1, night + 10 * MINUTE);
  submit (store, set, 2, local_ms (2026, 3, 8, 3, 0));
  set_rate (store, set, RUBRIC_RATE_PER_TASK, "1.25", local_ms (2026, 3, 9, 0, 0));
  record (store, set, local_ms (2026, 3, 9, 10, 0), local_ms (2026, 3, 9, 10, 40));
  submit (store, set, 3, local_ms (2026, 3, 9, 10, 30));
  add_entry (store, "2026-03-08", 90 * MINUTE, "Other", RUBRIC_RATE_NONE, NULL, NULL);
  add_entry (store, "2026-03-09", HOUR, "Tokyo", RUBRIC_RATE_AMOUNT, "3000", "JPY");
  first = export_text (store, RUBRIC_LOG_FORMAT_CSV);
  path = test_write_file (tmpdir, "round.csv", first, -1);
  g_assert_true (rubric_worklog_import_csv (copy, path, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_sessions, ==, 3);
  g_assert_cmpuint (result->n_entries, ==, 2);
  second = export_text (copy, RUBRIC_LOG_FORMAT_CSV);
  g_assert_cmpstr (second, ==, first);
  g_assert_nonnull (strstr (first, "app,2026-03-08,2026-03-08T00:00:00-05:00,2026-03-08T04:00:01-04:00,3.00,10801,"
                                   "Acme,\"Set, \"\"quoted\"\"\",Ada,1,hourly,20.00,USD,60.01,\n"));

  /* Imported again: everything is there already. */
  g_clear_pointer (&result, rubric_log_import_free);
  g_assert_true (rubric_worklog_import_csv (copy, path, &result, &error));
  g_assert_cmpuint (result->n_known, ==, 5);
  g_assert_cmpuint (result->n_sessions + result->n_entries, ==, 0);
}

/* One bad row and nothing is imported; each problem names its line and field. */
static void
test_import_all_or_nothing (void)
{
  g_autoptr(RubricStore) store = new_store ("import-bad.db");
  g_autofree char *path = test_write_file (tmpdir, "bad.csv",
                                           RUBRIC_WORKLOG_CSV_HEADER "\n"
                                           "manual,2026-03-02,,,1.00,3600,Acme,,,,hourly,20.00,USD,20.00,fine\n"
                                           "manual,2026-03-02,,,1.00,3600,Acme,,,,hourly,-20.00,USD,,\n"
                                           "manual,2026-03-02,,,1.00,3600,Acme,,,,hourly,20.00,USX,20.00,\n",
                                           -1);
  g_autoptr(RubricLogImport) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (rubric_worklog_import_csv (store, path, &result, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpuint (result->problems->len, ==, 2);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (result->problems, 0), "bad.csv:3: rate: “-20.00”: amounts cannot be negative"));
  g_assert_true (g_str_has_prefix (strstr (g_ptr_array_index (result->problems, 1), "bad.csv:4: currency: "), "bad.csv:4: currency: “USX”"));
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM log_entries"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Every local time in these tests is New York's, DST included. */
  g_setenv ("TZ", "America/New_York", TRUE);
  tzset ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add_func ("/worklog/money/parse", test_money_parse);
  g_test_add_func ("/worklog/money/locale", test_money_locale);
  g_test_add_func ("/worklog/money/totals", test_money_totals);
  g_test_add_func ("/worklog/activity/extends", test_activity_extends);
  g_test_add_func ("/worklog/activity/in-transaction", test_activity_in_transaction);
  g_test_add_func ("/worklog/session/gap", test_session_gap);
  g_test_add_func ("/worklog/session/too-short", test_session_too_short);
  g_test_add_func ("/worklog/session/days-asked", test_session_days_asked);
  g_test_add_func ("/worklog/session/split-midnight", test_session_split_midnight);
  g_test_add_func ("/worklog/session/dst-spring", test_session_dst_spring);
  g_test_add_func ("/worklog/session/dst-fall", test_session_dst_fall);
  g_test_add_func ("/worklog/rate/kept-after-edit", test_rate_kept_after_edit);
  g_test_add_func ("/worklog/rate/first-prices-earlier", test_rate_first_prices_earlier);
  g_test_add_func ("/worklog/report/periods", test_report_periods);
  g_test_add_func ("/worklog/report/currencies-apart", test_report_currencies_apart);
  g_test_add_func ("/worklog/report/unpriced", test_report_unpriced);
  g_test_add_func ("/worklog/report/months", test_report_months);
  g_test_add_func ("/worklog/reconcile", test_reconcile);
  g_test_add_func ("/worklog/entry/check", test_entry_check);
  g_test_add_func ("/worklog/entry/edit-delete", test_entry_edit_delete);
  g_test_add_func ("/worklog/timer", test_timer);
  g_test_add_func ("/worklog/purge/keeps-log", test_purge_keeps_log);
  g_test_add_func ("/worklog/migration/backfill", test_migration_backfill);
  g_test_add_func ("/worklog/export/private", test_export_private);
  g_test_add_func ("/worklog/export/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/worklog/import/all-or-nothing", test_import_all_or_nothing);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
