/* bench-store.c — the queries a person waits for on a huge task set:
 * progress and filter counts, a filter's or a search's first rows, the
 * last page of the list, the next open task, a task and its work, the
 * `stats` command, and opening the workspace at the last-used set.
 *
 *   bench-store [--runs N] [--cli RUBRIC_CLI] [--annotator NAME]
 *               [--common WORD] [--rare WORD] DB [TASKS]
 *
 * With TASKS the file is imported first (or found, if it was before);
 * without, the largest set in DB is measured. The annotator's work is
 * made through rubric_store_save_annotation() on the first run and kept
 * in DB: the first tenth of the set done in order (90 % submitted, 10 %
 * skipped, as after a person's first days), the rest spread (30 %
 * submitted, 5 % skipped, 5 % drafts over the whole set), one
 * submission in twenty flagged. Each figure is the best of N runs
 * (default 5; 2 when a run takes over a second), printed
 * with its target and the ratio to it. Figures never fail: the exit
 * code is 0 unless something could not be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "rubric-stats.h"

/* The page the sidebar's list model reads (rubric-task-list-model.c). */
#define LIST_PAGE 128

#define TARGET_COUNT_MS 50.0
#define TARGET_ROWS_MS 100.0
#define TARGET_FRAME_MS 50.0
#define TARGET_NEXT_MS 16.0
#define TARGET_REOPEN_RATIO 1.5

typedef struct
{
  RubricStore     *store;
  const char      *db;
  gint64           set_id;
  const char      *annotator;
  guint            n_tasks;
  RubricTaskQuery  query;
  guint            offset;
  int              after_ord;
  GArray          *row_ids;
  guint            cursor;
  const char      *cli;
} Probe;

static const char *filter_names[] = { "all", "todo", "draft", "submitted", "skipped", "flagged" };

static guint32
mix (guint32 x)
{
  x *= 2654435761u;
  x ^= x >> 16;
  x *= 0x45d9f3bu;
  return x ^ (x >> 16);
}

static BenchWork
pick_mix (guint     ord,
          guint     n,
          gboolean *flagged)
{
  guint h = mix (ord) % 1000;
  BenchWork work;

  if (ord < n / 10)
    work = h < 900 ? BENCH_WORK_SUBMITTED : BENCH_WORK_SKIPPED;
  else if (h < 233)
    work = BENCH_WORK_SUBMITTED;
  else if (h < 277)
    work = BENCH_WORK_SKIPPED;
  else if (h < 333)
    work = BENCH_WORK_DRAFT;
  else
    work = BENCH_WORK_NONE;
  *flagged = work == BENCH_WORK_SUBMITTED && mix (ord + 7) % 20 == 0;
  return work;
}

/* The probes: each is one thing the app asks of the store. */

static gboolean
progress_probe (gpointer   data,
                GError   **error)
{
  Probe *p = data;

  rubric_store_count_tasks (p->store, p->set_id, error);
  if (*error == NULL)
    rubric_store_count_state (p->store, p->set_id, p->annotator, RUBRIC_ANNOTATION_SUBMITTED, error);
  if (*error == NULL)
    rubric_store_count_state (p->store, p->set_id, p->annotator, RUBRIC_ANNOTATION_SKIPPED, error);
  return *error == NULL;
}

static gboolean
count_probe (gpointer   data,
             GError   **error)
{
  Probe *p = data;

  rubric_store_count_matching (p->store, p->set_id, p->annotator, &p->query, error);
  return *error == NULL;
}

static gboolean
page_probe (gpointer   data,
            GError   **error)
{
  Probe *p = data;
  g_autoptr(GPtrArray) rows = rubric_store_get_matching_rows (p->store, p->set_id, p->annotator, &p->query, p->offset,
                                                              LIST_PAGE, error);

  return rows != NULL;
}

/* What the list model does when the filter changes: count, then read
 * the page the list shows first. */
static gboolean
switch_probe (gpointer   data,
              GError   **error)
{
  return count_probe (data, error) && page_probe (data, error);
}

static gboolean
next_open_probe (gpointer   data,
                 GError   **error)
{
  Probe *p = data;
  guint ord;

  rubric_store_next_open_task (p->store, p->set_id, p->annotator, p->after_ord, &ord, error);
  return *error == NULL;
}

static gboolean
show_task (Probe   *p,
           gint64   row_id,
           GError **error)
{
  g_autoptr(RubricTask) task = rubric_store_get_task (p->store, row_id, error);
  g_autoptr(RubricAnnotation) annotation = NULL;

  if (task == NULL)
    return FALSE;
  annotation = rubric_store_get_annotation (p->store, row_id, p->annotator, error);
  return *error == NULL;
}

/* A different task each run, spread over the set, so that no run finds
 * the one before it in the cache. */
static gboolean
show_probe (gpointer   data,
            GError   **error)
{
  Probe *p = data;
  guint ord = (guint) (((guint64) mix (p->cursor++) * p->row_ids->len) >> 32);

  return show_task (p, g_array_index (p->row_ids, gint64, ord), error);
}

/* Alt+Down on a set: the next open task, then the task and its work. */
static gboolean
next_task_probe (gpointer   data,
                 GError   **error)
{
  Probe *p = data;
  guint ord;
  gint64 row_id = rubric_store_next_open_task (p->store, p->set_id, p->annotator, p->after_ord, &ord, error);

  if (row_id == 0)
    return *error == NULL;
  return show_task (p, row_id, error);
}

static gboolean
stats_probe (gpointer   data,
             GError   **error)
{
  Probe *p = data;
  g_autoptr(GPtrArray) rows = rubric_stats_by_kind (p->store, error);

  return rows != NULL;
}

static gboolean
cli_stats_probe (gpointer   data,
                 GError   **error)
{
  Probe *p = data;
  const char *argv[] = { p->cli, "stats", "--db", p->db, NULL };
  int status;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                       error) &&
         g_spawn_check_wait_status (status, error);
}

/* Starting without a file, the core's part: open the workspace, read
 * the last-used set, its progress and the list around its first open
 * task, and that task with its work. */
static gboolean
start_probe (gpointer   data,
             GError   **error)
{
  Probe *p = data;
  g_autoptr(RubricStore) store = rubric_store_new (p->db, error);
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Probe opened = *p;
  guint ord = 0;
  gint64 row_id;

  if (store == NULL || !(set = rubric_store_get_task_set (store, p->set_id, error)))
    return FALSE;
  opened.store = store;
  if (!progress_probe (&opened, error))
    return FALSE;
  row_id = rubric_store_next_open_task (store, p->set_id, p->annotator, -1, &ord, error);
  if (*error != NULL || !(rows = rubric_store_get_task_rows (store, p->set_id, p->annotator, ord / LIST_PAGE * LIST_PAGE,
                                                             LIST_PAGE, error)))
    return FALSE;
  return row_id == 0 || show_task (&opened, row_id, error);
}

static double
best (guint     runs,
      BenchFunc func,
      Probe    *p)
{
  return bench_best_ms (runs, func, p);
}

/* Setting up ------------------------------------------------------------ */

static void
ensure_work (Probe *p)
{
  g_autoptr(GError) error = NULL;
  guint done = 0;
  gint64 start;

  for (RubricAnnotationState state = RUBRIC_ANNOTATION_DRAFT; state <= RUBRIC_ANNOTATION_SKIPPED; state++)
    done += rubric_store_count_state (p->store, p->set_id, p->annotator, state, &error);
  if (error != NULL)
    bench_die ("counting the work", error);
  if (done > 0)
    {
      g_print ("  reusing the %u annotations of '%s' in the workspace\n", done, p->annotator);
      return;
    }
  start = g_get_monotonic_time ();
  done = bench_annotate (p->store, p->set_id, p->annotator, p->row_ids, pick_mix);
  g_print ("  saved %u annotations of '%s' in %.1f s (rubric_store_save_annotation, one transaction)\n", done,
           p->annotator, (g_get_monotonic_time () - start) / 1e6);
}

/* A new workspace with a 6-task set cut from the head of @tasks: the
 * peer of the start figure. */
static char *
small_workspace (const char *tasks,
                 char      **dir,
                 gint64     *set_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (tasks);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;
  g_autoptr(RubricStore) store = NULL;

  if (stream == NULL)
    bench_die (tasks, error);
  lines = g_data_input_stream_new (G_INPUT_STREAM (stream));
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      if (line == NULL)
        bench_die ("reading the head of the task file", error);
      g_string_append_printf (head, "%s\n", line);
    }
  *dir = g_dir_make_tmp ("rubric-bench-store-XXXXXX", &error);
  if (*dir == NULL)
    bench_die ("making a temporary directory", error);
  path = g_build_filename (*dir, "six.jsonl", NULL);
  db = g_build_filename (*dir, "six.db", NULL);
  if (!g_file_set_contents (path, head->str, head->len, &error))
    bench_die (path, error);
  store = bench_open_store (db, path, set_id);
  return g_steal_pointer (&db);
}

static void
remove_small_workspace (char *dir)
{
  const char *names[] = { "six.jsonl", "six.db", "six.db-wal", "six.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

/* The figures ------------------------------------------------------------- */

static void
measure_counts (Probe       *p,
                guint        runs,
                const char  *common,
                const char  *rare)
{
  const char *words[] = { common, rare };

  g_print ("\ncounts (target <= %.0f ms at 1M)\n", TARGET_COUNT_MS);
  bench_figure ("progress: count_tasks + submitted + skipped", best (runs, progress_probe, p), TARGET_COUNT_MS, NULL);
  for (RubricFilter f = RUBRIC_FILTER_TODO; f <= RUBRIC_FILTER_FLAGGED; f++)
    {
      g_autofree char *label = g_strdup_printf ("count_matching %s", filter_names[f]);

      p->query = (RubricTaskQuery) { f, NULL };
      bench_figure (label, best (runs, count_probe, p), TARGET_COUNT_MS, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *label = g_strdup_printf ("count_matching search '%s'", words[i]);
      g_autofree char *note = NULL;
      g_autoptr(GError) error = NULL;

      p->query = (RubricTaskQuery) { RUBRIC_FILTER_ALL, words[i] };
      note = g_strdup_printf ("(%u matching)", rubric_store_count_matching (p->store, p->set_id, p->annotator,
                                                                          &p->query, &error));
      bench_figure (label, best (runs, count_probe, p), TARGET_COUNT_MS, note);
    }
  bench_figure ("stats (rubric_stats_by_kind, in process)", best (runs, stats_probe, p), TARGET_COUNT_MS, NULL);
  if (p->cli != NULL)
    bench_figure ("rubric-cli stats --db (process wall time)", best (runs, cli_stats_probe, p), TARGET_COUNT_MS, NULL);
  else
    g_print ("  rubric-cli stats: not measured (no --cli)\n");
}

static void
measure_filters (Probe      *p,
                 guint       runs,
                 const char *common,
                 const char *rare)
{
  const char *words[] = { common, rare };

  g_print ("\nfilter and search: count + first page of %u rows (target <= %.0f ms at 1M)\n", LIST_PAGE,
           TARGET_ROWS_MS);
  p->offset = 0;
  for (RubricFilter f = RUBRIC_FILTER_TODO; f <= RUBRIC_FILTER_FLAGGED; f++)
    {
      g_autofree char *label = g_strdup_printf ("filter %s", filter_names[f]);
      g_autofree char *note = NULL;

      p->query = (RubricTaskQuery) { f, NULL };
      note = g_strdup_printf ("(first page alone %.2f ms)", best (runs, page_probe, p));
      bench_figure (label, best (runs, switch_probe, p), TARGET_ROWS_MS, note);
    }
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *label = g_strdup_printf ("search '%s'", words[i]);
      g_autofree char *note = NULL;

      p->query = (RubricTaskQuery) { RUBRIC_FILTER_ALL, words[i] };
      note = g_strdup_printf ("(first page alone %.2f ms)", best (runs, page_probe, p));
      bench_figure (label, best (runs, switch_probe, p), TARGET_ROWS_MS, note);
    }
}

static void
measure_pages (Probe *p,
               guint  runs)
{
  g_autoptr(GError) error = NULL;
  guint n_todo;

  g_print ("\nscrolling: one page of %u rows (target: a frame <= %.0f ms)\n", LIST_PAGE, TARGET_FRAME_MS);
  p->query = (RubricTaskQuery) { RUBRIC_FILTER_ALL, NULL };
  p->offset = (p->n_tasks - 1) / LIST_PAGE * LIST_PAGE;
  bench_figure ("plain list, last page (jump to the end)", best (runs, page_probe, p), TARGET_FRAME_MS, NULL);
  p->offset = p->n_tasks / 2 / LIST_PAGE * LIST_PAGE;
  bench_figure ("plain list, middle page (scrollbar drag)", best (runs, page_probe, p), TARGET_FRAME_MS, NULL);
  p->query = (RubricTaskQuery) { RUBRIC_FILTER_TODO, NULL };
  n_todo = rubric_store_count_matching (p->store, p->set_id, p->annotator, &p->query, &error);
  if (error != NULL)
    bench_die ("counting the todo filter", error);
  p->offset = n_todo > 0 ? (n_todo - 1) / LIST_PAGE * LIST_PAGE : 0;
  bench_figure ("todo filter, last page", best (runs, page_probe, p), TARGET_FRAME_MS, NULL);
  p->offset = n_todo / 2 / LIST_PAGE * LIST_PAGE;
  bench_figure ("todo filter, middle page", best (runs, page_probe, p), TARGET_FRAME_MS, NULL);
}

static void
measure_next (Probe *p,
              guint  runs)
{
  struct { const char *label; int after_ord; } from[] = {
    { "from the start", -1 },
    { "from the middle", (int) p->n_tasks / 2 },
    { "from the last (wraps round)", (int) p->n_tasks - 1 },
  };

  g_print ("\nnext task, the store's part (target <= %.0f ms, as on a small set)\n", TARGET_NEXT_MS);
  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    {
      g_autofree char *label = g_strdup_printf ("next_open_task %s", from[i].label);
      g_autofree char *note = NULL;

      p->after_ord = from[i].after_ord;
      note = g_strdup_printf ("(+ get_task + get_annotation: %.2f ms)", best (runs, next_task_probe, p));
      bench_figure (label, best (runs, next_open_probe, p), TARGET_NEXT_MS, note);
    }
  p->cursor = 0;
  bench_figure ("get_task + get_annotation (spread tasks)", best (MAX (runs, 10), show_probe, p), TARGET_NEXT_MS, NULL);
}

static void
measure_start (Probe      *p,
               guint       runs,
               const char *tasks)
{
  g_autofree char *dir = NULL;
  g_autofree char *small_db = NULL;
  double big_ms, small_ms;
  Probe small;

  g_print ("\nstarting without a file, the store's part: open the workspace, the set, its progress,\n"
           "the list page and the task of its first open task\n");
  big_ms = best (runs, start_probe, p);
  if (tasks == NULL)
    {
      bench_info ("start on the set", big_ms, "(give TASKS for the 6-task peer)");
      return;
    }
  small = *p;
  small_db = small_workspace (tasks, &dir, &small.set_id);
  small.db = small_db;
  small_ms = best (runs, start_probe, &small);
  bench_info ("start on this set", big_ms, NULL);
  bench_info ("start on a new 6-task set (own workspace)", small_ms, NULL);
  bench_ratio ("start: this set / 6-task set", big_ms, small_ms, TARGET_REOPEN_RATIO);
  remove_small_workspace (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cli = NULL;
  g_autofree char *annotator = g_strdup ("bench");
  g_autofree char *common = g_strdup ("python");
  g_autofree char *rare = g_strdup ("balances");
  int runs = 0;
  GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs per figure (default 5)", "N" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "rubric-cli, for the stats command", "PATH" },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, "Whose work (default bench)", "NAME" },
    { "common", 0, 0, G_OPTION_ARG_STRING, &common, "A word in many prompts (default python)", "WORD" },
    { "rare", 0, 0, G_OPTION_ARG_STRING, &rare, "A word in very few prompts (default balances)", "WORD" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DB [TASKS] - time the store's queries on a task set");
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GArray) row_ids = NULL;
  Probe p = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || argc > 3)
    {
      g_printerr ("usage: bench-store [OPTION...] DB [TASKS]%s%s\n", error ? ": " : "", error ? error->message : "");
      return 2;
    }
  if (runs <= 0)
    runs = 5;

  g_print ("store benchmark: %s\n", argv[1]);
  store = bench_open_store (argv[1], argc == 3 ? argv[2] : NULL, &p.set_id);
  p.store = store;
  p.db = argv[1];
  p.annotator = annotator;
  p.cli = cli;
  p.n_tasks = rubric_store_count_tasks (store, p.set_id, &error);
  if (p.n_tasks == 0)
    bench_die ("the set has no tasks", error);
  row_ids = bench_row_ids (store, p.set_id);
  p.row_ids = row_ids;
  ensure_work (&p);
  g_print ("  set %" G_GINT64_FORMAT ": %u tasks; annotator '%s'; best of %d runs per figure\n", p.set_id, p.n_tasks,
           annotator, runs);

  measure_counts (&p, runs, common, rare);
  measure_filters (&p, runs, common, rare);
  measure_pages (&p, runs);
  measure_next (&p, runs);
  measure_start (&p, runs, argc == 3 ? argv[2] : NULL);
  return 0;
}
