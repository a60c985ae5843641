/* rubric-feedback-view.h — what the gold says beside what the trainee did
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-grade.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_FEEDBACK_VIEW (rubric_feedback_view_get_type ())
G_DECLARE_FINAL_TYPE (RubricFeedbackView, rubric_feedback_view, RUBRIC, FEEDBACK_VIEW, GtkWidget)

GtkWidget *rubric_feedback_view_new  (void);
void       rubric_feedback_view_show (RubricFeedbackView     *self,
                                      RubricTask             *task,
                                      const RubricSetConfig  *config,
                                      const RubricAnnotation *annotation,
                                      const RubricFeedback   *feedback);
void       rubric_feedback_view_focus (RubricFeedbackView    *self);
char      *rubric_feedback_describe_choice (const char *choice,
                                            int         strength,
                                            guint       scale);

G_END_DECLS
