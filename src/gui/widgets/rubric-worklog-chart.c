/* rubric-worklog-chart.c
 *
 * A column a week or a month, stacked by platform: hours, or the money
 * of one currency (amounts of different currencies are never added, so
 * each has a chart of its own). The title, a legend of the platforms
 * that have something, a scale on the left, the total over each column
 * where it fits and the column's label under it, as many as fit.
 *
 * Drawn with GtkSnapshot colour and text nodes in the theme's text
 * colour, as RubricChartView draws; no chart library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog-chart"

#include "config.h"

#include <math.h>

#include "rubric-draw.h"
#include "rubric-money.h"
#include "rubric-worklog-chart.h"

#define PAD         8
#define PLOT_HEIGHT 180
#define SWATCH      12
#define N_TICKS     4

struct _RubricWorklogChart
{
  GtkWidget  parent_instance;

  char      *title;
  char      *currency;   /* NULL: the values are hours */
  guint      exponent;   /* the currency's decimals */
  GStrv      columns;
  GStrv      series;
  GArray    *colors;     /* guint, a palette index per series */
  GArray    *values;     /* double, column by column */
  double     top;        /* the scale's maximum */
};

G_DEFINE_FINAL_TYPE (RubricWorklogChart, rubric_worklog_chart, GTK_TYPE_WIDGET)

/* The GNOME palette's middle shades, far enough apart to tell stacked
 * neighbours from each other; then grey, for everything else. */
static const GdkRGBA palette[RUBRIC_WORKLOG_CHART_N_COLORS + 1] = {
  { 0.21, 0.52, 0.89, 1 },
  { 0.18, 0.76, 0.49, 1 },
  { 1.00, 0.47, 0.00, 1 },
  { 0.57, 0.25, 0.67, 1 },
  { 0.88, 0.11, 0.14, 1 },
  { 0.60, 0.42, 0.27, 1 },
  { 0.96, 0.83, 0.18, 1 },
  { 0.13, 0.63, 0.68, 1 },
  { 0.60, 0.60, 0.60, 1 },
};

static guint
n_columns (RubricWorklogChart *self)
{
  return g_strv_length (self->columns);
}

static guint
n_series (RubricWorklogChart *self)
{
  return g_strv_length (self->series);
}

static double
value_at (RubricWorklogChart *self,
          guint               column,
          guint               series)
{
  return g_array_index (self->values, double, column * n_series (self) + series);
}

static double
series_total (RubricWorklogChart *self,
              guint               series)
{
  double total = 0;

  for (guint c = 0; c < n_columns (self); c++)
    total += value_at (self, c, series);
  return total;
}

/* 1, 2 or 5 times a power of ten, so that the ticks read round. */
static double
nice_top (double max)
{
  double step, magnitude;

  if (max <= 0)
    return N_TICKS;
  step = max / N_TICKS;
  magnitude = pow (10, floor (log10 (step)));
  step = step <= magnitude ? magnitude : step <= 2 * magnitude ? 2 * magnitude : step <= 5 * magnitude ? 5 * magnitude : 10 * magnitude;
  return step * N_TICKS;
}

/* Money is counted in minor units and shown in major ones. */
static double
to_major (RubricWorklogChart *self,
          double              value)
{
  return self->currency != NULL ? value / pow (10, self->exponent) : value;
}

static char *
tick_text (RubricWorklogChart *self,
           double              value)
{
  double major = to_major (self, value);

  return g_strdup_printf (major == floor (major) ? "%.0f" : "%.1f", major);
}

static char *
total_text (RubricWorklogChart *self,
            double              value)
{
  if (self->currency != NULL)
    return rubric_money_localize (rubric_money_format ((gint64) llround (value), self->currency));
  return g_strdup_printf ("%.1f", value);
}

static PangoLayout *
layout_of (GtkWidget  *widget,
           const char *text,
           gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (bold)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  return layout;
}

static void
text_size (PangoLayout *layout,
           int         *width,
           int         *height)
{
  pango_layout_get_pixel_size (layout, width, height);
}

/* Lays the legend out in rows that fit @width; draws it when
 * @snapshot is given. Returns its height. */
static int
legend (RubricWorklogChart *self,
        GtkSnapshot        *snapshot,
        int                 width,
        int                 top,
        const GdkRGBA      *fg)
{
  int x = 0, y = top, row_height = 0;

  for (guint s = 0; s < n_series (self); s++)
    {
      g_autoptr(PangoLayout) name = NULL;
      int w, h;

      if (series_total (self, s) <= 0)
        continue;
      name = layout_of (GTK_WIDGET (self), self->series[s], FALSE);
      text_size (name, &w, &h);
      if (x > 0 && x + SWATCH + 6 + w > width)
        {
          x = 0;
          y += row_height + 4;
        }
      row_height = MAX (row_height, h);
      if (snapshot != NULL)
        {
          gtk_snapshot_append_color (snapshot, rubric_worklog_chart_get_color (g_array_index (self->colors, guint, s)),
                                     &GRAPHENE_RECT_INIT (x, y + (h - SWATCH) / 2.0, SWATCH, SWATCH));
          rubric_draw_layout (snapshot, name, x + SWATCH + 6, y, fg);
        }
      x += SWATCH + 6 + w + 18;
    }
  return row_height > 0 ? y - top + row_height : 0;
}

static int
line_height (RubricWorklogChart *self)
{
  g_autoptr(PangoLayout) layout = layout_of (GTK_WIDGET (self), "0", FALSE);
  int h;

  text_size (layout, NULL, &h);
  return h;
}

/* The title, the legend, and room for the total over the tallest column. */
static int
heading_height (RubricWorklogChart *self,
                int                 width)
{
  g_autoptr(PangoLayout) title = layout_of (GTK_WIDGET (self), self->title, TRUE);
  int h;

  text_size (title, NULL, &h);
  return h + PAD + legend (self, NULL, width, 0, NULL) + PAD + line_height (self);
}

/* The scale: lines across the plot, their values on the left. Returns
 * where the plot starts. */
static int
draw_scale (RubricWorklogChart *self,
            GtkSnapshot        *snapshot,
            int                 width,
            int                 top,
            const GdkRGBA      *fg)
{
  GdkRGBA faint = *fg, dim = *fg;
  int left = 0;

  faint.alpha *= 0.12f;
  dim.alpha *= 0.7f;
  for (int i = 0; i <= N_TICKS; i++)
    {
      g_autofree char *text = tick_text (self, self->top * i / N_TICKS);
      g_autoptr(PangoLayout) layout = layout_of (GTK_WIDGET (self), text, FALSE);
      int w;

      text_size (layout, &w, NULL);
      left = MAX (left, w + PAD);
    }
  for (int i = 0; i <= N_TICKS; i++)
    {
      g_autofree char *text = tick_text (self, self->top * i / N_TICKS);
      g_autoptr(PangoLayout) layout = layout_of (GTK_WIDGET (self), text, FALSE);
      double y = top + PLOT_HEIGHT * (1 - (double) i / N_TICKS);
      int w, h;

      text_size (layout, &w, &h);
      gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (left, y, width - left, 1));
      rubric_draw_layout (snapshot, layout, left - PAD - w, y - h / 2.0, &dim);
    }
  return left;
}

static void
draw_column (RubricWorklogChart *self,
             GtkSnapshot        *snapshot,
             guint               column,
             double              x,
             double              bar_width,
             int                 top)
{
  double bottom = top + PLOT_HEIGHT;

  for (guint s = 0; s < n_series (self); s++)
    {
      double height = PLOT_HEIGHT * value_at (self, column, s) / self->top;

      if (height <= 0)
        continue;
      gtk_snapshot_append_color (snapshot, rubric_worklog_chart_get_color (g_array_index (self->colors, guint, s)),
                                 &GRAPHENE_RECT_INIT (x, bottom - height, bar_width, height));
      bottom -= height;
    }
}

/* The total over the column, where it fits in the column's width. */
static void
draw_total (RubricWorklogChart *self,
            GtkSnapshot        *snapshot,
            guint               column,
            double              center,
            double              slot,
            int                 top,
            const GdkRGBA      *fg)
{
  double total = rubric_worklog_chart_get_total (self, column);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;

  if (total <= 0)
    return;
  text = total_text (self, total);
  layout = layout_of (GTK_WIDGET (self), text, FALSE);
  text_size (layout, &w, &h);
  if (w > slot - 2)
    return;
  rubric_draw_layout (snapshot, layout, center - w / 2.0, top + PLOT_HEIGHT * (1 - total / self->top) - h - 1, fg);
}

/* Column labels under the plot: every one, or every second, third…
 * so that none overlap. */
static void
draw_labels (RubricWorklogChart *self,
             GtkSnapshot        *snapshot,
             double              left,
             double              slot,
             int                 y,
             const GdkRGBA      *fg)
{
  guint n = n_columns (self);
  int widest = 0;
  guint every;

  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) layout = layout_of (GTK_WIDGET (self), self->columns[c], FALSE);
      int w;

      text_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  every = MAX (1, (guint) ceil ((widest + PAD) / slot));
  for (guint c = 0; c < n; c += every)
    {
      g_autoptr(PangoLayout) layout = layout_of (GTK_WIDGET (self), self->columns[c], FALSE);
      int w;

      text_size (layout, &w, NULL);
      double x = MIN (left + slot * (c + 0.5) - w / 2.0, gtk_widget_get_width (GTK_WIDGET (self)) - w);

      rubric_draw_layout (snapshot, layout, MAX (x, 0), y, fg);
    }
}

static void
draw_plot (RubricWorklogChart *self,
           GtkSnapshot        *snapshot,
           int                 width,
           int                 top,
           const GdkRGBA      *fg)
{
  guint n = n_columns (self);
  int left = draw_scale (self, snapshot, width, top, fg);
  double slot = n > 0 ? (double) (width - left) / n : 0;
  double bar_width = MIN (slot * 0.7, 48);

  for (guint c = 0; c < n; c++)
    {
      double center = left + slot * (c + 0.5);

      draw_column (self, snapshot, c, center - bar_width / 2, bar_width, top);
      draw_total (self, snapshot, c, center, slot, top, fg);
    }
  if (n > 0)
    draw_labels (self, snapshot, left, slot, top + PLOT_HEIGHT + 4, fg);
}

static void
rubric_worklog_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  RubricWorklogChart *self = RUBRIC_WORKLOG_CHART (widget);
  int width = gtk_widget_get_width (widget);
  g_autoptr(PangoLayout) title = layout_of (widget, self->title, TRUE);
  GdkRGBA fg;
  int h;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  rubric_draw_layout (snapshot, title, 0, 0, &fg);
  text_size (title, NULL, &h);
  legend (self, snapshot, width, h + PAD, &fg);
  draw_plot (self, snapshot, width, heading_height (self, width), &fg);
}

static void
rubric_worklog_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  RubricWorklogChart *self = RUBRIC_WORKLOG_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
      return;
    }
  *minimum = *natural = heading_height (self, for_size > 0 ? for_size : 640) + PLOT_HEIGHT + 4 + line_height (self) + PAD;
}

static GtkSizeRequestMode
rubric_worklog_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rubric_worklog_chart_finalize (GObject *object)
{
  RubricWorklogChart *self = RUBRIC_WORKLOG_CHART (object);

  g_free (self->title);
  g_free (self->currency);
  g_strfreev (self->columns);
  g_strfreev (self->series);
  g_array_unref (self->colors);
  g_array_unref (self->values);
  G_OBJECT_CLASS (rubric_worklog_chart_parent_class)->finalize (object);
}

static void
rubric_worklog_chart_class_init (RubricWorklogChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rubric_worklog_chart_finalize;
  widget_class->snapshot = rubric_worklog_chart_snapshot;
  widget_class->measure = rubric_worklog_chart_measure;
  widget_class->get_request_mode = rubric_worklog_chart_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rubric_worklog_chart_init (RubricWorklogChart *self)
{
}

/* What a screen reader reads in place of the picture: every total. */
static void
describe (RubricWorklogChart *self)
{
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint c = 0; c < n_columns (self); c++)
    {
      g_autofree char *total = total_text (self, rubric_worklog_chart_get_total (self, c));

      g_string_append_printf (description, "%s%s: %s", c > 0 ? "; " : "", self->columns[c], total);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

/**
 * rubric_worklog_chart_new:
 * @currency: (nullable): the currency of the values, in its minor
 *   units; %NULL when they are hours
 * @columns: the label under each column
 * @series: the names stacked in each column, bottom first
 * @colors: a palette index per series (rubric_worklog_chart_get_color()),
 *   so that a platform keeps its colour from chart to chart
 * @values: a value per column and series, column by column
 */
GtkWidget *
rubric_worklog_chart_new (const char         *title,
                          const char         *currency,
                          const char * const *columns,
                          const char * const *series,
                          const guint        *colors,
                          const double       *values)
{
  RubricWorklogChart *self = g_object_new (RUBRIC_TYPE_WORKLOG_CHART, NULL);
  double max = 0;

  self->title = g_strdup (title);
  self->currency = g_strdup (currency);
  if (currency != NULL && !rubric_currency_lookup (currency, &self->exponent))
    self->exponent = 2;
  self->columns = g_strdupv ((char **) columns);
  self->series = g_strdupv ((char **) series);
  self->colors = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_vals (self->colors, colors, n_series (self));
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (self->values, values, n_columns (self) * n_series (self));
  for (guint c = 0; c < n_columns (self); c++)
    max = MAX (max, rubric_worklog_chart_get_total (self, c));
  /* The scale is in major units, and rounds there. */
  self->top = currency != NULL ? nice_top (to_major (self, max)) * pow (10, self->exponent) : nice_top (max);
  describe (self);
  return GTK_WIDGET (self);
}

/**
 * rubric_worklog_chart_get_color:
 *
 * Returns: the colour of palette entry @index; the last one (grey)
 *   for every index past it
 */
const GdkRGBA *
rubric_worklog_chart_get_color (guint index)
{
  return &palette[MIN (index, G_N_ELEMENTS (palette) - 1)];
}

/* The height of a column: its values added. */
double
rubric_worklog_chart_get_total (RubricWorklogChart *self,
                                guint               column)
{
  double total = 0;

  g_return_val_if_fail (RUBRIC_IS_WORKLOG_CHART (self), 0);
  g_return_val_if_fail (column < n_columns (self), 0);

  for (guint s = 0; s < n_series (self); s++)
    total += value_at (self, column, s);
  return total;
}
