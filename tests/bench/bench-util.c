/* bench-util.c — shared by the store and export benchmarks: best-of-N
 * timing, one printed line per figure, a workspace with a task set in
 * it, annotations made through the core API, and a json-c parse-only
 * pass (as bench-parse.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-bench"

#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "rubric-annotation.h"
#include "rubric-import.h"

#define ROWS_PAGE 4096

void
bench_die (const char *what,
           GError     *error)
{
  g_printerr ("bench: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

/* The best of @runs calls, in milliseconds: on a shared machine the
 * fastest run is the one least disturbed. A call of over a second is
 * run twice at most, of over five seconds once: such a figure is far
 * from any target anyway. */
double
bench_best_ms (guint     runs,
               BenchFunc func,
               gpointer  data)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!func (data, &error))
        bench_die ("a timed call failed", error);
      best = MIN (best, (g_get_monotonic_time () - start) / 1000.0);
      if (best > 5000.0 || (best > 1000.0 && i >= 1))
        break;
    }
  return best;
}

void
bench_figure (const char *label,
              double      ms,
              double      target_ms,
              const char *note)
{
  double ratio = ms / target_ms;

  g_print ("  %-46s %10.2f ms   target <= %3.0f ms %7.2fx  %s%s%s\n", label, ms, target_ms, ratio,
           ratio <= 1.0 ? "ok" : "OVER", note ? "  " : "", note ? note : "");
}

/* A figure measured against a peer in the same run. */
void
bench_ratio (const char *label,
             double      value,
             double      peer,
             double      target)
{
  double ratio = value / MAX (peer, 1e-9);

  g_print ("  %-46s %10.2fx   target <= %.2fx           %s\n", label, ratio, target, ratio <= target ? "ok" : "OVER");
}

void
bench_info (const char *label,
            double      ms,
            const char *note)
{
  g_print ("  %-46s %10.2f ms%s%s\n", label, ms, note ? "   " : "", note ? note : "");
}

static gint64
largest_set (RubricStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = rubric_store_list_task_sets (store, &error);
  RubricTaskSet *best = NULL;

  if (sets == NULL)
    bench_die ("listing the task sets", error);
  for (guint i = 0; i < sets->len; i++)
    {
      RubricTaskSet *set = g_ptr_array_index (sets, i);

      if (best == NULL || set->n_tasks > best->n_tasks)
        best = set;
    }
  if (best == NULL)
    bench_die ("the workspace has no task set: give a task file", NULL);
  return best->id;
}

/**
 * bench_open_store:
 * @tasks: (nullable): a task file to import (reused if it was before);
 *   %NULL for the largest set in the workspace
 *
 * Opens the workspace @db and finds the set to measure.
 */
RubricStore *
bench_open_store (const char *db,
                  const char *tasks,
                  gint64     *set_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (db, &error);
  g_autoptr(RubricImportResult) result = NULL;
  gint64 start;

  if (store == NULL)
    bench_die (db, error);
  if (tasks == NULL)
    {
      *set_id = largest_set (store);
      return g_steal_pointer (&store);
    }
  start = g_get_monotonic_time ();
  if (!rubric_import_file (store, tasks, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error))
    bench_die (tasks, error);
  g_print ("  %s %u tasks of %s in %.1f s\n", result->reused ? "found" : "imported", result->n_tasks, tasks,
           (g_get_monotonic_time () - start) / 1e6);
  *set_id = result->set_id;
  return g_steal_pointer (&store);
}

/* Every task's row id, by position in the plain list. */
GArray *
bench_row_ids (RubricStore *store,
               gint64       set_id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, "", ids->len, ROWS_PAGE, &error);

      if (rows == NULL)
        bench_die ("reading the task list", error);
      for (guint i = 0; i < rows->len; i++)
        g_array_append_val (ids, ((RubricTaskRow *) g_ptr_array_index (rows, i))->row_id);
      if (rows->len < ROWS_PAGE)
        return ids;
    }
}

/* A comparison as a person leaves it: a choice with its strength,
 * three criteria scored on both sides, a justification, the time. */
static void
fill_compare (RubricAnnotation *annotation,
              guint             ord,
              BenchWork         work,
              gboolean          flagged)
{
  static const char *choices[] = { "A", "A", "A", "A", "B", "B", "B", "B", "tie", "both-bad" };
  static const char *criteria[] = { "helpfulness", "correctness", "clarity" };
  guint32 h = g_int_hash (&ord) * 2654435761u;

  annotation->swapped = (h >> 3) & 1;
  annotation->active_ms = 20000 + h % 100000;
  if (work == BENCH_WORK_SKIPPED)
    {
      rubric_annotation_set_text (&annotation->skip_reason, "Outside my expertise: the code needs a toolchain I lack.");
      return;
    }
  annotation->choice = g_strdup (choices[(h >> 5) % G_N_ELEMENTS (choices)]);
  annotation->strength = annotation->choice[1] == '\0' ? 1 + (h >> 9) % 3 : 0;
  for (guint c = 0; c < G_N_ELEMENTS (criteria); c++)
    {
      rubric_annotation_set_score (annotation, "a", criteria[c], 1 + (h >> (11 + c)) % 5);
      if (work == BENCH_WORK_SUBMITTED)
        rubric_annotation_set_score (annotation, "b", criteria[c], 1 + (h >> (15 + c)) % 5);
    }
  rubric_annotation_set_text (&annotation->justification,
                              work == BENCH_WORK_DRAFT
                                ? "Response A explains the"
                                : "Response A answers the question and its code runs; B misses the edge case "
                                  "the prompt asks about and its explanation is longer than it needs to be.");
  if (flagged)
    rubric_annotation_set_flag (annotation, (h >> 20) & 1 ? "a" : "b", "hallucination", TRUE);
  if (work == BENCH_WORK_DRAFT)
    rubric_annotation_set_text (&annotation->view_state, "{\"focus\":\"justification\",\"cursor\":23}");
}

/**
 * bench_annotate:
 * @pick: says, by position, what @annotator did on each task
 *
 * Saves the work through rubric_store_save_annotation(), all of it in
 * one transaction, as a person would have left it.
 *
 * Returns: how many annotations were written
 */
guint
bench_annotate (RubricStore  *store,
                gint64        set_id,
                const char   *annotator,
                GArray       *row_ids,
                BenchPickFunc pick)
{
  static const RubricAnnotationState states[] = {
    [BENCH_WORK_DRAFT] = RUBRIC_ANNOTATION_DRAFT,
    [BENCH_WORK_SUBMITTED] = RUBRIC_ANNOTATION_SUBMITTED,
    [BENCH_WORK_SKIPPED] = RUBRIC_ANNOTATION_SKIPPED,
  };
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!rubric_store_begin (store, &error))
    bench_die ("beginning a transaction", error);
  for (guint ord = 0; ord < row_ids->len; ord++)
    {
      gboolean flagged = FALSE;
      BenchWork work = pick (ord, row_ids->len, &flagged);
      g_autoptr(RubricAnnotation) annotation = NULL;

      if (work == BENCH_WORK_NONE)
        continue;
      annotation = rubric_annotation_new (g_array_index (row_ids, gint64, ord), set_id, annotator);
      annotation->state = states[work];
      fill_compare (annotation, ord, work, flagged);
      if (!rubric_store_save_annotation (store, annotation, &error))
        bench_die ("saving an annotation", error);
      n++;
    }
  if (!rubric_store_commit (store, &error))
    bench_die ("committing the annotations", error);
  return n;
}

/**
 * bench_parse_only:
 *
 * The peer of a writer or a reader: json-c parses each line of a JSONL
 * file, strictly as Rubric's reader does, and throws it away; the same
 * loop as bench-parse.c.
 */
gboolean
bench_parse_only (const char *path,
                  guint64    *n_records,
                  GError    **error)
{
  json_tokener *tok = json_tokener_new_ex (64);
  size_t size = 1 << 20, len = 0;
  char *line = g_malloc (size);
  FILE *file = fopen (path, "rb");
  int c;

  *n_records = 0;
  if (file == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "cannot open %s", path);
      g_free (line);
      json_tokener_free (tok);
      return FALSE;
    }
  json_tokener_set_flags (tok, JSON_TOKENER_STRICT);
  while ((c = getc_unlocked (file)) != EOF)
    {
      if (c != '\n')
        {
          if (len + 1 >= size)
            line = g_realloc (line, size *= 2);
          line[len++] = (char) c;
          continue;
        }
      json_tokener_reset (tok);
      json_object_put (json_tokener_parse_ex (tok, line, (int) len));
      (*n_records)++;
      len = 0;
    }
  fclose (file);
  g_free (line);
  json_tokener_free (tok);
  return TRUE;
}
