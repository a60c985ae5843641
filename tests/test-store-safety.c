/* test-store-safety.c — the workspace shared with other connections and
 * processes, on failing disks, and across power cuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-c/json.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault-vfs.h"
#include "rubric-backup.h"
#include "rubric-error.h"
#include "rubric-export.h"
#include "rubric-import.h"
#include "rubric-store-private.h"
#include "test-util.h"

#define TASK(id) "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Say it\"}"

static char *tmpdir;

typedef struct
{
  char        *path;
  RubricStore *store;
  gint64       set_id;
  gint64       task_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("w%u.db", n++);
  g_autofree char *tasks = test_write_file (tmpdir, "tasks.jsonl", TASK ("t1") "\n" TASK ("t2") "\n" TASK ("t3") "\n", -1);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  f->path = g_build_filename (tmpdir, name, NULL);
  f->store = rubric_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (rubric_import_file (f->store, tasks, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  f->set_id = result->set_id;
  rows = rubric_store_get_task_rows (f->store, f->set_id, "Ada", 0, 1, &error);
  g_assert_no_error (error);
  f->task_id = ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fault_vfs_fail_writes (0);
  fault_vfs_fail_reads (0);
  g_clear_object (&f->store);
  g_free (f->path);
}

static RubricAnnotation *
draft (Fixture    *f,
       const char *answer)
{
  RubricAnnotation *annotation = rubric_annotation_new (f->task_id, f->set_id, "Ada");

  g_free (annotation->answer);
  annotation->answer = g_strdup (answer);
  return annotation;
}

static char *
stored_answer (Fixture *f)
{
  g_autoptr(RubricAnnotation) stored = rubric_store_get_annotation (f->store, f->task_id, "Ada", NULL);

  return stored ? g_strdup (stored->answer) : NULL;
}

static void
set_answer (RubricAnnotation *annotation,
            const char       *answer)
{
  g_free (annotation->answer);
  annotation->answer = g_strdup (answer);
}

/* Two windows read the same task; the first to save wins, the second
 * is told, and writes nothing until it decides. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RubricAnnotation) mine = draft (f, "first version");
  g_autoptr(RubricAnnotation) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gint64 history_id = 0;

  g_assert_true (rubric_store_save_annotation (f->store, mine, &error));
  other = rubric_store_get_annotation (f->store, f->task_id, "Ada", &error);
  g_assert_no_error (error);

  set_answer (other, "the other window's text");
  g_assert_true (rubric_store_save_annotation (f->store, other, &error));
  set_answer (mine, "this window's later text");
  g_assert_false (rubric_store_save_annotation (f->store, mine, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT);
  g_clear_error (&error);
  answer = stored_answer (f);
  g_assert_cmpstr (answer, ==, "the other window's text");

  /* The losing version is kept at once, and follows later changes. */
  g_assert_true (rubric_store_keep_in_history (f->store, mine, "conflict", &history_id, &error));
  set_answer (mine, "this window's later text, and more");
  g_assert_true (rubric_store_keep_in_history (f->store, mine, "conflict", &history_id, &error));
  g_assert_cmpuint (rubric_store_count_history (f->store, other->id, "conflict", NULL), ==, 1);

  /* Keep Mine: saved over the other, which goes to the history. */
  g_assert_true (rubric_store_overwrite_annotation (f->store, mine, &error));
  g_assert_no_error (error);
  g_free (answer);
  answer = stored_answer (f);
  g_assert_cmpstr (answer, ==, "this window's later text, and more");
  g_assert_cmpuint (rubric_store_count_history (f->store, other->id, "overwritten", NULL), ==, 1);
  /* And the other window, still on its old revision, is now the one told. */
  set_answer (other, "late");
  g_assert_false (rubric_store_save_annotation (f->store, other, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT);
}

/* Two windows start the same task fresh: the second insert conflicts. */
static void
test_conflict_on_first_save (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(RubricAnnotation) a = draft (f, "alpha");
  g_autoptr(RubricAnnotation) b = draft (f, "beta");
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  g_assert_true (rubric_store_save_annotation (f->store, a, &error));
  g_assert_false (rubric_store_save_annotation (f->store, b, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT);
  answer = stored_answer (f);
  g_assert_cmpstr (answer, ==, "alpha");
}

/* A submission survives a power cut: its commit syncs the WAL. A draft,
 * saved every second while typing, does not wait for the disk. */
static void
test_submit_is_synced (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RubricAnnotation) annotation = draft (f, "typed");
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  fault_vfs_reset_counts ();
  set_answer (annotation, "typed more");
  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_cmpuint (fault_vfs_count_syncs ("-wal"), ==, 0);

  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_cmpuint (fault_vfs_count_syncs ("-wal"), >=, 1);

  /* Reopening is a change of state too. */
  fault_vfs_reset_counts ();
  annotation->state = RUBRIC_ANNOTATION_DRAFT;
  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_cmpuint (fault_vfs_count_syncs ("-wal"), >=, 1);

  /* The connection is back to the crash-safe level for drafts. */
  fault_vfs_reset_counts ();
  set_answer (annotation, "reopened and typed");
  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_cmpuint (fault_vfs_count_syncs ("-wal"), ==, 0);
}

/* Disk full: the save fails with an error a person can read, nothing
 * stored is lost, and the same save works once there is room. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RubricAnnotation) annotation = draft (f, "kept");
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gint64 revision;

  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  revision = annotation->revision;
  fault_vfs_fail_writes (SQLITE_FULL);
  set_answer (annotation, "kept, and then typed on a full disk");
  g_assert_false (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_cmpint (annotation->revision, ==, revision);
  g_clear_error (&error);

  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  g_assert_false (rubric_store_save_annotation (f->store, annotation, &error));
  g_clear_error (&error);

  fault_vfs_fail_writes (0);
  answer = stored_answer (f);
  g_assert_cmpstr (answer, ==, "kept");
  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_no_error (error);
  g_free (answer);
  answer = stored_answer (f);
  g_assert_cmpstr (answer, ==, "kept, and then typed on a full disk");
}

/* Work that cannot be read is an error, never "no work yet": the page
 * must not start from nothing and save that over what is stored. */
static void
test_read_failure_is_an_error (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(RubricAnnotation) annotation = draft (f, "stored");
  g_autoptr(RubricAnnotation) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  sqlite3_db_release_memory (_rubric_store_get_db (f->store));
  fault_vfs_fail_reads (SQLITE_IOERR_READ);
  loaded = rubric_store_get_annotation (f->store, f->task_id, "Ada", &error);
  fault_vfs_fail_reads (0);
  g_assert_null (loaded);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);

  /* Counts say so too, rather than a silent zero. */
  g_clear_error (&error);
  sqlite3_db_release_memory (_rubric_store_get_db (f->store));
  fault_vfs_fail_reads (SQLITE_IOERR_READ);
  rubric_store_count_state (f->store, f->set_id, "Ada", RUBRIC_ANNOTATION_DRAFT, &error);
  fault_vfs_fail_reads (0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
}

/* Runs rubric-cli on @db; its output is kept out of this test's TAP. */
static void
run_cli (const char  *db,
         const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  g_ptr_array_add (argv, (char *) g_getenv ("RUBRIC_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
}

static gboolean
holds_deleted_file (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, path) && g_str_has_suffix (target, "(deleted)"))
        return TRUE;
    }
  return FALSE;
}

/*
 * The bug this guards against: opening and closing the workspace file
 * outside SQLite, as a second store once did, drops every POSIX lock
 * the process holds on it; the next process to close its connection
 * then believes it is the last, checkpoints and deletes the WAL, and
 * what this process writes afterwards goes into an unlinked file.
 */
static void
test_locks_survive_other_connections (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(RubricAnnotation) annotation = draft (f, "written while others come and go");
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *out = g_build_filename (tmpdir, "export.jsonl", NULL);
  g_autofree char *records = NULL;
  g_autofree char *more = test_write_file (tmpdir, "more.jsonl", TASK ("m1") "\n", -1);
  const char *stats[] = { "stats", NULL };
  const char *export[] = { "export", "--format", "records", "-o", out, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));

  /* Everything in this process that opens the workspace beside the
   * window's connection: import and export threads, backups, checks. */
  {
    g_autoptr(RubricStore) second = rubric_store_new (f->path, &error);
    g_autoptr(RubricImportResult) result = NULL;
    g_autoptr(RubricBackup) backup = NULL;
    g_autofree char *scratch = g_build_filename (tmpdir, "scratch.jsonl", NULL);

    g_assert_no_error (error);
    g_assert_true (rubric_import_file (second, more, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
    g_assert_true (rubric_export (second, RUBRIC_EXPORT_RECORDS, NULL, scratch, NULL, NULL, &error));
    backup = rubric_backup_make (f->path, g_get_real_time (), &error);
    g_assert_no_error (error);
    g_assert_true (rubric_workspace_check (f->path, NULL, &error));
  }

  /* Another process comes and goes. */
  run_cli (f->path, stats);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (holds_deleted_file (f->path));

  /* What this process writes now reaches the others. */
  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  run_cli (f->path, export);
  records = test_read_file (out, NULL);
  g_assert_nonnull (strstr (records, "written while others come and go"));
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (holds_deleted_file (f->path));
}

/* The workspace and SQLite's files beside it are never read as a task
 * file nor written over by an export. */
static void
test_workspace_is_not_a_task_file (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;

  g_assert_cmpint (g_stat (f->path, &before), ==, 0);
  g_assert_false (rubric_import_file (f->store, f->path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rubric_import_file (f->store, wal, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rubric_export (f->store, RUBRIC_EXPORT_RECORDS, NULL, f->path, NULL, NULL, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpint (g_stat (f->path, &after), ==, 0);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);
}

/* Windows say they have the workspace open; a crashed one is forgotten. */
static void
test_presence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RubricStore) other = rubric_store_new (f->path, NULL);
  g_autoptr(GError) error = NULL;
  gint64 mine = rubric_store_register_presence (f->store, &error);
  gint64 theirs = rubric_store_register_presence (other, &error);
  g_autofree char *sql = NULL;
  GPid child;

  g_assert_cmpint (mine, >, 0);
  g_assert_cmpint (theirs, >, 0);
  g_assert_cmpuint (rubric_store_count_other_presences (f->store, mine, &error), ==, 1);
  g_assert_cmpuint (rubric_store_count_other_presences (other, theirs, &error), ==, 1);

  /* A process that died without saying goodbye. */
  {
    const char *argv[] = { "/bin/true", NULL };

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &child, NULL));
    waitpid (child, NULL, 0);
  }
  sql = g_strdup_printf ("INSERT INTO presence (pid, host, opened_at) VALUES (%d, '%s', 0)", child, g_get_host_name ());
  g_assert_true (_rubric_store_exec (f->store, sql, NULL));
  g_assert_cmpuint (rubric_store_count_other_presences (f->store, mine, &error), ==, 1);

  rubric_store_unregister_presence (other, theirs);
  g_assert_cmpuint (rubric_store_count_other_presences (f->store, mine, &error), ==, 0);
  g_assert_no_error (error);
}

typedef struct
{
  const char *path;
  gboolean    ok;
  char       *message;
} OpenJob;

static gpointer
open_thread (gpointer data)
{
  OpenJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = rubric_store_new (job->path, &error);

  job->ok = store != NULL;
  job->message = error ? g_strdup (error->message) : NULL;
  return NULL;
}

/* Two windows or processes open an old workspace at the same moment:
 * each upgrade step is taken once. */
static void
test_concurrent_upgrade (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "old.db", NULL);
  OpenJob jobs[4];
  GThread *threads[4];

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RubricStore) old = _rubric_store_new_at (path, 1, &error);

    g_assert_no_error (error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i] = (OpenJob) { path, FALSE, NULL };
      threads[i] = g_thread_new ("open", open_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      if (!jobs[i].ok)
        g_error ("opening beside others failed: %s", jobs[i].message);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fault_vfs_install ();
  tmpdir = test_tmpdir ();

  g_test_add ("/store/safety/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/store/safety/conflict-on-first-save", Fixture, NULL, fixture_set_up, test_conflict_on_first_save,
              fixture_tear_down);
  g_test_add ("/store/safety/submit-is-synced", Fixture, NULL, fixture_set_up, test_submit_is_synced,
              fixture_tear_down);
  g_test_add ("/store/safety/disk-full", Fixture, NULL, fixture_set_up, test_disk_full, fixture_tear_down);
  g_test_add ("/store/safety/read-failure-is-an-error", Fixture, NULL, fixture_set_up,
              test_read_failure_is_an_error, fixture_tear_down);
  g_test_add ("/store/safety/locks-survive-other-connections", Fixture, NULL, fixture_set_up,
              test_locks_survive_other_connections, fixture_tear_down);
  g_test_add ("/store/safety/workspace-is-not-a-task-file", Fixture, NULL, fixture_set_up,
              test_workspace_is_not_a_task_file, fixture_tear_down);
  g_test_add ("/store/safety/presence", Fixture, NULL, fixture_set_up, test_presence, fixture_tear_down);
  g_test_add_func ("/store/safety/concurrent-upgrade", test_concurrent_upgrade);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
