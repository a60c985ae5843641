/* rubric-reader-prodigy.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_prodigy (json_object *record)
{
  if (_rubric_reader_has (record, "_input_hash") || (_rubric_reader_has (record, "answer") && _rubric_reader_has (record, "_task_hash")))
    return "Prodigy annotations";
  return NULL;
}

gboolean
_rubric_convert_prodigy (RubricConvert *conv,
                         json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "prodigy: not read yet");
}
