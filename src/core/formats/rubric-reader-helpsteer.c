/* rubric-reader-helpsteer.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_helpsteer (json_object *record)
{
  if (_rubric_reader_has (record, "prompt") && _rubric_reader_has (record, "response") && !_rubric_reader_has (record, "chosen"))
    return "HelpSteer2 ratings (prompt, response, a score per attribute)";
  return NULL;
}

gboolean
_rubric_convert_helpsteer (RubricConvert *conv,
                           json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "helpsteer: not read yet");
}

const char *
_rubric_detect_helpsteer2_nemo (json_object *record)
{
  if (rubric_json_get_typed (record, "text", json_type_string) != NULL && rubric_json_get_typed (record, "label", json_type_array) != NULL)
    return "HelpSteer2 attributes in NeMo regression form (text, label)";
  return NULL;
}

gboolean
_rubric_convert_helpsteer2_nemo (RubricConvert *conv,
                                 json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "helpsteer2_nemo: not read yet");
}

const char *
_rubric_detect_helpsteer3 (json_object *record)
{
  if (_rubric_reader_has (record, "response1") && _rubric_reader_has (record, "response2"))
    return "HelpSteer3 preferences (context, response1, response2, overall_preference)";
  return NULL;
}

gboolean
_rubric_convert_helpsteer3 (RubricConvert *conv,
                            json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "helpsteer3: not read yet");
}

void
_rubric_finish_helpsteer (RubricConvert *conv)
{
}
