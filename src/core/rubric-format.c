/* rubric-format.c
 *
 * The table of readers. Each format's detection (and, once it has an
 * importer, its reading) is a file in src/core/formats/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include "formats/rubric-reader-private.h"
#include "rubric-format.h"
#include "rubric-json.h"

/*
 * Every format Rubric recognises, native first. Detection asks them in
 * this order and the first that names a record wins, so a format whose
 * records carry another's keys and more (KTO's label beside SFT's
 * messages) comes before it.
 *
 * Only the native reader reads: the others recognise their format, and
 * a file in it is refused with that name. An importer is a file in
 * src/core/formats/ with an open function, set on its line here.
 *
 * TODO (the importers' issue): rubric-import.c opens every file with
 * the native reader, and check_foreign() in rubric-task-reader.c
 * refuses what rubric_format_sniff() names. Choose the reader with
 * rubric_format_detect() or with a --from FORMAT option of rubric-cli
 * validate and import (FORMAT being a reader's id, listed from this
 * table), and let RubricTaskReader take a record converter or become
 * an interface that the importers implement.
 */
static const RubricFormatReader readers[] = {
  { "rubric-tasks", "Rubric task file (" RUBRIC_TASKS_FORMAT ")", _rubric_detect_rubric_tasks, rubric_task_reader_new },
  { "llamafactory-v1", "LLaMA-Factory v1 preference data", _rubric_detect_llamafactory_v1, NULL },
  { "sharegpt", "ShareGPT conversations (LLaMA-Factory)", _rubric_detect_sharegpt, NULL },
  { "oasst1", "OpenAssistant oasst1 messages", _rubric_detect_oasst1, NULL },
  { "openai-preference", "OpenAI preference fine-tuning data", _rubric_detect_openai_preference, NULL },
  { "kto", "Unpaired preference (KTO) data", _rubric_detect_kto, NULL },
  { "sft", "Fine-tuning data (messages, or prompt and completion)", _rubric_detect_sft, NULL },
  { "trl", "TRL preference data", _rubric_detect_trl, NULL },
  { "hh", "Anthropic HH preference data", _rubric_detect_hh, NULL },
  { "chatbot-arena", "Chatbot Arena comparisons", _rubric_detect_chatbot_arena, NULL },
};

/**
 * rubric_format_readers:
 * @n_readers: (out): how many there are
 *
 * Returns: (array length=n_readers) (transfer none): every format
 *   Rubric recognises, the native one first, in the order detection
 *   asks them
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

static const RubricFormatReader *
detect_from (guint         first,
             json_object  *record,
             const char  **description)
{
  if (!json_object_is_type (record, json_type_object))
    return NULL;
  for (guint i = first; i < G_N_ELEMENTS (readers); i++)
    {
      const char *name = readers[i].detect (record);

      if (name != NULL)
        {
          if (description != NULL)
            *description = name;
          return &readers[i];
        }
    }
  return NULL;
}

/**
 * rubric_format_detect:
 * @record: the first record of a file
 * @description: (out) (optional): the variant of the format, as a phrase
 *
 * Returns: (nullable) (transfer none): the reader of @record's format
 */
const RubricFormatReader *
rubric_format_detect (json_object  *record,
                      const char  **description)
{
  return detect_from (0, record, description);
}

/**
 * rubric_format_sniff:
 * @record: the first record of a file, which is not a Rubric task
 *
 * Recognises the dataset formats of preference and fine-tuning data
 * by their keys, the way a person would.
 *
 * Returns: (nullable): a description of the format, or %NULL
 */
const char *
rubric_format_sniff (json_object *record)
{
  const char *description = NULL;

  G_STATIC_ASSERT (G_N_ELEMENTS (readers) > 1);
  g_assert (readers[0].detect == _rubric_detect_rubric_tasks);
  detect_from (1, record, &description);
  return description;
}
