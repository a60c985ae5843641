/* rubric-reader-openai-preference.c — OpenAI preference fine-tuning data
 *
 * {"input": {"messages": [...], "tools"?: [...], "parallel_tool_calls"?:
 * bool}, "preferred_output": [assistant message], "non_preferred_output":
 * [assistant message]}: a compare task whose gold choice is the
 * preferred output. The input messages give the system message,
 * context, prompt (the last user message) and turns; each output's last
 * message is its response (messages before it, should an output hold
 * a tool call first, the response's turns). The input's other keys
 * ("tools", "parallel_tool_calls") and the record's go to meta; an "id"
 * names the task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-reader-chat.h"

const char *
_rubric_detect_openai_preference (json_object *record)
{
  if (_rubric_reader_has (record, "input") && _rubric_reader_has (record, "preferred_output"))
    return "OpenAI preference data (input/preferred_output/non_preferred_output)";
  return NULL;
}

static json_object *
output_of (RubricConvert *conv,
           json_object   *record,
           const char    *key)
{
  json_object *value = _rubric_reader_get (record, key);
  g_autoptr(json_object) messages = NULL;

  if (value == NULL)
    {
      _rubric_convert_fail (conv, key, _("missing"));
      return NULL;
    }
  if (!json_object_is_type (value, json_type_array))
    {
      _rubric_convert_fail (conv, key, _("must be a list of messages, not %s"), rubric_json_type_label (value, TRUE));
      return NULL;
    }
  if ((messages = _rubric_chat_messages (conv, value, key)) == NULL)
    return NULL;
  return _rubric_chat_reply (conv, messages, 0, key);
}

static const char * const openai_known[] = { "input", "preferred_output", "non_preferred_output", NULL };
static const char * const input_known[] = { "messages", NULL };

gboolean
_rubric_convert_openai_preference (RubricConvert *conv,
                                   json_object   *record)
{
  json_object *input = _rubric_reader_get (record, "input");
  g_autoptr(json_object) messages = NULL;
  g_autoptr(json_object) task = NULL;
  json_object *chosen, *rejected;

  if (!json_object_is_type (input, json_type_object))
    return _rubric_convert_fail (conv, "input", input ? _("must be an object with messages, not %s") : _("missing"),
                                 rubric_json_type_label (input, TRUE));
  if (!_rubric_reader_has (input, "messages"))
    return _rubric_convert_fail (conv, "input.messages", _("missing"));
  if ((messages = _rubric_chat_messages (conv, _rubric_reader_get (input, "messages"), "input.messages")) == NULL)
    return FALSE;
  if ((chosen = output_of (conv, record, "preferred_output")) == NULL)
    return FALSE;
  if ((rejected = output_of (conv, record, "non_preferred_output")) == NULL)
    {
      json_object_put (chosen);
      return FALSE;
    }

  task = _rubric_chat_task_new (conv, "compare", record);
  _rubric_convert_set_conversation (conv, task, messages, json_object_array_length (messages), "input.messages");
  _rubric_convert_pair (conv, task, chosen, rejected, 0);
  _rubric_chat_keep_rest (task, input, input_known);
  _rubric_chat_keep_rest (task, record, openai_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
