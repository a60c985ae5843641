/* rubric-store-private.h — for the core's importer and exporters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "rubric-store.h"

G_BEGIN_DECLS

/* A repeat's ext_id: its original's id and this, with a number after
 * it where the file has a task of that id already (rubric-import.c). */
#define RUBRIC_REPEAT_SUFFIX "#repeat"

/* An annotator's progress is kept by blocks of 1 << RUBRIC_BLOCK_SHIFT
 * task positions (progress_blocks, schema 9). */
#define RUBRIC_BLOCK_SHIFT 10
#define RUBRIC_BLOCK_SIZE (1 << RUBRIC_BLOCK_SHIFT)

sqlite3      *_rubric_store_get_db      (RubricStore  *self);
guint         _rubric_store_count_background_checkpoints (RubricStore *self);
void          _rubric_store_set_checkpoint_delay         (RubricStore   *self,
                                                          guint          ms);
gboolean      _rubric_store_get_checkpoint_in_background (RubricStore *self);
gboolean      _rubric_store_process_alive (gint64 pid);
sqlite3_stmt *_rubric_store_prepare     (RubricStore  *self,
                                         const char   *sql,
                                         GError      **error);
gboolean      _rubric_store_exec        (RubricStore  *self,
                                         const char   *sql,
                                         GError      **error);
gboolean      _rubric_store_fail        (RubricStore  *self,
                                         GError      **error);
gboolean      _rubric_store_step_value  (RubricStore  *self,
                                         sqlite3_stmt *stmt,
                                         gint64       *value,
                                         GError      **error);
gboolean      _rubric_store_run_alone   (RubricStore  *self,
                                         const char   *sql,
                                         gint64        value,
                                         int          *changes,
                                         GError      **error);
gboolean      _rubric_store_migrate_to  (RubricStore  *self,
                                         int           version,
                                         GError      **error);
gboolean      _rubric_store_index_tasks   (RubricStore *self,
                                          gint64       set_id,
                                          gint64       from_row,
                                          GError     **error);
RubricStore  *_rubric_store_new_at      (const char   *path,
                                         int           version,
                                         GError      **error);

G_END_DECLS
