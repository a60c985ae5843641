/* rubric-conversion.h — one format to another, without a workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-export.h"
#include "rubric-import.h"
#include "rubric-set-config.h"
#include "rubric-task-reader.h"

G_BEGIN_DECLS

/* The native task file, beside the export formats. */
#define RUBRIC_CONVERT_TASKS "rubric-tasks"

typedef struct
{
  const char        *to;            /* an export format's id, or "rubric-tasks" */
  gboolean           margin;        /* TRL: the strength as margin, for every pair */
  RubricTiePolicy    ties;
  gboolean           skip_invalid;  /* write the valid tasks, list the rest */
  const char        *annotator;     /* the records' annotator; NULL for "gold" */
} RubricConvertOptions;

gboolean rubric_convert_file (const char                  *input,
                              const RubricReadOptions     *read_options,
                              const RubricConvertOptions  *options,
                              const char                  *output,
                              GCancellable                *cancellable,
                              guint                       *n_written,
                              RubricImportResult         **result,
                              GError                     **error);

guint    rubric_conversion_write_task (const RubricExportWriter   *writer,
                                       GString                    *out,
                                       const RubricTaskRecord     *record,
                                       json_object                *header,
                                       const RubricSetConfig      *config,
                                       const RubricConvertOptions *options);

G_END_DECLS
