/* rubric-worklog-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "../rubric-error.h"
#include "../rubric-json.h"
#include "rubric-worklog-private.h"
#include "rubric-worklog-report.h"

/* The months each estimated-tax period ends with, and its due date. */
static const struct
{
  guint last_month;
  guint due_month;
  guint due_day;
} periods[] = {
  { 3, 4, 15 },
  { 5, 6, 15 },
  { 8, 9, 15 },
  { 12, 1, 15 },
};

const char *
rubric_worklog_disclaimer (void)
{
  return _("These are record-keeping totals, not tax advice.");
}

gboolean
rubric_report_by_from_string (const char     *text,
                              RubricReportBy *by)
{
  static const char *names[] = { "period", "month", "payer" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *by = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * rubric_tax_period:
 * @period: 1 to 4
 *
 * The first and last day of a US estimated-tax period of @year, and
 * the day its payment is due.
 */
void
rubric_tax_period (int   year,
                   guint period,
                   char  from[RUBRIC_DAY_LEN],
                   char  to[RUBRIC_DAY_LEN],
                   char  due[RUBRIC_DAY_LEN])
{
  guint first = period > 1 ? periods[period - 2].last_month + 1 : 1;
  guint last;

  g_return_if_fail (period >= 1 && period <= 4);

  last = periods[period - 1].last_month;
  g_snprintf (from, RUBRIC_DAY_LEN, "%04d-%02u-01", year, first);
  g_snprintf (to, RUBRIC_DAY_LEN, "%04d-%02u-%02u", year, last, g_date_get_days_in_month (last, year));
  g_snprintf (due, RUBRIC_DAY_LEN, "%04d-%02u-%02u", period == 4 ? year + 1 : year, periods[period - 1].due_month,
              periods[period - 1].due_day);
}

/* The estimated-tax period (1 to 4) a month (1 to 12) belongs to. */
guint
rubric_tax_period_of_month (guint month)
{
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (month <= periods[i].last_month)
      return i + 1;
  g_return_val_if_reached (4);
}

/**
 * rubric_worklog_format_hours:
 *
 * Returns: (transfer full): @ms in hours to the hundredth, a half up: "1.50"
 */
char *
rubric_worklog_format_hours (gint64 ms)
{
  gint64 hundredths = (ms + 18000) / 36000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", hundredths / 100, (int) (hundredths % 100));
}

static void
platform_free (RubricReportPlatform *self)
{
  g_free (self->name);
  rubric_money_totals_free (self->earned);
  g_free (self);
}

static void
row_free (RubricReportRow *self)
{
  if (self == NULL)
    return;
  g_free (self->label);
  rubric_money_totals_free (self->earned);
  g_ptr_array_unref (self->platforms);
  rubric_money_totals_free (self->paid_gross);
  rubric_money_totals_free (self->fees);
  rubric_money_totals_free (self->paid_net);
  rubric_money_totals_free (self->difference);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_free (self);
}

static RubricReportRow *
row_new (const char *label,
         const char *from,
         const char *to,
         const char *due)
{
  RubricReportRow *row = g_new0 (RubricReportRow, 1);

  row->label = g_strdup (label);
  g_strlcpy (row->from, from, sizeof row->from);
  g_strlcpy (row->to, to, sizeof row->to);
  g_strlcpy (row->due, due, sizeof row->due);
  row->earned = rubric_money_totals_new ();
  row->platforms = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_free);
  row->paid_gross = rubric_money_totals_new ();
  row->fees = rubric_money_totals_new ();
  row->paid_net = rubric_money_totals_new ();
  row->difference = rubric_money_totals_new ();
  return row;
}

static RubricReportRow *
period_row_new (int   year,
                guint period)
{
  char from[RUBRIC_DAY_LEN], to[RUBRIC_DAY_LEN], due[RUBRIC_DAY_LEN];
  g_autofree char *label = g_strdup_printf ("%04d-P%u", year, period);

  rubric_tax_period (year, period, from, to, due);
  return row_new (label, from, to, due);
}

static RubricReportRow *
month_row_new (int   year,
               guint month)
{
  char from[RUBRIC_DAY_LEN], to[RUBRIC_DAY_LEN];
  g_autofree char *label = g_strdup_printf ("%04d-%02u", year, month);

  g_snprintf (from, sizeof from, "%s-01", label);
  g_snprintf (to, sizeof to, "%s-%02u", label, g_date_get_days_in_month (month, year));
  return row_new (label, from, to, "");
}

/* The row's totals of @name, made where there are none yet; in order of names. */
static RubricReportPlatform *
row_platform (RubricReportRow *row,
              const char      *name)
{
  RubricReportPlatform *platform;
  guint i = 0;

  while (i < row->platforms->len && strcmp (((RubricReportPlatform *) g_ptr_array_index (row->platforms, i))->name, name) < 0)
    i++;
  if (i < row->platforms->len && strcmp (((RubricReportPlatform *) g_ptr_array_index (row->platforms, i))->name, name) == 0)
    return g_ptr_array_index (row->platforms, i);
  platform = g_new0 (RubricReportPlatform, 1);
  platform->name = g_strdup (name);
  platform->earned = rubric_money_totals_new ();
  g_ptr_array_insert (row->platforms, i, platform);
  return platform;
}

static gboolean
row_add_item (RubricReportRow      *row,
              const RubricLogItem  *item,
              GError              **error)
{
  RubricReportPlatform *platform = row_platform (row, item->platform);

  row->active_ms += item->active_ms;
  platform->active_ms += item->active_ms;
  if (!item->priced)
    {
      row->unpriced_ms += item->active_ms;
      platform->unpriced_ms += item->active_ms;
      return TRUE;
    }
  return rubric_money_totals_add (row->earned, item->rate.currency, item->earned, error) &&
         rubric_money_totals_add (platform->earned, item->rate.currency, item->earned, error);
}

static gboolean
row_add_payment (RubricReportRow      *row,
                 const RubricPayment  *payment,
                 GError              **error)
{
  return rubric_money_totals_add (row->paid_gross, payment->currency, payment->gross, error) &&
         rubric_money_totals_add (row->fees, payment->currency, payment->fees, error) &&
         rubric_money_totals_add (row->paid_net, payment->currency, payment->net, error);
}

/* Earned minus paid, once everything is in. */
static gboolean
row_finish (RubricReportRow  *row,
            GError          **error)
{
  if (!rubric_money_totals_add_all (row->difference, row->earned, 1, error) ||
      !rubric_money_totals_add_all (row->difference, row->paid_gross, -1, error))
    return FALSE;
  for (guint i = 0; row->periods != NULL && i < row->periods->len; i++)
    if (!row_finish (g_ptr_array_index (row->periods, i), error))
      return FALSE;
  return TRUE;
}

static guint
month_of (const char *day)
{
  return (guint) g_ascii_strtoull (day + 5, NULL, 10);
}

/* The row an item or payment of @name on @day counts in. */
static RubricReportRow *
row_for (RubricWorklogReport *report,
         GHashTable          *payers,
         const char          *name,
         const char          *day)
{
  guint month = month_of (day);
  RubricReportRow *row;

  if (report->by == RUBRIC_REPORT_BY_PERIOD)
    return g_ptr_array_index (report->rows, rubric_tax_period_of_month (month) - 1);
  if (report->by == RUBRIC_REPORT_BY_MONTH)
    return g_ptr_array_index (report->rows, month - 1);
  if ((row = g_hash_table_lookup (payers, name)) != NULL)
    return row;
  row = row_new (name, report->total->from, report->total->to, "");
  row->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  for (guint period = 1; period <= 4; period++)
    g_ptr_array_add (row->periods, period_row_new (report->year, period));
  g_hash_table_insert (payers, row->label, row);
  g_ptr_array_add (report->rows, row);
  return row;
}

/* By payer, the payer's row for the period too. */
static RubricReportRow *
period_row_for (RubricReportRow *row,
                const char      *day)
{
  return row->periods != NULL ? g_ptr_array_index (row->periods, rubric_tax_period_of_month (month_of (day)) - 1) : NULL;
}

static gboolean
count_items (RubricWorklogReport  *report,
             GHashTable           *payers,
             GPtrArray            *items,
             GError              **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      const RubricLogItem *item = g_ptr_array_index (items, i);
      RubricReportRow *row = row_for (report, payers, item->platform, item->day);
      RubricReportRow *period = period_row_for (row, item->day);

      if (!row_add_item (report->total, item, error) || !row_add_item (row, item, error) ||
          (period != NULL && !row_add_item (period, item, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
count_payments (RubricWorklogReport  *report,
                GHashTable           *payers,
                GPtrArray            *payments,
                GError              **error)
{
  for (guint i = 0; i < payments->len; i++)
    {
      const RubricPayment *payment = g_ptr_array_index (payments, i);
      RubricReportRow *row = row_for (report, payers, payment->payer, payment->day);
      RubricReportRow *period = period_row_for (row, payment->day);

      if (!row_add_payment (report->total, payment, error) || !row_add_payment (row, payment, error) ||
          (period != NULL && !row_add_payment (period, payment, error)))
        return FALSE;
    }
  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return strcmp ((*(RubricReportRow **) a)->label, (*(RubricReportRow **) b)->label);
}

static RubricWorklogReport *
report_new (int            year,
            RubricReportBy by)
{
  RubricWorklogReport *report = g_new0 (RubricWorklogReport, 1);
  char from[RUBRIC_DAY_LEN], to[RUBRIC_DAY_LEN];
  g_autofree char *label = g_strdup_printf ("%04d", year);

  report->year = year;
  report->by = by;
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_snprintf (from, sizeof from, "%04d-01-01", year);
  g_snprintf (to, sizeof to, "%04d-12-31", year);
  report->total = row_new (label, from, to, "");
  for (guint i = 1; by == RUBRIC_REPORT_BY_PERIOD && i <= 4; i++)
    g_ptr_array_add (report->rows, period_row_new (year, i));
  for (guint i = 1; by == RUBRIC_REPORT_BY_MONTH && i <= 12; i++)
    g_ptr_array_add (report->rows, month_row_new (year, i));
  return report;
}

static gboolean
check_year (int      year,
            GError **error)
{
  if (year >= 1970 && year <= 9998)
    return TRUE;
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%d is not a year the log can report on"), year);
  return FALSE;
}

/**
 * rubric_worklog_report_from_log:
 * @year: the calendar year, 1970 to 9998
 * @items: the year's log, as rubric_worklog_list() gives it for the
 *   days from January 1 to December 31
 * @payments: the year's payments, as rubric_worklog_list_payments()
 *   gives them for the same days
 *
 * Totals a year already read, so that several groupings of one year
 * read the workspace once.
 *
 * Returns: (transfer full): as rubric_worklog_report()
 */
RubricWorklogReport *
rubric_worklog_report_from_log (int             year,
                                RubricReportBy  by,
                                GPtrArray      *items,
                                GPtrArray      *payments,
                                GError        **error)
{
  g_autoptr(RubricWorklogReport) report = NULL;
  g_autoptr(GHashTable) payers = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (items != NULL && payments != NULL, NULL);

  if (!check_year (year, error))
    return NULL;
  report = report_new (year, by);
  if (!count_items (report, payers, items, error) || !count_payments (report, payers, payments, error))
    return NULL;
  if (by == RUBRIC_REPORT_BY_PAYER)
    g_ptr_array_sort (report->rows, compare_rows);
  for (guint i = 0; i < report->rows->len; i++)
    if (!row_finish (g_ptr_array_index (report->rows, i), error))
      return NULL;
  if (!row_finish (report->total, error))
    return NULL;
  return g_steal_pointer (&report);
}

/**
 * rubric_worklog_report:
 * @year: the calendar year, 1970 to 9998
 * @annotator: (nullable): count this annotator's sessions only
 *
 * Returns: (transfer full): the year's totals: four periods, twelve
 *   months, or one row per payer that worked or paid, by name
 */
RubricWorklogReport *
rubric_worklog_report (RubricStore     *store,
                       int              year,
                       RubricReportBy   by,
                       const char      *annotator,
                       GError         **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  char from[RUBRIC_DAY_LEN], to[RUBRIC_DAY_LEN];
  RubricLogQuery query = { from, to, annotator };

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  if (!check_year (year, error))
    return NULL;
  g_snprintf (from, sizeof from, "%04d-01-01", year);
  g_snprintf (to, sizeof to, "%04d-12-31", year);
  if (!(items = rubric_worklog_list (store, &query, error)) ||
      !(payments = rubric_worklog_list_payments (store, &query, error)))
    return NULL;
  return rubric_worklog_report_from_log (year, by, items, payments, error);
}

void
rubric_worklog_report_free (RubricWorklogReport *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  row_free (self->total);
  g_free (self);
}

/* Hours as a JSON number, to the hundredth, with no trailing zeros. */
json_object *
_rubric_worklog_hours_to_json (gint64 ms)
{
  g_autofree char *text = rubric_worklog_format_hours (ms);
  gsize len = strlen (text);

  while (text[len - 1] == '0')
    text[--len] = '\0';
  if (text[len - 1] == '.')
    text[--len] = '\0';
  return json_object_new_double_s (g_ascii_strtod (text, NULL), text);
}

static json_object *
platforms_to_json (const RubricReportRow *row)
{
  json_object *object = json_object_new_object ();

  for (guint i = 0; i < row->platforms->len; i++)
    {
      const RubricReportPlatform *platform = g_ptr_array_index (row->platforms, i);
      json_object *totals = json_object_new_object ();

      json_object_object_add (totals, "hours", _rubric_worklog_hours_to_json (platform->active_ms));
      json_object_object_add (totals, "earned", rubric_money_totals_to_json (platform->earned));
      json_object_object_add (object, platform->name, totals);
    }
  return object;
}

static void
add_payments_json (json_object           *object,
                   const RubricReportRow *row)
{
  json_object_object_add (object, "paid_gross", rubric_money_totals_to_json (row->paid_gross));
  json_object_object_add (object, "fees", rubric_money_totals_to_json (row->fees));
  json_object_object_add (object, "paid_net", rubric_money_totals_to_json (row->paid_net));
  json_object_object_add (object, "difference", rubric_money_totals_to_json (row->difference));
}

static json_object *
period_to_json (const RubricReportRow *row,
                gboolean               with_platforms)
{
  json_object *object = json_object_new_object ();

  json_object_object_add (object, "period", json_object_new_string (row->label));
  json_object_object_add (object, "from", json_object_new_string (row->from));
  json_object_object_add (object, "to", json_object_new_string (row->to));
  json_object_object_add (object, "due", *row->due != '\0' ? json_object_new_string (row->due) : NULL);
  json_object_object_add (object, "hours", _rubric_worklog_hours_to_json (row->active_ms));
  json_object_object_add (object, "earned", rubric_money_totals_to_json (row->earned));
  if (with_platforms)
    json_object_object_add (object, "by_platform", platforms_to_json (row));
  return object;
}

static json_object *
payer_to_json (const RubricReportRow *row)
{
  json_object *object = json_object_new_object ();
  json_object *rows = json_object_new_array ();

  json_object_object_add (object, "payer", json_object_new_string (row->label));
  json_object_object_add (object, "hours", _rubric_worklog_hours_to_json (row->active_ms));
  json_object_object_add (object, "earned", rubric_money_totals_to_json (row->earned));
  add_payments_json (object, row);
  for (guint i = 0; i < row->periods->len; i++)
    {
      const RubricReportRow *period = g_ptr_array_index (row->periods, i);
      json_object *entry = period_to_json (period, FALSE);

      add_payments_json (entry, period);
      json_object_array_add (rows, entry);
    }
  json_object_object_add (object, "periods", rows);
  return object;
}

/**
 * rubric_worklog_report_to_json:
 *
 * By period or month: {"periods": [{"period", "from", "to", "due"
 * (null for a month), "hours", "earned", "by_platform"}]}. By payer:
 * {"payers": [{"payer", "hours", "earned", "paid_gross", "fees",
 * "paid_net", "difference", "periods": [...]}]}. Hours are numbers to
 * the hundredth; money is an object of decimal strings by currency
 * code, {"USD": "123.45"}, exact and never summed across currencies.
 *
 * Returns: (transfer full): the report as JSON text
 */
char *
rubric_worklog_report_to_json (const RubricWorklogReport *report)
{
  g_autoptr(json_object) root = json_object_new_object ();
  json_object *rows = json_object_new_array ();

  for (guint i = 0; i < report->rows->len; i++)
    {
      const RubricReportRow *row = g_ptr_array_index (report->rows, i);

      json_object_array_add (rows, report->by == RUBRIC_REPORT_BY_PAYER ? payer_to_json (row) : period_to_json (row, TRUE));
    }
  json_object_object_add (root, report->by == RUBRIC_REPORT_BY_PAYER ? "payers" : "periods", rows);
  return g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* "160.00 USD", "160.00 USD (+1.00 h unpriced)", "unpriced" or "—". */
static char *
earned_text (const RubricMoneyTotals *earned,
             gint64                   unpriced_ms)
{
  g_autofree char *money = rubric_money_totals_to_text (earned);
  g_autofree char *hours = rubric_worklog_format_hours (unpriced_ms);

  if (unpriced_ms == 0)
    return *money != '\0' ? g_steal_pointer (&money) : g_strdup ("—");
  if (*money == '\0')
    return g_strdup_printf (_("%s h unpriced"), hours);
  return g_strdup_printf (_("%s (+%s h unpriced)"), money, hours);
}

static void
append_period_text (GString               *out,
                    const RubricReportRow *row)
{
  g_autofree char *hours = rubric_worklog_format_hours (row->active_ms);
  g_autofree char *earned = earned_text (row->earned, row->unpriced_ms);

  g_string_append_printf (out, "%-10s %-10s  %-10s  %-10s  %8s  %s\n", row->label, row->from, row->to, row->due, hours,
                          earned);
  for (guint i = 0; i < row->platforms->len; i++)
    {
      const RubricReportPlatform *platform = g_ptr_array_index (row->platforms, i);
      g_autofree char *platform_hours = rubric_worklog_format_hours (platform->active_ms);
      g_autofree char *platform_earned = earned_text (platform->earned, platform->unpriced_ms);

      g_string_append_printf (out, "  %-44s  %8s  %s\n", *platform->name != '\0' ? platform->name : _("(no payer)"),
                              platform_hours, platform_earned);
    }
}

static void
append_reconciliation (GString               *out,
                       const char            *indent,
                       const char            *label,
                       const RubricReportRow *row)
{
  g_autofree char *hours = rubric_worklog_format_hours (row->active_ms);
  g_autofree char *earned = earned_text (row->earned, row->unpriced_ms);
  g_autofree char *gross = rubric_money_totals_to_text (row->paid_gross);
  g_autofree char *fees = rubric_money_totals_to_text (row->fees);
  g_autofree char *net = rubric_money_totals_to_text (row->paid_net);
  g_autofree char *difference = rubric_money_totals_to_text (row->difference);

  g_string_append_printf (out, _("%s%s: %s h, earned %s; paid %s gross, %s fees, %s net; earned − gross %s\n"), indent,
                          label, hours, earned, *gross ? gross : "—", *fees ? fees : "—", *net ? net : "—",
                          *difference ? difference : "—");
}

/**
 * rubric_worklog_report_to_text:
 *
 * Returns: (transfer full): the report as a table a person reads, with
 *   the disclaimer at its end
 */
char *
rubric_worklog_report_to_text (const RubricWorklogReport *report)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (report->by == RUBRIC_REPORT_BY_PERIOD)
    g_string_append_printf (out, _("Work log %d by estimated-tax period\n"), report->year);
  else if (report->by == RUBRIC_REPORT_BY_MONTH)
    g_string_append_printf (out, _("Work log %d by month\n"), report->year);
  else
    g_string_append_printf (out, _("Work log %d by payer: earned against paid\n"), report->year);
  if (report->by != RUBRIC_REPORT_BY_PAYER)
    g_string_append_printf (out, "%-10s %-10s  %-10s  %-10s  %8s  %s\n", _("Period"), _("From"), _("To"), _("Due"),
                            _("Hours"), _("Earned"));
  for (guint i = 0; i < report->rows->len; i++)
    {
      const RubricReportRow *row = g_ptr_array_index (report->rows, i);

      if (report->by != RUBRIC_REPORT_BY_PAYER)
        {
          append_period_text (out, row);
          continue;
        }
      append_reconciliation (out, "", *row->label != '\0' ? row->label : _("(no payer)"), row);
      for (guint j = 0; j < row->periods->len; j++)
        {
          const RubricReportRow *period = g_ptr_array_index (row->periods, j);

          /* The periods with neither work nor payments say nothing. */
          if (period->active_ms > 0 || rubric_money_totals_get_n (period->paid_gross) > 0)
            append_reconciliation (out, "  ", period->label, period);
        }
    }
  append_reconciliation (out, "", _("Year"), report->total);
  g_string_append_printf (out, "%s\n", rubric_worklog_disclaimer ());
  return g_strdup (out->str);
}
