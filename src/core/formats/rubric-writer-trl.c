/* rubric-writer-trl.c — TRL preference pairs: prompt, chosen, rejected
 *
 * Standard (strings) or conversational (lists of messages), as the task
 * is; an optional "margin".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

guint
_rubric_write_trl (GString                   *out,
                   const RubricExportRow     *row,
                   const RubricExportOptions *options)
{
  const RubricExportPair *pair = &row->pair;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  if (rubric_task_has_own_turns (row->task))
    {
      /* Earlier replies differ: there is no shared prompt to write, so
       * each side is its whole conversation (TRL's implicit prompt). */
      rubric_json_append_key (out, &first, "chosen");
      _rubric_writer_append_conversation (out, row->task, pair->chosen);
      rubric_json_append_key (out, &first, "rejected");
      _rubric_writer_append_conversation (out, row->task, pair->rejected);
    }
  else
    {
      rubric_json_append_key (out, &first, "prompt");
      _rubric_writer_append_prompt (out, row->task);
      rubric_json_append_key (out, &first, "chosen");
      _rubric_writer_append_completion (out, row->task, pair->chosen);
      rubric_json_append_key (out, &first, "rejected");
      _rubric_writer_append_completion (out, row->task, pair->rejected);
    }
  if (options->margin)
    {
      rubric_json_append_key (out, &first, "margin");
      g_string_append_printf (out, "%d", MAX (1, pair->margin));
    }
  g_string_append (out, "}\n");
  return 1;
}
