/* rubric-task-list-row.h — a row of the task list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-task-item.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_TASK_LIST_ROW (rubric_task_list_row_get_type ())

G_DECLARE_FINAL_TYPE (RubricTaskListRow, rubric_task_list_row, RUBRIC, TASK_LIST_ROW, GtkWidget)

GtkWidget          *rubric_task_list_row_new       (void);
void                rubric_task_list_row_set_item  (RubricTaskListRow  *self,
                                               RubricTaskItem *item);
const char         *rubric_task_list_row_get_task_id (RubricTaskListRow *self);
GtkListItemFactory *rubric_task_list_row_factory_new (void);

G_END_DECLS
