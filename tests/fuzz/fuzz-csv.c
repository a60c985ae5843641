/* fuzz-csv.c — the CSV and TSV reader (formats/rubric-reader-csv.c and
 * the reader's CSV mode), with the column maps --map gives it
 *
 * Input: one byte of settings, a line with the map, then the table.
 *   bits 0-1  --from: detected, csv, arena-csv, labelstudio-csv
 *   bits 2-4  --kind: none, write, compare, rank, review, or one that
 *             does not exist
 *   bit 5     labels dropped
 *   bits 6-7  reads of the whole input, or cut at 4093, 65521 or 7 bytes
 * The map line holds FIELD=COLUMN entries separated by ';' (at most 16),
 * e.g. "prompt=question;response=a;response=b;label=winner"; an empty
 * line means no map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <string.h>

#include "rubric-task-reader.h"

static const char *froms[] = { NULL, "csv", "arena-csv", "labelstudio-csv" };
static const char *kinds[] = { NULL, "write", "compare", "rank", "review", "nonsense", NULL, NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(RubricTaskReader) reader = NULL;
  g_auto(GStrv) map = NULL;
  RubricReadOptions options = { 0 };
  const guint8 *nl;
  guint8 flags;
  gsize chunk;

  fuzz_init ();
  if (size < 1 || size > FUZZ_MAX_INPUT)
    return 0;
  flags = data[0];
  data++, size--;
  if ((nl = memchr (data, '\n', MIN (size, 4096))) == NULL)
    return 0;
  if (nl > data)
    {
      g_autofree char *line = g_strndup ((const char *) data, nl - data);

      map = g_strsplit (line, ";", 17);
      if (g_strv_length (map) > 16)
        g_clear_pointer (&map[16], g_free);
    }
  size -= nl + 1 - data;
  data = nl + 1;

  options.from = froms[flags & 3];
  options.kind = kinds[(flags >> 2) & 7];
  options.drop_labels = (flags & 0x20) != 0;
  options.map = (const char * const *) map;
  chunk = fuzz_chunk_size (flags >> 6);
  if (chunk > 0 && chunk < 64 && size > 4096)
    chunk = 4093;

  stream = fuzz_stream_new (data, size, chunk);
  reader = rubric_task_reader_new (stream, "fuzz-input.csv");
  rubric_task_reader_set_options (reader, &options);
  fuzz_read_tasks (reader, 0);
  return 0;
}
