/* rubric-reader-chatbot-arena.c — Chatbot Arena comparisons: two conversations and a winner
 *
 * lmsys/chatbot_arena_conversations (and mt_bench_human_judgments,
 * which has the same fields): {question_id, model_a, model_b, winner,
 * judge, conversation_a, conversation_b, turn, language, …}. Both
 * conversations hold the same user turns, each with its own model's
 * replies. The prompt is the last user turn the two share before they
 * part, what comes before it the context; each side's last assistant
 * reply is its response, with the turns between the prompt and it
 * (its earlier replies and the later user turns) as the response's
 * turns. Where "turn" says fewer user turns were judged than the
 * conversations hold (MT-bench's turn 1), the conversations are cut
 * after the reply to that turn.
 *
 * A is model_a's conversation and B model_b's, in that order, each
 * with its model; winner model_a → A, model_b → B, tie → tie and
 * "tie (bothbad)" → both-bad. A string question_id names the task;
 * MT-bench's numbers, shared by every pair and judge of a question,
 * are joined with the models, the turn and the judge. The judge and
 * every other field (turn, language, anony, tstamp, moderation tags…)
 * go to meta.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-private.h"

const char *
_rubric_detect_chatbot_arena (json_object *record)
{
  if (_rubric_reader_has (record, "conversation_a") && _rubric_reader_has (record, "winner"))
    return "Chatbot Arena comparisons";
  return NULL;
}

static gboolean
is_role (json_object *message,
         const char  *role)
{
  return g_strcmp0 (rubric_json_get_string (message, "role"), role) == 0;
}

/* Cuts @messages after the reply to its @turn-th user turn. */
static void
cut_at_turn (json_object *messages,
             int          turn)
{
  gsize n = json_object_array_length (messages);
  int users = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!is_role (json_object_array_get_idx (messages, i), "user"))
        continue;
      if (++users > turn)
        {
          json_object_array_del_idx (messages, i, n - i);
          return;
        }
    }
}

/* Adds the reply that ends @messages as a response, with the turns from @from. */
static gboolean
add_side (RubricConvert *conv,
          json_object   *task,
          json_object   *messages,
          guint          from,
          const char    *model,
          const char    *field)
{
  gsize n = json_object_array_length (messages);
  json_object *last = json_object_array_get_idx (messages, n - 1);
  json_object *content = json_object_object_get (last, "content");

  if (!is_role (last, "assistant"))
    return _rubric_convert_fail (conv, field, _("does not end with an assistant reply"));
  if (!json_object_is_type (content, json_type_string))
    return _rubric_convert_fail (conv, field, _("the last reply has no text"));
  _rubric_convert_add_turns (_rubric_convert_add_response (task, content, model), messages, from);
  return TRUE;
}

static char *
task_id (json_object *record)
{
  json_object *question = _rubric_reader_get (record, "question_id");
  g_autoptr(GString) id = NULL;
  static const char *parts[] = { "model_a", "model_b", "turn", "judge" };

  if (json_object_is_type (question, json_type_string))
    return g_strdup (json_object_get_string (question));
  if (!json_object_is_type (question, json_type_int))
    return NULL;
  id = g_string_new (NULL);
  g_string_append_printf (id, "%" G_GINT64_FORMAT, json_object_get_int64 (question));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      json_object *value = _rubric_reader_get (record, parts[i]);

      if (json_object_is_type (value, json_type_string))
        g_string_append_printf (id, "-%s", json_object_get_string (value));
      else if (json_object_is_type (value, json_type_int))
        g_string_append_printf (id, "-%s%" G_GINT64_FORMAT, strcmp (parts[i], "turn") == 0 ? "turn" : "",
                                json_object_get_int64 (value));
    }
  return g_string_free (g_steal_pointer (&id), FALSE);
}

gboolean
_rubric_convert_chatbot_arena (RubricConvert *conv,
                               json_object   *record)
{
  static const struct { const char *winner; const char *choice; } winners[] = {
    { "model_a", "A" }, { "model_b", "B" }, { "tie", "tie" }, { "tie (bothbad)", "both-bad" },
  };
  const char *winner = rubric_json_get_string (record, "winner");
  const char *choice = NULL;
  json_object *turn = rubric_json_get_typed (record, "turn", json_type_int);
  g_autoptr(json_object) a = NULL;
  g_autoptr(json_object) b = NULL;
  g_autoptr(json_object) task = NULL;
  g_autofree char *id = NULL;
  json_object *gold, *meta;
  int prompt;

  for (guint i = 0; winner != NULL && i < G_N_ELEMENTS (winners); i++)
    {
      if (strcmp (winner, winners[i].winner) == 0)
        choice = winners[i].choice;
    }
  if (choice == NULL)
    {
      json_object *value = _rubric_reader_get (record, "winner");

      return _rubric_convert_fail (conv, "winner", _("%s is not model_a, model_b, tie or tie (bothbad)"),
                                   json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    }
  if ((a = _rubric_convert_messages (conv, _rubric_reader_get (record, "conversation_a"), "role", "content",
                                     "conversation_a")) == NULL ||
      (b = _rubric_convert_messages (conv, _rubric_reader_get (record, "conversation_b"), "role", "content",
                                     "conversation_b")) == NULL)
    return FALSE;
  if (turn != NULL && json_object_get_int (turn) > 0)
    {
      cut_at_turn (a, json_object_get_int (turn));
      cut_at_turn (b, json_object_get_int (turn));
    }

  if ((prompt = _rubric_convert_shared_prompt (a, b)) < 0)
    return _rubric_convert_fail (conv, "conversation_a", _("the two conversations share no user turn that both reply to"));

  id = task_id (record);
  task = _rubric_convert_task_new (conv, "compare", id);
  _rubric_convert_set_conversation (conv, task, a, prompt + 1, "conversation_a");
  if (!add_side (conv, task, a, prompt + 1, rubric_json_get_string (record, "model_a"), "conversation_a") ||
      !add_side (conv, task, b, prompt + 1, rubric_json_get_string (record, "model_b"), "conversation_b"))
    return FALSE;
  gold = _rubric_convert_gold (conv, task);
  json_object_object_add (gold, "choice", json_object_new_string (choice));

  meta = json_object_new_object ();
  json_object_object_foreach (record, key, value)
    {
      if (strcmp (key, "conversation_a") != 0 && strcmp (key, "conversation_b") != 0 && strcmp (key, "winner") != 0 &&
          strcmp (key, "model_a") != 0 && strcmp (key, "model_b") != 0)
        json_object_object_add (meta, key, json_object_get (value));
    }
  json_object_object_add (task, "meta", meta);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
