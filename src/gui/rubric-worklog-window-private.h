/* rubric-worklog-window-private.h — shared by the Work Log window's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-worklog-report.h"
#include "rubric-worklog.h"

G_BEGIN_DECLS

/* The log of one year, as the pages show it; read on the main thread,
 * as a year of the log is a few thousand rows at most. */
typedef struct
{
  int                  year;
  GPtrArray           *items;      /* RubricLogItem, by day */
  GPtrArray           *payments;   /* RubricPayment, by day */
  RubricWorklogReport *periods;
  RubricWorklogReport *months;
  RubricWorklogReport *payers;
} RubricWorklogData;

RubricWorklogData *_rubric_worklog_data_load        (RubricStore             *store,
                                                     int                      year,
                                                     GError                 **error);
char              *_rubric_worklog_data_fingerprint (const RubricWorklogData *data);
void               _rubric_worklog_data_free        (RubricWorklogData       *data);

gboolean           _rubric_worklog_fill_log         (GtkBox                  *box,
                                                     const RubricWorklogData *data,
                                                     const char              *range);
gboolean           _rubric_worklog_fill_charts      (GtkBox                  *box,
                                                     const RubricWorklogData *data);
gboolean           _rubric_worklog_fill_payments    (GtkBox                  *box,
                                                     const RubricWorklogData *data);
void               _rubric_worklog_fill_taxes       (GtkBox                  *box,
                                                     const RubricWorklogData *data);

void               _rubric_worklog_clear_box        (GtkBox                  *box);
char              *_rubric_worklog_hours_text       (gint64                   ms);
char              *_rubric_worklog_money_text       (const RubricMoneyTotals *totals);
char              *_rubric_worklog_summary_text     (gint64                   ms,
                                                     const RubricMoneyTotals *earned);
char              *_rubric_worklog_money_lines      (const RubricMoneyTotals *totals);
char              *_rubric_worklog_summary_lines    (gint64                   ms,
                                                     const RubricMoneyTotals *earned);
const char        *_rubric_worklog_platform_label   (const char              *name);
GtkWidget         *_rubric_worklog_value_label      (const char              *text);
GtkWidget         *_rubric_worklog_row              (const char              *title,
                                                     const char              *subtitle,
                                                     const char              *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricWorklogData, _rubric_worklog_data_free)

G_END_DECLS
