/* test-annotation.c — the annotation model reads and writes its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "rubric-annotation.h"
#include "rubric-json.h"
#include "rubric-error.h"

static RubricAnnotation *
full_annotation (void)
{
  RubricAnnotation *a = rubric_annotation_new (1, 1, "Ada");
  const char *order[] = { "c", "a", "b" };
  const char *tied[] = { "b" };
  RubricSpan *span = rubric_span_new ();
  RubricOverride *override = g_new0 (RubricOverride, 1);

  rubric_annotation_set_score (a, "a", "correctness", 4);
  rubric_annotation_set_score (a, "b", "correctness", 0);
  rubric_annotation_set_score (a, "b", "tone", -2);
  rubric_annotation_set_flag (a, "a", "fabricated-citation", TRUE);
  rubric_annotation_set_flag (a, "a", "unsafe", TRUE);
  rubric_annotation_set_ranking (a, order, 3);
  rubric_annotation_set_ties (a, tied, 1);
  span->response_id = g_strdup ("a");
  span->start = 3;
  span->end = 9;
  span->quote = g_strdup ("*Smith v. Jones*");
  span->flag = g_strdup ("fabricated-citation");
  span->severity = g_strdup ("critical");
  span->comment = g_strdup ("No such case — 😀 \"quoted\"\n");
  rubric_annotation_add_span (a, span);
  rubric_annotation_set_text (&a->verdict, "fail");
  rubric_annotation_set_self_checked (a, "tone", TRUE);
  override->check = g_strdup ("too-fast");
  override->message = g_strdup ("Reading takes longer");
  override->reason = g_strdup ("Read it before\ttwice");
  g_ptr_array_add (a->overrides, override);
  rubric_annotation_set_text (&a->skip_reason, NULL);
  a->pasted_chars = 42;
  return a;
}

static void
test_round_trip (void)
{
  g_autoptr(RubricAnnotation) a = full_annotation ();
  g_autoptr(RubricAnnotation) b = rubric_annotation_new (1, 1, "Ada");
  g_autofree char *data = rubric_annotation_dup_data (a);
  g_autofree char *again = NULL;
  g_autoptr(json_object) parsed = json_tokener_parse (data);
  g_autoptr(GError) error = NULL;

  /* Valid JSON with the model's version first. */
  g_assert_nonnull (parsed);
  g_assert_true (g_str_has_prefix (data, "{\"schema\":1,"));

  g_assert_true (rubric_annotation_load_data (b, data, &error));
  g_assert_no_error (error);
  again = rubric_annotation_dup_data (b);
  g_assert_cmpstr (again, ==, data);

  g_assert_cmpint (rubric_annotation_get_score (b, "a", "correctness"), ==, 4);
  g_assert_cmpint (rubric_annotation_get_score (b, "b", "tone"), ==, -2);
  g_assert_true (rubric_annotation_has_flag (b, "a", "unsafe"));
  g_assert_cmpuint (rubric_annotation_count_flags (b, "a"), ==, 2);
  g_assert_true (rubric_annotation_is_tied (b, "b"));
  g_assert_cmpstr (g_ptr_array_index (b->ranking, 0), ==, "c");
  g_assert_cmpuint (b->spans->len, ==, 1);
  g_assert_cmpstr (((RubricSpan *) g_ptr_array_index (b->spans, 0))->comment, ==, "No such case — 😀 \"quoted\"\n");
  g_assert_cmpstr (b->verdict, ==, "fail");
  g_assert_true (rubric_annotation_is_self_checked (b, "tone"));
  g_assert_cmpstr (((RubricOverride *) g_ptr_array_index (b->overrides, 0))->reason, ==, "Read it before\ttwice");
  g_assert_cmpuint (b->pasted_chars, ==, 42);
}

/* A scale may run from 0 (HelpSteer's does): a 0 is a score, not a blank. */
static void
test_zero_is_a_score (void)
{
  g_autoptr(RubricAnnotation) a = rubric_annotation_new (1, 1, "Ada");
  g_autoptr(RubricAnnotation) b = rubric_annotation_new (1, 1, "Ada");
  g_autofree char *data = NULL;

  g_assert_cmpint (rubric_annotation_get_score (a, "a", "helpfulness"), ==, RUBRIC_SCORE_NONE);
  rubric_annotation_set_score (a, "a", "helpfulness", 0);
  g_assert_cmpint (rubric_annotation_get_score (a, "a", "helpfulness"), ==, 0);
  g_assert_cmpuint (rubric_annotation_count_scores (a, "a"), ==, 1);

  data = rubric_annotation_dup_data (a);
  g_assert_nonnull (strstr (data, "\"scores\":{\"a\":{\"helpfulness\":0}}"));
  g_assert_true (rubric_annotation_load_data (b, data, NULL));
  g_assert_cmpint (rubric_annotation_get_score (b, "a", "helpfulness"), ==, 0);

  rubric_annotation_set_score (a, "a", "helpfulness", RUBRIC_SCORE_NONE);
  g_assert_cmpint (rubric_annotation_get_score (a, "a", "helpfulness"), ==, RUBRIC_SCORE_NONE);
  g_assert_cmpuint (rubric_annotation_count_scores (a, "a"), ==, 0);
}

/* Reordering the model's own ids hands it strings it is about to free. */
static void
test_reorder_own_ids (void)
{
  g_autoptr(RubricAnnotation) a = rubric_annotation_new (1, 1, "Ada");
  const char *order[] = { "a", "b", "c" };
  const char *reversed[3];

  rubric_annotation_set_ranking (a, order, 3);
  for (guint i = 0; i < 3; i++)
    reversed[i] = g_ptr_array_index (a->ranking, 2 - i);
  rubric_annotation_set_ranking (a, reversed, 3);
  g_assert_cmpstr (g_ptr_array_index (a->ranking, 0), ==, "c");
  g_assert_cmpstr (g_ptr_array_index (a->ranking, 1), ==, "b");
  g_assert_cmpstr (g_ptr_array_index (a->ranking, 2), ==, "a");

  rubric_annotation_set_ties (a, (const char * const *) a->ranking->pdata, 1);
  rubric_annotation_set_ties (a, (const char * const *) a->ties->pdata, a->ties->len);
  g_assert_true (rubric_annotation_is_tied (a, "c"));
}

/* Where the cursor was is view state: older data had it inline. */
static void
test_view_state_apart (void)
{
  g_autoptr(RubricAnnotation) a = rubric_annotation_new (1, 1, "Ada");
  g_autofree char *data = NULL;
  g_autoptr(GString) record = g_string_new ("{");
  gboolean first = TRUE;
  g_autoptr(json_object) view = NULL;

  g_assert_true (rubric_annotation_load_data (a, "{\"cursor\":120,\"cursor_align\":0.25,\"verdict\":\"pass\"}", NULL));
  g_assert_cmpstr (a->verdict, ==, "pass");
  view = json_tokener_parse (a->view_state);
  g_assert_cmpint (json_object_get_int (json_object_object_get (view, "cursor")), ==, 120);

  data = rubric_annotation_dup_data (a);
  g_assert_null (strstr (data, "cursor"));
  rubric_annotation_append_fields (a, record, &first);
  rubric_annotation_append_extra (a, record, &first);
  g_assert_null (strstr (record->str, "cursor"));
  g_assert_null (strstr (record->str, "view_state"));
}

/* Keys a newer version wrote come back as they were, and in a record
 * they sit inside "extra", where they cannot clash with ours. */
static void
test_newer_keys_kept (void)
{
  g_autoptr(RubricAnnotation) a = rubric_annotation_new (1, 1, "Ada");
  g_autofree char *data = NULL;
  g_autoptr(GString) record = g_string_new ("{");
  gboolean first = TRUE;
  g_autoptr(json_object) parsed = NULL;
  json_object *extra;

  g_assert_true (rubric_annotation_load_data (a, "{\"schema\":7,\"confidence\":0.70,\"task_id\":\"not ours\","
                                                 "\"nested\":{\"k\":[1,\"é\"]}}", NULL));
  data = rubric_annotation_dup_data (a);
  g_assert_nonnull (strstr (data, "\"confidence\":0.70"));
  g_assert_nonnull (strstr (data, "\"nested\":{\"k\":[1,\"é\"]}"));
  g_assert_true (g_str_has_prefix (data, "{\"schema\":1,"));

  rubric_annotation_append_fields (a, record, &first);
  rubric_annotation_append_extra (a, record, &first);
  g_string_append_c (record, '}');
  parsed = json_tokener_parse (record->str);
  g_assert_nonnull (parsed);
  g_assert_null (json_object_object_get (parsed, "task_id"));
  extra = json_object_object_get (parsed, "extra");
  g_assert_cmpstr (rubric_json_get_string (extra, "task_id"), ==, "not ours");
  g_assert_nonnull (strstr (record->str, "\"confidence\":0.70"));
}

static void
test_damaged_and_wrong_types (void)
{
  g_autoptr(RubricAnnotation) a = rubric_annotation_new (1, 1, "Ada");
  g_autoptr(GError) error = NULL;

  g_assert_false (rubric_annotation_load_data (a, "[1,2]", &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (rubric_annotation_load_data (a, "{\"scores\":", &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED);
  g_clear_error (&error);

  /* Members of the wrong type are passed over, the rest is read. */
  g_assert_true (rubric_annotation_load_data (a, "{\"scores\":\"5\",\"flags\":{\"a\":\"x\"},\"ranking\":[1,\"b\"],"
                                                 "\"spans\":[{\"start\":\"1\"},{\"start\":1,\"end\":2}],"
                                                 "\"pasted_chars\":-4,\"verdict\":\"pass\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (a->scores->len, ==, 0);
  g_assert_cmpuint (a->flags->len, ==, 0);
  g_assert_cmpuint (a->ranking->len, ==, 1);
  g_assert_cmpuint (a->spans->len, ==, 1);
  g_assert_cmpuint (a->pasted_chars, ==, 0);
  g_assert_cmpstr (a->verdict, ==, "pass");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotation/round-trip", test_round_trip);
  g_test_add_func ("/annotation/zero-is-a-score", test_zero_is_a_score);
  g_test_add_func ("/annotation/reorder-own-ids", test_reorder_own_ids);
  g_test_add_func ("/annotation/view-state-apart", test_view_state_apart);
  g_test_add_func ("/annotation/newer-keys-kept", test_newer_keys_kept);
  g_test_add_func ("/annotation/damaged-and-wrong-types", test_damaged_and_wrong_types);

  return g_test_run ();
}
