/* rubric-writer-messages.c — prompts and completions as the chat formats write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

void
_rubric_writer_append_message (GString     *out,
                               const char  *role,
                               json_object *content)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "role");
  rubric_json_append_cstring (out, role);
  rubric_json_append_key (out, &first, "content");
  rubric_json_append_value (out, content);
  g_string_append_c (out, '}');
}

/* The system message, the context and the prompt, as one list. */
void
_rubric_writer_append_messages (GString    *out,
                                RubricTask *task)
{
  json_object *system = rubric_json_get_typed (task->object, "system", json_type_string);

  g_string_append_c (out, '[');
  if (system != NULL)
    {
      _rubric_writer_append_message (out, "system", system);
      g_string_append_c (out, ',');
    }
  /* Earlier turns go as they are, with their tool calls and names. */
  for (guint i = 0; i < rubric_task_get_n_context (task); i++)
    {
      rubric_json_append_value (out, rubric_task_get_context (task, i));
      g_string_append_c (out, ',');
    }
  _rubric_writer_append_message (out, "user", json_object_object_get (task->object, "prompt"));
  g_string_append_c (out, ']');
}

/* Appends ",message" for each of @turns: what comes between the
 * prompt and a reply. */
void
_rubric_writer_append_turns (GString     *out,
                             json_object *turns)
{
  for (gsize i = 0; turns != NULL && i < json_object_array_length (turns); i++)
    {
      g_string_append_c (out, ',');
      rubric_json_append_value (out, json_object_array_get_idx (turns, i));
    }
}

json_object *
_rubric_writer_turns_of (RubricTask *task,
                         int         index)
{
  json_object *owner = index < 0 ? task->object : rubric_task_get_response (task, index);

  return rubric_json_get_typed (owner, "turns", json_type_array);
}

/* The whole conversation that ends in response @index: TRL's implicit
 * prompt form, for responses whose earlier turns differ. */
void
_rubric_writer_append_conversation (GString    *out,
                                    RubricTask *task,
                                    guint       index)
{
  _rubric_writer_append_messages (out, task);
  g_string_truncate (out, out->len - 1);
  _rubric_writer_append_turns (out, _rubric_writer_turns_of (task, index));
  g_string_append_c (out, ',');
  _rubric_writer_append_message (out, "assistant", _rubric_writer_content_of (task, index));
  g_string_append_c (out, ']');
}

/* A task with a system message or context is a conversation: TRL's
 * conversational shape then, its standard one otherwise. */
void
_rubric_writer_append_prompt (GString    *out,
                              RubricTask *task)
{
  if (rubric_task_is_conversational (task))
    _rubric_writer_append_messages (out, task);
  else
    rubric_json_append_value (out, json_object_object_get (task->object, "prompt"));
}

void
_rubric_writer_append_completion (GString    *out,
                                  RubricTask *task,
                                  guint       index)
{
  json_object *content = _rubric_writer_content_of (task, index);

  if (!rubric_task_is_conversational (task))
    {
      rubric_json_append_value (out, content);
      return;
    }
  /* The turns of its own that come before the reply, then the reply. */
  json_object *turns = _rubric_writer_turns_of (task, index);

  g_string_append_c (out, '[');
  for (gsize i = 0; turns != NULL && i < json_object_array_length (turns); i++)
    {
      rubric_json_append_value (out, json_object_array_get_idx (turns, i));
      g_string_append_c (out, ',');
    }
  _rubric_writer_append_message (out, "assistant", content);
  g_string_append_c (out, ']');
}

json_object *
_rubric_writer_content_of (RubricTask *task,
                           guint       index)
{
  return json_object_object_get (rubric_task_get_response (task, index), "content");
}
