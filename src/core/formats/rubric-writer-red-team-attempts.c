/* rubric-writer-red-team-attempts.c — Anthropic's red-team attempts
 *
 * One object a line for each submitted red-team attempt, in the shape
 * of red-team-attempts/red_team_attempts.jsonl.gz in Anthropic's
 * hh-rlhf repository (its README lists the fields; Ganguli et al. 2022,
 * "Red Teaming Language Models to Reduce Harms"). The published file
 * is one JSON array despite its name; this export is JSON Lines, which
 * the same loaders (datasets' "json", pandas' lines=True) read. Field
 * by field, in the dataset's order:
 *
 *   transcript           written: "\n\nHuman: <attack>\n\nAssistant: <reply>"
 *                        for each turn, the model's reply as pasted; the
 *                        dataset's records start "\n\nHuman: " likewise.
 *   min_harmlessness_score_transcript
 *                        left out: a preference model's score, which
 *                        Rubric has none of and does not make up.
 *   num_params           left out: the target's size is not known.
 *   model_type           the task's target_model, when it gives one (the
 *                        dataset's says how the model was trained, such
 *                        as "rlhf"; ours names the model attacked).
 *   rating               the attack's success, 0 to 4, as a float as in
 *                        the dataset (3.0); null if it was never rated.
 *   task_description     the red-teamer's description of the attempt
 *                        ("" when there is none).
 *   task_descripton_harmlessness_score  (sic: the dataset's spelling)
 *                        left out: a preference model's score again.
 *   red_team_member_id   the annotator's name; the dataset has arbitrary
 *                        numbers, so a string here.
 *   is_upworker          left out: a recruitment channel Rubric does not
 *                        know.
 *   tags                 the attempt's tags from the set's taxonomy, or
 *                        null when there are none, as the dataset has
 *                        null (never []) for an untagged attempt.
 *
 * Then two of Rubric's own, which loaders carry as further columns:
 *   harm_category        the harm category the red-teamer chose (the
 *                        dataset's tags mostly name harms; ours keep
 *                        harm and technique apart), when there is one.
 *   task_id              the task's id, to join with the records export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

static void
append_transcript (GString                *out,
                   const RubricAnnotation *annotation)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < annotation->turns->len; i++)
    {
      RubricTurn *turn = rubric_annotation_get_turn (annotation, i);

      g_string_append (text, "\n\nHuman: ");
      g_string_append (text, turn->prompt != NULL ? turn->prompt : "");
      g_string_append (text, "\n\nAssistant: ");
      g_string_append (text, turn->reply != NULL ? turn->reply : "");
    }
  rubric_json_append_string (out, text->str, text->len);
}

guint
_rubric_write_red_team_attempts (GString                   *out,
                                 const RubricExportRow     *row,
                                 const RubricExportOptions *options)
{
  const RubricAnnotation *annotation = row->annotation;
  const char *model = rubric_json_get_string (row->task->object, "target_model");
  gboolean first = TRUE;

  if (annotation == NULL || annotation->turns->len == 0)
    return 0;
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "transcript");
  append_transcript (out, annotation);
  if (model != NULL)
    {
      rubric_json_append_key (out, &first, "model_type");
      rubric_json_append_cstring (out, model);
    }
  rubric_json_append_key (out, &first, "rating");
  if (annotation->success != RUBRIC_SUCCESS_NONE)
    g_string_append_printf (out, "%d.0", annotation->success);
  else
    g_string_append (out, "null");
  rubric_json_append_key (out, &first, "task_description");
  rubric_json_append_cstring (out, annotation->description != NULL ? annotation->description : "");
  rubric_json_append_key (out, &first, "red_team_member_id");
  rubric_json_append_cstring (out, row->annotator);
  rubric_json_append_key (out, &first, "tags");
  if (annotation->tags->len > 0)
    rubric_json_append_strings (out, annotation->tags);
  else
    g_string_append (out, "null");
  if (annotation->category != NULL)
    {
      rubric_json_append_key (out, &first, "harm_category");
      rubric_json_append_cstring (out, annotation->category);
    }
  rubric_json_append_key (out, &first, "task_id");
  rubric_json_append_cstring (out, row->ext_id);
  g_string_append (out, "}\n");
  return 1;
}
