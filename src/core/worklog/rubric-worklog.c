/* rubric-worklog.c — activity from the app, and the sets' payers and rates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "../rubric-error.h"
#include "rubric-worklog-private.h"

static const char *rate_kinds[] = {
  [RUBRIC_RATE_NONE] = "none",
  [RUBRIC_RATE_HOURLY] = "hourly",
  [RUBRIC_RATE_PER_TASK] = "per_task",
  [RUBRIC_RATE_AMOUNT] = "amount",
};

static const char *tax_forms[] = {
  [RUBRIC_TAX_FORM_NONE] = "none",
  [RUBRIC_TAX_FORM_1099_NEC] = "1099-NEC",
  [RUBRIC_TAX_FORM_1099_K] = "1099-K",
};

const char *
rubric_rate_kind_to_string (RubricRateKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (rate_kinds), NULL);
  return rate_kinds[kind];
}

/* The index of @text in @names, or -1. */
static int
name_index (const char * const *names,
            guint               n_names,
            const char         *text)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        return i;
    }
  return -1;
}

gboolean
rubric_rate_kind_from_string (const char     *text,
                              RubricRateKind *kind)
{
  int i = name_index (rate_kinds, G_N_ELEMENTS (rate_kinds), text);

  if (i >= 0)
    *kind = i;
  return i >= 0;
}

const char *
rubric_tax_form_to_string (RubricTaxForm form)
{
  g_return_val_if_fail (form < G_N_ELEMENTS (tax_forms), NULL);
  return tax_forms[form];
}

gboolean
rubric_tax_form_from_string (const char    *text,
                             RubricTaxForm *form)
{
  int i = name_index (tax_forms, G_N_ELEMENTS (tax_forms), text);

  if (i >= 0)
    *form = i;
  return i >= 0;
}

/**
 * rubric_rate_init:
 * @amount: (nullable): the amount as a person writes it ("12.50");
 *   %NULL for %RUBRIC_RATE_NONE
 * @currency: (nullable): an ISO 4217 code, in any case; %NULL for none
 *
 * Fills @rate from what a person typed, or says what is wrong with it.
 */
gboolean
rubric_rate_init (RubricRate      *rate,
                  RubricRateKind   kind,
                  const char      *amount,
                  const char      *currency,
                  GError         **error)
{
  memset (rate, 0, sizeof *rate);
  rate->kind = kind;
  if (kind == RUBRIC_RATE_NONE)
    return TRUE;
  return rubric_currency_normalize (currency, rate->currency, error) &&
         rubric_money_parse (amount, rate->currency, &rate->amount, error);
}

/**
 * rubric_rate_to_text:
 *
 * Returns: (transfer full): "20.00 USD/h", "1.50 USD/task", "50.00 USD"
 *   or "no rate"
 */
char *
rubric_rate_to_text (const RubricRate *rate)
{
  g_autofree char *amount = NULL;

  if (rate->kind == RUBRIC_RATE_NONE)
    return g_strdup (_("no rate"));
  amount = rubric_money_format_with_code (rate->amount, rate->currency);
  switch (rate->kind)
    {
    case RUBRIC_RATE_HOURLY:
      return g_strdup_printf (_("%s/h"), amount);
    case RUBRIC_RATE_PER_TASK:
      return g_strdup_printf (_("%s/task"), amount);
    case RUBRIC_RATE_AMOUNT:
    case RUBRIC_RATE_NONE:
    default:
      return g_steal_pointer (&amount);
    }
}

/* A write of its own, or a part of the caller's transaction: the app
 * may record activity while it saves. */
gboolean
_rubric_worklog_begin (RubricStore  *store,
                       gboolean     *nested,
                       GError      **error)
{
  *nested = !sqlite3_get_autocommit (_rubric_store_get_db (store));
  return _rubric_store_exec (store, *nested ? "SAVEPOINT worklog" : "BEGIN IMMEDIATE", error);
}

gboolean
_rubric_worklog_commit (RubricStore  *store,
                        gboolean      nested,
                        GError      **error)
{
  return _rubric_store_exec (store, nested ? "RELEASE worklog" : "COMMIT", error);
}

void
_rubric_worklog_rollback (RubricStore *store,
                          gboolean     nested)
{
  if (nested)
    _rubric_store_exec (store, "ROLLBACK TO worklog; RELEASE worklog", NULL);
  else
    rubric_store_rollback (store);
}

/* Runs a statement that returns no rows. */
gboolean
_rubric_worklog_step_done (RubricStore   *store,
                           sqlite3_stmt  *stmt,
                           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

char *
_rubric_worklog_column_dup (sqlite3_stmt *stmt,
                            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

/* A rate from three columns: kind, amount, currency. */
void
_rubric_worklog_read_rate (sqlite3_stmt *stmt,
                           int           column,
                           RubricRate   *rate)
{
  const char *kind = (const char *) sqlite3_column_text (stmt, column);
  const char *currency = (const char *) sqlite3_column_text (stmt, column + 2);

  memset (rate, 0, sizeof *rate);
  if (!rubric_rate_kind_from_string (kind, &rate->kind))
    rate->kind = RUBRIC_RATE_NONE;
  rate->amount = sqlite3_column_int64 (stmt, column + 1);
  g_strlcpy (rate->currency, currency != NULL ? currency : "", sizeof rate->currency);
}

void
_rubric_worklog_bind_rate (sqlite3_stmt     *stmt,
                           int               column,
                           const RubricRate *rate)
{
  sqlite3_bind_text (stmt, column, rubric_rate_kind_to_string (rate->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, column + 1, rate->kind == RUBRIC_RATE_NONE ? 0 : rate->amount);
  sqlite3_bind_text (stmt, column + 2, rate->kind == RUBRIC_RATE_NONE ? "" : rate->currency, -1, SQLITE_TRANSIENT);
}

gboolean
_rubric_worklog_check_rate (const RubricRate  *rate,
                            gboolean           for_set,
                            GError           **error)
{
  if (for_set ? rate->kind == RUBRIC_RATE_AMOUNT : rate->kind == RUBRIC_RATE_PER_TASK)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                           for_set ? _("a set is paid by the hour or per task, not a fixed amount")
                                   : _("a manual entry is paid by the hour or a fixed amount, not per task"));
      return FALSE;
    }
  if (rate->kind == RUBRIC_RATE_NONE)
    return TRUE;
  if (!rubric_currency_lookup (rate->currency, NULL))
    {
      char ignored[RUBRIC_CURRENCY_LEN];

      return rubric_currency_normalize (rate->currency, ignored, error);
    }
  if (rate->amount < 0 || rate->amount > RUBRIC_MONEY_MAX)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                           rate->amount < 0 ? _("amounts cannot be negative") : _("too large an amount"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_rubric_worklog_check_text (const char  *what,
                            const char  *text,
                            gsize        max,
                            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: not valid UTF-8"), what);
      return FALSE;
    }
  if (text != NULL && g_utf8_strlen (text, -1) > (glong) max)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: longer than %zu characters"), what, max);
      return FALSE;
    }
  return TRUE;
}

/* What @seconds of work and @n_tasks earn at @rate, in minor units. */
gboolean
_rubric_worklog_earn (const RubricRate  *rate,
                      gint64             seconds,
                      guint              n_tasks,
                      gint64            *earned,
                      GError           **error)
{
  switch (rate->kind)
    {
    case RUBRIC_RATE_HOURLY:
      return rubric_money_per_hour (rate->amount, seconds, earned, error);
    case RUBRIC_RATE_PER_TASK:
      return rubric_money_times (rate->amount, n_tasks, earned, error);
    case RUBRIC_RATE_AMOUNT:
      *earned = rate->amount;
      return TRUE;
    case RUBRIC_RATE_NONE:
    default:
      *earned = 0;
      return TRUE;
    }
}

/**
 * _rubric_worklog_pick_rate:
 * @rates: a set's rates, by effective_from
 *
 * Returns: the index of the rate in effect at @time: the latest that
 *   took effect at or before it, else the first (work done before a
 *   rate was given); -1 when there is none
 */
int
_rubric_worklog_pick_rate (GPtrArray *rates,
                           gint64     time)
{
  int picked = rates->len > 0 ? 0 : -1;

  for (guint i = 1; i < rates->len; i++)
    {
      RubricSetRate *rate = g_ptr_array_index (rates, i);

      if (rate->effective_from <= time)
        picked = i;
    }
  return picked;
}

#define RATE_COLUMNS \
  "SELECT r.id, coalesce (w.set_id, 0), coalesce (s.name, w.name), r.payer, r.rate_kind, r.amount_minor," \
  " r.currency, r.effective_from" \
  " FROM set_rates r JOIN work_sets w ON w.id = r.work_set LEFT JOIN task_sets s ON s.id = w.set_id"

static RubricSetRate *
read_set_rate (sqlite3_stmt *stmt)
{
  RubricSetRate *rate = g_new0 (RubricSetRate, 1);

  rate->id = sqlite3_column_int64 (stmt, 0);
  rate->set_id = sqlite3_column_int64 (stmt, 1);
  rate->set_name = _rubric_worklog_column_dup (stmt, 2);
  rate->payer = _rubric_worklog_column_dup (stmt, 3);
  _rubric_worklog_read_rate (stmt, 4, &rate->rate);
  rate->effective_from = sqlite3_column_int64 (stmt, 7);
  return rate;
}

static GPtrArray *
read_set_rates (RubricStore   *store,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) rates = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_set_rate_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rates, read_set_rate (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rubric_store_fail (store, error);
      return NULL;
    }
  return g_steal_pointer (&rates);
}

/* A work set's rates, by effective_from. */
GPtrArray *
_rubric_worklog_read_rates (RubricStore  *store,
                            gint64        work_set,
                            GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, RATE_COLUMNS " WHERE r.work_set = ?1 ORDER BY r.effective_from",
                                              error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, work_set);
  return read_set_rates (store, stmt, error);
}

/**
 * _rubric_worklog_work_set_for:
 *
 * Returns: the log's own row for a task set, made the first time the
 *   log meets the set; 0 with @error set when there is no such set
 */
gint64
_rubric_worklog_work_set_for (RubricStore  *store,
                              gint64        set_id,
                              GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO work_sets (set_id, name)"
                                              " SELECT id, name FROM task_sets WHERE id = ?1"
                                              " ON CONFLICT (set_id) DO NOTHING",
                                              error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, set_id);
  if (!_rubric_worklog_step_done (store, stmt, error))
    return 0;
  stmt = _rubric_store_prepare (store, "SELECT id FROM work_sets WHERE set_id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, set_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id == 0)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("There is no task set %lld in the workspace"),
                 (long long) set_id);
  return id;
}

/* Extends the annotator's latest span when it is of the same set and
 * ended just before: one stretch of work stays one row, however often
 * the app accounts for it. */
static gboolean
extend_latest (RubricStore  *store,
               const char   *annotator,
               gint64        work_set,
               gint64        task_id,
               gint64        started_at,
               gint64        ended_at,
               gint64        active_ms,
               gboolean     *extended,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT id, work_set, started_at, ended_at FROM work_spans"
                                              " WHERE annotator = ?1 ORDER BY ended_at DESC, id DESC LIMIT 1",
                                              error);
  gint64 span = 0;

  *extended = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) == work_set &&
      started_at >= sqlite3_column_int64 (stmt, 2) &&
      started_at - sqlite3_column_int64 (stmt, 3) < RUBRIC_WORKLOG_SPAN_JOIN_MS)
    span = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (span == 0)
    return TRUE;
  stmt = _rubric_store_prepare (store,
                                "UPDATE work_spans SET ended_at = max (ended_at, ?2), active_ms = active_ms + ?3,"
                                " task_id = ?4 WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, span);
  sqlite3_bind_int64 (stmt, 2, ended_at);
  sqlite3_bind_int64 (stmt, 3, active_ms);
  sqlite3_bind_int64 (stmt, 4, task_id);
  *extended = TRUE;
  return _rubric_worklog_step_done (store, stmt, error);
}

static gboolean
insert_span (RubricStore  *store,
             const char   *annotator,
             gint64        work_set,
             gint64        task_id,
             gint64        started_at,
             gint64        ended_at,
             gint64        active_ms,
             GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO work_spans (annotator, work_set, task_id, started_at,"
                                              " ended_at, active_ms) VALUES (?1, ?2, nullif (?3, 0), ?4, ?5, ?6)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, work_set);
  sqlite3_bind_int64 (stmt, 3, task_id);
  sqlite3_bind_int64 (stmt, 4, started_at);
  sqlite3_bind_int64 (stmt, 5, ended_at);
  sqlite3_bind_int64 (stmt, 6, active_ms);
  return _rubric_worklog_step_done (store, stmt, error);
}

/**
 * rubric_worklog_record_activity:
 * @annotator: who worked
 * @set_id: the task set worked on
 * @task_id: the task (a row id), 0 if none; kept as a note
 * @started_at: when the stretch of work began, in milliseconds since the epoch
 * @ended_at: when it ended
 * @active_ms: how much of it was active (idle time excluded)
 *
 * Accounts a stretch of active time. Call it whenever the app accounts
 * for time: when the person goes idle, changes task or the work is
 * saved. It extends the annotator's latest span when that is of the
 * same set and ended less than %RUBRIC_WORKLOG_SPAN_JOIN_MS before
 * @started_at, else starts a new span. A stretch that ends before it
 * starts (a clock set back) is refused with %RUBRIC_ERROR_INVALID.
 * Inside the caller's transaction it is a part of it.
 */
gboolean
rubric_worklog_record_activity (RubricStore  *store,
                                const char   *annotator,
                                gint64        set_id,
                                gint64        task_id,
                                gint64        started_at,
                                gint64        ended_at,
                                gint64        active_ms,
                                GError      **error)
{
  gboolean nested;
  gboolean extended;
  gint64 work_set;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (annotator != NULL && *annotator != '\0', FALSE);
  g_return_val_if_fail (active_ms >= 0, FALSE);

  if (ended_at < started_at)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                           _("The work ends before it starts (was the clock set back?); it was not logged"));
      return FALSE;
    }
  if (!_rubric_worklog_begin (store, &nested, error))
    return FALSE;
  if ((work_set = _rubric_worklog_work_set_for (store, set_id, error)) == 0 ||
      !extend_latest (store, annotator, work_set, task_id, started_at, ended_at, active_ms, &extended, error) ||
      (!extended && !insert_span (store, annotator, work_set, task_id, started_at, ended_at, active_ms, error)) ||
      !_rubric_worklog_commit (store, nested, error))
    {
      _rubric_worklog_rollback (store, nested);
      return FALSE;
    }
  return TRUE;
}

gboolean
_rubric_worklog_add_rate (RubricStore       *store,
                          gint64             work_set,
                          const char        *payer,
                          const RubricRate  *rate,
                          gint64             effective_from,
                          GError           **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO set_rates (work_set, payer, rate_kind, amount_minor,"
                                              " currency, effective_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                              " ON CONFLICT (work_set, effective_from) DO UPDATE SET"
                                              " payer = excluded.payer, rate_kind = excluded.rate_kind,"
                                              " amount_minor = excluded.amount_minor, currency = excluded.currency",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, work_set);
  sqlite3_bind_text (stmt, 2, payer, -1, SQLITE_TRANSIENT);
  _rubric_worklog_bind_rate (stmt, 3, rate);
  sqlite3_bind_int64 (stmt, 6, effective_from);
  return _rubric_worklog_step_done (store, stmt, error);
}

/**
 * rubric_worklog_set_rate:
 * @payer: the platform or client that pays for the set's work
 * @rate: hourly, per task or none
 * @effective_from: from when, in milliseconds since the epoch: usually
 *   now. A rate given before for the same moment is replaced.
 *
 * Gives a set a payer and a rate from @effective_from on. Sessions that
 * began before keep the rate they had; the first rate a set is given
 * also prices the work done before it.
 */
gboolean
rubric_worklog_set_rate (RubricStore       *store,
                         gint64             set_id,
                         const char        *payer,
                         const RubricRate  *rate,
                         gint64             effective_from,
                         GError           **error)
{
  gboolean nested;
  gint64 work_set;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (payer != NULL && rate != NULL, FALSE);

  if (!_rubric_worklog_check_text (_("payer"), payer, RUBRIC_WORKLOG_NAME_MAX, error) ||
      !_rubric_worklog_check_rate (rate, TRUE, error))
    return FALSE;
  if (!_rubric_worklog_begin (store, &nested, error))
    return FALSE;
  if ((work_set = _rubric_worklog_work_set_for (store, set_id, error)) == 0 ||
      !_rubric_worklog_add_rate (store, work_set, payer, rate, effective_from, error) ||
      !_rubric_worklog_commit (store, nested, error))
    {
      _rubric_worklog_rollback (store, nested);
      return FALSE;
    }
  return TRUE;
}

/**
 * rubric_worklog_list_rates:
 * @set_id: a task set, or 0 for every set the log knows, purged ones
 *   and those of an imported log included
 *
 * Returns: (transfer container) (element-type RubricSetRate): the
 *   rates, set by set, each set's oldest first
 */
GPtrArray *
rubric_worklog_list_rates (RubricStore  *store,
                           gint64        set_id,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  stmt = _rubric_store_prepare (store, RATE_COLUMNS " WHERE ?1 = 0 OR w.set_id = ?1"
                                " ORDER BY r.work_set, r.effective_from", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, set_id);
  return read_set_rates (store, stmt, error);
}

/**
 * rubric_worklog_get_rate_at:
 *
 * Returns: (transfer full) (nullable): the payer and rate a session of
 *   the set that starts at @time is paid at; %NULL, without an error,
 *   when the set has none
 */
RubricSetRate *
rubric_worklog_get_rate_at (RubricStore  *store,
                            gint64        set_id,
                            gint64        time,
                            GError      **error)
{
  g_autoptr(GPtrArray) rates = rubric_worklog_list_rates (store, set_id, error);
  int picked;

  if (rates == NULL || (picked = _rubric_worklog_pick_rate (rates, time)) < 0)
    return NULL;
  return g_ptr_array_steal_index (rates, picked);
}

void
rubric_set_rate_free (RubricSetRate *self)
{
  if (self == NULL)
    return;
  g_free (self->set_name);
  g_free (self->payer);
  g_free (self);
}

void
rubric_log_timer_free (RubricLogTimer *self)
{
  if (self == NULL)
    return;
  g_free (self->platform);
  g_free (self->note);
  g_free (self);
}

void
rubric_log_item_free (RubricLogItem *self)
{
  if (self == NULL)
    return;
  g_free (self->set_name);
  g_free (self->annotator);
  g_free (self->platform);
  g_free (self->note);
  g_free (self);
}
