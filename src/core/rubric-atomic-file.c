/* rubric-atomic-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-atomic-file"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rubric-atomic-file.h"

/*
 * The data goes to a temporary file beside the target, is synced, and
 * is renamed over the target: a reader sees the old file or the new
 * one, never half of one, and a crash leaves the old one in place.
 */
struct _RubricAtomicFile
{
  char     *path;       /* where it goes: a symlink's target */
  char     *tmp_path;
  int       fd;
  gboolean  to_stdout;
};

/* Set by rubric-cli --force: replace what is not a regular file we may
 * write (a device, a pipe, a read-only file). Nothing else sets it. */
static gboolean force_replace;

void
rubric_atomic_file_set_force (gboolean force)
{
  force_replace = force;
}

static gboolean
fail_errno (GError     **error,
            gboolean     saving,
            const char  *path)
{
  int saved = errno;

  /* Translators: the first %s is a file name, the second why it failed. */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), saving ? _("Could not save %s: %s") : _("Could not write %s: %s"),
               path, g_strerror (saved));
  return FALSE;
}

/* Where writing @path lands: through symlinks to their final target,
 * which may not exist yet. */
static char *
resolve_target (const char  *path,
                GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      GStatBuf st;
      g_autofree char *link = NULL;
      g_autofree char *dir = NULL;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      if (!(link = g_file_read_link (current, error)))
        return NULL;
      if (g_path_is_absolute (link))
        {
          g_free (current);
          current = g_steal_pointer (&link);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, link, NULL);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS, _("%s: too many levels of symbolic links"), path);
  return NULL;
}

/* Whether @target may be replaced; its mode, to keep, if it exists. */
static gboolean
check_target (const char  *path,
              const char  *target,
              mode_t      *mode,
              gboolean    *exists,
              GError     **error)
{
  GStatBuf st;

  *exists = FALSE;
  if (g_stat (target, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      return fail_errno (error, FALSE, path);
    }
  *exists = TRUE;
  *mode = st.st_mode & 07777;
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s is a folder; nothing was written"), path);
      return FALSE;
    }
  if (force_replace)
    return TRUE;
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s is not a regular file (a device, a pipe or a socket); nothing was written "
                   "(--force replaces it)"), path);
      return FALSE;
    }
  if ((st.st_mode & 0222) == 0 || (getuid () != 0 && g_access (target, W_OK) != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s is read-only; nothing was written (--force replaces it)"), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * rubric_atomic_file_new:
 * @path: the file to write; "-" for standard output
 *
 * Starts writing @path: into a temporary file beside it, renamed over
 * it at the commit. A symlink is written through, at its target; an
 * existing file keeps its mode. A folder is refused, and so are a
 * device, a pipe, a socket and a read-only file unless
 * rubric_atomic_file_set_force() said otherwise; then nothing changes.
 */
RubricAtomicFile *
rubric_atomic_file_new (const char  *path,
                        GError     **error)
{
  return rubric_atomic_file_new_with_mode (path, 0644, error);
}

/**
 * rubric_atomic_file_new_with_mode:
 * @new_mode: the mode @path gets if it does not exist yet (0600 for a
 *   private file); an existing file keeps its own
 *
 * As rubric_atomic_file_new().
 */
RubricAtomicFile *
rubric_atomic_file_new_with_mode (const char  *path,
                                  mode_t       new_mode,
                                  GError     **error)
{
  g_autoptr(RubricAtomicFile) self = g_new0 (RubricAtomicFile, 1);
  mode_t mode = new_mode;
  gboolean exists;

  self->fd = -1;
  if (g_strcmp0 (path, "-") == 0)
    {
      self->path = g_strdup ("standard output");
      self->to_stdout = TRUE;
      /* What was printed before comes first. */
      fflush (stdout);
      self->fd = STDOUT_FILENO;
      return g_steal_pointer (&self);
    }
  if (!(self->path = resolve_target (path, error)) ||
      !check_target (path, self->path, &mode, &exists, error))
    return NULL;
  self->tmp_path = g_strdup_printf ("%s.XXXXXX", self->path);
  self->fd = g_mkstemp_full (self->tmp_path, O_WRONLY | O_CLOEXEC, new_mode);
  if (self->fd < 0)
    {
      g_clear_pointer (&self->tmp_path, g_free);
      fail_errno (error, FALSE, path);
      return NULL;
    }
  /* A new file gets @new_mode (less the umask); one that was there
   * keeps its own. */
  if (exists && fchmod (self->fd, mode) != 0)
    {
      fail_errno (error, FALSE, path);
      return NULL;
    }
  return g_steal_pointer (&self);
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
        return fail_errno (error, FALSE, self->path);
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
  if (self->to_stdout)
    {
      /* A pipe or a terminal cannot be synced; a file can. */
      if (fsync (self->fd) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
        return fail_errno (error, FALSE, self->path);
      return TRUE;
    }
  if (fsync (self->fd) != 0)
    return fail_errno (error, TRUE, self->path);
  if (close (self->fd) != 0)
    {
      self->fd = -1;
      return fail_errno (error, TRUE, self->path);
    }
  self->fd = -1;
  if (g_rename (self->tmp_path, self->path) != 0)
    return fail_errno (error, TRUE, self->path);
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
  if (self->fd >= 0 && !self->to_stdout)
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
  return rubric_atomic_file_write_all_with_mode (path, data, len, 0644, error);
}

/**
 * rubric_atomic_file_write_all_with_mode:
 * @new_mode: as for rubric_atomic_file_new_with_mode()
 *
 * As rubric_atomic_file_write_all().
 */
gboolean
rubric_atomic_file_write_all_with_mode (const char  *path,
                                        const char  *data,
                                        gsize        len,
                                        mode_t       new_mode,
                                        GError     **error)
{
  g_autoptr(RubricAtomicFile) file = NULL;

  return (file = rubric_atomic_file_new_with_mode (path, new_mode, error)) != NULL &&
         rubric_atomic_file_write (file, data, len, error) &&
         rubric_atomic_file_commit (file, error);
}
