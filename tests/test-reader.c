/* test-reader.c — reading and validating native task files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-error.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-task-reader.h"
#include "test-util.h"

#define TASK(id) "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Write a haiku\"}"

static char *tmpdir;

typedef struct
{
  guint      n_tasks;
  GPtrArray *problems;
  GError    *error;
  char      *path;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->problems, g_ptr_array_unref);
  g_clear_error (&o->error);
  g_free (o->path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
read_mapped (const char         *name,
             const char         *contents,
             gssize              len,
             gsize               max_field,
             const char * const *map,
             Outcome            *o)
{
  g_autoptr(RubricTaskReader) reader = NULL;
  RubricReadOptions options = { .map = map };
  GPtrArray *problems;

  o->path = test_write_file (tmpdir, name, contents, len);
  reader = rubric_task_reader_new_for_path (o->path, &o->error);
  g_assert_nonnull (reader);
  if (map != NULL)
    rubric_task_reader_set_options (reader, &options);
  if (max_field > 0)
    rubric_task_reader_set_max_field_size (reader, max_field);
  while (rubric_task_reader_next (reader, NULL, &o->error) != NULL)
    ;
  o->n_tasks = rubric_task_reader_get_n_tasks (reader);
  o->problems = g_ptr_array_new_with_free_func (g_free);
  problems = rubric_task_reader_get_problems (reader);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (o->problems, rubric_problem_format (g_ptr_array_index (problems, i), o->path));
}

static void
read_all (const char *name,
          const char *contents,
          gssize      len,
          gsize       max_field,
          Outcome    *o)
{
  read_mapped (name, contents, len, max_field, NULL, o);
}

/* Asserts exactly one problem, that it is "<path>:<line>: <rest>". */
static void
assert_one_problem (Outcome    *o,
                    guint       line,
                    const char *rest)
{
  g_autofree char *expected = g_strdup_printf ("%s:%u: %s", o->path, line, rest);

  g_assert_no_error (o->error);
  g_assert_cmpuint (o->problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o->problems, 0), ==, expected);
}

static void
test_jsonl_with_header (void)
{
  g_auto(Outcome) o = { 0 };
  g_autoptr(RubricTaskReader) reader = NULL;
  const char *text = "{\"format\":\"rubric-tasks/1\",\"name\":\"Set\",\"rubric\":{\"id\":\"r\",\"version\":2}}\n"
                     TASK ("t1") "\n"
                     "\n"
                     TASK ("t2") "\r\n";

  read_all ("header.jsonl", text, -1, 0, &o);
  g_assert_no_error (o.error);
  g_assert_cmpuint (o.n_tasks, ==, 2);
  g_assert_cmpuint (o.problems->len, ==, 0);

  reader = rubric_task_reader_new_for_path (o.path, NULL);
  g_assert_nonnull (rubric_task_reader_next (reader, NULL, NULL));
  g_assert_cmpstr (rubric_json_get_string (rubric_task_reader_get_header (reader), "name"), ==, "Set");
}

static void
test_record_text_is_verbatim (void)
{
  g_autoptr(RubricTaskReader) reader = NULL;
  g_autofree char *path = NULL;
  const RubricTaskRecord *record;
  const char *line = "{\"id\":\"t\\/1\",  \"kind\":\"write\",\"prompt\":\" caf\\u00e9 \xF0\x9F\x98\x80 a/b\"}";
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  path = test_write_file (tmpdir, "verbatim.jsonl", text, -1);
  reader = rubric_task_reader_new_for_path (path, NULL);
  record = rubric_task_reader_next (reader, NULL, NULL);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->len, ==, strlen (line));
  g_assert_cmpint (memcmp (record->text, line, record->len), ==, 0);
  g_assert_cmpstr (rubric_json_get_string (record->object, "id"), ==, "t/1");
  g_assert_cmpstr (rubric_json_get_string (record->object, "prompt"), ==, " café \xF0\x9F\x98\x80 a/b");
}

static void
test_missing_id (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("missing-id.jsonl", TASK ("t1") "\n{\"kind\":\"write\",\"prompt\":\"x\"}\n", -1, 0, &o);
  assert_one_problem (&o, 2, "id: missing");
  g_assert_cmpuint (o.n_tasks, ==, 1);
}

static void
test_wrong_kind (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("kind.jsonl", TASK ("t1") "\n{\"id\":\"t2\",\"kind\":\"judge\",\"prompt\":\"x\"}\n", -1, 0, &o);
  assert_one_problem (&o, 2, "kind: “judge” is not a task kind; use write, compare, rank, review, author or red-team");
}

/* A tool's output is a turn of a conversation as well; an invented
 * role is named with its line and field. */
static void
test_context_roles (void)
{
  g_auto(Outcome) o = { 0 };
  const char *text = "{\"id\":\"t1\",\"kind\":\"write\",\"prompt\":\"x\",\"context\":["
                     "{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"tool\",\"content\":\"{}\"},"
                     "{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
                     "{\"id\":\"t2\",\"kind\":\"write\",\"prompt\":\"x\",\"context\":["
                     "{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"robot\",\"content\":\"a\"}]}\n";

  read_all ("roles.jsonl", text, -1, 0, &o);
  g_assert_cmpuint (o.n_tasks, ==, 1);
  assert_one_problem (&o, 2, "context[1].role: “robot” is not a role; use system, user, assistant or tool");
}

static void
test_wrong_type (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("type.jsonl", TASK ("t1") "\n{\"id\":7,\"kind\":\"write\",\"prompt\":\"x\"}\n", -1, 0, &o);
  assert_one_problem (&o, 2, "id: must be a string, not a number");
}

static void
test_response_count (void)
{
  g_auto(Outcome) o = { 0 };
  const char *text = TASK ("t1") "\n"
                     "{\"id\":\"t2\",\"kind\":\"compare\",\"prompt\":\"x\",\"responses\":[{\"id\":\"a\",\"content\":\"A\"}]}\n";

  read_all ("count.jsonl", text, -1, 0, &o);
  assert_one_problem (&o, 2, "responses: a compare task needs exactly 2 responses, this one has 1");
}

static void
test_response_fields (void)
{
  g_auto(Outcome) o = { 0 };
  const char *text = TASK ("t1") "\n"
                     "{\"id\":\"t2\",\"kind\":\"review\",\"prompt\":\"x\",\"responses\":[{\"id\":\"a\"}]}\n";

  read_all ("fields.jsonl", text, -1, 0, &o);
  assert_one_problem (&o, 2, "responses[0].content: missing");
}

static void
test_duplicate_id (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("dup.jsonl", TASK ("t1") "\n" TASK ("t2") "\n" TASK ("t1") "\n", -1, 0, &o);
  assert_one_problem (&o, 3, "id: duplicate id “t1”, first used on line 1");
}

static void
test_not_an_object (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("array.jsonl", TASK ("t1") "\n[1, 2]\n", -1, 0, &o);
  assert_one_problem (&o, 2, "a task must be a JSON object, not an array");
}

static void
test_invalid_utf8 (void)
{
  g_auto(Outcome) o = { 0 };
  const char text[] = TASK ("t1") "\n{\"id\":\"t2\",\"kind\":\"write\",\"prompt\":\"caf\xE9\"}\n";

  read_all ("utf8.jsonl", text, sizeof text - 1, 0, &o);
  assert_one_problem (&o, 2, "invalid UTF-8 at byte 40 of the line");
}

/* A NUL byte is named as such, not as invalid UTF-8 (which it is
 * not); a cell's is /formats/csv/nul. */
static void
test_nul_byte (void)
{
  g_auto(Outcome) o = { 0 };
  const char text[] = TASK ("t1") "\n{\"id\":\"t2\",\"kind\":\"write\",\"prompt\":\"a\0b\"}\n";

  read_all ("nul.jsonl", text, sizeof text - 1, 0, &o);
  assert_one_problem (&o, 2, "a NUL character at byte 38 of the line");
}

/* A file named as JSON is read as JSON whatever it starts with: an HTML
 * page saved under a dataset's name is not JSON, where it was a table
 * of one column with no tasks. */
static void
test_named_as_json (void)
{
  static const char page[] = "<html><body>Not Found</body></html>\n";
  const char *names[] = { "page.json", "page.jsonl", "page.ndjson" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(Outcome) o = { 0 };

      read_all (names[i], page, -1, 0, &o);
      assert_one_problem (&o, 1, "not valid JSON at column 1: unexpected character");
    }
}

/* A table's cells and rows have the limits a JSON task has: a cell over
 * the limit for a field costs its row; a row over the limit for a task
 * (a quoted cell never closed holds the rest of the file) stops the
 * file there, before it takes the memory. */
static void
test_csv_limits (void)
{
  static const char * const map[] = { "prompt=prompt", "answer=answer", NULL };
  g_auto(Outcome) cell = { 0 };
  g_auto(Outcome) row = { 0 };
  g_auto(Outcome) line = { 0 };
  GString *text = g_string_new ("prompt,answer\n");
  g_autofree char *expected = NULL;

  g_string_append_c (text, '"');
  for (guint i = 0; i < 3 * 1024 * 1024 / 2; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, "\",b\nHi?,Yes.\n");
  read_mapped ("big-cell.csv", text->str, -1, 1024 * 1024, map, &cell);
  assert_one_problem (&cell, 2, "prompt: 1.5 MB is over the 1.0 MB limit for one field");
  g_assert_cmpuint (cell.n_tasks, ==, 1);

  g_string_assign (text, "prompt,answer\nHi?,\"open\n");
  while (text->len < 5 * 1024 * 1024)
    g_string_append (text, "a line of the rest of the file, read into the open cell\n");
  read_mapped ("open-cell.csv", text->str, -1, 1024 * 1024, map, &row);
  expected = g_strdup_printf ("%s:2: the row that starts here is longer than the 4 MB limit for a task; "
                              "is a quoted cell not closed?", row.path);
  g_assert_error (row.error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpstr (row.error->message, ==, expected);

  /* A line with no end is not held whole either. */
  g_string_assign (text, "prompt,answer\n");
  while (text->len < 6 * 1024 * 1024)
    g_string_append (text, "no line break in sight, ");
  read_mapped ("endless.csv", text->str, -1, 1024 * 1024, map, &line);
  g_free (expected);
  expected = g_strdup_printf ("%s:2: the line is longer than the 4 MB limit for a task", line.path);
  g_assert_error (line.error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpstr (line.error->message, ==, expected);
  g_string_free (text, TRUE);
}

static void
test_nesting_too_deep (void)
{
  g_auto(Outcome) o = { 0 };
  g_autoptr(GString) text = g_string_new (TASK ("t1") "\n{\"id\":\"t2\",\"kind\":\"write\",\"prompt\":\"x\",\"meta\":");

  for (int i = 0; i < 100; i++)
    g_string_append (text, "[");
  for (int i = 0; i < 100; i++)
    g_string_append (text, "]");
  g_string_append (text, "}\n");
  read_all ("deep.jsonl", text->str, -1, 0, &o);
  assert_one_problem (&o, 2, "nesting is deeper than 64 levels");
}

static void
test_field_too_large (void)
{
  g_auto(Outcome) o = { 0 };
  g_autofree char *big = g_strnfill (200 * 1024, 'x');
  g_autofree char *text = g_strdup_printf (TASK ("t1") "\n{\"id\":\"t2\",\"kind\":\"compare\",\"prompt\":\"x\","
                                           "\"responses\":[{\"id\":\"a\",\"content\":\"ok\"},"
                                           "{\"id\":\"b\",\"content\":\"%s\"}]}\n", big);

  read_all ("big.jsonl", text, -1, 100 * 1024, &o);
  assert_one_problem (&o, 2, "responses[1].content: 0.2 MB is over the 0.1 MB limit for one field");
}

static void
test_trailing_garbage (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("trailing.jsonl", TASK ("t1") "\n" TASK ("t2") " xyz\n", -1, 0, &o);
  assert_one_problem (&o, 2, "unexpected text after the JSON value, at column 53");
}

static void
test_broken_json (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("broken.jsonl", TASK ("t1") "\n{\"id\":\"t2\",\"kind\":\"write\",\"prompt\":\"x\"\n" TASK ("t3") "\n", -1, 0, &o);
  g_assert_cmpuint (o.problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (o.problems, 0), o.path));
  g_assert_nonnull (strstr (g_ptr_array_index (o.problems, 0), ":2: "));
  g_assert_cmpuint (o.n_tasks, ==, 2);
}

static void
test_document_form (void)
{
  g_auto(Outcome) o = { 0 };
  const char *text = "{\n"
                     "  \"format\": \"rubric-tasks/1\",\n"
                     "  \"tasks\": [\n"
                     "    " TASK ("t1") ",\n"
                     "    {\n"
                     "      \"id\": \"t2\", \"kind\": \"write\"\n"
                     "    },\n"
                     "    " TASK ("t3") "\n"
                     "  ],\n"
                     "  \"name\": \"After the tasks\"\n"
                     "}\n";
  g_autoptr(RubricImportResult) result = NULL;

  read_all ("document.json", text, -1, 0, &o);
  g_assert_no_error (o.error);
  g_assert_cmpuint (o.n_tasks, ==, 2);
  assert_one_problem (&o, 5, "prompt: missing");

  /* Header keys after the tasks array still name the set. */
  rubric_validate_file (o.path, &result, NULL);
  g_assert_cmpstr (result->name, ==, "After the tasks");
}

static void
test_document_array (void)
{
  g_auto(Outcome) o = { 0 };
  const char *text = "[\n  " TASK ("t1") ",\n  " TASK ("t2") "\n]\n";

  read_all ("array.json", text, -1, 0, &o);
  g_assert_no_error (o.error);
  g_assert_cmpuint (o.n_tasks, ==, 2);
  g_assert_cmpuint (o.problems->len, ==, 0);
}

static void
test_document_on_one_line (void)
{
  g_auto(Outcome) o = { 0 };
  const char *text = "\xEF\xBB\xBF{\"format\":\"rubric-tasks/1\",\"tasks\":[" TASK ("t1") "," TASK ("t2") "]}";

  read_all ("one-line.json", text, -1, 0, &o);
  g_assert_no_error (o.error);
  g_assert_cmpuint (o.n_tasks, ==, 2);
}

/* A quote missing in a pretty-printed document turns every string
 * after it inside out, and the document "ends too early" far below: the
 * line where a string first ran past its end is named with it. */
static void
test_document_missing_quote (void)
{
  g_auto(Outcome) o = { 0 };
  g_autofree char *expected = NULL;

  read_all ("quote.json",
            "[\n"
            "  {\"id\": \"t1\", \"kind\": \"write\", \"prompt\": \"One\"},\n"
            "  {\"id\": \"t2\", \"kind\": \"write\", \"prompt\": \"Two},\n"
            "  {\"id\": \"t3\", \"kind\": \"write\", \"prompt\": \"Three\"}\n"
            "]\n", -1, 0, &o);
  expected = g_strdup_printf ("%s:6: the JSON document ends too early: a string, array or object is not closed; "
                              "a string runs on past the end of line 3: is a quote missing there?", o.path);
  g_assert_error (o.error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpstr (o.error->message, ==, expected);
}

/* A task of a pretty-printed document that json-c cannot read is named
 * by the line and column of the fault, not the line the task starts on
 * and a column counted from there. */
static void
test_document_fault_located (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("comma.json",
            "[\n"
            "  {\"id\": \"t1\", \"kind\": \"write\", \"prompt\": \"One\"},\n"
            "  {\n"
            "    \"id\": \"t2\",\n"
            "    \"kind\": \"write\"\n"
            "    \"prompt\": \"Two\"\n"
            "  }\n"
            "]\n", -1, 0, &o);
  assert_one_problem (&o, 6, "not valid JSON at column 5: object value separator ',' expected");
  g_assert_cmpuint (o.n_tasks, ==, 1);
}

static void
test_document_unclosed (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("unclosed.json", "{\n  \"tasks\": [\n    " TASK ("t1") ",\n", -1, 0, &o);
  g_assert_error (o.error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_nonnull (strstr (o.error->message, "ends too early"));
}

static void
test_unsupported_header (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("v9.jsonl", "{\"format\":\"rubric-tasks/9\"}\n" TASK ("t1") "\n", -1, 0, &o);
  g_assert_error (o.error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (o.error->message, ":1: format: “rubric-tasks/9” is not a format Rubric reads"));
}

/* Text is Unicode without NUL, whatever its escapes; "meta" travels as
 * it is. Each problem names its line and field. */
static void
test_text_not_unicode (void)
{
  g_auto(Outcome) o = { 0 };
  static const char *lines =
    "{\"id\":\"a\",\"kind\":\"write\\u0000zzz\",\"prompt\":\"p\"}\n"
    "{\"id\":\"a\\u0000x\",\"kind\":\"write\",\"prompt\":\"p\"}\n"
    "{\"id\":\"a\\u0000y\",\"kind\":\"write\",\"prompt\":\"p\"}\n"
    "{\"id\":\"b\",\"kind\":\"write\",\"prompt\":\"x\\ud800y\"}\n"
    "{\"id\":\"c\",\"kind\":\"write\",\"prompt\":\"ok \\ud83d\\ude00 and \\\\u0000, \\\\ud800 as text\"}\n"
    "{\"id\":\"d\",\"kind\":\"write\",\"prompt\":\"p\",\"meta\":{\"raw\":\"\\ud800\\u0000\"}}\n"
    "{\"id\":\"e\",\"kind\":\"compare\",\"prompt\":\"p\",\"responses\":[{\"content\":\"a\"},{\"content\":\"b\\udc00\"}]}\n"
    "{\"id\":\"f\",\"k\\u0000ind\":\"write\",\"prompt\":\"p\"}\n"
    "{\"id\":\"g\",\"kind\":\"write\",\"prompt\":\"\\uDBFF\\uDFFF \\uD800\\u0041\"}\n";
  static const char *expect[] = {
    ":1: kind: contains a NUL character",
    ":2: id: contains a NUL character",
    ":3: id: contains a NUL character",
    ":4: prompt: contains half a surrogate pair",
    ":7: responses[1].content: contains half a surrogate pair",
    ":8: k\\u0000ind: contains a NUL character",
    ":9: prompt: contains half a surrogate pair",
  };

  read_all ("unicode.jsonl", lines, -1, 0, &o);
  /* c (a pair, and backslashes that are text) and d (in meta) are fine */
  g_assert_cmpuint (o.n_tasks, ==, 2);
  g_assert_cmpuint (o.problems->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_test_message ("%s", (char *) g_ptr_array_index (o.problems, i));
      g_assert_nonnull (strstr (g_ptr_array_index (o.problems, i), expect[i]));
    }
}

/* A key is a key however it is escaped, in a document over many lines
 * as on one. */
static void
test_escaped_key (void)
{
  g_auto(Outcome) many = { 0 };
  g_auto(Outcome) one = { 0 };

  read_all ("escaped-many.json", "{\"name\": \"x\",\n \"t\\u0061sks\": [\n" TASK ("a") ",\n" TASK ("b") "\n]}\n",
            -1, 0, &many);
  g_assert_no_error (many.error);
  g_assert_cmpuint (many.problems->len, ==, 0);
  g_assert_cmpuint (many.n_tasks, ==, 2);
  read_all ("escaped-one.json", "{\"name\": \"x\", \"t\\u0061sks\": [" TASK ("a") "," TASK ("b") "]}\n", -1, 0, &one);
  g_assert_no_error (one.error);
  g_assert_cmpuint (one.n_tasks, ==, 2);
}

/* What a line may hold is bounded before it is parsed: a first line
 * over the limit (which once read as a document and came out as
 * "unexpected text"), nesting a million deep, a million values. */
static void
test_bounded (void)
{
  g_autoptr(GString) text = g_string_new ("{\"id\":\"long\",\"kind\":\"write\",\"prompt\":\"");
  g_auto(Outcome) long_first = { 0 };
  g_auto(Outcome) deep = { 0 };
  g_auto(Outcome) wide = { 0 };

  /* longer than what the reader reads at once, so that no end of line
   * is in sight when it decides what the file is */
  for (guint i = 0; i < 1536 * 1024; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}\n" TASK ("after") "\n");
  read_all ("long-first.jsonl", text->str, text->len, 16 * 1024, &long_first);
  g_assert_no_error (long_first.error);
  g_assert_cmpuint (long_first.n_tasks, ==, 1);
  g_assert_cmpuint (long_first.problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (long_first.problems, 0), ":1: the line is longer than"));

  g_string_assign (text, "{\"id\":\"deep\",\"kind\":\"write\",\"prompt\":\"p\",\"meta\":");
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}\n" TASK ("after") "\n");
  read_all ("deep.jsonl", text->str, text->len, 0, &deep);
  g_assert_cmpuint (deep.n_tasks, ==, 1);
  g_assert_cmpuint (deep.problems->len, ==, 1);
  /* a million brackets: refused for their number before their depth */
  g_assert_true (strstr (g_ptr_array_index (deep.problems, 0), ":1: nesting is deeper than") != NULL ||
                 strstr (g_ptr_array_index (deep.problems, 0), ":1: more than 1000000 JSON values") != NULL);

  g_string_assign (text, "{\"id\":\"wide\",\"kind\":\"write\",\"prompt\":\"p\",\"meta\":[0");
  for (guint i = 0; i < 1100000; i++)
    g_string_append (text, ",0");
  g_string_append (text, "]}\n" TASK ("after") "\n");
  read_all ("wide.jsonl", text->str, text->len, 0, &wide);
  g_assert_cmpuint (wide.n_tasks, ==, 1);
  g_assert_cmpuint (wide.problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (wide.problems, 0), ":1: more than 1000000 JSON values"));
}

/* A line cut after half a surrogate pair leaves nothing behind: the
 * next line's text is read as it is (json-c 0.16 put a U+FFFD before
 * its first escape). */
static void
test_cut_surrogate (void)
{
  g_autoptr(RubricTaskReader) reader = NULL;
  const RubricTaskRecord *record;
  g_autofree char *path = test_write_file (tmpdir, "cut.jsonl",
                                           "{\"id\":\"a\",\"kind\":\"write\",\"prompt\":\"\\ud83d\\u[\n"
                                           "{\"id\":\"b\",\"kind\":\"write\",\"prompt\":\"caf\\u00e9\"}\n", -1);

  reader = rubric_task_reader_new_for_path (path, NULL);
  while ((record = rubric_task_reader_next (reader, NULL, NULL)) != NULL)
    g_assert_cmpstr (rubric_json_get_string (record->object, "prompt"), ==, "caf\u00e9");
  g_assert_cmpuint (rubric_task_reader_get_n_tasks (reader), ==, 1);
}

static void
test_samples_are_valid (void)
{
  g_autofree char *path = test_sample_path ();
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_validate_file (path, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tasks, >=, 24);
}

/* Every task is checked for UTF-8 eight bytes at a time where it is
 * ASCII: the answer, and where the text stops being valid, must be
 * GLib's for every text. */
static void
check_utf8_like_glib (const char *text,
                      gsize       len)
{
  const char *want_end = NULL, *got_end = NULL;
  gboolean want = g_utf8_validate_len (text, len, &want_end);
  gboolean got = rubric_utf8_validate_len (text, len, &got_end);

  if (want != got || want_end != got_end)
    {
      g_autofree char *hex = g_malloc (len * 3 + 1);

      for (gsize i = 0; i < len; i++)
        g_snprintf (hex + i * 3, 4, "%02x ", (guchar) text[i]);
      g_error ("%s at %td, not %s at %td, for %s", got ? "valid" : "invalid", got_end - text,
               want ? "valid" : "invalid", want_end - text, hex);
    }
}

static void
test_utf8_like_glib (void)
{
  static const char *pieces[] = {
    "a", "é", "€", "😀", "\xc3", "\x80", "\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80", "\xc0\xaf",
    "\xf4\x90\x80\x80", "\xff", "",
  };
  char text[200];

  /* One piece, valid or not, at every place of an ASCII text. */
  for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
    for (gsize len = 0; len <= 140; len++)
      for (gsize at = 0; at <= len; at++)
        {
          gsize n = strlen (pieces[p]) + (p == G_N_ELEMENTS (pieces) - 1);   /* the last: a NUL */

          memset (text, 'x', len);
          memcpy (text + len, "yyyy", 4);
          memmove (text + at + n, text + at, len - at);
          memcpy (text + at, pieces[p], n);
          check_utf8_like_glib (text, len + n);
          /* Cut anywhere. */
          for (gsize cut = at; cut < at + n; cut++)
            check_utf8_like_glib (text, cut);
        }

  /* Random texts of the pieces: of the valid ones only (the first
   * four) in every other round, so that characters fall across the
   * places where the check hands a stretch to GLib. */
  for (guint round = 0; round < 40000; round++)
    {
      guint n_pieces = round % 2 ? 4 : G_N_ELEMENTS (pieces);
      gsize len = 0;

      while (len < 150)
        {
          guint p = g_random_int_range (0, 8) < 6 ? 0 : g_random_int_range (0, n_pieces);
          gsize n = p == G_N_ELEMENTS (pieces) - 1 ? 1 : strlen (pieces[p]);

          memcpy (text + len, p == G_N_ELEMENTS (pieces) - 1 ? "" : pieces[p], n);
          len += n;
        }
      check_utf8_like_glib (text, len);
    }
}

/* A table's header and first row, as the app shows them for a person
 * to name the columns: cells verbatim (quotes, line breaks, spaces),
 * a short row's missing cells empty, and nothing read past that row. */
static void
test_table_peek (void)
{
  static const char text[] =
    "uid,question,good\r\n"
    "q1,\"Two lines:\n  \"\"quoted\"\" \",  Jupiter.\r\n"
    "q2,broken \"row\n";
  g_autofree char *path = test_write_file (tmpdir, "peek.csv", text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricTable) table = rubric_table_peek (path, NULL, &error);
  const char *columns[] = { "uid", "question", "good", NULL };
  const char *first[] = { "q1", "Two lines:\n  \"quoted\" ", "  Jupiter.", NULL };

  g_assert_no_error (error);
  g_assert_nonnull (table);
  g_assert_cmpstrv (table->columns, columns);
  g_assert_cmpstrv (table->first_row, first);
  g_assert_null (table->format);
  g_assert_true (table->needs_map);
}

static void
test_table_peek_short_row (void)
{
  static const char text[] = "a\tb\tc\n1\t2\n";
  g_autofree char *path = test_write_file (tmpdir, "short.tsv", text, -1);
  g_autoptr(RubricTable) table = rubric_table_peek (path, NULL, NULL);
  const char *first[] = { "1", "2", "", NULL };

  g_assert_nonnull (table);
  g_assert_cmpuint (g_strv_length (table->columns), ==, 3);
  g_assert_cmpstrv (table->first_row, first);
}

/* A header alone still names its columns; there is no row to show. */
static void
test_table_peek_header_only (void)
{
  g_autofree char *path = test_write_file (tmpdir, "header.csv", "prompt;answer\n", -1);
  g_autoptr(RubricTable) table = rubric_table_peek (path, NULL, NULL);
  const char *columns[] = { "prompt", "answer", NULL };

  g_assert_nonnull (table);
  g_assert_cmpstrv (table->columns, columns);
  g_assert_null (table->first_row);
  g_assert_true (table->needs_map);
}

/* Label Studio's CSV export is recognised, but names no prompt column;
 * Chatbot Arena's CSV needs no map. */
static void
test_table_peek_formats (void)
{
  g_autofree char *labelstudio = test_realdata_path ("labelstudio-sdk-csv-export.tsv");
  g_autofree char *arena = test_write_file (tmpdir, "arena.csv",
                                            "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,"
                                            "winner_model_b,winner_tie\n"
                                            "1,x,y,\"[\"\"Hi\"\"]\",\"[\"\"A\"\"]\",\"[\"\"B\"\"]\",1,0,0\n", -1);
  g_autoptr(RubricTable) table = rubric_table_peek (labelstudio, NULL, NULL);
  g_autoptr(RubricTable) arena_table = rubric_table_peek (arena, NULL, NULL);

  g_assert_nonnull (table);
  g_assert_cmpstr (table->format, ==, "labelstudio-csv");
  g_assert_true (table->needs_map);
  g_assert_cmpuint (g_strv_length (table->columns), ==, 20);
  g_assert_cmpstr (table->columns[2], ==, "alternative_titles");
  g_assert_cmpstr (table->first_row[2], ==, "[\"CHENG SHOU\",\"RENG SHI ZHE YANG AI NI\"]");
  g_assert_nonnull (arena_table);
  g_assert_cmpstr (arena_table->format, ==, "arena-csv");
  g_assert_false (arena_table->needs_map);
}

/* Tasks and a known format are no table; a file that cannot be read,
 * or a broken header, says why. */
/* A compare task whose kind was left out: its responses are Rubric's. */
#define NO_KIND_TASK "{\"id\":\"t1\",\"prompt\":\"Hi?\",\"responses\":[{\"id\":\"a\",\"content\":\"Yes.\"}," \
                     "{\"id\":\"b\",\"content\":\"No.\"}]}"

/* A task file whose first task has no kind is a task file with a
 * problem on that line, not a dataset's own fields to name. */
static void
test_first_task_without_kind (void)
{
  g_auto(Outcome) o = { 0 };

  read_all ("no-kind.jsonl", NO_KIND_TASK "\n" TASK ("t2") "\n", -1, 0, &o);
  assert_one_problem (&o, 1, "kind: missing");
  g_assert_cmpuint (o.n_tasks, ==, 1);
}

static void
test_table_peek_not_a_table (void)
{
  g_autofree char *json = test_write_file (tmpdir, "not-table.jsonl",
                                           "{\"id\":\"t\",\"kind\":\"write\",\"prompt\":\"a\"}\n", -1);
  g_autofree char *broken_task = test_write_file (tmpdir, "broken-task.jsonl",
                                                  "{\"kind\":\"write\",\"prompt\":\"no id\"}\n", -1);
  g_autofree char *no_kind = test_write_file (tmpdir, "no-kind.jsonl", NO_KIND_TASK "\n", -1);
  g_autofree char *hh = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autofree char *missing = g_build_filename (tmpdir, "no-such.csv", NULL);
  g_autofree char *bad = test_write_file (tmpdir, "bad-header.csv", "a,\"b\xff\",c\n1,2,3\n", -1);
  g_autoptr(GError) error = NULL;

  g_assert_null (rubric_table_peek (json, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (rubric_table_peek (broken_task, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (rubric_table_peek (no_kind, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (rubric_table_peek (hh, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (rubric_table_peek (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (rubric_table_peek (bad, NULL, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad-header.csv:1: the header: invalid UTF-8"));
}

/* JSON records of a dataset's own fields are a table too: its fields
 * in their order, text as it is and other values as JSON; in a JSON
 * array as in JSON Lines. */
static void
test_table_peek_records (void)
{
  g_autofree char *lines = test_write_file (tmpdir, "fields.jsonl",
                                            "{\"question\":\" 2+2?\\n\",\"answer\":4,\"ok\":true,\"tags\":[\"a\"],"
                                            "\"n\":null}\n{\"question\":\"x\"}\n", -1);
  g_autofree char *array = test_write_file (tmpdir, "fields.json", "[\n {\"q\": \"Hi?\", \"a\": \"Yes.\"}\n]\n", -1);
  g_autoptr(RubricTable) table = rubric_table_peek (lines, NULL, NULL);
  g_autoptr(RubricTable) from_array = rubric_table_peek (array, NULL, NULL);
  const char *columns[] = { "question", "answer", "ok", "tags", "n", NULL };
  const char *first[] = { " 2+2?\n", "4", "true", "[\"a\"]", "", NULL };
  const char *array_columns[] = { "q", "a", NULL };

  g_assert_nonnull (table);
  g_assert_true (table->records);
  g_assert_true (table->needs_map);
  g_assert_cmpstrv (table->columns, columns);
  g_assert_cmpstrv (table->first_row, first);
  g_assert_nonnull (from_array);
  g_assert_cmpstrv (from_array->columns, array_columns);
}

/* Such records are refused, by file and line and with their fields,
 * until a map names them; then each becomes a task, a number that the
 * map names read as its text, the other fields kept as they are. */
static void
test_json_map (void)
{
  static const char text[] = "{\"qid\":7,\"question\":\"Hi?\",\"reply\":\"Yes.\",\"ok\":1,\"score\":0.5}\n";
  g_autofree char *path = test_write_file (tmpdir, "json-map.jsonl", text, -1);
  g_autoptr(RubricTaskReader) refused = rubric_task_reader_new_for_path (path, NULL);
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, NULL);
  const char *map[] = { "id=qid", "prompt=question", "response=reply", "label=ok", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:1: a record of the fields “qid”, “question”, “reply”, “ok”, “score”",
                                               path);
  const RubricTaskRecord *record;

  g_assert_null (rubric_task_reader_next (refused, NULL, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, "--map FIELD=NAME"));
  g_clear_error (&error);

  rubric_task_reader_set_options (reader, &options);
  record = rubric_task_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpstr (rubric_json_get_string (record->object, "id"), ==, "7");
  g_assert_cmpstr (rubric_json_get_string (record->object, "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (record->object, "gold.verdict"), ==, "accept");
  g_assert_true (json_object_is_type (json_object_object_get (json_object_object_get (record->object, "meta"), "score"),
                                      json_type_double));
  g_assert_cmpuint (rubric_task_reader_get_n_problems (reader), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add_func ("/reader/jsonl-with-header", test_jsonl_with_header);
  g_test_add_func ("/reader/error/text-not-unicode", test_text_not_unicode);
  g_test_add_func ("/reader/utf8-like-glib", test_utf8_like_glib);
  g_test_add_func ("/reader/escaped-key", test_escaped_key);
  g_test_add_func ("/reader/error/bounded", test_bounded);
  g_test_add_func ("/reader/error/cut-surrogate", test_cut_surrogate);
  g_test_add_func ("/reader/record-text-is-verbatim", test_record_text_is_verbatim);
  g_test_add_func ("/reader/error/missing-id", test_missing_id);
  g_test_add_func ("/reader/error/wrong-kind", test_wrong_kind);
  g_test_add_func ("/reader/error/wrong-type", test_wrong_type);
  g_test_add_func ("/reader/error/context-roles", test_context_roles);
  g_test_add_func ("/reader/error/response-count", test_response_count);
  g_test_add_func ("/reader/error/response-fields", test_response_fields);
  g_test_add_func ("/reader/error/duplicate-id", test_duplicate_id);
  g_test_add_func ("/reader/error/not-an-object", test_not_an_object);
  g_test_add_func ("/reader/error/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/reader/error/nul", test_nul_byte);
  g_test_add_func ("/reader/error/csv-limits", test_csv_limits);
  g_test_add_func ("/reader/error/first-task-without-kind", test_first_task_without_kind);
  g_test_add_func ("/reader/document/missing-quote", test_document_missing_quote);
  g_test_add_func ("/reader/document/fault-located", test_document_fault_located);
  g_test_add_func ("/reader/error/named-as-json", test_named_as_json);
  g_test_add_func ("/reader/error/nesting-too-deep", test_nesting_too_deep);
  g_test_add_func ("/reader/error/field-too-large", test_field_too_large);
  g_test_add_func ("/reader/error/trailing-garbage", test_trailing_garbage);
  g_test_add_func ("/reader/error/broken-json", test_broken_json);
  g_test_add_func ("/reader/error/unsupported-header", test_unsupported_header);
  g_test_add_func ("/reader/document/object", test_document_form);
  g_test_add_func ("/reader/document/array", test_document_array);
  g_test_add_func ("/reader/document/one-line", test_document_on_one_line);
  g_test_add_func ("/reader/document/unclosed", test_document_unclosed);
  g_test_add_func ("/reader/samples-are-valid", test_samples_are_valid);
  g_test_add_func ("/reader/table-peek", test_table_peek);
  g_test_add_func ("/reader/table-peek/short-row", test_table_peek_short_row);
  g_test_add_func ("/reader/table-peek/header-only", test_table_peek_header_only);
  g_test_add_func ("/reader/table-peek/formats", test_table_peek_formats);
  g_test_add_func ("/reader/table-peek/not-a-table", test_table_peek_not_a_table);
  g_test_add_func ("/reader/table-peek/records", test_table_peek_records);
  g_test_add_func ("/reader/json-map", test_json_map);

  status = g_test_run ();
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
