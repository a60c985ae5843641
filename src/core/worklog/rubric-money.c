/* rubric-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-money"

#include "config.h"

#include <langinfo.h>

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "../rubric-error.h"
#include "rubric-money.h"

typedef struct
{
  char  code[RUBRIC_CURRENCY_LEN];
  guint exponent;
} Currency;

/* ISO 4217 list one as published on 2026-01-01, sorted by code: the
 * currencies and funds in use with their minor unit. The units that
 * have none (gold, silver, SDR, the codes for testing and for no
 * currency) are left out: nobody is paid in them. */
static const Currency currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 },
  { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BHD", 3 }, { "BIF", 0 },
  { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 },
  { "BWP", 2 }, { "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
  { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 }, { "CRC", 2 },
  { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 },
  { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 },
  { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 },
  { "HKD", 2 }, { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
  { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 },
  { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 },
  { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 },
  { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 },
  { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 },
  { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 },
  { "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 },
  { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 }, { "SAR", 2 },
  { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 },
  { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 },
  { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 },
  { "TWD", 2 }, { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 },
  { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 }, { "VUV", 0 },
  { "WST", 2 }, { "XAD", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 }, { "XPF", 0 },
  { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
};

typedef struct
{
  char   code[RUBRIC_CURRENCY_LEN];
  gint64 minor;
} Sum;

/* One sum per currency, kept in the order of the codes. */
struct _RubricMoneyTotals
{
  GArray *sums;
};

static int
compare_code (const void *key,
              const void *item)
{
  return strcmp (key, ((const Currency *) item)->code);
}

static guint64
power_of_ten (guint exponent)
{
  guint64 value = 1;

  while (exponent-- > 0)
    value *= 10;
  return value;
}

/**
 * rubric_currency_lookup:
 * @code: an ISO 4217 code, in capitals
 * @exponent: (out) (optional): how many decimals its minor unit has
 *
 * Returns: whether @code is a currency in use
 */
gboolean
rubric_currency_lookup (const char *code,
                        guint      *exponent)
{
  const Currency *found;

  if (code == NULL || strlen (code) != 3)
    return FALSE;
  found = bsearch (code, currencies, G_N_ELEMENTS (currencies), sizeof (Currency), compare_code);
  if (found != NULL && exponent != NULL)
    *exponent = found->exponent;
  return found != NULL;
}

static gboolean
fail_currency (GError     **error,
               const char  *code)
{
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
               _("“%s” is not an ISO 4217 currency code in use (USD, EUR, JPY…)"), code != NULL ? code : "");
  return FALSE;
}

/**
 * rubric_currency_normalize:
 * @out: the code in capitals
 *
 * Takes a code as a person types it ("usd" or "USD").
 */
gboolean
rubric_currency_normalize (const char  *code,
                           char         out[RUBRIC_CURRENCY_LEN],
                           GError     **error)
{
  g_autofree char *upper = g_ascii_strup (code != NULL ? code : "", -1);

  if (!rubric_currency_lookup (upper, NULL))
    return fail_currency (error, code);
  memcpy (out, upper, RUBRIC_CURRENCY_LEN);
  return TRUE;
}

static gboolean
fail_amount (GError     **error,
             const char  *text,
             const char  *reason)
{
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, "“%s”: %s", text, reason);
  return FALSE;
}

/* Digits into *value; FALSE past RUBRIC_MONEY_MAX. */
static gboolean
read_digits (const char *start,
             gsize       len,
             guint64    *value)
{
  for (gsize i = 0; i < len; i++)
    {
      *value = *value * 10 + (guint64) (start[i] - '0');
      if (*value > (guint64) RUBRIC_MONEY_MAX)
        return FALSE;
    }
  return TRUE;
}

/* The locale's decimal point if it is one byte (a person in Germany
 * types "12,50"), else '.'. */
static char
locale_point (void)
{
  const char *point = nl_langinfo (RADIXCHAR);

  return point != NULL && point[0] != '\0' && point[1] == '\0' ? point[0] : '.';
}

/**
 * rubric_money_parse:
 * @text: an amount such as "12.50", with no sign, separator or symbol
 * @currency: its ISO 4217 code in capitals, which says how many
 *   decimals it may have
 * @minor: (out): the amount in minor units
 *
 * "12.5" and "12.50" are 1250 for USD; "12.505" is refused, as is a
 * negative amount. Fewer decimals than the currency has are filled
 * with zeros. Where the locale's decimal point is another character
 * ("12,50" in German), that is read as the point too.
 */
gboolean
rubric_money_parse (const char  *text,
                    const char  *currency,
                    gint64      *minor,
                    GError     **error)
{
  guint exponent;
  gsize whole_len;
  const char *dot;
  gsize frac_len = 0;
  guint64 value = 0;

  if (!rubric_currency_lookup (currency, &exponent))
    return fail_currency (error, currency);
  if (text == NULL || *text == '\0')
    return fail_amount (error, "", _("an amount is needed"));
  if (text[0] == '-')
    return fail_amount (error, text, _("amounts cannot be negative"));
  whole_len = strspn (text, "0123456789");
  dot = text[whole_len] == '.' || (text[whole_len] != '\0' && text[whole_len] == locale_point ()) ? text + whole_len : NULL;
  if (dot != NULL)
    frac_len = strspn (dot + 1, "0123456789");
  if (whole_len == 0 || (dot != NULL ? dot[1 + frac_len] : text[whole_len]) != '\0' || (dot != NULL && frac_len == 0))
    return fail_amount (error, text, _("not an amount: write digits with at most one decimal point, as 12.50"));
  if (frac_len > exponent)
    {
      g_autofree char *reason = exponent == 0
        ? g_strdup_printf (_("%s has no minor unit: write a whole amount"), currency)
        : g_strdup_printf (_("%s has %u decimals, not %zu"), currency, exponent, frac_len);

      return fail_amount (error, text, reason);
    }
  if (!read_digits (text, whole_len, &value) ||
      !read_digits (dot != NULL ? dot + 1 : "", frac_len, &value) ||
      value * power_of_ten (exponent - frac_len) > (guint64) RUBRIC_MONEY_MAX)
    return fail_amount (error, text, _("too large an amount"));
  *minor = (gint64) (value * power_of_ten (exponent - frac_len));
  return TRUE;
}

/**
 * rubric_money_localize:
 * @text: (transfer full): amounts as the functions here write them
 *
 * For a person to read: each decimal point between two digits becomes
 * the locale's ("12,50 EUR" in German). Never for a file.
 *
 * Returns: (transfer full): @text, changed in place
 */
char *
rubric_money_localize (char *text)
{
  char point = locale_point ();

  for (char *p = text; point != '.' && p != NULL && *p != '\0'; p++)
    {
      if (*p == '.' && p > text && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]))
        *p = point;
    }
  return text;
}

/**
 * rubric_money_format:
 *
 * Returns: (transfer full): @minor with the currency's decimals, as
 *   "12.50", "-3.00", "1500" (JPY) or "1.250" (KWD)
 */
char *
rubric_money_format (gint64      minor,
                     const char *currency)
{
  guint exponent = 2;
  guint64 magnitude = minor < 0 ? -(guint64) minor : (guint64) minor;
  guint64 unit;

  rubric_currency_lookup (currency, &exponent);
  if (exponent == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude);
  unit = power_of_ten (exponent);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude / unit,
                          (int) exponent, magnitude % unit);
}

/* "12.50 USD" */
char *
rubric_money_format_with_code (gint64      minor,
                               const char *currency)
{
  g_autofree char *amount = rubric_money_format (minor, currency);

  return g_strdup_printf ("%s %s", amount, currency);
}

static gboolean
fail_overflow (GError **error)
{
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("the amount is too large to count"));
  return FALSE;
}

/**
 * rubric_money_times:
 *
 * @minor times @count (tasks at a per-task rate), or an error where
 * that would not fit.
 */
gboolean
rubric_money_times (gint64   minor,
                    gint64   count,
                    gint64  *result,
                    GError **error)
{
  if (__builtin_mul_overflow (minor, count, result))
    return fail_overflow (error);
  return TRUE;
}

/**
 * rubric_money_per_hour:
 * @rate: an hourly rate in minor units
 * @seconds: the time worked
 *
 * What @seconds earn at @rate, rounded to the nearest minor unit (a
 * half up). Whole hours and the rest are multiplied apart, so that a
 * large rate does not overflow on the way.
 */
gboolean
rubric_money_per_hour (gint64   rate,
                       gint64   seconds,
                       gint64  *result,
                       GError **error)
{
  gint64 whole;
  gint64 part;

  g_return_val_if_fail (rate >= 0 && seconds >= 0, FALSE);

  if (__builtin_mul_overflow (seconds / 3600, rate, &whole) ||
      __builtin_mul_overflow (seconds % 3600, rate, &part) ||
      __builtin_add_overflow (whole, (part + 1800) / 3600, result))
    return fail_overflow (error);
  return TRUE;
}

RubricMoneyTotals *
rubric_money_totals_new (void)
{
  RubricMoneyTotals *self = g_new0 (RubricMoneyTotals, 1);

  self->sums = g_array_new (FALSE, TRUE, sizeof (Sum));
  return self;
}

void
rubric_money_totals_free (RubricMoneyTotals *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->sums);
  g_free (self);
}

/* The sum of @currency, made (at zero) if @self has none yet. */
static Sum *
find_sum (RubricMoneyTotals *self,
          const char        *currency)
{
  guint i = 0;
  Sum sum = { { 0 }, 0 };

  while (i < self->sums->len && strcmp (g_array_index (self->sums, Sum, i).code, currency) < 0)
    i++;
  if (i < self->sums->len && strcmp (g_array_index (self->sums, Sum, i).code, currency) == 0)
    return &g_array_index (self->sums, Sum, i);
  g_strlcpy (sum.code, currency, sizeof sum.code);
  g_array_insert_val (self->sums, i, sum);
  return &g_array_index (self->sums, Sum, i);
}

/**
 * rubric_money_totals_add:
 * @minor: may be negative (a difference)
 *
 * Adds @minor to the sum of @currency, which starts at zero.
 */
gboolean
rubric_money_totals_add (RubricMoneyTotals  *self,
                         const char         *currency,
                         gint64              minor,
                         GError            **error)
{
  Sum *sum;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rubric_currency_lookup (currency, NULL), FALSE);

  sum = find_sum (self, currency);
  if (__builtin_add_overflow (sum->minor, minor, &sum->minor))
    return fail_overflow (error);
  return TRUE;
}

/**
 * rubric_money_totals_add_all:
 * @sign: 1 to add @other, -1 to take it away
 */
gboolean
rubric_money_totals_add_all (RubricMoneyTotals        *self,
                             const RubricMoneyTotals  *other,
                             gint64                    sign,
                             GError                  **error)
{
  for (guint i = 0; i < other->sums->len; i++)
    {
      const Sum *sum = &g_array_index (other->sums, Sum, i);
      gint64 minor;

      if (__builtin_mul_overflow (sum->minor, sign, &minor))
        return fail_overflow (error);
      if (!rubric_money_totals_add (self, sum->code, minor, error))
        return FALSE;
    }
  return TRUE;
}

gint64
rubric_money_totals_get (const RubricMoneyTotals *self,
                         const char              *currency)
{
  for (guint i = 0; i < self->sums->len; i++)
    if (strcmp (g_array_index (self->sums, Sum, i).code, currency) == 0)
      return g_array_index (self->sums, Sum, i).minor;
  return 0;
}

/* How many currencies @self has a sum of, zero sums included. */
guint
rubric_money_totals_get_n (const RubricMoneyTotals *self)
{
  return self->sums->len;
}

/**
 * rubric_money_totals_get_nth:
 *
 * Returns: the code of the @i-th currency, in the order of the codes
 */
const char *
rubric_money_totals_get_nth (const RubricMoneyTotals *self,
                             guint                    i,
                             gint64                  *minor)
{
  g_return_val_if_fail (i < self->sums->len, NULL);

  if (minor != NULL)
    *minor = g_array_index (self->sums, Sum, i).minor;
  return g_array_index (self->sums, Sum, i).code;
}

/**
 * rubric_money_totals_to_json:
 *
 * Returns: (transfer full): {"USD": "12.50", "JPY": "1500"}: decimal
 *   strings, which say the amount exactly as a JSON number could not
 */
json_object *
rubric_money_totals_to_json (const RubricMoneyTotals *self)
{
  json_object *object = json_object_new_object ();

  for (guint i = 0; i < self->sums->len; i++)
    {
      const Sum *sum = &g_array_index (self->sums, Sum, i);
      g_autofree char *amount = rubric_money_format (sum->minor, sum->code);

      json_object_object_add (object, sum->code, json_object_new_string (amount));
    }
  return object;
}

/**
 * rubric_money_totals_to_text:
 *
 * Returns: (transfer full): "12.50 USD, 1500 JPY", or "" for no money
 */
char *
rubric_money_totals_to_text (const RubricMoneyTotals *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->sums->len; i++)
    {
      const Sum *sum = &g_array_index (self->sums, Sum, i);
      g_autofree char *amount = rubric_money_format_with_code (sum->minor, sum->code);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", amount);
    }
  return g_string_free (text, FALSE);
}
