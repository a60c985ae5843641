/* rubric-writer-trl-unpaired.c — TRL unpaired (KTO): prompt, completion, label
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

static void
append_unpaired (GString    *out,
                 RubricTask *task,
                 guint       index,
                 gboolean    label)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "prompt");
  _rubric_writer_append_prompt (out, task);
  rubric_json_append_key (out, &first, "completion");
  _rubric_writer_append_completion (out, task, index);
  rubric_json_append_key (out, &first, "label");
  g_string_append (out, label ? "true" : "false");
  g_string_append (out, "}\n");
}

/* A choice gives a good and a bad completion; "both bad" two bad ones;
 * a tie two good ones, if the options keep ties. */
guint
_rubric_write_trl_unpaired (GString                   *out,
                            const RubricExportRow     *row,
                            const RubricExportOptions *options)
{
  const RubricExportPair *pair = &row->pair;

  if (pair->chosen >= 0)
    {
      append_unpaired (out, row->task, pair->chosen, TRUE);
      append_unpaired (out, row->task, pair->rejected, FALSE);
      return 2;
    }
  if (pair->both_bad || (pair->tie && options->ties == RUBRIC_TIES_UNPAIRED))
    {
      append_unpaired (out, row->task, 0, pair->tie);
      append_unpaired (out, row->task, 1, pair->tie);
      return 2;
    }
  return 0;
}
