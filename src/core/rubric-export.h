/* rubric-export.h — annotations out as training data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-store.h"

G_BEGIN_DECLS

/* The writers in the order of rubric_export_writers(), for code that
 * needs their number at compile time; new code uses the table. */
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
  RUBRIC_EXPORT_RED_TEAM_ATTEMPTS,
  RUBRIC_EXPORT_RUBRIC_TASKS,
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

/* What a writer is handed: rubric_export() picks the annotations and
 * shapes them, so that a writer only writes. Every kind but RECORDS
 * gets submitted work only. An author task's conversation reaches the
 * ANSWERS writers as the write task it makes, and a red-team attempt
 * with a safe reply reaches PAIRS and DECISIONS as the compare task it
 * makes (the safe reply chosen): see _rubric_writer_authored_task(). */
typedef enum
{
  RUBRIC_EXPORT_KIND_RECORDS,     /* each submitted or skipped annotation */
  RUBRIC_EXPORT_KIND_PAIRS,       /* each pair: a compare choice, every pair of a ranking */
  RUBRIC_EXPORT_KIND_DECISIONS,   /* each compare decision, ties and "both bad" included */
  RUBRIC_EXPORT_KIND_ANSWERS,     /* each non-empty written answer */
  RUBRIC_EXPORT_KIND_SCORES,      /* each annotation, for the scores of its responses */
  RUBRIC_EXPORT_KIND_ATTEMPTS,    /* each red-team attempt */
  RUBRIC_EXPORT_KIND_AUTHORED,    /* each author task and red-team attempt, as the task it makes */
} RubricExportKind;

typedef struct _RubricExportRow RubricExportRow;

/* One format out; rubric_export_writers() lists them. */
typedef struct
{
  const char        *id;            /* the name --format and the settings use */
  const char        *label;         /* untranslated: show it with _() */
  const char        *description;   /* untranslated: show it with _() */
  RubricExportKind   needs;
  guint            (*write) (GString                   *out,
                             const RubricExportRow     *row,
                             const RubricExportOptions *options);
  /* Optional: a first line, before the first row written (none when
   * no row is). A writer that has one writes a task file, which holds
   * one task set: @set_name is its name. */
  void             (*header) (GString                   *out,
                              const char                *set_name,
                              const RubricExportOptions *options);
} RubricExportWriter;

const RubricExportWriter *rubric_export_writers            (guint                      *n_writers);
const RubricExportWriter *rubric_export_writer_lookup       (const char                 *id);
const char               *rubric_export_format_to_string   (RubricExportFormat          format);
gboolean                  rubric_export_format_from_string (const char                 *str,
                                                            RubricExportFormat         *format);
const char               *rubric_export_format_get_label   (RubricExportFormat          format);
gboolean                  rubric_export                    (RubricStore                *store,
                                                            RubricExportFormat          format,
                                                            const RubricExportOptions  *options,
                                                            const char                 *path,
                                                            GCancellable               *cancellable,
                                                            guint                      *n_written,
                                                            GError                    **error);

G_END_DECLS
