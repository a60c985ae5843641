/* test-grade.c — τ-b, ROUGE-L, quotes and spans, feedback, reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "rubric-error.h"
#include "rubric-grade.h"
#include "rubric-json.h"
#include "rubric-task-reader.h"
#include "test-util.h"

#define EPSILON 1e-8

/* Figures ------------------------------------------------------------ */

static void
test_tau_b (void)
{
  /* scipy.stats.kendalltau's own example: 0.85895569 (tau-b). */
  const double x[] = { 1, 2, 2, 4, 4, 6, 6, 8, 9, 9 };
  const double y[] = { 1, 2, 4, 4, 4, 4, 8, 8, 8, 10 };
  const double up[] = { 1, 2, 3, 4, 5 };
  const double down[] = { 5, 4, 3, 2, 1 };
  const double flat[] = { 3, 3, 3, 3, 3 };
  const double tied[] = { 1, 1, 3, 4 };

  g_assert_cmpfloat_with_epsilon (rubric_kendall_tau_b (x, y, 10), 0.85895569, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_kendall_tau_b (y, x, 10), 0.85895569, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_kendall_tau_b (up, up, 5), 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_kendall_tau_b (up, down, 5), -1.0, EPSILON);
  /* One tie among four: 5 / √(5 × 6). */
  g_assert_cmpfloat_with_epsilon (rubric_kendall_tau_b (tied, up, 4), 5 / sqrt (30), EPSILON);
  g_assert_true (isnan (rubric_kendall_tau_b (flat, up, 5)));
  g_assert_true (isnan (rubric_kendall_tau_b (up, flat, 5)));
  g_assert_true (isnan (rubric_kendall_tau_b (up, up, 1)));
  g_assert_true (isnan (rubric_kendall_tau_b (up, up, 0)));
}

static void
test_rouge_l (void)
{
  /* LCS "the cat on the mat": P = R = 5/6. */
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("the cat sat on the mat", "the cat is on the mat"),
                                  5.0 / 6, EPSILON);
  /* rouge-score's README: score(target, prediction) gives rougeL
   * P 0.625, R 0.5556, F 0.5882. */
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("The quick brown dog jumps on the log.",
                                                     "The quick brown fox jumps over the lazy dog"),
                                  0.5882352941176471, EPSILON);
  /* Lin (2004): against "police killed the gunman", S2 scores 3/4 and
   * S3 2/4. */
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("police kill the gunman", "police killed the gunman"),
                                  0.75, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("the gunman kill police", "police killed the gunman"),
                                  0.5, EPSILON);
  /* Lengths differ: LCS 2 of 2 and of 4, F = 2 · 1 · ½ / 1½. */
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("a d", "a b c d"), 2.0 / 3, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("a b c d", "a d"), 2.0 / 3, EPSILON);

  /* Case, punctuation and scripts. */
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("Hello, World!", "hello world"), 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("ÉTÉ à Zürich", "été — à zürich…"), 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("Привет мир", "привет, МИР"), 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (rubric_rouge_l_f1 ("🙂 one 🙂 two", "one two"), 1.0, EPSILON);

  g_assert_cmpfloat (rubric_rouge_l_f1 ("", "something"), ==, 0.0);
  g_assert_cmpfloat (rubric_rouge_l_f1 ("something", ""), ==, 0.0);
  g_assert_cmpfloat (rubric_rouge_l_f1 ("!!! ...", "words here"), ==, 0.0);
  g_assert_cmpfloat (rubric_rouge_l_f1 (NULL, NULL), ==, 0.0);
  g_assert_cmpfloat (rubric_rouge_l_f1 ("alpha beta", "gamma delta"), ==, 0.0);
}

static void
assert_located (const char *response,
                const char *quote,
                guint       start,
                guint       end,
                const char *expected)
{
  guint s = 0, e = 0;
  g_autofree char *text = NULL;

  g_assert_true (rubric_grade_locate_quote (response, quote, &s, &e));
  g_assert_cmpuint (s, ==, start);
  g_assert_cmpuint (e, ==, end);
  text = g_utf8_substring (response, s, e);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_locate_quote (void)
{
  guint s, e;

  /* As written, and inside emphasis. */
  assert_located ("Hello *Smith v. Jones* here", "Smith v. Jones", 7, 21, "Smith v. Jones");
  /* Markers and a run of spaces inside the quote's place. */
  assert_located ("See *Smith* v.  Jones, 1999", "Smith v. Jones", 5, 21, "Smith* v.  Jones");
  /* A line break, strong emphasis, code. */
  assert_located ("a\n**bold\n  text** and `x_y`", "bold text", 4, 15, "bold\n  text");
  assert_located ("Call `g_free()` after", "g_free() after", 6, 21, "g_free()` after");
  /* The quote's own white space and markers do not matter either. */
  assert_located ("See *Smith* v. Jones", "  Smith v.\nJones ", 5, 20, "Smith* v. Jones");

  /* Emoji and accents count one code point each. */
  assert_located ("🙂 Oops: `x = 1`", "x = 1", 9, 14, "x = 1");
  assert_located ("🎉🎉 the *quick* brown fox", "the quick brown", 3, 20, "the *quick* brown");
  assert_located ("Renée a dit : « non »", "« non »", 14, 21, "« non »");

  g_assert_false (rubric_grade_locate_quote ("hello there", "world", &s, &e));
  g_assert_false (rubric_grade_locate_quote ("hello there", "", &s, &e));
  g_assert_false (rubric_grade_locate_quote ("hello there", "** __", &s, &e));
  g_assert_false (rubric_grade_locate_quote (NULL, "x", &s, &e));
  g_assert_false (rubric_grade_locate_quote ("x", NULL, &s, &e));
  /* Letters are not ignored, nor case. */
  g_assert_false (rubric_grade_locate_quote ("Smith v. Jones", "smith v. jones", &s, &e));
  g_assert_false (rubric_grade_locate_quote ("Smithv. Jones", "Smith v. Jones", &s, &e));
}

static void
test_span_covers (void)
{
  /* The gold quote is [10, 20): ten code points, five needed. */
  g_assert_true (rubric_grade_span_covers (10, 20, 10, 20));
  g_assert_true (rubric_grade_span_covers (0, 100, 10, 20));
  g_assert_true (rubric_grade_span_covers (10, 15, 10, 20));
  g_assert_false (rubric_grade_span_covers (10, 14, 10, 20));
  g_assert_true (rubric_grade_span_covers (15, 30, 10, 20));
  g_assert_false (rubric_grade_span_covers (16, 30, 10, 20));
  g_assert_true (rubric_grade_span_covers (12, 17, 10, 20));
  g_assert_false (rubric_grade_span_covers (20, 30, 10, 20));
  /* Odd lengths: 3 of 7 is short of half, 4 is past it. */
  g_assert_false (rubric_grade_span_covers (0, 3, 0, 7));
  g_assert_true (rubric_grade_span_covers (0, 4, 0, 7));
  g_assert_false (rubric_grade_span_covers (0, 10, 5, 5));
}

/* Feedback ----------------------------------------------------------- */

typedef struct
{
  GHashTable      *tasks;
  RubricSetConfig *config;
} Samples;

static void
samples_load (Samples *samples)
{
  g_autofree char *path = test_sample_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, &error);
  const RubricTaskRecord *record;

  g_assert_no_error (error);
  samples->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rubric_task_free);
  while ((record = rubric_task_reader_next (reader, NULL, &error)) != NULL)
    {
      RubricTask *task = rubric_task_new (record->object);

      g_hash_table_insert (samples->tasks, g_strdup (rubric_task_get_id (task)), task);
    }
  g_assert_no_error (error);
  samples->config = rubric_set_config_new (rubric_task_reader_get_header (reader));
}

static void
samples_clear (Samples *samples)
{
  g_hash_table_unref (samples->tasks);
  rubric_set_config_unref (samples->config);
}

static RubricTask *
sample (Samples    *samples,
        const char *id)
{
  RubricTask *task = g_hash_table_lookup (samples->tasks, id);

  g_assert_nonnull (task);
  return task;
}

static RubricTask *
task_from_json (const char *text)
{
  g_autoptr(json_object) object = json_tokener_parse (text);

  g_assert_nonnull (object);
  return rubric_task_new (object);
}

static RubricAnnotation *
compare_annotation (const char *choice,
                    int         strength)
{
  RubricAnnotation *annotation = rubric_annotation_new (1, 1, "trainee");

  rubric_annotation_set_text (&annotation->choice, choice);
  annotation->strength = strength;
  return annotation;
}

static void
test_feedback_compare (void)
{
  Samples samples;
  RubricTask *task;
  g_autoptr(RubricAnnotation) annotation = NULL;
  g_autoptr(RubricFeedback) feedback = NULL;
  RubricScoreDifference *d;
  static const char *criteria[] = { "helpfulness", "correctness", "safety", "style" };
  static const int gold_a[] = { 3, 1, 2, 4 }, gold_b[] = { 5, 5, 5, 4 };

  samples_load (&samples);
  task = sample (&samples, "cmp-legal-final-paycheck");

  /* B, one step short of the gold's B 3; one score off, one missing. */
  annotation = compare_annotation ("B", 2);
  for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
    {
      rubric_annotation_set_score (annotation, "a", criteria[i], gold_a[i]);
      rubric_annotation_set_score (annotation, "b", criteria[i], gold_b[i]);
    }
  rubric_annotation_set_score (annotation, "a", "correctness", 3);
  rubric_annotation_set_score (annotation, "b", "style", RUBRIC_SCORE_NONE);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_nonnull (feedback);
  g_assert_cmpint (feedback->kind, ==, RUBRIC_TASK_KIND_COMPARE);
  g_assert_cmpstr (feedback->task_id, ==, "cmp-legal-final-paycheck");
  g_assert_cmpstr (feedback->gold_choice, ==, "B");
  g_assert_cmpstr (feedback->choice, ==, "B");
  g_assert_cmpint (feedback->gold_strength, ==, 3);
  g_assert_true (feedback->direction_correct);
  g_assert_true (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 1.0);
  g_assert_cmpint (feedback->strength_distance, ==, 1);
  g_assert_true (g_str_has_prefix (feedback->explanation, "**Correctness:**"));
  g_assert_cmpuint (feedback->score_differences->len, ==, 2);
  d = g_ptr_array_index (feedback->score_differences, 0);
  g_assert_cmpstr (d->response_id, ==, "a");
  g_assert_cmpstr (d->label, ==, "A");
  g_assert_cmpstr (d->criterion_id, ==, "correctness");
  g_assert_cmpint (d->gold, ==, 1);
  g_assert_cmpint (d->given, ==, 3);
  d = g_ptr_array_index (feedback->score_differences, 1);
  g_assert_cmpstr (d->response_id, ==, "b");
  g_assert_cmpstr (d->label, ==, "B");
  g_assert_cmpstr (d->criterion_id, ==, "style");
  g_assert_cmpint (d->given, ==, RUBRIC_SCORE_NONE);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  /* The other way: A 3 is six steps from B 3 on the 7-point scale. */
  annotation = compare_annotation ("A", 3);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_false (feedback->direction_correct);
  g_assert_false (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 0.0);
  g_assert_cmpint (feedback->strength_distance, ==, 6);
  /* Nothing scored: every gold score is a difference. */
  g_assert_cmpuint (feedback->score_differences->len, ==, 8);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  /* A tie is the middle of the scale; both-bad has no place on it. */
  annotation = compare_annotation ("tie", 0);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_false (feedback->direction_correct);
  g_assert_cmpint (feedback->strength_distance, ==, 3);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);
  annotation = compare_annotation ("both-bad", 0);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_false (feedback->direction_correct);
  g_assert_cmpint (feedback->strength_distance, ==, -1);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  /* No choice made. */
  annotation = compare_annotation (NULL, 0);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_false (feedback->direction_correct);
  g_assert_cmpint (feedback->strength_distance, ==, -1);
  g_clear_pointer (&feedback, rubric_feedback_free);

  /* A task without gold has no feedback. */
  g_assert_null (rubric_feedback_new (sample (&samples, "cmp-refusal-kill-process"), samples.config, annotation));
  g_assert_false (rubric_task_has_gold (sample (&samples, "cmp-refusal-kill-process")));
  g_assert_true (rubric_task_has_gold (task));
  samples_clear (&samples);
}

static void
test_feedback_compare_tie (void)
{
  g_autoptr(RubricTask) task = task_from_json (
    "{\"id\":\"t\",\"kind\":\"compare\",\"prompt\":\"p\","
    "\"responses\":[{\"id\":\"x\",\"content\":\"one\"},{\"id\":\"y\",\"content\":\"two\"}],"
    "\"gold\":{\"choice\":\"tie\",\"scores\":{\"x\":{\"c\":4},\"B\":{\"c\":2}}}}");
  g_autoptr(RubricAnnotation) tie = compare_annotation ("tie", 0);
  g_autoptr(RubricAnnotation) a = compare_annotation ("A", 1);
  g_autoptr(RubricAnnotation) both_bad = compare_annotation ("both-bad", 0);
  g_autoptr(RubricFeedback) feedback = NULL;
  RubricScoreDifference *d;

  /* Gold scores by id ("x") and by letter ("B"). */
  rubric_annotation_set_score (tie, "x", "c", 4);
  rubric_annotation_set_score (tie, "y", "c", 3);
  feedback = rubric_feedback_new (task, NULL, tie);
  g_assert_true (feedback->direction_correct);
  g_assert_true (feedback->correct);
  g_assert_cmpint (feedback->strength_distance, ==, 0);
  g_assert_null (feedback->explanation);
  g_assert_cmpuint (feedback->score_differences->len, ==, 1);
  d = g_ptr_array_index (feedback->score_differences, 0);
  g_assert_cmpstr (d->response_id, ==, "y");
  g_assert_cmpstr (d->label, ==, "B");
  g_assert_cmpint (d->gold, ==, 2);
  g_assert_cmpint (d->given, ==, 3);
  g_clear_pointer (&feedback, rubric_feedback_free);

  /* A gold tie matches only a tie. */
  feedback = rubric_feedback_new (task, NULL, a);
  g_assert_false (feedback->direction_correct);
  g_assert_cmpint (feedback->strength_distance, ==, 1);
  g_clear_pointer (&feedback, rubric_feedback_free);
  feedback = rubric_feedback_new (task, NULL, both_bad);
  g_assert_false (feedback->direction_correct);
  g_assert_cmpint (feedback->strength_distance, ==, -1);
}

static RubricAnnotation *
rank_annotation (const char * const *ranking,
                 const char * const *ties)
{
  RubricAnnotation *annotation = rubric_annotation_new (1, 1, "trainee");

  rubric_annotation_set_ranking (annotation, ranking, g_strv_length ((GStrv) ranking));
  if (ties != NULL)
    rubric_annotation_set_ties (annotation, ties, g_strv_length ((GStrv) ties));
  return annotation;
}

static void
test_feedback_rank (void)
{
  Samples samples;
  RubricTask *task;
  const char *same[] = { "a", "d", "c", "b", NULL };
  const char *one_off[] = { "a", "d", "b", "c", NULL };
  const char *reversed[] = { "b", "c", "d", "a", NULL };
  const char *short_ranking[] = { "a", "d", NULL };
  const char *tie_d[] = { "d", NULL };
  g_autoptr(RubricAnnotation) annotation = NULL;
  g_autoptr(RubricFeedback) feedback = NULL;
  RubricInvertedPair *pair;

  samples_load (&samples);
  /* The gold: a, d, c, b. */
  task = sample (&samples, "rank-summarize-bike-lanes");

  annotation = rank_annotation (same, NULL);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpfloat_with_epsilon (feedback->tau_b, 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (feedback->score, 1.0, EPSILON);
  g_assert_true (feedback->correct);
  g_assert_cmpuint (feedback->inverted_pairs->len, ==, 0);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  /* One pair of six out of order: (5 − 1) / 6. */
  annotation = rank_annotation (one_off, NULL);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpfloat_with_epsilon (feedback->tau_b, 4.0 / 6, EPSILON);
  g_assert_cmpfloat_with_epsilon (feedback->score, (4.0 / 6 + 1) / 2, EPSILON);
  g_assert_true (feedback->correct);
  g_assert_cmpuint (feedback->inverted_pairs->len, ==, 1);
  pair = g_ptr_array_index (feedback->inverted_pairs, 0);
  g_assert_cmpstr (pair->better, ==, "c");
  g_assert_cmpstr (pair->worse, ==, "b");
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  annotation = rank_annotation (reversed, NULL);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpfloat_with_epsilon (feedback->tau_b, -1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (feedback->score, 0.0, EPSILON);
  g_assert_false (feedback->correct);
  g_assert_cmpuint (feedback->inverted_pairs->len, ==, 6);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  /* d tied with a: one pair tied, 5 / √(5 × 6). */
  annotation = rank_annotation (same, tie_d);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpfloat_with_epsilon (feedback->tau_b, 5 / sqrt (30), EPSILON);
  g_assert_cmpuint (feedback->inverted_pairs->len, ==, 0);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  /* An incomplete ranking has no τ. */
  annotation = rank_annotation (short_ranking, NULL);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_true (isnan (feedback->tau_b));
  g_assert_cmpfloat (feedback->score, ==, 0.0);
  g_assert_false (feedback->correct);
  g_assert_nonnull (feedback->explanation);
  samples_clear (&samples);
}

static RubricSpan *
span_new (const char *flag,
          guint       start,
          guint       end,
          const char *quote)
{
  RubricSpan *span = rubric_span_new ();

  span->flag = g_strdup (flag);
  span->start = start;
  span->end = end;
  span->quote = g_strdup (quote);
  span->severity = g_strdup ("major");
  return span;
}

static void
content_offsets (RubricTask *task,
                 const char *quote,
                 guint      *start,
                 guint      *end)
{
  const char *content = rubric_json_get_string (rubric_task_get_response (task, 0), "content");
  const char *hit = strstr (content, quote);

  g_assert_nonnull (hit);
  *start = g_utf8_pointer_to_offset (content, hit);
  *end = *start + g_utf8_strlen (quote, -1);
}

static void
test_feedback_review (void)
{
  Samples samples;
  RubricTask *task;
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  g_autoptr(RubricFeedback) feedback = NULL;
  RubricGoldFlag *flag;
  RubricSpan *extra;
  guint start, end, cite_start, cite_end, gold_start, gold_end;

  samples_load (&samples);
  task = sample (&samples, "rev-citation-spaced-repetition");

  /* Part of the hallucination's quote (28 of 50 code points), and a
   * span the gold does not have. */
  content_offsets (task, "retained 74% more vocabulary", &start, &end);
  rubric_annotation_add_span (annotation, span_new ("hallucination", start, end, "retained 74% more vocabulary"));
  content_offsets (task, "Anki", &start, &end);
  rubric_annotation_add_span (annotation, span_new ("outdated", start, end, "Anki"));
  rubric_annotation_set_score (annotation, "a", "helpfulness", 3);
  rubric_annotation_set_score (annotation, "a", "correctness", 4);
  rubric_annotation_set_score (annotation, "a", "safety", 5);
  rubric_annotation_set_score (annotation, "a", "style", 4);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpint (feedback->kind, ==, RUBRIC_TASK_KIND_REVIEW);
  g_assert_cmpuint (feedback->n_gold_flags, ==, 2);
  g_assert_cmpuint (feedback->found->len, ==, 1);
  g_assert_cmpuint (feedback->missed->len, ==, 1);
  g_assert_cmpuint (feedback->extra->len, ==, 1);
  flag = g_ptr_array_index (feedback->found, 0);
  g_assert_cmpstr (flag->flag, ==, "hallucination");
  g_assert_true (flag->located);
  g_assert_cmpint (flag->span_index, ==, 0);
  content_offsets (task, "retained 74% more vocabulary than a control group", &start, &end);
  g_assert_cmpuint (flag->start, ==, start);
  g_assert_cmpuint (flag->end, ==, end);
  flag = g_ptr_array_index (feedback->missed, 0);
  g_assert_cmpstr (flag->flag, ==, "fabricated-citation");
  g_assert_cmpstr (flag->severity, ==, "major");
  g_assert_true (flag->located);
  g_assert_cmpint (flag->span_index, ==, -1);
  content_offsets (task, "Lindqvist & Moreau (2017)", &cite_start, &cite_end);
  g_assert_cmpuint (flag->start, ==, cite_start);
  g_assert_cmpuint (flag->end - flag->start, ==, g_utf8_strlen (flag->quote, -1));
  gold_start = flag->start;
  gold_end = flag->end;
  extra = g_ptr_array_index (feedback->extra, 0);
  g_assert_cmpstr (extra->flag, ==, "outdated");
  g_assert_cmpfloat_with_epsilon (feedback->recall, 0.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (feedback->precision, 0.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (feedback->score, 0.5, EPSILON);
  g_assert_false (feedback->correct);
  /* Review scores: the gold's criterion → score, for the one response. */
  g_assert_cmpuint (feedback->score_differences->len, ==, 1);
  g_assert_cmpstr (((RubricScoreDifference *) g_ptr_array_index (feedback->score_differences, 0))->criterion_id,
                   ==, "correctness");
  g_clear_pointer (&feedback, rubric_feedback_free);

  /* The citation found as well, and the extra span gone: all right. */
  rubric_annotation_remove_span (annotation, 1);
  rubric_annotation_add_span (annotation, span_new ("fabricated-citation", gold_start, (gold_start + gold_end) / 2 + 1, NULL));
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpuint (feedback->found->len, ==, 2);
  g_assert_cmpuint (feedback->missed->len, ==, 0);
  g_assert_cmpuint (feedback->extra->len, ==, 0);
  g_assert_true (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 1.0);
  g_clear_pointer (&feedback, rubric_feedback_free);
  g_clear_pointer (&annotation, rubric_annotation_unref);

  /* A clean response, and no spans: right, with nothing to count. */
  annotation = rubric_annotation_new (1, 1, "trainee");
  feedback = rubric_feedback_new (sample (&samples, "rev-clean-http-401-403"), samples.config, annotation);
  g_assert_nonnull (feedback);
  g_assert_cmpuint (feedback->n_gold_flags, ==, 0);
  g_assert_true (isnan (feedback->recall));
  g_assert_true (isnan (feedback->precision));
  g_assert_true (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 1.0);
  g_clear_pointer (&feedback, rubric_feedback_free);

  /* The same, with a span: precision 0, not right. */
  rubric_annotation_add_span (annotation, span_new ("hallucination", 0, 4, NULL));
  feedback = rubric_feedback_new (sample (&samples, "rev-clean-http-401-403"), samples.config, annotation);
  g_assert_cmpfloat (feedback->precision, ==, 0.0);
  g_assert_false (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 0.0);
  samples_clear (&samples);
}

/* Twenty emoji before the quote: its byte offsets are 60 past its code
 * points, further than the quote is long. */
static const char *emoji_task =
  "{\"id\":\"r\",\"kind\":\"review\",\"prompt\":\"p\",\"responses\":[{\"id\":\"a\",\"content\":"
  "\"🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 Facts: *The Eiffel Tower* is in Rome. Right?\"}],"
  "\"gold\":{\"flags\":[{\"flag\":\"factual-error\",\"quote\":\"The Eiffel Tower is in Rome\",\"severity\":\"major\"},"
  "{\"flag\":\"hallucination\",\"quote\":\"a quote that is not there\"}]}}";

static RubricFeedback *
emoji_feedback (RubricTask *task,
                RubricSpan *span)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");

  rubric_annotation_add_span (annotation, span);
  return rubric_feedback_new (task, NULL, annotation);
}

static void
test_span_matching (void)
{
  g_autoptr(RubricTask) task = task_from_json (emoji_task);
  const char *content = rubric_json_get_string (rubric_task_get_response (task, 0), "content");
  const char *hit = strstr (content, "The Eiffel");
  guint cp = g_utf8_pointer_to_offset (content, hit);
  guint bytes = hit - content;
  RubricFeedback *feedback;
  RubricGoldFlag *flag;
  guint n;

  /* "The Eiffel Tower* is in Rome": 28 code points, the marker kept. */
  g_assert_cmpuint (cp, ==, 29);
  g_assert_cmpuint (bytes, ==, 89);
  n = 28;

  /* In code points the span finds the flag. */
  feedback = emoji_feedback (task, span_new ("factual-error", cp, cp + n, NULL));
  g_assert_cmpuint (feedback->n_gold_flags, ==, 2);
  g_assert_cmpuint (feedback->found->len, ==, 1);
  flag = g_ptr_array_index (feedback->found, 0);
  g_assert_true (flag->located);
  g_assert_cmpuint (flag->start, ==, cp);
  g_assert_cmpuint (flag->end, ==, cp + n);
  /* The other gold quote is nowhere in the response: missed, and said so. */
  g_assert_cmpuint (feedback->missed->len, ==, 1);
  flag = g_ptr_array_index (feedback->missed, 0);
  g_assert_false (flag->located);
  g_assert_cmpstr (flag->flag, ==, "hallucination");
  rubric_feedback_free (feedback);

  /* In bytes it misses. */
  feedback = emoji_feedback (task, span_new ("factual-error", bytes, bytes + n, NULL));
  g_assert_cmpuint (feedback->found->len, ==, 0);
  g_assert_cmpuint (feedback->extra->len, ==, 1);
  rubric_feedback_free (feedback);

  /* Half the quote's code points is enough, one fewer is not. */
  feedback = emoji_feedback (task, span_new ("factual-error", cp, cp + n / 2, NULL));
  g_assert_cmpuint (feedback->found->len, ==, 1);
  rubric_feedback_free (feedback);
  feedback = emoji_feedback (task, span_new ("factual-error", cp, cp + n / 2 - 1, NULL));
  g_assert_cmpuint (feedback->found->len, ==, 0);
  g_assert_cmpuint (feedback->extra->len, ==, 1);
  rubric_feedback_free (feedback);
  feedback = emoji_feedback (task, span_new ("factual-error", cp + n / 2, cp + n + 10, NULL));
  g_assert_cmpuint (feedback->found->len, ==, 1);
  rubric_feedback_free (feedback);

  /* The right place, the wrong category. */
  feedback = emoji_feedback (task, span_new ("hallucination", cp, cp + n, NULL));
  g_assert_cmpuint (feedback->found->len, ==, 0);
  g_assert_cmpuint (feedback->missed->len, ==, 2);
  g_assert_cmpuint (feedback->extra->len, ==, 1);
  rubric_feedback_free (feedback);

  /* A quote not in the response is matched on the span's own quote. */
  feedback = emoji_feedback (task, span_new ("hallucination", 0, 3, "so: a quote that is not there!"));
  g_assert_cmpuint (feedback->found->len, ==, 1);
  g_assert_cmpstr (((RubricGoldFlag *) g_ptr_array_index (feedback->found, 0))->flag, ==, "hallucination");
  rubric_feedback_free (feedback);
  feedback = emoji_feedback (task, span_new ("hallucination", 0, 3, "a quote"));
  g_assert_cmpuint (feedback->found->len, ==, 0);
  rubric_feedback_free (feedback);
}

static void
test_feedback_write (void)
{
  Samples samples;
  RubricTask *task;
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  g_autoptr(RubricFeedback) feedback = NULL;
  const char *gold;
  RubricSelfCheckItem *item;

  samples_load (&samples);
  task = sample (&samples, "wr-email-decline-offsite");
  gold = rubric_json_get_string (rubric_json_get_typed (task->object, "gold", json_type_object), "answer");

  rubric_annotation_set_text (&annotation->answer, gold);
  rubric_annotation_set_self_checked (annotation, "style", TRUE);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpint (feedback->kind, ==, RUBRIC_TASK_KIND_WRITE);
  g_assert_cmpfloat_with_epsilon (feedback->rouge_l_f1, 1.0, EPSILON);
  g_assert_true (feedback->correct);
  g_assert_cmpuint (feedback->diff->n_removed, ==, 0);
  g_assert_cmpuint (feedback->diff->n_added, ==, 0);
  /* The rubric's four criteria; the sample's gold scores none. */
  g_assert_cmpuint (feedback->self_check->len, ==, 4);
  item = g_ptr_array_index (feedback->self_check, 3);
  g_assert_cmpstr (item->criterion_id, ==, "style");
  g_assert_true (item->checked);
  g_assert_cmpint (item->given, ==, RUBRIC_SCORE_NONE);
  g_assert_cmpint (item->gold, ==, RUBRIC_SCORE_NONE);
  g_assert_false (((RubricSelfCheckItem *) g_ptr_array_index (feedback->self_check, 0))->checked);
  g_clear_pointer (&feedback, rubric_feedback_free);

  /* Three words of the reference: low overlap, whatever its merit. */
  rubric_annotation_set_text (&annotation->answer, "Hi Renée, sorry!");
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpfloat (feedback->rouge_l_f1, >, 0.0);
  g_assert_cmpfloat (feedback->rouge_l_f1, <, 0.5);
  g_assert_cmpfloat (feedback->score, ==, feedback->rouge_l_f1);
  g_assert_false (feedback->correct);
  g_assert_cmpuint (feedback->diff->n_added, >, 50);
  g_clear_pointer (&feedback, rubric_feedback_free);

  rubric_annotation_set_text (&annotation->answer, "");
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpfloat (feedback->rouge_l_f1, ==, 0.0);
  g_assert_false (feedback->correct);
  samples_clear (&samples);
}

static void
test_feedback_write_gold_scores (void)
{
  g_autoptr(RubricTask) task = task_from_json (
    "{\"id\":\"w\",\"kind\":\"write\",\"prompt\":\"p\","
    "\"gold\":{\"answer\":\"Paris is the capital of France.\",\"scores\":{\"correctness\":5,\"tone\":4},"
    "\"explanation\":\"Short and right.\"}}");
  g_autoptr(json_object) header = json_tokener_parse (
    "{\"rubric\":{\"criteria\":[{\"id\":\"correctness\",\"name\":\"Correctness\"},{\"id\":\"style\",\"name\":\"Style\"}]}}");
  g_autoptr(RubricSetConfig) config = rubric_set_config_new (header);
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  g_autoptr(RubricFeedback) feedback = NULL;
  g_autoptr(json_object) parsed = NULL;
  g_autofree char *json = NULL;
  RubricSelfCheckItem *item;

  rubric_annotation_set_text (&annotation->answer, "The capital of France is Paris.");
  rubric_annotation_set_self_checked (annotation, "correctness", TRUE);
  rubric_annotation_set_score (annotation, "answer", "correctness", 4);
  feedback = rubric_feedback_new (task, config, annotation);
  /* LCS "the capital of france" 4 of 6 both ways. */
  g_assert_cmpfloat_with_epsilon (feedback->rouge_l_f1, 4.0 / 6, EPSILON);
  g_assert_true (feedback->correct);
  g_assert_cmpstr (feedback->explanation, ==, "Short and right.");
  g_assert_cmpuint (feedback->self_check->len, ==, 3);
  item = g_ptr_array_index (feedback->self_check, 0);
  g_assert_cmpstr (item->criterion_id, ==, "correctness");
  g_assert_true (item->checked);
  g_assert_cmpint (item->given, ==, 4);
  g_assert_cmpint (item->gold, ==, 5);
  item = g_ptr_array_index (feedback->self_check, 1);
  g_assert_cmpstr (item->criterion_id, ==, "style");
  g_assert_cmpint (item->gold, ==, RUBRIC_SCORE_NONE);
  item = g_ptr_array_index (feedback->self_check, 2);
  g_assert_cmpstr (item->criterion_id, ==, "tone");
  g_assert_false (item->checked);
  g_assert_cmpint (item->gold, ==, 4);

  json = rubric_feedback_to_json (feedback);
  parsed = json_tokener_parse (json);
  g_assert_nonnull (parsed);
  g_assert_cmpstr (rubric_json_get_string (parsed, "task_id"), ==, "w");
  g_assert_cmpstr (rubric_json_get_string (parsed, "kind"), ==, "write");
  g_assert_cmpstr (test_get_path (parsed, "self_check.0.criterion"), ==, "correctness");
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "self_check.0.given")), ==, 4);
  g_assert_null (test_get_object (parsed, "self_check.1.gold"));
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "correct")));
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "rouge_l_f1")), 4.0 / 6, 1e-6);
}

/* Author and red team ----------------------------------------------- */

static RubricTurn *
add_turn (RubricAnnotation *annotation,
          const char       *prompt,
          const char       *reply)
{
  RubricTurn *turn = rubric_annotation_add_turn (annotation);

  rubric_annotation_set_text (&turn->prompt, prompt);
  rubric_annotation_set_text (&turn->reply, reply);
  return turn;
}

static void
test_feedback_author (void)
{
  /* The gold words one requirement otherwise (case and spacing), lists
   * one the task does not have, and leaves one of the task's out. */
  g_autoptr(RubricTask) task = task_from_json (
    "{\"id\":\"au\",\"kind\":\"author\",\"brief\":\"Write a tenancy question.\","
    "\"requirements\":[\"Names the jurisdiction\",\"Says when to see a lawyer\",\"No invented cases\"],"
    "\"gold\":{\"requirements\":[\"names the   JURISDICTION\",\"No invented cases\",\"Cites the statute\"],"
    "\"prompt\":\"My landlord in Ontario wants 8% more. Can he?\",\"explanation\":\"Be concrete.\"}}");
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  g_autoptr(RubricFeedback) feedback = NULL;
  g_autoptr(json_object) parsed = NULL;
  g_autofree char *json = NULL;
  RubricRequirementItem *item;

  g_assert_true (rubric_task_has_gold (task));
  add_turn (annotation, "Can my landlord in Quebec raise the rent twice a year?", "No: once a year, with notice.");
  rubric_annotation_set_self_checked (annotation, "req-1", TRUE);
  rubric_annotation_set_self_checked (annotation, "req-3", TRUE);
  feedback = rubric_feedback_new (task, NULL, annotation);
  g_assert_cmpint (feedback->kind, ==, RUBRIC_TASK_KIND_AUTHOR);
  g_assert_cmpuint (feedback->requirements->len, ==, 3);
  item = g_ptr_array_index (feedback->requirements, 0);
  g_assert_cmpstr (item->text, ==, "names the   JURISDICTION");
  g_assert_cmpstr (item->id, ==, "req-1");
  g_assert_true (item->met);
  item = g_ptr_array_index (feedback->requirements, 1);
  g_assert_cmpstr (item->id, ==, "req-3");
  g_assert_true (item->met);
  /* Not the task's: it cannot be ticked. */
  item = g_ptr_array_index (feedback->requirements, 2);
  g_assert_null (item->id);
  g_assert_false (item->met);
  g_assert_cmpuint (feedback->n_requirements_met, ==, 2);
  g_assert_true (feedback->prompt_written);
  g_assert_true (feedback->answer_written);
  g_assert_cmpstr (feedback->gold_prompt, ==, "My landlord in Ontario wants 8% more. Can he?");
  g_assert_cmpstr (feedback->explanation, ==, "Be concrete.");
  /* 2 requirements + prompt + answer of 5. */
  g_assert_cmpfloat_with_epsilon (feedback->score, 4.0 / 5, EPSILON);
  g_assert_false (feedback->correct);

  json = rubric_feedback_to_json (feedback);
  parsed = json_tokener_parse (json);
  g_assert_nonnull (parsed);
  g_assert_cmpstr (test_get_path (parsed, "kind"), ==, "author");
  g_assert_cmpstr (test_get_path (parsed, "requirements.0.id"), ==, "req-1");
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "requirements.1.met")));
  g_assert_null (test_get_object (parsed, "requirements.2.id"));
  g_assert_false (json_object_get_boolean (test_get_object (parsed, "requirements.2.met")));
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "requirements_met")), ==, 2);
  g_assert_cmpstr (test_get_path (parsed, "example_prompt"), ==, "My landlord in Ontario wants 8% more. Can he?");
  g_clear_pointer (&feedback, rubric_feedback_free);
}

static void
test_feedback_author_right_and_wrong (void)
{
  Samples samples;
  RubricTask *task;
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  RubricFeedback *feedback;

  samples_load (&samples);
  task = sample (&samples, "auth-law-tenancy");

  /* Everything ticked, a prompt and an answer in both turns: right. */
  add_turn (annotation, "I rent in Ontario. Can my rent go up 8%?", "Not above the guideline without approval.");
  add_turn (annotation, "And if he insists?", "File with the Landlord and Tenant Board.");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("req-%u", i + 1);

      rubric_annotation_set_self_checked (annotation, id, TRUE);
    }
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_cmpuint (feedback->n_requirements_met, ==, 3);
  g_assert_cmpfloat_with_epsilon (feedback->score, 1.0, EPSILON);
  g_assert_true (feedback->correct);
  rubric_feedback_free (feedback);

  /* The second turn's answer is only white space. */
  rubric_annotation_set_text (&rubric_annotation_get_turn (annotation, 1)->reply, " \n\t");
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_true (feedback->prompt_written);
  g_assert_false (feedback->answer_written);
  g_assert_false (feedback->correct);
  g_assert_cmpfloat_with_epsilon (feedback->score, 4.0 / 5, EPSILON);
  rubric_feedback_free (feedback);

  /* Nothing written, nothing ticked. */
  g_ptr_array_set_size (annotation->turns, 0);
  g_ptr_array_set_size (annotation->self_check, 0);
  feedback = rubric_feedback_new (task, samples.config, annotation);
  g_assert_false (feedback->prompt_written);
  g_assert_false (feedback->answer_written);
  g_assert_cmpuint (feedback->n_requirements_met, ==, 0);
  g_assert_cmpfloat (feedback->score, ==, 0.0);
  g_assert_false (feedback->correct);
  rubric_feedback_free (feedback);

  /* An author task without gold is not graded. */
  g_assert_false (rubric_task_has_gold (sample (&samples, "auth-chem-buffer")));
  g_assert_null (rubric_feedback_new (sample (&samples, "auth-chem-buffer"), samples.config, annotation));
  samples_clear (&samples);
}

static RubricFeedback *
red_team_feedback (RubricTask *task,
                   const char *category,
                   int         success)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  RubricTurn *turn = add_turn (annotation, "I'm a nurse; what's the adult dose?", "Usually 500 mg, but ask…");

  rubric_annotation_set_text (&turn->outcome, "partial");
  rubric_annotation_set_text (&annotation->category, category);
  annotation->success = success;
  return rubric_feedback_new (task, NULL, annotation);
}

static void
test_feedback_red_team (void)
{
  Samples samples;
  RubricTask *task;
  g_autoptr(RubricTask) ceiling_only = task_from_json (
    "{\"id\":\"rt\",\"kind\":\"red-team\",\"brief\":\"b\",\"gold\":{\"max_success\":0}}");
  g_autoptr(json_object) parsed = NULL;
  g_autofree char *json = NULL;
  RubricFeedback *feedback;

  samples_load (&samples);
  /* gold: "Dangerous advice", at most 2. */
  task = sample (&samples, "rt-dose-no-caveat");

  /* The category in other case and spacing, a rating at the ceiling. */
  feedback = red_team_feedback (task, "dangerous  ADVICE", 2);
  g_assert_cmpint (feedback->kind, ==, RUBRIC_TASK_KIND_RED_TEAM);
  g_assert_cmpstr (feedback->gold_category, ==, "Dangerous advice");
  g_assert_true (feedback->category_correct);
  g_assert_cmpint (feedback->max_success, ==, 2);
  g_assert_cmpint (feedback->success, ==, 2);
  g_assert_false (feedback->over_claim);
  g_assert_true (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 1.0);
  rubric_feedback_free (feedback);

  /* Above the ceiling: an over-claim. */
  feedback = red_team_feedback (task, "Dangerous advice", 3);
  g_assert_true (feedback->category_correct);
  g_assert_true (feedback->over_claim);
  g_assert_false (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 0.5);
  json = rubric_feedback_to_json (feedback);
  parsed = json_tokener_parse (json);
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "over_claim")));
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "max_success")), ==, 2);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "success")), ==, 3);
  g_assert_cmpstr (test_get_path (parsed, "gold_category"), ==, "Dangerous advice");
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "category_correct")));
  rubric_feedback_free (feedback);

  /* Another category, a rating under the ceiling. */
  feedback = red_team_feedback (task, "Misinformation", 0);
  g_assert_false (feedback->category_correct);
  g_assert_false (feedback->over_claim);
  g_assert_false (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 0.5);
  rubric_feedback_free (feedback);

  /* No category chosen, not rated. */
  feedback = red_team_feedback (task, NULL, RUBRIC_SUCCESS_NONE);
  g_assert_false (feedback->category_correct);
  g_assert_false (feedback->over_claim);
  g_assert_cmpint (feedback->success, ==, RUBRIC_SUCCESS_NONE);
  g_assert_false (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 0.0);
  rubric_feedback_free (feedback);

  /* A gold with only a ceiling grades the rating alone. */
  g_assert_true (rubric_task_has_gold (ceiling_only));
  feedback = red_team_feedback (ceiling_only, "Anything", 0);
  g_assert_null (feedback->gold_category);
  g_assert_true (feedback->correct);
  rubric_feedback_free (feedback);
  feedback = red_team_feedback (ceiling_only, "Anything", 1);
  g_assert_true (feedback->over_claim);
  g_assert_false (feedback->correct);
  g_assert_cmpfloat (feedback->score, ==, 0.0);
  rubric_feedback_free (feedback);

  g_assert_false (rubric_task_has_gold (sample (&samples, "rt-discount-code")));
  samples_clear (&samples);
}

/* Reports ------------------------------------------------------------ */

static const char *report_tasks =
  "{\"format\":\"rubric-tasks/1\",\"name\":\"g\",\"settings\":{\"preference_scale\":7}}\n"
  "{\"id\":\"c1\",\"kind\":\"compare\",\"prompt\":\"p\",\"responses\":[{\"id\":\"a\",\"content\":\"x\"},"
  "{\"id\":\"b\",\"content\":\"y\"}],\"gold\":{\"choice\":\"B\",\"strength\":3}}\n"
  "{\"id\":\"c2\",\"kind\":\"compare\",\"prompt\":\"p\",\"responses\":[{\"id\":\"a\",\"content\":\"x\"},"
  "{\"id\":\"b\",\"content\":\"y\"}],\"gold\":{\"choice\":\"tie\"}}\n"
  "{\"id\":\"c3\",\"kind\":\"compare\",\"prompt\":\"p\",\"responses\":[{\"id\":\"a\",\"content\":\"x\"},"
  "{\"id\":\"b\",\"content\":\"y\"}]}\n"
  "{\"id\":\"r1\",\"kind\":\"rank\",\"prompt\":\"p\",\"responses\":[{\"id\":\"a\",\"content\":\"x\"},"
  "{\"id\":\"b\",\"content\":\"y\"},{\"id\":\"c\",\"content\":\"z\"}],\"gold\":{\"ranking\":[\"c\",\"a\",\"b\"]}}\n"
  "{\"id\":\"v1\",\"kind\":\"review\",\"prompt\":\"p\",\"responses\":[{\"id\":\"a\",\"content\":"
  "\"🙂 It was built in 1999 by Napoleon.\"}],\"gold\":{\"flags\":[{\"flag\":\"factual-error\","
  "\"quote\":\"built in 1999\"},{\"flag\":\"hallucination\",\"quote\":\"by Napoleon\"}]}}\n";

static const char *report_records =
  "{\"task_id\":\"c1\",\"kind\":\"compare\",\"annotator\":\"ann\",\"state\":\"submitted\",\"choice\":\"B\","
  "\"strength\":2,\"scores\":{},\"ranking\":[],\"ties\":[],\"spans\":[],\"active_seconds\":12.5}\n"
  "\n"
  "{\"task_id\":\"c2\",\"kind\":\"compare\",\"annotator\":\"ann\",\"state\":\"submitted\",\"choice\":\"A\","
  "\"strength\":1,\"scores\":{},\"ranking\":[],\"ties\":[],\"spans\":[]}\n"
  "{\"task_id\":\"c1\",\"kind\":\"compare\",\"annotator\":\"bob\",\"state\":\"skipped\",\"choice\":null,"
  "\"strength\":null}\n"
  "{\"task_id\":\"c3\",\"kind\":\"compare\",\"annotator\":\"ann\",\"state\":\"submitted\",\"choice\":\"A\","
  "\"strength\":1}\n"
  "{\"task_id\":\"elsewhere\",\"kind\":\"compare\",\"annotator\":\"ann\",\"state\":\"submitted\"}\n"
  "{\"task_id\":\"r1\",\"kind\":\"rank\",\"annotator\":\"ann\",\"state\":\"submitted\",\"choice\":null,"
  "\"strength\":null,\"ranking\":[\"c\",\"b\",\"a\"],\"ties\":[]}\n"
  "{\"task_id\":\"v1\",\"kind\":\"review\",\"annotator\":\"ann\",\"state\":\"submitted\",\"choice\":null,"
  "\"spans\":[{\"response\":\"a\",\"start\":16,\"end\":22,\"quote\":\"n 1999\",\"flag\":\"factual-error\","
  "\"severity\":\"major\"},{\"start\":2,\"end\":4,\"quote\":\"It\",\"flag\":\"hallucination\",\"severity\":\"minor\"}]}\n";

static void
test_report_json (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *tasks = test_write_file (dir, "tasks.jsonl", report_tasks, -1);
  g_autofree char *records = test_write_file (dir, "records.jsonl", report_records, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricGradeReport) report = rubric_grade_files (tasks, records, &error);
  g_autoptr(json_object) parsed = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  json_object *per_task;

  g_assert_no_error (error);
  g_assert_cmpuint (report->feedback->len, ==, 4);
  g_assert_cmpuint (report->n_records, ==, 7);
  g_assert_cmpuint (report->n_skipped, ==, 2);
  g_assert_cmpuint (report->n_unknown, ==, 1);

  json = rubric_grade_report_to_json (report);
  parsed = json_tokener_parse (json);
  g_assert_nonnull (parsed);
  g_assert_cmpint (json_object_object_length (parsed), ==, 8);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "tasks")), ==, 4);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "compare.n")), ==, 2);
  /* c1 right, c2 (a gold tie) wrong. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "compare.accuracy")), 0.5, 1e-6);
  /* B 2 against B 3 is 1 step; A 1 against the tie, 1 step. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "compare.strength_mae")), 1.0, 1e-6);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "rank.n")), ==, 1);
  /* c b a against c a b: (2 − 1) / 3. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "rank.kendall_tau_b_mean")),
                                  1.0 / 3, 1e-6);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "review.n")), ==, 1);
  /* "n 1999" covers 6 of the 13 code points of "built in 1999", short
   * of half; "It" is not "by Napoleon": nothing found, both extra. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "review.span_recall")), 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "review.span_precision")), 0.0, 1e-6);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "write.n")), ==, 0);
  g_assert_true (json_object_object_get_ex (test_get_object (parsed, "write"), "rouge_l_f1_mean", NULL));
  g_assert_null (test_get_object (parsed, "write.rouge_l_f1_mean"));

  per_task = test_get_object (parsed, "per_task");
  g_assert_cmpint (json_object_array_length (per_task), ==, 4);
  g_assert_cmpstr (test_get_path (parsed, "per_task.0.task_id"), ==, "c1");
  g_assert_cmpstr (test_get_path (parsed, "per_task.0.kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (parsed, "per_task.0.annotator"), ==, "ann");
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "per_task.0.strength_distance")), ==, 1);
  g_assert_cmpstr (test_get_path (parsed, "per_task.1.gold_choice"), ==, "tie");
  g_assert_false (json_object_get_boolean (test_get_object (parsed, "per_task.1.direction_correct")));
  g_assert_cmpstr (test_get_path (parsed, "per_task.2.inverted_pairs.0.better"), ==, "a");
  g_assert_cmpstr (test_get_path (parsed, "per_task.2.inverted_pairs.0.worse"), ==, "b");
  g_assert_cmpint (json_object_array_length (test_get_object (parsed, "per_task.3.missed")), ==, 2);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "per_task.3.missed.0.start")), ==, 9);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "per_task.3.missed.0.end")), ==, 22);
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "per_task.3.missed.0.located")));
  g_assert_cmpint (json_object_array_length (test_get_object (parsed, "per_task.3.extra")), ==, 2);
  g_assert_null (test_get_object (parsed, "per_task.3.explanation"));

  text = rubric_grade_report_to_text (report);
  g_assert_nonnull (strstr (text, "Graded 4 annotations"));
  g_assert_nonnull (strstr (text, "right direction 1 of 2 (50%)"));
  g_assert_nonnull (strstr (text, "missed factual-error: “built in 1999”"));
  test_rm_rf (dir);
}

static void
test_report_review_pooled (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *tasks = test_write_file (dir, "tasks.jsonl", report_tasks, -1);
  /* One span finds the first flag (7 of 13); the second, "by Napoleon"
   * at 23–34, is found by a span over 6 of its 11; one span extra. */
  g_autofree char *records = test_write_file (dir, "records.jsonl",
    "{\"task_id\":\"v1\",\"state\":\"submitted\",\"spans\":["
    "{\"start\":15,\"end\":22,\"quote\":\"in 1999\",\"flag\":\"factual-error\"},"
    "{\"start\":28,\"end\":40,\"quote\":\"poleon.\",\"flag\":\"hallucination\"},"
    "{\"start\":2,\"end\":4,\"quote\":\"It\",\"flag\":\"unsafe\"}]}\n"
    "{\"task_id\":\"v1\",\"annotator\":\"other\",\"state\":\"submitted\",\"spans\":[]}\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricGradeReport) report = rubric_grade_files (tasks, records, &error);
  g_autoptr(json_object) parsed = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  json = rubric_grade_report_to_json (report);
  parsed = json_tokener_parse (json);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "review.n")), ==, 2);
  /* Pooled: 2 of 4 gold flags, 2 of 3 spans. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "review.span_recall")), 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "review.span_precision")),
                                  2.0 / 3, 1e-6);
  g_assert_null (test_get_object (parsed, "compare.accuracy"));
  g_assert_null (test_get_object (parsed, "compare.strength_mae"));
  g_assert_null (test_get_object (parsed, "rank.kendall_tau_b_mean"));
  g_assert_null (test_get_object (parsed, "per_task.1.span_precision"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "per_task.0.score")),
                                  2 * 1.0 * (2.0 / 3) / (1.0 + 2.0 / 3), 1e-6);
  test_rm_rf (dir);
}

/* Records written by hand as the records writer writes them: the
 * authored turns and the self-check, the attempt's category and
 * success, as top-level members. */
static const char *written_tasks =
  "{\"format\":\"rubric-tasks/1\",\"name\":\"w\"}\n"
  "{\"id\":\"au\",\"kind\":\"author\",\"brief\":\"b\",\"requirements\":[\"One\",\"Two\"],"
  "\"gold\":{\"requirements\":[\"One\",\"Two\"],\"prompt\":\"Example\"}}\n"
  "{\"id\":\"rt\",\"kind\":\"red-team\",\"brief\":\"b\",\"gold\":{\"category\":\"Fraud\",\"max_success\":1}}\n";

static const char *written_records =
  "{\"task_id\":\"au\",\"kind\":\"author\",\"annotator\":\"ann\",\"state\":\"submitted\",\"choice\":null,"
  "\"self_check\":[\"req-2\"],\"turns\":[{\"prompt\":\"A prompt\",\"reply\":\"An answer\"}]}\n"
  "{\"task_id\":\"au\",\"kind\":\"author\",\"annotator\":\"bob\",\"state\":\"submitted\",\"choice\":null,"
  "\"self_check\":[\"req-1\",\"req-2\"],\"turns\":[{\"prompt\":\"P\",\"reply\":\"A\"}]}\n"
  "{\"task_id\":\"rt\",\"kind\":\"red-team\",\"annotator\":\"ann\",\"state\":\"submitted\",\"choice\":null,"
  "\"turns\":[{\"prompt\":\"x\",\"reply\":\"y\",\"outcome\":\"complied\"}],\"success\":3,\"category\":\"fraud\"}\n"
  "{\"task_id\":\"rt\",\"kind\":\"red-team\",\"annotator\":\"bob\",\"state\":\"submitted\",\"choice\":null,"
  "\"success\":1,\"category\":\"Misinformation\"}\n";

static void
test_report_author_red_team (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *tasks = test_write_file (dir, "tasks.jsonl", written_tasks, -1);
  g_autofree char *records = test_write_file (dir, "records.jsonl", written_records, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricGradeReport) report = rubric_grade_files (tasks, records, &error);
  g_autoptr(json_object) parsed = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (report->feedback->len, ==, 4);
  json = rubric_grade_report_to_json (report);
  parsed = json_tokener_parse (json);
  g_assert_nonnull (parsed);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "author.n")), ==, 2);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "author.right")), ==, 1);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "author.requirements")), ==, 4);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "author.requirements_met")), ==, 3);
  /* ann 3 of 4 items, bob 4 of 4. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "author.score_mean")),
                                  (0.75 + 1.0) / 2, 1e-6);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "red-team.n")), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double (test_get_object (parsed, "red-team.category_accuracy")),
                                  0.5, 1e-6);
  g_assert_cmpint (json_object_get_int (test_get_object (parsed, "red-team.over_claims")), ==, 1);
  g_assert_false (json_object_get_boolean (test_get_object (parsed, "per_task.0.requirements.0.met")));
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "per_task.0.requirements.1.met")));
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "per_task.1.correct")));
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "per_task.2.category_correct")));
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "per_task.2.over_claim")));
  g_assert_false (json_object_get_boolean (test_get_object (parsed, "per_task.3.category_correct")));
  g_assert_true (json_object_get_boolean (test_get_object (parsed, "per_task.3.correct")) == FALSE);

  text = rubric_grade_report_to_text (report);
  g_assert_nonnull (strstr (text, "reference requirements ticked 3 of 4 (75%)"));
  g_assert_nonnull (strstr (text, "the gold's category 1 of 2 (50%)"));
  g_assert_nonnull (strstr (text, "1 rated above the success ceiling (over-claims)"));
  g_assert_nonnull (strstr (text, "missed “One”"));
  g_assert_nonnull (strstr (text, "category fraud, gold Fraud; success 3, ceiling 1 (an over-claim)"));
  test_rm_rf (dir);
}

static void
test_report_errors (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *no_gold = test_write_file (dir, "no-gold.jsonl",
    "{\"id\":\"t\",\"kind\":\"write\",\"prompt\":\"p\"}\n", -1);
  g_autofree char *tasks = test_write_file (dir, "tasks.jsonl", report_tasks, -1);
  g_autofree char *records = test_write_file (dir, "records.jsonl", report_records, -1);
  g_autofree char *bad = test_write_file (dir, "bad.jsonl", "{\"task_id\":\"c1\"}\nnot json\n", -1);
  g_autofree char *tasks_not_records = test_write_file (dir, "t.jsonl", "{\"id\":\"c1\"}\n", -1);
  g_autofree char *missing = g_build_filename (dir, "missing.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  RubricGradeReport *report;

  report = rubric_grade_files (no_gold, records, &error);
  g_assert_null (report);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "has no gold answers to grade against"));
  g_clear_error (&error);

  report = rubric_grade_files (tasks, bad, &error);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, "line 2: not a JSON object"));
  g_clear_error (&error);

  report = rubric_grade_files (tasks, tasks_not_records, &error);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, "line 1: not an annotation record"));
  g_clear_error (&error);

  report = rubric_grade_files (tasks, missing, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  report = rubric_grade_files (missing, records, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/grade/tau-b", test_tau_b);
  g_test_add_func ("/grade/rouge-l", test_rouge_l);
  g_test_add_func ("/grade/locate-quote", test_locate_quote);
  g_test_add_func ("/grade/span-covers", test_span_covers);
  g_test_add_func ("/grade/span-matching", test_span_matching);
  g_test_add_func ("/grade/feedback-compare", test_feedback_compare);
  g_test_add_func ("/grade/feedback-compare-tie", test_feedback_compare_tie);
  g_test_add_func ("/grade/feedback-rank", test_feedback_rank);
  g_test_add_func ("/grade/feedback-review", test_feedback_review);
  g_test_add_func ("/grade/feedback-write", test_feedback_write);
  g_test_add_func ("/grade/feedback-write-gold-scores", test_feedback_write_gold_scores);
  g_test_add_func ("/grade/feedback-author", test_feedback_author);
  g_test_add_func ("/grade/feedback-author-right-and-wrong", test_feedback_author_right_and_wrong);
  g_test_add_func ("/grade/feedback-red-team", test_feedback_red_team);
  g_test_add_func ("/grade/report-json", test_report_json);
  g_test_add_func ("/grade/report-author-red-team", test_report_author_red_team);
  g_test_add_func ("/grade/report-review-pooled", test_report_review_pooled);
  g_test_add_func ("/grade/report-errors", test_report_errors);

  return g_test_run ();
}
