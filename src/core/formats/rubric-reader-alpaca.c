/* rubric-reader-alpaca.c — Alpaca instructions: instruction, input, output
 *
 * {"instruction": text, "input": text, "output": text}. The prompt is
 * the instruction, followed by a blank line ("\n\n") and the input when
 * the input is not empty (missing, null or "" is empty; an empty
 * instruction leaves the input alone). Each text is otherwise taken as
 * it is.
 *
 * - "output" text: a write task whose draft is the output — the
 *   instruction data's answer is where a writer starts, not a label to
 *   score against. With --kind review, a review task of the output.
 * - "output" a list of samples (AlpacaFarm's multi-sample SFT data):
 *   the first is the draft (or the reviewed response), all of them kept
 *   in meta.outputs.
 * - "output_1" and "output_2" (AlpacaFarm's pairs): a compare task of
 *   the two, in that order and without a gold choice — unless the
 *   record has "preference" 1 or 2 (AlpacaFarm's preference data),
 *   which is the gold choice.
 * - "chosen" and "rejected" texts (LLaMA-Factory's Alpaca-shaped
 *   preference data): a compare task whose gold choice is the chosen.
 * - "kto_tag" with "output" (LLaMA-Factory's KTO data in this shape): a
 *   review task of the output, gold.verdict "accept" or "reject".
 *
 * LLaMA-Factory's "system" (text) is the system message and "history"
 * ([[instruction, answer], ...]) the context before the prompt. Other
 * keys ("generator", "dataset", "datasplit", …) go to meta; an "id"
 * names the task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-chat.h"

const char *
_rubric_detect_alpaca (json_object *record)
{
  if (!_rubric_reader_has (record, "instruction"))
    return NULL;
  if (_rubric_reader_has (record, "output_1"))
    return "Alpaca instructions with pairs of outputs (instruction/input/output_1/output_2)";
  if (_rubric_reader_has (record, "chosen") && _rubric_reader_has (record, "rejected"))
    return "Alpaca-shaped preference data (instruction/input/chosen/rejected)";
  if (_rubric_reader_has (record, "output"))
    return "Alpaca instructions (instruction/input/output)";
  return NULL;
}

static const char * const alpaca_known[] = {
  "instruction", "input", "output", "output_1", "output_2", "preference", "chosen", "rejected", "kto_tag",
  "system", "history", NULL
};

/* The prompt: the instruction, then the input after a blank line. */
static json_object *
prompt_of (RubricConvert *conv,
           json_object   *record)
{
  json_object *instruction = _rubric_convert_text (conv, record, "instruction", NULL, TRUE);
  json_object *input = _rubric_reader_get (record, "input");
  g_autoptr(GString) prompt = NULL;

  if (instruction == NULL)
    return NULL;
  if (!json_object_is_type (input, json_type_string) && !json_object_is_type (input, json_type_null))
    {
      _rubric_convert_fail (conv, "input", _("must be text, not %s"), rubric_json_type_label (input, TRUE));
      return NULL;
    }
  if (!json_object_is_type (input, json_type_string) || json_object_get_string_len (input) == 0)
    return json_object_get (instruction);
  if (json_object_get_string_len (instruction) == 0)
    return json_object_get (input);
  prompt = g_string_new_len (json_object_get_string (instruction), json_object_get_string_len (instruction));
  g_string_append (prompt, "\n\n");
  g_string_append_len (prompt, json_object_get_string (input), json_object_get_string_len (input));
  return json_object_new_string_len (prompt->str, (int) prompt->len);
}

/* The system message, the history and the prompt, as messages. */
static json_object *
conversation_of (RubricConvert *conv,
                 json_object   *record)
{
  json_object *system = _rubric_reader_get (record, "system");
  json_object *history = _rubric_reader_get (record, "history");
  g_autoptr(json_object) messages = json_object_new_array ();
  json_object *prompt;

  if (json_object_is_type (system, json_type_string))
    json_object_array_add (messages, _rubric_convert_message_new ("system", json_object_get (system)));
  else if (!json_object_is_type (system, json_type_null))
    {
      _rubric_convert_fail (conv, "system", _("must be text, not %s"), rubric_json_type_label (system, TRUE));
      return NULL;
    }
  if (!json_object_is_type (history, json_type_array) && !json_object_is_type (history, json_type_null))
    {
      _rubric_convert_fail (conv, "history", _("must be a list of [instruction, answer] pairs, not %s"),
                            rubric_json_type_label (history, TRUE));
      return NULL;
    }
  for (gsize i = 0; history != NULL && i < json_object_array_length (history); i++)
    {
      json_object *pair = json_object_array_get_idx (history, i);
      json_object *question = json_object_array_get_idx (pair, 0);
      json_object *answer = json_object_array_get_idx (pair, 1);

      if (!json_object_is_type (pair, json_type_array) || json_object_array_length (pair) != 2 ||
          !json_object_is_type (question, json_type_string) || !json_object_is_type (answer, json_type_string))
        {
          g_autofree char *path = g_strdup_printf ("history[%zu]", i);

          _rubric_convert_fail (conv, path, _("must be a pair of texts, [instruction, answer]"));
          return NULL;
        }
      json_object_array_add (messages, _rubric_convert_message_new ("user", json_object_get (question)));
      json_object_array_add (messages, _rubric_convert_message_new ("assistant", json_object_get (answer)));
    }
  if ((prompt = prompt_of (conv, record)) == NULL)
    return NULL;
  json_object_array_add (messages, _rubric_convert_message_new ("user", prompt));
  return g_steal_pointer (&messages);
}

static json_object *
response_of (json_object *content)
{
  json_object *response = json_object_new_object ();

  json_object_object_add (response, "content", json_object_get (content));
  return response;
}

/* The two outputs of a pair: output_1 and output_2, or chosen and
 * rejected, with AlpacaFarm's preference if there is one. */
static gboolean
add_pair (RubricConvert *conv,
          json_object   *task,
          json_object   *record,
          const char    *first_key,
          const char    *second_key,
          gboolean       labelled)
{
  json_object *first = _rubric_convert_text (conv, record, first_key, NULL, TRUE);
  json_object *second = first ? _rubric_convert_text (conv, record, second_key, NULL, TRUE) : NULL;
  json_object *preference = _rubric_reader_get (record, "preference");
  int which = labelled ? 1 : 0;

  if (second == NULL)
    return FALSE;
  if (!labelled && !json_object_is_type (preference, json_type_null))
    {
      double value;

      if (!_rubric_convert_number (preference, &value) || (value != 1 && value != 2))
        return _rubric_convert_fail (conv, "preference", _("must be 1 (output_1) or 2 (output_2)"));
      which = (int) value;
    }
  if (which == 0)
    {
      _rubric_convert_add_response (task, first, NULL);
      _rubric_convert_add_response (task, second, NULL);
    }
  else if (which == 1)
    _rubric_convert_pair (conv, task, response_of (first), response_of (second), 0);
  else
    _rubric_convert_pair (conv, task, response_of (second), response_of (first), 0);
  return TRUE;
}

/* One output, or the first of a list of samples (NULL for an empty
 * list); FALSE after reporting a record without one. */
static gboolean
output_of (RubricConvert  *conv,
           json_object    *task,
           json_object    *record,
           json_object   **first)
{
  json_object *output = _rubric_reader_get (record, "output");

  *first = NULL;
  if (json_object_is_type (output, json_type_string))
    {
      *first = output;
      return TRUE;
    }
  if (!json_object_is_type (output, json_type_array))
    {
      if (output == NULL)
        return _rubric_convert_fail (conv, "output", _("missing"));
      return _rubric_convert_fail (conv, "output", _("must be text or a list of texts, not %s"),
                                   rubric_json_type_label (output, TRUE));
    }
  for (gsize i = 0; i < json_object_array_length (output); i++)
    {
      if (!json_object_is_type (json_object_array_get_idx (output, i), json_type_string))
        {
          g_autofree char *path = g_strdup_printf ("output[%zu]", i);

          return _rubric_convert_fail (conv, path, _("must be text, not %s"),
                                       rubric_json_type_label (json_object_array_get_idx (output, i), TRUE));
        }
    }
  json_object_object_add (_rubric_chat_meta (task), "outputs", json_object_get (output));
  *first = json_object_array_get_idx (output, 0);
  return TRUE;
}

gboolean
_rubric_convert_alpaca (RubricConvert *conv,
                        json_object   *record)
{
  g_autoptr(json_object) messages = NULL;
  g_autoptr(json_object) task = NULL;
  json_object *output;

  if ((messages = conversation_of (conv, record)) == NULL)
    return FALSE;

  if (_rubric_reader_has (record, "output_1") || _rubric_reader_has (record, "output_2"))
    {
      task = _rubric_chat_task_new (conv, "compare", record);
      if (!add_pair (conv, task, record, "output_1", "output_2", FALSE))
        return FALSE;
    }
  else if (_rubric_reader_has (record, "chosen") || _rubric_reader_has (record, "rejected"))
    {
      task = _rubric_chat_task_new (conv, "compare", record);
      if (!add_pair (conv, task, record, "chosen", "rejected", TRUE))
        return FALSE;
    }
  else if (_rubric_reader_has (record, "kto_tag"))
    {
      gboolean label;

      task = _rubric_chat_task_new (conv, "review", record);
      if ((output = _rubric_convert_text (conv, record, "output", NULL, TRUE)) == NULL ||
          !_rubric_chat_label (conv, record, "kto_tag", &label))
        return FALSE;
      _rubric_convert_add_response (task, output, NULL);
      json_object_object_add (_rubric_convert_gold (conv, task), "verdict",
                              json_object_new_string (label ? "accept" : "reject"));
    }
  else if (_rubric_chat_review (conv))
    {
      task = _rubric_chat_task_new (conv, "review", record);
      if (!output_of (conv, task, record, &output))
        return FALSE;
      if (output == NULL)
        return _rubric_convert_fail (conv, "output", _("holds no output to review"));
      _rubric_convert_add_response (task, output, NULL);
    }
  else
    {
      task = _rubric_chat_task_new (conv, "write", record);
      if (!output_of (conv, task, record, &output))
        return FALSE;
      if (output != NULL)
        json_object_object_add (task, "draft", json_object_get (output));
    }

  _rubric_convert_set_conversation (conv, task, messages, json_object_array_length (messages), "instruction");
  _rubric_chat_keep_rest (task, record, alpaca_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
