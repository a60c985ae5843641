/* rubric-columns-dialog.h — which column of a CSV or TSV file holds
 * the prompt, which the responses: the app's --map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-task-reader.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_COLUMNS_DIALOG (rubric_columns_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RubricColumnsDialog, rubric_columns_dialog, RUBRIC, COLUMNS_DIALOG, AdwMessageDialog)

RubricColumnsDialog *rubric_columns_dialog_new        (GtkWindow           *parent,
                                                       const char          *path,
                                                       const RubricTable   *table,
                                                       const char * const  *last_map);
GStrv                rubric_columns_dialog_dup_map    (RubricColumnsDialog *self);
const char          *rubric_columns_dialog_get_path   (RubricColumnsDialog *self);

G_END_DECLS
