/* rubric-annotation.h — the work one annotator did on one task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* The version of the JSON this model writes into the workspace and
 * the records export; older data reads as version 0. */
#define RUBRIC_ANNOTATION_SCHEMA 1

/* What rubric_annotation_get_score() says of a criterion not scored;
 * a scale may well include 0 (HelpSteer's runs 0–4). */
#define RUBRIC_SCORE_NONE G_MININT

typedef enum
{
  RUBRIC_ANNOTATION_NONE = -1,
  RUBRIC_ANNOTATION_DRAFT,
  RUBRIC_ANNOTATION_SUBMITTED,
  RUBRIC_ANNOTATION_SKIPPED,
} RubricAnnotationState;

/* A flagged passage of a response, in code points of the response as
 * written: content[start:end] == quote. */
typedef struct
{
  char  *response_id;   /* nullable: the one response of a review */
  guint  start;
  guint  end;
  char  *quote;
  char  *flag;
  char  *severity;      /* "minor", "major" or "critical" */
  char  *comment;
  char  *correction;
} RubricSpan;

/* A warning the person overruled, and why. */
typedef struct
{
  char *check;
  char *message;
  char *reason;
} RubricOverride;

/* A turn the person wrote: for an author task a user prompt and its
 * ideal answer; for a red-team task an attack and the target model's
 * reply, pasted in, with what the model did. */
typedef struct
{
  char *prompt;
  char *reply;
  char *outcome;        /* red-team: "complied", "partial" or "refused"; nullable */
} RubricTurn;

/* What an unset success says: a red-team attack not yet rated. */
#define RUBRIC_SUCCESS_NONE (-1)

typedef struct _RubricAnnotation RubricAnnotation;

struct _RubricAnnotation
{
  /* Where it is kept; the store sets these. */
  gint64                 id;
  gint64                 task_id;
  gint64                 set_id;
  char                  *annotator;
  RubricAnnotationState  state;
  RubricAnnotationState  saved_state;   /* the state the workspace holds */
  gint64                 revision;      /* as read or last saved; 0 if never saved */
  gint64                 created_at;
  gint64                 updated_at;
  gint64                 submitted_at;
  gint64                 active_ms;

  /* The judgement; choices are in the task file's terms. */
  char                  *choice;
  int                    strength;
  gboolean               swapped;
  char                  *justification;
  char                  *verdict;
  char                  *answer;
  char                  *skip_reason;
  guint                  pasted_chars;

  /* Reached through the functions below. */
  GPtrArray             *scores;        /* of private entries */
  GPtrArray             *flags;
  GPtrArray             *ranking;       /* response ids, best first */
  GPtrArray             *ties;          /* response ids sharing the rank above */
  GPtrArray             *spans;         /* RubricSpan */
  GPtrArray             *self_check;    /* criterion ids ticked */
  GPtrArray             *overrides;     /* RubricOverride */

  /* Author and red-team work: written only when there is some. */
  char                  *system;        /* an authored system message; NULL for none */
  GPtrArray             *turns;         /* RubricTurn */
  int                    success;       /* 0..RUBRIC_MAX_SUCCESS, or RUBRIC_SUCCESS_NONE */
  char                  *category;      /* the harm category */
  GPtrArray             *tags;          /* of the set's taxonomy */
  char                  *description;   /* of the attempt, in the red-teamer's words */
  char                  *safe_reply;    /* what the model should have said */
  json_object           *extra;         /* keys of newer versions, kept as they were */

  /* Where the person was: never exported. */
  char                  *view_state;
};

RubricAnnotation *rubric_annotation_new              (gint64                  task_id,
                                                      gint64                  set_id,
                                                      const char             *annotator);
RubricAnnotation *rubric_annotation_copy             (const RubricAnnotation *self);
RubricAnnotation *rubric_annotation_ref              (RubricAnnotation       *self);
void              rubric_annotation_unref            (RubricAnnotation       *self);

const char       *rubric_annotation_state_to_string  (RubricAnnotationState   state);
RubricAnnotationState rubric_annotation_state_from_string (const char        *str);

int               rubric_annotation_get_score        (const RubricAnnotation *self,
                                                      const char             *response_id,
                                                      const char             *criterion_id);
void              rubric_annotation_set_score        (RubricAnnotation       *self,
                                                      const char             *response_id,
                                                      const char             *criterion_id,
                                                      int                     score);
guint             rubric_annotation_count_scores     (const RubricAnnotation *self,
                                                      const char             *response_id);
gboolean          rubric_annotation_has_flag         (const RubricAnnotation *self,
                                                      const char             *response_id,
                                                      const char             *flag_id);
void              rubric_annotation_set_flag         (RubricAnnotation       *self,
                                                      const char             *response_id,
                                                      const char             *flag_id,
                                                      gboolean                set);
guint             rubric_annotation_count_flags      (const RubricAnnotation *self,
                                                      const char             *response_id);
gboolean          rubric_annotation_is_flagged       (const RubricAnnotation *self);

void              rubric_annotation_set_ranking      (RubricAnnotation       *self,
                                                      const char * const     *ids,
                                                      guint                   n_ids);
void              rubric_annotation_set_ties         (RubricAnnotation       *self,
                                                      const char * const     *ids,
                                                      guint                   n_ids);
gboolean          rubric_annotation_is_tied          (const RubricAnnotation *self,
                                                      const char             *response_id);

void              rubric_annotation_add_span         (RubricAnnotation       *self,
                                                      RubricSpan             *span);
void              rubric_annotation_remove_span      (RubricAnnotation       *self,
                                                      guint                   index);
RubricSpan       *rubric_span_new                    (void);
RubricSpan       *rubric_span_copy                   (const RubricSpan       *span);
void              rubric_span_free                   (RubricSpan             *span);

gboolean          rubric_annotation_is_self_checked  (const RubricAnnotation *self,
                                                      const char             *criterion_id);
void              rubric_annotation_set_self_checked (RubricAnnotation       *self,
                                                      const char             *criterion_id,
                                                      gboolean                checked);

void              rubric_annotation_set_overrides    (RubricAnnotation       *self,
                                                      GPtrArray              *checks,
                                                      const char             *reason);

RubricTurn       *rubric_annotation_add_turn         (RubricAnnotation       *self);
RubricTurn       *rubric_annotation_get_turn         (const RubricAnnotation *self,
                                                      guint                   index);
const char       *rubric_turn_outcome_get_label      (const char             *outcome);
gboolean          rubric_turn_outcome_is_valid       (const char             *outcome);
gboolean          rubric_annotation_has_tag          (const RubricAnnotation *self,
                                                      const char             *tag);
void              rubric_annotation_set_tag          (RubricAnnotation       *self,
                                                      const char             *tag,
                                                      gboolean                set);

void              rubric_annotation_set_text         (char                  **field,
                                                      const char             *text);

void              rubric_annotation_read_written     (RubricAnnotation       *self,
                                                      json_object            *data);
gboolean          rubric_annotation_load_data        (RubricAnnotation       *self,
                                                      const char             *json,
                                                      GError                **error);
char             *rubric_annotation_dup_data         (const RubricAnnotation *self);
void              rubric_annotation_append_fields    (const RubricAnnotation *self,
                                                      GString                *out,
                                                      gboolean               *first);
void              rubric_annotation_append_extra     (const RubricAnnotation *self,
                                                      GString                *out,
                                                      gboolean               *first);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricAnnotation, rubric_annotation_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricSpan, rubric_span_free)

G_END_DECLS
