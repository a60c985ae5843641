/* rubric-task.h — one task of a task set, and the rules a task must follow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

typedef enum
{
  RUBRIC_TASK_KIND_WRITE,
  RUBRIC_TASK_KIND_COMPARE,
  RUBRIC_TASK_KIND_RANK,
  RUBRIC_TASK_KIND_REVIEW,
  RUBRIC_TASK_KIND_AUTHOR,      /* write a prompt and its ideal answer to a brief */
  RUBRIC_TASK_KIND_RED_TEAM,    /* an attack on a model and what it did */
  RUBRIC_TASK_KIND_INVALID = -1,
} RubricTaskKind;

#define RUBRIC_MAX_RESPONSES 9
#define RUBRIC_N_TASK_KINDS 6

/* A red-team attack's success runs 0 (none) to 4 (complete). */
#define RUBRIC_MAX_SUCCESS 4

/* A task is a thin view over its parsed JSON: every string stays the
 * very one the task file held, and unknown keys travel with it. */
typedef struct _RubricTask
{
  gint64          row_id;
  gint64          set_id;
  guint           ord;
  RubricTaskKind  kind;
  json_object    *object;
  gint64          repeat_of;   /* the row this task repeats with the sides swapped; 0 for none */
} RubricTask;

const char     *rubric_task_kind_to_string    (RubricTaskKind kind);
RubricTaskKind  rubric_task_kind_from_string  (const char    *str);
const char     *rubric_task_kind_get_label    (RubricTaskKind kind);

char           *rubric_task_validate          (json_object   *object,
                                               char         **field);

RubricTask     *rubric_task_new               (json_object   *object);
RubricTask     *rubric_task_new_from_text     (const char    *text,
                                               gsize          len,
                                               GError       **error);
RubricTask     *rubric_task_copy              (const RubricTask *self);
void            rubric_task_free              (RubricTask    *self);
const char     *rubric_task_get_id            (RubricTask    *self);
const char     *rubric_task_get_prompt        (RubricTask    *self);
const char     *rubric_task_get_system        (RubricTask    *self);
const char     *rubric_task_get_draft         (RubricTask    *self);
const char     *rubric_task_get_brief         (RubricTask    *self);
gboolean        rubric_task_kind_has_brief    (RubricTaskKind kind);
json_object    *rubric_task_get_requirements  (RubricTask    *self);
const char     *rubric_task_get_text          (json_object   *object);
guint           rubric_task_get_n_context     (RubricTask    *self);
json_object    *rubric_task_get_context       (RubricTask    *self,
                                               guint          index);
guint           rubric_task_get_n_responses   (RubricTask    *self);
json_object    *rubric_task_get_response      (RubricTask    *self,
                                               guint          index);
gboolean        rubric_task_is_conversational (RubricTask    *self);
gboolean        rubric_task_has_own_turns     (RubricTask    *self);
const char     *rubric_task_find_response     (RubricTask    *self,
                                               const char    *name);

char           *rubric_task_describe_gold     (RubricTask    *self);
char           *rubric_task_preview           (const char    *prompt,
                                               guint          max_chars);
char           *rubric_task_preview_of        (json_object   *object,
                                               guint          max_chars);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricTask, rubric_task_free)

G_END_DECLS
