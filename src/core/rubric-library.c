/* rubric-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-library"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-error.h"
#include "rubric-library.h"
#include "rubric-store-private.h"

#define MAX_NAME_CHARS 200

/* A set being imported has no name until its import commits. */
#define LISTED " deleted_at IS NULL AND name <> ''"

/*
 * Everything the library shows in one statement, each figure an index
 * lookup whatever the size of the set: progress is read from counts,
 * kept in step with every save (rubric-store.c), and each kind is one probe of
 * tasks_kind. Bits follow RubricTaskKind; SQLite gives | and << the
 * same precedence, hence the brackets.
 */
#define HAS_KIND(kind, bit) \
  " | (EXISTS (SELECT 1 FROM tasks t WHERE t.set_id = s.id AND t.kind = '" kind "') << " bit ")"

static const char *list_sql =
  "SELECT s.id, s.name, s.source_path, s.n_tasks, s.opened_at, s.imported_at,"
  "  (SELECT coalesce (sum (n), 0) FROM counts c WHERE c.set_id = s.id AND c.annotator = ?1"
  "     AND c.state IN ('submitted', 'skipped')),"
  "  (SELECT coalesce (sum (n), 0) FROM counts c WHERE c.set_id = s.id AND c.annotator = ?1"
  "     AND c.state = 'draft'),"
  "  0" HAS_KIND ("write", "0") HAS_KIND ("compare", "1") HAS_KIND ("rank", "2") HAS_KIND ("review", "3")
  HAS_KIND ("author", "4") HAS_KIND ("red-team", "5")
  " FROM task_sets s WHERE" LISTED
  " ORDER BY s.opened_at DESC, s.imported_at DESC, s.id DESC";

G_STATIC_ASSERT (RUBRIC_TASK_KIND_WRITE == 0 && RUBRIC_TASK_KIND_COMPARE == 1 &&
                 RUBRIC_TASK_KIND_RANK == 2 && RUBRIC_TASK_KIND_REVIEW == 3 &&
                 RUBRIC_TASK_KIND_AUTHOR == 4 && RUBRIC_TASK_KIND_RED_TEAM == 5);

void
rubric_library_entry_free (RubricLibraryEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->source_path);
  g_free (self);
}

gboolean
rubric_library_entry_has_kind (const RubricLibraryEntry *self,
                               RubricTaskKind            kind)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return kind >= 0 && (self->kinds & (1u << kind)) != 0;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static RubricLibraryEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  RubricLibraryEntry *entry = g_new0 (RubricLibraryEntry, 1);

  entry->set_id = sqlite3_column_int64 (stmt, 0);
  entry->name = column_strdup (stmt, 1);
  entry->source_path = column_strdup (stmt, 2);
  entry->n_tasks = sqlite3_column_int (stmt, 3);
  entry->opened_at = sqlite3_column_int64 (stmt, 4);
  entry->imported_at = sqlite3_column_int64 (stmt, 5);
  entry->n_done = sqlite3_column_int (stmt, 6);
  entry->n_draft = sqlite3_column_int (stmt, 7);
  entry->kinds = sqlite3_column_int (stmt, 8);
  return entry;
}

/**
 * rubric_library_list:
 * @annotator: whose progress to count
 *
 * The task sets of the workspace that are not deleted, the one opened
 * last first. Fast at any set size: no figure scans a set's tasks.
 *
 * Returns: (transfer full) (element-type RubricLibraryEntry): the
 *   sets, or %NULL with @error set
 */
GPtrArray *
rubric_library_list (RubricStore  *store,
                     const char   *annotator,
                     GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);
  g_return_val_if_fail (annotator != NULL, NULL);

  if (!(stmt = _rubric_store_prepare (store, list_sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_TRANSIENT);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_library_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error), NULL;
  return g_steal_pointer (&entries);
}

static gboolean
not_found (gint64   set_id,
           GError **error)
{
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND,
               _("Task set %lld is not in this workspace; it may have been deleted"), (long long) set_id);
  return FALSE;
}

/* Steps an update of one set, bound by the caller; no row changed
 * means that the set is not there, or not in the state it must be. */
static gboolean
update_set (RubricStore   *store,
            sqlite3_stmt  *stmt,
            gint64         set_id,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  if (sqlite3_changes (_rubric_store_get_db (store)) == 0)
    return not_found (set_id, error);
  return TRUE;
}

/**
 * rubric_library_mark_opened:
 * @now: the time, in milliseconds since the epoch
 *
 * Notes that the set was opened at @now: it goes to the top of the
 * library, and rubric_library_last_opened() returns it.
 */
gboolean
rubric_library_mark_opened (RubricStore  *store,
                            gint64        set_id,
                            gint64        now,
                            GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  stmt = _rubric_store_prepare (store, "UPDATE task_sets SET opened_at = ? WHERE id = ? AND" LISTED, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, set_id);
  return update_set (store, stmt, set_id, error);
}

/* The name as it will be kept, without the spaces around it. */
static char *
clean_name (const char  *name,
            GError     **error)
{
  g_autofree char *clean = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("A task set’s name must be readable text"));
      return NULL;
    }
  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("A task set needs a name; this one is empty"));
  else if (strpbrk (clean, "\n\r\t") != NULL)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("A task set’s name must fit on one line"));
  else if (g_utf8_strlen (clean, -1) > MAX_NAME_CHARS)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                 _("A task set’s name can have at most %d characters"), MAX_NAME_CHARS);
  else
    return g_steal_pointer (&clean);
  return NULL;
}

/**
 * rubric_library_rename:
 * @name: the new name; spaces around it are dropped
 *
 * Renames a set. A name that is empty or only spaces, that spans
 * lines, or that is very long is refused with %RUBRIC_ERROR_INVALID
 * and a message that says why.
 */
gboolean
rubric_library_rename (RubricStore  *store,
                       gint64        set_id,
                       const char   *name,
                       GError      **error)
{
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  if (!(clean = clean_name (name, error)))
    return FALSE;
  stmt = _rubric_store_prepare (store, "UPDATE task_sets SET name = ? WHERE id = ? AND" LISTED, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, set_id);
  return update_set (store, stmt, set_id, error);
}

/**
 * rubric_library_delete:
 * @now: the time, in milliseconds since the epoch
 *
 * Takes a set out of the library, with its work. Nothing is removed
 * yet: rubric_library_undelete() or importing the same file again
 * brings it back as it was, until rubric_library_purge() removes it.
 */
gboolean
rubric_library_delete (RubricStore  *store,
                       gint64        set_id,
                       gint64        now,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  stmt = _rubric_store_prepare (store, "UPDATE task_sets SET deleted_at = ? WHERE id = ? AND" LISTED, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, set_id);
  return update_set (store, stmt, set_id, error);
}

/**
 * rubric_library_undelete:
 *
 * Brings back a deleted set that has not been purged yet. A set that
 * was not deleted is left as it is.
 */
gboolean
rubric_library_undelete (RubricStore  *store,
                         gint64        set_id,
                         GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  stmt = _rubric_store_prepare (store, "UPDATE task_sets SET deleted_at = NULL WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  return update_set (store, stmt, set_id, error);
}

/**
 * rubric_library_purge:
 * @deleted_before: purge the sets deleted at or before this time, in
 *   milliseconds since the epoch: now minus
 *   %RUBRIC_LIBRARY_KEEP_DELETED_MS at start-up, %G_MAXINT64 for all
 * @n_purged: (out) (optional): how many sets were removed
 *
 * Removes deleted sets for good, with their tasks, their work and its
 * history, in one transaction: all of them or none. Removing a set of
 * a million tasks takes a while; call it where the person does not
 * wait for it.
 */
gboolean
rubric_library_purge (RubricStore  *store,
                      gint64        deleted_before,
                      guint        *n_purged,
                      GError      **error)
{
  int changes;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  /* Counts the sets only, not the rows that went with them. */
  if (!_rubric_store_run_alone (store, "DELETE FROM task_sets WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                                deleted_before, &changes, error))
    return FALSE;
  if (n_purged != NULL)
    *n_purged = changes;
  return TRUE;
}

/**
 * rubric_library_last_opened:
 *
 * Returns: the set opened last that is still in the library, or 0 when
 *   there is none (@error tells a failure apart)
 */
gint64
rubric_library_last_opened (RubricStore  *store,
                            GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 set_id;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), 0);

  stmt = _rubric_store_prepare (store,
                                "SELECT id FROM task_sets WHERE" LISTED " AND opened_at > 0"
                                " ORDER BY opened_at DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  return _rubric_store_step_value (store, stmt, &set_id, error) ? set_id : 0;
}
