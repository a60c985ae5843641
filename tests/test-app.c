/* test-app.c — the window, driven through its actions as a person's
 * keys and clicks drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "rubric-application.h"
#include "rubric-json.h"
#include "rubric-store-private.h"
#include "rubric-window.h"
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

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
settle (guint ms)
{
  test_wait_until (never, NULL, ms);
}

static void
activate (const char *action,
          GVariant   *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, param));
}

static int
count_rows (const char *sql)
{
  RubricStore *store = rubric_application_get_store (app);
  sqlite3_stmt *stmt = _rubric_store_prepare (store, sql, NULL);
  int n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static char *
annotation_field (const char *column)
{
  RubricStore *store = rubric_application_get_store (app);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                          " WHERE t.ext_id = 'cmp-legal-final-paycheck'", column);
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_rubric_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean  (*match) (GtkWidget *))
{
  if (match (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_justification (GtkWidget *widget)
{
  return GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)) &&
         gtk_widget_is_drawable (widget);
}

static gboolean
is_list_view (GtkWidget *widget)
{
  return GTK_IS_LIST_VIEW (widget);
}

static gboolean
is_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget);
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
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

static void
save_screenshot (GtkWidget  *toplevel,
                 const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (toplevel);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (toplevel);
  int height = gtk_widget_get_height (toplevel);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) loaded = NULL;
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (toplevel)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);

  /* A drawn window has text and widgets: many colours, not a blank. */
  loaded = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (loaded), ==, width);
  pixels = g_new (guint32, width * height);
  gdk_texture_download (loaded, (guchar *) pixels, width * 4);
  for (int i = 0; i < width * height; i += 7)
    g_hash_table_add (colors, GUINT_TO_POINTER (pixels[i]));
  g_assert_cmpuint (g_hash_table_size (colors), >, 50);
}

static void
test_open_samples (void)
{
  g_autofree char *samples = test_sample_path ();
  GListModel *list;

  activate ("win.open-file", g_variant_new_string (samples));
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, 1);

  list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_widget (GTK_WIDGET (window), is_list_view))));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, count_rows ("SELECT count(*) FROM tasks"));
}

static void
test_compare_and_submit (void)
{
  GtkWidget *text_view;
  g_autofree char *state = NULL;
  g_autofree char *choice = NULL;
  g_autofree char *justification = NULL;
  g_autofree char *annotator = NULL;

  /* The first sample task is the legal comparison. */
  activate ("win.select-task", g_variant_new_uint32 (0));
  settle (300);

  /* Submitting without a choice stores nothing. */
  activate ("win.submit", NULL);
  g_assert_null (annotation_field ("state"));

  activate ("win.choose", g_variant_new_string ("B"));
  activate ("win.focus-justification", NULL);
  text_view = find_widget (GTK_WIDGET (window), is_justification);
  g_assert_nonnull (text_view);
  g_assert_true (gtk_widget_has_focus (text_view));
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)),
                                    "B cites the real statute (Labor Code §§ 201–203); A invents "
                                    "Whitcombe v. Danforth, a case that does not exist. Correctness/safety favour B.", -1);

  /* The draft reaches the workspace about a second after typing stops. */
  settle (1200);
  state = annotation_field ("state");
  choice = annotation_field ("choice");
  g_assert_cmpstr (state, ==, "draft");
  g_assert_cmpstr (choice, ==, "B");

  save_screenshot (GTK_WIDGET (window), "compare.png");

  activate ("win.submit", NULL);
  settle (200);
  g_free (state);
  state = annotation_field ("state");
  justification = annotation_field ("justification");
  g_assert_cmpstr (state, ==, "submitted");
  g_assert_true (g_str_has_prefix (justification, "B cites the real statute"));
  annotator = annotation_field ("annotator");
  g_assert_cmpstr (annotator, ==, "Test Annotator");
}

static void
test_export_trl (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "pairs.jsonl", NULL);
  g_autofree char *records = g_build_filename (tmpdir, "records.jsonl", NULL);
  g_autoptr(json_object) a = sample_response ("cmp-legal-final-paycheck", 0);
  g_autoptr(json_object) b = sample_response ("cmp-legal-final-paycheck", 1);
  g_autoptr(json_object) pair = NULL;
  g_autoptr(json_object) record = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) record_lines = NULL;
  json_object *chosen, *rejected;

  activate ("win.export-to", g_variant_new ("(ss)", "trl", out));
  g_assert_true (test_wait_until (file_exists, out, 10000));
  lines = test_read_lines (out);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  pair = json_tokener_parse (lines[0]);

  /* The task has a system message: TRL's conversational form. */
  g_assert_cmpstr (rubric_json_get_string (json_object_array_get_idx (json_object_object_get (pair, "prompt"), 0), "role"),
                   ==, "system");
  chosen = json_object_object_get (json_object_array_get_idx (json_object_object_get (pair, "chosen"), 0), "content");
  rejected = json_object_object_get (json_object_array_get_idx (json_object_object_get (pair, "rejected"), 0), "content");

  /* The picked response and the other one, byte for byte. */
  g_assert_cmpint (json_object_get_string_len (chosen), ==, json_object_get_string_len (b));
  g_assert_cmpint (memcmp (json_object_get_string (chosen), json_object_get_string (b), json_object_get_string_len (b)), ==, 0);
  g_assert_cmpint (json_object_get_string_len (rejected), ==, json_object_get_string_len (a));
  g_assert_cmpint (memcmp (json_object_get_string (rejected), json_object_get_string (a), json_object_get_string_len (a)), ==, 0);

  activate ("win.export-to", g_variant_new ("(ss)", "records", records));
  g_assert_true (test_wait_until (file_exists, records, 10000));
  record_lines = test_read_lines (records);
  record = json_tokener_parse (record_lines[0]);
  g_assert_cmpstr (rubric_json_get_string (record, "annotator"), ==, "Test Annotator");
  g_assert_cmpstr (rubric_json_get_string (record, "choice"), ==, "B");
  g_assert_cmpstr (rubric_json_get_string (json_object_object_get (record, "rubric"), "id"), ==, "general-v1");
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
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "bad.jsonl"));
  g_assert_true (adw_message_dialog_has_response (dialog, "import-valid"));
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_nonnull (extra);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_widget (extra, is_label))), expected));

  settle (500);
  save_screenshot (GTK_WIDGET (dialog), "import-report.png");

  /* Refused whole: the workspace and the window are as they were. */
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, sets);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM tasks"), ==, tasks);
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, before);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (100);
}

static void
test_reopen_returns_to_work (void)
{
  g_autofree char *samples = test_sample_path ();
  gint64 before = rubric_window_get_task_set_id (window);

  activate ("win.open-file", g_variant_new_string (samples));
  settle (200);
  g_assert_true (test_wait_until (window_idle, NULL, 10000));
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, before);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets"), ==, 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM annotations WHERE state = 'submitted'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();
  db = g_build_filename (tmpdir, "workspace.db", NULL);

  app = rubric_application_new (G_APPLICATION_NON_UNIQUE);
  rubric_application_set_db_path (app, db);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (rubric_application_get_settings (app), "annotator-name", "Test Annotator");
  g_settings_set_int (rubric_application_get_settings (app), "window-width", 1280);
  g_settings_set_int (rubric_application_get_settings (app), "window-height", 800);
  g_application_activate (G_APPLICATION (app));
  window = RUBRIC_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  settle (500);

  g_test_add_func ("/app/open-samples", test_open_samples);
  g_test_add_func ("/app/compare-and-submit", test_compare_and_submit);
  g_test_add_func ("/app/export-trl", test_export_trl);
  g_test_add_func ("/app/bad-file-is-refused", test_bad_file_is_refused);
  g_test_add_func ("/app/reopen-returns-to-work", test_reopen_returns_to_work);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
