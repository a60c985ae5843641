/* rubric-reader-records.c — Rubric's own records export read back
 *
 * Each record carries its task whole ("task") and one annotator's
 * judgement beside it. The task comes back as it was; the judgement
 * becomes its gold, with the annotator, and the whole record is kept
 * in gold.record (its task left out, as null, where it stood), so that
 * writing records again gives back what was read. A gold the task had
 * before (a reference answer) is kept as gold.reference.
 *
 * Author and red-team work comes back the same way: the turns, system
 * message, success, category, tags, description and safe reply in the
 * gold; an authored first prompt is also the gold's "prompt" (an author
 * task's example prompt), and a red-team category is its "category".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-reader-private.h"

const char *
_rubric_detect_records (json_object *record)
{
  if (rubric_json_get_typed (record, "task", json_type_object) != NULL && _rubric_reader_has (record, "task_id"))
    return "Rubric annotation records";
  return NULL;
}

/* Judgement keys of a record that mean the same in a gold. */
static const char *judgement_keys[] = {
  "choice", "strength", "scores", "flags", "ranking", "ties", "spans", "verdict", "answer", "justification",
  "system", "turns", "success", "category", "tags", "description", "safe_reply",
};

/* An authored prompt is what an author task's gold calls its example. */
static void
add_authored_prompt (json_object *gold,
                     json_object *task,
                     json_object *record)
{
  json_object *turns = rubric_json_get_typed (record, "turns", json_type_array);
  const char *prompt;

  if (g_strcmp0 (rubric_json_get_string (task, "kind"), "author") != 0 || turns == NULL ||
      json_object_array_length (turns) == 0)
    return;
  prompt = rubric_json_get_string (json_object_array_get_idx (turns, 0), "prompt");
  if (prompt != NULL)
    json_object_object_add (gold, "prompt", json_object_new_string (prompt));
}

gboolean
_rubric_convert_records (RubricConvert *conv,
                         json_object   *record)
{
  json_object *embedded = rubric_json_get_typed (record, "task", json_type_object);
  const char *task_id = rubric_json_get_string (record, "task_id");
  json_object *reference = NULL;
  json_object *task = NULL;
  json_object *gold;
  json_object *kept;

  if (embedded == NULL)
    return _rubric_convert_fail (conv, "task", _("missing: a record carries its task"));
  if (task_id == NULL || g_strcmp0 (task_id, rubric_json_get_string (embedded, "id")) != 0)
    return _rubric_convert_fail (conv, "task_id", _("must be the id of the task it carries (“%s”)"),
                                 rubric_json_get_string (embedded, "id") ? rubric_json_get_string (embedded, "id") : "");
  if (json_object_deep_copy (embedded, &task, NULL) != 0)
    return _rubric_convert_fail (conv, "task", _("cannot be copied"));

  if (json_object_object_get_ex (task, "gold", &reference))
    json_object_get (reference);
  /* In the place of the task's own gold, if it had one. */
  gold = json_object_new_object ();
  json_object_object_add (task, "gold", gold);
  json_object_object_add (gold, "source", _rubric_convert_source (conv));

  json_object_object_add (gold, "annotator", json_object_get (json_object_object_get (record, "annotator")));
  for (guint i = 0; i < G_N_ELEMENTS (judgement_keys); i++)
    {
      json_object *value = NULL;

      if (json_object_object_get_ex (record, judgement_keys[i], &value) && value != NULL)
        json_object_object_add (gold, judgement_keys[i], json_object_get (value));
    }
  add_authored_prompt (gold, task, record);
  if (reference != NULL)
    json_object_object_add (gold, "reference", reference);

  /* The record as it was, but for its task. */
  kept = json_object_new_object ();
  json_object_object_foreach (record, key, value)
    json_object_object_add (kept, key, g_str_equal (key, "task") ? NULL : json_object_get (value));
  json_object_object_add (gold, "record", kept);

  _rubric_convert_emit (conv, task);
  return TRUE;
}
