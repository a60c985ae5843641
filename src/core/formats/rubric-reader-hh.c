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

#include <glib/gi18n.h>
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

/* One turn of a transcript: where its text is in the string. */
typedef struct
{
  const char *role;      /* "system", "user" or "assistant" */
  const char *text;
  gsize       len;
} Turn;

/* Splits a transcript into turns; text before the first turn is a
 * system message. A turn's text is kept as it is, after the one space
 * that follows its marker. No objects are made here: most turns of the
 * two sides are the same, and only those the task keeps are copied. */
static GArray *
split_transcript (json_object *transcript)
{
  const char *text = json_object_get_string (transcript);
  const char *end = text + json_object_get_string_len (transcript);
  GArray *turns = g_array_sized_new (FALSE, FALSE, sizeof (Turn), 8);
  const char *role = NULL;
  const char *p = next_marker (text, end, &role);

  if (p == NULL)
    p = end;
  if (p > text)
    g_array_append_val (turns, ((Turn) { "system", text, p - text }));
  while (p < end)
    {
      const char *this_role = role;
      const char *start = p + strlen (strcmp (role, "user") == 0 ? HUMAN : ASSISTANT);
      const char *next;

      if (start < end && *start == ' ')
        start++;
      next = next_marker (start, end, &role);
      if (next == NULL)
        next = end;
      g_array_append_val (turns, ((Turn) { this_role, start, next - start }));
      p = next;
    }
  return turns;
}

#define TURN(turns, i) (&g_array_index ((turns), Turn, (i)))

static gboolean
same_turn (const Turn *a,
           const Turn *b)
{
  return a->role == b->role && a->len == b->len && memcmp (a->text, b->text, a->len) == 0;
}

static json_object *
message_of (const Turn *turn)
{
  return _rubric_convert_message_new (turn->role, json_object_new_string_len (turn->text, (int) turn->len));
}

static gboolean
ends_with_reply (RubricConvert *conv,
                 GArray        *turns,
                 const char    *field)
{
  if (turns->len > 0 && strcmp (TURN (turns, turns->len - 1)->role, "assistant") == 0)
    return TRUE;
  return _rubric_convert_fail (conv, field, _("the transcript does not end with an Assistant turn"));
}

/* The reply that ends @turns, with the turns between @from and it. */
static json_object *
response_from (GArray *turns,
               guint   from)
{
  const Turn *last = TURN (turns, turns->len - 1);
  json_object *response = json_object_new_object ();

  json_object_object_add (response, "content", json_object_new_string_len (last->text, (int) last->len));
  if (from + 1 < turns->len)
    {
      json_object *own = json_object_new_array ();

      for (guint i = from; i + 1 < turns->len; i++)
        json_object_array_add (own, message_of (TURN (turns, i)));
      json_object_object_add (response, "turns", own);
    }
  return response;
}

gboolean
_rubric_convert_hh (RubricConvert *conv,
                    json_object   *record)
{
  json_object *chosen_text = _rubric_convert_text (conv, record, "chosen", NULL, FALSE);
  json_object *rejected_text = chosen_text ? _rubric_convert_text (conv, record, "rejected", NULL, FALSE) : NULL;
  g_autoptr(GArray) chosen = NULL;
  g_autoptr(GArray) rejected = NULL;
  g_autoptr(json_object) shared = NULL;
  json_object *task;
  guint common = 0;
  int prompt = -1;

  if (rejected_text == NULL)
    return FALSE;
  chosen = split_transcript (chosen_text);
  rejected = split_transcript (rejected_text);
  if (!ends_with_reply (conv, chosen, "chosen") || !ends_with_reply (conv, rejected, "rejected"))
    return FALSE;
  while (common < chosen->len && common < rejected->len && same_turn (TURN (chosen, common), TURN (rejected, common)))
    common++;
  /* The prompt is the last Human turn of the shared part that still
   * leaves each side a reply. */
  for (int i = (int) common - 1; i >= 0; i--)
    {
      if (strcmp (TURN (chosen, i)->role, "user") == 0 && (guint) i + 1 < chosen->len && (guint) i + 1 < rejected->len)
        {
          prompt = i;
          break;
        }
    }
  if (prompt < 0)
    return _rubric_convert_fail (conv, "chosen", _("the two transcripts share no Human turn to use as the prompt"));

  shared = json_object_new_array_ext (prompt + 1);
  for (int i = 0; i <= prompt; i++)
    json_object_array_add (shared, message_of (TURN (chosen, i)));
  task = _rubric_convert_task_new (conv, "compare", NULL);
  _rubric_convert_set_conversation (conv, task, shared, prompt + 1, "chosen");
  _rubric_convert_pair (conv, task, response_from (chosen, prompt + 1), response_from (rejected, prompt + 1), 0);
  _rubric_convert_emit (conv, task);
  return TRUE;
}
