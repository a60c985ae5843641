/* test-backup.c — backups of the workspace, its check and its repair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rubric-backup.h"
#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-store-private.h"
#include "test-util.h"

#define TASK(id) "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Line one\\nline two\"}"

/* 2026-11-30 12:00:00 UTC: no test depends on the wall clock. */
#define NOW (G_GINT64_CONSTANT (1796040000) * G_USEC_PER_SEC)
#define KEPT "kept in the backup — café"

static char *tmpdir;

/* A folder of the test's own, so that each sees only its own backups/. */
static char *
workspace_path (const char *test,
                const char *name)
{
  return g_build_filename (tmpdir, test, name, NULL);
}

static gint64
at (int y,
    int mo,
    int d,
    int h,
    int mi,
    int s)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (y, mo, d, h, mi, s);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

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

/* Three tasks, and Ada's annotation of the second. The store is closed
 * when this returns. */
static void
fill_workspace (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (path, &error);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tasks = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RubricAnnotation) annotation = NULL;
  gint64 set_id;

  g_assert_no_error (error);
  tasks = test_write_file (dir, "tasks.jsonl", TASK ("t1") "\n" TASK ("t2") "\n" TASK ("t3") "\n", -1);
  set_id = import (store, tasks);
  rows = rubric_store_get_task_rows (store, set_id, "Ada", 0, 10, NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  annotation = rubric_annotation_new (((RubricTaskRow *) g_ptr_array_index (rows, 1))->row_id, set_id, "Ada");
  annotation->choice = g_strdup ("A");
  g_free (annotation->justification);
  annotation->justification = g_strdup (KEPT);
  g_assert_true (rubric_store_save_annotation (store, annotation, &error));
  g_assert_no_error (error);
}

/* What a user would see of a workspace: every task, with Ada's
 * justification where she wrote one. */
static char *
describe (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (path, &error);
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  sets = rubric_store_list_task_sets (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sets->len; i++)
    {
      RubricTaskSet *set = g_ptr_array_index (sets, i);
      g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set->id, "Ada", 0, 100, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < rows->len; j++)
        {
          RubricTaskRow *row = g_ptr_array_index (rows, j);
          g_autoptr(RubricAnnotation) annotation = rubric_store_get_annotation (store, row->row_id, "Ada", NULL);

          g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", row->id);
          if (annotation != NULL)
            g_string_append_printf (text, ":%s", annotation->justification);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *contents = test_read_file (from, &len);

  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

/* Overwrites the header in place. No connection to @path may be open in
 * this process: closing a descriptor of an open SQLite file drops its
 * locks. Returns the damaged contents. */
static GBytes *
damage (const char *path,
        gsize      *len)
{
  char garbage[100];
  FILE *file;

  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  /* Closed: everything is in the file itself. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (0xa5 ^ i);
  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (garbage, 1, sizeof garbage, file), ==, sizeof garbage);
  g_assert_cmpint (fclose (file), ==, 0);
  return g_bytes_new_take (test_read_file (path, len), *len);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Leaves the header alone and overwrites the start of every other
 * page: SQLite opens the file, but its tables are garbage. */
static void
damage_pages (const char *path)
{
  guchar header[18];
  long page_size;
  char garbage[100];
  GStatBuf st;
  FILE *file;

  /* The page size is the header's two bytes at 16, big-endian; 1 is 65536. */
  file = fopen (path, "rb");
  g_assert_nonnull (file);
  g_assert_cmpuint (fread (header, 1, sizeof header, file), ==, sizeof header);
  fclose (file);
  page_size = header[16] << 8 | header[17];
  if (page_size == 1)
    page_size = 65536;
  g_assert_cmpint (page_size, >=, 512);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >=, 2 * page_size);
  memset (garbage, 0xa5, sizeof garbage);
  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  for (long offset = page_size; offset < st.st_size; offset += page_size)
    {
      g_assert_cmpint (fseek (file, offset, SEEK_SET), ==, 0);
      g_assert_cmpuint (fwrite (garbage, 1, sizeof garbage, file), ==, sizeof garbage);
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

/* The names in @dir, sorted, separated by spaces; "" when there is no
 * such folder. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static int
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_make_list_check (void)
{
  g_autofree char *path = workspace_path ("make", "workspace.db");
  g_autofree char *dir = rubric_backup_dir (path);
  g_autofree char *expected = g_build_filename (tmpdir, "make", "backups", "workspace-20261130-120000.db", NULL);
  g_autofree char *expected_later = g_build_filename (dir, "workspace-20261130-130000.db", NULL);
  g_autofree char *copy = workspace_path ("make", "copy-of-backup.db");
  g_autofree char *original = NULL;
  g_autofree char *restored = NULL;
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(RubricBackup) later = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  RubricBackup *listed;
  GStatBuf st;

  fill_workspace (path);
  original = describe (path);
  g_assert_cmpstr (original, ==, "t1 t2:" KEPT " t3");

  /* No folder yet: no backups, and no error. */
  backups = rubric_backup_list (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 0);
  g_clear_pointer (&backups, g_ptr_array_unref);

  /* A sub-second part of now does not show in the name or the time. */
  backup = rubric_backup_make (path, NOW + 250000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  g_assert_cmpstr (backup->path, ==, expected);
  g_assert_cmpint (backup->time, ==, NOW);
  g_assert_cmpint (g_stat (backup->path, &st), ==, 0);
  g_assert_cmpuint (backup->size, ==, (guint64) st.st_size);
  g_assert_cmpuint (backup->size, >, 0);

  /* Owner-only, and nothing left beside it: no .part, no journal. */
  g_assert_cmpint (file_mode (backup->path), ==, 0600);
  g_assert_cmpint (file_mode (dir), ==, 0700);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "workspace-20261130-120000.db");

  g_assert_true (rubric_workspace_check (backup->path, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_true (rubric_workspace_check (path, NULL, &error));
  g_assert_no_error (error);

  /* Opened on a copy, so that the backup itself stays untouched. */
  copy_file (backup->path, copy);
  restored = describe (copy);
  g_assert_cmpstr (restored, ==, original);

  backups = rubric_backup_list (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  listed = g_ptr_array_index (backups, 0);
  g_assert_cmpstr (listed->path, ==, expected);
  g_assert_cmpint (listed->time, ==, NOW);
  g_assert_cmpuint (listed->size, ==, backup->size);
  g_clear_pointer (&backups, g_ptr_array_unref);

  /* An hour later: listed first. */
  later = rubric_backup_make (path, NOW + G_TIME_SPAN_HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (later->path, ==, expected_later);
  g_assert_cmpint (later->time, ==, NOW + G_TIME_SPAN_HOUR);
  backups = rubric_backup_list (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 2);
  listed = g_ptr_array_index (backups, 0);
  g_assert_cmpstr (listed->path, ==, expected_later);
  g_assert_cmpint (listed->time, ==, NOW + G_TIME_SPAN_HOUR);
  listed = g_ptr_array_index (backups, 1);
  g_assert_cmpstr (listed->path, ==, expected);
  g_assert_cmpint (listed->time, ==, NOW);
}

static void
test_make_while_writing (void)
{
  g_autofree char *path = workspace_path ("writing", "workspace.db");
  g_autofree char *copy = workspace_path ("writing", "copy-of-backup.db");
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricStore) writer = NULL;
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *in_backup = NULL;
  g_autofree char *after = NULL;
  gint64 start;

  fill_workspace (path);
  original = describe (path);
  store = rubric_store_new (path, &error);
  g_assert_no_error (error);
  writer = rubric_store_new (path, &error);
  g_assert_no_error (error);

  /* Saved but still only in the WAL (the app has it open): a backup
   * has it. */
  g_assert_true (_rubric_store_exec (store, "UPDATE annotations SET justification = 'saved'", &error));
  g_assert_no_error (error);
  g_clear_pointer (&original, g_free);
  original = describe (path);
  g_assert_cmpstr (original, ==, "t1 t2:saved t3");

  g_assert_true (rubric_store_begin (writer, &error));
  g_assert_no_error (error);
  g_assert_true (_rubric_store_exec (writer, "UPDATE annotations SET justification = 'not saved yet'", &error));
  g_assert_no_error (error);

  /* Never waits for the writer (it would wait out its busy timeout). */
  start = g_get_monotonic_time ();
  backup = rubric_backup_make (path, NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  /* The writer is not broken: it commits, and the app sees it. */
  g_assert_true (rubric_store_commit (writer, &error));
  g_assert_no_error (error);
  after = describe (path);
  g_assert_cmpstr (after, ==, "t1 t2:not saved yet t3");

  /* The backup holds what was committed when it was made. */
  copy_file (backup->path, copy);
  in_backup = describe (copy);
  g_assert_cmpstr (in_backup, ==, original);
  g_assert_true (rubric_workspace_check (backup->path, NULL, &error));
  g_assert_no_error (error);

  /* And the other connection still writes too. */
  g_assert_true (_rubric_store_exec (store, "UPDATE annotations SET justification = 'later'", &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  after = describe (path);
  g_assert_cmpstr (after, ==, "t1 t2:later t3");
}

static void
test_make_damaged (void)
{
  g_autofree char *path = workspace_path ("damaged", "workspace.db");
  g_autofree char *dir = rubric_backup_dir (path);
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autofree char *names = NULL;
  g_autofree char *after = NULL;
  gsize len, after_len;

  fill_workspace (path);
  damaged = damage (path, &len);

  backup = rubric_backup_make (path, NOW, &error);
  g_assert_null (backup);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED);
  g_clear_error (&error);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");
  backups = rubric_backup_list (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 0);

  g_assert_false (rubric_workspace_check (path, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >=, 1);
  g_assert_nonnull (g_ptr_array_index (problems, 0));
  g_assert_cmpstr (g_ptr_array_index (problems, 0), !=, "");

  /* Neither changed the damaged file: what it holds can still be
   * recovered. */
  after = test_read_file (path, &after_len);
  g_assert_cmpmem (after, after_len, g_bytes_get_data (damaged, NULL), len);

  /* A missing workspace is an error, not a damaged one, and is not
   * created. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&path, g_free);
  path = workspace_path ("damaged", "missing.db");
  g_assert_false (rubric_workspace_check (path, &problems, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (rubric_backup_make (path, NOW, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_make_damaged_pages (void)
{
  g_autofree char *path = workspace_path ("damaged-pages", "workspace.db");
  g_autofree char *dir = rubric_backup_dir (path);
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  fill_workspace (path);
  damage_pages (path);

  backup = rubric_backup_make (path, NOW, &error);
  g_assert_null (backup);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");

  g_clear_error (&error);
  g_assert_false (rubric_workspace_check (path, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >=, 1);
}

static void
touch_backup (const char *dir,
              const char *stem,
              gint64      time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s-%s.db", stem, stamp);
  g_autofree char *path = test_write_file (dir, name, "", 0);
}

static void
test_prune (void)
{
  g_autofree char *path = workspace_path ("prune", "workspace.db");
  g_autofree char *dir = rubric_backup_dir (path);
  g_autofree char *names = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *other = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* The last 24 hours. */
  touch_backup (dir, "workspace", NOW);
  touch_backup (dir, "workspace", NOW - 2 * G_TIME_SPAN_HOUR);
  touch_backup (dir, "workspace", NOW - 23 * G_TIME_SPAN_HOUR);
  /* Day-2 and day-3, three each. */
  touch_backup (dir, "workspace", at (2026, 11, 28, 3, 0, 0));
  touch_backup (dir, "workspace", at (2026, 11, 28, 9, 30, 0));
  touch_backup (dir, "workspace", at (2026, 11, 28, 18, 15, 0));
  touch_backup (dir, "workspace", at (2026, 11, 27, 0, 0, 1));
  touch_backup (dir, "workspace", at (2026, 11, 27, 12, 0, 0));
  touch_backup (dir, "workspace", at (2026, 11, 27, 23, 59, 59));
  /* Day-6, day-9, day-30. */
  touch_backup (dir, "workspace", at (2026, 11, 24, 10, 0, 0));
  touch_backup (dir, "workspace", at (2026, 11, 21, 12, 0, 0));
  touch_backup (dir, "workspace", at (2026, 10, 31, 12, 0, 0));
  /* Not ours. */
  notes = test_write_file (dir, "notes.txt", "mine", -1);
  touch_backup (dir, "other", at (2026, 10, 1, 12, 0, 0));
  touch_backup (dir, "other", at (2026, 10, 2, 12, 0, 0));
  touch_backup (dir, "workspace2", at (2026, 10, 1, 12, 0, 0));
  other = test_write_file (dir, "workspace-20261001-120000.db.part", "", 0);

  g_assert_cmpuint (rubric_backup_prune (path, NOW), ==, 6);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==,
                   "notes.txt"
                   " other-20261001-120000.db"
                   " other-20261002-120000.db"
                   " workspace-20261001-120000.db.part"
                   " workspace-20261124-100000.db"
                   " workspace-20261127-235959.db"
                   " workspace-20261128-181500.db"
                   " workspace-20261129-130000.db"
                   " workspace-20261130-100000.db"
                   " workspace-20261130-120000.db"
                   " workspace2-20261001-120000.db");
  g_assert_cmpuint (rubric_backup_prune (path, NOW), ==, 0);
}

static void
test_prune_keeps_newest (void)
{
  g_autofree char *path = workspace_path ("prune-newest", "workspace.db");
  g_autofree char *dir = rubric_backup_dir (path);
  g_autofree char *names = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  touch_backup (dir, "workspace", NOW - 30 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (rubric_backup_prune (path, NOW), ==, 0);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "workspace-20261031-120000.db");

  /* And of two that old, the older one goes. */
  touch_backup (dir, "workspace", NOW - 31 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (rubric_backup_prune (path, NOW), ==, 1);
  g_clear_pointer (&names, g_free);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "workspace-20261031-120000.db");

  /* No folder at all: nothing to do. */
  g_clear_pointer (&path, g_free);
  path = workspace_path ("prune-none", "workspace.db");
  g_assert_cmpuint (rubric_backup_prune (path, NOW), ==, 0);
}

static void
test_is_due (void)
{
  g_assert_true (rubric_backup_is_due (0, NOW, TRUE));
  g_assert_false (rubric_backup_is_due (0, NOW, FALSE));
  g_assert_false (rubric_backup_is_due (NOW - 59 * G_TIME_SPAN_MINUTE, NOW, TRUE));
  g_assert_true (rubric_backup_is_due (NOW - 61 * G_TIME_SPAN_MINUTE, NOW, TRUE));
  g_assert_false (rubric_backup_is_due (NOW - 61 * G_TIME_SPAN_MINUTE, NOW, FALSE));
  g_assert_false (rubric_backup_is_due (NOW - 30 * G_TIME_SPAN_DAY, NOW, FALSE));
  /* The clock went back: the newest is in the future. */
  g_assert_true (rubric_backup_is_due (NOW + 10 * G_TIME_SPAN_MINUTE, NOW, TRUE));
  g_assert_false (rubric_backup_is_due (NOW + 10 * G_TIME_SPAN_MINUTE, NOW, FALSE));
}

static void
test_restore (void)
{
  g_autofree char *path = workspace_path ("restore", "workspace.db");
  g_autofree char *expected_aside = g_strconcat (path, ".damaged-20261130-140000", NULL);
  g_autofree char *marker = g_strconcat (path, ".damaged", NULL);
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *reason = NULL;
  gsize len, aside_len;

  fill_workspace (path);
  original = describe (path);
  backup = rubric_backup_make (path, NOW, &error);
  g_assert_no_error (error);

  damaged = damage (path, &len);
  g_assert_true (rubric_workspace_mark_damaged (path, "disk I/O error", &error));
  g_assert_no_error (error);
  reason = rubric_workspace_get_damage (path);
  g_assert_cmpstr (reason, ==, "disk I/O error");

  g_assert_cmpint (file_mode (marker), ==, 0600);

  g_assert_true (rubric_workspace_restore (path, backup->path, NOW + 2 * G_TIME_SPAN_HOUR, &moved_to, &error));
  g_assert_no_error (error);

  /* The damaged one is kept, byte for byte. */
  g_assert_cmpstr (moved_to, ==, expected_aside);
  aside = test_read_file (moved_to, &aside_len);
  g_assert_cmpmem (aside, aside_len, g_bytes_get_data (damaged, NULL), len);

  /* The workspace is the backed-up one, sound and owner-only. */
  g_assert_cmpint (file_mode (path), ==, 0600);
  g_assert_null (rubric_workspace_get_damage (path));
  g_assert_true (rubric_workspace_check (path, NULL, &error));
  g_assert_no_error (error);
  restored = describe (path);
  g_assert_cmpstr (restored, ==, original);

  /* The backup is still there, to restore again. */
  backups = rubric_backup_list (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_cmpstr (((RubricBackup *) g_ptr_array_index (backups, 0))->path, ==, backup->path);
  g_assert_true (rubric_workspace_check (backup->path, NULL, &error));
  g_assert_no_error (error);
}

static void
test_restore_missing_workspace (void)
{
  g_autofree char *path = workspace_path ("restore-missing", "workspace.db");
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *moved_to = NULL;

  fill_workspace (path);
  original = describe (path);
  backup = rubric_backup_make (path, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);

  /* Nothing to move aside. */
  g_assert_true (rubric_workspace_restore (path, backup->path, NOW, &moved_to, &error));
  g_assert_no_error (error);
  g_assert_null (moved_to);
  restored = describe (path);
  g_assert_cmpstr (restored, ==, original);
}

/* A backup that is itself damaged is refused before anything is moved:
 * the workspace stays where it was, as it was. */
static void
test_restore_bad_backup (void)
{
  g_autofree char *path = workspace_path ("restore-bad", "workspace.db");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *names = NULL;
  g_autofree char *names_after = NULL;
  g_autofree char *after = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *reason = NULL;
  gsize len;

  fill_workspace (path);
  original = describe (path);
  backup = rubric_backup_make (path, NOW, &error);
  g_assert_no_error (error);
  damaged = damage (backup->path, &len);
  g_assert_true (rubric_workspace_mark_damaged (path, "disk I/O error", &error));
  g_assert_no_error (error);
  names = list_dir (dir);

  g_assert_false (rubric_workspace_restore (path, backup->path, NOW + G_TIME_SPAN_HOUR, &moved_to, &error));
  g_assert_nonnull (error);
  g_test_message ("restoring a damaged backup: %s", error->message);
  g_assert_null (moved_to);
  names_after = list_dir (dir);
  g_assert_cmpstr (names_after, ==, names);
  reason = rubric_workspace_get_damage (path);
  g_assert_cmpstr (reason, ==, "disk I/O error");
  after = describe (path);
  g_assert_cmpstr (after, ==, original);
}

static void
test_move_aside_twice (void)
{
  g_autofree char *path = workspace_path ("aside", "workspace.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *expected_first = g_strconcat (path, ".damaged-20261130-120000", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_wal = NULL;
  g_autofree char *first_shm = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_free (test_write_file (dir, "workspace.db", "first", -1));
  g_free (test_write_file (dir, "workspace.db-wal", "first wal", -1));
  g_free (test_write_file (dir, "workspace.db-shm", "first shm", -1));
  g_assert_true (rubric_workspace_mark_damaged (path, "first", &error));
  g_assert_no_error (error);

  g_assert_true (rubric_workspace_move_aside (path, NOW, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, expected_first);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_null (rubric_workspace_get_damage (path));
  first_wal = g_strconcat (first, "-wal", NULL);
  first_shm = g_strconcat (first, "-shm", NULL);
  contents = test_read_file (first_wal, NULL);
  g_assert_cmpstr (contents, ==, "first wal");
  g_clear_pointer (&contents, g_free);
  contents = test_read_file (first_shm, NULL);
  g_assert_cmpstr (contents, ==, "first shm");
  g_clear_pointer (&contents, g_free);

  /* The same second again: a name of its own. */
  g_free (test_write_file (dir, "workspace.db", "second", -1));
  g_free (test_write_file (dir, "workspace.db-wal", "second wal", -1));
  g_assert_true (rubric_workspace_move_aside (path, NOW + 500000, &second, &error));
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpstr (second, !=, first);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  contents = test_read_file (first, NULL);
  g_assert_cmpstr (contents, ==, "first");
  g_clear_pointer (&contents, g_free);
  contents = test_read_file (first_wal, NULL);
  g_assert_cmpstr (contents, ==, "first wal");
  g_clear_pointer (&contents, g_free);
  contents = test_read_file (second, NULL);
  g_assert_cmpstr (contents, ==, "second");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add_func ("/backup/make-list-check", test_make_list_check);
  g_test_add_func ("/backup/make-while-writing", test_make_while_writing);
  g_test_add_func ("/backup/make-damaged", test_make_damaged);
  g_test_add_func ("/backup/make-damaged-pages", test_make_damaged_pages);
  g_test_add_func ("/backup/prune", test_prune);
  g_test_add_func ("/backup/prune-keeps-newest", test_prune_keeps_newest);
  g_test_add_func ("/backup/is-due", test_is_due);
  g_test_add_func ("/backup/restore", test_restore);
  g_test_add_func ("/backup/restore-missing-workspace", test_restore_missing_workspace);
  g_test_add_func ("/backup/restore-bad-backup", test_restore_bad_backup);
  g_test_add_func ("/backup/move-aside-twice", test_move_aside_twice);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
