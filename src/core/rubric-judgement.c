/* rubric-judgement.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-judgement"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rubric-json.h"
#include "rubric-judgement.h"

/* Skimming faster than this many words a minute is not reading. */
#define SKIM_WORDS_PER_MINUTE 700

static void
check_free (RubricCheck *check)
{
  g_free (check->code);
  g_free (check->message);
  g_free (check);
}

static void
add_check (GPtrArray        *checks,
           RubricCheckLevel  level,
           const char       *code,
           char             *message)
{
  RubricCheck *check = g_new0 (RubricCheck, 1);

  check->level = level;
  check->code = g_strdup (code);
  check->message = message;
  g_ptr_array_add (checks, check);
}

/**
 * rubric_checks_new:
 *
 * Returns: (transfer full) (element-type RubricCheck): no checks yet
 */
GPtrArray *
rubric_checks_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
}

/**
 * rubric_checks_add:
 * @message: (transfer full): what the person reads
 */
void
rubric_checks_add (GPtrArray        *checks,
                   RubricCheckLevel  level,
                   const char       *code,
                   char             *message)
{
  add_check (checks, level, code, message);
}

/* A scale of N points: 1 is "A much better", N "B much better", the
 * middle of an odd scale "about the same". */
guint
rubric_scale_max_strength (guint scale)
{
  return MAX (1, scale / 2);
}

gboolean
rubric_scale_to_choice (guint        scale,
                        guint        position,
                        const char **choice,
                        int         *strength)
{
  guint half = scale / 2;

  if (position < 1 || position > scale)
    return FALSE;
  if (position <= half)
    {
      *choice = RUBRIC_CHOICE_A;
      *strength = half + 1 - position;
    }
  else if (scale % 2 == 1 && position == half + 1)
    {
      *choice = RUBRIC_CHOICE_TIE;
      *strength = 0;
    }
  else
    {
      *choice = RUBRIC_CHOICE_B;
      *strength = position - (scale - half);
    }
  return TRUE;
}

/* Returns 0 when the choice has no place on the scale. */
guint
rubric_choice_to_scale (guint       scale,
                        const char *choice,
                        int         strength)
{
  guint half = scale / 2;
  guint s = CLAMP (strength, 1, (int) half);

  if (g_strcmp0 (choice, RUBRIC_CHOICE_A) == 0)
    return half + 1 - s;
  if (g_strcmp0 (choice, RUBRIC_CHOICE_B) == 0)
    return scale - half + s;
  if (g_strcmp0 (choice, RUBRIC_CHOICE_TIE) == 0 && scale % 2 == 1)
    return half + 1;
  return 0;
}

const char *
rubric_scale_label (guint scale,
                    guint position)
{
  const char *choice;
  int strength;
  guint max = rubric_scale_max_strength (scale);
  gboolean a;

  if (!rubric_scale_to_choice (scale, position, &choice, &strength))
    return NULL;
  if (g_str_equal (choice, RUBRIC_CHOICE_TIE))
    return _("About the same");
  a = g_str_equal (choice, RUBRIC_CHOICE_A);
  if (max > 1 && (guint) strength == max)
    return a ? _("A much better") : _("B much better");
  if (max > 2 && strength == 1)
    return a ? _("A slightly better") : _("B slightly better");
  return a ? _("A better") : _("B better");
}

guint
rubric_count_words (const char *text)
{
  gboolean in_word = FALSE;
  guint n = 0;

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gboolean space = g_unichar_isspace (g_utf8_get_char (p));

      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-';
}

/* @needle appears in @haystack as a whole word, ignoring case. */
static gboolean
mentions (const char *haystack,
          const char *needle)
{
  g_autofree char *h = g_utf8_casefold (haystack, -1);
  g_autofree char *n = g_utf8_casefold (needle, -1);
  gsize n_len = strlen (n);

  if (n_len == 0)
    return FALSE;
  for (const char *p = strstr (h, n); p != NULL; p = strstr (p + 1, n))
    {
      gboolean start_ok = p == h || !is_word_char (g_utf8_get_char (g_utf8_prev_char (p)));
      gboolean end_ok = p[n_len] == '\0' || !is_word_char (g_utf8_get_char (p + n_len));

      if (start_ok && end_ok)
        return TRUE;
    }
  return FALSE;
}

/**
 * rubric_cited_criteria:
 *
 * Returns: (transfer container) (element-type RubricCriterion): the
 *   criteria that @text names, by name or by id
 */
GPtrArray *
rubric_cited_criteria (const RubricSetConfig *config,
                       const char            *text)
{
  GPtrArray *cited = g_ptr_array_new ();

  for (guint i = 0; i < config->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (config->criteria, i);

      if (mentions (text, criterion->name) || mentions (text, criterion->id))
        g_ptr_array_add (cited, criterion);
    }
  return cited;
}

/**
 * rubric_weighted_total:
 *
 * The weighted mean of a response's scores, each criterion mapped to
 * 0…1 on its own scale.
 *
 * Returns: %FALSE when a criterion is not scored yet
 */
gboolean
rubric_weighted_total (const RubricSetConfig  *config,
                       const RubricAnnotation *annotation,
                       const char             *response_id,
                       double                 *total)
{
  double sum = 0.0, weights = 0.0;

  for (guint i = 0; i < config->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (config->criteria, i);
      int score = rubric_annotation_get_score (annotation, response_id, criterion->id);
      double span = MAX (1, criterion->max - criterion->min);

      if (score == RUBRIC_SCORE_NONE)
        return FALSE;
      sum += criterion->weight * (score - criterion->min) / span;
      weights += criterion->weight;
    }
  *total = weights > 0 ? sum / weights : 0.0;
  return config->criteria->len > 0;
}

gint64
rubric_plausible_reading_ms (RubricTask *task)
{
  guint words = rubric_count_words (rubric_task_get_prompt (task));

  for (guint i = 0; i < rubric_task_get_n_responses (task); i++)
    words += rubric_count_words (rubric_json_get_string (rubric_task_get_response (task, i), "content"));
  return (gint64) words * 60 * 1000 / SKIM_WORDS_PER_MINUTE;
}

static const char *
response_id (RubricTask *task,
             guint       index)
{
  return rubric_json_get_string (rubric_task_get_response (task, index), "id");
}

static void
check_scores (const RubricJudgement *j,
              GPtrArray             *checks)
{
  for (guint r = 0; r < rubric_task_get_n_responses (j->task); r++)
    {
      for (guint i = 0; i < j->config->criteria->len; i++)
        {
          RubricCriterion *criterion = g_ptr_array_index (j->config->criteria, i);

          if (rubric_annotation_get_score (j->annotation, response_id (j->task, r), criterion->id) == RUBRIC_SCORE_NONE)
            {
              add_check (checks, RUBRIC_CHECK_ERROR, "scores",
                         g_strdup_printf (_("Score “%s” for response %c"), criterion->name, 'A' + r));
              return;
            }
        }
    }
}

static void
check_justification (const RubricJudgement *j,
                     GPtrArray             *checks)
{
  const char *justification = j->annotation->justification ? j->annotation->justification : "";
  guint words = rubric_count_words (justification);
  g_autoptr(GPtrArray) cited = rubric_cited_criteria (j->config, justification);

  if (words == 0)
    add_check (checks, RUBRIC_CHECK_ERROR, "justification", g_strdup (_("Write a justification: say why, citing the rubric")));
  else if (words < j->config->min_justification_words)
    add_check (checks, RUBRIC_CHECK_ERROR, "min-words",
               g_strdup_printf (_("The justification has %u words; this task set asks for at least %u"),
                                words, j->config->min_justification_words));
  if (words > 0 && j->config->require_citation && j->config->criteria->len > 0 && cited->len == 0)
    add_check (checks, RUBRIC_CHECK_ERROR, "citation",
               g_strdup (_("Cite at least one rubric criterion in the justification")));
}

static void
check_reading_time (RubricTask *task,
                    gint64      active_ms,
                    GPtrArray  *checks)
{
  if (active_ms < rubric_plausible_reading_ms (task))
    add_check (checks, RUBRIC_CHECK_WARNING, "too-fast",
               g_strdup_printf (_("Submitted after %.0f s; reading these responses takes at least %.0f s"),
                                /* Down and up, so that the two never read the same. */
                                floor (active_ms / 1000.0), ceil (rubric_plausible_reading_ms (task) / 1000.0)));
}

static gboolean
has_flags (const RubricAnnotation *annotation,
           const char             *response_id)
{
  return rubric_annotation_count_flags (annotation, response_id) > 0;
}

/* What a careful contractor wants to be told before submitting. */
static void
check_consistency (const RubricJudgement *j,
                   GPtrArray             *checks)
{
  const char *choice = j->annotation->choice;
  gboolean decided = g_strcmp0 (choice, RUBRIC_CHOICE_A) == 0 || g_strcmp0 (choice, RUBRIC_CHOICE_B) == 0;
  guint chosen = g_strcmp0 (choice, RUBRIC_CHOICE_B) == 0;
  gint64 active_ms = j->annotation->active_ms;
  double totals[2];

  if (decided && rubric_task_get_n_responses (j->task) == 2 &&
      rubric_weighted_total (j->config, j->annotation, response_id (j->task, 0), &totals[0]) &&
      rubric_weighted_total (j->config, j->annotation, response_id (j->task, 1), &totals[1]))
    {
      if (totals[chosen] + 1e-9 < totals[1 - chosen])
        add_check (checks, RUBRIC_CHECK_WARNING, "totals-disagree",
                   g_strdup_printf (_("You prefer %c, but its weighted rubric score is lower (%.0f%% against %.0f%%)"),
                                    'A' + chosen, totals[chosen] * 100, totals[1 - chosen] * 100));
      else if (fabs (totals[0] - totals[1]) < 1e-9 &&
               j->annotation->strength >= (int) rubric_scale_max_strength (j->config->preference_scale))
        add_check (checks, RUBRIC_CHECK_WARNING, "strength-equal-scores",
                   g_strdup (_("“Much better”, yet both responses have the same rubric score")));
    }

  if (decided && rubric_task_get_n_responses (j->task) == 2 &&
      has_flags (j->annotation, response_id (j->task, chosen)) &&
      !has_flags (j->annotation, response_id (j->task, 1 - chosen)))
    add_check (checks, RUBRIC_CHECK_WARNING, "chosen-flagged",
               g_strdup_printf (_("You prefer %c, but only %c carries a flag"), 'A' + chosen, 'A' + chosen));

  check_reading_time (j->task, active_ms, checks);
}

/**
 * rubric_judgement_check:
 *
 * Errors stop a submission; warnings may be overridden with a reason.
 *
 * Returns: (transfer full) (element-type RubricCheck): the checks that failed
 */
GPtrArray *
rubric_judgement_check (const RubricJudgement *j)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);

  const char *choice;

  g_return_val_if_fail (j != NULL && j->config != NULL && j->task != NULL && j->annotation != NULL, checks);

  choice = j->annotation->choice;
  if (choice == NULL)
    add_check (checks, RUBRIC_CHECK_ERROR, "choice", g_strdup (_("Choose which response is better")));
  else if (g_str_equal (choice, RUBRIC_CHOICE_TIE) && !j->config->allow_tie)
    add_check (checks, RUBRIC_CHECK_ERROR, "choice", g_strdup (_("This task set does not allow a tie")));
  else if (g_str_equal (choice, RUBRIC_CHOICE_BOTH_BAD) && !j->config->allow_both_bad)
    add_check (checks, RUBRIC_CHECK_ERROR, "choice", g_strdup (_("This task set does not allow “both bad”")));
  check_scores (j, checks);
  check_justification (j, checks);
  check_consistency (j, checks);
  return checks;
}

/**
 * rubric_answer_check:
 * @annotation: the answer and the self-check ticks
 *
 * Returns: (transfer full) (element-type RubricCheck): the checks of a
 *   written answer that failed
 */
GPtrArray *
rubric_answer_check (const RubricSetConfig  *config,
                     const RubricAnnotation *annotation)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
  guint words = rubric_count_words (annotation->answer);
  g_autoptr(GString) unchecked = g_string_new (NULL);

  if (words == 0)
    {
      add_check (checks, RUBRIC_CHECK_ERROR, "answer", g_strdup (_("Write the answer first")));
      return checks;
    }
  if (config->min_answer_words > 0 && words < config->min_answer_words)
    add_check (checks, RUBRIC_CHECK_WARNING, "too-short",
               g_strdup_printf (_("The answer has %u words; the guidance is at least %u"), words, config->min_answer_words));
  if (config->max_answer_words > 0 && words > config->max_answer_words)
    add_check (checks, RUBRIC_CHECK_WARNING, "too-long",
               g_strdup_printf (_("The answer has %u words; the guidance is at most %u"), words, config->max_answer_words));
  for (guint i = 0; config->self_check && i < config->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (config->criteria, i);

      if (!rubric_annotation_is_self_checked (annotation, criterion->id))
        g_string_append_printf (unchecked, "%s%s", unchecked->len ? ", " : "", criterion->name);
    }
  if (unchecked->len > 0)
    add_check (checks, RUBRIC_CHECK_WARNING, "self-check",
               g_strdup_printf (_("Not yet checked against: %s"), unchecked->str));
  return checks;
}

static int
response_index (RubricTask *task,
                const char *id)
{
  for (guint i = 0; i < rubric_task_get_n_responses (task); i++)
    {
      if (g_strcmp0 (rubric_json_get_string (rubric_task_get_response (task, i), "id"), id) == 0)
        return i;
    }
  return -1;
}

/**
 * rubric_ranking_ranks:
 * @ranks: (out caller-allocates) (array): a rank for each response, in
 *   file order; tied responses share one (1, 1, 3…)
 *
 * Reads the ranking (response ids, best first) and the ties (ids that
 * share the rank of the one before them) of @annotation.
 *
 * Returns: %TRUE when every response is ranked exactly once
 */
gboolean
rubric_ranking_ranks (RubricTask             *task,
                      const RubricAnnotation *annotation,
                      int                    *ranks)
{
  guint n = rubric_task_get_n_responses (task);
  int previous = 0;

  for (guint i = 0; i < n; i++)
    ranks[i] = 0;
  if (annotation->ranking->len != n)
    return FALSE;
  for (guint place = 0; place < n; place++)
    {
      const char *id = g_ptr_array_index (annotation->ranking, place);
      int index = response_index (task, id);
      gboolean tied = place > 0 && rubric_annotation_is_tied (annotation, id);

      if (index < 0 || ranks[index] != 0)
        return FALSE;
      ranks[index] = tied ? previous : (int) place + 1;
      previous = ranks[index];
    }
  return TRUE;
}


/**
 * rubric_ranking_check:
 *
 * Returns: (transfer full) (element-type RubricCheck): the checks of a
 *   ranking that failed
 */
GPtrArray *
rubric_ranking_check (const RubricSetConfig  *config,
                      RubricTask             *task,
                      const RubricAnnotation *annotation)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
  guint n = rubric_task_get_n_responses (task);
  int ranks[RUBRIC_MAX_RESPONSES];
  double totals[RUBRIC_MAX_RESPONSES];
  gboolean scored[RUBRIC_MAX_RESPONSES];

  if (!rubric_ranking_ranks (task, annotation, ranks))
    {
      add_check (checks, RUBRIC_CHECK_ERROR, "ranking", g_strdup (_("Rank every response: type the order, such as 3142")));
      return checks;
    }
  if (annotation->ties->len > 0 && !config->allow_tie)
    add_check (checks, RUBRIC_CHECK_ERROR, "ties", g_strdup (_("This task set does not allow ties")));

  for (guint i = 0; i < n; i++)
    scored[i] = rubric_weighted_total (config, annotation, response_id (task, i), &totals[i]);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        if (scored[i] && scored[j] && ranks[i] < ranks[j] && totals[i] + 1e-9 < totals[j])
          {
            add_check (checks, RUBRIC_CHECK_WARNING, "totals-disagree",
                       g_strdup_printf (_("%c is ranked above %c, but its weighted rubric score is lower (%.0f%% against %.0f%%)"),
                                        'A' + i, 'A' + j, totals[i] * 100, totals[j] * 100));
            goto done;
          }
      }
done:
  check_reading_time (task, annotation->active_ms, checks);
  return checks;
}

/* The criterion that speaks of correctness, if the rubric has one. */
static const RubricCriterion *
correctness_criterion (const RubricSetConfig *config)
{
  for (guint i = 0; i < config->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (config->criteria, i);
      g_autofree char *id = g_ascii_strdown (criterion->id, -1);

      if (strstr (id, "correct") != NULL || strstr (id, "accura") != NULL || strstr (id, "factual") != NULL)
        return criterion;
    }
  return NULL;
}

/**
 * rubric_review_check:
 *
 * Returns: (transfer full) (element-type RubricCheck): the checks of a
 *   review that failed
 */
GPtrArray *
rubric_review_check (const RubricSetConfig  *config,
                     RubricTask             *task,
                     const RubricAnnotation *annotation)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
  const RubricCriterion *correctness = correctness_criterion (config);
  const char *id = response_id (task, 0);
  guint words = rubric_count_words (annotation->justification);
  gboolean critical = FALSE;

  if (annotation->verdict == NULL)
    add_check (checks, RUBRIC_CHECK_ERROR, "verdict", g_strdup (_("Give an overall verdict")));
  for (guint i = 0; i < config->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (config->criteria, i);

      if (rubric_annotation_get_score (annotation, id, criterion->id) == RUBRIC_SCORE_NONE)
        {
          add_check (checks, RUBRIC_CHECK_ERROR, "scores", g_strdup_printf (_("Score “%s”"), criterion->name));
          break;
        }
    }
  if (words == 0)
    add_check (checks, RUBRIC_CHECK_ERROR, "justification", g_strdup (_("Write a justification: say why, citing the rubric")));
  else if (words < config->min_justification_words)
    add_check (checks, RUBRIC_CHECK_ERROR, "min-words",
               g_strdup_printf (_("The justification has %u words; this task set asks for at least %u"),
                                words, config->min_justification_words));

  for (guint i = 0; i < annotation->spans->len; i++)
    critical |= g_strcmp0 (((RubricSpan *) g_ptr_array_index (annotation->spans, i))->severity, "critical") == 0;
  if (critical && correctness != NULL &&
      rubric_annotation_get_score (annotation, id, correctness->id) == correctness->max)
    add_check (checks, RUBRIC_CHECK_WARNING, "critical-but-correct",
               g_strdup_printf (_("A critical flag, yet “%s” has the top score"), correctness->name));
  check_reading_time (task, annotation->active_ms, checks);
  return checks;
}

gboolean
rubric_checks_have_errors (GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      if (((RubricCheck *) g_ptr_array_index (checks, i))->level == RUBRIC_CHECK_ERROR)
        return TRUE;
    }
  return FALSE;
}

/**
 * rubric_side_swap:
 *
 * Whether to show a task's responses the other way round to this
 * annotator: the same answer every time (FNV-1a of both names), and
 * about half of the tasks.
 */
gboolean
rubric_side_swap (const char *task_id,
                  const char *annotator)
{
  guint32 hash = 2166136261u;

  for (const char *p = task_id; p && *p; p++)
    hash = (hash ^ (guchar) *p) * 16777619u;
  hash = (hash ^ 0xff) * 16777619u;
  for (const char *p = annotator; p && *p; p++)
    hash = (hash ^ (guchar) *p) * 16777619u;
  return (hash >> 7) & 1;
}
