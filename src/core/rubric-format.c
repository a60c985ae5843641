/* rubric-format.c
 *
 * The table of readers. Each format's detection and converter is a
 * file in src/core/formats/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "formats/rubric-reader-private.h"
#include "rubric-format.h"
#include "rubric-json.h"

#define READER(id, label, name) \
  { id, label, _rubric_detect_##name, _rubric_convert_##name, NULL, FALSE }
#define GROUPING_READER(id, label, name) \
  { id, label, _rubric_detect_##name, _rubric_convert_##name, _rubric_finish_##name, FALSE }
#define CSV_READER(id, label, name) \
  { id, label, _rubric_detect_##name, _rubric_convert_##name, NULL, TRUE }

/*
 * Every format Rubric reads, native first. Detection asks them in this
 * order and the first that names a record wins, so a format whose
 * records carry another's keys and more (KTO's label beside SFT's
 * messages, UltraFeedback's scores beside TRL's chosen and rejected)
 * comes before it. An id that a writer has too (rubric-cli export
 * --format) reads what that writer writes.
 */
static const RubricFormatReader readers[] = {
  { "rubric-tasks", "Rubric task file (" RUBRIC_TASKS_FORMAT ")", _rubric_detect_rubric_tasks, NULL, NULL, FALSE },
  READER ("records", "Rubric annotation records", records),
  READER ("llamafactory-v1", "LLaMA-Factory v1 preference data", llamafactory_v1),
  READER ("sharegpt", "ShareGPT conversations", sharegpt),
  READER ("oasst-trees", "OpenAssistant message trees", oasst_trees),
  GROUPING_READER ("oasst1", "OpenAssistant (oasst1) messages", oasst1),
  READER ("openai-preference", "OpenAI preference fine-tuning data", openai_preference),
  READER ("ultrafeedback", "UltraFeedback ratings", ultrafeedback),
  READER ("ultrafeedback-binarized", "UltraFeedback binarized preferences", ultrafeedback_binarized),
  READER ("helpsteer3", "HelpSteer3 preferences", helpsteer3),
  READER ("helpsteer2-nemo", "HelpSteer2 attributes (NeMo regression form)", helpsteer2_nemo),
  GROUPING_READER ("helpsteer", "HelpSteer2 ratings", helpsteer),
  READER ("shp", "Stanford Human Preferences (SHP)", shp),
  READER ("chatbot-arena", "Chatbot Arena conversations", chatbot_arena),
  READER ("labelstudio", "Label Studio JSON export", labelstudio),
  READER ("prodigy", "Prodigy annotations", prodigy),
  READER ("argilla", "Argilla records", argilla),
  READER ("kto", "Unpaired preference (KTO) messages", kto),
  GROUPING_READER ("trl-unpaired", "TRL unpaired preference (prompt, completion, label)", trl_unpaired),
  READER ("alpaca", "Alpaca instructions", alpaca),
  READER ("sft", "Chat messages (OpenAI chat fine-tuning, TRL messages)", sft),
  READER ("prompt-completion", "Prompt and completion", prompt_completion),
  READER ("trl", "TRL preference pairs", trl),
  READER ("hh", "Anthropic HH preference data", hh),
  READER ("json-map", "JSON records with a field map", json_map),
  CSV_READER ("arena-csv", "Chatbot Arena human preference CSV", arena_csv),
  CSV_READER ("labelstudio-csv", "Label Studio CSV or TSV export", labelstudio_csv),
  CSV_READER ("csv", "CSV or TSV with a column map", csv),
};

/**
 * rubric_format_readers:
 * @n_readers: (out): how many there are
 *
 * Returns: (array length=n_readers) (transfer none): every format
 *   Rubric reads, the native one first, in the order detection asks them
 */
const RubricFormatReader *
rubric_format_readers (guint *n_readers)
{
  g_return_val_if_fail (n_readers != NULL, NULL);

  *n_readers = G_N_ELEMENTS (readers);
  return readers;
}

/**
 * rubric_format_reader_lookup:
 *
 * Returns: (nullable) (transfer none): the reader named @id
 */
const RubricFormatReader *
rubric_format_reader_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (readers); i++)
    {
      if (strcmp (id, readers[i].id) == 0)
        return &readers[i];
    }
  return NULL;
}

/**
 * rubric_format_detect:
 * @record: the first record of a file: a JSON object, or a CSV file's
 *   first row keyed by its column names
 * @csv: whether @record is a CSV row
 * @description: (out) (optional): the variant of the format, as a phrase
 *
 * Returns: (nullable) (transfer none): the reader of @record's format
 */
const RubricFormatReader *
rubric_format_detect (json_object  *record,
                      gboolean      csv,
                      const char  **description)
{
  if (!json_object_is_type (record, json_type_object))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      const char *name;

      if (readers[i].csv != csv)
        continue;
      if ((name = readers[i].detect (record)) != NULL)
        {
          if (description != NULL)
            *description = name;
          return &readers[i];
        }
    }
  return NULL;
}

/**
 * rubric_format_list_ids:
 *
 * Returns: (transfer full): the ids of the JSON readers, or of the CSV
 *   ones, as "a, b or c"
 */
char *
rubric_format_list_ids (gboolean csv)
{
  GString *out = g_string_new (NULL);
  guint n = 0, seen = 0;

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    n += readers[i].csv == csv;
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      if (readers[i].csv != csv)
        continue;
      if (seen > 0)
        g_string_append (out, seen + 1 == n ? " or " : ", ");
      g_string_append (out, readers[i].id);
      seen++;
    }
  return g_string_free (out, FALSE);
}
