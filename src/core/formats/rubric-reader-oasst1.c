/* rubric-reader-oasst1.c — OpenAssistant (oasst1) messages, linked by parent_id
 *
 * The flat export holds one message a line, tree after tree: the
 * messages of one message_tree_id follow each other, a reply after the
 * message it answers. The reader holds the messages of one tree (never
 * more), and builds the tree's tasks when the next tree begins and at
 * the end of the file.
 *
 * The tasks, here and for the tree export (rubric-reader-oasst-trees.c,
 * which uses _rubric_oasst_tree_tasks() below):
 *
 *  - Every message with two or more assistant replies gives one rank
 *    task, named by that message's message_id. The conversation from
 *    the root to that message is the prompt (the last prompter message)
 *    and its context; the replies are the responses.
 *  - The replies are ranked when at least two of them carry a rank
 *    (0 = best): gold.ranking lists those best first, and equal ranks
 *    go to gold.ties. Replies without a rank beside ranked ones are left
 *    out of the task and named in meta.unranked, so that the ranking
 *    covers every response. A group with fewer than two ranked replies
 *    is a rank task without gold.
 *  - More than RUBRIC_MAX_RESPONSES replies: the best ranked (or, in an
 *    unranked group, the first) are kept and the others named in
 *    meta.left_out.
 *  - The responses are ordered by a hash of their message_id, not by
 *    rank: the exports list siblings best first, and a blind
 *    re-annotation should not find the gold order on the screen.
 *  - A message with one assistant reply gives no task of its own (there
 *    is nothing to rank); it still appears in the context of the tasks
 *    below it.
 *  - Deleted messages (deleted: true) and everything below them are
 *    skipped. A message whose parent is not in its tree is skipped
 *    with its replies, and named in the header's imported_from.notes.
 *
 * meta holds message_tree_id, tree_state, the prompt message's
 * message_id and lang, and for each response (by response id) the
 * message's own fields but its text, role, replies and tree keys:
 * message_id, rank, model_name, synthetic, user_id, emojis, labels…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "../rubric-task.h"
#include "rubric-reader-oasst.h"

enum { UNKNOWN, ALIVE, DEAD };

const char *
_rubric_detect_oasst1 (json_object *record)
{
  if (_rubric_reader_has (record, "message_id") && _rubric_reader_has (record, "parent_id"))
    return "OpenAssistant (oasst1) messages linked by parent_id";
  return NULL;
}

static char *
path_of (const char *where,
         const char *key)
{
  return *where != '\0' ? g_strdup_printf ("%s.%s", where, key) : g_strdup (key);
}

/**
 * _rubric_oasst_check_message:
 * @where: the message's place in the record ("" for a record that is
 *   the message, "prompt.replies[1]" in a tree)
 *
 * Checks what the tasks use: message_id, text, role, rank and deleted.
 */
gboolean
_rubric_oasst_check_message (RubricConvert *conv,
                             json_object   *message,
                             const char    *where)
{
  g_autofree char *id_path = path_of (where, "message_id");
  g_autofree char *text_path = path_of (where, "text");
  g_autofree char *role_path = path_of (where, "role");
  g_autofree char *rank_path = path_of (where, "rank");
  g_autofree char *deleted_path = path_of (where, "deleted");
  json_object *rank = _rubric_reader_get (message, "rank");
  json_object *deleted = _rubric_reader_get (message, "deleted");
  json_object *id;
  const char *role;
  double number;

  if ((id = _rubric_convert_text (conv, message, "message_id", id_path, FALSE)) == NULL)
    return FALSE;
  if (json_object_get_string_len (id) == 0)
    return _rubric_convert_fail (conv, id_path, _("must not be empty"));
  if (_rubric_convert_text (conv, message, "text", text_path, FALSE) == NULL ||
      _rubric_convert_text (conv, message, "role", role_path, FALSE) == NULL)
    return FALSE;
  role = rubric_json_get_string (message, "role");
  if (strcmp (role, "prompter") != 0 && strcmp (role, "assistant") != 0)
    return _rubric_convert_fail (conv, role_path, _("“%s” is not an OpenAssistant role; use prompter or assistant"), role);
  if (rank != NULL && !json_object_is_type (rank, json_type_null) &&
      (json_object_is_type (rank, json_type_string) || !_rubric_convert_number (rank, &number) ||
       number < 0 || number != (double) (int) number))
    return _rubric_convert_fail (conv, rank_path, _("must be a whole number from 0 (the best reply) or null, not %s"),
                                 json_object_to_json_string_ext (rank, JSON_C_TO_STRING_PLAIN));
  if (deleted != NULL && !json_object_is_type (deleted, json_type_null) && !json_object_is_type (deleted, json_type_boolean))
    return _rubric_convert_fail (conv, deleted_path, _("must be true or false"));
  return TRUE;
}

static gboolean
has_rank (json_object *message)
{
  json_object *rank = _rubric_reader_get (message, "rank");

  return rank != NULL && !json_object_is_type (rank, json_type_null);
}

static int
rank_of (json_object *message)
{
  return json_object_get_int (_rubric_reader_get (message, "rank"));
}

static guint32
hash_id (json_object *message)
{
  const char *id = rubric_json_get_string (message, "message_id");
  guint32 hash = 2166136261u;

  for (const char *p = id; *p != '\0'; p++)
    hash = (hash ^ (guchar) *p) * 16777619u;
  return hash;
}

#define MSG(messages, i) (&g_array_index ((messages), RubricOasstMessage, (i)))

/* Whether a message and every message above it are there and not deleted. */
static void
settle (GArray *messages,
        guint   i)
{
  guint steps = 0;
  int j = (int) i;
  int state;

  for (;;)
    {
      RubricOasstMessage *m = MSG (messages, j);

      if (m->state != UNKNOWN)
        {
          state = m->state;
          break;
        }
      if (m->dead)
        {
          state = DEAD;
          break;
        }
      if (m->parent < 0)
        {
          state = ALIVE;
          break;
        }
      if (++steps > messages->len)
        {
          /* A cycle of parent_ids: no root above. */
          state = DEAD;
          break;
        }
      j = m->parent;
    }
  for (int k = (int) i; k >= 0; k = MSG (messages, k)->parent)
    {
      RubricOasstMessage *m = MSG (messages, k);

      if (m->state != UNKNOWN)
        break;
      m->state = state;
    }
}

typedef struct
{
  guint   index;
  guint32 hash;
  int     rank;
} Reply;

static int
by_rank (gconstpointer a,
         gconstpointer b)
{
  const Reply *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int
by_hash (gconstpointer a,
         gconstpointer b)
{
  const Reply *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static json_object *
message_facts (json_object *message)
{
  static const char *skip[] = { "text", "role", "replies", "parent_id", "message_tree_id", "tree_state" };
  json_object *facts = json_object_new_object ();

  json_object_object_foreach (message, key, value)
    {
      gboolean keep = TRUE;

      for (guint s = 0; s < G_N_ELEMENTS (skip); s++)
        keep = keep && strcmp (key, skip[s]) != 0;
      if (keep)
        json_object_object_add (facts, key, json_object_get (value));
    }
  return facts;
}

static json_object *
ids_of (GArray      *messages,
        const Reply *replies,
        guint        n)
{
  json_object *out = json_object_new_array ();

  for (guint i = 0; i < n; i++)
    {
      json_object *message = MSG (messages, replies[i].index)->message;
      json_object *item = json_object_new_object ();

      json_object_object_add (item, "message_id", json_object_get (_rubric_reader_get (message, "message_id")));
      if (has_rank (message))
        json_object_object_add (item, "rank", json_object_new_int (rank_of (message)));
      json_object_array_add (out, item);
    }
  return out;
}

/* The rank task of the replies to @parent. */
static void
group_task (RubricConvert *conv,
            GArray        *messages,
            guint          parent,
            GArray        *replies,
            json_object   *tree_id,
            json_object   *tree_state)
{
  RubricOasstMessage *p = MSG (messages, parent);
  g_autoptr(json_object) conversation = json_object_new_array ();
  g_autoptr(json_object) task = NULL;
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Reply));
  g_autoptr(GArray) unranked = g_array_new (FALSE, FALSE, sizeof (Reply));
  g_autoptr(GArray) shown = NULL;
  GArray *kept;
  json_object *meta = json_object_new_object ();
  json_object *facts = json_object_new_object ();
  gboolean gold;
  guint n;

  /* The conversation from the root down to the parent. */
  for (int k = (int) parent; k >= 0; k = MSG (messages, k)->parent)
    g_array_append_val (path, k);
  for (guint k = path->len; k-- > 0;)
    {
      json_object *message = MSG (messages, g_array_index (path, int, k))->message;
      const char *role = strcmp (rubric_json_get_string (message, "role"), "assistant") == 0 ? "assistant" : "user";

      json_object_array_add (conversation,
                             _rubric_convert_message_new (role, json_object_get (_rubric_reader_get (message, "text"))));
    }

  for (guint i = 0; i < replies->len; i++)
    {
      Reply *reply = &g_array_index (replies, Reply, i);

      g_array_append_val (has_rank (MSG (messages, reply->index)->message) ? ranked : unranked, *reply);
    }
  gold = ranked->len >= 2;
  kept = gold ? ranked : replies;
  if (gold)
    g_array_sort (ranked, by_rank);
  n = MIN (kept->len, RUBRIC_MAX_RESPONSES);

  task = _rubric_convert_task_new (conv, "rank", rubric_json_get_string (p->message, "message_id"));
  _rubric_convert_set_conversation (conv, task, conversation, json_object_array_length (conversation), "text");

  shown = g_array_sized_new (FALSE, FALSE, sizeof (Reply), n);
  g_array_append_vals (shown, kept->data, n);
  g_array_sort (shown, by_hash);
  for (guint i = 0; i < n; i++)
    {
      json_object *message = MSG (messages, g_array_index (shown, Reply, i).index)->message;
      json_object *response = _rubric_convert_add_response (task, _rubric_reader_get (message, "text"),
                                                            rubric_json_get_string (message, "model_name"));

      json_object_object_add (facts, rubric_json_get_string (response, "id"), message_facts (message));
    }

  if (gold)
    {
      json_object *gold_object = _rubric_convert_gold (conv, task);
      json_object *ranking = json_object_new_array ();
      json_object *ties = json_object_new_array ();

      for (guint r = 0; r < n; r++)
        {
          const Reply *reply = &g_array_index (kept, Reply, r);
          char id[2] = { 0 };

          /* Where the reply went on the screen. */
          for (guint i = 0; i < n; i++)
            {
              if (g_array_index (shown, Reply, i).index == reply->index)
                id[0] = (char) ('a' + i);
            }
          json_object_array_add (ranking, json_object_new_string (id));
          if (r > 0 && reply->rank == g_array_index (kept, Reply, r - 1).rank)
            json_object_array_add (ties, json_object_new_string (id));
        }
      json_object_object_add (gold_object, "ranking", ranking);
      json_object_object_add (gold_object, "ties", ties);
    }

  if (tree_id != NULL)
    json_object_object_add (meta, "message_tree_id", json_object_get (tree_id));
  if (tree_state != NULL)
    json_object_object_add (meta, "tree_state", json_object_get (tree_state));
  json_object_object_add (meta, "message_id", json_object_get (_rubric_reader_get (p->message, "message_id")));
  if (_rubric_reader_has (p->message, "lang"))
    json_object_object_add (meta, "lang", json_object_get (_rubric_reader_get (p->message, "lang")));
  json_object_object_add (meta, "responses", facts);
  if (kept->len > n)
    json_object_object_add (meta, "left_out", ids_of (messages, &g_array_index (kept, Reply, n), kept->len - n));
  if (gold && unranked->len > 0)
    json_object_object_add (meta, "unranked", ids_of (messages, (Reply *) unranked->data, unranked->len));
  json_object_object_add (task, "meta", meta);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
}

/**
 * _rubric_oasst_tree_tasks:
 * @messages: (element-type RubricOasstMessage): one tree, each message
 *   checked with _rubric_oasst_check_message() or marked dead, parents
 *   before or after their replies, linked by index
 *
 * Emits the rank tasks of one tree, each on the line of the message
 * its replies answer.
 */
void
_rubric_oasst_tree_tasks (RubricConvert *conv,
                          GArray        *messages,
                          json_object   *tree_id,
                          json_object   *tree_state)
{
  g_autoptr(GArray) replies = g_array_new (FALSE, FALSE, sizeof (Reply));
  guint line = conv->line, n_here = conv->n_here;

  for (guint i = 0; i < messages->len; i++)
    {
      MSG (messages, i)->state = UNKNOWN;
      MSG (messages, i)->first_child = MSG (messages, i)->next_sibling = -1;
    }
  for (guint i = 0; i < messages->len; i++)
    settle (messages, i);
  /* Replies in the order of the file. */
  for (int i = (int) messages->len - 1; i >= 0; i--)
    {
      RubricOasstMessage *m = MSG (messages, i);

      if (m->state != ALIVE || m->parent < 0)
        continue;
      m->next_sibling = MSG (messages, m->parent)->first_child;
      MSG (messages, m->parent)->first_child = i;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      RubricOasstMessage *m = MSG (messages, i);

      if (m->state != ALIVE)
        continue;
      g_array_set_size (replies, 0);
      for (int c = m->first_child; c >= 0; c = MSG (messages, c)->next_sibling)
        {
          json_object *child = MSG (messages, c)->message;
          Reply reply = { (guint) c, hash_id (child), has_rank (child) ? rank_of (child) : 0 };

          if (strcmp (rubric_json_get_string (child, "role"), "assistant") == 0)
            g_array_append_val (replies, reply);
        }
      if (replies->len < 2)
        continue;
      conv->line = m->line;
      conv->n_here = 0;
      group_task (conv, messages, i, replies, tree_id, tree_state);
    }
  conv->line = line;
  conv->n_here = n_here;
}

/* The flat file ------------------------------------------------------ */

typedef struct
{
  json_object *tree_id;
  GArray      *messages;  /* RubricOasstMessage */
} Flat;

static void
clear_messages (GArray *messages)
{
  for (guint i = 0; i < messages->len; i++)
    json_object_put (MSG (messages, i)->message);
  g_array_set_size (messages, 0);
}

static void
flat_free (gpointer data)
{
  Flat *flat = data;

  clear_messages (flat->messages);
  g_array_unref (flat->messages);
  g_clear_pointer (&flat->tree_id, json_object_put);
  g_free (flat);
}

static void
fail_at (RubricConvert *conv,
         guint          line,
         const char    *field,
         char          *message)
{
  guint saved = conv->line;

  conv->line = line;
  _rubric_convert_fail (conv, field, "%s", message);
  conv->line = saved;
  g_free (message);
}

/* Links the tree held by @flat and emits its tasks. */
static void
flush (RubricConvert *conv,
       Flat          *flat)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  json_object *tree_state = NULL;

  if (flat->messages->len == 0)
    return;
  for (guint i = 0; i < flat->messages->len; i++)
    {
      RubricOasstMessage *m = MSG (flat->messages, i);
      const char *id = rubric_json_get_string (m->message, "message_id");
      gpointer first;

      if (id == NULL)
        continue;
      if (g_hash_table_lookup_extended (index, id, NULL, &first))
        {
          fail_at (conv, m->line, "message_id",
                   g_strdup_printf (_("“%s” is used twice, first on line %u"), id,
                                    MSG (flat->messages, GPOINTER_TO_UINT (first))->line));
          m->dead = TRUE;
          continue;
        }
      g_hash_table_insert (index, (gpointer) id, GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < flat->messages->len; i++)
    {
      RubricOasstMessage *m = MSG (flat->messages, i);
      const char *parent_id = rubric_json_get_string (m->message, "parent_id");
      gpointer parent;

      if (tree_state == NULL)
        tree_state = rubric_json_get_typed (m->message, "tree_state", json_type_string);
      if (parent_id == NULL)
        m->parent = -1;
      else if (g_hash_table_lookup_extended (index, parent_id, NULL, &parent))
        m->parent = (int) GPOINTER_TO_UINT (parent);
      else
        {
          /* Published exports hold such orphans: not an error of the
           * file, but what is left out is said in the set's header. */
          if (!m->dead)
            _rubric_convert_note (conv, m->line,
                                  "parent_id: message %s replies to %s, which is not in its tree (%s); "
                                  "it is left out, with any replies",
                                  rubric_json_get_string (m->message, "message_id"), parent_id,
                                  json_object_get_string (flat->tree_id));
          m->parent = -1;
          m->dead = TRUE;
        }
    }
  _rubric_oasst_tree_tasks (conv, flat->messages, flat->tree_id, tree_state);
  clear_messages (flat->messages);
}

gboolean
_rubric_convert_oasst1 (RubricConvert *conv,
                        json_object   *record)
{
  Flat *flat = conv->state;
  json_object *tree_id;
  json_object *parent_id = _rubric_reader_get (record, "parent_id");
  json_object *deleted = _rubric_reader_get (record, "deleted");
  RubricOasstMessage m = { 0 };
  gboolean ok;

  if (flat == NULL)
    {
      flat = g_new0 (Flat, 1);
      flat->messages = g_array_new (FALSE, TRUE, sizeof (RubricOasstMessage));
      conv->state = flat;
      conv->state_free = flat_free;
    }
  if ((tree_id = _rubric_convert_text (conv, record, "message_tree_id", NULL, FALSE)) == NULL)
    return FALSE;
  if (flat->tree_id == NULL || !json_object_equal (flat->tree_id, tree_id))
    {
      flush (conv, flat);
      g_clear_pointer (&flat->tree_id, json_object_put);
      flat->tree_id = json_object_get (tree_id);
    }

  ok = _rubric_oasst_check_message (conv, record, "");
  if (ok && parent_id != NULL && !json_object_is_type (parent_id, json_type_null) &&
      !json_object_is_type (parent_id, json_type_string))
    ok = _rubric_convert_fail (conv, "parent_id", _("must be a message_id or null"));
  /* A message that does not fit is kept, dead, so that its replies
   * are not reported as orphans too. */
  m.message = json_object_get (record);
  m.line = conv->line;
  m.dead = !ok || (deleted != NULL && json_object_get_boolean (deleted));
  m.parent = -1;
  g_array_append_val (flat->messages, m);
  return ok;
}

void
_rubric_finish_oasst1 (RubricConvert *conv)
{
  Flat *flat = conv->state;

  if (flat != NULL)
    flush (conv, flat);
}
