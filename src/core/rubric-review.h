/* rubric-review.h — several annotators' records exports as one review
 *
 * A lead opens the records exports of several contractors, or a folder
 * of them, as one review: a task set of the workspace whose tasks are
 * the tasks the records carry (matched by id) and whose annotations are
 * the records, each under its annotator. The lead's final decisions are
 * annotations of RUBRIC_ADJUDICATOR. Exporting the set as records gives
 * the records back; agreement, bias and the merge read that export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-agreement.h"
#include "rubric-bias.h"
#include "rubric-merge.h"
#include "rubric-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64     set_id;
  char      *name;
  gboolean   reused;          /* the same files were opened before */
  guint      n_records;
  guint      n_tasks;
  guint      n_annotators;    /* the adjudicator not counted */
  guint      n_adjudications;
  GPtrArray *files;           /* char *: the records files read, in order */
  GPtrArray *warnings;        /* char *: conflicts and records left out, with file and line */
} RubricReviewImport;

/* One task of the adjudication queue. */
typedef struct
{
  gint64          task_id;        /* the row */
  char           *ext_id;
  char           *preview;
  RubricTaskKind  kind;
  guint           ord;
  guint           n_annotators;   /* with a submitted judgement */
  double          disagreement;   /* 0 (all alike) to 1 */
  char           *merge;          /* "unanimous", "majority", "adjudicated" or "unresolved" */
  char           *votes;          /* "A 2 · B 1"; "" for rankings */
} RubricReviewItem;

/* Everything the review window shows, computed off the main thread. */
typedef struct
{
  RubricAgreement   *agreement;
  RubricBias        *bias;
  RubricMergeReport *merge;
  GPtrArray         *items;   /* RubricReviewItem, most disagreement first */
} RubricReviewSummary;

gboolean             rubric_review_is_review        (json_object              *header);
GPtrArray           *rubric_review_list_files       (const char * const       *paths,
                                                     GError                  **error);
gboolean             rubric_review_import           (RubricStore              *store,
                                                     const char * const       *paths,
                                                     GCancellable             *cancellable,
                                                     RubricReviewImport      **result,
                                                     GError                  **error);
void                 rubric_review_import_free      (RubricReviewImport       *self);

char                *rubric_review_export_records   (RubricStore              *store,
                                                     gint64                    set_id,
                                                     GError                  **error);
RubricReviewSummary *rubric_review_summarize        (RubricStore              *store,
                                                     gint64                    set_id,
                                                     RubricMergeMethod         method,
                                                     GError                  **error);
void                 rubric_review_summary_free     (RubricReviewSummary      *self);
gboolean             rubric_review_merge            (RubricStore              *store,
                                                     gint64                    set_id,
                                                     RubricMergeMethod         method,
                                                     const char               *format,
                                                     const char               *output,
                                                     guint                    *n_written,
                                                     RubricMergeReport       **report,
                                                     GError                  **error);
gboolean             rubric_review_adjudicate       (RubricStore              *store,
                                                     gint64                    task_id,
                                                     gint64                    set_id,
                                                     const char               *lead,
                                                     RubricAnnotation         *decision,
                                                     GError                  **error);
gboolean             rubric_review_withdraw         (RubricStore              *store,
                                                     gint64                    task_id,
                                                     GError                  **error);
void                 rubric_review_item_free        (RubricReviewItem         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricReviewImport, rubric_review_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricReviewSummary, rubric_review_summary_free)

G_END_DECLS
