/* rubric-worklog-entry-dialog.h — add or edit a manual work log entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-store.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_WORKLOG_ENTRY_DIALOG (rubric_worklog_entry_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RubricWorklogEntryDialog, rubric_worklog_entry_dialog, RUBRIC, WORKLOG_ENTRY_DIALOG, AdwWindow)

RubricWorklogEntryDialog *rubric_worklog_entry_dialog_new      (GtkWindow                *parent,
                                                                RubricStore              *store,
                                                                gint64                    id,
                                                                GError                  **error);
gint64                    rubric_worklog_entry_dialog_get_id   (RubricWorklogEntryDialog *self);

G_END_DECLS
