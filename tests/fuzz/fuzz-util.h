/* fuzz-util.h — what the fuzzing harnesses share
 *
 * Each harness is one fuzz-NAME.c defining LLVMFuzzerTestOneInput. With
 * -Dfuzzing=true it is a libFuzzer target; otherwise fuzz-driver.c's
 * main() runs it over files, which is how `meson test --suite fuzz`
 * replays the corpora and the regressions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <stddef.h>
#include <stdint.h>

#include "rubric-task-reader.h"

G_BEGIN_DECLS

/* Inputs above this are refused: the harnesses bound their own work. */
#define FUZZ_MAX_INPUT (1024 * 1024)

/* Records a harness reads from one input at most; enough to reach every
 * path, few enough that a decompressed bomb ends quickly. */
#define FUZZ_MAX_RECORDS 5000
#define FUZZ_MAX_BYTES   (32 * 1024 * 1024)

int           LLVMFuzzerTestOneInput (const uint8_t *data,
                                      size_t         size);

/* Once per process: criticals and warnings abort, temporary files go
 * to a folder of this process's own (removed at exit). */
void          fuzz_init              (void);

/* A stream over @data that hands out at most @chunk bytes a read
 * (0: as much as asked), so readers meet short reads and cut lines. */
GInputStream *fuzz_stream_new        (const guint8 *data,
                                      gsize         size,
                                      gsize         chunk);
gsize         fuzz_chunk_size        (guint         selector);

/* This process's temporary folder, and a file in it holding @data. */
const char   *fuzz_temp_dir          (void);
char         *fuzz_write_temp        (const char   *name,
                                      const guint8 *data,
                                      gsize         size);

/* Whether @data, once gzip or zstd are taken off, is at most @limit
 * bytes: a harness that reads a path cannot stop a bomb half-way. */
gboolean      fuzz_plain_size_at_most (const guint8 *data,
                                       gsize         size,
                                       gsize         limit);

/* @data as valid UTF-8 without NUL, as the core's text callers pass it. */
char         *fuzz_text              (const guint8 *data,
                                      gsize         size);

/* Reads @reader to its end (or FUZZ_MAX_RECORDS, FUZZ_MAX_BYTES, or
 * @max_records when not 0), checking what every caller relies on: each
 * task is a JSON object whose text, when it has one, parses back to it.
 * Then asks for everything a caller asks for after reading. Returns the
 * number of tasks read. */
guint         fuzz_read_tasks        (RubricTaskReader *reader,
                                      guint             max_records);

/* Removes this process's temporary folder and aborts. */
G_NORETURN void fuzz_abort           (void);

/* An invariant that does not hold is a bug: say which and abort. */
#define FUZZ_CHECK(cond, ...)                                          \
  G_STMT_START {                                                       \
    if (G_UNLIKELY (!(cond)))                                          \
      {                                                                \
        g_printerr ("%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
        g_printerr (__VA_ARGS__);                                      \
        g_printerr ("\n");                                             \
        fuzz_abort ();                                                 \
      }                                                                \
  } G_STMT_END

G_END_DECLS
