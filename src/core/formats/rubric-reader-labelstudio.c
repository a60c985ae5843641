/* rubric-reader-labelstudio.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_labelstudio (json_object *record)
{
  if (rubric_json_get_typed (record, "data", json_type_object) != NULL && (_rubric_reader_has (record, "annotations") || _rubric_reader_has (record, "predictions")))
    return "a Label Studio JSON export";
  return NULL;
}

gboolean
_rubric_convert_labelstudio (RubricConvert *conv,
                             json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "labelstudio: not read yet");
}

const char *
_rubric_detect_labelstudio_csv (json_object *record)
{
  if (_rubric_reader_has (record, "annotation_id") && _rubric_reader_has (record, "annotator"))
    return "a Label Studio CSV or TSV export";
  return NULL;
}

gboolean
_rubric_convert_labelstudio_csv (RubricConvert *conv,
                                 json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "labelstudio_csv: not read yet");
}
