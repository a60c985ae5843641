/* rubric-chart-view.h — a chart of a review, drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-chart.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_CHART_VIEW (rubric_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricChartView, rubric_chart_view, RUBRIC, CHART_VIEW, GtkWidget)

GtkWidget *rubric_chart_view_new (RubricChart *chart);

G_END_DECLS
