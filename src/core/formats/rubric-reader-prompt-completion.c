/* rubric-reader-prompt-completion.c — prompt and completion (TRL, OpenAI legacy)
 *
 * {"prompt": text or messages, "completion": text or messages}: a write
 * task whose gold answer is the completion. A text prompt is the task's
 * prompt as it is; messages give the system message, context, prompt
 * (the last user message) and turns. A completion given as messages
 * ends with the assistant's reply, the answer; messages before it (a
 * tool call and its result) are the task's turns. Other keys go to
 * meta; an "id" names the task.
 *
 * With --kind review, the completion is the one response of a review
 * task instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-reader-chat.h"

const char *
_rubric_detect_prompt_completion (json_object *record)
{
  if (_rubric_reader_has (record, "prompt") && _rubric_reader_has (record, "completion") && !_rubric_reader_has (record, "label"))
    return json_object_is_type (_rubric_reader_get (record, "prompt"), json_type_array)
           ? "prompt/completion data, conversational"
           : "prompt/completion data";
  return NULL;
}

static const char * const prompt_completion_known[] = { "prompt", "completion", NULL };

gboolean
_rubric_convert_prompt_completion (RubricConvert *conv,
                                   json_object   *record)
{
  json_object *prompt = _rubric_reader_get (record, "prompt");
  json_object *completion = _rubric_reader_get (record, "completion");
  g_autoptr(json_object) conversation = NULL;
  g_autoptr(json_object) task = NULL;

  if (!_rubric_reader_has (record, "prompt"))
    return _rubric_convert_fail (conv, "prompt", _("missing"));
  if (!_rubric_reader_has (record, "completion"))
    return _rubric_convert_fail (conv, "completion", _("missing"));

  /* One conversation: the prompt's messages, then the completion's. */
  if (json_object_is_type (prompt, json_type_string))
    {
      conversation = json_object_new_array ();
      json_object_array_add (conversation, _rubric_convert_message_new ("user", json_object_get (prompt)));
    }
  else if (json_object_is_type (prompt, json_type_array))
    {
      if ((conversation = _rubric_chat_messages (conv, prompt, "prompt")) == NULL)
        return FALSE;
    }
  else
    return _rubric_convert_fail (conv, "prompt", _("must be text or a list of messages, not %s"),
                                 rubric_json_type_label (prompt, TRUE));

  if (json_object_is_type (completion, json_type_string))
    json_object_array_add (conversation, _rubric_convert_message_new ("assistant", json_object_get (completion)));
  else if (json_object_is_type (completion, json_type_array))
    {
      g_autoptr(json_object) messages = _rubric_chat_messages (conv, completion, "completion");
      g_autoptr(json_object) reply = NULL;

      if (messages == NULL || (reply = _rubric_chat_reply (conv, messages, 0, "completion")) == NULL)
        return FALSE;
      for (gsize i = 0; i < json_object_array_length (messages); i++)
        json_object_array_add (conversation, json_object_get (json_object_array_get_idx (messages, i)));
    }
  else
    return _rubric_convert_fail (conv, "completion", _("must be text or a list of messages, not %s"),
                                 rubric_json_type_label (completion, TRUE));

  task = _rubric_chat_task_new (conv, _rubric_chat_review (conv) ? "review" : "write", record);
  if (!_rubric_chat_answered (conv, task, conversation, "completion"))
    return FALSE;
  _rubric_chat_keep_rest (task, record, prompt_completion_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
