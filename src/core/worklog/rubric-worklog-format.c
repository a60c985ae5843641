/* rubric-worklog-format.c — the log and the payments as JSON and as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "../rubric-json.h"
#include "rubric-worklog-export.h"
#include "rubric-worklog-private.h"
#include "rubric-worklog-report.h"

#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

static json_object *
string_or_null (const char *text,
                gboolean    present)
{
  return present ? json_object_new_string (text) : NULL;
}

static json_object *
time_to_json (gint64 time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (time == 0)
    return NULL;
  local = _rubric_worklog_local (time);
  text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  return json_object_new_string (text);
}

static json_object *
money_to_json (gint64            minor,
               const RubricRate *rate,
               gboolean          present)
{
  g_autofree char *text = present ? rubric_money_format (minor, rate->currency) : NULL;

  return string_or_null (text, present);
}

static json_object *
item_to_json (const RubricLogItem *item)
{
  json_object *object = json_object_new_object ();
  gboolean app = item->source == RUBRIC_LOG_SOURCE_APP;

  json_object_object_add (object, "source", json_object_new_string (app ? "app" : "manual"));
  json_object_object_add (object, "id", app ? NULL : json_object_new_int64 (item->id));
  json_object_object_add (object, "date", json_object_new_string (item->day));
  json_object_object_add (object, "start", time_to_json (item->started_at));
  json_object_object_add (object, "end", time_to_json (item->ended_at));
  json_object_object_add (object, "hours", _rubric_worklog_hours_to_json (item->active_ms));
  json_object_object_add (object, "seconds", json_object_new_int64 (item->active_ms / 1000));
  json_object_object_add (object, "platform", json_object_new_string (item->platform));
  json_object_object_add (object, "set", string_or_null (item->set_name, app));
  json_object_object_add (object, "annotator", string_or_null (item->annotator, app));
  json_object_object_add (object, "tasks", app ? json_object_new_int64 (item->n_tasks) : NULL);
  json_object_object_add (object, "rate_kind", json_object_new_string (rubric_rate_kind_to_string (item->rate.kind)));
  json_object_object_add (object, "rate", money_to_json (item->rate.amount, &item->rate, item->priced));
  json_object_object_add (object, "currency", string_or_null (item->rate.currency, item->priced));
  json_object_object_add (object, "earned", money_to_json (item->earned, &item->rate, item->priced));
  json_object_object_add (object, "note", json_object_new_string (item->note));
  return object;
}

/**
 * rubric_worklog_items_to_json:
 * @items: (element-type RubricLogItem)
 *
 * Returns: (transfer full): {"items": [...]}, each with the columns of
 *   the CSV export and the id of a manual entry; what an item does not
 *   have is null
 */
char *
rubric_worklog_items_to_json (GPtrArray *items)
{
  g_autoptr(json_object) root = json_object_new_object ();
  json_object *array = json_object_new_array ();

  for (guint i = 0; i < items->len; i++)
    json_object_array_add (array, item_to_json (g_ptr_array_index (items, i)));
  json_object_object_add (root, "items", array);
  return g_strdup (json_object_to_json_string_ext (root, JSON_FLAGS));
}

/* "09:00-11:30", "23:00-24:00", or "" for a duration only. */
static char *
clock_span (const RubricLogItem *item)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  char end_day[RUBRIC_DAY_LEN];

  if (item->started_at == 0)
    return g_strdup ("");
  start = _rubric_worklog_local (item->started_at);
  end = _rubric_worklog_local (item->ended_at);
  from = g_date_time_format (start, "%H:%M");
  rubric_worklog_day_of (item->ended_at, end_day);
  /* A session's part ends at the midnight that ends its day. */
  to = strcmp (end_day, item->day) > 0 && g_date_time_get_hour (end) == 0 && g_date_time_get_minute (end) == 0
       ? g_strdup ("24:00") : g_date_time_format (end, "%H:%M");
  return g_strdup_printf ("%s-%s", from, to);
}

static char *
item_detail (const RubricLogItem *item)
{
  if (item->source == RUBRIC_LOG_SOURCE_MANUAL)
    return g_strdup (item->note);
  return g_strdup_printf (ngettext ("“%s”, %u task, %s", "“%s”, %u tasks, %s", item->n_tasks),
                          item->set_name, item->n_tasks, item->annotator);
}

static void
append_item (GString             *out,
             const RubricLogItem *item)
{
  g_autofree char *label = item->source == RUBRIC_LOG_SOURCE_APP ? g_strdup (_("app"))
                                                                 : g_strdup_printf ("#%lld", (long long) item->id);
  g_autofree char *clock = clock_span (item);
  g_autofree char *hours = rubric_worklog_format_hours (item->active_ms);
  g_autofree char *rate = rubric_rate_to_text (&item->rate);
  g_autofree char *earned = item->priced ? rubric_money_format_with_code (item->earned, item->rate.currency)
                                         : g_strdup (_("unpriced"));
  g_autofree char *detail = item_detail (item);
  gsize start = out->len;

  g_string_append_printf (out, "  %-6s %-11s %7s h  %-16s %-18s %-16s %s", label, clock, hours,
                          *item->platform != '\0' ? item->platform : "-", rate, earned, detail);
  while (out->len > start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

static gboolean
append_totals (GString   *out,
               GPtrArray *items)
{
  g_autoptr(RubricMoneyTotals) earned = rubric_money_totals_new ();
  g_autofree char *money = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *unpriced = NULL;
  gint64 total_ms = 0;
  gint64 unpriced_ms = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const RubricLogItem *item = g_ptr_array_index (items, i);

      total_ms += item->active_ms;
      if (!item->priced)
        unpriced_ms += item->active_ms;
      else if (!rubric_money_totals_add (earned, item->rate.currency, item->earned, NULL))
        return FALSE;
    }
  money = rubric_money_totals_to_text (earned);
  hours = rubric_worklog_format_hours (total_ms);
  unpriced = rubric_worklog_format_hours (unpriced_ms);
  g_string_append_printf (out, _("Total: %s h; earned %s; %s h unpriced\n"), hours, *money ? money : "—", unpriced);
  return TRUE;
}

/**
 * rubric_worklog_items_to_text:
 * @items: (element-type RubricLogItem)
 *
 * Returns: (transfer full): the items day by day, their totals and the
 *   disclaimer
 */
char *
rubric_worklog_items_to_text (GPtrArray *items)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *day = "";

  if (items->len == 0)
    return g_strdup (_("Nothing logged for these days.\n"));
  for (guint i = 0; i < items->len; i++)
    {
      const RubricLogItem *item = g_ptr_array_index (items, i);

      if (strcmp (item->day, day) != 0)
        g_string_append_printf (out, "%s\n", item->day);
      day = item->day;
      append_item (out, item);
    }
  append_totals (out, items);
  g_string_append_printf (out, "%s\n", rubric_worklog_disclaimer ());
  return g_strdup (out->str);
}

static json_object *
amount_to_json (gint64      minor,
                const char *currency)
{
  g_autofree char *text = rubric_money_format (minor, currency);

  return json_object_new_string (text);
}

static json_object *
payment_to_json (const RubricPayment *payment)
{
  json_object *object = json_object_new_object ();

  json_object_object_add (object, "id", json_object_new_int64 (payment->id));
  json_object_object_add (object, "date", json_object_new_string (payment->day));
  json_object_object_add (object, "payer", json_object_new_string (payment->payer));
  json_object_object_add (object, "processor", json_object_new_string (payment->processor));
  json_object_object_add (object, "gross", amount_to_json (payment->gross, payment->currency));
  json_object_object_add (object, "fees", amount_to_json (payment->fees, payment->currency));
  json_object_object_add (object, "net", amount_to_json (payment->net, payment->currency));
  json_object_object_add (object, "currency", json_object_new_string (payment->currency));
  json_object_object_add (object, "form", json_object_new_string (rubric_tax_form_to_string (payment->form)));
  json_object_object_add (object, "note", json_object_new_string (payment->note));
  return object;
}

/**
 * rubric_worklog_payments_to_json:
 * @payments: (element-type RubricPayment)
 *
 * Returns: (transfer full): {"payments": [{"id", "date", "payer",
 *   "processor", "gross", "fees", "net", "currency", "form", "note"}]},
 *   amounts as decimal strings
 */
char *
rubric_worklog_payments_to_json (GPtrArray *payments)
{
  g_autoptr(json_object) root = json_object_new_object ();
  json_object *array = json_object_new_array ();

  for (guint i = 0; i < payments->len; i++)
    json_object_array_add (array, payment_to_json (g_ptr_array_index (payments, i)));
  json_object_object_add (root, "payments", array);
  return g_strdup (json_object_to_json_string_ext (root, JSON_FLAGS));
}

/**
 * rubric_worklog_payments_to_text:
 * @payments: (element-type RubricPayment)
 *
 * Returns: (transfer full): one payment a line
 */
char *
rubric_worklog_payments_to_text (GPtrArray *payments)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (payments->len == 0)
    return g_strdup (_("No payments recorded for these days.\n"));
  for (guint i = 0; i < payments->len; i++)
    {
      const RubricPayment *payment = g_ptr_array_index (payments, i);
      g_autofree char *gross = rubric_money_format_with_code (payment->gross, payment->currency);
      g_autofree char *fees = rubric_money_format (payment->fees, payment->currency);
      g_autofree char *net = rubric_money_format (payment->net, payment->currency);
      g_autofree char *payer = *payment->processor != '\0'
                               ? g_strdup_printf (_("%s via %s"), payment->payer, payment->processor)
                               : g_strdup (payment->payer);

      g_string_append_printf (out, _("#%lld  %s  %-24s gross %s, fees %s, net %s  form %s  %s\n"),
                              (long long) payment->id, payment->day, payer, gross, fees, net,
                              rubric_tax_form_to_string (payment->form), payment->note);
    }
  return g_strdup (out->str);
}
