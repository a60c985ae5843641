/* fuzz-formats.c — every importer of src/core/formats/, through the reader
 *
 * Input: two bytes of settings, then the file.
 *   byte 0   the format: an index into ids[] below (--from), or any
 *            value past its end (0xff) for the reader's own detection
 *   byte 1   bit 0     labels dropped (--drop-labels)
 *            bits 1-3  --kind: none, write, compare, rank, review, or a
 *                      kind that does not exist
 *            bit 4     lean (converted tasks without text)
 *            bits 5-6  reads of the whole input, or cut at 4093, 65521
 *                      or 7 bytes
 *            bit 7     a column map (Label Studio and the CSV reader
 *                      take one)
 * The ids are listed here, not taken from the reader's table, so that a
 * corpus file keeps its format when a format is added; a format this
 * list lacks is appended after them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <string.h>

#include "rubric-format.h"
#include "rubric-task-reader.h"

static const char *ids[] = {
  "rubric-tasks", "records", "llamafactory-v1", "sharegpt", "oasst-trees", "oasst1",
  "openai-preference", "ultrafeedback", "ultrafeedback-binarized", "helpsteer3",
  "helpsteer2-nemo", "helpsteer", "shp", "chatbot-arena", "labelstudio", "prodigy",
  "argilla", "kto", "trl-unpaired", "alpaca", "sft", "prompt-completion", "trl", "hh",
  "arena-csv", "labelstudio-csv", "csv",
};

static const char *kinds[] = { NULL, "write", "compare", "rank", "review", "nonsense", NULL, NULL };

static const char * const map[] = { "prompt=prompt", "response=response_a", "response=response_b",
                                    "label=choice", NULL };

static const char *
format_id (guint8 selector)
{
  static GPtrArray *all;
  guint n_readers;
  const RubricFormatReader *readers;

  if (all == NULL)
    {
      all = g_ptr_array_new ();
      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        g_ptr_array_add (all, (gpointer) ids[i]);
      readers = rubric_format_readers (&n_readers);
      for (guint i = 0; i < n_readers; i++)
        {
          gboolean known = FALSE;

          for (guint j = 0; j < G_N_ELEMENTS (ids) && !known; j++)
            known = strcmp (readers[i].id, ids[j]) == 0;
          if (!known)
            g_ptr_array_add (all, (gpointer) readers[i].id);
        }
    }
  return selector < all->len ? g_ptr_array_index (all, selector) : NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(RubricTaskReader) reader = NULL;
  RubricReadOptions options = { 0 };
  guint8 flags;
  gsize chunk;

  fuzz_init ();
  if (size < 2 || size > FUZZ_MAX_INPUT)
    return 0;
  options.from = format_id (data[0]);
  flags = data[1];
  data += 2, size -= 2;

  options.drop_labels = (flags & 1) != 0;
  options.kind = kinds[(flags >> 1) & 7];
  if (flags & 0x80)
    options.map = map;
  chunk = fuzz_chunk_size ((flags >> 5) & 3);
  if (chunk > 0 && chunk < 64 && size > 4096)
    chunk = 4093;

  stream = fuzz_stream_new (data, size, chunk);
  reader = rubric_task_reader_new (stream, "fuzz-input.jsonl");
  if (flags & 0x10)
    rubric_task_reader_set_lean (reader);
  rubric_task_reader_set_options (reader, &options);
  fuzz_read_tasks (reader, 0);
  return 0;
}
