/* rubric-reader-csv.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_arena_csv (json_object *record)
{
  if (_rubric_reader_has (record, "winner_model_a") && _rubric_reader_has (record, "response_a"))
    return "the Chatbot Arena human preference CSV (winner_model_a/winner_model_b/winner_tie)";
  return NULL;
}

gboolean
_rubric_convert_arena_csv (RubricConvert *conv,
                           json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "arena_csv: not read yet");
}

const char *
_rubric_detect_csv (json_object *record)
{
  if (FALSE)
    return "a CSV or TSV file with a column map";
  return NULL;
}

gboolean
_rubric_convert_csv (RubricConvert *conv,
                     json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "csv: not read yet");
}
