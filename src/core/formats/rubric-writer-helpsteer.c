/* rubric-writer-helpsteer.c — HelpSteer ratings
 *
 * One line per response that has every criterion scored: prompt,
 * response, and the scores as integers named by criterion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

static gboolean
is_scored (const RubricExportRow *row,
           const char            *response_id)
{
  for (guint c = 0; c < row->config->criteria->len; c++)
    {
      RubricCriterion *criterion = g_ptr_array_index (row->config->criteria, c);

      if (rubric_annotation_get_score (row->annotation, response_id, criterion->id) == RUBRIC_SCORE_NONE)
        return FALSE;
    }
  return TRUE;
}

static void
append_rating (GString               *out,
               const RubricExportRow *row,
               json_object           *response)
{
  const char *id = rubric_json_get_string (response, "id");
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "prompt");
  rubric_json_append_value (out, json_object_object_get (row->task->object, "prompt"));
  rubric_json_append_key (out, &first, "response");
  rubric_json_append_value (out, json_object_object_get (response, "content"));
  for (guint c = 0; c < row->config->criteria->len; c++)
    {
      RubricCriterion *criterion = g_ptr_array_index (row->config->criteria, c);

      rubric_json_append_key (out, &first, criterion->id);
      g_string_append_printf (out, "%d", rubric_annotation_get_score (row->annotation, id, criterion->id));
    }
  g_string_append (out, "}\n");
}

guint
_rubric_write_helpsteer (GString                   *out,
                         const RubricExportRow     *row,
                         const RubricExportOptions *options)
{
  guint n_written = 0;

  if (row->config->criteria->len == 0)
    return 0;
  for (guint r = 0; r < rubric_task_get_n_responses (row->task); r++)
    {
      json_object *response = rubric_task_get_response (row->task, r);

      if (!is_scored (row, rubric_json_get_string (response, "id")))
        continue;
      append_rating (out, row, response);
      n_written++;
    }
  return n_written;
}
