/* test-formats-ratings.c — ranking and rating datasets: OpenAssistant,
 * UltraFeedback, HelpSteer2/3, SHP and Chatbot Arena
 *
 * The counts asserted for the published files in tests/data/realdata
 * were worked out apart from Rubric, with a Python one-off over the
 * same files (json.loads, the tree rules of the readers' comments).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rubric-conversion.h"
#include "rubric-task-reader.h"
#include "test-util.h"

/* Reading ---------------------------------------------------------------- */

static void
put_object (gpointer object)
{
  json_object_put (object);
}

typedef struct
{
  char        *dir;
  char        *path;
  GPtrArray   *tasks;
  GPtrArray   *problems;
  json_object *header;
} Read;

static void
read_free (Read *read)
{
  if (read->dir != NULL)
    test_rm_rf (read->dir);
  g_free (read->dir);
  g_free (read->path);
  g_clear_pointer (&read->tasks, g_ptr_array_unref);
  g_clear_pointer (&read->problems, g_ptr_array_unref);
  g_clear_pointer (&read->header, json_object_put);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

/* Reads @path to the end, checks it was read as @format, keeps the
 * tasks, the problems as "file:line: field: message" and the header. */
static void
read_into (Read                    *read,
           const char              *format,
           const RubricReadOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (read->path, &error);
  const RubricTaskRecord *record;
  GPtrArray *list;

  g_assert_no_error (error);
  rubric_task_reader_set_options (reader, options);
  read->tasks = g_ptr_array_new_with_free_func (put_object);
  while ((record = rubric_task_reader_next (reader, NULL, &error)) != NULL)
    {
      json_object *parsed = json_tokener_parse (record->text);

      g_assert_nonnull (parsed);
      g_assert_true (json_object_equal (parsed, record->object));
      g_ptr_array_add (read->tasks, parsed);
    }
  g_assert_no_error (error);
  g_assert_nonnull (rubric_task_reader_get_format (reader, NULL));
  g_assert_cmpstr (rubric_task_reader_get_format (reader, NULL)->id, ==, format);
  list = rubric_task_reader_get_problems (reader);
  read->problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (read->problems, rubric_problem_format (g_ptr_array_index (list, i),
                                                            rubric_task_reader_get_display_name (reader)));
  read->header = json_object_get (rubric_task_reader_get_header (reader));
}

static Read *
read_realdata (const char *name,
               const char *format)
{
  Read *read = g_new0 (Read, 1);

  read->path = test_realdata_path (name);
  read_into (read, format, NULL);
  return read;
}

/* A fixture: @text, written with ' for " so that the JSON reads. */
static Read *
read_text_with (const char              *name,
                const char              *text,
                const char              *format,
                const RubricReadOptions *options)
{
  Read *read = g_new0 (Read, 1);
  g_autofree char *json = g_strdup (text);

  g_strdelimit (json, "'", '"');
  read->dir = test_tmpdir ();
  read->path = test_write_file (read->dir, name, json, -1);
  read_into (read, format, options);
  return read;
}

static Read *
read_text (const char *name,
           const char *text,
           const char *format)
{
  return read_text_with (name, text, format, NULL);
}

static json_object *
task_at (Read  *read,
         guint  index)
{
  g_assert_cmpuint (index, <, read->tasks->len);
  return g_ptr_array_index (read->tasks, index);
}

static json_object *
find (Read       *read,
      const char *id)
{
  json_object *task = test_find_task (read->tasks, id);

  if (task == NULL)
    g_error ("no task “%s”", id);
  return task;
}

static void
assert_problems (Read       *read,
                 const char *first,
                 ...)
{
  va_list args;
  guint n = 0;

  va_start (args, first);
  for (const char *expected = first; expected != NULL; expected = va_arg (args, const char *), n++)
    {
      g_autofree char *full = g_strdup_printf ("%s:%s", read->path, expected);

      g_assert_cmpuint (n, <, read->problems->len);
      g_assert_cmpstr (g_ptr_array_index (read->problems, n), ==, full);
    }
  va_end (args);
  g_assert_cmpuint (read->problems->len, ==, n);
}

/* What was left out on purpose: said in the header, not a problem. */
static void
assert_note (Read       *read,
             const char *expected)
{
  json_object *notes = json_object_object_get (json_object_object_get (read->header, "imported_from"), "notes");
  g_autofree char *full = g_strdup_printf ("%s:%s", read->path, expected);

  g_assert_nonnull (notes);
  g_assert_cmpuint (json_object_array_length (notes), ==, 1);
  g_assert_cmpstr (json_object_get_string (json_object_array_get_idx (notes, 0)), ==, full);
}

static void
assert_no_problems (Read *read)
{
  for (guint i = 0; i < read->problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (read->problems, i));
  g_assert_cmpuint (read->problems->len, ==, 0);
}

static guint
n_responses (json_object *task)
{
  return json_object_array_length (json_object_object_get (task, "responses"));
}

/* The label ("A"…) of the response whose content is @content. */
static const char *
label_of (json_object *task,
          const char  *content)
{
  static const char *labels[] = { "A", "B", "C", "D", "E", "F", "G", "H", "I" };
  const char *found = NULL;

  for (guint i = 0; i < n_responses (task); i++)
    {
      g_autofree char *path = g_strdup_printf ("responses[%u].content", i);

      if (strcmp (test_get_path (task, path), content) == 0)
        {
          g_assert_null (found);
          found = labels[i];
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* gold.ranking or gold.ties, each response id read through
 * meta.responses.<id>.<key>, joined by spaces. */
static char *
ranked_by (json_object *task,
           const char  *list,
           const char  *key)
{
  g_autofree char *list_path = g_strdup_printf ("gold.%s", list);
  json_object *ids = json_tokener_parse (test_get_path (task, list_path));
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (json_object_is_type (ids, json_type_array));
  for (gsize i = 0; i < json_object_array_length (ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("meta.responses.%s.%s",
                                               json_object_get_string (json_object_array_get_idx (ids, i)), key);

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", test_get_path (task, path));
    }
  json_object_put (ids);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Every response id of a rank task appears once in its ranking. */
static void
assert_full_ranking (json_object *task)
{
  json_object *ranking = json_tokener_parse (test_get_path (task, "gold.ranking"));

  g_assert_cmpuint (json_object_array_length (ranking), ==, n_responses (task));
  for (guint i = 0; i < n_responses (task); i++)
    {
      g_autofree char *path = g_strdup_printf ("responses[%u].id", i);
      const char *id = test_get_path (task, path);
      guint seen = 0;

      for (gsize r = 0; r < json_object_array_length (ranking); r++)
        seen += strcmp (json_object_get_string (json_object_array_get_idx (ranking, r)), id) == 0;
      g_assert_cmpuint (seen, ==, 1);
    }
  json_object_put (ranking);
}

/* OpenAssistant, flat ------------------------------------------------------ */

static void
test_oasst1_realdata (void)
{
  g_autoptr(Read) read = read_realdata ("oasst1-en-validation-flat.jsonl", "oasst1");
  guint responses = 0, with_gold = 0;
  json_object *task;
  g_autofree char *ranking = NULL;
  g_autofree char *ties = NULL;

  /* 22 trees; the one-message tree of line 153 is an orphan: left out,
   * and said so, but the file is read. */
  assert_no_problems (read);
  assert_note (read,
               "153: parent_id: message 9caf0013-9ca1-44d2-bbee-2ad6f5e3c23a replies to "
               "3aeb9373-da93-4858-84f4-5e398fe9e131, which is not in its tree "
               "(3aeb9373-da93-4858-84f4-5e398fe9e131); it is left out, with any replies");
  g_assert_cmpuint (read->tasks->len, ==, 39);
  for (guint i = 0; i < read->tasks->len; i++)
    {
      task = task_at (read, i);
      g_assert_cmpstr (test_get_path (task, "kind"), ==, "rank");
      responses += n_responses (task);
      if (*test_get_path (task, "gold.ranking") != '\0')
        {
          with_gold++;
          assert_full_ranking (task);
          g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "oasst1");
        }
    }
  /* 35 groups ranked whole, 4 with one unranked reply left out. */
  g_assert_cmpuint (responses, ==, 112);
  g_assert_cmpuint (with_gold, ==, 39);

  /* Line 13: four replies ranked 0 to 3. */
  task = find (read, "a6e6cfc6-ed32-4d54-b663-cf3dfb0a120f");
  g_assert_cmpuint (n_responses (task), ==, 4);
  ranking = ranked_by (task, "ranking", "message_id");
  g_assert_cmpstr (ranking, ==,
                   "99433b0b-566a-48c6-a470-8c4c1dc5957f 9c904d84-f486-480e-942f-020ab8e29ff8 "
                   "95469757-fdfe-4299-a930-6aa82c184623 f94adb41-134a-4a6a-8933-acea396f8cc2");
  ties = ranked_by (task, "ties", "message_id");
  g_assert_cmpstr (ties, ==, "");
  g_assert_cmpstr (test_get_path (task, "gold.source.line"), ==, "13");
  g_assert_true (g_str_has_prefix (test_get_path (task, "prompt"), "Can you please provide me the names of the two players"));
  g_assert_cmpstr (test_get_path (task, "meta.message_tree_id"), !=, "");
  g_assert_cmpstr (test_get_path (task, "meta.tree_state"), ==, "ready_for_export");

  /* Line 84: ranks 0, 1, 2 and one null: the unranked reply is left out. */
  task = find (read, "08e31748-a115-46d6-8df0-e7f60b105062");
  g_assert_cmpuint (n_responses (task), ==, 3);
  g_clear_pointer (&ranking, g_free);
  ranking = ranked_by (task, "ranking", "message_id");
  g_assert_cmpstr (ranking, ==,
                   "6adb1fec-da68-47e8-ab30-562d15823255 7c3280c2-141c-4a00-ab74-27daf27d3d59 "
                   "09052058-a9e9-4074-b4cf-af0fb14fa1de");
  g_assert_cmpstr (test_get_path (task, "meta.unranked[0].message_id"), ==, "986d4c7f-d502-443a-8429-2f675283b890");

  /* Line 62: five replies, two of them deleted (lines 74 and 83). */
  task = find (read, "52b26b9f-f44b-4506-8f1d-37c09b5f3c47");
  g_assert_cmpuint (n_responses (task), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("meta.responses.%c.message_id", 'a' + i);

      g_assert_cmpstr (test_get_path (task, path), !=, "263da766-ca6b-40df-beb5-d871d6104c1c");
      g_assert_cmpstr (test_get_path (task, path), !=, "f19a92f6-b2ab-418f-b767-432a77167d7b");
    }

  /* Line 68: four messages down the tree. */
  task = find (read, "8ff1e2d5-bf29-4898-a7c4-de23b65a94db");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "how many people lived in that street");
  g_assert_cmpuint (json_object_array_length (json_object_object_get (task, "context")), ==, 4);
  g_assert_cmpstr (test_get_path (task, "context[0].role"), ==, "user");
  g_assert_cmpstr (test_get_path (task, "context[0].content"), ==, "Who made Berlin");
  g_assert_cmpstr (test_get_path (task, "context[1].role"), ==, "assistant");
  g_assert_cmpstr (test_get_path (task, "context[3].role"), ==, "assistant");
  g_assert_cmpuint (n_responses (task), ==, 3);
}

/* A flat file: ' is " */
static const char oasst1_groups[] =
  /* Tree t1: three ranked replies with a tie and a deleted one. */
  "{'message_id':'r1','parent_id':null,'message_tree_id':'t1','text':'First question','role':'prompter','rank':null,'deleted':false,'lang':'en'}\n"
  "{'message_id':'a1','parent_id':'r1','message_tree_id':'t1','text':'Reply one','role':'assistant','rank':1,'deleted':false}\n"
  "{'message_id':'a2','parent_id':'r1','message_tree_id':'t1','text':' Reply two ','role':'assistant','rank':0,'deleted':false}\n"
  "{'message_id':'a3','parent_id':'r1','message_tree_id':'t1','text':'Reply three','role':'assistant','rank':1,'deleted':false}\n"
  "{'message_id':'a4','parent_id':'r1','message_tree_id':'t1','text':'Deleted reply','role':'assistant','rank':null,'deleted':true}\n"
  /* Under a2: a follow-up with two unranked replies. */
  "{'message_id':'p1','parent_id':'a2','message_tree_id':'t1','text':'Follow-up','role':'prompter','rank':null,'deleted':false}\n"
  "{'message_id':'b1','parent_id':'p1','message_tree_id':'t1','text':'Unranked one','role':'assistant','rank':null,'deleted':false}\n"
  "{'message_id':'b2','parent_id':'p1','message_tree_id':'t1','text':'Unranked two','role':'assistant','deleted':false}\n"
  /* Under the deleted a4: nothing is used. */
  "{'message_id':'x1','parent_id':'a4','message_tree_id':'t1','text':'Below deleted','role':'prompter','rank':null,'deleted':false}\n"
  "{'message_id':'x2','parent_id':'x1','message_tree_id':'t1','text':'Lost one','role':'assistant','rank':0,'deleted':false}\n"
  "{'message_id':'x3','parent_id':'x1','message_tree_id':'t1','text':'Lost two','role':'assistant','rank':1,'deleted':false}\n"
  /* Tree t2: ten ranked replies, and an orphan. */
  "{'message_id':'r2','parent_id':null,'message_tree_id':'t2','text':'Second question','role':'prompter','rank':null,'deleted':false}\n"
  "{'message_id':'c3','parent_id':'r2','message_tree_id':'t2','text':'c3','role':'assistant','rank':3,'deleted':false}\n"
  "{'message_id':'c0','parent_id':'r2','message_tree_id':'t2','text':'c0','role':'assistant','rank':0,'deleted':false}\n"
  "{'message_id':'c9','parent_id':'r2','message_tree_id':'t2','text':'c9','role':'assistant','rank':9,'deleted':false}\n"
  "{'message_id':'c1','parent_id':'r2','message_tree_id':'t2','text':'c1','role':'assistant','rank':1,'deleted':false}\n"
  "{'message_id':'c2','parent_id':'r2','message_tree_id':'t2','text':'c2','role':'assistant','rank':2,'deleted':false}\n"
  "{'message_id':'c4','parent_id':'r2','message_tree_id':'t2','text':'c4','role':'assistant','rank':4,'deleted':false}\n"
  "{'message_id':'c5','parent_id':'r2','message_tree_id':'t2','text':'c5','role':'assistant','rank':5,'deleted':false}\n"
  "{'message_id':'c6','parent_id':'r2','message_tree_id':'t2','text':'c6','role':'assistant','rank':6,'deleted':false}\n"
  "{'message_id':'c7','parent_id':'r2','message_tree_id':'t2','text':'c7','role':'assistant','rank':7,'deleted':false}\n"
  "{'message_id':'c8','parent_id':'r2','message_tree_id':'t2','text':'c8','role':'assistant','rank':8.0,'deleted':false}\n"
  "{'message_id':'o1','parent_id':'gone','message_tree_id':'t2','text':'Orphan','role':'assistant','rank':0,'deleted':false}\n"
  /* Tree t3, ended by the end of the file: one reply without a rank. */
  "{'message_id':'r3','parent_id':null,'message_tree_id':'t3','text':'Third question','role':'prompter','rank':null,'deleted':false}\n"
  "{'message_id':'d1','parent_id':'r3','message_tree_id':'t3','text':'d1','role':'assistant','rank':0,'deleted':false}\n"
  "{'message_id':'d2','parent_id':'r3','message_tree_id':'t3','text':'d2','role':'assistant','rank':1,'deleted':false,'synthetic':true,'model_name':'m-x'}\n"
  "{'message_id':'d3','parent_id':'r3','message_tree_id':'t3','text':'d3','role':'assistant','rank':null,'deleted':false}\n"
  /* Tree t4: a single reply is no task. */
  "{'message_id':'r4','parent_id':null,'message_tree_id':'t4','text':'Fourth question','role':'prompter','rank':null,'deleted':false}\n"
  "{'message_id':'e1','parent_id':'r4','message_tree_id':'t4','text':'e1','role':'assistant','rank':0,'deleted':false}\n";

static void
test_oasst1_groups (void)
{
  g_autoptr(Read) read = read_text ("oasst.jsonl", oasst1_groups, "oasst1");
  g_autofree char *ranking = NULL;
  g_autofree char *ties = NULL;
  json_object *task;

  assert_no_problems (read);
  assert_note (read, "23: parent_id: message o1 replies to gone, which is not in its tree (t2); "
               "it is left out, with any replies");
  g_assert_cmpuint (read->tasks->len, ==, 4);
  g_assert_cmpstr (test_get_path (task_at (read, 0), "id"), ==, "r1");
  g_assert_cmpstr (test_get_path (task_at (read, 1), "id"), ==, "p1");
  g_assert_cmpstr (test_get_path (task_at (read, 2), "id"), ==, "r2");
  g_assert_cmpstr (test_get_path (task_at (read, 3), "id"), ==, "r3");

  /* Ranks 1, 0, 1: a2 first, then a1 and a3 tied; a4 deleted. */
  task = find (read, "r1");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "rank");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "First question");
  g_assert_null (json_object_object_get (task, "context"));
  g_assert_cmpuint (n_responses (task), ==, 3);
  ranking = ranked_by (task, "ranking", "message_id");
  g_assert_cmpstr (ranking, ==, "a2 a1 a3");
  ties = ranked_by (task, "ties", "message_id");
  g_assert_cmpstr (ties, ==, "a3");
  g_assert_cmpstr (label_of (task, " Reply two "), !=, "");
  g_assert_cmpstr (test_get_path (task, "gold.source.line"), ==, "1");
  g_assert_cmpstr (test_get_path (task, "meta.lang"), ==, "en");

  /* Unranked: a rank task without gold, the conversation above it as context. */
  task = find (read, "p1");
  g_assert_cmpuint (n_responses (task), ==, 2);
  g_assert_null (json_object_object_get (task, "gold"));
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Follow-up");
  g_assert_cmpstr (test_get_path (task, "context"), ==,
                   "[{\"role\":\"user\",\"content\":\"First question\"},{\"role\":\"assistant\",\"content\":\" Reply two \"}]");

  /* Ten replies: the nine best, c9 left out. */
  task = find (read, "r2");
  g_assert_cmpuint (n_responses (task), ==, 9);
  g_clear_pointer (&ranking, g_free);
  ranking = ranked_by (task, "ranking", "message_id");
  g_assert_cmpstr (ranking, ==, "c0 c1 c2 c3 c4 c5 c6 c7 c8");
  g_assert_cmpstr (test_get_path (task, "meta.left_out"), ==, "[{\"message_id\":\"c9\",\"rank\":9}]");
  assert_full_ranking (task);

  /* Ranked beside unranked: d3 is left out and named. */
  task = find (read, "r3");
  g_assert_cmpuint (n_responses (task), ==, 2);
  g_clear_pointer (&ranking, g_free);
  ranking = ranked_by (task, "ranking", "message_id");
  g_assert_cmpstr (ranking, ==, "d1 d2");
  g_assert_cmpstr (test_get_path (task, "meta.unranked"), ==, "[{\"message_id\":\"d3\"}]");
  if (strcmp (label_of (task, "d2"), "A") == 0)
    g_assert_cmpstr (test_get_path (task, "responses[0].model"), ==, "m-x");
  else
    g_assert_cmpstr (test_get_path (task, "responses[1].model"), ==, "m-x");
}

static void
test_oasst1_errors (void)
{
  g_autoptr(Read) read = read_text ("bad.jsonl",
    "{'message_id':'r1','parent_id':null,'message_tree_id':'t1','text':'Q','role':'prompter','rank':null,'deleted':false}\n"
    "{'message_id':'a1','parent_id':'r1','message_tree_id':'t1','text':'x','role':'assistant','rank':'abc','deleted':false}\n"
    "{'message_id':'a2','parent_id':'r1','message_tree_id':'t1','text':'y','role':'robot','rank':0,'deleted':false}\n"
    "{'message_id':'a3','parent_id':'r1','message_tree_id':'t1','text':'z','role':'assistant','rank':0,'deleted':false}\n"
    "{'message_id':'a4','parent_id':'r1','message_tree_id':'t1','text':'w','role':'assistant','rank':-1,'deleted':false}\n"
    "{'message_id':'a5','parent_id':'r1','message_tree_id':'t1','text':'v','role':'assistant','rank':1,'deleted':false}\n"
    "{'message_id':'b1','parent_id':'a1','message_tree_id':'t1','text':'Below a bad one','role':'prompter','rank':null,'deleted':false}\n"
    "{'message_id':'a6','parent_id':'r1','message_tree_id':'t1','role':'assistant','rank':2,'deleted':false}\n",
    "oasst1");

  /* The bad ones are left out; a3 and a5 make the task, and b1 below
   * the bad a1 is not reported as an orphan. */
  assert_problems (read,
                   "2: rank: must be a whole number from 0 (the best reply) or null, not \"abc\"",
                   "3: role: “robot” is not an OpenAssistant role; use prompter or assistant",
                   "5: rank: must be a whole number from 0 (the best reply) or null, not -1",
                   "8: text: missing",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 1);
  g_assert_cmpuint (n_responses (task_at (read, 0)), ==, 2);
}

/* OpenAssistant, trees ------------------------------------------------------ */

static void
test_oasst_trees_realdata (void)
{
  g_autoptr(Read) read = read_realdata ("oasst-trees-en100-head20.jsonl", "oasst-trees");
  g_autofree char *ranking = NULL;
  guint responses = 0;
  json_object *task;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 35);
  for (guint i = 0; i < read->tasks->len; i++)
    {
      task = task_at (read, i);
      g_assert_cmpstr (test_get_path (task, "kind"), ==, "rank");
      responses += n_responses (task);
      assert_full_ranking (task);
    }
  g_assert_cmpuint (responses, ==, 108);

  /* Line 17: nine replies, the most a task holds. */
  task = find (read, "9c0d39d3-a5aa-4c72-9e2f-b1d4838c1589");
  g_assert_cmpuint (n_responses (task), ==, 9);
  g_assert_null (json_object_object_get (json_object_object_get (task, "meta"), "left_out"));
  ranking = ranked_by (task, "ranking", "message_id");
  g_assert_cmpstr (ranking, ==,
                   "03a99945-e149-44ef-9fcb-e824d498243a f44cb87c-fa5c-4e59-a64b-93f9a0b18c33 "
                   "05762f34-b012-49e9-85a5-c54c0944b91b 38a4afe2-c42a-488c-86b9-33e9912664b8 "
                   "9f9f9f75-7961-4cb8-a337-c8c6ae050f52 64383b90-7e9c-459c-933c-9b49325f140b "
                   "cc6c7aab-550b-4f5d-8357-ee59a967b7ce a315f1cb-604a-4559-b19a-a73ad0364beb "
                   "aa407674-ed87-46cf-a47b-07f7a7d935a0");
  g_assert_cmpstr (test_get_path (task, "gold.source.line"), ==, "17");

  /* Line 1: synthetic replies, with their model. */
  task = find (read, "054e1df3-35e0-4bb8-a585-607dbdcd24e0");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "How can I find the best 401k plan for my needs?");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("responses[%u].model", i);

      g_assert_cmpstr (test_get_path (task, path), ==, "chip20b");
    }
  g_clear_pointer (&ranking, g_free);
  ranking = ranked_by (task, "ranking", "message_id");
  g_assert_cmpstr (ranking, ==, "fa783ef0-4f4e-457d-b429-afd89edf8757 03334b2a-f315-4a0d-b9ff-ac94e017e266 "
                   "8f5fa95e-0185-4960-a9c3-89382210cd6c");
  g_assert_cmpstr (test_get_path (task, "meta.message_tree_id"), ==, "054e1df3-35e0-4bb8-a585-607dbdcd24e0");

  /* Line 2: two levels down; emojis with pseudo-keys travel in meta. */
  task = find (read, "daed19ee-f4e8-4c2a-9690-aebc09d2893a");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Are blue light blocking glasses also effective?");
  g_assert_cmpuint (json_object_array_length (json_object_object_get (task, "context")), ==, 2);
  g_assert_cmpstr (test_get_path (task, "context[0].role"), ==, "user");
  g_assert_cmpstr (test_get_path (task, "context[1].role"), ==, "assistant");
}

static void
test_oasst_trees_errors (void)
{
  g_autoptr(Read) read = read_text ("trees.jsonl",
    "{'message_tree_id':'t1','tree_state':'ready_for_export','prompt':{'message_id':'r','text':'Q','role':'prompter','replies':["
      "{'message_id':'a','parent_id':'r','text':'A','role':'assistant','rank':0,'replies':["
        "{'message_id':'p','parent_id':'a','text':'More','role':'prompter','replies':[]},"
        "{'message_id':'q','parent_id':'a','text':'Other','role':'prompter','rank':-1,'replies':[]}]},"
      "{'message_id':'b','parent_id':'r','text':'B','role':'assistant','rank':1,'replies':[]}]}}\n"
    "{'message_tree_id':'t2','prompt':{'message_id':'r2','text':'Q2','role':'prompter','replies':["
      "{'message_id':'a2','text':'A2','role':'assistant','replies':[]},"
      "{'message_id':'b2','text':'B2','role':'assistant','deleted':true,'replies':[]},"
      "{'message_id':'c2','text':'C2','role':'assistant'}]}}\n"
    "{'message_tree_id':'t3','prompt':{'message_id':'r3','text':'Q3','role':'prompter','replies':'none'}}\n",
    "oasst-trees");

  assert_problems (read,
                   "1: prompt.replies[0].replies[1].rank: must be a whole number from 0 (the best reply) or null, not -1",
                   "3: prompt.replies: must be a list of messages",
                   NULL);
  /* t2: two unranked replies, the deleted one left out. */
  g_assert_cmpuint (read->tasks->len, ==, 1);
  g_assert_cmpstr (test_get_path (task_at (read, 0), "id"), ==, "r2");
  g_assert_cmpuint (n_responses (task_at (read, 0)), ==, 2);
  g_assert_null (json_object_object_get (task_at (read, 0), "gold"));
}

/* UltraFeedback -------------------------------------------------------------- */

#define UF_ANNOTATIONS(i, h, t, u) \
  "'annotations':{'instruction_following':{'Rating':'" i "','Rationale':'Follows.'}," \
  "'honesty':{'Rating':'" h "','Rationale':'Honest.'}," \
  "'truthfulness':{'Type':['0'],'Rationale':'True.','Rating':'" t "','Rationale For Rating':'Fine.'}," \
  "'helpfulness':{'Type':['1','2'],'Rationale':'Useful.','Rating':'" u "','Rationale For Rating':'Good.'}}"

static const char ultrafeedback_raw[] =
  "{'source':'evol_instruct','instruction':'Name a prime.','models':['m1','m2','m3','m4'],"
  "'correct_answers':['None'],'incorrect_answers':['None'],'completions':["
  "{'model':'m1','principle':'helpfulness','custom_system_prompt':'Be helpful.','response':'  2 ',"
  UF_ANNOTATIONS ("5", "5", "5", "3") ",'critique':'Good.','overall_score':8.0,'fine-grained_score':4.5},"
  "{'model':'m2','principle':'honesty','custom_system_prompt':'Be honest.','response':'3',"
  UF_ANNOTATIONS ("4", "4", "4", "4") ",'critique':'Fine.','overall_score':7.5,'fine-grained_score':4},"
  "{'model':'m3','principle':'truthfulness','custom_system_prompt':'Be true.','response':'5',"
  UF_ANNOTATIONS ("4", "N/A", "4", "4") ",'critique':'Fine.','overall_score':7,'fine-grained_score':4},"
  "{'model':'m4','principle':'helpfulness','custom_system_prompt':'Be helpful.','response':'9',"
  UF_ANNOTATIONS ("1", "2", "1", "2") ",'critique':'Wrong.','overall_score':2,'fine-grained_score':1.5}]}\n"
  /* TRL's spelling, the models only in "models", a completion rated N/A throughout. */
  "{'source':'flan','instruction':'Say hi.','models':['x','y'],'completions':["
  "{'response':'hi','annotations':{'instruction-following':{'Rating':'5','Rationale':'Yes.'},"
  "'helpfulness':{'Rating':'4','Rationale':'Ok.'}}},"
  "{'response':'hello','annotations':{'instruction-following':{'Rating':'N/A','Rationale':'?'}}}]}\n"
  /* One completion: a review. */
  "{'instruction':'Alone.','models':['z'],'completions':[{'model':'z','response':'only',"
  "'annotations':{'honesty':{'Rating':3,'Rationale':'A number, not a string.'}}}]}\n";

static void
test_ultrafeedback_raw (void)
{
  g_autoptr(Read) read = read_text ("uf.jsonl", ultrafeedback_raw, "ultrafeedback");
  json_object *task, *criteria;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 3);

  task = task_at (read, 0);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "uf-1");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "rank");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Name a prime.");
  g_assert_cmpuint (n_responses (task), ==, 4);
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "  2 ");
  g_assert_cmpstr (test_get_path (task, "responses[0].model"), ==, "m1");
  g_assert_cmpstr (test_get_path (task, "responses[3].model"), ==, "m4");
  g_assert_cmpstr (test_get_path (task, "gold.scores.A"), ==,
                   "{\"instruction_following\":5,\"honesty\":5,\"truthfulness\":5,\"helpfulness\":3}");
  g_assert_cmpstr (test_get_path (task, "gold.scores.C"), ==,
                   "{\"instruction_following\":4,\"truthfulness\":4,\"helpfulness\":4}");
  /* Means 4.5, 4, 4 and 1.5: b and c tie. */
  g_assert_cmpstr (test_get_path (task, "gold.ranking"), ==, "[\"a\",\"b\",\"c\",\"d\"]");
  g_assert_cmpstr (test_get_path (task, "gold.ties"), ==, "[\"c\"]");
  g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "ultrafeedback");
  g_assert_cmpstr (test_get_path (task, "meta.source"), ==, "evol_instruct");
  g_assert_cmpstr (test_get_path (task, "meta.responses.a.principle"), ==, "helpfulness");
  g_assert_cmpstr (test_get_path (task, "meta.responses.a.critique"), ==, "Good.");
  g_assert_cmpstr (test_get_path (task, "meta.responses.a.annotations.helpfulness.Rationale For Rating"), ==, "Good.");
  g_assert_cmpstr (test_get_path (task, "meta.responses.d.fine-grained_score"), ==, "1.5");
  g_assert_cmpstr (test_get_path (task, "meta.responses.a.response"), ==, "");

  task = task_at (read, 1);
  g_assert_cmpstr (test_get_path (task, "responses[1].model"), ==, "y");
  g_assert_cmpstr (test_get_path (task, "gold.scores.A"), ==, "{\"instruction_following\":5,\"helpfulness\":4}");
  g_assert_cmpstr (test_get_path (task, "gold.scores.B"), ==, "{}");
  g_assert_null (json_object_object_get (json_object_object_get (task, "gold"), "ranking"));

  task = task_at (read, 2);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task, "gold.scores"), ==, "{\"honesty\":3}");

  /* The rubric of the set: the four aspects, 1 to 5. */
  criteria = json_object_object_get (json_object_object_get (read->header, "rubric"), "criteria");
  g_assert_cmpuint (json_object_array_length (criteria), ==, 4);
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].id"), ==, "instruction_following");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[3].id"), ==, "helpfulness");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[1].scale"), ==, "{\"min\":1,\"max\":5}");
}

static void
test_ultrafeedback_errors (void)
{
  g_autoptr(Read) read = read_text ("uf-bad.jsonl",
    "{'instruction':'Q','completions':[{'model':'a','response':'x'," UF_ANNOTATIONS ("5", "5", "5", "5") "},"
    "{'model':'b','response':'y'," UF_ANNOTATIONS ("5", "abc", "5", "5") "}]}\n"
    "{'instruction':'Q','completions':[{'model':'a','response':'x'," UF_ANNOTATIONS ("5", "5", "7", "5") "}]}\n"
    "{'instruction':'Q','completions':[{'model':'a','response':null}]}\n"
    "{'instruction':'Q','completions':[]}\n"
    "{'instruction':'Q','completions':[{'model':'a','response':'x'}]}\n",
    "ultrafeedback");

  assert_problems (read,
                   "1: completions[1].annotations.honesty.Rating: “abc” is not a rating; use 1 to 5 or N/A",
                   "2: completions[0].annotations.truthfulness.Rating: “7” is not a rating; use 1 to 5 or N/A",
                   "3: completions[0].response: must be text, not null",
                   "4: completions: holds no completion",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 1);
}

static const char binarized[] =
  /* H4: whole conversations. */
  "{'prompt':'Hi?','prompt_id':'p1','chosen':[{'content':'Hi?','role':'user'},{'content':'Hello!','role':'assistant'}],"
  "'rejected':[{'content':'Hi?','role':'user'},{'content':' Go away.','role':'assistant'}],"
  "'messages':[{'content':'Hi?','role':'user'},{'content':'Hello!','role':'assistant'}],'score_chosen':8.0,'score_rejected':3.0}\n"
  /* Copies with strings and reward-model scores. */
  "{'prompt':'Sum 2+2','prompt_id':'p2','chosen':'4','rejected':'5','score_chosen':0.809,'score_rejected':-0.754}\n"
  /* Equal scores: a tie, in the order given. */
  "{'prompt':'Tie?','prompt_id':'p3','chosen':[{'content':'Tie?','role':'user'},{'content':'Yes','role':'assistant'}],"
  "'rejected':[{'content':'Tie?','role':'user'},{'content':'No','role':'assistant'}],'score_chosen':7,'score_rejected':7}\n"
  /* trl-lib: the prompt as messages, the replies alone. */
  "{'prompt':[{'content':'Q4','role':'user'}],'chosen':[{'content':'good','role':'assistant'}],"
  "'rejected':[{'content':'bad','role':'assistant'}],'score_chosen':9,'score_rejected':'2'}\n"
  /* Several turns. */
  "{'prompt':'u2','prompt_id':'p5','chosen':[{'content':'u1','role':'user'},{'content':'a1','role':'assistant'},"
  "{'content':'u2','role':'user'},{'content':'chosen','role':'assistant'}],"
  "'rejected':[{'content':'u1','role':'user'},{'content':'a1','role':'assistant'},"
  "{'content':'u2','role':'user'},{'content':'rejected','role':'assistant'}],'score_chosen':5,'score_rejected':4}\n";

static void
test_ultrafeedback_binarized (void)
{
  g_autoptr(Read) read = read_text ("ufb.jsonl", binarized, "ultrafeedback-binarized");
  json_object *task;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 5);

  task = find (read, "p1");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Hi?");
  g_assert_null (json_object_object_get (task, "context"));
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, label_of (task, "Hello!"));
  g_assert_cmpstr (label_of (task, " Go away."), !=, label_of (task, "Hello!"));
  g_assert_cmpstr (test_get_path (task, "meta.score_chosen"), ==, "8.0");
  g_assert_cmpstr (test_get_path (task, "meta.score_rejected"), ==, "3.0");
  g_assert_null (json_object_object_get (json_object_object_get (task, "meta"), "messages"));

  task = find (read, "p2");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Sum 2+2");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, label_of (task, "4"));
  g_assert_cmpstr (test_get_path (task, "meta.score_rejected"), ==, "-0.754");

  task = find (read, "p3");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "tie");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "Yes");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "No");

  task = find (read, "ufb-4");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q4");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, label_of (task, "good"));

  task = find (read, "p5");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "u2");
  g_assert_cmpstr (test_get_path (task, "context"), ==,
                   "[{\"role\":\"user\",\"content\":\"u1\"},{\"role\":\"assistant\",\"content\":\"a1\"}]");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, label_of (task, "chosen"));
}

static void
test_ultrafeedback_binarized_errors (void)
{
  RubricReadOptions drop = { .drop_labels = TRUE };
  g_autoptr(Read) read = read_text ("ufb-bad.jsonl",
    "{'prompt':'Q','prompt_id':'p1','chosen':'a','rejected':'b','score_chosen':'high','score_rejected':1}\n"
    "{'prompt':'Q','prompt_id':'p2','chosen':'a','rejected':7,'score_chosen':2,'score_rejected':1}\n"
    "{'prompt':'Q','prompt_id':'p3','chosen':[{'content':'Q','role':'user'}],'rejected':'b','score_chosen':2,'score_rejected':1}\n"
    "{'prompt':'Q','prompt_id':'p4','chosen':'a','rejected':'b','score_chosen':2,'score_rejected':1}\n",
    "ultrafeedback-binarized");
  g_autoptr(Read) dropped = read_text_with ("ufb.jsonl", binarized, "ultrafeedback-binarized", &drop);

  assert_problems (read,
                   "1: score_chosen: must be a number, not \"high\"",
                   "2: rejected: must be a list of messages or text",
                   "3: chosen: chosen and rejected share no user turn that both reply to",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 1);

  /* --labels drop: the same tasks, without gold. */
  assert_no_problems (dropped);
  g_assert_cmpuint (dropped->tasks->len, ==, 5);
  for (guint i = 0; i < dropped->tasks->len; i++)
    g_assert_null (json_object_object_get (task_at (dropped, i), "gold"));
}

/* HelpSteer2 --------------------------------------------------------------- */

static char *
helpsteer2_rows (void)
{
  GString *out = g_string_new (NULL);

  g_string_append (out,
    "{'prompt':'P1','response':'R1a','helpfulness':3,'correctness':3,'coherence':4,'complexity':2,'verbosity':1}\n"
    "{'prompt':'P1','response':'R1b ','helpfulness':1,'correctness':0,'coherence':2,'complexity':2,'verbosity':4}\n"
    "{'prompt':'first\\n<extra_id_1>Assistant\\nreply\\n<extra_id_1>User\\nsecond','response':'R2',"
    "'helpfulness':4,'correctness':4,'coherence':4,'complexity':1,'verbosity':2}\n");
  for (guint i = 0; i < 3; i++)
    g_string_append_printf (out, "{'prompt':'P3','response':'R3-%u','helpfulness':%u,'correctness':%u,'coherence':4,"
                            "'complexity':0,'verbosity':0}\n", i, i, 4 - i);
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (out, "{'prompt':'P4','response':'R4-%u','helpfulness':2,'correctness':2,'coherence':2,"
                            "'complexity':2,'verbosity':2}\n", i);
  return g_string_free (out, FALSE);
}

static void
test_helpsteer2 (void)
{
  g_autofree char *rows = helpsteer2_rows ();
  g_autoptr(Read) read = read_text ("hs2.jsonl", rows, "helpsteer");
  json_object *task;

  assert_problems (read, "16: prompt: the same prompt as the 9 rows before; a task holds at most 9 responses, "
                   "so this one is left out", NULL);
  g_assert_cmpuint (read->tasks->len, ==, 4);

  /* Two rows: a compare task with scores and no choice. */
  task = find (read, "hs2-1");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "P1");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "R1a");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "R1b ");
  g_assert_cmpstr (test_get_path (task, "gold.scores.A"), ==,
                   "{\"helpfulness\":3,\"correctness\":3,\"coherence\":4,\"complexity\":2,\"verbosity\":1}");
  g_assert_cmpstr (test_get_path (task, "gold.scores.B"), ==,
                   "{\"helpfulness\":1,\"correctness\":0,\"coherence\":2,\"complexity\":2,\"verbosity\":4}");
  g_assert_null (json_object_object_get (json_object_object_get (task, "gold"), "choice"));

  /* One row: a review; the flattened turns stay in the prompt. */
  task = find (read, "hs2-3");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "first\n<extra_id_1>Assistant\nreply\n<extra_id_1>User\nsecond");
  g_assert_cmpstr (test_get_path (task, "gold.scores"), ==,
                   "{\"helpfulness\":4,\"correctness\":4,\"coherence\":4,\"complexity\":1,\"verbosity\":2}");
  g_assert_cmpstr (test_get_path (task, "gold.source.line"), ==, "3");

  /* Three rows: a rank task, scores only. */
  task = find (read, "hs2-4");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "rank");
  g_assert_cmpuint (n_responses (task), ==, 3);
  g_assert_cmpstr (test_get_path (task, "gold.scores.C.helpfulness"), ==, "2");
  g_assert_cmpstr (test_get_path (task, "gold.scores.C.correctness"), ==, "2");
  g_assert_null (json_object_object_get (json_object_object_get (task, "gold"), "ranking"));

  /* Ten rows: nine, and the tenth reported. */
  task = find (read, "hs2-7");
  g_assert_cmpuint (n_responses (task), ==, 9);
  g_assert_cmpstr (test_get_path (task, "responses[8].content"), ==, "R4-8");

  g_assert_cmpstr (test_get_path (read->header, "rubric.id"), ==, "helpsteer2");
  g_assert_cmpuint (json_object_array_length (json_object_object_get (json_object_object_get (read->header, "rubric"), "criteria")), ==, 5);
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].id"), ==, "helpfulness");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[4].id"), ==, "verbosity");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[4].scale"), ==, "{\"min\":0,\"max\":4}");
}

/* What rubric-writer-helpsteer.c writes: one line per scored response,
 * the criteria of the set by id. */
static void
test_helpsteer_export (void)
{
  g_autoptr(Read) read = read_text ("export.jsonl",
    "{'prompt':'Explain DNS.','response':'It maps names.','accuracy':4,'tone':2}\n"
    "{'prompt':'Explain DNS.','response':'  Phone book. ','accuracy':1,'tone':7}\n"
    "{'prompt':'Other','response':'Alone','accuracy':3,'tone':-2}\n",
    "helpsteer");
  json_object *task;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 2);
  task = task_at (read, 0);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "  Phone book. ");
  g_assert_cmpstr (test_get_path (task, "gold.scores"), ==,
                   "{\"A\":{\"accuracy\":4,\"tone\":2},\"B\":{\"accuracy\":1,\"tone\":7}}");
  task = task_at (read, 1);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task, "gold.scores"), ==, "{\"accuracy\":3,\"tone\":-2}");

  g_assert_cmpstr (test_get_path (read->header, "rubric.id"), ==, "helpsteer");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].id"), ==, "accuracy");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].scale"), ==, "{\"min\":0,\"max\":5}");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[1].id"), ==, "tone");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[1].scale"), ==, "{\"min\":-2,\"max\":7}");
}

/* Rubric's helpsteer export reads back as the tasks it was written from:
 * HelpSteer2 rows come back byte for byte, and the NeMo form's reviews
 * come back paired by prompt. */
static void
test_helpsteer_round_trip (void)
{
  g_autofree char *rows = helpsteer2_rows ();
  g_autoptr(Read) read = NULL;
  g_autoptr(Read) back = g_new0 (Read, 1);
  g_autoptr(Read) nemo = g_new0 (Read, 1);
  g_autofree char *nemo_path = test_realdata_path ("nemo-aligner-helpsteer2-regression-rm.jsonl");
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  RubricConvertOptions options = { .to = "helpsteer" };
  /* (A result is asked for, not needed: rubric_convert_file() reads
   * the result it freed when given none.) */
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(RubricImportResult) result_nemo = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  guint n = 0;

  /* Without the tenth row of P4, which no task holds. */
  *strstr (rows, "{'prompt':'P4','response':'R4-9'") = '\0';
  read = read_text ("hs2.jsonl", rows, "helpsteer");
  back->dir = test_tmpdir ();
  back->path = g_build_filename (back->dir, "back.jsonl", NULL);
  ok = rubric_convert_file (read->path, NULL, &options, back->path, NULL, &n, &result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (n, ==, 15);
  expected = test_read_file (read->path, NULL);
  written = test_read_file (back->path, NULL);
  g_assert_cmpstr (written, ==, expected);

  nemo->dir = test_tmpdir ();
  nemo->path = g_build_filename (nemo->dir, "nemo.jsonl", NULL);
  ok = rubric_convert_file (nemo_path, NULL, &options, nemo->path, NULL, &n, &result_nemo, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (n, ==, 8);
  read_into (nemo, "helpsteer", NULL);
  assert_no_problems (nemo);
  g_assert_cmpuint (nemo->tasks->len, ==, 4);
  g_assert_cmpstr (test_get_path (task_at (nemo, 0), "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task_at (nemo, 0), "prompt"), ==, "explain master slave replication nsql");
  g_assert_cmpstr (test_get_path (task_at (nemo, 0), "gold.scores"), ==,
                   "{\"A\":{\"helpfulness\":4,\"correctness\":4,\"coherence\":4,\"complexity\":3,\"verbosity\":2},"
                   "\"B\":{\"helpfulness\":2,\"correctness\":3,\"coherence\":3,\"complexity\":3,\"verbosity\":3}}");
}

static void
test_helpsteer_errors (void)
{
  g_autoptr(Read) read = read_text ("hs-bad.jsonl",
    "{'prompt':'P','response':'a','helpfulness':3,'correctness':3,'coherence':4,'complexity':2,'verbosity':1}\n"
    "{'prompt':'P','response':'b','helpfulness':'abc','correctness':3,'coherence':4,'complexity':2,'verbosity':1}\n"
    "{'prompt':'P','response':'c','helpfulness':3,'correctness':3,'coherence':4,'complexity':2}\n"
    "{'prompt':'P','response':null,'helpfulness':3,'correctness':3,'coherence':4,'complexity':2,'verbosity':1}\n"
    "{'prompt':'P','response':'d','helpfulness':'2','correctness':3,'coherence':4,'complexity':2,'verbosity':1}\n",
    "helpsteer");

  assert_problems (read,
                   "2: helpfulness: must be a number, not “abc”",
                   "3: verbosity: missing; the file's first record scores it",
                   "4: response: must be text, not null",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 1);
  g_assert_cmpstr (test_get_path (task_at (read, 0), "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task_at (read, 0), "gold.scores.B.helpfulness"), ==, "2");
}

/* HelpSteer2, NeMo's regression form ----------------------------------------- */

static void
test_helpsteer2_nemo_realdata (void)
{
  g_autoptr(Read) read = read_realdata ("nemo-aligner-helpsteer2-regression-rm.jsonl", "helpsteer2-nemo");
  json_object *task;
  const char *content;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 8);
  for (guint i = 0; i < read->tasks->len; i++)
    {
      task = task_at (read, i);
      g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
      g_assert_cmpuint (n_responses (task), ==, 1);
      g_assert_cmpstr (test_get_path (task, "system"), ==,
                       "A chat between a curious user and an artificial intelligence assistant. The assistant gives "
                       "helpful, detailed, and polite answers to the user's questions.");
      g_assert_null (json_object_object_get (task, "context"));
      /* quality, toxicity, humor and creativity are -100 throughout. */
      g_assert_cmpstr (test_get_path (task, "gold.scores.quality"), ==, "");
      g_assert_cmpstr (test_get_path (task, "gold.scores.toxicity"), ==, "");
      g_assert_cmpstr (test_get_path (task, "gold.scores.humor"), ==, "");
      g_assert_cmpstr (test_get_path (task, "gold.scores.creativity"), ==, "");
      g_assert_cmpuint (json_object_object_length (json_object_object_get (json_object_object_get (task, "gold"), "scores")), ==, 5);
    }

  task = task_at (read, 0);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "nemo-aligner-helpsteer2-regression-rm-1");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "explain master slave replication nsql");
  content = test_get_path (task, "responses[0].content");
  g_assert_true (g_str_has_prefix (content, "In the context of NoSQL databases, master-slave replication refers"));
  g_assert_true (g_str_has_suffix (content, "to ensure that data is protected in case of a failure."));
  g_assert_cmpuint (strlen (content), ==, 1296);
  g_assert_cmpstr (test_get_path (task, "gold.scores"), ==,
                   "{\"helpfulness\":4,\"correctness\":4,\"coherence\":4,\"complexity\":3,\"verbosity\":2}");
  g_assert_cmpstr (test_get_path (task_at (read, 5), "gold.scores"), ==,
                   "{\"helpfulness\":0,\"correctness\":0,\"coherence\":2,\"complexity\":2,\"verbosity\":3}");

  g_assert_cmpstr (test_get_path (read->header, "rubric.id"), ==, "helpsteer2");
  g_assert_cmpuint (json_object_array_length (json_object_object_get (json_object_object_get (read->header, "rubric"), "criteria")), ==, 5);
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].id"), ==, "helpfulness");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].scale"), ==, "{\"min\":0,\"max\":4}");
}

static void
test_helpsteer2_nemo_turns (void)
{
  g_autoptr(Read) read = read_text ("nemo.jsonl",
    /* An empty system, two turns, text with newlines of its own. */
    "{'text':'<extra_id_0>System\\n\\n<extra_id_1>User\\nfirst\\n<extra_id_1>Assistant\\n reply one\\n\\n"
    "<extra_id_1>User\\nsecond\\n<extra_id_1>Assistant\\nfinal\\n\\n<extra_id_2>',"
    "'label':[-100,-100,-100,-100,3,2.5,4,1,0]}\n"
    /* quality annotated too: the rubric gains it, first. */
    "{'text':'<extra_id_0>System\\nS\\n<extra_id_1>User\\nq\\n<extra_id_1>Assistant\\n\\n<extra_id_2>quality:2',"
    "'label':[2,-100,-100,-100,4,4,4,4,4]}\n"
    "{'text':'hello','label':[-100,-100,-100,-100,3,3,3,3,3]}\n"
    "{'text':'<extra_id_0>System\\nS\\n<extra_id_1>User\\nq\\n<extra_id_2>','label':[-100,-100,-100,-100,3,3,3,3,3]}\n"
    "{'text':'<extra_id_0>System\\nS\\n<extra_id_1>User\\nq\\n<extra_id_1>Assistant\\na','label':[-100,-100,-100,-100,3,3,3,3,3]}\n"
    "{'text':'<extra_id_0>System\\nS\\n<extra_id_1>User\\nq\\n<extra_id_1>Assistant\\na\\n<extra_id_2>','label':[1,2,3]}\n"
    "{'text':'<extra_id_0>System\\nS\\n<extra_id_1>User\\nq\\n<extra_id_1>Assistant\\na\\n<extra_id_2>',"
    "'label':[-100,-100,-100,-100,'3',3,3,3,3]}\n",
    "helpsteer2-nemo");
  json_object *task;

  assert_problems (read,
                   "3: text: does not begin with “<extra_id_0>System” and a newline",
                   "4: text: does not end with an Assistant turn to review",
                   "5: text: does not end with “<extra_id_2>” on a line of its own",
                   "6: label: must hold 9 numbers (quality, toxicity, humor, creativity, helpfulness, correctness, "
                   "coherence, complexity, verbosity), -100 where not annotated",
                   "7: label[4]: must be a number (-100 where not annotated), not \"3\"",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 2);

  task = task_at (read, 0);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "");
  g_assert_cmpstr (test_get_path (task, "context"), ==,
                   "[{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\" reply one\\n\"}]");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "second");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "final\n");
  g_assert_cmpstr (test_get_path (task, "gold.scores"), ==,
                   "{\"helpfulness\":3,\"correctness\":2.5,\"coherence\":4,\"complexity\":1,\"verbosity\":0}");
  g_assert_null (json_object_object_get (task, "meta"));

  task = task_at (read, 1);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "S");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "");
  g_assert_cmpstr (test_get_path (task, "gold.scores.quality"), ==, "2");
  g_assert_cmpstr (test_get_path (task, "meta.label_text"), ==, "quality:2");

  g_assert_cmpuint (json_object_array_length (json_object_object_get (json_object_object_get (read->header, "rubric"), "criteria")), ==, 6);
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].id"), ==, "quality");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[0].name"), ==, "Quality");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[1].id"), ==, "helpfulness");
  g_assert_cmpstr (test_get_path (read->header, "rubric.criteria[5].id"), ==, "verbosity");
}

/* HelpSteer3 ----------------------------------------------------------------- */

static void
test_helpsteer3 (void)
{
  g_autoptr(Read) read = read_text ("hs3.jsonl",
    "{'domain':'general','language':'english','context':[{'role':'user','content':'Q1'}],'response1':'R1','response2':' R2',"
    "'overall_preference':-2,'individual_preference':[{'score':-2,'reasoning':'@Response 1 is better.','feedback1':'good',"
    "'feedback2':'bad'},{'score':-1,'reasoning':'Slightly.'}]}\n"
    "{'domain':'code','language':'python','context':[{'role':'user','content':'Q2'}],'response1':'same','response2':'same',"
    "'overall_preference':0,'individual_preference':[{'score':0,'reasoning':'Equal.'}]}\n"
    "{'domain':'stem','language':'english','context':[{'role':'user','content':'u1'},{'role':'assistant','content':'a1'},"
    "{'role':'user','content':'u2'}],'response1':'weak','response2':'strong','overall_preference':3,"
    "'individual_preference':[{'score':3,'reasoning':'Much better.'},{'score':2,'reasoning':'Better.'},"
    "{'score':3,'reasoning':'Clearly.'}]}\n",
    "helpsteer3");
  json_object *task;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 3);

  task = task_at (read, 0);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q1");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "R1");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, " R2");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "A");
  g_assert_cmpstr (test_get_path (task, "gold.strength"), ==, "2");
  g_assert_cmpstr (test_get_path (task, "gold.annotators[0].reasoning"), ==, "@Response 1 is better.");
  g_assert_cmpstr (test_get_path (task, "gold.annotators[0].feedback2"), ==, "bad");
  g_assert_cmpstr (test_get_path (task, "gold.annotators[1].score"), ==, "-1");
  g_assert_cmpstr (test_get_path (task, "meta.domain"), ==, "general");
  g_assert_cmpstr (test_get_path (task, "meta.language"), ==, "english");

  task = task_at (read, 1);
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "tie");
  g_assert_cmpstr (test_get_path (task, "gold.strength"), ==, "");

  task = task_at (read, 2);
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "B");
  g_assert_cmpstr (test_get_path (task, "gold.strength"), ==, "3");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "u2");
  g_assert_cmpstr (test_get_path (task, "context"), ==,
                   "[{\"role\":\"user\",\"content\":\"u1\"},{\"role\":\"assistant\",\"content\":\"a1\"}]");
  g_assert_cmpuint (json_object_array_length (json_object_object_get (json_object_object_get (task, "gold"), "annotators")), ==, 3);
}

static void
test_helpsteer3_errors (void)
{
  g_autoptr(Read) read = read_text ("hs3-bad.jsonl",
    "{'context':[{'role':'user','content':'Q'}],'response1':'a','response2':'b','overall_preference':5}\n"
    "{'context':[{'role':'user','content':'Q'}],'response1':'a','response2':'b','overall_preference':1,"
    "'individual_preference':[{'score':'x','reasoning':'?'}]}\n"
    "{'context':[{'role':'robot','content':'Q'}],'response1':'a','response2':'b','overall_preference':1}\n"
    "{'context':[{'role':'user','content':'Q'}],'response1':'a','response2':'b'}\n"
    "{'context':[{'role':'user','content':'Q'}],'response1':'a','response2':'b','overall_preference':'-1'}\n",
    "helpsteer3");

  assert_problems (read,
                   "1: overall_preference: must be a whole number from -3 (response1 is much better) to 3 "
                   "(response2 is much better), not 5",
                   "2: individual_preference[0].score: must be a whole number from -3 (response1 is much better) to 3 "
                   "(response2 is much better), not \"x\"",
                   "3: context[0].role: “robot” is not a role Rubric knows",
                   "4: overall_preference: missing",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 1);
  g_assert_cmpstr (test_get_path (task_at (read, 0), "gold.choice"), ==, "A");
}

/* SHP ------------------------------------------------------------------------ */

static void
test_shp (void)
{
  g_autoptr(Read) read = read_text ("shp.jsonl",
    "{'post_id':'himc90','domain':'askacademia_train','upvote_ratio':0.99,'history':'In an interview, what should I ask?',"
    "'c_root_id_A':'gpugpdk','c_root_id_B':'gpuq8x4','created_at_utc_A':1590000000,'created_at_utc_B':1590000500,"
    "'score_A':52,'score_B':7,'human_ref_A':'Ask about funding.','human_ref_B':' Ask nothing. ','labels':1,"
    "'seconds_difference':500.0,'score_ratio':7.428571428571429}\n"
    "{'post_id':'himc90','domain':'askacademia_train','upvote_ratio':0.99,'history':'In an interview, what should I ask?',"
    "'c_root_id_A':'gpuq8x4','c_root_id_B':'gpuz111','created_at_utc_A':1590000500,'created_at_utc_B':1590000100,"
    "'score_A':7,'score_B':20,'human_ref_A':' Ask nothing. ','human_ref_B':'Ask about the lab.','labels':0,"
    "'seconds_difference':400,'score_ratio':2.857142857142857}\n",
    "shp");
  json_object *task;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 2);

  task = find (read, "himc90-gpugpdk-gpuq8x4");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "In an interview, what should I ask?");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "Ask about funding.");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, " Ask nothing. ");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "A");
  g_assert_cmpstr (test_get_path (task, "meta.score_A"), ==, "52");
  g_assert_cmpstr (test_get_path (task, "meta.score_B"), ==, "7");
  g_assert_cmpstr (test_get_path (task, "meta.score_ratio"), ==, "7.428571428571429");
  g_assert_cmpstr (test_get_path (task, "meta.domain"), ==, "askacademia_train");

  task = find (read, "himc90-gpuq8x4-gpuz111");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "Ask about the lab.");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "B");
}

static void
test_shp_errors (void)
{
  g_autoptr(Read) read = read_text ("shp-bad.jsonl",
    "{'post_id':'p','history':'H','c_root_id_A':'a','c_root_id_B':'b','human_ref_A':'x','human_ref_B':'y','labels':2}\n"
    "{'post_id':'p','history':'H','c_root_id_A':'a','c_root_id_B':'b','human_ref_A':'x','human_ref_B':'y'}\n"
    "{'post_id':'p','c_root_id_A':'a','c_root_id_B':'b','human_ref_A':'x','human_ref_B':'y','labels':1}\n"
    "{'post_id':'p','history':'H','c_root_id_A':'a','c_root_id_B':'b','human_ref_A':'x','human_ref_B':'y','labels':'0'}\n",
    "shp");

  assert_problems (read,
                   "1: labels: must be 1 (A is preferred) or 0 (B is), not 2",
                   "2: labels: missing",
                   "3: history: missing",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 1);
  g_assert_cmpstr (test_get_path (task_at (read, 0), "gold.choice"), ==, "B");
}

/* Chatbot Arena -------------------------------------------------------------- */

#define ARENA_TURN(q, a, b) \
  "'conversation_a':[{'role':'user','content':'" q "'},{'role':'assistant','content':'" a "'}]," \
  "'conversation_b':[{'role':'user','content':'" q "'},{'role':'assistant','content':'" b "'}]"

static void
test_chatbot_arena (void)
{
  g_autoptr(Read) read = read_text ("arena.jsonl",
    "{'question_id':'q1','model_a':'vicuna-13b','model_b':'koala-13b','winner':'model_a','judge':'arena_user_973',"
    ARENA_TURN ("What is 2+2?", "4", "Four.") ",'turn':1,'anony':true,'language':'English','tstamp':1682351591.1322}\n"
    "{'question_id':'q2','model_a':'vicuna-13b','model_b':'koala-13b','winner':'model_b','judge':'arena_user_2',"
    ARENA_TURN ("Hi", "Hello", "Hey") ",'turn':1,'anony':true,'language':'English'}\n"
    "{'question_id':'q3','model_a':'alpaca-13b','model_b':'gpt-4','winner':'tie','judge':'arena_user_3',"
    ARENA_TURN ("Hi", "Hello", "Hey") ",'turn':1}\n"
    /* Two turns, both replies bad. */
    "{'question_id':'q4','model_a':'alpaca-13b','model_b':'gpt-4','winner':'tie (bothbad)','judge':'arena_user_4',"
    "'conversation_a':[{'role':'user','content':'u1'},{'role':'assistant','content':'a1'},{'role':'user','content':'u2'},"
    "{'role':'assistant','content':'a2'}],"
    "'conversation_b':[{'role':'user','content':'u1'},{'role':'assistant','content':'b1'},{'role':'user','content':'u2'},"
    "{'role':'assistant','content':'b2'}],'turn':2}\n"
    /* MT-bench: a number for the question, the first of two turns judged. */
    "{'question_id':81,'model_a':'gpt-4','model_b':'claude-v1','winner':'model_b','judge':'author_2',"
    "'conversation_a':[{'role':'user','content':'u1'},{'role':'assistant','content':'a1'},{'role':'user','content':'u2'},"
    "{'role':'assistant','content':'a2'}],"
    "'conversation_b':[{'role':'user','content':'u1'},{'role':'assistant','content':'b1'},{'role':'user','content':'u2'},"
    "{'role':'assistant','content':'b2'}],'turn':1}\n",
    "chatbot-arena");
  json_object *task;

  assert_no_problems (read);
  g_assert_cmpuint (read->tasks->len, ==, 5);

  task = find (read, "q1");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "What is 2+2?");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "4");
  g_assert_cmpstr (test_get_path (task, "responses[0].model"), ==, "vicuna-13b");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "Four.");
  g_assert_cmpstr (test_get_path (task, "responses[1].model"), ==, "koala-13b");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "A");
  g_assert_cmpstr (test_get_path (task, "meta.judge"), ==, "arena_user_973");
  g_assert_cmpstr (test_get_path (task, "meta.language"), ==, "English");
  g_assert_cmpstr (test_get_path (task, "meta.winner"), ==, "");

  g_assert_cmpstr (test_get_path (find (read, "q2"), "gold.choice"), ==, "B");
  g_assert_cmpstr (test_get_path (find (read, "q3"), "gold.choice"), ==, "tie");

  task = find (read, "q4");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "both-bad");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "u1");
  g_assert_null (json_object_object_get (task, "context"));
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "a2");
  g_assert_cmpstr (test_get_path (task, "responses[0].turns"), ==,
                   "[{\"role\":\"assistant\",\"content\":\"a1\"},{\"role\":\"user\",\"content\":\"u2\"}]");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "b2");
  g_assert_cmpstr (test_get_path (task, "responses[1].turns"), ==,
                   "[{\"role\":\"assistant\",\"content\":\"b1\"},{\"role\":\"user\",\"content\":\"u2\"}]");

  task = find (read, "81-gpt-4-claude-v1-turn1-author_2");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "u1");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "a1");
  g_assert_null (json_object_object_get (json_object_array_get_idx (json_object_object_get (task, "responses"), 0), "turns"));
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "b1");
  g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, "B");
  g_assert_cmpstr (test_get_path (task, "meta.question_id"), ==, "81");
}

static void
test_chatbot_arena_errors (void)
{
  g_autoptr(Read) read = read_text ("arena-bad.jsonl",
    "{'question_id':'q1','model_a':'a','model_b':'b','winner':'model_c'," ARENA_TURN ("Q", "x", "y") "}\n"
    "{'question_id':'q2','model_a':'a','model_b':'b','winner':'model_a','conversation_a':[{'role':'user','content':'Q'}],"
    "'conversation_b':[{'role':'user','content':'Q'},{'role':'assistant','content':'y'}]}\n"
    "{'question_id':'q3','model_a':'a','model_b':'b','winner':'tie','conversation_a':'Q',"
    "'conversation_b':[{'role':'user','content':'Q'},{'role':'assistant','content':'y'}]}\n"
    "{'question_id':'q4','model_a':'a','model_b':'b','winner':null," ARENA_TURN ("Q", "x", "y") "}\n"
    "{'question_id':'q5','model_a':'a','model_b':'b','winner':'tie'," ARENA_TURN ("Q", "x", "y") "}\n",
    "chatbot-arena");

  assert_problems (read,
                   "1: winner: \"model_c\" is not model_a, model_b, tie or tie (bothbad)",
                   "2: conversation_a: the two conversations share no user turn that both reply to",
                   "3: conversation_a: must be a list of messages",
                   "4: winner: null is not model_a, model_b, tie or tie (bothbad)",
                   NULL);
  g_assert_cmpuint (read->tasks->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formats/oasst1/realdata", test_oasst1_realdata);
  g_test_add_func ("/formats/oasst1/groups", test_oasst1_groups);
  g_test_add_func ("/formats/oasst1/errors", test_oasst1_errors);
  g_test_add_func ("/formats/oasst-trees/realdata", test_oasst_trees_realdata);
  g_test_add_func ("/formats/oasst-trees/errors", test_oasst_trees_errors);
  g_test_add_func ("/formats/ultrafeedback/raw", test_ultrafeedback_raw);
  g_test_add_func ("/formats/ultrafeedback/errors", test_ultrafeedback_errors);
  g_test_add_func ("/formats/ultrafeedback-binarized/shapes", test_ultrafeedback_binarized);
  g_test_add_func ("/formats/ultrafeedback-binarized/errors", test_ultrafeedback_binarized_errors);
  g_test_add_func ("/formats/helpsteer/helpsteer2", test_helpsteer2);
  g_test_add_func ("/formats/helpsteer/export", test_helpsteer_export);
  g_test_add_func ("/formats/helpsteer/round-trip", test_helpsteer_round_trip);
  g_test_add_func ("/formats/helpsteer/errors", test_helpsteer_errors);
  g_test_add_func ("/formats/helpsteer2-nemo/realdata", test_helpsteer2_nemo_realdata);
  g_test_add_func ("/formats/helpsteer2-nemo/turns", test_helpsteer2_nemo_turns);
  g_test_add_func ("/formats/helpsteer3/preferences", test_helpsteer3);
  g_test_add_func ("/formats/helpsteer3/errors", test_helpsteer3_errors);
  g_test_add_func ("/formats/shp/labels", test_shp);
  g_test_add_func ("/formats/shp/errors", test_shp_errors);
  g_test_add_func ("/formats/chatbot-arena/winners", test_chatbot_arena);
  g_test_add_func ("/formats/chatbot-arena/errors", test_chatbot_arena_errors);
  return g_test_run ();
}
