/* rubric-worklog-sessions.c — sessions from spans, and the log by day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog"

#include "config.h"

#include <string.h>

#include "../rubric-error.h"
#include "rubric-worklog-private.h"

/* Spans are read from this long before the first day asked for and
 * after the last, so that the sessions on those days are whole. */
#define LEAD_MS (G_GINT64_CONSTANT (2) * 24 * 3600 * 1000)

/* What the log knows of a set: its name, task set and rates. */
typedef struct
{
  char      *name;
  gint64     set_id;
  GPtrArray *rates;
} WorkSet;

/* A span, its times cut to whole seconds. */
typedef struct
{
  gint64 start;
  gint64 end;
  gint64 active_ms;
} Span;

/* The session being read, and what its items are made from. */
typedef struct
{
  RubricStore          *store;
  const RubricLogQuery *query;
  gint64                from_ms;
  gint64                to_ms;
  GHashTable           *sets;         /* work set id → WorkSet */
  GPtrArray            *items;
  char                 *annotator;
  gint64                work_set;
  GArray               *spans;        /* Span */
  GArray               *submitted;    /* gint64, in order: the annotator's submissions to the set */
  gint64                end;          /* of the session so far, in seconds */
} Reader;

/* One day's part of a session. */
typedef struct
{
  gint64 start;      /* seconds */
  gint64 end;
  gint64 active_ms;
  char   day[RUBRIC_DAY_LEN];
} Piece;

static void
work_set_free (WorkSet *self)
{
  g_free (self->name);
  g_clear_pointer (&self->rates, g_ptr_array_unref);
  g_free (self);
}

static WorkSet *
read_work_set (RubricStore  *store,
               gint64        id,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT coalesce (s.name, w.name), coalesce (w.set_id, 0)"
                                              " FROM work_sets w LEFT JOIN task_sets s ON s.id = w.set_id"
                                              " WHERE w.id = ?1",
                                              error);
  WorkSet *set;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  set = g_new0 (WorkSet, 1);
  set->name = rc == SQLITE_ROW ? _rubric_worklog_column_dup (stmt, 0) : g_strdup ("");
  set->set_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 1) : 0;
  sqlite3_reset (stmt);
  if ((rc != SQLITE_ROW && rc != SQLITE_DONE && !_rubric_store_fail (store, error)) ||
      !(set->rates = _rubric_worklog_read_rates (store, id, error)))
    {
      work_set_free (set);
      return NULL;
    }
  return set;
}

static WorkSet *
lookup_work_set (Reader  *reader,
                 GError **error)
{
  WorkSet *set = g_hash_table_lookup (reader->sets, &reader->work_set);
  gint64 *key;

  if (set != NULL)
    return set;
  if (!(set = read_work_set (reader->store, reader->work_set, error)))
    return NULL;
  key = g_new (gint64, 1);
  *key = reader->work_set;
  g_hash_table_insert (reader->sets, key, set);
  return set;
}

/* The annotator's submissions to the set over the whole range read,
 * those of the live set and those kept from a purged or imported one. */
static gboolean
read_submissions (Reader  *reader,
                  GError **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (reader->store,
                                              "SELECT a.submitted_at FROM work_sets w JOIN annotations a"
                                              " ON a.set_id = w.set_id AND a.annotator = ?2 AND a.state = 'submitted'"
                                              " WHERE w.id = ?1 AND a.submitted_at >= ?3 AND a.submitted_at < ?4"
                                              " UNION ALL SELECT submitted_at FROM work_submissions"
                                              " WHERE work_set = ?1 AND annotator = ?2"
                                              " AND submitted_at >= ?3 AND submitted_at < ?4 ORDER BY 1",
                                              error);
  int rc;

  g_array_set_size (reader->submitted, 0);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reader->work_set);
  sqlite3_bind_text (stmt, 2, reader->annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, reader->from_ms);
  sqlite3_bind_int64 (stmt, 4, reader->to_ms < G_MAXINT64 - RUBRIC_WORKLOG_SESSION_GAP_MS
                                 ? reader->to_ms + RUBRIC_WORKLOG_SESSION_GAP_MS : G_MAXINT64);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (reader->submitted, at);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (reader->store, error);
}

/* The first submission at or after @time. */
static guint
lower_bound (GArray *times,
             gint64  time)
{
  guint lo = 0;
  guint hi = times->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (times, gint64, mid) < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static guint
count_submitted (GArray *times,
                 gint64  from,
                 gint64  to)
{
  return lower_bound (times, to) - lower_bound (times, from);
}

/* Cuts the session from @start to @end (seconds) at each local midnight. */
static GArray *
cut_by_day (gint64 start,
            gint64 end)
{
  GArray *pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  Piece piece = { 0 };

  piece.start = start;
  rubric_worklog_day_of (start * 1000, piece.day);
  for (;;)
    {
      gint64 midnight = _rubric_worklog_next_day_start (piece.day) / 1000;

      piece.end = MIN (end, midnight);
      g_array_append_val (pieces, piece);
      if (end <= midnight)
        return pieces;
      piece.start = midnight;
      rubric_worklog_day_of (midnight * 1000, piece.day);
    }
}

/* Shares each span's active time among the days it covers, by the
 * share of its time on each; spans rarely cross midnight. */
static void
share_active_time (GArray *spans,
                   GArray *pieces)
{
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);
      gint64 left = span->active_ms;

      for (guint j = 0; j < pieces->len; j++)
        {
          Piece *piece = &g_array_index (pieces, Piece, j);
          gboolean last = j + 1 == pieces->len || span->end <= piece->end;
          gint64 share;

          if (span->start > piece->end)
            continue;
          share = last ? left
                       : span->active_ms * (piece->end - MAX (span->start, piece->start)) / (span->end - span->start);
          share = MIN (share, left);
          piece->active_ms += share;
          left -= share;
          if (last)
            break;
        }
    }
}

static gboolean
add_piece (Reader       *reader,
           WorkSet      *set,
           const Piece  *piece,
           gint64        tasks_until,
           GError      **error)
{
  g_autoptr(RubricLogItem) item = g_new0 (RubricLogItem, 1);
  int picked = _rubric_worklog_pick_rate (set->rates, g_array_index (reader->spans, Span, 0).start * 1000);
  RubricSetRate *rate = picked >= 0 ? g_ptr_array_index (set->rates, picked) : NULL;

  item->source = RUBRIC_LOG_SOURCE_APP;
  memcpy (item->day, piece->day, sizeof item->day);
  item->started_at = piece->start * 1000;
  item->ended_at = piece->end * 1000;
  item->active_ms = piece->active_ms / 1000 * 1000;
  item->n_tasks = count_submitted (reader->submitted, piece->start * 1000, tasks_until);
  item->set_id = set->set_id;
  item->set_name = g_strdup (set->name);
  item->annotator = g_strdup (reader->annotator);
  item->platform = g_strdup (rate != NULL ? rate->payer : "");
  item->note = g_strdup ("");
  if (rate != NULL)
    item->rate = rate->rate;
  item->priced = item->rate.kind != RUBRIC_RATE_NONE;
  /* A set opened and left within a second is nothing to log. */
  if (item->active_ms == 0 && item->n_tasks == 0)
    return TRUE;
  if (!_rubric_worklog_earn (&item->rate, item->active_ms / 1000, item->n_tasks, &item->earned, error))
    return FALSE;
  if ((reader->query->from_day == NULL || strcmp (item->day, reader->query->from_day) >= 0) &&
      (reader->query->to_day == NULL || strcmp (item->day, reader->query->to_day) <= 0))
    g_ptr_array_add (reader->items, g_steal_pointer (&item));
  return TRUE;
}

/* The session read so far becomes an item per day it covers. Its tasks
 * are those submitted from its start until a gap after its end. */
static gboolean
finish_session (Reader  *reader,
                GError **error)
{
  g_autoptr(GArray) pieces = NULL;
  WorkSet *set;
  gint64 start;
  gint64 end = reader->end;

  if (reader->spans->len == 0)
    return TRUE;
  if (!(set = lookup_work_set (reader, error)))
    return FALSE;
  start = g_array_index (reader->spans, Span, 0).start;
  pieces = cut_by_day (start, end);
  share_active_time (reader->spans, pieces);
  for (guint i = 0; i < pieces->len; i++)
    {
      gint64 until = i + 1 < pieces->len ? g_array_index (pieces, Piece, i).end * 1000
                                         : end * 1000 + RUBRIC_WORKLOG_SESSION_GAP_MS;

      if (!add_piece (reader, set, &g_array_index (pieces, Piece, i), until, error))
        return FALSE;
    }
  g_array_set_size (reader->spans, 0);
  return TRUE;
}

/* Takes the next span, in order of annotator, set and start. */
static gboolean
take_span (Reader      *reader,
           const char  *annotator,
           gint64       work_set,
           const Span  *span,
           GError     **error)
{
  gboolean same_group = g_strcmp0 (annotator, reader->annotator) == 0 && work_set == reader->work_set;

  if (!same_group || (reader->spans->len > 0 && (span->start - reader->end) * 1000 >= RUBRIC_WORKLOG_SESSION_GAP_MS))
    {
      if (!finish_session (reader, error))
        return FALSE;
    }
  if (!same_group)
    {
      g_free (reader->annotator);
      reader->annotator = g_strdup (annotator);
      reader->work_set = work_set;
      if (!read_submissions (reader, error))
        return FALSE;
    }
  reader->end = reader->spans->len == 0 ? span->end : MAX (reader->end, span->end);
  g_array_append_val (reader->spans, *span);
  return TRUE;
}

static gboolean
read_sessions (Reader  *reader,
               GError **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (reader->store,
                                              "SELECT annotator, work_set, started_at / 1000, ended_at / 1000, active_ms"
                                              " FROM work_spans WHERE started_at >= ?1 AND started_at < ?2"
                                              " AND (?3 IS NULL OR annotator = ?3)"
                                              " ORDER BY annotator, work_set, started_at, id",
                                              error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reader->from_ms);
  sqlite3_bind_int64 (stmt, 2, reader->to_ms);
  if (reader->query->annotator != NULL)
    sqlite3_bind_text (stmt, 3, reader->query->annotator, -1, SQLITE_TRANSIENT);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *annotator = _rubric_worklog_column_dup (stmt, 0);
      Span span = { sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4) };

      ok = take_span (reader, annotator, sqlite3_column_int64 (stmt, 1), &span, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = _rubric_store_fail (reader->store, error);
  sqlite3_reset (stmt);
  return ok && finish_session (reader, error);
}

static RubricLogItem *
item_for_entry (RubricLogEntry  *entry,
                GError         **error)
{
  g_autoptr(RubricLogItem) item = g_new0 (RubricLogItem, 1);

  item->source = RUBRIC_LOG_SOURCE_MANUAL;
  item->id = entry->id;
  memcpy (item->day, entry->day, sizeof item->day);
  item->started_at = entry->started_at;
  item->ended_at = entry->ended_at;
  item->active_ms = entry->duration_ms;
  item->set_name = g_strdup ("");
  item->annotator = g_strdup ("");
  item->platform = g_steal_pointer (&entry->platform);
  item->note = g_steal_pointer (&entry->note);
  item->rate = entry->rate;
  item->priced = item->rate.kind != RUBRIC_RATE_NONE;
  if (!_rubric_worklog_earn (&item->rate, item->active_ms / 1000, 0, &item->earned, error))
    return NULL;
  return g_steal_pointer (&item);
}

static int
compare_rates (const RubricRate *a,
               const RubricRate *b)
{
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  if (a->amount != b->amount)
    return a->amount < b->amount ? -1 : 1;
  return strcmp (a->currency, b->currency);
}

#define COMPARE_NUMBERS(x, y) if ((x) != (y)) return (x) < (y) ? -1 : 1

/* By day and start; whatever else is the same, in an order that does
 * not depend on row ids, so that an imported log lists the same. */
static int
compare_items (gconstpointer pa,
               gconstpointer pb)
{
  const RubricLogItem *a = *(RubricLogItem **) pa;
  const RubricLogItem *b = *(RubricLogItem **) pb;
  int cmp;

  if ((cmp = strcmp (a->day, b->day)) != 0)
    return cmp;
  COMPARE_NUMBERS (a->started_at, b->started_at);
  COMPARE_NUMBERS (a->source, b->source);
  if ((cmp = strcmp (a->annotator, b->annotator)) != 0 || (cmp = strcmp (a->set_name, b->set_name)) != 0 ||
      (cmp = strcmp (a->platform, b->platform)) != 0)
    return cmp;
  COMPARE_NUMBERS (a->ended_at, b->ended_at);
  COMPARE_NUMBERS (a->active_ms, b->active_ms);
  COMPARE_NUMBERS (a->n_tasks, b->n_tasks);
  if ((cmp = compare_rates (&a->rate, &b->rate)) != 0 || (cmp = strcmp (a->note, b->note)) != 0)
    return cmp;
  COMPARE_NUMBERS (a->id, b->id);
  return 0;
}

static gboolean
add_entries (Reader  *reader,
             GError **error)
{
  g_autoptr(GPtrArray) entries = _rubric_worklog_read_entries (reader->store, reader->query->from_day,
                                                               reader->query->to_day, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      RubricLogItem *item = item_for_entry (g_ptr_array_index (entries, i), error);

      if (item == NULL)
        return FALSE;
      g_ptr_array_add (reader->items, item);
    }
  return TRUE;
}

static void
set_bounds (Reader *reader)
{
  GDate day;

  reader->from_ms = G_MININT64;
  reader->to_ms = G_MAXINT64;
  if (reader->query->from_day != NULL && rubric_worklog_parse_day (reader->query->from_day, &day, NULL))
    reader->from_ms = rubric_worklog_day_start (&day) - LEAD_MS;
  if (reader->query->to_day != NULL)
    reader->to_ms = _rubric_worklog_next_day_start (reader->query->to_day) + LEAD_MS;
}

/**
 * rubric_worklog_list:
 * @query: (nullable): the days, and the annotator, to list; %NULL for all
 *
 * The log by day: the app's sessions, cut at local midnights, and the
 * manual entries. Sessions are computed now from the spans of active
 * time; a session is read from spans that started up to two days
 * around the days asked for.
 *
 * Returns: (transfer container) (element-type RubricLogItem): the
 *   items, by day and start (an entry with a duration only first)
 */
GPtrArray *
rubric_worklog_list (RubricStore           *store,
                     const RubricLogQuery  *query,
                     GError               **error)
{
  static const RubricLogQuery all = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_log_item_free);
  g_autoptr(GHashTable) sets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) work_set_free);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) submitted = g_array_new (FALSE, FALSE, sizeof (gint64));
  Reader reader = { store, query != NULL ? query : &all, 0, 0, sets, items, NULL, 0, spans, submitted, 0 };
  gboolean ok;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  set_bounds (&reader);
  ok = read_sessions (&reader, error) && add_entries (&reader, error);
  g_free (reader.annotator);
  if (!ok)
    return NULL;
  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}
