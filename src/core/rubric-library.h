/* rubric-library.h — the task sets of a workspace, as a library to
 * start from: progress, kinds, when each was last opened; renaming,
 * and deleting with a way back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-store.h"

G_BEGIN_DECLS

/* How long a deleted set stays in the workspace, so that its deletion
 * can be undone and re-importing its file brings its work back. */
#define RUBRIC_LIBRARY_KEEP_DELETED_MS ((gint64) 24 * 60 * 60 * 1000)

typedef struct
{
  gint64  set_id;
  char   *name;
  char   *source_path;   /* where it was imported from; may be gone */
  guint   n_tasks;
  guint   n_done;        /* submitted or skipped, by the annotator asked for */
  guint   n_draft;
  guint   kinds;         /* 1 << RubricTaskKind for each kind present */
  gint64  opened_at;     /* ms since the epoch; 0 if never opened */
  gint64  imported_at;   /* ms since the epoch */
} RubricLibraryEntry;

GPtrArray *rubric_library_list            (RubricStore               *store,
                                           const char                *annotator,
                                           GError                   **error);
gboolean   rubric_library_mark_opened     (RubricStore               *store,
                                           gint64                     set_id,
                                           gint64                     now,
                                           GError                   **error);
gboolean   rubric_library_rename          (RubricStore               *store,
                                           gint64                     set_id,
                                           const char                *name,
                                           GError                   **error);
gboolean   rubric_library_delete          (RubricStore               *store,
                                           gint64                     set_id,
                                           gint64                     now,
                                           GError                   **error);
gboolean   rubric_library_undelete        (RubricStore               *store,
                                           gint64                     set_id,
                                           GError                   **error);
gboolean   rubric_library_purge           (RubricStore               *store,
                                           gint64                     deleted_before,
                                           guint                     *n_purged,
                                           GError                   **error);
gint64     rubric_library_last_opened     (RubricStore               *store,
                                           GError                   **error);

gboolean   rubric_library_entry_has_kind  (const RubricLibraryEntry  *self,
                                           RubricTaskKind             kind);
void       rubric_library_entry_free      (RubricLibraryEntry        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricLibraryEntry, rubric_library_entry_free)

G_END_DECLS
