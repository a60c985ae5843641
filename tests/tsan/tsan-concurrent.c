/* tsan-concurrent.c — the workspace's threads at once, for ThreadSanitizer
 *
 * What the window does, without the window: a worker thread imports or
 * exports on a connection of its own (as rubric-store-task.c runs them)
 * while the "UI" thread reads the same workspace and saves annotations
 * one at a time (the autosave), and a third thread keeps reading. Each
 * import runs its read and hash threads, each export its pool of chunk
 * writers, and the lean reader of a conversion its parser thread (with
 * problems on its first lines, and its progress asked as it goes); and
 * markdown rendered on several threads at once, as the window renders
 * the next task's answers ahead.
 *
 * Run by tests/tsan/run-tsan.sh in a -Db_sanitize=thread build (the
 * suite 'tsan'). With --canary it races on purpose instead, through the
 * same GLib primitives, so that the script can show that the build does
 * report races (exit status 66) and that a clean run means something.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "rubric-conversion.h"
#include "rubric-export.h"
#include "rubric-import.h"
#include "rubric-library.h"
#include "rubric-markdown.h"
#include "rubric-store.h"
#include "rubric-task-reader.h"
#include "test-util.h"

#define N_TASKS    6000   /* a few MB: the hash thread starts, imports run in many batches */
#define N_AUTOSAVE 600

static char *tmpdir;
static char *db_path;
static gint64 set_id;

/* A thread that keeps reading --------------------------------------- */

typedef struct
{
  GThread *thread;
  gint     stop;
  guint    n_reads;
  GError  *error;
} Reader;

static gboolean
read_once (RubricStore  *store,
           GError      **error)
{
  g_autoptr(GPtrArray) entries = rubric_library_list (store, "Ada", error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const RubricLibraryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GPtrArray) rows = NULL;
      GError *local_error = NULL;

      rubric_store_count_tasks (store, entry->set_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (!(rows = rubric_store_get_task_rows (store, entry->set_id, "Ada", entry->n_tasks / 2, 50, error)))
        return FALSE;
    }
  return TRUE;
}

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  g_autoptr(RubricStore) store = rubric_store_new (db_path, &reader->error);

  while (store != NULL && !g_atomic_int_get (&reader->stop))
    {
      if (!read_once (store, &reader->error))
        break;
      reader->n_reads++;
      g_usleep (2000);
    }
  return NULL;
}

static void
reader_start (Reader *reader)
{
  reader->thread = g_thread_new ("tsan-reader", reader_thread, reader);
}

static void
reader_stop (Reader *reader)
{
  g_atomic_int_set (&reader->stop, TRUE);
  g_thread_join (reader->thread);
  g_assert_no_error (reader->error);
  g_test_message ("the reading thread read %u times", reader->n_reads);
}

/* Import while reading ---------------------------------------------- */

typedef struct
{
  char               *path;
  guint64             done;     /* progress, read by the "UI" thread */
  gint                finished;
  RubricImportResult *result;
  GError             *error;
} ImportJob;

static void
import_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  ImportJob *job = user_data;

  g_atomic_pointer_set (&job->done, done);
}

static gpointer
import_thread (gpointer data)
{
  ImportJob *job = data;
  g_autoptr(RubricStore) store = rubric_store_new (db_path, &job->error);

  if (store != NULL)
    rubric_import_file (store, job->path, RUBRIC_IMPORT_NONE, NULL, import_progress, job, &job->result, &job->error);
  g_atomic_int_set (&job->finished, TRUE);
  return NULL;
}

static char *
write_tasks (const char *name,
             guint       n)
{
  g_autoptr(GString) file = g_string_new ("{\"format\":\"rubric-tasks/1\",\"name\":\"Threads\"}\n");
  g_autofree char *padding = g_strnfill (600, 'x');

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("t%05u", i);
      g_autofree char *a = g_strdup_printf ("answer a %u %s", i, padding);
      g_autofree char *b = g_strdup_printf ("answer b %u %s", i, padding);
      g_autofree char *line = test_compare_task (id, a, b);

      g_string_append_printf (file, "%s\n", line);
    }
  return test_write_file (tmpdir, name, file->str, file->len);
}

static void
test_import_while_reading (void)
{
  g_autoptr(RubricStore) ui = rubric_store_new (db_path, NULL);
  ImportJob job = { write_tasks ("threads.jsonl", N_TASKS) };
  Reader reader = { 0 };
  GThread *worker;
  guint n_ui_reads = 0;

  g_assert_nonnull (ui);
  reader_start (&reader);
  worker = g_thread_new ("tsan-import", import_thread, &job);
  /* The "UI" thread: reads what is there and shows the progress. */
  while (!g_atomic_int_get (&job.finished))
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (read_once (ui, &error));
      g_assert_no_error (error);
      (void) g_atomic_pointer_get (&job.done);
      n_ui_reads++;
      g_usleep (5000);
    }
  g_thread_join (worker);
  reader_stop (&reader);
  g_test_message ("the UI thread read %u times during the import", n_ui_reads);

  g_assert_no_error (job.error);
  g_assert_nonnull (job.result);
  g_assert_cmpuint (job.result->n_tasks, ==, N_TASKS);
  set_id = job.result->set_id;
  g_assert_cmpuint (rubric_store_count_tasks (ui, set_id, NULL), ==, N_TASKS);
  rubric_import_result_free (job.result);
  g_free (job.path);
}

/* Export while autosaving -------------------------------------------- */

typedef struct
{
  RubricExportFormat format;
  char              *path;
  gint              *stop;
  guint              n_exports;
  guint              n_written;
  GError            *error;
} ExportJob;

static gpointer
export_thread (gpointer data)
{
  ExportJob *job = data;
  g_autoptr(RubricStore) store = rubric_store_new (db_path, &job->error);

  /* At least twice, the second time with work saved meanwhile. */
  while (store != NULL && (job->n_exports < 2 || !g_atomic_int_get (job->stop)))
    {
      if (!rubric_export (store, job->format, NULL, job->path, NULL, &job->n_written, &job->error))
        break;
      job->n_exports++;
    }
  return NULL;
}

static void
test_export_while_autosaving (void)
{
  g_autoptr(RubricStore) ui = rubric_store_new (db_path, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *records = g_build_filename (tmpdir, "records.jsonl", NULL);
  g_autofree char *pairs = g_build_filename (tmpdir, "pairs.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gint stop = FALSE;
  ExportJob jobs[] = {
    { RUBRIC_EXPORT_RECORDS, records, &stop },
    { RUBRIC_EXPORT_TRL, pairs, &stop },
  };
  GThread *workers[G_N_ELEMENTS (jobs)];
  Reader reader = { 0 };

  g_assert_cmpint (set_id, >, 0);
  rows = rubric_store_get_task_rows (ui, set_id, "Ada", 0, N_AUTOSAVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, N_AUTOSAVE);

  /* A first few saved, so that the exports have chunks from the start. */
  for (guint i = 0; i < N_AUTOSAVE; i++)
    {
      RubricTaskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (row->row_id, set_id, "Ada");
      g_autoptr(RubricAnnotation) again = NULL;

      if (i == N_AUTOSAVE / 4)
        {
          reader_start (&reader);
          for (guint k = 0; k < G_N_ELEMENTS (jobs); k++)
            workers[k] = g_thread_new ("tsan-export", export_thread, &jobs[k]);
        }
      /* A draft, then its submission, as the window saves them. */
      rubric_annotation_set_text (&annotation->justification, "typed so far");
      g_assert_true (rubric_store_save_annotation (ui, annotation, &error));
      g_assert_no_error (error);
      annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
      rubric_annotation_set_text (&annotation->choice, i % 2 ? "A" : "B");
      annotation->strength = 1 + i % 3;
      g_assert_true (rubric_store_save_annotation (ui, annotation, &error));
      g_assert_no_error (error);
      /* And reads it back, as the task list does. */
      again = rubric_store_get_annotation (ui, row->row_id, "Ada", &error);
      g_assert_no_error (error);
      g_assert_nonnull (again);
      g_assert_cmpint (again->state, ==, RUBRIC_ANNOTATION_SUBMITTED);
    }
  g_atomic_int_set (&stop, TRUE);
  for (guint k = 0; k < G_N_ELEMENTS (jobs); k++)
    {
      g_thread_join (workers[k]);
      g_assert_no_error (jobs[k].error);
      g_test_message ("%s: %u exports while saving, the last of %u lines",
                      rubric_export_format_to_string (jobs[k].format), jobs[k].n_exports, jobs[k].n_written);
    }
  reader_stop (&reader);

  /* Everything saved is in an export made after. */
  g_assert_true (rubric_export (ui, RUBRIC_EXPORT_RECORDS, NULL, records, NULL, NULL, &error));
  g_assert_no_error (error);
  lines = test_read_lines (records);
  g_assert_cmpuint (g_strv_length (lines), ==, N_AUTOSAVE);
}

/* Converting with problems: the lean reader's parser thread ---------- */

static void
test_convert_with_problems (void)
{
  g_autoptr(GString) file = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *out = g_build_filename (tmpdir, "converted.jsonl", NULL);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RubricConvertOptions options = { .to = "trl", .skip_invalid = TRUE };
  guint n_written = 0;

  /* Problems on the lines the parser thread reads first. */
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *line = test_compare_task (id, "left", "right");

      if (i == 1 || i == 2)
        g_string_append (file, "{not json\n");
      g_string_append_printf (file, "%s\n", line);
    }
  path = test_write_file (tmpdir, "problems.jsonl", file->str, file->len);
  /* No gold answers, so no pairs: what matters is the reading. */
  rubric_convert_file (path, NULL, &options, out, NULL, &n_written, &result, &error);
  g_test_message ("converted: %u lines, %s", n_written, error ? error->message : "no error");
  g_assert_nonnull (result);
  g_assert_cmpuint (result->n_problems, ==, 2);
}

/* A lean reader's progress, asked between its records, as a progress
 * bar would (and tests/fuzz/fuzz-util.c does): the parser thread counts
 * the bytes it reads while the caller reads the count. */
static void
test_lean_reader_progress (void)
{
  g_autofree char *path = write_tasks ("lean.jsonl", 4000);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, &error);
  guint64 last = 0;
  guint n = 0;

  g_assert_no_error (error);
  rubric_task_reader_set_lean (reader);
  while (rubric_task_reader_next (reader, NULL, &error) != NULL)
    {
      guint64 done = rubric_task_reader_get_bytes_read (reader);

      g_assert_cmpuint (done, >=, last);
      last = done;
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4000);
}

/* Markdown rendered on threads ----------------------------------------- */

/* The window renders the next task's answers on threads while the one
 * shown is rendered in the main thread (rubric-markdown-view.c). cmark-gfm
 * registers its extensions on the first parse, and keeps the characters
 * they look for in one table that each parse sets and clears: threads
 * that all parse their first text at once, and go on, must each get
 * what a lone thread gets (cmark itself is not instrumented: a race in
 * it shows as a different rendering, not as a report). */
#define N_RENDERERS 4

static gpointer
render_thread (gpointer data)
{
  const char *text = data;
  gsize chars = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RubricRendering) rendering = rubric_markdown_render (text, -1);

      chars += rendering->text->len;
    }
  return GSIZE_TO_POINTER (chars);
}

static void
test_markdown_on_threads (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GThread *threads[N_RENDERERS];
  gsize lengths[N_RENDERERS];

  for (guint i = 0; text->len < 20 * 1024; i++)
    g_string_append_printf (text, "## Part %u\n\n| a | b |\n|---|---|\n| ~~%u~~ | www.example.org/%u |\n\n"
                                  "- *item*\n\n```c\nint x = %u;\n```\n\n", i, i, i, i);
  for (guint i = 0; i < N_RENDERERS; i++)
    threads[i] = g_thread_new ("tsan-markdown", render_thread, text->str);
  for (guint i = 0; i < N_RENDERERS; i++)
    lengths[i] = GPOINTER_TO_SIZE (g_thread_join (threads[i]));
  for (guint i = 1; i < N_RENDERERS; i++)
    g_assert_cmpuint (lengths[i], ==, lengths[0]);
  g_assert_cmpuint (lengths[0], >, 20 * 10 * 1024);
}

/* On purpose: the races a clean run must not be hiding --------------- */

static int racy_counter;

typedef struct
{
  int value;
} Item;

static void
canary_task (gpointer data,
             gpointer user_data)
{
  racy_counter++;
}

static gpointer
canary_consumer (gpointer data)
{
  Item *item = g_async_queue_pop (data);

  return GINT_TO_POINTER (item->value);
}

static int
canary (void)
{
  GThreadPool *pool = g_thread_pool_new (canary_task, NULL, 2, FALSE, NULL);
  GAsyncQueue *queue = g_async_queue_new ();
  Item *item = g_new0 (Item, 1);
  GThread *consumer = g_thread_new ("canary-consumer", canary_consumer, queue);
  static Item a, b;

  /* A write on a pool thread and one here, not ordered by the pool. */
  g_thread_pool_push (pool, &a, NULL);
  g_thread_pool_push (pool, &b, NULL);
  racy_counter++;
  g_thread_pool_free (pool, FALSE, TRUE);

  /* A write after the push, which the pop does not order. */
  g_async_queue_push (queue, item);
  item->value = 1;
  g_print ("canary: %d %d\n", racy_counter, GPOINTER_TO_INT (g_thread_join (consumer)));
  g_free (item);
  g_async_queue_unref (queue);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc > 1 && g_str_equal (argv[1], "--canary"))
    return canary ();

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_tmpdir ();
  db_path = g_build_filename (tmpdir, "workspace.db", NULL);
  g_test_add_func ("/tsan/import-while-reading", test_import_while_reading);
  g_test_add_func ("/tsan/export-while-autosaving", test_export_while_autosaving);
  g_test_add_func ("/tsan/convert-with-problems", test_convert_with_problems);
  g_test_add_func ("/tsan/lean-reader-progress", test_lean_reader_progress);
  g_test_add_func ("/tsan/markdown-on-threads", test_markdown_on_threads);
  status = g_test_run ();
  test_rm_rf (tmpdir);
  g_free (tmpdir);
  g_free (db_path);
  return status;
}
