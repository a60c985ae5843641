/* rubric-money.h — amounts in the minor units of an ISO 4217 currency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* The largest amount a rate, an entry or a payment may hold, in minor
 * units: a rate times a year of seconds or a million tasks still fits
 * in 64 bits. */
#define RUBRIC_MONEY_MAX G_GINT64_CONSTANT (999999999999)

/* A currency code and its terminating NUL. */
#define RUBRIC_CURRENCY_LEN 4

/*
 * Money is a count of a currency's minor units (cents for USD, yen for
 * JPY, fils for KWD) and the currency's ISO 4217 code, never a float.
 * Amounts of different currencies are never added together: totals
 * (RubricMoneyTotals) keep one sum per currency. As text an amount is
 * written with exactly the currency's decimals: "12.50" (USD), "1500"
 * (JPY), "1.250" (KWD).
 */

gboolean           rubric_currency_lookup            (const char              *code,
                                                      guint                   *exponent);
gboolean           rubric_currency_normalize         (const char              *code,
                                                      char                     out[RUBRIC_CURRENCY_LEN],
                                                      GError                 **error);
gboolean           rubric_money_parse                (const char              *text,
                                                      const char              *currency,
                                                      gint64                  *minor,
                                                      GError                 **error);
char              *rubric_money_localize             (char                    *text);
char              *rubric_money_format               (gint64                   minor,
                                                      const char              *currency);
char              *rubric_money_format_with_code     (gint64                   minor,
                                                      const char              *currency);
gboolean           rubric_money_times                (gint64                   minor,
                                                      gint64                   count,
                                                      gint64                  *result,
                                                      GError                 **error);
gboolean           rubric_money_per_hour             (gint64                   rate,
                                                      gint64                   seconds,
                                                      gint64                  *result,
                                                      GError                 **error);

typedef struct _RubricMoneyTotals RubricMoneyTotals;

RubricMoneyTotals *rubric_money_totals_new           (void);
void               rubric_money_totals_free          (RubricMoneyTotals       *self);
gboolean           rubric_money_totals_add           (RubricMoneyTotals       *self,
                                                      const char              *currency,
                                                      gint64                   minor,
                                                      GError                 **error);
gboolean           rubric_money_totals_add_all       (RubricMoneyTotals       *self,
                                                      const RubricMoneyTotals *other,
                                                      gint64                   sign,
                                                      GError                 **error);
gint64             rubric_money_totals_get           (const RubricMoneyTotals *self,
                                                      const char              *currency);
guint              rubric_money_totals_get_n         (const RubricMoneyTotals *self);
const char        *rubric_money_totals_get_nth       (const RubricMoneyTotals *self,
                                                      guint                    i,
                                                      gint64                  *minor);
json_object       *rubric_money_totals_to_json       (const RubricMoneyTotals *self);
char              *rubric_money_totals_to_text       (const RubricMoneyTotals *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricMoneyTotals, rubric_money_totals_free)

G_END_DECLS
