/* rubric-merge.c
 *
 * rubric-cli merge: records exports of several annotators (each read
 * back with the records reader, so that a task's gold is one
 * annotator's judgement) merged into one task per task_id whose gold
 * is the merged judgement:
 *
 *   gold.merge       "unanimous", "majority", "adjudicated" or "unresolved"
 *   gold.votes       compare: the count of each choice ({"A": 2, "B": 1});
 *                    rank: each response's Borda points; review and
 *                    write: the count of each verdict or answer;
 *                    red-team: of each harm category; author: of each
 *                    first prompt
 *   gold.annotators  whose records were merged, in the order first read
 *   gold.adjudicator the adjudicator, where one decided
 *
 * The same annotator twice for a task (in one file or several): the
 * record read last wins. A repeat ("repeat": true, the task shown to
 * its annotator again with the sides swapped) is left out. An
 * adjudicator is a record whose annotator is "adjudicator" or that is
 * marked "adjudicated": true; it has no vote.
 *
 * compare (review: the verdict; write: the answer, compared whole):
 * every voter agrees → "unanimous" (one voter is unanimous too); one
 * choice has the most votes → "majority"; two or more share the most →
 * the adjudicator's choice ("adjudicated") if there is one, else
 * "unresolved" and no choice. With RUBRIC_MERGE_ADJUDICATED an
 * adjudicator's record decides whenever there is one. The strength is
 * the mean strength (1–3) of the voters who chose the winning choice,
 * rounded half up (the adjudicator's own where it decided); none if
 * none of them gave one.
 *
 * rank: the Borda count. In each complete ranking a response gets a
 * point for every response ranked below it and half a point for every
 * one tied with it; the merged ranking orders the responses by their
 * points (the task's order among equals) and keeps equal points as ties
 * (gold.ties). "unanimous" when every ranking is the same, "majority"
 * otherwise; an adjudicator's ranking decides as above.
 *
 * The merged tasks go out through rubric-conversion's writing, so every
 * export format (and rubric-tasks) takes them; an unresolved task has
 * no choice, so it gives no pair. Every line of an export format says
 * where it came from in a member "merge" (one of the four above), last
 * in its object; rubric-tasks says it in gold.merge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-merge"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rubric-atomic-file.h"
#include "rubric-conversion.h"
#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-merge.h"
#include "rubric-records.h"
#include "rubric-task-reader.h"

/* Bradley–Terry --------------------------------------------------------- */

/**
 * rubric_bradley_terry_full:
 * @wins: n×n; wins[i*n+j] is how often i beat j (a tie counts half a win each)
 * @strengths: (out caller-allocates): n strengths
 * @iterations: at most this many MM steps (0: 10000); fewer once they settle
 *
 * The maximum-likelihood Bradley–Terry strengths, P(i beats j) =
 * s_i / (s_i + s_j), by Hunter's (2004) MM algorithm:
 * s_i ← W_i / Σ_j n_ij / (s_i + s_j). The strengths are normalised so
 * that the geometric mean of the positive ones is 1 (their logs sum to
 * 0). A model that never won (or never played) has strength 0.
 */
void
rubric_bradley_terry_full (guint         n,
                           const double *wins,
                           double       *strengths,
                           guint         iterations)
{
  g_autofree double *next = g_new0 (double, MAX (n, 1));

  if (iterations == 0)
    iterations = 10000;
  for (guint i = 0; i < n; i++)
    strengths[i] = 1.0;
  for (guint it = 0; it < iterations; it++)
    {
      double change = 0.0;
      double log_sum = 0.0;
      guint n_positive = 0;

      for (guint i = 0; i < n; i++)
        {
          double won = 0.0;
          double denominator = 0.0;

          for (guint j = 0; j < n; j++)
            {
              double games;

              if (j == i)
                continue;
              won += wins[i * n + j];
              games = wins[i * n + j] + wins[j * n + i];
              if (games > 0 && strengths[i] + strengths[j] > 0)
                denominator += games / (strengths[i] + strengths[j]);
            }
          next[i] = won > 0 && denominator > 0 ? won / denominator : 0.0;
        }
      for (guint i = 0; i < n; i++)
        if (next[i] > 0)
          {
            log_sum += log (next[i]);
            n_positive++;
          }
      for (guint i = 0; i < n; i++)
        {
          double value = n_positive > 0 ? next[i] / exp (log_sum / n_positive) : 0.0;

          change = MAX (change, fabs (value - strengths[i]) / MAX (value, 1e-300));
          strengths[i] = value;
        }
      if (change < 1e-13)
        break;
    }
}

/**
 * rubric_bradley_terry:
 * @models: the n models' names (for messages only)
 * @wins: n×n; wins[i*n+j] is how often i beat j
 *
 * rubric_bradley_terry_full() with whole wins.
 */
void
rubric_bradley_terry (const char * const *models,
                      guint               n,
                      const guint        *wins,
                      double             *strengths,
                      guint               iterations)
{
  g_autofree double *w = g_new0 (double, MAX (n * n, 1));

  for (guint i = 0; i < n * n; i++)
    w[i] = wins[i];
  rubric_bradley_terry_full (n, w, strengths, iterations);
  for (guint i = 0; models != NULL && i < n; i++)
    g_debug ("%s: %g", models[i], strengths[i]);
}

/* Reading ---------------------------------------------------------------- */

typedef struct
{
  json_object *task;        /* the last record's task; its gold, the judgement */
  GPtrArray   *annotators;  /* in the order first read */
  GHashTable  *golds;       /* annotator → its last gold */
} Group;

static void
json_put (gpointer object)
{
  json_object_put (object);
}

static void
group_free (gpointer data)
{
  Group *group = data;

  json_object_put (group->task);
  g_ptr_array_unref (group->annotators);
  g_hash_table_unref (group->golds);
  g_free (group);
}

void
rubric_merge_report_free (RubricMergeReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  for (guint i = 0; i < report->n_models; i++)
    g_free (report->models[i]);
  g_free (report->models);
  g_free (report->strengths);
  g_free (report);
}

static gboolean
is_adjudicator (json_object *gold)
{
  json_object *record = rubric_json_get_typed (gold, "record", json_type_object);

  return g_strcmp0 (rubric_json_get_string (gold, "annotator"), RUBRIC_ADJUDICATOR) == 0 ||
         (record != NULL && rubric_records_is_adjudication (record));
}

static int
strength_of (json_object *gold)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (gold, "strength", &value) ||
      !(json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double)))
    return 0;
  return (int) floor (json_object_get_double (value) + 0.5);
}

/* Voting ---------------------------------------------------------------- */

static json_object *
new_string_array (GPtrArray *strings)
{
  json_object *array = json_object_new_array ();

  for (guint i = 0; i < strings->len; i++)
    json_object_array_add (array, json_object_new_string (g_ptr_array_index (strings, i)));
  return array;
}

/* Mean strength: each comparison's strength signed by its side (A
 * positive, B negative, a tie 0; a choice without a strength counts as
 * 1). The sign of the mean picks the side and its size, rounded half
 * up, the strength. A mean of exactly 0 is a tie where the set allows
 * ties, and otherwise for the adjudicator. "Both bad" wins only with
 * more than half of the votes. Returns the winner or NULL. */
static const char *
mean_strength_winner (GPtrArray *voters,
                      gboolean   allow_tie,
                      int       *strength)
{
  double sum = 0;
  guint n = 0;
  guint n_both_bad = 0;

  *strength = 0;
  for (guint i = 0; i < voters->len; i++)
    {
      json_object *gold = g_ptr_array_index (voters, i);
      RubricRecordChoice choice = rubric_records_parse_choice (rubric_json_get_string (gold, "choice"));
      int value = MAX (strength_of (gold), 1);

      if (choice == RUBRIC_RECORD_CHOICE_BOTH_BAD)
        n_both_bad++;
      else if (choice == RUBRIC_RECORD_CHOICE_NONE)
        continue;
      else
        sum += choice == RUBRIC_RECORD_CHOICE_A ? value : choice == RUBRIC_RECORD_CHOICE_B ? -value : 0;
      n++;
    }
  if (n == 0)
    return NULL;
  if (2 * n_both_bad > n)
    return "both-bad";
  if (n == n_both_bad)
    return NULL;
  sum /= n - n_both_bad;
  if (sum == 0)
    return allow_tie ? "tie" : NULL;
  *strength = MAX (1, (int) floor (fabs (sum) + 0.5));
  return sum > 0 ? "A" : "B";
}

/* A choice, verdict or answer (@key) by majority. */
/* With RUBRIC_MERGE_MEAN_STRENGTH a comparison goes by its mean strength. */
static const char *
merge_vote (GPtrArray             *voters,
            json_object           *adjudicator,
            RubricMergeMethod      method,
            const RubricSetConfig *config,
            const char            *key,
            json_object           *merged)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));
  json_object *votes = json_object_new_object ();
  const char *adjudged = rubric_json_get_string (adjudicator, key);
  const char *winner = NULL;
  const char *merge;
  guint best = 0;
  guint n_best = 0;
  int strength_sum = 0;
  guint n_strength = 0;
  int mean_strength = 0;
  gboolean by_mean = method == RUBRIC_MERGE_MEAN_STRENGTH && g_str_equal (key, "choice");

  for (guint i = 0; i < voters->len; i++)
    {
      const char *value = rubric_json_get_string (g_ptr_array_index (voters, i), key);
      guint k;

      if (value == NULL)
        continue;
      for (k = 0; k < values->len && g_strcmp0 (g_ptr_array_index (values, k), value) != 0; k++)
        ;
      if (k == values->len)
        {
          guint zero = 0;

          g_ptr_array_add (values, (gpointer) value);
          g_array_append_val (counts, zero);
        }
      g_array_index (counts, guint, k)++;
    }
  for (guint k = 0; k < values->len; k++)
    {
      guint count = g_array_index (counts, guint, k);

      json_object_object_add (votes, g_ptr_array_index (values, k), json_object_new_int ((int) count));
      if (count > best)
        {
          best = count;
          n_best = 1;
          winner = g_ptr_array_index (values, k);
        }
      else if (count == best)
        n_best++;
    }

  if (by_mean && values->len > 0)
    {
      winner = mean_strength_winner (voters, config->allow_tie, &mean_strength);
      n_best = winner != NULL ? 1 : 2;
    }
  if (adjudged != NULL && (method == RUBRIC_MERGE_ADJUDICATED || values->len == 0 || n_best > 1))
    {
      merge = "adjudicated";
      winner = adjudged;
    }
  else if (values->len == 0 || n_best > 1)
    {
      merge = "unresolved";
      winner = NULL;
    }
  else
    merge = values->len == 1 ? "unanimous" : "majority";

  json_object_object_add (merged, "merge", json_object_new_string (merge));
  json_object_object_add (merged, "votes", votes);
  if (winner != NULL)
    json_object_object_add (merged, key, json_object_new_string (winner));
  if (winner != NULL && g_str_equal (key, "choice"))
    {
      if (g_strcmp0 (merge, "adjudicated") == 0)
        {
          strength_sum = strength_of (adjudicator);
          n_strength = strength_sum > 0;
        }
      else if (by_mean)
        {
          strength_sum = mean_strength;
          n_strength = mean_strength > 0;
        }
      else
        for (guint i = 0; i < voters->len; i++)
          {
            json_object *gold = g_ptr_array_index (voters, i);
            int strength = strength_of (gold);

            if (strength > 0 && g_strcmp0 (rubric_json_get_string (gold, key), winner) == 0)
              {
                strength_sum += strength;
                n_strength++;
              }
          }
      if (n_strength > 0)
        json_object_object_add (merged, "strength",
                                json_object_new_int ((int) floor ((double) strength_sum / n_strength + 0.5)));
    }
  return merge;
}

static int
response_index (json_object *responses,
                const char  *id)
{
  for (gsize i = 0; id != NULL && i < json_object_array_length (responses); i++)
    if (g_strcmp0 (rubric_json_get_string (json_object_array_get_idx (responses, i), "id"), id) == 0)
      return (int) i;
  return -1;
}

static gboolean
in_strings (json_object *array,
            const char  *s)
{
  for (gsize i = 0; array != NULL && i < json_object_array_length (array); i++)
    if (g_strcmp0 (json_object_get_string (json_object_array_get_idx (array, i)), s) == 0)
      return TRUE;
  return FALSE;
}

/* The ranks (1 best, equal when tied) of a complete ranking, or FALSE. */
static gboolean
ranks_of (json_object *responses,
          json_object *gold,
          int         *ranks)
{
  json_object *ranking = rubric_json_get_typed (gold, "ranking", json_type_array);
  json_object *ties = rubric_json_get_typed (gold, "ties", json_type_array);
  gsize n = json_object_array_length (responses);
  int previous = 0;

  if (ranking == NULL || json_object_array_length (ranking) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    ranks[i] = 0;
  for (gsize place = 0; place < n; place++)
    {
      const char *id = json_object_get_string (json_object_array_get_idx (ranking, place));
      int index = response_index (responses, id);

      if (index < 0 || ranks[index] != 0)
        return FALSE;
      ranks[index] = place > 0 && in_strings (ties, id) ? previous : (int) place + 1;
      previous = ranks[index];
    }
  return TRUE;
}

static void
add_ranking (json_object *merged,
             json_object *responses,
             const int   *ranks)
{
  gsize n = json_object_array_length (responses);
  g_autoptr(GPtrArray) ranking = g_ptr_array_new ();
  g_autoptr(GPtrArray) ties = g_ptr_array_new ();

  for (int rank = 1; rank <= (int) n; rank++)
    {
      gboolean first = TRUE;

      for (gsize i = 0; i < n; i++)
        {
          if (ranks[i] != rank)
            continue;
          g_ptr_array_add (ranking, (gpointer) rubric_json_get_string (json_object_array_get_idx (responses, i), "id"));
          if (!first)
            g_ptr_array_add (ties, g_ptr_array_index (ranking, ranking->len - 1));
          first = FALSE;
        }
    }
  json_object_object_add (merged, "ranking", new_string_array (ranking));
  json_object_object_add (merged, "ties", new_string_array (ties));
}

static const char *
merge_ranking (json_object      *responses,
               GPtrArray        *voters,
               json_object      *adjudicator,
               RubricMergeMethod method,
               json_object      *merged)
{
  gsize n = responses != NULL ? json_object_array_length (responses) : 0;
  g_autofree double *points = g_new0 (double, MAX (n, 1));
  g_autofree int *ranks = g_new0 (int, MAX (n, 1));
  g_autofree int *first = g_new0 (int, MAX (n, 1));
  json_object *votes = json_object_new_object ();
  gboolean same = TRUE;
  guint n_rankings = 0;
  const char *merge;

  for (guint v = 0; v < voters->len; v++)
    {
      if (!ranks_of (responses, g_ptr_array_index (voters, v), ranks))
        continue;
      if (n_rankings++ == 0)
        memcpy (first, ranks, n * sizeof (int));
      else if (memcmp (first, ranks, n * sizeof (int)) != 0)
        same = FALSE;
      for (gsize i = 0; i < n; i++)
        for (gsize j = 0; j < n; j++)
          if (j != i)
            points[i] += ranks[i] < ranks[j] ? 1.0 : ranks[i] == ranks[j] ? 0.5 : 0.0;
    }
  for (gsize i = 0; i < n; i++)
    json_object_object_add (votes, rubric_json_get_string (json_object_array_get_idx (responses, i), "id"),
                            json_object_new_double (points[i]));

  if (adjudicator != NULL && (method == RUBRIC_MERGE_ADJUDICATED || n_rankings == 0) &&
      ranks_of (responses, adjudicator, ranks))
    merge = "adjudicated";
  else if (n_rankings == 0)
    merge = "unresolved";
  else
    {
      /* Competition ranks from the points: 1 + how many have more. */
      for (gsize i = 0; i < n; i++)
        {
          ranks[i] = 1;
          for (gsize j = 0; j < n; j++)
            if (points[j] > points[i] + 1e-9)
              ranks[i]++;
        }
      merge = same ? "unanimous" : "majority";
    }
  json_object_object_add (merged, "merge", json_object_new_string (merge));
  json_object_object_add (merged, "votes", votes);
  if (!g_strcmp0 (merge, "unresolved") == 0)
    add_ranking (merged, responses, ranks);
  return merge;
}

/* What an author or red-team annotator wrote cannot be voted on: the
 * merged task carries the work of the first voter (the adjudicator
 * where one decided) whose category or prompt won, for the writers
 * that write the work itself (red-team attempts, SFT). */
static const char *written_keys[] = {
  "system", "turns", "success", "category", "tags", "description", "safe_reply",
};

static void
take_written (json_object *merged,
              GPtrArray   *voters,
              json_object *adjudicator,
              const char  *key)
{
  const char *winner = rubric_json_get_string (merged, key);
  json_object *from = NULL;

  if (winner == NULL)
    return;
  if (adjudicator != NULL && g_strcmp0 (rubric_json_get_string (adjudicator, key), winner) == 0)
    from = adjudicator;
  for (guint i = 0; from == NULL && i < voters->len; i++)
    {
      json_object *gold = g_ptr_array_index (voters, i);

      if (g_strcmp0 (rubric_json_get_string (gold, key), winner) == 0)
        from = gold;
    }
  for (guint i = 0; from != NULL && i < G_N_ELEMENTS (written_keys); i++)
    {
      json_object *value = NULL;

      if (json_object_object_get_ex (from, written_keys[i], &value) &&
          !json_object_object_get_ex (merged, written_keys[i], NULL))
        json_object_object_add (merged, written_keys[i], json_object_get (value));
    }
}

/* The task of @group with the merged judgement as its gold. */
static json_object *
merge_group (Group                 *group,
             RubricMergeMethod      method,
             const RubricSetConfig *config,
             const char           **merge)
{
  json_object *task = NULL;
  json_object *last_gold = rubric_json_get_typed (group->task, "gold", json_type_object);
  json_object *reference = NULL;
  json_object *merged = json_object_new_object ();
  json_object *adjudicator = NULL;
  const char *adjudicator_name = NULL;
  g_autoptr(GPtrArray) voters = g_ptr_array_new ();
  const char *kind = rubric_json_get_string (group->task, "kind");

  json_object_deep_copy (group->task, &task, NULL);
  for (guint i = 0; i < group->annotators->len; i++)
    {
      const char *name = g_ptr_array_index (group->annotators, i);
      json_object *gold = g_hash_table_lookup (group->golds, name);

      if (is_adjudicator (gold))
        {
          adjudicator = gold;
          adjudicator_name = name;
        }
      else
        g_ptr_array_add (voters, gold);
    }

  if (g_strcmp0 (kind, "rank") == 0)
    *merge = merge_ranking (rubric_json_get_typed (task, "responses", json_type_array), voters, adjudicator, method,
                            merged);
  else
    *merge = merge_vote (voters, adjudicator, method, config,
                         g_strcmp0 (kind, "review") == 0 ? "verdict" :
                         g_strcmp0 (kind, "write") == 0 ? "answer" :
                         g_strcmp0 (kind, "red-team") == 0 ? "category" :
                         g_strcmp0 (kind, "author") == 0 ? "prompt" : "choice",
                         merged);
  if (g_strcmp0 (kind, "red-team") == 0 || g_strcmp0 (kind, "author") == 0)
    take_written (merged, voters, adjudicator, g_strcmp0 (kind, "red-team") == 0 ? "category" : "prompt");
  json_object_object_add (merged, "annotators", new_string_array (group->annotators));
  if (g_strcmp0 (*merge, "adjudicated") == 0)
    json_object_object_add (merged, "adjudicator", json_object_new_string (adjudicator_name));
  if (json_object_object_get_ex (last_gold, "reference", &reference))
    json_object_object_add (merged, "reference", json_object_get (reference));
  json_object_object_add (task, "gold", merged);
  return task;
}

/* Writing --------------------------------------------------------------- */

/* Each line a merged task gave says where it came from: "merge" added
 * as the last member of its object. */
static void
tag_lines (GString    *out,
           gsize       start,
           const char *merge)
{
  g_autofree char *member = g_strdup_printf (",\"merge\":\"%s\"", merge);
  gsize at = start;

  while (at < out->len)
    {
      const char *end = memchr (out->str + at, '\n', out->len - at);
      gsize line_end = end ? (gsize) (end - out->str) : out->len;

      if (line_end > at && out->str[line_end - 1] == '}')
        {
          g_string_insert (out, line_end - 1, member);
          line_end += strlen (member);
        }
      at = line_end + 1;
    }
}

static guint
model_index (GPtrArray  *models,
             const char *model)
{
  for (guint i = 0; i < models->len; i++)
    if (g_str_equal (g_ptr_array_index (models, i), model))
      return i;
  g_ptr_array_add (models, g_strdup (model));
  return models->len - 1;
}

/* The Bradley–Terry strengths of the models of the merged comparisons:
 * a choice is a win of the chosen response's model, a tie half a win
 * each; "both bad", unresolved and a model against itself count for
 * nothing. */
static void
rate_models (GPtrArray         *merged,
             RubricMergeReport *report)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) games = g_array_new (FALSE, FALSE, sizeof (guint) * 3);
  g_autofree double *wins = NULL;
  g_autofree guint *order = NULL;
  g_autofree double *strengths = NULL;
  guint n;

  for (guint t = 0; t < merged->len; t++)
    {
      json_object *task = g_ptr_array_index (merged, t);
      json_object *responses = rubric_json_get_typed (task, "responses", json_type_array);
      const char *choice = rubric_json_get_string (rubric_json_get_typed (task, "gold", json_type_object), "choice");
      const char *a, *b;
      guint game[3];

      if (g_strcmp0 (rubric_json_get_string (task, "kind"), "compare") != 0 || responses == NULL ||
          json_object_array_length (responses) != 2 || choice == NULL)
        continue;
      a = rubric_json_get_string (json_object_array_get_idx (responses, 0), "model");
      b = rubric_json_get_string (json_object_array_get_idx (responses, 1), "model");
      if (a == NULL || b == NULL || g_str_equal (a, b))
        continue;
      game[0] = model_index (models, a);
      game[1] = model_index (models, b);
      game[2] = g_str_equal (choice, "A") ? 0 : g_str_equal (choice, "B") ? 1 : g_str_equal (choice, "tie") ? 2 : 3;
      if (game[2] < 3)
        g_array_append_val (games, game);
    }
  n = models->len;
  wins = g_new0 (double, MAX (n * n, 1));
  for (guint g = 0; g < games->len; g++)
    {
      guint *game = &g_array_index (games, guint, g * 3);
      guint i = game[0], j = game[1];

      if (game[2] == 0)
        wins[i * n + j] += 1.0;
      else if (game[2] == 1)
        wins[j * n + i] += 1.0;
      else
        {
          wins[i * n + j] += 0.5;
          wins[j * n + i] += 0.5;
        }
    }
  strengths = g_new0 (double, MAX (n, 1));
  rubric_bradley_terry_full (n, wins, strengths, 0);

  /* Strongest first; the order first met among equals. */
  order = g_new0 (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      guint k = i;

      while (k > 0 && strengths[order[k - 1]] < strengths[i])
        {
          order[k] = order[k - 1];
          k--;
        }
      order[k] = i;
    }
  report->n_models = n;
  report->models = g_new0 (char *, n + 1);
  report->strengths = g_new0 (double, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      report->models[k] = g_strdup (g_ptr_array_index (models, order[k]));
      report->strengths[k] = strengths[order[k]];
    }
}

/**
 * rubric_merge_files:
 * @inputs: records exports
 * @format: an export format's id, or "rubric-tasks"
 * @output: a file, or "-" for standard output
 * @models: rate the response models of the merged comparisons
 * @report: (out) (optional): what was merged, and the files' problems
 *
 * Merges the records of @inputs (see the top of this file) and writes
 * the merged tasks to @output in @format. A file with problems writes
 * nothing.
 */
gboolean
rubric_merge_method_from_string (const char        *str,
                                 RubricMergeMethod *method)
{
  static const char *names[] = { "majority", "adjudicated", "mean-strength" };

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (str, names[i]))
        {
          *method = (RubricMergeMethod) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
rubric_merge_files (const char * const  *inputs,
                    guint                n_inputs,
                    RubricMergeMethod    method,
                    const char          *format,
                    const char          *output,
                    gboolean             models,
                    guint               *n_written,
                    RubricMergeReport  **report,
                    GError             **error)
{
  RubricMergeOptions options = { method, format, models, NULL };

  return rubric_merge_files_full (inputs, n_inputs, &options, output, n_written, report, error);
}

gboolean
rubric_merge_files_full (const char * const        *inputs,
                         guint                      n_inputs,
                         const RubricMergeOptions  *options,
                         const char                *output,
                         guint                     *n_written,
                         RubricMergeReport        **report,
                         GError                   **error)
{
  RubricMergeMethod method = options->method;
  const char *format = options->format;
  gboolean models = options->models;
  g_autoptr(RubricMergeReport) rep = g_new0 (RubricMergeReport, 1);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (json_put);
  g_autoptr(json_object) header = NULL;
  g_autoptr(RubricSetConfig) config = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const RubricExportWriter *writer = NULL;
  gboolean tasks_out = g_strcmp0 (format, RUBRIC_CONVERT_TASKS) == 0;
  RubricReadOptions read_options = { .from = "records" };
  RubricConvertOptions convert_options = { format, FALSE, RUBRIC_TIES_UNPAIRED, FALSE, "merge" };
  guint n = 0;
  guint n_problems = 0;

  rep->problems = g_ptr_array_new_with_free_func (g_free);
  if (!tasks_out && (writer = rubric_export_writer_lookup (format)) == NULL)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED, _("“%s” is not a format Rubric writes"), format);
      return FALSE;
    }
  if (n_inputs == 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("no records to merge"));
      return FALSE;
    }

  for (guint f = 0; f < n_inputs; f++)
    {
      g_autoptr(RubricTaskReader) reader = NULL;
      g_autoptr(RubricImportResult) res = NULL;
      g_autoptr(GError) local_error = NULL;
      const RubricTaskRecord *record;

      if (!(reader = rubric_task_reader_new_for_path (inputs[f], error)))
        {
          if (report != NULL)
            *report = g_steal_pointer (&rep);
          return FALSE;
        }
      rubric_task_reader_set_options (reader, &read_options);
      /* A task comes once for each annotator. */
      rubric_task_reader_set_check_duplicates (reader, FALSE);
      while ((record = rubric_task_reader_next (reader, NULL, &local_error)) != NULL)
        {
          json_object *gold = rubric_json_get_typed (record->object, "gold", json_type_object);
          const char *id = rubric_json_get_string (record->object, "id");
          const char *annotator = rubric_json_get_string (gold, "annotator");
          Group *group;

          /* A repeat is its annotator's second look, sides swapped: no vote. */
          if (id == NULL || gold == NULL ||
              rubric_records_is_repeat (rubric_json_get_typed (gold, "record", json_type_object)))
            continue;
          if (annotator == NULL)
            annotator = "";
          rep->n_records++;
          json_object *old_task = NULL;
          json_object *task = NULL;

          if (json_object_deep_copy (record->object, &task, NULL) != 0)
            continue;
          if ((group = g_hash_table_lookup (by_id, id)) == NULL)
            {
              group = g_new0 (Group, 1);
              group->annotators = g_ptr_array_new_with_free_func (g_free);
              group->golds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    json_put);
              g_ptr_array_add (groups, group);
            }
          old_task = group->task;
          group->task = task;
          /* The key is the id of the task kept; then the old one may go. */
          g_hash_table_replace (by_id, (gpointer) rubric_json_get_string (task, "id"), group);
          if (old_task != NULL)
            json_object_put (old_task);
          if (!g_hash_table_contains (group->golds, annotator))
            g_ptr_array_add (group->annotators, g_strdup (annotator));
          g_hash_table_insert (group->golds, g_strdup (annotator),
                               json_object_get (rubric_json_get_typed (group->task, "gold", json_type_object)));
        }
      if (header == NULL && options->header != NULL)
        header = json_object_get (options->header);
      if (header == NULL && rubric_task_reader_get_header (reader) != NULL)
        header = json_object_get (rubric_task_reader_get_header (reader));
      res = rubric_import_result_new (inputs[f]);
      rubric_import_result_collect (res, reader);
      for (guint i = 0; i < res->problems->len; i++)
        g_ptr_array_add (rep->problems, g_strdup (g_ptr_array_index (res->problems, i)));
      n_problems += res->n_problems;
      if (local_error == NULL && res->n_tasks == 0 && res->n_problems == 0)
        g_set_error (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: no records; nothing was written"), inputs[f]);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          if (report != NULL)
            *report = g_steal_pointer (&rep);
          return FALSE;
        }
    }
  if (n_problems > 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, ngettext ("%u problem in the records; nothing was written",
                             "%u problems in the records; nothing was written", n_problems),
                   n_problems);
      if (report != NULL)
        *report = g_steal_pointer (&rep);
      return FALSE;
    }

  config = rubric_set_config_new (header);
  if (tasks_out)
    {
      rubric_json_append_value (out, header);
      g_string_append_c (out, '\n');
    }
  for (guint g = 0; g < groups->len; g++)
    {
      const char *merge = NULL;
      json_object *task = merge_group (g_ptr_array_index (groups, g), method, config, &merge);
      const char *text = json_object_to_json_string_ext (task, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
      RubricTaskRecord record = { g + 1, text, strlen (text), task };

      g_ptr_array_add (merged, task);
      rep->n_tasks++;
      if (g_strcmp0 (merge, "unanimous") == 0)
        rep->n_unanimous++;
      else if (g_strcmp0 (merge, "majority") == 0)
        rep->n_majority++;
      else if (g_strcmp0 (merge, "adjudicated") == 0)
        rep->n_adjudicated++;
      else
        rep->n_unresolved++;
      if (tasks_out)
        {
          g_string_append (out, text);
          g_string_append_c (out, '\n');
          n++;
        }
      else
        {
          gsize start = out->len;

          n += rubric_conversion_write_task (writer, out, &record, header, config, &convert_options);
          tag_lines (out, start, merge);
        }
    }
  if (!rubric_atomic_file_write_all (output, out->str, out->len, error))
    {
      if (report != NULL)
        *report = g_steal_pointer (&rep);
      return FALSE;
    }
  if (models)
    rate_models (merged, rep);
  if (n_written != NULL)
    *n_written = n;
  if (report != NULL)
    *report = g_steal_pointer (&rep);
  return TRUE;
}
