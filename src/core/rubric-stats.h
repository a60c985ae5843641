/* rubric-stats.h — figures over a workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64          set_id;
  char           *set_name;
  RubricTaskKind  kind;
  guint           n_tasks;
  guint           n_draft;
  guint           n_submitted;
  guint           n_skipped;
} RubricKindStats;

GPtrArray *rubric_stats_by_kind (RubricStore  *store,
                                 GError      **error);

G_END_DECLS
