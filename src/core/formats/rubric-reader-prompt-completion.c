/* rubric-reader-prompt-completion.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_prompt_completion (json_object *record)
{
  if (_rubric_reader_has (record, "prompt") && _rubric_reader_has (record, "completion") && !_rubric_reader_has (record, "label"))
    return "prompt/completion data";
  return NULL;
}

gboolean
_rubric_convert_prompt_completion (RubricConvert *conv,
                                   json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "prompt_completion: not read yet");
}
