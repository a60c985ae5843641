/* rubric-writer-hh.c — Anthropic HH transcripts, chosen and rejected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

static void
append_turns (GString     *text,
              json_object *turns)
{
  for (gsize i = 0; turns != NULL && i < json_object_array_length (turns); i++)
    {
      json_object *message = json_object_array_get_idx (turns, i);
      json_object *turn = json_object_object_get (message, "content");
      const char *role = rubric_json_get_string (message, "role");

      if (g_strcmp0 (role, "system") == 0)
        g_string_append (text, "\n\n");
      else
        g_string_append (text, g_strcmp0 (role, "assistant") == 0 ? "\n\nAssistant: " : "\n\nHuman: ");
      g_string_append_len (text, json_object_get_string (turn), json_object_get_string_len (turn));
    }
}

/* "\n\nHuman: …\n\nAssistant: …" turns; a system message, which HH
 * has no role for, stands before the first turn. */
static void
append_transcript (GString    *out,
                   RubricTask *task,
                   guint       index)
{
  g_autoptr(GString) text = g_string_new (rubric_task_get_system (task));
  json_object *content = _rubric_writer_content_of (task, index);

  append_turns (text, rubric_json_get_typed (task->object, "context", json_type_array));
  g_string_append (text, "\n\nHuman: ");
  g_string_append (text, rubric_task_get_prompt (task));
  append_turns (text, _rubric_writer_turns_of (task, index));
  g_string_append (text, "\n\nAssistant: ");
  g_string_append_len (text, json_object_get_string (content), json_object_get_string_len (content));
  rubric_json_append_string (out, text->str, text->len);
}

guint
_rubric_write_hh (GString                   *out,
                  const RubricExportRow     *row,
                  const RubricExportOptions *options)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "chosen");
  append_transcript (out, row->task, row->pair.chosen);
  rubric_json_append_key (out, &first, "rejected");
  append_transcript (out, row->task, row->pair.rejected);
  g_string_append (out, "}\n");
  return 1;
}
