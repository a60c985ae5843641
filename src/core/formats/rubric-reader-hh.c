/* rubric-reader-hh.c — Anthropic HH: chosen and rejected Human/Assistant transcripts
 *
 * Recognised by content; not read yet: the file is refused with the
 * name of its format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

gboolean
_rubric_reader_is_hh_transcript (const char *text)
{
  return text != NULL && (g_str_has_prefix (text, "\n\nHuman:") || strstr (text, "\n\nAssistant:") != NULL);
}

const char *
_rubric_detect_hh (json_object *record)
{
  if (_rubric_reader_has (record, "chosen") && _rubric_reader_has (record, "rejected") &&
      _rubric_reader_is_hh_transcript (rubric_json_get_string (record, "chosen")))
    return "Anthropic HH preference data (chosen/rejected Human/Assistant transcripts)";
  return NULL;
}
