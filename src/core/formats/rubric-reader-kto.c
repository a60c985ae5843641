/* rubric-reader-kto.c — unpaired preference (KTO) data: a completion and a label
 *
 * Two readers:
 *
 * - "kto", LLaMA-Factory's KTO data: {"messages": [...], "label": bool}.
 *   The last message is the assistant's reply the label is about: a
 *   review task with that reply as its response and gold.verdict
 *   "accept" (true) or "reject" (false); the messages before it are the
 *   system message, context, prompt and turns.
 *
 * - "trl-unpaired", TRL's unpaired preference data: {"prompt",
 *   "completion", "label"}, prompt and completion as text or as
 *   messages. Rubric's own trl-unpaired export writes the two responses
 *   of one comparison as two consecutive lines with the same prompt:
 *   true then false for a choice (the chosen first), false and false for
 *   "both bad", true and true for a tie. So two consecutive records with
 *   an identical prompt make one compare task: one true and one false
 *   give the true one as the choice, false and false "both-bad" and
 *   true and true a "tie", those two keeping the order of the file. A
 *   record whose neighbours have another prompt is a review task with
 *   the label as its verdict. The task is named after the line of its
 *   first record, or that record's "id"; keys besides prompt,
 *   completion and label go to meta (for a pair, the first record's,
 *   then what the second adds). The record waiting for its partner is
 *   held in conv->state until the next record, or the end of the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-chat.h"

const char *
_rubric_detect_kto (json_object *record)
{
  if (!_rubric_reader_has (record, "label"))
    return NULL;
  if (_rubric_reader_has (record, "messages"))
    return "unpaired preference (KTO) data with messages and a label";
  return NULL;
}

const char *
_rubric_detect_trl_unpaired (json_object *record)
{
  if (_rubric_reader_has (record, "label") && _rubric_reader_has (record, "prompt") &&
      _rubric_reader_has (record, "completion"))
    return "TRL unpaired preference (KTO) data (prompt/completion/label)";
  return NULL;
}

static json_object *
verdict (gboolean label)
{
  return json_object_new_string (label ? "accept" : "reject");
}

static const char * const kto_known[] = { "messages", "label", NULL };

gboolean
_rubric_convert_kto (RubricConvert *conv,
                     json_object   *record)
{
  g_autoptr(json_object) messages = NULL;
  g_autoptr(json_object) task = NULL;
  g_autoptr(json_object) reply = NULL;
  gboolean label;
  gsize n;

  if (!_rubric_reader_has (record, "messages"))
    return _rubric_convert_fail (conv, "messages", _("missing"));
  if ((messages = _rubric_chat_messages (conv, _rubric_reader_get (record, "messages"), "messages")) == NULL)
    return FALSE;
  n = json_object_array_length (messages);
  if ((reply = _rubric_chat_reply (conv, messages, n > 0 ? n - 1 : 0, "messages")) == NULL)
    return FALSE;
  if (!_rubric_chat_label (conv, record, "label", &label))
    return FALSE;

  task = _rubric_chat_task_new (conv, "review", record);
  _rubric_convert_set_conversation (conv, task, messages, n - 1, "messages");
  _rubric_convert_add_response (task, json_object_object_get (reply, "content"), NULL);
  json_object_object_add (_rubric_convert_gold (conv, task), "verdict", verdict (label));
  _rubric_chat_keep_rest (task, record, kto_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}

/* ---- TRL unpaired ---- */

static const char * const unpaired_known[] = { "prompt", "completion", "label", NULL };

/* The record waiting for the next one, which may be its partner. */
typedef struct
{
  json_object *record;
  guint        line;
  gboolean     label;
} Held;

static void
held_free (gpointer data)
{
  Held *held = data;

  json_object_put (held->record);
  g_free (held);
}

/* Checks a record; the response made of its completion, or NULL. */
static json_object *
unpaired_reply (RubricConvert *conv,
                json_object   *record,
                gboolean      *label)
{
  json_object *prompt = _rubric_reader_get (record, "prompt");
  json_object *completion = _rubric_reader_get (record, "completion");
  g_autoptr(json_object) messages = NULL;
  json_object *reply;

  if (!_rubric_reader_has (record, "prompt"))
    return _rubric_convert_fail (conv, "prompt", _("missing")), NULL;
  if (json_object_is_type (prompt, json_type_array))
    {
      if ((messages = _rubric_chat_messages (conv, prompt, "prompt")) == NULL)
        return NULL;
      g_clear_pointer (&messages, json_object_put);
    }
  else if (!json_object_is_type (prompt, json_type_string))
    return _rubric_convert_fail (conv, "prompt", _("must be text or a list of messages, not %s"),
                                 rubric_json_type_label (prompt, TRUE)), NULL;

  if (!_rubric_reader_has (record, "completion"))
    return _rubric_convert_fail (conv, "completion", _("missing")), NULL;
  if (json_object_is_type (completion, json_type_string))
    {
      reply = json_object_new_object ();
      json_object_object_add (reply, "content", json_object_get (completion));
    }
  else if (json_object_is_type (completion, json_type_array))
    {
      if ((messages = _rubric_chat_messages (conv, completion, "completion")) == NULL ||
          (reply = _rubric_chat_reply (conv, messages, 0, "completion")) == NULL)
        return NULL;
    }
  else
    return _rubric_convert_fail (conv, "completion", _("must be text or a list of messages, not %s"),
                                 rubric_json_type_label (completion, TRUE)), NULL;

  if (!_rubric_chat_label (conv, record, "label", label))
    {
      json_object_put (reply);
      return NULL;
    }
  return reply;
}

/* A task of @kind with the prompt of @record, already checked. */
static json_object *
unpaired_task (RubricConvert *conv,
               const char    *kind,
               json_object   *record)
{
  json_object *task = _rubric_chat_task_new (conv, kind, record);
  json_object *prompt = _rubric_reader_get (record, "prompt");

  if (json_object_is_type (prompt, json_type_array))
    {
      g_autoptr(json_object) messages = _rubric_chat_messages (conv, prompt, "prompt");

      _rubric_convert_set_conversation (conv, task, messages, json_object_array_length (messages), "prompt");
    }
  else
    json_object_object_add (task, "prompt", json_object_get (prompt));
  return task;
}

/* Emits the held record as a review task, on its own line. */
static void
emit_held (RubricConvert *conv)
{
  Held *held = conv->state;
  guint line = conv->line, n_here = conv->n_here;
  json_object *task;
  json_object *reply;
  gboolean label;

  if (held == NULL)
    return;
  conv->line = held->line;
  conv->n_here = 0;
  reply = unpaired_reply (conv, held->record, &label);
  task = unpaired_task (conv, "review", held->record);
  _rubric_convert_add_response (task, json_object_object_get (reply, "content"), NULL);
  json_object_put (reply);
  json_object_object_add (_rubric_convert_gold (conv, task), "verdict", verdict (held->label));
  _rubric_chat_keep_rest (task, held->record, unpaired_known);
  _rubric_convert_emit (conv, task);
  conv->line = line;
  conv->n_here = n_here;
  g_clear_pointer (&conv->state, held_free);
}

/* Emits the held record and @record, its partner, as one compare task,
 * on the line of the first. */
static void
emit_pair (RubricConvert *conv,
           json_object   *record,
           json_object   *second,
           gboolean       label)
{
  Held *held = conv->state;
  guint line = conv->line, n_here = conv->n_here;
  json_object *task;
  json_object *first;
  gboolean first_label;

  conv->line = held->line;
  conv->n_here = 0;
  first = unpaired_reply (conv, held->record, &first_label);
  task = unpaired_task (conv, "compare", held->record);
  if (held->label != label)
    _rubric_convert_pair (conv, task, held->label ? first : second, held->label ? second : first, 0);
  else
    {
      /* A tie or both bad: the order of the file. */
      _rubric_convert_pair (conv, task, first, second, -1);
      if (!label)
        json_object_object_add (_rubric_convert_gold (conv, task), "choice", json_object_new_string ("both-bad"));
    }
  _rubric_chat_keep_rest (task, held->record, unpaired_known);
  json_object_object_foreach (record, key, value)
    {
      if (g_strv_contains (unpaired_known, key) || strcmp (key, "id") == 0 ||
          _rubric_reader_has (rubric_json_get_typed (task, "meta", json_type_object), key))
        continue;
      json_object_object_add (_rubric_chat_meta (task), key, json_object_get (value));
    }
  _rubric_convert_emit (conv, task);
  conv->line = line;
  conv->n_here = n_here;
  g_clear_pointer (&conv->state, held_free);
}

gboolean
_rubric_convert_trl_unpaired (RubricConvert *conv,
                              json_object   *record)
{
  Held *held = conv->state;
  json_object *reply;
  gboolean label;

  if ((reply = unpaired_reply (conv, record, &label)) == NULL)
    {
      /* Only consecutive records pair up. */
      emit_held (conv);
      return FALSE;
    }
  if (held != NULL &&
      json_object_equal (_rubric_reader_get (held->record, "prompt"), _rubric_reader_get (record, "prompt")))
    {
      emit_pair (conv, record, reply, label);
      return TRUE;
    }
  json_object_put (reply);
  emit_held (conv);

  held = g_new0 (Held, 1);
  held->record = json_object_get (record);
  held->line = conv->line;
  held->label = label;
  conv->state = held;
  conv->state_free = held_free;
  return TRUE;
}

void
_rubric_finish_trl_unpaired (RubricConvert *conv)
{
  emit_held (conv);
}
