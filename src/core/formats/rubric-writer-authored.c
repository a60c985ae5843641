/* rubric-writer-authored.c — the task an author or red-team annotation makes
 *
 * An author writes a conversation to a brief: an optional system
 * message, user turns and the ideal answer to each. That is a write
 * task: the last user turn its prompt, the turns before it its context
 * (each prompt and its answer), the last answer its gold answer.
 *
 * A red-team attempt whose author also wrote the safe reply is a
 * compare task: the attacks and the model's replies before the last
 * attack its context, the last attack its prompt, the model's last
 * reply (a) and the safe reply (b) its responses, and b chosen.
 *
 * The rubric-tasks export writes these tasks for the next stage of a
 * pipeline; sft and prompt-completion write the author's conversation
 * as they write any written answer, and the pair formats the attempt's
 * pair as they write any comparison (rubric-export.c). The task file's
 * system message and context belong to no author task: an authored
 * conversation is the author's alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include "rubric-writer-private.h"

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static void
add_string (json_object *object,
            const char  *key,
            const char  *value)
{
  json_object_object_add (object, key, json_object_new_string (value != NULL ? value : ""));
}

static json_object *
message_new (const char *role,
             const char *content)
{
  json_object *message = json_object_new_object ();

  add_string (message, "role", role);
  add_string (message, "content", content);
  return message;
}

/* Every turn before the last, as the user's message and the reply. */
static void
add_context (json_object            *task,
             const RubricAnnotation *annotation)
{
  json_object *context;

  if (annotation->turns->len < 2)
    return;
  context = json_object_new_array ();
  for (guint i = 0; i + 1 < annotation->turns->len; i++)
    {
      RubricTurn *turn = rubric_annotation_get_turn (annotation, i);

      json_object_array_add (context, message_new ("user", turn->prompt));
      json_object_array_add (context, message_new ("assistant", turn->reply));
    }
  json_object_object_add (task, "context", context);
}

/* The source task's meta, which may say the language or the domain,
 * and where the new task came from. */
static void
add_meta (json_object           *task,
          const RubricExportRow *row)
{
  json_object *source = rubric_json_get_typed (row->task->object, "meta", json_type_object);
  json_object *meta = json_object_new_object ();
  json_object *from = json_object_new_object ();

  if (source != NULL)
    {
      json_object_object_foreach (source, key, value)
        json_object_object_add (meta, key, json_object_get (value));
    }
  if (row->set_name != NULL)
    add_string (from, "task_set", row->set_name);
  add_string (from, "task", row->ext_id);
  add_string (from, "annotator", row->annotator);
  json_object_object_add (meta, "from", from);
  json_object_object_add (task, "meta", meta);
}

static json_object *
task_new (const RubricExportRow *row,
          const char            *kind)
{
  json_object *task = json_object_new_object ();
  g_autofree char *id = g_strdup_printf ("%s@%s", row->ext_id, row->annotator != NULL ? row->annotator : "");

  add_string (task, "id", id);
  add_string (task, "kind", kind);
  return task;
}

static json_object *
author_task (const RubricExportRow *row,
             RubricTurn            *last)
{
  const RubricAnnotation *annotation = row->annotation;
  json_object *task = task_new (row, "write");

  if (has_text (annotation->system))
    add_string (task, "system", annotation->system);
  add_context (task, annotation);
  add_string (task, "prompt", last->prompt);
  /* A last turn without its answer is a prompt for the next stage. */
  if (has_text (last->reply))
    {
      json_object *gold = json_object_new_object ();

      add_string (gold, "answer", last->reply);
      json_object_object_add (task, "gold", gold);
    }
  add_meta (task, row);
  return task;
}

static json_object *
response_new (const char *id,
              const char *model,
              const char *content)
{
  json_object *response = json_object_new_object ();

  add_string (response, "id", id);
  if (has_text (model))
    add_string (response, "model", model);
  add_string (response, "content", content);
  return response;
}

static json_object *
red_team_task (const RubricExportRow *row,
               RubricTurn            *last)
{
  const RubricAnnotation *annotation = row->annotation;
  json_object *task = task_new (row, "compare");
  json_object *responses = json_object_new_array ();
  json_object *gold = json_object_new_object ();

  add_context (task, annotation);
  add_string (task, "prompt", last->prompt);
  json_object_array_add (responses, response_new ("a", rubric_json_get_string (row->task->object, "target_model"),
                                                  last->reply));
  json_object_array_add (responses, response_new ("b", NULL, annotation->safe_reply));
  json_object_object_add (task, "responses", responses);
  add_string (gold, "choice", "B");
  json_object_object_add (task, "gold", gold);
  add_meta (task, row);
  return task;
}

/**
 * _rubric_writer_authored_task:
 *
 * Returns: (transfer full) (nullable): the write task an author's
 *   conversation makes, or the compare task of a red-team attempt with
 *   a safe reply; %NULL for anything else, and for work that holds no
 *   prompt in its last turn
 */
json_object *
_rubric_writer_authored_task (const RubricExportRow *row)
{
  const RubricAnnotation *annotation = row->annotation;
  RubricTurn *last;

  if (row->task == NULL || annotation == NULL || annotation->turns->len == 0)
    return NULL;
  last = rubric_annotation_get_turn (annotation, annotation->turns->len - 1);
  if (!has_text (last->prompt))
    return NULL;
  switch (row->task->kind)
    {
    case RUBRIC_TASK_KIND_AUTHOR:
      return author_task (row, last);
    case RUBRIC_TASK_KIND_RED_TEAM:
      if (!has_text (annotation->safe_reply) || !has_text (last->reply))
        return NULL;
      return red_team_task (row, last);
    case RUBRIC_TASK_KIND_WRITE:
    case RUBRIC_TASK_KIND_COMPARE:
    case RUBRIC_TASK_KIND_RANK:
    case RUBRIC_TASK_KIND_REVIEW:
    case RUBRIC_TASK_KIND_INVALID:
    default:
      return NULL;
    }
}
