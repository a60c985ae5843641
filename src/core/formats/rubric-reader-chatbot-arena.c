/* rubric-reader-chatbot-arena.c — Chatbot Arena comparisons: two conversations and a winner
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
_rubric_detect_chatbot_arena (json_object *record)
{
  if (_rubric_reader_has (record, "conversation_a") && _rubric_reader_has (record, "winner"))
    return "Chatbot Arena comparisons";
  return NULL;
}

gboolean
_rubric_convert_chatbot_arena (RubricConvert *conv,
                               json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "chatbot_arena: not read yet");
}
