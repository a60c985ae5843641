/* rubric-backup.c
 *
 * Backups are made with SQLite's online backup API from a connection of
 * their own, so that the workspace file is only ever opened by SQLite
 * and a backup is a consistent snapshot even while the app writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-backup"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rubric-backup.h"
#include "rubric-error.h"

#define STAMP_FORMAT "%Y%m%d-%H%M%S"
#define STAMP_LENGTH 15  /* 20261130-040000 */

void
rubric_backup_free (RubricBackup *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self);
}

/* The backups of workspace.db are backups/workspace-20261130-040000.db
 * beside it. */
char *
rubric_backup_dir (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  return g_build_filename (dir, "backups", NULL);
}

static char *
stem_of (const char *db_path)
{
  char *base = g_path_get_basename (db_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return base;
}

static char *
stamp (gint64 time,
       const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);

  return g_date_time_format (utc, format);
}

/* The time in a backup's name, or 0 when the name is not one of ours. */
static gint64
parse_name (const char *name,
            const char *stem)
{
  gsize stem_len = strlen (stem);
  int y, mo, d, h, mi, s;
  char tail[8];
  g_autoptr(GDateTime) time = NULL;

  if (strncmp (name, stem, stem_len) != 0 || name[stem_len] != '-')
    return 0;
  name += stem_len + 1;
  if (strlen (name) != STAMP_LENGTH + 3 ||
      sscanf (name, "%4d%2d%2d-%2d%2d%2d%7s", &y, &mo, &d, &h, &mi, &s, tail) != 7 ||
      strcmp (tail, ".db") != 0 || !(time = g_date_time_new_utc (y, mo, d, h, mi, s)))
    return 0;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const RubricBackup *ba = *(const RubricBackup **) a;
  const RubricBackup *bb = *(const RubricBackup **) b;

  return (ba->time < bb->time) - (ba->time > bb->time);
}

/**
 * rubric_backup_list:
 *
 * Returns: (transfer full) (element-type RubricBackup): the backups of
 *   the workspace at @db_path, newest first; none when the folder does
 *   not exist
 */
GPtrArray *
rubric_backup_list (const char  *db_path,
                    GError     **error)
{
  g_autofree char *dir_path = rubric_backup_dir (db_path);
  g_autofree char *stem = stem_of (db_path);
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_backup_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &local_error);
  const char *name;

  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&backups);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gint64 time = parse_name (name, stem);
      RubricBackup *backup;
      GStatBuf st;

      if (time == 0)
        continue;
      backup = g_new0 (RubricBackup, 1);
      backup->path = g_build_filename (dir_path, name, NULL);
      backup->time = time;
      backup->size = g_stat (backup->path, &st) == 0 ? (guint64) st.st_size : 0;
      g_ptr_array_add (backups, backup);
    }
  g_ptr_array_sort (backups, newest_first);
  return g_steal_pointer (&backups);
}

static gboolean
fail_db (sqlite3     *db,
         const char  *what,
         GError     **error)
{
  int code = sqlite3_errcode (db) & 0xff;

  g_set_error (error, RUBRIC_ERROR,
               code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? RUBRIC_ERROR_DAMAGED : RUBRIC_ERROR_STORE,
               "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

/* A connection of its own; a missing workspace is an error, never
 * created. */
static sqlite3 *
open_db (const char  *path,
         int          flags,
         GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      fail_db (db, path, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  return db;
}

/* Owner-only from the start: the mode is set by path before the first
 * page is written. */
static sqlite3 *
create_private_db (const char  *path,
                   GError     **error)
{
  sqlite3 *db = open_db (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);

  if (db != NULL)
    g_chmod (path, 0600);
  return db;
}

static gboolean
copy_db (sqlite3     *from,
         sqlite3     *to,
         const char  *what,
         GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    return fail_db (to, what, error);
  /* One step: the copy is one snapshot, consistent however much the
   * app writes meanwhile (WAL lets it). */
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      /* The source's error tells a damaged workspace. */
      if (sqlite3_errcode (from) != SQLITE_OK)
        return fail_db (from, what, error);
      return fail_db (to, what, error);
    }
  return TRUE;
}

/* Runs @pragma (integrity_check or quick_check) and collects what it
 * says; TRUE when it says "ok". */
static gboolean
run_check (sqlite3     *db,
           const char  *pragma,
           GPtrArray   *problems,
           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail_db (db, pragma, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        ok = TRUE;
      else if (problems != NULL)
        g_ptr_array_add (problems, g_strdup (line));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return fail_db (db, pragma, error);
  return ok;
}

static gboolean
remove_file (const char  *path,
             GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not remove %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_dir (const char  *dir,
          GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not create the folder %s: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/*
 * Copies the database at @from_path into a new file at @to_path,
 * owner-only, and checks the copy. The copy stands alone: a rollback
 * journal, no WAL to carry along.
 */
static gboolean
copy_checked (const char  *from_path,
              int          from_flags,
              const char  *to_path,
              GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) check_error = NULL;
  sqlite3 *from = NULL;
  sqlite3 *to = NULL;
  gboolean ok = FALSE;

  if (!remove_file (to_path, error))
    return FALSE;
  if ((from = open_db (from_path, from_flags, error)) != NULL &&
      (to = create_private_db (to_path, error)) != NULL &&
      copy_db (from, to, from_path, error) &&
      (sqlite3_exec (to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK || fail_db (to, to_path, error)))
    {
      ok = run_check (to, "quick_check", problems, &check_error);
      if (!ok && check_error != NULL)
        g_propagate_error (error, g_steal_pointer (&check_error));
      else if (!ok)
        g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED, _("%s is damaged: %s"), from_path,
                     problems->len > 0 ? (const char *) problems->pdata[0] : "quick_check failed");
    }
  sqlite3_close (to);
  sqlite3_close (from);
  if (!ok)
    remove_file (to_path, NULL);
  return ok;
}

/**
 * rubric_backup_make:
 * @now: the time to name it by, µs since the epoch
 *
 * Copies the workspace at @db_path into its backup folder, owner-only,
 * and checks the copy. A workspace that fails the check gives
 * %RUBRIC_ERROR_DAMAGED and no backup: a backup is always a good one.
 *
 * Returns: (transfer full): the new backup
 */
RubricBackup *
rubric_backup_make (const char  *db_path,
                    gint64       now,
                    GError     **error)
{
  g_autofree char *dir = rubric_backup_dir (db_path);
  g_autofree char *stem = stem_of (db_path);
  g_autofree char *time = stamp (now, STAMP_FORMAT);
  g_autofree char *name = g_strdup_printf ("%s-%s.db", stem, time);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  RubricBackup *backup;
  GStatBuf st;

  g_return_val_if_fail (db_path != NULL, NULL);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("There is no workspace at %s"), db_path);
      return NULL;
    }
  if (!make_dir (dir, error) || !copy_checked (db_path, SQLITE_OPEN_READWRITE, part, error))
    return NULL;
  if (g_rename (part, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not name the backup %s: %s"), path,
                   g_strerror (saved));
      remove_file (part, NULL);
      return NULL;
    }
  backup = g_new0 (RubricBackup, 1);
  backup->path = g_steal_pointer (&path);
  backup->time = now - now % G_USEC_PER_SEC;
  backup->size = g_stat (backup->path, &st) == 0 ? (guint64) st.st_size : 0;
  return backup;
}

/**
 * rubric_backup_prune:
 *
 * Keeps every backup of the last day, the newest of each earlier day
 * up to RUBRIC_BACKUP_KEEP, and always the newest of all; removes the
 * rest.
 *
 * Returns: how many backups were removed
 */
guint
rubric_backup_prune (const char *db_path,
                     gint64      now)
{
  g_autoptr(GPtrArray) backups = rubric_backup_list (db_path, NULL);
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint removed = 0;

  for (guint i = 0; backups != NULL && i < backups->len; i++)
    {
      RubricBackup *backup = g_ptr_array_index (backups, i);
      gint64 age = now - backup->time;
      char *day = stamp (backup->time, "%Y%m%d");
      gboolean first_of_day = g_hash_table_add (days, day);

      if (i == 0 || age <= G_TIME_SPAN_DAY || (age <= RUBRIC_BACKUP_KEEP && first_of_day))
        continue;
      if (remove_file (backup->path, NULL))
        removed++;
    }
  return removed;
}

/**
 * rubric_backup_is_due:
 * @newest: when the newest backup was made, or 0 for none
 * @changed: whether the workspace changed since then
 *
 * At most one backup an hour, and none of a workspace left unchanged.
 */
gboolean
rubric_backup_is_due (gint64   newest,
                      gint64   now,
                      gboolean changed)
{
  if (!changed)
    return FALSE;
  return newest == 0 || now - newest >= RUBRIC_BACKUP_INTERVAL || now < newest;
}

/**
 * rubric_workspace_check:
 * @problems: (out) (optional) (transfer full): what integrity_check
 *   found, when it found anything
 *
 * Runs SQLite's integrity_check on the workspace from a connection of
 * its own. A workspace SQLite cannot even read is reported as a
 * problem, not as an error.
 *
 * Returns: %TRUE when the workspace is sound; %FALSE with @error set
 *   when it could not be checked, %FALSE with @error unset when it is
 *   damaged
 */
gboolean
rubric_workspace_check (const char  *db_path,
                        GPtrArray  **problems,
                        GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db;
  gboolean ok;

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("There is no workspace at %s"), db_path);
      return FALSE;
    }
  if (!(db = open_db (db_path, SQLITE_OPEN_READWRITE, &local_error)))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ok = run_check (db, "integrity_check", found, &local_error);
  sqlite3_close (db);
  if (g_error_matches (local_error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED))
    {
      g_ptr_array_add (found, g_strdup (local_error->message));
      g_clear_error (&local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return ok;
}

static char *
marker_path (const char *db_path)
{
  return g_strconcat (db_path, ".damaged", NULL);
}

/**
 * rubric_workspace_mark_damaged:
 *
 * Notes beside the workspace, in a file of its own, that it was found
 * damaged while it was open, so that the next start offers a backup.
 */
gboolean
rubric_workspace_mark_damaged (const char  *db_path,
                               const char  *reason,
                               GError     **error)
{
  g_autofree char *path = marker_path (db_path);

  return g_file_set_contents_full (path, reason, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * rubric_workspace_get_damage:
 *
 * Returns: (transfer full) (nullable): why the workspace was found
 *   damaged while it was open, or %NULL
 */
char *
rubric_workspace_get_damage (const char *db_path)
{
  g_autofree char *path = marker_path (db_path);
  char *reason = NULL;

  if (!g_file_get_contents (path, &reason, NULL, NULL))
    return NULL;
  return reason;
}

void
rubric_workspace_clear_damage (const char *db_path)
{
  g_autofree char *path = marker_path (db_path);

  remove_file (path, NULL);
}

/**
 * rubric_workspace_move_aside:
 * @moved_to: (out) (optional): where the workspace went
 *
 * Renames a damaged workspace, with its WAL and SHM, to a name of its
 * own beside it: it is never overwritten, and what it still holds can
 * be recovered. No connection to it may be open in this process.
 */
gboolean
rubric_workspace_move_aside (const char  *db_path,
                             gint64       now,
                             char       **moved_to,
                             GError     **error)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *time = stamp (now, STAMP_FORMAT);
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", db_path, time);

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.damaged-%s-%u", db_path, time, n);
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not move %s aside: %s"), from,
                       g_strerror (saved));
          return FALSE;
        }
    }
  rubric_workspace_clear_damage (db_path);
  if (moved_to != NULL)
    *moved_to = g_steal_pointer (&target);
  return TRUE;
}

/**
 * rubric_workspace_restore:
 * @backup_path: the backup to restore
 * @moved_to: (out) (optional): where the workspace that was there went
 *
 * Copies the backup beside the workspace and checks the copy; only then
 * moves the workspace at @db_path aside, when there is one, and puts the
 * copy in its place. A backup that cannot be read changes nothing. No
 * connection to the workspace may be open in this process.
 */
gboolean
rubric_workspace_restore (const char  *db_path,
                          const char  *backup_path,
                          gint64       now,
                          char       **moved_to,
                          GError     **error)
{
  g_autofree char *staged = g_strconcat (db_path, ".restoring", NULL);
  g_autofree char *aside = NULL;

  /* Copied and checked beside the workspace before anything is moved:
   * a bad backup must cost nothing. */
  if (!copy_checked (backup_path, SQLITE_OPEN_READONLY, staged, error))
    return FALSE;
  if (g_file_test (db_path, G_FILE_TEST_EXISTS) && !rubric_workspace_move_aside (db_path, now, &aside, error))
    {
      remove_file (staged, NULL);
      return FALSE;
    }
  if (g_rename (staged, db_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not put the backup in place as %s: %s"),
                   db_path, g_strerror (saved));
      return FALSE;
    }
  rubric_workspace_clear_damage (db_path);
  if (moved_to != NULL)
    *moved_to = g_steal_pointer (&aside);
  return TRUE;
}
