/* rubric-rank-page.h — the page of a ranking of several responses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-criteria-panel.h"
#include "rubric-page.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_RANK_PAGE (rubric_rank_page_get_type ())

G_DECLARE_FINAL_TYPE (RubricRankPage, rubric_rank_page, RUBRIC, RANK_PAGE, RubricPage)

void                 rubric_rank_page_set_order          (RubricRankPage *self,
                                                          const char     *order);
RubricCriteriaPanel *rubric_rank_page_get_criteria_panel (RubricRankPage *self);

G_END_DECLS
