/* rubric-reader-kto.c — unpaired preference (KTO) data: a completion and a label
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
_rubric_detect_kto (json_object *record)
{
  if (!_rubric_reader_has (record, "label"))
    return NULL;
  if (_rubric_reader_has (record, "messages"))
    return "unpaired preference (KTO) data with messages and a label";
  return NULL;
}

const char *
_rubric_detect_trl_unpaired (json_object *record)
{
  if (_rubric_reader_has (record, "label") && _rubric_reader_has (record, "prompt") &&
      _rubric_reader_has (record, "completion"))
    return "TRL unpaired preference (KTO) data (prompt/completion/label)";
  return NULL;
}

gboolean
_rubric_convert_kto (RubricConvert *conv,
                     json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "kto: not read yet");
}

gboolean
_rubric_convert_trl_unpaired (RubricConvert *conv,
                              json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "trl_unpaired: not read yet");
}

void
_rubric_finish_trl_unpaired (RubricConvert *conv)
{
}
