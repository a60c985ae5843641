/* test-formats-chat.c — reading chat and preference datasets: TRL, KTO,
 * SFT messages, prompt/completion, OpenAI preference, ShareGPT,
 * LLaMA-Factory v1 and Alpaca
 *
 * The published files of tests/data/realdata are read whole and
 * compared with what json-c parses from them, byte for byte; every
 * other shape is an inline fixture, written with ' for " so that the
 * JSON stays legible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rubric-json.h"
#include "rubric-task-reader.h"
#include "test-util.h"

static char *tmpdir;

/* Writes @squoted, with every ' made a ", as @name. */
static char *
write_fixture (const char *name,
               const char *squoted)
{
  g_autofree char *text = g_strdup (squoted);

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        *p = '"';
    }
  return test_write_file (tmpdir, name, text, -1);
}

/* Reads a fixture that has no fatal error. */
static GPtrArray *
read_fixture (const char              *name,
              const char              *squoted,
              const RubricReadOptions *options,
              const char              *expect_format,
              GPtrArray              **problems,
              char                   **path_out)
{
  g_autofree char *path = write_fixture (name, squoted);
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = test_read_tasks (path, options, &format, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tasks);
  g_assert_cmpstr (format, ==, expect_format);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return tasks;
}

/* @problems are exactly "@path:" followed by each of the NULL-ended
 * suffixes, "line: field: reason". */
static void
assert_problems (GPtrArray  *problems,
                 const char *path,
                 ...)
{
  va_list args;
  const char *suffix;
  guint n = 0;

  va_start (args, path);
  while ((suffix = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *expected = g_strdup_printf ("%s:%s", path, suffix);

      g_assert_cmpuint (n, <, problems->len);
      g_assert_cmpstr (g_ptr_array_index (problems, n), ==, expected);
      n++;
    }
  va_end (args);
  g_assert_cmpuint (problems->len, ==, n);
}

static void
assert_no_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("unexpected problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static json_object *
task_at (GPtrArray *tasks,
         guint      index)
{
  g_assert_cmpuint (index, <, tasks->len);
  return g_ptr_array_index (tasks, index);
}

/* The response the gold choice names, or the other one. */
static json_object *
gold_response (json_object *task,
               gboolean     chosen)
{
  const char *choice = test_get_path (task, "gold.choice");
  json_object *responses = json_object_object_get (task, "responses");
  gboolean first;

  g_assert_true (g_str_equal (choice, "A") || g_str_equal (choice, "B"));
  g_assert_cmpuint (json_object_array_length (responses), ==, 2);
  first = g_str_equal (choice, "A") == chosen;
  return json_object_array_get_idx (responses, first ? 0 : 1);
}

static const char *
chosen_text (json_object *task)
{
  return json_object_get_string (json_object_object_get (gold_response (task, TRUE), "content"));
}

static const char *
rejected_text (json_object *task)
{
  return json_object_get_string (json_object_object_get (gold_response (task, FALSE), "content"));
}

/* @value, a string of the task, is @expected byte for byte. */
static void
assert_same_text (json_object *value,
                  json_object *expected)
{
  g_assert_true (json_object_is_type (value, json_type_string));
  g_assert_true (json_object_is_type (expected, json_type_string));
  g_assert_cmpint (json_object_get_string_len (value), ==, json_object_get_string_len (expected));
  g_assert_cmpint (memcmp (json_object_get_string (value), json_object_get_string (expected),
                           json_object_get_string_len (expected)), ==, 0);
}

static gsize
array_length (json_object *task,
              const char  *path)
{
  json_object *array = test_get_object (task, path);

  return json_object_is_type (array, json_type_array) ? json_object_array_length (array) : 0;
}

static gboolean
has_path (json_object *task,
          const char  *path)
{
  return test_get_object (task, path) != NULL;
}

/* A realdata file of one JSON array, parsed by json-c alone. */
static json_object *
parse_realdata_array (const char *name)
{
  g_autofree char *path = test_realdata_path (name);
  json_object *array = json_object_from_file (path);

  g_assert_true (json_object_is_type (array, json_type_array));
  return array;
}

static void
put_object (gpointer object)
{
  json_object_put (object);
}

/* A realdata JSONL file's records, parsed by json-c alone. */
static GPtrArray *
parse_realdata_lines (const char *name)
{
  g_autofree char *path = test_realdata_path (name);
  g_auto(GStrv) lines = test_read_lines (path);
  GPtrArray *records = g_ptr_array_new_with_free_func (put_object);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      json_object *record = json_tokener_parse (lines[i]);

      g_assert_nonnull (record);
      g_ptr_array_add (records, record);
    }
  return records;
}

static GPtrArray *
read_realdata (const char              *name,
               const RubricReadOptions *options,
               const char              *expect_format)
{
  g_autofree char *path = test_realdata_path (name);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = test_read_tasks (path, options, &format, &problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tasks);
  g_assert_cmpstr (format, ==, expect_format);
  assert_no_problems (problems);
  return tasks;
}

/* ---- SFT: OpenAI chat fine-tuning, TRL messages ---- */

static void
test_sft_realdata (void)
{
  g_autoptr(GPtrArray) tasks = read_realdata ("openai-cookbook-toy_chat_fine_tuning.jsonl", NULL, "sft");
  g_autoptr(GPtrArray) records = parse_realdata_lines ("openai-cookbook-toy_chat_fine_tuning.jsonl");
  json_object *task;

  g_assert_cmpuint (tasks->len, ==, 5);
  for (guint i = 0; i < tasks->len; i++)
    {
      json_object *messages = json_object_object_get (g_ptr_array_index (records, i), "messages");
      json_object *last = json_object_array_get_idx (messages, json_object_array_length (messages) - 1);
      g_autofree char *id = g_strdup_printf ("openai-cookbook-toy_chat_fine_tuning-%u", i + 1);

      task = task_at (tasks, i);
      g_assert_cmpstr (test_get_path (task, "id"), ==, id);
      g_assert_cmpstr (test_get_path (task, "kind"), ==, "write");
      g_assert_false (has_path (task, "responses"));
      assert_same_text (test_get_object (task, "gold.answer"), json_object_object_get (last, "content"));
      g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "sft");
      g_assert_cmpint (json_object_get_int (test_get_object (task, "gold.source.line")), ==, (int) i + 1);
    }

  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "You are a happy assistant that puts a positive spin on everything.");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "I fell off my bike today.");
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, "It's great that you're getting exercise outdoors!");
  g_assert_false (has_path (task, "context"));
  g_assert_false (has_path (task, "meta"));

  /* Four exchanges: the first three are context. */
  task = task_at (tasks, 1);
  g_assert_cmpuint (array_length (task, "context"), ==, 6);
  g_assert_cmpstr (test_get_path (task, "context[0].role"), ==, "user");
  g_assert_cmpstr (test_get_path (task, "context[5].role"), ==, "assistant");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "I don't even know how to play golf.");

  /* No system message. */
  task = task_at (tasks, 2);
  g_assert_false (has_path (task, "system"));
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "I lost my book today.");

  /* No user message: the prompt is empty. */
  task = task_at (tasks, 3);
  g_assert_true (has_path (task, "system"));
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "");
  g_assert_false (has_path (task, "context"));
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, "You're great!");

  /* The 26,000-character reply, whole. */
  task = task_at (tasks, 4);
  g_assert_cmpint (json_object_get_string_len (test_get_object (task, "gold.answer")), ==, 26000);
}

static void
test_sft_tools (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("tools.jsonl",
    "{'messages':[{'role':'system','content':'You are a weather bot.'},{'role':'user','content':'Weather in Paris?'},"
    "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function','function':{'name':'get_weather',"
    "'arguments':'{\\'city\\': \\'Paris\\'}'}}]},"
    "{'role':'tool','tool_call_id':'call_1','name':'get_weather','content':'{\\'temp\\': 21}'},"
    "{'role':'assistant','content':'It is 21 \xc2\xb0""C in Paris.'}],"
    "'tools':[{'type':'function','function':{'name':'get_weather','parameters':{'type':'object'}}}],"
    "'parallel_tool_calls':false}\n"
    /* drone_training.jsonl: no content key at all, double-encoded arguments. */
    "{'messages':[{'role':'user','content':'Take off.'},{'role':'assistant','tool_calls':[{'id':'call_2',"
    "'type':'function','function':{'name':'takeoff','arguments':'\\'{\\\\\\'location\\\\\\': \\\\\\'current\\\\\\'}\\''}}]}],"
    "'parallel_tool_calls':false,'id':'drone-7'}\n",
    NULL, "sft", &problems, NULL);
  json_object *task;

  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, 2);

  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "write");
  g_assert_cmpstr (test_get_path (task, "system"), ==, "You are a weather bot.");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Weather in Paris?");
  g_assert_cmpuint (array_length (task, "turns"), ==, 2);
  g_assert_cmpstr (test_get_path (task, "turns[0].role"), ==, "assistant");
  g_assert_true (json_object_object_get_ex (test_get_object (task, "turns[0]"), "content", NULL));
  g_assert_null (test_get_object (task, "turns[0].content"));
  g_assert_cmpstr (test_get_path (task, "turns[0].tool_calls[0].function.arguments"), ==, "{\"city\": \"Paris\"}");
  g_assert_cmpstr (test_get_path (task, "turns[1].role"), ==, "tool");
  g_assert_cmpstr (test_get_path (task, "turns[1].tool_call_id"), ==, "call_1");
  g_assert_cmpstr (test_get_path (task, "turns[1].name"), ==, "get_weather");
  g_assert_cmpstr (test_get_path (task, "turns[1].content"), ==, "{\"temp\": 21}");
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, "It is 21 \xc2\xb0""C in Paris.");
  g_assert_cmpstr (test_get_path (task, "meta.tools[0].function.name"), ==, "get_weather");
  g_assert_cmpstr (test_get_path (task, "meta.parallel_tool_calls"), ==, "false");

  /* Ends with a tool call: no answer, the call among the turns. */
  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "drone-7");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Take off.");
  g_assert_false (has_path (task, "gold.answer"));
  g_assert_cmpuint (array_length (task, "turns"), ==, 1);
  g_assert_true (json_object_object_get_ex (test_get_object (task, "turns[0]"), "content", NULL));
  g_assert_null (test_get_object (task, "turns[0].content"));
  g_assert_cmpstr (test_get_path (task, "turns[0].tool_calls[0].function.arguments"), ==,
                   "\"{\\\"location\\\": \\\"current\\\"}\"");
  g_assert_false (has_path (task, "meta.id"));
}

static void
test_sft_review (void)
{
  RubricReadOptions options = { .kind = "review" };
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("review.jsonl",
    "{'messages':[{'role':'user','content':'Hi'},{'role':'assistant','content':' Hello!'}]}\n"
    "{'messages':[{'role':'user','content':'Hi'}]}\n",
    &options, "sft", &problems, &path);
  json_object *task;

  g_assert_cmpuint (tasks->len, ==, 1);
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Hi");
  g_assert_cmpuint (array_length (task, "responses"), ==, 1);
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, " Hello!");
  assert_problems (problems, path,
                   "2: messages[0]: the last message must be the assistant's reply, not a user message", NULL);
}

static void
test_sft_errors (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("bad-sft.jsonl",
    "{'messages':[{'role':'user','content':'Hi'},{'role':'assistant'}]}\n"
    "{'messages':[{'role':'narrator','content':'Hi'}]}\n"
    "{'messages':'Hi'}\n"
    "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'x'}}]}]}\n"
    "{'messages':[{'role':'user','content':5}]}\n"
    "{'messages':[{'role':'user','content':'Hi'},{'role':'assistant','content':'Hello'}]}\n",
    NULL, "sft", &problems, &path);

  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "id"), ==, "bad-sft-6");
  assert_problems (problems, path,
                   "1: messages[1].content: missing",
                   "2: messages[0].role: “narrator” is not a role Rubric knows",
                   "3: messages: must be a list of messages, not text",
                   "4: messages[0].content: part 0 is image_url, not text; Rubric reads text only",
                   "5: messages[0].content: must be text",
                   NULL);
}

/* ---- prompt/completion ---- */

static void
test_prompt_completion (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("pc.jsonl",
    "{'prompt':'Say hi','completion':' hi'}\n"
    "{'prompt':[{'role':'system','content':'S'},{'role':'user','content':'Q'}],'completion':[{'role':'assistant','content':'A'}],"
    "'source':'mine'}\n"
    "{'prompt':[{'role':'user','content':'Q'}],'completion':[{'role':'assistant','content':null,'tool_calls':[{'id':'c',"
    "'type':'function','function':{'name':'f','arguments':'{}'}}]},{'role':'tool','tool_call_id':'c','content':'r'},"
    "{'role':'assistant','content':'A'}]}\n"
    "{'prompt':'Q','completion':null}\n"
    "{'prompt':'Q','completion':[{'role':'user','content':'A'}]}\n"
    "{'prompt':5,'completion':'A'}\n",
    NULL, "prompt-completion", &problems, &path);
  json_object *task;

  g_assert_cmpuint (tasks->len, ==, 3);
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "write");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Say hi");
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, " hi");
  g_assert_false (has_path (task, "context"));
  g_assert_false (has_path (task, "draft"));

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "S");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q");
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, "A");
  g_assert_cmpstr (test_get_path (task, "meta.source"), ==, "mine");

  task = task_at (tasks, 2);
  g_assert_cmpuint (array_length (task, "turns"), ==, 2);
  g_assert_cmpstr (test_get_path (task, "turns[1].role"), ==, "tool");
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, "A");

  assert_problems (problems, path,
                   "4: completion: must be text or a list of messages, not null",
                   "5: completion[0]: the last message must be the assistant's reply, not a user message",
                   "6: prompt: must be text or a list of messages, not a number",
                   NULL);
}

static void
test_prompt_completion_review (void)
{
  RubricReadOptions options = { .kind = "review" };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("pc-review.jsonl", "{'prompt':'Say hi','completion':' hi'}\n",
                                             &options, "prompt-completion", &problems, NULL);

  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "responses[0].content"), ==, " hi");
  g_assert_false (has_path (task_at (tasks, 0), "gold"));
}

/* ---- TRL ---- */

static void
test_trl_standard (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("trl.jsonl",
    "{'prompt':'The sky is','chosen':' blue.','rejected':' green.'}\n"
    "{'id':'pair-7','prompt':'Q','chosen':'A','rejected':'B','margin':3,'source':'web'}\n"
    "{'prompt':'Q','chosen':'A','rejected':'B','margin':0.5}\n",
    NULL, "trl", &problems, NULL);
  json_object *task;

  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, 3);
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "trl-1");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "The sky is");
  g_assert_cmpstr (chosen_text (task), ==, " blue.");
  g_assert_cmpstr (rejected_text (task), ==, " green.");
  g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "trl");
  g_assert_false (has_path (task, "gold.strength"));
  g_assert_false (has_path (task, "meta"));

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "pair-7");
  g_assert_cmpstr (test_get_path (task, "gold.strength"), ==, "3");
  g_assert_cmpstr (test_get_path (task, "gold.margin"), ==, "3");
  g_assert_cmpstr (test_get_path (task, "meta.source"), ==, "web");
  g_assert_false (has_path (task, "meta.id"));

  task = task_at (tasks, 2);
  g_assert_false (has_path (task, "gold.strength"));
  g_assert_cmpstr (test_get_path (task, "gold.margin"), ==, "0.5");
}

/* Chosen responses land on both sides, by a hash of the two texts. */
static void
test_trl_sides (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  guint a = 0;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "{'prompt':'Q','chosen':'good %u','rejected':'bad %u'}\n", i, i);
  tasks = read_fixture ("sides.jsonl", text->str, NULL, "trl", &problems, NULL);
  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, 40);
  for (guint i = 0; i < tasks->len; i++)
    {
      g_autofree char *good = g_strdup_printf ("good %u", i);

      g_assert_cmpstr (chosen_text (task_at (tasks, i)), ==, good);
      a += g_str_equal (test_get_path (task_at (tasks, i), "gold.choice"), "A");
    }
  g_assert_cmpuint (a, >, 0);
  g_assert_cmpuint (a, <, 40);
}

static void
test_trl_conversational (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("trl-conv.jsonl",
    /* What Rubric's trl export writes for a conversational task. */
    "{'prompt':[{'role':'system','content':'S'},{'role':'user','content':'Hi'},{'role':'assistant','content':'Hello'},"
    "{'role':'user','content':'Weather?'}],"
    "'chosen':[{'role':'assistant','content':null,'tool_calls':[{'id':'c1','type':'function','function':{'name':'w',"
    "'arguments':'{}'}}]},{'role':'tool','tool_call_id':'c1','content':'sun'},{'role':'assistant','content':'Sunny.'}],"
    "'rejected':[{'role':'assistant','content':'No idea.'}]}\n"
    /* A text prompt beside conversational completions. */
    "{'prompt':'Q','chosen':[{'role':'assistant','content':'A'}],'rejected':[{'role':'assistant','content':'B'}]}\n",
    NULL, "trl", &problems, NULL);
  json_object *task;

  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, 2);
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "S");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Weather?");
  g_assert_cmpuint (array_length (task, "context"), ==, 2);
  g_assert_false (has_path (task, "turns"));
  g_assert_cmpstr (chosen_text (task), ==, "Sunny.");
  g_assert_cmpstr (rejected_text (task), ==, "No idea.");
  g_assert_cmpuint (json_object_array_length (json_object_object_get (gold_response (task, TRUE), "turns")), ==, 2);
  g_assert_false (json_object_object_get_ex (gold_response (task, FALSE), "turns", NULL));

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q");
  g_assert_false (has_path (task, "context"));
  g_assert_cmpstr (chosen_text (task), ==, "A");
}

static void
test_trl_implicit_conversational (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("trl-implicit.jsonl",
    /* The last replies differ. */
    "{'chosen':[{'role':'user','content':'Q1'},{'role':'assistant','content':'A1'},{'role':'user','content':'Q2'},"
    "{'role':'assistant','content':'good'}],"
    "'rejected':[{'role':'user','content':'Q1'},{'role':'assistant','content':'A1'},{'role':'user','content':'Q2'},"
    "{'role':'assistant','content':'bad'}]}\n"
    /* The two diverge at the first reply. */
    "{'chosen':[{'role':'user','content':'Q1'},{'role':'assistant','content':'A1 good'},{'role':'user','content':'Q2'},"
    "{'role':'assistant','content':'good'}],"
    "'rejected':[{'role':'user','content':'Q1'},{'role':'assistant','content':'A1 bad'},{'role':'user','content':'Q2'},"
    "{'role':'assistant','content':'bad'}]}\n"
    /* A shared tool call after the prompt. */
    "{'chosen':[{'role':'system','content':'S'},{'role':'user','content':'Q'},{'role':'assistant','content':null,"
    "'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},"
    "{'role':'tool','tool_call_id':'c','content':'r'},{'role':'assistant','content':'good'}],"
    "'rejected':[{'role':'system','content':'S'},{'role':'user','content':'Q'},{'role':'assistant','content':null,"
    "'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},"
    "{'role':'tool','tool_call_id':'c','content':'r'},{'role':'assistant','content':'bad'}]}\n"
    /* A prompt beside whole conversations. */
    "{'prompt':'Q','chosen':[{'role':'user','content':'Q'},{'role':'assistant','content':'good'}],"
    "'rejected':[{'role':'user','content':'Q'},{'role':'assistant','content':'bad'}]}\n",
    NULL, "trl", &problems, NULL);
  json_object *task;
  json_object *turns;

  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, 4);
  for (guint i = 0; i < tasks->len; i++)
    {
      g_assert_cmpstr (chosen_text (task_at (tasks, i)), ==, "good");
      g_assert_cmpstr (rejected_text (task_at (tasks, i)), ==, "bad");
    }

  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q2");
  g_assert_cmpuint (array_length (task, "context"), ==, 2);
  g_assert_false (json_object_object_get_ex (gold_response (task, TRUE), "turns", NULL));

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q1");
  g_assert_false (has_path (task, "context"));
  turns = json_object_object_get (gold_response (task, TRUE), "turns");
  g_assert_cmpuint (json_object_array_length (turns), ==, 2);
  g_assert_cmpstr (test_get_path (turns, "[0].content"), ==, "A1 good");
  g_assert_cmpstr (test_get_path (turns, "[1].content"), ==, "Q2");
  turns = json_object_object_get (gold_response (task, FALSE), "turns");
  g_assert_cmpstr (test_get_path (turns, "[0].content"), ==, "A1 bad");

  task = task_at (tasks, 2);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "S");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q");
  g_assert_cmpuint (array_length (task, "turns"), ==, 2);
  g_assert_cmpstr (test_get_path (task, "turns[1].role"), ==, "tool");
  g_assert_false (json_object_object_get_ex (gold_response (task, TRUE), "turns", NULL));

  task = task_at (tasks, 3);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q");
  g_assert_false (has_path (task, "meta"));
}

static void
test_trl_implicit_standard (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("trl-text.jsonl",
    "{'chosen':'The sky is blue.','rejected':'The sky is green.'}\n"
    "{'chosen':'Question: 2+2?\\nAnswer: 4','rejected':'Question: 2+2?\\nAnswer: 5'}\n"
    /* é and è share their first byte: the split keeps whole characters. */
    "{'chosen':'R\xc3\xa9ponse : \xc3\xa9','rejected':'R\xc3\xa9ponse : \xc3\xa8'}\n"
    "{'chosen':'Paris is nice.','rejected':'Parrots are nice.'}\n"
    "{'chosen':'Yes','rejected':'No'}\n"
    "{'chosen':'The sky is blue','rejected':'The sky is blue, really'}\n"
    "{'chosen':'Same','rejected':'Same'}\n",
    NULL, "trl", &problems, &path);
  json_object *task;

  g_assert_cmpuint (tasks->len, ==, 3);
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "The sky is");
  g_assert_cmpstr (chosen_text (task), ==, " blue.");
  g_assert_cmpstr (rejected_text (task), ==, " green.");

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Question: 2+2?\nAnswer:");
  g_assert_cmpstr (chosen_text (task), ==, " 4");

  task = task_at (tasks, 2);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "R\xc3\xa9ponse :");
  g_assert_cmpstr (chosen_text (task), ==, " \xc3\xa9");
  g_assert_cmpstr (rejected_text (task), ==, " \xc3\xa8");

  assert_problems (problems, path,
                   "4: chosen and rejected part in the middle of a word, so the prompt they share is not clear; "
                   "give it as \"prompt\"",
                   "5: chosen and rejected share no beginning to take as the prompt; give it as \"prompt\"",
                   "6: one of chosen and rejected is the beginning of the other, so the prompt they share is not "
                   "clear; give it as \"prompt\"",
                   "7: chosen and rejected are the same text, with no prompt",
                   NULL);
}

static void
test_trl_errors (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("bad-trl.jsonl",
    "{'prompt':'Q','chosen':'A','rejected':'B'}\n"
    "{'prompt':'Q','chosen':'A','rejected':null}\n"
    "{'prompt':'Q','chosen':5,'rejected':'B'}\n"
    "{'prompt':[{'role':'user','content':'Q'}],'chosen':[{'role':'user','content':'A'}],"
    "'rejected':[{'role':'assistant','content':'B'}]}\n"
    "{'prompt':'Q','chosen':[],'rejected':[{'role':'assistant','content':'B'}]}\n"
    "{'prompt':'Q','chosen':'A','rejected':'B','margin':'big'}\n"
    "{'chosen':[{'role':'user','content':'Q1'},{'role':'assistant','content':'A'}],"
    "'rejected':[{'role':'user','content':'Q2'},{'role':'assistant','content':'B'}]}\n"
    "{'chosen':[{'role':'user','content':'Q'},{'role':'assistant','content':'A'}],'rejected':'B'}\n"
    "{'prompt':{'text':'Q'},'chosen':'A','rejected':'B'}\n",
    NULL, "trl", &problems, &path);

  g_assert_cmpuint (tasks->len, ==, 1);
  assert_problems (problems, path,
                   "2: rejected: must be text or a list of messages, not null",
                   "3: chosen: must be text or a list of messages, not a number",
                   "4: chosen[0]: the last message must be the assistant's reply, not a user message",
                   "5: chosen: must hold the assistant's reply, not an empty list",
                   "6: margin: must be a number, not text",
                   "7: chosen and rejected share no user message to take as the prompt",
                   "8: rejected: must be a list of messages like chosen, not text",
                   "9: prompt: must be text or a list of messages, not an object",
                   NULL);
}

/* ---- KTO ---- */

static void
test_kto_realdata (void)
{
  g_autoptr(GPtrArray) tasks = read_realdata ("llamafactory-kto_en_demo.json", NULL, "kto");
  g_autoptr(json_object) records = parse_realdata_array ("llamafactory-kto_en_demo.json");
  guint accepted = 0, with_context = 0;

  g_assert_cmpuint (tasks->len, ==, 300);
  for (guint i = 0; i < tasks->len; i++)
    {
      json_object *task = task_at (tasks, i);
      json_object *record = json_object_array_get_idx (records, i);
      json_object *messages = json_object_object_get (record, "messages");
      gsize n = json_object_array_length (messages);
      gboolean label = json_object_get_boolean (json_object_object_get (record, "label"));

      g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
      g_assert_cmpuint (array_length (task, "responses"), ==, 1);
      assert_same_text (test_get_object (task, "responses[0].content"),
                        json_object_object_get (json_object_array_get_idx (messages, n - 1), "content"));
      assert_same_text (test_get_object (task, "prompt"),
                        json_object_object_get (json_object_array_get_idx (messages, n - 2), "content"));
      g_assert_cmpuint (array_length (task, "context"), ==, n - 2);
      g_assert_cmpstr (test_get_path (task, "gold.verdict"), ==, label ? "accept" : "reject");
      g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "kto");
      accepted += label;
      with_context += n > 2;
    }
  g_assert_cmpuint (accepted, ==, 150);
  g_assert_cmpuint (with_context, ==, 77);
  /* The first record starts on the file's third line. */
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "id"), ==, "llamafactory-kto_en_demo-2");
}

static void
test_kto_errors (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("bad-kto.jsonl",
    "{'messages':[{'role':'user','content':'Q'},{'role':'assistant','content':'A'}],'label':false,'id':7}\n"
    "{'messages':[{'role':'user','content':'Q'}],'label':true}\n"
    "{'messages':[{'role':'user','content':'Q'},{'role':'assistant','content':'A'}],'label':null}\n"
    "{'messages':[{'role':'user','content':'Q'},{'role':'assistant','content':'A'}],'label':1}\n",
    NULL, "kto", &problems, &path);

  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "id"), ==, "7");
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "gold.verdict"), ==, "reject");
  g_assert_cmpstr (test_get_path (task_at (tasks, 1), "gold.verdict"), ==, "accept");
  assert_problems (problems, path,
                   "2: messages[0]: the last message must be the assistant's reply, not a user message",
                   "3: label: must be true or false, not null",
                   NULL);
}

/* ---- TRL unpaired ---- */

static void
test_trl_unpaired_grouping (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("unpaired.jsonl",
    "{'prompt':'P1','completion':'good','label':true}\n"          /* 1: a choice, the chosen first */
    "{'prompt':'P1','completion':'bad','label':false}\n"
    "{'prompt':'P2','completion':'x','label':true}\n"             /* 3: a tie */
    "{'prompt':'P2','completion':'y','label':true}\n"
    "{'prompt':'P3','completion':'x','label':false}\n"            /* 5: both bad */
    "{'prompt':'P3','completion':'y','label':false}\n"
    "{'prompt':'P4','completion':'bad','label':false}\n"          /* 7: a choice, the chosen second */
    "{'prompt':'P4','completion':'good','label':true}\n"
    "{'prompt':'P5','completion':'alone','label':true}\n"         /* 9: no partner */
    "{'prompt':[{'role':'system','content':'S'},{'role':'user','content':'P6'}],"  /* 10: conversational */
    "'completion':[{'role':'assistant','content':'bad'}],'label':false,'source':'a'}\n"
    "{'prompt':[{'role':'system','content':'S'},{'role':'user','content':'P6'}],"
    "'completion':[{'role':'assistant','content':'good'}],'label':true,'source':'b','extra':1}\n"
    "{'prompt':'P7','completion':'good','label':true}\n"          /* 12: a pair, then one left */
    "{'prompt':'P7','completion':'bad','label':false}\n"
    "{'prompt':'P7','completion':'last','label':false}\n",      /* 14: held to the end */
    NULL, "trl-unpaired", &problems, NULL);
  static const struct { const char *id; const char *kind; const char *choice; int line; } expected[] = {
    { "unpaired-1", "compare", NULL, 1 },
    { "unpaired-3", "compare", "tie", 3 },
    { "unpaired-5", "compare", "both-bad", 5 },
    { "unpaired-7", "compare", NULL, 7 },
    { "unpaired-9", "review", NULL, 9 },
    { "unpaired-10", "compare", NULL, 10 },
    { "unpaired-12", "compare", NULL, 12 },
    { "unpaired-14", "review", NULL, 14 },
  };
  json_object *task;

  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      task = task_at (tasks, i);
      g_assert_cmpstr (test_get_path (task, "id"), ==, expected[i].id);
      g_assert_cmpstr (test_get_path (task, "kind"), ==, expected[i].kind);
      g_assert_cmpint (json_object_get_int (test_get_object (task, "gold.source.line")), ==, expected[i].line);
      g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "trl-unpaired");
      if (expected[i].choice != NULL)
        g_assert_cmpstr (test_get_path (task, "gold.choice"), ==, expected[i].choice);
      else if (g_str_equal (expected[i].kind, "compare"))
        {
          g_assert_cmpstr (chosen_text (task), ==, "good");
          g_assert_cmpstr (rejected_text (task), ==, "bad");
        }
    }

  /* Ties and both-bad keep the order of the file. */
  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "P2");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "x");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "y");
  g_assert_false (has_path (task, "gold.strength"));
  task = task_at (tasks, 2);
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "x");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "y");

  task = task_at (tasks, 4);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "P5");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "alone");
  g_assert_cmpstr (test_get_path (task, "gold.verdict"), ==, "accept");

  task = task_at (tasks, 5);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "S");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "P6");
  g_assert_cmpstr (test_get_path (task, "meta.source"), ==, "a");
  g_assert_cmpstr (test_get_path (task, "meta.extra"), ==, "1");

  task = task_at (tasks, 7);
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "last");
  g_assert_cmpstr (test_get_path (task, "gold.verdict"), ==, "reject");
}

static void
test_trl_unpaired_errors (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("bad-unpaired.jsonl",
    "{'prompt':'P1','completion':'a','label':true}\n"
    "{'prompt':'P1','completion':'b','label':'yes'}\n"
    "{'prompt':'P1','completion':'c','label':false}\n"
    "{'prompt':5,'completion':'d','label':true}\n"
    "{'prompt':'P2','completion':[{'role':'assistant','content':null,'tool_calls':[]}],'label':true}\n",
    NULL, "trl-unpaired", &problems, &path);

  /* A bad record parts its neighbours: each is reviewed alone. */
  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "id"), ==, "bad-unpaired-1");
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task_at (tasks, 1), "id"), ==, "bad-unpaired-3");
  g_assert_cmpstr (test_get_path (task_at (tasks, 1), "gold.verdict"), ==, "reject");
  assert_problems (problems, path,
                   "2: label: must be true or false, not text",
                   "4: prompt: must be text or a list of messages, not a number",
                   "5: completion[0].content: the reply must be text, not only tool calls",
                   NULL);
}

/* ---- OpenAI preference ---- */

static void
test_openai_preference (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("openai-pref.jsonl",
    /* What Rubric's openai-preference export writes. */
    "{'input':{'messages':[{'role':'system','content':'S'},{'role':'user','content':'Q'}]},"
    "'preferred_output':[{'role':'assistant','content':'good'}],'non_preferred_output':[{'role':'assistant','content':'bad'}]}\n"
    "{'input':{'messages':[{'role':'user','content':'Hi'},{'role':'assistant','content':'Hello'},"
    "{'role':'user','content':'Weather?'}],'tools':[{'type':'function','function':{'name':'w'}}],"
    "'parallel_tool_calls':true},"
    "'preferred_output':[{'role':'assistant','content':'good'}],'non_preferred_output':[{'role':'assistant','content':'bad'}]}\n"
    "{'input':{'messages':[{'role':'user','content':'Q'}]},'preferred_output':[{'role':'assistant','content':'x'}]}\n"
    "{'input':'Q','preferred_output':[{'role':'assistant','content':'x'}],"
    "'non_preferred_output':[{'role':'assistant','content':'y'}]}\n"
    "{'input':{'messages':[{'role':'user','content':'Q'}]},'preferred_output':{'role':'assistant','content':'x'},"
    "'non_preferred_output':[{'role':'assistant','content':'y'}]}\n",
    NULL, "openai-preference", &problems, &path);
  json_object *task;

  g_assert_cmpuint (tasks->len, ==, 2);
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "system"), ==, "S");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q");
  g_assert_cmpstr (chosen_text (task), ==, "good");
  g_assert_cmpstr (rejected_text (task), ==, "bad");
  g_assert_false (has_path (task, "meta"));

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Weather?");
  g_assert_cmpuint (array_length (task, "context"), ==, 2);
  g_assert_cmpstr (test_get_path (task, "meta.tools[0].function.name"), ==, "w");
  g_assert_cmpstr (test_get_path (task, "meta.parallel_tool_calls"), ==, "true");

  assert_problems (problems, path,
                   "3: non_preferred_output: missing",
                   "4: input: must be an object with messages, not text",
                   "5: preferred_output: must be a list of messages, not an object",
                   NULL);
}

/* ---- ShareGPT ---- */

static void
test_sharegpt_realdata (void)
{
  g_autoptr(GPtrArray) tasks = read_realdata ("llamafactory-dpo_en_demo.sharegpt.json", NULL, "sharegpt");
  g_autoptr(json_object) records = parse_realdata_array ("llamafactory-dpo_en_demo.sharegpt.json");
  guint with_system = 0, multi_turn = 0;
  json_object *task;

  g_assert_cmpuint (tasks->len, ==, 300);
  for (guint i = 0; i < tasks->len; i++)
    {
      json_object *record = json_object_array_get_idx (records, i);
      json_object *conversation = json_object_object_get (record, "conversations");
      gsize n = json_object_array_length (conversation);
      gboolean system = g_str_equal (test_get_path (record, "conversations[0].from"), "system");

      task = task_at (tasks, i);
      g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
      assert_same_text (json_object_object_get (gold_response (task, TRUE), "content"), test_get_object (record, "chosen.value"));
      assert_same_text (json_object_object_get (gold_response (task, FALSE), "content"), test_get_object (record, "rejected.value"));
      assert_same_text (test_get_object (task, "prompt"),
                        json_object_object_get (json_object_array_get_idx (conversation, n - 1), "value"));
      if (system)
        assert_same_text (test_get_object (task, "system"), test_get_object (record, "conversations[0].value"));
      else
        g_assert_false (has_path (task, "system"));
      g_assert_cmpuint (array_length (task, "context"), ==, n - 1 - system);
      g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "sharegpt");
      with_system += system;
      multi_turn += n - system > 1;
    }
  g_assert_cmpuint (with_system, ==, 80);
  g_assert_cmpuint (multi_turn, >, 0);

  /* The first record, exactly. */
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "llamafactory-dpo_en_demo.sharegpt-2");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==,
                   "Hi! I'd like to create a new language game simulating the first person perspective of a "
                   "character named Angela.");
  g_assert_true (g_str_has_prefix (chosen_text (task),
                                   "That sounds like a fun and engaging idea! Here are some tips to help you create "
                                   "the game:\n1. Start with the character's name and background:"));
  g_assert_true (g_str_has_prefix (rejected_text (task), "Hello! I'd be happy to help you create a language game"));
}

static void
test_sharegpt_drop_labels (void)
{
  RubricReadOptions options = { .drop_labels = TRUE };
  g_autoptr(GPtrArray) tasks = read_realdata ("llamafactory-dpo_en_demo.sharegpt.json", &options, "sharegpt");

  g_assert_cmpuint (tasks->len, ==, 300);
  for (guint i = 0; i < tasks->len; i++)
    g_assert_false (has_path (task_at (tasks, i), "gold"));
}

static void
test_sharegpt_shapes (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("sharegpt.jsonl",
    "{'conversations':[{'from':'system','value':'S'},{'from':'human','value':'Q'},{'from':'gpt','value':'A'}],'id':'c1'}\n"
    "{'conversations':[{'from':'human','value':'Weather?'},{'from':'function_call','value':'{\\'name\\': \\'w\\'}'},"
    "{'from':'observation','value':'sunny'},{'from':'gpt','value':'Sunny.'}],'tools':'[{\\'name\\': \\'w\\'}]'}\n"
    "{'conversations':[{'from':'human','value':'Q'},{'from':'gpt','value':'A'}],'kto_tag':false}\n"
    "{'conversations':[{'from':'human','value':'Q'}],'system':'Be brief.','chosen':{'from':'gpt','value':'good'},"
    "'rejected':{'from':'gpt','value':'bad'}}\n"
    "{'conversations':[{'from':'human','value':'Q'}]}\n"
    "{'conversations':[{'from':'human','value':'Q'}],'chosen':{'from':'human','value':'A'},"
    "'rejected':{'from':'gpt','value':'B'}}\n"
    "{'conversations':[{'from':'human','value':'Q'}],'chosen':{'from':'gpt'},'rejected':{'from':'gpt','value':'B'}}\n"
    "{'conversations':[{'from':'human'}]}\n"
    "{'conversations':[{'from':'human','value':'Q'}],'chosen':'A','rejected':{'from':'gpt','value':'B'}}\n",
    NULL, "sharegpt", &problems, &path);
  json_object *task;

  g_assert_cmpuint (tasks->len, ==, 5);
  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "c1");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "write");
  g_assert_cmpstr (test_get_path (task, "system"), ==, "S");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Q");
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, "A");

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Weather?");
  g_assert_cmpuint (array_length (task, "turns"), ==, 2);
  g_assert_cmpstr (test_get_path (task, "turns[0].role"), ==, "assistant");
  g_assert_cmpstr (test_get_path (task, "turns[0].content"), ==, "{\"name\": \"w\"}");
  g_assert_cmpstr (test_get_path (task, "turns[1].role"), ==, "tool");
  g_assert_cmpstr (test_get_path (task, "gold.answer"), ==, "Sunny.");
  g_assert_cmpstr (test_get_path (task, "meta.tools"), ==, "[{\"name\": \"w\"}]");

  task = task_at (tasks, 2);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "A");
  g_assert_cmpstr (test_get_path (task, "gold.verdict"), ==, "reject");

  task = task_at (tasks, 3);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "Be brief.");
  g_assert_cmpstr (chosen_text (task), ==, "good");

  /* Ends with a human turn: nothing to answer with. */
  task = task_at (tasks, 4);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "write");
  g_assert_false (has_path (task, "gold"));

  assert_problems (problems, path,
                   "6: chosen.from: must be gpt, the assistant's reply, not “human”",
                   "7: chosen.value: missing",
                   "8: conversations[0].value: missing",
                   "9: chosen: must be a message with from and value, not text",
                   NULL);
}

/* ---- LLaMA-Factory v1 ---- */

static void
test_llamafactory_v1_realdata (void)
{
  g_autoptr(GPtrArray) tasks = read_realdata ("llamafactory-v1_dpo_demo.jsonl", NULL, "llamafactory-v1");
  g_autoptr(GPtrArray) records = parse_realdata_lines ("llamafactory-v1_dpo_demo.jsonl");

  g_assert_cmpuint (tasks->len, ==, 10);
  for (guint i = 0; i < tasks->len; i++)
    {
      json_object *task = task_at (tasks, i);
      json_object *record = g_ptr_array_index (records, i);

      g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
      assert_same_text (test_get_object (task, "system"), test_get_object (record, "chosen_messages[0].content[0].value"));
      assert_same_text (test_get_object (task, "prompt"), test_get_object (record, "chosen_messages[1].content[0].value"));
      assert_same_text (json_object_object_get (gold_response (task, TRUE), "content"),
                        test_get_object (record, "chosen_messages[2].content[0].value"));
      assert_same_text (json_object_object_get (gold_response (task, FALSE), "content"),
                        test_get_object (record, "rejected_messages[2].content[0].value"));
      /* Never trimmed. */
      g_assert_true (g_str_has_prefix (rejected_text (task), " "));
      g_assert_false (has_path (task, "context"));
      g_assert_false (has_path (task, "turns"));
      g_assert_false (has_path (task, "meta"));
      g_assert_false (has_path (task, "responses[0].loss_weight"));
    }
  g_assert_cmpstr (rejected_text (task_at (tasks, 0)), ==,
                   " Abdulah Hasanagic is the proud owner of AS Company, a small town located on the banks of the "
                   "Drina River, near the border with Serbia, in eastern Bosnia.");
  g_assert_cmpstr (chosen_text (task_at (tasks, 0)), ==,
                   "Abdulah Hasanagic is the proud owner of AS Company in Gorazde, a small town located on the banks "
                   "of the Drina River, near the border with Serbia, in Eastern Bosnia.");
}

static void
test_llamafactory_v1_errors (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("bad-v1.jsonl",
    "{'chosen_messages':[{'role':'user','content':[{'type':'text','value':'Q'},{'type':'text','value':' more'}]},"
    "{'role':'assistant','content':[{'type':'text','value':'A'}]}],"
    "'rejected_messages':[{'role':'user','content':[{'type':'text','value':'Q'},{'type':'text','value':' more'}]},"
    "{'role':'assistant','content':[{'type':'text','value':' B'}]}]}\n"
    "{'chosen_messages':[{'role':'user','content':[{'type':'image','value':'x.png'}]}],'rejected_messages':[]}\n"
    "{'chosen_messages':[{'role':'user','content':[{'type':'text','value':'Q'}]},"
    "{'role':'assistant','content':[{'type':'text','value':'A'}]}],'rejected_messages':[]}\n",
    NULL, "llamafactory-v1", &problems, &path);

  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "prompt"), ==, "Q more");
  g_assert_cmpstr (rejected_text (task_at (tasks, 0)), ==, " B");
  assert_problems (problems, path,
                   "2: chosen_messages[0].content: part 0 is image, not text; Rubric reads text only",
                   "3: rejected_messages: must hold the assistant's reply, not an empty list",
                   NULL);
}

/* ---- Alpaca ---- */

static void
test_alpaca_shapes (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("alpaca.json",
    "[\n"
    "{'instruction':'Name a colour.','input':'','output':'Blue.'},\n"
    "{'instruction':'Translate.','input':'bonjour','output':' hello'},\n"
    "{'instruction':'Count.','output':['one','two'],'generator':'m1'},\n"
    "{'instruction':'Pick.','input':'x','output_1':'A','output_2':'B'},\n"
    "{'instruction':'Pick.','input':'y','output_1':'bad','output_2':'good','preference':2},\n"
    "{'instruction':'Choose.','input':'','chosen':'good','rejected':'bad'},\n"
    "{'instruction':'Judge.','input':'','output':'meh','kto_tag':false},\n"
    "{'instruction':'Continue.','input':'','output':'3','system':'Be terse.','history':[['1','2']]},\n"
    "{'instruction':'','input':'only input','output':'x'}\n"
    "]\n",
    NULL, "alpaca", &problems, NULL);
  json_object *task;

  assert_no_problems (problems);
  g_assert_cmpuint (tasks->len, ==, 9);

  task = task_at (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "id"), ==, "alpaca-2");
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "write");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Name a colour.");
  g_assert_cmpstr (test_get_path (task, "draft"), ==, "Blue.");
  g_assert_false (has_path (task, "gold"));
  g_assert_false (has_path (task, "meta"));

  task = task_at (tasks, 1);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Translate.\n\nbonjour");
  g_assert_cmpstr (test_get_path (task, "draft"), ==, " hello");

  task = task_at (tasks, 2);
  g_assert_cmpstr (test_get_path (task, "draft"), ==, "one");
  g_assert_cmpstr (test_get_path (task, "meta.outputs"), ==, "[\"one\",\"two\"]");
  g_assert_cmpstr (test_get_path (task, "meta.generator"), ==, "m1");

  /* An unlabelled pair: in order, no gold. */
  task = task_at (tasks, 3);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Pick.\n\nx");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "A");
  g_assert_cmpstr (test_get_path (task, "responses[1].content"), ==, "B");
  g_assert_false (has_path (task, "gold"));

  task = task_at (tasks, 4);
  g_assert_cmpstr (chosen_text (task), ==, "good");

  task = task_at (tasks, 5);
  g_assert_cmpstr (chosen_text (task), ==, "good");
  g_assert_cmpstr (rejected_text (task), ==, "bad");

  task = task_at (tasks, 6);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task, "responses[0].content"), ==, "meh");
  g_assert_cmpstr (test_get_path (task, "gold.verdict"), ==, "reject");

  task = task_at (tasks, 7);
  g_assert_cmpstr (test_get_path (task, "system"), ==, "Be terse.");
  g_assert_cmpstr (test_get_path (task, "context"), ==,
                   "[{\"role\":\"user\",\"content\":\"1\"},{\"role\":\"assistant\",\"content\":\"2\"}]");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Continue.");

  task = task_at (tasks, 8);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "only input");
}

static void
test_alpaca_review (void)
{
  RubricReadOptions options = { .kind = "review" };
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("alpaca-review.jsonl",
    "{'instruction':'Name a colour.','input':'','output':'Blue.'}\n"
    "{'instruction':'Count.','output':['one','two']}\n"
    "{'instruction':'Count.','output':[]}\n",
    &options, "alpaca", &problems, &path);

  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "kind"), ==, "review");
  g_assert_cmpstr (test_get_path (task_at (tasks, 0), "responses[0].content"), ==, "Blue.");
  g_assert_false (has_path (task_at (tasks, 0), "draft"));
  g_assert_cmpstr (test_get_path (task_at (tasks, 1), "responses[0].content"), ==, "one");
  assert_problems (problems, path, "3: output: holds no output to review", NULL);
}

static void
test_alpaca_errors (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) tasks = read_fixture ("bad-alpaca.jsonl",
    "{'instruction':'X','input':'','output':'x'}\n"
    "{'instruction':5,'output':'x'}\n"
    "{'instruction':'X','input':3,'output':'x'}\n"
    "{'instruction':'X','output':7}\n"
    "{'instruction':'X','output':['a',2]}\n"
    "{'instruction':'X','output_1':'a','output_2':'b','preference':3}\n"
    "{'instruction':'X','output_1':'a'}\n"
    "{'instruction':'X','output':'x','history':[['only one']]}\n",
    NULL, "alpaca", &problems, &path);

  g_assert_cmpuint (tasks->len, ==, 1);
  assert_problems (problems, path,
                   "2: instruction: must be text, not a number",
                   "3: input: must be text, not a number",
                   "4: output: must be text or a list of texts, not a number",
                   "5: output[1]: must be text, not a number",
                   "6: preference: must be 1 (output_1) or 2 (output_2)",
                   "7: output_2: missing",
                   "8: history[0]: must be a pair of texts, [instruction, answer]",
                   NULL);
}

/* ---- A file of two formats ---- */

static void
assert_mixed (const char *name,
              const char *squoted,
              const char *first,
              const char *second)
{
  g_autofree char *path = write_fixture (name, squoted);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = test_read_tasks (path, NULL, NULL, &problems, &error);

  g_assert_null (tasks);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, first));
  g_assert_nonnull (strstr (error->message, second));
  g_assert_nonnull (strstr (error->message, ":2:"));
}

static void
test_mixed (void)
{
  assert_mixed ("mixed-sft.jsonl",
                "{'messages':[{'role':'user','content':'Q'},{'role':'assistant','content':'A'}]}\n"
                "{'prompt':'Q','chosen':'A','rejected':'B'}\n",
                "chat fine-tuning data", "TRL preference data");
  assert_mixed ("mixed-trl.jsonl",
                "{'prompt':'Q','chosen':'A','rejected':'B'}\n"
                "{'conversations':[{'from':'human','value':'Q'}],'chosen':{'from':'gpt','value':'A'},"
                "'rejected':{'from':'gpt','value':'B'}}\n",
                "TRL preference data", "ShareGPT preference data");
  assert_mixed ("mixed-unpaired.jsonl",
                "{'prompt':'Q','completion':'A','label':true}\n"
                "{'messages':[{'role':'user','content':'Q'},{'role':'assistant','content':'A'}],'label':true}\n",
                "TRL unpaired preference", "unpaired preference (KTO) data with messages");
  assert_mixed ("mixed-alpaca.jsonl",
                "{'instruction':'X','input':'','output':'x'}\n"
                "{'prompt':'Q','completion':'A'}\n",
                "Alpaca instructions", "prompt/completion data");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();

  g_test_add_func ("/formats/sft/realdata", test_sft_realdata);
  g_test_add_func ("/formats/sft/tools", test_sft_tools);
  g_test_add_func ("/formats/sft/review", test_sft_review);
  g_test_add_func ("/formats/sft/errors", test_sft_errors);
  g_test_add_func ("/formats/prompt-completion/shapes", test_prompt_completion);
  g_test_add_func ("/formats/prompt-completion/review", test_prompt_completion_review);
  g_test_add_func ("/formats/trl/standard", test_trl_standard);
  g_test_add_func ("/formats/trl/sides", test_trl_sides);
  g_test_add_func ("/formats/trl/conversational", test_trl_conversational);
  g_test_add_func ("/formats/trl/implicit-conversational", test_trl_implicit_conversational);
  g_test_add_func ("/formats/trl/implicit-standard", test_trl_implicit_standard);
  g_test_add_func ("/formats/trl/errors", test_trl_errors);
  g_test_add_func ("/formats/kto/realdata", test_kto_realdata);
  g_test_add_func ("/formats/kto/errors", test_kto_errors);
  g_test_add_func ("/formats/trl-unpaired/grouping", test_trl_unpaired_grouping);
  g_test_add_func ("/formats/trl-unpaired/errors", test_trl_unpaired_errors);
  g_test_add_func ("/formats/openai-preference/shapes", test_openai_preference);
  g_test_add_func ("/formats/sharegpt/realdata", test_sharegpt_realdata);
  g_test_add_func ("/formats/sharegpt/drop-labels", test_sharegpt_drop_labels);
  g_test_add_func ("/formats/sharegpt/shapes", test_sharegpt_shapes);
  g_test_add_func ("/formats/llamafactory-v1/realdata", test_llamafactory_v1_realdata);
  g_test_add_func ("/formats/llamafactory-v1/errors", test_llamafactory_v1_errors);
  g_test_add_func ("/formats/alpaca/shapes", test_alpaca_shapes);
  g_test_add_func ("/formats/alpaca/review", test_alpaca_review);
  g_test_add_func ("/formats/alpaca/errors", test_alpaca_errors);
  g_test_add_func ("/formats/mixed", test_mixed);

  status = g_test_run ();
  test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
