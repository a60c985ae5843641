/* fuzz-records.c — records exports read back (rubric-records.h)
 *
 * Input: one byte of settings, then a records export (JSONL; gzip and
 * zstd are read too). The file is read by the serial loop and by the
 * parallel one, which must hand on the same records in the same order
 * and stop at the same line with the same error (after a read error,
 * as a broken gzip file gives, only the records both handed on must
 * agree); then by the task
 * reader's records importer (--from records), as `rubric-cli import`
 * of an export does.
 *   bits 0-1  the parallel loop's batches: 1, 64, 4096 bytes or the default
 *   bit 2     two workers rather than one per processor
 * The export is a file in this process's temporary folder, since these
 * functions take a path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <glib/gstdio.h>

#include "rubric-error.h"
#include "rubric-records-private.h"
#include "rubric-records.h"
#include "rubric-task-reader.h"

/* What is kept of a record to compare the two loops. */
static char *
describe (json_object *record,
          const char  *task_id,
          gboolean     submitted)
{
  json_object *choice = NULL;

  json_object_object_get_ex (record, "choice", &choice);
  return g_strdup_printf ("%s|%d|%d|%d|%d", task_id ? task_id : "(null)", submitted,
                          rubric_records_is_adjudication (record), rubric_records_is_repeat (record),
                          json_object_is_type (choice, json_type_string)
                            ? (int) rubric_records_parse_choice (json_object_get_string (choice)) : -2);
}

static void
collect (json_object *record,
         const char  *task_id,
         gboolean     submitted,
         gpointer     user_data)
{
  g_ptr_array_add (user_data, describe (record, task_id, submitted));
}

static gpointer
extract (json_object *record,
         const char  *task_id,
         gboolean     submitted,
         gpointer     user_data)
{
  return describe (record, task_id, submitted);
}

static void
consume (gpointer item,
         gpointer user_data)
{
  g_ptr_array_add (user_data, item);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const gsize batch_sizes[] = { 1, 64, 4096, 0 };
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) serial = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) parallel = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) serial_error = NULL;
  g_autoptr(GError) parallel_error = NULL;
  g_autoptr(RubricTaskReader) reader = NULL;
  RubricReadOptions options = { .from = "records" };
  gboolean serial_ok, parallel_ok;
  guint8 flags;

  fuzz_init ();
  if (size < 1 || size > FUZZ_MAX_INPUT)
    return 0;
  flags = data[0];
  data++, size--;
  if (!fuzz_plain_size_at_most (data, size, FUZZ_MAX_BYTES))
    return 0;
  path = fuzz_write_temp ("records.jsonl", data, size);

  serial_ok = rubric_records_foreach (path, collect, serial, &serial_error);
  parallel_ok = _rubric_records_foreach_parallel_full (path, (flags & 4) ? 2 : 0, batch_sizes[flags & 3],
                                                       extract, consume, g_free, parallel, &parallel_error);
  FUZZ_CHECK (serial_ok == parallel_ok, "serial %s, parallel %s", serial_ok ? "read it" : serial_error->message,
              parallel_ok ? "read it" : parallel_error->message);
  /* A line that is not a record stops both loops after the same records
   * and with the same error. A read error (a broken gzip file) stops each
   * where its buffering met it: one may have handed on more records, or
   * met a bad line in the data read before the error, than the other. */
  if (serial_ok || (serial_error->domain == RUBRIC_ERROR && parallel_error->domain == RUBRIC_ERROR))
    {
      FUZZ_CHECK (serial_ok || g_str_equal (serial_error->message, parallel_error->message),
                  "serial: %s; parallel: %s", serial_error->message, parallel_error->message);
      FUZZ_CHECK (serial->len == parallel->len, "serial %u records, parallel %u", serial->len, parallel->len);
    }
  for (guint i = 0; i < MIN (serial->len, parallel->len); i++)
    FUZZ_CHECK (g_str_equal (g_ptr_array_index (serial, i), g_ptr_array_index (parallel, i)),
                "record %u: serial %s, parallel %s", i, (char *) g_ptr_array_index (serial, i),
                (char *) g_ptr_array_index (parallel, i));

  reader = rubric_task_reader_new_for_path (path, NULL);
  if (reader != NULL)
    {
      rubric_task_reader_set_options (reader, &options);
      fuzz_read_tasks (reader, 0);
    }
  g_clear_pointer (&reader, rubric_task_reader_free);
  g_unlink (path);
  return 0;
}
