/* test-export.c — exports carry text byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "rubric-agreement.h"
#include "rubric-bias.h"
#include "rubric-export.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-merge.h"
#include "test-util.h"

static char *tmpdir;

/* Text that trimming, re-escaping or re-encoding would change. */
static const char *tricky[] = {
  "  leading spaces, and a trailing one ",
  "a/b/c and </script> and http://example.org/x?y=1&z=2",
  "emoji 😀👩‍👩‍👧 and combining é (e + U+0301)",
  "עברית ومرحبا بالعالم mixed with LTR",
  "quotes \" backslash \\ tab\t newline\n CR\r control \x01 end",
  " Sure — the answer",
};

typedef struct
{
  RubricStore *store;
  gint64       set_id;
  GPtrArray   *tasks;   /* the task lines as written */
} Fixture;

static void
annotate_with_strength (Fixture    *f,
                        guint       index,
                        const char *choice,
                        int         strength,
                        const char *justification);

static void
annotate (Fixture    *f,
          guint       index,
          const char *choice,
          const char *justification)
{
  annotate_with_strength (f, index, choice, 1, justification);
}

static void
annotate_with_strength (Fixture    *f,
                        guint       index,
                        const char *choice,
                        int         strength,
                        const char *justification)
{
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (f->store, f->set_id, "Ada", index, 1, NULL);
  RubricTaskRow *row = g_ptr_array_index (rows, 0);
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (row->row_id, f->set_id, "Ada");

  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  annotation->choice = g_strdup (choice);
  annotation->strength = strength;
  g_free (annotation->justification);
  annotation->justification = g_strdup (justification);
  g_assert_true (rubric_store_save_annotation (f->store, annotation, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Exact\","
                                          "\"rubric\":{\"id\":\"general\",\"version\":3}}\n");
  g_autofree char *dbpath = g_build_filename (tmpdir, "export.db", NULL);
  g_autofree char *big = g_strnfill (1024 * 1024, 'x');
  g_autofree char *path = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  char *line;

  g_remove (dbpath);
  f->tasks = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      g_autofree char *id = g_strdup_printf ("t%u", i);
      g_autofree char *other = g_strdup_printf ("other %u", i);

      g_ptr_array_add (f->tasks, test_compare_task (id, tricky[i], other));
    }
  big[0] = ' ';
  big[1024 * 1024 - 1] = '/';
  g_ptr_array_add (f->tasks, test_compare_task ("big", "short", big));
  /* A conversation: system message and context make TRL conversational. */
  line = g_strdup ("{\"id\":\"conv\",\"kind\":\"compare\",\"system\":\"Be brief/exact.\","
                   "\"context\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\" Hello!\"}],"
                   "\"prompt\":\"And now?\",\"responses\":[{\"id\":\"x\",\"content\":\"First\"},"
                   "{\"id\":\"y\",\"content\":\"Second 😀\"}],\"meta\":{\"source\":\"unit\",\"n\":1.50}}");
  g_ptr_array_add (f->tasks, line);

  for (guint i = 0; i < f->tasks->len; i++)
    g_string_append_printf (file, "%s\n", (char *) g_ptr_array_index (f->tasks, i));
  path = test_write_file (tmpdir, "exact.jsonl", file->str, file->len);

  f->store = rubric_store_new (dbpath, NULL);
  g_assert_true (rubric_import_file (f->store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
  f->set_id = result->set_id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_ptr_array_unref (f->tasks);
}

static json_object *
response_content (const char *task_line,
                  guint       index)
{
  g_autoptr(json_object) task = json_tokener_parse (task_line);
  json_object *responses = json_object_object_get (task, "responses");

  return json_object_get (json_object_object_get (json_object_array_get_idx (responses, index), "content"));
}

static void
assert_same_string (json_object *a,
                    json_object *b)
{
  g_assert_cmpint (json_object_get_string_len (a), ==, json_object_get_string_len (b));
  g_assert_cmpint (memcmp (json_object_get_string (a), json_object_get_string (b), json_object_get_string_len (a)), ==, 0);
}

static char *
export_with (Fixture                   *f,
             RubricExportFormat         format,
             const RubricExportOptions *options,
             guint                      expected)
{
  g_autofree char *out = g_build_filename (tmpdir, rubric_export_format_to_string (format), NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (rubric_export (f->store, format, options, out, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, expected);
  return g_steal_pointer (&out);
}

static char *
export (Fixture            *f,
        RubricExportFormat  format,
        guint               expected)
{
  return export_with (f, format, NULL, expected);
}

static char *
first_line (const char *path)
{
  g_auto(GStrv) lines = test_read_lines (path);

  return g_strdup (lines[0]);
}

static void
test_formats_conversation (Fixture       *f,
                           gconstpointer  data)
{
  RubricExportOptions margin = { 0, NULL, TRUE, RUBRIC_TIES_DROP };
  guint conv = f->tasks->len - 1;
  g_autofree char *trl = NULL, *openai = NULL, *hh = NULL, *unpaired = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) lines = NULL;

  annotate_with_strength (f, conv, "B", 3, "much better");

  trl = export_with (f, RUBRIC_EXPORT_TRL, &margin, 1);
  line = first_line (trl);
  g_assert_true (g_str_has_suffix (line, ",\"margin\":3}"));
  g_free (line);

  openai = export (f, RUBRIC_EXPORT_OPENAI_PREFERENCE, 1);
  line = first_line (openai);
  g_assert_cmpstr (line, ==,
                   "{\"input\":{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief/exact.\"},"
                   "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\" Hello!\"},"
                   "{\"role\":\"user\",\"content\":\"And now?\"}]},"
                   "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Second 😀\"}],"
                   "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"First\"}]}");
  g_free (line);

  hh = export (f, RUBRIC_EXPORT_HH, 1);
  line = first_line (hh);
  g_assert_cmpstr (line, ==,
                   "{\"chosen\":\"Be brief/exact.\\n\\nHuman: Hi\\n\\nAssistant:  Hello!\\n\\nHuman: And now?"
                   "\\n\\nAssistant: Second 😀\","
                   "\"rejected\":\"Be brief/exact.\\n\\nHuman: Hi\\n\\nAssistant:  Hello!\\n\\nHuman: And now?"
                   "\\n\\nAssistant: First\"}");

  unpaired = export (f, RUBRIC_EXPORT_TRL_UNPAIRED, 2);
  lines = test_read_lines (unpaired);
  g_assert_true (g_str_has_suffix (lines[0], "\"completion\":[{\"role\":\"assistant\",\"content\":\"Second 😀\"}],\"label\":true}"));
  g_assert_true (g_str_has_suffix (lines[1], "\"completion\":[{\"role\":\"assistant\",\"content\":\"First\"}],\"label\":false}"));
}

static void
test_tie_policy (Fixture       *f,
                 gconstpointer  data)
{
  RubricExportOptions unpaired_ties = { 0, NULL, FALSE, RUBRIC_TIES_UNPAIRED };
  g_autofree char *drop = NULL, *keep = NULL, *pairs = NULL;
  g_auto(GStrv) lines = NULL;

  annotate_with_strength (f, 0, "tie", 0, "the same");
  annotate_with_strength (f, 1, "both-bad", 0, "both wrong");

  /* Neither a tie nor "both bad" ever makes a pair. */
  pairs = export (f, RUBRIC_EXPORT_TRL, 0);
  g_free (pairs);
  pairs = export (f, RUBRIC_EXPORT_HH, 0);
  g_free (pairs);
  pairs = export (f, RUBRIC_EXPORT_OPENAI_PREFERENCE, 0);

  /* Dropped ties; both-bad responses are two undesirable completions. */
  drop = export (f, RUBRIC_EXPORT_TRL_UNPAIRED, 2);
  lines = test_read_lines (drop);
  g_assert_true (g_str_has_suffix (lines[0], "\"label\":false}"));
  g_assert_true (g_str_has_suffix (lines[1], "\"label\":false}"));
  g_assert_nonnull (strstr (lines[1], "\"completion\":\"other 1\""));

  keep = export_with (f, RUBRIC_EXPORT_TRL_UNPAIRED, &unpaired_ties, 4);
  g_strfreev (lines);
  lines = test_read_lines (keep);
  g_assert_nonnull (strstr (lines[0], "\"completion\":\"  leading spaces, and a trailing one \",\"label\":true"));
  g_assert_nonnull (strstr (lines[1], "\"completion\":\"other 0\",\"label\":true"));
}

static void
test_trl_exact (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *raw = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    annotate (f, i, i % 2 ? "B" : "A", "because");
  annotate (f, G_N_ELEMENTS (tricky), "B", "the long one");
  out = export (f, RUBRIC_EXPORT_TRL, G_N_ELEMENTS (tricky) + 1);
  lines = test_read_lines (out);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (tricky) + 1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(json_object) pair = json_tokener_parse (lines[i]);
      g_autoptr(json_object) a = response_content (g_ptr_array_index (f->tasks, i), 0);
      g_autoptr(json_object) b = response_content (g_ptr_array_index (f->tasks, i), 1);
      gboolean chose_b = i % 2 || i == G_N_ELEMENTS (tricky);

      g_assert_nonnull (pair);
      g_assert_cmpstr (rubric_json_get_string (pair, "prompt"), ==, "Which is better?");
      assert_same_string (json_object_object_get (pair, "chosen"), chose_b ? b : a);
      assert_same_string (json_object_object_get (pair, "rejected"), chose_b ? a : b);
    }

  /* Written as they are: no escaped slashes, no \u escapes. */
  raw = test_read_file (out, NULL);
  g_assert_null (strstr (raw, "\\/"));
  g_assert_null (strstr (raw, "\\u00e9"));
  g_assert_nonnull (strstr (raw, "\"  leading spaces, and a trailing one \""));
  g_assert_nonnull (strstr (raw, "a/b/c and </script>"));
  g_assert_nonnull (strstr (raw, "😀👩‍👩‍👧"));
  g_assert_nonnull (strstr (raw, "עברית ومرحبا"));
  g_assert_nonnull (strstr (raw, "tab\\t newline\\n CR\\r control \\u0001 end"));
}

static void
test_trl_conversational (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  annotate (f, f->tasks->len - 1, "B", "second is better");
  out = export (f, RUBRIC_EXPORT_TRL, 1);
  lines = test_read_lines (out);
  g_assert_cmpstr (lines[0], ==,
                   "{\"prompt\":[{\"role\":\"system\",\"content\":\"Be brief/exact.\"},"
                   "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\" Hello!\"},"
                   "{\"role\":\"user\",\"content\":\"And now?\"}],"
                   "\"chosen\":[{\"role\":\"assistant\",\"content\":\"Second 😀\"}],"
                   "\"rejected\":[{\"role\":\"assistant\",\"content\":\"First\"}]}");
}

static void
test_undecided_gives_no_pair (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (f->store, f->set_id, "Ada", 1, 1, NULL);
  g_autoptr(RubricAnnotation) draft = rubric_annotation_new (((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id,
                                                             f->set_id, "Ada");

  draft->choice = g_strdup ("A");
  g_assert_true (rubric_store_save_annotation (f->store, draft, NULL));
  annotate (f, 0, "both-bad", "neither is right");
  out = export (f, RUBRIC_EXPORT_TRL, 0);
  lines = test_read_lines (out);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(json_object) record = NULL;
  const char *conv = g_ptr_array_index (f->tasks, f->tasks->len - 1);
  json_object *rubric;

  annotate (f, f->tasks->len - 1, "B", " Cites correctness/helpfulness — 😀");
  out = export (f, RUBRIC_EXPORT_RECORDS, 1);
  lines = test_read_lines (out);
  record = json_tokener_parse (lines[0]);
  g_assert_nonnull (record);
  g_assert_cmpstr (rubric_json_get_string (record, "task_id"), ==, "conv");
  g_assert_cmpstr (rubric_json_get_string (record, "task_set"), ==, "Exact");
  g_assert_cmpstr (rubric_json_get_string (record, "annotator"), ==, "Ada");
  g_assert_cmpstr (rubric_json_get_string (record, "state"), ==, "submitted");
  g_assert_cmpstr (rubric_json_get_string (record, "choice"), ==, "B");
  g_assert_cmpstr (rubric_json_get_string (record, "chosen_response"), ==, "y");
  g_assert_cmpstr (rubric_json_get_string (record, "justification"), ==, " Cites correctness/helpfulness — 😀");
  g_assert_nonnull (rubric_json_get_string (record, "submitted_at"));
  rubric = json_object_object_get (record, "rubric");
  g_assert_cmpstr (rubric_json_get_string (rubric, "id"), ==, "general");
  g_assert_cmpint (json_object_get_int (json_object_object_get (rubric, "version")), ==, 3);

  /* The task travels verbatim, unknown keys and number spelling included. */
  g_assert_true (g_str_has_suffix (lines[0], conv) || strstr (lines[0], conv) != NULL);
  g_assert_nonnull (strstr (lines[0], "\"n\":1.50"));
}

static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmpdir, "atomic", NULL);
  g_autofree char *out = g_build_filename (dir, "pairs.jsonl", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-dir", "pairs.jsonl", NULL);
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (out, "old contents\n", -1, NULL);
  annotate (f, 0, "A", "because");
  g_assert_true (rubric_export (f->store, RUBRIC_EXPORT_TRL, NULL, out, NULL, NULL, &error));
  g_assert_no_error (error);
  before = test_read_file (out, NULL);
  g_assert_true (g_str_has_prefix (before, "{\"prompt\""));

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_false (rubric_export (f->store, RUBRIC_EXPORT_TRL, NULL, missing, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* Repeats ---------------------------------------------------------------- */

/* Ada's submitted choice on a task, shown as the store decides. */
static gboolean
judge (RubricStore *store,
       RubricTask  *task,
       const char  *annotator,
       const char  *choice)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (task->row_id, task->set_id, annotator);

  g_assert_true (rubric_store_get_side_swap (store, task, TRUE, annotator, &annotation->swapped, NULL));
  annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
  annotation->choice = g_strdup (choice);
  annotation->strength = 2;
  g_assert_true (rubric_store_save_annotation (store, annotation, NULL));
  return annotation->swapped;
}

static json_object *
find_record (GStrv        lines,
             const char  *task_id,
             const char  *annotator,
             gboolean     repeat)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      json_object *record = json_tokener_parse (lines[i]);

      if (g_strcmp0 (rubric_json_get_string (record, "task_id"), task_id) == 0 &&
          g_strcmp0 (rubric_json_get_string (record, "annotator"), annotator) == 0 &&
          json_object_get_boolean (json_object_object_get (record, "repeat")) == repeat)
        return record;
      json_object_put (record);
    }
  g_error ("no record of %s by %s%s", task_id, annotator, repeat ? " (repeat)" : "");
}

/*
 * 0.25 of 8 compare tasks: two repeats. Ada judges both originals A and
 * their repeats B (a flip) and A (none); Bob judges the originals A.
 * Records say which is a repeat and speak of the original; no other
 * format has them; bias counts the flips, agreement and merging see
 * Ada's first showings alone.
 */
static void
test_repeat (void)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Repeats\","
                                          "\"settings\":{\"randomize_sides\":true,\"repeat_swapped\":0.25}}\n");
  g_autofree char *dbpath = g_build_filename (tmpdir, "repeat.db", NULL);
  g_autofree char *path = NULL;
  g_autofree char *records = g_build_filename (tmpdir, "repeat-records.jsonl", NULL);
  g_autofree char *pairs = g_build_filename (tmpdir, "repeat-trl.jsonl", NULL);
  g_autofree char *merged = g_build_filename (tmpdir, "repeat-merged.jsonl", NULL);
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(RubricBias) bias = NULL;
  g_autoptr(RubricAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) merged_lines = NULL;
  const char *paths[] = { records, NULL };
  const char *flip_choice[] = { "B", "A" };
  RubricTask *originals[2], *repeats[2];
  guint n = 0;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", i);
      g_autofree char *a = g_strdup_printf ("answer %u", i);
      g_autofree char *line = test_compare_task (id, a, "the other answer");

      g_string_append_printf (file, "%s\n", line);
    }
  path = test_write_file (tmpdir, "repeat.jsonl", file->str, file->len);
  g_remove (dbpath);
  store = rubric_store_new (dbpath, NULL);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
  g_assert_cmpuint (result->n_repeats, ==, 2);

  for (guint ord = 0, k = 0; ord < result->n_tasks; ord++)
    {
      g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, result->set_id, "Ada", ord, 1, NULL);
      RubricTask *task = rubric_store_get_task (store, ((RubricTaskRow *) g_ptr_array_index (rows, 0))->row_id, NULL);

      if (task->repeat_of == 0)
        {
          rubric_task_free (task);
          continue;
        }
      repeats[k] = task;
      originals[k++] = rubric_store_get_task (store, task->repeat_of, NULL);
    }
  for (guint k = 0; k < 2; k++)
    {
      gboolean swapped = judge (store, originals[k], "Ada", "A");

      g_assert_cmpint (judge (store, repeats[k], "Ada", flip_choice[k]), ==, !swapped);
      judge (store, originals[k], "Bob", "A");
    }

  /* Records: six, the repeats under their originals' ids and tasks. */
  g_assert_true (rubric_export (store, RUBRIC_EXPORT_RECORDS, NULL, records, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 6);
  lines = test_read_lines (records);
  for (guint k = 0; k < 2; k++)
    {
      const char *id = rubric_task_get_id (originals[k]);
      g_autofree char *raw = g_strdup (json_object_to_json_string_ext (originals[k]->object, JSON_C_TO_STRING_PLAIN));
      g_autoptr(json_object) first = find_record (lines, id, "Ada", FALSE);
      g_autoptr(json_object) again = find_record (lines, id, "Ada", TRUE);

      g_assert_cmpstr (rubric_json_get_string (again, "choice"), ==, flip_choice[k]);
      g_assert_cmpint (json_object_get_boolean (json_object_object_get (again, "swapped")), ==,
                       !json_object_get_boolean (json_object_object_get (first, "swapped")));
      g_assert_cmpstr (json_object_to_json_string_ext (json_object_object_get (again, "task"), JSON_C_TO_STRING_PLAIN),
                       ==, raw);
    }
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_null (strstr (lines[i], "#repeat"));

  /* TRL: a pair for each first showing, none for a repeat. */
  g_assert_true (rubric_export (store, RUBRIC_EXPORT_TRL, NULL, pairs, NULL, &n, NULL));
  g_assert_cmpuint (n, ==, 4);
  g_assert_true (rubric_export (store, RUBRIC_EXPORT_TRL_UNPAIRED, NULL, pairs, NULL, &n, NULL));
  g_assert_cmpuint (n, ==, 8);

  /* Bias: Ada's two tasks seen both ways, one of them flipped. */
  bias = rubric_bias_from_files (paths, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bias->annotators->len, ==, 2);
  {
    RubricAnnotatorBias *ada = g_ptr_array_index (bias->annotators, 0);
    RubricAnnotatorBias *bob = g_ptr_array_index (bias->annotators, 1);

    g_assert_cmpstr (ada->annotator, ==, "Ada");
    g_assert_cmpuint (ada->n, ==, 4);
    g_assert_cmpuint (ada->position.n, ==, 4);
    g_assert_cmpuint (ada->position.flip_pairs, ==, 2);
    g_assert_cmpfloat (ada->position.flip_rate, ==, 0.5);
    g_assert_cmpuint (bob->position.flip_pairs, ==, 0);
    g_assert_cmpuint (bias->warnings->len, ==, 0);
  }

  /* Agreement: Ada's repeat is no vote against her first A. */
  agreement = rubric_agreement_from_files (paths, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agreement->n_records, ==, 4);
  g_assert_cmpuint (agreement->choice.n, ==, 2);
  g_assert_cmpfloat (agreement->choice.percent, ==, 1.0);
  g_assert_cmpuint (agreement->warnings->len, ==, 0);

  /* Merging: two votes for A on each, unanimous. */
  g_assert_true (rubric_merge_files (paths, 1, RUBRIC_MERGE_MAJORITY, "rubric-tasks", merged, FALSE, NULL, NULL, &error));
  g_assert_no_error (error);
  merged_lines = test_read_lines (merged);
  for (guint i = 1; merged_lines[i] != NULL; i++)
    {
      g_autoptr(json_object) task = json_tokener_parse (merged_lines[i]);
      json_object *gold = json_object_object_get (task, "gold");

      g_assert_cmpstr (rubric_json_get_string (gold, "merge"), ==, "unanimous");
      g_assert_cmpint (json_object_get_int (json_object_object_get (json_object_object_get (gold, "votes"), "A")), ==, 2);
      g_assert_null (json_object_object_get (json_object_object_get (gold, "votes"), "B"));
    }
  g_assert_cmpuint (g_strv_length (merged_lines), ==, 3);

  for (guint k = 0; k < 2; k++)
    {
      rubric_task_free (originals[k]);
      rubric_task_free (repeats[k]);
    }
}

/* A set of many chunks' worth of work, written by several threads:
 * every line there, in task order, each pair the one its task had, ties
 * and skipped tasks left out as with one. */
static void
test_many_in_order (void)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Many\"}\n");
  g_autofree char *dbpath = g_build_filename (tmpdir, "many.db", NULL);
  g_autofree char *path = NULL;
  g_autofree char *pairs = g_build_filename (tmpdir, "many-trl.jsonl", NULL);
  g_autofree char *records = g_build_filename (tmpdir, "many-records.jsonl", NULL);
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pair_lines = NULL;
  g_auto(GStrv) record_lines = NULL;
  guint n_pairs = 0, n_records = 0, expect_pairs = 0, expect_records = 0;
  const guint n = 1000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%04u", i);
      g_autofree char *a = g_strdup_printf ("answer a %u", i);
      g_autofree char *b = g_strdup_printf ("answer b %u", i);
      g_autofree char *line = test_compare_task (id, a, b);

      g_string_append_printf (file, "%s\n", line);
    }
  path = test_write_file (tmpdir, "many.jsonl", file->str, file->len);
  g_remove (dbpath);
  store = rubric_store_new (dbpath, NULL);
  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, NULL));
  rows = rubric_store_get_task_rows (store, result->set_id, "Ada", 0, n, NULL);
  g_assert_cmpuint (rows->len, ==, n);
  g_assert_true (rubric_store_begin (store, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (((RubricTaskRow *) g_ptr_array_index (rows, i))->row_id,
                                                                      result->set_id, "Ada");
      static const char *choices[] = { "A", "B", "tie", "A", "B", "both-bad", "B" };

      if (i % 11 == 5)
        annotation->state = RUBRIC_ANNOTATION_SKIPPED;
      else
        {
          annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
          g_free (annotation->choice);
          annotation->choice = g_strdup (choices[i % G_N_ELEMENTS (choices)]);
          annotation->strength = 1 + i % 3;
          expect_pairs += i % G_N_ELEMENTS (choices) != 2 && i % G_N_ELEMENTS (choices) != 5;
        }
      expect_records++;
      g_assert_true (rubric_store_save_annotation (store, annotation, NULL));
    }
  g_assert_true (rubric_store_commit (store, NULL));

  g_assert_true (rubric_export (store, RUBRIC_EXPORT_TRL, NULL, pairs, NULL, &n_pairs, &error));
  g_assert_no_error (error);
  g_assert_true (rubric_export (store, RUBRIC_EXPORT_RECORDS, NULL, records, NULL, &n_records, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pairs, ==, expect_pairs);
  g_assert_cmpuint (n_records, ==, expect_records);

  pair_lines = test_read_lines (pairs);
  record_lines = test_read_lines (records);
  g_assert_cmpuint (g_strv_length (pair_lines), ==, expect_pairs);
  g_assert_cmpuint (g_strv_length (record_lines), ==, expect_records);
  for (guint i = 0, k = 0; i < n; i++)
    {
      g_autofree char *a = g_strdup_printf ("answer a %u\"", i);
      g_autofree char *b = g_strdup_printf ("answer b %u\"", i);
      guint c = i % 7;

      if (i % 11 == 5 || c == 2 || c == 5)
        continue;
      /* chosen is A for "A", B for "B", in task order. */
      g_assert_nonnull (strstr (pair_lines[k], c == 0 || c == 3 ? a : b));
      g_assert_true (strstr (pair_lines[k], c == 0 || c == 3 ? a : b) < strstr (pair_lines[k], c == 0 || c == 3 ? b : a));
      k++;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("\"task_id\":\"m%04u\"", i);

      g_assert_nonnull (strstr (record_lines[i], id));
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add ("/export/trl-exact", Fixture, NULL, fixture_set_up, test_trl_exact, fixture_tear_down);
  g_test_add ("/export/trl-conversational", Fixture, NULL, fixture_set_up, test_trl_conversational, fixture_tear_down);
  g_test_add ("/export/undecided-gives-no-pair", Fixture, NULL, fixture_set_up, test_undecided_gives_no_pair, fixture_tear_down);
  g_test_add ("/export/formats-conversation", Fixture, NULL, fixture_set_up, test_formats_conversation, fixture_tear_down);
  g_test_add ("/export/tie-policy", Fixture, NULL, fixture_set_up, test_tie_policy, fixture_tear_down);
  g_test_add ("/export/records", Fixture, NULL, fixture_set_up, test_records, fixture_tear_down);
  g_test_add ("/export/atomic", Fixture, NULL, fixture_set_up, test_atomic, fixture_tear_down);
  g_test_add_func ("/export/repeat", test_repeat);
  g_test_add_func ("/export/many-in-order", test_many_in_order);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
