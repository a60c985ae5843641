/* rubric-decompress.h — gzip and zstd files, and UTF-16 text, read as if they were plain UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_ZSTD_DECOMPRESSOR (rubric_zstd_decompressor_get_type ())
G_DECLARE_FINAL_TYPE (RubricZstdDecompressor, rubric_zstd_decompressor, RUBRIC, ZSTD_DECOMPRESSOR, GObject)

GConverter   *rubric_zstd_decompressor_new (void);
GInputStream *rubric_decompress_stream     (GInputStream  *stream,
                                            const char   **compression,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_END_DECLS
