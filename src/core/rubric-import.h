/* rubric-import.h — task files into the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-format.h"
#include "rubric-task-reader.h"
#include "rubric-store.h"

G_BEGIN_DECLS

typedef enum
{
  RUBRIC_IMPORT_NONE         = 0,
  RUBRIC_IMPORT_SKIP_INVALID = 1 << 0,
  /* A file known by its size, modification time, inode and first 64 KiB
   * is taken for the set it was; rubric_import_verify() reads it whole. */
  RUBRIC_IMPORT_TRUST_STAMP  = 1 << 1,
} RubricImportFlags;

typedef void (*RubricProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

typedef struct
{
  char      *path;
  char      *name;
  gint64     set_id;
  gboolean   reused;
  gboolean   unverified;           /* reused by its stamp alone: see rubric_import_verify() */
  char      *content_hash;         /* of the set reused */
  gboolean   committed;
  guint      n_tasks;              /* the set's, repeats included */
  guint      n_repeats;            /* of them, compare tasks shown again with the sides swapped */
  guint      n_problems;
  GPtrArray *problems;
  char      *format;               /* the id of the format read */
  char      *format_description;   /* and the variant of it, as a phrase */
  GStrv      notes;                /* what a converter left out on purpose, and why */
} RubricImportResult;

gboolean rubric_import_file          (RubricStore         *store,
                                      const char          *path,
                                      RubricImportFlags    flags,
                                      GCancellable        *cancellable,
                                      RubricProgressFunc   progress,
                                      gpointer             user_data,
                                      RubricImportResult **result,
                                      GError             **error);
gboolean rubric_import_file_full     (RubricStore             *store,
                                      const char              *path,
                                      const RubricReadOptions *options,
                                      RubricImportFlags        flags,
                                      GCancellable            *cancellable,
                                      RubricProgressFunc       progress,
                                      gpointer                 user_data,
                                      RubricImportResult     **result,
                                      GError                 **error);
gboolean rubric_validate_file_full   (const char              *path,
                                      const RubricReadOptions *options,
                                      RubricImportResult     **result,
                                      GError                 **error);
gboolean rubric_validate_file        (const char          *path,
                                      RubricImportResult **result,
                                      GError             **error);
char    *rubric_import_hash_file     (const char          *path,
                                      GCancellable        *cancellable,
                                      GError             **error);
gboolean rubric_import_verify        (const char          *path,
                                      const char          *content_hash,
                                      GCancellable        *cancellable,
                                      gboolean            *same,
                                      GError             **error);
RubricImportResult *rubric_import_result_new (const char    *path);
void     rubric_import_result_collect (RubricImportResult *self,
                                       RubricTaskReader   *reader);
void     rubric_import_result_free   (RubricImportResult  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricImportResult, rubric_import_result_free)

gboolean rubric_import_is_stream (const char *path);
gboolean rubric_import_remove_abandoned (RubricStore  *store,
                                         guint        *n_removed,
                                         GError      **error);

/* For tests: how much of a file an import writes to a transaction. */
void     _rubric_import_set_chunk_bytes (gsize bytes);
void     _rubric_import_set_read_pause  (guint ms);

G_END_DECLS
