/* rubric-reader-llamafactory-v1.c — LLaMA-Factory v1 preference data
 *
 * {"chosen_messages": [...], "rejected_messages": [...]}: two whole
 * conversations, messages {"role", "content": [{"type": "text",
 * "value"}], "loss_weight"}, the content parts read as text (joined
 * when there are several) and loss_weight ignored. A compare task whose
 * gold choice is the chosen conversation's reply: the two are split
 * after what they share, the last user message they share being the
 * prompt (see _rubric_chat_split() in rubric-reader-trl.c); what
 * follows on each side is its response, with any earlier turns of its
 * own. The text is kept exactly: every rejected reply of LLaMA-Factory's
 * demo begins with a space. Other keys go to meta; an "id" names the
 * task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-reader-chat.h"

const char *
_rubric_detect_llamafactory_v1 (json_object *record)
{
  if (_rubric_reader_has (record, "chosen_messages") && _rubric_reader_has (record, "rejected_messages"))
    return "LLaMA-Factory v1 preference data (chosen_messages/rejected_messages)";
  return NULL;
}

static const char * const v1_known[] = { "chosen_messages", "rejected_messages", NULL };

gboolean
_rubric_convert_llamafactory_v1 (RubricConvert *conv,
                                 json_object   *record)
{
  g_autoptr(json_object) chosen = NULL;
  g_autoptr(json_object) rejected = NULL;
  g_autoptr(json_object) task = NULL;
  json_object *a, *b;

  if (!_rubric_reader_has (record, "chosen_messages"))
    return _rubric_convert_fail (conv, "chosen_messages", _("missing"));
  if (!_rubric_reader_has (record, "rejected_messages"))
    return _rubric_convert_fail (conv, "rejected_messages", _("missing"));
  if ((chosen = _rubric_chat_messages (conv, _rubric_reader_get (record, "chosen_messages"), "chosen_messages")) == NULL ||
      (rejected = _rubric_chat_messages (conv, _rubric_reader_get (record, "rejected_messages"), "rejected_messages")) == NULL)
    return FALSE;

  task = _rubric_chat_task_new (conv, "compare", record);
  if (!_rubric_chat_split (conv, task, chosen, rejected, "chosen_messages", "rejected_messages", &a, &b))
    return FALSE;
  _rubric_convert_pair (conv, task, a, b, 0);
  _rubric_chat_keep_rest (task, record, v1_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
