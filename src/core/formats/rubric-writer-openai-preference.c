/* rubric-writer-openai-preference.c — OpenAI preference fine-tuning pairs
 *
 * {"input":{"messages":[…]},"preferred_output":[msg],"non_preferred_output":[msg]}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

static void
append_output (GString    *out,
               RubricTask *task,
               guint       index)
{
  g_string_append_c (out, '[');
  _rubric_writer_append_message (out, "assistant", _rubric_writer_content_of (task, index));
  g_string_append_c (out, ']');
}

guint
_rubric_write_openai_preference (GString                   *out,
                                 const RubricExportRow     *row,
                                 const RubricExportOptions *options)
{
  gboolean first = TRUE;
  gboolean inner = TRUE;

  /* Its outputs are one reply each after a shared input: a pair whose
   * earlier replies differ cannot be written. */
  if (rubric_task_has_own_turns (row->task))
    return 0;
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "input");
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &inner, "messages");
  _rubric_writer_append_messages (out, row->task);
  g_string_append_c (out, '}');
  rubric_json_append_key (out, &first, "preferred_output");
  append_output (out, row->task, row->pair.chosen);
  rubric_json_append_key (out, &first, "non_preferred_output");
  append_output (out, row->task, row->pair.rejected);
  g_string_append (out, "}\n");
  return 1;
}
