/* rubric-flag-dialog.h — what is wrong with a passage: category,
 * severity, comment and correction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-annotation.h"
#include "rubric-set-config.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_FLAG_DIALOG (rubric_flag_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RubricFlagDialog, rubric_flag_dialog, RUBRIC, FLAG_DIALOG, AdwMessageDialog)

RubricFlagDialog *rubric_flag_dialog_new       (GtkWindow        *parent,
                                                RubricSetConfig  *config,
                                                RubricSpan       *span,
                                                int               index);
RubricSpan       *rubric_flag_dialog_dup_span  (RubricFlagDialog *self);
int               rubric_flag_dialog_get_index (RubricFlagDialog *self);

G_END_DECLS
