/* rubric-task-view.h — one task: conversation, responses, judgement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-judgement.h"
#include "rubric-set-config.h"
#include "rubric-store.h"
#include "rubric-task.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_TASK_VIEW (rubric_task_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricTaskView, rubric_task_view, RUBRIC, TASK_VIEW, GtkWidget)

void         rubric_task_view_show                (RubricTaskView         *self,
                                                   RubricTask             *task,
                                                   RubricSetConfig        *config,
                                                   const RubricAnnotation *annotation,
                                                   gboolean                swapped);
void         rubric_task_view_show_state          (RubricTaskView         *self,
                                                   const RubricAnnotation *annotation);
void         rubric_task_view_show_checks         (RubricTaskView         *self,
                                                   GPtrArray              *checks);

json_object *rubric_task_view_get_data            (RubricTaskView         *self);
char        *rubric_task_view_dup_justification   (RubricTaskView         *self);
void         rubric_task_view_set_justification   (RubricTaskView         *self,
                                                   const char             *text);

void         rubric_task_view_prefer              (RubricTaskView         *self,
                                                   guint                   position);
void         rubric_task_view_prefer_slightly     (RubricTaskView         *self,
                                                   gboolean                right);
void         rubric_task_view_toggle_both_bad     (RubricTaskView         *self);
guint        rubric_task_view_get_scale_size      (RubricTaskView         *self);

void         rubric_task_view_set_show_raw        (RubricTaskView         *self,
                                                   gboolean                show_raw);
void         rubric_task_view_set_show_diff       (RubricTaskView         *self,
                                                   gboolean                show_diff);
void         rubric_task_view_set_sync_scroll     (RubricTaskView         *self,
                                                   gboolean                sync_scroll);
void         rubric_task_view_set_show_rubric     (RubricTaskView         *self,
                                                   gboolean                show_rubric);
GtkAdjustment *rubric_task_view_get_pane_adjustment (RubricTaskView       *self,
                                                     guint                 side);

G_END_DECLS
