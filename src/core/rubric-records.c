/* rubric-records.c
 *
 * The one loop over a records export that agreement, bias and grading
 * share: a line at a time, each a JSON object with a task_id, handed on
 * with whether it was submitted. A line that is not a record stops it
 * with file and line. A lead's adjudication (rubric_records_is_adjudication)
 * is nobody's vote and is passed over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-records"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-records.h"

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

gboolean
rubric_records_foreach (const char        *path,
                        RubricRecordFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  json_tokener *tokener;
  guint line_number = 0;
  gboolean ok = TRUE;

  if (!(stream = g_file_read (gfile, NULL, error)))
    return FALSE;
  tokener = json_tokener_new ();
  lines = g_data_input_stream_new (G_INPUT_STREAM (stream));
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 1 << 16);
  for (;;)
    {
      gsize len = 0;
      g_autofree char *line = g_data_input_stream_read_line (lines, &len, NULL, &local_error);
      g_autoptr(json_object) record = NULL;
      enum json_tokener_error parse_error;
      const char *task_id;

      if (line == NULL)
        break;
      line_number++;
      g_strstrip (line);
      if (*line == '\0')
        continue;
      json_tokener_reset (tokener);
      record = json_tokener_parse_ex (tokener, line, (int) strlen (line));
      parse_error = json_tokener_get_error (tokener);
      if (!json_object_is_type (record, json_type_object) || parse_error != json_tokener_success)
        {
          g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, "%s, line %u: not a JSON object%s%s",
                       path, line_number, parse_error != json_tokener_success ? ": " : "",
                       parse_error != json_tokener_success ? json_tokener_error_desc (parse_error) : "");
          ok = FALSE;
          break;
        }
      if ((task_id = rubric_json_get_string (record, "task_id")) == NULL)
        {
          g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                       "%s, line %u: not an annotation record (it has no task_id); "
                       "export one with rubric-cli export --format records", path, line_number);
          ok = FALSE;
          break;
        }
      if (rubric_records_is_adjudication (record))
        continue;
      func (record, task_id, g_strcmp0 (rubric_json_get_string (record, "state"), "submitted") == 0, user_data);
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
