/* rubric-reader-labelstudio.c — Label Studio: the JSON, JSON_MIN and CSV/TSV exports
 *
 * The JSON export is an array of tasks {id, data, annotations,
 * predictions, …}; each annotation {id, completed_by, result: [{type,
 * from_name, to_name, value}], was_cancelled, lead_time, created_at, …}.
 * One Label Studio task becomes one Rubric task, whatever the number of
 * annotators; its kind comes from the results:
 *
 * - pairwise ({"selected": "left"|"right"}): a compare task whose
 *   responses are the two compared data values, left first, in the
 *   order Label Studio showed them (no shuffling); left is gold A.
 *   Label Studio saves the result against the Pairwise tag itself, so
 *   the compared data keys are, in this order: --map response=LEFT
 *   --map response=RIGHT; the two names of a to_name "a,b" that are
 *   data keys; or the only two string data keys that differ by a
 *   final 1/2, a/b, A/B or left/right (answer1 and answer2, response_a
 *   and response_b). Anything else is a problem asking for the map.
 * - ranker ({"ranker": {"<bucket>": [ids], …, "_": [ids]}}, or an old
 *   flat [ids]): a rank task of the List's items [{id, title, body}]
 *   (content = body, else html, else title), found at data[to_name],
 *   --map response=KEY, or the only data value that is such a list.
 *   The ranking follows the buckets in their order, each bucket's ids
 *   in theirs; the items left in "_" or in no bucket come last, tied
 *   with each other (gold.ties). meta.items keeps Label Studio's ids.
 * - textarea ({"text": [str, …]}): with neither of the above, a write
 *   task whose gold answer is the text; beside them, the justification.
 *   Several entries are joined by a blank line; a second TextArea is
 *   kept in gold.texts under its from_name.
 * - choices and rating are kept in gold.choices and gold.ratings,
 *   under their from_name.
 * A task with no result (not yet annotated) takes its kind from
 * --kind. Cancelled annotations (was_cancelled) are skipped; the gold
 * is the first other annotation with a deciding result, and
 * gold.annotators lists every such annotation's answers in order.
 * Predictions only help find the compared keys; they are no gold.
 *
 * The prompt is data[KEY] for --map prompt=KEY, else data["prompt"],
 * else the first string data value that is not compared (Label Studio
 * keeps the import's key order); --map system=KEY and id=KEY likewise.
 * Data keys used for nothing go to meta.data; each annotation's id,
 * annotator, lead_time and dates to meta.annotations.
 *
 * JSON_MIN (one flat object per annotation: data keys, one key per
 * control, annotator, annotation_id, …) is read only when a control's
 * value is unmistakably a pairwise or ranker result ([{"selected": …}],
 * [{"ranker": …}]); Choices and TextArea values are bare strings there,
 * indistinguishable from data, and are left with the data. Its task id
 * is "<id>-<annotation_id>", one task per annotation.
 *
 * The CSV/TSV export has the same columns as JSON_MIN, sorted, with
 * lists and objects as JSON. Nothing there says which column is the
 * prompt, so it is read only with --map, as the generic "csv" reader
 * reads a table, but the task id is "<id>-<annotation_id>" and a
 * label column may hold a pairwise result as JSON or left/right.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-private.h"

#define MAX_ITEMS 9

/* The keys JSON_MIN and CSV add to a task's data. */
static const char *own_keys[] = {
  "id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement",
};

static gboolean
is_own_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (own_keys); i++)
    {
      if (strcmp (key, own_keys[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A JSON_MIN control value: [{"selected": …}] or [{"ranker": …}]. */
static const char *
min_control_type (json_object *value)
{
  json_object *first;

  if (!json_object_is_type (value, json_type_array) || json_object_array_length (value) != 1)
    return NULL;
  first = json_object_array_get_idx (value, 0);
  if (!json_object_is_type (first, json_type_object) || json_object_object_length (first) != 1)
    return NULL;
  if (rubric_json_get_typed (first, "selected", json_type_string) != NULL)
    return "pairwise";
  if (_rubric_reader_has (first, "ranker"))
    return "ranker";
  return NULL;
}

static gboolean
is_json_min (json_object *record)
{
  if (!_rubric_reader_has (record, "annotation_id") || !_rubric_reader_has (record, "annotator") ||
      _rubric_reader_has (record, "annotations"))
    return FALSE;
  json_object_object_foreach (record, key, value)
    {
      (void) key;
      if (min_control_type (value) != NULL)
        return TRUE;
    }
  return FALSE;
}

const char *
_rubric_detect_labelstudio (json_object *record)
{
  if (rubric_json_get_typed (record, "data", json_type_object) != NULL &&
      (_rubric_reader_has (record, "annotations") || _rubric_reader_has (record, "predictions")))
    return "a Label Studio JSON export";
  if (is_json_min (record))
    return "a Label Studio JSON_MIN export";
  return NULL;
}

static guint
n_mapped (RubricConvert *conv,
          const char    *field)
{
  guint n = 0;

  while (_rubric_convert_mapped (conv, field, n) != NULL)
    n++;
  return n;
}

static json_object *
results_of (json_object *annotation)
{
  return rubric_json_get_typed (annotation, "result", json_type_array);
}

static gboolean
is_cancelled (json_object *annotation)
{
  json_object *cancelled = rubric_json_get_typed (annotation, "was_cancelled", json_type_boolean);

  return cancelled != NULL && json_object_get_boolean (cancelled);
}

/* The first result of @type in @list (annotations or predictions),
 * the uncancelled ones first if @usable. */
static json_object *
find_result (json_object *list,
             const char  *type,
             gboolean     usable)
{
  for (gsize i = 0; list != NULL && i < json_object_array_length (list); i++)
    {
      json_object *annotation = json_object_array_get_idx (list, i);
      json_object *results = results_of (annotation);

      if (usable && is_cancelled (annotation))
        continue;
      for (gsize r = 0; results != NULL && r < json_object_array_length (results); r++)
        {
          json_object *result = json_object_array_get_idx (results, r);

          if (g_strcmp0 (rubric_json_get_string (result, "type"), type) == 0)
            return result;
        }
    }
  return NULL;
}

static json_object *
find_any_result (json_object *annotations,
                 json_object *predictions,
                 const char  *type)
{
  json_object *result = find_result (annotations, type, TRUE);

  if (result == NULL)
    result = find_result (annotations, type, FALSE);
  if (result == NULL)
    result = find_result (predictions, type, FALSE);
  return result;
}

/* What one Label Studio task becomes: its data keys in use, and the
 * items of a rank task. */
typedef struct
{
  const char  *kind;
  const char  *prompt;
  const char  *system;
  const char  *left;
  const char  *right;
  const char  *items_key;
  json_object *items;        /* the List's items */
  GPtrArray   *item_ids;     /* their ids as strings, in order */
} Shape;

static void
shape_clear (Shape *shape)
{
  g_clear_pointer (&shape->item_ids, g_ptr_array_unref);
}

/* Whether @a and @b are one name with the ends @x and @y. */
static gboolean
names_differ_by (const char *a,
                 const char *b,
                 const char *x,
                 const char *y)
{
  gsize la = strlen (a), lb = strlen (b), lx = strlen (x), ly = strlen (y);

  return la > lx && lb > ly && la - lx == lb - ly && strncmp (a, b, la - lx) == 0 &&
         strcmp (a + la - lx, x) == 0 && strcmp (b + lb - ly, y) == 0;
}

/* The two string data keys (besides @skip) that differ only by a final
 * 1/2, a/b, A/B or left/right, in that order; FALSE unless exactly one
 * such pair exists. */
static gboolean
guess_pair (json_object  *data,
            const char   *skip,
            const char  **left,
            const char  **right)
{
  static const char *ends[][2] = { { "1", "2" }, { "a", "b" }, { "A", "B" }, { "left", "right" }, { "Left", "Right" } };
  guint found = 0;

  json_object_object_foreach (data, a, va)
    {
      if (!json_object_is_type (va, json_type_string) || g_strcmp0 (a, skip) == 0)
        continue;
      json_object_object_foreach (data, b, vb)
        {
          if (!json_object_is_type (vb, json_type_string) || g_strcmp0 (b, skip) == 0)
            continue;
          for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
            {
              if (names_differ_by (a, b, ends[e][0], ends[e][1]))
                *left = a, *right = b, found++;
            }
        }
    }
  return found == 1;
}

static gboolean
find_pair (RubricConvert *conv,
           json_object   *data,
           json_object   *pairwise,
           Shape         *shape)
{
  const char *to_name = rubric_json_get_string (pairwise, "to_name");
  g_autofree char *keys = NULL;

  if (n_mapped (conv, "response") == 2)
    {
      shape->left = _rubric_convert_mapped (conv, "response", 0);
      shape->right = _rubric_convert_mapped (conv, "response", 1);
      return TRUE;
    }
  if (to_name != NULL && strchr (to_name, ',') != NULL)
    {
      g_auto(GStrv) names = g_strsplit (to_name, ",", -1);

      if (g_strv_length (names) == 2 && _rubric_reader_has (data, names[0]) && _rubric_reader_has (data, names[1]))
        {
          /* Point into @data's own keys, which outlive @names. */
          json_object_object_foreach (data, key, value)
            {
              (void) value;
              if (strcmp (key, names[0]) == 0)
                shape->left = key;
              if (strcmp (key, names[1]) == 0)
                shape->right = key;
            }
          return TRUE;
        }
    }
  if (guess_pair (data, shape->prompt, &shape->left, &shape->right))
    return TRUE;
  keys = rubric_json_list_keys (data, 0);
  return _rubric_convert_fail (conv, "data",
                               _("the pairwise result (%s) does not say which data it compared; name them, left first, "
                               "with --map response=KEY --map response=KEY (the data keys are %s)"),
                               rubric_json_get_string (pairwise, "from_name") ? rubric_json_get_string (pairwise, "from_name")
                                                                              : "unnamed",
                               keys);
}

static gboolean
is_item_list (json_object *value)
{
  gsize n;

  if (!json_object_is_type (value, json_type_array) || (n = json_object_array_length (value)) == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      if (!_rubric_reader_has (json_object_array_get_idx (value, i), "id"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
find_items (RubricConvert *conv,
            json_object   *data,
            json_object   *ranker,
            Shape         *shape)
{
  const char *to_name = rubric_json_get_string (ranker, "to_name");
  const char *key = _rubric_convert_mapped (conv, "response", 0);
  guint n_lists = 0;
  json_object *items;

  if (key == NULL && to_name != NULL && is_item_list (_rubric_reader_get (data, to_name)))
    key = to_name;
  if (key == NULL)
    {
      json_object_object_foreach (data, name, value)
        {
          if (is_item_list (value))
            key = name, n_lists++;
        }
      if (n_lists != 1)
        return _rubric_convert_fail (conv, "data",
                                     n_lists == 0 ? _("the ranker's list of items [{id, title, body}] is not in the data")
                                                  : _("more than one data value is a list of items; name the ranked one "
                                                    "with --map response=KEY"));
    }
  json_object_object_foreach (data, name, value)
    {
      (void) value;
      if (strcmp (name, key) == 0)
        shape->items_key = name;
    }
  if (shape->items_key == NULL)
    return _rubric_convert_fail (conv, "data", _("“%s” is not a data key"), key);
  items = _rubric_reader_get (data, shape->items_key);
  if (!is_item_list (items))
    return _rubric_convert_fail (conv, "data", _("data[“%s”] must be a list of items [{id, title, body}]"), shape->items_key);
  if (json_object_array_length (items) < 2 || json_object_array_length (items) > MAX_ITEMS)
    return _rubric_convert_fail (conv, "data", _("data[“%s”] has %zu items; a rank task holds 2 to %d"),
                                 shape->items_key, json_object_array_length (items), MAX_ITEMS);
  shape->items = items;
  shape->item_ids = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < json_object_array_length (items); i++)
    g_ptr_array_add (shape->item_ids, g_strdup (json_object_get_string (json_object_object_get (json_object_array_get_idx (items, i), "id"))));
  return TRUE;
}

static int
item_index (Shape      *shape,
            const char *id)
{
  for (guint i = 0; i < shape->item_ids->len; i++)
    {
      if (strcmp (g_ptr_array_index (shape->item_ids, i), id) == 0)
        return (int) i;
    }
  return -1;
}

/* The first string data key that nothing else uses. */
static const char *
first_free_text (json_object *data,
                 Shape       *shape)
{
  json_object_object_foreach (data, key, value)
    {
      if (json_object_is_type (value, json_type_string) && g_strcmp0 (key, shape->left) != 0 &&
          g_strcmp0 (key, shape->right) != 0 && g_strcmp0 (key, shape->system) != 0 &&
          g_strcmp0 (key, shape->items_key) != 0)
        return key;
    }
  return NULL;
}

static gboolean
key_used (Shape      *shape,
          const char *key)
{
  return g_strcmp0 (key, shape->prompt) == 0 || g_strcmp0 (key, shape->system) == 0 ||
         g_strcmp0 (key, shape->left) == 0 || g_strcmp0 (key, shape->right) == 0 ||
         g_strcmp0 (key, shape->items_key) == 0;
}

/* One annotation's answers ------------------------------------------ */

/* A TextArea's text: its one entry as it is, several joined by a
 * blank line; NULL for none. */
static json_object *
text_of (json_object *value)
{
  json_object *text = _rubric_reader_get (value, "text");
  json_object *out;
  GString *joined;

  if (json_object_is_type (text, json_type_string))
    return json_object_get (text);
  if (!json_object_is_type (text, json_type_array) || json_object_array_length (text) == 0)
    return NULL;
  if (json_object_array_length (text) == 1 && json_object_is_type (json_object_array_get_idx (text, 0), json_type_string))
    return json_object_get (json_object_array_get_idx (text, 0));
  joined = g_string_new (NULL);
  for (gsize i = 0; i < json_object_array_length (text); i++)
    {
      json_object *entry = json_object_array_get_idx (text, i);

      if (!json_object_is_type (entry, json_type_string))
        continue;
      if (i > 0)
        g_string_append (joined, "\n\n");
      g_string_append_len (joined, json_object_get_string (entry), json_object_get_string_len (entry));
    }
  out = json_object_new_string_len (joined->str, (int) joined->len);
  g_string_free (joined, TRUE);
  return out;
}

/* Appends item @index to @ranking unless it is there already. */
static void
place (json_object *ranking,
       gboolean    *placed,
       guint        index)
{
  if (!placed[index])
    json_object_array_add (ranking, _rubric_convert_response_id (index));
  placed[index] = TRUE;
}

/* A ranker value as response ids best first: the buckets in order,
 * then what is left ("_" first), tied. FALSE after reporting an id
 * that is not an item; TRUE with nothing added when nothing is ranked. */
static gboolean
read_ranker (RubricConvert *conv,
             Shape         *shape,
             json_object   *value,
             json_object   *answers,
             const char    *field)
{
  json_object *ranker = _rubric_reader_get (value, "ranker");
  guint n = shape->item_ids->len;
  g_autofree gboolean *placed = g_new0 (gboolean, n);
  g_autoptr(json_object) ranking = json_object_new_array ();
  g_autoptr(json_object) ties = json_object_new_array ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  json_object *unsorted = NULL;
  gsize n_ranked;

  if (json_object_is_type (ranker, json_type_array))
    g_ptr_array_add (lists, ranker);
  else if (json_object_is_type (ranker, json_type_object))
    {
      json_object_object_foreach (ranker, bucket, ids)
        {
          if (strcmp (bucket, "_") == 0)
            unsorted = ids;
          else
            g_ptr_array_add (lists, ids);
        }
    }
  else
    return _rubric_convert_fail (conv, field, _("must be {\"ranker\": {\"bucket\": [ids]}} or {\"ranker\": [ids]}"));
  if (unsorted != NULL)
    g_ptr_array_add (lists, unsorted);

  for (guint l = 0; l < lists->len; l++)
    {
      json_object *ids = g_ptr_array_index (lists, l);

      if (!json_object_is_type (ids, json_type_array))
        return _rubric_convert_fail (conv, field, _("a bucket must be a list of item ids"));
      if (ids == unsorted)
        break;
      for (gsize i = 0; i < json_object_array_length (ids); i++)
        {
          const char *id = json_object_get_string (json_object_array_get_idx (ids, i));
          int index = item_index (shape, id ? id : "");

          if (index < 0)
            return _rubric_convert_fail (conv, field, _("“%s” is not an item of data[“%s”]"), id ? id : "null", shape->items_key);
          place (ranking, placed, (guint) index);
        }
    }
  n_ranked = json_object_array_length (ranking);
  if (n_ranked == 0)
    return TRUE;
  for (gsize i = 0; unsorted != NULL && i < json_object_array_length (unsorted); i++)
    {
      const char *id = json_object_get_string (json_object_array_get_idx (unsorted, i));
      int index = item_index (shape, id ? id : "");

      if (index < 0)
        return _rubric_convert_fail (conv, field, _("“%s” is not an item of data[“%s”]"), id ? id : "null", shape->items_key);
      place (ranking, placed, (guint) index);
    }
  for (guint i = 0; i < n; i++)
    place (ranking, placed, i);
  for (gsize i = n_ranked + 1; i < json_object_array_length (ranking); i++)
    json_object_array_add (ties, json_object_get (json_object_array_get_idx (ranking, i)));

  json_object_object_add (answers, "ranking", g_steal_pointer (&ranking));
  if (json_object_array_length (ties) > 0)
    json_object_object_add (answers, "ties", g_steal_pointer (&ties));
  return TRUE;
}

/* What annotation @a said, as gold keys: choice, ranking and ties, or
 * answer; justification, texts, choices, ratings. Sets @decided when
 * it answers what the task asks. NULL after reporting. */
static json_object *
read_annotation (RubricConvert *conv,
                 Shape         *shape,
                 json_object   *annotation,
                 gsize          a,
                 gboolean      *decided)
{
  g_autoptr(json_object) answers = json_object_new_object ();
  json_object *results = results_of (annotation);
  gboolean seen_text = FALSE;

  *decided = FALSE;
  if (_rubric_reader_has (annotation, "completed_by"))
    json_object_object_add (answers, "annotator", json_object_get (_rubric_reader_get (annotation, "completed_by")));
  if (_rubric_reader_has (annotation, "id"))
    json_object_object_add (answers, "annotation_id", json_object_get (_rubric_reader_get (annotation, "id")));
  for (gsize r = 0; results != NULL && r < json_object_array_length (results); r++)
    {
      json_object *result = json_object_array_get_idx (results, r);
      json_object *value = rubric_json_get_typed (result, "value", json_type_object);
      const char *type = rubric_json_get_string (result, "type");
      const char *from_name = rubric_json_get_string (result, "from_name");
      g_autofree char *field = g_strdup_printf ("annotations[%zu].result[%zu].value", a, r);

      if (value == NULL || type == NULL)
        continue;
      if (strcmp (type, "pairwise") == 0 && strcmp (shape->kind, "compare") == 0)
        {
          const char *selected = rubric_json_get_string (value, "selected");

          if (g_strcmp0 (selected, "left") != 0 && g_strcmp0 (selected, "right") != 0)
            {
              _rubric_convert_fail (conv, field, _("selected must be left or right, not %s"), selected ? selected : "missing");
              return NULL;
            }
          json_object_object_add (answers, "choice", json_object_new_string (strcmp (selected, "left") == 0 ? "A" : "B"));
          *decided = TRUE;
        }
      else if (strcmp (type, "ranker") == 0 && strcmp (shape->kind, "rank") == 0)
        {
          if (!read_ranker (conv, shape, value, answers, field))
            return NULL;
          *decided = _rubric_reader_has (answers, "ranking");
        }
      else if (strcmp (type, "textarea") == 0)
        {
          json_object *text = text_of (value);

          if (text == NULL)
            continue;
          if (!seen_text && strcmp (shape->kind, "write") == 0)
            json_object_object_add (answers, "answer", text), *decided = TRUE;
          else if (!seen_text)
            json_object_object_add (answers, "justification", text);
          else
            _rubric_convert_add_under (answers, "texts", from_name, text);
          seen_text = TRUE;
        }
      else if (strcmp (type, "choices") == 0 && _rubric_reader_has (value, "choices"))
        _rubric_convert_add_under (answers, "choices", from_name, json_object_get (_rubric_reader_get (value, "choices")));
      else if (strcmp (type, "rating") == 0 && _rubric_reader_has (value, "rating"))
        _rubric_convert_add_under (answers, "ratings", from_name, json_object_get (_rubric_reader_get (value, "rating")));
    }
  return g_steal_pointer (&answers);
}

/* One Label Studio task --------------------------------------------- */

static gboolean
find_shape (RubricConvert *conv,
            json_object   *data,
            json_object   *annotations,
            json_object   *predictions,
            Shape         *shape)
{
  const char *kind = conv->options ? conv->options->kind : NULL;
  json_object *pairwise = find_any_result (annotations, predictions, "pairwise");
  json_object *ranker = pairwise ? NULL : find_any_result (annotations, predictions, "ranker");
  const char *keys[] = { _rubric_convert_mapped (conv, "prompt", 0), _rubric_convert_mapped (conv, "system", 0) };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (keys[i] != NULL && !_rubric_reader_has (data, keys[i]))
        return _rubric_convert_fail (conv, "data", _("“%s” is not a data key"), keys[i]);
    }
  shape->prompt = keys[0];
  if (shape->prompt == NULL && rubric_json_get_typed (data, "prompt", json_type_string) != NULL)
    shape->prompt = "prompt";
  shape->system = keys[1];
  if (shape->system == NULL && rubric_json_get_typed (data, "system", json_type_string) != NULL)
    shape->system = "system";

  if (pairwise != NULL)
    shape->kind = "compare";
  else if (ranker != NULL)
    shape->kind = "rank";
  else if (find_any_result (annotations, predictions, "textarea") != NULL)
    shape->kind = "write";
  else if (kind != NULL)
    shape->kind = kind;
  else
    return _rubric_convert_fail (conv, "annotations",
                                 _("no pairwise, ranker or textarea result says what this task is; name its kind with --kind"));

  if (strcmp (shape->kind, "compare") == 0)
    {
      if (!find_pair (conv, data, pairwise, shape))
        return FALSE;
    }
  else if (strcmp (shape->kind, "rank") == 0)
    {
      if (!find_items (conv, data, ranker, shape))
        return FALSE;
    }
  else if (strcmp (shape->kind, "review") == 0)
    {
      if ((shape->left = _rubric_convert_mapped (conv, "response", 0)) == NULL)
        return _rubric_convert_fail (conv, "data", _("a review task needs its response: --map response=KEY"));
    }
  else if (strcmp (shape->kind, "write") != 0)
    return _rubric_convert_fail (conv, NULL, _("--kind %s: not a task kind; use write, compare, rank or review"), shape->kind);

  if (shape->prompt == NULL)
    shape->prompt = first_free_text (data, shape);
  return TRUE;
}

static gboolean
add_data_text (RubricConvert *conv,
               json_object   *task,
               json_object   *data,
               const char    *key,
               const char    *what)
{
  json_object *value = NULL;
  g_autofree char *field = g_strdup_printf ("data.%s", key);

  if (!json_object_object_get_ex (data, key, &value))
    return _rubric_convert_fail (conv, field, _("missing"));
  if (!json_object_is_type (value, json_type_string))
    return _rubric_convert_fail (conv, field, _("must be text, not %s"),
                                 value == NULL ? "null" : json_type_to_name (json_object_get_type (value)));
  if (strcmp (what, "response") == 0)
    _rubric_convert_add_response (task, value, NULL);
  else
    json_object_object_add (task, what, json_object_get (value));
  return TRUE;
}

static gboolean
add_items (RubricConvert *conv,
           json_object   *task,
           Shape         *shape,
           json_object   *meta)
{
  static const char *text_keys[] = { "body", "html", "title" };
  json_object *items = json_object_new_array ();

  json_object_object_add (meta, "items", items);
  for (gsize i = 0; i < json_object_array_length (shape->items); i++)
    {
      json_object *item = json_object_array_get_idx (shape->items, i);
      json_object *content = NULL;
      json_object *kept = json_object_new_object ();

      for (guint k = 0; k < G_N_ELEMENTS (text_keys) && content == NULL; k++)
        content = rubric_json_get_typed (item, text_keys[k], json_type_string);
      if (content == NULL)
        return _rubric_convert_fail (conv, "data", _("data[“%s”][%zu] has no body, html or title text"), shape->items_key, i);
      _rubric_convert_add_response (task, content, NULL);
      json_object_object_add (kept, "response", _rubric_convert_response_id ((guint) i));
      json_object_object_foreach (item, key, value)
        {
          if (value != content)
            json_object_object_add (kept, key, json_object_get (value));
        }
      json_object_array_add (items, kept);
    }
  return TRUE;
}

static json_object *
annotation_facts (json_object *annotation)
{
  static const struct { const char *from; const char *to; } keys[] = {
    { "id", "annotation_id" }, { "completed_by", "annotator" }, { "lead_time", "lead_time" },
    { "created_at", "created_at" }, { "updated_at", "updated_at" }, { "was_cancelled", "was_cancelled" },
    { "ground_truth", "ground_truth" },
  };
  json_object *facts = json_object_new_object ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      json_object *value = NULL;

      if (json_object_object_get_ex (annotation, keys[i].from, &value))
        json_object_object_add (facts, keys[i].to, json_object_get (value));
    }
  return facts;
}

static gboolean
convert_task (RubricConvert *conv,
              json_object   *record,
              const char    *id)
{
  json_object *data = rubric_json_get_typed (record, "data", json_type_object);
  json_object *annotations = rubric_json_get_typed (record, "annotations", json_type_array);
  json_object *predictions = rubric_json_get_typed (record, "predictions", json_type_array);
  g_autoptr(json_object) task = NULL;
  g_autoptr(json_object) meta = json_object_new_object ();
  g_autoptr(json_object) annotators = json_object_new_array ();
  g_autoptr(json_object) unused = json_object_new_object ();
  json_object *decision = NULL;
  json_object *facts = json_object_new_array ();
  Shape shape = { 0 };
  gboolean ok = FALSE;

  json_object_object_add (meta, "annotations", facts);
  if (data == NULL)
    return _rubric_convert_fail (conv, "data", _("must be an object of the task's data"));
  if (_rubric_reader_has (record, "annotations") && annotations == NULL &&
      !json_object_is_type (_rubric_reader_get (record, "annotations"), json_type_null))
    return _rubric_convert_fail (conv, "annotations", _("must be a list"));
  if (!find_shape (conv, data, annotations, predictions, &shape))
    goto out;

  if (id == NULL && _rubric_convert_mapped (conv, "id", 0) != NULL)
    {
      json_object *value = _rubric_reader_get (data, _rubric_convert_mapped (conv, "id", 0));

      if (value == NULL || json_object_is_type (value, json_type_object) || json_object_is_type (value, json_type_array))
        {
          _rubric_convert_fail (conv, "data", _("data[“%s”] must be the task's id"), _rubric_convert_mapped (conv, "id", 0));
          goto out;
        }
      id = json_object_get_string (value);
    }
  if (id == NULL && _rubric_reader_has (record, "id") && _rubric_reader_get (record, "id") != NULL)
    id = json_object_get_string (_rubric_reader_get (record, "id"));
  task = _rubric_convert_task_new (conv, shape.kind, id);
  if (shape.system != NULL && !add_data_text (conv, task, data, shape.system, "system"))
    goto out;
  if (shape.prompt != NULL)
    {
      if (!add_data_text (conv, task, data, shape.prompt, "prompt"))
        goto out;
    }
  else
    json_object_object_add (task, "prompt", json_object_new_string (""));
  if (shape.left != NULL && !add_data_text (conv, task, data, shape.left, "response"))
    goto out;
  if (shape.right != NULL && !add_data_text (conv, task, data, shape.right, "response"))
    goto out;
  if (shape.items != NULL && !add_items (conv, task, &shape, meta))
    goto out;

  for (gsize a = 0; annotations != NULL && a < json_object_array_length (annotations); a++)
    {
      json_object *annotation = json_object_array_get_idx (annotations, a);
      json_object *answers;
      gboolean decided;

      json_object_array_add (facts, annotation_facts (annotation));
      if (is_cancelled (annotation))
        continue;
      if ((answers = read_annotation (conv, &shape, annotation, a, &decided)) == NULL)
        goto out;
      if (decided && decision == NULL)
        decision = answers;
      json_object_array_add (annotators, answers);
    }
  if (decision != NULL)
    {
      json_object *gold = _rubric_convert_gold (conv, task);

      json_object_object_foreach (decision, key, value)
        {
          if (strcmp (key, "annotation_id") != 0)
            json_object_object_add (gold, key, json_object_get (value));
        }
      json_object_object_add (gold, "annotators", g_steal_pointer (&annotators));
    }
  else if (json_object_array_length (annotators) > 0)
    json_object_object_add (meta, "annotators", g_steal_pointer (&annotators));

  json_object_object_foreach (data, key, value)
    {
      if (!key_used (&shape, key))
        json_object_object_add (unused, key, json_object_get (value));
    }
  if (json_object_object_length (unused) > 0)
    json_object_object_add (meta, "data", g_steal_pointer (&unused));
  if (json_object_array_length (facts) == 0)
    json_object_object_del (meta, "annotations");
  if (json_object_object_length (meta) > 0)
    json_object_object_add (task, "meta", g_steal_pointer (&meta));
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  ok = TRUE;

out:
  shape_clear (&shape);
  return ok;
}

/* JSON_MIN: one annotation, flat; made into the JSON export's shape. */
static gboolean
convert_min (RubricConvert *conv,
             json_object   *record)
{
  g_autoptr(json_object) task = json_object_new_object ();
  json_object *data = json_object_new_object ();
  json_object *annotation = json_object_new_object ();
  json_object *annotations = json_object_new_array ();
  json_object *results = json_object_new_array ();
  json_object *value = NULL;
  g_autofree char *id = NULL;

  json_object_object_add (task, "data", data);
  json_object_object_add (task, "annotations", annotations);
  json_object_array_add (annotations, annotation);
  if (json_object_object_get_ex (record, "annotation_id", &value))
    json_object_object_add (annotation, "id", json_object_get (value));
  if (json_object_object_get_ex (record, "annotator", &value))
    json_object_object_add (annotation, "completed_by", json_object_get (value));
  json_object_object_add (annotation, "result", results);
  json_object_object_foreach (record, key, member)
    {
      const char *type = min_control_type (member);

      if (type != NULL)
        {
          json_object *result = json_object_new_object ();

          json_object_object_add (result, "type", json_object_new_string (type));
          json_object_object_add (result, "from_name", json_object_new_string (key));
          json_object_object_add (result, "value", json_object_get (json_object_array_get_idx (member, 0)));
          json_object_array_add (results, result);
        }
      else if (strcmp (key, "lead_time") == 0 || strcmp (key, "created_at") == 0 || strcmp (key, "updated_at") == 0)
        json_object_object_add (annotation, key, json_object_get (member));
      else if (!is_own_key (key))
        json_object_object_add (data, key, json_object_get (member));
    }
  if (_rubric_reader_has (record, "id") && _rubric_reader_get (record, "id") != NULL)
    id = g_strdup_printf ("%s-%s", json_object_get_string (_rubric_reader_get (record, "id")),
                          json_object_get_string (_rubric_reader_get (record, "annotation_id")));
  return convert_task (conv, task, id);
}

gboolean
_rubric_convert_labelstudio (RubricConvert *conv,
                             json_object   *record)
{
  if (!_rubric_reader_has (record, "data") && _rubric_reader_has (record, "annotation_id"))
    return convert_min (conv, record);
  return convert_task (conv, record, NULL);
}

/* CSV and TSV ------------------------------------------------------- */

const char *
_rubric_detect_labelstudio_csv (json_object *record)
{
  if (_rubric_reader_has (record, "annotation_id") && _rubric_reader_has (record, "annotator"))
    return "a Label Studio CSV or TSV export";
  return NULL;
}

/* Without a map, says once which columns there are to map. */
static gboolean
ask_for_map (RubricConvert *conv,
             json_object   *record)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  const char *example[3] = { "COLUMN", "COLUMN", "COLUMN" };
  guint n = 0;

  if (conv->state != NULL)
    return TRUE;
  conv->state = GINT_TO_POINTER (1);
  json_object_object_foreach (record, column, value)
    {
      (void) value;
      if (is_own_key (column))
        continue;
      if (n < G_N_ELEMENTS (example))
        example[n] = column;
      g_string_append_printf (columns, "%s“%s”", n++ > 0 ? ", " : "", column);
    }
  return _rubric_convert_fail (conv, NULL,
                               _("no --map given: a Label Studio CSV export does not say which columns hold the prompt "
                               "and the responses. Its columns besides Label Studio's own are %s; name them, such as "
                               "--map prompt=%s --map response=%s --map response=%s (and --map label=COLUMN for a "
                               "pairwise result)"),
                               columns->str, example[0], example[1], example[2]);
}

gboolean
_rubric_convert_labelstudio_csv (RubricConvert *conv,
                                 json_object   *record)
{
  const char *task_id = rubric_json_get_string (record, "id");
  const char *annotation_id = rubric_json_get_string (record, "annotation_id");
  g_autofree char *id = NULL;

  if (conv->options == NULL || conv->options->map == NULL || conv->options->map[0] == NULL)
    return ask_for_map (conv, record);
  if (task_id != NULL && *task_id != '\0')
    id = annotation_id != NULL && *annotation_id != '\0' ? g_strdup_printf ("%s-%s", task_id, annotation_id)
                                                         : g_strdup (task_id);
  return _rubric_convert_csv_mapped (conv, record, id, TRUE);
}
