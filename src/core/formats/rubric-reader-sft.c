/* rubric-reader-sft.c — chat fine-tuning data: OpenAI's, TRL's messages
 *
 * {"messages": [...], "tools"?: [...], "parallel_tool_calls"?: bool}:
 * a write task. When the conversation ends with the assistant's text,
 * that reply is the gold answer, and the messages before it the task's
 * conversation: a leading system message its system message, the last
 * user message the prompt, the messages before that the context, and
 * those after it (assistant tool calls, with content null or none, and
 * the tools' results) the task's turns. Tool calls are kept as they
 * are, their arguments the JSON text they were (double-encoded ones
 * too). A conversation without a user message has the prompt "" and
 * its messages as context; one that does not end with the assistant's
 * text is a write task without an answer. "tools",
 * "parallel_tool_calls" and any other keys go to meta; an "id" names
 * the task.
 *
 * With --kind review, the final reply is the one response of a review
 * task instead (and a conversation without one is refused).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-reader-chat.h"

/* After KTO, whose records have a label besides. A record with chosen
 * and rejected too is preference data. */
const char *
_rubric_detect_sft (json_object *record)
{
  if (!_rubric_reader_has (record, "messages"))
    return NULL;
  if (_rubric_reader_has (record, "tools"))
    return "chat fine-tuning data with tools (OpenAI/TRL messages)";
  return "chat fine-tuning data (OpenAI/TRL messages)";
}

static const char * const sft_known[] = { "messages", NULL };

gboolean
_rubric_convert_sft (RubricConvert *conv,
                     json_object   *record)
{
  g_autoptr(json_object) messages = NULL;
  g_autoptr(json_object) task = NULL;

  if (!_rubric_reader_has (record, "messages"))
    return _rubric_convert_fail (conv, "messages", _("missing"));
  if ((messages = _rubric_chat_messages (conv, _rubric_reader_get (record, "messages"), "messages")) == NULL)
    return FALSE;
  task = _rubric_chat_task_new (conv, _rubric_chat_review (conv) ? "review" : "write", record);
  if (!_rubric_chat_answered (conv, task, messages, "messages"))
    return FALSE;
  _rubric_chat_keep_rest (task, record, sft_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
