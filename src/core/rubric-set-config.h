/* rubric-set-config.h — a task set's rubric and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* A red-team attack's success: 0 (none) to 4 (complete). */
#define RUBRIC_SUCCESS_LEVELS 5

typedef struct
{
  char       *id;
  char       *name;
  char       *description;
  int         min;
  int         max;
  double      weight;
  GHashTable *labels;     /* score (as a string) → label */
} RubricCriterion;

typedef struct
{
  char *id;
  char *name;
  char *description;
} RubricFlag;

typedef struct
{
  char      *rubric_id;
  json_object *rubric_version;
  GPtrArray *criteria;    /* RubricCriterion */
  GPtrArray *flags;       /* RubricFlag */
  char      *guidelines;
  gboolean   allow_tie;
  gboolean   allow_both_bad;
  guint      preference_scale;
  guint      min_justification_words;
  gboolean   require_citation;
  gboolean   randomize_sides;
  guint      min_answer_words;   /* 0: no minimum */
  guint      max_answer_words;   /* 0: no maximum */
  gboolean   self_check;         /* ask for the self-check before submitting */
  gboolean   sensitive;          /* red-teaming material: a notice first */
  gboolean   show_gold;          /* the dataset's own label in sight while working */
  gboolean   practice;           /* "mode": "practice": feedback after each submission */
  gboolean   gold_visible;       /* FALSE: gold tasks are silent checks, nothing shown */
  double     repeat_swapped;     /* 0..1: the share of compare tasks shown again, sides swapped */
  /* "exam": a qualification exam; exam_time_limit_minutes 0 when none */
  gboolean   exam;
  double     exam_pass_mark;     /* 0..1 */
  guint      exam_time_limit_minutes;
  double     exam_time_limit_seconds;  /* as given: fractions of a minute too */
  guint      exam_attempts;      /* 0: no limit */
  guint      exam_retry_after_hours;
  gboolean   exam_feedback;      /* "end": what was right and wrong, at the end; "none": the score only */
  /* author: length guidance for the prompt, in words; 0 for none */
  guint      min_prompt_words;
  guint      max_prompt_words;
  /* red-team: the set's taxonomy ("taxonomy" in the header) */
  GPtrArray *harm_categories;    /* strings */
  GPtrArray *attack_tags;        /* strings */
  char      *success_labels[RUBRIC_SUCCESS_LEVELS];  /* 0..4; NULL where the set gives none */
} RubricSetConfig;

RubricSetConfig       *rubric_set_config_new            (json_object           *header);
RubricSetConfig       *rubric_set_config_ref            (RubricSetConfig       *self);
void                   rubric_set_config_unref          (RubricSetConfig       *self);
const RubricCriterion *rubric_set_config_find_criterion (const RubricSetConfig *self,
                                                         const char            *id);
const char            *rubric_criterion_get_label       (const RubricCriterion *criterion,
                                                         int                    score);
const char            *rubric_set_config_get_success_label (const RubricSetConfig *self,
                                                            int                    success);
char                  *rubric_set_config_check_header   (json_object           *header,
                                                         char                 **field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricSetConfig, rubric_set_config_unref)

G_END_DECLS
