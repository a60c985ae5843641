/* rubric-review.c
 *
 * Records exports in, as one task set:
 *
 *  - Files are read in the order given; a folder gives its .jsonl,
 *    .jsonl.gz, .jsonl.zst and .ndjson files in name order.
 *  - A task is matched by id. The first record of a task gives its
 *    text, kept byte for byte as the record embeds it. A later record
 *    whose task differs (compared by a hash of the parsed task) is still
 *    read as a judgement of that task, and the conflict is reported with
 *    both files and lines.
 *  - The same annotator across files is one annotator. The same
 *    annotator twice for one task: the record read last wins, as in
 *    rubric-cli merge, and it is reported.
 *  - The record's judgement becomes the annotator's annotation as it
 *    was: state, choice (in task terms: the side swap is recorded, never
 *    applied), strength, justification, answer, times and the rest, so
 *    that exporting the set as records gives the records back.
 *  - The same files, opened again, return to the same set with the
 *    decisions made in it.
 *
 * The summary and the merge read a records export of the set, written
 * to a temporary file: the same code as rubric-cli agreement, bias and
 * merge over the same records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-review"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "rubric-conversion.h"
#include "rubric-decompress.h"
#include "rubric-error.h"
#include "rubric-export.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-records.h"
#include "rubric-review.h"
#include "rubric-store-private.h"
#include "rubric-task-reader.h"

#define PREVIEW_CHARS 120
#define MAX_WARNINGS  200

void
rubric_review_import_free (RubricReviewImport *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

void
rubric_review_item_free (RubricReviewItem *self)
{
  g_free (self->ext_id);
  g_free (self->preview);
  g_free (self->merge);
  g_free (self->votes);
  g_free (self);
}

void
rubric_review_summary_free (RubricReviewSummary *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->agreement, rubric_agreement_free);
  g_clear_pointer (&self->bias, rubric_bias_free);
  g_clear_pointer (&self->merge, rubric_merge_report_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self);
}

gboolean
rubric_review_is_review (json_object *header)
{
  return rubric_json_get_typed (header, "review", json_type_object) != NULL;
}

/* Files ------------------------------------------------------------------ */

static gboolean
is_records_name (const char *name)
{
  return g_str_has_suffix (name, ".jsonl") || g_str_has_suffix (name, ".jsonl.gz") ||
         g_str_has_suffix (name, ".jsonl.zst") || g_str_has_suffix (name, ".ndjson");
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * rubric_review_list_files:
 * @paths: records files and folders of them
 *
 * Returns: (transfer full) (element-type filename): the files, a
 *   folder's in name order; %NULL with @error when a path is missing
 *   or a folder holds no records export
 */
GPtrArray *
rubric_review_list_files (const char * const  *paths,
                          GError             **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GDir) dir = NULL;
      const char *name;

      if (!g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        {
          if (!g_file_test (paths[i], G_FILE_TEST_EXISTS))
            {
              g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_NOT_FOUND, _("%s: no such file or folder"), paths[i]);
              return NULL;
            }
          g_ptr_array_add (files, g_strdup (paths[i]));
          continue;
        }
      if (!(dir = g_dir_open (paths[i], 0, error)))
        return NULL;
      found = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          if (is_records_name (name))
            g_ptr_array_add (found, g_build_filename (paths[i], name, NULL));
        }
      if (found->len == 0)
        {
          g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                       _("%s: no records exports in this folder (files ending in .jsonl, .jsonl.gz or .jsonl.zst)"),
                       paths[i]);
          return NULL;
        }
      g_ptr_array_sort (found, compare_paths);
      for (guint k = 0; k < found->len; k++)
        g_ptr_array_add (files, g_strdup (g_ptr_array_index (found, k)));
    }
  if (files->len == 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("no records exports to review"));
      return NULL;
    }
  return g_steal_pointer (&files);
}

/* The files' SHA-256s, sorted and hashed again: the same files in any
 * order are the same review. */
static char *
review_hash (GPtrArray     *files,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) all = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < files->len; i++)
    {
      char *hash = rubric_import_hash_file (g_ptr_array_index (files, i), cancellable, error);

      if (hash == NULL)
        return NULL;
      g_ptr_array_add (hashes, hash);
    }
  g_ptr_array_sort (hashes, compare_paths);
  for (guint i = 0; i < hashes->len; i++)
    g_checksum_update (all, g_ptr_array_index (hashes, i), -1);
  return g_strconcat ("review:", g_checksum_get_string (all), NULL);
}

/* Import ----------------------------------------------------------------- */

typedef struct
{
  gint64  row_id;
  char   *hash;
  guint   file;
  guint   line;
  gboolean conflict_told;
} SeenTask;

typedef struct
{
  RubricStore         *store;
  RubricReviewImport  *result;
  gint64               set_id;
  GHashTable          *tasks;        /* ext_id → SeenTask */
  GHashTable          *judged;       /* "row\x1fannotator" → "file, line N" */
  GHashTable          *annotators;   /* names, the adjudicator left out */
  char                *common_set;   /* the task_set every record names, or "" when they differ */
  json_object         *rubric;       /* the first record's rubric reference */
  guint                ord;
  guint                n_warnings;
} Import;

static void
seen_task_free (gpointer data)
{
  SeenTask *seen = data;

  g_free (seen->hash);
  g_free (seen);
}

G_GNUC_PRINTF (2, 3)
static void
warn (Import     *import,
      const char *format,
      ...)
{
  va_list args;

  import->n_warnings++;
  if (import->result->warnings->len >= MAX_WARNINGS)
    return;
  va_start (args, format);
  g_ptr_array_add (import->result->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static const char *
file_name (Import *import,
           guint   file)
{
  return g_ptr_array_index (import->result->files, file);
}

/* ISO 8601 as the records writer writes it, in ms; 0 for null. */
static gint64
time_of (json_object *record,
         const char  *key)
{
  const char *text = rubric_json_get_string (record, key);
  g_autoptr(GDateTime) dt = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return dt != NULL ? g_date_time_to_unix (dt) * 1000 : 0;
}

/* The members of a record that the workspace keeps in its own columns,
 * or that the records writer computes again. */
static gboolean
is_record_key (const char *key)
{
  static const char *keys[] = {
    "task_id", "task_set", "kind", "annotator", "state", "rubric", "choice", "chosen_response", "strength",
    "justification", "swapped", "answer", "draft_edit_distance_words", "created_at", "updated_at", "submitted_at",
    "active_seconds", "gold_check", "task", "extra", "repeat",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (strcmp (key, keys[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The judgement's data as the workspace keeps it. */
static char *
annotation_data (json_object *record,
                 GError     **error)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (0, 0, "");
  g_autoptr(json_object) data = json_object_new_object ();
  json_object *extra = rubric_json_get_typed (record, "extra", json_type_object);

  json_object_object_foreach (record, key, value)
    {
      if (!is_record_key (key))
        json_object_object_add (data, key, json_object_get (value));
    }
  if (extra != NULL)
    {
      json_object_object_foreach (extra, extra_key, extra_value)
        json_object_object_add (data, extra_key, json_object_get (extra_value));
    }
  if (!rubric_annotation_load_data (annotation, json_object_to_json_string_ext (data, JSON_C_TO_STRING_PLAIN), error))
    return NULL;
  return rubric_annotation_dup_data (annotation);
}

static gint64
insert_task (Import      *import,
             const char  *ext_id,
             json_object *task,
             const char  *raw,
             gsize        raw_len,
             guint        line,
             GError     **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (import->store,
                                              "INSERT INTO tasks (set_id, ord, ext_id, kind, line, preview, raw)"
                                              " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  g_autofree char *preview = rubric_task_preview_of (task, PREVIEW_CHARS);
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, import->set_id);
  sqlite3_bind_int (stmt, 2, import->ord);
  sqlite3_bind_text (stmt, 3, ext_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, rubric_json_get_string (task, "kind"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, line);
  sqlite3_bind_text (stmt, 6, preview, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, raw, raw_len, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (import->store, error), 0;
  import->ord++;
  import->result->n_tasks++;
  return sqlite3_last_insert_rowid (_rubric_store_get_db (import->store));
}

static gboolean
insert_annotation (Import      *import,
                   gint64       task_row,
                   const char  *annotator,
                   json_object *record,
                   const char  *data,
                   GError     **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (import->store,
    "INSERT INTO annotations (task_id, set_id, annotator, state, choice, strength, justification, data,"
    "  created_at, updated_at, submitted_at, active_ms, swapped, answer)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    " ON CONFLICT (task_id, annotator) DO UPDATE SET state = ?4, choice = ?5, strength = ?6, justification = ?7,"
    "  data = ?8, created_at = ?9, updated_at = ?10, submitted_at = ?11, active_ms = ?12, swapped = ?13,"
    "  answer = ?14, revision = revision + 1", error);
  json_object *seconds = NULL;
  json_object *strength = rubric_json_get_typed (record, "strength", json_type_int);
  json_object *swapped = rubric_json_get_typed (record, "swapped", json_type_boolean);
  const char *state = rubric_json_get_string (record, "state");
  const char *justification = rubric_json_get_string (record, "justification");
  const char *answer = rubric_json_get_string (record, "answer");
  gint64 created = time_of (record, "created_at");
  gint64 updated = time_of (record, "updated_at");
  gint64 submitted = time_of (record, "submitted_at");
  double active = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (json_object_object_get_ex (record, "active_seconds", &seconds) &&
      (json_object_is_type (seconds, json_type_double) || json_object_is_type (seconds, json_type_int)))
    active = json_object_get_double (seconds);
  sqlite3_bind_int64 (stmt, 1, task_row);
  sqlite3_bind_int64 (stmt, 2, import->set_id);
  sqlite3_bind_text (stmt, 3, annotator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, g_strcmp0 (state, "skipped") == 0 ? "skipped" : "submitted", -1, SQLITE_STATIC);
  if (rubric_json_get_string (record, "choice") != NULL)
    sqlite3_bind_text (stmt, 5, rubric_json_get_string (record, "choice"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, strength ? CLAMP (json_object_get_int (strength), 0, 100) : 0);
  sqlite3_bind_text (stmt, 7, justification ? justification : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, data, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, created ? created : submitted);
  sqlite3_bind_int64 (stmt, 10, updated ? updated : created ? created : submitted);
  if (submitted != 0)
    sqlite3_bind_int64 (stmt, 11, submitted);
  sqlite3_bind_int64 (stmt, 12, (gint64) (MAX (active, 0) * 1000 + 0.5));
  sqlite3_bind_int (stmt, 13, swapped != NULL && json_object_get_boolean (swapped));
  sqlite3_bind_text (stmt, 14, answer ? answer : "", -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (import->store, error);
  return TRUE;
}

static char *
task_hash (json_object *task)
{
  const char *text = json_object_to_json_string_ext (task, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* One record; FALSE only when the workspace failed. */
static gboolean
read_record (Import      *import,
             guint        file,
             guint        line,
             const char  *text,
             gsize        len,
             json_object *record,
             GError     **error)
{
  json_object *task = rubric_json_get_typed (record, "task", json_type_object);
  const char *task_id = rubric_json_get_string (record, "task_id");
  const char *annotator = rubric_json_get_string (record, "annotator");
  const char *task_set = rubric_json_get_string (record, "task_set");
  g_autofree char *field = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *data = NULL;
  g_autofree char *key = NULL;
  g_autofree char *row_key = NULL;
  g_autoptr(GError) data_error = NULL;
  json_object *repeat;
  SeenTask *seen;
  char *before;

  if (task_id == NULL)
    {
      warn (import, _("%s, line %u: task_id: missing; this is not an annotation record"), file_name (import, file),
            line);
      return TRUE;
    }
  if (task == NULL)
    {
      warn (import, _("%s, line %u: task: missing; a records export carries each task"), file_name (import, file),
            line);
      return TRUE;
    }
  if (g_strcmp0 (rubric_json_get_string (task, "id"), task_id) != 0)
    {
      warn (import, _("%s, line %u: task_id: “%s” is not the id of the task it carries"), file_name (import, file),
            line, task_id);
      return TRUE;
    }
  if ((problem = rubric_task_validate (task, &field)) != NULL)
    {
      warn (import, _("%s, line %u: task.%s: %s"), file_name (import, file), line, field ? field : "", problem);
      return TRUE;
    }
  if (annotator == NULL || *annotator == '\0')
    {
      warn (import, _("%s, line %u: annotator: missing; the record is left out"), file_name (import, file), line);
      return TRUE;
    }
  if (!(data = annotation_data (record, &data_error)))
    {
      warn (import, _("%s, line %u: %s"), file_name (import, file), line, data_error->message);
      return TRUE;
    }

  /* A pair shown a second time, sides swapped, is a task row of its
   * own holding the original's text, as import makes it. */
  repeat = rubric_json_get_typed (record, "repeat", json_type_boolean);
  if (repeat != NULL && json_object_get_boolean (repeat))
    row_key = g_strconcat (task_id, RUBRIC_REPEAT_SUFFIX, NULL);
  else
    row_key = g_strdup (task_id);
  hash = task_hash (task);
  if ((seen = g_hash_table_lookup (import->tasks, row_key)) == NULL)
    {
      gsize start, end;
      gint64 row;

      if (!rubric_json_find_member (text, len, "task", &start, &end))
        {
          const char *plain = json_object_to_json_string_ext (task, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

          start = 0;
          end = strlen (plain);
          text = plain;
        }
      if ((row = insert_task (import, row_key, task, text + start, end - start, line, error)) == 0)
        return FALSE;
      seen = g_new0 (SeenTask, 1);
      seen->row_id = row;
      seen->hash = g_steal_pointer (&hash);
      seen->file = file;
      seen->line = line;
      g_hash_table_insert (import->tasks, g_strdup (row_key), seen);
    }
  else if (strcmp (seen->hash, hash) != 0 && !seen->conflict_told)
    {
      seen->conflict_told = TRUE;
      warn (import, _("task “%s”: %s, line %u and %s, line %u carry different content under this id; "
                      "the first is shown, and both records are counted"),
            task_id, file_name (import, seen->file), seen->line, file_name (import, file), line);
    }

  key = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s", seen->row_id, annotator);
  if ((before = g_hash_table_lookup (import->judged, key)) != NULL)
    warn (import, _("%s: task “%s” twice (%s and %s, line %u); the later record is kept"), annotator, task_id,
          before, file_name (import, file), line);
  g_hash_table_replace (import->judged, g_steal_pointer (&key),
                        /* Translators: a file and a line in it. */
                        g_strdup_printf (_("%s, line %u"), file_name (import, file), line));

  if (rubric_records_is_adjudication (record))
    import->result->n_adjudications++;
  else
    g_hash_table_add (import->annotators, g_strdup (annotator));
  if (import->common_set == NULL)
    import->common_set = g_strdup (task_set ? task_set : "");
  else if (g_strcmp0 (import->common_set, task_set) != 0)
    {
      g_free (import->common_set);
      import->common_set = g_strdup ("");
    }
  if (import->rubric == NULL && rubric_json_get_typed (record, "rubric", json_type_object) != NULL)
    import->rubric = json_object_get (rubric_json_get_typed (record, "rubric", json_type_object));
  import->result->n_records++;
  return insert_annotation (import, seen->row_id, annotator, record, data, error);
}

static gboolean
read_file (Import        *import,
           guint          file,
           GCancellable  *cancellable,
           GError       **error)
{
  const char *path = file_name (import, file);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) raw = g_file_read (gfile, cancellable, error);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  json_tokener *tokener;
  guint line_number = 0;
  gboolean ok = TRUE;

  if (raw == NULL || !(stream = rubric_decompress_stream (G_INPUT_STREAM (raw), NULL, cancellable, error)))
    return FALSE;
  lines = g_data_input_stream_new (stream);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 1 << 16);
  tokener = json_tokener_new_ex (RUBRIC_DEFAULT_MAX_DEPTH);
  while (ok)
    {
      gsize len = 0;
      g_autofree char *line = g_data_input_stream_read_line (lines, &len, cancellable, &local_error);
      g_autoptr(json_object) record = NULL;
      enum json_tokener_error parse_error;
      const char *invalid = NULL;

      if (line == NULL)
        break;
      line_number++;
      if (len == 0 || strspn (line, " \t\r") == len)
        continue;
      if (!rubric_utf8_validate_len (line, len, &invalid))
        {
          g_autofree char *why = rubric_utf8_describe_invalid (line, invalid, FALSE);

          warn (import, _("%s, line %u: %s; the line is left out"), path, line_number, why);
          continue;
        }
      rubric_json_tokener_reset (tokener);
      record = json_tokener_parse_ex (tokener, line, (int) len);
      parse_error = json_tokener_get_error (tokener);
      if (parse_error != json_tokener_success || !json_object_is_type (record, json_type_object) ||
          json_tokener_get_parse_end (tokener) < len - strspn (line + json_tokener_get_parse_end (tokener), " \t\r"))
        {
          warn (import, _("%s, line %u: not a JSON object%s%s; the line is left out"), path, line_number,
                parse_error != json_tokener_success ? ": " : "",
                parse_error != json_tokener_success ? json_tokener_error_desc (parse_error) : "");
          continue;
        }
      ok = read_record (import, file, line_number, line, len, record, error);
    }
  json_tokener_free (tokener);
  if (ok && local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }
  return ok;
}

static gint64
find_review (RubricStore  *store,
             const char   *hash,
             GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "SELECT id FROM task_sets WHERE content_hash = ?", error);
  gint64 found = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  if (!_rubric_store_step_value (store, stmt, &found, error))
    return -1;
  return found;
}

/* The review opened before, undeleted if it was deleted. */
static gboolean
reopen_review (RubricStore         *store,
               gint64               set_id,
               RubricReviewImport  *result,
               GError             **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "UPDATE task_sets SET deleted_at = NULL WHERE id = ?1"
                                              " RETURNING name, n_tasks,"
                                              "  (SELECT count(*) FROM annotations WHERE set_id = ?1 AND annotator != ?2),"
                                              "  (SELECT count(DISTINCT annotator) FROM annotations WHERE set_id = ?1 AND annotator != ?2),"
                                              "  (SELECT count(*) FROM annotations WHERE set_id = ?1 AND annotator = ?2)",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_text (stmt, 2, RUBRIC_ADJUDICATOR, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      result->set_id = set_id;
      result->reused = TRUE;
      result->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      result->n_tasks = sqlite3_column_int (stmt, 1);
      result->n_records = sqlite3_column_int (stmt, 2);
      result->n_annotators = sqlite3_column_int (stmt, 3);
      result->n_adjudications = sqlite3_column_int (stmt, 4);
    }
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  return TRUE;
}

static char *
review_header (Import *import)
{
  g_autoptr(json_object) header = json_object_new_object ();
  json_object *review = json_object_new_object ();
  json_object *files = json_object_new_array ();
  json_object *annotators = json_object_new_array ();
  g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (import->annotators, NULL);
  guint n = g_hash_table_size (import->annotators);

  json_object_object_add (header, "format", json_object_new_string (RUBRIC_TASKS_FORMAT));
  json_object_object_add (header, "name", json_object_new_string (import->result->name));
  for (guint i = 0; i < import->result->files->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (import->result->files, i));
      json_object_array_add (files, json_object_new_string (base));
    }
  qsort (names, n, sizeof *names, compare_paths);
  for (guint i = 0; i < n; i++)
    json_object_array_add (annotators, json_object_new_string (names[i]));
  json_object_object_add (review, "files", files);
  json_object_object_add (review, "annotators", annotators);
  if (import->result->warnings->len > 0)
    {
      json_object *warnings = json_object_new_array ();

      for (guint i = 0; i < import->result->warnings->len; i++)
        json_object_array_add (warnings, json_object_new_string (g_ptr_array_index (import->result->warnings, i)));
      json_object_object_add (review, "warnings", warnings);
    }
  json_object_object_add (header, "review", review);
  if (import->rubric != NULL)
    json_object_object_add (header, "rubric", json_object_get (import->rubric));
  return g_strdup (json_object_to_json_string_ext (header, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

static gboolean
finish_review (Import      *import,
               const char  *hash,
               GError     **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (import->store,
                                              "UPDATE task_sets SET name = ?, content_hash = ?, header = ?, n_tasks = ?"
                                              " WHERE id = ?", error);
  RubricReviewImport *result = import->result;
  g_autofree char *header = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (import->common_set != NULL && *import->common_set != '\0')
    result->name = g_strdup (import->common_set);
  else
    result->name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Review of %u file", "Review of %u files",
                                                 result->files->len), result->files->len);
  result->n_annotators = g_hash_table_size (import->annotators);
  header = review_header (import);
  sqlite3_bind_text (stmt, 1, result->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, header, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, result->n_tasks);
  sqlite3_bind_int64 (stmt, 5, import->set_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (import->store, error);
  return TRUE;
}

static gint64
insert_review (RubricStore  *store,
               GPtrArray    *files,
               GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "INSERT INTO task_sets (name, source_path, content_hash, imported_at)"
                                              " VALUES ('', ?, ?, ?)", error);
  g_autofree char *pending = g_strdup_printf ("pending-review:%" G_GINT64_FORMAT, g_get_real_time ());
  g_autofree char *first = g_canonicalize_filename (g_ptr_array_index (files, 0), NULL);
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pending, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / 1000);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error), 0;
  return sqlite3_last_insert_rowid (_rubric_store_get_db (store));
}

/**
 * rubric_review_import:
 * @paths: records exports, and folders of them
 * @result: (out) (optional): what was read, and its warnings
 *
 * Reads the records into a new task set, or returns to the set of the
 * same files opened before. Records that cannot be read are left out
 * and listed in the warnings, with file and line; nothing is imported
 * when no record at all can be read.
 */
gboolean
rubric_review_import (RubricStore          *store,
                      const char * const   *paths,
                      GCancellable         *cancellable,
                      RubricReviewImport  **result,
                      GError              **error)
{
  g_autoptr(RubricReviewImport) res = g_new0 (RubricReviewImport, 1);
  g_autofree char *hash = NULL;
  Import import = { store, res };
  gint64 existing;
  gboolean ok = TRUE;

  res->warnings = g_ptr_array_new_with_free_func (g_free);
  if (!(res->files = rubric_review_list_files (paths, error)) ||
      !(hash = review_hash (res->files, cancellable, error)) ||
      (existing = find_review (store, hash, error)) < 0)
    return FALSE;
  if (existing > 0)
    {
      if (!reopen_review (store, existing, res, error))
        return FALSE;
      if (result != NULL)
        *result = g_steal_pointer (&res);
      return TRUE;
    }

  if (!rubric_store_begin (store, error))
    return FALSE;
  import.tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, seen_task_free);
  import.judged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.annotators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if ((import.set_id = insert_review (store, res->files, error)) == 0)
    ok = FALSE;
  for (guint f = 0; ok && f < res->files->len; f++)
    ok = read_file (&import, f, cancellable, error);
  if (ok && import.n_warnings > res->warnings->len)
    g_ptr_array_add (res->warnings, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more warning",
                                                                  "… and %u more warnings",
                                                                  import.n_warnings - res->warnings->len),
                                                     import.n_warnings - res->warnings->len));
  if (ok && res->n_records == 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, "%s",
                   res->warnings->len > 0 ? (const char *) g_ptr_array_index (res->warnings, 0)
                                          : _("no annotation records in these files"));
      ok = FALSE;
    }
  ok = ok && _rubric_store_index_tasks (store, import.set_id, 0, error) && finish_review (&import, hash, error) &&
       rubric_store_commit (store, error);
  if (!ok)
    rubric_store_rollback (store);
  res->set_id = import.set_id;
  g_hash_table_unref (import.tasks);
  g_hash_table_unref (import.judged);
  g_hash_table_unref (import.annotators);
  g_free (import.common_set);
  g_clear_pointer (&import.rubric, json_object_put);
  if (ok && result != NULL)
    *result = g_steal_pointer (&res);
  return ok;
}

/* Reading the review back ------------------------------------------------ */

static char *
temp_path (const char  *pattern,
           GError     **error)
{
  char *path = NULL;
  int fd = g_file_open_tmp (pattern, &path, error);

  if (fd < 0)
    return NULL;
  close (fd);
  return path;
}

/**
 * rubric_review_export_records:
 *
 * Returns: (transfer full): a temporary file with the set's records
 *   export, for the caller to delete
 */
char *
rubric_review_export_records (RubricStore  *store,
                              gint64        set_id,
                              GError      **error)
{
  RubricExportOptions options = { set_id, NULL, FALSE, RUBRIC_TIES_DROP };
  g_autofree char *path = temp_path ("rubric-review-XXXXXX.jsonl", error);

  if (path == NULL)
    return NULL;
  if (!rubric_export (store, RUBRIC_EXPORT_RECORDS, &options, path, NULL, NULL, error))
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static json_object *
set_header (RubricStore  *store,
            gint64        set_id,
            GError      **error)
{
  g_autoptr(RubricTaskSet) set = rubric_store_get_task_set (store, set_id, error);

  return set != NULL && set->header != NULL ? json_object_get (set->header) : NULL;
}

static gboolean
merge_records (RubricStore        *store,
               gint64              set_id,
               const char         *records,
               RubricMergeMethod   method,
               const char         *format,
               const char         *output,
               guint              *n_written,
               RubricMergeReport **report,
               GError            **error)
{
  g_autoptr(json_object) header = set_header (store, set_id, error);
  RubricMergeOptions options = { method, format, FALSE, header };
  const char *inputs[] = { records };

  if (header == NULL)
    return FALSE;
  return rubric_merge_files_full (inputs, 1, &options, output, n_written, report, error);
}

/**
 * rubric_review_merge:
 *
 * Writes the set's merged judgements in @format, as rubric-cli merge
 * does from the same records.
 */
gboolean
rubric_review_merge (RubricStore        *store,
                     gint64              set_id,
                     RubricMergeMethod   method,
                     const char         *format,
                     const char         *output,
                     guint              *n_written,
                     RubricMergeReport **report,
                     GError            **error)
{
  g_autofree char *records = rubric_review_export_records (store, set_id, error);
  gboolean ok;

  if (records == NULL)
    return FALSE;
  ok = merge_records (store, set_id, records, method, format, output, n_written, report, error);
  g_unlink (records);
  return ok;
}

static void
put_json (gpointer object)
{
  json_object_put (object);
}

/* What the merge made of each task: id → its gold. */
static GHashTable *
read_merged (const char  *path,
             GError     **error)
{
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, error);
  g_autoptr(GHashTable) golds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, put_json);
  const RubricTaskRecord *record;

  if (reader == NULL)
    return NULL;
  while ((record = rubric_task_reader_next (reader, NULL, error)) != NULL)
    {
      json_object *gold = rubric_json_get_typed (record->object, "gold", json_type_object);

      if (gold != NULL)
        g_hash_table_insert (golds, g_strdup (rubric_json_get_string (record->object, "id")), json_object_get (gold));
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&golds);
}

typedef struct
{
  GPtrArray *labels;     /* char *: each annotator's judgement, compared whole */
  GArray    *signed_strengths;
} Votes;

static void
votes_reset (Votes *votes)
{
  g_ptr_array_set_size (votes->labels, 0);
  g_array_set_size (votes->signed_strengths, 0);
}

static double
std_dev (GArray *values)
{
  double mean = 0;
  double sum = 0;

  if (values->len < 2)
    return 0;
  for (guint i = 0; i < values->len; i++)
    mean += g_array_index (values, double, i);
  mean /= values->len;
  for (guint i = 0; i < values->len; i++)
    sum += pow (g_array_index (values, double, i) - mean, 2);
  return sqrt (sum / values->len);
}

/* How far the annotators are apart: the share outside the largest
 * group of equal judgements; comparisons alike in side add a little
 * for how far their strengths spread. A red-team attempt's judgement is
 * its harm category, an author task's its first prompt. */
static void
finish_item (RubricReviewItem *item,
             Votes            *votes,
             json_object      *gold)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) text = g_string_new (NULL);
  json_object *gold_votes = rubric_json_get_typed (gold, "votes", json_type_object);
  guint best = 0;

  for (guint i = 0; i < votes->labels->len; i++)
    {
      gpointer key = g_ptr_array_index (votes->labels, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;

      g_hash_table_insert (counts, key, GUINT_TO_POINTER (count));
      best = MAX (best, count);
    }
  item->n_annotators = votes->labels->len;
  item->disagreement = item->n_annotators > 1 ? 1.0 - (double) best / item->n_annotators : 0;
  item->disagreement = MIN (1.0, item->disagreement + std_dev (votes->signed_strengths) / 60);
  item->merge = g_strdup (gold ? rubric_json_get_string (gold, "merge") : "unresolved");

  if (item->kind == RUBRIC_TASK_KIND_COMPARE || item->kind == RUBRIC_TASK_KIND_REVIEW ||
      item->kind == RUBRIC_TASK_KIND_RED_TEAM)
    {
      json_object_object_foreach (gold_votes, key, value)
        g_string_append_printf (text, "%s%s %d", text->len ? " · " : "", key, json_object_get_int (value));
    }
  else if (item->n_annotators > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u different", "%u different",
                                               g_hash_table_size (counts)), g_hash_table_size (counts));
  item->votes = g_string_free (g_steal_pointer (&text), FALSE);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const RubricReviewItem *x = *(RubricReviewItem * const *) a;
  const RubricReviewItem *y = *(RubricReviewItem * const *) b;

  if (x->disagreement != y->disagreement)
    return x->disagreement > y->disagreement ? -1 : 1;
  return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static GPtrArray *
queue_items (RubricStore  *store,
             gint64        set_id,
             GHashTable   *golds,
             GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
    "SELECT t.id, t.ext_id, t.preview, t.kind, t.ord, a.choice, a.strength, a.answer,"
    "  json_extract (a.data, '$.verdict'), json_extract (a.data, '$.ranking'), json_extract (a.data, '$.ties'),"
    "  json_extract (a.data, '$.category'), json_extract (a.data, '$.turns[0].prompt')"
    " FROM tasks t LEFT JOIN annotations a ON a.task_id = t.id AND a.state = 'submitted' AND a.annotator != ?2"
    " WHERE t.set_id = ?1"
    "   AND (t.ext_id NOT GLOB '*" RUBRIC_REPEAT_SUFFIX "*' OR json_extract (t.raw, '$.id') = t.ext_id)"
    " ORDER BY t.ord", error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_review_item_free);
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  Votes votes = { g_ptr_array_new (), g_array_new (FALSE, FALSE, sizeof (double)) };
  RubricReviewItem *item = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, set_id);
  sqlite3_bind_text (stmt, 2, RUBRIC_ADJUDICATOR, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0);
      const char *label;

      if (item == NULL || item->task_id != row)
        {
          if (item != NULL)
            finish_item (item, &votes, g_hash_table_lookup (golds, item->ext_id));
          votes_reset (&votes);
          item = g_new0 (RubricReviewItem, 1);
          item->task_id = row;
          item->ext_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          item->preview = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          item->kind = rubric_task_kind_from_string ((const char *) sqlite3_column_text (stmt, 3));
          item->ord = sqlite3_column_int (stmt, 4);
          g_ptr_array_add (items, item);
        }
      if (sqlite3_column_type (stmt, 5) == SQLITE_NULL && sqlite3_column_type (stmt, 8) == SQLITE_NULL &&
          sqlite3_column_type (stmt, 9) == SQLITE_NULL && sqlite3_column_type (stmt, 11) == SQLITE_NULL &&
          sqlite3_column_type (stmt, 12) == SQLITE_NULL && (sqlite3_column_type (stmt, 7) == SQLITE_NULL ||
                                                            sqlite3_column_bytes (stmt, 7) == 0))
        continue;
      switch (item->kind)
        {
        case RUBRIC_TASK_KIND_RED_TEAM:
          /* The attempts differ; what they say about it is the category. */
          label = (const char *) sqlite3_column_text (stmt, 11);
          break;
        case RUBRIC_TASK_KIND_AUTHOR:
          label = (const char *) sqlite3_column_text (stmt, 12);
          break;
        case RUBRIC_TASK_KIND_COMPARE:
          label = (const char *) sqlite3_column_text (stmt, 5);
          if (label != NULL && (g_str_equal (label, "A") || g_str_equal (label, "B")))
            {
              double strength = MAX (sqlite3_column_int (stmt, 6), 1);
              g_array_append_val (votes.signed_strengths, strength);
              if (g_str_equal (label, "B"))
                g_array_index (votes.signed_strengths, double, votes.signed_strengths->len - 1) = -strength;
            }
          break;
        case RUBRIC_TASK_KIND_REVIEW:
          label = (const char *) sqlite3_column_text (stmt, 8);
          break;
        case RUBRIC_TASK_KIND_WRITE:
          label = (const char *) sqlite3_column_text (stmt, 7);
          break;
        case RUBRIC_TASK_KIND_RANK:
        default:
          {
            g_autofree char *ranking = g_strconcat ((const char *) sqlite3_column_text (stmt, 9), "|",
                                                    (const char *) sqlite3_column_text (stmt, 10), NULL);
            label = g_string_chunk_insert_const (strings, ranking);
          }
          break;
        }
      if (label != NULL)
        g_ptr_array_add (votes.labels, g_string_chunk_insert_const (strings, label));
    }
  if (item != NULL)
    finish_item (item, &votes, g_hash_table_lookup (golds, item->ext_id));
  sqlite3_reset (stmt);
  g_ptr_array_unref (votes.labels);
  g_array_unref (votes.signed_strengths);
  if (rc != SQLITE_DONE)
    return _rubric_store_fail (store, error), NULL;
  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

/**
 * rubric_review_summarize:
 *
 * Agreement, bias, the merge and the adjudication queue of a review,
 * from its records. Slow on a large set: call it off the main thread,
 * with a store of its own.
 */
RubricReviewSummary *
rubric_review_summarize (RubricStore        *store,
                         gint64              set_id,
                         RubricMergeMethod   method,
                         GError            **error)
{
  g_autoptr(RubricReviewSummary) summary = g_new0 (RubricReviewSummary, 1);
  g_autofree char *records = rubric_review_export_records (store, set_id, error);
  g_autofree char *merged = NULL;
  g_autoptr(GHashTable) golds = NULL;
  const char *paths[] = { records, NULL };
  gboolean ok;

  if (records == NULL)
    return NULL;
  ok = (summary->agreement = rubric_agreement_from_files (paths, error)) != NULL &&
       (summary->bias = rubric_bias_from_files (paths, error)) != NULL &&
       (merged = temp_path ("rubric-merged-XXXXXX.jsonl", error)) != NULL &&
       merge_records (store, set_id, records, method, RUBRIC_CONVERT_TASKS, merged, NULL, &summary->merge, error) &&
       (golds = read_merged (merged, error)) != NULL &&
       (summary->items = queue_items (store, set_id, golds, error)) != NULL;
  g_unlink (records);
  if (merged != NULL)
    g_unlink (merged);
  return ok ? g_steal_pointer (&summary) : NULL;
}

/* Decisions ---------------------------------------------------------------- */

/**
 * rubric_review_adjudicate:
 * @lead: who decided, kept with the decision
 * @decision: the final judgement; its task, set and annotator are set here
 *
 * Records (or replaces) the lead's final decision on a task, with its
 * note as the justification.
 */
gboolean
rubric_review_adjudicate (RubricStore       *store,
                          gint64             task_id,
                          gint64             set_id,
                          const char        *lead,
                          RubricAnnotation  *decision,
                          GError           **error)
{
  gint64 revision = rubric_store_get_revision (store, task_id, RUBRIC_ADJUDICATOR, error);

  if (revision < 0)
    return FALSE;
  decision->task_id = task_id;
  decision->set_id = set_id;
  rubric_annotation_set_text (&decision->annotator, RUBRIC_ADJUDICATOR);
  decision->state = RUBRIC_ANNOTATION_SUBMITTED;
  decision->revision = revision;
  decision->submitted_at = 0;
  if (decision->extra == NULL)
    decision->extra = json_object_new_object ();
  json_object_object_add (decision->extra, "adjudicated", json_object_new_boolean (TRUE));
  json_object_object_add (decision->extra, "adjudicated_by", json_object_new_string (lead ? lead : ""));
  return rubric_store_save_annotation (store, decision, error);
}

/**
 * rubric_review_withdraw:
 *
 * Takes back the final decision on a task, if there is one.
 */
gboolean
rubric_review_withdraw (RubricStore  *store,
                        gint64        task_id,
                        GError      **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, "DELETE FROM annotations WHERE task_id = ? AND annotator = ?",
                                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task_id);
  sqlite3_bind_text (stmt, 2, RUBRIC_ADJUDICATOR, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _rubric_store_fail (store, error);
}
