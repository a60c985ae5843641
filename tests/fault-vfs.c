/* fault-vfs.c — a SQLite VFS shim that injects I/O faults for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests need to see how the store copes with a full disk, failing
 * writes or reads and how often it fsyncs, without root, loop devices
 * or LD_PRELOAD tricks.  SQLite lets us slide a VFS in front of the
 * real one: every call is passed through to the wrapped VFS, except
 * that reads, writes, truncates and syncs of the files that hold the
 * user's data can be made to fail on demand.
 */

#include <string.h>

#include <sqlite3.h>

#include "fault-vfs.h"

/* The file types whose writes reach the user's data.  Temp files,
 * sub-journals and super-journals are left alone: failing them tests
 * SQLite rather than us.  The -shm file is never opened through xOpen
 * with these flags and its mapping goes through xShmMap, which we only
 * pass through, so the wal-index is never faulted either. */
#define FAULT_WRITE_TARGETS (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)
#define FAULT_READ_TARGETS  (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)

/* All SQLITE_OPEN_* bits that say what kind of file is being opened. */
#define FAULT_FILE_TYPES    (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TRANSIENT_DB | \
                             SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_TEMP_JOURNAL | \
                             SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_SUPER_JOURNAL | SQLITE_OPEN_WAL)

typedef struct
{
  sqlite3_file  base;   /* must come first: it is all SQLite knows of us */
  sqlite3_file *real;   /* the wrapped file, in the same allocation right after us */
  const char   *path;   /* zName from xOpen, or NULL for temp files */
  int           type;   /* the SQLITE_OPEN_* file type bit */
} FaultFile;

/* The wrapped file needs the alignment SQLite gives the whole buffer
 * (8 bytes): on 32-bit targets sizeof (FaultFile) alone may not be a
 * multiple of it. */
#define FAULT_FILE_SIZE ((sizeof (FaultFile) + 7) & ~(gsize) 7)

/* Read by every SQLite thread, set by the test thread. */
static int write_fault;
static int read_fault;
/* fault_vfs_fail_writes_after(): what the files may still grow by, and
 * the code once they may not; under a lock, as SQLite's threads write. */
static int budget_fault;
static gint64 budget_left;
G_LOCK_DEFINE_STATIC (budget);
/* A read fault may be limited to the main database's pages from this
 * offset on, up to the end; -1 for every read. */
static gssize read_fault_from = -1;
static gssize read_fault_to = -1;

/* Syncs are counted per path so that callers can ask about any suffix
 * after the fact, even for files that are closed by then.  The table
 * needs a lock; a sync is a slow call anyway.  Temp files have no
 * path and only show up in the total. */
static int sync_total;
static GHashTable *syncs_by_path;
G_LOCK_DEFINE_STATIC (syncs);

static gboolean
fault_file_is (FaultFile *self,
               int        targets)
{
  return (self->type & targets) != 0;
}

static void
count_sync (FaultFile *self)
{
  gpointer count;

  g_atomic_int_inc (&sync_total);
  if (self->path == NULL)
    return;

  G_LOCK (syncs);
  if (syncs_by_path == NULL)
    syncs_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  count = g_hash_table_lookup (syncs_by_path, self->path);
  g_hash_table_insert (syncs_by_path, g_strdup (self->path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
  G_UNLOCK (syncs);
}

static gboolean
read_hits_range (FaultFile     *self,
                 sqlite3_int64  offset,
                 int            amount)
{
  gssize from = (gssize) g_atomic_pointer_get (&read_fault_from);
  gssize to = (gssize) g_atomic_pointer_get (&read_fault_to);

  if (from < 0)
    return TRUE;
  return (self->type & SQLITE_OPEN_MAIN_DB) != 0 && offset < to && offset + amount > from;
}

/* sqlite3_io_methods */

static int
fault_file_close (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xClose (self->real);
}

static int
fault_file_read (sqlite3_file *file,
                 void         *buf,
                 int           amount,
                 sqlite3_int64 offset)
{
  FaultFile *self = (FaultFile *) file;
  int code = g_atomic_int_get (&read_fault);

  if (code != 0 && fault_file_is (self, FAULT_READ_TARGETS) && read_hits_range (self, offset, amount))
    {
      /* SQLite requires the buffer zero-filled on a short read, and
       * must not see stale bytes as data in any other case either. */
      memset (buf, 0, amount);
      return code;
    }
  return self->real->pMethods->xRead (self->real, buf, amount, offset);
}

static int
fault_file_write (sqlite3_file *file,
                  const void   *buf,
                  int           amount,
                  sqlite3_int64 offset)
{
  FaultFile *self = (FaultFile *) file;
  int code = g_atomic_int_get (&write_fault);

  if (code != 0 && fault_file_is (self, FAULT_WRITE_TARGETS))
    return code;
  if (g_atomic_int_get (&budget_fault) != 0 && fault_file_is (self, FAULT_WRITE_TARGETS))
    {
      sqlite3_int64 size = 0;
      gint64 growth;
      int rc;

      if ((rc = self->real->pMethods->xFileSize (self->real, &size)) != SQLITE_OK)
        return rc;
      growth = MAX (0, offset + amount - size);
      G_LOCK (budget);
      code = g_atomic_int_get (&budget_fault);
      if (code != 0 && growth > budget_left)
        budget_left = 0;
      else
        {
          budget_left -= growth;
          code = 0;
        }
      G_UNLOCK (budget);
      if (code != 0)
        return code;
    }
  return self->real->pMethods->xWrite (self->real, buf, amount, offset);
}

static int
fault_file_truncate (sqlite3_file *file,
                     sqlite3_int64 size)
{
  FaultFile *self = (FaultFile *) file;
  int code = g_atomic_int_get (&write_fault);

  if (code != 0 && fault_file_is (self, FAULT_WRITE_TARGETS))
    return code;
  return self->real->pMethods->xTruncate (self->real, size);
}

static int
fault_file_sync (sqlite3_file *file,
                 int           flags)
{
  FaultFile *self = (FaultFile *) file;

  /* Counted even when it fails: tests want to know SQLite asked. */
  count_sync (self);
  if (g_atomic_int_get (&write_fault) != 0 && fault_file_is (self, FAULT_WRITE_TARGETS))
    return SQLITE_IOERR_FSYNC;
  return self->real->pMethods->xSync (self->real, flags);
}

static int
fault_file_file_size (sqlite3_file  *file,
                      sqlite3_int64 *size)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xFileSize (self->real, size);
}

static int
fault_file_lock (sqlite3_file *file,
                 int           lock)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xLock (self->real, lock);
}

static int
fault_file_unlock (sqlite3_file *file,
                   int           lock)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xUnlock (self->real, lock);
}

static int
fault_file_check_reserved_lock (sqlite3_file *file,
                                int          *out)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xCheckReservedLock (self->real, out);
}

static int
fault_file_file_control (sqlite3_file *file,
                         int           op,
                         void         *arg)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xFileControl (self->real, op, arg);
}

static int
fault_file_sector_size (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xSectorSize (self->real);
}

static int
fault_file_device_characteristics (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xDeviceCharacteristics (self->real);
}

static int
fault_file_shm_map (sqlite3_file  *file,
                    int            region,
                    int            size,
                    int            extend,
                    void volatile **out)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xShmMap (self->real, region, size, extend, out);
}

static int
fault_file_shm_lock (sqlite3_file *file,
                     int           offset,
                     int           n,
                     int           flags)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xShmLock (self->real, offset, n, flags);
}

static void
fault_file_shm_barrier (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;

  self->real->pMethods->xShmBarrier (self->real);
}

static int
fault_file_shm_unmap (sqlite3_file *file,
                      int           delete_flag)
{
  FaultFile *self = (FaultFile *) file;

  return self->real->pMethods->xShmUnmap (self->real, delete_flag);
}

static int
fault_file_fetch (sqlite3_file  *file,
                  sqlite3_int64  offset,
                  int            amount,
                  void         **out)
{
  FaultFile *self = (FaultFile *) file;

  /* With mmap_size set, pages come straight from the mapping and never
   * pass through xRead.  Handing out no mapping is allowed and makes
   * SQLite fall back to xRead, where the fault is injected. */
  if (g_atomic_int_get (&read_fault) != 0 && fault_file_is (self, FAULT_READ_TARGETS))
    {
      *out = NULL;
      return SQLITE_OK;
    }
  return self->real->pMethods->xFetch (self->real, offset, amount, out);
}

static int
fault_file_unfetch (sqlite3_file  *file,
                    sqlite3_int64  offset,
                    void          *page)
{
  FaultFile *self = (FaultFile *) file;

  /* Always passed on: a NULL @page asks the real file to drop its
   * whole mapping, and any other page came from the real xFetch. */
  return self->real->pMethods->xUnfetch (self->real, offset, page);
}

#define FAULT_IO_METHODS(version) \
  { \
    .iVersion = (version), \
    .xClose = fault_file_close, \
    .xRead = fault_file_read, \
    .xWrite = fault_file_write, \
    .xTruncate = fault_file_truncate, \
    .xSync = fault_file_sync, \
    .xFileSize = fault_file_file_size, \
    .xLock = fault_file_lock, \
    .xUnlock = fault_file_unlock, \
    .xCheckReservedLock = fault_file_check_reserved_lock, \
    .xFileControl = fault_file_file_control, \
    .xSectorSize = fault_file_sector_size, \
    .xDeviceCharacteristics = fault_file_device_characteristics, \
    .xShmMap = fault_file_shm_map, \
    .xShmLock = fault_file_shm_lock, \
    .xShmBarrier = fault_file_shm_barrier, \
    .xShmUnmap = fault_file_shm_unmap, \
    .xFetch = fault_file_fetch, \
    .xUnfetch = fault_file_unfetch, \
  }

/* One table per version, so that SQLite never calls a member the real
 * file does not have: it checks iVersion before using the newer ones. */
static const sqlite3_io_methods fault_io_methods[] = {
  FAULT_IO_METHODS (1),
  FAULT_IO_METHODS (2),
  FAULT_IO_METHODS (3),
};

/* sqlite3_vfs */

static int
fault_vfs_open (sqlite3_vfs  *vfs,
                const char   *name,
                sqlite3_file *file,
                int           flags,
                int          *out_flags)
{
  sqlite3_vfs *real = vfs->pAppData;
  FaultFile *self = (FaultFile *) file;
  int version;
  int rc;

  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *) ((char *) file + FAULT_FILE_SIZE);
  /* SQLite keeps @name valid and unchanged until xClose. */
  self->path = name;
  self->type = flags & FAULT_FILE_TYPES;

  rc = real->xOpen (real, name, self->real, flags, out_flags);

  /* SQLite calls xClose exactly when pMethods is set, even after a
   * failed open, so follow whatever the real VFS did. */
  if (self->real->pMethods == NULL)
    return rc;

  version = CLAMP (self->real->pMethods->iVersion, 1, (int) G_N_ELEMENTS (fault_io_methods));
  self->base.pMethods = &fault_io_methods[version - 1];
  return rc;
}

static int
fault_vfs_delete (sqlite3_vfs *vfs,
                  const char  *name,
                  int          sync_dir)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xDelete (real, name, sync_dir);
}

static int
fault_vfs_access (sqlite3_vfs *vfs,
                  const char  *name,
                  int          flags,
                  int         *out)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xAccess (real, name, flags, out);
}

static int
fault_vfs_full_pathname (sqlite3_vfs *vfs,
                         const char  *name,
                         int          n_out,
                         char        *out)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xFullPathname (real, name, n_out, out);
}

static void *
fault_vfs_dl_open (sqlite3_vfs *vfs,
                   const char  *filename)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xDlOpen (real, filename);
}

static void
fault_vfs_dl_error (sqlite3_vfs *vfs,
                    int          n_bytes,
                    char        *msg)
{
  sqlite3_vfs *real = vfs->pAppData;

  real->xDlError (real, n_bytes, msg);
}

static void
(*fault_vfs_dl_sym (sqlite3_vfs *vfs,
                    void        *handle,
                    const char  *symbol)) (void)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xDlSym (real, handle, symbol);
}

static void
fault_vfs_dl_close (sqlite3_vfs *vfs,
                    void        *handle)
{
  sqlite3_vfs *real = vfs->pAppData;

  real->xDlClose (real, handle);
}

static int
fault_vfs_randomness (sqlite3_vfs *vfs,
                      int          n_bytes,
                      char        *out)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xRandomness (real, n_bytes, out);
}

static int
fault_vfs_sleep (sqlite3_vfs *vfs,
                 int          microseconds)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xSleep (real, microseconds);
}

static int
fault_vfs_current_time (sqlite3_vfs *vfs,
                        double      *out)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xCurrentTime (real, out);
}

static int
fault_vfs_get_last_error (sqlite3_vfs *vfs,
                          int          n_bytes,
                          char        *out)
{
  sqlite3_vfs *real = vfs->pAppData;

  /* A VFS may leave this one out. */
  if (real->xGetLastError == NULL)
    return 0;
  return real->xGetLastError (real, n_bytes, out);
}

static int
fault_vfs_current_time_int64 (sqlite3_vfs   *vfs,
                              sqlite3_int64 *out)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xCurrentTimeInt64 (real, out);
}

static int
fault_vfs_set_system_call (sqlite3_vfs        *vfs,
                           const char         *name,
                           sqlite3_syscall_ptr call)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xSetSystemCall (real, name, call);
}

static sqlite3_syscall_ptr
fault_vfs_get_system_call (sqlite3_vfs *vfs,
                           const char  *name)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xGetSystemCall (real, name);
}

static const char *
fault_vfs_next_system_call (sqlite3_vfs *vfs,
                            const char  *name)
{
  sqlite3_vfs *real = vfs->pAppData;

  return real->xNextSystemCall (real, name);
}

static sqlite3_vfs fault_vfs = {
  .zName = "fault",
  .xOpen = fault_vfs_open,
  .xDelete = fault_vfs_delete,
  .xAccess = fault_vfs_access,
  .xFullPathname = fault_vfs_full_pathname,
  .xDlOpen = fault_vfs_dl_open,
  .xDlError = fault_vfs_dl_error,
  .xDlSym = fault_vfs_dl_sym,
  .xDlClose = fault_vfs_dl_close,
  .xRandomness = fault_vfs_randomness,
  .xSleep = fault_vfs_sleep,
  .xCurrentTime = fault_vfs_current_time,
  .xGetLastError = fault_vfs_get_last_error,
  .xCurrentTimeInt64 = fault_vfs_current_time_int64,
  .xSetSystemCall = fault_vfs_set_system_call,
  .xGetSystemCall = fault_vfs_get_system_call,
  .xNextSystemCall = fault_vfs_next_system_call,
};

void
fault_vfs_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      sqlite3_vfs *real = sqlite3_vfs_find (NULL);
      int rc;

      /* Not plain g_assert: these must hold under G_DISABLE_ASSERT too. */
      g_assert_nonnull (real);
      g_assert_true (real != &fault_vfs);

      /* Same version as the real VFS, so SQLite never calls one of our
       * newer members that would have nothing to delegate to. */
      fault_vfs.iVersion = MIN (real->iVersion, 3);
      fault_vfs.szOsFile = FAULT_FILE_SIZE + real->szOsFile;
      fault_vfs.mxPathname = real->mxPathname;
      fault_vfs.pAppData = real;

      rc = sqlite3_vfs_register (&fault_vfs, 1);
      g_assert_cmpint (rc, ==, SQLITE_OK);

      g_once_init_leave (&installed, 1);
    }
}

void
fault_vfs_fail_writes (int code)
{
  g_atomic_int_set (&write_fault, code);
}

void
fault_vfs_fail_writes_after (int    code,
                             gint64 bytes)
{
  G_LOCK (budget);
  budget_left = bytes;
  g_atomic_int_set (&budget_fault, code);
  G_UNLOCK (budget);
}

void
fault_vfs_fail_reads (int code)
{
  g_atomic_pointer_set (&read_fault_from, (gssize) -1);
  g_atomic_pointer_set (&read_fault_to, (gssize) -1);
  g_atomic_int_set (&read_fault, code);
}

void
fault_vfs_fail_reads_in (int    code,
                         gint64 from,
                         gint64 to)
{
  g_atomic_pointer_set (&read_fault_from, (gssize) from);
  g_atomic_pointer_set (&read_fault_to, (gssize) to);
  g_atomic_int_set (&read_fault, code);
}

guint
fault_vfs_count_syncs (const char *suffix)
{
  GHashTableIter iter;
  gpointer path;
  gpointer count;
  guint total = 0;

  /* "" would match every named file but miss the temp ones. */
  if (suffix == NULL || suffix[0] == '\0')
    return g_atomic_int_get (&sync_total);

  G_LOCK (syncs);
  if (syncs_by_path != NULL)
    {
      g_hash_table_iter_init (&iter, syncs_by_path);
      while (g_hash_table_iter_next (&iter, &path, &count))
        if (g_str_has_suffix (path, suffix))
          total += GPOINTER_TO_UINT (count);
    }
  G_UNLOCK (syncs);
  return total;
}

void
fault_vfs_reset_counts (void)
{
  G_LOCK (syncs);
  g_atomic_int_set (&sync_total, 0);
  if (syncs_by_path != NULL)
    g_hash_table_remove_all (syncs_by_path);
  G_UNLOCK (syncs);
}
