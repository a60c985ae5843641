/* rubric-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-stats"

#include "config.h"

#include "rubric-stats.h"
#include "rubric-store-private.h"

static void
kind_stats_free (RubricKindStats *self)
{
  g_free (self->set_name);
  g_free (self);
}

/**
 * rubric_stats_by_kind:
 *
 * Returns: (transfer full) (element-type RubricKindStats): tasks and
 *   annotations counted by task set and kind
 */
GPtrArray *
rubric_stats_by_kind (RubricStore  *store,
                      GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT s.id, s.name, c.kind,"
                                              "  coalesce (sum (c.n) FILTER (WHERE c.state = 'task'), 0),"
                                              "  coalesce (sum (c.n) FILTER (WHERE c.state = 'draft'), 0),"
                                              "  coalesce (sum (c.n) FILTER (WHERE c.state = 'submitted'), 0),"
                                              "  coalesce (sum (c.n) FILTER (WHERE c.state = 'skipped'), 0)"
                                              " FROM counts c JOIN task_sets s ON s.id = c.set_id"
                                              " GROUP BY s.id, c.kind HAVING sum (c.n) FILTER (WHERE c.state = 'task') > 0"
                                              " ORDER BY s.id, c.kind", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kind_stats_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RubricKindStats *row = g_new0 (RubricKindStats, 1);

      row->set_id = sqlite3_column_int64 (stmt, 0);
      row->set_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->kind = rubric_task_kind_from_string ((const char *) sqlite3_column_text (stmt, 2));
      row->n_tasks = sqlite3_column_int (stmt, 3);
      row->n_draft = sqlite3_column_int (stmt, 4);
      row->n_submitted = sqlite3_column_int (stmt, 5);
      row->n_skipped = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error), NULL;
  return g_steal_pointer (&rows);
}
