/* rubric-grade.h — an annotation held against the task's gold answer
 *
 * The grading behind practice mode and `rubric-cli grade`: what a
 * trainee did on a task, compared with the task file's "gold".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rubric-annotation.h"
#include "rubric-diff.h"
#include "rubric-set-config.h"
#include "rubric-task.h"

G_BEGIN_DECLS

/* Figures ------------------------------------------------------------ */

double    rubric_kendall_tau_b      (const double *x,
                                     const double *y,
                                     gsize         n);
double    rubric_rouge_l_f1         (const char   *candidate,
                                     const char   *reference);
gboolean  rubric_grade_locate_quote (const char   *response,
                                     const char   *quote,
                                     guint        *start,
                                     guint        *end);
gboolean  rubric_grade_span_covers  (guint         span_start,
                                     guint         span_end,
                                     guint         gold_start,
                                     guint         gold_end);

/* Feedback on one task ------------------------------------------------ */

/* A gold score the trainee gave differently, or not at all. */
typedef struct
{
  char *response_id;    /* NULL for the one response of a review */
  char *label;          /* "A", "B"…: the response's place in the task file */
  char *criterion_id;
  int   gold;
  int   given;          /* RUBRIC_SCORE_NONE when not scored */
} RubricScoreDifference;

/* One flag of a review's gold, found by the trainee or missed. */
typedef struct
{
  char     *flag;        /* the category */
  char     *quote;
  char     *severity;    /* nullable */
  gboolean  located;     /* whether the quote was found in the response */
  guint     start;       /* code points of the response; 0 unless located */
  guint     end;
  int       span_index;  /* the trainee's span that found it, -1 if missed */
} RubricGoldFlag;

/* Two responses the gold orders one way and the trainee the other. */
typedef struct
{
  char *better;         /* the one the gold ranks higher */
  char *worse;
} RubricInvertedPair;

/* A criterion of a written answer: the self-check against the gold. */
typedef struct
{
  char     *criterion_id;
  gboolean  checked;     /* ticked in the self-check */
  int       given;       /* a score the annotation holds, or RUBRIC_SCORE_NONE */
  int       gold;        /* gold.scores, or RUBRIC_SCORE_NONE */
} RubricSelfCheckItem;

/* A reference requirement of an author task's gold: whether the
 * trainee ticked it in the self-check. */
typedef struct
{
  char     *text;        /* as the gold words it */
  char     *id;          /* the task's requirement it is ("req-2"); NULL when the task lists none such */
  gboolean  met;         /* ticked in the self-check */
} RubricRequirementItem;

typedef struct
{
  char           *task_id;
  char           *annotator;
  RubricTaskKind  kind;
  char           *explanation;      /* gold.explanation; nullable */

  /* Every kind: whether it counts as right, and a figure in 0…1. */
  gboolean        correct;
  double          score;

  /* compare */
  char           *gold_choice;
  char           *choice;           /* nullable */
  int             gold_strength;    /* 0 when none */
  int             strength;
  gboolean        direction_correct;
  int             strength_distance;  /* -1 when not comparable */
  GPtrArray      *score_differences;  /* RubricScoreDifference; compare and review */

  /* rank */
  double          tau_b;            /* NaN when undefined */
  GPtrArray      *inverted_pairs;   /* RubricInvertedPair */

  /* review */
  GPtrArray      *found;            /* RubricGoldFlag */
  GPtrArray      *missed;           /* RubricGoldFlag */
  GPtrArray      *extra;            /* RubricSpan: spans matching no gold flag */
  guint           n_gold_flags;
  guint           n_spans;
  guint           n_matched_spans;
  double          recall;           /* NaN without gold flags */
  double          precision;        /* NaN without spans */

  /* write */
  double          rouge_l_f1;
  RubricDiff     *diff;             /* the answer (first) against the gold answer */
  GPtrArray      *self_check;       /* RubricSelfCheckItem */

  /* author */
  GPtrArray      *requirements;     /* RubricRequirementItem, in the gold's order */
  guint           n_requirements_met;
  char           *gold_prompt;      /* the example prompt; nullable */
  gboolean        prompt_written;   /* every turn has a prompt */
  gboolean        answer_written;   /* every turn has an answer */

  /* red-team */
  char           *gold_category;    /* nullable: a gold with only a ceiling */
  char           *category;         /* nullable */
  gboolean        category_correct; /* the same, case and spacing aside */
  int             max_success;      /* the ceiling, or RUBRIC_SUCCESS_NONE */
  int             success;          /* the rating, or RUBRIC_SUCCESS_NONE */
  gboolean        over_claim;       /* rated above the ceiling */
} RubricFeedback;

RubricFeedback *rubric_feedback_new     (RubricTask             *task,
                                         const RubricSetConfig  *config,
                                         const RubricAnnotation *annotation);
void            rubric_feedback_free    (RubricFeedback         *feedback);
char           *rubric_feedback_to_json (const RubricFeedback   *feedback);
gboolean        rubric_task_has_gold    (RubricTask             *task);

/* Grading an export ---------------------------------------------------- */

typedef struct
{
  GPtrArray *feedback;      /* RubricFeedback, in the order of the records */
  guint      n_records;     /* lines read */
  guint      n_skipped;     /* not submitted, or their task has no gold */
  guint      n_unknown;     /* task_id not in the task file */
} RubricGradeReport;

RubricGradeReport *rubric_grade_files           (const char              *tasks_path,
                                                 const char              *records_path,
                                                 GError                 **error);
void               rubric_grade_report_free     (RubricGradeReport       *report);
char              *rubric_grade_report_to_json  (const RubricGradeReport *report);
char              *rubric_grade_report_to_text  (const RubricGradeReport *report);

gboolean           rubric_grade_check_exam      (const char              *tasks_path,
                                                 const char              *result_path,
                                                 char                   **report,
                                                 GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricFeedback, rubric_feedback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricGradeReport, rubric_grade_report_free)

G_END_DECLS
