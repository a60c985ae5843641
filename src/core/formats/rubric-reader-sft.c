/* rubric-reader-sft.c — fine-tuning data: chat messages, or prompt and completion
 *
 * Recognised by content; not read yet: the file is refused with the
 * name of its format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

/* After KTO, whose records have a label besides. A record with chosen
 * and rejected too is preference data. */
const char *
_rubric_detect_sft (json_object *record)
{
  if (_rubric_reader_has (record, "messages"))
    return "chat fine-tuning data (OpenAI/TRL messages)";
  return NULL;
}

gboolean
_rubric_convert_sft (RubricConvert *conv,
                     json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "sft: not read yet");
}
