/* rubric-export.h — annotations out as training data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-store.h"

G_BEGIN_DECLS

typedef enum
{
  RUBRIC_EXPORT_RECORDS,
  RUBRIC_EXPORT_TRL,
  RUBRIC_EXPORT_TRL_UNPAIRED,
  RUBRIC_EXPORT_OPENAI_PREFERENCE,
  RUBRIC_EXPORT_HH,
  RUBRIC_EXPORT_SFT,
  RUBRIC_EXPORT_PROMPT_COMPLETION,
  RUBRIC_EXPORT_HELPSTEER,
  RUBRIC_EXPORT_N_FORMATS,
} RubricExportFormat;

/* A tie gives no pair; with UNPAIRED its two responses go to the
 * unpaired export as two good completions. "Both bad" never pairs. */
typedef enum
{
  RUBRIC_TIES_DROP,
  RUBRIC_TIES_UNPAIRED,
} RubricTiePolicy;

typedef struct
{
  gint64           set_id;         /* 0 for every task set */
  const char      *annotator;      /* NULL for everyone */
  gboolean         margin;         /* TRL: add the strength as "margin" */
  RubricTiePolicy  ties;
} RubricExportOptions;

const char *rubric_export_format_to_string   (RubricExportFormat          format);
gboolean    rubric_export_format_from_string (const char                 *str,
                                              RubricExportFormat         *format);
const char *rubric_export_format_get_label   (RubricExportFormat          format);
gboolean    rubric_export                    (RubricStore                *store,
                                              RubricExportFormat          format,
                                              const RubricExportOptions  *options,
                                              const char                 *path,
                                              GCancellable               *cancellable,
                                              guint                      *n_written,
                                              GError                    **error);

G_END_DECLS
