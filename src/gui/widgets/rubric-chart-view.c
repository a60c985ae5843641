/* rubric-chart-view.c
 *
 * Draws a RubricChart (the same data the HTML report draws as SVG)
 * with GtkSnapshot: colour and text nodes, no cairo.
 *
 *  - Bars: one row a label, its bar from the axis minimum, the value's
 *    text after it, and a dashed-looking reference line with its text.
 *    A bar without data shows "no data" in place of a bar.
 *  - Heat map: a square a pair, its value written inside; blue for
 *    agreement above 0, red below, white at 0. The text is dark or
 *    light by what is under it.
 *
 * The chart's title and caption are the view's accessible label and
 * description, and are drawn above the chart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-chart-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rubric-draw.h"
#include "rubric-chart-view.h"

#define PAD        8
#define ROW_HEIGHT 28
#define BAR_HEIGHT 18
#define CELL       56
#define MAX_LABEL  180

struct _RubricChartView
{
  GtkWidget    parent_instance;

  RubricChart *chart;   /* borrowed: the owner keeps it alive */
};

G_DEFINE_FINAL_TYPE (RubricChartView, rubric_chart_view, GTK_TYPE_WIDGET)

static const GdkRGBA bar_color = { 0.21, 0.52, 0.89, 1 };
static const GdkRGBA reference_color = { 0.75, 0.11, 0.16, 1 };

static PangoLayout *
layout_of (GtkWidget  *widget,
           const char *text,
           gboolean    bold,
           int         max_width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (bold)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  if (max_width > 0)
    {
      pango_layout_set_width (layout, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static int
text_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static int
label_width (RubricChartView *self)
{
  int widest = 0;

  for (guint i = 0; i < self->chart->labels->len; i++)
    {
      g_autoptr(PangoLayout) layout = layout_of (GTK_WIDGET (self), g_ptr_array_index (self->chart->labels, i),
                                                 FALSE, 0);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return MIN (widest, MAX_LABEL);
}

/* The title and caption; returns where the chart starts. */
static int
draw_heading (RubricChartView *self,
              GtkSnapshot     *snapshot,
              int              width,
              const GdkRGBA   *fg)
{
  g_autoptr(PangoLayout) title = layout_of (GTK_WIDGET (self), _(self->chart->title), TRUE, width);
  g_autoptr(PangoLayout) caption = NULL;
  GdkRGBA dim = *fg;
  int y = 0;

  rubric_draw_layout (snapshot, title, 0, y, fg);
  y += text_height (title) + 2;
  if (self->chart->caption != NULL)
    {
      caption = layout_of (GTK_WIDGET (self), _(self->chart->caption), FALSE, 0);
      pango_layout_set_width (caption, width * PANGO_SCALE);
      pango_layout_set_wrap (caption, PANGO_WRAP_WORD_CHAR);
      dim.alpha *= 0.7f;
      rubric_draw_layout (snapshot, caption, 0, y, &dim);
      y += text_height (caption);
    }
  return y + PAD;
}

static double
fraction_of (const RubricChart *chart,
             double             value)
{
  if (!(chart->max > chart->min))
    return 0;
  return CLAMP ((value - chart->min) / (chart->max - chart->min), 0, 1);
}

static void
draw_bars (RubricChartView *self,
           GtkSnapshot     *snapshot,
           int              width,
           int              top,
           const GdkRGBA   *fg)
{
  const RubricChart *chart = self->chart;
  int labels = label_width (self) + PAD;
  int value_room = 140;
  int track = MAX (40, width - labels - value_room);
  GdkRGBA faint = *fg;

  faint.alpha *= 0.1f;
  for (guint i = 0; i < chart->labels->len; i++)
    {
      double value = g_array_index (chart->values, double, i);
      int y = top + i * ROW_HEIGHT;
      g_autoptr(PangoLayout) label = layout_of (GTK_WIDGET (self), g_ptr_array_index (chart->labels, i), FALSE,
                                                labels - PAD);
      g_autoptr(PangoLayout) text = layout_of (GTK_WIDGET (self),
                                               isnan (value) ? _("no data") : (const char *) g_ptr_array_index (chart->value_texts, i),
                                               FALSE, 0);
      int bar = isnan (value) ? 0 : (int) round (fraction_of (chart, value) * track);

      rubric_draw_layout (snapshot, label, 0, y + (ROW_HEIGHT - text_height (label)) / 2.0, fg);
      gtk_snapshot_append_color (snapshot, &faint,
                                 &GRAPHENE_RECT_INIT (labels, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, track, BAR_HEIGHT));
      if (bar > 0)
        gtk_snapshot_append_color (snapshot, &bar_color,
                                   &GRAPHENE_RECT_INIT (labels, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, bar, BAR_HEIGHT));
      rubric_draw_layout (snapshot, text, labels + track + PAD, y + (ROW_HEIGHT - text_height (text)) / 2.0, fg);
    }
  if (!isnan (chart->reference))
    {
      int x = labels + (int) round (fraction_of (chart, chart->reference) * track);
      int bottom = top + chart->labels->len * ROW_HEIGHT;

      for (int y = top; y < bottom; y += 6)
        gtk_snapshot_append_color (snapshot, &reference_color, &GRAPHENE_RECT_INIT (x - 1, y, 2, MIN (4, bottom - y)));
      if (chart->reference_text != NULL)
        {
          g_autoptr(PangoLayout) text = layout_of (GTK_WIDGET (self), _(chart->reference_text), FALSE, 0);
          int text_width;

          pango_layout_get_pixel_size (text, &text_width, NULL);
          rubric_draw_layout (snapshot, text, CLAMP (x - text_width / 2, 0, MAX (0, width - text_width)), bottom + 2,
                     &reference_color);
        }
    }
}

/* White at 0, the accent's blue towards 1, red towards −1. */
static GdkRGBA
heat_color (const RubricChart *chart,
            double             value)
{
  double t;

  if (isnan (value))
    return (GdkRGBA) { 0.5, 0.5, 0.5, 0.15 };
  if (value >= 0)
    {
      t = chart->max > 0 ? CLAMP (value / chart->max, 0, 1) : 0;
      return (GdkRGBA) { 1 - t * 0.85, 1 - t * 0.55, 1 - t * 0.15, 1 };
    }
  t = chart->min < 0 ? CLAMP (value / chart->min, 0, 1) : 0;
  return (GdkRGBA) { 1 - t * 0.2, 1 - t * 0.8, 1 - t * 0.8, 1 };
}

static void
draw_heat_map (RubricChartView *self,
               GtkSnapshot     *snapshot,
               int              top,
               const GdkRGBA   *fg)
{
  const RubricChart *chart = self->chart;
  guint n = chart->labels->len;
  int labels = label_width (self) + PAD;
  int header = 0;

  /* Column heads: the same names, over their columns. */
  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) head = layout_of (GTK_WIDGET (self), g_ptr_array_index (chart->labels, c), FALSE, CELL - 4);

      header = MAX (header, text_height (head));
      rubric_draw_layout (snapshot, head, labels + c * CELL + 2, top, fg);
    }
  top += header + 4;
  for (guint r = 0; r < n; r++)
    {
      g_autoptr(PangoLayout) label = layout_of (GTK_WIDGET (self), g_ptr_array_index (chart->labels, r), FALSE,
                                                labels - PAD);

      rubric_draw_layout (snapshot, label, 0, top + r * CELL + (CELL - text_height (label)) / 2.0, fg);
      for (guint c = 0; c < n; c++)
        {
          double value = g_array_index (chart->values, double, r * n + c);
          GdkRGBA color = heat_color (chart, value);
          const GdkRGBA *ink = (color.red + color.green + color.blue) / 3 < 0.55 ? &(GdkRGBA) { 1, 1, 1, 1 }
                                                                                 : &(GdkRGBA) { 0, 0, 0, 0.87f };
          g_autoptr(PangoLayout) text = layout_of (GTK_WIDGET (self), g_ptr_array_index (chart->value_texts, r * n + c),
                                                   FALSE, 0);
          int text_width;
          graphene_rect_t cell = GRAPHENE_RECT_INIT (labels + c * CELL + 1, top + r * CELL + 1, CELL - 2, CELL - 2);

          gtk_snapshot_append_color (snapshot, &color, &cell);
          pango_layout_get_pixel_size (text, &text_width, NULL);
          rubric_draw_layout (snapshot, text, cell.origin.x + (cell.size.width - text_width) / 2.0,
                     cell.origin.y + (cell.size.height - text_height (text)) / 2.0, isnan (value) ? fg : ink);
        }
    }
}

static void
rubric_chart_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  RubricChartView *self = RUBRIC_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA fg;
  int top;

  if (self->chart == NULL)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  top = draw_heading (self, snapshot, width, &fg);
  if (self->chart->type == RUBRIC_CHART_HEAT_MAP)
    draw_heat_map (self, snapshot, top, &fg);
  else
    draw_bars (self, snapshot, width, top, &fg);
}

static int
heading_height (RubricChartView *self,
                int              width)
{
  g_autoptr(PangoLayout) title = layout_of (GTK_WIDGET (self), _(self->chart->title), TRUE, 0);
  int height = text_height (title) + 2 + PAD;

  if (self->chart->caption != NULL)
    {
      g_autoptr(PangoLayout) caption = layout_of (GTK_WIDGET (self), _(self->chart->caption), FALSE, 0);

      if (width > 0)
        {
          pango_layout_set_width (caption, width * PANGO_SCALE);
          pango_layout_set_wrap (caption, PANGO_WRAP_WORD_CHAR);
        }
      height += text_height (caption);
    }
  return height;
}

static void
rubric_chart_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  RubricChartView *self = RUBRIC_CHART_VIEW (widget);
  guint n;

  if (self->chart == NULL)
    {
      *minimum = *natural = 0;
      return;
    }
  n = self->chart->labels->len;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int chart = label_width (self) + PAD + (self->chart->type == RUBRIC_CHART_HEAT_MAP ? (int) n * CELL : 300);

      *minimum = MIN (chart, 280);
      *natural = chart;
      return;
    }
  *minimum = *natural = heading_height (self, for_size) +
                        (self->chart->type == RUBRIC_CHART_HEAT_MAP ? (int) (n * CELL) + 24 : (int) n * ROW_HEIGHT + 24);
}

static GtkSizeRequestMode
rubric_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rubric_chart_view_class_init (RubricChartViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = rubric_chart_view_snapshot;
  widget_class->measure = rubric_chart_view_measure;
  widget_class->get_request_mode = rubric_chart_view_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rubric_chart_view_init (RubricChartView *self)
{
}

/**
 * rubric_chart_view_new:
 * @chart: (transfer none): kept by the caller while the view shows it
 */
GtkWidget *
rubric_chart_view_new (RubricChart *chart)
{
  RubricChartView *self = g_object_new (RUBRIC_TYPE_CHART_VIEW, NULL);
  g_autoptr(GString) description = g_string_new (chart->caption ? _(chart->caption) : "");

  self->chart = chart;
  /* What a screen reader reads in place of the picture: every value. */
  for (guint i = 0; i < chart->value_texts->len; i++)
    {
      if (chart->type == RUBRIC_CHART_BARS)
        g_string_append_printf (description, "%s%s: %s", description->len ? "; " : "",
                                (const char *) g_ptr_array_index (chart->labels, i),
                                (const char *) g_ptr_array_index (chart->value_texts, i));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(chart->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  return GTK_WIDGET (self);
}
