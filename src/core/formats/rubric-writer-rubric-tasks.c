/* rubric-writer-rubric-tasks.c — authored prompts as a new task file
 *
 * The next stage of a pipeline: a header line, then a write task for
 * each author's conversation (the ideal answer its gold) and a compare
 * task for each red-team attempt with a safe reply (the safe reply its
 * gold choice), as _rubric_writer_authored_task() makes them. Each new
 * task's id is the source task's and the author's, "task@annotator",
 * and its meta says where it came from. A task file holds one task set,
 * so rubric_export() writes it from one set at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include <glib/gi18n.h>

#include "../rubric-task-reader.h"
#include "rubric-writer-private.h"

/* The safe reply is always the second response: the set shows the
 * sides at random, so that no one learns where it is. */
void
_rubric_write_rubric_tasks_header (GString                   *out,
                                   const char                *set_name,
                                   const RubricExportOptions *options)
{
  g_autofree char *name = NULL;
  gboolean first = TRUE;
  gboolean inner = TRUE;

  if (set_name != NULL)
    /* Translators: the name of the task set an export of authored prompts makes; %s is the name of the set they were written in. */
    name = g_strdup_printf (C_("task set name", "%s — authored prompts"), set_name);
  else
    name = g_strdup (C_("task set name", "Authored prompts"));
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "format");
  rubric_json_append_cstring (out, RUBRIC_TASKS_FORMAT);
  rubric_json_append_key (out, &first, "name");
  rubric_json_append_cstring (out, name);
  rubric_json_append_key (out, &first, "settings");
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &inner, "randomize_sides");
  g_string_append (out, "true");
  g_string_append (out, "}}\n");
}

guint
_rubric_write_rubric_tasks (GString                   *out,
                            const RubricExportRow     *row,
                            const RubricExportOptions *options)
{
  g_autoptr(json_object) task = _rubric_writer_authored_task (row);

  if (task == NULL)
    return 0;
  rubric_json_append_value (out, task);
  g_string_append_c (out, '\n');
  return 1;
}
