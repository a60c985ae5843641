/* bench-typing.c — typing into a 50 KB answer while autosave runs
 *
 * Inserts characters as a keystroke does, one every 30 ms for 400
 * keys, and times each from the insert to the frame painted; the
 * window saves its draft on its own timer meanwhile. Then it times the
 * save itself. Prints figures; never fails on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-loop.h"
#include "rubric-application.h"
#include "rubric-json.h"
#include "rubric-store-private.h"
#include "rubric-window.h"
#include "rubric-write-page.h"

#define KEYS 400
#define SAVES 50

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static GtkWidget *
find_write_view (GtkWidget *root)
{
  if (RUBRIC_IS_WRITE_PAGE (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_write_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
write_task (const char *dir)
{
  g_autoptr(GString) draft = g_string_new (NULL);
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Typing\"}\n{\"id\":\"w\",\"kind\":\"write\","
                                           "\"prompt\":\"Improve this.\",\"draft\":");
  char *path = g_build_filename (dir, "typing.jsonl", NULL);

  for (int i = 0; draft->len < 50 * 1024; i++)
    g_string_append_printf (draft, "Paragraph %d explains the change in plain words, with `code` and **emphasis**.\n\n", i);
  rubric_json_append_string (file, draft->str, draft->len);
  g_string_append (file, "}\n");
  g_file_set_contents (path, file->str, file->len, NULL);
  return path;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("rubric-typing-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autofree char *path = write_task (dir);
  g_autoptr(RubricApplication) app = NULL;
  double keys[KEYS], saves[SAVES], synced[SAVES];
  RubricWindow *window;
  GtkTextView *editor;
  GtkTextBuffer *buffer;
  GdkFrameClock *clock;
  GtkTextIter middle;
  gulong handler;

  app = rubric_application_new (G_APPLICATION_NON_UNIQUE);
  rubric_application_set_db_path (app, db);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_settings_set_int (rubric_application_get_settings (app), "window-width", 1280);
  g_settings_set_int (rubric_application_get_settings (app), "window-height", 800);
  g_application_activate (G_APPLICATION (app));
  window = RUBRIC_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  bench_draw_as_release (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-file", "s", path);
  while (rubric_window_get_busy (window) || rubric_window_get_task_set_id (window) == 0)
    g_main_context_iteration (NULL, TRUE);
  bench_iterate_for (1000);

  editor = rubric_write_page_get_editor (RUBRIC_WRITE_PAGE (find_write_view (GTK_WIDGET (window))));
  buffer = gtk_text_view_get_buffer (editor);
  gtk_widget_grab_focus (GTK_WIDGET (editor));
  gtk_text_buffer_get_iter_at_offset (buffer, &middle, gtk_text_buffer_get_char_count (buffer) / 2);
  gtk_text_buffer_place_cursor (buffer, &middle);
  gtk_text_view_scroll_to_mark (editor, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 0.5);
  bench_iterate_for (500);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  for (guint i = 0; i < KEYS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      char c[2] = { "typing into a long answer "[i % 26], 0 };

      painted = FALSE;
      gtk_text_buffer_insert_at_cursor (buffer, c, 1);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      keys[i] = (g_get_monotonic_time () - start) / 1000.0;
      bench_iterate_for (30);
    }
  g_signal_handler_disconnect (clock, handler);

  for (guint i = 0; i < SAVES; i++)
    {
      gint64 start;

      gtk_text_buffer_insert_at_cursor (buffer, "x", 1);
      start = g_get_monotonic_time ();
      rubric_window_save_now (window);
      saves[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  /* The peer in the same run: the same saves if every draft were
   * synced to the disk, as submissions are. */
  _rubric_store_exec (rubric_application_get_store (app), "PRAGMA synchronous = FULL", NULL);
  for (guint i = 0; i < SAVES; i++)
    {
      gint64 start;

      gtk_text_buffer_insert_at_cursor (buffer, "x", 1);
      start = g_get_monotonic_time ();
      rubric_window_save_now (window);
      synced[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  _rubric_store_exec (rubric_application_get_store (app), "PRAGMA synchronous = NORMAL", NULL);

  qsort (keys, KEYS, sizeof (double), compare_doubles);
  qsort (saves, SAVES, sizeof (double), compare_doubles);
  qsort (synced, SAVES, sizeof (double), compare_doubles);
  g_print ("typing into a %d KB answer, autosave on, GSK renderer %s%s (target: no frame over 16 ms from saving)\n",
           gtk_text_buffer_get_char_count (buffer) / 1024,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           bench_drawing ());
  g_print ("keystroke → frame painted     median %6.1f ms   worst %6.1f ms   (%d keys, %d drafts saved)\n",
           keys[KEYS / 2], keys[KEYS - 1], KEYS, KEYS * 30 / 700);
  g_print ("saving the draft (50 KB)      median %6.1f ms   worst %6.1f ms   (%d saves, WAL synchronous=NORMAL)\n",
           saves[SAVES / 2], saves[SAVES - 1], SAVES);
  g_print ("  the same, synced (FULL)     median %6.1f ms   worst %6.1f ms   (%.1f× the median; submissions pay this)\n",
           synced[SAVES / 2], synced[SAVES - 1], synced[SAVES / 2] / MAX (saves[SAVES / 2], 0.001));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
