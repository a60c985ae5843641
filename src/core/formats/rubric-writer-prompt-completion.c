/* rubric-writer-prompt-completion.c — written answers as prompt and completion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

guint
_rubric_write_prompt_completion (GString                   *out,
                                 const RubricExportRow     *row,
                                 const RubricExportOptions *options)
{
  g_autoptr(json_object) answer = json_object_new_string_len (row->answer, row->answer_len);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "prompt");
  _rubric_writer_append_prompt (out, row->task);
  rubric_json_append_key (out, &first, "completion");
  if (rubric_task_is_conversational (row->task))
    {
      json_object *turns = _rubric_writer_turns_of (row->task, -1);

      g_string_append_c (out, '[');
      for (gsize i = 0; turns != NULL && i < json_object_array_length (turns); i++)
        {
          rubric_json_append_value (out, json_object_array_get_idx (turns, i));
          g_string_append_c (out, ',');
        }
      _rubric_writer_append_message (out, "assistant", answer);
      g_string_append_c (out, ']');
    }
  else
    rubric_json_append_value (out, answer);
  g_string_append (out, "}\n");
  return 1;
}
