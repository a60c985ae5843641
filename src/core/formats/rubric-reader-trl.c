/* rubric-reader-trl.c — TRL preference data: prompt, chosen, rejected
 *
 * The four shapes of TRL's preference datasets, each a compare task
 * whose gold choice is the chosen completion:
 *
 * - standard, explicit prompt: {"prompt": text, "chosen": text,
 *   "rejected": text}. The prompt and the two responses are taken as
 *   they are.
 * - conversational, explicit prompt: {"prompt": [messages], "chosen":
 *   [assistant message(s)], "rejected": [...]}. The prompt messages
 *   give the system message, the context and the prompt (the last user
 *   message), and any messages after it the task's turns. A completion
 *   of several messages (a tool call, its result, then the reply) keeps
 *   those before its last message as the response's turns; the last
 *   must be the assistant's text. A prompt given beside completions that
 *   hold the whole conversation (their own user turns) is read as the
 *   implicit shape below, the "prompt" key kept in meta when it is not
 *   the prompt found there.
 * - conversational, implicit prompt: {"chosen": [whole conversation],
 *   "rejected": [whole conversation]}. The two are split after what
 *   they share: the last user message they share is the prompt, shared
 *   messages after it the task's turns, and what follows on each side
 *   its response (with its own earlier turns, where the two diverged
 *   before the last reply, as the response's turns, as for HH).
 * - standard, implicit prompt: {"chosen": text, "rejected": text}. The
 *   prompt is whatever the two texts share at their start, which is
 *   what TRL's own extract_prompt takes (with a space before the split
 *   going to the completions): "The sky is blue." and "The sky is
 *   green." give the prompt "The sky is" and the responses " blue." and
 *   " green.". Where the split is not plainly between words — the
 *   shared part is empty, one text is the beginning of the other, or
 *   the two part in the middle of a word ("Paris" and "Parrot") — the
 *   prompt is not knowable, and the record is refused with a reason
 *   rather than guessed at. (Transcripts of "\n\nHuman:" and
 *   "\n\nAssistant:" turns are HH's and are read by that reader.)
 *
 * An optional "margin" is kept as gold.margin; an integer one of at
 * least 1 is also the gold strength. An "id" names the task; other keys
 * go to meta.
 *
 * This file also holds what the chat readers (KTO, SFT, ShareGPT,
 * OpenAI, LLaMA-Factory, Alpaca, prompt/completion) share; the
 * declarations are repeated in each of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-chat.h"

/* ---- What the chat readers share ---- */

/* Messages keyed role/content, or from/value as ShareGPT has them:
 * the first message says which. */
json_object *
_rubric_chat_messages (RubricConvert *conv,
                       json_object   *array,
                       const char    *field)
{
  json_object *first = json_object_is_type (array, json_type_array) && json_object_array_length (array) > 0
                       ? json_object_array_get_idx (array, 0) : NULL;

  if (json_object_is_type (first, json_type_object) && _rubric_reader_has (first, "from") &&
      !_rubric_reader_has (first, "role"))
    return _rubric_convert_messages (conv, array, "from", "value", field);
  if (!json_object_is_type (array, json_type_array))
    {
      _rubric_convert_fail (conv, field, _("must be a list of messages, not %s"), rubric_json_type_label (array, TRUE));
      return NULL;
    }
  return _rubric_convert_messages (conv, array, "role", "content", field);
}

/* A task named by the record's "id" (text or a number), else by the
 * file and line. */
json_object *
_rubric_chat_task_new (RubricConvert *conv,
                       const char    *kind,
                       json_object   *record)
{
  json_object *id = _rubric_reader_get (record, "id");

  if (json_object_is_type (id, json_type_string) || json_object_is_type (id, json_type_int))
    return _rubric_convert_task_new (conv, kind, json_object_get_string (id));
  return _rubric_convert_task_new (conv, kind, NULL);
}

json_object *
_rubric_chat_meta (json_object *task)
{
  json_object *meta = rubric_json_get_typed (task, "meta", json_type_object);

  if (meta == NULL)
    {
      meta = json_object_new_object ();
      json_object_object_add (task, "meta", meta);
    }
  return meta;
}

/* The keys of @record that are not @known go to the task's meta as
 * they are; an "id" that named the task is not repeated. */
void
_rubric_chat_keep_rest (json_object        *task,
                        json_object        *record,
                        const char * const *known)
{
  json_object *id = _rubric_reader_get (record, "id");
  gboolean id_used = json_object_is_type (id, json_type_string) || json_object_is_type (id, json_type_int);

  json_object_object_foreach (record, key, value)
    {
      if (g_strv_contains (known, key) || (id_used && strcmp (key, "id") == 0))
        continue;
      json_object_object_add (_rubric_chat_meta (task), key, json_object_get (value));
    }
}

/**
 * _rubric_chat_reply:
 * @messages: normalised messages that end with a reply
 * @from: where the reply's own turns start
 * @field: where @messages are in the record
 *
 * Returns: (transfer full) (nullable): a response {content, turns?}
 *   whose content is the last message's text and whose turns are the
 *   messages from @from before it, or %NULL after reporting why not
 */
json_object *
_rubric_chat_reply (RubricConvert *conv,
                    json_object   *messages,
                    guint          from,
                    const char    *field)
{
  gsize n = json_object_array_length (messages);
  json_object *last;
  json_object *content;
  const char *role;

  if (n == 0)
    {
      _rubric_convert_fail (conv, field, _("must hold the assistant's reply, not an empty list"));
      return NULL;
    }
  last = json_object_array_get_idx (messages, n - 1);
  role = rubric_json_get_string (last, "role");
  if (g_strcmp0 (role, "assistant") != 0)
    {
      g_autofree char *path = g_strdup_printf ("%s[%zu]", field, n - 1);

      /* Translators: %s is the role of the message, such as “user”. */
      _rubric_convert_fail (conv, path, _("the last message must be the assistant's reply, not a %s message"), role);
      return NULL;
    }
  content = json_object_object_get (last, "content");
  if (!json_object_is_type (content, json_type_string))
    {
      g_autofree char *path = g_strdup_printf ("%s[%zu].content", field, n - 1);

      _rubric_convert_fail (conv, path, _("the reply must be text, not only tool calls"));
      return NULL;
    }
  return _rubric_convert_response_from (messages, from, content);
}

static gboolean
has_user (json_object *messages,
          guint        end)
{
  for (guint i = 0; i < end; i++)
    {
      if (g_strcmp0 (rubric_json_get_string (json_object_array_get_idx (messages, i), "role"), "user") == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * _rubric_chat_split:
 * @chosen: (transfer none): a whole conversation, normalised
 * @rejected: (transfer none): the other
 * @a: (out): the response made of @chosen's end
 * @b: (out): the response made of @rejected's end
 *
 * Splits two conversations that share their beginning: the shared
 * messages (up to what leaves each side its reply) set @task's system
 * message, context, prompt (the last shared user message) and turns;
 * what follows on each side is its response, with its own turns.
 */
gboolean
_rubric_chat_split (RubricConvert  *conv,
                    json_object    *task,
                    json_object    *chosen,
                    json_object    *rejected,
                    const char     *chosen_field,
                    const char     *rejected_field,
                    json_object   **a,
                    json_object   **b)
{
  gsize n_chosen = json_object_array_length (chosen);
  gsize n_rejected = json_object_array_length (rejected);
  guint common = _rubric_convert_n_shared (chosen, rejected, TRUE);

  *a = *b = NULL;
  /* Each side keeps at least its reply. */
  if (n_chosen > 0 && common > n_chosen - 1)
    common = n_chosen - 1;
  if (n_rejected > 0 && common > n_rejected - 1)
    common = n_rejected - 1;

  if ((*a = _rubric_chat_reply (conv, chosen, common, chosen_field)) == NULL)
    return FALSE;
  if ((*b = _rubric_chat_reply (conv, rejected, common, rejected_field)) == NULL)
    {
      g_clear_pointer (a, json_object_put);
      return FALSE;
    }
  if (!has_user (chosen, common))
    {
      g_clear_pointer (a, json_object_put);
      g_clear_pointer (b, json_object_put);
      /* Translators: both %s are field names, such as “chosen” and “rejected”. */
      return _rubric_convert_fail (conv, NULL, _("%s and %s share no user message to take as the prompt"),
                                   chosen_field, rejected_field);
    }
  if (!_rubric_convert_set_conversation (conv, task, chosen, common, chosen_field))
    {
      g_clear_pointer (a, json_object_put);
      g_clear_pointer (b, json_object_put);
      return FALSE;
    }
  return TRUE;
}

/* A label as KTO data writes it: true or false (or 1 or 0). */
gboolean
_rubric_chat_label (RubricConvert *conv,
                    json_object   *record,
                    const char    *key,
                    gboolean      *label)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (record, key, &value))
    return _rubric_convert_fail (conv, key, _("missing"));
  if (json_object_is_type (value, json_type_boolean))
    {
      *label = json_object_get_boolean (value);
      return TRUE;
    }
  if (json_object_is_type (value, json_type_int) &&
      (json_object_get_int64 (value) == 0 || json_object_get_int64 (value) == 1))
    {
      *label = json_object_get_int64 (value) == 1;
      return TRUE;
    }
  return _rubric_convert_fail (conv, key, _("must be true or false, not %s"), rubric_json_type_label (value, TRUE));
}

/* Whether --kind review asks for the reply a format leaves open (chat
 * fine-tuning data, Alpaca outputs) to be reviewed rather than written. */
gboolean
_rubric_chat_review (RubricConvert *conv)
{
  return conv->options != NULL && g_strcmp0 (conv->options->kind, "review") == 0;
}

/**
 * _rubric_chat_answered:
 * @task: a write task, or a review one (_rubric_chat_review())
 * @messages: a whole conversation, normalised
 *
 * A conversation that ends with the assistant's text: that reply is a
 * write task's gold answer, or a review task's response, and what came
 * before it the task's conversation. One that does not is a write task
 * without an answer.
 */
gboolean
_rubric_chat_answered (RubricConvert *conv,
                       json_object   *task,
                       json_object   *messages,
                       const char    *field)
{
  gsize n = json_object_array_length (messages);
  json_object *last = n > 0 ? json_object_array_get_idx (messages, n - 1) : NULL;
  json_object *content = json_object_object_get (last, "content");
  gboolean review = g_strcmp0 (rubric_json_get_string (task, "kind"), "review") == 0;

  if (last == NULL || g_strcmp0 (rubric_json_get_string (last, "role"), "assistant") != 0 ||
      !json_object_is_type (content, json_type_string))
    {
      /* Reports why there is nothing to review. */
      if (review)
        {
          json_object_put (_rubric_chat_reply (conv, messages, n, field));
          return FALSE;
        }
      return _rubric_convert_set_conversation (conv, task, messages, n, field);
    }
  if (!_rubric_convert_set_conversation (conv, task, messages, n - 1, field))
    return FALSE;
  if (review)
    _rubric_convert_add_response (task, content, NULL);
  else
    json_object_object_add (_rubric_convert_gold (conv, task), "answer", json_object_get (content));
  return TRUE;
}

/* ---- TRL ---- */

/* With its prompt, or with the prompt implicit in chosen and rejected;
 * but chosen and rejected as Human/Assistant transcripts are HH's. */
const char *
_rubric_detect_trl (json_object *record)
{
  json_object *prompt = _rubric_reader_get (record, "prompt");
  json_object *chosen = _rubric_reader_get (record, "chosen");

  if (!_rubric_reader_has (record, "chosen") || !_rubric_reader_has (record, "rejected"))
    return NULL;
  if (_rubric_reader_has (record, "prompt"))
    return json_object_is_type (prompt, json_type_array) || json_object_is_type (chosen, json_type_array)
           ? "TRL preference data, conversational, with its prompt (prompt/chosen/rejected)"
           : "TRL preference data with its prompt (prompt/chosen/rejected)";
  if (json_object_is_type (chosen, json_type_array))
    return "TRL preference data, conversational, with an implicit prompt (chosen/rejected)";
  if (!_rubric_reader_is_hh_transcript (rubric_json_get_string (record, "chosen")))
    return "TRL preference data with an implicit prompt (chosen/rejected)";
  return NULL;
}

static const char * const trl_known[] = { "prompt", "chosen", "rejected", "margin", NULL };

/* A completion: text, or messages that end with the assistant's reply. */
static json_object *
completion_of (RubricConvert *conv,
               json_object   *value,
               const char    *field)
{
  g_autoptr(json_object) messages = NULL;

  if (json_object_is_type (value, json_type_string))
    {
      json_object *response = json_object_new_object ();

      json_object_object_add (response, "content", json_object_get (value));
      return response;
    }
  if (!json_object_is_type (value, json_type_array))
    {
      _rubric_convert_fail (conv, field, _("must be text or a list of messages, not %s"), rubric_json_type_label (value, TRUE));
      return NULL;
    }
  if ((messages = _rubric_chat_messages (conv, value, field)) == NULL)
    return NULL;
  return _rubric_chat_reply (conv, messages, 0, field);
}

/* The prompt of the explicit shapes: text, or messages. */
static gboolean
set_prompt (RubricConvert *conv,
            json_object   *task,
            json_object   *prompt)
{
  g_autoptr(json_object) messages = NULL;

  if (json_object_is_type (prompt, json_type_string))
    {
      json_object_object_add (task, "prompt", json_object_get (prompt));
      return TRUE;
    }
  if (!json_object_is_type (prompt, json_type_array))
    return _rubric_convert_fail (conv, "prompt", _("must be text or a list of messages, not %s"),
                                 rubric_json_type_label (prompt, TRUE));
  if ((messages = _rubric_chat_messages (conv, prompt, "prompt")) == NULL)
    return FALSE;
  return _rubric_convert_set_conversation (conv, task, messages, json_object_array_length (messages), "prompt");
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The standard implicit shape: the prompt is the start the two texts
 * share, as TRL's extract_prompt splits it, if that split falls between
 * words. Lengths are bytes; the split never cuts a UTF-8 character.
 */
static gboolean
split_texts (RubricConvert  *conv,
             json_object    *task,
             json_object    *chosen,
             json_object    *rejected,
             json_object   **a,
             json_object   **b)
{
  const char *c = json_object_get_string (chosen);
  const char *r = json_object_get_string (rejected);
  gsize c_len = json_object_get_string_len (chosen);
  gsize r_len = json_object_get_string_len (rejected);
  gsize split = 0;

  while (split < c_len && split < r_len && c[split] == r[split])
    split++;
  /* Back to the start of the character the two differ in. */
  while (split > 0 && split < c_len && ((guchar) c[split] & 0xC0) == 0x80)
    split--;
  while (split > 0 && split < r_len && ((guchar) r[split] & 0xC0) == 0x80)
    split--;
  if (split == c_len || split == r_len)
    return _rubric_convert_fail (conv, NULL, c_len == r_len ? _("chosen and rejected are the same text, with no prompt")
                                                            : _("one of chosen and rejected is the beginning of the other, "
                                                              "so the prompt they share is not clear; give it as \"prompt\""));
  /* TRL leaves the space before the split to the completions. */
  if (split > 0 && c[split - 1] == ' ')
    split--;
  if (split == 0)
    return _rubric_convert_fail (conv, NULL, _("chosen and rejected share no beginning to take as the prompt; "
                                 "give it as \"prompt\""));
  if (!is_space (c[split - 1]) && !g_ascii_ispunct (c[split - 1]) && !(is_space (c[split]) && is_space (r[split])))
    return _rubric_convert_fail (conv, NULL, _("chosen and rejected part in the middle of a word, so the prompt they "
                                 "share is not clear; give it as \"prompt\""));

  json_object_object_add (task, "prompt", json_object_new_string_len (c, (int) split));
  *a = json_object_new_object ();
  json_object_object_add (*a, "content", json_object_new_string_len (c + split, (int) (c_len - split)));
  *b = json_object_new_object ();
  json_object_object_add (*b, "content", json_object_new_string_len (r + split, (int) (r_len - split)));
  return TRUE;
}

/* A list of messages that holds a user message: a whole conversation. */
static gboolean
is_conversation (json_object *value)
{
  for (gsize i = 0; json_object_is_type (value, json_type_array) && i < json_object_array_length (value); i++)
    {
      json_object *message = json_object_array_get_idx (value, i);
      const char *role = rubric_json_get_string (message, "role");

      if (role == NULL)
        role = rubric_json_get_string (message, "from");
      if (g_strcmp0 (role, "user") == 0 || g_strcmp0 (role, "human") == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
split_conversations (RubricConvert  *conv,
                     json_object    *task,
                     json_object    *chosen,
                     json_object    *rejected,
                     json_object   **a,
                     json_object   **b)
{
  g_autoptr(json_object) chosen_messages = _rubric_chat_messages (conv, chosen, "chosen");
  g_autoptr(json_object) rejected_messages = NULL;

  if (chosen_messages == NULL || (rejected_messages = _rubric_chat_messages (conv, rejected, "rejected")) == NULL)
    return FALSE;
  return _rubric_chat_split (conv, task, chosen_messages, rejected_messages, "chosen", "rejected", a, b);
}

static gboolean
set_margin (RubricConvert *conv,
            json_object   *record,
            int           *strength)
{
  json_object *margin = _rubric_reader_get (record, "margin");
  double value;

  *strength = 0;
  if (margin == NULL || json_object_is_type (margin, json_type_null))
    return TRUE;
  if (!json_object_is_type (margin, json_type_int) && !json_object_is_type (margin, json_type_double))
    return _rubric_convert_fail (conv, "margin", _("must be a number, not %s"), rubric_json_type_label (margin, TRUE));
  if (!_rubric_convert_number (margin, &value))
    return _rubric_convert_fail (conv, "margin", _("must be a finite number"));
  if (value >= 1 && value <= G_MAXINT && value == (double) (int) value)
    *strength = (int) value;
  return TRUE;
}

gboolean
_rubric_convert_trl (RubricConvert *conv,
                     json_object   *record)
{
  json_object *prompt = _rubric_reader_get (record, "prompt");
  json_object *chosen = _rubric_reader_get (record, "chosen");
  json_object *rejected = _rubric_reader_get (record, "rejected");
  gboolean has_prompt = _rubric_reader_has (record, "prompt");
  g_autoptr(json_object) task = NULL;
  json_object *a = NULL, *b = NULL;
  int strength;

  if (!_rubric_reader_has (record, "chosen"))
    return _rubric_convert_fail (conv, "chosen", _("missing"));
  if (!_rubric_reader_has (record, "rejected"))
    return _rubric_convert_fail (conv, "rejected", _("missing"));
  if (!set_margin (conv, record, &strength))
    return FALSE;

  task = _rubric_chat_task_new (conv, "compare", record);
  if (has_prompt && !(is_conversation (chosen) && is_conversation (rejected)))
    {
      if (!set_prompt (conv, task, prompt) || (a = completion_of (conv, chosen, "chosen")) == NULL)
        return FALSE;
      if ((b = completion_of (conv, rejected, "rejected")) == NULL)
        {
          json_object_put (a);
          return FALSE;
        }
    }
  else if (json_object_is_type (chosen, json_type_array) || json_object_is_type (rejected, json_type_array))
    {
      if (!json_object_is_type (chosen, json_type_array))
        return _rubric_convert_fail (conv, "chosen", _("must be a list of messages like rejected, not %s"),
                                     rubric_json_type_label (chosen, TRUE));
      if (!json_object_is_type (rejected, json_type_array))
        return _rubric_convert_fail (conv, "rejected", _("must be a list of messages like chosen, not %s"),
                                     rubric_json_type_label (rejected, TRUE));
      if (!split_conversations (conv, task, chosen, rejected, &a, &b))
        return FALSE;
      /* A prompt beside whole conversations is kept where it says more. */
      if (has_prompt && !json_object_equal (prompt, json_object_object_get (task, "prompt")))
        json_object_object_add (_rubric_chat_meta (task), "prompt", json_object_get (prompt));
    }
  else
    {
      if (!json_object_is_type (chosen, json_type_string))
        return _rubric_convert_fail (conv, "chosen", _("must be text or a list of messages, not %s"),
                                     rubric_json_type_label (chosen, TRUE));
      if (!json_object_is_type (rejected, json_type_string))
        return _rubric_convert_fail (conv, "rejected", _("must be text like chosen, not %s"),
                                     rubric_json_type_label (rejected, TRUE));
      if (!split_texts (conv, task, chosen, rejected, &a, &b))
        return FALSE;
    }

  _rubric_convert_pair (conv, task, a, b, strength);
  if (!json_object_is_type (_rubric_reader_get (record, "margin"), json_type_null))
    json_object_object_add (_rubric_convert_gold (conv, task), "margin",
                            json_object_get (_rubric_reader_get (record, "margin")));
  _rubric_chat_keep_rest (task, record, trl_known);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
