/* test-app.c — the window, driven through its actions as a person's
 * keys and clicks drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "rubric-application.h"
#include "rubric-criteria-panel.h"
#include "rubric-json.h"
#include "rubric-markdown-view.h"
#include "rubric-judgement.h"
#include "rubric-library.h"
#include "rubric-library-view.h"
#include "rubric-store-private.h"
#include "rubric-window.h"
#include "rubric-worklog.h"
#include "rubric-compare-page.h"
#include "rubric-rank-page.h"
#include "rubric-repaint.h"
#include "rubric-review-page.h"
#include "rubric-text-editor.h"
#include "rubric-write-page.h"
#include "app-test-util.h"
#include "test-util.h"

static char *tmpdir;
static RubricApplication *app;
static RubricWindow *window;

static gboolean
window_idle (gpointer data)
{
  return !rubric_window_get_busy (window) && rubric_window_get_task_set_id (window) > 0;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
activate (const char *action,
          GVariant   *param)
{
  app_test_activate (window, action, param);
}

static gboolean
is_shown_page (GtkWidget *widget)
{
  return RUBRIC_IS_PAGE (widget) && gtk_widget_get_mapped (widget);
}

/* An action of the page that shows the task: its kind's own. */
static void
activate_page (const char *action,
               GVariant   *param)
{
  GtkWidget *page = app_test_find_widget (GTK_WIDGET (window), is_shown_page);

  g_assert_nonnull (page);
  g_assert_true (gtk_widget_activate_action_variant (page, action, param));
}

static int
count_rows (const char *sql)
{
  return app_test_count_rows (app, sql);
}

static gboolean
is_justification (GtkWidget *widget)
{
  return GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)) &&
         gtk_widget_is_drawable (widget);
}

static gboolean
is_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget);
}

static gboolean
is_search_entry (GtkWidget *widget)
{
  return GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_has_css_class (widget, "task-search");
}

static gboolean
is_write_view (GtkWidget *widget)
{
  return RUBRIC_IS_WRITE_PAGE (widget);
}

static gboolean
is_preview (GtkWidget *widget)
{
  return RUBRIC_IS_MARKDOWN_VIEW (widget) && gtk_widget_has_css_class (widget, "answer-preview");
}

static gboolean
is_self_check (GtkWidget *widget)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_has_css_class (widget, "self-check") &&
         !gtk_check_button_get_active (GTK_CHECK_BUTTON (widget));
}

static gboolean
is_rank_view (GtkWidget *widget)
{
  return RUBRIC_IS_RANK_PAGE (widget);
}

static gboolean
is_review_view (GtkWidget *widget)
{
  return RUBRIC_IS_REVIEW_PAGE (widget);
}

static gboolean
is_criteria_panel (GtkWidget *widget)
{
  return RUBRIC_IS_CRITERIA_PANEL (widget);
}

/* A "Cite" button of the rubric panel that a person can see. */
static gboolean
is_shown_cite_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "cite") && gtk_widget_get_visible (widget);
}

static gboolean
dialog_shown (gpointer data)
{
  return app_test_find_dialog () != NULL;
}

/* The response of the sample task, read from the sample file itself. */
static json_object *
sample_response (const char *task_id,
                 guint       index)
{
  g_autofree char *path = test_sample_path ();
  g_auto(GStrv) lines = test_read_lines (path);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(json_object) task = json_tokener_parse (lines[i]);

      if (g_strcmp0 (rubric_json_get_string (task, "id"), task_id) == 0)
        {
          json_object *responses = json_object_object_get (task, "responses");

          return json_object_get (json_object_object_get (json_object_array_get_idx (responses, index), "content"));
        }
    }
  g_assert_not_reached ();
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_drawable (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (label_contains (child, text))
        return TRUE;
    }
  return FALSE;
}

static void
assert_shows (const char *text)
{
  app_test_settle (300);
  if (!label_contains (GTK_WIDGET (window), text))
    g_error ("the window does not show “%s”", text);
}

static GtkTextBuffer *
justification_buffer (void)
{
  GtkWidget *text_view = app_test_find_widget (GTK_WIDGET (window), is_justification);

  g_assert_nonnull (text_view);
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
}

static void
set_justification (const char *text)
{
  GtkTextBuffer *buffer = justification_buffer ();
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
}

static void
score_all (const int a[4],
           const int b[4])
{
  for (guint c = 0; c < 4; c++)
    {
      activate ("win.score", g_variant_new ("(uui)", c, 0, a[c]));
      activate ("win.score", g_variant_new ("(uui)", c, 1, b[c]));
    }
}

static char *
task_field (const char *ext_id,
            const char *expression)
{
  RubricStore *store = rubric_application_get_store (app);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                          " WHERE t.ext_id = ?", expression);
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_rubric_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ext_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Submits; a warning dialog, if one comes, is answered with @reason
 * (or dismissed when @reason is NULL). Returns the dialog's text. */
static char *
submit (const char *reason)
{
  AdwMessageDialog *dialog;
  char *body;

  activate ("win.submit", NULL);
  app_test_settle (300);
  dialog = app_test_find_dialog ();
  if (dialog == NULL)
    return NULL;
  body = g_strdup (adw_message_dialog_get_body (dialog));
  if (reason != NULL)
    {
      GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

      g_assert_false (adw_message_dialog_get_response_enabled (dialog, "submit"));
      gtk_editable_set_text (entry, reason);
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "submit"));
      adw_message_dialog_response (dialog, "submit");
    }
  else
    adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  app_test_settle (300);
  return body;
}

static guint
find_task (const char *id)
{
  return app_test_find_task (window, id);
}

static guint
list_length (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (app_test_task_list (window))));
}

static void
test_open_samples (void)
{
  g_autofree char *samples = test_sample_path ();

  activate ("win.open-file", g_variant_new_string (samples));
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, 1);
  g_assert_cmpuint (list_length (), ==, count_rows ("SELECT count(*) FROM tasks"));
}

/* Every error and every warning, once each, as a contractor meets them. */
static void
test_compare_checks (void)
{
  static const int high[4] = { 5, 5, 5, 5 };
  static const int low[4] = { 4, 4, 4, 4 };
  static const int a_final[4] = { 4, 1, 3, 4 };
  static const int b_final[4] = { 5, 5, 5, 4 };
  g_autofree char *body1 = NULL, *body2 = NULL, *body3 = NULL, *body4 = NULL;
  g_autofree char *state = NULL, *overrides = NULL, *scores = NULL, *flags = NULL, *strength = NULL;

  activate ("win.select-task", g_variant_new_uint32 (find_task ("cmp-legal-final-paycheck")));
  app_test_settle (300);

  g_assert_null (submit (NULL));
  assert_shows ("Choose which response is better");
  assert_shows ("Score “Helpfulness” for response A");
  assert_shows ("Write a justification");
  g_free (app_test_save_screenshot (GTK_WIDGET (window), "compare-checks.png"));
  g_assert_null (task_field ("cmp-legal-final-paycheck", "nullif (state, 'draft')"));

  activate_page ("compare.prefer", g_variant_new_uint32 (6));
  set_justification ("B is right.");
  g_assert_null (submit (NULL));
  assert_shows ("asks for at least 15");

  score_all (high, low);
  set_justification ("B gets the law right and names the real sections, while A invents a Supreme Court case outright.");
  g_assert_null (submit (NULL));
  assert_shows ("Cite at least one rubric criterion");

  /* Ctrl+2 cites the second criterion at the cursor. */
  activate ("win.cite", g_variant_new_uint32 (1));
  body1 = submit (NULL);
  g_assert_nonnull (body1);
  g_assert_nonnull (strstr (body1, "weighted rubric score is lower"));
  g_assert_nonnull (strstr (body1, "reading these responses takes at least"));

  score_all (high, high);
  activate_page ("compare.prefer", g_variant_new_uint32 (7));
  body2 = submit (NULL);
  g_assert_nonnull (strstr (body2, "“Much better”, yet both responses have the same rubric score"));

  activate_page ("compare.prefer", g_variant_new_uint32 (6));
  activate ("win.flag", g_variant_new ("(sub)", "hallucination", 1, TRUE));
  body3 = submit (NULL);
  g_assert_nonnull (strstr (body3, "only B carries a flag"));

  activate ("win.flag", g_variant_new ("(sub)", "hallucination", 1, FALSE));
  activate ("win.flag", g_variant_new ("(sub)", "fabricated-citation", 0, TRUE));
  score_all (a_final, b_final);
  body4 = submit ("I have read both in full before; the statute check was quick.");
  g_assert_nonnull (strstr (body4, "reading these responses takes at least"));
  g_assert_null (strstr (body4, "weighted"));

  state = task_field ("cmp-legal-final-paycheck", "state");
  strength = task_field ("cmp-legal-final-paycheck", "choice || ':' || strength");
  overrides = task_field ("cmp-legal-final-paycheck", "json_extract (data, '$.overrides[0].check') || '|' || json_extract (data, '$.overrides[0].reason')");
  scores = task_field ("cmp-legal-final-paycheck", "json_extract (data, '$.scores')");
  flags = task_field ("cmp-legal-final-paycheck", "json_extract (data, '$.flags')");
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_cmpstr (strength, ==, "B:2");
  g_assert_cmpstr (overrides, ==, "too-fast|I have read both in full before; the statute check was quick.");
  g_assert_nonnull (strstr (scores, "\"correctness\":1"));
  g_assert_cmpstr (flags, ==, "{\"a\":[\"fabricated-citation\"]}");

  /* Submitting moved on to the next open task. */
  g_assert_cmpuint (find_task ("cmp-legal-final-paycheck"), !=, gtk_single_selection_get_selected (
                      GTK_SINGLE_SELECTION (gtk_list_view_get_model (app_test_task_list (window)))));
}

static void
test_reopen (void)
{
  g_autofree char *state = NULL;
  g_autofree char *history = NULL;
  g_autofree char *body = NULL;
  g_autofree char *justification = NULL;

  activate ("win.select-task", g_variant_new_uint32 (find_task ("cmp-legal-final-paycheck")));
  app_test_settle (300);
  assert_shows ("Submitted");
  /* Read-only until reopened: a key does not change the choice. */
  activate_page ("compare.prefer", g_variant_new_uint32 (1));
  app_test_settle (900);
  state = task_field ("cmp-legal-final-paycheck", "choice");
  g_assert_cmpstr (state, ==, "B");

  activate ("win.reopen", NULL);
  app_test_settle (200);
  g_free (state);
  state = task_field ("cmp-legal-final-paycheck", "state");
  history = task_field ("cmp-legal-final-paycheck", "(SELECT count(*) FROM annotation_history h WHERE h.annotation_id = a.id)");
  g_assert_cmpstr (state, ==, "draft");
  g_assert_cmpstr (history, ==, "1");

  gtk_text_buffer_insert_at_cursor (justification_buffer (), " Reviewed again.", -1);
  body = submit ("Second look, same reading.");
  g_free (state);
  state = task_field ("cmp-legal-final-paycheck", "state");
  justification = task_field ("cmp-legal-final-paycheck", "justification");
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_true (g_str_has_suffix (justification, " Reviewed again."));
}

static gboolean
narrow (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (window)) <= 900;
}

static void
test_toggles_and_screenshots (void)
{
  GtkWidget *page;
  gboolean on;

  activate ("win.select-task", g_variant_new_uint32 (find_task ("cmp-history-berlin-wall")));
  app_test_settle (300);
  page = app_test_find_widget (GTK_WIDGET (window), is_shown_page);

  /* The diff and raw views are the compare page's own toggles. */
  activate_page ("compare.show-diff", NULL);
  app_test_settle (500);
  g_object_get (page, "show-diff", &on, NULL);
  g_assert_true (on);
  g_assert_true (gtk_widget_get_visible (app_test_find_widget (GTK_WIDGET (window), is_justification)));
  g_free (app_test_save_screenshot (GTK_WIDGET (window), "compare-diff.png"));
  activate_page ("compare.show-diff", NULL);
  g_object_get (page, "show-diff", &on, NULL);
  g_assert_false (on);

  activate_page ("compare.show-raw", NULL);
  g_object_get (page, "show-raw", &on, NULL);
  g_assert_true (on);
  app_test_settle (300);
  activate_page ("compare.show-raw", NULL);
  g_object_get (page, "show-raw", &on, NULL);
  g_assert_false (on);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  g_assert_true (test_wait_until (narrow, NULL, 5000));
  app_test_settle (800);
  g_free (app_test_save_screenshot (GTK_WIDGET (window), "compare-900x700.png"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  app_test_settle (500);
}

static void
test_filter_and_search (void)
{
  GtkEditable *search = GTK_EDITABLE (app_test_find_widget (GTK_WIDGET (window), (gpointer) is_search_entry));

  activate ("win.filter", g_variant_new_string ("submitted"));
  g_assert_cmpuint (list_length (), ==, 1);
  activate ("win.filter", g_variant_new_string ("flagged"));
  g_assert_cmpuint (list_length (), ==, 1);
  activate ("win.filter", g_variant_new_string ("todo"));
  g_assert_cmpuint (list_length (), ==, count_rows ("SELECT count(*) FROM tasks") - 1);
  activate ("win.filter", g_variant_new_string ("all"));
  gtk_editable_set_text (search, "doxycycline");
  app_test_settle (600);
  g_assert_cmpuint (list_length (), ==, 1);
  gtk_editable_set_text (search, "");
  app_test_settle (600);
  g_assert_cmpuint (list_length (), ==, count_rows ("SELECT count(*) FROM tasks"));
}

static void
test_both_bad (void)
{
  static const int bad[4] = { 2, 1, 3, 3 };
  g_autofree char *choice = NULL;

  activate ("win.select-task", g_variant_new_uint32 (find_task ("cmp-med-doxycycline")));
  app_test_settle (300);
  activate_page ("compare.both-bad", NULL);
  score_all (bad, bad);
  set_justification ("Both get the dairy interaction wrong or leave it out, so neither is safe to ship on correctness grounds.");
  g_free (submit ("Read both, both wrong."));
  choice = task_field ("cmp-med-doxycycline", "state || ':' || choice");
  g_assert_cmpstr (choice, ==, "submitted:both-bad");
}

static GStrv
export_lines (const char *format)
{
  g_autofree char *name = g_strdup_printf ("%s.jsonl", format);
  g_autofree char *out = g_build_filename (tmpdir, name, NULL);

  g_remove (out);
  activate ("win.export-to", g_variant_new ("(ssbb)", format, out, TRUE, FALSE));
  g_assert_true (test_wait_until (file_exists, out, 10000));
  return test_read_lines (out);
}

static void
assert_same_string (json_object *a,
                    json_object *b)
{
  g_assert_cmpint (json_object_get_string_len (a), ==, json_object_get_string_len (b));
  g_assert_cmpint (memcmp (json_object_get_string (a), json_object_get_string (b), json_object_get_string_len (a)), ==, 0);
}

static void
test_exports (void)
{
  g_autoptr(json_object) a = sample_response ("cmp-legal-final-paycheck", 0);
  g_autoptr(json_object) b = sample_response ("cmp-legal-final-paycheck", 1);
  g_auto(GStrv) trl = export_lines ("trl");
  g_auto(GStrv) unpaired = export_lines ("trl-unpaired");
  g_auto(GStrv) openai = export_lines ("openai-preference");
  g_auto(GStrv) hh = export_lines ("hh");
  g_auto(GStrv) records = export_lines ("records");
  g_autoptr(json_object) pair = NULL, pref = NULL, transcript = NULL, record = NULL, bad = NULL;
  json_object *chosen;
  g_autofree char *expected_end = NULL;
  const char *text;

  /* The pair: B over A, conversational (the task has a system message), margin 2. */
  g_assert_cmpuint (g_strv_length (trl), ==, 1);
  pair = json_tokener_parse (trl[0]);
  assert_same_string (json_object_object_get (json_object_array_get_idx (json_object_object_get (pair, "chosen"), 0), "content"), b);
  assert_same_string (json_object_object_get (json_object_array_get_idx (json_object_object_get (pair, "rejected"), 0), "content"), a);
  g_assert_cmpint (json_object_get_int (json_object_object_get (pair, "margin")), ==, 2);

  /* Unpaired: the pair's two, and both-bad's two undesirable ones. */
  g_assert_cmpuint (g_strv_length (unpaired), ==, 4);
  g_assert_true (g_str_has_suffix (unpaired[0], "\"label\":true}"));
  g_assert_true (g_str_has_suffix (unpaired[1], "\"label\":false}"));
  g_assert_true (g_str_has_suffix (unpaired[2], "\"label\":false}"));
  g_assert_true (g_str_has_suffix (unpaired[3], "\"label\":false}"));

  g_assert_cmpuint (g_strv_length (openai), ==, 1);
  pref = json_tokener_parse (openai[0]);
  chosen = json_object_array_get_idx (json_object_object_get (pref, "preferred_output"), 0);
  assert_same_string (json_object_object_get (chosen, "content"), b);
  g_assert_cmpstr (rubric_json_get_string (json_object_array_get_idx (
                     json_object_object_get (json_object_object_get (pref, "input"), "messages"), 0), "role"), ==, "system");

  g_assert_cmpuint (g_strv_length (hh), ==, 1);
  transcript = json_tokener_parse (hh[0]);
  text = rubric_json_get_string (transcript, "chosen");
  expected_end = g_strconcat ("\n\nAssistant: ", json_object_get_string (b), NULL);
  g_assert_true (g_str_has_suffix (text, expected_end));
  g_assert_nonnull (strstr (text, "\n\nHuman: I quit my job in California"));

  g_assert_cmpuint (g_strv_length (records), ==, 2);
  record = json_tokener_parse (records[0]);
  g_assert_cmpstr (rubric_json_get_string (record, "task_id"), ==, "cmp-legal-final-paycheck");
  g_assert_cmpstr (rubric_json_get_string (record, "choice"), ==, "B");
  g_assert_cmpint (json_object_get_int (json_object_object_get (record, "strength")), ==, 2);
  g_assert_false (json_object_get_boolean (json_object_object_get (record, "swapped")));
  g_assert_cmpint (json_object_get_int (json_object_object_get (json_object_object_get (json_object_object_get (record, "scores"), "a"), "correctness")), ==, 1);
  g_assert_cmpstr (rubric_json_get_string (json_object_array_get_idx (json_object_object_get (record, "overrides"), 0), "check"), ==, "too-fast");
  g_assert_cmpstr (rubric_json_get_string (json_object_object_get (record, "rubric"), "id"), ==, "general-v1");
  g_assert_true (json_object_get_double (json_object_object_get (record, "active_seconds")) > 0.0);
  bad = json_tokener_parse (records[1]);
  g_assert_cmpstr (rubric_json_get_string (bad, "choice"), ==, "both-bad");
}

/* The time spent on the tasks above is in the work log, as a session
 * of this set that counts the submissions, priced at the set's rate. */
static void
test_work_log (void)
{
  RubricStore *store = rubric_application_get_store (app);
  gint64 set_id = rubric_window_get_task_set_id (window);
  RubricRate rate;
  RubricLogQuery query = { NULL, NULL, "Test Annotator" };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  RubricLogItem *item = NULL;

  g_assert_true (rubric_rate_init (&rate, RUBRIC_RATE_PER_TASK, "1.50", "USD", &error));
  g_assert_true (rubric_worklog_set_rate (store, set_id, "Platform X", &rate, 0, &error));
  /* What the window counted so far goes in when it accounts time. */
  rubric_window_save_now (window);
  items = rubric_worklog_list (store, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      RubricLogItem *candidate = g_ptr_array_index (items, i);

      if (candidate->source == RUBRIC_LOG_SOURCE_APP && candidate->set_id == set_id)
        {
          g_assert_null (item);
          item = candidate;
        }
    }
  g_assert_nonnull (item);
  g_assert_cmpint (item->active_ms, >, 0);
  g_assert_cmpuint (item->n_tasks, >=, 2);
  g_assert_cmpstr (item->platform, ==, "Platform X");
  g_assert_true (item->priced);
  g_assert_cmpint (item->earned, ==, 150 * (gint64) item->n_tasks);
  g_assert_cmpint (item->started_at, <=, item->ended_at);
  g_assert_cmpint (item->ended_at, <=, g_get_real_time () / 1000);
  g_assert_cmpint (item->started_at, >, g_get_real_time () / 1000 - 600 * 1000);
}

/* With randomize_sides, the screen's left may be the file's B; the
 * exports always speak of the file's A and B. */
static void
test_side_swap (void)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Swapped\",\"settings\":{\"randomize_sides\":true}}\n");
  g_autofree char *path = NULL;
  g_autofree char *out = g_build_filename (tmpdir, "swap-trl.jsonl", NULL);
  g_autofree char *swapped_flag = NULL;
  const char *swapped_id = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(json_object) pair = NULL;
  static const char *ids[] = { "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *a = g_strdup_printf ("First answer %u", i);
      g_autofree char *b = g_strdup_printf ("Second answer %u", i);
      g_autofree char *line = test_compare_task (ids[i], a, b);

      g_string_append_printf (file, "%s\n", line);
      if (swapped_id == NULL && rubric_side_swap (ids[i], "Test Annotator"))
        swapped_id = ids[i];
    }
  g_assert_nonnull (swapped_id);
  path = test_write_file (tmpdir, "swap.jsonl", file->str, file->len);
  activate ("win.open-file", g_variant_new_string (path));
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));

  activate ("win.select-task", g_variant_new_uint32 (find_task (swapped_id)));
  app_test_settle (300);
  /* Left, much better: on this task the left pane is the file's B. */
  activate_page ("compare.prefer", g_variant_new_uint32 (1));
  set_justification ("The left one is clearly better.");
  g_free (submit ("Short texts, read them."));
  swapped_flag = task_field (swapped_id, "choice || ':' || swapped");
  g_assert_cmpstr (swapped_flag, ==, "B:1");

  activate ("win.export-to", g_variant_new ("(ssbb)", "trl", out, FALSE, FALSE));
  g_assert_true (test_wait_until (file_exists, out, 10000));
  lines = test_read_lines (out);
  pair = json_tokener_parse (lines[0]);
  g_assert_true (g_str_has_prefix (rubric_json_get_string (pair, "chosen"), "Second answer"));
  g_assert_true (g_str_has_prefix (rubric_json_get_string (pair, "rejected"), "First answer"));
}

/* Left, much better, on the task at @position; returns the stored
 * "choice:swapped". */
static char *
prefer_left (guint       position,
             const char *ext_id)
{
  activate ("win.select-task", g_variant_new_uint32 (position));
  app_test_settle (300);
  activate_page ("compare.prefer", g_variant_new_uint32 (1));
  set_justification ("The left one is clearly better.");
  g_free (submit ("Short texts, read them."));
  return task_field (ext_id, "choice || ':' || swapped");
}

/* A repeat (repeat_swapped) shows its original's id, never its own,
 * and its sides the other way round: the same left pane chosen twice
 * is two different responses of the file. */
static void
test_repeat_swapped (void)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Repeated\","
                                          "\"settings\":{\"randomize_sides\":true,\"repeat_swapped\":0.125}}\n");
  g_autofree char *path = NULL;
  g_autofree char *original_id = NULL;
  g_autofree char *repeat_id = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  GListModel *list;
  sqlite3_stmt *stmt;
  guint original_ord, repeat_ord;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("q%u", i);
      g_autofree char *a = g_strdup_printf ("First answer %u", i);
      g_autofree char *b = g_strdup_printf ("Second answer %u", i);
      g_autofree char *line = test_compare_task (id, a, b);

      g_string_append_printf (file, "%s\n", line);
    }
  path = test_write_file (tmpdir, "repeat.jsonl", file->str, file->len);
  activate ("win.open-file", g_variant_new_string (path));
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));

  g_assert_cmpint (sqlite3_prepare_v2 (_rubric_store_get_db (rubric_application_get_store (app)),
                                       "SELECT o.ext_id, o.ord, r.ext_id, r.ord FROM tasks r JOIN tasks o"
                                       " ON r.set_id = o.set_id AND r.ext_id = o.ext_id || '#repeat'"
                                       " WHERE o.ext_id LIKE 'q_'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  original_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  original_ord = sqlite3_column_int (stmt, 1);
  repeat_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  repeat_ord = sqlite3_column_int (stmt, 3);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* Nine tasks in the list, the repeat under its original's id. */
  list = G_LIST_MODEL (gtk_list_view_get_model (app_test_task_list (window)));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 9);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);
      g_autofree char *item_id = NULL;

      g_object_get (item, "id", &item_id, NULL);
      g_assert_null (strchr (item_id, '#'));
      if (i == repeat_ord)
        g_assert_cmpstr (item_id, ==, original_id);
    }

  first = prefer_left (original_ord, original_id);
  again = prefer_left (repeat_ord, repeat_id);
  g_test_message ("%s %s, %s %s", original_id, first, repeat_id, again);
  g_assert_true (g_str_equal (first, "A:0") || g_str_equal (first, "B:1"));
  g_assert_cmpstr (again, ==, g_str_equal (first, "A:0") ? "B:1" : "A:0");

  activate ("win.select-task", g_variant_new_uint32 (repeat_ord));
  assert_shows (original_id);
  g_assert_false (label_contains (GTK_WIDGET (window), "#repeat"));
}

static RubricWritePage *
write_view (void)
{
  GtkWidget *found = app_test_find_widget (GTK_WIDGET (window), is_write_view);

  g_assert_nonnull (found);
  return RUBRIC_WRITE_PAGE (found);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* The text of @buffer under tag @name, ranges joined by "|". */
static char *
tagged_text (GtkTextBuffer *buffer,
             const char    *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GString *out = g_string_new (NULL);
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      GtkTextIter end = iter;
      g_autofree char *text = NULL;

      if (!gtk_text_iter_starts_tag (&iter, tag))
        continue;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      text = gtk_text_iter_get_text (&iter, &end);
      g_string_append_printf (out, "%s%s", out->len ? "|" : "", text);
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  return g_string_free (out, FALSE);
}

static const char *
sample_draft (const char *task_id)
{
  static char *draft;
  g_autofree char *path = test_sample_path ();
  g_auto(GStrv) lines = test_read_lines (path);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(json_object) task = json_tokener_parse (lines[i]);

      if (g_strcmp0 (rubric_json_get_string (task, "id"), task_id) == 0)
        {
          g_free (draft);
          draft = g_strdup (rubric_json_get_string (task, "draft"));
          return draft;
        }
    }
  g_assert_not_reached ();
}

static void
test_write_empty_and_short (void)
{
  GtkTextBuffer *buffer;
  g_autofree char *body = NULL;
  g_autofree char *state = NULL;

  activate ("win.select-task", g_variant_new_uint32 (find_task ("wr-email-decline-offsite")));
  app_test_settle (300);
  buffer = gtk_text_view_get_buffer (rubric_write_page_get_editor (write_view ()));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);

  g_assert_null (submit (NULL));
  assert_shows ("Write the answer first");

  gtk_text_buffer_insert_at_cursor (buffer, "Hi Sam — thanks for the invite, but I can’t make the offsite.", -1);
  app_test_settle (300);
  assert_shows ("13 words · 61 characters");
  assert_shows ("27 words short of the minimum of 40");
  body = submit ("A short note is what the prompt asks for.");
  g_assert_nonnull (strstr (body, "The answer has 13 words; the guidance is at least 40"));
  g_assert_nonnull (strstr (body, "Not yet checked against: Helpfulness, Correctness, Safety, Style"));
  state = task_field ("wr-email-decline-offsite", "state || ':' || answer");
  g_assert_cmpstr (state, ==, "submitted:Hi Sam — thanks for the invite, but I can’t make the offsite.");
}

static void
test_write_draft_changes (void)
{
  const char *draft = sample_draft ("wr-draft-release-notes");
  RubricWritePage *view;
  GtkTextBuffer *buffer, *changes;
  g_autofree char *text = NULL, *inserted = NULL, *deleted = NULL;
  GtkTextIter start, end;

  activate ("win.select-task", g_variant_new_uint32 (find_task ("wr-draft-release-notes")));
  app_test_settle (300);
  view = write_view ();
  buffer = gtk_text_view_get_buffer (rubric_write_page_get_editor (view));

  /* The editor starts from the model's draft. */
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, draft);

  /* Insert a sentence at the start, and delete the first word of the draft. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, "Reviewed by the release team. ", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_strlen ("Reviewed by the release team. ", -1));
  end = start;
  gtk_text_iter_forward_word_end (&end);
  g_free (text);
  text = gtk_text_iter_get_text (&start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);

  activate_page ("write.mode", g_variant_new_string ("changes"));
  app_test_settle (300);
  g_assert_cmpstr (rubric_write_page_get_mode (view), ==, "changes");
  changes = gtk_text_view_get_buffer (rubric_write_page_get_changes (view));
  inserted = tagged_text (changes, "inserted");
  deleted = tagged_text (changes, "deleted");
  g_test_message ("inserted: %s", inserted);
  g_test_message ("deleted: %s", deleted);
  /* Marked word by word; the spaces between stay unmarked. */
  g_assert_true (g_str_has_prefix (inserted, "Reviewed|by|"));
  g_assert_nonnull (strstr (inserted, "team."));
  g_assert_nonnull (strstr (deleted, "Release"));
  g_assert_cmpstr (text, ==, "# Release");
  g_free (app_test_save_screenshot (GTK_WIDGET (window), "write-changes.png"));
  activate_page ("write.mode", g_variant_new_string ("write"));
}

static void
test_write_spelling_and_preview (void)
{
  RubricWritePage *view = write_view ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (rubric_write_page_get_editor (view));
  RubricSpellChecker *spell = rubric_write_page_get_spell_checker (view);
  g_auto(GStrv) misspelled = NULL;
  g_auto(GStrv) suggestions = NULL;
  g_autofree char *answer = NULL;
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\n\nThis line is mispeled on purpose, with `xyzzyq` in code.\n\n"
                                        "```sh\nqwxzzt --frobnicate\n```\n", -1);
  rubric_spell_checker_check_now (spell);
  misspelled = rubric_spell_checker_get_misspelled (spell);
  g_assert_true (g_strv_contains ((const char * const *) misspelled, "mispeled"));
  /* Code, inline or fenced, is not spell-checked. */
  g_assert_false (g_strv_contains ((const char * const *) misspelled, "xyzzyq"));
  g_assert_false (g_strv_contains ((const char * const *) misspelled, "qwxzzt"));
  suggestions = rubric_spell_checker_suggest (spell, "mispeled");
  g_assert_true (g_strv_contains ((const char * const *) suggestions, "misspelled"));
  g_assert_true (g_str_has_prefix (rubric_spell_checker_get_language (spell), "en"));

  /* The self-check, every criterion ticked, and the guidelines shown. */
  for (GtkWidget *w = app_test_find_widget (GTK_WIDGET (view), is_self_check); w != NULL; w = app_test_find_widget (GTK_WIDGET (view), is_self_check))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (w), TRUE);
  g_object_set (window, "show-rubric", TRUE, NULL);
  app_test_settle (400);
  g_free (app_test_save_screenshot (GTK_WIDGET (window), "write-guidelines.png"));

  activate_page ("write.mode", g_variant_new_string ("preview"));
  app_test_settle (300);
  g_assert_cmpstr (rubric_write_page_get_mode (view), ==, "preview");
  answer = buffer_text (buffer);
  g_assert_cmpstr (rubric_markdown_view_get_text (RUBRIC_MARKDOWN_VIEW (app_test_find_widget (GTK_WIDGET (view), is_preview))), ==, answer);
  activate_page ("write.mode", g_variant_new_string ("write"));
}

/* A widget that counts its allocations and its pictures. */
struct _CountingWidget
{
  GtkWidget parent_instance;
  guint     allocations;
  guint     snapshots;
};

#define COUNTING_TYPE_WIDGET (counting_widget_get_type ())
G_DECLARE_FINAL_TYPE (CountingWidget, counting_widget, COUNTING, WIDGET, GtkWidget)
G_DEFINE_FINAL_TYPE (CountingWidget, counting_widget, GTK_TYPE_WIDGET)

static void
counting_widget_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = *natural = 40;
}

static void
counting_widget_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  COUNTING_WIDGET (widget)->allocations++;
}

static void
counting_widget_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  GdkRGBA black = { 0, 0, 0, 1 };

  COUNTING_WIDGET (widget)->snapshots++;
  gtk_snapshot_append_color (snapshot, &black, &GRAPHENE_RECT_INIT (0, 0, 20, 20));
}

static void
counting_widget_class_init (CountingWidgetClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = counting_widget_measure;
  widget_class->size_allocate = counting_widget_size_allocate;
  widget_class->snapshot = counting_widget_snapshot;
}

static void
counting_widget_init (CountingWidget *self)
{
}

static void
log_to_writer (const char *domain,
               const char *message)
{
  const GLogField fields[] = {
    { "GLIB_DOMAIN", domain, -1 },
    { "MESSAGE", message, -1 },
    { "PRIORITY", "4", -1 },
  };

  rubric_repaint_log_writer (G_LOG_LEVEL_WARNING, fields, G_N_ELEMENTS (fields), NULL);
}

/* GTK 4.8 can lose a widget's pending allocation and leave it out of
 * every frame (rubric-repaint.c); it says so only in a warning. On that
 * warning, and on no other, every window is laid out and drawn again
 * whole, though GTK counts nothing as waiting: a widget deep in a
 * window, settled, is allocated and drawn anew. */
static void
test_repaint_after_left_out (void)
{
  GtkWidget *other = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  CountingWidget *counting = g_object_new (COUNTING_TYPE_WIDGET, NULL);
  guint allocations, snapshots;

  gtk_box_append (GTK_BOX (box), gtk_label_new ("Above"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (counting));
  gtk_window_set_child (GTK_WINDOW (other), box);
  gtk_window_present (GTK_WINDOW (other));
  app_test_settle (500);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (counting)));
  g_assert_cmpuint (counting->allocations, >, 0);
  g_assert_cmpuint (counting->snapshots, >, 0);

  allocations = counting->allocations;
  snapshots = counting->snapshots;
  app_test_settle (300);
  g_assert_cmpuint (counting->allocations, ==, allocations);
  g_assert_cmpuint (counting->snapshots, ==, snapshots);

  /* Other warnings, and this one from elsewhere, change nothing. */
  log_to_writer ("Gtk", "Unable to acquire session bus");
  log_to_writer ("rubric-window", "Trying to snapshot GtkBox 0x1 without a current allocation");
  app_test_settle (300);
  g_assert_cmpuint (counting->allocations, ==, allocations);
  g_assert_cmpuint (counting->snapshots, ==, snapshots);

  log_to_writer ("Gtk", "Trying to snapshot AdwLeaflet 0x55e7de866150 without a current allocation");
  app_test_settle (300);
  g_assert_cmpuint (counting->allocations, >, allocations);
  g_assert_cmpuint (counting->snapshots, >, snapshots);

  gtk_window_destroy (GTK_WINDOW (other));
  app_test_settle (100);
}

/* An editor spelled in the language chosen in Preferences follows it as
 * it is changed there (the red-team page's texts are such editors); one
 * given its task's own language keeps that. "xx_XX" is a dictionary of
 * this test's own (main). */
static void
test_editor_spelling_follows_preferences (void)
{
  GSettings *settings = rubric_application_get_settings (app);
  g_autoptr(GtkWidget) follows = g_object_ref_sink (rubric_text_editor_new ("Follows"));
  g_autoptr(GtkWidget) own = g_object_ref_sink (rubric_text_editor_new ("Its Own"));
  RubricSpellChecker *follows_spell = rubric_text_editor_get_spell_checker (RUBRIC_TEXT_EDITOR (follows));
  RubricSpellChecker *own_spell = rubric_text_editor_get_spell_checker (RUBRIC_TEXT_EDITOR (own));
  g_auto(GStrv) in_english = NULL;
  g_auto(GStrv) in_test_language = NULL;

  g_settings_set_string (settings, "spell-language", "en_US");
  rubric_text_editor_set_spell_language (RUBRIC_TEXT_EDITOR (follows), NULL);
  rubric_text_editor_set_spell_language (RUBRIC_TEXT_EDITOR (own), "en_US");
  rubric_text_editor_set_text (RUBRIC_TEXT_EDITOR (follows), "rubricword hello");
  rubric_spell_checker_check_now (follows_spell);
  in_english = rubric_spell_checker_get_misspelled (follows_spell);
  g_assert_cmpstr (rubric_spell_checker_get_language (follows_spell), ==, "en_US");
  g_assert_true (g_strv_equal ((const char * const *) in_english, (const char * const[]) { "rubricword", NULL }));

  /* Changed in Preferences: the text is spelled again, in that one. */
  g_settings_set_string (settings, "spell-language", "xx_XX");
  g_assert_cmpstr (rubric_spell_checker_get_language (follows_spell), ==, "xx_XX");
  g_assert_cmpstr (rubric_spell_checker_get_language (own_spell), ==, "en_US");
  rubric_spell_checker_check_now (follows_spell);
  in_test_language = rubric_spell_checker_get_misspelled (follows_spell);
  g_assert_true (g_strv_equal ((const char * const *) in_test_language, (const char * const[]) { "hello", NULL }));

  g_settings_reset (settings, "spell-language");
  g_assert_cmpstr (rubric_spell_checker_get_language (own_spell), ==, "en_US");
}

static void
test_write_submit_and_export (void)
{
  RubricWritePage *view = write_view ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (rubric_write_page_get_editor (view));
  g_autofree char *answer = buffer_text (buffer);
  g_autofree char *body = NULL;
  g_autofree char *state = NULL;
  g_auto(GStrv) sft = NULL, pc = NULL, records = NULL;
  g_autoptr(json_object) first = NULL, second = NULL, record = NULL;
  json_object *messages, *last;

  body = submit ("no warnings expected");
  g_assert_null (body);
  state = task_field ("wr-draft-release-notes", "state");
  g_assert_cmpstr (state, ==, "submitted");

  sft = export_lines ("sft");
  g_assert_cmpuint (g_strv_length (sft), ==, 2);
  second = json_tokener_parse (sft[1]);
  messages = json_object_object_get (second, "messages");
  last = json_object_array_get_idx (messages, json_object_array_length (messages) - 1);
  g_assert_cmpstr (rubric_json_get_string (last, "role"), ==, "assistant");
  g_assert_cmpstr (rubric_json_get_string (last, "content"), ==, answer);
  first = json_tokener_parse (sft[0]);
  g_assert_cmpstr (rubric_json_get_string (json_object_array_get_idx (json_object_object_get (first, "messages"), 1), "content"),
                   ==, "Hi Sam — thanks for the invite, but I can’t make the offsite.");

  pc = export_lines ("prompt-completion");
  g_assert_cmpuint (g_strv_length (pc), ==, 2);
  g_assert_true (g_str_has_suffix (pc[0], "\"completion\":\"Hi Sam — thanks for the invite, but I can’t make the offsite.\"}"));

  records = export_lines ("records");
  for (guint i = 0; records[i] != NULL; i++)
    {
      g_autoptr(json_object) r = json_tokener_parse (records[i]);

      if (g_strcmp0 (rubric_json_get_string (r, "task_id"), "wr-draft-release-notes") == 0)
        record = json_object_get (r);
    }
  g_assert_nonnull (record);
  g_assert_cmpstr (rubric_json_get_string (record, "answer"), ==, answer);
  g_assert_cmpint (json_object_get_int (json_object_object_get (record, "draft_edit_distance_words")), >=, 10);
}

static GPtrArray *
lines_with (GStrv        lines,
            const char  *needle)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      g_ptr_array_add (found, lines[i]);
  return found;
}

static void
test_rank (void)
{
  RubricRankPage *view;
  g_autofree char *ranking = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) trl = NULL, records = NULL;
  g_autoptr(GPtrArray) pairs = NULL, rank_records = NULL;
  g_autoptr(json_object) record = NULL;

  activate ("win.select-task", g_variant_new_uint32 (find_task ("rank-js-debounce")));
  app_test_settle (300);
  view = RUBRIC_RANK_PAGE (app_test_find_widget (GTK_WIDGET (window), is_rank_view));
  g_assert_null (submit (NULL));
  assert_shows ("Rank every response");

  /* C first, then A, then B sharing A's rank. */
  activate_page ("rank.order", g_variant_new_string ("312"));
  activate_page ("rank.digit", g_variant_new_uint32 (2));
  activate_page ("rank.tie", NULL);
  app_test_settle (900);
  ranking = task_field ("rank-js-debounce", "json_extract (data, '$.ranking') || json_extract (data, '$.ties')");
  g_assert_cmpstr (ranking, ==, "[\"c\",\"a\",\"b\"][\"b\"]");
  assert_shows ("tied with the one above");
  /* A ranking has no justification: no Cite buttons that would do nothing. */
  g_assert_null (app_test_find_widget (GTK_WIDGET (view), is_shown_cite_button));
  g_free (app_test_save_screenshot (GTK_WIDGET (window), "rank.png"));

  /* Alt+Down on A, then back: the order survives a round trip. */
  activate_page ("rank.digit", g_variant_new_uint32 (1));
  activate_page ("rank.move", g_variant_new_int32 (1));
  activate_page ("rank.move", g_variant_new_int32 (-1));
  body = submit ("Ran all three in a browser first.");
  g_assert_nonnull (strstr (body, "reading these responses"));

  trl = export_lines ("trl");
  pairs = lines_with (trl, "Write a debounce function in JavaScript");
  /* 3 responses: 3 pairs, less the tied one. */
  g_assert_cmpuint (pairs->len, ==, 2);
  for (guint i = 0; i < pairs->len; i++)
    g_assert_true (g_str_has_suffix (g_ptr_array_index (pairs, i), "\"margin\":1}"));

  records = export_lines ("records");
  rank_records = lines_with (records, "\"task_id\":\"rank-js-debounce\"");
  g_assert_cmpuint (rank_records->len, ==, 1);
  record = json_tokener_parse (g_ptr_array_index (rank_records, 0));
  g_assert_cmpuint (json_object_array_length (json_object_object_get (record, "ranking")), ==, 3);
}

static const char *review_content =
  "Intro 😀 the **first claim** is here.\n\n```python\nprint('x')\n```\n\nAfter the code, a *second claim* follows.";

static void
select_rendered (GtkTextView *view,
                 const char  *words)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = buffer_text (buffer);
  const char *at = strstr (text, words);
  GtkTextIter start, end;

  g_assert_nonnull (at);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (text, at));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, g_utf8_pointer_to_offset (text, at) + g_utf8_strlen (words, -1));
  gtk_text_buffer_select_range (buffer, &start, &end);
}

static void
assert_span_matches (json_object *span)
{
  glong start = json_object_get_int (json_object_object_get (span, "start"));
  glong end = json_object_get_int (json_object_object_get (span, "end"));
  g_autofree char *cut = g_utf8_substring (review_content, start, end);

  /* content[start:end] == quote, in code points */
  g_assert_cmpstr (cut, ==, rubric_json_get_string (span, "quote"));
}

static void
test_review (void)
{
  g_autoptr(GString) file = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *quotes = NULL;
  g_auto(GStrv) records = NULL, ratings = NULL;
  g_autoptr(json_object) record = NULL;
  g_autoptr(json_object) content = json_object_new_string (review_content);
  RubricReviewPage *view;
  GtkWidget *focus;
  GtkTextView *response;
  AdwMessageDialog *notice;
  json_object *spans;
  GtkTextIter start, end;
  g_autofree char *selected = NULL;
  g_autofree char *cited = NULL;
  GtkTextView *justification;
  GtkTextBuffer *buffer;

  g_string_append (file, "{\"format\":\"rubric-tasks/1\",\"name\":\"Red team\",\"rubric\":{\"id\":\"rt\",\"version\":1,"
                         "\"criteria\":[{\"id\":\"correctness\",\"name\":\"Correctness\",\"scale\":{\"min\":1,\"max\":5}}],"
                         "\"flags\":[{\"id\":\"factual-error\",\"name\":\"Factual error\"},"
                         "{\"id\":\"fabricated-citation\",\"name\":\"Fabricated citation\"}]},"
                         "\"settings\":{\"min_justification_words\":3,\"sensitive\":true}}\n");
  g_string_append (file, "{\"id\":\"rv1\",\"kind\":\"review\",\"prompt\":\"Check the claims.\",\"responses\":[{\"id\":\"r\",\"content\":");
  g_string_append (file, json_object_to_json_string_ext (content, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
  g_string_append (file, "}]}\n");
  path = test_write_file (tmpdir, "review.jsonl", file->str, file->len);
  activate ("win.open-file", g_variant_new_string (path));
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));
  g_assert_true (test_wait_until (dialog_shown, NULL, 5000));
  notice = app_test_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (notice), ==, "Sensitive Content");
  adw_message_dialog_response (notice, "continue");
  gtk_window_destroy (GTK_WINDOW (notice));
  app_test_settle (300);
  /* The same file opened again is the set shown: no second notice. */
  activate ("win.open-file", g_variant_new_string (path));
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));
  g_assert_false (test_wait_until (dialog_shown, NULL, 1500));

  view = RUBRIC_REVIEW_PAGE (app_test_find_widget (GTK_WIDGET (window), is_review_view));
  response = rubric_review_page_get_response (view);
  select_rendered (response, "first claim");
  activate_page ("review.flag-span", g_variant_new ("(ssss)", "factual-error", "major", "Not what the source says", "the actual claim"));
  select_rendered (response, "second claim");
  activate_page ("review.flag-span", g_variant_new ("(ssss)", "fabricated-citation", "critical", "Invented", ""));
  select_rendered (response, "Intro");
  activate_page ("review.flag-span", g_variant_new ("(ssss)", "factual-error", "minor", "to remove", ""));
  rubric_review_page_remove_span (view, 2);
  rubric_review_page_focus_span (view, 1);
  gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (response), &start, &end);
  selected = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (selected, ==, "second claim");

  activate ("win.score", g_variant_new ("(uui)", 0, 0, 5));
  activate_page ("review.verdict", g_variant_new_string ("reject"));
  justification = GTK_TEXT_VIEW (app_test_find_widget (GTK_WIDGET (view), is_justification));
  buffer = gtk_text_view_get_buffer (justification);
  gtk_text_buffer_set_text (buffer, "The second claim cites a paper that does not exist.", -1);
  /* Ctrl+1 cites into the review's own justification, as the panel's Cite
   * buttons do; Ctrl+J comes back to it and Ctrl+R goes to the rubric. */
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (view), is_shown_cite_button));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  activate ("win.cite", g_variant_new_uint32 (0));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  cited = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (cited, ==, "The second claim cites a paper that does not exist. [Correctness] ");
  gtk_widget_grab_focus (GTK_WIDGET (response));
  activate ("win.focus-justification", NULL);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (justification));
  activate ("win.focus-rubric", NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         app_test_find_widget (GTK_WIDGET (view), is_criteria_panel)));
  /* The score given, 5, is the criterion's one Tab stop. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_TOGGLE_BUTTON (focus));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (focus)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "5");
  app_test_settle (900);
  g_free (app_test_save_screenshot (GTK_WIDGET (window), "review.png"));
  quotes = task_field ("rv1", "json_extract (data, '$.spans[0].quote') || '|' || json_extract (data, '$.spans[1].quote')");
  g_assert_cmpstr (quotes, ==, "first claim|second claim");

  body = submit ("The citation is the critical problem; the rest is right.");
  g_assert_nonnull (strstr (body, "A critical flag, yet “Correctness” has the top score"));

  records = export_lines ("records");
  record = json_tokener_parse (records[g_strv_length (records) - 1]);
  g_assert_cmpstr (rubric_json_get_string (record, "task_id"), ==, "rv1");
  g_assert_cmpstr (rubric_json_get_string (record, "verdict"), ==, "reject");
  spans = json_object_object_get (record, "spans");
  g_assert_cmpuint (json_object_array_length (spans), ==, 2);
  for (guint i = 0; i < 2; i++)
    assert_span_matches (json_object_array_get_idx (spans, i));

  ratings = export_lines ("helpsteer");
  g_assert_cmpuint (g_strv_length (ratings), ==, 1);
  g_assert_true (g_str_has_suffix (ratings[0], "\"correctness\":5}"));
  g_assert_true (g_str_has_prefix (ratings[0], "{\"prompt\":\"Check the claims.\",\"response\":\"Intro 😀"));
}

static void
test_bad_file_is_refused (void)
{
  g_autofree char *bad = test_write_file (tmpdir, "bad.jsonl",
                                          "{\"id\":\"x1\",\"kind\":\"write\",\"prompt\":\"p\"}\n"
                                          "{\"id\":\"x2\",\"kind\":\"compare\",\"prompt\":\"p\"}\n", -1);
  gint64 before = rubric_window_get_task_set_id (window);
  int sets = count_rows ("SELECT count(*) FROM task_sets");
  int tasks = count_rows ("SELECT count(*) FROM tasks");
  AdwMessageDialog *dialog;
  g_autofree char *expected = g_strdup_printf ("%s:2: responses: a compare task needs exactly 2 responses", bad);
  GtkWidget *extra;

  activate ("win.open-file", g_variant_new_string (bad));
  g_assert_true (test_wait_until (dialog_shown, NULL, 10000));
  dialog = app_test_find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "bad.jsonl"));
  g_assert_true (adw_message_dialog_has_response (dialog, "import-valid"));
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_nonnull (extra);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (app_test_find_widget (extra, is_label))), expected));

  app_test_settle (500);
  g_free (app_test_save_screenshot (GTK_WIDGET (dialog), "import-report.png"));

  /* Refused whole: the workspace and the window are as they were. */
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, sets);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM tasks"), ==, tasks);
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, before);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  app_test_settle (100);
}

static void
test_reopen_returns_to_work (void)
{
  g_autofree char *samples = test_sample_path ();
  int sets = count_rows ("SELECT count(*) FROM task_sets");

  activate ("win.open-file", g_variant_new_string (samples));
  app_test_settle (200);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, sets);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM annotations WHERE state = 'submitted' AND set_id = 1"), ==, 5);
}

/* A file opened again opens at once, known by its stamp, and is read
 * whole in the background: changed past its first 64 KiB under the same
 * size, time and inode, the person is told, and Import Again makes it a
 * set of its own. */
/* The toasts drawn, newest last. */
static void
find_toasts (GtkWidget *widget,
             GPtrArray *toasts)
{
  if (g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0 && gtk_widget_get_mapped (widget))
    g_ptr_array_add (toasts, g_object_ref (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_toasts (child, toasts);
}

static gboolean
changed_told (gpointer data)
{
  g_autofree char *text = app_test_read_screen_large (GTK_WIDGET (window), GTK_WIDGET (window), "reopen-changed.png");
  /* Held: a toast may be gone by the time it is read. */
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_object_unref);

  if (app_test_text_has (text, "has changed since it was imported"))
    return TRUE;
  /* A toast of the test before may still be fading out above it, and
   * tesseract then missed the line: each toast is read on its own. */
  find_toasts (GTK_WIDGET (window), toasts);
  for (guint i = 0; i < toasts->len; i++)
    {
      g_autofree char *alone = app_test_read_screen_large (GTK_WIDGET (window), g_ptr_array_index (toasts, i),
                                                           "reopen-changed-toast.png");

      if (app_test_text_has (alone, "has changed since it was imported"))
        return TRUE;
    }
  return FALSE;
}

static void
test_reopen_changed_file (void)
{
  /* Past the first 64 KiB, which are compared on opening. */
  g_autofree char *long_answer = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = test_compare_task ("c2", "Third answer", "Fourth answer");
  g_autofree char *text = NULL;
  GString *words = g_string_new (NULL);
  g_autofree char *path = NULL;
  struct stat before;
  struct timespec times[2];
  int sets;
  gint64 first;
  char *at;
  FILE *stream;

  while (words->len < 70 * 1024)
    g_string_append (words, "Words to fill the first sixty-four kibibytes. ");
  long_answer = g_string_free (words, FALSE);
  one = test_compare_task ("c1", long_answer, "Second answer");
  text = g_strdup_printf ("%s\n%s\n", one, two);
  path = test_write_file (tmpdir, "changing.jsonl", text, -1);

  activate ("win.open-file", g_variant_new_string (path));
  app_test_settle (200);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));
  first = rubric_window_get_task_set_id (window);
  g_assert_cmpuint (strlen (text), >, 64 * 1024);
  sets = count_rows ("SELECT count(*) FROM task_sets");

  /* Same size, same inode, same time, same first bytes: other text. */
  g_assert_cmpint (stat (path, &before), ==, 0);
  at = strstr (text, "Fourth");
  memcpy (at, "Fifth!", 6);
  stream = fopen (path, "r+");
  g_assert_nonnull (stream);
  g_assert_cmpuint (fwrite (text, 1, strlen (text), stream), ==, strlen (text));
  fclose (stream);
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);

  activate ("win.open-file", g_variant_new_string (path));
  app_test_settle (200);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, first);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, sets);
  g_assert_true (test_wait_until (changed_told, NULL, 15000));

  activate ("win.import-again", g_variant_new_string (path));
  app_test_settle (200);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, sets + 1);
  g_assert_cmpint (rubric_window_get_task_set_id (window), !=, first);
}

static gboolean
is_library (GtkWidget *widget)
{
  return RUBRIC_IS_LIBRARY_VIEW (widget);
}

static gboolean
library_lists (gint64 set_id)
{
  g_autoptr(GPtrArray) sets = rubric_library_list (rubric_application_get_store (app), "Test Annotator", NULL);

  for (guint i = 0; i < sets->len; i++)
    {
      if (((RubricLibraryEntry *) g_ptr_array_index (sets, i))->set_id == set_id)
        return TRUE;
    }
  return FALSE;
}

/* The sets of the workspace, from the menu: open one, delete the one
 * shown and bring it back; a new window opens the set used last. */
static void
test_library (void)
{
  GtkWidget *library = app_test_find_widget (GTK_WIDGET (window), is_library);
  RubricStore *store = rubric_application_get_store (app);
  g_autoptr(GPtrArray) sets = rubric_library_list (store, "Test Annotator", NULL);
  gint64 shown = rubric_window_get_task_set_id (window);
  gint64 other = 0;
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;
  RubricWindow *second;

  g_assert_cmpuint (sets->len, >=, 2);
  /* Newest opened first: the one shown. */
  g_assert_cmpint (((RubricLibraryEntry *) g_ptr_array_index (sets, 0))->set_id, ==, shown);
  other = ((RubricLibraryEntry *) g_ptr_array_index (sets, 1))->set_id;

  activate ("win.show-library", NULL);
  app_test_settle (500);
  g_assert_true (gtk_widget_get_mapped (library));
  g_assert_null (app_test_find_widget (GTK_WIDGET (window), is_shown_page));
  text = app_test_read_screen (GTK_WIDGET (window), library, "library-in-window.png");
  g_assert_true (app_test_text_has (text, "Task Sets"));
  g_assert_true (app_test_text_has (text, ((RubricLibraryEntry *) g_ptr_array_index (sets, 0))->name));

  g_assert_true (gtk_widget_activate_action (library, "library.open", "x", other));
  app_test_settle (500);
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, other);
  g_assert_false (gtk_widget_get_mapped (library));
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (window), is_shown_page));

  /* Deleting the set shown leaves the library on screen; Undo brings
   * the set back with its work. */
  activate ("win.show-library", NULL);
  app_test_settle (300);
  g_assert_true (gtk_widget_activate_action (library, "library.delete", "x", other));
  app_test_settle (300);
  dialog = app_test_find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_close (GTK_WINDOW (dialog));
  app_test_settle (500);
  g_assert_false (library_lists (other));
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, 0);
  g_assert_true (gtk_widget_get_mapped (library));
  activate ("win.undelete-set", g_variant_new_int64 (other));
  app_test_settle (300);
  g_assert_true (library_lists (other));

  g_assert_true (gtk_widget_activate_action (library, "library.open", "x", shown));
  app_test_settle (500);
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, shown);

  /* A window that starts without a file opens the set used last. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  app_test_settle (800);
  second = RUBRIC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (second != window);
  g_assert_cmpint (rubric_window_get_task_set_id (second), ==, shown);
  gtk_window_destroy (GTK_WINDOW (second));
  app_test_settle (300);
}

/* A published dataset opens like a task file: converted on the way, its
 * prompt drawn, its own label out of sight unless the set shows it. */
static void
test_open_dataset (void)
{
  g_autofree char *hh = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autofree char *data = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  gint64 set_id;
  GtkWidget *page;

  activate ("win.open-file", g_variant_new_string (hh));
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  set_id = rubric_window_get_task_set_id (window);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM tasks WHERE set_id = (SELECT max(id) FROM task_sets)"), ==, 200);
  g_assert_cmpint (set_id, ==, count_rows ("SELECT max(id) FROM task_sets"));
  app_test_settle (800);
  page = app_test_find_widget (GTK_WIDGET (window), is_shown_page);
  g_assert_nonnull (page);
  text = app_test_read_screen_large (GTK_WIDGET (window), GTK_WIDGET (window), "dataset-hh.png");
  g_assert_true (app_test_text_has (text, "okay some of these do not have anything to do with pens"));
  g_assert_true (app_test_text_has (text, "Response A"));
  g_assert_false (app_test_text_has (text, "Published label"));

  /* The same tasks with "show_gold" in the set's settings. */
  g_assert_true (g_file_get_contents (hh, &data, &len, NULL));
  {
    g_autofree char *lines = g_strndup (data, strchr (strchr (data, '\n') + 1, '\n') + 1 - data);
    g_autofree char *tasks = NULL;
    g_autofree char *path = NULL;
    g_autofree char *command = NULL;
    g_autofree char *converted = NULL;
    g_autofree char *out = g_build_filename (tmpdir, "hh-two.tasks.jsonl", NULL);
    g_auto(GStrv) parts = NULL;

    path = test_write_file (tmpdir, "hh-two.jsonl", lines, -1);
    command = g_strdup_printf ("%s convert %s --to rubric-tasks -o %s", g_getenv ("RUBRIC_CLI"), path, out);
    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
    g_assert_true (g_file_get_contents (out, &converted, NULL, NULL));
    parts = g_strsplit (converted, "\n", 2);
    /* The header, with the label on view. */
    g_assert_true (g_str_has_suffix (parts[0], "}"));
    parts[0][strlen (parts[0]) - 1] = '\0';
    tasks = g_strdup_printf ("%s,\"settings\":{\"show_gold\":true}}\n%s", parts[0], parts[1]);
    shown = test_write_file (tmpdir, "hh-shown.jsonl", tasks, -1);
  }
  activate ("win.open-file", g_variant_new_string (shown));
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  g_assert_cmpint (rubric_window_get_task_set_id (window), !=, set_id);
  app_test_settle (800);
  g_free (text);
  text = app_test_read_screen_large (GTK_WIDGET (window), GTK_WIDGET (window), "dataset-hh-label-shown.png");
  g_assert_true (app_test_text_has (text, "Published label"));
  g_assert_true (app_test_text_has (text, "is better"));
  g_assert_true (app_test_text_has (text, "Anthropic HH"));
}

/* A response view shown takes the next short text into the buffer it
 * has (next task draws it sooner), drops the last text's links with it,
 * and draws the new text; a long text goes to a new view. */
static guint
count_tags (GtkTextBuffer *buffer)
{
  return (guint) gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (buffer));
}

static char *
shown_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A markdown view alone in a window of its own, shown with @first. */
static GtkWidget *
present_markdown_view (const char  *first,
                       GtkWidget  **win)
{
  GtkWidget *view = rubric_markdown_view_new ();

  *win = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*win), view);
  gtk_window_set_default_size (GTK_WINDOW (*win), 500, 400);
  gtk_window_present (GTK_WINDOW (*win));
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (view), first);
  app_test_settle (200);
  return view;
}

static void
test_markdown_refill (void)
{
  GtkWidget *win;
  GtkWidget *view = present_markdown_view ("First, see [one](https://one.example).", &win);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *shown = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  guint tags;

  tags = count_tags (buffer);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("Pangolin %u: [a](https://a.example/%u) and [b](https://b.example/%u).",
                                               i, i, i);
      g_autofree char *plain = g_strdup_printf ("Pangolin %u: a and b.", i);
      g_autofree char *got = NULL;

      g_assert_true (rubric_markdown_view_can_show_in_place (RUBRIC_MARKDOWN_VIEW (view), text));
      rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (view), text);
      g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)) == buffer);
      got = shown_text (view);
      g_assert_cmpstr (got, ==, plain);
    }
  /* Two links' tags, not a hundred. */
  g_assert_cmpuint (count_tags (buffer), <=, tags + 1);
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (view), "## Refilled heading\n\nThe **last** short text, with "
                                                              "`code`, a [link](https://c.example) and:\n\n"
                                                              "```c\nint main (void) { return 0; }\n```\n");
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)) == buffer);
  app_test_settle (300);
  shown = app_test_read_screen (win, win, "markdown-refill.png");
  g_assert_true (app_test_text_has (shown, "Refilled heading"));
  g_assert_true (app_test_text_has (shown, "last short text"));
  g_assert_false (app_test_text_has (shown, "Pangolin"));

  /* A long text is never put into a view shown, nor a short one after it. */
  while (long_text->len < 100 * 1024)
    g_string_append (long_text, "A long paragraph of a long answer. ");
  g_assert_false (rubric_markdown_view_can_show_in_place (RUBRIC_MARKDOWN_VIEW (view), long_text->str));
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (view), long_text->str);
  for (guint i = 0; i < 100 && !rubric_markdown_view_is_shown (RUBRIC_MARKDOWN_VIEW (view)); i++)
    app_test_settle (50);
  g_assert_true (rubric_markdown_view_is_shown (RUBRIC_MARKDOWN_VIEW (view)));
  g_assert_false (rubric_markdown_view_can_show_in_place (RUBRIC_MARKDOWN_VIEW (view), "Short again."));
  g_assert_true (rubric_markdown_view_can_show_in_place (RUBRIC_MARKDOWN_VIEW (view), long_text->str));
  gtk_window_destroy (GTK_WINDOW (win));
  /* The window counts time while it has the focus. */
  gtk_window_present (GTK_WINDOW (window));
  app_test_settle (200);
}

static gboolean
markdown_shown (gpointer data)
{
  return rubric_markdown_view_is_shown (data);
}

/* A thread parsing megabytes holds the parser: a view shown is given a
 * short text meanwhile. The window does not wait for the thread: the
 * view is emptied, keeps its buffer (a drawn view given a new buffer
 * could crash GTK 4.8), and shows the text, whole and styled, once the
 * thread is done. */
static void
test_markdown_busy_parser (void)
{
  GtkWidget *win;
  GtkWidget *view = present_markdown_view ("The first **short** text.", &win);
  g_autofree char *shown = NULL;
  g_autofree char *read = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GThread *thread;
  gint64 start;

  thread = test_hold_parser ();

  start = g_get_monotonic_time ();
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (view), "## Okapi heading\n\nThe **second** short text.");
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 4);
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)) == buffer);
  g_assert_false (rubric_markdown_view_is_shown (RUBRIC_MARKDOWN_VIEW (view)));
  g_thread_join (thread);

  g_assert_true (test_wait_until (markdown_shown, view, 10000));
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)) == buffer);
  shown = shown_text (view);
  g_assert_cmpstr (shown, ==, "Okapi heading\nThe second short text.");
  app_test_settle (300);
  read = app_test_read_screen (win, win, "markdown-busy-parser.png");
  g_assert_true (app_test_text_has (read, "Okapi heading"));
  g_assert_true (app_test_text_has (read, "second short text"));
  gtk_window_destroy (GTK_WINDOW (win));
  gtk_window_present (GTK_WINDOW (window));
  app_test_settle (200);
}

/* A Hunspell dictionary "xx_XX" of one word, where Enchant looks for a
 * person's own: set before the first spell checker starts Enchant. */
static void
add_test_dictionary (const char *dir)
{
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *hunspell = g_build_filename (config, "enchant", "hunspell", NULL);
  g_autofree char *aff = g_build_filename (hunspell, "xx_XX.aff", NULL);
  g_autofree char *dic = g_build_filename (hunspell, "xx_XX.dic", NULL);

  g_assert_cmpint (g_mkdir_with_parents (hunspell, 0700), ==, 0);
  g_assert_true (g_file_set_contents (aff, "SET UTF-8\n", -1, NULL));
  g_assert_true (g_file_set_contents (dic, "1\nrubricword\n", -1, NULL));
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL;
  int status;

  app_test_init (&argc, &argv);
  tmpdir = test_tmpdir ();
  add_test_dictionary (tmpdir);
  db = g_build_filename (tmpdir, "workspace.db", NULL);
  app = app_test_new_app (db, &window);

  g_test_add_func ("/app/open-samples", test_open_samples);
  g_test_add_func ("/app/compare-checks", test_compare_checks);
  g_test_add_func ("/app/reopen", test_reopen);
  g_test_add_func ("/app/toggles-and-screenshots", test_toggles_and_screenshots);
  g_test_add_func ("/app/filter-and-search", test_filter_and_search);
  g_test_add_func ("/app/both-bad", test_both_bad);
  g_test_add_func ("/app/exports", test_exports);
  g_test_add_func ("/app/work-log", test_work_log);
  g_test_add_func ("/app/write-empty-and-short", test_write_empty_and_short);
  g_test_add_func ("/app/write-draft-changes", test_write_draft_changes);
  g_test_add_func ("/app/write-spelling-and-preview", test_write_spelling_and_preview);
  g_test_add_func ("/app/editor-spelling-follows-preferences", test_editor_spelling_follows_preferences);
  g_test_add_func ("/app/repaint-after-left-out", test_repaint_after_left_out);
  g_test_add_func ("/app/write-submit-and-export", test_write_submit_and_export);
  g_test_add_func ("/app/rank", test_rank);
  g_test_add_func ("/app/side-swap", test_side_swap);
  g_test_add_func ("/app/repeat-swapped", test_repeat_swapped);
  g_test_add_func ("/app/bad-file-is-refused", test_bad_file_is_refused);
  g_test_add_func ("/app/reopen-returns-to-work", test_reopen_returns_to_work);
  g_test_add_func ("/app/reopen-changed-file", test_reopen_changed_file);
  g_test_add_func ("/app/review", test_review);
  g_test_add_func ("/app/library", test_library);
  g_test_add_func ("/app/open-dataset", test_open_dataset);
  g_test_add_func ("/app/markdown-refill", test_markdown_refill);
  g_test_add_func ("/app/markdown-busy-parser", test_markdown_busy_parser);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
