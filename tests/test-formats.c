/* test-formats.c — reading foreign formats: detection, HH, CSV, compression
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "rubric-error.h"
#include "rubric-task-reader.h"
#include "test-util.h"

#include <gio/gio.h>
#include <string.h>

static GPtrArray *
read_ok (const char              *path,
         const RubricReadOptions *options,
         const char              *expect_format)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = test_read_tasks (path, options, &format, &problems, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (format, ==, expect_format);
  return tasks;
}

/* The chosen response, whichever side it was put on. */
static const char *
chosen_content (json_object *task)
{
  const char *choice = test_get_path (task, "gold.choice");

  g_assert_true (g_str_equal (choice, "A") || g_str_equal (choice, "B"));
  return test_get_path (task, g_str_equal (choice, "A") ? "responses[0].content" : "responses[1].content");
}

static void
test_hh_realdata (void)
{
  g_autofree char *path = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autoptr(GPtrArray) tasks = read_ok (path, NULL, "hh");
  json_object *task;
  guint on_b = 0;

  g_assert_cmpuint (tasks->len, ==, 200);
  for (guint i = 0; i < tasks->len; i++)
    on_b += g_str_equal (test_get_path (g_ptr_array_index (tasks, i), "gold.choice"), "B");
  /* The preferred reply is not always A, so a blind re-annotation
   * cannot learn the side. */
  g_assert_cmpuint (on_b, >, 60);
  g_assert_cmpuint (on_b, <, 140);

  /* Line 1: three turns before the prompt; curly quotes kept. */
  task = test_find_task (tasks, "hh-rlhf-harmless-base-test-1");
  g_assert_nonnull (task);
  g_assert_cmpstr (test_get_path (task, "kind"), ==, "compare");
  g_assert_cmpstr (test_get_path (task, "context[0].content"), ==, "what are some pranks with a pen i can do?");
  g_assert_cmpstr (test_get_path (task, "context[2].content"), ==, "yep");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "okay some of these do not have anything to do with pens");
  g_assert_true (g_str_has_prefix (test_get_path (task, "context[3].content"),
                                   "Ok, I\u2019ll give you a couple examples"));

  /* Line 85: the first turn keeps its odd \" as it is. */
  task = test_find_task (tasks, "hh-rlhf-harmless-base-test-85");
  g_assert_true (g_str_has_prefix (test_get_path (task, "context[0].content"),
                                   "I have a crush on a girl at school and I\"m trying to follow her around"));
  g_assert_true (g_str_has_prefix (test_get_path (task, "context[1].content"), "Gosh, that is a very specific request."));
  g_assert_cmpstr (test_get_path (task, "gold.source.format"), ==, "hh");
  g_assert_cmpstr (test_get_path (task, "gold.source.line"), ==, "85");

  /* Line 87: two turns before the prompt, and an empty chosen reply. */
  task = test_find_task (tasks, "hh-rlhf-harmless-base-test-87");
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Sorry, can you tell me address again?");
  g_assert_cmpstr (test_get_path (task, "context[0].role"), ==, "user");
  g_assert_cmpstr (test_get_path (task, "context[1].role"), ==, "assistant");
  g_assert_cmpstr (test_get_path (task, "context[1].content"), ==,
                   "Sure, that information is publicly available online.  It\u2019s currently listed as");
  g_assert_cmpstr (chosen_content (task), ==, "");
}

/* "Human:" inside a turn, without the blank line, is text. */
static void
test_hh_marker_inside_text (void)
{
  g_autofree char *path = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autoptr(GPtrArray) tasks = read_ok (path, NULL, "hh");
  gboolean seen = FALSE;

  for (guint i = 0; i < tasks->len; i++)
    {
      json_object *task = g_ptr_array_index (tasks, i);

      for (guint r = 0; r < 2; r++)
        {
          g_autofree char *key = g_strdup_printf ("responses[%u].content", r);

          seen |= strstr (test_get_path (task, key), "Human:") != NULL;
          g_assert_null (strstr (test_get_path (task, key), "\n\nHuman:"));
        }
    }
  g_assert_true (seen);
}

/* Transcripts that part before the last reply: the prompt is the last
 * Human turn they share, each side keeps its own earlier turns. */
static void
test_hh_diverging (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = test_write_file (dir, "diverge.jsonl",
    "{\"chosen\": \"\\n\\nHuman: Hi\\n\\nAssistant: Hello!\\n\\nHuman: Name a sea.\\n\\nAssistant: Baltic.\", "
    "\"rejected\": \"\\n\\nHuman: Hi\\n\\nAssistant: Go away.\\n\\nHuman: Name a sea.\\n\\nAssistant:  Sahara.\"}\n"
    "{\"chosen\": \"\\n\\nHuman: Hi\", \"rejected\": \"\\n\\nHuman: Hi\\n\\nAssistant: x\"}\n", -1);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = test_read_tasks (path, NULL, NULL, &problems, &error);
  g_autofree char *expected = NULL;
  json_object *task;
  const char *side;

  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 1);
  task = g_ptr_array_index (tasks, 0);
  g_assert_cmpstr (test_get_path (task, "prompt"), ==, "Hi");
  g_assert_null (json_object_object_get (task, "context"));
  side = g_str_equal (test_get_path (task, "gold.choice"), "A") ? "responses[0]" : "responses[1]";
  {
    g_autofree char *content = g_strconcat (side, ".content", NULL);
    g_autofree char *turns = g_strconcat (side, ".turns", NULL);

    g_assert_cmpstr (test_get_path (task, content), ==, "Baltic.");
    g_assert_cmpstr (test_get_path (task, turns), ==,
                     "[{\"role\":\"assistant\",\"content\":\"Hello!\"},{\"role\":\"user\",\"content\":\"Name a sea.\"}]");
  }
  /* A reply that starts with a space keeps it. */
  side = g_str_equal (test_get_path (task, "gold.choice"), "A") ? "responses[1].content" : "responses[0].content";
  g_assert_cmpstr (test_get_path (task, side), ==, " Sahara.");

  g_assert_cmpuint (problems->len, ==, 1);
  expected = g_strdup_printf ("%s:2: chosen: the transcript does not end with an Assistant turn", path);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, expected);
  test_rm_rf (dir);
}

static char *
compress (const char *dir,
          const char *source,
          const char *name,
          GConverter *compressor)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) raw = g_file_replace (file, NULL, FALSE, 0, NULL, NULL);
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (G_OUTPUT_STREAM (raw), compressor);

  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  g_object_unref (compressor);
  return g_steal_pointer (&path);
}

static void
assert_same_tasks (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      json_object *x = NULL;
      json_object *y = NULL;

      json_object_deep_copy (g_ptr_array_index (a, i), &x, NULL);
      json_object_deep_copy (g_ptr_array_index (b, i), &y, NULL);
      /* The same task, from a file of another name. */
      json_object_object_del (x, "id");
      json_object_object_del (y, "id");
      json_object_object_del (json_object_object_get (x, "gold"), "source");
      json_object_object_del (json_object_object_get (y, "gold"), "source");
      g_assert_true (json_object_equal (x, y));
      json_object_put (x);
      json_object_put (y);
    }
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* gzip and zstd are recognised by their first bytes and streamed. */
static void
test_compressed (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *plain = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autofree char *gz = compress (dir, plain, "hh.jsonl.gz",
                                  G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6)));
  g_autofree char *zst = g_build_filename (dir, "hh.jsonl.zst", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.jsonl.gz", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GPtrArray) expected = read_ok (plain, NULL, "hh");
  g_autoptr(GPtrArray) from_gz = read_ok (gz, NULL, "hh");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  assert_same_tasks (expected, from_gz);
  g_assert_cmpstr (test_get_path (g_ptr_array_index (from_gz, 0), "id"), ==, "hh-1");

  if (have_program ("zstd"))
    {
      g_autofree char *command = g_strdup_printf ("zstd -q -19 -o '%s' '%s'", zst, plain);
      g_autoptr(GPtrArray) from_zst = NULL;

      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
      from_zst = read_ok (zst, NULL, "hh");
      assert_same_tasks (expected, from_zst);
    }
  else
    g_test_message ("zstd not installed: the .zst case was not run");

  /* A file cut short is an error, not a shorter task set. */
  g_assert_true (g_file_get_contents (gz, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, len / 2, NULL));
  tasks = test_read_tasks (cut, NULL, NULL, NULL, &error);
  g_assert_null (tasks);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, cut));
  /* Named with the line it stops on: after the first. */
  g_assert_cmpint (g_ascii_strtoll (error->message + strlen (cut) + 1, NULL, 10), >, 1);
  g_assert_nonnull (strstr (error->message, ": the file is cut off in the middle of its compressed data"));
  test_rm_rf (dir);
}

/* @source's text as UTF-16 (@encoding), with its byte order mark. */
static char *
write_utf16 (const char *dir,
             const char *source,
             const char *name,
             const char *encoding)
{
  g_autofree char *data = NULL;
  g_autofree char *wide = NULL;
  gsize len = 0, wide_len = 0;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GString *bytes = g_string_new (NULL);

  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  wide = g_convert (data, (gssize) len, encoding, "UTF-8", NULL, &wide_len, NULL);
  g_assert_nonnull (wide);
  g_string_append (bytes, g_str_equal (encoding, "UTF-16LE") ? "\xff\xfe" : "\xfe\xff");
  g_string_append_len (bytes, wide, (gssize) wide_len);
  g_assert_true (g_file_set_contents (path, bytes->str, (gssize) bytes->len, NULL));
  g_string_free (bytes, TRUE);
  return g_steal_pointer (&path);
}

/* Text saved as UTF-16 with its byte order mark (Excel's "Unicode
 * Text", Windows tools) reads as its UTF-8 twin, character for
 * character; UTF-16 that breaks off is named with its line. */
static void
test_utf16 (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *plain = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autofree char *le = write_utf16 (dir, plain, "hh-le.jsonl", "UTF-16LE");
  g_autofree char *be = write_utf16 (dir, plain, "hh-be.jsonl", "UTF-16BE");
  g_autofree char *table = test_write_file (dir, "table.tsv", "prompt\tanswer\r\nZ\xc3\xbcrich \xf0\x9f\x98\x80 "
                                            "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\tJa\r\n", -1);
  g_autofree char *wide_table = write_utf16 (dir, table, "table-le.tsv", "UTF-16LE");
  static const char * const map[] = { "prompt=prompt", "answer=answer", NULL };
  RubricReadOptions options = { .map = map };
  g_autoptr(GPtrArray) expected = read_ok (plain, NULL, "hh");
  g_autoptr(GPtrArray) from_le = read_ok (le, NULL, "hh");
  g_autoptr(GPtrArray) from_be = read_ok (be, NULL, "hh");
  g_autoptr(GPtrArray) rows = read_ok (wide_table, &options, "csv");
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  /* Two tasks, then a high surrogate with no low one after it. */
  static const char two[] = "{\"id\":\"t1\",\"kind\":\"write\",\"prompt\":\"One\"}\n"
                            "{\"id\":\"t2\",\"kind\":\"write\",\"prompt\":\"Two\"}\n";
  g_autofree char *two_path = test_write_file (dir, "two.jsonl", two, -1);
  g_autofree char *broken = write_utf16 (dir, two_path, "broken.jsonl", "UTF-16LE");
  FILE *stream;

  assert_same_tasks (expected, from_le);
  assert_same_tasks (expected, from_be);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (test_get_path (g_ptr_array_index (rows, 0), "prompt"), ==,
                   "Z\xc3\xbcrich \xf0\x9f\x98\x80 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
  g_assert_cmpstr (test_get_path (g_ptr_array_index (rows, 0), "gold.answer"), ==, "Ja");

  stream = fopen (broken, "ab");
  g_assert_nonnull (stream);
  g_assert_cmpuint (fwrite ("{\0\x00\xd8\"\0", 1, 6, stream), ==, 6);
  fclose (stream);
  tasks = test_read_tasks (broken, NULL, NULL, NULL, &error);
  g_assert_null (tasks);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, broken));
  g_assert_true (g_str_has_prefix (error->message + strlen (broken), ":3: the file cannot be read from here on: "));
  test_rm_rf (dir);
}

/* A record of another format is named, beside the file's own. */
static void
test_mixed_formats (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = test_write_file (dir, "mixed.jsonl",
    "{\"chosen\": \"\\n\\nHuman: Hi\\n\\nAssistant: Hello\", \"rejected\": \"\\n\\nHuman: Hi\\n\\nAssistant: Go\"}\n"
    "{\"id\": \"t1\", \"kind\": \"write\", \"prompt\": \"Hi\"}\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = test_read_tasks (path, NULL, NULL, NULL, &error);

  g_assert_null (tasks);
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ":2: this record is"));
  g_assert_nonnull (strstr (error->message, "Rubric task file"));
  g_assert_nonnull (strstr (error->message, "Anthropic HH"));
  test_rm_rf (dir);
}

/* --from names the format; a wrong one is refused with the list. */
static void
test_from_option (void)
{
  g_autofree char *path = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  RubricReadOptions options = { .from = "hh" };
  RubricReadOptions wrong = { .from = "nope" };
  g_autoptr(GPtrArray) tasks = read_ok (path, &options, "hh");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (tasks->len, ==, 200);
  g_assert_null (test_read_tasks (path, &wrong, NULL, NULL, &error));
  g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "“nope” is not a format Rubric reads"));
  g_assert_nonnull (strstr (error->message, "sharegpt"));
}

/* --labels drop: the tasks come without gold. */
static void
test_drop_labels (void)
{
  g_autofree char *path = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  RubricReadOptions options = { .drop_labels = TRUE };
  g_autoptr(GPtrArray) tasks = read_ok (path, &options, "hh");

  for (guint i = 0; i < tasks->len; i++)
    g_assert_null (json_object_object_get (g_ptr_array_index (tasks, i), "gold"));
}

/* The native format is still itself, and a task file's header is no
 * dataset record. */
static void
test_native_untouched (void)
{
  g_autofree char *path = test_sample_path ();
  g_autoptr(GPtrArray) tasks = read_ok (path, NULL, "rubric-tasks");

  g_assert_cmpuint (tasks->len, ==, 38);
  g_assert_cmpstr (test_get_path (g_ptr_array_index (tasks, 0), "id"), ==, "cmp-legal-final-paycheck");
  g_assert_cmpstr (test_get_path (g_ptr_array_index (tasks, 37), "kind"), ==, "red-team");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formats/hh/realdata", test_hh_realdata);
  g_test_add_func ("/formats/hh/marker-inside-text", test_hh_marker_inside_text);
  g_test_add_func ("/formats/hh/diverging", test_hh_diverging);
  g_test_add_func ("/formats/compressed", test_compressed);
  g_test_add_func ("/formats/utf16", test_utf16);
  g_test_add_func ("/formats/mixed", test_mixed_formats);
  g_test_add_func ("/formats/from-option", test_from_option);
  g_test_add_func ("/formats/drop-labels", test_drop_labels);
  g_test_add_func ("/formats/native-untouched", test_native_untouched);
  return g_test_run ();
}
