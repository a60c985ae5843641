/* test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-c/json.h>

#include "rubric-json.h"
#include "rubric-markdown.h"
#include "rubric-store-private.h"
#include "rubric-task-reader.h"
#include "test-util.h"

char *
test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rubric-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

char *
test_write_file (const char *dir,
                 const char *name,
                 const char *contents,
                 gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

char *
test_read_file (const char *path,
                gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

GStrv
test_read_lines (const char *path)
{
  g_autofree char *contents = test_read_file (path, NULL);
  gsize n;
  GStrv lines = g_strsplit (contents, "\n", -1);

  /* The last line ends with a newline: drop the empty remainder. */
  n = g_strv_length (lines);
  if (n > 0 && lines[n - 1][0] == '\0')
    g_clear_pointer (&lines[n - 1], g_free);
  return lines;
}

char *
test_sample_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "resources", "samples", "tasks.jsonl", NULL);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds or the time is up. */
gboolean
test_wait_until (gboolean (*cond) (gpointer),
                 gpointer   data,
                 guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return cond (data);
}

/* One compare task line, with the responses escaped exactly. */
char *
test_compare_task (const char *id,
                   const char *a,
                   const char *b)
{
  GString *out = g_string_new ("{\"id\":");

  rubric_json_append_cstring (out, id);
  g_string_append (out, ",\"kind\":\"compare\",\"prompt\":\"Which is better?\",\"responses\":[{\"id\":\"a\",\"content\":");
  rubric_json_append_cstring (out, a);
  g_string_append (out, "},{\"id\":\"b\",\"content\":");
  rubric_json_append_cstring (out, b);
  g_string_append (out, "}]}");
  return g_string_free (out, FALSE);
}

void
test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_rm_rf (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* One number, from a query such as "SELECT count(*) FROM tasks". */
int
test_count_rows (RubricStore *store,
                 const char  *sql)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store, sql, NULL);
  int n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

char *
test_realdata_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "realdata", name, NULL);
}

/**
 * test_read_tasks:
 * @format: (out) (optional): the id of the format the reader chose
 * @problems: (out) (optional): every problem, as "file:line: field: message"
 *
 * Returns: (transfer full): the tasks of @path, as json objects (each
 *   with a reference of its own), or %NULL on a fatal error
 */
static void
put_object (gpointer object)
{
  json_object_put (object);
}

GPtrArray *
test_read_tasks (const char              *path,
                 const RubricReadOptions *options,
                 char                   **format,
                 GPtrArray              **problems,
                 GError                 **error)
{
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, error);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (put_object);
  const RubricTaskRecord *record;
  g_autoptr(GError) local_error = NULL;

  if (reader == NULL)
    return NULL;
  rubric_task_reader_set_options (reader, options);
  while ((record = rubric_task_reader_next (reader, NULL, &local_error)) != NULL)
    {
      /* The text is what the store keeps: it must parse to the object. */
      json_object *parsed = json_tokener_parse (record->text);

      g_assert_nonnull (parsed);
      g_assert_true (json_object_equal (parsed, record->object));
      g_ptr_array_add (tasks, parsed);
    }
  if (format != NULL)
    {
      const RubricFormatReader *reader_format = rubric_task_reader_get_format (reader, NULL);

      *format = g_strdup (reader_format ? reader_format->id : NULL);
    }
  if (problems != NULL)
    {
      GPtrArray *list = rubric_task_reader_get_problems (reader);

      *problems = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (*problems, rubric_problem_format (g_ptr_array_index (list, i),
                                                           rubric_task_reader_get_display_name (reader)));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&tasks);
}

json_object *
test_find_task (GPtrArray  *tasks,
                const char *id)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      json_object *task = g_ptr_array_index (tasks, i);

      if (g_strcmp0 (json_object_get_string (json_object_object_get (task, "id")), id) == 0)
        return task;
    }
  return NULL;
}

/* The value at a path such as "responses[1].content" or "gold.choice",
 * or NULL. */
json_object *
test_get_object (json_object *object,
                 const char  *path)
{
  g_auto(GStrv) parts = g_strsplit_set (path, ".[]", -1);

  for (guint i = 0; parts[i] != NULL && object != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (json_object_is_type (object, json_type_array))
        object = json_object_array_get_idx (object, (gsize) g_ascii_strtoull (parts[i], NULL, 10));
      else if (!json_object_object_get_ex (object, parts[i], &object))
        object = NULL;
    }
  return object;
}

/* A value at a path such as "responses[1].content" or "gold.choice",
 * as a string ("" for a missing one, JSON for containers). */
const char *
test_get_path (json_object *object,
               const char  *path)
{
  object = test_get_object (object, path);
  if (object == NULL)
    return "";
  if (json_object_is_type (object, json_type_string))
    return json_object_get_string (object);
  return json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

static gpointer
render_on_thread (gpointer text)
{
  rubric_rendering_free (rubric_markdown_render (text, -1));
  g_free (text);
  return NULL;
}

/* Whether a thread holds the markdown parser: a short text is refused
 * at once. */
static gboolean
parser_busy (void)
{
  RubricRendering *probe = rubric_markdown_render_within ("probe", -1, 0);

  if (probe == NULL)
    return TRUE;
  rubric_rendering_free (probe);
  return FALSE;
}

/**
 * test_hold_parser:
 *
 * Starts a thread that parses 6 MB of markdown (a second or so), and
 * returns once it holds the parser. Join the thread when done.
 */
GThread *
test_hold_parser (void)
{
  GString *huge = g_string_new (NULL);
  GThread *thread;
  gboolean busy = FALSE;

  for (guint i = 0; huge->len < 6 * 1024 * 1024; i++)
    g_string_append_printf (huge, "- item %u with *emphasis*, `code` and ~~struck~~ text\n", i);
  thread = g_thread_new ("parse", render_on_thread, g_string_free (huge, FALSE));
  for (guint i = 0; i < 10000 && !(busy = parser_busy ()); i++)
    g_usleep (1000);
  g_assert_true (busy);
  return thread;
}
