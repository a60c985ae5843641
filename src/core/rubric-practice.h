/* rubric-practice.h — practice results, sessions and exam attempts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-store.h"

G_BEGIN_DECLS

/* A practice session: submissions with no pause longer than this. */
#define RUBRIC_PRACTICE_SESSION_GAP_MS (30 * 60 * 1000)

/* How one practised (or examined) submission compared with the gold. */
typedef struct
{
  gint64  set_id;
  gint64  task_id;
  char   *ext_id;
  char   *kind;
  gboolean correct;
  double  score;            /* 0..1 */
  char   *detail;           /* the feedback as JSON (rubric_feedback_to_json) */
  gint64  active_ms;
  gint64  submitted_at;
  gint64  exam_attempt;     /* 0 outside exams */
} RubricPracticeResult;

/* A figure by kind or by criterion. */
typedef struct
{
  char   *name;
  guint   n;
  guint   n_correct;
} RubricTally;

typedef struct
{
  gint64     started_at;
  gint64     ended_at;
  guint      n;
  guint      n_correct;
  gint64     active_ms;      /* in all */
  GPtrArray *by_kind;        /* RubricTally, kinds in a fixed order */
  GPtrArray *by_criterion;   /* RubricTally: scores within a point of the gold */
  GPtrArray *missed;         /* ext ids of tasks done wrong, in order */
} RubricPracticeSession;

typedef struct
{
  gint64   id;
  gint64   set_id;
  gint64   started_at;
  gint64   deadline;         /* 0: no time limit */
  gint64   finished_at;      /* 0 while running */
  double   score;
  gboolean passed;
  char    *result;           /* JSON, once finished */
} RubricExamAttempt;

void                   rubric_practice_result_free   (RubricPracticeResult  *self);
void                   rubric_practice_session_free  (RubricPracticeSession *self);
void                   rubric_exam_attempt_free      (RubricExamAttempt     *self);

gboolean               rubric_practice_set_mode      (RubricStore  *store,
                                                      gint64        set_id,
                                                      gboolean      practice,
                                                      GError      **error);
gboolean               rubric_practice_get_mode      (RubricStore  *store,
                                                      gint64        set_id,
                                                      gboolean     *practice,
                                                      GError      **error);
gboolean               rubric_practice_add_result    (RubricStore  *store,
                                                      const RubricPracticeResult *result,
                                                      const char   *annotator,
                                                      GError      **error);
GPtrArray             *rubric_practice_list_results  (RubricStore  *store,
                                                      const char   *annotator,
                                                      gint64        set_id,
                                                      gint64        exam_attempt,
                                                      GError      **error);
GPtrArray             *rubric_practice_sessions      (GPtrArray    *results);
RubricPracticeSession *rubric_practice_summarize     (GPtrArray    *results,
                                                      guint         from,
                                                      guint         to);

RubricExamAttempt     *rubric_exam_start             (RubricStore  *store,
                                                      gint64        set_id,
                                                      const char   *annotator,
                                                      gint64        now,
                                                      gint64        deadline,
                                                      GError      **error);
gboolean               rubric_exam_finish            (RubricStore  *store,
                                                      RubricExamAttempt *attempt,
                                                      gint64        now,
                                                      double        score,
                                                      gboolean      passed,
                                                      const char   *result,
                                                      GError      **error);
GPtrArray             *rubric_exam_list_attempts     (RubricStore  *store,
                                                      gint64        set_id,
                                                      const char   *annotator,
                                                      GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricPracticeResult, rubric_practice_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricPracticeSession, rubric_practice_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricExamAttempt, rubric_exam_attempt_free)

G_END_DECLS
