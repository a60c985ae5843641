/* rubric-hasher.c — a SHA-256 of a stream, computed beside its reading
 *
 * An import reads, checks and parses a file on one thread while the
 * workspace writes on another; the file's SHA-256 on the reading thread
 * took as long as its parse. Here the first piece is hashed where it
 * is read (a small file never starts a thread), the rest on a thread
 * of its own, in order, with at most MAX_PENDING pieces waiting. Where
 * the processor computes SHA-256 itself (rubric-sha256.c), every piece
 * is hashed where it is read: that costs less than handing it over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-hasher.h"
#include "rubric-sha256.h"

#define MAX_PENDING 8

struct _RubricHasher
{
  RubricSha256 *checksum;
  gboolean     started;     /* a piece was hashed where it was read */
  GThread     *thread;
  GAsyncQueue *pieces;      /* GBytes, and an empty one at the end */
  GMutex       lock;
  GCond        room;
  guint        pending;
};

static gpointer
hash_thread (gpointer data)
{
  RubricHasher *self = data;

  for (;;)
    {
      GBytes *piece = g_async_queue_pop (self->pieces);
      gsize len;
      const guchar *bytes = g_bytes_get_data (piece, &len);

      if (len == 0)
        {
          g_bytes_unref (piece);
          return NULL;
        }
      rubric_sha256_update (self->checksum, bytes, len);
      g_bytes_unref (piece);
      g_mutex_lock (&self->lock);
      self->pending--;
      g_cond_signal (&self->room);
      g_mutex_unlock (&self->lock);
    }
}

RubricHasher *
rubric_hasher_new (void)
{
  RubricHasher *self = g_new0 (RubricHasher, 1);

  self->checksum = rubric_sha256_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->room);
  return self;
}

/**
 * rubric_hasher_update:
 *
 * Adds @len bytes of @data, which the caller may reuse on return.
 */
void
rubric_hasher_update (RubricHasher *self,
                      const void   *data,
                      gsize         len)
{
  g_return_if_fail (self != NULL);

  if (len == 0)
    return;
  if (!self->started || rubric_sha256_is_fast ())
    {
      self->started = TRUE;
      rubric_sha256_update (self->checksum, data, len);
      return;
    }
  if (self->thread == NULL)
    {
      self->pieces = g_async_queue_new ();
      self->thread = g_thread_new ("rubric-hash", hash_thread, self);
    }
  g_mutex_lock (&self->lock);
  while (self->pending >= MAX_PENDING)
    g_cond_wait (&self->room, &self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  g_async_queue_push (self->pieces, g_bytes_new (data, len));
}

static void
stop (RubricHasher *self)
{
  if (self->thread == NULL)
    return;
  g_async_queue_push (self->pieces, g_bytes_new (NULL, 0));
  g_thread_join (g_steal_pointer (&self->thread));
}

/**
 * rubric_hasher_finish:
 *
 * Returns: the SHA-256 of everything added, in hexadecimal; owned by
 *   @self, which takes nothing more
 */
const char *
rubric_hasher_finish (RubricHasher *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  stop (self);
  return rubric_sha256_get_string (self->checksum);
}

void
rubric_hasher_free (RubricHasher *self)
{
  if (self == NULL)
    return;
  stop (self);
  g_clear_pointer (&self->pieces, g_async_queue_unref);
  rubric_sha256_free (self->checksum);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->room);
  g_free (self);
}
