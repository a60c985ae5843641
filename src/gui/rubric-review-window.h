/* rubric-review-window.h — a lead's review of several annotators' records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-application.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_REVIEW_WINDOW (rubric_review_window_get_type ())

G_DECLARE_FINAL_TYPE (RubricReviewWindow, rubric_review_window, RUBRIC, REVIEW_WINDOW, AdwApplicationWindow)

RubricReviewWindow *rubric_review_window_present  (RubricApplication   *app,
                                                   gint64               set_id);
void                rubric_review_window_open     (RubricApplication   *app,
                                                   GtkWindow           *parent,
                                                   GFile              **files,
                                                   guint                n_files);

G_END_DECLS
