/* test-store.c — the SQLite workspace and imports into it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "rubric-error.h"
#include "rubric-import.h"
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

  g_assert_true (rubric_import_file (store, path, flags, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
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

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add_func ("/store/private-file", test_private_file);
  g_test_add_func ("/store/import-and-pages", test_import_and_pages);
  g_test_add_func ("/store/annotation-round-trip", test_annotation_round_trip);
  g_test_add_func ("/store/migration", test_migration);
  g_test_add_func ("/store/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/store/reopen-returns-to-set", test_reopen_returns_to_set);
  g_test_add_func ("/store/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/store/cancelled-import", test_cancelled_import_changes_nothing);
  g_test_add_func ("/store/next-open-task", test_next_open_task);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
