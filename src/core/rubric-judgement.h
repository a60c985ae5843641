/* rubric-judgement.h — what a comparison decides, and its checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

#include "rubric-annotation.h"
#include "rubric-set-config.h"
#include "rubric-task.h"

G_BEGIN_DECLS

/* Choices are always in the task file's terms: A is its first
 * response, whatever side the screen showed it on. */
#define RUBRIC_CHOICE_A        "A"
#define RUBRIC_CHOICE_B        "B"
#define RUBRIC_CHOICE_TIE      "tie"
#define RUBRIC_CHOICE_BOTH_BAD "both-bad"

typedef enum
{
  RUBRIC_CHECK_ERROR,
  RUBRIC_CHECK_WARNING,
} RubricCheckLevel;

typedef struct
{
  RubricCheckLevel  level;
  char             *code;
  char             *message;
} RubricCheck;

typedef struct
{
  const RubricSetConfig  *config;
  RubricTask             *task;
  const RubricAnnotation *annotation;
} RubricJudgement;

guint        rubric_scale_max_strength    (guint                  scale);
gboolean     rubric_scale_to_choice       (guint                  scale,
                                           guint                  position,
                                           const char           **choice,
                                           int                   *strength);
guint        rubric_choice_to_scale       (guint                  scale,
                                           const char            *choice,
                                           int                    strength);
const char  *rubric_scale_label           (guint                  scale,
                                           guint                  position);

guint        rubric_count_words           (const char            *text);
GPtrArray   *rubric_cited_criteria        (const RubricSetConfig *config,
                                           const char            *text);
gboolean     rubric_weighted_total        (const RubricSetConfig *config,
                                           const RubricAnnotation *annotation,
                                           const char            *response_id,
                                           double                *total);
gint64       rubric_plausible_reading_ms  (RubricTask            *task);
GPtrArray   *rubric_judgement_check       (const RubricJudgement *judgement);
gboolean     rubric_checks_have_errors    (GPtrArray             *checks);
GPtrArray   *rubric_checks_new            (void);
void         rubric_checks_add            (GPtrArray             *checks,
                                           RubricCheckLevel       level,
                                           const char            *code,
                                           char                  *message);
GPtrArray   *rubric_answer_check          (const RubricSetConfig *config,
                                           const RubricAnnotation *annotation);
gboolean     rubric_ranking_ranks         (RubricTask            *task,
                                           const RubricAnnotation *annotation,
                                           int                   *ranks);
GPtrArray   *rubric_ranking_check         (const RubricSetConfig *config,
                                           RubricTask            *task,
                                           const RubricAnnotation *annotation);
GPtrArray   *rubric_review_check          (const RubricSetConfig *config,
                                           RubricTask            *task,
                                           const RubricAnnotation *annotation);
gboolean     rubric_side_swap             (const char            *task_id,
                                           const char            *annotator);


G_END_DECLS
