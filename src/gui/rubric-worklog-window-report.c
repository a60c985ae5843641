/* rubric-worklog-window-report.c
 *
 * The Work Log window's Charts and Taxes pages.
 *
 * Charts: hours a week, stacked by platform, from the first week with
 * work (or twelve weeks back) to this week; earnings a month, one chart
 * a currency, stacked by platform. A platform keeps its colour in every
 * chart.
 *
 * Taxes: the year's totals by US estimated-tax period, with each
 * platform's part, and earned set against paid per payer and period
 * (rubric_worklog_report()). These are record-keeping totals, not tax
 * advice, and the page says so above them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-worklog-chart.h"
#include "rubric-worklog-window-private.h"

#define MIN_WEEKS 12

/* The Charts page ------------------------------------------------------- */

static int
compare_platforms (gconstpointer a,
                   gconstpointer b)
{
  const char *x = *(const char **) a;
  const char *y = *(const char **) b;

  /* Work with no platform goes last, in grey. */
  if ((*x == '\0') != (*y == '\0'))
    return *x == '\0' ? 1 : -1;
  return g_utf8_collate (x, y);
}

/* The platforms of the year's items, in the order they are stacked. */
static GPtrArray *
chart_platforms (const RubricWorklogData *data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *platforms = g_ptr_array_new ();

  for (guint i = 0; i < data->items->len; i++)
    {
      const RubricLogItem *item = g_ptr_array_index (data->items, i);

      if (g_hash_table_add (seen, item->platform))
        g_ptr_array_add (platforms, item->platform);
    }
  g_ptr_array_sort (platforms, compare_platforms);
  return platforms;
}

static guint
platform_index (GPtrArray  *platforms,
                const char *name)
{
  for (guint i = 0; i < platforms->len; i++)
    if (g_strcmp0 (g_ptr_array_index (platforms, i), name) == 0)
      return i;
  g_assert_not_reached ();
}

static char **
series_names (GPtrArray *platforms,
              guint     *colors)
{
  char **names = g_new0 (char *, platforms->len + 1);

  for (guint i = 0; i < platforms->len; i++)
    {
      const char *name = g_ptr_array_index (platforms, i);

      names[i] = g_strdup (_rubric_worklog_platform_label (name));
      /* Work with no platform is grey. */
      colors[i] = *name == '\0' ? RUBRIC_WORKLOG_CHART_N_COLORS : i % RUBRIC_WORKLOG_CHART_N_COLORS;
    }
  return names;
}

static void
monday_of (const char *day,
           GDate      *date)
{
  if (!rubric_worklog_parse_day (day, date, NULL))
    g_date_set_time_t (date, time (NULL));
  g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
}

static const char *
later_day (const char *a,
           const char *b)
{
  return strcmp (a, b) >= 0 ? a : b;
}

/* The weeks to chart: to this week (or the year's last, or the last
 * with work), from the first with work but at least twelve back, never
 * before the year's first. */
static guint
chart_weeks (const RubricWorklogData *data,
             GDate                   *first)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *year_first = g_strdup_printf ("%04d-01-01", data->year);
  g_autofree char *year_last = g_strdup_printf ("%04d-12-31", data->year);
  const RubricLogItem *newest = g_ptr_array_index (data->items, data->items->len - 1);
  const RubricLogItem *oldest = g_ptr_array_index (data->items, 0);
  GDate start, last, back;

  monday_of (year_first, &start);
  monday_of (later_day (strcmp (today, year_last) < 0 ? today : year_last, newest->day), &last);
  monday_of (oldest->day, first);
  back = last;
  g_date_subtract_days (&back, 7 * (MIN_WEEKS - 1));
  if (g_date_compare (&back, first) < 0)
    *first = back;
  if (g_date_compare (first, &start) < 0)
    *first = start;
  return g_date_days_between (first, &last) / 7 + 1;
}

static char *
date_label (const GDate *date,
            const char  *format)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                     g_date_get_day (date), 0, 0, 0);

  return g_date_time_format (time, format);
}

static GtkWidget *
hours_chart (const RubricWorklogData *data,
             GPtrArray               *platforms)
{
  GDate first;
  guint n_weeks = chart_weeks (data, &first);
  guint n = platforms->len;
  g_autofree guint *colors = g_new0 (guint, n);
  g_auto(GStrv) series = series_names (platforms, colors);
  g_auto(GStrv) columns = g_new0 (char *, n_weeks + 1);
  g_autofree double *values = g_new0 (double, n_weeks * n);

  for (guint w = 0; w < n_weeks; w++)
    {
      GDate monday = first;

      g_date_add_days (&monday, 7 * w);
      columns[w] = date_label (&monday, "%-d %b");
    }
  for (guint i = 0; i < data->items->len; i++)
    {
      const RubricLogItem *item = g_ptr_array_index (data->items, i);
      GDate monday;
      int week;

      monday_of (item->day, &monday);
      week = g_date_days_between (&first, &monday) / 7;
      if (week >= 0 && (guint) week < n_weeks)
        values[week * n + platform_index (platforms, item->platform)] += item->active_ms / 3600000.0;
    }
  return rubric_worklog_chart_new (_("Hours per Week"), NULL, (const char * const *) columns,
                                   (const char * const *) series, colors, values);
}

/* January to this month, or to December, or to the last month with work. */
static guint
chart_months (const RubricWorklogData *data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const RubricLogItem *newest = g_ptr_array_index (data->items, data->items->len - 1);
  guint last = (guint) g_ascii_strtoull (newest->day + 5, NULL, 10);

  if (g_date_time_get_year (now) != data->year)
    return 12;
  return MAX (last, (guint) g_date_time_get_month (now));
}

static GtkWidget *
money_chart (const RubricWorklogData *data,
             GPtrArray               *platforms,
             const char              *currency)
{
  guint n_months = chart_months (data);
  guint n = platforms->len;
  g_autofree guint *colors = g_new0 (guint, n);
  g_auto(GStrv) series = series_names (platforms, colors);
  g_auto(GStrv) columns = g_new0 (char *, n_months + 1);
  g_autofree double *values = g_new0 (double, n_months * n);
  g_autofree char *title = g_strdup_printf (_("Earnings per Month, %s"), currency);

  for (guint m = 0; m < n_months; m++)
    {
      const RubricReportRow *row = g_ptr_array_index (data->months->rows, m);
      GDate first;

      g_date_clear (&first, 1);
      g_date_set_dmy (&first, 1, m + 1, data->year);
      columns[m] = date_label (&first, "%b");
      for (guint p = 0; p < row->platforms->len; p++)
        {
          const RubricReportPlatform *platform = g_ptr_array_index (row->platforms, p);

          values[m * n + platform_index (platforms, platform->name)] += rubric_money_totals_get (platform->earned, currency);
        }
    }
  return rubric_worklog_chart_new (title, currency, (const char * const *) columns, (const char * const *) series,
                                   colors, values);
}

static GtkWidget *
chart_card (GtkWidget *chart)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_top (chart, 12);
  gtk_widget_set_margin_bottom (chart, 12);
  gtk_widget_set_margin_start (chart, 12);
  gtk_widget_set_margin_end (chart, 12);
  gtk_box_append (GTK_BOX (card), chart);
  return card;
}

static void
add_note (GtkBox     *box,
          const char *text)
{
  GtkWidget *note = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (box, note);
}

/**
 * _rubric_worklog_fill_charts:
 *
 * Returns: whether the year has work to chart
 */
gboolean
_rubric_worklog_fill_charts (GtkBox                  *box,
                             const RubricWorklogData *data)
{
  const RubricMoneyTotals *earned = data->periods->total->earned;
  g_autoptr(GPtrArray) platforms = NULL;
  guint n_charts = 0;

  _rubric_worklog_clear_box (box);
  if (data->items->len == 0)
    return FALSE;
  platforms = chart_platforms (data);
  gtk_box_append (box, chart_card (hours_chart (data, platforms)));
  for (guint i = 0; i < rubric_money_totals_get_n (earned); i++)
    {
      gint64 sum;
      const char *currency = rubric_money_totals_get_nth (earned, i, &sum);

      if (sum == 0)
        continue;
      gtk_box_append (box, chart_card (money_chart (data, platforms, currency)));
      n_charts++;
    }
  if (n_charts == 0)
    add_note (box, _("None of this year's work has a rate, so there are no earnings to chart. Give an entry a rate, "
                     "or a task set one with “rubric-cli log set-rate”."));
  return TRUE;
}

/* The Taxes page --------------------------------------------------------- */

static char *
day_label (const char *day,
           const char *format)
{
  GDate date;

  if (!rubric_worklog_parse_day (day, &date, NULL))
    return g_strdup (day);
  return date_label (&date, format);
}

/* "2 USD not yet paid, settled in EUR": earned less paid, currency by currency. */
static char *
difference_text (const RubricMoneyTotals *difference)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rubric_money_totals_get_n (difference); i++)
    {
      gint64 minor;
      const char *currency = rubric_money_totals_get_nth (difference, i, &minor);
      g_autofree char *amount = rubric_money_localize (rubric_money_format_with_code (minor < 0 ? -minor : minor, currency));

      if (minor > 0)
        g_ptr_array_add (parts, g_strdup_printf (_("%s not yet paid"), amount));
      else if (minor < 0)
        g_ptr_array_add (parts, g_strdup_printf (_("%s paid beyond earnings"), amount));
      else
        g_ptr_array_add (parts, g_strdup_printf (_("settled in %s"), currency));
    }
  if (parts->len == 0)
    return g_strdup ("—");
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static char *
unpriced_text (gint64 active_ms,
               gint64 unpriced_ms)
{
  g_autofree char *hours = NULL;

  /* Less than shows as 0.01 h is nothing to mention. */
  if (unpriced_ms < 18000)
    return NULL;
  if (unpriced_ms == active_ms)
    return g_strdup (_("No rate"));
  hours = _rubric_worklog_hours_text (unpriced_ms);
  return g_strdup_printf (_("%s of it without a rate"), hours);
}

static void
add_year_rows (GtkWidget             *group,
               const RubricReportRow *total)
{
  g_autofree char *hours = _rubric_worklog_hours_text (total->active_ms);
  g_autofree char *unpriced = unpriced_text (total->active_ms, total->unpriced_ms);
  g_autofree char *earned = _rubric_worklog_money_lines (total->earned);
  g_autofree char *gross = _rubric_worklog_money_lines (total->paid_gross);
  g_autofree char *fees = _rubric_worklog_money_lines (total->fees);
  g_autofree char *net = _rubric_worklog_money_lines (total->paid_net);
  g_autofree char *difference = difference_text (total->difference);
  AdwPreferencesGroup *prefs = ADW_PREFERENCES_GROUP (group);

  adw_preferences_group_add (prefs, _rubric_worklog_row (_("Hours Worked"), unpriced, hours));
  adw_preferences_group_add (prefs, _rubric_worklog_row (_("Earned"), _("At the rates in the log"), earned));
  adw_preferences_group_add (prefs, _rubric_worklog_row (_("Paid, Gross"), _("Before fees"), gross));
  adw_preferences_group_add (prefs, _rubric_worklog_row (_("Fees"), NULL, fees));
  adw_preferences_group_add (prefs, _rubric_worklog_row (_("Received, Net"), NULL, net));
  adw_preferences_group_add (prefs, _rubric_worklog_row (_("Earned Less Paid"), difference, NULL));
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static gboolean
row_has_money (const RubricReportRow *row)
{
  return rubric_money_totals_get_n (row->paid_gross) > 0 || rubric_money_totals_get_n (row->earned) > 0;
}

/* "2026-P1 · January to March" */
static char *
period_title (const RubricReportRow *row)
{
  g_autofree char *from = day_label (row->from, "%B");
  g_autofree char *to = day_label (row->to, "%B");

  /* Translators: a tax period and its months, "2026-P1 · January to March" */
  return g_strdup_printf (_("%s · %s to %s"), row->label, from, to);
}

static void
add_period_details (AdwExpanderRow        *expander,
                    const RubricReportRow *row)
{
  g_autofree char *gross = _rubric_worklog_money_text (row->paid_gross);
  g_autofree char *fees = _rubric_worklog_money_text (row->fees);
  g_autofree char *paid = g_strdup_printf (_("Gross %s, fees %s"), gross, fees);
  g_autofree char *net = _rubric_worklog_money_lines (row->paid_net);
  g_autofree char *difference = difference_text (row->difference);

  for (guint i = 0; i < row->platforms->len; i++)
    {
      const RubricReportPlatform *platform = g_ptr_array_index (row->platforms, i);
      g_autofree char *value = _rubric_worklog_summary_lines (platform->active_ms, platform->earned);
      g_autofree char *unpriced = unpriced_text (platform->active_ms, platform->unpriced_ms);

      adw_expander_row_add_row (expander, _rubric_worklog_row (_rubric_worklog_platform_label (platform->name),
                                                               unpriced, value));
    }
  adw_expander_row_add_row (expander, _rubric_worklog_row (_("Received, Net"), paid, net));
  adw_expander_row_add_row (expander, _rubric_worklog_row (_("Earned Less Paid"), difference, NULL));
}

static GtkWidget *
period_row (const RubricReportRow *row)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *title = period_title (row);
  g_autofree char *due = day_label (row->due, "%-d %B %Y");
  g_autofree char *subtitle = g_strdup_printf (_("Estimated tax due %s"), due);
  g_autofree char *value = _rubric_worklog_summary_lines (row->active_ms, row->earned);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), _rubric_worklog_value_label (value));
  add_period_details (ADW_EXPANDER_ROW (expander), row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), row->active_ms > 0 || row_has_money (row));
  return expander;
}

/* Earned, paid, and what is left, for a payer or a payer's period;
 * the hours for work that had no rate. */
static char *
earned_paid_text (const RubricReportRow *row)
{
  g_autofree char *earned = _rubric_worklog_money_text (row->earned);
  g_autofree char *paid = _rubric_worklog_money_text (row->paid_gross);
  g_autofree char *difference = difference_text (row->difference);
  g_autofree char *hours = NULL;

  if (!row_has_money (row))
    {
      hours = _rubric_worklog_hours_text (row->active_ms);
      return g_strdup_printf (_("%s without a rate"), hours);
    }
  return g_strdup_printf (_("Earned %s · paid %s\n%s"), earned, paid, difference);
}

static GtkWidget *
payer_row (const RubricReportRow *row)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *subtitle = earned_paid_text (row);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _rubric_worklog_platform_label (row->label));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _rubric_worklog_platform_label (row->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  for (guint i = 0; row->periods != NULL && i < row->periods->len; i++)
    {
      const RubricReportRow *period = g_ptr_array_index (row->periods, i);
      g_autofree char *text = earned_paid_text (period);

      if (period->active_ms > 0 || row_has_money (period))
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), _rubric_worklog_row (period->label, text, NULL));
    }
  return expander;
}

static GtkWidget *
payers_group (const RubricWorklogData *data)
{
  GtkWidget *group = group_new (_("Earned and Paid by Payer"),
                                _("What the log says each payer owes for the year, against the gross they paid, "
                                  "period by period."));

  for (guint i = 0; i < data->payers->rows->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), payer_row (g_ptr_array_index (data->payers->rows, i)));
  if (data->payers->rows->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               _rubric_worklog_row (_("Nothing earned or paid this year"), NULL, ""));
  return group;
}

void
_rubric_worklog_fill_taxes (GtkBox                  *box,
                            const RubricWorklogData *data)
{
  g_autofree char *year_title = g_strdup_printf (_("%d in All"), data->year);
  GtkWidget *year = group_new (year_title, NULL);
  GtkWidget *periods = group_new (_("Estimated-Tax Periods"),
                                  _("The US estimated-tax periods. A due date on a weekend or a holiday moves to the "
                                    "next business day."));

  _rubric_worklog_clear_box (box);
  add_year_rows (year, data->periods->total);
  for (guint i = 0; i < data->periods->rows->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (periods), period_row (g_ptr_array_index (data->periods->rows, i)));
  gtk_box_append (box, year);
  gtk_box_append (box, periods);
  gtk_box_append (box, payers_group (data));
}
