/* rubric-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-import"

#include "config.h"

#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-store-private.h"
#include "rubric-task-reader.h"

#define HEAD_SIZE (64 * 1024)
#define PREVIEW_CHARS 120

void
rubric_import_result_free (RubricImportResult *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self->name);
  g_free (self->format);
  g_free (self->format_description);
  g_strfreev (self->notes);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self);
}

RubricImportResult *
rubric_import_result_new (const char *path)
{
  RubricImportResult *result = g_new0 (RubricImportResult, 1);

  result->path = g_strdup (path);
  result->problems = g_ptr_array_new_with_free_func (g_free);
  return result;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const RubricProblem *pa = *(const RubricProblem **) a;
  const RubricProblem *pb = *(const RubricProblem **) b;

  return (pa->line > pb->line) - (pa->line < pb->line);
}

static void
collect_format (RubricImportResult *result,
                RubricTaskReader   *reader)
{
  const char *description = NULL;
  const RubricFormatReader *format = rubric_task_reader_get_format (reader, &description);

  json_object *from = rubric_json_get_typed (rubric_task_reader_get_header (reader), "imported_from", json_type_object);
  json_object *notes = rubric_json_get_typed (from, "notes", json_type_array);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (format == NULL || result->format != NULL)
    return;
  result->format = g_strdup (format->id);
  result->format_description = g_strdup (description);
  for (gsize i = 0; notes != NULL && i < json_object_array_length (notes); i++)
    g_strv_builder_add (builder, json_object_get_string (json_object_array_get_idx (notes, i)));
  result->notes = g_strv_builder_end (builder);
}

/**
 * rubric_import_result_collect:
 *
 * Takes what @reader found: its problems, sorted by line, the number
 * of tasks, the format and the notes of what was left out.
 */
void
rubric_import_result_collect (RubricImportResult *result,
                              RubricTaskReader   *reader)
{
  GPtrArray *problems = rubric_task_reader_get_problems (reader);

  g_ptr_array_sort (problems, compare_lines);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (result->problems,
                     rubric_problem_format (g_ptr_array_index (problems, i),
                                            rubric_task_reader_get_display_name (reader)));
  result->n_problems = rubric_task_reader_get_n_problems (reader);
  result->n_tasks = rubric_task_reader_get_n_tasks (reader);
  collect_format (result, reader);
}

/* Hashes @path whole, or its first @limit bytes. */
static char *
hash_file (const char    *path,
           gsize          limit,
           guint64       *size,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (HEAD_SIZE);
  gsize total = 0;
  gssize n;

  if (stream == NULL)
    return NULL;
  while ((limit == 0 || total < limit) &&
         (n = g_input_stream_read (G_INPUT_STREAM (stream), buf,
                                   limit ? MIN (HEAD_SIZE, limit - total) : HEAD_SIZE,
                                   cancellable, error)) > 0)
    {
      g_checksum_update (checksum, buf, n);
      total += n;
    }
  if (error != NULL && *error != NULL)
    return NULL;
  if (size != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, error);
      if (info == NULL)
        return NULL;
      *size = g_file_info_get_size (info);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* Returns the set with this content, 0 when there is none, -1 on error. */
static gint64
find_set_by_hash (RubricStore  *store,
                  const char   *content_hash,
                  GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "SELECT id FROM task_sets WHERE content_hash = ?", error);
  gint64 found;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, content_hash, -1, SQLITE_TRANSIENT);
  return _rubric_store_step_value (store, stmt, &found, error) ? found : -1;
}

/*
 * A file opened before returns to its task set. Files that share size
 * and first 64 KiB are hashed whole before anything is imported; all
 * others are hashed on the way through the import.
 */
static gint64
find_same_file (RubricStore   *store,
                const char    *path,
                guint64       *size,
                char         **head_hash,
                GCancellable  *cancellable,
                GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *full = NULL;
  gint64 candidates;

  *head_hash = hash_file (path, HEAD_SIZE, size, cancellable, error);
  if (*head_hash == NULL)
    return -1;

  stmt = _rubric_store_prepare (store, "SELECT count(*) FROM task_sets WHERE file_size = ? AND head_hash = ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, *size);
  sqlite3_bind_text (stmt, 2, *head_hash, -1, SQLITE_TRANSIENT);
  if (!_rubric_store_step_value (store, stmt, &candidates, error))
    return -1;
  if (candidates == 0)
    return 0;

  if (!(full = hash_file (path, 0, NULL, cancellable, error)))
    return -1;
  return find_set_by_hash (store, full, error);
}

static char *
set_name (json_object *header,
          const char  *path)
{
  const char *name = rubric_json_get_string (header, "name");
  g_autofree char *base = NULL;
  char *dot;

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  base = g_path_get_basename (path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static gint64
insert_set (RubricStore  *store,
            const char   *path,
            guint64       size,
            const char   *head_hash,
            GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO task_sets (name, source_path, content_hash, file_size, head_hash, imported_at)"
                                              " VALUES ('', ?, ?, ?, ?, ?)", error);
  g_autofree char *pending = g_strdup_printf ("pending:%s:%" G_GINT64_FORMAT, head_hash, g_get_real_time ());
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pending, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_text (stmt, 4, head_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / 1000);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error), 0;
  return sqlite3_last_insert_rowid (_rubric_store_get_db (store));
}

/*
 * Import runs as a pipeline: a reader thread reads, hashes, parses and
 * validates into batches while this thread inserts the previous batch.
 * A small pool of recycled batches bounds memory whatever the file size.
 */
#define BATCH_TASKS 256
#define POOL_SIZE   4

typedef struct
{
  char  *raw;
  gsize  len;
  guint  line;
  char  *id;
  char  *kind;
  char  *preview;
} Item;

typedef struct
{
  GArray *items;
} Batch;

typedef struct
{
  RubricTaskReader *reader;
  GCancellable     *cancellable;
  GAsyncQueue      *full;
  GAsyncQueue      *free;
  gint              stop;
  guint64           bytes_read;
  GError           *error;
} Pipeline;

static Batch end_of_file;

static void
item_clear (Item *item)
{
  g_free (item->raw);
  g_free (item->id);
  g_free (item->kind);
  g_free (item->preview);
}

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->items = g_array_sized_new (FALSE, TRUE, sizeof (Item), BATCH_TASKS);
  g_array_set_clear_func (batch->items, (GDestroyNotify) item_clear);
  return batch;
}

static void
batch_free (Batch *batch)
{
  if (batch == NULL || batch == &end_of_file)
    return;
  g_array_unref (batch->items);
  g_free (batch);
}

static void
batch_add (Batch                  *batch,
           const RubricTaskRecord *record)
{
  Item item = {
    .raw = g_strndup (record->text, record->len),
    .len = record->len,
    .line = record->line,
    .id = g_strdup (rubric_json_get_string (record->object, "id")),
    .kind = g_strdup (rubric_json_get_string (record->object, "kind")),
    .preview = rubric_task_preview (rubric_json_get_string (record->object, "prompt"), PREVIEW_CHARS),
  };

  g_array_append_val (batch->items, item);
}

static gpointer
read_thread (gpointer data)
{
  Pipeline *pipe = data;
  Batch *batch = g_async_queue_pop (pipe->free);
  const RubricTaskRecord *record;

  while (!g_atomic_int_get (&pipe->stop) &&
         (record = rubric_task_reader_next (pipe->reader, pipe->cancellable, &pipe->error)) != NULL)
    {
      batch_add (batch, record);
      if (batch->items->len < BATCH_TASKS)
        continue;
      g_atomic_pointer_set (&pipe->bytes_read, rubric_task_reader_get_bytes_read (pipe->reader));
      g_async_queue_push (pipe->full, batch);
      batch = g_async_queue_pop (pipe->free);
    }
  if (batch->items->len > 0)
    g_async_queue_push (pipe->full, batch);
  else
    g_async_queue_push (pipe->free, batch);
  g_async_queue_push (pipe->full, &end_of_file);
  return NULL;
}

static gboolean
first_line_of (RubricStore  *store,
               gint64        set_id,
               const char   *id,
               guint        *line,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "SELECT line FROM tasks WHERE set_id = ? AND ext_id = ?", error);
  gint64 value;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (!_rubric_store_step_value (store, stmt, &value, error))
    return FALSE;
  *line = (guint) value;
  return TRUE;
}

/* Returns FALSE only when the database failed; a duplicate id becomes
 * a problem of the file, kept in @duplicates until the reader is done. */
static gboolean
insert_task (RubricStore  *store,
             gint64        set_id,
             guint        *ord,
             const Item   *item,
             GPtrArray    *duplicates,
             GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO tasks (set_id, ord, ext_id, kind, line, preview, raw)"
                                              " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_int (stmt, 2, *ord);
  sqlite3_bind_text (stmt, 3, item->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, item->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, item->line);
  sqlite3_bind_text (stmt, 6, item->preview, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, item->raw, item->len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      RubricProblem *problem;
      guint first;

      if (!first_line_of (store, set_id, item->id, &first, error))
        return FALSE;
      problem = g_new0 (RubricProblem, 1);
      problem->line = item->line;
      problem->message = g_strdup_printf ("duplicate id “%s”, first used on line %u", item->id, first);
      g_ptr_array_add (duplicates, problem);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  (*ord)++;
  return TRUE;
}

static gboolean
insert_batches (RubricStore         *store,
                Pipeline            *pipe,
                gint64               set_id,
                guint64              size,
                RubricProgressFunc   progress,
                gpointer             user_data,
                guint               *n_inserted,
                GPtrArray           *duplicates,
                GError             **error)
{
  guint64 reported = 0;
  gboolean ok = TRUE;
  Batch *batch;

  while ((batch = g_async_queue_pop (pipe->full)) != &end_of_file)
    {
      for (guint i = 0; ok && i < batch->items->len; i++)
        ok = insert_task (store, set_id, n_inserted, &g_array_index (batch->items, Item, i), duplicates, error);
      if (!ok)
        g_atomic_int_set (&pipe->stop, TRUE);
      g_array_set_size (batch->items, 0);
      g_async_queue_push (pipe->free, batch);

      if (progress != NULL && g_atomic_pointer_get (&pipe->bytes_read) - reported > 4 * 1024 * 1024)
        {
          reported = g_atomic_pointer_get (&pipe->bytes_read);
          progress (reported, size, user_data);
        }
    }
  return ok;
}

static gboolean
read_into_set (RubricStore         *store,
               RubricTaskReader    *reader,
               gint64               set_id,
               guint64              size,
               GCancellable        *cancellable,
               RubricProgressFunc   progress,
               gpointer             user_data,
               guint               *n_inserted,
               GError             **error)
{
  Pipeline pipe = { reader, cancellable, g_async_queue_new (), g_async_queue_new_full ((GDestroyNotify) batch_free) };
  g_autoptr(GPtrArray) duplicates = g_ptr_array_new ();
  GThread *thread;
  gboolean ok;

  for (guint i = 0; i < POOL_SIZE; i++)
    g_async_queue_push (pipe.free, batch_new ());

  *n_inserted = 0;
  thread = g_thread_new ("rubric-import-read", read_thread, &pipe);
  ok = insert_batches (store, &pipe, set_id, size, progress, user_data, n_inserted, duplicates, error);
  g_thread_join (thread);
  g_async_queue_unref (pipe.full);
  g_async_queue_unref (pipe.free);

  for (guint i = 0; i < duplicates->len; i++)
    {
      RubricProblem *problem = g_ptr_array_index (duplicates, i);

      rubric_task_reader_add_problem (reader, problem->line, "id", g_steal_pointer (&problem->message));
      g_free (problem);
    }

  if (ok && pipe.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pipe.error));
      return FALSE;
    }
  g_clear_error (&pipe.error);
  return ok;
}

static gboolean
finish_set (RubricStore       *store,
            gint64             set_id,
            RubricTaskReader  *reader,
            const char        *name,
            guint              n_tasks,
            GError           **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "UPDATE task_sets SET name = ?, content_hash = ?, header = ?, n_tasks = ?"
                                              " WHERE id = ?", error);
  json_object *header = rubric_task_reader_get_header (reader);
  g_autoptr(GString) header_text = g_string_new ("{}");
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (header != NULL)
    {
      g_string_truncate (header_text, 0);
      rubric_json_append_value (header_text, header);
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rubric_task_reader_get_checksum (reader), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, header_text->str, header_text->len, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, n_tasks);
  sqlite3_bind_int64 (stmt, 5, set_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      /* The same content is there already: another window or process
       * imported it while this one read it. */
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT,
                   "%s was imported meanwhile", rubric_task_reader_get_display_name (reader));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  return TRUE;
}

/* A set deleted but not yet purged comes back with its work: the
 * person who opens the file again wants it, and its content hash
 * allows no second set of the same file. */
static gboolean
undelete_set (RubricStore  *store,
              gint64        set_id,
              GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "UPDATE task_sets SET deleted_at = NULL"
                                              " WHERE id = ? AND deleted_at IS NOT NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

static gboolean
reuse_set (RubricStore         *store,
           gint64               set_id,
           RubricImportResult  *result,
           GError             **error)
{
  g_autoptr(RubricTaskSet) set = NULL;

  if (!undelete_set (store, set_id, error) ||
      !(set = rubric_store_get_task_set (store, set_id, error)))
    return FALSE;
  result->set_id = set_id;
  result->reused = TRUE;
  result->committed = TRUE;
  result->n_tasks = set->n_tasks;
  result->name = g_strdup (set->name);
  return TRUE;
}

/**
 * rubric_import_file:
 * @result: (out) (optional): what was read, set whenever the file was
 *   read to its end, also when the import was refused
 *
 * Imports a task file in one transaction. A file with invalid tasks is
 * refused whole unless %RUBRIC_IMPORT_SKIP_INVALID is given; a file
 * imported before returns its task set.
 */
gboolean
rubric_import_file (RubricStore         *store,
                    const char          *path,
                    RubricImportFlags    flags,
                    GCancellable        *cancellable,
                    RubricProgressFunc   progress,
                    gpointer             user_data,
                    RubricImportResult **result,
                    GError             **error)
{
  return rubric_import_file_full (store, path, NULL, flags, cancellable, progress, user_data, result, error);
}

/**
 * rubric_import_file_full:
 * @options: (nullable): how to read the file: its format, if it is
 *   not to be detected, and for CSV files the column map
 *
 * Imports a task file, or a dataset of another format converted on
 * the way, as one task set: all of it or, with
 * %RUBRIC_IMPORT_SKIP_INVALID, every valid task.
 */
gboolean
rubric_import_file_full (RubricStore             *store,
                         const char              *path,
                         const RubricReadOptions *options,
                         RubricImportFlags        flags,
                    GCancellable        *cancellable,
                    RubricProgressFunc   progress,
                    gpointer             user_data,
                    RubricImportResult **result,
                    GError             **error)
{
  g_autoptr(RubricImportResult) res = rubric_import_result_new (path);
  g_autoptr(RubricTaskReader) reader = NULL;
  g_autofree char *head_hash = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 size = 0;
  guint n_inserted = 0;
  gboolean committed;
  gint64 set_id;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!rubric_store_check_foreign_path (store, path, error))
    return FALSE;
  set_id = find_same_file (store, path, &size, &head_hash, cancellable, error);
  if (set_id < 0)
    return FALSE;
  if (set_id > 0)
    {
      if (!reuse_set (store, set_id, res, error))
        return FALSE;
      if (result != NULL)
        *result = g_steal_pointer (&res);
      return TRUE;
    }

  if (!(reader = rubric_task_reader_new_for_path (path, error)))
    return FALSE;
  rubric_task_reader_set_options (reader, options);
  rubric_task_reader_set_check_duplicates (reader, FALSE);

  if (!rubric_store_begin (store, error))
    return FALSE;
  if (!(set_id = insert_set (store, path, size, head_hash, error)) ||
      !read_into_set (store, reader, set_id, size, cancellable, progress, user_data, &n_inserted, error))
    {
      rubric_store_rollback (store);
      return FALSE;
    }

  rubric_import_result_collect (res, reader);
  res->n_tasks = n_inserted;
  res->name = set_name (rubric_task_reader_get_header (reader), path);

  if (res->n_problems > 0 && !(flags & RUBRIC_IMPORT_SKIP_INVALID))
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                 "%s: %u %s; nothing was imported",
                 path, res->n_problems, res->n_problems == 1 ? "problem" : "problems");
  else if (res->n_tasks == 0)
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, "%s: no valid tasks; nothing was imported", path);
  else if (finish_set (store, set_id, reader, res->name, res->n_tasks, &local_error) &&
           rubric_store_commit (store, &local_error))
    {
      res->committed = TRUE;
      res->set_id = set_id;
    }

  committed = res->committed;
  if (!committed)
    rubric_store_rollback (store);
  if (g_error_matches (local_error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT))
    {
      g_clear_error (&local_error);
      if ((set_id = find_set_by_hash (store, rubric_task_reader_get_checksum (reader), &local_error)) > 0)
        committed = reuse_set (store, set_id, res, &local_error);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  if (result != NULL)
    *result = g_steal_pointer (&res);
  return committed;
}

/**
 * rubric_validate_file:
 *
 * Reads @path through to its end without a workspace.
 *
 * Returns: %TRUE when every task is valid
 */
gboolean
rubric_validate_file (const char          *path,
                      RubricImportResult **result,
                      GError             **error)
{
  return rubric_validate_file_full (path, NULL, result, error);
}

gboolean
rubric_validate_file_full (const char               *path,
                           const RubricReadOptions  *options,
                           RubricImportResult      **result,
                           GError                  **error)
{
  g_autoptr(RubricImportResult) res = rubric_import_result_new (path);
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, error);
  g_autoptr(GError) local_error = NULL;

  if (reader == NULL)
    return FALSE;
  rubric_task_reader_set_options (reader, options);
  while (rubric_task_reader_next (reader, NULL, &local_error) != NULL)
    ;
  collect_format (res, reader);
  if (local_error != NULL)
    {
      if (result != NULL)
        *result = g_steal_pointer (&res);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  rubric_import_result_collect (res, reader);
  res->name = set_name (rubric_task_reader_get_header (reader), path);
  if (result != NULL)
    *result = g_steal_pointer (&res);
  if (rubric_task_reader_get_n_problems (reader) > 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   "%s: %u %s", path, rubric_task_reader_get_n_problems (reader),
                   rubric_task_reader_get_n_problems (reader) == 1 ? "problem" : "problems");
      return FALSE;
    }
  if (rubric_task_reader_get_n_tasks (reader) == 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, "%s: contains no tasks", path);
      return FALSE;
    }
  return TRUE;
}
