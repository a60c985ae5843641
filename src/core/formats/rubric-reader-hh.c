/* rubric-reader-hh.c — Anthropic HH: chosen and rejected Human/Assistant transcripts
 *
 * Each side is one string of "\n\nHuman: …" and "\n\nAssistant: …"
 * turns. The prompt is the last Human turn the two share; what follows
 * on each side is its response (and, where the two diverged earlier,
 * the turns before it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <string.h>

#include "rubric-reader-private.h"

#define HUMAN     "\n\nHuman:"
#define ASSISTANT "\n\nAssistant:"

gboolean
_rubric_reader_is_hh_transcript (const char *text)
{
  return text != NULL && (g_str_has_prefix (text, HUMAN) || strstr (text, ASSISTANT) != NULL);
}

const char *
_rubric_detect_hh (json_object *record)
{
  if (_rubric_reader_has (record, "chosen") && _rubric_reader_has (record, "rejected") &&
      !_rubric_reader_has (record, "prompt") &&
      _rubric_reader_is_hh_transcript (rubric_json_get_string (record, "chosen")))
    return "Anthropic HH preference data (chosen/rejected Human/Assistant transcripts)";
  return NULL;
}

/* The next turn marker at or after @p, or NULL. */
static const char *
next_marker (const char  *p,
             const char  *end,
             const char **role)
{
  for (const char *q = p; q + 2 < end; q++)
    {
      q = memchr (q, '\n', end - q);
      if (q == NULL)
        return NULL;
      if ((gsize) (end - q) >= strlen (HUMAN) && memcmp (q, HUMAN, strlen (HUMAN)) == 0)
        {
          *role = "user";
          return q;
        }
      if ((gsize) (end - q) >= strlen (ASSISTANT) && memcmp (q, ASSISTANT, strlen (ASSISTANT)) == 0)
        {
          *role = "assistant";
          return q;
        }
    }
  return NULL;
}

/* Splits a transcript into messages; text before the first turn is a
 * system message. A turn's text is kept as it is, after the one space
 * that follows its marker. */
static json_object *
split_transcript (json_object *transcript)
{
  const char *text = json_object_get_string (transcript);
  const char *end = text + json_object_get_string_len (transcript);
  json_object *messages = json_object_new_array ();
  const char *role = NULL;
  const char *p = next_marker (text, end, &role);

  if (p == NULL)
    p = end;
  if (p > text)
    json_object_array_add (messages, _rubric_convert_message_new ("system",
                                                                  json_object_new_string_len (text, p - text)));
  while (p < end)
    {
      const char *this_role = role;
      const char *start = p + strlen (strcmp (role, "user") == 0 ? HUMAN : ASSISTANT);
      const char *next;
      json_object *content;

      if (start < end && *start == ' ')
        start++;
      next = next_marker (start, end, &role);
      if (next == NULL)
        next = end;
      content = json_object_new_string_len (start, next - start);
      json_object_array_add (messages, _rubric_convert_message_new (this_role, content));
      p = next;
    }
  return messages;
}

static gboolean
same_message (json_object *a,
              json_object *b)
{
  return g_strcmp0 (rubric_json_get_string (a, "role"), rubric_json_get_string (b, "role")) == 0 &&
         json_object_equal (json_object_object_get (a, "content"), json_object_object_get (b, "content"));
}

static gboolean
ends_with_reply (RubricConvert *conv,
                 json_object   *messages,
                 const char    *field)
{
  gsize n = json_object_array_length (messages);

  if (n > 0 && g_strcmp0 (rubric_json_get_string (json_object_array_get_idx (messages, n - 1), "role"), "assistant") == 0)
    return TRUE;
  return _rubric_convert_fail (conv, field, "the transcript does not end with an Assistant turn");
}

/* The reply that ends @messages, with the turns between @from and it. */
static json_object *
response_from (RubricConvert *conv,
               json_object   *messages,
               guint          from,
               const char    *field)
{
  gsize n = json_object_array_length (messages);
  json_object *last = json_object_array_get_idx (messages, n - 1);
  json_object *response;

  if (n == 0 || g_strcmp0 (rubric_json_get_string (last, "role"), "assistant") != 0)
    {
      _rubric_convert_fail (conv, field, "the transcript does not end with an Assistant turn");
      return NULL;
    }
  response = json_object_new_object ();
  json_object_object_add (response, "content", json_object_get (json_object_object_get (last, "content")));
  if (from + 1 < n)
    {
      json_object *turns = json_object_new_array ();

      for (gsize i = from; i + 1 < n; i++)
        json_object_array_add (turns, json_object_get (json_object_array_get_idx (messages, i)));
      json_object_object_add (response, "turns", turns);
    }
  return response;
}

gboolean
_rubric_convert_hh (RubricConvert *conv,
                    json_object   *record)
{
  json_object *chosen_text = _rubric_convert_text (conv, record, "chosen", NULL);
  json_object *rejected_text = chosen_text ? _rubric_convert_text (conv, record, "rejected", NULL) : NULL;
  g_autoptr(json_object) chosen = NULL;
  g_autoptr(json_object) rejected = NULL;
  g_autoptr(json_object) task = NULL;
  json_object *a, *b;
  guint common = 0;
  int prompt = -1;

  if (rejected_text == NULL)
    return FALSE;
  chosen = split_transcript (chosen_text);
  rejected = split_transcript (rejected_text);
  if (!ends_with_reply (conv, chosen, "chosen") || !ends_with_reply (conv, rejected, "rejected"))
    return FALSE;
  while (common < json_object_array_length (chosen) && common < json_object_array_length (rejected) &&
         same_message (json_object_array_get_idx (chosen, common), json_object_array_get_idx (rejected, common)))
    common++;
  /* The prompt is the last Human turn of the shared part that still
   * leaves each side a reply. */
  for (int i = (int) common - 1; i >= 0; i--)
    {
      if (g_strcmp0 (rubric_json_get_string (json_object_array_get_idx (chosen, i), "role"), "user") == 0 &&
          (gsize) i + 1 < json_object_array_length (chosen) && (gsize) i + 1 < json_object_array_length (rejected))
        {
          prompt = i;
          break;
        }
    }
  if (prompt < 0)
    return _rubric_convert_fail (conv, "chosen", "the two transcripts share no Human turn to use as the prompt");

  if ((a = response_from (conv, chosen, prompt + 1, "chosen")) == NULL)
    return FALSE;
  if ((b = response_from (conv, rejected, prompt + 1, "rejected")) == NULL)
    {
      json_object_put (a);
      return FALSE;
    }
  task = _rubric_convert_task_new (conv, "compare", NULL);
  _rubric_convert_set_conversation (conv, task, chosen, prompt + 1, "chosen");
  _rubric_convert_pair (conv, task, a, b, 0);
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}
