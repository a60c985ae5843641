/* rubric-writer-sft.c — written answers as chat SFT messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

guint
_rubric_write_sft (GString                   *out,
                   const RubricExportRow     *row,
                   const RubricExportOptions *options)
{
  g_autoptr(json_object) answer = json_object_new_string_len (row->answer, row->answer_len);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "messages");
  _rubric_writer_append_messages (out, row->task);
  /* The answer closes the conversation. */
  g_string_truncate (out, out->len - 1);
  _rubric_writer_append_turns (out, _rubric_writer_turns_of (row->task, -1));
  g_string_append_c (out, ',');
  _rubric_writer_append_message (out, "assistant", answer);
  g_string_append_c (out, ']');
  g_string_append (out, "}\n");
  return 1;
}
