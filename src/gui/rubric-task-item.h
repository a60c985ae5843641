/* rubric-task-item.h — one row of the task list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "rubric-store.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_TASK_ITEM (rubric_task_item_get_type ())

G_DECLARE_FINAL_TYPE (RubricTaskItem, rubric_task_item, RUBRIC, TASK_ITEM, GObject)

RubricTaskItem        *rubric_task_item_new         (const RubricTaskRow *row);
gint64                 rubric_task_item_get_row_id  (RubricTaskItem      *self);
RubricAnnotationState  rubric_task_item_get_state   (RubricTaskItem      *self);
void                   rubric_task_item_set_state   (RubricTaskItem      *self,
                                                     RubricAnnotationState state);

G_END_DECLS
