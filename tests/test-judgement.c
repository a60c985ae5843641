/* test-judgement.c — scale, totals, citations, checks, swaps, word diff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-diff.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-markdown.h"

static const char *header_text =
  "{\"rubric\":{\"id\":\"r\",\"version\":1,\"criteria\":["
  "{\"id\":\"helpfulness\",\"name\":\"Helpfulness\",\"scale\":{\"min\":1,\"max\":5}},"
  "{\"id\":\"correctness\",\"name\":\"Correctness\",\"scale\":{\"min\":1,\"max\":5},\"weight\":2}],"
  "\"flags\":[{\"id\":\"hallucination\",\"name\":\"Hallucination\"}]},"
  "\"settings\":{\"allow_tie\":true,\"allow_both_bad\":false,\"preference_scale\":7,"
  "\"min_justification_words\":5,\"require_criterion_citation\":true}}";

static RubricSetConfig *
config_new (void)
{
  g_autoptr(json_object) header = json_tokener_parse (header_text);

  return rubric_set_config_new (header);
}

static RubricTask *
task_new (void)
{
  g_autoptr(json_object) object = json_tokener_parse ("{\"id\":\"t\",\"kind\":\"compare\",\"prompt\":\"Why?\","
                                                      "\"responses\":[{\"id\":\"x\",\"content\":\"one two\"},"
                                                      "{\"id\":\"y\",\"content\":\"three four\"}]}");
  return rubric_task_new (object);
}

static void
test_scale (void)
{
  const char *choice;
  int strength;

  g_assert_true (rubric_scale_to_choice (7, 1, &choice, &strength));
  g_assert_cmpstr (choice, ==, "A");
  g_assert_cmpint (strength, ==, 3);
  g_assert_true (rubric_scale_to_choice (7, 3, &choice, &strength));
  g_assert_cmpint (strength, ==, 1);
  g_assert_true (rubric_scale_to_choice (7, 4, &choice, &strength));
  g_assert_cmpstr (choice, ==, "tie");
  g_assert_true (rubric_scale_to_choice (7, 7, &choice, &strength));
  g_assert_cmpstr (choice, ==, "B");
  g_assert_cmpint (strength, ==, 3);
  g_assert_false (rubric_scale_to_choice (7, 8, &choice, &strength));

  /* An even scale has no middle. */
  g_assert_true (rubric_scale_to_choice (4, 3, &choice, &strength));
  g_assert_cmpstr (choice, ==, "B");
  g_assert_cmpint (strength, ==, 1);

  for (guint n = 2; n <= 9; n++)
    for (guint p = 1; p <= n; p++)
      {
        g_assert_true (rubric_scale_to_choice (n, p, &choice, &strength));
        g_assert_cmpuint (rubric_choice_to_scale (n, choice, strength), ==, p);
      }
  g_assert_cmpstr (rubric_scale_label (7, 1), ==, "A much better");
  g_assert_cmpstr (rubric_scale_label (7, 5), ==, "B slightly better");
  g_assert_cmpstr (rubric_scale_label (7, 4), ==, "About the same");
}

static void
test_config_defaults (void)
{
  g_autoptr(RubricSetConfig) config = config_new ();
  g_autoptr(RubricSetConfig) empty = rubric_set_config_new (NULL);

  g_assert_cmpuint (config->criteria->len, ==, 2);
  g_assert_cmpfloat (((RubricCriterion *) g_ptr_array_index (config->criteria, 1))->weight, ==, 2.0);
  g_assert_true (config->require_citation);
  g_assert_false (config->allow_both_bad);
  g_assert_cmpuint (empty->preference_scale, ==, 7);
  g_assert_cmpuint (empty->criteria->len, ==, 0);
  g_assert_true (empty->allow_tie);
}

static void
test_citations (void)
{
  g_autoptr(RubricSetConfig) config = config_new ();
  g_autoptr(GPtrArray) none = rubric_cited_criteria (config, "Helpfulnessless is not a word; incorrectness neither");
  g_autoptr(GPtrArray) both = rubric_cited_criteria (config, "[Correctness] matters, and so does HELPFULNESS.");

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (both->len, ==, 2);
  g_assert_cmpuint (rubric_count_words ("  two\twords\n"), ==, 2);
  g_assert_cmpuint (rubric_count_words ("café — ünïcode"), ==, 3);
}

static gboolean
has_check (GPtrArray  *checks,
           const char *code)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_str_equal (((RubricCheck *) g_ptr_array_index (checks, i))->code, code))
      return TRUE;
  return FALSE;
}

static void
test_checks (void)
{
  g_autoptr(RubricSetConfig) config = config_new ();
  g_autoptr(RubricTask) task = task_new ();
  g_autoptr(RubricAnnotation) a = rubric_annotation_new (1, 1, "Ada");
  RubricJudgement j = { config, task, a };
  g_autoptr(GPtrArray) c1 = NULL, c2 = NULL, c3 = NULL, c4 = NULL, c5 = NULL, c6 = NULL;
  double total;

  a->active_ms = 60000;
  c1 = rubric_judgement_check (&j);
  g_assert_true (has_check (c1, "choice"));
  g_assert_true (has_check (c1, "scores"));
  g_assert_true (has_check (c1, "justification"));
  g_assert_true (rubric_checks_have_errors (c1));

  /* Scores favour x (A), the choice is B. */
  rubric_annotation_set_score (a, "x", "helpfulness", 5);
  rubric_annotation_set_score (a, "x", "correctness", 5);
  rubric_annotation_set_score (a, "y", "helpfulness", 5);
  rubric_annotation_set_score (a, "y", "correctness", 3);
  g_assert_true (rubric_weighted_total (config, a, "y", &total));
  g_assert_cmpfloat_with_epsilon (total, (1.0 + 2 * 0.5) / 3, 1e-9);
  rubric_annotation_set_text (&a->choice, "B");
  a->strength = 1;
  rubric_annotation_set_text (&a->justification, "too short here");
  c2 = rubric_judgement_check (&j);
  g_assert_true (has_check (c2, "min-words"));
  g_assert_false (has_check (c2, "scores"));

  rubric_annotation_set_text (&a->justification, "B reads better but cites nothing at all");
  c3 = rubric_judgement_check (&j);
  g_assert_true (has_check (c3, "citation"));
  g_assert_true (has_check (c3, "totals-disagree"));

  /* Equal totals with "much better". */
  rubric_annotation_set_score (a, "y", "correctness", 5);
  a->strength = 3;
  rubric_annotation_set_text (&a->justification, "B is much better on correctness, I think");
  c4 = rubric_judgement_check (&j);
  g_assert_false (rubric_checks_have_errors (c4));
  g_assert_true (has_check (c4, "strength-equal-scores"));
  g_assert_false (has_check (c4, "too-fast"));

  /* The chosen response alone carries a flag; and it was quick. */
  rubric_annotation_set_flag (a, "y", "hallucination", TRUE);
  a->strength = 1;
  a->active_ms = 10;
  c5 = rubric_judgement_check (&j);
  g_assert_true (has_check (c5, "chosen-flagged"));
  g_assert_true (has_check (c5, "too-fast"));
  g_assert_true (rubric_annotation_is_flagged (a));

  rubric_annotation_set_flag (a, "y", "hallucination", FALSE);
  g_assert_false (rubric_annotation_is_flagged (a));
  rubric_annotation_set_text (&a->choice, "both-bad");
  c6 = rubric_judgement_check (&j);
  g_assert_true (has_check (c6, "choice"));
}

static void
test_side_swap (void)
{
  guint swapped = 0;

  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("task-%d", i);

      g_assert_cmpint (rubric_side_swap (id, "Ada"), ==, rubric_side_swap (id, "Ada"));
      swapped += rubric_side_swap (id, "Ada");
    }
  /* About half, reproducibly. */
  g_assert_cmpuint (swapped, >, 400);
  g_assert_cmpuint (swapped, <, 600);
}

static char *
ranges_text (const char *text,
             GArray     *ranges)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ranges->len; i++)
    {
      RubricDiffRange *r = &g_array_index (ranges, RubricDiffRange, i);

      g_string_append_printf (out, "%s[%.*s]", i ? " " : "", (int) (r->end - r->start), text + r->start);
    }
  return g_string_free (out, FALSE);
}

static void
test_diff (void)
{
  const char *a = "The wall fell on 9 November 1989, and Germany reunified in 1990.";
  const char *b = "The wall fell on 9 November 1991, and Germany reunified in 1992 — finally.";
  g_autoptr(RubricDiff) diff = rubric_diff_words (a, b);
  g_autofree char *removed = ranges_text (a, diff->removed);
  g_autofree char *added = ranges_text (b, diff->added);
  g_autoptr(RubricDiff) same = rubric_diff_words (a, a);
  g_autoptr(GString) big_a = g_string_new (NULL);
  g_autoptr(GString) big_b = g_string_new (NULL);
  g_autoptr(RubricDiff) big = NULL;

  g_assert_cmpstr (removed, ==, "[1989] [1990]");
  g_assert_cmpstr (added, ==, "[1991] [1992 — finally]");
  g_assert_cmpuint (same->removed->len + same->added->len, ==, 0);

  /* 200 KB with one word changed in the middle: one range each. */
  for (int i = 0; i < 20000; i++)
    {
      g_string_append_printf (big_a, "word%d ", i);
      g_string_append_printf (big_b, i == 10000 ? "changed " : "word%d ", i);
    }
  big = rubric_diff_words (big_a->str, big_b->str);
  g_assert_cmpuint (big->removed->len, ==, 1);
  g_assert_cmpuint (big->added->len, ==, 1);
}

static char *
rebuild (const char *a,
         const char *b,
         GArray     *ops,
         gboolean    second)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ops->len; i++)
    {
      RubricDiffOp *op = &g_array_index (ops, RubricDiffOp, i);

      if (op->type == RUBRIC_DIFF_EQUAL || op->type == (second ? RUBRIC_DIFF_INSERT : RUBRIC_DIFF_DELETE))
        g_string_append_len (out, (op->type == RUBRIC_DIFF_DELETE ? a : b) + op->start, op->end - op->start);
    }
  return g_string_free (out, FALSE);
}

static void
test_diff_ops (void)
{
  const char *draft = "The cat sat on the mat. It was warm.";
  const char *answer = "The black cat sat on a mat. It was warm.";
  g_autoptr(GArray) ops = rubric_diff_ops (draft, answer);
  g_autofree char *first = rebuild (draft, answer, ops, FALSE);
  g_autofree char *second = rebuild (draft, answer, ops, TRUE);
  gboolean inserted = FALSE, deleted = FALSE;

  /* The script rebuilds both texts exactly. */
  g_assert_cmpstr (first, ==, draft);
  g_assert_cmpstr (second, ==, answer);
  for (guint i = 0; i < ops->len; i++)
    {
      RubricDiffOp *op = &g_array_index (ops, RubricDiffOp, i);

      if (op->type == RUBRIC_DIFF_INSERT && strncmp (answer + op->start, "black", 5) == 0)
        inserted = TRUE;
      if (op->type == RUBRIC_DIFF_DELETE && strncmp (draft + op->start, "the", 3) == 0)
        deleted = TRUE;
    }
  g_assert_true (inserted);
  g_assert_true (deleted);
}

static RubricTask *
rank_task_new (void)
{
  g_autoptr(json_object) object = json_tokener_parse ("{\"id\":\"r\",\"kind\":\"rank\",\"prompt\":\"Best?\","
                                                      "\"responses\":[{\"id\":\"a\",\"content\":\"one\"},"
                                                      "{\"id\":\"b\",\"content\":\"two\"},{\"id\":\"c\",\"content\":\"three\"},"
                                                      "{\"id\":\"d\",\"content\":\"four\"}]}");
  return rubric_task_new (object);
}

static void
test_ranking (void)
{
  g_autoptr(RubricSetConfig) config = config_new ();
  g_autoptr(RubricTask) task = rank_task_new ();
  g_autoptr(RubricAnnotation) data = rubric_annotation_new (1, 1, "Ada");
  g_autoptr(RubricAnnotation) partial = rubric_annotation_new (1, 1, "Ada");
  const char *order[] = { "c", "a", "b", "d" };
  const char *tied[] = { "b" };
  g_autoptr(GPtrArray) c1 = NULL, c2 = NULL;
  int ranks[4];

  rubric_annotation_set_ranking (data, order, 4);
  rubric_annotation_set_ties (data, tied, 1);
  rubric_annotation_set_ranking (partial, order, 2);
  data->active_ms = partial->active_ms = 60000;

  g_assert_true (rubric_ranking_ranks (task, data, ranks));
  g_assert_cmpint (ranks[2], ==, 1);
  g_assert_cmpint (ranks[0], ==, 2);
  g_assert_cmpint (ranks[1], ==, 2);
  g_assert_cmpint (ranks[3], ==, 4);
  g_assert_false (rubric_ranking_ranks (task, partial, ranks));

  c1 = rubric_ranking_check (config, task, partial);
  g_assert_true (has_check (c1, "ranking"));

  /* Scores that put d above c, while c is ranked first. */
  for (guint i = 0; i < 4; i++)
    {
      const char *id = (const char *[]) { "a", "b", "c", "d" }[i];

      rubric_annotation_set_score (data, id, "helpfulness", i == 3 ? 5 : 2);
      rubric_annotation_set_score (data, id, "correctness", i == 3 ? 5 : 2);
    }
  c2 = rubric_ranking_check (config, task, data);
  g_assert_false (rubric_checks_have_errors (c2));
  g_assert_true (has_check (c2, "totals-disagree"));
}

static void
test_review (void)
{
  g_autoptr(RubricSetConfig) config = config_new ();
  g_autoptr(json_object) object = json_tokener_parse ("{\"id\":\"v\",\"kind\":\"review\",\"prompt\":\"Check\","
                                                      "\"responses\":[{\"id\":\"x\",\"content\":\"some text\"}]}");
  g_autoptr(RubricTask) task = rubric_task_new (object);
  g_autoptr(RubricAnnotation) data = rubric_annotation_new (1, 1, "Ada");
  g_autoptr(GPtrArray) c1 = NULL, c2 = NULL;
  RubricSpan *span = rubric_span_new ();

  span->severity = g_strdup ("critical");
  rubric_annotation_add_span (data, span);
  rubric_annotation_set_text (&data->verdict, "reject");
  data->active_ms = 60000;
  c1 = rubric_review_check (config, task, data);
  g_assert_true (has_check (c1, "scores"));
  g_assert_true (has_check (c1, "justification"));
  rubric_annotation_set_score (data, "x", "helpfulness", 3);
  rubric_annotation_set_score (data, "x", "correctness", 5);
  rubric_annotation_set_text (&data->justification, "It cites a study that does not exist.");
  c2 = rubric_review_check (config, task, data);
  g_assert_false (rubric_checks_have_errors (c2));
  g_assert_true (has_check (c2, "critical-but-correct"));
}

static void
test_align (void)
{
  const char *source = "Intro 😀 **bold** word.\n\n```python\nx = 1\n```\n\nAfter the code: a [link](https://example.org/a/very/long/path) here.";
  const char *rendered = "Intro 😀 bold word.\n\nx = 1\n\nAfter the code: a link here.";
  g_autoptr(GArray) map = rubric_markdown_align (source, rendered);
  glong rs = g_utf8_pointer_to_offset (rendered, strstr (rendered, "bold"));
  glong after = g_utf8_pointer_to_offset (rendered, strstr (rendered, "code: a link"));
  glong start, end;
  g_autofree char *quote = NULL;

  g_assert_cmpuint (map->len, ==, g_utf8_strlen (rendered, -1));
  /* "bold" after an emoji: offsets in code points. */
  start = g_array_index (map, glong, rs);
  end = g_array_index (map, glong, rs + 3) + 1;
  quote = g_utf8_substring (source, start, end);
  g_assert_cmpstr (quote, ==, "bold");
  g_free (quote);

  /* After a code block and across a link's address. */
  start = g_array_index (map, glong, after);
  end = g_array_index (map, glong, after + strlen ("code: a link") - 1) + 1;
  quote = g_utf8_substring (source, start, end);
  g_assert_cmpstr (quote, ==, "code: a [link");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/judgement/scale", test_scale);
  g_test_add_func ("/judgement/config-defaults", test_config_defaults);
  g_test_add_func ("/judgement/citations", test_citations);
  g_test_add_func ("/judgement/checks", test_checks);
  g_test_add_func ("/judgement/side-swap", test_side_swap);
  g_test_add_func ("/judgement/diff", test_diff);
  g_test_add_func ("/judgement/diff-ops", test_diff_ops);
  g_test_add_func ("/judgement/ranking", test_ranking);
  g_test_add_func ("/judgement/review", test_review);
  g_test_add_func ("/judgement/align", test_align);

  return g_test_run ();
}
