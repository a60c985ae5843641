/* rubric-report.c — one HTML file of agreement, bias and their charts
 *
 * Decisions:
 *
 *  - One self-contained HTML5 file a lead can mail or archive: a
 *    <style> element, the charts as inline <svg>, links only to its own
 *    sections (href="#…"); no script and nothing fetched from outside,
 *    so it opens the same offline and in a mail client's viewer.
 *  - Everything taken from the records or the command line (file names,
 *    annotators, criteria, override checks, warnings) is escaped.
 *  - Figures as the text reports give them (three places, percentages
 *    to a tenth); NaN is "—", explained once at the top. The charts
 *    round for reading; the tables are exact.
 *  - The output names nothing that changes between runs (no date), so
 *    the same records give the same file.
 *  - Records with nothing submitted are an error, as for `rubric-cli
 *    bias`; fewer than two annotators sharing a task is not: the bias
 *    half still says something, and agreement is all "—".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-report"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "rubric-atomic-file.h"
#include "rubric-chart.h"
#include "rubric-error.h"
#include "rubric-report.h"

#define NO_DATA "—"

static const char style[] =
  ":root { color-scheme: light; }\n"
  "body { font-family: system-ui, sans-serif; color: #241f31; background: #ffffff; line-height: 1.45;\n"
  "       max-width: 75rem; margin: 2rem auto; padding: 0 1rem; }\n"
  "h1 { margin-bottom: 0.25rem; }\n"
  "h2 { margin-top: 2.5rem; border-bottom: 1px solid #deddda; }\n"
  "nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; }\n"
  "a { color: #1a5fb4; }\n"
  ".note { color: #5e5c64; }\n"
  ".scroll { overflow-x: auto; }\n"
  "table { border-collapse: collapse; margin: 0.5rem 0 1rem; }\n"
  "th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid #deddda; text-align: left; vertical-align: top; }\n"
  "th { background: #f6f5f4; font-weight: 600; }\n"
  "td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
  "figure { margin: 1rem 0 2rem; overflow-x: auto; }\n"
  "figcaption { color: #5e5c64; font-size: 0.9rem; max-width: 50rem; }\n";

/* Text ------------------------------------------------------------------------ */

static void
append_escaped (GString    *out,
                const char *text)
{
  rubric_chart_append_escaped (out, text);
}

static const char *
name_of (const char *annotator)
{
  return annotator != NULL && *annotator != '\0' ? annotator : "(no name)";
}

static char *
figure_text (double value,
             int    places)
{
  char format[8], buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup (NO_DATA);
  g_snprintf (format, sizeof format, "%%.%df", places);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

static char *
percent_text (double share)
{
  g_autofree char *number = figure_text (100 * share, 1);

  return isnan (share) ? g_strdup (NO_DATA) : g_strdup_printf ("%s %%", number);
}

/* "58.3 % of 120", or "—" when @n is 0. */
static char *
share_text (double share,
            guint  n)
{
  g_autofree char *percent = percent_text (share);

  return isnan (share) ? g_strdup (NO_DATA) : g_strdup_printf ("%s of %u", percent, n);
}

/* Tables ----------------------------------------------------------------------- */

static void
table_open (GString    *out,
            const char *first,
            ...) G_GNUC_NULL_TERMINATED;

/* A table and its header row: one <th> per heading. */
static void
table_open (GString    *out,
            const char *first,
            ...)
{
  va_list args;

  g_string_append (out, "<div class=\"scroll\"><table>\n<thead><tr>");
  va_start (args, first);
  for (const char *heading = first; heading != NULL; heading = va_arg (args, const char *))
    g_string_append_printf (out, "<th>%s</th>", heading);
  va_end (args);
  g_string_append (out, "</tr></thead>\n<tbody>\n");
}

static void
table_close (GString *out)
{
  g_string_append (out, "</tbody>\n</table></div>\n");
}

static void
cell (GString    *out,
      const char *text)
{
  g_string_append (out, "<td>");
  append_escaped (out, text);
  g_string_append (out, "</td>");
}

/* A right-aligned cell; @text is taken. */
static void
cell_number (GString *out,
             char    *text)
{
  g_string_append (out, "<td class=\"n\">");
  append_escaped (out, text);
  g_string_append (out, "</td>");
  g_free (text);
}

static void
row_figure (GString    *out,
            const char *label,
            double      value)
{
  g_string_append (out, "<tr>");
  cell (out, label);
  cell_number (out, figure_text (value, 3));
  g_string_append (out, "</tr>\n");
}

static void
row_count (GString    *out,
           const char *label,
           guint       n)
{
  g_string_append (out, "<tr>");
  cell (out, label);
  cell_number (out, g_strdup_printf ("%u", n));
  g_string_append (out, "</tr>\n");
}

/* Charts ---------------------------------------------------------------------- */

static const RubricChart *
find_chart (const GPtrArray *charts,
            const char      *id)
{
  for (guint i = 0; i < charts->len; i++)
    {
      const RubricChart *chart = g_ptr_array_index (charts, i);

      if (g_str_equal (chart->id, id))
        return chart;
    }
  return NULL;
}

static void
append_figure (GString         *out,
               const GPtrArray *charts,
               const char      *id)
{
  const RubricChart *chart = find_chart (charts, id);

  if (chart == NULL)
    return;
  g_string_append_printf (out, "<figure id=\"chart-%s\">\n", chart->id);
  rubric_chart_append_svg (chart, out, FALSE);
  g_string_append (out, "<figcaption>");
  append_escaped (out, chart->caption);
  g_string_append (out, "</figcaption>\n</figure>\n");
}

/* Sections --------------------------------------------------------------------- */

static void
append_head (GString               *out,
             const RubricAgreement *agreement,
             const RubricBias      *bias)
{
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  g_string_append_printf (out, "<meta name=\"generator\" content=\"Rubric %s\">\n", PACKAGE_VERSION);
  g_string_append_printf (out, "<title>Annotation report: %u records of %u annotators</title>\n",
                          bias->n_records, bias->annotators->len);
  g_string_append_printf (out, "<style>\n%s</style>\n</head>\n<body>\n", style);
  g_string_append (out, "<header>\n<h1>Annotation report</h1>\n");
  g_string_append_printf (out, "<p>%u submitted records of %u annotators on %u tasks; %u tasks were done by two "
                          "or more. Made by Rubric %s.</p>\n",
                          bias->n_records, bias->annotators->len, agreement->n_units, agreement->n_shared,
                          PACKAGE_VERSION);
  g_string_append (out, "<nav><ul>"
                        "<li><a href=\"#files\">Files</a></li>"
                        "<li><a href=\"#annotators\">Annotators</a></li>"
                        "<li><a href=\"#agreement\">Agreement</a></li>"
                        "<li><a href=\"#bias\">Bias and quality</a></li>"
                        "<li><a href=\"#warnings\">Warnings</a></li>"
                        "</ul></nav>\n");
  g_string_append (out, "<p class=\"note\">" NO_DATA " means no data: there is nothing to compute the figure "
                        "from, such as no task two annotators share, or no variation at all.</p>\n</header>\n");
}

static void
append_files (GString            *out,
              const char * const *paths)
{
  g_string_append (out, "<section id=\"files\">\n<h2>Files read</h2>\n<ul>\n");
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_string_append (out, "<li><code>");
      append_escaped (out, paths[i]);
      g_string_append (out, "</code></li>\n");
    }
  g_string_append (out, "</ul>\n</section>\n");
}

static void
append_annotators (GString          *out,
                   const RubricBias *bias)
{
  g_string_append (out, "<section id=\"annotators\">\n<h2>Annotators</h2>\n");
  table_open (out, "Annotator", "Records", "A or B choices", "Timed", "Gold tasks", NULL);
  for (guint i = 0; i < bias->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (bias->annotators, i);

      g_string_append (out, "<tr>");
      cell (out, name_of (a->annotator));
      cell_number (out, g_strdup_printf ("%u", a->n));
      cell_number (out, g_strdup_printf ("%u", a->position.n));
      cell_number (out, g_strdup_printf ("%u", a->speed.n));
      cell_number (out, g_strdup_printf ("%u", a->gold.n));
      g_string_append (out, "</tr>\n");
    }
  table_close (out);
  g_string_append (out, "</section>\n");
}

static void
append_strength (GString               *out,
                 const RubricAgreement *agreement,
                 const GPtrArray       *charts)
{
  const RubricChart *histogram = find_chart (charts, "strength");

  g_string_append (out, "<h3>Strength</h3>\n");
  g_string_append (out, "<p>On the choice's signed scale: A with strength s is −s, B is +s, a tie 0.</p>\n");
  table_open (out, "Figure", "Value", NULL);
  row_count (out, "Tasks with two or more strengths", agreement->strength.n);
  row_figure (out, "Krippendorff's α (ordinal)", agreement->strength.alpha_ordinal);
  row_figure (out, "Krippendorff's α (interval)", agreement->strength.alpha_interval);
  table_close (out);
  if (histogram == NULL)
    {
      g_string_append (out, "<p>No submitted comparison has a strength or is a tie.</p>\n");
      return;
    }
  table_open (out, "Choice and strength", "Records", NULL);
  for (guint i = 0; i < histogram->labels->len; i++)
    {
      g_string_append (out, "<tr>");
      cell (out, g_ptr_array_index (histogram->labels, i));
      cell_number (out, g_strdup_printf ("%.0f", g_array_index (histogram->values, double, i)));
      g_string_append (out, "</tr>\n");
    }
  table_close (out);
  append_figure (out, charts, "strength");
}

static void
append_criteria (GString               *out,
                 const RubricAgreement *agreement)
{
  g_string_append (out, "<h3>Rubric criteria</h3>\n");
  if (agreement->criteria->len == 0)
    {
      g_string_append (out, "<p>No rubric scores.</p>\n");
      return;
    }
  table_open (out, "Criterion", "Responses", "α nominal", "α ordinal", "α interval", NULL);
  for (guint i = 0; i < agreement->criteria->len; i++)
    {
      const RubricCriterionAgreement *c = g_ptr_array_index (agreement->criteria, i);

      g_string_append (out, "<tr>");
      cell (out, c->id);
      cell_number (out, g_strdup_printf ("%u", c->n));
      cell_number (out, figure_text (c->alpha_nominal, 3));
      cell_number (out, figure_text (c->alpha_ordinal, 3));
      cell_number (out, figure_text (c->alpha_interval, 3));
      g_string_append (out, "</tr>\n");
    }
  table_close (out);
}

static void
append_pairs (GString               *out,
              const RubricAgreement *agreement,
              const GPtrArray       *charts)
{
  g_string_append (out, "<h3>Pairs of annotators, on choice</h3>\n");
  if (agreement->pairs->len == 0)
    {
      g_string_append (out, "<p>No two annotators made a choice on the same task.</p>\n");
      return;
    }
  table_open (out, "Annotator", "Annotator", "Tasks", "Percent agreement", "Cohen's κ", NULL);
  for (guint i = 0; i < agreement->pairs->len; i++)
    {
      const RubricPairAgreement *p = g_ptr_array_index (agreement->pairs, i);

      g_string_append (out, "<tr>");
      cell (out, name_of (p->a));
      cell (out, name_of (p->b));
      cell_number (out, g_strdup_printf ("%u", p->n));
      cell_number (out, percent_text (p->percent));
      cell_number (out, figure_text (p->cohen_kappa, 3));
      g_string_append (out, "</tr>\n");
    }
  table_close (out);
  append_figure (out, charts, "agreement-matrix");
}

static void
append_agreement (GString               *out,
                  const RubricAgreement *agreement,
                  const GPtrArray       *charts)
{
  g_string_append (out, "<section id=\"agreement\">\n<h2>Agreement</h2>\n");
  g_string_append_printf (out, "<p>%u records counted (one per annotator and task, the last read) on %u tasks; "
                          "%u tasks were done by two or more annotators.</p>\n",
                          agreement->n_records, agreement->n_units, agreement->n_shared);

  g_string_append (out, "<h3>Choice</h3>\n");
  table_open (out, "Figure", "Value", NULL);
  row_count (out, "Tasks with two or more choices", agreement->choice.n);
  row_figure (out, "Krippendorff's α (nominal)", agreement->choice.alpha_nominal);
  g_string_append (out, "<tr>");
  cell (out, "Percent agreement");
  cell_number (out, percent_text (agreement->choice.percent));
  g_string_append (out, "</tr>\n");
  row_figure (out, "Fleiss' κ", agreement->choice.fleiss_kappa);
  row_figure (out, "Gwet's AC1", agreement->choice.ac1);
  table_close (out);

  append_strength (out, agreement, charts);
  append_criteria (out, agreement);

  g_string_append (out, "<h3>Rankings and review spans</h3>\n");
  table_open (out, "Figure", "Tasks", "Value", NULL);
  g_string_append (out, "<tr>");
  cell (out, "Mean Kendall τ-b of rankings");
  cell_number (out, g_strdup_printf ("%u", agreement->ranking.n));
  cell_number (out, figure_text (agreement->ranking.kendall_tau_b_mean, 3));
  g_string_append (out, "</tr>\n<tr>");
  cell (out, "Mean overlap F1 of review spans");
  cell_number (out, g_strdup_printf ("%u", agreement->spans.n));
  cell_number (out, figure_text (agreement->spans.f1_mean, 3));
  g_string_append (out, "</tr>\n");
  table_close (out);

  append_pairs (out, agreement, charts);
  g_string_append (out, "</section>\n");
}

static void
append_position (GString          *out,
                 const RubricBias *bias)
{
  g_string_append (out, "<h3>Position and length</h3>\n");
  table_open (out, "Annotator", "Left side wins", "Binomial p", "Flips when swapped", "Longer wins",
              "Slope on ln (A / B)", NULL);
  for (guint i = 0; i < bias->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (bias->annotators, i);

      g_string_append (out, "<tr>");
      cell (out, name_of (a->annotator));
      cell_number (out, share_text (a->position.left_wins, a->position.n));
      cell_number (out, figure_text (a->position.p, 4));
      cell_number (out, share_text (a->position.flip_rate, a->position.flip_pairs));
      cell_number (out, share_text (a->length.longer_wins, a->length.n_unequal));
      cell_number (out, figure_text (a->length.slope, 3));
      g_string_append (out, "</tr>\n");
    }
  table_close (out);
}

static char *
overrides_text (const RubricAnnotatorBias *a)
{
  GString *text;

  if (a->overrides->len == 0)
    return g_strdup ("none");
  text = g_string_new (NULL);
  for (guint k = 0; k < a->overrides->len; k++)
    {
      const RubricBiasOverride *o = g_ptr_array_index (a->overrides, k);

      g_string_append_printf (text, "%s%s × %u", k > 0 ? ", " : "", o->check, o->n);
    }
  return g_string_free (text, FALSE);
}

static void
append_quality (GString          *out,
                const RubricBias *bias)
{
  g_string_append (out, "<h3>Speed, gold and effort</h3>\n");
  table_open (out, "Annotator", "Median time", "Robust z", "Too fast", "Gold accuracy", "95 % Wilson interval",
              "Pasted share", "Overruled warnings", NULL);
  for (guint i = 0; i < bias->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (bias->annotators, i);
      g_autofree char *median = figure_text (a->speed.median_seconds, 1);
      g_autofree char *low = percent_text (a->gold.wilson_low);
      g_autofree char *high = percent_text (a->gold.wilson_high);
      g_autofree char *overrides = overrides_text (a);

      g_string_append (out, "<tr>");
      cell (out, name_of (a->annotator));
      cell_number (out, isnan (a->speed.median_seconds) ? g_strdup (NO_DATA) : g_strdup_printf ("%s s", median));
      cell_number (out, figure_text (a->speed.robust_z, 2));
      cell_number (out, share_text (a->speed.too_fast, a->speed.n));
      cell_number (out, a->gold.n > 0 ? share_text (a->gold.accuracy, a->gold.n) : g_strdup (NO_DATA));
      cell_number (out, a->gold.n > 0 ? g_strdup_printf ("%s – %s", low, high) : g_strdup (NO_DATA));
      cell_number (out, percent_text (a->effort.pasted_share));
      cell (out, overrides);
      g_string_append (out, "</tr>\n");
    }
  table_close (out);
}

static void
append_bias (GString          *out,
             const RubricBias *bias,
             const GPtrArray  *charts)
{
  g_autofree char *median = figure_text (bias->median_seconds, 1);
  g_autofree char *threshold = figure_text (bias->too_fast_seconds, 1);

  g_string_append (out, "<section id=\"bias\">\n<h2>Bias and quality per annotator</h2>\n");
  if (!isnan (bias->median_seconds))
    g_string_append_printf (out, "<p>The median active time of every submission is %s s; too fast means under "
                            "%s s.</p>\n", median, threshold);
  append_position (out, bias);
  append_figure (out, charts, "position");
  append_quality (out, bias);
  append_figure (out, charts, "speed");
  append_figure (out, charts, "gold");
  /* Red-team attempts, where there are any: the charts say it all. */
  append_figure (out, charts, "categories");
  append_figure (out, charts, "success");
  g_string_append (out, "</section>\n");
}

static void
append_warnings (GString               *out,
                 const RubricAgreement *agreement,
                 const RubricBias      *bias)
{
  const GPtrArray *lists[] = { agreement->warnings, bias->warnings };

  g_string_append (out, "<section id=\"warnings\">\n<h2>Warnings</h2>\n");
  if (agreement->warnings->len + bias->warnings->len == 0)
    {
      g_string_append (out, "<p>None.</p>\n</section>\n");
      return;
    }
  g_string_append (out, "<ul>\n");
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        g_string_append (out, "<li>");
        append_escaped (out, g_ptr_array_index (lists[l], i));
        g_string_append (out, "</li>\n");
      }
  g_string_append (out, "</ul>\n</section>\n");
}

/**
 * rubric_report_to_html:
 * @paths: (array zero-terminated=1): the records exports the reports were made from
 * @agreement: their agreement
 * @bias: their bias
 *
 * Returns: (transfer full): the report as one HTML5 document
 */
char *
rubric_report_to_html (const char * const    *paths,
                       const RubricAgreement *agreement,
                       const RubricBias      *bias)
{
  g_autoptr(GPtrArray) charts = NULL;
  GString *out;

  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (agreement != NULL, NULL);
  g_return_val_if_fail (bias != NULL, NULL);

  charts = rubric_charts_new (agreement, bias);
  out = g_string_new (NULL);
  append_head (out, agreement, bias);
  append_files (out, paths);
  append_annotators (out, bias);
  append_agreement (out, agreement, charts);
  append_bias (out, bias, charts);
  append_warnings (out, agreement, bias);
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/**
 * rubric_report_write_html:
 * @paths: (array zero-terminated=1): records exports
 * @output: the file to write, whole or not at all; "-" for standard output
 *
 * Measures agreement and bias over @paths and writes the report.
 *
 * Returns: %FALSE with @error set when a file cannot be read or holds
 *   something else than records, when none of its records is
 *   submitted, or when @output cannot be written
 */
gboolean
rubric_report_write_html (const char * const  *paths,
                          const char          *output,
                          GError             **error)
{
  g_autoptr(RubricAgreement) agreement = NULL;
  g_autoptr(RubricBias) bias = NULL;
  g_autofree char *html = NULL;

  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  if (!(agreement = rubric_agreement_from_files (paths, error)) ||
      !(bias = rubric_bias_from_files (paths, error)))
    return FALSE;
  if (bias->n_records == 0)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                           _("no submitted records to report on (skipped work says nothing about agreement or bias)"));
      return FALSE;
    }
  html = rubric_report_to_html (paths, agreement, bias);
  return rubric_atomic_file_write_all (output, html, strlen (html), error);
}
