/* test-app-safety.c — the window when the disk fails, when saved work
 * cannot be read, and beside a second window on the same task
 *
 * The workspace runs on a fault-injecting SQLite VFS; what the person
 * is told is read back off the screen with tesseract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "fault-vfs.h"
#include "rubric-backup.h"
#include "rubric-banner.h"
#include "rubric-import.h"
#include "rubric-library.h"
#include "rubric-store-private.h"
#include "rubric-write-page.h"
#include "test-util.h"

#define N_TASKS 4

static char *tmpdir;
static char *db;
static RubricApplication *app;
static RubricWindow *window;

static gboolean
is_write_view (GtkWidget *widget)
{
  return RUBRIC_IS_WRITE_PAGE (widget) && gtk_widget_get_mapped (widget);
}

static GtkTextBuffer *
editor_of (RubricWindow *win)
{
  GtkWidget *view = app_test_find_widget (GTK_WIDGET (win), is_write_view);

  g_assert_nonnull (view);
  return gtk_text_view_get_buffer (rubric_write_page_get_editor (RUBRIC_WRITE_PAGE (view)));
}

static char *
editor_text (RubricWindow *win)
{
  GtkTextBuffer *buffer = editor_of (win);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Typing at the end of the answer, as the keyboard does. */
static void
type_into (RubricWindow *win,
           const char   *text)
{
  GtkTextBuffer *buffer = editor_of (win);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

static const char *banner_class;

static gboolean
is_banner (GtkWidget *widget)
{
  return RUBRIC_IS_BANNER (widget) && gtk_widget_has_css_class (widget, banner_class);
}

/* What a person reads on the window's banner of that kind: "error" for
 * saving, "warning" for a conflict, "info" for another window; empty
 * when the banner is not shown. */
static char *
read_banner (RubricWindow *win,
             const char   *kind,
             const char   *name)
{
  GtkWidget *banner;
  graphene_rect_t bounds;

  banner_class = kind;
  banner = app_test_find_widget (GTK_WIDGET (win), is_banner);
  g_assert_nonnull (banner);
  /* A banner going away is still mapped while its revealer closes, at
   * no size on the screen: nothing to read. */
  if (!gtk_widget_get_mapped (banner) || gtk_widget_get_height (banner) < 10 ||
      !gtk_widget_compute_bounds (banner, GTK_WIDGET (win), &bounds) ||
      bounds.size.width < 10 || bounds.size.height < 10)
    return g_strdup ("");
  return app_test_read_screen (GTK_WIDGET (win), banner, name);
}

static RubricStore *
store (void)
{
  return rubric_application_get_store (app);
}

/* The stored answer of task @ext_id, or NULL; read from a connection
 * of its own, as another process would see it. */
static char *
stored (const char *ext_id,
        const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT a.%s FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                          " WHERE t.ext_id = ?", column);
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, "unix"), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ext_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

static int
count_rows (const char *sql)
{
  return app_test_count_rows (app, sql);
}

static void
show_task (RubricWindow *win,
           guint         position)
{
  app_test_activate (win, "win.select-task", g_variant_new_uint32 (position));
  app_test_settle (300);
}

static gboolean
window_ready (gpointer data)
{
  return !rubric_window_get_busy (data) && rubric_window_get_task_set_id (data) > 0;
}

static void
test_open (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;

  for (int i = 1; i <= N_TASKS; i++)
    g_string_append_printf (text, "{\"id\":\"w%d\",\"kind\":\"write\",\"prompt\":\"Write answer %d.\"}\n", i, i);
  path = test_write_file (tmpdir, "tasks.jsonl", text->str, text->len);
  app_test_activate (window, "win.open-file", g_variant_new_string (path));
  g_assert_true (test_wait_until (window_ready, window, 20000));
  show_task (window, 0);
}

/* The disk fills while the person types: they are told at once, and
 * nothing typed is dropped, not even on a task they moved away from. */
static void
test_disk_full (void)
{
  g_autofree char *ocr = NULL;
  g_autofree char *w1 = NULL;
  g_autofree char *w2 = NULL;
  g_autofree char *shown = NULL;

  type_into (window, "Typed before the disk filled");
  rubric_window_save_now (window);
  w1 = stored ("w1", "answer");
  g_assert_cmpstr (w1, ==, "Typed before the disk filled");

  fault_vfs_fail_writes (SQLITE_FULL);
  type_into (window, ", and typed after");
  app_test_settle (1200);
  ocr = read_banner (window, "error", "save-failed.png");
  g_test_message ("read off the screen: %s", ocr);
  g_assert_true (app_test_text_has (ocr, "Your work is not being saved"));
  g_assert_true (app_test_text_has (ocr, "full"));

  /* On to the next task and on typing; nothing reaches the disk. */
  show_task (window, 1);
  type_into (window, "Second task, also unsaved");
  app_test_settle (1000);
  g_free (w1);
  w1 = stored ("w1", "answer");
  g_assert_cmpstr (w1, ==, "Typed before the disk filled");
  g_assert_null (stored ("w2", "answer"));

  /* Back on the first task, the words are there, from memory. */
  show_task (window, 0);
  shown = editor_text (window);
  g_assert_cmpstr (shown, ==, "Typed before the disk filled, and typed after");

  /* Room again: the retry saves both, and the banner goes. */
  fault_vfs_fail_writes (0);
  app_test_settle (2600);
  g_free (w1);
  w1 = stored ("w1", "answer");
  w2 = stored ("w2", "answer");
  g_assert_cmpstr (w1, ==, "Typed before the disk filled, and typed after");
  g_assert_cmpstr (w2, ==, "Second task, also unsaved");
  g_free (ocr);
  ocr = read_banner (window, "error", "save-recovered.png");
  g_assert_false (app_test_text_has (ocr, "not being saved"));
}

/* Submitting on a failing disk submits nothing, says so, and leaves
 * the task open; submitting again when the disk works does. */
static void
test_failed_submit (void)
{
  g_autofree char *state = NULL;

  show_task (window, 0);
  fault_vfs_fail_writes (SQLITE_IOERR_WRITE);
  app_test_activate (window, "win.submit", NULL);
  app_test_settle (300);
  state = stored ("w1", "state");
  g_assert_cmpstr (state, ==, "draft");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (rubric_write_page_get_editor (
    RUBRIC_WRITE_PAGE (app_test_find_widget (GTK_WIDGET (window), is_write_view))))));

  fault_vfs_fail_writes (0);
  app_test_activate (window, "win.retry-save", NULL);
  app_test_activate (window, "win.submit", NULL);
  app_test_settle (300);
  g_free (state);
  state = stored ("w1", "state");
  g_assert_cmpstr (state, ==, "submitted");
}

/* Byte range of a table's pages in the database file, after a
 * checkpoint has put every page there. */
static void
table_pages (const char *table,
             gint64     *from,
             gint64     *to)
{
  sqlite3 *conn = _rubric_store_get_db (store ());
  g_autofree char *sql = g_strdup_printf ("SELECT min (pageno), max (pageno) FROM dbstat WHERE name = '%s'", table);
  sqlite3_stmt *stmt = NULL;
  int page_size = count_rows ("PRAGMA page_size");

  g_assert_cmpint (sqlite3_exec (conn, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *from = (sqlite3_column_int64 (stmt, 0) - 1) * page_size;
  *to = sqlite3_column_int64 (stmt, 1) * page_size;
  sqlite3_finalize (stmt);
}

/* Saved work that cannot be read is never replaced by an empty page
 * that autosave would then write over it. */
static void
test_unreadable_work (void)
{
  g_autofree char *ocr = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *shown = NULL;
  gint64 from, to;

  show_task (window, 2);
  type_into (window, "A draft worth keeping");
  show_task (window, 3);

  table_pages ("annotations", &from, &to);
  sqlite3_db_release_memory (_rubric_store_get_db (store ()));
  fault_vfs_fail_reads_in (SQLITE_IOERR_READ, from, to);
  show_task (window, 2);
  ocr = app_test_read_screen (GTK_WIDGET (window), NULL, "load-failed.png");
  fault_vfs_fail_reads (0);
  g_test_message ("read off the screen: %s", ocr);
  g_assert_true (app_test_text_has (ocr, "could not be read"));
  g_assert_null (app_test_find_widget (GTK_WIDGET (window), is_write_view));

  app_test_settle (1500);
  answer = stored ("w3", "answer");
  g_assert_cmpstr (answer, ==, "A draft worth keeping");

  app_test_activate (window, "win.retry-load", NULL);
  app_test_settle (300);
  shown = editor_text (window);
  g_assert_cmpstr (shown, ==, "A draft worth keeping");
}

static gboolean
banner_shows (RubricWindow *win,
              const char   *kind,
              const char   *title_part)
{
  g_autofree char *ocr = read_banner (win, kind, "banner-check.png");

  return app_test_text_has (ocr, title_part);
}

/* Two windows on one task: the one with nothing unsaved follows the
 * other; when both changed it, the later save does not win blindly. */
static void
test_two_windows (void)
{
  RubricWindow *second;
  g_autofree char *ocr = NULL;
  g_autofree char *text = NULL;
  g_autofree char *answer = NULL;
  GtkWidget *toplevel;

  show_task (window, 3);
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  app_test_settle (800);
  second = RUBRIC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (second != window);
  g_assert_true (test_wait_until (window_ready, second, 10000));
  show_task (second, 3);
  app_test_settle (1500);
  ocr = read_banner (second, "info", "two-windows.png");
  g_assert_true (app_test_text_has (ocr, "This workspace is also open in another Rubric window"));

  /* The second window has nothing unsaved: it shows the first's work. */
  type_into (window, "From the first window");
  rubric_window_save_now (window);
  app_test_settle (300);
  text = editor_text (second);
  g_assert_cmpstr (text, ==, "From the first window");

  /* Both change it; the first saves first. */
  type_into (second, ", edited in the second");
  type_into (window, ", edited in the first");
  rubric_window_save_now (window);
  app_test_settle (500);
  answer = stored ("w4", "answer");
  g_assert_cmpstr (answer, ==, "From the first window, edited in the first");
  g_assert_cmpint (count_rows ("SELECT count(*) FROM annotation_history WHERE reason = 'conflict'"
                               " AND answer = 'From the first window, edited in the second'"), ==, 1);
  g_free (ocr);
  ocr = read_banner (second, "warning", "conflict.png");
  g_test_message ("read off the screen: %s", ocr);
  g_assert_true (app_test_text_has (ocr, "This task was changed in another window"));

  /* Keep Mine: the second's version wins, the first's goes to history. */
  app_test_activate (second, "win.resolve-conflict", g_variant_new_string ("mine"));
  app_test_settle (300);
  g_free (answer);
  answer = stored ("w4", "answer");
  g_assert_cmpstr (answer, ==, "From the first window, edited in the second");
  g_assert_cmpint (count_rows ("SELECT count(*) FROM annotation_history WHERE reason = 'overwritten'"
                               " AND answer = 'From the first window, edited in the first'"), ==, 1);
  g_assert_false (banner_shows (second, "warning", "changed in another window"));
  app_test_settle (300);
  g_free (text);
  text = editor_text (window);
  g_assert_cmpstr (text, ==, "From the first window, edited in the second");

  /* Closing with unsaved work asks first. */
  fault_vfs_fail_writes (SQLITE_FULL);
  type_into (second, " and more");
  app_test_settle (1000);
  gtk_window_close (GTK_WINDOW (second));
  app_test_settle (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (second)));
  g_assert_nonnull (app_test_find_dialog ());
  g_assert_cmpstr (adw_message_dialog_get_heading (app_test_find_dialog ()), ==, "Your Work Is Not Saved");
  toplevel = GTK_WIDGET (app_test_find_dialog ());
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (toplevel), "cancel");
  gtk_window_destroy (GTK_WINDOW (toplevel));
  fault_vfs_fail_writes (0);
  app_test_settle (2600);
  g_free (answer);
  answer = stored ("w4", "answer");
  g_assert_cmpstr (answer, ==, "From the first window, edited in the second and more");

  /* The other window gone, the banner goes too. */
  gtk_window_close (GTK_WINDOW (second));
  app_test_settle (2000);
  g_assert_false (banner_shows (window, "info", "also open in another"));
}

/* A backup when the workspace changed and the newest is an hour old. */
static void
test_backup_when_due (void)
{
  g_autoptr(GPtrArray) backups = NULL;
  gint64 now = g_get_real_time ();

  g_assert_true (rubric_application_backup_if_due (app, now));
  app_test_settle (1500);
  backups = rubric_backup_list (db, NULL);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_false (rubric_application_backup_if_due (app, now + 30 * G_TIME_SPAN_MINUTE));
  /* Unchanged, it is not backed up again. */
  g_assert_false (rubric_application_backup_if_due (app, now + 2 * G_TIME_SPAN_HOUR));
  show_task (window, 1);
  type_into (window, " changed");
  rubric_window_save_now (window);
  g_assert_true (rubric_application_backup_if_due (app, now + 2 * G_TIME_SPAN_HOUR));
  app_test_settle (1500);
}

static gint64
import_set (RubricStore *store,
            const char  *name)
{
  g_autofree char *text = g_strdup_printf ("{\"format\":\"rubric-tasks/1\",\"name\":\"%s\"}\n"
                                           "{\"id\":\"w\",\"kind\":\"write\",\"prompt\":\"%s\"}\n", name, name);
  g_autofree char *file = g_strdup_printf ("%s.jsonl", name);
  g_autofree char *path = test_write_file (tmpdir, file, text, -1);
  g_autoptr(RubricImportResult) result = NULL;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
  return result->set_id;
}

static int
count_sets (const char *path)
{
  g_autoptr(RubricStore) store = rubric_store_new (path, NULL);

  return test_count_rows (store, "SELECT count(*) FROM task_sets");
}

static gboolean
two_sets_left (gpointer path)
{
  return count_sets (path) == 2;
}

/* A set deleted over a day ago goes for good when the app starts, in
 * the background; one deleted within the day can still come back. */
static void
test_purge_deleted_sets (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "purge.db", NULL);
  gint64 now = g_get_real_time () / 1000;
  RubricApplication *other;
  RubricWindow *other_window;

  {
    g_autoptr(RubricStore) store = rubric_store_new (path, NULL);

    import_set (store, "Kept");
    g_assert_true (rubric_library_delete (store, import_set (store, "Old"), now - 2 * RUBRIC_LIBRARY_KEEP_DELETED_MS, NULL));
    g_assert_true (rubric_library_delete (store, import_set (store, "Recent"), now - 60 * 60 * 1000, NULL));
  }
  g_assert_cmpint (count_sets (path), ==, 3);

  other = app_test_new_app (path, &other_window);
  g_assert_true (test_wait_until (two_sets_left, path, 10000));
  app_test_settle (300);
  g_assert_cmpint (count_sets (path), ==, 2);
  gtk_window_destroy (GTK_WINDOW (other_window));
  g_object_unref (other);
}

int
main (int    argc,
      char **argv)
{
  int status;

  app_test_init (&argc, &argv);
  fault_vfs_install ();
  tmpdir = test_tmpdir ();
  db = g_build_filename (tmpdir, "workspace.db", NULL);
  app = app_test_new_app (db, &window);

  g_test_add_func ("/app-safety/open", test_open);
  g_test_add_func ("/app-safety/disk-full", test_disk_full);
  g_test_add_func ("/app-safety/failed-submit", test_failed_submit);
  g_test_add_func ("/app-safety/unreadable-work", test_unreadable_work);
  g_test_add_func ("/app-safety/two-windows", test_two_windows);
  g_test_add_func ("/app-safety/backup-when-due", test_backup_when_due);
  g_test_add_func ("/app-safety/purge-deleted-sets", test_purge_deleted_sets);

  status = g_test_run ();
  fault_vfs_fail_writes (0);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  if (status == 0)
    test_rm_rf (tmpdir);
  g_free (db);
  return status;
}
