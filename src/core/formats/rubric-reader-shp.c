/* rubric-reader-shp.c — Stanford Human Preferences (SHP)
 *
 * One pair of top-level Reddit comments to one post a line: history
 * (the post's title and body) is the prompt, human_ref_A and
 * human_ref_B the responses A and B, in that order (the dataset's
 * labels already put the preferred one on either side at random).
 * labels is 1 when A is preferred, 0 when B is; SHP has no ties. The
 * task is named post_id-c_root_id_A-c_root_id_B, since a post gives
 * many pairs. Everything else (domain, upvote_ratio, score_A, score_B,
 * score_ratio, created_at_utc_*, seconds_difference…) goes to meta.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-private.h"

const char *
_rubric_detect_shp (json_object *record)
{
  if (_rubric_reader_has (record, "human_ref_A") && _rubric_reader_has (record, "human_ref_B"))
    return "Stanford Human Preferences (SHP)";
  return NULL;
}

/* An id as text: Reddit's are strings, but a copy may have made a
 * number of one. */
static char *
id_text (json_object *value)
{
  if (json_object_is_type (value, json_type_string))
    return g_strdup (json_object_get_string (value));
  if (json_object_is_type (value, json_type_int))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int64 (value));
  return NULL;
}

gboolean
_rubric_convert_shp (RubricConvert *conv,
                     json_object   *record)
{
  json_object *history = _rubric_convert_text (conv, record, "history", NULL, FALSE);
  json_object *ref_a = history ? _rubric_convert_text (conv, record, "human_ref_A", NULL, FALSE) : NULL;
  json_object *ref_b = ref_a ? _rubric_convert_text (conv, record, "human_ref_B", NULL, FALSE) : NULL;
  json_object *labels = _rubric_reader_get (record, "labels");
  g_autofree char *post = id_text (_rubric_reader_get (record, "post_id"));
  g_autofree char *comment_a = id_text (_rubric_reader_get (record, "c_root_id_A"));
  g_autofree char *comment_b = id_text (_rubric_reader_get (record, "c_root_id_B"));
  g_autofree char *id = NULL;
  g_autoptr(json_object) task = NULL;
  json_object *gold, *meta;
  double label;

  if (ref_b == NULL)
    return FALSE;
  if (labels == NULL)
    return _rubric_convert_fail (conv, "labels", _("missing"));
  if (!_rubric_convert_number (labels, &label) || (label != 0 && label != 1))
    return _rubric_convert_fail (conv, "labels", _("must be 1 (A is preferred) or 0 (B is), not %s"),
                                 json_object_to_json_string_ext (labels, JSON_C_TO_STRING_PLAIN));

  if (post != NULL && *post != '\0')
    id = comment_a != NULL && comment_b != NULL ? g_strdup_printf ("%s-%s-%s", post, comment_a, comment_b)
                                                : g_strdup (post);
  task = _rubric_convert_task_new (conv, "compare", id);
  json_object_object_add (task, "prompt", json_object_get (history));
  _rubric_convert_add_response (task, ref_a, NULL);
  _rubric_convert_add_response (task, ref_b, NULL);
  gold = _rubric_convert_gold (conv, task);
  json_object_object_add (gold, "choice", json_object_new_string (label == 1 ? "A" : "B"));

  meta = json_object_new_object ();
  json_object_object_foreach (record, key, value)
    {
      if (strcmp (key, "history") != 0 && strcmp (key, "human_ref_A") != 0 && strcmp (key, "human_ref_B") != 0 &&
          strcmp (key, "labels") != 0)
        json_object_object_add (meta, key, json_object_get (value));
    }
  json_object_object_add (task, "meta", meta);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
