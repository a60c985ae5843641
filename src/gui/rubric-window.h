/* rubric-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-application.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_WINDOW (rubric_window_get_type ())

G_DECLARE_FINAL_TYPE (RubricWindow, rubric_window, RUBRIC, WINDOW, AdwApplicationWindow)

RubricWindow *rubric_window_new              (RubricApplication *app);
void          rubric_window_open_file        (RubricWindow      *self,
                                              GFile             *file);
gboolean      rubric_window_load_task_set    (RubricWindow      *self,
                                              gint64             set_id);
gint64        rubric_window_get_task_set_id  (RubricWindow      *self);
const char   *rubric_window_get_task_id      (RubricWindow      *self);
gboolean      rubric_window_get_busy         (RubricWindow      *self);
void          rubric_window_save_now         (RubricWindow      *self);
void          rubric_window_show_message     (RubricWindow      *self,
                                              const char        *message);

void          rubric_window_show_library    (RubricWindow      *self);

guint         _rubric_window_get_n_tasks_read_ahead (void);

G_END_DECLS
