/* rubric-reason-dialog.h — a question answered with a reason: skipping a
 * task, or submitting despite warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_REASON_DIALOG (rubric_reason_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RubricReasonDialog, rubric_reason_dialog, RUBRIC, REASON_DIALOG, AdwMessageDialog)

RubricReasonDialog *rubric_reason_dialog_new        (GtkWindow          *parent,
                                                     const char         *heading,
                                                     const char         *body,
                                                     const char         *cancel_label,
                                                     const char         *accept_id,
                                                     const char         *accept_label);
char               *rubric_reason_dialog_dup_reason (RubricReasonDialog *self);
void                rubric_reason_dialog_set_checks (RubricReasonDialog *self,
                                                     GPtrArray          *checks);
GPtrArray          *rubric_reason_dialog_get_checks (RubricReasonDialog *self);

G_END_DECLS
