/* rubric-reader-oasst1.c — OpenAssistant (oasst1) messages, linked by parent_id
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
_rubric_detect_oasst1 (json_object *record)
{
  if (_rubric_reader_has (record, "message_id") && _rubric_reader_has (record, "parent_id"))
    return "OpenAssistant (oasst1) messages linked by parent_id";
  return NULL;
}

gboolean
_rubric_convert_oasst1 (RubricConvert *conv,
                        json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "oasst1: not read yet");
}

void
_rubric_finish_oasst1 (RubricConvert *conv)
{
}
