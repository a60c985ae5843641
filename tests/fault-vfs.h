/* fault-vfs.h — a SQLite VFS shim that injects I/O faults for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the "fault" VFS, wrapping the default one, and makes it the default. Idempotent. */
void     fault_vfs_install        (void);
/* From now on, xWrite/xTruncate on the main database, its WAL and rollback journal fail with @code (e.g. SQLITE_FULL, SQLITE_IOERR_WRITE, SQLITE_READONLY-like codes); 0 turns it off. Also makes xSync fail with SQLITE_IOERR_FSYNC while armed. */
void     fault_vfs_fail_writes    (int code);
/* From now on, xRead on main db and WAL files fails with @code (e.g. SQLITE_IOERR_READ); 0 turns it off. */
void     fault_vfs_fail_reads     (int code);
/* Number of xSync calls so far on files whose path ends with @suffix ("-wal", ".db", or "" for all). */
/* As fault_vfs_fail_reads(), for reads of the main database that touch
 * bytes [@from, @to) only: the pages of one table, say. */
void     fault_vfs_fail_reads_in  (int         code,
                                   gint64      from,
                                   gint64      to);
guint    fault_vfs_count_syncs    (const char *suffix);
/* A disk that fills up: from now on the user's files (main database,
 * WAL, rollback journal) may grow by @bytes in all; a write that would
 * grow them further writes nothing and fails with @code (SQLITE_FULL),
 * as do the ones after it. Rewrites inside a file's size still work.
 * 0 turns it off. */
void     fault_vfs_fail_writes_after (int    code,
                                      gint64 bytes);
void     fault_vfs_reset_counts   (void);

G_END_DECLS
