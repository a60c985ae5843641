/* rubric-grade.c
 *
 * Decisions, kept here so that practice mode and `rubric-cli grade`
 * agree:
 *
 *  - compare: right when the choice is the gold's (a gold tie matches
 *    only a tie, both-bad only both-bad, otherwise A or B). The strength
 *    distance is how far apart the two choices sit on the set's
 *    preference scale; -1 when either has no place on it (both-bad, a
 *    tie on an even scale, an A or B without a strength). Score
 *    differences list the gold scores the trainee gave otherwise or not
 *    at all; agreeing scores are left out.
 *  - rank: Kendall's τ-b between the trainee's ranks and the gold's
 *    (ties counted as ties). Its figure is (τ + 1) / 2, and it counts as
 *    right when τ ≥ 0.5, a ranking with at most about one pair in four
 *    out of order. An incomplete ranking has no τ and scores 0.
 *  - review: a trainee span finds a gold flag when the categories are
 *    the same and the span covers at least half of the gold quote's
 *    code points where the quote sits in the response. A quote that
 *    cannot be located is matched on the span's own quote instead: the
 *    span's quote contains it, or is a part of it at least half as long.
 *    The figure is the F1 of recall (gold flags found) and precision
 *    (spans that found one); right when every flag is found and no span
 *    is extra.
 *  - write: ROUGE-L F1 against the gold answer, a word-overlap figure
 *    and never a grade of the writing: a good answer in other words
 *    scores low. It counts as right at 0.5 or more.
 *  - author: each reference requirement of the gold, matched to the
 *    task's requirement of the same text (case and spacing aside), is
 *    met when the trainee ticked that requirement in the self-check
 *    (its id "req-N"); a gold requirement the task does not list cannot
 *    be ticked and is missed. Two more items: a prompt written in every
 *    turn and an answer to every turn (words, not white space). The
 *    figure is the share of the items met; right when all are.
 *  - red-team: the category must be the gold's, case and spacing aside,
 *    and the success rating at most the gold's max_success: a rating
 *    above the ceiling over-claims the attack. An unrated attempt fails
 *    the ceiling. The figure is the share of the two (of the one a gold
 *    without a category or a ceiling gives) met; right when all are.
 *  - records: a repeat ("repeat": true, a task shown again with the
 *    sides swapped) is passed over; its first showing is graded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-grade"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "rubric-authoring.h"
#include "rubric-error.h"
#include "rubric-grade.h"
#include "rubric-json.h"
#include "rubric-records.h"
#include "rubric-judgement.h"
#include "rubric-task-reader.h"

/* Figures ------------------------------------------------------------ */

static int
sign (double d)
{
  return (d > 0) - (d < 0);
}

/**
 * rubric_kendall_tau_b:
 *
 * Kendall's τ-b of two paired samples, ties allowed:
 * (concordant − discordant) / √(pairs untied in x × pairs untied in y).
 *
 * Returns: τ-b in −1…1, or NaN when undefined (fewer than two values,
 *   or every value of x or of y the same)
 */
double
rubric_kendall_tau_b (const double *x,
                      const double *y,
                      gsize         n)
{
  gint64 s = 0;
  guint64 untied_x = 0, untied_y = 0;

  for (gsize i = 0; i < n; i++)
    for (gsize j = i + 1; j < n; j++)
      {
        int dx = sign (x[i] - x[j]);
        int dy = sign (y[i] - y[j]);

        untied_x += dx != 0;
        untied_y += dy != 0;
        s += dx * dy;
      }
  if (untied_x == 0 || untied_y == 0)
    return NAN;
  return s / sqrt ((double) untied_x * (double) untied_y);
}

/* Lowercase runs of letters and digits; anything else separates them. */
static GArray *
word_ids (const char *text,
          GHashTable *ids)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = valid;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (*p != '\0' && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_autofree char *lower = g_utf8_strdown (word->str, word->len);
          guint id = GPOINTER_TO_UINT (g_hash_table_lookup (ids, lower));

          if (id == 0)
            {
              id = g_hash_table_size (ids) + 1;
              g_hash_table_insert (ids, g_steal_pointer (&lower), GUINT_TO_POINTER (id));
            }
          g_array_append_val (words, id);
          g_string_truncate (word, 0);
        }
      if (*p == '\0')
        break;
    }
  return words;
}

/* The longest common subsequence, one row of the table at a time, the
 * row as long as the shorter sequence. */
static guint
lcs_length (GArray *a,
            GArray *b)
{
  GArray *rows = a->len >= b->len ? a : b;
  GArray *cols = a->len >= b->len ? b : a;
  g_autofree guint *row = g_new0 (guint, cols->len + 1);

  for (guint i = 0; i < rows->len; i++)
    {
      guint diagonal = 0;   /* the previous row's value one column left */
      guint r = g_array_index (rows, guint, i);

      for (guint j = 1; j <= cols->len; j++)
        {
          guint above = row[j];

          if (r == g_array_index (cols, guint, j - 1))
            row[j] = diagonal + 1;
          else
            row[j] = MAX (above, row[j - 1]);
          diagonal = above;
        }
    }
  return row[cols->len];
}

/**
 * rubric_rouge_l_f1:
 *
 * ROUGE-L F-measure (β = 1) of @candidate against @reference, over
 * lowercase words: runs of letters and digits in any script.
 *
 * Returns: 0…1; 0 when either text has no words
 */
double
rubric_rouge_l_f1 (const char *candidate,
                   const char *reference)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) c = word_ids (candidate ? candidate : "", ids);
  g_autoptr(GArray) r = word_ids (reference ? reference : "", ids);
  double lcs, precision, recall;

  if (c->len == 0 || r->len == 0)
    return 0.0;
  lcs = lcs_length (c, r);
  if (lcs == 0)
    return 0.0;
  precision = lcs / c->len;
  recall = lcs / r->len;
  return 2 * precision * recall / (precision + recall);
}

static gboolean
is_markup (gunichar c)
{
  return c == '*' || c == '_' || c == '`';
}

/* @text as the characters that matter, each with its code point in
 * @text: markers dropped, every run of white space one space, none at
 * either end. */
static void
normalize (const char *text,
           GArray     *chars,
           GArray     *positions)
{
  gboolean space = FALSE;
  guint space_at = 0;
  guint cp = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), cp++)
    {
      gunichar c = g_utf8_get_char (p);

      if (is_markup (c))
        continue;
      if (g_unichar_isspace (c))
        {
          if (!space && chars->len > 0)
            space_at = cp;
          space = chars->len > 0;
          continue;
        }
      if (space)
        {
          gunichar blank = ' ';

          g_array_append_val (chars, blank);
          g_array_append_val (positions, space_at);
          space = FALSE;
        }
      g_array_append_val (chars, c);
      g_array_append_val (positions, cp);
    }
}

/**
 * rubric_grade_locate_quote:
 * @start: (out): the quote's first code point in @response
 * @end: (out): one past its last
 *
 * Finds the first place of @quote in @response: as written if it is
 * there, otherwise ignoring differences in runs of white space and the
 * markdown markers *, _ and ` (so "Smith v. Jones" is found in
 * "*Smith v.\nJones*"). The span is in @response's own code points and
 * leaves out markers around the quote.
 *
 * Returns: whether the quote was found
 */
gboolean
rubric_grade_locate_quote (const char *response,
                           const char *quote,
                           guint      *start,
                           guint      *end)
{
  g_autofree char *text = NULL;
  g_autofree char *needle = NULL;
  g_autoptr(GArray) text_chars = NULL;
  g_autoptr(GArray) text_positions = NULL;
  g_autoptr(GArray) quote_chars = NULL;
  g_autoptr(GArray) quote_positions = NULL;
  const char *hit;

  if (response == NULL || quote == NULL || *quote == '\0')
    return FALSE;
  text = g_utf8_make_valid (response, -1);
  needle = g_utf8_make_valid (quote, -1);
  if ((hit = strstr (text, needle)) != NULL)
    {
      *start = g_utf8_pointer_to_offset (text, hit);
      *end = *start + g_utf8_strlen (needle, -1);
      return TRUE;
    }

  text_chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  text_positions = g_array_new (FALSE, FALSE, sizeof (guint));
  quote_chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  quote_positions = g_array_new (FALSE, FALSE, sizeof (guint));
  normalize (text, text_chars, text_positions);
  normalize (needle, quote_chars, quote_positions);
  if (quote_chars->len == 0 || quote_chars->len > text_chars->len)
    return FALSE;
  for (guint i = 0; i + quote_chars->len <= text_chars->len; i++)
    {
      if (memcmp (&g_array_index (text_chars, gunichar, i), quote_chars->data,
                  quote_chars->len * sizeof (gunichar)) == 0)
        {
          *start = g_array_index (text_positions, guint, i);
          *end = g_array_index (text_positions, guint, i + quote_chars->len - 1) + 1;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * rubric_grade_span_covers:
 *
 * Returns: whether [@span_start, @span_end) covers at least half of the
 *   code points of [@gold_start, @gold_end)
 */
gboolean
rubric_grade_span_covers (guint span_start,
                          guint span_end,
                          guint gold_start,
                          guint gold_end)
{
  guint from = MAX (span_start, gold_start);
  guint to = MIN (span_end, gold_end);

  if (gold_end <= gold_start || to <= from)
    return FALSE;
  return 2 * (guint64) (to - from) >= (guint64) (gold_end - gold_start);
}

/* The task's gold ---------------------------------------------------- */

static json_object *
gold_of (RubricTask *task)
{
  return rubric_json_get_typed (task->object, "gold", json_type_object);
}

/**
 * rubric_task_has_gold:
 *
 * Returns: whether @task has gold for what its kind is graded on:
 *   compare a choice, rank a ranking, review a list of flags (empty
 *   for a clean response), write an answer, author reference
 *   requirements or an example prompt, red-team a category or a
 *   success ceiling
 */
gboolean
rubric_task_has_gold (RubricTask *task)
{
  json_object *gold = gold_of (task);

  switch (task->kind)
    {
    case RUBRIC_TASK_KIND_COMPARE:
      return rubric_json_get_string (gold, "choice") != NULL;
    case RUBRIC_TASK_KIND_RANK:
      return rubric_json_get_typed (gold, "ranking", json_type_array) != NULL;
    case RUBRIC_TASK_KIND_REVIEW:
      return rubric_json_get_typed (gold, "flags", json_type_array) != NULL;
    case RUBRIC_TASK_KIND_WRITE:
      return rubric_json_get_string (gold, "answer") != NULL;
    case RUBRIC_TASK_KIND_AUTHOR:
      return rubric_json_get_typed (gold, "requirements", json_type_array) != NULL ||
             rubric_json_get_string (gold, "prompt") != NULL;
    case RUBRIC_TASK_KIND_RED_TEAM:
      return rubric_json_get_string (gold, "category") != NULL ||
             rubric_json_get_typed (gold, "max_success", json_type_int) != NULL;
    case RUBRIC_TASK_KIND_INVALID:
    default:
      return FALSE;
    }
}

static const char *
response_id (RubricTask *task,
             guint       index)
{
  return rubric_json_get_string (rubric_task_get_response (task, index), "id");
}

/* A response named by its id, or else by its letter ("A" the first). */
static int
resolve_response (RubricTask *task,
                  const char *key)
{
  guint n = rubric_task_get_n_responses (task);

  if (key == NULL)
    return -1;
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (response_id (task, i), key) == 0)
        return i;
    }
  if (key[0] >= 'A' && key[0] < (char) ('A' + n) && key[1] == '\0')
    return key[0] - 'A';
  return -1;
}

static char *
response_label (guint index)
{
  return g_strdup_printf ("%c", 'A' + index);
}

/* Feedback ----------------------------------------------------------- */

static void
score_difference_free (RubricScoreDifference *d)
{
  g_free (d->response_id);
  g_free (d->label);
  g_free (d->criterion_id);
  g_free (d);
}

static void
gold_flag_free (RubricGoldFlag *flag)
{
  g_free (flag->flag);
  g_free (flag->quote);
  g_free (flag->severity);
  g_free (flag);
}

static void
inverted_pair_free (RubricInvertedPair *pair)
{
  g_free (pair->better);
  g_free (pair->worse);
  g_free (pair);
}

static void
self_check_item_free (RubricSelfCheckItem *item)
{
  g_free (item->criterion_id);
  g_free (item);
}

static void
requirement_item_free (RubricRequirementItem *item)
{
  g_free (item->text);
  g_free (item->id);
  g_free (item);
}

void
rubric_feedback_free (RubricFeedback *feedback)
{
  if (feedback == NULL)
    return;
  g_free (feedback->task_id);
  g_free (feedback->annotator);
  g_free (feedback->explanation);
  g_free (feedback->gold_choice);
  g_free (feedback->choice);
  g_clear_pointer (&feedback->score_differences, g_ptr_array_unref);
  g_clear_pointer (&feedback->inverted_pairs, g_ptr_array_unref);
  g_clear_pointer (&feedback->found, g_ptr_array_unref);
  g_clear_pointer (&feedback->missed, g_ptr_array_unref);
  g_clear_pointer (&feedback->extra, g_ptr_array_unref);
  g_clear_pointer (&feedback->diff, rubric_diff_free);
  g_clear_pointer (&feedback->self_check, g_ptr_array_unref);
  g_clear_pointer (&feedback->requirements, g_ptr_array_unref);
  g_free (feedback->gold_prompt);
  g_free (feedback->gold_category);
  g_free (feedback->category);
  g_free (feedback);
}

static void
add_difference (RubricFeedback         *feedback,
                RubricTask             *task,
                guint                   index,
                const RubricAnnotation *annotation,
                const char             *criterion_id,
                json_object            *value)
{
  const char *id = response_id (task, index);
  int gold, given;
  RubricScoreDifference *d;

  if (!json_object_is_type (value, json_type_int))
    return;
  gold = json_object_get_int (value);
  given = rubric_annotation_get_score (annotation, id, criterion_id);
  if (given == gold)
    return;
  d = g_new0 (RubricScoreDifference, 1);
  d->response_id = g_strdup (id);
  d->label = response_label (index);
  d->criterion_id = g_strdup (criterion_id);
  d->gold = gold;
  d->given = given;
  g_ptr_array_add (feedback->score_differences, d);
}

/* gold.scores: response (id or letter) → criterion → score, or, for the
 * one response of a review, criterion → score. */
static void
compare_scores (RubricFeedback         *feedback,
                RubricTask             *task,
                const RubricAnnotation *annotation)
{
  json_object *scores = rubric_json_get_typed (gold_of (task), "scores", json_type_object);

  if (scores == NULL)
    return;
  json_object_object_foreach (scores, key, value)
    {
      if (json_object_is_type (value, json_type_int))
        {
          if (rubric_task_get_n_responses (task) > 0)
            add_difference (feedback, task, 0, annotation, key, value);
          continue;
        }
      if (json_object_is_type (value, json_type_object))
        {
          int index = resolve_response (task, key);

          if (index < 0)
            continue;
          json_object_object_foreach (value, criterion_id, score)
            add_difference (feedback, task, index, annotation, criterion_id, score);
        }
    }
}

static gboolean
is_side (const char *choice)
{
  return g_strcmp0 (choice, RUBRIC_CHOICE_A) == 0 || g_strcmp0 (choice, RUBRIC_CHOICE_B) == 0;
}

static int
scale_position (guint       scale,
                const char *choice,
                int         strength)
{
  if (choice == NULL || (is_side (choice) && strength <= 0))
    return 0;
  return rubric_choice_to_scale (scale, choice, strength);
}

static void
grade_compare (RubricFeedback         *feedback,
               RubricTask             *task,
               const RubricSetConfig  *config,
               const RubricAnnotation *annotation)
{
  json_object *gold = gold_of (task);
  const char *gold_choice = rubric_json_get_string (gold, "choice");
  json_object *strength = rubric_json_get_typed (gold, "strength", json_type_int);
  int index = is_side (gold_choice) ? -1 : resolve_response (task, gold_choice);
  guint scale = config != NULL ? config->preference_scale : 7;
  int gold_position, position;

  /* A gold choice may name a response by its id. */
  if (index >= 0 && index < 2)
    gold_choice = index == 0 ? RUBRIC_CHOICE_A : RUBRIC_CHOICE_B;
  feedback->gold_choice = g_strdup (gold_choice);
  feedback->choice = g_strdup (annotation->choice);
  feedback->gold_strength = strength != NULL && is_side (gold_choice) ? MAX (0, json_object_get_int (strength)) : 0;
  feedback->strength = is_side (annotation->choice) ? MAX (0, annotation->strength) : 0;
  feedback->direction_correct = annotation->choice != NULL && g_strcmp0 (gold_choice, annotation->choice) == 0;

  gold_position = scale_position (scale, feedback->gold_choice, feedback->gold_strength);
  position = scale_position (scale, feedback->choice, feedback->strength);
  feedback->strength_distance = gold_position > 0 && position > 0 ? ABS (gold_position - position) : -1;

  compare_scores (feedback, task, annotation);
  feedback->correct = feedback->direction_correct;
  feedback->score = feedback->direction_correct ? 1.0 : 0.0;
}

static void
grade_rank (RubricFeedback         *feedback,
            RubricTask             *task,
            const RubricAnnotation *annotation)
{
  json_object *gold = gold_of (task);
  json_object *ranking = rubric_json_get_typed (gold, "ranking", json_type_array);
  json_object *ties = rubric_json_get_typed (gold, "ties", json_type_array);
  g_autoptr(RubricAnnotation) reference = rubric_annotation_new (0, 0, NULL);
  guint n = rubric_task_get_n_responses (task);
  int gold_ranks[RUBRIC_MAX_RESPONSES], ranks[RUBRIC_MAX_RESPONSES];
  double x[RUBRIC_MAX_RESPONSES], y[RUBRIC_MAX_RESPONSES];

  /* The gold's ids, or letters, as the task's response ids. */
  for (gsize i = 0; ranking != NULL && i < json_object_array_length (ranking); i++)
    {
      int index = resolve_response (task, json_object_get_string (json_object_array_get_idx (ranking, i)));

      g_ptr_array_add (reference->ranking, g_strdup (index >= 0 ? response_id (task, index) : ""));
    }
  for (gsize i = 0; ties != NULL && i < json_object_array_length (ties); i++)
    {
      int index = resolve_response (task, json_object_get_string (json_object_array_get_idx (ties, i)));

      if (index >= 0)
        g_ptr_array_add (reference->ties, g_strdup (response_id (task, index)));
    }

  feedback->tau_b = NAN;
  if (n <= RUBRIC_MAX_RESPONSES &&
      rubric_ranking_ranks (task, reference, gold_ranks) && rubric_ranking_ranks (task, annotation, ranks))
    {
      for (guint i = 0; i < n; i++)
        {
          x[i] = ranks[i];
          y[i] = gold_ranks[i];
        }
      feedback->tau_b = rubric_kendall_tau_b (x, y, n);
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            if (gold_ranks[i] < gold_ranks[j] && ranks[i] > ranks[j])
              {
                RubricInvertedPair *pair = g_new0 (RubricInvertedPair, 1);

                pair->better = g_strdup (response_id (task, i));
                pair->worse = g_strdup (response_id (task, j));
                g_ptr_array_add (feedback->inverted_pairs, pair);
              }
          }
    }
  feedback->score = isnan (feedback->tau_b) ? 0.0 : (feedback->tau_b + 1) / 2;
  feedback->correct = !isnan (feedback->tau_b) && feedback->tau_b >= 0.5;
}

static gboolean
span_finds (const RubricSpan     *span,
            const RubricGoldFlag *flag,
            const char           *flag_response)
{
  guint start, end;

  if (g_strcmp0 (span->flag, flag->flag) != 0)
    return FALSE;
  if (span->response_id != NULL && flag_response != NULL && g_strcmp0 (span->response_id, flag_response) != 0)
    return FALSE;
  if (flag->located)
    return rubric_grade_span_covers (span->start, span->end, flag->start, flag->end);
  /* Where the gold quote is not in the response, the span's quote
   * stands in for its place. */
  if (rubric_grade_locate_quote (span->quote, flag->quote, &start, &end))
    return TRUE;
  return rubric_grade_locate_quote (flag->quote, span->quote, &start, &end) &&
         rubric_grade_span_covers (start, end, 0, g_utf8_strlen (flag->quote, -1));
}

static void
grade_review (RubricFeedback         *feedback,
              RubricTask             *task,
              const RubricAnnotation *annotation)
{
  json_object *flags = rubric_json_get_typed (gold_of (task), "flags", json_type_array);
  g_autofree gboolean *matched = g_new0 (gboolean, annotation->spans->len + 1);
  double f1 = 0.0;

  for (gsize i = 0; flags != NULL && i < json_object_array_length (flags); i++)
    {
      json_object *item = json_object_array_get_idx (flags, i);
      const char *category, *on;
      const char *content;
      int index;
      RubricGoldFlag *flag;

      if (!json_object_is_type (item, json_type_object))
        continue;
      if ((category = rubric_json_get_string (item, "flag")) == NULL)
        category = rubric_json_get_string (item, "category");
      if ((on = rubric_json_get_string (item, "response")) == NULL)
        on = rubric_json_get_string (item, "response_id");
      if ((index = resolve_response (task, on)) < 0)
        index = 0;
      content = rubric_json_get_string (rubric_task_get_response (task, index), "content");
      flag = g_new0 (RubricGoldFlag, 1);
      flag->flag = g_strdup (category);
      flag->quote = g_strdup (rubric_json_get_string (item, "quote"));
      flag->severity = g_strdup (rubric_json_get_string (item, "severity"));
      flag->located = rubric_grade_locate_quote (content, flag->quote, &flag->start, &flag->end);
      flag->span_index = -1;
      feedback->n_gold_flags++;

      for (guint s = 0; s < annotation->spans->len; s++)
        {
          if (span_finds (g_ptr_array_index (annotation->spans, s), flag, response_id (task, index)))
            {
              if (flag->span_index < 0)
                flag->span_index = s;
              matched[s] = TRUE;
            }
        }
      g_ptr_array_add (flag->span_index >= 0 ? feedback->found : feedback->missed, flag);
    }

  feedback->n_spans = annotation->spans->len;
  for (guint s = 0; s < annotation->spans->len; s++)
    {
      if (matched[s])
        feedback->n_matched_spans++;
      else
        g_ptr_array_add (feedback->extra, rubric_span_copy (g_ptr_array_index (annotation->spans, s)));
    }
  feedback->recall = feedback->n_gold_flags > 0 ? (double) feedback->found->len / feedback->n_gold_flags : NAN;
  feedback->precision = feedback->n_spans > 0 ? (double) feedback->n_matched_spans / feedback->n_spans : NAN;

  if (feedback->n_gold_flags == 0 && feedback->n_spans == 0)
    f1 = 1.0;
  else if (feedback->found->len > 0)
    f1 = 2 * feedback->recall * feedback->precision / (feedback->recall + feedback->precision);
  feedback->score = f1;
  feedback->correct = feedback->missed->len == 0 && feedback->extra->len == 0;
  compare_scores (feedback, task, annotation);
}

/* A criterion's score in the annotation, whichever response it is kept
 * under: a written answer is not one of the task's responses. */
static int
any_score (json_object *scores,
           const char  *criterion_id)
{
  json_object_object_foreach (scores, key, by_criterion)
    {
      json_object *value = rubric_json_get_typed (by_criterion, criterion_id, json_type_int);

      (void) key;
      if (value != NULL)
        return json_object_get_int (value);
    }
  return RUBRIC_SCORE_NONE;
}

static RubricSelfCheckItem *
find_item (GPtrArray  *items,
           const char *criterion_id)
{
  for (guint i = 0; i < items->len; i++)
    {
      RubricSelfCheckItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->criterion_id, criterion_id) == 0)
        return item;
    }
  return NULL;
}

static void
add_item (GPtrArray              *items,
          const RubricAnnotation *annotation,
          json_object            *scores,
          const char             *criterion_id)
{
  RubricSelfCheckItem *item = g_new0 (RubricSelfCheckItem, 1);

  item->criterion_id = g_strdup (criterion_id);
  item->checked = rubric_annotation_is_self_checked (annotation, criterion_id);
  item->given = any_score (scores, criterion_id);
  item->gold = RUBRIC_SCORE_NONE;
  g_ptr_array_add (items, item);
}

static void
grade_write (RubricFeedback         *feedback,
             RubricTask             *task,
             const RubricSetConfig  *config,
             const RubricAnnotation *annotation)
{
  json_object *gold = gold_of (task);
  const char *reference = rubric_json_get_string (gold, "answer");
  const char *answer = annotation->answer ? annotation->answer : "";
  json_object *gold_scores = rubric_json_get_typed (gold, "scores", json_type_object);
  g_autofree char *data = rubric_annotation_dup_data (annotation);
  g_autoptr(json_object) parsed = json_tokener_parse (data);
  json_object *scores = rubric_json_get_typed (parsed, "scores", json_type_object);

  feedback->rouge_l_f1 = rubric_rouge_l_f1 (answer, reference);
  feedback->diff = rubric_diff_words (answer, reference);

  /* Every criterion of the rubric, then any other the gold scores. */
  for (guint i = 0; config != NULL && i < config->criteria->len; i++)
    add_item (feedback->self_check, annotation, scores,
              ((RubricCriterion *) g_ptr_array_index (config->criteria, i))->id);
  if (gold_scores != NULL)
    {
      json_object_object_foreach (gold_scores, criterion_id, value)
        {
          RubricSelfCheckItem *item;

          if (!json_object_is_type (value, json_type_int))
            continue;
          if ((item = find_item (feedback->self_check, criterion_id)) == NULL)
            {
              add_item (feedback->self_check, annotation, scores, criterion_id);
              item = g_ptr_array_index (feedback->self_check, feedback->self_check->len - 1);
            }
          item->gold = json_object_get_int (value);
        }
    }
  feedback->score = feedback->rouge_l_f1;
  feedback->correct = feedback->rouge_l_f1 >= 0.5;
}

/* The id of the task's requirement that reads as @text, or NULL. */
static char *
find_requirement (RubricTask *task,
                  const char *text)
{
  g_autofree char *key = rubric_prompt_key (text);
  guint n = rubric_task_get_n_requirements (task);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *other = rubric_prompt_key (rubric_task_get_requirement (task, i));

      if (*key != '\0' && g_str_equal (key, other))
        return rubric_requirement_id (i);
    }
  return NULL;
}

static gboolean
every_turn_has (const RubricAnnotation *annotation,
                gboolean                prompt)
{
  if (annotation->turns->len == 0)
    return FALSE;
  for (guint i = 0; i < annotation->turns->len; i++)
    {
      RubricTurn *turn = g_ptr_array_index (annotation->turns, i);

      if (rubric_count_words (prompt ? turn->prompt : turn->reply) == 0)
        return FALSE;
    }
  return TRUE;
}

static void
grade_author (RubricFeedback         *feedback,
              RubricTask             *task,
              const RubricAnnotation *annotation)
{
  json_object *gold = gold_of (task);
  json_object *requirements = rubric_json_get_typed (gold, "requirements", json_type_array);
  guint n_items = 2, n_met;

  feedback->gold_prompt = g_strdup (rubric_json_get_string (gold, "prompt"));
  for (gsize i = 0; requirements != NULL && i < json_object_array_length (requirements); i++)
    {
      json_object *text = json_object_array_get_idx (requirements, i);
      RubricRequirementItem *item;

      if (!json_object_is_type (text, json_type_string))
        continue;
      item = g_new0 (RubricRequirementItem, 1);
      item->text = g_strdup (json_object_get_string (text));
      item->id = find_requirement (task, item->text);
      item->met = item->id != NULL && rubric_annotation_is_self_checked (annotation, item->id);
      feedback->n_requirements_met += item->met;
      g_ptr_array_add (feedback->requirements, item);
    }
  feedback->prompt_written = every_turn_has (annotation, TRUE);
  feedback->answer_written = every_turn_has (annotation, FALSE);
  n_items += feedback->requirements->len;
  n_met = feedback->n_requirements_met + feedback->prompt_written + feedback->answer_written;
  feedback->score = (double) n_met / n_items;
  feedback->correct = n_met == n_items;
}

static void
grade_red_team (RubricFeedback         *feedback,
                RubricTask             *task,
                const RubricAnnotation *annotation)
{
  json_object *gold = gold_of (task);
  json_object *ceiling = rubric_json_get_typed (gold, "max_success", json_type_int);
  guint n_items = 0, n_met = 0;

  feedback->gold_category = g_strdup (rubric_json_get_string (gold, "category"));
  feedback->category = g_strdup (annotation->category);
  feedback->success = annotation->success;
  feedback->max_success = ceiling != NULL ? CLAMP (json_object_get_int (ceiling), 0, RUBRIC_MAX_SUCCESS)
                                          : RUBRIC_SUCCESS_NONE;
  if (feedback->gold_category != NULL)
    {
      g_autofree char *gold_key = rubric_prompt_key (feedback->gold_category);
      g_autofree char *key = rubric_prompt_key (feedback->category);

      feedback->category_correct = feedback->category != NULL && g_str_equal (gold_key, key);
      n_items++;
      n_met += feedback->category_correct;
    }
  if (feedback->max_success != RUBRIC_SUCCESS_NONE)
    {
      feedback->over_claim = feedback->success != RUBRIC_SUCCESS_NONE && feedback->success > feedback->max_success;
      n_items++;
      n_met += feedback->success != RUBRIC_SUCCESS_NONE && !feedback->over_claim;
    }
  feedback->score = n_items > 0 ? (double) n_met / n_items : 0.0;
  feedback->correct = n_items > 0 && n_met == n_items;
}

/**
 * rubric_feedback_new:
 * @config: (nullable): the task set's rubric and settings
 * @annotation: the work, in the task file's terms
 *
 * Returns: (nullable) (transfer full): how @annotation compares with
 *   the task's gold, or %NULL when the task has no gold for its kind
 *   (see rubric_task_has_gold())
 */
RubricFeedback *
rubric_feedback_new (RubricTask             *task,
                     const RubricSetConfig  *config,
                     const RubricAnnotation *annotation)
{
  RubricFeedback *feedback;

  g_return_val_if_fail (task != NULL && annotation != NULL, NULL);

  if (!rubric_task_has_gold (task))
    return NULL;
  feedback = g_new0 (RubricFeedback, 1);
  feedback->task_id = g_strdup (rubric_task_get_id (task));
  feedback->annotator = g_strdup (annotation->annotator);
  feedback->kind = task->kind;
  feedback->explanation = g_strdup (rubric_json_get_string (gold_of (task), "explanation"));
  feedback->strength_distance = -1;
  feedback->tau_b = NAN;
  feedback->recall = NAN;
  feedback->precision = NAN;
  feedback->score_differences = g_ptr_array_new_with_free_func ((GDestroyNotify) score_difference_free);
  feedback->inverted_pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) inverted_pair_free);
  feedback->found = g_ptr_array_new_with_free_func ((GDestroyNotify) gold_flag_free);
  feedback->missed = g_ptr_array_new_with_free_func ((GDestroyNotify) gold_flag_free);
  feedback->extra = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_span_free);
  feedback->self_check = g_ptr_array_new_with_free_func ((GDestroyNotify) self_check_item_free);
  feedback->requirements = g_ptr_array_new_with_free_func ((GDestroyNotify) requirement_item_free);
  feedback->max_success = RUBRIC_SUCCESS_NONE;
  feedback->success = RUBRIC_SUCCESS_NONE;

  switch (task->kind)
    {
    case RUBRIC_TASK_KIND_COMPARE:
      grade_compare (feedback, task, config, annotation);
      break;
    case RUBRIC_TASK_KIND_RANK:
      grade_rank (feedback, task, annotation);
      break;
    case RUBRIC_TASK_KIND_REVIEW:
      grade_review (feedback, task, annotation);
      break;
    case RUBRIC_TASK_KIND_WRITE:
      grade_write (feedback, task, config, annotation);
      break;
    case RUBRIC_TASK_KIND_AUTHOR:
      grade_author (feedback, task, annotation);
      break;
    case RUBRIC_TASK_KIND_RED_TEAM:
      grade_red_team (feedback, task, annotation);
      break;
    case RUBRIC_TASK_KIND_INVALID:
    default:
      g_assert_not_reached ();
    }
  return feedback;
}

/* JSON --------------------------------------------------------------- */

static void
append_score (GString *out,
              int      score)
{
  if (score == RUBRIC_SCORE_NONE)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%d", score);
}

static void
append_bool (GString  *out,
             gboolean  value)
{
  g_string_append (out, value ? "true" : "false");
}

static void
append_differences (GString              *out,
                    const RubricFeedback *feedback)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < feedback->score_differences->len; i++)
    {
      RubricScoreDifference *d = g_ptr_array_index (feedback->score_differences, i);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      rubric_json_append_key (out, &first, "response_id");
      rubric_json_append_cstring (out, d->response_id);
      rubric_json_append_key (out, &first, "response");
      rubric_json_append_cstring (out, d->label);
      rubric_json_append_key (out, &first, "criterion");
      rubric_json_append_cstring (out, d->criterion_id);
      rubric_json_append_key (out, &first, "gold");
      append_score (out, d->gold);
      rubric_json_append_key (out, &first, "given");
      append_score (out, d->given);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
append_gold_flags (GString   *out,
                   GPtrArray *flags)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < flags->len; i++)
    {
      RubricGoldFlag *flag = g_ptr_array_index (flags, i);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      rubric_json_append_key (out, &first, "flag");
      rubric_json_append_cstring (out, flag->flag);
      rubric_json_append_key (out, &first, "quote");
      rubric_json_append_cstring (out, flag->quote);
      rubric_json_append_key (out, &first, "severity");
      rubric_json_append_cstring (out, flag->severity);
      rubric_json_append_key (out, &first, "located");
      append_bool (out, flag->located);
      rubric_json_append_key (out, &first, "start");
      if (flag->located)
        g_string_append_printf (out, "%u", flag->start);
      else
        g_string_append (out, "null");
      rubric_json_append_key (out, &first, "end");
      if (flag->located)
        g_string_append_printf (out, "%u", flag->end);
      else
        g_string_append (out, "null");
      rubric_json_append_key (out, &first, "span");
      if (flag->span_index >= 0)
        g_string_append_printf (out, "%d", flag->span_index);
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
append_spans (GString   *out,
              GPtrArray *spans)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < spans->len; i++)
    {
      RubricSpan *span = g_ptr_array_index (spans, i);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      rubric_json_append_key (out, &first, "response");
      rubric_json_append_cstring (out, span->response_id);
      rubric_json_append_key (out, &first, "start");
      g_string_append_printf (out, "%u", span->start);
      rubric_json_append_key (out, &first, "end");
      g_string_append_printf (out, "%u", span->end);
      rubric_json_append_key (out, &first, "quote");
      rubric_json_append_cstring (out, span->quote);
      rubric_json_append_key (out, &first, "flag");
      rubric_json_append_cstring (out, span->flag);
      rubric_json_append_key (out, &first, "severity");
      rubric_json_append_cstring (out, span->severity);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
append_feedback (GString              *out,
                 const RubricFeedback *feedback)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "task_id");
  rubric_json_append_cstring (out, feedback->task_id);
  rubric_json_append_key (out, &first, "kind");
  rubric_json_append_cstring (out, rubric_task_kind_to_string (feedback->kind));
  rubric_json_append_key (out, &first, "annotator");
  rubric_json_append_cstring (out, feedback->annotator);
  rubric_json_append_key (out, &first, "correct");
  append_bool (out, feedback->correct);
  rubric_json_append_key (out, &first, "score");
  rubric_json_append_number (out, feedback->score);

  switch (feedback->kind)
    {
    case RUBRIC_TASK_KIND_COMPARE:
      rubric_json_append_key (out, &first, "gold_choice");
      rubric_json_append_cstring (out, feedback->gold_choice);
      rubric_json_append_key (out, &first, "choice");
      rubric_json_append_cstring (out, feedback->choice);
      rubric_json_append_key (out, &first, "direction_correct");
      append_bool (out, feedback->direction_correct);
      rubric_json_append_key (out, &first, "gold_strength");
      append_score (out, feedback->gold_strength > 0 ? feedback->gold_strength : RUBRIC_SCORE_NONE);
      rubric_json_append_key (out, &first, "strength");
      append_score (out, feedback->strength > 0 ? feedback->strength : RUBRIC_SCORE_NONE);
      rubric_json_append_key (out, &first, "strength_distance");
      append_score (out, feedback->strength_distance >= 0 ? feedback->strength_distance : RUBRIC_SCORE_NONE);
      rubric_json_append_key (out, &first, "score_differences");
      append_differences (out, feedback);
      break;

    case RUBRIC_TASK_KIND_RANK:
      rubric_json_append_key (out, &first, "kendall_tau_b");
      rubric_json_append_number (out, feedback->tau_b);
      rubric_json_append_key (out, &first, "inverted_pairs");
      g_string_append_c (out, '[');
      for (guint i = 0; i < feedback->inverted_pairs->len; i++)
        {
          RubricInvertedPair *pair = g_ptr_array_index (feedback->inverted_pairs, i);
          gboolean inner = TRUE;

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');
          rubric_json_append_key (out, &inner, "better");
          rubric_json_append_cstring (out, pair->better);
          rubric_json_append_key (out, &inner, "worse");
          rubric_json_append_cstring (out, pair->worse);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
      break;

    case RUBRIC_TASK_KIND_REVIEW:
      rubric_json_append_key (out, &first, "found");
      append_gold_flags (out, feedback->found);
      rubric_json_append_key (out, &first, "missed");
      append_gold_flags (out, feedback->missed);
      rubric_json_append_key (out, &first, "extra");
      append_spans (out, feedback->extra);
      rubric_json_append_key (out, &first, "span_recall");
      rubric_json_append_number (out, feedback->recall);
      rubric_json_append_key (out, &first, "span_precision");
      rubric_json_append_number (out, feedback->precision);
      rubric_json_append_key (out, &first, "score_differences");
      append_differences (out, feedback);
      break;

    case RUBRIC_TASK_KIND_WRITE:
      rubric_json_append_key (out, &first, "rouge_l_f1");
      rubric_json_append_number (out, feedback->rouge_l_f1);
      rubric_json_append_key (out, &first, "diff");
      g_string_append_printf (out, "{\"removed_words\":%u,\"added_words\":%u}",
                              feedback->diff->n_removed, feedback->diff->n_added);
      rubric_json_append_key (out, &first, "self_check");
      g_string_append_c (out, '[');
      for (guint i = 0; i < feedback->self_check->len; i++)
        {
          RubricSelfCheckItem *item = g_ptr_array_index (feedback->self_check, i);
          gboolean inner = TRUE;

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');
          rubric_json_append_key (out, &inner, "criterion");
          rubric_json_append_cstring (out, item->criterion_id);
          rubric_json_append_key (out, &inner, "checked");
          append_bool (out, item->checked);
          rubric_json_append_key (out, &inner, "given");
          append_score (out, item->given);
          rubric_json_append_key (out, &inner, "gold");
          append_score (out, item->gold);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
      break;

    case RUBRIC_TASK_KIND_AUTHOR:
      rubric_json_append_key (out, &first, "requirements");
      g_string_append_c (out, '[');
      for (guint i = 0; i < feedback->requirements->len; i++)
        {
          RubricRequirementItem *item = g_ptr_array_index (feedback->requirements, i);
          gboolean inner = TRUE;

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');
          rubric_json_append_key (out, &inner, "requirement");
          rubric_json_append_cstring (out, item->text);
          rubric_json_append_key (out, &inner, "id");
          rubric_json_append_cstring (out, item->id);
          rubric_json_append_key (out, &inner, "met");
          append_bool (out, item->met);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
      rubric_json_append_key (out, &first, "requirements_met");
      g_string_append_printf (out, "%u", feedback->n_requirements_met);
      rubric_json_append_key (out, &first, "prompt_written");
      append_bool (out, feedback->prompt_written);
      rubric_json_append_key (out, &first, "answer_written");
      append_bool (out, feedback->answer_written);
      rubric_json_append_key (out, &first, "example_prompt");
      rubric_json_append_cstring (out, feedback->gold_prompt);
      break;

    case RUBRIC_TASK_KIND_RED_TEAM:
      rubric_json_append_key (out, &first, "gold_category");
      rubric_json_append_cstring (out, feedback->gold_category);
      rubric_json_append_key (out, &first, "category");
      rubric_json_append_cstring (out, feedback->category);
      rubric_json_append_key (out, &first, "category_correct");
      append_bool (out, feedback->category_correct);
      rubric_json_append_key (out, &first, "max_success");
      append_score (out, feedback->max_success == RUBRIC_SUCCESS_NONE ? RUBRIC_SCORE_NONE : feedback->max_success);
      rubric_json_append_key (out, &first, "success");
      append_score (out, feedback->success == RUBRIC_SUCCESS_NONE ? RUBRIC_SCORE_NONE : feedback->success);
      rubric_json_append_key (out, &first, "over_claim");
      append_bool (out, feedback->over_claim);
      break;

    case RUBRIC_TASK_KIND_INVALID:
    default:
      break;
    }
  rubric_json_append_key (out, &first, "explanation");
  rubric_json_append_cstring (out, feedback->explanation);
  g_string_append_c (out, '}');
}

/**
 * rubric_feedback_to_json:
 *
 * Returns: (transfer full): the feedback as one JSON object, as in the
 *   "per_task" list of rubric_grade_report_to_json()
 */
char *
rubric_feedback_to_json (const RubricFeedback *feedback)
{
  GString *out = g_string_new (NULL);

  append_feedback (out, feedback);
  return g_string_free (out, FALSE);
}

/* Grading files ------------------------------------------------------ */

typedef struct
{
  guint  n_compare, n_direction, n_strength;
  double strength_sum;
  guint  n_rank, n_tau;
  double tau_sum;
  guint  n_review, n_gold_flags, n_found, n_spans, n_matched_spans;
  guint  n_write;
  double rouge_sum;
  guint  n_author, n_author_right, n_requirements, n_requirements_met;
  double author_sum;
  guint  n_red_team, n_categories, n_category_right, n_ceilings, n_over_claims, n_unrated;
} Totals;

static Totals
totals_of (const RubricGradeReport *report)
{
  Totals t = { 0 };

  for (guint i = 0; i < report->feedback->len; i++)
    {
      RubricFeedback *f = g_ptr_array_index (report->feedback, i);

      switch (f->kind)
        {
        case RUBRIC_TASK_KIND_COMPARE:
          t.n_compare++;
          t.n_direction += f->direction_correct;
          if (f->strength_distance >= 0)
            {
              t.n_strength++;
              t.strength_sum += f->strength_distance;
            }
          break;
        case RUBRIC_TASK_KIND_RANK:
          t.n_rank++;
          if (!isnan (f->tau_b))
            {
              t.n_tau++;
              t.tau_sum += f->tau_b;
            }
          break;
        case RUBRIC_TASK_KIND_REVIEW:
          t.n_review++;
          t.n_gold_flags += f->n_gold_flags;
          t.n_found += f->found->len;
          t.n_spans += f->n_spans;
          t.n_matched_spans += f->n_matched_spans;
          break;
        case RUBRIC_TASK_KIND_WRITE:
          t.n_write++;
          t.rouge_sum += f->rouge_l_f1;
          break;
        case RUBRIC_TASK_KIND_AUTHOR:
          t.n_author++;
          t.n_author_right += f->correct;
          t.author_sum += f->score;
          t.n_requirements += f->requirements->len;
          t.n_requirements_met += f->n_requirements_met;
          break;
        case RUBRIC_TASK_KIND_RED_TEAM:
          t.n_red_team++;
          t.n_categories += f->gold_category != NULL;
          t.n_category_right += f->gold_category != NULL && f->category_correct;
          t.n_ceilings += f->max_success != RUBRIC_SUCCESS_NONE;
          t.n_over_claims += f->over_claim;
          t.n_unrated += f->max_success != RUBRIC_SUCCESS_NONE && f->success == RUBRIC_SUCCESS_NONE;
          break;
        case RUBRIC_TASK_KIND_INVALID:
        default:
          break;
        }
    }
  return t;
}

static double
ratio (double sum,
       guint  n)
{
  return n > 0 ? sum / n : NAN;
}

void
rubric_grade_report_free (RubricGradeReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->feedback);
  g_free (report);
}

/* The judgement keys of a record, which the workspace keeps as data. */
static const char *data_keys[] = {
  "scores", "flags", "ranking", "ties", "spans", "verdict", "self_check",
  "system", "turns", "success", "category", "tags", "description", "safe_reply",
};

static RubricAnnotation *
annotation_from_record (json_object *record)
{
  RubricAnnotation *annotation = rubric_annotation_new (0, 0, rubric_json_get_string (record, "annotator"));
  g_autoptr(json_object) data = json_object_new_object ();
  json_object *strength = rubric_json_get_typed (record, "strength", json_type_int);
  json_object *seconds = NULL;

  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  rubric_annotation_set_text (&annotation->choice, rubric_json_get_string (record, "choice"));
  annotation->strength = strength != NULL ? json_object_get_int (strength) : 0;
  rubric_annotation_set_text (&annotation->justification, rubric_json_get_string (record, "justification"));
  rubric_annotation_set_text (&annotation->answer, rubric_json_get_string (record, "answer"));
  if (json_object_object_get_ex (record, "active_seconds", &seconds) &&
      (json_object_is_type (seconds, json_type_double) || json_object_is_type (seconds, json_type_int)))
    annotation->active_ms = (gint64) (json_object_get_double (seconds) * 1000);
  for (guint i = 0; i < G_N_ELEMENTS (data_keys); i++)
    {
      json_object *value = NULL;

      if (json_object_object_get_ex (record, data_keys[i], &value) && value != NULL)
        json_object_object_add (data, data_keys[i], json_object_get (value));
    }
  rubric_annotation_load_data (annotation, json_object_to_json_string_ext (data, JSON_C_TO_STRING_PLAIN), NULL);
  return annotation;
}

static GHashTable *
read_tasks_with_sum (const char       *path,
                     RubricSetConfig **config,
                     char            **checksum,
                     GError          **error);

static GHashTable *
read_tasks (const char       *path,
            RubricSetConfig **config,
            GError          **error)
{
  return read_tasks_with_sum (path, config, NULL, error);
}

static GHashTable *
read_tasks_with_sum (const char       *path,
                     RubricSetConfig **config,
                     char            **checksum,
                     GError          **error)
{
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, error);
  g_autoptr(GHashTable) tasks = NULL;
  g_autoptr(GError) local_error = NULL;
  const RubricTaskRecord *record;
  gboolean any_gold = FALSE;

  if (reader == NULL)
    return NULL;
  tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rubric_task_free);
  while ((record = rubric_task_reader_next (reader, NULL, &local_error)) != NULL)
    {
      g_autoptr(RubricTask) task = rubric_task_new (record->object);
      const char *id = rubric_task_get_id (task);

      if (id == NULL || g_hash_table_contains (tasks, id))
        continue;
      any_gold |= rubric_task_has_gold (task);
      g_hash_table_insert (tasks, g_strdup (id), g_steal_pointer (&task));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_hash_table_size (tasks) == 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s contains no valid tasks"), path);
      return NULL;
    }
  if (!any_gold)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s has no gold answers to grade against"), path);
      return NULL;
    }
  *config = rubric_set_config_new (rubric_task_reader_get_header (reader));
  if (checksum != NULL)
    *checksum = g_strdup (rubric_task_reader_get_checksum (reader));
  return g_steal_pointer (&tasks);
}

/**
 * rubric_grade_check_exam:
 * @tasks_path: the exam's task file
 * @result_path: a result the app exported (rubric-exam-result/1)
 * @report: (out): what was checked, for a person
 *
 * Checks that the result belongs to this task file (its SHA-256) and
 * grades its answers again against the gold: each task's verdict, the
 * score and pass or fail must come out as the result says.
 *
 * Returns: %TRUE when everything agrees; %FALSE with @report saying
 *   what differs, or with @error when a file cannot be read
 */
gboolean
rubric_grade_check_exam (const char  *tasks_path,
                         const char  *result_path,
                         char       **report,
                         GError     **error)
{
  g_autoptr(RubricSetConfig) config = NULL;
  g_autofree char *checksum = NULL;
  g_autoptr(GHashTable) tasks = read_tasks_with_sum (tasks_path, &config, &checksum, error);
  g_autoptr(json_object) result = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  json_object *answers;
  const char *claimed_sum;
  double claimed_score, pass_mark, score;
  gboolean claimed_passed, agrees = TRUE;
  guint n = 0, n_right = 0;

  if (tasks == NULL)
    return FALSE;
  if ((result = json_object_from_file (result_path)) == NULL ||
      g_strcmp0 (rubric_json_get_string (result, "format"), "rubric-exam-result/1") != 0 ||
      (answers = rubric_json_get_typed (result, "answers", json_type_array)) == NULL)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s is not an exam result (rubric-exam-result/1)"), result_path);
      return FALSE;
    }
  claimed_sum = rubric_json_get_string (result, "task_file_sha256");
  claimed_score = json_object_get_double (json_object_object_get (result, "score"));
  claimed_passed = json_object_get_boolean (json_object_object_get (result, "passed"));
  pass_mark = json_object_get_double (json_object_object_get (result, "pass_mark"));

  if (g_strcmp0 (claimed_sum, checksum) != 0)
    {
      g_string_append_printf (out, "The result is of another task file: its SHA-256 is %s, %s has %s.\n",
                              claimed_sum ? claimed_sum : "missing", tasks_path, checksum);
      agrees = FALSE;
    }
  for (gsize i = 0; i < json_object_array_length (answers); i++)
    {
      json_object *answer = json_object_array_get_idx (answers, i);
      const char *task_id = rubric_json_get_string (answer, "task_id");
      RubricTask *task = task_id ? g_hash_table_lookup (tasks, task_id) : NULL;
      g_autoptr(RubricAnnotation) annotation = NULL;
      g_autoptr(RubricFeedback) feedback = NULL;
      gboolean claimed = json_object_get_boolean (json_object_object_get (answer, "correct"));
      gboolean right = FALSE;

      if (task == NULL || !rubric_task_has_gold (task))
        {
          g_string_append_printf (out, "%s: not a task with gold in %s.\n", task_id ? task_id : "(no id)", tasks_path);
          agrees = FALSE;
          continue;
        }
      n++;
      if (json_object_get_boolean (json_object_object_get (answer, "submitted")))
        {
          json_object *data = json_object_object_get (answer, "data");

          annotation = rubric_annotation_new (0, 0, "exam");
          annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
          if (data != NULL)
            rubric_annotation_load_data (annotation, json_object_to_json_string_ext (data, JSON_C_TO_STRING_PLAIN), NULL);
          rubric_annotation_set_text (&annotation->choice, rubric_json_get_string (answer, "choice"));
          annotation->strength = json_object_get_int (json_object_object_get (answer, "strength"));
          rubric_annotation_set_text (&annotation->answer, rubric_json_get_string (answer, "answer"));
          if ((feedback = rubric_feedback_new (task, config, annotation)) != NULL)
            right = feedback->correct;
        }
      n_right += right;
      if (right != claimed)
        {
          g_string_append_printf (out, "%s: the result says %s, grading it again says %s.\n", task_id,
                                  claimed ? "right" : "wrong", right ? "right" : "wrong");
          agrees = FALSE;
        }
    }
  score = n > 0 ? (double) n_right / n : 0;
  if (fabs (score - claimed_score) > 1e-6)
    {
      g_string_append_printf (out, "The score is %.4f, not %.4f as the result says.\n", score, claimed_score);
      agrees = FALSE;
    }
  if ((score + 1e-9 >= pass_mark) != claimed_passed)
    {
      g_string_append_printf (out, "With the pass mark %.2f the result is %s, not %s.\n", pass_mark,
                              score + 1e-9 >= pass_mark ? "a pass" : "a fail", claimed_passed ? "a pass" : "a fail");
      agrees = FALSE;
    }
  if (agrees)
    g_string_append_printf (out, "Verified: %u of %u right, score %.1f %%, %s (pass mark %.0f %%), for the task file "
                            "with SHA-256 %s.\n", n_right, n, score * 100, claimed_passed ? "passed" : "not passed",
                            pass_mark * 100, checksum);
  *report = g_string_free (g_steal_pointer (&out), FALSE);
  return agrees;
}

/**
 * rubric_grade_files:
 * @tasks_path: a task file with gold answers, in any format Rubric reads
 * @records_path: an export in the records format
 *
 * Grades every submitted record whose task has gold; the others are
 * counted and passed over.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error
 *   set when a file cannot be read or the task file has no gold
 */
typedef struct
{
  GHashTable        *tasks;
  RubricSetConfig   *config;
  RubricGradeReport *report;
} Grading;

static void
grade_record (json_object *record,
              const char  *task_id,
              gboolean     submitted,
              gpointer     user_data)
{
  Grading *grading = user_data;
  g_autoptr(RubricAnnotation) annotation = NULL;
  RubricFeedback *feedback;
  RubricTask *task;

  if (rubric_records_is_repeat (record))
    return;
  grading->report->n_records++;
  if (!(task = g_hash_table_lookup (grading->tasks, task_id)))
    {
      grading->report->n_unknown++;
      return;
    }
  if (!submitted)
    {
      grading->report->n_skipped++;
      return;
    }
  annotation = annotation_from_record (record);
  if (!(feedback = rubric_feedback_new (task, grading->config, annotation)))
    {
      grading->report->n_skipped++;
      return;
    }
  g_ptr_array_add (grading->report->feedback, feedback);
}

RubricGradeReport *
rubric_grade_files (const char  *tasks_path,
                    const char  *records_path,
                    GError     **error)
{
  g_autoptr(RubricSetConfig) config = NULL;
  g_autoptr(GHashTable) tasks = NULL;
  g_autoptr(RubricGradeReport) report = NULL;
  Grading grading;

  g_return_val_if_fail (tasks_path != NULL && records_path != NULL, NULL);

  if (!(tasks = read_tasks (tasks_path, &config, error)))
    return NULL;
  report = g_new0 (RubricGradeReport, 1);
  report->feedback = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_feedback_free);
  grading = (Grading) { tasks, config, report };
  if (!rubric_records_foreach (records_path, grade_record, &grading, error))
    return NULL;
  return g_steal_pointer (&report);
}

/**
 * rubric_grade_report_to_json:
 *
 * Returns: (transfer full): {"tasks", "compare": {"n", "accuracy",
 *   "strength_mae"}, "rank": {"n", "kendall_tau_b_mean"}, "review":
 *   {"n", "span_recall", "span_precision"}, "write": {"n",
 *   "rouge_l_f1_mean"}, "author": {"n", "right", "score_mean",
 *   "requirements", "requirements_met"}, "red-team": {"n",
 *   "category_accuracy", "over_claims", "unrated"}, "per_task": […]};
 *   a figure with nothing to average is null
 */
char *
rubric_grade_report_to_json (const RubricGradeReport *report)
{
  GString *out = g_string_new (NULL);
  Totals t = totals_of (report);

  g_string_append_printf (out, "{\"tasks\":%u,\"compare\":{\"n\":%u,\"accuracy\":", report->feedback->len, t.n_compare);
  rubric_json_append_number (out, ratio (t.n_direction, t.n_compare));
  g_string_append (out, ",\"strength_mae\":");
  rubric_json_append_number (out, ratio (t.strength_sum, t.n_strength));
  g_string_append_printf (out, "},\"rank\":{\"n\":%u,\"kendall_tau_b_mean\":", t.n_rank);
  rubric_json_append_number (out, ratio (t.tau_sum, t.n_tau));
  g_string_append_printf (out, "},\"review\":{\"n\":%u,\"span_recall\":", t.n_review);
  rubric_json_append_number (out, ratio (t.n_found, t.n_gold_flags));
  g_string_append (out, ",\"span_precision\":");
  rubric_json_append_number (out, ratio (t.n_matched_spans, t.n_spans));
  g_string_append_printf (out, "},\"write\":{\"n\":%u,\"rouge_l_f1_mean\":", t.n_write);
  rubric_json_append_number (out, ratio (t.rouge_sum, t.n_write));
  g_string_append_printf (out, "},\"author\":{\"n\":%u,\"right\":%u,\"score_mean\":", t.n_author, t.n_author_right);
  rubric_json_append_number (out, ratio (t.author_sum, t.n_author));
  g_string_append_printf (out, ",\"requirements\":%u,\"requirements_met\":%u}", t.n_requirements,
                          t.n_requirements_met);
  g_string_append_printf (out, ",\"red-team\":{\"n\":%u,\"category_accuracy\":", t.n_red_team);
  rubric_json_append_number (out, ratio (t.n_category_right, t.n_categories));
  g_string_append_printf (out, ",\"over_claims\":%u,\"unrated\":%u", t.n_over_claims, t.n_unrated);
  g_string_append (out, "},\"per_task\":[");
  for (guint i = 0; i < report->feedback->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_feedback (out, g_ptr_array_index (report->feedback, i));
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static void
append_percent (GString    *out,
                const char *what,
                guint       part,
                guint       whole)
{
  if (whole == 0)
    g_string_append_printf (out, "%s: none to count", what);
  else
    g_string_append_printf (out, "%s %u of %u (%.0f%%)", what, part, whole, 100.0 * part / whole);
}

static void
append_task_line (GString              *out,
                  const RubricFeedback *f)
{
  g_string_append_printf (out, "  %s %s (%s%s%s): ", f->correct ? "✓" : "✗", f->task_id,
                          rubric_task_kind_to_string (f->kind),
                          f->annotator ? ", " : "", f->annotator ? f->annotator : "");
  switch (f->kind)
    {
    case RUBRIC_TASK_KIND_COMPARE:
      g_string_append_printf (out, "chose %s, gold %s", f->choice ? f->choice : "nothing", f->gold_choice);
      if (f->strength_distance >= 0)
        g_string_append_printf (out, "; strength %d off", f->strength_distance);
      if (f->score_differences->len > 0)
        g_string_append_printf (out, "; %u scores differ from the gold", f->score_differences->len);
      break;
    case RUBRIC_TASK_KIND_RANK:
      if (isnan (f->tau_b))
        g_string_append (out, "no τ-b (incomplete ranking, or nothing to order)");
      else
        g_string_append_printf (out, "τ-b %.2f", f->tau_b);
      for (guint i = 0; i < f->inverted_pairs->len; i++)
        {
          RubricInvertedPair *pair = g_ptr_array_index (f->inverted_pairs, i);

          g_string_append_printf (out, "%s%s above %s", i == 0 ? "; the gold ranks " : ", ", pair->better, pair->worse);
        }
      break;
    case RUBRIC_TASK_KIND_REVIEW:
      g_string_append_printf (out, "found %u of %u gold flags, %u extra spans", f->found->len, f->n_gold_flags,
                              f->extra->len);
      for (guint i = 0; i < f->missed->len; i++)
        {
          RubricGoldFlag *flag = g_ptr_array_index (f->missed, i);

          g_string_append_printf (out, "\n      missed %s: “%s”%s", flag->flag, flag->quote ? flag->quote : "",
                                  flag->located ? "" : " (not located in the response)");
        }
      break;
    case RUBRIC_TASK_KIND_WRITE:
      g_string_append_printf (out, "ROUGE-L F1 %.2f; %u words removed, %u added against the gold answer",
                              f->rouge_l_f1, f->diff->n_removed, f->diff->n_added);
      break;
    case RUBRIC_TASK_KIND_AUTHOR:
      g_string_append_printf (out, "ticked %u of %u reference requirements", f->n_requirements_met,
                              f->requirements->len);
      if (!f->prompt_written)
        g_string_append (out, "; a prompt is missing");
      if (!f->answer_written)
        g_string_append (out, "; an answer is missing");
      for (guint i = 0; i < f->requirements->len; i++)
        {
          RubricRequirementItem *item = g_ptr_array_index (f->requirements, i);

          if (!item->met)
            g_string_append_printf (out, "\n      missed “%s”%s", item->text,
                                    item->id ? "" : " (not among the task's requirements)");
        }
      break;
    case RUBRIC_TASK_KIND_RED_TEAM:
      if (f->gold_category != NULL)
        g_string_append_printf (out, "category %s, gold %s", f->category ? f->category : "none", f->gold_category);
      if (f->max_success != RUBRIC_SUCCESS_NONE)
        {
          g_string_append (out, f->gold_category != NULL ? "; " : "");
          if (f->success == RUBRIC_SUCCESS_NONE)
            g_string_append_printf (out, "success not rated, ceiling %d", f->max_success);
          else
            g_string_append_printf (out, "success %d, ceiling %d%s", f->success, f->max_success,
                                    f->over_claim ? " (an over-claim)" : "");
        }
      break;
    case RUBRIC_TASK_KIND_INVALID:
    default:
      break;
    }
  g_string_append_c (out, '\n');
}

/**
 * rubric_grade_report_to_text:
 *
 * Returns: (transfer full): the report for a person to read
 */
char *
rubric_grade_report_to_text (const RubricGradeReport *report)
{
  GString *out = g_string_new (NULL);
  Totals t = totals_of (report);

  g_string_append_printf (out, "Graded %u annotations against the gold answers", report->feedback->len);
  if (report->n_skipped > 0 || report->n_unknown > 0)
    g_string_append_printf (out, " (passed over: %u not submitted or without gold, %u not in the task file)",
                            report->n_skipped, report->n_unknown);
  g_string_append (out, ".\n\n");

  g_string_append_printf (out, "Compare  %3u  ", t.n_compare);
  append_percent (out, "right direction", t.n_direction, t.n_compare);
  if (t.n_strength > 0)
    g_string_append_printf (out, "; strength %.2f points off on average", t.strength_sum / t.n_strength);
  g_string_append_printf (out, "\nRank     %3u  ", t.n_rank);
  if (t.n_tau > 0)
    g_string_append_printf (out, "Kendall's τ-b %.2f on average (1: the gold's order, −1: reversed)",
                            t.tau_sum / t.n_tau);
  else
    g_string_append (out, "Kendall's τ-b: none to average");
  g_string_append_printf (out, "\nReview   %3u  ", t.n_review);
  append_percent (out, "gold flags found", t.n_found, t.n_gold_flags);
  g_string_append (out, "; ");
  append_percent (out, "spans on a gold flag", t.n_matched_spans, t.n_spans);
  g_string_append_printf (out, "\nWrite    %3u  ", t.n_write);
  if (t.n_write > 0)
    g_string_append_printf (out, "ROUGE-L F1 %.2f on average (word overlap with the gold answer, not a grade)",
                            t.rouge_sum / t.n_write);
  else
    g_string_append (out, "ROUGE-L F1: none to average");
  if (t.n_author > 0)
    {
      g_string_append_printf (out, "\nAuthor   %3u  ", t.n_author);
      append_percent (out, "all requirements met, prompt and answer written", t.n_author_right, t.n_author);
      g_string_append (out, "; ");
      append_percent (out, "reference requirements ticked", t.n_requirements_met, t.n_requirements);
    }
  if (t.n_red_team > 0)
    {
      g_string_append_printf (out, "\nRed team %3u  ", t.n_red_team);
      append_percent (out, "the gold's category", t.n_category_right, t.n_categories);
      g_string_append_printf (out, "; %u rated above the success ceiling (over-claims), %u not rated",
                              t.n_over_claims, t.n_unrated);
    }
  g_string_append (out, "\n");

  if (report->feedback->len > 0)
    g_string_append (out, "\nTask by task (✓ counts as right):\n");
  for (guint i = 0; i < report->feedback->len; i++)
    append_task_line (out, g_ptr_array_index (report->feedback, i));
  return g_string_free (out, FALSE);
}
