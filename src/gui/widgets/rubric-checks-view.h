/* rubric-checks-view.h — what stops or questions a submission
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_CHECKS_VIEW (rubric_checks_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricChecksView, rubric_checks_view, RUBRIC, CHECKS_VIEW, GtkWidget)

void rubric_checks_view_show (RubricChecksView *self,
                              GPtrArray        *checks);

G_END_DECLS
