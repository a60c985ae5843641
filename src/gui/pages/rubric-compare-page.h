/* rubric-compare-page.h — the page of a comparison of two responses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-criteria-panel.h"
#include "rubric-page.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_COMPARE_PAGE (rubric_compare_page_get_type ())

G_DECLARE_FINAL_TYPE (RubricComparePage, rubric_compare_page, RUBRIC, COMPARE_PAGE, RubricPage)

void                 rubric_compare_page_prefer               (RubricComparePage *self,
                                                               guint              position);
GtkAdjustment       *rubric_compare_page_get_pane_adjustment  (RubricComparePage *self,
                                                               guint              side);
RubricCriteriaPanel *rubric_compare_page_get_criteria_panel   (RubricComparePage *self);

G_END_DECLS
