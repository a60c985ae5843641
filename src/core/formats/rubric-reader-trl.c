/* rubric-reader-trl.c — TRL preference data: prompt, chosen, rejected
 *
 * Recognised by content; not read yet: the file is refused with the
 * name of its format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

/* With its prompt, or with the prompt implicit in chosen and rejected;
 * but chosen and rejected as Human/Assistant transcripts are HH's. */
const char *
_rubric_detect_trl (json_object *record)
{
  if (!_rubric_reader_has (record, "chosen") || !_rubric_reader_has (record, "rejected"))
    return NULL;
  if (_rubric_reader_has (record, "prompt"))
    return "TRL preference data (prompt/chosen/rejected)";
  if (!_rubric_reader_is_hh_transcript (rubric_json_get_string (record, "chosen")))
    return "TRL preference data with an implicit prompt (chosen/rejected)";
  return NULL;
}

gboolean
_rubric_convert_trl (RubricConvert *conv,
                     json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "trl: not read yet");
}
