/* test-review-store.c — a lead's review in the workspace: the queue,
 * decisions, withdrawing them, reopening, and what agreement and the
 * merge make of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "rubric-json.h"
#include "rubric-records.h"
#include "rubric-review.h"
#include "test-util.h"

typedef struct
{
  char        *dir;
  char        *db_path;
  RubricStore *store;
  char        *files[3];
} Fixture;

/* alice, bob and carol on four comparisons and a ranking: t0 all A,
 * t1 two A to one B, t2 A, B and a tie, t3 only alice. */
static char *
record (const char *task,
        const char *annotator,
        const char *choice,
        int         strength)
{
  g_autofree char *embedded = g_strcmp0 (task, "r0") == 0
    ? g_strdup ("{\"id\": \"r0\", \"kind\": \"rank\", \"prompt\": \"Rank\", \"responses\": "
                "[{\"id\": \"a\", \"content\": \"a\"}, {\"id\": \"b\", \"content\": \"b\"}, {\"id\": \"c\", \"content\": \"c\"}]}")
    : test_compare_task (task, "one", "two");
  g_autofree char *choice_json = choice ? g_strdup_printf ("\"%s\"", choice) : g_strdup ("null");
  g_autofree char *strength_json = strength > 0 ? g_strdup_printf ("%d", strength) : g_strdup ("null");
  const char *ranking = g_strcmp0 (task, "r0") != 0 ? "[]" :
                        g_strcmp0 (annotator, "alice") == 0 ? "[\"a\", \"b\", \"c\"]" : "[\"b\", \"a\", \"c\"]";

  return g_strdup_printf ("{\"task_id\": \"%s\", \"task_set\": \"Batch\", \"kind\": \"%s\", \"annotator\": \"%s\","
                          " \"state\": \"submitted\", \"choice\": %s, \"strength\": %s, \"justification\": \"why\","
                          " \"swapped\": false, \"ranking\": %s, \"active_seconds\": 20.0, \"task\": %s}\n",
                          task, g_strcmp0 (task, "r0") == 0 ? "rank" : "compare", annotator, choice_json,
                          strength_json, ranking, embedded);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *names[] = { "alice", "bob", "carol" };
  static const char *choices[3][4] = {
    { "A", "A", "A", "A" },
    { "A", "A", "B", NULL },
    { "A", "B", "tie", NULL },
  };
  g_autoptr(GError) error = NULL;

  fixture->dir = test_tmpdir ();
  fixture->db_path = g_build_filename (fixture->dir, "w.db", NULL);
  fixture->store = rubric_store_new (fixture->db_path, &error);
  g_assert_no_error (error);
  for (guint a = 0; a < 3; a++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("%s.jsonl", names[a]);

      for (guint t = 0; t < 4; t++)
        {
          g_autofree char *id = g_strdup_printf ("t%u", t);
          g_autofree char *line = NULL;

          if (choices[a][t] == NULL)
            continue;
          line = record (id, names[a], choices[a][t], g_str_equal (choices[a][t], "tie") ? 0 : 2);
          g_string_append (text, line);
        }
      {
        g_autofree char *line = record ("r0", names[a], NULL, 0);
        g_string_append (text, line);
      }
      fixture->files[a] = test_write_file (fixture->dir, name, text->str, text->len);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  for (guint i = 0; i < 3; i++)
    g_free (fixture->files[i]);
}

static RubricReviewImport *
import (Fixture *fixture)
{
  const char *paths[] = { fixture->files[0], fixture->files[1], fixture->files[2], NULL };
  RubricReviewImport *result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_review_import (fixture->store, paths, NULL, &result, &error));
  g_assert_no_error (error);
  return result;
}

static RubricReviewItem *
find_item (RubricReviewSummary *summary,
           const char          *id)
{
  for (guint i = 0; i < summary->items->len; i++)
    {
      RubricReviewItem *item = g_ptr_array_index (summary->items, i);

      if (g_str_equal (item->ext_id, id))
        return item;
    }
  g_assert_not_reached ();
}

static RubricReviewSummary *
summarize (Fixture *fixture,
           gint64   set_id)
{
  g_autoptr(GError) error = NULL;
  RubricReviewSummary *summary = rubric_review_summarize (fixture->store, set_id, RUBRIC_MERGE_ADJUDICATED, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static void
test_queue (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RubricReviewImport) result = import (fixture);
  g_autoptr(RubricReviewSummary) summary = summarize (fixture, result->set_id);
  RubricReviewItem *first = g_ptr_array_index (summary->items, 0);

  g_assert_cmpuint (result->n_records, ==, 13);
  g_assert_cmpuint (result->n_annotators, ==, 3);
  g_assert_cmpuint (result->n_tasks, ==, 5);
  g_assert_cmpstr (result->name, ==, "Batch");
  g_assert_cmpuint (summary->items->len, ==, 5);
  /* The three-way split first, unresolved; unanimous and lone ones last. */
  g_assert_cmpstr (first->ext_id, ==, "t2");
  g_assert_cmpstr (first->merge, ==, "unresolved");
  g_assert_cmpfloat_with_epsilon (first->disagreement, 2.0 / 3.0, 0.05);
  g_assert_cmpstr (find_item (summary, "t1")->merge, ==, "majority");
  g_assert_cmpstr (find_item (summary, "t1")->votes, ==, "A 2 · B 1");
  g_assert_cmpstr (find_item (summary, "t0")->merge, ==, "unanimous");
  g_assert_cmpfloat (find_item (summary, "t0")->disagreement, ==, 0);
  g_assert_cmpuint (find_item (summary, "t3")->n_annotators, ==, 1);
  /* Rankings: alice differs from bob and carol. */
  g_assert_cmpfloat_with_epsilon (find_item (summary, "r0")->disagreement, 1.0 / 3.0, 1e-9);
  g_assert_cmpstr (find_item (summary, "r0")->votes, ==, "2 different");
  /* The figures come with it, from the same records. */
  g_assert_cmpuint (summary->agreement->annotators->len, ==, 3);
  g_assert_cmpuint (summary->bias->annotators->len, ==, 3);
  g_assert_cmpuint (summary->merge->n_unresolved, ==, 1);
}

static void
test_decide_withdraw_reopen (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RubricReviewImport) result = import (fixture);
  g_autoptr(RubricReviewImport) again = NULL;
  g_autoptr(RubricReviewSummary) before = summarize (fixture, result->set_id);
  g_autoptr(RubricReviewSummary) after = NULL;
  g_autoptr(RubricReviewSummary) withdrawn = NULL;
  g_autoptr(RubricAnnotation) decision = rubric_annotation_new (0, 0, "");
  g_autoptr(GError) error = NULL;
  g_autofree char *records = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 task = find_item (before, "t2")->task_id;
  guint n_decisions = 0;

  rubric_annotation_set_text (&decision->choice, "B");
  decision->strength = 3;
  rubric_annotation_set_text (&decision->justification, "B is right about the date");
  g_assert_true (rubric_review_adjudicate (fixture->store, task, result->set_id, "lead", decision, &error));
  g_assert_no_error (error);

  after = summarize (fixture, result->set_id);
  g_assert_cmpstr (find_item (after, "t2")->merge, ==, "adjudicated");
  /* The adjudicator is nobody's vote. */
  g_assert_cmpuint (after->agreement->annotators->len, ==, 3);
  g_assert_cmpuint (after->bias->annotators->len, ==, 3);
  g_assert_cmpfloat (after->agreement->choice.percent, ==, before->agreement->choice.percent);

  /* The records export carries the decision, marked. */
  records = rubric_review_export_records (fixture->store, result->set_id, &error);
  g_assert_no_error (error);
  lines = test_read_lines (records);
  g_unlink (records);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(json_object) line = json_tokener_parse (lines[i]);

      if (!rubric_records_is_adjudication (line))
        continue;
      n_decisions++;
      g_assert_cmpstr (test_get_path (line, "annotator"), ==, RUBRIC_ADJUDICATOR);
      g_assert_cmpstr (test_get_path (line, "choice"), ==, "B");
      g_assert_cmpstr (test_get_path (line, "justification"), ==, "B is right about the date");
      g_assert_cmpstr (test_get_path (line, "extra.adjudicated_by"), ==, "lead");
    }
  g_assert_cmpuint (n_decisions, ==, 1);

  /* The same files again: the same review, with the decision. */
  again = import (fixture);
  g_assert_true (again->reused);
  g_assert_cmpint (again->set_id, ==, result->set_id);
  g_assert_cmpuint (again->n_adjudications, ==, 1);
  g_assert_cmpuint (again->n_annotators, ==, 3);

  g_assert_true (rubric_review_withdraw (fixture->store, task, &error));
  g_assert_no_error (error);
  withdrawn = summarize (fixture, result->set_id);
  g_assert_cmpstr (find_item (withdrawn, "t2")->merge, ==, "unresolved");
}

static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RubricReviewImport) result = import (fixture);
  g_autoptr(RubricMergeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (fixture->dir, "merged.jsonl", NULL);
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (rubric_review_merge (fixture->store, result->set_id, RUBRIC_MERGE_MAJORITY, "trl", out, &n, &report,
                                      &error));
  g_assert_no_error (error);
  /* t0, t1 and t3 by vote, and the ranking's three pairs; t2 unresolved. */
  g_assert_cmpuint (report->n_tasks, ==, 5);
  g_assert_cmpuint (report->n_unresolved, ==, 1);
  lines = test_read_lines (out);
  g_assert_cmpuint (g_strv_length (lines), ==, n);
  g_assert_cmpuint (n, ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/review/queue", Fixture, NULL, fixture_set_up, test_queue, fixture_tear_down);
  g_test_add ("/review/decide-withdraw-reopen", Fixture, NULL, fixture_set_up, test_decide_withdraw_reopen,
              fixture_tear_down);
  g_test_add ("/review/merge", Fixture, NULL, fixture_set_up, test_merge, fixture_tear_down);
  return g_test_run ();
}
