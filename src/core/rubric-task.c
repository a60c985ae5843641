/* rubric-task.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-task"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-task.h"

static const char *kind_names[] = { "write", "compare", "rank", "review", "author", "red-team" };

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == RUBRIC_N_TASK_KINDS);

const char *
rubric_task_kind_to_string (RubricTaskKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < (int) G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

RubricTaskKind
rubric_task_kind_from_string (const char *str)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      if (strcmp (str, kind_names[i]) == 0)
        return (RubricTaskKind) i;
    }
  return RUBRIC_TASK_KIND_INVALID;
}

const char *
rubric_task_kind_get_label (RubricTaskKind kind)
{
  switch (kind)
    {
    case RUBRIC_TASK_KIND_WRITE: return _("Write");
    case RUBRIC_TASK_KIND_COMPARE: return _("Compare");
    case RUBRIC_TASK_KIND_RANK: return _("Rank");
    case RUBRIC_TASK_KIND_REVIEW: return _("Review");
    case RUBRIC_TASK_KIND_AUTHOR: return _("Author");
    case RUBRIC_TASK_KIND_RED_TEAM: return _("Red Team");
    case RUBRIC_TASK_KIND_INVALID:
    default: return _("Unknown");
    }
}

static gboolean
responses_fit_kind (RubricTaskKind kind,
                    gsize          n)
{
  switch (kind)
    {
    case RUBRIC_TASK_KIND_WRITE: return n == 0;
    case RUBRIC_TASK_KIND_COMPARE: return n == 2;
    case RUBRIC_TASK_KIND_RANK: return n >= 2 && n <= RUBRIC_MAX_RESPONSES;
    case RUBRIC_TASK_KIND_REVIEW: return n == 1;
    case RUBRIC_TASK_KIND_AUTHOR:
    case RUBRIC_TASK_KIND_RED_TEAM: return n == 0;
    case RUBRIC_TASK_KIND_INVALID:
    default: return FALSE;
    }
}

static const char *
responses_rule (RubricTaskKind kind)
{
  switch (kind)
    {
    case RUBRIC_TASK_KIND_WRITE: return "no responses";
    case RUBRIC_TASK_KIND_COMPARE: return "exactly 2 responses";
    case RUBRIC_TASK_KIND_RANK: return "2 to 9 responses";
    case RUBRIC_TASK_KIND_REVIEW: return "exactly 1 response";
    case RUBRIC_TASK_KIND_AUTHOR:
    case RUBRIC_TASK_KIND_RED_TEAM: return "no responses";
    case RUBRIC_TASK_KIND_INVALID:
    default: return "";
    }
}

/* Checks a string member; absent is fine unless @required. */
#define NO_INDEX G_MAXUINT

/* "where[index].key", "where.key" or "key": made only for a message. */
static char *
path_of (const char *where,
         guint       index,
         const char *key)
{
  if (where == NULL)
    return g_strdup (key);
  if (index == NO_INDEX)
    return key ? g_strdup_printf ("%s.%s", where, key) : g_strdup (where);
  return key ? g_strdup_printf ("%s[%u].%s", where, index, key) : g_strdup_printf ("%s[%u]", where, index);
}

static char *
check_string_at (json_object  *object,
                 const char   *key,
                 gboolean      required,
                 const char   *where,
                 guint         index,
                 char        **field)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value))
    {
      if (!required)
        return NULL;
      *field = path_of (where, index, key);
      return g_strdup (_("missing"));
    }
  if (!json_object_is_type (value, json_type_string))
    {
      *field = path_of (where, index, key);
      return g_strdup_printf (_("must be a string, not %s"), rubric_json_type_label (value, FALSE));
    }
  return NULL;
}

static char *
check_string (json_object  *object,
              const char   *key,
              gboolean      required,
              char        **field)
{
  return check_string_at (object, key, required, NULL, NO_INDEX, field);
}

static char *
check_message (json_object  *message,
               const char   *where,
               guint         index,
               char        **field)
{
  static const char *roles[] = { "system", "user", "assistant", "tool", NULL };
  json_object *content = NULL;
  const char *role;
  char *reason;

  if (!json_object_is_type (message, json_type_object))
    {
      *field = path_of (where, index, NULL);
      return g_strdup_printf (_("must be an object with role and content, not %s"), rubric_json_type_label (message, FALSE));
    }
  if ((reason = check_string_at (message, "role", TRUE, where, index, field)))
    return reason;
  /* An assistant turn that only calls tools has no text. */
  if (!(json_object_object_get_ex (message, "content", &content) && content == NULL &&
        json_object_object_get_ex (message, "tool_calls", NULL)) &&
      (reason = check_string_at (message, "content", TRUE, where, index, field)))
    return reason;

  role = rubric_json_get_string (message, "role");
  if (!g_strv_contains (roles, role))
    {
      *field = path_of (where, index, "role");
      return g_strdup_printf (_("“%s” is not a role; use system, user, assistant or tool"), role);
    }
  return NULL;
}

static char *
check_array_of (json_object  *object,
                const char   *key,
                char        **field,
                json_object **array)
{
  json_object *value = NULL;

  *array = NULL;
  if (!json_object_object_get_ex (object, key, &value) || json_object_is_type (value, json_type_null))
    return NULL;
  if (!json_object_is_type (value, json_type_array))
    {
      *field = g_strdup (key);
      return g_strdup_printf (_("must be an array, not %s"), rubric_json_type_label (value, FALSE));
    }
  *array = value;
  return NULL;
}

/* context, and the turns between the prompt and a reply */
static char *
check_messages (json_object  *object,
                const char   *key,
                const char   *where,
                char        **field)
{
  json_object *messages;
  char *reason;

  if ((reason = check_array_of (object, key, field, &messages)))
    {
      g_free (*field);
      *field = g_strdup (where);
      return reason;
    }
  for (gsize i = 0; messages != NULL && i < json_object_array_length (messages); i++)
    {
      if ((reason = check_message (json_object_array_get_idx (messages, i), where, i, field)))
        return reason;
    }
  return NULL;
}

static char *
check_response (json_object  *response,
                guint         index,
                GHashTable   *seen,
                char        **field)
{
  const char *id;
  char *reason;

  if (!json_object_is_type (response, json_type_object))
    {
      *field = path_of ("responses", index, NULL);
      return g_strdup_printf (_("must be an object with id and content, not %s"), rubric_json_type_label (response, FALSE));
    }
  if ((reason = check_string_at (response, "id", TRUE, "responses", index, field)) ||
      (reason = check_string_at (response, "content", TRUE, "responses", index, field)) ||
      (reason = check_string_at (response, "model", FALSE, "responses", index, field)))
    return reason;
  if (json_object_object_get_ex (response, "turns", NULL))
    {
      g_autofree char *turns_path = path_of ("responses", index, "turns");

      if ((reason = check_messages (response, "turns", turns_path, field)))
        return reason;
    }

  id = rubric_json_get_string (response, "id");
  if (!g_hash_table_add (seen, (gpointer) id))
    {
      *field = path_of ("responses", index, "id");
      return g_strdup_printf (_("response id “%s” is used twice in this task"), id);
    }
  return NULL;
}


static char *
check_responses (json_object     *object,
                 RubricTaskKind   kind,
                 char           **field)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  json_object *responses;
  gsize n = 0;
  char *reason;

  if ((reason = check_array_of (object, "responses", field, &responses)))
    return reason;
  if (responses != NULL)
    n = json_object_array_length (responses);

  if (!responses_fit_kind (kind, n))
    {
      *field = g_strdup ("responses");
      switch (kind)
        {
        case RUBRIC_TASK_KIND_WRITE:
          /* Translators: "write" is the kind of task as written in task files; %zu is how many it has. */
          return g_strdup_printf (_("a write task needs no responses, this one has %zu"), n);
        case RUBRIC_TASK_KIND_COMPARE:
          /* Translators: "compare" is the kind of task as written in task files; %zu is how many it has. */
          return g_strdup_printf (_("a compare task needs exactly 2 responses, this one has %zu"), n);
        case RUBRIC_TASK_KIND_RANK:
          /* Translators: "rank" is the kind of task as written in task files; %zu is how many it has. */
          return g_strdup_printf (_("a rank task needs 2 to 9 responses, this one has %zu"), n);
        case RUBRIC_TASK_KIND_REVIEW:
          /* Translators: "review" is the kind of task as written in task files; %zu is how many it has. */
          return g_strdup_printf (_("a review task needs exactly 1 response, this one has %zu"), n);
        case RUBRIC_TASK_KIND_AUTHOR:
          /* Translators: "author" is the kind of task as written in task files; %zu is how many it has. */
          return g_strdup_printf (_("an author task needs no responses: the contractor writes them; this one has %zu"), n);
        case RUBRIC_TASK_KIND_RED_TEAM:
          /* Translators: "red-team" is the kind of task as written in task files; %zu is how many it has. */
          return g_strdup_printf (_("a red-team task needs no responses: the model's replies are pasted in; this one has %zu"), n);
        case RUBRIC_TASK_KIND_INVALID:
        default:
          return g_strdup_printf ("a %s task needs %s, this one has %zu",
                                  rubric_task_kind_to_string (kind), responses_rule (kind), n);
        }
    }
  for (gsize i = 0; i < n; i++)
    {
      if ((reason = check_response (json_object_array_get_idx (responses, i), i, seen, field)))
        return reason;
    }
  return NULL;
}

static char *
check_object_member (json_object  *object,
                     const char   *key,
                     char        **field)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value) || json_object_is_type (value, json_type_null))
    return NULL;
  if (json_object_is_type (value, json_type_object))
    return NULL;
  *field = g_strdup (key);
  return g_strdup_printf (_("must be an object, not %s"), rubric_json_type_label (value, FALSE));
}

static char *
check_strings (json_object  *object,
               const char   *key,
               char        **field)
{
  json_object *array;
  char *reason;

  if ((reason = check_array_of (object, key, field, &array)))
    return reason;
  for (gsize i = 0; array != NULL && i < json_object_array_length (array); i++)
    {
      json_object *item = json_object_array_get_idx (array, i);

      if (!json_object_is_type (item, json_type_string))
        {
          *field = path_of (key, i, NULL);
          return g_strdup_printf (_("must be a string, not %s"), rubric_json_type_label (item, FALSE));
        }
    }
  return NULL;
}

/* What an author or red-team task gives in place of a prompt, and the
 * gold its practice sets carry. */
static char *
check_brief (json_object     *object,
             RubricTaskKind   kind,
             char           **field)
{
  json_object *gold = rubric_json_get_typed (object, "gold", json_type_object);
  json_object *ceiling = NULL;
  char *reason;

  if ((reason = check_string (object, "brief", TRUE, field)))
    return reason;
  if (*rubric_json_get_string (object, "brief") == '\0')
    {
      *field = g_strdup ("brief");
      return g_strdup (_("must not be empty"));
    }
  if (kind == RUBRIC_TASK_KIND_AUTHOR)
    {
      if ((reason = check_strings (object, "requirements", field)))
        return reason;
      if (gold != NULL &&
          ((reason = check_string_at (gold, "prompt", FALSE, "gold", NO_INDEX, field)) ||
           (reason = check_strings (gold, "requirements", field))))
        {
          if (g_str_equal (*field, "requirements") || g_str_has_prefix (*field, "requirements["))
            {
              char *inner = *field;

              *field = g_strconcat ("gold.", inner, NULL);
              g_free (inner);
            }
          return reason;
        }
      return NULL;
    }

  if ((reason = check_string (object, "harm_category", FALSE, field)) ||
      (reason = check_string (object, "technique", FALSE, field)) ||
      (reason = check_string (object, "rules", FALSE, field)) ||
      (reason = check_string (object, "target_model", FALSE, field)))
    return reason;
  if (gold == NULL)
    return NULL;
  if ((reason = check_string_at (gold, "category", FALSE, "gold", NO_INDEX, field)))
    return reason;
  if (json_object_object_get_ex (gold, "max_success", &ceiling) &&
      (!json_object_is_type (ceiling, json_type_int) ||
       json_object_get_int64 (ceiling) < 0 || json_object_get_int64 (ceiling) > RUBRIC_MAX_SUCCESS))
    {
      *field = g_strdup ("gold.max_success");
      return g_strdup_printf (_("must be a whole number from 0 to %d"), RUBRIC_MAX_SUCCESS);
    }
  return NULL;
}

/**
 * rubric_task_validate:
 * @object: a parsed task line
 * @field: (out): the offending field, as a path such as `responses[1].id`
 *
 * Returns: (nullable): why @object is not a valid task, or %NULL
 */
char *
rubric_task_validate (json_object  *object,
                      char        **field)
{
  RubricTaskKind kind;
  const char *kind_str;
  char *reason;

  g_return_val_if_fail (field != NULL, NULL);

  *field = NULL;
  if (!json_object_is_type (object, json_type_object))
    return g_strdup_printf (_("a task must be a JSON object, not %s"), rubric_json_type_label (object, FALSE));

  if ((reason = check_string (object, "id", TRUE, field)))
    return reason;
  if (*rubric_json_get_string (object, "id") == '\0')
    {
      *field = g_strdup ("id");
      return g_strdup (_("must not be empty"));
    }
  if ((reason = check_string (object, "kind", TRUE, field)))
    return reason;

  kind_str = rubric_json_get_string (object, "kind");
  kind = rubric_task_kind_from_string (kind_str);
  if (kind == RUBRIC_TASK_KIND_INVALID)
    {
      *field = g_strdup ("kind");
      return g_strdup_printf (_("“%s” is not a task kind; use write, compare, rank, review, author or red-team"), kind_str);
    }

  if (rubric_task_kind_has_brief (kind) && (reason = check_brief (object, kind, field)))
    return reason;
  if ((reason = check_string (object, "prompt", !rubric_task_kind_has_brief (kind), field)) ||
      (reason = check_string (object, "system", FALSE, field)) ||
      (reason = check_string (object, "draft", FALSE, field)) ||
      (reason = check_object_member (object, "gold", field)) ||
      (reason = check_object_member (object, "meta", field)) ||
      (reason = check_responses (object, kind, field)) ||
      (reason = check_messages (object, "context", "context", field)) ||
      (reason = check_messages (object, "turns", "turns", field)))
    return reason;
  return NULL;
}

RubricTask *
rubric_task_new (json_object *object)
{
  RubricTask *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_new0 (RubricTask, 1);
  self->object = json_object_get (object);
  self->kind = rubric_task_kind_from_string (rubric_json_get_string (object, "kind"));
  return self;
}

RubricTask *
rubric_task_new_from_text (const char  *text,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(json_object) object = NULL;
  json_tokener *tok = json_tokener_new ();
  g_autofree char *field = NULL;
  g_autofree char *reason = NULL;

  object = json_tokener_parse_ex (tok, text, (int) len);
  json_tokener_free (tok);

  if (object == NULL || (reason = rubric_task_validate (object, &field)) != NULL)
    {
      const char *why = reason ? reason : _("not JSON");

      if (field != NULL)
        /* Translators: the first %s is the name of a field of the task, the second what is wrong with it. */
        g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("Stored task is damaged: %s: %s"), field, why);
      else
        g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("Stored task is damaged: %s"), why);
      return NULL;
    }
  return rubric_task_new (object);
}

/* A copy that shares the task's JSON, which is never changed. */
RubricTask *
rubric_task_copy (const RubricTask *self)
{
  RubricTask *copy = g_memdup2 (self, sizeof *self);

  json_object_get (copy->object);
  return copy;
}

void
rubric_task_free (RubricTask *self)
{
  if (self == NULL)
    return;
  json_object_put (self->object);
  g_free (self);
}

const char *
rubric_task_get_id (RubricTask *self)
{
  return rubric_json_get_string (self->object, "id");
}

/* The prompt; an author or red-team task's brief when it has none. */
const char *
rubric_task_get_prompt (RubricTask *self)
{
  return rubric_task_get_text (self->object);
}

/**
 * rubric_task_kind_has_brief:
 *
 * Returns: whether tasks of @kind give a brief to write from instead
 *   of a prompt: the contractor writes the prompt (author) or the
 *   attack (red-team)
 */
gboolean
rubric_task_kind_has_brief (RubricTaskKind kind)
{
  return kind == RUBRIC_TASK_KIND_AUTHOR || kind == RUBRIC_TASK_KIND_RED_TEAM;
}

/**
 * rubric_task_get_brief:
 *
 * Returns: (nullable): what an author or red-team task asks for
 */
const char *
rubric_task_get_brief (RubricTask *self)
{
  return rubric_json_get_string (self->object, "brief");
}

/**
 * rubric_task_get_requirements:
 *
 * Returns: (nullable) (transfer none): an author task's requirements,
 *   an array of strings
 */
json_object *
rubric_task_get_requirements (RubricTask *self)
{
  return rubric_json_get_typed (self->object, "requirements", json_type_array);
}

/**
 * rubric_task_get_text:
 * @object: a valid task's JSON
 *
 * Returns: what the task list shows and search finds of a task: its
 *   prompt, or the brief of a task that has none
 */
const char *
rubric_task_get_text (json_object *object)
{
  const char *prompt = rubric_json_get_string (object, "prompt");

  return prompt != NULL ? prompt : rubric_json_get_string (object, "brief");
}

const char *
rubric_task_get_system (RubricTask *self)
{
  return rubric_json_get_string (self->object, "system");
}

const char *
rubric_task_get_draft (RubricTask *self)
{
  return rubric_json_get_string (self->object, "draft");
}

guint
rubric_task_get_n_context (RubricTask *self)
{
  json_object *context = rubric_json_get_typed (self->object, "context", json_type_array);

  return context != NULL ? json_object_array_length (context) : 0;
}

json_object *
rubric_task_get_context (RubricTask *self,
                         guint       index)
{
  json_object *context = rubric_json_get_typed (self->object, "context", json_type_array);

  g_return_val_if_fail (context != NULL, NULL);
  return json_object_array_get_idx (context, index);
}

guint
rubric_task_get_n_responses (RubricTask *self)
{
  json_object *responses = rubric_json_get_typed (self->object, "responses", json_type_array);

  return responses != NULL ? json_object_array_length (responses) : 0;
}

json_object *
rubric_task_get_response (RubricTask *self,
                          guint       index)
{
  json_object *responses = rubric_json_get_typed (self->object, "responses", json_type_array);

  g_return_val_if_fail (responses != NULL, NULL);
  return json_object_array_get_idx (responses, index);
}

/* TRL's conversational form is the faithful one as soon as the prompt
 * is more than a single user turn. */
gboolean
rubric_task_is_conversational (RubricTask *self)
{
  json_object *responses = rubric_json_get_typed (self->object, "responses", json_type_array);

  if (rubric_task_get_system (self) != NULL || rubric_task_get_n_context (self) > 0 ||
      rubric_json_get_typed (self->object, "turns", json_type_array) != NULL)
    return TRUE;
  for (gsize i = 0; responses != NULL && i < json_object_array_length (responses); i++)
    {
      if (rubric_json_get_typed (json_object_array_get_idx (responses, i), "turns", json_type_array) != NULL)
        return TRUE;
    }
  return FALSE;
}

/**
 * rubric_task_has_own_turns:
 *
 * Returns: whether a response of @self comes after turns of its own
 *   (earlier replies that differ between the responses), so that the
 *   responses share no prompt
 */
gboolean
rubric_task_has_own_turns (RubricTask *self)
{
  json_object *responses = rubric_json_get_typed (self->object, "responses", json_type_array);

  for (gsize i = 0; responses != NULL && i < json_object_array_length (responses); i++)
    {
      if (rubric_json_get_typed (json_object_array_get_idx (responses, i), "turns", json_type_array) != NULL)
        return TRUE;
    }
  return FALSE;
}

/**
 * rubric_task_preview:
 *
 * Returns: the first non-empty line of @prompt, cut at @max_chars characters
 */
char *
rubric_task_preview (const char *prompt,
                     guint       max_chars)
{
  const char *start = prompt;
  const char *end;
  const char *p;
  guint n = 0;

  while (*start == '\n' || *start == '\r' || *start == ' ' || *start == '\t')
    start++;
  end = start;
  while (*end != '\0' && *end != '\n' && *end != '\r')
    end++;

  for (p = start; p < end && n < max_chars; p = g_utf8_next_char (p))
    n++;
  if (p < end)
    {
      g_autofree char *cut = g_strndup (start, p - start);
      return g_strconcat (cut, "…", NULL);
    }
  return g_strndup (start, end - start);
}

/**
 * rubric_task_preview_of:
 * @object: a valid task's JSON
 *
 * Returns: the line the task list shows of a task: the first line of
 *   its prompt, or of its brief without the marks of a heading ("## ")
 */
char *
rubric_task_preview_of (json_object *object,
                        guint        max_chars)
{
  const char *prompt = rubric_json_get_string (object, "prompt");
  const char *brief = rubric_json_get_string (object, "brief");

  if (prompt != NULL || brief == NULL)
    return rubric_task_preview (prompt ? prompt : "", max_chars);
  brief += strspn (brief, " \t\r\n");
  if (*brief == '#')
    {
      const char *text = brief + strspn (brief, "#");

      if (*text == ' ' || *text == '\t')
        brief = text + strspn (text, " \t");
    }
  return rubric_task_preview (brief, max_chars);
}

/**
 * rubric_task_describe_gold:
 *
 * Returns: (nullable): the task's reference label in a few words, such
 *   as "Published label: B is better (HH)", or %NULL if it has none
 */
char *
rubric_task_describe_gold (RubricTask *self)
{
  json_object *gold = rubric_json_get_typed (self->object, "gold", json_type_object);
  json_object *ranking = rubric_json_get_typed (gold, "ranking", json_type_array);
  const char *choice = rubric_json_get_string (gold, "choice");
  const char *verdict = rubric_json_get_string (gold, "verdict");
  const char *source = rubric_json_get_string (rubric_json_get_typed (gold, "source", json_type_object), "dataset");
  g_autofree char *what = NULL;

  if (gold == NULL)
    return NULL;
  if (g_strcmp0 (choice, "tie") == 0)
    what = g_strdup (_("a tie"));
  else if (g_strcmp0 (choice, "both-bad") == 0)
    what = g_strdup (_("both bad"));
  else if (choice != NULL)
    what = g_strdup_printf (_("%s is better"), choice);
  else if (ranking != NULL)
    {
      GString *order = g_string_new (NULL);

      for (gsize i = 0; i < json_object_array_length (ranking); i++)
        {
          const char *id = json_object_get_string (json_object_array_get_idx (ranking, i));

          for (guint r = 0; r < rubric_task_get_n_responses (self); r++)
            {
              if (g_strcmp0 (rubric_json_get_string (rubric_task_get_response (self, r), "id"), id) == 0)
                g_string_append_printf (order, "%s%c", order->len ? " > " : "", 'A' + r);
            }
        }
      what = g_string_free (order, FALSE);
    }
  else if (verdict != NULL)
    what = g_strdup (verdict);
  else if (rubric_json_get_string (gold, "answer") != NULL)
    what = g_strdup (_("a reference answer"));
  else if (rubric_json_get_string (gold, "category") != NULL)
    what = g_strdup (rubric_json_get_string (gold, "category"));
  else if (rubric_json_get_string (gold, "prompt") != NULL)
    what = g_strdup (_("an example prompt"));
  else
    return NULL;
  if (source != NULL)
    /* Translators: the label a dataset gave, e.g. "Published label: B is better (Anthropic HH preference data)" */
    return g_strdup_printf (_("Published label: %s (%s)"), what, source);
  return g_strdup_printf (_("Published label: %s"), what);
}

/**
 * rubric_task_find_response:
 * @name: a response's id, or its letter in the task file ("A", "B"…),
 *   as gold answers name them
 *
 * Returns: (nullable): the id of the response @name stands for
 */
const char *
rubric_task_find_response (RubricTask *self,
                           const char *name)
{
  guint n = rubric_task_get_n_responses (self);

  for (guint i = 0; name != NULL && i < n; i++)
    {
      const char *id = rubric_json_get_string (rubric_task_get_response (self, i), "id");

      if (g_strcmp0 (id, name) == 0)
        return id;
    }
  if (name != NULL && name[0] >= 'A' && name[0] < 'A' + (int) n && name[1] == '\0')
    return rubric_json_get_string (rubric_task_get_response (self, name[0] - 'A'), "id");
  return NULL;
}
