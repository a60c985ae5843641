/* rubric-review-view.h — reviewing one response, flagging its spans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_REVIEW_VIEW (rubric_review_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricReviewView, rubric_review_view, RUBRIC, REVIEW_VIEW, GtkWidget)

GtkTextView *rubric_review_view_get_response   (RubricReviewView *self);
gboolean     rubric_review_view_flag_selection (RubricReviewView *self,
                                                const char       *flag,
                                                const char       *severity,
                                                const char       *comment,
                                                const char       *correction);
void         rubric_review_view_flag_dialog    (RubricReviewView *self);
void         rubric_review_view_set_verdict    (RubricReviewView *self,
                                                const char       *verdict);
void         rubric_review_view_remove_span    (RubricReviewView *self,
                                                guint             index);
void         rubric_review_view_focus_span     (RubricReviewView *self,
                                                guint             index);

G_END_DECLS
