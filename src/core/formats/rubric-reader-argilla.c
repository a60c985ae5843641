/* rubric-reader-argilla.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_argilla (json_object *record)
{
  if (rubric_json_get_typed (record, "fields", json_type_object) != NULL && (_rubric_reader_has (record, "responses") || _rubric_reader_has (record, "suggestions")))
    return "Argilla records";
  return NULL;
}

gboolean
_rubric_convert_argilla (RubricConvert *conv,
                         json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "argilla: not read yet");
}
