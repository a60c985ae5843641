/* rubric-reader-llamafactory-v1.c — LLaMA-Factory v1 preference data
 *
 * Recognised by content; not read yet: the file is refused with the
 * name of its format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_llamafactory_v1 (json_object *record)
{
  if (_rubric_reader_has (record, "chosen_messages") && _rubric_reader_has (record, "rejected_messages"))
    return "LLaMA-Factory v1 preference data (chosen_messages/rejected_messages)";
  return NULL;
}

gboolean
_rubric_convert_llamafactory_v1 (RubricConvert *conv,
                                 json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "llamafactory_v1: not read yet");
}
