/* rubric-writer-records.c — everything Rubric knows about each annotation
 *
 * One JSON object a line, described by docs/records.schema.json: keep
 * the two in step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "../rubric-diff.h"
#include <math.h>

#include "../rubric-grade.h"
#include "rubric-writer-private.h"

static void
append_time (GString    *out,
             const char *key,
             gint64      ms,
             gboolean   *first)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  rubric_json_append_key (out, first, key);
  if (ms == 0 || !(dt = g_date_time_new_from_unix_utc (ms / 1000)))
    {
      g_string_append (out, "null");
      return;
    }
  text = g_date_time_format_iso8601 (dt);
  rubric_json_append_cstring (out, text);
}

static void
append_rubric_ref (GString     *out,
                   json_object *header)
{
  json_object *rubric = rubric_json_get_typed (header, "rubric", json_type_object);
  json_object *version = NULL;
  gboolean first = TRUE;

  if (rubric == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "id");
  rubric_json_append_cstring (out, rubric_json_get_string (rubric, "id"));
  rubric_json_append_key (out, &first, "version");
  if (json_object_object_get_ex (rubric, "version", &version))
    rubric_json_append_value (out, version);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

static const char *
chosen_response_id (json_object *task,
                    const char  *choice)
{
  json_object *responses = rubric_json_get_typed (task, "responses", json_type_array);
  int index;

  if (responses == NULL || choice == NULL || (strcmp (choice, "A") != 0 && strcmp (choice, "B") != 0))
    return NULL;
  index = choice[0] - 'A';
  if ((gsize) index >= json_object_array_length (responses))
    return NULL;
  return rubric_json_get_string (json_object_array_get_idx (responses, index), "id");
}

static void
append_answer (GString               *out,
               const RubricExportRow *row,
               json_object           *task,
               gboolean              *first)
{
  const char *draft = rubric_json_get_string (task, "draft");

  rubric_json_append_key (out, first, "answer");
  rubric_json_append_string (out, row->answer, row->answer_len);
  rubric_json_append_key (out, first, "draft_edit_distance_words");
  if (draft != NULL)
    {
      g_autoptr(RubricDiff) diff = rubric_diff_words (draft, row->answer);
      g_string_append_printf (out, "%u", diff->n_removed + diff->n_added);
    }
  else
    g_string_append (out, "null");
}

/* Submitted work on a task with gold carries how it compares: leads see
 * the silent checks of an ordinary set, and practice and exams. */
static void
append_gold_check (GString               *out,
                   const RubricExportRow *row,
                   gboolean              *first)
{
  g_autoptr(RubricFeedback) feedback = NULL;
  g_autoptr(RubricAnnotation) work = NULL;
  char score[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean inner = TRUE;

  if (row->task == NULL || row->config == NULL || g_strcmp0 (row->state, "submitted") != 0 ||
      !rubric_task_has_gold (row->task))
    return;
  /* The choice, strength and answer live in the store's columns. */
  work = rubric_annotation_copy (row->annotation);
  work->state = RUBRIC_ANNOTATION_SUBMITTED;
  rubric_annotation_set_text (&work->choice, row->choice);
  work->strength = row->strength;
  g_clear_pointer (&work->answer, g_free);
  if (row->answer != NULL)
    work->answer = g_strndup (row->answer, row->answer_len);
  if ((feedback = rubric_feedback_new (row->task, row->config, work)) == NULL)
    return;
  rubric_json_append_key (out, first, "gold_check");
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &inner, "correct");
  g_string_append (out, feedback->correct ? "true" : "false");
  rubric_json_append_key (out, &inner, "score");
  g_string_append (out, g_ascii_formatd (score, sizeof score, "%.4g",
                                         isnan (feedback->score) ? 0.0 : CLAMP (feedback->score, 0.0, 1.0)));
  g_string_append_c (out, '}');
}

/* The task goes in verbatim, so keys Rubric does not know pass through. */
guint
_rubric_write_records (GString                   *out,
                       const RubricExportRow     *row,
                       const RubricExportOptions *options)
{
  json_object *task = row->task != NULL ? row->task->object : NULL;
  gboolean first = TRUE;
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "task_id");
  rubric_json_append_cstring (out, row->ext_id);
  rubric_json_append_key (out, &first, "task_set");
  rubric_json_append_cstring (out, row->set_name);
  rubric_json_append_key (out, &first, "kind");
  rubric_json_append_cstring (out, rubric_json_get_string (task, "kind"));
  rubric_json_append_key (out, &first, "annotator");
  rubric_json_append_cstring (out, row->annotator);
  rubric_json_append_key (out, &first, "state");
  rubric_json_append_cstring (out, row->state);
  rubric_json_append_key (out, &first, "rubric");
  append_rubric_ref (out, row->header);
  rubric_json_append_key (out, &first, "choice");
  rubric_json_append_cstring (out, row->choice);
  rubric_json_append_key (out, &first, "chosen_response");
  rubric_json_append_cstring (out, chosen_response_id (task, row->choice));
  rubric_json_append_key (out, &first, "strength");
  if (row->strength > 0)
    g_string_append_printf (out, "%d", row->strength);
  else
    g_string_append (out, "null");
  rubric_json_append_key (out, &first, "justification");
  rubric_json_append_string (out, row->justification, row->justification_len);
  rubric_json_append_key (out, &first, "swapped");
  g_string_append (out, row->swapped ? "true" : "false");
  rubric_json_append_key (out, &first, "repeat");
  g_string_append (out, row->repeat ? "true" : "false");
  if (g_strcmp0 (rubric_json_get_string (task, "kind"), "write") == 0)
    append_answer (out, row, task, &first);

  rubric_annotation_append_fields (row->annotation, out, &first);
  append_time (out, "created_at", row->created_at, &first);
  append_time (out, "updated_at", row->updated_at, &first);
  append_time (out, "submitted_at", row->submitted_at, &first);
  rubric_json_append_key (out, &first, "active_seconds");
  /* JSON's decimal point, whatever the locale's. */
  g_string_append (out, g_ascii_formatd (seconds, sizeof seconds, "%.1f", row->active_ms / 1000.0));
  append_gold_check (out, row, &first);
  rubric_json_append_key (out, &first, "task");
  g_string_append_len (out, row->raw, row->raw_len);
  rubric_annotation_append_extra (row->annotation, out, &first);
  g_string_append (out, "}\n");
  return 1;
}
