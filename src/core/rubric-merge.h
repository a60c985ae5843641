/* rubric-merge.h — several annotators' records merged into one judgement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-c/json.h>

G_BEGIN_DECLS

typedef enum
{
  RUBRIC_MERGE_MAJORITY,      /* the majority; an adjudicator breaks ties */
  RUBRIC_MERGE_ADJUDICATED,   /* an adjudicator's record decides, where there is one */
  RUBRIC_MERGE_MEAN_STRENGTH, /* comparisons by their mean signed strength; a zero mean by the set's tie rule */
} RubricMergeMethod;

typedef struct
{
  RubricMergeMethod  method;
  const char        *format;  /* an export format's id, or rubric-tasks */
  gboolean           models;  /* rate the response models (Bradley–Terry) */
  json_object       *header;  /* nullable: the set's header, for its tie rule and rubric, where the records carry none */
} RubricMergeOptions;

typedef struct
{
  guint       n_records;      /* records read, over every file */
  guint       n_tasks;        /* merged tasks */
  guint       n_unanimous;
  guint       n_majority;
  guint       n_adjudicated;
  guint       n_unresolved;
  GPtrArray  *problems;       /* (element-type utf8): the files' problems */
  /* With models: the response models of the merged comparisons and
   * their Bradley–Terry strengths, strongest first. */
  guint       n_models;
  char      **models;
  double     *strengths;
} RubricMergeReport;

gboolean rubric_merge_files        (const char * const  *inputs,
                                    guint                n_inputs,
                                    RubricMergeMethod    method,
                                    const char          *format,
                                    const char          *output,
                                    gboolean             models,
                                    guint               *n_written,
                                    RubricMergeReport  **report,
                                    GError             **error);
gboolean rubric_merge_files_full   (const char * const        *inputs,
                                    guint                      n_inputs,
                                    const RubricMergeOptions  *options,
                                    const char                *output,
                                    guint                     *n_written,
                                    RubricMergeReport        **report,
                                    GError                   **error);
gboolean rubric_merge_method_from_string (const char        *str,
                                          RubricMergeMethod *method);
void     rubric_merge_report_free  (RubricMergeReport   *report);

void     rubric_bradley_terry_full (guint                n,
                                    const double        *wins,
                                    double              *strengths,
                                    guint                iterations);
void     rubric_bradley_terry      (const char * const  *models,
                                    guint                n,
                                    const guint         *wins,
                                    double              *strengths,
                                    guint                iterations);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricMergeReport, rubric_merge_report_free)

G_END_DECLS
