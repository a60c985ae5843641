/* test-faults.c — a full disk, failing reads and writes, a workspace
 * that is read-only, cut short or no database at all, and a task file
 * that changes while it is imported (issue 14, "Faults")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every fault must give a clear message and a rollback, keep what was
 * saved before, and leave no stray file behind. The faults come from
 * tests/fault-vfs.c, which sits in front of SQLite's own VFS for every
 * connection of this process, backups' included.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault-vfs.h"
#include "rubric-backup.h"
#include "rubric-error.h"
#include "rubric-export.h"
#include "rubric-import.h"
#include "rubric-store-private.h"
#include "test-util.h"

#define TASK(id) "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Say it\"}"
#define KEPT     "kept from before the fault"
#define DRAFT    "a draft saved before the fault"

static char *tmpdir;

typedef struct
{
  char        *dir;      /* the test's own folder */
  char        *path;     /* its workspace */
  RubricStore *store;
  gint64       set_id;
  gint64       task_id;  /* t1, with Ada's submitted work */
  gint64       draft_task_id;  /* t2, with Ada's draft */
} Fixture;

static char *
write_big_tasks (const char *dir,
                 const char *name,
                 guint       n,
                 gsize       prompt_len)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *filler = g_strnfill (prompt_len, 'x');

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "{\"id\":\"big-%u\",\"kind\":\"write\",\"prompt\":\"Task %u %s\"}\n", i, i, filler);
  return test_write_file (dir, name, text->str, text->len);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("t%u", n++);
  g_autofree char *tasks = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RubricAnnotation) kept = NULL;
  g_autoptr(RubricAnnotation) draft = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_build_filename (tmpdir, name, NULL);
  g_assert_cmpint (g_mkdir (f->dir, 0755), ==, 0);
  f->path = g_build_filename (f->dir, "w.db", NULL);
  tasks = test_write_file (f->dir, "tasks.jsonl", TASK ("t1") "\n" TASK ("t2") "\n" TASK ("t3") "\n", -1);
  f->store = rubric_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (rubric_import_file (f->store, tasks, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  f->set_id = result->set_id;
  rows = rubric_store_get_task_rows (f->store, f->set_id, "Ada", 0, 3, &error);
  g_assert_no_error (error);
  f->task_id = ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id;
  f->draft_task_id = ((RubricTaskRow *) g_ptr_array_index (rows, 1))->row_id;

  kept = rubric_annotation_new (f->task_id, f->set_id, "Ada");
  g_free (kept->answer);
  kept->answer = g_strdup (KEPT);
  kept->state = RUBRIC_ANNOTATION_SUBMITTED;
  g_assert_true (rubric_store_save_annotation (f->store, kept, &error));
  draft = rubric_annotation_new (f->draft_task_id, f->set_id, "Ada");
  g_free (draft->answer);
  draft->answer = g_strdup (DRAFT);
  g_assert_true (rubric_store_save_annotation (f->store, draft, &error));
  g_assert_no_error (error);
  g_unlink (tasks);
  /* All in the database file, as when a process opens the workspace
   * after the last one closed it. */
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (_rubric_store_get_db (f->store), NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                              NULL, NULL), ==, SQLITE_OK);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fault_vfs_fail_writes (0);
  fault_vfs_fail_writes_after (0, 0);
  fault_vfs_fail_reads (0);
  g_clear_object (&f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A connection of its own, as a second process would see the file: one
 * that waits, as the store's do, while the store's checkpoint thread
 * holds a lock for a moment (without, it was refused now and then). */
static char *
integrity_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
stored_answer (RubricStore *store,
               gint64       task_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricAnnotation) stored = rubric_store_get_annotation (store, task_id, "Ada", &error);

  g_assert_no_error (error);
  return stored ? g_strdup (stored->answer) : NULL;
}

/* What was saved before the fault is all there, and nothing else: one
 * set of three tasks, the submitted work and the draft; the file is
 * sound, to this connection and to a new one. */
static void
assert_intact (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autofree char *check = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *draft = NULL;

  sets = rubric_store_list_task_sets (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 1);
  g_assert_cmpint (test_count_rows (f->store, "SELECT count(*) FROM task_sets"), ==, 1);
  g_assert_cmpint (test_count_rows (f->store, "SELECT count(*) FROM tasks"), ==, 3);
  g_assert_cmpint (test_count_rows (f->store, "SELECT count(*) FROM annotations"), ==, 2);
  g_assert_cmpuint (rubric_store_count_tasks (f->store, f->set_id, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (rubric_store_count_state (f->store, f->set_id, "Ada", RUBRIC_ANNOTATION_SUBMITTED, &error), ==, 1);
  answer = stored_answer (f->store, f->task_id);
  g_assert_cmpstr (answer, ==, KEPT);
  draft = stored_answer (f->store, f->draft_task_id);
  g_assert_cmpstr (draft, ==, DRAFT);
  check = integrity_check (f->path);
  g_assert_cmpstr (check, ==, "ok");
}

/* Nothing in @dir but @allowed (NULL-terminated; "w.db-wal" and
 * "w.db-shm" are always allowed while a store is open): no temporary
 * file, no journal, no half-made backup or output. */
static void
assert_only (const char  *dir,
             const char **allowed)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_equal (name, "w.db-wal") || g_str_equal (name, "w.db-shm"))
        continue;
      if (!g_strv_contains (allowed, name))
        g_error ("a stray file was left in %s: %s", dir, name);
    }
}

/* The WAL of an open workspace: after a failed write it may hold what
 * it held before, or SQLite's usual few pages, never the failed
 * transaction's megabytes. */
#define WAL_SLACK (64 * 1024)

/* 1. A full disk ----------------------------------------------------- */

/* The disk fills up in the middle of an import of 2000 tasks: the
 * import is refused as a whole, says the disk is full, the WAL gives
 * the space back, and once there is room the same file imports. */
static void
test_import_disk_full (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *big = write_big_tasks (f->dir, "big.jsonl", 2000, 1000);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wal_before = file_size (wal);
  const char *allowed[] = { "w.db", "big.jsonl", NULL };

  fault_vfs_fail_writes_after (SQLITE_FULL, 512 * 1024);
  g_assert_false (rubric_import_file (f->store, big, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  fault_vfs_fail_writes_after (0, 0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "full"));
  g_test_message ("import on a full disk: %s", error->message);
  g_clear_error (&error);
  g_clear_pointer (&result, rubric_import_result_free);

  assert_intact (f);
  assert_only (f->dir, allowed);
  g_test_message ("WAL before %" G_GINT64_FORMAT ", after %" G_GINT64_FORMAT, wal_before, file_size (wal));
  g_assert_cmpint (file_size (wal), <=, MAX (wal_before, 0) + WAL_SLACK);

  /* Work goes on, and the same import works once there is room. */
  g_assert_true (rubric_import_file (f->store, big, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tasks, ==, 2000);
  g_assert_cmpint (test_count_rows (f->store, "SELECT count(*) FROM tasks"), ==, 2003);
}

/* Autosave of a big answer (2 MB) on a full disk: the save fails and
 * says why, the annotation keeps its revision so that the next save
 * is no conflict, the stored draft and the submitted work are kept,
 * and the WAL does not keep the failed megabytes. */
static void
test_autosave_disk_full (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RubricAnnotation) annotation = rubric_store_get_annotation (f->store, f->draft_task_id, "Ada", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wal_before = file_size (wal);
  gint64 revision = annotation->revision;
  const char *allowed[] = { "w.db", NULL };

  g_free (annotation->answer);
  annotation->answer = g_strnfill (2 * 1024 * 1024, 'y');
  fault_vfs_fail_writes_after (SQLITE_FULL, 256 * 1024);
  g_assert_false (rubric_store_save_annotation (f->store, annotation, &error));
  fault_vfs_fail_writes_after (0, 0);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_cmpint (annotation->revision, ==, revision);
  g_clear_error (&error);

  assert_intact (f);
  assert_only (f->dir, allowed);
  g_test_message ("WAL before %" G_GINT64_FORMAT ", after %" G_GINT64_FORMAT, wal_before, file_size (wal));
  g_assert_cmpint (file_size (wal), <=, MAX (wal_before, 0) + WAL_SLACK);

  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_no_error (error);
  answer = stored_answer (f->store, f->draft_task_id);
  g_assert_cmpuint (strlen (answer), ==, 2 * 1024 * 1024);
}

/* A backup on a full disk: an error that says so, no backup, no
 * half-written .part file or journal in the backup folder, the
 * workspace untouched; the next backup works. */
static void
test_backup_disk_full (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *backups = rubric_backup_dir (f->path);
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *nothing[] = { NULL };
  const char *allowed[] = { "w.db", "backups", NULL };
  gint64 now = g_get_real_time ();

  fault_vfs_fail_writes_after (SQLITE_FULL, 32 * 1024);
  backup = rubric_backup_make (f->path, now, &error);
  fault_vfs_fail_writes_after (0, 0);
  g_assert_null (backup);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "full"));
  g_test_message ("backup on a full disk: %s", error->message);
  g_clear_error (&error);

  assert_only (backups, nothing);
  assert_only (f->dir, allowed);
  list = rubric_backup_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  assert_intact (f);

  backup = rubric_backup_make (f->path, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  g_assert_true (g_file_test (backup->path, G_FILE_TEST_IS_REGULAR));
}

/* 2. I/O errors from SQLite ------------------------------------------ */

/* Every write fails (an EIO from a dying disk): the import and the
 * autosave fail with SQLite's "disk I/O error", nothing changes. */
static void
test_write_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *big = write_big_tasks (f->dir, "big.jsonl", 200, 100);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(RubricAnnotation) annotation = rubric_store_get_annotation (f->store, f->draft_task_id, "Ada", NULL);
  g_autoptr(GError) error = NULL;
  gint64 revision = annotation->revision;
  const char *allowed[] = { "w.db", "big.jsonl", NULL };

  fault_vfs_fail_writes (SQLITE_IOERR_WRITE);
  g_assert_false (rubric_import_file (f->store, big, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "disk I/O error"));
  g_clear_error (&error);

  g_free (annotation->answer);
  annotation->answer = g_strdup ("typed while the disk failed");
  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  g_assert_false (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "disk I/O error"));
  g_assert_cmpint (annotation->revision, ==, revision);
  g_clear_error (&error);
  fault_vfs_fail_writes (0);

  assert_intact (f);
  assert_only (f->dir, allowed);
  g_assert_true (rubric_store_save_annotation (f->store, annotation, &error));
  g_assert_no_error (error);
}

/* Reads fail: an export stops with the error and leaves neither its
 * output nor a temporary file, and what was at the output path before
 * is kept; a backup fails the same way and leaves nothing. */
static void
test_read_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.jsonl", NULL);
  g_autofree char *backups = rubric_backup_dir (f->path);
  g_autofree char *contents = NULL;
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  const char *allowed[] = { "w.db", "out.jsonl", "backups", NULL };
  const char *nothing[] = { NULL };

  g_assert_true (g_file_set_contents (out, "an earlier export\n", -1, NULL));
  /* Pages in SQLite's cache would not be read again. */
  sqlite3_db_release_memory (_rubric_store_get_db (f->store));
  fault_vfs_fail_reads (SQLITE_IOERR_READ);
  g_assert_false (rubric_export (f->store, RUBRIC_EXPORT_RECORDS, NULL, out, NULL, NULL, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "disk I/O error"));
  g_test_message ("export on a failing disk: %s", error->message);
  g_clear_error (&error);

  backup = rubric_backup_make (f->path, g_get_real_time (), &error);
  g_assert_null (backup);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "disk I/O error"));
  g_test_message ("backup on a failing disk: %s", error->message);
  g_clear_error (&error);
  fault_vfs_fail_reads (0);

  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "an earlier export\n");
  assert_only (f->dir, allowed);
  if (g_file_test (backups, G_FILE_TEST_IS_DIR))
    assert_only (backups, nothing);
  assert_intact (f);
  g_assert_true (rubric_export (f->store, RUBRIC_EXPORT_RECORDS, NULL, out, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* 3. A workspace that is cut short, not a database, or read-only ----- */

static char *
read_bytes (const char *path,
            gsize      *len)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

/* Closes the fixture's store (its WAL is checkpointed away) and
 * replaces the workspace by @bytes. */
static void
replace_workspace (Fixture    *f,
                   const char *bytes,
                   gsize       len)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_clear_object (&f->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_set_contents (f->path, bytes, len, NULL));
}

/* Both ways to open it say what is wrong and change nothing: no byte,
 * no journal, no WAL. */
static void
assert_refused (Fixture    *f,
                const char *expected)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  const char *allowed[] = { "w.db", NULL };
  gboolean read_only = FALSE;

  before = read_bytes (f->path, &before_len);
  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RubricStore) store = read_only ? rubric_store_open_read_only (f->path, &error)
                                               : rubric_store_new (f->path, &error);

      g_assert_null (store);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", read_only ? "read-only" : "read-write", error->message);
      g_assert_nonnull (strstr (error->message, f->path));
      g_assert_nonnull (strstr (error->message, expected));
      read_only = !read_only;
    }
  while (read_only);
  after = read_bytes (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  assert_only (f->dir, allowed);
}

static void
test_workspace_truncated (Fixture       *f,
                          gconstpointer  data)
{
  gsize len;
  g_autofree char *bytes = NULL;

  g_clear_object (&f->store);
  bytes = read_bytes (f->path, &len);
  g_assert_cmpuint (len, >, 16384 * 4);
  replace_workspace (f, bytes, len / 2);
  assert_refused (f, "malformed");
}

static void
test_workspace_not_a_database (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *bytes = g_malloc (64 * 1024);
  GRand *rand = g_rand_new_with_seed (14);

  for (guint i = 0; i < 64 * 1024; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  replace_workspace (f, bytes, 64 * 1024);
  assert_refused (f, "not a database");
}

/* Run in a subprocess as a user who may read the workspace but not
 * write it, or its folder (as root, nobody: root may write anything). */
static void
read_only_child (void)
{
  const char *path = g_getenv ("FAULTS_WORKSPACE");
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GPtrArray) sets = NULL;

  if (getuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
    g_error ("could not become nobody: %s", g_strerror (errno));
  g_assert_cmpint (g_access (path, W_OK), !=, 0);

  store = rubric_store_new (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_printerr ("read-write: %s\n", error->message);
  g_clear_error (&error);

  store = rubric_store_open_read_only (path, &error);
  g_assert_no_error (error);
  sets = rubric_store_list_task_sets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 1);
}

/* Its own set-up, as the subprocess runs the same test function. The
 * folder is read-only, or not: then reading must not leave a -wal and
 * -shm, which with the workspace's read-only mode would keep every
 * writer out once it may be written again. */
static void
test_workspace_read_only (void)
{
  static const int folder_modes[] = { 0555, 0777 };
  Fixture fixture = { 0 }, *f = &fixture;
  const char *allowed[] = { "w.db", NULL };

  if (g_test_subprocess ())
    {
      read_only_child ();
      return;
    }
  fixture_set_up (f, NULL);
  g_clear_object (&f->store);
  g_assert_cmpint (g_chmod (tmpdir, 0755), ==, 0);
  g_setenv ("FAULTS_WORKSPACE", f->path, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (folder_modes); i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      gsize before_len, after_len;

      g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
      g_assert_cmpint (g_chmod (f->dir, folder_modes[i]), ==, 0);
      before = read_bytes (f->path, &before_len);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
      g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*read-write: Workspace *w.db is read-only: nothing can be saved to it, "
                                 "and nothing was changed*");
      after = read_bytes (f->path, &after_len);
      g_assert_cmpmem (before, before_len, after, after_len);
      assert_only (f->dir, allowed);
    }
  f->store = rubric_store_new (f->path, NULL);
  g_assert_nonnull (f->store);
  assert_intact (f);
  fixture_tear_down (f, NULL);
}

/* 4. A task file that changes while it is imported ------------------- */

typedef struct
{
  const char *path;
  gint64      cut_at;   /* truncate it here; or -1 */
  gint64      poke_at;  /* or overwrite a byte here, in place */
  gboolean    done;
} Meddler;

/* Called on the importing thread once 4 MB were read: the reader is at
 * most a few MB ahead, far from the part changed. */
static void
meddle (guint64  done,
        guint64  total,
        gpointer user_data)
{
  Meddler *m = user_data;
  int fd;

  if (m->done)
    return;
  m->done = TRUE;
  g_assert_cmpuint (done, <, (guint64) MIN (m->cut_at >= 0 ? m->cut_at : G_MAXINT64, m->poke_at));
  g_usleep (20 * 1000);  /* a later modification time on any file system */
  fd = g_open (m->path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  if (m->cut_at >= 0)
    g_assert_cmpint (ftruncate (fd, m->cut_at), ==, 0);
  else
    g_assert_cmpint (pwrite (fd, "7", 1, m->poke_at), ==, 1);
  close (fd);
}

/* Where line @n (from 0) of a file of equal lines begins. */
static gint64
line_start (const char *path,
            guint       n)
{
  g_autofree char *text = NULL;
  const char *p;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  p = text;
  for (guint i = 0; i < n; i++)
    p = strchr (p, '\n') + 1;
  return p - text;
}

static void
import_while_changed (Fixture *f,
                      Meddler *m)
{
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *allowed[] = { "w.db", "big.jsonl", NULL };

  g_assert_false (rubric_import_file (f->store, m->path, RUBRIC_IMPORT_NONE, NULL, meddle, m, &result, &error));
  g_assert_true (m->done);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, m->path));
  g_assert_nonnull (strstr (error->message, "nothing was imported"));
  assert_intact (f);
  assert_only (f->dir, allowed);
}

/* Cut at a line's end: what is left is a valid, shorter file. Taking
 * it for the whole would import part of a set without a word. */
static void
test_task_file_truncated (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *big = write_big_tasks (f->dir, "big.jsonl", 16000, 1000);
  Meddler m = { big, line_start (big, 12000), G_MAXINT64, FALSE };

  import_while_changed (f, &m);
  g_assert_cmpint (file_size (big), ==, m.cut_at);
}

/* The same length, one byte changed past where the reader is. */
static void
test_task_file_changed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *big = write_big_tasks (f->dir, "big.jsonl", 16000, 1000);
  /* A letter of the prompt of task 14000 ("Task" becomes "Ta7k"):
   * still valid JSON, and still the same length. */
  Meddler m = { big, -1, line_start (big, 14000) + 45, FALSE };

  import_while_changed (f, &m);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fault_vfs_install ();
  /* The child of the read-only test works in its parent's folder. */
  if (!g_test_subprocess ())
    tmpdir = test_tmpdir ();

  g_test_add ("/faults/import/disk-full", Fixture, NULL, fixture_set_up, test_import_disk_full, fixture_tear_down);
  g_test_add ("/faults/autosave/disk-full", Fixture, NULL, fixture_set_up, test_autosave_disk_full,
              fixture_tear_down);
  g_test_add ("/faults/backup/disk-full", Fixture, NULL, fixture_set_up, test_backup_disk_full, fixture_tear_down);
  g_test_add ("/faults/io-error/write", Fixture, NULL, fixture_set_up, test_write_error, fixture_tear_down);
  g_test_add ("/faults/io-error/read", Fixture, NULL, fixture_set_up, test_read_error, fixture_tear_down);
  g_test_add ("/faults/workspace/truncated", Fixture, NULL, fixture_set_up, test_workspace_truncated,
              fixture_tear_down);
  g_test_add ("/faults/workspace/not-a-database", Fixture, NULL, fixture_set_up, test_workspace_not_a_database,
              fixture_tear_down);
  g_test_add_func ("/faults/workspace/read-only", test_workspace_read_only);
  g_test_add ("/faults/task-file/truncated", Fixture, NULL, fixture_set_up, test_task_file_truncated,
              fixture_tear_down);
  g_test_add ("/faults/task-file/changed", Fixture, NULL, fixture_set_up, test_task_file_changed,
              fixture_tear_down);

  status = g_test_run ();
  if (status == 0 && tmpdir != NULL)
    test_rm_rf (tmpdir);
  return status;
}
