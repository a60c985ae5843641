/* rubric-worklog-chart.h — stacked bars of the work log: hours or money
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_WORKLOG_CHART (rubric_worklog_chart_get_type ())

/* Colours for that many platforms; the next, grey, is for the rest. */
#define RUBRIC_WORKLOG_CHART_N_COLORS 8

G_DECLARE_FINAL_TYPE (RubricWorklogChart, rubric_worklog_chart, RUBRIC, WORKLOG_CHART, GtkWidget)

GtkWidget     *rubric_worklog_chart_new       (const char         *title,
                                               const char         *currency,
                                               const char * const *columns,
                                               const char * const *series,
                                               const guint        *colors,
                                               const double       *values);
const GdkRGBA *rubric_worklog_chart_get_color (guint               index);
double         rubric_worklog_chart_get_total (RubricWorklogChart *self,
                                               guint               column);

G_END_DECLS
