/* rubric-chart.c — charts of an agreement and bias report, without GTK
 *
 * The SVG is for the HTML report and for saving a chart on its own: it
 * needs no stylesheet, font file or script. Text widths are estimated
 * (no font metrics without a toolkit), generously, and long labels are
 * cut with the whole label in a <title> beside them. Numbers in the
 * markup are integers or C-locale decimals whatever the locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rubric-chart.h"

#define NO_DATA          "—"
#define NO_NAME          "(no name)"

#define PAD              12
#define TITLE_HEIGHT     30
#define CHAR_WIDTH       7.5    /* sans-serif at 12 px (DejaVu Sans is wide) */
#define TITLE_CHAR_WIDTH 8.5    /* bold at 14 px */
#define MAX_LABEL_CHARS  28
#define BAR_AREA         320
#define ROW_HEIGHT       24
#define BAR_HEIGHT       16
#define REFERENCE_HEIGHT 18
#define CELL_WIDTH       56
#define CELL_HEIGHT      30
#define SWATCH           14

#define INK              "#241f31"
#define FAINT            "#77767b"
#define AXIS             "#9a9996"
#define BAR              "#3584e4"
#define REFERENCE        "#c01c28"
#define EMPTY_CELL       "#deddda"

/* Formatting ------------------------------------------------------------------ */

static char *
format_decimal (double value,
                int    places)
{
  char format[8], buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (format, sizeof format, "%%.%df", places);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

static char *
format_percent (double share)
{
  if (isnan (share))
    return g_strdup (NO_DATA);
  return g_strdup_printf ("%.0f %%", 100 * share);
}

/* "4.5 s", "48 s", "1 min 20 s", "2 h 5 min". */
static char *
format_duration (double seconds)
{
  long whole;

  if (isnan (seconds))
    return g_strdup (NO_DATA);
  if (seconds < 9.95)
    {
      g_autofree char *s = format_decimal (seconds, 1);

      return g_strdup_printf ("%s s", s);
    }
  if (seconds < 59.5)
    return g_strdup_printf ("%ld s", lround (seconds));
  if (seconds < 3600 - 0.5)
    {
      whole = lround (seconds);
      if (whole % 60 == 0)
        return g_strdup_printf ("%ld min", whole / 60);
      return g_strdup_printf ("%ld min %ld s", whole / 60, whole % 60);
    }
  whole = lround (seconds / 60);
  if (whole % 60 == 0)
    return g_strdup_printf ("%ld h", whole / 60);
  return g_strdup_printf ("%ld h %ld min", whole / 60, whole % 60);
}

static const char *
name_of (const char *annotator)
{
  return annotator != NULL && *annotator != '\0' ? annotator : NO_NAME;
}

/* Building --------------------------------------------------------------------- */

static RubricChart *
chart_new (RubricChartType  type,
           const char      *id,
           const char      *title,
           const char      *caption)
{
  RubricChart *chart = g_new0 (RubricChart, 1);

  chart->type = type;
  chart->id = g_strdup (id);
  chart->title = g_strdup (title);
  chart->caption = g_strdup (caption);
  chart->labels = g_ptr_array_new_with_free_func (g_free);
  chart->values = g_array_new (FALSE, FALSE, sizeof (double));
  chart->value_texts = g_ptr_array_new_with_free_func (g_free);
  chart->min = 0;
  chart->max = 1;
  chart->reference = NAN;
  return chart;
}

/* @text is taken; NULL writes NO_DATA. */
static void
chart_add_value (RubricChart *chart,
                 double       value,
                 char        *text)
{
  g_array_append_val (chart->values, value);
  g_ptr_array_add (chart->value_texts, text != NULL && !isnan (value) ? text : g_strdup (NO_DATA));
  if (text != NULL && isnan (value))
    g_free (text);
}

static void
chart_add_bar (RubricChart *chart,
               const char  *label,
               double       value,
               char        *text)
{
  g_ptr_array_add (chart->labels, g_strdup (label));
  chart_add_value (chart, value, text);
}

static RubricChart *
agreement_matrix_new (const RubricAgreement *agreement)
{
  guint n = agreement->annotators->len;
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  RubricChart *chart;
  double *cells;

  if (n < 2 || agreement->pairs->len == 0)
    return NULL;
  chart = chart_new (RUBRIC_CHART_HEAT_MAP, "agreement-matrix", N_("Agreement between annotators"),
                     "Cohen's κ on the choice of each pair of annotators, over the tasks both judged: "
                     "1 is full agreement, 0 no more than chance.");
  for (guint i = 0; i < n; i++)
    {
      const char *name = g_ptr_array_index (agreement->annotators, i);

      g_ptr_array_add (chart->labels, g_strdup (name_of (name)));
      g_hash_table_insert (index, (gpointer) name, GUINT_TO_POINTER (i));
    }
  g_array_set_size (chart->values, n * n);
  cells = (double *) chart->values->data;
  for (guint i = 0; i < n * n; i++)
    cells[i] = i / n == i % n ? 1.0 : NAN;
  for (guint i = 0; i < agreement->pairs->len; i++)
    {
      const RubricPairAgreement *pair = g_ptr_array_index (agreement->pairs, i);
      guint a = GPOINTER_TO_UINT (g_hash_table_lookup (index, pair->a));
      guint b = GPOINTER_TO_UINT (g_hash_table_lookup (index, pair->b));

      cells[a * n + b] = cells[b * n + a] = pair->cohen_kappa;
      if (pair->cohen_kappa < chart->min)
        chart->min = pair->cohen_kappa;
    }
  for (guint i = 0; i < n * n; i++)
    g_ptr_array_add (chart->value_texts, isnan (cells[i]) ? g_strdup (NO_DATA) : format_decimal (cells[i], 2));
  return chart;
}

static RubricChart *
strength_new (const RubricAgreement *agreement)
{
  static const char * const words[] = {
    "A much better", "A better", "A slightly better", "Tie", "B slightly better", "B better", "B much better",
  };
  const guint64 *h = agreement->strength.histogram;
  int span = h[0] > 0 || h[2 * RUBRIC_STRENGTH_MAX] > 0 ? RUBRIC_STRENGTH_MAX : RUBRIC_STRENGTH_MAX - 1;
  guint64 total = 0, most = 0;
  RubricChart *chart;

  for (int s = -span; s <= span; s++)
    {
      total += h[RUBRIC_STRENGTH_MAX + s];
      most = MAX (most, h[RUBRIC_STRENGTH_MAX + s]);
    }
  if (total == 0)
    return NULL;
  chart = chart_new (RUBRIC_CHART_BARS, "strength", N_("Strength of preference"),
                     "Submitted comparisons by choice and strength, in the task file's terms (A is its first "
                     "response), one per annotator and task; both bad and choices without a strength are left out.");
  for (int s = -span; s <= span; s++)
    {
      guint64 count = h[RUBRIC_STRENGTH_MAX + s];
      g_autofree char *label = NULL;

      if (span == 3)
        label = g_strdup (words[s + 3]);
      else if (s == 0)
        label = g_strdup ("Tie");
      else
        label = g_strdup_printf ("%c by %d", s < 0 ? 'A' : 'B', ABS (s));
      chart_add_bar (chart, label, (double) count,
                     g_strdup_printf ("%" G_GUINT64_FORMAT " (%.0f %%)", count, 100.0 * (double) count / (double) total));
    }
  chart->max = (double) most;
  return chart;
}

static RubricChart *
position_new (const RubricBias *bias)
{
  RubricChart *chart = chart_new (RUBRIC_CHART_BARS, "position", N_("Position bias"),
                                  "The share of each annotator's A or B choices won by the response shown on the "
                                  "left; 50 % is no preference for a side.");
  gboolean any = FALSE;

  for (guint i = 0; i < bias->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (bias->annotators, i);
      g_autofree char *share = format_percent (a->position.left_wins);

      any |= a->position.n > 0;
      chart_add_bar (chart, name_of (a->annotator), a->position.left_wins,
                     g_strdup_printf ("%s of %u", share, a->position.n));
    }
  if (!any)
    {
      rubric_chart_free (chart);
      return NULL;
    }
  chart->reference = 0.5;
  chart->reference_text = g_strdup ("50 %");
  return chart;
}

static RubricChart *
speed_new (const RubricBias *bias)
{
  g_autofree char *threshold = NULL, *median = NULL, *caption = NULL;
  RubricChart *chart;
  double most;

  if (isnan (bias->median_seconds))
    return NULL;
  threshold = format_duration (bias->too_fast_seconds);
  median = format_duration (bias->median_seconds);
  caption = g_strdup_printf ("Each annotator's median active time per submission, and the share of submissions "
                             "faster than %s where there are any; the line is everyone's median.", threshold);
  chart = chart_new (RUBRIC_CHART_BARS, "speed", N_("Speed"), caption);
  most = bias->median_seconds;
  for (guint i = 0; i < bias->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (bias->annotators, i);
      g_autofree char *median_time = format_duration (a->speed.median_seconds);
      g_autofree char *fast = format_percent (a->speed.too_fast);

      if (!isnan (a->speed.median_seconds))
        most = MAX (most, a->speed.median_seconds);
      chart_add_bar (chart, name_of (a->annotator), a->speed.median_seconds,
                     a->speed.n_too_fast > 0 ? g_strdup_printf ("%s, %s too fast", median_time, fast)
                                                 : g_strdup (median_time));
    }
  chart->max = most;
  chart->reference = bias->median_seconds;
  chart->reference_text = g_strdup_printf ("median %s", median);
  return chart;
}

static RubricChart *
gold_new (const RubricBias *bias)
{
  RubricChart *chart = chart_new (RUBRIC_CHART_BARS, "gold", N_("Gold accuracy"),
                                  "The share of each annotator's gold tasks judged correctly, with its 95 % Wilson "
                                  "interval.");
  gboolean any = FALSE;

  for (guint i = 0; i < bias->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (bias->annotators, i);
      g_autofree char *accuracy = format_percent (a->gold.accuracy);
      g_autofree char *low = g_strdup_printf ("%.0f", 100 * a->gold.wilson_low);
      g_autofree char *high = format_percent (a->gold.wilson_high);

      any |= a->gold.n > 0;
      chart_add_bar (chart, name_of (a->annotator), a->gold.n > 0 ? a->gold.accuracy : NAN,
                     g_strdup_printf ("%s (%s–%s)", accuracy, low, high));
    }
  if (!any)
    {
      rubric_chart_free (chart);
      return NULL;
    }
  return chart;
}

/* Red-team attempts: their harm categories, and each annotator's
 * success rate. */
static RubricChart *
categories_new (const RubricBias *bias)
{
  RubricChart *chart;
  guint most = 1;

  if (bias->categories->len == 0)
    return NULL;
  chart = chart_new (RUBRIC_CHART_BARS, "categories", N_("Harm categories"),
                     "How many red-team attempts of every annotator name each harm category.");
  for (guint i = 0; i < bias->categories->len; i++)
    {
      const RubricBiasCount *c = g_ptr_array_index (bias->categories, i);

      most = MAX (most, c->n);
      chart_add_bar (chart, c->name, c->n, g_strdup_printf ("%u", c->n));
    }
  chart->max = most;
  return chart;
}

static RubricChart *
success_new (const RubricBias *bias)
{
  RubricChart *chart;
  g_autofree char *caption = g_strdup_printf ("The share of each annotator's rated red-team attempts rated %d "
                                              "(substantial) or more on the 0–4 scale, and the mean rating.",
                                              RUBRIC_BIAS_SUCCESS_FROM);

  if (bias->categories->len == 0)
    return NULL;
  chart = chart_new (RUBRIC_CHART_BARS, "success", N_("Red-team success rate"), caption);
  for (guint i = 0; i < bias->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (bias->annotators, i);
      g_autofree char *rate = format_percent (a->red_team.success_rate);

      if (a->red_team.n == 0)
        continue;
      chart_add_bar (chart, name_of (a->annotator), a->red_team.success_rate,
                     g_strdup_printf ("%s of %u, mean %.1f", rate, a->red_team.n_rated, a->red_team.mean_success));
    }
  return chart;
}

static void
add_chart (GPtrArray   *charts,
           RubricChart *chart)
{
  if (chart != NULL)
    g_ptr_array_add (charts, chart);
}

/* SVG ---------------------------------------------------------------------------- */

static double
text_width (const char *text,
            double      char_width)
{
  return (double) MIN (g_utf8_strlen (text, -1), MAX_LABEL_CHARS) * char_width;
}

static double
widest (const GPtrArray *texts)
{
  double width = 0;

  for (guint i = 0; i < texts->len; i++)
    width = MAX (width, text_width (g_ptr_array_index (texts, i), CHAR_WIDTH));
  return width;
}

/* A <text> element; a label longer than MAX_LABEL_CHARS is cut, with
 * the whole of it in a <title>. @attributes are written as they are. */
static void
append_text (GString    *out,
             int         x,
             int         y,
             const char *attributes,
             const char *text)
{
  g_string_append_printf (out, "<text x=\"%d\" y=\"%d\"%s%s>", x, y, *attributes ? " " : "", attributes);
  if (g_utf8_strlen (text, -1) > MAX_LABEL_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, MAX_LABEL_CHARS - 1);

      g_string_append (out, "<title>");
      rubric_chart_append_escaped (out, text);
      g_string_append (out, "</title>");
      rubric_chart_append_escaped (out, cut);
      g_string_append (out, "…");
    }
  else
    rubric_chart_append_escaped (out, text);
  g_string_append (out, "</text>\n");
}

static void
append_open (GString           *out,
             const RubricChart *chart,
             int                width,
             int                height,
             gboolean           standalone)
{
  width = MAX (width, (int) ceil (2 * PAD + g_utf8_strlen (chart->title, -1) * TITLE_CHAR_WIDTH));
  g_string_append (out, "<svg");
  if (standalone)
    g_string_append (out, " xmlns=\"http://www.w3.org/2000/svg\"");
  g_string_append_printf (out, " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
                          "font-size=\"12\" role=\"img\" aria-label=\"", width, height, width, height);
  rubric_chart_append_escaped (out, chart->title);
  g_string_append (out, "\">\n<title>");
  rubric_chart_append_escaped (out, chart->title);
  g_string_append (out, "</title>\n");
  g_string_append_printf (out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", width, height);
  g_string_append_printf (out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\" fill=\"" INK "\">",
                          PAD, PAD + 8);
  rubric_chart_append_escaped (out, chart->title);
  g_string_append (out, "</text>\n");
}

static double
fraction (const RubricChart *chart,
          double             value)
{
  if (!(chart->max > chart->min))
    return 0;
  return CLAMP ((value - chart->min) / (chart->max - chart->min), 0, 1);
}

/* One bar and its texts; @reference_x is −1 without a reference line. */
static void
append_bar (GString           *out,
            const RubricChart *chart,
            guint              i,
            int                x0,
            int                y,
            int                reference_x)
{
  double value = g_array_index (chart->values, double, i);
  const char *text = g_ptr_array_index (chart->value_texts, i);
  int bar = isnan (value) ? 0 : (int) lround (BAR_AREA * fraction (chart, value));
  int text_x = x0 + bar + 6;

  /* A value the reference line would cross goes past it. */
  if (reference_x >= 0 && text_x < reference_x + 6 && text_x + text_width (text, CHAR_WIDTH) > reference_x - 3)
    text_x = reference_x + 6;
  append_text (out, x0 - 8, y + ROW_HEIGHT / 2 + 4, "text-anchor=\"end\" fill=\"" INK "\"",
               g_ptr_array_index (chart->labels, i));
  if (bar > 0)
    g_string_append_printf (out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"" BAR "\"/>\n",
                            x0, y + (ROW_HEIGHT - BAR_HEIGHT) / 2, bar, BAR_HEIGHT);
  append_text (out, text_x, y + ROW_HEIGHT / 2 + 4, isnan (value) ? "fill=\"" FAINT "\"" : "fill=\"" INK "\"", text);
}

static void
append_reference (GString           *out,
                  const RubricChart *chart,
                  int                x,
                  int                top,
                  int                bottom)
{
  g_string_append_printf (out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" REFERENCE "\" "
                          "stroke-dasharray=\"4 3\"/>\n", x, top - 4, x, bottom);
  if (chart->reference_text != NULL)
    append_text (out, x, top - 7, "text-anchor=\"middle\" font-size=\"11\" fill=\"" REFERENCE "\"",
                 chart->reference_text);
}

static void
append_bars (GString           *out,
             const RubricChart *chart,
             gboolean           standalone)
{
  int x0 = PAD + (int) ceil (widest (chart->labels)) + 8;
  int top = TITLE_HEIGHT + (isnan (chart->reference) ? 0 : REFERENCE_HEIGHT);
  int bottom = top + (int) chart->labels->len * ROW_HEIGHT;
  int width = x0 + BAR_AREA + 6 + (int) ceil (widest (chart->value_texts)) + PAD;
  int reference_x = isnan (chart->reference) ? -1 : x0 + (int) lround (BAR_AREA * fraction (chart, chart->reference));

  if (reference_x >= 0 && chart->reference_text != NULL)
    width = MAX (width, reference_x + (int) ceil (text_width (chart->reference_text, CHAR_WIDTH) / 2) + PAD);
  append_open (out, chart, width, bottom + PAD, standalone);
  for (guint i = 0; i < chart->labels->len; i++)
    append_bar (out, chart, i, x0, top + (int) i * ROW_HEIGHT, reference_x);
  g_string_append_printf (out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" AXIS "\"/>\n",
                          x0, top, x0, bottom);
  if (reference_x >= 0)
    append_reference (out, chart, reference_x, top, bottom);
  g_string_append (out, "</svg>\n");
}

/* White at 0, towards blue above and red below; grey without data. */
static void
cell_colours (const RubricChart *chart,
              double             value,
              char               fill[8],
              const char       **ink)
{
  static const guint8 blue[3] = { 0x1c, 0x71, 0xd8 }, red[3] = { 0xc0, 0x1c, 0x28 };
  const guint8 *to = value < 0 ? red : blue;
  double t;
  guint8 rgb[3];

  *ink = INK;
  if (isnan (value))
    {
      g_strlcpy (fill, EMPTY_CELL, 8);
      return;
    }
  if (value < 0)
    t = chart->min < 0 ? value / chart->min : 0;
  else
    t = chart->max > 0 ? value / chart->max : 0;
  t = CLAMP (t, 0, 1);
  for (guint i = 0; i < 3; i++)
    rgb[i] = (guint8) lround (255 + (to[i] - 255) * t);
  g_snprintf (fill, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  if (t > 0.55)
    *ink = "#ffffff";
}

static void
append_cell (GString           *out,
             const RubricChart *chart,
             int                x,
             int                y,
             double             value,
             const char        *text)
{
  char fill[8];
  const char *ink;
  g_autofree char *attributes = NULL;

  cell_colours (chart, value, fill, &ink);
  g_string_append_printf (out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\"/>\n",
                          x, y, CELL_WIDTH, CELL_HEIGHT, fill);
  attributes = g_strdup_printf ("text-anchor=\"middle\" fill=\"%s\"", ink);
  append_text (out, x + CELL_WIDTH / 2, y + CELL_HEIGHT / 2 + 4, attributes, text);
}

/* Returns the legend's right edge. */
static int
append_legend (GString           *out,
               const RubricChart *chart,
               int                x,
               int                y)
{
  /* On a scale that runs below 0, the middle swatch is the white 0. */
  double mid = chart->min < 0 ? 0 : (chart->min + chart->max) / 2;
  const double steps[] = { chart->min, mid, chart->max, NAN };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *label = isnan (steps[i]) ? g_strdup ("no data") : format_decimal (steps[i], 2);
      char fill[8];
      const char *ink;

      cell_colours (chart, steps[i], fill, &ink);
      g_string_append_printf (out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                              "stroke=\"" AXIS "\"/>\n", x, y, SWATCH, SWATCH, fill);
      append_text (out, x + SWATCH + 4, y + SWATCH - 3, "fill=\"" INK "\"", label);
      x += SWATCH + 4 + (int) ceil (text_width (label, CHAR_WIDTH)) + 14;
    }
  return x - 14;
}

static void
append_heat_map (GString           *out,
                 const RubricChart *chart,
                 gboolean           standalone)
{
  int n = (int) chart->labels->len;
  double label_width = widest (chart->labels);
  int x0 = PAD + (int) ceil (label_width) + 8;
  int y0 = TITLE_HEIGHT + (int) ceil (label_width * G_SQRT2 / 2) + 12;
  int legend_y = y0 + n * CELL_HEIGHT + 14;
  /* The last column's label leans out to the right. */
  int width = MAX (x0 + n * CELL_WIDTH, x0 + (n - 1) * CELL_WIDTH + CELL_WIDTH / 2 + (int) ceil (label_width * G_SQRT2 / 2));
  g_autoptr(GString) body = g_string_new (NULL);

  width = MAX (width, append_legend (body, chart, PAD, legend_y)) + PAD;
  for (int c = 0; c < n; c++)
    {
      int x = x0 + c * CELL_WIDTH + CELL_WIDTH / 2;
      g_autofree char *attributes = g_strdup_printf ("transform=\"rotate(-45 %d %d)\" fill=\"" INK "\"", x, y0 - 6);

      append_text (body, x, y0 - 6, attributes, g_ptr_array_index (chart->labels, c));
    }
  for (int r = 0; r < n; r++)
    {
      append_text (body, x0 - 8, y0 + r * CELL_HEIGHT + CELL_HEIGHT / 2 + 4, "text-anchor=\"end\" fill=\"" INK "\"",
                   g_ptr_array_index (chart->labels, r));
      for (int c = 0; c < n; c++)
        append_cell (body, chart, x0 + c * CELL_WIDTH, y0 + r * CELL_HEIGHT,
                     g_array_index (chart->values, double, r * n + c),
                     g_ptr_array_index (chart->value_texts, r * n + c));
    }
  append_open (out, chart, width, legend_y + SWATCH + PAD, standalone);
  g_string_append_len (out, body->str, body->len);
  g_string_append (out, "</svg>\n");
}

/* Public API ------------------------------------------------------------------- */

void
rubric_chart_free (RubricChart *chart)
{
  if (chart == NULL)
    return;
  g_free (chart->id);
  g_free (chart->title);
  g_free (chart->caption);
  g_clear_pointer (&chart->labels, g_ptr_array_unref);
  g_clear_pointer (&chart->values, g_array_unref);
  g_clear_pointer (&chart->value_texts, g_ptr_array_unref);
  g_free (chart->reference_text);
  g_free (chart);
}

/**
 * rubric_charts_new:
 * @agreement: (nullable): an agreement report, or %NULL for no agreement charts
 * @bias: (nullable): a bias report, or %NULL for no bias charts
 *
 * The charts of the two reports, in this order: the agreement matrix,
 * the strength histogram, position, speed and gold accuracy. A chart
 * without any data is left out (see the decisions in rubric-chart.h).
 *
 * Returns: (transfer full) (element-type RubricChart): the charts
 */
GPtrArray *
rubric_charts_new (const RubricAgreement *agreement,
                   const RubricBias      *bias)
{
  GPtrArray *charts = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_chart_free);

  if (agreement != NULL)
    {
      add_chart (charts, agreement_matrix_new (agreement));
      add_chart (charts, strength_new (agreement));
    }
  if (bias != NULL)
    {
      add_chart (charts, position_new (bias));
      add_chart (charts, speed_new (bias));
      add_chart (charts, gold_new (bias));
      add_chart (charts, categories_new (bias));
      add_chart (charts, success_new (bias));
    }
  return charts;
}

/**
 * rubric_chart_append_escaped:
 * @out: where to append
 * @text: UTF-8 text, from anywhere
 *
 * Appends @text escaped for XML and HTML, in text and in quoted
 * attributes alike. Invalid UTF-8, and characters XML 1.0 does not
 * allow even as references, become U+FFFD.
 */
void
rubric_chart_append_escaped (GString    *out,
                             const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
}

/**
 * rubric_chart_append_svg:
 * @chart: a chart
 * @out: where to append
 * @standalone: whether to name the SVG namespace, which a .svg file
 *   needs and an <svg> inside HTML does without
 *
 * Appends @chart as one <svg> element: width, height and viewBox, text
 * as <text>, colours as attributes; no stylesheet, script or reference
 * to anything outside it.
 */
void
rubric_chart_append_svg (const RubricChart *chart,
                         GString           *out,
                         gboolean           standalone)
{
  g_return_if_fail (chart != NULL);
  g_return_if_fail (out != NULL);

  if (chart->type == RUBRIC_CHART_HEAT_MAP)
    append_heat_map (out, chart, standalone);
  else
    append_bars (out, chart, standalone);
}

/**
 * rubric_chart_to_svg:
 * @chart: a chart
 *
 * Returns: (transfer full): @chart as a standalone <svg> element
 */
char *
rubric_chart_to_svg (const RubricChart *chart)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (chart != NULL, NULL);

  rubric_chart_append_svg (chart, out, TRUE);
  return g_string_free (out, FALSE);
}
