/* rubric-reader-private.h — what the readers of src/core/formats/ share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../rubric-format.h"
#include "../rubric-json.h"

G_BEGIN_DECLS

static inline gboolean
_rubric_reader_has (json_object *record,
                    const char  *key)
{
  return json_object_object_get_ex (record, key, NULL);
}

gboolean    _rubric_reader_is_hh_transcript    (const char  *text);

/* One per format, each in its own file; rubric-format.c lists them.
 * Each names the variant of its format that @record is, or NULL. */
const char *_rubric_detect_rubric_tasks       (json_object *record);
const char *_rubric_detect_llamafactory_v1    (json_object *record);
const char *_rubric_detect_sharegpt           (json_object *record);
const char *_rubric_detect_oasst1             (json_object *record);
const char *_rubric_detect_openai_preference  (json_object *record);
const char *_rubric_detect_kto                (json_object *record);
const char *_rubric_detect_sft                (json_object *record);
const char *_rubric_detect_trl                (json_object *record);
const char *_rubric_detect_hh                 (json_object *record);
const char *_rubric_detect_chatbot_arena      (json_object *record);

G_END_DECLS
