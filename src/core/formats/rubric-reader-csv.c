/* rubric-reader-csv.c — CSV and TSV files: the Chatbot Arena 55k CSV, and any table with a column map
 *
 * Each record is one row, a JSON object keyed by the header's column
 * names whose values are the cells as strings (null for the columns a
 * short row does not reach); the problem line is the row's first line.
 *
 * "arena-csv" reads lmsys/lmsys-arena-human-preference-55k (Kaggle's
 * train.csv and test.csv): prompt, response_a and response_b are JSON
 * lists of strings, one element a turn. Zipped, they are two
 * conversations, user turns shared, replies not. As with HH the prompt
 * is the last user turn of the part both sides share, normally the
 * first one since the first replies already differ; each response's
 * "turns" are its earlier replies and the later user turns, its
 * content the last reply. A null element (the dataset has some) is
 * read as "" and named in meta.null_turns, except a null last reply,
 * which leaves nothing to compare and is a problem. The one-hot
 * winner_model_a, winner_model_b and winner_tie give A, B or tie; the
 * sides stay as the arena showed them. Without the winner columns
 * (test.csv, read with --from arena-csv or detected by its JSON list
 * cells) the tasks have no gold.
 *
 * "csv" reads any table whose columns --map names: id, prompt, system,
 * response (repeatable, in order), chosen, rejected, answer and label.
 * The kind is --kind's, or follows from the map: chosen and rejected
 * make a compare task (the chosen response on a side fixed by the
 * pair's text, see _rubric_convert_pair), one response a review, two
 * a compare (in the order mapped), three to nine a rank, none a write
 * task whose answer is the gold answer. A label is the gold of a compare task
 * (A, B, 1, 2, tie or both-bad; for Label Studio also left, right and
 * the pairwise result's JSON) or of a review (true, false, 1, 0, yes,
 * no, accept, reject); an empty label cell means no gold. Columns not
 * mapped go to meta, keyed by their names, exactly as they were. A
 * mapped column the header does not have, or a map that does not fit,
 * is one problem, reported on the first row; the other rows are then
 * left alone rather than each reported again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-format"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-reader-private.h"

#define MAX_RESPONSES 9

/* A cell: the string, or NULL after reporting that the row ends before
 * the column (or, in a JSON record, that it is not text). */
static json_object *
cell (RubricConvert *conv,
      json_object   *record,
      const char    *column)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (record, column, &value))
    {
      _rubric_convert_fail (conv, column, _("missing"));
      return NULL;
    }
  if (value == NULL)
    {
      _rubric_convert_fail (conv, column, _("the row ends before this column"));
      return NULL;
    }
  if (!json_object_is_type (value, json_type_string))
    {
      _rubric_convert_fail (conv, column, _("must be text"));
      return NULL;
    }
  return value;
}

/* Chatbot Arena 55k ------------------------------------------------- */

const char *
_rubric_detect_arena_csv (json_object *record)
{
  const char *a = rubric_json_get_string (record, "response_a");

  if (_rubric_reader_has (record, "winner_model_a") && _rubric_reader_has (record, "response_a"))
    return "the Chatbot Arena human preference CSV (winner_model_a/winner_model_b/winner_tie)";
  if (_rubric_reader_has (record, "prompt") && _rubric_reader_has (record, "response_b") && a != NULL && a[0] == '[')
    return "the Chatbot Arena human preference CSV without winners (test.csv)";
  return NULL;
}

/* A cell holding a JSON list of turns. */
static json_object *
turn_list (RubricConvert *conv,
           json_object   *record,
           const char    *column)
{
  json_object *text = cell (conv, record, column);
  json_object *list;

  if (text == NULL || (list = _rubric_convert_parse_json (conv, json_object_get_string (text), column)) == NULL)
    return NULL;
  if (!json_object_is_type (list, json_type_array) || json_object_array_length (list) == 0)
    {
      json_object_put (list);
      _rubric_convert_fail (conv, column, _("must be a JSON list of turns, such as [\"Hello\"]"));
      return NULL;
    }
  for (gsize i = 0; i < json_object_array_length (list); i++)
    {
      json_object *turn = json_object_array_get_idx (list, i);

      if (turn != NULL && !json_object_is_type (turn, json_type_string))
        {
          json_object_put (list);
          /* Translators: %s is the JSON type of the turn, such as “object”. */
          _rubric_convert_fail (conv, column, _("turn %zu is %s, not text"), i + 1, json_type_to_name (json_object_get_type (turn)));
          return NULL;
        }
    }
  return list;
}

/* Turn @i of @list; "" for a null one, which meta.null_turns names. */
static json_object *
turn_text (json_object *list,
           gsize        i)
{
  json_object *turn = json_object_array_get_idx (list, i);

  return turn != NULL ? json_object_get (turn) : json_object_new_string ("");
}

static void
name_nulls (json_object *list,
            const char  *column,
            json_object *nulls)
{
  for (gsize i = 0; i < json_object_array_length (list); i++)
    {
      if (json_object_array_get_idx (list, i) == NULL)
        {
          g_autofree char *name = g_strdup_printf ("%s[%zu]", column, i);

          json_object_array_add (nulls, json_object_new_string (name));
        }
    }
}

static json_object *
conversation (json_object *prompts,
              json_object *replies)
{
  json_object *messages = json_object_new_array ();

  for (gsize i = 0; i < json_object_array_length (prompts); i++)
    {
      json_object_array_add (messages, _rubric_convert_message_new ("user", turn_text (prompts, i)));
      json_object_array_add (messages, _rubric_convert_message_new ("assistant", turn_text (replies, i)));
    }
  return messages;
}

/* The last reply of @messages, with the messages from @from to it. */
static json_object *
arena_response (json_object *messages,
                guint        from,
                const char  *id,
                const char  *model)
{
  gsize n = json_object_array_length (messages);
  json_object *response = json_object_new_object ();

  json_object_object_add (response, "id", json_object_new_string (id));
  json_object_object_add (response, "content",
                          json_object_get (json_object_object_get (json_object_array_get_idx (messages, n - 1), "content")));
  _rubric_convert_add_turns (response, messages, from);
  if (model != NULL && *model != '\0')
    json_object_object_add (response, "model", json_object_new_string (model));
  return response;
}

/* The one-hot winner: "A", "B" or "tie"; "" when the file has no
 * winner columns; NULL after reporting. */
static const char *
arena_winner (RubricConvert *conv,
              json_object   *record)
{
  static const struct { const char *column; const char *choice; } winners[] = {
    { "winner_model_a", "A" }, { "winner_model_b", "B" }, { "winner_tie", "tie" },
  };
  const char *choice = NULL;
  guint n_set = 0, n_columns = 0;

  for (guint i = 0; i < G_N_ELEMENTS (winners); i++)
    {
      json_object *value;
      double number;

      if (!_rubric_reader_has (record, winners[i].column))
        continue;
      n_columns++;
      if ((value = cell (conv, record, winners[i].column)) == NULL)
        return NULL;
      if (!_rubric_convert_number (value, &number) || (number != 0 && number != 1))
        {
          _rubric_convert_fail (conv, winners[i].column, _("must be 0 or 1, not “%s”"), json_object_get_string (value));
          return NULL;
        }
      if (number == 1)
        n_set++, choice = winners[i].choice;
    }
  if (n_columns == 0)
    return "";
  if (n_set != 1)
    {
      _rubric_convert_fail (conv, "winner_model_a, winner_model_b, winner_tie",
                            /* Translators: %u is how many of the winner columns are 1, always 2 or more. */
                            n_set == 0 ? _("none is 1; exactly one must be") : _("%u are 1; exactly one must be"), n_set);
      return NULL;
    }
  return choice;
}

gboolean
_rubric_convert_arena_csv (RubricConvert *conv,
                           json_object   *record)
{
  g_autoptr(json_object) prompts = turn_list (conv, record, "prompt");
  g_autoptr(json_object) replies_a = prompts ? turn_list (conv, record, "response_a") : NULL;
  g_autoptr(json_object) replies_b = replies_a ? turn_list (conv, record, "response_b") : NULL;
  g_autoptr(json_object) nulls = json_object_new_array ();
  g_autoptr(json_object) a = NULL;
  g_autoptr(json_object) b = NULL;
  g_autoptr(json_object) task = NULL;
  const char *winner;
  json_object *responses;
  gsize n;
  int prompt;

  if (replies_b == NULL)
    return FALSE;
  n = json_object_array_length (prompts);
  if (json_object_array_length (replies_a) != n || json_object_array_length (replies_b) != n)
    return _rubric_convert_fail (conv, json_object_array_length (replies_a) != n ? "response_a" : "response_b",
                                 _("has %zu turns, the prompt %zu"),
                                 json_object_array_length (json_object_array_length (replies_a) != n ? replies_a : replies_b), n);
  if (json_object_array_get_idx (replies_a, n - 1) == NULL || json_object_array_get_idx (replies_b, n - 1) == NULL)
    return _rubric_convert_fail (conv, json_object_array_get_idx (replies_a, n - 1) == NULL ? "response_a" : "response_b",
                                 _("the last reply is null; there is nothing to compare"));
  if ((winner = arena_winner (conv, record)) == NULL)
    return FALSE;

  a = conversation (prompts, replies_a);
  b = conversation (prompts, replies_b);
  name_nulls (prompts, "prompt", nulls);
  name_nulls (replies_a, "response_a", nulls);
  name_nulls (replies_b, "response_b", nulls);
  /* The prompt is the last user turn of the part the two share (the
   * first, unless the first replies are the same), leaving each side
   * a reply. */
  if ((prompt = _rubric_convert_shared_prompt (a, b)) < 0)
    prompt = 0;

  task = _rubric_convert_task_new (conv, "compare", rubric_json_get_string (record, "id"));
  _rubric_convert_set_conversation (conv, task, a, prompt + 1, "prompt");
  responses = json_object_new_array ();
  json_object_object_add (task, "responses", responses);
  json_object_array_add (responses, arena_response (a, prompt + 1, "a", rubric_json_get_string (record, "model_a")));
  json_object_array_add (responses, arena_response (b, prompt + 1, "b", rubric_json_get_string (record, "model_b")));
  if (*winner != '\0')
    json_object_object_add (_rubric_convert_gold (conv, task), "choice", json_object_new_string (winner));
  if (json_object_array_length (nulls) > 0)
    {
      json_object *meta = json_object_new_object ();

      json_object_object_add (meta, "null_turns", g_steal_pointer (&nulls));
      json_object_object_add (task, "meta", meta);
    }
  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}

/* Any table, with a column map -------------------------------------- */

const char *
_rubric_detect_csv (json_object *record)
{
  /* Never from the columns alone: a --map (or --from csv) names it. */
  return NULL;
}

typedef struct
{
  const char *id;
  const char *prompt;
  const char *system;
  const char *chosen;
  const char *rejected;
  const char *answer;
  const char *label;
  const char *responses[MAX_RESPONSES];
  guint       n_responses;
  const char *kind;
} ColumnMap;

typedef struct
{
  gboolean checked;
  gboolean broken;
} MapState;

typedef enum
{
  MAP_OK,
  MAP_TOO_MANY_RESPONSES,
  MAP_TWICE,
  MAP_NOT_A_FIELD,
} MapProblem;

static MapProblem
map_field (ColumnMap  *map,
           const char *field,
           const char *column,
           const char **twice)
{
  static const struct { const char *name; gsize offset; } fields[] = {
    { "id", G_STRUCT_OFFSET (ColumnMap, id) },
    { "prompt", G_STRUCT_OFFSET (ColumnMap, prompt) },
    { "system", G_STRUCT_OFFSET (ColumnMap, system) },
    { "chosen", G_STRUCT_OFFSET (ColumnMap, chosen) },
    { "rejected", G_STRUCT_OFFSET (ColumnMap, rejected) },
    { "answer", G_STRUCT_OFFSET (ColumnMap, answer) },
    { "label", G_STRUCT_OFFSET (ColumnMap, label) },
  };

  if (strcmp (field, "response") == 0)
    {
      if (map->n_responses == MAX_RESPONSES)
        return MAP_TOO_MANY_RESPONSES;
      map->responses[map->n_responses++] = column;
      return MAP_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char **slot = G_STRUCT_MEMBER_P (map, fields[i].offset);

      if (strcmp (field, fields[i].name) != 0)
        continue;
      if (*slot != NULL)
        {
          *twice = fields[i].name;
          return MAP_TWICE;
        }
      *slot = column;
      return MAP_OK;
    }
  return MAP_NOT_A_FIELD;
}

/* Reads --map and --kind, and says what does not fit; NULL when all does. */
static char *
read_map (RubricConvert *conv,
          ColumnMap     *map)
{
  const char * const *entries = conv->options ? conv->options->map : NULL;
  guint n_entries = 0;

  memset (map, 0, sizeof *map);
  for (guint i = 0; entries != NULL && entries[i] != NULL; i++, n_entries++)
    {
      const char *eq = strchr (entries[i], '=');
      g_autofree char *field = eq ? g_strndup (entries[i], eq - entries[i]) : g_strdup (entries[i]);
      const char *twice = NULL;

      if (eq == NULL || eq[1] == '\0')
        return g_strdup_printf (_("--map %s: give FIELD=COLUMN"), entries[i]);
      switch (map_field (map, field, eq + 1, &twice))
        {
        case MAP_TOO_MANY_RESPONSES:
          /* Translators: both %s are the field named in --map FIELD=COLUMN, here “response”. */
          return g_strdup_printf (_("--map %s: %s more than 9 response columns; a rank task holds 9 at most"),
                                  field, field);
        case MAP_TWICE:
          /* Translators: both %s are the field named in --map FIELD=COLUMN. */
          return g_strdup_printf (_("--map %s: %s is mapped twice"), field, twice);
        case MAP_NOT_A_FIELD:
          /* Translators: both %s are the word given as FIELD in --map FIELD=COLUMN. */
          return g_strdup_printf (_("--map %s: %s is not a field; use id, prompt, system, response, chosen, rejected, "
                                    "answer or label"), field, field);
        case MAP_OK:
        default:
          break;
        }
    }
  if (n_entries == 0)
    return g_strdup (_("no --map given: name the columns, such as --map prompt=COLUMN --map response=COLUMN"));

  map->kind = conv->options ? conv->options->kind : NULL;
  if ((map->chosen != NULL) != (map->rejected != NULL))
    return g_strdup_printf (_("--map %s needs --map %s too"), map->chosen ? "chosen" : "rejected",
                            map->chosen ? "rejected" : "chosen");
  if (map->chosen != NULL && map->n_responses > 0)
    return g_strdup (_("--map chosen and rejected make the pair; map no response beside them"));
  if (map->kind == NULL)
    {
      if (map->chosen != NULL || map->n_responses == 2)
        map->kind = "compare";
      else if (map->n_responses == 1)
        map->kind = "review";
      else if (map->n_responses >= 3)
        map->kind = "rank";
      else
        map->kind = "write";
    }
  if (strcmp (map->kind, "compare") == 0)
    {
      if (map->chosen == NULL && map->n_responses != 2)
        return g_strdup_printf (_("--kind compare needs two responses (--map response=… twice, or chosen and rejected); "
                                "the map has %u"), map->n_responses);
      if (map->chosen != NULL && map->label != NULL)
        return g_strdup (_("--map label: chosen and rejected already say which is better"));
    }
  else if (strcmp (map->kind, "rank") == 0)
    {
      if (map->n_responses < 2)
        return g_strdup_printf (_("--kind rank needs 2 to 9 responses (--map response=…); the map has %u"), map->n_responses);
      if (map->label != NULL)
        return g_strdup (_("--map label: a label cannot rank responses; leave it out of a rank task"));
    }
  else if (strcmp (map->kind, "review") == 0)
    {
      if (map->n_responses != 1)
        return g_strdup_printf (_("--kind review needs one response (--map response=…); the map has %u"), map->n_responses);
    }
  else if (strcmp (map->kind, "write") == 0)
    {
      if (map->n_responses > 0 || map->chosen != NULL)
        return g_strdup (_("--kind write has no responses; map the reference answer with --map answer=…"));
      if (map->label != NULL)
        return g_strdup (_("--map label: a write task has no label; map the reference answer with --map answer=…"));
    }
  else
    return g_strdup_printf (_("--kind %s: not a task kind; use write, compare, rank or review"), map->kind);
  if (map->answer != NULL && strcmp (map->kind, "write") != 0)
    return g_strdup_printf (_("--map answer is the reference answer of a write task, not of a %s task"), map->kind);
  return NULL;
}

/* The first mapped column the header lacks, or NULL. */
static const char *
missing_column (ColumnMap   *map,
                json_object *record)
{
  const char *columns[] = { map->id, map->prompt, map->system, map->chosen, map->rejected, map->answer, map->label };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (columns[i] != NULL && !_rubric_reader_has (record, columns[i]))
        return columns[i];
    }
  for (guint i = 0; i < map->n_responses; i++)
    {
      if (!_rubric_reader_has (record, map->responses[i]))
        return map->responses[i];
    }
  return NULL;
}

static gboolean
is_mapped (ColumnMap  *map,
           const char *column)
{
  const char *columns[] = { map->id, map->prompt, map->system, map->chosen, map->rejected, map->answer, map->label };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (g_strcmp0 (columns[i], column) == 0)
        return TRUE;
    }
  for (guint i = 0; i < map->n_responses; i++)
    {
      if (strcmp (map->responses[i], column) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
word_is (const char *text,
         gsize       len,
         const char *word)
{
  return strlen (word) == len && g_ascii_strncasecmp (text, word, len) == 0;
}

/* A label cell's text without the spaces around it, which do not
 * change what it says; its length in @len. */
static const char *
label_text (json_object *value,
            gsize       *len)
{
  const char *text = json_object_get_string (value);

  *len = json_object_get_string_len (value);
  while (*len > 0 && g_ascii_isspace (*text))
    text++, (*len)--;
  while (*len > 0 && g_ascii_isspace (text[*len - 1]))
    (*len)--;
  return text;
}

/* Label Studio's pairwise result, as its CSV export writes it:
 * [{"selected": "left"}] or {"selected": "left"}. */
static const char *
pairwise_selected (RubricConvert *conv,
                   const char    *text,
                   const char    *column)
{
  g_autoptr(json_object) value = _rubric_convert_parse_json (conv, text, column);
  json_object *selected;

  if (value == NULL)
    return NULL;
  if (json_object_is_type (value, json_type_array) && json_object_array_length (value) == 1)
    selected = rubric_json_get_typed (json_object_array_get_idx (value, 0), "selected", json_type_string);
  else
    selected = rubric_json_get_typed (value, "selected", json_type_string);
  if (selected != NULL && strcmp (json_object_get_string (selected), "left") == 0)
    return "A";
  if (selected != NULL && strcmp (json_object_get_string (selected), "right") == 0)
    return "B";
  _rubric_convert_fail (conv, column, _("“%s” is not a pairwise result such as [{\"selected\": \"left\"}]"), text);
  return NULL;
}

/* The gold choice a label cell gives a compare task: "A", "B", "tie",
 * "both-bad", "" for an empty cell, NULL after reporting. */
static const char *
compare_label (RubricConvert *conv,
               json_object   *value,
               const char    *column,
               gboolean       labelstudio)
{
  gsize len;
  const char *text = label_text (value, &len);

  if (len == 0)
    return "";
  if (word_is (text, len, "a") || word_is (text, len, "1"))
    return "A";
  if (word_is (text, len, "b") || word_is (text, len, "2"))
    return "B";
  if (word_is (text, len, "tie"))
    return "tie";
  if (word_is (text, len, "both-bad"))
    return "both-bad";
  if (labelstudio && word_is (text, len, "left"))
    return "A";
  if (labelstudio && word_is (text, len, "right"))
    return "B";
  if (labelstudio && (*text == '[' || *text == '{'))
    return pairwise_selected (conv, json_object_get_string (value), column);
  if (labelstudio)
    _rubric_convert_fail (conv, column, _("“%s” is not a choice; use A, B, 1, 2, tie or both-bad (or left, right)"),
                          json_object_get_string (value));
  else
    _rubric_convert_fail (conv, column, _("“%s” is not a choice; use A, B, 1, 2, tie or both-bad"),
                          json_object_get_string (value));
  return NULL;
}

/* The verdict a label cell gives a review: "accept", "reject", "" for
 * an empty cell, NULL after reporting. */
static const char *
review_label (RubricConvert *conv,
              json_object   *value,
              const char    *column)
{
  static const char *yes[] = { "true", "1", "yes", "accept", "accepted" };
  static const char *no[] = { "false", "0", "no", "reject", "rejected" };
  gsize len;
  const char *text = label_text (value, &len);

  if (len == 0)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (word_is (text, len, yes[i]))
        return "accept";
      if (word_is (text, len, no[i]))
        return "reject";
    }
  _rubric_convert_fail (conv, column, _("“%s” is not a verdict; use true, false, 1, 0, accept or reject"),
                        json_object_get_string (value));
  return NULL;
}

static void
map_state_free (gpointer data)
{
  g_free (data);
}

/**
 * _rubric_convert_csv_mapped:
 * @default_id: (nullable): the task's id when the map names no id
 *   column, or it is empty; NULL names the task after the row
 * @labelstudio: read a label as Label Studio writes a pairwise result too
 *
 * One row of a table, read through --map.
 */
gboolean
_rubric_convert_csv_mapped (RubricConvert *conv,
                            json_object   *record,
                            const char    *default_id,
                            gboolean       labelstudio)
{
  MapState *state = conv->state;
  g_autoptr(json_object) task = NULL;
  g_autofree char *unfit = NULL;
  json_object *meta;
  ColumnMap map;
  const char *id = default_id;
  const char *missing;

  if (state == NULL)
    {
      conv->state = state = g_new0 (MapState, 1);
      conv->state_free = map_state_free;
    }
  if (state->broken)
    return TRUE;
  unfit = read_map (conv, &map);
  if (!state->checked)
    {
      state->checked = TRUE;
      if (unfit != NULL)
        {
          state->broken = TRUE;
          return _rubric_convert_fail (conv, NULL, "%s", unfit);
        }
      if ((missing = missing_column (&map, record)) != NULL)
        {
          g_autofree char *columns = rubric_json_list_keys (record, 20);

          state->broken = TRUE;
          return _rubric_convert_fail (conv, missing, _("no such column; the header has %s"), columns);
        }
    }

  if (map.id != NULL)
    {
      json_object *value = cell (conv, record, map.id);

      if (value == NULL)
        return FALSE;
      if (json_object_get_string_len (value) > 0)
        id = json_object_get_string (value);
    }
  task = _rubric_convert_task_new (conv, map.kind, id);

  if (map.prompt != NULL)
    {
      json_object *value = cell (conv, record, map.prompt);

      if (value == NULL)
        return FALSE;
      json_object_object_add (task, "prompt", json_object_get (value));
    }
  else
    json_object_object_add (task, "prompt", json_object_new_string (""));
  if (map.system != NULL)
    {
      json_object *value = cell (conv, record, map.system);

      if (value == NULL)
        return FALSE;
      if (json_object_get_string_len (value) > 0)
        json_object_object_add (task, "system", json_object_get (value));
    }

  if (map.chosen != NULL)
    {
      json_object *chosen = cell (conv, record, map.chosen);
      json_object *rejected = chosen ? cell (conv, record, map.rejected) : NULL;
      json_object *first, *second;

      if (rejected == NULL)
        return FALSE;
      first = json_object_new_object ();
      json_object_object_add (first, "content", json_object_get (chosen));
      second = json_object_new_object ();
      json_object_object_add (second, "content", json_object_get (rejected));
      _rubric_convert_pair (conv, task, first, second, 0);
    }
  for (guint i = 0; i < map.n_responses; i++)
    {
      json_object *value = cell (conv, record, map.responses[i]);

      if (value == NULL)
        return FALSE;
      _rubric_convert_add_response (task, value, NULL);
    }

  if (map.label != NULL)
    {
      json_object *value = cell (conv, record, map.label);
      const char *gold;

      if (value == NULL)
        return FALSE;
      gold = strcmp (map.kind, "review") == 0 ? review_label (conv, value, map.label)
                                              : compare_label (conv, value, map.label, labelstudio);
      if (gold == NULL)
        return FALSE;
      if (*gold != '\0')
        json_object_object_add (_rubric_convert_gold (conv, task),
                                strcmp (map.kind, "review") == 0 ? "verdict" : "choice",
                                json_object_new_string (gold));
    }
  if (map.answer != NULL)
    {
      json_object *value = cell (conv, record, map.answer);

      if (value == NULL)
        return FALSE;
      if (json_object_get_string_len (value) > 0)
        json_object_object_add (_rubric_convert_gold (conv, task), "answer", json_object_get (value));
    }

  meta = json_object_new_object ();
  json_object_object_foreach (record, column, value)
    {
      if (value != NULL && !is_mapped (&map, column))
        json_object_object_add (meta, column, json_object_get (value));
    }
  if (json_object_object_length (meta) > 0)
    json_object_object_add (task, "meta", meta);
  else
    json_object_put (meta);

  _rubric_convert_emit (conv, g_steal_pointer (&task));
  return TRUE;
}

gboolean
_rubric_convert_csv (RubricConvert *conv,
                     json_object   *record)
{
  return _rubric_convert_csv_mapped (conv, record, NULL, FALSE);
}

/* JSON records whose fields no format names, with a map ------------ */

const char *
_rubric_detect_json_map (json_object *record)
{
  /* Never from the fields alone: --map names them. */
  return NULL;
}

/* A record's fields as a table's cells: a number or true/false that the
 * map names is read as its text (ids and labels are often numbers);
 * null is a field left out. The fields left out of the map stay in the
 * task's meta as they are. */
gboolean
_rubric_convert_json_map (RubricConvert *conv,
                          json_object   *record)
{
  g_autoptr(json_object) fields = json_object_new_object ();
  g_autofree char *unfit = NULL;
  ColumnMap map;

  unfit = read_map (conv, &map);
  json_object_object_foreach (record, name, value)
    {
      gboolean scalar = json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double) ||
                        json_object_is_type (value, json_type_boolean);

      if (value == NULL)
        continue;
      if (scalar && unfit == NULL && is_mapped (&map, name))
        json_object_object_add (fields, name, json_object_new_string (json_object_get_string (value)));
      else
        json_object_object_add (fields, name, json_object_get (value));
    }
  return _rubric_convert_csv_mapped (conv, fields, NULL, FALSE);
}
