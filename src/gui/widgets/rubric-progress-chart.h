/* rubric-progress-chart.h — accuracy over practice sessions, drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_PROGRESS_CHART (rubric_progress_chart_get_type ())
G_DECLARE_FINAL_TYPE (RubricProgressChart, rubric_progress_chart, RUBRIC, PROGRESS_CHART, GtkWidget)

GtkWidget *rubric_progress_chart_new          (void);
void       rubric_progress_chart_set_sessions (RubricProgressChart *self,
                                               GPtrArray           *sessions);

G_END_DECLS
