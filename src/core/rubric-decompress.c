/* rubric-decompress.c
 *
 * A compressed file is recognised by its first bytes, not its name,
 * and decompressed as it is read: gzip through GIO's zlib converter,
 * zstd through libzstd's streaming API wrapped as a GConverter. Text in
 * UTF-16 is recognised by its byte order mark and read as UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-decompress"

#include "config.h"

#include <glib/gi18n.h>
#include <zstd.h>

#include "rubric-decompress.h"

struct _RubricZstdDecompressor
{
  GObject    parent_instance;
  ZSTD_DStream *stream;
  gboolean   in_frame;    /* a frame was started and has not ended */
};

static void converter_iface_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RubricZstdDecompressor, rubric_zstd_decompressor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER, converter_iface_init))

static GConverterResult
zstd_convert (GConverter      *converter,
              const void      *inbuf,
              gsize            inbuf_size,
              void            *outbuf,
              gsize            outbuf_size,
              GConverterFlags  flags,
              gsize           *bytes_read,
              gsize           *bytes_written,
              GError         **error)
{
  RubricZstdDecompressor *self = RUBRIC_ZSTD_DECOMPRESSOR (converter);
  ZSTD_inBuffer in = { inbuf, inbuf_size, 0 };
  ZSTD_outBuffer out = { outbuf, outbuf_size, 0 };
  size_t ret;

  ret = ZSTD_decompressStream (self->stream, &out, &in);
  if (ZSTD_isError (ret))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the zstd data is damaged: %s"), ZSTD_getErrorName (ret));
      return G_CONVERTER_ERROR;
    }
  *bytes_read = in.pos;
  *bytes_written = out.pos;

  if (in.pos == 0 && out.pos == 0)
    {
      if (flags & G_CONVERTER_INPUT_AT_END)
        {
          if (!self->in_frame)
            return G_CONVERTER_FINISHED;
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("the zstd data ends in the middle of a frame"));
          return G_CONVERTER_ERROR;
        }
      if (out.pos == outbuf_size)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("no room to decompress into"));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, _("more zstd data needed"));
      return G_CONVERTER_ERROR;
    }
  /* 0: a frame ended and everything it held was written out. */
  self->in_frame = ret != 0;
  if (!self->in_frame && in.pos == inbuf_size && (flags & G_CONVERTER_INPUT_AT_END))
    return G_CONVERTER_FINISHED;
  return G_CONVERTER_CONVERTED;
}

static void
zstd_reset (GConverter *converter)
{
  RubricZstdDecompressor *self = RUBRIC_ZSTD_DECOMPRESSOR (converter);

  ZSTD_DCtx_reset (self->stream, ZSTD_reset_session_only);
  self->in_frame = FALSE;
}

static void
converter_iface_init (GConverterIface *iface)
{
  iface->convert = zstd_convert;
  iface->reset = zstd_reset;
}

static void
rubric_zstd_decompressor_finalize (GObject *object)
{
  RubricZstdDecompressor *self = RUBRIC_ZSTD_DECOMPRESSOR (object);

  ZSTD_freeDStream (self->stream);
  G_OBJECT_CLASS (rubric_zstd_decompressor_parent_class)->finalize (object);
}

static void
rubric_zstd_decompressor_class_init (RubricZstdDecompressorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rubric_zstd_decompressor_finalize;
}

static void
rubric_zstd_decompressor_init (RubricZstdDecompressor *self)
{
  self->stream = ZSTD_createDStream ();
  ZSTD_initDStream (self->stream);
}

GConverter *
rubric_zstd_decompressor_new (void)
{
  return g_object_new (RUBRIC_TYPE_ZSTD_DECOMPRESSOR, NULL);
}

/* Up to @want bytes of @buffered's head, read without taking them;
 * fewer at the end of the stream, NULL on an error. */
static const guchar *
peek_head (GBufferedInputStream  *buffered,
           gsize                  want,
           gsize                 *available,
           GCancellable          *cancellable,
           GError               **error)
{
  for (;;)
    {
      const guchar *head = g_buffered_input_stream_peek_buffer (buffered, available);
      gssize n;

      if (*available >= want)
        return head;
      n = g_buffered_input_stream_fill (buffered, (gssize) (want - *available), cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        return g_buffered_input_stream_peek_buffer (buffered, available);
    }
}

/* Text saved as UTF-16 (Excel's "Unicode Text", many Windows tools)
 * starts with its byte order mark: it is read as UTF-8, without the
 * mark, every character as it was. */
static GInputStream *
decode_utf16 (GInputStream  *stream,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GInputStream) buffered = G_IS_BUFFERED_INPUT_STREAM (stream) ? g_object_ref (stream)
                                                                         : g_buffered_input_stream_new (stream);
  g_autoptr(GCharsetConverter) converter = NULL;
  const char *encoding = NULL;
  const guchar *head;
  gsize available = 0;

  if (!(head = peek_head (G_BUFFERED_INPUT_STREAM (buffered), 4, &available, cancellable, error)))
    return NULL;
  /* FF FE 00 00 is UTF-32's mark, which this is not. */
  if (available >= 2 && head[0] == 0xff && head[1] == 0xfe && !(available >= 4 && head[2] == 0 && head[3] == 0))
    encoding = "UTF-16LE";
  else if (available >= 2 && head[0] == 0xfe && head[1] == 0xff)
    encoding = "UTF-16BE";
  if (encoding == NULL)
    return g_steal_pointer (&buffered);
  if (g_input_stream_skip (buffered, 2, cancellable, error) != 2 ||
      !(converter = g_charset_converter_new ("UTF-8", encoding, error)))
    return NULL;
  return g_converter_input_stream_new (buffered, G_CONVERTER (converter));
}

/**
 * rubric_decompress_stream:
 * @compression: (out) (optional): "gzip", "zstd" or %NULL
 *
 * Returns: (transfer full) (nullable): a stream of @stream's plain
 *   content, as UTF-8 if it was UTF-16 with its byte order mark, or
 *   %NULL if it could not be read
 */
GInputStream *
rubric_decompress_stream (GInputStream  *stream,
                          const char   **compression,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GInputStream) buffered = g_buffered_input_stream_new (stream);
  g_autoptr(GConverter) converter = NULL;
  g_autoptr(GInputStream) plain = NULL;
  const guchar *head;
  gsize available = 0;
  const char *found = NULL;

  if (!(head = peek_head (G_BUFFERED_INPUT_STREAM (buffered), 4, &available, cancellable, error)))
    return NULL;
  if (available >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    {
      found = "gzip";
      converter = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
    }
  else if (available >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
    {
      found = "zstd";
      converter = rubric_zstd_decompressor_new ();
    }
  if (compression != NULL)
    *compression = found;
  plain = converter ? g_converter_input_stream_new (buffered, converter) : g_steal_pointer (&buffered);
  return decode_utf16 (plain, cancellable, error);
}
