/* test-formats-tools.c — other tools' exports and tables: Label Studio,
 * Prodigy, Argilla, the Chatbot Arena CSV and CSV/TSV with a column map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rubric-error.h"
#include "rubric-task-reader.h"
#include "test-util.h"

/* What reading a file gave: its tasks, its problems without the
 * folder (“name:line: field: message”), and a fatal error. */
typedef struct
{
  char      *dir;
  char      *path;
  GPtrArray *tasks;
  GPtrArray *problems;
  char      *format;
  GError    *error;
} Read;

static void
read_free (Read *read)
{
  test_rm_rf (read->dir);
  g_free (read->dir);
  g_free (read->path);
  g_clear_pointer (&read->tasks, g_ptr_array_unref);
  g_clear_pointer (&read->problems, g_ptr_array_unref);
  g_free (read->format);
  g_clear_error (&read->error);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static Read *
read_text (const char              *name,
           const char              *contents,
           gssize                   len,
           const RubricReadOptions *options)
{
  Read *read = g_new0 (Read, 1);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *prefix = NULL;

  read->dir = test_tmpdir ();
  read->path = test_write_file (read->dir, name, contents, len);
  read->tasks = test_read_tasks (read->path, options, &read->format, &problems, &read->error);
  prefix = g_strconcat (read->dir, G_DIR_SEPARATOR_S, NULL);
  read->problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      g_ptr_array_add (read->problems, g_strdup (g_str_has_prefix (problem, prefix) ? problem + strlen (prefix) : problem));
    }
  return read;
}

/* Every problem, one a line. */
static char *
problems_of (Read *read)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < read->problems->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "\n" : "", (const char *) g_ptr_array_index (read->problems, i));
  return g_string_free (out, FALSE);
}

static json_object *
task_at (Read  *read,
         guint  index)
{
  g_assert_nonnull (read->tasks);
  g_assert_cmpuint (index, <, read->tasks->len);
  return g_ptr_array_index (read->tasks, index);
}

static const char *
json_of (json_object *object)
{
  return json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

#define assert_path(task, path, expected) g_assert_cmpstr (test_get_path ((task), (path)), ==, (expected))

static void
assert_problems (Read       *read,
                 const char *expected)
{
  g_autofree char *problems = problems_of (read);

  g_assert_cmpstr (problems, ==, expected);
}

/* CSV and TSV with a column map ------------------------------------- */

static const char * const compare_map[] = {
  "id=id", "prompt=prompt", "response=response_a", "response=response_b", "label=label", NULL
};

/* RFC 4180: rows end in CRLF while a quoted cell holds a bare LF, quotes
 * are doubled, a BOM starts the file, the last row has no line break,
 * and spaces around an unquoted cell are part of it. */
static void
test_csv_rfc4180 (void)
{
  static const char text[] =
    "\xEF\xBB\xBFprompt,id,response_a,response_b,label\r\n"
    "\"Say \"\"hi\"\"\non two lines\",t1, hello ,\"x\"\"y\",A\r\n"
    "plain,t2,\"a\r\nb\",,tie\r\n"
    "\"\",t3,c,d,2";
  RubricReadOptions options = { .map = compare_map };
  g_autoptr(Read) read = read_text ("pairs.csv", text, -1, &options);
  json_object *task;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "csv");
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 3);

  task = task_at (read, 0);
  g_assert_cmpstr (json_of (task), ==,
                   "{\"id\":\"t1\",\"kind\":\"compare\",\"prompt\":\"Say \\\"hi\\\"\\non two lines\","
                   "\"responses\":[{\"id\":\"a\",\"content\":\" hello \"},{\"id\":\"b\",\"content\":\"x\\\"y\"}],"
                   "\"gold\":{\"source\":{\"format\":\"csv\",\"dataset\":\"CSV or TSV with a column map\","
                   "\"file\":\"pairs\",\"line\":2},\"choice\":\"A\"}}");
  task = task_at (read, 1);
  assert_path (task, "gold.source.line", "4");
  assert_path (task, "responses[0].content", "a\r\nb");
  assert_path (task, "responses[1].content", "");
  assert_path (task, "gold.choice", "tie");
  task = task_at (read, 2);
  assert_path (task, "prompt", "");
  assert_path (task, "gold.source.line", "6");
  assert_path (task, "gold.choice", "B");
}

static void
test_csv_semicolon (void)
{
  static const char text[] = "question;good;bad;source\nWhy?;Because.;No.;forum\n";
  static const char * const map[] = { "prompt=question", "chosen=good", "rejected=bad", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("pairs.csv", text, -1, &options);
  json_object *task;
  gboolean second;

  g_assert_no_error (read->error);
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 1);
  task = task_at (read, 0);
  assert_path (task, "kind", "compare");
  assert_path (task, "id", "pairs-2");
  assert_path (task, "prompt", "Why?");
  second = g_strcmp0 (test_get_path (task, "gold.choice"), "B") == 0;
  assert_path (task, second ? "responses[1].content" : "responses[0].content", "Because.");
  assert_path (task, second ? "responses[0].content" : "responses[1].content", "No.");
  assert_path (task, "meta", "{\"source\":\"forum\"}");
}

/* A tab-separated file: empty cells between tabs stay cells, and a
 * cell keeps its leading and trailing spaces. */
static void
test_csv_tab (void)
{
  static const char text[] =
    "prompt\tresponse\tnote\tlabel\n"
    " Rate this\t r \t\ttrue\n"
    "Again\tanswer\t\t\n"
    "Third\tanswer\tx\tREJECT\n";
  static const char * const map[] = { "prompt=prompt", "response=response", "label=label", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("reviews.tsv", text, -1, &options);

  g_assert_no_error (read->error);
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 3);
  g_assert_cmpstr (json_of (task_at (read, 0)), ==,
                   "{\"id\":\"reviews-2\",\"kind\":\"review\",\"prompt\":\" Rate this\","
                   "\"responses\":[{\"id\":\"a\",\"content\":\" r \"}],"
                   "\"gold\":{\"source\":{\"format\":\"csv\",\"dataset\":\"CSV or TSV with a column map\","
                   "\"file\":\"reviews\",\"line\":2},\"verdict\":\"accept\"},\"meta\":{\"note\":\"\"}}");
  assert_path (task_at (read, 1), "gold", "");
  assert_path (task_at (read, 2), "gold.verdict", "reject");
  assert_path (task_at (read, 2), "meta.note", "x");
}

static void
test_csv_kinds (void)
{
  static const char text[] =
    "q,r1,r2,r3,ref\n"
    "Rank them,one,two,three,\n";
  static const char * const rank_map[] = { "prompt=q", "response=r1", "response=r2", "response=r3", NULL };
  static const char * const write_map[] = { "prompt=q", "answer=r2", "id=ref", NULL };
  RubricReadOptions rank_options = { .map = rank_map };
  RubricReadOptions write_options = { .map = write_map };
  g_autoptr(Read) ranked = read_text ("kinds.csv", text, -1, &rank_options);
  g_autoptr(Read) written = read_text ("kinds.csv", text, -1, &write_options);

  g_assert_no_error (ranked->error);
  assert_problems (ranked, "");
  assert_path (task_at (ranked, 0), "kind", "rank");
  assert_path (task_at (ranked, 0), "responses[2].id", "c");
  assert_path (task_at (ranked, 0), "responses[2].content", "three");
  assert_path (task_at (ranked, 0), "meta", "{\"ref\":\"\"}");

  g_assert_no_error (written->error);
  assert_problems (written, "");
  g_assert_cmpstr (json_of (task_at (written, 0)), ==,
                   "{\"id\":\"kinds-2\",\"kind\":\"write\",\"prompt\":\"Rank them\","
                   "\"gold\":{\"source\":{\"format\":\"csv\",\"dataset\":\"CSV or TSV with a column map\","
                   "\"file\":\"kinds\",\"line\":2},\"answer\":\"two\"},"
                   "\"meta\":{\"r1\":\"one\",\"r3\":\"three\"}}");
}

static void
test_csv_malformed_quote (void)
{
  static const char text[] = "prompt,response\n\"fine\",ok\nbad\"quote,x\nlast,y\n";
  static const char unterminated[] = "prompt,response\nfine,ok\n\"open,x\nmore\n";
  static const char * const map[] = { "prompt=prompt", "response=response", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("broken.csv", text, -1, &options);
  g_autoptr(Read) open = read_text ("open.csv", unterminated, -1, &options);
  g_autofree char *expected = g_strdup_printf ("%s:3: the row that starts here has a quote where a cell cannot "
                                               "have one: inside a cell not in quotes, or after a quoted cell's "
                                               "closing quote (a quote inside a quoted cell is written twice: \"\")",
                                               read->path);
  g_autofree char *expected_open = g_strdup_printf ("%s:3: a quoted cell of the row that starts here is not closed "
                                                    "before the end of the file", open->path);

  g_assert_error (read->error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpstr (read->error->message, ==, expected);
  g_assert_error (open->error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpstr (open->error->message, ==, expected_open);
}

static void
test_csv_row_problems (void)
{
  static const char text[] =
    "prompt,response,label\n"
    "one,a,b,extra\n"
    "two\xff,b,true\n"
    "three,c\n"
    "four,d,maybe\n"
    "five,e,0\n";
  static const char * const map[] = { "prompt=prompt", "response=response", "label=label", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("rows.csv", text, -1, &options);

  g_assert_no_error (read->error);
  assert_problems (read,
                   "rows.csv:2: the row has 4 cells, the header 3\n"
                   "rows.csv:3: prompt: invalid UTF-8 at byte 4 of the cell\n"
                   "rows.csv:4: label: the row ends before this column\n"
                   "rows.csv:5: label: “maybe” is not a verdict; use true, false, 1, 0, accept or reject");
  g_assert_cmpuint (read->tasks->len, ==, 1);
  assert_path (task_at (read, 0), "prompt", "five");
  assert_path (task_at (read, 0), "gold.verdict", "reject");
}

/* A column the header lacks is one problem, not one per row. */
static void
test_csv_missing_column (void)
{
  static const char text[] = "prompt,response\na,b\nc,d\ne,f\n";
  static const char * const map[] = { "prompt=question", "response=response", NULL };
  static const char * const unfit[] = { "prompt=prompt", "chosen=response", NULL };
  RubricReadOptions options = { .map = map };
  RubricReadOptions unfit_options = { .map = unfit };
  g_autoptr(Read) read = read_text ("cols.csv", text, -1, &options);
  g_autoptr(Read) unfit_read = read_text ("cols.csv", text, -1, &unfit_options);

  g_assert_no_error (read->error);
  assert_problems (read, "cols.csv:2: question: no such column; the header has “prompt”, “response”");
  g_assert_cmpuint (read->tasks->len, ==, 0);
  g_assert_no_error (unfit_read->error);
  assert_problems (unfit_read, "cols.csv:2: --map chosen needs --map rejected too");
  g_assert_cmpuint (unfit_read->tasks->len, ==, 0);
}

static void
test_csv_bad_label (void)
{
  static const char text[] = "id,prompt,response_a,response_b,label\nx,p,a,b,C\ny,p,a,b, b \n";
  RubricReadOptions options = { .map = compare_map };
  g_autoptr(Read) read = read_text ("labels.csv", text, -1, &options);

  g_assert_no_error (read->error);
  assert_problems (read, "labels.csv:2: label: “C” is not a choice; use A, B, 1, 2, tie or both-bad");
  g_assert_cmpuint (read->tasks->len, ==, 1);
  assert_path (task_at (read, 0), "gold.choice", "B");
}

/* Chatbot Arena 55k CSV --------------------------------------------- */

static void
test_arena_csv (void)
{
  static const char text[] =
    "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n"
    "30192,gpt-4,claude-2,\"[\"\"Say \\\"\"hi\\\"\"\"\"]\",\"[\"\"\\\"\"hi\\\"\"\"\"]\",\"[\"\"Hi!\"\"]\",1,0,0\n"
    "53567,m1,m2,\"[\"\"Q1\"\",\"\"Q2\"\"]\",\"[\"\"A1\"\",\"\"A2\"\"]\",\"[\"\"B1\"\",\"\"B2\"\"]\",0,1,0\n"
    "65089,m1,m2,\"[\"\"Q1\"\",\"\"Q2\"\"]\",\"[null,\"\"A2\"\"]\",\"[\"\"B1\"\",\"\"B2\"\"]\",0,0,1\n"
    "96401,m1,m2,\"[\"\"Q1\"\"]\",\"[\"\"A1\"\"]\",\"[null]\",1,0,0\n"
    "198779,m1,m2,\"[\"\"Q1\"\"]\",\"[\"\"A1\"\"]\",\"[\"\"B1\"\"]\",0,0,0\n"
    "292873,m1,m2,\"[\"\"Q1\"\"]\",\"[\"\"A1\"\"]\",\"[\"\"B1\"\"]\",1,1,0\n"
    "313413,m1,m2,\"[\"\"Q1\"\"]\",\"[\"\"A1\"\",\"\"A2\"\"]\",\"[\"\"B1\"\"]\",1,0,0\n"
    "407038,m1,m2,\"[\"\"Q1\"\",\"\"Q2\"\"]\",\"[\"\"Same\"\",\"\"A2\"\"]\",\"[\"\"Same\"\",\"\"B2\"\"]\",0,1,0\n";
  g_autoptr(Read) read = read_text ("train.csv", text, -1, NULL);
  json_object *task;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "arena-csv");
  assert_problems (read,
                   "train.csv:5: response_b: the last reply is null; there is nothing to compare\n"
                   "train.csv:6: winner_model_a, winner_model_b, winner_tie: none is 1; exactly one must be\n"
                   "train.csv:7: winner_model_a, winner_model_b, winner_tie: 2 are 1; exactly one must be\n"
                   "train.csv:8: response_a: has 2 turns, the prompt 1");
  g_assert_cmpuint (read->tasks->len, ==, 4);

  task = task_at (read, 0);
  g_assert_cmpstr (json_of (task), ==,
                   "{\"id\":\"30192\",\"kind\":\"compare\",\"prompt\":\"Say \\\"hi\\\"\","
                   "\"responses\":[{\"id\":\"a\",\"content\":\"\\\"hi\\\"\",\"model\":\"gpt-4\"},"
                   "{\"id\":\"b\",\"content\":\"Hi!\",\"model\":\"claude-2\"}],"
                   "\"gold\":{\"source\":{\"format\":\"arena-csv\",\"dataset\":\"Chatbot Arena human preference CSV\","
                   "\"file\":\"train\",\"line\":2},\"choice\":\"A\"}}");

  task = task_at (read, 1);
  assert_path (task, "prompt", "Q1");
  assert_path (task, "context", "");
  assert_path (task, "responses[0].turns",
               "[{\"role\":\"assistant\",\"content\":\"A1\"},{\"role\":\"user\",\"content\":\"Q2\"}]");
  assert_path (task, "responses[0].content", "A2");
  assert_path (task, "responses[1].turns",
               "[{\"role\":\"assistant\",\"content\":\"B1\"},{\"role\":\"user\",\"content\":\"Q2\"}]");
  assert_path (task, "responses[1].content", "B2");
  assert_path (task, "gold.choice", "B");

  task = task_at (read, 2);
  assert_path (task, "responses[0].turns",
               "[{\"role\":\"assistant\",\"content\":\"\"},{\"role\":\"user\",\"content\":\"Q2\"}]");
  assert_path (task, "meta", "{\"null_turns\":[\"response_a[0]\"]}");
  assert_path (task, "gold.choice", "tie");

  /* The same first reply on both sides: the second question is the prompt. */
  task = task_at (read, 3);
  assert_path (task, "id", "407038");
  assert_path (task, "prompt", "Q2");
  assert_path (task, "context", "[{\"role\":\"user\",\"content\":\"Q1\"},{\"role\":\"assistant\",\"content\":\"Same\"}]");
  assert_path (task, "responses[0].turns", "");
  assert_path (task, "responses[0].content", "A2");
}

static void
test_arena_csv_test_split (void)
{
  static const char text[] =
    "id,prompt,response_a,response_b\n"
    "136060,\"[\"\"I have three oranges today\"\"]\",\"[\"\"You have three.\"\"]\",\"[\"\"Three.\"\"]\"\n";
  g_autoptr(Read) read = read_text ("test.csv", text, -1, NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "arena-csv");
  assert_problems (read, "");
  g_assert_cmpstr (json_of (task_at (read, 0)), ==,
                   "{\"id\":\"136060\",\"kind\":\"compare\",\"prompt\":\"I have three oranges today\","
                   "\"responses\":[{\"id\":\"a\",\"content\":\"You have three.\"},{\"id\":\"b\",\"content\":\"Three.\"}]}");
}

/* Label Studio ------------------------------------------------------ */

static const char labelstudio_export[] =
  "[\n"
  "{\"id\": 11, \"data\": {\"prompt\": \"Name a colour.\", \"answer1\": \" Blue\", \"answer2\": \"Red\\n\", \"source\": \"demo\"},\n"
  " \"annotations\": [\n"
  "  {\"id\": 100, \"completed_by\": 1, \"was_cancelled\": true, \"lead_time\": 1.5,\n"
  "   \"result\": [{\"type\": \"pairwise\", \"from_name\": \"comparison\", \"to_name\": \"comparison\", \"value\": {\"selected\": \"right\"}}]},\n"
  "  {\"id\": 101, \"completed_by\": 2, \"was_cancelled\": false, \"lead_time\": 12.25, \"created_at\": \"2024-01-02T03:04:05Z\",\n"
  "   \"result\": [{\"id\": \"r1\", \"type\": \"pairwise\", \"from_name\": \"comparison\", \"to_name\": \"comparison\",\n"
  "                \"value\": {\"selected\": \"left\"}, \"origin\": \"manual\"},\n"
  "               {\"id\": \"r2\", \"type\": \"textarea\", \"from_name\": \"why\", \"to_name\": \"prompt\",\n"
  "                \"value\": {\"text\": [\"Blue is a colour.\"]}}]},\n"
  "  {\"id\": 102, \"completed_by\": {\"id\": 3, \"email\": \"c@example.com\"},\n"
  "   \"result\": [{\"type\": \"pairwise\", \"from_name\": \"comparison\", \"to_name\": \"comparison\", \"value\": {\"selected\": \"right\"}}]}],\n"
  " \"predictions\": []},\n"
  "{\"id\": 12, \"data\": {\"question\": \"Pick one\", \"txt-1\": \"x\", \"txt-2\": \"y\"},\n"
  " \"annotations\": [{\"id\": 103, \"completed_by\": 2,\n"
  "   \"result\": [{\"type\": \"pairwise\", \"from_name\": \"pw\", \"to_name\": \"txt-1,txt-2\", \"value\": {\"selected\": \"right\"}}]}]},\n"
  "{\"id\": 13, \"data\": {\"query\": \"arrow functions\", \"items\": [\n"
  "   {\"id\": \"blog\", \"title\": \"10 tips\", \"body\": \"Tips.\"}, {\"id\": \"mdn\", \"title\": \"Arrow functions\", \"body\": \"MDN.\"},\n"
  "   {\"id\": \"wiki\", \"title\": \"Arrow\", \"body\": \"Wiki.\"}, {\"id\": \"so\", \"title\": \"Q&A\"}]},\n"
  " \"annotations\": [{\"id\": 104, \"completed_by\": 2,\n"
  "   \"result\": [{\"type\": \"ranker\", \"from_name\": \"rank\", \"to_name\": \"results\",\n"
  "                \"value\": {\"ranker\": {\"best\": [\"mdn\"], \"ads\": [\"blog\"], \"_\": [\"wiki\"]}}}]}]},\n"
  "{\"id\": 14, \"data\": {\"instruction\": \"Write a haiku.\"},\n"
  " \"annotations\": [{\"id\": 105, \"completed_by\": 2,\n"
  "   \"result\": [{\"type\": \"textarea\", \"from_name\": \"answer\", \"to_name\": \"instruction\",\n"
  "                \"value\": {\"text\": [\"Old pond\", \"a frog jumps in\"]}},\n"
  "               {\"type\": \"choices\", \"from_name\": \"quality\", \"to_name\": \"instruction\", \"value\": {\"choices\": [\"good\"]}}]}]}\n"
  "]\n";

static void
test_labelstudio_pairwise (void)
{
  g_autoptr(Read) read = read_text ("ls.json", labelstudio_export, -1, NULL);
  json_object *task;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "labelstudio");
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 4);

  /* Left is A; the cancelled annotation is skipped; both others kept. */
  task = task_at (read, 0);
  g_assert_cmpstr (json_of (task), ==,
                   "{\"id\":\"11\",\"kind\":\"compare\",\"prompt\":\"Name a colour.\",\"responses\":[{\"id\":\"a\",\"content\":\" "
                   "Blue\"},{\"id\":\"b\",\"content\":\"Red\\n\"}],\"gold\":{\"source\":{\"format\":\"labelstudio\",\"dataset\":\"Label "
                   "Studio JSON export\",\"file\":\"ls\",\"line\":2},\"annotator\":2,\"choice\":\"A\",\"justification\":\"Blue "
                   "is a colour.\",\"annotators\":[{\"annotator\":2,\"annotation_id\":101,\"choice\":\"A\",\"justification\":\"Blue "
                   "is a colour.\"},{\"annotator\":{\"id\":3,\"email\":\"c@example.com\"},\"annotation_id\":102,\"choice\":\"B\"}]},"
                   "\"meta\":{\"annotations\":[{\"annotation_id\":100,\"annotator\":1,\"lead_time\":1.5,\"was_cancelled\":true},"
                   "{\"annotation_id\":101,\"annotator\":2,\"lead_time\":12.25,\"created_at\":\"2024-01-02T03:04:05Z\",\"was_cancelled\":false},"
                   "{\"annotation_id\":102,\"annotator\":{\"id\":3,\"email\":\"c@example.com\"}}],\"data\":{\"source\":\"demo\"}}}");

  /* to_name "a,b" names the data keys; the prompt is the first other text. */
  task = task_at (read, 1);
  assert_path (task, "id", "12");
  assert_path (task, "prompt", "Pick one");
  assert_path (task, "responses[0].content", "x");
  assert_path (task, "responses[1].content", "y");
  assert_path (task, "gold.choice", "B");
}

static void
test_labelstudio_ranker (void)
{
  g_autoptr(Read) read = read_text ("ls.json", labelstudio_export, -1, NULL);
  json_object *task;

  g_assert_no_error (read->error);
  task = task_at (read, 2);
  g_assert_cmpstr (json_of (task), ==,
                   "{\"id\":\"13\",\"kind\":\"rank\",\"prompt\":\"arrow functions\",\"responses\":[{\"id\":\"a\",\"content\":\"Tips.\"},"
                   "{\"id\":\"b\",\"content\":\"MDN.\"},{\"id\":\"c\",\"content\":\"Wiki.\"},{\"id\":\"d\",\"content\":\"Q&A\"}],"
                   "\"gold\":{\"source\":{\"format\":\"labelstudio\",\"dataset\":\"Label Studio JSON export\",\"file\":\"ls\","
                   "\"line\":17},\"annotator\":2,\"ranking\":[\"b\",\"a\",\"c\",\"d\"],\"ties\":[\"d\"],\"annotators\":[{\"annotator\":2,"
                   "\"annotation_id\":104,\"ranking\":[\"b\",\"a\",\"c\",\"d\"],\"ties\":[\"d\"]}]},\"meta\":{\"annotations\":[{\"annotation_id\":104,"
                   "\"annotator\":2}],\"items\":[{\"response\":\"a\",\"id\":\"blog\",\"title\":\"10 tips\"},{\"response\":\"b\","
                   "\"id\":\"mdn\",\"title\":\"Arrow functions\"},{\"response\":\"c\",\"id\":\"wiki\",\"title\":\"Arrow\"},"
                   "{\"response\":\"d\",\"id\":\"so\"}]}}");
}

static void
test_labelstudio_textarea (void)
{
  g_autoptr(Read) read = read_text ("ls.json", labelstudio_export, -1, NULL);
  json_object *task;

  g_assert_no_error (read->error);
  task = task_at (read, 3);
  g_assert_cmpstr (json_of (task), ==,
                   "{\"id\":\"14\",\"kind\":\"write\",\"prompt\":\"Write a haiku.\",\"gold\":{\"source\":{\"format\":\"labelstudio\","
                   "\"dataset\":\"Label Studio JSON export\",\"file\":\"ls\",\"line\":23},\"annotator\":2,\"answer\":\"Old "
                   "pond\\n\\na frog jumps in\",\"choices\":{\"quality\":[\"good\"]},\"annotators\":[{\"annotator\":2,\"annotation_id\":105,"
                   "\"answer\":\"Old pond\\n\\na frog jumps in\",\"choices\":{\"quality\":[\"good\"]}}]},\"meta\":{\"annotations\":[{\"annotation_id\":105,"
                   "\"annotator\":2}]}}");
}

/* The compared keys cannot be told: a problem asking for the map, and
 * the map then read left first. */
static void
test_labelstudio_needs_map (void)
{
  static const char text[] =
    "[{\"id\": 1, \"data\": {\"prompt\": \"Q\", \"first\": \"one\", \"second\": \"two\"},\n"
    "  \"annotations\": [{\"id\": 5, \"result\": [{\"type\": \"pairwise\", \"from_name\": \"pw\", \"to_name\": \"pw\",\n"
    "                                         \"value\": {\"selected\": \"left\"}}]}]},\n"
    " {\"id\": 2, \"data\": {\"prompt\": \"Q2\", \"first\": \"three\", \"second\": \"four\"}, \"annotations\": []}]\n";
  static const char * const map[] = { "response=second", "response=first", NULL };
  RubricReadOptions options = { .map = map };
  RubricReadOptions kind = { .map = map, .kind = "compare" };
  g_autoptr(Read) read = read_text ("ls.json", text, -1, NULL);
  g_autoptr(Read) mapped = read_text ("ls.json", text, -1, &options);
  g_autoptr(Read) kinded = read_text ("ls.json", text, -1, &kind);

  g_assert_no_error (read->error);
  assert_problems (read,
                   "ls.json:1: data: the pairwise result (pw) does not say which data it compared; name them, left first, "
                   "with --map response=KEY --map response=KEY (the data keys are “prompt”, “first”, “second”)\n"
                   "ls.json:4: annotations: no pairwise, ranker or textarea result says what this task is; "
                   "name its kind with --kind");
  g_assert_cmpuint (read->tasks->len, ==, 0);

  g_assert_no_error (mapped->error);
  assert_problems (mapped,
                   "ls.json:4: annotations: no pairwise, ranker or textarea result says what this task is; "
                   "name its kind with --kind");
  g_assert_cmpuint (mapped->tasks->len, ==, 1);
  assert_path (task_at (mapped, 0), "responses[0].content", "two");
  assert_path (task_at (mapped, 0), "responses[1].content", "one");
  assert_path (task_at (mapped, 0), "gold.choice", "A");

  /* Not yet annotated: --kind says what it is, and it has no gold. */
  g_assert_no_error (kinded->error);
  assert_problems (kinded, "");
  g_assert_cmpuint (kinded->tasks->len, ==, 2);
  g_assert_cmpstr (json_of (task_at (kinded, 1)), ==,
                   "{\"id\":\"2\",\"kind\":\"compare\",\"prompt\":\"Q2\",\"responses\":[{\"id\":\"a\",\"content\":\"four\"},"
                   "{\"id\":\"b\",\"content\":\"three\"}]}");
}

static void
test_labelstudio_json_min (void)
{
  static const char text[] =
    "[{\"id\": 11, \"prompt\": \"Name a colour.\", \"answer1\": \"Blue\", \"answer2\": \"Red\", \"comparison\": [{\"selected\": \"right\"}],\n"
    "  \"annotator\": \"a@example.com\", \"annotation_id\": 101, \"created_at\": \"2024-01-02T03:04:05Z\", \"lead_time\": 3.5},\n"
    " {\"id\": 11, \"prompt\": \"Name a colour.\", \"answer1\": \"Blue\", \"answer2\": \"Red\", \"comparison\": [{\"selected\": \"left\"}],\n"
    "  \"annotator\": \"b@example.com\", \"annotation_id\": 102, \"lead_time\": 1}]\n";
  g_autoptr(Read) read = read_text ("min.json", text, -1, NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "labelstudio");
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 2);
  g_assert_cmpstr (json_of (task_at (read, 0)), ==,
                   "{\"id\":\"11-101\",\"kind\":\"compare\",\"prompt\":\"Name a colour.\",\"responses\":[{\"id\":\"a\",\"content\":\"Blue\"},"
                   "{\"id\":\"b\",\"content\":\"Red\"}],\"gold\":{\"source\":{\"format\":\"labelstudio\",\"dataset\":\"Label "
                   "Studio JSON export\",\"file\":\"min\",\"line\":1},\"annotator\":\"a@example.com\",\"choice\":\"B\",\"annotators\":[{\"annotator\":\"a@example.com\","
                   "\"annotation_id\":101,\"choice\":\"B\"}]},\"meta\":{\"annotations\":[{\"annotation_id\":101,\"annotator\":\"a@example.com\","
                   "\"lead_time\":3.5,\"created_at\":\"2024-01-02T03:04:05Z\"}]}}");
  assert_path (task_at (read, 1), "id", "11-102");
  assert_path (task_at (read, 1), "gold.choice", "A");
}

static void
test_labelstudio_csv_realdata (void)
{
  g_autofree char *path = test_realdata_path ("labelstudio-sdk-csv-export.tsv");
  static const char * const map[] = { "prompt=uri", "response=title", "response=title_1", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) mapped_problems = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = test_read_tasks (path, NULL, &format, &problems, &error);
  g_autoptr(GPtrArray) mapped = NULL;
  g_autofree char *expected = NULL;
  json_object *task;

  g_assert_no_error (error);
  g_assert_cmpstr (format, ==, "labelstudio-csv");
  g_assert_cmpuint (tasks->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  expected = g_strdup_printf ("%s:2: no --map given: a Label Studio CSV export does not say which columns hold the "
                              "prompt and the responses. Its columns besides Label Studio's own are “_row_id”, "
                              "“alternative_titles”, “alternative_titles_1”, “iswcs”, “iswcs_1”, “provider”, “provider_1”, "
                              "“title”, “title_1”, “uri”, “uri_1”, “writers”, “writers_1”; name them, such as "
                              "--map prompt=_row_id --map response=alternative_titles --map response=alternative_titles_1 "
                              "(and --map label=COLUMN for a pairwise result)", path);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, expected);

  mapped = test_read_tasks (path, &options, NULL, &mapped_problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mapped_problems->len, ==, 0);
  g_assert_cmpuint (mapped->len, ==, 1);
  task = g_ptr_array_index (mapped, 0);
  assert_path (task, "id", "4-9");
  assert_path (task, "kind", "compare");
  assert_path (task, "prompt", "rawWork:spotify:publisher:WCPWW008648058000");
  assert_path (task, "responses", "[{\"id\":\"a\",\"content\":\"TAN BAI\"},{\"id\":\"b\",\"content\":\"TAN BAI\"}]");
  assert_path (task, "gold", "");
  assert_path (task, "meta.annotator", "test@heartex.com");
  assert_path (task, "meta.annotation_id", "9");
  assert_path (task, "meta.lead_time", "10.744");
  assert_path (task, "meta.agreement", "100.0");
  assert_path (task, "meta.provider", "");
  assert_path (task, "meta.writers",
               "[{\"ipi\":null,\"name\":\"JIN XING CHEN\",\"role\":\"COMPOSER_WRITER\",\"ip_name\":\"TP004681F\"},"
               "{\"ipi\":\"187772321\",\"name\":\"YI XIONG HUANG\",\"role\":\"AUTHOR_WRITER\",\"ip_name\":\"TP005BCB1\"}]");
}

static void
test_labelstudio_csv_pairwise (void)
{
  static const char text[] =
    "\"annotation_id\",\"annotator\",\"answer1\",\"answer2\",\"comparison\",\"created_at\",\"id\",\"lead_time\",\"prompt\"\n"
    "7,\"a@example.com\",\"Blue\",\"Red\",\"[{\"\"selected\"\": \"\"right\"\"}]\",\"2024-01-02T03:04:05Z\",3,2.5,\"Colour?\"\n"
    "8,\"b@example.com\",\"Blue\",\"Red\",\"[{\"\"selected\"\": \"\"left\"\"}]\",\"2024-01-02T03:05:05Z\",3,1.0,\"Colour?\"\n";
  static const char * const map[] = { "prompt=prompt", "response=answer1", "response=answer2", "label=comparison", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("ls.csv", text, -1, &options);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "labelstudio-csv");
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 2);
  g_assert_cmpstr (json_of (task_at (read, 0)), ==,
                   "{\"id\":\"3-7\",\"kind\":\"compare\",\"prompt\":\"Colour?\",\"responses\":[{\"id\":\"a\",\"content\":\"Blue\"},"
                   "{\"id\":\"b\",\"content\":\"Red\"}],\"gold\":{\"source\":{\"format\":\"labelstudio-csv\",\"dataset\":\"Label "
                   "Studio CSV or TSV export\",\"file\":\"ls\",\"line\":2},\"choice\":\"B\"},\"meta\":{\"annotation_id\":\"7\","
                   "\"annotator\":\"a@example.com\",\"created_at\":\"2024-01-02T03:04:05Z\",\"id\":\"3\",\"lead_time\":\"2.5\"}}");
  assert_path (task_at (read, 1), "id", "3-8");
  assert_path (task_at (read, 1), "gold.choice", "A");
}

/* Prodigy ----------------------------------------------------------- */

static const char prodigy_export[] =
  "{\"text\": \"Which reply is better?\", \"options\": [{\"id\": 1, \"text\": \"Sure.\"}, {\"id\": 2, \"text\": \"No.\"}], "
  "\"accept\": [2], \"answer\": \"accept\", \"_view_id\": \"choice\", \"_input_hash\": 11, \"_task_hash\": 22, "
  "\"_annotator_id\": \"pairs-alex\", \"_session_id\": \"pairs-alex\", \"_timestamp\": 1700000000}\n"
  "{\"text\": \"Best answer?\", \"options\": [{\"id\": \"x\", \"text\": \"One\"}, {\"id\": \"y\", \"text\": \"Two\"}, "
  "{\"id\": \"z\", \"text\": \"Three\"}], \"accept\": [\"z\"], \"answer\": \"accept\", \"_view_id\": \"choice\", "
  "\"_input_hash\": 12, \"_task_hash\": 23}\n"
  "{\"text\": \"Which?\", \"options\": [{\"id\": 1, \"text\": \"a\"}, {\"id\": 2, \"text\": \"b\"}], \"accept\": [1], "
  "\"answer\": \"reject\", \"_view_id\": \"choice\", \"_input_hash\": 13, \"_task_hash\": 24}\n"
  "{\"id\": \"q1\", \"input\": {\"text\": \"Translate: chat\"}, \"accept\": {\"text\": \"cat\"}, \"reject\": {\"text\": \"chat\"}, "
  "\"mapping\": {\"A\": \"accept\", \"B\": \"reject\"}, \"answer\": \"accept\", \"_view_id\": \"compare\", "
  "\"_input_hash\": 1, \"_task_hash\": 2, \"_annotator_id\": \"ev-bo\"}\n"
  "{\"id\": \"q2\", \"input\": {\"text\": \"Translate: chien\"}, \"accept\": {\"text\": \"dog\"}, \"reject\": {\"text\": \"chain\"}, "
  "\"mapping\": {\"A\": \"reject\", \"B\": \"accept\"}, \"answer\": \"accept\", \"_view_id\": \"compare\", \"_input_hash\": 3, \"_task_hash\": 4}\n"
  "{\"id\": \"q3\", \"input\": {\"text\": \"Translate: oui\"}, \"accept\": {\"text\": \"yes\"}, \"reject\": {\"text\": \"we\"}, "
  "\"mapping\": {\"A\": \"reject\", \"B\": \"accept\"}, \"answer\": \"reject\", \"_view_id\": \"compare\", \"_input_hash\": 5, \"_task_hash\": 6}\n"
  "{\"id\": \"q4\", \"input\": {\"text\": \"Translate: non\"}, \"accept\": {\"text\": \"no\"}, \"reject\": {\"text\": \"none\"}, "
  "\"mapping\": {\"A\": \"accept\", \"B\": \"reject\"}, \"answer\": \"ignore\", \"_view_id\": \"compare\", \"_input_hash\": 7, \"_task_hash\": 8}\n"
  "{\"id\": \"q5\", \"input\": {\"prompt\": \"Hi\"}, \"A\": {\"output\": \"Hello\", \"model\": \"m-a\"}, \"B\": {\"output\": \"Hey\", \"model\": \"m-b\"}, "
  "\"mapping\": {\"A\": \"reject\", \"B\": \"accept\"}, \"answer\": \"accept\", \"_view_id\": \"compare\", \"_input_hash\": 9, \"_task_hash\": 10}\n"
  "{\"text\": \"Apple rose\", \"spans\": [], \"answer\": \"accept\", \"_view_id\": \"ner_manual\", \"_input_hash\": 14, \"_task_hash\": 15}\n";

static void
test_prodigy_choice (void)
{
  g_autoptr(Read) read = read_text ("prodigy.jsonl", prodigy_export, -1, NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "prodigy");
  assert_problems (read,
                   "prodigy.jsonl:9: _view_id: a Prodigy “ner_manual” task is not one Rubric reads; "
                   "it reads choice tasks and compare (A/B evaluation) tasks");
  g_assert_cmpuint (read->tasks->len, ==, 8);
  g_assert_cmpstr (json_of (task_at (read, 0)), ==,
                   "{\"id\":\"22-pairs-alex\",\"kind\":\"compare\",\"prompt\":\"Which reply is better?\",\"responses\":[{\"id\":\"a\","
                   "\"content\":\"Sure.\"},{\"id\":\"b\",\"content\":\"No.\"}],\"gold\":{\"source\":{\"format\":\"prodigy\","
                   "\"dataset\":\"Prodigy annotations\",\"file\":\"prodigy\",\"line\":1},\"choice\":\"B\"},\"meta\":{\"options\":[{\"response\":\"a\","
                   "\"id\":1},{\"response\":\"b\",\"id\":2}],\"accept\":[2],\"_input_hash\":11,\"_task_hash\":22,\"_view_id\":\"choice\","
                   "\"answer\":\"accept\",\"_annotator_id\":\"pairs-alex\",\"_session_id\":\"pairs-alex\",\"_timestamp\":1700000000}}");
  g_assert_cmpstr (json_of (task_at (read, 1)), ==,
                   "{\"id\":\"23\",\"kind\":\"rank\",\"prompt\":\"Best answer?\",\"responses\":[{\"id\":\"a\",\"content\":\"One\"},"
                   "{\"id\":\"b\",\"content\":\"Two\"},{\"id\":\"c\",\"content\":\"Three\"}],\"gold\":{\"source\":{\"format\":\"prodigy\","
                   "\"dataset\":\"Prodigy annotations\",\"file\":\"prodigy\",\"line\":2},\"ranking\":[\"c\",\"a\",\"b\"],"
                   "\"ties\":[\"b\"]},\"meta\":{\"options\":[{\"response\":\"a\",\"id\":\"x\"},{\"response\":\"b\",\"id\":\"y\"},"
                   "{\"response\":\"c\",\"id\":\"z\"}],\"accept\":[\"z\"],\"_input_hash\":12,\"_task_hash\":23,\"_view_id\":\"choice\","
                   "\"answer\":\"accept\"}}");
  assert_path (task_at (read, 2), "gold", "");
}

static void
test_prodigy_compare (void)
{
  g_autoptr(Read) read = read_text ("prodigy.jsonl", prodigy_export, -1, NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (json_of (task_at (read, 3)), ==,
                   "{\"id\":\"q1-ev-bo\",\"kind\":\"compare\",\"prompt\":\"Translate: chat\",\"responses\":[{\"id\":\"a\","
                   "\"content\":\"cat\"},{\"id\":\"b\",\"content\":\"chat\"}],\"gold\":{\"source\":{\"format\":\"prodigy\","
                   "\"dataset\":\"Prodigy annotations\",\"file\":\"prodigy\",\"line\":4},\"choice\":\"A\"},\"meta\":{\"mapping\":{\"A\":\"accept\","
                   "\"B\":\"reject\"},\"_input_hash\":1,\"_task_hash\":2,\"_view_id\":\"compare\",\"answer\":\"accept\","
                   "\"_annotator_id\":\"ev-bo\"}}");

  /* The winner follows the mapping, not the position. */
  assert_path (task_at (read, 4), "responses[0].content", "chain");
  assert_path (task_at (read, 4), "responses[1].content", "dog");
  assert_path (task_at (read, 4), "gold.choice", "B");
  assert_path (task_at (read, 5), "responses[0].content", "we");
  assert_path (task_at (read, 5), "responses[1].content", "yes");
  assert_path (task_at (read, 5), "gold.choice", "A");
  assert_path (task_at (read, 6), "gold", "");
  assert_path (task_at (read, 6), "meta.answer", "ignore");
  g_assert_cmpstr (json_of (task_at (read, 7)), ==,
                   "{\"id\":\"q5\",\"kind\":\"compare\",\"prompt\":\"Hi\",\"responses\":[{\"id\":\"a\",\"content\":\"Hello\","
                   "\"model\":\"m-a\"},{\"id\":\"b\",\"content\":\"Hey\",\"model\":\"m-b\"}],\"gold\":{\"source\":{\"format\":\"prodigy\","
                   "\"dataset\":\"Prodigy annotations\",\"file\":\"prodigy\",\"line\":8},\"choice\":\"B\"},\"meta\":{\"mapping\":{\"A\":\"reject\","
                   "\"B\":\"accept\"},\"_input_hash\":9,\"_task_hash\":10,\"_view_id\":\"compare\",\"answer\":\"accept\"}}");
}

/* Argilla ----------------------------------------------------------- */

static const char argilla_records[] =
  "[\n"
  "{\"id\": \"r1\", \"fields\": {\"prompt\": \"Explain DNS.\", \"response-1\": \"One\", \"response-2\": \"Two\", \"response-3\": \"Three\", "
  "\"source\": \"forum\"}, \"metadata\": {\"topic\": \"net\"},\n"
  " \"suggestions\": {\"ranking\": {\"value\": [{\"rank\": 1, \"value\": \"response-3\"}], \"score\": 0.5, \"agent\": \"gpt\"}},\n"
  " \"responses\": {\"ranking\": [\n"
  "   {\"value\": [{\"rank\": 1, \"value\": \"response-2\"}, {\"rank\": 2, \"value\": \"response-1\"}, {\"rank\": 2, \"value\": \"response-3\"}], "
  "\"user_id\": \"u1\", \"status\": \"submitted\"},\n"
  "   {\"value\": [{\"rank\": 1, \"value\": \"response-1\"}, {\"rank\": 2, \"value\": \"response-2\"}, {\"rank\": 3, \"value\": \"response-3\"}], "
  "\"user_id\": \"u2\", \"status\": \"discarded\"},\n"
  "   {\"value\": [{\"rank\": 1, \"value\": \"response-3\"}, {\"rank\": 2, \"value\": \"response-2\"}, {\"rank\": 3, \"value\": \"response-1\"}], "
  "\"user_id\": \"u3\"}],\n"
  "   \"comment\": [{\"value\": \"close call\", \"user_id\": \"u1\", \"status\": \"submitted\"}]},\n"
  " \"vectors\": {}, \"_server_id\": \"0f1e\"},\n"
  "{\"id\": \"r2\", \"fields\": {\"instruction\": \"Say hi.\", \"response1\": \"Hi\", \"response2\": \"Hello\"}, \"metadata\": {},\n"
  " \"suggestions\": {}, \"responses\": {\"preference\": [{\"value\": \"response2\", \"user_id\": \"u1\"}, {\"value\": \"tie\", \"user_id\": \"u2\"}]}},\n"
  "{\"id\": \"r3\", \"fields\": {\"prompt\": \"Rate me\", \"response\": \"Done.\"}, \"suggestions\": {},\n"
  " \"responses\": {\"quality\": [{\"value\": 4, \"user_id\": \"u1\", \"status\": \"draft\"}, {\"value\": 3, \"user_id\": \"u2\"}]}},\n"
  "{\"external_id\": \"r4\", \"fields\": {\"question\": \"Pick\", \"completion_a\": \"x\", \"completion_b\": \"y\", \"completion_c\": \"z\"},\n"
  " \"responses\": [{\"user_id\": \"u9\", \"status\": \"submitted\", \"values\": {\"rank\": {\"value\": [{\"rank\": 2, \"value\": \"completion_a\"}, "
  "{\"rank\": 1, \"value\": \"completion_c\"}, {\"rank\": 3, \"value\": \"completion_b\"}]}}}], \"suggestions\": []}\n"
  "]\n";

static void
test_argilla_ranking (void)
{
  g_autoptr(Read) read = read_text ("records.json", argilla_records, -1, NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "argilla");
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 4);
  g_assert_cmpstr (json_of (task_at (read, 0)), ==,
                   "{\"id\":\"r1\",\"kind\":\"rank\",\"prompt\":\"Explain DNS.\",\"responses\":[{\"id\":\"a\",\"content\":\"One\"},"
                   "{\"id\":\"b\",\"content\":\"Two\"},{\"id\":\"c\",\"content\":\"Three\"}],\"gold\":{\"source\":{\"format\":\"argilla\","
                   "\"dataset\":\"Argilla records\",\"file\":\"records\",\"line\":2},\"annotator\":\"u1\",\"ranking\":[\"b\","
                   "\"a\",\"c\"],\"ties\":[\"c\"],\"labels\":{\"comment\":\"close call\"},\"annotators\":[{\"annotator\":\"u1\","
                   "\"ranking\":[\"b\",\"a\",\"c\"],\"ties\":[\"c\"],\"labels\":{\"comment\":\"close call\"}},{\"annotator\":\"u3\","
                   "\"ranking\":[\"c\",\"b\",\"a\"]}]},\"meta\":{\"fields\":{\"source\":\"forum\"},\"not_submitted\":[{\"user_id\":\"u2\","
                   "\"question\":\"ranking\",\"status\":\"discarded\"}],\"metadata\":{\"topic\":\"net\"},\"suggestions\":{\"ranking\":{\"value\":[{\"rank\":1,"
                   "\"value\":\"response-3\"}],\"score\":0.5,\"agent\":\"gpt\"}},\"server_id\":\"0f1e\"}}");
  g_assert_cmpstr (json_of (task_at (read, 1)), ==,
                   "{\"id\":\"r2\",\"kind\":\"compare\",\"prompt\":\"Say hi.\",\"responses\":[{\"id\":\"a\",\"content\":\"Hi\"},"
                   "{\"id\":\"b\",\"content\":\"Hello\"}],\"gold\":{\"source\":{\"format\":\"argilla\",\"dataset\":\"Argilla "
                   "records\",\"file\":\"records\",\"line\":10},\"annotator\":\"u1\",\"choice\":\"B\",\"annotators\":[{\"annotator\":\"u1\","
                   "\"choice\":\"B\"},{\"annotator\":\"u2\",\"choice\":\"tie\"}]}}");
  g_assert_cmpstr (json_of (task_at (read, 2)), ==,
                   "{\"id\":\"r3\",\"kind\":\"review\",\"prompt\":\"Rate me\",\"responses\":[{\"id\":\"a\",\"content\":\"Done.\"}],"
                   "\"gold\":{\"source\":{\"format\":\"argilla\",\"dataset\":\"Argilla records\",\"file\":\"records\",\"line\":12},"
                   "\"annotator\":\"u2\",\"scores\":{\"quality\":3},\"annotators\":[{\"annotator\":\"u2\",\"scores\":{\"quality\":3}}]},"
                   "\"meta\":{\"not_submitted\":[{\"user_id\":\"u1\",\"question\":\"quality\",\"status\":\"draft\"}]}}");
  g_assert_cmpstr (json_of (task_at (read, 3)), ==,
                   "{\"id\":\"r4\",\"kind\":\"rank\",\"prompt\":\"Pick\",\"responses\":[{\"id\":\"a\",\"content\":\"x\"},"
                   "{\"id\":\"b\",\"content\":\"y\"},{\"id\":\"c\",\"content\":\"z\"}],\"gold\":{\"source\":{\"format\":\"argilla\","
                   "\"dataset\":\"Argilla records\",\"file\":\"records\",\"line\":14},\"annotator\":\"u9\",\"ranking\":[\"c\","
                   "\"a\",\"b\"],\"annotators\":[{\"annotator\":\"u9\",\"ranking\":[\"c\",\"a\",\"b\"]}]}}");
}

/* --map prompt=KEY beats the data key named prompt, which is kept in meta. */
static void
test_labelstudio_map_prompt (void)
{
  static const char text[] =
    "[{\"id\": 7, \"data\": {\"prompt\": \"not this\", \"context\": \"Which is kinder?\", \"response_a\": \"Yes.\", "
    "\"response_b\": \"No.\"}, \"annotations\": [{\"id\": 1, \"completed_by\": 4, \"result\": [{\"type\": \"pairwise\", "
    "\"from_name\": \"pw\", \"to_name\": \"pw\", \"value\": {\"selected\": \"right\"}}]}]}]\n";
  static const char * const map[] = { "prompt=context", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("ls.json", text, -1, &options);
  json_object *task;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->format, ==, "labelstudio");
  assert_problems (read, "");
  task = task_at (read, 0);
  assert_path (task, "prompt", "Which is kinder?");
  assert_path (task, "responses[0].content", "Yes.");
  assert_path (task, "responses[1].content", "No.");
  assert_path (task, "gold.choice", "B");
  assert_path (task, "meta.data", "{\"prompt\":\"not this\"}");
}

/* Chosen and rejected fields make a pair; an annotator's label naming
 * a field then gives the gold. */
static void
test_argilla_chosen_rejected (void)
{
  static const char text[] =
    "[{\"id\": \"p1\", \"fields\": {\"prompt\": \"P\", \"chosen\": \"good\", \"rejected\": \"bad\"}, \"responses\": {}},\n"
    " {\"id\": \"p2\", \"fields\": {\"prompt\": \"P\", \"chosen\": \"good\", \"rejected\": \"bad\"},\n"
    "  \"responses\": {\"pick\": [{\"value\": \"rejected\", \"user_id\": \"u1\"}]}}]\n";
  g_autoptr(Read) read = read_text ("records.json", text, -1, NULL);
  const char *choice;

  g_assert_no_error (read->error);
  assert_problems (read, "");
  g_assert_cmpuint (read->tasks->len, ==, 2);
  choice = test_get_path (task_at (read, 0), "gold.choice");
  assert_path (task_at (read, 0), strcmp (choice, "A") == 0 ? "responses[0].content" : "responses[1].content", "good");
  choice = test_get_path (task_at (read, 1), "gold.choice");
  assert_path (task_at (read, 1), strcmp (choice, "A") == 0 ? "responses[0].content" : "responses[1].content", "bad");
  assert_path (task_at (read, 1), "gold.annotator", "u1");
}

/* A header that cannot be read stops the file. */
static void
test_csv_bad_header (void)
{
  static const char text[] = "prompt,resp\xc3onse\na,b\n";
  static const char * const map[] = { "prompt=prompt", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("header.csv", text, -1, &options);
  g_autofree char *expected = g_strdup_printf ("%s:1: the header: invalid UTF-8 at byte 5 of the cell", read->path);

  g_assert_error (read->error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpstr (read->error->message, ==, expected);
}

/* A NUL byte in a cell is named as such: in a row it costs that row,
 * in the header the file. */
static void
test_csv_nul (void)
{
  static const char rows[] = "prompt,answer\nhi,a\0x\nho,b\n";
  static const char header[] = "prompt,ans\0wer\nhi,a\n";
  static const char * const map[] = { "prompt=prompt", "answer=answer", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(Read) read = read_text ("nul.csv", rows, sizeof rows - 1, &options);
  g_autoptr(Read) read_header = read_text ("nul-header.csv", header, sizeof header - 1, &options);
  g_autofree char *expected = g_strdup_printf ("%s:1: the header: a NUL character at byte 4 of the cell",
                                               read_header->path);

  g_assert_no_error (read->error);
  assert_problems (read, "nul.csv:2: answer: a NUL character at byte 2 of the cell");
  g_assert_cmpuint (read->tasks->len, ==, 1);
  g_assert_error (read_header->error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_cmpstr (read_header->error->message, ==, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formats/csv/rfc4180", test_csv_rfc4180);
  g_test_add_func ("/formats/csv/semicolon", test_csv_semicolon);
  g_test_add_func ("/formats/csv/tab", test_csv_tab);
  g_test_add_func ("/formats/csv/kinds", test_csv_kinds);
  g_test_add_func ("/formats/csv/malformed-quote", test_csv_malformed_quote);
  g_test_add_func ("/formats/csv/row-problems", test_csv_row_problems);
  g_test_add_func ("/formats/csv/missing-column", test_csv_missing_column);
  g_test_add_func ("/formats/csv/bad-label", test_csv_bad_label);
  g_test_add_func ("/formats/csv/bad-header", test_csv_bad_header);
  g_test_add_func ("/formats/csv/nul", test_csv_nul);
  g_test_add_func ("/formats/arena-csv/train", test_arena_csv);
  g_test_add_func ("/formats/arena-csv/test-split", test_arena_csv_test_split);
  g_test_add_func ("/formats/labelstudio/pairwise", test_labelstudio_pairwise);
  g_test_add_func ("/formats/labelstudio/ranker", test_labelstudio_ranker);
  g_test_add_func ("/formats/labelstudio/textarea", test_labelstudio_textarea);
  g_test_add_func ("/formats/labelstudio/needs-map", test_labelstudio_needs_map);
  g_test_add_func ("/formats/labelstudio/json-min", test_labelstudio_json_min);
  g_test_add_func ("/formats/labelstudio/map-prompt", test_labelstudio_map_prompt);
  g_test_add_func ("/formats/labelstudio-csv/realdata", test_labelstudio_csv_realdata);
  g_test_add_func ("/formats/labelstudio-csv/pairwise", test_labelstudio_csv_pairwise);
  g_test_add_func ("/formats/prodigy/choice", test_prodigy_choice);
  g_test_add_func ("/formats/prodigy/compare", test_prodigy_compare);
  g_test_add_func ("/formats/argilla/records", test_argilla_ranking);
  g_test_add_func ("/formats/argilla/chosen-rejected", test_argilla_chosen_rejected);
  return g_test_run ();
}
