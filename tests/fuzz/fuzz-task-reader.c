/* fuzz-task-reader.c — the native task reader in each of its modes
 *
 * Input: one byte of settings, then the file.
 *   bit 0    lean (no checksum, no text; lines parsed on a thread)
 *   bit 1    no duplicate check
 *   bit 2    a 256-byte field limit (records then of 64 KiB at most)
 *   bits 3-4 options: none; set, format detected, labels dropped;
 *            --from rubric-tasks; --from records
 *   bits 5-6 reads of the whole input, or cut at 4093, 65521 or 7 bytes
 *   bit 7    stop after the first task (the reader freed mid-file)
 * The file's content picks the mode: JSONL lines, a document spread
 * over lines (streamed by the scanner), a one-line document or array
 * (parsed whole), gzip or zstd around any of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include "rubric-task-reader.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(RubricTaskReader) reader = NULL;
  RubricReadOptions options = { 0 };
  guint8 flags;
  gsize chunk;
  guint n;

  fuzz_init ();
  if (size < 1 || size > FUZZ_MAX_INPUT)
    return 0;
  flags = data[0];
  data++, size--;

  chunk = fuzz_chunk_size ((flags >> 5) & 3);
  if (chunk > 0 && chunk < 64 && size > 4096)
    chunk = 4093;
  stream = fuzz_stream_new (data, size, chunk);
  reader = rubric_task_reader_new (stream, "fuzz.jsonl");
  if (flags & 1)
    rubric_task_reader_set_lean (reader);
  if (flags & 2)
    rubric_task_reader_set_check_duplicates (reader, FALSE);
  if (flags & 4)
    rubric_task_reader_set_max_field_size (reader, 256);
  switch ((flags >> 3) & 3)
    {
    case 0:
      break;
    case 1:
      options.drop_labels = TRUE;
      rubric_task_reader_set_options (reader, &options);
      break;
    case 2:
      options.from = "rubric-tasks";
      rubric_task_reader_set_options (reader, &options);
      break;
    default:
      options.from = "records";
      rubric_task_reader_set_options (reader, &options);
      break;
    }

  n = fuzz_read_tasks (reader, (flags & 0x80) ? 1 : 0);
  if (!(flags & 1) && !(flags & 0x80) && n < FUZZ_MAX_RECORDS)
    rubric_task_reader_get_checksum (reader);
  return 0;
}
