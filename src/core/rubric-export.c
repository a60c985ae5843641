/* rubric-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "rubric-atomic-file.h"
#include "rubric-diff.h"
#include "rubric-error.h"
#include "rubric-export.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-set-config.h"
#include "rubric-store-private.h"

#define FLUSH_SIZE (1024 * 1024)

typedef struct
{
  const char       *raw;
  int               raw_len;
  const char       *ext_id;
  gint64            set_id;
  const char       *set_name;
  const char       *annotator;
  const char       *state;
  const char       *choice;
  int               strength;
  const char       *justification;
  int               justification_len;
  const char       *data;
  gint64            created_at;
  gint64            updated_at;
  gint64            submitted_at;
  gint64            active_ms;
  gboolean          swapped;
  const char       *answer;
  int               answer_len;
} Row;

typedef struct
{
  gint64       set_id;
  json_object *header;
} SetCache;

static const struct
{
  const char *name;
  const char *label;
} formats[] = {
  { "records", N_("Annotation records (everything)") },
  { "trl", N_("TRL preference pairs (prompt, chosen, rejected)") },
  { "trl-unpaired", N_("TRL unpaired (prompt, completion, label)") },
  { "openai-preference", N_("OpenAI preference (input, preferred_output)") },
  { "hh", N_("Anthropic HH transcripts (chosen, rejected)") },
  { "sft", N_("Chat SFT messages (written answers)") },
  { "prompt-completion", N_("Prompt and completion (written answers)") },
  { "helpsteer", N_("HelpSteer ratings (prompt, response, a score per criterion)") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (formats) == RUBRIC_EXPORT_N_FORMATS);

const char *
rubric_export_format_to_string (RubricExportFormat format)
{
  g_return_val_if_fail (format < RUBRIC_EXPORT_N_FORMATS, NULL);
  return formats[format].name;
}

const char *
rubric_export_format_get_label (RubricExportFormat format)
{
  g_return_val_if_fail (format < RUBRIC_EXPORT_N_FORMATS, NULL);
  return _(formats[format].label);
}

gboolean
rubric_export_format_from_string (const char         *str,
                                  RubricExportFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (formats); i++)
    {
      if (strcmp (str, formats[i].name) == 0)
        {
          *format = (RubricExportFormat) i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
append_time (GString    *out,
             const char *key,
             gint64      ms,
             gboolean   *first)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  rubric_json_append_key (out, first, key);
  if (ms == 0 || !(dt = g_date_time_new_from_unix_utc (ms / 1000)))
    {
      g_string_append (out, "null");
      return;
    }
  text = g_date_time_format_iso8601 (dt);
  rubric_json_append_cstring (out, text);
}

static void
append_rubric_ref (GString     *out,
                   json_object *header)
{
  json_object *rubric = rubric_json_get_typed (header, "rubric", json_type_object);
  json_object *version = NULL;
  gboolean first = TRUE;

  if (rubric == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "id");
  rubric_json_append_cstring (out, rubric_json_get_string (rubric, "id"));
  rubric_json_append_key (out, &first, "version");
  if (json_object_object_get_ex (rubric, "version", &version))
    rubric_json_append_value (out, version);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

static const char *
chosen_response_id (json_object *task,
                    const char  *choice)
{
  json_object *responses = rubric_json_get_typed (task, "responses", json_type_array);
  int index;

  if (responses == NULL || choice == NULL || (strcmp (choice, "A") != 0 && strcmp (choice, "B") != 0))
    return NULL;
  index = choice[0] - 'A';
  if ((gsize) index >= json_object_array_length (responses))
    return NULL;
  return rubric_json_get_string (json_object_array_get_idx (responses, index), "id");
}

/* Everything Rubric knows about one annotation; the task itself goes
 * in verbatim, so keys Rubric does not know pass through. */
static guint
write_record (GString     *out,
              const Row   *row,
              json_object *header)
{
  g_autoptr(json_object) task = json_tokener_parse (row->raw);
  g_autoptr(json_object) data = json_tokener_parse (row->data);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "task_id");
  rubric_json_append_cstring (out, row->ext_id);
  rubric_json_append_key (out, &first, "task_set");
  rubric_json_append_cstring (out, row->set_name);
  rubric_json_append_key (out, &first, "kind");
  rubric_json_append_cstring (out, rubric_json_get_string (task, "kind"));
  rubric_json_append_key (out, &first, "annotator");
  rubric_json_append_cstring (out, row->annotator);
  rubric_json_append_key (out, &first, "state");
  rubric_json_append_cstring (out, row->state);
  rubric_json_append_key (out, &first, "rubric");
  append_rubric_ref (out, header);
  rubric_json_append_key (out, &first, "choice");
  rubric_json_append_cstring (out, row->choice);
  rubric_json_append_key (out, &first, "chosen_response");
  rubric_json_append_cstring (out, chosen_response_id (task, row->choice));
  rubric_json_append_key (out, &first, "strength");
  if (row->strength > 0)
    g_string_append_printf (out, "%d", row->strength);
  else
    g_string_append (out, "null");
  rubric_json_append_key (out, &first, "justification");
  rubric_json_append_string (out, row->justification, row->justification_len);
  rubric_json_append_key (out, &first, "swapped");
  g_string_append (out, row->swapped ? "true" : "false");
  if (g_strcmp0 (rubric_json_get_string (task, "kind"), "write") == 0)
    {
      const char *draft = rubric_json_get_string (task, "draft");

      rubric_json_append_key (out, &first, "answer");
      rubric_json_append_string (out, row->answer, row->answer_len);
      rubric_json_append_key (out, &first, "draft_edit_distance_words");
      if (draft != NULL)
        {
          g_autoptr(RubricDiff) diff = rubric_diff_words (draft, row->answer);
          g_string_append_printf (out, "%u", diff->n_removed + diff->n_added);
        }
      else
        g_string_append (out, "null");
    }

  if (json_object_is_type (data, json_type_object))
    {
      json_object_object_foreach (data, key, value)
        {
          rubric_json_append_key (out, &first, key);
          rubric_json_append_value (out, value);
        }
    }

  append_time (out, "created_at", row->created_at, &first);
  append_time (out, "updated_at", row->updated_at, &first);
  append_time (out, "submitted_at", row->submitted_at, &first);
  rubric_json_append_key (out, &first, "active_seconds");
  g_string_append_printf (out, "%.1f", row->active_ms / 1000.0);
  rubric_json_append_key (out, &first, "task");
  g_string_append_len (out, row->raw, row->raw_len);
  g_string_append (out, "}\n");
  return TRUE;
}

static void
append_message (GString    *out,
                const char *role,
                json_object *content)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "role");
  rubric_json_append_cstring (out, role);
  rubric_json_append_key (out, &first, "content");
  rubric_json_append_value (out, content);
  g_string_append_c (out, '}');
}

static void
append_messages (GString    *out,
                 RubricTask *task)
{
  json_object *system = rubric_json_get_typed (task->object, "system", json_type_string);

  g_string_append_c (out, '[');
  if (system != NULL)
    {
      append_message (out, "system", system);
      g_string_append_c (out, ',');
    }
  for (guint i = 0; i < rubric_task_get_n_context (task); i++)
    {
      json_object *message = rubric_task_get_context (task, i);

      append_message (out, rubric_json_get_string (message, "role"), json_object_object_get (message, "content"));
      g_string_append_c (out, ',');
    }
  append_message (out, "user", json_object_object_get (task->object, "prompt"));
  g_string_append_c (out, ']');
}

static void
append_prompt (GString    *out,
               RubricTask *task)
{
  if (rubric_task_is_conversational (task))
    append_messages (out, task);
  else
    rubric_json_append_value (out, json_object_object_get (task->object, "prompt"));
}

static void
append_completion (GString    *out,
                   RubricTask *task,
                   guint       index)
{
  json_object *content = json_object_object_get (rubric_task_get_response (task, index), "content");

  if (!rubric_task_is_conversational (task))
    {
      rubric_json_append_value (out, content);
      return;
    }
  g_string_append_c (out, '[');
  append_message (out, "assistant", content);
  g_string_append_c (out, ']');
}

/* The decision of one annotation, in the task file's terms. */
typedef struct
{
  RubricTask *task;
  int         chosen;     /* response index, -1 when there is no pair */
  int         rejected;
  gboolean    tie;
  gboolean    both_bad;
  int         strength;   /* the margin: strength, or rank distance */
} Decision;

static gboolean
decide (const Row  *row,
        Decision   *decision)
{
  g_autoptr(json_object) object = NULL;

  memset (decision, 0, sizeof *decision);
  decision->chosen = -1;
  if (row->choice == NULL || strcmp (row->state, "submitted") != 0)
    return FALSE;
  if (!(object = json_tokener_parse (row->raw)))
    return FALSE;
  decision->task = rubric_task_new (object);
  if (decision->task->kind != RUBRIC_TASK_KIND_COMPARE || rubric_task_get_n_responses (decision->task) != 2)
    {
      g_clear_pointer (&decision->task, rubric_task_free);
      return FALSE;
    }
  decision->strength = row->strength;
  if (strcmp (row->choice, "A") == 0)
    decision->chosen = 0;
  else if (strcmp (row->choice, "B") == 0)
    decision->chosen = 1;
  decision->rejected = 1 - decision->chosen;
  decision->tie = strcmp (row->choice, "tie") == 0;
  decision->both_bad = strcmp (row->choice, "both-bad") == 0;
  return TRUE;
}

static json_object *
content_of (RubricTask *task,
            guint       index)
{
  return json_object_object_get (rubric_task_get_response (task, index), "content");
}

/* A clear choice between two responses becomes one pair. */
static gboolean
write_trl (GString                   *out,
           const Decision            *d,
           const RubricExportOptions *options)
{
  gboolean first = TRUE;

  if (d->chosen < 0)
    return FALSE;
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "prompt");
  append_prompt (out, d->task);
  rubric_json_append_key (out, &first, "chosen");
  append_completion (out, d->task, d->chosen);
  rubric_json_append_key (out, &first, "rejected");
  append_completion (out, d->task, d->rejected);
  if (options->margin)
    {
      rubric_json_append_key (out, &first, "margin");
      g_string_append_printf (out, "%d", MAX (1, d->strength));
    }
  g_string_append (out, "}\n");
  return TRUE;
}

static void
append_unpaired (GString    *out,
                 RubricTask *task,
                 guint       index,
                 gboolean    label)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "prompt");
  append_prompt (out, task);
  rubric_json_append_key (out, &first, "completion");
  append_completion (out, task, index);
  rubric_json_append_key (out, &first, "label");
  g_string_append (out, label ? "true" : "false");
  g_string_append (out, "}\n");
}

static guint
write_trl_unpaired (GString                   *out,
                    const Decision            *d,
                    const RubricExportOptions *options)
{
  if (d->chosen >= 0)
    {
      append_unpaired (out, d->task, d->chosen, TRUE);
      append_unpaired (out, d->task, d->rejected, FALSE);
      return 2;
    }
  if (d->both_bad || (d->tie && options->ties == RUBRIC_TIES_UNPAIRED))
    {
      append_unpaired (out, d->task, 0, d->tie);
      append_unpaired (out, d->task, 1, d->tie);
      return 2;
    }
  return 0;
}


static gboolean
write_openai_preference (GString                   *out,
                         const Decision            *d,
                         const RubricExportOptions *options)
{
  gboolean first = TRUE;
  gboolean inner = TRUE;

  if (d->chosen < 0)
    return FALSE;
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "input");
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &inner, "messages");
  append_messages (out, d->task);
  g_string_append_c (out, '}');
  rubric_json_append_key (out, &first, "preferred_output");
  g_string_append_c (out, '[');
  append_message (out, "assistant", content_of (d->task, d->chosen));
  g_string_append (out, "]");
  rubric_json_append_key (out, &first, "non_preferred_output");
  g_string_append_c (out, '[');
  append_message (out, "assistant", content_of (d->task, d->rejected));
  g_string_append (out, "]}\n");
  return TRUE;
}

/* "\n\nHuman: …\n\nAssistant: …" turns; a system message, which HH
 * has no role for, stands before the first turn. */
static void
append_transcript (GString    *out,
                   RubricTask *task,
                   guint       index)
{
  g_autoptr(GString) text = g_string_new (rubric_task_get_system (task));
  json_object *content = content_of (task, index);

  for (guint i = 0; i < rubric_task_get_n_context (task); i++)
    {
      json_object *message = rubric_task_get_context (task, i);
      json_object *turn = json_object_object_get (message, "content");
      const char *role = rubric_json_get_string (message, "role");

      if (g_strcmp0 (role, "system") == 0)
        g_string_append (text, "\n\n");
      else
        g_string_append (text, g_strcmp0 (role, "assistant") == 0 ? "\n\nAssistant: " : "\n\nHuman: ");
      g_string_append_len (text, json_object_get_string (turn), json_object_get_string_len (turn));
    }
  g_string_append (text, "\n\nHuman: ");
  g_string_append (text, rubric_task_get_prompt (task));
  g_string_append (text, "\n\nAssistant: ");
  g_string_append_len (text, json_object_get_string (content), json_object_get_string_len (content));
  rubric_json_append_string (out, text->str, text->len);
}

static gboolean
write_hh (GString                   *out,
          const Decision            *d,
          const RubricExportOptions *options)
{
  gboolean first = TRUE;

  if (d->chosen < 0)
    return FALSE;
  g_string_append_c (out, '{');
  rubric_json_append_key (out, &first, "chosen");
  append_transcript (out, d->task, d->chosen);
  rubric_json_append_key (out, &first, "rejected");
  append_transcript (out, d->task, d->rejected);
  g_string_append (out, "}\n");
  return TRUE;
}

/* A written answer, as chat messages or as prompt and completion. */
static gboolean
write_answer (GString                   *out,
              RubricExportFormat         format,
              const Row                 *row)
{
  g_autoptr(json_object) object = NULL;
  g_autoptr(RubricTask) task = NULL;
  g_autoptr(json_object) answer = NULL;
  gboolean first = TRUE;

  if (strcmp (row->state, "submitted") != 0 || row->answer_len == 0 || !(object = json_tokener_parse (row->raw)))
    return FALSE;
  task = rubric_task_new (object);
  if (task->kind != RUBRIC_TASK_KIND_WRITE)
    return FALSE;
  answer = json_object_new_string_len (row->answer, row->answer_len);

  g_string_append_c (out, '{');
  if (format == RUBRIC_EXPORT_SFT)
    {
      rubric_json_append_key (out, &first, "messages");
      append_messages (out, task);
      g_string_truncate (out, out->len - 1);
      g_string_append_c (out, ',');
      append_message (out, "assistant", answer);
      g_string_append_c (out, ']');
    }
  else
    {
      rubric_json_append_key (out, &first, "prompt");
      append_prompt (out, task);
      rubric_json_append_key (out, &first, "completion");
      if (rubric_task_is_conversational (task))
        {
          g_string_append_c (out, '[');
          append_message (out, "assistant", answer);
          g_string_append_c (out, ']');
        }
      else
        rubric_json_append_value (out, answer);
    }
  g_string_append (out, "}\n");
  return TRUE;
}

static guint
write_pair (GString                   *out,
            RubricExportFormat         format,
            const Decision            *d,
            const RubricExportOptions *options)
{
  switch (format)
    {
    case RUBRIC_EXPORT_TRL:
      return write_trl (out, d, options);
    case RUBRIC_EXPORT_OPENAI_PREFERENCE:
      return write_openai_preference (out, d, options);
    case RUBRIC_EXPORT_HH:
      return write_hh (out, d, options);
    case RUBRIC_EXPORT_RECORDS:
    case RUBRIC_EXPORT_TRL_UNPAIRED:
    case RUBRIC_EXPORT_SFT:
    case RUBRIC_EXPORT_PROMPT_COMPLETION:
    case RUBRIC_EXPORT_HELPSTEER:
    case RUBRIC_EXPORT_N_FORMATS:
    default:
      return 0;
    }
}

/* A ranking of K gives every ordered pair but the tied ones, each with
 * the rank distance as its margin. */
static guint
write_ranking (GString                   *out,
               RubricExportFormat         format,
               const Row                 *row,
               const RubricExportOptions *options)
{
  g_autoptr(json_object) object = NULL;
  g_autoptr(json_object) data = NULL;
  g_autoptr(RubricTask) task = NULL;
  int ranks[RUBRIC_MAX_RESPONSES];
  guint n_written = 0;
  guint n;

  if (strcmp (row->state, "submitted") != 0 || !(object = json_tokener_parse (row->raw)))
    return 0;
  task = rubric_task_new (object);
  data = json_tokener_parse (row->data);
  n = rubric_task_get_n_responses (task);
  if (task->kind != RUBRIC_TASK_KIND_RANK || !rubric_ranking_ranks (task, data, ranks))
    return 0;
  for (int rank = 1; rank <= (int) n; rank++)
    for (guint i = 0; i < n; i++)
      {
        if (ranks[i] != rank)
          continue;
        for (guint j = 0; j < n; j++)
          {
            Decision d = { task, (int) i, (int) j, FALSE, FALSE, ranks[j] - ranks[i] };

            if (ranks[j] > ranks[i])
              n_written += write_pair (out, format, &d, options);
          }
      }
  return n_written;
}

/* HelpSteer's shape: one line per response that has every criterion
 * scored, the scores as integers named by criterion. */
static guint
write_helpsteer (GString     *out,
                 const Row   *row,
                 json_object *header)
{
  g_autoptr(json_object) object = NULL;
  g_autoptr(json_object) data = NULL;
  g_autoptr(RubricTask) task = NULL;
  g_autoptr(RubricSetConfig) config = rubric_set_config_new (header);
  guint n_written = 0;

  if (strcmp (row->state, "submitted") != 0 || !(object = json_tokener_parse (row->raw)) || config->criteria->len == 0)
    return 0;
  task = rubric_task_new (object);
  data = json_tokener_parse (row->data);
  for (guint r = 0; r < rubric_task_get_n_responses (task); r++)
    {
      json_object *response = rubric_task_get_response (task, r);
      const char *id = rubric_json_get_string (response, "id");
      gboolean complete = TRUE;
      gboolean first = TRUE;

      for (guint c = 0; c < config->criteria->len; c++)
        complete &= rubric_judgement_get_score (data, id, ((RubricCriterion *) g_ptr_array_index (config->criteria, c))->id) != 0;
      if (!complete)
        continue;
      g_string_append_c (out, '{');
      rubric_json_append_key (out, &first, "prompt");
      rubric_json_append_value (out, json_object_object_get (task->object, "prompt"));
      rubric_json_append_key (out, &first, "response");
      rubric_json_append_value (out, json_object_object_get (response, "content"));
      for (guint c = 0; c < config->criteria->len; c++)
        {
          RubricCriterion *criterion = g_ptr_array_index (config->criteria, c);

          rubric_json_append_key (out, &first, criterion->id);
          g_string_append_printf (out, "%d", rubric_judgement_get_score (data, id, criterion->id));
        }
      g_string_append (out, "}\n");
      n_written++;
    }
  return n_written;
}

static guint
write_row (GString                   *out,
           RubricExportFormat         format,
           const Row                 *row,
           json_object               *header,
           const RubricExportOptions *options)
{
  Decision d;
  guint n = 0;

  if (format == RUBRIC_EXPORT_RECORDS)
    return write_record (out, row, header);
  if (format == RUBRIC_EXPORT_HELPSTEER)
    return write_helpsteer (out, row, header);
  if (strstr (row->raw, "\"rank\"") != NULL && format != RUBRIC_EXPORT_TRL_UNPAIRED &&
      format != RUBRIC_EXPORT_SFT && format != RUBRIC_EXPORT_PROMPT_COMPLETION)
    {
      guint ranked = write_ranking (out, format, row, options);

      if (ranked > 0)
        return ranked;
    }
  if (format == RUBRIC_EXPORT_SFT || format == RUBRIC_EXPORT_PROMPT_COMPLETION)
    return write_answer (out, format, row);
  if (!decide (row, &d))
    return 0;
  switch (format)
    {
    case RUBRIC_EXPORT_TRL:
      n = write_trl (out, &d, options);
      break;
    case RUBRIC_EXPORT_TRL_UNPAIRED:
      n = write_trl_unpaired (out, &d, options);
      break;
    case RUBRIC_EXPORT_OPENAI_PREFERENCE:
      n = write_openai_preference (out, &d, options);
      break;
    case RUBRIC_EXPORT_HH:
      n = write_hh (out, &d, options);
      break;
    case RUBRIC_EXPORT_RECORDS:
    case RUBRIC_EXPORT_SFT:
    case RUBRIC_EXPORT_PROMPT_COMPLETION:
    case RUBRIC_EXPORT_HELPSTEER:
    case RUBRIC_EXPORT_N_FORMATS:
    default:
      g_assert_not_reached ();
    }
  rubric_task_free (d.task);
  return n;
}

static void
row_from_stmt (Row          *row,
               sqlite3_stmt *stmt)
{
  row->raw = (const char *) sqlite3_column_text (stmt, 0);
  row->raw_len = sqlite3_column_bytes (stmt, 0);
  row->ext_id = (const char *) sqlite3_column_text (stmt, 1);
  row->set_id = sqlite3_column_int64 (stmt, 2);
  row->set_name = (const char *) sqlite3_column_text (stmt, 3);
  row->annotator = (const char *) sqlite3_column_text (stmt, 5);
  row->state = (const char *) sqlite3_column_text (stmt, 6);
  row->choice = (const char *) sqlite3_column_text (stmt, 7);
  row->strength = sqlite3_column_int (stmt, 8);
  row->justification = (const char *) sqlite3_column_text (stmt, 9);
  row->justification_len = sqlite3_column_bytes (stmt, 9);
  row->data = (const char *) sqlite3_column_text (stmt, 10);
  row->created_at = sqlite3_column_int64 (stmt, 11);
  row->updated_at = sqlite3_column_int64 (stmt, 12);
  row->submitted_at = sqlite3_column_int64 (stmt, 13);
  row->active_ms = sqlite3_column_int64 (stmt, 14);
  row->swapped = sqlite3_column_int (stmt, 15);
  row->answer = (const char *) sqlite3_column_text (stmt, 16);
  row->answer_len = sqlite3_column_bytes (stmt, 16);
}

static gboolean
flush (RubricAtomicFile  *file,
       GString           *out,
       gsize              threshold,
       GError           **error)
{
  if (out->len < threshold)
    return TRUE;
  if (!rubric_atomic_file_write (file, out->str, out->len, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

/**
 * rubric_export:
 * @n_written: (out) (optional): how many lines were written
 *
 * Writes the submitted (and, for records, skipped) annotations in
 * @format. The file appears whole or not at all.
 */
gboolean
rubric_export (RubricStore                *store,
               RubricExportFormat          format,
               const RubricExportOptions  *options,
               const char                 *path,
               GCancellable               *cancellable,
               guint                      *n_written,
               GError                    **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT t.raw, t.ext_id, t.set_id, s.name, s.header, a.annotator, a.state,"
                                              "  a.choice, a.strength, a.justification, a.data, a.created_at, a.updated_at,"
                                              "  a.submitted_at, a.active_ms, a.swapped, a.answer"
                                              " FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                              " JOIN task_sets s ON s.id = t.set_id"
                                              " WHERE (?1 = 0 OR a.set_id = ?1) AND (?2 IS NULL OR a.annotator = ?2)"
                                              "   AND a.state IN ('submitted', 'skipped')"
                                              " ORDER BY t.set_id, t.ord, a.annotator", error);
  g_autoptr(RubricAtomicFile) file = NULL;
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 65536);
  RubricExportOptions defaults = { 0, NULL, FALSE, RUBRIC_TIES_DROP };
  SetCache cache = { 0, NULL };
  g_autoptr(GError) local_error = NULL;
  guint n = 0;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (format < RUBRIC_EXPORT_N_FORMATS, FALSE);

  if (options == NULL)
    options = &defaults;
  if (stmt == NULL || !rubric_store_check_foreign_path (store, path, error) ||
      !(file = rubric_atomic_file_new (path, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, options->set_id);
  if (options->annotator != NULL)
    sqlite3_bind_text (stmt, 2, options->annotator, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row row;

      row_from_stmt (&row, stmt);
      if (cache.header == NULL || cache.set_id != row.set_id)
        {
          g_clear_pointer (&cache.header, json_object_put);
          cache.set_id = row.set_id;
          cache.header = json_tokener_parse ((const char *) sqlite3_column_text (stmt, 4));
        }
      n += write_row (out, format, &row, cache.header, options);
      if (!flush (file, out, FLUSH_SIZE, &local_error) || g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;
    }
  sqlite3_reset (stmt);
  g_clear_pointer (&cache.header, json_object_put);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  if (!flush (file, out, 0, error) || !rubric_atomic_file_commit (file, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = n;
  return TRUE;
}
