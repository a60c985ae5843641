/* rubric-records.h — records exports read back a line at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* A record's choice, as a number to count and index with. */
typedef enum
{
  RUBRIC_RECORD_CHOICE_NONE = -1,
  RUBRIC_RECORD_CHOICE_A,
  RUBRIC_RECORD_CHOICE_B,
  RUBRIC_RECORD_CHOICE_TIE,
  RUBRIC_RECORD_CHOICE_BOTH_BAD,
  RUBRIC_RECORD_N_CHOICES,
} RubricRecordChoice;

/* The annotator of a lead's final decisions. */
#define RUBRIC_ADJUDICATOR "adjudicator"

/* Called for each record; @record belongs to the reader. */
typedef void (*RubricRecordFunc) (json_object *record,
                                  const char  *task_id,
                                  gboolean     submitted,
                                  gpointer     user_data);

/* Called in a worker thread for each record, records of one file in
 * any order and at once; returns what the consumer needs of @record (it
 * is freed afterwards), or %NULL for nothing. It may read @user_data,
 * never change it. */
typedef gpointer (*RubricRecordExtractFunc) (json_object *record,
                                             const char  *task_id,
                                             gboolean     submitted,
                                             gpointer     user_data);
/* Called in the calling thread for each extracted item, in file order;
 * it owns @item. */
typedef void     (*RubricRecordConsumeFunc) (gpointer     item,
                                             gpointer     user_data);

gboolean           rubric_records_foreach      (const char        *path,
                                                RubricRecordFunc   func,
                                                gpointer           user_data,
                                                GError           **error);
gboolean           rubric_records_foreach_parallel (const char              *path,
                                                    RubricRecordExtractFunc  extract,
                                                    RubricRecordConsumeFunc  consume,
                                                    GDestroyNotify           item_free,
                                                    gpointer                 user_data,
                                                    GError                 **error);
gboolean           rubric_records_is_adjudication (json_object     *record);
gboolean           rubric_records_is_repeat    (json_object       *record);
RubricRecordChoice rubric_records_parse_choice (const char        *choice);

G_END_DECLS
