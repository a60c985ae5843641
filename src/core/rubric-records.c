/* rubric-records.c
 *
 * The one loop over a records export that agreement, bias and grading
 * share: a line at a time, each a JSON object with a task_id, handed on
 * with whether it was submitted. A line that is not a record stops it
 * with file and line. A lead's adjudication (rubric_records_is_adjudication)
 * is nobody's vote and is passed over.
 *
 * Parsing is most of the time of agreement and bias over big exports, so
 * rubric_records_foreach_parallel parses batches of whole lines in worker
 * threads, which take out what the caller needs (small items, the JSON is
 * freed there), and hands the items on in file order: whatever the
 * caller does, "the record read last wins" included, comes out as from
 * the serial loop. At most a few batches are in flight, so memory does
 * not grow with the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-records"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "rubric-decompress.h"
#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-records-private.h"
#include "rubric-records.h"

#define MAX_WORKERS 8
#define BATCH_SIZE (1 << 20)

typedef enum
{
  LINE_RECORD,
  LINE_SKIP,         /* blank, or a lead's adjudication */
  LINE_NOT_OBJECT,
  LINE_NO_TASK_ID,
} LineKind;

/* Whole lines of a file, parsed by a worker. */
typedef struct
{
  guint                   index;        /* order in the file */
  char                   *text;         /* NUL-terminated; freed once parsed */
  gsize                   len;
  guint                   n_lines;      /* counted up to the problem, if any */
  GPtrArray              *items;        /* extracted, in file order */
  LineKind                problem;      /* LINE_RECORD when none */
  enum json_tokener_error parse_error;
} Batch;

typedef struct
{
  RubricRecordExtractFunc  extract;
  gpointer                 user_data;
  GAsyncQueue             *done;        /* Batch * */
} Workers;

/* The file as batches of whole lines. */
typedef struct
{
  GInputStream *stream;
  gsize         batch_size;
  char         *carry;                  /* the start of a line cut off */
  gsize         carry_len;
  gboolean      eof;
  GError       *error;
} Source;

/* An export as written: plain, or gzip or zstd as the task files may be. */
static GInputStream *
open_records (const char  *path,
              GError     **error)
{
  g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) stream = g_file_read (gfile, NULL, error);

  if (stream == NULL)
    return NULL;
  return rubric_decompress_stream (G_INPUT_STREAM (stream), NULL, NULL, error);
}

/**
 * rubric_records_is_adjudication:
 *
 * Whether @record is a lead's final decision rather than an annotator's
 * judgement: its annotator is "adjudicator", or it is marked
 * "adjudicated": true (at the top or, as the app writes it, in "extra").
 */
gboolean
rubric_records_is_adjudication (json_object *record)
{
  json_object *extra = rubric_json_get_typed (record, "extra", json_type_object);
  json_object *marked = rubric_json_get_typed (record, "adjudicated", json_type_boolean);

  if (g_strcmp0 (rubric_json_get_string (record, "annotator"), RUBRIC_ADJUDICATOR) == 0)
    return TRUE;
  if (marked == NULL && extra != NULL)
    marked = rubric_json_get_typed (extra, "adjudicated", json_type_boolean);
  return marked != NULL && json_object_get_boolean (marked);
}

static gboolean
is_submitted (json_object *record)
{
  return g_strcmp0 (rubric_json_get_string (record, "state"), "submitted") == 0;
}

/* One line of an export, stripped of spaces; @record is set for
 * LINE_RECORD (the caller frees it), @parse_error always. */
static LineKind
parse_line (json_tokener             *tokener,
            char                     *line,
            json_object             **record,
            const char              **task_id,
            enum json_tokener_error  *parse_error)
{
  g_autoptr(json_object) object = NULL;
  gsize len = strlen (line);

  /* g_strstrip's bounds, without moving the line. */
  *parse_error = json_tokener_success;
  while (len > 0 && g_ascii_isspace (line[len - 1]))
    len--;
  while (len > 0 && g_ascii_isspace (*line))
    {
      line++;
      len--;
    }
  if (len == 0)
    return LINE_SKIP;
  rubric_json_tokener_reset (tokener);
  object = json_tokener_parse_ex (tokener, line, (int) len);
  *parse_error = json_tokener_get_error (tokener);
  if (!json_object_is_type (object, json_type_object) || *parse_error != json_tokener_success)
    return LINE_NOT_OBJECT;
  if ((*task_id = rubric_json_get_string (object, "task_id")) == NULL)
    return LINE_NO_TASK_ID;
  if (rubric_records_is_adjudication (object))
    return LINE_SKIP;
  *record = g_steal_pointer (&object);
  return LINE_RECORD;
}

static void
set_line_error (GError                 **error,
                const char              *path,
                guint                    line_number,
                LineKind                 kind,
                enum json_tokener_error  parse_error)
{
  if (kind == LINE_NOT_OBJECT)
    {
      if (parse_error != json_tokener_success)
        /* Translators: the last %s is JSON-C's (English) description of the parse error. */
        g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s, line %u: not a JSON object: %s"),
                     path, line_number, json_tokener_error_desc (parse_error));
      else
        g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s, line %u: not a JSON object"),
                     path, line_number);
    }
  else
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                 _("%s, line %u: not an annotation record (it has no task_id); "
                 "export one with rubric-cli export --format records"), path, line_number);
}

static void
batch_free (Batch          *batch,
            GDestroyNotify  item_free)
{
  for (guint i = 0; item_free != NULL && i < batch->items->len; i++)
    {
      if (batch->items->pdata[i] != NULL)
        item_free (batch->items->pdata[i]);
    }
  g_ptr_array_unref (batch->items);
  g_free (batch->text);
  g_free (batch);
}

/* In a worker: every line of @data up to the first that is not a record. */
static void
parse_batch (gpointer data,
             gpointer user_data)
{
  Batch *batch = data;
  Workers *workers = user_data;
  json_tokener *tokener = json_tokener_new ();
  char *end = batch->text + batch->len;

  batch->problem = LINE_RECORD;
  for (char *line = batch->text; line < end;)
    {
      char *newline = memchr (line, '\n', (gsize) (end - line));
      char *next = newline != NULL ? newline + 1 : end;
      json_object *record = NULL;
      const char *task_id = NULL;
      LineKind kind;

      if (newline != NULL)
        *newline = '\0';
      batch->n_lines++;
      kind = parse_line (tokener, line, &record, &task_id, &batch->parse_error);
      if (kind == LINE_RECORD)
        {
          gpointer item = workers->extract (record, task_id, is_submitted (record), workers->user_data);

          if (item != NULL)
            g_ptr_array_add (batch->items, item);
          json_object_put (record);
        }
      else if (kind != LINE_SKIP)
        {
          batch->problem = kind;
          break;
        }
      line = next;
    }
  json_tokener_free (tokener);
  g_clear_pointer (&batch->text, g_free);
  g_async_queue_push (workers->done, batch);
}

static const char *
last_newline (const char *text,
              gsize       len)
{
  for (const char *p = text + len; p > text; p--)
    {
      if (p[-1] == '\n')
        return p - 1;
    }
  return NULL;
}

/* The next batch of whole lines, about batch_size bytes or one long
 * line; %NULL at the end of the file or after a read error (the whole
 * lines read before it are still handed out, as the serial loop does). */
static Batch *
source_next (Source *source)
{
  gsize size = MAX (source->batch_size, source->carry_len * 2);
  const char *newline = NULL;
  gsize len = source->carry_len;
  Batch *batch;
  char *text;

  if (source->eof || source->error != NULL)
    return NULL;
  text = g_malloc (size + 1);
  if (source->carry_len > 0)
    memcpy (text, source->carry, source->carry_len);
  g_clear_pointer (&source->carry, g_free);
  source->carry_len = 0;
  for (;;)
    {
      gssize n;

      if (len == size)
        {
          if ((newline = last_newline (text, len)) != NULL)
            break;
          size *= 2;
          text = g_realloc (text, size + 1);
        }
      if ((n = g_input_stream_read (source->stream, text + len, size - len, NULL, &source->error)) <= 0)
        {
          source->eof = n == 0;
          break;
        }
      len += (gsize) n;
    }
  if (!source->eof)
    {
      gsize cut;

      if (newline == NULL)
        newline = last_newline (text, len);
      cut = newline != NULL ? (gsize) (newline - text) + 1 : 0;
      if (source->error == NULL)
        {
          source->carry_len = len - cut;
          source->carry = g_memdup2 (text + cut, source->carry_len);
        }
      len = cut;
    }
  if (len == 0)
    {
      g_free (text);
      return NULL;
    }
  text[len] = '\0';
  batch = g_new0 (Batch, 1);
  batch->text = text;
  batch->len = len;
  batch->items = g_ptr_array_new ();
  return batch;
}

/* The batch @index, from the done queue; batches done ahead wait in
 * @slots (@n_slots is more than the batches in flight). */
static Batch *
wait_batch (Workers *workers,
            Batch  **slots,
            guint    n_slots,
            guint    index)
{
  Batch *batch;

  while (slots[index % n_slots] == NULL)
    {
      batch = g_async_queue_pop (workers->done);
      slots[batch->index % n_slots] = batch;
    }
  batch = slots[index % n_slots];
  slots[index % n_slots] = NULL;
  return batch;
}

gboolean
_rubric_records_foreach_parallel_full (const char              *path,
                                       guint                    n_workers,
                                       gsize                    batch_size,
                                       RubricRecordExtractFunc  extract,
                                       RubricRecordConsumeFunc  consume,
                                       GDestroyNotify           item_free,
                                       gpointer                 user_data,
                                       GError                 **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree Batch **slots = NULL;
  Workers workers = { extract, user_data, NULL };
  Source source = { 0 };
  GThreadPool *pool;
  guint n_slots, n_read = 0, line_base = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (extract != NULL && consume != NULL, FALSE);

  if (!(stream = open_records (path, error)))
    return FALSE;
  if (n_workers == 0)
    n_workers = CLAMP (g_get_num_processors (), 1, MAX_WORKERS);
  n_slots = 2 * n_workers + 1;
  slots = g_new0 (Batch *, n_slots);
  source.stream = stream;
  source.batch_size = batch_size > 0 ? batch_size : BATCH_SIZE;
  workers.done = g_async_queue_new ();
  pool = g_thread_pool_new (parse_batch, &workers, (int) n_workers, FALSE, NULL);
  for (guint next = 0;; next++)
    {
      Batch *batch;

      /* Keep the workers busy, with at most n_slots − 1 batches ahead. */
      while (ok && n_read < next + n_slots - 1 && (batch = source_next (&source)) != NULL)
        {
          batch->index = n_read++;
          g_thread_pool_push (pool, batch, NULL);
        }
      if (next == n_read)
        break;
      batch = wait_batch (&workers, slots, n_slots, next);
      for (guint i = 0; ok && i < batch->items->len; i++)
        consume (g_steal_pointer (&batch->items->pdata[i]), user_data);
      if (ok && batch->problem != LINE_RECORD)
        {
          set_line_error (error, path, line_base + batch->n_lines, batch->problem, batch->parse_error);
          ok = FALSE;
        }
      line_base += batch->n_lines;
      batch_free (batch, item_free);
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_async_queue_unref (workers.done);
  g_free (source.carry);
  if (ok && source.error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&source.error), "%s: ", path);
      ok = FALSE;
    }
  g_clear_error (&source.error);
  return ok;
}

/**
 * rubric_records_foreach_parallel:
 * @path: a records export
 * @extract: called in worker threads for each record
 * @consume: called for each extracted item, in file order
 * @item_free: (nullable): frees the items not consumed after an error
 * @user_data: for both; @extract only reads it
 *
 * Reads @path as rubric_records_foreach does, with the parsing and
 * @extract spread over threads. @consume sees the items of the records
 * in file order, and the items of every record before a line that is not
 * one, then the error names the file and line as the serial loop does.
 *
 * Returns: %TRUE when every line was read
 */
gboolean
rubric_records_foreach_parallel (const char              *path,
                                 RubricRecordExtractFunc  extract,
                                 RubricRecordConsumeFunc  consume,
                                 GDestroyNotify           item_free,
                                 gpointer                 user_data,
                                 GError                 **error)
{
  return _rubric_records_foreach_parallel_full (path, 0, 0, extract, consume, item_free, user_data, error);
}

/**
 * rubric_records_is_repeat:
 * @record: (nullable): a record
 *
 * Whether @record is a repeat: its task (task_id) shown to the same
 * person a second time with the sides swapped, to measure position
 * bias ("repeat": true, a set's repeat_swapped). It is no second vote:
 * agreement, merging and grading pass it over, bias pairs it with the
 * first showing.
 */
gboolean
rubric_records_is_repeat (json_object *record)
{
  json_object *repeat = rubric_json_get_typed (record, "repeat", json_type_boolean);

  return repeat != NULL && json_object_get_boolean (repeat);
}

gboolean
rubric_records_foreach (const char        *path,
                        RubricRecordFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  json_tokener *tokener;
  guint line_number = 0;
  gboolean ok = TRUE;

  if (!(stream = open_records (path, error)))
    return FALSE;
  tokener = json_tokener_new ();
  lines = g_data_input_stream_new (stream);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 1 << 16);
  for (;;)
    {
      gsize len = 0;
      g_autofree char *line = g_data_input_stream_read_line (lines, &len, NULL, &local_error);
      g_autoptr(json_object) record = NULL;
      enum json_tokener_error parse_error;
      const char *task_id;
      LineKind kind;

      if (line == NULL)
        break;
      line_number++;
      kind = parse_line (tokener, line, &record, &task_id, &parse_error);
      if (kind == LINE_SKIP)
        continue;
      if (kind != LINE_RECORD)
        {
          set_line_error (error, path, line_number, kind, parse_error);
          ok = FALSE;
          break;
        }
      func (record, task_id, is_submitted (record), user_data);
    }
  json_tokener_free (tokener);
  if (ok && local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      ok = FALSE;
    }
  return ok;
}

RubricRecordChoice
rubric_records_parse_choice (const char *choice)
{
  static const char *names[] = { "A", "B", "tie", "both-bad" };

  for (guint i = 0; choice != NULL && i < G_N_ELEMENTS (names); i++)
    {
      if (strcmp (choice, names[i]) == 0)
        return (RubricRecordChoice) i;
    }
  return RUBRIC_RECORD_CHOICE_NONE;
}
