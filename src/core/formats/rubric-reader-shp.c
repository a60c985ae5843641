/* rubric-reader-shp.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_shp (json_object *record)
{
  if (_rubric_reader_has (record, "human_ref_A") && _rubric_reader_has (record, "human_ref_B"))
    return "Stanford Human Preferences (SHP)";
  return NULL;
}

gboolean
_rubric_convert_shp (RubricConvert *conv,
                     json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "shp: not read yet");
}
