/* rubric-task-view.h — one task: conversation, responses, judgement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-store.h"
#include "rubric-task.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_TASK_VIEW (rubric_task_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricTaskView, rubric_task_view, RUBRIC, TASK_VIEW, GtkWidget)

void        rubric_task_view_show              (RubricTaskView         *self,
                                                RubricTask             *task,
                                                const RubricAnnotation *annotation);
void        rubric_task_view_show_state        (RubricTaskView         *self,
                                                const RubricAnnotation *annotation);
const char *rubric_task_view_get_choice        (RubricTaskView         *self);
void        rubric_task_view_set_choice        (RubricTaskView         *self,
                                                const char             *choice);
char       *rubric_task_view_dup_justification (RubricTaskView         *self);
void        rubric_task_view_set_justification (RubricTaskView         *self,
                                                const char             *text);
void        rubric_task_view_focus_justification (RubricTaskView       *self);
gboolean    rubric_task_view_can_judge         (RubricTaskView         *self);

G_END_DECLS
