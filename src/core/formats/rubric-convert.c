/* rubric-convert.c — what every converter of a foreign format uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rubric-reader-private.h"

/**
 * _rubric_convert_task_new:
 * @id: (nullable): the dataset's own id for the task, if it has one
 *
 * Returns: (transfer full): a task of @kind. Without an id of its own
 *   it is named after the file and the line it starts on, so that the
 *   same file gives the same ids every time.
 */
json_object *
_rubric_convert_task_new (RubricConvert *conv,
                          const char    *kind,
                          const char    *id)
{
  json_object *task = json_object_new_object ();
  g_autofree char *made = NULL;

  if (id == NULL || *id == '\0')
    id = made = conv->n_here == 0 ? g_strdup_printf ("%s-%u", conv->stem, conv->line)
                                  : g_strdup_printf ("%s-%u-%u", conv->stem, conv->line, conv->n_here + 1);
  json_object_object_add (task, "id", json_object_new_string (id));
  json_object_object_add (task, "kind", json_object_new_string (kind));
  return task;
}

static const char *
normal_role (const char *role)
{
  static const struct { const char *name; const char *role; } roles[] = {
    { "system", "system" },
    { "user", "user" }, { "human", "user" }, { "prompter", "user" }, { "Human", "user" }, { "User", "user" },
    { "assistant", "assistant" }, { "gpt", "assistant" }, { "bot", "assistant" }, { "model", "assistant" },
    { "Assistant", "assistant" }, { "chatgpt", "assistant" },
    { "tool", "tool" }, { "function", "tool" }, { "observation", "tool" }, { "ipython", "tool" },
    { "function_call", "assistant" },
  };

  for (guint i = 0; role != NULL && i < G_N_ELEMENTS (roles); i++)
    {
      if (strcmp (role, roles[i].name) == 0)
        return roles[i].role;
    }
  return NULL;
}

/* Content given as parts, [{"type": "text", "text" or "value": …}]: a
 * single text part is taken as it is; several are joined. */
static json_object *
content_of_parts (RubricConvert *conv,
                  json_object   *parts,
                  const char    *field)
{
  g_autoptr(GString) joined = NULL;
  json_object *single = NULL;
  gsize n = json_object_array_length (parts);

  for (gsize i = 0; i < n; i++)
    {
      json_object *part = json_object_array_get_idx (parts, i);
      const char *type = rubric_json_get_string (part, "type");
      json_object *text = rubric_json_get_typed (part, "text", json_type_string);

      if (text == NULL)
        text = rubric_json_get_typed (part, "value", json_type_string);
      if (json_object_is_type (part, json_type_string))
        text = part;
      if (type == NULL)
        type = "";
      if (text == NULL || (*type != '\0' && strcmp (type, "text") != 0))
        {
          /* Translators: %zu counts the parts of a message; %s is the type of the part as the file names it, such as “image_url”. */
          _rubric_convert_fail (conv, field, _("part %zu is %s, not text; Rubric reads text only"), i,
                                *type != '\0' ? type : "not a text part");
          return NULL;
        }
      if (n == 1)
        single = text;
      else
        {
          if (joined == NULL)
            joined = g_string_new (NULL);
          g_string_append_len (joined, json_object_get_string (text), json_object_get_string_len (text));
        }
    }
  if (single != NULL)
    return json_object_get (single);
  if (joined == NULL)
    return json_object_new_string ("");
  return json_object_new_string_len (joined->str, joined->len);
}

/* Takes @content. */
json_object *
_rubric_convert_message_new (const char  *role,
                             json_object *content)
{
  json_object *message = json_object_new_object ();

  json_object_object_add (message, "role", json_object_new_string (role));
  json_object_object_add (message, "content", content ? content : json_object_new_string (""));
  return message;
}

/**
 * _rubric_convert_messages:
 * @array: a list of messages in a dataset's terms
 * @role_key: the key of the role ("role", "from")
 * @content_key: the key of the text ("content", "value")
 * @field: where @array is in the record, for messages
 *
 * Reads roles such as human, gpt and prompter as user and assistant,
 * and content given as text parts. Other keys of a message (tool
 * calls, names, ids) are kept. Content may be null only beside tool
 * calls.
 *
 * Returns: (transfer full) (nullable): the messages, or %NULL after
 *   reporting why not
 */
json_object *
_rubric_convert_messages (RubricConvert *conv,
                          json_object   *array,
                          const char    *role_key,
                          const char    *content_key,
                          const char    *field)
{
  g_autoptr(json_object) out = NULL;
  gsize n;

  if (!json_object_is_type (array, json_type_array))
    {
      _rubric_convert_fail (conv, field, _("must be a list of messages"));
      return NULL;
    }
  n = json_object_array_length (array);
  out = json_object_new_array_ext ((int) n);
  for (gsize i = 0; i < n; i++)
    {
      json_object *message = json_object_array_get_idx (array, i);
      g_autofree char *path = g_strdup_printf ("%s[%zu]", field, i);
      g_autofree char *role_path = g_strdup_printf ("%s.%s", path, role_key);
      g_autofree char *content_path = g_strdup_printf ("%s.%s", path, content_key);
      json_object *content = NULL;
      json_object *copy;
      const char *role;

      if (!json_object_is_type (message, json_type_object))
        {
          _rubric_convert_fail (conv, path, _("must be an object with %s and %s"), role_key, content_key);
          return NULL;
        }
      role = normal_role (rubric_json_get_string (message, role_key));
      if (role == NULL)
        {
          _rubric_convert_fail (conv, role_path, _("“%s” is not a role Rubric knows"),
                                rubric_json_get_string (message, role_key));
          return NULL;
        }
      json_object_object_get_ex (message, content_key, &content);
      if (json_object_is_type (content, json_type_array))
        {
          if ((content = content_of_parts (conv, content, content_path)) == NULL)
            return NULL;
        }
      else if (json_object_is_type (content, json_type_string))
        content = json_object_get (content);
      else if (content == NULL && _rubric_reader_has (message, "tool_calls"))
        content = NULL;
      else
        {
          _rubric_convert_fail (conv, content_path, content == NULL ? _("missing") : _("must be text"));
          return NULL;
        }

      copy = json_object_new_object ();
      json_object_object_add (copy, "role", json_object_new_string (role));
      json_object_object_add (copy, "content", content);
      json_object_object_foreach (message, key, value)
        {
          if (strcmp (key, role_key) != 0 && strcmp (key, content_key) != 0 &&
              strcmp (key, "role") != 0 && strcmp (key, "content") != 0 && strcmp (key, "loss_weight") != 0)
            json_object_object_add (copy, key, json_object_get (value));
        }
      json_object_array_add (out, copy);
    }
  return g_steal_pointer (&out);
}

static json_object *
slice (json_object *messages,
       guint        from,
       guint        to)
{
  json_object *out = json_object_new_array ();

  for (guint i = from; i < to; i++)
    json_object_array_add (out, json_object_get (json_object_array_get_idx (messages, i)));
  return out;
}

/**
 * _rubric_convert_set_conversation:
 * @messages: normalised messages
 * @end: how many of them belong to the prompt side; what follows is
 *   the reply or replies
 *
 * A leading system message becomes the task's system message, the last
 * user message the prompt, those between the context, and those after
 * the prompt (a tool call and its result) the task's turns. Without a
 * user message the prompt is empty and every message is context.
 */
gboolean
_rubric_convert_set_conversation (RubricConvert *conv,
                                  json_object   *task,
                                  json_object   *messages,
                                  guint          end,
                                  const char    *field)
{
  guint first = 0;
  int prompt = -1;

  if (end > 0 && g_strcmp0 (rubric_json_get_string (json_object_array_get_idx (messages, 0), "role"), "system") == 0 &&
      json_object_is_type (json_object_object_get (json_object_array_get_idx (messages, 0), "content"), json_type_string))
    {
      json_object_object_add (task, "system",
                              json_object_get (json_object_object_get (json_object_array_get_idx (messages, 0), "content")));
      first = 1;
    }
  for (int i = (int) end - 1; i >= (int) first; i--)
    {
      json_object *message = json_object_array_get_idx (messages, i);

      if (g_strcmp0 (rubric_json_get_string (message, "role"), "user") == 0 &&
          json_object_is_type (json_object_object_get (message, "content"), json_type_string))
        {
          prompt = i;
          break;
        }
    }
  if (prompt < 0)
    {
      json_object_object_add (task, "prompt", json_object_new_string (""));
      if (end > first)
        json_object_object_add (task, "context", slice (messages, first, end));
      return TRUE;
    }
  json_object_object_add (task, "prompt",
                          json_object_get (json_object_object_get (json_object_array_get_idx (messages, prompt), "content")));
  if ((guint) prompt > first)
    json_object_object_add (task, "context", slice (messages, first, prompt));
  if ((guint) prompt + 1 < end)
    json_object_object_add (task, "turns", slice (messages, prompt + 1, end));
  return TRUE;
}

static gboolean
same_message (json_object *a,
              json_object *b)
{
  return g_strcmp0 (rubric_json_get_string (a, "role"), rubric_json_get_string (b, "role")) == 0 &&
         json_object_equal (json_object_object_get (a, "content"), json_object_object_get (b, "content"));
}

/**
 * _rubric_convert_n_shared:
 * @a: normalised messages
 * @b: others
 * @whole: compare the messages whole (tool calls, names and all)
 *   rather than by their role and content only
 *
 * Returns: how many messages @a and @b begin with alike
 */
guint
_rubric_convert_n_shared (json_object *a,
                          json_object *b,
                          gboolean     whole)
{
  gsize n_a = json_object_array_length (a);
  gsize n_b = json_object_array_length (b);
  guint common = 0;

  while (common < n_a && common < n_b)
    {
      json_object *x = json_object_array_get_idx (a, common);
      json_object *y = json_object_array_get_idx (b, common);

      if (whole ? !json_object_equal (x, y) : !same_message (x, y))
        break;
      common++;
    }
  return common;
}

/**
 * _rubric_convert_shared_prompt:
 * @a: normalised messages
 * @b: others
 *
 * Returns: the last user message of the part @a and @b begin with
 *   alike (the same roles and content) that still leaves each of them
 *   a message after it, or -1 where there is none
 */
int
_rubric_convert_shared_prompt (json_object *a,
                               json_object *b)
{
  gsize n_a = json_object_array_length (a);
  gsize n_b = json_object_array_length (b);
  guint common = _rubric_convert_n_shared (a, b, FALSE);

  for (int i = (int) common - 1; i >= 0; i--)
    {
      if (g_strcmp0 (rubric_json_get_string (json_object_array_get_idx (a, i), "role"), "user") == 0 &&
          (gsize) i + 1 < n_a && (gsize) i + 1 < n_b)
        return i;
    }
  return -1;
}

/**
 * _rubric_convert_add_turns:
 * @response: a response whose content is the last of @messages
 * @from: where the response's own turns start
 *
 * Gives @response the messages from @from up to its reply (the last
 * message) as its "turns", if there are any.
 */
void
_rubric_convert_add_turns (json_object *response,
                           json_object *messages,
                           guint        from)
{
  gsize n = json_object_array_length (messages);

  if (from + 1 < n)
    json_object_object_add (response, "turns", slice (messages, from, (guint) n - 1));
}

/**
 * _rubric_convert_response_from:
 * @messages: normalised messages that end with a reply
 * @from: where the reply's own turns start
 * @content: (transfer none): the reply's text
 *
 * Returns: (transfer full): a response {content, turns?} whose turns
 *   are the messages from @from before the last
 */
json_object *
_rubric_convert_response_from (json_object *messages,
                               guint        from,
                               json_object *content)
{
  json_object *response = json_object_new_object ();

  json_object_object_add (response, "content", json_object_get (content));
  _rubric_convert_add_turns (response, messages, from);
  return response;
}

const char *
_rubric_convert_response_label (guint index)
{
  static const char *labels[] = { "A", "B", "C", "D", "E", "F", "G", "H", "I" };

  g_return_val_if_fail (index < G_N_ELEMENTS (labels), "Z");
  return labels[index];
}

/* The id of the response at @index of a task: a, b, c… */
json_object *
_rubric_convert_response_id (guint index)
{
  char id[2] = { (char) ('a' + index), '\0' };

  return json_object_new_string (id);
}

/**
 * _rubric_convert_add_response:
 * @content: a string
 *
 * Returns: (transfer none): the response, named a, b, c… in order
 */
json_object *
_rubric_convert_add_response (json_object *task,
                              json_object *content,
                              const char  *model)
{
  json_object *responses = rubric_json_get_typed (task, "responses", json_type_array);
  json_object *response = json_object_new_object ();

  if (responses == NULL)
    {
      responses = json_object_new_array ();
      json_object_object_add (task, "responses", responses);
    }
  json_object_object_add (response, "id", _rubric_convert_response_id ((guint) json_object_array_length (responses)));
  json_object_object_add (response, "content", content ? json_object_get (content) : json_object_new_string (""));
  if (model != NULL && *model != '\0')
    json_object_object_add (response, "model", json_object_new_string (model));
  json_object_array_add (responses, response);
  return response;
}

/**
 * _rubric_convert_add_under:
 * @group: a key of @object whose value is an object, made if it has none
 * @name: (nullable): the key of @value in that object; %NULL for ""
 * @value: (transfer full): the value
 *
 * Adds @value to @object's @group under @name, as gold.labels or
 * gold.ratings keep an annotator's answers by their question.
 */
void
_rubric_convert_add_under (json_object *object,
                           const char  *group,
                           const char  *name,
                           json_object *value)
{
  json_object *members = rubric_json_get_typed (object, group, json_type_object);

  if (members == NULL)
    {
      members = json_object_new_object ();
      json_object_object_add (object, group, members);
    }
  json_object_object_add (members, name ? name : "", value);
}

/**
 * _rubric_convert_gold:
 *
 * Returns: (transfer none): @task's gold, made with its source (the
 *   format, the file and the line) if it has none yet
 */
json_object *
_rubric_convert_gold (RubricConvert *conv,
                      json_object   *task)
{
  json_object *gold = rubric_json_get_typed (task, "gold", json_type_object);

  if (gold != NULL)
    return gold;
  gold = json_object_new_object ();
  json_object_object_add (gold, "source", _rubric_convert_source (conv));
  json_object_object_add (task, "gold", gold);
  return gold;
}

/* Where a label came from: the format, the file and the line. */
json_object *
_rubric_convert_source (RubricConvert *conv)
{
  json_object *source = json_object_new_object ();

  /* The same three strings for every task of the file. */
  if (conv->source_strings[0] == NULL)
    {
      conv->source_strings[0] = json_object_new_string (conv->format->id);
      conv->source_strings[1] = json_object_new_string (conv->format->label);
      conv->source_strings[2] = json_object_new_string (conv->stem);
    }
  json_object_object_add (source, "format", json_object_get (conv->source_strings[0]));
  json_object_object_add (source, "dataset", json_object_get (conv->source_strings[1]));
  json_object_object_add (source, "file", json_object_get (conv->source_strings[2]));
  json_object_object_add (source, "line", json_object_new_int ((int) conv->line));
  return source;
}

/* FNV-1a over the two replies: which side the chosen one goes to. The
 * same pair lands on the same side whatever the file is called. */
static gboolean
chosen_goes_second (json_object *chosen,
                    json_object *rejected)
{
  json_object *texts[] = { json_object_object_get (chosen, "content"), json_object_object_get (rejected, "content") };
  guint32 hash = 2166136261u;

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      const char *p = json_object_get_string (texts[t]);
      int len = json_object_get_string_len (texts[t]);

      /* The length and the start tell pairs apart well enough. */
      hash = (hash ^ (guint32) len) * 16777619u;
      for (int i = 0; i < MIN (len, 256); i++)
        hash = (hash ^ (guchar) p[i]) * 16777619u;
      hash = (hash ^ 0xff) * 16777619u;
    }
  return (hash >> 7) & 1;
}

/**
 * _rubric_convert_pair:
 * @chosen: the preferred response, with its "turns" if it has any
 * @rejected: the other
 * @strength: the strength of the preference, or 0 when it has none;
 *   -1 for a tie, which keeps the order given
 *
 * Adds two responses to a compare task, the preferred one on a side
 * fixed by their text, so that a blind re-annotation does not always
 * find it first; the gold records which.
 */
void
_rubric_convert_pair (RubricConvert *conv,
                      json_object   *task,
                      json_object   *chosen,
                      json_object   *rejected,
                      int            strength)
{
  json_object *responses = rubric_json_get_typed (task, "responses", json_type_array);
  gboolean second = strength >= 0 && chosen_goes_second (chosen, rejected);
  json_object *gold;

  if (responses == NULL)
    {
      responses = json_object_new_array ();
      json_object_object_add (task, "responses", responses);
    }
  json_object_object_add (chosen, "id", json_object_new_string (second ? "b" : "a"));
  json_object_object_add (rejected, "id", json_object_new_string (second ? "a" : "b"));
  json_object_array_add (responses, json_object_get (second ? rejected : chosen));
  json_object_array_add (responses, json_object_get (second ? chosen : rejected));
  json_object_put (chosen);
  json_object_put (rejected);

  gold = _rubric_convert_gold (conv, task);
  json_object_object_add (gold, "choice", json_object_new_string (strength < 0 ? "tie" : second ? "B" : "A"));
  if (strength > 0)
    json_object_object_add (gold, "strength", json_object_new_int (strength));
}

void
_rubric_convert_emit (RubricConvert *conv,
                      json_object   *task)
{
  if (conv->options != NULL && conv->options->drop_labels)
    json_object_object_del (task, "gold");
  conv->emit (conv->reader, task, conv->line);
  conv->n_here++;
}

gboolean
_rubric_convert_fail (RubricConvert *conv,
                      const char    *field,
                      const char    *format,
                      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  conv->problem (conv->reader, conv->line, field, message);
  return FALSE;
}

/* A number as datasets write it: 4, 4.0 or "4". */
gboolean
_rubric_convert_number (json_object *value,
                        double      *number)
{
  const char *text;
  char *end = NULL;

  switch (json_object_get_type (value))
    {
    case json_type_int:
    case json_type_double:
      *number = json_object_get_double (value);
      return isfinite (*number);
    case json_type_string:
      text = json_object_get_string (value);
      while (g_ascii_isspace (*text))
        text++;
      if (*text == '\0')
        return FALSE;
      *number = g_ascii_strtod (text, &end);
      while (end != NULL && g_ascii_isspace (*end))
        end++;
      return end != NULL && *end == '\0' && isfinite (*number);
    case json_type_null:
    case json_type_boolean:
    case json_type_object:
    case json_type_array:
    default:
      return FALSE;
    }
}

/**
 * _rubric_convert_parse_json:
 * @text: JSON held as text, such as a CSV cell or an encoded argument list
 *
 * Returns: (transfer full) (nullable): the value, or %NULL after reporting
 */
json_object *
_rubric_convert_parse_json (RubricConvert *conv,
                            const char    *text,
                            const char    *field)
{
  json_tokener *tok = json_tokener_new_ex (RUBRIC_DEFAULT_MAX_DEPTH);
  json_object *value;
  enum json_tokener_error err;
  gsize len = strlen (text);

  json_tokener_set_flags (tok, JSON_TOKENER_STRICT);
  value = json_tokener_parse_ex (tok, text, (int) len);
  err = json_tokener_get_error (tok);
  if (err == json_tokener_success && json_tokener_get_parse_end (tok) < len)
    {
      const char *rest = text + json_tokener_get_parse_end (tok);

      while (g_ascii_isspace (*rest))
        rest++;
      if (*rest != '\0')
        err = json_tokener_error_parse_unexpected;
    }
  json_tokener_free (tok);
  if (err != json_tokener_success)
    {
      g_clear_pointer (&value, json_object_put);
      _rubric_convert_fail (conv, field, _("holds no valid JSON (%s)"), json_tokener_error_desc (err));
      return NULL;
    }
  if (value == NULL)
    value = json_object_new_null ();
  return value;
}

/**
 * _rubric_convert_text:
 * @field: (nullable): where the value is in the record, for messages;
 *   %NULL for @key
 * @plain: name a value of another type in plain words ("a number",
 *   "a list") rather than by json-c's name of its type ("int", "array")
 *
 * Returns: (transfer none) (nullable): the string at @key, or %NULL
 *   after reporting that it is missing or not text
 */
json_object *
_rubric_convert_text (RubricConvert *conv,
                      json_object   *record,
                      const char    *key,
                      const char    *field,
                      gboolean       plain)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (record, key, &value))
    {
      _rubric_convert_fail (conv, field ? field : key, _("missing"));
      return NULL;
    }
  if (!json_object_is_type (value, json_type_string))
    {
      _rubric_convert_fail (conv, field ? field : key, _("must be text, not %s"),
                            plain ? rubric_json_type_label (value, TRUE)
                            : json_object_is_type (value, json_type_null) ? "null"
                            : json_type_to_name (json_object_get_type (value)));
      return NULL;
    }
  return value;
}

/**
 * _rubric_convert_mapped:
 * @field: a field of the task, such as "prompt" or "response"
 * @n: which of the entries for @field, counted from 0
 *
 * Returns: (nullable): what the @n-th --map FIELD=KEY entry for @field
 *   names (a key or a column of the record), or %NULL
 */
const char *
_rubric_convert_mapped (RubricConvert *conv,
                        const char    *field,
                        guint          n)
{
  const char * const *map = conv->options ? conv->options->map : NULL;
  gsize len = strlen (field);

  for (guint i = 0; map != NULL && map[i] != NULL; i++)
    {
      if (strncmp (map[i], field, len) == 0 && map[i][len] == '=' && n-- == 0)
        return map[i] + len + 1;
    }
  return NULL;
}

/**
 * _rubric_convert_note:
 *
 * Records something of the file that was left out on purpose, and why,
 * as "file:line: message" in the set header's imported_from.notes:
 * not a problem, so the import goes ahead, but never silent.
 */
void
_rubric_convert_note (RubricConvert *conv,
                      guint          line,
                      const char    *format,
                      ...)
{
  json_object *from = rubric_json_get_typed (conv->header, "imported_from", json_type_object);
  json_object *notes = rubric_json_get_typed (from, "notes", json_type_array);
  g_autofree char *message_text = NULL;
  g_autofree char *message = NULL;
  va_list args;

  if (from == NULL)
    return;
  if (notes == NULL)
    {
      notes = json_object_new_array ();
      json_object_object_add (from, "notes", notes);
    }
  va_start (args, format);
  message_text = g_strdup_vprintf (format, args);
  va_end (args);
  message = g_strdup_printf ("%s:%u: %s", conv->display_name, line, message_text);
  json_object_array_add (notes, json_object_new_string (message));
}
