/* bench-export.c — exporting a set's submitted comparisons to TRL and
 * to annotation records, beside a json-c parse-only pass over what was
 * written (bench-parse.c's loop). Target: export at most 2× parse-only.
 *
 *   bench-export [--runs N] [--annotator NAME] [--keep] DB TASKS
 *
 * TASKS is imported into DB (or found, if it was before). On the first
 * run every task of the set is submitted by the annotator (default
 * bench-export) through rubric_store_save_annotation(), in one
 * transaction, and kept in DB: a choice (A or B four times in five, a
 * tie or both bad otherwise) with its strength, three criteria on both
 * responses, a justification, and one flag in twenty. Only that
 * annotator's work on that set is exported. The files go to a temporary
 * directory, removed at the end unless --keep. Each figure is the best
 * of N runs (default 3; 2 when a run takes over a second).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-bench"

#include "config.h"

#include <glib/gstdio.h>

#include "bench-util.h"
#include "rubric-export.h"

#define TARGET_RATIO 2.0

typedef struct
{
  RubricStore         *store;
  RubricExportFormat   format;
  RubricExportOptions  options;
  const char          *path;
  guint                n_written;
} Export;

static BenchWork
pick_submitted (guint     ord,
                guint     n,
                gboolean *flagged)
{
  *flagged = (ord * 2654435761u) % 20 == 7;
  return BENCH_WORK_SUBMITTED;
}

static gboolean
export_probe (gpointer   data,
              GError   **error)
{
  Export *e = data;

  return rubric_export (e->store, e->format, &e->options, e->path, NULL, &e->n_written, error);
}

static gboolean
parse_probe (gpointer   data,
             GError   **error)
{
  Export *e = data;
  guint64 n;

  return bench_parse_only (e->path, &n, error);
}

static void
ensure_submitted (RubricStore *store,
                  gint64       set_id,
                  const char  *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) row_ids = NULL;
  guint done = rubric_store_count_state (store, set_id, annotator, RUBRIC_ANNOTATION_SUBMITTED, &error);
  gint64 start;

  if (error != NULL)
    bench_die ("counting the work", error);
  if (done > 0)
    {
      g_print ("  reusing the %u submissions of '%s' in the workspace\n", done, annotator);
      return;
    }
  row_ids = bench_row_ids (store, set_id);
  start = g_get_monotonic_time ();
  done = bench_annotate (store, set_id, annotator, row_ids, pick_submitted);
  g_print ("  submitted %u comparisons as '%s' in %.1f s (rubric_store_save_annotation, one transaction)\n", done,
           annotator, (g_get_monotonic_time () - start) / 1e6);
}

static void
measure (Export     *e,
         guint       runs,
         const char *dir,
         const char *label)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.jsonl", dir, rubric_export_format_to_string (e->format));
  g_autofree char *name = g_strdup_printf ("export to %s", label);
  g_autofree char *note = NULL;
  double export_ms, parse_ms;
  GStatBuf st;

  e->path = path;
  export_ms = bench_best_ms (runs, export_probe, e);
  parse_ms = bench_best_ms (runs, parse_probe, e);
  if (g_stat (path, &st) != 0)
    st.st_size = 0;
  note = g_strdup_printf ("(%u lines, %.1f MB)", e->n_written, st.st_size / 1e6);
  bench_info (name, export_ms, note);
  bench_info ("  json-c parse-only pass over the output", parse_ms, NULL);
  g_free (name);
  name = g_strdup_printf ("export %s / parse-only", label);
  bench_ratio (name, export_ms, parse_ms, TARGET_RATIO);
  e->path = NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *annotator = g_strdup ("bench-export");
  gboolean keep = FALSE;
  int runs = 0;
  GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs per figure (default 3)", "N" },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, "Whose work (default bench-export)", "NAME" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the exported files", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DB TASKS - time exports against a parse-only pass");
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = NULL;
  g_autofree char *dir = NULL;
  Export e = { 0 };
  gint64 set_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("usage: bench-export [OPTION...] DB TASKS%s%s\n", error ? ": " : "", error ? error->message : "");
      return 2;
    }
  if (runs <= 0)
    runs = 3;

  g_print ("export benchmark: %s\n", argv[2]);
  store = bench_open_store (argv[1], argv[2], &set_id);
  ensure_submitted (store, set_id, annotator);
  if (!(dir = g_dir_make_tmp ("rubric-bench-export-XXXXXX", &error)))
    bench_die ("making a temporary directory", error);
  g_print ("  set %" G_GINT64_FORMAT ", annotator '%s', files in %s; best of %d runs (target: export <= %.0fx parse-only)\n",
           set_id, annotator, dir, runs, TARGET_RATIO);

  e.store = store;
  e.options = (RubricExportOptions) { set_id, annotator, FALSE, RUBRIC_TIES_DROP };
  e.format = RUBRIC_EXPORT_TRL;
  measure (&e, runs, dir, "TRL");
  e.format = RUBRIC_EXPORT_RECORDS;
  measure (&e, runs, dir, "records");

  if (!keep)
    {
      for (RubricExportFormat f = RUBRIC_EXPORT_RECORDS; f <= RUBRIC_EXPORT_TRL; f++)
        {
          g_autofree char *path = g_strdup_printf ("%s/%s.jsonl", dir, rubric_export_format_to_string (f));

          g_unlink (path);
        }
      g_rmdir (dir);
    }
  return 0;
}
