/* rubric-conversion.c
 *
 * rubric-cli convert: a file is read like an import (any format the
 * readers know, converted a record at a time) and each task is written
 * at once, with its gold (the dataset's own label) standing in for an
 * annotation. Memory stays flat in the size of the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-conversion"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>

#include "formats/rubric-writer-private.h"
#include "rubric-atomic-file.h"
#include "rubric-conversion.h"
#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-records.h"
#include "rubric-set-config.h"
#include "rubric-task-reader.h"

#define FLUSH_SIZE (1024 * 1024)

/* Where the output goes: a file replaced only when all went well, or
 * standard output as it comes. */
typedef struct
{
  RubricAtomicFile *file;
  gboolean          to_stdout;
} Sink;

static gboolean
sink_write (Sink        *sink,
            GString     *out,
            gsize        threshold,
            GError     **error)
{
  if (out->len < threshold)
    return TRUE;
  if (sink->to_stdout)
    {
      if (fwrite (out->str, 1, out->len, stdout) != out->len)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot write to standard output: %s"), g_strerror (saved));
          return FALSE;
        }
    }
  else if (!rubric_atomic_file_write (sink->file, out->str, out->len, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

static int
int_of (json_object *object,
        const char  *key)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value))
    return 0;
  if (json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double))
    return (int) (json_object_get_double (value) + (json_object_get_double (value) < 0 ? -0.5 : 0.5));
  return 0;
}

static void
set_scores (RubricAnnotation *annotation,
            RubricTask       *task,
            const char       *response,
            json_object      *scores)
{
  json_object_object_foreach (scores, criterion, value)
    {
      if (json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double))
        rubric_annotation_set_score (annotation, response, criterion,
                                     (int) (json_object_get_double (value) + 0.5));
    }
}

static void
set_strings (RubricAnnotation *annotation,
             json_object      *array,
             void            (*set) (RubricAnnotation *, const char * const *, guint))
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (gsize i = 0; array != NULL && i < json_object_array_length (array); i++)
    g_ptr_array_add (ids, (gpointer) json_object_get_string (json_object_array_get_idx (array, i)));
  set (annotation, (const char * const *) ids->pdata, ids->len);
}

/* The gold of a task, as the annotation the writers know. */
static RubricAnnotation *
annotation_of_gold (RubricTask  *task,
                    json_object *gold)
{
  RubricAnnotation *annotation = rubric_annotation_new (0, 0, "gold");
  json_object *scores = rubric_json_get_typed (gold, "scores", json_type_object);

  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  rubric_annotation_set_text (&annotation->choice, rubric_json_get_string (gold, "choice"));
  annotation->strength = int_of (gold, "strength");
  rubric_annotation_set_text (&annotation->verdict, rubric_json_get_string (gold, "verdict"));
  rubric_annotation_set_text (&annotation->answer, rubric_json_get_string (gold, "answer"));
  if (rubric_json_get_typed (gold, "ranking", json_type_array) != NULL)
    set_strings (annotation, rubric_json_get_typed (gold, "ranking", json_type_array), rubric_annotation_set_ranking);
  if (rubric_json_get_typed (gold, "ties", json_type_array) != NULL)
    set_strings (annotation, rubric_json_get_typed (gold, "ties", json_type_array), rubric_annotation_set_ties);

  /* A records line's author or red-team work, or a merge's. */
  if (rubric_task_kind_has_brief (task->kind))
    rubric_annotation_read_written (annotation, gold);
  if (scores != NULL && task->kind == RUBRIC_TASK_KIND_REVIEW && rubric_task_get_n_responses (task) == 1)
    set_scores (annotation, task, rubric_json_get_string (rubric_task_get_response (task, 0), "id"), scores);
  else if (scores != NULL)
    {
      json_object_object_foreach (scores, name, per_response)
        {
          const char *id = rubric_task_find_response (task, name);

          if (id != NULL && json_object_is_type (per_response, json_type_object))
            set_scores (annotation, task, id, per_response);
        }
    }
  return annotation;
}

/* A task read from a records export goes back as the record it was:
 * its own gold (if any) in place, the judgement beside it. */
static gboolean
write_record_as_read (GString     *out,
                      json_object *task,
                      json_object *gold)
{
  json_object *kept = rubric_json_get_typed (gold, "record", json_type_object);
  json_object *reference = NULL;
  g_autoptr(json_object) restored = NULL;
  g_autoptr(json_object) record = NULL;

  if (kept == NULL || g_strcmp0 (rubric_json_get_string (rubric_json_get_typed (gold, "source", json_type_object), "format"),
                                 "records") != 0 ||
      json_object_deep_copy (task, &restored, NULL) != 0)
    return FALSE;
  if (json_object_object_get_ex (gold, "reference", &reference))
    json_object_object_add (restored, "gold", json_object_get (reference));
  else
    json_object_object_del (restored, "gold");
  record = json_object_new_object ();
  json_object_object_foreach (kept, key, value)
    json_object_object_add (record, key, g_str_equal (key, "task") ? json_object_get (restored) : json_object_get (value));
  rubric_json_append_value (out, record);
  g_string_append_c (out, '\n');
  return TRUE;
}

/**
 * rubric_conversion_write_task:
 * @writer: the export format
 * @record: a task, its gold standing in for the annotation
 *
 * Appends to @out what @writer makes of one task and its gold: the
 * step rubric_convert_file() takes for each task, for callers that
 * make their tasks themselves (rubric-cli merge).
 *
 * Returns: the number of lines appended
 */
guint
rubric_conversion_write_task (const RubricExportWriter   *writer,
                              GString                    *out,
                              const RubricTaskRecord     *record,
                              json_object                *header,
                              const RubricSetConfig      *config,
                              const RubricConvertOptions *options)
{
  g_autoptr(RubricTask) task = rubric_task_new (record->object);
  json_object *gold = rubric_json_get_typed (record->object, "gold", json_type_object);
  RubricExportOptions export_options = { 0, NULL, options->margin, options->ties };
  RubricExportRow row = { 0 };
  const char *answer;
  const char *justification;
  guint n;

  row.raw = record->text;
  row.raw_len = (int) record->len;
  row.task = task;
  row.ext_id = rubric_task_get_id (task);
  row.repeat = rubric_records_is_repeat (rubric_json_get_typed (gold, "record", json_type_object));
  row.set_name = rubric_json_get_string (header, "name");
  row.header = header;
  row.config = config;
  row.annotator = options->annotator != NULL ? options->annotator : "gold";
  row.state = gold != NULL ? "submitted" : "skipped";
  if (gold == NULL && writer->needs != RUBRIC_EXPORT_KIND_RECORDS)
    return 0;
  if (writer->needs == RUBRIC_EXPORT_KIND_RECORDS && write_record_as_read (out, record->object, gold))
    return 1;

  /* Pairs of a comparison and written answers need only the choice
   * and the answer; rankings, scores, records and what an author or
   * red-teamer wrote the whole judgement. */
  if (writer->needs == RUBRIC_EXPORT_KIND_RECORDS || writer->needs == RUBRIC_EXPORT_KIND_SCORES ||
      task->kind == RUBRIC_TASK_KIND_RANK || rubric_task_kind_has_brief (task->kind))
    {
      row.annotation = annotation_of_gold (task, gold);
      row.choice = row.annotation->choice;
      row.strength = row.annotation->strength;
    }
  else
    {
      row.choice = rubric_json_get_string (gold, "choice");
      row.strength = int_of (gold, "strength");
    }
  justification = rubric_json_get_string (gold, "justification");
  if (justification == NULL)
    justification = "";
  row.justification = justification;
  row.justification_len = strlen (justification);
  answer = rubric_json_get_string (gold, "answer");
  if (answer == NULL)
    answer = "";
  row.answer = answer;
  row.answer_len = strlen (answer);
  /* A dataset that gave a margin gets it back. */
  if (json_object_object_get_ex (gold, "margin", NULL))
    export_options.margin = TRUE;

  n = _rubric_export_write_row (writer, out, &row, &export_options);
  g_clear_pointer (&row.annotation, rubric_annotation_unref);
  return n;
}

static GInputStream *
open_input (const char  *input,
            GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (input, "-") == 0)
    return g_unix_input_stream_new (0, FALSE);
  file = g_file_new_for_path (input);
  return G_INPUT_STREAM (g_file_read (file, NULL, error));
}

/**
 * rubric_convert_file:
 * @input: a file, or "-" for standard input
 * @output: a file, or "-" for standard output
 * @n_written: (out) (optional): how many lines were written
 * @result: (out) (optional): the tasks read and the problems met
 *
 * Converts @input to @options->to. Like an import, a file with
 * problems writes nothing unless @options->skip_invalid; the output
 * file is replaced only when everything went well. Standard output
 * gets lines as they are made.
 */
gboolean
rubric_convert_file (const char                  *input,
                     const RubricReadOptions     *read_options,
                     const RubricConvertOptions  *options,
                     const char                  *output,
                     GCancellable                *cancellable,
                     guint                       *n_written,
                     RubricImportResult         **result,
                     GError                     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(RubricTaskReader) reader = NULL;
  g_autoptr(RubricSetConfig) config = NULL;
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 65536);
  g_autoptr(GError) local_error = NULL;
  const RubricExportWriter *writer = NULL;
  gboolean tasks_out = g_strcmp0 (options->to, RUBRIC_CONVERT_TASKS) == 0;
  gboolean header_written = FALSE;
  const RubricTaskRecord *record;
  RubricImportResult *res;
  Sink sink = { NULL, g_strcmp0 (output, "-") == 0 };
  guint n = 0;

  if (!tasks_out && (writer = rubric_export_writer_lookup (options->to)) == NULL)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED, _("“%s” is not a format Rubric writes"), options->to);
      return FALSE;
    }
  if (!(stream = open_input (input, error)))
    return FALSE;
  reader = rubric_task_reader_new (stream, g_strcmp0 (input, "-") == 0 ? "stdin" : input);
  rubric_task_reader_set_options (reader, read_options);
  /* Only the task file and records carry a task's text. */
  if (!tasks_out && writer->needs != RUBRIC_EXPORT_KIND_RECORDS)
    rubric_task_reader_set_lean (reader);
  if (!sink.to_stdout && !(sink.file = rubric_atomic_file_new (output, error)))
    return FALSE;

  while ((record = rubric_task_reader_next (reader, cancellable, &local_error)) != NULL)
    {
      json_object *header = rubric_task_reader_get_header (reader);

      if (config == NULL)
        config = rubric_set_config_new (header);
      if (tasks_out)
        {
          /* The header is whole once the first task is read, but for a
           * task file in one object whose header keys follow its tasks. */
          if (!header_written && header != NULL)
            {
              rubric_json_append_value (out, header);
              g_string_append_c (out, '\n');
            }
          header_written = TRUE;
          g_string_append_len (out, record->text, record->len);
          g_string_append_c (out, '\n');
          n++;
        }
      else
        n += rubric_conversion_write_task (writer, out, record, header, config, options);
      if (!sink_write (&sink, out, FLUSH_SIZE, &local_error))
        break;
    }

  res = rubric_import_result_new (input);
  rubric_import_result_collect (res, reader);
  if (local_error == NULL && res->n_problems > 0 && !options->skip_invalid)
    g_set_error (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, ngettext ("%s: %u problem; nothing was written",
                           "%s: %u problems; nothing was written", res->n_problems),
                 input, res->n_problems);
  else if (local_error == NULL && res->n_tasks == 0)
    g_set_error (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: no valid tasks; nothing was written"), input);
  if (result != NULL)
    *result = res;
  else
    rubric_import_result_free (res);
  if (local_error == NULL && tasks_out && !header_written)
    {
      rubric_json_append_value (out, rubric_task_reader_get_header (reader));
      g_string_append_c (out, '\n');
    }
  if (local_error == NULL && sink_write (&sink, out, 0, &local_error) &&
      (sink.to_stdout ? fflush (stdout) == 0 : rubric_atomic_file_commit (sink.file, &local_error)))
    {
      if (n_written != NULL)
        *n_written = n;
      g_clear_pointer (&sink.file, rubric_atomic_file_free);
      return TRUE;
    }
  g_clear_pointer (&sink.file, rubric_atomic_file_free);
  if (local_error == NULL)
    g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot write to standard output"));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
