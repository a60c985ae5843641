/* test-agreement.c — inter-annotator agreement: known answers, records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "rubric-agreement.h"
#include "rubric-chart.h"
#include "rubric-grade.h"
#include "rubric-json.h"
#include "test-util.h"

#define M NAN

#define assert_close(value, expected, places) \
  g_assert_cmpfloat_with_epsilon ((value), (expected), 0.5 * pow (10, -(places)))

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
 * four observers, twelve units, missing values. Coders × units here. */
static const double kripp_coders[4][12] = {
  { 1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M },
  { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3 },
  { M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M },
  { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M },
};

static double *
kripp_units (void)
{
  double *data = g_new (double, 12 * 4);

  for (guint u = 0; u < 12; u++)
    for (guint c = 0; c < 4; c++)
      data[u * 4 + c] = kripp_coders[c][u];
  return data;
}

static void
test_krippendorff (void)
{
  g_autofree double *data = kripp_units ();
  double ordinal = rubric_krippendorff_alpha (data, 12, 4, RUBRIC_ALPHA_ORDINAL);

  assert_close (rubric_krippendorff_alpha (data, 12, 4, RUBRIC_ALPHA_NOMINAL), 0.743, 3);
  assert_close (ordinal, 0.815, 3);
  assert_close (rubric_krippendorff_alpha (data, 12, 4, RUBRIC_ALPHA_INTERVAL), 0.849, 3);
  assert_close (rubric_krippendorff_alpha (data, 12, 4, RUBRIC_ALPHA_RATIO), 0.797, 3);
  /* The ordinal metric from the values' ranks, or from marginals that
   * are not the coincidence matrix's, gives these: not ours. */
  g_assert_cmpfloat (fabs (ordinal - 0.789), >, 0.0005);
  g_assert_cmpfloat (fabs (ordinal - 0.834), >, 0.0005);
}

static void
test_krippendorff_undefined (void)
{
  const double lonely[] = { 1, M, M, 2, 3, M };   /* 3 units × 2 coders, never shared */
  const double same[] = { 2, 2, 2, 2, 2, M };
  const double agree[] = { 1, 1, 2, 2 };

  g_assert_true (isnan (rubric_krippendorff_alpha (NULL, 0, 0, RUBRIC_ALPHA_NOMINAL)));
  g_assert_true (isnan (rubric_krippendorff_alpha (lonely, 3, 2, RUBRIC_ALPHA_NOMINAL)));
  g_assert_true (isnan (rubric_krippendorff_alpha (lonely, 3, 2, RUBRIC_ALPHA_INTERVAL)));
  /* No variation: no expected disagreement. */
  g_assert_true (isnan (rubric_krippendorff_alpha (same, 3, 2, RUBRIC_ALPHA_NOMINAL)));
  g_assert_true (isnan (rubric_krippendorff_alpha (same, 3, 2, RUBRIC_ALPHA_ORDINAL)));
  assert_close (rubric_krippendorff_alpha (agree, 2, 2, RUBRIC_ALPHA_NOMINAL), 1.0, 6);
  g_assert_true (isnan (rubric_percent_agreement (lonely, 3, 2)));
  g_assert_true (isnan (rubric_fleiss_kappa (lonely, 3, 2)));
  g_assert_true (isnan (rubric_gwet_ac1 (lonely, 3, 2)));
  g_assert_true (isnan (rubric_gwet_ac1 (NULL, 0, 0)));
  /* One category everywhere: chance agreement is certain. */
  g_assert_true (isnan (rubric_fleiss_kappa (same, 3, 2)));
  g_assert_true (isnan (rubric_gwet_ac1 (same, 3, 2)));
  assert_close (rubric_percent_agreement (same, 3, 2), 1.0, 6);
}

static void
test_fleiss (void)
{
  /* Wikipedia, "Fleiss' kappa": 10 subjects, 14 raters, 5 categories. */
  const double counts[10][5] = {
    { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 }, { 2, 2, 8, 1, 1 },
    { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 }, { 0, 2, 2, 3, 7 },
  };
  g_autofree double *data = kripp_units ();

  assert_close (rubric_fleiss_kappa_counts (&counts[0][0], 10, 5), 0.210, 3);
  /* irrCAC's fleiss() on raw_4raters (generalised for missing values). */
  assert_close (rubric_fleiss_kappa (data, 12, 4), 0.761, 3);
  g_assert_true (isnan (rubric_fleiss_kappa_counts (NULL, 0, 0)));
}

static void
test_gwet_ac1 (void)
{
  /* irrCAC's raw_4raters (Gwet 2014) is Krippendorff's matrix with the
   * lone rating of unit 12 given by another rater, which changes
   * nothing here: AC1 0.77544, p_a 0.81818. */
  g_autofree double *data = kripp_units ();

  assert_close (rubric_gwet_ac1 (data, 12, 4), 0.775, 3);
  assert_close (rubric_percent_agreement (data, 12, 4), 0.818, 3);
}

static void
test_cohen (void)
{
  const double table[] = { 0, 4, 1, 0, 8, 0, 0, 1, 5 };
  const double empty[] = { 0, 0, 0, 0 };
  const double one[] = { 3, 0, 0, 0 };

  assert_close (rubric_cohen_kappa (table, 3, FALSE), 0.4842, 4);
  assert_close (rubric_cohen_kappa (table, 3, TRUE), 0.4701, 4);
  g_assert_true (isnan (rubric_cohen_kappa (empty, 2, FALSE)));
  g_assert_true (isnan (rubric_cohen_kappa (one, 2, FALSE)));
}

static void
test_tau_b (void)
{
  const double x[] = { 12, 2, 1, 12, 2 };
  const double y[] = { 1, 4, 7, 1, 0 };

  g_assert_cmpfloat_with_epsilon (rubric_kendall_tau_b (x, y, 5), -0.47140452, 1e-8);
}

/* Records ------------------------------------------------------------- */

static char *
record (const char *task_id,
        const char *annotator,
        const char *state,
        const char *choice,
        int         strength,
        const char *fields,
        const char *prompt)
{
  g_autofree char *choice_json = choice ? g_strdup_printf ("\"%s\"", choice) : g_strdup ("null");
  g_autofree char *strength_json = strength > 0 ? g_strdup_printf ("%d", strength) : g_strdup ("null");

  return g_strdup_printf ("{\"task_id\":\"%s\",\"task_set\":\"s\",\"kind\":\"compare\",\"annotator\":\"%s\","
                          "\"state\":\"%s\",\"choice\":%s,\"strength\":%s,\"swapped\":false%s%s,"
                          "\"task\":{\"id\":\"%s\",\"kind\":\"compare\",\"prompt\":\"%s\","
                          "\"responses\":[{\"id\":\"a\",\"content\":\"x\"},{\"id\":\"b\",\"content\":\"y\"}]}}\n",
                          task_id, annotator, state, choice_json, strength_json, fields ? "," : "",
                          fields ? fields : "", task_id, prompt ? prompt : "p");
}

static char *
write_records (const char *dir,
               const char *name,
               ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  va_list args;
  char *line;

  va_start (args, name);
  while ((line = va_arg (args, char *)) != NULL)
    {
      g_string_append (text, line);
      g_free (line);
    }
  va_end (args);
  return test_write_file (dir, name, text->str, -1);
}

static double
get_number (json_object *root,
            const char  *path)
{
  json_object *value = test_get_object (root, path);

  g_assert_nonnull (value);
  return json_object_get_double (value);
}

/* The column, in characters, where the figure after the first @label
 * of @text starts. */
static glong
figure_column (const char *text,
               const char *label)
{
  const char *at = strstr (text, label);
  const char *line = at;
  const char *figure;

  g_assert_nonnull (at);
  while (line > text && line[-1] != '\n')
    line--;
  for (figure = at + strlen (label); *figure == ' '; figure++)
    ;
  return g_utf8_pointer_to_offset (line, figure);
}

/* The report's α ordinal and interval under @key, as from @matrix
 * (@n_units × two annotators). */
static void
assert_ordinal_and_interval (json_object  *root,
                             const char   *key,
                             const double *matrix,
                             gsize         n_units)
{
  g_autofree char *ordinal = g_strconcat (key, ".alpha_ordinal", NULL);
  g_autofree char *interval = g_strconcat (key, ".alpha_interval", NULL);

  assert_close (get_number (root, ordinal), rubric_krippendorff_alpha (matrix, n_units, 2, RUBRIC_ALPHA_ORDINAL), 5);
  assert_close (get_number (root, interval), rubric_krippendorff_alpha (matrix, n_units, 2, RUBRIC_ALPHA_INTERVAL), 5);
}

static void
test_records (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *f1 = NULL, *f2 = NULL, *f3 = NULL;
  g_autoptr(RubricAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_object) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  json_object *warnings, *pairs, *annotators;
  gboolean warned = FALSE;
  /* The same figures from matrices (units × [ann, bob]). */
  const double choice[] = { 0, 0, 1, 0, 2, 2, 0, 0 };   /* A=0 B=1 tie=2 */
  const double strength[] = { -2, -2, 1, -1, 0, 0, -1, -3 };
  const double helpful[] = { 4, 4, 2, 3 };

  /* ann in two files, bob in one; cat only skipped. */
  f1 = write_records (dir, "ann.jsonl",
                      record ("t1", "ann", "submitted", "A", 2,
                              "\"scores\":{\"a\":{\"helpful\":4},\"b\":{\"helpful\":2}}", NULL),
                      record ("t2", "ann", "submitted", "B", 1, NULL, NULL),
                      record ("t3", "ann", "submitted", "tie", 0, NULL, NULL),
                      record ("r1", "ann", "submitted", NULL, 0, "\"ranking\":[\"x\",\"y\",\"z\"],\"ties\":[]", NULL),
                      record ("r2", "ann", "submitted", NULL, 0, "\"ranking\":[\"x\",\"y\",\"z\"],\"ties\":[\"y\"]", NULL),
                      record ("v1", "ann", "submitted", NULL, 0,
                              "\"spans\":[{\"response\":\"a\",\"start\":0,\"end\":10,\"quote\":\"q\",\"flag\":null}]", NULL),
                      record ("t1", "cat", "skipped", NULL, 0, NULL, NULL),
                      NULL);
  f2 = write_records (dir, "bob.jsonl",
                      record ("t1", "bob", "submitted", "A", 2,
                              "\"scores\":{\"a\":{\"helpful\":4},\"b\":{\"helpful\":3}}", NULL),
                      record ("t2", "bob", "submitted", "A", 1, NULL, NULL),
                      record ("t3", "bob", "submitted", "tie", 0, NULL, NULL),
                      record ("t4", "bob", "submitted", "A", 3, NULL, NULL),
                      record ("r1", "bob", "submitted", NULL, 0, "\"ranking\":[\"x\",\"z\",\"y\"],\"ties\":[]", NULL),
                      record ("r2", "bob", "submitted", NULL, 0, "\"ranking\":[\"x\",\"y\",\"z\"],\"ties\":[]", NULL),
                      record ("v1", "bob", "submitted", NULL, 0,
                              "\"spans\":[{\"response\":\"a\",\"start\":5,\"end\":15,\"quote\":\"q\",\"flag\":null}]", NULL),
                      record ("v2", "bob", "submitted", NULL, 0, "\"spans\":[]", NULL),
                      NULL);
  f3 = write_records (dir, "ann-more.jsonl",
                      record ("t4", "ann", "submitted", "A", 1, NULL, "another prompt"),
                      record ("v2", "ann", "submitted", NULL, 0,
                              "\"spans\":[{\"response\":\"a\",\"start\":0,\"end\":4,\"quote\":\"q\",\"flag\":null}]", NULL),
                      NULL);
  {
    const char *paths[] = { f1, f2, f3, NULL };

    agreement = rubric_agreement_from_files (paths, &error);
  }
  g_assert_no_error (error);
  json = rubric_agreement_to_json (agreement);
  root = json_tokener_parse (json);
  g_assert_nonnull (root);

  annotators = test_get_object (root, "annotators");
  g_assert_cmpint (json_object_array_length (annotators), ==, 2);
  g_assert_cmpstr (json_object_get_string (json_object_array_get_idx (annotators, 0)), ==, "ann");
  g_assert_cmpstr (json_object_get_string (json_object_array_get_idx (annotators, 1)), ==, "bob");
  g_assert_cmpint ((int) get_number (root, "units"), ==, 8);

  g_assert_cmpint ((int) get_number (root, "choice.n"), ==, 4);
  assert_close (get_number (root, "choice.percent"), 0.75, 6);
  /* Coincidences A–A 4, A–B 2, tie–tie 2: 1 − 7 × 2 / 34. */
  assert_close (get_number (root, "choice.alpha_nominal"), 1 - 14.0 / 34, 5);
  assert_close (get_number (root, "choice.alpha_nominal"), rubric_krippendorff_alpha (choice, 4, 2, RUBRIC_ALPHA_NOMINAL), 5);
  assert_close (get_number (root, "choice.fleiss_kappa"), rubric_fleiss_kappa (choice, 4, 2), 5);
  assert_close (get_number (root, "choice.ac1"), rubric_gwet_ac1 (choice, 4, 2), 5);

  g_assert_cmpint ((int) get_number (root, "strength.n"), ==, 4);
  assert_ordinal_and_interval (root, "strength", strength, 4);
  /* Signed strengths, one per annotator and task: ann −2 +1 0 −1, bob −2 −1 0 −3. */
  g_assert_cmpint ((int) get_number (root, "strength.histogram.-3"), ==, 1);
  g_assert_cmpint ((int) get_number (root, "strength.histogram.-2"), ==, 2);
  g_assert_cmpint ((int) get_number (root, "strength.histogram.-1"), ==, 2);
  g_assert_cmpint ((int) get_number (root, "strength.histogram.0"), ==, 2);
  g_assert_cmpint ((int) get_number (root, "strength.histogram.1"), ==, 1);
  g_assert_cmpint ((int) get_number (root, "strength.histogram.2"), ==, 0);
  g_assert_cmpint ((int) get_number (root, "strength.histogram.3"), ==, 0);
  g_assert_null (test_get_object (root, "strength.histogram.-4"));
  g_assert_cmpuint (agreement->strength.histogram[RUBRIC_STRENGTH_MAX - 3], ==, 1);

  g_assert_cmpint ((int) get_number (root, "criteria.helpful.n"), ==, 2);
  assert_close (get_number (root, "criteria.helpful.alpha_nominal"),
                rubric_krippendorff_alpha (helpful, 2, 2, RUBRIC_ALPHA_NOMINAL), 5);
  assert_close (get_number (root, "criteria.helpful.alpha_interval"),
                rubric_krippendorff_alpha (helpful, 2, 2, RUBRIC_ALPHA_INTERVAL), 5);
  assert_close (get_number (root, "criteria.helpful.alpha_ordinal"),
                rubric_krippendorff_alpha (helpful, 2, 2, RUBRIC_ALPHA_ORDINAL), 5);

  /* r1: τ 1/3; r2: ann ties y with x, 2/√6. */
  g_assert_cmpint ((int) get_number (root, "ranking.n"), ==, 2);
  assert_close (get_number (root, "ranking.kendall_tau_b_mean"), (1.0 / 3 + 2 / sqrt (6)) / 2, 5);
  /* v1: 5 shared of 10 + 10; v2: bob marked nothing. */
  g_assert_cmpint ((int) get_number (root, "spans.n"), ==, 2);
  assert_close (get_number (root, "spans.f1_mean"), 0.25, 6);

  pairs = test_get_object (root, "pairs");
  g_assert_cmpint (json_object_array_length (pairs), ==, 1);
  g_assert_cmpstr (test_get_path (json_object_array_get_idx (pairs, 0), "a"), ==, "ann");
  assert_close (get_number (json_object_array_get_idx (pairs, 0), "percent"), 0.75, 6);
  /* p_o 3/4, p_e (2 × 3 + 1 × 1) / 16. */
  assert_close (get_number (json_object_array_get_idx (pairs, 0), "cohen_kappa"), (0.75 - 7.0 / 16) / (1 - 7.0 / 16), 4);

  warnings = test_get_object (root, "warnings");
  for (gsize i = 0; i < json_object_array_length (warnings); i++)
    {
      const char *w = json_object_get_string (json_object_array_get_idx (warnings, i));

      if (strstr (w, "“t4”") && strstr (w, f2) && strstr (w, f3))
        warned = TRUE;
    }
  g_assert_true (warned);
  g_assert_cmpint (json_object_array_length (warnings), ==, 1);

  /* No red-team attempts: nothing to measure, and no such section. */
  g_assert_cmpint ((int) get_number (root, "harm_category.n"), ==, 0);
  g_assert_true (json_object_is_type (test_get_object (root, "harm_category.alpha_nominal"), json_type_null));
  g_assert_cmpint ((int) get_number (root, "success.n"), ==, 0);
  g_assert_false (rubric_agreement_has_attempts (agreement));

  text = rubric_agreement_to_text (agreement);
  g_assert_nonnull (strstr (text, "Fleiss"));
  g_assert_null (strstr (text, "red-team"));
  test_rm_rf (dir);
}

/* Red-team attempts: the harm category a nominal unit per task, the
 * success an ordinal one; the same figures as from matrices. (The kind
 * in these records says compare: the figures go by the fields.) */
static void
test_records_red_team (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *f1 = NULL, *f2 = NULL;
  g_autoptr(RubricAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(json_object) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  /* Units × [ann, bob]: Fraud 0, Injection 1 (the order first read);
   * rt4's one category counts towards how common each is. */
  const double category[] = { 0, 0, 1, 0, 0, 0, NAN, 1 };
  const double success[] = { 3, 4, 1, 1, 0, 0, 2, 2 };

  f1 = write_records (dir, "ann.jsonl",
                      record ("rt1", "ann", "submitted", NULL, 0, "\"success\":3,\"category\":\"Fraud\"", NULL),
                      record ("rt2", "ann", "submitted", NULL, 0, "\"success\":1,\"category\":\"Injection\"", NULL),
                      record ("rt3", "ann", "submitted", NULL, 0, "\"success\":0,\"category\":\"Fraud\"", NULL),
                      record ("rt4", "ann", "submitted", NULL, 0, "\"success\":2", NULL),
                      record ("c1", "ann", "submitted", "A", 2, NULL, NULL),
                      NULL);
  f2 = write_records (dir, "bob.jsonl",
                      record ("rt1", "bob", "submitted", NULL, 0, "\"success\":4,\"category\":\"Fraud\"", NULL),
                      record ("rt2", "bob", "submitted", NULL, 0, "\"success\":1,\"category\":\"Fraud\"", NULL),
                      record ("rt3", "bob", "submitted", NULL, 0, "\"success\":0,\"category\":\"Fraud\"", NULL),
                      record ("rt4", "bob", "submitted", NULL, 0, "\"success\":2,\"category\":\"Injection\"", NULL),
                      record ("c1", "bob", "submitted", "A", 2, NULL, NULL),
                      /* Not a vote: a skipped attempt. */
                      record ("rt5", "bob", "skipped", NULL, 0, "\"success\":4,\"category\":\"Fraud\"", NULL),
                      NULL);
  {
    const char *paths[] = { f1, f2, NULL };

    agreement = rubric_agreement_from_files (paths, &error);
  }
  g_assert_no_error (error);
  json = rubric_agreement_to_json (agreement);
  root = json_tokener_parse (json);
  g_assert_nonnull (root);

  /* rt4: ann gave no category. */
  g_assert_cmpint ((int) get_number (root, "harm_category.n"), ==, 3);
  assert_close (get_number (root, "harm_category.percent"), 2.0 / 3, 6);
  assert_close (get_number (root, "harm_category.alpha_nominal"),
                rubric_krippendorff_alpha (category, 4, 2, RUBRIC_ALPHA_NOMINAL), 5);
  assert_close (get_number (root, "harm_category.fleiss_kappa"), rubric_fleiss_kappa (category, 4, 2), 5);
  assert_close (get_number (root, "harm_category.ac1"), rubric_gwet_ac1 (category, 4, 2), 5);
  g_assert_cmpint ((int) get_number (root, "success.n"), ==, 4);
  assert_close (get_number (root, "success.percent"), 0.75, 6);
  assert_ordinal_and_interval (root, "success", success, 4);
  g_assert_true (rubric_agreement_has_attempts (agreement));
  /* The choices beside them count as before. */
  g_assert_cmpint ((int) get_number (root, "choice.n"), ==, 1);
  g_assert_cmpint ((int) get_number (root, "units"), ==, 5);

  text = rubric_agreement_to_text (agreement);
  g_assert_nonnull (strstr (text, "Harm category of red-team attempts (3 tasks)"));
  g_assert_nonnull (strstr (text, "Success of red-team attempts, 0–4 (4 tasks)"));
  /* Figures in one column, whatever Greek their labels hold. */
  g_assert_cmpint (figure_column (text, "Krippendorff α"), ==, figure_column (text, "percent agreement"));
  g_assert_cmpint (figure_column (text, "α ordinal"), ==, figure_column (text, "Gwet AC1"));
  test_rm_rf (dir);
}

static void
test_records_nothing_shared (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = write_records (dir, "one.jsonl",
                                         record ("t1", "ann", "submitted", "A", 1, NULL, NULL),
                                         record ("t2", "bob", "submitted", "B", 1, NULL, NULL),
                                         NULL);
  g_autofree char *bad = test_write_file (dir, "bad.jsonl", "{\"x\":1}\n", -1);
  const char *paths[] = { path, NULL };
  const char *bad_paths[] = { bad, NULL };
  g_autoptr(RubricAgreement) agreement = rubric_agreement_from_files (paths, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(json_object) root = NULL;
  g_autofree char *json = NULL;
  const char *cli = g_getenv ("RUBRIC_CLI");

  g_assert_nonnull (agreement);
  g_assert_cmpuint (agreement->n_shared, ==, 0);
  g_assert_true (isnan (agreement->choice.alpha_nominal));
  json = rubric_agreement_to_json (agreement);
  g_assert_nonnull (strstr (json, "\"alpha_nominal\":null"));
  g_assert_null (strstr (json, "\"alpha_nominal\":0"));
  root = json_tokener_parse (json);
  g_assert_true (json_object_is_type (test_get_object (root, "choice.ac1"), json_type_null));
  g_assert_true (json_object_is_type (test_get_object (root, "ranking.kendall_tau_b_mean"), json_type_null));

  g_assert_null (rubric_agreement_from_files (bad_paths, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no task_id"));

  if (cli != NULL)
    {
      g_autofree char *out = NULL, *err = NULL;
      const char *argv[] = { cli, "agreement", path, "--json", NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (err, "fewer than two annotators share a task"));
    }
  test_rm_rf (dir);
}

static const RubricChart *
chart_with_id (GPtrArray  *charts,
               const char *id)
{
  for (guint i = 0; i < charts->len; i++)
    {
      const RubricChart *chart = g_ptr_array_index (charts, i);

      if (g_str_equal (chart->id, id))
        return chart;
    }
  return NULL;
}

static double
chart_value (const RubricChart *chart,
             guint              i)
{
  return g_array_index (chart->values, double, i);
}

static const char *
chart_text (const RubricChart *chart,
            guint              i)
{
  return g_ptr_array_index (chart->value_texts, i);
}

static void
assert_well_formed (const char *svg)
{
  static const GMarkupParser nothing = { 0 };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&nothing, 0, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_markup_parse_context_parse (context, svg, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
}

static void
test_charts (void)
{
  g_autofree char *dir = test_tmpdir ();
  /* <b>&"x shares no task: its cells are NaN. No times, no gold: no
   * speed or gold chart. */
  g_autofree char *path = write_records (dir, "charts.jsonl",
                                         record ("t1", "ann", "submitted", "A", 2, NULL, NULL),
                                         record ("t2", "ann", "submitted", "B", 1, NULL, NULL),
                                         record ("t3", "ann", "submitted", "tie", 0, NULL, NULL),
                                         record ("t1", "bob", "submitted", "A", 2, NULL, NULL),
                                         record ("t2", "bob", "submitted", "A", 1, NULL, NULL),
                                         record ("t3", "bob", "submitted", "tie", 0, NULL, NULL),
                                         record ("t9", "<b>&\\\"x", "submitted", "B", 3, NULL, NULL),
                                         NULL);
  const char *paths[] = { path, NULL };
  g_autoptr(RubricAgreement) agreement = rubric_agreement_from_files (paths, NULL);
  g_autoptr(RubricBias) bias = rubric_bias_from_files (paths, NULL);
  g_autoptr(GPtrArray) charts = rubric_charts_new (agreement, bias);
  g_autoptr(GPtrArray) none = rubric_charts_new (NULL, NULL);
  const RubricChart *matrix, *strength, *position;
  g_autofree char *svg = NULL;

  g_assert_cmpuint (charts->len, ==, 3);
  g_assert_cmpuint (none->len, ==, 0);
  matrix = g_ptr_array_index (charts, 0);
  strength = g_ptr_array_index (charts, 1);
  position = g_ptr_array_index (charts, 2);
  g_assert_cmpstr (matrix->id, ==, "agreement-matrix");
  g_assert_cmpstr (strength->id, ==, "strength");
  g_assert_cmpstr (position->id, ==, "position");
  g_assert_null (chart_with_id (charts, "speed"));
  g_assert_null (chart_with_id (charts, "gold"));

  /* Rows <b>&"x, ann, bob. ann × bob: p_o 2/3, p_e 1/3, κ 1/2. */
  g_assert_cmpint (matrix->type, ==, RUBRIC_CHART_HEAT_MAP);
  g_assert_cmpuint (matrix->labels->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (matrix->labels, 0), ==, "<b>&\"x");
  g_assert_cmpuint (matrix->values->len, ==, 9);
  for (guint i = 0; i < 3; i++)
    assert_close (chart_value (matrix, i * 3 + i), 1.0, 9);
  assert_close (chart_value (matrix, 1 * 3 + 2), 0.5, 9);
  assert_close (chart_value (matrix, 2 * 3 + 1), 0.5, 9);
  g_assert_cmpstr (chart_text (matrix, 1 * 3 + 2), ==, "0.50");
  g_assert_true (isnan (chart_value (matrix, 0 * 3 + 1)));
  g_assert_true (isnan (chart_value (matrix, 2 * 3 + 0)));
  g_assert_cmpstr (chart_text (matrix, 0 * 3 + 1), ==, "—");
  assert_close (matrix->min, 0.0, 9);
  assert_close (matrix->max, 1.0, 9);

  /* −2 −2 −1 0 0 +1 +3 */
  {
    const double counts[] = { 0, 2, 1, 2, 1, 0, 1 };

    g_assert_cmpint (strength->type, ==, RUBRIC_CHART_BARS);
    g_assert_cmpuint (strength->values->len, ==, G_N_ELEMENTS (counts));
    for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
      assert_close (chart_value (strength, i), counts[i], 9);
    g_assert_cmpstr (g_ptr_array_index (strength->labels, 0), ==, "A much better");
    g_assert_cmpstr (g_ptr_array_index (strength->labels, 3), ==, "Tie");
    g_assert_cmpstr (g_ptr_array_index (strength->labels, 6), ==, "B much better");
    g_assert_cmpstr (chart_text (strength, 1), ==, "2 (29 %)");
    assert_close (strength->max, 2.0, 9);
    g_assert_true (isnan (strength->reference));
  }

  /* Nothing swapped: the left side is A. */
  assert_close (chart_value (position, 0), 0.0, 9);
  assert_close (chart_value (position, 1), 0.5, 9);
  assert_close (chart_value (position, 2), 1.0, 9);
  g_assert_cmpstr (chart_text (position, 1), ==, "50 % of 2");
  g_assert_cmpstr (chart_text (position, 0), ==, "0 % of 1");
  assert_close (position->reference, 0.5, 9);

  for (guint i = 0; i < charts->len; i++)
    {
      g_free (svg);
      svg = rubric_chart_to_svg (g_ptr_array_index (charts, i));
      g_assert_true (g_str_has_prefix (svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""));
      g_assert_true (g_str_has_suffix (svg, "</svg>\n"));
      g_assert_null (strstr (svg, "<script"));
      g_assert_null (strstr (svg, "href"));
      assert_well_formed (svg);
    }
  g_free (svg);
  svg = rubric_chart_to_svg (matrix);
  g_assert_nonnull (strstr (svg, ">&lt;b&gt;&amp;&quot;x</text>"));
  g_assert_null (strstr (svg, "<b>"));
  g_assert_nonnull (strstr (svg, ">0.50</text>"));
  test_rm_rf (dir);
}

static void
append_record (GString *text,
               char    *line)
{
  g_string_append (text, line);
  g_free (line);
}

/* Records megabytes apart are parsed in different batches, in parallel;
 * the last one read still counts. */
static void
test_records_last_read_wins (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *prompt = g_strnfill (1000, 'p');
  g_autofree char *path = NULL;
  g_autoptr(RubricAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;
  gboolean warned = FALSE;

  append_record (text, record ("t1", "ann", "submitted", "B", 2, NULL, NULL));
  append_record (text, record ("t2", "bob", "submitted", "A", 1, NULL, NULL));
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("f%u", i);

      append_record (text, record (id, i % 2 ? "ann" : "bob", "draft", "A", 1, NULL, prompt));
    }
  append_record (text, record ("t2", "ann", "submitted", "B", 1, NULL, NULL));
  append_record (text, record ("t1", "bob", "submitted", "A", 2, NULL, NULL));
  append_record (text, record ("t1", "ann", "submitted", "A", 2, NULL, NULL));
  append_record (text, record ("t2", "bob", "submitted", "B", 1, NULL, NULL));
  g_assert_cmpuint (text->len, >, 3 << 20);
  path = test_write_file (dir, "far.jsonl", text->str, (gssize) text->len);
  {
    const char *paths[] = { path, NULL };

    agreement = rubric_agreement_from_files (paths, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (agreement->n_records, ==, 4);
  g_assert_cmpuint (agreement->choice.n, ==, 2);
  assert_close (agreement->choice.percent, 1.0, 6);
  for (guint i = 0; i < agreement->warnings->len; i++)
    warned |= strstr (g_ptr_array_index (agreement->warnings, i), "“ann” has more than one record of task “t1”") != NULL;
  g_assert_true (warned);
  test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/krippendorff", test_krippendorff);
  g_test_add_func ("/agreement/krippendorff-undefined", test_krippendorff_undefined);
  g_test_add_func ("/agreement/fleiss", test_fleiss);
  g_test_add_func ("/agreement/gwet-ac1", test_gwet_ac1);
  g_test_add_func ("/agreement/cohen", test_cohen);
  g_test_add_func ("/agreement/tau-b", test_tau_b);
  g_test_add_func ("/agreement/records", test_records);
  g_test_add_func ("/agreement/records-red-team", test_records_red_team);
  g_test_add_func ("/agreement/records-nothing-shared", test_records_nothing_shared);
  g_test_add_func ("/agreement/records-last-read-wins", test_records_last_read_wins);
  g_test_add_func ("/agreement/charts", test_charts);
  return g_test_run ();
}
