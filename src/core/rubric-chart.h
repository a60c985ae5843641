/* rubric-chart.h — charts of an agreement and bias report, without GTK
 *
 * A chart is data a view draws: the app with its own widgets, the
 * report as SVG (rubric_chart_to_svg). Decisions:
 *
 *  - rubric_charts_new() leaves out a chart that has no data at all (no
 *    pair of annotators with a choice in common: no agreement matrix;
 *    no tie or A/B choice with a strength: no strength histogram; no
 *    A/B choice: no position chart; no measured time: no speed chart;
 *    no gold_check: no gold chart). A chart that is there may still
 *    have NaN for some of its bars or cells: "no data" for those.
 *  - The agreement matrix is annotator × annotator, Cohen's κ on choice
 *    from agreement->pairs, symmetric, 1 on the diagonal. Its colour
 *    scale runs from min (the lowest κ, or 0 when none is below 0) to 1,
 *    white at 0.
 *  - The strength histogram has a bar per signed strength, −3 … +3 (A
 *    much better … tie … B much better), −4 … +4 when a 9-point scale
 *    gave a 4. Records do not carry their scale: the words are those
 *    of the default 7-point one.
 *  - Position, speed and gold have a bar per annotator of the bias
 *    report. Position is the share won by the left side (reference 0.5);
 *    speed the median seconds (reference the median of everyone's
 *    submissions); gold the accuracy on 0 … 1.
 *  - Harm categories has a bar per category of the red-team attempts
 *    (their count), success one per annotator with red-team attempts
 *    (the success rate on 0 … 1); both are left out without any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rubric-agreement.h"
#include "rubric-bias.h"

G_BEGIN_DECLS

typedef enum
{
  RUBRIC_CHART_BARS,
  RUBRIC_CHART_HEAT_MAP,
} RubricChartType;

typedef struct
{
  RubricChartType  type;
  char            *id;             /* "agreement-matrix", "strength", "position", "speed", "gold",
                                      "categories", "success" */
  char            *title;          /* untranslated English, marked N_(); a view shows _(title) */
  char            *caption;        /* one sentence: what the values are */
  GPtrArray       *labels;         /* char *: the bars, or the rows (= columns) of a heat map */
  GArray          *values;         /* double: one per bar, or n × n row-major; NAN is no data */
  GPtrArray       *value_texts;    /* char *: written by each bar or cell ("62 %", "0.41", "—") */
  double           min;            /* the value axis; of a heat map, the colour scale */
  double           max;
  double           reference;      /* a reference line (0.5 for position), NAN for none */
  char            *reference_text; /* what the line marks ("50 %", "median 48 s"), NULL without one */
} RubricChart;

void       rubric_chart_free           (RubricChart           *chart);
GPtrArray *rubric_charts_new           (const RubricAgreement *agreement,
                                        const RubricBias      *bias);
char      *rubric_chart_to_svg         (const RubricChart     *chart);
void       rubric_chart_append_svg     (const RubricChart     *chart,
                                        GString               *out,
                                        gboolean               standalone);
void       rubric_chart_append_escaped (GString               *out,
                                        const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricChart, rubric_chart_free)

G_END_DECLS
