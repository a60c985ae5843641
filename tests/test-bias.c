/* test-bias.c — per-annotator bias: known answers, records end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "rubric-bias.h"
#include "rubric-json.h"
#include "test-util.h"

#define assert_close(value, expected, places) \
  g_assert_cmpfloat_with_epsilon ((value), (expected), 0.5 * pow (10, -(places)))

static void
assert_rel (double value,
            double expected,
            double rel)
{
  g_assert_cmpfloat (fabs (value - expected), <=, rel * fabs (expected));
}

/* Exact values from sums of binomial coefficients (Python's integers). */
static void
test_binomial (void)
{
  g_assert_cmpfloat (rubric_binomial_two_sided_p (9, 10), ==, 0.021484375);
  g_assert_cmpfloat (rubric_binomial_two_sided_p (1, 10), ==, 0.021484375);
  assert_rel (rubric_binomial_two_sided_p (60, 100), 0.05688793364098079, 1e-9);
  assert_rel (rubric_binomial_two_sided_p (40, 100), 0.05688793364098079, 1e-9);
  assert_rel (rubric_binomial_two_sided_p (10, 10), 0.001953125, 1e-12);
  assert_rel (rubric_binomial_two_sided_p (5100, 10000), 0.04658552770494739, 1e-8);
  assert_rel (rubric_binomial_two_sided_p (3, 1000), 3.110894301402977e-293, 1e-6);
  g_assert_cmpfloat (rubric_binomial_two_sided_p (5, 10), ==, 1.0);
  g_assert_cmpfloat (rubric_binomial_two_sided_p (5, 11), ==, 1.0);
  g_assert_cmpfloat (rubric_binomial_two_sided_p (0, 1), ==, 1.0);
  g_assert_true (isnan (rubric_binomial_two_sided_p (0, 0)));
  g_assert_true (isnan (rubric_binomial_two_sided_p (3, 2)));
}

static void
test_wilson (void)
{
  double low, high;

  g_assert_true (rubric_wilson_interval (8, 10, 1.959964, &low, &high));
  assert_close (low, 0.4902, 4);
  assert_close (high, 0.9433, 4);
  /* 0 of 10: the upper bound is z² / (n + z²). */
  g_assert_true (rubric_wilson_interval (0, 10, 1.959964, &low, &high));
  g_assert_cmpfloat (low, ==, 0.0);
  assert_close (high, 0.27753, 5);
  g_assert_true (rubric_wilson_interval (10, 10, 1.959964, &low, &high));
  assert_close (low, 1 - 0.27753, 5);
  assert_close (high, 1.0, 9);
  g_assert_false (rubric_wilson_interval (0, 0, 1.959964, &low, &high));
  g_assert_true (isnan (low));
  g_assert_true (isnan (high));
}

static void
test_robust_z (void)
{
  double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };
  /* median 3; |x − 3| = 2 1 0 1 97, whose median, the MAD, is 1. */
  const double all[] = { 100, 1, 4, 2, 3 };
  /* median 2.5; deviations 1.5 0.5 0.5 1.5: MAD 1. */
  const double four[] = { 1, 2, 3, 4 };
  /* median 2; deviations 0 0 0 3: MAD 0. */
  const double flat[] = { 2, 2, 5, 2 };

  g_assert_cmpfloat (rubric_median (odd, 3), ==, 2);
  g_assert_cmpfloat (rubric_median (even, 4), ==, 2.5);
  g_assert_true (isnan (rubric_median (NULL, 0)));

  assert_close (rubric_robust_z (5, all, 5), 2 / 1.4826, 9);
  assert_close (rubric_robust_z (3, all, 5), 0, 12);
  assert_close (rubric_robust_z (0.5, all, 5), -2.5 / 1.4826, 9);
  g_assert_cmpfloat (all[0], ==, 100);      /* left untouched */
  assert_close (rubric_robust_z (4, four, 4), 1.5 / 1.4826, 9);
  g_assert_true (isnan (rubric_robust_z (3, flat, 4)));
  g_assert_true (isnan (rubric_robust_z (3, NULL, 0)));
  g_assert_true (isnan (rubric_robust_z (NAN, all, 5)));
}

/* Records ---------------------------------------------------------------- */

static char *
repeat (const char *unit,
        guint       n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (out, unit);
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *task_id;
  const char *annotator;
  const char *state;
  const char *choice;       /* NULL: a write task */
  gboolean    swapped;
  const char *a;            /* response contents */
  const char *b;
  double      seconds;
  const char *justification;
  const char *answer;
  int         pasted;
  int         gold;         /* −1 none, 0 wrong, 1 right */
  const char *checks;       /* comma-separated overridden checks; "-" for a null check */
} Rec;

static void
append_record (GString   *out,
               const Rec *r)
{
  g_autoptr(json_object) o = json_object_new_object ();
  json_object *task = json_object_new_object ();
  json_object *overrides = json_object_new_array ();

  json_object_object_add (o, "task_id", json_object_new_string (r->task_id));
  json_object_object_add (o, "task_set", json_object_new_string ("set"));
  json_object_object_add (o, "kind", json_object_new_string (r->choice ? "compare" : "write"));
  json_object_object_add (o, "annotator", json_object_new_string (r->annotator));
  json_object_object_add (o, "state", json_object_new_string (r->state ? r->state : "submitted"));
  json_object_object_add (o, "choice", r->choice ? json_object_new_string (r->choice) : NULL);
  json_object_object_add (o, "justification", json_object_new_string (r->justification ? r->justification : ""));
  json_object_object_add (o, "swapped", json_object_new_boolean (r->swapped));
  if (r->answer != NULL)
    json_object_object_add (o, "answer", json_object_new_string (r->answer));
  json_object_object_add (o, "pasted_chars", json_object_new_int (r->pasted));
  json_object_object_add (o, "active_seconds", json_object_new_double (r->seconds));
  if (r->checks != NULL)
    {
      g_auto(GStrv) checks = g_strsplit (r->checks, ",", -1);

      for (guint i = 0; checks[i] != NULL; i++)
        {
          json_object *override = json_object_new_object ();

          json_object_object_add (override, "check",
                                  strcmp (checks[i], "-") == 0 ? NULL : json_object_new_string (checks[i]));
          json_object_object_add (override, "message", json_object_new_string ("warned"));
          json_object_object_add (override, "reason", json_object_new_string ("because"));
          json_object_array_add (overrides, override);
        }
    }
  json_object_object_add (o, "overrides", overrides);
  if (r->gold >= 0)
    {
      json_object *gold = json_object_new_object ();

      json_object_object_add (gold, "correct", json_object_new_boolean (r->gold));
      json_object_object_add (gold, "score", json_object_new_double (r->gold));
      json_object_object_add (o, "gold_check", gold);
    }
  json_object_object_add (task, "id", json_object_new_string (r->task_id));
  json_object_object_add (task, "kind", json_object_new_string (r->choice ? "compare" : "write"));
  json_object_object_add (task, "prompt", json_object_new_string ("Say something."));
  if (r->choice != NULL)
    {
      json_object *responses = json_object_new_array ();
      json_object *ra = json_object_new_object (), *rb = json_object_new_object ();

      json_object_object_add (ra, "id", json_object_new_string ("a"));
      json_object_object_add (ra, "content", json_object_new_string (r->a));
      json_object_object_add (rb, "id", json_object_new_string ("b"));
      json_object_object_add (rb, "content", json_object_new_string (r->b));
      json_object_array_add (responses, ra);
      json_object_array_add (responses, rb);
      json_object_object_add (task, "responses", responses);
    }
  json_object_object_add (o, "task", task);
  g_string_append (out, json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN));
  g_string_append_c (out, '\n');
}

static double
get_number (json_object *root,
            const char  *path)
{
  json_object *value = test_get_object (root, path);

  g_assert_nonnull (value);
  g_assert_true (json_object_is_type (value, json_type_double) || json_object_is_type (value, json_type_int));
  return json_object_get_double (value);
}

static void
assert_null (json_object *root,
             const char  *path)
{
  json_object *parent;
  g_autofree char *parent_path = g_strdup (path);
  char *dot = strrchr (parent_path, '.');

  /* Present, and null. */
  g_assert_nonnull (dot);
  *dot = '\0';
  parent = test_get_object (root, parent_path);
  g_assert_nonnull (parent);
  g_assert_true (json_object_object_get_ex (parent, dot + 1, NULL));
  g_assert_null (test_get_object (root, path));
}

/* The annotators' index in the sorted report. */
enum { GOLDIE, LEFTY, LONGER, SPEEDY };

typedef struct
{
  char *dir;
  char *first;
  char *second;
} Fixture;

/* lefty: picks the left side on 9 of 10, five tasks shown twice;
 * longer: always the longer of two, in code points (A is written in é,
 * two bytes each); speedy: three seconds a task; goldie: write tasks
 * with gold checks, pasted text and overridden warnings. */
static void
fixture_write (Fixture *f)
{
  g_autoptr(GString) one = g_string_new (NULL);
  g_autoptr(GString) two = g_string_new (NULL);
  g_autofree char *a20 = repeat ("x", 20), *b10 = repeat ("y", 10);
  g_autofree char *e40 = repeat ("é", 40), *e20 = repeat ("é", 20), *e10 = repeat ("é", 10);
  g_autofree char *y40 = repeat ("y", 40), *y20 = repeat ("y", 20), *y10 = repeat ("y", 10);
  const double lefty_seconds[] = { 20, 22, 24, 26, 28, 30, 32, 34, 36, 38 };
  const double longer_seconds[] = { 25, 27, 29, 31, 33, 35, 37, 39 };
  /* A / B lengths: 40/10 20/10 40/10 20/10 10/40 10/20 10/40 10/20 */
  const char *longer_a[] = { e40, e20, e40, e20, e10, e10, e10, e10 };
  const char *longer_b[] = { y10, y10, y10, y10, y40, y20, y40, y20 };
  const gboolean longer_swapped[] = { TRUE, TRUE, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE };

  f->dir = test_tmpdir ();
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("t%u", i % 5 + 1);
      gboolean swapped = i >= 5;
      /* Left: A unswapped, B swapped; but t5 swapped goes to the right. */
      const char *choice = !swapped ? "A" : i == 9 ? "A" : "B";
      Rec r = { id, "lefty", NULL, choice, swapped, a20, b10, lefty_seconds[i], "fine", NULL, 0, -1, NULL };

      append_record (one, &r);
    }
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("u%u", i + 1);
      Rec r = { id, "longer", NULL, i < 4 ? "A" : "B", longer_swapped[i], longer_a[i], longer_b[i],
                longer_seconds[i], "", NULL, 0, -1, NULL };

      append_record (i % 2 ? one : two, &r);
    }
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i + 1);
      Rec r = { id, "speedy", NULL, "A", FALSE, "same", "same", 3, "ok", NULL, 0, -1,
                i == 0 ? "too-fast" : NULL };

      append_record (two, &r);
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("g%u", i + 1);
      const char *checks = i == 0 ? "short-justification,-" : i == 1 ? "short-justification" :
                           i == 2 ? "too-fast" : NULL;
      /* 5 + 5 code points written on each, 5 pasted on half. */
      Rec r = { id, "goldie", NULL, NULL, FALSE, NULL, NULL, 60, "ééééé", "abcde", i < 5 ? 5 : 0,
                i < 8 ? 1 : 0, checks };

      append_record (two, &r);
    }
  {
    /* Not counted: a skipped record; and lefty's t1 again, which
     * replaces the first one read. */
    Rec skipped = { "g11", "goldie", "skipped", NULL, FALSE, NULL, NULL, 1, "ééééé", "abcde", 500, 0, "x" };
    Rec again = { "t1", "lefty", NULL, "A", FALSE, a20, b10, 20, "fine", NULL, 0, -1, NULL };

    append_record (two, &skipped);
    append_record (two, &again);
  }
  f->first = test_write_file (f->dir, "one.jsonl", one->str, -1);
  f->second = test_write_file (f->dir, "two.jsonl", two->str, -1);
}

static void
fixture_clear (Fixture *f)
{
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->first);
  g_free (f->second);
}

/* Everyone's ln seconds, as the fixture writes them. */
static GArray *
fixture_logs (void)
{
  GArray *logs = g_array_new (FALSE, FALSE, sizeof (double));
  const double seconds[] = { 20, 22, 24, 26, 28, 30, 32, 34, 36, 38,
                             25, 27, 29, 31, 33, 35, 37, 39,
                             3, 3, 3, 3, 3, 3,
                             60, 60, 60, 60, 60, 60, 60, 60, 60, 60 };

  for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
    {
      double l = log (seconds[i]);

      g_array_append_val (logs, l);
    }
  return logs;
}

static void
test_records (void)
{
  Fixture f;
  g_autoptr(RubricBias) bias = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_object) root = NULL;
  g_autoptr(GArray) logs = fixture_logs ();
  g_autofree char *json = NULL, *text = NULL;
  json_object *ann, *overrides;
  double lefty_logs[10];

  fixture_write (&f);
  {
    const char *paths[] = { f.first, f.second, NULL };

    bias = rubric_bias_from_files (paths, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (bias);
  json = rubric_bias_to_json (bias);
  root = json_tokener_parse (json);
  g_assert_nonnull (root);

  g_assert_cmpint ((int) get_number (root, "records"), ==, 34);
  assert_close (get_number (root, "median_seconds"), 32.5, 9);
  assert_close (get_number (root, "too_fast_seconds"), 32.5 / 4, 9);
  ann = test_get_object (root, "annotators");
  g_assert_cmpint (json_object_array_length (ann), ==, 4);
  g_assert_cmpstr (test_get_path (root, "annotators[0].annotator"), ==, "goldie");
  g_assert_cmpstr (test_get_path (root, "annotators[1].annotator"), ==, "lefty");
  g_assert_cmpstr (test_get_path (root, "annotators[2].annotator"), ==, "longer");
  g_assert_cmpstr (test_get_path (root, "annotators[3].annotator"), ==, "speedy");
  g_assert_cmpint (json_object_array_length (test_get_object (root, "warnings")), ==, 1);
  g_assert_nonnull (strstr (test_get_path (root, "warnings[0]"), "1 records"));

  /* lefty: 9 of 10 on the left; t1–t5 shown twice, t5 kept its choice. */
  g_assert_cmpint ((int) get_number (root, "annotators[1].n"), ==, 10);
  g_assert_cmpint ((int) get_number (root, "annotators[1].position.n"), ==, 10);
  assert_close (get_number (root, "annotators[1].position.left_wins"), 0.9, 9);
  assert_rel (get_number (root, "annotators[1].position.p"), 0.021484375, 1e-5);
  g_assert_cmpint ((int) get_number (root, "annotators[1].position.flip_pairs"), ==, 5);
  assert_close (get_number (root, "annotators[1].position.flip_rate"), 0.8, 9);
  /* A is always the longer (20 / 10): A chosen 6 times; no spread. */
  g_assert_cmpint ((int) get_number (root, "annotators[1].length.n"), ==, 10);
  assert_close (get_number (root, "annotators[1].length.longer_wins"), 0.6, 9);
  assert_null (root, "annotators[1].length.slope");
  assert_close (get_number (root, "annotators[1].speed.median_seconds"), 29, 9);
  assert_close (get_number (root, "annotators[1].speed.too_fast"), 0, 9);
  for (guint i = 0; i < 10; i++)
    lefty_logs[i] = log (20 + 2.0 * i);
  assert_close (get_number (root, "annotators[1].speed.robust_z"),
                rubric_robust_z (rubric_median (lefty_logs, 10), (double *) logs->data, logs->len), 5);
  assert_null (root, "annotators[1].gold.accuracy");
  assert_null (root, "annotators[1].gold.wilson_low");
  assert_close (get_number (root, "annotators[1].effort.pasted_share"), 0, 9);
  g_assert_cmpint (json_object_object_length (test_get_object (root, "annotators[1].overrides")), ==, 0);

  /* longer: always the longer, in code points; the sides balance. */
  g_assert_cmpint ((int) get_number (root, "annotators[2].position.n"), ==, 8);
  assert_close (get_number (root, "annotators[2].position.left_wins"), 0.5, 9);
  assert_close (get_number (root, "annotators[2].position.p"), 1, 9);
  g_assert_cmpint ((int) get_number (root, "annotators[2].position.flip_pairs"), ==, 0);
  assert_null (root, "annotators[2].position.flip_rate");
  assert_close (get_number (root, "annotators[2].length.longer_wins"), 1, 9);
  /* x = ±ln 4, ±ln 2 (twice each), y = x > 0: 6 ln 2 / (20 ln² 2). */
  assert_close (get_number (root, "annotators[2].length.slope"), 0.3 / G_LN2, 5);
  assert_null (root, "annotators[2].effort.pasted_share");

  /* speedy: 3 s, under a quarter of the median 32.5 s. */
  assert_close (get_number (root, "annotators[3].speed.median_seconds"), 3, 9);
  assert_close (get_number (root, "annotators[3].speed.too_fast"), 1, 9);
  g_assert_cmpfloat (get_number (root, "annotators[3].speed.robust_z"), <, -1);
  assert_close (get_number (root, "annotators[3].speed.robust_z"),
                rubric_robust_z (log (3), (double *) logs->data, logs->len), 5);
  assert_rel (get_number (root, "annotators[3].position.p"), 2.0 / 64, 1e-5);
  /* Equal lengths: no longer one, no slope. */
  g_assert_cmpint ((int) get_number (root, "annotators[3].length.n"), ==, 6);
  assert_null (root, "annotators[3].length.longer_wins");
  assert_null (root, "annotators[3].length.slope");
  g_assert_cmpint ((int) get_number (root, "annotators[3].overrides.too-fast"), ==, 1);

  /* goldie: 8 of 10 right; 25 pasted of 100 written; the skipped
   * record counts nowhere. */
  g_assert_cmpint ((int) get_number (root, "annotators[0].n"), ==, 10);
  g_assert_cmpint ((int) get_number (root, "annotators[0].position.n"), ==, 0);
  assert_null (root, "annotators[0].position.left_wins");
  assert_null (root, "annotators[0].position.p");
  assert_null (root, "annotators[0].position.flip_rate");
  assert_null (root, "annotators[0].length.longer_wins");
  assert_null (root, "annotators[0].length.slope");
  g_assert_cmpint ((int) get_number (root, "annotators[0].gold.n"), ==, 10);
  assert_close (get_number (root, "annotators[0].gold.accuracy"), 0.8, 9);
  assert_close (get_number (root, "annotators[0].gold.wilson_low"), 0.4902, 4);
  assert_close (get_number (root, "annotators[0].gold.wilson_high"), 0.9433, 4);
  assert_close (get_number (root, "annotators[0].effort.pasted_share"), 0.25, 9);
  g_assert_cmpfloat (get_number (root, "annotators[0].speed.robust_z"), >, 0);
  overrides = test_get_object (root, "annotators[0].overrides");
  g_assert_cmpint (json_object_object_length (overrides), ==, 3);
  g_assert_cmpint ((int) get_number (overrides, "short-justification"), ==, 2);
  g_assert_cmpint ((int) get_number (overrides, "too-fast"), ==, 1);
  g_assert_cmpint ((int) get_number (overrides, "(unnamed)"), ==, 1);

  /* Null, never 0, for no data. */
  g_assert_null (strstr (json, "\"accuracy\":0,"));
  text = rubric_bias_to_text (bias);
  g_assert_nonnull (strstr (text, "left side wins"));
  g_assert_nonnull (strstr (text, "speedy"));

  /* A threshold of the caller's. */
  {
    const char *paths[] = { f.first, f.second, NULL };
    g_autoptr(RubricBias) other = rubric_bias_from_files_full (paths, 21, &error);
    const RubricAnnotatorBias *lefty;

    g_assert_no_error (error);
    g_assert_cmpfloat (other->too_fast_seconds, ==, 21);
    lefty = g_ptr_array_index (other->annotators, LEFTY);
    g_assert_cmpstr (lefty->annotator, ==, "lefty");
    g_assert_cmpuint (lefty->speed.n_too_fast, ==, 1);
    assert_close (lefty->speed.too_fast, 0.1, 9);
  }
  fixture_clear (&f);
}

static void
test_records_errors (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *bad = test_write_file (dir, "bad.jsonl", "{\"x\":1}\n", -1);
  g_autofree char *junk = test_write_file (dir, "junk.jsonl", "[1]\n", -1);
  g_autofree char *empty = test_write_file (dir, "empty.jsonl", "\n", -1);
  const char *bad_paths[] = { bad, NULL };
  const char *junk_paths[] = { junk, NULL };
  const char *empty_paths[] = { empty, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricBias) bias = NULL;
  g_autofree char *json = NULL;

  g_assert_null (rubric_bias_from_files (bad_paths, &error));
  g_assert_nonnull (strstr (error->message, "no task_id"));
  g_clear_error (&error);
  g_assert_null (rubric_bias_from_files (junk_paths, &error));
  g_assert_nonnull (strstr (error->message, "not a JSON object"));
  g_clear_error (&error);

  bias = rubric_bias_from_files (empty_paths, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bias->annotators->len, ==, 0);
  g_assert_true (isnan (bias->median_seconds));
  json = rubric_bias_to_json (bias);
  g_assert_cmpstr (json, ==, "{\"records\":0,\"median_seconds\":null,\"too_fast_seconds\":null,"
                             "\"annotators\":[],\"categories\":{},\"warnings\":[]}");
  test_rm_rf (dir);
}

/* Red-team attempts and authored tasks, written as the records writer
 * writes them; one attempt names its kind only in its task. */
static const char *written_records =
  "{\"task_id\":\"rt1\",\"kind\":\"red-team\",\"annotator\":\"ann\",\"state\":\"submitted\","
  "\"turns\":[{\"prompt\":\"attack one\",\"reply\":\"pasted reply\",\"outcome\":\"complied\"}],"
  "\"success\":3,\"category\":\"Fraud\",\"description\":\"abc\"}\n"
  "{\"task_id\":\"rt2\",\"kind\":\"red-team\",\"annotator\":\"ann\",\"state\":\"submitted\","
  "\"success\":4,\"category\":\"Fraud\"}\n"
  "{\"task_id\":\"rt3\",\"annotator\":\"ann\",\"state\":\"submitted\",\"success\":0,"
  "\"category\":\"Misinformation\",\"task\":{\"id\":\"rt3\",\"kind\":\"red-team\",\"brief\":\"b\"}}\n"
  "{\"task_id\":\"rt4\",\"kind\":\"red-team\",\"annotator\":\"ann\",\"state\":\"submitted\"}\n"
  "{\"task_id\":\"rt5\",\"kind\":\"red-team\",\"annotator\":\"ann\",\"state\":\"skipped\",\"success\":4,"
  "\"category\":\"Fraud\"}\n"
  "{\"task_id\":\"au1\",\"kind\":\"author\",\"annotator\":\"ann\",\"state\":\"submitted\","
  "\"turns\":[{\"prompt\":\"one two three\",\"reply\":\"r\"},{\"prompt\":\"four five\",\"reply\":\"s\"}]}\n"
  "{\"task_id\":\"rt1\",\"kind\":\"red-team\",\"annotator\":\"bob\",\"state\":\"submitted\",\"success\":1,"
  "\"category\":\"Misinformation\"}\n"
  "{\"task_id\":\"c1\",\"kind\":\"compare\",\"annotator\":\"bob\",\"state\":\"submitted\",\"choice\":\"A\"}\n";

static void
test_red_team_and_author (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = test_write_file (dir, "records.jsonl", written_records, -1);
  const char *paths[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricBias) bias = rubric_bias_from_files (paths, &error);
  g_autoptr(json_object) root = NULL;
  g_autofree char *json = NULL, *text = NULL;
  RubricAnnotatorBias *ann, *bob;
  RubricBiasCount *count;

  g_assert_no_error (error);
  g_assert_cmpuint (bias->annotators->len, ==, 2);
  ann = g_ptr_array_index (bias->annotators, 0);
  bob = g_ptr_array_index (bias->annotators, 1);
  g_assert_cmpstr (ann->annotator, ==, "ann");
  /* The skipped attempt does not count; the one without a rating counts
   * in n and in its category only. */
  g_assert_cmpuint (ann->red_team.n, ==, 4);
  g_assert_cmpuint (ann->red_team.n_rated, ==, 3);
  g_assert_cmpuint (ann->red_team.n_successful, ==, 2);
  assert_close (ann->red_team.success_rate, 2.0 / 3, 9);
  assert_close (ann->red_team.mean_success, 7.0 / 3, 9);
  g_assert_cmpuint (ann->red_team.categories->len, ==, 3);
  count = g_ptr_array_index (ann->red_team.categories, 0);
  g_assert_cmpstr (count->name, ==, "Fraud");
  g_assert_cmpuint (count->n, ==, 2);
  count = g_ptr_array_index (ann->red_team.categories, 1);
  g_assert_cmpstr (count->name, ==, RUBRIC_BIAS_NO_CATEGORY);
  g_assert_cmpuint (count->n, ==, 1);
  g_assert_cmpuint (ann->author.n, ==, 1);
  g_assert_cmpuint (ann->author.n_turns, ==, 2);
  assert_close (ann->author.mean_prompt_words, 2.5, 9);
  /* The attack, the description and the authored turns are written
   * text; the model's pasted reply is not: 10 + 3 + 13 + 1 + 9 + 1. */
  g_assert_cmpuint (ann->effort.text_chars, ==, 37);

  g_assert_cmpuint (bob->red_team.n, ==, 1);
  g_assert_cmpuint (bob->red_team.n_successful, ==, 0);
  assert_close (bob->red_team.success_rate, 0.0, 9);
  g_assert_cmpuint (bob->author.n, ==, 0);
  g_assert_true (isnan (bob->author.mean_prompt_words));

  /* Everyone's attempts: Fraud 2, Misinformation 2, none 1. */
  g_assert_cmpuint (bias->categories->len, ==, 3);
  count = g_ptr_array_index (bias->categories, 1);
  g_assert_cmpstr (count->name, ==, "Misinformation");
  g_assert_cmpuint (count->n, ==, 2);

  json = rubric_bias_to_json (bias);
  root = json_tokener_parse (json);
  g_assert_nonnull (root);
  g_assert_cmpint ((int) get_number (root, "annotators[0].red_team.n"), ==, 4);
  g_assert_cmpint ((int) get_number (root, "annotators[0].red_team.categories.Fraud"), ==, 2);
  assert_close (get_number (root, "annotators[0].red_team.success_rate"), 2.0 / 3, 6);
  g_assert_cmpint ((int) get_number (root, "annotators[0].author.turns"), ==, 2);
  g_assert_null (test_get_object (root, "annotators[1].author.mean_prompt_words"));
  g_assert_cmpint ((int) get_number (root, "categories.Misinformation"), ==, 2);

  text = rubric_bias_to_text (bias);
  g_assert_nonnull (strstr (text, "red-team attempts by harm category: Fraud 2, Misinformation 2, (no category) 1"));
  g_assert_nonnull (strstr (text, "red-team attempts    4  (Fraud 2, (no category) 1, Misinformation 1)"));
  g_assert_nonnull (strstr (text, "success rate          66.7%  (2 of 3 rated 3 or more)"));
  g_assert_nonnull (strstr (text, "authored tasks       1  (2 turns; 2.5 words per prompt)"));
  test_rm_rf (dir);
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("RUBRIC_CLI");
  Fixture f;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("RUBRIC_CLI is not set or not built");
      return;
    }
  fixture_write (&f);
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { cli, "bias", f.first, f.second, "--json", NULL };
    g_autoptr(json_object) root = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    root = json_tokener_parse (out);
    g_assert_nonnull (root);
    g_assert_cmpstr (test_get_path (root, "annotators[1].annotator"), ==, "lefty");
    assert_close (get_number (root, "annotators[1].position.left_wins"), 0.9, 9);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { cli, "bias", f.first, f.second, "--too-fast", "21", NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "left side wins"));
    g_assert_nonnull (strstr (out, "under 21.0 s"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { cli, "bias", NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "records"));
  }
  fixture_clear (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bias/binomial", test_binomial);
  g_test_add_func ("/bias/wilson", test_wilson);
  g_test_add_func ("/bias/robust-z", test_robust_z);
  g_test_add_func ("/bias/records", test_records);
  g_test_add_func ("/bias/records-errors", test_records_errors);
  g_test_add_func ("/bias/red-team-and-author", test_red_team_and_author);
  g_test_add_func ("/bias/cli", test_cli);
  return g_test_run ();
}
