/* test-store.c — the SQLite workspace and imports into it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-set-config.h"
#include "rubric-store-private.h"
#include "test-util.h"

#define TASK(id) "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Line one\\nline two\"}"

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

static gint64
import (RubricStore       *store,
        const char        *path,
        RubricImportFlags  flags)
{
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gboolean ok = rubric_import_file (store, path, flags, NULL, NULL, NULL, &result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return result->set_id;
}

static void
test_private_file (void)
{
  g_autoptr(RubricStore) store = new_store ("private/workspace.db");
  GStatBuf st;

  g_assert_cmpint (g_stat (rubric_store_get_path (store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (rubric_store_get_schema_version (store), ==, RUBRIC_STORE_SCHEMA_VERSION);
}

static void
test_import_and_pages (void)
{
  g_autoptr(RubricStore) store = new_store ("pages.db");
  g_autoptr(GString) text = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Paged\"}\n");
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RubricTaskSet) set = NULL;
  RubricTaskRow *row;
  gint64 set_id;

  for (int i = 0; i < 300; i++)
    g_string_append_printf (text, "{\"id\":\"t%03d\",\"kind\":\"write\",\"prompt\":\"\\n  Task %d\\nmore\"}\n", i, i);
  path = test_write_file (tmpdir, "paged.jsonl", text->str, text->len);
  set_id = import (store, path, RUBRIC_IMPORT_NONE);

  set = rubric_store_get_task_set (store, set_id, NULL);
  g_assert_cmpstr (set->name, ==, "Paged");
  g_assert_cmpuint (set->n_tasks, ==, 300);
  g_assert_cmpuint (rubric_store_count_tasks (store, set_id, NULL), ==, 300);

  rows = rubric_store_get_task_rows (store, set_id, "ann", 250, 100, NULL);
  g_assert_cmpuint (rows->len, ==, 50);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->id, ==, "t250");
  g_assert_cmpuint (row->ord, ==, 250);
  g_assert_cmpstr (row->preview, ==, "Task 250");
  g_assert_cmpint (row->state, ==, RUBRIC_ANNOTATION_NONE);
}

/* A task read on one connection is still the one its row holds when
 * it has not moved; moved within its set, or its row gone, it is not. */
static void
test_task_is_current (void)
{
  g_autoptr(RubricStore) store = new_store ("current.db");
  g_autofree char *path = test_write_file (tmpdir, "current.jsonl", TASK ("t1") "\n" TASK ("t2") "\n", -1);
  gint64 set_id = import (store, path, RUBRIC_IMPORT_NONE);
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, "Ada", 0, 10, NULL);
  gint64 row_id = ((RubricTaskRow *) g_ptr_array_index (rows, 1))->row_id;
  g_autoptr(RubricStore) other = rubric_store_open_read_only (rubric_store_get_path (store), NULL);
  g_autoptr(RubricTask) task = rubric_store_get_task (other, row_id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (task);
  g_assert_true (rubric_store_task_is_current (store, task));

  g_assert_true (_rubric_store_exec (store, "UPDATE tasks SET ord = ord + 10", &error));
  g_assert_false (rubric_store_task_is_current (store, task));
  g_assert_true (_rubric_store_exec (store, "UPDATE tasks SET ord = ord - 10", &error));
  g_assert_true (rubric_store_task_is_current (store, task));

  g_assert_true (_rubric_store_exec (store, "DELETE FROM tasks", &error));
  g_assert_false (rubric_store_task_is_current (store, task));
}

static void
test_annotation_round_trip (void)
{
  g_autoptr(RubricStore) store = new_store ("round-trip.db");
  g_autofree char *path = test_write_file (tmpdir, "rt.jsonl", TASK ("t1") "\n" TASK ("t2") "\n", -1);
  gint64 set_id = import (store, path, RUBRIC_IMPORT_NONE);
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, "Ada", 0, 10, NULL);
  RubricTaskRow *row = g_ptr_array_index (rows, 1);
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (row->row_id, set_id, "Ada");
  g_autoptr(RubricAnnotation) loaded = NULL;
  g_autoptr(RubricTask) task = NULL;
  g_autoptr(GError) error = NULL;

  annotation->choice = g_strdup ("B");
  g_free (annotation->justification);
  annotation->justification = g_strdup (" B is correct — café 😀 a/b\n");
  annotation->active_ms = 1234;
  g_assert_true (rubric_store_save_annotation (store, annotation, &error));
  g_assert_no_error (error);

  loaded = rubric_store_get_annotation (store, row->row_id, "Ada", NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->state, ==, RUBRIC_ANNOTATION_DRAFT);
  g_assert_cmpstr (loaded->choice, ==, "B");
  g_assert_cmpstr (loaded->justification, ==, " B is correct — café 😀 a/b\n");
  g_assert_cmpint (loaded->active_ms, ==, 1234);
  g_assert_null (rubric_store_get_annotation (store, row->row_id, "Grace", NULL));

  task = rubric_store_get_task (store, row->row_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rubric_task_get_id (task), ==, "t2");
  g_assert_cmpstr (rubric_task_get_prompt (task), ==, "Line one\nline two");

  /* Submitting, then reopening, keeps the submission in the history. */
  loaded->state = RUBRIC_ANNOTATION_SUBMITTED;
  g_assert_true (rubric_store_save_annotation (store, loaded, NULL));
  g_assert_cmpuint (rubric_store_count_state (store, set_id, "Ada", RUBRIC_ANNOTATION_SUBMITTED, NULL), ==, 1);
  loaded->state = RUBRIC_ANNOTATION_DRAFT;
  g_assert_true (rubric_store_save_annotation (store, loaded, NULL));
  g_assert_cmpuint (rubric_store_count_history (store, loaded->id, NULL, NULL), ==, 1);
  g_assert_cmpuint (rubric_store_count_state (store, set_id, "Ada", RUBRIC_ANNOTATION_SUBMITTED, NULL), ==, 0);

  rows = (g_ptr_array_unref (rows), rubric_store_get_task_rows (store, set_id, "Ada", 0, 10, NULL));
  g_assert_cmpint (((RubricTaskRow *) g_ptr_array_index (rows, 1))->state, ==, RUBRIC_ANNOTATION_DRAFT);
}

static void
test_migration (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "old.db", NULL);
  g_autofree char *tasks = test_write_file (tmpdir, "old.jsonl", TASK ("t1") "\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricAnnotation) annotation = NULL;
  gint64 set_id;

  /* A workspace written by the first schema, with work in it. */
  {
    g_autoptr(RubricStore) old = _rubric_store_new_at (path, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (rubric_store_get_schema_version (old), ==, 1);
    set_id = import (old, tasks, RUBRIC_IMPORT_NONE);
    g_assert_true (_rubric_store_exec (old, "INSERT INTO annotations (task_id, set_id, annotator, state, choice,"
                                            " justification, created_at, updated_at)"
                                            " SELECT id, set_id, 'Ada', 'submitted', 'A', 'kept', 1, 1 FROM tasks",
                                       &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(RubricStore) store = rubric_store_new (path, &error);
    g_autoptr(GPtrArray) rows = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (rubric_store_get_schema_version (store), ==, RUBRIC_STORE_SCHEMA_VERSION);
    rows = rubric_store_get_task_rows (store, set_id, "Ada", 0, 10, NULL);
    annotation = rubric_store_get_annotation (store, ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id, "Ada", NULL);
    g_assert_nonnull (annotation);
    g_assert_cmpstr (annotation->justification, ==, "kept");
    g_assert_false (annotation->swapped);
    g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM annotation_history"), ==, 0);
  }
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "future.db", NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RubricStore) store = rubric_store_new (path, &error);
    g_assert_true (_rubric_store_exec (store, "PRAGMA user_version = 99", NULL));
  }
  g_assert_null (rubric_store_new (path, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer Rubric"));
}

static void
test_reopen_returns_to_set (void)
{
  g_autoptr(RubricStore) store = new_store ("reopen.db");
  g_autofree char *path = test_write_file (tmpdir, "same.jsonl", TASK ("t1") "\n" TASK ("t2") "\n", -1);
  g_autofree char *copy = test_write_file (tmpdir, "copy-of-same.jsonl", TASK ("t1") "\n" TASK ("t2") "\n", -1);
  g_autofree char *other = test_write_file (tmpdir, "other.jsonl", TASK ("t1") "\n" TASK ("t3") "\n", -1);
  g_autoptr(RubricImportResult) result = NULL;
  gint64 first = import (store, path, RUBRIC_IMPORT_NONE);

  g_assert_true (rubric_import_file (store, copy, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
  g_assert_true (result->reused);
  g_assert_cmpint (result->set_id, ==, first);
  g_assert_cmpuint (result->n_tasks, ==, 2);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks"), ==, 2);

  g_assert_cmpint (import (store, other, RUBRIC_IMPORT_NONE), !=, first);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 2);
}

/* @text gzipped into @name under the tests' folder. */
static char *
write_gzip (const char *name,
            const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (gzip));
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL));
  return path;
}

/* A compressed file reopened by its stamp is read whole in the
 * background, as the import read it: decompressed. Its bytes on disk
 * are not what the set's content hash is of, and every such file was
 * said to have changed. */
static void
test_reopen_compressed (void)
{
  g_autoptr(RubricStore) store = new_store ("compressed.db");
  g_autofree char *path = write_gzip ("same.jsonl.gz", TASK ("t1") "\n" TASK ("t2") "\n");
  g_autofree char *changed = write_gzip ("changed.jsonl.gz", TASK ("t1") "\n" TASK ("t3") "\n");
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = import (store, path, RUBRIC_IMPORT_NONE);
  gboolean same = FALSE;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_TRUST_STAMP, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result->reused);
  g_assert_true (result->unverified);
  g_assert_cmpint (result->set_id, ==, first);
  g_assert_true (rubric_import_verify (path, result->content_hash, NULL, &same, &error));
  g_assert_no_error (error);
  g_assert_true (same);

  /* Other tasks, compressed: told apart. */
  g_assert_true (rubric_import_verify (changed, result->content_hash, NULL, &same, &error));
  g_assert_false (same);
}

static void
test_all_or_nothing (void)
{
  g_autoptr(RubricStore) store = new_store ("refuse.db");
  g_autofree char *good = test_write_file (tmpdir, "good.jsonl", TASK ("g1") "\n", -1);
  g_autofree char *bad = test_write_file (tmpdir, "bad.jsonl",
                                          TASK ("t1") "\n{\"id\":\"t2\",\"kind\":\"rank\",\"prompt\":\"x\"}\n"
                                          TASK ("t1") "\n" TASK ("t4") "\n", -1);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(RubricImportResult) skipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line2 = g_strdup_printf ("%s:2: responses: a rank task needs 2 to 9 responses, this one has 0", bad);
  g_autofree char *line3 = g_strdup_printf ("%s:3: id: duplicate id “t1”, first used on line 1", bad);

  import (store, good, RUBRIC_IMPORT_NONE);
  g_assert_false (rubric_import_file (store, bad, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_false (result->committed);
  g_assert_cmpuint (result->n_problems, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (result->problems, 0), ==, line2);
  g_assert_cmpstr (g_ptr_array_index (result->problems, 1), ==, line3);
  g_assert_cmpuint (result->n_tasks, ==, 2);

  /* Refused: the workspace is as it was. */
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks"), ==, 1);

  g_assert_true (rubric_import_file (store, bad, RUBRIC_IMPORT_SKIP_INVALID, NULL, NULL, NULL, &skipped, NULL));
  g_assert_true (skipped->committed);
  g_assert_cmpuint (skipped->n_tasks, ==, 2);
  g_assert_cmpuint (skipped->n_problems, ==, 2);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks"), ==, 3);
}

static void
submit_task (RubricStore *store,
             gint64       set_id,
             guint        ord,
             RubricAnnotationState state)
{
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, "Ada", ord, 1, NULL);
  gint64 row_id = ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id;
  g_autoptr(RubricAnnotation) annotation = rubric_store_get_annotation (store, row_id, "Ada", NULL);

  if (annotation == NULL)
    annotation = rubric_annotation_new (row_id, set_id, "Ada");
  annotation->state = state;
  g_assert_true (rubric_store_save_annotation (store, annotation, NULL));
}

static void
test_next_open_task (void)
{
  g_autoptr(RubricStore) store = new_store ("next-open.db");
  g_autofree char *path = test_write_file (tmpdir, "next.jsonl",
                                           TASK ("n0") "\n" TASK ("n1") "\n" TASK ("n2") "\n" TASK ("n3") "\n", -1);
  gint64 set_id = import (store, path, RUBRIC_IMPORT_NONE);
  guint ord = 99;

  submit_task (store, set_id, 0, RUBRIC_ANNOTATION_SUBMITTED);
  submit_task (store, set_id, 2, RUBRIC_ANNOTATION_SKIPPED);
  submit_task (store, set_id, 3, RUBRIC_ANNOTATION_DRAFT);

  /* From the start: the first open one; drafts count as open. */
  g_assert_cmpint (rubric_store_next_open_task (store, set_id, "Ada", -1, &ord, NULL), !=, 0);
  g_assert_cmpuint (ord, ==, 1);
  g_assert_cmpint (rubric_store_next_open_task (store, set_id, "Ada", 1, &ord, NULL), !=, 0);
  g_assert_cmpuint (ord, ==, 3);
  /* Going round past the end. */
  g_assert_cmpint (rubric_store_next_open_task (store, set_id, "Ada", 3, &ord, NULL), !=, 0);
  g_assert_cmpuint (ord, ==, 1);
  /* Another annotator has everything still to do. */
  g_assert_cmpint (rubric_store_next_open_task (store, set_id, "Grace", 0, &ord, NULL), !=, 0);
  g_assert_cmpuint (ord, ==, 1);

  submit_task (store, set_id, 1, RUBRIC_ANNOTATION_SUBMITTED);
  submit_task (store, set_id, 3, RUBRIC_ANNOTATION_SUBMITTED);
  g_assert_cmpint (rubric_store_next_open_task (store, set_id, "Ada", 0, &ord, NULL), ==, 0);
}

static void
test_cancelled_import_changes_nothing (void)
{
  g_autoptr(RubricStore) store = new_store ("cancel.db");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  for (int i = 0; i < 2000; i++)
    g_string_append_printf (text, "{\"id\":\"t%d\",\"kind\":\"write\",\"prompt\":\"p\"}\n", i);
  path = test_write_file (tmpdir, "cancel.jsonl", text->str, text->len);
  g_cancellable_cancel (cancellable);
  g_assert_false (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, cancellable, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 0);
}

/* Repeats ---------------------------------------------------------------- */

/* A set asking for @share of repeats (JSON, at the top of the header):
 * @n compare tasks "c0"…, with write tasks "w0" and "w1" among them. */
static char *
write_repeat_set (const char *name,
                  const char *share)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "{\"format\":\"rubric-tasks/1\",\"name\":\"%s\",\"repeat_swapped\":%s}\n", name, share);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *a = g_strdup_printf ("first %u", i);
      g_autofree char *line = test_compare_task (id, a, "second");

      g_string_append_printf (text, "%s\n", line);
      if (i == 2)
        g_string_append (text, TASK ("w0") "\n");
    }
  g_string_append (text, TASK ("w1") "\n");
  return test_write_file (tmpdir, name, text->str, text->len);
}

/* "ord ext_id,…" of a set, in order. */
static char *
task_order (RubricStore *store,
            gint64       set_id)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "SELECT ord, ext_id FROM tasks WHERE set_id = ? ORDER BY ord", NULL);
  GString *out = g_string_new (NULL);

  sqlite3_bind_int64 (stmt, 1, set_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%d %s", out->len ? "," : "", sqlite3_column_int (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  return g_string_free (out, FALSE);
}

static int
ord_of (RubricStore *store,
        gint64       set_id,
        const char  *ext_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ord FROM tasks WHERE set_id = %" G_GINT64_FORMAT
                                          " AND ext_id = '%s'", set_id, ext_id);

  return test_count_rows (store, sql);
}

static gint64
row_at (RubricStore *store,
        gint64       set_id,
        guint        ord)
{
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, "Ada", ord, 1, NULL);

  return ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id;
}

/* 0.25 of 8 compare tasks: 2 repeats, after the middle of the file's 10
 * tasks and at least three tasks after their originals, the same on
 * every import; shown under their originals' ids. */
static void
test_repeat_swapped (void)
{
  g_autoptr(RubricStore) store = new_store ("repeat.db");
  g_autoptr(RubricStore) other = new_store ("repeat-again.db");
  g_autofree char *path = write_repeat_set ("repeat.jsonl", "0.25");
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(RubricImportResult) again = NULL;
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *order = NULL;
  g_autofree char *order_again = NULL;
  g_autoptr(GError) error = NULL;
  guint n_repeats = 0;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_repeats, ==, 2);
  g_assert_cmpuint (result->n_tasks, ==, 12);
  set = rubric_store_get_task_set (store, result->set_id, NULL);
  g_assert_cmpuint (set->n_tasks, ==, 12);
  g_assert_cmpuint (rubric_store_count_tasks (store, result->set_id, NULL), ==, 12);
  /* The list reads by ord: 0 to 11, each once. */
  g_assert_cmpint (test_count_rows (store, "SELECT count (DISTINCT ord) = 12 AND min (ord) = 0 AND max (ord) = 11"
                                           " FROM tasks"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE ext_id LIKE '%#repeat'"
                                           " AND kind = 'compare'"), ==, 2);

  rows = rubric_store_get_task_rows (store, result->set_id, "Ada", 0, 100, NULL);
  g_assert_cmpuint (rows->len, ==, 12);
  for (guint i = 0; i < rows->len; i++)
    {
      RubricTaskRow *row = g_ptr_array_index (rows, i);
      g_autofree char *ext_id = g_strdup_printf ("%s#repeat", row->id);
      g_autoptr(RubricTask) task = rubric_store_get_task (store, row->row_id, &error);
      int original, repeat;

      g_assert_no_error (error);
      g_assert_null (strstr (row->id, "#"));
      g_assert_cmpstr (rubric_task_get_id (task), ==, row->id);
      if (task->repeat_of == 0)
        continue;
      n_repeats++;
      original = ord_of (store, result->set_id, row->id);
      repeat = ord_of (store, result->set_id, ext_id);
      g_assert_cmpint (repeat, ==, (int) row->ord);
      g_assert_cmpint (task->repeat_of, ==, row_at (store, result->set_id, original));
      g_assert_cmpint (task->kind, ==, RUBRIC_TASK_KIND_COMPARE);
      g_assert_cmpint (repeat - original, >, 3);
      g_assert_cmpint (repeat, >=, 5);
      /* The very text of the original, and its preview. */
      g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks r JOIN tasks o"
                                               " ON r.ext_id = o.ext_id || '#repeat'"
                                               " WHERE r.raw = o.raw AND r.preview = o.preview"), ==, 2);
    }
  g_assert_cmpuint (n_repeats, ==, 2);
  /* Every task's words are in the search, repeats' as originals'. */
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_prompts"), ==, 12);
  {
    RubricTaskQuery query = { RUBRIC_FILTER_ALL, NULL };
    g_autoptr(RubricTask) first = rubric_store_get_task (store, ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id,
                                                         NULL);
    const char *text = rubric_json_get_string (first->object, "prompt");
    guint with_it = 0;

    /* As many matches as tasks with that prompt, repeats counted. */
    for (guint i = 0; i < rows->len; i++)
      {
        g_autoptr(RubricTask) task = rubric_store_get_task (store, ((RubricTaskRow *) g_ptr_array_index (rows, i))->row_id,
                                                            NULL);

        with_it += g_strcmp0 (rubric_json_get_string (task->object, "prompt"), text) == 0;
      }
    query.search = text;
    g_assert_cmpuint (rubric_store_count_matching (store, result->set_id, "Ada", &query, NULL), ==, with_it);
  }

  /* The same file, another workspace: the same repeats in the same places. */
  order = task_order (store, result->set_id);
  g_assert_true (rubric_import_file (other, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &again, NULL));
  order_again = task_order (other, again->set_id);
  g_assert_cmpstr (order, ==, order_again);
  g_test_message ("%s", order);
}

static void
test_repeat_swapped_shares (void)
{
  g_autoptr(RubricStore) store = new_store ("repeat-shares.db");
  struct { const char *share; guint n_repeats; } cases[] = {
    { "0", 0 }, { "0.0", 0 }, { "0.01", 1 }, { "0.5", 4 }, { "1", 8 }, { "1.0", 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("share-%u.jsonl", i);
      g_autofree char *path = write_repeat_set (name, cases[i].share);
      g_autoptr(RubricImportResult) result = NULL;
      g_autoptr(RubricSetConfig) config = NULL;
      g_autoptr(RubricTaskSet) set = NULL;

      g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
      g_assert_cmpuint (result->n_repeats, ==, cases[i].n_repeats);
      g_assert_cmpuint (result->n_tasks, ==, 10 + cases[i].n_repeats);
      set = rubric_store_get_task_set (store, result->set_id, NULL);
      config = rubric_set_config_new (set->header);
      g_assert_cmpfloat (config->repeat_swapped, ==, g_ascii_strtod (cases[i].share, NULL));
    }
}

/* Of 40 tasks: every repeat among the second half, none within three
 * tasks of its original. 37 repeats take every task but the last three,
 * which have too little room after them. */
static void
check_placement (RubricStore *store,
                 const char  *share,
                 guint        n_repeats)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("placement-%s.jsonl", share);
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  g_string_append_printf (text, "{\"format\":\"rubric-tasks/1\",\"repeat_swapped\":%s}\n", share);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%02u", i);
      g_autofree char *line = test_compare_task (id, id, "other");

      g_string_append_printf (text, "%s\n", line);
    }
  path = test_write_file (tmpdir, name, text->str, text->len);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
  g_assert_cmpuint (result->n_repeats, ==, n_repeats);
  sql = g_strdup_printf ("SELECT count (DISTINCT ord) = %u AND min (ord) = 0 AND max (ord) = %u"
                         " FROM tasks WHERE set_id = %" G_GINT64_FORMAT, 40 + n_repeats, 39 + n_repeats, result->set_id);
  g_assert_cmpint (test_count_rows (store, sql), ==, 1);

  /* Each repeat's ord, its original's, and how many of the file's
   * tasks come before the repeat. */
  stmt = _rubric_store_prepare (store,
                                "SELECT r.ord, o.ord, (SELECT count(*) FROM tasks t WHERE t.set_id = r.set_id"
                                "                       AND t.ord < r.ord AND t.ext_id NOT LIKE '%#repeat'), o.ext_id"
                                " FROM tasks r JOIN tasks o ON r.set_id = o.set_id AND r.ext_id = o.ext_id || '#repeat'"
                                " WHERE r.set_id = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, result->set_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int repeat = sqlite3_column_int (stmt, 0), original = sqlite3_column_int (stmt, 1);
      int before = sqlite3_column_int (stmt, 2);
      const char *id = (const char *) sqlite3_column_text (stmt, 3);

      g_assert_cmpint (repeat - original, >, 3);
      g_assert_cmpint (before, >=, 20);
      g_assert_cmpstr (id, <, "p37");
      n++;
    }
  sqlite3_reset (stmt);
  g_assert_cmpuint (n, ==, n_repeats);
}

static void
test_repeat_placement (void)
{
  g_autoptr(RubricStore) store = new_store ("repeat-placement.db");

  check_placement (store, "0.5", 20);
  check_placement (store, "0.925", 37);
}

/* Refused like any bad header value: the file, line 1, the field. */
static void
test_repeat_swapped_refused (void)
{
  g_autoptr(RubricStore) store = new_store ("repeat-refused.db");
  const char *headers[][2] = {
    { "{\"format\":\"rubric-tasks/1\",\"repeat_swapped\":1.5}", "repeat_swapped: must be a share from 0 to 1, such as 0.05 for one compare task in twenty, not 1.5" },
    { "{\"format\":\"rubric-tasks/1\",\"repeat_swapped\":-0.1}", "repeat_swapped: must be a share from 0 to 1, such as 0.05 for one compare task in twenty, not -0.1" },
    { "{\"format\":\"rubric-tasks/1\",\"settings\":{\"repeat_swapped\":\"0.05\"}}", "settings.repeat_swapped: must be a share from 0 to 1, such as 0.05, not a string" },
    { "{\"format\":\"rubric-tasks/1\",\"settings\":{\"repeat_swapped\":true}}", "settings.repeat_swapped: must be a share from 0 to 1, such as 0.05, not a boolean" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s\n" TASK ("t1") "\n", headers[i][0]);
      g_autofree char *name = g_strdup_printf ("refused-%u.jsonl", i);
      g_autofree char *path = test_write_file (tmpdir, name, text, -1);
      g_autofree char *expected = g_strdup_printf ("%s:1: %s", path, headers[i][1]);
      g_autoptr(GError) error = NULL;

      g_assert_false (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);
    }
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 0);
}

/* A file that has an id "x#repeat" of its own: x's repeat takes
 * "x#repeat2", and the file's own task is no repeat. */
static void
test_repeat_id_clash (void)
{
  g_autoptr(RubricStore) store = new_store ("repeat-clash.db");
  g_autoptr(GString) text = g_string_new ("{\"format\":\"rubric-tasks/1\",\"settings\":{\"repeat_swapped\":1}}\n");
  static const char *ids[] = { "x", "x#repeat", "y", "z" };
  g_autofree char *path = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n_real_x_repeat = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *line = test_compare_task (ids[i], "one", "two");

      g_string_append_printf (text, "%s\n", line);
    }
  path = test_write_file (tmpdir, "clash.jsonl", text->str, text->len);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
  g_assert_cmpuint (result->n_repeats, ==, 4);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE ext_id IN"
                                           " ('x', 'x#repeat', 'x#repeat2', 'x#repeat#repeat', 'y#repeat', 'z#repeat')"),
                   ==, 6);

  rows = rubric_store_get_task_rows (store, result->set_id, "Ada", 0, 100, NULL);
  g_assert_cmpuint (rows->len, ==, 8);
  for (guint i = 0; i < rows->len; i++)
    {
      RubricTaskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(RubricTask) task = rubric_store_get_task (store, row->row_id, NULL);

      g_assert_cmpstr (row->id, ==, rubric_task_get_id (task));
      if (g_str_equal (row->id, "x#repeat"))
        n_real_x_repeat += task->repeat_of == 0;
    }
  /* The file's own "x#repeat", and its repeat. */
  g_assert_cmpuint (n_real_x_repeat, ==, 1);
}

/* A repeat is shown the other way round from its original, however
 * that was or will be shown. */
static void
test_repeat_side_swap (void)
{
  g_autoptr(RubricStore) store = new_store ("repeat-swap.db");
  g_autofree char *path = write_repeat_set ("repeat-swap.jsonl", "0.25");
  gint64 set_id = import (store, path, RUBRIC_IMPORT_NONE);
  gint64 repeat_row = test_count_rows (store, "SELECT id FROM tasks WHERE ext_id LIKE '%#repeat' ORDER BY ord LIMIT 1");
  g_autoptr(RubricTask) repeat = rubric_store_get_task (store, repeat_row, NULL);
  g_autoptr(RubricTask) original = rubric_store_get_task (store, repeat->repeat_of, NULL);
  g_autoptr(RubricAnnotation) work = NULL;
  const char *people[] = { "Ada", "Grace", "Linus", "Barbara" };
  gboolean swapped, repeat_swapped;

  g_assert_cmpint (original->repeat_of, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    for (int randomize = 0; randomize < 2; randomize++)
      {
        g_assert_true (rubric_store_get_side_swap (store, original, randomize, people[i], &swapped, NULL));
        g_assert_true (rubric_store_get_side_swap (store, repeat, randomize, people[i], &repeat_swapped, NULL));
        g_assert_cmpint (swapped, ==, randomize && rubric_side_swap (rubric_task_get_id (original), people[i]));
        g_assert_cmpint (repeat_swapped, ==, !swapped);
      }

  /* The original as it was shown, whatever the settings say now. */
  work = rubric_annotation_new (original->row_id, set_id, "Ada");
  work->swapped = TRUE;
  g_assert_true (rubric_store_save_annotation (store, work, NULL));
  g_assert_true (rubric_store_get_side_swap (store, repeat, FALSE, "Ada", &repeat_swapped, NULL));
  g_assert_false (repeat_swapped);
  g_assert_true (rubric_store_get_side_swap (store, repeat, FALSE, "Grace", &repeat_swapped, NULL));
  g_assert_true (repeat_swapped);
}

/* The window's workspace copies its log into the database on a thread
 * of its own. With pauses between saves, as a person makes them, the
 * log stays far below the 64 MB at which SQLite would copy it in a
 * commit; saves without a pause still keep it bounded. Every save is
 * there after a reopen, and closing waits for the copy under way. */
static goffset
save_blobs (RubricStore *store,
            const char  *wal,
            guint        n,
            gboolean     pause)
{
  g_autoptr(GError) error = NULL;
  goffset largest = 0;

  for (guint i = 0; i < n; i++)
    {
      GStatBuf st;

      g_assert_true (_rubric_store_exec (store, "INSERT INTO saves (data) VALUES (randomblob (20000))", &error));
      /* A pause waits for the checkpoint under way. */
      if (pause)
        _rubric_store_count_background_checkpoints (store);
      if (g_stat (wal, &st) == 0)
        largest = MAX (largest, (goffset) st.st_size);
    }
  g_assert_no_error (error);
  return largest;
}

static void
test_checkpoint_in_background (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "background.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  RubricStore *store;
  goffset largest = 0;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  store = rubric_store_new (path, &error);
  g_assert_no_error (error);
  rubric_store_checkpoint_in_background (store, TRUE);
  g_assert_true (_rubric_store_exec (store, "CREATE TABLE saves (id INTEGER PRIMARY KEY, data BLOB)", &error));

  /* 60 MB of saves (64 KB pages), with pauses. */
  largest = save_blobs (store, wal, 480, TRUE);
  g_assert_cmpuint (_rubric_store_count_background_checkpoints (store), >=, 2);
  g_assert_cmpint (largest, <, 24 * 1024 * 1024);

  /* 150 MB more without a pause: four times the size at the most, and
   * a little. */
  g_assert_cmpint (save_blobs (store, wal, 1200, FALSE), <, 80 * 1024 * 1024);
  g_object_unref (store);

  store = rubric_store_new (path, &error);
  g_assert_no_error (error);
  stmt = _rubric_store_prepare (store, "SELECT count(*) FROM saves", &error);
  g_assert_true (_rubric_store_step_value (store, stmt, &n, &error));
  g_assert_cmpint (n, ==, 480 + 1200);
  g_object_unref (store);
}

/* Saves without a pause, faster than the disk takes the checkpoints: the
 * log still stops at four times the size, and a little, as the commit
 * that finds it there waits for the checkpoint under way and copies the
 * rest itself. Before, it grew as long as the saves went on. */
static void
test_checkpoint_behind (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "behind.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (path, &error);

  g_assert_no_error (error);
  rubric_store_checkpoint_in_background (store, TRUE);
  _rubric_store_set_checkpoint_delay (store, 2000);
  g_assert_true (_rubric_store_exec (store, "CREATE TABLE saves (id INTEGER PRIMARY KEY, data BLOB)", &error));
  g_assert_cmpint (save_blobs (store, wal, 1200, FALSE), <, 80 * 1024 * 1024);
  g_assert_cmpuint (_rubric_store_count_background_checkpoints (store), >=, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add_func ("/store/private-file", test_private_file);
  g_test_add_func ("/store/checkpoint-in-background", test_checkpoint_in_background);
  g_test_add_func ("/store/checkpoint-behind", test_checkpoint_behind);
  g_test_add_func ("/store/import-and-pages", test_import_and_pages);
  g_test_add_func ("/store/annotation-round-trip", test_annotation_round_trip);
  g_test_add_func ("/store/task-is-current", test_task_is_current);
  g_test_add_func ("/store/migration", test_migration);
  g_test_add_func ("/store/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/store/reopen-returns-to-set", test_reopen_returns_to_set);
  g_test_add_func ("/store/reopen-compressed", test_reopen_compressed);
  g_test_add_func ("/store/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/store/cancelled-import", test_cancelled_import_changes_nothing);
  g_test_add_func ("/store/next-open-task", test_next_open_task);
  g_test_add_func ("/store/repeat-swapped", test_repeat_swapped);
  g_test_add_func ("/store/repeat-swapped-shares", test_repeat_swapped_shares);
  g_test_add_func ("/store/repeat-placement", test_repeat_placement);
  g_test_add_func ("/store/repeat-swapped-refused", test_repeat_swapped_refused);
  g_test_add_func ("/store/repeat-id-clash", test_repeat_id_clash);
  g_test_add_func ("/store/repeat-side-swap", test_repeat_side_swap);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
