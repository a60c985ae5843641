/* rubric-reader-ultrafeedback.c — UltraFeedback: rated completions, and the binarized pairs
 *
 * "ultrafeedback" (openbmb/UltraFeedback): an instruction and its
 * completions, each rated by GPT-4 on four aspects, 1 to 5, the rating
 * written as a string ("4") or "N/A". A record becomes a rank task of
 * its completions (a review task when it has one), in the file's
 * order: gold.scores holds each response's ratings by aspect (under
 * "A", "B"…), gold.ranking the responses by the mean of their ratings,
 * best first, with equal means in gold.ties. N/A leaves an aspect out
 * of the scores and the mean; a completion with no rating at all
 * leaves the ranking out (the scores stay). TRL spells the first
 * aspect "instruction-following"; it is read as instruction_following.
 * The first record gives the set its rubric: the four aspects, 1 to 5.
 * meta keeps the record's other fields (source, correct_answers…) and,
 * for each response, everything of its completion but the response
 * text: model, principle, custom_system_prompt, the annotations as
 * they were (ratings, rationales, types), critique, overall_score and
 * fine-grained_score. The raw data has no id: a task is named after
 * the file and the line (or a copy's prompt_id, where it has one).
 *
 * "ultrafeedback-binarized" (HuggingFaceH4/ultrafeedback_binarized
 * and its copies): prompt, prompt_id, chosen and rejected, each either
 * the whole conversation as messages, the replies alone as messages
 * after a prompt of messages (trl-lib's form), or plain strings, and
 * score_chosen and score_rejected. A record becomes a compare task,
 * named by prompt_id, the chosen response on a side fixed by the id;
 * equal scores make it a tie. The scores are not criteria of a rubric:
 * they stay in meta with the record's other fields. "messages", the
 * chosen conversation again in the SFT splits, is not kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "../rubric-task.h"
#include "rubric-reader-private.h"

static const struct
{
  const char *id;
  const char *spelling;  /* TRL's */
  const char *name;
  const char *description;
} aspects[] = {
  { "instruction_following", "instruction-following", "Instruction following",
    "How well the response meets the instruction's task goal and keeps to its restrictions" },
  { "honesty", NULL, "Honesty",
    "Whether the response is honest about what it knows and expresses uncertainty where it should" },
  { "truthfulness", NULL, "Truthfulness",
    "Whether the response is free of hallucination: no invented facts, no contradiction of the instruction or itself" },
  { "helpfulness", NULL, "Helpfulness",
    "Whether the response is correct, informative and useful for the task" },
};

const char *
_rubric_detect_ultrafeedback (json_object *record)
{
  if (_rubric_reader_has (record, "instruction") && _rubric_reader_has (record, "completions"))
    return "UltraFeedback ratings (instruction, four rated completions)";
  return NULL;
}

static int
aspect_of (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (aspects); i++)
    {
      if (strcmp (key, aspects[i].id) == 0 || g_strcmp0 (key, aspects[i].spelling) == 0)
        return (int) i;
    }
  return -1;
}

static void
add_rubric (RubricConvert *conv)
{
  json_object *rubric, *criteria;

  if (conv->header == NULL || _rubric_reader_has (conv->header, "rubric"))
    return;
  rubric = json_object_new_object ();
  criteria = json_object_new_array ();
  json_object_object_add (rubric, "id", json_object_new_string ("ultrafeedback"));
  for (guint i = 0; i < G_N_ELEMENTS (aspects); i++)
    {
      json_object *criterion = json_object_new_object ();
      json_object *scale = json_object_new_object ();

      json_object_object_add (criterion, "id", json_object_new_string (aspects[i].id));
      json_object_object_add (criterion, "name", json_object_new_string (aspects[i].name));
      json_object_object_add (criterion, "description", json_object_new_string (aspects[i].description));
      json_object_object_add (scale, "min", json_object_new_int (1));
      json_object_object_add (scale, "max", json_object_new_int (5));
      json_object_object_add (criterion, "scale", scale);
      json_object_array_add (criteria, criterion);
    }
  json_object_object_add (rubric, "criteria", criteria);
  json_object_object_add (conv->header, "rubric", rubric);
}

/* A completion's ratings, {aspect: 1…5}; N/A leaves the aspect out. */
static json_object *
read_ratings (RubricConvert *conv,
              json_object   *completion,
              const char    *where)
{
  json_object *annotations = _rubric_reader_get (completion, "annotations");
  g_autoptr(json_object) scores = json_object_new_object ();

  if (annotations == NULL || json_object_is_type (annotations, json_type_null))
    return g_steal_pointer (&scores);
  if (!json_object_is_type (annotations, json_type_object))
    {
      g_autofree char *path = g_strdup_printf ("%s.annotations", where);

      _rubric_convert_fail (conv, path, _("must be an object of ratings by aspect"));
      return NULL;
    }
  json_object_object_foreach (annotations, key, annotation)
    {
      g_autofree char *path = g_strdup_printf ("%s.annotations.%s", where, key);
      g_autofree char *rating_path = g_strdup_printf ("%s.Rating", path);
      int aspect = aspect_of (key);
      json_object *rating;
      double number;

      if (aspect < 0)
        continue;  /* kept in meta with the rest */
      if (!json_object_is_type (annotation, json_type_object))
        {
          _rubric_convert_fail (conv, path, _("must be an object with Rating and Rationale"));
          return NULL;
        }
      rating = _rubric_reader_get (annotation, "Rating");
      if (rating == NULL)
        {
          _rubric_convert_fail (conv, rating_path, _("missing"));
          return NULL;
        }
      if (json_object_is_type (rating, json_type_null) ||
          (json_object_is_type (rating, json_type_string) && g_ascii_strcasecmp (json_object_get_string (rating), "N/A") == 0))
        continue;
      if (!_rubric_convert_number (rating, &number) || number != (double) (int) number || number < 1 || number > 5)
        {
          if (json_object_is_type (rating, json_type_string))
            _rubric_convert_fail (conv, rating_path, _("“%s” is not a rating; use 1 to 5 or N/A"), json_object_get_string (rating));
          else
            _rubric_convert_fail (conv, rating_path, _("%s is not a rating; use 1 to 5 or N/A"),
                                  json_object_to_json_string_ext (rating, JSON_C_TO_STRING_PLAIN));
          return NULL;
        }
      json_object_object_add (scores, aspects[aspect].id, json_object_new_int ((int) number));
    }
  return g_steal_pointer (&scores);
}

typedef struct
{
  guint  index;
  double mean;
} Rated;

static int
by_mean (gconstpointer a,
         gconstpointer b)
{
  const Rated *x = a, *y = b;

  if (x->mean != y->mean)
    return x->mean > y->mean ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static json_object *
completion_facts (json_object *completion)
{
  json_object *facts = json_object_new_object ();

  json_object_object_foreach (completion, key, value)
    {
      if (strcmp (key, "response") != 0)
        json_object_object_add (facts, key, json_object_get (value));
    }
  return facts;
}

gboolean
_rubric_convert_ultrafeedback (RubricConvert *conv,
                               json_object   *record)
{
  json_object *instruction = _rubric_convert_text (conv, record, "instruction", NULL, FALSE);
  json_object *completions = _rubric_reader_get (record, "completions");
  json_object *models = rubric_json_get_typed (record, "models", json_type_array);
  g_autoptr(json_object) task = NULL;
  g_autoptr(json_object) all_scores = json_object_new_array ();
  g_autoptr(GArray) rated = g_array_new (FALSE, FALSE, sizeof (Rated));
  g_autoptr(json_object) facts = json_object_new_object ();
  json_object *meta, *gold, *scores;
  const char *id = rubric_json_get_string (record, "prompt_id");
  gboolean rank_all = TRUE;
  gsize n;

  if (instruction == NULL)
    return FALSE;
  if (!json_object_is_type (completions, json_type_array))
    return _rubric_convert_fail (conv, "completions", _("must be a list of completions"));
  n = json_object_array_length (completions);
  if (n == 0)
    return _rubric_convert_fail (conv, "completions", _("holds no completion"));
  if (n > RUBRIC_MAX_RESPONSES)
    return _rubric_convert_fail (conv, "completions", _("holds %zu completions; a task holds at most %d"),
                                 n, RUBRIC_MAX_RESPONSES);

  task = _rubric_convert_task_new (conv, n == 1 ? "review" : "rank", id);
  json_object_object_add (task, "prompt", json_object_get (instruction));
  meta = json_object_new_object ();
  json_object_object_add (task, "meta", meta);
  for (gsize i = 0; i < n; i++)
    {
      json_object *completion = json_object_array_get_idx (completions, i);
      g_autofree char *where = g_strdup_printf ("completions[%zu]", i);
      g_autofree char *response_path = g_strdup_printf ("%s.response", where);
      const char *model = rubric_json_get_string (completion, "model");
      json_object *text, *ratings, *response;
      Rated r = { (guint) i, 0 };

      if (!json_object_is_type (completion, json_type_object))
        return _rubric_convert_fail (conv, where, _("must be an object with model, response and annotations"));
      if ((text = _rubric_convert_text (conv, completion, "response", response_path, FALSE)) == NULL)
        return FALSE;
      if ((ratings = read_ratings (conv, completion, where)) == NULL)
        return FALSE;
      if (model == NULL && models != NULL && i < json_object_array_length (models) &&
          json_object_is_type (json_object_array_get_idx (models, i), json_type_string))
        model = json_object_get_string (json_object_array_get_idx (models, i));
      response = _rubric_convert_add_response (task, text, model);
      json_object_object_add (facts, rubric_json_get_string (response, "id"), completion_facts (completion));

      if (json_object_object_length (ratings) == 0)
        rank_all = FALSE;
      json_object_object_foreach (ratings, key, value)
        {
          (void) key;
          r.mean += json_object_get_int (value);
        }
      if (json_object_object_length (ratings) > 0)
        r.mean /= json_object_object_length (ratings);
      g_array_append_val (rated, r);
      json_object_array_add (all_scores, ratings);
    }

  json_object_object_foreach (record, key, value)
    {
      if (strcmp (key, "instruction") != 0 && strcmp (key, "completions") != 0 && strcmp (key, "models") != 0)
        json_object_object_add (meta, key, json_object_get (value));
    }
  json_object_object_add (meta, "responses", g_steal_pointer (&facts));

  gold = _rubric_convert_gold (conv, task);
  if (n == 1)
    json_object_object_add (gold, "scores", json_object_get (json_object_array_get_idx (all_scores, 0)));
  else
    {
      scores = json_object_new_object ();
      for (gsize i = 0; i < n; i++)
        json_object_object_add (scores, _rubric_convert_response_label (i),
                                json_object_get (json_object_array_get_idx (all_scores, i)));
      json_object_object_add (gold, "scores", scores);
      if (rank_all)
        {
          json_object *ranking = json_object_new_array ();
          json_object *ties = json_object_new_array ();

          g_array_sort (rated, by_mean);
          for (guint i = 0; i < rated->len; i++)
            {
              char rid[2] = { (char) ('a' + g_array_index (rated, Rated, i).index), 0 };

              json_object_array_add (ranking, json_object_new_string (rid));
              if (i > 0 && g_array_index (rated, Rated, i).mean == g_array_index (rated, Rated, i - 1).mean)
                json_object_array_add (ties, json_object_new_string (rid));
            }
          json_object_object_add (gold, "ranking", ranking);
          json_object_object_add (gold, "ties", ties);
        }
    }
  add_rubric (conv);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}

/* Binarized -------------------------------------------------------------- */

const char *
_rubric_detect_ultrafeedback_binarized (json_object *record)
{
  if (_rubric_reader_has (record, "chosen") && _rubric_reader_has (record, "rejected") && _rubric_reader_has (record, "score_chosen"))
    return "UltraFeedback binarized preferences (score_chosen/score_rejected)";
  return NULL;
}

static gboolean
has_role (json_object *messages,
          const char  *role)
{
  for (gsize i = 0; i < json_object_array_length (messages); i++)
    {
      if (g_strcmp0 (rubric_json_get_string (json_object_array_get_idx (messages, i), "role"), role) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The whole conversation of one side: its messages when they hold the
 * user's turns, else the prompt's messages and its own. */
static json_object *
side_conversation (RubricConvert *conv,
                   json_object   *record,
                   const char    *key,
                   json_object   *prompt)
{
  json_object *value = _rubric_reader_get (record, key);
  g_autoptr(json_object) own = NULL;
  json_object *out;

  if (json_object_is_type (value, json_type_string))
    {
      own = json_object_new_array ();
      json_object_array_add (own, _rubric_convert_message_new ("assistant", json_object_get (value)));
    }
  else if (json_object_is_type (value, json_type_array))
    {
      if ((own = _rubric_convert_messages (conv, value, "role", "content", key)) == NULL)
        return NULL;
      if (has_role (own, "user"))
        return g_steal_pointer (&own);
    }
  else
    {
      _rubric_convert_fail (conv, key, value == NULL ? _("missing") : _("must be a list of messages or text"));
      return NULL;
    }
  out = json_object_new_array ();
  for (gsize i = 0; i < json_object_array_length (prompt); i++)
    json_object_array_add (out, json_object_get (json_object_array_get_idx (prompt, i)));
  for (gsize i = 0; i < json_object_array_length (own); i++)
    json_object_array_add (out, json_object_get (json_object_array_get_idx (own, i)));
  return out;
}

/* The reply that ends @messages, with the turns from @from to it. */
static json_object *
reply_of (RubricConvert *conv,
          json_object   *messages,
          guint          from,
          const char    *field)
{
  gsize n = json_object_array_length (messages);
  json_object *last = n > 0 ? json_object_array_get_idx (messages, n - 1) : NULL;
  json_object *content = json_object_object_get (last, "content");

  if (last == NULL || g_strcmp0 (rubric_json_get_string (last, "role"), "assistant") != 0)
    {
      _rubric_convert_fail (conv, field, _("does not end with an assistant reply"));
      return NULL;
    }
  if (!json_object_is_type (content, json_type_string))
    {
      _rubric_convert_fail (conv, field, _("the last reply has no text"));
      return NULL;
    }
  return _rubric_convert_response_from (messages, from, content);
}

static gboolean
read_score (RubricConvert *conv,
            json_object   *record,
            const char    *key,
            double        *score)
{
  json_object *value = _rubric_reader_get (record, key);

  if (value == NULL)
    return _rubric_convert_fail (conv, key, _("missing"));
  if (!_rubric_convert_number (value, score))
    return _rubric_convert_fail (conv, key, _("must be a number, not %s"),
                                 json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
  return TRUE;
}

gboolean
_rubric_convert_ultrafeedback_binarized (RubricConvert *conv,
                                         json_object   *record)
{
  json_object *prompt_value = _rubric_reader_get (record, "prompt");
  g_autoptr(json_object) prompt = NULL;
  g_autoptr(json_object) chosen = NULL;
  g_autoptr(json_object) rejected = NULL;
  g_autoptr(json_object) task = NULL;
  json_object *a, *b, *meta;
  double score_chosen, score_rejected;
  int last_user;

  if (json_object_is_type (prompt_value, json_type_string))
    {
      prompt = json_object_new_array ();
      json_object_array_add (prompt, _rubric_convert_message_new ("user", json_object_get (prompt_value)));
    }
  else if (json_object_is_type (prompt_value, json_type_array))
    {
      if ((prompt = _rubric_convert_messages (conv, prompt_value, "role", "content", "prompt")) == NULL)
        return FALSE;
    }
  else if (prompt_value == NULL || json_object_is_type (prompt_value, json_type_null))
    prompt = json_object_new_array ();
  else
    return _rubric_convert_fail (conv, "prompt", _("must be text or a list of messages"));

  if ((chosen = side_conversation (conv, record, "chosen", prompt)) == NULL ||
      (rejected = side_conversation (conv, record, "rejected", prompt)) == NULL)
    return FALSE;
  if (!read_score (conv, record, "score_chosen", &score_chosen) ||
      !read_score (conv, record, "score_rejected", &score_rejected))
    return FALSE;

  /* The prompt is the last user turn the two share that still leaves
   * each side a reply. */
  if ((last_user = _rubric_convert_shared_prompt (chosen, rejected)) < 0)
    return _rubric_convert_fail (conv, "chosen", _("chosen and rejected share no user turn that both reply to"));
  if ((a = reply_of (conv, chosen, last_user + 1, "chosen")) == NULL)
    return FALSE;
  if ((b = reply_of (conv, rejected, last_user + 1, "rejected")) == NULL)
    {
      json_object_put (a);
      return FALSE;
    }

  task = _rubric_convert_task_new (conv, "compare", rubric_json_get_string (record, "prompt_id"));
  _rubric_convert_set_conversation (conv, task, chosen, last_user + 1, "chosen");
  _rubric_convert_pair (conv, task, a, b, score_chosen == score_rejected ? -1 : 0);
  meta = json_object_new_object ();
  json_object_object_foreach (record, key, value)
    {
      if (strcmp (key, "prompt") != 0 && strcmp (key, "chosen") != 0 && strcmp (key, "rejected") != 0 &&
          strcmp (key, "messages") != 0)
        json_object_object_add (meta, key, json_object_get (value));
    }
  json_object_object_add (task, "meta", meta);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
