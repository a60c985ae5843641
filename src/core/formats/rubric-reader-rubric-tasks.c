/* rubric-reader-rubric-tasks.c — Rubric's own task files (rubric-tasks/1)
 *
 * Read by RubricTaskReader: JSONL with an optional header line, a JSON
 * array of tasks, or one object with a "tasks" array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

/* A header line, a whole file as one object, or a task line; whether
 * the task is valid is the reader's to say, line by line. */
const char *
_rubric_detect_rubric_tasks (json_object *record)
{
  if (rubric_json_get_typed (record, "format", json_type_string) != NULL ||
      rubric_json_get_typed (record, "tasks", json_type_array) != NULL ||
      (rubric_json_get_typed (record, "id", json_type_string) != NULL &&
       rubric_json_get_typed (record, "kind", json_type_string) != NULL))
    return "a Rubric task file (" RUBRIC_TASKS_FORMAT ")";
  return NULL;
}
