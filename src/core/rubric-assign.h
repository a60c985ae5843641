/* rubric-assign.h — a task file split among annotators, with overlap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-format.h"
#include "rubric-import.h"

G_BEGIN_DECLS

gboolean rubric_assign_file (const char               *input,
                             const RubricReadOptions  *read_options,
                             guint                     n_annotators,
                             guint                     overlap,
                             const char               *directory,
                             GStrv                    *written,
                             guint                    *n_tasks,
                             RubricImportResult      **result,
                             GError                  **error);

G_END_DECLS
