/* rubric-reader-records.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_records (json_object *record)
{
  if (rubric_json_get_typed (record, "task", json_type_object) != NULL && _rubric_reader_has (record, "task_id"))
    return "Rubric annotation records";
  return NULL;
}

gboolean
_rubric_convert_records (RubricConvert *conv,
                         json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "records: not read yet");
}
