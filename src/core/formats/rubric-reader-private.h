/* rubric-reader-private.h — what the readers of src/core/formats/ share
 *
 * Each foreign format is a file with a detect and a convert function.
 * A converter turns one record of its format into native tasks (the
 * JSON of a rubric-tasks/1 line) and hands them to the reader with
 * _rubric_convert_emit(); the reader validates, numbers and stores
 * them like tasks read from a native file. Strings are taken over as
 * the json-c objects the file held, never copied through C strings,
 * so no text is trimmed, re-escaped or cut at a NUL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../rubric-format.h"
#include "../rubric-json.h"
#include "../rubric-task-reader.h"

G_BEGIN_DECLS

struct _RubricConvert
{
  const RubricFormatReader *format;
  const RubricReadOptions  *options;
  const char               *display_name;
  char                     *stem;        /* the file's name without folder and extensions */
  guint                     line;        /* where the record being converted starts */
  guint                     n_here;      /* tasks emitted for this record so far */
  json_object              *header;      /* the set's header; a converter may add a rubric */
  gpointer                  state;       /* a converter's own, freed with state_free */
  json_object              *source_strings[3];
  GDestroyNotify            state_free;

  /* The reader's side. */
  gpointer                  reader;
  void                    (*emit)    (gpointer     reader,
                                      json_object *task,
                                      guint        line);
  void                    (*problem) (gpointer     reader,
                                      guint        line,
                                      const char  *field,
                                      char        *message);
};

static inline gboolean
_rubric_reader_has (json_object *record,
                    const char  *key)
{
  return json_object_object_get_ex (record, key, NULL);
}

static inline json_object *
_rubric_reader_get (json_object *record,
                    const char  *key)
{
  json_object *value = NULL;

  json_object_object_get_ex (record, key, &value);
  return value;
}

gboolean     _rubric_reader_is_hh_transcript  (const char    *text);

/* Building tasks. */
json_object *_rubric_convert_task_new         (RubricConvert *conv,
                                               const char    *kind,
                                               const char    *id);
json_object *_rubric_convert_messages         (RubricConvert *conv,
                                               json_object   *array,
                                               const char    *role_key,
                                               const char    *content_key,
                                               const char    *field);
json_object *_rubric_convert_message_new      (const char    *role,
                                               json_object   *content);
gboolean     _rubric_convert_set_conversation (RubricConvert *conv,
                                               json_object   *task,
                                               json_object   *messages,
                                               guint          end,
                                               const char    *field);
guint        _rubric_convert_n_shared         (json_object   *a,
                                               json_object   *b,
                                               gboolean       whole);
int          _rubric_convert_shared_prompt    (json_object   *a,
                                               json_object   *b);
json_object *_rubric_convert_response_from    (json_object   *messages,
                                               guint          from,
                                               json_object   *content);
void         _rubric_convert_add_turns        (json_object   *response,
                                               json_object   *messages,
                                               guint          from);
json_object *_rubric_convert_add_response     (json_object   *task,
                                               json_object   *content,
                                               const char    *model);
void         _rubric_convert_add_under        (json_object   *object,
                                               const char    *group,
                                               const char    *name,
                                               json_object   *value);
json_object *_rubric_convert_gold             (RubricConvert *conv,
                                               json_object   *task);
json_object *_rubric_convert_source           (RubricConvert *conv);
void         _rubric_convert_pair             (RubricConvert *conv,
                                               json_object   *task,
                                               json_object   *chosen,
                                               json_object   *rejected,
                                               int            strength);
void         _rubric_convert_emit             (RubricConvert *conv,
                                               json_object   *task);
void         _rubric_convert_note             (RubricConvert *conv,
                                               guint          line,
                                               const char    *format,
                                               ...) G_GNUC_PRINTF (3, 4);
gboolean     _rubric_convert_fail             (RubricConvert *conv,
                                               const char    *field,
                                               const char    *format,
                                               ...) G_GNUC_PRINTF (3, 4);

/* Reading values the way datasets write them. */
gboolean     _rubric_convert_number           (json_object   *value,
                                               double        *number);
json_object *_rubric_convert_parse_json       (RubricConvert *conv,
                                               const char    *text,
                                               const char    *field);
json_object *_rubric_convert_text             (RubricConvert *conv,
                                               json_object   *record,
                                               const char    *key,
                                               const char    *field,
                                               gboolean       plain);
const char  *_rubric_convert_response_label   (guint          index);
json_object *_rubric_convert_response_id      (guint          index);
const char  *_rubric_convert_mapped           (RubricConvert *conv,
                                               const char    *field,
                                               guint          n);

/* One per format, each in its own file; rubric-format.c lists them.
 * Each names the variant of its format that @record is, or NULL. */
#define RUBRIC_DECLARE_READER(name) \
  const char *_rubric_detect_##name (json_object *record); \
  gboolean    _rubric_convert_##name (RubricConvert *conv, json_object *record)

const char *_rubric_detect_rubric_tasks (json_object *record);

RUBRIC_DECLARE_READER (records);
RUBRIC_DECLARE_READER (llamafactory_v1);
RUBRIC_DECLARE_READER (sharegpt);
RUBRIC_DECLARE_READER (oasst1);
RUBRIC_DECLARE_READER (oasst_trees);
RUBRIC_DECLARE_READER (openai_preference);
RUBRIC_DECLARE_READER (kto);
RUBRIC_DECLARE_READER (trl_unpaired);
RUBRIC_DECLARE_READER (sft);
RUBRIC_DECLARE_READER (prompt_completion);
RUBRIC_DECLARE_READER (alpaca);
RUBRIC_DECLARE_READER (trl);
RUBRIC_DECLARE_READER (hh);
RUBRIC_DECLARE_READER (chatbot_arena);
RUBRIC_DECLARE_READER (ultrafeedback);
RUBRIC_DECLARE_READER (ultrafeedback_binarized);
RUBRIC_DECLARE_READER (helpsteer);
RUBRIC_DECLARE_READER (helpsteer2_nemo);
RUBRIC_DECLARE_READER (helpsteer3);
RUBRIC_DECLARE_READER (shp);
RUBRIC_DECLARE_READER (labelstudio);
RUBRIC_DECLARE_READER (prodigy);
RUBRIC_DECLARE_READER (argilla);
RUBRIC_DECLARE_READER (arena_csv);
RUBRIC_DECLARE_READER (labelstudio_csv);
RUBRIC_DECLARE_READER (csv);
RUBRIC_DECLARE_READER (json_map);

/* In rubric-reader-csv.c, shared with rubric-reader-labelstudio.c,
 * which reads Label Studio's CSV export the same way once it has a map. */
gboolean _rubric_convert_csv_mapped (RubricConvert *conv,
                                     json_object   *record,
                                     const char    *default_id,
                                     gboolean       labelstudio);

void _rubric_finish_oasst1 (RubricConvert *conv);
void _rubric_finish_helpsteer (RubricConvert *conv);
void _rubric_finish_trl_unpaired (RubricConvert *conv);

G_END_DECLS
