/* rubric-writer-private.h — what the writers of src/core/formats/ share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../rubric-annotation.h"
#include "../rubric-export.h"
#include "../rubric-json.h"
#include "../rubric-set-config.h"
#include "../rubric-task.h"

G_BEGIN_DECLS

/* The decision a pair format writes, in the task file's terms. */
typedef struct
{
  int      chosen;     /* response index, -1 when the decision gives no pair */
  int      rejected;
  gboolean tie;
  gboolean both_bad;
  int      margin;     /* the strength, or the rank distance */
} RubricExportPair;

/* One annotation and its task, as rubric_export() hands it to a
 * writer. The strings belong to the export and live for one call. */
struct _RubricExportRow
{
  /* The task: its line as imported, and parsed (NULL if it does not parse). */
  const char            *raw;
  int                    raw_len;
  RubricTask            *task;
  const char            *ext_id;    /* a repeat's: its original's */
  gboolean               repeat;    /* shown again with the sides swapped: records only */
  const char            *set_name;
  json_object           *header;
  const RubricSetConfig *config;

  /* The annotation: the store's columns, then the judgement in its data. */
  const char            *annotator;
  const char            *state;
  const char            *choice;
  int                    strength;
  const char            *justification;
  int                    justification_len;
  const char            *answer;
  int                    answer_len;
  gboolean               swapped;
  gint64                 created_at;
  gint64                 updated_at;
  gint64                 submitted_at;
  gint64                 active_ms;
  RubricAnnotation      *annotation;

  /* RUBRIC_EXPORT_KIND_PAIRS and _DECISIONS: the one to write. */
  RubricExportPair       pair;
};

/* Messages, prompts and completions, as every chat format writes them. */
void         _rubric_writer_append_message    (GString          *out,
                                               const char       *role,
                                               json_object      *content);
void         _rubric_writer_append_messages   (GString          *out,
                                               RubricTask       *task);
void         _rubric_writer_append_prompt     (GString          *out,
                                               RubricTask       *task);
void         _rubric_writer_append_completion (GString          *out,
                                               RubricTask       *task,
                                               guint             index);
json_object *_rubric_writer_content_of        (RubricTask       *task,
                                               guint             index);
json_object *_rubric_writer_turns_of          (RubricTask       *task,
                                               int               index);
void         _rubric_writer_append_turns      (GString          *out,
                                               json_object      *turns);
void         _rubric_writer_append_conversation (GString        *out,
                                               RubricTask       *task,
                                               guint             index);

/* The task an author's conversation or a red-team attempt with a safe
 * reply makes (rubric-writer-authored.c); NULL when it makes none. */
json_object *_rubric_writer_authored_task     (const RubricExportRow *row);

guint _rubric_export_write_row (const RubricExportWriter  *writer,
                                GString                   *out,
                                RubricExportRow           *row,
                                const RubricExportOptions *options);

/* One per format, each in its own file; rubric-export.c lists them. */
guint _rubric_write_records           (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_trl               (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_trl_unpaired      (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_openai_preference (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_hh                (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_sft               (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_prompt_completion (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_helpsteer         (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_red_team_attempts (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
guint _rubric_write_rubric_tasks      (GString                   *out,
                                       const RubricExportRow     *row,
                                       const RubricExportOptions *options);
void  _rubric_write_rubric_tasks_header (GString                 *out,
                                       const char                *set_name,
                                       const RubricExportOptions *options);

G_END_DECLS
