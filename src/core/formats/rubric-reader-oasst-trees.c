/* rubric-reader-oasst-trees.c — OpenAssistant export trees, one tree a line
 *
 * {"message_tree_id", "tree_state", "prompt": node}, each node a
 * message with its "replies". The tasks are those of the flat export
 * (see rubric-reader-oasst1.c, which builds them for both): a rank
 * task for every message with two or more assistant replies, ranked
 * by their rank where it is given.
 *
 * The nesting is the tree: a node's parent_id (absent on the root) is
 * not consulted. A node that does not fit (no text, an unknown role, a
 * rank that is not a whole number) makes the whole line a problem,
 * named by its place, such as prompt.replies[1].replies[0].rank.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-reader-oasst.h"

const char *
_rubric_detect_oasst_trees (json_object *record)
{
  if (_rubric_reader_has (record, "message_tree_id") && rubric_json_get_typed (record, "prompt", json_type_object) != NULL)
    return "OpenAssistant message trees (one tree a line)";
  return NULL;
}

static void
clear_message (gpointer data)
{
  RubricOasstMessage *m = data;

  json_object_put (m->message);
}

/* Adds @node and the nodes below it, depth first. The JSON reader
 * bounds the nesting, and so the recursion. */
static gboolean
add_node (RubricConvert *conv,
          GArray        *messages,
          json_object   *node,
          int            parent,
          const char    *where)
{
  RubricOasstMessage m = { 0 };
  json_object *replies = _rubric_reader_get (node, "replies");
  json_object *deleted = _rubric_reader_get (node, "deleted");
  int self = (int) messages->len;

  if (!json_object_is_type (node, json_type_object))
    return _rubric_convert_fail (conv, where, _("must be a message object"));
  if (!_rubric_oasst_check_message (conv, node, where))
    return FALSE;
  m.message = json_object_get (node);
  m.line = conv->line;
  m.parent = parent;
  m.dead = deleted != NULL && json_object_get_boolean (deleted);
  g_array_append_val (messages, m);

  if (replies == NULL || json_object_is_type (replies, json_type_null))
    return TRUE;
  if (!json_object_is_type (replies, json_type_array))
    {
      g_autofree char *path = g_strdup_printf ("%s.replies", where);

      return _rubric_convert_fail (conv, path, _("must be a list of messages"));
    }
  for (gsize i = 0; i < json_object_array_length (replies); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.replies[%zu]", where, i);

      if (!add_node (conv, messages, json_object_array_get_idx (replies, i), self, path))
        return FALSE;
    }
  return TRUE;
}

gboolean
_rubric_convert_oasst_trees (RubricConvert *conv,
                             json_object   *record)
{
  g_autoptr(GArray) messages = g_array_new (FALSE, TRUE, sizeof (RubricOasstMessage));
  json_object *tree_id = _rubric_convert_text (conv, record, "message_tree_id", NULL, FALSE);
  json_object *tree_state = rubric_json_get_typed (record, "tree_state", json_type_string);

  g_array_set_clear_func (messages, clear_message);
  if (tree_id == NULL)
    return FALSE;
  if (rubric_json_get_typed (record, "prompt", json_type_object) == NULL)
    return _rubric_convert_fail (conv, "prompt", _("must be the tree's first message, an object"));
  if (!add_node (conv, messages, _rubric_reader_get (record, "prompt"), -1, "prompt"))
    return FALSE;
  _rubric_oasst_tree_tasks (conv, messages, tree_id, tree_state);
  return TRUE;
}
