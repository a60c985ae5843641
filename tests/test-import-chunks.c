/* test-import-chunks.c — an import written in several transactions:
 * the set stays hidden until all of it is there, ends up the same as
 * one written in one go, goes again whole when the import fails or is
 * cancelled, stops writing once the file is sure to be refused, lets
 * other writers save while the file is read, and what a killed import
 * left is removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-library.h"
#include "rubric-stats.h"
#include "rubric-store-private.h"
#include "test-util.h"

#define N_TASKS 1200

static char *tmpdir;

static RubricStore *
new_store (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  RubricStore *store = rubric_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

static RubricStore *
open_again (RubricStore *store)
{
  g_autoptr(GError) error = NULL;
  RubricStore *other = rubric_store_new (rubric_store_get_path (store), &error);

  g_assert_no_error (error);
  return other;
}

/* Compare tasks "c<i>" of about 4 KB each, each prompt with a word of
 * its own ("needle<i>"), a tenth of them shown again swapped; with
 * @bad, the last line is not a task. */
static GString *
task_text (guint    from,
           guint    to,
           gboolean header,
           gboolean bad)
{
  GString *text = g_string_new (NULL);
  g_autofree char *filler = g_strnfill (2000, 'x');

  if (header)
    g_string_append (text, "{\"format\":\"rubric-tasks/1\",\"name\":\"Chunks\",\"repeat_swapped\":0.1}\n");
  for (guint i = from; i < to; i++)
    g_string_append_printf (text,
                            "{\"id\":\"c%u\",\"kind\":\"compare\",\"prompt\":\"Question needle%u about lighthouses\","
                            "\"responses\":[{\"id\":\"a\",\"content\":\"first %u %s\"},"
                            "{\"id\":\"b\",\"content\":\"second %u %s\"}]}\n",
                            i, i, i, filler, i, filler);
  if (bad && to == N_TASKS)
    g_string_append (text, "{\"id\":\"broken\",\"kind\":\"compare\",\"prompt\":42}\n");
  return text;
}

static char *
write_tasks (const char *name,
             gboolean    bad)
{
  g_autoptr(GString) text = task_text (0, N_TASKS, TRUE, bad);

  return test_write_file (tmpdir, name, text->str, text->len);
}

static int
count_pending (RubricStore *store)
{
  return test_count_rows (store, "SELECT count(*) FROM task_sets WHERE content_hash LIKE 'pending:%'");
}

static int
count_pending_tasks (RubricStore *store)
{
  return test_count_rows (store, "SELECT count(*) FROM tasks t JOIN task_sets s ON s.id = t.set_id"
                                 " WHERE s.content_hash LIKE 'pending:%'");
}

/* Sets shown anywhere: the library, the list of sets, the statistics. */
static guint
count_shown (RubricStore *store)
{
  g_autoptr(GPtrArray) library = rubric_library_list (store, "someone", NULL);
  g_autoptr(GPtrArray) sets = rubric_store_list_task_sets (store, NULL);
  g_autoptr(GPtrArray) stats = rubric_stats_by_kind (store, NULL);

  g_assert_nonnull (library);
  g_assert_nonnull (sets);
  g_assert_nonnull (stats);
  return library->len + sets->len + stats->len;
}

/* What must be left of a workspace whatever the import did: nothing of
 * its set, in any table or in the word index. */
static void
assert_nothing_of_import (RubricStore *store,
                          guint        n_sets)
{
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, n_sets);
  g_assert_cmpint (count_pending (store), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE ext_id LIKE 'c%'"), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_prompts WHERE task_prompts MATCH 'lighthouses'"),
                   ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM counts WHERE set_id NOT IN (SELECT id FROM task_sets)"),
                   ==, 0);
}

/* Watching an import from a second connection as it reports progress. */
typedef struct
{
  RubricStore  *watcher;
  GCancellable *cancel_after_chunk;
  int           pending_tasks;    /* the most committed tasks of a hidden set seen */
  guint         shown;            /* sets shown meanwhile */
  guint         calls;
} Watch;

static void
watch_cb (guint64  done,
          guint64  total,
          gpointer user_data)
{
  Watch *watch = user_data;
  int n = count_pending_tasks (watch->watcher);

  watch->calls++;
  watch->pending_tasks = MAX (watch->pending_tasks, n);
  watch->shown += count_shown (watch->watcher);
  if (n > 0 && watch->cancel_after_chunk != NULL)
    g_cancellable_cancel (watch->cancel_after_chunk);
}

/* Everything a set is made of, as text, row ids aside. */
static char *
dump_set (RubricStore *store,
          gint64       set_id)
{
  static const char *sql[] = {
    "SELECT name, content_hash, header, n_tasks, last_task - first_task FROM task_sets WHERE id = ?1",
    "SELECT ord, ext_id, kind, line, preview, raw FROM tasks WHERE set_id = ?1 ORDER BY ord",
    "SELECT kind, annotator, state, n FROM counts WHERE set_id = ?1 ORDER BY kind, annotator, state",
    "SELECT t.ord FROM task_prompts p JOIN tasks t ON t.id = p.rowid"
    " WHERE task_prompts MATCH 'needle7 OR needle1000 OR lighthouses' AND t.set_id = ?1 ORDER BY t.ord",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = _rubric_store_prepare (store, sql[i], NULL);

      g_assert_nonnull (stmt);
      sqlite3_bind_int64 (stmt, 1, set_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_reset (stmt);
      g_string_append (out, "--\n");
    }
  return g_string_free (out, FALSE);
}

static void
test_hidden_until_whole (void)
{
  g_autoptr(RubricStore) whole = new_store ("whole.db");
  g_autoptr(RubricStore) store = new_store ("chunked.db");
  g_autoptr(RubricStore) watcher = open_again (store);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(RubricImportResult) whole_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_tasks ("chunks.jsonl", FALSE);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  Watch watch = { watcher };
  RubricTaskQuery query = { RUBRIC_FILTER_ALL, "needle77" };

  /* The file in one transaction, the reference. */
  g_assert_true (rubric_import_file (whole, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &whole_result, &error));
  g_assert_no_error (error);

  _rubric_import_set_chunk_bytes (64 * 1024);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, watch_cb, &watch, &result, &error));
  _rubric_import_set_chunk_bytes (0);
  g_assert_no_error (error);

  /* It was written in chunks, and no one saw it before it was whole. */
  g_assert_cmpuint (watch.calls, >, 0);
  g_assert_cmpint (watch.pending_tasks, >, 0);
  g_assert_cmpint (watch.pending_tasks, <, N_TASKS);
  g_assert_cmpuint (watch.shown, ==, 0);

  /* Then it is there, as the one written in one go. */
  g_assert_cmpuint (count_shown (watcher), ==, 3);
  g_assert_cmpint (count_pending (store), ==, 0);
  g_assert_cmpuint (result->n_tasks, ==, whole_result->n_tasks);
  g_assert_cmpuint (result->n_tasks, >, N_TASKS);
  expected = dump_set (whole, whole_result->set_id);
  got = dump_set (store, result->set_id);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (rubric_store_count_matching (store, result->set_id, "someone", &query, &error), ==,
                    rubric_store_count_matching (whole, whole_result->set_id, "someone", &query, &error));
  g_assert_cmpuint (rubric_store_count_matching (store, result->set_id, "someone", &query, &error), >=, 11);
  g_assert_no_error (error);

  /* And a file imported again is the same set. */
  g_clear_pointer (&result, rubric_import_result_free);
  g_assert_true (rubric_import_file (watcher, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_true (result->reused);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 1);
}

/* A set there before, with work on it, that no failed import touches. */
static gint64
add_other_set (RubricStore *store)
{
  g_autoptr(GString) text = g_string_new ("{\"id\":\"w0\",\"kind\":\"write\",\"prompt\":\"Say hello\"}\n");
  g_autofree char *path = test_write_file (tmpdir, "other.jsonl", text->str, text->len);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(RubricAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  annotation = rubric_annotation_new (test_count_rows (store, "SELECT min (id) FROM tasks"), result->set_id, "someone");
  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  rubric_annotation_set_text (&annotation->answer, "Hello.");
  g_assert_true (rubric_store_save_annotation (store, annotation, &error));
  g_assert_no_error (error);
  return result->set_id;
}

static void
assert_other_set (RubricStore *store)
{
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE ext_id = 'w0'"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM annotations WHERE state = 'submitted'"), ==, 1);
  g_assert_cmpuint (count_shown (store), ==, 3);
}

static void
test_refused_after_chunks (void)
{
  g_autoptr(RubricStore) store = new_store ("refused.db");
  g_autoptr(RubricStore) watcher = open_again (store);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_tasks ("refused.jsonl", TRUE);
  Watch watch = { watcher };

  add_other_set (store);
  _rubric_import_set_chunk_bytes (64 * 1024);
  g_assert_false (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, watch_cb, &watch, &result, &error));
  _rubric_import_set_chunk_bytes (0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpuint (result->n_problems, ==, 1);
  g_assert_cmpint (watch.pending_tasks, >, 0);

  assert_nothing_of_import (store, 1);
  assert_other_set (store);
}

static void
count_inserts_cb (void          *data,
                  int            op,
                  const char    *db,
                  const char    *table,
                  sqlite3_int64  row)
{
  if (op == SQLITE_INSERT && g_str_equal (db, "main") && g_str_equal (table, "tasks"))
    (*(guint *) data)++;
}

/* The report's line on line @line of the file, without the file's path. */
static const char *
problem_on_line (RubricImportResult *result,
                 guint               line)
{
  g_autofree char *at = g_strdup_printf (".jsonl:%u: ", line);

  for (guint i = 0; i < result->problems->len; i++)
    {
      const char *problem = strstr (g_ptr_array_index (result->problems, i), at);

      if (problem != NULL)
        return problem + strlen (at);
    }
  return NULL;
}

/* A file refused early (a broken line in its third batch of tasks) is
 * read to its end for its report, later duplicate ids included, but
 * none of its tasks is written once it is sure to be refused: a big
 * bad file costs its reading, not a write and a removal. */
static void
test_refused_early (void)
{
  g_autoptr(RubricStore) store = new_store ("refused-early.db");
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = task_text (0, 600, TRUE, FALSE);
  g_autoptr(GString) rest = task_text (600, N_TASKS, FALSE, FALSE);
  g_autoptr(GString) again_early = task_text (10, 11, FALSE, FALSE);
  g_autoptr(GString) again_late = task_text (900, 901, FALSE, FALSE);
  g_autofree char *path = NULL;
  guint inserts = 0;

  /* Line 1 the header, task i on line i + 2 before the broken line
   * (602) and i + 3 after it; c10 and c900 come again at the end. */
  g_string_append (text, "{\"id\":\"broken\",\"kind\":\"compare\",\"prompt\":42}\n");
  g_string_append (text, rest->str);
  g_string_append (text, again_early->str);
  g_string_append (text, again_late->str);
  path = test_write_file (tmpdir, "refused-early.jsonl", text->str, text->len);

  add_other_set (store);
  sqlite3_update_hook (_rubric_store_get_db (store), count_inserts_cb, &inserts);
  _rubric_import_set_chunk_bytes (64 * 1024);
  g_assert_false (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  _rubric_import_set_chunk_bytes (0);
  sqlite3_update_hook (_rubric_store_get_db (store), NULL, NULL);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);

  /* The whole report, as when every task was written. */
  g_assert_cmpuint (result->n_tasks, ==, N_TASKS);
  g_assert_cmpuint (result->n_problems, ==, 3);
  g_assert_cmpstr (problem_on_line (result, 602), ==, "prompt: must be a string, not a number");
  g_assert_cmpstr (problem_on_line (result, 1203), ==, "id: duplicate id “c10”, first used on line 12");
  g_assert_cmpstr (problem_on_line (result, 1204), ==, "id: duplicate id “c900”, first used on line 903");

  /* Written: the tasks before the batch with the broken line, no more. */
  g_assert_cmpuint (inserts, >, 0);
  g_assert_cmpuint (inserts, <, 600);
  assert_nothing_of_import (store, 1);
  assert_other_set (store);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM temp.sqlite_master"), ==, 0);

  /* An id that comes twice refuses the file as surely. */
  {
    g_autoptr(GString) dup = task_text (0, 300, TRUE, FALSE);
    g_autoptr(GString) dup_rest = task_text (300, N_TASKS, FALSE, FALSE);
    g_autoptr(GString) again = task_text (5, 6, FALSE, FALSE);
    g_autoptr(RubricImportResult) dup_result = NULL;
    g_autofree char *dup_path = NULL;

    g_string_append (dup, again->str);
    g_string_append (dup, dup_rest->str);
    dup_path = test_write_file (tmpdir, "duplicate-early.jsonl", dup->str, dup->len);
    inserts = 0;
    sqlite3_update_hook (_rubric_store_get_db (store), count_inserts_cb, &inserts);
    _rubric_import_set_chunk_bytes (64 * 1024);
    g_assert_false (rubric_import_file (store, dup_path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &dup_result, NULL));
    _rubric_import_set_chunk_bytes (0);
    sqlite3_update_hook (_rubric_store_get_db (store), NULL, NULL);
    g_assert_cmpuint (dup_result->n_tasks, ==, N_TASKS);
    g_assert_cmpuint (dup_result->n_problems, ==, 1);
    g_assert_cmpstr (problem_on_line (dup_result, 302), ==, "id: duplicate id “c5”, first used on line 7");
    g_assert_cmpuint (inserts, >, 0);
    g_assert_cmpuint (inserts, <, 600);
    assert_nothing_of_import (store, 1);
  }

  /* Told to skip what is invalid, the same file is imported. */
  g_clear_pointer (&result, rubric_import_result_free);
  g_clear_error (&error);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_SKIP_INVALID, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_problems, ==, 3);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE ext_id GLOB 'c[0-9]*' AND ext_id NOT GLOB '*#*'"),
                   ==, N_TASKS);
}

static void
test_cancelled_after_chunks (void)
{
  g_autoptr(RubricStore) store = new_store ("cancelled.db");
  g_autoptr(RubricStore) watcher = open_again (store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_tasks ("cancelled.jsonl", FALSE);
  Watch watch = { watcher, cancellable };

  add_other_set (store);
  _rubric_import_set_chunk_bytes (64 * 1024);
  g_assert_false (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, cancellable, watch_cb, &watch, NULL, &error));
  _rubric_import_set_chunk_bytes (0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (watch.pending_tasks, >, 0);

  assert_nothing_of_import (store, 1);
  assert_other_set (store);
}

static int
count_commit_cb (void *data)
{
  (*(guint *) data)++;
  return 0;
}

/* The commits of an import of @path into a new workspace, its reader
 * pausing @pause_ms after each batch. */
static guint
commits_of_import (const char *name,
                   const char *path,
                   guint       pause_ms)
{
  g_autoptr(RubricStore) store = new_store (name);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint commits = 0;

  sqlite3_commit_hook (_rubric_store_get_db (store), count_commit_cb, &commits);
  _rubric_import_set_read_pause (pause_ms);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  _rubric_import_set_read_pause (0);
  sqlite3_commit_hook (_rubric_store_get_db (store), NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tasks, >=, N_TASKS);
  return commits;
}

/* A file on disk that keeps the writer waiting (the machine is busy) is
 * still written in chunks of its size alone: a chunk committed on a
 * pause, before a disk filled up, could not be removed on the full
 * disk. Only a stream's pauses end a chunk (see
 * test_others_write_meanwhile()). */
static void
test_file_paused (void)
{
  g_autoptr(GString) text = task_text (0, N_TASKS, TRUE, FALSE);
  g_autofree char *path = test_write_file (tmpdir, "paused.jsonl", text->str, text->len);
  guint steady = commits_of_import ("steady.db", path, 0);

  g_assert_cmpuint (commits_of_import ("paused.db", path, 150), ==, steady);
}

/* An import from a pipe that stops half way, on a thread of its own. */
typedef struct
{
  RubricStore        *store;
  char               *path;
  RubricImportResult *result;
  GError             *error;
  gboolean            ok;
} PipeImport;

static gpointer
pipe_import_thread (gpointer data)
{
  PipeImport *import = data;

  import->ok = rubric_import_file (import->store, import->path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &import->result,
                                   &import->error);
  return NULL;
}

static void
write_all (int         fd,
           const char *text,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, text, len);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      text += n;
      len -= n;
    }
}

/* Another writer (a window that submits) saves without waiting while
 * the file keeps the import waiting; the same file imported meanwhile
 * by another process is the set both end with. */
static void
test_others_write_meanwhile (void)
{
  g_autoptr(RubricStore) store = new_store ("meanwhile.db");
  g_autoptr(RubricStore) importer = open_again (store);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GString) first = task_text (0, N_TASKS / 2, TRUE, FALSE);
  g_autoptr(GString) rest = task_text (N_TASKS / 2, N_TASKS, FALSE, FALSE);
  g_autoptr(GString) all = task_text (0, N_TASKS, TRUE, FALSE);
  g_autofree char *fifo = g_build_filename (tmpdir, "tasks.fifo", NULL);
  g_autofree char *same = test_write_file (tmpdir, "same.jsonl", all->str, all->len);
  g_autoptr(RubricAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;
  PipeImport import = { importer, fifo };
  gint64 other_set;
  gboolean saved = FALSE;
  GThread *thread;
  int fd;

  other_set = add_other_set (store);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  thread = g_thread_new ("import", pipe_import_thread, &import);
  fd = g_open (fifo, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  write_all (fd, first->str, first->len);

  /* What was read is committed, hidden, and the workspace is free. */
  for (guint i = 0; i < 500 && count_pending_tasks (store) == 0; i++)
    g_usleep (20000);
  g_assert_cmpint (count_pending_tasks (store), >, 0);
  g_assert_cmpuint (count_shown (store), ==, 3);
  sqlite3_busy_timeout (_rubric_store_get_db (store), 0);
  annotation = rubric_annotation_new (test_count_rows (store, "SELECT min (id) FROM tasks"), other_set, "another");
  annotation->state = RUBRIC_ANNOTATION_DRAFT;
  for (guint i = 0; i < 100 && !saved; i++)
    {
      rubric_annotation_set_text (&annotation->answer, "Hello again.");
      g_clear_error (&error);
      saved = rubric_store_save_annotation (store, annotation, &error);
      if (!saved)
        g_usleep (50000);
    }
  g_assert_no_error (error);
  g_assert_true (saved);
  sqlite3_busy_timeout (_rubric_store_get_db (store), 5000);

  /* Another process imports the same file from disk meanwhile. */
  g_clear_pointer (&result, rubric_import_result_free);
  g_assert_true (rubric_import_file (store, same, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_false (result->reused);

  write_all (fd, rest->str, rest->len);
  close (fd);
  g_thread_join (thread);
  g_assert_no_error (import.error);
  g_assert_true (import.ok);
  g_assert_true (import.result->reused);
  g_assert_cmpint (import.result->set_id, ==, result->set_id);

  g_assert_cmpint (count_pending (store), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 2);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE ext_id LIKE 'c%' AND ext_id NOT LIKE '%#%'"),
                   ==, N_TASKS);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_prompts WHERE task_prompts MATCH 'needle5'"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM annotations WHERE answer = 'Hello again.'"), ==, 1);
  rubric_import_result_free (import.result);
}

/* The import a killed process left behind: in a child, an import that
 * dies once it has committed a chunk. */
static void
die_cb (guint64  done,
        guint64  total,
        gpointer user_data)
{
  if (count_pending_tasks (user_data) > 0)
    raise (SIGKILL);
}

static void
test_abandoned_child (void)
{
  g_autoptr(RubricStore) store = rubric_store_new (g_getenv ("TEST_ABANDONED_DB"), NULL);
  g_autoptr(RubricStore) watcher = open_again (store);
  const char *path = g_getenv ("TEST_ABANDONED_TASKS");

  _rubric_import_set_chunk_bytes (64 * 1024);
  rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, die_cb, watcher, NULL, NULL);
  g_assert_not_reached ();
}

/* A pending set as another import would leave it. */
static void
add_pending (RubricStore *store,
             const char  *pending,
             gint64       age_ms)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO task_sets (name, content_hash, imported_at) VALUES ('', ?, ?)",
                                              NULL);

  sqlite3_bind_text (stmt, 1, pending, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / 1000 - age_ms);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

static void
test_abandoned_removed (void)
{
  g_autoptr(RubricStore) store = new_store ("abandoned.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *live = g_strdup_printf ("pending:%d:1:%s", (int) getpid (), g_get_host_name ());
  guint n = 99;

  g_autofree char *path = write_tasks ("abandoned.jsonl", FALSE);

  add_other_set (store);
  g_setenv ("TEST_ABANDONED_DB", rubric_store_get_path (store), TRUE);
  g_setenv ("TEST_ABANDONED_TASKS", path, TRUE);
  g_test_trap_subprocess ("/import-chunks/abandoned/subprocess", 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  /* The killed import left its set, unseen, with tasks. */
  g_assert_cmpint (count_pending (store), ==, 1);
  g_assert_cmpint (count_pending_tasks (store), >, 0);
  g_assert_cmpuint (count_shown (store), ==, 3);

  /* Imports still under way are left alone: of a process that runs
   * here, or of another machine that committed lately. Another
   * machine's that has not for two days goes. */
  add_pending (store, live, 0);
  add_pending (store, "pending:1234:1:another-machine.example", 60 * 1000);
  add_pending (store, "pending:1234:2:another-machine.example", 2 * 24 * 60 * 60 * 1000);

  g_assert_true (rubric_import_remove_abandoned (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (count_pending (store), ==, 2);
  g_assert_cmpint (count_pending_tasks (store), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE ext_id LIKE 'c%'"), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_prompts WHERE task_prompts MATCH 'lighthouses'"),
                   ==, 0);
  assert_other_set (store);

  /* Nothing more the second time. */
  g_assert_true (rubric_import_remove_abandoned (store, &n, &error));
  g_assert_cmpuint (n, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add_func ("/import-chunks/hidden-until-whole", test_hidden_until_whole);
  g_test_add_func ("/import-chunks/refused", test_refused_after_chunks);
  g_test_add_func ("/import-chunks/refused-early", test_refused_early);
  g_test_add_func ("/import-chunks/cancelled", test_cancelled_after_chunks);
  g_test_add_func ("/import-chunks/others-write-meanwhile", test_others_write_meanwhile);
  g_test_add_func ("/import-chunks/file-paused", test_file_paused);
  g_test_add_func ("/import-chunks/abandoned", test_abandoned_removed);
  g_test_add_func ("/import-chunks/abandoned/subprocess", test_abandoned_child);

  status = g_test_run ();
  if (status == 0 && !g_test_subprocess ())
    test_rm_rf (tmpdir);
  return status;
}
