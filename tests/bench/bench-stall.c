/* bench-stall.c — the longest the window stops answering, on tasks
 * whose fields are as big as a task file may make them.
 *
 *   bench-stall [DIR]
 *
 * Writes a task file into DIR (default: a new folder in the temporary
 * one) whose tasks carry fields just under the reader's 16 MiB limit
 * (markdown paragraphs, one line without a space, a code block, a
 * prompt), a 1 MB table, lists nested 10,000 deep and a 200 KB
 * response, after two small tasks that are the peer. The window opens
 * the file (win.open-file), then moves through the tasks with
 * win.next-task and scrolls each page to its end.
 *
 * A stall is the longest time the main thread did not come back to its
 * loop: a 2 ms timeout keeps the loop waking, so an idle window never
 * shows more than that, and anything longer is work done on the main
 * thread (the action itself, layout, drawing). Each change is followed
 * until a second passes without a turn of the loop over 20 ms.
 * BENCH_STALL_CASES=16m-md,table keeps only those tasks (and the
 * small ones), to look at one under a profiler; BENCH_STALL_VERBOSE=1
 * also prints when each longest stall began, to find it in a profile
 * recorded with perf record -k CLOCK_MONOTONIC. Prints each figure beside
 * the small task's and the 200 ms budget; never fails on them. "Busy
 * until" is when the main thread last worked for over 20 ms at a time,
 * after the text of every view was in (laid out on a thread, inserted
 * in chunks).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "rubric-application.h"
#include "rubric-markdown-view.h"
#include "rubric-window.h"

#define BUDGET_MS   200.0
#define FIELD_BYTES (16 * 1024 * 1024 - 64 * 1024)
#define QUIET_MS    1000
#define BUSY_MS     20
#define CAP_MS      120000

typedef struct
{
  const char *id;
  const char *label;
} Case;

static const Case cases[] = {
  { "small-1", "small task (peer)" },
  { "small-2", "small task (peer)" },
  { "200k", "200 KB response, paragraphs" },
  { "200k-line", "200 KB response, one paragraph" },
  { "table", "1 MB markdown table" },
  { "nested", "lists nested 10,000 deep" },
  { "16m-md", "16 MB response, paragraphs" },
  { "16m-line", "16 MB response, one line, no space" },
  { "16m-code", "16 MB response, one code block" },
  { "small-write", "first write task, small" },
  { "16m-prompt", "16 MB prompt (write task)" },
};

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Words of a few sentences, over and over, in paragraphs of @paragraph
 * bytes (0: one paragraph). */
static char *
prose (gsize size,
       gsize paragraph)
{
  static const char *words[] = { "The", "measured", "value", "was", "3.14,", "and", "the", "reviewer",
                                 "noted", "that", "**each**", "claim", "needs", "a", "source", "—", "ünïcode", "too." };
  GString *text = g_string_sized_new (size + 64);
  gsize since = 0;

  for (guint i = 0; text->len < size; i++)
    {
      const char *word = words[i % G_N_ELEMENTS (words)];

      if (paragraph > 0 && since >= paragraph)
        {
          g_string_append (text, "\n\n");
          since = 0;
        }
      else if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, word);
      since += strlen (word) + 1;
    }
  return g_string_free (text, FALSE);
}

static char *
one_line (gsize size)
{
  char *text = g_malloc (size + 1);

  for (gsize i = 0; i < size; i++)
    text[i] = 'a' + i % 26;
  text[size] = '\0';
  return text;
}

static char *
code_block (gsize size)
{
  GString *text = g_string_new ("```c\n");

  for (guint i = 0; text->len < size; i++)
    g_string_append_printf (text, "static int value_%u = %u; /* line %u */\n", i, i * 7, i);
  g_string_append (text, "```\n");
  return g_string_free (text, FALSE);
}

static char *
table (gsize size)
{
  GString *text = g_string_new ("| id | name | value | note |\n|---|---|---|---|\n");

  for (guint i = 0; text->len < size; i++)
    g_string_append_printf (text, "| %u | row %u | %u.%02u | a cell of text |\n", i, i, i / 100, i % 100);
  return g_string_free (text, FALSE);
}

static char *
nested (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    {
      for (guint j = 0; j < i && j < 400; j++)
        g_string_append (text, "  ");
      g_string_append_printf (text, "- level %u\n", i);
    }
  return g_string_free (text, FALSE);
}

static json_object *
response (const char *id,
          char       *content)
{
  json_object *object = json_object_new_object ();

  json_object_object_add (object, "id", json_object_new_string (id));
  json_object_object_add (object, "content", json_object_new_string (content));
  g_free (content);
  return object;
}

/* A task of @kind; @content, taken, is its one response, or the prompt
 * of a write task. */
static json_object *
task (const char *id,
      const char *kind,
      char       *content)
{
  json_object *object = json_object_new_object ();
  json_object *responses = json_object_new_array ();

  json_object_object_add (object, "id", json_object_new_string (id));
  json_object_object_add (object, "kind", json_object_new_string (kind));
  if (g_str_equal (kind, "write"))
    {
      json_object_object_add (object, "prompt", json_object_new_string (content));
      g_free (content);
      json_object_put (responses);
      return object;
    }
  json_object_object_add (object, "prompt", json_object_new_string ("Check this answer for errors."));
  if (g_str_equal (kind, "compare"))
    json_object_array_add (responses, response ("a", g_strdup ("Paris.")));
  json_object_array_add (responses, response (g_str_equal (kind, "compare") ? "b" : "r", content));
  json_object_object_add (object, "responses", responses);
  return object;
}

static gboolean
wanted (const Case *c)
{
  const char *only = g_getenv ("BENCH_STALL_CASES");
  g_auto(GStrv) ids = NULL;

  if (only == NULL || g_str_has_prefix (c->id, "small"))
    return TRUE;
  ids = g_strsplit (only, ",", -1);
  return g_strv_contains ((const char * const *) ids, c->id);
}

static json_object *
make_task (const Case *c)
{
  if (g_str_equal (c->id, "small-write"))
    return task (c->id, "write", g_strdup ("Write a haiku about rain."));
  if (g_str_has_prefix (c->id, "small"))
    return task (c->id, "compare", g_strdup ("1945."));
  if (g_str_equal (c->id, "200k"))
    return task (c->id, "compare", prose (200 * 1024, 600));
  if (g_str_equal (c->id, "200k-line"))
    return task (c->id, "review", prose (200 * 1024, 0));
  if (g_str_equal (c->id, "table"))
    return task (c->id, "review", table (1024 * 1024));
  if (g_str_equal (c->id, "nested"))
    return task (c->id, "review", nested (10000));
  if (g_str_equal (c->id, "16m-md"))
    return task (c->id, "review", prose (FIELD_BYTES, 800));
  if (g_str_equal (c->id, "16m-line"))
    return task (c->id, "review", one_line (FIELD_BYTES));
  if (g_str_equal (c->id, "16m-code"))
    return task (c->id, "review", code_block (FIELD_BYTES));
  return task (c->id, "write", prose (FIELD_BYTES, 800));
}

static char *
write_tasks (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "big-fields.jsonl", NULL);
  g_autofree char *name = g_strdup_printf ("Big fields %" G_GINT64_FORMAT, g_get_real_time ());
  FILE *out = fopen (path, "w");
  json_object *header = json_object_new_object ();

  if (out == NULL)
    {
      g_printerr ("bench-stall: cannot write %s\n", path);
      exit (1);
    }
  json_object_object_add (header, "format", json_object_new_string ("rubric-tasks/1"));
  json_object_object_add (header, "name", json_object_new_string (name));
  fprintf (out, "%s\n", json_object_to_json_string_ext (header, JSON_C_TO_STRING_PLAIN));
  json_object_put (header);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      json_object *object;

      if (!wanted (&cases[i]))
        continue;
      object = make_task (&cases[i]);
      fprintf (out, "%s\n", json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
      json_object_put (object);
    }
  if (fclose (out) != 0)
    {
      g_printerr ("bench-stall: cannot write %s\n", path);
      exit (1);
    }
  return g_steal_pointer (&path);
}

typedef struct
{
  double stall_ms;   /* the longest the loop was away */
  double settle_ms;  /* to the end of the last turn of over BUSY_MS */
  gint64 stall_from; /* monotonic µs at which the longest stall began */
} Figure;

/* Runs the loop from @start, when the change began, until QUIET_MS
 * pass without a turn of over BUSY_MS and @done (if any) holds. (Not
 * until nothing is painted: a blinking cursor paints forever.) */
static Figure
follow (gint64 start,
        gint64 action_end,
        gboolean (*done) (gpointer),
        gpointer data)
{
  Figure figure = { (action_end - start) / 1000.0, (action_end - start) / 1000.0, start };
  gint64 before = action_end, busy_until = action_end;

  for (;;)
    {
      gint64 now;

      g_main_context_iteration (NULL, TRUE);
      now = g_get_monotonic_time ();
      if ((now - before) / 1000.0 > figure.stall_ms)
        {
          figure.stall_ms = (now - before) / 1000.0;
          figure.stall_from = before;
        }
      if (now - before > BUSY_MS * 1000)
        busy_until = now;
      before = now;
      if (now - start > (gint64) CAP_MS * 1000)
        break;
      if ((done == NULL || done (data)) && now - busy_until > (gint64) QUIET_MS * 1000)
        break;
    }
  figure.settle_ms = (busy_until - start) / 1000.0;
  return figure;
}

static gboolean
not_busy (gpointer window)
{
  return !rubric_window_get_busy (window);
}

/* Whether every markdown view on screen has all its text: a long one is
 * laid out on a thread and inserted in chunks after the action. */
static gboolean
all_shown (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return TRUE;
  if (RUBRIC_IS_MARKDOWN_VIEW (root) && !rubric_markdown_view_is_shown (RUBRIC_MARKDOWN_VIEW (root)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!all_shown (child))
        return FALSE;
    }
  return TRUE;
}

static gboolean
shown (gpointer window)
{
  return all_shown (window);
}

static void
print_figure (const char *what,
              Figure      figure,
              double      peer_ms)
{
  g_print ("  %-40s stall %8.1f ms", what, figure.stall_ms);
  if (peer_ms > 0)
    g_print ("  %6.1fx small", figure.stall_ms / peer_ms);
  g_print ("   budget <= %3.0f ms  %s   busy until %8.1f ms\n", BUDGET_MS,
           figure.stall_ms <= BUDGET_MS ? "ok" : "OVER", figure.settle_ms);
  /* To find the stall in a profile: perf record -k CLOCK_MONOTONIC. */
  if (g_getenv ("BENCH_STALL_VERBOSE") != NULL)
    g_print ("    longest stall from %.6f s (CLOCK_MONOTONIC)\n", figure.stall_from / (double) G_USEC_PER_SEC);
}

static GtkScrolledWindow *
deepest_scroller (GtkWidget *root,
                  int       *best_height)
{
  GtkScrolledWindow *found = NULL;

  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_SCROLLED_WINDOW (root))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (root));
      int height = gtk_adjustment_get_upper (adjustment);

      if (height > *best_height)
        {
          *best_height = height;
          found = GTK_SCROLLED_WINDOW (root);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *deeper = deepest_scroller (child, best_height);

      if (deeper != NULL)
        found = deeper;
    }
  return found;
}

/* Scrolls the tallest scrolled view of the window (the page, not the
 * task list, which is shorter here) to its end. */
static Figure
scroll_to_end (RubricWindow *window)
{
  int height = 0;
  GtkScrolledWindow *scroller = deepest_scroller (GTK_WIDGET (window), &height);
  gint64 start = g_get_monotonic_time ();
  GtkAdjustment *adjustment;

  if (scroller == NULL)
    return follow (start, start, NULL, NULL);
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return follow (start, g_get_monotonic_time (), NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = argc > 1 ? g_strdup (argv[1]) : g_dir_make_tmp ("bench-stall-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *tasks = NULL;
  g_autoptr(RubricApplication) app = NULL;
  RubricWindow *window;
  gint64 start, end;
  Figure figure;
  double peer_next = 0, peer_scroll = 0;

  if (dir == NULL)
    {
      g_printerr ("bench-stall: %s\n", error->message);
      return 1;
    }
  /* As on a machine without a GPU, and as bench-list draws. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();
  g_mkdir_with_parents (dir, 0700);
  db = g_build_filename (dir, "workspace.db", NULL);
  start = g_get_monotonic_time ();
  tasks = write_tasks (dir);
  g_print ("bench-stall: %s, written in %.1f s\n", tasks, (g_get_monotonic_time () - start) / 1e6);

  app = rubric_application_new (G_APPLICATION_NON_UNIQUE);
  rubric_application_set_db_path (app, db);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_settings_set_int (rubric_application_get_settings (app), "window-width", 1280);
  g_settings_set_int (rubric_application_get_settings (app), "window-height", 800);
  g_settings_set_string (rubric_application_get_settings (app), "annotator-name", "bench");
  g_application_activate (G_APPLICATION (app));
  window = RUBRIC_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  g_timeout_add_full (G_PRIORITY_HIGH, 2, tick_cb, NULL, NULL);
  follow (g_get_monotonic_time (), g_get_monotonic_time (), NULL, NULL);

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-file", "s", tasks);
  end = g_get_monotonic_time ();
  figure = follow (start, end, not_busy, window);
  print_figure ("open and import the file", figure, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = NULL;
      const char *id;

      if (!wanted (&cases[i]))
        continue;
      if (i > 0)
        {
          start = g_get_monotonic_time ();
          gtk_widget_activate_action (GTK_WIDGET (window), "win.next-task", NULL);
          end = g_get_monotonic_time ();
          figure = follow (start, end, shown, window);
        }
      id = rubric_window_get_task_id (window);
      if (g_strcmp0 (id, cases[i].id) != 0)
        {
          g_printerr ("bench-stall: expected task %s, the window shows %s\n", cases[i].id, id ? id : "none");
          return 1;
        }
      if (i > 0)
        {
          label = g_strdup_printf ("next task: %s", cases[i].label);
          print_figure (label, figure, i > 1 ? peer_next : 0);
          if (i == 1)
            peer_next = figure.stall_ms;
        }
      figure = scroll_to_end (window);
      g_clear_pointer (&label, g_free);
      label = g_strdup_printf ("scroll to end: %s", cases[i].label);
      print_figure (label, figure, i > 1 ? peer_scroll : 0);
      if (i == 1)
        peer_scroll = figure.stall_ms;
    }
  gtk_window_destroy (GTK_WINDOW (window));
  if (argc < 2)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (tasks);
      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
