/* rubric-atomic-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-atomic-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "rubric-atomic-file.h"

/*
 * The data goes to a temporary file beside the target, is synced, and
 * is renamed over the target: a reader sees the old file or the new
 * one, never half of one, and a crash leaves the old one in place.
 */
struct _RubricAtomicFile
{
  char *path;
  char *tmp_path;
  int   fd;
};

static gboolean
fail_errno (GError     **error,
            const char  *what,
            const char  *path)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s %s: %s", what, path, g_strerror (saved));
  return FALSE;
}

RubricAtomicFile *
rubric_atomic_file_new (const char  *path,
                        GError     **error)
{
  RubricAtomicFile *self = g_new0 (RubricAtomicFile, 1);

  self->path = g_strdup (path);
  self->tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  self->fd = g_mkstemp_full (self->tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (self->fd < 0)
    {
      fail_errno (error, "Could not write", path);
      g_clear_pointer (&self->tmp_path, g_free);
      rubric_atomic_file_free (self);
      return NULL;
    }
  return self;
}

gboolean
rubric_atomic_file_write (RubricAtomicFile  *self,
                          const char        *data,
                          gsize              len,
                          GError           **error)
{
  while (len > 0)
    {
      gssize n = write (self->fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail_errno (error, "Could not write", self->path);
      data += n;
      len -= n;
    }
  return TRUE;
}

static void
sync_parent (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
rubric_atomic_file_commit (RubricAtomicFile  *self,
                           GError           **error)
{
  if (fsync (self->fd) != 0)
    return fail_errno (error, "Could not save", self->path);
  if (close (self->fd) != 0)
    {
      self->fd = -1;
      return fail_errno (error, "Could not save", self->path);
    }
  self->fd = -1;
  if (g_rename (self->tmp_path, self->path) != 0)
    return fail_errno (error, "Could not save", self->path);
  g_clear_pointer (&self->tmp_path, g_free);
  sync_parent (self->path);
  return TRUE;
}

/* Freeing an uncommitted file removes the temporary file. */
void
rubric_atomic_file_free (RubricAtomicFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self);
}

/**
 * rubric_atomic_file_write_all:
 * @path: the file to write, whole or not at all; "-" for standard output
 *
 * Writes @data in one go: what the commands that build their whole
 * output first (merge, report) need.
 */
gboolean
rubric_atomic_file_write_all (const char  *path,
                              const char  *data,
                              gsize        len,
                              GError     **error)
{
  g_autoptr(RubricAtomicFile) file = NULL;

  if (g_strcmp0 (path, "-") == 0)
    {
      if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot write to standard output: %s",
                       g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  return (file = rubric_atomic_file_new (path, error)) != NULL &&
         rubric_atomic_file_write (file, data, len, error) &&
         rubric_atomic_file_commit (file, error);
}
