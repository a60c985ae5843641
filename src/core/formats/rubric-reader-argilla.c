/* rubric-reader-argilla.c — Argilla records (records.json of Dataset.to_disk)
 *
 * records.json is a JSON array of {id, fields: {name: value}, metadata,
 * suggestions: {question: {value, score, agent}}, responses: {question:
 * [{value, user_id, status?}]}, vectors, _server_id} (Argilla 2). The
 * FeedbackDataset form of Argilla 1, responses: [{user_id, values:
 * {question: {value}}, status}], is read too.
 *
 * Fields: the prompt is --map prompt=FIELD, else the field prompt,
 * instruction or question (the first there is); the system message
 * --map system=FIELD or the field system. The responses are the
 * fields --map response=FIELD names, in order; else the chosen and
 * rejected fields, as a pair (the chosen one on a side fixed by
 * _rubric_convert_pair, which also makes it the gold unless an
 * annotator answered); else every text field whose name begins with
 * response or completion, in the record's order. Their number makes
 * the kind: none a write task, one a review, two a compare, three to
 * nine a rank. Other fields go to meta.fields.
 *
 * Answers, by the shape of their value (records.json does not say the
 * question types; .argilla/settings.json, which does, is not read):
 *
 * - a RankingQuestion's [{"rank": 1, "value": "response-2"}, …]: the
 *   values name response fields, by name or by a final number counted
 *   from 1 ("reply-2" is the second); equal ranks are ties (gold.ties)
 *   and responses left unranked come last, tied. Over two responses it
 *   gives the compare task's choice (equal ranks: tie).
 * - a LabelQuestion's text over two responses: the choice, when it
 *   names a response the same way, or says tie (also equal, same,
 *   draw) or both-bad (also both bad, neither); any other label, and
 *   every label of other kinds, stays in gold.labels under the
 *   question's name, as do MultiLabel lists and other values.
 * - a RatingQuestion's number: the review's gold.scores; beside other
 *   kinds it stays in gold.ratings.
 * - text for a write task: the gold answer when --map answer=QUESTION
 *   names the question, or when it is the user's only text answer.
 *   Beside other kinds, --map answer=QUESTION makes it the
 *   justification.
 *
 * Only responses whose status is submitted (or that have none) count;
 * the others are listed in meta.not_submitted. The gold is the first
 * user whose answers decide the task, gold.annotators every user's
 * answers, in order. metadata, suggestions (a model's, never gold)
 * and _server_id go to meta. Unverified on a real export: the v2
 * status key and the v2 RankingQuestion value, taken to be v1's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "rubric-reader-private.h"

#define MAX_RESPONSES 9

const char *
_rubric_detect_argilla (json_object *record)
{
  if (rubric_json_get_typed (record, "fields", json_type_object) != NULL && (_rubric_reader_has (record, "responses") || _rubric_reader_has (record, "suggestions")))
    return "Argilla records";
  return NULL;
}

typedef struct
{
  const char  *kind;
  const char  *prompt;
  const char  *system;
  const char  *fields[MAX_RESPONSES];  /* the response fields, in the task's order */
  guint        n;
  const char  *answer_question;
} Shape;

/* The response @value names: a response field, or a final number
 * counted from 1; -1 for none. */
static int
response_named (Shape      *shape,
                const char *value)
{
  const char *digits;
  long number;

  if (value == NULL)
    return -1;
  for (guint i = 0; i < shape->n; i++)
    {
      if (strcmp (value, shape->fields[i]) == 0)
        return (int) i;
    }
  digits = value + strlen (value);
  while (digits > value && g_ascii_isdigit (digits[-1]))
    digits--;
  if (*digits == '\0')
    return -1;
  number = strtol (digits, NULL, 10);
  return number >= 1 && number <= (long) shape->n ? (int) number - 1 : -1;
}

static gboolean
is_ranking (json_object *value)
{
  if (!json_object_is_type (value, json_type_array) || json_object_array_length (value) == 0)
    return FALSE;
  for (gsize i = 0; i < json_object_array_length (value); i++)
    {
      json_object *entry = json_object_array_get_idx (value, i);

      if (!_rubric_reader_has (entry, "rank") || !_rubric_reader_has (entry, "value"))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  int    response;
  double rank;
  gsize  order;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* A RankingQuestion's value as ranking and ties in @answers, or as the
 * choice of a compare task. */
static gboolean
read_ranking (RubricConvert *conv,
              Shape         *shape,
              json_object   *value,
              json_object   *answers,
              const char    *field)
{
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (shape->n, 1));
  g_autoptr(json_object) ranking = json_object_new_array ();
  g_autoptr(json_object) ties = json_object_new_array ();
  guint n_ranked;

  for (gsize i = 0; i < json_object_array_length (value); i++)
    {
      json_object *entry = json_object_array_get_idx (value, i);
      const char *name = rubric_json_get_string (entry, "value");
      Ranked r = { response_named (shape, name), 0, i };

      if (r.response < 0)
        return _rubric_convert_fail (conv, field, _("“%s” names no response field"), name ? name : "null");
      if (!_rubric_convert_number (_rubric_reader_get (entry, "rank"), &r.rank))
        continue;
      if (!placed[r.response])
        g_array_append_val (ranked, r);
      placed[r.response] = TRUE;
    }
  if (ranked->len == 0)
    return TRUE;
  g_array_sort (ranked, compare_ranked);
  n_ranked = ranked->len;

  if (strcmp (shape->kind, "compare") == 0)
    {
      const Ranked *first = &g_array_index (ranked, Ranked, 0);

      if (n_ranked == 2 && g_array_index (ranked, Ranked, 1).rank == first->rank)
        json_object_object_add (answers, "choice", json_object_new_string ("tie"));
      else
        json_object_object_add (answers, "choice", json_object_new_string (first->response == 0 ? "A" : "B"));
      return TRUE;
    }
  for (guint i = 0; i < n_ranked; i++)
    {
      const Ranked *r = &g_array_index (ranked, Ranked, i);

      json_object_array_add (ranking, _rubric_convert_response_id ((guint) r->response));
      if (i > 0 && r->rank == g_array_index (ranked, Ranked, i - 1).rank)
        json_object_array_add (ties, _rubric_convert_response_id ((guint) r->response));
    }
  /* Unranked responses last, tied with each other. */
  for (guint i = 0, n_rest = 0; i < shape->n; i++)
    {
      if (placed[i])
        continue;
      json_object_array_add (ranking, _rubric_convert_response_id (i));
      if (n_rest++ > 0)
        json_object_array_add (ties, _rubric_convert_response_id (i));
    }
  json_object_object_add (answers, "ranking", g_steal_pointer (&ranking));
  if (json_object_array_length (ties) > 0)
    json_object_object_add (answers, "ties", g_steal_pointer (&ties));
  return TRUE;
}

static gboolean
word_in (const char *text,
         const char *words[])
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, words[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* One user's answers, {question: value}, as gold keys. */
static gboolean
read_answers (RubricConvert *conv,
              Shape         *shape,
              json_object   *values,
              json_object   *answers,
              const char    *where)
{
  static const char *ties[] = { "tie", "equal", "same", "draw", NULL };
  static const char *both_bad[] = { "both-bad", "both bad", "neither", NULL };
  gboolean write = strcmp (shape->kind, "write") == 0;
  guint n_texts = 0;

  json_object_object_foreach (values, counted, counted_value)
    {
      (void) counted;
      n_texts += json_object_is_type (counted_value, json_type_string);
    }
  json_object_object_foreach (values, question, value)
    {
      g_autofree char *field = g_strdup_printf ("%s.%s", where, question);

      if (is_ranking (value) && shape->n >= 2)
        {
          if (!read_ranking (conv, shape, value, answers, field))
            return FALSE;
        }
      else if (json_object_is_type (value, json_type_string))
        {
          const char *text = json_object_get_string (value);
          int named = response_named (shape, text);

          if (g_strcmp0 (question, shape->answer_question) == 0 || (write && shape->answer_question == NULL && n_texts == 1))
            json_object_object_add (answers, write ? "answer" : "justification", json_object_get (value));
          else if (strcmp (shape->kind, "compare") == 0 && named >= 0)
            json_object_object_add (answers, "choice", json_object_new_string (named == 0 ? "A" : "B"));
          else if (strcmp (shape->kind, "compare") == 0 && word_in (text, ties))
            json_object_object_add (answers, "choice", json_object_new_string ("tie"));
          else if (strcmp (shape->kind, "compare") == 0 && word_in (text, both_bad))
            json_object_object_add (answers, "choice", json_object_new_string ("both-bad"));
          else
            _rubric_convert_add_under (answers, "labels", question, json_object_get (value));
        }
      else if (json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double))
        _rubric_convert_add_under (answers, strcmp (shape->kind, "review") == 0 ? "scores" : "ratings", question, json_object_get (value));
      else if (value != NULL)
        _rubric_convert_add_under (answers, "labels", question, json_object_get (value));
    }
  return TRUE;
}

static gboolean
decides (Shape       *shape,
         json_object *answers)
{
  if (strcmp (shape->kind, "compare") == 0)
    return _rubric_reader_has (answers, "choice");
  if (strcmp (shape->kind, "rank") == 0)
    return _rubric_reader_has (answers, "ranking");
  if (strcmp (shape->kind, "review") == 0)
    return _rubric_reader_has (answers, "scores");
  return _rubric_reader_has (answers, "answer");
}

static gboolean
is_submitted (json_object *response)
{
  const char *status = rubric_json_get_string (response, "status");

  return status == NULL || strcmp (status, "submitted") == 0;
}

/* The user entry of @users for @user_id, made if need be. */
static json_object *
user_values (json_object *users,
             json_object *user_id)
{
  json_object *entry;

  for (gsize i = 0; i < json_object_array_length (users); i++)
    {
      entry = json_object_array_get_idx (users, i);
      if (json_object_equal (json_object_object_get (entry, "user_id"), user_id))
        return json_object_object_get (entry, "values");
    }
  entry = json_object_new_object ();
  json_object_object_add (entry, "user_id", json_object_get (user_id));
  json_object_object_add (entry, "values", json_object_new_object ());
  json_object_array_add (users, entry);
  return json_object_object_get (entry, "values");
}

static void
not_submitted (json_object *list,
               json_object *response,
               const char  *question)
{
  json_object *entry = json_object_new_object ();

  json_object_object_add (entry, "user_id", json_object_get (_rubric_reader_get (response, "user_id")));
  if (question != NULL)
    json_object_object_add (entry, "question", json_object_new_string (question));
  json_object_object_add (entry, "status", json_object_get (_rubric_reader_get (response, "status")));
  json_object_array_add (list, entry);
}

/* The submitted responses of both forms as [{user_id, values:
 * {question: value}}], in the order the users first appear. */
static gboolean
gather_users (RubricConvert *conv,
              json_object   *responses,
              json_object   *users,
              json_object   *dropped)
{
  if (responses == NULL || json_object_is_type (responses, json_type_null))
    return TRUE;
  if (json_object_is_type (responses, json_type_object))
    {
      json_object_object_foreach (responses, question, list)
        {
          g_autofree char *field = g_strdup_printf ("responses.%s", question);

          if (!json_object_is_type (list, json_type_array))
            return _rubric_convert_fail (conv, field, _("must be a list of responses [{value, user_id}]"));
          for (gsize i = 0; i < json_object_array_length (list); i++)
            {
              json_object *response = json_object_array_get_idx (list, i);

              if (!is_submitted (response))
                not_submitted (dropped, response, question);
              else if (_rubric_reader_has (response, "value"))
                json_object_object_add (user_values (users, _rubric_reader_get (response, "user_id")), question,
                                        json_object_get (_rubric_reader_get (response, "value")));
            }
        }
      return TRUE;
    }
  if (json_object_is_type (responses, json_type_array))
    {
      for (gsize i = 0; i < json_object_array_length (responses); i++)
        {
          json_object *response = json_object_array_get_idx (responses, i);
          json_object *values = rubric_json_get_typed (response, "values", json_type_object);
          json_object *into;

          if (!is_submitted (response))
            {
              not_submitted (dropped, response, NULL);
              continue;
            }
          into = user_values (users, _rubric_reader_get (response, "user_id"));
          json_object_object_foreach (values, question, answer)
            {
              if (_rubric_reader_has (answer, "value"))
                json_object_object_add (into, question, json_object_get (_rubric_reader_get (answer, "value")));
            }
        }
      return TRUE;
    }
  return _rubric_convert_fail (conv, "responses", _("must be {question: [responses]} or a list of responses"));
}

static gboolean
find_shape (RubricConvert *conv,
            json_object   *fields,
            Shape         *shape)
{
  static const char *prompts[] = { "prompt", "instruction", "question" };
  const char *name;

  /* Point into @fields' own keys, which live as long as the record. */
  if ((name = _rubric_convert_mapped (conv, "prompt", 0)) != NULL && !_rubric_reader_has (fields, name))
    return _rubric_convert_fail (conv, "fields", _("“%s” is not a field"), name);
  if ((name = _rubric_convert_mapped (conv, "system", 0)) != NULL && !_rubric_reader_has (fields, name))
    return _rubric_convert_fail (conv, "fields", _("“%s” is not a field"), name);
  for (guint i = 0; (name = _rubric_convert_mapped (conv, "response", i)) != NULL; i++)
    {
      if (!_rubric_reader_has (fields, name))
        return _rubric_convert_fail (conv, "fields", _("“%s” is not a field"), name);
      if (i == MAX_RESPONSES)
        return _rubric_convert_fail (conv, "fields", _("more than %d responses mapped"), MAX_RESPONSES);
      shape->fields[shape->n++] = name;
    }
  shape->prompt = _rubric_convert_mapped (conv, "prompt", 0);
  for (guint i = 0; shape->prompt == NULL && i < G_N_ELEMENTS (prompts); i++)
    {
      if (rubric_json_get_typed (fields, prompts[i], json_type_string) != NULL)
        shape->prompt = prompts[i];
    }
  shape->system = _rubric_convert_mapped (conv, "system", 0);
  if (shape->system == NULL && rubric_json_get_typed (fields, "system", json_type_string) != NULL)
    shape->system = "system";
  shape->answer_question = _rubric_convert_mapped (conv, "answer", 0);

  if (shape->n == 0 && _rubric_reader_has (fields, "chosen") && _rubric_reader_has (fields, "rejected"))
    {
      shape->fields[shape->n++] = "chosen";
      shape->fields[shape->n++] = "rejected";
    }
  if (shape->n == 0)
    {
      json_object_object_foreach (fields, field, value)
        {
          if ((g_str_has_prefix (field, "response") || g_str_has_prefix (field, "completion")) &&
              json_object_is_type (value, json_type_string) && g_strcmp0 (field, shape->prompt) != 0)
            {
              if (shape->n == MAX_RESPONSES)
                return _rubric_convert_fail (conv, "fields", _("more than %d response fields; name those to read with "
                                             "--map response=FIELD"), MAX_RESPONSES);
              shape->fields[shape->n++] = field;
            }
        }
    }
  shape->kind = shape->n == 0 ? "write" : shape->n == 1 ? "review" : shape->n == 2 ? "compare" : "rank";
  return TRUE;
}

static json_object *
field_text (RubricConvert *conv,
            json_object   *fields,
            const char    *name)
{
  g_autofree char *path = g_strdup_printf ("fields.%s", name);

  return _rubric_convert_text (conv, fields, name, path, FALSE);
}

static gboolean
is_response_field (Shape      *shape,
                   const char *name)
{
  for (guint i = 0; i < shape->n; i++)
    {
      if (strcmp (shape->fields[i], name) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
_rubric_convert_argilla (RubricConvert *conv,
                         json_object   *record)
{
  json_object *fields = rubric_json_get_typed (record, "fields", json_type_object);
  json_object *id = _rubric_reader_get (record, "id");
  g_autoptr(json_object) task = NULL;
  g_autoptr(json_object) users = json_object_new_array ();
  g_autoptr(json_object) dropped = json_object_new_array ();
  g_autoptr(json_object) annotators = json_object_new_array ();
  g_autoptr(json_object) meta = json_object_new_object ();
  g_autoptr(json_object) other = json_object_new_object ();
  json_object *decision = NULL;
  json_object *prompt;
  Shape shape = { 0 };
  gboolean paired = FALSE;

  if (fields == NULL)
    return _rubric_convert_fail (conv, "fields", _("must be an object of the record's fields"));
  if (!find_shape (conv, fields, &shape))
    return FALSE;
  if (id == NULL || json_object_is_type (id, json_type_object) || json_object_is_type (id, json_type_array))
    id = _rubric_reader_get (record, "external_id");
  task = _rubric_convert_task_new (conv, shape.kind,
                                   id && !json_object_is_type (id, json_type_object) && !json_object_is_type (id, json_type_array)
                                   ? json_object_get_string (id) : NULL);
  if (shape.system != NULL)
    {
      json_object *system = field_text (conv, fields, shape.system);

      if (system == NULL)
        return FALSE;
      json_object_object_add (task, "system", json_object_get (system));
    }
  if (shape.prompt != NULL)
    {
      if ((prompt = field_text (conv, fields, shape.prompt)) == NULL)
        return FALSE;
      json_object_object_add (task, "prompt", json_object_get (prompt));
    }
  else
    json_object_object_add (task, "prompt", json_object_new_string (""));

  if (shape.n == 2 && strcmp (shape.fields[0], "chosen") == 0 && strcmp (shape.fields[1], "rejected") == 0 &&
      _rubric_convert_mapped (conv, "response", 0) == NULL)
    {
      json_object *chosen = field_text (conv, fields, "chosen");
      json_object *rejected = chosen ? field_text (conv, fields, "rejected") : NULL;
      json_object *a, *b;

      if (rejected == NULL)
        return FALSE;
      a = json_object_new_object ();
      json_object_object_add (a, "content", json_object_get (chosen));
      b = json_object_new_object ();
      json_object_object_add (b, "content", json_object_get (rejected));
      _rubric_convert_pair (conv, task, a, b, 0);
      /* The fields in the order the pair put them. */
      if (g_strcmp0 (rubric_json_get_string (_rubric_convert_gold (conv, task), "choice"), "B") == 0)
        shape.fields[0] = "rejected", shape.fields[1] = "chosen";
      paired = TRUE;
    }
  else
    {
      for (guint i = 0; i < shape.n; i++)
        {
          json_object *content = field_text (conv, fields, shape.fields[i]);

          if (content == NULL)
            return FALSE;
          _rubric_convert_add_response (task, content, NULL);
        }
    }

  if (!gather_users (conv, _rubric_reader_get (record, "responses"), users, dropped))
    return FALSE;
  for (gsize u = 0; u < json_object_array_length (users); u++)
    {
      json_object *user = json_object_array_get_idx (users, u);
      json_object *answers = json_object_new_object ();

      json_object_object_add (answers, "annotator", json_object_get (json_object_object_get (user, "user_id")));
      json_object_array_add (annotators, answers);
      if (!read_answers (conv, &shape, json_object_object_get (user, "values"), answers, "responses"))
        return FALSE;
      if (decision == NULL && decides (&shape, answers))
        decision = answers;
    }
  if (decision != NULL)
    {
      json_object *gold = _rubric_convert_gold (conv, task);

      json_object_object_foreach (decision, key, value)
        json_object_object_add (gold, key, json_object_get (value));
    }
  if (json_object_array_length (annotators) > 0 && (decision != NULL || paired))
    json_object_object_add (_rubric_convert_gold (conv, task), "annotators", g_steal_pointer (&annotators));
  else if (json_object_array_length (annotators) > 0)
    json_object_object_add (meta, "annotators", g_steal_pointer (&annotators));

  json_object_object_foreach (fields, name, value)
    {
      if (g_strcmp0 (name, shape.prompt) != 0 && g_strcmp0 (name, shape.system) != 0 && !is_response_field (&shape, name))
        json_object_object_add (other, name, json_object_get (value));
    }
  if (json_object_object_length (other) > 0)
    json_object_object_add (meta, "fields", g_steal_pointer (&other));
  if (json_object_array_length (dropped) > 0)
    json_object_object_add (meta, "not_submitted", g_steal_pointer (&dropped));
  {
    static const struct { const char *from; const char *to; } keys[] = {
      { "metadata", "metadata" }, { "suggestions", "suggestions" }, { "_server_id", "server_id" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        json_object *fact = _rubric_reader_get (record, keys[i].from);

        if (fact != NULL && !(json_object_is_type (fact, json_type_object) && json_object_object_length (fact) == 0) &&
            !(json_object_is_type (fact, json_type_array) && json_object_array_length (fact) == 0))
          json_object_object_add (meta, keys[i].to, json_object_get (fact));
      }
  }
  if (json_object_object_length (meta) > 0)
    json_object_object_add (task, "meta", g_steal_pointer (&meta));
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
