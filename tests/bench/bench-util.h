/* bench-util.h — shared by the store and export benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rubric-store.h"

G_BEGIN_DECLS

/* One timed call: FALSE with @error set stops the benchmark. */
typedef gboolean (*BenchFunc) (gpointer   data,
                               GError   **error);

/* What the annotator did on one task, for bench_annotate(). */
typedef enum
{
  BENCH_WORK_NONE,
  BENCH_WORK_DRAFT,
  BENCH_WORK_SUBMITTED,
  BENCH_WORK_SKIPPED,
} BenchWork;

typedef BenchWork (*BenchPickFunc) (guint     ord,
                                    guint     n,
                                    gboolean *flagged);

double       bench_best_ms     (guint          runs,
                                BenchFunc      func,
                                gpointer       data);
void         bench_figure      (const char    *label,
                                double         ms,
                                double         target_ms,
                                const char    *note);
void         bench_ratio       (const char    *label,
                                double         value,
                                double         peer,
                                double         target);
void         bench_info        (const char    *label,
                                double         ms,
                                const char    *note);
G_NORETURN
void         bench_die         (const char    *what,
                                GError        *error);

RubricStore *bench_open_store  (const char    *db,
                                const char    *tasks,
                                gint64        *set_id);
GArray      *bench_row_ids     (RubricStore   *store,
                                gint64         set_id);
guint        bench_annotate    (RubricStore   *store,
                                gint64         set_id,
                                const char    *annotator,
                                GArray        *row_ids,
                                BenchPickFunc  pick);
gboolean     bench_parse_only  (const char    *path,
                                guint64       *n_records,
                                GError       **error);

G_END_DECLS
