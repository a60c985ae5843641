/* rubric-review-page.h — the page of a review of one response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-criteria-panel.h"
#include "rubric-page.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_REVIEW_PAGE (rubric_review_page_get_type ())

G_DECLARE_FINAL_TYPE (RubricReviewPage, rubric_review_page, RUBRIC, REVIEW_PAGE, RubricPage)

gboolean             rubric_review_page_flag_selection    (RubricReviewPage *self,
                                                           const char       *flag,
                                                           const char       *severity,
                                                           const char       *comment,
                                                           const char       *correction);
void                 rubric_review_page_set_verdict       (RubricReviewPage *self,
                                                           const char       *verdict);
void                 rubric_review_page_remove_span       (RubricReviewPage *self,
                                                           guint             index);
void                 rubric_review_page_focus_span        (RubricReviewPage *self,
                                                           guint             index);
GtkTextView         *rubric_review_page_get_response      (RubricReviewPage *self);
RubricCriteriaPanel *rubric_review_page_get_criteria_panel (RubricReviewPage *self);

G_END_DECLS
