/* faultfs.c — an LD_PRELOAD shim: a disk that fills up, or fails, under
 * one folder, for the tests that run rubric-cli (tests/test-faults.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mounting a small file system needs root; this needs nothing. Writes
 * (write, pwrite, writev: what SQLite's unix VFS, GLib and the atomic
 * file use) to files under FAULTFS_DIR may write FAULTFS_BUDGET bytes
 * in all; the write that crosses it writes what fits, and then every
 * write fails with FAULTFS_ERRNO (ENOSPC, the default, or EIO), as a
 * full disk does. FAULTFS_OPS says what fails: "write" (the default),
 * and with "read" reads past the budget of bytes read, with "sync"
 * every fsync. Nothing is faulted without FAULTFS_DIR.
 */

/* Each call under its own name: with 64-bit offsets by default (as
 * meson builds), pwrite would be pwrite64 under another name. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static char dir[PATH_MAX];
static size_t dir_len;
static long long write_budget;
static long long read_budget;
static int fault_errno = ENOSPC;
static int fail_writes, fail_reads, fail_syncs;

static ssize_t (*real_write) (int, const void *, size_t);
static ssize_t (*real_pwrite) (int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64) (int, const void *, size_t, off64_t);
static ssize_t (*real_writev) (int, const struct iovec *, int);
static ssize_t (*real_read) (int, void *, size_t);
static ssize_t (*real_pread) (int, void *, size_t, off_t);
static ssize_t (*real_pread64) (int, void *, size_t, off64_t);
static int (*real_fsync) (int);
static int (*real_fdatasync) (int);

__attribute__((constructor)) static void
faultfs_init (void)
{
  const char *d = getenv ("FAULTFS_DIR");
  const char *budget = getenv ("FAULTFS_BUDGET");
  const char *code = getenv ("FAULTFS_ERRNO");
  const char *ops = getenv ("FAULTFS_OPS");

  real_write = dlsym (RTLD_NEXT, "write");
  real_pwrite = dlsym (RTLD_NEXT, "pwrite");
  real_pwrite64 = dlsym (RTLD_NEXT, "pwrite64");
  real_writev = dlsym (RTLD_NEXT, "writev");
  real_read = dlsym (RTLD_NEXT, "read");
  real_pread = dlsym (RTLD_NEXT, "pread");
  real_pread64 = dlsym (RTLD_NEXT, "pread64");
  real_fsync = dlsym (RTLD_NEXT, "fsync");
  real_fdatasync = dlsym (RTLD_NEXT, "fdatasync");

  if (d == NULL || *d == '\0' || realpath (d, dir) == NULL)
    return;
  dir_len = strlen (dir);
  write_budget = read_budget = budget ? atoll (budget) : 0;
  if (code != NULL && strcmp (code, "EIO") == 0)
    fault_errno = EIO;
  if (ops == NULL)
    ops = "write";
  fail_writes = strstr (ops, "write") != NULL;
  fail_reads = strstr (ops, "read") != NULL;
  fail_syncs = strstr (ops, "sync") != NULL;
}

/* Whether @fd is a file under the folder. */
static int
watched (int fd)
{
  char link[64];
  char target[PATH_MAX];
  ssize_t n;

  if (dir_len == 0 || fd < 0)
    return 0;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, target, sizeof target - 1);
  if (n <= 0)
    return 0;
  target[n] = '\0';
  return strncmp (target, dir, dir_len) == 0 && target[dir_len] == '/';
}

/* How much of @len may go through: all of it, part, or -1 with errno. */
static ssize_t
take (long long *budget,
      size_t     len)
{
  long long left = __atomic_load_n (budget, __ATOMIC_SEQ_CST);

  for (;;)
    {
      long long granted = (long long) len < left ? (long long) len : left;

      if (granted <= 0 && len > 0)
        {
          errno = fault_errno;
          return -1;
        }
      if (__atomic_compare_exchange_n (budget, &left, left - granted, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return (ssize_t) granted;
    }
}

ssize_t
write (int         fd,
       const void *buf,
       size_t      len)
{
  ssize_t n;

  if (!fail_writes || !watched (fd))
    return real_write (fd, buf, len);
  if ((n = take (&write_budget, len)) < 0)
    return -1;
  return real_write (fd, buf, (size_t) n);
}

ssize_t
pwrite (int         fd,
        const void *buf,
        size_t      len,
        off_t       offset)
{
  ssize_t n;

  if (!fail_writes || !watched (fd))
    return real_pwrite (fd, buf, len, offset);
  if ((n = take (&write_budget, len)) < 0)
    return -1;
  return real_pwrite (fd, buf, (size_t) n, offset);
}

ssize_t
pwrite64 (int         fd,
          const void *buf,
          size_t      len,
          off64_t     offset)
{
  ssize_t n;

  if (!fail_writes || !watched (fd))
    return real_pwrite64 (fd, buf, len, offset);
  if ((n = take (&write_budget, len)) < 0)
    return -1;
  return real_pwrite64 (fd, buf, (size_t) n, offset);
}

/* Whole or not at all: what a short writev wrote is hard to tell. */
ssize_t
writev (int                 fd,
        const struct iovec *iov,
        int                 n_iov)
{
  size_t len = 0;

  if (!fail_writes || !watched (fd))
    return real_writev (fd, iov, n_iov);
  for (int i = 0; i < n_iov; i++)
    len += iov[i].iov_len;
  if (__atomic_load_n (&write_budget, __ATOMIC_SEQ_CST) < (long long) len)
    {
      __atomic_store_n (&write_budget, 0, __ATOMIC_SEQ_CST);
      errno = fault_errno;
      return -1;
    }
  __atomic_sub_fetch (&write_budget, (long long) len, __ATOMIC_SEQ_CST);
  return real_writev (fd, iov, n_iov);
}

ssize_t
read (int     fd,
      void   *buf,
      size_t  len)
{
  ssize_t n;

  if (!fail_reads || !watched (fd))
    return real_read (fd, buf, len);
  if ((n = take (&read_budget, len)) < 0)
    return -1;
  return real_read (fd, buf, (size_t) n);
}

/* A read fails wholly: SQLite would take a short read for the end of
 * the file, which is another fault. */
static int
read_fails (int    fd,
            size_t len)
{
  if (!fail_reads || !watched (fd))
    return 0;
  if (take (&read_budget, len) < (ssize_t) len)
    {
      __atomic_store_n (&read_budget, 0, __ATOMIC_SEQ_CST);
      errno = fault_errno;
      return 1;
    }
  return 0;
}

ssize_t
pread (int     fd,
       void   *buf,
       size_t  len,
       off_t   offset)
{
  return read_fails (fd, len) ? -1 : real_pread (fd, buf, len, offset);
}

ssize_t
pread64 (int      fd,
         void    *buf,
         size_t   len,
         off64_t  offset)
{
  return read_fails (fd, len) ? -1 : real_pread64 (fd, buf, len, offset);
}

int
fsync (int fd)
{
  if (fail_syncs && watched (fd))
    {
      errno = EIO;
      return -1;
    }
  return real_fsync (fd);
}

int
fdatasync (int fd)
{
  if (fail_syncs && watched (fd))
    {
      errno = EIO;
      return -1;
    }
  return real_fdatasync (fd);
}
