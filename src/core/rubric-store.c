/* rubric-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-store"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-store-private.h"

struct _RubricStore
{
  GObject     parent_instance;
  char       *path;
  sqlite3    *db;
  GHashTable *statements;

  /* Checkpoints on a thread of their own (see
   * rubric_store_checkpoint_in_background()) */
  int         checkpoint_pages;   /* 0: SQLite's, in the commit */
  GThread    *checkpointer;
  gint        checkpointing;      /* atomic: the checkpointer runs */
  guint       n_checkpoints;
  guint       checkpoint_delay_ms; /* for tests: a slow disk */
};

G_DEFINE_FINAL_TYPE (RubricStore, rubric_store, G_TYPE_OBJECT)

enum {
  ANNOTATION_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Each entry moves the schema one version forward; never edit one
 * that has shipped, add another. */
/* Whether an annotation's data has a flag raised (its flags maps
 * responses to flag ids; a response may be left with none). */
#define FLAGGED(data) \
  "EXISTS (SELECT 1 FROM json_each (" data ", '$.flags') f WHERE json_array_length (f.value) > 0)"

/* One annotation in (+) or out (-) of counts, by its task's kind. */
#define COUNT_ANNOTATION(row, sign) \
  "  INSERT INTO counts SELECT " row ".set_id, t.kind, " row ".annotator, " row ".state, " sign "1" \
  "   FROM tasks t WHERE t.id = " row ".task_id ON CONFLICT DO UPDATE SET n = n " sign " 1;" \
  "  INSERT INTO counts SELECT " row ".set_id, t.kind, " row ".annotator, 'flagged', " sign "1" \
  "   FROM tasks t WHERE t.id = " row ".task_id AND " FLAGGED (row ".data") \
  "   ON CONFLICT DO UPDATE SET n = n " sign " 1;"

/* What the word index holds of a task: its prompt, or its brief. */
#define TASK_TEXT(raw) "coalesce (json_extract (" raw ", '$.prompt'), json_extract (" raw ", '$.brief'))"

/* A set's first and last task row ids where its tasks are every row
 * between them, else 0 and -1. */
#define TASK_RANGE(set) \
  "SELECT CASE WHEN count(*) = max (id) - min (id) + 1 THEN min (id) ELSE 0 END," \
  "       CASE WHEN count(*) = max (id) - min (id) + 1 THEN max (id) ELSE -1 END" \
  " FROM tasks WHERE set_id = " set

/* One annotation in (+) or out (-) of its block's progress. */
#define BLOCK_ANNOTATION(row, sign) \
  "  INSERT INTO progress_blocks (set_id, annotator, block, begun, done)" \
  "   SELECT " row ".set_id, " row ".annotator, t.ord >> " G_STRINGIFY (RUBRIC_BLOCK_SHIFT) ", " sign "1," \
  "          " sign "(" row ".state IN ('submitted', 'skipped'))" \
  "   FROM tasks t WHERE t.id = " row ".task_id" \
  "   ON CONFLICT DO UPDATE SET begun = begun + excluded.begun, done = done + excluded.done;"

#define OLD_KINDS "kind IN ('write', 'compare', 'rank', 'review')"
#define KINDS "kind IN ('write', 'compare', 'rank', 'review', 'author', 'red-team')"

static const char *migrations[] = {
  /* 1: task sets, tasks, annotations */
  "CREATE TABLE task_sets ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  source_path TEXT,"
  "  content_hash TEXT NOT NULL UNIQUE,"
  "  file_size INTEGER NOT NULL DEFAULT 0,"
  "  head_hash TEXT NOT NULL DEFAULT '',"
  "  header TEXT NOT NULL DEFAULT '{}',"
  "  n_tasks INTEGER NOT NULL DEFAULT 0,"
  "  imported_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX task_sets_head ON task_sets (file_size, head_hash);"
  "CREATE TABLE tasks ("
  "  id INTEGER PRIMARY KEY,"
  "  set_id INTEGER NOT NULL REFERENCES task_sets (id) ON DELETE CASCADE,"
  "  ord INTEGER NOT NULL,"
  "  ext_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (" OLD_KINDS "),"
  "  line INTEGER NOT NULL,"
  "  preview TEXT NOT NULL,"
  "  raw TEXT NOT NULL,"
  "  UNIQUE (set_id, ext_id)"
  ");"
  "CREATE UNIQUE INDEX tasks_order ON tasks (set_id, ord);"
  "CREATE TABLE annotations ("
  "  id INTEGER PRIMARY KEY,"
  "  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,"
  "  set_id INTEGER NOT NULL REFERENCES task_sets (id) ON DELETE CASCADE,"
  "  annotator TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'skipped')),"
  "  choice TEXT,"
  "  strength INTEGER NOT NULL DEFAULT 0,"
  "  justification TEXT NOT NULL DEFAULT '',"
  "  data TEXT NOT NULL DEFAULT '{}',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  submitted_at INTEGER,"
  "  active_ms INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (task_id, annotator)"
  ");"
  "CREATE INDEX annotations_progress ON annotations (set_id, annotator, state);",

  /* 2: side swaps, and the history of reopened submissions */
  "ALTER TABLE annotations ADD COLUMN swapped INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE annotation_history ("
  "  id INTEGER PRIMARY KEY,"
  "  annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL,"
  "  choice TEXT,"
  "  strength INTEGER NOT NULL,"
  "  justification TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  swapped INTEGER NOT NULL,"
  "  submitted_at INTEGER,"
  "  active_ms INTEGER NOT NULL,"
  "  recorded_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX annotation_history_annotation ON annotation_history (annotation_id);"
  "CREATE TRIGGER annotations_keep_history AFTER UPDATE OF state ON annotations"
  "  WHEN OLD.state = 'submitted' AND NEW.state <> 'submitted' BEGIN"
  "  INSERT INTO annotation_history (annotation_id, state, choice, strength, justification, data,"
  "                                  swapped, submitted_at, active_ms, recorded_at)"
  "  VALUES (OLD.id, OLD.state, OLD.choice, OLD.strength, OLD.justification, OLD.data,"
  "          OLD.swapped, OLD.submitted_at, OLD.active_ms, NEW.updated_at);"
  "END;",

  /* 3: written answers, kept in the history as well */
  "ALTER TABLE annotations ADD COLUMN answer TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE annotation_history ADD COLUMN answer TEXT NOT NULL DEFAULT '';"
  "DROP TRIGGER annotations_keep_history;"
  "CREATE TRIGGER annotations_keep_history AFTER UPDATE OF state ON annotations"
  "  WHEN OLD.state = 'submitted' AND NEW.state <> 'submitted' BEGIN"
  "  INSERT INTO annotation_history (annotation_id, state, choice, strength, justification, data,"
  "                                  swapped, submitted_at, active_ms, recorded_at, answer)"
  "  VALUES (OLD.id, OLD.state, OLD.choice, OLD.strength, OLD.justification, OLD.data,"
  "          OLD.swapped, OLD.submitted_at, OLD.active_ms, NEW.updated_at, OLD.answer);"
  "END;",

  /* 4: a revision per annotation, so that two windows never overwrite
   * each other blindly; why a version went to the history; the windows
   * that have the workspace open */
  "ALTER TABLE annotations ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE annotation_history ADD COLUMN reason TEXT NOT NULL DEFAULT 'reopened';"
  "CREATE TABLE presence ("
  "  id INTEGER PRIMARY KEY,"
  "  pid INTEGER NOT NULL,"
  "  host TEXT NOT NULL,"
  "  opened_at INTEGER NOT NULL"
  ");",

  /* 5: where the editor was, kept apart from the work and never
   * exported; when a set was last opened, and sets deleted but still
   * to be undone */
  "ALTER TABLE annotations ADD COLUMN view_state TEXT NOT NULL DEFAULT '{}';"
  "ALTER TABLE task_sets ADD COLUMN opened_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE task_sets ADD COLUMN deleted_at INTEGER;"
  "UPDATE task_sets SET opened_at = imported_at;",

  /* 6: the kinds of a set's tasks, for the library, by one probe per
   * kind instead of a scan of the set */
  "CREATE INDEX tasks_kind ON tasks (set_id, kind);",

  /* 7: practice and exams: sets the person switched to practice, how
   * each practised submission compared with the gold, exam attempts */
  "ALTER TABLE task_sets ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE exam_attempts ("
  "  id INTEGER PRIMARY KEY,"
  "  set_id INTEGER NOT NULL REFERENCES task_sets (id) ON DELETE CASCADE,"
  "  annotator TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  deadline INTEGER NOT NULL,"
  "  finished_at INTEGER,"
  "  score REAL,"
  "  passed INTEGER,"
  "  result TEXT"
  ");"
  "CREATE INDEX exam_attempts_by ON exam_attempts (set_id, annotator);"
  "CREATE TABLE practice_results ("
  "  id INTEGER PRIMARY KEY,"
  "  set_id INTEGER NOT NULL REFERENCES task_sets (id) ON DELETE CASCADE,"
  "  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,"
  "  annotator TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  correct INTEGER NOT NULL,"
  "  score REAL NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT '{}',"
  "  active_ms INTEGER NOT NULL DEFAULT 0,"
  "  submitted_at INTEGER NOT NULL,"
  "  exam_attempt INTEGER REFERENCES exam_attempts (id) ON DELETE CASCADE"
  ");"
  "CREATE INDEX practice_results_by ON practice_results (annotator, submitted_at);",

  /* 8: a million tasks: counts kept in step with every save instead of
   * counted, the filters' rows by index in task order, and the prompts
   * indexed by trigram for search. counts holds a set's tasks by kind
   * (annotator '', state 'task') and its annotations by kind, annotator
   * and state, "flagged" counted beside the state. An annotation keeps
 * its task's position (ord), so that a filter by state reads its rows,
 * and finds a row's place, in task order by index. The prompts' words
 * are indexed (case and accents folded) for search by word beginnings:
 * a trigram index of every substring cost more than the rest of an
 * import together. Whoever adds tasks counts and indexes them in two
 * statements at the end (_rubric_store_index_tasks): a row at a time,
 * from triggers, made an import of 100,000 tasks 1.7 times as long. */
  "CREATE TABLE counts ("
  "  set_id INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  annotator TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (set_id, annotator, state, kind)"
  ") WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE task_prompts USING fts5 (prompt, content = '', detail = 'none',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO task_prompts (rowid, prompt) SELECT id, json_extract (raw, '$.prompt') FROM tasks;"
  "INSERT INTO counts SELECT set_id, kind, '', 'task', count(*) FROM tasks GROUP BY set_id, kind;"
  "INSERT INTO counts SELECT a.set_id, t.kind, a.annotator, a.state, count(*)"
  "  FROM annotations a JOIN tasks t ON t.id = a.task_id GROUP BY a.set_id, t.kind, a.annotator, a.state;"
  "INSERT INTO counts SELECT a.set_id, t.kind, a.annotator, 'flagged', count(*)"
  "  FROM annotations a JOIN tasks t ON t.id = a.task_id WHERE " FLAGGED ("a.data")
  "  GROUP BY a.set_id, t.kind, a.annotator;"
  "CREATE TRIGGER tasks_uncounted AFTER DELETE ON tasks BEGIN"
  "  UPDATE counts SET n = n - 1"
  "   WHERE set_id = OLD.set_id AND annotator = '' AND state = 'task' AND kind = OLD.kind;"
  "  INSERT INTO task_prompts (task_prompts, rowid, prompt)"
  "   VALUES ('delete', OLD.id, json_extract (OLD.raw, '$.prompt'));"
  "END;"
  "CREATE TRIGGER annotations_counted AFTER INSERT ON annotations BEGIN"
  COUNT_ANNOTATION ("NEW", "+")
  "END;"
  "CREATE TRIGGER annotations_uncounted AFTER DELETE ON annotations BEGIN"
  COUNT_ANNOTATION ("OLD", "-")
  "END;"
  "CREATE TRIGGER annotations_recounted AFTER UPDATE OF state, data ON annotations"
  " WHEN OLD.state IS NOT NEW.state"
  "   OR json_extract (OLD.data, '$.flags') IS NOT json_extract (NEW.data, '$.flags') BEGIN"
  COUNT_ANNOTATION ("OLD", "-")
  COUNT_ANNOTATION ("NEW", "+")
  "END;"
  "CREATE TRIGGER task_sets_uncounted AFTER DELETE ON task_sets BEGIN"
  "  DELETE FROM counts WHERE set_id = OLD.id;"
  "END;"
  "ALTER TABLE task_sets ADD COLUMN file_mtime INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE task_sets ADD COLUMN file_inode INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE annotations ADD COLUMN ord INTEGER NOT NULL DEFAULT 0;"
  "UPDATE annotations SET ord = (SELECT t.ord FROM tasks t WHERE t.id = annotations.task_id);"
  "CREATE TRIGGER annotations_ordered AFTER INSERT ON annotations BEGIN"
  "  UPDATE annotations SET ord = (SELECT t.ord FROM tasks t WHERE t.id = NEW.task_id) WHERE id = NEW.id;"
  "END;"
  "DROP INDEX annotations_progress;"
  "CREATE INDEX annotations_by_state ON annotations (set_id, annotator, state, ord);"
  "CREATE INDEX annotations_flagged ON annotations (set_id, annotator, ord)"
  "  WHERE json_extract (data, '$.flags') <> '{}';",

  /* 9: an annotator's progress by blocks of 1024 positions (ord >> 10):
   * how many of a block's tasks were begun (have an annotation) and how
   * many are done (submitted or skipped), kept in step with each save.
   * "Next open task" and the "to do" list skip whole blocks by them
   * instead of walking a finished run of a hundred thousand tasks. A
   * set's positions run 0 to n - 1 without a gap (tasks_order), so
   * each block but the last holds 1024 tasks. A set's tasks are rows
   * first_task to last_task when they were written in one go, as an
   * import writes them (else 0 and -1): a search of the whole set then
   * counts and pages in the word index alone, without a task's row. Within a block, the done
   * annotations' positions in order (annotations_done) show the first
   * open one as the first gap in their run. */
  "ALTER TABLE task_sets ADD COLUMN first_task INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE task_sets ADD COLUMN last_task INTEGER NOT NULL DEFAULT -1;"
  "UPDATE task_sets SET (first_task, last_task) = (" TASK_RANGE ("task_sets.id") ");"
  "CREATE TABLE progress_blocks ("
  "  set_id INTEGER NOT NULL,"
  "  annotator TEXT NOT NULL,"
  "  block INTEGER NOT NULL,"
  "  begun INTEGER NOT NULL,"
  "  done INTEGER NOT NULL,"
  "  PRIMARY KEY (set_id, annotator, block)"
  ") WITHOUT ROWID;"
  "INSERT INTO progress_blocks"
  "  SELECT a.set_id, a.annotator, t.ord >> " G_STRINGIFY (RUBRIC_BLOCK_SHIFT) ", count(*),"
  "         sum (a.state IN ('submitted', 'skipped'))"
  "  FROM annotations a JOIN tasks t ON t.id = a.task_id GROUP BY 1, 2, 3;"
  "CREATE TRIGGER annotations_blocked AFTER INSERT ON annotations BEGIN"
  BLOCK_ANNOTATION ("NEW", "+")
  "END;"
  "CREATE TRIGGER annotations_unblocked AFTER DELETE ON annotations BEGIN"
  BLOCK_ANNOTATION ("OLD", "-")
  "END;"
  "CREATE TRIGGER annotations_reblocked AFTER UPDATE OF state ON annotations"
  " WHEN OLD.state IS NOT NEW.state BEGIN"
  BLOCK_ANNOTATION ("OLD", "-")
  BLOCK_ANNOTATION ("NEW", "+")
  "END;"
  "CREATE INDEX annotations_done ON annotations (set_id, annotator, ord)"
  "  WHERE state IN ('submitted', 'skipped');"
  "CREATE TRIGGER task_sets_unblocked AFTER DELETE ON task_sets BEGIN"
  "  DELETE FROM progress_blocks WHERE set_id = OLD.id;"
  "END;"
  /* A set purged for good may leave counts behind: its annotations go
   * after it, and their triggers count them out again. A new set can
   * take its id; it starts from nothing. */
  "CREATE TRIGGER task_sets_fresh AFTER INSERT ON task_sets BEGIN"
  "  DELETE FROM counts WHERE set_id = NEW.id;"
  "  DELETE FROM progress_blocks WHERE set_id = NEW.id;"
  "END;",

  /* 10: the contractor's work log (src/core/worklog/). The log outlives
   * the sets it counts: a set is purged some days after it is deleted,
   * and a year's income must not go with it. So the log knows a set by
   * a row of its own (work_sets, never reused), which loses its link to
   * the set at the purge but keeps the name, the spans and the rates;
   * and the set's submissions that sessions count are copied into
   * work_submissions just before the set goes. task_id is a note for the
   * app, not a reference: purging a million tasks would otherwise probe
   * the spans a million times. Times are in milliseconds, as elsewhere.
   * The spans of existing workspaces are made from their submissions
   * (review sets hold other people's work and are left out). */
  "CREATE TABLE work_sets ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  set_id INTEGER UNIQUE REFERENCES task_sets (id) ON DELETE SET NULL,"
  "  name TEXT NOT NULL"
  ");"
  "CREATE TABLE work_spans ("
  "  id INTEGER PRIMARY KEY,"
  "  annotator TEXT NOT NULL,"
  "  work_set INTEGER NOT NULL REFERENCES work_sets (id) ON DELETE CASCADE,"
  "  task_id INTEGER,"
  "  started_at INTEGER NOT NULL,"
  "  ended_at INTEGER NOT NULL,"
  "  active_ms INTEGER NOT NULL,"
  "  CHECK (started_at <= ended_at AND active_ms >= 0)"
  ");"
  "CREATE INDEX work_spans_latest ON work_spans (annotator, ended_at);"
  "CREATE INDEX work_spans_time ON work_spans (started_at);"
  "CREATE INDEX work_spans_set ON work_spans (work_set);"
  "CREATE TABLE set_rates ("
  "  id INTEGER PRIMARY KEY,"
  "  work_set INTEGER NOT NULL REFERENCES work_sets (id) ON DELETE CASCADE,"
  "  payer TEXT NOT NULL,"
  "  rate_kind TEXT NOT NULL CHECK (rate_kind IN ('hourly', 'per_task', 'none')),"
  "  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),"
  "  currency TEXT NOT NULL,"
  "  effective_from INTEGER NOT NULL,"
  "  UNIQUE (work_set, effective_from)"
  ");"
  "CREATE TABLE work_submissions ("
  "  work_set INTEGER NOT NULL REFERENCES work_sets (id) ON DELETE CASCADE,"
  "  annotator TEXT NOT NULL,"
  "  submitted_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX work_submissions_by ON work_submissions (work_set, annotator, submitted_at);"
  "CREATE TRIGGER task_sets_keep_work BEFORE DELETE ON task_sets BEGIN"
  "  UPDATE work_sets SET name = OLD.name WHERE set_id = OLD.id;"
  "  INSERT INTO work_submissions (work_set, annotator, submitted_at)"
  "   SELECT w.id, a.annotator, a.submitted_at FROM work_sets w JOIN annotations a ON a.set_id = w.set_id"
  "   WHERE w.set_id = OLD.id AND a.state = 'submitted' AND a.submitted_at IS NOT NULL"
  "     AND a.annotator IN (SELECT annotator FROM work_spans WHERE work_set = w.id);"
  "END;"
  "CREATE TABLE log_entries ("
  "  id INTEGER PRIMARY KEY,"
  "  day TEXT NOT NULL,"
  "  started_at INTEGER,"
  "  ended_at INTEGER,"
  "  duration_ms INTEGER NOT NULL CHECK (duration_ms > 0),"
  "  platform TEXT NOT NULL,"
  "  rate_kind TEXT NOT NULL CHECK (rate_kind IN ('hourly', 'amount', 'none')),"
  "  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),"
  "  currency TEXT NOT NULL,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  CHECK ((started_at IS NULL) = (ended_at IS NULL))"
  ");"
  "CREATE INDEX log_entries_day ON log_entries (day);"
  "CREATE TABLE payments ("
  "  id INTEGER PRIMARY KEY,"
  "  day TEXT NOT NULL,"
  "  payer TEXT NOT NULL,"
  "  processor TEXT NOT NULL DEFAULT '',"
  "  gross_minor INTEGER NOT NULL CHECK (gross_minor >= 0),"
  "  fees_minor INTEGER NOT NULL CHECK (fees_minor >= 0),"
  "  net_minor INTEGER NOT NULL CHECK (net_minor >= 0),"
  "  currency TEXT NOT NULL,"
  "  form TEXT NOT NULL CHECK (form IN ('1099-NEC', '1099-K', 'none')),"
  "  note TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX payments_day ON payments (day);"
  "CREATE TABLE log_timer ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  started_at INTEGER NOT NULL,"
  "  platform TEXT NOT NULL DEFAULT '',"
  "  note TEXT NOT NULL DEFAULT ''"
  ");"
  "INSERT INTO work_sets (set_id, name)"
  "  SELECT s.id, s.name FROM task_sets s"
  "  WHERE json_extract (s.header, '$.review') IS NULL"
  "    AND EXISTS (SELECT 1 FROM annotations a"
  "                WHERE a.set_id = s.id AND a.state = 'submitted' AND a.submitted_at IS NOT NULL)"
  "  ORDER BY s.id;"
  "INSERT INTO work_spans (annotator, work_set, task_id, started_at, ended_at, active_ms)"
  "  SELECT a.annotator, w.id, a.task_id, a.submitted_at - max (a.active_ms, 0), a.submitted_at,"
  "         max (a.active_ms, 0)"
  "  FROM annotations a JOIN work_sets w ON w.set_id = a.set_id"
  "  WHERE a.state = 'submitted' AND a.submitted_at IS NOT NULL"
  "  ORDER BY a.annotator, w.id, a.submitted_at;",

  /* 11: author and red-team tasks, which give a brief in place of a
   * prompt; the word index holds the brief. The kinds' CHECK is widened
   * where the schema is written (widen_task_kinds), since SQLite cannot
   * alter a constraint and rebuilding tasks would cascade to the work. */
  "DROP TRIGGER tasks_uncounted;"
  "CREATE TRIGGER tasks_uncounted AFTER DELETE ON tasks BEGIN"
  "  UPDATE counts SET n = n - 1"
  "   WHERE set_id = OLD.set_id AND annotator = '' AND state = 'task' AND kind = OLD.kind;"
  "  INSERT INTO task_prompts (task_prompts, rowid, prompt)"
  "   VALUES ('delete', OLD.id, " TASK_TEXT ("OLD.raw") ");"
  "END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RUBRIC_STORE_SCHEMA_VERSION);

static RubricError
error_code_for (int sqlite_code)
{
  switch (sqlite_code & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return RUBRIC_ERROR_DAMAGED;
    default:
      return RUBRIC_ERROR_STORE;
    }
}

gboolean
_rubric_store_fail (RubricStore  *self,
                    GError      **error)
{
  g_set_error (error, RUBRIC_ERROR, error_code_for (sqlite3_errcode (self->db)), _("Workspace %s: %s"),
               self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_rubric_store_exec (RubricStore  *self,
                    const char   *sql,
                    GError      **error)
{
  char *message = NULL;

  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, RUBRIC_ERROR, error_code_for (rc), _("Workspace %s: %s"), self->path,
                   message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Statements are prepared once and kept; callers get them reset. The
 * cache keeps its own copy of @sql: a caller may pass text it frees
 * (the tests build queries with g_strdup_printf). */
sqlite3_stmt *
_rubric_store_prepare (RubricStore  *self,
                       const char   *sql,
                       GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _rubric_store_fail (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/**
 * _rubric_store_index_tasks:
 *
 * Counts a set's tasks by kind, adds the prompts of those inserted
 * since @from_row (a row id; 0 for all) to the word index and notes
 * the set's range of rows, before the insert commits.
 */
gboolean
_rubric_store_index_tasks (RubricStore  *self,
                           gint64        set_id,
                           gint64        from_row,
                           GError      **error)
{
  static const char *sql[] = {
    "INSERT INTO counts (set_id, kind, annotator, state, n)"
    " SELECT set_id, kind, '', 'task', count(*) FROM tasks WHERE set_id = ?1 AND ?2 = ?2 GROUP BY kind"
    " ON CONFLICT DO UPDATE SET n = excluded.n",
    /* All the set's tasks by the set; from a row on (an import indexes
     * its tasks' words as it writes them, and its repeats here) by row
     * id. */
    "INSERT INTO task_prompts (rowid, prompt)"
    " SELECT id, " TASK_TEXT ("raw") " FROM tasks WHERE set_id = ?1 AND ?2 = 0",
    "INSERT INTO task_prompts (rowid, prompt)"
    " SELECT id, " TASK_TEXT ("raw") " FROM tasks WHERE id >= ?2 AND +set_id = ?1",
    "UPDATE task_sets SET (first_task, last_task) = (" TASK_RANGE ("?1") ") WHERE id = ?1 AND ?2 = ?2",
  };
  int version = rubric_store_get_schema_version (self);

  /* Tests write older workspaces, which have none of them. */
  if (version < 8)
    return TRUE;
  for (guint i = 0; i < (version < 9 ? 3 : G_N_ELEMENTS (sql)); i++)
    {
      sqlite3_stmt *stmt;
      int rc;

      if (i == (from_row > 0 ? 1 : 2))
        continue;
      stmt = _rubric_store_prepare (self, sql[i], error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, set_id);
      sqlite3_bind_int64 (stmt, 2, from_row);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rubric_store_fail (self, error);
    }
  return TRUE;
}

sqlite3 *
_rubric_store_get_db (RubricStore *self)
{
  return self->db;
}

static int
read_schema_version (RubricStore  *self,
                     GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "PRAGMA user_version", error);
  int rc;
  int version;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  version = rc == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    _rubric_store_fail (self, error);
  return version;
}

int
rubric_store_get_schema_version (RubricStore *self)
{
  return read_schema_version (self, NULL);
}

/* The one change SQLite makes in the schema's text: a CHECK that
 * allows more is safe for every row already there (SQLite's "ALTER
 * TABLE" page, on changes that leave the file's format alone). The
 * schema cookie goes up so that every connection reads it again. */
static gboolean
widen_task_kinds (RubricStore  *self,
                  GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "PRAGMA schema_version", error);
  g_autofree char *sql = NULL;
  int cookie;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _rubric_store_fail (self, error);
    }
  cookie = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  sql = g_strdup_printf ("PRAGMA writable_schema = ON;"
                         "UPDATE sqlite_schema SET sql = replace (sql, \"" OLD_KINDS "\", \"" KINDS "\")"
                         " WHERE type = 'table' AND name = 'tasks';"
                         "PRAGMA schema_version = %d;"
                         "PRAGMA writable_schema = OFF;", cookie + 1);
  return _rubric_store_exec (self, sql, error);
}

/* One step forward, read and written in one transaction: another
 * process may be opening the same workspace at the same moment. */
static gboolean
migrate_step (RubricStore  *self,
              int           version,
              gboolean     *done,
              GError      **error)
{
  g_autofree char *bump = NULL;
  int current;

  if (!rubric_store_begin (self, error))
    return FALSE;
  if ((current = read_schema_version (self, error)) < 0)
    goto failed;
  if (current > RUBRIC_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE,
                   _("Workspace %s was written by a newer Rubric (schema %d; this one knows %d)"),
                   self->path, current, RUBRIC_STORE_SCHEMA_VERSION);
      goto failed;
    }
  *done = current >= version;
  if (*done)
    return rubric_store_commit (self, error);

  bump = g_strdup_printf ("PRAGMA user_version = %d", current + 1);
  if (!_rubric_store_exec (self, migrations[current], error) ||
      (current + 1 == 11 && !widen_task_kinds (self, error)) ||
      !_rubric_store_exec (self, bump, error) ||
      !rubric_store_commit (self, error))
    {
      g_prefix_error (error, _("Could not upgrade the workspace to schema %d: "), current + 1);
      goto failed;
    }
  return TRUE;

failed:
  rubric_store_rollback (self);
  return FALSE;
}

gboolean
_rubric_store_migrate_to (RubricStore  *self,
                          int           version,
                          GError      **error)
{
  int current = read_schema_version (self, error);
  gboolean done = FALSE;

  if (current < 0)
    return FALSE;
  /* Opening an up-to-date workspace writes nothing. */
  if (current == version)
    return TRUE;
  while (!done)
    {
      if (!migrate_step (self, version, &done, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/*
 * The workspace holds people's work: readable by its owner only. Only
 * SQLite ever opens the file: closing any other descriptor of it would
 * drop every POSIX lock this process holds on it, and another process
 * would then take itself for the last reader and delete the WAL. So the
 * mode is set by path, right after SQLite created the file and before
 * the first write creates the WAL and SHM, which take the same mode.
 */
static void
make_private (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 0077) != 0)
    g_chmod (path, st.st_mode & 0700);
}

RubricStore *
_rubric_store_new_at (const char  *path,
                      int          version,
                      GError     **error)
{
  g_autoptr(RubricStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!make_folder (path, error))
    return NULL;

  self = g_object_new (RUBRIC_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      _rubric_store_fail (self, error);
      return NULL;
    }
  /* SQLite opens a file it may not write read-only, and would fail at
   * the first save, after making a -wal and -shm it cannot remove. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE,
                   _("Workspace %s is read-only: nothing can be saved to it, and nothing was changed"), path);
      return NULL;
    }
  make_private (path);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);

  /* Tasks of a few KB waste half of a 4 KB page, and SQLite writes
   * its log a page at a time: an import of 250 MB in 16 KB pages spent
   * a third of its time committing (0.6 s of 1.1-1.3 s saved with the
   * largest page, 64 KB). The page size only takes on a new database,
   * before WAL. */
  if (!_rubric_store_exec (self,
                           "PRAGMA page_size = 65536;"
                           "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = NORMAL;"
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA cache_size = -32768;",
                           error) ||
      !_rubric_store_migrate_to (self, version, error) ||
      !_rubric_store_exec (self, "SELECT count(*) FROM sqlite_schema", error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * rubric_store_new:
 * @path: the workspace database, created if missing
 *
 * Opens a workspace and brings its schema up to date.
 */
RubricStore *
rubric_store_new (const char  *path,
                  GError     **error)
{
  return _rubric_store_new_at (path, RUBRIC_STORE_SCHEMA_VERSION, error);
}

/* Whether the last error was that a WAL workspace's shared-memory
 * file (-shm) could neither be opened nor made: its folder is
 * read-only. */
static gboolean
cannot_share_memory (RubricStore *self)
{
  int code = sqlite3_extended_errcode (self->db);

  return code == SQLITE_READONLY_DIRECTORY || code == SQLITE_READONLY_CANTINIT || (code & 0xff) == SQLITE_CANTOPEN;
}

/**
 * rubric_store_open_read_only:
 *
 * Opens an existing workspace for reading only, for the commands that
 * only read (stats, export): nothing is created, upgraded or written,
 * and a workspace on a read-only disk, or in a file one may not write,
 * can still be read.
 *
 * A workspace one may write is opened as any other, but only queried:
 * the last connection to close it then removes the -wal and -shm files
 * that reading made. One that may not be written is opened read-only;
 * were its -wal and -shm made now, they would be left behind, and
 * made with its read-only mode they would keep every later writer
 * out. So when there is no -wal (no process has it open, and the file
 * holds all of it) it is read as an immutable file, and nothing is
 * made.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RubricStore *
rubric_store_open_read_only (const char  *path,
                             GError     **error)
{
  g_autoptr(RubricStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *uri = NULL;
  gboolean writable;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("%s: no workspace there; nothing was created"), path);
      return NULL;
    }
  dir = g_path_get_dirname (path);
  wal = g_strconcat (path, "-wal", NULL);
  writable = g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0;
  if (!writable && !g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *escaped = g_uri_escape_string (path, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, FALSE);

      uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
    }
  self = g_object_new (RUBRIC_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (sqlite3_open_v2 (uri != NULL ? uri : path, &self->db,
                       (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX |
                       (uri != NULL ? SQLITE_OPEN_URI : 0),
                       NULL) != SQLITE_OK)
    {
      _rubric_store_fail (self, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);
  if (!_rubric_store_exec (self, "PRAGMA query_only = ON", error))
    return NULL;
  if (!_rubric_store_exec (self, "SELECT count(*) FROM sqlite_schema", &local_error))
    {
      if (!writable && uri == NULL && cannot_share_memory (self))
        g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE,
                     _("Workspace %s cannot be read: its folder is read-only, and the changes in %s need a "
                     "file beside it (-shm) that cannot be made there"), path, wal);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  version = rubric_store_get_schema_version (self);
  if (version != RUBRIC_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED,
                   version < RUBRIC_STORE_SCHEMA_VERSION
                   ? _("%s is a workspace of an older Rubric; open it once with Rubric (or any command that writes) to bring it up to date")
                   : _("%s is a workspace of a newer Rubric"),
                   path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

char *
rubric_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rubric", "workspace.db", NULL);
}

/**
 * rubric_store_check_foreign_path:
 *
 * Refuses @path when it is the workspace itself or one of SQLite's
 * files beside it: reading it as a task file, or writing an export over
 * it, would open and close it outside SQLite, and that drops this
 * process's locks on the workspace.
 */
gboolean
rubric_store_check_foreign_path (RubricStore  *self,
                                 const char   *path,
                                 GError      **error)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  GStatBuf target;

  g_return_val_if_fail (RUBRIC_IS_STORE (self), FALSE);

  if (g_stat (path, &target) != 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *own = g_strconcat (self->path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (own, &st) == 0 && st.st_dev == target.st_dev && st.st_ino == target.st_ino)
        {
          g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                       _("%s is Rubric's own workspace, not a task file or an export"), path);
          return FALSE;
        }
    }
  return TRUE;
}

const char *
rubric_store_get_path (RubricStore *self)
{
  g_return_val_if_fail (RUBRIC_IS_STORE (self), NULL);
  return self->path;
}

/*
 * After a write that failed and was rolled back: the WAL still holds
 * the pages it wrote, and SQLite keeps them, to reuse, for as long as
 * any connection has the workspace open (a failed import of a big file
 * left megabytes). On a full disk that is the space everyone needs. A
 * checkpoint that truncates the WAL gives it back; it is only tried,
 * without waiting for other connections, and when it fails nothing
 * changes.
 */
static void
release_wal (RubricStore *self)
{
  if (!sqlite3_get_autocommit (self->db) || sqlite3_db_readonly (self->db, "main") != 0)
    return;
  sqlite3_busy_timeout (self->db, 0);
  sqlite3_wal_checkpoint_v2 (self->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_busy_timeout (self->db, 5000);
}

gboolean
rubric_store_begin (RubricStore  *self,
                    GError      **error)
{
  return _rubric_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
rubric_store_commit (RubricStore  *self,
                     GError      **error)
{
  return _rubric_store_exec (self, "COMMIT", error);
}

void
rubric_store_rollback (RubricStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* Also when SQLite rolled back by itself, as on a full disk. */
  release_wal (self);
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  if (text == NULL)
    return NULL;
  return g_strndup ((const char *) text, sqlite3_column_bytes (stmt, column));
}

/**
 * _rubric_store_step_value:
 * @value: (out): the first column of the first row, 0 when there is none
 *
 * Steps a statement that yields at most one value, and resets it.
 *
 * Returns: %FALSE with @error set when SQLite failed
 */
gboolean
_rubric_store_step_value (RubricStore   *self,
                          sqlite3_stmt  *stmt,
                          gint64        *value,
                          GError       **error)
{
  int rc = sqlite3_step (stmt);

  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _rubric_store_fail (self, error);
}

/**
 * _rubric_store_run_alone:
 * @sql: a statement with one parameter, bound to @value
 * @changes: (out): the rows it changed
 *
 * Runs @sql in a write transaction of its own: all of it or nothing.
 */
gboolean
_rubric_store_run_alone (RubricStore  *self,
                         const char   *sql,
                         gint64        value,
                         int          *changes,
                         GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!rubric_store_begin (self, error))
    return FALSE;
  if (!(stmt = _rubric_store_prepare (self, sql, error)))
    {
      rubric_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, value);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  *changes = sqlite3_changes (self->db);
  if (rc != SQLITE_DONE)
    _rubric_store_fail (self, error);
  if (rc != SQLITE_DONE || !rubric_store_commit (self, error))
    {
      rubric_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Steps a statement that yields one count, and resets it. */
static guint
step_count (RubricStore   *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  gint64 n;

  _rubric_store_step_value (self, stmt, &n, error);
  return (guint) n;
}

void
rubric_task_set_free (RubricTaskSet *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->source_path);
  g_free (self->content_hash);
  g_clear_pointer (&self->header, json_object_put);
  g_free (self);
}

#define TASK_SET_COLUMNS "id, name, source_path, content_hash, header, n_tasks, imported_at"

static RubricTaskSet *
task_set_from_row (sqlite3_stmt *stmt)
{
  RubricTaskSet *set = g_new0 (RubricTaskSet, 1);

  set->id = sqlite3_column_int64 (stmt, 0);
  set->name = column_strdup (stmt, 1);
  set->source_path = column_strdup (stmt, 2);
  set->content_hash = column_strdup (stmt, 3);
  set->header = json_tokener_parse ((const char *) sqlite3_column_text (stmt, 4));
  if (set->header == NULL)
    set->header = json_object_new_object ();
  set->n_tasks = sqlite3_column_int (stmt, 5);
  set->imported_at = sqlite3_column_int64 (stmt, 6);
  return set;
}

GPtrArray *
rubric_store_list_task_sets (RubricStore  *self,
                             GError      **error)
{
  /* A set still being imported has no name yet (rubric-import.c). */
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT " TASK_SET_COLUMNS " FROM task_sets"
                                              " WHERE deleted_at IS NULL AND name <> '' ORDER BY id", error);
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_task_set_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sets, task_set_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (self, error), NULL;
  return g_steal_pointer (&sets);
}

RubricTaskSet *
rubric_store_get_task_set (RubricStore  *self,
                           gint64        set_id,
                           GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT " TASK_SET_COLUMNS " FROM task_sets WHERE id = ?", error);
  RubricTaskSet *set = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, set_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    set = task_set_from_row (stmt);
  else
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("No task set %lld in this workspace"),
                 (long long) set_id);
  sqlite3_reset (stmt);
  return set;
}

/**
 * rubric_store_dup_column_map:
 * @source_path: the file a set was imported from (relative to the
 *   current directory, or absolute)
 *
 * The column map (FIELD=COLUMN) the last set imported from
 * @source_path was read with, if it was read with one.
 *
 * Returns: (transfer full) (nullable): the map, or %NULL when there is
 *   none, with @error set only if the workspace failed
 */
GStrv
rubric_store_dup_column_map (RubricStore  *self,
                             const char   *source_path,
                             GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT json_extract (header, '$.imported_from.map') FROM task_sets"
                                              " WHERE source_path = ? AND name <> ''"
                                              " AND json_type (header, '$.imported_from.map') = 'array'"
                                              " ORDER BY imported_at DESC, id DESC LIMIT 1", error);
  g_autoptr(json_object) array = NULL;
  g_autoptr(GStrvBuilder) map = NULL;
  g_autofree char *absolute = g_canonicalize_filename (source_path, NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, absolute, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    array = json_tokener_parse ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rubric_store_fail (self, error), NULL;
  if (array == NULL || !json_object_is_type (array, json_type_array))
    return NULL;
  map = g_strv_builder_new ();
  for (gsize i = 0; i < json_object_array_length (array); i++)
    {
      json_object *entry = json_object_array_get_idx (array, i);

      if (json_object_is_type (entry, json_type_string))
        g_strv_builder_add (map, json_object_get_string (entry));
    }
  return g_strv_builder_end (map);
}

guint
rubric_store_count_tasks (RubricStore  *self,
                          gint64        set_id,
                          GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT coalesce (max (n_tasks), 0) FROM task_sets WHERE id = ?",
                                              error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, set_id);
  return step_count (self, stmt, error);
}

/* A count kept in counts (migration 8): one probe, whatever the size. */
static guint
count_of (RubricStore  *self,
          gint64        set_id,
          const char   *annotator,
          const char   *state,
          GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT coalesce (sum (n), 0) FROM counts"
                                              " WHERE set_id = ? AND annotator = ? AND state = ?", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);
  return step_count (self, stmt, error);
}

guint
rubric_store_count_state (RubricStore            *self,
                          gint64                  set_id,
                          const char             *annotator,
                          RubricAnnotationState   state,
                          GError                **error)
{
  return count_of (self, set_id, annotator, rubric_annotation_state_to_string (state), error);
}

static GPtrArray *read_rows (RubricStore   *self,
                             sqlite3_stmt  *stmt,
                             guint          offset,
                             GError       **error);

void
rubric_task_row_free (RubricTaskRow *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->preview);
  g_free (self);
}

/* The id a row shows: a repeat's is its original's, never its own
 * ext_id (see find_original); the task's text is read only for an
 * ext_id that could be a repeat's. */
#define SHOWN_ID \
  "CASE WHEN t.ext_id GLOB '*" RUBRIC_REPEAT_SUFFIX "*' THEN coalesce (json_extract (t.raw, '$.id'), t.ext_id) ELSE t.ext_id END"

/**
 * rubric_store_get_task_rows:
 *
 * Reads one page of a task set's list: what the task list shows,
 * never the tasks' text.
 *
 * Returns: (transfer full) (element-type RubricTaskRow): the rows
 */
GPtrArray *
rubric_store_get_task_rows (RubricStore  *self,
                            gint64        set_id,
                            const char   *annotator,
                            guint         offset,
                            guint         limit,
                            GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT t.id, t.ord, " SHOWN_ID ", t.kind, t.preview, a.state"
                                              " FROM tasks t LEFT JOIN annotations a"
                                              "   ON a.task_id = t.id AND a.annotator = ?"
                                              " WHERE t.set_id = ? AND t.ord >= ? ORDER BY t.ord LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, set_id);
  sqlite3_bind_int (stmt, 3, offset);
  sqlite3_bind_int (stmt, 4, limit);
  return read_rows (self, stmt, offset, error);
}

gboolean
rubric_task_query_is_all (const RubricTaskQuery *query)
{
  return query == NULL || (query->state == RUBRIC_FILTER_ALL && (query->search == NULL || *query->search == '\0'));
}

/*
 * The filtered lists. Each reads by an index in task order and stops
 * at its page (a search goes in the order of import, which is the
 * file's but for repeats, placed last): a filter by state from the annotator's annotations by state,
 * flagged ones from a partial index, a search from the prompts' word
 * index, and only "to do" and a search without a word (punctuation
 * alone) by walking the tasks. Counts come from counts, or from the
 * word index for a search.
 */
#define STATE_WHERE \
  "   AND (?3 = 0" \
  "     OR (?3 = 1 AND a.state IS NULL)" \
  "     OR (?3 = 2 AND a.state = 'draft')" \
  "     OR (?3 = 3 AND a.state = 'submitted')" \
  "     OR (?3 = 4 AND a.state = 'skipped')" \
  "     OR (?3 = 5 AND " FLAGGED ("a.data") "))"

#define MATCH_WHERE \
  " WHERE t.set_id = ?2" STATE_WHERE \
  "   AND (?4 IS NULL OR instr (lower (" TASK_TEXT ("t.raw") "), lower (?4)) > 0)"


#define ROW_COLUMNS "t.id, t.ord, " SHOWN_ID ", t.kind, t.preview, a.state"

/*
 * The search as the word index takes it: every word of the search text
 * (a run of letters and digits, as unicode61 splits text) must begin a
 * word of the prompt, in any order — "water cyc" finds "the cycle of
 * water". NULL when the text has no word at all; such a search walks
 * the prompts for the text itself.
 */
static char *
word_query (const RubricTaskQuery *query)
{
  g_autoptr(GString) match = g_string_new (NULL);
  const char *p;
  const char *start = NULL;

  if (query == NULL || query->search == NULL)
    return NULL;
  for (p = query->search;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word = c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));

      if (word && start == NULL)
        start = p;
      else if (!word && start != NULL)
        {
          /* A word is letters and digits: no quote to escape. */
          g_string_append_printf (match, "%s\"%.*s\"*", match->len ? " AND " : "", (int) (p - start), start);
          start = NULL;
        }
      if (c == 0)
        break;
    }
  return match->len > 0 ? g_string_free (g_steal_pointer (&match), FALSE) : NULL;
}

static const char *
state_name (RubricFilter filter)
{
  switch (filter)
    {
    case RUBRIC_FILTER_DRAFT:
      return "draft";
    case RUBRIC_FILTER_SUBMITTED:
      return "submitted";
    case RUBRIC_FILTER_SKIPPED:
      return "skipped";
    case RUBRIC_FILTER_FLAGGED:
      return "flagged";
    case RUBRIC_FILTER_ALL:
    case RUBRIC_FILTER_TODO:
    default:
      return NULL;
    }
}

static void
bind_query (sqlite3_stmt          *stmt,
            gint64                 set_id,
            const char            *annotator,
            const RubricTaskQuery *query)
{
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, set_id);
  sqlite3_bind_int (stmt, 3, query ? query->state : RUBRIC_FILTER_ALL);
  if (query != NULL && query->search != NULL && *query->search != '\0')
    sqlite3_bind_text (stmt, 4, query->search, -1, SQLITE_TRANSIENT);
}

/* Whether a search of @query can go by the word index alone: the whole
 * set (no filter by state), its tasks rows @first to @last. */
static gboolean
whole_set_range (RubricStore           *self,
                 gint64                 set_id,
                 const RubricTaskQuery *query,
                 gint64                *first,
                 gint64                *last)
{
  sqlite3_stmt *stmt;
  int rc;

  if (query->state != RUBRIC_FILTER_ALL)
    return FALSE;
  stmt = _rubric_store_prepare (self, "SELECT first_task, last_task FROM task_sets WHERE id = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  rc = sqlite3_step (stmt);
  *first = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  *last = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 1) : -1;
  sqlite3_reset (stmt);
  return *first <= *last;
}

guint
rubric_store_count_matching (RubricStore            *self,
                             gint64                  set_id,
                             const char             *annotator,
                             const RubricTaskQuery  *query,
                             GError                **error)
{
  g_autofree char *words = NULL;
  sqlite3_stmt *stmt;
  gint64 first, last;

  if (rubric_task_query_is_all (query))
    return rubric_store_count_tasks (self, set_id, error);
  if (query->search == NULL || *query->search == '\0')
    {
      if (query->state == RUBRIC_FILTER_TODO)
        {
          guint total = rubric_store_count_tasks (self, set_id, error);
          guint begun = count_of (self, set_id, annotator, "draft", error) +
                        count_of (self, set_id, annotator, "submitted", error) +
                        count_of (self, set_id, annotator, "skipped", error);

          return total > begun ? total - begun : 0;
        }
      return count_of (self, set_id, annotator, state_name (query->state), error);
    }
  words = word_query (query);
  if (words != NULL && whole_set_range (self, set_id, query, &first, &last))
    {
      stmt = _rubric_store_prepare (self,
                                    "SELECT count(*) FROM task_prompts"
                                    " WHERE task_prompts MATCH ?1 AND rowid BETWEEN ?2 AND ?3", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, words, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, first);
      sqlite3_bind_int64 (stmt, 3, last);
      return step_count (self, stmt, error);
    }
  if (words != NULL)
    stmt = _rubric_store_prepare (self,
                                  "SELECT count(*) FROM task_prompts s CROSS JOIN tasks t ON t.id = s.rowid"
                                  " LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                                  " WHERE task_prompts MATCH ?4 AND t.set_id = ?2" STATE_WHERE, error);
  else
    stmt = _rubric_store_prepare (self,
                                  "SELECT count(*) FROM tasks t LEFT JOIN annotations a"
                                  "   ON a.task_id = t.id AND a.annotator = ?1" MATCH_WHERE, error);
  if (stmt == NULL)
    return 0;
  bind_query (stmt, set_id, annotator, query);
  if (words != NULL)
    sqlite3_bind_text (stmt, 4, words, -1, SQLITE_TRANSIENT);
  return step_count (self, stmt, error);
}

/* Appends the rows @stmt gives to @rows, the first at @offset + its length. */
static gboolean
read_rows_into (RubricStore   *self,
                sqlite3_stmt  *stmt,
                guint          offset,
                GPtrArray     *rows,
                GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RubricTaskRow *row = g_new0 (RubricTaskRow, 1);

      row->row_id = sqlite3_column_int64 (stmt, 0);
      row->ord = sqlite3_column_int (stmt, 1);
      row->position = offset + rows->len;
      row->id = column_strdup (stmt, 2);
      row->kind = rubric_task_kind_from_string ((const char *) sqlite3_column_text (stmt, 3));
      row->preview = column_strdup (stmt, 4);
      row->state = rubric_annotation_state_from_string ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (self, error);
  return TRUE;
}

static GPtrArray *
read_rows (RubricStore   *self,
           sqlite3_stmt  *stmt,
           guint          offset,
           GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_task_row_free);

  if (!read_rows_into (self, stmt, offset, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/*
 * Progress by blocks (progress_blocks): a walk over a set's blocks in
 * order, those the annotator never touched included (they have no row).
 */
typedef struct
{
  RubricStore  *store;
  sqlite3_stmt *stmt;
  guint         n_tasks;
  gint64        block;      /* the block the walk stands on */
  gint64        last;       /* the last block of the walk */
  gint64        row_block;  /* the block of the row read ahead; -1 at the end */
  gint64        begun;      /* the block's figures */
  gint64        done;
  int           rc;
} BlockWalk;

static void
block_walk_read (BlockWalk *walk)
{
  walk->rc = sqlite3_step (walk->stmt);
  walk->row_block = walk->rc == SQLITE_ROW ? sqlite3_column_int64 (walk->stmt, 0) : -1;
}

static gboolean
block_walk_start (BlockWalk    *walk,
                  RubricStore  *self,
                  gint64        set_id,
                  const char   *annotator,
                  guint         from_ord,
                  guint         to_ord,
                  GError      **error)
{
  GError *local_error = NULL;

  *walk = (BlockWalk) { self, NULL, rubric_store_count_tasks (self, set_id, &local_error), 0, -1, -1, 0, 0, SQLITE_DONE };
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  walk->stmt = _rubric_store_prepare (self,
                                      "SELECT block, begun, done FROM progress_blocks"
                                      " WHERE set_id = ? AND annotator = ? AND block >= ? AND block <= ? ORDER BY block",
                                      error);
  if (walk->stmt == NULL)
    return FALSE;
  walk->block = (gint64) (from_ord >> RUBRIC_BLOCK_SHIFT) - 1;
  walk->last = ((gint64) MIN (to_ord, walk->n_tasks) - 1) >> RUBRIC_BLOCK_SHIFT;
  sqlite3_bind_int64 (walk->stmt, 1, set_id);
  sqlite3_bind_text (walk->stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (walk->stmt, 3, walk->block + 1);
  sqlite3_bind_int64 (walk->stmt, 4, walk->last);
  block_walk_read (walk);
  return TRUE;
}

/* Steps to the next block; FALSE at the end of the walk, or on an error. */
static gboolean
block_walk_next (BlockWalk *walk)
{
  if (walk->rc != SQLITE_ROW && walk->rc != SQLITE_DONE)
    return FALSE;
  if (++walk->block > walk->last)
    return FALSE;
  walk->begun = walk->done = 0;
  if (walk->row_block == walk->block)
    {
      walk->begun = sqlite3_column_int64 (walk->stmt, 1);
      walk->done = sqlite3_column_int64 (walk->stmt, 2);
      block_walk_read (walk);
    }
  return TRUE;
}

static guint
block_walk_size (const BlockWalk *walk)
{
  guint start = (guint) walk->block << RUBRIC_BLOCK_SHIFT;

  return start >= walk->n_tasks ? 0 : MIN (RUBRIC_BLOCK_SIZE, walk->n_tasks - start);
}

static gboolean
block_walk_end (BlockWalk  *walk,
                GError    **error)
{
  int rc = walk->rc;

  if (walk->stmt != NULL)
    sqlite3_reset (walk->stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rubric_store_fail (walk->store, error);
  return TRUE;
}

/* A page of the "to do" list: the blocks' counts find the block its
 * first row is in, and only blocks with something to do are read. */
static GPtrArray *
get_todo_rows (RubricStore  *self,
               gint64        set_id,
               const char   *annotator,
               guint         offset,
               guint         limit,
               GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_task_row_free);
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT " ROW_COLUMNS
                                              " FROM tasks t LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                                              " WHERE t.set_id = ?2 AND t.ord >= ?3 AND t.ord < ?4 AND a.state IS NULL"
                                              " ORDER BY t.ord LIMIT ?5 OFFSET ?6", error);
  BlockWalk walk;
  guint skip = offset;

  if (stmt == NULL || !block_walk_start (&walk, self, set_id, annotator, 0, G_MAXUINT, error))
    return NULL;
  while (rows->len < limit && block_walk_next (&walk))
    {
      guint todo = block_walk_size (&walk) - (guint) MIN (walk.begun, block_walk_size (&walk));

      if (skip >= todo)
        {
          skip -= todo;
          continue;
        }
      sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, set_id);
      sqlite3_bind_int64 (stmt, 3, walk.block << RUBRIC_BLOCK_SHIFT);
      sqlite3_bind_int64 (stmt, 4, (walk.block + 1) << RUBRIC_BLOCK_SHIFT);
      sqlite3_bind_int (stmt, 5, limit - rows->len);
      sqlite3_bind_int (stmt, 6, skip);
      skip = 0;
      if (!read_rows_into (self, stmt, offset, rows, error))
        {
          block_walk_end (&walk, NULL);
          return NULL;
        }
    }
  if (!block_walk_end (&walk, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/**
 * rubric_store_get_matching_rows:
 *
 * One page of the tasks that @query lets through, in file order.
 */
GPtrArray *
rubric_store_get_matching_rows (RubricStore            *self,
                                gint64                  set_id,
                                const char             *annotator,
                                const RubricTaskQuery  *query,
                                guint                   offset,
                                guint                   limit,
                                GError                **error)
{
  g_autofree char *words = NULL;
  sqlite3_stmt *stmt;
  gint64 first, last;

  if (rubric_task_query_is_all (query))
    return rubric_store_get_task_rows (self, set_id, annotator, offset, limit, error);
  words = word_query (query);
  if (words != NULL && whole_set_range (self, set_id, query, &first, &last))
    {
      /* The page's row ids from the word index, then only their tasks. */
      stmt = _rubric_store_prepare (self,
                                    "SELECT " ROW_COLUMNS " FROM (SELECT rowid FROM task_prompts"
                                    "   WHERE task_prompts MATCH ?4 AND rowid BETWEEN ?7 AND ?8 AND ?2 = ?2 AND ?3 = 0"
                                    "   ORDER BY rowid LIMIT ?5 OFFSET ?6) s"
                                    " CROSS JOIN tasks t ON t.id = s.rowid"
                                    " LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                                    " ORDER BY s.rowid", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 7, first);
      sqlite3_bind_int64 (stmt, 8, last);
    }
  else if (words != NULL)
    stmt = _rubric_store_prepare (self,
                                  "SELECT " ROW_COLUMNS " FROM task_prompts s CROSS JOIN tasks t ON t.id = s.rowid"
                                  " LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                                  " WHERE task_prompts MATCH ?4 AND t.set_id = ?2" STATE_WHERE
                                  " ORDER BY s.rowid LIMIT ?5 OFFSET ?6", error);
  else if ((query->search == NULL || *query->search == '\0') && query->state == RUBRIC_FILTER_TODO)
    return get_todo_rows (self, set_id, annotator, offset, limit, error);
  else if ((query->search == NULL || *query->search == '\0') && query->state == RUBRIC_FILTER_FLAGGED)
    stmt = _rubric_store_prepare (self,
                                  "SELECT " ROW_COLUMNS " FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                  " WHERE a.set_id = ?2 AND a.annotator = ?1 AND ?3 = 5 AND ?4 IS NULL"
                                  "   AND json_extract (a.data, '$.flags') <> '{}' AND " FLAGGED ("a.data")
                                  " ORDER BY a.ord LIMIT ?5 OFFSET ?6", error);
  else if ((query->search == NULL || *query->search == '\0') && state_name (query->state) != NULL)
    stmt = _rubric_store_prepare (self,
                                  "SELECT " ROW_COLUMNS " FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                  " WHERE a.set_id = ?2 AND a.annotator = ?1 AND ?4 IS NULL"
                                  "   AND a.state = CASE ?3 WHEN 2 THEN 'draft' WHEN 3 THEN 'submitted' ELSE 'skipped' END"
                                  " ORDER BY a.ord LIMIT ?5 OFFSET ?6", error);
  else
    stmt = _rubric_store_prepare (self,
                                  "SELECT " ROW_COLUMNS
                                  " FROM tasks t LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                                  MATCH_WHERE " ORDER BY t.ord LIMIT ?5 OFFSET ?6", error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, set_id, annotator, query);
  if (words != NULL)
    sqlite3_bind_text (stmt, 4, words, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, limit);
  sqlite3_bind_int (stmt, 6, offset);
  return read_rows (self, stmt, offset, error);
}

/* One count with up to seven bound values: ?1 annotator, ?2 set, ?3
 * filter, ?4 search (or its word query), ?7 a row id or position. */
static gboolean
count_with (RubricStore            *self,
            const char             *sql,
            gint64                  set_id,
            const char             *annotator,
            const RubricTaskQuery  *query,
            const char             *words,
            gint64                  bound,
            guint                  *count,
            GError                **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, sql, error);
  gint64 value = 0;

  if (stmt == NULL)
    return FALSE;
  bind_query (stmt, set_id, annotator, query);
  if (words != NULL)
    sqlite3_bind_text (stmt, 4, words, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, bound);
  if (!_rubric_store_step_value (self, stmt, &value, error))
    return FALSE;
  *count = (guint) value;
  return TRUE;
}

/**
 * rubric_store_find_matching_position:
 * @position: (out): where the task stands in the list @query gives
 *
 * Finds a task's place in a filtered list by counting what comes before
 * it, by index: never by walking the list.
 *
 * Returns: %TRUE when the task is in the list; %FALSE when it is not,
 *   or with @error set when the workspace could not be read
 */
gboolean
rubric_store_find_matching_position (RubricStore            *self,
                                     gint64                  set_id,
                                     const char             *annotator,
                                     const RubricTaskQuery  *query,
                                     gint64                  row_id,
                                     guint                  *position,
                                     GError                **error)
{
  RubricTaskQuery all = { RUBRIC_FILTER_ALL, NULL };
  g_autofree char *words = NULL;
  gboolean searching = query != NULL && query->search != NULL && *query->search != '\0';
  sqlite3_stmt *stmt;
  gint64 first, last;
  gint64 ord;
  guint member = 0;

  if (query == NULL)
    query = &all;
  stmt = _rubric_store_prepare (self, "SELECT ord FROM tasks WHERE id = ? AND set_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int64 (stmt, 2, set_id);
  ord = -1;
  if (!_rubric_store_step_value (self, stmt, &ord, error) || ord < 0)
    return FALSE;

  if (rubric_task_query_is_all (query))
    {
      *position = (guint) ord;
      return TRUE;
    }
  words = word_query (query);
  if (words != NULL && whole_set_range (self, set_id, query, &first, &last))
    {
      gint64 before = 0;

      stmt = _rubric_store_prepare (self,
                                    "SELECT count(*) FILTER (WHERE rowid < ?3), count(*) FILTER (WHERE rowid = ?3)"
                                    " FROM task_prompts WHERE task_prompts MATCH ?1 AND rowid BETWEEN ?2 AND ?3", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, words, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, first);
      sqlite3_bind_int64 (stmt, 3, row_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          before = sqlite3_column_int64 (stmt, 0);
          member = (guint) sqlite3_column_int64 (stmt, 1);
        }
      else if (sqlite3_errcode (_rubric_store_get_db (self)) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          return _rubric_store_fail (self, error);
        }
      sqlite3_reset (stmt);
      *position = (guint) before;
      return member > 0;
    }
  if (words != NULL)
    return count_with (self,
                       "SELECT count(*) FROM task_prompts s CROSS JOIN tasks t ON t.id = s.rowid"
                       " LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                       " WHERE task_prompts MATCH ?4 AND t.set_id = ?2" STATE_WHERE " AND s.rowid = ?7",
                       set_id, annotator, query, words, row_id, &member, error) && member > 0 &&
           count_with (self,
                       "SELECT count(*) FROM task_prompts s CROSS JOIN tasks t ON t.id = s.rowid"
                       " LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                       " WHERE task_prompts MATCH ?4 AND t.set_id = ?2" STATE_WHERE " AND s.rowid < ?7",
                       set_id, annotator, query, words, row_id, position, error);
  if (searching)
    return count_with (self,
                       "SELECT count(*) FROM tasks t LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                       MATCH_WHERE " AND t.id = ?7", set_id, annotator, query, NULL, row_id, &member, error) &&
           member > 0 &&
           count_with (self,
                       "SELECT count(*) FROM tasks t LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                       MATCH_WHERE " AND t.ord < ?7", set_id, annotator, query, NULL, ord, position, error);
  /* A filter by state alone: the task's own annotation says whether it
   * is in, the annotator's annotations before it where it stands. */
  if (!count_with (self,
                   "SELECT count(*) FROM tasks t LEFT JOIN annotations a ON a.task_id = t.id AND a.annotator = ?1"
                   " WHERE t.id = ?7 AND t.set_id = ?2 AND ?4 IS NULL" STATE_WHERE,
                   set_id, annotator, query, NULL, row_id, &member, error) || member == 0)
    return FALSE;
  if (query->state == RUBRIC_FILTER_TODO)
    {
      /* What was begun before it: whole blocks by their counts, its own
       * block by the annotations in it. */
      guint blocks_begun = 0;
      guint begun = 0;

      if (!count_with (self,
                       "SELECT coalesce (sum (begun), 0) FROM progress_blocks WHERE set_id = ?2 AND annotator = ?1"
                       "   AND ?3 = 1 AND ?4 IS NULL AND block < (?7 >> " G_STRINGIFY (RUBRIC_BLOCK_SHIFT) ")",
                       set_id, annotator, query, NULL, ord, &blocks_begun, error) ||
          !count_with (self,
                       "SELECT count(*) FROM annotations a WHERE a.set_id = ?2 AND a.annotator = ?1 AND ?3 = 1"
                       "   AND ?4 IS NULL AND a.state IN ('draft', 'submitted', 'skipped') AND a.ord < ?7"
                       "   AND a.ord >= (?7 >> " G_STRINGIFY (RUBRIC_BLOCK_SHIFT) ") << " G_STRINGIFY (RUBRIC_BLOCK_SHIFT),
                       set_id, annotator, query, NULL, ord, &begun, error))
        return FALSE;
      *position = (guint) ord - blocks_begun - begun;
      return TRUE;
    }
  if (query->state == RUBRIC_FILTER_FLAGGED)
    return count_with (self,
                       "SELECT count(*) FROM annotations a WHERE a.set_id = ?2 AND a.annotator = ?1 AND ?3 = 5"
                       "   AND ?4 IS NULL AND json_extract (a.data, '$.flags') <> '{}' AND " FLAGGED ("a.data")
                       "   AND a.ord < ?7", set_id, annotator, query, NULL, ord, position, error);
  return count_with (self,
                     "SELECT count(*) FROM annotations a WHERE a.set_id = ?2 AND a.annotator = ?1 AND ?4 IS NULL"
                     "   AND a.state = CASE ?3 WHEN 2 THEN 'draft' WHEN 3 THEN 'submitted' ELSE 'skipped' END"
                     "   AND a.ord < ?7", set_id, annotator, query, NULL, ord, position, error);
}

/* The first position in [@from_ord, @to_ord) that the annotator has
 * not done, by the done annotations' positions in index order: the
 * first gap in their run. @to_ord when there is none. */
static gboolean
first_not_done (RubricStore  *self,
                gint64        set_id,
                const char   *annotator,
                guint         from_ord,
                guint         to_ord,
                guint        *ord,
                GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT ord FROM annotations"
                                              " WHERE set_id = ?1 AND annotator = ?2 AND state IN ('submitted', 'skipped')"
                                              "   AND ord >= ?3 AND ord < ?4 ORDER BY ord", error);
  guint expect = from_ord;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, from_ord);
  sqlite3_bind_int64 (stmt, 4, to_ord);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && (guint) sqlite3_column_int64 (stmt, 0) == expect)
    expect++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rubric_store_fail (self, error);
  *ord = expect;
  return TRUE;
}

/* The first open task at @from_ord or after it and before @to_ord:
 * blocks whose tasks are all done are skipped by their counts, and in
 * the others the done annotations' positions read by index, no more
 * than a block of them at a time. */
static gint64
first_open_task (RubricStore  *self,
                 gint64        set_id,
                 const char   *annotator,
                 guint         from_ord,
                 guint         to_ord,
                 guint        *ord,
                 GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT id FROM tasks WHERE set_id = ? AND ord = ?", error);
  BlockWalk walk;
  gint64 row_id = 0;
  gboolean ok = TRUE;

  if (stmt == NULL || from_ord >= to_ord ||
      !block_walk_start (&walk, self, set_id, annotator, from_ord, to_ord, error))
    return 0;
  while (row_id == 0 && ok && block_walk_next (&walk))
    {
      guint start = (guint) walk.block << RUBRIC_BLOCK_SHIFT;
      guint end = (guint) MIN ((gint64) start + block_walk_size (&walk), (gint64) to_ord);
      guint found = end;

      if (walk.done >= block_walk_size (&walk))
        continue;
      ok = first_not_done (self, set_id, annotator, MAX (start, from_ord), end, &found, error);
      if (!ok || found >= end)
        continue;
      sqlite3_bind_int64 (stmt, 1, set_id);
      sqlite3_bind_int64 (stmt, 2, found);
      ok = _rubric_store_step_value (self, stmt, &row_id, error);
      *ord = found;
    }
  if (!block_walk_end (&walk, ok ? error : NULL))
    return 0;
  return ok ? row_id : 0;
}

/**
 * rubric_store_next_open_task:
 * @after_ord: the position to search after; -1 to search from the start
 * @ord: (out): the position of the task found
 *
 * The next task, going round the set, that is neither submitted nor
 * skipped: by the progress of blocks of tasks, and a walk of at most a
 * block's tasks where one has something open, whatever the size of the
 * set and however long the run of finished tasks.
 *
 * Returns: its row id, or 0 when every task is done
 */
gint64
rubric_store_next_open_task (RubricStore  *self,
                             gint64        set_id,
                             const char   *annotator,
                             int           after_ord,
                             guint        *ord,
                             GError      **error)
{
  GError *local_error = NULL;
  guint from = after_ord < 0 ? 0 : (guint) after_ord + 1;
  gint64 row_id;

  row_id = first_open_task (self, set_id, annotator, from, G_MAXUINT, ord, &local_error);
  if (row_id == 0 && local_error == NULL && from > 0)
    row_id = first_open_task (self, set_id, annotator, 0, from, ord, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return row_id;
}

/* A repeat (rubric-import.c) holds its original's text whole, id
 * included, under an ext_id of its own: the one sign of a repeat. */
static gboolean
find_original (RubricStore  *self,
               RubricTask   *task,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT id FROM tasks WHERE set_id = ? AND ext_id = ?", error);
  gint64 row_id;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task->set_id);
  sqlite3_bind_text (stmt, 2, rubric_task_get_id (task), -1, SQLITE_TRANSIENT);
  if (!_rubric_store_step_value (self, stmt, &row_id, error))
    return FALSE;
  task->repeat_of = row_id;
  return TRUE;
}

RubricTask *
rubric_store_get_task (RubricStore  *self,
                       gint64        row_id,
                       GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT set_id, ord, raw, ext_id FROM tasks WHERE id = ?", error);
  RubricTask *task = NULL;
  gboolean repeat = FALSE;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      task = rubric_task_new_from_text ((const char *) sqlite3_column_text (stmt, 2),
                                        sqlite3_column_bytes (stmt, 2), error);
      if (task != NULL)
        {
          task->row_id = row_id;
          task->set_id = sqlite3_column_int64 (stmt, 0);
          task->ord = sqlite3_column_int (stmt, 1);
          repeat = g_strcmp0 (rubric_task_get_id (task), (const char *) sqlite3_column_text (stmt, 3)) != 0;
        }
    }
  else
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("No task %lld in this workspace"),
                 (long long) row_id);
  sqlite3_reset (stmt);
  if (repeat && !find_original (self, task, error))
    g_clear_pointer (&task, rubric_task_free);
  return task;
}

/**
 * rubric_store_task_is_current:
 * @task: a task this workspace gave, on this connection or another
 *
 * Whether @task's row still holds it where it was, in the same set at
 * the same place: for a task read ahead on another connection, with
 * rubric_store_get_data_version() unchanged since (rows are never
 * rewritten, but an import moves them, and a row id freed by a purge
 * may be given again).
 */
gboolean
rubric_store_task_is_current (RubricStore      *self,
                              const RubricTask *task)
{
  sqlite3_stmt *stmt;
  gboolean current = FALSE;

  g_return_val_if_fail (RUBRIC_IS_STORE (self), FALSE);
  g_return_val_if_fail (task != NULL, FALSE);

  if (!(stmt = _rubric_store_prepare (self, "SELECT set_id, ord FROM tasks WHERE id = ?", NULL)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task->row_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    current = sqlite3_column_int64 (stmt, 0) == task->set_id && sqlite3_column_int64 (stmt, 1) == task->ord;
  sqlite3_reset (stmt);
  return current;
}

/**
 * rubric_store_get_side_swap:
 * @randomize: the set's randomize_sides
 * @swapped: (out): whether to show @task's responses the other way round
 *
 * Which side @annotator is to see each response on, for work not yet
 * begun: per task and person with randomize_sides, and a repeat always
 * the other way round from its original, as that was shown or will be.
 *
 * Returns: %FALSE when the workspace could not be read
 */
gboolean
rubric_store_get_side_swap (RubricStore  *self,
                            RubricTask   *task,
                            gboolean      randomize,
                            const char   *annotator,
                            gboolean     *swapped,
                            GError      **error)
{
  g_autoptr(RubricAnnotation) original = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RUBRIC_IS_STORE (self), FALSE);
  g_return_val_if_fail (task != NULL && swapped != NULL, FALSE);

  *swapped = randomize && rubric_side_swap (rubric_task_get_id (task), annotator);
  if (task->repeat_of == 0)
    return TRUE;
  original = rubric_store_get_annotation (self, task->repeat_of, annotator, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *swapped = !(original != NULL ? original->swapped : *swapped);
  return TRUE;
}

#define ANNOTATION_COLUMNS \
  "id, set_id, state, choice, strength, justification, data," \
  " created_at, updated_at, submitted_at, active_ms, swapped, answer, revision, view_state"

static RubricAnnotation *
annotation_from_row (sqlite3_stmt  *stmt,
                     gint64         task_id,
                     const char    *annotator,
                     GError       **error)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (task_id, sqlite3_column_int64 (stmt, 1), annotator);

  annotation->id = sqlite3_column_int64 (stmt, 0);
  annotation->state = rubric_annotation_state_from_string ((const char *) sqlite3_column_text (stmt, 2));
  annotation->saved_state = annotation->state;
  annotation->choice = column_strdup (stmt, 3);
  annotation->strength = sqlite3_column_int (stmt, 4);
  g_free (annotation->justification);
  annotation->justification = column_strdup (stmt, 5);
  g_free (annotation->view_state);
  annotation->view_state = column_strdup (stmt, 14);
  if (!rubric_annotation_load_data (annotation, (const char *) sqlite3_column_text (stmt, 6), error))
    return NULL;
  annotation->created_at = sqlite3_column_int64 (stmt, 7);
  annotation->updated_at = sqlite3_column_int64 (stmt, 8);
  annotation->submitted_at = sqlite3_column_int64 (stmt, 9);
  annotation->active_ms = sqlite3_column_int64 (stmt, 10);
  annotation->swapped = sqlite3_column_int (stmt, 11);
  g_free (annotation->answer);
  annotation->answer = column_strdup (stmt, 12);
  annotation->revision = sqlite3_column_int64 (stmt, 13);
  return g_steal_pointer (&annotation);
}

/**
 * rubric_store_get_annotation:
 *
 * Reads the work of @annotator on a task.
 *
 * Returns: (transfer full) (nullable): the annotation, or %NULL with
 *   @error unset when there is none yet, or %NULL with @error set when
 *   the workspace could not be read
 */
RubricAnnotation *
rubric_store_get_annotation (RubricStore  *self,
                             gint64        task_id,
                             const char   *annotator,
                             GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT " ANNOTATION_COLUMNS
                                              " FROM annotations WHERE task_id = ? AND annotator = ?", error);
  RubricAnnotation *annotation = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, task_id);
  sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    annotation = annotation_from_row (stmt, task_id, annotator, error);
  else if (rc != SQLITE_DONE)
    _rubric_store_fail (self, error);
  sqlite3_reset (stmt);
  return annotation;
}

/**
 * rubric_store_list_annotations:
 *
 * Reads everyone's work on a task, by annotator.
 *
 * Returns: (transfer container) (element-type RubricAnnotation) (nullable):
 *   the annotations, or %NULL with @error set
 */
GPtrArray *
rubric_store_list_annotations (RubricStore  *self,
                               gint64        task_id,
                               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT " ANNOTATION_COLUMNS ", annotator"
                                              " FROM annotations WHERE task_id = ? ORDER BY annotator", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_annotation_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, task_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RubricAnnotation *annotation = annotation_from_row (stmt, task_id, (const char *) sqlite3_column_text (stmt, 15),
                                                          error);
      if (annotation == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (list, annotation);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (self, error), NULL;
  return g_steal_pointer (&list);
}

/**
 * rubric_store_get_revision:
 *
 * Returns: the revision of @annotator's work on a task, 0 when there is
 *   none, -1 with @error set when it could not be read
 */
gint64
rubric_store_get_revision (RubricStore  *self,
                           gint64        task_id,
                           const char   *annotator,
                           GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT revision FROM annotations WHERE task_id = ? AND annotator = ?",
                                              error);
  gint64 revision;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, task_id);
  sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  return _rubric_store_step_value (self, stmt, &revision, error) ? revision : -1;
}

/* Submitting, skipping and reopening must survive a power cut, not
 * only a crash: those commits sync the WAL. Drafts, saved every few
 * seconds while typing, keep WAL's crash-safe default. */
static gboolean
is_durable (const RubricAnnotation *annotation)
{
  return annotation->state != RUBRIC_ANNOTATION_DRAFT ||
         (annotation->saved_state != RUBRIC_ANNOTATION_NONE && annotation->saved_state != annotation->state);
}

static gboolean
set_synchronous (RubricStore  *self,
                 gboolean      full,
                 GError      **error)
{
  /* The level cannot change inside a transaction; one begun by the
   * caller is synced at its commit by the caller's choice. */
  if (!sqlite3_get_autocommit (self->db))
    return TRUE;
  return _rubric_store_exec (self, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", error);
}

/* The data is bound with the statement's lifetime: the caller resets
 * the statement before it frees @data. */
static void
bind_annotation (sqlite3_stmt     *stmt,
                 RubricAnnotation *annotation,
                 const char       *data,
                 gint64            now)
{
  sqlite3_bind_int64 (stmt, 1, annotation->task_id);
  sqlite3_bind_int64 (stmt, 2, annotation->set_id);
  sqlite3_bind_text (stmt, 3, annotation->annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, rubric_annotation_state_to_string (annotation->state), -1, SQLITE_STATIC);
  if (annotation->choice != NULL)
    sqlite3_bind_text (stmt, 5, annotation->choice, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, annotation->strength);
  sqlite3_bind_text (stmt, 7, annotation->justification ? annotation->justification : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, data, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, now);
  if (annotation->submitted_at != 0)
    sqlite3_bind_int64 (stmt, 10, annotation->submitted_at);
  sqlite3_bind_int64 (stmt, 11, annotation->active_ms);
  sqlite3_bind_int (stmt, 12, annotation->swapped);
  sqlite3_bind_text (stmt, 13, annotation->answer ? annotation->answer : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 14, annotation->id);
  sqlite3_bind_int64 (stmt, 15, annotation->revision);
  sqlite3_bind_text (stmt, 19, annotation->view_state ? annotation->view_state : "{}", -1, SQLITE_TRANSIENT);
}

static gboolean
conflict (RubricStore       *self,
          RubricAnnotation  *annotation,
          GError           **error)
{
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT,
               _("This task's work was saved by another window since this one loaded it"));
  return FALSE;
}

/* One write of the row: an insert for work never saved, else an update
 * of the revision that was read. Anything else is a conflict. */
static gboolean
write_annotation (RubricStore       *self,
                  RubricAnnotation  *annotation,
                  GError           **error)
{
  static const char *insert_sql =
    "INSERT INTO annotations (task_id, set_id, annotator, state, choice, strength, justification, data,"
    "  created_at, updated_at, submitted_at, active_ms, swapped, answer, revision, view_state)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, 1, ?19)"
    " RETURNING id, created_at, revision";
  static const char *update_sql =
    "UPDATE annotations SET state = ?4, choice = ?5, strength = ?6, justification = ?7, data = ?8,"
    "  updated_at = ?9, submitted_at = ?10, active_ms = ?11, swapped = ?12, answer = ?13,"
    "  view_state = ?19, revision = revision + 1"
    " WHERE id = ?14 AND revision = ?15 AND task_id = ?1 AND annotator = ?3"
    " RETURNING id, created_at, revision";
  sqlite3_stmt *stmt = _rubric_store_prepare (self, annotation->revision == 0 ? insert_sql : update_sql, error);
  g_autofree char *data = rubric_annotation_dup_data (annotation);
  gint64 now = g_get_real_time () / 1000;
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_annotation (stmt, annotation, data, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 created_at = sqlite3_column_int64 (stmt, 1);
      gint64 revision = sqlite3_column_int64 (stmt, 2);

      /* The row is written only when the statement completes: a full
       * disk fails its commit after RETURNING gave the new values. */
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          _rubric_store_fail (self, error);
          release_wal (self);
          return FALSE;
        }
      sqlite3_reset (stmt);
      annotation->id = id;
      annotation->created_at = created_at;
      annotation->revision = revision;
      annotation->updated_at = now;
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_CONSTRAINT_UNIQUE)
    return conflict (self, annotation, error);
  _rubric_store_fail (self, error);
  release_wal (self);
  return FALSE;
}

/**
 * rubric_store_save_annotation:
 *
 * Writes @annotation, provided that nobody saved the same task's work
 * since it was read: otherwise nothing is written and @error is
 * %RUBRIC_ERROR_CONFLICT. A reopened submission goes to the history
 * first. On success the annotation carries its new revision.
 */
gboolean
rubric_store_save_annotation (RubricStore       *self,
                              RubricAnnotation  *annotation,
                              GError           **error)
{
  gboolean durable;
  gboolean ok;

  g_return_val_if_fail (RUBRIC_IS_STORE (self), FALSE);
  g_return_val_if_fail (annotation != NULL, FALSE);

  if (annotation->state == RUBRIC_ANNOTATION_SUBMITTED && annotation->submitted_at == 0)
    annotation->submitted_at = g_get_real_time () / 1000;
  durable = is_durable (annotation);
  if (durable && !set_synchronous (self, TRUE, error))
    return FALSE;
  ok = write_annotation (self, annotation, error);
  if (durable)
    set_synchronous (self, FALSE, NULL);
  if (!ok)
    return FALSE;
  annotation->saved_state = annotation->state;
  g_signal_emit (self, signals[ANNOTATION_SAVED], 0, annotation->task_id, annotation->annotator,
                 annotation->revision);
  return TRUE;
}

static gboolean
find_annotation_id (RubricStore      *self,
                    RubricAnnotation *annotation,
                    gint64           *id,
                    GError          **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT id FROM annotations WHERE task_id = ? AND annotator = ?",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, annotation->task_id);
  sqlite3_bind_text (stmt, 2, annotation->annotator, -1, SQLITE_TRANSIENT);
  if (!_rubric_store_step_value (self, stmt, id, error))
    return FALSE;
  if (*id == 0)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("This task has no saved work"));
  return *id != 0;
}

/**
 * rubric_store_keep_in_history:
 * @history_id: (inout): the history row to update, or 0 to add one
 * @reason: why this version is not the task's current work
 *
 * Keeps @annotation, a version that lost a conflict, in the task's
 * history, so that nothing typed is lost whatever the person decides.
 */
gboolean
rubric_store_keep_in_history (RubricStore       *self,
                              RubricAnnotation  *annotation,
                              const char        *reason,
                              gint64            *history_id,
                              GError           **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *data = NULL;
  gint64 annotation_id;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (self), FALSE);
  g_return_val_if_fail (history_id != NULL, FALSE);

  if (!find_annotation_id (self, annotation, &annotation_id, error))
    return FALSE;
  /* The parameters are those of bind_annotation, then the history's. */
  stmt = _rubric_store_prepare (self,
                                "INSERT INTO annotation_history (id, annotation_id, state, choice, strength, justification,"
                                "  data, swapped, submitted_at, active_ms, recorded_at, answer, reason)"
                                " VALUES (nullif (?16, 0), ?17, ?4, ?5, ?6, ?7, ?8, ?12, ?10, ?11, ?9, ?13, ?18)"
                                " ON CONFLICT (id) DO UPDATE SET state = ?4, choice = ?5, strength = ?6,"
                                "  justification = ?7, data = ?8, swapped = ?12, submitted_at = ?10, active_ms = ?11,"
                                "  recorded_at = ?9, answer = ?13"
                                " RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  data = rubric_annotation_dup_data (annotation);
  bind_annotation (stmt, annotation, data, g_get_real_time () / 1000);
  sqlite3_bind_int64 (stmt, 16, *history_id);
  sqlite3_bind_int64 (stmt, 17, annotation_id);
  sqlite3_bind_text (stmt, 18, reason, -1, SQLITE_TRANSIENT);
  /* Stepped to its end: the row is in only once the statement is done. */
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (self, error);
  *history_id = id;
  return TRUE;
}

/**
 * rubric_store_overwrite_annotation:
 *
 * Saves @annotation over whatever another window saved for the same
 * task since it was read; that version goes to the history first, with
 * the reason "overwritten".
 */
gboolean
rubric_store_overwrite_annotation (RubricStore       *self,
                                   RubricAnnotation  *annotation,
                                   GError           **error)
{
  g_autoptr(RubricAnnotation) current = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 history_id = 0;

  g_return_val_if_fail (RUBRIC_IS_STORE (self), FALSE);

  if (!rubric_store_begin (self, error))
    return FALSE;
  current = rubric_store_get_annotation (self, annotation->task_id, annotation->annotator, &local_error);
  if (local_error != NULL)
    goto failed;
  if (current != NULL)
    {
      annotation->id = current->id;
      annotation->revision = current->revision;
      if (!rubric_store_keep_in_history (self, current, "overwritten", &history_id, &local_error))
        goto failed;
    }
  else
    annotation->revision = 0;
  if (!write_annotation (self, annotation, &local_error) || !rubric_store_commit (self, &local_error))
    goto failed;
  annotation->saved_state = annotation->state;
  g_signal_emit (self, signals[ANNOTATION_SAVED], 0, annotation->task_id, annotation->annotator,
                 annotation->revision);
  return TRUE;

failed:
  rubric_store_rollback (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

guint
rubric_store_count_history (RubricStore  *self,
                            gint64        annotation_id,
                            const char   *reason,
                            GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "SELECT count(*) FROM annotation_history"
                                              " WHERE annotation_id = ? AND (?2 IS NULL OR reason = ?2)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, annotation_id);
  if (reason != NULL)
    sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_TRANSIENT);
  return step_count (self, stmt, error);
}

/* Presence ----------------------------------------------------------- */

/* Whether a process of this machine runs. */
gboolean
_rubric_store_process_alive (gint64 pid)
{
  return pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno == EPERM);
}

/**
 * rubric_store_register_presence:
 *
 * Notes that a window of this process has the workspace open, so that
 * other windows and instances can say so.
 *
 * Returns: the presence's id, or 0 with @error set
 */
gint64
rubric_store_register_presence (RubricStore  *self,
                                GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self,
                                              "INSERT INTO presence (pid, host, opened_at) VALUES (?, ?, ?)"
                                              " RETURNING id", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, getpid ());
  sqlite3_bind_text (stmt, 2, g_get_host_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / 1000);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (self, error), 0;
  return id;
}

void
rubric_store_unregister_presence (RubricStore *self,
                                  gint64       id)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "DELETE FROM presence WHERE id = ?", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

/* Rows of processes that ended without saying so (a crash, kill -9):
 * on this machine a dead pid tells. */
static GArray *
stale_presences (RubricStore  *self,
                 GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "SELECT id, pid FROM presence WHERE host = ?", error);
  g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, g_get_host_name (), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (!_rubric_store_process_alive (sqlite3_column_int64 (stmt, 1)))
        g_array_append_val (stale, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (self, error), NULL;
  return g_steal_pointer (&stale);
}

/**
 * rubric_store_count_other_presences:
 * @id: the caller's own presence
 *
 * Returns: how many other windows, of this process or another, have
 *   the workspace open
 */
guint
rubric_store_count_other_presences (RubricStore  *self,
                                    gint64        id,
                                    GError      **error)
{
  g_autoptr(GArray) stale = stale_presences (self, error);
  sqlite3_stmt *stmt;

  if (stale == NULL)
    return 0;
  for (guint i = 0; i < stale->len; i++)
    rubric_store_unregister_presence (self, g_array_index (stale, gint64, i));
  if (!(stmt = _rubric_store_prepare (self, "SELECT count(*) FROM presence WHERE id <> ?", error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_count (self, stmt, error);
}

/**
 * rubric_store_get_data_version:
 *
 * Returns: a number that changes whenever another connection, of this
 *   process or another, commits to the workspace
 */
gint64
rubric_store_get_data_version (RubricStore *self)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "PRAGMA data_version", NULL);
  gint64 version = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Background checkpoints -------------------------------------------------- */

/*
 * SQLite copies the WAL into the database (a checkpoint) in the commit
 * that takes the WAL over a thousand pages: with 64 KB pages, 64 MB
 * copied and synced while the window waited for a save, 120-170 ms of
 * one next task in fifty on a set of 200 KB responses. The app's
 * workspace has them made on a thread of its own, with a connection of
 * its own, in the PASSIVE way: no reader or writer waits for it, and
 * what a reader still uses is left for the next one.
 */
#define CHECKPOINT_BYTES (16 * 1024 * 1024)

static gpointer
checkpoint_thread (gpointer data)
{
  RubricStore *self = data;
  sqlite3 *db = NULL;
  int rc;

  if (self->checkpoint_delay_ms > 0)
    g_usleep (self->checkpoint_delay_ms * 1000);
  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  /* A new connection knows the log once it has read the workspace. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_wal_checkpoint_v2 (db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  if (rc != SQLITE_OK)
    g_debug ("A checkpoint of %s was left for later: %s", self->path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_close (db);
  g_atomic_int_set (&self->checkpointing, FALSE);
  return NULL;
}

static void
join_checkpointer (RubricStore *self)
{
  if (self->checkpointer != NULL)
    g_thread_join (g_steal_pointer (&self->checkpointer));
}

static int
page_size (RubricStore *self)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (self, "PRAGMA page_size", NULL);
  gint64 size = 4096;

  if (stmt == NULL || !_rubric_store_step_value (self, stmt, &size, NULL))
    return 4096;
  return (int) CLAMP (size, 512, 65536);
}

/* After each commit of this connection, on its thread. */
static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         n_pages)
{
  RubricStore *self = data;

  if (n_pages < self->checkpoint_pages ||
      (n_pages < 4 * self->checkpoint_pages && g_atomic_int_get (&self->checkpointing)))
    return SQLITE_OK;
  /* Saves without a pause leave a checkpoint on a thread behind the
   * log, which then only grows: past four times the size, this commit
   * waits for the one under way and copies the rest, as SQLite's own
   * checkpoint does. */
  join_checkpointer (self);
  if (n_pages >= 4 * self->checkpoint_pages)
    {
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }
  g_atomic_int_set (&self->checkpointing, TRUE);
  self->n_checkpoints++;
  self->checkpointer = g_thread_new ("rubric-checkpoint", checkpoint_thread, self);
  return SQLITE_OK;
}

/**
 * rubric_store_checkpoint_in_background:
 * @background: %TRUE to have checkpoints made on a thread of their
 *   own; %FALSE for SQLite's, in the commit that needs one
 *
 * For the window's workspace: no save waits for the WAL to be copied
 * into the database. A store that is closed waits for the checkpoint
 * under way.
 */
void
rubric_store_checkpoint_in_background (RubricStore *self,
                                       gboolean     background)
{
  g_return_if_fail (RUBRIC_IS_STORE (self));

  if (!background)
    {
      self->checkpoint_pages = 0;
      sqlite3_wal_autocheckpoint (self->db, 1000);
      return;
    }
  self->checkpoint_pages = MAX (64, CHECKPOINT_BYTES / page_size (self));
  sqlite3_wal_hook (self->db, wal_hook_cb, self);
}

gboolean
_rubric_store_get_checkpoint_in_background (RubricStore *self)
{
  return self->checkpoint_pages > 0;
}

/* For tests: each background checkpoint starts @ms late, as on a disk
 * or a machine slower than the saves. */
void
_rubric_store_set_checkpoint_delay (RubricStore *self,
                                    guint        ms)
{
  join_checkpointer (self);
  self->checkpoint_delay_ms = ms;
}

/* For tests: how many checkpoints were started on a thread. */
guint
_rubric_store_count_background_checkpoints (RubricStore *self)
{
  join_checkpointer (self);
  return self->n_checkpoints;
}

static void
rubric_store_finalize (GObject *object)
{
  RubricStore *self = (RubricStore *) object;

  join_checkpointer (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (rubric_store_parent_class)->finalize (object);
}

static void
rubric_store_class_init (RubricStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rubric_store_finalize;

  /**
   * RubricStore::annotation-saved:
   * @task_id: the task's row id
   * @annotator: whose work it is
   * @revision: the revision saved
   *
   * Emitted after this connection saved work, so that other windows of
   * the process sharing it can follow.
   */
  signals[ANNOTATION_SAVED] =
    g_signal_new ("annotation-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64);
}

static void
rubric_store_init (RubricStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
}
