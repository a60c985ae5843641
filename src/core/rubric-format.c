/* rubric-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-format.h"
#include "rubric-json.h"

static gboolean
has (json_object *record,
     const char  *key)
{
  return json_object_object_get_ex (record, key, NULL);
}

static gboolean
is_hh_transcript (const char *text)
{
  return text != NULL && (g_str_has_prefix (text, "\n\nHuman:") || strstr (text, "\n\nAssistant:") != NULL);
}

/**
 * rubric_format_sniff:
 * @record: the first record of a file
 *
 * Recognises the dataset formats of preference and fine-tuning data
 * by their keys, the way a person would.
 *
 * Returns: (nullable): a description of the format, or %NULL
 */
const char *
rubric_format_sniff (json_object *record)
{
  if (!json_object_is_type (record, json_type_object))
    return NULL;

  if (has (record, "chosen_messages") && has (record, "rejected_messages"))
    return "LLaMA-Factory v1 preference data (chosen_messages/rejected_messages)";
  if (has (record, "conversations") && has (record, "chosen") && has (record, "rejected"))
    return "ShareGPT preference data (conversations with chosen/rejected)";
  if (has (record, "conversations"))
    return "ShareGPT conversations";
  if (has (record, "message_id") && has (record, "parent_id"))
    return "OpenAssistant (oasst1) messages linked by parent_id";
  if (has (record, "input") && has (record, "preferred_output"))
    return "OpenAI preference data (input/preferred_output/non_preferred_output)";
  if (has (record, "messages") && has (record, "label"))
    return "unpaired preference (KTO) data with messages and a label";
  if (has (record, "prompt") && has (record, "completion") && has (record, "label"))
    return "TRL unpaired preference (KTO) data (prompt/completion/label)";
  if (has (record, "messages"))
    return "chat fine-tuning data (OpenAI/TRL messages)";
  if (has (record, "prompt") && has (record, "chosen") && has (record, "rejected"))
    return "TRL preference data (prompt/chosen/rejected)";
  if (has (record, "chosen") && has (record, "rejected") &&
      is_hh_transcript (rubric_json_get_string (record, "chosen")))
    return "Anthropic HH preference data (chosen/rejected Human/Assistant transcripts)";
  if (has (record, "chosen") && has (record, "rejected"))
    return "TRL preference data with an implicit prompt (chosen/rejected)";
  if (has (record, "prompt") && has (record, "completion"))
    return "prompt/completion fine-tuning data";
  if (has (record, "conversation_a") && has (record, "winner"))
    return "Chatbot Arena comparisons";
  return NULL;
}
