/* rubric-atomic-file.h — write a file whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct _RubricAtomicFile RubricAtomicFile;

RubricAtomicFile *rubric_atomic_file_new    (const char        *path,
                                             GError           **error);
RubricAtomicFile *rubric_atomic_file_new_with_mode (const char *path,
                                                    mode_t      new_mode,
                                                    GError    **error);
gboolean          rubric_atomic_file_write  (RubricAtomicFile  *self,
                                             const char        *data,
                                             gsize              len,
                                             GError           **error);
gboolean          rubric_atomic_file_commit (RubricAtomicFile  *self,
                                             GError           **error);
void              rubric_atomic_file_free   (RubricAtomicFile  *self);
void              rubric_atomic_file_set_force (gboolean        force);
gboolean          rubric_atomic_file_write_all (const char     *path,
                                                const char     *data,
                                                gsize           len,
                                                GError        **error);
gboolean          rubric_atomic_file_write_all_with_mode (const char  *path,
                                                          const char  *data,
                                                          gsize        len,
                                                          mode_t       new_mode,
                                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricAtomicFile, rubric_atomic_file_free)

G_END_DECLS
