/* rubric-reader-helpsteer.c — NVIDIA HelpSteer2 and HelpSteer3
 *
 * "helpsteer": HelpSteer2's rows, {prompt, response, helpfulness,
 * correctness, coherence, complexity, verbosity}, each score 0 to 4,
 * and what Rubric's own helpsteer export writes: prompt, response and
 * an integer per criterion of the set, whatever its name. The keys of
 * the first record that hold numbers are the criteria, in their order;
 * every later row must score each of them. Rows in a row with the same
 * prompt (HelpSteer2 has two responses a prompt) make one task: one
 * row a review, two a compare, three to nine a rank task; a tenth is
 * left out and reported. The gold is the scores alone (there is no
 * preference to state): gold.scores is {criterion: score} for a review
 * and {"A": {…}, "B": {…}} otherwise. The prompt is kept as it is,
 * with the <extra_id_1> turn markers HelpSteer2 flattens multi-turn
 * prompts with. The rubric of the set is made of the criteria: 0 to 4
 * for HelpSteer2's five; else 0 to 5 (Rubric's usual top), widened to
 * the smallest and largest scores as they are read. (A conversion
 * writes the header with its first task, so a scale widened by a later
 * row is widened in the workspace's copy, not in that header.) Other
 * keys of a row go to meta.responses under the response's id.
 *
 * "helpsteer2-nemo": NeMo-Aligner's regression form, {text, label}.
 * text is the conversation NeMo's templates (examples/nlp/data/steerlm/
 * common.py) write: "<extra_id_0>System\n" system "\n", then for each
 * turn "<extra_id_1>User\n" or "<extra_id_1>Assistant\n", its text and
 * "\n", and last "<extra_id_2>". Exactly that is cut: each marker line
 * with its newline, and the one newline the template puts after each
 * turn's text; a turn's text is otherwise kept as it is, including
 * newlines of its own at either end. What follows <extra_id_2> (nothing
 * in this form) is kept in meta.label_text. The last turn must be the
 * Assistant's: it is the response of a review task, the turns before
 * it the context, the last User turn the prompt. label holds nine
 * scores, by slot quality, toxicity, humor, creativity, helpfulness,
 * correctness, coherence, complexity, verbosity; -100 is "not
 * annotated" and leaves that criterion out of gold.scores. The rubric
 * of the set holds the criteria the file annotates, 0 to 4, in slot
 * order, a criterion added when the first record scoring it is read.
 * A HelpSteer2 prompt of several turns, flattened with <extra_id_1>
 * markers, comes out here as those turns.
 *
 * "helpsteer3": {domain, language, context: messages, response1,
 * response2, overall_preference -3…3, individual_preference: [{score,
 * reasoning, feedback1?, feedback2?}]}. A compare task with response1
 * as A and response2 as B, in that order (the dataset's own order is
 * kept: overall_preference is stated against it): negative prefers A,
 * positive B, 0 is a tie; |overall_preference| is gold.strength. Every
 * annotator's judgement is kept, as it was, in gold.annotators: the
 * reasoning argues for a side, so it is dropped with the other labels
 * (--labels drop). domain, language and any other keys go to meta.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "../rubric-task.h"
#include "rubric-reader-private.h"

static const struct
{
  const char *id;
  const char *name;
  const char *description;
} helpsteer2_attributes[] = {
  { "helpfulness", "Helpfulness", "How useful the response is overall for the prompt" },
  { "correctness", "Correctness", "Whether the response includes the pertinent facts, without errors" },
  { "coherence", "Coherence", "How consistent and clear the response's expression is" },
  { "complexity", "Complexity", "The intellectual depth needed to write the response: basic language skills (0) to deep expertise (4)" },
  { "verbosity", "Verbosity", "How much detail the response gives, relative to what the prompt asks for" },
};

static json_object *
number_object (double number)
{
  if (number == floor (number) && fabs (number) < 1e9)
    return json_object_new_int ((int) number);
  return json_object_new_double (number);
}

static json_object *
new_criterion (const char *id,
               const char *name,
               const char *description,
               int         min,
               int         max)
{
  json_object *criterion = json_object_new_object ();
  json_object *scale = json_object_new_object ();

  json_object_object_add (criterion, "id", json_object_new_string (id));
  json_object_object_add (criterion, "name", json_object_new_string (name));
  if (description != NULL)
    json_object_object_add (criterion, "description", json_object_new_string (description));
  json_object_object_add (scale, "min", json_object_new_int (min));
  json_object_object_add (scale, "max", json_object_new_int (max));
  json_object_object_add (criterion, "scale", scale);
  return criterion;
}

static int
helpsteer2_attribute (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (helpsteer2_attributes); i++)
    {
      if (strcmp (id, helpsteer2_attributes[i].id) == 0)
        return (int) i;
    }
  return -1;
}

/* HelpSteer2 rows ------------------------------------------------------ */

typedef struct
{
  double       min, max;    /* seen */
  json_object *scale;       /* in the header's rubric, or NULL */
  gboolean     fixed;       /* one of HelpSteer2's, 0 to 4 */
} Criterion;

typedef struct
{
  GPtrArray   *criteria;    /* ids (char *), from the first record */
  GArray      *seen;        /* Criterion, in the same order */
  gboolean     started;

  /* The rows of one prompt. */
  json_object *prompt;
  guint        first_line;
  GPtrArray   *responses;   /* json_object string */
  GPtrArray   *scores;      /* json_object {criterion: number} */
  GPtrArray   *extras;      /* json_object {key: value} or NULL */
} Rows;

static void
rows_free (gpointer data)
{
  Rows *rows = data;

  g_ptr_array_unref (rows->criteria);
  g_array_unref (rows->seen);
  g_clear_pointer (&rows->prompt, json_object_put);
  g_ptr_array_unref (rows->responses);
  g_ptr_array_unref (rows->scores);
  g_ptr_array_unref (rows->extras);
  g_free (rows);
}

static void
put_nullable (gpointer data)
{
  if (data != NULL)
    json_object_put (data);
}

const char *
_rubric_detect_helpsteer (json_object *record)
{
  if (_rubric_reader_has (record, "prompt") && _rubric_reader_has (record, "response") && !_rubric_reader_has (record, "chosen"))
    return "HelpSteer2 ratings (prompt, response, a score per attribute)";
  return NULL;
}

static gboolean
is_number (json_object *value)
{
  return json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double);
}

/* The criteria are the numeric keys of the first record. */
static void
start_rows (RubricConvert *conv,
            Rows          *rows,
            json_object   *record)
{
  gboolean own_rubric = conv->header != NULL && !_rubric_reader_has (conv->header, "rubric");
  gboolean all_helpsteer2 = TRUE;
  json_object *criteria = NULL;

  rows->started = TRUE;
  json_object_object_foreach (record, key, value)
    {
      if (strcmp (key, "prompt") == 0 || strcmp (key, "response") == 0 || !is_number (value))
        continue;
      g_ptr_array_add (rows->criteria, g_strdup (key));
      all_helpsteer2 = all_helpsteer2 && helpsteer2_attribute (key) >= 0;
    }
  g_array_set_size (rows->seen, rows->criteria->len);
  if (own_rubric && rows->criteria->len > 0)
    {
      json_object *rubric = json_object_new_object ();

      criteria = json_object_new_array ();
      json_object_object_add (rubric, "id", json_object_new_string (all_helpsteer2 ? "helpsteer2" : "helpsteer"));
      json_object_object_add (rubric, "criteria", criteria);
      json_object_object_add (conv->header, "rubric", rubric);
    }
  for (guint c = 0; c < rows->criteria->len; c++)
    {
      const char *id = g_ptr_array_index (rows->criteria, c);
      Criterion *seen = &g_array_index (rows->seen, Criterion, c);
      int known = helpsteer2_attribute (id);
      json_object *criterion;

      seen->fixed = known >= 0;
      seen->min = 0;
      seen->max = known >= 0 ? 4 : 5;
      if (criteria == NULL)
        continue;
      criterion = known >= 0 ? new_criterion (id, helpsteer2_attributes[known].name, helpsteer2_attributes[known].description, 0, 4)
                             : new_criterion (id, id, NULL, 0, 5);
      seen->scale = json_object_object_get (criterion, "scale");
      json_object_array_add (criteria, criterion);
    }
}

/* Widens the scale of a criterion not HelpSteer2's to the scores seen. */
static void
see_score (Criterion *seen,
           double     score)
{
  if (seen->fixed)
    return;
  seen->min = MIN (seen->min, floor (score));
  seen->max = MAX (seen->max, ceil (score));
  if (seen->scale != NULL)
    {
      json_object_object_add (seen->scale, "min", json_object_new_int ((int) seen->min));
      json_object_object_add (seen->scale, "max", json_object_new_int ((int) seen->max));
    }
}

/* Emits the task of the rows held, named after the first. */
static void
flush_rows (RubricConvert *conv,
            Rows          *rows)
{
  guint n = rows->responses->len;
  guint line = conv->line, n_here = conv->n_here;
  g_autoptr(json_object) task = NULL;
  json_object *gold, *meta = NULL;

  if (n == 0)
    return;
  conv->line = rows->first_line;
  conv->n_here = 0;
  task = _rubric_convert_task_new (conv, n == 1 ? "review" : n == 2 ? "compare" : "rank", NULL);
  json_object_object_add (task, "prompt", json_object_get (rows->prompt));
  for (guint i = 0; i < n; i++)
    {
      json_object *response = _rubric_convert_add_response (task, g_ptr_array_index (rows->responses, i), NULL);
      json_object *extra = g_ptr_array_index (rows->extras, i);

      if (extra == NULL)
        continue;
      if (meta == NULL)
        {
          json_object *task_meta = json_object_new_object ();

          meta = json_object_new_object ();
          json_object_object_add (task_meta, "responses", meta);
          json_object_object_add (task, "meta", task_meta);
        }
      json_object_object_add (meta, rubric_json_get_string (response, "id"), json_object_get (extra));
    }
  if (rows->criteria->len > 0)
    {
      gold = _rubric_convert_gold (conv, task);
      if (n == 1)
        json_object_object_add (gold, "scores", json_object_get (g_ptr_array_index (rows->scores, 0)));
      else
        {
          json_object *scores = json_object_new_object ();

          for (guint i = 0; i < n; i++)
            json_object_object_add (scores, _rubric_convert_response_label (i),
                                    json_object_get (g_ptr_array_index (rows->scores, i)));
          json_object_object_add (gold, "scores", scores);
        }
    }
  _rubric_convert_emit (conv, g_steal_pointer (&task));

  g_clear_pointer (&rows->prompt, json_object_put);
  g_ptr_array_set_size (rows->responses, 0);
  g_ptr_array_set_size (rows->scores, 0);
  g_ptr_array_set_size (rows->extras, 0);
  conv->line = line;
  conv->n_here = n_here;
}

gboolean
_rubric_convert_helpsteer (RubricConvert *conv,
                           json_object   *record)
{
  Rows *rows = conv->state;
  json_object *prompt = _rubric_convert_text (conv, record, "prompt", NULL, FALSE);
  json_object *response = prompt ? _rubric_convert_text (conv, record, "response", NULL, FALSE) : NULL;
  g_autoptr(json_object) scores = NULL;
  g_autoptr(json_object) extra = NULL;

  if (rows == NULL)
    {
      rows = g_new0 (Rows, 1);
      rows->criteria = g_ptr_array_new_with_free_func (g_free);
      rows->seen = g_array_new (FALSE, TRUE, sizeof (Criterion));
      rows->responses = g_ptr_array_new_with_free_func (put_nullable);
      rows->scores = g_ptr_array_new_with_free_func (put_nullable);
      rows->extras = g_ptr_array_new_with_free_func (put_nullable);
      conv->state = rows;
      conv->state_free = rows_free;
    }
  if (response == NULL)
    return FALSE;
  if (!rows->started)
    start_rows (conv, rows, record);

  scores = json_object_new_object ();
  for (guint c = 0; c < rows->criteria->len; c++)
    {
      const char *id = g_ptr_array_index (rows->criteria, c);
      json_object *value = _rubric_reader_get (record, id);
      double number;

      if (value == NULL)
        return _rubric_convert_fail (conv, id, _("missing; the file's first record scores it"));
      if (!_rubric_convert_number (value, &number))
        {
          if (json_object_is_type (value, json_type_string))
            return _rubric_convert_fail (conv, id, _("must be a number, not “%s”"), json_object_get_string (value));
          return _rubric_convert_fail (conv, id, _("must be a number, not %s"),
                                       json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
        }
      json_object_object_add (scores, id, number_object (number));
    }
  json_object_object_foreach (record, key, value)
    {
      gboolean criterion = FALSE;

      for (guint c = 0; c < rows->criteria->len && !criterion; c++)
        criterion = strcmp (key, g_ptr_array_index (rows->criteria, c)) == 0;
      if (criterion || strcmp (key, "prompt") == 0 || strcmp (key, "response") == 0)
        continue;
      if (extra == NULL)
        extra = json_object_new_object ();
      json_object_object_add (extra, key, json_object_get (value));
    }

  if (rows->prompt != NULL && !json_object_equal (rows->prompt, prompt))
    flush_rows (conv, rows);
  if (rows->responses->len == RUBRIC_MAX_RESPONSES)
    return _rubric_convert_fail (conv, "prompt", _("the same prompt as the %d rows before; a task holds at most %d "
                                 "responses, so this one is left out"), RUBRIC_MAX_RESPONSES, RUBRIC_MAX_RESPONSES);

  for (guint c = 0; c < rows->criteria->len; c++)
    {
      double number;

      _rubric_convert_number (json_object_object_get (scores, g_ptr_array_index (rows->criteria, c)), &number);
      see_score (&g_array_index (rows->seen, Criterion, c), number);
    }
  if (rows->prompt == NULL)
    {
      rows->prompt = json_object_get (prompt);
      rows->first_line = conv->line;
    }
  g_ptr_array_add (rows->responses, json_object_get (response));
  g_ptr_array_add (rows->scores, g_steal_pointer (&scores));
  g_ptr_array_add (rows->extras, g_steal_pointer (&extra));
  return TRUE;
}

void
_rubric_finish_helpsteer (RubricConvert *conv)
{
  Rows *rows = conv->state;

  if (rows != NULL)
    flush_rows (conv, rows);
}

/* HelpSteer2 in NeMo's regression form --------------------------------- */

#define SYSTEM_MARKER    "<extra_id_0>System\n"
#define USER_MARKER      "<extra_id_1>User\n"
#define ASSISTANT_MARKER "<extra_id_1>Assistant\n"
#define END_MARKER       "<extra_id_2>"

static const char *slots[] = {
  "quality", "toxicity", "humor", "creativity",
  "helpfulness", "correctness", "coherence", "complexity", "verbosity",
};

typedef struct
{
  guint        annotated;  /* a bit per slot the rubric holds */
  gboolean     started;
  json_object *criteria;   /* the header rubric's, when this reader made it */
} Nemo;

const char *
_rubric_detect_helpsteer2_nemo (json_object *record)
{
  if (rubric_json_get_typed (record, "text", json_type_string) != NULL && rubric_json_get_typed (record, "label", json_type_array) != NULL)
    return "HelpSteer2 attributes in NeMo regression form (text, label)";
  return NULL;
}

static gboolean
starts (const char *p,
        const char *end,
        const char *prefix)
{
  gsize len = strlen (prefix);

  return (gsize) (end - p) >= len && memcmp (p, prefix, len) == 0;
}

/* Splits NeMo's transcript into messages, the system first; what
 * follows <extra_id_2> goes to @tail. */
static json_object *
split_nemo (RubricConvert *conv,
            json_object   *text,
            json_object  **tail)
{
  const char *start = json_object_get_string (text);
  const char *end = start + json_object_get_string_len (text);
  const char *role = "system";
  g_autoptr(json_object) messages = json_object_new_array ();
  const char *p;

  if (!starts (start, end, SYSTEM_MARKER))
    {
      _rubric_convert_fail (conv, "text", _("does not begin with “<extra_id_0>System” and a newline"));
      return NULL;
    }
  p = start + strlen (SYSTEM_MARKER);
  for (;;)
    {
      const char *next_role = NULL;
      const char *q = p;
      const char *newline = NULL;
      const char *after = NULL;

      /* The newline before the next marker ends this turn. */
      while (q < end && (newline = memchr (q, '\n', end - q)) != NULL)
        {
          const char *marker = newline + 1;

          if (starts (marker, end, USER_MARKER))
            next_role = "user", after = marker + strlen (USER_MARKER);
          else if (starts (marker, end, ASSISTANT_MARKER))
            next_role = "assistant", after = marker + strlen (ASSISTANT_MARKER);
          else if (starts (marker, end, END_MARKER))
            after = marker + strlen (END_MARKER);
          if (after != NULL)
            break;
          q = newline + 1;
        }
      if (after == NULL)
        {
          _rubric_convert_fail (conv, "text", _("does not end with “<extra_id_2>” on a line of its own"));
          return NULL;
        }
      json_object_array_add (messages, _rubric_convert_message_new (role, json_object_new_string_len (p, newline - p)));
      if (next_role == NULL)
        {
          *tail = after < end ? json_object_new_string_len (after, end - after) : NULL;
          break;
        }
      role = next_role;
      p = after;
    }
  return g_steal_pointer (&messages);
}

/* Adds the criterion of @slot to the set's rubric, in slot order. */
static void
annotate_slot (RubricConvert *conv,
               Nemo          *nemo,
               guint          slot)
{
  if (nemo->annotated & (1u << slot))
    return;
  nemo->annotated |= 1u << slot;
  if (nemo->criteria == NULL)
    return;
  while (json_object_array_length (nemo->criteria) > 0)
    json_object_array_del_idx (nemo->criteria, 0, json_object_array_length (nemo->criteria));
  for (guint s = 0; s < G_N_ELEMENTS (slots); s++)
    {
      int known = helpsteer2_attribute (slots[s]);
      g_autofree char *name = g_strdup (slots[s]);

      if (!(nemo->annotated & (1u << s)))
        continue;
      name[0] = g_ascii_toupper (name[0]);
      json_object_array_add (nemo->criteria,
                             new_criterion (slots[s], known >= 0 ? helpsteer2_attributes[known].name : name,
                                            known >= 0 ? helpsteer2_attributes[known].description : NULL, 0, 4));
    }
}

gboolean
_rubric_convert_helpsteer2_nemo (RubricConvert *conv,
                                 json_object   *record)
{
  Nemo *nemo = conv->state;
  json_object *text = _rubric_convert_text (conv, record, "text", NULL, FALSE);
  json_object *label = _rubric_reader_get (record, "label");
  g_autoptr(json_object) messages = NULL;
  g_autoptr(json_object) task = NULL;
  g_autoptr(json_object) scores = json_object_new_object ();
  json_object *tail = NULL;
  json_object *last, *gold;
  guint n, annotated = 0;

  if (nemo == NULL)
    {
      nemo = g_new0 (Nemo, 1);
      conv->state = nemo;
      conv->state_free = g_free;
    }
  if (text == NULL)
    return FALSE;
  if (!json_object_is_type (label, json_type_array) || json_object_array_length (label) != G_N_ELEMENTS (slots))
    return _rubric_convert_fail (conv, "label", _("must hold %u numbers (quality, toxicity, humor, creativity, helpfulness, "
                                 "correctness, coherence, complexity, verbosity), -100 where not annotated"),
                                 (guint) G_N_ELEMENTS (slots));
  for (guint s = 0; s < G_N_ELEMENTS (slots); s++)
    {
      json_object *value = json_object_array_get_idx (label, s);
      double number;

      if (!is_number (value) || !_rubric_convert_number (value, &number))
        {
          g_autofree char *path = g_strdup_printf ("label[%u]", s);

          return _rubric_convert_fail (conv, path, _("must be a number (-100 where not annotated), not %s"),
                                       json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
        }
      if (number == -100)
        continue;
      json_object_object_add (scores, slots[s], number_object (number));
      annotated |= 1u << s;
    }

  if ((messages = split_nemo (conv, text, &tail)) == NULL)
    return FALSE;
  n = json_object_array_length (messages);
  last = json_object_array_get_idx (messages, n - 1);
  if (n < 2 || strcmp (rubric_json_get_string (last, "role"), "assistant") != 0)
    {
      g_clear_pointer (&tail, json_object_put);
      return _rubric_convert_fail (conv, "text", _("does not end with an Assistant turn to review"));
    }

  if (!nemo->started)
    {
      nemo->started = TRUE;
      if (conv->header != NULL && !_rubric_reader_has (conv->header, "rubric"))
        {
          json_object *rubric = json_object_new_object ();

          nemo->criteria = json_object_new_array ();
          json_object_object_add (rubric, "id", json_object_new_string ("helpsteer2"));
          json_object_object_add (rubric, "criteria", nemo->criteria);
          json_object_object_add (conv->header, "rubric", rubric);
        }
    }
  for (guint s = 0; s < G_N_ELEMENTS (slots); s++)
    {
      if (annotated & (1u << s))
        annotate_slot (conv, nemo, s);
    }

  task = _rubric_convert_task_new (conv, "review", NULL);
  _rubric_convert_set_conversation (conv, task, messages, n - 1, "text");
  _rubric_convert_add_response (task, json_object_object_get (last, "content"), NULL);
  gold = _rubric_convert_gold (conv, task);
  json_object_object_add (gold, "scores", g_steal_pointer (&scores));
  if (tail != NULL)
    {
      json_object *meta = json_object_new_object ();

      json_object_object_add (meta, "label_text", tail);
      json_object_object_add (task, "meta", meta);
    }
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}

/* HelpSteer3 -------------------------------------------------------------- */

const char *
_rubric_detect_helpsteer3 (json_object *record)
{
  if (_rubric_reader_has (record, "response1") && _rubric_reader_has (record, "response2"))
    return "HelpSteer3 preferences (context, response1, response2, overall_preference)";
  return NULL;
}

/* A preference from -3 (the first is much better) to 3. */
static gboolean
read_preference (RubricConvert *conv,
                 json_object   *value,
                 const char    *field,
                 int           *preference)
{
  double number;

  if (value == NULL)
    return _rubric_convert_fail (conv, field, _("missing"));
  if (!_rubric_convert_number (value, &number) || number != floor (number) || number < -3 || number > 3)
    return _rubric_convert_fail (conv, field, _("must be a whole number from -3 (response1 is much better) to 3 "
                                 "(response2 is much better), not %s"),
                                 json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
  *preference = (int) number;
  return TRUE;
}

gboolean
_rubric_convert_helpsteer3 (RubricConvert *conv,
                            json_object   *record)
{
  json_object *context = _rubric_reader_get (record, "context");
  json_object *individual = _rubric_reader_get (record, "individual_preference");
  json_object *response1 = _rubric_convert_text (conv, record, "response1", NULL, FALSE);
  json_object *response2 = response1 ? _rubric_convert_text (conv, record, "response2", NULL, FALSE) : NULL;
  g_autoptr(json_object) task = NULL;
  g_autoptr(json_object) messages = NULL;
  json_object *gold, *meta;
  int preference;

  if (response2 == NULL)
    return FALSE;
  if (!read_preference (conv, _rubric_reader_get (record, "overall_preference"), "overall_preference", &preference))
    return FALSE;
  if (individual != NULL && !json_object_is_type (individual, json_type_null))
    {
      if (!json_object_is_type (individual, json_type_array))
        return _rubric_convert_fail (conv, "individual_preference", _("must be a list of {score, reasoning}"));
      for (gsize i = 0; i < json_object_array_length (individual); i++)
        {
          json_object *item = json_object_array_get_idx (individual, i);
          g_autofree char *path = g_strdup_printf ("individual_preference[%zu]", i);
          g_autofree char *score_path = g_strdup_printf ("%s.score", path);
          int score;

          if (!json_object_is_type (item, json_type_object))
            return _rubric_convert_fail (conv, path, _("must be an object with score and reasoning"));
          if (!read_preference (conv, _rubric_reader_get (item, "score"), score_path, &score))
            return FALSE;
        }
    }

  task = _rubric_convert_task_new (conv, "compare", NULL);
  if (json_object_is_type (context, json_type_string))
    json_object_object_add (task, "prompt", json_object_get (context));
  else
    {
      if ((messages = _rubric_convert_messages (conv, context, "role", "content", "context")) == NULL)
        return FALSE;
      _rubric_convert_set_conversation (conv, task, messages, json_object_array_length (messages), "context");
    }
  _rubric_convert_add_response (task, response1, NULL);
  _rubric_convert_add_response (task, response2, NULL);

  gold = _rubric_convert_gold (conv, task);
  json_object_object_add (gold, "choice", json_object_new_string (preference < 0 ? "A" : preference > 0 ? "B" : "tie"));
  if (preference != 0)
    json_object_object_add (gold, "strength", json_object_new_int (ABS (preference)));
  if (individual != NULL && json_object_is_type (individual, json_type_array))
    json_object_object_add (gold, "annotators", json_object_get (individual));

  meta = json_object_new_object ();
  json_object_object_foreach (record, key, value)
    {
      if (strcmp (key, "context") != 0 && strcmp (key, "response1") != 0 && strcmp (key, "response2") != 0 &&
          strcmp (key, "overall_preference") != 0 && strcmp (key, "individual_preference") != 0)
        json_object_object_add (meta, key, json_object_get (value));
    }
  json_object_object_add (task, "meta", meta);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
