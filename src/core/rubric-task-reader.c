/* rubric-task-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-task-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <unistd.h>

#include <string.h>

#include <csv.h>

#include "formats/rubric-reader-private.h"
#include "rubric-decompress.h"
#include "rubric-error.h"
#include "rubric-format.h"
#include "rubric-hasher.h"
#include "rubric-json.h"
#include "rubric-set-config.h"
#include "rubric-task.h"
#include "rubric-task-reader.h"

#define CHUNK_SIZE (1024 * 1024)

typedef enum
{
  MODE_UNKNOWN,
  MODE_LINES,     /* JSONL: one record a line */
  MODE_DOCUMENT,  /* one JSON value spanning lines, streamed by the scanner */
  MODE_MEMORY,    /* a small document already parsed whole */
  MODE_CSV,       /* rows of a CSV or TSV file */
  MODE_DONE,
} Mode;

/* What the document scanner knows about where it is. */
typedef struct
{
  int      depth;
  char     top;            /* '[' or '{' once seen */
  int      array_depth;    /* depth whose elements are records, 0 if none */
  gboolean in_string;
  gboolean escaped;
  gboolean in_key;
  gboolean expect_key;
  gboolean value_is_tasks;
  gboolean in_element;
  gboolean element_is_container;
  gboolean top_done;
  GString *key;
  GString *head;           /* the top object without its tasks */
  GString *element;
  guint    element_line;
  guint    broken_string_line; /* the first line a string ran past, 0 if none */
} Scanner;

struct _RubricTaskReader
{
  GInputStream     *stream;
  char             *display_name;
  RubricHasher     *checksum;

  char             *buf;
  gsize             buf_len;
  gsize             buf_size;
  gsize             pos;
  gboolean          eof;
  gboolean          skip_line;   /* the rest of the current line is dropped */
  gsize             bytes_read;    /* atomic: the parser thread reads */
  guint             line;

  Mode              mode;
  Scanner           scan;
  json_object      *memory_tasks;
  gsize             memory_index;

  json_tokener     *tok;
  json_object      *header;
  RubricTaskRecord  record;
  GString          *record_text;

  GPtrArray        *problems;
  guint             n_problems;
  guint             n_tasks;
  gboolean          seen_record;
  GHashTable       *ids;
  gsize             max_field_size;
  gsize             max_record_size;

  /* What the file is, and what it becomes. */
  RubricReadOptions         options;
  char                     *from;
  char                     *kind;
  char                    **map;
  const RubricFormatReader *format;
  const char               *format_description;
  guint                     format_line;
  gboolean                  decompress_checked;
  const char               *compression;
  RubricConvert             conv;
  GQueue                    pending;    /* Pending: converted tasks not yet handed out */
  gboolean                  finished;
  gboolean                  no_text;    /* converted tasks need no text */

  /* A lean reader of lines parses ahead in a thread of its own. */
  GThread                  *parser;
  GAsyncQueue              *parsed;     /* GPtrArray of Parsed: batches, in line order */
  GAsyncQueue              *slots;      /* tokens: how many more batches may be queued */
  gint                      stop_parser;
  GPtrArray                *filling;    /* the parser's batch being filled */
  GPtrArray                *taking;     /* the caller's batch being taken from */
  guint                     taken_from; /* how much of it */

  /* MODE_CSV */
  struct csv_parser         csv;
  json_object              *csv_header;
  json_object              *csv_row;
  GQueue                    csv_rows;   /* Pending: rows as arrays of strings */
  guint                     csv_row_line;
  gboolean                  csv_in_row;
  gsize                     csv_row_bytes; /* fed to libcsv since the row started */
  gboolean                  csv_done;
  char                     *csv_bad_utf8;
  gsize                     csv_bad_cell;
  char                     *csv_bad_header;
  guint                     csv_n_rows;
  gboolean                  peek;       /* rubric_table_peek(): stop at the first record */
  json_object              *peeked;     /* that record (a row keyed by the header) */
};

typedef struct
{
  json_object *object;
  guint        line;
} Pending;

static void
pending_free (Pending *pending)
{
  json_object_put (pending->object);
  g_free (pending);
}

/* The reader the current thread parses for, on a parser thread: its
 * problems go through the queue. Set by the thread itself, since
 * self->parser is stored only after the thread has started (reading it
 * there was a race ThreadSanitizer found). */
static _Thread_local RubricTaskReader *parsing_for;

static void parsed_push_problem (RubricTaskReader *self,
                                 guint             line,
                                 const char       *field,
                                 char             *message);
static void stop_parser         (RubricTaskReader *self);
static gboolean parsed_flush    (RubricTaskReader *self);

static void
problem_free (RubricProblem *problem)
{
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

RubricTaskReader *
rubric_task_reader_new (GInputStream *stream,
                        const char   *display_name)
{
  RubricTaskReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_new0 (RubricTaskReader, 1);
  self->stream = g_object_ref (stream);
  self->display_name = g_strdup (display_name ? display_name : "<input>");
  self->checksum = rubric_hasher_new ();
  self->buf_size = CHUNK_SIZE;
  self->buf = g_malloc (self->buf_size);
  self->line = 1;
  self->tok = json_tokener_new_ex (RUBRIC_DEFAULT_MAX_DEPTH);
  json_tokener_set_flags (self->tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
  self->record_text = g_string_new (NULL);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_field_size = RUBRIC_DEFAULT_MAX_FIELD_SIZE;
  self->max_record_size = 4 * RUBRIC_DEFAULT_MAX_FIELD_SIZE;
  self->scan.key = g_string_new (NULL);
  self->scan.head = g_string_new (NULL);
  self->scan.element = g_string_new (NULL);
  return self;
}

RubricTaskReader *
rubric_task_reader_new_for_path (const char  *path,
                                 GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;

  /* "-" is standard input; a pipe or a FIFO is read as it comes, once. */
  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);

      return rubric_task_reader_new (input, "stdin");
    }
  file = g_file_new_for_path (path);
  if (!(stream = g_file_read (file, NULL, error)))
    return NULL;
  return rubric_task_reader_new (G_INPUT_STREAM (stream), path);
}

void
rubric_task_reader_free (RubricTaskReader *self)
{
  if (self == NULL)
    return;
  stop_parser (self);
  g_clear_object (&self->stream);
  g_free (self->display_name);
  g_clear_pointer (&self->checksum, rubric_hasher_free);
  g_free (self->buf);
  g_clear_pointer (&self->memory_tasks, json_object_put);
  g_clear_pointer (&self->header, json_object_put);
  g_clear_pointer (&self->record.object, json_object_put);
  json_tokener_free (self->tok);
  g_string_free (self->record_text, TRUE);
  g_string_free (self->scan.key, TRUE);
  g_string_free (self->scan.head, TRUE);
  g_string_free (self->scan.element, TRUE);
  g_ptr_array_unref (self->problems);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_free (self->from);
  g_free (self->kind);
  g_strfreev (self->map);
  g_free (self->conv.stem);
  for (guint i = 0; i < G_N_ELEMENTS (self->conv.source_strings); i++)
    g_clear_pointer (&self->conv.source_strings[i], json_object_put);
  if (self->conv.state_free != NULL)
    g_clear_pointer (&self->conv.state, self->conv.state_free);
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_free);
  g_queue_clear_full (&self->csv_rows, (GDestroyNotify) pending_free);
  /* Also once a CSV file ended (MODE_DONE); a parser never started is
   * all zeros, which csv_free() leaves alone. */
  csv_free (&self->csv);
  g_clear_pointer (&self->csv_header, json_object_put);
  g_clear_pointer (&self->csv_row, json_object_put);
  g_clear_pointer (&self->peeked, json_object_put);
  g_free (self->csv_bad_utf8);
  g_free (self->csv_bad_header);
  g_free (self);
}

/**
 * rubric_task_reader_set_options:
 *
 * Says how to read the file: its format, if not detected, and for CSV
 * files the column map. Call it before the first rubric_task_reader_next().
 */
void
rubric_task_reader_set_options (RubricTaskReader        *self,
                                const RubricReadOptions *options)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->mode == MODE_UNKNOWN);

  g_free (self->from);
  g_free (self->kind);
  g_strfreev (self->map);
  self->from = g_strdup (options ? options->from : NULL);
  self->kind = g_strdup (options ? options->kind : NULL);
  self->map = g_strdupv ((char **) (options ? options->map : NULL));
  self->options.from = self->from;
  self->options.kind = self->kind;
  self->options.map = (const char * const *) self->map;
  self->options.drop_labels = options ? options->drop_labels : FALSE;
}

/**
 * rubric_task_reader_set_lean:
 *
 * For a reader whose tasks are used once and let go (conversion): no
 * checksum of the file, and a converted task's text is left empty
 * (a native task's text is its line, which costs nothing).
 */
void
rubric_task_reader_set_lean (RubricTaskReader *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (rubric_task_reader_get_bytes_read (self) == 0);

  g_clear_pointer (&self->checksum, rubric_hasher_free);
  self->no_text = TRUE;
}

/**
 * rubric_task_reader_get_format:
 * @description: (out) (optional): the variant of the format, as a phrase
 *
 * Returns: (nullable): the format being read, once the first record
 *   decided it
 */
const RubricFormatReader *
rubric_task_reader_get_format (RubricTaskReader  *self,
                               const char       **description)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (description != NULL)
    *description = self->format_description;
  return self->format;
}

/**
 * rubric_task_reader_get_compression:
 *
 * Returns: (nullable): "gzip" or "zstd" when the file was compressed
 */
const char *
rubric_task_reader_get_compression (RubricTaskReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->compression;
}

void
rubric_task_reader_set_max_field_size (RubricTaskReader *self,
                                       gsize             max_field_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_field_size > 0);

  self->max_field_size = max_field_size;
  self->max_record_size = MAX (4 * max_field_size, 64 * 1024);
}

/* The store finds duplicate ids with its own index, so an import need
 * not keep every id in memory here. */
void
rubric_task_reader_set_check_duplicates (RubricTaskReader *self,
                                         gboolean          check_duplicates)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->ids, g_hash_table_unref);
  if (check_duplicates)
    self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
rubric_task_reader_add_problem (RubricTaskReader *self,
                                guint             line,
                                const char       *field,
                                char             *message)
{
  RubricProblem *problem;

  if (parsing_for == self)
    {
      parsed_push_problem (self, line, field, message);
      return;
    }
  self->n_problems++;
  if (self->problems->len >= RUBRIC_MAX_KEPT_PROBLEMS)
    {
      g_free (message);
      return;
    }
  problem = g_new0 (RubricProblem, 1);
  problem->line = line;
  problem->field = g_strdup (field);
  problem->message = message;
  g_ptr_array_add (self->problems, problem);
}

char *
rubric_problem_format (const RubricProblem *problem,
                       const char          *display_name)
{
  if (problem->field != NULL)
    return g_strdup_printf ("%s:%u: %s: %s", display_name, problem->line, problem->field, problem->message);
  return g_strdup_printf ("%s:%u: %s", display_name, problem->line, problem->message);
}

/* The file cannot be read on from @line: @error says so, naming the
 * file and the line, and the reader stops. */
G_GNUC_PRINTF (4, 5) static gboolean
fail_at (RubricTaskReader  *self,
         guint              line,
         GError           **error,
         const char        *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, "%s:%u: %s", self->display_name, line, message);
  self->mode = MODE_DONE;
  return FALSE;
}

/* What is said of a line the reader will not hold, as a problem of
 * that line or as the reason it stops. */
static char *
line_too_long (RubricTaskReader *self)
{
  return g_strdup_printf (_("the line is longer than the %zu MB limit for a task"),
                          self->max_record_size / (1024 * 1024));
}

/* Reading the file stopped at @failure: decompressing or decoding it
 * on the line after what was read (each line before that is in the
 * buffer or behind it), or the file itself. */
static void
read_failed (RubricTaskReader  *self,
             GError            *failure,
             GError           **error)
{
  guint line = self->line;

  for (const char *nl = self->buf + self->pos; (nl = memchr (nl, '\n', self->buf + self->buf_len - nl)); nl++)
    line++;
  /* This may run on the parser thread: the mode is the reader's own. */
  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                 _("%s:%u: the file is cut off in the middle of its compressed data"), self->display_name, line);
  else if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s:%u: the file cannot be read from here on: %s"),
                 self->display_name, line, failure->message);
  else
    {
      g_propagate_prefixed_error (error, failure, "%s: ", self->display_name);
      return;
    }
  g_error_free (failure);
}

static gboolean
fill (RubricTaskReader  *self,
      GCancellable      *cancellable,
      GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize n;

  if (self->eof)
    return TRUE;
  if (!self->decompress_checked)
    {
      GInputStream *plain;

      self->decompress_checked = TRUE;
      if (!(plain = rubric_decompress_stream (self->stream, &self->compression, cancellable, &local_error)))
        {
          read_failed (self, g_steal_pointer (&local_error), error);
          return FALSE;
        }
      g_object_unref (self->stream);
      self->stream = plain;
    }

  if (self->pos > 0)
    {
      memmove (self->buf, self->buf + self->pos, self->buf_len - self->pos);
      self->buf_len -= self->pos;
      self->pos = 0;
    }
  /* Grown by doubling, and only when little room is left: a slow
   * stream gives a few KB a read, and a buffer grown by a chunk at each
   * of them was copied whole each time. */
  if (self->buf_size - self->buf_len < CHUNK_SIZE / 4)
    {
      self->buf_size = MAX (self->buf_size * 2, self->buf_len + CHUNK_SIZE);
      self->buf = g_realloc (self->buf, self->buf_size);
    }

  /* What the parser has parsed goes before a read that may wait (on a
   * pipe, for its writer). */
  if (parsing_for == self)
    parsed_flush (self);
  n = g_input_stream_read (self->stream, self->buf + self->buf_len,
                           self->buf_size - self->buf_len, cancellable, &local_error);
  if (n < 0)
    {
      read_failed (self, g_steal_pointer (&local_error), error);
      return FALSE;
    }
  if (n == 0)
    self->eof = TRUE;
  if (self->checksum != NULL)
    rubric_hasher_update (self->checksum, self->buf + self->buf_len, n);
  self->buf_len += n;
  /* Read by the caller (progress) while a parser thread fills. */
  g_atomic_pointer_add (&self->bytes_read, n);
  return TRUE;
}

/* Line mode. A line longer than the record limit is skipped, not held. */
static gboolean
next_line (RubricTaskReader  *self,
           const char       **text,
           gsize             *len,
           guint             *line,
           GCancellable      *cancellable,
           GError           **error)
{
  gboolean oversized = FALSE;

  while (self->skip_line)
    {
      char *nl = memchr (self->buf + self->pos, '\n', self->buf_len - self->pos);

      if (nl != NULL)
        {
          self->pos = nl + 1 - self->buf;
          self->line++;
          self->skip_line = FALSE;
          break;
        }
      self->pos = self->buf_len;
      if (self->eof)
        return FALSE;
      if (!fill (self, cancellable, error))
        return FALSE;
    }

  for (;;)
    {
      char *start = self->buf + self->pos;
      char *nl = memchr (start, '\n', self->buf_len - self->pos);

      if (nl != NULL || (self->eof && self->pos < self->buf_len))
        {
          gsize n = nl != NULL ? (gsize) (nl - start) : self->buf_len - self->pos;

          *line = self->line++;
          self->pos += n + (nl != NULL ? 1 : 0);
          if (oversized)
            {
              rubric_task_reader_add_problem (self, *line, NULL, line_too_long (self));
              oversized = FALSE;
              continue;
            }
          if (n > 0 && start[n - 1] == '\r')
            n--;
          *text = start;
          *len = n;
          return TRUE;
        }
      if (self->eof)
        return FALSE;
      if (self->buf_len - self->pos > self->max_record_size)
        {
          oversized = TRUE;
          self->pos = self->buf_len;
        }
      if (!fill (self, cancellable, error))
        return FALSE;
    }
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
is_blank (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!is_space (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* The document cannot be read on. A string that ran past the end of a
 * line (JSON has none) is most likely where a quote went missing, and
 * everything after it was read inside out: that line is named too. */
static gboolean
scan_fail (RubricTaskReader  *self,
           GError           **error,
           const char        *message)
{
  if (self->scan.broken_string_line > 0)
    return fail_at (self, self->line, error,
                    /* Translators: what is wrong, and the line of a string that goes on past its end. */
                    _("%s; a string runs on past the end of line %u: is a quote missing there?"),
                    message, self->scan.broken_string_line);
  return fail_at (self, self->line, error, "%s", message);
}

static void
scan_start_element (Scanner  *scan,
                    guint     line,
                    gboolean  container)
{
  scan->in_element = TRUE;
  scan->element_is_container = container;
  scan->element_line = line;
  g_string_truncate (scan->element, 0);
}


/*
 * Too much text in one piece. Before any "tasks" array, on the first
 * line, this is no document but a JSONL file whose first line is over
 * the limit: that line is reported as such, dropped, and the file read
 * on by lines. Otherwise the file cannot be read on.
 */
static gboolean
scan_oversized (RubricTaskReader  *self,
                GError           **error)
{
  Scanner *scan = &self->scan;

  if (scan->top == '{' && scan->array_depth == 0 && self->line == 1)
    {
      rubric_task_reader_add_problem (self, 1, NULL, line_too_long (self));
      g_string_truncate (scan->head, 0);
      g_string_truncate (scan->element, 0);
      self->mode = MODE_LINES;
      self->skip_line = TRUE;
      return TRUE;
    }
  return scan_fail (self, error, _("a task or the file header is larger than the size limit"));
}

/* Whether a key, as written between its quotes, reads as @name. */
static gboolean
key_is (const GString *written,
        const char    *name)
{
  g_autoptr(GString) key = g_string_new_len (written->str, written->len);

  rubric_json_read_key (key);
  return key->len == strlen (name) && memcmp (key->str, name, key->len) == 0;
}

/*
 * The document scanner follows only strings and brackets: enough to cut
 * the elements of the top-level array, or of the top object's "tasks"
 * array, out of the stream one by one. json-c parses each element on
 * its own, so memory is bounded by the largest task, not by the file.
 *
 * Returns TRUE with *@element set when an element is complete, TRUE
 * with *@element unset at the end of the document.
 */
static gboolean
scan_document (RubricTaskReader  *self,
               gboolean          *element,
               GCancellable      *cancellable,
               GError           **error)
{
  Scanner *scan = &self->scan;

  *element = FALSE;
  for (;;)
    {
      if (self->pos == self->buf_len)
        {
          if (self->eof)
            break;
          if (!fill (self, cancellable, error))
            return FALSE;
          continue;
        }

      while (self->pos < self->buf_len)
        {
          char c = self->buf[self->pos++];
          GString *target = scan->in_element ? scan->element : (scan->top == '{' ? scan->head : NULL);

          if (c == '\n')
            self->line++;

          if (scan->in_string)
            {
              gboolean closing = !scan->escaped && c == '"';

              /* A key is kept as written, escapes and all, and read as
               * JSON at its colon: "t\u0061sks" is "tasks". */
              if (scan->in_key && !closing && scan->key->len < 64)
                g_string_append_c (scan->key, c);
              /* self->line counts this line break already. */
              if (c == '\n' && scan->broken_string_line == 0)
                scan->broken_string_line = self->line - 1;
              if (scan->escaped)
                scan->escaped = FALSE;
              else if (c == '\\')
                scan->escaped = TRUE;
              else if (closing)
                scan->in_string = FALSE, scan->in_key = FALSE;
              if (target != NULL)
                g_string_append_c (target, c);
              if (target != NULL && target->len > self->max_record_size)
                return scan_oversized (self, error);
              continue;
            }

          if (scan->top_done)
            {
              if (!is_space (c))
                return scan_fail (self, error, _("unexpected text after the end of the JSON document"));
              continue;
            }

          /* A scalar element ends at the next separator of its array. */
          if (scan->in_element && !scan->element_is_container &&
              scan->depth == scan->array_depth && (c == ',' || c == ']'))
            {
              scan->in_element = FALSE;
              self->pos--;
              *element = TRUE;
              return TRUE;
            }

          switch (c)
            {
            case '"':
              scan->in_string = TRUE;
              if (scan->top == '{' && scan->depth == 1 && scan->expect_key)
                {
                  scan->in_key = TRUE;
                  g_string_truncate (scan->key, 0);
                }
              else if (scan->array_depth > 0 && scan->depth == scan->array_depth && !scan->in_element)
                {
                  scan_start_element (scan, self->line, FALSE);
                  target = scan->element;
                }
              break;

            case '{':
            case '[':
              if (scan->depth == 0)
                {
                  scan->top = c;
                  scan->depth = 1;
                  if (c == '[')
                    scan->array_depth = 1;
                  else
                    scan->expect_key = TRUE, g_string_append_c (scan->head, c);
                  continue;
                }
              if (scan->top == '{' && scan->depth == 1 && scan->value_is_tasks && c == '[')
                {
                  scan->array_depth = 2;
                  scan->depth = 2;
                  g_string_append (scan->head, "[]");
                  continue;
                }
              if (scan->array_depth > 0 && scan->depth == scan->array_depth && !scan->in_element)
                {
                  scan_start_element (scan, self->line, TRUE);
                  target = scan->element;
                }
              scan->depth++;
              break;

            case '}':
            case ']':
              scan->depth--;
              if (scan->depth < 0)
                return scan_fail (self, error, _("unbalanced brackets in the JSON document"));
              if (scan->array_depth > 0 && scan->depth == scan->array_depth - 1 && !scan->in_element)
                {
                  scan->array_depth = 0;
                  if (scan->depth == 0)
                    scan->top_done = TRUE;
                  continue;
                }
              if (scan->in_element && scan->depth == scan->array_depth)
                {
                  g_string_append_c (scan->element, c);
                  scan->in_element = FALSE;
                  *element = TRUE;
                  return TRUE;
                }
              if (scan->depth == 0)
                {
                  g_string_append_c (scan->head, c);
                  scan->top_done = TRUE;
                  continue;
                }
              break;

            case ':':
              if (scan->top == '{' && scan->depth == 1)
                {
                  scan->expect_key = FALSE;
                  scan->value_is_tasks = key_is (scan->key, "tasks");
                }
              break;

            case ',':
              if (scan->top == '{' && scan->depth == 1)
                scan->expect_key = TRUE, scan->value_is_tasks = FALSE;
              if (scan->array_depth > 0 && scan->depth == scan->array_depth)
                continue;
              break;

            default:
              if (scan->depth == 0 && !is_space (c))
                return scan_fail (self, error, _("a task file must be a JSON object or array"));
              if (!is_space (c) && scan->array_depth > 0 && scan->depth == scan->array_depth && !scan->in_element)
                {
                  scan_start_element (scan, self->line, FALSE);
                  target = scan->element;
                }
              break;
            }

          if (target != NULL)
            g_string_append_c (target, c);
          if (scan->head->len > self->max_record_size || scan->element->len > self->max_record_size)
            return scan_oversized (self, error);
        }
    }

  if (scan->in_element)
    {
      scan->in_element = FALSE;
      *element = TRUE;
      return TRUE;
    }
  if (scan->depth > 0 || scan->in_string)
    return scan_fail (self, error, _("the JSON document ends too early: a string, array or object is not closed"));
  return TRUE;
}

/* Finds the first string longer than the field limit, and its path. */
static char *
find_oversized (json_object *value,
                const char  *path,
                gsize        limit,
                gsize       *size)
{
  switch (json_object_get_type (value))
    {
    case json_type_string:
      if ((gsize) json_object_get_string_len (value) > limit)
        {
          *size = json_object_get_string_len (value);
          return g_strdup (path[0] ? path : "value");
        }
      return NULL;

    case json_type_object:
      {
        json_object_object_foreach (value, key, member)
          {
            g_autofree char *sub = path[0] ? g_strdup_printf ("%s.%s", path, key) : g_strdup (key);
            char *found = find_oversized (member, sub, limit, size);

            if (found != NULL)
              return found;
          }
        return NULL;
      }

    case json_type_array:
      for (gsize i = 0; i < json_object_array_length (value); i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%zu]", path, i);
          char *found = find_oversized (json_object_array_get_idx (value, i), sub, limit, size);

          if (found != NULL)
            return found;
        }
      return NULL;

    case json_type_null:
    case json_type_boolean:
    case json_type_double:
    case json_type_int:
    default:
      return NULL;
    }
}

/* The line of @at in a record that starts on @line (a task of a JSON
 * document may run over many), and where that line starts in it. */
static guint
line_of (const char  *text,
         const char  *at,
         guint        line,
         const char **line_start)
{
  *line_start = text;
  for (const char *nl = text; (nl = memchr (nl, '\n', at - nl)) != NULL; nl++)
    {
      line++;
      *line_start = nl + 1;
    }
  return line;
}

/* What json-c found wrong in @text, a record that starts on *@line;
 * *@line becomes the line it found it on. */
static char *
describe_parse_error (RubricTaskReader *self,
                      const char       *text,
                      guint            *line)
{
  enum json_tokener_error jerr = json_tokener_get_error (self->tok);
  gsize offset = json_tokener_get_parse_end (self->tok);
  const char *line_start;
  glong column;

  *line = line_of (text, text + offset, *line, &line_start);
  column = g_utf8_pointer_to_offset (line_start, text + offset) + 1;

  switch (jerr)
    {
    case json_tokener_error_depth:
      return g_strdup_printf (_("nesting is deeper than %d levels"), RUBRIC_DEFAULT_MAX_DEPTH);
    case json_tokener_continue:
      return g_strdup (_("the JSON value is cut off before its end"));
    case json_tokener_success:
    case json_tokener_error_parse_eof:
    case json_tokener_error_parse_unexpected:
    case json_tokener_error_parse_null:
    case json_tokener_error_parse_boolean:
    case json_tokener_error_parse_number:
    case json_tokener_error_parse_array:
    case json_tokener_error_parse_object_key_name:
    case json_tokener_error_parse_object_key_sep:
    case json_tokener_error_parse_object_value_sep:
    case json_tokener_error_parse_string:
    case json_tokener_error_parse_comment:
    case json_tokener_error_parse_utf8_string:
    case json_tokener_error_size:
    default:
      return g_strdup_printf (_("not valid JSON at column %ld: %s"), column, json_tokener_error_desc (jerr));
    }
}

/* Parses one record; on failure records the problem and returns NULL. */
#define VALUE_COUNT_FROM (1024 * 1024)
#define MAX_VALUES 1000000

/* An upper bound of the values in a JSON text: its containers and
 * separators outside strings, plus one. */
static gsize
count_values (const char *text,
              gsize       len)
{
  gboolean in_string = FALSE;
  gsize n = 1;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == ',' || c == '[' || c == '{')
        n++;
    }
  return n;
}

static json_object *
parse_record (RubricTaskReader *self,
              const char       *text,
              gsize             len,
              guint             line)
{
  json_object *object;
  const char *invalid = NULL;
  gsize end;

  if (!rubric_utf8_validate_len (text, len, &invalid))
    {
      const char *line_start;
      guint at = line_of (text, invalid, line, &line_start);

      rubric_task_reader_add_problem (self, at, NULL, rubric_utf8_describe_invalid (line_start, invalid, FALSE));
      return NULL;
    }

  /* Parsed, each JSON value costs json-c about a hundred bytes: a line
   * within the size limit could still take gigabytes as millions of
   * small values. Big lines are counted first. */
  if (len > VALUE_COUNT_FROM && count_values (text, len) > MAX_VALUES)
    {
      rubric_task_reader_add_problem (self, line, NULL,
                                      g_strdup_printf (_("more than %d JSON values in one task; no task is that large"),
                                                       MAX_VALUES));
      return NULL;
    }

  rubric_json_tokener_reset (self->tok);
  object = json_tokener_parse_ex (self->tok, text, (int) len);
  if (object == NULL)
    {
      /* A bare "null" parses to NULL with success. */
      if (json_tokener_get_error (self->tok) == json_tokener_success)
        rubric_task_reader_add_problem (self, line, NULL, g_strdup (_("a task must be a JSON object, not null")));
      else
        {
          g_autofree char *problem = describe_parse_error (self, text, &line);

          rubric_task_reader_add_problem (self, line, NULL, g_steal_pointer (&problem));
        }
      return NULL;
    }

  end = json_tokener_get_parse_end (self->tok);
  if (json_tokener_get_error (self->tok) == json_tokener_continue ||
      !is_blank (text + end, len - end))
    {
      if (json_tokener_get_error (self->tok) == json_tokener_continue)
        rubric_task_reader_add_problem (self, line, NULL, g_strdup (_("the JSON value is cut off before its end")));
      else
        {
          const char *line_start;
          guint at = line_of (text, text + end, line, &line_start);

          rubric_task_reader_add_problem (self, at, NULL,
                                          g_strdup_printf (_("unexpected text after the JSON value, at column %ld"),
                                                           g_utf8_pointer_to_offset (line_start, text + end) + 1));
        }
      json_object_put (object);
      return NULL;
    }

  {
    const char *reason = NULL;
    g_autofree char *bad = rubric_json_find_bad_text (text, len, &reason);

    if (bad != NULL)
      {
        rubric_task_reader_add_problem (self, line, bad, g_strdup (reason));
        json_object_put (object);
        return NULL;
      }
  }

  if (len > self->max_field_size)
    {
      gsize size = 0;
      g_autofree char *path = find_oversized (object, "", self->max_field_size, &size);

      if (path != NULL)
        {
          rubric_task_reader_add_problem (self, line, path,
                                          g_strdup_printf (_("%.1f MB is over the %.1f MB limit for one field"),
                                                           size / 1048576.0, self->max_field_size / 1048576.0));
          json_object_put (object);
          return NULL;
        }
    }
  return object;
}

static gboolean
is_header (json_object *object)
{
  return rubric_json_get_typed (object, "format", json_type_string) != NULL &&
         !json_object_object_get_ex (object, "kind", NULL);
}

static gboolean
accept_header (RubricTaskReader  *self,
               json_object       *object,
               guint              line,
               GError           **error)
{
  const char *format = rubric_json_get_string (object, "format");
  json_object *tasks = NULL;
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;

  if (g_strcmp0 (format, RUBRIC_TASKS_FORMAT) != 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED,
                   _("%s:%u: format: “%s” is not a format Rubric reads; expected “%s”"),
                   self->display_name, line, format, RUBRIC_TASKS_FORMAT);
      return FALSE;
    }
  if (json_object_object_get_ex (object, "tasks", &tasks) && !json_object_is_type (tasks, json_type_array))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("%s:%u: tasks: must be an array"), self->display_name, line);
      return FALSE;
    }
  if ((reason = rubric_set_config_check_header (object, &field)) != NULL)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   "%s:%u: %s: %s", self->display_name, line, field, reason);
      return FALSE;
    }
  g_clear_pointer (&self->header, json_object_put);
  self->header = json_object_get (object);
  json_object_object_del (self->header, "tasks");
  return TRUE;
}

static char *
file_stem (const char *display_name)
{
  g_autofree char *base = g_path_get_basename (display_name);
  char *dot;

  /* "hh.jsonl.gz" → "hh"; a name that is all extension stays. */
  while ((dot = strrchr (base, '.')) != NULL && dot != base &&
         (g_ascii_strcasecmp (dot, ".gz") == 0 || g_ascii_strcasecmp (dot, ".zst") == 0 ||
          g_ascii_strcasecmp (dot, ".jsonl") == 0 || g_ascii_strcasecmp (dot, ".json") == 0 ||
          g_ascii_strcasecmp (dot, ".csv") == 0 || g_ascii_strcasecmp (dot, ".tsv") == 0 ||
          g_ascii_strcasecmp (dot, ".txt") == 0))
    *dot = '\0';
  return g_steal_pointer (&base);
}

static void
emit_converted (gpointer     reader,
                json_object *task,
                guint        line)
{
  RubricTaskReader *self = reader;
  Pending *pending = g_new (Pending, 1);

  pending->object = task;
  pending->line = line;
  g_queue_push_tail (&self->pending, pending);
}

static void
problem_converted (gpointer    reader,
                   guint       line,
                   const char *field,
                   char       *message)
{
  rubric_task_reader_add_problem (reader, line, field, message);
}

/* The formats read through a column map alone: for them the map is
 * what a person chose (rubric_table_peek()). */
static gboolean
reads_by_map (const RubricFormatReader *format)
{
  static const char *ids[] = { "csv", "labelstudio-csv", "json-map" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      if (strcmp (format->id, ids[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A foreign file becomes a task set whose header says where it came from. */
static void
start_converting (RubricTaskReader *self)
{
  json_object *from;

  self->conv.format = self->format;
  self->conv.options = &self->options;
  self->conv.display_name = self->display_name;
  self->conv.stem = file_stem (self->display_name);
  self->conv.reader = self;
  self->conv.emit = emit_converted;
  self->conv.problem = problem_converted;

  if (self->header == NULL)
    {
      self->header = json_object_new_object ();
      json_object_object_add (self->header, "format", json_object_new_string (RUBRIC_TASKS_FORMAT));
      json_object_object_add (self->header, "name", json_object_new_string (self->conv.stem));
    }
  from = json_object_new_object ();
  json_object_object_add (from, "format", json_object_new_string (self->format->id));
  json_object_object_add (from, "label", json_object_new_string (self->format->label));
  if (self->compression != NULL)
    json_object_object_add (from, "compression", json_object_new_string (self->compression));
  /* The column map read it: the app offers it again for the same file. */
  if (self->map != NULL && self->map[0] != NULL && reads_by_map (self->format))
    {
      json_object *map = json_object_new_array ();

      for (guint i = 0; self->map[i] != NULL; i++)
        json_object_array_add (map, json_object_new_string (self->map[i]));
      json_object_object_add (from, "map", map);
    }
  json_object_object_add (self->header, "imported_from", from);
  self->conv.header = self->header;
}

static gboolean
is_native (json_object *object)
{
  g_autofree char *field = NULL;
  g_autofree char *reason = rubric_task_validate (object, &field);

  return reason == NULL || _rubric_detect_rubric_tasks (object) != NULL;
}

static gboolean
fail_fatal (RubricTaskReader  *self,
            GError           **error)
{
  self->mode = MODE_DONE;
  return FALSE;
}

/* Whether @object's responses are a Rubric task's: an array of objects
 * with an id and their content. */
static gboolean
has_task_responses (json_object *object)
{
  json_object *responses = NULL;
  json_object *first;

  if (!json_object_object_get_ex (object, "responses", &responses) ||
      !json_object_is_type (responses, json_type_array) || json_object_array_length (responses) == 0)
    return FALSE;
  first = json_object_array_get_idx (responses, 0);
  return json_object_is_type (first, json_type_object) && json_object_object_get_ex (first, "id", NULL) &&
         json_object_object_get_ex (first, "content", NULL);
}

/* The first record decides the format, unless --from did. */
static gboolean
choose_format (RubricTaskReader  *self,
               json_object       *object,
               guint              line,
               GError           **error)
{
  gboolean csv = self->mode == MODE_CSV;
  const char *description = NULL;

  self->format_line = line;
  if (self->from != NULL)
    {
      self->format = rubric_format_reader_lookup (self->from);
      if (self->format == NULL || self->format->csv != csv)
        {
          g_autofree char *ids = rubric_format_list_ids (csv);

          g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED,
                       /* Translators: the file name, the format asked for, and the formats that can be used. */
                       self->format == NULL ? _("%s: “%s” is not a format Rubric reads; for this file use %s")
                                            /* Translators: the file name, the format asked for, CSV or JSON, and the formats that can be used. */
                                            : _("%s: “%s” is not a format of %s files; use %s"),
                       self->display_name, self->from, self->format == NULL ? ids : csv ? "CSV" : "JSON", ids);
          self->format = NULL;
          return fail_fatal (self, error);
        }
      description = self->format->label;
    }
  else if (!csv && is_native (object))
    self->format = rubric_format_reader_lookup ("rubric-tasks");
  else
    self->format = rubric_format_detect (object, csv, &description);

  if (self->format == NULL && csv)
    {
      if (self->map != NULL && self->map[0] != NULL)
        self->format = rubric_format_reader_lookup ("csv"), description = self->format->label;
      else
        {
          g_autoptr(GString) columns = g_string_new (NULL);

          for (gsize i = 0; i < json_object_array_length (self->csv_header) && i < 12; i++)
            g_string_append_printf (columns, "%s“%s”", i > 0 ? ", " : "",
                                    json_object_get_string (json_object_array_get_idx (self->csv_header, i)));
          g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED,
                       _("%s:1: the columns %s are not a format Rubric knows; name them with --map FIELD=COLUMN "
                       "(id, prompt, system, response, chosen, rejected, answer, label)"),
                       self->display_name, columns->str);
          return fail_fatal (self, error);
        }
    }
  /* No kind, and no format: a dataset's own fields, read through a map
   * as a table's columns are; but a task whose kind was left out (its
   * responses are Rubric's, objects with their content) is a task file,
   * each such line "kind: missing". */
  if (self->format == NULL && !csv && !json_object_object_get_ex (object, "kind", NULL) &&
      !has_task_responses (object))
    {
      if (self->map != NULL && self->map[0] != NULL)
        self->format = rubric_format_reader_lookup ("json-map"), description = self->format->label;
      else
        {
          g_autofree char *fields = rubric_json_list_keys (object, 12);

          g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_UNSUPPORTED,
                       _("%s:%u: a record of the fields %s is neither a task (which has an id and a kind) nor "
                         "a format Rubric knows; name its fields with --map FIELD=NAME (id, prompt, system, response, "
                         "chosen, rejected, answer, label)"),
                       self->display_name, line, fields);
          return fail_fatal (self, error);
        }
    }
  if (self->format == NULL)
    self->format = rubric_format_reader_lookup ("rubric-tasks");
  self->format_description = description ? description : self->format->label;
  if (self->format->convert != NULL)
    start_converting (self);
  return TRUE;
}

/*
 * A record that does not fit the file's format but is another format
 * means a file of two formats: say so, naming both, rather than list
 * the fields that one format misses in every following record.
 */
static gboolean
check_mixed (RubricTaskReader  *self,
             json_object       *object,
             guint              line,
             GError           **error)
{
  const char *description = NULL;
  const RubricFormatReader *other;

  if (self->from != NULL)
    return TRUE;
  if (self->mode != MODE_CSV && is_native (object))
    other = rubric_format_reader_lookup ("rubric-tasks"), description = other->label;
  else
    other = rubric_format_detect (object, self->mode == MODE_CSV, &description);
  if (other == NULL || other == self->format)
    return TRUE;
  g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
               /* Translators: the file name, its line, the format of this record, the format of the first record and its line. */
               _("%s:%u: this record is %s, but the file began as %s (line %u); a file must hold one format"),
               self->display_name, line, description, self->format_description, self->format_line);
  return fail_fatal (self, error);
}

static gboolean
check_duplicate (RubricTaskReader *self,
                 json_object      *object,
                 guint             line)
{
  const char *id = rubric_json_get_string (object, "id");
  gpointer first;

  if (self->ids == NULL)
    return TRUE;
  if (g_hash_table_lookup_extended (self->ids, id, NULL, &first))
    {
      rubric_task_reader_add_problem (self, line, "id",
                                      g_strdup_printf (_("duplicate id “%s”, first used on line %u"), id,
                                                       GPOINTER_TO_UINT (first)));
      return FALSE;
    }
  g_hash_table_insert (self->ids, g_strdup (id), GUINT_TO_POINTER (line));
  return TRUE;
}

/* Returns 1 for a task, 0 for a skipped record (or one whose tasks
 * wait in the pending queue), -1 on a fatal error. */
static int
take_record (RubricTaskReader  *self,
             const char        *text,
             gsize              len,
             guint              line,
             json_object       *parsed,
             GError           **error)
{
  g_autoptr(json_object) object = parsed ? json_object_get (parsed) : parse_record (self, text, len, line);
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;
  gboolean first = !self->seen_record;

  self->seen_record = TRUE;
  if (object == NULL)
    return 0;

  if (first && self->mode == MODE_LINES && is_header (object) &&
      (self->from == NULL || strcmp (self->from, "rubric-tasks") == 0))
    return accept_header (self, object, line, error) ? 0 : -1;
  if (self->peek)
    {
      self->peeked = json_object_get (object);
      self->mode = MODE_DONE;
      return 0;
    }
  if (self->format == NULL && json_object_is_type (object, json_type_object) &&
      !choose_format (self, object, line, error))
    return -1;

  if (self->format != NULL && self->format->convert != NULL)
    {
      if (!json_object_is_type (object, json_type_object))
        {
          rubric_task_reader_add_problem (self, line, NULL,
                                          /* Translators: %s is the name of a format, such as “TRL preference pairs”. */
                                          g_strdup_printf (_("a record of %s must be a JSON object"), self->format->label));
          return 0;
        }
      guint n_problems = self->n_problems;

      self->conv.line = line;
      self->conv.n_here = 0;
      if (!self->format->convert (&self->conv, object) || self->n_problems > n_problems)
        {
          if (self->n_problems == n_problems)
            /* Translators: %s is the name of a format, such as “TRL preference pairs”. */
            rubric_task_reader_add_problem (self, line, NULL, g_strdup_printf (_("not a record of %s"), self->format->label));
          return check_mixed (self, object, line, error) ? 0 : -1;
        }
      return 0;
    }

  if ((reason = rubric_task_validate (object, &field)) != NULL)
    {
      if (!check_mixed (self, object, line, error))
        return -1;
      rubric_task_reader_add_problem (self, line, field, g_steal_pointer (&reason));
      return 0;
    }
  if (!check_duplicate (self, object, line))
    return 0;

  g_clear_pointer (&self->record.object, json_object_put);
  self->record.object = g_steal_pointer (&object);
  self->record.line = line;
  self->record.text = text;
  self->record.len = len;
  self->n_tasks++;
  return 1;
}

/* A converted task, checked like a task read from a task file. */
static gboolean
take_pending (RubricTaskReader *self)
{
  Pending *pending = g_queue_pop_head (&self->pending);
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;
  gboolean ok = FALSE;

  /* A lean reader's tasks go straight to a writer, which takes what it
   * needs of them: converters are tested to make valid tasks, and the
   * check is left to imports, which keep the tasks. */
  if (!self->no_text && (reason = rubric_task_validate (pending->object, &field)) != NULL)
    rubric_task_reader_add_problem (self, pending->line, field,
                                    /* Translators: the first %s is what is wrong with the task, the second the format of the record. */
                                    g_strdup_printf (_("%s (in the task made of this %s record)"), reason,
                                                     self->format->label));
  else if (self->no_text || check_duplicate (self, pending->object, pending->line))
    {
      g_clear_pointer (&self->record.object, json_object_put);
      self->record.object = json_object_get (pending->object);
      self->record.line = pending->line;
      g_string_truncate (self->record_text, 0);
      if (!self->no_text)
        rubric_json_append_value (self->record_text, pending->object);
      self->record.text = self->record_text->str;
      self->record.len = self->record_text->len;
      self->n_tasks++;
      ok = TRUE;
    }
  pending_free (pending);
  return ok;
}

static gboolean
accept_document_head (RubricTaskReader  *self,
                      GError           **error)
{
  g_autoptr(json_object) head = NULL;

  if (self->scan.top != '{')
    return TRUE;
  head = parse_record (self, self->scan.head->str, self->scan.head->len, 1);
  if (head == NULL)
    {
      RubricProblem *problem = g_ptr_array_steal_index (self->problems, self->problems->len - 1);

      self->n_problems--;
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s:1: file header: %s"),
                   self->display_name, problem->message);
      problem_free (problem);
      return FALSE;
    }
  if (!json_object_object_get_ex (head, "tasks", NULL))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("%s:1: tasks: missing; a task file that is one JSON object keeps its tasks in a “tasks” array"),
                   self->display_name);
      return FALSE;
    }
  if (!json_object_object_get_ex (head, "format", NULL))
    json_object_object_add (head, "format", json_object_new_string (RUBRIC_TASKS_FORMAT));
  return accept_header (self, head, 1, error);
}

/* Parsing ahead ------------------------------------------------------ */

/*
 * For a lean reader of JSONL, a thread reads and parses the lines while
 * the caller converts and writes what was parsed before: json-c's
 * parse is half the work of a conversion. Each parsed object passes
 * whole from the parser to the caller and is never touched by the
 * parser again (json-c counts references without atomics). Problems
 * the parser meets travel in the queue too, in line order.
 */
typedef struct
{
  guint        line;
  json_object *object;    /* NULL for a problem, the end or an error */
  char        *field;
  char        *message;   /* a problem of this line */
  GError      *error;     /* fatal */
  gboolean     end;
} Parsed;

/* Records pass in batches: one at a time, the two threads woke each
 * other for each record, and a conversion spent a quarter of its time
 * in the kernel doing so. */
#define PARSE_BATCH 64
#define PARSE_AHEAD 8 /* batches */

static void
parsed_free (Parsed *parsed)
{
  if (parsed == NULL)
    return;
  g_clear_pointer (&parsed->object, json_object_put);
  g_free (parsed->field);
  g_free (parsed->message);
  g_clear_error (&parsed->error);
  g_free (parsed);
}

static GPtrArray *
batch_new (void)
{
  return g_ptr_array_new_full (PARSE_BATCH, (GDestroyNotify) parsed_free);
}

/* The parser hands its batch over, once there is room. */
static gboolean
parsed_flush (RubricTaskReader *self)
{
  if (self->filling == NULL || self->filling->len == 0)
    return !g_atomic_int_get (&self->stop_parser);
  /* Wait for room; a reader being freed hands out tokens to let go. */
  g_async_queue_pop (self->slots);
  if (g_atomic_int_get (&self->stop_parser))
    {
      g_clear_pointer (&self->filling, g_ptr_array_unref);
      return FALSE;
    }
  g_async_queue_push (self->parsed, g_steal_pointer (&self->filling));
  return TRUE;
}

static gboolean
parsed_push (RubricTaskReader *self,
             Parsed           *parsed)
{
  if (self->filling == NULL)
    self->filling = batch_new ();
  g_ptr_array_add (self->filling, parsed);
  if (self->filling->len < PARSE_BATCH && !parsed->end && parsed->error == NULL)
    return !g_atomic_int_get (&self->stop_parser);
  return parsed_flush (self);
}

static void
parsed_push_problem (RubricTaskReader *self,
                     guint             line,
                     const char       *field,
                     char             *message)
{
  Parsed *parsed = g_new0 (Parsed, 1);

  parsed->line = line;
  parsed->field = g_strdup (field);
  parsed->message = message;
  parsed_push (self, parsed);
}

static gpointer
parser_thread (gpointer data)
{
  RubricTaskReader *self = data;

  parsing_for = self;

  while (!g_atomic_int_get (&self->stop_parser))
    {
      Parsed *parsed = g_new0 (Parsed, 1);
      const char *text;
      gsize len;
      guint line;

      if (!next_line (self, &text, &len, &line, NULL, &parsed->error))
        {
          parsed->end = parsed->error == NULL;
          parsed_push (self, parsed);
          break;
        }
      if (is_blank (text, len))
        {
          g_free (parsed);
          continue;
        }
      parsed->line = line;
      parsed->object = parse_record (self, text, len, line);
      if (parsed->object == NULL)
        {
          g_free (parsed);
          continue;
        }
      if (!parsed_push (self, parsed))
        break;
    }
  return NULL;
}

static void
start_parser (RubricTaskReader *self)
{
  self->parsed = g_async_queue_new_full ((GDestroyNotify) g_ptr_array_unref);
  self->slots = g_async_queue_new ();
  for (guint i = 0; i < PARSE_AHEAD; i++)
    g_async_queue_push (self->slots, GUINT_TO_POINTER (1));
  self->parser = g_thread_new ("rubric-parse", parser_thread, self);
}

static void
stop_parser (RubricTaskReader *self)
{
  if (self->parser == NULL)
    return;
  g_atomic_int_set (&self->stop_parser, TRUE);
  for (guint i = 0; i < 2; i++)
    g_async_queue_push (self->slots, GUINT_TO_POINTER (1));
  g_thread_join (self->parser);
  self->parser = NULL;
  g_clear_pointer (&self->filling, g_ptr_array_unref);
  g_clear_pointer (&self->taking, g_ptr_array_unref);
  g_clear_pointer (&self->parsed, g_async_queue_unref);
  g_clear_pointer (&self->slots, g_async_queue_unref);
}

/* The next record the parser has ready: 1 a task, 0 none (a problem, or
 * tasks pending), -1 an error, -2 the end. */
static int
next_parsed (RubricTaskReader  *self,
             GError           **error)
{
  Parsed *parsed;
  int taken;

  if (self->taking == NULL || self->taken_from == self->taking->len)
    {
      g_clear_pointer (&self->taking, g_ptr_array_unref);
      self->taking = g_async_queue_pop (self->parsed);
      self->taken_from = 0;
      g_async_queue_push (self->slots, GUINT_TO_POINTER (1));
    }
  /* Taken out of the batch: freed here, as before. */
  parsed = g_steal_pointer (&self->taking->pdata[self->taken_from++]);
  if (parsed->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parsed->error));
      parsed_free (parsed);
      return -1;
    }
  if (parsed->end)
    {
      parsed_free (parsed);
      return -2;
    }
  if (parsed->message != NULL)
    {
      rubric_task_reader_add_problem (self, parsed->line, parsed->field, g_steal_pointer (&parsed->message));
      parsed_free (parsed);
      /* The record was not taken, but it was seen. */
      self->seen_record = TRUE;
      return 0;
    }
  taken = take_record (self, "", 0, parsed->line, parsed->object, error);
  parsed_free (parsed);
  return taken;
}

/* CSV and TSV ------------------------------------------------------- */

/* Whether @name ends as JSON or JSON Lines files are named, compressed
 * or not. */
static gboolean
named_as_json (const char *name)
{
  static const char * const compressed[] = { "", ".gz", ".zst" };
  static const char * const json[] = { ".json", ".jsonl", ".ndjson" };

  for (guint i = 0; i < G_N_ELEMENTS (compressed); i++)
    for (guint j = 0; j < G_N_ELEMENTS (json); j++)
      {
        g_autofree char *suffix = g_strconcat (json[j], compressed[i], NULL);

        if (g_str_has_suffix (name, suffix))
          return TRUE;
      }
  return FALSE;
}

/* A file whose first character opens no JSON value is a table; so is
 * any file read --from a CSV format. A --map alone says nothing: JSON
 * formats (Label Studio, Argilla, Prodigy) take one too. A file named
 * as JSON is JSON whatever it starts with (an HTML page saved as
 * data.json was read as a table of one column, and held "no tasks"). */
static gboolean
looks_like_csv (RubricTaskReader *self,
                const char       *nl)
{
  const RubricFormatReader *from = rubric_format_reader_lookup (self->from);
  gsize i = self->pos;

  if (from != NULL)
    return from->csv;
  if (named_as_json (self->display_name))
    return FALSE;
  while (i < self->buf_len && is_space (self->buf[i]))
    i++;
  return i < self->buf_len && self->buf[i] != '{' && self->buf[i] != '[';
}

/* The delimiter is the one the header line holds more of, outside quotes. */
static char
sniff_delimiter (const char *text,
                 gsize       len)
{
  gboolean quoted = FALSE;
  guint tabs = 0, commas = 0, semicolons = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted && text[i] == '\t')
        tabs++;
      else if (!quoted && text[i] == ',')
        commas++;
      else if (!quoted && text[i] == ';')
        semicolons++;
    }
  if (tabs > commas && tabs >= semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

/* Spaces are part of a cell (RFC 4180); libcsv would drop them around
 * unquoted cells, and take a tab for one between cells of a TSV file. */
static int
csv_no_space (unsigned char c)
{
  return 0;
}

static void
csv_on_field (void   *text,
              size_t  len,
              void   *data)
{
  RubricTaskReader *self = data;
  const char *invalid = NULL;

  if (self->csv_row == NULL)
    self->csv_row = json_object_new_array ();
  self->csv_in_row = TRUE;
  /* The row's first unreadable cell makes it a problem (a cell over the
   * limit for a field too, as in JSON). */
  if (self->csv_bad_utf8 == NULL && len > self->max_field_size)
    {
      self->csv_bad_utf8 = g_strdup_printf (_("%.1f MB is over the %.1f MB limit for one field"),
                                            len / 1048576.0, self->max_field_size / 1048576.0);
      self->csv_bad_cell = json_object_array_length (self->csv_row);
      len = 0;
    }
  else if (!rubric_utf8_validate_len (text, len, &invalid) && self->csv_bad_utf8 == NULL)
    {
      self->csv_bad_utf8 = rubric_utf8_describe_invalid (text, invalid, TRUE);
      self->csv_bad_cell = json_object_array_length (self->csv_row);
    }
  json_object_array_add (self->csv_row, json_object_new_string_len (text, (int) len));
}

static void
csv_on_row (int   c,
            void *data)
{
  RubricTaskReader *self = data;
  Pending *row = g_new (Pending, 1);

  row->object = self->csv_row ? self->csv_row : json_object_new_array ();
  row->line = self->csv_row_line;
  if (self->csv_bad_utf8 != NULL)
    {
      json_object *column = self->csv_header ? json_object_array_get_idx (self->csv_header, self->csv_bad_cell) : NULL;
      g_autofree char *cell = g_strdup_printf (_("cell %zu"), self->csv_bad_cell + 1);

      /* A header that cannot be read is next_from_csv()'s to report. */
      if (self->csv_header == NULL && self->csv_n_rows == 0)
        self->csv_bad_header = g_steal_pointer (&self->csv_bad_utf8);
      else
        rubric_task_reader_add_problem (self, row->line, column ? json_object_get_string (column) : cell,
                                        g_steal_pointer (&self->csv_bad_utf8));
      json_object_put (row->object);
      row->object = NULL;
    }
  self->csv_row = NULL;
  self->csv_in_row = FALSE;
  self->csv_row_bytes = 0;
  self->csv_n_rows++;
  g_queue_push_tail (&self->csv_rows, row);
}

static gboolean
start_csv (RubricTaskReader  *self,
           const char        *nl,
           GError           **error)
{
  gsize len = (nl ? (gsize) (nl - self->buf) : self->buf_len) - self->pos;

  if (csv_init (&self->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL * 0) != 0)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: cannot start a CSV reader"), self->display_name);
      return FALSE;
    }
  csv_set_delim (&self->csv, sniff_delimiter (self->buf + self->pos, len));
  csv_set_space_func (&self->csv, csv_no_space);
  self->mode = MODE_CSV;
  return TRUE;
}

/* libcsv stopped, on the row that starts on @line: at the end of the
 * file (@at_end), only a quoted cell left open stops it. */
static gboolean
csv_fail (RubricTaskReader  *self,
          guint              line,
          gboolean           at_end,
          GError           **error)
{
  if (csv_error (&self->csv) == CSV_EPARSE && at_end)
    return fail_at (self, line, error,
                    _("a quoted cell of the row that starts here is not closed before the end of the file"));
  if (csv_error (&self->csv) == CSV_EPARSE)
    return fail_at (self, line, error,
                    _("the row that starts here has a quote where a cell cannot have one: inside a cell "
                      "not in quotes, or after a quoted cell's closing quote (a quote inside a quoted cell is "
                      "written twice: \"\")"));
  return fail_at (self, line, error, _("the CSV row that starts here is malformed: %s"),
                  csv_strerror (csv_error (&self->csv)));
}

/*
 * Feeds libcsv a line at a time, so that each row knows the line it
 * starts on; a quoted cell may hold line breaks, and rows may end in
 * CRLF. Returns the next row, or NULL at the end or on an error.
 */
static Pending *
next_csv_row (RubricTaskReader  *self,
              GCancellable      *cancellable,
              GError           **error)
{
  while (g_queue_is_empty (&self->csv_rows))
    {
      const char *text;
      gsize len;
      guint line;
      char *start;
      char *nl;

      if (self->eof && self->pos >= self->buf_len)
        {
          if (self->csv_done)
            return NULL;
          self->csv_done = TRUE;
          if (csv_fini (&self->csv, csv_on_field, csv_on_row, self) != 0)
            {
              csv_fail (self, self->csv_row_line, TRUE, error);
              return NULL;
            }
          continue;
        }
      start = self->buf + self->pos;
      nl = memchr (start, '\n', self->buf_len - self->pos);
      if (nl == NULL && !self->eof)
        {
          /* A line is held whole: one without end cannot have memory. */
          if (self->buf_len - self->pos > self->max_record_size)
            {
              g_autofree char *message = line_too_long (self);

              fail_at (self, self->line, error, "%s", message);
              return NULL;
            }
          if (!fill (self, cancellable, error))
            return NULL;
          continue;
        }
      len = nl ? (gsize) (nl - start) + 1 : self->buf_len - self->pos;
      text = start;
      line = self->line++;
      self->pos += len;
      /* A row starts on the first line that is not blank, even when
       * its first cell, quoted, goes on past the line's end. */
      if (!self->csv_in_row)
        {
          self->csv_row_line = line;
          for (gsize i = 0; i < len && !self->csv_in_row; i++)
            self->csv_in_row = text[i] != '\r' && text[i] != '\n';
        }
      /* libcsv holds a row's cells until the row ends: a quoted cell
       * left open would hold the rest of the file. */
      self->csv_row_bytes += len;
      if (self->csv_row_bytes > self->max_record_size)
        {
          fail_at (self, self->csv_row_line, error,
                   _("the row that starts here is longer than the %zu MB limit for a task; is a quoted cell not closed?"),
                   self->max_record_size / (1024 * 1024));
          return NULL;
        }
      if (csv_parse (&self->csv, text, len, csv_on_field, csv_on_row, self) != len)
        {
          csv_fail (self, self->csv_row_line, FALSE, error);
          return NULL;
        }
    }
  return g_queue_pop_head (&self->csv_rows);
}

/* A row keyed by the header's column names; the columns a short row
 * does not reach are null. */
static json_object *
csv_record (RubricTaskReader *self,
            Pending          *row)
{
  gsize n_header = json_object_array_length (self->csv_header);
  gsize n = json_object_array_length (row->object);
  json_object *record;

  if (n > n_header)
    {
      rubric_task_reader_add_problem (self, row->line, NULL,
                                      g_strdup_printf (_("the row has %zu cells, the header %zu"), n, n_header));
      return NULL;
    }
  record = json_object_new_object ();
  for (gsize i = 0; i < n_header; i++)
    {
      const char *column = json_object_get_string (json_object_array_get_idx (self->csv_header, i));

      if (!json_object_object_get_ex (record, column, NULL))
        json_object_object_add (record, column, i < n ? json_object_get (json_object_array_get_idx (row->object, i)) : NULL);
    }
  return record;
}

static int
next_from_csv (RubricTaskReader  *self,
               GCancellable      *cancellable,
               GError           **error)
{
  Pending *row = next_csv_row (self, cancellable, error);
  g_autoptr(json_object) record = NULL;
  guint line;
  int taken;

  if (row == NULL)
    return (error != NULL && *error != NULL) ? -1 : -2;
  line = row->line;
  if (row->object == NULL && self->csv_header == NULL)
    {
      fail_at (self, line, error, _("the header: %s"),
               self->csv_bad_header ? self->csv_bad_header : _("cannot be read"));
      pending_free (row);
      return -1;
    }
  if (row->object == NULL)
    {
      pending_free (row);
      return 0;
    }
  if (self->csv_header == NULL)
    {
      self->csv_header = json_object_get (row->object);
      pending_free (row);
      return 0;
    }
  if (json_object_array_length (row->object) == 1 &&
      json_object_get_string_len (json_object_array_get_idx (row->object, 0)) == 0)
    {
      pending_free (row);
      return 0;
    }
  record = csv_record (self, row);
  pending_free (row);
  if (record == NULL)
    return 0;
  if (self->peek)
    {
      self->peeked = g_steal_pointer (&record);
      return -2;
    }
  taken = take_record (self, NULL, 0, line, record, error);
  return taken;
}

/* A first line that opens and closes like a whole object is meant as
 * JSONL even when it is broken; a pretty-printed document's first line
 * does not close. */
static gboolean
looks_like_one_line (const char *text,
                     gsize       len)
{
  while (len > 0 && is_space (text[len - 1]))
    len--;
  while (len > 0 && is_space (*text))
    text++, len--;
  return len > 1 && (text[len - 1] == '}' || text[len - 1] == ']');
}

/*
 * The first line decides: a complete JSON value on it means JSONL (or
 * a document small enough to sit on one line); anything else is a
 * document spread over lines, which the scanner streams.
 */
static gboolean
detect_mode (RubricTaskReader  *self,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(json_object) first = NULL;
  const char *nl;
  gsize len;

  for (;;)
    {
      nl = memchr (self->buf, '\n', self->buf_len);
      if (nl != NULL || self->eof || self->buf_len > self->max_record_size)
        break;
      if (!fill (self, cancellable, error))
        return FALSE;
    }

  if (self->buf_len >= 3 && memcmp (self->buf, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;

  if (looks_like_csv (self, nl))
    return start_csv (self, nl, error);

  if (nl == NULL && !self->eof)
    {
      self->mode = MODE_DOCUMENT;
      return TRUE;
    }

  len = (nl ? (gsize) (nl - self->buf) : self->buf_len) - self->pos;
  /* A first line of millions of values is read by lines, and refused. */
  if (len > VALUE_COUNT_FROM && count_values (self->buf + self->pos, len) > MAX_VALUES)
    {
      self->mode = MODE_LINES;
      return TRUE;
    }
  rubric_json_tokener_reset (self->tok);
  first = json_tokener_parse_ex (self->tok, self->buf + self->pos, (int) len);

  if (first == NULL && json_tokener_get_error (self->tok) == json_tokener_continue &&
      !looks_like_one_line (self->buf + self->pos, len))
    self->mode = MODE_DOCUMENT;
  else if (json_object_is_type (first, json_type_array))
    self->mode = MODE_MEMORY, self->memory_tasks = g_steal_pointer (&first);
  else if (rubric_json_get_typed (first, "tasks", json_type_array) != NULL)
    {
      self->mode = MODE_MEMORY;
      self->memory_tasks = json_object_get (rubric_json_get_typed (first, "tasks", json_type_array));
      if (!json_object_object_get_ex (first, "format", NULL))
        json_object_object_add (first, "format", json_object_new_string (RUBRIC_TASKS_FORMAT));
      if (!accept_header (self, first, 1, error))
        return FALSE;
    }
  else
    self->mode = MODE_LINES;

  if (self->mode == MODE_MEMORY)
    self->pos += len;
  return TRUE;
}

/* A one-line document must still end with its line. */
static gboolean
drain (RubricTaskReader  *self,
       GCancellable      *cancellable,
       GError           **error)
{
  while (!self->eof)
    {
      if (!is_blank (self->buf + self->pos, self->buf_len - self->pos))
        break;
      self->pos = self->buf_len;
      if (!fill (self, cancellable, error))
        return FALSE;
    }
  if (!is_blank (self->buf + self->pos, self->buf_len - self->pos))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("%s:2: unexpected text after the JSON document"), self->display_name);
      return FALSE;
    }
  return TRUE;
}

static int
next_from_memory (RubricTaskReader *self,
                  GError          **error)
{
  json_object *element = json_object_array_get_idx (self->memory_tasks, self->memory_index++);

  if (element == NULL)
    {
      rubric_task_reader_add_problem (self, 1, NULL, g_strdup (_("a task must be a JSON object, not null")));
      return 0;
    }
  g_string_truncate (self->record_text, 0);
  rubric_json_append_value (self->record_text, element);
  return take_record (self, self->record_text->str, self->record_text->len, 1, element, error);
}

/* Reads up to the next native task, or to the next record that was
 * converted into pending tasks. */
static const RubricTaskRecord *
read_next (RubricTaskReader  *self,
           GCancellable      *cancellable,
           GError           **error)
{
  if (self->mode == MODE_UNKNOWN && !detect_mode (self, cancellable, error))
    return NULL;

  for (;;)
    {
      const char *text;
      gsize len;
      guint line;
      gboolean element;
      int taken;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      switch (self->mode)
        {
        case MODE_LINES:
          if (self->no_text && self->parser == NULL)
            start_parser (self);
          if (self->parser != NULL)
            {
              taken = next_parsed (self, error);
              if (taken == -2)
                {
                  self->mode = MODE_DONE;
                  return NULL;
                }
              break;
            }
          if (!next_line (self, &text, &len, &line, cancellable, error))
            {
              if (error == NULL || *error == NULL)
                self->mode = MODE_DONE;
              return NULL;
            }
          if (is_blank (text, len))
            continue;
          taken = take_record (self, text, len, line, NULL, error);
          break;

        case MODE_DOCUMENT:
          if (!scan_document (self, &element, cancellable, error))
            return NULL;
          if (self->mode == MODE_LINES)
            continue;   /* no document: a JSONL file with a first line too long */
          if (!element)
            {
              self->mode = MODE_DONE;
              if (!accept_document_head (self, error))
                return NULL;
              return NULL;
            }
          taken = take_record (self, self->scan.element->str, self->scan.element->len,
                               self->scan.element_line, NULL, error);
          break;

        case MODE_MEMORY:
          if (self->memory_index >= json_object_array_length (self->memory_tasks))
            {
              self->mode = MODE_DONE;
              drain (self, cancellable, error);
              return NULL;
            }
          taken = next_from_memory (self, error);
          break;

        case MODE_CSV:
          taken = next_from_csv (self, cancellable, error);
          if (taken == -2)
            {
              self->mode = MODE_DONE;
              return NULL;
            }
          break;

        case MODE_DONE:
        case MODE_UNKNOWN:
        default:
          return NULL;
        }

      if (taken < 0)
        return NULL;
      if (taken == 1)
        return &self->record;
      if (!g_queue_is_empty (&self->pending))
        return NULL;
    }
}

/**
 * rubric_task_reader_next:
 *
 * Reads up to the next valid task; invalid ones are collected as
 * problems on the way. A file in another format is converted as it is
 * read, a record at a time.
 *
 * Returns: (nullable): the next task, valid until the next call, or
 *   %NULL at the end or on a fatal error (with @error set)
 */
const RubricTaskRecord *
rubric_task_reader_next (RubricTaskReader  *self,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      const RubricTaskRecord *record;

      while (!g_queue_is_empty (&self->pending))
        {
          if (take_pending (self))
            return &self->record;
        }
      if (self->mode == MODE_DONE)
        {
          if (self->finished || self->format == NULL || self->format->finish == NULL)
            return NULL;
          self->finished = TRUE;
          self->conv.line = self->line;
          self->conv.n_here = 0;
          self->format->finish (&self->conv);
          continue;
        }
      record = read_next (self, cancellable, &local_error);
      if (local_error != NULL)
        {
          self->finished = TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (record != NULL)
        return record;
    }
}

/**
 * rubric_task_reader_get_header:
 *
 * Returns: (nullable) (transfer none): the file's header object
 *   (name, guidelines, rubric, settings), complete once reading ended
 */
json_object *
rubric_task_reader_get_header (RubricTaskReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->header;
}

const char *
rubric_task_reader_get_display_name (RubricTaskReader *self)
{
  return self->display_name;
}

guint64
rubric_task_reader_get_bytes_read (RubricTaskReader *self)
{
  return (gsize) g_atomic_pointer_get (&self->bytes_read);
}

/* Only meaningful once the whole stream was read. */
const char *
rubric_task_reader_get_checksum (RubricTaskReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_return_val_if_fail (self->checksum != NULL, NULL);
  return rubric_hasher_finish (self->checksum);
}

guint
rubric_task_reader_get_n_tasks (RubricTaskReader *self)
{
  return self->n_tasks;
}

guint
rubric_task_reader_get_n_problems (RubricTaskReader *self)
{
  return self->n_problems;
}

GPtrArray *
rubric_task_reader_get_problems (RubricTaskReader *self)
{
  return self->problems;
}

/* A table's columns, read before it is read through a map ----------- */

static GStrv
table_cells (json_object *header,
             json_object *record)
{
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();

  for (gsize i = 0; i < json_object_array_length (header); i++)
    {
      const char *column = json_object_get_string (json_object_array_get_idx (header, i));
      json_object *value = record ? json_object_object_get (record, column) : NULL;

      g_strv_builder_add (cells, record == NULL ? column : value ? json_object_get_string (value) : "");
    }
  return g_strv_builder_end (cells);
}

/* JSON records are a table when the first one is no task and no
 * format: its fields are the columns, its values the first row (text
 * as it is, other values as JSON). */
static RubricTable *
peek_records (RubricTaskReader  *reader,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();
  json_object *record;
  RubricTable *table;

  rubric_task_reader_next (reader, cancellable, &local_error);
  record = reader->peeked;
  if (record == NULL || !json_object_is_type (record, json_type_object) ||
      json_object_object_get_ex (record, "kind", NULL) || is_native (record) || has_task_responses (record) ||
      rubric_format_detect (record, FALSE, NULL) != NULL)
    {
      if (local_error != NULL && record == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  json_object_object_foreach (record, name, value)
    {
      g_strv_builder_add (columns, name);
      g_strv_builder_add (cells, value == NULL ? "" : json_object_is_type (value, json_type_string)
                                                      ? json_object_get_string (value)
                                                      : json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
    }
  table = g_new0 (RubricTable, 1);
  table->columns = g_strv_builder_end (columns);
  table->first_row = g_strv_builder_end (cells);
  table->needs_map = TRUE;
  table->records = TRUE;
  return table;
}

/**
 * rubric_table_peek:
 * @path: a task file or dataset, compressed or not
 *
 * Reads a CSV or TSV file's header and its first row, and no further:
 * what a person names the columns from when the file's columns are no
 * format Rubric knows (or, as in Label Studio's CSV export, do not say
 * which holds the prompt). A file of JSON records is read as a table
 * when its first record is no task and no format: its fields are the
 * columns.
 *
 * Returns: (nullable): the table, or %NULL when the file is not one,
 *   with @error set only if it could not be read
 */
RubricTable *
rubric_table_peek (const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, error);
  const RubricFormatReader *format = NULL;
  RubricTable *table;

  if (reader == NULL || !detect_mode (reader, cancellable, error))
    return NULL;
  reader->peek = TRUE;
  if (reader->mode != MODE_CSV)
    return peek_records (reader, cancellable, error);
  while (reader->mode == MODE_CSV && reader->peeked == NULL)
    {
      int taken = next_from_csv (reader, cancellable, error);

      if (taken == -1)
        return NULL;
      if (taken == -2)
        break;
    }
  if (reader->csv_header == NULL)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: the file is empty"), reader->display_name);
      return NULL;
    }

  table = g_new0 (RubricTable, 1);
  table->columns = table_cells (reader->csv_header, NULL);
  if (reader->peeked != NULL)
    {
      format = rubric_format_detect (reader->peeked, TRUE, NULL);
      table->first_row = table_cells (reader->csv_header, reader->peeked);
      table->format = format ? g_strdup (format->id) : NULL;
    }
  table->needs_map = format == NULL || strcmp (format->id, "labelstudio-csv") == 0;
  return table;
}

void
rubric_table_free (RubricTable *table)
{
  if (table == NULL)
    return;
  g_strfreev (table->columns);
  g_strfreev (table->first_row);
  g_free (table->format);
  g_free (table);
}
