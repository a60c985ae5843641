/* rubric-worklog-entries.c — manual entries, the timer and payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "../rubric-error.h"
#include "rubric-worklog-private.h"

#define ENTRY_COLUMNS \
  "SELECT id, day, coalesce (started_at, 0), coalesce (ended_at, 0), duration_ms, platform, rate_kind," \
  " amount_minor, currency, note, created_at, updated_at FROM log_entries"

#define PAYMENT_COLUMNS \
  "SELECT id, day, payer, processor, gross_minor, fees_minor, net_minor, currency, form, note, created_at" \
  " FROM payments"

static gboolean
fail_invalid (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_times (const RubricLogEntry  *entry,
             GError               **error)
{
  if ((entry->started_at == 0) != (entry->ended_at == 0))
    return fail_invalid (error, _("an entry has both a start and an end, or neither"));
  if (entry->started_at != 0 && entry->ended_at <= entry->started_at)
    return fail_invalid (error, _("the end is not after the start"));
  if (entry->started_at != 0 && entry->duration_ms != entry->ended_at - entry->started_at)
    return fail_invalid (error, _("the duration is not the time from start to end"));
  if (entry->duration_ms <= 0)
    return fail_invalid (error, _("the time worked must be more than nothing"));
  if (entry->duration_ms > RUBRIC_WORKLOG_MAX_ENTRY_MS)
    return fail_invalid (error, _("an entry cannot be longer than 31 days"));
  return TRUE;
}

/**
 * rubric_log_entry_check:
 *
 * Says what is wrong with a manual entry, if anything: a day that is
 * not one, an end before the start, no time worked, a rate per task, a
 * negative amount, an unknown currency, text that is not UTF-8.
 */
gboolean
rubric_log_entry_check (const RubricLogEntry  *entry,
                        GError               **error)
{
  GDate day;

  return rubric_worklog_parse_day (entry->day, &day, error) &&
         check_times (entry, error) &&
         _rubric_worklog_check_text (_("platform"), entry->platform, RUBRIC_WORKLOG_NAME_MAX, error) &&
         _rubric_worklog_check_text (_("note"), entry->note, RUBRIC_WORKLOG_NOTE_MAX, error) &&
         _rubric_worklog_check_rate (&entry->rate, FALSE, error);
}

static void
bind_entry (sqlite3_stmt         *stmt,
            const RubricLogEntry *entry,
            gint64                now)
{
  sqlite3_bind_text (stmt, 1, entry->day, -1, SQLITE_TRANSIENT);
  if (entry->started_at != 0)
    {
      sqlite3_bind_int64 (stmt, 2, entry->started_at / 1000 * 1000);
      sqlite3_bind_int64 (stmt, 3, entry->ended_at / 1000 * 1000);
      sqlite3_bind_int64 (stmt, 4, entry->ended_at / 1000 * 1000 - entry->started_at / 1000 * 1000);
    }
  else
    sqlite3_bind_int64 (stmt, 4, entry->duration_ms / 1000 * 1000);
  sqlite3_bind_text (stmt, 5, entry->platform != NULL ? entry->platform : "", -1, SQLITE_TRANSIENT);
  _rubric_worklog_bind_rate (stmt, 6, &entry->rate);
  sqlite3_bind_text (stmt, 9, entry->note != NULL ? entry->note : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, now);
}

/* The log counts whole seconds: a duration under one is none. */
static gboolean
check_entry (const RubricLogEntry  *entry,
             GError               **error)
{
  if (!rubric_log_entry_check (entry, error))
    return FALSE;
  if ((entry->started_at != 0 ? entry->ended_at / 1000 - entry->started_at / 1000 : entry->duration_ms / 1000) <= 0)
    return fail_invalid (error, _("the time worked must be a second or more"));
  return TRUE;
}

/**
 * rubric_worklog_add_entry:
 *
 * Adds a manual entry (its id, created_at and updated_at are ignored),
 * times cut to whole seconds.
 *
 * Returns: its id, or 0 with @error set
 */
gint64
rubric_worklog_add_entry (RubricStore           *store,
                          const RubricLogEntry  *entry,
                          GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), 0);
  g_return_val_if_fail (entry != NULL, 0);

  if (!check_entry (entry, error))
    return 0;
  stmt = _rubric_store_prepare (store,
                                "INSERT INTO log_entries (day, started_at, ended_at, duration_ms, platform, rate_kind,"
                                " amount_minor, currency, note, created_at, updated_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                                error);
  if (stmt == NULL)
    return 0;
  bind_entry (stmt, entry, g_get_real_time () / 1000);
  if (!_rubric_worklog_step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_rubric_store_get_db (store));
}

/* After an update or a delete by id: whether it found its row. */
static gboolean
fail_no_row (RubricStore  *store,
             gboolean      payment,
             gint64        id,
             GError      **error)
{
  if (sqlite3_changes (_rubric_store_get_db (store)) > 0)
    return TRUE;
  if (payment)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("There is no payment %lld in the log"), (long long) id);
  else
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND,
                 _("There is no manual entry %lld in the log"), (long long) id);
  return FALSE;
}

/**
 * rubric_worklog_update_entry:
 *
 * Replaces the manual entry of id entry->id with @entry.
 */
gboolean
rubric_worklog_update_entry (RubricStore           *store,
                             const RubricLogEntry  *entry,
                             GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  if (!check_entry (entry, error))
    return FALSE;
  stmt = _rubric_store_prepare (store,
                                "UPDATE log_entries SET day = ?1, started_at = ?2, ended_at = ?3, duration_ms = ?4,"
                                " platform = ?5, rate_kind = ?6, amount_minor = ?7, currency = ?8, note = ?9,"
                                " updated_at = ?10 WHERE id = ?11",
                                error);
  if (stmt == NULL)
    return FALSE;
  bind_entry (stmt, entry, g_get_real_time () / 1000);
  sqlite3_bind_int64 (stmt, 11, entry->id);
  return _rubric_worklog_step_done (store, stmt, error) &&
         fail_no_row (store, FALSE, entry->id, error);
}

gboolean
rubric_worklog_delete_entry (RubricStore  *store,
                             gint64        id,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  stmt = _rubric_store_prepare (store, "DELETE FROM log_entries WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _rubric_worklog_step_done (store, stmt, error) &&
         fail_no_row (store, FALSE, id, error);
}

static RubricLogEntry *
read_entry (sqlite3_stmt *stmt)
{
  RubricLogEntry *entry = g_new0 (RubricLogEntry, 1);
  const char *day = (const char *) sqlite3_column_text (stmt, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (entry->day, day != NULL ? day : "", sizeof entry->day);
  entry->started_at = sqlite3_column_int64 (stmt, 2);
  entry->ended_at = sqlite3_column_int64 (stmt, 3);
  entry->duration_ms = sqlite3_column_int64 (stmt, 4);
  entry->platform = _rubric_worklog_column_dup (stmt, 5);
  _rubric_worklog_read_rate (stmt, 6, &entry->rate);
  entry->note = _rubric_worklog_column_dup (stmt, 9);
  entry->created_at = sqlite3_column_int64 (stmt, 10);
  entry->updated_at = sqlite3_column_int64 (stmt, 11);
  return entry;
}

/**
 * rubric_worklog_get_entry:
 *
 * Returns: (transfer full): the manual entry, or %NULL with @error set
 *   (%RUBRIC_ERROR_NOT_FOUND when there is none of that id)
 */
RubricLogEntry *
rubric_worklog_get_entry (RubricStore  *store,
                          gint64        id,
                          GError      **error)
{
  sqlite3_stmt *stmt;
  RubricLogEntry *entry = NULL;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  stmt = _rubric_store_prepare (store, ENTRY_COLUMNS " WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = read_entry (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _rubric_store_fail (store, error);
  else if (entry == NULL)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("There is no manual entry %lld in the log"),
                 (long long) id);
  return entry;
}

/**
 * _rubric_worklog_read_entries:
 *
 * The manual entries of the days from @from_day to @to_day (either
 * %NULL for no bound), by day and id.
 */
GPtrArray *
_rubric_worklog_read_entries (RubricStore  *store,
                              const char   *from_day,
                              const char   *to_day,
                              GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_log_entry_free);
  sqlite3_stmt *stmt = _rubric_store_prepare (store, ENTRY_COLUMNS " WHERE day >= ?1 AND day <= ?2 ORDER BY day, id",
                                              error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from_day != NULL ? from_day : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_day != NULL ? to_day : "9999-99-99", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, read_entry (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rubric_store_fail (store, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

void
rubric_log_entry_clear (RubricLogEntry *self)
{
  g_clear_pointer (&self->platform, g_free);
  g_clear_pointer (&self->note, g_free);
}

void
rubric_log_entry_free (RubricLogEntry *self)
{
  if (self == NULL)
    return;
  rubric_log_entry_clear (self);
  g_free (self);
}

/**
 * rubric_payment_check:
 *
 * Says what is wrong with a payment, if anything: net must be gross
 * minus fees, none of them negative.
 */
gboolean
rubric_payment_check (const RubricPayment  *payment,
                      GError              **error)
{
  GDate day;
  char ignored[RUBRIC_CURRENCY_LEN];

  if (!rubric_worklog_parse_day (payment->day, &day, error) ||
      !rubric_currency_normalize (payment->currency, ignored, error) ||
      !_rubric_worklog_check_text (_("payer"), payment->payer, RUBRIC_WORKLOG_NAME_MAX, error) ||
      !_rubric_worklog_check_text (_("processor"), payment->processor, RUBRIC_WORKLOG_NAME_MAX, error) ||
      !_rubric_worklog_check_text (_("note"), payment->note, RUBRIC_WORKLOG_NOTE_MAX, error))
    return FALSE;
  if (payment->payer == NULL || *payment->payer == '\0')
    return fail_invalid (error, _("a payment needs its payer"));
  if (payment->gross < 0 || payment->fees < 0 || payment->net < 0)
    return fail_invalid (error, _("amounts cannot be negative"));
  if (payment->gross > RUBRIC_MONEY_MAX)
    return fail_invalid (error, _("too large an amount"));
  if (payment->fees > payment->gross)
    return fail_invalid (error, _("the fees are more than the gross amount"));
  if (payment->net != payment->gross - payment->fees)
    return fail_invalid (error, _("net must be gross minus fees"));
  if (payment->form > RUBRIC_TAX_FORM_1099_K)
    return fail_invalid (error, _("the form must be 1099-NEC, 1099-K or none"));
  return TRUE;
}

/**
 * rubric_worklog_add_payment:
 *
 * Records a payment received (its id and created_at are ignored).
 *
 * Returns: its id, or 0 with @error set
 */
gint64
rubric_worklog_add_payment (RubricStore          *store,
                            const RubricPayment  *payment,
                            GError              **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), 0);
  g_return_val_if_fail (payment != NULL, 0);

  if (!rubric_payment_check (payment, error))
    return 0;
  stmt = _rubric_store_prepare (store,
                                "INSERT INTO payments (day, payer, processor, gross_minor, fees_minor, net_minor,"
                                " currency, form, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, payment->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, payment->payer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, payment->processor != NULL ? payment->processor : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, payment->gross);
  sqlite3_bind_int64 (stmt, 5, payment->fees);
  sqlite3_bind_int64 (stmt, 6, payment->net);
  sqlite3_bind_text (stmt, 7, payment->currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, rubric_tax_form_to_string (payment->form), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, payment->note != NULL ? payment->note : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time () / 1000);
  if (!_rubric_worklog_step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_rubric_store_get_db (store));
}

gboolean
rubric_worklog_delete_payment (RubricStore  *store,
                               gint64        id,
                               GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  stmt = _rubric_store_prepare (store, "DELETE FROM payments WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _rubric_worklog_step_done (store, stmt, error) &&
         fail_no_row (store, TRUE, id, error);
}

static RubricPayment *
read_payment (sqlite3_stmt *stmt)
{
  RubricPayment *payment = g_new0 (RubricPayment, 1);
  const char *day = (const char *) sqlite3_column_text (stmt, 1);
  const char *currency = (const char *) sqlite3_column_text (stmt, 7);

  payment->id = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (payment->day, day != NULL ? day : "", sizeof payment->day);
  payment->payer = _rubric_worklog_column_dup (stmt, 2);
  payment->processor = _rubric_worklog_column_dup (stmt, 3);
  payment->gross = sqlite3_column_int64 (stmt, 4);
  payment->fees = sqlite3_column_int64 (stmt, 5);
  payment->net = sqlite3_column_int64 (stmt, 6);
  g_strlcpy (payment->currency, currency != NULL ? currency : "", sizeof payment->currency);
  if (!rubric_tax_form_from_string ((const char *) sqlite3_column_text (stmt, 8), &payment->form))
    payment->form = RUBRIC_TAX_FORM_NONE;
  payment->note = _rubric_worklog_column_dup (stmt, 9);
  payment->created_at = sqlite3_column_int64 (stmt, 10);
  return payment;
}

/**
 * rubric_worklog_list_payments:
 * @query: (nullable): the days to list (its annotator is not used)
 *
 * Returns: (transfer container) (element-type RubricPayment): the
 *   payments received, by day
 */
GPtrArray *
rubric_worklog_list_payments (RubricStore           *store,
                              const RubricLogQuery  *query,
                              GError               **error)
{
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_payment_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  stmt = _rubric_store_prepare (store, PAYMENT_COLUMNS " WHERE day >= ?1 AND day <= ?2 ORDER BY day, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, query != NULL && query->from_day != NULL ? query->from_day : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, query != NULL && query->to_day != NULL ? query->to_day : "9999-99-99", -1,
                     SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (payments, read_payment (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rubric_store_fail (store, error);
      return NULL;
    }
  return g_steal_pointer (&payments);
}

void
rubric_payment_clear (RubricPayment *self)
{
  g_clear_pointer (&self->payer, g_free);
  g_clear_pointer (&self->processor, g_free);
  g_clear_pointer (&self->note, g_free);
}

void
rubric_payment_free (RubricPayment *self)
{
  if (self == NULL)
    return;
  rubric_payment_clear (self);
  g_free (self);
}

/**
 * rubric_worklog_timer_get:
 *
 * Returns: (transfer full) (nullable): the running timer; %NULL,
 *   without an error, when none runs
 */
RubricLogTimer *
rubric_worklog_timer_get (RubricStore  *store,
                          GError      **error)
{
  sqlite3_stmt *stmt;
  RubricLogTimer *timer = NULL;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  stmt = _rubric_store_prepare (store, "SELECT started_at, platform, note FROM log_timer", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      timer = g_new0 (RubricLogTimer, 1);
      timer->started_at = sqlite3_column_int64 (stmt, 0);
      timer->platform = _rubric_worklog_column_dup (stmt, 1);
      timer->note = _rubric_worklog_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _rubric_store_fail (store, error);
  return timer;
}

static gboolean
fail_running (RubricLogTimer  *timer,
              GError         **error)
{
  g_autoptr(GDateTime) local = _rubric_worklog_local (timer->started_at);
  g_autofree char *since = g_date_time_format (local, "%Y-%m-%d %H:%M");

  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT, _("A timer has run since %s; stop it first"), since);
  return FALSE;
}

/**
 * rubric_worklog_timer_start:
 * @platform: (nullable): where the work is done
 * @note: (nullable)
 * @started_at: now, or when the work began
 *
 * Starts the timer; there is only one, and starting it again while it
 * runs is refused with %RUBRIC_ERROR_CONFLICT.
 */
gboolean
rubric_worklog_timer_start (RubricStore  *store,
                            const char   *platform,
                            const char   *note,
                            gint64        started_at,
                            GError      **error)
{
  g_autoptr(RubricLogTimer) running = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  if (!_rubric_worklog_check_text (_("platform"), platform, RUBRIC_WORKLOG_NAME_MAX, error) ||
      !_rubric_worklog_check_text (_("note"), note, RUBRIC_WORKLOG_NOTE_MAX, error))
    return FALSE;
  if ((running = rubric_worklog_timer_get (store, &local_error)) != NULL)
    return fail_running (running, error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  stmt = _rubric_store_prepare (store, "INSERT INTO log_timer (id, started_at, platform, note) VALUES (1, ?1, ?2, ?3)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, started_at / 1000 * 1000);
  sqlite3_bind_text (stmt, 2, platform != NULL ? platform : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, note != NULL ? note : "", -1, SQLITE_TRANSIENT);
  return _rubric_worklog_step_done (store, stmt, error);
}

/* The timer's entry, and the timer gone, in one transaction. */
static gint64
stop_timer (RubricStore       *store,
            RubricLogTimer    *timer,
            gint64             ended_at,
            const RubricRate  *rate,
            GError           **error)
{
  g_auto(RubricLogEntry) entry = { 0 };
  sqlite3_stmt *stmt;
  gint64 id;

  rubric_worklog_day_of (timer->started_at, entry.day);
  entry.started_at = timer->started_at;
  entry.ended_at = ended_at / 1000 * 1000;
  entry.duration_ms = entry.ended_at - entry.started_at;
  entry.platform = g_strdup (timer->platform);
  entry.note = g_strdup (timer->note);
  if (rate != NULL)
    entry.rate = *rate;
  if (entry.ended_at <= entry.started_at)
    {
      fail_invalid (error, _("The timer stops before it started, or ran less than a second"));
      return 0;
    }
  if ((id = rubric_worklog_add_entry (store, &entry, error)) == 0)
    return 0;
  stmt = _rubric_store_prepare (store, "DELETE FROM log_timer", error);
  return stmt != NULL && _rubric_worklog_step_done (store, stmt, error) ? id : 0;
}

/**
 * rubric_worklog_timer_stop:
 * @ended_at: now, or when the work ended
 * @rate: (nullable): how the time is paid; %NULL for no rate
 *
 * Stops the timer and makes its time a manual entry, on the day it
 * started. With no timer running it fails with %RUBRIC_ERROR_NOT_FOUND.
 *
 * Returns: the new entry's id, or 0 with @error set
 */
gint64
rubric_worklog_timer_stop (RubricStore       *store,
                           gint64             ended_at,
                           const RubricRate  *rate,
                           GError           **error)
{
  g_autoptr(RubricLogTimer) timer = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean nested;
  gint64 id;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), 0);

  if (!_rubric_worklog_begin (store, &nested, error))
    return 0;
  timer = rubric_worklog_timer_get (store, &local_error);
  if (timer == NULL && local_error == NULL)
    g_set_error_literal (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("No timer is running"));
  if (timer == NULL || (id = stop_timer (store, timer, ended_at, rate, &local_error)) == 0 ||
      !_rubric_worklog_commit (store, nested, &local_error))
    {
      _rubric_worklog_rollback (store, nested);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return id;
}

/* What an import of a log needs. */

/* A set that lives in the log only, for the sessions of an imported log. */
gint64
_rubric_worklog_add_detached_set (RubricStore  *store,
                                  const char   *name,
                                  GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "INSERT INTO work_sets (set_id, name) VALUES (NULL, ?1)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!_rubric_worklog_step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_rubric_store_get_db (store));
}

gboolean
_rubric_worklog_add_span (RubricStore  *store,
                          const char   *annotator,
                          gint64        work_set,
                          gint64        started_at,
                          gint64        ended_at,
                          gint64        active_ms,
                          GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO work_spans (annotator, work_set, started_at, ended_at,"
                                              " active_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, work_set);
  sqlite3_bind_int64 (stmt, 3, started_at);
  sqlite3_bind_int64 (stmt, 4, ended_at);
  sqlite3_bind_int64 (stmt, 5, active_ms);
  return _rubric_worklog_step_done (store, stmt, error);
}

/* @n submissions at @submitted_at, for a session of an imported log. */
gboolean
_rubric_worklog_add_submissions (RubricStore  *store,
                                 gint64        work_set,
                                 const char   *annotator,
                                 gint64        submitted_at,
                                 guint         n,
                                 GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO work_submissions (work_set, annotator, submitted_at)"
                                              " VALUES (?1, ?2, ?3)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, 1, work_set);
      sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, submitted_at);
      if (!_rubric_worklog_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Whether the log had, before span @below_id, a span of @annotator over
 * the same time in a set of that name: the same session, imported
 * before or recorded here. */
gboolean
_rubric_worklog_has_span (RubricStore  *store,
                          const char   *annotator,
                          const char   *set_name,
                          gint64        started_at,
                          gint64        ended_at,
                          gint64        below_id,
                          gboolean     *found,
                          GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT 1 FROM work_spans sp JOIN work_sets w ON w.id = sp.work_set"
                                              " LEFT JOIN task_sets s ON s.id = w.set_id"
                                              " WHERE ((sp.started_at < ?4 AND sp.ended_at > ?3)"
                                              "        OR (sp.started_at = ?3 AND sp.ended_at = ?4))"
                                              " AND sp.annotator = ?1 AND coalesce (s.name, w.name) = ?2"
                                              " AND sp.id < ?5 LIMIT 1",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, set_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, started_at);
  sqlite3_bind_int64 (stmt, 4, ended_at);
  sqlite3_bind_int64 (stmt, 5, below_id);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

/* Whether an entry of id below @below_id is the same as @entry. */
gboolean
_rubric_worklog_has_entry (RubricStore           *store,
                           const RubricLogEntry  *entry,
                           gint64                 below_id,
                           gboolean              *found,
                           GError               **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT 1 FROM log_entries WHERE day = ?1"
                                              " AND coalesce (started_at, 0) = coalesce (?2, 0)"
                                              " AND coalesce (ended_at, 0) = coalesce (?3, 0) AND duration_ms = ?4"
                                              " AND platform = ?5 AND rate_kind = ?6 AND amount_minor = ?7"
                                              " AND currency = ?8 AND note = ?9 AND ?10 = ?10 AND id < ?11 LIMIT 1",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_entry (stmt, entry, 0);
  sqlite3_bind_int64 (stmt, 11, below_id);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

/* The id the next row of @table ("log_entries" or "work_spans") may
 * take at least: what an import adds is at or above it. */
gint64
_rubric_worklog_next_id (RubricStore  *store,
                         const char   *table,
                         GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) + 1 FROM %s", table);
  sqlite3_stmt *stmt = _rubric_store_prepare (store, sql, error);
  gint64 id = 0;

  if (stmt == NULL || !_rubric_store_step_value (store, stmt, &id, error))
    return -1;
  return id;
}
