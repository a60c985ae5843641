/* rubric-reader-ultrafeedback.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_ultrafeedback (json_object *record)
{
  if (_rubric_reader_has (record, "instruction") && _rubric_reader_has (record, "completions"))
    return "UltraFeedback ratings (instruction, four rated completions)";
  return NULL;
}

gboolean
_rubric_convert_ultrafeedback (RubricConvert *conv,
                               json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "ultrafeedback: not read yet");
}

const char *
_rubric_detect_ultrafeedback_binarized (json_object *record)
{
  if (_rubric_reader_has (record, "chosen") && _rubric_reader_has (record, "rejected") && _rubric_reader_has (record, "score_chosen"))
    return "UltraFeedback binarized preferences (score_chosen/score_rejected)";
  return NULL;
}

gboolean
_rubric_convert_ultrafeedback_binarized (RubricConvert *conv,
                                         json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "ultrafeedback_binarized: not read yet");
}
