/* rubric-reader-openai-preference.c — OpenAI preference fine-tuning data
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
_rubric_detect_openai_preference (json_object *record)
{
  if (_rubric_reader_has (record, "input") && _rubric_reader_has (record, "preferred_output"))
    return "OpenAI preference data (input/preferred_output/non_preferred_output)";
  return NULL;
}

gboolean
_rubric_convert_openai_preference (RubricConvert *conv,
                                   json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "openai_preference: not read yet");
}
