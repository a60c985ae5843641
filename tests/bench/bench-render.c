/* bench-render.c — from "next task" to the new task on screen
 *
 * Prints the median and worst of 50 for typical pairs and for pairs of
 * 200 KB responses with code blocks. A figure, never a pass or fail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bench-loop.h"
#include "rubric-application.h"
#include "rubric-json.h"
#include "rubric-markdown-view.h"
#include "rubric-window.h"

#define ROUNDS 50

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

static char *
response_text (guint task,
               guint side,
               gsize target)
{
  GString *text = g_string_new (NULL);
  guint block = 0;

  while (text->len < target)
    {
      g_string_append_printf (text, "## Part %u\n\nThe function below handles case %u of task %u; "
                                    "note the *bounds* and the `len - 1` on side %c.\n\n", block, block, task, 'A' + side);
      g_string_append (text, "- first point about the loop\n- second point about the **edge** cases\n\n");
      g_string_append_printf (text, "```python\ndef search_%u(items, target):\n    lo, hi = 0, len(items) - 1\n"
                                    "    while lo <= hi:\n        mid = (lo + hi) // 2\n        if items[mid] == target:\n"
                                    "            return mid\n        if items[mid] < target:\n            lo = mid + 1\n"
                                    "        else:\n            hi = mid - 1\n    return -1\n```\n\n", block);
      block++;
    }
  return g_string_free (text, FALSE);
}

static char *
write_tasks (const char *dir,
             const char *name,
             gsize       size)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Bench\"}\n");
  g_autofree char *path = g_build_filename (dir, name, NULL);

  for (guint i = 0; i <= ROUNDS; i++)
    {
      g_autofree char *a = response_text (i, 0, size);
      g_autofree char *b = response_text (i, 1, size);
      gboolean first = TRUE;

      g_string_append_c (file, '{');
      rubric_json_append_key (file, &first, "id");
      g_string_append_printf (file, "\"t%03u\"", i);
      rubric_json_append_key (file, &first, "kind");
      g_string_append (file, "\"compare\"");
      rubric_json_append_key (file, &first, "prompt");
      rubric_json_append_cstring (file, "Which implementation is correct, and why?");
      rubric_json_append_key (file, &first, "responses");
      g_string_append (file, "[{\"id\":\"a\",\"content\":");
      rubric_json_append_cstring (file, a);
      g_string_append (file, "},{\"id\":\"b\",\"content\":");
      rubric_json_append_cstring (file, b);
      g_string_append (file, "}]}\n");
    }
  g_file_set_contents (path, file->str, file->len, NULL);
  return g_steal_pointer (&path);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Until the window has painted nothing for 100 ms (at most 2 s): after
 * a task is shown, its text views lay out the rest of their text and
 * its buttons' transitions run in the frames that follow. A person's
 * next key press finds them done; one pressed sooner waits for the
 * frame clock's next tick, up to 16.7 ms. */
static void
settle (void)
{
  gint64 give_up = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  for (;;)
    {
      painted = FALSE;
      bench_iterate_for (100);
      if (!painted || g_get_monotonic_time () > give_up)
        return;
    }
}

/* A frame that paints every pixel of the unchanged window again, the
 * renderer's share of a frame: the window's content is drawn at an
 * opacity below one (a frame not timed), then at one again, which
 * damages all of it without a change of style or layout. */
static double
full_repaint (RubricWindow *window)
{
  GtkWidget *content = gtk_window_get_child (GTK_WINDOW (window));
  gint64 start;

  painted = FALSE;
  gtk_widget_set_opacity (content, 0.99);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  settle ();

  start = g_get_monotonic_time ();
  painted = FALSE;
  gtk_widget_set_opacity (content, 1.0);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
measure (RubricWindow *window,
         const char   *path,
         const char   *label)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  double times[ROUNDS], work[ROUNDS], repaint[ROUNDS];
  gulong handler;
  guint taken;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-file", "s", path);
  while (rubric_window_get_busy (window) || rubric_window_get_task_set_id (window) == 0)
    g_main_context_iteration (NULL, TRUE);
  bench_iterate_for (500);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-task", "u", 0);
  bench_iterate_for (300);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  settle ();
  taken = _rubric_markdown_view_get_n_taken_ahead ();
  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      painted = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.next-task", NULL);
      work[i] = (g_get_monotonic_time () - start) / 1000.0;
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      settle ();

      repaint[i] = full_repaint (window);
      settle ();
    }
  g_signal_handler_disconnect (clock, handler);

  qsort (times, ROUNDS, sizeof (double), compare_doubles);
  qsort (work, ROUNDS, sizeof (double), compare_doubles);
  qsort (repaint, ROUNDS, sizeof (double), compare_doubles);
  g_print ("%-34s median %7.1f ms   worst %7.1f ms   (%d tasks)\n", label, times[ROUNDS / 2], times[ROUNDS - 1], ROUNDS);
  g_print ("%-34s median %7.1f ms   worst %7.1f ms   (%u texts rendered ahead)\n", "  of which building the task",
           work[ROUNDS / 2], work[ROUNDS - 1], _rubric_markdown_view_get_n_taken_ahead () - taken);
  g_print ("%-34s median %7.1f ms   worst %7.1f ms   (next task is %.2f× the median)\n",
           "  peer: every pixel painted again", repaint[ROUNDS / 2], repaint[ROUNDS - 1],
           times[ROUNDS / 2] / MAX (repaint[ROUNDS / 2], 0.001));
}

static GtkWidget *
find_editor (GtkWidget *root)
{
  if (GTK_IS_TEXT_VIEW (root) && gtk_text_view_get_editable (GTK_TEXT_VIEW (root)) && gtk_widget_get_mapped (root) &&
      gtk_widget_has_css_class (root, "answer-editor"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_editor (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
write_answers (const char *dir)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Answers\"}\n");
  char *path = g_build_filename (dir, "answers.jsonl", NULL);

  for (guint i = 0; i < 2 * ROUNDS + 2; i++)
    g_string_append_printf (file, "{\"id\":\"w%03u\",\"kind\":\"write\",\"prompt\":\"Answer question %u in a sentence.\"}\n",
                            i, i);
  g_file_set_contents (path, file->str, file->len, NULL);
  return path;
}

/*
 * A submission commits with synchronous=FULL, so that it survives a
 * power cut; moving on after a draft, which is only crash-safe, is the
 * peer. Both write the same answer and paint the next task.
 */
static void
measure_submit (RubricWindow *window,
                const char   *path)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  double submitted[ROUNDS], drafted[ROUNDS];
  gulong handler;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-file", "s", path);
  while (rubric_window_get_busy (window) || rubric_window_get_task_set_id (window) == 0)
    g_main_context_iteration (NULL, TRUE);
  bench_iterate_for (500);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  for (guint i = 0; i < 2 * ROUNDS; i++)
    {
      GtkWidget *editor = find_editor (GTK_WIDGET (window));
      gint64 start;

      gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), "An answer of a few words.", -1);
      start = g_get_monotonic_time ();
      painted = FALSE;
      if (i % 2 == 0)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL);
      else
        {
          rubric_window_save_now (window);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.next-task", NULL);
        }
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      (i % 2 == 0 ? submitted : drafted)[i / 2] = (g_get_monotonic_time () - start) / 1000.0;
      bench_iterate_for (30);
    }
  g_signal_handler_disconnect (clock, handler);

  qsort (submitted, ROUNDS, sizeof (double), compare_doubles);
  qsort (drafted, ROUNDS, sizeof (double), compare_doubles);
  g_print ("%-34s median %7.1f ms   worst %7.1f ms   (%d tasks, synced)\n", "submit → next task painted",
           submitted[ROUNDS / 2], submitted[ROUNDS - 1], ROUNDS);
  g_print ("%-34s median %7.1f ms   worst %7.1f ms   (submit is %.2f× the median)\n", "  peer: save draft, next task",
           drafted[ROUNDS / 2], drafted[ROUNDS - 1], submitted[ROUNDS / 2] / MAX (drafted[ROUNDS / 2], 0.001));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("rubric-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autofree char *typical = write_tasks (dir, "typical.jsonl", 2500);
  g_autofree char *large = write_tasks (dir, "large.jsonl", 200 * 1024);
  g_autofree char *answers = write_answers (dir);
  g_autoptr(RubricApplication) app = NULL;
  RubricWindow *window;

  app = rubric_application_new (G_APPLICATION_NON_UNIQUE);
  rubric_application_set_db_path (app, db);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_settings_set_int (rubric_application_get_settings (app), "window-width", 1280);
  g_settings_set_int (rubric_application_get_settings (app), "window-height", 800);
  g_application_activate (G_APPLICATION (app));
  window = RUBRIC_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  bench_draw_as_release (GTK_WIDGET (window));
  bench_iterate_for (500);

  g_print ("next task → new task painted, 1280×800, GSK renderer %s%s (target: 16 ms typical, 50 ms for 200 KB)\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           bench_drawing ());
  if (g_strcmp0 (g_getenv ("RUBRIC_BENCH_ONLY"), "large") != 0)
    measure (window, typical, "typical pair (2.5 KB responses)");
  if (g_strcmp0 (g_getenv ("RUBRIC_BENCH_ONLY"), "typical") != 0)
    measure (window, large, "large pair (200 KB, code blocks)");
  if (g_getenv ("RUBRIC_BENCH_ONLY") == NULL || g_str_equal (g_getenv ("RUBRIC_BENCH_ONLY"), "submit"))
    measure_submit (window, answers);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
