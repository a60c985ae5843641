/* bench-list.c — the window on a huge task set, each change timed to
 * the frame painted: starting at the last-used set, reopening its file,
 * the sidebar's jump to the end and scrollbar drag, next task, and a
 * filter switch, beside a small set where there is a peer.
 *
 *   bench-list DB [TASKS]
 *
 * DB is a workspace holding the set: that of the task file TASKS
 * (imported if it never was), else the largest one; bench-scale.sh
 * passes its own. The annotator is "bench", whose work bench-store made.
 * The set's first 6 tasks, under its header, become the peer set of
 * the start; the 60 tasks next task shows from the annotator's first
 * open task on, with the annotator's work on them, the peer of next
 * task (the same tasks and work drawn, on a set of 60: no task seen
 * twice). Each start, and next task on each set, runs in a child
 * process of its own (this program with --start or --next). With TASKS,
 * reopening it (win.open-file) is timed beside a new 6-task file. A
 * filter switch of over BENCH_LIST_BUDGET seconds (default 60) ends the
 * program; the filters go last. BENCH_LIST_ONLY=next times next task
 * alone. Prints figures; never fails on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* RUSAGE_THREAD */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench-loop.h"
#include "rubric-application.h"
#include "rubric-import.h"
#include "rubric-library.h"
#include "rubric-store.h"
#include "rubric-window.h"

#define STEPS 40
#define ROUNDS 20     /* of next task, twice */
#define WARM_UP_ROUNDS 10
#define PEER_TASKS 60 /* the set's tasks next task shows: none seen twice */
#define STARTS 3
#define NO_FRAME_MS 3000
#define NO_OPEN_MS 600000

#define TARGET_FRAME_MS 50.0
#define TARGET_ROWS_MS 100.0
#define TARGET_NEXT_MS 16.0
#define ANNOTATOR "bench"

static gboolean painted;

/* BENCH_LIST_PHASES=1: where each timed change's time went, from its
 * start to the end of the action, the frame's update, layout and paint
 * phases, and the paint's end. */
static gint64 phase_at[5];
static gboolean phases;

static void
phase_cb (GdkFrameClock *clock,
          gpointer       data)
{
  guint phase = GPOINTER_TO_UINT (data);

  if (!painted && phase_at[phase] == 0)
    phase_at[phase] = g_get_monotonic_time ();
}

/* Frames painted since the window opened. */
static guint frames_painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
  frames_painted++;
}

static void
watch_phases (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  phases = g_getenv ("BENCH_LIST_PHASES") != NULL;
  if (!phases)
    return;
  g_signal_connect (clock, "update", G_CALLBACK (phase_cb), GUINT_TO_POINTER (1));
  g_signal_connect (clock, "layout", G_CALLBACK (phase_cb), GUINT_TO_POINTER (2));
  g_signal_connect (clock, "paint", G_CALLBACK (phase_cb), GUINT_TO_POINTER (3));
  g_signal_connect (clock, "after-paint", G_CALLBACK (phase_cb), GUINT_TO_POINTER (4));
}

static void
load_set (RubricWindow *window,
          gint64        set_id)
{
  rubric_window_load_task_set (window, set_id);
  bench_iterate_for (300);
}

static void
select_task (RubricWindow *window,
             guint         position)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-task", "u", position);
  bench_iterate_for (300);
}


/* The start of a timed change: a frame painted from now on counts,
 * also one painted inside the action. */
static gint64
begin (void)
{
  painted = FALSE;
  memset (phase_at, 0, sizeof phase_at);
  return g_get_monotonic_time ();
}

static void
print_phases (gint64 start)
{
  static const char *names[] = { "action", "update", "layout", "paint", "painted" };

  if (!phases)
    return;
  g_print ("   ");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_print (" %s %5.1f", names[i], phase_at[i] ? (phase_at[i] - start) / 1000.0 : -1.0);
  g_print ("\n");
}

/* From @start to the first frame painted since, in ms; -1 when nothing
 * was painted within NO_FRAME_MS, as when the action changed nothing. */
static double
until_painted (gint64 start)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (NO_FRAME_MS, bench_set_flag_cb, &timed_out);

  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    return -1;
  g_source_remove (source);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median and worst of the frames painted, against @target_ms if it is
 * above 0; a run that painted nothing is counted apart. @runs is left
 * in the order painted, for report_over(). */
static void
report (const char   *label,
        const double *runs,
        guint         n,
        double        target_ms)
{
  g_autofree double *times = g_memdup2 (runs, n * sizeof (double));
  guint missing = 0;
  double worst;

  qsort (times, n, sizeof (double), compare_doubles);
  while (missing < n && times[missing] < 0)
    missing++;
  if (missing == n)
    {
      g_print ("  %-40s nothing painted in %u runs\n", label, n);
      return;
    }
  worst = times[n - 1];
  g_print ("  %-40s median %8.1f ms   worst %8.1f ms", label, times[missing + (n - missing) / 2], worst);
  if (target_ms > 0)
    {
      guint over = 0;

      for (guint i = missing; i < n; i++)
        over += times[i] > target_ms;
      g_print ("   target <= %3.0f ms %6.2fx  %s", target_ms, worst / target_ms, worst <= target_ms ? "ok" : "OVER");
      if (over > 0)
        g_print (" (%u of %u)", over, n - missing);
    }
  if (missing > 0)
    g_print ("   (%u of %u runs painted nothing)", missing, n);
  g_print ("\n");
}

static GtkWidget *
find_task_list (GtkWidget *root)
{
  if (GTK_IS_LIST_VIEW (root) && gtk_widget_get_mapped (root) && gtk_widget_has_css_class (root, "navigation-sidebar"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_task_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* As if a person were at work: the app backs the workspace up when
 * nobody is, and a backup of a huge workspace would run in the middle of
 * a figure. */
static gboolean
note_input_cb (gpointer data)
{
  rubric_application_note_input (data);
  return G_SOURCE_CONTINUE;
}

static RubricApplication *
new_app (const char *db,
         gint64      last_set)
{
  RubricApplication *app = rubric_application_new (G_APPLICATION_NON_UNIQUE);
  GSettings *settings;

  rubric_application_set_db_path (app, db);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  settings = rubric_application_get_settings (app);
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 800);
  g_settings_set_string (settings, "annotator-name", ANNOTATOR);
  g_settings_set_int64 (settings, "last-task-set", last_set);
  rubric_application_note_input (app);
  g_timeout_add_seconds (5, note_input_cb, app);
  return app;
}

/* Ends the program on what could not be done. */
G_NORETURN static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-list: %s%s%s\n", what, error ? ": " : "", error ? error->message : "");
  exit (1);
}

/* The window starts at the set opened last in the workspace. */
static void
mark_opened (const char *db,
             gint64      set_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (db, &error);

  if (store == NULL || !rubric_library_mark_opened (store, set_id, g_get_real_time () / 1000, &error))
    die ("marking the set opened", error);
}

/* This program run again as @argv, to its end; what it printed into
 * @out, or straight to our output without. */
static void
run_child (const char **argv,
           char       **out)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    die (argv[1], error);
}

/* The app's window, once @app is activated, its frames watched. */
static RubricWindow *
activate_window (RubricApplication *app)
{
  RubricWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = RUBRIC_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  bench_draw_as_release (GTK_WIDGET (window));
  watch_phases (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint_cb), NULL);
  return window;
}

/* Child: start without a file at @set_id, print the ms to the first
 * frame painted with the set loaded. */
static int
start_only (const char *db,
            gint64      set_id)
{
  g_autoptr(RubricApplication) app = NULL;
  RubricWindow *window;
  gint64 start;
  double ms;

  mark_opened (db, set_id);
  app = new_app (db, set_id);
  start = begin ();
  window = activate_window (app);
  ms = until_painted (start);
  if (rubric_window_get_task_set_id (window) != set_id)
    die ("the window did not open the set", NULL);
  g_print ("%.3f\n", ms);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static double
start_child (const char *self,
             const char *db,
             gint64      set_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, set_id);
  const char *argv[] = { self, "--start", id, db, NULL };
  g_autofree char *out = NULL;

  run_child (argv, &out);
  return g_ascii_strtod (out, NULL);
}

static void
measure_start (const char *self,
               const char *db,
               gint64      big,
               gint64      six)
{
  double big_ms = G_MAXDOUBLE, six_ms = G_MAXDOUBLE;

  for (guint i = 0; i < STARTS; i++)
    {
      big_ms = MIN (big_ms, start_child (self, db, big));
      six_ms = MIN (six_ms, start_child (self, db, six));
    }
  g_print ("  %-40s %8.1f ms\n", "start at the set, first frame", big_ms);
  g_print ("  %-40s %8.1f ms\n", "start at a 6-task set, first frame", six_ms);
  g_print ("  %-40s %8.2fx   target <= 1.50x  %s   (best of %d each)\n", "start: this set / 6-task set",
           big_ms / six_ms, big_ms / six_ms <= 1.5 ? "ok" : "OVER", STARTS);
}

/* A 6-task file never seen before: the head of @tasks under a header
 * named for this run. */
static char *
write_new_six (const char *tasks,
               const char *dir,
               guint       run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (tasks);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);
  g_autoptr(GDataInputStream) lines = stream ? g_data_input_stream_new (G_INPUT_STREAM (stream)) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("Six tasks, run %u at %" G_GINT64_FORMAT, run, g_get_real_time ());
  g_autofree char *path = g_strdup_printf ("%s/six-%u.jsonl", dir, run);

  for (guint i = 0; lines != NULL && i < 7; i++)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      json_object *header;

      if (line == NULL)
        break;
      if (i > 0)
        {
          g_string_append_printf (text, "%s\n", line);
          continue;
        }
      header = json_tokener_parse (line);
      if (header == NULL)
        break;
      json_object_object_add (header, "name", json_object_new_string (name));
      g_string_append_printf (text, "%s\n", json_object_to_json_string_ext (header, JSON_C_TO_STRING_PLAIN));
      json_object_put (header);
    }
  if (error != NULL || !g_file_set_contents (path, text->str, text->len, &error))
    die ("writing a 6-task file", error);
  return g_steal_pointer (&path);
}

/* win.open-file, to the first frame painted with the set loaded; -1 if
 * the set did not change within NO_OPEN_MS. */
static double
open_file (RubricWindow *window,
           const char   *path)
{
  gint64 before = rubric_window_get_task_set_id (window);
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (NO_OPEN_MS, bench_set_flag_cb, &timed_out);
  gint64 start = begin ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-file", "s", path);
  while (!timed_out && (rubric_window_get_busy (window) || rubric_window_get_task_set_id (window) == before))
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    return -1;
  g_source_remove (source);
  /* The frames painted while the file was read show no task. */
  painted = FALSE;
  return until_painted (start);
}

static void
measure_reopen (RubricWindow *window,
                const char   *tasks,
                gint64        other)
{
  g_autofree char *dir = g_dir_make_tmp ("rubric-bench-list-XXXXXX", NULL);
  double reopen[STARTS], fresh[STARTS];

  for (guint i = 0; i < STARTS; i++)
    {
      g_autofree char *six = write_new_six (tasks, dir, i);

      load_set (window, other);
      reopen[i] = open_file (window, tasks);
      bench_iterate_for (300);
      load_set (window, other);
      fresh[i] = open_file (window, six);
      bench_iterate_for (300);
      g_unlink (six);
    }
  g_rmdir (dir);
  report ("reopen the file, first frame of the set", reopen, STARTS, 0);
  report ("open a new 6-task file, first frame", fresh, STARTS, 0);
  qsort (reopen, STARTS, sizeof (double), compare_doubles);
  qsort (fresh, STARTS, sizeof (double), compare_doubles);
  g_print ("  %-40s %8.2fx   target <= 1.50x  %s   (medians)\n", "reopen / new 6-task file",
           reopen[STARTS / 2] / fresh[STARTS / 2], reopen[STARTS / 2] / fresh[STARTS / 2] <= 1.5 ? "ok" : "OVER");
}

static void
measure_scroll (GtkWidget *list)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  double jumps[ROUNDS], drags[STEPS];

  for (guint i = 0; i < ROUNDS; i++)
    {
      double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
      gint64 start = begin ();

      gtk_adjustment_set_value (adj, i % 2 == 0 ? end : 0);
      jumps[i] = until_painted (start);
      bench_iterate_for (30);
    }
  report ("jump to the end and back", jumps, ROUNDS, TARGET_FRAME_MS);

  gtk_adjustment_set_value (adj, 0);
  bench_iterate_for (100);
  for (guint i = 0; i < STEPS; i++)
    {
      double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
      gint64 start = begin ();

      /* A drag of the scrollbar from top to bottom, a frame a step. */
      gtk_adjustment_set_value (adj, end * (i + 1) / STEPS);
      drags[i] = until_painted (start);
      bench_iterate_for (16);
    }
  report ("scrollbar drag, top to bottom", drags, STEPS, TARGET_FRAME_MS);
}

/* A filter switch runs on the main thread and cannot be stopped: past
 * the budget this thread says so and ends the program. The filters go
 * last, so that every other figure is printed by then. */
static gint switch_serial;   /* the switch under way; 0 for none */
static const char *switch_label;

static gpointer
watchdog_thread (gpointer data)
{
  guint budget_s = GPOINTER_TO_UINT (data);
  gint seen = 0;
  gint64 since = 0;

  for (;;)
    {
      gint serial = g_atomic_int_get (&switch_serial);

      if (serial != seen)
        {
          seen = serial;
          since = g_get_monotonic_time ();
        }
      else if (serial != 0 && g_get_monotonic_time () - since > budget_s * G_USEC_PER_SEC)
        {
          printf ("  %-40s over %u s (BENCH_LIST_BUDGET): stopped, the filters after it not measured\n", switch_label,
                  budget_s);
          fflush (stdout);
          _exit (0);
        }
      g_usleep (G_USEC_PER_SEC / 10);
    }
  return NULL;
}

static double
switch_filter (RubricWindow *window,
               const char   *filter,
               const char   *label)
{
  static gint serial;
  gint64 start;
  double ms;

  switch_label = label;
  g_atomic_int_set (&switch_serial, ++serial);
  start = begin ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", filter);
  ms = until_painted (start);
  g_atomic_int_set (&switch_serial, 0);
  return ms;
}

static void
measure_filters (RubricWindow *window)
{
  static const char *filters[] = { "todo", "draft", "submitted", "skipped", "flagged", "all" };
  const char *budget = g_getenv ("BENCH_LIST_BUDGET");

  g_thread_unref (g_thread_new ("watchdog", watchdog_thread, GUINT_TO_POINTER (budget ? atoi (budget) : 60)));
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autofree char *label = g_strdup_printf ("filter %s, first rows painted", filters[f]);
      double times[3];
      guint n = 0;

      /* A switch of over a second is timed once. */
      while (n < G_N_ELEMENTS (times) && (n == 0 || times[0] < 1000))
        {
          switch_filter (window, "all", "filter all (between runs)");
          bench_iterate_for (50);
          times[n++] = switch_filter (window, filters[f], label);
          bench_iterate_for (30);
        }
      report (label, times, n, TARGET_ROWS_MS);
    }
}

/* Until the window has painted nothing for @quiet_ms (at most 2 s):
 * after a task is shown, GtkTextView lays the rest of each text out in
 * the frames that follow, and a frame comes at most every 16.7 ms. */
static void
settle (guint quiet_ms)
{
  gint64 give_up = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  for (;;)
    {
      painted = FALSE;
      bench_iterate_for (quiet_ms);
      if (!painted || g_get_monotonic_time () > give_up)
        return;
    }
}

/* The main thread's CPU time: a frame's own work, without the waits
 * for the X server or for a CPU the machine gave to something else. */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* The page faults of the main thread so far: a frame that touches
 * memory for the first time (cairo's X shared-memory pool, fresh heap)
 * pays one for each 4 KB page, some microseconds each in a VM. */
static long
thread_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_minflt + usage.ru_majflt;
}

/* What one page fault costs here, in us: 4 MB of fresh memory, such
 * as a frame's surface, touched a page at a time (best of 3). In a VM
 * it can be tens of times what it is on bare metal, and a frame that
 * takes new memory pays it for each 4 KB page. */
static double
page_fault_us (void)
{
  const gsize size = 4 * 1024 * 1024;
  long page = sysconf (_SC_PAGESIZE);
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < 3; run++)
    {
      volatile char *memory = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      gint64 start;

      if (memory == MAP_FAILED)
        return -1;
      start = g_get_monotonic_time ();
      for (gsize i = 0; i < size; i += page)
        memory[i] = 1;
      best = MIN (best, (double) (g_get_monotonic_time () - start) / (size / page));
      munmap ((void *) memory, size);
    }
  return best;
}

/* Each frame over @target_ms, in the order painted, with the main
 * thread's CPU time and page faults over it: a frame whose CPU time is
 * under the target waited (for the X server, or for a CPU); what a page
 * fault costs is printed first. */
static void
report_over (const double *times,
             const double *cpu,
             const long   *faults,
             guint         n,
             double        target_ms)
{
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    if (times[i] > target_ms)
      {
        g_print ("%s%s frame %u: %.1f ms (CPU %.1f ms), %ld page faults", any ? "," : "    over", any ? "" : ":", i + 1,
                 times[i], cpu[i], faults[i]);
        any = TRUE;
      }
  if (any)
    g_print ("\n");
}

/* The frames each task painted after its first, until the window was
 * quiet: the texts' lines laid out beyond the first screen, and
 * whatever else asks for a frame. Each one holds the next frame back
 * (a frame comes at most every 16.7 ms): at a held key's 30 ms, a
 * second one made each task wait for its turn. */
static void
report_after (const guint *after,
              guint        n)
{
  guint counts[4] = { 0 };

  for (guint i = 0; i < n; i++)
    counts[MIN (after[i], G_N_ELEMENTS (counts) - 1)]++;
  g_print ("    frames after the task's own, until quiet: none %u, one %u, two %u, more %u (of %u)\n", counts[0],
           counts[1], counts[2], counts[3], n);
}

/* Next task once, timed to the frame painted (ms, or -1), with the
 * main thread's CPU time and page faults over the same stretch. */
static double
time_next (RubricWindow *window,
           double       *cpu,
           long         *faults)
{
  gint64 start = begin ();
  double cpu_start = thread_cpu_ms ();
  long faults_start = thread_faults ();
  double painted_ms;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-task", NULL);
  phase_at[0] = g_get_monotonic_time ();
  painted_ms = until_painted (start);
  *cpu = thread_cpu_ms () - cpu_start;
  *faults = thread_faults () - faults_start;
  print_phases (start);
  return painted_ms;
}

/* Next task as a person moves on: the task before has settled (its
 * last frames painted), as it has long before anyone has read it. With
 * @held_ms, as a held key repeats: every @held_ms, whatever is still
 * being painted; that figure has no target, since a frame may not
 * start until 16.7 ms after the one before. */
static void
measure_next (RubricWindow *window,
              const char   *label,
              guint         held_ms)
{
  double times[ROUNDS], cpu[ROUNDS];
  long faults[ROUNDS];
  guint after[ROUNDS];
  g_autofree char *first = NULL;

  /* Once untimed: after the scrollbar drag the list scrolls back to the
   * task, the jump timed on its own above. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-task", NULL);
  settle (100);
  for (guint i = 0; i < ROUNDS; i++)
    {
      guint painted_before;

      times[i] = time_next (window, &cpu[i], &faults[i]);
      if (i == 0)
        first = g_strdup (rubric_window_get_task_id (window));
      painted_before = frames_painted;
      if (held_ms > 0)
        bench_iterate_for (held_ms);
      else
        settle (100);
      after[i] = frames_painted - painted_before;
    }
  if (held_ms == 0)
    {
      report (label, times, ROUNDS, TARGET_NEXT_MS);
      report_over (times, cpu, faults, ROUNDS, TARGET_NEXT_MS);
      report ("  of which the app's thread on a CPU", cpu, ROUNDS, 0);
      report_after (after, ROUNDS);
    }
  else
    report (label, times, ROUNDS, 0);
  g_print ("    tasks %s to %s\n", first, rubric_window_get_task_id (window));
}

/* The first frames a window paints in full touch memory no frame has
 * touched before: with cairo on X11, GDK's surface for the frame
 * (filled first) and the block of cairo's X shared-memory pool it is
 * copied into. Seen: 1,750-2,000 page faults in each of the first two
 * next tasks on the 1M set, half in each, and 100-900 in a few after
 * on smaller sets; none once the process has painted a few. Those
 * frames are timed and shown apart, each one over the target with its
 * CPU time and faults, so that both sets' next task is timed warm:
 * before, this set was timed cold and the 60-task set warm. No
 * repaint ahead warms them: cairo 1.16 makes a new 32 MB X
 * shared-memory segment for an upload larger than its pools have free
 * and detaches it once idle (16 whole-window repaints first, 1,000
 * faults each, left these frames 658, 660 and 426). */
static void
warm_up (RubricWindow *window)
{
  double times[WARM_UP_ROUNDS], cpu[WARM_UP_ROUNDS];
  long faults[WARM_UP_ROUNDS], total = 0;

  for (guint i = 0; i < WARM_UP_ROUNDS; i++)
    {
      times[i] = time_next (window, &cpu[i], &faults[i]);
      total += faults[i];
      settle (100);
    }
  report ("next task, warming up (not counted)", times, WARM_UP_ROUNDS, 0);
  report_over (times, cpu, faults, WARM_UP_ROUNDS, TARGET_NEXT_MS);
  g_print ("    %ld page faults in its %u frames\n", total, WARM_UP_ROUNDS);
}

/* Child: next task timed on @set_id from @position on, in a window
 * just opened: each set in a process of its own, so that both pay for
 * the first frames of a process alike (even after warming up, the
 * first few paint slower; timed in one process, the set took them and
 * its peer, timed after, did not). */
static int
next_only (const char *db,
           gint64      set_id,
           guint       position,
           const char *which)
{
  g_autoptr(RubricApplication) app = NULL;
  g_autofree char *painted_label = g_strdup_printf ("next task painted, %s", which);
  g_autofree char *held_label = g_strdup_printf ("next task, key held, %s", which);
  RubricWindow *window;

  mark_opened (db, set_id);
  app = new_app (db, set_id);
  window = activate_window (app);
  bench_iterate_for (1000);
  if (rubric_window_get_task_set_id (window) != set_id)
    die ("the window did not open the set", NULL);
  select_task (window, position);
  warm_up (window);
  measure_next (window, painted_label, 0);
  measure_next (window, held_label, 30);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static void
next_child (const char *self,
            const char *db,
            gint64      set_id,
            guint       position,
            const char *which)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, set_id);
  g_autofree char *at = g_strdup_printf ("%u", position);
  const char *argv[] = { self, "--next", id, at, which, db, NULL };

  /* Its figures go straight to our output. */
  run_child (argv, NULL);
}

/* Where the window takes up @big: the annotator's first open task. */
static guint
first_open (const char *db,
            gint64      big)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (db, &error);
  guint ord = 0;

  if (store == NULL || (rubric_store_next_open_task (store, big, ANNOTATOR, -1, &ord, &error) == 0 && error != NULL))
    die ("finding the first open task", error);
  return ord;
}

/* The annotator's work on @rows of the big set, on the same tasks of
 * @set_id, in one transaction. */
static gboolean
copy_work (RubricStore *store,
           GPtrArray   *rows,
           gint64       set_id,
           GError     **error)
{
  g_autoptr(GPtrArray) copies = rubric_store_get_task_rows (store, set_id, "", 0, rows->len, error);

  if (copies == NULL || !rubric_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < rows->len && i < copies->len; i++)
    {
      gint64 from = ((RubricTaskRow *) g_ptr_array_index (rows, i))->row_id;
      g_autoptr(RubricAnnotation) work = rubric_store_get_annotation (store, from, ANNOTATOR, error);
      g_autoptr(RubricAnnotation) copy = NULL;

      if (work == NULL && *error != NULL)
        return FALSE;
      if (work == NULL)
        continue;
      copy = rubric_annotation_copy (work);
      copy->id = 0;
      copy->task_id = ((RubricTaskRow *) g_ptr_array_index (copies, i))->row_id;
      copy->set_id = set_id;
      copy->revision = 0;
      copy->saved_state = RUBRIC_ANNOTATION_NONE;
      if (!rubric_store_save_annotation (store, copy, error))
        return FALSE;
    }
  return rubric_store_commit (store, error);
}

/* A peer set in the workspace: @n tasks of @big from position @from,
 * under its header, so that both draw the same, and with @work the
 * annotator's work on them; its id. */
static gint64
import_slice (const char *db,
              gint64      big,
              guint       from,
              guint       n,
              gboolean    work,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (db, &error);
  g_autoptr(RubricTaskSet) set = store ? rubric_store_get_task_set (store, big, &error) : NULL;
  g_autoptr(GPtrArray) rows = set ? rubric_store_get_task_rows (store, big, "", from, n, &error) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("rubric-bench-list-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "head.jsonl", NULL);
  g_autoptr(RubricImportResult) result = NULL;
  json_object *header;

  if (rows == NULL)
    goto fail;
  header = json_object_get (set->header);
  json_object_object_add (header, "name", json_object_new_string (name));
  g_string_append_printf (text, "%s\n", json_object_to_json_string_ext (header, JSON_C_TO_STRING_PLAIN));
  json_object_put (header);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(RubricTask) task = rubric_store_get_task (store, ((RubricTaskRow *) g_ptr_array_index (rows, i))->row_id,
                                                          &error);

      if (task == NULL)
        goto fail;
      g_string_append_printf (text, "%s\n", json_object_to_json_string_ext (task->object, JSON_C_TO_STRING_PLAIN));
    }
  if (!g_file_set_contents (path, text->str, text->len, &error) ||
      !rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error))
    goto fail;
  /* A slice imported before got its work copied then. */
  if (work && !result->reused && !copy_work (store, rows, result->set_id, &error))
    goto fail;
  g_unlink (path);
  g_rmdir (dir);
  return result->set_id;

fail:
  die (name, error);
}

/* The set of @tasks, imported into @db if it never was. */
static gint64
set_of_file (const char *db,
             const char *tasks)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (db, &error);
  g_autoptr(RubricImportResult) result = NULL;

  if (store == NULL || !rubric_import_file (store, tasks, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error))
    die ("importing the set", error);
  g_print ("  set %" G_GINT64_FORMAT ": %u tasks of %s\n", result->set_id, result->n_tasks, tasks);
  return result->set_id;
}

static gint64
largest_set (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (db, &error);
  g_autoptr(GPtrArray) sets = store ? rubric_store_list_task_sets (store, &error) : NULL;
  RubricTaskSet *best = NULL;

  if (sets == NULL)
    die ("listing the task sets", error);
  for (guint i = 0; i < sets->len; i++)
    {
      RubricTaskSet *set = g_ptr_array_index (sets, i);

      if (best == NULL || set->n_tasks > best->n_tasks)
        best = set;
    }
  if (best == NULL)
    die ("the workspace has no task set", NULL);
  g_print ("  set %" G_GINT64_FORMAT ": %u tasks\n", best->id, best->n_tasks);
  return best->id;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(RubricApplication) app = NULL;
  RubricWindow *window;
  GtkWidget *list;
  gint64 big, six, peer;
  guint start;
  g_autofree char *peer_name = g_strdup_printf ("Bench: %d tasks of the set", PEER_TASKS);
  g_autofree char *peer_label = g_strdup_printf ("%d-task set", PEER_TASKS);
  gboolean only_next = g_strcmp0 (g_getenv ("BENCH_LIST_ONLY"), "next") == 0;

  /* Figures as they come, also into a pipe. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc == 4 && g_str_equal (argv[1], "--start"))
    return start_only (argv[3], g_ascii_strtoll (argv[2], NULL, 10));
  if (argc == 6 && g_str_equal (argv[1], "--next"))
    return next_only (argv[5], g_ascii_strtoll (argv[2], NULL, 10), (guint) g_ascii_strtoull (argv[3], NULL, 10),
                      argv[4]);
  if (argc < 2 || argc > 3)
    {
      g_printerr ("usage: bench-list DB [TASKS]\n");
      return 2;
    }

  g_print ("list benchmark: %s, 1280x800, annotator 'bench'%s\n", argv[1],
           bench_drawing ());
  g_print ("  a page fault here: %.1f us\n", page_fault_us ());
  big = argc == 3 ? set_of_file (argv[1], argv[2]) : largest_set (argv[1]);
  six = import_slice (argv[1], big, 0, 6, FALSE, "Bench: the first 6 tasks");
  /* Next task is timed from where the window takes the set up; the
   * peer is the tasks it shows on the way, those that warm it up too. */
  start = first_open (argv[1], big);
  peer = import_slice (argv[1], big, start, PEER_TASKS, TRUE, peer_name);
  if (!only_next)
    measure_start (argv[0], argv[1], big, six);
  next_child (argv[0], argv[1], big, start, "this set");
  next_child (argv[0], argv[1], peer, 0, peer_label);
  if (only_next)
    return 0;

  mark_opened (argv[1], big);
  app = new_app (argv[1], big);
  window = activate_window (app);
  bench_iterate_for (1000);
  g_print ("  GSK renderer %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  if (argc == 3)
    measure_reopen (window, argv[2], peer);
  load_set (window, big);

  if ((list = find_task_list (GTK_WIDGET (window))) == NULL)
    g_print ("  the task list is not shown at this size: no scrolling figures\n");
  else
    measure_scroll (list);
  measure_filters (window);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
