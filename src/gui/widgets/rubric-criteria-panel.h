/* rubric-criteria-panel.h — rubric scores and flags for each response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-annotation.h"
#include "rubric-set-config.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_CRITERIA_PANEL (rubric_criteria_panel_get_type ())

G_DECLARE_FINAL_TYPE (RubricCriteriaPanel, rubric_criteria_panel, RUBRIC, CRITERIA_PANEL, GtkWidget)

void       rubric_criteria_panel_show         (RubricCriteriaPanel   *self,
                                               RubricSetConfig       *config,
                                               const char * const    *response_ids,
                                               guint                  n_responses,
                                               RubricAnnotation      *annotation);
void       rubric_criteria_panel_set_citable  (RubricCriteriaPanel   *self,
                                               gboolean               citable);
void       rubric_criteria_panel_set_editable (RubricCriteriaPanel   *self,
                                               gboolean               editable);
gboolean   rubric_criteria_panel_focus_first  (RubricCriteriaPanel   *self);
void       rubric_criteria_panel_set_score    (RubricCriteriaPanel   *self,
                                               guint                  criterion,
                                               guint                  response,
                                               int                    score);
void       rubric_criteria_panel_set_flag     (RubricCriteriaPanel   *self,
                                               const char            *flag_id,
                                               guint                  response,
                                               gboolean               set);

G_END_DECLS
