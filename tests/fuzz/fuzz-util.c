/* fuzz-util.c — what the fuzzing harnesses share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <glib/gstdio.h>

#include "rubric-decompress.h"
#include <stdlib.h>
#include <string.h>

/* A stream that hands out its bytes a few at a time ------------------- */

#define FUZZ_TYPE_CHUNK_STREAM (fuzz_chunk_stream_get_type ())
G_DECLARE_FINAL_TYPE (FuzzChunkStream, fuzz_chunk_stream, FUZZ, CHUNK_STREAM, GInputStream)

struct _FuzzChunkStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         offset;
  gsize         chunk;
};

G_DEFINE_TYPE (FuzzChunkStream, fuzz_chunk_stream, G_TYPE_INPUT_STREAM)

static gssize
fuzz_chunk_stream_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  FuzzChunkStream *self = FUZZ_CHUNK_STREAM (stream);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (count, size - self->offset);

  if (self->chunk > 0)
    n = MIN (n, self->chunk);
  if (n > 0)
    memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return (gssize) n;
}

static gboolean
fuzz_chunk_stream_close (GInputStream  *stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return TRUE;
}

static void
fuzz_chunk_stream_finalize (GObject *object)
{
  g_bytes_unref (FUZZ_CHUNK_STREAM (object)->bytes);
  G_OBJECT_CLASS (fuzz_chunk_stream_parent_class)->finalize (object);
}

static void
fuzz_chunk_stream_class_init (FuzzChunkStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fuzz_chunk_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = fuzz_chunk_stream_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = fuzz_chunk_stream_close;
}

static void
fuzz_chunk_stream_init (FuzzChunkStream *self)
{
}

GInputStream *
fuzz_stream_new (const guint8 *data,
                 gsize         size,
                 gsize         chunk)
{
  FuzzChunkStream *self;

  if (chunk == 0)
    {
      /* The data outlives the stream: both end with the call. */
      g_autoptr(GBytes) bytes = g_bytes_new_static (size > 0 ? data : (const guint8 *) "", size);

      return g_memory_input_stream_new_from_bytes (bytes);
    }
  self = g_object_new (FUZZ_TYPE_CHUNK_STREAM, NULL);
  self->bytes = g_bytes_new (data, size);
  self->chunk = chunk;
  return G_INPUT_STREAM (self);
}

/* Whole reads, and reads cut at odd places. The reader grows its buffer
 * on every short read, so tiny reads are kept for small inputs. */
gsize
fuzz_chunk_size (guint selector)
{
  static const gsize sizes[] = { 0, 4093, 65521, 7 };

  return sizes[selector % G_N_ELEMENTS (sizes)];
}

gboolean
fuzz_plain_size_at_most (const guint8 *data,
                         gsize         size,
                         gsize         limit)
{
  g_autoptr(GInputStream) raw = fuzz_stream_new (data, size, 0);
  g_autoptr(GInputStream) plain = NULL;
  const char *compression = NULL;
  g_autofree char *buf = NULL;
  gsize total = 0;
  gssize n;

  if (!(plain = rubric_decompress_stream (raw, &compression, NULL, NULL)))
    return TRUE;
  if (compression == NULL)
    return size <= limit;
  buf = g_malloc (64 * 1024);
  while ((n = g_input_stream_read (plain, buf, 64 * 1024, NULL, NULL)) > 0)
    {
      total += (gsize) n;
      if (total > limit)
        return FALSE;
    }
  return TRUE;
}

/* This process's temporary folder ------------------------------------- */

static char *temp_dir;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
remove_temp_dir (void)
{
  if (temp_dir != NULL)
    remove_tree (temp_dir);
  g_clear_pointer (&temp_dir, g_free);
}

void
fuzz_abort (void)
{
  remove_temp_dir ();
  abort ();
}

const char *
fuzz_temp_dir (void)
{
  fuzz_init ();
  return temp_dir;
}

char *
fuzz_write_temp (const char   *name,
                 const guint8 *data,
                 gsize         size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fuzz_temp_dir (), name, NULL);

  if (!g_file_set_contents_full (path, (const char *) data, (gssize) size, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("fuzz: cannot write %s: %s", path, error->message);
  return path;
}

/* Text ---------------------------------------------------------------- */

char *
fuzz_text (const guint8 *data,
           gsize         size)
{
  g_autofree char *copy = g_malloc (size + 1);
  gsize n = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (data[i] != '\0')
        copy[n++] = (char) data[i];
    }
  copy[n] = '\0';
  return g_utf8_make_valid (copy, (gssize) n);
}

/* Reading tasks ----------------------------------------------------- */

guint
fuzz_read_tasks (RubricTaskReader *reader,
                 guint             max_records)
{
  g_autoptr(GError) error = NULL;
  json_tokener *tok = json_tokener_new_ex (RUBRIC_DEFAULT_MAX_DEPTH);
  const RubricTaskRecord *record;
  const RubricFormatReader *format;
  const char *description = NULL;
  GPtrArray *problems;
  guint n = 0;

  if (max_records == 0)
    max_records = FUZZ_MAX_RECORDS;
  json_tokener_set_flags (tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
  while (n < max_records && rubric_task_reader_get_bytes_read (reader) <= FUZZ_MAX_BYTES &&
         (record = rubric_task_reader_next (reader, NULL, &error)) != NULL)
    {
      n++;
      FUZZ_CHECK (json_object_is_type (record->object, json_type_object), "line %u", record->line);
      FUZZ_CHECK (record->line > 0, "a task on line 0");
      if (record->len > 0)
        {
          json_object *parsed;

          FUZZ_CHECK (record->len <= G_MAXINT, "line %u", record->line);
          json_tokener_reset (tok);
          parsed = json_tokener_parse_ex (tok, record->text, (int) record->len);
          FUZZ_CHECK (parsed != NULL, "line %u: the task's text does not parse: %s", record->line,
                      json_tokener_error_desc (json_tokener_get_error (tok)));
          FUZZ_CHECK (json_object_equal (parsed, record->object),
                      "line %u: the task's text is not the task:\n%.*s\n%s", record->line,
                      (int) MIN (record->len, 2000), record->text,
                      json_object_to_json_string_ext (record->object, JSON_C_TO_STRING_PLAIN));
          json_object_put (parsed);
        }
    }
  json_tokener_free (tok);

  format = rubric_task_reader_get_format (reader, &description);
  if (format != NULL)
    FUZZ_CHECK (format->id != NULL && rubric_format_reader_lookup (format->id) == format, "format");
  rubric_task_reader_get_header (reader);
  rubric_task_reader_get_compression (reader);
  rubric_task_reader_get_n_tasks (reader);
  rubric_task_reader_get_n_problems (reader);
  problems = rubric_task_reader_get_problems (reader);
  FUZZ_CHECK (problems->len <= RUBRIC_MAX_KEPT_PROBLEMS + 1, "%u problems kept", problems->len);
  for (guint i = 0; i < problems->len; i++)
    g_free (rubric_problem_format (g_ptr_array_index (problems, i), rubric_task_reader_get_display_name (reader)));
  return n;
}

/* Once per process ------------------------------------------------------ */

void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      const char *base = g_getenv ("TMPDIR");
      g_autofree char *pattern = g_build_filename (base != NULL && *base != '\0' ? base : "/tmp",
                                                   "rubric-fuzz-XXXXXX", NULL);

      /* A critical is a g_return_if_fail() the input reached, a bug. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      if (g_mkdtemp (pattern) == NULL)
        g_error ("fuzz: cannot make a temporary folder %s", pattern);
      temp_dir = g_steal_pointer (&pattern);
      /* GIO's modules (gvfs, dconf) are loaded once and never freed,
       * which LeakSanitizer reports against the first input that opens
       * a file; the local file system needs none of them. */
      g_autofree char *modules = g_build_filename (temp_dir, "gio-modules", NULL);
      g_mkdir (modules, 0700);
      g_setenv ("GIO_MODULE_DIR", modules, TRUE);
      g_setenv ("GIO_USE_VFS", "local", TRUE);
      g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
      /* g_file_open_tmp() and friends of the core write there too; GLib
       * reads TMPDIR once, at its first use, which is after this. */
      g_setenv ("TMPDIR", temp_dir, TRUE);
      atexit (remove_temp_dir);
      g_once_init_leave (&done, 1);
    }
}
