/* rubric-reader-oasst-trees.c — TODO: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "rubric-reader-private.h"

const char *
_rubric_detect_oasst_trees (json_object *record)
{
  if (_rubric_reader_has (record, "message_tree_id") && rubric_json_get_typed (record, "prompt", json_type_object) != NULL)
    return "OpenAssistant message trees (one tree a line)";
  return NULL;
}

gboolean
_rubric_convert_oasst_trees (RubricConvert *conv,
                             json_object   *record)
{
  return _rubric_convert_fail (conv, NULL, "oasst_trees: not read yet");
}
