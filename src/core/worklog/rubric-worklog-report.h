/* rubric-worklog-report.h — a year of the work log in totals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rubric-worklog.h"

G_BEGIN_DECLS

/*
 * Totals of a year: hours (active time and manual entries, priced or
 * not), earnings (one sum per currency, never converted) and payments
 * received, by US estimated-tax period, by month or by payer. These are
 * record-keeping totals, not tax advice (rubric_worklog_disclaimer()).
 *
 * The estimated-tax periods are uneven; a period is labelled
 * "YYYY-P1" to "YYYY-P4":
 *   P1  January to March       due April 15
 *   P2  April and May          due June 15
 *   P3  June to August         due September 15
 *   P4  September to December  due January 15 of the next year
 * The due dates are the nominal ones; one that falls on a weekend or a
 * holiday moves to the next business day. Months are labelled
 * "YYYY-MM" and have no due date.
 *
 * An item counts where its local day falls; a payment where its day
 * does. Earned is set against paid per payer (a session's payer, a
 * manual entry's platform, a payment's payer are one name space):
 * difference is earned minus the gross paid, per currency.
 */

typedef enum
{
  RUBRIC_REPORT_BY_PERIOD,
  RUBRIC_REPORT_BY_MONTH,
  RUBRIC_REPORT_BY_PAYER,
} RubricReportBy;

typedef struct
{
  char              *name;          /* payer or platform; "" for none */
  gint64             active_ms;
  gint64             unpriced_ms;   /* of active_ms, what had no rate */
  RubricMoneyTotals *earned;
} RubricReportPlatform;

typedef struct _RubricReportRow RubricReportRow;

struct _RubricReportRow
{
  char              *label;         /* "2026-P1", "2026-03", or the payer */
  char               from[RUBRIC_DAY_LEN];
  char               to[RUBRIC_DAY_LEN];
  char               due[RUBRIC_DAY_LEN];  /* "" for months and payers */
  gint64             active_ms;
  gint64             unpriced_ms;
  RubricMoneyTotals *earned;
  GPtrArray         *platforms;     /* RubricReportPlatform, by name */
  RubricMoneyTotals *paid_gross;    /* payments dated in the row (of its payer, by payer) */
  RubricMoneyTotals *fees;
  RubricMoneyTotals *paid_net;
  RubricMoneyTotals *difference;    /* earned - paid_gross */
  GPtrArray         *periods;       /* by payer: the payer's RubricReportRow per tax period; else NULL */
};

typedef struct
{
  int                year;
  RubricReportBy     by;
  GPtrArray         *rows;          /* RubricReportRow */
  RubricReportRow   *total;         /* the whole year */
} RubricWorklogReport;

const char          *rubric_worklog_disclaimer         (void);
gboolean             rubric_report_by_from_string      (const char                 *text,
                                                        RubricReportBy             *by);
void                 rubric_tax_period                 (int                         year,
                                                        guint                       period,
                                                        char                        from[RUBRIC_DAY_LEN],
                                                        char                        to[RUBRIC_DAY_LEN],
                                                        char                        due[RUBRIC_DAY_LEN]);
guint                rubric_tax_period_of_month        (guint                       month);
RubricWorklogReport *rubric_worklog_report             (RubricStore                *store,
                                                        int                         year,
                                                        RubricReportBy              by,
                                                        const char                 *annotator,
                                                        GError                    **error);
RubricWorklogReport *rubric_worklog_report_from_log    (int                         year,
                                                        RubricReportBy              by,
                                                        GPtrArray                  *items,
                                                        GPtrArray                  *payments,
                                                        GError                    **error);
char                *rubric_worklog_report_to_json     (const RubricWorklogReport  *report);
char                *rubric_worklog_report_to_text     (const RubricWorklogReport  *report);
char                *rubric_worklog_format_hours       (gint64                      ms);
void                 rubric_worklog_report_free        (RubricWorklogReport        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricWorklogReport, rubric_worklog_report_free)

G_END_DECLS
