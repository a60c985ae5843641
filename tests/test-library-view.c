/* test-library-view.c — the library of task sets on screen: what the
 * rows say, opening, renaming and deleting through the view's actions
 *
 * What the person sees is read back off the screen with tesseract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "rubric-import.h"
#include "rubric-library.h"
#include "rubric-library-view.h"
#include "rubric-worklog.h"
#include "test-util.h"

#define ANNOTATOR "Test Annotator"

#define WRITE(id) "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Write " id "\"}\n"
#define COMPARE(id) \
  "{\"id\":\"" id "\",\"kind\":\"compare\",\"prompt\":\"Compare " id "\"," \
  "\"responses\":[{\"id\":\"a\",\"content\":\"A\"},{\"id\":\"b\",\"content\":\"B\"}]}\n"
#define RANK(id) \
  "{\"id\":\"" id "\",\"kind\":\"rank\",\"prompt\":\"Rank " id "\"," \
  "\"responses\":[{\"id\":\"a\",\"content\":\"A\"},{\"id\":\"b\",\"content\":\"B\"},{\"id\":\"c\",\"content\":\"C\"}]}\n"

static char *tmpdir;
static RubricStore *store;
static GtkWindow *window;
static RubricLibraryView *view;
static gint64 essays;     /* "Essay Prompts": write and compare, 3 of 6 done, 1 draft */
static gint64 ranking;    /* "Ranking Batch": rank, none done by this annotator */

static guint n_open_file;
static gint64 opened_id;
static gint64 deleted_id;
static char *deleted_name;

static gint64
import (const char *name,
        const char *contents)
{
  g_autofree char *path = test_write_file (tmpdir, name, contents, -1);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return result->set_id;
}

static void
annotate (gint64                 set_id,
          guint                  ord,
          const char            *annotator,
          RubricAnnotationState  state)
{
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, annotator, ord, 1, NULL);
  g_autoptr(RubricAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (rows->len, ==, 1);
  annotation = rubric_annotation_new (((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id, set_id, annotator);
  annotation->state = state;
  g_assert_true (rubric_store_save_annotation (store, annotation, &error));
  g_assert_no_error (error);
}

/* Noon yesterday, local time, in milliseconds. */
static gint64
yesterday_noon (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now), 12, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (noon, -1);

  return g_date_time_to_unix (yesterday) * 1000;
}

static void
fill_workspace (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "workspace.db", NULL);
  g_autoptr(GError) error = NULL;

  store = rubric_store_new (db, &error);
  g_assert_no_error (error);
  essays = import ("essays.jsonl",
                   "{\"format\":\"rubric-tasks/1\",\"name\":\"Essay Prompts\"}\n"
                   WRITE ("w1") COMPARE ("c1") WRITE ("w2") COMPARE ("c2") WRITE ("w3") COMPARE ("c3"));
  ranking = import ("ranking.jsonl",
                    "{\"format\":\"rubric-tasks/1\",\"name\":\"Ranking Batch\"}\n"
                    RANK ("r1") RANK ("r2") RANK ("r3") RANK ("r4"));
  annotate (essays, 0, ANNOTATOR, RUBRIC_ANNOTATION_SUBMITTED);
  annotate (essays, 1, ANNOTATOR, RUBRIC_ANNOTATION_SUBMITTED);
  annotate (essays, 2, ANNOTATOR, RUBRIC_ANNOTATION_SKIPPED);
  annotate (essays, 3, ANNOTATOR, RUBRIC_ANNOTATION_DRAFT);
  /* Someone else's work is not this person's progress. */
  annotate (ranking, 0, "Someone Else", RUBRIC_ANNOTATION_SUBMITTED);
  g_assert_true (rubric_library_mark_opened (store, ranking, yesterday_noon (), NULL));
  g_assert_true (rubric_library_mark_opened (store, essays, g_get_real_time () / 1000, NULL));
}

/* The window's "win.open", which the empty library offers. */
static void
open_file_cb (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  n_open_file++;
}

static void
open_set_cb (RubricLibraryView *library,
             gint64             set_id)
{
  opened_id = set_id;
}

static void
deleted_cb (RubricLibraryView *library,
            gint64             set_id,
            const char        *name)
{
  deleted_id = set_id;
  g_free (deleted_name);
  deleted_name = g_strdup (name);
}

/* The view's list, not the empty one inside AdwPreferencesGroup. */
static gboolean
is_list_box (GtkWidget *widget)
{
  return GTK_IS_LIST_BOX (widget) && gtk_widget_get_visible (widget) && gtk_widget_has_css_class (widget, "boxed-list");
}

/* The titles of the rows, top to bottom. */
static GPtrArray *
row_titles (void)
{
  GtkWidget *list_box = app_test_find_widget (GTK_WIDGET (view), is_list_box);
  GPtrArray *titles = g_ptr_array_new ();
  GtkListBoxRow *row;

  g_assert_nonnull (list_box);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list_box), i)) != NULL; i++)
    g_ptr_array_add (titles, (gpointer) adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return titles;
}

static char *
read_view (const char *name)
{
  g_autofree char *ocr = NULL;

  app_test_settle (300);
  ocr = app_test_read_screen (GTK_WIDGET (window), NULL, name);
  g_test_message ("read off the screen: %s", ocr);
  return g_steal_pointer (&ocr);
}

static void
activate (const char *action,
          gint64      set_id)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (view), action, g_variant_new_int64 (set_id)));
  app_test_settle (300);
}

static AdwMessageDialog *
dialog_shown (void)
{
  AdwMessageDialog *dialog = app_test_find_dialog ();

  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == window);
  return dialog;
}

/* As a click on a response does: the response, then the dialog goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  app_test_settle (300);
  g_assert_null (app_test_find_dialog ());
}

/* Each set with its name, kinds, the person's progress and when it
 * was opened, the one opened last first. */
static void
test_rows (void)
{
  g_autoptr(GPtrArray) titles = row_titles ();
  g_autofree char *ocr = read_view ("library-view.png");
  const char *first;
  const char *second;

  g_assert_cmpuint (titles->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "Essay Prompts");
  g_assert_cmpstr (g_ptr_array_index (titles, 1), ==, "Ranking Batch");

  g_assert_true (app_test_text_has (ocr, "Task Sets"));
  g_assert_true (app_test_text_has (ocr, "Essay Prompts"));
  g_assert_true (app_test_text_has (ocr, "Write · Compare"));
  g_assert_true (app_test_text_has (ocr, "done · 1 draft"));
  g_assert_nonnull (strstr (ocr, "3 of 6 done"));
  g_assert_true (app_test_text_has (ocr, "Today"));
  g_assert_true (app_test_text_has (ocr, "Ranking Batch"));
  g_assert_true (app_test_text_has (ocr, "Rank"));
  /* Tesseract may read "0 of" as "o-0f": the count and "done" tell. */
  g_assert_nonnull (strstr (ocr, "4 done"));
  g_assert_true (app_test_text_has (ocr, "Yesterday"));
  first = strstr (ocr, "essay");
  second = strstr (ocr, "ranking");
  g_assert_true (first != NULL && second != NULL && first < second);
}

/* A row opens its set, as the action does. */
static void
test_open (void)
{
  GtkWidget *list_box = app_test_find_widget (GTK_WIDGET (view), is_list_box);

  opened_id = 0;
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list_box), 1), "activate");
  app_test_settle (100);
  g_assert_cmpint (opened_id, ==, ranking);

  opened_id = 0;
  activate ("library.open", essays);
  g_assert_cmpint (opened_id, ==, essays);
}

static void
test_rename (void)
{
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree char *ocr = NULL;
  g_autofree char *asked = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  activate ("library.rename", ranking);
  dialog = dialog_shown ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Rename Task Set");
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Ranking Batch");
  asked = app_test_read_screen (GTK_WIDGET (dialog), NULL, "library-rename.png");
  g_test_message ("the dialog says: %s", asked);
  g_assert_true (app_test_text_has (asked, "Rename Task Set"));
  g_assert_true (app_test_text_has (asked, "Ranking Batch"));

  /* A blank name cannot be given. */
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (entry, "  Ranking, Round Two ");
  respond (dialog, "rename");

  set = rubric_store_get_task_set (store, ranking, NULL);
  g_assert_cmpstr (set->name, ==, "Ranking, Round Two");
  titles = row_titles ();
  g_assert_cmpstr (g_ptr_array_index (titles, 1), ==, "Ranking, Round Two");
  ocr = read_view ("library-renamed.png");
  g_assert_true (app_test_text_has (ocr, "Ranking, Round Two"));
}

static const char *wanted_row;

static gboolean
is_toast (GtkWidget *widget)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0;
}

static gboolean
is_wanted_row (GtkWidget *widget)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), wanted_row) == 0;
}

static GtkWidget *
row_titled (AdwMessageDialog *dialog,
            const char       *title)
{
  GtkWidget *row;

  wanted_row = title;
  row = app_test_find_widget (adw_message_dialog_get_extra_child (dialog), is_wanted_row);
  g_assert_nonnull (row);
  return row;
}

static void
assert_rate (gint64      set_id,
             const char *payer,
             RubricRateKind kind,
             gint64      amount)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricSetRate) rate = rubric_worklog_get_rate_at (store, set_id, g_get_real_time () / 1000, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rate);
  g_assert_cmpstr (rate->payer, ==, payer);
  g_assert_cmpint (rate->rate.kind, ==, kind);
  g_assert_cmpint (rate->rate.amount, ==, amount);
  g_assert_cmpstr (rate->rate.currency, ==, "USD");
}

/* A set's payer and rate, for the work log: shown on its row, asked
 * again with what it is, and a bad amount changes nothing. */
static void
test_pay (void)
{
  g_autofree char *ocr = NULL;
  g_autofree char *asked = NULL;
  AdwMessageDialog *dialog;

  activate ("library.pay", ranking);
  dialog = dialog_shown ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Payer and Rate");
  gtk_editable_set_text (GTK_EDITABLE (row_titled (dialog, "Platform or Payer")), "Outlier");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row_titled (dialog, "Paid")), 1);
  gtk_editable_set_text (GTK_EDITABLE (row_titled (dialog, "Rate")), "25.5");
  gtk_editable_set_text (GTK_EDITABLE (row_titled (dialog, "Currency (ISO 4217 code)")), "usd");
  respond (dialog, "save");
  assert_rate (ranking, "Outlier", RUBRIC_RATE_HOURLY, 2550);
  ocr = read_view ("library-pay.png");
  g_assert_true (app_test_text_has (ocr, "Outlier"));
  g_assert_true (app_test_text_has (ocr, "25.50 USD/h"));

  activate ("library.pay", ranking);
  dialog = dialog_shown ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_titled (dialog, "Rate"))), ==, "25.50");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row_titled (dialog, "Paid"))), ==, 1);
  asked = app_test_read_screen (GTK_WIDGET (dialog), NULL, "library-pay-dialog.png");
  g_test_message ("the dialog says: %s", asked);
  g_assert_true (app_test_text_has (asked, "Outlier"));
  g_assert_true (app_test_text_has (asked, "keeps the rate"));
  gtk_editable_set_text (GTK_EDITABLE (row_titled (dialog, "Rate")), "-3");
  respond (dialog, "save");
  assert_rate (ranking, "Outlier", RUBRIC_RATE_HOURLY, 2550);
  g_free (ocr);
  app_test_settle (300);
  ocr = app_test_read_screen (GTK_WIDGET (window), app_test_find_widget (GTK_WIDGET (window), is_toast),
                              "library-pay-refused.png");
  g_test_message ("the toast says: %s", ocr);
  g_assert_true (app_test_text_has (ocr, "rate was not saved"));
  g_assert_true (app_test_text_has (ocr, "negative"));
}

static gboolean
task_sets_have (gint64 set_id)
{
  g_autoptr(GPtrArray) sets = rubric_store_list_task_sets (store, NULL);

  for (guint i = 0; i < sets->len; i++)
    {
      if (((RubricTaskSet *) g_ptr_array_index (sets, i))->id == set_id)
        return TRUE;
    }
  return FALSE;
}

/* Deleting asks first, says what goes, and can be cancelled. */
static void
test_delete (void)
{
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree char *asked = NULL;
  g_autofree char *ocr = NULL;
  AdwMessageDialog *dialog;

  deleted_id = 0;
  activate ("library.delete", ranking);
  respond (dialog_shown (), "cancel");
  g_assert_cmpint (deleted_id, ==, 0);
  g_assert_true (task_sets_have (ranking));

  activate ("library.delete", essays);
  dialog = dialog_shown ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Essay Prompts”?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  asked = app_test_read_screen (GTK_WIDGET (dialog), NULL, "library-delete.png");
  g_test_message ("the dialog says: %s", asked);
  g_assert_true (app_test_text_has (asked, "Delete Essay Prompts"));
  g_assert_true (app_test_text_has (asked, "6 tasks and all the work on them go with it"));
  respond (dialog, "delete");

  g_assert_cmpint (deleted_id, ==, essays);
  g_assert_cmpstr (deleted_name, ==, "Essay Prompts");
  g_assert_false (task_sets_have (essays));
  titles = row_titles ();
  g_assert_cmpuint (titles->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "Ranking, Round Two");
  ocr = read_view ("library-deleted.png");
  g_assert_false (app_test_text_has (ocr, "Essay Prompts"));
  g_assert_true (app_test_text_has (ocr, "Ranking, Round Two"));
}

/* The window's undo: the set comes back with its work. */
static void
test_undelete (void)
{
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree char *ocr = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_library_undelete (store, deleted_id, &error));
  g_assert_no_error (error);
  rubric_library_view_reload (view);
  titles = row_titles ();
  g_assert_cmpuint (titles->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "Essay Prompts");
  /* Its row alone: tesseract reads small print better without the rest. */
  app_test_settle (300);
  ocr = app_test_read_screen_large (GTK_WIDGET (window),
                                    GTK_WIDGET (gtk_list_box_get_row_at_index (
                                      GTK_LIST_BOX (app_test_find_widget (GTK_WIDGET (view), is_list_box)), 0)),
                                    "library-undeleted.png");
  g_test_message ("its row says: %s", ocr);
  g_assert_true (app_test_text_has (ocr, "Essay Prompts"));
  g_assert_nonnull (strstr (ocr, "3 of 6 done"));
}

static gboolean
is_open_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.open") == 0;
}

/* A workspace without sets says so and offers to open a file. */
static void
test_empty (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "empty.db", NULL);
  g_autoptr(RubricStore) empty = rubric_store_new (db, NULL);
  g_autofree char *ocr = NULL;
  GtkWidget *button;

  rubric_library_view_set_store (view, empty, ANNOTATOR);
  ocr = read_view ("library-empty.png");
  g_assert_true (app_test_text_has (ocr, "No Task Sets Yet"));
  button = app_test_find_widget (GTK_WIDGET (view), is_open_button);
  g_assert_nonnull (button);
  /* Light text on the accent colour is read from the button alone. */
  g_free (ocr);
  ocr = app_test_read_screen (GTK_WIDGET (window), button, "library-empty-button.png");
  g_test_message ("the button says: %s", ocr);
  g_assert_true (app_test_text_has (ocr, "Open"));
  n_open_file = 0;
  gtk_widget_activate (button);
  app_test_settle (400);
  g_assert_cmpuint (n_open_file, ==, 1);
  rubric_library_view_set_store (view, store, ANNOTATOR);
}

int
main (int    argc,
      char **argv)
{
  static const GActionEntry win_actions[] = { { .name = "open", .activate = open_file_cb } };
  g_autoptr(GSimpleActionGroup) actions = NULL;
  int status;

  app_test_init (&argc, &argv);
  adw_init ();
  tmpdir = test_tmpdir ();
  fill_workspace ();

  window = GTK_WINDOW (gtk_window_new ());
  actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (actions), win_actions, G_N_ELEMENTS (win_actions), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (actions));
  gtk_window_set_default_size (window, 800, 560);
  view = RUBRIC_LIBRARY_VIEW (rubric_library_view_new ());
  g_signal_connect (view, "open-set", G_CALLBACK (open_set_cb), NULL);
  g_signal_connect (view, "deleted", G_CALLBACK (deleted_cb), NULL);
  gtk_window_set_child (window, GTK_WIDGET (view));
  rubric_library_view_set_store (view, store, ANNOTATOR);
  gtk_window_present (window);
  app_test_settle (500);

  g_test_add_func ("/library-view/rows", test_rows);
  g_test_add_func ("/library-view/open", test_open);
  g_test_add_func ("/library-view/rename", test_rename);
  g_test_add_func ("/library-view/pay", test_pay);
  g_test_add_func ("/library-view/delete", test_delete);
  g_test_add_func ("/library-view/undelete", test_undelete);
  g_test_add_func ("/library-view/empty", test_empty);

  status = g_test_run ();
  gtk_window_destroy (window);
  g_clear_object (&store);
  if (status == 0)
    test_rm_rf (tmpdir);
  g_free (tmpdir);
  g_free (deleted_name);
  return status;
}
