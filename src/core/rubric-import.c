/* rubric-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-import"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <math.h>

#include "rubric-decompress.h"
#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-sha256.h"
#include "rubric-set-config.h"
#include "rubric-store-private.h"
#include "rubric-task-reader.h"
#include "rubric-text-pool.h"

#define HEAD_SIZE (64 * 1024)
#define PREVIEW_CHARS 120

/* How the content hash of a set still being imported begins (see
 * CHUNK_BYTES), and the SQL test of a hash for it (a range, so that
 * the hash's index finds them). */
#define PENDING "pending:"
#define IS_PENDING(hash) "(" hash " >= '" PENDING "' AND " hash " < 'pending;')"

void
rubric_import_result_free (RubricImportResult *self)
{
  if (self != NULL)
    g_free (self->content_hash);
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
/* Stamps came with schema 8; tests write older workspaces through here. */
static gboolean
has_stamps (RubricStore *store)
{
  return rubric_store_get_schema_version (store) >= 8;
}

/* What a file is known by without reading it whole. */
typedef struct
{
  guint64 size;
  gint64  mtime_us;
  guint64 inode;
} FileStamp;

/* The SHA-256 of @path's first @limit bytes (0: all), as they are on
 * disk or, if @decompressed, as the task reader reads and hashes them;
 * with @stamp, what the file is known by besides. */
static char *
hash_file (const char    *path,
           gsize          limit,
           gboolean       decompressed,
           FileStamp     *stamp,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(RubricSha256) checksum = rubric_sha256_new ();
  g_autofree guchar *buf = g_malloc (HEAD_SIZE);
  gsize total = 0;
  gssize n;

  if (stream == NULL)
    return NULL;
  input = decompressed ? rubric_decompress_stream (G_INPUT_STREAM (stream), NULL, cancellable, error)
                       : g_object_ref (G_INPUT_STREAM (stream));
  if (input == NULL)
    return NULL;
  while ((limit == 0 || total < limit) &&
         (n = g_input_stream_read (input, buf,
                                   limit ? MIN (HEAD_SIZE, limit - total) : HEAD_SIZE,
                                   cancellable, error)) > 0)
    {
      rubric_sha256_update (checksum, buf, n);
      total += n;
    }
  if (error != NULL && *error != NULL)
    return NULL;
  if (stamp != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_input_stream_query_info (stream,
                                                                  G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                                  G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                                  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC ","
                                                                  G_FILE_ATTRIBUTE_UNIX_INODE,
                                                                  cancellable, error);
      if (info == NULL)
        return NULL;
      stamp->size = g_file_info_get_size (info);
      stamp->mtime_us = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
                        g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
      stamp->inode = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE);
    }
  return g_strdup (rubric_sha256_get_string (checksum));
}

/*
 * A file that changed while it was read: cut short, written to, or
 * replaced. What was read is no file that ever was, and a file cut at a
 * line's end even reads as a valid, shorter one: its stamp, taken
 * before the first read, must still be its stamp after the last.
 */
static gboolean
check_unchanged (const char       *path,
                 const FileStamp  *before,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC ","
                                                 G_FILE_ATTRIBUTE_UNIX_INODE,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  gint64 mtime_us = 0;

  if (info != NULL)
    mtime_us = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
               g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  if (info == NULL || (guint64) g_file_info_get_size (info) != before->size || mtime_us != before->mtime_us ||
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE) != before->inode)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("%s changed while it was read; nothing was imported"), path);
      return FALSE;
    }
  return TRUE;
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
 * and first 64 KiB are hashed whole before anything is imported, unless
 * @trust_stamp and the modification time and inode are the ones seen
 * then: that file is taken for the set at once (*@unverified, and
 * @content_hash says what to verify it against). All others are hashed
 * on the way through the import.
 */
/**
 * rubric_import_is_stream:
 *
 * Whether @path is read as a stream, once: "-" (standard input), or
 * anything but a regular file (a pipe, a FIFO, a character device).
 */
gboolean
rubric_import_is_stream (const char *path)
{
  GStatBuf st;

  if (g_strcmp0 (path, "-") == 0)
    return TRUE;
  return g_stat (path, &st) == 0 && !S_ISREG (st.st_mode);
}

static gint64
find_same_file (RubricStore   *store,
                const char    *path,
                gboolean       trust_stamp,
                FileStamp     *stamp,
                char         **head_hash,
                gboolean      *unverified,
                char         **content_hash,
                GCancellable  *cancellable,
                GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *full = NULL;
  gint64 candidates;

  *unverified = FALSE;
  *head_hash = hash_file (path, HEAD_SIZE, FALSE, stamp, cancellable, error);
  if (*head_hash == NULL)
    return -1;

  if (trust_stamp && has_stamps (store))
    {
      gint64 found = 0;
      int rc;

      stmt = _rubric_store_prepare (store,
                                    "SELECT id, content_hash FROM task_sets"
                                    " WHERE file_size = ? AND head_hash = ? AND file_mtime = ? AND file_inode = ?"
                                    "   AND NOT " IS_PENDING ("content_hash")
                                    " ORDER BY deleted_at IS NOT NULL, id DESC LIMIT 1", error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_int64 (stmt, 1, stamp->size);
      sqlite3_bind_text (stmt, 2, *head_hash, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, stamp->mtime_us);
      sqlite3_bind_int64 (stmt, 4, (gint64) stamp->inode);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          found = sqlite3_column_int64 (stmt, 0);
          *content_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          *unverified = TRUE;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _rubric_store_fail (store, error), -1;
      if (found > 0)
        return found;
    }

  stmt = _rubric_store_prepare (store, "SELECT count(*) FROM task_sets WHERE file_size = ? AND head_hash = ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, stamp->size);
  sqlite3_bind_text (stmt, 2, *head_hash, -1, SQLITE_TRANSIENT);
  if (!_rubric_store_step_value (store, stmt, &candidates, error))
    return -1;
  if (candidates == 0)
    return 0;

  /* As the task reader hashed it when it was imported: decompressed. */
  if (!(full = hash_file (path, 0, TRUE, NULL, cancellable, error)))
    return -1;
  *content_hash = g_strdup (full);
  return find_set_by_hash (store, full, error);
}

/* The stamp of a file now known to be a set's, for next time. */
static gboolean
restamp_set (RubricStore      *store,
             gint64            set_id,
             const FileStamp  *stamp,
             GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!has_stamps (store))
    return TRUE;
  stmt = _rubric_store_prepare (store, "UPDATE task_sets SET file_mtime = ?, file_inode = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stamp->mtime_us);
  sqlite3_bind_int64 (stmt, 2, (gint64) stamp->inode);
  sqlite3_bind_int64 (stmt, 3, set_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

/**
 * rubric_import_hash_file:
 *
 * Returns: (transfer full) (nullable): the SHA-256 of the file's bytes
 *   as they are on disk, or %NULL with @error set
 */
char *
rubric_import_hash_file (const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return hash_file (path, 0, FALSE, NULL, cancellable, error);
}

/**
 * rubric_import_verify:
 * @content_hash: what the set was imported from
 * @same: (out): whether @path still holds it
 *
 * Reads a file reused by its stamp (RUBRIC_IMPORT_TRUST_STAMP) whole.
 * Slow on a large file: run it in the background, and cancel it when
 * it no longer matters.
 */
gboolean
rubric_import_verify (const char    *path,
                      const char    *content_hash,
                      GCancellable  *cancellable,
                      gboolean      *same,
                      GError       **error)
{
  /* As the task reader hashed it: a compressed file, decompressed (its
   * bytes on disk had every compressed file reopened said to have
   * changed). */
  g_autofree char *full = hash_file (path, 0, TRUE, NULL, cancellable, error);

  if (full == NULL)
    return FALSE;
  *same = g_strcmp0 (full, content_hash) == 0;
  return TRUE;
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

/*
 * A file is written in chunks of about CHUNK_BYTES, each in its own
 * transaction, behind a set no one sees: its name stays empty (no list
 * shows a set without one) and its content hash says "pending:" with
 * the process that imports it, until the last chunk commits the name
 * and the file's hash. Meanwhile other windows and processes save as
 * they please: one transaction for the whole file kept their saves
 * waiting for all of it, longer than they wait. And the log is copied
 * into the workspace on a thread while the next chunk is read (WAL
 * writes each page twice; the copy of the whole log after one long
 * transaction was a tenth of the import).
 *
 * An import that fails after its first chunk removes its set again; a
 * set whose import died with its process is removed by
 * rubric_import_remove_abandoned().
 */
#define CHUNK_BYTES (16 * 1024 * 1024)

/* The longest another machine's import may go without a commit before
 * its set counts as abandoned. */
#define ABANDONED_AFTER_MS (24 * 60 * 60 * 1000)

/* Tests make it small. */
static gsize chunk_bytes = CHUNK_BYTES;

void
_rubric_import_set_chunk_bytes (gsize bytes)
{
  chunk_bytes = bytes > 0 ? bytes : CHUNK_BYTES;
}

/* Tests make the reader pause after each batch, as a busy machine may. */
static guint read_pause_ms;

void
_rubric_import_set_read_pause (guint ms)
{
  read_pause_ms = ms;
}

/* "pending:<pid>:<time>:<host>": unique, and tells who imports it. */
static char *
pending_hash (void)
{
  return g_strdup_printf (PENDING "%d:%" G_GINT64_FORMAT ":%s", (int) getpid (), g_get_real_time (),
                          g_get_host_name ());
}

static gint64
insert_set (RubricStore      *store,
            const char       *path,
            const FileStamp  *stamp,
            const char       *head_hash,
            GError          **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              has_stamps (store)
                                              ? "INSERT INTO task_sets (name, source_path, content_hash, file_size, head_hash,"
                                                "  imported_at, file_mtime, file_inode)"
                                                " VALUES ('', ?, ?, ?, ?, ?, ?, ?)"
                                              : "INSERT INTO task_sets (name, source_path, content_hash, file_size, head_hash,"
                                                "  imported_at) VALUES ('', ?, ?, ?, ?, ?)", error);
  g_autofree char *pending = pending_hash ();
  /* Where the file is, from anywhere: the CLI is given paths relative
   * to where it runs, the app's are absolute, and the set's column map
   * is looked up by it. */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, absolute, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pending, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, stamp->size);
  sqlite3_bind_text (stmt, 4, head_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / 1000);
  sqlite3_bind_int64 (stmt, 6, stamp->mtime_us);
  sqlite3_bind_int64 (stmt, 7, (gint64) stamp->inode);
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

/* A task read: its text and the columns the store keeps of it, each
 * in its batch's text pool. A malloc() for each on the reading thread,
 * and a free() of each on the writing one, were a sixth of the writing
 * thread's time. */

typedef struct
{
  gsize  raw;
  gsize  len;
  guint  line;
  gsize  id;
  gsize  kind;
  gsize  preview;
  gsize  prompt;
} Item;

typedef struct
{
  GArray     *items;
  GByteArray *text;
  guint       n_problems;  /* the reader's, once the batch was filled */
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
  gboolean          skip_invalid;  /* else the first problem refuses the file */
  gboolean          stream;        /* a pipe, whose writer may pause */
} Pipeline;

static Batch end_of_file;

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->items = g_array_sized_new (FALSE, TRUE, sizeof (Item), BATCH_TASKS);
  batch->text = g_byte_array_sized_new (BATCH_TASKS * 4096);
  return batch;
}

static void
batch_free (Batch *batch)
{
  if (batch == NULL || batch == &end_of_file)
    return;
  g_array_unref (batch->items);
  g_byte_array_unref (batch->text);
  g_free (batch);
}

/* Empty, for the reading thread to fill again; a batch of huge tasks
 * gives its memory back. */
static void
batch_clear (Batch *batch)
{
  g_array_set_size (batch->items, 0);
  if (batch->text->len > BATCH_TASKS * 4096 * 4)
    {
      g_byte_array_unref (batch->text);
      batch->text = g_byte_array_sized_new (BATCH_TASKS * 4096);
    }
  else
    g_byte_array_set_size (batch->text, 0);
}

static gsize
batch_keep_string (Batch      *batch,
                   const char *text)
{
  return rubric_text_pool_add (batch->text, text, text ? strlen (text) : 0);
}

static const char *
batch_text (const Batch *batch,
            gsize        at)
{
  return rubric_text_pool_get (batch->text, at);
}

static void
batch_add (Batch                  *batch,
           const RubricTaskRecord *record)
{
  g_autofree char *preview = rubric_task_preview_of (record->object, PREVIEW_CHARS);
  Item item = {
    .raw = rubric_text_pool_add (batch->text, record->text, record->len),
    .len = record->len,
    .line = record->line,
    .id = batch_keep_string (batch, rubric_json_get_string (record->object, "id")),
    .kind = batch_keep_string (batch, rubric_json_get_string (record->object, "kind")),
    .preview = batch_keep_string (batch, preview),
    .prompt = batch_keep_string (batch, rubric_task_get_text (record->object)),
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
      batch->n_problems = rubric_task_reader_get_n_problems (pipe->reader);
      g_async_queue_push (pipe->full, batch);
      if (read_pause_ms > 0)
        g_usleep (read_pause_ms * 1000);
      batch = g_async_queue_pop (pipe->free);
    }
  batch->n_problems = rubric_task_reader_get_n_problems (pipe->reader);
  if (batch->items->len > 0)
    g_async_queue_push (pipe->full, batch);
  else
    g_async_queue_push (pipe->free, batch);
  g_async_queue_push (pipe->full, &end_of_file);
  return NULL;
}

/* The line of the set's task with the id @id, 0 for none; with
 * @also_read, also of the tasks read and not written (see
 * begin_refused()). */
static gboolean
first_line_of (RubricStore  *store,
               gint64        set_id,
               const char   *id,
               gboolean      also_read,
               guint        *line,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              also_read
                                              ? "SELECT line FROM tasks WHERE set_id = ?1 AND ext_id = ?2"
                                                " UNION ALL SELECT line FROM temp.import_ids WHERE ext_id = ?2 LIMIT 1"
                                              : "SELECT line FROM tasks WHERE set_id = ?1 AND ext_id = ?2",
                                              error);
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

/* The prompt's words into the word index as its task is written: the
 * writing thread waits for the reading one, and has the time that
 * indexing them all at the end, from the tasks' text, added to it. */
static gboolean
index_words (RubricStore  *store,
             gint64        row_id,
             const char   *prompt,
             GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (prompt == NULL)
    return TRUE;
  if (!(stmt = _rubric_store_prepare (store, "INSERT INTO task_prompts (rowid, prompt) VALUES (?, ?)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_text (stmt, 2, prompt, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

static void
add_duplicate (GPtrArray   *duplicates,
               const Item  *item,
               const char  *id,
               guint        first)
{
  RubricProblem *problem = g_new0 (RubricProblem, 1);

  problem->line = item->line;
  problem->message = g_strdup_printf (_("duplicate id “%s”, first used on line %u"), id, first);
  g_ptr_array_add (duplicates, problem);
}

/* Returns FALSE only when the database failed; a duplicate id becomes
 * a problem of the file, kept in @duplicates until the reader is done. */
static gboolean
insert_task (RubricStore  *store,
             gint64        set_id,
             guint        *ord,
             const Batch  *batch,
             const Item   *item,
             gboolean      words,
             GPtrArray    *duplicates,
             GError      **error)
{
  const char *id = batch_text (batch, item->id);
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO tasks (set_id, ord, ext_id, kind, line, preview, raw)"
                                              " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_int (stmt, 2, *ord);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, batch_text (batch, item->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, item->line);
  sqlite3_bind_text (stmt, 6, batch_text (batch, item->preview), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, batch_text (batch, item->raw), item->len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      guint first;

      if (!first_line_of (store, set_id, id, FALSE, &first, error))
        return FALSE;
      add_duplicate (duplicates, item, id, first);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  (*ord)++;
  if (!words)
    return TRUE;
  return index_words (store, sqlite3_last_insert_rowid (_rubric_store_get_db (store)),
                      batch_text (batch, item->prompt), error);
}

/*
 * Once an import is sure to be refused (the reader found a problem, or
 * an id came twice, and invalid tasks are not to be skipped), the rest
 * of the file is read only for its report: no more tasks are written,
 * only their ids, into a table of this connection's own (TEMP: no other
 * writer waits for it), where later duplicates are found. What was
 * committed before is removed at the end, as before. A refused file
 * cost as much again to remove as it had cost to write.
 */
static gboolean
begin_refused (RubricStore  *store,
               GError      **error)
{
  return _rubric_store_exec (store,
                             "CREATE TEMP TABLE IF NOT EXISTS import_ids ("
                             "  ext_id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;"
                             "DELETE FROM temp.import_ids;",
                             error);
}

static void
end_refused (RubricStore *store)
{
  sqlite3_exec (_rubric_store_get_db (store), "DROP TABLE IF EXISTS temp.import_ids", NULL, NULL, NULL);
}

/* What insert_task() finds of a task's id, without writing the task:
 * counts it in @ord, or adds to @duplicates. */
static gboolean
check_task (RubricStore  *store,
            gint64        set_id,
            guint        *ord,
            const Batch  *batch,
            const Item   *item,
            GPtrArray    *duplicates,
            GError      **error)
{
  const char *id = batch_text (batch, item->id);
  sqlite3_stmt *stmt;
  guint first;
  int rc;

  if (!first_line_of (store, set_id, id, TRUE, &first, error))
    return FALSE;
  if (first > 0)
    {
      add_duplicate (duplicates, item, id, first);
      return TRUE;
    }
  if (!(stmt = _rubric_store_prepare (store, "INSERT INTO temp.import_ids (ext_id, line) VALUES (?, ?)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, item->line);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  (*ord)++;
  return TRUE;
}

static gboolean
check_batch (RubricStore  *store,
             gint64        set_id,
             guint        *ord,
             const Batch  *batch,
             GPtrArray    *duplicates,
             GError      **error)
{
  gboolean ok = _rubric_store_exec (store, "BEGIN", error);

  for (guint i = 0; ok && i < batch->items->len; i++)
    ok = check_task (store, set_id, ord, batch, &g_array_index (batch->items, Item, i), duplicates, error);
  if (ok)
    return rubric_store_commit (store, error);
  rubric_store_rollback (store);
  return FALSE;
}

/* A chunk ends when it holds CHUNK_BYTES of tasks (0.1-0.3 s of
 * writing here), or when a stream keeps the reader waiting IDLE_MS (a
 * pipe fed slowly): no other writer waits for long. A file on disk
 * keeps it waiting only when the machine is busy, and a chunk ended
 * then, before a disk filled up, could not be removed on the full disk:
 * a file's chunks end by their size alone. */
#define IDLE_MS 100

/* Commits what was written so far, the set still hidden. The set's
 * import time is its sign of life. */
static gboolean
commit_chunk (RubricStore  *store,
              gint64        set_id,
              GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "UPDATE task_sets SET imported_at = ? WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000);
  sqlite3_bind_int64 (stmt, 2, set_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  return rubric_store_commit (store, error);
}

static gboolean
end_chunk (RubricStore  *store,
           gint64        set_id,
           gboolean     *in_chunk,
           gboolean     *split,
           GError      **error)
{
  gboolean ok = commit_chunk (store, set_id, error);

  *split |= ok;
  *in_chunk = FALSE;
  return ok;
}

/* Writes the batches as the reading thread fills them, in the
 * transaction the caller began and as many more as it takes; returns
 * in a transaction, unless it failed. */
static gboolean
insert_batches (RubricStore         *store,
                Pipeline            *pipe,
                gint64               set_id,
                guint64              size,
                RubricProgressFunc   progress,
                gpointer             user_data,
                guint               *n_inserted,
                gboolean            *split,
                GPtrArray           *duplicates,
                GError             **error)
{
  guint64 reported = 0;
  gboolean in_chunk = TRUE;
  gboolean refused = FALSE;
  gsize written = 0;
  gboolean ok = TRUE;
  Batch *batch;

  /* Workspaces older than the word index (as tests write them) have
   * none to fill. */
  gboolean words = rubric_store_get_schema_version (store) >= 8;

  while ((batch = (ok && in_chunk && pipe->stream
                   ? g_async_queue_timeout_pop (pipe->full, IDLE_MS * 1000)
                   : g_async_queue_pop (pipe->full))) != &end_of_file)
    {
      if (batch == NULL)
        {
          /* The reader waits for its input. */
          ok = end_chunk (store, set_id, &in_chunk, split, error);
          if (!ok)
            g_atomic_int_set (&pipe->stop, TRUE);
          continue;
        }
      if (ok && !refused && !pipe->skip_invalid && (batch->n_problems > 0 || duplicates->len > 0))
        {
          if (in_chunk)
            ok = end_chunk (store, set_id, &in_chunk, split, error);
          if (ok)
            ok = begin_refused (store, error);
          refused = ok;
        }
      if (ok && refused)
        ok = check_batch (store, set_id, n_inserted, batch, duplicates, error);
      else if (ok && !in_chunk)
        {
          ok = rubric_store_begin (store, error);
          in_chunk = ok;
          written = 0;
        }
      for (guint i = 0; ok && !refused && i < batch->items->len; i++)
        {
          const Item *item = &g_array_index (batch->items, Item, i);

          ok = insert_task (store, set_id, n_inserted, batch, item, words, duplicates, error);
          written += item->len;
        }
      if (ok && !refused && written >= chunk_bytes)
        ok = end_chunk (store, set_id, &in_chunk, split, error);
      if (!ok)
        g_atomic_int_set (&pipe->stop, TRUE);
      batch_clear (batch);
      g_async_queue_push (pipe->free, batch);

      if (progress != NULL && g_atomic_pointer_get (&pipe->bytes_read) - reported > 4 * 1024 * 1024)
        {
          reported = g_atomic_pointer_get (&pipe->bytes_read);
          progress (reported, size, user_data);
        }
    }
  if (refused)
    end_refused (store);
  if (ok && !in_chunk)
    ok = rubric_store_begin (store, error);
  return ok;
}

static gboolean
read_into_set (RubricStore         *store,
               RubricTaskReader    *reader,
               gint64               set_id,
               guint64              size,
               gboolean             stream,
               RubricImportFlags    flags,
               GCancellable        *cancellable,
               RubricProgressFunc   progress,
               gpointer             user_data,
               guint               *n_inserted,
               gboolean            *split,
               GError             **error)
{
  Pipeline pipe = {
    .reader = reader,
    .cancellable = cancellable,
    .full = g_async_queue_new (),
    .free = g_async_queue_new_full ((GDestroyNotify) batch_free),
    .skip_invalid = (flags & RUBRIC_IMPORT_SKIP_INVALID) != 0,
    .stream = stream,
  };
  g_autoptr(GPtrArray) duplicates = g_ptr_array_new ();
  GThread *thread;
  gboolean ok;

  for (guint i = 0; i < POOL_SIZE; i++)
    g_async_queue_push (pipe.free, batch_new ());

  *n_inserted = 0;
  thread = g_thread_new ("rubric-import-read", read_thread, &pipe);
  ok = insert_batches (store, &pipe, set_id, size, progress, user_data, n_inserted, split, duplicates, error);
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

/* The last task row written, in any set. */
static gboolean
last_task_row (RubricStore  *store,
               gint64       *row_id,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "SELECT coalesce (max (id), 0) FROM tasks", error);

  return stmt != NULL && _rubric_store_step_value (store, stmt, row_id, error);
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
                   _("%s was imported meanwhile"), rubric_task_reader_get_display_name (reader));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  return TRUE;
}

/*
 * Repeats: with "repeat_swapped": share in the header, round (share ×
 * compare tasks) of them (at least one) are shown a second time, with
 * the sides swapped (rubric_store_get_side_swap()), to measure how
 * often a judgement flips with the sides. A repeat is a row of its own,
 * since a person has one annotation per task: its original's text byte
 * for byte under the ext_id "<id>#repeat" (a number after it if the
 * file has that id), which is how the store tells a repeat.
 *
 * The choice is the same on every import of the same file: a generator
 * of our own (splitmix64, the same on any GLib) seeded from the file's
 * SHA-256. Originals are drawn from the compare tasks that have at least
 * REPEAT_GAP tasks after them, others only when those are too few. Each
 * repeat goes before a task drawn from the second half of the set and
 * at least REPEAT_GAP tasks after its original, or last, so that it is
 * never seen right after its original; the tasks after it move down.
 */
#define REPEAT_GAP 3

typedef struct
{
  guint original;   /* its ord before any repeat was placed */
  guint before;     /* the original ord the repeat goes before; n for the end */
} Repeat;

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* A number in [0, n), n > 0; the modulo bias is nothing at these sizes. */
static guint
draw (guint64 *state,
      guint    n)
{
  return (guint) (splitmix64 (state) % n);
}

static void
shuffle (GArray  *ords,
         guint64 *state)
{
  for (guint i = ords->len; i > 1; i--)
    {
      guint j = draw (state, i);
      guint tmp = g_array_index (ords, guint, i - 1);

      g_array_index (ords, guint, i - 1) = g_array_index (ords, guint, j);
      g_array_index (ords, guint, j) = tmp;
    }
}

static int
compare_repeats (gconstpointer a,
                 gconstpointer b)
{
  const Repeat *x = a, *y = b;

  if (x->before != y->before)
    return x->before < y->before ? -1 : 1;
  return (x->original > y->original) - (x->original < y->original);
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* The compare tasks, as ords: those with room after them in @roomy. */
static gboolean
compare_ords (RubricStore  *store,
              gint64        set_id,
              guint         n,
              GArray       *roomy,
              GArray       *cramped,
              GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT ord FROM tasks WHERE set_id = ? AND kind = 'compare' ORDER BY ord",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint ord = (guint) sqlite3_column_int (stmt, 0);

      g_array_append_val (ord + REPEAT_GAP < n ? roomy : cramped, ord);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

/* The first 64 bits of the file's SHA-256, in hex. */
static guint64
seed_of (const char *checksum)
{
  guint64 seed = 0;

  for (guint i = 0; checksum != NULL && i < 16 && g_ascii_isxdigit (checksum[i]); i++)
    seed = seed << 4 | (guint64) g_ascii_xdigit_value (checksum[i]);
  return seed;
}

static GArray *
choose_repeats (GArray  *roomy,
                GArray  *cramped,
                guint    n,
                double   share,
                guint64  state)
{
  guint n_compare = roomy->len + cramped->len;
  guint k = MIN (n_compare, MAX (1, (guint) floor (share * n_compare + 0.5)));
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *repeats = g_array_sized_new (FALSE, FALSE, sizeof (Repeat), k);

  shuffle (roomy, &state);
  shuffle (cramped, &state);
  g_array_append_vals (picked, roomy->data, MIN (k, roomy->len));
  if (picked->len < k)
    g_array_append_vals (picked, cramped->data, k - picked->len);
  g_array_sort (picked, compare_uints);

  for (guint i = 0; i < picked->len; i++)
    {
      Repeat repeat = { g_array_index (picked, guint, i), n };
      guint low = MAX (repeat.original + 1 + REPEAT_GAP, (n + 1) / 2);

      if (low < n)
        repeat.before = low + draw (&state, n - low + 1);
      g_array_append_val (repeats, repeat);
    }
  g_array_sort (repeats, compare_repeats);
  return repeats;
}

static gboolean
step_done (RubricStore   *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (store, error);
}

/* Moves each task down by the repeats placed before it: through
 * negative ords, so that no two rows ever hold the same one. */
static gboolean
make_room (RubricStore  *store,
           gint64        set_id,
           GArray       *repeats,
           guint         n,
           GError      **error)
{
  sqlite3_stmt *move = _rubric_store_prepare (store,
                                              "UPDATE tasks SET ord = -1 - (ord + ?1)"
                                              " WHERE set_id = ?2 AND ord >= ?3 AND ord < ?4", error);
  sqlite3_stmt *back;

  if (move == NULL)
    return FALSE;
  for (guint i = 0; i < repeats->len; i++)
    {
      guint from = g_array_index (repeats, Repeat, i).before;
      guint to = i + 1 < repeats->len ? g_array_index (repeats, Repeat, i + 1).before : n;

      if (from == to)
        continue;
      sqlite3_bind_int (move, 1, (int) i + 1);
      sqlite3_bind_int64 (move, 2, set_id);
      sqlite3_bind_int (move, 3, (int) from);
      sqlite3_bind_int (move, 4, (int) to);
      if (!step_done (store, move, error))
        return FALSE;
    }
  if (!(back = _rubric_store_prepare (store, "UPDATE tasks SET ord = -1 - ord WHERE set_id = ? AND ord < 0", error)))
    return FALSE;
  sqlite3_bind_int64 (back, 1, set_id);
  return step_done (store, back, error);
}

/* How many of @repeats (sorted) go before a task at or before @ord. */
static guint
placed_up_to (GArray *repeats,
              guint   ord)
{
  guint low = 0, high = repeats->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (repeats, Repeat, mid).before <= ord)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* The original's row again, under a free ext_id. */
static gboolean
insert_repeat (RubricStore  *store,
               gint64        set_id,
               guint         original,
               guint         ord,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO tasks (set_id, ord, ext_id, kind, line, preview, raw)"
                                              " SELECT set_id, ?1, ext_id || ?2, kind, line, preview, raw"
                                              " FROM tasks WHERE set_id = ?3 AND ord = ?4", error);

  if (stmt == NULL)
    return FALSE;
  for (guint attempt = 1; attempt <= G_MAXUINT16; attempt++)
    {
      g_autofree char *suffix = attempt == 1 ? g_strdup (RUBRIC_REPEAT_SUFFIX)
                                             : g_strdup_printf (RUBRIC_REPEAT_SUFFIX "%u", attempt);
      int rc;

      sqlite3_bind_int (stmt, 1, (int) ord);
      sqlite3_bind_text (stmt, 2, suffix, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, set_id);
      sqlite3_bind_int (stmt, 4, (int) original);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc == SQLITE_DONE)
        return TRUE;
      if (rc != SQLITE_CONSTRAINT_UNIQUE)
        break;
    }
  return _rubric_store_fail (store, error);
}

static gboolean
add_repeats (RubricStore         *store,
             gint64               set_id,
             RubricTaskReader    *reader,
             RubricImportResult  *result,
             GError             **error)
{
  g_autoptr(RubricSetConfig) config = rubric_set_config_new (rubric_task_reader_get_header (reader));
  g_autoptr(GArray) roomy = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) cramped = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) repeats = NULL;
  guint n = result->n_tasks;

  if (!(config->repeat_swapped > 0))
    return TRUE;
  if (!compare_ords (store, set_id, n, roomy, cramped, error))
    return FALSE;
  if (roomy->len + cramped->len == 0)
    return TRUE;
  repeats = choose_repeats (roomy, cramped, n, config->repeat_swapped, seed_of (rubric_task_reader_get_checksum (reader)));
  if (!make_room (store, set_id, repeats, n, error))
    return FALSE;
  for (guint i = 0; i < repeats->len; i++)
    {
      const Repeat *repeat = &g_array_index (repeats, Repeat, i);
      /* Both in the new order: before the repeat, i repeats and the
       * tasks up to the one it goes before; the original, moved down
       * by the repeats placed at or before it. */
      guint original = repeat->original + placed_up_to (repeats, repeat->original);

      if (!insert_repeat (store, set_id, original, repeat->before + i, error))
        return FALSE;
    }
  result->n_repeats = repeats->len;
  result->n_tasks += repeats->len;
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
  g_free (result->name);
  result->name = g_strdup (set->name);
  return TRUE;
}

/* Removes a set that is still pending, a few thousand tasks to a
 * transaction so that no other writer waits long: a set can be a
 * million tasks. Nothing of a set that was finished meanwhile. */
static gboolean
discard_set (RubricStore  *store,
             gint64        set_id,
             GError      **error)
{
  int changes;

  do
    {
      if (!_rubric_store_run_alone (store,
                                    "DELETE FROM tasks WHERE id IN (SELECT t.id FROM tasks t JOIN task_sets s"
                                    "  ON s.id = t.set_id WHERE t.set_id = ?1 AND " IS_PENDING ("s.content_hash")
                                    "  LIMIT 4096)",
                                    set_id, &changes, error))
        return FALSE;
    }
  while (changes > 0);
  return _rubric_store_run_alone (store, "DELETE FROM task_sets WHERE id = ?1 AND " IS_PENDING ("content_hash"),
                                  set_id, &changes, error);
}

/* After an import that failed: what it had not committed goes with the
 * transaction, what it had (@split) with its set. */
static void
undo_write (RubricStore *store,
            gint64       set_id,
            gboolean     split)
{
  g_autoptr(GError) error = NULL;

  rubric_store_rollback (store);
  if (split && !discard_set (store, set_id, &error))
    g_message ("The tasks of an import that failed are left to remove later: %s", error->message);
}

/* Whether the pending set's import will never finish: on this machine
 * its process ended; from another machine (or a sandbox, where other
 * processes cannot be seen) it has not committed a chunk for a day. */
static gboolean
is_abandoned (const char *pending,
              gint64      last_commit_ms)
{
  g_auto(GStrv) parts = g_strsplit (pending + strlen (PENDING), ":", 3);
  gboolean sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
  gint64 pid;

  if (g_strv_length (parts) == 3 && !sandboxed && g_str_equal (parts[2], g_get_host_name ()) &&
      g_ascii_string_to_signed (parts[0], 10, 1, G_MAXINT, &pid, NULL))
    return !_rubric_store_process_alive (pid);
  return g_get_real_time () / 1000 - last_commit_ms > ABANDONED_AFTER_MS;
}

/**
 * rubric_import_remove_abandoned:
 * @n_removed: (out) (optional): how many sets were removed
 *
 * Removes what imports left that will never finish, as when the
 * process that imported a big file was killed: their sets were never
 * shown, and their tasks take room.
 */
gboolean
rubric_import_remove_abandoned (RubricStore  *store,
                                guint        *n_removed,
                                GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT id, content_hash, imported_at FROM task_sets"
                                              " WHERE " IS_PENDING ("content_hash"),
                                              error);
  g_autoptr(GArray) abandoned = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (is_abandoned ((const char *) sqlite3_column_text (stmt, 1), sqlite3_column_int64 (stmt, 2)))
        g_array_append_val (abandoned, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  for (guint i = 0; i < abandoned->len; i++)
    {
      if (!discard_set (store, g_array_index (abandoned, gint64, i), error))
        return FALSE;
      if (n_removed != NULL)
        (*n_removed)++;
    }
  return TRUE;
}

/* Reads the file into a new set, in chunks (see CHUNK_BYTES), and
 * shows the set once all of it is written. */
static gboolean
write_set (RubricStore         *store,
           RubricTaskReader    *reader,
           const char          *path,
           gboolean             stream,
           const FileStamp     *stamp,
           const char          *head_hash,
           RubricImportFlags    flags,
           GCancellable        *cancellable,
           RubricProgressFunc   progress,
           gpointer             user_data,
           RubricImportResult  *res,
           GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n_inserted = 0;
  gint64 indexed_to = 0;
  gboolean split = FALSE;
  gboolean committed;
  gint64 set_id;

  if (!rubric_store_begin (store, error))
    return FALSE;
  /* Its tasks' words are indexed as they are written: only the
   * repeats, written after them, are left to index. */
  if (!(set_id = insert_set (store, path, stamp, head_hash, error)) ||
      !read_into_set (store, reader, set_id, stamp->size, stream, flags, cancellable, progress, user_data, &n_inserted,
                      &split, error) ||
      /* Cancelled once the reader had read it all, or its stamp could
       * not be read again for that reason: not "changed". */
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      (!stream && !check_unchanged (path, stamp, cancellable, error)) ||
      !last_task_row (store, &indexed_to, error))
    {
      undo_write (store, set_id, split);
      return FALSE;
    }

  rubric_import_result_collect (res, reader);
  res->n_tasks = n_inserted;
  res->name = set_name (rubric_task_reader_get_header (reader), path);

  if (res->n_problems > 0 && !(flags & RUBRIC_IMPORT_SKIP_INVALID))
    g_set_error (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                 ngettext ("%s: %u problem; nothing was imported",
                           "%s: %u problems; nothing was imported", res->n_problems),
                 path, res->n_problems);
  else if (res->n_tasks == 0)
    g_set_error (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                 res->n_problems > 0 ? _("%s: no valid tasks; nothing was imported")
                                     : _("%s: contains no tasks; nothing was imported"),
                 path);
  else if (add_repeats (store, set_id, reader, res, &local_error) &&
           _rubric_store_index_tasks (store, set_id, indexed_to + 1, &local_error) &&
           finish_set (store, set_id, reader, res->name, res->n_tasks, &local_error) &&
           rubric_store_commit (store, &local_error))
    {
      res->committed = TRUE;
      res->set_id = set_id;
    }

  committed = res->committed;
  if (!committed)
    undo_write (store, set_id, split);
  /* The same file, imported by another window or process meanwhile. */
  if (g_error_matches (local_error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT))
    {
      g_clear_error (&local_error);
      if ((set_id = find_set_by_hash (store, rubric_task_reader_get_checksum (reader), &local_error)) > 0)
        committed = reuse_set (store, set_id, res, &local_error);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return committed;
}

/**
 * rubric_import_file:
 * @result: (out) (optional): what was read, set whenever the file was
 *   read to its end, also when the import was refused
 *
 * Imports a task file as one task set, all of it or nothing: it is
 * written in several transactions (a big file in chunks, see
 * CHUNK_BYTES) and seen once the last commits. A file with invalid
 * tasks is refused whole unless %RUBRIC_IMPORT_SKIP_INVALID is given; a
 * file imported before returns its task set.
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
                         GCancellable            *cancellable,
                         RubricProgressFunc       progress,
                         gpointer                 user_data,
                         RubricImportResult     **result,
                         GError                 **error)
{
  g_autoptr(RubricImportResult) res = rubric_import_result_new (path);
  g_autoptr(RubricTaskReader) reader = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *content_hash = NULL;
  g_autoptr(GError) local_error = NULL;
  FileStamp stamp = { 0 };
  gboolean unverified = FALSE;
  gboolean background;
  gboolean committed;
  gint64 set_id;
  gboolean stream;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!rubric_store_check_foreign_path (store, path, error))
    return FALSE;
  /* A stream (standard input, a pipe, a FIFO, process substitution) is
   * read once, as it comes: it has no stamp and no head to look at
   * first, and cannot be read again to be recognised. Its content hash,
   * taken as it is read, still finds a set imported before. */
  stream = rubric_import_is_stream (path);
  if (stream)
    {
      head_hash = g_strdup ("");
      set_id = 0;
    }
  else
    set_id = find_same_file (store, path, (flags & RUBRIC_IMPORT_TRUST_STAMP) != 0, &stamp, &head_hash, &unverified,
                             &content_hash, cancellable, error);
  if (set_id < 0)
    return FALSE;
  if (set_id > 0)
    {
      if (!reuse_set (store, set_id, res, error) || (!unverified && !restamp_set (store, set_id, &stamp, error)))
        return FALSE;
      res->unverified = unverified;
      res->content_hash = g_steal_pointer (&content_hash);
      if (result != NULL)
        *result = g_steal_pointer (&res);
      return TRUE;
    }

  if (!(reader = rubric_task_reader_new_for_path (path, error)))
    return FALSE;
  rubric_task_reader_set_options (reader, options);
  rubric_task_reader_set_check_duplicates (reader, FALSE);
  if (!rubric_import_remove_abandoned (store, NULL, &local_error))
    g_debug ("What earlier imports left is left for now: %s", local_error->message);

  /* Checkpoints on a thread while the chunks are written, then as the
   * store had them. */
  background = _rubric_store_get_checkpoint_in_background (store);
  rubric_store_checkpoint_in_background (store, TRUE);
  committed = write_set (store, reader, path, stream, &stamp, head_hash, flags, cancellable, progress, user_data,
                         res, error);
  rubric_store_checkpoint_in_background (store, background);
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
                   ngettext ("%s: %u problem", "%s: %u problems", rubric_task_reader_get_n_problems (reader)),
                   path, rubric_task_reader_get_n_problems (reader));
      return FALSE;
    }
  if (rubric_task_reader_get_n_tasks (reader) == 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: contains no tasks"), path);
      return FALSE;
    }
  return TRUE;
}
