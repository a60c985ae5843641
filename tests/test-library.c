/* test-library.c — the library of task sets: progress, kinds, order,
 * renaming, deleting with a way back, and purging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-library.h"
#include "rubric-store-private.h"
#include "test-util.h"

#define DAY RUBRIC_LIBRARY_KEEP_DELETED_MS

#define WRITE(id) "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Write " id "\"}\n"
#define COMPARE(id) \
  "{\"id\":\"" id "\",\"kind\":\"compare\",\"prompt\":\"Compare " id "\"," \
  "\"responses\":[{\"id\":\"a\",\"content\":\"A\"},{\"id\":\"b\",\"content\":\"B\"}]}\n"
#define RANK(id) \
  "{\"id\":\"" id "\",\"kind\":\"rank\",\"prompt\":\"Rank " id "\"," \
  "\"responses\":[{\"id\":\"a\",\"content\":\"A\"},{\"id\":\"b\",\"content\":\"B\"},{\"id\":\"c\",\"content\":\"C\"}]}\n"

static char *tmpdir;

typedef struct
{
  RubricStore *store;
  char        *mixed_path;
  gint64       mixed;     /* "Mixed": 3 write tasks, 2 compare */
  gint64       ranked;    /* "Ranked": 2 rank tasks */
} Fixture;

static gint64
import (RubricStore *store,
        const char  *path)
{
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return result->set_id;
}

/* Saves @annotator's work on the task at @ord of a set. */
static void
annotate (RubricStore           *store,
          gint64                 set_id,
          guint                  ord,
          const char            *annotator,
          RubricAnnotationState  state)
{
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, annotator, ord, 1, NULL);
  g_autoptr(RubricAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;

  gint64 task_id;

  g_assert_cmpuint (rows->len, ==, 1);
  task_id = ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id;
  annotation = rubric_store_get_annotation (store, task_id, annotator, &error);
  g_assert_no_error (error);
  if (annotation == NULL)
    annotation = rubric_annotation_new (task_id, set_id, annotator);
  annotation->state = state;
  g_assert_true (rubric_store_save_annotation (store, annotation, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* A workspace of its own for each test: named by a count, not by the
   * fixture's address, which the allocator may hand out again (it did
   * under ThreadSanitizer, and the next test found this one's sets). */
  static guint n_fixtures;
  guint n = ++n_fixtures;
  g_autofree char *name = g_strdup_printf ("library-%u.db", n);
  g_autofree char *db = g_build_filename (tmpdir, name, NULL);
  g_autofree char *mixed_file = g_strdup_printf ("mixed-%u.jsonl", n);
  g_autofree char *ranked_file = g_strdup_printf ("ranked-%u.jsonl", n);
  g_autofree char *ranked_path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store = rubric_store_new (db, &error);
  g_assert_no_error (error);
  fixture->mixed_path = test_write_file (tmpdir, mixed_file,
                                         "{\"format\":\"rubric-tasks/1\",\"name\":\"Mixed\"}\n"
                                         WRITE ("w1") COMPARE ("c1") WRITE ("w2") COMPARE ("c2") WRITE ("w3"), -1);
  ranked_path = test_write_file (tmpdir, ranked_file,
                                 "{\"format\":\"rubric-tasks/1\",\"name\":\"Ranked\"}\n" RANK ("r1") RANK ("r2"), -1);
  fixture->mixed = import (fixture->store, fixture->mixed_path);
  fixture->ranked = import (fixture->store, ranked_path);
  /* Opened in a known order: Mixed last. */
  g_assert_true (rubric_library_mark_opened (fixture->store, fixture->ranked, 1000, NULL));
  g_assert_true (rubric_library_mark_opened (fixture->store, fixture->mixed, 2000, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_free (fixture->mixed_path);
}

static GPtrArray *
list (Fixture    *fixture,
      const char *annotator)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = rubric_library_list (fixture->store, annotator, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static RubricLibraryEntry *
find_entry (GPtrArray *entries,
            gint64     set_id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      RubricLibraryEntry *entry = g_ptr_array_index (entries, i);

      if (entry->set_id == set_id)
        return entry;
    }
  return NULL;
}

static gboolean
task_sets_have (RubricStore *store,
                gint64       set_id)
{
  g_autoptr(GPtrArray) sets = rubric_store_list_task_sets (store, NULL);

  for (guint i = 0; i < sets->len; i++)
    {
      if (((RubricTaskSet *) g_ptr_array_index (sets, i))->id == set_id)
        return TRUE;
    }
  return FALSE;
}

/* Each annotator sees their own progress: done is submitted or
 * skipped, drafts apart. */
static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ada = NULL;
  g_autoptr(GPtrArray) bob = NULL;
  g_autoptr(GPtrArray) nobody = NULL;
  RubricLibraryEntry *entry;

  annotate (fixture->store, fixture->mixed, 0, "Ada", RUBRIC_ANNOTATION_SUBMITTED);
  annotate (fixture->store, fixture->mixed, 1, "Ada", RUBRIC_ANNOTATION_SKIPPED);
  annotate (fixture->store, fixture->mixed, 2, "Ada", RUBRIC_ANNOTATION_DRAFT);
  annotate (fixture->store, fixture->mixed, 0, "Bob", RUBRIC_ANNOTATION_DRAFT);
  annotate (fixture->store, fixture->mixed, 1, "Bob", RUBRIC_ANNOTATION_DRAFT);
  annotate (fixture->store, fixture->ranked, 1, "Bob", RUBRIC_ANNOTATION_SUBMITTED);

  ada = list (fixture, "Ada");
  g_assert_cmpuint (ada->len, ==, 2);
  entry = find_entry (ada, fixture->mixed);
  g_assert_cmpstr (entry->name, ==, "Mixed");
  g_assert_cmpstr (entry->source_path, ==, fixture->mixed_path);
  g_assert_cmpuint (entry->n_tasks, ==, 5);
  g_assert_cmpuint (entry->n_done, ==, 2);
  g_assert_cmpuint (entry->n_draft, ==, 1);
  g_assert_cmpint (entry->imported_at, >, 0);
  entry = find_entry (ada, fixture->ranked);
  g_assert_cmpuint (entry->n_tasks, ==, 2);
  g_assert_cmpuint (entry->n_done, ==, 0);
  g_assert_cmpuint (entry->n_draft, ==, 0);

  bob = list (fixture, "Bob");
  entry = find_entry (bob, fixture->mixed);
  g_assert_cmpuint (entry->n_done, ==, 0);
  g_assert_cmpuint (entry->n_draft, ==, 2);
  entry = find_entry (bob, fixture->ranked);
  g_assert_cmpuint (entry->n_done, ==, 1);

  nobody = list (fixture, "Nobody");
  entry = find_entry (nobody, fixture->mixed);
  g_assert_cmpuint (entry->n_done + entry->n_draft, ==, 0);
}

static void
test_kinds (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = list (fixture, "Ada");
  RubricLibraryEntry *mixed = find_entry (entries, fixture->mixed);
  RubricLibraryEntry *ranked = find_entry (entries, fixture->ranked);

  g_assert_true (rubric_library_entry_has_kind (mixed, RUBRIC_TASK_KIND_WRITE));
  g_assert_true (rubric_library_entry_has_kind (mixed, RUBRIC_TASK_KIND_COMPARE));
  g_assert_false (rubric_library_entry_has_kind (mixed, RUBRIC_TASK_KIND_RANK));
  g_assert_false (rubric_library_entry_has_kind (mixed, RUBRIC_TASK_KIND_REVIEW));
  g_assert_false (rubric_library_entry_has_kind (mixed, RUBRIC_TASK_KIND_INVALID));
  g_assert_cmpuint (ranked->kinds, ==, 1u << RUBRIC_TASK_KIND_RANK);
}

static gint64
id_at (GPtrArray *entries,
       guint      i)
{
  return ((RubricLibraryEntry *) g_ptr_array_index (entries, i))->set_id;
}

/* The set opened last comes first, and is the one to reopen. */
static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) before = list (fixture, "Ada");
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (id_at (before, 0), ==, fixture->mixed);
  g_assert_cmpint (id_at (before, 1), ==, fixture->ranked);
  g_assert_cmpint (((RubricLibraryEntry *) g_ptr_array_index (before, 0))->opened_at, ==, 2000);
  g_assert_cmpint (rubric_library_last_opened (fixture->store, &error), ==, fixture->mixed);
  g_assert_no_error (error);

  g_assert_true (rubric_library_mark_opened (fixture->store, fixture->ranked, 3000, &error));
  g_assert_no_error (error);
  after = list (fixture, "Ada");
  g_assert_cmpint (id_at (after, 0), ==, fixture->ranked);
  g_assert_cmpint (id_at (after, 1), ==, fixture->mixed);
  g_assert_cmpint (rubric_library_last_opened (fixture->store, NULL), ==, fixture->ranked);

  g_assert_false (rubric_library_mark_opened (fixture->store, 9999, 4000, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
}

/* An empty workspace has no set to reopen. */
static void
test_last_opened_empty (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "empty.db", NULL);
  g_autoptr(RubricStore) store = rubric_store_new (db, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (rubric_library_last_opened (store, &error), ==, 0);
  g_assert_no_error (error);
  entries = rubric_library_list (store, "Ada", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* A table read through a column map keeps the map in its set's header;
 * the last import of the same file gives it back, for the app to offer
 * when the file has changed. */
static void
test_column_map (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "map.db", NULL);
  g_autofree char *csv = test_write_file (tmpdir, "map.csv", "q,a,b\nHi?,Yes.,No.\n", -1);
  g_autofree char *jsonl = test_write_file (tmpdir, "map.jsonl",
                                            "{\"id\":\"t\",\"kind\":\"write\",\"prompt\":\"Hi?\"}\n", -1);
  g_autoptr(RubricStore) store = rubric_store_new (db, NULL);
  const char *first[] = { "prompt=q", "response=a", NULL };
  const char *second[] = { "prompt=q", "response=b", "response=a", NULL };
  RubricReadOptions options = { .map = first };
  RubricImportResult *result = NULL;
  g_auto(GStrv) map = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cwd = g_get_current_dir ();

  g_assert_null (rubric_store_dup_column_map (store, csv, &error));
  g_assert_no_error (error);
  g_assert_true (rubric_import_file_full (store, csv, &options, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_clear_pointer (&result, rubric_import_result_free);
  map = rubric_store_dup_column_map (store, csv, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (map, first);
  g_clear_pointer (&map, g_strfreev);

  /* Changed and read with another map: the newer one. */
  g_assert_true (g_file_set_contents (csv, "q,a,b\nHi?,Yes.,No.\nBye?,Ok.,Never.\n", -1, NULL));
  options.map = second;
  g_assert_true (rubric_import_file_full (store, csv, &options, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_false (result->reused);
  g_clear_pointer (&result, rubric_import_result_free);
  map = rubric_store_dup_column_map (store, csv, &error);
  g_assert_cmpstrv (map, second);

  /* A file read without a map has none. */
  g_assert_true (rubric_import_file (store, jsonl, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_clear_pointer (&result, rubric_import_result_free);
  g_assert_null (rubric_store_dup_column_map (store, jsonl, &error));
  g_assert_no_error (error);

  /* Named relative to the current directory, as the CLI is given it,
   * the file is the same one the app names by its absolute path: both
   * ways round. */
  g_assert_cmpint (chdir (tmpdir), ==, 0);
  g_clear_pointer (&map, g_strfreev);
  map = rubric_store_dup_column_map (store, "./map.csv", &error);
  g_assert_cmpstrv (map, second);
  g_assert_true (g_file_set_contents (csv, "q,a,b\nSo?,Fine.,Bad.\n", -1, NULL));
  options.map = first;
  g_assert_true (rubric_import_file_full (store, "map.csv", &options, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result,
                                          &error));
  g_clear_pointer (&result, rubric_import_result_free);
  g_assert_cmpint (chdir (cwd), ==, 0);
  g_clear_pointer (&map, g_strfreev);
  map = rubric_store_dup_column_map (store, csv, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (map, first);
}

static void
assert_refused (Fixture    *fixture,
                const char *name,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricTaskSet) set = NULL;
  g_autofree char *shown = NULL;

  g_assert_false (rubric_library_rename (fixture->store, fixture->mixed, name, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  shown = g_strescape (name, NULL);
  g_test_message ("“%s” refused: %s", shown, error->message);
  g_assert_nonnull (strstr (error->message, message_part));
  set = rubric_store_get_task_set (fixture->store, fixture->mixed, NULL);
  g_assert_cmpstr (set->name, ==, "Mixed");
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_true (rubric_library_rename (fixture->store, fixture->mixed, "  Batch 7 — café  ", &error));
  g_assert_no_error (error);
  set = rubric_store_get_task_set (fixture->store, fixture->mixed, NULL);
  g_assert_cmpstr (set->name, ==, "Batch 7 — café");
  entries = list (fixture, "Ada");
  g_assert_cmpstr (((RubricLibraryEntry *) find_entry (entries, fixture->mixed))->name, ==, "Batch 7 — café");
}

static void
test_rename_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (201, 'x');
  g_autoptr(GError) error = NULL;

  assert_refused (fixture, "", "empty");
  assert_refused (fixture, "   \t ", "empty");
  assert_refused (fixture, "Two\nlines", "one line");
  assert_refused (fixture, long_name, "at most 200");
  assert_refused (fixture, "bad \xff byte", "text");

  g_assert_false (rubric_library_rename (fixture->store, 9999, "Nowhere", &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
}

/* A deleted set leaves the library and the store's list of sets, and
 * comes back as it was. */
static void
test_delete_undelete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) hidden = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  RubricLibraryEntry *entry;

  annotate (fixture->store, fixture->mixed, 0, "Ada", RUBRIC_ANNOTATION_SUBMITTED);
  g_assert_true (rubric_library_delete (fixture->store, fixture->mixed, 5000, &error));
  g_assert_no_error (error);

  hidden = list (fixture, "Ada");
  g_assert_cmpuint (hidden->len, ==, 1);
  g_assert_null (find_entry (hidden, fixture->mixed));
  g_assert_false (task_sets_have (fixture->store, fixture->mixed));
  g_assert_true (task_sets_have (fixture->store, fixture->ranked));
  g_assert_cmpint (rubric_library_last_opened (fixture->store, NULL), ==, fixture->ranked);

  /* Out of the library, it is not renamed, opened or deleted again. */
  g_assert_false (rubric_library_rename (fixture->store, fixture->mixed, "Ghost", &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rubric_library_mark_opened (fixture->store, fixture->mixed, 6000, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rubric_library_delete (fixture->store, fixture->mixed, 6000, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (rubric_library_undelete (fixture->store, fixture->mixed, &error));
  g_assert_no_error (error);
  back = list (fixture, "Ada");
  g_assert_cmpuint (back->len, ==, 2);
  entry = find_entry (back, fixture->mixed);
  g_assert_cmpuint (entry->n_done, ==, 1);
  g_assert_cmpint (entry->opened_at, ==, 2000);
  g_assert_true (task_sets_have (fixture->store, fixture->mixed));
  g_assert_cmpint (rubric_library_last_opened (fixture->store, NULL), ==, fixture->mixed);

  /* Undeleting a set that is there is harmless; one that is not, not found. */
  g_assert_true (rubric_library_undelete (fixture->store, fixture->mixed, NULL));
  g_assert_false (rubric_library_undelete (fixture->store, 9999, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
}

/* Purging removes the sets deleted long enough ago, with their tasks,
 * work and history, and keeps those that can still be undone. */
static void
test_purge (Fixture       *fixture,
            gconstpointer  data)
{
  RubricStore *store = fixture->store;
  gint64 now = g_get_real_time () / 1000;
  g_autoptr(GError) error = NULL;
  guint n_purged = 99;

  annotate (store, fixture->mixed, 0, "Ada", RUBRIC_ANNOTATION_SUBMITTED);
  annotate (store, fixture->mixed, 0, "Ada", RUBRIC_ANNOTATION_DRAFT);   /* a reopened submission: history */
  annotate (store, fixture->ranked, 0, "Ada", RUBRIC_ANNOTATION_SUBMITTED);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM annotation_history"), ==, 1);

  g_assert_true (rubric_library_purge (store, now - DAY, &n_purged, &error));
  g_assert_cmpuint (n_purged, ==, 0);

  g_assert_true (rubric_library_delete (store, fixture->mixed, now - 2 * DAY, NULL));
  g_assert_true (rubric_library_delete (store, fixture->ranked, now, NULL));
  g_assert_true (rubric_library_purge (store, now - DAY, &n_purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_purged, ==, 1);
  g_assert_null (rubric_store_get_task_set (store, fixture->mixed, NULL));
  g_assert_false (rubric_library_undelete (store, fixture->mixed, NULL));
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks"), ==, 2);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM annotations"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM annotation_history"), ==, 0);

  /* The one deleted just now can still be undone; purging all takes it. */
  g_assert_true (rubric_library_purge (store, G_MAXINT64, &n_purged, &error));
  g_assert_cmpuint (n_purged, ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_sets"), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks"), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM annotations"), ==, 0);
}

/* Opening the file of a deleted set again brings the set back, with
 * its name and its work, instead of failing or making a second one. */
static void
test_reimport_deleted (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  RubricLibraryEntry *entry;

  annotate (fixture->store, fixture->mixed, 1, "Ada", RUBRIC_ANNOTATION_SUBMITTED);
  annotate (fixture->store, fixture->mixed, 2, "Ada", RUBRIC_ANNOTATION_DRAFT);
  g_assert_true (rubric_library_rename (fixture->store, fixture->mixed, "Renamed", NULL));
  g_assert_true (rubric_library_delete (fixture->store, fixture->mixed, g_get_real_time () / 1000, NULL));

  g_assert_true (rubric_import_file (fixture->store, fixture->mixed_path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_no_error (error);
  g_assert_true (result->reused);
  g_assert_cmpint (result->set_id, ==, fixture->mixed);
  g_assert_cmpstr (result->name, ==, "Renamed");
  g_assert_cmpuint (result->n_tasks, ==, 5);

  entries = list (fixture, "Ada");
  g_assert_cmpuint (entries->len, ==, 2);
  entry = find_entry (entries, fixture->mixed);
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->n_done, ==, 1);
  g_assert_cmpuint (entry->n_draft, ==, 1);
  g_assert_true (task_sets_have (fixture->store, fixture->mixed));
  g_assert_cmpint (test_count_rows (fixture->store, "SELECT count(*) FROM task_sets"), ==, 2);
}

/* A workspace of schema 5 gains the index on kinds, sets and all. */
static void
test_migrate (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "schema5.db", NULL);
  g_autofree char *path = test_write_file (tmpdir, "old.jsonl", WRITE ("o1") COMPARE ("o2"), -1);
  g_autoptr(GPtrArray) entries = NULL;
  RubricStore *old = _rubric_store_new_at (db, 5, NULL);
  RubricStore *store;

  g_assert_nonnull (old);
  import (old, path);
  g_object_unref (old);

  store = rubric_store_new (db, NULL);
  g_assert_cmpint (rubric_store_get_schema_version (store), ==, RUBRIC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'tasks_kind'"), ==, 1);
  entries = rubric_library_list (store, "Ada", NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (((RubricLibraryEntry *) g_ptr_array_index (entries, 0))->kinds, ==,
                    (1u << RUBRIC_TASK_KIND_WRITE) | (1u << RUBRIC_TASK_KIND_COMPARE));
  g_object_unref (store);
}

static sqlite3_stmt *
find_statement (RubricStore *store,
                const char  *prefix)
{
  sqlite3 *db = _rubric_store_get_db (store);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    {
      if (g_str_has_prefix (sqlite3_sql (stmt), prefix))
        return stmt;
    }
  return NULL;
}

/*
 * A set of 300,000 tasks, all of one kind but the last: the listing
 * must not walk the set to find its kinds. Counted in SQLite's virtual
 * machine steps, which do not depend on the machine; the time is
 * printed only.
 */
static void
test_big_set (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "big.db", NULL);
  g_autofree char *path = test_write_file (tmpdir, "big.jsonl", WRITE ("b0"), -1);
  g_autoptr(RubricStore) store = rubric_store_new (db, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  gint64 set_id = import (store, path);
  g_autofree char *fill = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
    " INSERT INTO tasks (set_id, ord, ext_id, kind, line, preview, raw)"
    " SELECT %" G_GINT64_FORMAT ", i, 'b' || i, CASE WHEN i = 300000 THEN 'review' ELSE 'write' END, i + 1, 'Big',"
    "   '{\"id\":\"b' || i || '\",\"kind\":\"write\",\"prompt\":\"Big\"}' FROM n;"
    " UPDATE task_sets SET n_tasks = 300001;", set_id);
  gint64 start;
  int steps;
  int full_scan;

  g_assert_true (_rubric_store_exec (store, fill, NULL));
  annotate (store, set_id, 0, "Ada", RUBRIC_ANNOTATION_SUBMITTED);
  entries = rubric_library_list (store, "Ada", NULL);
  stmt = find_statement (store, "SELECT s.id, s.name");
  g_assert_nonnull (stmt);
  sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_VM_STEP, TRUE);
  sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, TRUE);

  g_clear_pointer (&entries, g_ptr_array_unref);
  start = g_get_monotonic_time ();
  entries = rubric_library_list (store, "Ada", NULL);
  g_test_message ("listed a set of 300,001 tasks in %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
  steps = sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_VM_STEP, FALSE);
  full_scan = sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, FALSE);
  g_test_message ("%d virtual machine steps, %d of them in full scans", steps, full_scan);

  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (((RubricLibraryEntry *) g_ptr_array_index (entries, 0))->kinds, ==,
                    (1u << RUBRIC_TASK_KIND_WRITE) | (1u << RUBRIC_TASK_KIND_REVIEW));
  g_assert_cmpuint (((RubricLibraryEntry *) g_ptr_array_index (entries, 0))->n_done, ==, 1);
  g_assert_cmpint (steps, <, 1000);
  g_assert_cmpint (full_scan, <=, 1);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  ADD ("/library/list/progress-per-annotator", test_progress);
  ADD ("/library/list/kinds", test_kinds);
  ADD ("/library/list/newest-opened-first", test_order);
  g_test_add_func ("/library/list/empty-workspace", test_last_opened_empty);
  g_test_add_func ("/library/list/fast-on-a-big-set", test_big_set);
  ADD ("/library/rename/trims", test_rename);
  ADD ("/library/rename/refuses-bad-names", test_rename_refused);
  ADD ("/library/delete/hides-and-undoes", test_delete_undelete);
  ADD ("/library/delete/purge-removes-work", test_purge);
  ADD ("/library/delete/reimport-brings-back", test_reimport_deleted);
  g_test_add_func ("/library/migrate/from-schema-5", test_migrate);
  g_test_add_func ("/library/column-map/last-import", test_column_map);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
