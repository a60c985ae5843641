/* rubric-progress-chart.c
 *
 * One point a session: the share of tasks done right, overall (a thick
 * line) and by kind (thin lines), with the date under each session and
 * a legend. Drawn with cairo in the theme's colours; no chart library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-progress-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-practice.h"
#include "rubric-progress-chart.h"

#define MARGIN_LEFT   48
#define MARGIN_RIGHT  16
#define MARGIN_TOP    32
#define MARGIN_BOTTOM 40

struct _RubricProgressChart
{
  GtkWidget  parent_instance;

  GPtrArray *sessions;   /* RubricPracticeSession */
};

G_DEFINE_FINAL_TYPE (RubricProgressChart, rubric_progress_chart, GTK_TYPE_WIDGET)

/* Colours for overall, compare, rank, review, write. */
static const GdkRGBA series_colors[] = {
  { 0.21, 0.52, 0.89, 1 },
  { 0.20, 0.63, 0.35, 1 },
  { 0.90, 0.57, 0.00, 1 },
  { 0.75, 0.11, 0.16, 1 },
  { 0.57, 0.25, 0.67, 1 },
};

static double
share_of (RubricPracticeSession *session,
          int                    series)
{
  RubricTally *tally;

  if (series == 0)
    return session->n > 0 ? (double) session->n_correct / session->n : -1;
  tally = g_ptr_array_index (session->by_kind, series - 1);
  return tally->n > 0 ? (double) tally->n_correct / tally->n : -1;
}

static const char *
series_name (int series)
{
  switch (series)
    {
    case 0: return _("All");
    case 1: return _("Compare");
    case 2: return _("Rank");
    case 3: return _("Review");
    case 4: return _("Write");
    default: return "";
    }
}

static void
draw_text (cairo_t    *cr,
           GtkWidget  *widget,
           const char *text,
           double      x,
           double      y,
           double      align)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - width * align, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
rubric_progress_chart_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  RubricProgressChart *self = RUBRIC_PROGRESS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
  double plot_h = height - MARGIN_TOP - MARGIN_BOTTOM;
  guint n = self->sessions ? self->sessions->len : 0;
  GdkRGBA fg;
  cairo_t *cr;

  if (plot_w < 20 || plot_h < 20)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Grid: 0, 50 and 100 %. */
  cairo_set_line_width (cr, 1);
  for (int step = 0; step <= 2; step++)
    {
      double y = MARGIN_TOP + plot_h * (1 - step / 2.0);
      g_autofree char *label = g_strdup_printf ("%d %%", step * 50);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_move_to (cr, MARGIN_LEFT, y);
      cairo_line_to (cr, MARGIN_LEFT + plot_w, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      draw_text (cr, widget, label, MARGIN_LEFT - 6, y, 1);
    }

  if (n == 0)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      draw_text (cr, widget, _("No practice sessions yet"), MARGIN_LEFT + plot_w / 2, MARGIN_TOP + plot_h / 2, 0.5);
      cairo_destroy (cr);
      return;
    }

  /* The lines, the overall one last and thickest. */
  for (int series = 4; series >= 0; series--)
    {
      const GdkRGBA *color = &series_colors[series];
      gboolean drawing = FALSE;

      cairo_set_source_rgba (cr, color->red, color->green, color->blue, series == 0 ? 1 : 0.8);
      cairo_set_line_width (cr, series == 0 ? 3 : 1.5);
      for (guint i = 0; i < n; i++)
        {
          double share = share_of (g_ptr_array_index (self->sessions, i), series);
          double x = MARGIN_LEFT + (n == 1 ? plot_w / 2 : plot_w * i / (n - 1));
          double y = MARGIN_TOP + plot_h * (1 - share);

          if (share < 0)
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          drawing = TRUE;
        }
      cairo_stroke (cr);
      for (guint i = 0; i < n; i++)
        {
          double share = share_of (g_ptr_array_index (self->sessions, i), series);
          double x = MARGIN_LEFT + (n == 1 ? plot_w / 2 : plot_w * i / (n - 1));

          if (share < 0)
            continue;
          cairo_arc (cr, x, MARGIN_TOP + plot_h * (1 - share), series == 0 ? 4 : 2.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }

  /* Dates under the sessions, as many as fit. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  for (guint i = 0, every = MAX (1, n / MAX (1, (guint) (plot_w / 120))); i < n; i += every)
    {
      RubricPracticeSession *session = g_ptr_array_index (self->sessions, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (session->started_at / 1000);
      g_autofree char *label = when ? g_date_time_format (when, "%e %b %H:%M") : g_strdup ("");
      double x = MARGIN_LEFT + (n == 1 ? plot_w / 2 : plot_w * i / (n - 1));
      /* The first and the last stay inside the chart. */
      double align = n == 1 ? 0.5 : i == 0 ? 0 : i == n - 1 ? 1 : 0.5;

      draw_text (cr, widget, g_strstrip (label), x, MARGIN_TOP + plot_h + 16, align);
    }

  /* Legend across the top. */
  for (int series = 0, x = MARGIN_LEFT; series <= 4; series++)
    {
      const GdkRGBA *color = &series_colors[series];
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, series_name (series));
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 1);
      cairo_rectangle (cr, x, MARGIN_TOP / 2.0 - 5, 10, 10);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.85);
      cairo_move_to (cr, x + 14, MARGIN_TOP / 2.0 - h / 2.0);
      pango_cairo_show_layout (cr, layout);
      x += 14 + w + 16;
    }
  cairo_destroy (cr);
}

static void
rubric_progress_chart_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 240;
}

static void
rubric_progress_chart_finalize (GObject *object)
{
  g_clear_pointer (&RUBRIC_PROGRESS_CHART (object)->sessions, g_ptr_array_unref);
  G_OBJECT_CLASS (rubric_progress_chart_parent_class)->finalize (object);
}

static void
rubric_progress_chart_class_init (RubricProgressChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rubric_progress_chart_finalize;
  widget_class->snapshot = rubric_progress_chart_snapshot;
  widget_class->measure = rubric_progress_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rubric_progress_chart_init (RubricProgressChart *self)
{
}

GtkWidget *
rubric_progress_chart_new (void)
{
  return g_object_new (RUBRIC_TYPE_PROGRESS_CHART, NULL);
}

/**
 * rubric_progress_chart_set_sessions:
 * @sessions: (element-type RubricPracticeSession) (nullable): oldest first
 */
void
rubric_progress_chart_set_sessions (RubricProgressChart *self,
                                    GPtrArray           *sessions)
{
  g_return_if_fail (RUBRIC_IS_PROGRESS_CHART (self));

  if (sessions != NULL)
    g_ptr_array_ref (sessions);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  self->sessions = sessions;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
