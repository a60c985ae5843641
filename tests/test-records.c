/* test-records.c — the loops over records exports, serial and parallel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-records-private.h"
#include "test-util.h"

/* What a caller sees of the loop: one line per record, in order. */
typedef struct
{
  GString *seen;
  guint    n_extracted;         /* atomic */
  guint    n_freed;
} Seen;

static char *
describe (json_object *record,
          const char  *task_id,
          gboolean     submitted)
{
  return g_strdup_printf ("%s %s %s %d\n", task_id, rubric_json_get_string (record, "annotator"),
                          rubric_json_get_string (record, "choice"), submitted);
}

static void
serial_cb (json_object *record,
           const char  *task_id,
           gboolean     submitted,
           gpointer     user_data)
{
  Seen *seen = user_data;
  g_autofree char *line = describe (record, task_id, submitted);

  g_string_append (seen->seen, line);
}

static gpointer
extract_cb (json_object *record,
            const char  *task_id,
            gboolean     submitted,
            gpointer     user_data)
{
  Seen *seen = user_data;

  g_atomic_int_inc (&seen->n_extracted);
  return describe (record, task_id, submitted);
}

static void
consume_cb (gpointer item,
            gpointer user_data)
{
  Seen *seen = user_data;

  g_string_append (seen->seen, item);
  g_free (item);
  seen->n_freed++;
}

static void
free_cb (gpointer item)
{
  g_free (item);
}

static char *
read_serial (const char  *path,
             GError     **error)
{
  Seen seen = { g_string_new (NULL), 0, 0 };

  rubric_records_foreach (path, serial_cb, &seen, error);
  return g_string_free (seen.seen, FALSE);
}

/* Reads @path in parallel; every item extracted is consumed or freed. */
static char *
read_parallel (const char  *path,
               guint        n_workers,
               gsize        batch_size,
               GError     **error)
{
  Seen seen = { g_string_new (NULL), 0, 0 };

  _rubric_records_foreach_parallel_full (path, n_workers, batch_size, extract_cb, consume_cb, free_cb, &seen, error);
  g_assert_cmpuint (seen.n_freed, <=, g_atomic_int_get (&seen.n_extracted));
  return g_string_free (seen.seen, FALSE);
}

static char *
record (guint       i,
        const char *task_id,
        const char *annotator,
        const char *state,
        const char *extra)
{
  const char *choices[] = { "A", "B", "tie", "both-bad" };

  return g_strdup_printf ("{\"task_id\":\"%s\",\"annotator\":\"%s\",\"state\":\"%s\",\"choice\":\"%s\","
                          "\"task\":{\"id\":\"%s\",\"prompt\":\"p\\u00e9 %u\"}%s}",
                          task_id, annotator, state, choices[i % 4], task_id, i, extra ? extra : "");
}

/* Out of order, with duplicates, drafts, adjudications, blank lines,
 * CRLF, surrounding spaces and one long line, without a final newline. */
static char *
write_mixed (const char *dir,
             guint       n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *long_text = g_strnfill (20000, 'x');
  g_autofree char *note = g_strdup_printf (",\"note\":\"%s\"", long_text);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *task_id = g_strdup_printf ("t%u", (i * 7919) % (n / 3));
      g_autofree char *annotator = g_strdup_printf ("a%u", i % 5);
      g_autofree char *line = NULL;

      if (i % 97 == 0)
        line = record (i, task_id, RUBRIC_ADJUDICATOR, "submitted", NULL);
      else if (i == n / 2)
        line = record (i, task_id, annotator, "submitted", note);
      else
        line = record (i, task_id, annotator, i % 11 == 0 ? "draft" : "submitted", NULL);
      if (i % 13 == 0)
        g_string_append (text, "\n  \n");
      if (i % 17 == 0)
        g_string_append (text, "  ");
      g_string_append (text, line);
      if (i + 1 < n)
        g_string_append (text, i % 19 == 0 ? "\r\n" : "\n");
    }
  return test_write_file (dir, "mixed.jsonl", text->str, (gssize) text->len);
}

static void
test_parallel_same_as_serial (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = write_mixed (dir, 3000);
  g_autoptr(GError) error = NULL;
  g_autofree char *serial = read_serial (path, &error);
  const gsize batch_sizes[] = { 1, 100, 4096, 65536, 0 };

  g_assert_no_error (error);
  g_assert_nonnull (strstr (serial, "\nt"));
  for (guint w = 1; w <= 4; w++)
    for (guint b = 0; b < G_N_ELEMENTS (batch_sizes); b++)
      {
        g_autofree char *parallel = read_parallel (path, w, batch_sizes[b], &error);

        g_assert_no_error (error);
        g_assert_cmpstr (parallel, ==, serial);
      }
  test_rm_rf (dir);
}

/* The records before the bad line are handed on, then the same error. */
static void
check_error (const char *path,
             const char *message)
{
  g_autoptr(GError) serial_error = NULL;
  g_autofree char *serial = read_serial (path, &serial_error);

  g_assert_error (serial_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
  g_assert_nonnull (strstr (serial_error->message, message));
  for (guint w = 1; w <= 3; w++)
    for (gsize batch_size = 1; batch_size <= 1 << 16; batch_size *= 16)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *parallel = read_parallel (path, w, batch_size, &error);

        g_assert_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID);
        g_assert_cmpstr (error->message, ==, serial_error->message);
        g_assert_cmpstr (parallel, ==, serial);
      }
}

static void
test_parallel_errors (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *bad = NULL, *no_id = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *line = record (i, "t", "a", "submitted", NULL);

      g_string_append_printf (text, "%s\n", line);
      if (i == 1500)
        g_string_append (text, "\n");
    }
  /* Line 2002: half a record. */
  g_string_append (text, "{\"task_id\":\"t\",\n");
  g_string_append (text, "{\"task_id\":\"t\"}\n");
  bad = test_write_file (dir, "bad.jsonl", text->str, (gssize) text->len);
  expected = g_strdup_printf ("%s, line 2002: not a JSON object", bad);
  check_error (bad, expected);

  g_string_truncate (text, 0);
  for (guint i = 0; i < 700; i++)
    {
      g_autofree char *line = record (i, "t", "a", "submitted", NULL);

      g_string_append_printf (text, "%s\n", line);
    }
  g_string_append (text, "{\"id\":1}\n[1]\n");
  no_id = test_write_file (dir, "no-id.jsonl", text->str, (gssize) text->len);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s, line 701: not an annotation record (it has no task_id)", no_id);
  check_error (no_id, expected);
  test_rm_rf (dir);
}

static void
test_parallel_empty (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *empty = test_write_file (dir, "empty.jsonl", "", 0);
  g_autofree char *blank = test_write_file (dir, "blank.jsonl", "\n \r\n\n", -1);
  g_autofree char *missing = g_build_filename (dir, "missing.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = read_parallel (empty, 0, 0, &error);
  g_autofree char *seen_blank = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (seen, ==, "");
  seen_blank = read_parallel (blank, 2, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen_blank, ==, "");
  g_assert_false (rubric_records_foreach_parallel (missing, extract_cb, consume_cb, free_cb, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/records/parallel/same-as-serial", test_parallel_same_as_serial);
  g_test_add_func ("/records/parallel/errors", test_parallel_errors);
  g_test_add_func ("/records/parallel/empty", test_parallel_empty);

  return g_test_run ();
}
