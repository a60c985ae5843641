/* rubric-reader-sharegpt.c — ShareGPT conversations, with or without a preference
 *
 * {"conversations": [{"from", "value"}], ...}, roles human, gpt and
 * system (function_call and observation, LLaMA-Factory's tool turns,
 * read as the assistant's and a tool's), as LLaMA-Factory and the
 * ShareGPT dumps write them; "role"/"content" keys are read too.
 *
 * - With "chosen" and "rejected", each one {"from": "gpt", "value"}
 *   message: a compare task whose gold choice is the chosen reply; the
 *   conversation gives the system message, context, prompt (the last
 *   human turn) and any turns after it.
 * - With "kto_tag" (LLaMA-Factory's KTO data in this shape): a review
 *   task of the conversation's last gpt turn, gold.verdict "accept" for
 *   true and "reject" for false.
 * - Without either: a write task whose gold answer is the last gpt
 *   turn, when the conversation ends with one (with --kind review, a
 *   review task of that turn instead).
 *
 * A "system" key is the system message where the conversation has
 * none; "tools" (LLaMA-Factory's tool list, JSON as text) and other
 * keys go to meta; an "id" names the task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-reader-chat.h"

const char *
_rubric_detect_sharegpt (json_object *record)
{
  if (!_rubric_reader_has (record, "conversations"))
    return NULL;
  if (_rubric_reader_has (record, "chosen") && _rubric_reader_has (record, "rejected"))
    return "ShareGPT preference data (conversations with chosen/rejected)";
  if (_rubric_reader_has (record, "kto_tag"))
    return "ShareGPT unpaired preference (KTO) data (conversations with kto_tag)";
  return "ShareGPT conversations";
}

static const char * const sharegpt_known[] = { "conversations", "chosen", "rejected", "kto_tag", "system", NULL };

/* A chosen or rejected reply: one message of the assistant's. */
static json_object *
reply_of (RubricConvert *conv,
          json_object   *record,
          const char    *key)
{
  json_object *message = _rubric_reader_get (record, key);
  const char *role_key, *content_key;
  const char *role;
  json_object *content;
  json_object *response;

  if (!json_object_is_type (message, json_type_object))
    {
      _rubric_convert_fail (conv, key, _("must be a message with from and value, not %s"), rubric_json_type_label (message, TRUE));
      return NULL;
    }
  role_key = _rubric_reader_has (message, "from") || !_rubric_reader_has (message, "role") ? "from" : "role";
  content_key = _rubric_reader_has (message, "value") || !_rubric_reader_has (message, "content") ? "value" : "content";
  role = rubric_json_get_string (message, role_key);
  content = _rubric_reader_get (message, content_key);
  if (role != NULL && !g_str_equal (role, "gpt") && !g_str_equal (role, "assistant") && !g_str_equal (role, "function_call"))
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", key, role_key);

      _rubric_convert_fail (conv, path, _("must be gpt, the assistant's reply, not “%s”"), role);
      return NULL;
    }
  if (!json_object_is_type (content, json_type_string))
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", key, content_key);

      if (content == NULL)
        _rubric_convert_fail (conv, path, _("missing"));
      else
        _rubric_convert_fail (conv, path, _("must be text, not %s"), rubric_json_type_label (content, TRUE));
      return NULL;
    }
  response = json_object_new_object ();
  json_object_object_add (response, "content", json_object_get (content));
  return response;
}

gboolean
_rubric_convert_sharegpt (RubricConvert *conv,
                          json_object   *record)
{
  json_object *system = _rubric_reader_get (record, "system");
  g_autoptr(json_object) messages = NULL;
  g_autoptr(json_object) task = NULL;
  gsize n;

  if (!_rubric_reader_has (record, "conversations"))
    return _rubric_convert_fail (conv, "conversations", _("missing"));
  if ((messages = _rubric_chat_messages (conv, _rubric_reader_get (record, "conversations"), "conversations")) == NULL)
    return FALSE;
  if (system != NULL && !json_object_is_type (system, json_type_string) && !json_object_is_type (system, json_type_null))
    return _rubric_convert_fail (conv, "system", _("must be text, not %s"), rubric_json_type_label (system, TRUE));
  n = json_object_array_length (messages);

  if (_rubric_reader_has (record, "chosen") || _rubric_reader_has (record, "rejected"))
    {
      json_object *chosen, *rejected;

      if ((chosen = reply_of (conv, record, "chosen")) == NULL)
        return FALSE;
      if ((rejected = reply_of (conv, record, "rejected")) == NULL)
        {
          json_object_put (chosen);
          return FALSE;
        }
      task = _rubric_chat_task_new (conv, "compare", record);
      _rubric_convert_set_conversation (conv, task, messages, n, "conversations");
      _rubric_convert_pair (conv, task, chosen, rejected, 0);
    }
  else if (_rubric_reader_has (record, "kto_tag"))
    {
      g_autoptr(json_object) reply = _rubric_chat_reply (conv, messages, n > 0 ? n - 1 : 0, "conversations");
      gboolean label;

      if (reply == NULL || !_rubric_chat_label (conv, record, "kto_tag", &label))
        return FALSE;
      task = _rubric_chat_task_new (conv, "review", record);
      _rubric_convert_set_conversation (conv, task, messages, n - 1, "conversations");
      _rubric_convert_add_response (task, json_object_object_get (reply, "content"), NULL);
      json_object_object_add (_rubric_convert_gold (conv, task), "verdict",
                              json_object_new_string (label ? "accept" : "reject"));
    }
  else
    {
      task = _rubric_chat_task_new (conv, _rubric_chat_review (conv) ? "review" : "write", record);
      if (!_rubric_chat_answered (conv, task, messages, "conversations"))
        return FALSE;
    }

  if (json_object_is_type (system, json_type_string))
    {
      if (!_rubric_reader_has (task, "system"))
        json_object_object_add (task, "system", json_object_get (system));
      else
        json_object_object_add (_rubric_chat_meta (task), "system", json_object_get (system));
    }
  _rubric_chat_keep_rest (task, record, sharegpt_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
