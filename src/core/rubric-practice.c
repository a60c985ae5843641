/* rubric-practice.c
 *
 * What practice keeps: each practised submission's comparison with the
 * gold (practice_results), the sets switched to practice by the person,
 * and exam attempts. Sessions are not stored: a session is a run of
 * submissions without a pause of half an hour, worked out from the
 * results, so that every window and process agrees on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-practice"

#include "config.h"

#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-practice.h"
#include "rubric-store-private.h"

void
rubric_practice_result_free (RubricPracticeResult *self)
{
  if (self == NULL)
    return;
  g_free (self->ext_id);
  g_free (self->kind);
  g_free (self->detail);
  g_free (self);
}

static void
tally_free (RubricTally *tally)
{
  g_free (tally->name);
  g_free (tally);
}

void
rubric_practice_session_free (RubricPracticeSession *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->by_kind);
  g_ptr_array_unref (self->by_criterion);
  g_ptr_array_unref (self->missed);
  g_free (self);
}

void
rubric_exam_attempt_free (RubricExamAttempt *self)
{
  if (self == NULL)
    return;
  g_free (self->result);
  g_free (self);
}

static gboolean
step_done (RubricStore   *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  return TRUE;
}

/**
 * rubric_practice_set_mode:
 *
 * Switches a set with gold to practice, or back, for everyone who
 * opens it in this workspace.
 */
gboolean
rubric_practice_set_mode (RubricStore  *store,
                          gint64        set_id,
                          gboolean      practice,
                          GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "UPDATE task_sets SET practice = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, practice ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, set_id);
  return step_done (store, stmt, error);
}

gboolean
rubric_practice_get_mode (RubricStore  *store,
                          gint64        set_id,
                          gboolean     *practice,
                          GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "SELECT practice FROM task_sets WHERE id = ?", error);
  gint64 value = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  if (!_rubric_store_step_value (store, stmt, &value, error))
    return FALSE;
  *practice = value != 0;
  return TRUE;
}

gboolean
rubric_practice_add_result (RubricStore                *store,
                            const RubricPracticeResult *result,
                            const char                 *annotator,
                            GError                    **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO practice_results (set_id, task_id, annotator, kind, correct,"
                                              "  score, detail, active_ms, submitted_at, exam_attempt)"
                                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF (?, 0))", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result->set_id);
  sqlite3_bind_int64 (stmt, 2, result->task_id);
  sqlite3_bind_text (stmt, 3, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, result->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, result->correct ? 1 : 0);
  sqlite3_bind_double (stmt, 6, result->score);
  sqlite3_bind_text (stmt, 7, result->detail ? result->detail : "{}", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, result->active_ms);
  sqlite3_bind_int64 (stmt, 9, result->submitted_at);
  sqlite3_bind_int64 (stmt, 10, result->exam_attempt);
  return step_done (store, stmt, error);
}

/**
 * rubric_practice_list_results:
 * @set_id: 0 for every set
 * @exam_attempt: an attempt's results only, 0 for practice only, -1 for both
 *
 * Returns: (transfer container) (element-type RubricPracticeResult): in
 *   the order they were submitted
 */
GPtrArray *
rubric_practice_list_results (RubricStore  *store,
                              const char   *annotator,
                              gint64        set_id,
                              gint64        exam_attempt,
                              GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT r.set_id, r.task_id, t.ext_id, r.kind, r.correct, r.score, r.detail,"
                                              "  r.active_ms, r.submitted_at, coalesce (r.exam_attempt, 0)"
                                              " FROM practice_results r JOIN tasks t ON t.id = r.task_id"
                                              " WHERE r.annotator = ?1 AND (?2 = 0 OR r.set_id = ?2)"
                                              "   AND (?3 < 0 OR coalesce (r.exam_attempt, 0) = ?3)"
                                              " ORDER BY r.submitted_at, r.id", error);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_practice_result_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, set_id);
  sqlite3_bind_int64 (stmt, 3, exam_attempt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RubricPracticeResult *result = g_new0 (RubricPracticeResult, 1);

      result->set_id = sqlite3_column_int64 (stmt, 0);
      result->task_id = sqlite3_column_int64 (stmt, 1);
      result->ext_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      result->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      result->correct = sqlite3_column_int (stmt, 4) != 0;
      result->score = sqlite3_column_double (stmt, 5);
      result->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      result->active_ms = sqlite3_column_int64 (stmt, 7);
      result->submitted_at = sqlite3_column_int64 (stmt, 8);
      result->exam_attempt = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (results, result);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rubric_store_fail (store, error);
      return NULL;
    }
  return g_steal_pointer (&results);
}

static RubricTally *
tally_get (GPtrArray  *tallies,
           const char *name)
{
  RubricTally *tally;

  for (guint i = 0; i < tallies->len; i++)
    {
      tally = g_ptr_array_index (tallies, i);
      if (g_strcmp0 (tally->name, name) == 0)
        return tally;
    }
  tally = g_new0 (RubricTally, 1);
  tally->name = g_strdup (name);
  g_ptr_array_add (tallies, tally);
  return tally;
}

/* detail.criteria: {"correctness": {"n": 2, "right": 1}, …} */
static void
add_criteria (GPtrArray  *tallies,
              const char *detail)
{
  g_autoptr(json_object) object = detail ? json_tokener_parse (detail) : NULL;
  json_object *criteria = rubric_json_get_typed (object, "criteria", json_type_object);

  if (criteria == NULL)
    return;
  json_object_object_foreach (criteria, name, counts)
    {
      RubricTally *tally = tally_get (tallies, name);
      json_object *n = rubric_json_get_typed (counts, "n", json_type_int);
      json_object *right = rubric_json_get_typed (counts, "right", json_type_int);

      tally->n += n ? MAX (0, json_object_get_int (n)) : 0;
      tally->n_correct += right ? MAX (0, json_object_get_int (right)) : 0;
    }
}

/**
 * rubric_practice_summarize:
 * @results: (element-type RubricPracticeResult): in submission order
 * @from: the first to count
 * @to: one past the last
 *
 * Returns: (transfer full): accuracy by kind and by criterion, time,
 *   and the tasks missed, of results[from..to)
 */
RubricPracticeSession *
rubric_practice_summarize (GPtrArray *results,
                           guint      from,
                           guint      to)
{
  static const char *kinds[] = { "compare", "rank", "review", "write", "author", "red-team" };
  RubricPracticeSession *session = g_new0 (RubricPracticeSession, 1);

  session->by_kind = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);
  session->by_criterion = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);
  session->missed = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    tally_get (session->by_kind, kinds[k]);

  for (guint i = from; i < to && i < results->len; i++)
    {
      RubricPracticeResult *result = g_ptr_array_index (results, i);
      RubricTally *kind = tally_get (session->by_kind, result->kind);

      if (session->n == 0)
        session->started_at = result->submitted_at;
      session->ended_at = result->submitted_at;
      session->n++;
      session->n_correct += result->correct;
      session->active_ms += result->active_ms;
      kind->n++;
      kind->n_correct += result->correct;
      if (!result->correct)
        g_ptr_array_add (session->missed, g_strdup (result->ext_id));
      add_criteria (session->by_criterion, result->detail);
    }
  return session;
}

/**
 * rubric_practice_sessions:
 * @results: (element-type RubricPracticeResult): in submission order
 *
 * Returns: (transfer container) (element-type RubricPracticeSession):
 *   the sessions, oldest first
 */
GPtrArray *
rubric_practice_sessions (GPtrArray *results)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_practice_session_free);
  guint start = 0;

  for (guint i = 1; i <= results->len; i++)
    {
      gint64 gap = 0;

      if (i < results->len)
        gap = ((RubricPracticeResult *) g_ptr_array_index (results, i))->submitted_at -
              ((RubricPracticeResult *) g_ptr_array_index (results, i - 1))->submitted_at;
      if (i == results->len || gap > RUBRIC_PRACTICE_SESSION_GAP_MS)
        {
          g_ptr_array_add (sessions, rubric_practice_summarize (results, start, i));
          start = i;
        }
    }
  return sessions;
}

/**
 * rubric_exam_start:
 * @deadline: when time is up, or 0 without a time limit
 *
 * Starts an attempt: the work of earlier attempts on the set goes to
 * the history, and every task starts afresh.
 *
 * Returns: (transfer full) (nullable): the attempt
 */
RubricExamAttempt *
rubric_exam_start (RubricStore  *store,
                   gint64        set_id,
                   const char   *annotator,
                   gint64        now,
                   gint64        deadline,
                   GError      **error)
{
  sqlite3_stmt *reset;
  sqlite3_stmt *insert;
  RubricExamAttempt *attempt;

  if (!rubric_store_begin (store, error))
    return NULL;
  /* Leaving "submitted" keeps the submission in the history (trigger). */
  reset = _rubric_store_prepare (store,
                                 "UPDATE annotations SET state = 'draft', choice = NULL, strength = 0,"
                                 "  justification = '', data = '{}', answer = '', submitted_at = NULL, active_ms = 0,"
                                 "  updated_at = ?3, revision = revision + 1"
                                 " WHERE set_id = ?1 AND annotator = ?2", error);
  if (reset == NULL)
    goto fail;
  sqlite3_bind_int64 (reset, 1, set_id);
  sqlite3_bind_text (reset, 2, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (reset, 3, now);
  if (!step_done (store, reset, error))
    goto fail;
  insert = _rubric_store_prepare (store,
                                  "INSERT INTO exam_attempts (set_id, annotator, started_at, deadline)"
                                  " VALUES (?, ?, ?, ?)", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, set_id);
  sqlite3_bind_text (insert, 2, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 3, now);
  sqlite3_bind_int64 (insert, 4, deadline);
  if (!step_done (store, insert, error) || !rubric_store_commit (store, error))
    goto fail;

  attempt = g_new0 (RubricExamAttempt, 1);
  attempt->id = sqlite3_last_insert_rowid (_rubric_store_get_db (store));
  attempt->set_id = set_id;
  attempt->started_at = now;
  attempt->deadline = deadline;
  return attempt;

fail:
  rubric_store_rollback (store);
  return NULL;
}

gboolean
rubric_exam_finish (RubricStore        *store,
                    RubricExamAttempt  *attempt,
                    gint64              now,
                    double              score,
                    gboolean            passed,
                    const char         *result,
                    GError            **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "UPDATE exam_attempts SET finished_at = ?, score = ?, passed = ?, result = ?"
                                              " WHERE id = ? AND finished_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_double (stmt, 2, score);
  sqlite3_bind_int (stmt, 3, passed ? 1 : 0);
  sqlite3_bind_text (stmt, 4, result, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, attempt->id);
  if (!step_done (store, stmt, error))
    return FALSE;
  attempt->finished_at = now;
  attempt->score = score;
  attempt->passed = passed;
  g_free (attempt->result);
  attempt->result = g_strdup (result);
  return TRUE;
}

/**
 * rubric_exam_list_attempts:
 *
 * Returns: (transfer container) (element-type RubricExamAttempt): the
 *   person's attempts at the set, oldest first
 */
GPtrArray *
rubric_exam_list_attempts (RubricStore  *store,
                           gint64        set_id,
                           const char   *annotator,
                           GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT id, started_at, deadline, coalesce (finished_at, 0),"
                                              "  coalesce (score, 0), coalesce (passed, 0), result"
                                              " FROM exam_attempts WHERE set_id = ? AND annotator = ? ORDER BY id", error);
  g_autoptr(GPtrArray) attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_exam_attempt_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RubricExamAttempt *attempt = g_new0 (RubricExamAttempt, 1);

      attempt->id = sqlite3_column_int64 (stmt, 0);
      attempt->set_id = set_id;
      attempt->started_at = sqlite3_column_int64 (stmt, 1);
      attempt->deadline = sqlite3_column_int64 (stmt, 2);
      attempt->finished_at = sqlite3_column_int64 (stmt, 3);
      attempt->score = sqlite3_column_double (stmt, 4);
      attempt->passed = sqlite3_column_int (stmt, 5) != 0;
      attempt->result = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (attempts, attempt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rubric_store_fail (store, error);
      return NULL;
    }
  return g_steal_pointer (&attempts);
}
