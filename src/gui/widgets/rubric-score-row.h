/* rubric-score-row.h — one criterion's score for one response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-annotation.h"
#include "rubric-set-config.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_SCORE_ROW (rubric_score_row_get_type ())

G_DECLARE_FINAL_TYPE (RubricScoreRow, rubric_score_row, RUBRIC, SCORE_ROW, GtkWidget)

GtkWidget *rubric_score_row_new       (const RubricCriterion *criterion,
                                       guint                  response,
                                       const char            *response_id);
void       rubric_score_row_bind      (RubricScoreRow        *self,
                                       RubricAnnotation      *annotation,
                                       const char            *response_id);
void       rubric_score_row_set_score (RubricScoreRow        *self,
                                       int                    score);
gboolean   rubric_score_row_focus     (RubricScoreRow        *self);

G_END_DECLS
