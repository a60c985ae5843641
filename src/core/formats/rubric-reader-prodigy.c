/* rubric-reader-prodigy.c — Prodigy annotations (db-out JSONL)
 *
 * Every saved task carries _input_hash, _task_hash, _view_id and the
 * annotator's answer: accept, reject or ignore. Two kinds are read:
 *
 * - choice: {text, options: [{id, text}], accept: [option ids]}. The
 *   prompt is text (or prompt; --map prompt=KEY names another key);
 *   the responses are the options in their order. Two options make a
 *   compare task: the accepted option is the better one, both accepted
 *   a tie. Three to nine make a rank task whose gold ranking puts the
 *   accepted options first and the others after them, each group in
 *   the options' order and tied within itself (gold.ties), since a
 *   choice says which options were picked, not how they rank. An
 *   answer of reject or ignore, or nothing accepted (or everything),
 *   gives no gold. Options without text (images) are a problem.
 * - compare, the A/B evaluation: {id, input, accept, reject, mapping}
 *   where mapping is {"A": "accept"|"reject", "B": …}, or the outputs
 *   under "A" and "B" themselves. Response a is system A's output and
 *   b system B's; the winner is the system the mapping pairs with the
 *   answer (accept: the "accept" output, reject: the other), never a
 *   position; ignore gives no gold. Input and outputs are text, or
 *   objects whose "text" (input: else "prompt"; output: else "output")
 *   is; an output's "model" names the model.
 *
 * Unverified on a real file: the saved compare task (FORMATS.md §8
 * found none), the outputs under "A"/"B", "prompt"/"output" as the
 * text keys, and "model" in an output. The choice shape follows
 * Prodigy's documentation.
 *
 * The hashes, view, answer, annotator, session, timestamp and the
 * task's own meta go to meta. A record is one annotator's answer, so
 * the task id is the record's id (else its _task_hash) followed by
 * "-" and the _annotator_id (else the _session_id), keeping apart the
 * answers several annotators gave the same task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-private.h"

#define MAX_OPTIONS 9

const char *
_rubric_detect_prodigy (json_object *record)
{
  if (_rubric_reader_has (record, "_input_hash") || (_rubric_reader_has (record, "answer") && _rubric_reader_has (record, "_task_hash")))
    return "Prodigy annotations";
  return NULL;
}

static gboolean
is_scalar (json_object *value)
{
  return value != NULL && !json_object_is_type (value, json_type_object) && !json_object_is_type (value, json_type_array);
}

/* @value itself if it is text, else its first text under @keys. */
static json_object *
text_in (json_object        *value,
         const char * const *keys)
{
  if (json_object_is_type (value, json_type_string))
    return value;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      json_object *text = rubric_json_get_typed (value, keys[i], json_type_string);

      if (text != NULL)
        return text;
    }
  return NULL;
}

static json_object *
new_task (RubricConvert *conv,
          json_object   *record,
          const char    *kind)
{
  json_object *base = _rubric_reader_get (record, "id");
  json_object *who = _rubric_reader_get (record, "_annotator_id");
  g_autofree char *id = NULL;

  if (!is_scalar (base))
    base = _rubric_reader_get (record, "_task_hash");
  if (!is_scalar (who))
    who = _rubric_reader_get (record, "_session_id");
  if (is_scalar (base) && is_scalar (who))
    id = g_strdup_printf ("%s-%s", json_object_get_string (base), json_object_get_string (who));
  else if (is_scalar (base))
    id = g_strdup (json_object_get_string (base));
  return _rubric_convert_task_new (conv, kind, id);
}

static void
add_meta (json_object *task,
          json_object *record,
          json_object *extra)
{
  static const char *keys[] = {
    "_input_hash", "_task_hash", "_view_id", "answer", "_annotator_id", "_session_id", "_timestamp", "meta",
  };
  json_object *meta = extra ? extra : json_object_new_object ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      json_object *value = NULL;

      if (json_object_object_get_ex (record, keys[i], &value))
        json_object_object_add (meta, keys[i], json_object_get (value));
    }
  json_object_object_add (task, "meta", meta);
}

/* choice ------------------------------------------------------------ */

static gboolean
convert_choice (RubricConvert *conv,
                json_object   *record,
                const char    *answer)
{
  static const char * const option_keys[] = { "text", NULL };
  json_object *options = rubric_json_get_typed (record, "options", json_type_array);
  json_object *accept = _rubric_reader_get (record, "accept");
  const char *prompt_key = _rubric_convert_mapped (conv, "prompt", 0);
  g_autoptr(json_object) task = NULL;
  g_autofree gboolean *accepted = NULL;
  json_object *ids;
  json_object *prompt;
  gsize n = options ? json_object_array_length (options) : 0;
  guint n_accepted = 0;

  if (n < 2 || n > MAX_OPTIONS)
    return _rubric_convert_fail (conv, "options", _("has %zu options; Rubric reads 2 to %d"), n, MAX_OPTIONS);
  if (accept != NULL && !json_object_is_type (accept, json_type_array))
    return _rubric_convert_fail (conv, "accept", _("must be a list of option ids"));

  task = new_task (conv, record, n == 2 ? "compare" : "rank");
  if (prompt_key != NULL)
    {
      if ((prompt = _rubric_convert_text (conv, record, prompt_key, NULL, FALSE)) == NULL)
        return FALSE;
    }
  else if ((prompt = rubric_json_get_typed (record, "text", json_type_string)) == NULL)
    prompt = rubric_json_get_typed (record, "prompt", json_type_string);
  json_object_object_add (task, "prompt", prompt ? json_object_get (prompt) : json_object_new_string (""));

  ids = json_object_new_array ();
  accepted = g_new0 (gboolean, n);
  for (gsize i = 0; i < n; i++)
    {
      json_object *option = json_object_array_get_idx (options, i);
      json_object *text = json_object_is_type (option, json_type_object) ? text_in (option, option_keys) : NULL;
      json_object *entry;

      if (text == NULL)
        {
          g_autofree char *field = g_strdup_printf ("options[%zu].text", i);

          json_object_put (ids);
          return _rubric_convert_fail (conv, field, _("missing; Rubric reads text options only"));
        }
      entry = json_object_new_object ();
      _rubric_convert_add_response (task, text, NULL);
      json_object_object_add (entry, "response", _rubric_convert_response_id ((guint) i));
      json_object_object_add (entry, "id", json_object_get (_rubric_reader_get (option, "id")));
      json_object_array_add (ids, entry);
    }
  for (gsize a = 0; accept != NULL && a < json_object_array_length (accept); a++)
    {
      json_object *id = json_object_array_get_idx (accept, a);
      gsize i;

      for (i = 0; i < n; i++)
        {
          if (json_object_equal (id, _rubric_reader_get (json_object_array_get_idx (options, i), "id")))
            break;
        }
      if (i == n)
        {
          json_object_put (ids);
          return _rubric_convert_fail (conv, "accept", _("“%s” is not the id of an option"),
                                       id ? json_object_get_string (id) : "null");
        }
      if (!accepted[i])
        n_accepted++;
      accepted[i] = TRUE;
    }

  if (g_strcmp0 (answer, "accept") == 0 && n_accepted > 0 && n == 2)
    json_object_object_add (_rubric_convert_gold (conv, task), "choice",
                            json_object_new_string (n_accepted == 2 ? "tie" : accepted[0] ? "A" : "B"));
  else if (g_strcmp0 (answer, "accept") == 0 && n_accepted > 0 && n_accepted < n)
    {
      json_object *gold = _rubric_convert_gold (conv, task);
      json_object *ranking = json_object_new_array ();
      json_object *ties = json_object_new_array ();

      /* The picked, then the others: each group tied within itself. */
      for (guint pass = 0; pass < 2; pass++)
        {
          gboolean first = TRUE;

          for (gsize i = 0; i < n; i++)
            {
              if (accepted[i] != (pass == 0))
                continue;
              json_object_array_add (ranking, _rubric_convert_response_id ((guint) i));
              if (!first)
                json_object_array_add (ties, _rubric_convert_response_id ((guint) i));
              first = FALSE;
            }
        }
      json_object_object_add (gold, "ranking", ranking);
      if (json_object_array_length (ties) > 0)
        json_object_object_add (gold, "ties", ties);
      else
        json_object_put (ties);
    }

  {
    json_object *meta = json_object_new_object ();

    json_object_object_add (meta, "options", ids);
    if (accept != NULL)
      json_object_object_add (meta, "accept", json_object_get (accept));
    add_meta (task, record, meta);
  }
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}

/* compare (A/B evaluation) ------------------------------------------ */

static gboolean
convert_compare (RubricConvert *conv,
                 json_object   *record,
                 const char    *answer)
{
  static const char * const input_keys[] = { "text", "prompt", NULL };
  static const char * const output_keys[] = { "text", "output", NULL };
  static const char *systems[] = { "A", "B" };
  json_object *mapping = rubric_json_get_typed (record, "mapping", json_type_object);
  json_object *input = _rubric_reader_get (record, "input");
  g_autoptr(json_object) task = NULL;
  json_object *prompt;
  const char *winner = NULL;

  if (mapping == NULL)
    return _rubric_convert_fail (conv, "mapping", _("missing; without it Rubric cannot tell system A's output from B's"));
  for (guint s = 0; s < G_N_ELEMENTS (systems); s++)
    {
      const char *side = rubric_json_get_string (mapping, systems[s]);
      g_autofree char *field = g_strdup_printf ("mapping.%s", systems[s]);

      if (g_strcmp0 (side, "accept") != 0 && g_strcmp0 (side, "reject") != 0)
        return _rubric_convert_fail (conv, field, _("must be accept or reject"));
    }
  if (strcmp (rubric_json_get_string (mapping, "A"), rubric_json_get_string (mapping, "B")) == 0)
    return _rubric_convert_fail (conv, "mapping", _("maps A and B to the same side"));

  task = new_task (conv, record, "compare");
  prompt = input != NULL ? text_in (input, input_keys) : text_in (record, input_keys);
  if (input != NULL && prompt == NULL)
    return _rubric_convert_fail (conv, "input", _("has no text (text or prompt)"));
  json_object_object_add (task, "prompt", prompt ? json_object_get (prompt) : json_object_new_string (""));

  for (guint s = 0; s < G_N_ELEMENTS (systems); s++)
    {
      const char *side = rubric_json_get_string (mapping, systems[s]);
      gboolean named = _rubric_reader_has (record, "A") && _rubric_reader_has (record, "B");
      const char *key = named ? systems[s] : side;
      json_object *output = _rubric_reader_get (record, key);
      json_object *text = output ? text_in (output, output_keys) : NULL;

      if (text == NULL)
        return _rubric_convert_fail (conv, key, output == NULL ? _("missing: the output of system %s")
                                                               : _("has no text (text or output): the output of system %s"),
                                     systems[s]);
      _rubric_convert_add_response (task, text, rubric_json_get_string (output, "model"));
      if (g_strcmp0 (answer, side) == 0)
        winner = systems[s];
    }
  if (winner != NULL)
    json_object_object_add (_rubric_convert_gold (conv, task), "choice", json_object_new_string (winner));

  {
    json_object *meta = json_object_new_object ();

    json_object_object_add (meta, "mapping", json_object_get (mapping));
    add_meta (task, record, meta);
  }
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}

gboolean
_rubric_convert_prodigy (RubricConvert *conv,
                         json_object   *record)
{
  const char *view = rubric_json_get_string (record, "_view_id");
  const char *answer = rubric_json_get_string (record, "answer");

  if (answer != NULL && strcmp (answer, "accept") != 0 && strcmp (answer, "reject") != 0 && strcmp (answer, "ignore") != 0)
    return _rubric_convert_fail (conv, "answer", _("must be accept, reject or ignore, not “%s”"), answer);
  if (_rubric_reader_has (record, "options") || g_strcmp0 (view, "choice") == 0)
    return convert_choice (conv, record, answer);
  if (_rubric_reader_has (record, "mapping") || g_strcmp0 (view, "compare") == 0 || g_strcmp0 (view, "diff") == 0)
    return convert_compare (conv, record, answer);
  return _rubric_convert_fail (conv, "_view_id", _("a Prodigy “%s” task is not one Rubric reads; it reads choice tasks "
                               "and compare (A/B evaluation) tasks"), view ? view : "unnamed");
}
