/* test-worklog-app.c — the Work Log window: the log by day, week and
 * month, manual entries, the timer, payments, charts, the tax-period
 * totals and the exports, driven through the window's actions
 *
 * The workspace is prepared through the core (a set paid 25.00 USD an
 * hour with half an hour of work in the app, a manual entry and a
 * payment); what the person sees is read back off the screen with
 * tesseract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-c/json.h>
#include <sys/stat.h>

#include "app-test-util.h"
#include "rubric-import.h"
#include "rubric-worklog-chart.h"
#include "rubric-worklog-entry-dialog.h"
#include "rubric-worklog-export.h"
#include "rubric-worklog-payment-dialog.h"
#include "rubric-worklog-window.h"
#include "rubric-worklog.h"
#include "test-util.h"

#define ANNOTATOR "Test Annotator"
#define MINUTE    (G_GINT64_CONSTANT (60) * 1000)

static char *tmpdir;
static RubricApplication *app;
static RubricWindow *main_window;
static RubricStore *store;
static GtkWidget *worklog;

/* Preparing the workspace ----------------------------------------------- */

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static char *
today (void)
{
  char day[RUBRIC_DAY_LEN];

  rubric_worklog_day_of (now_ms (), day);
  return g_strdup (day);
}

static int
this_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

static gint64
import_set (void)
{
  g_autofree char *path = test_write_file (tmpdir, "paid.jsonl",
                                           "{\"format\":\"rubric-tasks/1\",\"name\":\"Paid set\"}\n"
                                           "{\"id\":\"t1\",\"kind\":\"write\",\"prompt\":\"Say hello.\"}\n", -1);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return result->set_id;
}

/* Half an hour of work on a set at 25.00 USD an hour (12.50 USD), a
 * manual entry of an hour at 40.00 EUR, and a payment of 10.00 USD. */
static void
prepare_workspace (void)
{
  g_autofree char *day = today ();
  gint64 set_id = import_set ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  /* All of it today, even just after midnight. */
  gint64 end = MAX (now_ms () - MINUTE, g_date_time_to_unix (midnight) * 1000 + 31 * MINUTE);
  RubricRate rate = { 0 };
  RubricLogEntry entry = { 0, "", 0, 0, 60 * MINUTE, (char *) "Globex", { 0 }, (char *) "Label review", 0, 0 };
  RubricPayment payment = { 0, "", (char *) "Acme Labs", (char *) "PayPal", 1000, 50, 950, "USD",
                            RUBRIC_TAX_FORM_1099_K, (char *) "", 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_rate_init (&rate, RUBRIC_RATE_HOURLY, "25.00", "USD", &error));
  g_assert_true (rubric_worklog_set_rate (store, set_id, "Acme Labs", &rate, end - 60 * MINUTE, &error));
  g_assert_true (rubric_worklog_record_activity (store, ANNOTATOR, set_id, 0, end - 30 * MINUTE, end, 30 * MINUTE,
                                                 &error));
  g_assert_true (rubric_rate_init (&entry.rate, RUBRIC_RATE_HOURLY, "40.00", "EUR", &error));
  g_strlcpy (entry.day, day, sizeof entry.day);
  g_assert_cmpint (rubric_worklog_add_entry (store, &entry, &error), >, 0);
  g_strlcpy (payment.day, day, sizeof payment.day);
  g_assert_cmpint (rubric_worklog_add_payment (store, &payment, &error), >, 0);
  g_assert_no_error (error);
}

/* Finding things ------------------------------------------------------- */

static int
count_rows (const char *sql)
{
  return app_test_count_rows (app, sql);
}

static void
activate (const char *action,
          GVariant   *param)
{
  g_assert_true (gtk_widget_activate_action_variant (worklog, action, param));
}

static guint
n_worklog_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += RUBRIC_IS_WORKLOG_WINDOW (l->data);
  return n;
}

static GtkWidget *
find_worklog_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (RUBRIC_IS_WORKLOG_WINDOW (l->data))
      return l->data;
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

typedef struct
{
  GType       type;
  const char *title;     /* a row's title; NULL for any */
  gboolean    mapped;    /* only what is on screen */
} Wanted;

static GtkWidget *
find_in (GtkWidget    *root,
         const Wanted *wanted)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, wanted->type) && (!wanted->mapped || gtk_widget_get_mapped (root)) &&
      (wanted->title == NULL ||
       (ADW_IS_PREFERENCES_ROW (root) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), wanted->title) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_in (child, wanted);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row titled @title on the page shown, or NULL. */
static GtkWidget *
shown_row (const char *title)
{
  Wanted wanted = { ADW_TYPE_PREFERENCES_ROW, title, TRUE };

  return find_in (worklog, &wanted);
}

static GtkWidget *
dialog_row (GtkWindow  *dialog,
            const char *title)
{
  Wanted wanted = { ADW_TYPE_PREFERENCES_ROW, title, FALSE };
  GtkWidget *row = find_in (GTK_WIDGET (dialog), &wanted);

  g_assert_nonnull (row);
  return row;
}

static void
type_into (GtkWindow  *dialog,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (dialog_row (dialog, title)), text);
}

static void
choose (GtkWindow  *dialog,
        const char *title,
        guint       choice)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_row (dialog, title)), choice);
}

static GtkWidget *
find_error_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "error"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What the dialog says is wrong, above its fields; NULL for nothing. */
static const char *
error_shown (GtkWindow *dialog)
{
  GtkWidget *label = find_error_label (GTK_WIDGET (dialog));

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
show_page (const char *page)
{
  activate ("worklog.show", g_variant_new_string (page));
  app_test_settle (300);
}

/* Tests ------------------------------------------------------------------- */

/* app.work-log opens one Work Log per application, Ctrl+Shift+L. */
static void
test_open (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.work-log");

  guint key = 0;
  GdkModifierType mods = 0;

  g_assert_nonnull (accels[0]);
  g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
  g_assert_cmpuint (key, ==, GDK_KEY_l);
  g_assert_cmpuint (mods, ==, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_action_group_activate_action (G_ACTION_GROUP (app), "work-log", NULL);
  app_test_settle (800);
  worklog = find_worklog_window ();
  g_assert_nonnull (worklog);
  g_action_group_activate_action (G_ACTION_GROUP (app), "work-log", NULL);
  app_test_settle (300);
  g_assert_cmpuint (n_worklog_windows (), ==, 1);
  g_assert_true (gtk_window_is_active (GTK_WINDOW (worklog)) || gtk_widget_get_mapped (worklog));
}

/* By day: the app's half hour (12.50 USD) and the manual hour, each
 * marked for what it is, the payer's name, and both platforms. */
static void
test_log_by_day (void)
{
  g_autofree char *text = NULL;
  GtkWidget *acme = NULL;

  show_page ("log");
  g_assert_nonnull (shown_row ("Globex"));
  acme = shown_row ("Acme Labs");
  g_assert_nonnull (acme);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (acme)), "In Rubric"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (shown_row ("Globex"))), "Logged by hand"));
  text = app_test_read_screen_large (worklog, NULL, "worklog-log.png");
  if (!app_test_text_has (text, "in rubric") || !app_test_text_has (text, "logged by hand"))
    {
      /* Tesseract read "in" as "nm" once at this size: the words are
       * read again at the drawn size. */
      g_autofree char *again = app_test_read_screen (worklog, NULL, "worklog-log.png");
      char *both = g_strconcat (text, " | ", again, NULL);

      g_free (text);
      text = both;
    }
  g_test_message ("%s", text);
  g_assert_true (app_test_text_has (text, "acme labs"));
  g_assert_true (app_test_text_has (text, "globex"));
  g_assert_true (app_test_text_has (text, "in rubric"));
  g_assert_true (app_test_text_has (text, "logged by hand"));
  g_assert_nonnull (strstr (text, "12.50"));
  g_assert_nonnull (strstr (text, "40.00 eur"));
}

/* Week and month sum each platform up; another year has nothing. */
static void
test_range_and_year (void)
{
  g_autofree char *week = NULL;
  GtkWidget *empty;
  Wanted status = { ADW_TYPE_STATUS_PAGE, NULL, TRUE };

  activate ("worklog.range", g_variant_new_string ("week"));
  app_test_settle (300);
  week = app_test_read_screen (worklog, NULL, "worklog-week.png");
  g_assert_true (app_test_text_has (week, "week of"));
  g_assert_nonnull (shown_row ("Acme Labs"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (shown_row ("Acme Labs"))), "1 item"));
  activate ("worklog.range", g_variant_new_string ("month"));
  app_test_settle (300);
  g_assert_nonnull (shown_row ("Globex"));

  activate ("worklog.year", g_variant_new_int32 (this_year () - 3));
  app_test_settle (300);
  g_assert_null (shown_row ("Globex"));
  empty = find_in (worklog, &status);
  g_assert_nonnull (empty);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty)), ==, "No Work Logged");
  activate ("worklog.year", g_variant_new_int32 (this_year ()));
  activate ("worklog.range", g_variant_new_string ("day"));
  app_test_settle (300);
  g_assert_nonnull (shown_row ("Globex"));
}

static GtkWindow *
open_entry_dialog (void)
{
  GtkWindow *dialog;

  activate ("worklog.add-entry", NULL);
  app_test_settle (400);
  dialog = find_toplevel (RUBRIC_TYPE_WORKLOG_ENTRY_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

/* Filled in through the dialog's fields, saved with its action: the
 * entry is in the workspace and on the Log. */
static void
test_add_entry (void)
{
  GtkWindow *dialog = open_entry_dialog ();
  int before = count_rows ("SELECT count(*) FROM log_entries");

  type_into (dialog, "Platform or Client", "Initech");
  type_into (dialog, "Start (HH:MM)", "10:00");
  type_into (dialog, "End (HH:MM)", "11:15");
  choose (dialog, "Paid", 1);
  type_into (dialog, "Rate per Hour", "20");
  type_into (dialog, "Currency (USD, EUR, JPY…)", "usd");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL));
  app_test_settle (400);
  g_assert_null (find_toplevel (RUBRIC_TYPE_WORKLOG_ENTRY_DIALOG));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries"), ==, before + 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries WHERE platform = 'Initech' AND duration_ms = 4500000"
                               " AND rate_kind = 'hourly' AND amount_minor = 2000 AND currency = 'USD'"), ==, 1);
  g_assert_nonnull (shown_row ("Initech"));
}

static void
save_refused (GtkWindow  *dialog,
              const char *message)
{
  const char *shown;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL));
  app_test_settle (200);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  shown = error_shown (dialog);
  g_test_message ("refused: %s", shown);
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, message));
}

/* An end before the start, a negative amount, an unknown currency: each
 * is said in the dialog, which stays open, and nothing is written. */
static void
test_bad_input (void)
{
  GtkWindow *dialog = open_entry_dialog ();
  int before = count_rows ("SELECT count(*) FROM log_entries");
  g_autofree char *text = NULL;

  type_into (dialog, "Platform or Client", "Wrong Co");
  type_into (dialog, "Start (HH:MM)", "11:00");
  type_into (dialog, "End (HH:MM)", "10:00");
  save_refused (dialog, "is not after the start");
  gtk_window_set_default_size (dialog, 440, 700);
  text = app_test_read_screen (GTK_WIDGET (dialog), NULL, "worklog-entry-error.png");
  g_assert_true (app_test_text_has (text, "is not after the start"));

  type_into (dialog, "End (HH:MM)", "12:00");
  choose (dialog, "Paid", 1);
  type_into (dialog, "Rate per Hour", "-5");
  save_refused (dialog, "negative");
  type_into (dialog, "Rate per Hour", "5");
  type_into (dialog, "Currency (USD, EUR, JPY…)", "XYZ");
  save_refused (dialog, "not an ISO 4217 currency");
  type_into (dialog, "Date (YYYY-MM-DD)", "2026-02-30");
  save_refused (dialog, "not a day of the calendar");
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries"), ==, before);
  gtk_window_close (dialog);
  app_test_settle (200);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries WHERE platform = 'Wrong Co'"), ==, 0);
}

/* Edit through the dialog: the entry keeps its number. */
static void
test_edit_entry (void)
{
  gint64 id = count_rows ("SELECT id FROM log_entries WHERE platform = 'Initech'");
  GtkWindow *dialog;

  activate ("worklog.edit-entry", g_variant_new_int64 (id));
  app_test_settle (400);
  dialog = find_toplevel (RUBRIC_TYPE_WORKLOG_ENTRY_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpint (rubric_worklog_entry_dialog_get_id (RUBRIC_WORKLOG_ENTRY_DIALOG (dialog)), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_row (dialog, "Start (HH:MM)"))), ==, "10:00");
  type_into (dialog, "Note", "Edited");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL));
  app_test_settle (400);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries WHERE platform = 'Initech' AND note = 'Edited'"
                               " AND duration_ms = 4500000"), ==, 1);
  g_assert_cmpint (count_rows ("SELECT id FROM log_entries WHERE platform = 'Initech'"), ==, id);
}

/* Deleted from the store and the Log; Undo brings it back. */
static void
test_delete_entry (void)
{
  gint64 id = count_rows ("SELECT id FROM log_entries WHERE platform = 'Initech'");

  g_assert_cmpint (id, >, 0);
  activate ("worklog.delete-entry", g_variant_new_int64 (id));
  app_test_settle (300);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries WHERE platform = 'Initech'"), ==, 0);
  g_assert_null (shown_row ("Initech"));
  activate ("worklog.undo-delete", NULL);
  app_test_settle (300);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries WHERE platform = 'Initech' AND note = 'Edited'"), ==, 1);
  g_assert_nonnull (shown_row ("Initech"));
  id = count_rows ("SELECT id FROM log_entries WHERE platform = 'Initech'");
  activate ("worklog.delete-entry", g_variant_new_int64 (id));
  app_test_settle (300);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries WHERE platform = 'Initech'"), ==, 0);
}

static const char *
timer_label (void)
{
  Wanted wanted = { ADW_TYPE_BUTTON_CONTENT, NULL, TRUE };
  GtkWidget *content = find_in (worklog, &wanted);

  return content != NULL ? adw_button_content_get_label (ADW_BUTTON_CONTENT (content)) : NULL;
}

static gboolean
timer_ticked (gpointer data)
{
  return g_strcmp0 (timer_label (), "0:00:00") != 0 && g_strcmp0 (timer_label (), data) != 0;
}

/* Started with a platform, it ticks each second; stopped, it is an entry. */
static void
test_timer (void)
{
  Wanted entry = { GTK_TYPE_ENTRY, NULL, FALSE };
  GtkWidget *platform = find_in (worklog, &entry);
  int before = count_rows ("SELECT count(*) FROM log_entries");
  g_autofree char *first = NULL;

  g_assert_nonnull (platform);
  gtk_editable_set_text (GTK_EDITABLE (platform), "Timer Co");
  activate ("worklog.timer-toggle", NULL);
  app_test_settle (200);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_timer WHERE platform = 'Timer Co'"), ==, 1);
  g_assert_nonnull (timer_label ());
  g_assert_true (test_wait_until (timer_ticked, (gpointer) "", 3000));
  first = g_strdup (timer_label ());
  g_assert_true (test_wait_until (timer_ticked, first, 3000));
  g_test_message ("the timer shows %s, then %s", first, timer_label ());
  activate ("worklog.timer-toggle", NULL);
  app_test_settle (300);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_timer"), ==, 0);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries"), ==, before + 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM log_entries WHERE platform = 'Timer Co'"
                               " AND duration_ms >= 1000 AND started_at > 0"), ==, 1);
  g_assert_nonnull (shown_row ("Timer Co"));
  g_assert_null (timer_label ());
}

/* A payment through its dialog; fees above the gross are refused. */
static void
test_payments (void)
{
  GtkWindow *dialog;
  const char *shown;
  int before = count_rows ("SELECT count(*) FROM payments");
  gint64 id;

  show_page ("payments");
  activate ("worklog.add-payment", NULL);
  app_test_settle (400);
  dialog = find_toplevel (RUBRIC_TYPE_WORKLOG_PAYMENT_DIALOG);
  g_assert_nonnull (dialog);
  type_into (dialog, "Payer (Platform or Client)", "Globex");
  type_into (dialog, "Gross", "50");
  type_into (dialog, "Fees", "60");
  type_into (dialog, "Currency (USD, EUR, JPY…)", "EUR");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.save", NULL));
  app_test_settle (200);
  shown = error_shown (dialog);
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, "The fees are more than the gross"));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM payments"), ==, before);

  type_into (dialog, "Fees", "");
  type_into (dialog, "Net Received", "48");
  choose (dialog, "Tax Form Expected", 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.save", NULL));
  app_test_settle (400);
  g_assert_null (find_toplevel (RUBRIC_TYPE_WORKLOG_PAYMENT_DIALOG));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM payments WHERE payer = 'Globex' AND gross_minor = 5000"
                               " AND fees_minor = 200 AND net_minor = 4800 AND form = '1099-NEC'"), ==, 1);
  g_assert_nonnull (shown_row ("Globex"));

  id = count_rows ("SELECT id FROM payments WHERE payer = 'Globex'");
  activate ("worklog.delete-payment", g_variant_new_int64 (id));
  app_test_settle (300);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM payments"), ==, before);
  g_assert_null (shown_row ("Globex"));
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
export (const char *format,
        const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  struct stat st;

  activate ("worklog.export-to", g_variant_new ("(ss)", format, path));
  g_assert_true (test_wait_until (file_exists, path, 10000));
  app_test_settle (200);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  return path;
}

/* CSV that the core reads back, Timewarrior's JSON, hledger's clock
 * lines; each readable by its owner only. */
static void
test_export (void)
{
  g_autofree char *csv = export ("csv", "log.csv");
  g_autofree char *json_path = export ("timewarrior", "log.json");
  g_autofree char *timeclock = export ("timeclock", "log.timeclock");
  g_autofree char *empty = g_build_filename (tmpdir, "reimport.db", NULL);
  g_autoptr(RubricStore) other = NULL;
  g_autoptr(RubricLogImport) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = test_read_lines (csv);
  g_autofree char *json_text = test_read_file (json_path, NULL);
  json_object *json = json_tokener_parse (json_text);
  g_autofree char *clock = test_read_file (timeclock, NULL);

  g_assert_cmpstr (lines[0], ==, RUBRIC_WORKLOG_CSV_HEADER);
  other = rubric_store_new (empty, &error);
  g_assert_no_error (error);
  g_assert_true (rubric_worklog_import_csv (other, csv, &imported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported->n_entries, ==, 2);
  g_assert_cmpuint (imported->n_sessions, >=, 1);
  g_assert_true (json_object_is_type (json, json_type_array));
  g_assert_cmpint (json_object_array_length (json), ==, imported->n_entries + imported->n_sessions);
  json_object_put (json);
  g_assert_true (g_str_has_prefix (clock, "i "));
  g_assert_nonnull (strstr (clock, "\no "));
}

/* The menu's Export… asks where, with the year in the name. */
static void
test_export_chooser (void)
{
  g_autofree char *expected = g_strdup_printf ("work-log-%d.timeclock", this_year ());
  g_autofree char *name = NULL;
  GtkWindow *chooser;

  activate ("worklog.export", g_variant_new_string ("timeclock"));
  app_test_settle (800);
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, expected);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  app_test_settle (300);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
}

/* The charts: the legend's platforms, the titles, the week's total. */
static void
test_charts (void)
{
  Wanted wanted = { RUBRIC_TYPE_WORKLOG_CHART, NULL, TRUE };
  g_autofree char *text = NULL;
  GtkWidget *chart;

  show_page ("charts");
  chart = find_in (worklog, &wanted);
  g_assert_nonnull (chart);
  text = app_test_read_screen_large (worklog, NULL, "worklog-charts.png");
  g_test_message ("%s", text);
  g_assert_true (app_test_text_has (text, "hours per week"));
  g_assert_true (app_test_text_has (text, "earnings per month"));
  g_assert_true (app_test_text_has (text, "acme labs"));
  g_assert_true (app_test_text_has (text, "globex"));
  g_assert_true (app_test_text_has (text, "timer co"));
}

/* The tax periods, the reconciliation by payer and the disclaimer. */
static void
test_taxes (void)
{
  g_autofree char *text = NULL;
  GtkWidget *acme;

  show_page ("taxes");
  text = app_test_read_screen (worklog, NULL, "worklog-taxes.png");
  g_test_message ("%s", text);
  g_assert_true (app_test_text_has (text, "record-keeping totals, not tax advice"));
  g_assert_true (app_test_text_has (text, "estimated-tax periods"));
  g_assert_true (app_test_text_has (text, "hours worked"));
  /* Acme Labs earned 12.50 USD and paid 10.00: 2.50 owed. */
  acme = find_in (worklog, &(Wanted) { ADW_TYPE_EXPANDER_ROW, "Acme Labs", TRUE });
  g_assert_nonnull (acme);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (acme)), "Earned 12.50 USD · paid 10.00 USD"));
}

/* The window fits a phone's 360 pixels, the switcher at the bottom. */
static void
test_narrow (void)
{
  g_autofree char *text = NULL;
  int minimum;

  show_page ("log");
  gtk_widget_measure (worklog, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("the Work Log is at least %d pixels wide", minimum);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (worklog), 360, 720);
  app_test_settle (800);
  g_assert_cmpint (gtk_widget_get_width (worklog), <=, 362);
  /* At twice the size: at 1× tesseract misses a word of a narrow page
   * now and then. */
  text = app_test_read_screen_large (worklog, NULL, "worklog-narrow.png");
  g_test_message ("%s", text);
  g_assert_true (app_test_text_has (text, "globex"));
  g_assert_true (app_test_text_has (text, "taxes"));
  gtk_window_set_default_size (GTK_WINDOW (worklog), 960, 720);
  app_test_settle (500);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *data = NULL;
  int status;

  app_test_init (&argc, &argv);
  tmpdir = test_tmpdir ();
  data = g_build_filename (tmpdir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  db = g_build_filename (tmpdir, "workspace.db", NULL);
  app = app_test_new_app (db, &main_window);
  store = rubric_application_get_store (app);
  prepare_workspace ();

  g_test_add_func ("/worklog-app/open", test_open);
  g_test_add_func ("/worklog-app/log-by-day", test_log_by_day);
  g_test_add_func ("/worklog-app/range-and-year", test_range_and_year);
  g_test_add_func ("/worklog-app/add-entry", test_add_entry);
  g_test_add_func ("/worklog-app/bad-input", test_bad_input);
  g_test_add_func ("/worklog-app/edit-entry", test_edit_entry);
  g_test_add_func ("/worklog-app/delete-entry", test_delete_entry);
  g_test_add_func ("/worklog-app/timer", test_timer);
  g_test_add_func ("/worklog-app/payments", test_payments);
  g_test_add_func ("/worklog-app/export", test_export);
  g_test_add_func ("/worklog-app/export-chooser", test_export_chooser);
  g_test_add_func ("/worklog-app/charts", test_charts);
  g_test_add_func ("/worklog-app/taxes", test_taxes);
  g_test_add_func ("/worklog-app/narrow", test_narrow);

  status = g_test_run ();
  if (worklog != NULL)
    gtk_window_destroy (GTK_WINDOW (worklog));
  gtk_window_destroy (GTK_WINDOW (main_window));
  g_clear_object (&app);
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
