/* rubric-reader-sharegpt.c — ShareGPT conversations, with or without a preference
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
_rubric_detect_sharegpt (json_object *record)
{
  if (!_rubric_reader_has (record, "conversations"))
    return NULL;
  if (_rubric_reader_has (record, "chosen") && _rubric_reader_has (record, "rejected"))
    return "ShareGPT preference data (conversations with chosen/rejected)";
  return "ShareGPT conversations";
}

gboolean
_rubric_convert_sharegpt (RubricConvert *conv,
                          json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "sharegpt: not read yet");
}
