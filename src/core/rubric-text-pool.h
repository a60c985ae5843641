/* rubric-text-pool.h — many short-lived texts in one buffer
 *
 * A batch of rows read in one place and used in another (an import's
 * tasks, an export's rows) keeps its texts one after another in a
 * GByteArray, each with its NUL, and each row the offsets: one
 * allocation for the batch instead of one for each text, and the
 * buffer is kept from one batch to the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The offset of no text (a NULL). */
#define RUBRIC_NO_TEXT G_MAXSIZE

/* Adds @len bytes of @text and a NUL to @pool; returns where they are,
 * or RUBRIC_NO_TEXT for a NULL @text. */
static inline gsize
rubric_text_pool_add (GByteArray *pool,
                      const char *text,
                      gsize       len)
{
  gsize at = pool->len;

  if (text == NULL)
    return RUBRIC_NO_TEXT;
  g_byte_array_append (pool, (const guint8 *) text, len);
  g_byte_array_append (pool, (const guint8 *) "", 1);
  return at;
}

/* The text at @at, NUL-terminated; NULL for RUBRIC_NO_TEXT. Valid until
 * @pool grows again. */
static inline const char *
rubric_text_pool_get (const GByteArray *pool,
                      gsize             at)
{
  return at == RUBRIC_NO_TEXT ? NULL : (const char *) pool->data + at;
}

G_END_DECLS
