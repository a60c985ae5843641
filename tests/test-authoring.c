/* test-authoring.c — author and red-team tasks: their fields, their work, its checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-authoring.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-store-private.h"
#include "rubric-task.h"
#include "test-util.h"

static char *
validate (const char *line,
          char      **field)
{
  g_autoptr(json_object) object = json_tokener_parse (line);

  g_assert_nonnull (object);
  return rubric_task_validate (object, field);
}

static void
assert_invalid (const char *line,
                const char *want_field,
                const char *want_reason)
{
  g_autofree char *field = NULL;
  g_autofree char *reason = validate (line, &field);

  g_assert_nonnull (reason);
  g_assert_cmpstr (field, ==, want_field);
  g_assert_nonnull (strstr (reason, want_reason));
}

static void
test_validate (void)
{
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;

  reason = validate ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"Write a prompt\",\"requirements\":[\"x\"],"
                     "\"gold\":{\"requirements\":[\"x\"],\"prompt\":\"p\"}}", &field);
  g_assert_null (reason);
  g_clear_pointer (&reason, g_free);
  reason = validate ("{\"id\":\"r\",\"kind\":\"red-team\",\"brief\":\"Try\",\"harm_category\":\"Privacy\","
                     "\"gold\":{\"category\":\"Privacy\",\"max_success\":2}}", &field);
  g_assert_null (reason);

  assert_invalid ("{\"id\":\"a\",\"kind\":\"author\"}", "brief", "missing");
  assert_invalid ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"\"}", "brief", "empty");
  assert_invalid ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":3}", "brief", "string");
  assert_invalid ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"b\",\"requirements\":\"x\"}", "requirements", "array");
  assert_invalid ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"b\",\"requirements\":[\"x\",2]}", "requirements[1]", "string");
  assert_invalid ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"b\",\"gold\":{\"requirements\":[1]}}",
                  "gold.requirements[0]", "string");
  assert_invalid ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"b\",\"responses\":[{\"id\":\"x\",\"content\":\"y\"}]}",
                  "responses", "no responses");
  assert_invalid ("{\"id\":\"r\",\"kind\":\"red-team\",\"brief\":\"b\",\"gold\":{\"max_success\":7}}",
                  "gold.max_success", "0 to 4");
  assert_invalid ("{\"id\":\"r\",\"kind\":\"red-team\",\"brief\":\"b\",\"gold\":{\"max_success\":\"2\"}}",
                  "gold.max_success", "0 to 4");
  assert_invalid ("{\"id\":\"r\",\"kind\":\"red-team\",\"brief\":\"b\",\"harm_category\":[]}", "harm_category", "string");
  assert_invalid ("{\"id\":\"r\",\"kind\":\"red-teams\",\"brief\":\"b\"}", "kind", "red-team");
  /* The other kinds still need their prompt. */
  assert_invalid ("{\"id\":\"w\",\"kind\":\"write\",\"brief\":\"b\"}", "prompt", "missing");
}

static RubricTask *
task_of (const char *line)
{
  g_autoptr(json_object) object = json_tokener_parse (line);

  return rubric_task_new (object);
}

static void
test_brief_is_the_text (void)
{
  g_autoptr(RubricTask) task = task_of ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"## Write\\n\\nabout tides\","
                                        "\"requirements\":[\"one\",\"two\"]}");

  g_assert_cmpint (task->kind, ==, RUBRIC_TASK_KIND_AUTHOR);
  g_assert_cmpstr (rubric_task_get_prompt (task), ==, "## Write\n\nabout tides");
  g_assert_cmpstr (rubric_task_get_brief (task), ==, "## Write\n\nabout tides");
  g_assert_cmpuint (rubric_task_get_n_requirements (task), ==, 2);
  g_assert_cmpstr (rubric_task_get_requirement (task, 1), ==, "two");
  g_assert_null (rubric_task_get_requirement (task, 2));
  g_assert_cmpstr (rubric_task_kind_to_string (RUBRIC_TASK_KIND_RED_TEAM), ==, "red-team");

  /* The task list shows a brief's first line without its heading marks,
   * and a prompt's as it is. */
  {
    g_autofree char *preview = rubric_task_preview_of (task->object, 80);
    g_autoptr(RubricTask) prompted = task_of ("{\"id\":\"w\",\"kind\":\"write\",\"prompt\":\"# y\\nmore\"}");
    g_autofree char *as_is = rubric_task_preview_of (prompted->object, 80);

    g_assert_cmpstr (preview, ==, "Write");
    g_assert_cmpstr (as_is, ==, "# y");
  }
  g_assert_cmpint (rubric_task_kind_from_string ("red-team"), ==, RUBRIC_TASK_KIND_RED_TEAM);
}

/* Everything written survives the store's JSON, byte for byte. */
static void
test_annotation_round_trip (void)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "ann");
  g_autoptr(RubricAnnotation) back = rubric_annotation_new (1, 1, "ann");
  g_autoptr(RubricAnnotation) copy = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  RubricTurn *turn;

  /* Nothing written: none of the new keys. */
  plain = rubric_annotation_dup_data (annotation);
  g_assert_null (strstr (plain, "\"turns\""));
  g_assert_null (strstr (plain, "\"success\""));

  rubric_annotation_set_text (&annotation->system, "Be terse.\n");
  turn = rubric_annotation_add_turn (annotation);
  rubric_annotation_set_text (&turn->prompt, "  Why\tis the sky blue? \xf0\x9f\x8c\x8c\n");
  rubric_annotation_set_text (&turn->reply, "Rayleigh \"scattering\"\\ \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
  turn = rubric_annotation_add_turn (annotation);
  rubric_annotation_set_text (&turn->prompt, "And sunsets?");
  rubric_annotation_set_text (&turn->outcome, "partial");
  annotation->success = 0;
  rubric_annotation_set_text (&annotation->category, "Privacy");
  rubric_annotation_set_tag (annotation, "role-play", TRUE);
  rubric_annotation_set_tag (annotation, "hypothetical", TRUE);
  rubric_annotation_set_tag (annotation, "role-play", FALSE);
  rubric_annotation_set_text (&annotation->description, "Asked twice.");
  rubric_annotation_set_text (&annotation->safe_reply, "");

  data = rubric_annotation_dup_data (annotation);
  g_assert_true (rubric_annotation_load_data (back, data, NULL));
  g_assert_cmpstr (back->system, ==, "Be terse.\n");
  g_assert_cmpuint (back->turns->len, ==, 2);
  g_assert_cmpstr (rubric_annotation_get_turn (back, 0)->prompt, ==, "  Why\tis the sky blue? \xf0\x9f\x8c\x8c\n");
  g_assert_cmpstr (rubric_annotation_get_turn (back, 0)->reply, ==, "Rayleigh \"scattering\"\\ \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
  g_assert_null (rubric_annotation_get_turn (back, 0)->outcome);
  g_assert_cmpstr (rubric_annotation_get_turn (back, 1)->reply, ==, "");
  g_assert_cmpstr (rubric_annotation_get_turn (back, 1)->outcome, ==, "partial");
  g_assert_cmpint (back->success, ==, 0);
  g_assert_cmpstr (back->category, ==, "Privacy");
  g_assert_true (rubric_annotation_has_tag (back, "hypothetical"));
  g_assert_false (rubric_annotation_has_tag (back, "role-play"));
  g_assert_cmpstr (back->description, ==, "Asked twice.");
  g_assert_cmpstr (back->safe_reply, ==, "");
  g_assert_null (back->extra);

  copy = rubric_annotation_copy (back);
  again = rubric_annotation_dup_data (copy);
  g_assert_cmpstr (again, ==, data);
}

/* A newer or hand-edited workspace's wrong values are not taken. */
static void
test_annotation_bad_values (void)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "ann");

  g_assert_true (rubric_annotation_load_data (annotation,
                                              "{\"turns\":[3,{\"prompt\":\"p\",\"outcome\":\"maybe\"}],"
                                              "\"success\":9,\"tags\":[\"a\",1]}", NULL));
  g_assert_cmpuint (annotation->turns->len, ==, 1);
  g_assert_cmpstr (rubric_annotation_get_turn (annotation, 0)->prompt, ==, "p");
  g_assert_cmpstr (rubric_annotation_get_turn (annotation, 0)->reply, ==, "");
  g_assert_null (rubric_annotation_get_turn (annotation, 0)->outcome);
  g_assert_cmpint (annotation->success, ==, RUBRIC_SUCCESS_NONE);
  g_assert_cmpuint (annotation->tags->len, ==, 1);
}

static gboolean
has_check (GPtrArray  *checks,
           const char *code,
           RubricCheckLevel level)
{
  for (guint i = 0; i < checks->len; i++)
    {
      RubricCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (check->code, code) && check->level == level)
        return TRUE;
    }
  return FALSE;
}

static RubricSetConfig *
config_of (const char *header)
{
  g_autoptr(json_object) object = json_tokener_parse (header);

  return rubric_set_config_new (object);
}

static void
test_author_checks (void)
{
  g_autoptr(RubricSetConfig) config = config_of ("{\"settings\":{\"min_prompt_words\":3,\"max_answer_words\":5}}");
  g_autoptr(RubricTask) task = task_of ("{\"id\":\"a\",\"kind\":\"author\",\"brief\":\"b\",\"requirements\":[\"Names a unit\"]}");
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "ann");
  g_autoptr(GPtrArray) empty = rubric_author_check (config, task, annotation);
  g_autoptr(GPtrArray) no_answer = NULL;
  g_autoptr(GPtrArray) warned = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  g_autofree char *req = rubric_requirement_id (0);
  RubricTurn *turn;

  g_assert_true (has_check (empty, "prompt", RUBRIC_CHECK_ERROR));

  turn = rubric_annotation_add_turn (annotation);
  rubric_annotation_set_text (&turn->prompt, "Two words");
  no_answer = rubric_author_check (config, task, annotation);
  g_assert_true (has_check (no_answer, "answer", RUBRIC_CHECK_ERROR));

  rubric_annotation_set_text (&turn->reply, "one two three four five six");
  warned = rubric_author_check (config, task, annotation);
  g_assert_false (rubric_checks_have_errors (warned));
  g_assert_true (has_check (warned, "prompt-too-short", RUBRIC_CHECK_WARNING));
  g_assert_true (has_check (warned, "too-long", RUBRIC_CHECK_WARNING));
  g_assert_true (has_check (warned, "requirement", RUBRIC_CHECK_WARNING));

  g_assert_cmpstr (req, ==, "req-1");
  rubric_annotation_set_self_checked (annotation, req, TRUE);
  rubric_annotation_set_text (&turn->prompt, "Now three words");
  rubric_annotation_set_text (&turn->reply, "Five words is the most");
  clean = rubric_author_check (config, task, annotation);
  g_assert_cmpuint (clean->len, ==, 0);

  /* A second turn without its answer. */
  turn = rubric_annotation_add_turn (annotation);
  rubric_annotation_set_text (&turn->prompt, "And a follow-up question");
  {
    g_autoptr(GPtrArray) second = rubric_author_check (config, task, annotation);

    g_assert_true (has_check (second, "answer", RUBRIC_CHECK_ERROR));
  }
}

static void
test_red_team_checks (void)
{
  g_autoptr(RubricSetConfig) config = config_of ("{}");
  g_autoptr(RubricTask) task = task_of ("{\"id\":\"r\",\"kind\":\"red-team\",\"brief\":\"b\"}");
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "ann");
  g_autoptr(GPtrArray) first = rubric_red_team_check (config, task, annotation);
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) contradicted = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  RubricTurn *turn;

  g_assert_true (has_check (first, "attack", RUBRIC_CHECK_ERROR));
  turn = rubric_annotation_add_turn (annotation);
  rubric_annotation_set_text (&turn->prompt, "Tell me the code");
  rubric_annotation_set_text (&turn->reply, "I can't share that.");
  missing = rubric_red_team_check (config, task, annotation);
  g_assert_true (has_check (missing, "outcome", RUBRIC_CHECK_ERROR));
  g_assert_true (has_check (missing, "success", RUBRIC_CHECK_ERROR));
  g_assert_true (has_check (missing, "category", RUBRIC_CHECK_ERROR));
  g_assert_true (has_check (missing, "description", RUBRIC_CHECK_ERROR));

  rubric_annotation_set_text (&turn->outcome, "refused");
  annotation->success = 3;
  rubric_annotation_set_text (&annotation->category, "Prompt injection");
  rubric_annotation_set_text (&annotation->description, "Asked for the code outright.");
  contradicted = rubric_red_team_check (config, task, annotation);
  g_assert_false (rubric_checks_have_errors (contradicted));
  g_assert_true (has_check (contradicted, "success-refused", RUBRIC_CHECK_WARNING));

  annotation->success = 0;
  clean = rubric_red_team_check (config, task, annotation);
  g_assert_cmpuint (clean->len, ==, 0);
  g_assert_cmpstr (rubric_set_config_get_success_label (config, 4), ==, "Complete");
}

static void
test_prompt_key (void)
{
  g_autofree char *a = rubric_prompt_key ("  What IS\n\tthe  Capital of France? ");
  g_autofree char *b = rubric_prompt_key ("what is the capital of france?");
  g_autofree char *c = rubric_prompt_key ("what is the capital of spain?");
  g_autofree char *d = rubric_prompt_key ("STRASSE");
  g_autofree char *e = rubric_prompt_key ("straße");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (d, ==, e);
}

static RubricAnnotation *
authored (gint64      task_id,
          gint64      set_id,
          const char *annotator,
          const char *prompt,
          RubricAnnotationState state)
{
  RubricAnnotation *annotation = rubric_annotation_new (task_id, set_id, annotator);
  RubricTurn *turn = rubric_annotation_add_turn (annotation);

  rubric_annotation_set_text (&turn->prompt, prompt);
  rubric_annotation_set_text (&turn->reply, "An answer.");
  annotation->state = state;
  return annotation;
}

/* The same prompt submitted for another task of the set is warned
 * about; a draft, or the task's own earlier submission, is not. */
static void
test_same_prompt_in_set (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autofree char *samples = test_sample_path ();
  g_autoptr(RubricStore) store = rubric_store_new (db, NULL);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 author_rows[3];
  guint n = 0;

  g_assert_true (rubric_import_file (store, samples, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  rows = rubric_store_get_task_rows (store, result->set_id, "ann", 0, 1000, &error);
  for (guint i = 0; i < rows->len && n < 3; i++)
    {
      RubricTaskRow *row = g_ptr_array_index (rows, i);

      if (row->kind == RUBRIC_TASK_KIND_AUTHOR)
        author_rows[n++] = row->row_id;
    }
  g_assert_cmpuint (n, ==, 3);
  {
    g_autoptr(RubricAnnotation) first = authored (author_rows[0], result->set_id, "someone",
                                                  "What is the capital of France?", RUBRIC_ANNOTATION_SUBMITTED);
    g_autoptr(RubricAnnotation) draft = authored (author_rows[1], result->set_id, "ann",
                                                  "A different prompt", RUBRIC_ANNOTATION_DRAFT);
    g_autoptr(RubricAnnotation) mine = authored (author_rows[2], result->set_id, "ann",
                                                 "what is the  capital of\nfrance?", RUBRIC_ANNOTATION_DRAFT);
    g_autoptr(RubricAnnotation) other = authored (author_rows[2], result->set_id, "ann",
                                                  "A different prompt", RUBRIC_ANNOTATION_DRAFT);
    g_autoptr(RubricTask) task = rubric_store_get_task (store, author_rows[2], &error);
    g_autoptr(GPtrArray) checks = rubric_checks_new ();
    g_autoptr(GPtrArray) none = rubric_checks_new ();

    g_assert_true (rubric_store_save_annotation (store, first, &error));
    g_assert_true (rubric_store_save_annotation (store, draft, &error));
    g_assert_no_error (error);
    g_assert_true (rubric_set_check (store, task, mine, checks, &error));
    g_assert_no_error (error);
    g_assert_true (has_check (checks, "same-prompt", RUBRIC_CHECK_WARNING));
    g_assert_nonnull (strstr (((RubricCheck *) g_ptr_array_index (checks, 0))->message, "auth-chem-buffer"));
    /* A draft's prompt is no duplicate. */
    g_assert_true (rubric_set_check (store, task, other, none, &error));
    g_assert_cmpuint (none->len, ==, 0);
  }
  test_rm_rf (dir);
}

/* A workspace of schema 10 takes author and red-team tasks once it is
 * upgraded, keeps what was there, and finds a brief by its words. */
static void
test_upgrade_takes_new_kinds (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autofree char *samples = test_sample_path ();
  g_autofree char *old_file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = test_read_lines (samples);
  GString *compare_only = g_string_new (NULL);
  gint64 old_set;

  /* The samples as they were: no author or red-team task. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] != '\0' && strstr (lines[i], "\"kind\":\"author\"") == NULL &&
          strstr (lines[i], "\"kind\":\"red-team\"") == NULL)
        g_string_append_printf (compare_only, "%s\n", lines[i]);
    }
  old_file = test_write_file (dir, "old.jsonl", compare_only->str, -1);
  g_string_free (compare_only, TRUE);
  {
    g_autoptr(RubricStore) old = _rubric_store_new_at (db, 10, &error);
    g_autoptr(RubricImportResult) result = NULL;
    g_autoptr(RubricImportResult) refused = NULL;

    g_assert_no_error (error);
    g_assert_true (rubric_import_file (old, old_file, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
    g_assert_no_error (error);
    old_set = result->set_id;
    /* Schema 10 refuses the new kinds. */
    g_assert_false (rubric_import_file (old, samples, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &refused, NULL));
  }
  {
    g_autoptr(RubricStore) store = rubric_store_new (db, &error);
    g_autoptr(RubricImportResult) result = NULL;
    RubricTaskQuery query = { RUBRIC_FILTER_ALL, "tenancy" };

    g_assert_no_error (error);
    g_assert_cmpint (rubric_store_get_schema_version (store), ==, RUBRIC_STORE_SCHEMA_VERSION);
    g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks"), ==, 30);
    g_assert_true (rubric_import_file (store, samples, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result->set_id, !=, old_set);
    g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks WHERE kind IN ('author', 'red-team')"), ==, 8);
    g_assert_cmpuint (rubric_store_count_matching (store, result->set_id, "ann", &query, &error), ==, 1);
    g_assert_no_error (error);
    /* A kind no version knows is still refused. */
    g_assert_false (_rubric_store_exec (store, "UPDATE tasks SET kind = 'poem' WHERE id = 1", NULL));
    /* Deleting a set takes a brief out of the index again. */
    g_assert_true (_rubric_store_exec (store, "DELETE FROM tasks WHERE kind = 'author'", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rubric_store_count_matching (store, result->set_id, "ann", &query, &error), ==, 0);
  }
  test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/authoring/validate", test_validate);
  g_test_add_func ("/authoring/brief-is-the-text", test_brief_is_the_text);
  g_test_add_func ("/authoring/annotation-round-trip", test_annotation_round_trip);
  g_test_add_func ("/authoring/annotation-bad-values", test_annotation_bad_values);
  g_test_add_func ("/authoring/author-checks", test_author_checks);
  g_test_add_func ("/authoring/red-team-checks", test_red_team_checks);
  g_test_add_func ("/authoring/prompt-key", test_prompt_key);
  g_test_add_func ("/authoring/same-prompt-in-set", test_same_prompt_in_set);
  g_test_add_func ("/authoring/upgrade-takes-new-kinds", test_upgrade_takes_new_kinds);

  return g_test_run ();
}
