/* rubric-task-list-model.h — a task set as a lazy list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rubric-store.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_TASK_LIST_MODEL (rubric_task_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RubricTaskListModel, rubric_task_list_model, RUBRIC, TASK_LIST_MODEL, GObject)

RubricTaskListModel *rubric_task_list_model_new          (RubricStore           *store,
                                                          gint64                 set_id,
                                                          const char            *annotator,
                                                          const RubricTaskQuery *query);
guint                rubric_task_list_model_find_row     (RubricTaskListModel   *self,
                                                          gint64                 row_id);
void                 rubric_task_list_model_reload       (RubricTaskListModel   *self);
void                 rubric_task_list_model_task_changed (RubricTaskListModel *self,
                                                          guint                position);

G_END_DECLS
