/* rubric-library-view.h — the task sets of the workspace, to start
 * from when no file is given: open, rename, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-store.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_LIBRARY_VIEW (rubric_library_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricLibraryView, rubric_library_view, RUBRIC, LIBRARY_VIEW, GtkWidget)

GtkWidget *rubric_library_view_new        (void);
void       rubric_library_view_set_store  (RubricLibraryView *self,
                                           RubricStore       *store,
                                           const char        *annotator);
void       rubric_library_view_reload     (RubricLibraryView *self);

G_END_DECLS
