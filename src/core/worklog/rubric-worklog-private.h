/* rubric-worklog-private.h — shared by the work log's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-c/json.h>

#include "../rubric-store-private.h"
#include "rubric-worklog.h"

G_BEGIN_DECLS

/* The longest platform, payer, processor or set name, and note. */
#define RUBRIC_WORKLOG_NAME_MAX 200
#define RUBRIC_WORKLOG_NOTE_MAX 10000

gboolean    _rubric_worklog_begin            (RubricStore       *store,
                                              gboolean          *nested,
                                              GError           **error);
gboolean    _rubric_worklog_commit           (RubricStore       *store,
                                              gboolean           nested,
                                              GError           **error);
void        _rubric_worklog_rollback         (RubricStore       *store,
                                              gboolean           nested);
gboolean    _rubric_worklog_step_done        (RubricStore       *store,
                                              sqlite3_stmt      *stmt,
                                              GError           **error);
char       *_rubric_worklog_column_dup       (sqlite3_stmt      *stmt,
                                              int                column);
void        _rubric_worklog_read_rate        (sqlite3_stmt      *stmt,
                                              int                column,
                                              RubricRate        *rate);
void        _rubric_worklog_bind_rate        (sqlite3_stmt      *stmt,
                                              int                column,
                                              const RubricRate  *rate);
gboolean    _rubric_worklog_check_rate       (const RubricRate  *rate,
                                              gboolean           for_set,
                                              GError           **error);
gboolean    _rubric_worklog_check_text       (const char        *what,
                                              const char        *text,
                                              gsize              max,
                                              GError           **error);
gboolean    _rubric_worklog_earn             (const RubricRate  *rate,
                                              gint64             seconds,
                                              guint              n_tasks,
                                              gint64            *earned,
                                              GError           **error);
int         _rubric_worklog_pick_rate        (GPtrArray         *rates,
                                              gint64             time);
GPtrArray  *_rubric_worklog_read_rates       (RubricStore       *store,
                                              gint64             work_set,
                                              GError           **error);
gint64      _rubric_worklog_work_set_for     (RubricStore       *store,
                                              gint64             set_id,
                                              GError           **error);
gint64      _rubric_worklog_add_detached_set (RubricStore       *store,
                                              const char        *name,
                                              GError           **error);
gboolean    _rubric_worklog_add_span         (RubricStore       *store,
                                              const char        *annotator,
                                              gint64             work_set,
                                              gint64             started_at,
                                              gint64             ended_at,
                                              gint64             active_ms,
                                              GError           **error);
gboolean    _rubric_worklog_add_rate         (RubricStore       *store,
                                              gint64             work_set,
                                              const char        *payer,
                                              const RubricRate  *rate,
                                              gint64             effective_from,
                                              GError           **error);
gboolean    _rubric_worklog_add_submissions  (RubricStore       *store,
                                              gint64             work_set,
                                              const char        *annotator,
                                              gint64             submitted_at,
                                              guint              n,
                                              GError           **error);
gboolean    _rubric_worklog_has_span         (RubricStore       *store,
                                              const char        *annotator,
                                              const char        *set_name,
                                              gint64             started_at,
                                              gint64             ended_at,
                                              gint64             below_id,
                                              gboolean          *found,
                                              GError           **error);
gboolean    _rubric_worklog_has_entry        (RubricStore          *store,
                                              const RubricLogEntry *entry,
                                              gint64             below_id,
                                              gboolean          *found,
                                              GError           **error);
GPtrArray  *_rubric_worklog_read_entries     (RubricStore       *store,
                                              const char        *from_day,
                                              const char        *to_day,
                                              GError           **error);
gint64      _rubric_worklog_next_id          (RubricStore       *store,
                                              const char        *table,
                                              GError           **error);
json_object *_rubric_worklog_hours_to_json (gint64             ms);
GDateTime  *_rubric_worklog_local            (gint64             time);
gint64      _rubric_worklog_next_day_start   (const char        *day);

G_END_DECLS
