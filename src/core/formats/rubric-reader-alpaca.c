/* rubric-reader-alpaca.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_alpaca (json_object *record)
{
  if (_rubric_reader_has (record, "instruction") && (_rubric_reader_has (record, "output") || _rubric_reader_has (record, "output_1")))
    return "Alpaca instructions (instruction/input/output)";
  return NULL;
}

gboolean
_rubric_convert_alpaca (RubricConvert *conv,
                        json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "alpaca: not read yet");
}
